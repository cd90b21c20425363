/**
 * Elementwise JS kernels: unary, binary, comparisons, where and copy (with dtype conversion).
 * @module
 */
import type { TypedArray } from '../../dtype.js';
import type { BinaryOp, CompareOp, UnaryOp, View } from '../backend.js';
import { erf, sigmoid } from './math.js';
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
};

const binaryFns: Record<BinaryOp, (a: number, b: number) => number> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  pow: Math.pow,
  maximum: (a, b) => (a > b || a !== a ? a : b !== b ? b : a === b ? a : b),
  minimum: (a, b) => (a < b || a !== a ? a : b !== b ? b : a === b ? a : b),
};

const compareFns: Record<CompareOp, (a: number, b: number) => boolean> = {
  eq: (a, b) => a === b,
  ne: (a, b) => a !== b,
  lt: (a, b) => a < b,
  le: (a, b) => a <= b,
  gt: (a, b) => a > b,
  ge: (a, b) => a >= b,
};

export function unary(op: UnaryOp, x: View, out: TypedArray): void {
  const f = unaryFns[op];
  const xd = x.data;
  forEachRow(x.shape, [x.strides, rowMajor(x.shape)], [x.offset, 0], (offs, n, inner) => {
    let xi = offs[0]!;
    let oi = offs[1]!;
    const xs = inner[0]!;
    if (op === 'relu') {
      for (let i = 0; i < n; i++, xi += xs) {
        const v = xd[xi]!;
        out[oi++] = v > 0 ? v : v !== v ? v : 0;
      }
      return;
    }
    for (let i = 0; i < n; i++, xi += xs) out[oi++] = f(xd[xi]!);
  });
}

export function binary(op: BinaryOp, a: View, b: View, out: TypedArray): void {
  const ad = a.data;
  const bd = b.data;
  forEachRow(a.shape, [a.strides, b.strides, rowMajor(a.shape)], [a.offset, b.offset, 0], (offs, n, inner) => {
    let ai = offs[0]!;
    let bi = offs[1]!;
    let oi = offs[2]!;
    const as = inner[0]!;
    const bs = inner[1]!;
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
  const toBool = out instanceof Uint8Array;
  forEachRow(x.shape, [x.strides, rowMajor(x.shape)], [x.offset, 0], (offs, n, inner) => {
    let xi = offs[0]!;
    let oi = offs[1]!;
    const xs = inner[0]!;
    if (toBool) for (let i = 0; i < n; i++, xi += xs) out[oi++] = xd[xi] ? 1 : 0;
    else if (xs === 1) out.set(xd.subarray(xi, xi + n), oi);
    else for (let i = 0; i < n; i++, xi += xs) out[oi++] = xd[xi]!;
  });
}

export function assign(dst: View, src: View): void {
  const dd = dst.data;
  const sd = src.data;
  forEachRow(src.shape, [dst.strides, src.strides], [dst.offset, src.offset], (offs, n, inner) => {
    let di = offs[0]!;
    let si = offs[1]!;
    const [ds, ss] = inner as [number, number];
    for (let i = 0; i < n; i++, di += ds, si += ss) dd[di] = sd[si]!;
  });
}
