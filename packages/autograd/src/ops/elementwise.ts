/**
 * Elementwise ops composed from primitives: broadcasting (an explicit expand), type promotion,
 * scalars, and the activations.
 * @module
 */
import type { CompareOp } from '../backend/backend.js';
import { isFloating, isIntegral, promoteTypes } from '../dtype.js';
import type { DType } from '../dtype.js';
import { broadcastShapes, sameShape } from '../shape.js';
import { Tensor } from '../tensor.js';
import { binaryPrim, castPrim, comparePrim, unaryPrim, wherePrim } from './prims.js';
import { hostCheck } from '../compile/host.js';

/**
 * A tensor, or a JS number or boolean used as a scalar: what binary ops accept as their other
 * operand. A number takes the tensor's dtype (a fractional one turns an integer tensor into float32).
 * @example
 * ```ts
 * const k: TensorLike = 0.5;
 * arange(3).mul(k); // tensor([0.0000, 0.5000, 1.0000])
 * ```
 */
export type TensorLike = Tensor | number | boolean;

/**
 * The result dtype of an elementwise op, as PyTorch's `result_type`: operands fall in three tiers
 * (tensors with dims, 0-dim tensors, JS scalars), each promoted within itself; a lower tier only
 * counts when its category (bool < integer < floating) is higher. So `float32 + float64 0-dim`
 * stays float32, `int32 + 2.5` is float32 and `float64 + 0.1` stays float64.
 */
export function resultDType(...xs: readonly TensorLike[]): DType {
  let dim: DType | null = null;
  let zero: DType | null = null;
  let wrapped: DType | null = null;
  const up = (a: DType | null, b: DType): DType => (a === null ? b : promoteTypes(a, b));
  for (const x of xs) {
    if (x instanceof Tensor && wrappedNumbers.has(x)) {
      wrapped = up(wrapped, x.dtype === 'bool' ? 'bool' : isFloating(x.dtype) ? 'float32' : 'int32');
    } else if (x instanceof Tensor) {
      if (x.ndim > 0) dim = up(dim, x.dtype);
      else zero = up(zero, x.dtype);
    } else {
      wrapped = up(wrapped, typeof x === 'boolean' ? 'bool' : Number.isInteger(x) ? 'int32' : 'float32');
    }
  }
  return combineCategories(dim, combineCategories(zero, wrapped)) ?? 'float32';
}

function combineCategories(higher: DType | null, lower: DType | null): DType | null {
  if (higher === null) return lower;
  if (lower === null || isFloating(higher)) return higher;
  return higher === 'bool' || isFloating(lower) ? promoteTypes(higher, lower) : higher;
}

/** 0-dim tensors that stand for a JS number: in type promotion they count as that number (PyTorch's wrapped numbers). */
const wrappedNumbers = new WeakSet<Tensor>();

/**
 * `v` as a tensor: a tensor as it is, a number as a 0-dim tensor that type promotion treats as the
 * number (so `div(2, x)` is `torch.div(2, x)`: the 2 does not make an int32 tensor float64 or int32).
 */
export function wrapNumber(v: TensorLike): Tensor {
  if (v instanceof Tensor) return v;
  const t = Tensor.scalar(Number(v), typeof v === 'boolean' ? 'bool' : Number.isInteger(v) ? 'int32' : 'float64');
  wrappedNumbers.add(t);
  return t;
}

/** Converts `v` to a tensor of `dtype` (a scalar becomes a 0-dim tensor). */
export function asTensor(v: TensorLike, dtype: DType): Tensor {
  if (v instanceof Tensor) return v.dtype === dtype ? v : castPrim(v, dtype);
  return Tensor.scalar(typeof v === 'boolean' ? Number(v) : v, dtype);
}

/** Promotes and broadcasts the operands of an elementwise op. */
export function broadcastOperands(op: string, xs: readonly TensorLike[], dtype: DType): Tensor[] {
  const ts = xs.map((x) => asTensor(x, dtype));
  const shape = broadcastShapes(op, ...ts.map((t) => t.shape));
  return ts.map((t) => (sameShape(t.shape, shape) ? t : t.expand(shape)));
}

/** An elementwise binary op with PyTorch broadcasting and type promotion. */
export function binary(op: 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'maximum' | 'minimum', a: TensorLike, b: TensorLike): Tensor {
  let dtype = resultDType(a, b);
  if ((op === 'div' || op === 'pow') && !isFloating(dtype)) dtype = op === 'div' ? 'float32' : dtype === 'bool' ? 'int32' : dtype;
  if (dtype === 'bool' && op === 'sub') {
    throw new TypeError('sub: subtraction of two bool tensors is not supported; to invert a mask use logicalNot()');
  }
  const [x, y] = broadcastOperands(op, [a, b], dtype) as [Tensor, Tensor];
  if (op === 'pow' && isIntegral(dtype) && hasNegative(y)) {
    throw new RangeError('pow: integers to negative integer powers are not allowed (use a float tensor)');
  }
  // bool + bool is logical or (as PyTorch), which max computes on 0/1
  return binaryPrim(dtype === 'bool' && op === 'add' ? 'maximum' : op, x, y);
}

function hasNegative(t: Tensor): boolean {
  return hostCheck([t], ([a]) => {
    for (let i = 0; i < a!.length; i++) if (a![i]! < 0) return true;
    return false;
  });
}

/** A comparison with broadcasting; the result is bool and takes no gradient. */
export function compare(op: CompareOp, a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = broadcastOperands(op, [a, b], resultDType(a, b)) as [Tensor, Tensor];
  return comparePrim(op, x, y);
}

/** Functions defined on reals: an integer input is promoted to float32, as PyTorch does. */
export function floatInput(x: Tensor): Tensor {
  return isFloating(x.dtype) ? x : castPrim(x, 'float32');
}

/** `where(cond, a, b)`: elements of `a` where `cond` is true, else of `b`, broadcast together. */
export function where(cond: Tensor, a: TensorLike, b: TensorLike): Tensor {
  const dtype = resultDType(a, b);
  const c = cond.dtype === 'bool' ? cond : cond.ne(0);
  const [x, y] = [asTensor(a, dtype), asTensor(b, dtype)];
  const shape = broadcastShapes('where', c.shape, x.shape, y.shape);
  const fit = (t: Tensor): Tensor => (sameShape(t.shape, shape) ? t : t.expand(shape));
  return wherePrim(fit(c), fit(x), fit(y));
}

/** `x` with `value` where `mask` (bool, broadcastable) is true, as torch.masked_fill; keeps x's dtype. */
export function maskedFill(x: Tensor, mask: Tensor, value: number | boolean | Tensor): Tensor {
  if (mask.dtype !== 'bool') throw new TypeError(`maskedFill: only supports boolean masks, but got mask with dtype ${mask.dtype}`);
  if (value instanceof Tensor && value.ndim !== 0) {
    throw new RangeError(`maskedFill: only supports a 0-dimensional value tensor, but got tensor with ${value.ndim} dimension(s)`);
  }
  broadcastShapes('maskedFill', x.shape, mask.shape);
  return where(mask, asTensor(value, x.dtype), x);
}

export function neg(x: Tensor): Tensor {
  if (x.dtype === 'bool') throw new TypeError('neg: negation of a bool tensor is not supported; to invert a mask use logicalNot()');
  return unaryPrim('neg', x);
}
export const exp = (x: Tensor): Tensor => unaryPrim('exp', floatInput(x));
export const log = (x: Tensor): Tensor => unaryPrim('log', floatInput(x));
export const sin = (x: Tensor): Tensor => unaryPrim('sin', floatInput(x));
export const cos = (x: Tensor): Tensor => unaryPrim('cos', floatInput(x));
export const sqrt = (x: Tensor): Tensor => unaryPrim('sqrt', floatInput(x));
export const abs = (x: Tensor): Tensor => unaryPrim('abs', x);
export const tanh = (x: Tensor): Tensor => unaryPrim('tanh', floatInput(x));
export const sigmoid = (x: Tensor): Tensor => unaryPrim('sigmoid', floatInput(x));
export const relu = (x: Tensor): Tensor => unaryPrim('relu', x);
export const log1p = (x: Tensor): Tensor => unaryPrim('log1p', floatInput(x));
export const erf = (x: Tensor): Tensor => unaryPrim('erf', floatInput(x));
export const sign = (x: Tensor): Tensor => unaryPrim('sign', x);
export const square = (x: Tensor): Tensor => binary('mul', x, x);
export const reciprocal = (x: Tensor): Tensor => binary('div', 1, floatInput(x));
/** 1/√x, rounded twice as PyTorch's CPU kernel does (√x, then 1/·). */
export const rsqrt = (x: Tensor): Tensor => reciprocal(sqrt(x));

/** leaky_relu(x) = x for x > 0, slope·x otherwise. */
export function leakyRelu(x: Tensor, negativeSlope = 0.01): Tensor {
  return where(x.gt(0), x, x.mul(negativeSlope));
}

/** gelu(x) = x·Φ(x), exact (erf) or with the tanh approximation. */
export function gelu(x: Tensor, approximate: 'none' | 'tanh' = 'none'): Tensor {
  x = floatInput(x);
  if (approximate === 'tanh') {
    const inner = x.add(x.pow(3).mul(0.044715)).mul(Math.sqrt(2 / Math.PI));
    return x.mul(0.5).mul(inner.tanh().add(1));
  }
  return x.mul(0.5).mul(erf(x.mul(Math.SQRT1_2)).add(1));
}

/** softplus(x) = log(1 + e^(βx))/β, and x itself where βx > threshold (as PyTorch). */
export function softplus(x: Tensor, beta = 1, threshold = 20): Tensor {
  x = floatInput(x);
  const bx = x.mul(beta);
  // log(1 + e^z) = max(z, 0) + log1p(e^(−|z|)), with |z| taken by branch so that the
  // gradient at z = 0 is σ(0) = ½ (an abs or relu there would give 0) and e^z never overflows
  const pos = bx.gt(0);
  const e = where(pos, bx.neg(), bx).exp();
  const stable = where(pos, bx, 0).add(e.log1p()).div(beta);
  return where(bx.gt(threshold), x, stable);
}

/** elu(x) = x for x > 0, α(e^x − 1) otherwise; e^x only sees x ≤ 0, so it never overflows. */
export function elu(x: Tensor, alpha = 1): Tensor {
  x = floatInput(x);
  const pos = x.gt(0);
  // gradient at 0 is α, as PyTorch's (it takes the x ≤ 0 branch)
  return where(pos, x, where(pos, 0, x).exp().sub(1).mul(alpha));
}

/** silu(x) = x·σ(x). */
export function silu(x: Tensor): Tensor {
  return x.mul(sigmoid(x));
}

/**
 * clamp(x, min, max) = min(max(x, min), max), bounds numbers or tensors (broadcast); the gradient
 * passes to x where min ≤ x ≤ max, to a tensor bound where it binds (as PyTorch). A NaN tensor
 * bound gives NaN; a NaN number bound is ignored (as PyTorch).
 */
export function clamp(x: Tensor, min?: number | Tensor | null, max?: number | Tensor | null): Tensor {
  if ((min === undefined || min === null) && (max === undefined || max === null)) {
    throw new TypeError('clamp: at least one of min and max must be given');
  }
  const bounds = [min, max].filter((b): b is number | Tensor => b !== undefined && b !== null);
  let out = x.to(resultDType(x, ...bounds));
  if (min !== undefined && min !== null) out = where(beyond(out.lt(min), min), min, out);
  if (max !== undefined && max !== null) out = where(beyond(out.gt(max), max), max, out);
  return out;
}

/** Where the bound binds: where `past` says, and where a tensor bound is NaN. */
const beyond = (past: Tensor, b: number | Tensor): Tensor => (b instanceof Tensor ? logicalOr(past, isnan(b)) : past);

/** Logical and (nonzero is true), with broadcasting; bool. */
export function logicalAnd(a: Tensor, b: Tensor): Tensor {
  return compare('ne', a.ne(0).to('int32').mul(b.ne(0).to('int32')), 0);
}

/** Logical or (nonzero is true), with broadcasting; bool. */
export function logicalOr(a: Tensor, b: Tensor): Tensor {
  return compare('ne', a.ne(0).to('int32').add(b.ne(0).to('int32')), 0);
}

/** Logical not (zero is true); bool. */
export const logicalNot = (x: Tensor): Tensor => compare('eq', x, 0);

/** True where x is neither ±inf nor NaN (x − x is 0 exactly there); integers are always finite. */
export const isfinite = (x: Tensor): Tensor => (isFloating(x.dtype) ? compare('eq', x.sub(x), 0) : compare('eq', x, x));

/** True where x is NaN (the one value unequal to itself). */
export const isnan = (x: Tensor): Tensor => compare('ne', x, x);
