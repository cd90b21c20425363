/**
 * Loss functions with PyTorch's options and reductions, as `torch.nn.functional`.
 * @module
 */
import { hostCheck, markRegion, where } from '@chainrule/autograd';
import type { Tensor } from '@chainrule/autograd';
import { logsigmoid } from './activation.js';

/**
 * How a loss combines its per-element values: PyTorch's `reduction`.
 * @example
 * ```ts
 * const reduction: F.Reduction = 'none';
 * F.mseLoss(tensor([1, 2]), tensor([0, 0]), { reduction }); // tensor([1., 4.])
 * ```
 */
export type Reduction = 'mean' | 'sum' | 'none';

/**
 * Options of {@link nllLoss} (and of {@link crossEntropy}).
 * @example
 * ```ts
 * const opts: F.NLLLossOptions = { ignoreIndex: 0, weight: tensor([1, 3]) };
 * F.nllLoss(tensor([[-1, -2], [-3, -4]]), tensor([0, 1], { dtype: 'int32' }), opts); // tensor(4.)
 * ```
 */
export interface NLLLossOptions {
  /** A weight per class, `[C]`. */
  weight?: Tensor | null;
  /** Targets equal to this add nothing and are left out of the mean (default -100). */
  ignoreIndex?: number;
  /** 'mean' (default; divides by the summed target weights), 'sum' or 'none'. */
  reduction?: Reduction;
}

/**
 * Options of {@link crossEntropy}.
 * @example
 * ```ts
 * const opts: F.CrossEntropyOptions = { labelSmoothing: 0.1 };
 * F.crossEntropy(tensor([[0, 0]]), tensor([1], { dtype: 'int32' }), opts); // tensor(0.6931)
 * ```
 */
export interface CrossEntropyOptions extends NLLLossOptions {
  /** ε in [0, 1]: mix the target with the uniform distribution over classes (default 0). */
  labelSmoothing?: number;
}

/**
 * Options of {@link binaryCrossEntropy}.
 * @example
 * ```ts
 * const opts: F.BCEOptions = { reduction: 'sum', weight: tensor([2, 0]) };
 * F.binaryCrossEntropy(tensor([0.5, 0.5]), tensor([1, 1]), opts); // tensor(1.3863)
 * ```
 */
export interface BCEOptions {
  /** Rescales each element's loss (broadcast against the input). */
  weight?: Tensor | null;
  /** 'mean' (default), 'sum' or 'none'. */
  reduction?: Reduction;
}

/**
 * Options of {@link binaryCrossEntropyWithLogits}.
 * @example
 * ```ts
 * const opts: F.BCEWithLogitsOptions = { posWeight: tensor([3]) };
 * F.binaryCrossEntropyWithLogits(tensor([0]), tensor([1]), opts); // tensor(2.0794)
 * ```
 */
export interface BCEWithLogitsOptions extends BCEOptions {
  /** A weight for positive examples, broadcast along the last (class) dim. */
  posWeight?: Tensor | null;
}

/**
 * Options of the regression losses ({@link mseLoss}, {@link l1Loss}, {@link huberLoss}, {@link smoothL1Loss}).
 * @example
 * ```ts
 * const opts: F.RegressionLossOptions = { reduction: 'sum' };
 * F.l1Loss(tensor([1, -2]), tensor([0, 0]), opts); // tensor(3.)
 * ```
 */
export interface RegressionLossOptions {
  /** 'mean' (default), 'sum' or 'none'. */
  reduction?: Reduction;
}

/** @internal Applies a reduction. */
export function reduce(loss: Tensor, reduction: Reduction = 'mean'): Tensor {
  switch (reduction) {
    case 'mean':
      return loss.mean();
    case 'sum':
      return loss.sum();
    case 'none':
      return loss;
    default:
      throw new RangeError(`${String(reduction)} is not a valid value for reduction (expected 'mean', 'sum' or 'none')`);
  }
}

/** The class-weight vector shaped to broadcast along dim 1 of an input of `ndim` dims. */
function classView(weight: Tensor, ndim: number): Tensor {
  const shape = new Array<number>(ndim).fill(1);
  shape[1] = weight.shape[0]!;
  return weight.reshape(shape);
}

/**
 * Checks class-index targets and makes input/target at least `[N, C]` / `[N]`; the third element
 * tells whether some target equals `ignoreIndex`.
 */
function batchify(op: string, input: Tensor, target: Tensor, ignoreIndex: number): [Tensor, Tensor, boolean] {
  if (target.dtype !== 'int32') throw new TypeError(`${op}: class-index targets must be int32, got ${target.dtype}`);
  if (input.ndim === 0) throw new RangeError(`${op}: input must have at least one dim`);
  const [x, t] = input.ndim === 1 ? [input.unsqueeze(0), target.reshape([1])] : [input, target];
  const expected = [x.shape[0]!, ...x.shape.slice(2)];
  if (t.shape.length !== expected.length || t.shape.some((s, i) => s !== expected[i])) {
    throw new RangeError(`${op}: expected target of shape [${expected.join(', ')}] for input of shape [${x.shape.join(', ')}], got [${t.shape.join(', ')}]`);
  }
  const c = x.shape[1]!;
  // in a compiled step, checked again at every call (a batch with an ignored target captures again)
  const ignored = hostCheck([t], ([data]) => {
    let some = false;
    for (let i = 0; i < data!.length; i++) {
      const v = data![i]!;
      if (v === ignoreIndex) some = true;
      else if (v < 0 || v >= c) throw new RangeError(`${op}: Target ${v} is out of bounds (${c} classes).`);
    }
    return some;
  });
  return [x, t, ignored];
}

interface Picked {
  /** −w[t]·x[t] per target, 0 where ignored. */
  loss: Tensor;
  /** w[t] per target (1 without weights), 0 where ignored. */
  w: Tensor;
  /** false where ignored. */
  mask: Tensor;
}

function pick(logp: Tensor, target: Tensor, weight: Tensor | null | undefined, ignoreIndex: number): Picked {
  const mask = target.ne(ignoreIndex);
  const safe = where(mask, target, 0);
  const picked = logp.gather(1, safe.unsqueeze(1)).squeeze(1);
  const wt = weight === null || weight === undefined ? null : weight.to(logp.dtype).indexSelect(0, safe.flatten()).reshape(target.shape);
  const loss = where(mask, wt === null ? picked.neg() : picked.neg().mul(wt), 0);
  const w = wt === null ? mask.to(logp.dtype) : where(mask, wt, 0);
  return { loss, w, mask };
}

/**
 * The loss when no target is ignored and there are no class weights: −logp[n, t[n]], summed or
 * averaged over the targets. The same values as {@link pick} + {@link reduceWeighted} (whose
 * mask is then all true and whose weights sum to the count), in three ops instead of a dozen.
 */
function plainNll(logp: Tensor, target: Tensor, reduction: Reduction): Tensor {
  const picked = logp.gather(1, target.unsqueeze(1)).squeeze(1);
  if (reduction === 'sum') return picked.sum().neg();
  if (reduction === 'mean') return picked.sum().neg().div(target.numel());
  return reduce(picked.neg(), reduction); // 'none', or the error naming an unknown reduction
}

function reduceWeighted(p: Picked, reduction: Reduction): Tensor {
  if (reduction === 'mean') return p.loss.sum().div(p.w.sum());
  return reduce(p.loss, reduction);
}

/**
 * Negative log-likelihood of class-index targets given log-probabilities, like `F.nll_loss`:
 * `−weight[t]·input[n, t]` per sample.
 * @param input - log-probabilities `[N, C]` (or `[C]`, or `[N, C, d1, …]`).
 * @param target - int32 class indices `[N]` (or `[]`, or `[N, d1, …]`).
 * @param opts - `weight`, `ignoreIndex` (default -100), `reduction` (default 'mean': the sum
 *   divided by the summed weights of the targets that are not ignored).
 * @returns the loss (a scalar unless the reduction is 'none').
 * @throws TypeError when the target is not int32.
 * @throws RangeError for a class index out of range or mismatched shapes.
 * @example
 * ```ts
 * const logp = tensor([[-1, -2], [-3, -4]]);
 * F.nllLoss(logp, tensor([1, 0], { dtype: 'int32' })); // tensor(2.5000)
 * F.nllLoss(logp, tensor([1, 2], { dtype: 'int32' })); // throws RangeError: out of bounds
 * ```
 */
export function nllLoss(input: Tensor, target: Tensor, opts: NLLLossOptions = {}): Tensor {
  const ignoreIndex = opts.ignoreIndex ?? -100;
  const [x, t, ignored] = batchify('nllLoss', input, target, ignoreIndex);
  const weight = opts.weight ?? null;
  const reduction = opts.reduction ?? 'mean';
  const out = weight === null && !ignored ? plainNll(x, t, reduction) : reduceWeighted(pick(x, t, weight, ignoreIndex), reduction);
  return input.ndim === 1 && opts.reduction === 'none' ? out.reshape([]) : out;
}

/**
 * Cross-entropy between logits and targets, like `F.cross_entropy`:
 * `nllLoss(logSoftmax(input, 1), target)` for int32 class indices, or `−Σ_c target·logSoftmax`
 * for float class probabilities shaped like the input. Stable for logits of any size.
 *
 * NOTE: with `labelSmoothing` ε the loss is `(1−ε)·nll + ε/C·Σ_c −w_c·logp_c` (PyTorch's mix with
 * the uniform distribution); its 'mean' divides by the summed target weights, as `nll` does.
 * @param input - logits `[N, C]` (or `[C]`, or `[N, C, d1, …]`).
 * @param target - int32 class indices `[N, …]`, or float probabilities shaped like `input`.
 * @param opts - `weight` `[C]`, `ignoreIndex` (default -100; class indices only), `reduction`
 *   (default 'mean'), `labelSmoothing` (default 0).
 * @returns the loss.
 * @throws TypeError for a bool target.
 * @throws RangeError for a class index out of range, mismatched shapes, or `labelSmoothing`
 *   outside [0, 1].
 * @example
 * ```ts
 * import { tensor } from '@chainrule/autograd';
 * import * as F from '@chainrule/nn/functional';
 * const logits = tensor([[1000, 0], [0, 0]]);
 * F.crossEntropy(logits, tensor([0, 1], { dtype: 'int32' })); // tensor(0.3466)
 * F.crossEntropy(logits, tensor([[1, 0], [0.5, 0.5]])); // tensor(0.3466)
 * ```
 */
export function crossEntropy(input: Tensor, target: Tensor, opts: CrossEntropyOptions = {}): Tensor {
  return markRegion('crossEntropy', { reduction: opts.reduction ?? 'mean', ignoreIndex: opts.ignoreIndex ?? -100, labelSmoothing: opts.labelSmoothing ?? 0 }, [input, target, opts.weight], () => crossEntropyOps(input, target, opts));
}

/** The ops of {@link crossEntropy}. */
function crossEntropyOps(input: Tensor, target: Tensor, opts: CrossEntropyOptions = {}): Tensor {
  const eps = opts.labelSmoothing ?? 0;
  if (!(eps >= 0 && eps <= 1)) throw new RangeError(`crossEntropy: labelSmoothing must be between 0.0 and 1.0, got ${eps}`);
  const reduction = opts.reduction ?? 'mean';
  const weight = opts.weight ?? null;
  if (target.dtype === 'float32' || target.dtype === 'float64') return crossEntropyProbs(input, target, weight, reduction, eps);
  if (target.dtype === 'bool') throw new TypeError('crossEntropy: target must be int32 class indices or float probabilities, got bool');
  const ignoreIndex = opts.ignoreIndex ?? -100;
  const [x, t, ignored] = batchify('crossEntropy', input, target, ignoreIndex);
  const logp = x.logSoftmax(1);
  if (weight === null && !ignored && eps === 0) {
    const out = plainNll(logp, t, reduction);
    return input.ndim === 1 && reduction === 'none' ? out.reshape([]) : out;
  }
  const p = pick(logp, t, weight, ignoreIndex);
  let out = reduceWeighted(p, reduction);
  if (eps > 0) {
    const c = x.shape[1]!;
    const w = weight === null ? null : weight.to(logp.dtype);
    const smooth = where(p.mask, (w === null ? logp : logp.mul(classView(w, logp.ndim))).sum(1).neg(), 0);
    const ret = reduction === 'mean' ? smooth.sum().div(p.w.sum()) : reduce(smooth, reduction);
    out = out.mul(1 - eps).add(ret.mul(eps / c));
  }
  return input.ndim === 1 && reduction === 'none' ? out.reshape([]) : out;
}

function crossEntropyProbs(input: Tensor, target: Tensor, weight: Tensor | null, reduction: Reduction, eps: number): Tensor {
  if (input.shape.length !== target.shape.length || input.shape.some((s, i) => s !== target.shape[i])) {
    throw new RangeError(`crossEntropy: probability targets must have the input's shape [${input.shape.join(', ')}], got [${target.shape.join(', ')}]`);
  }
  const classDim = input.ndim === 1 ? 0 : 1;
  const c = input.shape[classDim]!;
  const logp = input.logSoftmax(classDim);
  let t = target.to(input.dtype);
  if (eps > 0) t = t.mul(1 - eps).add(eps / c);
  let prod = logp.mul(t);
  if (weight !== null) prod = prod.mul(input.ndim === 1 ? weight.to(input.dtype) : classView(weight.to(input.dtype), input.ndim));
  const loss = prod.sum(classDim).neg();
  if (reduction === 'mean') return loss.sum().div(input.numel() / c);
  return reduce(loss, reduction);
}

function checkSameShape(op: string, input: Tensor, target: Tensor): void {
  if (input.shape.length !== target.shape.length || input.shape.some((s, i) => s !== target.shape[i])) {
    throw new RangeError(`${op}: target size [${target.shape.join(', ')}] must be the same as input size [${input.shape.join(', ')}]`);
  }
}

/**
 * `max(log(v), -100)` as PyTorch's BCE takes it, computed so that where the clamp is active the
 * log never sees its argument: the gradient there is 0, not 0·∞ = NaN (input 0 with target 0).
 */
function clampedLog(x: Tensor, log: (v: Tensor) => Tensor): Tensor {
  const inRange = log(x.detach()).gt(-100);
  return where(inRange, log(where(inRange, x, 0.5)), -100);
}

/**
 * Binary cross-entropy of probabilities, like `torch.nn.functional.binary_cross_entropy`:
 * `−w·(y·log x + (1−y)·log(1−x))`.
 *
 * NOTE: each log is clamped to ≥ −100 as PyTorch does, so x = 0 or 1 gives a finite loss; where
 * the clamp is active the gradient is 0 (PyTorch's analytic gradient is large instead).
 * Prefer {@link binaryCrossEntropyWithLogits} for stability.
 * @param input - probabilities in [0, 1].
 * @param target - targets in [0, 1], shaped like `input`.
 * @param opts - `weight`, `reduction` (default 'mean').
 * @returns the loss.
 * @throws RangeError when the shapes differ or an input is outside [0, 1].
 * @example
 * ```ts
 * F.binaryCrossEntropy(tensor([0.5, 0]), tensor([1, 1]), { reduction: 'none' }); // tensor([  0.6931, 100.0000])
 * F.binaryCrossEntropy(tensor([1.5]), tensor([1])); // throws RangeError: between 0 and 1
 * ```
 */
export function binaryCrossEntropy(input: Tensor, target: Tensor, opts: BCEOptions = {}): Tensor {
  checkSameShape('binaryCrossEntropy', input, target);
  hostCheck([input], ([data]) => {
    for (let i = 0; i < data!.length; i++) {
      const v = data![i]!;
      if (!(v >= 0 && v <= 1)) throw new RangeError(`binaryCrossEntropy: all elements of input should be between 0 and 1, got ${v}`);
    }
  });
  const y = target.to(input.dtype);
  const logX = clampedLog(input, (v) => v.log());
  const log1mX = clampedLog(input, (v) => v.neg().log1p());
  let loss = y.sub(1).mul(log1mX).sub(y.mul(logX));
  if (opts.weight !== null && opts.weight !== undefined) loss = loss.mul(opts.weight.to(input.dtype));
  return reduce(loss, opts.reduction);
}

/**
 * Binary cross-entropy of logits, like `F.binary_cross_entropy_with_logits`:
 * `(1−y)·x − (1 + (posWeight−1)·y)·log σ(x)`, computed with a stable log σ so that logits of
 * ±1000 give exact finite losses and gradients.
 * @param input - logits.
 * @param target - targets in [0, 1], shaped like `input`.
 * @param opts - `weight`, `posWeight` (per class, broadcast along the last dim), `reduction` (default 'mean').
 * @returns the loss.
 * @throws RangeError when the shapes differ.
 * @example F.binaryCrossEntropyWithLogits(tensor([1000, -1000]), tensor([0, 1]), { reduction: 'none' }); // tensor([1000., 1000.])
 */
export function binaryCrossEntropyWithLogits(input: Tensor, target: Tensor, opts: BCEWithLogitsOptions = {}): Tensor {
  checkSameShape('binaryCrossEntropyWithLogits', input, target);
  const y = target.to(input.dtype);
  const ls = logsigmoid(input);
  const pw = opts.posWeight;
  const weighted = pw === null || pw === undefined ? ls : pw.to(input.dtype).sub(1).mul(y).add(1).mul(ls);
  let loss = y.neg().add(1).mul(input).sub(weighted);
  if (opts.weight !== null && opts.weight !== undefined) loss = loss.mul(opts.weight.to(input.dtype));
  return reduce(loss, opts.reduction);
}

/**
 * As PyTorch: a regression target whose shape differs from the input's is broadcast, with a
 * warning, since `[N, 1]` against `[N]` silently becomes an `[N, N]` loss.
 */
function warnIfBroadcast(op: string, input: Tensor, target: Tensor): void {
  if (input.shape.length === target.shape.length && input.shape.every((s, i) => s === target.shape[i])) return;
  console.warn(
    `${op}: using a target size ([${target.shape.join(', ')}]) that is different to the input size ([${input.shape.join(', ')}]). ` +
      'This will likely lead to incorrect results due to broadcasting. Please ensure they have the same size.',
  );
}

/**
 * Mean squared error (x − y)², like `F.mse_loss`.
 * NOTE: a target of another shape is broadcast against the input with a warning, as PyTorch does
 * (`[N, 1]` against `[N]` gives an `[N, N]` loss); pass matching shapes.
 * @param input - predictions.
 * @param target - targets.
 * @param opts - `reduction` (default 'mean').
 * @returns the loss.
 * @throws RangeError when the shapes do not broadcast.
 * @example F.mseLoss(tensor([1, 2]), tensor([0, 0])); // tensor(2.5000)
 */
export function mseLoss(input: Tensor, target: Tensor, opts: RegressionLossOptions = {}): Tensor {
  warnIfBroadcast('mseLoss', input, target);
  return reduce(input.sub(target).square(), opts.reduction);
}

/**
 * Mean absolute error |x − y|, like `F.l1_loss`. NOTE: the gradient at x = y is 0.
 * @param input - predictions.
 * @param target - targets (broadcast against input).
 * @param opts - `reduction` (default 'mean').
 * @returns the loss.
 * @throws RangeError when the shapes do not broadcast.
 * @example F.l1Loss(tensor([1, -2]), tensor([0, 0])); // tensor(1.5000)
 */
export function l1Loss(input: Tensor, target: Tensor, opts: RegressionLossOptions = {}): Tensor {
  warnIfBroadcast('l1Loss', input, target);
  return reduce(input.sub(target).abs(), opts.reduction);
}

/**
 * Huber loss, like `F.huber_loss`: ½d² where |d| < δ, δ(|d| − ½δ) elsewhere, with d = x − y.
 * @param input - predictions.
 * @param target - targets (broadcast against input).
 * @param opts - `delta` δ > 0 (default 1), `reduction` (default 'mean').
 * @returns the loss.
 * @throws RangeError when δ ≤ 0 or the shapes do not broadcast.
 * @example F.huberLoss(tensor([0.5, 3]), tensor([0, 0]), { delta: 2, reduction: 'none' }); // tensor([0.1250, 4.0000])
 */
export function huberLoss(input: Tensor, target: Tensor, opts: RegressionLossOptions & { delta?: number } = {}): Tensor {
  warnIfBroadcast('huberLoss', input, target);
  const delta = opts.delta ?? 1;
  if (!(delta > 0)) throw new RangeError(`huberLoss: delta must be positive, got ${delta}`);
  const d = input.sub(target);
  const a = d.abs();
  return reduce(where(a.lt(delta), d.square().mul(0.5), a.sub(0.5 * delta).mul(delta)), opts.reduction);
}

/**
 * Smooth L1 loss, like `F.smooth_l1_loss`: ½d²/β where |d| < β, |d| − ½β elsewhere (β = 0 gives
 * the L1 loss).
 * @param input - predictions.
 * @param target - targets (broadcast against input).
 * @param opts - `beta` β ≥ 0 (default 1), `reduction` (default 'mean').
 * @returns the loss.
 * @throws RangeError when β < 0 or the shapes do not broadcast.
 * @example F.smoothL1Loss(tensor([0.5, 3]), tensor([0, 0]), { reduction: 'none' }); // tensor([0.1250, 2.5000])
 */
export function smoothL1Loss(input: Tensor, target: Tensor, opts: RegressionLossOptions & { beta?: number } = {}): Tensor {
  warnIfBroadcast('smoothL1Loss', input, target);
  const beta = opts.beta ?? 1;
  if (!(beta >= 0)) throw new RangeError(`smoothL1Loss: beta must be non-negative, got ${beta}`);
  const d = input.sub(target);
  const a = d.abs();
  if (beta === 0) return reduce(a, opts.reduction);
  return reduce(where(a.lt(beta), d.square().mul(0.5 / beta), a.sub(0.5 * beta)), opts.reduction);
}
