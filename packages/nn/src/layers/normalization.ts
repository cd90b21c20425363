/**
 * `LayerNorm`, `BatchNorm1d`, `BatchNorm2d`: normalisation layers with a learned scale and shift.
 * @module
 */
import { noGrad, ones, zeros } from '@chainrule/autograd';
import type { DType, Tensor } from '@chainrule/autograd';
import { batchNorm, layerNorm } from '../functional/normalization.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';

/**
 * Layer normalisation, like `torch.nn.LayerNorm`: normalises over the last dims given by
 * `normalizedShape`, then scales by `weight` (ones at first) and shifts by `bias` (zeros at first).
 *
 * Shape:
 * - Input: `[*, …normalizedShape]`: any leading dims, then the dims `normalizedShape` gives.
 * - Output: the input's shape.
 * @example
 * ```ts
 * import { tensor } from '@chainrule/autograd';
 * import { nn } from '@chainrule/nn';
 * const ln = new nn.LayerNorm(3);
 * ln.forward(tensor([[1, 2, 3]])); // tensor([[-1.2247,  0.0000,  1.2247]], grad_fn=<AddBackward0>)
 * String(ln); // 'LayerNorm((3,), eps=1e-05, elementwise_affine=True)'
 * ```
 */
export class LayerNorm extends Module {
  /** The sizes of the last dims normalised over. */
  readonly normalizedShape: readonly number[];
  /** The scale, of `normalizedShape` (null without elementwiseAffine). */
  weight: Parameter | null;
  /** The shift, of `normalizedShape` (null without elementwiseAffine or bias). */
  bias: Parameter | null;

  /**
   * @param normalizedShape - the size of the last dim, or the sizes of the last dims.
   * @param opts - `eps` (default 1e-5), `elementwiseAffine` (default true), `bias` (default true), `dtype`.
   * @throws RangeError for sizes that are not positive integers.
   */
  constructor(
    normalizedShape: number | readonly number[],
    readonly opts: { eps?: number; elementwiseAffine?: boolean; bias?: boolean; dtype?: DType } = {},
  ) {
    super();
    const shape = typeof normalizedShape === 'number' ? [normalizedShape] : [...normalizedShape];
    if (shape.some((s) => !Number.isInteger(s) || s < 1)) throw new RangeError(`LayerNorm: normalized_shape must hold positive integers, got [${shape.join(', ')}]`);
    this.normalizedShape = shape;
    const dtype = opts.dtype ?? 'float32';
    const affine = opts.elementwiseAffine ?? true;
    this.weight = affine ? new Parameter(ones(shape, { dtype })) : null;
    this.bias = affine && opts.bias !== false ? new Parameter(zeros(shape, { dtype })) : null;
  }

  /** The constant added to the variance. */
  get eps(): number {
    return this.opts.eps ?? 1e-5;
  }

  /**
   * Applies the layer.
   * @param input - `[..., *normalizedShape]`.
   * @returns a tensor of the input's shape.
   * @throws RangeError when the input's last dims are not `normalizedShape`.
   * @throws TypeError for a non-float input.
   */
  forward(input: Tensor): Tensor {
    return layerNorm(input, this.normalizedShape, this.weight, this.bias, this.eps);
  }

  /**
   * The settings, as PyTorch prints them.
   * @returns `(…,), eps=…, elementwise_affine=…`.
   */
  override extraRepr(): string {
    const eps = this.eps.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
    const shape = this.normalizedShape.length === 1 ? `(${this.normalizedShape[0]},)` : `(${this.normalizedShape.join(', ')})`;
    return `${shape}, eps=${eps}, elementwise_affine=${this.weight === null ? 'False' : 'True'}`;
  }
}

/**
 * The options of {@link BatchNorm1d} and {@link BatchNorm2d}.
 * @example
 * ```ts
 * const opts: nn.BatchNormModuleOptions = { momentum: null, affine: false };
 * new nn.BatchNorm1d(4, opts).parameters().length; // 0
 * ```
 */
export interface BatchNormModuleOptions {
  /** Added to the variance (default 1e-5). */
  eps?: number;
  /** The weight of a batch in the running averages (default 0.1); null: a plain average over all batches. */
  momentum?: number | null;
  /** Learn a per-channel scale and shift (default true). */
  affine?: boolean;
  /** Keep running statistics for eval mode (default true); without them eval mode uses the batch's. */
  trackRunningStats?: boolean;
  /** The parameters' and statistics' dtype (default float32). */
  dtype?: DType;
}

/**
 * Batch normalisation over dim 1 with running statistics: what {@link BatchNorm1d} and
 * {@link BatchNorm2d} share (PyTorch's `_BatchNorm`); they differ only in the input dims they take.
 * @example
 * ```ts
 * const bn: nn.BatchNormBase = new nn.BatchNorm2d(8);
 * bn.runningVar!.tolist(); // [1, 1, 1, 1, 1, 1, 1, 1]
 * ```
 */
export abstract class BatchNormBase extends Module {
  /** The per-channel scale (ones at first), or null without `affine`. */
  weight: Parameter | null;
  /** The per-channel shift (zeros at first), or null without `affine`. */
  bias: Parameter | null;
  /** The running mean (a buffer), or null without `trackRunningStats`. */
  runningMean: Tensor | null;
  /** The running variance (a buffer), or null without `trackRunningStats`. */
  runningVar: Tensor | null;
  /** Batches seen in training (an int32 buffer; int64 in PyTorch), or null without `trackRunningStats`. */
  numBatchesTracked: Tensor | null;
  /** Added to the variance. */
  readonly eps: number;
  /** The weight of a batch in the running averages; null: a plain average over all batches. */
  readonly momentum: number | null;

  /**
   * @param numFeatures - C, the channels (dim 1).
   * @param opts - see {@link BatchNormModuleOptions}.
   * @param kind - the class name, for messages.
   * @throws RangeError when numFeatures is not a positive integer.
   */
  constructor(
    readonly numFeatures: number,
    opts: BatchNormModuleOptions,
    private readonly kind: string,
  ) {
    super();
    if (!Number.isInteger(numFeatures) || numFeatures < 1) throw new RangeError(`${kind}: num_features must be a positive integer, got ${numFeatures}`);
    const dtype = opts.dtype ?? 'float32';
    this.eps = opts.eps ?? 1e-5;
    this.momentum = opts.momentum === undefined ? 0.1 : opts.momentum;
    const affine = opts.affine ?? true;
    this.weight = affine ? new Parameter(ones([numFeatures], { dtype })) : null;
    this.bias = affine ? new Parameter(zeros([numFeatures], { dtype })) : null;
    const track = opts.trackRunningStats ?? true;
    this.runningMean = this.registerBuffer('runningMean', track ? zeros([numFeatures], { dtype }) : null);
    this.runningVar = this.registerBuffer('runningVar', track ? ones([numFeatures], { dtype }) : null);
    this.numBatchesTracked = this.registerBuffer('numBatchesTracked', track ? zeros([], { dtype: 'int32' }) : null);
  }

  /**
   * Refuses an input of the wrong number of dims.
   * @param input - the input.
   * @throws RangeError with PyTorch's message.
   */
  protected abstract checkInput(input: Tensor): void;

  /**
   * Normalises the input: with the batch's statistics in training mode (updating the running
   * ones), with the running ones in eval mode (or the batch's when not tracked).
   * @param input - `[N, C, ...]` with C = numFeatures.
   * @returns a tensor of the input's shape.
   * @throws RangeError for an input of the wrong dims or channels, or one value per channel in training.
   * @throws TypeError for a non-float input.
   */
  forward(input: Tensor): Tensor {
    this.checkInput(input);
    if (input.shape[1] !== this.numFeatures) throw new RangeError(`${this.kind}: expected ${this.numFeatures} channels (dim 1), got input of size [${input.shape.join(', ')}]`);
    const useBatch = this.training || this.runningMean === null;
    let momentum = this.momentum ?? 0;
    if (this.training && this.numBatchesTracked !== null) {
      const count = this.numBatchesTracked;
      noGrad(() => count.add_(1));
      if (this.momentum === null) momentum = 1 / count.item();
    }
    return batchNorm(input, useBatch && !this.training ? null : this.runningMean, useBatch && !this.training ? null : this.runningVar, {
      weight: this.weight,
      bias: this.bias,
      training: useBatch,
      momentum,
      eps: this.eps,
    });
  }

  /**
   * The settings, as PyTorch prints them.
   * @returns `C, eps=…, momentum=…, affine=…, track_running_stats=…`.
   */
  override extraRepr(): string {
    const eps = this.eps.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
    const py = (b: boolean): string => (b ? 'True' : 'False');
    return `${this.numFeatures}, eps=${eps}, momentum=${this.momentum === null ? 'None' : this.momentum}, affine=${py(this.weight !== null)}, track_running_stats=${py(this.runningMean !== null)}`;
  }
}

/**
 * Batch normalisation of `[N, C]` or `[N, C, L]` inputs, like `torch.nn.BatchNorm1d`: per
 * feature, over the batch (and L); running mean and variance (buffers) for eval mode.
 *
 * Shape:
 * - Input: `[N, C]` or `[N, C, L]`, where C = `numFeatures`.
 * - Output: the input's shape.
 * @example
 * ```ts
 * import { tensor } from '@chainrule/autograd';
 * import { nn } from '@chainrule/nn';
 * const bn = new nn.BatchNorm1d(2);
 * bn.forward(tensor([[1, 10], [3, 30]])); // tensor([[-1.0000, -1.0000], [ 1.0000,  1.0000]], grad_fn=<AddBackward0>)
 * bn.runningMean; // tensor([0.2000, 2.0000])
 * Object.keys(bn.stateDict()); // ['weight', 'bias', 'running_mean', 'running_var', 'num_batches_tracked']
 * String(bn); // 'BatchNorm1d(2, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)'
 * ```
 */
export class BatchNorm1d extends BatchNormBase {
  /**
   * @param numFeatures - C.
   * @param opts - `eps` (1e-5), `momentum` (0.1; null: cumulative average), `affine` (true), `trackRunningStats` (true), `dtype`.
   * @throws RangeError when numFeatures is not a positive integer.
   */
  constructor(numFeatures: number, opts: BatchNormModuleOptions = {}) {
    super(numFeatures, opts, 'BatchNorm1d');
  }
  /**
   * Refuses an input that is not 2-D or 3-D.
   * @param input - the input.
   * @throws RangeError with PyTorch's message.
   */
  protected checkInput(input: Tensor): void {
    if (input.ndim !== 2 && input.ndim !== 3) throw new RangeError(`BatchNorm1d: expected 2D or 3D input (got ${input.ndim}D input)`);
  }
}

/**
 * Batch normalisation of `[N, C, H, W]` inputs, like `torch.nn.BatchNorm2d`: per channel, over
 * the batch and the positions; running mean and variance (buffers) for eval mode.
 *
 * Shape:
 * - Input: `[N, C, H, W]`, where C = `numFeatures`.
 * - Output: the input's shape.
 * @example
 * ```ts
 * import { randn } from '@chainrule/autograd';
 * import { nn } from '@chainrule/nn';
 * const bn = new nn.BatchNorm2d(3);
 * bn.forward(randn([4, 3, 5, 5])).shape; // [4, 3, 5, 5]
 * bn.eval().forward(randn([1, 3, 5, 5])).shape; // [1, 3, 5, 5]
 * ```
 */
export class BatchNorm2d extends BatchNormBase {
  /**
   * @param numFeatures - C.
   * @param opts - `eps` (1e-5), `momentum` (0.1; null: cumulative average), `affine` (true), `trackRunningStats` (true), `dtype`.
   * @throws RangeError when numFeatures is not a positive integer.
   */
  constructor(numFeatures: number, opts: BatchNormModuleOptions = {}) {
    super(numFeatures, opts, 'BatchNorm2d');
  }
  /**
   * Refuses an input that is not 4-D.
   * @param input - the input.
   * @throws RangeError with PyTorch's message.
   */
  protected checkInput(input: Tensor): void {
    if (input.ndim !== 4) throw new RangeError(`BatchNorm2d: expected 4D input (got ${input.ndim}D input)`);
  }
}
