/**
 * Ops whose result depends on the values, not only the shapes: nonzero, unique, searchsorted,
 * bucketize, bincount, histc. They read their input (as PyTorch's CPU ops do) and take no
 * gradient.
 * @module
 */
import { isFloating } from '../dtype.js';
import type { DType } from '../dtype.js';
import { contiguousStrides, fmtShape, normDim, sameShape } from '../shape.js';
import { Tensor } from '../tensor.js';
import { checkOptions } from './options.js';
import { scatterKernel, searchsortedIndices, sortIndices } from './prims.js';

const ints = (data: ArrayLike<number>, shape: readonly number[]): Tensor => Tensor.fromData(Int32Array.from(data), shape, 'int32');

/** The row-major positions of the nonzero elements of `x` (NaN counts as nonzero). */
export function flatNonzero(x: Tensor): number[] {
  const m = x.ne(0).toArray();
  const out: number[] = [];
  for (let i = 0; i < m.length; i++) if (m[i]) out.push(i);
  return out;
}

/** The indices of the nonzero elements, one row per element ([n, ndim], int32), as torch.nonzero. */
export function nonzero(x: Tensor): Tensor {
  const at = flatNonzero(x);
  const strides = contiguousStrides(x.shape);
  const out = new Int32Array(at.length * x.ndim);
  at.forEach((p, r) => strides.forEach((s, d) => (out[r * x.ndim + d] = Math.floor(p / s) % x.shape[d]!)));
  return Tensor.fromData(out, [at.length, x.ndim], 'int32');
}

/** nonzero as one 1-D index tensor per dim (a 0-dim input counts as 1-D), as torch.nonzero(as_tuple=True). */
export function nonzeroTuple(x: Tensor): Tensor[] {
  const rows = nonzero(x.ndim === 0 ? x.reshape([1]) : x);
  return Array.from({ length: Math.max(1, x.ndim) }, (_, d) => rows.select(1, d));
}

/**
 * Options of {@link Tensor.unique}.
 * @example
 * ```ts
 * const opts = { returnCounts: true } as const satisfies UniqueOptions;
 * const [values, counts] = tensor([2, 1, 2]).unique(opts);
 * values; // tensor([1., 2.])
 * counts; // tensor([1, 2], dtype=torch.int32)
 * ```
 */
export interface UniqueOptions {
  /** Sort the unique values (default true; they come sorted either way). */
  sorted?: boolean;
  /** Also return, for each element, the index of its value in the output. */
  returnInverse?: boolean;
  /** Also return how many times each unique value occurs. */
  returnCounts?: boolean;
  /** Unique slices along this dim instead of unique elements. */
  dim?: number;
}

/** Compares two numbers ascending, NaN last. */
const ascending = (a: number, b: number): number => (a < b ? -1 : a > b ? 1 : a === b ? 0 : a !== a ? (b !== b ? 0 : 1) : -1);

/** The unique elements (or slices along `dim`), sorted, with the inverse and the counts, as torch.unique. */
export function unique(x: Tensor, opts: UniqueOptions = {}): Tensor[] {
  checkOptions('unique', opts, ['sorted', 'returnInverse', 'returnCounts', 'dim']);
  const byDim = opts.dim !== undefined;
  const d = byDim ? normDim(opts.dim!, x.ndim, 'unique') : 0;
  const t = byDim ? x.movedim(d, 0) : x.reshape([-1]);
  const n = t.ndim === 0 ? 1 : t.shape[0]!;
  const width = n === 0 ? 0 : t.numel() / n;
  const data = t.toArray();
  const row = (i: number): ArrayLike<number> => data.subarray(i * width, (i + 1) * width);
  const compare = (i: number, j: number): number => {
    for (let k = 0; k < width; k++) {
      const c = ascending(data[i * width + k]!, data[j * width + k]!);
      if (c !== 0) return c;
    }
    return 0;
  };
  const order = byDim ? Array.from({ length: n }, (_, i) => i).sort((i, j) => compare(i, j) || i - j) : Array.from(sortIndices(t, 0, false).toArray());
  const same = (i: number, j: number): boolean => {
    const [a, b] = [row(i), row(j)];
    for (let k = 0; k < width; k++) if (a[k] !== b[k]) return false;
    return true;
  };
  const first: number[] = [];
  const counts: number[] = [];
  const inverse = new Int32Array(n);
  order.forEach((i, k) => {
    if (k === 0 || !same(order[k - 1]!, i)) {
      first.push(i);
      counts.push(0);
    }
    counts[counts.length - 1]!++;
    inverse[i] = first.length - 1;
  });
  const values = (byDim ? x.indexSelect(d, ints(first, [first.length])) : t.gather(0, ints(first, [first.length]))).detach();
  const out = [values];
  if (opts.returnInverse) out.push(Tensor.fromData(inverse, byDim ? [n] : x.shape, 'int32'));
  if (opts.returnCounts) out.push(ints(counts, [counts.length]));
  return out;
}

/**
 * Options of {@link searchsorted} and {@link bucketize}.
 * @example
 * ```ts
 * const opts: SearchOptions = { right: true };
 * searchsorted(tensor([1, 2, 3]), tensor([2]), opts); // tensor([2], dtype=torch.int32)
 * ```
 */
export interface SearchOptions {
  /** The last position that keeps the order instead of the first (default false). */
  right?: boolean;
  /** `'left'` or `'right'`, the same choice as `right` (searchsorted only). */
  side?: 'left' | 'right';
  /** int32 positions that sort each line of an unsorted sequence (searchsorted only). */
  sorter?: Tensor;
  /** Accepted for PyTorch's code: the result is int32 either way. */
  outInt32?: boolean;
}

/** Where each value would go into its line of `sorted` (its last dim) to keep it sorted, as torch.searchsorted. */
export function searchsorted(sorted: Tensor, values: Tensor | number, opts: SearchOptions = {}, op = 'searchsorted'): Tensor {
  checkOptions(op, opts, op === 'searchsorted' ? ['right', 'side', 'sorter', 'outInt32'] : ['right', 'outInt32']);
  if (opts.side !== undefined && opts.side !== 'left' && opts.side !== 'right') throw new RangeError(`searchsorted: side must be 'left' or 'right', got '${String(opts.side)}'`);
  if (opts.side !== undefined && opts.right !== undefined && (opts.side === 'right') !== opts.right) {
    throw new RangeError(`searchsorted: side '${opts.side}' and right ${opts.right} can't be set to opposites`);
  }
  const right = opts.right ?? opts.side === 'right';
  if (sorted.ndim === 0) throw new RangeError(`${op}: the sorted sequence must have at least 1 dim, got a 0-dim tensor`);
  if (opts.sorter !== undefined) {
    if (!sameShape(opts.sorter.shape, sorted.shape)) throw new RangeError(`searchsorted: sorter ${fmtShape(opts.sorter.shape)} must have the sorted sequence's shape ${fmtShape(sorted.shape)}`);
    sorted = sorted.gather(-1, opts.sorter);
  }
  const v = values instanceof Tensor ? values : Tensor.scalar(values, sorted.dtype);
  if (sorted.ndim > 1 && (v.ndim !== sorted.ndim || !sameShape(v.shape.slice(0, -1), sorted.shape.slice(0, -1)))) {
    throw new RangeError(`${op}: the sorted sequence ${fmtShape(sorted.shape)} must be 1-D or share all but its last dim with the values ${fmtShape(v.shape)}`);
  }
  if (v.ndim === 0) return searchsortedIndices(sorted.detach(), v.detach().reshape([1]), right).reshape([]);
  return searchsortedIndices(sorted.detach(), v.detach(), right);
}

/** The index of the bucket of `boundaries` (1-D, sorted) each element falls in, as torch.bucketize. */
export function bucketize(x: Tensor | number, boundaries: Tensor, opts: SearchOptions = {}): Tensor {
  if (boundaries.ndim !== 1) throw new RangeError(`bucketize: boundaries must be 1-D, got shape ${fmtShape(boundaries.shape)}`);
  return searchsorted(boundaries, x, opts, 'bucketize');
}

/** How often each value of a 1-D tensor of non-negative integers occurs (or the sum of its weights), as torch.bincount. */
export function bincount(x: Tensor, weights?: Tensor | null, minlength = 0): Tensor {
  if (x.ndim !== 1 || x.dtype !== 'int32') throw new TypeError(`bincount: only supports 1-D non-negative integer (int32) tensors, got ${x.dtype} of shape ${fmtShape(x.shape)}`);
  if (!Number.isInteger(minlength) || minlength < 0) throw new RangeError(`bincount: minlength must be a non-negative integer, got ${minlength}`);
  const vals = x.toArray();
  let top = -1;
  for (const v of vals) {
    if (v < 0) throw new RangeError(`bincount: only supports non-negative values, got ${v}`);
    top = Math.max(top, v);
  }
  if (weights != null && !sameShape(weights.shape, x.shape)) throw new RangeError(`bincount: weights ${fmtShape(weights.shape)} must have the input's shape ${fmtShape(x.shape)}`);
  const dtype: DType = weights == null ? 'int32' : isFloating(weights.dtype) ? weights.dtype : 'float64';
  const src = weights == null ? Tensor.scalar(1, 'int32').expand(x.shape) : weights.detach().to(dtype);
  return scatterKernel('sum', Tensor.zeros([Math.max(top + 1, minlength)], dtype), 0, x, src);
}

/** A histogram of `bins` equal bins over [min, max] (the data's range when both are 0), as torch.histc. */
export function histc(x: Tensor, bins = 100, min = 0, max = 0): Tensor {
  if (!isFloating(x.dtype)) throw new TypeError(`histc: needs a floating-point tensor, got ${x.dtype} (as PyTorch)`);
  if (!Number.isInteger(bins) || bins <= 0) throw new RangeError(`histc: bins must be a positive integer, got ${bins}`);
  const f = x.dtype === 'float32' ? Math.fround : (v: number): number => v;
  const vals = x.toArray();
  let [lo, hi] = [f(min), f(max)];
  if (lo === hi && vals.length > 0) {
    [lo, hi] = [Infinity, -Infinity];
    for (const v of vals) [lo, hi] = [v < lo || v !== v ? v : lo, v > hi || v !== v ? v : hi];
  }
  if (lo === hi) [lo, hi] = [f(lo - 1), f(hi + 1)];
  if (!(lo < hi) || !Number.isFinite(lo) || !Number.isFinite(hi)) throw new RangeError(`histc: the range [${lo}, ${hi}] must be finite with min < max`);
  const out = Tensor.zeros([bins], x.dtype);
  const counts = out._out();
  const width = f(hi - lo);
  for (const v of vals) {
    if (!(v >= lo && v <= hi)) continue;
    const b = Math.trunc(f(f(f(v - lo) * bins) / width));
    counts[Math.min(b, bins - 1)]!++;
  }
  return out;
}
