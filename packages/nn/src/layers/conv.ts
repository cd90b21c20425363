/**
 * The convolution layers: `Conv1d`, `Conv2d`, `Conv3d` and `ConvTranspose1d/2d/3d`, over the
 * functional forms, with PyTorch's arguments, initialisation and printing.
 * @module
 */
import { zeros } from '@chainrule/autograd';
import type { Tensor } from '@chainrule/autograd';
import { conv1d, conv2d, conv3d, convTranspose1d, convTranspose2d, convTranspose3d, convTransposeOutSize } from '../functional/conv.js';
import type { Size1, Size2, Size3 } from '../functional/conv.js';
import { checkOptions, fmt, sizes } from '../functional/options.js';
import { pad } from '../functional/padding.js';
import { kaimingUniform_, uniform_ } from '../init.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { pySize } from '../repr.js';
import type { LayerOptions } from './linear.js';

/**
 * How a convolution layer pads its input: zeros (default), or by the other modes of {@link pad}.
 * @example
 * ```ts
 * const mode: nn.PaddingMode = 'circular';
 * new nn.Conv1d(1, 1, 3, { padding: 1, paddingMode: mode }).paddingMode; // 'circular'
 * ```
 */
export type PaddingMode = 'zeros' | 'reflect' | 'replicate' | 'circular';

/**
 * Options of the convolution layers ({@link Conv1d}, {@link Conv2d}, {@link Conv3d}).
 * @typeParam S - {@link Size1}, {@link Size2} or {@link Size3}.
 * @example
 * ```ts
 * import type { Size2 } from '@chainrule/nn/functional';
 * const opts: nn.ConvLayerOptions<Size2> = { padding: 'same', paddingMode: 'reflect', bias: false };
 * new nn.Conv2d(3, 8, 3, opts).bias; // null
 * ```
 */
export interface ConvLayerOptions<S> extends LayerOptions {
  /** Step between windows (default 1). */
  stride?: S;
  /** Padding on each side (default 0), or `'valid'` (none) or `'same'` (output as large as the input; stride 1 only). */
  padding?: S | 'same' | 'valid';
  /** Spacing between the kernel's taps (default 1). */
  dilation?: S;
  /** Channel groups (default 1); must divide both channel counts. */
  groups?: number;
  /** Whether there is a bias (default true). */
  bias?: boolean;
  /** What the padding holds (default `'zeros'`). */
  paddingMode?: PaddingMode;
}

/**
 * Options of the transposed convolution layers ({@link ConvTranspose1d}, {@link ConvTranspose2d},
 * {@link ConvTranspose3d}).
 * @typeParam S - {@link Size1}, {@link Size2} or {@link Size3}.
 * @example
 * ```ts
 * import type { Size2 } from '@chainrule/nn/functional';
 * const opts: nn.ConvTransposeLayerOptions<Size2> = { stride: 2, padding: 1, outputPadding: 1 };
 * new nn.ConvTranspose2d(8, 3, 3, opts).outputPadding; // [1, 1]
 * ```
 */
export interface ConvTransposeLayerOptions<S> extends LayerOptions {
  /** The stride of the convolution it transposes (default 1). */
  stride?: S;
  /** The padding of that convolution (default 0), removed from each side of the output. */
  padding?: S;
  /** Extra size on the end side of the output (default 0; smaller than the stride or the dilation). */
  outputPadding?: S;
  /** Spacing between the kernel's taps (default 1). */
  dilation?: S;
  /** Channel groups (default 1); must divide both channel counts. */
  groups?: number;
  /** Whether there is a bias (default true). */
  bias?: boolean;
  /** Only `'zeros'`, as PyTorch. */
  paddingMode?: 'zeros';
}

const CONV_OPTIONS = ['stride', 'padding', 'dilation', 'groups', 'bias', 'paddingMode', 'dtype', 'generator'];

/**
 * The convolution layers' common part, like PyTorch's `_ConvNd`: the weight and bias with
 * PyTorch's initialisation (kaiming_uniform_ with a = √5, the bias from U(−1/√fanIn, 1/√fanIn),
 * fanIn = weight.shape[1] · kernel size), the settings, and the printing.
 * @typeParam T - the tuple type of the spatial sizes.
 * @typeParam In - the arguments of `forward`.
 * @example
 * ```ts
 * const layers: nn.ConvNd<readonly number[]>[] = [new nn.Conv1d(1, 2, 3), new nn.Conv2d(2, 1, 3)];
 * layers.map((l) => l.weight.shape); // [[2, 1, 3], [1, 2, 3, 3]]
 * ```
 */
export abstract class ConvNd<T extends readonly number[], In extends unknown[] = [Tensor]> extends Module<In> {
  /** The kernels: `[out, in / groups, ...kernelSize]`, or `[in, out / groups, ...kernelSize]` when transposed. */
  weight: Parameter;
  /** The bias `[outChannels]`, or null. */
  bias: Parameter | null;
  /** The kernel's size along each spatial dim. */
  readonly kernelSize: T;
  /** The stride along each spatial dim. */
  readonly stride: T;
  /** The padding along each spatial dim, or `'same'` / `'valid'`. */
  readonly padding: T | 'same' | 'valid';
  /** The dilation along each spatial dim. */
  readonly dilation: T;
  /** The output padding along each spatial dim (zeros unless transposed). */
  readonly outputPadding: T;
  /** Channel groups. */
  readonly groups: number;
  /** What the padding holds. */
  readonly paddingMode: PaddingMode;

  /**
   * @param op - the layer's name, for errors.
   * @param nd - the number of spatial dims.
   * @param inChannels - input channels.
   * @param outChannels - output channels.
   * @param kernelSize - the kernel.
   * @param transposed - whether the layer is a transposed convolution.
   * @param opts - the settings.
   * @throws RangeError for sizes that are not integers in range, or groups that do not divide both channel counts.
   * @throws TypeError for an unknown option.
   */
  constructor(
    op: string,
    nd: number,
    readonly inChannels: number,
    readonly outChannels: number,
    kernelSize: number | readonly number[],
    readonly transposed: boolean,
    opts: ConvLayerOptions<number | readonly number[]> & { outputPadding?: number | readonly number[] },
  ) {
    super();
    checkOptions(op, opts, transposed ? [...CONV_OPTIONS, 'outputPadding'] : CONV_OPTIONS);
    const groups = opts.groups ?? 1;
    if (![inChannels, outChannels, groups].every((v) => Number.isInteger(v) && v >= 1)) {
      throw new RangeError(`${op}: in_channels, out_channels and groups must be positive integers, got ${inChannels}, ${outChannels}, ${groups}`);
    }
    if (inChannels % groups !== 0 || outChannels % groups !== 0) {
      throw new RangeError(`${op}: in_channels (${inChannels}) and out_channels (${outChannels}) must be divisible by groups (${groups})`);
    }
    this.groups = groups;
    this.kernelSize = sizes(kernelSize, nd, 'kernel_size', op, 1) as unknown as T;
    this.stride = sizes(opts.stride ?? 1, nd, 'stride', op, 1) as unknown as T;
    this.dilation = sizes(opts.dilation ?? 1, nd, 'dilation', op, 1) as unknown as T;
    this.outputPadding = sizes(opts.outputPadding ?? 0, nd, 'outputPadding', op, 0) as unknown as T;
    const padding = opts.padding ?? 0;
    if (padding === 'same' || padding === 'valid') {
      if (padding === 'same' && this.stride.some((s) => s !== 1)) throw new RangeError(`${op}: padding='same' is not supported for strided convolutions`);
      this.padding = padding;
    } else if (typeof padding === 'string') {
      throw new RangeError(`${op}: invalid padding string '${String(padding)}', should be one of 'valid', 'same'`);
    } else {
      this.padding = sizes(padding, nd, 'padding', op, 0) as unknown as T;
    }
    const mode = opts.paddingMode ?? 'zeros';
    if (!['zeros', 'reflect', 'replicate', 'circular'].includes(mode)) {
      throw new RangeError(`${op}: padding_mode must be one of 'zeros', 'reflect', 'replicate', 'circular', got '${String(mode)}'`);
    }
    if (transposed && mode !== 'zeros') throw new RangeError(`${op}: only 'zeros' padding mode is supported for ${op}`);
    this.paddingMode = mode;
    const dtype = opts.dtype ?? 'float32';
    const init = opts.generator === undefined ? {} : { generator: opts.generator };
    const kernel = [...this.kernelSize];
    const shape = transposed ? [inChannels, outChannels / groups, ...kernel] : [outChannels, inChannels / groups, ...kernel];
    this.weight = new Parameter(zeros(shape, { dtype }));
    this.bias = opts.bias === false ? null : new Parameter(zeros([outChannels], { dtype }));
    kaimingUniform_(this.weight, { a: Math.sqrt(5), ...init });
    const fanIn = shape[1]! * kernel.reduce((a, b) => a * b, 1);
    if (this.bias !== null && fanIn > 0) uniform_(this.bias, -1 / Math.sqrt(fanIn), 1 / Math.sqrt(fanIn), init);
  }

  /**
   * The input padded as `paddingMode` says (for modes other than zeros, which the convolution
   * adds itself), and the padding left for the convolution.
   * @param input - the input.
   * @returns the padded input and the convolution's padding.
   */
  protected padded(input: Tensor): { x: Tensor; padding: T | 'same' | 'valid' } {
    if (this.paddingMode === 'zeros') return { x: input, padding: this.padding };
    const perDim: [number, number][] =
      this.padding === 'valid'
        ? this.kernelSize.map(() => [0, 0])
        : this.padding === 'same'
          ? this.kernelSize.map((k, i) => {
              const total = this.dilation[i]! * (k - 1);
              return [Math.floor(total / 2), total - Math.floor(total / 2)];
            })
          : this.padding.map((p) => [p, p]);
    // F.pad lists the last dim first
    const widths = [...perDim].reverse().flat();
    const zero = this.kernelSize.map(() => 0) as unknown as T;
    return { x: pad(input, widths, this.paddingMode), padding: zero };
  }

  /**
   * The settings, as PyTorch prints them (padding, dilation, output padding, groups, bias and
   * padding mode only when not the default).
   * @returns `in, out, kernel_size=…, stride=…[, …]`.
   */
  override extraRepr(): string {
    let s = `${this.inChannels}, ${this.outChannels}, kernel_size=${pySize(this.kernelSize)}, stride=${pySize(this.stride)}`;
    if (typeof this.padding === 'string' || this.padding.some((v) => v !== 0)) s += `, padding=${pySize(this.padding)}`;
    if (this.dilation.some((v) => v !== 1)) s += `, dilation=${pySize(this.dilation)}`;
    if (this.outputPadding.some((v) => v !== 0)) s += `, output_padding=${pySize(this.outputPadding)}`;
    if (this.groups !== 1) s += `, groups=${this.groups}`;
    if (this.bias === null) s += ', bias=False';
    if (this.paddingMode !== 'zeros') s += `, padding_mode=${this.paddingMode}`;
    return s;
  }
}

/**
 * A 1-D convolution layer, like `torch.nn.Conv1d`: weight `[out, in / groups, k]` and bias `[out]`,
 * both from U(−1/√fanIn, 1/√fanIn), fanIn = in / groups · k (PyTorch's default).
 *
 * Shape:
 * - Input: `[N, inChannels, L]` or unbatched `[inChannels, L]`.
 * - Output: `[N, outChannels, Lo]`, Lo = ⌊(L + 2·padding − dilation·(k − 1) − 1) / stride⌋ + 1.
 * @example
 * ```ts
 * import { Generator, zeros } from '@chainrule/autograd';
 * import { nn } from '@chainrule/nn';
 * const conv = new nn.Conv1d(4, 8, 3, { stride: 2, generator: new Generator(0) });
 * conv.forward(zeros([5, 4, 11])).shape; // [5, 8, 5]
 * conv.forward(zeros([4, 11])).shape; // [8, 5]
 * String(conv); // 'Conv1d(4, 8, kernel_size=(3,), stride=(2,))'
 * ```
 */
export class Conv1d extends ConvNd<[number]> {
  /**
   * @param inChannels - input channels.
   * @param outChannels - output channels.
   * @param kernelSize - the kernel's length.
   * @param opts - `stride`, `padding`, `dilation`, `groups`, `bias` (default true), `paddingMode`, `dtype`, `generator`.
   * @throws RangeError for sizes that are not integers in range, or groups that do not divide both channel counts.
   * @throws TypeError for an unknown option.
   */
  constructor(inChannels: number, outChannels: number, kernelSize: Size1, opts: ConvLayerOptions<Size1> = {}) {
    super('Conv1d', 1, inChannels, outChannels, kernelSize, false, opts);
  }

  /**
   * Applies the layer.
   * @param input - `[N, inChannels, L]` or `[inChannels, L]`.
   * @returns `[N, outChannels, Lo]` or `[outChannels, Lo]`.
   * @throws RangeError when the input's channels or size do not fit.
   * @throws TypeError when the input's dtype differs from the weight's.
   */
  forward(input: Tensor): Tensor {
    const { x, padding } = this.padded(input);
    return conv1d(x, this.weight, this.bias, { stride: this.stride, padding, dilation: this.dilation, groups: this.groups });
  }
}

/**
 * A 2-D convolution layer, like `torch.nn.Conv2d`: weight `[out, in / groups, kh, kw]` and bias
 * `[out]`, both initialised from U(−1/√fanIn, 1/√fanIn), fanIn = in / groups · kh · kw (PyTorch's
 * default, kaiming_uniform_ with a = √5).
 *
 * Shape:
 * - Input: `[N, inChannels, H, W]` or unbatched `[inChannels, H, W]`.
 * - Output: `[N, outChannels, Ho, Wo]`, Ho = ⌊(H + 2·padding − dilation·(kh − 1) − 1) / stride⌋ + 1
 *   (Wo likewise).
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
export class Conv2d extends ConvNd<[number, number]> {
  /**
   * @param inChannels - input channels.
   * @param outChannels - output channels.
   * @param kernelSize - the window.
   * @param opts - `stride`, `padding`, `dilation`, `groups`, `bias` (default true), `paddingMode`, `dtype`, `generator`.
   * @throws RangeError for sizes that are not integers in range, or groups that do not divide both channel counts.
   * @throws TypeError for an unknown option.
   */
  constructor(inChannels: number, outChannels: number, kernelSize: Size2, opts: ConvLayerOptions<Size2> = {}) {
    super('Conv2d', 2, inChannels, outChannels, kernelSize, false, opts);
  }

  /**
   * Applies the layer.
   * @param input - `[N, inChannels, H, W]` or `[inChannels, H, W]`.
   * @returns `[N, outChannels, Ho, Wo]` or `[outChannels, Ho, Wo]`.
   * @throws RangeError when the input's channels or size do not fit.
   * @throws TypeError when the input's dtype differs from the weight's.
   */
  forward(input: Tensor): Tensor {
    const { x, padding } = this.padded(input);
    return conv2d(x, this.weight, this.bias, { stride: this.stride, padding, dilation: this.dilation, groups: this.groups });
  }
}

/**
 * A 3-D convolution layer, like `torch.nn.Conv3d`: weight `[out, in / groups, kd, kh, kw]` and bias
 * `[out]`, initialised as PyTorch does.
 *
 * Shape:
 * - Input: `[N, inChannels, D, H, W]` or unbatched `[inChannels, D, H, W]`.
 * - Output: `[N, outChannels, Do, Ho, Wo]`, each size as {@link Conv2d}'s.
 * @example
 * ```ts
 * import { Generator, zeros } from '@chainrule/autograd';
 * import { nn } from '@chainrule/nn';
 * const conv = new nn.Conv3d(2, 4, [1, 3, 3], { padding: [0, 1, 1], generator: new Generator(0) });
 * conv.forward(zeros([1, 2, 5, 8, 8])).shape; // [1, 4, 5, 8, 8]
 * String(conv); // 'Conv3d(2, 4, kernel_size=(1, 3, 3), stride=(1, 1, 1), padding=(0, 1, 1))'
 * ```
 */
export class Conv3d extends ConvNd<[number, number, number]> {
  /**
   * @param inChannels - input channels.
   * @param outChannels - output channels.
   * @param kernelSize - the kernel.
   * @param opts - `stride`, `padding`, `dilation`, `groups`, `bias` (default true), `paddingMode`, `dtype`, `generator`.
   * @throws RangeError for sizes that are not integers in range, or groups that do not divide both channel counts.
   * @throws TypeError for an unknown option.
   */
  constructor(inChannels: number, outChannels: number, kernelSize: Size3, opts: ConvLayerOptions<Size3> = {}) {
    super('Conv3d', 3, inChannels, outChannels, kernelSize, false, opts);
  }

  /**
   * Applies the layer.
   * @param input - `[N, inChannels, D, H, W]` or `[inChannels, D, H, W]`.
   * @returns `[N, outChannels, Do, Ho, Wo]` (without N unbatched).
   * @throws RangeError when the input's channels or size do not fit.
   * @throws TypeError when the input's dtype differs from the weight's.
   */
  forward(input: Tensor): Tensor {
    const { x, padding } = this.padded(input);
    return conv3d(x, this.weight, this.bias, { stride: this.stride, padding, dilation: this.dilation, groups: this.groups });
  }
}

/** The transposed layers' output padding for a requested output size (PyTorch's `_output_padding`). */
function outputPaddingFor(layer: ConvNd<readonly number[], unknown[]>, op: string, input: Tensor, outputSize: readonly number[] | undefined): number[] {
  if (outputSize === undefined) return [...layer.outputPadding];
  const nd = layer.kernelSize.length;
  const size = outputSize.length === nd + 2 ? outputSize.slice(2) : [...outputSize];
  if (size.length !== nd) throw new RangeError(`${op}: outputSize must have ${nd} or ${nd + 2} elements, got ${fmt(outputSize)}`);
  const spatial = input.shape.slice(input.shape.length - nd);
  const padding = layer.padding as readonly number[];
  return size.map((s, i) => {
    const min = convTransposeOutSize(spatial[i]!, layer.kernelSize[i]!, layer.stride[i]!, padding[i]!, layer.dilation[i]!, 0);
    const max = min + layer.stride[i]! - 1;
    if (!(s >= min && s <= max)) {
      throw new RangeError(`${op}: requested an output size of ${fmt(size)}, but valid sizes range from ${fmt(spatial.map((x, j) => convTransposeOutSize(x, layer.kernelSize[j]!, layer.stride[j]!, padding[j]!, layer.dilation[j]!, 0)))} to ${fmt(spatial.map((x, j) => convTransposeOutSize(x, layer.kernelSize[j]!, layer.stride[j]!, padding[j]!, layer.dilation[j]!, 0) + layer.stride[j]! - 1))} (for an input of ${fmt(spatial)})`);
    }
    return s - min;
  });
}

/**
 * A 1-D transposed convolution layer ("deconvolution"), like `torch.nn.ConvTranspose1d`: weight
 * `[in, out / groups, k]` and bias `[out]`, initialised as PyTorch does (fanIn = out / groups · k).
 *
 * Shape:
 * - Input: `[N, inChannels, L]` or unbatched `[inChannels, L]`.
 * - Output: `[N, outChannels, Lo]`, Lo = (L − 1)·stride − 2·padding + dilation·(k − 1) + outputPadding + 1.
 * @example
 * ```ts
 * import { Generator, zeros } from '@chainrule/autograd';
 * import { nn } from '@chainrule/nn';
 * const up = new nn.ConvTranspose1d(4, 2, 4, { stride: 2, padding: 1, generator: new Generator(0) });
 * up.forward(zeros([1, 4, 10])).shape; // [1, 2, 20]
 * String(up); // 'ConvTranspose1d(4, 2, kernel_size=(4,), stride=(2,), padding=(1,))'
 * ```
 */
export class ConvTranspose1d extends ConvNd<[number], [input: Tensor, outputSize?: readonly number[]]> {
  /**
   * @param inChannels - input channels.
   * @param outChannels - output channels.
   * @param kernelSize - the kernel's length.
   * @param opts - `stride`, `padding`, `outputPadding`, `dilation`, `groups`, `bias` (default true), `dtype`, `generator`.
   * @throws RangeError for sizes that are not integers in range, groups that do not divide both channel counts, or a padding mode other than zeros.
   * @throws TypeError for an unknown option.
   */
  constructor(inChannels: number, outChannels: number, kernelSize: Size1, opts: ConvTransposeLayerOptions<Size1> = {}) {
    super('ConvTranspose1d', 1, inChannels, outChannels, kernelSize, true, opts);
  }

  /**
   * Applies the layer.
   * @param input - `[N, inChannels, L]` or `[inChannels, L]`.
   * @param outputSize - the output's length (or whole shape), to pick among the sizes a strided
   *   convolution maps to the input's; overrides `outputPadding`.
   * @returns `[N, outChannels, Lo]` or `[outChannels, Lo]`.
   * @throws RangeError when the input's channels do not fit, or for an output size out of range.
   * @throws TypeError when the input's dtype differs from the weight's.
   */
  forward(input: Tensor, outputSize?: readonly number[]): Tensor {
    const outputPadding = outputPaddingFor(this, 'ConvTranspose1d', input, outputSize);
    return convTranspose1d(input, this.weight, this.bias, { stride: this.stride, padding: this.padding as [number], outputPadding: outputPadding as [number], dilation: this.dilation, groups: this.groups });
  }
}

/**
 * A 2-D transposed convolution layer ("deconvolution"), like `torch.nn.ConvTranspose2d`: weight
 * `[in, out / groups, kh, kw]` and bias `[out]`, initialised as PyTorch does (fanIn = out / groups ·
 * kh · kw). `forward(x, outputSize)` picks the output size where several are possible.
 *
 * Shape:
 * - Input: `[N, inChannels, H, W]` or unbatched `[inChannels, H, W]`.
 * - Output: `[N, outChannels, Ho, Wo]`, Ho = (H − 1)·stride − 2·padding + dilation·(kh − 1) +
 *   outputPadding + 1 (Wo likewise).
 * @example
 * ```ts
 * import { Generator, zeros } from '@chainrule/autograd';
 * import { nn } from '@chainrule/nn';
 * const down = new nn.Conv2d(16, 16, 3, { stride: 2, padding: 1, generator: new Generator(0) });
 * const up = new nn.ConvTranspose2d(16, 16, 3, { stride: 2, padding: 1, generator: new Generator(1) });
 * const x = zeros([1, 16, 12, 12]);
 * const h = down.forward(x);
 * h.shape; // [1, 16, 6, 6]
 * up.forward(h).shape; // [1, 16, 11, 11]
 * up.forward(h, x.shape).shape; // [1, 16, 12, 12]
 * ```
 */
export class ConvTranspose2d extends ConvNd<[number, number], [input: Tensor, outputSize?: readonly number[]]> {
  /**
   * @param inChannels - input channels.
   * @param outChannels - output channels.
   * @param kernelSize - the kernel.
   * @param opts - `stride`, `padding`, `outputPadding`, `dilation`, `groups`, `bias` (default true), `dtype`, `generator`.
   * @throws RangeError for sizes that are not integers in range, groups that do not divide both channel counts, or a padding mode other than zeros.
   * @throws TypeError for an unknown option.
   */
  constructor(inChannels: number, outChannels: number, kernelSize: Size2, opts: ConvTransposeLayerOptions<Size2> = {}) {
    super('ConvTranspose2d', 2, inChannels, outChannels, kernelSize, true, opts);
  }

  /**
   * Applies the layer.
   * @param input - `[N, inChannels, H, W]` or `[inChannels, H, W]`.
   * @param outputSize - the output's spatial size (or whole shape), to pick among the sizes a
   *   strided convolution maps to the input's; overrides `outputPadding`.
   * @returns `[N, outChannels, Ho, Wo]` or `[outChannels, Ho, Wo]`.
   * @throws RangeError when the input's channels do not fit, or for an output size out of range.
   * @throws TypeError when the input's dtype differs from the weight's.
   */
  forward(input: Tensor, outputSize?: readonly number[]): Tensor {
    const outputPadding = outputPaddingFor(this, 'ConvTranspose2d', input, outputSize);
    return convTranspose2d(input, this.weight, this.bias, { stride: this.stride, padding: this.padding as [number, number], outputPadding: outputPadding as [number, number], dilation: this.dilation, groups: this.groups });
  }
}

/**
 * A 3-D transposed convolution layer, like `torch.nn.ConvTranspose3d`: weight
 * `[in, out / groups, kd, kh, kw]` and bias `[out]`, initialised as PyTorch does.
 *
 * Shape:
 * - Input: `[N, inChannels, D, H, W]` or unbatched `[inChannels, D, H, W]`.
 * - Output: `[N, outChannels, Do, Ho, Wo]`, each size as {@link ConvTranspose2d}'s.
 * @example
 * ```ts
 * import { Generator, zeros } from '@chainrule/autograd';
 * import { nn } from '@chainrule/nn';
 * const up = new nn.ConvTranspose3d(2, 1, 2, { stride: 2, generator: new Generator(0) });
 * up.forward(zeros([1, 2, 3, 3, 3])).shape; // [1, 1, 6, 6, 6]
 * ```
 */
export class ConvTranspose3d extends ConvNd<[number, number, number], [input: Tensor, outputSize?: readonly number[]]> {
  /**
   * @param inChannels - input channels.
   * @param outChannels - output channels.
   * @param kernelSize - the kernel.
   * @param opts - `stride`, `padding`, `outputPadding`, `dilation`, `groups`, `bias` (default true), `dtype`, `generator`.
   * @throws RangeError for sizes that are not integers in range, groups that do not divide both channel counts, or a padding mode other than zeros.
   * @throws TypeError for an unknown option.
   */
  constructor(inChannels: number, outChannels: number, kernelSize: Size3, opts: ConvTransposeLayerOptions<Size3> = {}) {
    super('ConvTranspose3d', 3, inChannels, outChannels, kernelSize, true, opts);
  }

  /**
   * Applies the layer.
   * @param input - `[N, inChannels, D, H, W]` or `[inChannels, D, H, W]`.
   * @param outputSize - the output's spatial size (or whole shape); overrides `outputPadding`.
   * @returns `[N, outChannels, Do, Ho, Wo]` (without N unbatched).
   * @throws RangeError when the input's channels do not fit, or for an output size out of range.
   * @throws TypeError when the input's dtype differs from the weight's.
   */
  forward(input: Tensor, outputSize?: readonly number[]): Tensor {
    const outputPadding = outputPaddingFor(this, 'ConvTranspose3d', input, outputSize);
    return convTranspose3d(input, this.weight, this.bias, {
      stride: this.stride,
      padding: this.padding as [number, number, number],
      outputPadding: outputPadding as [number, number, number],
      dilation: this.dilation,
      groups: this.groups,
    });
  }
}
