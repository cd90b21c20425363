/**
 * More activation modules (CELU, SELU, the hard and shrink families, RReLU, PReLU with its
 * parameter, Softmin, GLU), each wrapping the function of the same name in `functional`.
 * @module
 */
import { full } from '@chainrule/autograd';
import type { DType, Generator, Tensor } from '@chainrule/autograd';
import * as A from '../functional/activation.js';
import { Module } from '../module.js';
import { checkOptions } from '../options.js';
import { Parameter } from '../parameter.js';
import { pyFloat } from '../repr.js';

/**
 * CELU elementwise: max(0, x) + min(0, α(e^(x/α) − 1)), like `torch.nn.CELU`.
 *
 * Shape:
 * - input: `(*)`, any number of dims
 * - output: `(*)`, the input's shape
 * @example
 * ```ts
 * const act = new nn.CELU(2);
 * act.forward(tensor([-1, 2])); // tensor([-0.7869,  2.0000])
 * String(act); // 'CELU(alpha=2.0)'
 * ```
 */
export class CELU extends Module {
  /** @param alpha - α (default 1). */
  constructor(readonly alpha = 1) {
    super();
  }
  /**
   * Applies CELU.
   * @param input - any tensor.
   * @returns a tensor of the same shape.
   */
  forward(input: Tensor): Tensor {
    return A.celu(input, this.alpha);
  }
  /**
   * The settings, as PyTorch prints them.
   * @returns `alpha=…`.
   */
  override extraRepr(): string {
    return `alpha=${pyFloat(this.alpha)}`;
  }
}

/**
 * SELU elementwise (self-normalizing), like `torch.nn.SELU`.
 *
 * Shape:
 * - input: `(*)`, any number of dims
 * - output: `(*)`, the input's shape
 * @example new nn.SELU().forward(tensor([-1, 1])); // tensor([-1.1113,  1.0507])
 */
export class SELU extends Module {
  /**
   * Applies SELU.
   * @param input - any tensor.
   * @returns a tensor of the same shape.
   */
  forward(input: Tensor): Tensor {
    return A.selu(input);
  }
}

/**
 * x / (1 + |x|) elementwise, like `torch.nn.Softsign`.
 *
 * Shape:
 * - input: `(*)`, any number of dims
 * - output: `(*)`, the input's shape
 * @example new nn.Softsign().forward(tensor([-3, 1])); // tensor([-0.7500,  0.5000])
 */
export class Softsign extends Module {
  /**
   * Applies softsign.
   * @param input - any tensor.
   * @returns a tensor of the same shape, in (−1, 1).
   */
  forward(input: Tensor): Tensor {
    return A.softsign(input);
  }
}

/**
 * The piecewise linear sigmoid, like `torch.nn.Hardsigmoid`.
 *
 * Shape:
 * - input: `(*)`, any number of dims
 * - output: `(*)`, the input's shape
 * @example new nn.Hardsigmoid().forward(tensor([-4, 0, 4])); // tensor([0.0000, 0.5000, 1.0000])
 */
export class Hardsigmoid extends Module {
  /**
   * Applies hardsigmoid.
   * @param input - any tensor.
   * @returns a tensor of the same shape, in [0, 1].
   */
  forward(input: Tensor): Tensor {
    return A.hardsigmoid(input);
  }
}

/**
 * x·hardsigmoid(x) elementwise (MobileNetV3), like `torch.nn.Hardswish`.
 *
 * Shape:
 * - input: `(*)`, any number of dims
 * - output: `(*)`, the input's shape
 * @example new nn.Hardswish().forward(tensor([1, 4])); // tensor([0.6667, 4.0000])
 */
export class Hardswish extends Module {
  /**
   * Applies hardswish.
   * @param input - any tensor.
   * @returns a tensor of the same shape.
   */
  forward(input: Tensor): Tensor {
    return A.hardswish(input);
  }
}

/**
 * Clamps into [minVal, maxVal] elementwise, like `torch.nn.Hardtanh`.
 *
 * Shape:
 * - input: `(*)`, any number of dims
 * - output: `(*)`, the input's shape
 * @example
 * ```ts
 * const act = new nn.Hardtanh(-2, 2);
 * act.forward(tensor([-3, 0.5, 3])); // tensor([-2.0000,  0.5000,  2.0000])
 * String(act); // 'Hardtanh(min_val=-2.0, max_val=2.0)'
 * ```
 */
export class Hardtanh extends Module {
  /**
   * @param minVal - the lower bound (default −1).
   * @param maxVal - the upper bound (default 1).
   * @throws RangeError when maxVal < minVal.
   */
  constructor(
    readonly minVal = -1,
    readonly maxVal = 1,
  ) {
    super();
    if (!(maxVal >= minVal)) throw new RangeError(`Hardtanh: maxVal (${maxVal}) must be greater than or equal to minVal (${minVal})`);
  }
  /**
   * Applies hardtanh.
   * @param input - any tensor.
   * @returns a tensor of the same shape.
   */
  forward(input: Tensor): Tensor {
    return A.hardtanh(input, this.minVal, this.maxVal);
  }
  /**
   * The settings, as PyTorch prints them.
   * @returns `min_val=…, max_val=…`.
   */
  override extraRepr(): string {
    return `min_val=${pyFloat(this.minVal)}, max_val=${pyFloat(this.maxVal)}`;
  }
}

/**
 * min(max(x, 0), 6) elementwise, like `torch.nn.ReLU6`.
 *
 * Shape:
 * - input: `(*)`, any number of dims
 * - output: `(*)`, the input's shape
 * @example new nn.ReLU6().forward(tensor([-1, 3, 9])); // tensor([0., 3., 6.])
 */
export class ReLU6 extends Module {
  /**
   * Applies ReLU6.
   * @param input - any tensor.
   * @returns a tensor of the same shape, in [0, 6].
   */
  forward(input: Tensor): Tensor {
    return A.relu6(input);
  }
}

/**
 * Mish x·tanh(softplus(x)) elementwise, like `torch.nn.Mish`.
 *
 * Shape:
 * - input: `(*)`, any number of dims
 * - output: `(*)`, the input's shape
 * @example new nn.Mish().forward(tensor([1])); // tensor([0.8651])
 */
export class Mish extends Module {
  /**
   * Applies mish.
   * @param input - any tensor.
   * @returns a tensor of the same shape.
   */
  forward(input: Tensor): Tensor {
    return A.mish(input);
  }
}

/**
 * log σ(x) elementwise, stable for any x, like `torch.nn.LogSigmoid`.
 *
 * Shape:
 * - input: `(*)`, any number of dims
 * - output: `(*)`, the input's shape
 * @example new nn.LogSigmoid().forward(tensor([0])); // tensor([-0.6931])
 */
export class LogSigmoid extends Module {
  /**
   * Applies log-sigmoid.
   * @param input - any tensor.
   * @returns a tensor of the same shape, ≤ 0.
   */
  forward(input: Tensor): Tensor {
    return A.logsigmoid(input);
  }
}

/**
 * x − tanh(x) elementwise, like `torch.nn.Tanhshrink`.
 *
 * Shape:
 * - input: `(*)`, any number of dims
 * - output: `(*)`, the input's shape
 * @example new nn.Tanhshrink().forward(tensor([0, 1])); // tensor([0.0000, 0.2384])
 */
export class Tanhshrink extends Module {
  /**
   * Applies tanhshrink.
   * @param input - any tensor.
   * @returns a tensor of the same shape.
   */
  forward(input: Tensor): Tensor {
    return A.tanhshrink(input);
  }
}

/**
 * Soft shrinkage (x ∓ λ outside [−λ, λ], 0 inside), like `torch.nn.Softshrink`.
 *
 * Shape:
 * - input: `(*)`, any number of dims
 * - output: `(*)`, the input's shape
 * @example
 * ```ts
 * const act = new nn.Softshrink(1);
 * act.forward(tensor([-2, 0.5, 3])); // tensor([-1.,  0.,  2.])
 * String(act); // 'Softshrink(1.0)'
 * ```
 */
export class Softshrink extends Module {
  /**
   * @param lambd - λ ≥ 0 (default 0.5).
   * @throws RangeError when λ is negative.
   */
  constructor(readonly lambd = 0.5) {
    super();
    if (!(lambd >= 0)) throw new RangeError(`Softshrink: lambda must be greater or equal to 0, but found to be ${lambd}`);
  }
  /**
   * Applies soft shrinkage.
   * @param input - any tensor.
   * @returns a tensor of the same shape.
   */
  forward(input: Tensor): Tensor {
    return A.softshrink(input, this.lambd);
  }
  /**
   * The settings, as PyTorch prints them.
   * @returns λ.
   */
  override extraRepr(): string {
    return pyFloat(this.lambd);
  }
}

/**
 * Hard shrinkage (x outside [−λ, λ], 0 inside), like `torch.nn.Hardshrink`.
 *
 * Shape:
 * - input: `(*)`, any number of dims
 * - output: `(*)`, the input's shape
 * @example
 * ```ts
 * const act = new nn.Hardshrink();
 * act.forward(tensor([-2, 0.3, 1])); // tensor([-2.,  0.,  1.])
 * String(act); // 'Hardshrink(0.5)'
 * ```
 */
export class Hardshrink extends Module {
  /** @param lambd - λ (default 0.5). */
  constructor(readonly lambd = 0.5) {
    super();
  }
  /**
   * Applies hard shrinkage.
   * @param input - any tensor.
   * @returns a tensor of the same shape.
   */
  forward(input: Tensor): Tensor {
    return A.hardshrink(input, this.lambd);
  }
  /**
   * The settings, as PyTorch prints them.
   * @returns λ.
   */
  override extraRepr(): string {
    return pyFloat(this.lambd);
  }
}

/**
 * x where x > threshold, `value` elsewhere, like `torch.nn.Threshold`.
 *
 * Shape:
 * - input: `(*)`, any number of dims
 * - output: `(*)`, the input's shape
 * @example
 * ```ts
 * const act = new nn.Threshold(0.1, 20);
 * act.forward(tensor([-1, 2])); // tensor([20.,  2.])
 * String(act); // 'Threshold(threshold=0.1, value=20.0)'
 * ```
 */
export class Threshold extends Module {
  /**
   * @param threshold - the threshold.
   * @param value - the value at and below it.
   */
  constructor(
    readonly threshold: number,
    readonly value: number,
  ) {
    super();
  }
  /**
   * Applies the threshold.
   * @param input - any tensor.
   * @returns a tensor of the same shape.
   */
  forward(input: Tensor): Tensor {
    return A.threshold(input, this.threshold, this.value);
  }
  /**
   * The settings, as PyTorch prints them.
   * @returns `threshold=…, value=…`.
   */
  override extraRepr(): string {
    return `threshold=${pyFloat(this.threshold)}, value=${pyFloat(this.value)}`;
  }
}

/**
 * Randomized leaky ReLU, like `torch.nn.RReLU`: in training mode each x ≤ 0 gets a slope drawn
 * uniformly from [lower, upper); in eval mode their mean.
 *
 * Shape:
 * - input: `(*)`, any number of dims
 * - output: `(*)`, the input's shape
 * @example
 * ```ts
 * const act = new nn.RReLU(0.1, 0.3).eval();
 * act.forward(tensor([-1, 2])); // tensor([-0.2000,  2.0000])
 * String(act); // 'RReLU(lower=0.1, upper=0.3)'
 * ```
 */
export class RReLU extends Module {
  readonly #generator: Generator | undefined;
  /**
   * @param lower - the smallest slope (default 1/8).
   * @param upper - the largest slope (default 1/3).
   * @param opts - `generator` for the slopes (default the global one).
   * @throws RangeError when lower > upper.
   * @throws TypeError for an unknown option.
   */
  constructor(
    readonly lower = 1 / 8,
    readonly upper = 1 / 3,
    opts: { generator?: Generator } = {},
  ) {
    super();
    checkOptions('RReLU', opts, ['generator']);
    if (!(lower <= upper)) throw new RangeError(`RReLU: lower bound should be less than or equal to the upper bound, got ${lower} and ${upper}`);
    this.#generator = opts.generator;
  }
  /**
   * Applies RReLU: random slopes in training mode, their mean in eval mode.
   * @param input - any tensor.
   * @returns a tensor of the same shape.
   */
  forward(input: Tensor): Tensor {
    return A.rrelu(input, this.lower, this.upper, this.#generator === undefined ? { training: this.training } : { training: this.training, generator: this.#generator });
  }
  /**
   * The settings, as PyTorch prints them.
   * @returns `lower=…, upper=…`.
   */
  override extraRepr(): string {
    return `lower=${pyFloat(this.lower)}, upper=${pyFloat(this.upper)}`;
  }
}

/**
 * Parametric ReLU with a learned slope, like `torch.nn.PReLU`: x where x > 0, weight·x elsewhere;
 * one weight for all channels, or one per channel (dim 1 of the input). Its state-dict key is
 * `weight`.
 *
 * Shape:
 * - input: `(N, C, *)` with C = numParameters, or `(*)` when numParameters is 1
 * - output: the input's shape
 * - weight: `(numParameters)`
 * @example
 * ```ts
 * const act = new nn.PReLU(2);
 * act.forward(tensor([[-1, -2], [3, 4]])).tolist(); // [[-0.25, -0.5], [3, 4]]
 * String(act); // 'PReLU(num_parameters=2)'
 * ```
 */
export class PReLU extends Module {
  /** The slopes, `[numParameters]` (initially all `init`). */
  weight: Parameter;
  /**
   * @param numParameters - how many slopes: 1, or the number of channels (default 1).
   * @param init - their initial value (default 0.25).
   * @param opts - `dtype` of the weight (default float32).
   * @throws RangeError when numParameters is not a positive integer.
   * @throws TypeError for an unknown option.
   */
  constructor(numParameters = 1, init = 0.25, opts: { dtype?: DType } = {}) {
    super();
    checkOptions('PReLU', opts, ['dtype']);
    if (!Number.isInteger(numParameters) || numParameters < 1) throw new RangeError(`PReLU: numParameters must be a positive integer, got ${numParameters}`);
    this.weight = new Parameter(full([numParameters], init, { dtype: opts.dtype ?? 'float32' }));
  }
  /**
   * Applies PReLU.
   * @param input - `(N, C, *)`, or any shape with one slope.
   * @returns a tensor of the same shape.
   * @throws RangeError when the input's channels do not match the slopes.
   */
  forward(input: Tensor): Tensor {
    return A.prelu(input, this.weight);
  }
  /**
   * The settings, as PyTorch prints them.
   * @returns `num_parameters=…` (the number of slopes).
   */
  override extraRepr(): string {
    return `num_parameters=${this.weight.numel()}`;
  }
}

/**
 * Softmax of −x along a dim, like `torch.nn.Softmin`.
 *
 * Shape:
 * - input: `(*)`, any number of dims (at least `dim + 1`)
 * - output: `(*)`, the input's shape
 * @example
 * ```ts
 * const act = new nn.Softmin(1);
 * act.forward(tensor([[0, Math.log(3)]])); // tensor([[0.7500, 0.2500]])
 * String(act); // 'Softmin(dim=1)'
 * ```
 */
export class Softmin extends Module {
  /** @param dim - the dim that sums to one. */
  constructor(readonly dim: number) {
    super();
  }
  /**
   * Applies softmin.
   * @param input - any tensor with the dim.
   * @returns probabilities summing to 1 along the dim.
   * @throws RangeError when the dim is out of range for the input.
   */
  forward(input: Tensor): Tensor {
    return A.softmin(input, this.dim);
  }
  /**
   * The settings, as PyTorch prints them.
   * @returns `dim=…`.
   */
  override extraRepr(): string {
    return `dim=${this.dim}`;
  }
}

/**
 * The gated linear unit a·σ(b) of the two halves a, b of the input along a dim, like
 * `torch.nn.GLU`.
 *
 * Shape:
 * - input: `(*₁, N, *₂)`, N even, at `dim`
 * - output: `(*₁, M, *₂)` with M = N/2
 * @example
 * ```ts
 * const act = new nn.GLU();
 * act.forward(tensor([[1, 2, 0, 100]])); // tensor([[0.5000, 2.0000]])
 * String(act); // 'GLU(dim=-1)'
 * ```
 */
export class GLU extends Module {
  /** @param dim - the dim halved (default −1). */
  constructor(readonly dim = -1) {
    super();
  }
  /**
   * Applies GLU.
   * @param input - a tensor whose size along the dim is even.
   * @returns a tensor with half the size along the dim.
   * @throws RangeError for an odd size, a 0-dim input, or a dim out of range.
   */
  forward(input: Tensor): Tensor {
    return A.glu(input, this.dim);
  }
  /**
   * The settings, as PyTorch prints them.
   * @returns `dim=…`.
   */
  override extraRepr(): string {
    return `dim=${this.dim}`;
  }
}
