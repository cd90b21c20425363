/**
 * Sorting kernels: a stable argsort along an axis, the mode along an axis and searchsorted. Their
 * outputs are int32 positions; the ops gather the values (which is what carries the gradient).
 * @module
 */
import type { View } from '../backend.js';
import { forEachLine } from './lines.js';
import { rowMajor } from './strided.js';

/** Ascending order with NaN after every number, as PyTorch sorts (0 for equal values and for two NaNs). */
function ascending(a: number, b: number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  if (a === b) return 0;
  return a !== a ? (b !== b ? 0 : 1) : -1;
}

/**
 * Writes into `out` (contiguous, shaped like `x`) the positions along `axis` that sort each line
 * of `x`: stable (equal values keep their order), NaN largest (last ascending, first descending).
 */
export function sort(x: View, axis: number, descending: boolean, out: Int32Array): void {
  const len = x.shape[axis]!;
  const full = rowMajor(x.shape);
  const sx = x.strides[axis]!;
  const so = full[axis]!;
  const xd = x.data;
  const vals = new Float64Array(len);
  const order = Array.from({ length: len }, (_, i) => i);
  const cmp = descending ? (i: number, j: number): number => ascending(vals[j]!, vals[i]!) || i - j : (i: number, j: number): number => ascending(vals[i]!, vals[j]!) || i - j;
  forEachLine(x.shape, axis, [x.strides, full], [x.offset, 0], (offs) => {
    const xo = offs[0]!;
    const oo = offs[1]!;
    for (let i = 0; i < len; i++) {
      vals[i] = xd[xo + i * sx]!;
      order[i] = i;
    }
    order.sort(cmp);
    for (let i = 0; i < len; i++) out[oo + i * so] = order[i]!;
  });
}

/**
 * Writes into `out` (contiguous, `x`'s shape without `axis`) the position along `axis` of each
 * line's most frequent value: the smallest such value when several are as frequent, and its
 * last occurrence, as PyTorch's mode.
 */
export function mode(x: View, axis: number, out: Int32Array): void {
  const len = x.shape[axis]!;
  const outShape = x.shape.map((s, d) => (d === axis ? 1 : s));
  const sx = x.strides[axis]!;
  const xd = x.data;
  const vals = new Float64Array(len);
  const order = Array.from({ length: len }, (_, i) => i);
  const cmp = (i: number, j: number): number => ascending(vals[i]!, vals[j]!) || i - j;
  forEachLine(x.shape, axis, [x.strides, rowMajor(outShape)], [x.offset, 0], (offs) => {
    const xo = offs[0]!;
    for (let i = 0; i < len; i++) {
      vals[i] = xd[xo + i * sx]!;
      order[i] = i;
    }
    order.sort(cmp);
    let best = -1;
    let bestCount = 0;
    for (let start = 0; start < len; ) {
      let end = start + 1;
      while (end < len && vals[order[end]!] === vals[order[start]!]) end++;
      if (end - start > bestCount) {
        bestCount = end - start;
        best = order[end - 1]!;
      }
      start = end;
    }
    out[offs[1]!] = best;
  });
}

/**
 * For each value, the position in its line of `sorted` (its last dim) where it would be inserted
 * to keep the line sorted: the first such position, or with `right` the last. `sorted` is 1-D
 * (one line for all values) or has `values`' leading dims. Comparisons as PyTorch's (a NaN value
 * goes after everything).
 */
export function searchsorted(sorted: View, values: View, right: boolean, out: Int32Array): void {
  const axis = values.shape.length - 1;
  const m = sorted.shape[sorted.shape.length - 1]!;
  const ss = sorted.strides[sorted.strides.length - 1]!;
  const sortedStrides = sorted.shape.length === 1 ? values.shape.map(() => 0) : [...sorted.strides];
  const sd = sorted.data;
  const vd = values.data;
  const sv = values.strides[axis]!;
  const n = values.shape[axis]!;
  forEachLine(values.shape, axis, [values.strides, sortedStrides, rowMajor(values.shape)], [values.offset, sorted.offset, 0], (offs) => {
    const [vo, so, oo] = offs as [number, number, number];
    for (let i = 0; i < n; i++) {
      const v = vd[vo + i * sv]!;
      let lo = 0;
      let hi = m;
      while (lo < hi) {
        const mid = lo + ((hi - lo) >> 1);
        const s = sd[so + mid * ss]!;
        if (right ? !(s > v) : !(s >= v)) lo = mid + 1;
        else hi = mid;
      }
      out[oo + i] = lo;
    }
  });
}
