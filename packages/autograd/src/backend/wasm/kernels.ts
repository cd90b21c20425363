/**
 * The wasm backend's kernels. Each call stages the part of its operands it reads into the kernel
 * memory's arena, runs the SIMD kernel, copies the result into the output array and releases the
 * arena. Elementwise ops and reductions go through in bands of about 32K elements, so that the
 * staged data stays in cache; matrix products are cut into tiles that the calling thread and the
 * helper thread claim from a shared counter.
 *
 * What the SIMD kernels do not cover (small operands, where a call costs more than it saves;
 * int32/bool data; layouts that do not reduce to rows) runs the JS kernels.
 * @module
 */
import type { TypedArray } from '../../dtype.js';
import type { AdamConstants, BinaryOp, CompareOp, ReduceOp, UnaryOp, View } from '../backend.js';
import * as js from '../js/elementwise.js';
import { matmul as jsMatmul } from '../js/matmul.js';
import { adam as jsAdam } from '../js/optim.js';
import { reduce as jsReduce, softmax as jsSoftmax } from '../js/reduce.js';
import { GEMM_NR, getRuntime } from './instance.js';
import type { Kernels } from './instance.js';
import { getMemory } from './memory.js';
import type { KernelMemory } from './memory.js';
import { MAX_TILES, Pool } from './pool.js';
import { rowsOf } from './rows.js';
import type { Rows } from './rows.js';

/** The binary ops with SIMD kernels, by kernel code. */
export const BINARY: Partial<Record<BinaryOp, number>> = { add: 0, sub: 1, mul: 2, div: 3, maximum: 4, minimum: 5 };
/** The unary ops with SIMD kernels, by kernel code. */
export const UNARY: Partial<Record<UnaryOp, number>> = { neg: 0, abs: 1, sqrt: 2, relu: 3, exp: 4 };
export const COMPARE: Record<CompareOp, number> = { eq: 0, ne: 1, lt: 2, le: 3, gt: 4, ge: 5 };

/** Elements below which an elementwise op or reduction runs the JS kernel (a wasm call costs more). */
export const SMALL = 1024;
/** Multiply-adds below which a matmul runs the JS kernel. */
export const SMALL_FMA = 4096;
/** Multiply-adds from which a matmul is shared with the helper thread. */
export const PAR_FMA = 1 << 22;
/** Row tiles a threaded product is cut into (at least 4 rows each, at most 128). */
export const ROW_TILES = 16;
/** Elements per band of an elementwise op (staged operands stay in L2). */
const BAND = 1 << 15;

interface Ctx {
  k: Kernels;
  mem: KernelMemory;
  pool: Pool;
}
let ctx: Ctx | null = null;

/** The runtime, kernel memory and helper pool (created on first use). */
export function context(): Ctx {
  if (ctx === null) {
    const rt = getRuntime();
    const mem = getMemory();
    ctx = { k: rt.kernels, mem, pool: new Pool(rt, mem) };
    ctx.pool.available(); // starts the helper thread now: it takes tens of milliseconds to come up
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

/** 'f32' / 'f64' for float arrays, null for int32 and bool. */
function floatType(a: TypedArray): 'f32' | 'f64' | null {
  return a instanceof Float32Array ? 'f32' : a instanceof Float64Array ? 'f64' : null;
}

function numel(shape: readonly number[]): number {
  let n = 1;
  for (const s of shape) n *= s;
  return n;
}

/** True when every stride is non-negative (what staging copies). */
function forward(v: View): boolean {
  for (const s of v.strides) if (s < 0) return false;
  return true;
}

/** Stages the span of `v` (any non-negative strides); returns the address of its first element. */
function stageView(mem: KernelMemory, v: View): number {
  let extent = 1;
  for (let i = 0; i < v.shape.length; i++) extent += (v.shape[i]! - 1) * v.strides[i]!;
  return mem.stage(v.data, v.offset, extent);
}

/**
 * Runs `body` once per band of a rows-form op, with each operand's band staged. `ops[i]` is
 * operand i's data and start offset; the body gets their addresses, the band's rows and columns,
 * and the output position of the band's first element.
 */
function bands(
  mem: KernelMemory,
  r: Rows,
  ops: readonly { data: TypedArray; offset: number }[],
  body: (ptrs: number[], rows: number, n: number, at: number) => void,
): void {
  const run = (r0: number, rows: number, j0: number, n: number): void => {
    const mark = mem.mark();
    try {
      const ptrs = ops.map((o, i) => {
        const span = (rows - 1) * r.outer[i]! + (n - 1) * r.inner[i]! + 1;
        return mem.stage(o.data, o.offset + r0 * r.outer[i]! + j0 * r.inner[i]!, span);
      });
      body(ptrs, rows, n, r0 * r.n + j0);
    } finally {
      mem.release(mark);
    }
  };
  if (r.rows === 1) {
    for (let j0 = 0; j0 < r.n; j0 += BAND) run(0, 1, j0, Math.min(BAND, r.n - j0));
    return;
  }
  const per = Math.max(1, Math.floor(BAND / r.n));
  for (let r0 = 0; r0 < r.rows; r0 += per) run(r0, Math.min(per, r.rows - r0), 0, r.n);
}

/** Allocates an output band, runs `kernel(outPtr)`, and copies it into `out` at `at`. */
function intoOut(mem: KernelMemory, out: TypedArray, at: number, count: number, kernel: (o: number) => void): void {
  const o = mem.alloc(count * out.BYTES_PER_ELEMENT);
  kernel(o);
  mem.unstage(o, out, at, count);
}

/** Whether two operands of a float op can go to the SIMD kernels: same float type as `out`, forward strides. */
function floatOperands(out: TypedArray, ...vs: View[]): 'f32' | 'f64' | null {
  const t = floatType(vs[0]!.data);
  if (t === null) return null;
  for (const v of vs) if (floatType(v.data) !== t || !forward(v)) return null;
  return out instanceof Uint8Array || floatType(out) === t ? t : null;
}

export function matmul(a: View, b: View, out: TypedArray): void {
  const [B, M, K] = a.shape as [number, number, number];
  const N = b.shape[2]!;
  const t = floatOperands(out, a, b);
  if (t === null || B * M * N * K < SMALL_FMA) return jsMatmul(a, b, out);
  if (B * M * N === 0) return;
  if (K === 0) {
    out.fill(0);
    return;
  }
  const c = context();
  if (B * M * N * K >= PAR_FMA) c.pool.wake();
  const mark = c.mem.mark();
  try {
    const es = out.BYTES_PER_ELEMENT;
    const pa = stageView(c.mem, a);
    const pb = stageView(c.mem, b);
    const po = c.mem.alloc(B * M * N * es);
    const kernel = t === 'f32' ? 'gemm_f32' : 'gemm_f64';
    const [sab, sam, sak] = a.strides as [number, number, number];
    const [sbb, sbk, sbn] = b.strides as [number, number, number];
    if (B * M * N * K < PAR_FMA) {
      for (let i = 0; i < B; i++) c.k[kernel](pa + i * sab * es, sam, sak, pb + i * sbb * es, sbk, sbn, po + i * M * N * es, N, M, N, K, c.mem.workspace);
    } else if (B === 1) {
      // B packed once (its column groups shared out), then blocks of rows against it
      const nr = GEMM_NR[t];
      const packed = c.mem.alloc(K * Math.ceil(N / nr) * nr * es);
      const cols = Math.max(nr, Math.ceil(N / 8 / nr) * nr);
      const rows = Math.min(128, Math.max(4, Math.ceil(M / ROW_TILES / 4) * 4));
      c.pool.gemmPacked(t, pa, sam, sak, pb, sbk, sbn, K, N, cols, packed, po, N, M, rows);
    } else {
      const { mt, nt } = tiling(B, M, N);
      c.pool.gemm({ kernel, es, a: pa, sab, sam, sak, b: pb, sbb, sbk, sbn, c: po, scb: M * N, ldc: N, batch: B, M, N, K, mt, nt });
    }
    c.mem.unstage(po, out, 0, B * M * N);
  } finally {
    c.mem.release(mark);
  }
}

/**
 * Tile sizes for a threaded product: columns in bands of up to 256, rows cut so that there are
 * at least 8 tiles when the product allows (tiles of at least 16 rows), at most 128 rows.
 */
export function tiling(B: number, M: number, N: number): { mt: number; nt: number } {
  const nt = N <= 256 ? N : 256;
  const across = Math.ceil(N / nt);
  const want = Math.max(1, Math.ceil(8 / (B * across)));
  let mt = Math.min(128, Math.max(16, Math.ceil(M / want / 4) * 4));
  // never more tiles than the claim counter holds
  while (B * Math.ceil(M / mt) * across > MAX_TILES) mt *= 2;
  return { mt, nt };
}

export function binary(op: BinaryOp, a: View, b: View, out: TypedArray): void {
  const code = BINARY[op];
  const t = floatOperands(out, a, b);
  if (code === undefined || t === null || out.length < SMALL) return js.binary(op, a, b, out);
  const r = rowsOf(a.shape, [a.strides, b.strides]);
  if (r === null) return js.binary(op, a, b, out);
  const mode = (r.inner[0] === 0 ? 2 : 0) + (r.inner[1] === 0 ? 1 : 0);
  const c = context();
  const f = t === 'f32' ? c.k.bin_f32 : c.k.bin_f64;
  bands(c.mem, r, [a, b], ([pa, pb], rows, n, at) => {
    intoOut(c.mem, out, at, rows * n, (po) => f(code, mode, pa!, pb!, po, rows, n, r.outer[0]!, r.outer[1]!));
  });
}

export function compare(op: CompareOp, a: View, b: View, out: Uint8Array): void {
  const t = floatOperands(out, a, b);
  if (t === null || out.length < SMALL) return js.compare(op, a, b, out);
  const r = rowsOf(a.shape, [a.strides, b.strides]);
  if (r === null) return js.compare(op, a, b, out);
  const mode = (r.inner[0] === 0 ? 2 : 0) + (r.inner[1] === 0 ? 1 : 0);
  const c = context();
  const f = t === 'f32' ? c.k.cmp_f32 : c.k.cmp_f64;
  bands(c.mem, r, [a, b], ([pa, pb], rows, n, at) => {
    intoOut(c.mem, out, at, rows * n, (po) => f(COMPARE[op], mode, pa!, pb!, po, rows, n, r.outer[0]!, r.outer[1]!));
  });
}

export function where(cond: View, a: View, b: View, out: TypedArray): void {
  const t = floatOperands(out, a, b);
  if (t === null || !(cond.data instanceof Uint8Array) || !forward(cond) || out.length < SMALL) return js.where(cond, a, b, out);
  const r = rowsOf(a.shape, [cond.strides, a.strides, b.strides]);
  if (r === null || r.inner[0] !== 1) return js.where(cond, a, b, out);
  const mode = (r.inner[1] === 0 ? 2 : 0) + (r.inner[2] === 0 ? 1 : 0);
  const c = context();
  const f = t === 'f32' ? c.k.where_f32 : c.k.where_f64;
  bands(c.mem, r, [cond, a, b], ([pc, pa, pb], rows, n, at) => {
    intoOut(c.mem, out, at, rows * n, (po) => f(mode, pc!, pa!, pb!, po, rows, n, r.outer[0]!, r.outer[1]!, r.outer[2]!));
  });
}

export function unary(op: UnaryOp, x: View, out: TypedArray): void {
  const code = UNARY[op];
  const t = floatOperands(out, x);
  if (code === undefined || t === null || out.length < SMALL) return js.unary(op, x, out);
  const r = rowsOf(x.shape, [x.strides]);
  if (r === null || r.inner[0] !== 1) return js.unary(op, x, out);
  const c = context();
  const f = t === 'f32' ? c.k.un_f32 : c.k.un_f64;
  bands(c.mem, r, [x], ([px], rows, n, at) => {
    intoOut(c.mem, out, at, rows * n, (po) => f(code, px!, po, rows, n, r.outer[0]!));
  });
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
  const t = floatOperands(out, x);
  const nd = x.shape.length;
  const total = numel(x.shape);
  if ((op !== 'sum' && op !== 'max') || t === null || !isContiguous(x) || axes.length === 0 || total < SMALL) {
    return jsReduce(op, x, axes, out);
  }
  const suffix = axes.every((d, i) => d === nd - axes.length + i);
  const prefix = axes.every((d, i) => d === i);
  if (!suffix && !(prefix && op === 'sum')) return jsReduce(op, x, axes, out);
  const kept = numel(x.shape.filter((_, d) => !axes.includes(d)));
  const reduced = total / kept;
  const c = context();
  if (suffix) {
    // kept rows of `reduced` elements each, in bands of whole rows
    const f = op === 'sum' ? (t === 'f32' ? c.k.sum_rows_f32 : c.k.sum_rows_f64) : t === 'f32' ? c.k.max_rows_f32 : c.k.max_rows_f64;
    const per = Math.max(1, Math.floor(BAND / reduced));
    for (let r0 = 0; r0 < kept; r0 += per) {
      const rows = Math.min(per, kept - r0);
      const mark = c.mem.mark();
      try {
        const px = c.mem.stage(x.data, x.offset + r0 * reduced, rows * reduced);
        intoOut(c.mem, out, r0, rows, (po) => f(px, rows, reduced, reduced, po));
      } finally {
        c.mem.release(mark);
      }
    }
    return;
  }
  // sum over leading dims: `reduced` rows of `kept` columns, in bands of columns
  const f = t === 'f32' ? c.k.sum_cols_f32 : c.k.sum_cols_f64;
  const mark = c.mem.mark();
  try {
    const px = c.mem.stage(x.data, x.offset, total);
    intoOut(c.mem, out, 0, kept, (po) => f(px, reduced, kept, kept, po));
  } finally {
    c.mem.release(mark);
  }
}

export function softmax(op: 'softmax' | 'logSoftmax', x: View, dim: number, out: TypedArray): void {
  const t = floatOperands(out, x);
  const nd = x.shape.length;
  if (t === null || dim !== nd - 1 || !isContiguous(x) || out.length < SMALL) return jsSoftmax(op, x, dim, out);
  const n = x.shape[nd - 1]!;
  const rows = out.length / n;
  const c = context();
  const f = t === 'f32' ? c.k.softmax_rows_f32 : c.k.softmax_rows_f64;
  const per = Math.max(1, Math.floor(BAND / n));
  for (let r0 = 0; r0 < rows; r0 += per) {
    const nr = Math.min(per, rows - r0);
    const mark = c.mem.mark();
    try {
      // the kernel reads and writes whole vectors: 16 bytes past each block are its to use
      const px = c.mem.stage(x.data, x.offset + r0 * n, nr * n, 16);
      const po = c.mem.alloc(nr * n * out.BYTES_PER_ELEMENT + 16);
      f(px, po, nr, n, op === 'logSoftmax' ? 1 : 0);
      c.mem.unstage(po, out, r0 * n, nr * n);
    } finally {
      c.mem.release(mark);
    }
  }
}

export function adam(p: TypedArray, g: TypedArray, m: TypedArray, v: TypedArray, k: AdamConstants): void {
  const t = floatType(p);
  const n = p.length;
  if (t === null || n < SMALL || floatType(g) !== t || floatType(m) !== t || floatType(v) !== t) return jsAdam(p, g, m, v, k);
  const c = context();
  const f = t === 'f32' ? c.k.adam_f32 : c.k.adam_f64;
  for (let i0 = 0; i0 < n; i0 += BAND) {
    const len = Math.min(BAND, n - i0);
    const mark = c.mem.mark();
    try {
      const [pp, pg, pm, pv] = [p, g, m, v].map((a) => c.mem.stage(a, i0, len)) as [number, number, number, number];
      f(pp, pg, pm, pv, len, k.weight, k.fromEnd ? 1 : 0, k.beta2, k.oneMinusBeta2, k.negStepSize, k.bc2Sqrt, k.eps);
      c.mem.unstage(pp, p, i0, len);
      c.mem.unstage(pm, m, i0, len);
      c.mem.unstage(pv, v, i0, len);
    } finally {
      c.mem.release(mark);
    }
  }
}
