/**
 * The time loop of a recurrent layer (`Backend.rnnForward` / `rnnBackward`), shared by the JS and
 * wasm backends: each supplies a {@link RecurrentMachine} (its matrix product and fused cell
 * kernels over one memory); the loop walks the steps, in order or reversed, over packed sequences
 * whose batch shrinks with time.
 *
 * Layout (time-major, packed as PyTorch's `PackedSequence.data`): step t holds rows
 * [offset_t, offset_t + batchSizes[t]), the first batchSizes[t] sequences. N = Σ batchSizes,
 * B = batchSizes[0], H the hidden size, P the size of h (H, or the projection size), G the gates
 * (4 LSTM, 3 GRU, 1 RNN). Every array is contiguous and row-major.
 * @module
 */
import type { TypedArray } from '../../dtype.js';
import type { RecurrentArrays, RecurrentCell, RecurrentGrads, RecurrentShape } from '../backend.js';

/** @internal A place in a machine's memory: an array and the index of the first element. */
export interface Buf {
  readonly a: TypedArray;
  readonly at: number;
}

/** @internal A weight made ready for repeated products (packed, on wasm). */
export interface Prepared {
  readonly w: Buf;
  /** Rows and columns of the product's right operand. */
  readonly k: number;
  readonly n: number;
  /** Strides of the right operand (k, n) in w. */
  readonly sk: number;
  readonly sn: number;
  /** Backend-specific: the packed copy. */
  readonly packed?: number;
}

/** @internal The kernels the time loop runs on, over one memory. */
export interface RecurrentMachine {
  /** Scratch of n elements (zeroed). */
  scratch(n: number): Buf;
  /** The right operand of c = a · w (w [k, n]) or, transposed, of c = a · wᵀ (w [n, k]). */
  prepare(w: Buf, k: number, n: number, transposed: boolean): Prepared;
  /** c[m, n] = a[m, k] · w. */
  gemm(a: Buf, m: number, w: Prepared, c: Buf): void;
  /** dst[i] = src[i] for n elements. */
  copy(dst: Buf, src: Buf, n: number): void;
  /** dst[i] = a[i] + b[i] for n elements. */
  add(dst: Buf, a: Buf, b: Buf, n: number): void;
  /** LSTM step: act = (σ, σ, tanh, σ)(xg + hg + b); c = f ⊙ cPrev + i ⊙ g; h = o ⊙ tanh(c). */
  lstm(rows: number, H: number, xg: Buf, hg: Buf, b: Buf | null, cPrev: Buf, act: Buf, c: Buf, h: Buf): void;
  /** Its gradient: dG of the gates' inputs and dcPrev (which may be dc itself) from dh and dc (null: 0). */
  lstmBack(rows: number, H: number, act: Buf, cPrev: Buf, c: Buf, dh: Buf, dc: Buf | null, dG: Buf, dcPrev: Buf): void;
  /** GRU step: r, z = σ(x + h-gates); n = tanh(x_n + r ⊙ hn); h = n + z ⊙ (hPrev − n); act = (r, z, n, hn). */
  gru(rows: number, H: number, xg: Buf, hg: Buf, b: Buf | null, hPrev: Buf, act: Buf, h: Buf): void;
  /** Its gradient: of the input gates, of the hidden gates, and hPrev's direct part z ⊙ dh. */
  gruBack(rows: number, H: number, act: Buf, hPrev: Buf, dh: Buf, dxg: Buf, dhg: Buf, dhPrev: Buf): void;
  /** RNN step: h = tanh or relu(xg + hg + b). */
  rnn(relu: boolean, rows: number, H: number, xg: Buf, hg: Buf, b: Buf | null, h: Buf): void;
  /** Its gradient from h and dh. */
  rnnBack(relu: boolean, rows: number, H: number, h: Buf, dh: Buf, dG: Buf): void;
}

/** @internal The places of a layer's arrays in a machine's memory (null where absent). */
export type RecurrentBufs = { readonly [K in keyof RecurrentArrays]: RecurrentArrays[K] extends TypedArray ? Buf : Buf | null };
/** @internal The places of a layer's gradients in a machine's memory. */
export type RecurrentGradBufs = { readonly [K in keyof RecurrentGrads]: RecurrentGrads[K] extends TypedArray ? Buf : Buf | null };

/** Gates per cell. */
export function gatesOf(cell: RecurrentCell): number {
  return cell === 'lstm' ? 4 : cell === 'gru' ? 3 : 1;
}

const shift = (b: Buf, n: number): Buf => ({ a: b.a, at: b.at + n });

/** Start row of each step. */
function offsets(bs: readonly number[]): number[] {
  const offs = new Array<number>(bs.length);
  let n = 0;
  for (let t = 0; t < bs.length; t++) {
    offs[t] = n;
    n += bs[t]!;
  }
  return offs;
}

/** The step before step `t` in the order the forward walks the steps, or -1 at the start. */
function previous(t: number, T: number, reverse: boolean): number {
  const pt = reverse ? t + 1 : t - 1;
  return pt >= 0 && pt < T ? pt : -1;
}

/**
 * The state the first `b` rows of step t start from: rows [0, bp) are the previous step's (rows
 * `offs[pt]..` of `all`, each row `w` wide), rows [bp, b) the initial ones; the rows themselves
 * when they lie in one place, else a copy in `scratch`.
 */
function prevState(mc: RecurrentMachine, all: Buf, init: Buf, w: number, offPrev: number, bp: number, b: number, scratch: Buf): Buf {
  if (bp === b) return shift(all, offPrev * w);
  if (bp === 0) return init;
  mc.copy(scratch, shift(all, offPrev * w), bp * w);
  mc.copy(shift(scratch, bp * w), shift(init, bp * w), (b - bp) * w);
  return scratch;
}

/** The forward's time loop (see the module comment for the layout). */
export function recurrentForward(mc: RecurrentMachine, s: RecurrentShape, a: RecurrentBufs): void {
  const { cell, hidden: H, size: P, batchSizes: bs, reverse } = s;
  const T = bs.length;
  if (T === 0) return;
  const B = bs[0]!;
  const GH = gatesOf(cell) * H;
  const offs = offsets(bs);
  const whh = mc.prepare(a.wHh, P, GH, true);
  const whr = a.wHr === null ? null : mc.prepare(a.wHr, H, P, true);
  const hg = mc.scratch(B * GH);
  const hs = mc.scratch(B * P);
  const cs = cell === 'lstm' ? mc.scratch(B * H) : null;
  const relu = cell === 'rnnRelu';
  for (let k = 0; k < T; k++) {
    const t = reverse ? T - 1 - k : k;
    const b = bs[t]!;
    const off = offs[t]!;
    // the states each row starts from: the previous step's (rows it had), else the initial ones
    const pt = previous(t, T, reverse);
    const bp = pt >= 0 ? Math.min(b, bs[pt]!) : 0;
    const offPrev = pt >= 0 ? offs[pt]! : 0;
    const hp = prevState(mc, a.out, a.h0, P, offPrev, bp, b, hs);
    mc.gemm(hp, b, whh, hg);
    const xg = shift(a.xg, off * GH);
    const out = shift(a.out, off * P);
    if (cell === 'lstm') {
      const cp = prevState(mc, a.c!, a.c0!, H, offPrev, bp, b, cs!);
      const m = whr === null ? out : shift(a.m!, off * H);
      mc.lstm(b, H, xg, hg, a.bHh, cp, shift(a.act!, off * 4 * H), shift(a.c!, off * H), m);
      if (whr !== null) mc.gemm(m, b, whr, out);
    } else if (cell === 'gru') {
      mc.gru(b, H, xg, hg, a.bHh, hp, shift(a.act!, off * 4 * H), out);
    } else {
      mc.rnn(relu, b, H, xg, hg, a.bHh, out);
    }
    // rows that do not go on to the next step end here
    const nt = reverse ? t - 1 : t + 1;
    const bn = nt >= 0 && nt < T ? Math.min(b, bs[nt]!) : 0;
    if (bn < b) {
      mc.copy(shift(a.hN, bn * P), shift(out, bn * P), (b - bn) * P);
      if (cell === 'lstm') mc.copy(shift(a.cN!, bn * H), shift(a.c!, (off + bn) * H), (b - bn) * H);
    }
  }
}

/** The backward's time loop: the forward's steps in the opposite order. */
export function recurrentBackward(mc: RecurrentMachine, s: RecurrentShape, a: RecurrentBufs, g: RecurrentGradBufs): void {
  const { cell, hidden: H, size: P, batchSizes: bs, reverse } = s;
  const T = bs.length;
  const B = bs[0] ?? 0;
  const GH = gatesOf(cell) * H;
  const offs = offsets(bs);
  const whh = mc.prepare(a.wHh, GH, P, false);
  const whr = a.wHr === null ? null : mc.prepare(a.wHr, P, H, false);
  // running gradients of each row's h and c: the last states' to start with, then each step's
  // gradient of the state it started from (rows that started from h0 keep theirs: dh0)
  const dhCur = g.dh0;
  if (g.dhN !== null) mc.copy(dhCur, g.dhN, B * P);
  const dcCur = g.dc0;
  if (dcCur !== null && g.dcN !== null) mc.copy(dcCur, g.dcN, B * H);
  const dhStep = whr === null ? mc.scratch(B * P) : null;
  const dm = whr === null ? null : mc.scratch(B * H);
  const direct = cell === 'gru' ? mc.scratch(B * P) : null;
  const states = cell === 'lstm' ? mc.scratch(B * H) : cell === 'gru' ? mc.scratch(B * P) : null;
  const relu = cell === 'rnnRelu';
  for (let k = 0; k < T; k++) {
    const t = reverse ? k : T - 1 - k;
    const b = bs[t]!;
    const off = offs[t]!;
    const pt = previous(t, T, reverse);
    const bp = pt >= 0 ? Math.min(b, bs[pt]!) : 0;
    const offPrev = pt >= 0 ? offs[pt]! : 0;
    const dh = dhStep ?? shift(g.dh!, off * P);
    if (g.dOut !== null) mc.add(dh, dhCur, shift(g.dOut, off * P), b * P);
    else mc.copy(dh, dhCur, b * P);
    let dmv = dh;
    if (whr !== null) {
      mc.gemm(dh, b, whr, dm!);
      dmv = dm!;
    }
    const dxg = shift(g.dxg, off * GH);
    let dhg = dxg;
    if (cell === 'lstm') {
      const cp = prevState(mc, a.c!, a.c0!, H, offPrev, bp, b, states!);
      mc.lstmBack(b, H, shift(a.act!, off * 4 * H), cp, shift(a.c!, off * H), dmv, dcCur, dxg, dcCur!);
    } else if (cell === 'gru') {
      dhg = shift(g.dhg!, off * GH);
      const hp = prevState(mc, a.out, a.h0, P, offPrev, bp, b, states!);
      mc.gruBack(b, H, shift(a.act!, off * 4 * H), hp, dmv, dxg, dhg, direct!);
    } else {
      mc.rnnBack(relu, b, H, shift(a.out, off * P), dmv, dxg);
    }
    mc.gemm(dhg, b, whh, dhCur);
    if (direct !== null) mc.add(dhCur, dhCur, direct, b * P);
  }
}
