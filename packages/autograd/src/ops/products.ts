/**
 * Products and distances composed from elementwise ops, gathers and matmul: kron, cross, cdist.
 * @module
 */
import { isFloating, promoteTypes } from '../dtype.js';
import { broadcastShapes, fmtShape, normDim } from '../shape.js';
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
