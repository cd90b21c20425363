/**
 * Padding, interpolation and sampling: pad's modes against index formulas on generated sizes,
 * interpolate's invariants (identity sizes, constants preserved, a NaN reaching only its
 * neighbours, linear interpolation exact on linear data), pixel (un)shuffle as inverses,
 * affineGrid + gridSample as the identity and as a shift, the layers, and the errors.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arange, full, Generator, randn, tensor, zeros } from '@chainrule/autograd';
import { nn } from '@chainrule/nn';
import * as F from '@chainrule/nn/functional';

const RUNS = { numRuns: 20, seed: 3, endOnFailure: true };

describe('pad', () => {
  it('each mode reads the index its formula gives, over any number of padded dims (property)', () => {
    const mode = fc.constantFrom('reflect' as const, 'replicate' as const, 'circular' as const);
    const args = fc.record({ n: fc.integer({ min: 2, max: 5 }), m: fc.integer({ min: 2, max: 4 }), mode }).chain((a) =>
      fc.record({
        a: fc.constant(a),
        pads: fc.tuple(fc.integer({ min: 0, max: a.m - 1 }), fc.integer({ min: 0, max: a.m - 1 }), fc.integer({ min: 0, max: a.n - 1 }), fc.integer({ min: 0, max: a.n - 1 })),
      }),
    );
    const src = (mode: string, j: number, n: number): number =>
      mode === 'replicate' ? Math.min(Math.max(j, 0), n - 1) : mode === 'circular' ? ((j % n) + n) % n : j < 0 ? -j : j >= n ? 2 * (n - 1) - j : j;
    fc.assert(
      fc.property(args, ({ a: { n, m, mode }, pads: [l, r, t, b] }) => {
        const x = arange(n * m).reshape([1, n, m]).double();
        const y = F.pad(x, [l, r, t, b], mode);
        expect(y.shape).toEqual([1, n + t + b, m + l + r]);
        const rows = y.tolist() as number[][][];
        rows[0]!.forEach((row, i) => row.forEach((v, j) => expect(v).toBe(src(mode, i - t, n) * m + src(mode, j - l, m))));
      }),
      RUNS,
    );
  });

  it('constant mode pads with the value and crops with negative sizes; other modes refuse a value', () => {
    const x = tensor([[1, 2, 3]]);
    expect(F.pad(x, [-1, 1], 'constant', 9).tolist()).toEqual([[2, 3, 9]]);
    expect(F.pad(x, [0, 0, 1, 1]).shape).toEqual([3, 3]);
    expect(() => F.pad(x, [1, 1], 'reflect', 2)).toThrow(`pad: padding mode "reflect" doesn't take in value argument`);
    expect(() => F.pad(x, [3, 0], 'reflect')).toThrow(/should be less than the corresponding input dimension/);
    expect(() => F.pad(x, [4, 0], 'circular')).toThrow(/wrap around more than once/);
    expect(() => F.pad(x, [1])).toThrow(/even number of integer sizes/);
    expect(() => F.pad(x, [0, 0, 0, 0, 1, 1])).toThrow(/too large for an input of 2 dims/);
    expect(() => F.pad(x, [-4, 0])).toThrow(/negative output size/);
  });
});

describe('interpolate', () => {
  it('keeps constants constant and reproduces linear data exactly with linear modes (alignCorners)', () => {
    const c = full([1, 2, 3, 4], 2.5, { dtype: 'float64' });
    for (const mode of ['nearest', 'bilinear', 'bicubic', 'area', 'nearest-exact'] as const) {
      const y = F.interpolate(c, { size: [5, 7], mode });
      expect(y.sub(2.5).abs().max().item()).toBeLessThan(1e-12);
    }
    // f(i, j) = 3i − 2j is reproduced at the new positions
    const lin = tensor(Array.from({ length: 12 }, (_, k) => 3 * Math.floor(k / 4) - 2 * (k % 4)), { shape: [1, 1, 3, 4], dtype: 'float64' });
    const y = F.interpolate(lin, { size: [5, 7], mode: 'bilinear', alignCorners: true });
    const rows = y.tolist() as number[][][][];
    rows[0]![0]!.forEach((row, i) => row.forEach((v, j) => expect(Math.abs(v - (3 * i * 2) / 4 + (2 * j * 3) / 6)).toBeLessThan(1e-12)));
  });

  it('a NaN reaches only the outputs that read it (separable taps, no dense matrix)', () => {
    const x = zeros([1, 1, 8, 8], { dtype: 'float64' });
    const data = x.toArray();
    data[0] = NaN;
    const y = F.interpolate(tensor(data, { shape: [1, 1, 8, 8], dtype: 'float64' }), { size: [16, 16], mode: 'bilinear' });
    const nans = [...y.toArray()].filter(Number.isNaN).length;
    expect(nans).toBeGreaterThan(0);
    expect(nans).toBeLessThanOrEqual(9);
  });

  it('the same size with no factor is the identity; scaleFactor rounds sizes down', () => {
    const x = randn([2, 3, 5], { dtype: 'float64', generator: new Generator(1) });
    expect(F.interpolate(x, { size: 5, mode: 'linear' }).tolist()).toEqual(x.tolist());
    expect(F.interpolate(x, { scaleFactor: 1.5 }).shape).toEqual([2, 3, 7]);
    expect(F.interpolate(randn([1, 1, 2, 3, 4]), { scaleFactor: [2, 1, 0.5], mode: 'trilinear' }).shape).toEqual([1, 1, 4, 3, 2]);
  });

  it('refuses what PyTorch refuses, naming it', () => {
    const x = zeros([1, 1, 4, 4]);
    expect(() => F.interpolate(x, { size: 2, mode: 'nearest', alignCorners: true })).toThrow(/align_corners option can only be set with the interpolating modes/);
    expect(() => F.interpolate(x, { size: 2, scaleFactor: 2 })).toThrow(/only one of size or scaleFactor/);
    expect(() => F.interpolate(x, {})).toThrow(/either size or scaleFactor/);
    expect(() => F.interpolate(x, { size: 2, mode: 'linear' })).toThrow('interpolate: got 4-D input, but linear mode needs 3-D input');
    expect(() => F.interpolate(x, { size: [2, 2, 2] })).toThrow(/same number of spatial dimensions/);
    expect(() => F.interpolate(x, { size: 2, mode: 'bilinear', antialias: true })).toThrow('interpolate: antialias is not supported');
    expect(() => F.interpolate(x, { size: 2, align_corners: true } as never)).toThrow(/unknown option 'align_corners'/);
    expect(() => F.interpolate(zeros([4, 4]), { size: 2 })).toThrow(/only 3-D, 4-D and 5-D inputs/);
  });

  it('Upsample prints as PyTorch and resizes like interpolate', () => {
    const up = new nn.Upsample({ scaleFactor: [2, 3], mode: 'nearest' });
    expect(String(up)).toBe('Upsample(scale_factor=(2.0, 3.0), mode=nearest)');
    expect(up.forward(zeros([1, 1, 2, 2])).shape).toEqual([1, 1, 4, 6]);
    expect(() => new nn.Upsample({ scale: 2 } as never)).toThrow(/Upsample: unknown option 'scale'/);
  });
});

describe('pixel shuffle, affine grids and grid sampling', () => {
  it('pixelUnshuffle inverts pixelShuffle (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), (r, h, c) => {
        const x = randn([2, c * r * r, h, 2], { generator: new Generator(r + h + c) });
        const y = F.pixelShuffle(x, r);
        expect(y.shape).toEqual([2, c, h * r, 2 * r]);
        expect(F.pixelUnshuffle(y, r).tolist()).toEqual(x.tolist());
      }),
      RUNS,
    );
    expect(() => F.pixelShuffle(zeros([1, 3, 2, 2]), 2)).toThrow(/divisible by the square of upscale_factor/);
  });

  it('the identity affine grid samples the input back (bilinear and nearest, 2-D and 3-D)', () => {
    for (const alignCorners of [false, true]) {
      const img = randn([2, 3, 4, 5], { dtype: 'float64', generator: new Generator(4) });
      const eye = tensor([[1, 0, 0], [0, 1, 0]], { dtype: 'float64' }).unsqueeze(0).expand([2, 2, 3]);
      const grid = F.affineGrid(eye, img.shape, alignCorners);
      for (const mode of ['bilinear', 'nearest'] as const) {
        expect(F.gridSample(img, grid, { mode, alignCorners }).sub(img).abs().max().item()).toBeLessThan(1e-12);
      }
      const vol = randn([1, 2, 3, 2, 4], { dtype: 'float64', generator: new Generator(5) });
      const eye3 = tensor([[[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0]]], { dtype: 'float64' });
      expect(F.gridSample(vol, F.affineGrid(eye3, vol.shape, alignCorners), { alignCorners }).sub(vol).abs().max().item()).toBeLessThan(1e-12);
    }
  });

  it('a translation by one pixel shifts the image, zeros coming in (border repeats the edge)', () => {
    const img = arange(6).reshape([1, 1, 2, 3]).double();
    // x ← x + 2/(W−1): one pixel to the right with alignCorners
    const theta = tensor([[[1, 0, 1], [0, 1, 0]]], { dtype: 'float64' });
    const grid = F.affineGrid(theta, [1, 1, 2, 3], true);
    expect(F.gridSample(img, grid, { alignCorners: true }).tolist()).toEqual([[[[1, 2, 0], [4, 5, 0]]]]);
    expect(F.gridSample(img, grid, { alignCorners: true, paddingMode: 'border' }).tolist()).toEqual([[[[1, 2, 2], [4, 5, 5]]]]);
  });

  it('refuses unsupported modes and shapes by name', () => {
    const img = zeros([1, 1, 2, 2]);
    expect(() => F.gridSample(img, zeros([1, 1, 1, 2]), { mode: 'bicubic' as never })).toThrow("gridSample: mode must be 'bilinear' or 'nearest', got 'bicubic'");
    expect(() => F.gridSample(img, zeros([1, 1, 1, 3]))).toThrow(/expected a grid \[N, ...out, 2\]/);
    expect(() => F.affineGrid(zeros([1, 2, 3]), [2, 1, 2, 2])).toThrow(/affine matrices of shape N×2×3/);
  });
});
