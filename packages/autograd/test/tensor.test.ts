/**
 * Tensors as a PyTorch user meets them: creation, dtypes, views over shared storage, broadcasting,
 * read-out, printing, seeded randomness, and the errors bad input gets.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arange, cat, eye, full, Generator, linspace, manualSeed, ones, rand, randint, randn, randperm, stack, Tensor, tensor, zeros, zerosLike } from '@chainrule/autograd';
import * as A from '@chainrule/autograd';
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

  it('cat refuses 0-dim tensors and skips 1-D empty ones, as PyTorch', () => {
    expect(() => cat([tensor(1), tensor(2)])).toThrow(/zero-dimensional tensor \(at position 0\)/);
    expect(cat([tensor([]), tensor([[1, 2]])]).tolist()).toEqual([[1, 2]]);
    expect(cat([tensor([]), tensor([[1, 2]], { dtype: 'float64' })], 1).dtype).toBe('float64');
    expect(cat([tensor([]), tensor([])]).shape).toEqual([0]);
  });

  it('0-dim tensors: max/min along dim 0 and gather work as PyTorch; slicing ops refuse', () => {
    const s = tensor(2, { dtype: 'float64', requiresGrad: true });
    const { values, indices } = s.max(0);
    expect([values.shape, values.item(), indices.shape, indices.item()]).toEqual([[], 2, [], 0]);
    values.backward();
    expect(s.grad!.item()).toBe(1);
    expect(s.gather(0, tensor(0, { dtype: 'int32' })).item()).toBe(2);
    for (const f of [() => s.narrow(0, 0, 1), () => s.slice(0, 0, 1), () => s.split(1), () => s.chunk(1), () => s.indexSelect(0, tensor([0], { dtype: 'int32' }))]) {
      expect(f).toThrow(/cannot be applied to a 0-dim tensor/);
    }
  });

  it('select, repeat, flip, maskedFill, all, any, rsqrt: values and errors as PyTorch', () => {
    const m = tensor([[1, 2, 3], [4, 5, 6]]);
    expect(m.select(0, -1).tolist()).toEqual([4, 5, 6]);
    expect(m.select(1, 0).tolist()).toEqual([1, 4]);
    expect(m.select(0, 1)._storage).toBe(m._storage); // a view
    expect(() => m.select(1, 3)).toThrow('select(): index 3 out of range for tensor of size [2, 3] at dimension 1');
    expect(() => tensor(1).select(0, 0)).toThrow(/0-dim/);
    expect(tensor([[1, 2]]).repeat([2, 1, 2]).tolist()).toEqual([[[1, 2, 1, 2]], [[1, 2, 1, 2]]]);
    expect(tensor([1, 2]).repeat([0]).shape).toEqual([0]);
    expect(() => m.repeat([2])).toThrow('repeat: number of repeat dims (1) can not be smaller than number of dimensions of tensor (2)');
    expect(arange(6).reshape([2, 3]).flip(-1).tolist()).toEqual([[2, 1, 0], [5, 4, 3]]);
    expect(() => m.flip([0, -2])).toThrow(/dims has duplicates/);
    expect(m.flip([]).tolist()).toEqual(m.tolist());
    const mask = tensor([true, false, true]);
    expect(m.maskedFill(mask, 0).tolist()).toEqual([[0, 2, 0], [0, 5, 0]]);
    expect(tensor([1, 2, 3], { dtype: 'int32' }).maskedFill(mask, 9.7).tolist()).toEqual([9, 2, 9]);
    expect(m.maskedFill(tensor([[true], [false]]), tensor(-1)).tolist()).toEqual([[-1, -1, -1], [4, 5, 6]]);
    expect(() => m.maskedFill(tensor([1, 0, 1]), 0)).toThrow('maskedFill: only supports boolean masks, but got mask with dtype float32');
    expect(() => m.maskedFill(mask, tensor([1, 2]))).toThrow(/0-dimensional value tensor/);
    expect(() => m.maskedFill(tensor([true, false]), 0)).toThrow(/cannot be broadcast/);
    expect([m.all().item(), m.sub(1).all().item(), m.sub(1).any(1).tolist(), zeros([0]).all().item(), zeros([0]).any().item()]).toEqual([1, 0, [true, true], 1, 0]);
    expect(tensor([NaN, 0]).any().item()).toBe(1);
    expect(m.sub(1).all(0, true).tolist()).toEqual([[false, true, true]]);
    expect(Array.from(tensor([4, 0.25], { dtype: 'float64' }).rsqrt().toArray())).toEqual([0.5, 2]);
    expect(arange(12).reshape([3, 4]).tril(1).tolist()).toEqual([[0, 1, 0, 0], [4, 5, 6, 0], [8, 9, 10, 11]]);
    expect(arange(12).reshape([3, 4]).triu(-1).tolist()).toEqual([[0, 1, 2, 3], [4, 5, 6, 7], [0, 9, 10, 11]]);
    expect(arange(8).reshape([2, 2, 2]).triu().tolist()).toEqual([[[0, 1], [0, 3]], [[4, 5], [0, 7]]]);
    expect(() => arange(3).tril()).toThrow('tril: input tensor must have at least 2 dimensions, got shape [3]');
  });

  it('split and chunk refuse sizes and counts PyTorch refuses, with a message that names them', () => {
    const x = arange(5);
    expect(() => x.chunk(0)).toThrow('chunk: expects `chunks` to be a positive integer, got: 0');
    expect(() => x.chunk(1.5)).toThrow(/chunks.*1\.5/);
    expect(() => x.split(0)).toThrow('split_size can only be 0 if dimension size is 0, but got dimension size of 5');
    expect(() => x.split(-1)).toThrow(/non-negative integer, got -1/);
    expect(() => x.split([2, -1, 4])).toThrow(/non-negative integers, got \[2, -1, 4\]/);
    expect(zeros([0]).split(0).map((t) => t.shape)).toEqual([[0]]);
    expect(x.chunk(3).map((t) => t.tolist())).toEqual([[0, 1], [2, 3], [4]]);
  });

  it('reductions over an empty dim: sum 0, prod 1, logsumexp -inf; max refuses', () => {
    const e = zeros([2, 0]);
    expect(e.sum(1).tolist()).toEqual([0, 0]);
    expect(e.prod(1).tolist()).toEqual([1, 1]);
    expect(e.logsumexp(1).tolist()).toEqual([-Infinity, -Infinity]);
    expect(() => e.amax(1)).toThrow(/cannot reduce over a dim of size 0/);
  });

  it('matmul with a size-0 dim gives zeros of the right shape', () => {
    expect(zeros([2, 0]).matmul(zeros([0, 3])).tolist()).toEqual([[0, 0, 0], [0, 0, 0]]);
    expect(zeros([4, 2, 0]).matmul(zeros([0, 3])).shape).toEqual([4, 2, 3]);
    expect(zeros([0, 2, 5]).matmul(zeros([1, 5, 3])).shape).toEqual([0, 2, 3]);
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
    // PyTorch's node classes where the primitive has another name
    expect(x.clone().toString()).toMatch(/grad_fn=<CloneBackward0>\)$/);
    expect(x.t().contiguous().toString()).toMatch(/grad_fn=<CloneBackward0>\)$/);
    expect(x.double().toString()).toMatch(/dtype=torch.float64, grad_fn=<ToCopyBackward0>\)$/);
    expect(tensor([1.5, -2.25, 3]).toString()).toBe('tensor([ 1.5000, -2.2500,  3.0000])');
    expect(tensor([0.1, 0.2], { dtype: 'float64' }).toString()).toBe('tensor([0.1000, 0.2000], dtype=torch.float64)');
    expect(tensor([1, -2], { dtype: 'int32' }).toString()).toBe('tensor([ 1, -2], dtype=torch.int32)');
    expect(tensor([true, false], { dtype: 'bool' }).toString()).toBe('tensor([ True, False])');
  });

  it('switches to scientific notation where PyTorch does', () => {
    expect(tensor([0.001, 2]).toString()).toBe('tensor([1.0000e-03, 2.0000e+00])');
    expect(tensor([1, 2000]).toString()).toBe('tensor([1.0000e+00, 2.0000e+03])');
    expect(tensor([1e-5]).toString()).toBe('tensor([1.0000e-05])');
    expect(tensor([NaN, 1, Infinity]).toString()).toBe('tensor([nan, 1., inf])');
  });

  it('wraps rows at 80 columns and summarises tensors of more than 1000 elements', () => {
    expect(arange(12, undefined, 1, { dtype: 'float32' }).div(7).toString()).toBe(
      'tensor([0.0000, 0.1429, 0.2857, 0.4286, 0.5714, 0.7143, 0.8571, 1.0000, 1.1429,\n        1.2857, 1.4286, 1.5714])',
    );
    expect(arange(2000, undefined, 1, { dtype: 'float32' }).toString()).toBe(
      'tensor([0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 1.9970e+03, 1.9980e+03,\n        1.9990e+03])',
    );
    const m = arange(2000).reshape([100, 20]).toString().split('\n');
    expect(m[0]).toBe('tensor([[   0,    1,    2,  ...,   17,   18,   19],');
    expect(m[3]).toBe('        ...,');
    expect(m[6]).toBe('        [1980, 1981, 1982,  ..., 1997, 1998, 1999]], dtype=torch.int32)');
  });

  it("rounds exact ties to even, as Python's format does (toFixed would round them up)", () => {
    const d = { dtype: 'float64' } as const;
    expect(tensor([1.40625, -1.40635, 0.5, 99.99995], d).toString()).toBe('tensor([ 1.4062, -1.4063,  0.5000, 99.9999], dtype=torch.float64)');
    expect(tensor([1.40625, 0.00005, 1e30], d).toString()).toBe('tensor([1.4062e+00, 5.0000e-05, 1.0000e+30], dtype=torch.float64)');
    expect(tensor([-0, 1.5], d).toString()).toBe('tensor([-0.0000, 1.5000], dtype=torch.float64)');
  });

  it('console.log / util.inspect show the PyTorch text, not the object fields', async () => {
    const { inspect } = await import('node:util');
    expect(inspect(tensor([1, 2]))).toBe('tensor([1., 2.])');
  });

  it('prints empty tensors with their size', () => {
    expect(zeros([0]).toString()).toBe('tensor([])');
    expect(zeros([0, 3], { dtype: 'float64' }).toString()).toBe('tensor([], size=(0, 3), dtype=torch.float64)');
  });
});

describe('type promotion as PyTorch (result_type)', () => {
  const f64 = (v: number | number[]): ReturnType<typeof tensor> => tensor(v, { dtype: 'float64' });
  it('a 0-dim tensor of a higher dtype in the same category does not promote a tensor with dims', () => {
    expect(tensor([1, 2]).add(f64(0.5)).dtype).toBe('float32');
    expect(tensor([1, 2]).mul(f64([0.5])).dtype).toBe('float64');
    expect(tensor(1).add(f64(0.5)).dtype).toBe('float64');
  });
  it('a higher category always promotes: int with a float 0-dim tensor or a float scalar', () => {
    expect(tensor([1], { dtype: 'int32' }).add(f64(0.5)).dtype).toBe('float64');
    expect(tensor([1], { dtype: 'int32' }).mul(2.5).dtype).toBe('float32');
    expect(tensor([1], { dtype: 'int32' }).mul(2).dtype).toBe('int32');
    expect(tensor([true]).add(1).dtype).toBe('int32');
    expect(f64([1]).mul(0.1).dtype).toBe('float64');
  });
  it('bool arithmetic: + is logical or, - and neg are refused', () => {
    const a = tensor([true, true, false]);
    const b = tensor([true, false, false]);
    expect(a.add(b).dtype).toBe('bool');
    expect(a.add(b).sum().item()).toBe(2);
    expect(a.mul(b).tolist()).toEqual([true, false, false]);
    expect(() => a.sub(b)).toThrow(/sub.*bool/);
    expect(() => a.neg()).toThrow(/neg.*bool/);
  });
  it('sum and prod of bool count in int32', () => {
    expect(tensor([true, true]).sum().dtype).toBe('int32');
    expect(tensor([true, true]).prod().dtype).toBe('int32');
    expect(tensor([true, true]).prod().item()).toBe(1);
  });
  it('in-place ops refuse a result of a higher kind (float into int32, int into bool), as PyTorch', () => {
    expect(() => tensor([1, 2], { dtype: 'int32' }).div_(2)).toThrow("div_: result type float32 can't be cast to the desired output type int32");
    expect(() => tensor([1, 2], { dtype: 'int32' }).mul_(1.5)).toThrow(/mul_: result type float32/);
    expect(() => tensor([true]).add_(tensor([1], { dtype: 'int32' }))).toThrow(/add_: result type int32 can't be cast to the desired output type bool/);
    expect(tensor([1, 2], { dtype: 'int32' }).add_(3).tolist()).toEqual([4, 5]);
    // fill_ and copy_ convert, as PyTorch's
    expect(tensor([1, 2], { dtype: 'int32' }).fill_(2.7).tolist()).toEqual([2, 2]);
    expect(tensor([0, 0], { dtype: 'int32' }).copy_(tensor([1.9, -1.9])).tolist()).toEqual([1, -1]);
  });

  it('matmul refuses bool operands, as PyTorch', () => {
    expect(() => tensor([[true]]).matmul(tensor([[true]]))).toThrow('matmul: not implemented for bool operands');
  });

  it('integers to negative integer powers are refused', () => {
    expect(tensor([2], { dtype: 'int32' }).pow(2).tolist()).toEqual([4]);
    expect(() => tensor([2], { dtype: 'int32' }).pow(-1)).toThrow(/negative integer powers/);
    expect(() => tensor([2], { dtype: 'int32' }).pow(tensor([1, -1], { dtype: 'int32' }))).toThrow(/negative integer powers/);
    expect(tensor([4], { dtype: 'int32' }).pow(-0.5).tolist()).toEqual([0.5]);
  });
});

describe('every op of the API is a method and a function, under its PyTorch name', () => {
  const ops = `add sub mul div pow neg exp log sqrt abs sin cos tanh sigmoid relu leakyRelu gelu softplus elu silu square
    reciprocal log1p clamp maximum minimum eq ne lt le gt ge sum mean max min prod var std norm logsumexp argmax argmin
    amax amin matmul mm bmm dot outer reshape transpose t permute squeeze unsqueeze narrow flatten split chunk
    indexSelect gather scatterAdd softmax logSoftmax clone sign erf logicalAnd logicalOr logicalNot isfinite isnan`.split(/\s+/);
  it.each(ops)('%s', (name) => {
    expect(typeof (A.Tensor.prototype as unknown as Record<string, unknown>)[name]).toBe('function');
    expect(typeof (A as unknown as Record<string, unknown>)[name]).toBe('function');
  });
  it('the function calls the method: torch.var(x) is A.var(x)', () => {
    const x = tensor([1, 2, 4], { dtype: 'float64' });
    expect((A as unknown as { var: (t: A.Tensor) => A.Tensor }).var(x).item()).toBe(x.var().item());
    expect(A.where(x.gt(1), x, 0).tolist()).toEqual([0, 2, 4]);
  });
});

describe('in-place arithmetic', () => {
  it('add_, sub_, mul_, div_ give the out-of-place result in the tensor itself (views included), and bump its version', () => {
    const make = (): Tensor => randn([4, 5], { dtype: 'float64', generator: new Generator(1) });
    const other = randn([5], { dtype: 'float64', generator: new Generator(2) });
    for (const op of ['add', 'sub', 'mul', 'div'] as const) {
      for (const arg of [other, 2.5, tensor(3, { dtype: 'float32' })]) {
        const x = make();
        const want = x[op](arg).tolist();
        const data = x.data;
        const v = x._storage.version;
        x[`${op}_`](arg);
        expect(x.tolist()).toEqual(want);
        expect(x.data).toBe(data);
        expect(x._storage.version).toBe(v + 1);
        const t = make().t(); // strided: the same values
        t[`${op}_`](arg instanceof Tensor && arg.ndim === 1 ? arg.unsqueeze(1) : arg);
        expect(t.t().tolist()).toEqual(make()[op](arg instanceof Tensor && arg.ndim === 1 ? arg.unsqueeze(1).t() : arg).tolist());
      }
    }
    const x = make();
    expect(x.add_(other, { alpha: -0.5 }).tolist()).toEqual(make().add(other.mul(-0.5)).tolist());
  });

  it('reads a source that overlaps the target before writing it', () => {
    const a = randn([6, 6], { generator: new Generator(3) });
    const want = a.add(a.t()).tolist();
    a.add_(a.t()); // the source is the target, transposed
    expect(a.tolist()).toEqual(want);
    const b = randn([8], { generator: new Generator(4) });
    const wantB = b.mul(b).tolist();
    expect(b.mul_(b).tolist()).toEqual(wantB);
  });

  it('keeps the dtype of the target, as PyTorch (float32 += float64 stays float32; int += float is refused)', () => {
    const i = tensor([1, 2, 3], { dtype: 'int32' });
    expect(() => i.add_(tensor([0.5, 0.5, 0.5]))).toThrow("add_: result type float32 can't be cast to the desired output type int32");
    expect(i.tolist()).toEqual([1, 2, 3]);
    const f = tensor([1, 2, 3]);
    f.add_(tensor([1, 1, 1], { dtype: 'float64' }));
    expect(f.dtype).toBe('float32');
    expect(f.tolist()).toEqual([2, 3, 4]);
  });
});
