/**
 * The protobuf codec of the ONNX messages: bytes against hand-computed wire encodings, round trips
 * of every field type (property), packed and unpacked repeated fields, negative and large int64s,
 * unknown fields skipped, truncated input refused; PyTorch's files read and written back; tensors
 * to and from TensorProto.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tensor } from '@chainrule/autograd';
import { DataType, decodeModel, encodeModel, schemas } from '../src/onnx/proto.js';
import type { ModelProto } from '../src/onnx/proto.js';
import { decodeMessage, encodeMessage, ProtobufError } from '../src/onnx/protobuf.js';
import type { Schema } from '../src/onnx/protobuf.js';
import { fromProto, int64Proto, toProto } from '../src/onnx/tensors.js';

const RUNS = { numRuns: 200, seed: 5 };
const hex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' ');

const sample: Schema = {
  1: { name: 'i', type: 'int64' },
  2: { name: 'f', type: 'float' },
  3: { name: 'd', type: 'double' },
  4: { name: 's', type: 'string' },
  5: { name: 'b', type: 'bytes' },
  6: { name: 'is', type: 'int64', repeated: true },
  7: { name: 'fs', type: 'float', repeated: true },
  8: { name: 'ss', type: 'string', repeated: true },
  9: { name: 'm', type: () => sample },
  10: { name: 'ms', type: () => sample, repeated: true },
};

describe('protobuf wire format', () => {
  it('writes the bytes protobuf writes', () => {
    expect(hex(encodeMessage({ i: 150 }, sample))).toBe('08 96 01');
    expect(hex(encodeMessage({ i: -1 }, sample))).toBe('08 ff ff ff ff ff ff ff ff ff 01');
    expect(hex(encodeMessage({ s: 'hi' }, sample))).toBe('22 02 68 69');
    expect(hex(encodeMessage({ f: 1 }, sample))).toBe('15 00 00 80 3f');
    expect(hex(encodeMessage({ is: [3, 270] }, sample))).toBe('32 03 03 8e 02');
    expect(hex(encodeMessage({ m: { i: 1 } }, sample))).toBe('4a 02 08 01');
    expect(hex(encodeMessage({ i: 0, s: '' }, sample))).toBe('08 00 22 00');
    expect(hex(encodeModel({ irVersion: 8 }))).toBe('08 08');
  });

  it('round trips every field type (property)', () => {
    const leaf = fc.record(
      {
        i: fc.oneof(fc.integer(), fc.integer({ min: -(2 ** 53) + 1, max: 2 ** 53 - 1 })),
        f: fc.float({ noNaN: true, noDefaultInfinity: true }).map(Math.fround),
        d: fc.double({ noNaN: true }),
        s: fc.string({ unit: 'grapheme' }),
        b: fc.uint8Array({ maxLength: 200 }),
        is: fc.array(fc.integer({ min: -(2 ** 40), max: 2 ** 40 })),
        fs: fc.array(fc.float({ noNaN: true }).map(Math.fround)),
        ss: fc.array(fc.string()),
      },
      { requiredKeys: [] },
    );
    const msg = fc.record({ top: leaf, m: fc.option(leaf, { nil: undefined }), ms: fc.array(leaf, { maxLength: 3 }) });
    fc.assert(
      fc.property(msg, ({ top, m, ms }) => {
        const value = { ...top, ...(m === undefined ? {} : { m }), ms };
        const back = decodeMessage(encodeMessage(value, sample), sample);
        const norm = (v: Record<string, unknown>): Record<string, unknown> => ({ is: [], fs: [], ss: [], ms: [], ...v, ...(v.b ? { b: Array.from(v.b as Uint8Array) } : {}) });
        const strip = (v: Record<string, unknown>): Record<string, unknown> => {
          const out = norm(v);
          if (out.m) out.m = norm(out.m as Record<string, unknown>);
          out.ms = (out.ms as Record<string, unknown>[]).map(norm);
          return out;
        };
        expect(strip(back)).toEqual(strip(value));
      }),
      RUNS,
    );
  });

  it('reads repeated numbers packed and unpacked, the last of a repeated scalar, and skips unknown fields', () => {
    // is = [1, 2] unpacked, then packed [3]; i twice (the last wins); field 15 (varint), 16 (fixed64), 17 (bytes), 18 (fixed32) unknown
    const bytes = new Uint8Array([0x30, 0x01, 0x30, 0x02, 0x32, 0x01, 0x03, 0x08, 0x05, 0x08, 0x07, 0x78, 0x2a, 0x81, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 0x8a, 0x01, 0x01, 0x00, 0x95, 0x01, 1, 2, 3, 4]);
    expect(decodeMessage(bytes, sample)).toEqual({ is: [1, 2, 3], i: 7, fs: [], ss: [], ms: [] });
  });

  it('refuses truncated input and wire types that do not fit', () => {
    expect(() => decodeMessage(new Uint8Array([0x22, 0x05, 0x68]), sample)).toThrow(ProtobufError);
    expect(() => decodeMessage(new Uint8Array([0x08]), sample)).toThrow(/truncated/);
    expect(() => decodeMessage(new Uint8Array([0x0d, 0, 0, 0, 0]), sample)).toThrow(/field 1 \(i\) has wire type 5, expected 0/);
    expect(() => decodeMessage(new Uint8Array([0x7b]), sample)).toThrow(/unsupported wire type 3/);
    // 2^63 as a double saturates to INT64_MAX, which reads back as 2^63
    expect(decodeMessage(encodeMessage({ i: 2 ** 63 }, sample), sample).i).toBe(2 ** 63);
    expect(hex(encodeMessage({ i: 2 ** 63 }, sample))).toBe('08 ff ff ff ff ff ff ff ff 7f');
  });
});

describe('ONNX messages', () => {
  for (const name of ['mlp', 'cnn', 'text']) {
    it(`PyTorch's ${name}.onnx reads, and writes back to a file that reads the same`, () => {
      const bytes = new Uint8Array(readFileSync(new URL(`../../../test/golden/onnx/${name}.onnx`, import.meta.url)));
      const m: ModelProto = decodeModel(bytes);
      expect(m.irVersion).toBe(8);
      expect(m.producerName).toBe('pytorch');
      expect(m.graph!.node!.length).toBeGreaterThan(0);
      const again = decodeModel(encodeModel(m));
      expect(JSON.stringify(again, (_k, v: unknown) => (v instanceof Uint8Array ? Array.from(v) : v))).toBe(JSON.stringify(m, (_k, v: unknown) => (v instanceof Uint8Array ? Array.from(v) : v)));
    });
  }

  it('node and attribute schemas carry the field numbers of onnx.proto', () => {
    expect(Object.entries(schemas.node).map(([k, f]) => `${k}:${f.name}`)).toEqual(['1:input', '2:output', '3:name', '4:opType', '5:attribute', '6:docString', '7:domain']);
    expect(schemas.attribute[20]!.name).toBe('type');
    expect(schemas.tensor[9]!.name).toBe('rawData');
    expect(schemas.model[8]!.name).toBe('opsetImport');
  });
});

describe('tensors and TensorProto', () => {
  it('every dtype round trips through raw data', () => {
    for (const t of [tensor([[1.5, -2], [3, 4e-8]]), tensor([1e300, -0.1], { dtype: 'float64' }), tensor([-7, 2 ** 31 - 1], { dtype: 'int32' }), tensor([true, false, true], { dtype: 'bool' })]) {
      const p = toProto(t, 'x');
      const back = fromProto(p, 'x');
      expect([back.dtype, back.shape, back.tolist()]).toEqual([t.dtype, t.shape, t.tolist()]);
    }
  });

  it('int64 data: raw and in int64_data, clamped to int32 at the extremes (Slice bounds)', () => {
    expect(fromProto(int64Proto([-1, 5, 9223372036854775807 as number]), 'p').tolist()).toEqual([-1, 5, 2 ** 31 - 1]);
    expect(fromProto({ dataType: DataType.INT64, dims: [2], int64Data: [-3, 4] }, 'p').tolist()).toEqual([-3, 4]);
    expect(fromProto({ dataType: DataType.UINT8, dims: [2], rawData: new Uint8Array([255, 1]) }, 'p').tolist()).toEqual([255, 1]);
    expect(fromProto({ dataType: DataType.BFLOAT16, dims: [1], int32Data: [0x3fc0] }, 'p').tolist()).toEqual([1.5]);
  });

  it('refuses strings, external data and data of the wrong size, naming the tensor', () => {
    expect(() => fromProto({ dataType: DataType.STRING, dims: [1], name: 's' }, "initializer 's'")).toThrow(/initializer 's' has element type STRING/);
    expect(() => fromProto({ dataType: DataType.FLOAT, dims: [2], dataLocation: 1 }, 'w')).toThrow(/external file/);
    expect(() => fromProto({ dataType: DataType.FLOAT, dims: [3], rawData: new Uint8Array(8) }, 'w')).toThrow(/w has 8 bytes of raw data, expected 12/);
    expect(() => fromProto({ dataType: DataType.FLOAT, dims: [3], floatData: [1] }, 'w')).toThrow(/w has 1 values for shape \[3\]/);
  });
});
