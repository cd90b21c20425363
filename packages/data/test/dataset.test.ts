import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Generator, tensor } from '@chainrule/autograd';
import { ConcatDataset, Dataset, IterableDataset, Subset, TensorDataset, randomSplit } from '@chainrule/data';

const range = (n: number): { length: number; get: (i: number) => number } => ({ length: n, get: (i: number) => i });

describe('TensorDataset', () => {
  const x = tensor([[1, 2], [3, 4], [5, 6]]);
  const y = tensor([0, 1, 2], { dtype: 'int32' });
  const ds = new TensorDataset(x, y);

  it('get returns row i of every tensor, negative indices from the end', () => {
    expect(ds.length).toBe(3);
    const [xi, yi] = ds.get(1);
    expect(xi.tolist()).toEqual([3, 4]);
    expect(yi.item()).toBe(1);
    expect(yi.dtype).toBe('int32');
    expect(ds.get(-1)[0].tolist()).toEqual([5, 6]);
  });

  it('getBatch equals stacking the rows', () => {
    const [xb, yb] = ds.getBatch([2, 0, 2]);
    expect(xb.shape).toEqual([3, 2]);
    expect(xb.tolist()).toEqual([[5, 6], [1, 2], [5, 6]]);
    expect(yb.tolist()).toEqual([2, 0, 2]);
  });

  it('refuses out-of-range indices, no tensors, 0-d tensors and mismatched first dimensions', () => {
    expect(() => ds.get(3)).toThrow(/index 3 is out of range for a dataset of length 3/);
    expect(() => ds.get(1.5)).toThrow(RangeError);
    expect(() => ds.getBatch([0, 7])).toThrow(/index 7/);
    expect(() => new TensorDataset()).toThrow(/at least one tensor/);
    expect(() => new TensorDataset(tensor(3))).toThrow(/0-dimensional/);
    expect(() => new TensorDataset(x, tensor([1, 2]))).toThrow(/Size mismatch between tensors: tensor 0 has 3 rows, tensor 1 has 2/);
  });
});

describe('Dataset and IterableDataset', () => {
  it('a Dataset subclass works through length and get', () => {
    class Squares extends Dataset<[number, number]> {
      get length(): number {
        return 4;
      }
      get(i: number): [number, number] {
        return [i, i * i];
      }
    }
    expect(new Squares().get(3)).toEqual([3, 9]);
  });

  it('an IterableDataset that only implements asyncIterator refuses sync iteration', async () => {
    class Lines extends IterableDataset<string> {
      override async *[Symbol.asyncIterator](): AsyncIterator<string> {
        yield 'a';
        yield 'b';
      }
    }
    expect(() => [...new Lines()]).toThrow(/asynchronous; iterate it with for await/);
    const got: string[] = [];
    for await (const s of new Lines()) got.push(s);
    expect(got).toEqual(['a', 'b']);
  });
});

describe('Subset', () => {
  it('maps positions through indices and forwards getBatch only when the dataset has it', () => {
    const s = new Subset(range(10), [5, 7, 9]);
    expect(s.length).toBe(3);
    expect(s.get(0)).toBe(5);
    expect(s.get(-1)).toBe(9);
    expect(() => s.get(3)).toThrow(/Subset.get: index 3/);
    expect(s.getBatch).toBeUndefined();
    const t = new TensorDataset(tensor([10, 11, 12, 13]));
    const sub = new Subset(t, [3, 1]);
    expect(typeof sub.getBatch).toBe('function');
    expect((sub.getBatch!([1, 0]) as [ReturnType<typeof tensor>])[0].tolist()).toEqual([11, 13]);
    expect(() => sub.getBatch!([2])).toThrow(/Subset.getBatch: index 2/);
  });
});

describe('ConcatDataset', () => {
  it('indexes across the parts (property: equals the concatenated arrays)', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.integer(), { maxLength: 6 }), { minLength: 1, maxLength: 5 }), (parts) => {
        const flat = parts.flat();
        const ds = new ConcatDataset(parts.map((p) => ({ length: p.length, get: (i: number) => p[i]! })));
        expect(ds.length).toBe(flat.length);
        expect(Array.from({ length: ds.length }, (_, i) => ds.get(i))).toEqual(flat);
        if (flat.length > 0) expect(ds.get(-1)).toBe(flat[flat.length - 1]);
      }),
    );
  });

  it('refuses an empty list and iterable datasets', () => {
    expect(() => new ConcatDataset([])).toThrow(/should not be an empty iterable/);
    class It extends IterableDataset<number> {
      override *[Symbol.iterator](): Iterator<number> {
        yield 1;
      }
    }
    expect(() => new ConcatDataset([new It() as never])).toThrow(/does not support IterableDataset/);
  });
});

describe('randomSplit', () => {
  it('partitions the dataset: every index exactly once, sizes as asked (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(20), { minLength: 1, maxLength: 5 }), fc.integer(), (counts, seed) => {
        const n = counts.reduce((a, b) => a + b, 0);
        const parts = randomSplit(range(n), counts, new Generator(seed));
        expect(parts.map((p) => p.length)).toEqual(counts);
        const all = parts.flatMap((p) => Array.from({ length: p.length }, (_, i) => p.get(i)));
        expect(all.sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
      }),
    );
  });

  it('fractions: floor each part, then deal the remainder round-robin (PyTorch rule)', () => {
    // PyTorch: random_split(range(10), [0.33, 0.33, 0.34]) gives sizes [4, 3, 3]
    expect(randomSplit(range(10), [0.33, 0.33, 0.34], new Generator(0)).map((p) => p.length)).toEqual([4, 3, 3]);
    expect(randomSplit(range(5), [0.5, 0.5], new Generator(0)).map((p) => p.length)).toEqual([3, 2]);
    expect(randomSplit(range(100), [0.8, 0.2], new Generator(0)).map((p) => p.length)).toEqual([80, 20]);
  });

  it('repeats with the same seed and differs with another', () => {
    const a = randomSplit(range(50), [25, 25], new Generator(3))[0]!.indices;
    const b = randomSplit(range(50), [25, 25], new Generator(3))[0]!.indices;
    const c = randomSplit(range(50), [25, 25], new Generator(4))[0]!.indices;
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('refuses negative lengths, bad fractions and counts that do not add up', () => {
    expect(() => randomSplit(range(10), [-1, 11])).toThrow(/finite and non-negative/);
    expect(() => randomSplit(range(10), [0.5, 0.4])).toThrow(/fractions must sum to 1, got 0.9/);
    expect(() => randomSplit(range(10), [3, 4])).toThrow(/Sum of input lengths \(7\) does not equal the length of the input dataset \(10\)/);
  });
});
