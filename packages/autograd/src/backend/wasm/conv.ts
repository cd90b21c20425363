/**
 * The wasm backend's convolution kernels: image by image, each image's windows laid out as columns
 * in a per-thread scratch block (never a whole batch of columns in memory), then one matrix product
 * with the filters; tiles of images shared by the calling and the helper thread. The weight's
 * gradient sums each tile's images into the tile's own partial sum, and the partial sums in tile
 * order: the result does not depend on which thread ran which tile.
 * @module
 */
import type { TypedArray } from '../../dtype.js';
import type { View, Window2d } from '../backend.js';
import * as js from '../js/conv.js';
import { context, intoOut } from './kernels.js';
import type { ConvDims } from './pool.js';

/** Multiply-adds below which the JS kernel runs (small tests, tiny images). */
const SMALL_FMA = 1 << 16;
/** Tiles a batch is cut into (at most): enough for two threads to balance, few partial sums. */
const TILES = 16;

function dims(n: number, c: number, o: number, win: Window2d): ConvDims {
  return { N: n, C: c, O: o, H: win.h, W: win.w, kh: win.kh, kw: win.kw, sh: win.sh, sw: win.sw, ph: win.ph, pw: win.pw, dh: win.dh, dw: win.dw, oh: win.oh, ow: win.ow };
}

/** 'f32' / 'f64' when every array is of out's float type, else null. */
function floatOf(out: TypedArray, ...vs: View[]): 'f32' | 'f64' | null {
  const t = out instanceof Float32Array ? 'f32' : out instanceof Float64Array ? 'f64' : null;
  return t !== null && vs.every((v) => v.data.constructor === out.constructor) ? t : null;
}

const fma = (d: ConvDims): number => d.N * d.O * d.C * d.kh * d.kw * d.oh * d.ow;

/** Runs convolution job `what` with operands a, b (whole, staged unless resident) into out. */
function run(t: 'f32' | 'f64', what: 0 | 1 | 2, a: View, aLen: number, b: View, bLen: number, d: ConvDims, out: TypedArray): void {
  const c = context();
  const es = out.BYTES_PER_ELEMENT;
  const per = Math.ceil(d.N / Math.min(d.N, TILES));
  const ntiles = Math.ceil(d.N / per);
  const colsBytes = d.C * d.kh * d.kw * d.oh * d.ow * es;
  if (d.N * d.O * d.C * d.kh * d.kw * d.oh * d.ow >= 1 << 20) c.pool.wake();
  const mark = c.mem.mark();
  try {
    const pa = c.mem.operand(a.data, a.offset, aLen);
    const pb = c.mem.operand(b.data, b.offset, bLen);
    const cols: [number, number] = [c.mem.alloc(colsBytes), c.mem.alloc(colsBytes)];
    if (what !== 2) {
      intoOut(c.mem, out, 0, out.length, (po) => c.pool.conv(t, what, pa, pb, po, d, per, cols));
      return;
    }
    // one partial sum per tile, then their sum in tile order
    const part = d.O * d.C * d.kh * d.kw;
    const parts = c.mem.alloc(ntiles * part * es);
    c.pool.conv(t, 2, pa, pb, parts, d, per, cols);
    intoOut(c.mem, out, 0, out.length, (po) => (t === 'f32' ? c.k.sum_cols_f32 : c.k.sum_cols_f64)(parts, ntiles, part, part, po));
  } finally {
    c.mem.release(mark);
  }
}

export function conv2d(x: View, w: View, win: Window2d, out: TypedArray): void {
  const d = dims(x.shape[0]!, x.shape[1]!, w.shape[0]!, win);
  const t = floatOf(out, x, w);
  if (t === null || fma(d) < SMALL_FMA) return js.conv2d(x, w, win, out);
  run(t, 0, x, d.N * d.C * d.H * d.W, w, d.O * d.C * d.kh * d.kw, d, out);
}

export function conv2dInput(g: View, w: View, win: Window2d, out: TypedArray): void {
  const d = dims(g.shape[0]!, w.shape[1]!, w.shape[0]!, win);
  const t = floatOf(out, g, w);
  if (t === null || fma(d) < SMALL_FMA) return js.conv2dInput(g, w, win, out);
  run(t, 1, g, d.N * d.O * d.oh * d.ow, w, d.O * d.C * d.kh * d.kw, d, out);
}

export function conv2dWeight(x: View, g: View, win: Window2d, out: TypedArray): void {
  const d = dims(x.shape[0]!, x.shape[1]!, g.shape[1]!, win);
  const t = floatOf(out, x, g);
  if (t === null || fma(d) < SMALL_FMA) return js.conv2dWeight(x, g, win, out);
  run(t, 2, x, d.N * d.C * d.H * d.W, g, d.N * d.O * d.oh * d.ow, d, out);
}
