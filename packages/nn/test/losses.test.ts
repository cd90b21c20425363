/**
 * Losses and activations (@chainrule/nn/functional): property-based gradient checks of every loss
 * and option over generated shapes (float64 gradcheck), numerical stability at extreme logits,
 * option semantics, and the loss modules.
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { AnomalyError, detectAnomaly, gradcheck, tensor } from '@chainrule/autograd';
import type { Tensor } from '@chainrule/autograd';
import { tensors } from '@chainrule/autograd/testing';
import { nn } from '@chainrule/nn';
import * as F from '@chainrule/nn/functional';
import type { Reduction } from '@chainrule/nn/functional';

const reductions = fc.constantFrom<Reduction>('mean', 'sum', 'none');
const RUNS = { numRuns: 25, seed: 42, endOnFailure: true };
const check = (fn: (...xs: Tensor[]) => Tensor, xs: Tensor[]): void => {
  expect(gradcheck(fn, xs, { atol: 1e-6, rtol: 1e-5 })).toBe(true);
};

/** [N, C] (or [C] or [N, C, d]) logits with matching int32 targets (some may be ignoreIndex). */
const classification = fc
  .record({
    n: fc.integer({ min: 1, max: 4 }),
    c: fc.integer({ min: 2, max: 5 }),
    extra: fc.constantFrom<'none' | 'vector' | 'spatial'>('none', 'vector', 'spatial'),
    d: fc.integer({ min: 1, max: 3 }),
  })
  .chain(({ n, c, extra, d }) => {
    const inShape = extra === 'vector' ? [c] : extra === 'spatial' ? [n, c, d] : [n, c];
    const tShape = extra === 'vector' ? [] : extra === 'spatial' ? [n, d] : [n];
    const count = tShape.reduce((a, b) => a * b, 1);
    return fc.record({
      x: tensors(inShape, { min: -3, max: 3 }),
      target: fc.array(fc.integer({ min: 0, max: c - 1 }), { minLength: count, maxLength: count }).map((t) => tensor(t, { shape: tShape, dtype: 'int32' })),
      ignoreFirst: fc.boolean(),
      weight: fc.option(tensors([c], { min: 0.2, max: 2, requiresGrad: false }), { nil: undefined }),
      probs: tensors(inShape, { min: 0.01, max: 1, requiresGrad: false }),
    });
  });

describe('losses: analytic gradients = central differences (property, float64)', () => {
  it('crossEntropy with class indices: every reduction, weight, ignoreIndex, labelSmoothing', () => {
    fc.assert(
      fc.property(classification, reductions, fc.constantFrom(0, 0.1, 0.5), ({ x, target, ignoreFirst, weight }, reduction, labelSmoothing) => {
        let t = target;
        if (ignoreFirst && t.ndim > 0 && t.numel() > 1) {
          const data = [...t.toArray()];
          data[0] = -100;
          t = tensor(data, { shape: t.shape, dtype: 'int32' });
        }
        const opts: F.CrossEntropyOptions = { reduction, labelSmoothing, ...(weight === undefined ? {} : { weight }) };
        check((z) => F.crossEntropy(z, t, opts), [x]);
      }),
      RUNS,
    );
  });

  it('crossEntropy with probability targets', () => {
    fc.assert(
      fc.property(classification, reductions, fc.constantFrom(0, 0.2), ({ x, probs, weight }, reduction, labelSmoothing) => {
        const p = probs.div(probs.sum(x.ndim === 1 ? 0 : 1, true));
        const opts: F.CrossEntropyOptions = { reduction, labelSmoothing, ...(weight === undefined ? {} : { weight }) };
        check((z) => F.crossEntropy(z, p, opts), [x]);
      }),
      RUNS,
    );
  });

  it('nllLoss of logSoftmax, with weights', () => {
    fc.assert(
      fc.property(classification, reductions, ({ x, target, weight }, reduction) => {
        check((z) => F.nllLoss(z.logSoftmax(x.ndim === 1 ? 0 : 1), target, { reduction, ...(weight === undefined ? {} : { weight }) }), [x]);
      }),
      RUNS,
    );
  });

  const pair = fc
    .array(fc.integer({ min: 1, max: 4 }), { minLength: 0, maxLength: 3 })
    .chain((s) => fc.tuple(tensors(s, { min: 0.05, max: 0.95 }), tensors(s, { min: 0, max: 1, requiresGrad: false }), fc.constant(s)));

  it('binaryCrossEntropy (input and weight)', () => {
    fc.assert(
      fc.property(pair, reductions, fc.boolean(), ([p, y, s], reduction, weighted) => {
        const w = weighted ? tensor(s.length === 0 ? 2 : Array.from({ length: s[s.length - 1]! }, (_, i) => 0.5 + i), { dtype: 'float64' }) : undefined;
        check((z) => F.binaryCrossEntropy(z, y, { reduction, ...(w === undefined ? {} : { weight: w }) }), [p]);
      }),
      RUNS,
    );
  });

  it('binaryCrossEntropyWithLogits (input, weight and posWeight)', () => {
    fc.assert(
      fc.property(pair, reductions, fc.boolean(), ([p, y, s], reduction, weighted) => {
        const x = p.detach().mul(16).sub(8).requiresGrad_();
        const last = s.length === 0 ? 1 : s[s.length - 1]!;
        const pw = tensor(Array.from({ length: last }, (_, i) => 0.5 + i), { dtype: 'float64' });
        const opts: F.BCEWithLogitsOptions = weighted ? { reduction, posWeight: pw, weight: pw.mul(0.5) } : { reduction };
        check((z) => F.binaryCrossEntropyWithLogits(z, y, opts), [x]);
      }),
      RUNS,
    );
  });

  const regression = fc
    .array(fc.integer({ min: 1, max: 4 }), { minLength: 0, maxLength: 3 })
    .chain((s) => fc.tuple(tensors(s, { min: -3, max: 3 }), tensors(s, { min: -3, max: 3 })));

  it('mseLoss (both inputs)', () => {
    fc.assert(fc.property(regression, reductions, ([a, b], reduction) => check((x, y) => F.mseLoss(x, y, { reduction }), [a, b])), RUNS);
  });

  it('l1Loss, huberLoss, smoothL1Loss away from their kinks (both inputs)', () => {
    const awayFrom = (a: Tensor, b: Tensor, kinks: number[]): boolean => {
      const d = a.sub(b).abs().toArray();
      return d.every((v) => kinks.every((k) => Math.abs(v - k) > 1e-3));
    };
    fc.assert(
      fc.property(regression, reductions, fc.constantFrom(0.5, 1, 2), ([a, b], reduction, delta) => {
        fc.pre(awayFrom(a, b, [0, delta]));
        check((x, y) => F.l1Loss(x, y, { reduction }), [a, b]);
        check((x, y) => F.huberLoss(x, y, { reduction, delta }), [a, b]);
        check((x, y) => F.smoothL1Loss(x, y, { reduction, beta: delta }), [a, b]);
      }),
      RUNS,
    );
  });

  it('linear (input, weight and bias)', () => {
    const args = fc
      .record({ n: fc.integer({ min: 1, max: 3 }), i: fc.integer({ min: 1, max: 4 }), o: fc.integer({ min: 1, max: 3 }) })
      .chain(({ n, i, o }) => fc.tuple(tensors([n, i]), tensors([o, i]), tensors([o])));
    fc.assert(fc.property(args, (xs) => check((x, w, b) => F.linear(x, w, b), xs)), RUNS);
  });

  it('activations with kinks or options', () => {
    fc.assert(
      fc.property(tensors(fc.array(fc.integer({ min: 1, max: 4 }), { maxLength: 2 }), { min: -4, max: 4, avoid: [0, 6, -1, 1] }), (x) => {
        check((z) => F.logsigmoid(z), [x]);
        check((z) => F.mish(z), [x]);
        check((z) => F.relu6(z), [x]);
        check((z) => F.hardtanh(z), [x]);
      }),
      RUNS,
    );
  });
});

/** Element-wise |a − b| ≤ 1e-15·max(1, |b|), all finite. */
const near = (a: number[], b: number[]): void => {
  expect(a.every(Number.isFinite)).toBe(true);
  expect(a.map((v, i) => Math.abs(v - b[i]!) <= 1e-15 * Math.max(1, Math.abs(b[i]!))), `${a.join(', ')} vs ${b.join(', ')}`).toEqual(b.map(() => true));
};

describe('numerical stability', () => {
  it('binaryCrossEntropyWithLogits is exact for logits of ±300 and ±1000', () => {
    for (const big of [300, 1000]) {
      const x = tensor([big, -big, big, -big], { dtype: 'float64', requiresGrad: true });
      const y = tensor([1, 0, 0, 1], { dtype: 'float64' });
      const loss = F.binaryCrossEntropyWithLogits(x, y, { reduction: 'none' });
      // log(1 + e^-|x|) = e^-300 ≈ 5e-131 (as PyTorch) or 0
      near([...loss.toArray()], [Math.exp(-big), Math.exp(-big), big, big]);
      loss.sum().backward();
      // d/dx = σ(x) − y
      near([...x.grad!.toArray()], [0, 0, 1, -1]);
      const x32 = tensor([big, -big], { dtype: 'float32', requiresGrad: true });
      const l32 = F.binaryCrossEntropyWithLogits(x32, tensor([0, 1], { dtype: 'float32' }));
      expect(l32.item()).toBe(big);
      l32.backward();
      expect([...x32.grad!.toArray()]).toEqual([0.5, -0.5]);
    }
  });

  it('crossEntropy is exact for logits of ±1000', () => {
    for (const dtype of ['float64', 'float32'] as const) {
      const x = tensor([[1000, -1000, 0], [-1000, 1000, 999]], { dtype, requiresGrad: true });
      const t = tensor([0, 2], { dtype: 'int32' });
      const loss = F.crossEntropy(x, t, { reduction: 'none' });
      const l = loss.toArray();
      near([l[0]!], [0]);
      // float32 keeps ~1e-4 absolute here: 1000 + 0.31 has an ulp of 6e-5 (PyTorch's float32 likewise)
      expect(l[1]!).toBeCloseTo(1 + Math.log1p(Math.exp(-1)), dtype === 'float64' ? 12 : 3);
      loss.sum().backward();
      const g = [...x.grad!.toArray()];
      expect(g.every(Number.isFinite)).toBe(true);
      near(g.slice(0, 3), [0, 0, 0]);
      const s = 1 / (1 + Math.exp(-1)); // softmax of (1000, 999) at 1000
      expect(g[4]!).toBeCloseTo(s, 6);
      expect(g[5]!).toBeCloseTo(1 - s - 1, 6);
    }
  });

  it('binaryCrossEntropy clamps log at −100 for inputs 0 and 1, as PyTorch', () => {
    const loss = F.binaryCrossEntropy(tensor([0, 1], { dtype: 'float64' }), tensor([1, 0], { dtype: 'float64' }), { reduction: 'none' });
    expect([...loss.toArray()]).toEqual([100, 100]);
  });

  it('binaryCrossEntropy has a finite gradient where the input saturates at 0 or 1 (no 0·∞ = NaN)', () => {
    const x = tensor([0, 1, 0.25, 0, 1], { dtype: 'float64', requiresGrad: true });
    F.binaryCrossEntropy(x, tensor([0, 1, 1, 1, 0], { dtype: 'float64' }), { reduction: 'sum' }).backward();
    // x = y: the derivative of the surviving term, −log(1−x) or −log(x); x = 1−y: the clamp is flat
    expect(Array.from(x.grad!.toArray())).toEqual([1, -1, -4, 0, 0]);
  });
});

describe('anomaly mode through a loss', () => {
  it('names the op and the line of user code, not a line inside nn', () => {
    const x = tensor([[0, 0]], { dtype: 'float64', requiresGrad: true });
    let message = '';
    try {
      detectAnomaly(() => {
        const loss = F.crossEntropy(x.mul(Infinity), tensor([0], { dtype: 'int32' })); // NaN in backward
        loss.backward();
      });
    } catch (e) {
      expect(e).toBeInstanceOf(AnomalyError);
      message = (e as Error).message;
    }
    const created = message.split('created at:')[1] ?? '';
    expect(created.trim().split('\n')[0]).toMatch(/losses\.test\.ts:\d+/);
    expect(created).not.toMatch(/packages\/(nn|autograd)\/src/);
  });
});

describe('loss options and validation', () => {
  const x = tensor([[1, 2, 3], [1, -1, 0]], { dtype: 'float64' });
  const t = tensor([2, 0], { dtype: 'int32' });

  it('crossEntropy = nllLoss(logSoftmax)', () => {
    expect(F.crossEntropy(x, t).item()).toBeCloseTo(F.nllLoss(x.logSoftmax(1), t).item(), 14);
  });

  it("weighted 'mean' divides by the summed target weights, ignored targets excluded", () => {
    const w = tensor([1, 2, 3], { dtype: 'float64' });
    const per = F.crossEntropy(x, t, { weight: w, reduction: 'none' }).toArray();
    expect(F.crossEntropy(x, t, { weight: w }).item()).toBeCloseTo((per[0]! + per[1]!) / (3 + 1), 14);
    const ign = tensor([2, -100], { dtype: 'int32' });
    expect(F.crossEntropy(x, ign, { weight: w }).item()).toBeCloseTo(per[0]! / 3, 14);
    expect(F.crossEntropy(x, tensor([2, 7], { dtype: 'int32' }), { ignoreIndex: 7 }).item()).toBeCloseTo(
      F.crossEntropy(x.narrow(0, 0, 1), tensor([2], { dtype: 'int32' })).item(),
      14,
    );
  });

  it('class-index targets equal their one-hot probability targets', () => {
    const onehot = tensor([[0, 0, 1], [1, 0, 0]], { dtype: 'float64' });
    for (const labelSmoothing of [0, 0.3]) {
      expect(F.crossEntropy(x, onehot, { labelSmoothing }).item()).toBeCloseTo(F.crossEntropy(x, t, { labelSmoothing }).item(), 14);
    }
  });

  it('invalid input is refused with a message', () => {
    expect(() => F.crossEntropy(x, tensor([3, 0], { dtype: 'int32' }))).toThrow(/Target 3 is out of bounds/);
    expect(() => F.crossEntropy(x, tensor([1, 0, 1], { dtype: 'int32' }))).toThrow(/expected target of shape \[2\]/);
    expect(() => F.crossEntropy(x, t, { labelSmoothing: 2 })).toThrow(/labelSmoothing/);
    expect(() => F.crossEntropy(x, t, { reduction: 'avg' as Reduction })).toThrow(/not a valid value for reduction/);
    expect(() => F.binaryCrossEntropy(tensor([1.5]), tensor([1]))).toThrow(/between 0 and 1/);
    expect(() => F.binaryCrossEntropyWithLogits(tensor([1, 2]), tensor([1]))).toThrow(/same as input size/);
    expect(() => F.huberLoss(x, x, { delta: 0 })).toThrow(RangeError);
  });

  it('regression losses warn, as PyTorch does, when the target would be broadcast', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const input = tensor([[1], [2], [3]], { dtype: 'float64' });
      const target = tensor([1, 2, 3], { dtype: 'float64' });
      for (const loss of [F.mseLoss, F.l1Loss, F.huberLoss, F.smoothL1Loss]) {
        warn.mockClear();
        loss(input, target);
        expect(warn).toHaveBeenCalledWith(expect.stringMatching(/target size \(\[3\]\) that is different to the input size \(\[3, 1\]\)/));
        warn.mockClear();
        loss(input, input);
        expect(warn).not.toHaveBeenCalled();
      }
    } finally {
      warn.mockRestore();
    }
  });

  it('huber = δ·smoothL1 with β = δ; smoothL1 with β = 0 is L1', () => {
    const a = tensor([0.1, -2, 3.5], { dtype: 'float64' });
    const b = tensor([0, 0, 0], { dtype: 'float64' });
    expect(F.huberLoss(a, b, { delta: 2 }).item()).toBeCloseTo(2 * F.smoothL1Loss(a, b, { beta: 2 }).item(), 14);
    expect(F.smoothL1Loss(a, b, { beta: 0 }).item()).toBeCloseTo(F.l1Loss(a, b).item(), 14);
  });
});

describe('loss modules wrap the functions', () => {
  const x = tensor([[0.2, -1, 0.5], [1, 0, -0.3]], { dtype: 'float64' });
  const t = tensor([1, 2], { dtype: 'int32' });
  const y = tensor([[0, 1, 1], [1, 0, 0]], { dtype: 'float64' });
  const w = tensor([1, 0.5, 2], { dtype: 'float64' });

  it('same values as F.*', () => {
    expect(new nn.CrossEntropyLoss({ labelSmoothing: 0.1, weight: w }).forward(x, t).item()).toBe(F.crossEntropy(x, t, { labelSmoothing: 0.1, weight: w }).item());
    expect(new nn.NLLLoss({ reduction: 'sum' }).forward(x.logSoftmax(1), t).item()).toBe(F.nllLoss(x.logSoftmax(1), t, { reduction: 'sum' }).item());
    expect(new nn.BCELoss().forward(x.sigmoid(), y).item()).toBe(F.binaryCrossEntropy(x.sigmoid(), y).item());
    expect(new nn.BCEWithLogitsLoss({ posWeight: w }).forward(x, y).item()).toBe(F.binaryCrossEntropyWithLogits(x, y, { posWeight: w }).item());
    expect(new nn.MSELoss().forward(x, y).item()).toBe(F.mseLoss(x, y).item());
    expect(new nn.L1Loss({ reduction: 'sum' }).forward(x, y).item()).toBe(F.l1Loss(x, y, { reduction: 'sum' }).item());
    expect(new nn.HuberLoss({ delta: 0.5 }).forward(x, y).item()).toBe(F.huberLoss(x, y, { delta: 0.5 }).item());
    expect(new nn.SmoothL1Loss({ beta: 0.5 }).forward(x, y).item()).toBe(F.smoothL1Loss(x, y, { beta: 0.5 }).item());
  });

  it('class weights are buffers (saved, converted by to())', () => {
    const ce = new nn.CrossEntropyLoss({ weight: w });
    expect(Object.keys(ce.stateDict())).toEqual(['weight']);
    expect(ce.float().weight!.dtype).toBe('float32');
  });
});

describe('activation modules', () => {
  const x = tensor([-2, -0.5, 0.5, 3], { dtype: 'float64' });
  it('match the functions', () => {
    const same = (a: Tensor, b: Tensor): void => expect([...a.toArray()]).toEqual([...b.toArray()]);
    same(new nn.ReLU().forward(x), F.relu(x));
    same(new nn.LeakyReLU(0.2).forward(x), F.leakyRelu(x, 0.2));
    same(new nn.Sigmoid().forward(x), F.sigmoid(x));
    same(new nn.Tanh().forward(x), F.tanh(x));
    same(new nn.GELU('tanh').forward(x), F.gelu(x, 'tanh'));
    same(new nn.SiLU().forward(x), F.silu(x));
    same(new nn.ELU(0.5).forward(x), F.elu(x, 0.5));
    same(new nn.Softplus(2, 10).forward(x), F.softplus(x, 2, 10));
    same(new nn.Softmax(0).forward(x), F.softmax(x, 0));
    same(new nn.LogSoftmax(0).forward(x), F.logSoftmax(x, 0));
  });
  it('logsigmoid is stable and exact at the extremes', () => {
    expect([...F.logsigmoid(tensor([-1000, 1000, 0], { dtype: 'float64' })).toArray()]).toEqual([-1000, 0, -Math.LN2]);
  });
});
