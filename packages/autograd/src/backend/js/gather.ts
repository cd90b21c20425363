/**
 * Index kernels: gather along a dim and its adjoint, scatter-add.
 * @module
 */
import type { TypedArray } from '../../dtype.js';
import type { View } from '../backend.js';
import { forEachRow, rowMajor } from './strided.js';

function checkIndex(i: number, size: number, op: string, dim: number): void {
  if (!(i >= 0 && i < size)) throw new RangeError(`${op}: index ${i} is out of bounds for dim ${dim} with size ${size}`);
}

export function gather(x: View, dim: number, index: View, out: TypedArray): void {
  const xs = x.strides.map((s, d) => (d === dim ? 0 : s));
  const sd = x.strides[dim]!;
  const size = x.shape[dim]!;
  const xd = x.data;
  const id = index.data;
  forEachRow(index.shape, [index.strides, xs, rowMajor(index.shape)], [index.offset, x.offset, 0], (offs, n, inner) => {
    let ii = offs[0]!;
    let xi = offs[1]!;
    let oi = offs[2]!;
    for (let r = 0; r < n; r++, ii += inner[0]!, xi += inner[1]!) {
      const j = id[ii]!;
      checkIndex(j, size, 'gather', dim);
      out[oi++] = xd[xi + j * sd]!;
    }
  });
}

export function scatterAdd(out: TypedArray, outShape: readonly number[], dim: number, index: View, src: View): void {
  const full = rowMajor(outShape);
  const os = full.map((s, d) => (d === dim ? 0 : s));
  const sd = full[dim]!;
  const size = outShape[dim]!;
  const id = index.data;
  const sdata = src.data;
  forEachRow(index.shape, [index.strides, src.strides, os], [index.offset, src.offset, 0], (offs, n, inner) => {
    let ii = offs[0]!;
    let si = offs[1]!;
    let oi = offs[2]!;
    for (let r = 0; r < n; r++, ii += inner[0]!, si += inner[1]!, oi += inner[2]!) {
      const j = id[ii]!;
      checkIndex(j, size, 'scatterAdd', dim);
      const o = oi + j * sd;
      out[o] = out[o]! + sdata[si]!;
    }
  });
}
