/**
 * Seeded two-dimensional toy datasets for classification demos, after scikit-learn's
 * `make_moons`/`make_circles`, CS231n's spirals and the "planar flower" of Andrew Ng's
 * deep-learning course.
 *
 * Every function draws from a {@link Generator}: pass `generator` to share a stream, or `seed`
 * (default 0) for a fresh `new Generator(seed)`; the same seed always gives the same data.
 * Points are returned as a row-major `Float64Array` (`x[2 * i]`, `x[2 * i + 1]` are point `i`)
 * with integer class labels in an `Int32Array`.
 * @module
 */
import { Generator } from '@chainrule/autograd';

/**
 * A toy classification dataset: `n` points of `features` coordinates and their labels.
 * @example
 * ```ts
 * import { makeMoons } from '@chainrule/data';
 * const { x, y, n } = makeMoons(100);
 * const [x0, y0, label0] = [x[0], x[1], y[0]];
 * ```
 */
export interface ToyDataset<F extends number = 2> {
  /** `n * features` coordinates, row-major. */
  x: Float64Array;
  /** `n` class labels, 0-based. */
  y: Int32Array;
  /** The number of points. */
  n: number;
  /** Coordinates per point. */
  features: F;
}

/**
 * Options shared by the toy datasets.
 * @example
 * ```ts
 * import type { ToyOptions } from '@chainrule/data';
 * const opts: ToyOptions = { noise: 0.1, seed: 42 };
 * ```
 */
export interface ToyOptions {
  /** Standard deviation of the Gaussian noise; see each function for where it applies and its default. */
  noise?: number;
  /** The random stream to draw from; takes precedence over `seed`. */
  generator?: Generator;
  /** Seed for a fresh generator when `generator` is not given; default 0. */
  seed?: number;
  /** Whether to shuffle the points (otherwise they come grouped by class); default per function. */
  shuffle?: boolean;
}

function checkCount(fn: string, n: number): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`${fn}: n must be a non-negative integer, got ${n}`);
}

function resolve(fn: string, opts: ToyOptions, defaultNoise: number): { g: Generator; noise: number } {
  const noise = opts.noise ?? defaultNoise;
  if (!(noise >= 0 && Number.isFinite(noise))) throw new RangeError(`${fn}: noise must be a finite number >= 0, got ${noise}`);
  const g = opts.generator ?? new Generator(opts.seed ?? 0);
  return { g, noise };
}

/** numpy's `linspace(start, stop, num, endpoint)`. */
function linspace(start: number, stop: number, num: number, endpoint = true): Float64Array {
  const out = new Float64Array(num);
  const div = endpoint ? num - 1 : num;
  const step = div > 0 ? (stop - start) / div : 0;
  for (let i = 0; i < num; i++) out[i] = start + i * step;
  if (endpoint && num > 1) out[num - 1] = stop;
  return out;
}

/** Shuffles points (rows of `features` coordinates) and labels together, Fisher–Yates. */
function shuffleRows(x: Float64Array, y: Int32Array, features: number, g: Generator): void {
  for (let i = y.length - 1; i > 0; i--) {
    const j = g.randint(0, i + 1);
    const t = y[i]!;
    y[i] = y[j]!;
    y[j] = t;
    for (let f = 0; f < features; f++) {
      const a = x[i * features + f]!;
      x[i * features + f] = x[j * features + f]!;
      x[j * features + f] = a;
    }
  }
}

function addNoise(x: Float64Array, noise: number, g: Generator): void {
  if (noise === 0) return;
  for (let i = 0; i < x.length; i++) x[i] = x[i]! + noise * g.randn();
}

/**
 * Two interleaving half circles, like scikit-learn's `make_moons`.
 *
 * Class 0 (`floor(n / 2)` points) lies on the upper unit half circle `(cos t, sin t)`, class 1
 * (the rest) on the lower half circle `(1 - cos t, 0.5 - sin t)`, with `t` evenly spaced over
 * [0, π]; then the points are shuffled (unless `shuffle: false`) and Gaussian noise of standard
 * deviation `noise` (default 0) is added to every coordinate.
 *
 * @param n - the number of points.
 * @param opts - `noise` (default 0), `shuffle` (default true), `generator` or `seed`.
 * @returns the points and labels (0/1).
 * @throws RangeError when `n` is not a non-negative integer or `noise` is negative.
 * @example
 * ```ts
 * import { makeMoons } from '@chainrule/data';
 * const { x, y, n } = makeMoons(200, { noise: 0.1, seed: 0 });
 * ```
 */
export function makeMoons(n: number, opts: ToyOptions = {}): ToyDataset {
  checkCount('makeMoons', n);
  const { g, noise } = resolve('makeMoons', opts, 0);
  const nOut = Math.floor(n / 2);
  const nIn = n - nOut;
  const x = new Float64Array(2 * n);
  const y = new Int32Array(n);
  const tOut = linspace(0, Math.PI, nOut);
  const tIn = linspace(0, Math.PI, nIn);
  for (let i = 0; i < nOut; i++) {
    x[2 * i] = Math.cos(tOut[i]!);
    x[2 * i + 1] = Math.sin(tOut[i]!);
  }
  for (let i = 0; i < nIn; i++) {
    const k = nOut + i;
    x[2 * k] = 1 - Math.cos(tIn[i]!);
    x[2 * k + 1] = 1 - Math.sin(tIn[i]!) - 0.5;
    y[k] = 1;
  }
  if (opts.shuffle ?? true) shuffleRows(x, y, 2, g);
  addNoise(x, noise, g);
  return { x, y, n, features: 2 };
}

/**
 * Options of {@link makeCircles}.
 * @example
 * ```ts
 * import type { CirclesOptions } from '@chainrule/data';
 * const opts: CirclesOptions = { factor: 0.5, noise: 0.05 };
 * ```
 */
export interface CirclesOptions extends ToyOptions {
  /** Radius of the inner circle relative to the outer one (radius 1), in [0, 1); default 0.8. */
  factor?: number;
}

/**
 * A small circle inside a large one, like scikit-learn's `make_circles`.
 *
 * Class 0 (`floor(n / 2)` points) lies on the unit circle, class 1 (the rest) on the circle of
 * radius `factor`, each with angles evenly spaced over [0, 2π) (endpoint excluded); then the
 * points are shuffled (unless `shuffle: false`) and Gaussian noise of standard deviation `noise`
 * (default 0) is added to every coordinate.
 *
 * @param n - the number of points.
 * @param opts - `factor` (default 0.8), `noise` (default 0), `shuffle` (default true), `generator` or `seed`.
 * @returns the points and labels (0 outer, 1 inner).
 * @throws RangeError when `n` is not a non-negative integer, `noise` is negative or `factor` is not in [0, 1).
 * @example
 * ```ts
 * import { makeCircles } from '@chainrule/data';
 * const { x, y } = makeCircles(300, { factor: 0.5, noise: 0.05, seed: 1 });
 * ```
 */
export function makeCircles(n: number, opts: CirclesOptions = {}): ToyDataset {
  checkCount('makeCircles', n);
  const { g, noise } = resolve('makeCircles', opts, 0);
  const factor = opts.factor ?? 0.8;
  if (!(factor >= 0 && factor < 1)) throw new RangeError(`makeCircles: factor must be in [0, 1), got ${factor}`);
  const nOut = Math.floor(n / 2);
  const nIn = n - nOut;
  const x = new Float64Array(2 * n);
  const y = new Int32Array(n);
  const tOut = linspace(0, 2 * Math.PI, nOut, false);
  const tIn = linspace(0, 2 * Math.PI, nIn, false);
  for (let i = 0; i < nOut; i++) {
    x[2 * i] = Math.cos(tOut[i]!);
    x[2 * i + 1] = Math.sin(tOut[i]!);
  }
  for (let i = 0; i < nIn; i++) {
    const k = nOut + i;
    x[2 * k] = factor * Math.cos(tIn[i]!);
    x[2 * k + 1] = factor * Math.sin(tIn[i]!);
    y[k] = 1;
  }
  if (opts.shuffle ?? true) shuffleRows(x, y, 2, g);
  addNoise(x, noise, g);
  return { x, y, n, features: 2 };
}

/**
 * Options of {@link makeSpirals}.
 * @example
 * ```ts
 * import type { SpiralsOptions } from '@chainrule/data';
 * const opts: SpiralsOptions = { classes: 3, noise: 0.2 };
 * ```
 */
export interface SpiralsOptions extends ToyOptions {
  /** The number of spiral arms (classes), at least 1; default 2. */
  classes?: number;
}

/**
 * Interleaved spiral arms, one per class (the CS231n spiral dataset).
 *
 * The `n` points are split over the `classes` arms as evenly as possible (the first `n % classes`
 * arms get one more). On arm `j` with `m` points, point `i` has radius `r = i / (m - 1)` and angle
 * `t = 4j + 4r + noise · N(0, 1)`, at `(r sin t, r cos t)`. Here `noise` perturbs the angle and
 * defaults to 0.2. Points come grouped by class unless `shuffle: true`.
 *
 * @param n - the number of points.
 * @param opts - `classes` (default 2), `noise` (angular, default 0.2), `shuffle` (default false), `generator` or `seed`.
 * @returns the points and labels `0 .. classes - 1`.
 * @throws RangeError when `n` is not a non-negative integer, `noise` is negative or `classes` is not a positive integer.
 * @example
 * ```ts
 * import { makeSpirals } from '@chainrule/data';
 * const { x, y } = makeSpirals(300, { classes: 3, seed: 0 }); // 100 points per arm
 * ```
 */
export function makeSpirals(n: number, opts: SpiralsOptions = {}): ToyDataset {
  checkCount('makeSpirals', n);
  const { g, noise } = resolve('makeSpirals', opts, 0.2);
  const k = opts.classes ?? 2;
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`makeSpirals: classes must be a positive integer, got ${k}`);
  const x = new Float64Array(2 * n);
  const y = new Int32Array(n);
  let at = 0;
  for (let j = 0; j < k; j++) {
    const m = Math.floor(n / k) + (j < n % k ? 1 : 0);
    const r = linspace(0, 1, m);
    for (let i = 0; i < m; i++) {
      const ri = r[i]!;
      const t = 4 * j + 4 * ri + noise * g.randn();
      x[2 * at] = ri * Math.sin(t);
      x[2 * at + 1] = ri * Math.cos(t);
      y[at] = j;
      at++;
    }
  }
  if (opts.shuffle ?? false) shuffleRows(x, y, 2, g);
  return { x, y, n, features: 2 };
}

/**
 * The XOR problem: points uniform in the square [-1, 1]², labelled 1 when exactly one coordinate
 * is negative (quadrants II and IV) and 0 otherwise.
 *
 * Points are spread over the four quadrants in turn (so the classes are balanced to within one
 * point), shuffled unless `shuffle: false`, and then Gaussian noise of standard deviation
 * `noise` (default 0) is added; labels always follow the noise-free quadrant.
 *
 * @param n - the number of points.
 * @param opts - `noise` (default 0), `shuffle` (default true), `generator` or `seed`.
 * @returns the points and labels (0/1).
 * @throws RangeError when `n` is not a non-negative integer or `noise` is negative.
 * @example
 * ```ts
 * import { makeXor } from '@chainrule/data';
 * const { x, y } = makeXor(400, { seed: 3 });
 * // y[i] === ((x[2 * i] > 0) !== (x[2 * i + 1] > 0) ? 1 : 0)
 * ```
 */
export function makeXor(n: number, opts: ToyOptions = {}): ToyDataset {
  checkCount('makeXor', n);
  const { g, noise } = resolve('makeXor', opts, 0);
  const x = new Float64Array(2 * n);
  const y = new Int32Array(n);
  // quadrant order I, II, III, IV: labels 0, 1, 0, 1
  const signs = [
    [1, 1],
    [-1, 1],
    [-1, -1],
    [1, -1],
  ] as const;
  for (let i = 0; i < n; i++) {
    const [sx, sy] = signs[i % 4]!;
    // 1 - random() is in (0, 1], so no point sits on an axis
    x[2 * i] = sx * (1 - g.random());
    x[2 * i + 1] = sy * (1 - g.random());
    y[i] = sx * sy < 0 ? 1 : 0;
  }
  if (opts.shuffle ?? true) shuffleRows(x, y, 2, g);
  addNoise(x, noise, g);
  return { x, y, n, features: 2 };
}

/**
 * Options of {@link makePlanarFlower}.
 * @example
 * ```ts
 * import type { PlanarFlowerOptions } from '@chainrule/data';
 * const opts: PlanarFlowerOptions = { radius: 4, noise: 0.2, seed: 1 };
 * ```
 */
export interface PlanarFlowerOptions extends ToyOptions {
  /** The maximum ray of the flower, `a` in the course; default 4. */
  radius?: number;
}

/**
 * The "planar flower" of Andrew Ng's Deep Learning course (course 1, week 3): a two-class,
 * eight-petal flower that logistic regression cannot separate but a one-hidden-layer network can.
 *
 * As in the course's `load_planar_dataset` (N = 400 there), class `j ∈ {0, 1}` gets `n / 2` points
 * with `t = linspace(3.12 j, 3.12 (j + 1), n / 2) + noise · N(0, 1)` and
 * `r = a sin(4t) + noise · N(0, 1)`, at `(r sin t, r cos t)`; `noise` defaults to 0.2 and
 * `a` (`radius`) to 4. For odd `n` class 1 gets the extra point. Points come grouped by class
 * (class 0 first), as in the course, unless `shuffle: true`.
 *
 * @param n - the number of points (the course uses 400).
 * @param opts - `radius` (default 4), `noise` (default 0.2), `shuffle` (default false), `generator` or `seed`.
 * @returns the points and labels (0/1).
 * @throws RangeError when `n` is not a non-negative integer, `noise` is negative or `radius` is not finite.
 * @example
 * ```ts
 * import { makePlanarFlower } from '@chainrule/data';
 * const { x, y, n } = makePlanarFlower(400, { seed: 1 }); // 200 points per class
 * ```
 */
export function makePlanarFlower(n: number, opts: PlanarFlowerOptions = {}): ToyDataset {
  checkCount('makePlanarFlower', n);
  const { g, noise } = resolve('makePlanarFlower', opts, 0.2);
  const a = opts.radius ?? 4;
  if (!Number.isFinite(a)) throw new RangeError(`makePlanarFlower: radius must be finite, got ${a}`);
  const x = new Float64Array(2 * n);
  const y = new Int32Array(n);
  let at = 0;
  for (let j = 0; j < 2; j++) {
    const m = j === 0 ? Math.floor(n / 2) : n - Math.floor(n / 2);
    const t = linspace(j * 3.12, (j + 1) * 3.12, m);
    // same draw order as the course: all angle noise, then all radius noise
    for (let i = 0; i < m; i++) t[i] = t[i]! + noise * g.randn();
    for (let i = 0; i < m; i++) {
      const ti = t[i]!;
      const r = a * Math.sin(4 * ti) + noise * g.randn();
      x[2 * at] = r * Math.sin(ti);
      x[2 * at + 1] = r * Math.cos(ti);
      y[at] = j;
      at++;
    }
  }
  if (opts.shuffle ?? false) shuffleRows(x, y, 2, g);
  return { x, y, n, features: 2 };
}

/**
 * Options of {@link makeLinearlySeparable}.
 * @example
 * ```ts
 * import type { LinearlySeparableOptions } from '@chainrule/data';
 * const opts: LinearlySeparableOptions = { dims: 3, margin: 0.5, seed: 0 };
 * ```
 */
export interface LinearlySeparableOptions extends ToyOptions {
  /** Coordinates per point, at least 1; default 2. */
  dims?: number;
  /** Least distance of every point from the separating hyperplane, at least 0; default 0.1. */
  margin?: number;
}

/**
 * A linearly separable dataset, returned with its true separating hyperplane
 * `{ p : weight · p + bias = 0 }`.
 *
 * A random unit normal `weight` and an offset `bias ~ N(0, 0.25)` are drawn; each point starts
 * as a standard normal sample, and its component along `weight` is pushed out by `margin` to the
 * side of its class (class 1 where `weight · p + bias > 0`), so every point is at least `margin`
 * from the hyperplane and the classes alternate exactly (balanced to within one point). The
 * points are shuffled unless `shuffle: false`. `noise` (default 0) adds Gaussian noise
 * afterwards, which can break separability.
 *
 * @param n - the number of points.
 * @param opts - `dims` (default 2), `margin` (default 0.1), `noise` (default 0), `shuffle` (default true), `generator` or `seed`.
 * @returns the points, labels (0/1), and the hyperplane's `weight` (unit length) and `bias`.
 * @throws RangeError when `n` or `dims` is out of range, or `margin`/`noise` is negative.
 * @example
 * ```ts
 * import { makeLinearlySeparable } from '@chainrule/data';
 * const { x, y, weight, bias } = makeLinearlySeparable(100, { dims: 2, margin: 0.2, seed: 7 });
 * // a perceptron converges on this; weight/bias is a perfect classifier
 * ```
 */
export function makeLinearlySeparable(
  n: number,
  opts: LinearlySeparableOptions = {},
): ToyDataset<number> & { weight: Float64Array; bias: number } {
  checkCount('makeLinearlySeparable', n);
  const { g, noise } = resolve('makeLinearlySeparable', opts, 0);
  const dims = opts.dims ?? 2;
  const margin = opts.margin ?? 0.1;
  if (!Number.isInteger(dims) || dims < 1) throw new RangeError(`makeLinearlySeparable: dims must be a positive integer, got ${dims}`);
  if (!(margin >= 0 && Number.isFinite(margin))) throw new RangeError(`makeLinearlySeparable: margin must be a finite number >= 0, got ${margin}`);
  const weight = new Float64Array(dims);
  let norm = 0;
  while (norm < 1e-6) {
    norm = 0;
    for (let d = 0; d < dims; d++) {
      weight[d] = g.randn();
      norm += weight[d]! * weight[d]!;
    }
    norm = Math.sqrt(norm);
  }
  for (let d = 0; d < dims; d++) weight[d] = weight[d]! / norm;
  const bias = 0.5 * g.randn();
  const x = new Float64Array(n * dims);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const label = i % 2;
    let s = bias;
    for (let d = 0; d < dims; d++) {
      const v = g.randn();
      x[i * dims + d] = v;
      s += weight[d]! * v;
    }
    // signed distance s; move along weight to distance (margin + |s|) on the label's side
    const target = (label === 1 ? 1 : -1) * (margin + Math.abs(s));
    for (let d = 0; d < dims; d++) x[i * dims + d] = x[i * dims + d]! + (target - s) * weight[d]!;
    y[i] = label;
  }
  if (opts.shuffle ?? true) shuffleRows(x, y, dims, g);
  addNoise(x, noise, g);
  return { x, y, n, features: dims, weight, bias };
}
