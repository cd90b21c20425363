/**
 * The wasm backend's kernels: matmul, elementwise and row/column reductions on 128-bit SIMD,
 * split across the helper thread when large enough. Anything the SIMD kernels do not cover
 * (other ops, int/bool dtypes, layouts that do not coalesce to rows) runs the JS kernels on the
 * same typed arrays: storage is plain typed arrays either way, so no copy is needed.
 * @module
 */
import type { TypedArray } from '../../dtype.js';
import type { BinaryOp, ReduceOp, UnaryOp, View } from '../backend.js';
import * as js from '../js/elementwise.js';
import { matmul as jsMatmul } from '../js/matmul.js';
import { reduce as jsReduce } from '../js/reduce.js';
import { coalesce, rowMajor } from '../js/strided.js';
import { getHeap } from './heap.js';
import type { Heap } from './heap.js';
import { GEMM_WORKSPACE, getRuntime } from './instance.js';
import type { Kernels } from './instance.js';
import { floatType, forwardStrides, Scratch } from './operands.js';
import { Pool } from './pool.js';

const BINARY: Partial<Record<BinaryOp, number>> = { add: 0, sub: 1, mul: 2, div: 3 };
const UNARY: Partial<Record<UnaryOp, number>> = { neg: 0, abs: 1, sqrt: 2, relu: 3 };

/** Multiply-adds above which a matmul is split across threads. */
const PAR_FMA = 1 << 19;
/** Elements above which an elementwise op or reduction is split across threads. */
const PAR_ELEMS = 1 << 17;

interface Ctx {
  k: Kernels;
  heap: Heap;
  pool: Pool;
  ws: number;
}
let ctx: Ctx | null = null;

/** The runtime, heap, helper pool and this thread's gemm workspace (created on first use). */
export function context(): Ctx {
  if (ctx === null) {
    const rt = getRuntime();
    const heap = getHeap();
    ctx = { k: rt.kernels, heap, pool: new Pool(rt, heap), ws: heap.scratch(GEMM_WORKSPACE) };
  }
  return ctx;
}

/**
 * Resolves once the helper thread is running (true), or when it cannot run here or did not come up
 * within `timeoutMs` (false). Starts it if needed. Kernels never wait for it: until it is up they
 * run on the calling thread alone.
 */
export async function helperReady(timeoutMs = 10_000): Promise<boolean> {
  const c = context();
  const t0 = Date.now();
  while (!c.pool.available()) {
    if (!c.pool.usable || Date.now() - t0 > timeoutMs) return false;
    await new Promise((r) => setTimeout(r, 2));
  }
  return true;
}

/** Runs `name(args)` split in two: `first` here and `second` on the helper when one is up, else both here. */
function split(c: Ctx, name: keyof Kernels, first: number[], second: number[]): void {
  const f = c.k[name] as (...a: number[]) => void;
  if (c.pool.available()) c.pool.run(name, second, () => f(...first));
  else {
    f(...first);
    f(...second);
  }
}

export function matmul(a: View, b: View, out: TypedArray): void {
  const t = floatType(out);
  if (t === null || floatType(a.data) !== t || floatType(b.data) !== t || !forwardStrides(a) || !forwardStrides(b)) return jsMatmul(a, b, out);
  const [B, M, K] = a.shape as [number, number, number];
  const N = b.shape[2]!;
  if (B * M * N === 0) return;
  if (K === 0) {
    out.fill(0);
    return;
  }
  const c = context();
  const s = new Scratch(c.heap);
  try {
    const es = out.BYTES_PER_ELEMENT;
    const pa = s.input(a);
    const pb = s.input(b);
    const po = s.output(out);
    const [sab, sam, sak] = a.strides as [number, number, number];
    const [sbb, sbk, sbn] = b.strides as [number, number, number];
    const name = t === 'f32' ? 'gemmb_f32' : 'gemmb_f64';
    const args = (ao: number, bo: number, oo: number, m: number, n: number, batch: number, ws: number): number[] =>
      [pa + ao * es, sab, sam, sak, pb + bo * es, sbb, sbk, sbn, po + oo * es, M * N, N, m, n, K, batch, ws];
    const big = B * M * N * K >= PAR_FMA;
    if (big && B >= 2 && M < 64) {
      const h = B >> 1;
      split(c, name, args(0, 0, 0, M, N, h, c.ws), args(h * sab, h * sbb, h * M * N, M, N, B - h, c.pool.helperWorkspace));
    } else if (big && M >= 16) {
      const h = (M >> 1) & ~3;
      split(c, name, args(0, 0, 0, h, N, B, c.ws), args(h * sam, 0, h * N, M - h, N, B, c.pool.helperWorkspace));
    } else if (big && N >= 32) {
      const h = (N >> 1) & ~7;
      split(c, name, args(0, 0, 0, M, h, B, c.ws), args(0, h * sbn, h, M, N - h, B, c.pool.helperWorkspace));
    } else {
      c.k[name](...(args(0, 0, 0, M, N, B, c.ws) as Parameters<Kernels['gemmb_f32']>));
    }
  } finally {
    s.finish();
  }
}

/** Rows form of an elementwise op: [rows, n] with each operand's row stride and inner stride (0 or 1). */
interface Rows {
  rows: number;
  n: number;
  outer: number[];
  inner: number[];
}

function rowsOf(shape: readonly number[], strides: (readonly number[])[]): Rows | null {
  const c = coalesce(shape, [...strides, rowMajor(shape)]);
  if (c.shape.length > 2) return null;
  const two = c.shape.length === 2;
  const inner = c.strides.map((s) => s[s.length - 1]!);
  if (inner.some((s) => s !== 0 && s !== 1) || inner[inner.length - 1] !== 1) return null;
  return {
    rows: two ? c.shape[0]! : 1,
    n: c.shape[c.shape.length - 1]!,
    outer: c.strides.map((s) => (two ? s[0]! : 0)),
    inner,
  };
}

function numel(shape: readonly number[]): number {
  let n = 1;
  for (const s of shape) n *= s;
  return n;
}

/** Splits a rows-form call in two halves (by rows, or along the one row) and runs it. */
function splitRows(c: Ctx, name: keyof Kernels, head: number[], ptrs: number[], r: Rows, es: number, tail: number[]): void {
  const f = c.k[name] as (...a: number[]) => void;
  const total = r.rows * r.n;
  if (total < PAR_ELEMS || !c.pool.available()) {
    f(...head, ...ptrs, r.rows, r.n, ...tail);
    return;
  }
  let first: number[];
  let second: number[];
  if (r.rows >= 2) {
    const h = r.rows >> 1;
    first = [...head, ...ptrs, h, r.n, ...tail];
    second = [...head, ...ptrs.map((p, i) => p + h * r.outer[i]! * es), r.rows - h, r.n, ...tail];
  } else {
    const h = (r.n >> 1) & ~15;
    first = [...head, ...ptrs, 1, h, ...tail];
    second = [...head, ...ptrs.map((p, i) => p + h * r.inner[i]! * es), 1, r.n - h, ...tail];
  }
  c.pool.run(name, second, () => f(...first));
}

export function binary(op: BinaryOp, a: View, b: View, out: TypedArray): void {
  const code = BINARY[op];
  const t = floatType(out);
  if (code === undefined || t === null || floatType(a.data) !== t || floatType(b.data) !== t || !forwardStrides(a) || !forwardStrides(b)) {
    return js.binary(op, a, b, out);
  }
  if (numel(a.shape) === 0) return;
  const r = rowsOf(a.shape, [a.strides, b.strides]);
  if (r === null || (r.inner[0] === 0 && r.inner[1] === 0)) return js.binary(op, a, b, out);
  const mode = r.inner[1] === 0 ? 1 : r.inner[0] === 0 ? 2 : 0;
  const c = context();
  const s = new Scratch(c.heap);
  try {
    const ptrs = [s.input(a), s.input(b), s.output(out)];
    const es = out.BYTES_PER_ELEMENT;
    // the kernel's arguments: op, mode, a, b, o, rows, n, sar, sbr
    splitRows(c, t === 'f32' ? 'bin_f32' : 'bin_f64', [code, mode], ptrs, r, es, [r.outer[0]!, r.outer[1]!]);
  } finally {
    s.finish();
  }
}

export function unary(op: UnaryOp, x: View, out: TypedArray): void {
  const code = UNARY[op];
  const t = floatType(out);
  if (code === undefined || t === null || floatType(x.data) !== t || !forwardStrides(x)) return js.unary(op, x, out);
  if (numel(x.shape) === 0) return;
  const r = rowsOf(x.shape, [x.strides]);
  if (r === null || r.inner[0] !== 1) return js.unary(op, x, out);
  const c = context();
  const s = new Scratch(c.heap);
  try {
    const ptrs = [s.input(x), s.output(out)];
    splitRows(c, t === 'f32' ? 'un_f32' : 'un_f64', [code], ptrs, r, out.BYTES_PER_ELEMENT, [r.outer[0]!]);
  } finally {
    s.finish();
  }
}

function isContiguous(x: View): boolean {
  let expected = 1;
  for (let d = x.shape.length - 1; d >= 0; d--) {
    if (x.shape[d] !== 1 && x.strides[d] !== expected) return false;
    expected *= x.shape[d]!;
  }
  return true;
}

export function reduce(op: ReduceOp, x: View, axes: readonly number[], out: TypedArray): void {
  const t = floatType(out);
  const nd = x.shape.length;
  if ((op !== 'sum' && op !== 'max') || t === null || floatType(x.data) !== t || !isContiguous(x) || axes.length === 0) {
    return jsReduce(op, x, axes, out);
  }
  const suffix = axes.every((d, i) => d === nd - axes.length + i);
  const prefix = axes.every((d, i) => d === i);
  if (!suffix && !(prefix && op === 'sum')) return jsReduce(op, x, axes, out);
  const kept = numel(x.shape.filter((_, d) => !axes.includes(d)));
  const reduced = numel(axes.map((d) => x.shape[d]!));
  if (kept === 0) return;
  const c = context();
  const s = new Scratch(c.heap);
  try {
    const px = s.input(x);
    const po = s.output(out);
    const es = out.BYTES_PER_ELEMENT;
    if (suffix) {
      // kept rows of `reduced` elements each
      const name = op === 'sum' ? (t === 'f32' ? 'sum_rows_f32' : 'sum_rows_f64') : t === 'f32' ? 'max_rows_f32' : 'max_rows_f64';
      const f = c.k[name];
      if (kept >= 2 && kept * reduced >= PAR_ELEMS && c.pool.available()) {
        const h = kept >> 1;
        c.pool.run(name, [px + h * reduced * es, kept - h, reduced, reduced, po + h * es], () => f(px, h, reduced, reduced, po));
      } else f(px, kept, reduced, reduced, po);
    } else {
      // sum over leading dims: `reduced` rows of `kept` columns
      const f = c.k[t === 'f32' ? 'sum_cols_f32' : 'sum_cols_f64'];
      const name = t === 'f32' ? 'sum_cols_f32' : 'sum_cols_f64';
      if (kept >= 64 && kept * reduced >= PAR_ELEMS && c.pool.available()) {
        const h = (kept >> 1) & ~15;
        c.pool.run(name, [px + h * es, reduced, kept - h, kept, po + h * es], () => f(px, reduced, h, kept, po));
      } else f(px, reduced, kept, kept, po);
    }
  } finally {
    s.finish();
  }
}
