/**
 * Writing the IDX format: the inverse of `parseIdx`.
 * @module
 */
import { IDX_MAX_DIMS } from './header.js';
import { IDX_DTYPE_CODES, IDX_DTYPES } from './types.js';
import type { IdxArray } from './types.js';

/**
 * Encodes an array as IDX bytes (big-endian, as MNIST's files are), the inverse of `parseIdx`.
 * Compress the result with `node:zlib`'s `gzipSync` to get a `.gz` file.
 * @param array - `dtype`, `shape` (1 to 8 dimensions) and `data` (the matching typed array, with
 *   as many elements as the shape declares).
 * @returns the file's bytes.
 * @throws RangeError for a shape of 0 or more than 8 dimensions, a size that is not a
 *   non-negative integer below 2^32, or data whose length differs from the shape's product.
 * @throws TypeError when `data` is not the typed array of `dtype`.
 * @example
 * ```ts
 * import { encodeIdx, parseIdx } from '@chainrule/data';
 * const bytes = encodeIdx({ dtype: 'int16', shape: [2], data: new Int16Array([-1, 300]) });
 * bytes.length; // 12: 8 header bytes and 2 × 2 data bytes
 * parseIdx(bytes).data; // Int16Array [-1, 300]
 * ```
 */
export function encodeIdx(array: IdxArray): Uint8Array {
  const { dtype, shape, data } = array;
  const code = IDX_DTYPE_CODES[dtype];
  const info = code === undefined ? undefined : IDX_DTYPES.get(code);
  if (info === undefined) throw new TypeError(`encodeIdx: unknown dtype ${String(dtype)}`);
  const probe = info.alloc(0);
  if (data.constructor !== probe.constructor) {
    throw new TypeError(`encodeIdx: dtype ${dtype} needs a ${probe.constructor.name}, got a ${data.constructor.name}`);
  }
  if (shape.length === 0 || shape.length > IDX_MAX_DIMS) throw new RangeError(`encodeIdx: an IDX file has 1 to ${IDX_MAX_DIMS} dimensions, got ${shape.length}`);
  let n = 1;
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0 || d >= 2 ** 32) throw new RangeError(`encodeIdx: dimension sizes must be integers in [0, 2^32), got [${shape.join(', ')}]`);
    n *= d;
  }
  if (data.length !== n) throw new RangeError(`encodeIdx: shape [${shape.join(', ')}] holds ${n} elements, data has ${data.length}`);
  const header = 4 + 4 * shape.length;
  const out = new Uint8Array(header + n * info.size);
  const view = new DataView(out.buffer);
  out[2] = code!;
  out[3] = shape.length;
  shape.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  for (let i = 0; i < n; i++) {
    const at = header + i * info.size;
    const v = data[i]!;
    switch (dtype) {
      case 'uint8':
        view.setUint8(at, v);
        break;
      case 'int8':
        view.setInt8(at, v);
        break;
      case 'int16':
        view.setInt16(at, v, false);
        break;
      case 'int32':
        view.setInt32(at, v, false);
        break;
      case 'float32':
        view.setFloat32(at, v, false);
        break;
      case 'float64':
        view.setFloat64(at, v, false);
        break;
    }
  }
  return out;
}
