/**
 * conv2d, unfold, maxPool2d, avgPool2d and their modules: the values against direct loops over
 * generated shapes, strides, paddings, dilations and groups (float64, 1e-12); the gradients against
 * central differences (gradcheck, and gradgradcheck for the convolution); initialisation, printing
 * and PyTorch's error messages.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Generator, gradcheck, gradgradcheck, randn, tensor, zeros } from '@chainrule/autograd';
import type { Tensor } from '@chainrule/autograd';
import { distinctTensors, tensors } from '@chainrule/autograd/testing';
import { nn } from '@chainrule/nn';
import * as F from '@chainrule/nn/functional';

const RUNS = { numRuns: 20, seed: 11, endOnFailure: true };

interface Geometry {
  n: number; c: number; o: number; h: number; w: number; kh: number; kw: number;
  stride: [number, number]; padding: [number, number]; dilation: [number, number]; groups: number;
}

/** Geometries whose (dilated) kernel fits the padded input. */
const geometry = fc
  .record({
    n: fc.integer({ min: 1, max: 2 }),
    groups: fc.constantFrom(1, 2),
    cg: fc.integer({ min: 1, max: 2 }),
    og: fc.integer({ min: 1, max: 2 }),
    h: fc.integer({ min: 2, max: 6 }),
    w: fc.integer({ min: 2, max: 6 }),
    kh: fc.integer({ min: 1, max: 3 }),
    kw: fc.integer({ min: 1, max: 3 }),
    stride: fc.tuple(fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 2 })),
    padding: fc.tuple(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: 1 })),
    dilation: fc.tuple(fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 2 })),
  })
  .filter((g) => g.h + 2 * g.padding[0] >= g.dilation[0] * (g.kh - 1) + 1 && g.w + 2 * g.padding[1] >= g.dilation[1] * (g.kw - 1) + 1)
  .map((g): Geometry => ({ ...g, c: g.cg * g.groups, o: g.og * g.groups }));

/** Direct convolution: out[b, oc, y, x] = bias[oc] + Σ in[b, ic, y·s + i·d − p, x·s + j·d − p] · w[oc, ic − group start, i, j]. */
function directConv(x: Tensor, wt: Tensor, bias: Tensor | null, g: Geometry): { data: Float64Array; shape: number[] } {
  const X = x.toArray();
  const W = wt.toArray();
  const B = bias?.toArray();
  const oh = Math.floor((g.h + 2 * g.padding[0] - g.dilation[0] * (g.kh - 1) - 1) / g.stride[0]) + 1;
  const ow = Math.floor((g.w + 2 * g.padding[1] - g.dilation[1] * (g.kw - 1) - 1) / g.stride[1]) + 1;
  const cg = g.c / g.groups;
  const og = g.o / g.groups;
  const out = new Float64Array(g.n * g.o * oh * ow);
  for (let b = 0; b < g.n; b++) {
    for (let oc = 0; oc < g.o; oc++) {
      const grp = Math.floor(oc / og);
      for (let y = 0; y < oh; y++) {
        for (let xo = 0; xo < ow; xo++) {
          let s = B ? B[oc]! : 0;
          for (let ic = 0; ic < cg; ic++) {
            for (let i = 0; i < g.kh; i++) {
              for (let j = 0; j < g.kw; j++) {
                const yy = y * g.stride[0] + i * g.dilation[0] - g.padding[0];
                const xx = xo * g.stride[1] + j * g.dilation[1] - g.padding[1];
                if (yy < 0 || yy >= g.h || xx < 0 || xx >= g.w) continue;
                s += X[((b * g.c + grp * cg + ic) * g.h + yy) * g.w + xx]! * W[((oc * cg + ic) * g.kh + i) * g.kw + j]!;
              }
            }
          }
          out[((b * g.o + oc) * oh + y) * ow + xo] = s;
        }
      }
    }
  }
  return { data: out, shape: [g.n, g.o, oh, ow] };
}

/** Direct pooling over windows (padding −∞ for max, 0 for avg). */
function directPool(x: Tensor, k: number, stride: number, padding: number, kind: 'max' | 'avg'): Float64Array {
  const [n, c, h, w] = x.shape as [number, number, number, number];
  const X = x.toArray();
  const oh = Math.floor((h + 2 * padding - k) / stride) + 1;
  const ow = Math.floor((w + 2 * padding - k) / stride) + 1;
  const out = new Float64Array(n * c * oh * ow);
  for (let p = 0; p < n * c; p++) {
    for (let y = 0; y < oh; y++) {
      for (let xo = 0; xo < ow; xo++) {
        let m = -Infinity;
        let s = 0;
        for (let i = 0; i < k; i++) {
          for (let j = 0; j < k; j++) {
            const yy = y * stride + i - padding;
            const xx = xo * stride + j - padding;
            const v = yy < 0 || yy >= h || xx < 0 || xx >= w ? (kind === 'max' ? -Infinity : 0) : X[(p * h + yy) * w + xx]!;
            m = Math.max(m, v);
            s += v;
          }
        }
        out[(p * oh + y) * ow + xo] = kind === 'max' ? m : s / (k * k);
      }
    }
  }
  return out;
}

const expectClose = (got: ArrayLike<number>, want: ArrayLike<number>): void => {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) expect(Math.abs(got[i]! - want[i]!), `element ${i}`).toBeLessThanOrEqual(1e-12 * (1 + Math.abs(want[i]!)));
};

describe('conv2d', () => {
  it('equals a direct convolution for any stride, padding, dilation and groups (property)', () => {
    fc.assert(
      fc.property(geometry, fc.nat(1000), fc.boolean(), (g, seed, withBias) => {
        const gen = (s: number): { dtype: 'float64'; generator: Generator } => ({ dtype: 'float64', generator: new Generator(seed + s) });
        const x = randn([g.n, g.c, g.h, g.w], gen(1));
        const w = randn([g.o, g.c / g.groups, g.kh, g.kw], gen(2));
        const b = withBias ? randn([g.o], gen(3)) : null;
        const y = F.conv2d(x, w, b, { stride: g.stride, padding: g.padding, dilation: g.dilation, groups: g.groups });
        const want = directConv(x, w, b, g);
        expect(y.shape).toEqual(want.shape);
        expectClose(y.toArray(), want.data);
      }),
      RUNS,
    );
  });

  it('gradients of input, weight and bias = central differences (property), second order too', () => {
    const args = geometry
      .filter((g) => g.n * g.c * g.h * g.w <= 40)
      .chain((g) => fc.tuple(fc.constant(g), tensors([g.n, g.c, g.h, g.w]), tensors([g.o, g.c / g.groups, g.kh, g.kw]), tensors([g.o])));
    fc.assert(
      fc.property(args, ([g, x, w, b]) => {
        const f = (xi: Tensor, wi: Tensor, bi: Tensor): Tensor => F.conv2d(xi, wi, bi, { stride: g.stride, padding: g.padding, dilation: g.dilation, groups: g.groups });
        expect(gradcheck(f, [x, w, b], { atol: 1e-6, rtol: 1e-5 })).toBe(true);
      }),
      { ...RUNS, numRuns: 12 },
    );
    const x = randn([1, 2, 4, 4], { dtype: 'float64', generator: new Generator(5), requiresGrad: true });
    const w = randn([2, 2, 2, 2], { dtype: 'float64', generator: new Generator(6), requiresGrad: true });
    expect(gradgradcheck((a, k) => F.conv2d(a, k, null, { padding: 1, stride: 2 }).square(), [x, w])).toBe(true);
  });

  it('unfold lists each window as a column, channel-major', () => {
    const x = randn([2, 3, 5, 4], { dtype: 'float64', generator: new Generator(7) });
    const cols = F.unfold(x, [2, 3], { stride: [2, 1], padding: 1 });
    // unfold · reshaped weight = conv2d
    const w = randn([4, 3, 2, 3], { dtype: 'float64', generator: new Generator(8) });
    const viaCols = w.reshape([4, 18]).matmul(cols);
    const conv = F.conv2d(x, w, null, { stride: [2, 1], padding: 1 });
    expect(cols.shape).toEqual([2, 18, conv.shape[2]! * conv.shape[3]!]);
    expectClose(viaCols.reshape(conv.shape).toArray(), conv.toArray());
  });

  it("refuses what PyTorch refuses, with PyTorch's message for the channels", () => {
    const x = zeros([1, 2, 5, 5]);
    expect(() => F.conv2d(x, zeros([8, 3, 3, 3]))).toThrow('conv2d: Given groups=1, weight of size [8, 3, 3, 3], expected input[1, 2, 5, 5] to have 3 channels, but got 2 channels instead');
    expect(() => F.conv2d(zeros([5, 5]), zeros([1, 2, 3, 3]))).toThrow('conv2d: expected a 3-D (unbatched) or 4-D (batched) input [N, C, H, W], got shape [5, 5]');
    expect(F.conv2d(zeros([2, 5, 5]), zeros([1, 2, 3, 3])).shape).toEqual([1, 3, 3]); // unbatched, as PyTorch
    expect(() => F.conv2d(x, zeros([1, 2, 7, 7]))).toThrow(/does not fit the padded input/);
    expect(() => F.conv2d(x, zeros([3, 1, 3, 3]), null, { groups: 2 })).toThrow(/groups must be a positive integer dividing/);
    expect(() => F.conv2d(x, zeros([1, 2, 3, 3], { dtype: 'float64' }))).toThrow(TypeError);
    expect(() => F.conv2d(x, zeros([1, 2, 3, 3]), null, { stride: 0 })).toThrow(/conv2d: stride must be 2 integers ≥ 1, got 0/);
    expect(() => F.conv2d(x, zeros([1, 2, 3, 3]), zeros([2]))).toThrow(/bias of shape \[1\]/);
  });
});

describe('pooling', () => {
  it('maxPool2d and avgPool2d equal direct loops, with padding and strides (property)', () => {
    const args = fc.record({ n: fc.integer({ min: 1, max: 2 }), c: fc.integer({ min: 1, max: 2 }), h: fc.integer({ min: 2, max: 7 }), w: fc.integer({ min: 2, max: 7 }), k: fc.integer({ min: 1, max: 3 }), s: fc.integer({ min: 1, max: 3 }), p: fc.integer({ min: 0, max: 1 }) }).filter((a) => a.p <= a.k / 2 && a.h + 2 * a.p >= a.k && a.w + 2 * a.p >= a.k);
    fc.assert(
      fc.property(args, fc.nat(1000), ({ n, c, h, w, k, s, p }, seed) => {
        const x = randn([n, c, h, w], { dtype: 'float64', generator: new Generator(seed) });
        expectClose(F.maxPool2d(x, k, { stride: s, padding: p }).toArray(), directPool(x, k, s, p, 'max'));
        expectClose(F.avgPool2d(x, k, { stride: s, padding: p }).toArray(), directPool(x, k, s, p, 'avg'));
      }),
      RUNS,
    );
  });

  it('gradients = central differences (distinct values: max pooling has a kink at ties); a tie sends the gradient to the first maximum', () => {
    fc.assert(
      fc.property(distinctTensors([1, 2, 4, 5]), (x) => {
        expect(gradcheck((t: Tensor) => F.maxPool2d(t, 2, { stride: 1 }), [x], { atol: 1e-6, rtol: 1e-5 })).toBe(true);
        expect(gradcheck((t: Tensor) => F.avgPool2d(t, [2, 3], { padding: 1 }), [x], { atol: 1e-6, rtol: 1e-5 })).toBe(true);
      }),
      { ...RUNS, numRuns: 10 },
    );
    const tie = tensor([[[[1, 1], [0, 0]]]], { requiresGrad: true });
    F.maxPool2d(tie, 2).sum().backward();
    expect(tie.grad!.tolist()).toEqual([[[[1, 0], [0, 0]]]]);
  });

  it('refuses padding over half the window and non-float input', () => {
    expect(() => F.maxPool2d(zeros([1, 1, 4, 4]), 2, { padding: 2 })).toThrow('maxPool2d: pad should be at most half of effective kernel size, but got pad=2, 2, kernel_size=2, 2');
    expect(() => F.avgPool2d(tensor([[[[1]]]], { dtype: 'int32' }), 1)).toThrow('avgPool2d: expected a float input, got int32');
  });
});

describe('modules', () => {
  it("Conv2d: PyTorch's initialisation bounds, printing, the forward of F.conv2d", () => {
    const conv = new nn.Conv2d(4, 6, 3, { groups: 2, generator: new Generator(1) });
    const bound = 1 / Math.sqrt(2 * 9);
    expect(conv.weight.shape).toEqual([6, 2, 3, 3]);
    expect(Array.from(conv.weight.toArray()).every((v) => Math.abs(v) <= bound)).toBe(true);
    expect(Array.from(conv.bias!.toArray()).every((v) => Math.abs(v) <= bound)).toBe(true);
    expect(String(conv)).toBe('Conv2d(4, 6, kernel_size=(3, 3), stride=(1, 1), groups=2)');
    const x = randn([2, 4, 5, 5], { generator: new Generator(2) });
    expect(conv.forward(x).tolist()).toEqual(F.conv2d(x, conv.weight, conv.bias, { groups: 2 }).tolist());
    expect(() => new nn.Conv2d(3, 4, 3, { groups: 2 })).toThrow(/divisible by groups/);
    expect(Object.keys(conv.stateDict())).toEqual(['weight', 'bias']);
  });

  it('a small CNN (conv, relu, max pool, linear) trains: its loss falls', () => {
    const gen = new Generator(3);
    const model = new nn.Sequential(
      new nn.Conv2d(1, 4, 3, { padding: 1, generator: gen }),
      new nn.ReLU(),
      new nn.MaxPool2d(2),
      new nn.Flatten(),
      new nn.Linear(4 * 4 * 4, 2, { generator: gen }),
    );
    // two classes: a bright top half or a bright bottom half
    const x = randn([16, 1, 8, 8], { generator: new Generator(4) }).mul(0.1);
    const labels = tensor(Array.from({ length: 16 }, (_, i) => i % 2), { dtype: 'int32' });
    const top = tensor(Array.from({ length: 64 }, (_, i) => (i < 32 ? 1 : 0)), { shape: [1, 1, 8, 8] });
    const input = x.add(top.mul(labels.float().reshape([16, 1, 1, 1]).neg().add(1))).add(top.neg().add(1).mul(labels.float().reshape([16, 1, 1, 1])));
    const losses: number[] = [];
    for (let step = 0; step < 30; step++) {
      model.zeroGrad();
      const loss = F.crossEntropy(model.forward(input), labels);
      loss.backward();
      for (const p of model.parameters()) p.data.set(p.detach().sub(p.grad!.mul(0.5)).toArray());
      losses.push(loss.item());
    }
    expect(losses[29]!).toBeLessThan(losses[0]! * 0.5);
  });
});
