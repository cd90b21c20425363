/**
 * A codec for the safetensors file format (as written by HuggingFace `safetensors` and by
 * PyTorch via that library), in plain TypeScript: no Node APIs, so it runs in a browser.
 *
 * Layout of a file:
 * 1. 8 bytes: N, the header length, as a little-endian unsigned 64-bit integer;
 * 2. N bytes: a UTF-8 JSON object mapping each tensor name to
 *    `{"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]}`, plus an optional
 *    `"__metadata__"` object of string values; writers pad it with spaces so that the data
 *    section starts 8-byte aligned;
 * 3. the data section: each tensor's elements in row-major order, little-endian, at
 *    `[begin, end)` relative to the start of the section. Together the tensors cover the
 *    section exactly, without overlaps or holes.
 *
 * The decoder checks every one of those rules and reports any violation as a
 * {@link SafetensorsError} naming the file byte offset. The header is read in header.ts:
 * `TextDecoder` (fatal on bad UTF-8), a short scan for duplicate keys, too deep nesting and the
 * offset of each value, then `JSON.parse` (which keeps a key such as `__proto__` as an ordinary
 * own key). Tensors come back in the order of their data (`data_offsets`).
 * @module
 */

import {
  bfloat16BitsToFloat32Bits,
  float16BitsToFloat32Bits,
  float32BitsToBfloat16Bits,
  float32BitsToFloat16Bits,
} from './half.js';
import { ARRAYS, arrayTag, checkShape, describeValue, DTYPES, fmtShape, METADATA_KEY, q, SafetensorsError, SUPPORTED } from './format.js';
import type { DTypeInfo, SafetensorsDType } from './format.js';
import { readHeader } from './header.js';
import type { TensorSpec } from './header.js';

/**
 * One tensor of a safetensors file: its dtype, its shape and its elements in row-major order.
 *
 * The typed array that goes with each dtype:
 *
 * | dtype | data |
 * | --- | --- |
 * | `F64` | `Float64Array` |
 * | `F32`, `F16`, `BF16` | `Float32Array` (16-bit floats are widened on load, rounded on save) |
 * | `I64` | `BigInt64Array` |
 * | `I32` | `Int32Array` |
 * | `I16` | `Int16Array` |
 * | `I8` | `Int8Array` |
 * | `U8`, `BOOL` | `Uint8Array` (`BOOL` holds only 0 and 1) |
 *
 * `data.length` equals the product of `shape` (1 for the scalar shape `[]`).
 *
 * @example
 * ```ts
 * const bias: SafetensorsEntry = { dtype: 'F32', shape: [3], data: new Float32Array([0.5, 0.25, 0.125]) };
 * const bytes = encodeSafetensors({ bias });
 * decodeSafetensors(bytes).tensors.get('bias')?.data; // Float32Array [0.5, 0.25, 0.125]
 * ```
 */
export interface SafetensorsEntry {
  /** The element type stored in the file. */
  dtype: SafetensorsDType;
  /** The dimensions, outermost first. */
  shape: number[];
  /** The elements in row-major order; see the table above for which array goes with which dtype. */
  data: Float32Array | Float64Array | Int32Array | Uint8Array | Int16Array | Int8Array | BigInt64Array;
}

/**
 * What {@link decodeSafetensors} returns: the tensors in the order of their data in the file
 * (by `data_offsets`), and the header's `__metadata__` (empty when the file has none).
 *
 * `metadata` is an object without a prototype, so a key such as `__proto__` is an ordinary
 * key.
 *
 * @example
 * ```ts
 * const bytes = saveSafetensors(new nn.Linear(3, 2).stateDict(), { format: 'pt' });
 * const { tensors, metadata }: DecodedSafetensors = decodeSafetensors(bytes);
 * [...tensors].map(([name, { dtype, shape }]) => `${name} ${dtype} [${shape}]`); // ['weight F32 [2,3]', 'bias F32 [2]']
 * metadata.format; // 'pt'
 * ```
 */
export interface DecodedSafetensors {
  /** Tensor name to tensor, in the order of their data in the file. */
  tensors: Map<string, SafetensorsEntry>;
  /** The `__metadata__` strings; a prototype-less object. */
  metadata: Record<string, string>;
}

/** The largest header accepted, as in the reference implementation. */
const MAX_HEADER_BYTES = 100_000_000;

/** Whether this machine stores typed-array elements little-endian (all mainstream ones do). */
const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Reverses each `size`-byte group in place (used only on big-endian hosts). */
function swapBytes(b: Uint8Array, start: number, length: number, size: number): void {
  if (size === 1) return;
  for (let i = start; i < start + length; i += size) {
    for (let lo = i, hi = i + size - 1; lo < hi; lo++, hi--) {
      const t = b[lo]!;
      b[lo] = b[hi]!;
      b[hi] = t;
    }
  }
}

// ---------------------------------------------------------------------------------------
// data

let f16Table: Uint32Array | undefined;

/** float16 bits → float32 bits for all 65536 patterns, built on first use (256 KiB). */
function float16Table(): Uint32Array {
  if (f16Table === undefined) {
    f16Table = new Uint32Array(65536);
    for (let h = 0; h < 65536; h++) f16Table[h] = float16BitsToFloat32Bits(h);
  }
  return f16Table;
}

/** Copies one tensor's bytes out of the file into a fresh, aligned typed array. */
function readData(bytes: Uint8Array, s: TensorSpec, dataStart: number): SafetensorsEntry['data'] {
  const at = dataStart + s.begin;
  const n = s.numel;
  if (s.dtype === 'F16' || s.dtype === 'BF16') {
    const out = new Float32Array(n);
    const bits = new Uint32Array(out.buffer);
    if (s.dtype === 'F16') {
      const table = float16Table();
      for (let i = 0, p = at; i < n; i++, p += 2) bits[i] = table[bytes[p]! | (bytes[p + 1]! << 8)]!;
    } else {
      for (let i = 0, p = at; i < n; i++, p += 2) bits[i] = bfloat16BitsToFloat32Bits(bytes[p]! | (bytes[p + 1]! << 8));
    }
    return out;
  }
  const length = s.end - s.begin;
  const copy = bytes.slice(at, at + length);
  if (s.dtype === 'BOOL') {
    const i = copy.findIndex((v) => v > 1);
    if (i >= 0) {
      throw new SafetensorsError(`tensor ${q(s.name)}: BOOL element ${i} is ${copy[i]}, but BOOL bytes must be 0 or 1 (at file byte offset ${at + i})`);
    }
  }
  if (!HOST_LITTLE_ENDIAN) swapBytes(copy, 0, length, s.info.itemsize);
  return new ARRAYS[s.info.tag](copy.buffer, 0, n);
}

// ---------------------------------------------------------------------------------------
// decode

/**
 * Reads a safetensors file.
 *
 * Every rule of the format is checked (header length, UTF-8, strict JSON with no duplicate
 * keys, field types, known dtype, shape, offsets in range, byte length equal to elements × item
 * size, tensors tiling the data section with no overlap, hole or trailing bytes, `BOOL` bytes 0
 * or 1), so a file that decodes is well-formed. Allocation never exceeds about twice the file
 * size.
 *
 * The returned arrays are fresh copies (never views of `bytes`, which may start at any byte
 * offset). `F16` and `BF16` are widened exactly to `Float32Array` (subnormals, ±∞ and NaN
 * included); `U8` and `BOOL` come back as `Uint8Array`, `I64` as `BigInt64Array`.
 *
 * @param bytes - The whole file.
 * @returns The tensors in the order of their data (`data_offsets`), and the `__metadata__`
 *   strings.
 * @throws {@link SafetensorsError} if `bytes` is not a Uint8Array or is not a well-formed
 *   safetensors file; the message names the problem, the tensor and the file byte offset.
 * @example
 * ```ts
 * import { readFileSync, writeFileSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { decodeSafetensors, encodeSafetensors } from '@chainrule/nn';
 * const file = join(tmpdir(), 'chainrule-decode-example.safetensors');
 * writeFileSync(file, encodeSafetensors({ w: { dtype: 'I64', shape: [2], data: new BigInt64Array([1n, -2n]) } }));
 * const { tensors } = decodeSafetensors(new Uint8Array(readFileSync(file)));
 * Array.from(tensors.get('w')!.data as BigInt64Array, Number); // [1, -2]
 * ```
 */
export function decodeSafetensors(bytes: Uint8Array): DecodedSafetensors {
  if (arrayTag(bytes) !== 'Uint8Array') {
    throw new SafetensorsError(`decodeSafetensors expects a Uint8Array, got ${describeValue(bytes)}`);
  }
  try {
    return decode(bytes);
  } catch (e) {
    if (e instanceof SafetensorsError) throw e;
    // Not reachable for any input we know of; keeps the promise that only SafetensorsError escapes.
    throw new SafetensorsError(`internal error while decoding: ${String(e)}`, { cause: e });
  }
}

function decode(bytes: Uint8Array): DecodedSafetensors {
  const fileLength = bytes.length;
  if (fileLength < 8) {
    throw new SafetensorsError(`file is too short: ${fileLength} bytes, but a safetensors file starts with an 8-byte header length`);
  }
  const lo = (bytes[0]! | (bytes[1]! << 8) | (bytes[2]! << 16) | (bytes[3]! << 24)) >>> 0;
  const hi = (bytes[4]! | (bytes[5]! << 8) | (bytes[6]! << 16) | (bytes[7]! << 24)) >>> 0;
  const available = fileLength - 8;
  if (hi !== 0 || lo > available || lo > MAX_HEADER_BYTES) {
    const n = (BigInt(hi) << 32n) | BigInt(lo);
    const problems: string[] = [];
    if (n > BigInt(MAX_HEADER_BYTES)) problems.push(`is larger than the ${MAX_HEADER_BYTES}-byte limit`);
    if (n > BigInt(available)) problems.push(`runs past the end of the file: only ${available} bytes follow the 8-byte length (file is ${fileLength} bytes)`);
    throw new SafetensorsError(`header length ${n} ${problems.join(' and ')}`);
  }
  const headerStart = 8;
  const dataStart = headerStart + lo;

  const { specs, metadata } = readHeader(bytes, headerStart, dataStart);
  const tensors = new Map(specs.map((s) => [s.name, { dtype: s.dtype, shape: s.shape, data: readData(bytes, s, dataStart) }]));
  return { tensors, metadata };
}

// ---------------------------------------------------------------------------------------
// encode

interface EncodeItem {
  name: string;
  dtype: SafetensorsDType;
  info: DTypeInfo;
  shape: number[];
  data: SafetensorsEntry['data'];
  byteLength: number;
}

function collectEntries(
  tensors: Iterable<[string, SafetensorsEntry]> | Record<string, SafetensorsEntry>,
): Array<[unknown, unknown]> {
  if (tensors === null || (typeof tensors !== 'object' && typeof tensors !== 'function')) {
    throw new SafetensorsError(`encodeSafetensors expects a Map, an iterable of [name, entry] pairs or an object, got ${describeValue(tensors)}`);
  }
  const iterator = (tensors as Partial<Iterable<unknown>>)[Symbol.iterator];
  if (typeof iterator !== 'function') {
    const record = tensors as Record<string, unknown>;
    return Object.keys(record).map((k): [unknown, unknown] => [k, record[k]]);
  }
  const pairs: Array<[unknown, unknown]> = [];
  let i = 0;
  for (const item of tensors as Iterable<unknown>) {
    if (!Array.isArray(item) || item.length !== 2) {
      throw new SafetensorsError(`item ${i} of the tensors must be a [name, entry] pair, got ${describeValue(item)}`);
    }
    pairs.push([item[0], item[1]]);
    i++;
  }
  return pairs;
}

function checkEntry(name: unknown, entry: unknown, seen: Set<string>): EncodeItem {
  if (typeof name !== 'string' || name.length === 0) {
    throw new SafetensorsError(`tensor name must be a non-empty string, got ${describeValue(name)}`);
  }
  if (name === METADATA_KEY) throw new SafetensorsError(`"${METADATA_KEY}" is reserved for metadata and cannot name a tensor`);
  if (seen.has(name)) throw new SafetensorsError(`duplicate tensor name ${q(name)}`);
  seen.add(name);
  const fail = (why: string): never => {
    throw new SafetensorsError(`tensor ${q(name)}: ${why}`);
  };
  if (entry === null || typeof entry !== 'object') return fail(`entry must be an object { dtype, shape, data }, got ${describeValue(entry)}`);
  const { dtype, shape, data } = entry as Record<string, unknown>;
  if (typeof dtype !== 'string') return fail(`dtype must be a string, got ${describeValue(dtype)}`);
  const info = DTYPES.get(dtype);
  if (info === undefined) return fail(`unknown dtype ${q(dtype)} (supported: ${SUPPORTED})`);
  const checked = checkShape(shape);
  if ('problem' in checked) return fail(checked.problem);
  const tag = arrayTag(data);
  if (tag !== info.tag) return fail(`dtype ${dtype} needs its data in a ${info.tag}, got ${describeValue(data)}`);
  const array = data as SafetensorsEntry['data'];
  if (array.length !== checked.numel) {
    return fail(`shape ${fmtShape(shape as unknown[])} has ${checked.numel} elements, but data has ${array.length}`);
  }
  if (dtype === 'BOOL') {
    const u8 = array as Uint8Array;
    for (let i = 0; i < u8.length; i++) {
      if (u8[i]! > 1) return fail(`BOOL data must hold only 0 and 1, but element ${i} is ${u8[i]}`);
    }
  }
  return {
    name,
    dtype: dtype as SafetensorsDType,
    info,
    shape: (shape as number[]).slice(),
    data: array,
    byteLength: checked.numel * info.itemsize,
  };
}

function checkMetadata(metadata: unknown): Array<[string, string]> {
  if (metadata === undefined) return [];
  if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) {
    throw new SafetensorsError(`metadata must be an object of string values, got ${describeValue(metadata)}`);
  }
  const record = metadata as Record<string, unknown>;
  return Object.keys(record).map((k): [string, string] => {
    const v = record[k];
    if (typeof v !== 'string') throw new SafetensorsError(`metadata value for key ${q(k)} must be a string, got ${describeValue(v)}`);
    return [k, v];
  });
}

/** Writes one tensor's elements little-endian at out[at, at + item.byteLength). */
function writeData(out: Uint8Array, at: number, item: EncodeItem): void {
  if (item.dtype === 'F16' || item.dtype === 'BF16') {
    const src = item.data as Float32Array;
    const bits = new Uint32Array(src.buffer, src.byteOffset, src.length);
    const narrow = item.dtype === 'F16' ? float32BitsToFloat16Bits : float32BitsToBfloat16Bits;
    for (let i = 0, p = at; i < bits.length; i++, p += 2) {
      const h = narrow(bits[i]!);
      out[p] = h & 0xff;
      out[p + 1] = h >>> 8;
    }
    return;
  }
  const d = item.data;
  out.set(new Uint8Array(d.buffer, d.byteOffset, item.byteLength), at);
  if (!HOST_LITTLE_ENDIAN) swapBytes(out, at, item.byteLength, item.info.itemsize);
}

/**
 * Writes tensors (and optional metadata) as a safetensors file.
 *
 * Tensors are laid out one after another in the order given, and the header lists them in
 * that order; it is padded with spaces so the data section starts at a multiple of 8. For
 * `F16` and `BF16` the data is a `Float32Array`, rounded to nearest-even 16-bit floats
 * (NaN stays NaN, overflow becomes ±∞); every other dtype needs its own typed array (see
 * {@link SafetensorsEntry}) and is copied bit for bit. With the same tensor order and
 * metadata, the bytes equal those of the Python `safetensors` library.
 *
 * @param tensors - A `Map`, an iterable of `[name, entry]` pairs, or a plain object of entries
 *   (own enumerable keys, in property order; use a `Map` when names look like integers and
 *   their order matters, or for the name `__proto__`).
 * @param metadata - Optional string-to-string metadata, stored as `"__metadata__"`.
 * @returns The file's bytes.
 * @throws {@link SafetensorsError} if a name is empty, not a string, repeated or
 *   `"__metadata__"`; if a dtype is unknown, a shape is not non-negative integers, the data
 *   is not the typed array the dtype needs, its length differs from the shape's product, or
 *   `BOOL` data holds values other than 0 and 1; if a metadata value is not a string; or if
 *   the file would be too large to allocate.
 * @example
 * ```ts
 * const bytes = encodeSafetensors(
 *   new Map([
 *     ['weight', { dtype: 'F32', shape: [2, 2], data: new Float32Array([1, 2, 3, 4]) }],
 *     ['mask', { dtype: 'BOOL', shape: [2], data: new Uint8Array([1, 0]) }],
 *   ]),
 *   { format: 'pt' },
 * );
 * decodeSafetensors(bytes).tensors.get('weight')?.data; // Float32Array [1, 2, 3, 4]
 * ```
 */
export function encodeSafetensors(
  tensors: Iterable<[string, SafetensorsEntry]> | Record<string, SafetensorsEntry>,
  metadata?: Record<string, string>,
): Uint8Array {
  const seen = new Set<string>();
  const items = collectEntries(tensors).map(([name, entry]) => checkEntry(name, entry, seen));
  const meta = checkMetadata(metadata);

  // The header is built by hand (not JSON.stringify of an object) so that key order is the
  // insertion order even for integer-like names, and `__proto__` is just a key.
  const parts: string[] = [];
  if (meta.length > 0) {
    parts.push(`"${METADATA_KEY}":{${meta.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',')}}`);
  }
  let offset = 0;
  for (const it of items) {
    const begin = offset;
    offset += it.byteLength;
    parts.push(`${JSON.stringify(it.name)}:{"dtype":"${it.dtype}","shape":[${it.shape.join(',')}],"data_offsets":[${begin},${offset}]}`);
  }
  const json = new TextEncoder().encode(`{${parts.join(',')}}`);
  const headerLength = Math.ceil(json.length / 8) * 8;
  const total = 8 + headerLength + offset;

  let out: Uint8Array;
  try {
    out = new Uint8Array(total);
  } catch (e) {
    throw new SafetensorsError(`cannot allocate ${total} bytes for the safetensors file`, { cause: e });
  }
  out[0] = headerLength & 0xff;
  out[1] = (headerLength >>> 8) & 0xff;
  out[2] = (headerLength >>> 16) & 0xff;
  out[3] = (headerLength >>> 24) & 0xff;
  // a header of 2³² bytes or more cannot be built in memory, so bytes 4..7 stay 0
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + headerLength);
  let at = 8 + headerLength;
  for (const it of items) {
    writeData(out, at, it);
    at += it.byteLength;
  }
  return out;
}
