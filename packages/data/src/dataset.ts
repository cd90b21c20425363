/**
 * Datasets: the map-style {@link Dataset} (`length` and `get(i)`), the stream-style
 * {@link IterableDataset}, and the combinators of `torch.utils.data`: {@link TensorDataset},
 * {@link Subset}, {@link ConcatDataset} and {@link randomSplit}.
 * @module
 */
import { defaultGenerator, randperm, tensor } from '@chainrule/autograd';
import type { Generator, Tensor } from '@chainrule/autograd';

/**
 * A map-style dataset, like `torch.utils.data.Dataset`: `length` items, item `i` read with
 * `get(i)`. Subclass it, or pass any object with the same two members (the type is structural).
 *
 * A dataset may also offer `getBatch(indices)`, which returns an already collated batch; the
 * {@link DataLoader} then calls it once per batch instead of `get` per item (when no custom
 * `collateFn` is given). {@link TensorDataset} does so with one gather per tensor.
 *
 * @typeParam T - the item type.
 * @example
 * ```ts
 * import { Dataset } from '@chainrule/data';
 * class Squares extends Dataset<[number, number]> {
 *   get length() { return 10; }
 *   get(i: number): [number, number] { return [i, i * i]; }
 * }
 * new Squares().get(3); // [3, 9]
 * ```
 */
export abstract class Dataset<T> {
  /** The number of items. */
  abstract get length(): number;

  /**
   * Reads one item; what a subclass implements (with `length`).
   * @param index - the position, `0 <= index < length`.
   * @returns the item.
   * @example
   * ```ts
   * import { Dataset } from '@chainrule/data';
   * class Letters extends Dataset<string> {
   *   get length() { return 26; }
   *   get(i: number): string { return String.fromCharCode(97 + i); }
   * }
   * new Letters().get(2); // 'c'
   * ```
   */
  abstract get(index: number): T;
}

/**
 * What {@link Dataset} requires, for objects that do not extend it.
 * @typeParam T - the item type.
 * @example
 * ```ts
 * import type { MapDataset } from '@chainrule/data';
 * const ds: MapDataset<number> = { length: 3, get: (i) => i * 10 };
 * ```
 */
export interface MapDataset<T> {
  /** The number of items. */
  readonly length: number;
  /**
   * Reads one item.
   * @param index - the position.
   * @returns the item.
   */
  get(index: number): T;
  /**
   * Optional: reads a whole batch, already collated (used by {@link DataLoader} with the default
   * collate function).
   * @param indices - the positions.
   * @returns the collated batch.
   */
  getBatch?(indices: readonly number[]): unknown;
}

/**
 * A stream-style dataset, like `torch.utils.data.IterableDataset`: items come from iterating it,
 * synchronously or asynchronously, and there is no random access. Subclass it and implement
 * `[Symbol.iterator]` (or `[Symbol.asyncIterator]` for a source that awaits, such as a file read
 * line by line; such a dataset is then only usable with `for await`).
 *
 * A {@link DataLoader} batches an iterable dataset in stream order; it refuses `shuffle`,
 * `sampler` and `batchSampler`, as PyTorch does.
 *
 * @typeParam T - the item type.
 * @example
 * ```ts
 * import { IterableDataset, DataLoader } from '@chainrule/data';
 * class Counter extends IterableDataset<number> {
 *   override *[Symbol.iterator]() { for (let i = 0; i < 5; i++) yield i; }
 * }
 * [...new DataLoader(new Counter(), { batchSize: 2 })].map((b) => b.tolist()); // [[0, 1], [2, 3], [4]]
 * ```
 */
export abstract class IterableDataset<T> {
  /**
   * Iterates the items synchronously. The default throws: override it, or override
   * `[Symbol.asyncIterator]` instead.
   * @returns an iterator over the items.
   * @throws TypeError when the subclass implements only `[Symbol.asyncIterator]`.
   * @example
   * ```ts
   * import { IterableDataset } from '@chainrule/data';
   * class Evens extends IterableDataset<number> {
   *   override *[Symbol.iterator]() { for (let i = 0; i < 6; i += 2) yield i; }
   * }
   * [...new Evens()]; // [0, 2, 4]
   * ```
   */
  [Symbol.iterator](): Iterator<T> {
    throw new TypeError(`${this.constructor.name}: this IterableDataset is asynchronous; iterate it with for await`);
  }

  /**
   * Iterates the items asynchronously. The default wraps `[Symbol.iterator]`; override this one
   * for a source that awaits.
   * @returns an async iterator over the items.
   * @throws TypeError when the subclass implements neither iterator.
   * @example
   * ```ts
   * import { IterableDataset } from '@chainrule/data';
   * class Lines extends IterableDataset<string> {
   *   override async *[Symbol.asyncIterator]() {
   *     for (const line of ['a', 'b']) yield await Promise.resolve(line);
   *   }
   * }
   * const lines: string[] = [];
   * for await (const line of new Lines()) lines.push(line);
   * lines; // ['a', 'b']
   * ```
   */
  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    const it = this[Symbol.iterator]();
    for (let r = it.next(); r.done !== true; r = it.next()) yield r.value;
  }
}

/**
 * Checks an index against a length, accepting negative indices from the end as Python does.
 * @param index - the index.
 * @param length - the number of items.
 * @param who - the caller's name for the message.
 * @returns the index in `[0, length)`.
 * @throws RangeError when the index is not an integer or is out of range.
 * @internal
 */
export function checkIndex(index: number, length: number, who: string): number {
  const i = index < 0 ? index + length : index;
  if (!Number.isInteger(index) || i < 0 || i >= length) {
    throw new RangeError(`${who}: index ${index} is out of range for a dataset of length ${length}`);
  }
  return i;
}

/**
 * A dataset over tensors that share their first dimension: item `i` is the array of each
 * tensor's row `i`, like `torch.utils.data.TensorDataset`. Rows are views (no copy).
 *
 * It offers the batched fast path `getBatch`, so a {@link DataLoader} fetches a whole batch with
 * one gather per tensor; the result equals stacking the rows.
 *
 * @typeParam T - the tuple of tensors (inferred from the arguments).
 * @example
 * ```ts
 * import { tensor } from '@chainrule/autograd';
 * import { TensorDataset } from '@chainrule/data';
 * const ds = new TensorDataset(tensor([[1, 2], [3, 4], [5, 6]]), tensor([0, 1, 0], { dtype: 'int32' }));
 * ds.length; // 3
 * const [x, y] = ds.get(1);
 * x; // tensor([3., 4.])
 * y; // tensor(1, dtype=torch.int32)
 * ```
 */
export class TensorDataset<T extends Tensor[] = Tensor[]> extends Dataset<T> {
  /** The tensors, as given. */
  readonly tensors: T;

  /**
   * @param tensors - one or more tensors with the same size in dimension 0.
   * @throws RangeError when no tensor is given, a tensor is 0-dimensional, or the first
   *   dimensions differ ("Size mismatch between tensors", as PyTorch words it).
   */
  constructor(...tensors: T) {
    super();
    if (tensors.length === 0) throw new RangeError('TensorDataset: expects at least one tensor');
    const n = tensors[0]!.shape[0];
    tensors.forEach((t, k) => {
      if (t.ndim === 0) throw new RangeError(`TensorDataset: tensor ${k} is 0-dimensional; every tensor needs a first dimension`);
      if (t.shape[0] !== n) {
        throw new RangeError(`TensorDataset: Size mismatch between tensors: tensor 0 has ${n} rows, tensor ${k} has ${t.shape[0]}`);
      }
    });
    this.tensors = tensors;
  }

  /** The number of rows. */
  get length(): number {
    return this.tensors[0]!.shape[0]!;
  }

  /**
   * Row `index` of every tensor.
   * @param index - the row; negative counts from the end.
   * @returns one view per tensor.
   * @throws RangeError when the index is out of range.
   * @example
   * ```ts
   * import { tensor } from '@chainrule/autograd';
   * import { TensorDataset } from '@chainrule/data';
   * const ds = new TensorDataset(tensor([[1, 2], [3, 4]]), tensor([0, 1], { dtype: 'int32' }));
   * const [x, y] = ds.get(-1); // the last row
   * x; // tensor([3., 4.])
   * y; // tensor(1, dtype=torch.int32)
   * ```
   */
  get(index: number): T {
    const i = checkIndex(index, this.length, 'TensorDataset.get');
    return this.tensors.map((t) => t.narrow(0, i, 1).squeeze(0)) as T;
  }

  /**
   * Rows `indices` of every tensor, gathered in one step (the batch the default collate would build).
   * @param indices - the rows; negative counts from the end.
   * @returns one tensor per input tensor, with first dimension `indices.length`.
   * @throws RangeError when an index is out of range.
   * @example
   * ```ts
   * import { tensor } from '@chainrule/autograd';
   * import { TensorDataset } from '@chainrule/data';
   * const ds = new TensorDataset(tensor([[1, 2], [3, 4], [5, 6]]), tensor([0, 1, 0], { dtype: 'int32' }));
   * const [xb, yb] = ds.getBatch([2, 0]);
   * xb; // tensor([[5., 6.], [1., 2.]])
   * yb; // tensor([0, 0], dtype=torch.int32)
   * ```
   */
  getBatch(indices: readonly number[]): T {
    const n = this.length;
    const idx = new Int32Array(indices.length);
    indices.forEach((k, j) => (idx[j] = checkIndex(k, n, 'TensorDataset.getBatch')));
    const index = tensor(idx, { dtype: 'int32' });
    return this.tensors.map((t) => t.indexSelect(0, index)) as T;
  }
}

/**
 * The items of `dataset` at `indices`, in that order, like `torch.utils.data.Subset`.
 * It forwards the {@link DataLoader}'s batched fast path: when `dataset` has `getBatch`, so
 * does the subset.
 * @typeParam T - the item type.
 * @example
 * ```ts
 * import { Subset } from '@chainrule/data';
 * const ds = { length: 6, get: (i: number) => i * 10 };
 * const evens = new Subset(ds, [0, 2, 4]);
 * evens.get(1); // 20, that is ds.get(2)
 * ```
 */
export class Subset<T> extends Dataset<T> {
  /**
   * @param dataset - the underlying dataset.
   * @param indices - positions in `dataset` (not checked until read, as in PyTorch).
   */
  constructor(
    readonly dataset: MapDataset<T>,
    readonly indices: readonly number[],
  ) {
    super();
    const getBatch = dataset.getBatch;
    if (typeof getBatch === 'function') {
      this.getBatch = (batch) => getBatch.call(dataset, batch.map((k) => this.indices[checkIndex(k, this.indices.length, 'Subset.getBatch')]!));
    }
  }

  /**
   * Present when `dataset` has `getBatch`: reads the items at `indices` of the subset as one
   * collated batch.
   */
  readonly getBatch?: (indices: readonly number[]) => unknown;

  /** The number of indices. */
  get length(): number {
    return this.indices.length;
  }

  /**
   * Item `dataset.get(indices[index])`.
   * @param index - the position in the subset; negative counts from the end.
   * @returns the item.
   * @throws RangeError when the index is out of range.
   * @example
   * ```ts
   * import { Subset } from '@chainrule/data';
   * new Subset({ length: 10, get: (i: number) => i * i }, [5, 7]).get(0); // 25
   * ```
   */
  get(index: number): T {
    return this.dataset.get(this.indices[checkIndex(index, this.indices.length, 'Subset.get')]!);
  }
}

/**
 * Several datasets one after the other, like `torch.utils.data.ConcatDataset`.
 * @typeParam T - the item type.
 * @example
 * ```ts
 * import { ConcatDataset } from '@chainrule/data';
 * const a = { length: 2, get: (i: number) => `a${i}` };
 * const b = { length: 3, get: (i: number) => `b${i}` };
 * const both = new ConcatDataset([a, b]);
 * both.length; // 5
 * both.get(2); // 'b0'
 * ```
 */
export class ConcatDataset<T> extends Dataset<T> {
  /** The datasets, as given. */
  readonly datasets: readonly MapDataset<T>[];
  /** `cumulativeSizes[k]` is the total length of datasets `0..k`. */
  readonly cumulativeSizes: readonly number[];

  /**
   * @param datasets - map-style datasets (at least one).
   * @throws RangeError when the list is empty.
   * @throws TypeError when one of them is an {@link IterableDataset} ("ConcatDataset does not support IterableDataset").
   */
  constructor(datasets: readonly MapDataset<T>[]) {
    super();
    if (datasets.length === 0) throw new RangeError('ConcatDataset: datasets should not be an empty iterable');
    const sizes: number[] = [];
    let total = 0;
    for (const d of datasets) {
      if (d instanceof IterableDataset || typeof d.get !== 'function') throw new TypeError('ConcatDataset: does not support IterableDataset');
      total += d.length;
      sizes.push(total);
    }
    this.datasets = datasets;
    this.cumulativeSizes = sizes;
  }

  /** The total length. */
  get length(): number {
    return this.cumulativeSizes[this.cumulativeSizes.length - 1]!;
  }

  /**
   * The item at a position of the concatenation.
   * @param index - the position; negative counts from the end.
   * @returns the item from the dataset that holds it.
   * @throws RangeError when the index is out of range.
   * @example
   * ```ts
   * import { ConcatDataset } from '@chainrule/data';
   * const a = { length: 2, get: (i: number) => i };
   * const b = { length: 2, get: (i: number) => 100 + i };
   * new ConcatDataset([a, b]).get(-1); // 101
   * ```
   */
  get(index: number): T {
    const i = checkIndex(index, this.length, 'ConcatDataset.get');
    // binary search for the first cumulative size above i
    let lo = 0;
    let hi = this.cumulativeSizes.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulativeSizes[mid]! > i) hi = mid;
      else lo = mid + 1;
    }
    const start = lo === 0 ? 0 : this.cumulativeSizes[lo - 1]!;
    return this.datasets[lo]!.get(i - start);
  }
}

/**
 * Splits a dataset at random into non-overlapping {@link Subset}s, like
 * `torch.utils.data.random_split`.
 *
 * `lengths` are either counts that sum to the dataset's length, or fractions that sum to 1; for
 * fractions each part gets `floor(n * fraction)` items and the remainder is dealt one by one to
 * the parts in order (PyTorch's rule). The order is `randperm(n)` drawn from `generator`.
 *
 * @typeParam T - the item type.
 * @param dataset - the dataset to split.
 * @param lengths - counts, or fractions summing to 1.
 * @param generator - the random stream (default: the global one, see `manualSeed`).
 * @returns one subset per entry of `lengths`.
 * @throws RangeError when a length is negative or not finite, fractions do not sum to 1, or
 *   counts do not sum to the dataset's length.
 * @example
 * ```ts
 * import { Generator } from '@chainrule/autograd';
 * import { randomSplit } from '@chainrule/data';
 * const ds = { length: 100, get: (i: number) => i };
 * const [train, val] = randomSplit(ds, [0.8, 0.2], new Generator(42));
 * [train!.length, val!.length]; // [80, 20]
 * const parts = randomSplit(ds, [50, 30, 20], new Generator(0));
 * parts.map((p) => p.length); // [50, 30, 20]
 * ```
 */
export function randomSplit<T>(dataset: MapDataset<T>, lengths: readonly number[], generator: Generator = defaultGenerator): Subset<T>[] {
  const n = dataset.length;
  for (const l of lengths) {
    if (!(l >= 0 && Number.isFinite(l))) throw new RangeError(`randomSplit: lengths must be finite and non-negative, got ${l}`);
  }
  let counts = [...lengths];
  const total = lengths.reduce((a, b) => a + b, 0);
  // PyTorch's rule: lengths summing to 1 (within rounding) are fractions
  if (Math.abs(total - 1) <= 1e-9 && total <= 1 + 1e-12) {
    counts = lengths.map((f) => Math.floor(n * f));
    let rest = n - counts.reduce((a, b) => a + b, 0);
    for (let k = 0; rest > 0; k = (k + 1) % counts.length, rest--) counts[k] = counts[k]! + 1;
  } else if (lengths.some((l) => !Number.isInteger(l))) {
    throw new RangeError(`randomSplit: fractions must sum to 1, got ${total}`);
  } else if (total !== n) {
    throw new RangeError(`randomSplit: Sum of input lengths (${total}) does not equal the length of the input dataset (${n})`);
  }
  const perm = randperm(n, { generator }).data as Int32Array;
  const out: Subset<T>[] = [];
  let at = 0;
  for (const c of counts) {
    out.push(new Subset(dataset, Array.from(perm.subarray(at, at + c))));
    at += c;
  }
  return out;
}
