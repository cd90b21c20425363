/**
 * The functions of PyTorch's `torch` namespace that are not Tensor methods (`torch.where`,
 * `torch.cat`, ...). Every op method has its function form too, generated from the method into
 * tensor-functions.ts.
 * @module
 */
import * as E from './ops/elementwise.js';
import type { TensorLike } from './ops/elementwise.js';
import * as EI from './ops/einsum.js';
import * as LY from './ops/layout.js';
import type { MeshgridOptions } from './ops/layout.js';
import * as PR from './ops/products.js';
import type { CdistOptions } from './ops/products.js';
import * as SE from './ops/search.js';
import type { SearchOptions } from './ops/search.js';
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

/**
 * Tensors concatenated column-wise, like `torch.hstack`: 1-D tensors end to end, others along dim 1.
 * @param xs - the tensors.
 * @returns a new tensor.
 * @throws RangeError for an empty list or mismatched sizes.
 * @example hstack([tensor([1, 2]), tensor([3])]); // tensor([1., 2., 3.])
 */
export const hstack = (xs: readonly Tensor[]): Tensor => LY.hstack(xs);
/**
 * Tensors stacked row-wise, like `torch.vstack`: 1-D tensors become rows.
 * @param xs - the tensors.
 * @returns a new tensor.
 * @throws RangeError for an empty list or mismatched sizes.
 * @example vstack([tensor([1, 2]), tensor([3, 4])]); // tensor([[1., 2.], [3., 4.]])
 */
export const vstack = (xs: readonly Tensor[]): Tensor => LY.vstack(xs);
/**
 * Tensors stacked along the third dim (after making them 3-D), like `torch.dstack`.
 * @param xs - the tensors.
 * @returns a new tensor.
 * @throws RangeError for an empty list or mismatched sizes.
 * @example dstack([tensor([1, 2]), tensor([3, 4])]); // tensor([[[1., 3.], [2., 4.]]])
 */
export const dstack = (xs: readonly Tensor[]): Tensor => LY.dstack(xs);

/**
 * A 0-dim tensor as 1-D (others unchanged), like `torch.atleast_1d`; on a list, each of them.
 * @param x - a tensor, or a list of them.
 * @returns the tensor, or the list.
 * @example atleast1d(tensor(5)).shape; // [1]
 */
export function atleast1d(x: Tensor): Tensor;
/**
 * Each tensor with at least 1 dim, like `torch.atleast_1d(*tensors)`.
 * @param x - the tensors.
 * @returns the tensors.
 * @example atleast1d([tensor(5), zeros([2, 2])]).map((t) => t.shape); // [[1], [2, 2]]
 */
export function atleast1d(x: readonly Tensor[]): Tensor[];
export function atleast1d(x: Tensor | readonly Tensor[]): Tensor | Tensor[] {
  return Array.isArray(x) ? x.map(LY.atleast1d) : LY.atleast1d(x as Tensor);
}
/**
 * A tensor with at least 2 dims (a 1-D one becomes a row), like `torch.atleast_2d`.
 * @param x - a tensor.
 * @returns the tensor, viewed with 2 dims if it had fewer.
 * @example atleast2d(tensor([1, 2])).shape; // [1, 2]
 */
export function atleast2d(x: Tensor): Tensor;
/**
 * Each tensor with at least 2 dims, like `torch.atleast_2d(*tensors)`.
 * @param x - the tensors.
 * @returns the tensors.
 * @example atleast2d([tensor(5), tensor([1, 2])]).map((t) => t.shape); // [[1, 1], [1, 2]]
 */
export function atleast2d(x: readonly Tensor[]): Tensor[];
export function atleast2d(x: Tensor | readonly Tensor[]): Tensor | Tensor[] {
  return Array.isArray(x) ? x.map(LY.atleast2d) : LY.atleast2d(x as Tensor);
}
/**
 * A tensor with at least 3 dims ([n] → [1, n, 1], [a, b] → [a, b, 1]), like `torch.atleast_3d`.
 * @param x - a tensor.
 * @returns the tensor, viewed with 3 dims if it had fewer.
 * @example atleast3d(tensor([1, 2])).shape; // [1, 2, 1]
 */
export function atleast3d(x: Tensor): Tensor;
/**
 * Each tensor with at least 3 dims, like `torch.atleast_3d(*tensors)`.
 * @param x - the tensors.
 * @returns the tensors.
 * @example atleast3d([zeros([2, 3])]).map((t) => t.shape); // [[2, 3, 1]]
 */
export function atleast3d(x: readonly Tensor[]): Tensor[];
export function atleast3d(x: Tensor | readonly Tensor[]): Tensor | Tensor[] {
  return Array.isArray(x) ? x.map(LY.atleast3d) : LY.atleast3d(x as Tensor);
}

/**
 * The tensors broadcast to their common shape (views), like `torch.broadcast_tensors`.
 * @param xs - the tensors.
 * @returns one view per tensor.
 * @throws RangeError when the shapes do not broadcast.
 * @example broadcastTensors(zeros([2, 1]), zeros([3])).map((t) => t.shape); // [[2, 3], [2, 3]]
 */
export const broadcastTensors = (...xs: Tensor[]): Tensor[] => LY.broadcastTensors(xs);

/**
 * Coordinate grids of 0-D or 1-D tensors, like `torch.meshgrid`: with 'ij' indexing (the
 * default), output k varies along dim k; with 'xy', the first two dims swap (NumPy's Cartesian).
 * @param xs - the coordinate vectors.
 * @param opts - `indexing`.
 * @returns one grid per vector, all of one shape (views).
 * @throws RangeError for a tensor of more than 1 dim or an unknown indexing.
 * @example
 * ```ts
 * const [gx, gy] = meshgrid([tensor([1, 2]), tensor([3, 4, 5])]);
 * gx; // tensor([[1., 1., 1.], [2., 2., 2.]])
 * gy; // tensor([[3., 4., 5.], [3., 4., 5.]])
 * ```
 */
export const meshgrid = (xs: readonly Tensor[], opts?: MeshgridOptions): Tensor[] => LY.meshgrid(xs, opts);

/**
 * Sums of products over the subscripts of `equation`, like `torch.einsum`: `'ij,jk->ik'` is a
 * matrix product, `'ii->i'` a diagonal, `'...ij->...ji'` a batched transpose; without `->`, the
 * output is the subscripts that appear once, in alphabetical order. Repeated subscripts within
 * an operand take diagonals, `...` stands for broadcast dims, size-1 dims broadcast. Built on
 * diagonal, sum, permute, reshape, mul and matmul (contracting left to right), so gradients of
 * any order follow.
 * @param equation - the subscripts.
 * @param operands - the tensors (or one list of them).
 * @returns the result.
 * @throws RangeError for a malformed equation, or sizes that do not match.
 * @example
 * ```ts
 * const a = tensor([[1, 2], [3, 4]]);
 * einsum('ij,jk->ik', a, a); // tensor([[ 7., 10.], [15., 22.]])
 * einsum('ii', a); // tensor(5.)
 * einsum('i,j->ij', tensor([1, 2]), tensor([1, 10])); // tensor([[ 1., 10.], [ 2., 20.]])
 * ```
 */
export const einsum = (equation: string, ...operands: (Tensor | readonly Tensor[])[]): Tensor => EI.einsum(equation, operands.flat());

/**
 * The sum of products over dims of `a` and `b`, like `torch.tensordot`: `dims` = n contracts the
 * last n dims of `a` with the first n of `b`; `[dimsA, dimsB]` names them.
 * @param a - the first tensor.
 * @param b - the second.
 * @param dims - a count (default 2) or the two lists of dims.
 * @returns a tensor with a's free dims then b's.
 * @throws RangeError when the contracted sizes differ.
 * @example tensordot(ones([2, 3, 4]), ones([4, 5]), 1).shape; // [2, 3, 5]
 */
export const tensordot = (a: Tensor, b: Tensor, dims: number | readonly [readonly number[], readonly number[]] = 2): Tensor => EI.tensordot(a, b, dims);

/**
 * The p-norm distance between each row of `x1` and each row of `x2`, like `torch.cdist`: [..., P, M]
 * and [..., R, M] give [..., P, R] (batch dims broadcast). The gradient at a zero distance is 0.
 * @param x1 - the first set of points.
 * @param x2 - the second.
 * @param p - the norm (default 2; 0, 1, ∞ and any p ≥ 0).
 * @param opts - `computeMode`, for p = 2.
 * @returns the distances.
 * @throws RangeError for mismatched columns, a negative p, or tensors of fewer than 2 dims.
 * @throws TypeError for integer tensors.
 * @example cdist(tensor([[0, 0], [1, 1]]), tensor([[3, 4]])); // tensor([[5.0000], [3.6056]])
 */
export const cdist = (x1: Tensor, x2: Tensor, p = 2, opts?: CdistOptions): Tensor => PR.cdist(x1, x2, p, opts);

/**
 * Where each value would be inserted into its line of `sortedSequence` (the last dim) to keep it
 * sorted, like `torch.searchsorted`: the first such position, or the last with `right`.
 * @param sortedSequence - 1-D, or with the values' leading dims; sorted along its last dim (or
 * with `sorter`).
 * @param values - the values (a number gives a 0-dim result).
 * @param opts - `right` or `side`, `sorter`, `outInt32`.
 * @returns int32 positions, shaped like `values`.
 * @throws RangeError when the shapes do not fit, or side and right disagree.
 * @example
 * ```ts
 * const edges = tensor([1, 3, 5]);
 * searchsorted(edges, tensor([0, 3, 6])); // tensor([0, 1, 3], dtype=torch.int32)
 * searchsorted(edges, 3, { right: true }); // tensor(2, dtype=torch.int32)
 * ```
 */
export const searchsorted = (sortedSequence: Tensor, values: Tensor | number, opts?: SearchOptions): Tensor => SE.searchsorted(sortedSequence, values, opts);

/**
 * The index of the bucket each element falls in, like `torch.bucketize`: i such that
 * boundaries[i − 1] < x ≤ boundaries[i] (with `right`, boundaries[i − 1] ≤ x < boundaries[i]).
 * @param input - the values (a number gives a 0-dim result).
 * @param boundaries - 1-D and sorted.
 * @param opts - `right`, `outInt32`.
 * @returns int32 bucket indices, shaped like `input`.
 * @throws RangeError when `boundaries` is not 1-D.
 * @example bucketize(tensor([0.5, 1, 7]), tensor([1, 5])); // tensor([0, 0, 2], dtype=torch.int32)
 */
export const bucketize = (input: Tensor | number, boundaries: Tensor, opts?: SearchOptions): Tensor => SE.bucketize(input, boundaries, opts);

/**
 * The tensors on the diagonal of a block matrix, zeros elsewhere, like `torch.block_diag`: a 2-D
 * tensor is a block, a 1-D one a row, a 0-dim one a 1 × 1 block; dtypes promote.
 * @param xs - the blocks.
 * @returns a matrix with as many rows and columns as the blocks together ([1, 0] for none).
 * @throws RangeError for a tensor of more than 2 dims.
 * @example blockDiag(tensor([[1, 2]]), tensor(3)); // tensor([[1., 2., 0.], [0., 0., 3.]])
 */
export const blockDiag = (...xs: Tensor[]): Tensor => LY.blockDiag(xs);

/**
 * Every combination of one element of each 1-D tensor, one per row, like `torch.cartesian_prod`
 * (the first tensor varies slowest).
 * @param xs - 1-D tensors of one dtype.
 * @returns a [n₁·n₂·…, count] tensor (the tensor itself for one).
 * @throws RangeError for none, or a tensor that is not 1-D.
 * @throws TypeError when the dtypes differ.
 * @example cartesianProd(tensor([1, 2]), tensor([3, 4])); // tensor([[1., 3.], [1., 4.], [2., 3.], [2., 4.]])
 */
export const cartesianProd = (...xs: Tensor[]): Tensor => LY.cartesianProd(xs);
