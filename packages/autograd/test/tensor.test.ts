/**
 * Tensors as a PyTorch user meets them: creation, dtypes, views over shared storage, broadcasting,
 * read-out, printing, seeded randomness, and the errors bad input gets.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arange, cat, eye, full, Generator, linspace, manualSeed, ones, rand, randint, randn, randperm, stack, tensor, zeros, zerosLike } from '@chainrule/autograd';
import { broadcastableShapes, tensors } from '@chainrule/autograd/testing';

describe('creation and dtypes', () => {
  it('infers the shape of nested arrays; float32 by default', () => {
    const t = tensor([[1, 2, 3], [4, 5, 6]]);
    expect(t.shape).toEqual([2, 3]);
    expect(t.dtype).toBe('float32');
    expect(t.ndim).toBe(2);
    expect(t.numel()).toBe(6);
    expect(t.tolist()).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(t.toArray()).toBeInstanceOf(Float32Array);
  });

  it('keeps each dtype in its typed array, and float64 through ops', () => {
    expect(tensor([1, 2], { dtype: 'float64' }).toArray()).toBeInstanceOf(Float64Array);
    expect(tensor([1, 2], { dtype: 'int32' }).toArray()).toBeInstanceOf(Int32Array);
    expect(tensor([true, false], { dtype: 'bool' }).tolist()).toEqual([true, false]);
    const d = tensor([0.1], { dtype: 'float64' });
    expect(d.add(0.2).item()).toBe(0.1 + 0.2);
    expect(d.exp().log().matmul(tensor([[1]], { dtype: 'float64' })).dtype).toBe('float64');
    expect(tensor([1], { dtype: 'int32' }).add(0.5).dtype).toBe('float32');
    expect(tensor([1], { dtype: 'int32' }).add(tensor([0.5], { dtype: 'float64' })).dtype).toBe('float64');
    expect(tensor([1, 2]).gt(1).dtype).toBe('bool');
  });

  it('rejects ragged arrays and data that does not fit the shape', () => {
    expect(() => tensor([[1, 2], [3]])).toThrow(/ragged|shape/i);
    expect(() => tensor([1, 2, 3], { shape: [2, 2] })).toThrow(/3.*\[2, 2\]|\[2, 2\].*3/);
  });

  it('factories', () => {
    expect(zeros([2]).tolist()).toEqual([0, 0]);
    expect(ones([2], { dtype: 'int32' }).tolist()).toEqual([1, 1]);
    expect(full([2], 7).tolist()).toEqual([7, 7]);
    expect(arange(5).tolist()).toEqual([0, 1, 2, 3, 4]);
    expect(arange(1, 2, 0.25).tolist()).toEqual([1, 1.25, 1.5, 1.75]);
    expect(linspace(-2, 2, 5).tolist()).toEqual([-2, -1, 0, 1, 2]);
    expect(eye(2, 3).tolist()).toEqual([[1, 0, 0], [0, 1, 0]]);
    expect(zerosLike(tensor([1], { dtype: 'float64' })).dtype).toBe('float64');
  });
});

describe('seeded randomness', () => {
  it('manualSeed makes every random result repeat', () => {
    manualSeed(123);
    const a = [randn([5]).tolist(), rand([3]).tolist(), randint(0, 10, [4]).tolist(), randperm(6).tolist()];
    manualSeed(123);
    const b = [randn([5]).tolist(), rand([3]).tolist(), randint(0, 10, [4]).tolist(), randperm(6).tolist()];
    expect(a).toEqual(b);
  });

  it('an explicit Generator is independent of the global one', () => {
    const g1 = new Generator(7);
    const g2 = new Generator(7);
    manualSeed(1);
    const x = randn([4], { generator: g1 });
    randn([100]);
    expect(randn([4], { generator: g2 }).tolist()).toEqual(x.tolist());
  });

  it('rand is in [0, 1); randn has mean ≈ 0 and variance ≈ 1; randperm is a permutation', () => {
    const g = new Generator(3);
    const u = rand([10000], { generator: g, dtype: 'float64' });
    expect(u.min().item()).toBeGreaterThanOrEqual(0);
    expect(u.max().item()).toBeLessThan(1);
    const z = randn([20000], { generator: g, dtype: 'float64' });
    expect(Math.abs(z.mean().item())).toBeLessThan(0.03);
    expect(Math.abs(z.var().item() - 1)).toBeLessThan(0.04);
    expect([...randperm(50, { generator: g }).toArray()].sort((a, b) => a - b)).toEqual([...Array(50).keys()]);
  });
});

describe('views share storage, as in PyTorch', () => {
  it('reshape/view, transpose, permute, expand, squeeze, unsqueeze, narrow, slice are views', () => {
    const base = arange(6, undefined, 1, { dtype: 'float32' }).reshape([2, 3]);
    const views = [base.view([3, 2]), base.t(), base.permute([1, 0]), base.unsqueeze(0), base.unsqueeze(0).squeeze(0), base.narrow(1, 1, 2), base.slice(1, 0, 3, 2), base.slice(0, 1).expand([4, 3])];
    for (const v of views) expect(v._storage).toBe(base._storage);
  });

  it('contiguous() copies only when needed; view of a non-contiguous tensor is refused, reshape copies', () => {
    const a = zeros([2, 3]);
    expect(a.contiguous()).toBe(a);
    const t = a.t();
    expect(t.isContiguous()).toBe(false);
    expect(t.contiguous()._storage).not.toBe(a._storage);
    expect(() => t.view([6])).toThrow(/view|contiguous/);
    expect(t.reshape([6]).shape).toEqual([6]);
  });

  it('reading a strided view gives its own elements in order', () => {
    const a = arange(12).reshape([3, 4]);
    expect(a.t().tolist()).toEqual([[0, 4, 8], [1, 5, 9], [2, 6, 10], [3, 7, 11]]);
    expect(a.slice(1, 1, 4, 2).tolist()).toEqual([[1, 3], [5, 7], [9, 11]]);
    expect(a.narrow(0, 1, 2).sum().item()).toBe(4 + 5 + 6 + 7 + 8 + 9 + 10 + 11);
  });
});

describe('broadcasting', () => {
  it('binary ops broadcast like NumPy for any pair of broadcastable shapes', () => {
    fc.assert(
      fc.property(
        broadcastableShapes({ maxDims: 4, maxSize: 3 }).chain(([a, b]) => fc.tuple(tensors(a, { requiresGrad: false }), tensors(b, { requiresGrad: false }))),
        ([a, b]) => {
          const out = a.add(b);
          const nd = Math.max(a.ndim, b.ndim);
          const pa = [...Array(nd - a.ndim).fill(1), ...a.shape];
          const pb = [...Array(nd - b.ndim).fill(1), ...b.shape];
          expect(out.shape).toEqual(pa.map((d, i) => Math.max(d, pb[i]!)));
          // compare with expanding both explicitly
          const ea = a.reshape(pa).expand(out.shape).contiguous().toArray();
          const eb = b.reshape(pb).expand(out.shape).contiguous().toArray();
          expect(Array.from(out.toArray())).toEqual(Array.from(ea, (v, i) => v + eb[i]!));
        },
      ),
      { numRuns: 60, seed: 1 },
    );
  });
});

describe('shape ops', () => {
  it('cat and stack', () => {
    const a = tensor([[1, 2]]);
    const b = tensor([[3, 4]]);
    expect(cat([a, b], 0).tolist()).toEqual([[1, 2], [3, 4]]);
    expect(cat([a, b], 1).tolist()).toEqual([[1, 2, 3, 4]]);
    expect(stack([a, b], 0).shape).toEqual([2, 1, 2]);
    expect(() => cat([a, tensor([[1, 2, 3]])], 0)).toThrow(/cat/);
  });

  it('max(dim) returns values and indices, as PyTorch', () => {
    const { values, indices } = tensor([[1, 5, 2], [7, 0, 3]]).max(1);
    expect(values.tolist()).toEqual([5, 7]);
    expect(indices.tolist()).toEqual([1, 0]);
  });
});

describe('printing like PyTorch', () => {
  it('formats values, dtype and grad state', () => {
    const x = tensor([[1, 2], [3, 4]], { requiresGrad: true });
    expect(x.toString()).toBe('tensor([[1., 2.],\n        [3., 4.]], requires_grad=True)');
    expect(x.mul(2).sum().toString()).toBe('tensor(20., grad_fn=<SumBackward0>)');
    expect(tensor([1.5, -2.25, 3]).toString()).toBe('tensor([ 1.5000, -2.2500,  3.0000])');
    expect(tensor([0.1, 0.2], { dtype: 'float64' }).toString()).toBe('tensor([0.1000, 0.2000], dtype=float64)');
    expect(tensor([true, false], { dtype: 'bool' }).toString()).toBe('tensor([ True, False])');
  });
});
