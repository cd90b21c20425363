/**
 * The property test that walks every differentiable op of the registry (test/registry): on
 * generated shapes (broadcasting pairs for binary ops) and values away from kinks, the analytic
 * gradient agrees with central differences in float64 (gradcheck), and for smooth ops so do second
 * derivatives (gradgradcheck). A new registry entry is checked here automatically.
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { gradcheck, gradgradcheck, tensor } from '@chainrule/autograd';
import type { Tensor } from '@chainrule/autograd';
import { flattenOut } from './golden/read.js';
import { inputsFor } from './registry/arbitrary.js';
import { registry } from './registry/index.js';

describe('every differentiable op: analytic gradient = central differences (float64)', () => {
  for (const [name, entry] of Object.entries(registry)) {
    if (entry.grad === 'none') continue;
    it(name, () => {
      fc.assert(
        fc.property(inputsFor(entry), (xs) => {
          const fn = (...ts: Tensor[]): Tensor[] => flattenOut(entry.fn(...ts));
          expect(gradcheck(fn, xs, { atol: 1e-6, rtol: 1e-5 })).toBe(true);
          if (entry.grad === 'smooth') expect(gradgradcheck(fn, xs, undefined, { atol: 1e-5, rtol: 1e-4 })).toBe(true);
        }),
        { numRuns: entry.runs ?? 25, seed: 42, endOnFailure: true },
      );
    });
  }
});

describe('gradcheck itself', () => {
  it('catches a deliberately wrong custom backward, naming the input and the worst entry', async () => {
    const { defineFunction, GradcheckError } = await import('@chainrule/autograd');
    const wrongSin = defineFunction({
      name: 'wrongSin',
      forward: (ctx, x: Tensor) => {
        ctx.saveForBackward(x);
        return x.sin();
      },
      backward: (ctx, g) => [g!.mul(ctx.saved[0]!.sin())], // should be cos
    });
    const x = tensor([0.1, 0.5, 1.2], { dtype: 'float64', requiresGrad: true });
    expect(() => gradcheck(wrongSin, [x])).toThrow(GradcheckError);
    expect(() => gradcheck(wrongSin, [x])).toThrow(/input 0.*analytic .* numeric/);
    expect(gradcheck(wrongSin, [x], { raiseException: false })).toBe(false);
  });

  it('reports the worst entry with its index, analytic and numeric values', async () => {
    const { defineFunction, GradcheckError } = await import('@chainrule/autograd');
    // the gradient of element [1, 0] is off by 1: that entry must be the one reported
    const offByOne = defineFunction({
      name: 'offByOne',
      forward: (_ctx, x: Tensor) => x.mul(2),
      backward: (_ctx, g) => [g!.mul(2).add(tensor([[0, 0], [1, 0]], { dtype: 'float64' }))],
    });
    const x = tensor([[1, 2], [3, 4]], { dtype: 'float64', requiresGrad: true });
    let err: unknown;
    try {
      gradcheck((t) => offByOne(t).sum(), [x]);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(GradcheckError);
    const g = err as InstanceType<typeof GradcheckError>;
    expect(g.input).toBe(0);
    expect(g.worst.inputIndex).toBe(2);
    expect(g.worst.analytic).toBe(3);
    expect(g.worst.numeric).toBeCloseTo(2, 6);
    expect(g.message).toMatch(/input element \[1,0\]/);
  });

  it('warns that a float32 input needs float64', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const x = tensor([0.5, 1], { requiresGrad: true });
      gradcheck((t) => t.mul(2), [x], { eps: 1e-2, atol: 1e-3, rtol: 1e-3 });
      expect(warn).toHaveBeenCalledWith(expect.stringMatching(/float64/));
      warn.mockClear();
      gradcheck((t) => t.mul(2), [tensor([0.5], { dtype: 'float64', requiresGrad: true })]);
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });
});
