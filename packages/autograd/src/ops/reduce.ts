/**
 * Reductions composed from the sum/amax/amin/prod primitives: keepdim, mean, var, std, norm,
 * logsumexp, max/min with indices, argmax/argmin.
 * @module
 */
import { isFloating } from '../dtype.js';
import { normDim, normDims } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { floatInput, isnan, where } from './elementwise.js';
import { checkOptions } from './options.js';
import { argReducePrim, reducePrim } from './prims.js';

/**
 * The dims a reduction runs over: one dim, several, or all when omitted. Negative dims count from the end.
 * @example
 * ```ts
 * const dims: Dims = [0, -1];
 * ones([2, 3, 4]).sum(dims); // tensor([8., 8., 8.])
 * ```
 */
export type Dims = number | readonly number[];

function keep(r: Tensor, x: Tensor, axes: readonly number[], keepdim: boolean): Tensor {
  return keepdim ? r.reshape(x.shape.map((s, d) => (axes.includes(d) ? 1 : s))) : r;
}

function reduceOp(op: 'sum' | 'amax' | 'amin' | 'prod', name: string, x: Tensor, dim: Dims | undefined, keepdim: boolean): Tensor {
  const axes = normDims(dim, x.ndim, name);
  return keep(reducePrim(op, x, axes), x, axes, keepdim);
}

export const sum = (x: Tensor, dim?: Dims, keepdim = false): Tensor => reduceOp('sum', 'sum', x, dim, keepdim);
export const prod = (x: Tensor, dim?: Dims, keepdim = false): Tensor => reduceOp('prod', 'prod', x, dim, keepdim);
export const amax = (x: Tensor, dim?: Dims, keepdim = false): Tensor => reduceOp('amax', 'amax', x, dim, keepdim);
export const amin = (x: Tensor, dim?: Dims, keepdim = false): Tensor => reduceOp('amin', 'amin', x, dim, keepdim);

/** Whether every element (along `dim`, all dims when omitted) is nonzero (NaN counts as nonzero); bool. */
export function all(x: Tensor, dim?: Dims, keepdim = false): Tensor {
  const axes = normDims(dim, x.ndim, 'all');
  return keep(reducePrim('sum', x.eq(0).to('int32'), axes).eq(0), x, axes, keepdim);
}

/** Whether any element (along `dim`, all dims when omitted) is nonzero (NaN counts as nonzero); bool. */
export function any(x: Tensor, dim?: Dims, keepdim = false): Tensor {
  const axes = normDims(dim, x.ndim, 'any');
  return keep(reducePrim('sum', x.ne(0).to('int32'), axes).gt(0), x, axes, keepdim);
}

function countOf(x: Tensor, dim: Dims | undefined): number {
  return normDims(dim, x.ndim, 'mean').reduce((n, d) => n * x.shape[d]!, 1);
}

/** Mean over `dim` (all dims when omitted). */
export function mean(x: Tensor, dim?: Dims, keepdim = false): Tensor {
  if (!isFloating(x.dtype)) throw new TypeError(`mean: needs a floating-point tensor, got ${x.dtype} (use .float() first)`);
  return sum(x, dim, keepdim).div(countOf(x, dim));
}

/**
 * Options of {@link Tensor.var} and {@link Tensor.std}.
 * @example
 * ```ts
 * const opts: VarOptions = { correction: 0, keepdim: true };
 * tensor([[1, 3]]).var(1, opts); // tensor([[1.]])
 * ```
 */
export interface VarOptions {
  /** Subtracted from the count in the divisor: 1 (default) is Bessel's correction, 0 the population variance. */
  correction?: number;
  /** PyTorch's older spelling: `unbiased: false` means `correction: 0`. */
  unbiased?: boolean;
  /** Keep the reduced dims with size 1. */
  keepdim?: boolean;
}

/** Variance over `dim`. */
export function variance(x: Tensor, dim?: Dims, opts: VarOptions = {}, op = 'var'): Tensor {
  checkOptions(op, opts, ['correction', 'unbiased', 'keepdim']);
  x = floatInput(x);
  const correction = opts.correction ?? (opts.unbiased === false ? 0 : 1);
  const mu = mean(x, dim, true);
  const n = countOf(x, dim);
  return sum(x.sub(mu).square(), dim, opts.keepdim ?? false).div(Math.max(0, n - correction));
}

/** Standard deviation over `dim`. */
export function std(x: Tensor, dim?: Dims, opts: VarOptions = {}, op = 'std'): Tensor {
  return variance(x, dim, opts, op).sqrt();
}

/** [var, mean] over `dim`, as torch.var_mean. */
export function varMean(x: Tensor, dim?: Dims, opts: VarOptions = {}): [Tensor, Tensor] {
  return [variance(x, dim, opts, 'varMean'), mean(floatInput(x), dim, opts.keepdim ?? false)];
}

/** [std, mean] over `dim`, as torch.std_mean. */
export function stdMean(x: Tensor, dim?: Dims, opts: VarOptions = {}): [Tensor, Tensor] {
  return [std(x, dim, opts, 'stdMean'), mean(floatInput(x), dim, opts.keepdim ?? false)];
}

/** Sum over `dim`, NaNs counted as zeros. */
export function nansum(x: Tensor, dim?: Dims, keepdim = false): Tensor {
  return sum(isFloating(x.dtype) ? where(isnan(x), 0, x) : x, dim, keepdim);
}

/** Mean over `dim` of the elements that are not NaN (NaN where all are). */
export function nanmean(x: Tensor, dim?: Dims, keepdim = false): Tensor {
  if (!isFloating(x.dtype)) throw new TypeError(`nanmean: needs a floating-point tensor, got ${x.dtype} (use .float() first)`);
  return nansum(x, dim, keepdim).div(sum(isnan(x).logicalNot(), dim, keepdim));
}

/** How many elements are nonzero over `dim` (all dims when omitted); int32. */
export function countNonzero(x: Tensor, dim?: Dims): Tensor {
  return sum(x.ne(0), dim);
}

/**
 * The result of {@link Tensor.aminmax}: the minima and the maxima.
 * @example
 * ```ts
 * const { min, max }: MinMax = tensor([[1, 5], [7, 2]]).aminmax({ dim: 1 });
 * min; // tensor([1., 2.])
 * max; // tensor([5., 7.])
 * ```
 */
export interface MinMax {
  /** The minima (as {@link Tensor.amin}). */
  min: Tensor;
  /** The maxima (as {@link Tensor.amax}). */
  max: Tensor;
}

/**
 * Options of {@link Tensor.aminmax}.
 * @example
 * ```ts
 * const opts: AminmaxOptions = { dim: 0, keepdim: true };
 * tensor([[1, 5], [7, 2]]).aminmax(opts).max; // tensor([[7., 5.]])
 * ```
 */
export interface AminmaxOptions {
  /** The dim to reduce (all dims when omitted). */
  dim?: number;
  /** Keep the reduced dim with size 1. */
  keepdim?: boolean;
}

/** The minimum and maximum over one dim or all, as torch.aminmax. */
export function aminmax(x: Tensor, opts: AminmaxOptions = {}): MinMax {
  checkOptions('aminmax', opts, ['dim', 'keepdim']);
  if (opts.dim !== undefined && typeof opts.dim !== 'number') throw new TypeError(`aminmax: dim must be one integer, got ${JSON.stringify(opts.dim)}`);
  const keepdim = opts.keepdim ?? false;
  return { min: reduceOp('amin', 'aminmax', x, opts.dim, keepdim), max: reduceOp('amax', 'aminmax', x, opts.dim, keepdim) };
}

/**
 * The p-norm over `dim` (all elements when omitted).
 * NOTE: at an all-zero input the gradient is 0, as PyTorch's (the root's derivative is infinite there).
 */
export function norm(x: Tensor, p: number = 2, dim?: Dims, keepdim = false): Tensor {
  x = floatInput(x);
  if (p === 1) return sum(x.abs(), dim, keepdim);
  if (p === Infinity) return amax(x.abs(), dim, keepdim);
  if (p === -Infinity) return amin(x.abs(), dim, keepdim);
  if (p === 0) return sum(x.ne(0).to(x.dtype), dim, keepdim);
  const s = p === 2 ? sum(x.square(), dim, keepdim) : sum(x.abs().pow(p), dim, keepdim);
  // the root only sees positive sums, so a zero norm passes a zero gradient instead of 0·∞ = NaN
  const pos = s.gt(0);
  const safe = where(pos, s, 1);
  return where(pos, p === 2 ? safe.sqrt() : safe.pow(1 / p), 0);
}

/** log(sum(exp(x))) over `dim`, stable for large inputs (the max is subtracted first). */
export function logsumexp(x: Tensor, dim: Dims, keepdim = false): Tensor {
  x = floatInput(x);
  // over no elements: log(0) = -inf, as PyTorch (there is no max to subtract)
  if (x.numel() === 0) return sum(x.exp(), dim, keepdim).log();
  const m0 = amax(x, dim, true).detach();
  const m = where(m0.isfinite(), m0, 0);
  const r = sum(x.sub(m).exp(), dim, true).log().add(m);
  return keepdim ? r : r.squeeze(normDims(dim, x.ndim, 'logsumexp'));
}

/**
 * The result of `max(dim)` and `min(dim)` ({@link Tensor.max}, {@link Tensor.min}): the values
 * and their int32 indices along the dim.
 * @example
 * ```ts
 * const { values, indices }: ValuesIndices = tensor([[1, 5], [7, 2]]).max(1);
 * values; // tensor([5., 7.])
 * indices; // tensor([1, 0], dtype=torch.int32)
 * ```
 */
export interface ValuesIndices {
  /** The maxima or minima (differentiable). */
  values: Tensor;
  /** Their indices along the dim (int32). */
  indices: Tensor;
}

function extremumDim(op: 'argmax' | 'argmin', x: Tensor, dim: number, keepdim: boolean): ValuesIndices {
  const d = normDim(dim, x.ndim, op === 'argmax' ? 'max' : 'min');
  if (x.ndim === 0) {
    // a 0-dim tensor is its own max along dim 0, at index 0 (as PyTorch)
    const r = extremumDim(op, x.reshape([1]), 0, false);
    return { values: r.values.reshape([]), indices: r.indices.reshape([]) };
  }
  const idx = argReducePrim(op, x, d);
  const idxKeep = idx.unsqueeze(d);
  const values = x.gather(d, idxKeep);
  return keepdim ? { values, indices: idxKeep } : { values: values.squeeze(d), indices: idx };
}

/** max(x, dim): the largest values along `dim` and where they are; the gradient goes to that index. */
export const maxDim = (x: Tensor, dim: number, keepdim = false): ValuesIndices => extremumDim('argmax', x, dim, keepdim);
/** min(x, dim): the smallest values along `dim` and where they are. */
export const minDim = (x: Tensor, dim: number, keepdim = false): ValuesIndices => extremumDim('argmin', x, dim, keepdim);

function argOp(op: 'argmax' | 'argmin', x: Tensor, dim: number | undefined, keepdim: boolean): Tensor {
  if (dim === undefined) {
    const r = argReducePrim(op, x.reshape([-1]), 0);
    return keepdim ? r.reshape(x.shape.map(() => 1)) : r;
  }
  const d = normDim(dim, x.ndim, op);
  const r = argReducePrim(op, x, d);
  return keepdim ? r.unsqueeze(d) : r;
}

/** max(x), max(x, dim) with indices, or the elementwise maximum with another tensor. */
export function max(x: Tensor, dim?: number | Tensor, keepdim = false): Tensor | ValuesIndices {
  if (dim === undefined) return amax(x);
  if (typeof dim !== 'number') return x.maximum(dim);
  return maxDim(x, dim, keepdim);
}

/** min(x), min(x, dim) with indices, or the elementwise minimum with another tensor. */
export function min(x: Tensor, dim?: number | Tensor, keepdim = false): Tensor | ValuesIndices {
  if (dim === undefined) return amin(x);
  if (typeof dim !== 'number') return x.minimum(dim);
  return minDim(x, dim, keepdim);
}

/** Index of the largest element (of the flattened tensor when `dim` is omitted); int32. */
export const argmax = (x: Tensor, dim?: number, keepdim = false): Tensor => argOp('argmax', x, dim, keepdim);
/** Index of the smallest element; int32. */
export const argmin = (x: Tensor, dim?: number, keepdim = false): Tensor => argOp('argmin', x, dim, keepdim);

