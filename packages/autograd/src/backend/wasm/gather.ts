/**
 * The wasm backend's gather and scatter-add: the row-wise form (`indexSelect` along the last dim:
 * contiguous rows, one list of indices shared by every row, as im2col uses) runs a wasm loop;
 * every other layout runs the JS kernels.
 * @module
 */
import type { TypedArray } from '../../dtype.js';
import type { View } from '../backend.js';
import { gather as jsGather, scatterAdd as jsScatterAdd } from '../js/gather.js';
import { context, SMALL } from './kernels.js';

function contiguous(shape: readonly number[], strides: readonly number[]): boolean {
  let expected = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    if (shape[d] !== 1 && strides[d] !== expected) return false;
    expected *= shape[d]!;
  }
  return true;
}

/**
 * The shared index list when `index` indexes the last dim of `like` row-wise: every dim but the
 * last broadcast (stride 0), sized as `like`'s, the last contiguous. Null otherwise.
 */
function rowIndex(index: View, like: readonly number[], dim: number): Int32Array | null {
  const nd = index.shape.length;
  if (dim !== nd - 1 || like.length !== nd || !(index.data instanceof Int32Array)) return null;
  for (let d = 0; d < nd - 1; d++) if (index.shape[d] !== like[d] || (index.strides[d] !== 0 && index.shape[d] !== 1)) return null;
  const k = index.shape[nd - 1]!;
  if (k > 1 && index.strides[nd - 1] !== 1) return null;
  return index.data.subarray(index.offset, index.offset + k);
}

function checked(idx: Int32Array, size: number, op: string, dim: number): void {
  for (const i of idx) if (!(i >= 0 && i < size)) throw new RangeError(`${op}: index ${i} is out of bounds for dim ${dim} with size ${size}`);
}

export function gather(x: View, dim: number, index: View, out: TypedArray): void {
  const f32 = x.data instanceof Float32Array;
  const idx = out.length >= SMALL && (f32 || x.data instanceof Float64Array) && out.constructor === x.data.constructor && contiguous(x.shape, x.strides) ? rowIndex(index, x.shape, dim) : null;
  if (idx === null) return jsGather(x, dim, index, out);
  const n = x.shape[dim]!;
  checked(idx, n, 'gather', dim);
  const rows = out.length / idx.length;
  const c = context();
  const mark = c.mem.mark();
  try {
    const px = c.mem.stage(x.data, x.offset, rows * n);
    const pi = c.mem.stage(idx, 0, idx.length);
    const po = c.mem.alloc(out.length * out.BYTES_PER_ELEMENT);
    (f32 ? c.k.gather_rows_f32 : c.k.gather_rows_f64)(px, n, pi, idx.length, po, rows);
    c.mem.unstage(po, out, 0, out.length);
  } finally {
    c.mem.release(mark);
  }
}

export function scatterAdd(out: TypedArray, outShape: readonly number[], dim: number, index: View, src: View): void {
  const f32 = out instanceof Float32Array;
  const ok = src.data.length >= SMALL && (f32 || out instanceof Float64Array) && src.data.constructor === out.constructor && contiguous(src.shape, src.strides);
  const idx = ok ? rowIndex(index, outShape, dim) : null;
  if (idx === null || src.shape.some((s, d) => s !== index.shape[d])) return jsScatterAdd(out, outShape, dim, index, src);
  const n = outShape[dim]!;
  checked(idx, n, 'scatterAdd', dim);
  const rows = out.length / n;
  const c = context();
  const mark = c.mem.mark();
  try {
    const po = c.mem.stage(out, 0, out.length);
    const pi = c.mem.stage(idx, 0, idx.length);
    const ps = c.mem.stage(src.data, src.offset, rows * idx.length);
    (f32 ? c.k.scatter_rows_f32 : c.k.scatter_rows_f64)(po, n, pi, idx.length, ps, rows);
    c.mem.unstage(po, out, 0, out.length);
  } finally {
    c.mem.release(mark);
  }
}
