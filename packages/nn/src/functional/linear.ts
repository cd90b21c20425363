/**
 * `linear`: y = x·Wᵀ + b, and `bilinear`: y = x1ᵀ·A·x2 + b.
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

/**
 * The bilinear map `x1ᵀ·A·x2 + b`, like `F.bilinear`: `y[..., o] = Σᵢⱼ x1[..., i]·W[o, i, j]·x2[..., j] + b[o]`.
 * @param input1 - `[..., in1]`.
 * @param input2 - `[..., in2]`, with input1's leading dims.
 * @param weight - `[out, in1, in2]`.
 * @param bias - `[out]`, or null/undefined for none.
 * @returns `[..., out]`.
 * @throws RangeError when the shapes do not fit.
 * @throws TypeError when the dtypes differ.
 * @example
 * ```ts
 * import { tensor } from '@chainrule/autograd';
 * import * as F from '@chainrule/nn/functional';
 * const w = tensor([[[1, 0], [0, 1]], [[0, 1], [0, 0]]]); // two outputs: x1·x2 and x1[0]·x2[1]
 * F.bilinear(tensor([[1, 2]]), tensor([[3, 4]]), w); // tensor([[11.,  4.]])
 * ```
 */
export function bilinear(input1: Tensor, input2: Tensor, weight: Tensor, bias?: Tensor | null): Tensor {
  const op = 'bilinear';
  const fmt = (s: readonly number[]): string => `[${s.join(', ')}]`;
  if (weight.ndim !== 3) throw new RangeError(`${op}: expected a 3-D weight [out, in1, in2], got ${fmt(weight.shape)}`);
  const [o, in1, in2] = weight.shape as [number, number, number];
  if (input1.ndim < 1 || input1.ndim !== input2.ndim || input1.shape.slice(0, -1).some((s, i) => s !== input2.shape[i])) {
    throw new RangeError(`${op}: input batch dimensions do not match: got ${fmt(input1.shape.slice(0, -1))} and ${fmt(input2.shape.slice(0, -1))}`);
  }
  if (input1.shape.at(-1) !== in1) throw new RangeError(`${op}: input1 size does not match weight size: got ${input1.shape.at(-1)} but expected ${in1}`);
  if (input2.shape.at(-1) !== in2) throw new RangeError(`${op}: input2 size does not match weight size: got ${input2.shape.at(-1)} but expected ${in2}`);
  if (bias !== null && bias !== undefined && (bias.ndim !== 1 || bias.shape[0] !== o)) throw new RangeError(`${op}: expected a bias of shape [${o}], got ${fmt(bias.shape)}`);
  for (const t of [input2, weight, ...(bias === null || bias === undefined ? [] : [bias])]) {
    if (t.dtype !== input1.dtype) throw new TypeError(`${op}: expected all tensors to have the dtype ${input1.dtype}, got ${t.dtype}`);
  }
  const lead = input1.shape.slice(0, -1);
  const x1 = input1.reshape([-1, in1]);
  const x2 = input2.reshape([-1, in2]);
  // x1·W as [B, out, in2], then the dot with x2 over in2
  const t = x1.matmul(weight.permute([1, 0, 2]).reshape([in1, o * in2])).reshape([-1, o, in2]);
  const y = t.mul(x2.unsqueeze(1)).sum(2).reshape([...lead, o]);
  return bias === null || bias === undefined ? y : y.add(bias);
}
