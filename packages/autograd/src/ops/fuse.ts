/**
 * Pending elementwise chains. On a backend with a {@link Backend.fused} kernel, a unary or binary
 * float op over enough elements does not compute: it returns a tensor whose storage is *pending*,
 * holding the op and its operands. An op on a pending tensor extends the chain instead of reading
 * it, and the whole chain runs in one pass, with no intermediate array, when its result is first
 * read (any kernel, `data`, `item()`, printing). So `x.mul(2).add(1).relu()` allocates and writes
 * one array, not three.
 *
 * What the user sees is unchanged: each step rounds as the op alone would, so results are the
 * same to the bit; a chain reads its operands as they were when the op was called, whatever is
 * written to them later (see {@link Storage}: in-place ops write to a copy, and an array handed to
 * user code through `data` is copied by the chain); autograd records every op as usual.
 *
 * A chain's life:
 * 1. Born: `unary`/`binary` in prims.ts ask `pendingOp`; it returns a tensor over a new
 *    pending `Storage` (no array, a compute function, the `Chain`) when the backend
 *    fuses, the dtype is float, there are at least `minNumel` elements and every operand can be
 *    inlined or read; else null, and the op runs at once.
 * 2. Grows: an op whose operand is the whole of a pending storage inlines that chain's
 *    expression (no data moves); the operand stays pending, computable on its own.
 * 3. Runs: the first read of the storage (`Storage.read`) runs it: `program` lists inputs
 *    and ops in dependency order, `backend.fused` writes a fresh array, the chain releases what
 *    it captured, and `Storage.pending` becomes null, so no later op inlines it.
 *
 * Invariants:
 * - Same bits as op by op: one dtype per chain (float32 or float64), each step rounded to it.
 * - Snapshots: an array a chain reads is either a copy (the storage is exposed, or the part read
 *   is under a quarter of the array) or the storage's own array, counted in its `readers` from
 *   capture (or `retain`, when a chain inlines another's) to the chain's run; a write while
 *   `readers > 0` goes to a fresh copy (`Storage.write`), so the captured array never changes.
 *   Each chain captures or retains each shared array once and releases it once; a chain that
 *   never runs leaves the count up, which costs at most one extra copy on the next write.
 * - Bounded: at most `MAX_OPS` ops per chain (a fuller operand is computed and read as an
 *   array); every operand has the output's shape and is read whole or broadcast from one value,
 *   a row, a column or one value per channel (`layoutOf`); any other layout runs op by op.
 * - Only whole chains are inlined (offset 0, contiguous, same element count: `chainOf`); a view
 *   of a pending tensor reads it, which computes it.
 * - An inlined chain read on its own later is computed again, separately: a cost, never a
 *   different result.
 * @module
 */
import { getBackend } from '../backend/registry.js';
import type { Backend, BinaryOp, FusedInput, FusedProgram, FusedStep, UnaryOp } from '../backend/backend.js';
import { coalesce } from '../backend/js/strided.js';
import { allocate } from '../dtype.js';
import type { TypedArray } from '../dtype.js';
import { Storage } from '../storage.js';
import { Tensor } from '../tensor.js';

/**
 * Elements from which an op is left pending. Below it the op runs at once: a fresh array that
 * small comes cheap, and a pending op costs some microseconds of bookkeeping.
 */
let minNumel = 32768;

/** @internal Sets the fewest elements an op needs to be left pending; returns the previous value (see testing's setFusionThreshold). */
export function setMinNumel(n: number): number {
  const prev = minNumel;
  minNumel = n;
  return prev;
}
/** Most ops in one chain; an operand with more is computed first. */
const MAX_OPS = 16;

/** A node of a pending chain: an array read, or an op of earlier nodes. */
type Expr =
  // storage: the storage whose own array is read (counted as a reader), or null for a copy
  | { readonly kind: 'in'; readonly storage: Storage | null; readonly input: FusedInput }
  | { readonly kind: 'op'; readonly op: UnaryOp | BinaryOp; readonly args: readonly Expr[] };

/** What a pending storage holds: its chain, how many ops it has, the arrays it reads. */
interface Chain {
  readonly expr: Expr;
  readonly ops: number;
  readonly numel: number;
  readonly leaves: readonly Expr[];
}

/** The backend, when it fuses and `ts` (one float dtype, the output's) are worth fusing; else null. */
function fusingBackend(ts: readonly Tensor[], numel: number): Backend | null {
  const b = getBackend();
  if (b.fused === undefined || numel < minNumel) return null;
  const dtype = ts[0]!.dtype;
  if (dtype !== 'float32' && dtype !== 'float64') return null;
  for (const t of ts) if (t.dtype !== dtype) return null;
  return b;
}

/** The chain of `t` when `t` is all of a pending storage of `numel` elements, in order. */
function chainOf(t: Tensor, numel: number): Chain | null {
  const c = t._storage.pending as Chain | null;
  if (c === null || c.numel !== numel || t.offset !== 0 || !t.isContiguous()) return null;
  return c;
}

/** How output element i reads `t` (of the output's shape), or null for a layout a fused input cannot describe. */
function layoutOf(t: Tensor, numel: number): { period: number; repeat: number } | null {
  const c = coalesce(t.shape, [t.strides]);
  const [s0, s1] = c.strides[0]!;
  if (c.shape.length === 1) return s0 === 1 ? { period: numel, repeat: 1 } : s0 === 0 ? { period: 1, repeat: 1 } : null;
  if (c.shape.length === 3) {
    // one value per channel, broadcast over a batch and over positions (a conv bias on [N, C, H·W])
    const s2 = c.strides[0]![2];
    return s0 === 0 && s1 === 1 && s2 === 0 ? { period: c.shape[1]!, repeat: c.shape[2]! } : null;
  }
  if (c.shape.length !== 2) return null;
  if (s0 === 0 && s1 === 1) return { period: c.shape[1]!, repeat: 1 }; // a row, broadcast down
  if (s0 === 1 && s1 === 0) return { period: c.shape[0]!, repeat: c.shape[1]! }; // a column, broadcast across
  return null;
}

/** How an operand enters a chain: its own chain inlined, or its array read with a layout. */
type Operand = { chain: Chain } | { tensor: Tensor; layout: { period: number; repeat: number } };

/** Operand `t`, or null when it can be neither inlined nor read. */
function operand(t: Tensor, numel: number): Operand | null {
  const c = chainOf(t, numel);
  if (c !== null && c.ops < MAX_OPS) return { chain: c };
  const layout = layoutOf(t, numel);
  return layout === null ? null : { tensor: t, layout };
}

/**
 * A pending tensor of `shape` for `op` of `args`, or null when the op should run now (no fusing
 * backend, too small, not float, a layout a chain cannot read).
 */
export function pendingOp(op: UnaryOp | BinaryOp, args: readonly Tensor[], shape: readonly number[]): Tensor | null {
  const numel = args[0]!.numel();
  const backend = fusingBackend(args, numel);
  if (backend === null) return null;
  const parts: Operand[] = [];
  for (const t of args) {
    const p = operand(t, numel);
    if (p === null) return null;
    parts.push(p);
  }
  // the chain reads these arrays from now on: each is captured (or retained, for an inlined chain's)
  const leaves = new Set<Expr>();
  const exprs = parts.map((p): Expr => {
    if ('chain' in p) {
      for (const l of p.chain.leaves) if (!leaves.has(l)) leaves.add(retain(l));
      return p.chain.expr;
    }
    const { tensor: t, layout } = p;
    // the elements read are [offset, offset + period) in every layout
    const { data, shift, shared } = t._storage.capture(t.offset, t.offset + layout.period);
    // a copy is the chain's alone: no reference to the storage (which would keep its array alive)
    const leaf: Expr = { kind: 'in', storage: shared ? t._storage : null, input: { data, offset: t.offset - shift, ...layout } };
    leaves.add(leaf);
    return leaf;
  });
  const ops = 1 + parts.reduce((n, p) => n + ('chain' in p ? p.chain.ops : 0), 0);
  const chain: Chain = { expr: { kind: 'op', op, args: exprs }, ops, numel, leaves: [...leaves] };
  const dtype = args[0]!.dtype;
  const storage = new Storage(null, () => run(backend, chain, allocate(dtype, numel)), chain);
  return new Tensor(storage, shape, Tensor.stridesFor(shape), 0, dtype);
}

function retain(leaf: Expr): Expr {
  if (leaf.kind === 'in') leaf.storage?.retain(leaf.input.data);
  return leaf;
}

/** Computes `chain` into `out` and lets go of the arrays it read. */
function run(backend: Backend, chain: Chain, out: TypedArray): TypedArray {
  backend.fused!(program(chain.expr), out);
  for (const l of chain.leaves) if (l.kind === 'in') l.storage?.release(l.input.data);
  return out;
}

/** The chain as a program: its inputs (each array read once), then its ops in dependency order. */
function program(root: Expr): FusedProgram {
  const inputs: FusedInput[] = [];
  const order: Extract<Expr, { kind: 'op' }>[] = [];
  const seen = new Set<Expr>();
  const visit = (e: Expr): void => {
    if (seen.has(e)) return;
    seen.add(e);
    if (e.kind === 'in') inputs.push(e.input);
    else {
      for (const a of e.args) visit(a);
      order.push(e);
    }
  };
  visit(root);
  const index = new Map<Expr, number>();
  for (const e of seen) if (e.kind === 'in') index.set(e, inputs.indexOf(e.input));
  const steps: FusedStep[] = order.map((e, j) => {
    index.set(e, inputs.length + j);
    const [a, b] = e.args.map((x) => index.get(x)!);
    return b === undefined ? { op: e.op as UnaryOp, x: a! } : { op: e.op as BinaryOp, a: a!, b };
  });
  return { inputs, steps };
}
