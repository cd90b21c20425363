/**
 * PyTorch's indexing `x[i, j]` and `x[i, j] = v`: numbers, `null` (PyTorch's `:`), `'...'`, int32
 * index tensors and bool masks, with NumPy/PyTorch advanced-indexing rules. Numbers pick first
 * (as PyTorch's select); the index tensors broadcast together, and their dims land where the
 * first one was when they are adjacent, else first. Reading is one gather of the tensor with the
 * indexed dims moved first and merged, so its gradient is a scatter-add (an indexPut with
 * accumulate); writing is the same scatter.
 * @module
 */
import { broadcastShapes, fmtShape, numelOf } from '../shape.js';
import { Tensor } from '../tensor.js';
import { checkOptions } from './options.js';
import { nonzero } from './search.js';
import { scatter } from './scatter.js';

/**
 * One entry of {@link Tensor.index}: a number (picks one position; the dim goes), `null` (PyTorch's
 * `:`, the whole dim), `'...'` (as many `null` as the other entries leave), an int32 tensor or an
 * array of numbers (positions, negative from the end), a bool tensor or array of booleans (a mask
 * over as many dims as it has).
 * @example
 * ```ts
 * const entries: IndexEntry[] = [null, tensor([2, 0], { dtype: 'int32' })];
 * tensor([[1, 2, 3], [4, 5, 6]]).index(entries); // tensor([[3., 1.], [6., 4.]])
 * ```
 */
export type IndexEntry = Tensor | number | null | '...' | readonly number[] | readonly boolean[];

/** An index tensor over one dim of the input (int32, already broadcast-ready). */
interface Advanced {
  dim: number;
  index: Tensor;
}

/** What a list of entries does to `x`: the dims picked by numbers, the index tensors, the dims added by 0-dim masks. */
interface Plan {
  x: Tensor;
  numbers: Map<number, number>;
  tensors: Advanced[];
}

function entryTensor(op: string, e: Tensor | readonly number[] | readonly boolean[]): Tensor {
  if (e instanceof Tensor) {
    if (e.dtype !== 'int32' && e.dtype !== 'bool') throw new TypeError(`${op}: tensors used as indices must be int32 or bool, got ${e.dtype}`);
    return e;
  }
  if (e.length > 0 && typeof e[0] === 'boolean') return Tensor.fromData(Uint8Array.from(e as readonly boolean[], Number), [e.length], 'bool');
  if ((e as readonly unknown[]).some((v) => typeof v !== 'number' || !Number.isInteger(v))) throw new TypeError(`${op}: an index array must hold integers or booleans only`);
  return Tensor.fromData(Int32Array.from(e as readonly number[]), [e.length], 'int32');
}

function plan(op: string, x: Tensor, input: IndexEntry | readonly IndexEntry[]): Plan {
  const entries: readonly IndexEntry[] = Array.isArray(input) ? (input as readonly IndexEntry[]) : [input as IndexEntry];
  const tensors = entries.map((e) => (e === null || e === '...' || typeof e === 'number' ? null : entryTensor(op, e)));
  const width = entries.reduce<number>((n, e, k) => n + (e === '...' ? 0 : tensors[k]?.dtype === 'bool' ? tensors[k]!.ndim : 1), 0);
  if (entries.filter((e) => e === '...').length > 1) throw new RangeError(`${op}: an index can only have a single ellipsis ('...')`);
  if (width > x.ndim) throw new RangeError(`${op}: too many indices for a tensor of ${x.ndim} dims (got ${width})`);
  let t = x;
  const numbers = new Map<number, number>();
  const advanced: Advanced[] = [];
  let dim = 0;
  entries.forEach((e, k) => {
    if (e === '...') dim += x.ndim - width;
    else if (e === null) dim++;
    else if (typeof e === 'number') {
      const size = t.shape[dim]!;
      if (!Number.isInteger(e)) throw new TypeError(`${op}: a number index must be an integer, got ${e}`);
      if (e >= size || e < -size) throw new RangeError(`${op}: index ${e} is out of bounds for dim ${dim} with size ${size}`);
      numbers.set(dim++, e < 0 ? e + size : e);
    } else {
      const it = tensors[k]!;
      if (it.dtype === 'int32') advanced.push({ dim: dim++, index: it });
      else if (it.ndim === 0) {
        // a 0-dim mask adds a dim of size 1, indexed by [0] (true) or [] (false)
        t = t.unsqueeze(dim);
        advanced.push({ dim: dim++, index: Tensor.fromData(new Int32Array(it.item() ? 1 : 0), [it.item() ? 1 : 0], 'int32') });
      } else {
        const want = t.shape.slice(dim, dim + it.ndim);
        if (it.shape.some((s, j) => s !== want[j])) {
          throw new RangeError(`${op}: the shape of the mask ${fmtShape(it.shape)} at entry ${k} does not match the shape ${fmtShape(want)} of the dims it indexes (from dim ${dim})`);
        }
        const rows = nonzero(it);
        for (let j = 0; j < it.ndim; j++) advanced.push({ dim: dim++, index: rows.select(1, j) });
      }
    }
  });
  return { x: t, numbers, tensors: advanced };
}

/** How a plan reads and writes: the permutation putting the indexed dims first, the flat positions, and the layouts. */
interface Layout {
  /** x's dims, the indexed ones first (numbers and tensors), the others after in order. */
  perm: number[];
  /** The sizes of the indexed dims, merged into one. */
  rows: number;
  /** The other dims' sizes. */
  rest: number[];
  /** The broadcast shape of the index tensors. */
  batch: number[];
  /** The row of each element of the batch (int32, 1-D). */
  flat: Tensor;
  /** From the gathered layout [batch..., rest...] to PyTorch's result layout. */
  toResult: number[];
}

function layout(op: string, p: Plan): Layout {
  const x = p.x;
  const indexed = [...p.numbers.keys(), ...p.tensors.map((a) => a.dim)].sort((a, b) => a - b);
  const rest = x.shape.map((_, d) => d).filter((d) => !indexed.includes(d));
  const batch = broadcastShapes(op, ...p.tensors.map((a) => a.index.shape));
  const n = numelOf(batch);
  const flat = new Int32Array(n);
  let stride = 1;
  for (let k = indexed.length - 1; k >= 0; k--) {
    const d = indexed[k]!;
    const size = x.shape[d]!;
    const number = p.numbers.get(d);
    if (number !== undefined) for (let i = 0; i < n; i++) flat[i] = flat[i]! + number * stride;
    else {
      const vals = p.tensors.find((a) => a.dim === d)!.index.expand(batch).toArray();
      for (let i = 0; i < n; i++) {
        const v = vals[i]!;
        if (v >= size || v < -size) throw new RangeError(`${op}: index ${v} is out of bounds for dim ${d} with size ${size}`);
        flat[i] = flat[i]! + (v < 0 ? v + size : v) * stride;
      }
    }
    stride *= size;
  }
  // PyTorch: numbers pick first; the tensors' dims among those left are adjacent -> the batch goes
  // where the first was; else first
  const left = x.shape.map((_, d) => d).filter((d) => !p.numbers.has(d));
  const at = p.tensors.map((a) => left.indexOf(a.dim));
  const adjacent = at.every((v, j) => v === at[0]! + j);
  const before = adjacent && at.length > 0 ? rest.filter((d) => d < p.tensors[0]!.dim).length : 0;
  const nb = batch.length;
  const toResult = [...rest.slice(0, before).map((_, j) => nb + j), ...batch.map((_, j) => j), ...rest.slice(before).map((_, j) => nb + before + j)];
  return { perm: [...indexed, ...rest], rows: stride, rest: rest.map((d) => x.shape[d]!), batch, flat: Tensor.fromData(flat, [n], 'int32'), toResult };
}

/** `x[entries]`, as PyTorch's indexing. */
export function index(x: Tensor, entries: IndexEntry | readonly IndexEntry[]): Tensor {
  const p = plan('index', x, entries);
  if (p.tensors.length === 0) {
    // basic indexing only: views, as PyTorch's
    let t = p.x;
    for (const d of [...p.numbers.keys()].sort((a, b) => b - a)) t = t.select(d, p.numbers.get(d)!);
    return t;
  }
  const l = layout('index', p);
  const rows = p.x.permute(l.perm).reshape([l.rows, ...l.rest]);
  return rows.indexSelect(0, l.flat).reshape([...l.batch, ...l.rest]).permute(l.toResult);
}

/**
 * Options of {@link Tensor.indexPut}.
 * @example
 * ```ts
 * const opts: IndexPutOptions = { accumulate: true };
 * zeros([3]).indexPut([tensor([0, 0], { dtype: 'int32' })], tensor(1), opts); // tensor([2., 0., 0.])
 * ```
 */
export interface IndexPutOptions {
  /** Add the values into the positions (repeated positions add up) instead of writing them. */
  accumulate?: boolean;
}

/** A copy of `x` with `values` written at `x[entries]` (or added, with `accumulate`), as torch.index_put. */
export function indexPut(x: Tensor, entries: IndexEntry | readonly IndexEntry[], values: Tensor | number, opts?: IndexPutOptions, op = 'indexPut'): Tensor {
  checkOptions(op, opts, ['accumulate']);
  const p = plan(op, x, entries);
  const l = layout(op, p);
  const resultShape = l.toResult.map((j) => [...l.batch, ...l.rest][j]!);
  const v = values instanceof Tensor ? values.to(x.dtype) : Tensor.scalar(values, x.dtype);
  let fitted: Tensor;
  try {
    fitted = v.expand(resultShape);
  } catch {
    throw new RangeError(`${op}: values of shape ${fmtShape(v.shape)} cannot be broadcast to the indexed shape ${fmtShape(resultShape)}`);
  }
  const inverse = new Array<number>(l.toResult.length);
  l.toResult.forEach((j, k) => (inverse[j] = k));
  const src = fitted.permute(inverse).reshape([l.flat.numel(), ...l.rest]);
  const rows = p.x.permute(l.perm).reshape([l.rows, ...l.rest]);
  const spread = l.flat.reshape([l.flat.numel(), ...l.rest.map(() => 1)]).expand(src.shape);
  const written = opts?.accumulate === true ? rows.scatterAdd(0, spread, src) : scatter(rows, 0, spread, src);
  const back = new Array<number>(l.perm.length);
  l.perm.forEach((d, k) => (back[d] = k));
  const out = written.reshape(l.perm.map((d) => p.x.shape[d]!)).permute(back);
  return out.ndim === x.ndim ? out : out.reshape(x.shape);
}
