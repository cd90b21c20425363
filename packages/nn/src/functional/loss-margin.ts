/**
 * Margin and embedding losses: `cosineEmbeddingLoss`, `marginRankingLoss`, `tripletMarginLoss`,
 * `hingeEmbeddingLoss`, `multilabelSoftMarginLoss`, `multiMarginLoss`, `softMarginLoss`, with
 * PyTorch's formulas (and its small constants).
 * @module
 */
import { tensor, where } from '@chainrule/autograd';
import type { Tensor } from '@chainrule/autograd';
import { logsigmoid } from './activation.js';
import { reduce } from './loss.js';
import type { Reduction } from './loss.js';
import { checkOptions, fmt } from './options.js';

/**
 * Options of the margin losses: the margin and the reduction.
 * @example
 * ```ts
 * import type { MarginLossOptions } from '@chainrule/nn/functional';
 * const opts: MarginLossOptions = { margin: 0.5, reduction: 'sum' };
 * opts.margin; // 0.5
 * ```
 */
export interface MarginLossOptions {
  /** The margin (each loss's default: 0 for the cosine embedding and ranking losses, 1 for the others). */
  margin?: number;
  /** 'mean' (default), 'sum' or 'none'. */
  reduction?: Reduction;
}

/**
 * Cosine embedding loss, like `F.cosine_embedding_loss`: 1 − cos(x1, x2) for similar pairs
 * (y = 1), max(0, cos(x1, x2) − margin) for dissimilar ones (y = −1), the cosine taken over the
 * last dim as PyTorch computes it (1e-12 added to each squared norm).
 * @param input1 - `[N, D]` or `[D]`.
 * @param input2 - of input1's shape.
 * @param target - `[N]` (or a 0-D tensor) of 1 and −1.
 * @param opts - `margin` (default 0), `reduction`.
 * @returns the loss.
 * @throws RangeError for shapes that do not fit or an unknown reduction.
 * @throws TypeError for an unknown option.
 * @example
 * ```ts
 * import { tensor } from '@chainrule/autograd';
 * import * as F from '@chainrule/nn/functional';
 * const a = tensor([[1, 0], [1, 0]]);
 * const b = tensor([[1, 1], [1, 1]]);
 * F.cosineEmbeddingLoss(a, b, tensor([1, -1]), { reduction: 'none' }); // tensor([0.2929, 0.7071])
 * ```
 */
export function cosineEmbeddingLoss(input1: Tensor, input2: Tensor, target: Tensor, opts: MarginLossOptions = {}): Tensor {
  const op = 'cosineEmbeddingLoss';
  checkOptions(op, opts, ['margin', 'reduction']);
  if (input1.ndim !== input2.ndim || input1.shape.some((s, i) => s !== input2.shape[i])) {
    throw new RangeError(`${op}: input1 and input2 must have the same shape, got ${fmt(input1.shape)} and ${fmt(input2.shape)}`);
  }
  if (input1.ndim < 1 || input1.ndim > 2 || target.ndim !== input1.ndim - 1) {
    throw new RangeError(`${op}: expected inputs [N, D] with a target [N] (or [D] with a 0-D target), got ${fmt(input1.shape)} and target ${fmt(target.shape)}`);
  }
  const d = input1.ndim - 1;
  const eps = 1e-12;
  const prod = input1.mul(input2).sum(d);
  const mag1 = input1.mul(input1).sum(d).add(eps);
  const mag2 = input2.mul(input2).sum(d).add(eps);
  const cos = prod.div(mag1.mul(mag2).sqrt());
  const t = target.to(cos.dtype);
  const loss = where(t.eq(1), cos.neg().add(1), 0).add(where(t.eq(-1), cos.sub(opts.margin ?? 0).relu(), 0));
  return reduce(loss, opts.reduction);
}

/**
 * Margin ranking loss, like `F.margin_ranking_loss`: max(0, −y·(x1 − x2) + margin), y = 1 when x1
 * should rank higher, −1 when x2 should.
 * @param input1 - scores.
 * @param input2 - scores, of input1's number of dims (broadcast).
 * @param target - 1 or −1 per pair, of input1's number of dims (broadcast).
 * @param opts - `margin` (default 0), `reduction`.
 * @returns the loss.
 * @throws RangeError for tensors of different numbers of dims, shapes that do not broadcast, or
 *   an unknown reduction.
 * @throws TypeError for an unknown option.
 * @example
 * ```ts
 * import { tensor } from '@chainrule/autograd';
 * import * as F from '@chainrule/nn/functional';
 * F.marginRankingLoss(tensor([3, 1]), tensor([2, 2]), tensor([1, 1]), { margin: 0.5, reduction: 'none' }); // tensor([0.0000, 1.5000])
 * ```
 */
export function marginRankingLoss(input1: Tensor, input2: Tensor, target: Tensor, opts: MarginLossOptions = {}): Tensor {
  const op = 'marginRankingLoss';
  checkOptions(op, opts, ['margin', 'reduction']);
  if (input1.ndim !== input2.ndim || input1.ndim !== target.ndim) {
    throw new RangeError(`${op}: all input tensors should have same dimension but got sizes: input1: ${fmt(input1.shape)}, input2: ${fmt(input2.shape)}, target: ${fmt(target.shape)}`);
  }
  return reduce(target.neg().mul(input1.sub(input2)).add(opts.margin ?? 0).relu(), opts.reduction);
}

/**
 * Options of {@link tripletMarginLoss}.
 * @example
 * ```ts
 * import type { TripletMarginLossOptions } from '@chainrule/nn/functional';
 * const opts: TripletMarginLossOptions = { margin: 0.2, p: 1, swap: true };
 * opts.swap; // true
 * ```
 */
export interface TripletMarginLossOptions extends MarginLossOptions {
  /** The norm of the distances (default 2). */
  p?: number;
  /** Added to each difference before its norm (default 1e-6), as PyTorch's `pairwise_distance`. */
  eps?: number;
  /** Use the smaller of the anchor-negative and positive-negative distances (the distance swap, default false). */
  swap?: boolean;
}

/** ‖x1 − x2 + eps‖_p over the last dim, as PyTorch's `pairwise_distance`. */
function pairwise(x1: Tensor, x2: Tensor, p: number, eps: number): Tensor {
  return x1.sub(x2).add(eps).norm(p, -1);
}

/**
 * Triplet margin loss, like `F.triplet_margin_loss`: max(d(a, p) − d(a, n) + margin, 0), d the
 * p-norm distance over the last dim (with eps added to each difference, as PyTorch).
 * @param anchor - `[N, D]` or `[D]`.
 * @param positive - of anchor's number of dims.
 * @param negative - of anchor's number of dims.
 * @param opts - `margin` (default 1), `p` (default 2), `eps` (default 1e-6), `swap`, `reduction`.
 * @returns the loss.
 * @throws RangeError for tensors of different numbers of dims, shapes that do not broadcast, or
 *   an unknown reduction.
 * @throws TypeError for an unknown option.
 * @example
 * ```ts
 * import { tensor } from '@chainrule/autograd';
 * import * as F from '@chainrule/nn/functional';
 * const a = tensor([[0, 0]]);
 * F.tripletMarginLoss(a, tensor([[3, 4]]), tensor([[1, 0]]), { eps: 0 }); // tensor(5.)
 * ```
 */
export function tripletMarginLoss(anchor: Tensor, positive: Tensor, negative: Tensor, opts: TripletMarginLossOptions = {}): Tensor {
  const op = 'tripletMarginLoss';
  checkOptions(op, opts, ['margin', 'p', 'eps', 'swap', 'reduction']);
  if (anchor.ndim !== positive.ndim || anchor.ndim !== negative.ndim) {
    throw new RangeError(`${op}: the anchor, positive, and negative tensors are expected to have the same number of dimensions, but got: anchor ${anchor.ndim}D, positive ${positive.ndim}D, and negative ${negative.ndim}D inputs`);
  }
  const p = opts.p ?? 2;
  const eps = opts.eps ?? 1e-6;
  const dPos = pairwise(anchor, positive, p, eps);
  let dNeg = pairwise(anchor, negative, p, eps);
  if (opts.swap === true) dNeg = dNeg.minimum(pairwise(positive, negative, p, eps));
  return reduce(dPos.sub(dNeg).add(opts.margin ?? 1).relu(), opts.reduction);
}

/**
 * Hinge embedding loss, like `F.hinge_embedding_loss`: x where y = 1, max(0, margin − x) where
 * y = −1 (x is usually a distance).
 * @param input - x, any shape.
 * @param target - 1 or −1, broadcast against input.
 * @param opts - `margin` (default 1), `reduction`.
 * @returns the loss.
 * @throws RangeError for shapes that do not broadcast or an unknown reduction.
 * @throws TypeError for an unknown option.
 * @example
 * ```ts
 * import { tensor } from '@chainrule/autograd';
 * import * as F from '@chainrule/nn/functional';
 * F.hingeEmbeddingLoss(tensor([0.3, 0.3, 2]), tensor([1, -1, -1]), { reduction: 'none' }); // tensor([0.3000, 0.7000, 0.0000])
 * ```
 */
export function hingeEmbeddingLoss(input: Tensor, target: Tensor, opts: MarginLossOptions = {}): Tensor {
  checkOptions('hingeEmbeddingLoss', opts, ['margin', 'reduction']);
  const t = target.to(input.dtype);
  const marginPart = where(t.ne(1), input.neg().add(opts.margin ?? 1).relu(), 0);
  const selfPart = where(t.ne(-1), input, 0);
  return reduce(marginPart.add(selfPart), opts.reduction);
}

/**
 * Options of {@link multilabelSoftMarginLoss}.
 * @example
 * ```ts
 * import { tensor } from '@chainrule/autograd';
 * import type { MultilabelSoftMarginLossOptions } from '@chainrule/nn/functional';
 * const opts: MultilabelSoftMarginLossOptions = { weight: tensor([1, 2]) };
 * opts.weight?.shape; // [2]
 * ```
 */
export interface MultilabelSoftMarginLossOptions {
  /** A weight per class `[C]` (broadcast against the input). */
  weight?: Tensor | null;
  /** 'mean' (default), 'sum' or 'none'. */
  reduction?: Reduction;
}

/**
 * Multi-label one-versus-all loss, like `F.multilabel_soft_margin_loss`: the binary cross-entropy
 * of sigmoid(x) against each 0/1 label, averaged over the classes (the last dim).
 * @param input - logits `[N, C]` (or `[C]`).
 * @param target - 0/1 labels of input's shape.
 * @param opts - `weight`, `reduction`.
 * @returns the loss (`[N]` with reduction 'none').
 * @throws RangeError for shapes that do not broadcast or an unknown reduction.
 * @throws TypeError for an unknown option.
 * @example
 * ```ts
 * import { tensor } from '@chainrule/autograd';
 * import * as F from '@chainrule/nn/functional';
 * F.multilabelSoftMarginLoss(tensor([[0, 0]]), tensor([[1, 0]])); // tensor(0.6931)
 * ```
 */
export function multilabelSoftMarginLoss(input: Tensor, target: Tensor, opts: MultilabelSoftMarginLossOptions = {}): Tensor {
  checkOptions('multilabelSoftMarginLoss', opts, ['weight', 'reduction']);
  const t = target.to(input.dtype);
  let loss = t.mul(logsigmoid(input)).add(t.neg().add(1).mul(logsigmoid(input.neg()))).neg();
  if (opts.weight !== null && opts.weight !== undefined) loss = loss.mul(opts.weight);
  const classDim = input.ndim - 1;
  return reduce(loss.sum(classDim).div(input.shape[classDim]!), opts.reduction);
}

/**
 * Options of {@link multiMarginLoss}.
 * @example
 * ```ts
 * import type { MultiMarginLossOptions } from '@chainrule/nn/functional';
 * const opts: MultiMarginLossOptions = { p: 2, margin: 0.5 };
 * opts.p; // 2
 * ```
 */
export interface MultiMarginLossOptions extends MarginLossOptions {
  /** 1 (default) or 2: the power of each hinge. */
  p?: 1 | 2;
  /** A weight per class `[C]`, applied by each sample's target class. */
  weight?: Tensor | null;
}

/**
 * Multi-class hinge loss, like `F.multi_margin_loss`: for a sample with class y,
 * Σ_{i≠y} max(0, margin − x[y] + x[i])^p · w[y] / C.
 * @param input - scores `[N, C]` (or `[C]`).
 * @param target - int32 classes `[N]` (or `[]` / `[1]` for one sample).
 * @param opts - `p` (1 or 2, default 1), `margin` (default 1), `weight`, `reduction`.
 * @returns the loss.
 * @throws RangeError for shapes that do not fit, a class out of range, p other than 1 or 2, a
 *   weight that is not `[C]`, or an unknown reduction.
 * @throws TypeError for a target that is not int32 or an unknown option.
 * @example
 * ```ts
 * import { tensor } from '@chainrule/autograd';
 * import * as F from '@chainrule/nn/functional';
 * F.multiMarginLoss(tensor([[0.1, 0.2, 0.4, 0.8]]), tensor([3], { dtype: 'int32' })); // tensor(0.3250)
 * ```
 */
export function multiMarginLoss(input: Tensor, target: Tensor, opts: MultiMarginLossOptions = {}): Tensor {
  const op = 'multiMarginLoss';
  checkOptions(op, opts, ['p', 'margin', 'weight', 'reduction']);
  const p = opts.p ?? 1;
  if (p !== 1 && p !== 2) throw new RangeError(`${op}: only p == 1 and p == 2 supported, got ${String(p)}`);
  if (target.dtype !== 'int32') throw new TypeError(`${op}: expected int32 class targets, got ${target.dtype}`);
  if (input.ndim > 2 || input.numel() === 0) throw new RangeError(`${op}: expected a non-empty vector or matrix, got input of size ${fmt(input.shape)}`);
  const x = input.ndim === 2 ? input : input.reshape([1, -1]);
  const [n, c] = x.shape as [number, number];
  if (target.numel() !== n || target.ndim > 1) throw new RangeError(`${op}: inconsistent target size: ${fmt(target.shape)} for input of size: ${fmt(input.shape)}`);
  const classes = Array.from(target.toArray());
  for (const y of classes) if (!(y >= 0 && y < c)) throw new RangeError(`${op}: target ${y} is out of bounds for ${c} classes`);
  const t = target.reshape([n, 1]);
  const margins = x.sub(x.gather(1, t)).add(opts.margin ?? 1).relu();
  let h = p === 2 ? margins.square() : margins;
  const w = opts.weight ?? null;
  if (w !== null) {
    if (w.ndim !== 1 || w.shape[0] !== c) throw new RangeError(`${op}: expected a weight of shape [${c}], got ${fmt(w.shape)}`);
    h = h.mul(w.gather(0, t.reshape([n])).reshape([n, 1]));
  }
  // the target class itself does not count
  const others = tensor(Uint8Array.from({ length: n * c }, (_, i) => (i % c === classes[Math.floor(i / c)] ? 0 : 1)), { dtype: 'bool' }).reshape([n, c]);
  const loss = where(others, h, 0).sum(1).div(c);
  return reduce(input.ndim === 2 ? loss : loss.reshape([]), opts.reduction);
}

/**
 * Two-class logistic loss, like `F.soft_margin_loss`: log(1 + exp(−y·x)) for labels y = ±1.
 * @param input - scores x, any shape.
 * @param target - 1 or −1, broadcast against input.
 * @param opts - `reduction` (default 'mean').
 * @returns the loss.
 * @throws RangeError for shapes that do not broadcast or an unknown reduction.
 * @throws TypeError for an unknown option.
 * @example
 * ```ts
 * import { tensor } from '@chainrule/autograd';
 * import * as F from '@chainrule/nn/functional';
 * F.softMarginLoss(tensor([0, 2]), tensor([1, -1]), { reduction: 'none' }); // tensor([0.6931, 2.1269])
 * ```
 */
export function softMarginLoss(input: Tensor, target: Tensor, opts: { reduction?: Reduction } = {}): Tensor {
  checkOptions('softMarginLoss', opts, ['reduction']);
  // log1p(exp(z)) without overflow: softplus with no linear cut-off
  return reduce(input.mul(target.to(input.dtype)).neg().softplus(1, Infinity), opts.reduction);
}
