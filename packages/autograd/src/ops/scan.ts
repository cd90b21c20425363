/**
 * Scans along a dim: cumsum, cumprod, logcumsumexp (primitives with their own rules), cummax and
 * cummin (a kernel finds the positions; the values are gathered, which carries the gradient).
 * @module
 */
import { checkDType, isFloating } from '../dtype.js';
import type { DType } from '../dtype.js';
import { normDim } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { checkOptions } from './options.js';
import type { ValuesIndices } from './reduce.js';
import { scanIndices, scanPrim } from './prims.js';

/**
 * Options of {@link Tensor.cumsum} and {@link Tensor.cumprod}.
 * @example
 * ```ts
 * const opts: ScanOptions = { dtype: 'float64' };
 * tensor([1, 2, 3]).cumsum(0, opts); // tensor([1., 3., 6.], dtype=torch.float64)
 * ```
 */
export interface ScanOptions {
  /** The dtype the input is converted to first (default: its own; integers and bools give int32). */
  dtype?: DType;
}

/** Runs `f` along dim `dim` of `x` (a 0-dim tensor as one of 1 element). */
function alongDim(x: Tensor, dim: number, op: string, f: (x: Tensor, d: number) => Tensor): Tensor {
  const d = normDim(dim, x.ndim, op);
  return x.ndim === 0 ? f(x.reshape([1]), 0).reshape([]) : f(x, d);
}

function sumOrProd(op: 'cumsum' | 'cumprod', x: Tensor, dim: number, opts: ScanOptions | undefined): Tensor {
  checkOptions(op, opts, ['dtype']);
  const t = opts?.dtype !== undefined ? x.to(checkDType(opts.dtype, op)) : isFloating(x.dtype) ? x : x.to('int32');
  return alongDim(t, dim, op, (u, d) => scanPrim(op, u, d));
}

/** The running sum along `dim`, as torch.cumsum (integers and bools sum as int32). */
export const cumsum = (x: Tensor, dim: number, opts?: ScanOptions): Tensor => sumOrProd('cumsum', x, dim, opts);

/** The running product along `dim`, as torch.cumprod; its gradient is exact at zeros. */
export const cumprod = (x: Tensor, dim: number, opts?: ScanOptions): Tensor => sumOrProd('cumprod', x, dim, opts);

/** log of the running sum of exp along `dim`, as torch.logcumsumexp, stable for large inputs. */
export function logcumsumexp(x: Tensor, dim: number): Tensor {
  if (!isFloating(x.dtype)) throw new TypeError(`logcumsumexp: needs a floating-point tensor, got ${x.dtype} (as PyTorch; use .float() first)`);
  return alongDim(x, dim, 'logcumsumexp', (u, d) => scanPrim('logcumsumexp', u, d));
}

function extremum(op: 'max' | 'min', x: Tensor, dim: number): ValuesIndices {
  const name = op === 'max' ? 'cummax' : 'cummin';
  const d = normDim(dim, x.ndim, name);
  if (x.ndim === 0) {
    const r = extremum(op, x.reshape([1]), 0);
    return { values: r.values.reshape([]), indices: r.indices.reshape([]) };
  }
  const indices = scanIndices(op, x, d);
  return { values: x.gather(d, indices), indices };
}

/** The running maximum along `dim` and where it is (the latest of ties; a NaN wins), as torch.cummax. */
export const cummax = (x: Tensor, dim: number): ValuesIndices => extremum('max', x, dim);
/** The running minimum along `dim` and where it is, as torch.cummin. */
export const cummin = (x: Tensor, dim: number): ValuesIndices => extremum('min', x, dim);
