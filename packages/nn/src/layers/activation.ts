/**
 * Activation modules, each wrapping the function of the same name in `functional`.
 * @module
 */
import type { Tensor } from '@chainrule/autograd';
import * as A from '../functional/activation.js';
import { Module } from '../module.js';
import { pyFloat } from '../repr.js';

/**
 * max(x, 0) elementwise, like `torch.nn.ReLU`.
 *
 * Shape:
 * - Input: `[*]`, any number of dims.
 * - Output: `[*]`, the input's shape.
 * @example
 * ```ts
 * const act = new nn.ReLU();
 * act.forward(tensor([-1, 2])); // tensor([0., 2.])
 * String(act); // 'ReLU()'
 * ```
 */
export class ReLU extends Module {
  /**
   * Applies ReLU.
   * @param input - any tensor.
   * @returns a tensor of the same shape.
   */
  forward(input: Tensor): Tensor {
    return A.relu(input);
  }
}

/**
 * Leaky ReLU elementwise: x for x > 0, `negativeSlope`·x otherwise, like `torch.nn.LeakyReLU`.
 *
 * Shape:
 * - Input: `[*]`, any number of dims.
 * - Output: `[*]`, the input's shape.
 * @example
 * ```ts
 * const act = new nn.LeakyReLU(0.2);
 * act.forward(tensor([-1, 2])); // tensor([-0.2000,  2.0000])
 * String(act); // 'LeakyReLU(negative_slope=0.2)'
 * ```
 */
export class LeakyReLU extends Module {
  /** @param negativeSlope - the slope for x ≤ 0 (default 0.01). */
  constructor(readonly negativeSlope = 0.01) {
    super();
  }
  /**
   * Applies leaky ReLU.
   * @param input - any tensor.
   * @returns a tensor of the same shape.
   */
  forward(input: Tensor): Tensor {
    return A.leakyRelu(input, this.negativeSlope);
  }
  /**
   * The settings, as PyTorch prints them.
   * @returns `negative_slope=…`.
   */
  override extraRepr(): string {
    return `negative_slope=${pyFloat(this.negativeSlope)}`;
  }
}

/**
 * The logistic sigmoid elementwise, like `torch.nn.Sigmoid`.
 *
 * Shape:
 * - Input: `[*]`, any number of dims.
 * - Output: `[*]`, the input's shape.
 * @example new nn.Sigmoid().forward(tensor([0])); // tensor([0.5000])
 */
export class Sigmoid extends Module {
  /**
   * Applies the sigmoid.
   * @param input - any tensor.
   * @returns a tensor of the same shape, in (0, 1).
   */
  forward(input: Tensor): Tensor {
    return A.sigmoid(input);
  }
}

/**
 * tanh elementwise, like `torch.nn.Tanh`.
 *
 * Shape:
 * - Input: `[*]`, any number of dims.
 * - Output: `[*]`, the input's shape.
 * @example new nn.Tanh().forward(tensor([0, 1])); // tensor([0.0000, 0.7616])
 */
export class Tanh extends Module {
  /**
   * Applies tanh.
   * @param input - any tensor.
   * @returns a tensor of the same shape, in (−1, 1).
   */
  forward(input: Tensor): Tensor {
    return A.tanh(input);
  }
}

/**
 * GELU elementwise, like `torch.nn.GELU`.
 *
 * Shape:
 * - Input: `[*]`, any number of dims.
 * - Output: `[*]`, the input's shape.
 * @example
 * ```ts
 * const act = new nn.GELU('tanh');
 * act.forward(tensor([1])); // tensor([0.8412])
 * String(act); // "GELU(approximate='tanh')"
 * ```
 */
export class GELU extends Module {
  /** @param approximate - `'none'` (default, exact) or `'tanh'`. */
  constructor(readonly approximate: 'none' | 'tanh' = 'none') {
    super();
  }
  /**
   * Applies GELU.
   * @param input - any tensor.
   * @returns a tensor of the same shape.
   */
  forward(input: Tensor): Tensor {
    return A.gelu(input, this.approximate);
  }
  /**
   * The settings, as PyTorch prints them.
   * @returns `approximate='…'`.
   */
  override extraRepr(): string {
    return `approximate='${this.approximate}'`;
  }
}

/**
 * SiLU (swish) x·σ(x) elementwise, like `torch.nn.SiLU`.
 *
 * Shape:
 * - Input: `[*]`, any number of dims.
 * - Output: `[*]`, the input's shape.
 * @example new nn.SiLU().forward(tensor([0, 1])); // tensor([0.0000, 0.7311])
 */
export class SiLU extends Module {
  /**
   * Applies SiLU.
   * @param input - any tensor.
   * @returns a tensor of the same shape.
   */
  forward(input: Tensor): Tensor {
    return A.silu(input);
  }
}

/**
 * ELU elementwise, like `torch.nn.ELU`.
 *
 * Shape:
 * - Input: `[*]`, any number of dims.
 * - Output: `[*]`, the input's shape.
 * @example
 * ```ts
 * const act = new nn.ELU(0.5);
 * act.forward(tensor([-1, 1])); // tensor([-0.3161,  1.0000])
 * String(act); // 'ELU(alpha=0.5)'
 * ```
 */
export class ELU extends Module {
  /** @param alpha - α (default 1). */
  constructor(readonly alpha = 1) {
    super();
  }
  /**
   * Applies ELU.
   * @param input - any tensor.
   * @returns a tensor of the same shape.
   */
  forward(input: Tensor): Tensor {
    return A.elu(input, this.alpha);
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
 * Softplus log(1 + e^(βx))/β elementwise, like `torch.nn.Softplus`.
 *
 * Shape:
 * - Input: `[*]`, any number of dims.
 * - Output: `[*]`, the input's shape.
 * @example
 * ```ts
 * const act = new nn.Softplus(2);
 * act.forward(tensor([0])); // tensor([0.3466])
 * String(act); // 'Softplus(beta=2.0, threshold=20.0)'
 * ```
 */
export class Softplus extends Module {
  /**
   * @param beta - β (default 1).
   * @param threshold - linear above βx > threshold (default 20).
   */
  constructor(
    readonly beta = 1,
    readonly threshold = 20,
  ) {
    super();
  }
  /**
   * Applies softplus.
   * @param input - any tensor.
   * @returns a tensor of the same shape.
   */
  forward(input: Tensor): Tensor {
    return A.softplus(input, this.beta, this.threshold);
  }
  /**
   * The settings, as PyTorch prints them.
   * @returns `beta=…, threshold=…`.
   */
  override extraRepr(): string {
    return `beta=${pyFloat(this.beta)}, threshold=${pyFloat(this.threshold)}`;
  }
}

/**
 * Softmax along a dim, like `torch.nn.Softmax`.
 *
 * Shape:
 * - Input: `[*]`, any number of dims (`dim` among them).
 * - Output: `[*]`, the input's shape; each slice along `dim` sums to 1.
 * @example
 * ```ts
 * const act = new nn.Softmax(1);
 * act.forward(tensor([[0, 0], [0, Math.log(3)]])); // tensor([[0.5000, 0.5000], [0.2500, 0.7500]])
 * String(act); // 'Softmax(dim=1)'
 * ```
 */
export class Softmax extends Module {
  /** @param dim - the dim that sums to one. */
  constructor(readonly dim: number) {
    super();
  }
  /**
   * Applies softmax.
   * @param input - any tensor with the dim.
   * @returns probabilities summing to 1 along the dim.
   * @throws RangeError when the dim is out of range for the input.
   */
  forward(input: Tensor): Tensor {
    return A.softmax(input, this.dim);
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
 * Log-softmax along a dim, like `torch.nn.LogSoftmax`; stable for large logits.
 *
 * Shape:
 * - Input: `[*]`, any number of dims (`dim` among them).
 * - Output: `[*]`, the input's shape.
 * @example
 * ```ts
 * const act = new nn.LogSoftmax(1);
 * act.forward(tensor([[0, 0]])); // tensor([[-0.6931, -0.6931]])
 * String(act); // 'LogSoftmax(dim=1)'
 * ```
 */
export class LogSoftmax extends Module {
  /** @param dim - the dim. */
  constructor(readonly dim: number) {
    super();
  }
  /**
   * Applies log-softmax.
   * @param input - any tensor with the dim.
   * @returns log-probabilities.
   * @throws RangeError when the dim is out of range for the input.
   */
  forward(input: Tensor): Tensor {
    return A.logSoftmax(input, this.dim);
  }
  /**
   * The settings, as PyTorch prints them.
   * @returns `dim=…`.
   */
  override extraRepr(): string {
    return `dim=${this.dim}`;
  }
}
