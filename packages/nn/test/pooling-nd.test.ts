/**
 * Pooling over 1 to 3 dims: max and average pooling against direct loops with PyTorch's ceil-mode
 * and divisor rules (generated geometries), indices that maxUnpool inverts, adaptive windows that
 * cover the input, the layers' printing, and options refused by name.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Generator, randn, tensor, zeros } from '@chainrule/autograd';
import { nn } from '@chainrule/nn';
import * as F from '@chainrule/nn/functional';

const RUNS = { numRuns: 20, seed: 8, endOnFailure: true };

/** PyTorch's pooling_output_shape. */
function outSize(size: number, k: number, s: number, p: number, d: number, ceil: boolean): number {
  let o = Math.floor((size + 2 * p - d * (k - 1) - 1 + (ceil ? s - 1 : 0)) / s) + 1;
  if (ceil && (o - 1) * s >= size + p) o--;
  return o;
}

/** Direct 1-D pooling of one row, as PyTorch's CPU kernels loop. */
function directPool1d(row: number[], k: number, s: number, p: number, d: number, ceil: boolean, kind: 'max' | 'avg', countIncludePad: boolean): { values: number[]; indices: number[] } {
  const n = row.length;
  const values: number[] = [];
  const indices: number[] = [];
  for (let o = 0; o < outSize(n, k, s, p, d, ceil); o++) {
    const start = o * s - p;
    if (kind === 'max') {
      let best = -Infinity;
      let at = -1;
      for (let j = 0; j < k; j++) {
        const i = start + j * d;
        if (i < 0 || i >= n) continue;
        if (at < 0 || row[i]! > best || Number.isNaN(row[i]!)) [best, at] = [row[i]!, i];
      }
      values.push(best);
      indices.push(at);
    } else {
      const end = Math.min(start + k, n + p);
      const size = end - start;
      const [a, b] = [Math.max(start, 0), Math.min(end, n)];
      let sum = 0;
      for (let i = a; i < b; i++) sum += row[i]!;
      values.push(sum / (countIncludePad ? size : b - a));
      indices.push(-1);
    }
  }
  return { values, indices };
}

describe('max and average pooling', () => {
  const args = fc
    .record({
      n: fc.integer({ min: 1, max: 9 }),
      k: fc.integer({ min: 1, max: 4 }),
      s: fc.integer({ min: 1, max: 3 }),
      p: fc.integer({ min: 0, max: 2 }),
      d: fc.integer({ min: 1, max: 2 }),
      ceil: fc.boolean(),
      include: fc.boolean(),
      seed: fc.nat(1000),
    })
    .filter((a) => a.p <= a.k / 2 && outSize(a.n, a.k, a.s, a.p, a.d, a.ceil) >= 1);

  it('maxPool1d (values and indices) and avgPool1d equal direct loops, ceil mode and count_include_pad included (property)', () => {
    fc.assert(
      fc.property(args, ({ n, k, s, p, d, ceil, include, seed }) => {
        const x = randn([2, n], { dtype: 'float64', generator: new Generator(seed) });
        const [values, indices] = F.maxPool1d(x, k, { stride: s, padding: p, dilation: d, ceilMode: ceil, returnIndices: true });
        const avg = F.avgPool1d(x, k, { stride: s, padding: p, ceilMode: ceil, countIncludePad: include });
        for (let r = 0; r < 2; r++) {
          const row = [...x.select(0, r).toArray()];
          const want = directPool1d(row, k, s, p, d, ceil, 'max', include);
          expect([...values.select(0, r).toArray()]).toEqual(want.values);
          // (a window wholly in the padding gives −∞, and an index PyTorch leaves undefined)
          const got = [...indices.select(0, r).toArray()];
          want.indices.forEach((w, j) => w >= 0 && expect(got[j]).toBe(w));
          if (d === 1) {
            const wantAvg = directPool1d(row, k, s, p, 1, ceil, 'avg', include).values;
            avg.select(0, r).toArray().forEach((v, i) => expect(Math.abs(v - wantAvg[i]!)).toBeLessThan(1e-12));
          }
        }
      }),
      RUNS,
    );
  });

  it('NaN wins a max window, with its index', () => {
    const [v, i] = F.maxPool1d(tensor([[[1, NaN, 3, 2]]]), 2, { returnIndices: true });
    expect([...v.toArray()].map(String)).toEqual(['NaN', '3']);
    expect(i.tolist()).toEqual([[[1, 2]]]);
  });

  it('divisorOverride divides every window sum; zero is refused', () => {
    const x = tensor([[[[1, 2, 3], [4, 5, 6]]]]);
    expect(F.avgPool2d(x, 2, { ceilMode: true, divisorOverride: 2 }).tolist()).toEqual([[[[6, 4.5]]]]);
    expect(() => F.avgPool2d(x, 2, { divisorOverride: 0 })).toThrow('avgPool2d: divisor must be a non-zero integer, got 0');
  });

  it('options a pooling does not take are errors naming them (none silently ignored)', () => {
    const x = zeros([1, 1, 4, 4]);
    expect(() => F.maxPool2d(x, 2, { countIncludePad: false } as never)).toThrow("maxPool2d: unknown option 'countIncludePad' (it takes stride, padding, dilation, ceilMode, returnIndices)");
    expect(() => F.avgPool2d(x, 2, { dilation: 2 } as never)).toThrow(/avgPool2d: unknown option 'dilation'/);
    expect(() => F.avgPool1d(zeros([1, 1, 4]), 2, { divisorOverride: 2 } as never)).toThrow(/avgPool1d: unknown option 'divisorOverride'/);
    expect(() => new nn.MaxPool2d(2, { ceil_mode: true } as never)).toThrow(/MaxPool2d: unknown option 'ceil_mode'/);
    expect(() => F.maxPool2d(x, 2, { padding: 2 })).toThrow('maxPool2d: pad should be at most half of effective kernel size, but got pad=2, 2, kernel_size=2, 2');
  });
});

describe('max unpooling', () => {
  it('maxUnpool2d(maxPool2d(x)) keeps each window maximum in place and zeros the rest', () => {
    const x = randn([2, 3, 6, 5], { dtype: 'float64', generator: new Generator(1) }).abs().add(0.1);
    const [y, i] = F.maxPool2d(x, 2, { returnIndices: true });
    const back = F.maxUnpool2d(y, i, 2, { outputSize: [6, 5] });
    expect(back.shape).toEqual([2, 3, 6, 5]);
    // pooling the unpooled planes again gives the same maxima
    expect(F.maxPool2d(back, 2).tolist()).toEqual(y.tolist());
    expect(back.ne(0).sum().item()).toBe(y.numel());
  });

  it('where two values share an index the last one stays (PyTorch CPU); indices out of range are refused', () => {
    const values = tensor([[[1, 2, 3]]]);
    const idx = tensor([[[0, 0, 1]]], { dtype: 'int32' });
    expect(F.maxUnpool1d(values, idx, 2, { stride: 1 }).tolist()).toEqual([[[2, 3, 0, 0]]]);
    expect(() => F.maxUnpool1d(values, tensor([[[0, 9, 1]]], { dtype: 'int32' }), 2)).toThrow('maxUnpool1d: found an invalid max index 9 (output volumes are of size 6)');
    expect(() => F.maxUnpool1d(values, idx, 2, { outputSize: [9] })).toThrow(/invalid outputSize/);
  });
});

describe('adaptive pooling', () => {
  it('windows cover the input: the average of adaptiveAvgPool over any size is the mean when sizes divide', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 9 }), fc.nat(100), (size, out, seed) => {
        const x = randn([1, 2, size], { dtype: 'float64', generator: new Generator(seed) });
        const y = F.adaptiveAvgPool1d(x, out);
        expect(y.shape).toEqual([1, 2, out]);
        // each window [⌊o·size/out⌋, ⌈(o+1)·size/out⌉) averaged
        const row = [...x.select(1, 0).flatten().toArray()];
        y.select(1, 0).flatten().toArray().forEach((v, o) => {
          const [s, e] = [Math.floor((o * size) / out), Math.ceil(((o + 1) * size) / out)];
          expect(Math.abs(v - row.slice(s, e).reduce((a, b) => a + b, 0) / (e - s))).toBeLessThan(1e-12);
        });
        expect(F.adaptiveMaxPool1d(x, out).select(1, 0).flatten().toArray().every((v, o) => v === Math.max(...row.slice(Math.floor((o * size) / out), Math.ceil(((o + 1) * size) / out))))).toBe(true);
      }),
      RUNS,
    );
  });

  it('refuses sizes out of range', () => {
    expect(() => F.adaptiveAvgPool2d(zeros([1, 1, 3, 3]), [2, -1])).toThrow(/output_size must be 2 integers/);
    expect(() => F.adaptiveAvgPool1d(zeros([1, 1, 0]), 2)).toThrow(/non-empty spatial dims/);
  });
});

describe('the pooling layers', () => {
  it('print as PyTorch', () => {
    expect(String(new nn.MaxPool1d(3, { stride: 2, ceilMode: true }))).toBe('MaxPool1d(kernel_size=3, stride=2, padding=0, dilation=1, ceil_mode=True)');
    expect(String(new nn.MaxPool2d([2, 3], { padding: [1, 0] }))).toBe('MaxPool2d(kernel_size=(2, 3), stride=(2, 3), padding=(1, 0), dilation=1, ceil_mode=False)');
    expect(String(new nn.AvgPool1d(4))).toBe('AvgPool1d(kernel_size=(4,), stride=(4,), padding=(0,))');
    expect(String(new nn.AvgPool3d(2, { stride: 1 }))).toBe('AvgPool3d(kernel_size=2, stride=1, padding=0)');
    expect(String(new nn.AdaptiveMaxPool2d([2, null]))).toBe('AdaptiveMaxPool2d(output_size=(2, None))');
    expect(String(new nn.LPPool2d(1.5, 2, { stride: 1 }))).toBe('LPPool2d(norm_type=1.5, kernel_size=2, stride=1, ceil_mode=False)');
  });

  it('return [values, indices] when asked, and fit a Sequential otherwise', () => {
    const pool = new nn.MaxPool2d(2, { returnIndices: true });
    const [v, i] = pool.forward(randn([1, 1, 4, 4], { generator: new Generator(2) }));
    expect(v.shape).toEqual([1, 1, 2, 2]);
    expect(i.dtype).toBe('int32');
    const model = new nn.Sequential(new nn.MaxPool1d(2), new nn.AdaptiveAvgPool1d(1), new nn.Flatten());
    expect(model.forward(zeros([3, 2, 8])).shape).toEqual([3, 2]);
  });
});
