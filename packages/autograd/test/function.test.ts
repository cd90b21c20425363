/**
 * The researcher's workflow: custom ops with defineFunction, checked with gradcheck and
 * gradgradcheck; double backward through tensor-op backwards; a clear error for raw-kernel ones.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defineFunction, grad, gradcheck, gradgradcheck, tensor } from '@chainrule/autograd';
import type { Tensor } from '@chainrule/autograd';
import { shapes, tensors } from '@chainrule/autograd/testing';

const f64 = { dtype: 'float64' as const, requiresGrad: true };

/** x·sin(x) with its backward written in tensor ops: differentiable twice. */
const xsin = defineFunction({
  name: 'xsin',
  forward(ctx, x: Tensor) {
    ctx.saveForBackward(x);
    return x.mul(x.sin());
  },
  backward(ctx, g) {
    const [x] = ctx.saved;
    return [g!.mul(x!.sin().add(x!.mul(x!.cos())))];
  },
});

/** a scaled power with a non-tensor argument, and two outputs. */
const powPair = defineFunction({
  name: 'powPair',
  forward(ctx, x: Tensor, p: number) {
    ctx.saveForBackward(x);
    ctx.p = p;
    return [x.pow(p), x.exp()];
  },
  backward(ctx, gPow, gExp) {
    const [x] = ctx.saved;
    const p = ctx.p as number;
    return [gPow!.mul(x!.pow(p - 1)).mul(p).add(gExp!.mul(x!.exp())), null];
  },
});

/** a backward that reads raw data: declared onceDifferentiable. */
const rawSquare = defineFunction({
  name: 'rawSquare',
  onceDifferentiable: true,
  forward(ctx, x: Tensor) {
    ctx.saveForBackward(x);
    return x.square();
  },
  backward(ctx, g) {
    const x = ctx.saved[0]!;
    const out = Float64Array.from(x.toArray(), (v, i) => 2 * v * g!.toArray()[i]!);
    return [tensor(out, { shape: x.shape, dtype: x.dtype })];
  },
});

describe('defineFunction', () => {
  it('a tensor-op backward passes gradcheck and gradgradcheck on generated inputs', () => {
    fc.assert(
      fc.property(tensors(shapes({ maxDims: 3, maxSize: 3 })), (x) => gradcheck(xsin, [x]) && gradgradcheck(xsin, [x])),
      { numRuns: 20, seed: 7 },
    );
  });

  it('supports non-tensor arguments and several outputs, each with its gradient', () => {
    const x = tensor([0.5, 1.5], f64);
    expect(gradcheck((t) => powPair(t, 3), [x])).toBe(true);
    const [p, e] = powPair(x, 2);
    p!.sum().add(e!.sum()).backward();
    expect(x.grad!.toArray()[0]).toBeCloseTo(2 * 0.5 + Math.exp(0.5), 12);
  });

  it('an unused output gets a zero gradient', () => {
    const x = tensor([0.5, 1.5], f64);
    const [p] = powPair(x, 2);
    p!.sum().backward();
    expect(Array.from(x.grad!.toArray())).toEqual([1, 3]);
  });

  it('ctx.needsInputGrad tells which inputs need a gradient', () => {
    let seen: readonly boolean[] = [];
    const f = defineFunction({
      name: 'probe',
      forward(ctx, a: Tensor, b: Tensor) {
        seen = ctx.needsInputGrad;
        return a.mul(b);
      },
      backward: (_ctx, g) => [g!, g!],
    });
    f(tensor([1], f64), tensor([2], { dtype: 'float64' }));
    expect(seen).toEqual([true, false]);
  });

  it('onceDifferentiable: first order works, double backward throws naming the op', () => {
    const x = tensor([1, 2], f64);
    expect(gradcheck(rawSquare, [x])).toBe(true);
    const [g] = grad(rawSquare(x).sum(), [x], { createGraph: true });
    expect(Array.from(g!.toArray())).toEqual([2, 4]);
    expect(() => grad(g!.sum(), [x])).toThrow(/rawSquare.*(twice|double|once)/i);
  });

  it('a backward returning the wrong number or shape of gradients is a clear error', () => {
    const wrongShape = defineFunction({
      name: 'wrongShape',
      forward: (_ctx, x: Tensor) => x.mul(2),
      backward: (_ctx, g) => [g!.sum()],
    });
    const x = tensor([1, 2], f64);
    expect(() => wrongShape(x).sum().backward()).toThrow(/wrongShape.*shape/);
  });
});
