/**
 * Activation functions, as `torch.nn.functional`.
 * @module
 */
import type { Tensor } from '@chainrule/autograd';

/**
 * max(x, 0) elementwise, like `F.relu`. NOTE: the gradient at 0 is 0.
 * @param x - the input.
 * @returns a tensor of the same shape.
 * @example F.relu(tensor([-1, 2])); // tensor([0., 2.])
 */
export const relu = (x: Tensor): Tensor => x.relu();

/**
 * min(max(x, 0), 6) elementwise, like `F.relu6`.
 * @param x - the input.
 * @returns a tensor of the same shape.
 * @example F.relu6(tensor([-1, 3, 9])); // tensor([0., 3., 6.])
 */
export const relu6 = (x: Tensor): Tensor => x.clamp(0, 6);

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
 * Clamps into [minVal, maxVal] elementwise, like `F.hardtanh`.
 * @param x - the input.
 * @param minVal - the lower bound (default −1).
 * @param maxVal - the upper bound (default 1).
 * @returns a tensor of the same shape.
 * @example F.hardtanh(tensor([-3, 0.5, 3]), -2, 2); // tensor([-2.0000,  0.5000,  2.0000])
 */
export const hardtanh = (x: Tensor, minVal = -1, maxVal = 1): Tensor => x.clamp(minVal, maxVal);

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
