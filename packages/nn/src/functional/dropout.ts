/**
 * `dropout`: inverted dropout with a seeded mask.
 * @module
 */
import { rand } from '@chainrule/autograd';
import type { Generator, Tensor } from '@chainrule/autograd';

/**
 * Options of {@link dropout}.
 * @example
 * ```ts
 * const opts: F.DropoutOptions = { training: false };
 * const x = ones([3]);
 * F.dropout(x, 0.5, opts) === x; // true
 * ```
 */
export interface DropoutOptions {
  /** Apply dropout (default true); false returns the input unchanged (evaluation). */
  training?: boolean;
  /** The generator for the mask (default the global one). */
  generator?: Generator;
}

/**
 * Zeroes each element with probability `p` and scales the rest by 1/(1 − p) (inverted dropout),
 * like `F.dropout`.
 * @param input - the input.
 * @param p - the drop probability in [0, 1] (default 0.5).
 * @param opts - `training` (default true), `generator`.
 * @returns the result (the input itself when not training or p = 0).
 * @throws RangeError when p is outside [0, 1].
 * @example
 * ```ts
 * const y = F.dropout(ones([4]), 0.5, { generator: new Generator(0) });
 * [...y.toArray()].every((v) => v === 0 || v === 2); // true
 * F.dropout(ones([4]), 1.5); // throws RangeError: between 0 and 1
 * ```
 */
export function dropout(input: Tensor, p = 0.5, opts: DropoutOptions = {}): Tensor {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`dropout: probability has to be between 0 and 1, but got ${p}`);
  if (opts.training === false || p === 0) return input;
  if (p === 1) return input.mul(0);
  const u = rand(input.shape, opts.generator === undefined ? { dtype: 'float64' } : { dtype: 'float64', generator: opts.generator });
  const keep = u.ge(p).to(input.dtype);
  return input.mul(keep.div(1 - p));
}
