/**
 * Inputs that the tests and the Python generator (gen/seeded.py, the same arithmetic) both make
 * from a seed, so the stored PyTorch references hold only what the tests compare: a case's name
 * hashes to a seed, each input draws its values from mulberry32 streams seeded from it.
 */
import { tensor } from '@chainrule/autograd';
import type { Tensor } from '@chainrule/autograd';
import type { Input } from '../registry/types.js';

/** 32-bit FNV-1a of an ASCII string. */
export function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h >>> 0;
}

/** mulberry32: uniform floats in [0, 1), each a multiple of 2⁻³², from a 32-bit seed. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const numel = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** The values of `input` drawn from the stream named `key` (row-major, as plain numbers). */
export function seededValues(input: Input, key: string): number[] {
  const n = numel(input.shape);
  if (input.values !== undefined) {
    if (input.values.length !== n) throw new Error(`${key}: ${input.values.length} values for shape [${input.shape.join(', ')}]`);
    return input.values.map(Number);
  }
  const u = mulberry32(hash(key));
  const dtype = input.dtype ?? 'float64';
  if (dtype === 'bool') return Array.from({ length: n }, () => (u() < 0.5 ? 1 : 0));
  if (dtype === 'int64' || dtype === 'uint8' || dtype === 'int8') {
    const lo = input.min ?? 0;
    const hi = input.max ?? 3;
    return Array.from({ length: n }, () => Math.floor(lo + (hi - lo) * u()));
  }
  const lo = input.min ?? -2;
  const hi = input.max ?? 2;
  const vals = Array.from({ length: n }, () => lo + (hi - lo) * u());
  return dtype === 'float32' ? vals.map(Math.fround) : vals;
}

/** The tensor of `input` for the stream `key` (requiresGrad as the input says). */
export function seededTensor(input: Input, key: string, requiresGrad?: boolean): Tensor {
  const dtype = input.dtype ?? 'float64';
  const vals = seededValues(input, key);
  const isFloat = dtype === 'float64' || dtype === 'float32';
  return tensor(dtype === 'bool' ? vals.map((v) => v !== 0) : vals, {
    shape: [...input.shape],
    dtype: dtype === 'int64' ? 'int32' : dtype,
    requiresGrad: requiresGrad ?? (isFloat && input.grad !== false),
  });
}

/** The stream names of a case's inputs, upstream gradients and second-order directions. */
export const streams = {
  input: (key: string, i: number): string => `${key}#in${i}`,
  upstream: (key: string, j: number): string => `${key}#up${j}`,
  direction: (key: string, i: number): string => `${key}#vv${i}`,
};
