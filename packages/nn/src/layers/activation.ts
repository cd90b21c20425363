/**
 * Activation modules, each wrapping the function of the same name in `functional`.
 * @module
 */
import type { Tensor } from '@chainrule/autograd';
import * as A from '../functional/activation.js';
import { Module } from '../module.js';
import { pyFloat } from '../repr.js';

/**
 * max(x, 0), like `torch.nn.ReLU`.
 * @example
 * ```ts
 * new nn.ReLU().forward(x);
 * ```
 */
export class ReLU extends Module {
  /** @param input - the input. @returns the result. @example `relu.forward(x)` */
  forward(input: Tensor): Tensor {
    return A.relu(input);
  }
}

/**
 * Leaky ReLU, like `torch.nn.LeakyReLU`.
 * @example
 * ```ts
 * new nn.LeakyReLU(0.2).forward(x);
 * ```
 */
export class LeakyReLU extends Module {
  /** @param negativeSlope - the slope for x ≤ 0 (default 0.01). */
  constructor(readonly negativeSlope = 0.01) {
    super();
  }
  /** @param input - the input. @returns the result. @example `act.forward(x)` */
  forward(input: Tensor): Tensor {
    return A.leakyRelu(input, this.negativeSlope);
  }
  /** @returns `negative_slope=…`. @example `act.extraRepr()` */
  override extraRepr(): string {
    return `negative_slope=${pyFloat(this.negativeSlope)}`;
  }
}

/**
 * The logistic sigmoid, like `torch.nn.Sigmoid`.
 * @example
 * ```ts
 * new nn.Sigmoid().forward(x);
 * ```
 */
export class Sigmoid extends Module {
  /** @param input - the input. @returns the result. @example `act.forward(x)` */
  forward(input: Tensor): Tensor {
    return A.sigmoid(input);
  }
}

/**
 * tanh, like `torch.nn.Tanh`.
 * @example
 * ```ts
 * new nn.Tanh().forward(x);
 * ```
 */
export class Tanh extends Module {
  /** @param input - the input. @returns the result. @example `act.forward(x)` */
  forward(input: Tensor): Tensor {
    return A.tanh(input);
  }
}

/**
 * GELU, like `torch.nn.GELU`.
 * @example
 * ```ts
 * new nn.GELU('tanh').forward(x);
 * ```
 */
export class GELU extends Module {
  /** @param approximate - `'none'` (default, exact) or `'tanh'`. */
  constructor(readonly approximate: 'none' | 'tanh' = 'none') {
    super();
  }
  /** @param input - the input. @returns the result. @example `act.forward(x)` */
  forward(input: Tensor): Tensor {
    return A.gelu(input, this.approximate);
  }
  /** @returns `approximate='…'`. @example `act.extraRepr()` */
  override extraRepr(): string {
    return `approximate='${this.approximate}'`;
  }
}

/**
 * SiLU (swish), like `torch.nn.SiLU`.
 * @example
 * ```ts
 * new nn.SiLU().forward(x);
 * ```
 */
export class SiLU extends Module {
  /** @param input - the input. @returns the result. @example `act.forward(x)` */
  forward(input: Tensor): Tensor {
    return A.silu(input);
  }
}

/**
 * ELU, like `torch.nn.ELU`.
 * @example
 * ```ts
 * new nn.ELU(0.5).forward(x);
 * ```
 */
export class ELU extends Module {
  /** @param alpha - α (default 1). */
  constructor(readonly alpha = 1) {
    super();
  }
  /** @param input - the input. @returns the result. @example `act.forward(x)` */
  forward(input: Tensor): Tensor {
    return A.elu(input, this.alpha);
  }
  /** @returns `alpha=…`. @example `act.extraRepr()` */
  override extraRepr(): string {
    return `alpha=${pyFloat(this.alpha)}`;
  }
}

/**
 * Softplus, like `torch.nn.Softplus`.
 * @example
 * ```ts
 * new nn.Softplus(2).forward(x);
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
  /** @param input - the input. @returns the result. @example `act.forward(x)` */
  forward(input: Tensor): Tensor {
    return A.softplus(input, this.beta, this.threshold);
  }
  /** @returns `beta=…, threshold=…`. @example `act.extraRepr()` */
  override extraRepr(): string {
    return `beta=${pyFloat(this.beta)}, threshold=${pyFloat(this.threshold)}`;
  }
}

/**
 * softmax along a dim, like `torch.nn.Softmax`.
 * @example
 * ```ts
 * new nn.Softmax(1).forward(logits);
 * ```
 */
export class Softmax extends Module {
  /** @param dim - the dim that sums to one. */
  constructor(readonly dim: number) {
    super();
  }
  /** @param input - the input. @returns probabilities. @example `act.forward(x)` */
  forward(input: Tensor): Tensor {
    return A.softmax(input, this.dim);
  }
  /** @returns `dim=…`. @example `act.extraRepr()` */
  override extraRepr(): string {
    return `dim=${this.dim}`;
  }
}

/**
 * log-softmax along a dim, like `torch.nn.LogSoftmax`.
 * @example
 * ```ts
 * new nn.LogSoftmax(1).forward(logits);
 * ```
 */
export class LogSoftmax extends Module {
  /** @param dim - the dim. */
  constructor(readonly dim: number) {
    super();
  }
  /** @param input - the input. @returns log-probabilities. @example `act.forward(x)` */
  forward(input: Tensor): Tensor {
    return A.logSoftmax(input, this.dim);
  }
  /** @returns `dim=…`. @example `act.extraRepr()` */
  override extraRepr(): string {
    return `dim=${this.dim}`;
  }
}
