/**
 * The primitives: the few ops with a kernel and a gradient rule. Every other op is composed of
 * these (see `ops/`), and needs no gradient code.
 * @module
 */
import type { DType } from '../dtype.js';
import type { Tensor } from '../tensor.js';

/** A sliding window's geometry (the backend's `Window2d`, named here through the tensor method that takes it). */
type Window2d = Parameters<Tensor['_im2col']>[0];

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
  // the values met at one position combined (inputs self, index, src)
  scatterReduce: { dim: number; reduce: 'sum' | 'prod' | 'mean' | 'amax' | 'amin'; includeSelf: boolean };
  // scans along `dim` (running sum, product, log-sum-exp)
  cumsum: { dim: number };
  cumprod: { dim: number };
  logcumsumexp: { dim: number };
  // sliding windows of [N, C, H, W] images as columns, and the adjoint (convolution, pooling)
  im2col: { win: Window2d };
  col2im: { win: Window2d };
  // 2-D convolution (zero padding) and its two gradients, each bilinear in its two inputs
  conv2d: { win: Window2d };
  conv2dInput: { win: Window2d };
  conv2dWeight: { win: Window2d };
}

/** The name of a primitive. */
export type Prim = keyof PrimArgs;
