/**
 * Convolution JS kernels, image by image: the image's windows as columns (im2col), then a matrix
 * product with the filters; the two gradients the same way backwards (col2im of wᵀ·g, and the sum
 * over images of g·colsᵀ).
 * @module
 */
import { allocate, dtypeOfArray } from '../../dtype.js';
import type { TypedArray } from '../../dtype.js';
import type { View, Window2d } from '../backend.js';
import { matmul } from './matmul.js';
import { col2im, im2col } from './window.js';

interface Sizes {
  n: number;
  c: number;
  o: number;
  ckk: number;
  l: number;
  img: number;
}

function sizes(images: View | readonly number[], filters: readonly number[], win: Window2d): Sizes {
  const s = 'shape' in images ? images.shape : images;
  const [n, c] = s as [number, number];
  const ckk = c * win.kh * win.kw;
  return { n, c, o: filters[0]!, ckk, l: win.oh * win.ow, img: c * win.h * win.w };
}

const mat = (data: TypedArray, offset: number, rows: number, cols: number, transposed = false): View => ({
  data,
  shape: [1, rows, cols],
  strides: transposed ? [0, 1, rows] : [0, cols, 1],
  offset,
});

const image = (data: TypedArray, offset: number, c: number, win: Window2d): View => ({ data, shape: [1, c, win.h, win.w], strides: [0, win.h * win.w, win.w, 1], offset });

export function conv2d(x: View, w: View, win: Window2d, out: TypedArray): void {
  const z = sizes(x, w.shape, win);
  const cols = allocate(dtypeOfArray(out), z.ckk * z.l);
  for (let i = 0; i < z.n; i++) {
    im2col(image(x.data, x.offset + i * z.img, z.c, win), { ...win, pad: 0, byWindow: false }, cols);
    matmul(mat(w.data, w.offset, z.o, z.ckk), mat(cols, 0, z.ckk, z.l), out.subarray(i * z.o * z.l, (i + 1) * z.o * z.l));
  }
}

export function conv2dInput(g: View, w: View, win: Window2d, out: TypedArray): void {
  const [n] = g.shape as [number];
  const z = sizes([n, w.shape[1]!], w.shape, win);
  const cols = allocate(dtypeOfArray(out), z.ckk * z.l);
  const win0 = { ...win, pad: 0, byWindow: false };
  for (let i = 0; i < z.n; i++) {
    // wᵀ [C·kh·kw, O] · g_i [O, L]
    matmul(mat(w.data, w.offset, z.ckk, z.o, true), mat(g.data, g.offset + i * z.o * z.l, z.o, z.l), cols);
    col2im(mat(cols, 0, z.ckk, z.l), win0, out.subarray(i * z.img, (i + 1) * z.img));
  }
}

export function conv2dWeight(x: View, g: View, win: Window2d, out: TypedArray): void {
  const z = sizes(x, [g.shape[1]!], win);
  const cols = allocate(dtypeOfArray(out), z.ckk * z.l);
  const part = allocate(dtypeOfArray(out), z.o * z.ckk);
  out.fill(0);
  for (let i = 0; i < z.n; i++) {
    im2col(image(x.data, x.offset + i * z.img, z.c, win), { ...win, pad: 0, byWindow: false }, cols);
    // g_i [O, L] · colsᵀ [L, C·kh·kw]
    matmul(mat(g.data, g.offset + i * z.o * z.l, z.o, z.l), mat(cols, 0, z.l, z.ckk, true), part);
    for (let k = 0; k < part.length; k++) out[k] = out[k]! + part[k]!;
  }
}
