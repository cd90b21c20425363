/**
 * `layerNorm` and `batchNorm`: normalisation over the last dims, and per channel over a batch.
 * @module
 */
import { markRegion, noGrad } from '@chainrule/autograd';
import type { Tensor } from '@chainrule/autograd';

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
