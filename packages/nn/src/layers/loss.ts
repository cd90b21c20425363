/**
 * Loss modules, each wrapping the function of the same name in `functional` with fixed options.
 * @module
 */
import type { Tensor } from '@chainrule/autograd';
import * as L from '../functional/loss.js';
import type { BCEOptions, BCEWithLogitsOptions, CrossEntropyOptions, NLLLossOptions, Reduction, RegressionLossOptions } from '../functional/loss.js';
import { Module } from '../module.js';

/** The base of the loss modules: `forward(input, target)`. */
export abstract class Loss extends Module<[Tensor, Tensor], Tensor> {
  /** How per-element losses are combined. */
  readonly reduction: Reduction;
  /** @param reduction - 'mean' (default), 'sum' or 'none'. */
  constructor(reduction: Reduction = 'mean') {
    super();
    this.reduction = reduction;
  }
}

/**
 * Cross-entropy of logits against class indices or probabilities, like `torch.nn.CrossEntropyLoss`
 * (see {@link L.crossEntropy}).
 * @example
 * ```ts
 * const lossFn = new nn.CrossEntropyLoss({ labelSmoothing: 0.1 });
 * const loss = lossFn.forward(logits, target);
 * ```
 */
export class CrossEntropyLoss extends Loss {
  /** The class weights, or null (a buffer). */
  weight: Tensor | null;
  readonly #opts: CrossEntropyOptions;
  /** @param opts - `weight`, `ignoreIndex` (default -100), `reduction` (default 'mean'), `labelSmoothing` (default 0). */
  constructor(opts: CrossEntropyOptions = {}) {
    super(opts.reduction ?? 'mean');
    this.weight = this.registerBuffer('weight', opts.weight ?? null);
    this.#opts = opts;
  }
  /** @param input - logits. @param target - int32 classes or probabilities. @returns the loss. @example `lossFn.forward(logits, y)` */
  forward(input: Tensor, target: Tensor): Tensor {
    return L.crossEntropy(input, target, { ...this.#opts, weight: this.weight, reduction: this.reduction });
  }
}

/**
 * Negative log-likelihood of log-probabilities, like `torch.nn.NLLLoss` (see {@link L.nllLoss}).
 * @example
 * ```ts
 * new nn.NLLLoss().forward(logits.logSoftmax(1), target);
 * ```
 */
export class NLLLoss extends Loss {
  /** The class weights, or null (a buffer). */
  weight: Tensor | null;
  readonly #opts: NLLLossOptions;
  /** @param opts - `weight`, `ignoreIndex` (default -100), `reduction` (default 'mean'). */
  constructor(opts: NLLLossOptions = {}) {
    super(opts.reduction ?? 'mean');
    this.weight = this.registerBuffer('weight', opts.weight ?? null);
    this.#opts = opts;
  }
  /** @param input - log-probabilities. @param target - int32 classes. @returns the loss. @example `lossFn.forward(logp, y)` */
  forward(input: Tensor, target: Tensor): Tensor {
    return L.nllLoss(input, target, { ...this.#opts, weight: this.weight, reduction: this.reduction });
  }
}

/**
 * Binary cross-entropy of probabilities, like `torch.nn.BCELoss` (see {@link L.binaryCrossEntropy}).
 * @example
 * ```ts
 * new nn.BCELoss().forward(p, y);
 * ```
 */
export class BCELoss extends Loss {
  /** The element weights, or null (a buffer). */
  weight: Tensor | null;
  /** @param opts - `weight`, `reduction` (default 'mean'). */
  constructor(opts: BCEOptions = {}) {
    super(opts.reduction ?? 'mean');
    this.weight = this.registerBuffer('weight', opts.weight ?? null);
  }
  /** @param input - probabilities. @param target - targets in [0, 1]. @returns the loss. @example `lossFn.forward(p, y)` */
  forward(input: Tensor, target: Tensor): Tensor {
    return L.binaryCrossEntropy(input, target, { weight: this.weight, reduction: this.reduction });
  }
}

/**
 * Binary cross-entropy of logits, stable for any logit, like `torch.nn.BCEWithLogitsLoss`
 * (see {@link L.binaryCrossEntropyWithLogits}).
 * @example
 * ```ts
 * new nn.BCEWithLogitsLoss({ posWeight: tensor([2]) }).forward(z, y);
 * ```
 */
export class BCEWithLogitsLoss extends Loss {
  /** The element weights, or null (a buffer). */
  weight: Tensor | null;
  /** The positive-class weights, or null (a buffer). */
  posWeight: Tensor | null;
  /** @param opts - `weight`, `posWeight`, `reduction` (default 'mean'). */
  constructor(opts: BCEWithLogitsOptions = {}) {
    super(opts.reduction ?? 'mean');
    this.weight = this.registerBuffer('weight', opts.weight ?? null);
    this.posWeight = this.registerBuffer('posWeight', opts.posWeight ?? null);
  }
  /** @param input - logits. @param target - targets in [0, 1]. @returns the loss. @example `lossFn.forward(z, y)` */
  forward(input: Tensor, target: Tensor): Tensor {
    return L.binaryCrossEntropyWithLogits(input, target, { weight: this.weight, posWeight: this.posWeight, reduction: this.reduction });
  }
}

/**
 * Mean squared error, like `torch.nn.MSELoss`.
 * @example
 * ```ts
 * new nn.MSELoss().forward(pred, y);
 * ```
 */
export class MSELoss extends Loss {
  /** @param opts - `reduction` (default 'mean'). */
  constructor(opts: RegressionLossOptions = {}) {
    super(opts.reduction ?? 'mean');
  }
  /** @param input - predictions. @param target - targets. @returns the loss. @example `lossFn.forward(pred, y)` */
  forward(input: Tensor, target: Tensor): Tensor {
    return L.mseLoss(input, target, { reduction: this.reduction });
  }
}

/**
 * Mean absolute error, like `torch.nn.L1Loss`.
 * @example
 * ```ts
 * new nn.L1Loss({ reduction: 'sum' }).forward(pred, y);
 * ```
 */
export class L1Loss extends Loss {
  /** @param opts - `reduction` (default 'mean'). */
  constructor(opts: RegressionLossOptions = {}) {
    super(opts.reduction ?? 'mean');
  }
  /** @param input - predictions. @param target - targets. @returns the loss. @example `lossFn.forward(pred, y)` */
  forward(input: Tensor, target: Tensor): Tensor {
    return L.l1Loss(input, target, { reduction: this.reduction });
  }
}

/**
 * Huber loss, like `torch.nn.HuberLoss`.
 * @example
 * ```ts
 * new nn.HuberLoss({ delta: 0.5 }).forward(pred, y);
 * ```
 */
export class HuberLoss extends Loss {
  /** δ: where the loss turns from quadratic to linear. */
  readonly delta: number;
  /** @param opts - `delta` (default 1), `reduction` (default 'mean'). */
  constructor(opts: RegressionLossOptions & { delta?: number } = {}) {
    super(opts.reduction ?? 'mean');
    this.delta = opts.delta ?? 1;
  }
  /** @param input - predictions. @param target - targets. @returns the loss. @example `lossFn.forward(pred, y)` */
  forward(input: Tensor, target: Tensor): Tensor {
    return L.huberLoss(input, target, { delta: this.delta, reduction: this.reduction });
  }
}

/**
 * Smooth L1 loss, like `torch.nn.SmoothL1Loss`.
 * @example
 * ```ts
 * new nn.SmoothL1Loss({ beta: 0.1 }).forward(pred, y);
 * ```
 */
export class SmoothL1Loss extends Loss {
  /** β: where the loss turns from quadratic to linear. */
  readonly beta: number;
  /** @param opts - `beta` (default 1), `reduction` (default 'mean'). */
  constructor(opts: RegressionLossOptions & { beta?: number } = {}) {
    super(opts.reduction ?? 'mean');
    this.beta = opts.beta ?? 1;
  }
  /** @param input - predictions. @param target - targets. @returns the loss. @example `lossFn.forward(pred, y)` */
  forward(input: Tensor, target: Tensor): Tensor {
    return L.smoothL1Loss(input, target, { beta: this.beta, reduction: this.reduction });
  }
}
