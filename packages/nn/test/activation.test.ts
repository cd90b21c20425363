/**
 * The activation modules and functions of issue 14 beyond what the registry's PyTorch parity
 * cases check: RReLU's random slopes in training, PReLU's parameter, and the errors bad input gets.
 */
import { describe, expect, it } from 'vitest';
import { Generator, grad, tensor, zeros } from '@chainrule/autograd';
import { nn } from '@chainrule/nn';
import * as F from '@chainrule/nn/functional';

describe('RReLU', () => {
  it('in training, draws one slope in [lower, upper) per element x ≤ 0, from the generator; the gradient is that slope', () => {
    const x = tensor([-1, -2, -0.5, 3, 0, -4], { dtype: 'float64', requiresGrad: true });
    const y = F.rrelu(x, 0.1, 0.3, { training: true, generator: new Generator(7) });
    const slopes = y.detach().div(x.detach()).toArray();
    for (const i of [0, 1, 2, 5]) {
      expect(slopes[i]!).toBeGreaterThanOrEqual(0.1);
      expect(slopes[i]!).toBeLessThan(0.3);
    }
    expect(new Set([0, 1, 2, 5].map((i) => slopes[i])).size).toBe(4);
    expect(y.toArray()[3]).toBe(3);
    const g = grad(y.sum(), [x])[0]!.toArray();
    for (const i of [0, 1, 2, 5]) expect(g[i]).toBeCloseTo(slopes[i]!, 12);
    expect(g[3]).toBe(1);
    // the same generator state, the same slopes
    expect(F.rrelu(x.detach(), 0.1, 0.3, { training: true, generator: new Generator(7) }).tolist()).toEqual(y.detach().tolist());
  });

  it('the module draws in training mode and uses the mean slope in eval mode', () => {
    const act = new nn.RReLU(0.1, 0.3, { generator: new Generator(1) });
    const x = tensor([-1, -1, -1, -1]);
    expect(new Set(act.forward(x).tolist() as number[]).size).toBe(4);
    act.eval();
    expect(act.forward(x).tolist()).toEqual([-0.2, -0.2, -0.2, -0.2].map(Math.fround));
  });

  it('refuses lower > upper and unknown options', () => {
    expect(() => new nn.RReLU(0.5, 0.1)).toThrow(RangeError);
    expect(() => F.rrelu(zeros([1]), 0.1, 0.3, { train: true } as never)).toThrow(/rrelu: unknown option 'train'/);
  });
});

describe('PReLU', () => {
  it('holds its slopes as the parameter `weight`, PyTorch state-dict name, and learns them', () => {
    const act = new nn.PReLU(3, 0.1, { dtype: 'float64' });
    expect(Object.keys(act.stateDict())).toEqual(['weight']);
    expect(act.weight.tolist()).toEqual([0.1, 0.1, 0.1]);
    const x = tensor([[[-1], [2], [-3]]], { dtype: 'float64' });
    act.forward(x).sum().backward();
    expect(act.weight.grad?.tolist()).toEqual([-1, 0, -3]);
  });

  it('refuses slopes that match neither 1 nor the channels', () => {
    expect(() => new nn.PReLU(2).forward(zeros([2, 3]))).toThrow(/prelu: mismatch of parameter numbers and input channel size/);
    expect(() => new nn.PReLU(0)).toThrow(RangeError);
    expect(new nn.PReLU().forward(tensor(-2)).item()).toBe(-0.5);
  });
});

describe('errors', () => {
  it('glu needs an even size; softshrink a non-negative λ; hardtanh ordered bounds', () => {
    expect(() => F.glu(zeros([2, 3]))).toThrow(/glu: halving dimension must be even, but dimension -1 is size 3/);
    expect(() => F.glu(zeros([]))).toThrow(RangeError);
    expect(() => F.softshrink(zeros([1]), -1)).toThrow(/lambda must be greater or equal to 0/);
    expect(() => new nn.Softshrink(-1)).toThrow(RangeError);
    expect(() => new nn.Hardtanh(1, -1)).toThrow(RangeError);
    expect(() => F.cosineSimilarity(zeros([2, 3]), zeros([4, 3]))).toThrow(/cosineSimilarity: shapes \[2, 3\] and \[4, 3\] do not broadcast/);
  });
});

describe('module printing, as PyTorch', () => {
  it('prints the constructor arguments PyTorch prints', () => {
    const reprs = [
      [new nn.CELU(), 'CELU(alpha=1.0)'],
      [new nn.SELU(), 'SELU()'],
      [new nn.Hardtanh(), 'Hardtanh(min_val=-1.0, max_val=1.0)'],
      [new nn.Softshrink(), 'Softshrink(0.5)'],
      [new nn.Hardshrink(0.3), 'Hardshrink(0.3)'],
      [new nn.RReLU(), 'RReLU(lower=0.125, upper=0.3333333333333333)'],
      [new nn.PReLU(), 'PReLU(num_parameters=1)'],
      [new nn.GLU(), 'GLU(dim=-1)'],
      [new nn.Softmin(1), 'Softmin(dim=1)'],
      [new nn.CosineSimilarity(), 'CosineSimilarity()'],
      [new nn.PairwiseDistance(), 'PairwiseDistance()'],
    ] as const;
    for (const [m, text] of reprs) expect(String(m)).toBe(text);
  });
});
