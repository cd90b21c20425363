/**
 * PyTorch parity of every registry optimizer and scheduler (test/registry/optim.ts): losses, first
 * gradients and final weights of five steps on a seeded float64 MLP; learning rates (and momentum)
 * of a scheduler step by step.
 */
import { describe, expect, it } from 'vitest';
import { tensor } from '@chainrule/autograd';
import type { DType, Tensor } from '@chainrule/autograd';
import { nn, optim } from '@chainrule/nn';
import * as F from '@chainrule/nn/functional';
import { decode, mismatch, readGolden } from '../golden/read.js';
import type { Record_, Stored } from '../golden/read.js';
import { seededTensor } from '../golden/seeded.js';
import { optimizers, resumeAt, schedulers } from '../registry/optim.js';
import type { AnyOptimizer } from '../registry/optim.js';

/** An optimizer state-dict value as the generator encodes it: tensors as `{ tensor: record }`. */
type Encoded = { tensor: Record_ } | Encoded[] | { [key: string]: Encoded } | number | string | boolean | null;
interface EncodedStateDict {
  state: Record<string, Record<string, Encoded>>;
  param_groups: Record<string, Encoded>[];
}
interface OptimRef {
  losses: Stored[];
  firstGrads?: Record<string, Stored[]>;
  final: Record<string, Stored[]>;
  /** PyTorch's state dict and weights after `resumeAt` steps. */
  resume: { stateDict: EncodedStateDict; weights: Record<string, Stored[]> };
  /** PyTorch's state dict after the last step. */
  stateDict: EncodedStateDict;
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

/** A decoded PyTorch state dict (tensors made tensors), to hand to loadStateDict as it is. */
function decodeState(v: Encoded): unknown {
  if (Array.isArray(v)) return v.map(decodeState);
  if (v === null || typeof v !== 'object') return v;
  if ('tensor' in v && typeof v.tensor === 'object' && v.tensor !== null && 'shape' in v.tensor) {
    const r = v.tensor as Record_;
    return tensor(decode(r.data), { dtype: r.dtype as DType }).reshape(r.shape);
  }
  return Object.fromEntries(Object.entries(v).map(([k, w]) => [k, decodeState(w)]));
}

/** PyTorch's key → ours (`weight_decay` → `weightDecay`, `H_diag` → `hDiag`). */
const camel = (key: string): string => key.charAt(0).toLowerCase() + key.slice(1).replace(/_([a-zA-Z0-9])/g, (_, c: string) => c.toUpperCase());
const TORCH_ONLY = ['foreach', 'capturable', 'differentiable', 'fused'];

/** One training step (or LBFGS's closure step); returns the loss. */
function trainStep(opt: AnyOptimizer, closure: () => Tensor, withClosure: boolean): number {
  if (withClosure) return (opt.step(closure) as Tensor).item();
  const loss = closure();
  opt.step();
  return loss.item();
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

      // the state dict's layout: PyTorch's keys, camelCased (null entries PyTorch leaves out aside)
      const ours = (opt as unknown as optim.Optimizer<optim.BaseOptions, object>).stateDict();
      expect(Object.keys(ours.state).sort(), 'state: parameter indices').toEqual(Object.keys(ref.stateDict.state).sort());
      for (const [i, s] of Object.entries(ref.stateDict.state)) {
        const mine = Object.entries(ours.state[Number(i)]!).filter(([k, v]) => v !== null || Object.keys(s).map(camel).includes(k)).map(([k]) => k);
        expect(mine.sort(), `state[${i}] keys`).toEqual(Object.keys(s).map(camel).sort());
      }
      ref.stateDict.param_groups.forEach((g, i) => {
        const theirs = Object.keys(g).filter((k) => !TORCH_ONLY.includes(k)).map(camel).sort();
        expect(Object.keys(ours.paramGroups[i]!).sort(), `param_groups[${i}] keys`).toEqual(theirs);
      });
    });

    it(`${key}: loads PyTorch's state dict after ${resumeAt(entry)} steps and ends with PyTorch's weights`, () => {
      const ref = optimRefs.cases[key]!;
      const tol = entry.tol ?? 1e-9;
      const { model, x, y } = setup();
      model.loadStateDict(Object.fromEntries(Object.entries(model.stateDict()).map(([k, t]) => [k, tensor(decode(ref.resume.weights[k]!), { dtype: 'float64' }).reshape(t.shape)])));
      const opt = entry.make(model.parameters()) as unknown as optim.Optimizer<optim.BaseOptions, object>;
      opt.loadStateDict(decodeState(ref.resume.stateDict as unknown as Encoded) as optim.TorchOptimizerStateDict);
      const closure = (): Tensor => {
        opt.zeroGrad();
        const loss = F.crossEntropy(model.forward(x), y);
        loss.backward();
        return loss;
      };
      const losses = decode(ref.losses);
      for (let step = resumeAt(entry); step < (entry.steps ?? 5); step++) {
        const loss = trainStep(opt, closure, entry.closure === true);
        expect(Math.abs(loss - losses[step]!) / Math.abs(losses[step]!), `loss at step ${step}`).toBeLessThanOrEqual(tol);
      }
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
        if (sched instanceof optim.ReduceLROnPlateau) sched.step(entry.metrics![i]!);
        else sched.step();
        snap();
      }
      const close = (a: number[][], b: Stored[][]): boolean => a.length === b.length && a.every((row, i) => row.every((v, j) => Math.abs(v - Number(b[i]![j])) <= 1e-12 * Math.max(1, Math.abs(v))));
      expect(close(lrs, ref.lrs), `learning rates ${JSON.stringify(lrs)} vs PyTorch ${JSON.stringify(ref.lrs)}`).toBe(true);
      if (entry.momentum === true) expect(close(momenta, ref.momenta!), `momenta ${JSON.stringify(momenta)} vs PyTorch ${JSON.stringify(ref.momenta)}`).toBe(true);
    });
  }
});
