/**
 * The scatter kernel with a reduction: each element of `src` (at the positions of `index`) is
 * combined into `out` at the position `index` names along `dim`.
 * @module
 */
import type { TypedArray } from '../../dtype.js';
import type { ScatterOp, View } from '../backend.js';
import { forEachRow, rowMajor } from './strided.js';

/**
 * Scatters `src` into `out` (contiguous, of `outShape`, holding the values scattered into) along
 * `dim` at `index`, combining as `op` says: 'assign' (the last write wins, in row-major order of
 * `index`), 'sum', 'prod', 'mean', 'amax', 'amin' (NaN wins). With `includeSelf` false, the values
 * `out` held at a position some element is scattered to take no part. 'mean' divides by the count
 * (of scattered elements, plus one with `includeSelf`), flooring for integer dtypes, as PyTorch.
 */
export function scatterReduce(op: ScatterOp, out: TypedArray, outShape: readonly number[], dim: number, index: View, src: View, includeSelf: boolean): void {
  const full = rowMajor(outShape);
  const os = full.map((s, d) => (d === dim ? 0 : s));
  const sd = full[dim]!;
  const size = outShape[dim]!;
  const id = index.data;
  const sdata = src.data;
  const count = new Int32Array(out.length);
  forEachRow(index.shape, [index.strides, src.strides, os], [index.offset, src.offset, 0], (offs, n, inner) => {
    let ii = offs[0]!;
    let si = offs[1]!;
    let oi = offs[2]!;
    for (let r = 0; r < n; r++, ii += inner[0]!, si += inner[1]!, oi += inner[2]!) {
      const j = id[ii]!;
      if (!(j >= 0 && j < size)) throw new RangeError(`scatter: index ${j} is out of bounds for dim ${dim} with size ${size}`);
      const o = oi + j * sd;
      const v = sdata[si]!;
      if (op === 'assign' || (count[o] === 0 && !includeSelf)) out[o] = v;
      else {
        const r0 = out[o]!;
        switch (op) {
          case 'sum':
          case 'mean':
            out[o] = r0 + v;
            break;
          case 'prod':
            out[o] = r0 * v;
            break;
          case 'amax':
            if (v !== v || v > r0) out[o] = v;
            break;
          case 'amin':
            if (v !== v || v < r0) out[o] = v;
            break;
        }
      }
      count[o] = count[o]! + 1;
    }
  });
  if (op !== 'mean') return;
  const floor = !(out instanceof Float32Array || out instanceof Float64Array);
  for (let o = 0; o < out.length; o++) {
    const c = count[o]! + (includeSelf ? 1 : 0);
    if (count[o] === 0) continue;
    out[o] = floor ? Math.floor(out[o]! / c) : out[o]! / c;
  }
}
