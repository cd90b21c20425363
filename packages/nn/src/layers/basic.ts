/**
 * Shape and regularisation layers: `Flatten`, `Identity`, `Dropout`.
 * @module
 */
import type { Generator, Tensor } from '@chainrule/autograd';
import { dropout } from '../functional/dropout.js';
import { Module } from '../module.js';
import { pyFloat } from '../repr.js';

/**
 * Flattens dims `startDim..endDim` (default 1..-1, keeping the batch dim), like `torch.nn.Flatten`.
 * @example
 * ```ts
 * new nn.Flatten().forward(zeros([8, 1, 28, 28])).shape; // [8, 784]
 * ```
 */
export class Flatten extends Module {
  /**
   * @param startDim - first dim to flatten (default 1).
   * @param endDim - last dim to flatten (default -1).
   */
  constructor(
    readonly startDim = 1,
    readonly endDim = -1,
  ) {
    super();
  }
  /** @param input - the input. @returns the flattened tensor. @example `flatten.forward(x)` */
  forward(input: Tensor): Tensor {
    return input.flatten(this.startDim, this.endDim);
  }
  /** @returns `start_dim=…, end_dim=…`. @example `flatten.extraRepr()` */
  override extraRepr(): string {
    return `start_dim=${this.startDim}, end_dim=${this.endDim}`;
  }
}

/**
 * Returns its input, like `torch.nn.Identity` (a placeholder).
 * @example
 * ```ts
 * new nn.Identity().forward(x) === x; // true
 * ```
 */
export class Identity extends Module {
  /** @param input - the input. @returns the input. @example `id.forward(x)` */
  forward(input: Tensor): Tensor {
    return input;
  }
}

/**
 * Inverted dropout, like `torch.nn.Dropout`: in training mode zeroes elements with probability `p`
 * and scales the rest by 1/(1−p); in eval mode returns the input.
 * @example
 * ```ts
 * const drop = new nn.Dropout(0.2, { generator: new Generator(0) });
 * drop.eval(); drop.forward(x) === x; // true
 * ```
 */
export class Dropout extends Module {
  readonly #generator: Generator | undefined;
  /**
   * @param p - the drop probability (default 0.5).
   * @param opts - `generator` for the masks (default the global one).
   * @throws RangeError when p is outside [0, 1].
   */
  constructor(
    readonly p = 0.5,
    opts: { generator?: Generator } = {},
  ) {
    super();
    if (!(p >= 0 && p <= 1)) throw new RangeError(`Dropout: probability has to be between 0 and 1, but got ${p}`);
    this.#generator = opts.generator;
  }
  /** @param input - the input. @returns the masked and rescaled input (training), or the input (eval). @example `drop.forward(x)` */
  forward(input: Tensor): Tensor {
    return dropout(input, this.p, this.#generator === undefined ? { training: this.training } : { training: this.training, generator: this.#generator });
  }
  /** @returns `p=…, inplace=False`. @example `drop.extraRepr()` */
  override extraRepr(): string {
    return `p=${pyFloat(this.p)}, inplace=False`;
  }
}
