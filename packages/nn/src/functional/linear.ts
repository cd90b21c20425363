/**
 * `linear`: y = x·Wᵀ + b.
 * @module
 */
import type { Tensor } from '@chainrule/autograd';

/**
 * Applies an affine map `x·Wᵀ + b`, like `torch.nn.functional.linear`.
 * @param input - `[..., in]`.
 * @param weight - `[out, in]` (PyTorch's layout).
 * @param bias - `[out]`, or null/undefined for none.
 * @returns `[..., out]`.
 * @throws RangeError when the inner sizes differ.
 * @example
 * ```ts
 * import * as F from '@chainrule/nn/functional';
 * const y = F.linear(x, w, b); // x [N, 4], w [3, 4], b [3] -> [N, 3]
 * ```
 */
export function linear(input: Tensor, weight: Tensor, bias?: Tensor | null): Tensor {
  const y = input.matmul(weight.t());
  return bias === null || bias === undefined ? y : y.add(bias);
}
