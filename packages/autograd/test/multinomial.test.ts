/**
 * multinomial: PyTorch cannot give the same samples (another generator), so the draws are tested
 * statistically with fixed seeds and tolerances several standard errors wide; shapes, dtypes and
 * errors follow PyTorch (one-outcome rows are also in the PyTorch parity registry).
 */
import { describe, expect, it } from 'vitest';
import { Generator, manualSeed, multinomial, tensor } from '@chainrule/autograd';

const counts = (draws: ArrayLike<number>, n: number): number[] => {
  const c = new Array<number>(n).fill(0);
  for (let i = 0; i < draws.length; i++) c[draws[i]!]!++;
  return c;
};

describe('multinomial', () => {
  it('with replacement: frequencies match the normalised weights (chi-square, 20 000 draws)', () => {
    const w = [1, 0, 3, 6, 10];
    const N = 20000;
    const c = counts(multinomial(tensor(w), N, { replacement: true, generator: new Generator(1) }).toArray(), w.length);
    expect(c[1]).toBe(0); // zero weight: never drawn
    const total = w.reduce((a, b) => a + b);
    let chi2 = 0;
    w.forEach((wi, i) => {
      if (wi === 0) return;
      const e = (N * wi) / total;
      chi2 += (c[i]! - e) ** 2 / e;
    });
    expect(chi2).toBeLessThan(16.3); // 3 degrees of freedom: p = 0.001
  });

  it('without replacement: distinct categories, the first draw distributed as the weights, the second as a draw from the rest', () => {
    const w = [0.5, 0.3, 0.2];
    const g = new Generator(2);
    const N = 20000;
    const draws = multinomial(tensor([w]).expand([N, 3]).contiguous(), 2, { generator: g }).toArray();
    const first = new Array(3).fill(0);
    const pairs = new Map<string, number>();
    for (let i = 0; i < N; i++) {
      const [a, b] = [draws[2 * i]!, draws[2 * i + 1]!];
      expect(a).not.toBe(b);
      first[a]++;
      pairs.set(`${a}${b}`, (pairs.get(`${a}${b}`) ?? 0) + 1);
    }
    w.forEach((p, i) => expect(Math.abs(first[i] / N - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / N)));
    // P(first 0, then 1) = 0.5 · 0.3 / 0.5 = 0.3; P(2 then 1) = 0.2 · 0.3 / 0.8 = 0.075
    for (const [key, p] of [['01', 0.3], ['21', 0.075], ['12', (0.3 * 0.2) / 0.7]] as const) {
      expect(Math.abs((pairs.get(key) ?? 0) / N - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / N));
    }
    // every category once when numSamples = n
    const all = multinomial(tensor([1, 2, 3, 4]), 4, { generator: g }).toArray();
    expect([...all].sort()).toEqual([0, 1, 2, 3]);
    // fewer non-zero weights than samples: PyTorch fills in with zero-weight categories after them
    const filled = [...multinomial(tensor([0, 5, 0]), 3, { generator: g }).toArray()];
    expect(filled[0]).toBe(1);
    expect([...filled].sort()).toEqual([0, 1, 2]);
  });

  it('takes 1-D or 2-D weights, gives int32 [numSamples] or [rows, numSamples], and repeats with the seed', () => {
    expect(multinomial(tensor([0.2, 0.8]), 5, { replacement: true }).shape).toEqual([5]);
    const x = tensor([[1, 1, 0], [0, 0, 1]], { dtype: 'float64' });
    const y = x.multinomial(2, { replacement: true, generator: new Generator(4) });
    expect(y.shape).toEqual([2, 2]);
    expect(y.dtype).toBe('int32');
    expect([...y.select(0, 1).toArray()]).toEqual([2, 2]);
    expect(String(x.multinomial(2, { generator: new Generator(9) }))).toBe(String(x.multinomial(2, { generator: new Generator(9) })));
    manualSeed(5);
    const a = String(multinomial(tensor([1, 2, 3]), 10, { replacement: true }));
    manualSeed(5);
    expect(String(multinomial(tensor([1, 2, 3]), 10, { replacement: true }))).toBe(a);
    expect(multinomial(tensor([1, 2]), 1).requiresGrad).toBe(false);
  });

  it("refuses what PyTorch refuses, with PyTorch's reasons", () => {
    expect(() => multinomial(tensor([1, 2], { dtype: 'int32' }), 1)).toThrow(TypeError);
    expect(() => multinomial(tensor(1), 1)).toThrow(/1 or 2 dim/);
    expect(() => multinomial(tensor([[[1]]]), 1)).toThrow(/1 or 2 dim/);
    expect(() => multinomial(tensor([1, 2]), 0)).toThrow(/numSamples <= 0/);
    expect(() => multinomial(tensor([1, 2]), 1.5)).toThrow(TypeError);
    expect(() => multinomial(tensor([1, 2]), 3)).toThrow(/without replacement/);
    expect(() => multinomial(tensor([1, -1]), 1)).toThrow(/element < 0/);
    expect(() => multinomial(tensor([1, NaN]), 1, { replacement: true })).toThrow(/`nan`/);
    expect(() => multinomial(tensor([1, Infinity]), 1)).toThrow(/`inf`/);
    expect(() => multinomial(tensor([[1, 1], [0, 0]]), 1)).toThrow(/sum of probabilities <= 0/);
  });
});
