/**
 * `rnnScan`: one direction of one recurrent layer (LSTM, GRU, Elman RNN) over a whole sequence as
 * one op, with its own gradient rule (as cuDNN and PyTorch's fused RNN kernels do): the forward is
 * one kernel call that runs every step's h·W_hhᵀ and fused cell, the backward one that runs the
 * steps in reverse; the weight gradients are then one matrix product each over all steps. The
 * per-step graph of matmul, slices and gate ops, hundreds of nodes for a sentence, becomes one node.
 *
 * Double backward: when the backward is itself recorded (`createGraph`), the gradients are taken
 * through the same computation written step by step in differentiable ops (recomputed from the
 * saved inputs), so that grad-of-grad is exact; the fused path serves every first-order backward.
 * @module
 */
import { getBackend } from './backend/registry.js';
import type { RecurrentArrays, RecurrentCell, RecurrentGrads, RecurrentShape } from './backend/backend.js';
import { rnnBackward as jsRnnBackward, rnnForward as jsRnnForward } from './backend/js/recurrent.js';
import { gatesOf } from './backend/js/recurrent-loop.js';
import { allocate, isFloating } from './dtype.js';
import type { TypedArray } from './dtype.js';
import { grad } from './engine/backward.js';
import { isGradEnabled } from './engine/mode.js';
import { defineFunction } from './function.js';
import type { FunctionCtx } from './function.js';
import { cat } from './ops/shape.js';
import { fmtShape } from './shape.js';
import { Tensor } from './tensor.js';

/**
 * Options of {@link rnnScan}.
 * @example
 * ```ts
 * const opts: RnnScanOptions = { c0: zeros([2, 3]), reverse: true, batchSizes: [2, 1] };
 * opts.reverse; // true
 * ```
 */
export interface RnnScanOptions {
  /** `[B, H]` the initial cell state: required for `'lstm'`, not allowed for the others. */
  c0?: Tensor | null;
  /** `[G·H]` the hidden bias `b_hh`, added to h·W_hhᵀ at every step (a GRU's n gate takes it inside r ⊙ (…), as PyTorch's). */
  bHh?: Tensor | null;
  /** `[P, H]` an LSTM's projection `W_hr`: h = W_hr·(o ⊙ tanh c) has P elements (PyTorch's `proj_size`). */
  wHr?: Tensor | null;
  /**
   * Rows per step (a `PackedSequence`'s `batch_sizes`): positive, non-increasing, summing to N,
   * the first equal to B. Default: N / B steps of B rows (a padded batch).
   */
  batchSizes?: readonly number[];
  /** Run from the last step to the first (the reverse direction of a bidirectional layer). Default false. */
  reverse?: boolean;
}

const CELLS: readonly RecurrentCell[] = ['lstm', 'gru', 'rnnTanh', 'rnnRelu'];

/** The elements of `t` in row-major order, as one array (the storage itself when `t` is contiguous). */
function dense(t: Tensor): TypedArray {
  const n = t.numel();
  if (!t.isContiguous()) return t.contiguous()._in().data;
  const d = t._in().data;
  return t.offset === 0 && d.length === n ? d : d.subarray(t.offset, t.offset + n);
}

/**
 * `[N, P]`: the h each row of the sequence started from, the previous step's for the rows it had,
 * else h0's (what the kernels rebuild step by step, for W_hh's gradient in one product).
 */
function prevStates(s: RecurrentShape, out: Tensor, h0: Tensor): Tensor {
  const { batchSizes: bs, reverse } = s;
  const [N, B] = [out.shape[0]!, h0.shape[0]!];
  if (bs.every((b) => b === B)) {
    if (N === B) return h0;
    return reverse ? cat([out.narrow(0, B, N - B), h0], 0) : cat([h0, out.narrow(0, 0, N - B)], 0);
  }
  // packed: rows of [out; h0] by index
  const rows = new Int32Array(N);
  const offs: number[] = [];
  bs.reduce((n, b) => (offs.push(n), n + b), 0);
  bs.forEach((b, t) => {
    const pt = reverse ? t + 1 : t - 1;
    const bp = pt >= 0 && pt < bs.length ? Math.min(b, bs[pt]!) : 0;
    for (let r = 0; r < b; r++) rows[offs[t]! + r] = r < bp ? offs[pt]! + r : N + r;
  });
  return cat([out, h0], 0).indexSelect(0, Tensor.fromData(rows, [N], 'int32'));
}

/** What forward keeps for backward besides the saved tensors. */
interface Kept {
  s: RecurrentShape;
  a: RecurrentArrays;
  /** Which of (xg, h0, c0, wHh, bHh, wHr) were given, in that order, as saved. */
  present: boolean[];
}

/** The sequence written step by step in differentiable ops: the fused op's reference and its double backward. */
export function composite(s: RecurrentShape, xg: Tensor, h0: Tensor, c0: Tensor | null, wHh: Tensor, bHh: Tensor | null, wHr: Tensor | null): Tensor[] {
  const { cell, batchSizes: bs, reverse } = s;
  const T = bs.length;
  const B = h0.shape[0]!;
  const offs: number[] = [];
  bs.reduce((n, b) => (offs.push(n), n + b), 0);
  const wT = wHh.t();
  const rT = wHr === null ? null : wHr.t();
  const outs = new Array<Tensor>(T);
  // h (and c) of every sequence: rows past the step's batch keep their last (or initial) state
  let h = h0;
  let c = c0;
  const rows = (x: Tensor, b: number): Tensor => (b < B ? x.narrow(0, 0, b) : x);
  const merge = (x: Tensor, prev: Tensor, b: number): Tensor => (b < B ? cat([x, prev.narrow(0, b, B - b)], 0) : x);
  for (let k = 0; k < T; k++) {
    const t = reverse ? T - 1 - k : k;
    const b = bs[t]!;
    const hp = rows(h, b);
    let hg = hp.matmul(wT);
    if (bHh !== null) hg = hg.add(bHh);
    const x = xg.narrow(0, offs[t]!, b);
    let hn: Tensor;
    if (cell === 'lstm') {
      const [i, f, g, o] = x.add(hg).chunk(4, 1) as [Tensor, Tensor, Tensor, Tensor];
      const cn = f.sigmoid().mul(rows(c!, b)).add(i.sigmoid().mul(g.tanh()));
      const m = o.sigmoid().mul(cn.tanh());
      hn = rT === null ? m : m.matmul(rT);
      c = merge(cn, c!, b);
    } else if (cell === 'gru') {
      const [xr, xz, xn] = x.chunk(3, 1) as [Tensor, Tensor, Tensor];
      const [hr, hz, hnn] = hg.chunk(3, 1) as [Tensor, Tensor, Tensor];
      const r = xr.add(hr).sigmoid();
      const z = xz.add(hz).sigmoid();
      const n = xn.add(r.mul(hnn)).tanh();
      hn = n.add(z.mul(hp.sub(n)));
    } else {
      const z = x.add(hg);
      hn = cell === 'rnnRelu' ? z.relu() : z.tanh();
    }
    outs[t] = hn;
    h = merge(hn, h, b);
  }
  const out = cat(outs, 0);
  return cell === 'lstm' ? [out, h, c!] : [out, h];
}

function forward(ctx: FunctionCtx, xg: Tensor, h0: Tensor, c0: Tensor | null, wHh: Tensor, bHh: Tensor | null, wHr: Tensor | null, s: RecurrentShape): Tensor[] {
  const { cell, hidden: H, size: P } = s;
  const N = xg.shape[0]!;
  const B = h0.shape[0]!;
  const dt = xg.dtype;
  const lstm = cell === 'lstm';
  const alloc = (n: number): TypedArray => allocate(dt, n);
  const a: RecurrentArrays = {
    xg: dense(xg),
    h0: dense(h0),
    c0: c0 === null ? null : dense(c0),
    wHh: dense(wHh),
    bHh: bHh === null ? null : dense(bHh),
    wHr: wHr === null ? null : dense(wHr),
    out: alloc(N * P),
    hN: alloc(B * P),
    cN: lstm ? alloc(B * H) : null,
    act: lstm || cell === 'gru' ? alloc(N * 4 * H) : null,
    c: lstm ? alloc(N * H) : null,
    m: wHr === null ? null : alloc(N * H),
  };
  (getBackend().rnnForward ?? jsRnnForward)(s, a);
  const given = [xg, h0, c0, wHh, bHh, wHr];
  ctx.saveForBackward(...given.filter((t): t is Tensor => t !== null));
  ctx.kept = { s, a, present: given.map((t) => t !== null) } satisfies Kept;
  const out = [Tensor.fromData(a.out, [N, P], dt), Tensor.fromData(a.hN, [B, P], dt)];
  if (lstm) out.push(Tensor.fromData(a.cN!, [B, H], dt));
  return out;
}

function backward(ctx: FunctionCtx, gOut: Tensor, gH: Tensor, gC?: Tensor): (Tensor | null)[] {
  const { s, a, present } = ctx.kept as Kept;
  const saved = [...ctx.saved];
  const ins = present.map((p) => (p ? saved.shift()! : null));
  const need = ctx.needsInputGrad;
  if (isGradEnabled()) {
    // recorded backward (double backward): through the step-by-step computation
    const [xg, h0, c0, wHh, bHh, wHr] = ins as [Tensor, Tensor, Tensor | null, Tensor, Tensor | null, Tensor | null];
    const outs = composite(s, xg, h0, c0, wHh, bHh, wHr);
    const wrt = ins.map((t, i) => (need[i] && t !== null ? i : -1)).filter((i) => i >= 0);
    const gs = grad(outs, wrt.map((i) => ins[i]!), { gradOutputs: gC === undefined ? [gOut, gH] : [gOut, gH, gC], createGraph: true, allowUnused: true });
    const res: (Tensor | null)[] = [null, null, null, null, null, null, null];
    wrt.forEach((i, j) => (res[i] = gs[j] ?? Tensor.zeros(ins[i]!.shape, ins[i]!.dtype)));
    return res;
  }
  const { cell, hidden: H, size: P, batchSizes: bs } = s;
  const N = a.out.length / P;
  const B = bs[0]!;
  const GH = gatesOf(cell) * H;
  const dt = gOut.dtype;
  const alloc = (n: number): TypedArray => allocate(dt, n);
  const g: RecurrentGrads = {
    dOut: dense(gOut),
    dhN: dense(gH),
    dcN: gC === undefined ? null : dense(gC),
    dxg: alloc(N * GH),
    dhg: cell === 'gru' ? alloc(N * GH) : null,
    dh0: alloc(B * P),
    dc0: cell === 'lstm' ? alloc(B * H) : null,
    dh: a.wHr === null ? null : alloc(N * P),
  };
  (getBackend().rnnBackward ?? jsRnnBackward)(s, a, g);
  const t = (d: TypedArray, shape: number[]): Tensor => Tensor.fromData(d, shape, dt);
  const dHg = t(g.dhg ?? g.dxg, [N, GH]);
  return [
    need[0] ? t(g.dxg, [N, GH]) : null,
    need[1] ? t(g.dh0, [B, P]) : null,
    need[2] ? t(g.dc0!, [B, H]) : null,
    // dW_hh = Σ_t dgates_tᵀ·h_{t-1}, dW_hr = Σ_t dh_tᵀ·m_t: one product over all steps each
    need[3] ? dHg.t().matmul(prevStates(s, t(a.out, [N, P]), t(a.h0, [B, P]))) : null,
    need[4] ? dHg.sum(0) : null,
    need[5] ? t(g.dh!, [N, P]).t().matmul(t(a.m!, [N, H])) : null,
    null,
  ];
}

const fused = Object.fromEntries(
  CELLS.map((cell) => [
    cell,
    defineFunction<[Tensor, Tensor, Tensor | null, Tensor, Tensor | null, Tensor | null, RecurrentShape], Tensor[]>({ name: cell, forward, backward }),
  ]),
) as Record<RecurrentCell, (xg: Tensor, h0: Tensor, c0: Tensor | null, wHh: Tensor, bHh: Tensor | null, wHr: Tensor | null, s: RecurrentShape) => Tensor[]>;

function fail(msg: string): never {
  throw new RangeError(`rnnScan: ${msg}`);
}

/**
 * One direction of one recurrent layer over a whole sequence, as one op with its own gradient:
 * the kernel behind `nn.RNN`, `nn.LSTM`, `nn.GRU` and their cells (a cell is a sequence of one
 * step). The input-to-gates product x·W_ihᵀ + b_ih of every step comes in precomputed (one matrix
 * product for the sequence); each step then computes h·W_hhᵀ + b_hh and the fused cell:
 * - `'lstm'`: i, f, g, o = σ, σ, tanh, σ of the gates; c′ = f ⊙ c + i ⊙ g; h′ = o ⊙ tanh(c′)
 *   (times W_hrᵀ with a projection);
 * - `'gru'`: r, z = σ(…); n = tanh(x_n + r ⊙ (W_hn·h + b_hn)); h′ = (1 − z) ⊙ n + z ⊙ h;
 * - `'rnnTanh'` / `'rnnRelu'`: h′ = tanh or relu of the sum.
 *
 * Rows are time-major and packed as PyTorch's `PackedSequence.data`: step t has `batchSizes[t]`
 * rows, the first sequences of the batch. Its gradient is exact to second order (see the module
 * comment); `gradcheck` and `gradgradcheck` pass.
 *
 * Shape: G = 4 (lstm), 3 (gru), 1 (rnn); H hidden, P the size of h (H, or the projection's).
 * - `xGates`: `[N, G·H]`, N = Σ batchSizes
 * - `h0`: `[B, P]`; `wHh`: `[G·H, P]`; options `c0` `[B, H]`, `bHh` `[G·H]`, `wHr` `[P, H]`
 * - returns `[output [N, P], hN [B, P]]`, and `cN [B, H]` third for `'lstm'`
 * @param cell - `'lstm'`, `'gru'`, `'rnnTanh'` or `'rnnRelu'`.
 * @param xGates - the input gates of every step, x·W_ihᵀ + b_ih.
 * @param h0 - the initial hidden state.
 * @param wHh - the hidden-to-gates weight `W_hh`.
 * @param opts - `c0`, `bHh`, `wHr`, `batchSizes`, `reverse`.
 * @returns the h of every step, the last h of each sequence (and its last c for an LSTM).
 * @throws TypeError for a non-float input or mixed dtypes.
 * @throws RangeError for an unknown cell, shapes that do not fit together, or bad batch sizes.
 * @example
 * ```ts
 * import { rnnScan, tensor, zeros } from '@chainrule/autograd';
 * // an RNN with one unit: h′ = tanh(x + 0.5·h), over 3 steps of one sequence
 * const [out, hN] = rnnScan('rnnTanh', tensor([[1], [0], [-1]]), zeros([1, 1]), tensor([[0.5]]));
 * out; // tensor([[ 0.7616], [ 0.3634], [-0.6741]])
 * hN; // tensor([[-0.6741]])
 * // an LSTM with 2 units over a packed batch of a 2-step and a 1-step sequence, in reverse
 * const [y, h, c] = rnnScan('lstm', zeros([3, 8]), zeros([2, 2]), zeros([8, 2]), { c0: zeros([2, 2]), batchSizes: [2, 1], reverse: true });
 * [y.shape, h.shape, c.shape]; // [[3, 2], [2, 2], [2, 2]]
 * ```
 */
export function rnnScan(cell: 'lstm', xGates: Tensor, h0: Tensor, wHh: Tensor, opts?: RnnScanOptions): [Tensor, Tensor, Tensor];
/**
 * {@link rnnScan} of a GRU or an Elman RNN: the h of every step and the last h of each sequence.
 * @param cell - `'gru'`, `'rnnTanh'` or `'rnnRelu'`.
 * @param xGates - `[N, G·H]` the input gates of every step, x·W_ihᵀ + b_ih.
 * @param h0 - `[B, H]` the initial hidden state.
 * @param wHh - `[G·H, H]` the hidden-to-gates weight.
 * @param opts - `bHh`, `batchSizes`, `reverse`.
 * @returns `[output [N, H], hN [B, H]]`.
 * @throws TypeError for a non-float input or mixed dtypes.
 * @throws RangeError for shapes that do not fit together, or bad batch sizes.
 * @example
 * ```ts
 * const [out, hN] = rnnScan('gru', zeros([4, 6]), zeros([2, 2]), zeros([6, 2]));
 * [out.shape, hN.shape]; // [[4, 2], [2, 2]]
 * ```
 */
export function rnnScan(cell: 'gru' | 'rnnTanh' | 'rnnRelu', xGates: Tensor, h0: Tensor, wHh: Tensor, opts?: RnnScanOptions): [Tensor, Tensor];
/**
 * {@link rnnScan} of a cell chosen at run time: `[output, hN]`, and `cN` third for `'lstm'`.
 * @param cell - `'lstm'`, `'gru'`, `'rnnTanh'` or `'rnnRelu'`.
 * @param xGates - `[N, G·H]` the input gates of every step.
 * @param h0 - `[B, P]` the initial hidden state.
 * @param wHh - `[G·H, P]` the hidden-to-gates weight.
 * @param opts - `c0`, `bHh`, `wHr`, `batchSizes`, `reverse`.
 * @returns the outputs.
 * @throws TypeError for a non-float input or mixed dtypes.
 * @throws RangeError for an unknown cell, shapes that do not fit together, or bad batch sizes.
 * @example
 * ```ts
 * const cell = ['lstm', 'gru'][1] as RecurrentCell;
 * rnnScan(cell, zeros([2, 6]), zeros([1, 2]), zeros([6, 2])).length; // 2
 * ```
 */
export function rnnScan(cell: RecurrentCell, xGates: Tensor, h0: Tensor, wHh: Tensor, opts?: RnnScanOptions): Tensor[];
export function rnnScan(cell: RecurrentCell, xGates: Tensor, h0: Tensor, wHh: Tensor, opts: RnnScanOptions = {}): Tensor[] {
  if (!CELLS.includes(cell)) fail(`unknown cell '${String(cell)}' (expected one of ${CELLS.join(', ')})`);
  const c0 = opts.c0 ?? null;
  const bHh = opts.bHh ?? null;
  const wHr = opts.wHr ?? null;
  const ts: [string, Tensor | null][] = [['xGates', xGates], ['h0', h0], ['wHh', wHh], ['c0', c0], ['bHh', bHh], ['wHr', wHr]];
  for (const [name, t] of ts) {
    if (t === null) continue;
    if (!(t instanceof Tensor)) throw new TypeError(`rnnScan: ${name} must be a Tensor, got ${typeof t}`);
    if (!isFloating(t.dtype)) throw new TypeError(`rnnScan: ${name} must be float32 or float64, got ${t.dtype}`);
    if (t.dtype !== xGates.dtype) throw new TypeError(`rnnScan: all tensors must have one dtype, got ${xGates.dtype} (xGates) and ${t.dtype} (${name})`);
    if (t.ndim !== (name === 'bHh' ? 1 : 2)) fail(`${name} must be ${name === 'bHh' ? '1' : '2'}-D, got shape ${fmtShape(t.shape)}`);
  }
  const G = gatesOf(cell);
  const [GH, P] = wHh.shape as [number, number];
  if (GH % G !== 0 || GH === 0) fail(`wHh of shape ${fmtShape(wHh.shape)} must have ${G}·hidden rows for '${cell}'`);
  const H = GH / G;
  if (xGates.shape[1] !== GH) fail(`xGates of shape ${fmtShape(xGates.shape)} must have ${GH} columns (the rows of wHh)`);
  const [N, B] = [xGates.shape[0]!, h0.shape[0]!];
  if (h0.shape[1] !== P) fail(`h0 of shape ${fmtShape(h0.shape)} must have ${P} columns (the columns of wHh)`);
  if (wHr !== null) {
    if (cell !== 'lstm') fail(`a projection (wHr) needs the 'lstm' cell, got '${cell}'`);
    if (wHr.shape[0] !== P || wHr.shape[1] !== H) fail(`wHr of shape ${fmtShape(wHr.shape)} must be [${P}, ${H}]`);
  } else if (P !== H) fail(`wHh of shape ${fmtShape(wHh.shape)} must have ${H} columns (the hidden size), or a projection wHr`);
  if (cell === 'lstm') {
    if (c0 === null) fail("the 'lstm' cell needs c0");
    if (c0.shape[0] !== B || c0.shape[1] !== H) fail(`c0 of shape ${fmtShape(c0.shape)} must be [${B}, ${H}]`);
  } else if (c0 !== null) fail(`c0 is only for the 'lstm' cell, not '${cell}'`);
  if (bHh !== null && bHh.shape[0] !== GH) fail(`bHh of shape ${fmtShape(bHh.shape)} must be [${GH}]`);
  if (B === 0) fail(`the batch is empty (h0 of shape ${fmtShape(h0.shape)})`);
  let bs = opts.batchSizes;
  if (bs === undefined) {
    if (N % B !== 0) fail(`xGates has ${N} rows, not a multiple of the batch ${B}; give batchSizes`);
    bs = new Array<number>(N / B).fill(B);
  }
  if (bs.length === 0) fail('expected a sequence of at least one step');
  let sum = 0;
  bs.forEach((b, t) => {
    if (!Number.isInteger(b) || b <= 0 || b > (t === 0 ? B : bs[t - 1]!)) fail(`batchSizes must be positive and non-increasing, got [${bs.join(', ')}]`);
    sum += b;
  });
  if (bs[0] !== B) fail(`batchSizes[0] (${bs[0]}) must equal the batch of h0 (${B})`);
  if (sum !== N) fail(`batchSizes sum to ${sum}, but xGates has ${N} rows`);
  const s: RecurrentShape = { cell, hidden: H, size: P, batchSizes: [...bs], reverse: opts.reverse ?? false };
  return fused[cell](xGates, h0, c0, wHh, bHh, wHr, s);
}
