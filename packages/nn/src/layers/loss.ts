/**
 * Loss modules, each wrapping the function of the same name in `functional` with fixed options.
 * @module
 */
import type { Tensor } from '@chainrule/autograd';
import * as L from '../functional/loss.js';
import type { BCEOptions, BCEWithLogitsOptions, CrossEntropyOptions, NLLLossOptions, Reduction, RegressionLossOptions } from '../functional/loss.js';
import { Module } from '../module.js';

/**
 * The base of the loss modules: `forward(input, target)` (or the loss's own arguments) with a
 * fixed `reduction`, like `torch.nn.modules.loss._Loss`.
 * @typeParam In - the arguments of `forward` (default `[input, target]`).
 * @typeParam R - the reductions the loss takes (default {@link L.Reduction | Reduction}).
 * @example
 * ```ts
 * const losses: nn.Loss[] = [new nn.MSELoss(), new nn.L1Loss({ reduction: 'sum' })];
 * losses.map((l) => l.forward(tensor([1, 2]), tensor([0, 0])).item()); // [2.5, 3]
 * ```
 */
export abstract class Loss<In extends unknown[] = [Tensor, Tensor], R extends string = Reduction> extends Module<In, Tensor> {
  /** How per-element losses are combined. */
  readonly reduction: R;
  /** @param reduction - 'mean' (default), 'sum' or 'none' (or the loss's own). */
  constructor(reduction: R = 'mean' as R) {
    super();
    this.reduction = reduction;
  }
}

/**
 * Cross-entropy of logits against class indices or class probabilities, like
 * `torch.nn.CrossEntropyLoss` (see {@link L.crossEntropy | F.crossEntropy}).
 *
 * Shape:
 * - Input: logits `[C]`, `[N, C]` or `[N, C, d_1, …, d_K]`, where C is the number of classes.
 * - Target: int32 class indices in [0, C), of the input's shape without C (`[]`, `[N]` or
 *   `[N, d_1, …, d_K]`); or float class probabilities of the input's shape.
 * - Output: a scalar; with reduction `'none'`, the input's shape without C.
 * @example
 * ```ts
 * const lossFn = new nn.CrossEntropyLoss();
 * const logits = tensor([[0, 0], [0, Math.log(3)]]);
 * lossFn.forward(logits, tensor([0, 1], { dtype: 'int32' })).item(); // 0.4904 (mean of −log ½ and −log ¾)
 * String(lossFn); // 'CrossEntropyLoss()'
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
  /**
   * Computes the loss.
   * @param input - logits `[N, C]` (or `[C]`, or `[N, C, d1, …]`).
   * @param target - int32 class indices `[N, …]`, or float probabilities shaped like `input`.
   * @returns the loss (a scalar unless the reduction is 'none').
   * @throws TypeError for a bool target.
   * @throws RangeError for a class index out of range or mismatched shapes.
   */
  forward(input: Tensor, target: Tensor): Tensor {
    return L.crossEntropy(input, target, { ...this.#opts, weight: this.weight, reduction: this.reduction });
  }
}

/**
 * Negative log-likelihood of log-probabilities against class indices, like `torch.nn.NLLLoss`
 * (see {@link L.nllLoss | F.nllLoss}).
 *
 * Shape:
 * - Input: log-probabilities `[C]`, `[N, C]` or `[N, C, d_1, …, d_K]`, where C is the number of classes.
 * - Target: int32 class indices in [0, C), of the input's shape without C (`[]`, `[N]` or
 *   `[N, d_1, …, d_K]`).
 * - Output: a scalar; with reduction `'none'`, the target's shape.
 * @example
 * ```ts
 * const lossFn = new nn.NLLLoss();
 * lossFn.forward(tensor([[-1, -2], [-3, -4]]), tensor([1, 0], { dtype: 'int32' })); // tensor(2.5000)
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
  /**
   * Computes the loss.
   * @param input - log-probabilities `[N, C]` (or `[C]`, or `[N, C, d1, …]`).
   * @param target - int32 class indices `[N, …]`.
   * @returns the loss.
   * @throws TypeError when the target is not int32.
   * @throws RangeError for a class index out of range or mismatched shapes.
   */
  forward(input: Tensor, target: Tensor): Tensor {
    return L.nllLoss(input, target, { ...this.#opts, weight: this.weight, reduction: this.reduction });
  }
}

/**
 * Binary cross-entropy of probabilities, like `torch.nn.BCELoss` (see
 * {@link L.binaryCrossEntropy | F.binaryCrossEntropy}); prefer {@link BCEWithLogitsLoss}, which is stable.
 *
 * Shape:
 * - Input: `[*]`, any number of dims.
 * - Target: `[*]`, the input's shape.
 * - Output: a scalar; with reduction `'none'`, `[*]`.
 * @example
 * ```ts
 * new nn.BCELoss().forward(tensor([0.5, 0.9]), tensor([1, 1])); // tensor(0.3993)
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
  /**
   * Computes the loss.
   * @param input - probabilities in [0, 1].
   * @param target - targets in [0, 1], shaped like `input`.
   * @returns the loss.
   * @throws RangeError when the shapes differ or an input is outside [0, 1].
   */
  forward(input: Tensor, target: Tensor): Tensor {
    return L.binaryCrossEntropy(input, target, { weight: this.weight, reduction: this.reduction });
  }
}

/**
 * Binary cross-entropy of logits, stable for any logit, like `torch.nn.BCEWithLogitsLoss` (see
 * {@link L.binaryCrossEntropyWithLogits | F.binaryCrossEntropyWithLogits}).
 *
 * Shape:
 * - Input: `[*]`, any number of dims.
 * - Target: `[*]`, the input's shape.
 * - Output: a scalar; with reduction `'none'`, `[*]`.
 * @example
 * ```ts
 * const lossFn = new nn.BCEWithLogitsLoss({ reduction: 'none' });
 * lossFn.forward(tensor([0, 1000, -1000]), tensor([1, 1, 0])); // tensor([0.6931, 0.0000, 0.0000])
 * lossFn.forward(tensor([-1000]), tensor([1])); // tensor([1000.])
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
  /**
   * Computes the loss.
   * @param input - logits.
   * @param target - targets in [0, 1], shaped like `input`.
   * @returns the loss.
   * @throws RangeError when the shapes differ.
   */
  forward(input: Tensor, target: Tensor): Tensor {
    return L.binaryCrossEntropyWithLogits(input, target, { weight: this.weight, posWeight: this.posWeight, reduction: this.reduction });
  }
}

/**
 * Mean squared error, like `torch.nn.MSELoss`.
 *
 * Shape:
 * - Input: `[*]`, any number of dims.
 * - Target: `[*]`, the input's shape.
 * - Output: a scalar; with reduction `'none'`, `[*]`.
 * @example new nn.MSELoss().forward(tensor([1, 2]), tensor([0, 0])); // tensor(2.5000)
 */
export class MSELoss extends Loss {
  /** @param opts - `reduction` (default 'mean'). */
  constructor(opts: RegressionLossOptions = {}) {
    super(opts.reduction ?? 'mean');
  }
  /**
   * Computes the loss.
   * @param input - predictions.
   * @param target - targets (broadcast against `input`).
   * @returns the loss.
   * @throws RangeError when the shapes do not broadcast.
   */
  forward(input: Tensor, target: Tensor): Tensor {
    return L.mseLoss(input, target, { reduction: this.reduction });
  }
}

/**
 * Mean absolute error, like `torch.nn.L1Loss`.
 *
 * Shape:
 * - Input: `[*]`, any number of dims.
 * - Target: `[*]`, the input's shape.
 * - Output: a scalar; with reduction `'none'`, `[*]`.
 * @example new nn.L1Loss({ reduction: 'sum' }).forward(tensor([1, -2]), tensor([0, 0])); // tensor(3.)
 */
export class L1Loss extends Loss {
  /** @param opts - `reduction` (default 'mean'). */
  constructor(opts: RegressionLossOptions = {}) {
    super(opts.reduction ?? 'mean');
  }
  /**
   * Computes the loss.
   * @param input - predictions.
   * @param target - targets (broadcast against `input`).
   * @returns the loss.
   * @throws RangeError when the shapes do not broadcast.
   */
  forward(input: Tensor, target: Tensor): Tensor {
    return L.l1Loss(input, target, { reduction: this.reduction });
  }
}

/**
 * Huber loss, like `torch.nn.HuberLoss`: quadratic below δ, linear above.
 *
 * Shape:
 * - Input: `[*]`, any number of dims.
 * - Target: `[*]`, the input's shape.
 * - Output: a scalar; with reduction `'none'`, `[*]`.
 * @example new nn.HuberLoss({ delta: 1 }).forward(tensor([0.5, 3]), tensor([0, 0])); // tensor(1.3125)
 */
export class HuberLoss extends Loss {
  /** δ: where the loss turns from quadratic to linear. */
  readonly delta: number;
  /** @param opts - `delta` (default 1), `reduction` (default 'mean'). */
  constructor(opts: RegressionLossOptions & { delta?: number } = {}) {
    super(opts.reduction ?? 'mean');
    this.delta = opts.delta ?? 1;
  }
  /**
   * Computes the loss.
   * @param input - predictions.
   * @param target - targets (broadcast against `input`).
   * @returns the loss.
   * @throws RangeError when the shapes do not broadcast, or δ ≤ 0.
   */
  forward(input: Tensor, target: Tensor): Tensor {
    return L.huberLoss(input, target, { delta: this.delta, reduction: this.reduction });
  }
}

/**
 * Smooth L1 loss, like `torch.nn.SmoothL1Loss`: quadratic below β (divided by β), linear above.
 *
 * Shape:
 * - Input: `[*]`, any number of dims.
 * - Target: `[*]`, the input's shape.
 * - Output: a scalar; with reduction `'none'`, `[*]`.
 * @example new nn.SmoothL1Loss({ beta: 0.5 }).forward(tensor([0.3, 3]), tensor([0, 0])); // tensor(1.4200)
 */
export class SmoothL1Loss extends Loss {
  /** β: where the loss turns from quadratic to linear. */
  readonly beta: number;
  /** @param opts - `beta` (default 1), `reduction` (default 'mean'). */
  constructor(opts: RegressionLossOptions & { beta?: number } = {}) {
    super(opts.reduction ?? 'mean');
    this.beta = opts.beta ?? 1;
  }
  /**
   * Computes the loss.
   * @param input - predictions.
   * @param target - targets (broadcast against `input`).
   * @returns the loss.
   * @throws RangeError when the shapes do not broadcast, or β < 0.
   */
  forward(input: Tensor, target: Tensor): Tensor {
    return L.smoothL1Loss(input, target, { beta: this.beta, reduction: this.reduction });
  }
}
