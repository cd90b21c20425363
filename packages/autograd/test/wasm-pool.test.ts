// The wasm backend's helper pool when a kernel fails: the call throws (it never hangs, and never
// returns a wrong result), and later products are still right, with or without the helper.
import { describe, expect, it } from 'vitest';
import { Generator, getBackendName, randn, setBackend } from '@chainrule/autograd';
import { context, helperReady } from '../src/backend/wasm/kernels.js';
import { MAX_TILES, runJob } from '../src/backend/wasm/pool.js';

describe('wasm helper pool', () => {
  it('a finished product leaves the claim word closed, so a late thread reading the next job\'s words half-written claims nothing', async () => {
    const initial = getBackendName();
    try {
      setBackend('wasm');
      expect(await helperReady()).toBe(true);
      const g = (s: number): { generator: Generator } => ({ generator: new Generator(s) });
      randn([300, 200], g(1)).matmul(randn([200, 260], g(2))).toArray();
      const ctl = context().pool['ctl'] as Int32Array;
      expect(Atomics.load(ctl, 1) & 0xffff).toBe(MAX_TILES);
      const calls: number[] = [];
      const fns = [0, 1].map((k) => () => void calls.push(k));
      expect(runJob(ctl, fns, 0)).toBe(0);
      expect(calls).toEqual([]);
    } finally {
      setBackend(initial);
    }
  });

  it('a product whose kernels fail (addresses outside the memory) throws, and later products are right', async () => {
    const initial = getBackendName();
    try {
      setBackend('wasm');
      expect(await helperReady()).toBe(true);
      const c = context();
      const bad = c.mem.byteLength + (1 << 20);
      expect(() => c.pool.gemmPacked('f32', bad, 512, 1, bad, 512, 1, 512, 512, 64, bad, bad, 512, 512, 16)).toThrow();
      const g = (s: number): { generator: Generator } => ({ generator: new Generator(s) });
      const a = randn([300, 200], g(1));
      const b = randn([200, 260], g(2));
      const wasm = a.matmul(b).toArray();
      setBackend('js');
      const js = a.matmul(b).toArray();
      for (let i = 0; i < js.length; i++) expect(Math.abs(wasm[i]! - js[i]!)).toBeLessThan(1e-3 * (1 + Math.abs(js[i]!)));
    } finally {
      setBackend(initial);
    }
  });
});

describe('runJob (the tile loop both threads run)', () => {
  // a control block: [0] SEQ, [1] CLAIM, [2] DONE, [4] FAILED, [6] ACTIVE, job words from [8]
  const job = (seq: number, claim: number, kernel: number, ntiles: number): Int32Array => {
    const c = new Int32Array(new SharedArrayBuffer(64 * 4));
    c[0] = seq;
    c[1] = claim;
    c[8] = 0;
    c[9] = kernel;
    c[10] = ntiles;
    c[11] = 4;
    c.set([0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1], 12); // pointers and strides
    c.set([4, 4, 1, 2, 2, 2], 23); // M, N, K, tile rows, tile columns, tiles across
    return c;
  };
  const recorder = (): { calls: string[]; fns: ((...a: number[]) => void)[] } => {
    const calls: string[] = [];
    return { calls, fns: [0, 1].map((k) => (...a: number[]) => void calls.push(`kernel ${k}: ${a.slice(8, 10).join('x')}`)) };
  };

  it('runs every tile of the published job with that job\'s kernel', () => {
    const { calls, fns } = recorder();
    const c = job(3, 3 << 16, 1, 4);
    expect(runJob(c, fns, 0)).toBe(4);
    expect(calls).toEqual(['kernel 1: 2x2', 'kernel 1: 2x2', 'kernel 1: 2x2', 'kernel 1: 2x2']);
    expect(c[2]).toBe(4);
  });

});
