/**
 * The recurrent layers of the JS backend: the shared time loop (`recurrent-loop.ts`) on the JS
 * matmul and these fused cell kernels, each a single pass over a step's rows that computes in
 * float64 and rounds once when it stores (float32 arrays round on assignment).
 * @module
 */
import type { TypedArray } from '../../dtype.js';
import type { View } from '../backend.js';
import type { RecurrentArrays, RecurrentGrads, RecurrentShape } from '../backend.js';
import { recurrentBackward, recurrentForward } from './recurrent-loop.js';
import type { Buf, Prepared, RecurrentBufs, RecurrentGradBufs, RecurrentMachine } from './recurrent-loop.js';
import { sigmoid } from './math.js';
import { matmul } from './matmul.js';

const tanh = Math.tanh;

/** The JS machine: every buffer is its own array; scratch is fresh. */
export function jsMachine(like: TypedArray): RecurrentMachine {
  const Ctor = like.constructor as new (n: number) => TypedArray;
  const view = (b: Buf, rows: number, cols: number, sr: number, sc: number): View => ({ data: b.a, shape: [1, rows, cols], strides: [0, sr, sc], offset: b.at });
  return {
    scratch: (n) => ({ a: new Ctor(n), at: 0 }),
    prepare: (w, k, n, transposed): Prepared => (transposed ? { w, k, n, sk: 1, sn: k } : { w, k, n, sk: n, sn: 1 }),
    gemm(a, m, w, c) {
      if (m === 0) return;
      matmul(view(a, m, w.k, w.k, 1), view(w.w, w.k, w.n, w.sk, w.sn), c.a.subarray(c.at, c.at + m * w.n));
    },
    copy(dst, src, n) {
      dst.a.set(src.a.subarray(src.at, src.at + n), dst.at);
    },
    add(dst, x, y, n) {
      const [d, xa, ya] = [dst.a, x.a, y.a];
      for (let i = 0; i < n; i++) d[dst.at + i] = xa[x.at + i]! + ya[y.at + i]!;
    },
    lstm: lstmCell,
    lstmBack: lstmCellBackward,
    gru: gruCell,
    gruBack: gruCellBackward,
    rnn: rnnCell,
    rnnBack: rnnCellBackward,
  };
}

/** The arrays as buffers of the JS machine (each its own array, from element 0). */
export function bufs<T extends object>(arrays: T): { [K in keyof T]: T[K] extends TypedArray ? Buf : Buf | null } {
  const out: Record<string, Buf | null> = {};
  for (const [k, v] of Object.entries(arrays)) out[k] = v === null ? null : { a: v as TypedArray, at: 0 };
  return out as { [K in keyof T]: T[K] extends TypedArray ? Buf : Buf | null };
}

export function rnnForward(s: RecurrentShape, a: RecurrentArrays): void {
  recurrentForward(jsMachine(a.xg), s, bufs(a) as RecurrentBufs);
}

export function rnnBackward(s: RecurrentShape, a: RecurrentArrays, g: RecurrentGrads): void {
  recurrentBackward(jsMachine(a.xg), s, bufs(a) as RecurrentBufs, bufs(g) as RecurrentGradBufs);
}

const bias = (b: Buf | null, j: number): number => (b === null ? 0 : b.a[b.at + j]!);

function lstmCell(rows: number, H: number, xg: Buf, hg: Buf, b: Buf | null, cPrev: Buf, act: Buf, c: Buf, h: Buf): void {
  const [x, hh, cp, ac, cc, ho] = [xg.a, hg.a, cPrev.a, act.a, c.a, h.a];
  for (let r = 0; r < rows; r++) {
    const g0 = r * 4 * H;
    for (let j = 0; j < H; j++) {
      const z = (q: number): number => x[xg.at + g0 + q * H + j]! + (hh[hg.at + g0 + q * H + j]! + bias(b, q * H + j));
      const i = sigmoid(z(0));
      const f = sigmoid(z(1));
      const g = tanh(z(2));
      const o = sigmoid(z(3));
      const k = r * H + j;
      const cn = f * cp[cPrev.at + k]! + i * g;
      const a0 = act.at + g0 + j;
      ac[a0] = i;
      ac[a0 + H] = f;
      ac[a0 + 2 * H] = g;
      ac[a0 + 3 * H] = o;
      cc[c.at + k] = cn;
      ho[h.at + k] = o * tanh(cc[c.at + k]!);
    }
  }
}

function lstmCellBackward(rows: number, H: number, act: Buf, cPrev: Buf, c: Buf, dh: Buf, dc: Buf | null, dG: Buf, dcPrev: Buf): void {
  const [ac, cp, cc, dha, dg, dcp] = [act.a, cPrev.a, c.a, dh.a, dG.a, dcPrev.a];
  for (let r = 0; r < rows; r++) {
    const g0 = r * 4 * H;
    for (let j = 0; j < H; j++) {
      const a0 = act.at + g0 + j;
      const i = ac[a0]!;
      const f = ac[a0 + H]!;
      const g = ac[a0 + 2 * H]!;
      const o = ac[a0 + 3 * H]!;
      const k = r * H + j;
      const tc = tanh(cc[c.at + k]!);
      const d = dha[dh.at + k]!;
      // dc accumulates the state's own gradient and h's through o ⊙ tanh(c)
      const dct = (dc === null ? 0 : dc.a[dc.at + k]!) + d * o * (1 - tc * tc);
      const d0 = dG.at + g0 + j;
      dg[d0] = dct * g * i * (1 - i);
      dg[d0 + H] = dct * cp[cPrev.at + k]! * f * (1 - f);
      dg[d0 + 2 * H] = dct * i * (1 - g * g);
      dg[d0 + 3 * H] = d * tc * o * (1 - o);
      dcp[dcPrev.at + k] = dct * f;
    }
  }
}

function gruCell(rows: number, H: number, xg: Buf, hg: Buf, b: Buf | null, hPrev: Buf, act: Buf, h: Buf): void {
  const [x, hh, hp, ac, ho] = [xg.a, hg.a, hPrev.a, act.a, h.a];
  for (let r = 0; r < rows; r++) {
    const g0 = r * 3 * H;
    const a0 = r * 4 * H;
    for (let j = 0; j < H; j++) {
      const hq = (q: number): number => hh[hg.at + g0 + q * H + j]! + bias(b, q * H + j);
      const rg = sigmoid(x[xg.at + g0 + j]! + hq(0));
      const zg = sigmoid(x[xg.at + g0 + H + j]! + hq(1));
      const hn = hq(2);
      const n = tanh(x[xg.at + g0 + 2 * H + j]! + rg * hn);
      const k = r * H + j;
      const p = act.at + a0 + j;
      ac[p] = rg;
      ac[p + H] = zg;
      ac[p + 2 * H] = n;
      ac[p + 3 * H] = hn;
      // PyTorch's form: n + z ⊙ (h − n)
      ho[h.at + k] = n + zg * (hp[hPrev.at + k]! - n);
    }
  }
}

function gruCellBackward(rows: number, H: number, act: Buf, hPrev: Buf, dh: Buf, dxg: Buf, dhg: Buf, dhPrev: Buf): void {
  const [ac, hp, dha, dx, dhh, dp] = [act.a, hPrev.a, dh.a, dxg.a, dhg.a, dhPrev.a];
  for (let r = 0; r < rows; r++) {
    const g0 = r * 3 * H;
    const a0 = r * 4 * H;
    for (let j = 0; j < H; j++) {
      const p = act.at + a0 + j;
      const rg = ac[p]!;
      const zg = ac[p + H]!;
      const n = ac[p + 2 * H]!;
      const hn = ac[p + 3 * H]!;
      const k = r * H + j;
      const d = dha[dh.at + k]!;
      const dn = d * (1 - zg) * (1 - n * n);
      const dr = dn * hn * rg * (1 - rg);
      const dz = d * (hp[hPrev.at + k]! - n) * zg * (1 - zg);
      const q = g0 + j;
      dx[dxg.at + q] = dr;
      dx[dxg.at + q + H] = dz;
      dx[dxg.at + q + 2 * H] = dn;
      dhh[dhg.at + q] = dr;
      dhh[dhg.at + q + H] = dz;
      dhh[dhg.at + q + 2 * H] = dn * rg;
      dp[dhPrev.at + k] = d * zg;
    }
  }
}

function rnnCell(relu: boolean, rows: number, H: number, xg: Buf, hg: Buf, b: Buf | null, h: Buf): void {
  const [x, hh, ho] = [xg.a, hg.a, h.a];
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < H; j++) {
      const k = r * H + j;
      const z = x[xg.at + k]! + (hh[hg.at + k]! + bias(b, j));
      ho[h.at + k] = relu ? (z > 0 ? z : z !== z ? z : 0) : tanh(z);
    }
  }
}

function rnnCellBackward(relu: boolean, rows: number, H: number, h: Buf, dh: Buf, dG: Buf): void {
  const [ho, dha, dg] = [h.a, dh.a, dG.a];
  for (let k = 0; k < rows * H; k++) {
    const y = ho[h.at + k]!;
    const d = dha[dh.at + k]!;
    // relu: a select, 0 where the output is 0 (as the relu primitive's rule)
    dg[dG.at + k] = relu ? (y > 0 ? d : 0) : d * (1 - y * y);
  }
}
