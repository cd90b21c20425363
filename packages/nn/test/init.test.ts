/**
 * nn.init: the sample mean and variance of each initializer agree with its distribution (within
 * six standard errors, seeded so the test is deterministic), fans and gains follow PyTorch, and
 * the same generator seed gives the same values.
 */
import { describe, expect, it } from 'vitest';
import { Generator, manualSeed, tensor, zeros } from '@chainrule/autograd';
import type { Tensor } from '@chainrule/autograd';
import { nn } from '@chainrule/nn';

const { init } = nn;

function stats(t: Tensor): { mean: number; variance: number; n: number } {
  const a = t.toArray();
  let s = 0;
  for (const v of a) s += v;
  const mean = s / a.length;
  let ss = 0;
  for (const v of a) ss += (v - mean) ** 2;
  return { mean, variance: ss / (a.length - 1), n: a.length };
}

/**
 * Checks the sample mean and variance against a distribution: the standard error of the mean is
 * σ/√n, that of the variance σ²·√((κ − 1)/n) with κ the kurtosis (3 normal, 1.8 uniform).
 */
function expectDistribution(t: Tensor, mean: number, variance: number, kurtosis: number): void {
  const s = stats(t);
  const seMean = Math.sqrt(variance / s.n);
  const seVar = variance * Math.sqrt((kurtosis - 1) / s.n);
  expect(Math.abs(s.mean - mean), `mean ${s.mean} vs ${mean}`).toBeLessThanOrEqual(6 * seMean);
  expect(Math.abs(s.variance - variance), `variance ${s.variance} vs ${variance}`).toBeLessThanOrEqual(6 * seVar);
}

const UNIFORM = 1.8;
const NORMAL = 3;
const shape = [300, 200]; // fanIn 200, fanOut 300
const big = (dtype: 'float32' | 'float64' = 'float64'): Tensor => zeros(shape, { dtype });

describe('nn.init sample statistics', () => {
  const seeds = [0, 1, 2];
  for (const seed of seeds) {
    const gen = (): Generator => new Generator(seed);
    it(`uniform_ / normal_ (seed ${seed})`, () => {
      expectDistribution(init.uniform_(big(), -2, 3, { generator: gen() }), 0.5, 25 / 12, UNIFORM);
      expectDistribution(init.normal_(big(), 1.5, 0.7, { generator: gen() }), 1.5, 0.49, NORMAL);
      const u = init.uniform_(big(), -2, 3, { generator: gen() }).toArray();
      expect(Math.min(...u)).toBeGreaterThanOrEqual(-2);
      expect(Math.max(...u)).toBeLessThan(3);
    });

    it(`kaimingUniform_ / kaimingNormal_ (seed ${seed})`, () => {
      // default: fan_in, leaky_relu with a = 0 → gain √2, variance 2/fanIn
      expectDistribution(init.kaimingUniform_(big(), { generator: gen() }), 0, 2 / 200, UNIFORM);
      expectDistribution(init.kaimingNormal_(big(), { generator: gen() }), 0, 2 / 200, NORMAL);
      expectDistribution(init.kaimingNormal_(big(), { mode: 'fanOut', nonlinearity: 'relu', generator: gen() }), 0, 2 / 300, NORMAL);
      const slope = 0.2;
      expectDistribution(init.kaimingUniform_(big(), { a: slope, generator: gen() }), 0, 2 / (1 + slope ** 2) / 200, UNIFORM);
      expectDistribution(init.kaimingNormal_(big(), { nonlinearity: 'tanh', generator: gen() }), 0, (5 / 3) ** 2 / 200, NORMAL);
      const bound = Math.sqrt(3) * Math.sqrt(2 / 200);
      expect(init.kaimingUniform_(big(), { generator: gen() }).abs().max().item()).toBeLessThanOrEqual(bound);
    });

    it(`xavierUniform_ / xavierNormal_ (seed ${seed})`, () => {
      expectDistribution(init.xavierUniform_(big(), { generator: gen() }), 0, 2 / 500, UNIFORM);
      expectDistribution(init.xavierNormal_(big(), { generator: gen() }), 0, 2 / 500, NORMAL);
      const gain = init.calculateGain('relu');
      expectDistribution(init.xavierUniform_(big(), { gain, generator: gen() }), 0, (gain ** 2 * 2) / 500, UNIFORM);
      expectDistribution(init.xavierNormal_(big('float32'), { gain, generator: gen() }), 0, (gain ** 2 * 2) / 500, NORMAL);
    });
  }

  it('constant_, zeros_, ones_', () => {
    expect([...init.constant_(zeros([3]), 2.5).toArray()]).toEqual([2.5, 2.5, 2.5]);
    expect([...init.ones_(zeros([2])).toArray()]).toEqual([1, 1]);
    expect([...init.zeros_(tensor([4, 5])).toArray()]).toEqual([0, 0]);
  });
});

describe('nn.init: seeding, fans, gains', () => {
  it('the same generator seed gives the same values; the global seed works too', () => {
    const a = init.kaimingUniform_(zeros([4, 5]), { generator: new Generator(9) }).toArray();
    const b = init.kaimingUniform_(zeros([4, 5]), { generator: new Generator(9) }).toArray();
    expect([...a]).toEqual([...b]);
    const c = init.normal_(zeros([10]), 0, 1, { generator: new Generator(10) }).toArray();
    expect([...c]).not.toEqual([...init.normal_(zeros([10]), 0, 1, { generator: new Generator(11) }).toArray()]);
    manualSeed(4);
    const d = init.xavierNormal_(zeros([3, 3])).toArray();
    manualSeed(4);
    expect([...init.xavierNormal_(zeros([3, 3])).toArray()]).toEqual([...d]);
  });

  it('initializers write in place, keep dtype, and record no graph', () => {
    const p = new nn.Parameter(zeros([4, 3], { dtype: 'float64' }));
    const out = init.xavierUniform_(p);
    expect(out).toBe(p);
    expect(p.dtype).toBe('float64');
    expect(p.isLeaf && p.requiresGrad).toBe(true);
    expect(p.toArray().some((v) => v !== 0)).toBe(true);
  });

  it("calculateFans as PyTorch's _calculate_fan_in_and_fan_out (conv kernels included)", () => {
    expect(init.calculateFans(zeros([8, 6]))).toEqual([6, 8]);
    expect(init.calculateFans(zeros([16, 3, 5, 5]))).toEqual([75, 400]);
    expect(() => init.calculateFans(zeros([5]))).toThrow(/fewer than 2 dimensions/);
  });

  it("calculateGain as PyTorch's calculate_gain", () => {
    expect(init.calculateGain('linear')).toBe(1);
    expect(init.calculateGain('sigmoid')).toBe(1);
    expect(init.calculateGain('tanh')).toBe(5 / 3);
    expect(init.calculateGain('relu')).toBe(Math.SQRT2);
    expect(init.calculateGain('leaky_relu')).toBe(Math.sqrt(2 / (1 + 0.01 ** 2)));
    expect(init.calculateGain('leaky_relu', 0.2)).toBe(Math.sqrt(2 / 1.04));
    expect(init.calculateGain('selu')).toBe(0.75);
    expect(() => init.calculateGain('swish' as never)).toThrow(/unsupported nonlinearity/);
  });
});
