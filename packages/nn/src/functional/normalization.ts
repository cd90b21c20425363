/**
 * `layerNorm`, `batchNorm`, `groupNorm`, `instanceNorm`, `localResponseNorm`: normalisation over
 * the last dims, per channel over a batch, per group of channels, per channel of each sample, and
 * across neighbouring channels.
 * @module
 */
import { markRegion, noGrad } from '@chainrule/autograd';
import type { Tensor } from '@chainrule/autograd';
import { checkOptions } from './options.js';
import { pad } from './padding.js';

/**
 * Layer normalisation, like `F.layer_norm`: over the last `normalizedShape.length` dims,
 * y = (x − mean) / √(var + eps) · weight + bias, with the biased variance (divided by n).
 * @param input - `[..., *normalizedShape]`.
 * @param normalizedShape - the sizes of the last dims normalised over.
 * @param weight - `normalizedShape`, or null/undefined for none.
 * @param bias - `normalizedShape`, or null/undefined for none.
 * @param eps - added to the variance (default 1e-5).
 * @returns a tensor of the input's shape.
 * @throws RangeError when the input's last dims are not `normalizedShape`, or weight or bias has
 *   another shape.
 * @throws TypeError for a non-float input.
 * @example
 * ```ts
 * import { tensor } from '@chainrule/autograd';
 * import * as F from '@chainrule/nn/functional';
 * F.layerNorm(tensor([[1, 2, 3], [2, 4, 6]]), [3]); // tensor([[-1.2247,  0.0000,  1.2247], [-1.2247,  0.0000,  1.2247]])
 * ```
 */
export function layerNorm(input: Tensor, normalizedShape: readonly number[], weight?: Tensor | null, bias?: Tensor | null, eps = 1e-5): Tensor {
  return markRegion('layerNorm', { normalizedShape: [...normalizedShape], eps }, [input, weight, bias], () => layerNormOps(input, normalizedShape, weight, bias, eps));
}

/** The ops of {@link layerNorm}. */
function layerNormOps(input: Tensor, normalizedShape: readonly number[], weight?: Tensor | null, bias?: Tensor | null, eps = 1e-5): Tensor {
  const k = normalizedShape.length;
  const tail = input.shape.slice(input.ndim - k);
  const fmt = (s: readonly number[]): string => `[${s.join(', ')}]`;
  if (k === 0) throw new RangeError('layerNorm: expected normalized_shape to be at least 1-dimensional, i.e., containing at least one element');
  if (input.ndim < k || tail.some((s, i) => s !== normalizedShape[i])) {
    throw new RangeError(`layerNorm: given normalized_shape=${fmt(normalizedShape)}, expected input with shape [*, ${normalizedShape.join(', ')}], but got input of size ${fmt(input.shape)}`);
  }
  for (const [name, p] of [['weight', weight], ['bias', bias]] as const) {
    if (p !== null && p !== undefined && (p.ndim !== k || p.shape.some((s, i) => s !== normalizedShape[i]))) {
      throw new RangeError(`layerNorm: expected ${name} of shape ${fmt(normalizedShape)}, got ${fmt(p.shape)}`);
    }
  }
  if (input.dtype !== 'float32' && input.dtype !== 'float64') throw new TypeError(`layerNorm: expected a float input, got ${input.dtype}`);
  const dims = Array.from({ length: k }, (_, i) => input.ndim - k + i);
  const mean = input.mean(dims, true);
  const centered = input.sub(mean);
  const variance = centered.square().mean(dims, true);
  let y = centered.mul(variance.add(eps).rsqrt());
  if (weight !== null && weight !== undefined) y = y.mul(weight);
  if (bias !== null && bias !== undefined) y = y.add(bias);
  return y;
}

/**
 * Options of {@link batchNorm}.
 * @example
 * ```ts
 * import type { BatchNormOptions } from '@chainrule/nn/functional';
 * const opts: BatchNormOptions = { training: true, momentum: 0.1 };
 * opts.training; // true
 * ```
 */
export interface BatchNormOptions {
  /** The per-channel scale, `[C]`. */
  weight?: Tensor | null;
  /** The per-channel shift, `[C]`. */
  bias?: Tensor | null;
  /** Normalise with the batch's statistics (and update the running ones), not the running ones (default false). */
  training?: boolean;
  /** The weight of the batch in the running averages (default 0.1). */
  momentum?: number;
  /** Added to the variance (default 1e-5). */
  eps?: number;
}

/**
 * Batch normalisation, like `F.batch_norm`: per channel (dim 1), over the batch and every other
 * dim. Training: with the batch's mean and biased variance, and (when given) the running mean and
 * variance are updated in place, `running ← (1 − momentum)·running + momentum·batch`, with the
 * unbiased variance. Otherwise: with the running statistics.
 * @param input - `[N, C, ...]`.
 * @param runningMean - `[C]`, or null (training only).
 * @param runningVar - `[C]`, or null (training only).
 * @param opts - `weight`, `bias`, `training`, `momentum`, `eps`.
 * @returns a tensor of the input's shape.
 * @throws RangeError when a statistic or parameter is not `[C]`, when training on one value per
 *   channel, or without running statistics outside training.
 * @throws TypeError for a non-float input.
 * @example
 * ```ts
 * import { tensor, zeros, ones } from '@chainrule/autograd';
 * import * as F from '@chainrule/nn/functional';
 * const mean = zeros([2]);
 * const variance = ones([2]);
 * F.batchNorm(tensor([[1, 10], [3, 30]]), mean, variance, { training: true }); // tensor([[-1.0000, -1.0000], [ 1.0000,  1.0000]])
 * mean; // tensor([0.2000, 2.0000])
 * ```
 */
export function batchNorm(input: Tensor, runningMean: Tensor | null, runningVar: Tensor | null, opts: BatchNormOptions = {}): Tensor {
  return markRegion('batchNorm', { training: opts.training ?? false, momentum: opts.momentum ?? 0.1, eps: opts.eps ?? 1e-5 }, [input, runningMean, runningVar, opts.weight, opts.bias], () => batchNormOps(input, runningMean, runningVar, opts));
}

/** The ops of {@link batchNorm}. */
function batchNormOps(input: Tensor, runningMean: Tensor | null, runningVar: Tensor | null, opts: BatchNormOptions = {}): Tensor {
  if (input.ndim < 2) throw new RangeError(`batchNorm: expected an input of at least 2 dims [N, C, ...], got shape [${input.shape.join(', ')}]`);
  if (input.dtype !== 'float32' && input.dtype !== 'float64') throw new TypeError(`batchNorm: expected a float input, got ${input.dtype}`);
  const c = input.shape[1]!;
  const { training = false, momentum = 0.1, eps = 1e-5 } = opts;
  for (const [name, t] of [['running_mean', runningMean], ['running_var', runningVar], ['weight', opts.weight], ['bias', opts.bias]] as const) {
    if (t !== null && t !== undefined && (t.ndim !== 1 || t.shape[0] !== c)) throw new RangeError(`batchNorm: expected ${name} of shape [${c}], got [${t.shape.join(', ')}]`);
  }
  const dims = [0, ...Array.from({ length: input.ndim - 2 }, (_, i) => i + 2)];
  const perChannel = [1, c, ...new Array<number>(input.ndim - 2).fill(1)];
  let mean: Tensor;
  let variance: Tensor;
  if (training) {
    const n = input.numel() / Math.max(c, 1);
    if (n <= 1) throw new RangeError(`batchNorm: expected more than 1 value per channel when training, got input size [${input.shape.join(', ')}]`);
    mean = input.mean(dims, true);
    variance = input.sub(mean).square().mean(dims, true);
    const m = momentum;
    noGrad(() => {
      if (runningMean !== null) runningMean.mul_(1 - m).add_(mean.detach().reshape([c]).mul(m));
      if (runningVar !== null) runningVar.mul_(1 - m).add_(variance.detach().reshape([c]).mul((m * n) / (n - 1)));
    });
  } else {
    if (runningMean === null || runningVar === null) throw new RangeError('batchNorm: running_mean and running_var are needed outside training');
    mean = runningMean.reshape(perChannel);
    variance = runningVar.reshape(perChannel);
  }
  let y = input.sub(mean).mul(variance.add(eps).rsqrt());
  if (opts.weight !== null && opts.weight !== undefined) y = y.mul(opts.weight.reshape(perChannel));
  if (opts.bias !== null && opts.bias !== undefined) y = y.add(opts.bias.reshape(perChannel));
  return y;
}

/**
 * Group normalisation, like `F.group_norm`: the channels split into `numGroups` groups, each
 * normalised over its channels and every spatial position of each sample (biased variance), then
 * scaled and shifted per channel.
 * @param input - `[N, C, ...]`.
 * @param numGroups - the number of groups; divides C.
 * @param weight - `[C]`, or null/undefined for none.
 * @param bias - `[C]`, or null/undefined for none.
 * @param eps - added to the variance (default 1e-5).
 * @returns a tensor of the input's shape.
 * @throws RangeError for an input of fewer than 2 dims, a group count that does not divide the
 *   channels, or a weight or bias that is not `[C]`.
 * @throws TypeError for a non-float input.
 * @example
 * ```ts
 * import { tensor } from '@chainrule/autograd';
 * import * as F from '@chainrule/nn/functional';
 * const x = tensor([[[1, 3], [10, 30]]]);
 * F.groupNorm(x, 2); // tensor([[[-1.0000,  1.0000], [-1.0000,  1.0000]]])
 * F.groupNorm(x, 1).shape; // [1, 2, 2]
 * ```
 */
export function groupNorm(input: Tensor, numGroups: number, weight?: Tensor | null, bias?: Tensor | null, eps = 1e-5): Tensor {
  const op = 'groupNorm';
  if (input.ndim < 2) throw new RangeError(`${op}: expected an input of at least 2 dims [N, C, ...], got shape [${input.shape.join(', ')}]`);
  if (input.dtype !== 'float32' && input.dtype !== 'float64') throw new TypeError(`${op}: expected a float input, got ${input.dtype}`);
  const [n, c] = input.shape as [number, number];
  if (!Number.isInteger(numGroups) || numGroups < 1 || c % numGroups !== 0) {
    throw new RangeError(`${op}: Expected number of channels in input to be divisible by num_groups, but got input of shape [${input.shape.join(', ')}] and num_groups=${numGroups}`);
  }
  for (const [name, p] of [['weight', weight], ['bias', bias]] as const) {
    if (p !== null && p !== undefined && (p.ndim !== 1 || p.shape[0] !== c)) throw new RangeError(`${op}: expected ${name} of shape [${c}], got [${p.shape.join(', ')}]`);
  }
  const grouped = input.reshape([n, numGroups, -1]);
  const mean = grouped.mean(2, true);
  const centered = grouped.sub(mean);
  const variance = centered.square().mean(2, true);
  const perChannel = [c, ...new Array<number>(input.ndim - 2).fill(1)];
  let y = centered.mul(variance.add(eps).rsqrt()).reshape(input.shape);
  if (weight !== null && weight !== undefined) y = y.mul(weight.reshape(perChannel));
  if (bias !== null && bias !== undefined) y = y.add(bias.reshape(perChannel));
  return y;
}

/**
 * Options of {@link instanceNorm}.
 * @example
 * ```ts
 * import { zeros, ones } from '@chainrule/autograd';
 * import type { InstanceNormOptions } from '@chainrule/nn/functional';
 * const opts: InstanceNormOptions = { runningMean: zeros([3]), runningVar: ones([3]), momentum: 0.2 };
 * opts.momentum; // 0.2
 * ```
 */
export interface InstanceNormOptions {
  /** Running means `[C]`, updated in place when the input's statistics are used. */
  runningMean?: Tensor | null;
  /** Running variances `[C]`, updated likewise (with the unbiased variance). */
  runningVar?: Tensor | null;
  /** The per-channel scale, `[C]`. */
  weight?: Tensor | null;
  /** The per-channel shift, `[C]`. */
  bias?: Tensor | null;
  /** Normalise with each instance's statistics (default true), or with the running ones (false). */
  useInputStats?: boolean;
  /** The weight of the batch in the running averages (default 0.1). */
  momentum?: number;
  /** Added to the variance (default 1e-5). */
  eps?: number;
}

/**
 * Instance normalisation, like `F.instance_norm`: each channel of each sample normalised over its
 * spatial positions (biased variance), then scaled and shifted per channel. With running
 * statistics and `useInputStats`, they are updated in place with the batch's average of the
 * instance means and unbiased variances, `running ← (1 − momentum)·running + momentum·batch`.
 * @param input - `[N, C, ...spatial]` (at least one spatial dim).
 * @param opts - `runningMean`, `runningVar`, `weight`, `bias`, `useInputStats`, `momentum`, `eps`.
 * @returns a tensor of the input's shape.
 * @throws RangeError for an input of fewer than 3 dims, one spatial element with useInputStats,
 *   a statistic or parameter that is not `[C]`, or no running statistics without useInputStats.
 * @throws TypeError for a non-float input or an unknown option.
 * @example
 * ```ts
 * import { tensor } from '@chainrule/autograd';
 * import * as F from '@chainrule/nn/functional';
 * F.instanceNorm(tensor([[[1, 3], [10, 30]]])); // tensor([[[-1.0000,  1.0000], [-1.0000,  1.0000]]])
 * ```
 */
export function instanceNorm(input: Tensor, opts: InstanceNormOptions = {}): Tensor {
  const op = 'instanceNorm';
  checkOptions(op, opts, ['runningMean', 'runningVar', 'weight', 'bias', 'useInputStats', 'momentum', 'eps']);
  if (input.ndim < 3) throw new RangeError(`${op}: expected an input of at least 3 dims [N, C, ...spatial], got shape [${input.shape.join(', ')}]`);
  if (input.dtype !== 'float32' && input.dtype !== 'float64') throw new TypeError(`${op}: expected a float input, got ${input.dtype}`);
  const [n, c] = input.shape as [number, number];
  const { runningMean = null, runningVar = null, weight = null, bias = null, useInputStats = true, momentum = 0.1, eps = 1e-5 } = opts;
  for (const [name, t] of [['running_mean', runningMean], ['running_var', runningVar], ['weight', weight], ['bias', bias]] as const) {
    if (t !== null && (t.ndim !== 1 || t.shape[0] !== c)) throw new RangeError(`${op}: expected ${name} of shape [${c}], got [${t.shape.join(', ')}]`);
  }
  const dims = Array.from({ length: input.ndim - 2 }, (_, i) => i + 2);
  const perChannel = [c, ...new Array<number>(input.ndim - 2).fill(1)];
  let mean: Tensor;
  let variance: Tensor;
  if (useInputStats) {
    const count = input.numel() / Math.max(n * c, 1);
    if (count <= 1) throw new RangeError(`${op}: expected more than 1 spatial element when training, got input size [${input.shape.join(', ')}]`);
    mean = input.mean(dims, true);
    variance = input.sub(mean).square().mean(dims, true);
    noGrad(() => {
      if (runningMean !== null) runningMean.mul_(1 - momentum).add_(mean.detach().reshape([n, c]).mean(0).mul(momentum));
      if (runningVar !== null) runningVar.mul_(1 - momentum).add_(variance.detach().reshape([n, c]).mean(0).mul((momentum * count) / (count - 1)));
    });
  } else {
    if (runningMean === null || runningVar === null) throw new RangeError(`${op}: running_mean and running_var are needed when not using the input's statistics`);
    mean = runningMean.reshape(perChannel);
    variance = runningVar.reshape(perChannel);
  }
  let y = input.sub(mean).mul(variance.add(eps).rsqrt());
  if (weight !== null) y = y.mul(weight.reshape(perChannel));
  if (bias !== null) y = y.add(bias.reshape(perChannel));
  return y;
}

/**
 * Local response normalisation, like `F.local_response_norm` (AlexNet): each element divided by
 * (k + α/n · Σ x²)^β, the sum over `size` neighbouring channels (zeros past the ends).
 * @param input - `[N, C, ...]` (at least 3 dims).
 * @param size - n, the number of channels summed.
 * @param alpha - α (default 1e-4).
 * @param beta - β (default 0.75).
 * @param k - k (default 1).
 * @returns a tensor of the input's shape.
 * @throws RangeError for an input of fewer than 3 dims, or a size that is not a positive integer.
 * @throws TypeError for a non-float input.
 * @example
 * ```ts
 * import { tensor } from '@chainrule/autograd';
 * import * as F from '@chainrule/nn/functional';
 * F.localResponseNorm(tensor([[[1], [2], [3]]]), 2, 1, 1, 1); // tensor([[[0.6667], [0.5714], [0.4000]]])
 * ```
 */
export function localResponseNorm(input: Tensor, size: number, alpha = 1e-4, beta = 0.75, k = 1): Tensor {
  const op = 'localResponseNorm';
  if (input.ndim < 3) throw new RangeError(`${op}: expected 3D or higher dimensionality input (got ${input.ndim} dimensions)`);
  if (input.dtype !== 'float32' && input.dtype !== 'float64') throw new TypeError(`${op}: expected a float input, got ${input.dtype}`);
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`${op}: size must be a positive integer, got ${size}`);
  const c = input.shape[1]!;
  if (c === 0) return input;
  // x² with ⌊size/2⌋ zero channels before and ⌊(size − 1)/2⌋ after, summed over windows of `size`
  const padded = pad(input.square(), [...new Array<number>(2 * (input.ndim - 2)).fill(0), Math.floor(size / 2), Math.floor((size - 1) / 2)]);
  let sum = padded.narrow(1, 0, c);
  for (let j = 1; j < size; j++) sum = sum.add(padded.narrow(1, j, c));
  return input.div(sum.div(size).mul(alpha).add(k).pow(beta));
}
