import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Generator } from '@chainrule/autograd';
import { BatchSampler, RandomSampler, SequentialSampler, SubsetRandomSampler, WeightedRandomSampler } from '@chainrule/data';

const sorted = (a: number[]): number[] => [...a].sort((x, y) => x - y);
const iota = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

describe('SequentialSampler', () => {
  it('yields 0..n-1', () => {
    const s = new SequentialSampler({ length: 4 });
    expect([...s]).toEqual([0, 1, 2, 3]);
    expect(s.length).toBe(4);
  });
});

describe('RandomSampler', () => {
  it('yields a permutation each pass; passes differ; the same seed repeats (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 }), fc.integer(), (n, seed) => {
        const s = new RandomSampler({ length: n }, { generator: new Generator(seed) });
        const a = [...s];
        expect(sorted(a)).toEqual(iota(n));
        const again = new RandomSampler({ length: n }, { generator: new Generator(seed) });
        expect([...again]).toEqual(a);
      }),
    );
    const s = new RandomSampler({ length: 30 }, { generator: new Generator(1) });
    expect([...s]).not.toEqual([...s]);
  });

  it('numSamples beyond the length chains whole permutations; replacement draws in range', () => {
    const s = new RandomSampler({ length: 4 }, { numSamples: 10, generator: new Generator(0) });
    const a = [...s];
    expect(s.length).toBe(10);
    expect(sorted(a.slice(0, 4))).toEqual(iota(4));
    expect(sorted(a.slice(4, 8))).toEqual(iota(4));
    expect(new Set(a.slice(8)).size).toBe(2);
    const r = [...new RandomSampler({ length: 3 }, { replacement: true, numSamples: 200, generator: new Generator(0) })];
    expect(r).toHaveLength(200);
    expect(new Set(r)).toEqual(new Set([0, 1, 2]));
  });

  it('refuses a non-positive numSamples with PyTorch words', () => {
    expect(() => new RandomSampler({ length: 3 }, { numSamples: 0 })).toThrow(/num_samples should be a positive integer value, but got num_samples=0/);
  });
});

describe('SubsetRandomSampler', () => {
  it('yields each given index once, shuffled', () => {
    const idx = [3, 9, 27, 81, 5];
    const a = [...new SubsetRandomSampler(idx, new Generator(2))];
    expect(sorted(a)).toEqual(sorted(idx));
    expect([...new SubsetRandomSampler(idx, new Generator(2))]).toEqual(a);
  });
});

describe('WeightedRandomSampler', () => {
  it('draws in proportion to the weights and never a zero weight', () => {
    const w = [1, 0, 3, 6];
    const draws = [...new WeightedRandomSampler(w, 20000, { generator: new Generator(0) })];
    const freq = [0, 1, 2, 3].map((k) => draws.filter((d) => d === k).length / draws.length);
    expect(freq[1]).toBe(0);
    // standard error of a proportion at n = 20000 is under 0.0035; allow 5 of them
    expect(Math.abs(freq[0]! - 0.1)).toBeLessThan(0.0175);
    expect(Math.abs(freq[2]! - 0.3)).toBeLessThan(0.0175);
    expect(Math.abs(freq[3]! - 0.6)).toBeLessThan(0.0175);
  });

  it('without replacement yields distinct non-zero-weight indices (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 10, noNaN: true }), { minLength: 1, maxLength: 20 }), fc.integer(), (w, seed) => {
        const nonZero = w.filter((x) => x > 0).length;
        fc.pre(nonZero > 0);
        const k = 1 + (Math.abs(seed) % nonZero);
        const a = [...new WeightedRandomSampler(w, k, { replacement: false, generator: new Generator(seed) })];
        expect(a).toHaveLength(k);
        expect(new Set(a).size).toBe(k);
        for (const i of a) expect(w[i]!).toBeGreaterThan(0);
      }),
    );
  });

  it('without replacement, the first draw follows the weights', () => {
    let ones = 0;
    const g = new Generator(5);
    for (let t = 0; t < 4000; t++) ones += [...new WeightedRandomSampler([1, 3], 1, { replacement: false, generator: g })][0]!;
    expect(Math.abs(ones / 4000 - 0.75)).toBeLessThan(0.035); // 5 standard errors
  });

  it('refuses negative, NaN or all-zero weights and impossible sample counts', () => {
    expect(() => new WeightedRandomSampler([1, -1], 2)).toThrow(/got -1 at index 1/);
    expect(() => new WeightedRandomSampler([1, NaN], 2)).toThrow(/got NaN at index 1/);
    expect(() => new WeightedRandomSampler([0, 0], 2)).toThrow(/sum of weights <= 0/);
    expect(() => new WeightedRandomSampler([1, 0, 1], 3, { replacement: false })).toThrow(/cannot draw 3 samples without replacement from 2 non-zero weights/);
    expect(() => new WeightedRandomSampler([1], 0)).toThrow(/num_samples should be a positive integer value/);
  });
});

describe('BatchSampler', () => {
  it('groups indices; length is ceil or floor (property)', () => {
    fc.assert(
      fc.property(fc.nat(50), fc.integer({ min: 1, max: 12 }), fc.boolean(), (n, b, dropLast) => {
        const s = new BatchSampler(new SequentialSampler({ length: n }), b, dropLast);
        const batches = [...s];
        expect(batches).toHaveLength(s.length);
        expect(s.length).toBe(dropLast ? Math.floor(n / b) : Math.ceil(n / b));
        batches.forEach((batch, i) => {
          if (i < batches.length - 1 || dropLast) expect(batch).toHaveLength(b);
        });
        expect(batches.flat()).toEqual(iota(dropLast ? b * Math.floor(n / b) : n));
      }),
    );
  });

  it('refuses a batch size that is not a positive integer', () => {
    expect(() => new BatchSampler(new SequentialSampler({ length: 3 }), 0, false)).toThrow(/batch_size should be a positive integer value, but got batch_size=0/);
  });
});
