/**
 * Reads PyTorch's reference values from ../shared/golden (never copied into the repo) and
 * compares chainrule's results with them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tensor } from '@chainrule/autograd';
import type { DType, Tensor } from '@chainrule/autograd';

export const goldenDir = fileURLToPath(new URL('../../../shared/golden/', import.meta.url));

export interface GoldenTensor {
  shape: number[];
  data: number[];
  dtype?: string;
}

export interface GoldenCase {
  name: string;
  args: Record<string, unknown>;
  inputs: GoldenTensor[];
  output: GoldenTensor;
  upstream: GoldenTensor;
  grads: (GoldenTensor | null)[];
}

/**
 * The golden files whose names match `pattern` (e.g. /^torch-ops-.*\.json$/), sorted: the public
 * set and any other variant or seed dropped beside it (a hidden set with other shapes), so that
 * every parity test runs over all of them.
 */
export function goldenFiles(pattern: RegExp): string[] {
  return readdirSync(goldenDir).filter((f) => pattern.test(f)).sort();
}

export function readGolden<T>(file: string): T {
  return JSON.parse(readFileSync(goldenDir + file, 'utf8')) as T;
}

/** A tensor from a golden record (float64 unless the record says bool/int). */
export function fromGolden(g: GoldenTensor, opts: { requiresGrad?: boolean; dtype?: DType } = {}): Tensor {
  const dtype: DType = opts.dtype ?? (g.dtype === 'bool' ? 'bool' : g.dtype?.startsWith('int') ? 'int32' : 'float64');
  return tensor(g.data, { shape: g.shape, dtype, requiresGrad: opts.requiresGrad ?? false });
}

/** Largest |a - b| / (|b| + tiny) over all elements, after checking shapes agree. */
export function relErr(actual: Tensor, expected: GoldenTensor): number {
  if (JSON.stringify(actual.shape) !== JSON.stringify(expected.shape)) {
    throw new Error(`shape ${JSON.stringify(actual.shape)} differs from PyTorch's ${JSON.stringify(expected.shape)}`);
  }
  const a = actual.toArray();
  let worst = 0;
  expected.data.forEach((b, i) => {
    const v = a[i]!;
    const err = Math.abs(v - b) / (Math.abs(b) + 1e-4);
    worst = Math.max(worst, Number.isNaN(err) ? Infinity : err);
  });
  return worst;
}
