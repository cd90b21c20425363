/**
 * The wasm lowering: steps that call the SIMD kernels on pointers into the kernel memory, where
 * the plan put every buffer. Each node gets the kernel the wasm backend would choose for the op
 * alone (same size thresholds, same layouts, same helper-thread split for large products), so the
 * results are the same bits, but nothing is staged in or copied out: a step is one kernel call
 * with its arguments computed at lowering. Nodes the SIMD kernels do not cover are left to the
 * backend (which runs its JS kernels on them, as eager mode does).
 * @module
 */
import type { CompareOp } from '../backend/backend.js';
import { GEMM_NR } from '../backend/wasm/instance.js';
import { BINARY, COMPARE, context, PAR_FMA, ROW_TILES, SMALL, SMALL_FMA, tiling, UNARY } from '../backend/wasm/kernels.js';
import { rowsOf } from '../backend/wasm/rows.js';
import { bytesOf } from './heap.js';
import type { Block } from './heap.js';
import { fusedStep } from './fusion.js';
import type { Chain } from './fusion.js';
import type { Graph, GraphNode, GraphValue } from './ir.js';
import type { Special, Step, StepContext } from './lower.js';
import type { Homes } from './plan.js';

function numel(shape: readonly number[]): number {
  let n = 1;
  for (const s of shape) n *= s;
  return n;
}

function isContiguous(v: GraphValue): boolean {
  let expected = 1;
  for (let d = v.shape.length - 1; d >= 0; d--) {
    if (v.shape[d] !== 1 && v.strides[d] !== expected) return false;
    expected *= v.shape[d]!;
  }
  return true;
}

const isFloat = (v: GraphValue): boolean => v.dtype === 'float32' || v.dtype === 'float64';
const forward = (v: GraphValue): boolean => v.strides.every((s) => s >= 0);

/**
 * The wasm steps of `g` over `homes` (null for nodes left to the backend); chains of elementwise
 * nodes run fused (when `fuse`). Blocks the steps need (fused registers) are handed to `keep`.
 */
export function wasmSpecial(g: Graph, homes: Homes, ctx: StepContext, chains: readonly Chain[], keep: (b: Block) => void): Special {
  const c = context();
  const inChain = new Map<number, Step | 'fused'>();
  for (const chain of chains) {
    const last = chain.nodes[chain.nodes.length - 1]!;
    for (const i of chain.nodes) inChain.set(i, 'fused');
    inChain.set(last, fusedStep(g, homes, chain, keep));
  }
  const k = c.k;
  const val = (id: number): GraphValue => g.values[id]!;
  /** Byte address of a value's first element. */
  const ptr = (id: number): number => {
    const v = val(id);
    return homes.ptrs[v.buffer]! + v.offset * bytesOf(v.dtype);
  };
  /** 'f32' / 'f64' when every operand is of the output's float type with forward strides, as the backend requires. */
  const floatType = (out: GraphValue, ins: readonly GraphValue[]): 'f32' | 'f64' | null => {
    const t = ins[0]!.dtype;
    if (t !== 'float32' && t !== 'float64') return null;
    for (const v of ins) if (v.dtype !== t || !forward(v)) return null;
    return out.dtype === 'bool' || out.dtype === t ? (t === 'float32' ? 'f32' : 'f64') : null;
  };

  return (node: GraphNode, index: number): Step | null | 'fused' => {
    const chained = inChain.get(index);
    if (chained !== undefined) return chained;
    const op = node.op;
    if (node.output === null) return inPlace(node);
    const out = val(node.output);
    const ins = node.inputs.map(val);
    const po = ptr(node.output);
    const n = numel(out.shape);
    if (op in BINARY) {
      const code = BINARY[op as keyof typeof BINARY]!;
      const t = floatType(out, ins);
      if (t === null || n < SMALL) return null;
      const r = rowsOf(ins[0]!.shape, [ins[0]!.strides, ins[1]!.strides]);
      if (r === null) return null;
      const mode = (r.inner[0] === 0 ? 2 : 0) + (r.inner[1] === 0 ? 1 : 0);
      const f = t === 'f32' ? k.bin_f32 : k.bin_f64;
      const [pa, pb] = [ptr(node.inputs[0]!), ptr(node.inputs[1]!)];
      const { rows, n: cols } = r;
      const [sar, sbr] = r.outer as [number, number];
      return () => f(code, mode, pa, pb, po, rows, cols, sar, sbr);
    }
    if (op in UNARY) {
      const code = UNARY[op as keyof typeof UNARY]!;
      const t = floatType(out, ins);
      if (t === null || n < SMALL) return null;
      const r = rowsOf(ins[0]!.shape, [ins[0]!.strides]);
      if (r === null || r.inner[0] !== 1) return null;
      const f = t === 'f32' ? k.un_f32 : k.un_f64;
      const px = ptr(node.inputs[0]!);
      const { rows, n: cols } = r;
      const sxr = r.outer[0]!;
      return () => f(code, px, po, rows, cols, sxr);
    }
    if (op in COMPARE) {
      const t = floatType(out, ins);
      if (t === null || n < SMALL) return null;
      const r = rowsOf(ins[0]!.shape, [ins[0]!.strides, ins[1]!.strides]);
      if (r === null) return null;
      const mode = (r.inner[0] === 0 ? 2 : 0) + (r.inner[1] === 0 ? 1 : 0);
      const f = t === 'f32' ? k.cmp_f32 : k.cmp_f64;
      const code = COMPARE[op as CompareOp];
      const [pa, pb] = [ptr(node.inputs[0]!), ptr(node.inputs[1]!)];
      const { rows, n: cols } = r;
      const [sar, sbr] = r.outer as [number, number];
      return () => f(code, mode, pa, pb, po, rows, cols, sar, sbr);
    }
    switch (op) {
      case 'where': {
        const [cond, a, b] = ins as [GraphValue, GraphValue, GraphValue];
        const t = floatType(out, [a, b]);
        if (t === null || cond.dtype !== 'bool' || !forward(cond) || n < SMALL) return null;
        const r = rowsOf(a.shape, [cond.strides, a.strides, b.strides]);
        if (r === null || r.inner[0] !== 1) return null;
        const mode = (r.inner[1] === 0 ? 2 : 0) + (r.inner[2] === 0 ? 1 : 0);
        const f = t === 'f32' ? k.where_f32 : k.where_f64;
        const [pc, pa, pb] = node.inputs.map(ptr) as [number, number, number];
        const { rows, n: cols } = r;
        const [scr, sar, sbr] = r.outer as [number, number, number];
        return () => f(mode, pc, pa, pb, po, rows, cols, scr, sar, sbr);
      }
      case 'sum':
      case 'amax':
        return reduce(node, op === 'sum' ? 'sum' : 'max', ins[0]!, out, po);
      case 'softmax':
      case 'logSoftmax': {
        const x = ins[0]!;
        const t = floatType(out, [x]);
        const nd = x.shape.length;
        if (t === null || node.attrs.dim !== nd - 1 || !isContiguous(x) || n < SMALL) return null;
        const cols = x.shape[nd - 1]!;
        const rows = n / cols;
        const f = t === 'f32' ? k.softmax_rows_f32 : k.softmax_rows_f64;
        const px = ptr(node.inputs[0]!);
        const log = op === 'logSoftmax' ? 1 : 0;
        return () => f(px, po, rows, cols, log);
      }
      case 'matmul':
        return matmul(node, ins[0]!, ins[1]!, out, po);
      case 'gather':
        return gather(node, ins[0]!, ins[1]!, out, po);
      case 'scatterAdd':
        return scatterAdd(node, ins[0]!, ins[1]!, ins[2]!, out, po);
      case 'argmax': {
        const x = ins[0]!;
        const axis = node.attrs.axis as number;
        const cols = x.shape[axis]!;
        if (axis !== x.shape.length - 1 || cols === 0 || n * cols < SMALL || !isFloat(x) || !isContiguous(x)) return null;
        const f = x.dtype === 'float32' ? k.argmax_rows_f32 : k.argmax_rows_f64;
        const px = ptr(node.inputs[0]!);
        return () => f(px, n, cols, po);
      }
      default:
        return null;
    }
  };

  function inPlace(node: GraphNode): Step | null {
    if (node.op === 'adam') {
      const p = val(node.inputs[0]!);
      const n = numel(p.shape);
      const vs = node.inputs.map(val);
      if (!isFloat(p) || n < SMALL || vs.some((v) => v.dtype !== p.dtype)) return null;
      const f = p.dtype === 'float32' ? k.adam_f32 : k.adam_f64;
      const [pp, pg, pm, pv] = node.inputs.map(ptr) as [number, number, number, number];
      const index = node.attrs.constants as number;
      return () => {
        const a = ctx.adam[index]!;
        f(pp, pg, pm, pv, n, a.weight, a.fromEnd ? 1 : 0, a.beta2, a.oneMinusBeta2, a.negStepSize, a.bc2Sqrt, a.eps);
      };
    }
    if (!(node.op in BINARY)) return null;
    // dst ← dst op other: the binary kernel with dst as both an operand and the output (as Tensor._update)
    const dst = val(node.inputs[0]!);
    const other = val(node.inputs[1]!);
    const code = BINARY[node.op as keyof typeof BINARY]!;
    const t = floatType(dst, [dst, other]);
    if (t === null || numel(dst.shape) < SMALL) return null;
    const r = rowsOf(dst.shape, [dst.strides, other.strides]);
    if (r === null) return null;
    const mode = (r.inner[0] === 0 ? 2 : 0) + (r.inner[1] === 0 ? 1 : 0);
    const f = t === 'f32' ? k.bin_f32 : k.bin_f64;
    const [pa, pb] = [ptr(node.inputs[0]!), ptr(node.inputs[1]!)];
    const { rows, n: cols } = r;
    const [sar, sbr] = r.outer as [number, number];
    return () => f(code, mode, pa, pb, pa, rows, cols, sar, sbr);
  }

  function reduce(node: GraphNode, op: 'sum' | 'max', x: GraphValue, out: GraphValue, po: number): Step | null {
    const axes = node.attrs.axes as number[];
    const nd = x.shape.length;
    const total = numel(x.shape);
    const t = floatType(out, [x]);
    if (t === null || !isContiguous(x) || axes.length === 0 || total < SMALL) return null;
    const suffix = axes.every((d, i) => d === nd - axes.length + i);
    const prefix = axes.every((d, i) => d === i);
    if (!suffix && !(prefix && op === 'sum')) return null;
    const kept = numel(out.shape);
    const reduced = total / kept;
    const px = ptr(node.inputs[0]!);
    if (suffix) {
      const f = op === 'sum' ? (t === 'f32' ? k.sum_rows_f32 : k.sum_rows_f64) : t === 'f32' ? k.max_rows_f32 : k.max_rows_f64;
      return () => f(px, kept, reduced, reduced, po);
    }
    const f = t === 'f32' ? k.sum_cols_f32 : k.sum_cols_f64;
    return () => f(px, reduced, kept, kept, po);
  }

  function matmul(node: GraphNode, a: GraphValue, b: GraphValue, out: GraphValue, po: number): Step | null {
    const [B, M, K] = a.shape as [number, number, number];
    const N = b.shape[2]!;
    const t = floatType(out, [a, b]);
    if (t === null || B * M * N * K < SMALL_FMA) return null;
    if (B * M * N === 0) return () => undefined;
    const es = t === 'f32' ? 4 : 8;
    if (K === 0) {
      const o = homes.arrays[out.buffer]!;
      return () => o.fill(0);
    }
    const pa = ptr(node.inputs[0]!);
    const pb = ptr(node.inputs[1]!);
    const kernel = t === 'f32' ? 'gemm_f32' : 'gemm_f64';
    const [sab, sam, sak] = a.strides as [number, number, number];
    const [sbb, sbk, sbn] = b.strides as [number, number, number];
    const ws = c.mem.workspace;
    if (B * M * N * K < PAR_FMA) {
      const f = k[kernel];
      return () => {
        for (let i = 0; i < B; i++) f(pa + i * sab * es, sam, sak, pb + i * sbb * es, sbk, sbn, po + i * M * N * es, N, M, N, K, ws);
      };
    }
    if (B === 1) {
      // B packed once into scratch (its column groups shared out), then blocks of rows against it
      const nr = GEMM_NR[t];
      const bytes = K * Math.ceil(N / nr) * nr * es;
      const cols = Math.max(nr, Math.ceil(N / 8 / nr) * nr);
      const rows = Math.min(128, Math.max(4, Math.ceil(M / ROW_TILES / 4) * 4));
      return () => {
        c.pool.wake();
        const mark = c.mem.mark();
        try {
          const packed = c.mem.alloc(bytes);
          c.pool.gemmPacked(t, pa, sam, sak, pb, sbk, sbn, K, N, cols, packed, po, N, M, rows);
        } finally {
          c.mem.release(mark);
        }
      };
    }
    const { mt, nt } = tiling(B, M, N);
    const job = { kernel, es, a: pa, sab, sam, sak, b: pb, sbb, sbk, sbn, c: po, scb: M * N, ldc: N, batch: B, M, N, K, mt, nt } as const;
    return () => {
      c.pool.wake();
      c.pool.gemm(job);
    };
  }

  /**
   * The index list(s) when `index` indexes the last dim of `like` row by row (one list shared by
   * every row, or one per row), as the backend's row-wise gather and scatter-add take them.
   */
  function rowIndex(index: GraphValue, like: readonly number[], dim: number): { count: number; sir: number } | null {
    const nd = index.shape.length;
    if (dim !== nd - 1 || like.length !== nd || index.dtype !== 'int32') return null;
    const kk = index.shape[nd - 1]!;
    if (kk > 1 && index.strides[nd - 1] !== 1) return null;
    let shared = true;
    let own = true;
    let expected = kk;
    for (let d = nd - 2; d >= 0; d--) {
      const size = index.shape[d]!;
      if (size !== like[d]) return null;
      if (size === 1) continue;
      if (index.strides[d] !== 0) shared = false;
      if (index.strides[d] !== expected) own = false;
      expected *= size;
    }
    if (shared) return { count: kk, sir: 0 };
    if (own) return { count: expected, sir: kk };
    return null;
  }

  /** Throws the backend's error for an index out of [0, size). */
  function checkIndices(ids: Int32Array, size: number, op: string, dim: number): void {
    for (let i = 0; i < ids.length; i++) {
      const v = ids[i]!;
      if (!(v >= 0 && v < size)) throw new RangeError(`${op}: index ${v} is out of bounds for dim ${dim} with size ${size}`);
    }
  }

  function gather(node: GraphNode, x: GraphValue, index: GraphValue, out: GraphValue, po: number): Step | null {
    const dim = node.attrs.dim as number;
    const n = numel(out.shape);
    if (n < SMALL || !isFloat(x) || x.dtype !== out.dtype || !isContiguous(x)) return null;
    const ri = rowIndex(index, x.shape, dim);
    if (ri === null) return null;
    const kk = index.shape[dim]!;
    const size = x.shape[dim]!;
    const rows = n / kk;
    const f = x.dtype === 'float32' ? k.gather_rows_f32 : k.gather_rows_f64;
    const px = ptr(node.inputs[0]!);
    const pi = ptr(node.inputs[1]!);
    const ids = homes.arrays[index.buffer]!.subarray(index.offset, index.offset + ri.count) as Int32Array;
    const sir = ri.sir;
    return () => {
      checkIndices(ids, size, 'gather', dim);
      f(px, size, pi, kk, sir, po, rows);
    };
  }

  function scatterAdd(node: GraphNode, base: GraphValue, index: GraphValue, src: GraphValue, out: GraphValue, po: number): Step | null {
    const dim = node.attrs.dim as number;
    const ok = g.buffers[src.buffer]!.numel >= SMALL && isFloat(out) && src.dtype === out.dtype && base.dtype === out.dtype && isContiguous(src) && isContiguous(base);
    const ri = ok ? rowIndex(index, out.shape, dim) : null;
    if (ri === null || src.shape.some((s, d) => s !== index.shape[d])) return null;
    const size = out.shape[dim]!;
    const kk = index.shape[dim]!;
    const total = numel(out.shape);
    const rows = total / size;
    const f = out.dtype === 'float32' ? k.scatter_rows_f32 : k.scatter_rows_f64;
    const dst = homes.arrays[out.buffer]!.subarray(out.offset, out.offset + total);
    const from = homes.arrays[base.buffer]!.subarray(base.offset, base.offset + total);
    const pi = ptr(node.inputs[1]!);
    const ps = ptr(node.inputs[2]!);
    const ids = homes.arrays[index.buffer]!.subarray(index.offset, index.offset + ri.count) as Int32Array;
    const sir = ri.sir;
    return () => {
      dst.set(from);
      checkIndices(ids, size, 'scatterAdd', dim);
      f(po, size, pi, kk, sir, ps, rows);
    };
  }
}
