/**
 * safetensors in and out: PyTorch's file loads into the matching Sequential and gives PyTorch's
 * logits; save → load is bit-identical for every dtype; every kind of malformed file is refused
 * with a SafetensorsError naming the problem (and a fuzz test: mutated files never throw anything
 * else, never hang, never allocate much).
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tensor } from '@chainrule/autograd';
import type { Tensor } from '@chainrule/autograd';
import { decodeSafetensors, encodeSafetensors, loadSafetensors, nn, saveSafetensors, SafetensorsError } from '@chainrule/nn';
import type { SafetensorsEntry } from '@chainrule/nn';
import { goldenDir, readGolden } from '../../../test/golden/read.js';
import type { Record_ } from '../../../test/golden/read.js';
import { seededTensor } from '../../../test/golden/seeded.js';
import { interop } from '../../../test/registry/optim.js';

// ---- helpers -------------------------------------------------------------------------------

const enc = new TextEncoder();

/** A file from a header text and a data section (header padded with spaces to 8 bytes). */
function file(header: string, data: Uint8Array = new Uint8Array(0), headerLength?: bigint): Uint8Array {
  const json = enc.encode(header);
  const padded = Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(8 + padded + data.length);
  new DataView(out.buffer).setBigUint64(0, headerLength ?? BigInt(padded), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + padded);
  out.set(data, 8 + padded);
  return out;
}

/** Expects a SafetensorsError whose message matches. */
function refuses(bytes: Uint8Array, message: RegExp): void {
  let err: unknown;
  try {
    loadSafetensors(bytes);
  } catch (e) {
    err = e;
  }
  expect(err, 'should throw').toBeInstanceOf(SafetensorsError);
  expect((err as Error).message).toMatch(message);
}

const sameBits = (a: ArrayBufferView, b: ArrayBufferView): boolean =>
  a.byteLength === b.byteLength &&
  new Uint8Array(a.buffer, a.byteOffset, a.byteLength).every((v, i) => v === new Uint8Array(b.buffer, b.byteOffset, b.byteLength)[i]);

// ---- PyTorch's file --------------------------------------------------------------------------

describe("PyTorch's weights (test/golden/mlp.safetensors, written by `pnpm golden`)", () => {
  const ref = readGolden<{ file: string; logits: Record_ }>('interop.json').cases.mlp!;
  const bytes = new Uint8Array(readFileSync(goldenDir + ref.file));
  const model = new nn.Sequential(new nn.Linear(6, 8), new nn.Tanh(), new nn.Linear(8, 8), new nn.ReLU(), new nn.Linear(8, 3));

  it(`${ref.file} loads into the matching Sequential and gives PyTorch's logits (≤ 1e-5)`, () => {
    const { tensors, metadata } = loadSafetensors(bytes, { metadata: true });
    expect(metadata.format).toBe('pt');
    expect(Object.keys(tensors).sort()).toEqual(Object.keys(model.stateDict()).sort());
    expect(Object.values(tensors).every((t) => t.dtype === 'float32')).toBe(true);
    expect(model.loadStateDict(tensors)).toEqual({ missingKeys: [], unexpectedKeys: [] });
    // the float32 weights are the seeded float64 values PyTorch's side set, rounded to float32
    for (const [k, t] of Object.entries(tensors)) {
      expect([...t.toArray()]).toEqual([...seededTensor({ shape: t.shape, min: -0.5, max: 0.5, dtype: 'float32' }, `mlp#p:${k}`).toArray()]);
    }
    const logits = model.forward(seededTensor({ shape: interop.mlp.x, dtype: 'float32' }, 'mlp#x', false));
    expect(logits.shape).toEqual(ref.logits.shape);
    const got = logits.toArray();
    const worst = Math.max(...ref.logits.data.map((v, i) => Math.abs(got[i]! - Number(v)) / Math.max(Math.abs(Number(v)), 1e-3)));
    console.log(`${ref.file}: worst logit rel err ${worst.toExponential(2)}`);
    expect(worst).toBeLessThanOrEqual(1e-5);
  });

  it(`${ref.file}: re-encoding the decoded file gives the same bytes`, () => {
    const { tensors, metadata } = decodeSafetensors(bytes);
    expect(sameBits(encodeSafetensors(tensors, metadata), bytes)).toBe(true);
  });
});

// ---- round trips ------------------------------------------------------------------------------

describe('round trips', () => {
  it('saveSafetensors → loadSafetensors is bit-identical for float32, float64, int32, bool', () => {
    const tensors: Record<string, Tensor> = {
      f32: tensor([0, -0, 1.5, -3.25e-41, 3.4028234663852886e38, Infinity, -Infinity, NaN, Math.fround(Math.PI)], { dtype: 'float32' }),
      f64: tensor([Math.PI, -0, 5e-324, Number.MAX_VALUE, -Infinity, NaN], { dtype: 'float64', shape: [2, 3] }),
      i32: tensor([-2147483648, 2147483647, 0, -1], { dtype: 'int32', shape: [2, 2] }),
      mask: tensor([true, false, true], { dtype: 'bool' }),
      scalar: tensor(2.5, { dtype: 'float64' }),
      empty: tensor([], { dtype: 'float32', shape: [0, 3] }),
      strided: tensor([[1, 2, 3], [4, 5, 6]], { dtype: 'float64' }).t(), // a non-contiguous view
    };
    const bytes = saveSafetensors(tensors, { format: 'pt', note: 'round trip' });
    const { tensors: back, metadata } = loadSafetensors(bytes, { metadata: true });
    expect({ ...metadata }).toEqual({ format: 'pt', note: 'round trip' });
    expect(Object.keys(back)).toEqual(Object.keys(tensors));
    for (const [k, t] of Object.entries(tensors)) {
      const b = back[k]!;
      expect([b.dtype, b.shape], k).toEqual([t.dtype, t.shape]);
      expect(sameBits(b.toArray(), t.toArray()), k).toBe(true);
    }
    // and the bytes are stable: save(load(save(x))) = save(x)
    expect(sameBits(saveSafetensors(back, { format: 'pt', note: 'round trip' }), bytes)).toBe(true);
  });

  it('a model state dict round-trips through a file and reloads strictly', () => {
    const a = new nn.Sequential(new nn.Linear(5, 4, { dtype: 'float64' }), new nn.ReLU(), new nn.Linear(4, 2, { dtype: 'float64' }));
    const b = new nn.Sequential(new nn.Linear(5, 4, { dtype: 'float64' }), new nn.ReLU(), new nn.Linear(4, 2, { dtype: 'float64' }));
    b.loadStateDict(loadSafetensors(saveSafetensors(a.stateDict())));
    for (const [k, v] of Object.entries(a.stateDict())) expect(sameBits(b.stateDict()[k]!.toArray(), v.toArray())).toBe(true);
  });

  it('codec: decode(encode(x)) is bit-identical for every dtype, NaN payloads and subnormals included', () => {
    const entry = fc.constantFrom('F64', 'F32', 'F16', 'BF16', 'I64', 'I32', 'I16', 'I8', 'U8', 'BOOL').chain((dtype) =>
      fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 3 }).chain((shape) => {
        const n = shape.reduce((p, d) => p * d, 1);
        const size = { F64: 8, F32: 4, F16: 2, BF16: 2, I64: 8, I32: 4, I16: 2, I8: 1, U8: 1, BOOL: 1 }[dtype];
        return fc.uint8Array({ minLength: n * size, maxLength: n * size }).map((raw) => {
          if (dtype === 'BOOL') raw = raw.map((v) => v & 1);
          return { dtype, shape, raw };
        });
      }),
    );
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(fc.string({ minLength: 1, maxLength: 8 }), entry), { maxLength: 5, selector: ([n]) => n }), (items) => {
        const named = items.filter(([n]) => n !== '__metadata__');
        // a file written by hand, read, re-encoded: same bytes
        let offset = 0;
        const parts: string[] = [];
        for (const [name, { dtype, shape, raw }] of named) {
          parts.push(`${JSON.stringify(name)}:{"dtype":"${dtype}","shape":[${shape.join(',')}],"data_offsets":[${offset},${offset + raw.length}]}`);
          offset += raw.length;
        }
        const data = new Uint8Array(offset);
        let at = 0;
        for (const [, { raw }] of named) {
          data.set(raw, at);
          at += raw.length;
        }
        const bytes = file(`{${parts.join(',')}}`, data);
        const decoded = decodeSafetensors(bytes);
        expect([...decoded.tensors.keys()]).toEqual(named.map(([n]) => n));
        expect(sameBits(encodeSafetensors(decoded.tensors), bytes)).toBe(true);
      }),
      { numRuns: 150, seed: 5 },
    );
  });

  it('F16/BF16 are upcast to float32 exactly and can be written back (halfDtype)', () => {
    // 1, -2, 65504 (max half), 2^-24 (smallest subnormal), inf, NaN
    const f16 = new Uint16Array([0x3c00, 0xc000, 0x7bff, 0x0001, 0x7c00, 0x7e00]);
    // 1, -2, 3.3895314e38 (max bf16), 2^-133 (subnormal), -inf
    const bf16 = new Uint16Array([0x3f80, 0xc000, 0x7f7f, 0x0001, 0xff80]);
    const data = new Uint8Array(f16.byteLength + bf16.byteLength);
    data.set(new Uint8Array(f16.buffer));
    data.set(new Uint8Array(bf16.buffer), f16.byteLength);
    const bytesF16 = file(`{"h":{"dtype":"F16","shape":[6],"data_offsets":[0,12]},"b":{"dtype":"BF16","shape":[5],"data_offsets":[12,22]}}`, data);
    const t = loadSafetensors(bytesF16);
    expect(t.h!.dtype).toBe('float32');
    expect([...t.h!.toArray()]).toEqual([1, -2, 65504, 2 ** -24, Infinity, NaN]);
    expect([...t.b!.toArray()]).toEqual([1, -2, 3.3895313892515355e38, 2 ** -133, -Infinity]);
    const h = saveSafetensors({ h: t.h! }, undefined, { halfDtype: 'F16' });
    expect(decodeSafetensors(h).tensors.get('h')!.dtype).toBe('F16');
    expect([...loadSafetensors(h).h!.toArray()]).toEqual([...t.h!.toArray()]);
    const b = saveSafetensors({ b: t.b! }, undefined, { halfDtype: 'BF16' });
    expect([...loadSafetensors(b).b!.toArray()]).toEqual([...t.b!.toArray()]);
  });

  it('I64 loads as int32 with a range check; I16 as int32; U8 as uint8 and I8 as int8, and they save back as U8 and I8', () => {
    const entries = new Map<string, SafetensorsEntry>([
      ['ids', { dtype: 'I64', shape: [3], data: new BigInt64Array([-2147483648n, 0n, 2147483647n]) }],
      ['u8', { dtype: 'U8', shape: [2], data: new Uint8Array([0, 255]) }],
      ['i16', { dtype: 'I16', shape: [1], data: new Int16Array([-300]) }],
      ['i8', { dtype: 'I8', shape: [1], data: new Int8Array([-7]) }],
    ]);
    const t = loadSafetensors(encodeSafetensors(entries));
    expect([t.ids!.dtype, t.u8!.dtype, t.i16!.dtype, t.i8!.dtype]).toEqual(['int32', 'uint8', 'int32', 'int8']);
    expect([...t.ids!.toArray(), ...t.u8!.toArray(), ...t.i16!.toArray(), ...t.i8!.toArray()]).toEqual([-2147483648, 0, 2147483647, 0, 255, -300, -7]);
    const back = decodeSafetensors(saveSafetensors({ u8: t.u8!, i8: t.i8! })).tensors;
    expect([back.get('u8')!.dtype, back.get('i8')!.dtype]).toEqual(['U8', 'I8']);
    expect([...back.get('u8')!.data, ...back.get('i8')!.data]).toEqual([0, 255, -7]);
    const big = encodeSafetensors(new Map([['ids', { dtype: 'I64', shape: [2], data: new BigInt64Array([1n, 2n ** 40n]) }]]));
    refuses(big, /"ids": I64 element 1 is 1099511627776, outside the int32 range/);
  });

  it('saveSafetensors refuses bad names and values', () => {
    expect(() => saveSafetensors({ __metadata__: tensor([1]) })).toThrow(SafetensorsError);
    expect(() => saveSafetensors(new Map([['__proto__', tensor([1])]]))).toThrow(/"__proto__" is not allowed/);
    expect(() => saveSafetensors({ a: 3 as unknown as Tensor })).toThrow(/expected a Tensor/);
    expect(() => saveSafetensors({ a: tensor([1]) }, { k: 1 as unknown as string })).toThrow(/metadata value/);
  });
});

// ---- malformed files ---------------------------------------------------------------------------

describe('malformed files give a SafetensorsError naming the problem', () => {
  const good = saveSafetensors({ w: tensor([1, 2, 3, 4], { dtype: 'float32', shape: [2, 2] }), b: tensor([5, 6], { dtype: 'float32' }) }, { format: 'pt' });
  const f32 = (...v: number[]): Uint8Array => new Uint8Array(new Float32Array(v).buffer);

  it('the reference file is fine', () => expect(Object.keys(loadSafetensors(good))).toEqual(['w', 'b']));

  it('too short for the length prefix', () => {
    refuses(new Uint8Array(0), /file is too short: 0 bytes/);
    refuses(new Uint8Array(5), /file is too short: 5 bytes/);
  });

  it('truncated anywhere', () => {
    refuses(good.subarray(0, good.length - 1), /data_offsets \[\d+, \d+\] run past the end of the data section/);
    refuses(good.subarray(0, 20), /header length \d+ runs past the end of the file/);
    for (let n = 0; n < good.length; n++) expect(() => loadSafetensors(good.subarray(0, n))).toThrow(SafetensorsError);
  });

  it('header length past the end of the file', () => {
    refuses(file('{}', new Uint8Array(0), 4096n), /header length 4096 runs past the end of the file: only 8 bytes follow/);
  });

  it('huge header length (no allocation)', () => {
    refuses(file('{}', new Uint8Array(0), 2n ** 63n), /header length 9223372036854775808 is larger than the 100000000-byte limit/);
    refuses(file('{}', new Uint8Array(0), 2n ** 64n - 1n), /larger than the 100000000-byte limit and runs past the end/);
  });

  it('invalid JSON', () => {
    refuses(file('{"w": {"dtype": "F32",'), /header is not valid JSON/);
    refuses(file("{'w': 1}"), /header is not valid JSON: expected a string key/);
    refuses(file('[1, 2]'), /header must be a JSON object/);
    refuses(file('{"a":1} x'), /after the end of the JSON value/);
    refuses(file('{"a": {"dtype": "F32", "dtype": "F64"}}'), /duplicate key "dtype"/);
    refuses(file('['.repeat(100_000)), /nested more than 64 levels deep/);
    const badUtf8 = file('{"\u00e9":1}');
    badUtf8[10] = 0xff;
    refuses(badUtf8, /header is not valid UTF-8/);
  });

  it('offsets out of range', () => {
    refuses(file('{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}', f32(1)), /tensor "w": data_offsets \[0, 8\] run past the end of the data section, which has 4 bytes/);
    refuses(file('{"w":{"dtype":"F32","shape":[1],"data_offsets":[8,4]}}', f32(1, 2)), /data_offsets begin 8 is greater than end 4/);
    refuses(file('{"w":{"dtype":"F32","shape":[1],"data_offsets":[-4,0]}}', f32(1)), /two non-negative safe integers/);
    refuses(file('{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4.5]}}', f32(1)), /two non-negative safe integers/);
    refuses(file('{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,99999999999999999999]}}', f32(1)), /two non-negative safe integers/);
  });

  it('overlapping tensors, holes and trailing bytes', () => {
    const two = '"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}';
    refuses(file(`{${two}}`, f32(1, 2, 3)), /tensors "a" \[0, 8\] and "b" \[4, 12\] overlap/);
    refuses(file('{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}', f32(1, 2)), /gap in the data section: bytes \[0, 4\)/);
    refuses(file('{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}', f32(1, 2)), /4 trailing bytes that belong to no tensor/);
  });

  it('unknown dtype', () => {
    refuses(file('{"w":{"dtype":"F8_E4M3","shape":[1],"data_offsets":[0,1]}}', new Uint8Array(1)), /tensor "w": unknown dtype "F8_E4M3" \(supported: F64, F32/);
    refuses(file('{"w":{"dtype":"constructor","shape":[1],"data_offsets":[0,1]}}', new Uint8Array(1)), /unknown dtype "constructor"/);
    refuses(file('{"w":{"dtype":7,"shape":[1],"data_offsets":[0,1]}}', new Uint8Array(1)), /field "dtype" must be a string/);
  });

  it('shape and size mismatch', () => {
    refuses(file('{"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}', f32(1, 2)), /span 8 bytes, but shape \[3\] of dtype F32 needs 12 bytes/);
    refuses(file('{"w":{"dtype":"F32","shape":[2,-1],"data_offsets":[0,8]}}', f32(1, 2)), /dimension 1 is number -1/);
    refuses(file('{"w":{"dtype":"F32","shape":"2","data_offsets":[0,8]}}', f32(1, 2)), /shape must be an array/);
    refuses(file('{"w":{"dtype":"F32","data_offsets":[0,8]}}', f32(1, 2)), /missing field "shape"/);
    // a shape of 2^80 elements is refused from the header alone, without allocating
    refuses(file('{"w":{"dtype":"F64","shape":[1099511627776,1099511627776],"data_offsets":[0,8]}}', new Uint8Array(8)), /more than 2\^53 - 1 elements/);
    refuses(file('{"w":{"dtype":"F64","shape":[1048576,1048576],"data_offsets":[0,8]}}', new Uint8Array(8)), /needs 8796093022208 bytes/);
    refuses(file('{"w":{"dtype":"BOOL","shape":[2],"data_offsets":[0,2]}}', new Uint8Array([1, 2])), /BOOL element 1 is 2/);
  });

  it('a tensor named __proto__ (or constructor/prototype) is refused, nothing is polluted', () => {
    const bytes = file('{"__proto__":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}', f32(1));
    // the codec keeps it as an ordinary key of a Map...
    expect([...decodeSafetensors(bytes).tensors.keys()]).toEqual(['__proto__']);
    // ...the tensor-record API refuses it
    refuses(bytes, /tensor name "__proto__" is not allowed/);
    refuses(file('{"constructor":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}', f32(1)), /"constructor" is not allowed/);
    expect(({} as Record<string, unknown>).dtype).toBeUndefined();
    const meta = file('{"__metadata__":{"__proto__":"x"},"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}', f32(1));
    const { metadata } = loadSafetensors(meta, { metadata: true });
    expect(Object.getPrototypeOf(metadata)).toBeNull();
    expect(metadata.__proto__).toBe('x');
  });

  it('JSON.parse keeps "__proto__" as an ordinary own key: the header reader relies on it', () => {
    const parsed = JSON.parse('{"__proto__": {"dtype": "F32"}, "a": 1}') as Record<string, unknown>;
    expect(Object.hasOwn(parsed, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(Object.keys(parsed)).toEqual(['__proto__', 'a']);
    expect((parsed as { dtype?: unknown }).dtype).toBeUndefined();
    // and so through the codec: the entry's own fields are read, nothing is inherited or polluted
    const bytes = file('{"__proto__":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"__metadata__":{"__proto__":"m"}}', f32(1.5, -2));
    const { tensors, metadata } = decodeSafetensors(bytes);
    expect([...tensors.keys()]).toEqual(['__proto__']);
    expect(tensors.get('__proto__')).toEqual({ dtype: 'F32', shape: [2], data: new Float32Array([1.5, -2]) });
    expect(Object.getPrototypeOf(metadata)).toBeNull();
    expect(Object.keys(metadata)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).dtype).toBeUndefined();
  });

  it('tensors come back in the order of their data (data_offsets), not of the header or of JS keys', () => {
    const entry = (begin: number, end: number): string => `{"dtype":"F32","shape":[${(end - begin) / 4}],"data_offsets":[${begin},${end}]}`;
    const order = (header: string, data: Uint8Array): string[] => [...decodeSafetensors(file(header, data)).tensors.keys()];
    expect(order(`{"b":${entry(4, 8)},"a":${entry(0, 4)}}`, f32(1, 2))).toEqual(['a', 'b']);
    // integer-like names, which a JS object would list first and in numeric order
    expect(order(`{"2":${entry(4, 8)},"x":${entry(8, 12)},"10":${entry(0, 4)}}`, f32(1, 2, 3))).toEqual(['10', '2', 'x']);
    // empty tensors at one offset keep their header order, before the tensor that starts there
    expect(order(`{"z":${entry(0, 0)},"w":${entry(0, 4)},"y":${entry(0, 0)}}`, f32(1))).toEqual(['z', 'y', 'w']);
    const { tensors } = decodeSafetensors(file(`{"b":${entry(4, 8)},"a":${entry(0, 4)}}`, f32(1, 2)));
    expect([tensors.get('a')!.data, tensors.get('b')!.data]).toEqual([new Float32Array([1]), new Float32Array([2])]);
  });

  it('errors in the header name the file byte offset, counting UTF-8 bytes', () => {
    const at = (header: string, before: string): number => 8 + enc.encode(header.slice(0, header.indexOf(before))).length;
    const dup = '{"é€":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"é€":1}';
    refuses(file(dup, f32(1)), new RegExp(`duplicate key "é€" at file byte offset ${at(dup, '"é€":1')}$`));
    const syntax = '{"é€": tru}';
    refuses(file(syntax), new RegExp(`header is not valid JSON: unexpected character 't', expected a value at file byte offset ${at(syntax, 'tru')}$`));
    const dtype = '{"é€":{"dtype":"F8_E4M3","shape":[1],"data_offsets":[0,1]}}';
    refuses(file(dtype, new Uint8Array(1)), new RegExp(`unknown dtype "F8_E4M3" .*\\(at file byte offset ${at(dtype, '"F8_E4M3"')}\\)$`));
    const badUtf8 = file('{"\u00e9":1}');
    badUtf8[11] = 0xff; // the second byte of é
    refuses(badUtf8, /header is not valid UTF-8: invalid byte 0xff at file byte offset 11$/);
    const truncated = file('{"a":1} ');
    truncated[truncated.length - 1] = 0xe2; // the first byte of a three-byte sequence, then the end
    refuses(truncated, /header is not valid UTF-8: truncated multi-byte sequence at the end of the header/);
    // a byte order mark is not JSON whitespace: refused, as by the reference implementation
    refuses(file('\ufeff{}'), /header is not valid JSON: unexpected character U\+FEFF, expected a value at file byte offset 8$/);
  });

  it('bad metadata', () => {
    refuses(file('{"__metadata__":{"a":1}}'), /"__metadata__" value for key "a" must be a string/);
    refuses(file('{"__metadata__":[1]}'), /"__metadata__" must be an object/);
  });

  it('not a Uint8Array', () => {
    expect(() => loadSafetensors([1, 2, 3] as unknown as Uint8Array)).toThrow(/expects a Uint8Array/);
  });

  it('fuzz: random byte mutations, truncations and extensions throw only SafetensorsError, quickly', () => {
    const rich = saveSafetensors(
      {
        a: tensor([1, 2, 3], { dtype: 'float64' }),
        b: tensor([[1, 2], [3, 4]], { dtype: 'int32' }),
        c: tensor([true, false], { dtype: 'bool' }),
        d: tensor([0.5, -0.25], { dtype: 'float32' }),
      },
      { format: 'pt' },
    );
    const mutation = fc.record({
      edits: fc.array(fc.tuple(fc.nat({ max: rich.length - 1 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }),
      cut: fc.option(fc.nat({ max: rich.length }), { nil: undefined }),
      extra: fc.uint8Array({ maxLength: 16 }),
    });
    let ok = 0;
    let refused = 0;
    fc.assert(
      fc.property(mutation, ({ edits, cut, extra }) => {
        let bytes = rich.slice();
        for (const [at, v] of edits) bytes[at] = v;
        if (cut !== undefined) bytes = bytes.slice(0, cut);
        if (extra.length > 0) {
          const longer = new Uint8Array(bytes.length + extra.length);
          longer.set(bytes);
          longer.set(extra, bytes.length);
          bytes = longer;
        }
        const t0 = performance.now();
        try {
          loadSafetensors(bytes);
          ok++;
        } catch (e) {
          if (!(e instanceof SafetensorsError)) throw e;
          expect(e.message.length).toBeGreaterThan(10);
          refused++;
        }
        expect(performance.now() - t0).toBeLessThan(250);
      }),
      { numRuns: 2000, seed: 17 },
    );
    expect(refused).toBeGreaterThan(0);
    expect(ok + refused).toBe(2000);
  });

  it('fuzz: arbitrary bytes behind a plausible length prefix', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), (body, n) => {
        const bytes = new Uint8Array(8 + body.length);
        new DataView(bytes.buffer).setBigUint64(0, n % 4n === 0n ? BigInt(body.length) : n, true);
        bytes.set(body, 8);
        try {
          loadSafetensors(bytes);
        } catch (e) {
          if (!(e instanceof SafetensorsError)) throw e;
        }
      }),
      { numRuns: 1000, seed: 3 },
    );
  });
});
