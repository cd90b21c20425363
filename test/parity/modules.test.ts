/**
 * PyTorch parity of every registry module (test/registry/modules.ts): state-dict names, shapes and
 * dtypes; then, with the parameters set from seeds by name (a state dict "made by PyTorch" loaded
 * strictly), the outputs, the input and parameter gradients, and the buffers after the forward.
 */
import { describe, expect, it } from 'vitest';
import { grad } from '@chainrule/autograd';
import type { Tensor } from '@chainrule/autograd';
import { flattenOut, mismatch, readGolden } from '../golden/read.js';
import type { Record_, Stored } from '../golden/read.js';
import { seededTensor, streams } from '../golden/seeded.js';
import { modules } from '../registry/modules.js';

interface ModuleRef {
  out: Record_[];
  up: boolean[];
  grads: (Stored[] | null)[];
  paramGrads: Record<string, Stored[] | null>;
  stateDict: [string, number[], string][];
  buffers: Record<string, Stored[]>;
}

const golden = readGolden<ModuleRef>('modules.json');

function expectClose(what: string, err: number | string, tol: number): void {
  if (typeof err === 'string') expect.fail(`${what}: ${err}`);
  expect(err, what).toBeLessThanOrEqual(tol);
}

const dtypeOf = (d: string): string => (d === 'int64' ? 'int32' : d);

describe('PyTorch parity of every registry module (test/golden/modules.json)', () => {
  it('has a stored reference for every module and no stale ones (run `pnpm golden`)', () => {
    expect(Object.keys(modules).filter((k) => golden.cases[k] === undefined)).toEqual([]);
    expect(Object.keys(golden.cases).filter((k) => !(k in modules))).toEqual([]);
  });

  for (const [key, entry] of Object.entries(modules)) {
    it(key, () => {
      const ref = golden.cases[key]!;
      const tol = entry.tol ?? 1e-10;
      const m = entry.make().double();
      // the state dict: PyTorch's names, shapes and dtypes (in PyTorch's order)
      const ours = m.stateDict();
      expect(Object.entries(ours).map(([k, t]) => [k, [...t.shape], t.dtype]), 'state-dict names, shapes, dtypes').toEqual(
        ref.stateDict.map(([k, s, d]) => [k, s, dtypeOf(d)]),
      );
      // parameters from seeds, by name; buffers as the module made them
      const [lo, hi] = entry.paramRange ?? [-0.5, 0.5];
      const params = new Set(m.namedParameters().map(([k]) => k));
      const sd = Object.fromEntries(
        Object.entries(ours).map(([k, t]) => [k, params.has(k) ? seededTensor({ shape: t.shape, min: lo, max: hi }, `${key}#p:${k}`, false) : t]),
      );
      expect(m.loadStateDict(sd)).toEqual({ missingKeys: [], unexpectedKeys: [] });
      if (entry.mode === 'eval') m.eval();
      else m.train();
      const xs = entry.inputs.map((input, i) => seededTensor(input, streams.input(key, i)));
      const outs = flattenOut(entry.forward === undefined ? (m.forward as (...a: Tensor[]) => Tensor)(...xs) : entry.forward(m, ...xs));
      expect(outs.length, 'number of outputs').toBe(ref.out.length);
      outs.forEach((o, j) => expectClose(`output ${j}`, mismatch(o, ref.out[j]!.data, ref.out[j]!.shape, ref.out[j]!.dtype), tol));
      // gradients of sum(<out_j, up_j>) for the inputs and every parameter
      const named = m.namedParameters();
      const wrtIn = xs.filter((x) => x.requiresGrad);
      const diff: Tensor[] = [];
      const ups: Tensor[] = [];
      outs.forEach((o, j) => {
        if (!ref.up[j]) return;
        diff.push(o);
        ups.push(seededTensor({ shape: o.shape }, streams.upstream(key, j)).detach());
      });
      if (diff.length > 0) {
        const gs = grad(diff, [...wrtIn, ...named.map(([, p]) => p)], { gradOutputs: ups, allowUnused: true });
        wrtIn.forEach((x, i) => expectClose(`gradient of input ${i}`, mismatch(gs[i]!, ref.grads[i]!, x.shape), tol));
        named.forEach(([name, p], i) => expectClose(`gradient of ${name}`, mismatch(gs[wrtIn.length + i]!, ref.paramGrads[name]!, p.shape), tol));
      }
      // buffers after the forward (running statistics)
      for (const [name, b] of m.namedBuffers()) expectClose(`buffer ${name}`, mismatch(b, ref.buffers[name]!, b.shape), tol);
    });
  }
});
