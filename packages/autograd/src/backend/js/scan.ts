/**
 * Scan kernels: the running sum, product, maximum, minimum and log-sum-exp along an axis.
 * Sums, products and log-sum-exps accumulate in float64 whatever the dtype, as PyTorch's CPU kernels.
 * @module
 */
import type { TypedArray } from '../../dtype.js';
import type { ScanOp, View } from '../backend.js';
import { forEachLine } from './lines.js';
import { rowMajor } from './strided.js';

/** log(eᵃ + eᵇ), exact at infinities (two −∞ give −∞, a +∞ gives +∞) and NaN when either is. */
function logAddExp(a: number, b: number): number {
  const hi = a > b ? a : b;
  const lo = a > b ? b : a;
  if (lo !== lo || hi !== hi) return NaN;
  if (hi === -Infinity || hi === Infinity) return hi;
  return hi + Math.log1p(Math.exp(lo - hi));
}

/**
 * out[..., i, ...] = op over x[..., 0..i, ...] along `axis` (`out` contiguous, shaped like `x`).
 * For 'max' and 'min', `indices` (when given) receives where each running extremum is: the
 * latest position of a tie, and a NaN's position once one is met (as PyTorch's cummax / cummin).
 */
export function scan(op: ScanOp, x: View, axis: number, out: TypedArray, indices?: Int32Array): void {
  const len = x.shape[axis]!;
  const full = rowMajor(x.shape);
  const sx = x.strides[axis]!;
  const so = full[axis]!;
  const xd = x.data;
  forEachLine(x.shape, axis, [x.strides, full], [x.offset, 0], (offs) => {
    let xi = offs[0]!;
    let oi = offs[1]!;
    switch (op) {
      case 'sum':
      case 'prod':
      case 'logsumexp': {
        let acc = op === 'sum' ? 0 : op === 'prod' ? 1 : -Infinity;
        for (let i = 0; i < len; i++, xi += sx, oi += so) {
          const v = xd[xi]!;
          acc = op === 'sum' ? acc + v : op === 'prod' ? acc * v : logAddExp(acc, v);
          out[oi] = acc;
        }
        break;
      }
      case 'max':
      case 'min': {
        let best = xd[xi]!;
        let at = 0;
        for (let i = 0; i < len; i++, xi += sx, oi += so) {
          const v = xd[xi]!;
          if (v !== v || (best === best && (op === 'max' ? v >= best : v <= best))) {
            best = v;
            at = i;
          }
          out[oi] = best;
          if (indices !== undefined) indices[oi] = at;
        }
        break;
      }
    }
  });
}
