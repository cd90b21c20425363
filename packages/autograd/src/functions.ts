/**
 * Every op as a free function, PyTorch's `torch.add(a, b)` style; each calls the method of the same name.
 * @module
 */
import * as E from './ops/elementwise.js';
import type { TensorLike } from './ops/elementwise.js';
import type { Dims, ValuesIndices, VarOptions } from './ops/reduce.js';
import * as S from './ops/shape.js';
import type { Tensor } from './tensor.js';

/** a + alpha·b with broadcasting. @param a - tensor. @param b - tensor or number. @returns the sum. @example add(x, y) */
export const add = (a: Tensor, b: TensorLike, opts?: { alpha?: number }): Tensor => a.add(b, opts);
/** a − alpha·b. @param a - tensor. @param b - tensor or number. @returns the difference. @example sub(x, y) */
export const sub = (a: Tensor, b: TensorLike, opts?: { alpha?: number }): Tensor => a.sub(b, opts);
/** a·b. @param a - tensor. @param b - tensor or number. @returns the product. @example mul(x, 2) */
export const mul = (a: Tensor, b: TensorLike): Tensor => a.mul(b);
/** a / b. @param a - tensor. @param b - tensor or number. @returns the quotient. @example div(x, y) */
export const div = (a: Tensor, b: TensorLike): Tensor => a.div(b);
/** aᵇ. @param a - tensor. @param b - tensor or number. @returns the power. @example pow(x, 2) */
export const pow = (a: Tensor, b: TensorLike): Tensor => a.pow(b);
/** Elementwise maximum. @param a - tensor. @param b - tensor or number. @returns the maximum. @example maximum(x, y) */
export const maximum = (a: Tensor, b: TensorLike): Tensor => a.maximum(b);
/** Elementwise minimum. @param a - tensor. @param b - tensor or number. @returns the minimum. @example minimum(x, y) */
export const minimum = (a: Tensor, b: TensorLike): Tensor => a.minimum(b);
/** −x. @param x - tensor. @returns the result. @example neg(x) */
export const neg = (x: Tensor): Tensor => x.neg();
/** eˣ. @param x - tensor. @returns the result. @example exp(x) */
export const exp = (x: Tensor): Tensor => x.exp();
/** log x. @param x - tensor. @returns the result. @example log(x) */
export const log = (x: Tensor): Tensor => x.log();
/** log(1+x). @param x - tensor. @returns the result. @example log1p(x) */
export const log1p = (x: Tensor): Tensor => x.log1p();
/** √x. @param x - tensor. @returns the result. @example sqrt(x) */
export const sqrt = (x: Tensor): Tensor => x.sqrt();
/** |x|. @param x - tensor. @returns the result. @example abs(x) */
export const abs = (x: Tensor): Tensor => x.abs();
/** sin x. @param x - tensor. @returns the result. @example sin(x) */
export const sin = (x: Tensor): Tensor => x.sin();
/** cos x. @param x - tensor. @returns the result. @example cos(x) */
export const cos = (x: Tensor): Tensor => x.cos();
/** tanh x. @param x - tensor. @returns the result. @example tanh(x) */
export const tanh = (x: Tensor): Tensor => x.tanh();
/** σ(x). @param x - tensor. @returns the result. @example sigmoid(x) */
export const sigmoid = (x: Tensor): Tensor => x.sigmoid();
/** max(x, 0). @param x - tensor. @returns the result. @example relu(x) */
export const relu = (x: Tensor): Tensor => x.relu();
/** Leaky ReLU. @param x - tensor. @param negativeSlope - default 0.01. @returns the result. @example leakyRelu(x, 0.2) */
export const leakyRelu = (x: Tensor, negativeSlope = 0.01): Tensor => x.leakyRelu(negativeSlope);
/** GELU. @param x - tensor. @param approximate - 'none' or 'tanh'. @returns the result. @example gelu(x) */
export const gelu = (x: Tensor, approximate: 'none' | 'tanh' = 'none'): Tensor => x.gelu(approximate);
/** Softplus. @param x - tensor. @param beta - β. @param threshold - linear above. @returns the result. @example softplus(x) */
export const softplus = (x: Tensor, beta = 1, threshold = 20): Tensor => x.softplus(beta, threshold);
/** ELU. @param x - tensor. @param alpha - α. @returns the result. @example elu(x) */
export const elu = (x: Tensor, alpha = 1): Tensor => x.elu(alpha);
/** SiLU. @param x - tensor. @returns the result. @example silu(x) */
export const silu = (x: Tensor): Tensor => x.silu();
/** x². @param x - tensor. @returns the result. @example square(x) */
export const square = (x: Tensor): Tensor => x.square();
/** 1/x. @param x - tensor. @returns the result. @example reciprocal(x) */
export const reciprocal = (x: Tensor): Tensor => x.reciprocal();
/** The error function. @param x - tensor. @returns the result. @example erf(x) */
export const erf = (x: Tensor): Tensor => x.erf();
/** Clamp into [min, max]. @param x - tensor. @param min - lower bound. @param max - upper bound. @returns the result. @example clamp(x, 0, 1) */
export const clamp = (x: Tensor, min?: number | null, max?: number | null): Tensor => x.clamp(min, max);
/** Elementwise choice. @param cond - bool tensor. @param a - where true. @param b - where false. @returns the result. @example where(x.gt(0), x, 0) */
export const where = (cond: Tensor, a: TensorLike, b: TensorLike): Tensor => E.where(cond, a, b);
/** ==. @param a - tensor. @param b - tensor or number. @returns bool tensor. @example eq(x, y) */
export const eq = (a: Tensor, b: TensorLike): Tensor => a.eq(b);
/** !=. @param a - tensor. @param b - tensor or number. @returns bool tensor. @example ne(x, y) */
export const ne = (a: Tensor, b: TensorLike): Tensor => a.ne(b);
/** <. @param a - tensor. @param b - tensor or number. @returns bool tensor. @example lt(x, y) */
export const lt = (a: Tensor, b: TensorLike): Tensor => a.lt(b);
/** <=. @param a - tensor. @param b - tensor or number. @returns bool tensor. @example le(x, y) */
export const le = (a: Tensor, b: TensorLike): Tensor => a.le(b);
/** >. @param a - tensor. @param b - tensor or number. @returns bool tensor. @example gt(x, y) */
export const gt = (a: Tensor, b: TensorLike): Tensor => a.gt(b);
/** >=. @param a - tensor. @param b - tensor or number. @returns bool tensor. @example ge(x, y) */
export const ge = (a: Tensor, b: TensorLike): Tensor => a.ge(b);
/** Sum. @param x - tensor. @param dim - dims. @param keepdim - keep dims. @returns the sum. @example sum(x, 1) */
export const sum = (x: Tensor, dim?: Dims, keepdim = false): Tensor => x.sum(dim, keepdim);
/** Mean. @param x - tensor. @param dim - dims. @param keepdim - keep dims. @returns the mean. @example mean(x) */
export const mean = (x: Tensor, dim?: Dims, keepdim = false): Tensor => x.mean(dim, keepdim);
/** Product. @param x - tensor. @param dim - dims. @param keepdim - keep dims. @returns the product. @example prod(x, 0) */
export const prod = (x: Tensor, dim?: Dims, keepdim = false): Tensor => x.prod(dim, keepdim);
/** Variance. @param x - tensor. @param dim - dims. @param opts - correction, keepdim. @returns the variance. @example variance(x, 1) */
export const variance = (x: Tensor, dim?: Dims, opts?: VarOptions): Tensor => x.var(dim, opts);
/** Standard deviation. @param x - tensor. @param dim - dims. @param opts - correction, keepdim. @returns the std. @example std(x) */
export const std = (x: Tensor, dim?: Dims, opts?: VarOptions): Tensor => x.std(dim, opts);
/** p-norm. @param x - tensor. @param p - order. @param dim - dims. @param keepdim - keep dims. @returns the norm. @example norm(x) */
export const norm = (x: Tensor, p = 2, dim?: Dims, keepdim = false): Tensor => x.norm(p, dim, keepdim);
/** log Σ exp. @param x - tensor. @param dim - dims. @param keepdim - keep dims. @returns the result. @example logsumexp(x, 1) */
export const logsumexp = (x: Tensor, dim: Dims, keepdim = false): Tensor => x.logsumexp(dim, keepdim);
/** Max over all elements. @param x - tensor. @returns 0-dim tensor. @example max(x) */
export function max(x: Tensor): Tensor;
/** Max along a dim with indices. @param x - tensor. @param dim - the dim. @param keepdim - keep it. @returns values and indices. @example max(x, 1) */
export function max(x: Tensor, dim: number, keepdim?: boolean): ValuesIndices;
export function max(x: Tensor, dim?: number, keepdim = false): Tensor | ValuesIndices {
  return dim === undefined ? x.max() : x.max(dim, keepdim);
}
/** Min over all elements. @param x - tensor. @returns 0-dim tensor. @example min(x) */
export function min(x: Tensor): Tensor;
/** Min along a dim with indices. @param x - tensor. @param dim - the dim. @param keepdim - keep it. @returns values and indices. @example min(x, 0) */
export function min(x: Tensor, dim: number, keepdim?: boolean): ValuesIndices;
export function min(x: Tensor, dim?: number, keepdim = false): Tensor | ValuesIndices {
  return dim === undefined ? x.min() : x.min(dim, keepdim);
}
/** Argmax. @param x - tensor. @param dim - the dim. @param keepdim - keep it. @returns int32 indices. @example argmax(x, 1) */
export const argmax = (x: Tensor, dim?: number, keepdim = false): Tensor => x.argmax(dim, keepdim);
/** Argmin. @param x - tensor. @param dim - the dim. @param keepdim - keep it. @returns int32 indices. @example argmin(x) */
export const argmin = (x: Tensor, dim?: number, keepdim = false): Tensor => x.argmin(dim, keepdim);
/** Matrix product. @param a - left. @param b - right. @returns the product. @example matmul(x, w.t()) */
export const matmul = (a: Tensor, b: Tensor): Tensor => a.matmul(b);
/** Dot product. @param a - 1-D. @param b - 1-D. @returns 0-dim tensor. @example dot(tensor([1, 2]), tensor([3, 4])) // tensor(11.) */
export const dot = (a: Tensor, b: Tensor): Tensor => a.dot(b);
/** Outer product. @param a - 1-D. @param b - 1-D. @returns a matrix. @example outer(tensor([1, 2]), tensor([3, 4, 5])) // shape [2, 3] */
export const outer = (a: Tensor, b: Tensor): Tensor => a.outer(b);
/** Reshape. @param x - tensor. @param shape - new shape. @returns the result. @example reshape(x, [-1]) */
export const reshape = (x: Tensor, shape: readonly number[]): Tensor => x.reshape(shape);
/** Transpose two dims. @param x - tensor. @param dim0 - a dim. @param dim1 - a dim. @returns the view. @example transpose(x, 0, 1) */
export const transpose = (x: Tensor, dim0: number, dim1: number): Tensor => x.transpose(dim0, dim1);
/** Permute dims. @param x - tensor. @param dims - order. @returns the view. @example permute(x, [1, 0]) */
export const permute = (x: Tensor, dims: readonly number[]): Tensor => x.permute(dims);
/** Flatten. @param x - tensor. @param startDim - first dim. @param endDim - last dim. @returns the result. @example flatten(x, 1) */
export const flatten = (x: Tensor, startDim = 0, endDim = -1): Tensor => x.flatten(startDim, endDim);
/** Squeeze. @param x - tensor. @param dim - dims. @returns the view. @example squeeze(x) */
export const squeeze = (x: Tensor, dim?: number | readonly number[]): Tensor => x.squeeze(dim);
/** Unsqueeze. @param x - tensor. @param dim - where. @returns the view. @example unsqueeze(x, 0) */
export const unsqueeze = (x: Tensor, dim: number): Tensor => x.unsqueeze(dim);
/** Narrow. @param x - tensor. @param dim - dim. @param start - start. @param length - length. @returns the view. @example narrow(x, 0, 1, 2) */
export const narrow = (x: Tensor, dim: number, start: number, length: number): Tensor => x.narrow(dim, start, length);
/** Concatenate along a dim. @param xs - tensors. @param dim - the dim. @returns the result. @throws RangeError for mismatched sizes. @example cat([x, y], 0) // [3, 4] and [3, 4] → [6, 4] */
export const cat = (xs: readonly Tensor[], dim = 0): Tensor => S.cat(xs, dim);
/** Stack along a new dim. @param xs - tensors of one shape. @param dim - the new dim. @returns the result. @example stack([x, y], 1) // [3, 4] and [3, 4] → [3, 2, 4] */
export const stack = (xs: readonly Tensor[], dim = 0): Tensor => S.stack(xs, dim);
/** Select along a dim. @param x - tensor. @param dim - dim. @param index - int32 1-D. @returns the result. @example indexSelect(x, 0, tensor([2, 0], { dtype: 'int32' })) */
export const indexSelect = (x: Tensor, dim: number, index: Tensor): Tensor => x.indexSelect(dim, index);
/** Gather. @param x - tensor. @param dim - dim. @param index - int32. @returns the result. @example gather(x, 1, idx) */
export const gather = (x: Tensor, dim: number, index: Tensor): Tensor => x.gather(dim, index);
/** Softmax. @param x - tensor. @param dim - dim. @returns probabilities. @example softmax(x, 1) */
export const softmax = (x: Tensor, dim: number): Tensor => x.softmax(dim);
/** Log-softmax. @param x - tensor. @param dim - dim. @returns log-probabilities. @example logSoftmax(x, 1) */
export const logSoftmax = (x: Tensor, dim: number): Tensor => x.logSoftmax(dim);
