/**
 * 2-D convolution and pooling over `[N, C, H, W]` tensors. A convolution of one group is autograd's
 * `convolution` primitive (image by image: each image's windows as columns, times the filters);
 * with groups, and for {@link unfold} and pooling, autograd's `im2col` lays every window out as a
 * column (its gradient `col2im` adds overlapping windows back), then a grouped convolution is a
 * matrix product per group and a pooling one reduction. Composed from autograd ops, so gradients
 * of any order come from their rules.
 * @module
 */
import { cat, convolution, im2col, markRegion } from '@chainrule/autograd';
import type { Tensor, Window2d } from '@chainrule/autograd';

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
 * Options of {@link conv2d} and {@link unfold}.
 * @example
 * ```ts
 * import type { Conv2dOptions } from '@chainrule/nn/functional';
 * const opts: Conv2dOptions = { stride: 2, padding: [1, 0] };
 * opts.stride; // 2
 * ```
 */
export interface Conv2dOptions {
  /** Step between windows (default 1). */
  stride?: Size2;
  /** Zeros added on each side (default 0). */
  padding?: Size2;
  /** Spacing between the kernel's taps (default 1). */
  dilation?: Size2;
  /** Channel groups: input and output channels are split into this many independent convolutions (default 1). */
  groups?: number;
}

/**
 * Options of {@link maxPool2d} and {@link avgPool2d}.
 * @example
 * ```ts
 * import type { Pool2dOptions } from '@chainrule/nn/functional';
 * const opts: Pool2dOptions = { stride: 1, padding: 1 };
 * opts.padding; // 1
 * ```
 */
export interface Pool2dOptions {
  /** Step between windows (default: the kernel size). */
  stride?: Size2;
  /** Padding on each side (default 0; at most half the kernel): −∞ for max, 0 for avg. */
  padding?: Size2;
  /** Spacing between the window's taps, max pooling only (default 1). */
  dilation?: Size2;
}

const pair = (s: Size2, what: string, op: string, min: number): [number, number] => {
  const p: [number, number] = typeof s === 'number' ? [s, s] : [s[0], s[1]];
  if (!p.every((v) => Number.isInteger(v) && v >= min)) throw new RangeError(`${op}: ${what} must be integers ≥ ${min}, got ${JSON.stringify(s)}`);
  return p;
};

function check4d(x: Tensor, op: string): [number, number, number, number] {
  if (x.ndim !== 4) throw new RangeError(`${op}: expected a 4-D input [N, C, H, W], got shape [${x.shape.join(', ')}]`);
  if (x.dtype !== 'float32' && x.dtype !== 'float64') throw new TypeError(`${op}: expected a float input, got ${x.dtype}`);
  return x.shape as [number, number, number, number];
}

/** The geometry of `k`-sized windows over `x` (`byWindow`: each window's taps contiguous, for a reduction over them). */
function geometry(x: Tensor, k: [number, number], stride: [number, number], padding: [number, number], dilation: [number, number], padValue: number, op: string, byWindow = false): Window2d {
  const [, , h, w] = check4d(x, op);
  const hp = h + 2 * padding[0];
  const wp = w + 2 * padding[1];
  const oh = Math.floor((hp - dilation[0] * (k[0] - 1) - 1) / stride[0]) + 1;
  const ow = Math.floor((wp - dilation[1] * (k[1] - 1) - 1) / stride[1]) + 1;
  if (oh < 1 || ow < 1) {
    throw new RangeError(`${op}: the kernel (${k[0]}×${k[1]}, dilation ${dilation.join('×')}) does not fit the padded input (${hp}×${wp})`);
  }
  return { h, w, kh: k[0], kw: k[1], sh: stride[0], sw: stride[1], ph: padding[0], pw: padding[1], dh: dilation[0], dw: dilation[1], oh, ow, pad: padValue, byWindow };
}

/**
 * The windows of `x` as `[N, C, kh·kw, L]` (L = output positions; `byWindow`: `[N, C, L, kh·kw]`,
 * each window's elements contiguous, for a reduction over the last dim), and the output's height
 * and width.
 */
function windows(x: Tensor, k: [number, number], stride: [number, number], padding: [number, number], dilation: [number, number], padValue: number, op: string, byWindow = false): { cols: Tensor; oh: number; ow: number } {
  const win = geometry(x, k, stride, padding, dilation, padValue, op, byWindow);
  return { cols: im2col(x, win), oh: win.oh, ow: win.ow };
}

/**
 * The sliding windows of a batch of images as columns, like `F.unfold` (im2col): `[N, C, H, W]` to
 * `[N, C·kh·kw, L]`, one column per output position, channel-major within a column.
 * @param input - `[N, C, H, W]`.
 * @param kernelSize - the window.
 * @param opts - `stride`, `padding` (zeros), `dilation`.
 * @returns `[N, C·kh·kw, L]`.
 * @throws RangeError for an input that is not 4-D, sizes that are not integers in range, or a
 *   window larger than the padded input.
 * @throws TypeError for a non-float input.
 * @example
 * ```ts
 * import { arange } from '@chainrule/autograd';
 * import * as F from '@chainrule/nn/functional';
 * const img = arange(9).reshape([1, 1, 3, 3]).float();
 * F.unfold(img, 2).tolist(); // [[[0, 1, 3, 4], [1, 2, 4, 5], [3, 4, 6, 7], [4, 5, 7, 8]]]
 * ```
 */
export function unfold(input: Tensor, kernelSize: Size2, opts: Omit<Conv2dOptions, 'groups'> = {}): Tensor {
  const k = pair(kernelSize, 'kernel_size', 'unfold', 1);
  const { cols } = windows(input, k, pair(opts.stride ?? 1, 'stride', 'unfold', 1), pair(opts.padding ?? 0, 'padding', 'unfold', 0), pair(opts.dilation ?? 1, 'dilation', 'unfold', 1), 0, 'unfold');
  const [n, c, kk, l] = cols.shape as [number, number, number, number];
  return cols.reshape([n, c * kk, l]);
}

/**
 * 2-D convolution (cross-correlation, as PyTorch computes it), like `F.conv2d`.
 * @param input - `[N, C, H, W]`.
 * @param weight - `[O, C / groups, kh, kw]`.
 * @param bias - `[O]`, or null/undefined for none.
 * @param opts - `stride`, `padding` (zeros), `dilation`, `groups`.
 * @returns `[N, O, Ho, Wo]`.
 * @throws RangeError when the shapes do not fit (PyTorch's message for the channels), or for sizes
 *   that are not integers in range.
 * @throws TypeError when the dtypes differ, or for a non-float input.
 * @example
 * ```ts
 * import { arange, ones } from '@chainrule/autograd';
 * import * as F from '@chainrule/nn/functional';
 * const img = arange(16).reshape([1, 1, 4, 4]).float();
 * F.conv2d(img, ones([1, 1, 2, 2]), null, { stride: 2 }); // tensor([[[[10., 18.], [42., 50.]]]])
 * ```
 */
export function conv2d(input: Tensor, weight: Tensor, bias?: Tensor | null, opts: Conv2dOptions = {}): Tensor {
  return markRegion('conv2d', { ...opts }, [input, weight, bias], () => conv2dOps(input, weight, bias, opts));
}

/** The ops of {@link conv2d}. */
function conv2dOps(input: Tensor, weight: Tensor, bias?: Tensor | null, opts: Conv2dOptions = {}): Tensor {
  const [n, c] = check4d(input, 'conv2d');
  if (weight.ndim !== 4) throw new RangeError(`conv2d: expected a 4-D weight [O, C / groups, kh, kw], got shape [${weight.shape.join(', ')}]`);
  const [o, cg, kh, kw] = weight.shape as [number, number, number, number];
  const groups = opts.groups ?? 1;
  if (!Number.isInteger(groups) || groups < 1 || o % groups !== 0) {
    throw new RangeError(`conv2d: groups must be a positive integer dividing the output channels (${o}), got ${groups}`);
  }
  if (cg * groups !== c) {
    throw new RangeError(`conv2d: Given groups=${groups}, weight of size [${weight.shape.join(', ')}], expected input[${input.shape.join(', ')}] to have ${cg * groups} channels, but got ${c} channels instead`);
  }
  if (bias !== null && bias !== undefined && (bias.ndim !== 1 || bias.shape[0] !== o)) {
    throw new RangeError(`conv2d: expected a bias of shape [${o}], got [${bias.shape.join(', ')}]`);
  }
  if (weight.dtype !== input.dtype) throw new TypeError(`conv2d: input (${input.dtype}) and weight (${weight.dtype}) must have the same dtype`);
  const win = geometry(input, [kh, kw], pair(opts.stride ?? 1, 'stride', 'conv2d', 1), pair(opts.padding ?? 0, 'padding', 'conv2d', 0), pair(opts.dilation ?? 1, 'dilation', 'conv2d', 1), 0, 'conv2d');
  if (groups === 1) {
    // one group: the convolution primitive (each image's windows made and used one at a time)
    const y = convolution(input, weight, win);
    return bias === null || bias === undefined ? y : y.add(bias.reshape([o, 1, 1]));
  }
  const { oh, ow } = win;
  const cols = im2col(input, win);
  const og = o / groups;
  const parts: Tensor[] = [];
  for (let g = 0; g < groups; g++) {
    // [og, cg·kh·kw] · [N, cg·kh·kw, L] → [N, og, L]
    parts.push(weight.narrow(0, g * og, og).reshape([og, cg * kh * kw]).matmul(cols.narrow(1, g * cg, cg).reshape([n, cg * kh * kw, oh * ow])));
  }
  const y = cat(parts, 1).reshape([n, o, oh, ow]);
  return bias === null || bias === undefined ? y : y.add(bias.reshape([o, 1, 1]));
}

/**
 * 2-D max pooling, like `F.max_pool2d`: the largest value of each window (padding counts as −∞);
 * the gradient goes to the first largest element of each window.
 * @param input - `[N, C, H, W]`.
 * @param kernelSize - the window.
 * @param opts - `stride` (default the window), `padding`, `dilation`.
 * @returns `[N, C, Ho, Wo]`.
 * @throws RangeError for an input that is not 4-D, sizes that are not integers in range, padding
 *   over half the window, or a window larger than the padded input.
 * @throws TypeError for a non-float input.
 * @example
 * ```ts
 * import { arange } from '@chainrule/autograd';
 * import * as F from '@chainrule/nn/functional';
 * F.maxPool2d(arange(16).reshape([1, 1, 4, 4]).float(), 2); // tensor([[[[ 5.,  7.], [13., 15.]]]])
 * ```
 */
export function maxPool2d(input: Tensor, kernelSize: Size2, opts: Pool2dOptions = {}): Tensor {
  return markRegion('maxPool2d', { kernelSize, ...opts }, [input], () => maxPool2dOps(input, kernelSize, opts));
}

/** The ops of {@link maxPool2d}. */
function maxPool2dOps(input: Tensor, kernelSize: Size2, opts: Pool2dOptions = {}): Tensor {
  const { cols, oh, ow, n, c } = pool(input, kernelSize, opts, -Infinity, 'maxPool2d');
  return cols.max(3).values.reshape([n, c, oh, ow]);
}

/**
 * 2-D average pooling, like `F.avg_pool2d` (padding zeros count in the average, PyTorch's default).
 * @param input - `[N, C, H, W]`.
 * @param kernelSize - the window.
 * @param opts - `stride` (default the window), `padding`.
 * @returns `[N, C, Ho, Wo]`.
 * @throws RangeError for an input that is not 4-D, sizes that are not integers in range, padding
 *   over half the window, or a window larger than the padded input.
 * @throws TypeError for a non-float input.
 * @example
 * ```ts
 * import { arange } from '@chainrule/autograd';
 * import * as F from '@chainrule/nn/functional';
 * F.avgPool2d(arange(16).reshape([1, 1, 4, 4]).float(), 2); // tensor([[[[ 2.5000,  4.5000], [10.5000, 12.5000]]]])
 * ```
 */
export function avgPool2d(input: Tensor, kernelSize: Size2, opts: Omit<Pool2dOptions, 'dilation'> = {}): Tensor {
  return markRegion('avgPool2d', { kernelSize, ...opts }, [input], () => avgPool2dOps(input, kernelSize, opts));
}

/** The ops of {@link avgPool2d}. */
function avgPool2dOps(input: Tensor, kernelSize: Size2, opts: Omit<Pool2dOptions, 'dilation'> = {}): Tensor {
  const { cols, oh, ow, n, c } = pool(input, kernelSize, opts, 0, 'avgPool2d');
  return cols.mean(3).reshape([n, c, oh, ow]);
}

function pool(input: Tensor, kernelSize: Size2, opts: Pool2dOptions, padValue: number, op: string): { cols: Tensor; oh: number; ow: number; n: number; c: number } {
  const [n, c] = check4d(input, op);
  const k = pair(kernelSize, 'kernel_size', op, 1);
  const padding = pair(opts.padding ?? 0, 'padding', op, 0);
  if (padding[0] > k[0] / 2 || padding[1] > k[1] / 2) {
    throw new RangeError(`${op}: pad should be at most half of effective kernel size, but got pad=${padding.join(', ')}, kernel_size=${k.join(', ')}`);
  }
  const { cols, oh, ow } = windows(input, k, pair(opts.stride ?? k, 'stride', op, 1), padding, pair(opts.dilation ?? 1, 'dilation', op, 1), padValue, op, true);
  return { cols, oh, ow, n, c };
}
