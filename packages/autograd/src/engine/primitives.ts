/**
 * The primitives: the few ops with a kernel and a gradient rule. Every other op is composed of
 * these (see `ops/`), and needs no gradient code.
 * @module
 */
import type { DType } from '../dtype.js';

/** The arguments each primitive takes besides its tensor inputs. */
export interface PrimArgs {
  // unary (input x)
  neg: object; exp: object; log: object; sin: object; cos: object; sqrt: object; abs: object;
  tanh: object; sigmoid: object; relu: object; log1p: object; erf: object;
  tan: object; asin: object; acos: object; atan: object; sinh: object; cosh: object; asinh: object; acosh: object; atanh: object;
  log2: object; log10: object; exp2: object; expm1: object;
  // unary, piecewise constant: a zero gradient, as PyTorch records it
  sign: object; floor: object; ceil: object; round: object; trunc: object;
  // binary (inputs a, b of one shape)
  add: object; sub: object; mul: object; div: object; pow: object; maximum: object; minimum: object;
  atan2: object; hypot: object; fmod: object;
  // binary, piecewise constant: a zero gradient
  floorDivide: object;
  // ternary (cond, a, b of one shape)
  where: object;
  // type and layout
  cast: { dtype: DType };
  contiguous: object;
  // reductions over `axes` (sorted); the output drops them
  sum: { axes: number[] };
  amax: { axes: number[] };
  amin: { axes: number[] };
  prod: { axes: number[] };
  // movement (views where the layout allows)
  reshape: { shape: number[] };
  permute: { dims: number[] };
  expand: { shape: number[] };
  slice: { dim: number; start: number; end: number; step: number };
  unslice: { shape: number[]; dim: number; start: number; end: number; step: number };
  cat: { dim: number };
  // softmax and log-softmax along `dim`: fused, each with its own rule
  softmax: { dim: number };
  logSoftmax: { dim: number };
  // linear algebra: [B, M, K] x [B, K, N]
  matmul: object;
  // scaled dot-product attention, fused: inputs q [B, L, E], k [B, S, E], v [B, S, Ev], then the
  // additive mask [B, L, S] when `bias`, then dropout's multiplier [B, L, S] when `drop`
  attention: { scale: number; causal: boolean; bias: boolean; drop: boolean };
  // indexing (index inputs are int32 and take no gradient)
  gather: { dim: number };
  scatterAdd: { dim: number };
}

/** The name of a primitive. */
export type Prim = keyof PrimArgs;
