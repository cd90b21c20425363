/**
 * Products and distances composed from elementwise ops, gathers and matmul: kron, cross, cdist.
 * @module
 */
import { isFloating, promoteTypes } from '../dtype.js';
import { broadcastShapes, fmtShape, normDim, numelOf } from '../shape.js';
import { Tensor } from '../tensor.js';
import { checkOptions } from './options.js';
import { cat } from './shape.js';

/** The Kronecker product: block (i, j, ...) is a[i, j, ...]·b, as torch.kron. */
export function kron(a: Tensor, b: Tensor): Tensor {
  const nd = Math.max(a.ndim, b.ndim);
  const pad = (t: Tensor): number[] => [...new Array<number>(nd - t.ndim).fill(1), ...t.shape];
  const [sa, sb] = [pad(a), pad(b)];
  const ta = a.reshape(sa.flatMap((s) => [s, 1]));
  const tb = b.reshape(sb.flatMap((s) => [1, s]));
  return ta.mul(tb).reshape(sa.map((s, k) => s * sb[k]!));
}

const ints = (v: readonly number[]): Tensor => Tensor.fromData(Int32Array.from(v), [v.length], 'int32');

/** The cross product of 3-vectors along `dim` (default: the first dim of size 3), broadcasting, as torch.cross. */
export function cross(a: Tensor, b: Tensor, dim?: number): Tensor {
  const shape = broadcastShapes('cross', a.shape, b.shape);
  const d = dim === undefined ? shape.indexOf(3) : normDim(dim, shape.length, 'cross');
  if (d < 0 || shape[d] !== 3) {
    throw new RangeError(`cross: ${dim === undefined ? 'no dim of size 3' : `dim ${dim} has size ${shape[d]}, not 3`} in the broadcast shape ${fmtShape(shape)} of ${fmtShape(a.shape)} and ${fmtShape(b.shape)}`);
  }
  const [x, y] = [a.expand(shape), b.expand(shape)];
  const [next, prev] = [ints([1, 2, 0]), ints([2, 0, 1])];
  return x.indexSelect(d, next).mul(y.indexSelect(d, prev)).sub(x.indexSelect(d, prev).mul(y.indexSelect(d, next)));
}

/**
 * Options of {@link cdist}.
 * @example
 * ```ts
 * const opts: CdistOptions = { computeMode: 'donot_use_mm_for_euclid_dist' };
 * cdist(tensor([[0, 0]]), tensor([[3, 4]]), 2, opts); // tensor([[5.]])
 * ```
 */
export interface CdistOptions {
  /**
   * For p = 2, whether the distances come from one matrix product (‖x‖² − 2x·y + ‖y‖², faster, less
   * exact for close points): PyTorch's 'use_mm_for_euclid_dist_if_necessary' (default: when either
   * set has more than 25 points), 'use_mm_for_euclid_dist', 'donot_use_mm_for_euclid_dist'.
   */
  computeMode?: 'use_mm_for_euclid_dist_if_necessary' | 'use_mm_for_euclid_dist' | 'donot_use_mm_for_euclid_dist';
}

const MODES: readonly string[] = ['use_mm_for_euclid_dist_if_necessary', 'use_mm_for_euclid_dist', 'donot_use_mm_for_euclid_dist'];

/** The p-norm distance between each row of `x1` ([..., P, M]) and each of `x2` ([..., R, M]): [..., P, R], as torch.cdist. */
export function cdist(x1: Tensor, x2: Tensor, p = 2, opts?: CdistOptions): Tensor {
  checkOptions('cdist', opts, ['computeMode']);
  const mode = opts?.computeMode ?? 'use_mm_for_euclid_dist_if_necessary';
  if (!MODES.includes(mode)) throw new RangeError(`cdist: computeMode must be one of ${MODES.join(', ')}, got '${String(mode)}'`);
  if (x1.ndim < 2 || x2.ndim < 2) throw new RangeError(`cdist: expects tensors of at least 2 dims, got ${fmtShape(x1.shape)} and ${fmtShape(x2.shape)}`);
  if (!isFloating(x1.dtype) || !isFloating(x2.dtype)) throw new TypeError(`cdist: only supports floating-point dtypes, got ${x1.dtype} and ${x2.dtype}`);
  const m = x1.shape[x1.ndim - 1]!;
  if (x2.shape[x2.ndim - 1] !== m) throw new RangeError(`cdist: x1 ${fmtShape(x1.shape)} and x2 ${fmtShape(x2.shape)} must have the same number of columns`);
  if (!(p >= 0)) throw new RangeError(`cdist: only supports non-negative p values, got ${p}`);
  const dtype = promoteTypes(x1.dtype, x2.dtype);
  [x1, x2] = [x1.to(dtype), x2.to(dtype)];
  const [rows1, rows2] = [x1.shape[x1.ndim - 2]!, x2.shape[x2.ndim - 2]!];
  const mm = p === 2 && (mode === 'use_mm_for_euclid_dist' || (mode === 'use_mm_for_euclid_dist_if_necessary' && (rows1 > 25 || rows2 > 25)));
  if (!mm) return x1.unsqueeze(-2).sub(x2.unsqueeze(-3)).norm(p, -1);
  // PyTorch's arrangement: [−2x1, ‖x1‖², 1] · [x2, 1, ‖x2‖²]ᵀ, clamped at 1e-30 before the root
  const n1 = x1.square().sum(-1, true);
  const n2 = x2.square().sum(-1, true);
  const one = (n: Tensor): Tensor => Tensor.scalar(1, dtype).expand(n.shape);
  const a = cat([x1.mul(-2), n1, one(n1)], -1);
  const b = cat([x2, one(n2), n2], -1);
  return a.matmul(b.transpose(-1, -2)).clamp(1e-30).sqrt();
}

/**
 * Options of {@link Tensor.addmm} and its kin: the result is `beta · input + alpha · product`.
 * @example
 * ```ts
 * const opts: AddProductOptions = { beta: 0.5, alpha: 2 };
 * ones([2, 2]).addmm(eye(2), eye(2), opts); // tensor([[2.5000, 0.5000], [0.5000, 2.5000]])
 * ```
 */
export interface AddProductOptions {
  /** The factor of `input` (default 1; 0 ignores it, NaN and infinities included, as PyTorch). */
  beta?: number;
  /** The factor of the product (default 1). */
  alpha?: number;
}

/** beta · input + alpha · product, `input` broadcast to the product's shape. */
function addProduct(op: string, input: Tensor, product: Tensor, opts: AddProductOptions | undefined): Tensor {
  checkOptions(op, opts, ['beta', 'alpha']);
  const beta = opts?.beta ?? 1;
  const alpha = opts?.alpha ?? 1;
  for (const [name, v] of [['beta', beta], ['alpha', alpha]] as const) {
    if (typeof v !== 'number') throw new TypeError(`${op}: ${name} must be a number, got ${typeof v}`);
  }
  const shape = broadcastShapes(op, input.shape, product.shape);
  if (shape.length !== product.ndim || shape.some((s, d) => s !== product.shape[d])) {
    throw new RangeError(`${op}: input of shape ${fmtShape(input.shape)} does not broadcast to the product's shape ${fmtShape(product.shape)}`);
  }
  const p = alpha === 1 ? product : product.mul(alpha);
  if (beta === 0) return p;
  return (beta === 1 ? input : input.mul(beta)).add(p);
}

function checkDims(op: string, t: Tensor, what: string, ndim: number): void {
  if (t.ndim !== ndim) throw new RangeError(`${op}: ${what} must be ${ndim}-D, got shape ${fmtShape(t.shape)}`);
}

/** beta · input + alpha · (mat1 @ mat2), as torch.addmm. */
export function addmm(input: Tensor, mat1: Tensor, mat2: Tensor, opts?: AddProductOptions): Tensor {
  return addProduct('addmm', input, mat1.mm(mat2), opts);
}

/** beta · input + alpha · (batch1 @ batch2) batch by batch, as torch.baddbmm. */
export function baddbmm(input: Tensor, batch1: Tensor, batch2: Tensor, opts?: AddProductOptions): Tensor {
  return addProduct('baddbmm', input, batch1.bmm(batch2), opts);
}

/** beta · input + alpha · Σ_b batch1[b] @ batch2[b], as torch.addbmm. */
export function addbmm(input: Tensor, batch1: Tensor, batch2: Tensor, opts?: AddProductOptions): Tensor {
  return addProduct('addbmm', input, batch1.bmm(batch2).sum(0), opts);
}

/** The product of a matrix and a vector, as torch.mv. */
export function mv(mat: Tensor, vec: Tensor): Tensor {
  checkDims('mv', mat, 'the matrix', 2);
  checkDims('mv', vec, 'the vector', 1);
  return mat.matmul(vec);
}

/** beta · input + alpha · (mat @ vec), as torch.addmv. */
export function addmv(input: Tensor, mat: Tensor, vec: Tensor, opts?: AddProductOptions): Tensor {
  return addProduct('addmv', input, mv(mat, vec), opts);
}

/** beta · input + alpha · outer(vec1, vec2), as torch.addr. */
export function addr(input: Tensor, vec1: Tensor, vec2: Tensor, opts?: AddProductOptions): Tensor {
  return addProduct('addr', input, vec1.outer(vec2), opts);
}

/** The sum of products over the last dims of `a` and `b` (a product with a 0-dim one), as torch.inner. */
export function inner(a: Tensor, b: Tensor): Tensor {
  if (a.ndim === 0 || b.ndim === 0) return a.mul(b);
  const [n, m] = [a.shape[a.ndim - 1]!, b.shape[b.ndim - 1]!];
  if (n !== m) throw new RangeError(`inner: the last dims of ${fmtShape(a.shape)} and ${fmtShape(b.shape)} must have the same size`);
  if (a.dtype !== b.dtype) throw new TypeError(`inner: expected both operands to have the same dtype, but got ${a.dtype} and ${b.dtype}`);
  const ta = a.reshape([numelOf(a.shape.slice(0, -1)), n]);
  const tb = b.reshape([numelOf(b.shape.slice(0, -1)), n]);
  return ta.matmul(tb.t()).reshape([...a.shape.slice(0, -1), ...b.shape.slice(0, -1)]);
}
