/**
 * Margin and embedding loss modules: `CosineEmbeddingLoss`, `MarginRankingLoss`,
 * `TripletMarginLoss`, `HingeEmbeddingLoss`, `MultiLabelSoftMarginLoss`, `MultiMarginLoss`,
 * `SoftMarginLoss`, each over the function of the same name with fixed options.
 * @module
 */
import type { Tensor } from '@chainrule/autograd';
import type { Reduction } from '../functional/loss.js';
import * as M from '../functional/loss-margin.js';
import type { MarginLossOptions, MultiMarginLossOptions, TripletMarginLossOptions } from '../functional/loss-margin.js';
import { checkOptions } from '../functional/options.js';
import { Loss } from './loss.js';

/**
 * Cosine embedding loss, like `torch.nn.CosineEmbeddingLoss`: 1 − cos(x1, x2) for similar pairs
 * (y = 1), max(0, cos − margin) for dissimilar ones (y = −1) (see {@link M.cosineEmbeddingLoss | F.cosineEmbeddingLoss}).
 *
 * Shape:
 * - Input: input1, input2 `[N, D]` or `[D]`; target: `[N]` or `[]`.
 * - Output: a scalar, or `[N]` with reduction 'none'.
 * @example
 * ```ts
 * import { tensor } from '@chainrule/autograd';
 * import { nn } from '@chainrule/nn';
 * const lossFn = new nn.CosineEmbeddingLoss({ margin: 0.5 });
 * lossFn.forward(tensor([[1, 0]]), tensor([[1, 1]]), tensor([-1])); // tensor(0.2071)
 * ```
 */
export class CosineEmbeddingLoss extends Loss<[input1: Tensor, input2: Tensor, target: Tensor]> {
  /** The margin for dissimilar pairs. */
  readonly margin: number;
  /**
   * @param opts - `margin` (default 0), `reduction` (default 'mean').
   * @throws TypeError for an unknown option.
   */
  constructor(opts: MarginLossOptions = {}) {
    checkOptions('CosineEmbeddingLoss', opts, ['margin', 'reduction']);
    super(opts.reduction ?? 'mean');
    this.margin = opts.margin ?? 0;
  }
  /**
   * Computes the loss.
   * @param input1 - `[N, D]` or `[D]`.
   * @param input2 - of input1's shape.
   * @param target - 1 or −1 per pair.
   * @returns the loss.
   * @throws RangeError for shapes that do not fit.
   */
  forward(input1: Tensor, input2: Tensor, target: Tensor): Tensor {
    return M.cosineEmbeddingLoss(input1, input2, target, { margin: this.margin, reduction: this.reduction });
  }
}

/**
 * Margin ranking loss, like `torch.nn.MarginRankingLoss`: max(0, −y·(x1 − x2) + margin).
 *
 * Shape:
 * - Input: input1, input2, target `[N]` or `[]` (the same number of dims).
 * - Output: a scalar, or `[N]` with reduction 'none'.
 * @example
 * ```ts
 * import { tensor } from '@chainrule/autograd';
 * import { nn } from '@chainrule/nn';
 * new nn.MarginRankingLoss({ margin: 1 }).forward(tensor([2, 0]), tensor([1, 1]), tensor([1, -1])); // tensor(0.)
 * ```
 */
export class MarginRankingLoss extends Loss<[input1: Tensor, input2: Tensor, target: Tensor]> {
  /** The margin. */
  readonly margin: number;
  /**
   * @param opts - `margin` (default 0), `reduction` (default 'mean').
   * @throws TypeError for an unknown option.
   */
  constructor(opts: MarginLossOptions = {}) {
    checkOptions('MarginRankingLoss', opts, ['margin', 'reduction']);
    super(opts.reduction ?? 'mean');
    this.margin = opts.margin ?? 0;
  }
  /**
   * Computes the loss.
   * @param input1 - scores.
   * @param input2 - scores.
   * @param target - 1 where input1 should rank higher, −1 where input2 should.
   * @returns the loss.
   * @throws RangeError for tensors of different numbers of dims.
   */
  forward(input1: Tensor, input2: Tensor, target: Tensor): Tensor {
    return M.marginRankingLoss(input1, input2, target, { margin: this.margin, reduction: this.reduction });
  }
}

/**
 * Triplet margin loss, like `torch.nn.TripletMarginLoss`: max(d(a, p) − d(a, n) + margin, 0) with
 * the p-norm distance (see {@link M.tripletMarginLoss | F.tripletMarginLoss}).
 *
 * Shape:
 * - Input: anchor, positive, negative `[N, D]` or `[D]`.
 * - Output: a scalar, or `[N]` with reduction 'none'.
 * @example
 * ```ts
 * import { tensor } from '@chainrule/autograd';
 * import { nn } from '@chainrule/nn';
 * const lossFn = new nn.TripletMarginLoss({ margin: 1, eps: 0 });
 * lossFn.forward(tensor([[0, 0]]), tensor([[0, 1]]), tensor([[0, 3]])); // tensor(0.)
 * ```
 */
export class TripletMarginLoss extends Loss<[anchor: Tensor, positive: Tensor, negative: Tensor]> {
  readonly #opts: TripletMarginLossOptions;
  /**
   * @param opts - `margin` (default 1), `p` (default 2), `eps` (default 1e-6), `swap`, `reduction`.
   * @throws TypeError for an unknown option.
   */
  constructor(opts: TripletMarginLossOptions = {}) {
    checkOptions('TripletMarginLoss', opts, ['margin', 'p', 'eps', 'swap', 'reduction']);
    super(opts.reduction ?? 'mean');
    this.#opts = opts;
  }
  /**
   * Computes the loss.
   * @param anchor - `[N, D]` or `[D]`.
   * @param positive - of anchor's number of dims.
   * @param negative - of anchor's number of dims.
   * @returns the loss.
   * @throws RangeError for tensors of different numbers of dims.
   */
  forward(anchor: Tensor, positive: Tensor, negative: Tensor): Tensor {
    return M.tripletMarginLoss(anchor, positive, negative, { ...this.#opts, reduction: this.reduction });
  }
}

/**
 * Hinge embedding loss, like `torch.nn.HingeEmbeddingLoss`: x where y = 1, max(0, margin − x)
 * where y = −1.
 *
 * Shape:
 * - Input, target: any shape (target broadcast).
 * - Output: a scalar, or the input's shape with reduction 'none'.
 * @example
 * ```ts
 * import { tensor } from '@chainrule/autograd';
 * import { nn } from '@chainrule/nn';
 * new nn.HingeEmbeddingLoss().forward(tensor([0.5, 0.5]), tensor([1, -1])); // tensor(0.5000)
 * ```
 */
export class HingeEmbeddingLoss extends Loss {
  /** The margin. */
  readonly margin: number;
  /**
   * @param opts - `margin` (default 1), `reduction` (default 'mean').
   * @throws TypeError for an unknown option.
   */
  constructor(opts: MarginLossOptions = {}) {
    checkOptions('HingeEmbeddingLoss', opts, ['margin', 'reduction']);
    super(opts.reduction ?? 'mean');
    this.margin = opts.margin ?? 1;
  }
  /**
   * Computes the loss.
   * @param input - x.
   * @param target - 1 or −1.
   * @returns the loss.
   * @throws RangeError for shapes that do not broadcast.
   */
  forward(input: Tensor, target: Tensor): Tensor {
    return M.hingeEmbeddingLoss(input, target, { margin: this.margin, reduction: this.reduction });
  }
}

/**
 * Multi-label one-versus-all loss, like `torch.nn.MultiLabelSoftMarginLoss`: the binary
 * cross-entropy of sigmoid(x) against each 0/1 label, averaged over the classes; the class weights
 * are a buffer (`weight` in the state dict).
 *
 * Shape:
 * - Input, target: `[N, C]` (or `[C]`).
 * - Output: a scalar, or `[N]` with reduction 'none'.
 * @example
 * ```ts
 * import { tensor } from '@chainrule/autograd';
 * import { nn } from '@chainrule/nn';
 * new nn.MultiLabelSoftMarginLoss().forward(tensor([[0, 0]]), tensor([[0, 1]])); // tensor(0.6931)
 * ```
 */
export class MultiLabelSoftMarginLoss extends Loss {
  /** The class weights `[C]`, or null (a buffer). */
  weight: Tensor | null;
  /**
   * @param opts - `weight`, `reduction` (default 'mean').
   * @throws TypeError for an unknown option.
   */
  constructor(opts: { weight?: Tensor | null; reduction?: Reduction } = {}) {
    checkOptions('MultiLabelSoftMarginLoss', opts, ['weight', 'reduction']);
    super(opts.reduction ?? 'mean');
    this.weight = this.registerBuffer('weight', opts.weight ?? null);
  }
  /**
   * Computes the loss.
   * @param input - logits `[N, C]`.
   * @param target - 0/1 labels of input's shape.
   * @returns the loss.
   * @throws RangeError for shapes that do not broadcast.
   */
  forward(input: Tensor, target: Tensor): Tensor {
    return M.multilabelSoftMarginLoss(input, target, { weight: this.weight, reduction: this.reduction });
  }
}

/**
 * Multi-class hinge loss, like `torch.nn.MultiMarginLoss`: Σ_{i≠y} max(0, margin − x[y] + x[i])^p
 * · w[y] / C per sample; the class weights are a buffer.
 *
 * Shape:
 * - Input: `[N, C]` (or `[C]`); target: int32 `[N]` (or `[]`).
 * - Output: a scalar, or `[N]` with reduction 'none'.
 * @example
 * ```ts
 * import { tensor } from '@chainrule/autograd';
 * import { nn } from '@chainrule/nn';
 * new nn.MultiMarginLoss().forward(tensor([[0.1, 0.2, 0.4, 0.8]]), tensor([3], { dtype: 'int32' })); // tensor(0.3250)
 * ```
 */
export class MultiMarginLoss extends Loss {
  /** The class weights `[C]`, or null (a buffer). */
  weight: Tensor | null;
  /** 1 or 2. */
  readonly p: 1 | 2;
  /** The margin. */
  readonly margin: number;
  /**
   * @param opts - `p` (1 or 2, default 1), `margin` (default 1), `weight`, `reduction` (default 'mean').
   * @throws RangeError for p other than 1 or 2.
   * @throws TypeError for an unknown option.
   */
  constructor(opts: MultiMarginLossOptions = {}) {
    checkOptions('MultiMarginLoss', opts, ['p', 'margin', 'weight', 'reduction']);
    super(opts.reduction ?? 'mean');
    this.p = opts.p ?? 1;
    if (this.p !== 1 && this.p !== 2) throw new RangeError(`MultiMarginLoss: only p == 1 and p == 2 supported, got ${String(this.p)}`);
    this.margin = opts.margin ?? 1;
    this.weight = this.registerBuffer('weight', opts.weight ?? null);
  }
  /**
   * Computes the loss.
   * @param input - scores `[N, C]`.
   * @param target - int32 classes `[N]`.
   * @returns the loss.
   * @throws RangeError for shapes that do not fit or a class out of range.
   * @throws TypeError for a target that is not int32.
   */
  forward(input: Tensor, target: Tensor): Tensor {
    return M.multiMarginLoss(input, target, { p: this.p, margin: this.margin, weight: this.weight, reduction: this.reduction });
  }
}

/**
 * Two-class logistic loss, like `torch.nn.SoftMarginLoss`: log(1 + exp(−y·x)) for labels ±1.
 *
 * Shape:
 * - Input, target: any shape (target broadcast).
 * - Output: a scalar, or the input's shape with reduction 'none'.
 * @example
 * ```ts
 * import { tensor } from '@chainrule/autograd';
 * import { nn } from '@chainrule/nn';
 * new nn.SoftMarginLoss().forward(tensor([0]), tensor([1])); // tensor(0.6931)
 * ```
 */
export class SoftMarginLoss extends Loss {
  /**
   * @param opts - `reduction` (default 'mean').
   * @throws TypeError for an unknown option.
   */
  constructor(opts: { reduction?: Reduction } = {}) {
    checkOptions('SoftMarginLoss', opts, ['reduction']);
    super(opts.reduction ?? 'mean');
  }
  /**
   * Computes the loss.
   * @param input - scores.
   * @param target - 1 or −1.
   * @returns the loss.
   * @throws RangeError for shapes that do not broadcast.
   */
  forward(input: Tensor, target: Tensor): Tensor {
    return M.softMarginLoss(input, target, { reduction: this.reduction });
  }
}
