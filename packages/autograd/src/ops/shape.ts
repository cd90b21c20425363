/**
 * Shape and movement ops: reshape/view, transpose/permute, expand, squeeze/unsqueeze, narrow/slice,
 * flatten, cat/stack, split/chunk. Views share storage where PyTorch's do.
 * @module
 */
import { promoteTypes } from '../dtype.js';
import { checkShape, fmtShape, normDim, normDims, numelOf, sameShape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { catPrim, expandPrim, permutePrim, reshapePrim, slicePrim, unslicePrim } from './prims.js';

/** Resolves one -1 in a requested shape. */
export function inferShape(shape: readonly number[], numel: number, op: string): number[] {
  const free = shape.indexOf(-1);
  if (free !== shape.lastIndexOf(-1)) throw new RangeError(`${op}: only one dimension can be inferred (-1), got ${fmtShape(shape)}`);
  if (free < 0) return checkShape(shape, op);
  const rest = shape.filter((_, i) => i !== free);
  checkShape(rest, op);
  const known = numelOf(rest);
  if (known === 0 || numel % known !== 0) throw new RangeError(`${op}: shape ${fmtShape(shape)} is invalid for input of size ${numel}`);
  const out = [...shape];
  out[free] = numel / known;
  return out;
}

export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  return reshapePrim(x, inferShape(shape, x.numel(), 'reshape'));
}

/** Like reshape, but never copies: throws when the layout does not allow a view (as PyTorch). */
export function view(x: Tensor, shape: readonly number[]): Tensor {
  const r = reshape(x, shape);
  if (r.numel() > 0 && r._storage !== x._storage) {
    throw new RangeError(
      `view: shape ${fmtShape(shape)} is not compatible with the input's size and stride (shape ${fmtShape(x.shape)}, strides ${fmtShape(x.strides)}); use reshape() instead`,
    );
  }
  return r;
}

export function permute(x: Tensor, dims: readonly number[]): Tensor {
  if (dims.length !== x.ndim) throw new RangeError(`permute: got ${dims.length} dims ${fmtShape(dims)} for a tensor of ${x.ndim} dims`);
  const d = dims.map((v) => normDim(v, x.ndim, 'permute'));
  if (new Set(d).size !== d.length) throw new RangeError(`permute: dims ${fmtShape(dims)} repeat a dim`);
  if (d.every((v, i) => v === i)) return x;
  return permutePrim(x, d);
}

export function transpose(x: Tensor, dim0: number, dim1: number): Tensor {
  if (x.ndim < 2 && dim0 === dim1) return x;
  const a = normDim(dim0, x.ndim, 'transpose');
  const b = normDim(dim1, x.ndim, 'transpose');
  const dims = x.shape.map((_, i) => i);
  dims[a] = b;
  dims[b] = a;
  return permute(x, dims);
}

/** t(): transpose of a tensor of at most 2 dims. */
export function t(x: Tensor): Tensor {
  if (x.ndim > 2) throw new RangeError(`t: expects a tensor of at most 2 dims, got ${x.ndim} dims (shape ${fmtShape(x.shape)}); use transpose or permute`);
  return x.ndim < 2 ? x : transpose(x, 0, 1);
}

export function expand(x: Tensor, shape: readonly number[]): Tensor {
  if (shape.length < x.ndim) {
    throw new RangeError(`expand: the target shape ${fmtShape(shape)} has fewer dims than the tensor's ${fmtShape(x.shape)}`);
  }
  const lead = shape.length - x.ndim;
  const target = shape.map((s, d) => {
    const old = d >= lead ? x.shape[d - lead]! : 1;
    if (s === -1) {
      if (d < lead) throw new RangeError(`expand: -1 is not allowed for a new leading dim (target ${fmtShape(shape)})`);
      return old;
    }
    if (old !== s && old !== 1) {
      throw new RangeError(`expand: the size of the tensor (${old}) must match the target size (${s}) at dim ${d} (shape ${fmtShape(x.shape)} to ${fmtShape(shape)})`);
    }
    return s;
  });
  checkShape(target, 'expand');
  if (sameShape(target, x.shape)) return x;
  return expandPrim(x, target);
}

export function squeeze(x: Tensor, dim?: number | readonly number[]): Tensor {
  const dims = dim === undefined ? x.shape.map((_, i) => i) : normDims(dim, x.ndim, 'squeeze');
  return reshape(
    x,
    x.shape.filter((s, d) => !(s === 1 && dims.includes(d))),
  );
}

export function unsqueeze(x: Tensor, dim: number): Tensor {
  const d = normDim(dim, x.ndim + 1, 'unsqueeze');
  const shape = [...x.shape];
  shape.splice(d, 0, 1);
  return reshape(x, shape);
}

export function flatten(x: Tensor, startDim = 0, endDim = -1): Tensor {
  if (x.ndim === 0) return reshape(x, [1]);
  const s = normDim(startDim, x.ndim, 'flatten');
  const e = normDim(endDim, x.ndim, 'flatten');
  if (s > e) throw new RangeError(`flatten: startDim ${startDim} comes after endDim ${endDim}`);
  const shape = [...x.shape.slice(0, s), numelOf(x.shape.slice(s, e + 1)), ...x.shape.slice(e + 1)];
  return reshape(x, shape);
}

/** Ops that pick positions along a dim have none to pick in a 0-dim tensor. */
function notScalar(x: Tensor, op: string): void {
  if (x.ndim === 0) throw new RangeError(`${op}: cannot be applied to a 0-dim tensor`);
}

/** Python-style slice x[start:end:step] along `dim` (negative and out-of-range bounds clamp). */
export function slice(x: Tensor, dim: number, start = 0, end: number = Number.MAX_SAFE_INTEGER, step = 1): Tensor {
  notScalar(x, 'slice');
  const d = normDim(dim, x.ndim, 'slice');
  if (!Number.isInteger(step) || step < 1) throw new RangeError(`slice: step must be a positive integer, got ${step}`);
  const n = x.shape[d]!;
  const clampIdx = (i: number): number => Math.min(n, Math.max(0, i < 0 ? i + n : i));
  const s = clampIdx(start);
  const e = Math.max(s, clampIdx(end));
  if (s === 0 && e === n && step === 1) return x;
  return slicePrim(x, d, s, e, step);
}

/** narrow(dim, start, length): a view of `length` elements along `dim`; bounds must fit. */
export function narrow(x: Tensor, dim: number, start: number, length: number): Tensor {
  notScalar(x, 'narrow');
  const d = normDim(dim, x.ndim, 'narrow');
  const n = x.shape[d]!;
  const s = start < 0 ? start + n : start;
  if (!Number.isInteger(length) || length < 0 || s < 0 || s + length > n) {
    throw new RangeError(`narrow: start (${start}) + length (${length}) exceeds dim ${dim} of size ${n}`);
  }
  if (s === 0 && length === n) return x;
  return slicePrim(x, d, s, s + length, 1);
}

/** select(dim, index): the slice at `index` along `dim`, that dim removed (a view). */
export function select(x: Tensor, dim: number, index: number): Tensor {
  notScalar(x, 'select');
  const d = normDim(dim, x.ndim, 'select');
  const n = x.shape[d]!;
  if (!Number.isInteger(index) || index < -n || index >= n) {
    throw new RangeError(`select(): index ${index} out of range for tensor of size ${fmtShape(x.shape)} at dimension ${dim}`);
  }
  const i = index < 0 ? index + n : index;
  return squeeze(slicePrim(x, d, i, i + 1, 1), d);
}

/** repeat(sizes): tiles `x` sizes[k] times along each dim k (leading dims added as needed); a copy. */
export function repeat(x: Tensor, sizes: readonly number[]): Tensor {
  if (sizes.length < x.ndim) {
    throw new RangeError(`repeat: number of repeat dims (${sizes.length}) can not be smaller than number of dimensions of tensor (${x.ndim})`);
  }
  if (sizes.some((r) => !Number.isInteger(r) || r < 0)) throw new RangeError(`repeat: repeats must be non-negative integers, got ${fmtShape(sizes)}`);
  const shape = [...new Array<number>(sizes.length - x.ndim).fill(1), ...x.shape];
  // [s0, s1, ...] viewed as [1, s0, 1, s1, ...], expanded to [r0, s0, r1, s1, ...], then merged pairwise
  const spread = reshape(x, shape.flatMap((s) => [1, s]));
  const expanded = expand(spread, shape.flatMap((s, k) => [sizes[k]!, s]));
  return reshape(expanded, shape.map((s, k) => s * sizes[k]!));
}

/** The adjoint of slice: `g` placed into zeros of `shape`. Internal. */
export function unslice(g: Tensor, shape: readonly number[], dim: number, start: number, end: number, step: number): Tensor {
  return unslicePrim(g, [...shape], dim, start, end, step);
}

export function cat(xs: readonly Tensor[], dim = 0): Tensor {
  if (xs.length === 0) throw new RangeError('cat: expects a non-empty list of tensors');
  xs.forEach((x, i) => {
    if (x.ndim === 0) throw new RangeError(`cat: zero-dimensional tensor (at position ${i}) cannot be concatenated; use stack or unsqueeze it first`);
  });
  const dtype = xs.map((x) => x.dtype).reduce(promoteTypes);
  // as PyTorch, 1-D empty tensors (shape [0]) are skipped, so `cat([tensor([]), x])` works for any x
  const legacyEmpty = (x: Tensor): boolean => x.ndim === 1 && x.shape[0] === 0;
  const kept = xs.some((x) => !legacyEmpty(x)) ? xs.filter((x) => !legacyEmpty(x)) : xs;
  const first = kept[0]!;
  const d = normDim(dim, first.ndim, 'cat');
  kept.forEach((x) => {
    if (x.ndim !== first.ndim || x.shape.some((s, k) => k !== d && s !== first.shape[k])) {
      throw new RangeError(`cat: sizes of tensors must match except in dim ${dim}: tensor ${xs.indexOf(first)} has shape ${fmtShape(first.shape)}, tensor ${xs.indexOf(x)} has ${fmtShape(x.shape)}`);
    }
  });
  const ys = kept.map((x) => x.to(dtype));
  return ys.length === 1 ? ys[0]!.clone() : catPrim(ys, d);
}

export function stack(xs: readonly Tensor[], dim = 0): Tensor {
  if (xs.length === 0) throw new RangeError('stack: expects a non-empty list of tensors');
  const first = xs[0]!;
  xs.forEach((x, i) => {
    if (!sameShape(x.shape, first.shape)) {
      throw new RangeError(`stack: expects each tensor to be equal size, but got ${fmtShape(first.shape)} at entry 0 and ${fmtShape(x.shape)} at entry ${i}`);
    }
  });
  const d = normDim(dim, first.ndim + 1, 'stack');
  return cat(
    xs.map((x) => unsqueeze(x, d)),
    d,
  );
}

/** Splits into pieces of `size` along `dim` (the last may be smaller), or of the given sizes. */
export function split(x: Tensor, size: number | readonly number[], dim = 0): Tensor[] {
  notScalar(x, 'split');
  const d = normDim(dim, x.ndim, 'split');
  const n = x.shape[d]!;
  if (typeof size === 'number' && !(Number.isInteger(size) && (size > 0 || (size === 0 && n === 0)))) {
    throw new RangeError(
      size === 0
        ? `split: split_size can only be 0 if dimension size is 0, but got dimension size of ${n}`
        : `split: split_size must be a non-negative integer, got ${size}`,
    );
  }
  if (typeof size !== 'number' && size.some((s) => !Number.isInteger(s) || s < 0)) {
    throw new RangeError(`split: split_sizes must be non-negative integers, got ${fmtShape(size)}`);
  }
  const sizes = typeof size === 'number' ? size === 0 ? [0] : Array.from({ length: Math.max(1, Math.ceil(n / size)) }, (_, i) => Math.min(size, n - i * size)) : [...size];
  if (sizes.reduce((a, b) => a + b, 0) !== n) throw new RangeError(`split: sizes ${fmtShape(sizes)} do not add up to ${n} (dim ${dim})`);
  let at = 0;
  return sizes.map((s) => {
    const r = narrow(x, d, at, s);
    at += s;
    return r;
  });
}

/** Splits into `chunks` pieces of (nearly) equal size along `dim`. */
export function chunk(x: Tensor, chunks: number, dim = 0): Tensor[] {
  notScalar(x, 'chunk');
  if (!Number.isInteger(chunks) || chunks <= 0) throw new RangeError(`chunk: expects \`chunks\` to be a positive integer, got: ${chunks}`);
  const n = x.shape[normDim(dim, x.ndim, 'chunk')]!;
  return split(x, Math.max(1, Math.ceil(n / chunks)), dim);
}

