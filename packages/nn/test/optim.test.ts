/**
 * Optimizers (param groups, zeroGrad, state dicts for resuming), learning-rate schedulers against
 * PyTorch's closed-form sequences, and gradient clipping.
 */
import { describe, expect, it } from 'vitest';
import { Generator, randn, tensor } from '@chainrule/autograd';
import type { Tensor } from '@chainrule/autograd';
import { nn, optim } from '@chainrule/nn';
import * as F from '@chainrule/nn/functional';

const closeTo = (a: number, b: number, tol = 1e-12): boolean => Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));

function model(seed = 0): nn.Sequential {
  const g = new Generator(seed);
  return new nn.Sequential(new nn.Linear(3, 4, { dtype: 'float64', generator: g }), new nn.Tanh(), new nn.Linear(4, 2, { dtype: 'float64', generator: g }));
}

const x = randn([6, 3], { dtype: 'float64', generator: new Generator(1) });
const y = tensor([0, 1, 1, 0, 1, 0], { dtype: 'int32' });

function trainSteps(m: nn.Sequential, opt: optim.Optimizer<optim.BaseOptions, object>, n: number): void {
  for (let i = 0; i < n; i++) {
    opt.zeroGrad();
    F.crossEntropy(m.forward(x), y).backward();
    opt.step();
  }
}

const bits = (m: nn.Module): number[][] => m.parameters().map((p) => [...p.toArray()]);

/** A one-parameter optimizer for schedulers. */
const sgd = (lr: number, extra: Partial<optim.SGDOptions> = {}): optim.SGD => new optim.SGD([new nn.Parameter(tensor([1]))], { lr, ...extra });

/** lrs[e] after the constructor (e = 0) and e calls of step(). */
function lrSequence(sched: optim.LRScheduler, epochs: number): number[] {
  const out = [sched.getLastLr()[0]!];
  for (let e = 1; e < epochs; e++) {
    sched.step();
    out.push(sched.getLastLr()[0]!);
  }
  return out;
}

describe('Optimizer', () => {
  it('param groups get per-group options over the defaults, frozen', () => {
    const m = model();
    const opt = new optim.SGD(
      [
        { params: m.at(0).parameters(), lr: 0.5 },
        { params: m.at(2).parameters(), momentum: 0.9 },
      ],
      { lr: 0.1 },
    );
    expect(opt.paramGroups.map((g) => [g.lr, g.momentum])).toEqual([
      [0.5, 0],
      [0.1, 0.9],
    ]);
    expect(Object.isFrozen(opt.paramGroups[0])).toBe(true);
    expect(() => opt.addParamGroup({ params: m.at(0).parameters() })).toThrow(/more than one parameter group/);
    expect(() => new optim.SGD([], { lr: 0.1 })).toThrow(/empty parameter list/);
    expect(() => new optim.Adam(m.parameters(), { betas: [1.5, 0.9] })).toThrow(/beta/);
    expect(() => new optim.SGD(m.parameters(), { nesterov: true })).toThrow(/Nesterov/);
  });

  it('zeroGrad sets grads to null (default) or zero', () => {
    const m = model();
    const opt = new optim.Adam(m.parameters());
    F.crossEntropy(m.forward(x), y).backward();
    opt.zeroGrad({ setToNone: false });
    expect(m.parameters().every((p) => p.grad!.toArray().every((v) => v === 0))).toBe(true);
    opt.zeroGrad();
    expect(m.parameters().every((p) => p.grad === null)).toBe(true);
  });

  it('step skips parameters without a gradient and returns the closure loss', () => {
    const m = model();
    const opt = new optim.SGD(m.parameters(), { lr: 0.1 });
    const before = bits(m);
    const loss = opt.step(() => {
      opt.zeroGrad();
      const l = F.crossEntropy(m.at(2).forward(m.at(1).forward(m.at(0).forward(x))), y);
      l.backward();
      return l;
    });
    expect(loss!.item()).toBeGreaterThan(0);
    expect(bits(m)).not.toEqual(before);
  });

  for (const [name, make] of [
    ['SGD+momentum', (p: Tensor[]) => new optim.SGD(p, { lr: 0.05, momentum: 0.9, nesterov: true })],
    ['Adam(amsgrad)', (p: Tensor[]) => new optim.Adam(p, { lr: 0.01, amsgrad: true })],
    ['AdamW', (p: Tensor[]) => new optim.AdamW(p, { lr: 0.01 })],
    ['RMSprop(centered, momentum)', (p: Tensor[]) => new optim.RMSprop(p, { lr: 0.01, centered: true, momentum: 0.5 })],
  ] as [string, (p: Tensor[]) => optim.Optimizer<optim.BaseOptions, object>][]) {
    it(`${name}: stateDict/loadStateDict resumes a run bit for bit`, () => {
      const straight = model();
      trainSteps(straight, make(straight.parameters()), 5);

      const first = model();
      const opt1 = make(first.parameters());
      trainSteps(first, opt1, 3);
      const saved = opt1.stateDict();
      const weights = first.stateDict();
      expect(Object.isFrozen(saved)).toBe(true);
      trainSteps(first, opt1, 1); // the snapshot must not follow later steps

      const resumed = model(99);
      resumed.loadStateDict(weights);
      const opt2 = make(resumed.parameters());
      opt2.loadStateDict(saved);
      trainSteps(resumed, opt2, 2);
      expect(bits(resumed)).toEqual(bits(straight));
    });
  }

  it('loadStateDict rejects a different group layout', () => {
    const a = new optim.SGD(model().parameters(), { lr: 0.1 });
    const m = model();
    const b = new optim.SGD([{ params: m.at(0).parameters() }, { params: m.at(2).parameters() }], { lr: 0.1 });
    expect(() => b.loadStateDict(a.stateDict())).toThrow(/number of parameter groups/);
  });

  it('maximize ascends', () => {
    const p = new nn.Parameter(tensor([1], { dtype: 'float64' }));
    const opt = new optim.SGD([p], { lr: 0.5, maximize: true });
    p.square().sum().backward();
    opt.step();
    expect(p.item()).toBe(2);
  });
});

describe('schedulers: PyTorch closed forms', () => {
  it('StepLR: base · γ^⌊e/s⌋', () => {
    const seq = lrSequence(new optim.StepLR(sgd(0.1), { stepSize: 3, gamma: 0.5 }), 12);
    seq.forEach((lr, e) => expect(closeTo(lr, 0.1 * 0.5 ** Math.floor(e / 3)), `epoch ${e}`).toBe(true));
  });

  it('MultiStepLR: base · γ^(milestones passed), repeated milestones compound', () => {
    const ms = [2, 5, 5, 8];
    const seq = lrSequence(new optim.MultiStepLR(sgd(1), { milestones: ms, gamma: 0.1 }), 11);
    seq.forEach((lr, e) => expect(closeTo(lr, 0.1 ** ms.filter((m) => m <= e).length), `epoch ${e}`).toBe(true));
  });

  it('ExponentialLR: base · γ^e', () => {
    const seq = lrSequence(new optim.ExponentialLR(sgd(0.2), { gamma: 0.9 }), 20);
    seq.forEach((lr, e) => expect(closeTo(lr, 0.2 * 0.9 ** e), `epoch ${e}`).toBe(true));
  });

  it('CosineAnnealingLR: η_min + (base − η_min)(1 + cos(πe/T))/2, also past T_max', () => {
    const seq = lrSequence(new optim.CosineAnnealingLR(sgd(0.1), { tMax: 10, etaMin: 0.001 }), 35);
    seq.forEach((lr, e) => expect(closeTo(lr, 0.001 + ((0.1 - 0.001) * (1 + Math.cos((Math.PI * e) / 10))) / 2, 1e-10), `epoch ${e}`).toBe(true));
    expect(closeTo(seq[10]!, 0.001)).toBe(true);
  });

  it('LinearLR: base · (s + (f − s)·min(e, n)/n)', () => {
    const seq = lrSequence(new optim.LinearLR(sgd(0.5), { startFactor: 0.25, endFactor: 1, totalIters: 4 }), 9);
    seq.forEach((lr, e) => expect(closeTo(lr, 0.5 * (0.25 + (0.75 * Math.min(e, 4)) / 4)), `epoch ${e}`).toBe(true));
    const def = lrSequence(new optim.LinearLR(sgd(0.3)), 7);
    def.forEach((lr, e) => expect(closeTo(lr, 0.3 * (1 / 3 + ((2 / 3) * Math.min(e, 5)) / 5)), `epoch ${e}`).toBe(true));
  });

  it('OneCycleLR (cos): warm-up to maxLr, anneal to maxLr/divFactor/finalDivFactor; momentum inverse', () => {
    const opt = sgd(0.01, { momentum: 0.9 });
    const total = 20;
    const sched = new optim.OneCycleLR(opt, { maxLr: 1, totalSteps: total });
    const up = 0.3 * total - 1; // PyTorch's first phase ends at step pct·total − 1
    const cos = (start: number, end: number, p: number): number => end + ((start - end) / 2) * (Math.cos(Math.PI * p) + 1);
    const lrs = [sched.getLastLr()[0]!];
    const moms = [opt.paramGroups[0]!.momentum];
    for (let s = 1; s < total; s++) {
      sched.step();
      lrs.push(sched.getLastLr()[0]!);
      moms.push(opt.paramGroups[0]!.momentum);
    }
    lrs.forEach((lr, s) => {
      const expected = s <= up ? cos(1 / 25, 1, s / up) : cos(1, 1 / 25 / 1e4, (s - up) / (total - 1 - up));
      expect(closeTo(lr, expected), `step ${s}`).toBe(true);
    });
    moms.forEach((m, s) => {
      const expected = s <= up ? cos(0.95, 0.85, s / up) : cos(0.85, 0.95, (s - up) / (total - 1 - up));
      expect(closeTo(m, expected), `momentum at step ${s}`).toBe(true);
    });
    expect(closeTo(lrs[5]!, 1)).toBe(true);
    expect(closeTo(lrs[total - 1]!, 4e-6)).toBe(true);
    sched.step(); // step `total` is still allowed by PyTorch
    expect(() => sched.step()).toThrow(/total steps/);
  });

  it("OneCycleLR (linear, three-phase) cycles Adam's β₁", () => {
    const opt = new optim.Adam([new nn.Parameter(tensor([1]))], { lr: 0.1, betas: [0.9, 0.99] });
    const sched = new optim.OneCycleLR(opt, { maxLr: 0.4, totalSteps: 10, annealStrategy: 'linear', threePhase: true, pctStart: 0.3 });
    const lin = (a: number, b: number, p: number): number => (b - a) * p + a;
    const lrs = lrSequence(sched, 10);
    const init = 0.4 / 25;
    const expected = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((s) =>
      s <= 2 ? lin(init, 0.4, s / 2) : s <= 4 ? lin(0.4, init, (s - 2) / 2) : lin(init, init / 1e4, (s - 4) / 5),
    );
    lrs.forEach((lr, s) => expect(closeTo(lr, expected[s]!), `step ${s}`).toBe(true));
    expect(opt.paramGroups[0]!.betas[1]).toBe(0.99);
    expect(closeTo(opt.paramGroups[0]!.betas[0], 0.95)).toBe(true); // third phase keeps max momentum
  });

  it('OneCycleLR validates its options', () => {
    expect(() => new optim.OneCycleLR(sgd(0.1), { maxLr: 1 })).toThrow(/totalSteps/);
    expect(() => new optim.OneCycleLR(sgd(0.1), { maxLr: 1, epochs: 2, stepsPerEpoch: 5, pctStart: 2 })).toThrow(/pctStart/);
    expect(new optim.OneCycleLR(sgd(0.1), { maxLr: 1, epochs: 2, stepsPerEpoch: 5 }).totalSteps).toBe(10);
  });

  it('schedulers derive new frozen groups with immer and leave old versions untouched', () => {
    const opt = sgd(0.1);
    const g0 = opt.paramGroups[0]!;
    const sched = new optim.StepLR(opt, { stepSize: 1, gamma: 0.5 });
    const g1 = opt.paramGroups[0]!;
    expect(g1).not.toBe(g0);
    expect(g0.initialLr).toBeUndefined();
    expect(g1.initialLr).toBe(0.1);
    sched.step();
    const g2 = opt.paramGroups[0]!;
    expect([g1.lr, g2.lr]).toEqual([0.1, 0.05]);
    expect(Object.isFrozen(g2)).toBe(true);
    expect(g2.params).toBe(g1.params); // structural sharing
  });

  it('per-group base rates and resuming with lastEpoch', () => {
    const m = model();
    const opt = new optim.SGD([{ params: m.at(0).parameters(), lr: 1 }, { params: m.at(2).parameters() }], { lr: 0.1 });
    const sched = new optim.ExponentialLR(opt, { gamma: 0.5 });
    sched.step();
    expect(sched.getLastLr()).toEqual([0.5, 0.05]);
    expect(sched.baseLrs).toEqual([1, 0.1]);
    const saved = sched.stateDict();
    const again = new optim.ExponentialLR(opt, { gamma: 0.5, lastEpoch: saved.lastEpoch });
    expect(again.lastEpoch).toBe(2);
    expect(again.getLastLr()).toEqual([0.25, 0.025]);
    expect(() => new optim.StepLR(sgd(0.1), { stepSize: 2, lastEpoch: 3 })).toThrow(/initialLr/);
    const fresh = new optim.ExponentialLR(sgd(0.1), { gamma: 0.5 });
    expect(() => fresh.loadStateDict(saved)).toThrow(/groups/);
  });

  it('a scheduled lr is what the optimizer uses', () => {
    const p = new nn.Parameter(tensor([0], { dtype: 'float64' }));
    const opt = new optim.SGD([p], { lr: 1 });
    const sched = new optim.StepLR(opt, { stepSize: 1, gamma: 0.5 });
    for (let i = 0; i < 3; i++) {
      opt.zeroGrad();
      p.sum().backward(); // grad 1
      opt.step();
      sched.step();
    }
    expect(p.item()).toBe(-(1 + 0.5 + 0.25));
  });
});

describe('gradient clipping', () => {
  const withGrads = (...gs: number[][]): nn.Parameter[] =>
    gs.map((g) => {
      const p = new nn.Parameter(tensor(g.map(() => 0), { dtype: 'float64' }));
      p.grad = tensor(g, { dtype: 'float64' });
      return p;
    });

  it('clipGradNorm_ scales by maxNorm/(total + 1e-6) and returns the total 2-norm', () => {
    const ps = withGrads([3, 0], [0, 4], [0]);
    ps.push(new nn.Parameter(tensor([1]))); // no grad: skipped
    const total = optim.clipGradNorm_(ps, 1);
    expect(total.item()).toBe(5);
    const c = 1 / (5 + 1e-6);
    expect([...ps[0]!.grad!.toArray(), ...ps[1]!.grad!.toArray()]).toEqual([3 * c, 0, 0, 4 * c]);
  });

  it('clipGradNorm_ leaves small gradients alone, supports ∞ and p-norms', () => {
    const small = withGrads([0.1, -0.2]);
    expect(closeTo(optim.clipGradNorm_(small, 10).item(), Math.hypot(0.1, 0.2))).toBe(true);
    expect([...small[0]!.grad!.toArray()]).toEqual([0.1, -0.2]);
    const inf = withGrads([1, -7], [3]);
    expect(optim.clipGradNorm_(inf, 3.5, { normType: Infinity }).item()).toBe(7);
    expect(closeTo(inf[0]!.grad!.toArray()[1]!, (-7 * 3.5) / (7 + 1e-6))).toBe(true);
    const one = withGrads([1, -2], [3]);
    expect(optim.clipGradNorm_(one, 100, { normType: 1 }).item()).toBe(6);
    expect(optim.clipGradNorm_([new nn.Parameter(tensor([1]))], 1).item()).toBe(0);
  });

  it('clipGradNorm_ can refuse a non-finite norm', () => {
    const ps = withGrads([Infinity, 1]);
    expect(() => optim.clipGradNorm_(ps, 1, { errorIfNonfinite: true })).toThrow(/non-finite/);
  });

  it('clipGradValue_ clamps every element', () => {
    const ps = withGrads([-3, 0.2, 5]);
    optim.clipGradValue_(ps, 1);
    expect([...ps[0]!.grad!.toArray()]).toEqual([-1, 0.2, 1]);
    expect(() => optim.clipGradValue_(ps, -1)).toThrow(RangeError);
  });
});
