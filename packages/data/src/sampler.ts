/**
 * Samplers: the order in which a {@link DataLoader} reads a map-style dataset, like
 * `torch.utils.data.Sampler` and its subclasses. Every random sampler draws from a
 * {@link Generator}; with a seeded one the order repeats exactly from run to run.
 * @module
 */
import { defaultGenerator } from '@chainrule/autograd';
import type { Generator } from '@chainrule/autograd';

/**
 * Anything that yields indices (or, for a batch sampler, arrays of indices) and knows how many.
 * @typeParam T - what it yields: `number` for a sampler, `number[]` for a batch sampler.
 * @example
 * ```ts
 * import type { Sampler } from '@chainrule/data';
 * const reversed: Sampler = { length: 3, *[Symbol.iterator]() { yield 2; yield 1; yield 0; } };
 * ```
 */
export interface Sampler<T = number> extends Iterable<T> {
  /** How many values one pass yields. */
  readonly length: number;
}

function checkCount(who: string, name: string, n: number, allowZero: boolean): void {
  if (!Number.isInteger(n) || n < 0 || (!allowZero && n === 0)) {
    throw new RangeError(`${who}: ${name} should be a ${allowZero ? 'non-negative' : 'positive'} integer value, but got ${name}=${n}`);
  }
}

/**
 * Yields `0, 1, …, length - 1`, like `SequentialSampler`.
 * @example
 * ```ts
 * import { SequentialSampler } from '@chainrule/data';
 * [...new SequentialSampler({ length: 4 })]; // [0, 1, 2, 3]
 * ```
 */
export class SequentialSampler implements Sampler {
  /**
   * @param dataSource - anything with a `length` (a dataset).
   */
  constructor(readonly dataSource: { readonly length: number }) {}

  /** The dataset's length. */
  get length(): number {
    return this.dataSource.length;
  }

  /**
   * Yields the indices in order.
   * @returns an iterator over `0 .. length - 1`.
   * @example
   * ```ts
   * import { SequentialSampler } from '@chainrule/data';
   * const seen: number[] = [];
   * for (const i of new SequentialSampler(['a', 'b', 'c'])) seen.push(i);
   * seen; // [0, 1, 2]
   * ```
   */
  *[Symbol.iterator](): Iterator<number> {
    const n = this.dataSource.length;
    for (let i = 0; i < n; i++) yield i;
  }
}

/** A Fisher–Yates permutation of `0..n-1` drawn from `g` (the order `randperm` gives). */
function permutation(n: number, g: Generator): Int32Array {
  const a = new Int32Array(n);
  for (let i = 0; i < n; i++) a[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = g.randint(0, i + 1);
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  }
  return a;
}

/**
 * Options of {@link RandomSampler}.
 * @example
 * ```ts
 * import type { RandomSamplerOptions } from '@chainrule/data';
 * const opts: RandomSamplerOptions = { replacement: true, numSamples: 100 };
 * ```
 */
export interface RandomSamplerOptions {
  /** Draw with replacement (default false: a permutation). */
  replacement?: boolean;
  /** How many indices per pass (default the dataset's length). */
  numSamples?: number;
  /** The random stream (default the global generator, see `manualSeed`). */
  generator?: Generator;
}

/**
 * Yields the indices in random order, like `RandomSampler`: a fresh permutation each pass (or,
 * with `replacement`, `numSamples` independent uniform draws). Without replacement and with
 * `numSamples` larger than the dataset, whole permutations follow one another, as in PyTorch.
 *
 * Each pass continues the generator's stream: passes differ from one another, and the sequence
 * of passes is the same whenever the generator starts from the same seed.
 *
 * @example
 * ```ts
 * import { Generator } from '@chainrule/autograd';
 * import { RandomSampler } from '@chainrule/data';
 * const s = new RandomSampler({ length: 5 }, { generator: new Generator(0) });
 * const firstEpoch = [...s];
 * const secondEpoch = [...s];
 * firstEpoch.join() === secondEpoch.join(); // false (another permutation)
 * [...secondEpoch].sort(); // [0, 1, 2, 3, 4]
 * ```
 */
export class RandomSampler implements Sampler {
  /** Whether indices are drawn with replacement. */
  readonly replacement: boolean;
  readonly #numSamples: number | undefined;
  readonly #generator: Generator | undefined;

  /**
   * @param dataSource - anything with a `length` (a dataset).
   * @param opts - `replacement`, `numSamples`, `generator`.
   * @throws RangeError when `numSamples` is not a positive integer.
   */
  constructor(
    readonly dataSource: { readonly length: number },
    opts: RandomSamplerOptions = {},
  ) {
    this.replacement = opts.replacement ?? false;
    if (opts.numSamples !== undefined) checkCount('RandomSampler', 'num_samples', opts.numSamples, false);
    this.#numSamples = opts.numSamples;
    this.#generator = opts.generator;
  }

  /** `numSamples`, or the dataset's length. */
  get length(): number {
    return this.#numSamples ?? this.dataSource.length;
  }

  /**
   * Yields one pass of random indices.
   * @returns an iterator over `length` indices.
   * @throws RangeError when the data source's `length` is not a count (negative, or fractional
   *   without replacement).
   * @example
   * ```ts
   * import { Generator } from '@chainrule/autograd';
   * import { RandomSampler } from '@chainrule/data';
   * const draws = new RandomSampler({ length: 3 }, { replacement: true, numSamples: 10, generator: new Generator(0) });
   * const counts = [0, 0, 0];
   * for (const i of draws) counts[i]!++;
   * counts.reduce((a, b) => a + b); // 10
   * ```
   */
  *[Symbol.iterator](): Iterator<number> {
    const n = this.dataSource.length;
    const g = this.#generator ?? defaultGenerator;
    const count = this.length;
    if (n === 0) return;
    if (this.replacement) {
      for (let k = 0; k < count; k++) yield g.randint(0, n);
      return;
    }
    let left = count;
    while (left > 0) {
      const perm = permutation(n, g);
      const take = Math.min(left, n);
      for (let k = 0; k < take; k++) yield perm[k]!;
      left -= take;
    }
  }
}

/**
 * Yields the given indices in a random order each pass, like `SubsetRandomSampler`.
 * @example
 * ```ts
 * import { Generator } from '@chainrule/autograd';
 * import { SubsetRandomSampler } from '@chainrule/data';
 * const valSampler = new SubsetRandomSampler([0, 5, 7, 9], new Generator(1));
 * valSampler.length; // 4
 * ```
 */
export class SubsetRandomSampler implements Sampler {
  /**
   * @param indices - the indices to draw (each exactly once per pass).
   * @param generator - the random stream (default the global generator).
   */
  constructor(
    readonly indices: readonly number[],
    private readonly generator?: Generator,
  ) {}

  /** The number of indices. */
  get length(): number {
    return this.indices.length;
  }

  /**
   * Yields the indices, shuffled.
   * @returns an iterator over a permutation of `indices`.
   * @example
   * ```ts
   * import { Generator } from '@chainrule/autograd';
   * import { SubsetRandomSampler } from '@chainrule/data';
   * const order = [...new SubsetRandomSampler([0, 5, 7, 9], new Generator(1))];
   * order.sort((a, b) => a - b); // [0, 5, 7, 9]
   * ```
   */
  *[Symbol.iterator](): Iterator<number> {
    const perm = permutation(this.indices.length, this.generator ?? defaultGenerator);
    for (const k of perm) yield this.indices[k]!;
  }
}

/**
 * Options of {@link WeightedRandomSampler}.
 * @example
 * ```ts
 * import type { WeightedRandomSamplerOptions } from '@chainrule/data';
 * const opts: WeightedRandomSamplerOptions = { replacement: false };
 * ```
 */
export interface WeightedRandomSamplerOptions {
  /** Draw with replacement (default true). */
  replacement?: boolean;
  /** The random stream (default the global generator). */
  generator?: Generator;
}

/**
 * Yields `numSamples` indices in `0 .. weights.length - 1`, index `i` with probability
 * proportional to `weights[i]`, like `WeightedRandomSampler` (`torch.multinomial`). Without
 * replacement each draw removes the drawn index from the pool. The usual use is to rebalance
 * classes: weight each item by the inverse frequency of its class.
 *
 * @example
 * ```ts
 * import { Generator } from '@chainrule/autograd';
 * import { WeightedRandomSampler } from '@chainrule/data';
 * const s = new WeightedRandomSampler([0.1, 0.9], 100, { generator: new Generator(0) });
 * const ones = [...s].filter((i) => i === 1).length; // about 90
 * ones > 80 && ones < 100; // true
 * ```
 */
export class WeightedRandomSampler implements Sampler {
  /** The weights, as float64. */
  readonly weights: Float64Array;
  /** Whether indices are drawn with replacement. */
  readonly replacement: boolean;
  readonly #generator: Generator | undefined;
  readonly #cumulative: Float64Array;

  /**
   * @param weights - non-negative, finite, not all zero.
   * @param numSamples - how many indices per pass (a positive integer).
   * @param opts - `replacement` (default true), `generator`.
   * @throws RangeError for a negative, infinite or NaN weight, weights that are all zero,
   *   a bad `numSamples`, or (without replacement) more samples than non-zero weights.
   */
  constructor(
    weights: ArrayLike<number>,
    readonly numSamples: number,
    opts: WeightedRandomSamplerOptions = {},
  ) {
    checkCount('WeightedRandomSampler', 'num_samples', numSamples, false);
    this.weights = Float64Array.from(weights);
    this.replacement = opts.replacement ?? true;
    this.#generator = opts.generator;
    let total = 0;
    let nonZero = 0;
    this.#cumulative = new Float64Array(this.weights.length);
    this.weights.forEach((w, i) => {
      if (!(w >= 0 && Number.isFinite(w))) throw new RangeError(`WeightedRandomSampler: weights must be finite and non-negative, got ${w} at index ${i}`);
      total += w;
      if (w > 0) nonZero++;
      this.#cumulative[i] = total;
    });
    if (!(total > 0)) throw new RangeError('WeightedRandomSampler: invalid multinomial distribution (sum of weights <= 0)');
    if (!this.replacement && numSamples > nonZero) {
      throw new RangeError(
        `WeightedRandomSampler: cannot draw ${numSamples} samples without replacement from ${nonZero} non-zero weights`,
      );
    }
  }

  /** `numSamples`. */
  get length(): number {
    return this.numSamples;
  }

  /**
   * Yields one pass of weighted draws.
   * @returns an iterator over `numSamples` indices.
   * @example
   * ```ts
   * import { Generator } from '@chainrule/autograd';
   * import { WeightedRandomSampler } from '@chainrule/data';
   * // a zero weight is never drawn; without replacement no index comes twice
   * const s = new WeightedRandomSampler([1, 0, 3], 2, { replacement: false, generator: new Generator(0) });
   * [...s].sort(); // [0, 2]
   * ```
   */
  *[Symbol.iterator](): Iterator<number> {
    const g = this.#generator ?? defaultGenerator;
    if (this.replacement) {
      const cum = this.#cumulative;
      const total = cum[cum.length - 1]!;
      for (let k = 0; k < this.numSamples; k++) yield searchCumulative(cum, g.random() * total);
      return;
    }
    // Without replacement: drawing one index at a time in proportion to the weights left is the
    // same as sorting by the keys log(w) - log(E), E ~ Exp(1), largest first (Efraimidis–Spirakis,
    // the exponential trick torch.multinomial uses); log space keeps tiny weights apart.
    const keys: [number, number][] = [];
    this.weights.forEach((w, i) => {
      if (w > 0) keys.push([Math.log(w) - Math.log(-Math.log(1 - g.random())), i]);
    });
    keys.sort((a, b) => b[0] - a[0] || a[1] - b[1]);
    for (let k = 0; k < this.numSamples; k++) yield keys[k]![1];
  }
}

/** The first index whose cumulative weight exceeds `u` (skipping zero-weight entries). */
function searchCumulative(cum: Float64Array, u: number): number {
  let lo = 0;
  let hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cum[mid]! > u) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Groups the indices of another sampler into arrays of `batchSize`, like `BatchSampler`; the
 * last, smaller batch is kept unless `dropLast`.
 * @example
 * ```ts
 * import { BatchSampler, SequentialSampler } from '@chainrule/data';
 * [...new BatchSampler(new SequentialSampler({ length: 5 }), 2, false)]; // [[0, 1], [2, 3], [4]]
 * ```
 */
export class BatchSampler implements Sampler<number[]> {
  /**
   * @param sampler - the source of indices.
   * @param batchSize - indices per batch (a positive integer).
   * @param dropLast - drop the last batch when it is smaller than `batchSize`.
   * @throws RangeError when `batchSize` is not a positive integer.
   */
  constructor(
    readonly sampler: Sampler,
    readonly batchSize: number,
    readonly dropLast: boolean,
  ) {
    checkCount('BatchSampler', 'batch_size', batchSize, false);
  }

  /** The number of batches: `floor` or `ceil` of `sampler.length / batchSize`. */
  get length(): number {
    const n = this.sampler.length;
    return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }

  /**
   * Yields the batches of indices.
   * @returns an iterator over arrays of indices.
   * @example
   * ```ts
   * import { BatchSampler, SequentialSampler } from '@chainrule/data';
   * const batches = new BatchSampler(new SequentialSampler({ length: 5 }), 2, true);
   * [...batches]; // [[0, 1], [2, 3]] (the last, short batch dropped)
   * ```
   */
  *[Symbol.iterator](): Iterator<number[]> {
    let batch: number[] = [];
    for (const i of this.sampler) {
      batch.push(i);
      if (batch.length === this.batchSize) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0 && !this.dropLast) yield batch;
  }
}
