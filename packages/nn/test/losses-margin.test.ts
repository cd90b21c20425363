/**
 * The losses of issue 15: CTC against a brute-force sum over every alignment (generated short
 * sequences) and its infinite losses, the Gaussian NLL's clamp that passes gradients, KL at zero
 * targets, the margin losses' formulas at chosen points, the loss modules' buffers, state dicts,
 * options and errors.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Generator, grad, randn, tensor } from '@chainrule/autograd';
import { nn } from '@chainrule/nn';
import * as F from '@chainrule/nn/functional';

/** −log Σ over every length-T path that collapses (repeats merged, blanks dropped) to `target`. */
function bruteForceCtc(probs: number[][], target: number[], blank: number): number {
  const t = probs.length;
  const c = probs[0]!.length;
  let total = 0;
  const path: number[] = [];
  const walk = (step: number, p: number): void => {
    if (step === t) {
      const collapsed = path.filter((v, i) => v !== blank && (i === 0 || v !== path[i - 1]));
      if (collapsed.length === target.length && collapsed.every((v, i) => v === target[i])) total += p;
      return;
    }
    for (let k = 0; k < c; k++) {
      path.push(k);
      walk(step + 1, p * probs[step]![k]!);
      path.pop();
    }
  };
  walk(0, 1);
  return -Math.log(total);
}

describe('ctcLoss', () => {
  it('equals −log of the summed probability of every alignment (property, brute force)', () => {
    const args = fc.record({ t: fc.integer({ min: 1, max: 5 }), c: fc.integer({ min: 2, max: 3 }), len: fc.integer({ min: 0, max: 3 }), blank: fc.nat(2), seed: fc.nat(500) });
    fc.assert(
      fc.property(args, ({ t, c, len, blank, seed }) => {
        const b = blank % c;
        const labels = Array.from({ length: c }, (_, k) => k).filter((k) => k !== b);
        const rng = new Generator(seed);
        const target = Array.from({ length: len }, () => labels[Math.floor(rng.random() * labels.length)]!);
        const logits = randn([t, 1, c], { dtype: 'float64', generator: new Generator(seed + 1) });
        const logp = logits.logSoftmax(2);
        const padded = tensor(len === 0 ? [0] : target, { dtype: 'int32' }).reshape([1, -1]); // an empty target still has a padded row
        const loss = F.ctcLoss(logp, padded, [t], [len], { blank: b, reduction: 'sum' });
        const probs = (logp.exp().reshape([t, c]).tolist() as number[][]);
        const want = bruteForceCtc(probs, target, b);
        if (want === Infinity) expect(loss.item()).toBe(Infinity);
        else expect(Math.abs(loss.item() - want)).toBeLessThan(1e-10 * (1 + want));
      }),
      { numRuns: 40, seed: 2, endOnFailure: true },
    );
  });

  it('an input too short for its target gives an infinite loss, or 0 (and a zero gradient) with zeroInfinity', () => {
    const logits = randn([2, 2, 3], { dtype: 'float64', generator: new Generator(4), requiresGrad: true });
    const targets = tensor([[1, 1, 2], [2, 0, 0]], { dtype: 'int32' });
    const plain = F.ctcLoss(logits.logSoftmax(2), targets, [2, 2], [3, 1], { reduction: 'none' });
    expect(plain.select(0, 0).item()).toBe(Infinity);
    const zeroed = F.ctcLoss(logits.logSoftmax(2), targets, [2, 2], [3, 1], { reduction: 'none', zeroInfinity: true });
    expect(zeroed.select(0, 0).item()).toBe(0);
    const [g] = grad([zeroed.sum()], [logits]);
    expect(g!.select(1, 0).abs().max().item()).toBe(0);
    expect(g!.select(1, 1).abs().max().item()).toBeGreaterThan(0);
  });

  it('refuses lengths and labels that do not fit, and is not differentiable twice', () => {
    const lp = randn([3, 1, 3], { dtype: 'float64' }).logSoftmax(2);
    expect(() => F.ctcLoss(lp, tensor([[1]], { dtype: 'int32' }), [4], [1])).toThrow('ctcLoss: expected input_lengths to have value at most 3, but got value 4');
    expect(() => F.ctcLoss(lp, tensor([[5]], { dtype: 'int32' }), [3], [1])).toThrow(/target label 5 is out of range/);
    expect(() => F.ctcLoss(lp, tensor([[1]], { dtype: 'int32' }), [3], [1], { blank: 3 })).toThrow(/blank must be in label range/);
    expect(() => F.ctcLoss(lp, tensor([[1]]), [3], [1])).toThrow(TypeError);
    const x = randn([3, 1, 3], { dtype: 'float64', requiresGrad: true });
    const [g] = grad([F.ctcLoss(x.logSoftmax(2), tensor([[1]], { dtype: 'int32' }), [3], [1])], [x], { createGraph: true });
    expect(() => grad([g!.sum()], [x])).toThrow();
  });
});

describe('likelihood and divergence losses', () => {
  it('gaussianNllLoss clamps the variance to eps without stopping its gradient (as PyTorch)', () => {
    const v = tensor([1e-9, 2], { dtype: 'float64', requiresGrad: true });
    const x = tensor([0, 0], { dtype: 'float64' });
    const y = tensor([1, 1], { dtype: 'float64' });
    const loss = F.gaussianNllLoss(x, y, v, { reduction: 'sum', eps: 1e-6 });
    // ½(log v + 1/v) at the clamped 1e-6 and at 2
    expect(loss.item()).toBeCloseTo(0.5 * (Math.log(1e-6) + 1e6) + 0.5 * (Math.log(2) + 0.5), 6);
    const [g] = grad([loss], [v]);
    // d/dv at the clamped value: ½(1/v − 1/v²) with v = 1e-6
    expect(g!.toArray()[0]).toBeCloseTo(0.5 * (1e6 - 1e12), -2);
    expect(() => F.gaussianNllLoss(x, y, tensor([-1, 1], { dtype: 'float64' }))).toThrow('gaussianNllLoss: var has negative entry/entries');
    expect(() => F.gaussianNllLoss(x, y, tensor([1, 1, 1], { dtype: 'float64' }))).toThrow(/var is of incorrect size/);
  });

  it('klDiv: a zero target adds nothing and gets a finite gradient; batchmean divides by the batch', () => {
    const input = tensor([[-1, -2], [-0.5, -3]], { dtype: 'float64', requiresGrad: true });
    const target = tensor([[0, 1], [0.5, 0.5]], { dtype: 'float64', requiresGrad: true });
    const loss = F.klDiv(input, target, { reduction: 'batchmean' });
    const want = (1 * (0 + 2) + 0.5 * (Math.log(0.5) + 0.5) + 0.5 * (Math.log(0.5) + 3)) / 2;
    expect(loss.item()).toBeCloseTo(want, 12);
    const [gi, gt] = grad([loss], [input, target]);
    expect([...gi!.toArray(), ...gt!.toArray()].every(Number.isFinite)).toBe(true);
    expect(() => F.klDiv(input, target, { reduction: 'batch' as never })).toThrow(/not a valid value for reduction/);
  });

  it('poissonNllLoss adds Stirling only where the target is above 1', () => {
    const x = tensor([0, 0], { dtype: 'float64' });
    const y = tensor([1, 3], { dtype: 'float64' });
    const full = F.poissonNllLoss(x, y, { full: true, reduction: 'none' }).toArray();
    expect(full[0]).toBeCloseTo(1, 12);
    expect(full[1]).toBeCloseTo(1 + 3 * Math.log(3) - 3 + 0.5 * Math.log(2 * Math.PI * 3), 12);
  });
});

describe('margin losses', () => {
  it('match their formulas at chosen points', () => {
    const close = (a: number, b: number): void => expect(Math.abs(a - b)).toBeLessThan(1e-12);
    close(F.marginRankingLoss(tensor([1]), tensor([2]), tensor([1]), { margin: 0.5 }).item(), 1.5);
    close(F.hingeEmbeddingLoss(tensor([0.25, 3]), tensor([-1, 1]), { reduction: 'sum' }).item(), 0.75 + 3);
    close(F.softMarginLoss(tensor([1], { dtype: 'float64' }), tensor([-1], { dtype: 'float64' })).item(), Math.log1p(Math.E));
    // x = [1, 2, 3], y = 0, margin 1: hinges at classes 1, 2: (1 − 1 + 2) + (1 − 1 + 3), over C = 3
    close(F.multiMarginLoss(tensor([[1, 2, 3]], { dtype: 'float64' }), tensor([0], { dtype: 'int32' })).item(), 5 / 3);
    close(F.multiMarginLoss(tensor([[1, 2, 3]], { dtype: 'float64' }), tensor([0], { dtype: 'int32' }), { p: 2 }).item(), 13 / 3);
    close(F.tripletMarginLoss(tensor([[0, 0]]), tensor([[3, 4]]), tensor([[0, 1]]), { eps: 0, swap: true }).item(), 5 - Math.min(1, Math.hypot(3, 3)) + 1);
    close(F.cosineEmbeddingLoss(tensor([[1, 0]], { dtype: 'float64' }), tensor([[0, 1]], { dtype: 'float64' }), tensor([1])).item(), 1);
  });

  it('the modules keep their options and weights (buffers in the state dict, as PyTorch)', () => {
    const mm = new nn.MultiMarginLoss({ weight: tensor([1, 2, 3]), margin: 0.5 });
    expect(Object.keys(mm.stateDict())).toEqual(['weight']);
    expect(Object.keys(new nn.MultiLabelSoftMarginLoss().stateDict())).toEqual([]);
    expect(String(new nn.TripletMarginLoss())).toBe('TripletMarginLoss()');
    expect(new nn.KLDivLoss({ reduction: 'batchmean' }).reduction).toBe('batchmean');
    const ctc = new nn.CTCLoss({ blank: 2 });
    expect(ctc.blank).toBe(2);
    expect(() => new nn.CTCLoss({ zero_infinity: true } as never)).toThrow("CTCLoss: unknown option 'zero_infinity' (it takes blank, reduction, zeroInfinity)");
    expect(() => new nn.MultiMarginLoss({ p: 3 as never })).toThrow('MultiMarginLoss: only p == 1 and p == 2 supported, got 3');
    expect(() => F.multiMarginLoss(tensor([[1, 2]]), tensor([2], { dtype: 'int32' }))).toThrow(/target 2 is out of bounds/);
  });
});
