/**
 * Linear algebra composed on the batched matmul primitive: matmul (1-D, 2-D, batched, broadcast
 * batch dims), mm, bmm, dot, outer.
 * @module
 */
import { broadcastShapes, fmtShape, numelOf } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { matmulPrim } from './prims.js';

function mismatch(op: string, a: Tensor, b: Tensor): never {
  throw new RangeError(`${op}: shapes ${fmtShape(a.shape)} and ${fmtShape(b.shape)} cannot be multiplied`);
}

function checkDTypes(op: string, a: Tensor, b: Tensor): void {
  if (a.dtype !== b.dtype) throw new TypeError(`${op}: expected both operands to have the same dtype, but got ${a.dtype} and ${b.dtype}`);
  if (a.dtype === 'bool') throw new TypeError(`${op}: not implemented for bool operands (as PyTorch); convert them first, e.g. a.int()`);
}

/** Matrix product with PyTorch's rules for 1-D operands and broadcast batch dims. */
export function matmul(a: Tensor, b: Tensor): Tensor {
  checkDTypes('matmul', a, b);
  if (a.ndim === 0 || b.ndim === 0) throw new RangeError(`matmul: both arguments need at least 1 dim, got ${fmtShape(a.shape)} and ${fmtShape(b.shape)}`);
  const a2 = a.ndim === 1 ? a.unsqueeze(0) : a;
  const b2 = b.ndim === 1 ? b.unsqueeze(1) : b;
  const M = a2.shape[a2.ndim - 2]!;
  const K = a2.shape[a2.ndim - 1]!;
  const N = b2.shape[b2.ndim - 1]!;
  if (b2.shape[b2.ndim - 2] !== K) mismatch('matmul', a, b);
  let out: Tensor;
  // explicit sizes, never -1: a size-0 dim would make the inferred one ambiguous
  if (b2.ndim === 2) {
    // fold A's batch dims into its rows: one [1, B*M, K] x [1, K, N] product
    const batch = a2.shape.slice(0, -2);
    const r = matmulPrim(a2.reshape([1, numelOf(batch) * M, K]), b2.unsqueeze(0));
    out = r.reshape([...batch, M, N]);
  } else {
    let batch: number[];
    try {
      batch = broadcastShapes('matmul', a2.shape.slice(0, -2), b2.shape.slice(0, -2));
    } catch {
      throw new RangeError(`matmul: shapes ${fmtShape(a.shape)} and ${fmtShape(b.shape)} cannot be multiplied: their batch dims do not broadcast`);
    }
    const B = numelOf(batch);
    const ae = a2.expand([...batch, M, K]).reshape([B, M, K]);
    const be = b2.expand([...batch, K, N]).reshape([B, K, N]);
    out = matmulPrim(ae, be).reshape([...batch, M, N]);
  }
  if (a.ndim === 1) out = out.squeeze(-2);
  if (b.ndim === 1) out = out.squeeze(-1);
  return out;
}

/** Product of two matrices (2-D only). */
export function mm(a: Tensor, b: Tensor): Tensor {
  if (a.ndim !== 2 || b.ndim !== 2) throw new RangeError(`mm: expects 2-D tensors, got ${fmtShape(a.shape)} and ${fmtShape(b.shape)}`);
  return matmul(a, b);
}

/** Batched product of [B, M, K] and [B, K, N]. */
export function bmm(a: Tensor, b: Tensor): Tensor {
  if (a.ndim !== 3 || b.ndim !== 3 || a.shape[0] !== b.shape[0]) mismatch('bmm', a, b);
  return matmul(a, b);
}

/** Inner product of two 1-D tensors. */
export function dot(a: Tensor, b: Tensor): Tensor {
  if (a.ndim !== 1 || b.ndim !== 1 || a.shape[0] !== b.shape[0]) {
    throw new RangeError(`dot: expects two 1-D tensors of the same length, got ${fmtShape(a.shape)} and ${fmtShape(b.shape)}`);
  }
  checkDTypes('dot', a, b);
  return a.mul(b).sum();
}

/** Outer product of two 1-D tensors. */
export function outer(a: Tensor, b: Tensor): Tensor {
  if (a.ndim !== 1 || b.ndim !== 1) throw new RangeError(`outer: expects two 1-D tensors, got ${fmtShape(a.shape)} and ${fmtShape(b.shape)}`);
  return a.unsqueeze(1).mul(b.unsqueeze(0));
}
