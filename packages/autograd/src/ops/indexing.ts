/**
 * Indexing ops composed from gather/scatterAdd: indexSelect, gather, scatterAdd.
 * @module
 */
import { fmtShape, normDim } from '../shape.js';
import { Tensor } from '../tensor.js';
import { gatherPrim, scatterAddPrim } from './prims.js';
import { hostCheck } from '../compile/host.js';
import { tracer } from '../compile/hooks.js';

/** `t`, whose elements were written here in JavaScript (for a capture in progress: a constant). */
function literal(t: Tensor): Tensor {
  if (tracer !== null) tracer.literal(t);
  return t;
}

function checkIndex(op: string, x: Tensor, index: Tensor, d: number): void {
  if (index.dtype !== 'int32') throw new TypeError(`${op}: index must be an int32 tensor, got ${index.dtype}`);
  if (index.ndim !== x.ndim) {
    throw new RangeError(`${op}: index ${fmtShape(index.shape)} and input ${fmtShape(x.shape)} must have the same number of dims`);
  }
  index.shape.forEach((s, k) => {
    if (k !== d && s > x.shape[k]!) {
      throw new RangeError(`${op}: index ${fmtShape(index.shape)} is larger than input ${fmtShape(x.shape)} at dim ${k}`);
    }
  });
}

/** out[i][j] = x[index[i][j]][j] (dim 0), as torch.gather. */
export function gather(x: Tensor, dim: number, index: Tensor): Tensor {
  const d = normDim(dim, x.ndim, 'gather');
  if (x.ndim === 0 && index.ndim === 0) return gather(x.reshape([1]), 0, index.reshape([1])).reshape([]);
  checkIndex('gather', x, index, d);
  return gatherPrim(x, d, index);
}

/** A copy of `base` with `src` added at `index` along `dim`, as torch.scatter_add. */
export function scatterAdd(base: Tensor, dim: number, index: Tensor, src: Tensor): Tensor {
  if (base.ndim === 0) throw new RangeError('scatterAdd: cannot be applied to a 0-dim tensor');
  const d = normDim(dim, base.ndim, 'scatterAdd');
  checkIndex('scatterAdd', base, index, d);
  if (index.shape.some((s, k) => s > src.shape[k]!)) {
    throw new RangeError(`scatterAdd: index ${fmtShape(index.shape)} is larger than src ${fmtShape(src.shape)}`);
  }
  return scatterAddPrim(base, d, index, src.to(base.dtype));
}

/** The entries of `x` at positions `index` (1-D int32) along `dim`. */
export function indexSelect(x: Tensor, dim: number, index: Tensor): Tensor {
  if (x.ndim === 0) throw new RangeError('indexSelect: cannot be applied to a 0-dim tensor');
  const d = normDim(dim, x.ndim, 'indexSelect');
  if (index.ndim > 1) throw new RangeError(`indexSelect: index must be 1-D, got shape ${fmtShape(index.shape)}`);
  if (index.dtype !== 'int32') throw new TypeError(`indexSelect: index must be an int32 tensor, got ${index.dtype}`);
  const size = x.shape[d]!;
  hostCheck([index], ([ids]) => {
    for (const i of ids!) {
      if (!(i >= 0 && i < size)) throw new RangeError(`indexSelect: index ${i} is out of bounds for dim ${d} with size ${size}`);
    }
  });
  const n = index.numel();
  const outShape = x.shape.map((s, k) => (k === d ? n : s));
  const idx = index.reshape(x.shape.map((_, k) => (k === d ? n : 1))).expand(outShape);
  return gatherPrim(x, d, idx);
}

/** A copy of `x` with the order of the elements reversed along each of `dims`, as torch.flip. */
export function flip(x: Tensor, dims: number | readonly number[]): Tensor {
  const list = typeof dims === 'number' ? [dims] : dims;
  const ds = list.map((d) => normDim(d, x.ndim, 'flip'));
  if (new Set(ds).size !== ds.length) throw new RangeError(`flip: dims has duplicates, original flip dims size=${list.length}, but unique flip dims size=${new Set(ds).size}`);
  let out = ds.length === 0 ? x.clone() : x;
  for (const d of ds) {
    const n = x.shape[d]!;
    const reversed = Int32Array.from({ length: n }, (_, i) => n - 1 - i);
    out = indexSelect(out, d, literal(Tensor.fromData(reversed, [n], 'int32')));
  }
  return out;
}

/** The lower (`upper` false) or upper triangle of the last two dims, the rest zero, as torch.tril / torch.triu. */
export function triangle(x: Tensor, diagonal: number, upper: boolean): Tensor {
  const op = upper ? 'triu' : 'tril';
  if (x.ndim < 2) throw new RangeError(`${op}: input tensor must have at least 2 dimensions, got shape ${fmtShape(x.shape)}`);
  if (!Number.isInteger(diagonal)) throw new RangeError(`${op}: diagonal must be an integer, got ${diagonal}`);
  const rows = x.shape[x.ndim - 2]!;
  const cols = x.shape[x.ndim - 1]!;
  const keep = new Uint8Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) keep[i * cols + j] = (upper ? j - i >= diagonal : j - i <= diagonal) ? 1 : 0;
  const mask = literal(Tensor.fromData(keep, [rows, cols], 'bool'));
  return Tensor.where(mask, x, Tensor.scalar(0, x.dtype));
}
