/**
 * The optimizers Adagrad, Adadelta, Adamax, NAdam, RAdam, ASGD, Rprop and LBFGS beyond their
 * PyTorch parity (test/parity/optim.test.ts): option checks, state made as PyTorch makes it,
 * dtypes, resuming from our own state dicts; the schedulers LambdaLR, MultiplicativeLR,
 * ConstantLR, PolynomialLR, CyclicLR, CosineAnnealingWarmRestarts, ReduceLROnPlateau,
 * SequentialLR and ChainedScheduler beyond theirs; and nn.utils' parameter vectors.
 */
import { describe, expect, it } from 'vitest';
import { Generator, randn, tensor, zeros } from '@chainrule/autograd';
import type { Tensor } from '@chainrule/autograd';
import { nn, optim } from '@chainrule/nn';
import * as F from '@chainrule/nn/functional';

type Opt = optim.Optimizer<optim.BaseOptions, object>;

function model(dtype: 'float32' | 'float64' = 'float64'): nn.Sequential {
  const g = new Generator(0);
  return new nn.Sequential(new nn.Linear(3, 4, { dtype, generator: g }), new nn.Tanh(), new nn.Linear(4, 2, { dtype, generator: g }));
}
const x = randn([6, 3], { dtype: 'float64', generator: new Generator(1) });
const y = tensor([0, 1, 1, 0, 1, 0], { dtype: 'int32' });

function closureOf(m: nn.Sequential, opt: Opt, input: Tensor = x): () => Tensor {
  return () => {
    opt.zeroGrad();
    const loss = F.crossEntropy(m.forward(input), y);
    loss.backward();
    return loss;
  };
}

const makers: [string, (p: Tensor[]) => Opt, boolean?][] = [
  ['Adagrad', (p) => new optim.Adagrad(p, { lr: 0.1, lrDecay: 0.01 })],
  ['Adadelta', (p) => new optim.Adadelta(p, { weightDecay: 0.01 })],
  ['Adamax', (p) => new optim.Adamax(p)],
  ['NAdam', (p) => new optim.NAdam(p)],
  ['RAdam', (p) => new optim.RAdam(p)],
  ['ASGD', (p) => new optim.ASGD(p, { t0: 2 })],
  ['Rprop', (p) => new optim.Rprop(p)],
  ['LBFGS', (p) => new optim.LBFGS(p, { maxIter: 3, historySize: 2 }), true],
];

describe('optimizers: options checked as PyTorch checks them', () => {
  const w = (): Tensor[] => [zeros([2], { requiresGrad: true })];
  it.each(makers.map(([name]) => name))('%s: a negative or NaN lr is a RangeError naming the optimizer, a string a TypeError', (name) => {
    const Ctor = (optim as unknown as Record<string, new (p: Tensor[], o: object) => Opt>)[name]!;
    expect(() => new Ctor(w(), { lr: -1 })).toThrow(new RangeError(`${name}: Invalid learning rate: -1`));
    expect(() => new Ctor(w(), { lr: NaN })).toThrow(RangeError);
    expect(() => new Ctor(w(), { lr: '0.1' })).toThrow(TypeError);
  });
  it('each option its own message', () => {
    expect(() => new optim.Adagrad(w(), { lrDecay: -0.1 })).toThrow('Adagrad: Invalid lr_decay value: -0.1');
    expect(() => new optim.Adagrad(w(), { initialAccumulatorValue: -1 })).toThrow('Adagrad: Invalid initial_accumulator_value value: -1');
    expect(() => new optim.Adagrad(w(), { eps: -1 })).toThrow('Adagrad: Invalid epsilon value: -1');
    expect(() => new optim.Adadelta(w(), { rho: 1.5 })).toThrow('Adadelta: Invalid rho value: 1.5');
    expect(() => new optim.Adadelta(w(), { weightDecay: -1 })).toThrow('Adadelta: Invalid weight_decay value: -1');
    expect(() => new optim.Adamax(w(), { betas: [1, 0.9] })).toThrow('Adamax: Invalid beta parameter at index 0: 1');
    expect(() => new optim.NAdam(w(), { betas: [0.9, NaN] })).toThrow('NAdam: Invalid beta parameter at index 1: NaN');
    expect(() => new optim.NAdam(w(), { momentumDecay: -1 })).toThrow('NAdam: Invalid momentum_decay value: -1');
    expect(() => new optim.RAdam(w(), { betas: [0.9] as unknown as [number, number] })).toThrow(TypeError);
    expect(() => new optim.ASGD(w(), { t0: NaN })).toThrow(RangeError);
    expect(() => new optim.Rprop(w(), { etas: [1.2, 0.5] })).toThrow('Rprop: Invalid eta values: 1.2, 0.5');
    expect(() => new optim.Rprop(w(), { maximize: 1 as unknown as boolean })).toThrow(TypeError);
    expect(() => new optim.LBFGS(w(), { lineSearchFn: 'backtracking' as 'strong_wolfe' })).toThrow(/only 'strong_wolfe'/);
    expect(() => new optim.LBFGS(w(), { maxIter: 0 })).toThrow('LBFGS: Invalid max_iter value: 0');
    expect(() => new optim.LBFGS([{ params: w() }, { params: w() }])).toThrow(/parameter groups/);
    expect(() => (new optim.LBFGS(w()).step as unknown as () => void)()).toThrow(TypeError);
  });
});

describe('optimizers: state as PyTorch keeps it', () => {
  it('Adagrad makes every state in the constructor (sums at initialAccumulatorValue)', () => {
    const p = zeros([3], { requiresGrad: true });
    const opt = new optim.Adagrad([p], { initialAccumulatorValue: 0.5 });
    expect(opt.state.get(p)?.step).toBe(0);
    expect([...opt.state.get(p)!.sum.toArray()]).toEqual([0.5, 0.5, 0.5]);
    expect(Object.keys(opt.stateDict().state)).toEqual(['0']);
  });

  it('LBFGS keeps its state under the first parameter, flat over all of them', () => {
    const m = model();
    const opt = new optim.LBFGS(m.parameters(), { maxIter: 4 });
    opt.step(closureOf(m, opt));
    const params = m.parameters();
    expect([...opt.state.keys()]).toEqual([params[0]]);
    const s = opt.state.get(params[0]!)!;
    expect(s.d!.shape).toEqual([params.reduce((n, p) => n + p.numel(), 0)]);
    expect(s.nIter).toBe(4);
    expect(s.oldDirs!.length).toBe(s.ro!.length);
  });

  it.each(makers)('%s: float32 parameters keep float32 state and train', (_name, make, closure) => {
    const m = model('float32');
    const opt = make(m.parameters());
    const step = closureOf(m, opt, x.to('float32'));
    const first = step().item();
    for (let i = 0; i < 5; i++) {
      if (closure === true) opt.step(step);
      else {
        step();
        opt.step();
      }
    }
    for (const s of Object.values(opt.stateDict().state)) {
      for (const v of Object.values(s).flat()) if (v !== null && typeof v === 'object') expect((v as Tensor).dtype).toBe('float32');
    }
    for (const p of m.parameters()) expect(p.dtype).toBe('float32');
    expect(step().item()).toBeLessThan(first);
  });

  it.each(makers)('%s: a state dict of ours resumes to the same bits', (_name, make, closure) => {
    const run = (m: nn.Sequential, opt: Opt, n: number): void => {
      for (let i = 0; i < n; i++) {
        if (closure === true) opt.step(closureOf(m, opt));
        else {
          closureOf(m, opt)();
          opt.step();
        }
      }
    };
    const a = model();
    const optA = make(a.parameters());
    run(a, optA, 3);
    const b = model();
    b.loadStateDict(a.stateDict());
    const optB = make(b.parameters());
    optB.loadStateDict(optA.stateDict());
    run(a, optA, 3);
    run(b, optB, 3);
    a.parameters().forEach((p, i) => expect([...b.parameters()[i]!.toArray()]).toEqual([...p.toArray()]));
  });

  it('loadStateDict of a PyTorch-layout state dict: snake_case keys camelCased, 0-dim counts made numbers, switches dropped', () => {
    const p = zeros([2], { requiresGrad: true, dtype: 'float64' });
    const opt = new optim.NAdam([p]);
    opt.loadStateDict({
      state: { 0: { step: tensor(3), mu_product: tensor(0.5), exp_avg: tensor([0.1, 0.2]), exp_avg_sq: tensor([0.01, 0.02]) } },
      param_groups: [{ lr: 0.01, betas: [0.8, 0.9], eps: 1e-8, weight_decay: 0, momentum_decay: 0.004, foreach: null, params: [0] }],
    });
    const s = opt.state.get(p)!;
    expect([s.step, s.muProduct, s.expAvg.dtype]).toEqual([3, 0.5, 'float64']);
    expect(opt.paramGroups[0]).not.toHaveProperty('foreach');
    expect(opt.paramGroups[0]!.momentumDecay).toBe(0.004);
  });

  it('Rprop: a gradient whose sign flips skips that element and shrinks its step', () => {
    const w = tensor([1, 1], { requiresGrad: true, dtype: 'float64' });
    const opt = new optim.Rprop([w], { lr: 0.5 });
    w.mul(tensor([1, 1], { dtype: 'float64' })).sum().backward();
    opt.step(); // both move by −0.5
    opt.zeroGrad();
    w.mul(tensor([-1, 1], { dtype: 'float64' })).sum().backward();
    opt.step(); // element 0 flips: skipped, step 0.25; element 1 grows: 0.6
    expect([...w.toArray()]).toEqual([0.5, 0.5 - 0.6]);
    expect([...opt.state.get(w)!.stepSize.toArray()]).toEqual([0.25, 0.6]);
  });
});

const sgd = (lr = 1, momentum = 0.9): optim.SGD => new optim.SGD([zeros([1], { requiresGrad: true })], { lr, momentum });
const seq = (s: { step(): void; getLastLr(): number[] }, n: number): number[] => {
  const out = [s.getLastLr()[0]!];
  for (let i = 1; i < n; i++) {
    s.step();
    out.push(s.getLastLr()[0]!);
  }
  return out;
};

describe('schedulers', () => {
  it('validate their options', () => {
    expect(() => new optim.LambdaLR(sgd(), { lrLambda: [() => 1, () => 1] })).toThrow('LambdaLR: Expected 1 lr_lambdas, but got 2');
    expect(() => new optim.MultiplicativeLR(sgd(), { lrLambda: 3 as unknown as () => number })).toThrow(TypeError);
    expect(() => new optim.ConstantLR(sgd(), { factor: 2 })).toThrow(RangeError);
    expect(() => new optim.PolynomialLR(sgd(), { totalIters: 0 })).toThrow(RangeError);
    expect(() => new optim.CyclicLR(new optim.Adam([zeros([1], { requiresGrad: true })]), { baseLr: 0.1, maxLr: 1 })).toThrow(/momentum/);
    expect(() => new optim.CyclicLR(sgd(), { baseLr: 0.1, maxLr: [1, 2] })).toThrow(/expected 1 values for maxLr/);
    expect(() => new optim.CyclicLR(sgd(), { baseLr: 0.1, maxLr: 1, mode: 'sine' as 'triangular' })).toThrow(/mode sine is invalid/);
    expect(() => new optim.CosineAnnealingWarmRestarts(sgd(), { t0: 1.5 })).toThrow(RangeError);
    expect(() => new optim.CosineAnnealingWarmRestarts(sgd(), { t0: 2, tMult: 0 })).toThrow(/tMult >= 1/);
    expect(() => new optim.ReduceLROnPlateau(sgd(), { factor: 1 })).toThrow(/factor should be < 1.0/);
    expect(() => new optim.ReduceLROnPlateau(sgd(), { mode: 'up' as 'min' })).toThrow(/mode up is unknown/);
    expect(() => new optim.ReduceLROnPlateau(sgd()).step('1' as unknown as number)).toThrow(TypeError);
    const a = sgd();
    expect(() => new optim.SequentialLR(a, { schedulers: [new optim.ExponentialLR(sgd(), { gamma: 0.5 })], milestones: [] })).toThrow(/same optimizer/);
    expect(() => new optim.SequentialLR(a, { schedulers: [new optim.ExponentialLR(a, { gamma: 0.5 })], milestones: [2] })).toThrow(/milestones/);
    expect(() => new optim.ChainedScheduler([])).toThrow(RangeError);
    expect(() => new optim.ChainedScheduler([new optim.ExponentialLR(a, { gamma: 0.5 }), new optim.ExponentialLR(sgd(), { gamma: 0.5 })])).toThrow(/same optimizer/);
  });

  it('step(epoch) jumps with the closed form (StepLR, PolynomialLR) or getLr (LambdaLR)', () => {
    const s = new optim.StepLR(sgd(), { stepSize: 2, gamma: 0.5 });
    s.step(5);
    expect(s.getLastLr()).toEqual([0.25]);
    const p = new optim.PolynomialLR(sgd(), { totalIters: 4, power: 2 });
    p.step(2);
    expect(p.getLastLr()).toEqual([0.25]);
    const l = new optim.LambdaLR(sgd(), { lrLambda: (e) => e / 10 });
    l.step(7);
    expect(l.getLastLr()[0]).toBeCloseTo(0.7, 15);
    expect(() => l.step(NaN)).toThrow(RangeError);
  });

  it('CosineAnnealingWarmRestarts resumes mid-cycle from its state dict; fractional epochs', () => {
    const a = new optim.CosineAnnealingWarmRestarts(sgd(), { t0: 2, tMult: 2, etaMin: 0.1 });
    for (let i = 0; i < 4; i++) a.step();
    const b = new optim.CosineAnnealingWarmRestarts(sgd(), { t0: 2, tMult: 2, etaMin: 0.1 });
    b.loadStateDict(a.stateDict());
    expect(seq(b, 6)).toEqual(seq(a, 6));
    const c = new optim.CosineAnnealingWarmRestarts(sgd(), { t0: 2, tMult: 2 });
    c.step(4.5); // cycle 2 (epochs 2–5), T_cur = 2.5 of 4
    expect([c.tI, c.tCur, c.lastEpoch]).toEqual([4, 2.5, 4]);
    expect(() => c.step(-1)).toThrow(RangeError);
  });

  it('SequentialLR and ChainedScheduler resume from their state dicts', () => {
    const make = (o: optim.SGD): optim.SequentialLR =>
      new optim.SequentialLR(o, { schedulers: [new optim.LinearLR(o, { startFactor: 0.5, totalIters: 2 }), new optim.ExponentialLR(o, { gamma: 0.5 })], milestones: [2] });
    const oa = sgd();
    const a = make(oa);
    for (let i = 0; i < 3; i++) a.step();
    const ob = sgd();
    const b = make(ob);
    ob.loadStateDict(oa.stateDict());
    b.loadStateDict(a.stateDict());
    expect(seq(b, 4)).toEqual(seq(a, 4));
    const chain = (o: optim.SGD): optim.ChainedScheduler => new optim.ChainedScheduler([new optim.ConstantLR(o, { factor: 0.5, totalIters: 3 }), new optim.StepLR(o, { stepSize: 2 })]);
    const oc = sgd();
    const c = chain(oc);
    c.step();
    c.step();
    const od = sgd();
    const d = chain(od);
    od.loadStateDict(oc.stateDict());
    d.loadStateDict(c.stateDict());
    expect(seq(d, 4)).toEqual(seq(c, 4));
  });

  it('ReduceLROnPlateau: tensor metrics, cooldown, minLr per group, eps', () => {
    const w = zeros([1], { requiresGrad: true });
    const opt = new optim.SGD([{ params: [w] }, { params: [zeros([1], { requiresGrad: true })], lr: 0.01 }], { lr: 1 });
    const s = new optim.ReduceLROnPlateau(opt, { patience: 0, cooldown: 1, minLr: [0.3, 0], eps: 0.005 });
    const lrs: number[][] = [];
    for (const m of [1, 1, 1, 1, 1]) {
      s.step(tensor(m));
      lrs.push(s.getLastLr());
    }
    // epoch 2: reduce, group 0 to its floor 0.3, group 1 by 0.009 > eps; 3: cooldown; 4: no change
    // (group 0 at its floor, group 1 would change by 0.0009 < eps); 5: cooldown
    expect(lrs).toEqual([
      [1, 0.01],
      [0.3, 0.001],
      [0.3, 0.001],
      [0.3, 0.001],
      [0.3, 0.001],
    ]);
  });

  it('CyclicLR with a custom scale function of the iteration', () => {
    const s = new optim.CyclicLR(sgd(), { baseLr: 0, maxLr: 1, stepSizeUp: 1, scaleFn: (i) => 1 / (1 + i), scaleMode: 'iterations', cycleMomentum: false });
    expect(seq(s, 4)).toEqual([0, 0.5, 0, 0.25]);
  });
});

describe('nn.utils: parametersToVector and vectorToParameters', () => {
  it('round-trips, the vector is differentiable, bad input is refused', () => {
    const m = model();
    const v = nn.utils.parametersToVector(m.parameters());
    expect(v.shape).toEqual([3 * 4 + 4 + 4 * 2 + 2]);
    v.square().sum().backward();
    for (const p of m.parameters()) expect([...p.grad!.toArray()]).toEqual([...p.toArray()].map((a) => 2 * a));
    const m2 = model();
    for (const p of m2.parameters()) p.detach().zero_();
    nn.utils.vectorToParameters(v.detach(), m2.parameters());
    m.parameters().forEach((p, i) => expect([...m2.parameters()[i]!.toArray()]).toEqual([...p.toArray()]));
    expect(() => nn.utils.vectorToParameters(v.detach().narrow(0, 0, 5), m2.parameters())).toThrow(RangeError);
    expect(() => nn.utils.vectorToParameters(v.detach().reshape([2, 13]), m2.parameters())).toThrow(/1-D/);
    expect(() => nn.utils.vectorToParameters([1, 2] as unknown as Tensor, m2.parameters())).toThrow(TypeError);
    expect(() => nn.utils.parametersToVector([])).toThrow(RangeError);
    expect(nn.utils.clipGradValue_).toBe(optim.clipGradValue_);
  });
});
