/**
 * compile(step) on whole training steps: with every optimizer (SGD with momentum, Nesterov,
 * dampening and weight decay, Adam, AdamW with AMSGrad, RMSprop centered with momentum, Adagrad,
 * Adadelta, Adamax, NAdam, RAdam, ASGD, Rprop; LBFGS is refused) on the MLP
 * and the CNN of `pnpm train`, and on a pre-norm transformer block, the compiled steps give what
 * eager steps give, to the bit: losses, parameters, gradients, optimizer state, module buffers.
 * Also: dropout draws from the seeded generator as eager does, compiled and eager steps interleave
 * on one model, state dicts read and load the trained values between calls, schedulers change the
 * learning rate without a new capture, and train()/eval() and loadStateDict capture again.
 */
import { describe, expect, it } from 'vitest';
import { compile, CompileError, Generator, manualSeed, noGrad, randint, randn, tensor } from '@chainrule/autograd';
import type { Tensor } from '@chainrule/autograd';
import { nn, optim } from '@chainrule/nn';
import * as F from '@chainrule/nn/functional';

/** Equality to the bit (NaN = NaN). */
function sameBits(a: Tensor | null | undefined, b: Tensor | null | undefined, what: string): void {
  expect(a === null || a === undefined, `${what}: one is missing`).toBe(b === null || b === undefined);
  if (a === null || a === undefined || b === null || b === undefined) return;
  expect(b.shape, `${what}: shape`).toEqual(a.shape);
  const x = a.toArray();
  const y = b.toArray();
  for (let i = 0; i < x.length; i++) {
    if (!(Object.is(x[i], y[i]) || (Number.isNaN(x[i]) && Number.isNaN(y[i])))) expect.fail(`${what}: element ${i} differs: eager ${x[i]}, compiled ${y[i]}`);
  }
}

type Opt = optim.Optimizer<optim.BaseOptions, object>;
type Make = (params: nn.Parameter[]) => Opt;

/** Name, optimizer, and the compile stats after 6 steps when a guard flips mid-way (default: one capture). */
const optimizers: [string, Make, { eager: number; captures: number; replays: number }?][] = [
  ['SGD', (p) => new optim.SGD(p, { lr: 0.05 })],
  ['SGD momentum + weight decay + dampening', (p) => new optim.SGD(p, { lr: 0.05, momentum: 0.9, weightDecay: 1e-2, dampening: 0.1 })],
  ['SGD Nesterov, maximize', (p) => new optim.SGD(p, { lr: 0.05, momentum: 0.8, nesterov: true, maximize: true })],
  ['Adam', (p) => new optim.Adam(p, { lr: 1e-2 })],
  ['Adam weight decay', (p) => new optim.Adam(p, { lr: 1e-2, weightDecay: 0.1, betas: [0.6, 0.99] })],
  ['AdamW AMSGrad', (p) => new optim.AdamW(p, { lr: 1e-2, amsgrad: true })],
  ['RMSprop', (p) => new optim.RMSprop(p, { lr: 1e-2 })],
  ['RMSprop centered, momentum, weight decay', (p) => new optim.RMSprop(p, { lr: 1e-2, centered: true, momentum: 0.9, weightDecay: 1e-3 })],
  ['Adagrad', (p) => new optim.Adagrad(p, { lr: 1e-2 })],
  ['Adagrad lr decay, weight decay, maximize', (p) => new optim.Adagrad(p, { lr: 1e-2, lrDecay: 0.1, weightDecay: 1e-2, initialAccumulatorValue: 0.1, maximize: true })],
  ['Adadelta weight decay', (p) => new optim.Adadelta(p, { rho: 0.8, weightDecay: 1e-2 })],
  ['Adamax weight decay', (p) => new optim.Adamax(p, { lr: 1e-2, weightDecay: 1e-2 })],
  ['NAdam', (p) => new optim.NAdam(p, { lr: 1e-2, weightDecay: 1e-2 })],
  // ρₜ passes 5 at the 6th step (ρₜ ≤ t): the rectified branch is captured then
  ['RAdam', (p) => new optim.RAdam(p, { lr: 1e-2 }), { eager: 1, captures: 2, replays: 3 }],
  ['RAdam weight decay', (p) => new optim.RAdam(p, { lr: 1e-2, betas: [0.8, 0.9], weightDecay: 1e-2 }), { eager: 1, captures: 2, replays: 3 }],
  // averaging starts at step 4 (μ ≠ 1 from then on): captured again there
  ['ASGD averaging, weight decay', (p) => new optim.ASGD(p, { lr: 1e-2, lambd: 0.01, t0: 2, weightDecay: 1e-2 }), { eager: 1, captures: 2, replays: 3 }],
  ['Rprop', (p) => new optim.Rprop(p, { lr: 1e-2, stepSizes: [1e-3, 0.02] })],
];

const mlp = (): nn.Sequential => new nn.Sequential(new nn.Linear(20, 32), new nn.ReLU(), new nn.Linear(32, 5));
const cnn = (): nn.Sequential =>
  new nn.Sequential(
    new nn.Unflatten(1, [1, 12, 12]),
    new nn.Conv2d(1, 4, 3, { padding: 1 }),
    new nn.ReLU(),
    new nn.MaxPool2d(2),
    new nn.Conv2d(4, 8, 3, { padding: 1 }),
    new nn.ReLU(),
    new nn.MaxPool2d(2),
    new nn.Flatten(),
    new nn.Linear(72, 5),
  );

/** A model and optimizer built from a seed, and its training step. */
function setup(makeModel: () => nn.Module, makeOpt: Make, seed = 0) {
  manualSeed(seed);
  const model = makeModel();
  const opt = makeOpt(model.parameters());
  const step = (x: Tensor, y: Tensor): Tensor => {
    opt.zeroGrad();
    const loss = F.crossEntropy(model.forward(x) as Tensor, y);
    loss.backward();
    opt.step();
    return loss;
  };
  return { model, opt, step };
}

/** Everything a step changes: parameters and their gradients, module buffers, optimizer state tensors and counts. */
function expectSameState(a: { model: nn.Module; opt: Opt }, b: { model: nn.Module; opt: Opt }, what: string): void {
  const sa = a.model.stateDict();
  const sb = b.model.stateDict();
  for (const k of Object.keys(sa)) sameBits(sa[k], sb[k], `${what}: ${k}`);
  const pa = a.model.parameters();
  const pb = b.model.parameters();
  pa.forEach((p, i) => sameBits(p.grad, pb[i]!.grad, `${what}: grad ${i}`));
  const oa = a.opt.stateDict();
  const ob = b.opt.stateDict();
  for (const [i, s] of Object.entries(oa.state)) {
    for (const [k, v] of Object.entries(s)) {
      const w = ob.state[Number(i)]![k];
      if (v instanceof Object && 'shape' in v) sameBits(v as Tensor, w as Tensor, `${what}: optimizer state ${i}.${k}`);
      else expect(w, `${what}: optimizer state ${i}.${k}`).toEqual(v);
    }
  }
}

function batches(n: number, shape: number[], classes: number, seed: number): [Tensor, Tensor][] {
  manualSeed(seed);
  return Array.from({ length: n }, () => [randn(shape), randint(0, classes, [shape[0]!])]);
}

describe('compile: a training step with every optimizer equals eager steps, to the bit', () => {
  for (const [model, make, shape] of [
    ['MLP', mlp, [16, 20]],
    ['CNN', cnn, [6, 144]],
  ] as const) {
    for (const [name, opt, stats] of optimizers) {
      it(`${model}, ${name}, 6 steps`, () => {
        const eager = setup(make, opt);
        const comp = setup(make, opt);
        const step = compile(comp.step);
        batches(6, [...shape], 5, 9).forEach(([x, y], i) => {
          sameBits(eager.step(x, y), step(x, y), `step ${i}: loss`);
          expectSameState(eager, comp, `step ${i}`);
        });
        expect(step.stats()).toEqual(stats ?? { eager: 1, captures: 1, replays: 4 });
      });
    }
  }

  it('LBFGS (a closure evaluated a data-dependent number of times) is refused with a CompileError', () => {
    const { model } = setup(mlp, (p) => new optim.SGD(p, { lr: 0.1 }));
    const opt = new optim.LBFGS(model.parameters(), { maxIter: 2 });
    const [[x, y]] = batches(1, [16, 20], 5, 3) as [[Tensor, Tensor]];
    const step = compile((a: Tensor, b: Tensor) =>
      opt.step(() => {
        opt.zeroGrad();
        const loss = F.crossEntropy(model.forward(a) as Tensor, b);
        loss.backward();
        return loss;
      }),
    );
    step(x, y); // the first call runs eagerly
    expect(() => step(x, y)).toThrow(CompileError);
    expect(() => step(x, y)).toThrow(/LBFGS\.step cannot be compiled/);
  });

  it('float64 models too', () => {
    const make = (): nn.Module => new nn.Sequential(new nn.Linear(6, 8, { dtype: 'float64' }), new nn.Tanh(), new nn.Linear(8, 3, { dtype: 'float64' }));
    const eager = setup(make, (p) => new optim.Adam(p, { lr: 0.1 }));
    const comp = setup(make, (p) => new optim.Adam(p, { lr: 0.1 }));
    const step = compile(comp.step);
    manualSeed(2);
    for (let i = 0; i < 5; i++) {
      const x = randn([5, 6], { dtype: 'float64' });
      const y = randint(0, 3, [5]);
      sameBits(eager.step(x, y), step(x, y), `step ${i}`);
    }
    expectSameState(eager, comp, 'float64');
  });
});

/** A pre-norm transformer block: x + attn(ln1(x)), then + mlp(ln2(·)), causal, as the bench's. */
class Block extends nn.Module {
  ln1: nn.LayerNorm;
  qkv: nn.Linear;
  proj: nn.Linear;
  ln2: nn.LayerNorm;
  fc1: nn.Linear;
  fc2: nn.Linear;
  constructor(
    readonly d: number,
    readonly heads: number,
    readonly p = 0,
  ) {
    super();
    this.ln1 = new nn.LayerNorm(d);
    this.qkv = new nn.Linear(d, 3 * d);
    this.proj = new nn.Linear(d, d);
    this.ln2 = new nn.LayerNorm(d);
    this.fc1 = new nn.Linear(d, 4 * d);
    this.fc2 = new nn.Linear(4 * d, d);
  }
  forward(x: Tensor): Tensor {
    const [b, t, d] = x.shape as [number, number, number];
    const h = this.heads;
    const [q, k, v] = this.qkv.forward(this.ln1.forward(x)).split(d, -1).map((z) => z.reshape([b, t, h, d / h]).transpose(1, 2));
    const mask = tensor(1).expand([t, t]).triu(1).bool();
    const att = F.dropout(q!.matmul(k!.transpose(-2, -1)).mul(1 / Math.sqrt(d / h)).maskedFill(mask, -Infinity).softmax(-1), this.p, { training: this.training });
    const y = att.matmul(v!).transpose(1, 2).reshape([b, t, d]);
    const x1 = x.add(this.proj.forward(y));
    return x1.add(this.fc2.forward(this.fc1.forward(this.ln2.forward(x1)).gelu()));
  }
}

describe('compile: a pre-norm transformer block (LayerNorm, causal attention, GELU MLP) with Adam', () => {
  it('equals eager steps to the bit, with dropout drawing from the generator as eager', () => {
    const make = (): { model: Block; opt: Opt; step: (x: Tensor, y: Tensor) => Tensor } => {
      manualSeed(4);
      const model = new Block(64, 4, 0.1);
      const opt = new optim.Adam(model.parameters(), { lr: 1e-3 });
      const step = (x: Tensor, y: Tensor): Tensor => {
        opt.zeroGrad();
        const loss = F.mseLoss(model.forward(x), y);
        loss.backward();
        opt.step();
        return loss;
      };
      return { model, opt, step };
    };
    const eager = make();
    const comp = make();
    const step = compile(comp.step);
    manualSeed(8);
    // sizes where the SIMD kernels run and chains fuse over several chunks: 8,192 and 32,768 elements
    const data = Array.from({ length: 5 }, () => [randn([4, 32, 64]), randn([4, 32, 64])] as const);
    data.forEach(([x, y], i) => {
      manualSeed(100 + i);
      const le = eager.step(x, y);
      manualSeed(100 + i);
      sameBits(le, step(x, y), `step ${i}: loss`);
      expectSameState(eager, comp, `step ${i}`);
    });
    expect(step.stats().replays).toBe(3);
  });
});

describe('compile: module buffers, modes and state between calls', () => {
  it('BatchNorm running statistics and its batch count are updated in place at every call', () => {
    const make = (): nn.Sequential => new nn.Sequential(new nn.Linear(8, 6), new nn.BatchNorm1d(6), new nn.ReLU(), new nn.Linear(6, 3));
    const eager = setup(make, (p) => new optim.SGD(p, { lr: 0.1, momentum: 0.5 }));
    const comp = setup(make, (p) => new optim.SGD(p, { lr: 0.1, momentum: 0.5 }));
    const step = compile(comp.step);
    for (const [x, y] of batches(6, [10, 8], 3, 5)) sameBits(eager.step(x, y), step(x, y), 'loss');
    expectSameState(eager, comp, 'after 6 steps');
    const bn = (comp.model as nn.Sequential).at(1) as nn.BatchNorm1d;
    expect(bn.numBatchesTracked!.item()).toBe(6);
  });

  it('train() / eval() capture again (dropout and BatchNorm change behaviour)', () => {
    manualSeed(0);
    const model = new nn.Sequential(new nn.Linear(4, 4), new nn.BatchNorm1d(4), new nn.Dropout(0.5));
    const f = compile((x: Tensor) => noGrad(() => model.forward(x) as Tensor));
    const x = randn([5, 4]);
    for (let i = 0; i < 3; i++) f(x);
    model.eval();
    const want = noGrad(() => model.forward(x) as Tensor);
    sameBits(want, f(x), 'eval mode');
    sameBits(want, f(x), 'eval mode, replayed');
    expect(f.stats().captures).toBe(2);
  });

  it('dropout draws the same numbers as eager from the default generator, call after call', () => {
    const make = (): nn.Sequential => new nn.Sequential(new nn.Linear(10, 16), new nn.ReLU(), new nn.Dropout(0.4), new nn.Linear(16, 4));
    const eager = setup(make, (p) => new optim.Adam(p));
    const comp = setup(make, (p) => new optim.Adam(p));
    const step = compile(comp.step);
    const data = batches(6, [8, 10], 4, 1);
    manualSeed(77);
    const le = data.map(([x, y]) => eager.step(x, y));
    const after = randn([3]);
    manualSeed(77);
    const lc = data.map(([x, y]) => step(x, y));
    le.forEach((l, i) => sameBits(l, lc[i], `step ${i}`));
    // the generator advanced exactly as much
    sameBits(after, randn([3]), 'next numbers of the generator');
    expect(step.stats().replays).toBe(4);
  });

  it('a dropout generator passed explicitly is used as eager uses it', () => {
    const g = new Generator(3);
    const f = compile((x: Tensor) => F.dropout(x, 0.5, { generator: g }));
    const eager = new Generator(3);
    for (let i = 0; i < 5; i++) sameBits(F.dropout(randn([50], { generator: new Generator(i) }), 0.5, { generator: eager }), f(randn([50], { generator: new Generator(i) })), `call ${i}`);
  });

  it('compiled and eager steps interleave on one model and optimizer', () => {
    const a = setup(mlp, (p) => new optim.Adam(p, { lr: 1e-2 }));
    const b = setup(mlp, (p) => new optim.Adam(p, { lr: 1e-2 }));
    const step = compile(b.step);
    batches(10, [16, 20], 5, 3).forEach(([x, y], i) => {
      const eagerHere = i % 3 === 1;
      sameBits(a.step(x, y), eagerHere ? b.step(x, y) : step(x, y), `step ${i} (${eagerHere ? 'eager' : 'compiled'})`);
    });
    expectSameState(a, b, 'after 10 steps');
  });

  it('stateDict after compiled steps holds the trained weights; loadStateDict between calls takes effect', () => {
    const a = setup(mlp, (p) => new optim.SGD(p, { lr: 0.1 }));
    const b = setup(mlp, (p) => new optim.SGD(p, { lr: 0.1 }));
    const step = compile(b.step);
    const data = batches(10, [16, 20], 5, 4);
    for (const [x, y] of data) {
      a.step(x, y);
      step(x, y);
    }
    const trained = b.model.stateDict();
    for (const [k, v] of Object.entries(a.model.stateDict())) sameBits(v, trained[k], k);
    // back to the weights after step 0, through the state dict
    const start = setup(mlp, (p) => new optim.SGD(p, { lr: 0.1 }));
    start.step(...data[0]!);
    b.model.loadStateDict(start.model.stateDict());
    sameBits(start.step(...data[1]!), step(...data[1]!), 'the step after loading');
    expectSameState(start, b, 'after loading and one step');
  });

  it('p.data and p.grad are readable and writable between calls', () => {
    const a = setup(mlp, (p) => new optim.SGD(p, { lr: 0.1 }));
    const b = setup(mlp, (p) => new optim.SGD(p, { lr: 0.1 }));
    const step = compile(b.step);
    for (const [x, y] of batches(5, [16, 20], 5, 6)) {
      a.step(x, y);
      step(x, y);
      // an in-place change by user code, on both
      noGrad(() => {
        a.model.parameters()[0]!.mul_(0.9);
        b.model.parameters()[0]!.mul_(0.9);
      });
      a.model.parameters()[1]!.data[0] = 0.5;
      b.model.parameters()[1]!.data[0] = 0.5;
    }
    expectSameState(a, b, 'after user writes');
  });

  it('gradients zeroed outside the step, or accumulated over calls', () => {
    for (const mode of ['outside', 'accumulate'] as const) {
      const make = () => {
        manualSeed(0);
        const model = mlp();
        const opt = new optim.SGD(model.parameters(), { lr: 0.01 });
        const step = (x: Tensor, y: Tensor): Tensor => {
          const loss = F.crossEntropy(model.forward(x), y);
          loss.backward();
          opt.step();
          return loss;
        };
        return { model, opt, step };
      };
      const a = make();
      const b = make();
      const step = compile(b.step);
      batches(6, [16, 20], 5, 7).forEach(([x, y], i) => {
        if (mode === 'outside') {
          a.opt.zeroGrad();
          b.opt.zeroGrad();
        }
        sameBits(a.step(x, y), step(x, y), `${mode}, step ${i}`);
        expectSameState(a, b, `${mode}, step ${i}`);
      });
      expect(step.stats().replays, mode).toBe(4);
    }
  });

  it('a scheduler changes the learning rate at every call without a new capture', () => {
    const a = setup(mlp, (p) => new optim.SGD(p, { lr: 0.1, momentum: 0.9 }));
    const b = setup(mlp, (p) => new optim.SGD(p, { lr: 0.1, momentum: 0.9 }));
    const sa = new optim.OneCycleLR(a.opt as optim.SGD, { maxLr: 0.5, totalSteps: 8 });
    const sb = new optim.OneCycleLR(b.opt as optim.SGD, { maxLr: 0.5, totalSteps: 8 });
    const step = compile(b.step);
    for (const [x, y] of batches(8, [16, 20], 5, 8)) {
      sameBits(a.step(x, y), step(x, y), 'loss');
      sa.step();
      sb.step();
    }
    expectSameState(a, b, 'after the cycle');
    expect(step.stats()).toEqual({ eager: 1, captures: 1, replays: 6 });
  });

  it('optimizer.loadStateDict between calls captures again and trains from the loaded state', () => {
    const a = setup(mlp, (p) => new optim.Adam(p, { lr: 1e-2 }));
    const b = setup(mlp, (p) => new optim.Adam(p, { lr: 1e-2 }));
    const step = compile(b.step);
    const data = batches(8, [16, 20], 5, 10);
    data.slice(0, 4).forEach(([x, y]) => {
      a.step(x, y);
      step(x, y);
    });
    b.opt.loadStateDict(a.opt.stateDict());
    a.opt.loadStateDict(a.opt.stateDict());
    data.slice(4).forEach(([x, y], i) => sameBits(a.step(x, y), step(x, y), `step ${4 + i}`));
    expectSameState(a, b, 'after loading');
    expect(step.stats().captures).toBe(2);
  });
});

describe('compile: the graph names the layer-level ops', () => {
  it('regions for conv2d, maxPool2d, linear and crossEntropy, with their attributes, around their nodes', () => {
    const c = setup(cnn, (p) => new optim.SGD(p, { lr: 0.1 }));
    const step = compile(c.step);
    for (const [x, y] of batches(3, [2, 144], 5, 1)) step(x, y);
    const g = step.graphs()[0]!;
    const names = g.regions.map((r) => r.name);
    expect(names).toEqual(['conv2d', 'maxPool2d', 'conv2d', 'maxPool2d', 'linear', 'crossEntropy']);
    const conv = g.regions[0]!;
    expect(conv.attrs).toEqual({ stride: [1, 1], padding: [1, 1], dilation: [1, 1], groups: 1 });
    // MaxPool2d passes all its settings
    expect(g.regions[1]!.attrs).toEqual({ kernelSize: 2, stride: 2, padding: 0, dilation: 1, ceilMode: false, returnIndices: false });
    // a region's nodes read its inputs and end with its output
    expect(g.nodes.slice(conv.first, conv.end).some((n) => n.op === 'conv2d')).toBe(true);
    expect(g.nodes.slice(conv.first, conv.end).some((n) => n.output === conv.outputs[0])).toBe(true);
    expect(g.values[conv.inputs[0]!]!.shape).toEqual([2, 1, 12, 12]);
    for (let i = 1; i < g.regions.length; i++) expect(g.regions[i]!.first).toBeGreaterThanOrEqual(g.regions[i - 1]!.end);
  });
});

describe('compile: the bench-size steps (the sizes pnpm bench times), compiled = eager to the bit', () => {
  it('MLP 784-128-10, batch 128, Adam and SGD', () => {
    for (const opt of [(p: nn.Parameter[]) => new optim.Adam(p), (p: nn.Parameter[]) => new optim.SGD(p, { lr: 0.01 })] as Make[]) {
      const make = (): nn.Sequential => new nn.Sequential(new nn.Linear(784, 128), new nn.ReLU(), new nn.Linear(128, 10));
      const eager = setup(make, opt);
      const comp = setup(make, opt);
      const step = compile(comp.step);
      for (const [x, y] of batches(4, [128, 784], 10, 2)) sameBits(eager.step(x, y), step(x, y), 'loss');
      expectSameState(eager, comp, 'after 4 steps');
    }
  });
  it('the --model cnn network on 28×28 images, batch 16, Adam', () => {
    const make = (): nn.Sequential =>
      new nn.Sequential(
        new nn.Unflatten(1, [1, 28, 28]),
        new nn.Conv2d(1, 16, 3, { padding: 1 }),
        new nn.ReLU(),
        new nn.MaxPool2d(2),
        new nn.Conv2d(16, 32, 3, { padding: 1 }),
        new nn.ReLU(),
        new nn.MaxPool2d(2),
        new nn.Flatten(),
        new nn.Linear(1568, 10),
      );
    const eager = setup(make, (p) => new optim.Adam(p));
    const comp = setup(make, (p) => new optim.Adam(p));
    const step = compile(comp.step);
    for (const [x, y] of batches(4, [16, 784], 10, 3)) sameBits(eager.step(x, y), step(x, y), 'loss');
    expectSameState(eager, comp, 'after 4 steps');
  });
});
