import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Generator, manualSeed, tensor } from '@chainrule/autograd';
import type { Tensor } from '@chainrule/autograd';
import { BatchSampler, DataLoader, IterableDataset, RandomSampler, SequentialSampler, TensorDataset } from '@chainrule/data';

const range = (n: number): { length: number; get: (i: number) => number } => ({ length: n, get: (i: number) => i });
const epoch = (loader: DataLoader<number>): number[][] => [...loader].map((b) => b.tolist() as number[]);

describe('DataLoader over a map-style dataset', () => {
  it('without dropLast every index appears exactly once per epoch (property)', () => {
    fc.assert(
      fc.property(fc.nat(70), fc.integer({ min: 1, max: 16 }), fc.boolean(), fc.integer(), (n, batchSize, shuffle, seed) => {
        const loader = new DataLoader(range(n), { batchSize, shuffle, generator: new Generator(seed) });
        const batches = epoch(loader);
        expect(batches).toHaveLength(loader.length);
        expect(loader.length).toBe(Math.ceil(n / batchSize));
        expect(batches.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
        batches.slice(0, -1).forEach((b) => expect(b).toHaveLength(batchSize));
      }),
    );
  });

  it('dropLast drops the short last batch; length is floor(n / batchSize)', () => {
    const loader = new DataLoader(range(10), { batchSize: 4, dropLast: true });
    expect(loader.length).toBe(2);
    expect(epoch(loader)).toEqual([[0, 1, 2, 3], [4, 5, 6, 7]]);
    expect(epoch(new DataLoader(range(10), { batchSize: 4 }))).toEqual([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]);
  });

  it('a seeded generator repeats the batch order exactly; epochs differ from one another', () => {
    const make = (): DataLoader<number> => new DataLoader(range(40), { batchSize: 8, shuffle: true, generator: new Generator(123) });
    const a = make();
    const b = make();
    const a1 = epoch(a);
    const a2 = epoch(a);
    expect(epoch(b)).toEqual(a1);
    expect(epoch(b)).toEqual(a2);
    expect(a2).not.toEqual(a1);
    expect(epoch(new DataLoader(range(40), { batchSize: 8, shuffle: true, generator: new Generator(124) }))).not.toEqual(a1);
  });

  it('shuffle without a generator follows manualSeed', () => {
    manualSeed(7);
    const a = epoch(new DataLoader(range(30), { batchSize: 5, shuffle: true }));
    manualSeed(7);
    expect(epoch(new DataLoader(range(30), { batchSize: 5, shuffle: true }))).toEqual(a);
  });

  it('collates items with the default collate (tuples of tensors and numbers) or a custom collateFn', () => {
    const ds = { length: 3, get: (i: number): [Tensor, number] => [tensor([i, i + 0.5]), i % 2] };
    const batches = [...new DataLoader(ds, { batchSize: 3 })];
    expect(batches).toHaveLength(1);
    const [x, y] = batches[0]!;
    expect(x.shape).toEqual([3, 2]);
    expect(y.dtype).toBe('int32');
    expect(y.tolist()).toEqual([0, 1, 0]);
    const sums = [...new DataLoader(range(5), { batchSize: 2, collateFn: (b: number[]) => b.reduce((s, v) => s + v, 0) })];
    expect(sums).toEqual([1, 5, 4]);
  });

  it('uses getBatch when there is no collateFn, with the same result as get + collate', () => {
    const ds = new TensorDataset(tensor([[1], [2], [3], [4], [5]]), tensor([0, 1, 2, 3, 4], { dtype: 'int32' }));
    let calls = 0;
    const counting = { length: ds.length, get: (i: number) => ds.get(i), getBatch: (idx: readonly number[]) => (calls++, ds.getBatch(idx)) };
    const fast = [...new DataLoader(counting, { batchSize: 2, shuffle: true, generator: new Generator(1) })];
    const slow = [...new DataLoader({ length: ds.length, get: (i: number) => ds.get(i) }, { batchSize: 2, shuffle: true, generator: new Generator(1) })];
    expect(calls).toBe(3);
    expect(fast.map(([a, b]) => [a.tolist(), b.tolist()])).toEqual(slow.map(([a, b]) => [a.tolist(), b.tolist()]));
  });

  it('takes a sampler or a batchSampler', () => {
    const rev = { length: 4, *[Symbol.iterator]() { yield* [3, 2, 1, 0]; } };
    expect(epoch(new DataLoader(range(4), { sampler: rev, batchSize: 3 }))).toEqual([[3, 2, 1], [0]]);
    const bs = new BatchSampler(new SequentialSampler({ length: 5 }), 2, true);
    const loader = new DataLoader(range(5), { batchSampler: bs });
    expect(loader.length).toBe(2);
    expect(epoch(loader)).toEqual([[0, 1], [2, 3]]);
    expect(epoch(new DataLoader(range(3), { batchSampler: [[2, 0], [1]] }))).toEqual([[2, 0], [1]]);
  });

  it('batchSize null yields the items one by one', () => {
    expect([...new DataLoader(range(3), { batchSize: null })]).toEqual([0, 1, 2]);
  });

  it('refuses options that exclude each other, with PyTorch messages', () => {
    const s = new SequentialSampler({ length: 3 });
    const bs = new BatchSampler(s, 2, false);
    expect(() => new DataLoader(range(3), { sampler: s, shuffle: true })).toThrow(/sampler option is mutually exclusive with shuffle/);
    const excl = /batchSampler option is mutually exclusive with batchSize, shuffle, sampler, and dropLast/;
    expect(() => new DataLoader(range(3), { batchSampler: bs, batchSize: 2 })).toThrow(excl);
    expect(() => new DataLoader(range(3), { batchSampler: bs, shuffle: true })).toThrow(excl);
    expect(() => new DataLoader(range(3), { batchSampler: bs, sampler: s })).toThrow(excl);
    expect(() => new DataLoader(range(3), { batchSampler: bs, dropLast: true })).toThrow(excl);
    expect(() => new DataLoader(range(3), { batchSampler: bs, batchSize: 1 })).not.toThrow();
    expect(() => new DataLoader(range(3), { batchSize: null, dropLast: true })).toThrow(/disables auto-batching and is mutually exclusive with dropLast/);
    expect(() => new DataLoader(range(3), { batchSize: 0 })).toThrow(/batchSize should be a positive integer value, but got batchSize=0/);
    expect(() => new DataLoader({} as never)).toThrow(TypeError);
  });

  it('a sampler without length gives a loader without length', () => {
    const loader = new DataLoader(range(3), { sampler: { *[Symbol.iterator]() { yield* [0, 1, 2]; } }, batchSize: 2 });
    expect(epoch(loader)).toEqual([[0, 1], [2]]);
    expect(() => loader.length).toThrow(/has no length/);
  });
});

describe('DataLoader over an IterableDataset', () => {
  class Count extends IterableDataset<number> {
    constructor(readonly n: number) {
      super();
    }
    override *[Symbol.iterator](): Iterator<number> {
      for (let i = 0; i < this.n; i++) yield i;
    }
  }

  it('batches in stream order, with dropLast', () => {
    expect([...new DataLoader(new Count(5), { batchSize: 2 })].map((b) => b.tolist())).toEqual([[0, 1], [2, 3], [4]]);
    expect([...new DataLoader(new Count(5), { batchSize: 2, dropLast: true })].map((b) => b.tolist())).toEqual([[0, 1], [2, 3]]);
    expect(() => new DataLoader(new Count(5)).length).toThrow(/has no length/);
  });

  it('refuses shuffle, sampler and batchSampler', () => {
    expect(() => new DataLoader(new Count(3), { shuffle: true })).toThrow(/IterableDataset: expected unspecified shuffle option/);
    expect(() => new DataLoader(new Count(3), { sampler: [0] })).toThrow(/IterableDataset: expected unspecified sampler option/);
    expect(() => new DataLoader(new Count(3), { batchSampler: [[0]] })).toThrow(/IterableDataset: expected unspecified batchSampler option/);
  });

  it('for await batches an asynchronous stream; for...of refuses it', async () => {
    class Slow extends IterableDataset<number> {
      override async *[Symbol.asyncIterator](): AsyncIterator<number> {
        for (let i = 0; i < 5; i++) {
          await new Promise((r) => setTimeout(r, 1));
          yield i * 10;
        }
      }
    }
    const got: number[][] = [];
    for await (const b of new DataLoader(new Slow(), { batchSize: 2 })) got.push(b.tolist() as number[]);
    expect(got).toEqual([[0, 10], [20, 30], [40]]);
    expect(() => [...new DataLoader(new Slow(), { batchSize: 2 })]).toThrow(/asynchronous; iterate it with for await/);
  });
});

describe('DataLoader with for await', () => {
  it('awaits items that are Promises and gives the same batches as for...of on plain items', async () => {
    const asyncDs = { length: 7, get: async (i: number) => i * 2 };
    const got: number[][] = [];
    // the batch type is that of the awaited items (a Tensor here), not of their Promises
    for await (const b of new DataLoader(asyncDs, { batchSize: 3, shuffle: true, generator: new Generator(9) })) {
      const batch: Tensor = b;
      got.push(batch.tolist() as number[]);
    }
    const plain = [...new DataLoader({ length: 7, get: (i: number) => i * 2 }, { batchSize: 3, shuffle: true, generator: new Generator(9) })];
    expect(got).toEqual(plain.map((b) => b.tolist()));
    expect(() => [...new DataLoader(asyncDs, { batchSize: 3 })]).toThrow(/returned a Promise; iterate the loader with for await/);
  });

  it('RandomSampler given as sampler behaves like shuffle', () => {
    const viaSampler = epoch(new DataLoader(range(20), { batchSize: 6, sampler: new RandomSampler({ length: 20 }, { generator: new Generator(2) }) }));
    const viaShuffle = epoch(new DataLoader(range(20), { batchSize: 6, shuffle: true, generator: new Generator(2) }));
    expect(viaSampler).toEqual(viaShuffle);
  });
});
