/**
 * Writing into positions: scatter (overwrite, a value, or a reduction), scatterReduce (a
 * primitive with its own rule), indexAdd / indexCopy / indexFill along a dim, maskedScatter; and
 * reading positions of the flattened tensor: take, maskedSelect. Composed from gather, scatterAdd,
 * where and the scatter kernel.
 * @module
 */
import { isFloating } from '../dtype.js';
import { broadcastShapes, fmtShape, normDim, sameShape } from '../shape.js';
import { Tensor } from '../tensor.js';
import { asTensor } from './elementwise.js';
import { checkOptions } from './options.js';
import { scatterKernel, scatterReducePrim } from './prims.js';
import { flatNonzero } from './search.js';

/**
 * The reductions of {@link Tensor.scatterReduce}: how the values that meet at one position combine.
 * @example
 * ```ts
 * const reduce: ScatterReduce = 'prod';
 * ones([1]).scatterReduce(0, tensor([0, 0], { dtype: 'int32' }), tensor([2, 3]), reduce); // tensor([6.])
 * ```
 */
export type ScatterReduce = 'sum' | 'prod' | 'mean' | 'amax' | 'amin';
const REDUCTIONS: readonly string[] = ['sum', 'prod', 'mean', 'amax', 'amin'];

const ints = (data: ArrayLike<number>, shape: readonly number[]): Tensor => Tensor.fromData(Int32Array.from(data), shape, 'int32');

/** Throws unless every index is in [0, size) (or [-size, size) with `negative`); returns them. */
function checkBounds(op: string, index: Tensor, size: number, what: string, negative = false): Int32Array {
  const vals = index.toArray() as Int32Array;
  for (const i of vals) {
    if (i >= size || i < (negative ? -size : 0)) throw new RangeError(`${op}: index ${i} is out of bounds for ${what} with size ${size}`);
  }
  return vals;
}

function checkIndexDType(op: string, index: Tensor): void {
  if (index.dtype !== 'int32') throw new TypeError(`${op}: index must be an int32 tensor, got ${index.dtype}`);
}

/**
 * The checks of scatter-like ops (as PyTorch: index has self's number of dims, is no larger than
 * src anywhere nor than self off `dim`, and its values fit `dim`), then `src` cut to index's shape
 * (only that part is scattered) and cast to self's dtype. 0-dim tensors act as 1-D.
 */
function scatterArgs(op: string, x: Tensor, dim: number, index: Tensor, src: Tensor): { d: number; src: Tensor } {
  checkIndexDType(op, index);
  const d = normDim(dim, x.ndim, op);
  if (index.ndim !== x.ndim || src.ndim !== x.ndim) {
    throw new RangeError(`${op}: index ${fmtShape(index.shape)}, self ${fmtShape(x.shape)} and src ${fmtShape(src.shape)} must have the same number of dims`);
  }
  index.shape.forEach((s, k) => {
    if (s > src.shape[k]! || (k !== d && s > x.shape[k]!)) {
      throw new RangeError(`${op}: index ${fmtShape(index.shape)} must be no larger than src ${fmtShape(src.shape)} in any dim, nor than self ${fmtShape(x.shape)} apart from dim ${d}`);
    }
  });
  checkBounds(op, index, x.ndim === 0 ? 1 : x.shape[d]!, `dim ${d}`);
  let s = src.to(x.dtype);
  index.shape.forEach((n, k) => {
    if (s.shape[k] !== n) s = s.narrow(k, 0, n);
  });
  return { d, src: s };
}

/** 0-dim operands of a scatter-like op as 1-D, the result back to 0-dim. */
function on1d(x: Tensor, ts: readonly Tensor[], f: (x: Tensor, ts: Tensor[]) => Tensor): Tensor {
  if (x.ndim > 0) return f(x, [...ts]);
  return f(x.reshape([1]), ts.map((t) => (t.ndim === 0 ? t.reshape([1]) : t))).reshape([]);
}

/** Whether any position of `x` is written (bool, x's shape). */
function written(x: Tensor, d: number, index: Tensor): Tensor {
  return scatterKernel('assign', Tensor.zeros(x.shape, 'bool'), d, index, Tensor.scalar(1, 'bool').expand(index.shape));
}

/**
 * `src` written into a copy of `x` at `index` along `dim` (the last write wins), as torch.scatter.
 * The gradient of src flows from the elements that were written (that won), the rest take 0.
 */
function overwrite(x: Tensor, d: number, index: Tensor, src: Tensor): Tensor {
  if (!isFloating(x.dtype) || !(x.requiresGrad || src.requiresGrad)) return scatterKernel('assign', x, d, index, src);
  const order = ints(Array.from({ length: index.numel() }, (_, i) => i), index.shape);
  const last = scatterKernel('assign', Tensor.scalar(-1, 'int32').expand(x.shape), d, index, order);
  const won = last.gather(d, index).eq(order);
  const placed = Tensor.zeros(x.shape, x.dtype).scatterAdd(d, index, Tensor.where(won, src, Tensor.scalar(0, x.dtype)));
  return Tensor.where(written(x, d, index), placed, x);
}

/**
 * Options of {@link Tensor.scatter}.
 * @example
 * ```ts
 * const opts: ScatterOptions = { reduce: 'add' };
 * ones([3]).scatter(0, tensor([0, 0], { dtype: 'int32' }), tensor([1, 2]), opts); // tensor([4., 1., 1.])
 * ```
 */
export interface ScatterOptions {
  /** Combine with the values already there instead of overwriting: 'add' or 'multiply'. */
  reduce?: 'add' | 'multiply';
}

/** `src` (a tensor or a number) written into a copy of `x` at `index` along `dim`, as torch.scatter. */
export function scatter(x: Tensor, dim: number, index: Tensor, src: Tensor | number, opts?: ScatterOptions): Tensor {
  checkOptions('scatter', opts, ['reduce']);
  const reduce = opts?.reduce;
  if (reduce !== undefined && reduce !== 'add' && reduce !== 'multiply') throw new RangeError(`scatter: reduce must be 'add' or 'multiply', got '${String(reduce)}'`);
  const s = src instanceof Tensor ? src : Tensor.scalar(src, x.dtype).expand(index.shape);
  return on1d(x, [index, s], (x1, [i1, s1]) => {
    const { d, src: cut } = scatterArgs('scatter', x1, dim, i1!, s1!);
    if (reduce !== undefined) return scatterReducePrim(x1, d, i1!, cut, reduce === 'add' ? 'sum' : 'prod', true);
    if (!(src instanceof Tensor)) return Tensor.where(written(x1, d, i1!), Tensor.scalar(src, x.dtype), x1);
    return overwrite(x1, d, i1!, cut);
  });
}

/**
 * Options of {@link Tensor.scatterReduce}.
 * @example
 * ```ts
 * const opts: ScatterReduceOptions = { includeSelf: false };
 * ones([2]).scatterReduce(0, tensor([0, 0], { dtype: 'int32' }), tensor([3, 5]), 'amax', opts); // tensor([5., 1.])
 * ```
 */
export interface ScatterReduceOptions {
  /** Whether the values of this tensor at the positions written take part (default true). */
  includeSelf?: boolean;
}

/** `src` combined into a copy of `x` at `index` along `dim` by `reduce`, as torch.scatter_reduce. */
export function scatterReduce(x: Tensor, dim: number, index: Tensor, src: Tensor, reduce: ScatterReduce, opts?: ScatterReduceOptions): Tensor {
  checkOptions('scatterReduce', opts, ['includeSelf']);
  if (!REDUCTIONS.includes(reduce)) throw new RangeError(`scatterReduce: reduce must be one of ${REDUCTIONS.join(', ')}, got '${String(reduce)}'`);
  const includeSelf = opts?.includeSelf ?? true;
  return on1d(x, [index, src], (x1, [i1, s1]) => {
    const { d, src: cut } = scatterArgs('scatterReduce', x1, dim, i1!, s1!);
    return scatterReducePrim(x1, d, i1!, cut, reduce, includeSelf);
  });
}

/** The checks of indexAdd / indexCopy: a 1-D index into `dim`, a source shaped like x but for `dim`; the index spread over the source. */
function alongIndex(op: string, x: Tensor, dim: number, index: Tensor, source: Tensor): { d: number; spread: Tensor } {
  checkIndexDType(op, index);
  const d = normDim(dim, x.ndim, op);
  if (index.ndim > 1) throw new RangeError(`${op}: index must be 1-D, got shape ${fmtShape(index.shape)}`);
  const n = index.numel();
  const want = x.shape.map((s, k) => (k === d ? n : s));
  if (!sameShape(source.shape, want)) throw new RangeError(`${op}: source ${fmtShape(source.shape)} must have shape ${fmtShape(want)} (self ${fmtShape(x.shape)} with dim ${d} of the index's length ${n})`);
  checkBounds(op, index, x.shape[d]!, `dim ${d}`);
  return { d, spread: index.reshape(x.shape.map((_, k) => (k === d ? n : 1))).expand(want) };
}

/** `source` (times `alpha`) added into a copy of `x` at the positions `index` along `dim`, as torch.index_add. */
export function indexAdd(x: Tensor, dim: number, index: Tensor, source: Tensor, opts?: { alpha?: number }): Tensor {
  checkOptions('indexAdd', opts, ['alpha']);
  return on1d(x, [index, source], (x1, [i1, s1]) => {
    const { d, spread } = alongIndex('indexAdd', x1, dim, i1!, s1!);
    return x1.scatterAdd(d, spread, opts?.alpha === undefined ? s1! : s1!.mul(opts.alpha));
  });
}

/** `source` written into a copy of `x` at the positions `index` along `dim`, as torch.index_copy. */
export function indexCopy(x: Tensor, dim: number, index: Tensor, source: Tensor): Tensor {
  return on1d(x, [index, source], (x1, [i1, s1]) => {
    const { d, spread } = alongIndex('indexCopy', x1, dim, i1!, s1!);
    return overwrite(x1, d, spread, s1!.to(x.dtype));
  });
}

/** A copy of `x` with `value` at the positions `index` along `dim`, as torch.index_fill. */
export function indexFill(x: Tensor, dim: number, index: Tensor, value: number | Tensor): Tensor {
  checkIndexDType('indexFill', index);
  if (value instanceof Tensor && value.ndim !== 0) throw new RangeError(`indexFill: value must be a number or a 0-dim tensor, got shape ${fmtShape(value.shape)}`);
  if (index.ndim > 1) throw new RangeError(`indexFill: index must be 1-D, got shape ${fmtShape(index.shape)}`);
  const d = normDim(dim, x.ndim, 'indexFill');
  const size = x.ndim === 0 ? 1 : x.shape[d]!;
  const hit = new Uint8Array(size);
  for (const i of checkBounds('indexFill', index, size, `dim ${d}`, true)) hit[i < 0 ? i + size : i] = 1;
  const mask = Tensor.fromData(hit, x.shape.map((s, k) => (k === d ? size : 1)), 'bool');
  return Tensor.where(x.ndim === 0 ? mask.reshape([]) : mask, asTensor(value, x.dtype), x);
}

/** `x` with the elements where `mask` is true replaced, in order, by the first elements of `source`, as torch.masked_scatter. */
export function maskedScatter(x: Tensor, mask: Tensor, source: Tensor): Tensor {
  if (mask.dtype !== 'bool') throw new TypeError(`maskedScatter: mask must be a bool tensor, got ${mask.dtype}`);
  const shape = broadcastShapes('maskedScatter', x.shape, mask.shape);
  if (!sameShape(shape, x.shape)) throw new RangeError(`maskedScatter: mask ${fmtShape(mask.shape)} must broadcast to self's shape ${fmtShape(x.shape)}`);
  const m = mask.expand(x.shape);
  const at = flatNonzero(m);
  if (source.numel() < at.length) throw new RangeError(`maskedScatter: source has ${source.numel()} elements, the mask selects ${at.length}`);
  const n = x.numel();
  const src = source.reshape([-1]).narrow(0, 0, at.length).to(x.dtype);
  const placed = Tensor.zeros([n], x.dtype).scatterAdd(0, ints(at, [at.length]), src).reshape(x.shape);
  return Tensor.where(m, placed, x);
}

/** The elements of the flattened `x` at `index` (negative counts from the end), shaped like `index`, as torch.take. */
export function take(x: Tensor, index: Tensor): Tensor {
  checkIndexDType('take', index);
  const n = x.numel();
  const vals = index.toArray();
  for (const i of vals) if (i >= n || i < -n) throw new RangeError(`take: index ${i} is out of range for a tensor of ${n} elements`);
  const flat = ints(vals.map((i) => (i < 0 ? i + n : i)), [vals.length]);
  return x.reshape([-1]).gather(0, flat).reshape(index.shape);
}

/** The elements of `x` where `mask` is true (broadcast together), in a 1-D tensor, as torch.masked_select. */
export function maskedSelect(x: Tensor, mask: Tensor): Tensor {
  if (mask.dtype !== 'bool') throw new TypeError(`maskedSelect: mask must be a bool tensor, got ${mask.dtype}`);
  const shape = broadcastShapes('maskedSelect', x.shape, mask.shape);
  const at = flatNonzero(mask.expand(shape));
  return x.expand(shape).reshape([-1]).gather(0, ints(at, [at.length]));
}

/**
 * The elements of `x` at `indices` along `dim`, `x` and `indices` broadcast together off `dim`, as
 * torch.take_along_dim; without `dim`, the elements of the flattened `x` at the flattened `indices`.
 */
export function takeAlongDim(x: Tensor, indices: Tensor, dim?: number): Tensor {
  checkIndexDType('takeAlongDim', indices);
  if (dim === undefined) return take(x, indices.reshape([-1]));
  const d = normDim(dim, x.ndim, 'takeAlongDim');
  if (indices.ndim !== x.ndim) throw new RangeError(`takeAlongDim: input ${fmtShape(x.shape)} and indices ${fmtShape(indices.shape)} must have the same number of dims`);
  if (x.ndim === 0) return take(x, indices.reshape([-1])).reshape([]);
  const off = (s: readonly number[]): number[] => s.map((n, k) => (k === d ? 1 : n));
  const shape = broadcastShapes('takeAlongDim', off(x.shape), off(indices.shape));
  const at = (n: number): number[] => shape.map((s, k) => (k === d ? n : s));
  checkBounds('takeAlongDim', indices, x.shape[d]!, `dim ${d}`);
  return x.expand(at(x.shape[d]!)).gather(d, indices.expand(at(indices.shape[d]!)));
}

/**
 * Options of {@link Tensor.put}.
 * @example
 * ```ts
 * const opts: PutOptions = { accumulate: true };
 * zeros([2, 2]).put(tensor([3, 3], { dtype: 'int32' }), tensor([1, 2]), opts); // tensor([[0., 0.], [0., 3.]])
 * ```
 */
export interface PutOptions {
  /** Add the values into the positions (repeated positions add up) instead of writing them. */
  accumulate?: boolean;
}

/** A copy of `x` with `source`'s elements at the positions `index` of the flattened `x`, as torch.put. */
export function put(x: Tensor, index: Tensor, source: Tensor, opts?: PutOptions): Tensor {
  checkOptions('put', opts, ['accumulate']);
  checkIndexDType('put', index);
  if (index.numel() !== source.numel()) throw new RangeError(`put: index has ${index.numel()} elements, source has ${source.numel()}: they must be as many`);
  const n = x.numel();
  const vals = index.toArray();
  for (const i of vals) if (i >= n || i < -n) throw new RangeError(`put: index ${i} is out of range for a tensor of ${n} elements`);
  const flat = x.reshape([-1]).indexPut([index.reshape([-1])], source.reshape([-1]), { accumulate: opts?.accumulate === true });
  return flat.reshape(x.shape);
}
