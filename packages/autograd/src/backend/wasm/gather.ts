/**
 * The wasm backend's index kernels. Gather and scatter-add in the row-wise form (along the last
 * dim of contiguous rows, with one index list shared by every row, as `indexSelect` and im2col
 * use, or one list per row, as the values of `max(dim)` use) and argmax along the last dim run
 * wasm loops; every other layout runs the JS kernels.
 * @module
 */
import type { TypedArray } from '../../dtype.js';
import type { View } from '../backend.js';
import { gather as jsGather, scatterAdd as jsScatterAdd } from '../js/gather.js';
import { argReduce as jsArgReduce } from '../js/reduce.js';
import { context, intoOut, SMALL } from './kernels.js';

function contiguous(shape: readonly number[], strides: readonly number[]): boolean {
  let expected = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    if (shape[d] !== 1 && strides[d] !== expected) return false;
    expected *= shape[d]!;
  }
  return true;
}

/**
 * The index list(s) when `index` indexes the last dim of `like` row by row: every dim but the last
 * sized as `like`'s, and either broadcast (stride 0: one list shared by every row, `sir` 0) or
 * contiguous (one list per row, `sir` = the list's length); the last dim contiguous. Null otherwise.
 */
function rowIndex(index: View, like: readonly number[], dim: number): { idx: Int32Array; sir: number } | null {
  const nd = index.shape.length;
  if (dim !== nd - 1 || like.length !== nd || !(index.data instanceof Int32Array)) return null;
  const k = index.shape[nd - 1]!;
  if (k > 1 && index.strides[nd - 1] !== 1) return null;
  let shared = true;
  let own = true;
  let expected = k;
  for (let d = nd - 2; d >= 0; d--) {
    const size = index.shape[d]!;
    if (size !== like[d]) return null;
    if (size === 1) continue;
    if (index.strides[d] !== 0) shared = false;
    if (index.strides[d] !== expected) own = false;
    expected *= size;
  }
  if (shared) return { idx: index.data.subarray(index.offset, index.offset + k), sir: 0 };
  if (own) return { idx: index.data.subarray(index.offset, index.offset + expected), sir: k };
  return null;
}

/** Throws PyTorch's error for the first index of `idx` (at `ptr` in the kernel memory) outside [0, size). */
function checked(c: ReturnType<typeof context>, idx: Int32Array, ptr: number, size: number, op: string, dim: number): void {
  const bad = c.k.check_idx(ptr, idx.length, size);
  if (bad >= 0) throw new RangeError(`${op}: index ${idx[bad]} is out of bounds for dim ${dim} with size ${size}`);
}

export function gather(x: View, dim: number, index: View, out: TypedArray): void {
  const f32 = x.data instanceof Float32Array;
  const ri = out.length >= SMALL && (f32 || x.data instanceof Float64Array) && out.constructor === x.data.constructor && contiguous(x.shape, x.strides) ? rowIndex(index, x.shape, dim) : null;
  if (ri === null) return jsGather(x, dim, index, out);
  const { idx, sir } = ri;
  const n = x.shape[dim]!;
  const k = index.shape[dim]!;
  const rows = out.length / k;
  const c = context();
  const mark = c.mem.mark();
  try {
    const pi = c.mem.operand(idx, 0, idx.length);
    checked(c, idx, pi, n, 'gather', dim);
    const px = c.mem.operand(x.data, x.offset, rows * n);
    intoOut(c.mem, out, 0, out.length, (po) => (f32 ? c.k.gather_rows_f32 : c.k.gather_rows_f64)(px, n, pi, k, sir, po, rows));
  } finally {
    c.mem.release(mark);
  }
}

export function scatterAdd(out: TypedArray, outShape: readonly number[], dim: number, index: View, src: View): void {
  const f32 = out instanceof Float32Array;
  const ok = src.data.length >= SMALL && (f32 || out instanceof Float64Array) && src.data.constructor === out.constructor && contiguous(src.shape, src.strides);
  const ri = ok ? rowIndex(index, outShape, dim) : null;
  if (ri === null || src.shape.some((s, d) => s !== index.shape[d])) return jsScatterAdd(out, outShape, dim, index, src);
  const { idx, sir } = ri;
  const n = outShape[dim]!;
  const k = index.shape[dim]!;
  const rows = out.length / n;
  const c = context();
  const mark = c.mem.mark();
  try {
    const pi = c.mem.operand(idx, 0, idx.length);
    checked(c, idx, pi, n, 'scatterAdd', dim);
    const po = c.mem.operand(out, 0, out.length);
    const ps = c.mem.operand(src.data, src.offset, rows * k);
    (f32 ? c.k.scatter_rows_f32 : c.k.scatter_rows_f64)(po, n, pi, k, sir, ps, rows);
    c.mem.unstage(po, out, 0, out.length);
  } finally {
    c.mem.release(mark);
  }
}

/** argmax along the last dim of a contiguous float tensor on a wasm loop; everything else (argmin too) on the JS kernel. */
export function argReduce(op: 'argmax' | 'argmin', x: View, axis: number, out: Int32Array): void {
  const f32 = x.data instanceof Float32Array;
  const n = x.shape[axis]!;
  if (op !== 'argmax' || axis !== x.shape.length - 1 || n === 0 || out.length * n < SMALL || !(f32 || x.data instanceof Float64Array) || !contiguous(x.shape, x.strides)) {
    return jsArgReduce(op, x, axis, out);
  }
  const c = context();
  const mark = c.mem.mark();
  try {
    const px = c.mem.operand(x.data, x.offset, out.length * n);
    intoOut(c.mem, out, 0, out.length, (po) => (f32 ? c.k.argmax_rows_f32 : c.k.argmax_rows_f64)(px, out.length, n, po));
  } finally {
    c.mem.release(mark);
  }
}
