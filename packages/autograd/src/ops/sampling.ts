/**
 * Sampling from categorical distributions: multinomial, with and without replacement, drawn from a
 * seeded {@link Generator}.
 * @module
 */
import { isFloating } from '../dtype.js';
import { defaultGenerator } from '../random.js';
import type { Generator } from '../random.js';
import { fmtShape } from '../shape.js';
import { Tensor } from '../tensor.js';

/**
 * Options of {@link multinomial}.
 * @example
 * ```ts
 * const opts: MultinomialOptions = { replacement: true, generator: new Generator(0) };
 * multinomial(tensor([0, 1]), 3, opts); // tensor([1, 1, 1], dtype=torch.int32)
 * ```
 */
export interface MultinomialOptions {
  /** Draw with replacement (default false: each category at most once per row). */
  replacement?: boolean;
  /** The generator to draw from (default: the global one seeded by `manualSeed`). */
  generator?: Generator;
}

const MAX_CATEGORIES = 2 ** 24;

/**
 * Draws `numSamples` category indices from each row of non-negative weights (they need not sum to
 * 1), like `torch.multinomial`.
 *
 * Without replacement the draw is PyTorch's: the `numSamples` largest `w / e` with `e ~ Exp(1)`
 * (a Gumbel top-k), so each row holds distinct categories; rows with fewer non-zero weights than
 * `numSamples` are completed with zero-weight categories, as PyTorch does. The numbers differ from
 * PyTorch's for the same seed (a different generator), the distribution does not.
 */
export function multinomial(probs: Tensor, numSamples: number, opts: MultinomialOptions = {}): Tensor {
  if (!(probs instanceof Tensor)) throw new TypeError(`multinomial: expected a Tensor, got ${typeof probs}`);
  if (!isFloating(probs.dtype)) throw new TypeError(`multinomial: only supports floating-point dtypes for input, got ${probs.dtype}`);
  if (probs.ndim !== 1 && probs.ndim !== 2) throw new RangeError(`multinomial: prob_dist must be 1 or 2 dim, got shape ${fmtShape(probs.shape)}`);
  if (!Number.isInteger(numSamples)) throw new TypeError(`multinomial: numSamples must be an integer, got ${numSamples}`);
  if (numSamples <= 0) throw new RangeError(`multinomial: cannot sample numSamples <= 0 samples (got ${numSamples})`);
  const replacement = opts.replacement ?? false;
  const n = probs.shape[probs.ndim - 1]!;
  if (!replacement && numSamples > n) {
    throw new RangeError(`multinomial: cannot sample numSamples > prob_dist.size(-1) samples without replacement (${numSamples} > ${n})`);
  }
  if (n > MAX_CATEGORIES) throw new RangeError(`multinomial: number of categories cannot exceed 2^24 (got ${n})`);
  const rows = probs.ndim === 1 ? 1 : probs.shape[0]!;
  const w = probs.contiguous().toArray();
  const g = opts.generator ?? defaultGenerator;
  const out = new Int32Array(rows * numSamples);
  for (let r = 0; r < rows; r++) {
    let sum = 0;
    for (let j = 0; j < n; j++) {
      const p = w[r * n + j]!;
      if (!(p >= 0) || p === Infinity) throw new RangeError('multinomial: probability tensor contains either `inf`, `nan` or element < 0');
      sum += p;
    }
    if (!(sum > 0)) throw new RangeError('multinomial: invalid multinomial distribution (sum of probabilities <= 0)');
    if (replacement) drawWithReplacement(w, r * n, n, sum, g, out, r * numSamples, numSamples);
    else drawWithoutReplacement(w, r * n, n, g, out, r * numSamples, numSamples);
  }
  return Tensor.fromData(out, probs.ndim === 1 ? [numSamples] : [rows, numSamples], 'int32');
}

/** Inverse-CDF draws: a uniform u·sum found in the running sums by binary search. */
function drawWithReplacement(w: ArrayLike<number>, at: number, n: number, sum: number, g: Generator, out: Int32Array, to: number, k: number): void {
  const cdf = new Float64Array(n);
  let acc = 0;
  for (let j = 0; j < n; j++) cdf[j] = acc += w[at + j]!;
  for (let s = 0; s < k; s++) {
    const u = g.random() * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! > u) hi = mid;
      else lo = mid + 1;
    }
    // never land on a zero-weight category (u equal to a running sum that a zero repeats)
    while (w[at + lo]! === 0 && lo < n - 1) lo++;
    while (w[at + lo]! === 0 && lo > 0) lo--;
    out[to + s] = lo;
  }
}

/** The k largest w / e, e ~ Exp(1): k distinct categories with the sequential-draw distribution. */
function drawWithoutReplacement(w: ArrayLike<number>, at: number, n: number, g: Generator, out: Int32Array, to: number, k: number): void {
  const keys = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const e = -Math.log1p(-g.random());
    const p = w[at + j]!;
    keys[j] = e > 0 ? p / e : p > 0 ? Infinity : 0;
  }
  const order = Array.from({ length: n }, (_, j) => j);
  // descending keys; among equal keys (zero weights) the lower index first
  order.sort((a, b) => keys[b]! - keys[a]! || a - b);
  for (let s = 0; s < k; s++) out[to + s] = order[s]!;
}
