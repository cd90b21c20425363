/**
 * Sorting and selection along a dim: sort, argsort, topk, kthvalue, median, mode. A kernel finds
 * the positions (stable, NaN largest, as PyTorch orders); the values are gathered at them, so the
 * gradient goes to the elements picked.
 * @module
 */
import { fmtShape, normDim } from '../shape.js';
import { Tensor } from '../tensor.js';
import type { ValuesIndices } from './reduce.js';
import { modeIndices, sortIndices } from './prims.js';

/** Runs `f` along `dim` of `x`, a 0-dim tensor as one of 1 element (values and indices 0-dim again). */
function alongDim(x: Tensor, dim: number, op: string, f: (x: Tensor, d: number) => ValuesIndices): ValuesIndices {
  const d = normDim(dim, x.ndim, op);
  if (x.ndim > 0) return f(x, d);
  const r = f(x.reshape([1]), 0);
  return { values: r.values.reshape([]), indices: r.indices.reshape([]) };
}

function picked(x: Tensor, d: number, indices: Tensor, keepdim = true): ValuesIndices {
  const values = x.gather(d, indices);
  return keepdim ? { values, indices } : { values: values.squeeze(d), indices: indices.squeeze(d) };
}

function checkInteger(op: string, name: string, v: number): void {
  if (!Number.isInteger(v)) throw new TypeError(`${op}: ${name} must be an integer, got ${v}`);
}

/** The values along `dim` in order and where they were, as torch.sort (always stable; NaN largest). */
export function sort(x: Tensor, dim = -1, descending = false): ValuesIndices {
  return alongDim(x, dim, 'sort', (t, d) => picked(t, d, sortIndices(t, d, descending)));
}

/** The positions that sort `x` along `dim`, as torch.argsort (int32). */
export function argsort(x: Tensor, dim = -1, descending = false): Tensor {
  return sort(x, dim, descending).indices;
}

/** The `k` largest (or smallest) values along `dim`, in order, and where they are, as torch.topk. */
export function topk(x: Tensor, k: number, dim = -1, largest = true): ValuesIndices {
  checkInteger('topk', 'k', k);
  return alongDim(x, dim, 'topk', (t, d) => {
    const n = t.shape[d]!;
    if (k < 0 || k > n) throw new RangeError(`topk: k (${k}) is out of range for dim ${dim} of size ${n} (shape ${fmtShape(x.shape)})`);
    return picked(t, d, sortIndices(t, d, largest).narrow(d, 0, k));
  });
}

/** The `k`-th smallest value along `dim` (k counts from 1) and where it is, as torch.kthvalue. */
export function kthvalue(x: Tensor, k: number, dim = -1, keepdim = false): ValuesIndices {
  checkInteger('kthvalue', 'k', k);
  return alongDim(x, dim, 'kthvalue', (t, d) => {
    const n = t.shape[d]!;
    if (k < 1 || k > n) throw new RangeError(`kthvalue: k (${k}) is out of range for dim ${dim} of size ${n} (k counts from 1)`);
    return picked(t, d, sortIndices(t, d, false).narrow(d, k - 1, 1), keepdim);
  });
}

/**
 * The lower median along `dim` (the ⌊(n − 1)/2⌋-th smallest) and where it is, as torch.median;
 * NaN (the first NaN's position) when the line holds one.
 */
export function medianDim(x: Tensor, dim: number, keepdim = false): ValuesIndices {
  return alongDim(x, dim, 'median', (t, d) => {
    const n = t.shape[d]!;
    if (n === 0) throw new RangeError(`median: cannot compute the median of a dim of size 0 (shape ${fmtShape(x.shape)})`);
    const order = sortIndices(t, d, false);
    const nans = t.isnan().sum(d, true);
    const at = Tensor.where(nans.gt(0), nans.neg().add(n), Tensor.scalar((n - 1) >> 1, 'int32'));
    return picked(t, d, order.gather(d, at), keepdim);
  });
}

/** The lower median of all elements, as torch.median() (NaN when there is one, or no element). */
export function median(x: Tensor): Tensor {
  if (x.numel() === 0) return Tensor.scalar(NaN, x.dtype);
  return medianDim(x.reshape([-1]), 0).values;
}

/** The most frequent value along `dim` (the smallest of ties) and its last position, as torch.mode. */
export function mode(x: Tensor, dim = -1, keepdim = false): ValuesIndices {
  return alongDim(x, dim, 'mode', (t, d) => {
    if (t.shape[d] === 0) throw new RangeError(`mode: cannot compute the mode of a dim of size 0 (shape ${fmtShape(x.shape)})`);
    return picked(t, d, modeIndices(t, d).unsqueeze(d), keepdim);
  });
}
