/**
 * PyTorch's pointwise math beyond the basics: inverse and hyperbolic trigonometry, logs and
 * exponentials of other bases, rounding, remainders and floor division, and the composites
 * (copysign, logaddexp, lerp, xlogy, sinc, isclose, nanToNum, heaviside, ...). Where PyTorch
 * computes a function by a formula, the same formula is used here, rounding step by step in the
 * tensor's dtype as PyTorch does.
 * @module
 */
import { isFloating } from '../dtype.js';
import type { DType } from '../dtype.js';
import { Tensor } from '../tensor.js';
import { broadcastOperands, compare, floatInput, isnan, resultDType, where } from './elementwise.js';
import type { TensorLike } from './elementwise.js';
import { binaryPrim, unaryPrim } from './prims.js';

/** Functions of one real argument: integers and bools are promoted to float32 first. */
const real =
  (op: 'tan' | 'asin' | 'acos' | 'atan' | 'sinh' | 'cosh' | 'asinh' | 'acosh' | 'atanh' | 'log2' | 'log10' | 'exp2' | 'expm1') =>
  (x: Tensor): Tensor =>
    unaryPrim(op, floatInput(x));

export const tan = real('tan');
export const asin = real('asin');
export const acos = real('acos');
export const atan = real('atan');
export const sinh = real('sinh');
export const cosh = real('cosh');
export const asinh = real('asinh');
export const acosh = real('acosh');
export const atanh = real('atanh');
export const log2 = real('log2');
export const log10 = real('log10');
export const exp2 = real('exp2');
export const expm1 = real('expm1');

/** floor, ceil, trunc and round: floats round (with a zero gradient), integers are already whole. */
export function rounding(op: 'floor' | 'ceil' | 'trunc' | 'round', x: Tensor): Tensor {
  if (x.dtype === 'bool') throw new TypeError(`${op}: not implemented for bool tensors`);
  return isFloating(x.dtype) ? unaryPrim(op, x) : x.clone();
}

/** round(x, decimals): to nearest, ties to even, at 10^-decimals (PyTorch's formula: scale, round, unscale). */
export function round(x: Tensor, decimals = 0): Tensor {
  if (!Number.isInteger(decimals)) throw new RangeError(`round: decimals must be an integer, got ${decimals}`);
  if (decimals === 0) return rounding('round', x);
  if (!isFloating(x.dtype)) throw new TypeError(`round: decimals needs a floating-point tensor, got ${x.dtype}`);
  const scale = 10 ** Math.abs(decimals);
  return decimals > 0 ? unaryPrim('round', x.mul(scale)).div(scale) : unaryPrim('round', x.div(scale)).mul(scale);
}

/** frac(x) = x − trunc(x), with the sign of x. */
export function frac(x: Tensor): Tensor {
  if (!isFloating(x.dtype)) throw new TypeError(`frac: needs a floating-point tensor, got ${x.dtype}`);
  return x.sub(unaryPrim('trunc', x));
}

/** True where x is +inf or −inf; integers never are. */
export function isinf(x: Tensor): Tensor {
  return isFloating(x.dtype) ? compare('eq', x.abs(), Infinity) : Tensor.zeros(x.shape, 'bool');
}

/** The operands of a function of reals: promoted together, then to float32 if they are integers. */
function realOperands(op: string, a: TensorLike, b: TensorLike): [Tensor, Tensor] {
  return broadcastOperands(op, [a, b], realDType(resultDType(a, b))) as [Tensor, Tensor];
}

/** A floating dtype: `t` itself, or float32 for integers and bool. */
const realDType = (t: DType): DType => (isFloating(t) ? t : 'float32');

export const atan2 = (a: TensorLike, b: TensorLike): Tensor => binaryPrim('atan2', ...realOperands('atan2', a, b));
export const hypot = (a: TensorLike, b: TensorLike): Tensor => binaryPrim('hypot', ...realOperands('hypot', a, b));

/** The operands of an integer-preserving division (remainder, fmod, floor division); an integer divisor of 0 is refused. */
function divisionOperands(op: string, a: TensorLike, b: TensorLike): [Tensor, Tensor] {
  const dtype = resultDType(a, b);
  if (dtype === 'bool') throw new TypeError(`${op}: not implemented for bool tensors`);
  const [x, y] = broadcastOperands(op, [a, b], dtype) as [Tensor, Tensor];
  if (!isFloating(dtype) && y.eq(0).any().item() !== 0) throw new RangeError(`${op}: integer division by zero`);
  return [x, y];
}

/** fmod(a, b): the remainder of a / b truncated toward zero; it takes a's sign (C's fmod). */
export const fmod = (a: TensorLike, b: TensorLike): Tensor => binaryPrim('fmod', ...divisionOperands('fmod', a, b));

/** remainder(a, b): the remainder of a / b rounded down; it takes b's sign (Python's %). */
export function remainder(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = divisionOperands('remainder', a, b);
  const r = binaryPrim('fmod', x, y);
  // as PyTorch: where fmod's sign differs from the divisor's, add the divisor
  return where(r.ne(0).logicalAnd(r.lt(0).ne(y.lt(0))), r.add(y), r);
}

/** a // b (floor division, exact as Python's); its gradient is zero. */
export const floorDivide = (a: TensorLike, b: TensorLike): Tensor => binaryPrim('floorDivide', ...divisionOperands('floorDivide', a, b));

/**
 * How {@link Tensor.div} rounds the quotient: toward zero (`'trunc'`), down (`'floor'`), or not
 * at all (null: true division).
 * @example
 * ```ts
 * const mode: RoundingMode = 'floor';
 * tensor([-7, 7]).div(2, { roundingMode: mode }); // tensor([-4.,  3.])
 * ```
 */
export type RoundingMode = 'trunc' | 'floor' | null;

/** a / b, rounded as `roundingMode` says. */
export function divRounded(a: TensorLike, b: TensorLike, roundingMode: RoundingMode | undefined): Tensor {
  if (roundingMode === undefined || roundingMode === null) return binaryDiv(a, b);
  if (roundingMode === 'floor') return floorDivide(a, b);
  if (roundingMode !== 'trunc') throw new RangeError(`div: roundingMode must be 'trunc', 'floor' or null, got ${JSON.stringify(roundingMode)}`);
  const [x, y] = divisionOperands('div', a, b);
  // an integer kernel's division stores its quotient truncated: the integer result as it is
  return isFloating(x.dtype) ? unaryPrim('trunc', binaryPrim('div', x, y)) : binaryPrim('div', x, y);
}

function binaryDiv(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = realOperands('div', a, b);
  return binaryPrim('div', x, y);
}

/** copysign(a, b): |a| with the sign of b (−0 counts as negative); float. */
export function copysign(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = realOperands('copysign', a, b);
  const negative = y.lt(0).logicalOr(y.eq(0).logicalAnd(y.reciprocal().lt(0)));
  const mag = x.abs();
  return where(negative, mag.neg(), mag);
}

/** log(eᵃ + eᵇ), stable: max(a, b) + log1p(e^−|a−b|), and a itself where a = b = ±inf (PyTorch's formula). */
export function logaddexp(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = realOperands('logaddexp', a, b);
  const r = x.maximum(y).add(x.sub(y).abs().neg().exp().log1p());
  return where(x.eq(y).logicalAnd(x.abs().eq(Infinity)), x, r);
}

/** log2(2ᵃ + 2ᵇ), stable, as {@link logaddexp}. */
export function logaddexp2(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = realOperands('logaddexp2', a, b);
  const r = x.maximum(y).add(exp2(x.sub(y).abs().neg()).log1p().mul(1 / Math.LN2));
  return where(x.eq(y).logicalAnd(x.abs().eq(Infinity)), x, r);
}

/** lerp(start, end, w) = start + w (end − start), from the nearer end as PyTorch (exact at w = 0 and w = 1). */
export function lerp(start: Tensor, end: TensorLike, weight: TensorLike): Tensor {
  const dtype = realDType(resultDType(start, end, weight));
  const [s, e] = broadcastOperands('lerp', [start, end], dtype) as [Tensor, Tensor];
  const diff = e.sub(s);
  if (!(weight instanceof Tensor)) {
    const w = dtype === 'float32' ? Math.fround(Number(weight)) : Number(weight);
    return Math.abs(w) < 0.5 ? s.add(diff.mul(w)) : e.sub(diff.mul(1 - w));
  }
  const w = weight.to(dtype);
  return where(w.abs().lt(0.5), s.add(diff.mul(w)), e.sub(diff.mul(w.neg().add(1))));
}

/**
 * x·log(y), and 0 where x = 0 (unless y is NaN). The gradient is PyTorch's, log(y) for x and x/y
 * for y, except where x = 0 and y is not a positive finite number: there log sees 1 instead of y,
 * so that 0·log(y) is 0 (PyTorch's is NaN for y at x = y = 0; the limit along x = 0 is 0).
 */
export function xlogy(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = realOperands('xlogy', a, b);
  const bad = x.eq(0).logicalAnd(y.gt(0).logicalAnd(y.lt(Infinity)).logicalOr(isnan(y)).logicalNot());
  // + 0 turns the −0 of 0·log(y) for y < 1 into PyTorch's 0
  return x.mul(where(bad, 1, y).log()).add(0);
}

/** sinc(x) = sin(πx)/(πx), 1 at 0. */
export function sinc(x: Tensor): Tensor {
  x = floatInput(x);
  const zero = x.eq(0);
  const p = where(zero, 1, x).mul(Math.PI);
  return where(zero, 1, p.sin().div(p));
}

export const deg2rad = (x: Tensor): Tensor => floatInput(x).mul(Math.PI / 180);
export const rad2deg = (x: Tensor): Tensor => floatInput(x).mul(180 / Math.PI);

/** float32's largest finite value. */
const FLOAT32_MAX = 3.4028234663852886e38;

/** NaN, +inf and −inf replaced by finite values; the gradient flows where x is finite. */
export function nanToNum(x: Tensor, nan = 0, posinf?: number, neginf?: number): Tensor {
  if (!isFloating(x.dtype)) return x.clone();
  const big = x.dtype === 'float32' ? FLOAT32_MAX : Number.MAX_VALUE;
  const inf = where(x.eq(Infinity), posinf ?? big, where(x.eq(-Infinity), neginf ?? -big, x));
  return where(isnan(x), nan, inf);
}

/** heaviside(x, values): 0 where x < 0, `values` where x = 0, 1 where x > 0; no gradient (as PyTorch). */
export function heaviside(x: Tensor, values: TensorLike): Tensor {
  const [a, v] = broadcastOperands('heaviside', [x.detach(), values instanceof Tensor ? values.detach() : values], resultDType(x, values)) as [Tensor, Tensor];
  return where(a.eq(0), v, a.gt(0).to(a.dtype));
}

/** |a − b| ≤ atol + rtol·|b| elementwise (and equal values, infinities included); bool. */
export function isclose(a: Tensor, b: TensorLike, rtol = 1e-5, atol = 1e-8, equalNan = false): Tensor {
  if (!(rtol >= 0)) throw new RangeError(`isclose: rtol must be greater than or equal to zero, got ${rtol}`);
  if (!(atol >= 0)) throw new RangeError(`isclose: atol must be greater than or equal to zero, got ${atol}`);
  const dtype = resultDType(a, b);
  let [x, y] = broadcastOperands('isclose', [a.detach(), b instanceof Tensor ? b.detach() : b], dtype) as [Tensor, Tensor];
  let close = x.eq(y);
  if (equalNan) close = close.logicalOr(isnan(x).logicalAnd(isnan(y)));
  if (dtype === 'bool') [x, y] = [x.to('float32'), y.to('float32')];
  const err = x.sub(y).abs();
  return close.logicalOr(err.isfinite().logicalAnd(err.le(y.mul(rtol).abs().add(atol))));
}
