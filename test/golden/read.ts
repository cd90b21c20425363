/**
 * Reads the PyTorch references that `pnpm golden` wrote into test/golden/ and compares chainrule's
 * results with them.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Tensor } from '@chainrule/autograd';
import type { Out } from '../registry/types.js';

/** The folder of the reference files. */
export const goldenDir = fileURLToPath(new URL('.', import.meta.url));

/** A stored value: JSON numbers, with NaN and the infinities as strings. */
export type Stored = number | string | boolean;

/** A stored tensor. */
export interface Record_ {
  shape: number[];
  dtype: string;
  data: Stored[];
}

/** A section file (ops.json, modules.json, ...): the generator's version and the cases by key. */
export interface GoldenFile<C> {
  generator: string;
  cases: Record<string, C>;
}

export function readGolden<C>(file: string): GoldenFile<C> {
  return JSON.parse(readFileSync(goldenDir + file, 'utf8')) as GoldenFile<C>;
}

/** Stored values as numbers (booleans as 0/1). */
export const decode = (data: readonly Stored[]): number[] => data.map((v) => (typeof v === 'boolean' ? (v ? 1 : 0) : Number(v)));

/** Every tensor of an op's result, in order (as the generator flattens PyTorch's). */
export function flattenOut(out: Out): Tensor[] {
  if (Array.isArray(out)) return (out as readonly Out[]).flatMap(flattenOut);
  if (typeof out === 'object' && 'values' in out && 'indices' in out) return [out.values, out.indices];
  return [out as Tensor];
}

const isFloat = (dtype: string): boolean => dtype === 'float32' || dtype === 'float64';

/**
 * How far `actual` is from the stored values: the largest |a − e| / (|e| + 1e-4) (NaN must meet
 * NaN, an infinity the same infinity), or a string naming a shape or dtype mismatch.
 */
export function mismatch(actual: Tensor | null, expected: readonly Stored[] | null, shape: readonly number[], dtype?: string): number | string {
  if (expected === null) {
    if (actual === null) return 0;
    return actual.toArray().every((v) => v === 0) ? 0 : 'PyTorch has no gradient here, chainrule has a nonzero one';
  }
  if (actual === null) return decode(expected).every((v) => v === 0) ? 0 : 'chainrule has no gradient here, PyTorch has a nonzero one';
  if (JSON.stringify(actual.shape) !== JSON.stringify(shape)) return `shape [${actual.shape.join(', ')}], PyTorch [${shape.join(', ')}]`;
  if (dtype !== undefined && isFloat(dtype) !== isFloat(actual.dtype)) return `dtype ${actual.dtype}, PyTorch ${dtype}`;
  if (dtype !== undefined && (dtype === 'bool') !== (actual.dtype === 'bool')) return `dtype ${actual.dtype}, PyTorch ${dtype}`;
  // the small integer dtypes exactly; PyTorch's int16 (uint8 with int8) is int32 here
  if (dtype !== undefined && (dtype === 'uint8' || dtype === 'int8' || actual.dtype === 'uint8' || actual.dtype === 'int8') && dtype !== actual.dtype) return `dtype ${actual.dtype}, PyTorch ${dtype}`;
  if (dtype === 'int16' && actual.dtype !== 'int32') return `dtype ${actual.dtype}, PyTorch int16 (int32 here)`;
  const a = actual.toArray();
  const e = decode(expected);
  let worst = 0;
  for (let i = 0; i < e.length; i++) {
    const x = Number(a[i]);
    const y = e[i]!;
    if (Number.isNaN(y) || Number.isNaN(x)) {
      if (Number.isNaN(x) !== Number.isNaN(y)) return `element ${i}: ${x}, PyTorch ${y}`;
      continue;
    }
    if (!Number.isFinite(y) || !Number.isFinite(x)) {
      if (x !== y) return `element ${i}: ${x}, PyTorch ${y}`;
      continue;
    }
    worst = Math.max(worst, Math.abs(x - y) / (Math.abs(y) + 1e-4));
  }
  return worst;
}
