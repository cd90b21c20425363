/**
 * PyTorch parity of every registry op (test/registry): forward, the gradient of every float input
 * and, for smooth ops, the second derivative along a seeded direction, against the values
 * `pnpm golden` stored in test/golden/ops.json. Inputs, upstream gradients and directions are
 * regenerated from the case's seeds (test/golden/seeded.ts), as the generator made them.
 */
import { describe, expect, it } from 'vitest';
import { grad } from '@chainrule/autograd';
import type { Tensor } from '@chainrule/autograd';
import { flattenOut, mismatch, readGolden } from '../golden/read.js';
import type { Record_, Stored } from '../golden/read.js';
import { seededTensor, streams } from '../golden/seeded.js';
import { parityCases } from '../registry/index.js';

interface OpRef {
  out: Record_[];
  up: boolean[];
  grads?: (Stored[] | null)[];
  gg?: (Stored[] | null)[];
}

const golden = readGolden<OpRef>('ops.json');
const cases = parityCases();
const worst = { forward: 0, grad: 0, gg: 0 };

function expectClose(what: string, err: number | string, tol: number): number {
  if (typeof err === 'string') expect.fail(`${what}: ${err}`);
  expect(err, what).toBeLessThanOrEqual(tol);
  return err as number;
}

describe('PyTorch parity of every registry op (test/golden/ops.json)', () => {
  it('has a stored reference for every case and no stale ones (run `pnpm golden` after changing the registry)', () => {
    const keys = new Set(cases.map((c) => c.key));
    expect(cases.filter((c) => golden.cases[c.key] === undefined).map((c) => c.key)).toEqual([]);
    expect(Object.keys(golden.cases).filter((k) => !keys.has(k))).toEqual([]);
  });

  for (const c of cases) {
    it(c.key, () => {
      const ref = golden.cases[c.key]!;
      const tol = c.entry.tol ?? 1e-10;
      const xs = c.inputs.map((input, i) => seededTensor(input, streams.input(c.key, i), c.entry.inPlace === true ? false : undefined));
      const outs = flattenOut(c.entry.fn(...xs));
      expect(outs.length, 'number of outputs').toBe(ref.out.length);
      outs.forEach((o, j) => {
        worst.forward = Math.max(worst.forward, expectClose(`output ${j}`, mismatch(o, ref.out[j]!.data, ref.out[j]!.shape, ref.out[j]!.dtype), tol));
      });
      if (ref.grads === undefined) return;
      const wrt = xs.filter((x) => x.requiresGrad);
      const diff: Tensor[] = [];
      const ups: Tensor[] = [];
      outs.forEach((o, j) => {
        if (!ref.up[j]) return;
        expect(o.requiresGrad, `output ${j} requires grad, as in PyTorch`).toBe(true);
        diff.push(o);
        ups.push(seededTensor({ shape: o.shape, dtype: o.dtype === 'float32' ? 'float32' : 'float64' }, streams.upstream(c.key, j)).detach());
      });
      const smooth = ref.gg !== undefined;
      const gs = grad(diff, wrt, { gradOutputs: ups, allowUnused: true, createGraph: smooth });
      gs.forEach((g, i) => {
        worst.grad = Math.max(worst.grad, expectClose(`gradient of input ${i}`, mismatch(g, ref.grads![i]!, wrt[i]!.shape), tol));
      });
      if (!smooth) return;
      const pairs = gs.map((g, i) => [g, i] as const).filter(([g]) => g !== null && g.requiresGrad);
      const dirs = pairs.map(([, i]) => seededTensor({ shape: wrt[i]!.shape }, streams.direction(c.key, i)).detach());
      const ggs = pairs.length === 0 ? wrt.map(() => null) : grad(pairs.map(([g]) => g!), wrt, { gradOutputs: dirs, allowUnused: true });
      ggs.forEach((g, i) => {
        worst.gg = Math.max(worst.gg, expectClose(`second derivative of input ${i}`, mismatch(g, ref.gg![i]!, wrt[i]!.shape), tol * 100));
      });
    });
  }

  it('reports the worst relative errors', () => {
    console.log(`parity ops: ${cases.length} cases vs ${golden.generator}; worst rel err forward ${worst.forward.toExponential(2)}, gradient ${worst.grad.toExponential(2)}, second derivative ${worst.gg.toExponential(2)}`);
    expect(worst.grad).toBeLessThanOrEqual(1e-7);
  });
});
