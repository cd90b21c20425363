/**
 * Normalizing and comparing vectors, as `torch.nn.functional`: normalize, cosineSimilarity,
 * pairwiseDistance.
 * @module
 */
import { where } from '@chainrule/autograd';
import type { Tensor } from '@chainrule/autograd';

/**
 * x / max(‖x‖ₚ, eps) along `dim`, like `F.normalize`: unit vectors (zero vectors stay zero).
 * @param x - the input.
 * @param p - the norm's order (default 2).
 * @param dim - the dim normalized (default 1).
 * @param eps - the smallest norm divided by (default 1e-12).
 * @returns a tensor of x's shape.
 * @throws RangeError when dim is out of range.
 * @example F.normalize(tensor([[3, 4], [0, 0]])); // tensor([[0.6000, 0.8000], [0.0000, 0.0000]])
 */
export function normalize(x: Tensor, p = 2, dim = 1, eps = 1e-12): Tensor {
  return x.div(x.norm(p, dim, true).clamp(eps));
}

/**
 * The cosine of the angle between x1 and x2 along `dim`, ⟨x1, x2⟩ / √(max(‖x1‖², eps²)·max(‖x2‖², eps²)),
 * broadcast together, like `F.cosine_similarity`.
 * NOTE: as PyTorch 1.13, eps bounds the squared norms' values only: the gradient flows through
 * them as if unbounded.
 * @param x1 - the first vectors.
 * @param x2 - the second vectors (broadcast with x1).
 * @param dim - the dim of the vectors (default 1).
 * @param eps - the smallest norm (default 1e-8).
 * @returns the similarities, without `dim`.
 * @throws RangeError when the shapes do not broadcast or dim is out of range.
 * @example F.cosineSimilarity(tensor([[1, 0], [1, 1]]), tensor([[1, 1]])); // tensor([0.7071, 1.0000])
 */
export function cosineSimilarity(x1: Tensor, x2: Tensor, dim = 1, eps = 1e-8): Tensor {
  const shape = broadcastShape('cosineSimilarity', x1.shape, x2.shape);
  [x1, x2] = [x1.expand(shape), x2.expand(shape)];
  const floor = (s: Tensor): Tensor => where(s.lt(eps * eps), s.sub(s.detach()).add(eps * eps), s);
  const n1 = floor(x1.square().sum(dim, true));
  const n2 = floor(x2.square().sum(dim, true));
  return x1.mul(x2).sum(dim).mul(n1.mul(n2).rsqrt().squeeze(dim));
}

/**
 * ‖x1 − x2 + eps‖ₚ over the last dim, broadcast together, like `F.pairwise_distance`.
 * @param x1 - the first vectors.
 * @param x2 - the second vectors (broadcast with x1).
 * @param p - the norm's order (default 2).
 * @param eps - added to the differences, keeping the norm away from 0 (default 1e-6).
 * @param keepdim - keep the last dim with size 1.
 * @returns the distances.
 * @throws RangeError when the shapes do not broadcast.
 * @example F.pairwiseDistance(tensor([[0, 0], [1, 1]]), tensor([[3, 4]]), 2, 0); // tensor([5.0000, 3.6056])
 */
export function pairwiseDistance(x1: Tensor, x2: Tensor, p = 2, eps = 1e-6, keepdim = false): Tensor {
  const d = x1.sub(x2).add(eps);
  return d.norm(p, d.ndim === 0 ? undefined : -1, keepdim);
}

/** The shape two shapes broadcast to (as PyTorch), or a RangeError naming `op`. */
function broadcastShape(op: string, a: readonly number[], b: readonly number[]): number[] {
  const n = Math.max(a.length, b.length);
  return Array.from({ length: n }, (_, i) => {
    const [p, q] = [a[a.length - n + i] ?? 1, b[b.length - n + i] ?? 1];
    if (p !== q && p !== 1 && q !== 1) throw new RangeError(`${op}: shapes [${a.join(', ')}] and [${b.join(', ')}] do not broadcast`);
    return p === 1 ? q : p;
  });
}
