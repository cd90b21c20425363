/**
 * Seeded pseudo-random numbers: every random result in chainrule comes from a {@link Generator},
 * so a run repeats exactly given the same seed.
 *
 * The generator is xoshiro128** (32-bit state words, fast in JavaScript), seeded through
 * splitmix32. It does not reproduce PyTorch's Mersenne-Twister stream.
 * @module
 */
import { tracer } from './compile/hooks.js';

function splitmix32(state: { s: number }): number {
  state.s = (state.s + 0x9e3779b9) | 0;
  let z = state.s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * A seeded random-number generator, like `torch.Generator`: every random function takes one as
 * its `generator` option, and the same seed gives the same numbers.
 *
 * NOTE: the stream is xoshiro128** seeded through splitmix32; it does not reproduce PyTorch's
 * Mersenne-Twister numbers for the same seed.
 * @example
 * ```ts
 * import { Generator, rand } from '@chainrule/autograd';
 * const g = new Generator(42);
 * const a = rand([2, 2], { generator: g });
 * g.manualSeed(42);
 * const b = rand([2, 2], { generator: g });
 * b.eq(a).logicalNot().sum().item(); // 0
 * ```
 */
export class Generator {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  private spare: number | null = null;
  private seedValue = 0;

  /**
   * @param seed - any finite number (its fractional part is dropped); the same seed gives the same stream.
   * @throws RangeError when the seed is not finite.
   */
  constructor(seed = 0) {
    this.manualSeed(seed);
    // a compile capture in progress refuses draws from a generator made inside it
    if (tracer !== null) tracer.generatorCreated(this);
  }

  /**
   * Resets the generator to the stream of `seed`, like `Generator.manual_seed`.
   * @param seed - a finite number (its fractional part is dropped).
   * @returns this generator, for chaining.
   * @throws RangeError when the seed is not finite.
   * @example
   * ```ts
   * const g = new Generator().manualSeed(7);
   * g.initialSeed(); // 7
   * ```
   */
  manualSeed(seed: number): this {
    if (!Number.isFinite(seed)) throw new RangeError(`manualSeed: seed must be a finite number, got ${seed}`);
    this.seedValue = Math.trunc(seed);
    const st = { s: (this.seedValue ^ Math.floor(this.seedValue / 0x100000000)) | 0 };
    this.s0 = splitmix32(st);
    this.s1 = splitmix32(st);
    this.s2 = splitmix32(st);
    this.s3 = splitmix32(st);
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
    this.spare = null;
    return this;
  }

  /**
   * The seed this generator was last seeded with.
   * @returns the seed.
   * @example
   * ```ts
   * new Generator(5).initialSeed(); // 5
   * ```
   */
  initialSeed(): number {
    return this.seedValue;
  }

  /**
   * The next 32 random bits as an unsigned integer.
   * @returns an integer in [0, 2^32).
   * @example
   * ```ts
   * const bits = new Generator(1).nextUint32();
   * Number.isInteger(bits) && bits >= 0 && bits < 2 ** 32; // true
   * ```
   */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /**
   * A uniform double in [0, 1) with 53 random bits.
   * @returns the sample.
   * @example
   * ```ts
   * const u = new Generator(1).random();
   * u >= 0 && u < 1; // true
   * ```
   */
  random(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /**
   * A standard normal sample (Box–Muller; the second value of each pair is cached).
   * @returns the sample.
   * @example
   * ```ts
   * const g = new Generator(1);
   * const zs = Array.from({ length: 10000 }, () => g.randn());
   * Math.abs(zs.reduce((a, b) => a + b) / zs.length) < 0.05; // true
   * ```
   */
  randn(): number {
    if (this.spare !== null) {
      const s = this.spare;
      this.spare = null;
      return s;
    }
    let u = 0;
    while (u === 0) u = this.random();
    const v = this.random();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /**
   * A uniform integer in [low, high).
   * @param low - the inclusive lower bound.
   * @param high - the exclusive upper bound; must exceed `low`.
   * @returns the sample.
   * @throws RangeError when `high <= low`.
   * @example
   * ```ts
   * const die = new Generator(1).randint(1, 7);
   * die >= 1 && die <= 6; // true
   * new Generator(1).randint(3, 3); // throws RangeError: must be greater
   * ```
   */
  randint(low: number, high: number): number {
    if (!(high > low)) throw new RangeError(`randint: high (${high}) must be greater than low (${low})`);
    return low + Math.floor(this.random() * (high - low));
  }

  /**
   * A copy of the state, to restore later with {@link Generator.setState}.
   * @returns the state words, the cached normal and the seed.
   * @example
   * ```ts
   * const g = new Generator(3);
   * const s = g.getState();
   * const a = g.random();
   * g.setState(s).random() === a; // true
   * ```
   */
  getState(): GeneratorState {
    return { words: [this.s0, this.s1, this.s2, this.s3], spare: this.spare, seed: this.seedValue };
  }

  /**
   * Restores a state taken with {@link Generator.getState}.
   * @param state - the state to restore.
   * @returns this generator.
   * @example
   * ```ts
   * const g = new Generator(3);
   * const s = g.getState();
   * const a = g.random();
   * g.setState(s).random() === a; // true
   * ```
   */
  setState(state: GeneratorState): this {
    [this.s0, this.s1, this.s2, this.s3] = state.words;
    this.spare = state.spare;
    this.seedValue = state.seed;
    return this;
  }
}

/**
 * The state of a {@link Generator}, from {@link Generator.getState}: plain data, so it can be
 * saved with a checkpoint (JSON) and restored later.
 * @example
 * ```ts
 * const g = new Generator(3);
 * const saved: GeneratorState = JSON.parse(JSON.stringify(g.getState()));
 * const a = g.random();
 * g.setState(saved).random() === a; // true
 * ```
 */
export interface GeneratorState {
  /** The four xoshiro128** state words. */
  words: [number, number, number, number];
  /** The cached second Box–Muller sample, if any. */
  spare: number | null;
  /** The seed the generator was created with. */
  seed: number;
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/**
 * The generator random functions use when they get no `generator` option; {@link manualSeed}
 * seeds it.
 * @example
 * ```ts
 * import { defaultGenerator, manualSeed } from '@chainrule/autograd';
 * manualSeed(11);
 * defaultGenerator.initialSeed(); // 11
 * ```
 */
export const defaultGenerator = new Generator(0);

/**
 * Seeds the default generator, like `torch.manual_seed`.
 * @param seed - a finite number.
 * @returns the default generator.
 * @throws RangeError when the seed is not finite.
 * @example
 * ```ts
 * import { manualSeed, randn } from '@chainrule/autograd';
 * manualSeed(0);
 * const a = randn([3]);
 * manualSeed(0);
 * String(randn([3])) === String(a); // true
 * ```
 */
export function manualSeed(seed: number): Generator {
  return defaultGenerator.manualSeed(seed);
}
