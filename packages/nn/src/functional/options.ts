/**
 * @internal Checks shared by nn's functions and layers: option objects (an option a function does
 * not take is an error naming it, never ignored) and sizes given as a number or one per spatial dim.
 * @module
 */
import type { Tensor } from '@chainrule/autograd';

/** @internal Throws a TypeError naming the first key of `opts` that `op` does not take. */
export function checkOptions(op: string, opts: object | undefined, allowed: readonly string[]): void {
  if (opts === undefined) return;
  if (opts === null || typeof opts !== 'object') throw new TypeError(`${op}: options must be an object, got ${String(opts)}`);
  for (const key of Object.keys(opts)) {
    if (!allowed.includes(key)) throw new TypeError(`${op}: unknown option '${key}' (${allowed.length === 0 ? 'it takes none' : `it takes ${allowed.join(', ')}`})`);
  }
}

/**
 * @internal A size given as one number for every spatial dim or one per dim (`[kh, kw]`), as `n`
 * integers ≥ `min`; PyTorch's `_single`, `_pair`, `_triple`.
 */
export function sizes(s: number | readonly number[], n: number, what: string, op: string, min: number): number[] {
  const list = typeof s === 'number' ? new Array<number>(n).fill(s) : [...s];
  if (list.length !== n || !list.every((v) => Number.isInteger(v) && v >= min)) {
    throw new RangeError(`${op}: ${what} must be ${n === 1 ? 'an integer' : `${n} integers`} ≥ ${min}, got ${JSON.stringify(s)}`);
  }
  return list;
}

/** @internal Throws unless `x` is float32 or float64. */
export function checkFloat(x: Tensor, op: string, what = 'input'): void {
  if (x.dtype !== 'float32' && x.dtype !== 'float64') throw new TypeError(`${op}: expected a float ${what}, got ${x.dtype}`);
}

/** @internal `[a, b, c]` as PyTorch prints a shape in messages. */
export const fmt = (s: readonly number[]): string => `[${s.join(', ')}]`;

/**
 * @internal A `[N, C, ...spatial]` input with `nd` spatial dims, or an unbatched `[C, ...spatial]`
 * one, as batched (PyTorch's layers take both); `unbatch` undoes it on the result.
 */
export function batched(x: Tensor, nd: number, op: string, layout: string): { x: Tensor; unbatch: (y: Tensor) => Tensor } {
  if (x.ndim === nd + 2) return { x, unbatch: (y) => y };
  if (x.ndim === nd + 1) return { x: x.unsqueeze(0), unbatch: (y) => y.squeeze(0) };
  throw new RangeError(`${op}: expected a ${nd + 1}-D (unbatched) or ${nd + 2}-D (batched) input ${layout}, got shape ${fmt(x.shape)}`);
}
