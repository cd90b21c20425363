/**
 * Fused elementwise chains in a compiled program (wasm): consecutive elementwise nodes of one
 * shape and float dtype (unary and binary ops, `where`) run as one step that walks the output in
 * chunks of about 4K elements and runs every node on the chunk before moving on, so the chain
 * reads and writes memory once instead of once per node. A value that only the chain reads lives
 * in a chunk-sized register (in cache), never in a buffer of its own; a value read after the
 * chain is also written to its buffer.
 *
 * Each node runs the kernel the op alone would run (the SIMD kernel where the backend has it at
 * this size, else the JS kernel on the chunk), so the results are the same bits as unfused.
 * @module
 */
import type { BinaryOp, UnaryOp, View } from '../backend/backend.js';
import * as js from '../backend/js/elementwise.js';
import { BINARY, context, SMALL, UNARY } from '../backend/wasm/kernels.js';
import { rowsOf } from '../backend/wasm/rows.js';
import type { TypedArray } from '../dtype.js';
import { allocBlock, bytesOf } from './heap.js';
import type { Block } from './heap.js';
import type { Graph, GraphNode, GraphValue } from './ir.js';
import { isView } from './lower.js';
import type { Step } from './lower.js';
import type { Homes } from './plan.js';

/** Elements per chunk. */
const CHUNK = 4096;
const UNARY_OPS = new Set<string>(['neg', 'exp', 'log', 'sin', 'cos', 'sqrt', 'abs', 'tanh', 'sigmoid', 'relu', 'log1p', 'erf', 'sign']);
const BINARY_OPS = new Set<string>(['add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum']);

/** The buffers of values that only a chain reads: they live in its registers, never in a buffer. */
export function registerBuffers(g: Graph, chains: readonly Chain[]): Set<number> {
  const out = new Set<number>();
  for (const c of chains) for (const i of c.nodes) if (!c.kept.has(g.nodes[i]!.output!)) out.add(g.values[g.nodes[i]!.output!]!.buffer);
  return out;
}

/** A chain found in the graph: its nodes (indices, in order), and which of their outputs need a buffer. */
export interface Chain {
  readonly nodes: readonly number[];
  /** Values produced in the chain that something after it reads. */
  readonly kept: ReadonlySet<number>;
}

const sameShape = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((s, i) => s === b[i]);

function numel(shape: readonly number[]): number {
  let n = 1;
  for (const s of shape) n *= s;
  return n;
}

/** Whether a node can be part of a chain: an elementwise float op of at least SMALL elements whose operands have its shape. */
function fusible(g: Graph, node: GraphNode): boolean {
  if (node.output === null || node.writes.length > 0) return false;
  const out = g.values[node.output]!;
  if (out.dtype !== 'float32' && out.dtype !== 'float64') return false;
  if (numel(out.shape) < SMALL) return false;
  const isOp = UNARY_OPS.has(node.op) || BINARY_OPS.has(node.op) || node.op === 'where';
  if (!isOp) return false;
  return node.inputs.every((id, k) => {
    const v = g.values[id]!;
    const dtypeOk = node.op === 'where' && k === 0 ? v.dtype === 'bool' : v.dtype === out.dtype;
    return dtypeOk && sameShape(v.shape, out.shape) && v.strides.every((s) => s >= 0);
  });
}

/**
 * The chains of `g`: runs of at least two fusible nodes of one shape and dtype, with only view
 * nodes of values from outside the run between them, sharing one rows form.
 */
export function findChains(g: Graph): Chain[] {
  // the nodes touching each buffer, to tell values read after a chain
  const touches = g.buffers.map(() => [] as number[]);
  g.nodes.forEach((n, i) => {
    for (const v of [...n.inputs, ...(n.output === null ? [] : [n.output])]) touches[g.values[v]!.buffer]!.push(i);
  });
  const pinned = new Set<number>([...g.outputs, ...g.liveOut].map((v) => g.values[v]!.buffer));
  const chains: Chain[] = [];
  let run: number[] = [];
  const close = (): void => {
    if (run.length >= 2) {
      const inside = new Set(run);
      const produced = run.map((i) => g.nodes[i]!.output!);
      const last = run[run.length - 1]!;
      const kept = new Set(
        produced.filter((v) => {
          const b = g.values[v]!.buffer;
          return pinned.has(b) || touches[b]!.some((i) => !inside.has(i) && (i > last || i < run[0]!));
        }),
      );
      chains.push({ nodes: run, kept });
    }
    run = [];
  };
  const producedIn = new Set<number>();
  g.nodes.forEach((node, i) => {
    if (isView(node)) {
      // a view of a value of the run ends it (the view is read as a buffer)
      if (producedIn.has(node.inputs[0]!)) {
        close();
        producedIn.clear();
      }
      return;
    }
    if (!fusible(g, node)) {
      close();
      producedIn.clear();
      return;
    }
    if (run.length > 0) {
      const first = g.nodes[run[0]!]!;
      const a = g.values[first.output!]!;
      const b = g.values[node.output!]!;
      if (a.dtype !== b.dtype || !sameShape(a.shape, b.shape) || commonRows(g, [...run, i]) === null) {
        close();
        producedIn.clear();
      }
    }
    run.push(i);
    producedIn.add(node.output!);
  });
  close();
  return chains;
}

/** The rows form shared by every operand of the chain's nodes (outputs contiguous), or null. */
function commonRows(g: Graph, nodes: readonly number[]): ReturnType<typeof rowsOf> {
  const out = g.values[g.nodes[nodes[0]!]!.output!]!;
  const strides: (readonly number[])[] = [];
  for (const i of nodes) for (const id of g.nodes[i]!.inputs) strides.push(g.values[id]!.strides);
  const r = rowsOf(out.shape, strides);
  return r !== null && r.inner.every((s) => s === 0 || s === 1) ? r : null;
}

/** What `node` alone would run on the wasm backend: the SIMD kernel (true) or the JS kernel. */
function simdAlone(g: Graph, node: GraphNode): boolean {
  const ins = node.inputs.map((id) => g.values[id]!);
  if (node.op === 'where') {
    const r = rowsOf(ins[1]!.shape, ins.map((v) => v.strides));
    return r !== null && r.inner[0] === 1;
  }
  const code = UNARY_OPS.has(node.op) ? UNARY[node.op as UnaryOp] : BINARY[node.op as BinaryOp];
  if (code === undefined) return false;
  const r = rowsOf(ins[0]!.shape, ins.map((v) => v.strides));
  return r !== null && (!UNARY_OPS.has(node.op) || r.inner[0] === 1);
}

/** One fused step for `chain`; its registers are carved from a block handed to `keep` (given back with the plan). */
export function fusedStep(g: Graph, homes: Homes, chain: Chain, keep: (b: Block) => void): Step {
  const c = context();
  const first = g.nodes[chain.nodes[0]!]!;
  const outV = g.values[first.output!]!;
  const dtype = outV.dtype;
  const es = bytesOf(dtype);
  const f32 = dtype === 'float32';
  const r = commonRows(g, chain.nodes)!;
  // every operand's row stride and inner stride in the common form
  const form = new Map<number, { outer: number; inner: number }>();
  let k = 0;
  for (const i of chain.nodes) for (const id of g.nodes[i]!.inputs) form.set(id, { outer: r.outer[k]!, inner: r.inner[k++]! });
  // chunk shape: whole rows when a row fits, else pieces of one row
  const rowsPer = r.n >= CHUNK ? 1 : Math.max(1, Math.floor(CHUNK / r.n));
  const colsPer = r.n >= CHUNK ? CHUNK : r.n;
  const chunks: { r0: number; nr: number; j0: number; len: number }[] = [];
  for (let r0 = 0; r0 < r.rows; r0 += rowsPer) {
    for (let j0 = 0; j0 < r.n; j0 += colsPer) chunks.push({ r0, nr: Math.min(rowsPer, r.rows - r0), j0, len: Math.min(colsPer, r.n - j0) });
  }
  // registers for the values only the chain reads, reused once their last reader has run
  const lastUse = new Map<number, number>();
  chain.nodes.forEach((i, j) => {
    for (const id of g.nodes[i]!.inputs) lastUse.set(id, j);
  });
  const regOf = new Map<number, number>();
  const free: number[] = [];
  let regs = 0;
  chain.nodes.forEach((i, j) => {
    const v = g.nodes[i]!.output!;
    if (!chain.kept.has(v)) regOf.set(v, free.pop() ?? regs++);
    for (const id of g.nodes[i]!.inputs) if (lastUse.get(id) === j && regOf.has(id) && !free.includes(regOf.get(id)!)) free.push(regOf.get(id)!);
  });
  const regBytes = Math.ceil((rowsPer * colsPer * es + 16) / 64) * 64;
  const block = allocBlock(Math.max(1, regs) * regBytes);
  keep(block);
  const mem = (f32 ? new Float32Array(c.mem.memory.buffer) : new Float64Array(c.mem.memory.buffer)) as TypedArray;
  const u8 = new Uint8Array(c.mem.memory.buffer);

  /** Where value `id`'s part of a chunk starts, and its row and inner strides there. */
  const place = (id: number, ch: { r0: number; j0: number; len: number }): { ptr: number; outer: number; inner: number } => {
    const reg = regOf.get(id);
    if (reg !== undefined) return { ptr: block.ptr + reg * regBytes, outer: ch.len, inner: 1 };
    const v: GraphValue = g.values[id]!;
    const vEs = bytesOf(v.dtype);
    const f = form.get(id) ?? { outer: r.n, inner: 1 }; // a kept output: contiguous
    return { ptr: homes.ptrs[v.buffer]! + (v.offset + ch.r0 * f.outer + ch.j0 * f.inner) * vEs, outer: f.outer, inner: f.inner };
  };

  // every kernel call of every chunk, with its arguments computed now
  const calls: (() => void)[] = [];
  const un = f32 ? c.k.un_f32 : c.k.un_f64;
  const bin = f32 ? c.k.bin_f32 : c.k.bin_f64;
  const wh = f32 ? c.k.where_f32 : c.k.where_f64;
  const simd = chain.nodes.map((i) => simdAlone(g, g.nodes[i]!));
  for (const ch of chunks) {
    chain.nodes.forEach((i, j) => {
      const node = g.nodes[i]!;
      const o = place(node.output!, ch);
      const ops = node.inputs.map((id) => place(id, ch));
      const nr = ch.nr;
      const len = ch.len;
      const op = node.op;
      if (simd[j]) {
        if (op === 'where') {
          const [pc, pa, pb] = ops as [typeof o, typeof o, typeof o];
          const mode = (pa.inner === 0 ? 2 : 0) + (pb.inner === 0 ? 1 : 0);
          calls.push(() => wh(mode, pc.ptr, pa.ptr, pb.ptr, o.ptr, nr, len, pc.outer, pa.outer, pb.outer));
        } else if (UNARY_OPS.has(op)) {
          const code = UNARY[op as UnaryOp]!;
          const px = ops[0]!;
          calls.push(() => un(code, px.ptr, o.ptr, nr, len, px.outer));
        } else {
          const code = BINARY[op as BinaryOp]!;
          const [pa, pb] = ops as [typeof o, typeof o];
          const mode = (pa.inner === 0 ? 2 : 0) + (pb.inner === 0 ? 1 : 0);
          calls.push(() => bin(code, mode, pa.ptr, pb.ptr, o.ptr, nr, len, pa.outer, pb.outer));
        }
        return;
      }
      // the JS kernel on the chunk, through views of the kernel memory built now
      const view = (p: { ptr: number; outer: number; inner: number }, isBool = false): View => ({
        data: isBool ? u8 : mem,
        shape: [nr, len],
        strides: [p.outer, p.inner],
        offset: p.ptr / (isBool ? 1 : es),
      });
      const out = mem.subarray(o.ptr / es, o.ptr / es + nr * len);
      if (nr > 1 && o.outer !== len) throw new Error('compile: internal error: a fused output must be contiguous');
      const vs = ops.map((p, q) => view(p, op === 'where' && q === 0));
      if (op === 'where') calls.push(() => js.where(vs[0]!, vs[1]!, vs[2]!, out));
      else if (UNARY_OPS.has(op)) calls.push(() => js.unary(op as UnaryOp, vs[0]!, out));
      else calls.push(() => js.binary(op as BinaryOp, vs[0]!, vs[1]!, out));
    });
  }
  return () => {
    for (let i = 0; i < calls.length; i++) calls[i]!();
  };
}
