/**
 * `CosineSimilarity` and `PairwiseDistance`: the modules of `F.cosineSimilarity` and
 * `F.pairwiseDistance`.
 * @module
 */
import type { Tensor } from '@chainrule/autograd';
import { cosineSimilarity, pairwiseDistance } from '../functional/distance.js';
import { Module } from '../module.js';

/**
 * The cosine similarity of two batches of vectors along a dim, like `torch.nn.CosineSimilarity`.
 *
 * Shape:
 * - input1: `(*₁, D, *₂)`, D at `dim`
 * - input2: `(*₁, D, *₂)`, or broadcastable with input1
 * - output: `(*₁, *₂)`
 * @example
 * ```ts
 * const cos = new nn.CosineSimilarity();
 * cos.forward(tensor([[1, 0], [1, 1]]), tensor([[1, 1]])); // tensor([0.7071, 1.0000])
 * String(cos); // 'CosineSimilarity()'
 * ```
 */
export class CosineSimilarity extends Module<[Tensor, Tensor], Tensor> {
  /**
   * @param dim - the dim of the vectors (default 1).
   * @param eps - the smallest norm (default 1e-8).
   */
  constructor(
    readonly dim = 1,
    readonly eps = 1e-8,
  ) {
    super();
  }
  /**
   * Computes the similarities.
   * @param input1 - the first vectors.
   * @param input2 - the second vectors.
   * @returns the similarities, without the dim.
   * @throws RangeError when the shapes do not broadcast or the dim is out of range.
   */
  forward(input1: Tensor, input2: Tensor): Tensor {
    return cosineSimilarity(input1, input2, this.dim, this.eps);
  }
}

/**
 * The p-norm distance between two batches of vectors (over the last dim), like
 * `torch.nn.PairwiseDistance`.
 *
 * Shape:
 * - input1: `(N, D)` or `(D)`
 * - input2: `(N, D)` or `(D)`, broadcastable with input1
 * - output: `(N)` or `()` (`(N, 1)` or `(1)` with keepdim)
 * @example
 * ```ts
 * const dist = new nn.PairwiseDistance(1);
 * dist.forward(tensor([[0, 0], [1, 1]]), tensor([[3, 4]])); // tensor([7.0000, 5.0000])
 * String(dist); // 'PairwiseDistance()'
 * ```
 */
export class PairwiseDistance extends Module<[Tensor, Tensor], Tensor> {
  /**
   * @param p - the norm's order (default 2).
   * @param eps - added to the differences (default 1e-6).
   * @param keepdim - keep the last dim with size 1 (default false).
   */
  constructor(
    readonly p = 2,
    readonly eps = 1e-6,
    readonly keepdim = false,
  ) {
    super();
  }
  /**
   * Computes the distances.
   * @param input1 - the first vectors.
   * @param input2 - the second vectors.
   * @returns the distances.
   * @throws RangeError when the shapes do not broadcast.
   */
  forward(input1: Tensor, input2: Tensor): Tensor {
    return pairwiseDistance(input1, input2, this.p, this.eps, this.keepdim);
  }
}
