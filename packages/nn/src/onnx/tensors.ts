/**
 * Tensors to and from TensorProto: chainrule's dtypes as ONNX element types, raw little-endian
 * data on the way out, every data field ONNX allows on the way in (int8 and uint8 stay themselves,
 * integers of other widths become int32, float16 and bfloat16 become float32).
 * @module
 */
import { tensor } from '@chainrule/autograd';
import type { DType, Tensor } from '@chainrule/autograd';
import { bfloat16BitsToFloat32Bits, float16BitsToFloat32Bits } from '../safetensors/half.js';
import { DataType } from './proto.js';
import type { TensorProto } from './proto.js';

const ONNX_OF: Record<DType, number> = { float32: DataType.FLOAT, float64: DataType.DOUBLE, int32: DataType.INT32, uint8: DataType.UINT8, int8: DataType.INT8, bool: DataType.BOOL };

/** The ONNX element type of a dtype. */
export const onnxType = (dtype: DType): number => ONNX_OF[dtype];

const NAMES = Object.fromEntries(Object.entries(DataType).map(([k, v]) => [v, k])) as Record<number, string>;

/** The name of an ONNX element type ('FLOAT', 'INT64', ...). */
export const onnxTypeName = (t: number): string => NAMES[t] ?? `type ${t}`;

/**
 * The dtype an ONNX element type becomes here: int8 and uint8 themselves, the other integers
 * int32, float16 and bfloat16 float32; null for those with no counterpart (strings, complex).
 */
export function dtypeOf(t: number): DType | null {
  switch (t) {
    case DataType.FLOAT:
    case DataType.FLOAT16:
    case DataType.BFLOAT16:
      return 'float32';
    case DataType.DOUBLE:
      return 'float64';
    case DataType.BOOL:
      return 'bool';
    case DataType.INT8:
      return 'int8';
    case DataType.UINT8:
      return 'uint8';
    case DataType.INT16:
    case DataType.UINT16:
    case DataType.INT32:
    case DataType.INT64:
    case DataType.UINT32:
    case DataType.UINT64:
      return 'int32';
    default:
      return null;
  }
}

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The little-endian bytes of a typed array (its own bytes on a little-endian machine). */
function leBytes(a: Float32Array | Float64Array | Int32Array | BigInt64Array): Uint8Array {
  const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  if (littleEndian) return bytes;
  const out = new Uint8Array(bytes.length);
  const w = a.BYTES_PER_ELEMENT;
  for (let i = 0; i < bytes.length; i += w) for (let j = 0; j < w; j++) out[i + j] = bytes[i + w - 1 - j]!;
  return out;
}

/**
 * A tensor as a TensorProto with raw data.
 * @param t - the tensor (any dtype of chainrule).
 * @param name - the proto's name ('' for an attribute value).
 * @returns the proto.
 */
export function toProto(t: Tensor, name: string): TensorProto {
  const data = t.contiguous().toArray();
  // one byte per element for bool, uint8 and int8 (their bytes as they are)
  const rawData = data.BYTES_PER_ELEMENT === 1 ? new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength)) : leBytes(data.slice() as Float32Array | Float64Array | Int32Array);
  return { dims: [...t.shape], dataType: ONNX_OF[t.dtype], name, rawData };
}

const INT64_MAX = 2n ** 63n - 1n;

/** A number as an int64, saturating (2^63 as a double, "to the end" in Slice, is INT64_MAX, not INT64_MIN). */
export function toInt64(v: number): bigint {
  if (v >= 2 ** 63) return INT64_MAX;
  if (v <= -(2 ** 63)) return -INT64_MAX - 1n;
  return BigInt(Math.trunc(v));
}

/**
 * An int64 tensor proto (shapes, axes, indices: what ONNX wants as int64).
 * @param values - the values.
 * @param dims - its shape (default: a vector).
 * @param name - the proto's name.
 * @returns the proto.
 */
export function int64Proto(values: readonly number[], dims: readonly number[] = [values.length], name = ''): TensorProto {
  return { dims: [...dims], dataType: DataType.INT64, name, rawData: leBytes(BigInt64Array.from(values, toInt64)) };
}

const INT32_MAX = 2 ** 31 - 1;
const clampInt32 = (v: number): number => (v > INT32_MAX ? INT32_MAX : v < -INT32_MAX - 1 ? -INT32_MAX - 1 : v);

/** An aligned copy of raw bytes read as `n` elements of `w` bytes (little-endian). */
function aligned(raw: Uint8Array, w: number, n: number, where: string): ArrayBuffer {
  if (raw.length !== w * n) throw new RangeError(`importOnnx: ${where} has ${raw.length} bytes of raw data, expected ${w * n}`);
  const out = new Uint8Array(raw.length);
  if (littleEndian) out.set(raw);
  else for (let i = 0; i < raw.length; i += w) for (let j = 0; j < w; j++) out[i + j] = raw[i + w - 1 - j]!;
  return out.buffer;
}

function fromRaw(raw: Uint8Array, type: number, n: number, where: string): ArrayLike<number> {
  switch (type) {
    case DataType.FLOAT:
      return new Float32Array(aligned(raw, 4, n, where));
    case DataType.DOUBLE:
      return new Float64Array(aligned(raw, 8, n, where));
    case DataType.INT32:
      return new Int32Array(aligned(raw, 4, n, where));
    case DataType.INT64:
      return Array.from(new BigInt64Array(aligned(raw, 8, n, where)), (v) => clampInt32(Number(v)));
    case DataType.UINT64:
      return Array.from(new BigUint64Array(aligned(raw, 8, n, where)), (v) => clampInt32(Number(v)));
    case DataType.UINT32:
      return Array.from(new Uint32Array(aligned(raw, 4, n, where)), clampInt32);
    case DataType.INT16:
      return new Int16Array(aligned(raw, 2, n, where));
    case DataType.UINT16:
      return new Uint16Array(aligned(raw, 2, n, where));
    case DataType.INT8:
      return new Int8Array(aligned(raw, 1, n, where));
    case DataType.UINT8:
    case DataType.BOOL:
      return new Uint8Array(aligned(raw, 1, n, where));
    case DataType.FLOAT16:
    case DataType.BFLOAT16: {
      const bits = new Uint16Array(aligned(raw, 2, n, where));
      return halfToFloat(bits, type);
    }
    default:
      throw new TypeError(`importOnnx: ${where} has element type ${onnxTypeName(type)}, which chainrule has no dtype for`);
  }
}

function halfToFloat(bits: ArrayLike<number>, type: number): Float32Array {
  const u = new Uint32Array(bits.length);
  for (let i = 0; i < bits.length; i++) u[i] = type === DataType.FLOAT16 ? float16BitsToFloat32Bits(bits[i]!) : bfloat16BitsToFloat32Bits(bits[i]!);
  return new Float32Array(u.buffer);
}

/**
 * A TensorProto as a tensor (a copy of its data).
 * @param p - the proto.
 * @param where - what it is, for error messages ("initializer 'fc.weight'").
 * @returns the tensor.
 * @throws TypeError for element types chainrule has no dtype for, RangeError for data of the wrong size or external data.
 */
export function fromProto(p: TensorProto, where: string): Tensor {
  const type = p.dataType ?? DataType.UNDEFINED;
  const dtype = dtypeOf(type);
  if (dtype === null) throw new TypeError(`importOnnx: ${where} has element type ${onnxTypeName(type)}, which chainrule has no dtype for`);
  if (p.dataLocation === 1 || (p.externalData?.length ?? 0) > 0) {
    throw new RangeError(`importOnnx: ${where} keeps its data in an external file; save the model with its data inside (onnx.save(..., save_as_external_data=False))`);
  }
  const shape = p.dims ?? [];
  const n = shape.reduce((a, b) => a * b, 1);
  let values: ArrayLike<number>;
  if (p.rawData !== undefined && p.rawData.length > 0) values = fromRaw(p.rawData, type, n, where);
  else if (type === DataType.FLOAT) values = p.floatData ?? [];
  else if (type === DataType.DOUBLE) values = p.doubleData ?? [];
  else if (type === DataType.INT64) values = (p.int64Data ?? []).map(clampInt32);
  else if (type === DataType.UINT32 || type === DataType.UINT64) values = (p.uint64Data ?? []).map(clampInt32);
  else if (type === DataType.FLOAT16 || type === DataType.BFLOAT16) values = halfToFloat(p.int32Data ?? [], type);
  else values = p.int32Data ?? [];
  if (values.length !== n) throw new RangeError(`importOnnx: ${where} has ${values.length} values for shape [${shape.join(', ')}]`);
  const typed = dtype === 'float32' ? Float32Array.from(values) : dtype === 'float64' ? Float64Array.from(values) : dtype === 'bool' ? Uint8Array.from(values, (v) => (v ? 1 : 0)) : Int32Array.from(values);
  return tensor(typed, { shape, dtype });
}
