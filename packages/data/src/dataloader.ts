/**
 * `DataLoader`: batches of a dataset in sampler order, like `torch.utils.data.DataLoader`
 * (single process: there are no worker processes).
 * @module
 */
import type { Generator } from '@chainrule/autograd';
import { defaultCollate } from './collate.js';
import type { Collated } from './collate.js';
import { IterableDataset } from './dataset.js';
import type { MapDataset } from './dataset.js';
import { BatchSampler, RandomSampler, SequentialSampler } from './sampler.js';
import type { Sampler } from './sampler.js';

/**
 * Options of {@link DataLoader}, with PyTorch's names in camelCase and PyTorch's defaults.
 * @typeParam T - the dataset's item type.
 * @typeParam B - the batch type (what `collateFn` returns).
 * @example
 * ```ts
 * import { Generator } from '@chainrule/autograd';
 * import type { DataLoaderOptions } from '@chainrule/data';
 * const opts: DataLoaderOptions<number> = { batchSize: 32, shuffle: true, generator: new Generator(0) };
 * ```
 */
export interface DataLoaderOptions<T, B = Collated<Awaited<T>>> {
  /**
   * Items per batch (default 1). `null` turns automatic batching off: the loader then yields the
   * items one by one, unchanged (PyTorch's `batch_size=None`).
   */
  batchSize?: number | null;
  /** Draw a new random order every epoch (default false). Map-style datasets only. */
  shuffle?: boolean;
  /** The order of the indices (a {@link Sampler}, or any iterable of indices). Excludes `shuffle`. */
  sampler?: Sampler | Iterable<number>;
  /** Yields whole batches of indices. Excludes `batchSize`, `shuffle`, `sampler` and `dropLast`. */
  batchSampler?: Sampler<number[]> | Iterable<number[]>;
  /** Merges a list of items into a batch (default {@link defaultCollate}); items a dataset returns as Promises come awaited. */
  collateFn?: (batch: Awaited<T>[]) => B;
  /** Drop the last batch when it is smaller than `batchSize` (default false). */
  dropLast?: boolean;
  /** The random stream of `shuffle` (default the global one, see `manualSeed`). */
  generator?: Generator;
}

function isThenable(v: unknown): v is PromiseLike<unknown> {
  return typeof v === 'object' && v !== null && typeof (v as { then?: unknown }).then === 'function';
}

function describe(v: unknown): string {
  if (v === null || v === undefined) return String(v);
  return (v as object).constructor?.name ?? typeof v;
}

function notSync(): TypeError {
  return new TypeError('DataLoader: the dataset returned a Promise; iterate the loader with for await');
}

/**
 * Iterates a dataset in batches, like `torch.utils.data.DataLoader`. Iterate it with `for ... of`
 * or `for await ... of` (the latter also awaits items that are Promises and supports
 * asynchronous {@link IterableDataset}s); every iteration is one epoch.
 *
 * With a map-style dataset, the indices come from `sampler` (default: in order, or a fresh
 * random permutation each epoch with `shuffle`), are grouped into batches of `batchSize` (the
 * last batch is smaller unless `dropLast`), and each batch of items goes through `collateFn`
 * (default {@link defaultCollate}: tensors are stacked, numbers become a tensor, objects and
 * arrays are collated field by field). When the dataset offers `getBatch` and no `collateFn` is
 * given, the loader calls `getBatch(indices)` instead, which returns the same batch faster.
 *
 * With an {@link IterableDataset}, items are batched in stream order; `shuffle`, `sampler` and
 * `batchSampler` are refused, as PyTorch refuses them.
 *
 * With a seeded `generator`, the sequence of batches repeats exactly from run to run.
 *
 * @typeParam T - the item type.
 * @typeParam B - the batch type.
 * @example
 * ```ts
 * import { Generator, tensor } from '@chainrule/autograd';
 * import { DataLoader, TensorDataset } from '@chainrule/data';
 * const ds = new TensorDataset(tensor([[1], [2], [3], [4], [5]]), tensor([0, 1, 0, 1, 0], { dtype: 'int32' }));
 * const loader = new DataLoader(ds, { batchSize: 2, shuffle: true, generator: new Generator(0) });
 * loader.length; // 3
 * const sizes: number[] = [];
 * for (const [x, y] of loader) sizes.push(x.shape[0]!, y.shape[0]!);
 * sizes; // [2, 2, 2, 2, 1, 1] (x and y of each batch: the last one is smaller)
 * ```
 */
export class DataLoader<T, B = Collated<Awaited<T>>> implements Iterable<B>, AsyncIterable<B> {
  /** The dataset, as given. */
  readonly dataset: MapDataset<T> | IterableDataset<T>;
  /** Items per batch, or `null` when automatic batching is off (also with a `batchSampler`). */
  readonly batchSize: number | null;
  /** Whether a last, smaller batch is dropped. */
  readonly dropLast: boolean;
  /** The index sampler (`null` for an iterable dataset). */
  readonly sampler: Sampler | Iterable<number> | null;
  /** The batch sampler (`null` when batching is off or the dataset is iterable). */
  readonly batchSampler: Sampler<number[]> | Iterable<number[]> | null;
  /** The collate function. */
  readonly collateFn: (batch: Awaited<T>[]) => B;
  readonly #customCollate: boolean;

  /**
   * @param dataset - a map-style dataset (`length` and `get`) or an {@link IterableDataset}.
   * @param opts - see {@link DataLoaderOptions}.
   * @throws RangeError with PyTorch's message when options exclude each other: `sampler` with
   *   `shuffle`; `batchSampler` with `batchSize` (other than 1), `shuffle`, `sampler` or
   *   `dropLast`; `batchSize: null` with `dropLast`; an iterable dataset with `shuffle`,
   *   `sampler` or `batchSampler`; or when `batchSize` is not a positive integer.
   * @throws TypeError when `dataset` is neither map-style nor iterable.
   */
  constructor(dataset: MapDataset<T> | IterableDataset<T>, opts: DataLoaderOptions<T, B> = {}) {
    const { sampler, batchSampler, generator } = opts;
    const shuffle = opts.shuffle ?? false;
    const dropLast = opts.dropLast ?? false;
    let batchSize = opts.batchSize === undefined ? 1 : opts.batchSize;
    const iterable = dataset instanceof IterableDataset;
    if (!iterable && (typeof (dataset as MapDataset<T>).get !== 'function' || typeof dataset.length !== 'number')) {
      throw new TypeError(`DataLoader: dataset must have length and get(i), or be an IterableDataset; got ${describe(dataset)}`);
    }
    if (iterable) {
      if (shuffle) throw new RangeError('DataLoader with IterableDataset: expected unspecified shuffle option, but got shuffle=true');
      if (sampler !== undefined) throw new RangeError(`DataLoader with IterableDataset: expected unspecified sampler option, but got sampler=${describe(sampler)}`);
      if (batchSampler !== undefined) {
        throw new RangeError(`DataLoader with IterableDataset: expected unspecified batchSampler option, but got batchSampler=${describe(batchSampler)}`);
      }
    }
    if (sampler !== undefined && shuffle) throw new RangeError('DataLoader: sampler option is mutually exclusive with shuffle');
    if (batchSampler !== undefined) {
      if (batchSize !== 1 || shuffle || sampler !== undefined || dropLast) {
        throw new RangeError('DataLoader: batchSampler option is mutually exclusive with batchSize, shuffle, sampler, and dropLast');
      }
      batchSize = null;
    } else if (batchSize === null) {
      if (dropLast) throw new RangeError('DataLoader: batchSize=null option disables auto-batching and is mutually exclusive with dropLast');
      if (opts.collateFn !== undefined) {
        throw new RangeError('DataLoader: batchSize=null yields items unchanged; collateFn needs batching (give a batchSize)');
      }
    } else if (!Number.isInteger(batchSize) || batchSize <= 0) {
      throw new RangeError(`DataLoader: batchSize should be a positive integer value, but got batchSize=${batchSize}`);
    }
    this.dataset = dataset;
    this.batchSize = batchSize;
    this.dropLast = dropLast;
    this.#customCollate = opts.collateFn !== undefined;
    this.collateFn = opts.collateFn ?? (defaultCollate as unknown as (batch: Awaited<T>[]) => B);
    if (iterable) {
      this.sampler = null;
      this.batchSampler = null;
      return;
    }
    const map = dataset as MapDataset<T>;
    this.sampler = sampler ?? (shuffle ? new RandomSampler(map, generator === undefined ? {} : { generator }) : new SequentialSampler(map));
    if (batchSampler !== undefined) this.batchSampler = batchSampler;
    else if (batchSize === null) this.batchSampler = null;
    else this.batchSampler = new BatchSampler(toSampler(this.sampler), batchSize, dropLast);
  }

  /**
   * The number of batches per epoch, like `len(loader)`.
   * @returns the batch count (or the item count when batching is off).
   * @throws TypeError when the sampler, the batch sampler or the iterable dataset has no length.
   */
  get length(): number {
    const ds = this.dataset;
    if (ds instanceof IterableDataset) {
      const n = (ds as { length?: unknown }).length;
      if (typeof n !== 'number') throw new TypeError(`DataLoader: ${describe(ds)} has no length, so the loader has none`);
      if (this.batchSize === null) return n;
      return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
    }
    const s = this.batchSampler ?? this.sampler;
    const n = (s as { length?: unknown }).length;
    if (typeof n !== 'number') throw new TypeError(`DataLoader: the ${this.batchSampler === null ? 'sampler' : 'batch sampler'} has no length`);
    return n;
  }

  /** Whether batches can be read with `getBatch`. */
  #fastPath(): boolean {
    return !this.#customCollate && typeof (this.dataset as MapDataset<T>).getBatch === 'function';
  }

  /**
   * One epoch of batches, synchronously.
   * @returns an iterator over the batches.
   * @throws TypeError when the dataset returns a Promise or is an asynchronous IterableDataset;
   *   {@link CollateError} (a TypeError) when a batch cannot be collated.
   * @example
   * ```ts
   * import { tensor } from '@chainrule/autograd';
   * import { DataLoader, TensorDataset } from '@chainrule/data';
   * const loader = new DataLoader(new TensorDataset(tensor([1, 2, 3])), { batchSize: 2 });
   * const [first] = loader;
   * first![0]; // tensor([1., 2.])
   * ```
   */
  *[Symbol.iterator](): Iterator<B> {
    const ds = this.dataset;
    if (ds instanceof IterableDataset) {
      yield* this.#batchStream(ds[Symbol.iterator]());
      return;
    }
    if (this.batchSampler === null) {
      for (const i of this.sampler!) {
        const item = ds.get(i);
        if (isThenable(item)) throw notSync();
        yield item as unknown as B;
      }
      return;
    }
    const fast = this.#fastPath();
    for (const indices of this.batchSampler) {
      if (fast) {
        const batch = ds.getBatch!(indices);
        if (isThenable(batch)) throw notSync();
        yield batch as B;
        continue;
      }
      const items = indices.map((i) => ds.get(i));
      if (items.some(isThenable)) throw notSync();
      yield this.collateFn(items as Awaited<T>[]);
    }
  }

  *#batchStream(it: Iterator<T>): IterableIterator<B> {
    if (this.batchSize === null) {
      for (let r = it.next(); r.done !== true; r = it.next()) yield r.value as unknown as B;
      return;
    }
    let batch: Awaited<T>[] = [];
    for (let r = it.next(); r.done !== true; r = it.next()) {
      batch.push(r.value as Awaited<T>);
      if (batch.length === this.batchSize) {
        yield this.collateFn(batch);
        batch = [];
      }
    }
    if (batch.length > 0 && !this.dropLast) yield this.collateFn(batch);
  }

  /**
   * One epoch of batches, asynchronously: items (or `getBatch` results) that are Promises are
   * awaited, the items of a batch concurrently.
   * @returns an async iterator over the batches.
   * @throws TypeError when the dataset is an IterableDataset that implements neither iterator;
   *   {@link CollateError} (a TypeError) when a batch cannot be collated.
   * @example
   * ```ts
   * import { DataLoader, IterableDataset } from '@chainrule/data';
   * // a source that awaits (a file read line by line, a network stream)
   * class Remote extends IterableDataset<number> {
   *   override async *[Symbol.asyncIterator]() {
   *     for (let i = 0; i < 3; i++) yield await Promise.resolve(i * 10);
   *   }
   * }
   * const sums: number[] = [];
   * for await (const batch of new DataLoader(new Remote(), { batchSize: 2 })) sums.push(batch.sum().item());
   * sums; // [10, 20]
   * ```
   */
  async *[Symbol.asyncIterator](): AsyncIterator<B> {
    const ds = this.dataset;
    if (ds instanceof IterableDataset) {
      const it = ds[Symbol.asyncIterator]();
      let batch: Awaited<T>[] = [];
      for (let r = await it.next(); r.done !== true; r = await it.next()) {
        if (this.batchSize === null) {
          yield r.value as unknown as B;
          continue;
        }
        batch.push(r.value as Awaited<T>);
        if (batch.length === this.batchSize) {
          yield this.collateFn(batch);
          batch = [];
        }
      }
      if (batch.length > 0 && !this.dropLast) yield this.collateFn(batch);
      return;
    }
    if (this.batchSampler === null) {
      for (const i of this.sampler!) yield (await ds.get(i)) as unknown as B;
      return;
    }
    const fast = this.#fastPath();
    for (const indices of this.batchSampler) {
      if (fast) yield (await ds.getBatch!(indices)) as B;
      else yield this.collateFn(await Promise.all(indices.map((i) => ds.get(i))));
    }
  }
}

/** A sampler view of any iterable of indices (BatchSampler needs a length only for its own). */
function toSampler(s: Sampler | Iterable<number>): Sampler {
  if (typeof (s as { length?: unknown }).length === 'number') return s as Sampler;
  return {
    get length(): number {
      throw new TypeError('DataLoader: the sampler has no length');
    },
    [Symbol.iterator]: () => s[Symbol.iterator](),
  };
}
