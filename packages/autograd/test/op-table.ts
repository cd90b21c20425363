/**
 * Every differentiable op, with the input domain its property test draws from. The gradient
 * property test walks this table; a new op added here is checked automatically.
 */
import { cat, col2im, convolution, im2col, stack, tensor, where } from '@chainrule/autograd';
import type { Tensor, Window2d } from '@chainrule/autograd';

export interface OpSpec {
  /** 'unary' ops take one tensor of any shape; 'binary' two broadcastable ones; 'custom' builds its own inputs. */
  kind: 'unary' | 'binary' | 'custom';
  fn: (...xs: Tensor[]) => Tensor;
  /** Value range of the inputs. */
  min?: number;
  max?: number;
  /** Kinks to stay away from. */
  avoid?: number[];
  /** Whether second derivatives exist (gradgradcheck). */
  smooth: boolean;
  /** For 'custom': the input shapes given a base shape (3-D, sizes 1-3); their values are distinct. */
  shapes?: (base: number[]) => number[][];
  /** Minimum dims of the base shape (default 0). */
  minDims?: number;
}

const idx = (data: number[], shape: number[]): Tensor => tensor(data, { shape, dtype: 'int32' });
/** A 2×2 window, stride (1, 2), padding 1, over 3×4 images: 4×3 positions; taps in the padding read `pad`. */
const win = (pad: number, byWindow: boolean): Window2d => ({ h: 3, w: 4, kh: 2, kw: 2, sh: 1, sw: 2, ph: 1, pw: 1, dh: 1, dw: 1, oh: 4, ow: 3, pad, byWindow });

export const opTable: Record<string, OpSpec> = {
  neg: { kind: 'unary', fn: (x) => x.neg(), smooth: true },
  exp: { kind: 'unary', fn: (x) => x.exp(), smooth: true },
  log: { kind: 'unary', fn: (x) => x.log(), min: 0.2, max: 3, smooth: true },
  log1p: { kind: 'unary', fn: (x) => x.log1p(), min: -0.8, max: 3, smooth: true },
  sqrt: { kind: 'unary', fn: (x) => x.sqrt(), min: 0.2, max: 3, smooth: true },
  abs: { kind: 'unary', fn: (x) => x.abs(), avoid: [0], smooth: false },
  sin: { kind: 'unary', fn: (x) => x.sin(), smooth: true },
  cos: { kind: 'unary', fn: (x) => x.cos(), smooth: true },
  tanh: { kind: 'unary', fn: (x) => x.tanh(), smooth: true },
  sigmoid: { kind: 'unary', fn: (x) => x.sigmoid(), smooth: true },
  relu: { kind: 'unary', fn: (x) => x.relu(), avoid: [0], smooth: false },
  leakyRelu: { kind: 'unary', fn: (x) => x.leakyRelu(0.1), avoid: [0], smooth: false },
  gelu: { kind: 'unary', fn: (x) => x.gelu(), smooth: true },
  geluTanh: { kind: 'unary', fn: (x) => x.gelu('tanh'), smooth: true },
  softplus: { kind: 'unary', fn: (x) => x.softplus(), smooth: true },
  elu: { kind: 'unary', fn: (x) => x.elu(), avoid: [0], smooth: false },
  silu: { kind: 'unary', fn: (x) => x.silu(), smooth: true },
  square: { kind: 'unary', fn: (x) => x.square(), smooth: true },
  reciprocal: { kind: 'unary', fn: (x) => x.reciprocal(), min: 0.3, max: 3, smooth: true },
  erf: { kind: 'unary', fn: (x) => x.erf(), smooth: true },
  clamp: { kind: 'unary', fn: (x) => x.clamp(-0.5, 0.7), avoid: [-0.5, 0.7], smooth: false },
  powScalar: { kind: 'unary', fn: (x) => x.pow(3), smooth: true },
  add: { kind: 'binary', fn: (a, b) => a.add(b), smooth: true },
  sub: { kind: 'binary', fn: (a, b) => a.sub(b, { alpha: 2 }), smooth: true },
  mul: { kind: 'binary', fn: (a, b) => a.mul(b), smooth: true },
  div: { kind: 'binary', fn: (a, b) => a.div(b), min: 0.3, max: 3, smooth: true },
  pow: { kind: 'binary', fn: (a, b) => a.pow(b), min: 0.3, max: 2, smooth: true },
  maximum: { kind: 'custom', fn: (a, b) => a.maximum(b.add(0.05)), shapes: (s) => [s, s], smooth: false },
  minimum: { kind: 'custom', fn: (a, b) => a.minimum(b.add(0.05)), shapes: (s) => [s, s], smooth: false },
  where: { kind: 'binary', fn: (a, b) => where(a.gt(0.25), a.mul(2), b.square()), avoid: [0.25], smooth: false },
  sum: { kind: 'unary', fn: (x) => x.sum(), smooth: true },
  sumDim: { kind: 'unary', fn: (x) => x.sum(0, true), minDims: 1, smooth: true },
  mean: { kind: 'unary', fn: (x) => x.mean(-1), minDims: 1, smooth: true },
  prod: { kind: 'unary', fn: (x) => x.prod(-1), min: 0.3, max: 2, minDims: 1, smooth: true },
  var: { kind: 'unary', fn: (x) => x.var(undefined, { correction: 0 }), smooth: true },
  std: { kind: 'custom', fn: (x) => x.std(-1), shapes: (s) => [s], smooth: true },
  norm: { kind: 'unary', fn: (x) => x.norm(), min: 0.2, max: 2, smooth: true },
  norm1: { kind: 'unary', fn: (x) => x.norm(1, -1), avoid: [0], minDims: 1, smooth: false },
  logsumexp: { kind: 'unary', fn: (x) => x.logsumexp(-1), minDims: 1, smooth: true },
  amax: { kind: 'custom', fn: (x) => x.amax(-1), shapes: (s) => [s], minDims: 1, smooth: false },
  amin: { kind: 'custom', fn: (x) => x.amin([0, 2], true), shapes: (s) => [s], smooth: false },
  maxAll: { kind: 'custom', fn: (x) => x.max(), shapes: (s) => [s], smooth: false },
  minAll: { kind: 'custom', fn: (x) => x.min(), shapes: (s) => [s], smooth: false },
  varDim: { kind: 'unary', fn: (x) => x.var([0, -1], { keepdim: true }), minDims: 2, smooth: true },
  normP: { kind: 'unary', fn: (x) => x.norm(3, -1), min: 0.2, max: 2, minDims: 1, smooth: true },
  normInf: { kind: 'custom', fn: (x) => x.norm(Infinity, 0), shapes: (s) => [s], smooth: false },
  maxDim: { kind: 'custom', fn: (x) => x.max(-1).values, shapes: (s) => [s], minDims: 1, smooth: false },
  minDim: { kind: 'custom', fn: (x) => x.min(0).values, shapes: (s) => [s], minDims: 1, smooth: false },
  softmax: { kind: 'unary', fn: (x) => x.softmax(-1), minDims: 1, smooth: true },
  logSoftmax: { kind: 'unary', fn: (x) => x.logSoftmax(0), minDims: 1, smooth: true },
  matmul: { kind: 'custom', fn: (a, b) => a.matmul(b), shapes: ([m = 2, k = 3, n = 2]) => [[m, k], [k, n]], smooth: true },
  matmulBatched: { kind: 'custom', fn: (a, b) => a.matmul(b), shapes: ([m = 2, k = 3, n = 2]) => [[2, 1, m, k], [3, k, n]], smooth: true },
  matmulVec: { kind: 'custom', fn: (a, b) => a.matmul(b), shapes: ([m = 2, k = 3]) => [[k], [k, m]], smooth: true },
  matmulTransposed: { kind: 'custom', fn: (a, b) => a.t().matmul(b.t()), shapes: ([m = 2, k = 3, n = 2]) => [[k, m], [n, k]], smooth: true },
  mm: { kind: 'custom', fn: (a, b) => a.mm(b), shapes: ([m = 2, k = 3, n = 2]) => [[m, k], [k, n]], smooth: true },
  bmm: { kind: 'custom', fn: (a, b) => a.bmm(b), shapes: ([m = 2, k = 3, n = 2]) => [[2, m, k], [2, k, n]], smooth: true },
  dot: { kind: 'custom', fn: (a, b) => a.dot(b), shapes: ([n = 3]) => [[n], [n]], smooth: true },
  outer: { kind: 'custom', fn: (a, b) => a.outer(b), shapes: ([n = 3, m = 2]) => [[n], [m]], smooth: true },
  reshape: { kind: 'unary', fn: (x) => x.reshape([-1]).mul(x.reshape([-1])), smooth: true },
  transpose: { kind: 'custom', fn: (x) => x.transpose(0, 1).mul(2), shapes: ([a = 2, b = 3]) => [[a, b, 2]], smooth: true },
  permute: { kind: 'custom', fn: (x) => x.permute([2, 0, 1]).exp(), shapes: ([a = 2, b = 3]) => [[a, b, 2]], smooth: true },
  expand: { kind: 'custom', fn: (x) => x.expand([3, -1, -1]).square(), shapes: ([a = 2]) => [[1, a]], smooth: true },
  squeezeUnsqueeze: { kind: 'unary', fn: (x) => x.unsqueeze(0).squeeze(0).exp(), smooth: true },
  flatten: { kind: 'unary', fn: (x) => x.flatten().exp(), smooth: true },
  expandAs: { kind: 'custom', fn: (x, y) => x.expandAs(y).mul(y), shapes: ([a = 2, b = 2]) => [[a, 1], [3, a, b]], smooth: true },
  contiguous: { kind: 'custom', fn: (x) => x.t().contiguous().exp(), shapes: ([a = 2, b = 3]) => [[a, b]], smooth: true },
  clone: { kind: 'unary', fn: (x) => x.clone().mul(x), smooth: true },
  split: { kind: 'custom', fn: (x) => x.split([1, 2], 1)[1]!.exp(), shapes: ([a = 2]) => [[a, 3]], smooth: true },
  chunk: { kind: 'custom', fn: (x) => x.chunk(2, 0)[1]!.square(), shapes: ([, b = 2]) => [[3, b]], smooth: true },
  narrow: { kind: 'custom', fn: (x) => x.narrow(0, 1, 2).exp(), shapes: ([, b = 2]) => [[4, b]], smooth: true },
  slice: { kind: 'custom', fn: (x) => x.slice(1, 0, undefined, 2).exp(), shapes: ([a = 2]) => [[a, 5]], smooth: true },
  cat: { kind: 'custom', fn: (a, b) => cat([a, b], 1).exp(), shapes: ([m = 2, k = 2]) => [[m, k], [m, 3]], smooth: true },
  stack: { kind: 'custom', fn: (a, b) => stack([a, b], 0).exp(), shapes: (s) => [s, s], smooth: true },
  indexSelect: { kind: 'custom', fn: (x) => x.indexSelect(0, idx([1, 0, 1], [3])).exp(), shapes: ([, b = 2]) => [[2, b]], smooth: true },
  gather: { kind: 'custom', fn: (x) => x.gather(1, idx([0, 2, 2, 1], [2, 2])).exp(), shapes: () => [[2, 3]], smooth: true },
  select: { kind: 'custom', fn: (x) => x.select(1, -1).exp(), shapes: ([a = 2, b = 2]) => [[a, 3, b]], smooth: true },
  repeat: { kind: 'unary', fn: (x) => x.repeat([2, ...x.shape.map((_, k) => (k === 0 ? 3 : 1))]).square(), minDims: 1, smooth: true },
  flip: { kind: 'custom', fn: (x) => x.flip([0, 2]).mul(x), shapes: ([a = 2, b = 2, c = 3]) => [[a, b, c]], smooth: true },
  maskedFill: {
    kind: 'custom',
    fn: (x, v) => x.maskedFill(tensor([true, false, true]), v!.sum()).exp(),
    shapes: ([a = 2]) => [[a, 3], [1]],
    smooth: true,
  },
  rsqrt: { kind: 'unary', fn: (x) => x.rsqrt(), min: 0.3, max: 3, smooth: true },
  tril: { kind: 'custom', fn: (x) => x.tril(-1).exp(), shapes: ([a = 2, b = 2]) => [[a, 3, b + 1]], smooth: true },
  triu: { kind: 'custom', fn: (x) => x.triu(1).mul(x), shapes: ([a = 2, b = 2]) => [[a + 1, b + 1]], smooth: true },
  scatterAdd: {
    kind: 'custom',
    fn: (base, src) => base.scatterAdd(1, idx([0, 2, 2, 1], [2, 2]), src).exp(),
    shapes: () => [[2, 3], [2, 2]],
    smooth: true,
  },
  im2col: { kind: 'custom', fn: (x) => im2col(x, win(0.5, false)).square(), shapes: ([a = 2]) => [[a, 2, 3, 4]], smooth: true },
  im2colByWindow: { kind: 'custom', fn: (x) => im2col(x, win(-1, true)).exp(), shapes: ([a = 2]) => [[a, 1, 3, 4]], smooth: true },
  col2im: { kind: 'custom', fn: (c) => col2im(c, win(0, false)).square(), shapes: ([a = 2]) => [[a, 2, 4, 12]], smooth: true },
  col2imByWindow: { kind: 'custom', fn: (c) => col2im(c, win(0, true)).exp(), shapes: ([a = 2]) => [[1, a, 12, 4]], smooth: true },
  // both inputs: gradgradcheck walks the gradients' own rules (conv2dInput, conv2dWeight)
  convolution: { kind: 'custom', fn: (x, w) => convolution(x, w, win(0, false)).square(), shapes: ([a = 2]) => [[a, 2, 3, 4], [3, 2, 2, 2]], smooth: true },
};
