/**
 * Shared types of the IDX reader: the element types, the decoded array and the format error.
 * @module
 */

/**
 * The element types an IDX file can hold, named after their typed-array counterparts.
 *
 * | byte | dtype     |
 * |------|-----------|
 * | 0x08 | `uint8`   |
 * | 0x09 | `int8`    |
 * | 0x0B | `int16`   |
 * | 0x0C | `int32`   |
 * | 0x0D | `float32` |
 * | 0x0E | `float64` |
 *
 * @example
 * ```ts
 * import type { IdxDType } from '@chainrule/data';
 * const pixels: IdxDType = 'uint8';
 * ```
 */
export type IdxDType = 'uint8' | 'int8' | 'int16' | 'int32' | 'float32' | 'float64';

/**
 * Any of the typed arrays an {@link IdxArray} can carry.
 * @example
 * ```ts
 * import type { IdxTypedArray } from '@chainrule/data';
 * const data: IdxTypedArray = new Uint8Array(784);
 * ```
 */
export type IdxTypedArray = Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;

/**
 * A decoded IDX file: its element type, its shape and its values in row-major order, already
 * converted from the file's big-endian byte order to the platform's.
 *
 * `data.length` always equals the product of `shape`.
 *
 * @example
 * ```ts
 * import { parseIdx } from '@chainrule/data';
 * const a = parseIdx(new Uint8Array([0, 0, 0x08, 2, 0, 0, 0, 1, 0, 0, 0, 2, 7, 9]));
 * a.dtype; // 'uint8'
 * a.shape; // [1, 2]
 * a.data; // Uint8Array [7, 9]
 * ```
 */
export interface IdxArray {
  /** The element type, from the header's dtype byte. */
  dtype: IdxDType;
  /** The dimension sizes, from the header (outermost first). */
  shape: number[];
  /** The values, row-major; the typed array matching `dtype`. */
  data: Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;
}

/**
 * A malformed IDX file (or gzip stream around one). The message starts with the file name and
 * names the byte offset where the problem lies, for example
 * `"train-images-idx3-ubyte.gz: truncated data at byte 16: expected 47040000 bytes of uint8 data, file ends after 1000"`.
 *
 * Offsets count bytes of the IDX content, that is, after decompression for gzip files. For a
 * corrupt gzip stream the offset is the number of decompressed bytes produced before zlib gave up,
 * and `cause` holds zlib's own error.
 *
 * @example
 * ```ts
 * import { parseIdx, IdxFormatError } from '@chainrule/data';
 * try {
 *   parseIdx(new Uint8Array([1, 2, 8, 1]), 'bad.idx');
 * } catch (e) {
 *   if (e instanceof IdxFormatError) console.log(e.file, e.offset); // 'bad.idx' 0
 * }
 * ```
 */
export class IdxFormatError extends Error {
  /** The file name (or the label given to {@link parseIdx}). */
  readonly file: string;
  /** The byte offset of the problem in the (decompressed) IDX content. */
  readonly offset: number;

  /**
   * @param file - the file name to report.
   * @param offset - the byte offset of the problem.
   * @param problem - what is wrong, worded so that `"at byte N"` can follow it, e.g. `"bad magic"`.
   * @param detail - optional explanation appended after a colon.
   * @param options - optional `cause`.
   */
  constructor(file: string, offset: number, problem: string, detail?: string, options?: { cause?: unknown }) {
    super(`${file}: ${problem} at byte ${offset}${detail === undefined ? '' : `: ${detail}`}`, options);
    this.name = 'IdxFormatError';
    this.file = file;
    this.offset = offset;
  }
}

/** Per-dtype facts: header byte, element size and typed-array constructor. */
export interface IdxDTypeInfo {
  /** The dtype name. */
  readonly dtype: IdxDType;
  /** The header byte that selects this dtype. */
  readonly code: number;
  /** Bytes per element. */
  readonly size: 1 | 2 | 4 | 8;
  /** Allocates the matching typed array. */
  readonly alloc: (length: number) => IdxTypedArray;
}

/**
 * The dtype table, keyed by header byte.
 * @example
 * ```
 * IDX_DTYPES.get(0x08)?.dtype; // 'uint8'
 * ```
 */
export const IDX_DTYPES: ReadonlyMap<number, IdxDTypeInfo> = new Map<number, IdxDTypeInfo>([
  [0x08, { dtype: 'uint8', code: 0x08, size: 1, alloc: (n) => new Uint8Array(n) }],
  [0x09, { dtype: 'int8', code: 0x09, size: 1, alloc: (n) => new Int8Array(n) }],
  [0x0b, { dtype: 'int16', code: 0x0b, size: 2, alloc: (n) => new Int16Array(n) }],
  [0x0c, { dtype: 'int32', code: 0x0c, size: 4, alloc: (n) => new Int32Array(n) }],
  [0x0d, { dtype: 'float32', code: 0x0d, size: 4, alloc: (n) => new Float32Array(n) }],
  [0x0e, { dtype: 'float64', code: 0x0e, size: 8, alloc: (n) => new Float64Array(n) }],
]);

/**
 * The header byte of each dtype, the inverse of {@link IDX_DTYPES}.
 * @example
 * ```
 * IDX_DTYPE_CODES.float32; // 0x0d
 * ```
 */
export const IDX_DTYPE_CODES: Readonly<Record<IdxDType, number>> = {
  uint8: 0x08,
  int8: 0x09,
  int16: 0x0b,
  int32: 0x0c,
  float32: 0x0d,
  float64: 0x0e,
};
