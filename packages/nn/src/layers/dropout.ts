/**
 * Channel-wise and alpha dropout layers: `Dropout1d`, `Dropout2d`, `Dropout3d`, `AlphaDropout`,
 * `FeatureAlphaDropout` (element-wise `Dropout` is in basic.ts). Each is the identity in eval mode.
 * @module
 */
import type { Generator, Tensor } from '@chainrule/autograd';
import { alphaDropout, dropout1d, dropout2d, dropout3d, featureAlphaDropout } from '../functional/dropout.js';
import type { DropoutOptions } from '../functional/dropout.js';
import { checkOptions } from '../functional/options.js';
import { Module } from '../module.js';
import { pyFloat } from '../repr.js';

/**
 * The dropout layers' common part: the probability, the generator, train/eval, the printing.
 * @example
 * ```ts
 * const layers: nn.DropoutBase[] = [new nn.Dropout2d(0.2), new nn.AlphaDropout(0.1)];
 * layers.map((l) => l.p); // [0.2, 0.1]
 * ```
 */
export abstract class DropoutBase extends Module {
  readonly #generator: Generator | undefined;

  /**
   * @param kind - the class name, for messages.
   * @param p - the drop probability.
   * @param opts - `generator` for the masks (default the global one).
   * @param fn - the functional form.
   * @throws RangeError when p is outside [0, 1].
   * @throws TypeError for an unknown option.
   */
  constructor(
    kind: string,
    readonly p: number,
    opts: { generator?: Generator },
    private readonly fn: (input: Tensor, p: number, opts: DropoutOptions) => Tensor,
  ) {
    super();
    checkOptions(kind, opts, ['generator']);
    if (!(p >= 0 && p <= 1)) throw new RangeError(`${kind}: dropout probability has to be between 0 and 1, but got ${p}`);
    this.#generator = opts.generator;
  }

  /**
   * Applies dropout in training mode; returns the input in eval mode.
   * @param input - the input (the shapes the layer takes).
   * @returns the result.
   * @throws RangeError for an input of dims the layer does not take.
   */
  forward(input: Tensor): Tensor {
    return this.fn(input, this.p, this.#generator === undefined ? { training: this.training } : { training: this.training, generator: this.#generator });
  }

  /**
   * The settings, as PyTorch prints them.
   * @returns `p=…, inplace=False`.
   */
  override extraRepr(): string {
    return `p=${pyFloat(this.p)}, inplace=False`;
  }
}

/**
 * Channel-wise dropout for 1-D signals, like `torch.nn.Dropout1d`: in training mode each channel of
 * each sample is zeroed whole with probability `p`, the rest scaled by 1/(1 − p).
 *
 * Shape:
 * - Input: `[N, C, L]` or unbatched `[C, L]`.
 * - Output: the input's shape.
 * @example
 * ```ts
 * import { Generator, ones } from '@chainrule/autograd';
 * import { nn } from '@chainrule/nn';
 * const drop = new nn.Dropout1d(0.5, { generator: new Generator(0) });
 * const y = drop.forward(ones([2, 6, 4]));
 * y.amax(2).sub(y.amin(2)).abs().max().item(); // 0
 * String(drop); // 'Dropout1d(p=0.5, inplace=False)'
 * ```
 */
export class Dropout1d extends DropoutBase {
  /**
   * @param p - the drop probability (default 0.5).
   * @param opts - `generator`.
   * @throws RangeError when p is outside [0, 1].
   * @throws TypeError for an unknown option.
   */
  constructor(p = 0.5, opts: { generator?: Generator } = {}) {
    super('Dropout1d', p, opts, dropout1d);
  }
}

/**
 * Channel-wise dropout for images, like `torch.nn.Dropout2d`: in training mode each channel of
 * each sample is zeroed whole with probability `p`, the rest scaled by 1/(1 − p).
 *
 * Shape:
 * - Input: `[N, C, H, W]` or unbatched `[C, H, W]` (see {@link dropout2d} on 3-D inputs).
 * - Output: the input's shape.
 * @example
 * ```ts
 * import { ones } from '@chainrule/autograd';
 * import { nn } from '@chainrule/nn';
 * const drop = new nn.Dropout2d(0.3).eval();
 * const x = ones([1, 2, 3, 3]);
 * drop.forward(x) === x; // true
 * ```
 */
export class Dropout2d extends DropoutBase {
  /**
   * @param p - the drop probability (default 0.5).
   * @param opts - `generator`.
   * @throws RangeError when p is outside [0, 1].
   * @throws TypeError for an unknown option.
   */
  constructor(p = 0.5, opts: { generator?: Generator } = {}) {
    super('Dropout2d', p, opts, dropout2d);
  }
}

/**
 * Channel-wise dropout for volumes, like `torch.nn.Dropout3d`.
 *
 * Shape:
 * - Input: `[N, C, D, H, W]` or unbatched `[C, D, H, W]`.
 * - Output: the input's shape.
 * @example
 * ```ts
 * import { ones } from '@chainrule/autograd';
 * import { nn } from '@chainrule/nn';
 * new nn.Dropout3d(0.5).forward(ones([1, 2, 2, 2, 2])).shape; // [1, 2, 2, 2, 2]
 * ```
 */
export class Dropout3d extends DropoutBase {
  /**
   * @param p - the drop probability (default 0.5).
   * @param opts - `generator`.
   * @throws RangeError when p is outside [0, 1].
   * @throws TypeError for an unknown option.
   */
  constructor(p = 0.5, opts: { generator?: Generator } = {}) {
    super('Dropout3d', p, opts, dropout3d);
  }
}

/**
 * Alpha dropout, like `torch.nn.AlphaDropout`: dropout for self-normalising networks (with
 * SELU), keeping the inputs' mean and variance (see {@link alphaDropout}).
 *
 * Shape:
 * - Input: any.
 * - Output: the input's shape.
 * @example
 * ```ts
 * import { Generator, randn } from '@chainrule/autograd';
 * import { nn } from '@chainrule/nn';
 * const drop = new nn.AlphaDropout(0.2, { generator: new Generator(1) });
 * const y = drop.forward(randn([50000], { generator: new Generator(0) }));
 * Math.abs(y.std().item() - 1) < 0.03; // true
 * String(drop); // 'AlphaDropout(p=0.2, inplace=False)'
 * ```
 */
export class AlphaDropout extends DropoutBase {
  /**
   * @param p - the drop probability (default 0.5).
   * @param opts - `generator`.
   * @throws RangeError when p is outside [0, 1].
   * @throws TypeError for an unknown option.
   */
  constructor(p = 0.5, opts: { generator?: Generator } = {}) {
    super('AlphaDropout', p, opts, alphaDropout);
  }
}

/**
 * Channel-wise alpha dropout, like `torch.nn.FeatureAlphaDropout`: {@link AlphaDropout} with one
 * draw per channel of each sample.
 *
 * Shape:
 * - Input: `[N, C, *]` (or unbatched `[C, *]`).
 * - Output: the input's shape.
 * @example
 * ```ts
 * import { zeros } from '@chainrule/autograd';
 * import { nn } from '@chainrule/nn';
 * new nn.FeatureAlphaDropout(0.2).forward(zeros([2, 3, 4])).shape; // [2, 3, 4]
 * ```
 */
export class FeatureAlphaDropout extends DropoutBase {
  /**
   * @param p - the drop probability (default 0.5).
   * @param opts - `generator`.
   * @throws RangeError when p is outside [0, 1].
   * @throws TypeError for an unknown option.
   */
  constructor(p = 0.5, opts: { generator?: Generator } = {}) {
    super('FeatureAlphaDropout', p, opts, featureAlphaDropout);
  }
}
