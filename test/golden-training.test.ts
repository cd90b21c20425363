/**
 * PyTorch parity of training (@chainrule/nn): for each run of ../shared/golden/training-*.json,
 * the model starts from PyTorch's `init` weights and five steps of the optimizer give PyTorch's
 * losses, first-step gradients and final weights (float64, relative error ≤ 1e-9).
 * The model is built from the file's `model` description and the optimizer from the run's name
 * and `hyper`, so another golden set runs unchanged.
 */
import { describe, expect, it } from 'vitest';
import { tensor } from '@chainrule/autograd';
import type { Tensor } from '@chainrule/autograd';
import { nn, optim } from '@chainrule/nn';
import * as F from '@chainrule/nn/functional';
import { fromGolden, goldenFiles, readGolden, relErr } from './helpers/golden.js';
import type { GoldenTensor } from './helpers/golden.js';

interface Run {
  hyper: Record<string, unknown>;
  losses: number[];
  first_grads: Record<string, GoldenTensor>;
  final: Record<string, GoldenTensor>;
}

interface Training {
  model: string;
  x: GoldenTensor;
  y: number[];
  init: Record<string, GoldenTensor>;
  runs: Record<string, Run>;
}

const TOL = 1e-9;

/** `Sequential(Linear(6,8), Tanh(), ...)` (the text before `;`) as a float64 chainrule model. */
function buildModel(description: string): nn.Sequential {
  const text = description.split(';')[0]!.trim();
  const m = /^Sequential\((.*)\)$/.exec(text);
  if (m === null) throw new Error(`unknown model ${text}`);
  const layers = [...m[1]!.matchAll(/(\w+)\(([^)]*)\)/g)].map(([, name, args]) => {
    const nums = args!.split(',').filter((s) => s.trim() !== '').map(Number);
    switch (name) {
      case 'Linear':
        return new nn.Linear(nums[0]!, nums[1]!, { dtype: 'float64' });
      case 'Tanh':
        return new nn.Tanh();
      case 'ReLU':
        return new nn.ReLU();
      case 'Sigmoid':
        return new nn.Sigmoid();
      case 'GELU':
        return new nn.GELU();
      case 'SiLU':
        return new nn.SiLU();
      default:
        throw new Error(`unknown layer ${String(name)}`);
    }
  });
  return new nn.Sequential(...layers);
}

const camel = (s: string): string => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** The chainrule optimizer for a run: its kind from the run's name, its options from `hyper`. */
function makeOptimizer(name: string, hyper: Record<string, unknown>, params: Tensor[]): optim.Optimizer<optim.BaseOptions, object> {
  const opts = Object.fromEntries(Object.entries(hyper).map(([k, v]) => [camel(k), v])) as Record<string, never>;
  if (name.startsWith('sgd')) return new optim.SGD(params, opts);
  if (name.startsWith('adamw')) return new optim.AdamW(params, opts);
  if (name.startsWith('adam')) return new optim.Adam(params, opts);
  if (name.startsWith('rmsprop')) return new optim.RMSprop(params, opts);
  throw new Error(`no optimizer for run ${name}`);
}

const files = goldenFiles(/^training-.*\.json$/);
const worst = { loss: 0, grad: 0, weight: 0 };

it('finds the golden training files', () => expect(files).toContain('training-0.json'));

for (const file of files) {
  const g = readGolden<Training>(file);
  describe(`PyTorch training parity (${file})`, () => {
    const x = fromGolden(g.x);
    const y = tensor(g.y, { dtype: 'int32' });
    const init = Object.fromEntries(Object.entries(g.init).map(([k, v]) => [k, fromGolden(v)]));

    it('the model has PyTorch state-dict keys and loads init strictly', () => {
      const model = buildModel(g.model);
      expect(Object.keys(model.stateDict())).toEqual(Object.keys(g.init));
      model.loadStateDict(init);
      for (const [k, v] of Object.entries(model.stateDict())) expect(relErr(v, g.init[k]!)).toBe(0);
    });

    for (const [name, run] of Object.entries(g.runs)) {
      it(`${name}: five steps reproduce PyTorch's losses, first grads and final weights`, () => {
        const model = buildModel(g.model);
        model.loadStateDict(init);
        const opt = makeOptimizer(name, run.hyper, model.parameters());
        const named = Object.fromEntries(model.namedParameters());
        run.losses.forEach((expected, step) => {
          opt.zeroGrad();
          const loss = F.crossEntropy(model.forward(x), y);
          loss.backward();
          if (step === 0) {
            for (const [k, gg] of Object.entries(run.first_grads)) {
              const e = relErr(named[k]!.grad!, gg);
              worst.grad = Math.max(worst.grad, e);
              expect(e, `grad of ${k}`).toBeLessThanOrEqual(TOL);
            }
          }
          opt.step();
          const e = Math.abs(loss.item() - expected) / Math.abs(expected);
          worst.loss = Math.max(worst.loss, e);
          expect(e, `loss before step ${step + 1}`).toBeLessThanOrEqual(TOL);
        });
        const sd = model.stateDict();
        expect(Object.keys(sd)).toEqual(Object.keys(run.final));
        for (const [k, w] of Object.entries(run.final)) {
          const e = relErr(sd[k]!, w);
          worst.weight = Math.max(worst.weight, e);
          expect(e, `final ${k}`).toBeLessThanOrEqual(TOL);
        }
      });
    }
  });
}

it('reports the worst relative errors', () => {
  console.log(
    `golden training: worst rel err loss ${worst.loss.toExponential(2)}, first grads ${worst.grad.toExponential(2)}, final weights ${worst.weight.toExponential(2)}`,
  );
  expect(worst.weight).toBeLessThanOrEqual(TOL);
});
