/**
 * An incremental IDX decoder: feed it the content chunk by chunk, in any split, and it decodes
 * the header as soon as it is complete, preallocates the result, and copies and byte-swaps each
 * chunk into place without ever concatenating the input.
 * @module
 */
import { IDX_MAX_HEADER_BYTES, decodeIdxHeader, trailingBytesError, truncatedDataError, truncatedHeaderError } from './header.js';
import type { IdxHeader } from './header.js';
import { IdxFormatError } from './types.js';
import type { IdxArray, IdxTypedArray } from './types.js';

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Converts elements `[from, to)` of `data` from big-endian to native byte order, in place.
 * Does nothing on big-endian platforms or for one-byte types.
 * @param data - the array whose bytes were copied verbatim from the file.
 * @param from - first element to convert.
 * @param to - one past the last element to convert.
 * @example
 * ```
 * const a = new Int16Array(new Uint8Array([0x01, 0x02]).buffer);
 * swapFromBigEndian(a, 0, 1); // a[0] === 0x0102
 * ```
 */
export function swapFromBigEndian(data: IdxTypedArray, from: number, to: number): void {
  if (!LITTLE_ENDIAN || data.BYTES_PER_ELEMENT === 1 || to <= from) return;
  const { buffer, byteOffset, length } = data;
  switch (data.BYTES_PER_ELEMENT) {
    case 2: {
      const w = new Uint16Array(buffer, byteOffset, length);
      for (let i = from; i < to; i++) {
        const x = w[i]!;
        w[i] = ((x & 0xff) << 8) | (x >>> 8);
      }
      return;
    }
    case 4: {
      const w = new Uint32Array(buffer, byteOffset, length);
      for (let i = from; i < to; i++) w[i] = bswap32(w[i]!);
      return;
    }
    case 8: {
      const w = new Uint32Array(buffer, byteOffset, length * 2);
      for (let i = 2 * from; i < 2 * to; i += 2) {
        const a = w[i]!;
        w[i] = bswap32(w[i + 1]!);
        w[i + 1] = bswap32(a);
      }
      return;
    }
  }
}

function bswap32(x: number): number {
  return ((x & 0xff) << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | (x >>> 24);
}

/**
 * Incremental IDX decoder. Call {@link IdxDecoder.push} with each chunk of the (decompressed)
 * content, then {@link IdxDecoder.end}.
 *
 * @example
 * ```
 * const dec = new IdxDecoder('labels.idx');
 * dec.push(new Uint8Array([0, 0, 8, 1, 0, 0]));
 * dec.push(new Uint8Array([0, 2, 7, 3]));
 * dec.end(); // { dtype: 'uint8', shape: [2], data: Uint8Array [7, 3] }
 * ```
 */
export class IdxDecoder {
  private readonly headerBuf = new Uint8Array(IDX_MAX_HEADER_BYTES);
  private headerLen = 0;
  private need = 4;
  private header: IdxHeader | undefined;
  private out: IdxTypedArray | undefined;
  private outBytes: Uint8Array | undefined;
  private written = 0;
  private swapped = 0;
  private extra = 0;

  /**
   * @param file - the file name used in error messages.
   * @param onHeader - called once the header is decoded and before the data array is allocated;
   *   may throw to reject the file early (e.g. when the declared size cannot fit the input).
   */
  constructor(
    private readonly file: string,
    private readonly onHeader?: (header: IdxHeader) => void,
  ) {}

  /**
   * Bytes of IDX content consumed so far.
   * @returns the count, including trailing bytes.
   * @example
   * ```
   * new IdxDecoder('x').bytesSeen; // 0
   * ```
   */
  get bytesSeen(): number {
    if (this.header === undefined) return this.headerLen;
    return this.header.headerBytes + this.written + this.extra;
  }

  /**
   * The decoded header, once it is complete.
   * @returns the header, or `undefined` while it is still incomplete.
   * @example
   * ```
   * new IdxDecoder('x').decodedHeader; // undefined
   * ```
   */
  get decodedHeader(): IdxHeader | undefined {
    return this.header;
  }

  /**
   * Feeds the next chunk of content.
   * @param chunk - the bytes, in file order; they are copied, so the chunk may be reused.
   * @throws {@link IdxFormatError} as soon as the header is known to be bad.
   * @example
   * ```
   * const dec = new IdxDecoder('x.idx');
   * dec.push(new Uint8Array([0, 0, 8, 1, 0, 0, 0, 1, 42]));
   * ```
   */
  push(chunk: Uint8Array): void {
    let pos = 0;
    while (this.header === undefined && pos < chunk.length) {
      const take = Math.min(this.need - this.headerLen, chunk.length - pos);
      this.headerBuf.set(chunk.subarray(pos, pos + take), this.headerLen);
      this.headerLen += take;
      pos += take;
      if (this.headerLen === this.need) {
        const h = decodeIdxHeader(this.headerBuf.subarray(0, this.headerLen), this.file);
        if (typeof h === 'number') this.need = h;
        else this.start(h);
      }
    }
    if (this.header === undefined || pos === chunk.length) return;
    const outBytes = this.outBytes!;
    const take = Math.min(this.header.dataBytes - this.written, chunk.length - pos);
    if (take > 0) {
      outBytes.set(chunk.subarray(pos, pos + take), this.written);
      this.written += take;
      pos += take;
      const done = Math.floor(this.written / this.header.info.size);
      swapFromBigEndian(this.out!, this.swapped, done);
      this.swapped = done;
    }
    this.extra += chunk.length - pos;
  }

  private start(h: IdxHeader): void {
    this.onHeader?.(h);
    let out: IdxTypedArray;
    try {
      out = h.info.alloc(h.length);
    } catch (e) {
      throw new IdxFormatError(
        this.file,
        4,
        'cannot allocate the declared data',
        `shape [${h.shape.join(', ')}] of ${h.info.dtype} needs ${h.dataBytes} bytes`,
        { cause: e },
      );
    }
    this.header = h;
    this.out = out;
    this.outBytes = new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  }

  /**
   * Signals the end of the content and returns the array.
   * @returns the decoded array.
   * @throws {@link IdxFormatError} for a truncated header or data, or trailing bytes.
   * @example
   * ```
   * const dec = new IdxDecoder('x.idx');
   * dec.push(new Uint8Array([0, 0, 8, 1, 0, 0, 0, 1, 42]));
   * dec.end().data; // Uint8Array [42]
   * ```
   */
  end(): IdxArray {
    const h = this.header;
    if (h === undefined) throw truncatedHeaderError(this.file, this.headerBuf.subarray(0, this.headerLen));
    if (this.written < h.dataBytes) throw truncatedDataError(this.file, h, this.written);
    if (this.extra > 0) throw trailingBytesError(this.file, h, this.extra);
    return { dtype: h.info.dtype, shape: [...h.shape], data: this.out! };
  }
}
