/**
 * The pooling layers: max and average pooling over 1, 2 or 3 dims, max unpooling, adaptive
 * pooling and power-average pooling, over the functional forms, printed as PyTorch prints them.
 * @module
 */
import type { Tensor } from '@chainrule/autograd';
import type { Size1, Size2, Size3 } from '../functional/conv.js';
import { checkOptions, sizes } from '../functional/options.js';
import {
  adaptiveAvgPool1d,
  adaptiveAvgPool2d,
  adaptiveMaxPool2d,
  avgPool1d,
  avgPool2d,
  avgPool3d,
  lpPool2d,
  maxPool1d,
  maxPool2d,
  maxPool3d,
  maxUnpool2d,
} from '../functional/pooling.js';
import type { AvgPoolOptions, LpPoolOptions, MaxPoolOptions, MaxPoolResult } from '../functional/pooling.js';
import { Module } from '../module.js';
import { pySize } from '../repr.js';

const pyBool = (b: boolean): string => (b ? 'True' : 'False');

/**
 * The max pooling layers' common part (PyTorch's `_MaxPoolNd`): the settings as given, and the printing.
 * @typeParam S - the size type of the spatial dims.
 * @typeParam R - whether `forward` returns the indices too.
 * @example
 * ```ts
 * const pools: nn.MaxPoolNd<unknown>[] = [new nn.MaxPool1d(2), new nn.MaxPool2d(2)];
 * pools.map((p) => p.kernelSize); // [2, 2]
 * ```
 */
export abstract class MaxPoolNd<S, R extends boolean = false> extends Module<[Tensor], MaxPoolResult<R>> {
  /** The step between windows (the kernel size unless given). */
  readonly stride: S;
  /** −∞ padding on each side. */
  readonly padding: S;
  /** Spacing between the window's taps. */
  readonly dilation: S;
  /** Whether the output size is rounded up. */
  readonly ceilMode: boolean;
  /** Whether `forward` returns `[values, indices]`. */
  readonly returnIndices: R;

  /**
   * @param op - the layer's name, for errors.
   * @param kernelSize - the window.
   * @param opts - `stride` (default the window), `padding`, `dilation`, `ceilMode`, `returnIndices`.
   * @throws TypeError for an unknown option.
   */
  constructor(
    op: string,
    readonly kernelSize: S,
    opts: MaxPoolOptions<S, R>,
  ) {
    super();
    checkOptions(op, opts, ['stride', 'padding', 'dilation', 'ceilMode', 'returnIndices']);
    this.stride = opts.stride ?? kernelSize;
    this.padding = opts.padding ?? (0 as S);
    this.dilation = opts.dilation ?? (1 as S);
    this.ceilMode = opts.ceilMode ?? false;
    this.returnIndices = opts.returnIndices ?? (false as R);
  }

  /** The options of the functional form. */
  protected get options(): MaxPoolOptions<S, R> {
    return { stride: this.stride, padding: this.padding, dilation: this.dilation, ceilMode: this.ceilMode, returnIndices: this.returnIndices };
  }

  /**
   * The settings, as PyTorch prints them.
   * @returns `kernel_size=…, stride=…, padding=…, dilation=…, ceil_mode=…`.
   */
  override extraRepr(): string {
    const f = (v: S): string => pySize(v as number | readonly number[]);
    return `kernel_size=${f(this.kernelSize)}, stride=${f(this.stride)}, padding=${f(this.padding)}, dilation=${f(this.dilation)}, ceil_mode=${pyBool(this.ceilMode)}`;
  }
}

/**
 * 1-D max pooling, like `torch.nn.MaxPool1d` (stride defaults to the window).
 *
 * Shape:
 * - Input: `[N, C, L]` or unbatched `[C, L]`.
 * - Output: `[N, C, Lo]`, Lo = ⌊(L + 2·padding − dilation·(k − 1) − 1) / stride⌋ + 1 (rounded up
 *   with ceilMode); with returnIndices, `[values, indices]`, both of that shape.
 * @example
 * ```ts
 * import { tensor } from '@chainrule/autograd';
 * import { nn } from '@chainrule/nn';
 * const pool = new nn.MaxPool1d(2);
 * pool.forward(tensor([[[1, 3, 2, 5, 4]]])); // tensor([[[3., 5.]]])
 * String(pool); // 'MaxPool1d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)'
 * ```
 */
export class MaxPool1d<R extends boolean = false> extends MaxPoolNd<Size1, R> {
  /**
   * @param kernelSize - the window.
   * @param opts - `stride` (default the window), `padding`, `dilation`, `ceilMode`, `returnIndices`.
   * @throws TypeError for an unknown option.
   */
  constructor(kernelSize: Size1, opts: MaxPoolOptions<Size1, R> = {}) {
    super('MaxPool1d', kernelSize, opts);
  }

  /**
   * Applies the pooling.
   * @param input - `[N, C, L]` or `[C, L]`.
   * @returns the maxima, or `[values, indices]` with returnIndices.
   * @throws RangeError as {@link maxPool1d} does.
   * @throws TypeError for a non-float input.
   */
  forward(input: Tensor): MaxPoolResult<R> {
    return maxPool1d(input, this.kernelSize, this.options);
  }
}

/**
 * 2-D max pooling, like `torch.nn.MaxPool2d` (stride defaults to the window).
 *
 * Shape:
 * - Input: `[N, C, H, W]` or unbatched `[C, H, W]`.
 * - Output: `[N, C, Ho, Wo]`, Ho = ⌊(H + 2·padding − dilation·(kh − 1) − 1) / stride⌋ + 1 (rounded
 *   up with ceilMode; Wo likewise); with returnIndices, `[values, indices]`.
 * @example
 * ```ts
 * import { arange } from '@chainrule/autograd';
 * import { nn } from '@chainrule/nn';
 * const pool = new nn.MaxPool2d(2);
 * pool.forward(arange(16).reshape([1, 1, 4, 4]).float()).tolist(); // [[[[5, 7], [13, 15]]]]
 * String(pool); // 'MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)'
 * const withIndices = new nn.MaxPool2d(2, { returnIndices: true });
 * const [, indices] = withIndices.forward(arange(16).reshape([1, 1, 4, 4]).float());
 * indices.tolist(); // [[[[5, 7], [13, 15]]]]
 * ```
 */
export class MaxPool2d<R extends boolean = false> extends MaxPoolNd<Size2, R> {
  /**
   * @param kernelSize - the window.
   * @param opts - `stride` (default the window), `padding`, `dilation`, `ceilMode`, `returnIndices`.
   * @throws TypeError for an unknown option.
   */
  constructor(kernelSize: Size2, opts: MaxPoolOptions<Size2, R> = {}) {
    super('MaxPool2d', kernelSize, opts);
  }

  /**
   * Applies the pooling.
   * @param input - `[N, C, H, W]` or `[C, H, W]`.
   * @returns the maxima, or `[values, indices]` with returnIndices.
   * @throws RangeError as {@link maxPool2d} does.
   * @throws TypeError for a non-float input.
   */
  forward(input: Tensor): MaxPoolResult<R> {
    return maxPool2d(input, this.kernelSize, this.options);
  }
}

/**
 * 3-D max pooling, like `torch.nn.MaxPool3d` (stride defaults to the window).
 *
 * Shape:
 * - Input: `[N, C, D, H, W]` or unbatched `[C, D, H, W]`.
 * - Output: `[N, C, Do, Ho, Wo]`, each size as {@link MaxPool2d}'s; with returnIndices, `[values, indices]`.
 * @example
 * ```ts
 * import { zeros } from '@chainrule/autograd';
 * import { nn } from '@chainrule/nn';
 * new nn.MaxPool3d([1, 2, 2]).forward(zeros([1, 3, 4, 8, 8])).shape; // [1, 3, 4, 4, 4]
 * ```
 */
export class MaxPool3d<R extends boolean = false> extends MaxPoolNd<Size3, R> {
  /**
   * @param kernelSize - the window.
   * @param opts - `stride` (default the window), `padding`, `dilation`, `ceilMode`, `returnIndices`.
   * @throws TypeError for an unknown option.
   */
  constructor(kernelSize: Size3, opts: MaxPoolOptions<Size3, R> = {}) {
    super('MaxPool3d', kernelSize, opts);
  }

  /**
   * Applies the pooling.
   * @param input - `[N, C, D, H, W]` or `[C, D, H, W]`.
   * @returns the maxima, or `[values, indices]` with returnIndices.
   * @throws RangeError as {@link maxPool3d} does.
   * @throws TypeError for a non-float input.
   */
  forward(input: Tensor): MaxPoolResult<R> {
    return maxPool3d(input, this.kernelSize, this.options);
  }
}

/**
 * The average pooling layers' common part (PyTorch's `_AvgPoolNd`): the settings as given.
 * @typeParam S - the size type of the spatial dims.
 * @example
 * ```ts
 * const pools: nn.AvgPoolNd<unknown>[] = [new nn.AvgPool1d(2), new nn.AvgPool2d(2)];
 * pools.map((p) => p.countIncludePad); // [true, true]
 * ```
 */
export abstract class AvgPoolNd<S> extends Module {
  /** The step between windows (the kernel size unless given). */
  readonly stride: S;
  /** Zero padding on each side. */
  readonly padding: S;
  /** Whether the output size is rounded up. */
  readonly ceilMode: boolean;
  /** Whether the padding zeros count in each average. */
  readonly countIncludePad: boolean;
  /** The divisor used instead of the window size, or null. */
  readonly divisorOverride: number | null;

  /**
   * @param op - the layer's name, for errors.
   * @param kernelSize - the window.
   * @param opts - `stride` (default the window), `padding`, `ceilMode`, `countIncludePad`, `divisorOverride` (2-D and 3-D).
   * @param takesDivisor - whether `divisorOverride` is an option.
   * @throws TypeError for an unknown option.
   */
  constructor(
    op: string,
    readonly kernelSize: S,
    opts: AvgPoolOptions<S>,
    takesDivisor: boolean,
  ) {
    super();
    checkOptions(op, opts, ['stride', 'padding', 'ceilMode', 'countIncludePad', ...(takesDivisor ? ['divisorOverride'] : [])]);
    this.stride = opts.stride ?? kernelSize;
    this.padding = opts.padding ?? (0 as S);
    this.ceilMode = opts.ceilMode ?? false;
    this.countIncludePad = opts.countIncludePad ?? true;
    this.divisorOverride = opts.divisorOverride ?? null;
  }

  /** The options of the functional form. */
  protected get options(): AvgPoolOptions<S> {
    return { stride: this.stride, padding: this.padding, ceilMode: this.ceilMode, countIncludePad: this.countIncludePad, ...(this.divisorOverride === null ? {} : { divisorOverride: this.divisorOverride }) };
  }

  /**
   * The settings, as PyTorch prints them.
   * @returns `kernel_size=…, stride=…, padding=…`.
   */
  override extraRepr(): string {
    const f = (v: S): string => pySize(v as number | readonly number[]);
    return `kernel_size=${f(this.kernelSize)}, stride=${f(this.stride)}, padding=${f(this.padding)}`;
  }
}

/**
 * 1-D average pooling, like `torch.nn.AvgPool1d` (stride defaults to the window; padding zeros
 * count in the average unless countIncludePad is false).
 *
 * Shape:
 * - Input: `[N, C, L]` or unbatched `[C, L]`.
 * - Output: `[N, C, Lo]`, Lo = ⌊(L + 2·padding − k) / stride⌋ + 1 (rounded up with ceilMode).
 * @example
 * ```ts
 * import { tensor } from '@chainrule/autograd';
 * import { nn } from '@chainrule/nn';
 * const pool = new nn.AvgPool1d(3, { stride: 2 });
 * pool.forward(tensor([[[1, 2, 3, 4, 5]]])); // tensor([[[2., 4.]]])
 * String(pool); // 'AvgPool1d(kernel_size=(3,), stride=(2,), padding=(0,))'
 * ```
 */
export class AvgPool1d extends AvgPoolNd<Size1> {
  /**
   * @param kernelSize - the window.
   * @param opts - `stride` (default the window), `padding`, `ceilMode`, `countIncludePad`.
   * @throws TypeError for an unknown option.
   */
  constructor(kernelSize: Size1, opts: Omit<AvgPoolOptions<Size1>, 'divisorOverride'> = {}) {
    super('AvgPool1d', kernelSize, opts, false);
  }

  /**
   * Applies the pooling.
   * @param input - `[N, C, L]` or `[C, L]`.
   * @returns `[N, C, Lo]` or `[C, Lo]`.
   * @throws RangeError as {@link avgPool1d} does.
   * @throws TypeError for a non-float input.
   */
  forward(input: Tensor): Tensor {
    return avgPool1d(input, this.kernelSize, { stride: this.stride, padding: this.padding, ceilMode: this.ceilMode, countIncludePad: this.countIncludePad });
  }

  /**
   * The settings, as PyTorch prints them (1-D sizes as 1-tuples).
   * @returns `kernel_size=(…,), stride=(…,), padding=(…,)`.
   */
  override extraRepr(): string {
    const t = (v: Size1): string => pySize(typeof v === 'number' ? [v] : v);
    return `kernel_size=${t(this.kernelSize)}, stride=${t(this.stride)}, padding=${t(this.padding)}`;
  }
}

/**
 * 2-D average pooling, like `torch.nn.AvgPool2d` (stride defaults to the window; padding zeros
 * count in the average unless countIncludePad is false; divisorOverride replaces the window size).
 *
 * Shape:
 * - Input: `[N, C, H, W]` or unbatched `[C, H, W]`.
 * - Output: `[N, C, Ho, Wo]`, Ho = ⌊(H + 2·padding − kh) / stride⌋ + 1 (rounded up with ceilMode;
 *   Wo likewise).
 * @example
 * ```ts
 * import { arange } from '@chainrule/autograd';
 * import { nn } from '@chainrule/nn';
 * const pool = new nn.AvgPool2d(2);
 * pool.forward(arange(16).reshape([1, 1, 4, 4]).float()).tolist(); // [[[[2.5, 4.5], [10.5, 12.5]]]]
 * String(pool); // 'AvgPool2d(kernel_size=2, stride=2, padding=0)'
 * ```
 */
export class AvgPool2d extends AvgPoolNd<Size2> {
  /**
   * @param kernelSize - the window.
   * @param opts - `stride` (default the window), `padding`, `ceilMode`, `countIncludePad`, `divisorOverride`.
   * @throws TypeError for an unknown option.
   */
  constructor(kernelSize: Size2, opts: AvgPoolOptions<Size2> = {}) {
    super('AvgPool2d', kernelSize, opts, true);
  }

  /**
   * Applies the pooling.
   * @param input - `[N, C, H, W]` or `[C, H, W]`.
   * @returns `[N, C, Ho, Wo]` or `[C, Ho, Wo]`.
   * @throws RangeError as {@link avgPool2d} does.
   * @throws TypeError for a non-float input.
   */
  forward(input: Tensor): Tensor {
    return avgPool2d(input, this.kernelSize, this.options);
  }
}

/**
 * 3-D average pooling, like `torch.nn.AvgPool3d`.
 *
 * Shape:
 * - Input: `[N, C, D, H, W]` or unbatched `[C, D, H, W]`.
 * - Output: `[N, C, Do, Ho, Wo]`, each size as {@link AvgPool2d}'s.
 * @example
 * ```ts
 * import { ones } from '@chainrule/autograd';
 * import { nn } from '@chainrule/nn';
 * new nn.AvgPool3d(2).forward(ones([1, 1, 2, 4, 4])).shape; // [1, 1, 1, 2, 2]
 * ```
 */
export class AvgPool3d extends AvgPoolNd<Size3> {
  /**
   * @param kernelSize - the window.
   * @param opts - `stride` (default the window), `padding`, `ceilMode`, `countIncludePad`, `divisorOverride`.
   * @throws TypeError for an unknown option.
   */
  constructor(kernelSize: Size3, opts: AvgPoolOptions<Size3> = {}) {
    super('AvgPool3d', kernelSize, opts, true);
  }

  /**
   * Applies the pooling.
   * @param input - `[N, C, D, H, W]` or `[C, D, H, W]`.
   * @returns `[N, C, Do, Ho, Wo]` (without N unbatched).
   * @throws RangeError as {@link avgPool3d} does.
   * @throws TypeError for a non-float input.
   */
  forward(input: Tensor): Tensor {
    return avgPool3d(input, this.kernelSize, this.options);
  }
}

/**
 * The inverse of {@link MaxPool2d}, like `torch.nn.MaxUnpool2d`: each value written at the index
 * the pooling returned, zeros elsewhere.
 *
 * Shape:
 * - Input, indices: `[N, C, H, W]` or unbatched `[C, H, W]`.
 * - Output: `[N, C, Ho, Wo]`, Ho = (H − 1)·stride − 2·padding + kh (Wo likewise), or `outputSize`.
 * @example
 * ```ts
 * import { tensor } from '@chainrule/autograd';
 * import { nn } from '@chainrule/nn';
 * const pool = new nn.MaxPool2d(2, { returnIndices: true });
 * const unpool = new nn.MaxUnpool2d(2);
 * const [y, i] = pool.forward(tensor([[[[1, 2], [4, 3]]]]));
 * unpool.forward(y, i); // tensor([[[[0., 0.], [4., 0.]]]])
 * String(unpool); // 'MaxUnpool2d(kernel_size=(2, 2), stride=(2, 2), padding=(0, 0))'
 * ```
 */
export class MaxUnpool2d extends Module<[input: Tensor, indices: Tensor, outputSize?: readonly number[]]> {
  /** The pooling's window, `[kh, kw]`. */
  readonly kernelSize: [number, number];
  /** The pooling's stride. */
  readonly stride: [number, number];
  /** The pooling's padding. */
  readonly padding: [number, number];

  /**
   * @param kernelSize - the pooling's window.
   * @param opts - `stride` (default the window), `padding`.
   * @throws RangeError for sizes that are not integers in range.
   * @throws TypeError for an unknown option.
   */
  constructor(kernelSize: Size2, opts: { stride?: Size2; padding?: Size2 } = {}) {
    super();
    checkOptions('MaxUnpool2d', opts, ['stride', 'padding']);
    this.kernelSize = sizes(kernelSize, 2, 'kernel_size', 'MaxUnpool2d', 1) as [number, number];
    this.stride = sizes(opts.stride ?? kernelSize, 2, 'stride', 'MaxUnpool2d', 1) as [number, number];
    this.padding = sizes(opts.padding ?? 0, 2, 'padding', 'MaxUnpool2d', 0) as [number, number];
  }

  /**
   * Writes the values at their indices.
   * @param input - the pooled values.
   * @param indices - their int32 positions.
   * @param outputSize - the output's spatial size (or whole shape), when several are possible.
   * @returns the unpooled planes.
   * @throws RangeError as {@link maxUnpool2d} does.
   * @throws TypeError for a non-float input or non-int32 indices.
   */
  forward(input: Tensor, indices: Tensor, outputSize?: readonly number[]): Tensor {
    return maxUnpool2d(input, indices, this.kernelSize, { stride: this.stride, padding: this.padding, ...(outputSize === undefined ? {} : { outputSize }) });
  }

  /**
   * The settings, as PyTorch prints them.
   * @returns `kernel_size=(…), stride=(…), padding=(…)`.
   */
  override extraRepr(): string {
    return `kernel_size=${pySize(this.kernelSize)}, stride=${pySize(this.stride)}, padding=${pySize(this.padding)}`;
  }
}

/**
 * 1-D adaptive average pooling, like `torch.nn.AdaptiveAvgPool1d`: `outputSize` windows of nearly
 * equal size, each averaged.
 *
 * Shape:
 * - Input: `[N, C, L]` or unbatched `[C, L]`.
 * - Output: `[N, C, outputSize]`.
 * @example
 * ```ts
 * import { tensor } from '@chainrule/autograd';
 * import { nn } from '@chainrule/nn';
 * const pool = new nn.AdaptiveAvgPool1d(2);
 * pool.forward(tensor([[[1, 2, 3, 4]]])); // tensor([[[1.5000, 3.5000]]])
 * String(pool); // 'AdaptiveAvgPool1d(output_size=2)'
 * ```
 */
export class AdaptiveAvgPool1d extends Module {
  /**
   * @param outputSize - the output length.
   */
  constructor(readonly outputSize: number | readonly [number | null]) {
    super();
  }

  /**
   * Applies the pooling.
   * @param input - `[N, C, L]` or `[C, L]`.
   * @returns `[N, C, outputSize]`.
   * @throws RangeError as {@link adaptiveAvgPool1d} does.
   * @throws TypeError for a non-float input.
   */
  forward(input: Tensor): Tensor {
    return adaptiveAvgPool1d(input, this.outputSize);
  }

  /**
   * The settings, as PyTorch prints them.
   * @returns `output_size=…`.
   */
  override extraRepr(): string {
    return `output_size=${pySize(this.outputSize)}`;
  }
}

/**
 * 2-D adaptive average pooling, like `torch.nn.AdaptiveAvgPool2d`: an `outputSize` grid of windows
 * of nearly equal size, each averaged (`new AdaptiveAvgPool2d(1)` is global average pooling).
 *
 * Shape:
 * - Input: `[N, C, H, W]` or unbatched `[C, H, W]`.
 * - Output: `[N, C, Ho, Wo]` with `outputSize = [Ho, Wo]` (a null keeps the input's size).
 * @example
 * ```ts
 * import { arange } from '@chainrule/autograd';
 * import { nn } from '@chainrule/nn';
 * const gap = new nn.AdaptiveAvgPool2d(1);
 * gap.forward(arange(8).reshape([1, 2, 2, 2]).float()).flatten().tolist(); // [1.5, 5.5]
 * String(new nn.AdaptiveAvgPool2d([null, 3])); // 'AdaptiveAvgPool2d(output_size=(None, 3))'
 * ```
 */
export class AdaptiveAvgPool2d extends Module {
  /**
   * @param outputSize - `[Ho, Wo]` (null keeps the input's size), or one number for both.
   */
  constructor(readonly outputSize: number | readonly [number | null, number | null]) {
    super();
  }

  /**
   * Applies the pooling.
   * @param input - `[N, C, H, W]` or `[C, H, W]`.
   * @returns `[N, C, Ho, Wo]`.
   * @throws RangeError as {@link adaptiveAvgPool2d} does.
   * @throws TypeError for a non-float input.
   */
  forward(input: Tensor): Tensor {
    return adaptiveAvgPool2d(input, this.outputSize);
  }

  /**
   * The settings, as PyTorch prints them.
   * @returns `output_size=…`.
   */
  override extraRepr(): string {
    return `output_size=${pySize(this.outputSize)}`;
  }
}

/**
 * 2-D adaptive max pooling, like `torch.nn.AdaptiveMaxPool2d`: the largest value of each window of
 * an `outputSize` grid of nearly equal windows.
 *
 * Shape:
 * - Input: `[N, C, H, W]` or unbatched `[C, H, W]`.
 * - Output: `[N, C, Ho, Wo]`; with returnIndices, `[values, indices]`.
 * @example
 * ```ts
 * import { arange } from '@chainrule/autograd';
 * import { nn } from '@chainrule/nn';
 * const pool = new nn.AdaptiveMaxPool2d(2);
 * pool.forward(arange(9).reshape([1, 1, 3, 3]).float()); // tensor([[[[4., 5.], [7., 8.]]]])
 * String(pool); // 'AdaptiveMaxPool2d(output_size=2)'
 * ```
 */
export class AdaptiveMaxPool2d<R extends boolean = false> extends Module<[Tensor], MaxPoolResult<R>> {
  /** Whether `forward` returns `[values, indices]`. */
  readonly returnIndices: R;

  /**
   * @param outputSize - `[Ho, Wo]` (null keeps the input's size), or one number for both.
   * @param opts - `returnIndices` (default false).
   * @throws TypeError for an unknown option.
   */
  constructor(
    readonly outputSize: number | readonly [number | null, number | null],
    opts: { returnIndices?: R } = {},
  ) {
    super();
    checkOptions('AdaptiveMaxPool2d', opts, ['returnIndices']);
    this.returnIndices = opts.returnIndices ?? (false as R);
  }

  /**
   * Applies the pooling.
   * @param input - `[N, C, H, W]` or `[C, H, W]`.
   * @returns the maxima, or `[values, indices]` with returnIndices.
   * @throws RangeError as {@link adaptiveMaxPool2d} does.
   * @throws TypeError for a non-float input.
   */
  forward(input: Tensor): MaxPoolResult<R> {
    return adaptiveMaxPool2d(input, this.outputSize, { returnIndices: this.returnIndices });
  }

  /**
   * The settings, as PyTorch prints them.
   * @returns `output_size=…`.
   */
  override extraRepr(): string {
    return `output_size=${pySize(this.outputSize)}`;
  }
}

/**
 * 2-D power-average pooling, like `torch.nn.LPPool2d`: (Σ x^p)^(1/p) over each window.
 *
 * Shape:
 * - Input: `[N, C, H, W]` or unbatched `[C, H, W]`.
 * - Output: `[N, C, Ho, Wo]`, Ho = ⌊(H − kh) / stride⌋ + 1 (Wo likewise).
 * @example
 * ```ts
 * import { ones } from '@chainrule/autograd';
 * import { nn } from '@chainrule/nn';
 * const pool = new nn.LPPool2d(2, 2);
 * pool.forward(ones([1, 1, 4, 4])); // tensor([[[[2., 2.], [2., 2.]]]])
 * String(pool); // 'LPPool2d(norm_type=2, kernel_size=2, stride=None, ceil_mode=False)'
 * ```
 */
export class LPPool2d extends Module {
  /** The step between windows (the kernel size when null). */
  readonly stride: Size2 | null;
  /** Whether the output size is rounded up. */
  readonly ceilMode: boolean;

  /**
   * @param normType - p.
   * @param kernelSize - the window.
   * @param opts - `stride` (default the window), `ceilMode`.
   * @throws TypeError for an unknown option.
   */
  constructor(
    readonly normType: number,
    readonly kernelSize: Size2,
    opts: LpPoolOptions<Size2> = {},
  ) {
    super();
    checkOptions('LPPool2d', opts, ['stride', 'ceilMode']);
    this.stride = opts.stride ?? null;
    this.ceilMode = opts.ceilMode ?? false;
  }

  /**
   * Applies the pooling.
   * @param input - `[N, C, H, W]` or `[C, H, W]`.
   * @returns `[N, C, Ho, Wo]`.
   * @throws RangeError as {@link lpPool2d} does.
   * @throws TypeError for a non-float input.
   */
  forward(input: Tensor): Tensor {
    return lpPool2d(input, this.normType, this.kernelSize, { ...(this.stride === null ? {} : { stride: this.stride }), ceilMode: this.ceilMode });
  }

  /**
   * The settings, as PyTorch prints them.
   * @returns `norm_type=…, kernel_size=…, stride=…, ceil_mode=…`.
   */
  override extraRepr(): string {
    return `norm_type=${this.normType}, kernel_size=${pySize(this.kernelSize)}, stride=${pySize(this.stride)}, ceil_mode=${pyBool(this.ceilMode)}`;
  }
}
