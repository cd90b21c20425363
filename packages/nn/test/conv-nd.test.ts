/**
 * Convolutions over 1 and 3 dims and the transposed ones: conv1d/conv3d against a direct loop,
 * convTranspose as the adjoint of conv (⟨conv(x), y⟩ = ⟨x, convTranspose(y)⟩ over generated
 * geometries), fold as the adjoint of unfold, 'same' padding, the layers' initialisation,
 * padding modes and printing, and the errors (unknown options named).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Generator, randn, zeros } from '@chainrule/autograd';
import type { Tensor } from '@chainrule/autograd';
import { nn } from '@chainrule/nn';
import * as F from '@chainrule/nn/functional';

const RUNS = { numRuns: 15, seed: 5, endOnFailure: true };
const gen = (seed: number) => ({ dtype: 'float64' as const, generator: new Generator(seed) });
const dot = (a: Tensor, b: Tensor): number => a.mul(b).sum().item();

/** Direct N-d cross-correlation of one group-free sample, any dims. */
function directConv(x: Tensor, w: Tensor, stride: number[], padding: number[], dilation: number[]): { data: number[]; shape: number[] } {
  const [n, c, ...size] = x.shape as number[];
  const [o, , ...k] = w.shape as number[];
  const out = size.map((s, i) => Math.floor((s + 2 * padding[i]! - dilation[i]! * (k[i]! - 1) - 1) / stride[i]!) + 1);
  const X = x.toArray();
  const W = w.toArray();
  const strides = (shape: number[]): number[] => shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
  const xs = strides([n!, c!, ...size]);
  const ws = strides([o!, c!, ...k]);
  const positions = (dims: number[]): number[][] => dims.reduce<number[][]>((acc, d) => acc.flatMap((p) => Array.from({ length: d }, (_, i) => [...p, i])), [[]]);
  const data: number[] = [];
  for (let b = 0; b < n!; b++) {
    for (let oc = 0; oc < o!; oc++) {
      for (const pos of positions(out)) {
        let s = 0;
        for (let ic = 0; ic < c!; ic++) {
          for (const tap of positions(k)) {
            const at = pos.map((p, i) => p * stride[i]! + tap[i]! * dilation[i]! - padding[i]!);
            if (at.some((v, i) => v < 0 || v >= size[i]!)) continue;
            s += X[b * xs[0]! + ic * xs[1]! + at.reduce((acc, v, i) => acc + v * xs[i + 2]!, 0)]! * W[oc * ws[0]! + ic * ws[1]! + tap.reduce((acc, v, i) => acc + v * ws[i + 2]!, 0)]!;
          }
        }
        data.push(s);
      }
    }
  }
  return { data, shape: [n!, o!, ...out] };
}

const geometry = (nd: number) =>
  fc
    .record({
      size: fc.array(fc.integer({ min: 2, max: 5 }), { minLength: nd, maxLength: nd }),
      k: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: nd, maxLength: nd }),
      stride: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: nd, maxLength: nd }),
      padding: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: nd, maxLength: nd }),
      dilation: fc.array(fc.integer({ min: 1, max: 2 }), { minLength: nd, maxLength: nd }),
      seed: fc.nat(1000),
    })
    .filter((g) => g.size.every((s, i) => s + 2 * g.padding[i]! >= g.dilation[i]! * (g.k[i]! - 1) + 1));

describe('conv1d and conv3d', () => {
  for (const nd of [1, 3]) {
    it(`conv${nd}d equals a direct loop for any stride, padding and dilation (property)`, () => {
      fc.assert(
        fc.property(geometry(nd), (g) => {
          const x = randn([2, 2, ...g.size], gen(g.seed));
          const w = randn([3, 2, ...g.k], gen(g.seed + 1));
          const conv = nd === 1 ? F.conv1d : F.conv3d;
          const y = (conv as (a: Tensor, b: Tensor, c: null, o: object) => Tensor)(x, w, null, { stride: g.stride, padding: g.padding, dilation: g.dilation });
          const want = directConv(x, w, g.stride, g.padding, g.dilation);
          expect(y.shape).toEqual(want.shape);
          y.toArray().forEach((v, i) => expect(Math.abs(v - want.data[i]!)).toBeLessThan(1e-12));
        }),
        RUNS,
      );
    });
  }

  it("padding 'same' keeps the size (the odd one at the end), stride 1 only", () => {
    const x = randn([1, 1, 7], gen(1));
    expect(F.conv1d(x, randn([2, 1, 4], gen(2)), null, { padding: 'same' }).shape).toEqual([1, 2, 7]);
    expect(F.conv3d(randn([1, 1, 3, 4, 5], gen(3)), randn([1, 1, 2, 3, 2], gen(4)), null, { padding: 'same', dilation: 2 }).shape).toEqual([1, 1, 3, 4, 5]);
    expect(() => F.conv1d(x, randn([2, 1, 4], gen(2)), null, { padding: 'same', stride: 2 })).toThrow("conv1d: padding='same' is not supported for strided convolutions");
    expect(() => F.conv1d(x, randn([2, 1, 4], gen(2)), null, { padding: 'full' as never })).toThrow(/invalid padding string 'full'/);
  });
});

describe('transposed convolutions and fold', () => {
  for (const nd of [1, 2, 3]) {
    it(`convTranspose${nd}d is the adjoint of conv${nd}d: ⟨conv(x), y⟩ = ⟨x, convTranspose(y)⟩ (property)`, () => {
      fc.assert(
        fc.property(geometry(nd), fc.constantFrom(1, 2), (g, groups) => {
          const opts = { stride: g.stride, padding: g.padding, dilation: g.dilation, groups };
          const conv = [F.conv1d, F.conv2d, F.conv3d][nd - 1] as (a: Tensor, b: Tensor, c: null, o: object) => Tensor;
          const convT = [F.convTranspose1d, F.convTranspose2d, F.convTranspose3d][nd - 1] as (a: Tensor, b: Tensor, c: null, o: object) => Tensor;
          const x = randn([2, 2 * groups, ...g.size], gen(g.seed));
          const w = randn([2 * groups, 2, ...g.k], gen(g.seed + 1)); // conv: [O, C/groups, k]; transposed: [C, O/groups, k]
          const y = conv(x, w, null, opts);
          const r = randn(y.shape, gen(g.seed + 2));
          // the sizes the transposed convolution maps back to: output padding picks the input's
          const extra = g.size.map((s, i) => s - ((y.shape[i + 2]! - 1) * g.stride[i]! - 2 * g.padding[i]! + g.dilation[i]! * (g.k[i]! - 1) + 1));
          fc.pre(extra.every((e, i) => e < Math.max(g.stride[i]!, g.dilation[i]!)));
          const back = convT(r, w, null, { ...opts, outputPadding: extra });
          expect(back.shape).toEqual(x.shape);
          expect(Math.abs(dot(y, r) - dot(x, back))).toBeLessThan(1e-9 * (1 + Math.abs(dot(y, r))));
        }),
        RUNS,
      );
    });
  }

  it('fold is the adjoint of unfold, and fold(unfold(x)) counts each pixel once per window covering it', () => {
    const x = randn([2, 3, 5, 4], gen(9));
    const opts = { stride: [2, 1] as [number, number], padding: 1, dilation: [1, 2] as [number, number] };
    const cols = F.unfold(x, [2, 2], opts);
    const r = randn(cols.shape, gen(10));
    expect(Math.abs(dot(cols, r) - dot(x, F.fold(r, [5, 4], [2, 2], opts)))).toBeLessThan(1e-10);
    const counts = F.fold(F.unfold(x.mul(0).add(1), 2), [5, 4], 2);
    expect(counts.select(0, 0).select(0, 0).tolist()).toEqual([
      [1, 2, 2, 1],
      [2, 4, 4, 2],
      [2, 4, 4, 2],
      [2, 4, 4, 2],
      [1, 2, 2, 1],
    ]);
    expect(() => F.fold(zeros([1, 5, 12]), [4, 5], 2)).toThrow(/divisible by the product of kernel_size/);
  });

  it('refuses an output padding that is not smaller than the stride or the dilation', () => {
    expect(() => F.convTranspose2d(zeros([1, 1, 3, 3]), zeros([1, 1, 3, 3]), null, { stride: 2, outputPadding: 2 })).toThrow(/output padding must be smaller than either stride or dilation/);
  });
});

describe('errors name what is wrong', () => {
  it('an unknown option is a TypeError naming it, never ignored', () => {
    const x = zeros([1, 1, 5]);
    expect(() => F.conv1d(x, zeros([1, 1, 2]), null, { strides: 2 } as never)).toThrow("conv1d: unknown option 'strides' (it takes stride, padding, dilation, groups)");
    expect(() => F.convTranspose1d(x, zeros([1, 1, 2]), null, { output_padding: 1 } as never)).toThrow(/unknown option 'output_padding'/);
    expect(() => new nn.Conv2d(1, 1, 3, { paddingMode: 'zeros', padding_mode: 'reflect' } as never)).toThrow(/Conv2d: unknown option 'padding_mode'/);
    expect(() => F.unfold(zeros([1, 1, 3, 3]), 2, { groups: 1 } as never)).toThrow(/unfold: unknown option 'groups'/);
  });

  it("channels, dims and dtypes, with PyTorch's channel message", () => {
    expect(() => F.conv1d(zeros([2, 3, 5]), zeros([4, 2, 3]))).toThrow('conv1d: Given groups=1, weight of size [4, 2, 3], expected input[2, 3, 5] to have 2 channels, but got 3 channels instead');
    expect(() => F.conv3d(zeros([1, 1, 3, 3]), zeros([1, 1, 2, 2, 2]))).toThrow(/conv3d: expected a 4-D weight|does not fit/);
    expect(() => F.conv3d(zeros([3, 3]), zeros([1, 1, 2, 2, 2]))).toThrow('conv3d: expected a 4-D (unbatched) or 5-D (batched) input [N, C, D, H, W], got shape [3, 3]');
    expect(() => F.convTranspose1d(zeros([1, 2, 3]), zeros([3, 1, 2]))).toThrow(/Given transposed=1, weight of size \[3, 1, 2\], expected input\[1, 2, 3\] to have 3 channels/);
    expect(() => F.conv1d(zeros([1, 1, 3], { dtype: 'int32' }), zeros([1, 1, 2]))).toThrow(TypeError);
  });
});

describe('the convolution layers', () => {
  it("initialise as PyTorch: U(±1/√fanIn), fanIn = weight.shape[1]·kernel (transposed: out/groups·kernel)", () => {
    const conv = new nn.Conv1d(4, 6, 3, { groups: 2, generator: new Generator(1) });
    const up = new nn.ConvTranspose2d(4, 6, [2, 3], { groups: 2, generator: new Generator(2) });
    expect(conv.weight.shape).toEqual([6, 2, 3]);
    expect(up.weight.shape).toEqual([4, 3, 2, 3]);
    const within = (t: Tensor, bound: number): boolean => [...t.toArray()].every((v) => Math.abs(v) <= bound);
    expect(within(conv.weight, 1 / Math.sqrt(6)) && within(conv.bias!, 1 / Math.sqrt(6))).toBe(true);
    expect(within(up.weight, 1 / Math.sqrt(18)) && within(up.bias!, 1 / Math.sqrt(18))).toBe(true);
    // the bound is reached: the values spread over it
    expect(up.weight.abs().max().item()).toBeGreaterThan(0.7 / Math.sqrt(18));
  });

  it('padding modes pad with F.pad before a convolution without padding', () => {
    const x = randn([1, 2, 5, 4], gen(3));
    for (const mode of ['reflect', 'replicate', 'circular'] as const) {
      const conv = new nn.Conv2d(2, 3, 3, { padding: [1, 2], paddingMode: mode, generator: new Generator(4), dtype: 'float64' });
      const want = F.conv2d(F.pad(x, [2, 2, 1, 1], mode), conv.weight, conv.bias);
      expect(conv.forward(x).tolist()).toEqual(want.tolist());
    }
    expect(() => new nn.ConvTranspose1d(1, 1, 3, { paddingMode: 'reflect' as never })).toThrow(/only 'zeros' padding mode/);
    expect(() => new nn.Conv1d(1, 1, 3, { paddingMode: 'mirror' as never })).toThrow(/padding_mode must be one of/);
  });

  it('print as PyTorch', () => {
    expect(String(new nn.Conv1d(2, 3, 3, { padding: 'same', paddingMode: 'reflect' }))).toBe('Conv1d(2, 3, kernel_size=(3,), stride=(1,), padding=same, padding_mode=reflect)');
    expect(String(new nn.ConvTranspose2d(2, 3, 3, { stride: 2, outputPadding: 1 }))).toBe('ConvTranspose2d(2, 3, kernel_size=(3, 3), stride=(2, 2), output_padding=(1, 1))');
    expect(String(new nn.Conv3d(1, 2, [1, 2, 3], { bias: false, dilation: 2, groups: 1 }))).toBe('Conv3d(1, 2, kernel_size=(1, 2, 3), stride=(1, 1, 1), dilation=(2, 2, 2), bias=False)');
  });

  it('ConvTranspose forward(x, outputSize) picks the output size, and refuses one out of range', () => {
    const up = new nn.ConvTranspose1d(1, 1, 3, { stride: 3 });
    expect(up.forward(zeros([1, 1, 4])).shape).toEqual([1, 1, 12]);
    expect(up.forward(zeros([1, 1, 4]), [14]).shape).toEqual([1, 1, 14]);
    expect(() => up.forward(zeros([1, 1, 4]), [15])).toThrow('ConvTranspose1d: requested an output size of [15], but valid sizes range from [12] to [14] (for an input of [4])');
  });
});
