/**
 * `linear`: y = x·Wᵀ + b.
 * @module
 */
import { markRegion } from '@chainrule/autograd';
import type { Tensor } from '@chainrule/autograd';

/**
 * The affine map `x·Wᵀ + b`, like `F.linear`.
 * @param input - `[..., in]`.
 * @param weight - `[out, in]` (PyTorch's layout).
 * @param bias - `[out]`, or null/undefined for none.
 * @returns `[..., out]`.
 * @throws RangeError when the inner sizes differ.
 * @throws TypeError when the dtypes differ.
 * @example
 * ```ts
 * import { tensor } from '@chainrule/autograd';
 * import * as F from '@chainrule/nn/functional';
 * const w = tensor([[1, 0], [0, 2], [1, 1]]); // 2 -> 3
 * F.linear(tensor([[1, 2]]), w, tensor([0, 0, 10])); // tensor([[ 1.,  4., 13.]])
 * ```
 */
export function linear(input: Tensor, weight: Tensor, bias?: Tensor | null): Tensor {
  return markRegion('linear', {}, [input, weight, bias], () => linearOps(input, weight, bias));
}

/** The ops of {@link linear}. */
function linearOps(input: Tensor, weight: Tensor, bias?: Tensor | null): Tensor {
  const y = input.matmul(weight.t());
  return bias === null || bias === undefined ? y : y.add(bias);
}
