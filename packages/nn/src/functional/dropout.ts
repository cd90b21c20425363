/**
 * Dropout: inverted dropout of elements (`dropout`) or of whole channels (`dropout1d/2d/3d`), and
 * alpha dropout for self-normalising networks, with seeded masks.
 * @module
 */
import { rand } from '@chainrule/autograd';
import type { Generator, Tensor } from '@chainrule/autograd';
import { checkOptions } from './options.js';

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

/** A mask of `shape` keeping each entry with probability 1 − p, in `dtype`. */
function keepMask(shape: readonly number[], p: number, dtype: Tensor['dtype'], generator: Generator | undefined): Tensor {
  const u = rand(shape, generator === undefined ? { dtype: 'float64' } : { dtype: 'float64', generator });
  return u.ge(p).to(dtype);
}

/** The mask shape of channel-wise dropout: one entry per channel of each sample (`[N, C, 1, …]`, or `[C, 1, …]` unbatched). */
function featureDropout(op: string, input: Tensor, p: number, spatialDims: number, opts: DropoutOptions): Tensor {
  checkOptions(op, opts, ['training', 'generator']);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`${op}: dropout probability has to be between 0 and 1, but got ${p}`);
  if (input.ndim !== spatialDims + 1 && input.ndim !== spatialDims + 2) {
    throw new RangeError(`${op}: expected a ${spatialDims + 1}-D (unbatched) or ${spatialDims + 2}-D (batched) input, got shape [${input.shape.join(', ')}]`);
  }
  if (opts.training === false || p === 0) return input;
  if (p === 1) return input.mul(0);
  const channels = input.ndim - spatialDims;
  const shape = input.shape.map((s, i) => (i < channels ? s : 1));
  return input.mul(keepMask(shape, p, input.dtype, opts.generator).div(1 - p));
}

/**
 * Channel-wise dropout for 1-D signals, like `F.dropout1d`: each channel of each sample is zeroed
 * whole with probability `p` (the rest scaled by 1/(1 − p)), for inputs whose neighbouring
 * elements are correlated.
 * @param input - `[N, C, L]` or unbatched `[C, L]`.
 * @param p - the drop probability in [0, 1] (default 0.5).
 * @param opts - `training` (default true), `generator`.
 * @returns the result (the input itself when not training or p = 0).
 * @throws RangeError when p is outside [0, 1] or the input is not 2-D or 3-D.
 * @throws TypeError for an unknown option.
 * @example
 * ```ts
 * import { Generator, ones } from '@chainrule/autograd';
 * import * as F from '@chainrule/nn/functional';
 * const y = F.dropout1d(ones([4, 8, 5]), 0.5, { generator: new Generator(0) });
 * // every channel is all zeros or all twos
 * y.amax(2).sub(y.amin(2)).abs().max().item(); // 0
 * ```
 */
export function dropout1d(input: Tensor, p = 0.5, opts: DropoutOptions = {}): Tensor {
  return featureDropout('dropout1d', input, p, 1, opts);
}

/**
 * Channel-wise dropout for images, like `F.dropout2d`: each channel of each sample is zeroed whole
 * with probability `p`, the rest scaled by 1/(1 − p).
 *
 * NOTE: a 3-D input is an unbatched image `[C, H, W]` (PyTorch 1.13 instead drops whole samples of
 * a 3-D input, with a warning that this will change to the unbatched reading).
 * @param input - `[N, C, H, W]` or unbatched `[C, H, W]`.
 * @param p - the drop probability in [0, 1] (default 0.5).
 * @param opts - `training` (default true), `generator`.
 * @returns the result (the input itself when not training or p = 0).
 * @throws RangeError when p is outside [0, 1] or the input is not 3-D or 4-D.
 * @throws TypeError for an unknown option.
 * @example
 * ```ts
 * import { Generator, ones } from '@chainrule/autograd';
 * import * as F from '@chainrule/nn/functional';
 * const y = F.dropout2d(ones([2, 16, 3, 3]), 0.25, { generator: new Generator(0) });
 * y.amax([2, 3]).sub(y.amin([2, 3])).abs().max().item(); // 0
 * ```
 */
export function dropout2d(input: Tensor, p = 0.5, opts: DropoutOptions = {}): Tensor {
  return featureDropout('dropout2d', input, p, 2, opts);
}

/**
 * Channel-wise dropout for volumes, like `F.dropout3d`: each channel of each sample is zeroed whole
 * with probability `p`, the rest scaled by 1/(1 − p).
 * @param input - `[N, C, D, H, W]` or unbatched `[C, D, H, W]`.
 * @param p - the drop probability in [0, 1] (default 0.5).
 * @param opts - `training` (default true), `generator`.
 * @returns the result (the input itself when not training or p = 0).
 * @throws RangeError when p is outside [0, 1] or the input is not 4-D or 5-D.
 * @throws TypeError for an unknown option.
 * @example
 * ```ts
 * import { ones } from '@chainrule/autograd';
 * import * as F from '@chainrule/nn/functional';
 * const x = ones([1, 2, 2, 2, 2]);
 * F.dropout3d(x, 0.5, { training: false }) === x; // true
 * ```
 */
export function dropout3d(input: Tensor, p = 0.5, opts: DropoutOptions = {}): Tensor {
  return featureDropout('dropout3d', input, p, 3, opts);
}

/** SELU's α·λ: the value alpha dropout sets dropped units to (before the affine correction). */
const SELU_ALPHA = 1.7580993408473766;

function alphaDropoutWith(op: string, input: Tensor, p: number, opts: DropoutOptions, maskShape: readonly number[]): Tensor {
  checkOptions(op, opts, ['training', 'generator']);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`${op}: dropout probability has to be between 0 and 1, but got ${p}`);
  if (opts.training === false || p === 0) return input;
  if (p === 1) return input.mul(0);
  const a = 1 / Math.sqrt((SELU_ALPHA * SELU_ALPHA * p + 1) * (1 - p));
  const keep = keepMask(maskShape, p, input.dtype, opts.generator);
  // kept: a·x + α·a·p; dropped: −α·a + α·a·p (as PyTorch)
  const b = keep.sub(1).mul(SELU_ALPHA * a).add(SELU_ALPHA * a * p);
  return input.mul(keep.mul(a)).add(b);
}

/**
 * Alpha dropout, like `F.alpha_dropout`: dropout for self-normalising (SELU) networks. A dropped
 * element is set to SELU's negative saturation −αλ, then an affine map a·x + b restores the mean
 * and variance the input had (zero and one).
 * @param input - any tensor.
 * @param p - the drop probability in [0, 1] (default 0.5).
 * @param opts - `training` (default true), `generator`.
 * @returns the result (the input itself when not training or p = 0).
 * @throws RangeError when p is outside [0, 1].
 * @throws TypeError for an unknown option.
 * @example
 * ```ts
 * import { Generator, randn } from '@chainrule/autograd';
 * import * as F from '@chainrule/nn/functional';
 * const x = randn([100000], { generator: new Generator(0) });
 * const y = F.alphaDropout(x, 0.2, { generator: new Generator(1) });
 * Math.abs(y.mean().item()) < 0.02 && Math.abs(y.std().item() - 1) < 0.02; // true
 * ```
 */
export function alphaDropout(input: Tensor, p = 0.5, opts: DropoutOptions = {}): Tensor {
  return alphaDropoutWith('alphaDropout', input, p, opts, input.shape);
}

/**
 * Channel-wise alpha dropout, like `F.feature_alpha_dropout`: {@link alphaDropout} with one draw
 * per channel of each sample (`[N, C, …]` or unbatched `[C, …]` with at least one more dim).
 * @param input - `[N, C, ...]` (at least 2 dims).
 * @param p - the drop probability in [0, 1] (default 0.5).
 * @param opts - `training` (default true), `generator`.
 * @returns the result (the input itself when not training or p = 0).
 * @throws RangeError when p is outside [0, 1] or the input has fewer than 2 dims.
 * @throws TypeError for an unknown option.
 * @example
 * ```ts
 * import { Generator, zeros } from '@chainrule/autograd';
 * import * as F from '@chainrule/nn/functional';
 * const y = F.featureAlphaDropout(zeros([2, 8, 4]), 0.5, { generator: new Generator(0) });
 * y.amax(2).sub(y.amin(2)).abs().max().item(); // 0
 * ```
 */
export function featureAlphaDropout(input: Tensor, p = 0.5, opts: DropoutOptions = {}): Tensor {
  if (input.ndim < 2) throw new RangeError(`featureAlphaDropout: expected an input of at least 2 dims, got shape [${input.shape.join(', ')}]`);
  return alphaDropoutWith('featureAlphaDropout', input, p, opts, input.shape.map((s, i) => (i < 2 ? s : 1)));
}
