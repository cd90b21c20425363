/**
 * `layerNorm`: normalisation over the last dims.
 * @module
 */
import type { Tensor } from '@chainrule/autograd';

/**
 * Layer normalisation, like `F.layer_norm`: over the last `normalizedShape.length` dims,
 * y = (x − mean) / √(var + eps) · weight + bias, with the biased variance (divided by n).
 * @param input - `[..., *normalizedShape]`.
 * @param normalizedShape - the sizes of the last dims normalised over.
 * @param weight - `normalizedShape`, or null/undefined for none.
 * @param bias - `normalizedShape`, or null/undefined for none.
 * @param eps - added to the variance (default 1e-5).
 * @returns a tensor of the input's shape.
 * @throws RangeError when the input's last dims are not `normalizedShape`, or weight or bias has
 *   another shape.
 * @throws TypeError for a non-float input.
 * @example
 * ```ts
 * import { tensor } from '@chainrule/autograd';
 * import * as F from '@chainrule/nn/functional';
 * F.layerNorm(tensor([[1, 2, 3], [2, 4, 6]]), [3]); // tensor([[-1.2247,  0.0000,  1.2247], [-1.2247,  0.0000,  1.2247]])
 * ```
 */
export function layerNorm(input: Tensor, normalizedShape: readonly number[], weight?: Tensor | null, bias?: Tensor | null, eps = 1e-5): Tensor {
  const k = normalizedShape.length;
  const tail = input.shape.slice(input.ndim - k);
  const fmt = (s: readonly number[]): string => `[${s.join(', ')}]`;
  if (k === 0) throw new RangeError('layerNorm: expected normalized_shape to be at least 1-dimensional, i.e., containing at least one element');
  if (input.ndim < k || tail.some((s, i) => s !== normalizedShape[i])) {
    throw new RangeError(`layerNorm: given normalized_shape=${fmt(normalizedShape)}, expected input with shape [*, ${normalizedShape.join(', ')}], but got input of size ${fmt(input.shape)}`);
  }
  for (const [name, p] of [['weight', weight], ['bias', bias]] as const) {
    if (p !== null && p !== undefined && (p.ndim !== k || p.shape.some((s, i) => s !== normalizedShape[i]))) {
      throw new RangeError(`layerNorm: expected ${name} of shape ${fmt(normalizedShape)}, got ${fmt(p.shape)}`);
    }
  }
  if (input.dtype !== 'float32' && input.dtype !== 'float64') throw new TypeError(`layerNorm: expected a float input, got ${input.dtype}`);
  const dims = Array.from({ length: k }, (_, i) => input.ndim - k + i);
  const mean = input.mean(dims, true);
  const centered = input.sub(mean);
  const variance = centered.square().mean(dims, true);
  let y = centered.mul(variance.add(eps).rsqrt());
  if (weight !== null && weight !== undefined) y = y.mul(weight);
  if (bias !== null && bias !== undefined) y = y.add(bias);
  return y;
}
