/**
 * `Conv2d`, `MaxPool2d`, `AvgPool2d`: the modules over `F.conv2d` and the poolings.
 * @module
 */
import { zeros } from '@chainrule/autograd';
import type { Tensor } from '@chainrule/autograd';
import { avgPool2d, conv2d, maxPool2d } from '../functional/conv.js';
import type { Size2 } from '../functional/conv.js';
import { kaimingUniform_, uniform_ } from '../init.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import type { LayerOptions } from './linear.js';

const pair = (s: Size2): [number, number] => (typeof s === 'number' ? [s, s] : [s[0], s[1]]);
const tuple = (p: [number, number]): string => `(${p[0]}, ${p[1]})`;

/**
 * A 2-D convolution layer, like `torch.nn.Conv2d`: weight `[out, in / groups, kh, kw]` and bias
 * `[out]`, both initialised from U(−1/√fanIn, 1/√fanIn), fanIn = in / groups · kh · kw (PyTorch's
 * default, kaiming_uniform_ with a = √5).
 *
 * Shape:
 * - Input: `[N, C_in, H_in, W_in]`, where C_in = `inChannels`.
 * - Output: `[N, C_out, H_out, W_out]`, where C_out = `outChannels`,
 *   H_out = ⌊(H_in + 2·padding[0] − dilation[0]·(kernelSize[0] − 1) − 1) / stride[0] + 1⌋ and
 *   W_out likewise with index 1 (a number given for an option stands for both dims).
 * @example
 * ```ts
 * import { Generator, zeros } from '@chainrule/autograd';
 * import { nn } from '@chainrule/nn';
 * const conv = new nn.Conv2d(1, 8, 3, { padding: 1, generator: new Generator(0) });
 * conv.forward(zeros([2, 1, 28, 28])).shape; // [2, 8, 28, 28]
 * conv.numParameters(); // 80
 * String(conv); // 'Conv2d(1, 8, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))'
 * ```
 */
export class Conv2d extends Module {
  /** The kernels, `[outChannels, inChannels / groups, kh, kw]`. */
  weight: Parameter;
  /** The bias `[outChannels]`, or null. */
  bias: Parameter | null;
  /** `[kh, kw]`. */
  readonly kernelSize: [number, number];
  /** `[sh, sw]`. */
  readonly stride: [number, number];
  /** `[ph, pw]`. */
  readonly padding: [number, number];
  /** `[dh, dw]`. */
  readonly dilation: [number, number];
  /** Channel groups. */
  readonly groups: number;

  /**
   * @param inChannels - input channels.
   * @param outChannels - output channels.
   * @param kernelSize - the window.
   * @param opts - `stride`, `padding`, `dilation`, `groups`, `bias` (default true), `dtype`, `generator`.
   * @throws RangeError for sizes that are not positive integers, or groups that do not divide both channel counts.
   */
  constructor(
    readonly inChannels: number,
    readonly outChannels: number,
    kernelSize: Size2,
    opts: LayerOptions & { stride?: Size2; padding?: Size2; dilation?: Size2; groups?: number; bias?: boolean } = {},
  ) {
    super();
    this.kernelSize = pair(kernelSize);
    this.stride = pair(opts.stride ?? 1);
    this.padding = pair(opts.padding ?? 0);
    this.dilation = pair(opts.dilation ?? 1);
    this.groups = opts.groups ?? 1;
    const sizes = [inChannels, outChannels, ...this.kernelSize, ...this.stride, ...this.dilation, this.groups];
    if (!sizes.every((v) => Number.isInteger(v) && v >= 1) || !this.padding.every((v) => Number.isInteger(v) && v >= 0)) {
      throw new RangeError(`Conv2d: channels, kernel_size, stride, dilation and groups must be positive integers and padding non-negative`);
    }
    if (inChannels % this.groups !== 0 || outChannels % this.groups !== 0) {
      throw new RangeError(`Conv2d: in_channels (${inChannels}) and out_channels (${outChannels}) must be divisible by groups (${this.groups})`);
    }
    const dtype = opts.dtype ?? 'float32';
    const init = opts.generator === undefined ? {} : { generator: opts.generator };
    this.weight = new Parameter(zeros([outChannels, inChannels / this.groups, ...this.kernelSize], { dtype }));
    this.bias = opts.bias === false ? null : new Parameter(zeros([outChannels], { dtype }));
    kaimingUniform_(this.weight, { a: Math.sqrt(5), ...init });
    const bound = 1 / Math.sqrt((inChannels / this.groups) * this.kernelSize[0] * this.kernelSize[1]);
    if (this.bias !== null) uniform_(this.bias, -bound, bound, init);
  }

  /**
   * Applies the layer.
   * @param input - `[N, inChannels, H, W]`.
   * @returns `[N, outChannels, Ho, Wo]`.
   * @throws RangeError when the input's channels or size do not fit.
   * @throws TypeError when the input's dtype differs from the weight's.
   */
  forward(input: Tensor): Tensor {
    return conv2d(input, this.weight, this.bias, { stride: this.stride, padding: this.padding, dilation: this.dilation, groups: this.groups });
  }

  /**
   * The settings, as PyTorch prints them (padding, dilation, groups and bias only when not the default).
   * @returns `in, out, kernel_size=…, stride=…[, …]`.
   */
  override extraRepr(): string {
    let s = `${this.inChannels}, ${this.outChannels}, kernel_size=${tuple(this.kernelSize)}, stride=${tuple(this.stride)}`;
    if (this.padding.some((v) => v !== 0)) s += `, padding=${tuple(this.padding)}`;
    if (this.dilation.some((v) => v !== 1)) s += `, dilation=${tuple(this.dilation)}`;
    if (this.groups !== 1) s += `, groups=${this.groups}`;
    if (this.bias === null) s += ', bias=False';
    return s;
  }
}

/**
 * 2-D max pooling, like `torch.nn.MaxPool2d` (stride defaults to the window).
 *
 * Shape:
 * - Input: `[N, C, H_in, W_in]`.
 * - Output: `[N, C, H_out, W_out]`, where
 *   H_out = ⌊(H_in + 2·padding[0] − dilation[0]·(kernelSize[0] − 1) − 1) / stride[0] + 1⌋ and
 *   W_out likewise with index 1 (stride defaults to kernelSize; a number stands for both dims).
 * @example
 * ```ts
 * import { arange } from '@chainrule/autograd';
 * import { nn } from '@chainrule/nn';
 * const pool = new nn.MaxPool2d(2);
 * pool.forward(arange(16).reshape([1, 1, 4, 4]).float()).tolist(); // [[[[5, 7], [13, 15]]]]
 * String(pool); // 'MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)'
 * ```
 */
export class MaxPool2d extends Module {
  /**
   * @param kernelSize - the window.
   * @param opts - `stride` (default the window), `padding`, `dilation`.
   */
  constructor(
    readonly kernelSize: Size2,
    readonly opts: { stride?: Size2; padding?: Size2; dilation?: Size2 } = {},
  ) {
    super();
  }

  /**
   * Applies the pooling.
   * @param input - `[N, C, H, W]`.
   * @returns `[N, C, Ho, Wo]`.
   * @throws RangeError as {@link maxPool2d} does.
   * @throws TypeError for a non-float input.
   */
  forward(input: Tensor): Tensor {
    return maxPool2d(input, this.kernelSize, this.opts);
  }

  /**
   * The settings, as PyTorch prints them.
   * @returns `kernel_size=…, stride=…, padding=…, dilation=…, ceil_mode=False`.
   */
  override extraRepr(): string {
    const f = (s: Size2): string => (typeof s === 'number' ? String(s) : `(${s[0]}, ${s[1]})`);
    return `kernel_size=${f(this.kernelSize)}, stride=${f(this.opts.stride ?? this.kernelSize)}, padding=${f(this.opts.padding ?? 0)}, dilation=${f(this.opts.dilation ?? 1)}, ceil_mode=False`;
  }
}

/**
 * 2-D average pooling, like `torch.nn.AvgPool2d` (stride defaults to the window; padding zeros
 * count in the average).
 *
 * Shape:
 * - Input: `[N, C, H_in, W_in]`.
 * - Output: `[N, C, H_out, W_out]`, where H_out = ⌊(H_in + 2·padding[0] − kernelSize[0]) / stride[0] + 1⌋
 *   and W_out likewise with index 1 (stride defaults to kernelSize; a number stands for both dims).
 * @example
 * ```ts
 * import { arange } from '@chainrule/autograd';
 * import { nn } from '@chainrule/nn';
 * const pool = new nn.AvgPool2d(2);
 * pool.forward(arange(16).reshape([1, 1, 4, 4]).float()).tolist(); // [[[[2.5, 4.5], [10.5, 12.5]]]]
 * String(pool); // 'AvgPool2d(kernel_size=2, stride=2, padding=0)'
 * ```
 */
export class AvgPool2d extends Module {
  /**
   * @param kernelSize - the window.
   * @param opts - `stride` (default the window), `padding`.
   */
  constructor(
    readonly kernelSize: Size2,
    readonly opts: { stride?: Size2; padding?: Size2 } = {},
  ) {
    super();
  }

  /**
   * Applies the pooling.
   * @param input - `[N, C, H, W]`.
   * @returns `[N, C, Ho, Wo]`.
   * @throws RangeError as {@link avgPool2d} does.
   * @throws TypeError for a non-float input.
   */
  forward(input: Tensor): Tensor {
    return avgPool2d(input, this.kernelSize, this.opts);
  }

  /**
   * The settings, as PyTorch prints them.
   * @returns `kernel_size=…, stride=…, padding=…`.
   */
  override extraRepr(): string {
    const f = (s: Size2): string => (typeof s === 'number' ? String(s) : `(${s[0]}, ${s[1]})`);
    return `kernel_size=${f(this.kernelSize)}, stride=${f(this.opts.stride ?? this.kernelSize)}, padding=${f(this.opts.padding ?? 0)}`;
  }
}
