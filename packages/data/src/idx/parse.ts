/**
 * Readers for the IDX format, the file format of MNIST and Fashion-MNIST.
 *
 * An IDX file is a header followed by big-endian data:
 *
 * | offset | size | content                                                    |
 * |--------|------|------------------------------------------------------------|
 * | 0      | 2    | magic: two zero bytes                                      |
 * | 2      | 1    | dtype: 0x08 u8, 0x09 i8, 0x0B i16, 0x0C i32, 0x0D f32, 0x0E f64 |
 * | 3      | 1    | number of dimensions, 1 to 8                               |
 * | 4      | 4·n  | the dimension sizes, big-endian u32                        |
 * | 4+4·n  | …    | the elements, row-major, big-endian                        |
 *
 * @module
 */
import { open } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { IdxDecoder } from './decoder.js';
import { truncatedDataError, trailingBytesError } from './header.js';
import type { IdxHeader } from './header.js';
import { IdxFormatError } from './types.js';
import type { IdxArray } from './types.js';

export { IdxFormatError } from './types.js';
export type { IdxArray, IdxDType, IdxTypedArray } from './types.js';

/** The label used in error messages when {@link parseIdx} gets no file name. */
const DEFAULT_LABEL = '<idx bytes>';

/**
 * The largest factor by which deflate can shrink data (a 258-byte match coded in 2 bits is
 * 1032:1), used to reject absurd sizes declared inside small gzip files before allocating.
 */
const DEFLATE_MAX_RATIO = 1032;

/**
 * Parses an IDX file that is already in memory (and already decompressed).
 *
 * The result owns fresh memory: it never aliases `bytes`.
 *
 * @param bytes - the whole file content.
 * @param file - the name to use in error messages; defaults to `"<idx bytes>"`.
 * @returns the dtype, shape and data, converted to native byte order.
 * @throws {@link IdxFormatError} for bad magic (offset 0; gzip data is recognised and named as
 *   such), an unknown dtype byte (offset 2), zero or more than 8 dimensions (offset 3), more than
 *   2^31 elements (offset 4), a truncated header (offset of the first incomplete field), truncated
 *   data (offset where the data starts) or trailing bytes (offset of the first extra byte).
 * @example
 * ```ts
 * import { parseIdx } from '@chainrule/data';
 * // uint8, one dimension of size 3: [7, 8, 9]
 * const a = parseIdx(new Uint8Array([0, 0, 0x08, 1, 0, 0, 0, 3, 7, 8, 9]));
 * a.dtype; // 'uint8'
 * a.shape; // [3]
 * a.data; // Uint8Array [7, 8, 9]
 * ```
 */
export function parseIdx(bytes: Uint8Array, file: string = DEFAULT_LABEL): IdxArray {
  const decoder = new IdxDecoder(file, (h) => {
    const available = bytes.length - h.headerBytes;
    if (available < h.dataBytes) throw truncatedDataError(file, h, available);
    if (available > h.dataBytes) throw trailingBytesError(file, h, available - h.dataBytes);
  });
  decoder.push(bytes);
  return decoder.end();
}

/**
 * Reads an IDX file from disk, raw or gzip-compressed, by streaming it.
 *
 * Compression is detected from the content (the gzip magic bytes `1f 8b`), not from the name.
 * The file is read through `node:fs` streams (and `node:zlib` for gzip); the header is decoded
 * as soon as it arrives, the result is allocated once at its declared size, and each chunk is
 * copied (and byte-swapped) straight into it. For raw files the declared size is checked against
 * the file size before anything is allocated.
 *
 * @param path - the file to read.
 * @returns the dtype, shape and data, converted to native byte order.
 * @throws {@link IdxFormatError} (naming `path` and the byte offset) for every format problem
 *   listed at {@link parseIdx}, and for a truncated or corrupt gzip stream ("truncated gzip data"
 *   or "corrupt gzip data", wrapping zlib's error as `cause`; the offset is the number of
 *   decompressed bytes read before the failure).
 * @throws the `node:fs` error (e.g. `ENOENT`) when the file cannot be opened or read.
 * @example
 * ```ts
 * import { mkdtempSync, writeFileSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { gzipSync } from 'node:zlib';
 * import { encodeIdx, readIdxFile } from '@chainrule/data';
 * const path = join(mkdtempSync(join(tmpdir(), 'idx-')), 'labels-idx1-ubyte.gz');
 * writeFileSync(path, gzipSync(encodeIdx({ dtype: 'uint8', shape: [3], data: new Uint8Array([5, 0, 4]) })));
 * const labels = await readIdxFile(path);
 * labels.shape; // [3]
 * labels.data; // Uint8Array [5, 0, 4]
 * ```
 */
export async function readIdxFile(path: string): Promise<IdxArray> {
  const handle = await open(path, 'r');
  try {
    const size = (await handle.stat()).size;
    const magic = new Uint8Array(2);
    const { bytesRead } = await handle.read(magic, 0, 2, 0);
    const gzip = bytesRead === 2 && magic[0] === 0x1f && magic[1] === 0x8b;

    const onHeader = (h: IdxHeader): void => {
      if (gzip) {
        const bound = size * DEFLATE_MAX_RATIO;
        if (h.headerBytes + h.dataBytes > bound) {
          throw new IdxFormatError(
            path,
            h.headerBytes,
            'truncated data',
            `expected ${h.dataBytes} bytes of ${h.info.dtype} data, but a gzip file of ${size} bytes decompresses to at most ${bound}`,
          );
        }
      } else {
        const available = size - h.headerBytes;
        if (available < h.dataBytes) throw truncatedDataError(path, h, available);
        if (available > h.dataBytes) throw trailingBytesError(path, h, available - h.dataBytes);
      }
    };
    const decoder = new IdxDecoder(path, onHeader);
    // The decoder's own error, kept aside: when the sink throws behind a gunzip stream, pipeline
    // reports the AbortError of tearing the streams down instead.
    let failure: unknown;
    const sink = async (source: AsyncIterable<Uint8Array>): Promise<void> => {
      try {
        for await (const chunk of source) decoder.push(chunk);
      } catch (e) {
        failure ??= e;
        throw e;
      }
    };
    const input = handle.createReadStream({ start: 0, autoClose: false, highWaterMark: 1 << 16 });
    try {
      if (gzip) await pipeline(input, createGunzip({ chunkSize: 1 << 16 }), sink);
      else await pipeline(input, sink);
    } catch (e) {
      if (failure !== undefined) throw failure;
      if (e instanceof IdxFormatError) throw e;
      if (gzip && isZlibError(e)) {
        const problem = e.code === 'Z_BUF_ERROR' ? 'truncated gzip data' : 'corrupt gzip data';
        throw new IdxFormatError(path, decoder.bytesSeen, problem, `zlib: ${e.message} (after ${decoder.bytesSeen} decompressed bytes)`, { cause: e });
      }
      throw e;
    }
    return decoder.end();
  } finally {
    await handle.close();
  }
}

function isZlibError(e: unknown): e is Error & { code: string } {
  if (!(e instanceof Error)) return false;
  const code = (e as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('Z_') || code.startsWith('ERR_ZLIB'));
}
