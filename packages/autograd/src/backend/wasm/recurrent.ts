/**
 * The recurrent layers of the wasm backend (float32; float64 runs the JS kernels): the whole
 * sequence runs inside the kernel memory. The inputs are staged once, W_hh (and W_hr) packed once
 * for the products of every step, then each step is one packed matrix product and one fused cell
 * kernel on arrays that stay in the memory; the outputs are copied out at the end.
 * @module
 */
import type { TypedArray } from '../../dtype.js';
import * as js from '../js/recurrent.js';
import type { RecurrentArrays, RecurrentGrads, RecurrentShape } from '../backend.js';
import { gatesOf, recurrentBackward, recurrentForward } from '../js/recurrent-loop.js';
import type { Buf, Prepared, RecurrentBufs, RecurrentGradBufs, RecurrentMachine } from '../js/recurrent-loop.js';
import { GEMM_NR } from './instance.js';
import { context } from './kernels.js';

const ES = 4;
/** Buffers here are addresses: `at` is the element index in the memory (the array is unused). */
const NONE = new Float32Array(0);
type Ctx = ReturnType<typeof context>;

const ptr = (b: Buf): number => b.at * ES;

function machine(c: Ctx): RecurrentMachine {
  const heap = (): Float32Array => c.mem.viewOf(NONE) as Float32Array;
  const k = c.k;
  return {
    scratch(n) {
      const at = c.mem.alloc(n * ES) / ES;
      heap().fill(0, at, at + n);
      return { a: NONE, at };
    },
    prepare(w, kk, n, transposed): Prepared {
      const nr = GEMM_NR.f32;
      const packed = c.mem.alloc(kk * Math.ceil(n / nr) * nr * ES);
      const [sk, sn] = transposed ? [1, kk] : [n, 1];
      k.packb_f32(ptr(w), sk, sn, kk, n, packed);
      return { w, k: kk, n, sk, sn, packed };
    },
    gemm(a, m, w, out) {
      if (m > 0) k.gemm_pb_f32(ptr(a), w.k, 1, w.packed!, w.k, ptr(out), w.n, m, w.n, c.mem.workspace);
    },
    copy(dst, src, n) {
      heap().copyWithin(dst.at, src.at, src.at + n);
    },
    add(dst, x, y, n) {
      k.bin_f32(0, 0, ptr(x), ptr(y), ptr(dst), 1, n, 0, 0);
    },
    lstm: (rows, H, xg, hg, b, cp, act, cc, h) => k.lstm_f32(rows, H, ptr(xg), ptr(hg), ptr(b!), ptr(cp), ptr(act), ptr(cc), ptr(h)),
    lstmBack: (rows, H, act, cp, cc, dh, dc, dg, dcp) => k.lstm_back_f32(rows, H, ptr(act), ptr(cp), ptr(cc), ptr(dh), ptr(dc!), ptr(dg), ptr(dcp)),
    gru: (rows, H, xg, hg, b, hp, act, h) => k.gru_f32(rows, H, ptr(xg), ptr(hg), ptr(b!), ptr(hp), ptr(act), ptr(h)),
    gruBack: (rows, H, act, hp, dh, dx, dhg, dp) => k.gru_back_f32(rows, H, ptr(act), ptr(hp), ptr(dh), ptr(dx), ptr(dhg), ptr(dp)),
    rnn: (relu, rows, H, xg, hg, b, h) => (relu ? k.rnn_relu_f32 : k.rnn_tanh_f32)(rows, H, ptr(xg), ptr(hg), ptr(b!), ptr(h)),
    rnnBack: (relu, rows, H, h, dh, dg) => (relu ? k.rnn_relu_back_f32 : k.rnn_tanh_back_f32)(rows, H, ptr(h), ptr(dh), ptr(dg)),
  };
}

/** Runs `body` with the kernel memory's arena, released after. */
function inArena(body: (c: Ctx, stage: (x: TypedArray | null) => Buf | null, alloc: (x: TypedArray | null) => Buf | null) => void): void {
  const c = context();
  const mark = c.mem.mark();
  try {
    const stage = (x: TypedArray | null): Buf | null => (x === null ? null : { a: NONE, at: c.mem.stage(x, 0, x.length) / ES });
    const alloc = (x: TypedArray | null): Buf | null => (x === null ? null : { a: NONE, at: c.mem.alloc(x.length * ES) / ES });
    body(c, stage, alloc);
  } finally {
    c.mem.release(mark);
  }
}

function unstage(c: Ctx, pairs: readonly (readonly [Buf | null, TypedArray | null])[]): void {
  for (const [b, x] of pairs) if (b !== null && x !== null) c.mem.unstage(ptr(b), x, 0, x.length);
}

export function rnnForward(s: RecurrentShape, a: RecurrentArrays): void {
  if (!(a.xg instanceof Float32Array)) return js.rnnForward(s, a);
  inArena((c, stage, alloc) => {
    const mc = machine(c);
    const b: RecurrentBufs = {
      xg: stage(a.xg)!,
      h0: stage(a.h0)!,
      c0: stage(a.c0),
      wHh: stage(a.wHh)!,
      // the kernels always add a bias: zeros when there is none
      bHh: stage(a.bHh) ?? mc.scratch(gatesOf(s.cell) * s.hidden),
      wHr: stage(a.wHr),
      out: alloc(a.out)!,
      hN: alloc(a.hN)!,
      cN: alloc(a.cN),
      act: alloc(a.act),
      c: alloc(a.c),
      m: alloc(a.m),
    };
    recurrentForward(mc, s, b);
    unstage(c, [[b.out, a.out], [b.hN, a.hN], [b.cN, a.cN], [b.act, a.act], [b.c, a.c], [b.m, a.m]]);
  });
}

export function rnnBackward(s: RecurrentShape, a: RecurrentArrays, g: RecurrentGrads): void {
  if (!(a.xg instanceof Float32Array)) return js.rnnBackward(s, a, g);
  inArena((c, stage, alloc) => {
    const mc = machine(c);
    const none: Buf = { a: NONE, at: 0 };
    // what the backward loop reads of the forward's arrays (the rest it never touches)
    const lstm = s.cell === 'lstm';
    const b: RecurrentBufs = {
      xg: none, bHh: null, hN: none, cN: null, m: null,
      // the LSTM rebuilds each step's starting c from c and c0; the others their h from out and h0
      h0: lstm ? none : stage(a.h0)!,
      c0: stage(a.c0),
      out: lstm ? none : stage(a.out)!,
      wHh: stage(a.wHh)!,
      wHr: stage(a.wHr),
      act: stage(a.act),
      c: stage(a.c),
    };
    const zeroed = (x: TypedArray | null): Buf | null => (x === null ? null : mc.scratch(x.length));
    const d: RecurrentGradBufs = {
      dOut: stage(g.dOut),
      dhN: stage(g.dhN),
      dcN: stage(g.dcN),
      dxg: alloc(g.dxg)!,
      dhg: alloc(g.dhg),
      dh0: zeroed(g.dh0)!,
      dc0: zeroed(g.dc0),
      dh: alloc(g.dh),
    };
    recurrentBackward(mc, s, b, d);
    unstage(c, [[d.dxg, g.dxg], [d.dhg, g.dhg], [d.dh0, g.dh0], [d.dc0, g.dc0], [d.dh, g.dh]]);
  });
}
