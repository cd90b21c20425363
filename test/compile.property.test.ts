/**
 * compile(fn) over the op registry (test/registry): for every op, and for random programs of the
 * elementwise ops, a compiled step (forward, a weighted-sum backward, on parameters that user code
 * changes in place between calls) gives the outputs and gradients eager steps give, to the bit, in
 * float32 and float64, at every call: the warm-up, the capture and the replays.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile, manualSeed, noGrad, rand, tensor } from '@chainrule/autograd';
import type { Tensor } from '@chainrule/autograd';
import { shapes } from '@chainrule/autograd/testing';
import { flattenOut } from './golden/read.js';
import { inputsFor } from './registry/arbitrary.js';
import { registry } from './registry/index.js';
import { binaryOps, unaryOps } from './registry/ops.js';
import type { OpEntry } from './registry/types.js';

/** Elementwise equality to the bit (NaN equals NaN; 0 and -0 differ). */
function sameBits(a: Tensor | null, b: Tensor | null, what: string): void {
  expect(a === null, `${what}: one is null`).toBe(b === null);
  if (a === null || b === null) return;
  expect(b.shape, `${what}: shape`).toEqual(a.shape);
  expect(b.dtype, `${what}: dtype`).toBe(a.dtype);
  const x = a.toArray();
  const y = b.toArray();
  for (let i = 0; i < x.length; i++) {
    if (!(Object.is(x[i], y[i]) || (Number.isNaN(x[i]) && Number.isNaN(y[i])))) expect.fail(`${what}: element ${i} differs: eager ${x[i]}, compiled ${y[i]}`);
  }
}

const isFloat = (t: Tensor): boolean => t.dtype === 'float32' || t.dtype === 'float64';
const copyOf = (t: Tensor): Tensor => {
  const c = t.detach().clone();
  return t.requiresGrad ? c.requiresGrad_() : c;
};

/** The step compiled and eager run: gradients cleared, forward, Σ s·out.sum() backward; returns the outputs. */
function stepOf(fn: (...xs: Tensor[]) => Tensor[]) {
  return (ps: readonly Tensor[], s: Tensor): Tensor[] => {
    for (const p of ps) if (p.requiresGrad) p.grad = null;
    const outs = fn(...ps);
    const live = outs.filter((o) => o.requiresGrad && isFloat(o));
    if (live.length > 0) live.reduce((acc, o) => acc.add(o.sum().mul(s.to(o.dtype))), tensor(0, { dtype: live[0]!.dtype })).backward();
    return outs.map((o) => o.detach());
  };
}

/**
 * Runs `step` eagerly on copies of `params` and compiled on other copies for 5 calls (warm-up,
 * capture, 3 replays), changing the float parameters in place before each call, and compares
 * outputs and gradients after every call. Returns the compiled function's stats.
 */
function agree(params: readonly Tensor[], step: (ps: readonly Tensor[], s: Tensor) => Tensor[]): { replays: number } {
  const pe = params.map(copyOf);
  const pc = params.map(copyOf);
  const f = compile((s: Tensor) => step(pc, s));
  for (let call = 0; call < 5; call++) {
    noGrad(() => {
      for (const ps of [pe, pc]) for (const p of ps) if (isFloat(p)) p.mul_(1 + call / 1024);
    });
    const s = tensor([1 + call / 3], { dtype: 'float64' });
    const want = step(pe, s);
    const got = f(s);
    want.forEach((w, i) => sameBits(w, got[i]!, `call ${call}, output ${i}`));
    pe.forEach((p, i) => sameBits(p.grad, pc[i]!.grad, `call ${call}, grad of input ${i}`));
    pe.forEach((p, i) => sameBits(p.detach(), pc[i]!.detach(), `call ${call}, input ${i}`));
  }
  return f.stats();
}

/** Float inputs in float32 (keeping requiresGrad), the rest as they are. */
const float32 = (xs: Tensor[]): Tensor[] => xs.map((t) => (t.dtype === 'float64' ? (t.requiresGrad ? t.detach().float().requiresGrad_() : t.float()) : t));

let cases = 0;

describe('compile: every op of the registry, compiled = eager to the bit (outputs and gradients)', () => {
  for (const [name, entry] of Object.entries(registry) as [string, OpEntry][]) {
    it(name, () => {
      manualSeed(1);
      fc.assert(
        fc.property(fc.boolean(), inputsFor(entry), (f32, xs) => {
          const ins = f32 ? float32(xs) : xs;
          const { replays } = agree(ins, stepOf((...ts) => flattenOut(entry.fn(...ts))));
          expect(replays).toBe(3);
          cases++;
        }),
        { numRuns: Math.min(entry.runs ?? 8, 8), seed: 7, endOnFailure: true },
      );
    });
  }
});

describe('compile: random programs of the registry\'s elementwise ops', () => {
  // the ops that keep their input's shape (some unary entries reduce)
  const probe = rand([2, 3]);
  const keeps = (e: OpEntry, k: 1 | 2): boolean => {
    const out = flattenOut(noGrad(() => (k === 1 ? e.fn(probe) : e.fn(probe, probe))))[0]!;
    return out.shape.length === 2 && out.shape[0] === 2 && out.shape[1] === 3 && isFloat(out);
  };
  const unary = Object.entries(unaryOps).filter(([, e]) => keeps(e, 1)).map(([n]) => n);
  const binary = Object.entries(binaryOps).filter(([, e]) => e.inputs === 'binary' && keeps(e, 2)).map(([n]) => n);
  const op = fc.oneof(fc.constantFrom(...unary).map((n) => ({ n, k: 1 as const })), fc.constantFrom(...binary).map((n) => ({ n, k: 2 as const })));
  const programs = fc.record({
    ops: fc.array(op, { minLength: 1, maxLength: 6 }),
    shape: shapes({ minDims: 1, maxDims: 3, maxSize: 4 }),
    dtype: fc.constantFrom('float32' as const, 'float64' as const),
    seed: fc.integer({ min: 0, max: 1000 }),
  });
  it('agree over 100 programs of up to 6 ops, with broadcast parameters and a reduction', () => {
    fc.assert(
      fc.property(programs, ({ ops, shape, dtype, seed }) => {
        manualSeed(seed);
        const x = rand(shape, { dtype }).mul(1.5).add(0.25).requiresGrad_();
        // one parameter per binary op, broadcast along the first dim
        const others = ops.filter((o) => o.k === 2).map(() => rand(shape.slice(1), { dtype }).mul(1.5).add(0.25).requiresGrad_());
        const fn = (...ps: Tensor[]): Tensor[] => {
          let h = ps[0]!;
          let j = 1;
          for (const o of ops) {
            const e = (o.k === 1 ? unaryOps : binaryOps)[o.n]!;
            h = flattenOut(o.k === 1 ? e.fn(h) : e.fn(h, ps[j++]!))[0]!;
            // squash into (0.25, 1.75), where every op is defined
            h = h.tanh().mul(0.75).add(1);
          }
          return [h, h.reshape([-1]).slice(0, 0, undefined, 2).mul(h.mean())];
        };
        agree([x, ...others], stepOf(fn));
        cases++;
      }),
      { numRuns: 100, seed: 11, endOnFailure: true },
    );
  });
  it('counts', () => {
    // every case above ran 5 calls (2 eager, 3 replayed) and compared every output and gradient
    expect(cases).toBeGreaterThan(500);
  });
});
