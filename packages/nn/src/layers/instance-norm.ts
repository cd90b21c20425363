/**
 * Normalisation per sample: `GroupNorm`, `InstanceNorm1d/2d/3d` and `LocalResponseNorm`, over the
 * functional forms, with PyTorch's parameters, buffers and printing.
 * @module
 */
import { ones, zeros } from '@chainrule/autograd';
import type { DType, Tensor } from '@chainrule/autograd';
import { groupNorm, instanceNorm, localResponseNorm } from '../functional/normalization.js';
import { checkOptions } from '../functional/options.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { pyFloat } from '../repr.js';

const pyBool = (b: boolean): string => (b ? 'True' : 'False');

/**
 * Group normalisation, like `torch.nn.GroupNorm`: the channels split into `numGroups` groups, each
 * normalised over its channels and positions within each sample, then a per-channel scale
 * (`weight`, ones at first) and shift (`bias`, zeros). Independent of the batch size, and the same
 * in train and eval mode.
 *
 * Shape:
 * - Input: `[N, C, *]` with C = numChannels.
 * - Output: the input's shape.
 * @example
 * ```ts
 * import { randn } from '@chainrule/autograd';
 * import { nn } from '@chainrule/nn';
 * const gn = new nn.GroupNorm(2, 6);
 * gn.forward(randn([3, 6, 4, 4])).shape; // [3, 6, 4, 4]
 * String(gn); // 'GroupNorm(2, 6, eps=1e-05, affine=True)'
 * ```
 */
export class GroupNorm extends Module {
  /** The per-channel scale `[C]`, or null without `affine`. */
  weight: Parameter | null;
  /** The per-channel shift `[C]`, or null without `affine`. */
  bias: Parameter | null;
  /** Added to the variance. */
  readonly eps: number;

  /**
   * @param numGroups - the number of groups; divides numChannels.
   * @param numChannels - C.
   * @param opts - `eps` (default 1e-5), `affine` (default true), `dtype`.
   * @throws RangeError when numGroups does not divide numChannels.
   * @throws TypeError for an unknown option.
   */
  constructor(
    readonly numGroups: number,
    readonly numChannels: number,
    opts: { eps?: number; affine?: boolean; dtype?: DType } = {},
  ) {
    super();
    checkOptions('GroupNorm', opts, ['eps', 'affine', 'dtype']);
    if (!Number.isInteger(numGroups) || !Number.isInteger(numChannels) || numGroups < 1 || numChannels % numGroups !== 0) {
      throw new RangeError(`GroupNorm: num_channels (${numChannels}) must be divisible by num_groups (${numGroups})`);
    }
    this.eps = opts.eps ?? 1e-5;
    const dtype = opts.dtype ?? 'float32';
    const affine = opts.affine ?? true;
    this.weight = affine ? new Parameter(ones([numChannels], { dtype })) : null;
    this.bias = affine ? new Parameter(zeros([numChannels], { dtype })) : null;
  }

  /**
   * Applies the layer.
   * @param input - `[N, C, *]`.
   * @returns the input's shape.
   * @throws RangeError when the channels differ from numChannels.
   * @throws TypeError for a non-float input.
   */
  forward(input: Tensor): Tensor {
    if (input.ndim < 2 || input.shape[1] !== this.numChannels) throw new RangeError(`GroupNorm: expected an input [N, ${this.numChannels}, *], got [${input.shape.join(', ')}]`);
    return groupNorm(input, this.numGroups, this.weight, this.bias, this.eps);
  }

  /**
   * The settings, as PyTorch prints them.
   * @returns `G, C, eps=…, affine=…`.
   */
  override extraRepr(): string {
    return `${this.numGroups}, ${this.numChannels}, eps=${pyFloat(this.eps)}, affine=${pyBool(this.weight !== null)}`;
  }
}

/**
 * The options of the instance normalisation layers.
 * @example
 * ```ts
 * const opts: nn.InstanceNormOptions = { affine: true, trackRunningStats: true };
 * new nn.InstanceNorm2d(3, opts).buffers().length; // 3
 * ```
 */
export interface InstanceNormOptions {
  /** Added to the variance (default 1e-5). */
  eps?: number;
  /** The weight of a batch in the running averages (default 0.1). */
  momentum?: number;
  /** Learn a per-channel scale and shift (default false). */
  affine?: boolean;
  /** Keep running statistics (default false), used in eval mode. */
  trackRunningStats?: boolean;
  /** The parameters' and statistics' dtype (default float32). */
  dtype?: DType;
}

/**
 * Instance normalisation: what {@link InstanceNorm1d}, {@link InstanceNorm2d} and
 * {@link InstanceNorm3d} share (PyTorch's `_InstanceNorm`); they differ in the spatial dims.
 * @example
 * ```ts
 * const norm: nn.InstanceNormBase = new nn.InstanceNorm1d(4, { affine: true });
 * norm.weight!.shape; // [4]
 * ```
 */
export abstract class InstanceNormBase extends Module {
  /** The per-channel scale (ones at first), or null without `affine`. */
  weight: Parameter | null;
  /** The per-channel shift (zeros at first), or null without `affine`. */
  bias: Parameter | null;
  /** The running mean (a buffer), or null without `trackRunningStats`. */
  runningMean: Tensor | null;
  /** The running variance (a buffer), or null without `trackRunningStats`. */
  runningVar: Tensor | null;
  /** A buffer kept for PyTorch's state dicts (instance norm does not count batches), or null without `trackRunningStats`. */
  numBatchesTracked: Tensor | null;
  /** Added to the variance. */
  readonly eps: number;
  /** The weight of a batch in the running averages. */
  readonly momentum: number;

  /**
   * @param kind - the class name, for messages.
   * @param spatialDims - the spatial dims of its inputs.
   * @param numFeatures - C.
   * @param opts - see {@link InstanceNormOptions}.
   * @throws RangeError when numFeatures is not a positive integer.
   * @throws TypeError for an unknown option.
   */
  constructor(
    private readonly kind: string,
    private readonly spatialDims: number,
    readonly numFeatures: number,
    opts: InstanceNormOptions,
  ) {
    super();
    checkOptions(kind, opts, ['eps', 'momentum', 'affine', 'trackRunningStats', 'dtype']);
    if (!Number.isInteger(numFeatures) || numFeatures < 1) throw new RangeError(`${kind}: num_features must be a positive integer, got ${numFeatures}`);
    const dtype = opts.dtype ?? 'float32';
    this.eps = opts.eps ?? 1e-5;
    this.momentum = opts.momentum ?? 0.1;
    const affine = opts.affine ?? false;
    this.weight = affine ? new Parameter(ones([numFeatures], { dtype })) : null;
    this.bias = affine ? new Parameter(zeros([numFeatures], { dtype })) : null;
    const track = opts.trackRunningStats ?? false;
    this.runningMean = this.registerBuffer('runningMean', track ? zeros([numFeatures], { dtype }) : null);
    this.runningVar = this.registerBuffer('runningVar', track ? ones([numFeatures], { dtype }) : null);
    this.numBatchesTracked = this.registerBuffer('numBatchesTracked', track ? zeros([], { dtype: 'int32' }) : null);
  }

  /**
   * Normalises each channel of each sample: with its own statistics in training mode or when
   * running statistics are not tracked (updating them when they are), with the running ones in eval mode.
   * @param input - `[N, C, *spatial]` or unbatched `[C, *spatial]`.
   * @returns the input's shape.
   * @throws RangeError for an input of the wrong dims, channels that differ from numFeatures (with
   *   affine or running statistics), or a single spatial element.
   * @throws TypeError for a non-float input.
   */
  forward(input: Tensor): Tensor {
    const d = this.spatialDims;
    if (input.ndim !== d + 1 && input.ndim !== d + 2) throw new RangeError(`${this.kind}: expected ${d + 1}D (unbatched) or ${d + 2}D (batched) input (got ${input.ndim}D input)`);
    const batched = input.ndim === d + 2;
    const x = batched ? input : input.unsqueeze(0);
    if (x.shape[1] !== this.numFeatures && (this.weight !== null || this.runningMean !== null)) {
      throw new RangeError(`${this.kind}: expected input's size at dim=${batched ? 1 : 0} to match num_features (${this.numFeatures}), but got: ${x.shape[1]}.`);
    }
    const useInputStats = this.training || this.runningMean === null;
    const y = instanceNorm(x, { runningMean: this.runningMean, runningVar: this.runningVar, weight: this.weight, bias: this.bias, useInputStats, momentum: this.momentum, eps: this.eps });
    return batched ? y : y.squeeze(0);
  }

  /**
   * The settings, as PyTorch prints them.
   * @returns `C, eps=…, momentum=…, affine=…, track_running_stats=…`.
   */
  override extraRepr(): string {
    return `${this.numFeatures}, eps=${pyFloat(this.eps)}, momentum=${pyFloat(this.momentum)}, affine=${pyBool(this.weight !== null)}, track_running_stats=${pyBool(this.runningMean !== null)}`;
  }
}

/**
 * Instance normalisation of 1-D signals, like `torch.nn.InstanceNorm1d`: each channel of each
 * sample normalised over its length; no parameters unless `affine`, no running statistics unless
 * `trackRunningStats`.
 *
 * Shape:
 * - Input: `[N, C, L]` or unbatched `[C, L]`.
 * - Output: the input's shape.
 * @example
 * ```ts
 * import { tensor } from '@chainrule/autograd';
 * import { nn } from '@chainrule/nn';
 * const norm = new nn.InstanceNorm1d(2);
 * norm.forward(tensor([[[1, 3], [10, 30]]])); // tensor([[[-1.0000,  1.0000], [-1.0000,  1.0000]]])
 * String(norm); // 'InstanceNorm1d(2, eps=1e-05, momentum=0.1, affine=False, track_running_stats=False)'
 * ```
 */
export class InstanceNorm1d extends InstanceNormBase {
  /**
   * @param numFeatures - C.
   * @param opts - `eps` (1e-5), `momentum` (0.1), `affine` (false), `trackRunningStats` (false), `dtype`.
   * @throws RangeError when numFeatures is not a positive integer.
   * @throws TypeError for an unknown option.
   */
  constructor(numFeatures: number, opts: InstanceNormOptions = {}) {
    super('InstanceNorm1d', 1, numFeatures, opts);
  }
}

/**
 * Instance normalisation of images, like `torch.nn.InstanceNorm2d` (style transfer): each channel
 * of each sample normalised over its positions.
 *
 * Shape:
 * - Input: `[N, C, H, W]` or unbatched `[C, H, W]`.
 * - Output: the input's shape.
 * @example
 * ```ts
 * import { randn } from '@chainrule/autograd';
 * import { nn } from '@chainrule/nn';
 * const norm = new nn.InstanceNorm2d(3, { affine: true, trackRunningStats: true });
 * norm.forward(randn([2, 3, 4, 4])).shape; // [2, 3, 4, 4]
 * Object.keys(norm.stateDict()); // ['weight', 'bias', 'running_mean', 'running_var', 'num_batches_tracked']
 * ```
 */
export class InstanceNorm2d extends InstanceNormBase {
  /**
   * @param numFeatures - C.
   * @param opts - `eps` (1e-5), `momentum` (0.1), `affine` (false), `trackRunningStats` (false), `dtype`.
   * @throws RangeError when numFeatures is not a positive integer.
   * @throws TypeError for an unknown option.
   */
  constructor(numFeatures: number, opts: InstanceNormOptions = {}) {
    super('InstanceNorm2d', 2, numFeatures, opts);
  }
}

/**
 * Instance normalisation of volumes, like `torch.nn.InstanceNorm3d`.
 *
 * Shape:
 * - Input: `[N, C, D, H, W]` or unbatched `[C, D, H, W]`.
 * - Output: the input's shape.
 * @example
 * ```ts
 * import { randn } from '@chainrule/autograd';
 * import { nn } from '@chainrule/nn';
 * new nn.InstanceNorm3d(2).forward(randn([2, 3, 3, 3])).shape; // [2, 3, 3, 3]
 * ```
 */
export class InstanceNorm3d extends InstanceNormBase {
  /**
   * @param numFeatures - C.
   * @param opts - `eps` (1e-5), `momentum` (0.1), `affine` (false), `trackRunningStats` (false), `dtype`.
   * @throws RangeError when numFeatures is not a positive integer.
   * @throws TypeError for an unknown option.
   */
  constructor(numFeatures: number, opts: InstanceNormOptions = {}) {
    super('InstanceNorm3d', 3, numFeatures, opts);
  }
}

/**
 * Local response normalisation, like `torch.nn.LocalResponseNorm` (AlexNet): each element divided
 * by (k + α/n · Σ x²)^β over `size` neighbouring channels.
 *
 * Shape:
 * - Input: `[N, C, *]` (at least 3 dims).
 * - Output: the input's shape.
 * @example
 * ```ts
 * import { ones } from '@chainrule/autograd';
 * import { nn } from '@chainrule/nn';
 * const lrn = new nn.LocalResponseNorm(2);
 * lrn.forward(ones([1, 3, 2])).shape; // [1, 3, 2]
 * String(lrn); // 'LocalResponseNorm(2, alpha=0.0001, beta=0.75, k=1.0)'
 * ```
 */
export class LocalResponseNorm extends Module {
  /**
   * @param size - n, the channels summed.
   * @param alpha - α (default 1e-4).
   * @param beta - β (default 0.75).
   * @param k - k (default 1).
   */
  constructor(
    readonly size: number,
    readonly alpha = 1e-4,
    readonly beta = 0.75,
    readonly k = 1,
  ) {
    super();
  }

  /**
   * Applies the normalisation.
   * @param input - `[N, C, *]`.
   * @returns the input's shape.
   * @throws RangeError for an input of fewer than 3 dims.
   * @throws TypeError for a non-float input.
   */
  forward(input: Tensor): Tensor {
    return localResponseNorm(input, this.size, this.alpha, this.beta, this.k);
  }

  /**
   * The settings, as PyTorch prints them.
   * @returns `n, alpha=…, beta=…, k=…`.
   */
  override extraRepr(): string {
    return `${this.size}, alpha=${pyFloat(this.alpha)}, beta=${pyFloat(this.beta)}, k=${pyFloat(this.k)}`;
  }
}
