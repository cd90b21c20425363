/**
 * Activation functions, as `torch.nn.functional`.
 * @module
 */
import type { Tensor } from '@chainrule/autograd';

/**
 * max(x, 0). NOTE: the gradient at 0 is 0.
 * @param x - the input.
 * @returns the result.
 * @example
 * ```ts
 * F.relu(x);
 * ```
 */
export const relu = (x: Tensor): Tensor => x.relu();

/**
 * min(max(x, 0), 6).
 * @param x - the input.
 * @returns the result.
 * @example
 * ```ts
 * F.relu6(x);
 * ```
 */
export const relu6 = (x: Tensor): Tensor => x.clamp(0, 6);

/**
 * Leaky ReLU: x for x > 0, negativeSlope·x otherwise.
 * @param x - the input.
 * @param negativeSlope - the slope for x ≤ 0 (default 0.01).
 * @returns the result.
 * @example
 * ```ts
 * F.leakyRelu(x, 0.2);
 * ```
 */
export const leakyRelu = (x: Tensor, negativeSlope = 0.01): Tensor => x.leakyRelu(negativeSlope);

/**
 * ELU: x for x > 0, α(eˣ − 1) otherwise.
 * @param x - the input.
 * @param alpha - α (default 1).
 * @returns the result.
 * @example
 * ```ts
 * F.elu(x);
 * ```
 */
export const elu = (x: Tensor, alpha = 1): Tensor => x.elu(alpha);

/**
 * GELU: x·Φ(x) (`'none'`, exact) or its tanh approximation.
 * @param x - the input.
 * @param approximate - `'none'` (default) or `'tanh'`.
 * @returns the result.
 * @example
 * ```ts
 * F.gelu(x, 'tanh');
 * ```
 */
export const gelu = (x: Tensor, approximate: 'none' | 'tanh' = 'none'): Tensor => x.gelu(approximate);

/**
 * SiLU (swish): x·σ(x).
 * @param x - the input.
 * @returns the result.
 * @example
 * ```ts
 * F.silu(x);
 * ```
 */
export const silu = (x: Tensor): Tensor => x.silu();

/**
 * Mish: x·tanh(softplus(x)).
 * @param x - the input.
 * @returns the result.
 * @example
 * ```ts
 * F.mish(x);
 * ```
 */
export const mish = (x: Tensor): Tensor => x.mul(x.softplus().tanh());

/**
 * Softplus: log(1 + e^(βx))/β, linear where βx > threshold.
 * @param x - the input.
 * @param beta - β (default 1).
 * @param threshold - switch to the identity above this (default 20).
 * @returns the result.
 * @example
 * ```ts
 * F.softplus(x);
 * ```
 */
export const softplus = (x: Tensor, beta = 1, threshold = 20): Tensor => x.softplus(beta, threshold);

/**
 * The logistic sigmoid 1/(1 + e⁻ˣ).
 * @param x - the input.
 * @returns the result.
 * @example
 * ```ts
 * F.sigmoid(x);
 * ```
 */
export const sigmoid = (x: Tensor): Tensor => x.sigmoid();

/**
 * log σ(x) = min(x, 0) − log(1 + e^(−|x|)), stable for any x.
 * @param x - the input.
 * @returns the result.
 * @example
 * ```ts
 * F.logsigmoid(x);
 * ```
 */
export const logsigmoid = (x: Tensor): Tensor => x.minimum(0).sub(x.abs().neg().exp().log1p());

/**
 * tanh x.
 * @param x - the input.
 * @returns the result.
 * @example
 * ```ts
 * F.tanh(x);
 * ```
 */
export const tanh = (x: Tensor): Tensor => x.tanh();

/**
 * Clamps into [minVal, maxVal] (default [-1, 1]).
 * @param x - the input.
 * @param minVal - lower bound.
 * @param maxVal - upper bound.
 * @returns the result.
 * @example
 * ```ts
 * F.hardtanh(x, -2, 2);
 * ```
 */
export const hardtanh = (x: Tensor, minVal = -1, maxVal = 1): Tensor => x.clamp(minVal, maxVal);

/**
 * softmax along `dim`.
 * @param x - the input.
 * @param dim - the dim that sums to one.
 * @returns probabilities.
 * @example
 * ```ts
 * F.softmax(logits, 1);
 * ```
 */
export const softmax = (x: Tensor, dim: number): Tensor => x.softmax(dim);

/**
 * log-softmax along `dim` (stable).
 * @param x - the input.
 * @param dim - the dim.
 * @returns log-probabilities.
 * @example
 * ```ts
 * F.logSoftmax(logits, 1);
 * ```
 */
export const logSoftmax = (x: Tensor, dim: number): Tensor => x.logSoftmax(dim);
