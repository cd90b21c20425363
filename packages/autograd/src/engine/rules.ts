/**
 * The gradient table: one vector-Jacobian product per primitive, written in differentiable tensor
 * ops so that grad-of-grad works for every op. The mapped type makes `tsc` reject a primitive
 * without a rule.
 * @module
 */
import type { DType } from '../dtype.js';
import { scalarLike, Tensor } from '../tensor.js';
import type { Prim, PrimArgs } from './primitives.js';
import { attentionProbsKernel, attentionScoresGradKernel } from '../ops/prims.js';
import { isGradEnabled } from './mode.js';

/** What a rule sees: the saved inputs/output, the primitive's args, which inputs need a gradient. */
export interface RuleCtx<P extends Prim> {
  readonly inputs: readonly Tensor[];
  readonly out: Tensor;
  readonly args: PrimArgs[P];
  readonly needs: readonly boolean[];
  readonly shapes: readonly (readonly number[])[];
  readonly dtypes: readonly DType[];
}

/**
 * A gradient rule: which tensors it saves in forward, and its VJP (reverse mode). A forward-mode
 * rule (JVP) belongs here too, beside `vjp`, so that one table holds both modes of a primitive.
 */
export interface Rule<P extends Prim> {
  readonly save: 'none' | 'inputs' | 'output' | 'both';
  readonly vjp: (g: Tensor, c: RuleCtx<P>) => (Tensor | null)[];
}

const x0 = (c: RuleCtx<Prim>): Tensor => c.inputs[0]!;
const x1 = (c: RuleCtx<Prim>): Tensor => c.inputs[1]!;
const mask = (m: Tensor, like: Tensor): Tensor => m.to(like.dtype);
const when = (need: boolean | undefined, f: () => Tensor): Tensor | null => (need ? f() : null);

/** Sums `g` (shaped like the op's output) back over `axes` that a reduction removed. */
function unreduce(g: Tensor, shape: readonly number[], axes: readonly number[]): Tensor {
  const keep = shape.map((s, d) => (axes.includes(d) ? 1 : s));
  return g.reshape(keep).expand(shape);
}

export const rules: { [P in Prim]: Rule<P> } = {
  // d(-x) = -dx
  neg: { save: 'none', vjp: (g) => [g.neg()] },
  // d(e^x) = e^x dx
  exp: { save: 'output', vjp: (g, c) => [g.mul(c.out)] },
  // d(log x) = dx / x
  log: { save: 'inputs', vjp: (g, c) => [g.div(x0(c))] },
  // d(sin x) = cos x dx
  sin: { save: 'inputs', vjp: (g, c) => [g.mul(x0(c).cos())] },
  // d(cos x) = -sin x dx
  cos: { save: 'inputs', vjp: (g, c) => [g.mul(x0(c).sin()).neg()] },
  // d(sqrt x) = dx / (2 sqrt x)
  sqrt: { save: 'output', vjp: (g, c) => [g.div(c.out.mul(2))] },
  // d|x| = sign(x) dx (0 at 0, as PyTorch)
  abs: { save: 'inputs', vjp: (g, c) => [g.mul(x0(c).sign())] },
  // d(tanh x) = (1 - tanh² x) dx
  tanh: { save: 'output', vjp: (g, c) => [g.mul(scalarLike(1, c.out).sub(c.out.square()))] },
  // d(σ(x)) = σ(x)(1 - σ(x)) dx
  sigmoid: { save: 'output', vjp: (g, c) => [g.mul(c.out.mul(scalarLike(1, c.out).sub(c.out)))] },
  // d(relu x) = [x > 0] dx (a select, as PyTorch's threshold_backward: 0 where x ≤ 0, even for g = ∞)
  relu: { save: 'output', vjp: (g, c) => [Tensor.where(c.out.gt(0), g, scalarLike(0, g))] },
  // d(log(1 + x)) = dx / (1 + x)
  log1p: { save: 'inputs', vjp: (g, c) => [g.div(x0(c).add(1))] },
  // d(erf x) = 2/√π e^(-x²) dx
  erf: { save: 'inputs', vjp: (g, c) => [g.mul(x0(c).square().neg().exp().mul(2 / Math.sqrt(Math.PI)))] },
  // d(tan x) = (1 + tan² x) dx
  tan: { save: 'output', vjp: (g, c) => [g.mul(c.out.square().add(1))] },
  // d(asin x) = dx / √(1 - x²)
  asin: { save: 'inputs', vjp: (g, c) => [g.div(oneMinusSquare(x0(c)).sqrt())] },
  // d(acos x) = -dx / √(1 - x²)
  acos: { save: 'inputs', vjp: (g, c) => [g.div(oneMinusSquare(x0(c)).sqrt()).neg()] },
  // d(atan x) = dx / (1 + x²)
  atan: { save: 'inputs', vjp: (g, c) => [g.div(x0(c).square().add(1))] },
  // d(sinh x) = cosh x dx
  sinh: { save: 'inputs', vjp: (g, c) => [g.mul(x0(c).cosh())] },
  // d(cosh x) = sinh x dx
  cosh: { save: 'inputs', vjp: (g, c) => [g.mul(x0(c).sinh())] },
  // d(asinh x) = dx / √(x² + 1)
  asinh: { save: 'inputs', vjp: (g, c) => [g.div(x0(c).square().add(1).sqrt())] },
  // d(acosh x) = dx / √(x² - 1)
  acosh: { save: 'inputs', vjp: (g, c) => [g.div(x0(c).square().sub(1).sqrt())] },
  // d(atanh x) = dx / (1 - x²)
  atanh: { save: 'inputs', vjp: (g, c) => [g.div(oneMinusSquare(x0(c)))] },
  // d(log2 x) = dx / (x ln 2)
  log2: { save: 'inputs', vjp: (g, c) => [g.div(x0(c).mul(Math.LN2))] },
  // d(log10 x) = dx / (x ln 10)
  log10: { save: 'inputs', vjp: (g, c) => [g.div(x0(c).mul(Math.LN10))] },
  // d(2^x) = 2^x ln 2 dx
  exp2: { save: 'output', vjp: (g, c) => [g.mul(c.out.mul(Math.LN2))] },
  // d(e^x - 1) = e^x dx
  expm1: { save: 'output', vjp: (g, c) => [g.mul(c.out.add(1))] },
  // d(sign x) = 0: piecewise constant (zeros, whatever g holds, as PyTorch's zeros_like(grad))
  sign: { save: 'none', vjp: (g) => [zerosOf(g)] },
  // d(floor x) = 0
  floor: { save: 'none', vjp: (g) => [zerosOf(g)] },
  // d(ceil x) = 0
  ceil: { save: 'none', vjp: (g) => [zerosOf(g)] },
  // d(round x) = 0
  round: { save: 'none', vjp: (g) => [zerosOf(g)] },
  // d(trunc x) = 0
  trunc: { save: 'none', vjp: (g) => [zerosOf(g)] },

  // d(a + b) = da + db
  add: { save: 'none', vjp: (g, c) => [when(c.needs[0], () => g), when(c.needs[1], () => g)] },
  // d(a - b) = da - db
  sub: { save: 'none', vjp: (g, c) => [when(c.needs[0], () => g), when(c.needs[1], () => g.neg())] },
  // d(ab) = b da + a db
  mul: { save: 'inputs', vjp: (g, c) => [when(c.needs[0], () => g.mul(x1(c))), when(c.needs[1], () => g.mul(x0(c)))] },
  // d(a / b) = da / b - (a / b²) db
  div: {
    save: 'inputs',
    vjp: (g, c) => [when(c.needs[0], () => g.div(x1(c))), when(c.needs[1], () => g.mul(x0(c)).div(x1(c).square()).neg())],
  },
  // d(a^b) = b a^(b-1) da + a^b log(a) db   (the da term is 0 where b = 0, the db term where
  // a = 0 and b >= 0, as PyTorch: no 0·∞ at a = 0)
  pow: {
    save: 'both',
    vjp: (g, c) => {
      const [a, b] = [x0(c), x1(c)];
      return [
        when(c.needs[0], () => Tensor.where(b.eq(0), scalarLike(0, g), g.mul(b).mul(a.pow(b.sub(1))))),
        when(c.needs[1], () => {
          const zero = a.eq(0).logicalAnd(b.ge(0));
          return g.mul(Tensor.where(zero, scalarLike(0, a), c.out.mul(a.log())));
        }),
      ];
    },
  },
  // d atan2(a, b) = (b da - a db) / (a² + b²)
  atan2: {
    save: 'inputs',
    vjp: (g, c) => {
      const [a, b] = [x0(c), x1(c)];
      const r2 = a.square().add(b.square());
      return [when(c.needs[0], () => g.mul(b).div(r2)), when(c.needs[1], () => g.mul(a).div(r2).neg())];
    },
  },
  // d hypot(a, b) = (a da + b db) / hypot(a, b)
  hypot: { save: 'both', vjp: (g, c) => [when(c.needs[0], () => g.mul(x0(c)).div(c.out)), when(c.needs[1], () => g.mul(x1(c)).div(c.out))] },
  // fmod(a, b) = a - trunc(a / b) b:  d = da - trunc(a / b) db
  fmod: { save: 'inputs', vjp: (g, c) => [when(c.needs[0], () => g), when(c.needs[1], () => g.mul(x0(c).div(x1(c)).trunc()).neg())] },
  // d(a // b) = 0: piecewise constant
  floorDivide: { save: 'none', vjp: (g, c) => [when(c.needs[0], () => zerosOf(g)), when(c.needs[1], () => zerosOf(g))] },
  // d max(a, b) = [a > b] da + [b > a] db, ties split in half
  maximum: { save: 'inputs', vjp: (g, c) => splitTies(g, x0(c), x1(c), c.needs) },
  // d min(a, b) = [a < b] da + [b < a] db, ties split in half
  minimum: { save: 'inputs', vjp: (g, c) => splitTies(g, x1(c), x0(c), c.needs) },
  // d where(c, a, b) = where(c, da, 0) + where(c, 0, db)
  where: {
    save: 'inputs',
    vjp: (g, c) => {
      const cond = x0(c);
      const zero = scalarLike(0, g);
      return [null, when(c.needs[1], () => Tensor.where(cond, g, zero)), when(c.needs[2], () => Tensor.where(cond, zero, g))];
    },
  },

  // d cast(x) = cast back
  cast: { save: 'none', vjp: (g, c) => [g.to(c.dtypes[0]!)] },
  contiguous: { save: 'none', vjp: (g) => [g] },

  // d sum(x) = broadcast of the upstream gradient
  sum: { save: 'none', vjp: (g, c) => [unreduce(g, c.shapes[0]!, c.args.axes)] },
  // d amax(x) = [x = max] / (number of maxima) — ties share the gradient, as PyTorch
  amax: { save: 'both', vjp: (g, c) => [extremumGrad(g, x0(c), c.out, c.args.axes)] },
  amin: { save: 'both', vjp: (g, c) => [extremumGrad(g, x0(c), c.out, c.args.axes)] },
  // d prod(x) / dx_i = the product of the others: prod(x) / x_i where x_i ≠ 0; at a zero, the
  // product of the non-zeros when it is the only zero, else 0 (never a division by zero, as PyTorch)
  prod: {
    save: 'both',
    vjp: (g, c) => {
      const [x, shape, axes] = [x0(c), c.shapes[0]!, c.args.axes];
      const zero = x.eq(0);
      const safe = Tensor.where(zero, scalarLike(1, x), x);
      const onlyZero = unreduce(zero.to('int32').sum(axes).eq(1), shape, axes);
      const atZero = Tensor.where(onlyZero, unreduce(safe.prod(axes), shape, axes), scalarLike(0, x));
      const others = Tensor.where(zero, atZero, unreduce(c.out, shape, axes).div(safe));
      return [unreduce(g, shape, axes).mul(others)];
    },
  },

  reshape: { save: 'none', vjp: (g, c) => [g.reshape(c.shapes[0]!)] },
  permute: {
    save: 'none',
    vjp: (g, c) => {
      const inv = new Array<number>(c.args.dims.length);
      c.args.dims.forEach((d, i) => (inv[d] = i));
      return [g.permute(inv)];
    },
  },
  // d expand(x) = sum over the broadcast dims
  expand: {
    save: 'none',
    vjp: (g, c) => {
      const inShape = c.shapes[0]!;
      const lead = c.args.shape.length - inShape.length;
      const axes: number[] = [];
      c.args.shape.forEach((s, d) => {
        if (d < lead || (inShape[d - lead] === 1 && s !== 1)) axes.push(d);
      });
      return [axes.length === 0 ? g.reshape(inShape) : g.sum(axes).reshape(inShape)];
    },
  },
  // slice and unslice are each other's adjoints
  slice: {
    save: 'none',
    vjp: (g, c) => {
      const { dim, start, end, step } = c.args;
      return [g._unslice(c.shapes[0]!, dim, start, end, step)];
    },
  },
  unslice: {
    save: 'none',
    vjp: (g, c) => {
      const { dim, start, end, step } = c.args;
      return [g._slice(dim, start, end, step)];
    },
  },
  // d cat(xs) = the matching slices of the gradient
  cat: {
    save: 'none',
    vjp: (g, c) => {
      let at = 0;
      return c.shapes.map((s, i) => {
        const len = s[c.args.dim]!;
        const r = when(c.needs[i], () => g.narrow(c.args.dim, at, len));
        at += len;
        return r;
      });
    },
  },
  // y = softmax(x): dx = y ⊙ (g − Σ_dim g ⊙ y)
  softmax: {
    save: 'output',
    vjp: (g, c) => [c.out.mul(g.sub(g.mul(c.out).sum(c.args.dim, true)))],
  },
  // y = x − log Σ e^x: dx = g − e^y ⊙ Σ_dim g
  logSoftmax: {
    save: 'output',
    vjp: (g, c) => [g.sub(c.out.exp().mul(g.sum(c.args.dim, true)))],
  },
  // d(AB) = dA B + A dB:  grad_A = g Bᵀ, grad_B = Aᵀ g (computed as (Bᵀ... )ᵀ for an input stored
  // transposed, so that the gradient has the input's layout: a Linear weight's comes out contiguous)
  matmul: {
    save: 'inputs',
    vjp: (g, c) => [
      when(c.needs[0], () => (transposed(x0(c)) ? x1(c).matmul(g.transpose(1, 2)).transpose(1, 2) : g.matmul(x1(c).transpose(1, 2)))),
      when(c.needs[1], () => (transposed(x1(c)) ? g.transpose(1, 2).matmul(x0(c)).transpose(1, 2) : x0(c).transpose(1, 2).matmul(g))),
    ],
  },
  // o = (P ⊙ D) v with P = softmax(s), s = c·q kᵀ + bias (masked): P is recomputed from the saved
  // inputs (never stored), dv = (P ⊙ D)ᵀ g, dP = (g vᵀ) ⊙ D, ds = P ⊙ (dP − Σ_j dP ⊙ P),
  // dq = c·ds k, dk = c·dsᵀ q, dbias = ds
  attention: {
    save: 'inputs',
    vjp: (g, c) => {
      const { scale, causal } = c.args;
      const [q, k, v] = [x0(c), x1(c), c.inputs[2]!];
      const bias = c.args.bias ? c.inputs[3]! : null;
      const drop = c.args.drop ? c.inputs[c.args.bias ? 4 : 3]! : null;
      // first order: the kernel's probabilities and one pass for ds; under createGraph: ops
      const ops = isGradEnabled();
      const p = ops ? attentionWeights(q, k, bias, scale, causal) : attentionProbsKernel(q, k, bias, scale, causal);
      const dropped = (t: Tensor): Tensor => (drop === null ? t : t.mul(drop));
      const gv = g.matmul(v.transpose(1, 2));
      const ds = ops ? p.mul(dropped(gv).sub(dropped(gv).mul(p).sum(2, true))) : attentionScoresGradKernel(p, gv, drop);
      return [
        when(c.needs[0], () => ds.matmul(k).mul(scale)),
        when(c.needs[1], () => ds.transpose(1, 2).matmul(q).mul(scale)),
        when(c.needs[2], () => dropped(p).transpose(1, 2).matmul(g)),
        ...(bias === null ? [] : [when(c.needs[3], () => ds)]),
        ...(drop === null ? [] : [null]),
      ];
    },
  },
  // gather and scatterAdd are each other's adjoints
  gather: {
    save: 'inputs',
    vjp: (g, c) => [Tensor.zeros(c.shapes[0]!, g.dtype).scatterAdd(c.args.dim, x1(c), g), null],
  },
  scatterAdd: {
    save: 'inputs',
    vjp: (g, c) => [when(c.needs[0], () => g), null, when(c.needs[2], () => g.gather(c.args.dim, x1(c)))],
  },
};

/** 1 − x². */
const oneMinusSquare = (x: Tensor): Tensor => scalarLike(1, x).sub(x.square());
/** Zeros shaped like `g`. */
const zerosOf = (g: Tensor): Tensor => Tensor.zeros(g.shape, g.dtype);
/**
 * The attention probabilities softmax(scale·q kᵀ + bias) of the attention primitive, in
 * differentiable ops (so that its gradient can be differentiated again): causally hidden keys get
 * −∞, and a row with every key hidden gets 0 (its softmax taken over zeros, so no NaN reaches a
 * gradient).
 */
function attentionWeights(q: Tensor, k: Tensor, bias: Tensor | null, scale: number, causal: boolean): Tensor {
  let s = q.matmul(k.transpose(1, 2)).mul(scale);
  if (bias !== null) s = s.add(bias);
  if (causal) s = s.maskedFill(aboveDiagonal(s.shape[1]!, s.shape[2]!), -Infinity);
  const dead = s.eq(-Infinity).all(2, true);
  const zero = scalarLike(0, s);
  return Tensor.where(dead, zero, Tensor.where(dead, zero, s).softmax(2));
}

/** A bool [L, S] mask, true where key j comes after query i (j > i). */
function aboveDiagonal(L: number, S: number): Tensor {
  const m = new Uint8Array(L * S);
  for (let i = 0; i < L; i++) m.fill(1, i * S + Math.min(i + 1, S), (i + 1) * S);
  return Tensor.fromData(m, [L, S], 'bool');
}

/** Whether a [B, R, C] matmul operand is stored column by column (a transposed view). */
function transposed(t: Tensor): boolean {
  return t.strides[1] === 1 && t.strides[2] !== 1 && t.shape[1] !== 1;
}

function splitTies(g: Tensor, hi: Tensor, lo: Tensor, needs: readonly boolean[]): (Tensor | null)[] {
  const half = mask(hi.eq(lo), g).mul(0.5);
  return [
    when(needs[0], () => g.mul(mask(hi.gt(lo), g).add(half))),
    when(needs[1], () => g.mul(mask(lo.gt(hi), g).add(half))),
  ];
}

function extremumGrad(g: Tensor, x: Tensor, out: Tensor, axes: readonly number[]): Tensor {
  const shape = x.shape;
  const hit = mask(x.eq(unreduce(out, shape, axes)), g);
  const count = hit.sum(axes);
  return unreduce(g.div(count), shape, axes).mul(hit);
}
