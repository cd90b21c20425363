/**
 * GroupNorm, InstanceNorm (running statistics in train and eval), LocalResponseNorm, the
 * channel-wise and alpha dropouts (masks per channel, the rates and moments they keep, eval mode,
 * seeds), Bilinear and embeddingBag against explicit loops.
 */
import { describe, expect, it } from 'vitest';
import { Generator, ones, randn, tensor, zeros } from '@chainrule/autograd';
import { nn } from '@chainrule/nn';
import * as F from '@chainrule/nn/functional';

const g = (seed: number) => ({ dtype: 'float64' as const, generator: new Generator(seed) });

describe('normalisation layers', () => {
  it('GroupNorm with one group per channel is InstanceNorm, with one group is LayerNorm over [C, *]', () => {
    const x = randn([3, 4, 5], g(1));
    const gn = F.groupNorm(x, 4);
    expect(gn.sub(F.instanceNorm(x)).abs().max().item()).toBeLessThan(1e-12);
    expect(F.groupNorm(x, 1).sub(F.layerNorm(x, [4, 5])).abs().max().item()).toBeLessThan(1e-12);
    expect(() => new nn.GroupNorm(3, 4)).toThrow('GroupNorm: num_channels (4) must be divisible by num_groups (3)');
    expect(() => F.groupNorm(x, 3)).toThrow(/divisible by num_groups/);
  });

  it('InstanceNorm tracks running statistics in training (the batch average of instance statistics, unbiased variance) and uses them in eval', () => {
    const norm = new nn.InstanceNorm1d(2, { trackRunningStats: true, momentum: 0.5, dtype: 'float64' });
    const x = tensor([[[0, 1, 4], [9, 16, 25]], [[36, 49, 64], [81, 100, 121]]], { dtype: 'float64' }); // arange(12)² as [2, 2, 3]
    norm.forward(x);
    // PyTorch: running_mean [12.8333, 29.3333], running_var [50.6667, 116.6667], num_batches_tracked 0
    expect([...norm.runningMean!.toArray()].map((v) => +v.toFixed(4))).toEqual([12.8333, 29.3333]);
    expect([...norm.runningVar!.toArray()].map((v) => +v.toFixed(4))).toEqual([50.6667, 116.6667]);
    expect(norm.numBatchesTracked!.item()).toBe(0);
    norm.eval();
    const y = norm.forward(x);
    const want = x.sub(norm.runningMean!.reshape([2, 1])).div(norm.runningVar!.add(1e-5).sqrt().reshape([2, 1]));
    expect(y.sub(want).abs().max().item()).toBeLessThan(1e-12);
    // without running statistics eval mode still uses the instance's
    const plain = new nn.InstanceNorm1d(2, { dtype: 'float64' }).eval();
    expect(plain.forward(x).sub(F.instanceNorm(x)).abs().max().item()).toBe(0);
    expect(() => new nn.InstanceNorm1d(3, { affine: true }).forward(zeros([2, 2, 4]))).toThrow("InstanceNorm1d: expected input's size at dim=1 to match num_features (3), but got: 2.");
    expect(() => F.instanceNorm(zeros([2, 3, 1]))).toThrow(/more than 1 spatial element/);
  });

  it('LocalResponseNorm divides by (k + α/n·Σ x²)^β over neighbouring channels', () => {
    const x = randn([2, 5, 3], g(2));
    const size = 3;
    const y = F.localResponseNorm(x, size, 0.1, 0.75, 2);
    const sq = x.square();
    for (let c = 0; c < 5; c++) {
      let s = zeros([2, 3], { dtype: 'float64' });
      for (let j = c - 1; j <= c + 1; j++) if (j >= 0 && j < 5) s = s.add(sq.select(1, j));
      const want = x.select(1, c).div(s.mul(0.1 / size).add(2).pow(0.75));
      expect(y.select(1, c).sub(want).abs().max().item()).toBeLessThan(1e-12);
    }
  });
});

describe('dropout layers', () => {
  it('Dropout1d/2d/3d zero whole channels at rate p and scale the rest by 1/(1 − p)', () => {
    const cases = [
      [F.dropout1d, [40, 50, 3]],
      [F.dropout2d, [40, 50, 2, 2]],
      [F.dropout3d, [40, 50, 2, 1, 2]],
    ] as const;
    for (const [fn, shape] of cases) {
      const y = fn(ones([...shape], { dtype: 'float64' }), 0.3, { generator: new Generator(3) });
      const perChannel = y.reshape([40, 50, -1]);
      expect(perChannel.amax(2).sub(perChannel.amin(2)).abs().max().item()).toBe(0);
      const dropped = perChannel.select(2, 0).eq(0).double().mean().item();
      expect(Math.abs(dropped - 0.3)).toBeLessThan(0.03);
      expect(perChannel.amax().item()).toBeCloseTo(1 / 0.7, 12);
    }
    // unbatched inputs have one mask per channel
    const u = F.dropout2d(ones([30, 2, 2]), 0.5, { generator: new Generator(4) });
    expect(u.amax([1, 2]).sub(u.amin([1, 2])).abs().max().item()).toBe(0);
    expect(() => F.dropout1d(ones([2, 3, 4, 5]), 0.5)).toThrow(/dropout1d: expected a 2-D \(unbatched\) or 3-D \(batched\) input/);
    expect(() => new nn.Dropout2d(1.5)).toThrow(RangeError);
  });

  it('AlphaDropout keeps zero mean and unit variance of SELU activations; FeatureAlphaDropout draws per channel', () => {
    const x = randn([200000], g(5));
    for (const p of [0.1, 0.5]) {
      const y = F.alphaDropout(x, p, { generator: new Generator(6) });
      expect(Math.abs(y.mean().item())).toBeLessThan(0.01);
      expect(Math.abs(y.std().item() - 1)).toBeLessThan(0.01);
    }
    const z = F.featureAlphaDropout(zeros([10, 20, 4]), 0.5, { generator: new Generator(7) });
    expect(z.amax(2).sub(z.amin(2)).abs().max().item()).toBe(0);
    expect(F.alphaDropout(x, 1).abs().max().item()).toBe(0);
  });

  it('eval mode returns the input; the same generator seed gives the same masks', () => {
    const x = ones([2, 4, 3]);
    const drop = new nn.Dropout1d(0.5, { generator: new Generator(9) });
    const a = drop.forward(x);
    const again = new nn.Dropout1d(0.5, { generator: new Generator(9) }).forward(x);
    expect(a.tolist()).toEqual(again.tolist());
    drop.eval();
    expect(drop.forward(x)).toBe(x);
    expect(String(new nn.FeatureAlphaDropout(0.2))).toBe('FeatureAlphaDropout(p=0.2, inplace=False)');
  });
});

describe('Bilinear and embeddingBag', () => {
  it('Bilinear is Σᵢⱼ x1ᵢ·Wₒᵢⱼ·x2ⱼ + bₒ', () => {
    const layer = new nn.Bilinear(3, 2, 4, { dtype: 'float64', generator: new Generator(1) });
    const x1 = randn([5, 3], g(2));
    const x2 = randn([5, 2], g(3));
    const want = x1.unsqueeze(1).unsqueeze(3).mul(layer.weight.unsqueeze(0)).mul(x2.unsqueeze(1).unsqueeze(2)).sum([2, 3]).add(layer.bias!);
    expect(layer.forward(x1, x2).sub(want).abs().max().item()).toBeLessThan(1e-12);
    expect(() => layer.forward(x1, randn([4, 2]))).toThrow(/input batch dimensions do not match/);
  });

  it('embeddingBag equals embedding followed by a per-bag sum, mean or max; empty bags give zeros', () => {
    const weight = randn([6, 3], g(4));
    const words = tensor([1, 4, 4, 0, 5, 2], { dtype: 'int32' });
    const offsets = [0, 3, 3, 5];
    const rows = F.embedding(words, weight);
    const bags = [[0, 1, 2], [], [3, 4], [5]];
    const reduce = (idx: number[], mode: 'sum' | 'mean' | 'max') =>
      idx.length === 0 ? zeros([3], { dtype: 'float64' }) : mode === 'max' ? rows.indexSelect(0, tensor(idx, { dtype: 'int32' })).amax(0) : rows.indexSelect(0, tensor(idx, { dtype: 'int32' }))[mode === 'sum' ? 'sum' : 'mean'](0);
    for (const mode of ['sum', 'mean', 'max'] as const) {
      const got = F.embeddingBag(words, weight, { offsets, mode });
      bags.forEach((b, i) => expect(got.select(0, i).sub(reduce(b, mode)).abs().max().item()).toBeLessThan(1e-12));
    }
    expect(() => F.embeddingBag(words, weight, { offsets: [1, 3] })).toThrow(/offsets\[0\] has to be 0/);
    expect(() => F.embeddingBag(words, weight, { offsets, mode: 'mean', perSampleWeights: ones([6]) })).toThrow(/only supported for mode='sum'/);
    expect(() => F.embeddingBag(words, weight, { offsets, maxNorm: 1 } as never)).toThrow("embeddingBag: unknown option 'maxNorm' (it takes offsets, mode, perSampleWeights, includeLastOffset, paddingIdx)");
    expect(() => F.embeddingBag(words.reshape([2, 3]), weight, { offsets })).toThrow(/offsets has to be null/);
  });
});
