/**
 * The wasm backend's sliding-window kernels (im2col and col2im, see scripts/wasm/window.ts) on
 * contiguous float images; the JS kernels take what is too small to be worth a call.
 * @module
 */
import type { TypedArray } from '../../dtype.js';
import type { View, Window2d } from '../backend.js';
import { col2im as jsCol2im, im2col as jsIm2col } from '../js/window.js';
import { context, intoOut, SMALL } from './kernels.js';

type Geometry = [number, number, number, number, number, number, number, number, number, number, number, number, number];
const geometry = (w: Window2d, planes: number): Geometry => [planes, w.h, w.w, w.kh, w.kw, w.sh, w.sw, w.ph, w.pw, w.dh, w.dw, w.oh, w.ow];

export function im2col(x: View, win: Window2d, out: TypedArray): void {
  const f32 = out instanceof Float32Array;
  const per = win.kh * win.kw * win.oh * win.ow;
  if (out.length < SMALL || per === 0 || (!f32 && !(out instanceof Float64Array)) || x.data.constructor !== out.constructor) return jsIm2col(x, win, out);
  const planes = out.length / per;
  const c = context();
  const mark = c.mem.mark();
  try {
    const px = c.mem.operand(x.data, x.offset, planes * win.h * win.w);
    intoOut(c.mem, out, 0, out.length, (po) => (f32 ? c.k.im2col_f32 : c.k.im2col_f64)(px, po, ...geometry(win, planes), win.pad, win.byWindow ? 1 : 0));
  } finally {
    c.mem.release(mark);
  }
}

export function col2im(cols: View, win: Window2d, out: TypedArray): void {
  const f32 = out instanceof Float32Array;
  const hw = win.h * win.w;
  if (out.length < SMALL || hw === 0 || (!f32 && !(out instanceof Float64Array)) || cols.data.constructor !== out.constructor) return jsCol2im(cols, win, out);
  const planes = out.length / hw;
  const c = context();
  const mark = c.mem.mark();
  try {
    const pc = c.mem.operand(cols.data, cols.offset, planes * win.kh * win.kw * win.oh * win.ow);
    intoOut(c.mem, out, 0, out.length, (po) => (f32 ? c.k.col2im_f32 : c.k.col2im_f64)(pc, po, ...geometry(win, planes), win.byWindow ? 1 : 0));
  } finally {
    c.mem.release(mark);
  }
}
