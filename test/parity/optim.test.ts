/**
 * PyTorch parity of every registry optimizer and scheduler (test/registry/optim.ts): losses, first
 * gradients and final weights of five steps on a seeded float64 MLP; learning rates (and momentum)
 * of a scheduler step by step.
 */
import { describe, expect, it } from 'vitest';
import type { Tensor } from '@chainrule/autograd';
import { nn } from '@chainrule/nn';
import * as F from '@chainrule/nn/functional';
import { decode, mismatch, readGolden } from '../golden/read.js';
import type { Stored } from '../golden/read.js';
import { seededTensor } from '../golden/seeded.js';
import { optimizers, schedulers } from '../registry/optim.js';

interface OptimRef {
  losses: Stored[];
  firstGrads?: Record<string, Stored[]>;
  final: Record<string, Stored[]>;
}
interface SchedRef {
  lrs: Stored[][];
  momenta?: Stored[][];
}

const optimRefs = readGolden<OptimRef>('optim.json');
const schedRefs = readGolden<SchedRef>('sched.json');

/** The MLP of every optimizer case, its weights from the seeds the generator used. */
function setup(): { model: nn.Sequential; x: Tensor; y: Tensor } {
  const model = new nn.Sequential(new nn.Linear(6, 8), new nn.Tanh(), new nn.Linear(8, 8), new nn.ReLU(), new nn.Linear(8, 3)).double();
  const sd = Object.fromEntries(Object.entries(model.stateDict()).map(([k, t]) => [k, seededTensor({ shape: t.shape, min: -0.5, max: 0.5 }, `optim#p:${k}`, false)]));
  model.loadStateDict(sd);
  return { model, x: seededTensor({ shape: [10, 6] }, 'optim#x', false), y: seededTensor({ shape: [10], dtype: 'int64', min: 0, max: 3 }, 'optim#y') };
}

function expectClose(what: string, err: number | string, tol: number): void {
  if (typeof err === 'string') expect.fail(`${what}: ${err}`);
  expect(err, what).toBeLessThanOrEqual(tol);
}

describe('PyTorch parity of every registry optimizer (test/golden/optim.json)', () => {
  it('has a stored reference for every optimizer and no stale ones (run `pnpm golden`)', () => {
    expect(Object.keys(optimizers).filter((k) => optimRefs.cases[k] === undefined)).toEqual([]);
    expect(Object.keys(optimRefs.cases).filter((k) => !(k in optimizers))).toEqual([]);
  });
  for (const [key, entry] of Object.entries(optimizers)) {
    it(`${key}: ${entry.steps ?? 5} steps give PyTorch's losses, first gradients and final weights`, () => {
      const ref = optimRefs.cases[key]!;
      const tol = entry.tol ?? 1e-9;
      const { model, x, y } = setup();
      const opt = entry.make(model.parameters());
      const closure = (): Tensor => {
        opt.zeroGrad();
        const loss = F.crossEntropy(model.forward(x), y);
        loss.backward();
        return loss;
      };
      const losses: number[] = [];
      for (let step = 0; step < (entry.steps ?? 5); step++) {
        if (entry.closure === true) {
          losses.push((opt.step(closure) as Tensor).item());
          continue;
        }
        const loss = closure();
        if (step === 0 && ref.firstGrads !== undefined) {
          for (const [name, p] of model.namedParameters()) expectClose(`first gradient of ${name}`, mismatch(p.grad, ref.firstGrads[name]!, p.shape), tol);
        }
        opt.step();
        losses.push(loss.item());
      }
      decode(ref.losses).forEach((l, i) => expect(Math.abs(losses[i]! - l) / Math.abs(l), `loss at step ${i}`).toBeLessThanOrEqual(tol));
      for (const [name, t] of Object.entries(model.stateDict())) expectClose(`final ${name}`, mismatch(t, ref.final[name]!, t.shape), tol);
    });
  }
});

describe('PyTorch parity of every registry scheduler (test/golden/sched.json)', () => {
  it('has a stored reference for every scheduler and no stale ones (run `pnpm golden`)', () => {
    expect(Object.keys(schedulers).filter((k) => schedRefs.cases[k] === undefined)).toEqual([]);
    expect(Object.keys(schedRefs.cases).filter((k) => !(k in schedulers))).toEqual([]);
  });
  for (const [key, entry] of Object.entries(schedulers)) {
    it(`${key}: the learning rate${entry.momentum === true ? ' and momentum' : ''} of every step`, () => {
      const ref = schedRefs.cases[key]!;
      const opt = entry.optimizer.make([seededTensor({ shape: [2] }, 'sched#p')]);
      const sched = entry.make(opt);
      const lrs: number[][] = [];
      const momenta: number[][] = [];
      const snap = (): void => {
        lrs.push(opt.paramGroups.map((g) => g.lr));
        momenta.push(opt.paramGroups.map((g) => { const o = g as { momentum?: number; betas?: readonly number[] }; return o.momentum ?? o.betas?.[0] ?? NaN; }));
      };
      snap();
      for (let i = 0; i < entry.steps; i++) {
        opt.step();
        sched.step(entry.metrics?.[i]);
        snap();
      }
      const close = (a: number[][], b: Stored[][]): boolean => a.length === b.length && a.every((row, i) => row.every((v, j) => Math.abs(v - Number(b[i]![j])) <= 1e-12 * Math.max(1, Math.abs(v))));
      expect(close(lrs, ref.lrs), `learning rates ${JSON.stringify(lrs)} vs PyTorch ${JSON.stringify(ref.lrs)}`).toBe(true);
      if (entry.momentum === true) expect(close(momenta, ref.momenta!), `momenta ${JSON.stringify(momenta)} vs PyTorch ${JSON.stringify(ref.momenta)}`).toBe(true);
    });
  }
});
