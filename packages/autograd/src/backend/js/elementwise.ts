/**
 * Elementwise JS kernels: unary, binary, comparisons, where and copy (with dtype conversion).
 * @module
 */
import type { TypedArray } from '../../dtype.js';
import type { BinaryOp, CompareOp, UnaryOp, View } from '../backend.js';
import { erf, floorDivide, roundHalfEven, sigmoid } from './math.js';
import { forEachRow, rowMajor } from './strided.js';

const unaryFns: Record<UnaryOp, (x: number) => number> = {
  neg: (x) => -x,
  exp: Math.exp,
  log: Math.log,
  sin: Math.sin,
  cos: Math.cos,
  sqrt: Math.sqrt,
  abs: Math.abs,
  tanh: Math.tanh,
  sigmoid,
  relu: (x) => (x > 0 ? x : x !== x ? x : 0),
  log1p: Math.log1p,
  erf,
  sign: (x) => (x > 0 ? 1 : x < 0 ? -1 : x === 0 ? 0 : NaN),
  tan: Math.tan,
  asin: Math.asin,
  acos: Math.acos,
  atan: Math.atan,
  sinh: Math.sinh,
  cosh: Math.cosh,
  asinh: Math.asinh,
  acosh: Math.acosh,
  atanh: Math.atanh,
  log2: Math.log2,
  log10: Math.log10,
  exp2: (x) => 2 ** x,
  expm1: Math.expm1,
  floor: Math.floor,
  ceil: Math.ceil,
  round: roundHalfEven,
  trunc: Math.trunc,
  // integer data only (bool's is logical not, done as a comparison)
  bitwiseNot: (x) => ~x,
};

const binaryFns: Record<BinaryOp, (a: number, b: number) => number> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  pow: Math.pow,
  maximum: (a, b) => (a > b || a !== a ? a : b !== b ? b : a === b ? a : b),
  minimum: (a, b) => (a < b || a !== a ? a : b !== b ? b : a === b ? a : b),
  atan2: Math.atan2,
  hypot: Math.hypot,
  // C's fmod (the remainder takes the dividend's sign)
  fmod: (a, b) => a % b,
  floorDivide,
  // integer and bool data only; a shift by n shifts by n mod 32, as C on x86 (where PyTorch runs)
  bitwiseAnd: (a, b) => a & b,
  bitwiseOr: (a, b) => a | b,
  bitwiseXor: (a, b) => a ^ b,
  bitwiseLeftShift: (a, b) => a << b,
  bitwiseRightShift: (a, b) => a >> b,
};

const compareFns: Record<CompareOp, (a: number, b: number) => boolean> = {
  eq: (a, b) => a === b,
  ne: (a, b) => a !== b,
  lt: (a, b) => a < b,
  le: (a, b) => a <= b,
  gt: (a, b) => a > b,
  ge: (a, b) => a >= b,
};

/** The start of `v`'s elements when they are contiguous and row-major, else -1. */
export function contiguousStart(v: View): number {
  let expected = 1;
  for (let d = v.shape.length - 1; d >= 0; d--) {
    const s = v.shape[d]!;
    if (s !== 1 && v.strides[d] !== expected) return -1;
    expected *= s;
  }
  return v.offset;
}

/** The element of a view whose strides are all 0 (a broadcast scalar), else undefined. */
function scalarOf(v: View): number | undefined {
  for (const s of v.strides) if (s !== 0) return undefined;
  return v.data[v.offset];
}

// Loops over contiguous data, one per op, so that each stays small and monomorphic in the op.
function unaryContiguous(op: UnaryOp, xd: TypedArray, xo: number, out: TypedArray, n: number): void {
  switch (op) {
    case 'neg':
      for (let i = 0; i < n; i++) out[i] = -xd[xo + i]!;
      return;
    case 'relu':
      for (let i = 0; i < n; i++) {
        const v = xd[xo + i]!;
        out[i] = v > 0 || v !== v ? v : 0;
      }
      return;
    case 'exp':
      for (let i = 0; i < n; i++) out[i] = Math.exp(xd[xo + i]!);
      return;
    case 'log':
      for (let i = 0; i < n; i++) out[i] = Math.log(xd[xo + i]!);
      return;
    case 'sqrt':
      for (let i = 0; i < n; i++) out[i] = Math.sqrt(xd[xo + i]!);
      return;
    case 'abs':
      for (let i = 0; i < n; i++) out[i] = Math.abs(xd[xo + i]!);
      return;
    case 'tanh':
      for (let i = 0; i < n; i++) out[i] = Math.tanh(xd[xo + i]!);
      return;
    default: {
      const f = unaryFns[op];
      for (let i = 0; i < n; i++) out[i] = f(xd[xo + i]!);
    }
  }
}

export function unary(op: UnaryOp, x: View, out: TypedArray): void {
  const xo = contiguousStart(x);
  if (xo >= 0) return unaryContiguous(op, x.data, xo, out, out.length);
  const f = unaryFns[op];
  const xd = x.data;
  forEachRow(x.shape, [x.strides, rowMajor(x.shape)], [x.offset, 0], (offs, n, inner) => {
    let xi = offs[0]!;
    let oi = offs[1]!;
    const xs = inner[0]!;
    for (let i = 0; i < n; i++, xi += xs) out[oi++] = f(xd[xi]!);
  });
}

// a op b over n elements: a from ao (step as: 0 or 1), b from bo (step bs), into out from oo.
function binaryRow(op: BinaryOp, ad: TypedArray, ai: number, as: number, bd: TypedArray, bi: number, bs: number, out: TypedArray, oi: number, n: number): void {
  if (as === 1 && bs === 0) {
    const b = bd[bi]!;
    switch (op) {
      case 'add':
        for (let i = 0; i < n; i++) out[oi + i] = ad[ai + i]! + b;
        return;
      case 'sub':
        for (let i = 0; i < n; i++) out[oi + i] = ad[ai + i]! - b;
        return;
      case 'mul':
        for (let i = 0; i < n; i++) out[oi + i] = ad[ai + i]! * b;
        return;
      case 'div':
        for (let i = 0; i < n; i++) out[oi + i] = ad[ai + i]! / b;
        return;
    }
  } else if (as === 1 && bs === 1) {
    switch (op) {
      case 'add':
        for (let i = 0; i < n; i++) out[oi + i] = ad[ai + i]! + bd[bi + i]!;
        return;
      case 'sub':
        for (let i = 0; i < n; i++) out[oi + i] = ad[ai + i]! - bd[bi + i]!;
        return;
      case 'mul':
        for (let i = 0; i < n; i++) out[oi + i] = ad[ai + i]! * bd[bi + i]!;
        return;
      case 'div':
        for (let i = 0; i < n; i++) out[oi + i] = ad[ai + i]! / bd[bi + i]!;
        return;
    }
  }
  switch (op) {
    case 'add':
      for (let i = 0; i < n; i++, ai += as, bi += bs) out[oi++] = ad[ai]! + bd[bi]!;
      return;
    case 'sub':
      for (let i = 0; i < n; i++, ai += as, bi += bs) out[oi++] = ad[ai]! - bd[bi]!;
      return;
    case 'mul':
      for (let i = 0; i < n; i++, ai += as, bi += bs) out[oi++] = ad[ai]! * bd[bi]!;
      return;
    case 'div':
      for (let i = 0; i < n; i++, ai += as, bi += bs) out[oi++] = ad[ai]! / bd[bi]!;
      return;
    default: {
      const f = binaryFns[op];
      for (let i = 0; i < n; i++, ai += as, bi += bs) out[oi++] = f(ad[ai]!, bd[bi]!);
    }
  }
}

export function binary(op: BinaryOp, a: View, b: View, out: TypedArray): void {
  const ao = contiguousStart(a);
  if (ao >= 0) {
    const bo = contiguousStart(b);
    if (bo >= 0) return binaryRow(op, a.data, ao, 1, b.data, bo, 1, out, 0, out.length);
    if (scalarOf(b) !== undefined) return binaryRow(op, a.data, ao, 1, b.data, b.offset, 0, out, 0, out.length);
  }
  const ad = a.data;
  const bd = b.data;
  forEachRow(a.shape, [a.strides, b.strides, rowMajor(a.shape)], [a.offset, b.offset, 0], (offs, n, inner) => {
    binaryRow(op, ad, offs[0]!, inner[0]!, bd, offs[1]!, inner[1]!, out, offs[2]!, n);
  });
}

export function compare(op: CompareOp, a: View, b: View, out: Uint8Array): void {
  const f = compareFns[op];
  const ad = a.data;
  const bd = b.data;
  forEachRow(a.shape, [a.strides, b.strides, rowMajor(a.shape)], [a.offset, b.offset, 0], (offs, n, inner) => {
    let ai = offs[0]!;
    let bi = offs[1]!;
    let oi = offs[2]!;
    const as = inner[0]!;
    const bs = inner[1]!;
    for (let i = 0; i < n; i++, ai += as, bi += bs) out[oi++] = f(ad[ai]!, bd[bi]!) ? 1 : 0;
  });
}

export function where(cond: View, a: View, b: View, out: TypedArray): void {
  const cd = cond.data;
  const ad = a.data;
  const bd = b.data;
  forEachRow(
    a.shape,
    [cond.strides, a.strides, b.strides, rowMajor(a.shape)],
    [cond.offset, a.offset, b.offset, 0],
    (offs, n, inner) => {
      let ci = offs[0]!;
      let ai = offs[1]!;
      let bi = offs[2]!;
      let oi = offs[3]!;
      const [cs, as, bs] = inner as [number, number, number];
      for (let i = 0; i < n; i++, ci += cs, ai += as, bi += bs) out[oi++] = cd[ci] ? ad[ai]! : bd[bi]!;
    },
  );
}

export function copy(x: View, out: TypedArray): void {
  const xd = x.data;
  forEachRow(x.shape, [x.strides, rowMajor(x.shape)], [x.offset, 0], (offs, n, inner) => {
    let xi = offs[0]!;
    let oi = offs[1]!;
    const xs = inner[0]!;
    if (xs === 1) out.set(xd.subarray(xi, xi + n), oi);
    else for (let i = 0; i < n; i++, xi += xs) out[oi++] = xd[xi]!;
  });
}

export function assign(dst: View, src: View): void {
  const dd = dst.data;
  const sd = src.data;
  const d0 = contiguousStart(dst);
  const s0 = contiguousStart(src);
  if (d0 >= 0 && s0 >= 0 && dd.constructor === sd.constructor) {
    let n = 1;
    for (const s of src.shape) n *= s;
    if (n > 0) dd.set(sd.subarray(s0, s0 + n), d0);
    return;
  }
  forEachRow(src.shape, [dst.strides, src.strides], [dst.offset, src.offset], (offs, n, inner) => {
    let di = offs[0]!;
    let si = offs[1]!;
    const [ds, ss] = inner as [number, number];
    for (let i = 0; i < n; i++, di += ds, si += ss) dd[di] = sd[si]!;
  });
}
