// fusedAdamStep_: one kernel pass giving, bit for bit, what Adam's op-by-op update gives, on each
// backend (the suite runs per backend), for float32 and float64, both lerp branches, and sizes on
// both sides of the wasm kernels' thresholds.
import { describe, expect, it } from 'vitest';
import { Generator, noGrad, rand, randn } from '@chainrule/autograd';
import { fusedAdamStep_ } from '@chainrule/autograd/backend';
import type { Tensor } from '@chainrule/autograd';

function opByOp(p: Tensor, g: Tensor, m: Tensor, v: Tensor, beta1: number, beta2: number, stepSize: number, bc2Sqrt: number, eps: number): Tensor[] {
  const w = 1 - beta1;
  const m2 = w < 0.5 ? m.add(g.sub(m).mul(w)) : g.sub(g.sub(m).mul(1 - w));
  const v2 = v.mul(beta2).add(g.mul(1 - beta2).mul(g));
  const p2 = p.add(m2.mul(-stepSize).div(v2.sqrt().div(bc2Sqrt).add(eps)));
  return [p2, m2, v2];
}

describe('fusedAdamStep_', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    it(`equals the op-by-op update bit for bit (${dtype})`, () => {
      noGrad(() => {
        for (const n of [7, 3001, 70001]) {
          for (const [beta1, beta2, step] of [[0.9, 0.999, 3], [0.3, 0.5, 1]] as const) {
            const gen = new Generator(n + step);
            const p = randn([n], { dtype, generator: gen });
            const g = randn([n], { dtype, generator: gen });
            const m = randn([n], { dtype, generator: gen }).mul(0.1);
            const v = rand([n], { dtype, generator: gen }).mul(0.01);
            const stepSize = 1e-3 / (1 - beta1 ** step);
            const bc2Sqrt = Math.sqrt(1 - beta2 ** step);
            const want = opByOp(p, g, m, v, beta1, beta2, stepSize, bc2Sqrt, 1e-8).map((t) => Array.from(t.toArray()));
            const version = p._storage.version;
            expect(fusedAdamStep_(p, g, m, v, { beta1, beta2, stepSize, bc2Sqrt, eps: 1e-8 })).toBe(true);
            expect(p._storage.version).toBe(version + 1);
            [p, m, v].forEach((t, k) => {
              const got = Array.from(t.toArray());
              const bad = got.findIndex((x, i) => !Object.is(x, want[k]![i]));
              expect(bad, `tensor ${k}, n ${n}, beta1 ${beta1}`).toBe(-1);
            });
          }
        }
      });
    });
  }

  it('refuses (changing nothing) tensors it cannot take in one pass', () => {
    const p = randn([4, 3]);
    const before = Array.from(p.toArray());
    const opts = { beta1: 0.9, beta2: 0.999, stepSize: 0.1, bc2Sqrt: 0.1, eps: 1e-8 };
    expect(fusedAdamStep_(p, randn([3, 4]).t(), randn([4, 3]), randn([4, 3]), opts)).toBe(false); // strided
    expect(fusedAdamStep_(p, randn([4, 3], { dtype: 'float64' }), randn([4, 3]), randn([4, 3]), opts)).toBe(false);
    expect(fusedAdamStep_(p, randn([12]), p, randn([12]), opts)).toBe(false); // shared storage
    expect(Array.from(p.toArray())).toEqual(before);
  });
});
