/**
 * Sliding-window kernels of convolution and pooling: im2col (the windows of images as columns)
 * and its adjoint col2im. Planes, taps, output rows and output columns in that order, so that
 * col2im adds onto each pixel in the same order on every backend.
 * @module
 */
import type { TypedArray } from '../../dtype.js';
import type { View, Window2d } from '../backend.js';

/** Calls `f(pixel index in the plane or -1, column index in the plane)` for every column entry of one plane, in the kernels' order. */
function forEachEntry(win: Window2d, f: (pixel: number, entry: number) => void): void {
  const { h, w, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow, byWindow } = win;
  const kk = kh * kw;
  const l = oh * ow;
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) {
      const tap = i * kw + j;
      for (let r = 0; r < oh; r++) {
        const yy = r * sh + i * dh - ph;
        for (let q = 0; q < ow; q++) {
          const xx = q * sw + j * dw - pw;
          const pos = r * ow + q;
          f(yy >= 0 && yy < h && xx >= 0 && xx < w ? yy * w + xx : -1, byWindow ? pos * kk + tap : tap * l + pos);
        }
      }
    }
  }
}

export function im2col(x: View, win: Window2d, out: TypedArray): void {
  const hw = win.h * win.w;
  const per = win.kh * win.kw * win.oh * win.ow;
  const planes = per === 0 ? 0 : out.length / per;
  const xd = x.data;
  for (let p = 0; p < planes; p++) {
    const xo = x.offset + p * hw;
    const oo = p * per;
    forEachEntry(win, (pixel, entry) => {
      out[oo + entry] = pixel < 0 ? win.pad : xd[xo + pixel]!;
    });
  }
}

export function col2im(cols: View, win: Window2d, out: TypedArray): void {
  const hw = win.h * win.w;
  const per = win.kh * win.kw * win.oh * win.ow;
  const planes = hw === 0 ? 0 : out.length / hw;
  const cd = cols.data;
  out.fill(0);
  for (let p = 0; p < planes; p++) {
    const co = cols.offset + p * per;
    const oo = p * hw;
    forEachEntry(win, (pixel, entry) => {
      if (pixel >= 0) out[oo + pixel] = out[oo + pixel]! + cd[co + entry]!;
    });
  }
}
