/**
 * Reduction JS kernels: sum/prod/max/min over any set of axes, argmax/argmin along one.
 * Sums accumulate in float64 whatever the dtype.
 * @module
 */
import type { TypedArray } from '../../dtype.js';
import type { ReduceOp, View } from '../backend.js';
import { forEachRow, rowMajor } from './strided.js';

const identity: Record<ReduceOp, number> = { sum: 0, prod: 1, max: -Infinity, min: Infinity };

export function reduce(op: ReduceOp, x: View, axes: readonly number[], out: TypedArray): void {
  const outShape = x.shape.filter((_, d) => !axes.includes(d));
  const outStridesKept = rowMajor(outShape);
  const accStrides: number[] = [];
  let k = 0;
  for (let d = 0; d < x.shape.length; d++) accStrides.push(axes.includes(d) ? 0 : outStridesKept[k++]!);
  const acc = new Float64Array(out.length).fill(identity[op]);
  const xd = x.data;
  forEachRow(x.shape, [x.strides, accStrides], [x.offset, 0], (offs, n, inner) => {
    let xi = offs[0]!;
    let ai = offs[1]!;
    const xs = inner[0]!;
    const as = inner[1]!;
    if (as === 0) {
      let r = acc[ai]!;
      switch (op) {
        case 'sum':
          for (let i = 0; i < n; i++, xi += xs) r += xd[xi]!;
          break;
        case 'prod':
          for (let i = 0; i < n; i++, xi += xs) r *= xd[xi]!;
          break;
        case 'max':
          for (let i = 0; i < n; i++, xi += xs) {
            const v = xd[xi]!;
            if (v > r || v !== v) r = v;
          }
          break;
        case 'min':
          for (let i = 0; i < n; i++, xi += xs) {
            const v = xd[xi]!;
            if (v < r || v !== v) r = v;
          }
          break;
      }
      acc[ai] = r;
      return;
    }
    for (let i = 0; i < n; i++, xi += xs, ai += as) {
      const v = xd[xi]!;
      const r = acc[ai]!;
      switch (op) {
        case 'sum':
          acc[ai] = r + v;
          break;
        case 'prod':
          acc[ai] = r * v;
          break;
        case 'max':
          if (v > r || v !== v) acc[ai] = v;
          break;
        case 'min':
          if (v < r || v !== v) acc[ai] = v;
          break;
      }
    }
  });
  out.set(acc);
}

export function argReduce(op: 'argmax' | 'argmin', x: View, axis: number, out: Int32Array): void {
  const outerShape = x.shape.filter((_, d) => d !== axis);
  const outerStrides = x.strides.filter((_, d) => d !== axis);
  const len = x.shape[axis]!;
  const st = x.strides[axis]!;
  const xd = x.data;
  const max = op === 'argmax';
  forEachRow(outerShape, [outerStrides, rowMajor(outerShape)], [x.offset, 0], (offs, n, inner) => {
    let xo = offs[0]!;
    let oi = offs[1]!;
    for (let r = 0; r < n; r++, xo += inner[0]!) {
      let best = 0;
      let bv = xd[xo]!;
      if (bv === bv) {
        for (let i = 1, xi = xo + st; i < len; i++, xi += st) {
          const v = xd[xi]!;
          if (v !== v) {
            best = i;
            break;
          }
          if (max ? v > bv : v < bv) {
            bv = v;
            best = i;
          }
        }
      }
      out[oi++] = best;
    }
  });
}

/**
 * softmax / log-softmax along `axis`, as PyTorch's kernel: m = max (NaN wins), e = exp(x − m),
 * softmax = e · (1/Σe), log-softmax = (x − m) − log Σe. A row holding +∞, or only −∞, gives NaN.
 */
export function softmax(op: 'softmax' | 'logSoftmax', x: View, axis: number, out: TypedArray): void {
  const len = x.shape[axis]!;
  if (len === 0) return;
  const outer = x.shape.filter((_, d) => d !== axis);
  const full = rowMajor(x.shape);
  const so = full[axis]!;
  const sx = x.strides[axis]!;
  const xd = x.data;
  const log = op === 'logSoftmax';
  forEachRow(outer, [x.strides.filter((_, d) => d !== axis), full.filter((_, d) => d !== axis)], [x.offset, 0], (offs, n, inner) => {
    let xo = offs[0]!;
    let oo = offs[1]!;
    for (let r = 0; r < n; r++, xo += inner[0]!, oo += inner[1]!) {
      let m = -Infinity;
      for (let i = 0, xi = xo; i < len; i++, xi += sx) {
        const v = xd[xi]!;
        if (v > m || v !== v) m = v;
      }
      let s = 0;
      if (log) {
        for (let i = 0, xi = xo; i < len; i++, xi += sx) s += Math.exp(xd[xi]! - m);
        const ls = Math.log(s);
        for (let i = 0, xi = xo, oi = oo; i < len; i++, xi += sx, oi += so) out[oi] = xd[xi]! - m - ls;
      } else {
        for (let i = 0, xi = xo, oi = oo; i < len; i++, xi += sx, oi += so) {
          const e = Math.exp(xd[xi]! - m);
          out[oi] = e;
          s += e;
        }
        const inv = 1 / s;
        for (let i = 0, oi = oo; i < len; i++, oi += so) out[oi] = out[oi]! * inv;
      }
    }
  });
}
