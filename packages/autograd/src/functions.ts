/**
 * The functions of PyTorch's `torch` namespace that are not Tensor methods (`torch.where`,
 * `torch.cat`, ...). Every op method has its function form too, generated from the method into
 * tensor-functions.ts.
 * @module
 */
import * as E from './ops/elementwise.js';
import type { TensorLike } from './ops/elementwise.js';
import * as S from './ops/shape.js';
import type { Tensor } from './tensor.js';

/**
 * The functions of several tensors that no method of one of them stands for (cat, stack, where)
 * first ask their tensor arguments for a handler under this key: a tensor that stands for a value
 * being traced (ONNX export, in `@chainrule/nn/onnx`) carries one and records the op instead.
 */
const TRACE = Symbol.for('chainrule.trace');
interface TraceHandler {
  cat(xs: readonly Tensor[], dim: number): Tensor;
  stack(xs: readonly Tensor[], dim: number): Tensor;
  where(cond: Tensor, a: TensorLike, b: TensorLike): Tensor;
}
const traced = (xs: readonly unknown[]): TraceHandler | undefined => {
  for (const x of xs) {
    const h = typeof x === 'object' && x !== null ? (x as { [TRACE]?: TraceHandler })[TRACE] : undefined;
    if (h !== undefined) return h;
  }
  return undefined;
};

export * from './tensor-functions.js';

/**
 * Elements of `a` where `cond` is true, of `b` elsewhere, broadcast together, like `torch.where`. The gradient flows to the chosen elements only.
 * @param cond - a bool tensor (other dtypes: nonzero is true).
 * @param a - a tensor or a number, used where `cond` is true.
 * @param b - a tensor or a number, used elsewhere.
 * @returns a new tensor.
 * @throws RangeError when the shapes do not broadcast.
 * @example where(tensor([1, -1]).gt(0), tensor([10, 20]), 0); // tensor([10.,  0.])
 */
export const where = (cond: Tensor, a: TensorLike, b: TensorLike): Tensor => traced([cond, a, b])?.where(cond, a, b) ?? E.where(cond, a, b);
/**
 * Concatenates tensors along an existing dim, like `torch.cat`.
 * @param xs - the tensors; sizes must match except along `dim`.
 * @param dim - the dim (default 0).
 * @returns a new tensor.
 * @throws RangeError for an empty list or mismatched sizes.
 * @example cat([ones([2, 3]), zeros([1, 3])], 0); // shape [3, 3]
 */
export const cat = (xs: readonly Tensor[], dim = 0): Tensor => traced(xs)?.cat(xs, dim) ?? S.cat(xs, dim);
/**
 * Stacks tensors of one shape along a new dim, like `torch.stack`.
 * @param xs - the tensors, all of one shape.
 * @param dim - where the new dim goes (default 0).
 * @returns a new tensor.
 * @throws RangeError for an empty list or different shapes.
 * @example stack([tensor([1, 2]), tensor([3, 4])], 1); // tensor([[1., 3.], [2., 4.]])
 */
export const stack = (xs: readonly Tensor[], dim = 0): Tensor => traced(xs)?.stack(xs, dim) ?? S.stack(xs, dim);
