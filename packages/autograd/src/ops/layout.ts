/**
 * Rearranging ops composed from views, cat, gather and slices: roll, diagonal, diag, diagEmbed,
 * trace, unflatten, repeatInterleave, unfold, movedim, tile, rot90, the stacks, atleast*d,
 * broadcastTo, broadcastTensors, meshgrid.
 * @module
 */
import { promoteTypes } from '../dtype.js';
import { broadcastShapes, fmtShape, normDim, numelOf } from '../shape.js';
import { Tensor } from '../tensor.js';
import { checkOptions } from './options.js';
import { cat, inferShape, stack, unslice } from './shape.js';

const list = (v: number | readonly number[]): number[] => (typeof v === 'number' ? [v] : [...v]);
const ints = (data: ArrayLike<number>): Tensor => Tensor.fromData(Int32Array.from(data), [data.length], 'int32');

/** The elements shifted by `shifts` along `dims` (wrapping around), or along the flattened tensor, as torch.roll. */
export function roll(x: Tensor, shifts: number | readonly number[], dims?: number | readonly number[]): Tensor {
  const s = list(shifts);
  if (s.some((v) => !Number.isInteger(v))) throw new TypeError(`roll: shifts must be integers, got ${fmtShape(s)}`);
  if (dims === undefined) {
    if (s.length !== 1) throw new RangeError(`roll: without dims, shifts must be a single number, got ${fmtShape(s)}`);
    return roll(x.reshape([-1]), s[0]!, 0).reshape(x.shape);
  }
  const ds = list(dims);
  if (ds.length !== s.length) throw new RangeError(`roll: shifts and dims must have the same length, got ${s.length} and ${ds.length}`);
  let out = x;
  ds.forEach((dim, k) => {
    const d = normDim(dim, x.ndim, 'roll');
    const n = x.shape[d]!;
    const by = n === 0 ? 0 : ((s[k]! % n) + n) % n;
    if (by !== 0) out = cat([out.narrow(d, n - by, by), out.narrow(d, 0, n - by)], d);
  });
  return out === x ? x.clone() : out;
}

/** The diagonal `offset` of the (dim1, dim2) planes as a last dim (a view where the layout allows), as torch.diagonal. */
export function diagonal(x: Tensor, offset = 0, dim1 = 0, dim2 = 1): Tensor {
  if (x.ndim < 2) throw new RangeError(`diagonal: needs a tensor of at least 2 dims, got shape ${fmtShape(x.shape)}`);
  if (!Number.isInteger(offset)) throw new TypeError(`diagonal: offset must be an integer, got ${offset}`);
  const a = normDim(dim1, x.ndim, 'diagonal');
  const b = normDim(dim2, x.ndim, 'diagonal');
  if (a === b) throw new RangeError(`diagonal: dim1 and dim2 cannot be the same dim (${dim1}, ${dim2})`);
  const others = x.shape.map((_, d) => d).filter((d) => d !== a && d !== b);
  const [r, c] = [x.shape[a]!, x.shape[b]!];
  const lead = others.map((d) => x.shape[d]!);
  const flat = x.permute([...others, a, b]).reshape([...lead, r * c]);
  const len = Math.max(0, offset >= 0 ? Math.min(r, c - offset) : Math.min(r + offset, c));
  if (len === 0) return flat.narrow(-1, 0, 0);
  const start = offset >= 0 ? offset : -offset * c;
  return flat.slice(-1, start, start + (len - 1) * (c + 1) + 1, c + 1);
}

/** Tensors whose (dim1, dim2) planes hold the last dim of `x` on diagonal `offset`, zeros elsewhere, as torch.diag_embed. */
export function diagEmbed(x: Tensor, offset = 0, dim1 = -2, dim2 = -1): Tensor {
  if (x.ndim < 1) throw new RangeError('diagEmbed: needs a tensor of at least 1 dim, got a 0-dim tensor');
  if (!Number.isInteger(offset)) throw new TypeError(`diagEmbed: offset must be an integer, got ${offset}`);
  const nd = x.ndim + 1;
  const a = normDim(dim1, nd, 'diagEmbed');
  const b = normDim(dim2, nd, 'diagEmbed');
  if (a === b) throw new RangeError(`diagEmbed: dim1 and dim2 cannot be the same dim (${dim1}, ${dim2})`);
  const n = x.shape[x.ndim - 1]!;
  const m = n + Math.abs(offset);
  const lead = x.shape.slice(0, -1);
  const start = offset >= 0 ? offset : -offset * m;
  const square = unslice(x, [...lead, m * m], lead.length, start, start + Math.max(0, n - 1) * (m + 1) + 1, m + 1).reshape([...lead, m, m]);
  const perm: number[] = [];
  let k = 0;
  for (let d = 0; d < nd; d++) perm.push(d === a ? lead.length : d === b ? lead.length + 1 : k++);
  return square.permute(perm);
}

/** A 1-D tensor as a matrix with it on diagonal `k`, or a matrix's diagonal `k` (a copy), as torch.diag. */
export function diag(x: Tensor, k = 0): Tensor {
  if (x.ndim === 1) return diagEmbed(x, k, 0, 1);
  if (x.ndim === 2) return diagonal(x, k, 0, 1).clone();
  throw new RangeError(`diag: expects a 1-D or 2-D tensor, got shape ${fmtShape(x.shape)}`);
}

/** The sum of a matrix's diagonal, as torch.trace. */
export function trace(x: Tensor): Tensor {
  if (x.ndim !== 2) throw new RangeError(`trace: expects a matrix (2-D), got shape ${fmtShape(x.shape)}`);
  return diagonal(x).sum();
}

/** Dim `dim` split into `sizes` (one may be -1), as Tensor.unflatten. */
export function unflatten(x: Tensor, dim: number, sizes: readonly number[]): Tensor {
  const d = normDim(dim, x.ndim, 'unflatten');
  if (sizes.length === 0) throw new RangeError('unflatten: sizes must not be empty');
  const n = x.ndim === 0 ? 1 : x.shape[d]!;
  const sz = inferShape(sizes, n, 'unflatten');
  if (numelOf(sz) !== n) throw new RangeError(`unflatten: sizes ${fmtShape(sizes)} do not multiply to the size ${n} of dim ${dim}`);
  return x.reshape([...x.shape.slice(0, d), ...sz, ...x.shape.slice(d + 1)]);
}

/**
 * Each element (or slice along `dim`) repeated `repeats` times in place, as torch.repeat_interleave
 * (the flattened tensor when `dim` is omitted). Without `repeats`, `x` holds the repeats of 0, 1, ...
 */
export function repeatInterleave(x: Tensor, repeats?: number | Tensor, dim?: number, opts?: { outputSize?: number }): Tensor {
  checkOptions('repeatInterleave', opts, ['outputSize']);
  if (repeats === undefined) return repeatInterleave(ints(Array.from({ length: x.numel() }, (_, i) => i)), x, 0, opts);
  const t = dim === undefined ? x.reshape([-1]) : x;
  const d = dim === undefined ? 0 : normDim(dim, x.ndim, 'repeatInterleave');
  const n = t.ndim === 0 ? 1 : t.shape[d]!;
  let reps: ArrayLike<number>;
  if (typeof repeats === 'number') reps = new Array<number>(n).fill(repeats);
  else {
    if (repeats.dtype !== 'int32' || repeats.ndim > 1) throw new TypeError(`repeatInterleave: repeats must be a number or a 0-D/1-D int32 tensor, got ${repeats.dtype} of shape ${fmtShape(repeats.shape)}`);
    const r = repeats.toArray();
    if (r.length !== 1 && r.length !== n) throw new RangeError(`repeatInterleave: repeats has ${r.length} elements, dim ${dim ?? 0} has size ${n}`);
    reps = r.length === 1 ? new Array<number>(n).fill(r[0]!) : r;
  }
  const index: number[] = [];
  for (let i = 0; i < n; i++) {
    const k = reps[i]!;
    if (!Number.isInteger(k) || k < 0) throw new RangeError(`repeatInterleave: repeats must be non-negative integers, got ${k}`);
    for (let j = 0; j < k; j++) index.push(i);
  }
  if (opts?.outputSize !== undefined && opts.outputSize !== index.length) throw new RangeError(`repeatInterleave: outputSize ${opts.outputSize} does not match the ${index.length} elements repeated`);
  return (t.ndim === 0 ? t.reshape([1]) : t).indexSelect(d, ints(index));
}

/** Every window of `size` elements along `dim`, `step` apart, in a new last dim, as Tensor.unfold. */
export function unfold(x: Tensor, dimension: number, size: number, step: number): Tensor {
  const d = normDim(dimension, x.ndim, 'unfold');
  const t = x.ndim === 0 ? x.reshape([1]) : x;
  const n = t.shape[d]!;
  if (!Number.isInteger(size) || size < 0 || size > n) throw new RangeError(`unfold: size ${size} must be an integer in [0, ${n}] (the size of dim ${dimension})`);
  if (!Number.isInteger(step) || step < 1) throw new RangeError(`unfold: step must be a positive integer, got ${step}`);
  const count = Math.floor((n - size) / step) + 1;
  const index = Array.from({ length: count * size }, (_, i) => Math.floor(i / size) * step + (i % size));
  const windows = t.indexSelect(d, ints(index)).reshape([...t.shape.slice(0, d), count, size, ...t.shape.slice(d + 1)]);
  return x.ndim === 0 ? windows.reshape([size]) : movedim(windows, d + 1, -1);
}

/** Dims `source` moved to positions `destination`, the others keeping their order, as torch.movedim. */
export function movedim(x: Tensor, source: number | readonly number[], destination: number | readonly number[]): Tensor {
  const [src, dst] = [list(source), list(destination)];
  if (src.length !== dst.length) throw new RangeError(`movedim: source ${fmtShape(src)} and destination ${fmtShape(dst)} must have the same number of dims`);
  const s = src.map((v) => normDim(v, x.ndim, 'movedim'));
  const t = dst.map((v) => normDim(v, x.ndim, 'movedim'));
  if (new Set(s).size !== s.length || new Set(t).size !== t.length) throw new RangeError(`movedim: repeated dim in source ${fmtShape(src)} or destination ${fmtShape(dst)}`);
  const perm = new Array<number>(x.ndim).fill(-1);
  s.forEach((v, k) => (perm[t[k]!] = v));
  const rest = x.shape.map((_, d) => d).filter((d) => !s.includes(d));
  for (let k = 0, j = 0; k < x.ndim; k++) if (perm[k] === -1) perm[k] = rest[j++]!;
  return x.ndim === 0 ? x : x.permute(perm);
}

/** `x` repeated `dims[k]` times along each dim (ones prepended to `dims` as needed), as torch.tile. */
export function tile(x: Tensor, dims: readonly number[]): Tensor {
  return x.repeat([...new Array<number>(Math.max(0, x.ndim - dims.length)).fill(1), ...dims]);
}

/** Rotated by 90° `k` times in the plane of `dims` (from the first towards the second), as torch.rot90. */
export function rot90(x: Tensor, k = 1, dims: readonly number[] = [0, 1]): Tensor {
  if (dims.length !== 2) throw new RangeError(`rot90: dims must hold 2 dims, got ${fmtShape(dims)}`);
  if (x.ndim < 2) throw new RangeError(`rot90: needs a tensor of at least 2 dims, got shape ${fmtShape(x.shape)}`);
  const [a, b] = dims.map((v) => normDim(v, x.ndim, 'rot90')) as [number, number];
  if (a === b) throw new RangeError(`rot90: dims must be different, got ${fmtShape(dims)}`);
  if (!Number.isInteger(k)) throw new TypeError(`rot90: k must be an integer, got ${k}`);
  switch (((k % 4) + 4) % 4) {
    case 1:
      return x.flip(b).transpose(a, b);
    case 2:
      return x.flip([a, b]);
    case 3:
      return x.flip(a).transpose(a, b);
    default:
      return x.clone();
  }
}

/** A 0-dim tensor as 1-D, as torch.atleast_1d. */
export const atleast1d = (x: Tensor): Tensor => (x.ndim === 0 ? x.reshape([1]) : x);
/** At least 2 dims (a 1-D tensor becomes a row), as torch.atleast_2d. */
export const atleast2d = (x: Tensor): Tensor => (x.ndim >= 2 ? x : x.reshape([1, x.numel()]));
/** At least 3 dims ([n] → [1, n, 1], [a, b] → [a, b, 1]), as torch.atleast_3d. */
export function atleast3d(x: Tensor): Tensor {
  if (x.ndim >= 3) return x;
  if (x.ndim === 2) return x.unsqueeze(2);
  return x.reshape([1, x.numel(), 1]);
}

function nonEmpty(op: string, xs: readonly Tensor[]): void {
  if (xs.length === 0) throw new RangeError(`${op}: expects a non-empty list of tensors`);
}

/** Concatenated column-wise (1-D tensors end to end), as torch.hstack. */
export function hstack(xs: readonly Tensor[]): Tensor {
  nonEmpty('hstack', xs);
  const ys = xs.map(atleast1d);
  return cat(ys, ys[0]!.ndim === 1 ? 0 : 1);
}
/** Stacked row-wise (1-D tensors as rows), as torch.vstack. */
export function vstack(xs: readonly Tensor[]): Tensor {
  nonEmpty('vstack', xs);
  return cat(xs.map(atleast2d), 0);
}
/** Stacked along the third dim, as torch.dstack. */
export function dstack(xs: readonly Tensor[]): Tensor {
  nonEmpty('dstack', xs);
  return cat(xs.map(atleast3d), 2);
}

/** The tensors broadcast to their common shape, as torch.broadcast_tensors. */
export function broadcastTensors(xs: readonly Tensor[]): Tensor[] {
  const shape = broadcastShapes('broadcastTensors', ...xs.map((x) => x.shape));
  return xs.map((x) => x.expand(shape));
}

/**
 * Options of {@link meshgrid}.
 * @example
 * ```ts
 * const opts: MeshgridOptions = { indexing: 'xy' };
 * meshgrid([tensor([1, 2]), tensor([3, 4, 5])], opts)[0]!.shape; // [3, 2]
 * ```
 */
export interface MeshgridOptions {
  /** 'ij' (default): output dim k follows tensor k; 'xy': the first two swap (Cartesian, as NumPy's). */
  indexing?: 'ij' | 'xy';
}

/** Coordinate grids of 0-D or 1-D tensors, as torch.meshgrid. */
export function meshgrid(xs: readonly Tensor[], opts?: MeshgridOptions): Tensor[] {
  checkOptions('meshgrid', opts, ['indexing']);
  const indexing = opts?.indexing ?? 'ij';
  if (indexing !== 'ij' && indexing !== 'xy') throw new RangeError(`meshgrid: indexing must be 'ij' or 'xy', got '${String(indexing)}'`);
  nonEmpty('meshgrid', xs);
  xs.forEach((x, i) => {
    if (x.ndim > 1) throw new RangeError(`meshgrid: expects 0-D or 1-D tensors, got shape ${fmtShape(x.shape)} at position ${i}`);
    if (x.dtype !== xs[0]!.dtype) throw new TypeError(`meshgrid: expects all tensors to have the same dtype, got ${xs[0]!.dtype} and ${x.dtype}`);
  });
  const swap = indexing === 'xy' && xs.length >= 2;
  const order = xs.map((_, i) => (swap && i < 2 ? 1 - i : i));
  const shape = order.map((i) => xs[i]!.numel());
  return xs.map((x, i) => {
    const at = order.indexOf(i);
    return x.reshape(shape.map((s, k) => (k === at ? s : 1))).expand(shape);
  });
}

/** Flipped left to right (dim 1), as torch.fliplr. */
export function fliplr(x: Tensor): Tensor {
  if (x.ndim < 2) throw new RangeError(`fliplr: needs a tensor of at least 2 dims, got shape ${fmtShape(x.shape)}`);
  return x.flip(1);
}

/** Flipped upside down (dim 0), as torch.flipud. */
export function flipud(x: Tensor): Tensor {
  if (x.ndim < 1) throw new RangeError('flipud: needs a tensor of at least 1 dim, got a 0-dim tensor');
  return x.flip(0);
}

/** The slices along `dim`, each without it, as torch.unbind. */
export function unbind(x: Tensor, dim = 0): Tensor[] {
  const d = normDim(dim, x.ndim, 'unbind');
  if (x.ndim === 0) throw new RangeError('unbind: a 0-dim tensor has no dim to unbind');
  return Array.from({ length: x.shape[d]! }, (_, i) => x.select(d, i));
}

/** The flattened `x` on diagonal `offset` of a square matrix, as torch.diagflat. */
export function diagflat(x: Tensor, offset = 0): Tensor {
  return diagEmbed(x.reshape([-1]), offset, 0, 1);
}

/** The tensors (0-D, 1-D as a row, 2-D) on the diagonal of a block matrix, zeros elsewhere, as torch.block_diag. */
export function blockDiag(xs: readonly Tensor[]): Tensor {
  const ms = xs.map((x, i) => {
    if (x.ndim > 2) throw new RangeError(`blockDiag: expects tensors of at most 2 dims, got shape ${fmtShape(x.shape)} at position ${i}`);
    return x.ndim === 2 ? x : x.reshape([1, x.numel()]);
  });
  if (ms.length === 0) return Tensor.zeros([1, 0], 'float32');
  const dtype = ms.map((m) => m.dtype).reduce(promoteTypes);
  const cols = ms.reduce((n, m) => n + m.shape[1]!, 0);
  let at = 0;
  const rows = ms.map((m) => {
    const c = m.shape[1]!;
    const parts = [Tensor.zeros([m.shape[0]!, at], dtype), m.to(dtype), Tensor.zeros([m.shape[0]!, cols - at - c], dtype)];
    at += c;
    return cat(parts, 1);
  });
  return cat(rows, 0);
}

/** Every combination of one element of each 1-D tensor, one per row, as torch.cartesian_prod. */
export function cartesianProd(xs: readonly Tensor[]): Tensor {
  nonEmpty('cartesianProd', xs);
  xs.forEach((x, i) => {
    if (x.ndim !== 1) throw new RangeError(`cartesianProd: expects 1-D tensors, got shape ${fmtShape(x.shape)} at position ${i}`);
  });
  if (xs.length === 1) return xs[0]!;
  return stack(meshgrid(xs).map((g) => g.reshape([-1])), 1);
}
