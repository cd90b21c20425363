import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Generator } from '@chainrule/autograd';
import { makeCircles, makeLinearlySeparable, makeMoons, makePlanarFlower, makeSpirals, makeXor } from '@chainrule/data';

const count = (y: Int32Array, k: number): number => y.filter((v) => v === k).length;

describe('toy datasets', () => {
  it('every generator is seeded: same seed, same data; another seed, other data', () => {
    for (const make of [makeMoons, makeCircles, makeSpirals, makeXor, makePlanarFlower, makeLinearlySeparable]) {
      const a = make(50, { seed: 1, noise: 0.1 });
      const b = make(50, { seed: 1, noise: 0.1 });
      const c = make(50, { seed: 2, noise: 0.1 });
      expect(Array.from(a.x)).toEqual(Array.from(b.x));
      expect(Array.from(a.y)).toEqual(Array.from(b.y));
      expect(Array.from(a.x)).not.toEqual(Array.from(c.x));
      expect(a.x).toHaveLength(a.n * a.features);
      const g = new Generator(5);
      expect(Array.from(make(10, { generator: g }).x)).not.toEqual(Array.from(make(10, { generator: g }).x));
    }
  });

  it('makeMoons and makeCircles put the points on their curves without noise', () => {
    const m = makeMoons(101, { shuffle: false });
    expect(count(m.y, 0)).toBe(50);
    expect(count(m.y, 1)).toBe(51);
    for (let i = 0; i < m.n; i++) {
      const [px, py] = [m.x[2 * i]!, m.x[2 * i + 1]!];
      const r = m.y[i] === 0 ? Math.hypot(px, py) : Math.hypot(px - 1, py - 0.5);
      expect(r).toBeCloseTo(1, 12);
    }
    const c = makeCircles(40, { factor: 0.5 });
    for (let i = 0; i < c.n; i++) expect(Math.hypot(c.x[2 * i]!, c.x[2 * i + 1]!)).toBeCloseTo(c.y[i] === 0 ? 1 : 0.5, 12);
  });

  it('makeXor labels by quadrant; makeSpirals and makePlanarFlower split classes as documented', () => {
    const x = makeXor(200, { seed: 3 });
    for (let i = 0; i < x.n; i++) expect(x.y[i]).toBe(x.x[2 * i]! > 0 !== x.x[2 * i + 1]! > 0 ? 1 : 0);
    expect(count(x.y, 1)).toBe(100);
    const s = makeSpirals(301, { classes: 3 });
    expect([0, 1, 2].map((k) => count(s.y, k))).toEqual([101, 100, 100]);
    const f = makePlanarFlower(400);
    expect(count(f.y, 0)).toBe(200);
    expect(Array.from(f.y.slice(0, 200)).every((v) => v === 0)).toBe(true);
  });

  it('makeLinearlySeparable: every point at least margin from its hyperplane, on its label side (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 80 }), fc.integer({ min: 1, max: 5 }), fc.double({ min: 0, max: 2, noNaN: true }), fc.integer(), (n, dims, margin, seed) => {
        const d = makeLinearlySeparable(n, { dims, margin, seed });
        expect(Math.hypot(...d.weight)).toBeCloseTo(1, 12);
        for (let i = 0; i < n; i++) {
          let s = d.bias;
          for (let k = 0; k < dims; k++) s += d.weight[k]! * d.x[i * dims + k]!;
          expect((d.y[i] === 1 ? s : -s) >= margin - 1e-9).toBe(true);
        }
      }),
      { numRuns: 50 },
    );
  });

  it('refuses bad counts and options', () => {
    expect(() => makeMoons(-1)).toThrow(/non-negative integer/);
    expect(() => makeMoons(10, { noise: -1 })).toThrow(/noise must be a finite number >= 0/);
    expect(() => makeCircles(10, { factor: 1 })).toThrow(/factor must be in \[0, 1\)/);
    expect(() => makeSpirals(10, { classes: 0 })).toThrow(/classes must be a positive integer/);
    expect(() => makeLinearlySeparable(10, { dims: 0 })).toThrow(/dims must be a positive integer/);
  });
});
