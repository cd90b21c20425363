/**
 * The tensor ops of @chainrule/autograd in the op registry (see ./types.ts for what an entry holds
 * and who reads it). Adding an op: one entry here, then `pnpm golden` for its PyTorch reference.
 */
import { cat, stack, where } from '@chainrule/autograd';
import { bool, defineOps, f, fc0, int } from './types.js';

/** Elementwise ops of one tensor. */
export const unaryOps = defineOps({
  neg: { fn: (x) => x.neg(), inputs: 'unary', grad: 'smooth', torch: 'torch.neg(a)' },
  exp: { fn: (x) => x.exp(), inputs: 'unary', grad: 'smooth', torch: 'torch.exp(a)' },
  log: { fn: (x) => x.log(), inputs: 'unary', min: 0.2, max: 3, grad: 'smooth', torch: 'torch.log(a)' },
  log1p: { fn: (x) => x.log1p(), inputs: 'unary', min: -0.8, max: 3, grad: 'smooth', torch: 'torch.log1p(a)' },
  sqrt: { fn: (x) => x.sqrt(), inputs: 'unary', min: 0.2, max: 3, grad: 'smooth', torch: 'torch.sqrt(a)' },
  rsqrt: { fn: (x) => x.rsqrt(), inputs: 'unary', min: 0.3, max: 3, grad: 'smooth', torch: 'torch.rsqrt(a)' },
  abs: { fn: (x) => x.abs(), inputs: 'unary', avoid: [0], grad: 'kinked', torch: 'torch.abs(a)' },
  sin: { fn: (x) => x.sin(), inputs: 'unary', grad: 'smooth', torch: 'torch.sin(a)' },
  cos: { fn: (x) => x.cos(), inputs: 'unary', grad: 'smooth', torch: 'torch.cos(a)' },
  tanh: { fn: (x) => x.tanh(), inputs: 'unary', grad: 'smooth', torch: 'torch.tanh(a)' },
  sigmoid: { fn: (x) => x.sigmoid(), inputs: 'unary', grad: 'smooth', torch: 'torch.sigmoid(a)' },
  relu: { fn: (x) => x.relu(), inputs: 'unary', avoid: [0], grad: 'kinked', torch: 'torch.relu(a)' },
  leakyRelu: { fn: (x) => x.leakyRelu(0.1), call: 'x.leakyRelu(0.1)', inputs: 'unary', avoid: [0], grad: 'kinked', torch: 'F.leaky_relu(a, 0.1)' },
  gelu: { fn: (x) => x.gelu(), inputs: 'unary', grad: 'smooth', torch: 'F.gelu(a)' },
  geluTanh: { covers: 'gelu', call: "x.gelu('tanh')", fn: (x) => x.gelu('tanh'), inputs: 'unary', grad: 'smooth', torch: "F.gelu(a, approximate='tanh')" },
  softplus: { fn: (x) => x.softplus(), inputs: 'unary', grad: 'smooth', torch: 'F.softplus(a)' },
  softplusBeta: { covers: 'softplus', call: 'x.softplus(2, 1)', fn: (x) => x.softplus(2, 1), inputs: 'unary', avoid: [0.5], grad: 'kinked', torch: 'F.softplus(a, 2, 1)' },
  elu: { fn: (x) => x.elu(), inputs: 'unary', avoid: [0], grad: 'kinked', torch: 'F.elu(a)' },
  silu: { fn: (x) => x.silu(), inputs: 'unary', grad: 'smooth', torch: 'F.silu(a)' },
  square: { fn: (x) => x.square(), inputs: 'unary', grad: 'smooth', torch: 'torch.square(a)' },
  reciprocal: { fn: (x) => x.reciprocal(), inputs: 'unary', min: 0.3, max: 3, grad: 'smooth', torch: 'torch.reciprocal(a)' },
  erf: { fn: (x) => x.erf(), inputs: 'unary', grad: 'smooth', torch: 'torch.erf(a)' },
  clamp: { fn: (x) => x.clamp(-0.5, 0.7), call: 'x.clamp(-0.5, 0.7)', inputs: 'unary', avoid: [-0.5, 0.7], grad: 'kinked', torch: 'torch.clamp(a, -0.5, 0.7)' },
  clampMin: { covers: 'clamp', call: 'x.clamp(0.1)', fn: (x) => x.clamp(0.1), inputs: 'unary', avoid: [0.1], grad: 'kinked', torch: 'torch.clamp(a, min=0.1)' },
  powScalar: { covers: 'pow', call: 'x.pow(3)', fn: (x) => x.pow(3), inputs: 'unary', grad: 'smooth', torch: 'torch.pow(a, 3)' },
  powHalf: { covers: 'pow', call: 'x.pow(0.5)', fn: (x) => x.pow(0.5), inputs: 'unary', min: 0.2, max: 3, grad: 'smooth', torch: 'torch.pow(a, 0.5)' },
  fanout: {
    covers: [],
    call: '(x·x).sum() + (eˣ·x).mean() + tanh(x).sum()·x.sum()',
    fn: (x) => x.mul(x).sum().add(x.exp().mul(x).mean()).add(x.tanh().sum().mul(x.sum())),
    inputs: 'unary',
    grad: 'smooth',
    torch: '(a * a).sum() + (a.exp() * a).mean() + torch.tanh(a).sum() * a.sum()',
  },
});

/** Elementwise ops of two tensors (broadcasting). */
export const binaryOps = defineOps({
  add: { fn: (a, b) => a.add(b), call: 'x.add(y)', inputs: 'binary', grad: 'smooth', torch: 'torch.add(a, b)' },
  addAlpha: { covers: 'add', call: 'x.add(y, { alpha: -3 })', fn: (a, b) => a.add(b, { alpha: -3 }), inputs: 'binary', grad: 'smooth', torch: 'torch.add(a, b, alpha=-3)' },
  sub: { fn: (a, b) => a.sub(b, { alpha: 2 }), call: 'x.sub(y, { alpha: 2 })', inputs: 'binary', grad: 'smooth', torch: 'torch.sub(a, b, alpha=2)' },
  mul: { fn: (a, b) => a.mul(b), call: 'x.mul(y)', inputs: 'binary', grad: 'smooth', torch: 'torch.mul(a, b)' },
  div: { fn: (a, b) => a.div(b), call: 'x.div(y)', inputs: 'binary', min: 0.3, max: 3, grad: 'smooth', torch: 'torch.div(a, b)' },
  pow: { fn: (a, b) => a.pow(b), call: 'x.pow(y)', inputs: 'binary', min: 0.3, max: 2, grad: 'smooth', torch: 'torch.pow(a, b)' },
  maximum: {
    fn: (a, b) => a.maximum(b.add(0.05)),
    call: 'x.maximum(y)',
    inputs: (s) => [{ shape: s, distinct: true }, { shape: s, distinct: true }],
    grad: 'kinked',
    torch: 'torch.maximum(a, b + 0.05)',
  },
  minimum: {
    fn: (a, b) => a.minimum(b.add(0.05)),
    call: 'x.minimum(y)',
    inputs: (s) => [{ shape: s, distinct: true }, { shape: s, distinct: true }],
    grad: 'kinked',
    torch: 'torch.minimum(a, b + 0.05)',
  },
  where: {
    fn: (a, b) => where(a.gt(0.25), a.mul(2), b.square()),
    call: 'where(x.gt(0.25), x.mul(2), y.square())',
    inputs: 'binary',
    avoid: [0.25],
    grad: 'kinked',
    torch: 'torch.where(a > 0.25, a * 2, b.square())',
  },
  whereMask: {
    covers: 'where',
    call: 'where(mask, x, y)',
    fn: (m, a, b) => where(m, a, b),
    inputs: (s) => [bool(s), f(s), f(s.slice(1))],
    grad: 'smooth',
    torch: 'torch.where(a, b, c)',
  },
});

/** Reductions. */
export const reduceOps = defineOps({
  sum: { fn: (x) => x.sum(), inputs: 'unary', grad: 'smooth', torch: 'a.sum()' },
  sumDim: { covers: 'sum', call: 'x.sum(0, true)', fn: (x) => x.sum(0, true), inputs: 'unary', minDims: 1, grad: 'smooth', torch: 'a.sum(0, keepdim=True)' },
  sumDims: { covers: 'sum', call: 'x.sum([0, 2])', fn: (x) => x.sum([0, 2]), inputs: (s) => [f(s)], grad: 'smooth', torch: 'a.sum([0, 2])' },
  mean: { fn: (x) => x.mean(-1), call: 'x.mean(-1)', inputs: 'unary', minDims: 1, grad: 'smooth', torch: 'a.mean(-1)' },
  meanAll: { covers: 'mean', fn: (x) => x.mean(), inputs: 'unary', grad: 'smooth', torch: 'a.mean()' },
  prod: { fn: (x) => x.prod(-1), call: 'x.prod(-1)', inputs: 'unary', min: 0.3, max: 2, minDims: 1, grad: 'smooth', torch: 'a.prod(-1)' },
  var: { fn: (x) => x.var(undefined, { correction: 0 }), call: 'x.var(undefined, { correction: 0 })', inputs: 'unary', grad: 'smooth', torch: 'torch.var(a, unbiased=False)' },
  varDim: { covers: 'var', call: 'x.var([0, -1], { keepdim: true })', fn: (x) => x.var([0, -1], { keepdim: true }), inputs: 'unary', minDims: 2, grad: 'smooth', torch: 'torch.var(a, [0, -1], keepdim=True)' },
  std: { fn: (x) => x.std(-1), call: 'x.std(-1)', inputs: (s) => [{ shape: s, distinct: true }], grad: 'smooth', torch: 'a.std(-1)' },
  norm: { fn: (x) => x.norm(), inputs: 'unary', min: 0.2, max: 2, grad: 'smooth', torch: 'a.norm()' },
  norm1: { covers: 'norm', call: 'x.norm(1, -1)', fn: (x) => x.norm(1, -1), inputs: 'unary', avoid: [0], minDims: 1, grad: 'kinked', torch: 'torch.norm(a, 1, -1)' },
  normP: { covers: 'norm', call: 'x.norm(3, -1)', fn: (x) => x.norm(3, -1), inputs: 'unary', min: 0.2, max: 2, minDims: 1, grad: 'smooth', torch: 'torch.norm(a, 3, -1)' },
  normInf: { covers: 'norm', call: 'x.norm(Infinity, 0)', fn: (x) => x.norm(Infinity, 0), inputs: (s) => [{ shape: s, distinct: true }], grad: 'kinked', torch: "torch.norm(a, float('inf'), 0)" },
  logsumexp: { fn: (x) => x.logsumexp(-1), call: 'x.logsumexp(-1)', inputs: 'unary', minDims: 1, grad: 'smooth', torch: 'torch.logsumexp(a, -1)' },
  amax: { fn: (x) => x.amax(-1), call: 'x.amax(-1)', inputs: (s) => [{ shape: s, distinct: true }], grad: 'kinked', torch: 'a.amax(-1)' },
  amin: { fn: (x) => x.amin([0, 2], true), call: 'x.amin([0, 2], true)', inputs: (s) => [{ shape: s, distinct: true }], grad: 'kinked', torch: 'a.amin([0, 2], keepdim=True)' },
  maxAll: { covers: 'max', call: 'x.max()', fn: (x) => x.max(), inputs: (s) => [{ shape: s, distinct: true }], grad: 'kinked', torch: 'a.max()' },
  minAll: { covers: 'min', call: 'x.min()', fn: (x) => x.min(), inputs: (s) => [{ shape: s, distinct: true }], grad: 'kinked', torch: 'a.min()' },
  maxDim: { covers: 'max', call: 'x.max(-1)', fn: (x) => x.max(-1), inputs: (s) => [{ shape: s, distinct: true }], grad: 'kinked', torch: 'a.max(-1)' },
  minDim: { covers: 'min', call: 'x.min(0, true)', fn: (x) => x.min(0, true), inputs: (s) => [{ shape: s, distinct: true }], grad: 'kinked', torch: 'a.min(0, keepdim=True)' },
  maxPair: { covers: 'max', call: 'x.max(y)', fn: (a, b) => a.max(b.add(0.05)), inputs: (s) => [{ shape: s, distinct: true }, { shape: s, distinct: true }], grad: 'kinked', torch: 'torch.max(a, b + 0.05)' },
  argmax: { fn: (x) => x.argmax(-1), call: 'x.argmax(-1)', inputs: (s) => [{ shape: s, distinct: true }], grad: 'none', torch: 'a.argmax(-1)' },
  argmin: { fn: (x) => x.argmin(), inputs: (s) => [{ shape: s, distinct: true }], grad: 'none', torch: 'a.argmin()' },
  all: { fn: (x) => x.gt(0).all(-1), call: 'x.all(-1)', inputs: 'unary', minDims: 1, grad: 'none', torch: '(a > 0).all(-1)' },
  any: { fn: (x) => x.gt(1).any(), inputs: 'unary', grad: 'none', torch: '(a > 1).any()' },
});

/** Softmax, matrix products. */
export const matrixOps = defineOps({
  softmax: { fn: (x) => x.softmax(-1), call: 'x.softmax(-1)', inputs: 'unary', minDims: 1, grad: 'smooth', torch: 'torch.softmax(a, -1)' },
  softmaxLarge: { covers: 'softmax', call: 'x.softmax(1) of logits near ±800', fn: (x) => x.softmax(1), inputs: (s) => [f(s, -800, 800)], grad: 'smooth', torch: 'torch.softmax(a, 1)', runs: 10 },
  logSoftmax: { fn: (x) => x.logSoftmax(0), call: 'x.logSoftmax(0)', inputs: 'unary', minDims: 1, grad: 'smooth', torch: 'torch.log_softmax(a, 0)' },
  matmul: { fn: (a, b) => a.matmul(b), call: 'x.matmul(y)', inputs: ([m = 2, k = 3, n = 2]) => [f([m, k]), f([k, n])], grad: 'smooth', torch: 'a @ b' },
  matmulBatched: { covers: 'matmul', call: 'x.matmul(y), batched', fn: (a, b) => a.matmul(b), inputs: ([m = 2, k = 3, n = 2]) => [f([2, 1, m, k]), f([3, k, n])], grad: 'smooth', torch: 'a @ b' },
  matmulBroadcast: { covers: 'matmul', call: 'x.matmul(y), one side 2-D', fn: (a, b) => a.matmul(b), inputs: ([m = 2, k = 3, n = 2]) => [f([2, m, k]), f([k, n])], grad: 'smooth', torch: 'a @ b' },
  matmulVec: { covers: 'matmul', call: 'x.matmul(y), a vector', fn: (a, b) => a.matmul(b), inputs: ([m = 2, k = 3]) => [f([k]), f([k, m])], grad: 'smooth', torch: 'a @ b' },
  matmulMatVec: { covers: 'matmul', call: 'x.matmul(v)', fn: (a, b) => a.matmul(b), inputs: ([m = 2, k = 3]) => [f([m, k]), f([k])], grad: 'smooth', torch: 'a @ b' },
  matmulTransposed: { covers: 'matmul', call: 'x.t().matmul(y.t())', fn: (a, b) => a.t().matmul(b.t()), inputs: ([m = 2, k = 3, n = 2]) => [f([k, m]), f([n, k])], grad: 'smooth', torch: 'a.t() @ b.t()' },
  mm: { fn: (a, b) => a.mm(b), call: 'x.mm(y)', inputs: ([m = 2, k = 3, n = 2]) => [f([m, k]), f([k, n])], grad: 'smooth', torch: 'torch.mm(a, b)' },
  bmm: { fn: (a, b) => a.bmm(b), call: 'x.bmm(y)', inputs: ([m = 2, k = 3, n = 2]) => [f([2, m, k]), f([2, k, n])], grad: 'smooth', torch: 'torch.bmm(a, b)' },
  dot: { fn: (a, b) => a.dot(b), call: 'x.dot(y)', inputs: ([n = 3]) => [f([n]), f([n])], grad: 'smooth', torch: 'torch.dot(a, b)' },
  outer: { fn: (a, b) => a.outer(b), call: 'x.outer(y)', inputs: ([n = 3, m = 2]) => [f([n]), f([m])], grad: 'smooth', torch: 'torch.outer(a, b)' },
});

/** Views, copies and indexing. */
export const shapeOps = defineOps({
  reshape: { fn: (x) => x.reshape([-1]).mul(x.reshape([-1])), call: 'x.reshape([-1])', inputs: 'unary', grad: 'smooth', torch: 'a.reshape(-1) * a.reshape(-1)' },
  view: { fn: (x) => x.view([x.numel()]).exp(), call: 'x.view([n])', inputs: 'unary', grad: 'smooth', torch: 'a.view(a.numel()).exp()' },
  transpose: { fn: (x) => x.transpose(0, 1).mul(2), call: 'x.transpose(0, 1)', inputs: ([a = 2, b = 3]) => [f([a, b, 2])], grad: 'smooth', torch: 'a.transpose(0, 1) * 2' },
  t: { fn: (x) => x.t().exp(), inputs: ([a = 2, b = 3]) => [f([a, b])], grad: 'smooth', torch: 'a.t().exp()' },
  permute: { fn: (x) => x.permute([2, 0, 1]).exp(), call: 'x.permute([2, 0, 1])', inputs: ([a = 2, b = 3]) => [f([a, b, 2])], grad: 'smooth', torch: 'a.permute(2, 0, 1).exp()' },
  expand: { fn: (x) => x.expand([3, -1, -1]).square(), call: 'x.expand([3, -1, -1])', inputs: ([a = 2]) => [f([1, a])], grad: 'smooth', torch: 'a.expand(3, -1, -1).square()' },
  squeezeUnsqueeze: { covers: ['squeeze', 'unsqueeze'], call: 'x.unsqueeze(0).squeeze(0)', fn: (x) => x.unsqueeze(0).squeeze(0).exp(), inputs: 'unary', grad: 'smooth', torch: 'a.unsqueeze(0).squeeze(0).exp()' },
  squeezeAll: { covers: 'squeeze', call: 'x.squeeze()', fn: (x) => x.squeeze().exp(), inputs: ([a = 2]) => [f([1, a, 1])], grad: 'smooth', torch: 'a.squeeze().exp()' },
  flatten: { fn: (x) => x.flatten().exp(), inputs: 'unary', grad: 'smooth', torch: 'a.flatten().exp()' },
  expandAs: { fn: (x, y) => x.expandAs(y).mul(y), call: 'x.expandAs(y)', inputs: ([a = 2, b = 2]) => [f([a, 1]), f([3, a, b])], grad: 'smooth', torch: 'a.expand_as(b) * b' },
  contiguous: { fn: (x) => x.t().contiguous().exp(), inputs: ([a = 2, b = 3]) => [f([a, b])], grad: 'smooth', torch: 'a.t().contiguous().exp()' },
  clone: { fn: (x) => x.clone().mul(x), inputs: 'unary', grad: 'smooth', torch: 'a.clone() * a' },
  split: { fn: (x) => x.split([1, 2], 1), call: 'x.split([1, 2], 1)', inputs: ([a = 2]) => [f([a, 3])], grad: 'smooth', torch: 'a.split([1, 2], 1)' },
  chunk: { fn: (x) => x.chunk(2, 0), call: 'x.chunk(2, 0)', inputs: ([, b = 2]) => [f([3, b])], grad: 'smooth', torch: 'a.chunk(2, 0)' },
  narrow: { fn: (x) => x.narrow(0, 1, 2).exp(), call: 'x.narrow(0, 1, 2)', inputs: ([, b = 2]) => [f([4, b])], grad: 'smooth', torch: 'a.narrow(0, 1, 2).exp()' },
  slice: { fn: (x) => x.slice(1, 0, undefined, 2).exp(), call: 'x.slice(1, 0, undefined, 2)', inputs: ([a = 2]) => [f([a, 5])], grad: 'smooth', torch: 'a[:, 0::2].exp()' },
  cat: { fn: (a, b) => cat([a, b], 1).exp(), call: 'cat([x, y], 1)', inputs: ([m = 2, k = 2]) => [f([m, k]), f([m, 3])], grad: 'smooth', torch: 'torch.cat([a, b], 1).exp()' },
  stack: { fn: (a, b) => stack([a, b], 1).exp(), call: 'stack([x, y], 1)', inputs: (s) => [f(s), f(s)], grad: 'smooth', torch: 'torch.stack([a, b], 1).exp()' },
  indexSelect: { fn: (x, i) => x.indexSelect(0, i).exp(), call: 'x.indexSelect(0, index)', inputs: ([, b = 2]) => [f([2, b]), int([3], [1, 0, 1])], grad: 'smooth', torch: 'a.index_select(0, b).exp()' },
  gather: { fn: (x, i) => x.gather(1, i).exp(), call: 'x.gather(1, index)', inputs: () => [f([2, 3]), int([2, 2], [0, 2, 2, 1])], grad: 'smooth', torch: 'a.gather(1, b).exp()' },
  select: { fn: (x) => x.select(1, -1).exp(), call: 'x.select(1, -1)', inputs: ([a = 2, b = 2]) => [f([a, 3, b])], grad: 'smooth', torch: 'a.select(1, -1).exp()' },
  repeat: {
    fn: (x) => x.repeat([2, ...x.shape.map((_, k) => (k === 0 ? 3 : 1))]).square(),
    call: 'x.repeat([2, 3, 1])',
    inputs: 'unary',
    minDims: 1,
    grad: 'smooth',
    torch: 'a.repeat(2, 3, *([1] * (a.dim() - 1))).square()',
  },
  flip: { fn: (x) => x.flip([0, 2]).mul(x), call: 'x.flip([0, 2])', inputs: ([a = 2, b = 2, c = 3]) => [f([a, b, c])], grad: 'smooth', torch: 'a.flip([0, 2]) * a' },
  maskedFill: {
    fn: (x, m, v) => x.maskedFill(m, v!.sum()).exp(),
    call: 'x.maskedFill(mask, value)',
    inputs: ([a = 2]) => [f([a, 3]), bool([3], [true, false, true]), f([1])],
    grad: 'smooth',
    torch: 'a.masked_fill(b, c.sum()).exp()',
  },
  maskedFillNumber: { covers: 'maskedFill', call: 'x.maskedFill(mask, 0)', fn: (x, m) => x.maskedFill(m, -1.5).exp(), inputs: (s) => [f(s), bool(s)], grad: 'smooth', torch: 'a.masked_fill(b, -1.5).exp()' },
  tril: { fn: (x) => x.tril(-1).exp(), call: 'x.tril(-1)', inputs: ([a = 2, b = 2]) => [f([a, 3, b + 1])], grad: 'smooth', torch: 'a.tril(-1).exp()' },
  triu: { fn: (x) => x.triu(1).mul(x), call: 'x.triu(1)', inputs: ([a = 2, b = 2]) => [f([a + 1, b + 1])], grad: 'smooth', torch: 'a.triu(1) * a' },
  scatterAdd: {
    fn: (base, i, src) => base.scatterAdd(1, i, src).exp(),
    call: 'x.scatterAdd(1, index, src)',
    inputs: () => [f([2, 3]), int([2, 2], [0, 2, 2, 1]), f([2, 2])],
    grad: 'smooth',
    torch: 'a.scatter_add(1, b, c).exp()',
  },
  // a float32 round trip: central differences at eps 1e-6 cannot see through it, so no property
  // test; its gradients are checked against PyTorch's
  to: { covers: ['to', 'float', 'double'], call: "x.to('float32').to('float64')", fn: (x) => x.to('float32').double().mul(x), inputs: 'unary', grad: 'none', tol: 1e-7, torch: 'a.to(torch.float32).double() * a' },
});

/** Comparisons, logic, casts to int and bool: no gradient. */
export const logicOps = defineOps({
  eq: { fn: (a, b) => a.eq(b), call: 'x.eq(y)', inputs: (s) => [int(s, { min: 0, max: 3 }), int(s.slice(1), { min: 0, max: 3 })], grad: 'none', torch: 'torch.eq(a, b)' },
  ne: { fn: (a, b) => a.ne(b), call: 'x.ne(y)', inputs: (s) => [bool(s), bool(s)], grad: 'none', torch: 'torch.ne(a, b)' },
  lt: { fn: (a, b) => a.lt(b), call: 'x.lt(y)', inputs: 'binary', grad: 'none', torch: 'torch.lt(a, b)' },
  le: { fn: (a, b) => a.le(b), call: 'x.le(y)', inputs: 'binary', grad: 'none', torch: 'torch.le(a, b)' },
  gt: { fn: (a, b) => a.gt(b), call: 'x.gt(y)', inputs: 'binary', grad: 'none', torch: 'torch.gt(a, b)' },
  ge: { fn: (a, b) => a.ge(b), call: 'x.ge(y)', inputs: 'binary', grad: 'none', torch: 'torch.ge(a, b)' },
  logicalAnd: { fn: (a, b) => a.gt(0).logicalAnd(b.gt(0)), call: 'x.logicalAnd(y)', inputs: 'binary', grad: 'none', torch: 'torch.logical_and(a > 0, b > 0)' },
  logicalOr: { fn: (a, b) => a.gt(0).logicalOr(b.gt(0)), call: 'x.logicalOr(y)', inputs: 'binary', grad: 'none', torch: 'torch.logical_or(a > 0, b > 0)' },
  logicalNot: { fn: (a) => a.gt(0).logicalNot(), inputs: 'unary', grad: 'none', torch: 'torch.logical_not(a > 0)' },
  isfinite: { fn: (a) => a.log().isfinite(), inputs: 'unary', grad: 'none', torch: 'torch.isfinite(a.log())' },
  isnan: { fn: (a) => a.log().isnan(), inputs: 'unary', grad: 'none', torch: 'torch.isnan(a.log())' },
  int: { covers: ['int', 'bool'], call: 'x.int(), x.bool()', fn: (a) => [a.mul(3).int(), a.bool()], inputs: 'unary', grad: 'none', torch: '(a.mul(3).int(), a.bool())' },
});

/** In-place ops: they refuse tensors that require grad, so they take none here. */
export const inPlaceOps = defineOps({
  add_: { fn: (a, b) => a.add_(b, { alpha: 2 }), call: 'x.add_(y, { alpha: 2 })', inputs: (s) => [fc0(s), fc0(s.slice(1))], grad: 'none', inPlace: true, torch: 'a.add_(b, alpha=2)' },
  sub_: { fn: (a, b) => a.sub_(b), call: 'x.sub_(y)', inputs: (s) => [fc0(s), fc0(s)], grad: 'none', inPlace: true, torch: 'a.sub_(b)' },
  mul_: { fn: (a, b) => a.mul_(b), call: 'x.mul_(y)', inputs: (s) => [fc0(s), fc0(s)], grad: 'none', inPlace: true, torch: 'a.mul_(b)' },
  div_: { fn: (a, b) => a.div_(b), call: 'x.div_(y)', inputs: (s) => [fc0(s), fc0(s, 0.5, 2)], grad: 'none', inPlace: true, torch: 'a.div_(b)' },
  clamp_: { fn: (a) => a.clamp_(-0.5, 0.5), call: 'x.clamp_(-0.5, 0.5)', inputs: (s) => [fc0(s)], grad: 'none', inPlace: true, torch: 'a.clamp_(-0.5, 0.5)' },
  zero_: { fn: (a) => a.zero_(), inputs: (s) => [fc0(s)], grad: 'none', inPlace: true, torch: 'a.zero_()' },
  fill_: { fn: (a) => a.fill_(1.5), call: 'x.fill_(1.5)', inputs: (s) => [fc0(s)], grad: 'none', inPlace: true, torch: 'a.fill_(1.5)' },
  copy_: { fn: (a, b) => a.copy_(b), call: 'x.copy_(y)', inputs: (s) => [fc0(s), fc0(s.slice(1))], grad: 'none', inPlace: true, torch: 'a.copy_(b)' },
});
