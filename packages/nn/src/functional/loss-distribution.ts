/**
 * Losses between distributions and likelihoods: `klDiv`, `poissonNllLoss`, `gaussianNllLoss`.
 * @module
 */
import { where } from '@chainrule/autograd';
import type { Tensor } from '@chainrule/autograd';
import { reduce } from './loss.js';
import type { Reduction } from './loss.js';
import { checkOptions, fmt } from './options.js';

/**
 * Options of {@link klDiv}.
 * @example
 * ```ts
 * import type { KLDivOptions } from '@chainrule/nn/functional';
 * const opts: KLDivOptions = { reduction: 'batchmean', logTarget: true };
 * opts.reduction; // 'batchmean'
 * ```
 */
export interface KLDivOptions {
  /** 'mean' (default; over every element, as PyTorch, which warns that 'batchmean' is the KL divergence), 'batchmean' (the sum over the batch size), 'sum' or 'none'. */
  reduction?: Reduction | 'batchmean';
  /** The target is given as log-probabilities (default false: probabilities). */
  logTarget?: boolean;
}

/**
 * The Kullback-Leibler divergence loss, like `F.kl_div`: `target·(log target − input)` per element,
 * the input being log-probabilities (a target of 0 adds 0). With `reduction: 'batchmean'` it is
 * KL(target ‖ exp(input)) averaged over the batch.
 * @param input - log-probabilities.
 * @param target - probabilities (or log-probabilities with `logTarget`), broadcast against input.
 * @param opts - `reduction` (default 'mean'), `logTarget`.
 * @returns the loss.
 * @throws RangeError for shapes that do not broadcast or an unknown reduction.
 * @throws TypeError for an unknown option.
 * @example
 * ```ts
 * import { tensor } from '@chainrule/autograd';
 * import * as F from '@chainrule/nn/functional';
 * const logq = tensor([[0.25, 0.75]]).log();
 * F.klDiv(logq, tensor([[0.5, 0.5]]), { reduction: 'batchmean' }); // tensor(0.1438)
 * F.klDiv(logq, tensor([[0.5, 0.5]]).log(), { reduction: 'sum', logTarget: true }); // tensor(0.1438)
 * ```
 */
export function klDiv(input: Tensor, target: Tensor, opts: KLDivOptions = {}): Tensor {
  checkOptions('klDiv', opts, ['reduction', 'logTarget']);
  const reduction = opts.reduction ?? 'mean';
  let loss: Tensor;
  if (opts.logTarget === true) {
    loss = target.exp().mul(target.sub(input));
  } else {
    // xlogy(t, t) − t·x, 0 where t = 0 (with a gradient of log(1) there, never 0·∞)
    const zero = target.eq(0);
    loss = target.mul(where(zero, 1, target).log()).sub(target.mul(input));
  }
  if (reduction === 'batchmean') {
    if (input.ndim === 0) return loss.sum();
    // the sum over the batch size as a mean over the batch dim when the loss has the input's batch:
    // the batch size stays a shape (an exported graph keeps it dynamic), not a number
    if (loss.ndim === input.ndim && loss.shape[0] === input.shape[0]) return (loss.ndim === 1 ? loss : loss.flatten(1).sum(1)).mean();
    return loss.sum().div(input.shape[0]!);
  }
  return reduce(loss, reduction);
}

/**
 * Options of {@link poissonNllLoss}.
 * @example
 * ```ts
 * import type { PoissonNLLLossOptions } from '@chainrule/nn/functional';
 * const opts: PoissonNLLLossOptions = { logInput: false, full: true };
 * opts.full; // true
 * ```
 */
export interface PoissonNLLLossOptions {
  /** The input is the log of the rate (default true): loss exp(x) − y·x; else the rate itself: x − y·log(x + eps). */
  logInput?: boolean;
  /** Add Stirling's approximation of log(y!), y·log y − y + ½·log(2πy), where y > 1 (default false). */
  full?: boolean;
  /** Keeps log(x + eps) finite when the input is a rate (default 1e-8). */
  eps?: number;
  /** 'mean' (default), 'sum' or 'none'. */
  reduction?: Reduction;
}

/**
 * Negative log-likelihood of a Poisson distribution, like `F.poisson_nll_loss`: exp(x) − y·x for a
 * log-rate x (or x − y·log(x + eps) for a rate), the constant log(y!) left out unless `full`.
 * @param input - the predicted log-rate (or rate).
 * @param target - counts y, broadcast against input.
 * @param opts - `logInput` (default true), `full`, `eps`, `reduction`.
 * @returns the loss.
 * @throws RangeError for shapes that do not broadcast or an unknown reduction.
 * @throws TypeError for an unknown option.
 * @example
 * ```ts
 * import { tensor } from '@chainrule/autograd';
 * import * as F from '@chainrule/nn/functional';
 * F.poissonNllLoss(tensor([0, 1]), tensor([1, 2]), { reduction: 'none' }); // tensor([1.0000, 0.7183])
 * ```
 */
export function poissonNllLoss(input: Tensor, target: Tensor, opts: PoissonNLLLossOptions = {}): Tensor {
  checkOptions('poissonNllLoss', opts, ['logInput', 'full', 'eps', 'reduction']);
  const eps = opts.eps ?? 1e-8;
  let loss = opts.logInput === false ? input.sub(target.mul(input.add(eps).log())) : input.exp().sub(target.mul(input));
  if (opts.full === true) {
    // Stirling's term, only where y > 1 (its log never sees y ≤ 1)
    const big = target.gt(1);
    const y = where(big, target, 2);
    const stirling = y.mul(y.log()).sub(y).add(y.mul(2 * Math.PI).log().mul(0.5));
    loss = loss.add(where(big, stirling, 0));
  }
  return reduce(loss, opts.reduction);
}

/**
 * Options of {@link gaussianNllLoss}.
 * @example
 * ```ts
 * import type { GaussianNLLLossOptions } from '@chainrule/nn/functional';
 * const opts: GaussianNLLLossOptions = { full: true, eps: 1e-4 };
 * opts.eps; // 0.0001
 * ```
 */
export interface GaussianNLLLossOptions {
  /** Add the constant ½·log(2π) (default false). */
  full?: boolean;
  /** The variance is clamped to at least this, for stability (default 1e-6); the clamp passes gradients through unchanged, as PyTorch's. */
  eps?: number;
  /** 'mean' (default), 'sum' or 'none'. */
  reduction?: Reduction;
}

/**
 * Negative log-likelihood of a Gaussian, like `F.gaussian_nll_loss`: ½·(log σ² + (x − y)²/σ²)
 * with a predicted mean x and variance σ² (clamped to at least eps).
 * @param input - the predicted means `[N, *]`.
 * @param target - the targets, of input's shape.
 * @param variance - the predicted variances: input's shape, or it with the last dim 1 (one
 *   variance per sample, heteroscedastic), or without the last dim.
 * @param opts - `full`, `eps`, `reduction`.
 * @returns the loss.
 * @throws RangeError when the variance's shape does not fit, a variance is negative, or for an
 *   unknown reduction.
 * @throws TypeError for an unknown option.
 * @example
 * ```ts
 * import { ones, tensor } from '@chainrule/autograd';
 * import * as F from '@chainrule/nn/functional';
 * F.gaussianNllLoss(tensor([[0, 1]]), tensor([[1, 1]]), ones([1, 2])); // tensor(0.2500)
 * ```
 */
export function gaussianNllLoss(input: Tensor, target: Tensor, variance: Tensor, opts: GaussianNLLLossOptions = {}): Tensor {
  const op = 'gaussianNllLoss';
  checkOptions(op, opts, ['full', 'eps', 'reduction']);
  const eps = opts.eps ?? 1e-6;
  let v = variance;
  const same = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((s, i) => s === b[i]);
  if (!same(v.shape, input.shape)) {
    if (same(input.shape.slice(0, -1), v.shape)) v = v.unsqueeze(-1);
    else if (!(same(input.shape.slice(0, -1), v.shape.slice(0, -1)) && v.shape.at(-1) === 1)) {
      throw new RangeError(`${op}: var is of incorrect size: ${fmt(v.shape)} for an input of ${fmt(input.shape)}`);
    }
  }
  const reduction = opts.reduction ?? 'mean';
  if (!['mean', 'sum', 'none'].includes(reduction)) throw new RangeError(`${op}: ${String(reduction)} is not valid`);
  if (v.lt(0).any().item()) throw new RangeError(`${op}: var has negative entry/entries`);
  // clamped without a gradient of its own: the gradient passes as if unclamped (PyTorch's clamp_ under no_grad)
  const d = v.detach();
  v = v.add(d.clamp(eps).sub(d));
  let loss = v.log().add(input.sub(target).square().div(v)).mul(0.5);
  if (opts.full === true) loss = loss.add(0.5 * Math.log(2 * Math.PI));
  return reduce(loss, reduction);
}
