/**
 * Convolutions over 1, 2 or 3 spatial dims (`[N, C, L]`, `[N, C, H, W]`, `[N, C, D, H, W]`, or
 * unbatched without N), as im2col: every window becomes a column (`windows.ts`), then a
 * convolution is one matrix product; a transposed convolution is the adjoint, a matrix product
 * whose columns are added back onto the output (col2im). Composed from autograd ops, so gradients
 * of any order come from their rules.
 * @module
 */
import { cat, convolution, markRegion } from '@chainrule/autograd';
import type { Tensor } from '@chainrule/autograd';
import { batched, checkFloat, checkOptions, fmt, sizes } from './options.js';
import { foldWindows, slidingAxis, slidingOutSize, window2d, windows } from './windows.js';
import type { WindowAxis } from './windows.js';

/**
 * A size for the one spatial dim of 1-D layers: a number or `[length]`.
 * @example
 * ```ts
 * import type { Size1 } from '@chainrule/nn/functional';
 * const k: Size1 = [3];
 * k; // [3]
 * ```
 */
export type Size1 = number | readonly [number];

/**
 * A size for both spatial dims, or `[height, width]`.
 * @example
 * ```ts
 * import type { Size2 } from '@chainrule/nn/functional';
 * const square: Size2 = 3;
 * const wide: Size2 = [1, 5];
 * [square, wide]; // [3, [1, 5]]
 * ```
 */
export type Size2 = number | readonly [number, number];

/**
 * A size for the three spatial dims of 3-D layers, or `[depth, height, width]`.
 * @example
 * ```ts
 * import type { Size3 } from '@chainrule/nn/functional';
 * const cube: Size3 = 2;
 * const flat: Size3 = [1, 3, 3];
 * [cube, flat]; // [2, [1, 3, 3]]
 * ```
 */
export type Size3 = number | readonly [number, number, number];

/**
 * Options of the convolutions ({@link conv1d}, {@link conv2d}, {@link conv3d}), `S` the size type
 * of their spatial dims.
 * @typeParam S - {@link Size1}, {@link Size2} or {@link Size3}.
 * @example
 * ```ts
 * import type { ConvOptions, Size2 } from '@chainrule/nn/functional';
 * const opts: ConvOptions<Size2> = { stride: 2, padding: [1, 0] };
 * const same: ConvOptions<Size2> = { padding: 'same' };
 * [opts.stride, same.padding]; // [2, 'same']
 * ```
 */
export interface ConvOptions<S> {
  /** Step between windows (default 1). */
  stride?: S;
  /** Zeros added on each side (default 0), or `'valid'` (none) or `'same'` (the output as large as the input; stride 1 only, the odd one on the end side). */
  padding?: S | 'same' | 'valid';
  /** Spacing between the kernel's taps (default 1). */
  dilation?: S;
  /** Channel groups: input and output channels are split into this many independent convolutions (default 1). */
  groups?: number;
}

/**
 * Options of {@link conv2d}.
 * @example
 * ```ts
 * import type { Conv2dOptions } from '@chainrule/nn/functional';
 * const opts: Conv2dOptions = { stride: 2, padding: [1, 0] };
 * opts.stride; // 2
 * ```
 */
export type Conv2dOptions = ConvOptions<Size2>;

/**
 * Options of the transposed convolutions ({@link convTranspose1d}, {@link convTranspose2d},
 * {@link convTranspose3d}): the convolution whose input gradient they compute.
 * @typeParam S - {@link Size1}, {@link Size2} or {@link Size3}.
 * @example
 * ```ts
 * import type { ConvTransposeOptions, Size2 } from '@chainrule/nn/functional';
 * const opts: ConvTransposeOptions<Size2> = { stride: 2, padding: 1, outputPadding: 1 };
 * opts.outputPadding; // 1
 * ```
 */
export interface ConvTransposeOptions<S> {
  /** The stride of the convolution it transposes (default 1): the output is about this many times larger. */
  stride?: S;
  /** The padding of that convolution (default 0): removed from each side of the output. */
  padding?: S;
  /** Extra size on the end side of the output (default 0; smaller than the stride or the dilation), to pick among the sizes a strided convolution maps to the same size. */
  outputPadding?: S;
  /** Spacing between the kernel's taps (default 1). */
  dilation?: S;
  /** Channel groups (default 1). */
  groups?: number;
}

/**
 * Options of {@link unfold} and {@link fold}.
 * @example
 * ```ts
 * import type { UnfoldOptions } from '@chainrule/nn/functional';
 * const opts: UnfoldOptions = { stride: [2, 1], padding: 1 };
 * opts.padding; // 1
 * ```
 */
export interface UnfoldOptions {
  /** Step between windows (default 1). */
  stride?: Size2;
  /** Zeros added on each side (default 0). */
  padding?: Size2;
  /** Spacing between the window's taps (default 1). */
  dilation?: Size2;
}

const LAYOUT = ['[N, C, L]', '[N, C, H, W]', '[N, C, D, H, W]'];

/** @internal The sliding axes of a convolution over `spatial`, with their padding on both sides; throws when the kernel does not fit. */
export function convAxes(op: string, spatial: readonly number[], k: readonly number[], stride: readonly number[], pad: readonly (readonly [number, number])[], dilation: readonly number[]): WindowAxis[] {
  const out = spatial.map((s, i) => slidingOutSize(s, k[i]!, stride[i]!, pad[i]![0], pad[i]![1], dilation[i]!));
  if (out.some((o) => o < 1)) {
    const padded = spatial.map((s, i) => s + pad[i]![0] + pad[i]![1]);
    throw new RangeError(`${op}: the kernel (${k.join('×')}, dilation ${dilation.join('×')}) does not fit the padded input (${padded.join('×')})`);
  }
  return spatial.map((s, i) => slidingAxis(s, k[i]!, stride[i]!, pad[i]![0], dilation[i]!, out[i]!));
}

/** The padding on both sides of each dim: numbers, 'valid', or 'same' (stride 1; the extra one at the end, as PyTorch). */
function convPadding(op: string, padding: number | readonly number[] | 'same' | 'valid', nd: number, k: readonly number[], stride: readonly number[], dilation: readonly number[]): [number, number][] {
  if (padding === 'valid') return k.map(() => [0, 0]);
  if (padding === 'same') {
    if (stride.some((s) => s !== 1)) throw new RangeError(`${op}: padding='same' is not supported for strided convolutions`);
    return k.map((ki, i) => {
      const total = dilation[i]! * (ki - 1);
      return [Math.floor(total / 2), total - Math.floor(total / 2)];
    });
  }
  if (typeof padding === 'string') throw new RangeError(`${op}: invalid padding string '${String(padding)}', should be one of 'valid', 'same'`);
  return sizes(padding, nd, 'padding', op, 0).map((p) => [p, p]);
}

function checkBias(op: string, bias: Tensor | null | undefined, o: number, dtype: string): void {
  if (bias === null || bias === undefined) return;
  if (bias.ndim !== 1 || bias.shape[0] !== o) throw new RangeError(`${op}: expected a bias of shape [${o}], got ${fmt(bias.shape)}`);
  if (bias.dtype !== dtype) throw new TypeError(`${op}: input (${dtype}) and bias (${bias.dtype}) must have the same dtype`);
}

function convNd(op: string, nd: number, input: Tensor, weight: Tensor, bias: Tensor | null | undefined, opts: ConvOptions<number | readonly number[]>): Tensor {
  checkOptions(op, opts, ['stride', 'padding', 'dilation', 'groups']);
  const { x, unbatch } = batched(input, nd, op, LAYOUT[nd - 1]!);
  checkFloat(x, op);
  const [n, c] = x.shape as [number, number];
  if (weight.ndim !== nd + 2) throw new RangeError(`${op}: expected a ${nd + 2}-D weight [O, C / groups, ...kernel], got shape ${fmt(weight.shape)}`);
  const [o, cg] = weight.shape as [number, number];
  const k = weight.shape.slice(2);
  const groups = opts.groups ?? 1;
  if (!Number.isInteger(groups) || groups < 1 || o % groups !== 0) {
    throw new RangeError(`${op}: groups must be a positive integer dividing the output channels (${o}), got ${groups}`);
  }
  if (cg * groups !== c) {
    throw new RangeError(`${op}: Given groups=${groups}, weight of size ${fmt(weight.shape)}, expected input${fmt(x.shape)} to have ${cg * groups} channels, but got ${c} channels instead`);
  }
  if (weight.dtype !== x.dtype) throw new TypeError(`${op}: input (${x.dtype}) and weight (${weight.dtype}) must have the same dtype`);
  checkBias(op, bias, o, x.dtype);
  const stride = sizes(opts.stride ?? 1, nd, 'stride', op, 1);
  const dilation = sizes(opts.dilation ?? 1, nd, 'dilation', op, 1);
  const pad = convPadding(op, opts.padding ?? 0, nd, k, stride, dilation);
  const axes = convAxes(op, x.shape.slice(2), k, stride, pad, dilation);
  const win = groups === 1 && pad.every(([before, after]) => before === after) ? window2d(x, axes, 0, false) : null;
  if (win !== null) {
    // 2-D, one group: autograd's convolution primitive (each image's windows made, used and dropped)
    const y = convolution(x.contiguous(), weight.contiguous(), win);
    return unbatch(bias === null || bias === undefined ? y : y.add(bias.reshape([o, 1, 1])));
  }
  const cols = windows(x, axes, 0, false); // [N, C, K, L]
  const kk = cols.shape[2]!;
  const l = cols.shape[3]!;
  const og = o / groups;
  const parts: Tensor[] = [];
  for (let g = 0; g < groups; g++) {
    const xs = groups === 1 ? cols : cols.narrow(1, g * cg, cg);
    const w = groups === 1 ? weight : weight.narrow(0, g * og, og);
    // [og, cg·K] · [N, cg·K, L] → [N, og, L]
    parts.push(w.reshape([og, cg * kk]).matmul(xs.reshape([n, cg * kk, l])));
  }
  const y = (groups === 1 ? parts[0]! : cat(parts, 1)).reshape([n, o, ...axes.map((a) => a.out)]);
  return unbatch(bias === null || bias === undefined ? y : y.add(bias.reshape([o, ...new Array<number>(nd).fill(1)])));
}

/**
 * 1-D convolution (cross-correlation, as PyTorch computes it), like `F.conv1d`.
 * @param input - `[N, C, L]` or unbatched `[C, L]`.
 * @param weight - `[O, C / groups, k]`.
 * @param bias - `[O]`, or null/undefined for none.
 * @param opts - `stride`, `padding` (zeros, `'same'` or `'valid'`), `dilation`, `groups`.
 * @returns `[N, O, Lo]` (`[O, Lo]` unbatched).
 * @throws RangeError when the shapes do not fit, or for sizes that are not integers in range.
 * @throws TypeError when the dtypes differ, for a non-float input, or an unknown option.
 * @example
 * ```ts
 * import { tensor } from '@chainrule/autograd';
 * import * as F from '@chainrule/nn/functional';
 * const signal = tensor([[[1, 2, 3, 4]]]);
 * F.conv1d(signal, tensor([[[1, -1]]])); // tensor([[[-1., -1., -1.]]])
 * F.conv1d(signal, tensor([[[1, 1, 1]]]), null, { padding: 'same' }); // tensor([[[3., 6., 9., 7.]]])
 * ```
 */
export function conv1d(input: Tensor, weight: Tensor, bias?: Tensor | null, opts: ConvOptions<Size1> = {}): Tensor {
  return convNd('conv1d', 1, input, weight, bias, opts);
}

/**
 * 2-D convolution (cross-correlation, as PyTorch computes it), like `F.conv2d`.
 * @param input - `[N, C, H, W]` or unbatched `[C, H, W]`.
 * @param weight - `[O, C / groups, kh, kw]`.
 * @param bias - `[O]`, or null/undefined for none.
 * @param opts - `stride`, `padding` (zeros, `'same'` or `'valid'`), `dilation`, `groups`.
 * @returns `[N, O, Ho, Wo]` (`[O, Ho, Wo]` unbatched).
 * @throws RangeError when the shapes do not fit (PyTorch's message for the channels), or for sizes
 *   that are not integers in range.
 * @throws TypeError when the dtypes differ, for a non-float input, or an unknown option.
 * @example
 * ```ts
 * import { arange, ones } from '@chainrule/autograd';
 * import * as F from '@chainrule/nn/functional';
 * const img = arange(16).reshape([1, 1, 4, 4]).float();
 * F.conv2d(img, ones([1, 1, 2, 2]), null, { stride: 2 }); // tensor([[[[10., 18.], [42., 50.]]]])
 * ```
 */
export function conv2d(input: Tensor, weight: Tensor, bias?: Tensor | null, opts: Conv2dOptions = {}): Tensor {
  // a layer-level op in a compiled graph (a back end or an exporter finds it by name)
  return markRegion('conv2d', { ...opts }, [input, weight, bias], () => convNd('conv2d', 2, input, weight, bias, opts));
}

/**
 * 3-D convolution (cross-correlation, as PyTorch computes it), like `F.conv3d`.
 * @param input - `[N, C, D, H, W]` or unbatched `[C, D, H, W]`.
 * @param weight - `[O, C / groups, kd, kh, kw]`.
 * @param bias - `[O]`, or null/undefined for none.
 * @param opts - `stride`, `padding` (zeros, `'same'` or `'valid'`), `dilation`, `groups`.
 * @returns `[N, O, Do, Ho, Wo]` (without N unbatched).
 * @throws RangeError when the shapes do not fit, or for sizes that are not integers in range.
 * @throws TypeError when the dtypes differ, for a non-float input, or an unknown option.
 * @example
 * ```ts
 * import { ones } from '@chainrule/autograd';
 * import * as F from '@chainrule/nn/functional';
 * F.conv3d(ones([1, 1, 3, 3, 3]), ones([2, 1, 2, 2, 2])).shape; // [1, 2, 2, 2, 2]
 * F.conv3d(ones([1, 3, 3, 3]), ones([1, 1, 3, 3, 3])).item(); // 27
 * ```
 */
export function conv3d(input: Tensor, weight: Tensor, bias?: Tensor | null, opts: ConvOptions<Size3> = {}): Tensor {
  return convNd('conv3d', 3, input, weight, bias, opts);
}

/** @internal Output sizes of a transposed convolution: (in − 1)·stride − 2·padding + dilation·(k − 1) + outputPadding + 1. */
export function convTransposeOutSize(inSize: number, k: number, stride: number, padding: number, dilation: number, outputPadding: number): number {
  return (inSize - 1) * stride - 2 * padding + dilation * (k - 1) + outputPadding + 1;
}

function convTransposeNd(op: string, nd: number, input: Tensor, weight: Tensor, bias: Tensor | null | undefined, opts: ConvTransposeOptions<number | readonly number[]>): Tensor {
  checkOptions(op, opts, ['stride', 'padding', 'outputPadding', 'dilation', 'groups']);
  const { x, unbatch } = batched(input, nd, op, LAYOUT[nd - 1]!);
  checkFloat(x, op);
  const [n, c] = x.shape as [number, number];
  if (weight.ndim !== nd + 2) throw new RangeError(`${op}: expected a ${nd + 2}-D weight [C, O / groups, ...kernel], got shape ${fmt(weight.shape)}`);
  const [wc, og] = weight.shape as [number, number];
  const k = weight.shape.slice(2);
  const groups = opts.groups ?? 1;
  if (!Number.isInteger(groups) || groups < 1 || wc % groups !== 0) {
    throw new RangeError(`${op}: groups must be a positive integer dividing the input channels (${wc}), got ${groups}`);
  }
  if (wc !== c) {
    throw new RangeError(`${op}: Given transposed=1, weight of size ${fmt(weight.shape)}, expected input${fmt(x.shape)} to have ${wc} channels, but got ${c} channels instead`);
  }
  if (weight.dtype !== x.dtype) throw new TypeError(`${op}: input (${x.dtype}) and weight (${weight.dtype}) must have the same dtype`);
  const o = og * groups;
  checkBias(op, bias, o, x.dtype);
  const stride = sizes(opts.stride ?? 1, nd, 'stride', op, 1);
  const padding = sizes(opts.padding ?? 0, nd, 'padding', op, 0);
  const outputPadding = sizes(opts.outputPadding ?? 0, nd, 'outputPadding', op, 0);
  const dilation = sizes(opts.dilation ?? 1, nd, 'dilation', op, 1);
  outputPadding.forEach((p, i) => {
    if (p >= stride[i]! && p >= dilation[i]!) {
      throw new RangeError(`${op}: output padding must be smaller than either stride or dilation, but got outputPadding ${fmt(outputPadding)}, stride ${fmt(stride)}, dilation ${fmt(dilation)}`);
    }
  });
  const inSizes = x.shape.slice(2);
  const outSizes = inSizes.map((s, i) => convTransposeOutSize(s, k[i]!, stride[i]!, padding[i]!, dilation[i]!, outputPadding[i]!));
  if (outSizes.some((s) => s < 1)) throw new RangeError(`${op}: the output would be empty: input ${fmt(x.shape)}, kernel ${fmt(k)}, stride ${fmt(stride)}, padding ${fmt(padding)}`);
  // the convolution this one transposes maps the output's windows onto the input's positions
  const axes = outSizes.map((s, i) => slidingAxis(s, k[i]!, stride[i]!, padding[i]!, dilation[i]!, inSizes[i]!));
  const kk = k.reduce((a, b) => a * b, 1);
  const l = inSizes.reduce((a, b) => a * b, 1);
  const cg = c / groups;
  const flat = x.reshape([n, c, l]);
  const parts: Tensor[] = [];
  for (let g = 0; g < groups; g++) {
    const w = groups === 1 ? weight : weight.narrow(0, g * cg, cg);
    const xs = groups === 1 ? flat : flat.narrow(1, g * cg, cg);
    // [og·K, cg] · [N, cg, L] → [N, og·K, L]: each input position's contribution to its window
    parts.push(w.reshape([cg, og * kk]).transpose(0, 1).matmul(xs));
  }
  const cols = (groups === 1 ? parts[0]! : cat(parts, 1)).reshape([n, o, kk, l]);
  const y = foldWindows(cols, axes);
  return unbatch(bias === null || bias === undefined ? y : y.add(bias.reshape([o, ...new Array<number>(nd).fill(1)])));
}

/**
 * 1-D transposed convolution ("deconvolution"), like `F.conv_transpose1d`: the gradient of
 * {@link conv1d} with respect to its input, as a layer; the output length is
 * (L − 1)·stride − 2·padding + dilation·(k − 1) + outputPadding + 1.
 * @param input - `[N, C, L]` or unbatched `[C, L]`.
 * @param weight - `[C, O / groups, k]`.
 * @param bias - `[O]`, or null/undefined for none.
 * @param opts - `stride`, `padding`, `outputPadding`, `dilation`, `groups`.
 * @returns `[N, O, Lo]` (`[O, Lo]` unbatched).
 * @throws RangeError when the shapes do not fit, or for sizes that are not integers in range.
 * @throws TypeError when the dtypes differ, for a non-float input, or an unknown option.
 * @example
 * ```ts
 * import { tensor } from '@chainrule/autograd';
 * import * as F from '@chainrule/nn/functional';
 * F.convTranspose1d(tensor([[[1, 2]]]), tensor([[[1, 10, 100]]])); // tensor([[[  1.,  12., 120., 200.]]])
 * F.convTranspose1d(tensor([[[1, 2]]]), tensor([[[1, 1]]]), null, { stride: 2 }); // tensor([[[1., 1., 2., 2.]]])
 * ```
 */
export function convTranspose1d(input: Tensor, weight: Tensor, bias?: Tensor | null, opts: ConvTransposeOptions<Size1> = {}): Tensor {
  return convTransposeNd('convTranspose1d', 1, input, weight, bias, opts);
}

/**
 * 2-D transposed convolution ("deconvolution"), like `F.conv_transpose2d`: the gradient of
 * {@link conv2d} with respect to its input; each output size is
 * (in − 1)·stride − 2·padding + dilation·(k − 1) + outputPadding + 1.
 * @param input - `[N, C, H, W]` or unbatched `[C, H, W]`.
 * @param weight - `[C, O / groups, kh, kw]`.
 * @param bias - `[O]`, or null/undefined for none.
 * @param opts - `stride`, `padding`, `outputPadding`, `dilation`, `groups`.
 * @returns `[N, O, Ho, Wo]` (`[O, Ho, Wo]` unbatched).
 * @throws RangeError when the shapes do not fit, or for sizes that are not integers in range.
 * @throws TypeError when the dtypes differ, for a non-float input, or an unknown option.
 * @example
 * ```ts
 * import { ones } from '@chainrule/autograd';
 * import * as F from '@chainrule/nn/functional';
 * F.convTranspose2d(ones([1, 1, 2, 2]), ones([1, 1, 2, 2])); // tensor([[[[1., 2., 1.], [2., 4., 2.], [1., 2., 1.]]]])
 * F.convTranspose2d(ones([1, 4, 7, 7]), ones([4, 2, 3, 3]), null, { stride: 2, padding: 1, outputPadding: 1 }).shape; // [1, 2, 14, 14]
 * ```
 */
export function convTranspose2d(input: Tensor, weight: Tensor, bias?: Tensor | null, opts: ConvTransposeOptions<Size2> = {}): Tensor {
  return convTransposeNd('convTranspose2d', 2, input, weight, bias, opts);
}

/**
 * 3-D transposed convolution, like `F.conv_transpose3d`: the gradient of {@link conv3d} with
 * respect to its input.
 * @param input - `[N, C, D, H, W]` or unbatched `[C, D, H, W]`.
 * @param weight - `[C, O / groups, kd, kh, kw]`.
 * @param bias - `[O]`, or null/undefined for none.
 * @param opts - `stride`, `padding`, `outputPadding`, `dilation`, `groups`.
 * @returns `[N, O, Do, Ho, Wo]` (without N unbatched).
 * @throws RangeError when the shapes do not fit, or for sizes that are not integers in range.
 * @throws TypeError when the dtypes differ, for a non-float input, or an unknown option.
 * @example
 * ```ts
 * import { ones } from '@chainrule/autograd';
 * import * as F from '@chainrule/nn/functional';
 * F.convTranspose3d(ones([1, 2, 2, 2, 2]), ones([2, 3, 2, 2, 2]), null, { stride: 2 }).shape; // [1, 3, 4, 4, 4]
 * ```
 */
export function convTranspose3d(input: Tensor, weight: Tensor, bias?: Tensor | null, opts: ConvTransposeOptions<Size3> = {}): Tensor {
  return convTransposeNd('convTranspose3d', 3, input, weight, bias, opts);
}

function unfoldAxes(op: string, spatial: readonly number[], kernelSize: Size2, opts: UnfoldOptions): WindowAxis[] {
  checkOptions(op, opts, ['stride', 'padding', 'dilation']);
  const k = sizes(kernelSize, 2, 'kernel_size', op, 1);
  const padding = sizes(opts.padding ?? 0, 2, 'padding', op, 0);
  return convAxes(op, spatial, k, sizes(opts.stride ?? 1, 2, 'stride', op, 1), padding.map((p) => [p, p] as const), sizes(opts.dilation ?? 1, 2, 'dilation', op, 1));
}

/**
 * The sliding windows of a batch of images as columns, like `F.unfold` (im2col): `[N, C, H, W]` to
 * `[N, C·kh·kw, L]`, one column per output position, channel-major within a column.
 * @param input - `[N, C, H, W]` (or unbatched `[C, H, W]`).
 * @param kernelSize - the window.
 * @param opts - `stride`, `padding` (zeros), `dilation`.
 * @returns `[N, C·kh·kw, L]` (`[C·kh·kw, L]` unbatched).
 * @throws RangeError for an input that is not 3-D or 4-D, sizes that are not integers in range, or
 *   a window larger than the padded input.
 * @throws TypeError for a non-float input or an unknown option.
 * @example
 * ```ts
 * import { arange } from '@chainrule/autograd';
 * import * as F from '@chainrule/nn/functional';
 * const img = arange(9).reshape([1, 1, 3, 3]).float();
 * F.unfold(img, 2).tolist(); // [[[0, 1, 3, 4], [1, 2, 4, 5], [3, 4, 6, 7], [4, 5, 7, 8]]]
 * ```
 */
export function unfold(input: Tensor, kernelSize: Size2, opts: UnfoldOptions = {}): Tensor {
  const { x, unbatch } = batched(input, 2, 'unfold', '[N, C, H, W]');
  checkFloat(x, 'unfold');
  const cols = windows(x, unfoldAxes('unfold', x.shape.slice(2), kernelSize, opts), 0, false);
  const [n, c, kk, l] = cols.shape as [number, number, number, number];
  return unbatch(cols.reshape([n, c * kk, l]));
}

/**
 * The adjoint of {@link unfold}, like `F.fold` (col2im): columns `[N, C·kh·kw, L]` summed back
 * into images `[N, C, H, W]`, overlapping entries added.
 * @param input - `[N, C·kh·kw, L]` (or unbatched `[C·kh·kw, L]`), L the window positions in an
 *   `outputSize` image.
 * @param outputSize - `[H, W]` (or one number for both).
 * @param kernelSize - the window.
 * @param opts - `stride`, `padding`, `dilation`.
 * @returns `[N, C, H, W]` (`[C, H, W]` unbatched).
 * @throws RangeError when the columns do not fit the window count or size.
 * @throws TypeError for a non-float input or an unknown option.
 * @example
 * ```ts
 * import { ones } from '@chainrule/autograd';
 * import * as F from '@chainrule/nn/functional';
 * F.fold(ones([1, 4, 4]), [3, 3], 2); // tensor([[[[1., 2., 1.], [2., 4., 2.], [1., 2., 1.]]]])
 * ```
 */
export function fold(input: Tensor, outputSize: Size2, kernelSize: Size2, opts: UnfoldOptions = {}): Tensor {
  const { x, unbatch } = batched(input, 1, 'fold', '[N, C·kh·kw, L]');
  checkFloat(x, 'fold');
  const axes = unfoldAxes('fold', sizes(outputSize, 2, 'output_size', 'fold', 1), kernelSize, opts);
  const kk = axes[0]!.taps * axes[1]!.taps;
  const l = axes[0]!.out * axes[1]!.out;
  const [n, ck, li] = x.shape as [number, number, number];
  if (ck % kk !== 0) throw new RangeError(`fold: expected size of input's dimension 1 to be divisible by the product of kernel_size (${kk}), but got input ${fmt(x.shape)}`);
  if (li !== l) throw new RangeError(`fold: given output_size ${fmt(axes.map((a) => a.size))}, kernel and stride, expected ${l} window positions in dimension 2 of the input, but got ${li}`);
  return unbatch(foldWindows(x.reshape([n, ck / kk, kk, l]), axes));
}
