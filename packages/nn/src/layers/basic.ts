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
 *
 * Shape:
 * - Input: `[*, S_start, …, S_end, *]`, where S_i is the size of dim i, from `startDim` to `endDim`.
 * - Output: `[*, S_start · … · S_end, *]`.
 * @example
 * ```ts
 * const flat = new nn.Flatten();
 * flat.forward(zeros([8, 1, 28, 28])); // shape [8, 784]
 * String(flat); // 'Flatten(start_dim=1, end_dim=-1)'
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
  /**
   * Flattens the input.
   * @param input - a tensor with the dims.
   * @returns the flattened tensor.
   * @throws RangeError when a dim is out of range for the input.
   */
  forward(input: Tensor): Tensor {
    return input.flatten(this.startDim, this.endDim);
  }
  /**
   * The settings, as PyTorch prints them.
   * @returns `start_dim=…, end_dim=…`.
   */
  override extraRepr(): string {
    return `start_dim=${this.startDim}, end_dim=${this.endDim}`;
  }
}

/**
 * Splits one dim into several, like `torch.nn.Unflatten` (the inverse of {@link Flatten}): a batch
 * of flat images back to `[N, C, H, W]`, say.
 *
 * Shape:
 * - Input: `[*, S_dim, *]`, where S_dim is the size of dim `dim`.
 * - Output: `[*, U_1, …, U_n, *]`, where `unflattenedSize` is `[U_1, …, U_n]` and U_1 · … · U_n = S_dim.
 * @example
 * ```ts
 * const u = new nn.Unflatten(1, [1, 28, 28]);
 * u.forward(zeros([64, 784])).shape; // [64, 1, 28, 28]
 * String(u); // 'Unflatten(dim=1, unflattened_size=(1, 28, 28))'
 * ```
 */
export class Unflatten extends Module {
  /**
   * @param dim - the dim to split.
   * @param unflattenedSize - the sizes it becomes (their product must be its size; one may be -1).
   */
  constructor(
    readonly dim: number,
    readonly unflattenedSize: readonly number[],
  ) {
    super();
  }
  /**
   * Unflattens the input.
   * @param input - a tensor with the dim.
   * @returns the reshaped view.
   * @throws RangeError when the dim is out of range or the sizes do not multiply to its size.
   */
  forward(input: Tensor): Tensor {
    const d = this.dim < 0 ? this.dim + input.ndim : this.dim;
    if (!(d >= 0 && d < input.ndim)) throw new RangeError(`Unflatten: dim ${this.dim} is out of range for a tensor of ${input.ndim} dims`);
    return input.reshape([...input.shape.slice(0, d), ...this.unflattenedSize, ...input.shape.slice(d + 1)]);
  }
  /**
   * The settings, as PyTorch prints them.
   * @returns `dim=…, unflattened_size=(…)`.
   */
  override extraRepr(): string {
    const size = this.unflattenedSize.length === 1 ? `(${this.unflattenedSize[0]},)` : `(${this.unflattenedSize.join(', ')})`;
    return `dim=${this.dim}, unflattened_size=${size}`;
  }
}

/**
 * Returns its input, like `torch.nn.Identity` (a placeholder).
 *
 * Shape:
 * - Input: `[*]`, any number of dims.
 * - Output: `[*]`, the input itself.
 * @example
 * ```ts
 * const x = tensor([1, 2]);
 * new nn.Identity().forward(x) === x; // true
 * ```
 */
export class Identity extends Module {
  /**
   * Returns the input.
   * @param input - any tensor.
   * @returns the same tensor.
   */
  forward(input: Tensor): Tensor {
    return input;
  }
}

/**
 * Inverted dropout, like `torch.nn.Dropout`: in training mode zeroes each element with
 * probability `p` and scales the rest by 1/(1 − p); in eval mode returns the input.
 *
 * Shape:
 * - Input: `[*]`, any number of dims.
 * - Output: `[*]`, the input's shape.
 * @example
 * ```ts
 * const drop = new nn.Dropout(0.5, { generator: new Generator(0) });
 * const y = drop.forward(ones([1000]));
 * y.eq(0).float().mean().item(); // 0.5
 * y.max().item(); // 2
 * drop.eval();
 * drop.forward(y) === y; // true
 * String(drop); // 'Dropout(p=0.5, inplace=False)'
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
  /**
   * Applies dropout (training mode) or returns the input (eval mode).
   * @param input - any tensor.
   * @returns the masked and rescaled input, or the input itself.
   */
  forward(input: Tensor): Tensor {
    return dropout(input, this.p, this.#generator === undefined ? { training: this.training } : { training: this.training, generator: this.#generator });
  }
  /**
   * The settings, as PyTorch prints them.
   * @returns `p=…, inplace=False`.
   */
  override extraRepr(): string {
    return `p=${pyFloat(this.p)}, inplace=False`;
  }
}
