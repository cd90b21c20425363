import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { encodeIdx, IdxFormatError, parseIdx, readIdxFile } from '@chainrule/data';
import type { IdxArray, IdxDType } from '@chainrule/data';
import { IdxDecoder } from '../src/idx/decoder.js';

const dir = mkdtempSync(join(tmpdir(), 'chainrule-idx-'));
let fileNo = 0;
const write = (bytes: Uint8Array, name = `f${fileNo++}.idx`): string => {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
};

const DTYPES: Record<IdxDType, { array: (n: number) => IdxArray['data']; value: fc.Arbitrary<number> }> = {
  uint8: { array: (n) => new Uint8Array(n), value: fc.integer({ min: 0, max: 255 }) },
  int8: { array: (n) => new Int8Array(n), value: fc.integer({ min: -128, max: 127 }) },
  int16: { array: (n) => new Int16Array(n), value: fc.integer({ min: -32768, max: 32767 }) },
  int32: { array: (n) => new Int32Array(n), value: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }) },
  float32: { array: (n) => new Float32Array(n), value: fc.float({ noNaN: true }) },
  float64: { array: (n) => new Float64Array(n), value: fc.double({ noNaN: true }) },
};

const idxArray: fc.Arbitrary<IdxArray> = fc
  .tuple(fc.constantFrom(...(Object.keys(DTYPES) as IdxDType[])), fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 4 }))
  .chain(([dtype, shape]) => {
    const n = shape.reduce((a, b) => a * b, 1);
    return fc.array(DTYPES[dtype].value, { minLength: n, maxLength: n }).map((values) => {
      const data = DTYPES[dtype].array(n);
      values.forEach((v, i) => (data[i] = v));
      return { dtype, shape, data };
    });
  });

const expectIdxError = (fn: () => unknown, file: string, offset: number, problem: RegExp): void => {
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(IdxFormatError);
  const e = err as IdxFormatError;
  expect(e.file).toBe(file);
  expect(e.offset).toBe(offset);
  expect(e.message).toMatch(problem);
  expect(e.message.startsWith(`${file}: `)).toBe(true);
  expect(e.message).toContain(`at byte ${offset}`);
};

const expectIdxErrorAsync = async (p: Promise<unknown>, file: string, offset: number | null, problem: RegExp): Promise<IdxFormatError> => {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(IdxFormatError);
  const err = e as IdxFormatError;
  expect(err.file).toBe(file);
  if (offset !== null) expect(err.offset).toBe(offset);
  expect(err.message).toMatch(problem);
  expect(err.message).toContain(`at byte ${err.offset}`);
  return err;
};

describe('encodeIdx / parseIdx', () => {
  it('round-trips every dtype and shape, big-endian on disk (property)', () => {
    fc.assert(
      fc.property(idxArray, (a) => {
        const bytes = encodeIdx(a);
        const b = parseIdx(bytes);
        expect(b.dtype).toBe(a.dtype);
        expect(b.shape).toEqual(a.shape);
        expect(b.data.constructor).toBe(a.data.constructor);
        expect(Array.from(b.data)).toEqual(Array.from(a.data));
        expect(b.data.buffer).not.toBe(bytes.buffer);
      }),
    );
  });

  it('writes the documented header, big-endian', () => {
    const bytes = encodeIdx({ dtype: 'int16', shape: [2], data: new Int16Array([1, -2]) });
    expect(Array.from(bytes)).toEqual([0, 0, 0x0b, 1, 0, 0, 0, 2, 0, 1, 0xff, 0xfe]);
  });

  it('the streaming decoder gives the same array for any split of the bytes into chunks (property)', () => {
    fc.assert(
      fc.property(idxArray, fc.array(fc.nat(), { maxLength: 8 }), (a, cuts) => {
        const bytes = encodeIdx(a);
        const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((x, y) => x - y);
        const dec = new IdxDecoder('chunks.idx');
        let at = 0;
        for (const p of [...points, bytes.length]) {
          dec.push(bytes.subarray(at, p));
          at = p;
        }
        const b = dec.end();
        expect(b.shape).toEqual(a.shape);
        expect(Array.from(b.data)).toEqual(Array.from(a.data));
      }),
    );
  });

  it('names the problem and its byte offset for every malformed header', () => {
    expectIdxError(() => parseIdx(new Uint8Array([1, 2, 8, 1]), 'bad.idx'), 'bad.idx', 0, /bad magic.*found 0x01 0x02/);
    expectIdxError(() => parseIdx(gzipSync(new Uint8Array([0, 0, 8, 1, 0, 0, 0, 0])), 'x.gz'), 'x.gz', 0, /this is gzip data/);
    expectIdxError(() => parseIdx(new Uint8Array([0, 0, 7, 1, 0, 0, 0, 0]), 'd.idx'), 'd.idx', 2, /unknown dtype byte 0x07/);
    expectIdxError(() => parseIdx(new Uint8Array([0, 0, 8, 0])), '<idx bytes>', 3, /bad dimension count 0/);
    expectIdxError(() => parseIdx(new Uint8Array([0, 0, 8, 9])), '<idx bytes>', 3, /bad dimension count 9/);
    expectIdxError(() => parseIdx(new Uint8Array([]), 'e.idx'), 'e.idx', 0, /truncated header.*file is empty/);
    expectIdxError(() => parseIdx(new Uint8Array([0, 0, 8, 2, 0, 0, 0, 1, 0, 0]), 'h.idx'), 'h.idx', 8, /truncated header at byte 8: expected a header of 12 bytes, file ends after 10 bytes/);
    const huge = new Uint8Array([0, 0, 8, 2, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 2]);
    expectIdxError(() => parseIdx(huge, 'big.idx'), 'big.idx', 4, /dimension product too large/);
  });

  it('names the offset of truncated data and trailing bytes', () => {
    const good = encodeIdx({ dtype: 'int32', shape: [3], data: new Int32Array([1, 2, 3]) });
    expectIdxError(() => parseIdx(good.subarray(0, 13), 't.idx'), 't.idx', 8, /truncated data at byte 8: expected 12 bytes of int32 data, file ends after 5/);
    const extra = new Uint8Array([...good, 7, 7]);
    expectIdxError(() => parseIdx(extra, 'x.idx'), 'x.idx', 20, /trailing bytes at byte 20: 2 bytes after the 12 bytes of int32 data declared by shape \[3\]/);
  });
});

describe('readIdxFile', () => {
  const big: IdxArray = { dtype: 'float64', shape: [3000, 5], data: Float64Array.from({ length: 15000 }, (_, i) => Math.sin(i) * 1e3) };

  it('reads raw and gzipped files (content-detected, many chunks) to the same array', async () => {
    const raw = write(encodeIdx(big), 'big-raw');
    const gz = write(gzipSync(encodeIdx(big)), 'big.idx.gz');
    for (const p of [raw, gz]) {
      const a = await readIdxFile(p);
      expect(a.dtype).toBe('float64');
      expect(a.shape).toEqual([3000, 5]);
      expect(a.data).toEqual(big.data);
    }
  });

  it('rejects a truncated or padded raw file before allocating, naming file and offset', async () => {
    const bytes = encodeIdx({ dtype: 'uint8', shape: [10], data: new Uint8Array(10) });
    const short = write(bytes.subarray(0, 12));
    await expectIdxErrorAsync(readIdxFile(short), short, 8, /truncated data at byte 8: expected 10 bytes of uint8 data, file ends after 4/);
    const long = write(new Uint8Array([...bytes, 1]));
    await expectIdxErrorAsync(readIdxFile(long), long, 18, /trailing bytes/);
    const header = write(bytes.subarray(0, 6));
    await expectIdxErrorAsync(readIdxFile(header), header, 4, /truncated header/);
    const magic = write(new Uint8Array([0, 1, 8, 1, 0, 0, 0, 0]));
    await expectIdxErrorAsync(readIdxFile(magic), magic, 0, /bad magic/);
  });

  it("reports the decoder's error for gzipped files too (not the stream teardown)", async () => {
    const p = write(gzipSync(new Uint8Array([0, 1, 8, 1, 0, 0, 0, 0])), 'magic.gz');
    await expectIdxErrorAsync(readIdxFile(p), p, 0, /bad magic at byte 0/);
    const q = write(gzipSync(new Uint8Array([0, 0, 8, 1, 0, 0, 0, 1, 5, 6])), 'trailing.gz');
    await expectIdxErrorAsync(readIdxFile(q), q, 9, /trailing bytes at byte 9/);
  });

  it('rejects a gzip file cut short, naming the decompressed byte offset', async () => {
    const gz = gzipSync(encodeIdx(big));
    const cut = write(gz.subarray(0, Math.floor(gz.length / 2)), 'cut.gz');
    const e = await expectIdxErrorAsync(readIdxFile(cut), cut, null, /truncated (gzip )?data/);
    expect(e.offset).toBeGreaterThanOrEqual(0);
    expect(e.offset).toBeLessThan(16 + 15000 * 8);
  });

  it('rejects a gzip file whose IDX content is truncated, at the offset where the data starts', async () => {
    const bytes = encodeIdx({ dtype: 'int16', shape: [4], data: new Int16Array(4) });
    const p = write(gzipSync(bytes.subarray(0, 10)), 'short-content.gz');
    await expectIdxErrorAsync(readIdxFile(p), p, 8, /truncated data at byte 8: expected 8 bytes of int16 data, file ends after 2/);
  });

  it('rejects corrupt gzip data (bad deflate bytes, bad checksum)', async () => {
    const gz = gzipSync(encodeIdx(big));
    const bad = Uint8Array.from(gz);
    for (let i = 40; i < 60; i++) bad[i] = bad[i]! ^ 0xff;
    const p = write(bad, 'corrupt.gz');
    await expectIdxErrorAsync(readIdxFile(p), p, null, /corrupt gzip data at byte \d+: zlib: /);
    const crc = Uint8Array.from(gzipSync(encodeIdx({ dtype: 'uint8', shape: [2], data: new Uint8Array([1, 2]) })));
    crc[crc.length - 8] = crc[crc.length - 8]! ^ 0xff; // the CRC32 of the trailer
    const q = write(crc, 'crc.gz');
    await expectIdxErrorAsync(readIdxFile(q), q, null, /corrupt gzip data/);
  });

  it('rejects a small gzip file that declares more data than it can hold', async () => {
    const p = write(gzipSync(new Uint8Array([0, 0, 8, 1, 0x7f, 0xff, 0xff, 0xff])), 'bomb.gz');
    await expectIdxErrorAsync(readIdxFile(p), p, 8, /decompresses to at most/);
  });

  it('passes file-system errors through', async () => {
    await expect(readIdxFile(join(dir, 'missing.idx'))).rejects.toThrow(/ENOENT/);
  });
});
