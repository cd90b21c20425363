/**
 * PyTorch parity of the losses and `linear` (@chainrule/nn/functional): forward and every input
 * gradient of each loss case of ../shared/golden/torch-ops-*.json, float64, relative error ≤ 1e-10.
 * Cases are matched by name family and read their options from `args`, so a golden set with other
 * shapes or options runs unchanged.
 */
import { describe, expect, it } from 'vitest';
import { grad, tensor } from '@chainrule/autograd';
import type { Tensor } from '@chainrule/autograd';
import * as F from '@chainrule/nn/functional';
import type { Reduction } from '@chainrule/nn/functional';
import { fromGolden, goldenFiles, readGolden, relErr } from './helpers/golden.js';
import type { GoldenCase, GoldenTensor } from './helpers/golden.js';

/** The loss families (the same split as packages/autograd/test/golden-ops.test.ts). */
const LOSSES = /^(cross_entropy|nll_loss|bce|mse|l1|huber|smooth_l1|linear)/;
const TOL = 1e-10;

type Args = Record<string, unknown>;
type Loss = (xs: Tensor[], args: Args) => Tensor;

const isGoldenTensor = (v: unknown): v is GoldenTensor => typeof v === 'object' && v !== null && 'shape' in v && 'data' in v;

/** A class-index target: a list of ints or a `{shape, data}` record. */
function classTarget(v: unknown): Tensor {
  if (isGoldenTensor(v)) return tensor(v.data, { shape: v.shape, dtype: 'int32' });
  return tensor(v as number[], { dtype: 'int32' });
}

/** A float target (`{shape, data}`) or the second input when the case has one. */
function floatTarget(xs: Tensor[], args: Args): Tensor {
  if (xs.length > 1) return xs[1]!;
  if (!isGoldenTensor(args.target)) throw new Error('case has no float target');
  return fromGolden(args.target, { dtype: 'float64' });
}

/** Optional tensor-valued option (`weight`, `pos_weight`) as a float64 tensor. */
function optTensor(v: unknown): Tensor | undefined {
  if (v === undefined || v === null) return undefined;
  if (isGoldenTensor(v)) return fromGolden(v, { dtype: 'float64' });
  return tensor(v as number[], { dtype: 'float64' });
}

/** PyTorch's option names → chainrule's, dropping the absent ones (exactOptionalPropertyTypes). */
function common(args: Args): { reduction?: Reduction; weight?: Tensor } {
  const out: { reduction?: Reduction; weight?: Tensor } = {};
  if (typeof args.reduction === 'string') out.reduction = args.reduction as Reduction;
  const w = optTensor(args.weight);
  if (w !== undefined) out.weight = w;
  return out;
}

function classOpts(args: Args): F.CrossEntropyOptions {
  const o: F.CrossEntropyOptions = common(args);
  if (typeof args.ignore_index === 'number') o.ignoreIndex = args.ignore_index;
  if (typeof args.label_smoothing === 'number') o.labelSmoothing = args.label_smoothing;
  return o;
}

/** How each loss family is computed with chainrule; the PyTorch call is in gen_torch_golden.py. */
function lossFor(name: string): Loss | undefined {
  if (name.startsWith('cross_entropy')) {
    return ([x], a) => F.crossEntropy(x!, isGoldenTensor(a.target) && a.target.dtype?.startsWith('float') ? floatTarget([], a) : classTarget(a.target), classOpts(a));
  }
  if (name.startsWith('nll_loss')) return ([x], a) => F.nllLoss(x!.logSoftmax(1), classTarget(a.target), classOpts(a)); // composed: nll_loss(log_softmax(x, 1))
  if (name.startsWith('bce_with_logits')) {
    return (xs, a) => {
      const o: F.BCEWithLogitsOptions = common(a);
      const pw = optTensor(a.pos_weight);
      if (pw !== undefined) o.posWeight = pw;
      return F.binaryCrossEntropyWithLogits(xs[0]!, floatTarget(xs, a), o);
    };
  }
  if (name.startsWith('bce')) return (xs, a) => F.binaryCrossEntropy(xs[0]!, floatTarget(xs, a), common(a));
  if (name.startsWith('mse')) return (xs, a) => F.mseLoss(xs[0]!, floatTarget(xs, a), common(a));
  if (name.startsWith('l1')) return (xs, a) => F.l1Loss(xs[0]!, floatTarget(xs, a), common(a));
  if (name.startsWith('huber')) {
    return (xs, a) => F.huberLoss(xs[0]!, floatTarget(xs, a), { ...common(a), ...(typeof a.delta === 'number' ? { delta: a.delta } : {}) });
  }
  if (name.startsWith('smooth_l1')) {
    return (xs, a) => F.smoothL1Loss(xs[0]!, floatTarget(xs, a), { ...common(a), ...(typeof a.beta === 'number' ? { beta: a.beta } : {}) });
  }
  if (name.startsWith('linear')) return ([x, w, b]) => F.linear(x!, w!, b ?? null);
  return undefined;
}

const files = goldenFiles(/^torch-ops-.*\.json$/);
const worst = { forward: 0, grad: 0 };

it('finds the golden op files', () => expect(files).toContain('torch-ops-public.json'));

for (const file of files) {
  const { cases } = readGolden<{ cases: GoldenCase[] }>(file);
  const losses = cases.filter((c) => LOSSES.test(c.name));
  describe(`PyTorch parity of the losses (${file})`, () => {
    it('knows how to run every loss case', () => {
      expect(losses.length).toBeGreaterThan(0);
      expect(losses.filter((c) => lossFor(c.name) === undefined).map((c) => c.name)).toEqual([]);
    });
    for (const c of losses) {
      it(c.name, () => {
        const inputs = c.inputs.map((g, i) => fromGolden(g, { requiresGrad: c.grads[i] !== null }));
        const out = lossFor(c.name)!(inputs, c.args);
        const fwd = relErr(out, c.output);
        worst.forward = Math.max(worst.forward, fwd);
        expect(fwd, 'forward').toBeLessThanOrEqual(TOL);
        const diff = inputs.filter((_, i) => c.grads[i] !== null);
        const grads = grad(out, diff, { gradOutputs: fromGolden(c.upstream) });
        let k = 0;
        c.grads.forEach((g, i) => {
          if (g === null) return;
          const e = relErr(grads[k++]!, g);
          worst.grad = Math.max(worst.grad, e);
          expect(e, `grad of input ${i}`).toBeLessThanOrEqual(TOL);
        });
      });
    }
  });
}

it('reports the worst relative errors', () => {
  // printed so that the closing note can quote them
  console.log(`golden losses: worst forward rel err ${worst.forward.toExponential(2)}, worst grad rel err ${worst.grad.toExponential(2)}`);
  expect(worst.forward).toBeLessThanOrEqual(TOL);
});
