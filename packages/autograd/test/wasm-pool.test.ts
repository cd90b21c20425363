// The wasm backend's helper pool when a kernel fails: the call throws (it never hangs, and never
// returns a wrong result), and later products are still right, with or without the helper.
import { describe, expect, it } from 'vitest';
import { Generator, getBackendName, randn, setBackend } from '@chainrule/autograd';
import { context, helperReady } from '../src/backend/wasm/kernels.js';

describe('wasm helper pool', () => {
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
