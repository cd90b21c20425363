/**
 * Sliding windows of images: {@link im2col} and its adjoint {@link col2im}, and the
 * {@link convolution} over them: the primitives under convolution and pooling (`@chainrule/nn`'s
 * conv2d, unfold, maxPool2d, avgPool2d).
 * @module
 */
import type { Window2d } from '../backend/backend.js';
import { isFloating } from '../dtype.js';
import { fmtShape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { col2imPrim, conv2dPrim, im2colPrim } from './prims.js';

/** Checks a geometry: positive integer sizes, strides and dilations, non-negative padding, the output size its formula gives. */
function checkWindow(win: Window2d, op: string): void {
  const { h, w, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow } = win;
  const int = (v: number, min: number): boolean => Number.isInteger(v) && v >= min;
  if (![h, w, oh, ow].every((v) => int(v, 0)) || ![kh, kw, sh, sw, dh, dw].every((v) => int(v, 1)) || ![ph, pw].every((v) => int(v, 0))) {
    throw new RangeError(`${op}: window sizes, strides and dilations must be positive integers and padding non-negative integers, got ${JSON.stringify(win)}`);
  }
  const wantH = Math.floor((h + 2 * ph - dh * (kh - 1) - 1) / sh) + 1;
  const wantW = Math.floor((w + 2 * pw - dw * (kw - 1) - 1) / sw) + 1;
  if (wantH < 1 || wantW < 1) throw new RangeError(`${op}: the kernel (${kh}×${kw}, dilation ${dh}×${dw}) does not fit the padded image (${h + 2 * ph}×${w + 2 * pw})`);
  if (oh !== wantH || ow !== wantW) throw new RangeError(`${op}: a ${h}×${w} image has ${wantH}×${wantW} window positions with this kernel, stride, padding and dilation, not ${oh}×${ow}`);
}

function checkFloat4d(t: Tensor, op: string, what: string): [number, number, number, number] {
  if (t.ndim !== 4) throw new RangeError(`${op}: expected a 4-D ${what}, got shape ${fmtShape(t.shape)}`);
  if (!isFloating(t.dtype)) throw new TypeError(`${op}: expected a float ${what}, got ${t.dtype}`);
  return t.shape as [number, number, number, number];
}

/**
 * The sliding windows of a batch of images as columns (im2col): `[N, C, h, w]` to
 * `[N, C, kh·kw, oh·ow]` (tap by tap), or `[N, C, oh·ow, kh·kw]` with `win.byWindow` (each
 * window's taps contiguous). A tap in the padding reads `win.pad`. Differentiable: the gradient
 * is {@link col2im} of the output's. `F.unfold`, `F.conv2d` and the pooling functions of
 * `@chainrule/nn` are built on it.
 * @param input - the images, `[N, C, h, w]`, float.
 * @param win - the window geometry.
 * @returns the columns.
 * @throws RangeError for an input that is not 4-D or not `h`×`w`, or a geometry whose sizes are
 *   not integers in range or whose `oh`, `ow` do not follow from the rest.
 * @throws TypeError for a non-float input.
 * @example
 * ```ts
 * import { arange, im2col } from '@chainrule/autograd';
 * const img = arange(9).reshape([1, 1, 3, 3]).float();
 * const win = { h: 3, w: 3, kh: 2, kw: 2, sh: 1, sw: 1, ph: 0, pw: 0, dh: 1, dw: 1, oh: 2, ow: 2, pad: 0, byWindow: false };
 * im2col(img, win).tolist(); // [[[[0, 1, 3, 4], [1, 2, 4, 5], [3, 4, 6, 7], [4, 5, 7, 8]]]]
 * ```
 */
export function im2col(input: Tensor, win: Window2d): Tensor {
  const [, , h, w] = checkFloat4d(input, 'im2col', 'input [N, C, H, W]');
  checkWindow(win, 'im2col');
  if (h !== win.h || w !== win.w) throw new RangeError(`im2col: the window is for ${win.h}×${win.w} images, got ${h}×${w} (input shape ${fmtShape(input.shape)})`);
  return im2colPrim(input.contiguous(), win);
}

/**
 * The adjoint of {@link im2col} (col2im, PyTorch's `F.fold` of the columns): every column entry
 * added onto the pixel it reads, entries of taps in the padding dropped; `[N, C, kh·kw, oh·ow]`
 * (or `[N, C, oh·ow, kh·kw]` with `win.byWindow`) to `[N, C, h, w]`. Differentiable: the gradient
 * is {@link im2col} of the output's (padding 0).
 * @param cols - the columns, float.
 * @param win - the window geometry.
 * @returns the images.
 * @throws RangeError for columns whose shape does not fit the geometry, or a geometry as
 *   {@link im2col} refuses.
 * @throws TypeError for non-float columns.
 * @example
 * ```ts
 * import { col2im, ones } from '@chainrule/autograd';
 * const win = { h: 3, w: 3, kh: 2, kw: 2, sh: 1, sw: 1, ph: 0, pw: 0, dh: 1, dw: 1, oh: 2, ow: 2, pad: 0, byWindow: false };
 * col2im(ones([1, 1, 4, 4]), win).tolist(); // [[[[1, 2, 1], [2, 4, 2], [1, 2, 1]]]]
 * ```
 */
export function col2im(cols: Tensor, win: Window2d): Tensor {
  const [, , a, b] = checkFloat4d(cols, 'col2im', 'columns tensor');
  checkWindow(win, 'col2im');
  const kk = win.kh * win.kw;
  const l = win.oh * win.ow;
  const [wa, wb] = win.byWindow ? [l, kk] : [kk, l];
  if (a !== wa || b !== wb) throw new RangeError(`col2im: expected columns [N, C, ${wa}, ${wb}] for this window, got ${fmtShape(cols.shape)}`);
  return col2imPrim(cols.contiguous(), win);
}

/**
 * 2-D convolution (cross-correlation, as PyTorch computes it) of images with a bank of filters
 * over the windows of `win`, zero padding, no bias, one group: y[n, o] = Σ_c,i,j w[o, c, i, j] ·
 * x[n, c, the window's pixel (i, j)]. The primitive under `@chainrule/nn`'s conv2d: it never lays
 * a whole batch's windows out in memory (each image's columns are made, used and dropped), and its
 * gradients are two more such primitives, so gradients of any order work. `win.pad` and
 * `win.byWindow` are not used.
 * @param input - the images, `[N, C, h, w]`, float.
 * @param weight - the filters, `[O, C, kh, kw]`, of the input's dtype.
 * @param win - the window geometry (its `pad` and `byWindow` are not used).
 * @returns `[N, O, oh, ow]`.
 * @throws RangeError for tensors that are not 4-D, channels or sizes that do not match the
 *   window, or a geometry as {@link im2col} refuses.
 * @throws TypeError for non-float tensors or different dtypes.
 * @example
 * ```ts
 * import { arange, convolution, ones } from '@chainrule/autograd';
 * const img = arange(16).reshape([1, 1, 4, 4]).float();
 * const win = { h: 4, w: 4, kh: 2, kw: 2, sh: 2, sw: 2, ph: 0, pw: 0, dh: 1, dw: 1, oh: 2, ow: 2, pad: 0, byWindow: false };
 * convolution(img, ones([1, 1, 2, 2]), win); // tensor([[[[10., 18.], [42., 50.]]]])
 * ```
 */
export function convolution(input: Tensor, weight: Tensor, win: Window2d): Tensor {
  const [, c, h, w] = checkFloat4d(input, 'convolution', 'input [N, C, H, W]');
  const [, cw, kh, kw] = checkFloat4d(weight, 'convolution', 'weight [O, C, kh, kw]');
  checkWindow({ ...win, pad: 0 }, 'convolution');
  if (weight.dtype !== input.dtype) throw new TypeError(`convolution: input (${input.dtype}) and weight (${weight.dtype}) must have the same dtype`);
  if (h !== win.h || w !== win.w) throw new RangeError(`convolution: the window is for ${win.h}×${win.w} images, got ${h}×${w} (input shape ${fmtShape(input.shape)})`);
  if (cw !== c || kh !== win.kh || kw !== win.kw) {
    throw new RangeError(`convolution: expected weight [O, ${c}, ${win.kh}, ${win.kw}] for this input and window, got ${fmtShape(weight.shape)}`);
  }
  return conv2dPrim(input.contiguous(), weight.contiguous(), { ...win, pad: 0, byWindow: false });
}
