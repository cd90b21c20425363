/**
 * Every op as a free function, PyTorch's `torch.add(a, b)` style; each calls the method of the same name.
 * @module
 */
import * as E from './ops/elementwise.js';
import type { TensorLike } from './ops/elementwise.js';
import type { Dims, ValuesIndices, VarOptions } from './ops/reduce.js';
import type { MultinomialOptions } from './ops/sampling.js';
import * as S from './ops/shape.js';
import type { Tensor } from './tensor.js';

/**
 * `a + alpha·b`, elementwise with broadcasting, like `torch.add`; see {@link Tensor.add}.
 * @param a - a tensor.
 * @param b - a tensor or a number.
 * @param opts - `alpha` scales `b` first.
 * @returns a new tensor.
 * @throws RangeError when the shapes do not broadcast.
 * @example add(tensor([1, 2]), 10); // tensor([11., 12.])
 */
export const add = (a: Tensor, b: TensorLike, opts?: { alpha?: number }): Tensor => a.add(b, opts);
/**
 * `a − alpha·b`, elementwise with broadcasting, like `torch.sub`.
 * @param a - a tensor.
 * @param b - a tensor or a number.
 * @param opts - `alpha` scales `b` first.
 * @returns a new tensor.
 * @throws RangeError when the shapes do not broadcast.
 * @example sub(tensor([5, 5]), tensor([1, 2]), { alpha: 2 }); // tensor([3., 1.])
 */
export const sub = (a: Tensor, b: TensorLike, opts?: { alpha?: number }): Tensor => a.sub(b, opts);
/**
 * `a·b`, elementwise with broadcasting, like `torch.mul`.
 * @param a - a tensor.
 * @param b - a tensor or a number.
 * @returns a new tensor.
 * @throws RangeError when the shapes do not broadcast.
 * @example mul(tensor([1, 2]), tensor([[1], [10]])); // tensor([[ 1.,  2.], [10., 20.]])
 */
export const mul = (a: Tensor, b: TensorLike): Tensor => a.mul(b);
/**
 * `a / b`, elementwise true division with broadcasting, like `torch.div`.
 * @param a - a tensor.
 * @param b - a tensor or a number.
 * @returns a new tensor (float32 for integer input).
 * @throws RangeError when the shapes do not broadcast.
 * @example div(tensor([1, 2]), 4); // tensor([0.2500, 0.5000])
 */
export const div = (a: Tensor, b: TensorLike): Tensor => a.div(b);
/**
 * `aᵇ`, elementwise with broadcasting, like `torch.pow`.
 * @param a - a tensor.
 * @param b - the exponent: a tensor or a number.
 * @returns a new tensor.
 * @throws RangeError when the shapes do not broadcast.
 * @example pow(tensor([2, 3]), 2); // tensor([4., 9.])
 */
export const pow = (a: Tensor, b: TensorLike): Tensor => a.pow(b);
/**
 * The elementwise maximum, with broadcasting, like `torch.maximum` (ties split the gradient).
 * @param a - a tensor.
 * @param b - a tensor or a number.
 * @returns a new tensor.
 * @throws RangeError when the shapes do not broadcast.
 * @example maximum(tensor([1, 5]), 3); // tensor([3., 5.])
 */
export const maximum = (a: Tensor, b: TensorLike): Tensor => a.maximum(b);
/**
 * The elementwise minimum, with broadcasting, like `torch.minimum` (ties split the gradient).
 * @param a - a tensor.
 * @param b - a tensor or a number.
 * @returns a new tensor.
 * @throws RangeError when the shapes do not broadcast.
 * @example minimum(tensor([1, 5]), 3); // tensor([1., 3.])
 */
export const minimum = (a: Tensor, b: TensorLike): Tensor => a.minimum(b);
/**
 * Elementwise −x, like `torch.neg`.
 * @param x - a tensor.
 * @returns a new tensor.
 * @throws TypeError for a bool tensor (invert a mask with {@link logicalNot}).
 * @example neg(tensor([1, -2])); // tensor([-1.,  2.])
 */
export const neg = (x: Tensor): Tensor => x.neg();
/**
 * Elementwise eˣ, like `torch.exp`.
 * @param x - a tensor.
 * @returns a new tensor.
 * @example exp(tensor([0])); // tensor([1.])
 */
export const exp = (x: Tensor): Tensor => x.exp();
/**
 * Elementwise natural logarithm, like `torch.log`.
 * @param x - a tensor.
 * @returns a new tensor.
 * @example log(tensor([1])); // tensor([0.])
 */
export const log = (x: Tensor): Tensor => x.log();
/**
 * Elementwise log(1 + x), accurate near 0, like `torch.log1p`.
 * @param x - a tensor.
 * @returns a new tensor.
 * @example log1p(tensor([0])); // tensor([0.])
 */
export const log1p = (x: Tensor): Tensor => x.log1p();
/**
 * Elementwise square root, like `torch.sqrt`.
 * @param x - a tensor.
 * @returns a new tensor.
 * @example sqrt(tensor([4, 9])); // tensor([2., 3.])
 */
export const sqrt = (x: Tensor): Tensor => x.sqrt();
/**
 * Elementwise |x|, like `torch.abs` (gradient 0 at 0).
 * @param x - a tensor.
 * @returns a new tensor.
 * @example abs(tensor([-3, 2])); // tensor([3., 2.])
 */
export const abs = (x: Tensor): Tensor => x.abs();
/**
 * Elementwise sine, like `torch.sin`.
 * @param x - a tensor.
 * @returns a new tensor.
 * @example sin(tensor([0])); // tensor([0.])
 */
export const sin = (x: Tensor): Tensor => x.sin();
/**
 * Elementwise cosine, like `torch.cos`.
 * @param x - a tensor.
 * @returns a new tensor.
 * @example cos(tensor([0])); // tensor([1.])
 */
export const cos = (x: Tensor): Tensor => x.cos();
/**
 * Elementwise hyperbolic tangent, like `torch.tanh`.
 * @param x - a tensor.
 * @returns a new tensor.
 * @example tanh(tensor([0, 1])); // tensor([0.0000, 0.7616])
 */
export const tanh = (x: Tensor): Tensor => x.tanh();
/**
 * Elementwise logistic sigmoid, like `torch.sigmoid`.
 * @param x - a tensor.
 * @returns a new tensor.
 * @example sigmoid(tensor([0])); // tensor([0.5000])
 */
export const sigmoid = (x: Tensor): Tensor => x.sigmoid();
/**
 * Elementwise max(x, 0), like `torch.relu` (gradient 0 at 0).
 * @param x - a tensor.
 * @returns a new tensor.
 * @example relu(tensor([-1, 2])); // tensor([0., 2.])
 */
export const relu = (x: Tensor): Tensor => x.relu();
/**
 * Elementwise leaky ReLU, like `F.leaky_relu`.
 * @param x - a tensor.
 * @param negativeSlope - the slope for x ≤ 0 (default 0.01).
 * @returns a new tensor.
 * @example leakyRelu(tensor([-1, 2]), 0.5); // tensor([-0.5000,  2.0000])
 */
export const leakyRelu = (x: Tensor, negativeSlope = 0.01): Tensor => x.leakyRelu(negativeSlope);
/**
 * Elementwise GELU, like `F.gelu`.
 * @param x - a tensor.
 * @param approximate - `'none'` (exact, default) or `'tanh'`.
 * @returns a new tensor.
 * @example gelu(tensor([1]), 'tanh'); // tensor([0.8412])
 */
export const gelu = (x: Tensor, approximate: 'none' | 'tanh' = 'none'): Tensor => x.gelu(approximate);
/**
 * Elementwise softplus log(1 + e^(βx))/β, like `F.softplus`.
 * @param x - a tensor.
 * @param beta - β (default 1).
 * @param threshold - above it (in βx) the result is x (default 20).
 * @returns a new tensor.
 * @example softplus(tensor([0])); // tensor([0.6931])
 */
export const softplus = (x: Tensor, beta = 1, threshold = 20): Tensor => x.softplus(beta, threshold);
/**
 * Elementwise ELU, like `F.elu`.
 * @param x - a tensor.
 * @param alpha - α (default 1).
 * @returns a new tensor.
 * @example elu(tensor([-1, 1]), 2); // tensor([-1.2642,  1.0000])
 */
export const elu = (x: Tensor, alpha = 1): Tensor => x.elu(alpha);
/**
 * Elementwise SiLU x·σ(x), like `F.silu`.
 * @param x - a tensor.
 * @returns a new tensor.
 * @example silu(tensor([0])); // tensor([0.])
 */
export const silu = (x: Tensor): Tensor => x.silu();
/**
 * Elementwise x², like `torch.square`.
 * @param x - a tensor.
 * @returns a new tensor.
 * @example square(tensor([-3])); // tensor([9.])
 */
export const square = (x: Tensor): Tensor => x.square();
/**
 * Elementwise 1/x, like `torch.reciprocal`.
 * @param x - a tensor.
 * @returns a new tensor.
 * @example reciprocal(tensor([4])); // tensor([0.2500])
 */
export const reciprocal = (x: Tensor): Tensor => x.reciprocal();
/**
 * Elementwise error function, like `torch.erf`.
 * @param x - a tensor.
 * @returns a new tensor.
 * @example erf(tensor([0])); // tensor([0.])
 */
export const erf = (x: Tensor): Tensor => x.erf();
/**
 * Clamps into [min, max], like `torch.clamp`.
 * @param x - a tensor.
 * @param min - the lower bound, or null/undefined for none.
 * @param max - the upper bound, or null/undefined for none.
 * @returns a new tensor.
 * @throws TypeError when neither bound is given.
 * @example clamp(tensor([-2, 3]), null, 1); // tensor([-2.,  1.])
 */
export const clamp = (x: Tensor, min?: number | null, max?: number | null): Tensor => x.clamp(min, max);
/**
 * Elements of `a` where `cond` is true, of `b` elsewhere, broadcast together, like `torch.where`. The gradient flows to the chosen elements only.
 * @param cond - a bool tensor (other dtypes: nonzero is true).
 * @param a - a tensor or a number, used where `cond` is true.
 * @param b - a tensor or a number, used elsewhere.
 * @returns a new tensor.
 * @throws RangeError when the shapes do not broadcast.
 * @example where(tensor([1, -1]).gt(0), tensor([10, 20]), 0); // tensor([10.,  0.])
 */
export const where = (cond: Tensor, a: TensorLike, b: TensorLike): Tensor => E.where(cond, a, b);
/**
 * Elementwise `==`, like `torch.eq`.
 * @param a - a tensor.
 * @param b - a tensor or a number.
 * @returns a bool tensor.
 * @throws RangeError when the shapes do not broadcast.
 * @example eq(tensor([1, 2]), 1); // tensor([ True, False])
 */
export const eq = (a: Tensor, b: TensorLike): Tensor => a.eq(b);
/**
 * Elementwise `!=`, like `torch.ne`.
 * @param a - a tensor.
 * @param b - a tensor or a number.
 * @returns a bool tensor.
 * @throws RangeError when the shapes do not broadcast.
 * @example ne(tensor([1, 2]), 1); // tensor([False,  True])
 */
export const ne = (a: Tensor, b: TensorLike): Tensor => a.ne(b);
/**
 * Elementwise `<`, like `torch.lt`.
 * @param a - a tensor.
 * @param b - a tensor or a number.
 * @returns a bool tensor.
 * @throws RangeError when the shapes do not broadcast.
 * @example lt(tensor([1, 2]), 2); // tensor([ True, False])
 */
export const lt = (a: Tensor, b: TensorLike): Tensor => a.lt(b);
/**
 * Elementwise `<=`, like `torch.le`.
 * @param a - a tensor.
 * @param b - a tensor or a number.
 * @returns a bool tensor.
 * @throws RangeError when the shapes do not broadcast.
 * @example le(tensor([1, 3]), 2); // tensor([ True, False])
 */
export const le = (a: Tensor, b: TensorLike): Tensor => a.le(b);
/**
 * Elementwise `>`, like `torch.gt`.
 * @param a - a tensor.
 * @param b - a tensor or a number.
 * @returns a bool tensor.
 * @throws RangeError when the shapes do not broadcast.
 * @example gt(tensor([1, 3]), 2); // tensor([False,  True])
 */
export const gt = (a: Tensor, b: TensorLike): Tensor => a.gt(b);
/**
 * Elementwise `>=`, like `torch.ge`.
 * @param a - a tensor.
 * @param b - a tensor or a number.
 * @returns a bool tensor.
 * @throws RangeError when the shapes do not broadcast.
 * @example ge(tensor([1, 2]), 2); // tensor([False,  True])
 */
export const ge = (a: Tensor, b: TensorLike): Tensor => a.ge(b);
/**
 * Sum over `dim` (all dims when omitted), like `torch.sum`.
 * @param x - a tensor.
 * @param dim - a dim or dims.
 * @param keepdim - keep the reduced dims with size 1.
 * @returns the sums.
 * @throws RangeError when a dim is out of range or repeated.
 * @example sum(tensor([[1, 2], [3, 4]]), 1); // tensor([3., 7.])
 */
export const sum = (x: Tensor, dim?: Dims, keepdim = false): Tensor => x.sum(dim, keepdim);
/**
 * Mean over `dim` (all dims when omitted), like `torch.mean`.
 * @param x - a float tensor.
 * @param dim - a dim or dims.
 * @param keepdim - keep the reduced dims with size 1.
 * @returns the means.
 * @throws TypeError for a non-float tensor.
 * @throws RangeError when a dim is out of range or repeated.
 * @example mean(tensor([[1, 2], [3, 4]])); // tensor(2.5000)
 */
export const mean = (x: Tensor, dim?: Dims, keepdim = false): Tensor => x.mean(dim, keepdim);
/**
 * Product over `dim` (all dims when omitted), like `torch.prod`.
 * @param x - a tensor.
 * @param dim - a dim or dims.
 * @param keepdim - keep the reduced dims with size 1.
 * @returns the products.
 * @throws RangeError when a dim is out of range or repeated.
 * @example prod(tensor([[1, 2], [3, 4]]), 0); // tensor([3., 8.])
 */
export const prod = (x: Tensor, dim?: Dims, keepdim = false): Tensor => x.prod(dim, keepdim);
/**
 * Variance over `dim`, like `torch.var` (named `variance` because `var` is a JavaScript keyword).
 * @param x - a tensor.
 * @param dim - a dim or dims (all when omitted).
 * @param opts - `correction` (default 1), `unbiased`, `keepdim`.
 * @returns the variances.
 * @throws RangeError when a dim is out of range or repeated.
 * @example variance(tensor([1, 2, 3, 4]), 0, { correction: 0 }); // tensor(1.2500)
 */
export const variance = (x: Tensor, dim?: Dims, opts?: VarOptions): Tensor => x.var(dim, opts);
// `var` is a reserved word: exported under PyTorch's name by an alias (`import * as A` then `A.var(x)`)
export { variance as var };
/**
 * Standard deviation over `dim`, like `torch.std`.
 * @param x - a tensor.
 * @param dim - a dim or dims (all when omitted).
 * @param opts - `correction` (default 1), `unbiased`, `keepdim`.
 * @returns the standard deviations.
 * @throws RangeError when a dim is out of range or repeated.
 * @example std(tensor([2, 4, 4, 4, 5, 5, 7, 9]), 0, { correction: 0 }); // tensor(2.)
 */
export const std = (x: Tensor, dim?: Dims, opts?: VarOptions): Tensor => x.std(dim, opts);
/**
 * The p-norm over `dim` (all dims when omitted), like `torch.norm`.
 * @param x - a tensor.
 * @param p - the order (default 2).
 * @param dim - a dim or dims.
 * @param keepdim - keep the reduced dims with size 1.
 * @returns the norms.
 * @throws RangeError when a dim is out of range or repeated.
 * @example norm(tensor([[3, 4], [6, 8]]), 2, 1); // tensor([ 5., 10.])
 */
export const norm = (x: Tensor, p = 2, dim?: Dims, keepdim = false): Tensor => x.norm(p, dim, keepdim);
/**
 * log Σ exp over `dim`, stable for large values, like `torch.logsumexp`.
 * @param x - a tensor.
 * @param dim - a dim or dims.
 * @param keepdim - keep the reduced dims with size 1.
 * @returns the results.
 * @throws RangeError when a dim is out of range or repeated.
 * @example logsumexp(tensor([[0, 0], [1, 1]]), 1); // tensor([0.6931, 1.6931])
 */
export const logsumexp = (x: Tensor, dim: Dims, keepdim = false): Tensor => x.logsumexp(dim, keepdim);
/**
 * The largest element, like `torch.max(x)`.
 * @param x - a tensor.
 * @returns a 0-dim tensor.
 * @throws RangeError for an empty tensor.
 * @example max(tensor([[1, 5], [7, 2]])); // tensor(7.)
 */
export function max(x: Tensor): Tensor;
/**
 * The largest values along a dim and their indices, like `torch.max(x, dim)`.
 * @param x - a tensor.
 * @param dim - the dim to reduce.
 * @param keepdim - keep the reduced dim with size 1.
 * @returns `{ values, indices }` (indices int32).
 * @throws RangeError when dim is out of range or has size 0.
 * @example max(tensor([[1, 5], [7, 2]]), 1).indices; // tensor([1, 0], dtype=torch.int32)
 */
export function max(x: Tensor, dim: number, keepdim?: boolean): ValuesIndices;
export function max(x: Tensor, dim?: number, keepdim = false): Tensor | ValuesIndices {
  return dim === undefined ? x.max() : x.max(dim, keepdim);
}
/**
 * The smallest element, like `torch.min(x)`.
 * @param x - a tensor.
 * @returns a 0-dim tensor.
 * @throws RangeError for an empty tensor.
 * @example min(tensor([[1, 5], [7, 2]])); // tensor(1.)
 */
export function min(x: Tensor): Tensor;
/**
 * The smallest values along a dim and their indices, like `torch.min(x, dim)`.
 * @param x - a tensor.
 * @param dim - the dim to reduce.
 * @param keepdim - keep the reduced dim with size 1.
 * @returns `{ values, indices }` (indices int32).
 * @throws RangeError when dim is out of range or has size 0.
 * @example min(tensor([[1, 5], [7, 2]]), 0).values; // tensor([1., 2.])
 */
export function min(x: Tensor, dim: number, keepdim?: boolean): ValuesIndices;
export function min(x: Tensor, dim?: number, keepdim = false): Tensor | ValuesIndices {
  return dim === undefined ? x.min() : x.min(dim, keepdim);
}
/**
 * The index of the maximum along `dim` (of the flattened tensor when omitted), like `torch.argmax`.
 * @param x - a tensor.
 * @param dim - a dim, or none.
 * @param keepdim - keep the reduced dim with size 1.
 * @returns int32 indices.
 * @throws RangeError when dim is out of range or has size 0.
 * @example argmax(tensor([[1, 5], [7, 2]]), 0); // tensor([1, 0], dtype=torch.int32)
 */
export const argmax = (x: Tensor, dim?: number, keepdim = false): Tensor => x.argmax(dim, keepdim);
/**
 * The index of the minimum along `dim` (of the flattened tensor when omitted), like `torch.argmin`.
 * @param x - a tensor.
 * @param dim - a dim, or none.
 * @param keepdim - keep the reduced dim with size 1.
 * @returns int32 indices.
 * @throws RangeError when dim is out of range or has size 0.
 * @example argmin(tensor([[1, 5], [7, 2]])); // tensor(0, dtype=torch.int32)
 */
export const argmin = (x: Tensor, dim?: number, keepdim = false): Tensor => x.argmin(dim, keepdim);
/**
 * Matrix product with PyTorch's rules (1-D, 2-D, batched with broadcasting), like `torch.matmul`; see {@link Tensor.matmul}.
 * @param a - the left operand.
 * @param b - the right operand.
 * @returns the product.
 * @throws RangeError when an operand is 0-D or the inner sizes differ.
 * @throws TypeError when the dtypes differ.
 * @example matmul(tensor([[1, 2], [3, 4]]), tensor([[1], [1]])); // tensor([[3.], [7.]])
 */
export const matmul = (a: Tensor, b: Tensor): Tensor => a.matmul(b);
/**
 * The inner product of two 1-D tensors, like `torch.dot`.
 * @param a - a 1-D tensor.
 * @param b - a 1-D tensor of the same length.
 * @returns a 0-dim tensor.
 * @throws RangeError when the operands are not 1-D of the same length.
 * @throws TypeError when the dtypes differ.
 * @example dot(tensor([1, 2]), tensor([3, 4])); // tensor(11.)
 */
export const dot = (a: Tensor, b: Tensor): Tensor => a.dot(b);
/**
 * The outer product of two 1-D tensors, like `torch.outer`.
 * @param a - a 1-D tensor.
 * @param b - a 1-D tensor.
 * @returns a matrix.
 * @throws RangeError when an operand is not 1-D.
 * @throws TypeError when the dtypes differ.
 * @example outer(tensor([1, 2]), tensor([3, 4, 5])); // shape [2, 3]
 */
export const outer = (a: Tensor, b: Tensor): Tensor => a.outer(b);
/**
 * The same elements in a new shape (a view when possible), like `torch.reshape`.
 * @param x - a tensor.
 * @param shape - the new shape; one size may be -1.
 * @returns the reshaped tensor.
 * @throws RangeError when the shape does not fit the number of elements.
 * @example reshape(arange(4), [2, -1]); // tensor([[0, 1], [2, 3]], dtype=torch.int32)
 */
export const reshape = (x: Tensor, shape: readonly number[]): Tensor => x.reshape(shape);
/**
 * Swaps two dims (a view), like `torch.transpose`.
 * @param x - a tensor.
 * @param dim0 - a dim.
 * @param dim1 - another dim.
 * @returns the view.
 * @throws RangeError when a dim is out of range.
 * @example transpose(zeros([2, 3]), 0, 1); // shape [3, 2]
 */
export const transpose = (x: Tensor, dim0: number, dim1: number): Tensor => x.transpose(dim0, dim1);
/**
 * Reorders the dims (a view), like `torch.permute`.
 * @param x - a tensor.
 * @param dims - the new order.
 * @returns the view.
 * @throws RangeError when `dims` is not a permutation of the dims.
 * @example permute(zeros([2, 3, 4]), [1, 2, 0]); // shape [3, 4, 2]
 */
export const permute = (x: Tensor, dims: readonly number[]): Tensor => x.permute(dims);
/**
 * Flattens dims `startDim`..`endDim` into one, like `torch.flatten`.
 * @param x - a tensor.
 * @param startDim - the first dim (default 0).
 * @param endDim - the last dim (default -1).
 * @returns the reshaped tensor.
 * @throws RangeError when a dim is out of range.
 * @example flatten(zeros([2, 3, 4]), 1); // shape [2, 12]
 */
export const flatten = (x: Tensor, startDim = 0, endDim = -1): Tensor => x.flatten(startDim, endDim);
/**
 * Removes size-1 dims (all, or those among `dim`), like `torch.squeeze`.
 * @param x - a tensor.
 * @param dim - a dim or dims.
 * @returns the view.
 * @throws RangeError when a dim is out of range.
 * @example squeeze(zeros([1, 2, 1])); // shape [2]
 */
export const squeeze = (x: Tensor, dim?: number | readonly number[]): Tensor => x.squeeze(dim);
/**
 * Inserts a size-1 dim, like `torch.unsqueeze`.
 * @param x - a tensor.
 * @param dim - where the new dim goes.
 * @returns the view.
 * @throws RangeError when dim is out of range.
 * @example unsqueeze(zeros([2]), 1); // shape [2, 1]
 */
export const unsqueeze = (x: Tensor, dim: number): Tensor => x.unsqueeze(dim);
/**
 * `length` elements along `dim` from `start` (a view), like `torch.narrow`.
 * @param x - a tensor.
 * @param dim - the dim.
 * @param start - the first index.
 * @param length - how many.
 * @returns the view.
 * @throws RangeError when the range does not fit in the dim.
 * @example narrow(arange(5), 0, 1, 2); // tensor([1, 2], dtype=torch.int32)
 */
export const narrow = (x: Tensor, dim: number, start: number, length: number): Tensor => x.narrow(dim, start, length);
/**
 * Concatenates tensors along an existing dim, like `torch.cat`.
 * @param xs - the tensors; sizes must match except along `dim`.
 * @param dim - the dim (default 0).
 * @returns a new tensor.
 * @throws RangeError for an empty list or mismatched sizes.
 * @example cat([ones([2, 3]), zeros([1, 3])], 0); // shape [3, 3]
 */
export const cat = (xs: readonly Tensor[], dim = 0): Tensor => S.cat(xs, dim);
/**
 * Stacks tensors of one shape along a new dim, like `torch.stack`.
 * @param xs - the tensors, all of one shape.
 * @param dim - where the new dim goes (default 0).
 * @returns a new tensor.
 * @throws RangeError for an empty list or different shapes.
 * @example stack([tensor([1, 2]), tensor([3, 4])], 1); // tensor([[1., 3.], [2., 4.]])
 */
export const stack = (xs: readonly Tensor[], dim = 0): Tensor => S.stack(xs, dim);
/**
 * The slices at `index` along `dim`, like `torch.index_select`.
 * @param x - a tensor.
 * @param dim - the dim.
 * @param index - a 1-D int32 tensor.
 * @returns a new tensor.
 * @throws RangeError when dim is out of range or `index` is not 1-D.
 * @throws TypeError when `index` is not int32.
 * @example indexSelect(tensor([10, 20, 30]), 0, tensor([2, 0], { dtype: 'int32' })); // tensor([30., 10.])
 */
export const indexSelect = (x: Tensor, dim: number, index: Tensor): Tensor => x.indexSelect(dim, index);
/**
 * Picks values along `dim` at `index`, like `torch.gather`.
 * @param x - a tensor.
 * @param dim - the dim.
 * @param index - an int32 tensor with as many dims as `x`.
 * @returns a tensor shaped like `index`.
 * @throws RangeError when the shapes do not fit.
 * @throws TypeError when `index` is not int32.
 * @example gather(tensor([[1, 2], [3, 4]]), 1, tensor([[0], [1]], { dtype: 'int32' })); // tensor([[1.], [4.]])
 */
export const gather = (x: Tensor, dim: number, index: Tensor): Tensor => x.gather(dim, index);
/**
 * Softmax along `dim`, stable for large values, like `torch.softmax`.
 * @param x - a tensor.
 * @param dim - the dim.
 * @returns probabilities summing to 1 along `dim`.
 * @throws RangeError when dim is out of range.
 * @example softmax(tensor([0, 0]), 0); // tensor([0.5000, 0.5000])
 */
export const softmax = (x: Tensor, dim: number): Tensor => x.softmax(dim);
/**
 * Log-softmax along `dim`, stable for large values, like `torch.log_softmax`.
 * @param x - a tensor.
 * @param dim - the dim.
 * @returns log-probabilities.
 * @throws RangeError when dim is out of range.
 * @example logSoftmax(tensor([0, 0]), 0); // tensor([-0.6931, -0.6931])
 */
export const logSoftmax = (x: Tensor, dim: number): Tensor => x.logSoftmax(dim);
/**
 * Draws `numSamples` category indices (int32) from each row of non-negative weights (they need not
 * sum to 1), like `torch.multinomial`: with replacement, independent draws; without (the default),
 * distinct categories, as successive draws that each remove the one drawn. Seeded by `generator`
 * (default the global one); the numbers differ from PyTorch's for the same seed, the distribution
 * does not.
 * @param probs - `[n]` or `[rows, n]` float weights, finite and non-negative, each row with a positive sum.
 * @param numSamples - how many indices per row (at most n without replacement).
 * @param opts - `replacement` (default false), `generator`.
 * @returns `[numSamples]` for a 1-D input, `[rows, numSamples]` for a 2-D one.
 * @throws TypeError for a non-float input or a fractional count.
 * @throws RangeError for a bad shape or count, or weights that are negative, infinite or NaN, or a row summing to 0.
 * @example
 * ```ts
 * const g = new Generator(0);
 * const draws = multinomial(tensor([0.1, 0.6, 0.3]), 1000, { replacement: true, generator: g });
 * const share = draws.eq(1).sum().item() / 1000; // about 0.6
 * share > 0.55 && share < 0.65; // true
 * [...multinomial(tensor([1, 1, 1]), 3, { generator: g }).toArray()].sort(); // [0, 1, 2]
 * multinomial(tensor([1, -1]), 1); // throws RangeError: element < 0
 * ```
 */
export const multinomial = (probs: Tensor, numSamples: number, opts?: MultinomialOptions): Tensor => probs.multinomial(numSamples, opts);
/**
 * The maximum over `dim` (all dims when omitted), like `torch.amax`.
 * NOTE: equal maxima share the gradient evenly (as PyTorch).
 * @param x - a tensor.
 * @param dim - a dim or dims; all when omitted.
 * @param keepdim - keep the reduced dims with size 1.
 * @returns the maxima.
 * @throws RangeError when a dim is out of range or repeated, or has size 0.
 * @example amax(tensor([[1, 5], [7, 2]]), 1); // tensor([5., 7.])
 */
export const amax = (x: Tensor, dim?: Dims, keepdim = false): Tensor => x.amax(dim, keepdim);
/**
 * The minimum over `dim` (all dims when omitted), like `torch.amin`.
 * NOTE: equal minima share the gradient evenly (as PyTorch).
 * @param x - a tensor.
 * @param dim - a dim or dims; all when omitted.
 * @param keepdim - keep the reduced dims with size 1.
 * @returns the minima.
 * @throws RangeError when a dim is out of range or repeated, or has size 0.
 * @example amin(tensor([[1, 5], [7, 2]]), 1, true); // tensor([[1.], [2.]])
 */
export const amin = (x: Tensor, dim?: Dims, keepdim = false): Tensor => x.amin(dim, keepdim);
/**
 * Elementwise sign: −1, 0 or 1, like `torch.sign`. Its gradient is 0.
 * @param x - a tensor.
 * @returns a new tensor of the same dtype.
 * @example sign(tensor([-2, 0, 3])); // tensor([-1.,  0.,  1.])
 */
export const sign = (x: Tensor): Tensor => x.sign();
/**
 * The product of two matrices, like `torch.mm` (no broadcasting; see {@link matmul} for that).
 * @param a - the left operand, [M, K].
 * @param b - the right operand, [K, N].
 * @returns the product, [M, N].
 * @throws RangeError when an operand is not 2-D or the inner sizes differ.
 * @throws TypeError when the dtypes differ.
 * @example mm(tensor([[1, 2], [3, 4]]), tensor([[1], [1]])); // tensor([[3.], [7.]])
 */
export const mm = (a: Tensor, b: Tensor): Tensor => a.mm(b);
/**
 * Batched matrix product of two 3-D tensors, like `torch.bmm`.
 * @param a - the left operand, [B, M, K].
 * @param b - the right operand, [B, K, N].
 * @returns the product, [B, M, N].
 * @throws RangeError when an operand is not 3-D or the batch or inner sizes differ.
 * @throws TypeError when the dtypes differ.
 * @example bmm(ones([2, 1, 3]), ones([2, 3, 4])); // shape [2, 1, 4]
 */
export const bmm = (a: Tensor, b: Tensor): Tensor => a.bmm(b);
/**
 * The transpose of a tensor of at most 2 dims, like `torch.t` (a view).
 * @param x - a tensor of 0, 1 or 2 dims.
 * @returns the view.
 * @throws RangeError for a tensor of more than 2 dims.
 * @example t(tensor([[1, 2, 3]])); // tensor([[1.], [2.], [3.]])
 */
export const t = (x: Tensor): Tensor => x.t();
/**
 * Splits into pieces of `size` elements along `dim` (the last may be smaller), or into pieces of
 * the given sizes, like `torch.split` (views).
 * @param x - a tensor.
 * @param size - the size of each piece, or the list of sizes.
 * @param dim - the dim (default 0).
 * @returns the pieces.
 * @throws RangeError when dim is out of range or the sizes do not add up.
 * @example split(arange(5), [1, 4]).map((p) => p.tolist()); // [[0], [1, 2, 3, 4]]
 */
export const split = (x: Tensor, size: number | readonly number[], dim = 0): Tensor[] => x.split(size, dim);
/**
 * Splits into `chunks` pieces of nearly equal size along `dim`, like `torch.chunk` (views).
 * @param x - a tensor.
 * @param chunks - how many pieces (fewer when the dim is too short).
 * @param dim - the dim (default 0).
 * @returns the pieces.
 * @throws RangeError when dim is out of range.
 * @example chunk(arange(5), 2).map((p) => p.tolist()); // [[0, 1, 2], [3, 4]]
 */
export const chunk = (x: Tensor, chunks: number, dim = 0): Tensor[] => x.chunk(chunks, dim);
/**
 * A copy with its own storage, like `torch.clone`; the gradient flows back to `x`.
 * @param x - a tensor.
 * @returns the copy.
 * @example
 * ```ts
 * const x = tensor([1, 2]);
 * const y = clone(x).add_(1);
 * y; // tensor([2., 3.])
 * x; // tensor([1., 2.])
 * ```
 */
export const clone = (x: Tensor): Tensor => x.clone();
/**
 * Adds `src`'s values into a copy of `x` at `index` along `dim`, like `torch.scatter_add`
 * (out of place).
 * @param x - the tensor to add into (left unchanged).
 * @param dim - the dim.
 * @param index - an int32 tensor with as many dims as `x`.
 * @param src - the values, at least as large as `index`.
 * @returns a new tensor.
 * @throws RangeError when the shapes do not fit or an index is out of bounds.
 * @throws TypeError when `index` is not int32.
 * @example scatterAdd(zeros([3]), 0, tensor([0, 2, 0], { dtype: 'int32' }), ones([3])); // tensor([2., 0., 1.])
 */
export const scatterAdd = (x: Tensor, dim: number, index: Tensor, src: Tensor): Tensor => x.scatterAdd(dim, index, src);
/**
 * Elementwise logical and (nonzero is true), with broadcasting, like `torch.logical_and`.
 * @param a - a tensor.
 * @param b - a tensor.
 * @returns a bool tensor.
 * @throws RangeError when the shapes do not broadcast.
 * @example logicalAnd(tensor([1, 0, 2]), tensor([1, 1, 0])); // tensor([ True, False, False])
 */
export const logicalAnd = (a: Tensor, b: Tensor): Tensor => a.logicalAnd(b);
/**
 * Elementwise logical or (nonzero is true), with broadcasting, like `torch.logical_or`.
 * @param a - a tensor.
 * @param b - a tensor.
 * @returns a bool tensor.
 * @throws RangeError when the shapes do not broadcast.
 * @example logicalOr(tensor([1, 0, 0]), tensor([0, 0, 3])); // tensor([ True, False,  True])
 */
export const logicalOr = (a: Tensor, b: Tensor): Tensor => a.logicalOr(b);
/**
 * Elementwise logical not (zero is true), like `torch.logical_not`; the way to invert a mask.
 * @param x - a tensor.
 * @returns a bool tensor.
 * @example logicalNot(tensor([0, 2])); // tensor([ True, False])
 */
export const logicalNot = (x: Tensor): Tensor => x.logicalNot();
/**
 * True where an element is finite (not ±inf or NaN), like `torch.isfinite`.
 * @param x - a tensor.
 * @returns a bool tensor.
 * @example isfinite(tensor([1, Infinity, NaN])); // tensor([ True, False, False])
 */
export const isfinite = (x: Tensor): Tensor => x.isfinite();
/**
 * True where an element is NaN, like `torch.isnan`.
 * @param x - a tensor.
 * @returns a bool tensor.
 * @example isnan(tensor([1, NaN])); // tensor([False,  True])
 */
export const isnan = (x: Tensor): Tensor => x.isnan();
