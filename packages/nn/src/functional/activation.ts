/**
 * Activation functions, as `torch.nn.functional`.
 * @module
 */
import { rand, where } from '@chainrule/autograd';
import type { Generator, Tensor } from '@chainrule/autograd';
import { checkOptions } from '../options.js';

/**
 * max(x, 0) elementwise, like `F.relu`. NOTE: the gradient at 0 is 0.
 * @param x - the input.
 * @returns a tensor of the same shape.
 * @example F.relu(tensor([-1, 2])); // tensor([0., 2.])
 */
export const relu = (x: Tensor): Tensor => x.relu();

/**
 * min(max(x, 0), 6) elementwise, like `F.relu6`. NOTE: the gradient is 0 at 0 and at 6 (as
 * PyTorch's).
 * @param x - the input.
 * @returns a tensor of the same shape.
 * @example F.relu6(tensor([-1, 3, 9])); // tensor([0., 3., 6.])
 */
export const relu6 = (x: Tensor): Tensor => hardtanh(x, 0, 6);

/**
 * Leaky ReLU elementwise: x for x > 0, `negativeSlope`·x otherwise, like `F.leaky_relu`.
 * @param x - the input.
 * @param negativeSlope - the slope for x ≤ 0 (default 0.01).
 * @returns a tensor of the same shape.
 * @example F.leakyRelu(tensor([-1, 2]), 0.2); // tensor([-0.2000,  2.0000])
 */
export const leakyRelu = (x: Tensor, negativeSlope = 0.01): Tensor => x.leakyRelu(negativeSlope);

/**
 * ELU elementwise: x for x > 0, α(eˣ − 1) otherwise, like `F.elu`.
 * @param x - the input.
 * @param alpha - α (default 1).
 * @returns a tensor of the same shape.
 * @example F.elu(tensor([-1, 2])); // tensor([-0.6321,  2.0000])
 */
export const elu = (x: Tensor, alpha = 1): Tensor => x.elu(alpha);

/**
 * GELU elementwise: x·Φ(x) (exact, with erf) or its tanh approximation, like `F.gelu`.
 * @param x - the input.
 * @param approximate - `'none'` (default) or `'tanh'`.
 * @returns a tensor of the same shape.
 * @example F.gelu(tensor([1]), 'tanh'); // tensor([0.8412])
 */
export const gelu = (x: Tensor, approximate: 'none' | 'tanh' = 'none'): Tensor => x.gelu(approximate);

/**
 * SiLU (swish) x·σ(x) elementwise, like `F.silu`.
 * @param x - the input.
 * @returns a tensor of the same shape.
 * @example F.silu(tensor([1])); // tensor([0.7311])
 */
export const silu = (x: Tensor): Tensor => x.silu();

/**
 * Mish x·tanh(softplus(x)) elementwise, like `F.mish`.
 * @param x - the input.
 * @returns a tensor of the same shape.
 * @example F.mish(tensor([1])); // tensor([0.8651])
 */
export const mish = (x: Tensor): Tensor => x.mul(x.softplus().tanh());

/**
 * Softplus log(1 + e^(βx))/β elementwise, x itself where βx > threshold, like `F.softplus`.
 * @param x - the input.
 * @param beta - β (default 1).
 * @param threshold - above it (in βx) the result is x (default 20).
 * @returns a tensor of the same shape.
 * @example F.softplus(tensor([0]), 2); // tensor([0.3466])
 */
export const softplus = (x: Tensor, beta = 1, threshold = 20): Tensor => x.softplus(beta, threshold);

/**
 * The logistic sigmoid 1/(1 + e⁻ˣ) elementwise, like `F.sigmoid`.
 * @param x - the input.
 * @returns a tensor of the same shape.
 * @example F.sigmoid(tensor([0])); // tensor([0.5000])
 */
export const sigmoid = (x: Tensor): Tensor => x.sigmoid();

/**
 * log σ(x) = min(x, 0) − log(1 + e^(−|x|)) elementwise, stable for any x, like `F.logsigmoid`.
 * @param x - the input.
 * @returns a tensor of the same shape.
 * @example F.logsigmoid(tensor([-100, 0])); // tensor([-100.0000,   -0.6931])
 */
export const logsigmoid = (x: Tensor): Tensor => x.minimum(0).sub(x.abs().neg().exp().log1p());

/**
 * tanh elementwise, like `F.tanh`.
 * @param x - the input.
 * @returns a tensor of the same shape.
 * @example F.tanh(tensor([0])); // tensor([0.])
 */
export const tanh = (x: Tensor): Tensor => x.tanh();

/**
 * Clamps into [minVal, maxVal] elementwise, like `F.hardtanh`. NOTE: the gradient passes strictly
 * inside (minVal, maxVal): it is 0 at the bounds, as PyTorch's.
 * @param x - the input.
 * @param minVal - the lower bound (default −1).
 * @param maxVal - the upper bound (default 1).
 * @returns a tensor of the same shape.
 * @example F.hardtanh(tensor([-3, 0.5, 3]), -2, 2); // tensor([-2.0000,  0.5000,  2.0000])
 */
export function hardtanh(x: Tensor, minVal = -1, maxVal = 1): Tensor {
  // the clamped value, with the gradient of x only strictly inside the bounds
  return where(x.le(minVal).logicalOr(x.ge(maxVal)), x.detach().clamp(minVal, maxVal), x);
}

/**
 * CELU elementwise: max(0, x) + min(0, α(e^(x/α) − 1)), like `F.celu`.
 * @param x - the input.
 * @param alpha - α (default 1).
 * @returns a tensor of the same shape.
 * @example F.celu(tensor([-1, 2]), 2); // tensor([-0.7869,  2.0000])
 */
export function celu(x: Tensor, alpha = 1): Tensor {
  const pos = x.gt(0);
  // e^(x/α) only sees x ≤ 0, so it never overflows; at 0 the gradient is 1 (the x ≤ 0 branch, as PyTorch)
  return where(pos, x, where(pos, 0, x).div(alpha).exp().sub(1).mul(alpha));
}

/** SELU's α and scale (Klambauer et al., as PyTorch). */
const SELU_ALPHA = 1.6732632423543772848170429916717;
const SELU_SCALE = 1.0507009873554804934193349852946;

/**
 * SELU elementwise: scale·(max(0, x) + min(0, α(eˣ − 1))) with α ≈ 1.6733, scale ≈ 1.0507, like
 * `F.selu`.
 * @param x - the input.
 * @returns a tensor of the same shape.
 * @example F.selu(tensor([-1, 0, 1])); // tensor([-1.1113,  0.0000,  1.0507])
 */
export function selu(x: Tensor): Tensor {
  const pos = x.gt(0);
  return where(pos, x.mul(SELU_SCALE), where(pos, 0, x).exp().sub(1).mul(SELU_ALPHA * SELU_SCALE));
}

/**
 * x / (1 + |x|) elementwise, like `F.softsign`.
 * @param x - the input.
 * @returns a tensor of the same shape.
 * @example F.softsign(tensor([-3, 1])); // tensor([-0.7500,  0.5000])
 */
export const softsign = (x: Tensor): Tensor => x.div(x.abs().add(1));

/**
 * The piecewise linear sigmoid: 0 below −3, 1 above 3, x/6 + 1/2 between, like `F.hardsigmoid`.
 * NOTE: the gradient is 0 at ±3 (as PyTorch's).
 * @param x - the input.
 * @returns a tensor of the same shape.
 * @example F.hardsigmoid(tensor([-4, 0, 1.5, 4])); // tensor([0.0000, 0.5000, 0.7500, 1.0000])
 */
export const hardsigmoid = (x: Tensor): Tensor => hardtanh(x.add(3), 0, 6).div(6);

/**
 * x·hardsigmoid(x) (as MobileNetV3): 0 below −3, x above 3, like `F.hardswish`.
 * @param x - the input.
 * @returns a tensor of the same shape.
 * @example F.hardswish(tensor([-4, 1, 4])); // tensor([-0.0000,  0.6667,  4.0000])
 */
export const hardswish = (x: Tensor): Tensor => x.mul(x.add(3).clamp(0, 6)).div(6);

/**
 * x − tanh(x) elementwise, like `F.tanhshrink`.
 * @param x - the input.
 * @returns a tensor of the same shape.
 * @example F.tanhshrink(tensor([0, 1])); // tensor([0.0000, 0.2384])
 */
export const tanhshrink = (x: Tensor): Tensor => x.sub(x.tanh());

/**
 * Soft shrinkage: x − λ above λ, x + λ below −λ, 0 between, like `F.softshrink`.
 * @param x - the input.
 * @param lambd - λ ≥ 0 (default 0.5).
 * @returns a tensor of the same shape.
 * @throws RangeError when λ is negative.
 * @example F.softshrink(tensor([-2, 0.3, 1])); // tensor([-1.5000,  0.0000,  0.5000])
 */
export function softshrink(x: Tensor, lambd = 0.5): Tensor {
  if (!(lambd >= 0)) throw new RangeError(`softshrink: lambda must be greater or equal to 0, but found to be ${lambd}`);
  return where(x.gt(lambd), x.sub(lambd), where(x.lt(-lambd), x.add(lambd), 0));
}

/**
 * Hard shrinkage: x where |x| > λ, 0 elsewhere, like `F.hardshrink`.
 * @param x - the input.
 * @param lambd - λ (default 0.5).
 * @returns a tensor of the same shape.
 * @example F.hardshrink(tensor([-2, 0.3, 1])); // tensor([-2.,  0.,  1.])
 */
export const hardshrink = (x: Tensor, lambd = 0.5): Tensor => where(x.ge(-lambd).logicalAnd(x.le(lambd)), 0, x);

/**
 * x where x > threshold, `value` elsewhere, like `F.threshold`.
 * @param x - the input.
 * @param threshold - the threshold.
 * @param value - the value at and below it.
 * @returns a tensor of the same shape.
 * @example F.threshold(tensor([-1, 0.5, 2]), 1, 20); // tensor([20., 20.,  2.])
 */
export const threshold = (x: Tensor, threshold: number, value: number): Tensor => where(x.le(threshold), value, x);

/**
 * Options of {@link rrelu}.
 * @example
 * ```ts
 * const opts: F.RReLUOptions = { training: true, generator: new Generator(0) };
 * F.rrelu(tensor([-1, 1]), 0.1, 0.3, opts).toArray()[1]; // 1
 * ```
 */
export interface RReLUOptions {
  /** Draw the slopes (default false: the mean slope, as in evaluation). */
  training?: boolean;
  /** The generator for the slopes (default the global one). */
  generator?: Generator;
}

/**
 * Randomized leaky ReLU, like `F.rrelu`: in training each element x ≤ 0 is multiplied by a slope
 * drawn uniformly from [lower, upper); otherwise by their mean (lower + upper)/2. The gradient is
 * the slope used.
 * @param x - the input.
 * @param lower - the smallest slope (default 1/8).
 * @param upper - the largest slope (default 1/3).
 * @param opts - `training` (default false), `generator`.
 * @returns a tensor of the same shape.
 * @throws RangeError when lower > upper.
 * @throws TypeError for an unknown option.
 * @example
 * ```ts
 * F.rrelu(tensor([-1, 2]), 0.1, 0.3); // tensor([-0.2000,  2.0000])
 * const y = F.rrelu(tensor([-1, -1]), 0.1, 0.3, { training: true, generator: new Generator(0) });
 * [...y.toArray()].every((v) => v <= -0.1 && v >= -0.3); // true
 * ```
 */
export function rrelu(x: Tensor, lower = 1 / 8, upper = 1 / 3, opts: RReLUOptions = {}): Tensor {
  checkOptions('rrelu', opts, ['training', 'generator']);
  if (!(lower <= upper)) throw new RangeError(`rrelu: lower bound should be less than or equal to the upper bound, got ${lower} and ${upper}`);
  if (opts.training !== true) return x.leakyRelu((lower + upper) / 2);
  const slope = rand(x.shape, { dtype: x.dtype, ...(opts.generator === undefined ? {} : { generator: opts.generator }) }).mul(upper - lower).add(lower);
  return where(x.le(0), x.mul(slope), x);
}

/**
 * Parametric ReLU, like `F.prelu`: x where x > 0, weight·x elsewhere, with one weight for all
 * channels or one per channel (dim 1 of the input).
 * @param x - the input, [N, C, ...] (or any shape with one weight).
 * @param weight - 1 or C weights.
 * @returns a tensor of the same shape.
 * @throws RangeError when the weight count is neither 1 nor C.
 * @example F.prelu(tensor([[-1, -2], [3, -4]]), tensor([0.1, 0.5])); // tensor([[-0.1000, -1.0000], [ 3.0000, -2.0000]])
 */
export function prelu(x: Tensor, weight: Tensor): Tensor {
  const channels = x.ndim >= 2 ? x.shape[1]! : 1;
  const n = weight.numel();
  if (n !== 1 && n !== channels) {
    throw new RangeError(`prelu: mismatch of parameter numbers and input channel size: found ${n} parameters and channel size ${channels}`);
  }
  const w = n === 1 ? weight.reshape([]) : weight.reshape([channels, ...x.shape.slice(2).map(() => 1)]);
  return where(x.gt(0), x, x.mul(w));
}

/**
 * Softmax of −x along `dim`, like `F.softmin`.
 * @param x - the input.
 * @param dim - the dim that sums to one.
 * @returns probabilities.
 * @throws RangeError when dim is out of range.
 * @example F.softmin(tensor([[0, Math.log(3)]]), 1); // tensor([[0.7500, 0.2500]])
 */
export const softmin = (x: Tensor, dim: number): Tensor => x.neg().softmax(dim);

/**
 * The gated linear unit a·σ(b), where a and b are the two halves of x along `dim`, like `F.glu`.
 * @param x - the input; its size along `dim` must be even.
 * @param dim - the dim halved (default −1).
 * @returns a tensor with half the size along `dim`.
 * @throws RangeError for a 0-dim input, a dim out of range, or an odd size.
 * @example F.glu(tensor([[1, 2, 0, 100]])); // tensor([[0.5000, 2.0000]])
 */
export function glu(x: Tensor, dim = -1): Tensor {
  if (x.ndim === 0) throw new RangeError('glu: does not support scalars because halving size must be even');
  const size = x.size(dim);
  if (size % 2 !== 0) throw new RangeError(`glu: halving dimension must be even, but dimension ${dim} is size ${size}`);
  const [a, b] = x.chunk(2, dim) as [Tensor, Tensor];
  return a.mul(b.sigmoid());
}

/**
 * Softmax along `dim`, like `F.softmax`; stable for large values.
 * @param x - the input.
 * @param dim - the dim that sums to one.
 * @returns probabilities.
 * @throws RangeError when dim is out of range.
 * @example F.softmax(tensor([[1000, 1000]]), 1); // tensor([[0.5000, 0.5000]])
 */
export const softmax = (x: Tensor, dim: number): Tensor => x.softmax(dim);

/**
 * Log-softmax along `dim`, like `F.log_softmax`; stable for large values.
 * @param x - the input.
 * @param dim - the dim.
 * @returns log-probabilities.
 * @throws RangeError when dim is out of range.
 * @example F.logSoftmax(tensor([[0, 0]]), 1); // tensor([[-0.6931, -0.6931]])
 */
export const logSoftmax = (x: Tensor, dim: number): Tensor => x.logSoftmax(dim);
