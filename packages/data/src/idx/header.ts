/**
 * IDX header decoding and the error messages shared by the in-memory and streaming readers.
 * @module
 */
import { IDX_DTYPES, IdxFormatError } from './types.js';
import type { IdxDTypeInfo } from './types.js';

/** The most dimensions an IDX header may declare. */
export const IDX_MAX_DIMS = 8;

/** The most elements an IDX file may declare (2^31). */
export const IDX_MAX_ELEMENTS = 2 ** 31;

/** Bytes of the longest possible header: magic, dtype, ndim and eight u32 sizes. */
export const IDX_MAX_HEADER_BYTES = 4 + 4 * IDX_MAX_DIMS;

/**
 * A decoded, validated IDX header.
 * @example
 * ```
 * const h = decodeIdxHeader(new Uint8Array([0, 0, 8, 1, 0, 0, 0, 3]), 'x.idx');
 * if (typeof h !== 'number') h.dataBytes; // 3
 * ```
 */
export interface IdxHeader {
  /** The element type. */
  readonly info: IdxDTypeInfo;
  /** The declared dimension sizes. */
  readonly shape: number[];
  /** The header's length in bytes (where the data starts). */
  readonly headerBytes: number;
  /** The number of elements (product of `shape`). */
  readonly length: number;
  /** The number of data bytes (`length * info.size`). */
  readonly dataBytes: number;
}

/**
 * Formats a byte as `0x1f`.
 * @param b - a byte value.
 * @returns the hexadecimal form.
 * @example
 * ```
 * hexByte(31); // '0x1f'
 * ```
 */
export function hexByte(b: number): string {
  return `0x${b.toString(16).padStart(2, '0')}`;
}

function u32be(buf: Uint8Array, at: number): number {
  return ((buf[at]! << 24) | (buf[at + 1]! << 16) | (buf[at + 2]! << 8) | buf[at + 3]!) >>> 0;
}

/**
 * Decodes as much of an IDX header as `prefix` holds, validating each field as soon as it is
 * complete.
 *
 * @param prefix - the first bytes of the IDX content (any length).
 * @param file - the file name for error messages.
 * @returns the header once all of it is present, otherwise the number of bytes that must be
 *   available before the next call can make progress (4, then `4 + 4 * ndim`).
 * @throws {@link IdxFormatError} for bad magic (offset 0), an unknown dtype byte (offset 2), a
 *   dimension count of 0 or more than 8 (offset 3), or more than 2^31 elements (offset 4).
 * @example
 * ```
 * decodeIdxHeader(new Uint8Array([0, 0]), 'x.idx'); // 4: need more bytes
 * ```
 */
export function decodeIdxHeader(prefix: Uint8Array, file: string): IdxHeader | number {
  const len = prefix.length;
  if (len >= 2 && (prefix[0] !== 0 || prefix[1] !== 0)) {
    const found = `${hexByte(prefix[0]!)} ${hexByte(prefix[1]!)}`;
    const hint = prefix[0] === 0x1f && prefix[1] === 0x8b ? ' (this is gzip data: decompress it first, or use readIdxFile)' : '';
    throw new IdxFormatError(file, 0, 'bad magic', `expected 0x00 0x00, found ${found}${hint}`);
  }
  if (len < 4) {
    if (len >= 3) checkDType(prefix[2]!, file);
    return 4;
  }
  const info = checkDType(prefix[2]!, file);
  const ndim = prefix[3]!;
  if (ndim === 0 || ndim > IDX_MAX_DIMS) {
    throw new IdxFormatError(file, 3, `bad dimension count ${ndim}`, `an IDX file has 1 to ${IDX_MAX_DIMS} dimensions`);
  }
  const headerBytes = 4 + 4 * ndim;
  if (len < headerBytes) return headerBytes;
  const shape: number[] = [];
  let length = 1;
  for (let i = 0; i < ndim; i++) {
    const d = u32be(prefix, 4 + 4 * i);
    shape.push(d);
    length *= d;
  }
  if (length > IDX_MAX_ELEMENTS) {
    throw new IdxFormatError(
      file,
      4,
      'dimension product too large',
      `shape [${shape.join(', ')}] declares ${length} elements, more than the limit of 2^31`,
    );
  }
  return { info, shape, headerBytes, length, dataBytes: length * info.size };
}

function checkDType(code: number, file: string): IdxDTypeInfo {
  const info = IDX_DTYPES.get(code);
  if (info === undefined) {
    const known = [...IDX_DTYPES.values()].map((d) => `${hexByte(d.code)} (${d.dtype})`).join(', ');
    throw new IdxFormatError(file, 2, `unknown dtype byte ${hexByte(code)}`, `expected one of ${known}`);
  }
  return info;
}

/**
 * The error for content that ends inside the header: the offset is the start of the first field
 * that is incomplete (magic 0, dtype 2, dimension count 3, dimension `i` at `4 + 4i`).
 * @param file - the file name.
 * @param prefix - all the bytes there are.
 * @returns the error to throw.
 * @example
 * ```
 * truncatedHeaderError('x.idx', new Uint8Array([0, 0, 8])).offset; // 3
 * ```
 */
export function truncatedHeaderError(file: string, prefix: Uint8Array): IdxFormatError {
  const len = prefix.length;
  const offset = len < 2 ? 0 : len < 4 ? len : 4 + 4 * Math.floor((len - 4) / 4);
  const need = len < 4 ? 'at least 4' : String(4 + 4 * prefix[3]!);
  const what = len === 0 ? 'file is empty' : `file ends after ${len} byte${len === 1 ? '' : 's'}`;
  return new IdxFormatError(file, offset, 'truncated header', `expected a header of ${need} bytes, ${what}`);
}

/**
 * The error for data shorter than the header declares; the offset is where the data starts.
 * @param file - the file name.
 * @param header - the decoded header.
 * @param available - the data bytes present after the header.
 * @returns the error to throw.
 * @example
 * ```
 * // "x.idx: truncated data at byte 16: expected 47040000 bytes of uint8 data, file ends after 1000"
 * ```
 */
export function truncatedDataError(file: string, header: IdxHeader, available: number): IdxFormatError {
  return new IdxFormatError(
    file,
    header.headerBytes,
    'truncated data',
    `expected ${header.dataBytes} bytes of ${header.info.dtype} data, file ends after ${available}`,
  );
}

/**
 * The error for bytes after the declared data; the offset is the first extra byte.
 * @param file - the file name.
 * @param header - the decoded header.
 * @param extra - how many bytes follow the data.
 * @returns the error to throw.
 * @example
 * ```
 * // "x.idx: trailing bytes at byte 11: 2 bytes after the 3 bytes of uint8 data declared by shape [3]"
 * ```
 */
export function trailingBytesError(file: string, header: IdxHeader, extra: number): IdxFormatError {
  return new IdxFormatError(
    file,
    header.headerBytes + header.dataBytes,
    'trailing bytes',
    `${extra} byte${extra === 1 ? '' : 's'} after the ${header.dataBytes} bytes of ${header.info.dtype} data declared by shape [${header.shape.join(', ')}]`,
  );
}
