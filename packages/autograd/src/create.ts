/**
 * Creating tensors: from data, filled, ranges, identity, and seeded random.
 * @module
 */
import { checkDType } from './dtype.js';
import type { DType, TypedArray } from './dtype.js';
import { defaultGenerator } from './random.js';
import type { Generator } from './random.js';
import { checkShape, fmtShape, numelOf } from './shape.js';
import { Tensor } from './tensor.js';
import type { NestedArray } from './tensor.js';

/** Options shared by the creation functions. */
export interface CreateOptions {
  /** Element type (default float32, or inferred from the data). */
  dtype?: DType;
  /** Make the result a leaf that requires grad. */
  requiresGrad?: boolean;
}

/** Creation options for random functions. */
export interface RandomOptions extends CreateOptions {
  /** The generator to draw from (default: the global one seeded by {@link manualSeed}). */
  generator?: Generator;
}

function finish(t: Tensor, opts: CreateOptions): Tensor {
  if (opts.requiresGrad) t.requiresGrad_(true);
  return t;
}

function inferDType(data: NestedArray | TypedArray | ArrayLike<number>): DType {
  if (data instanceof Float64Array) return 'float64';
  if (data instanceof Float32Array) return 'float32';
  if (ArrayBuffer.isView(data)) return 'int32';
  let v: unknown = data;
  while (Array.isArray(v)) v = v[0];
  return typeof v === 'boolean' ? 'bool' : 'float32';
}

/**
 * A tensor from nested arrays, a typed array or a number, like `torch.tensor` (the data is copied).
 * JS numbers become float32 unless `dtype` says otherwise; booleans become bool; Float64Array
 * gives float64; integer typed arrays give int32.
 * @param data - nested arrays of numbers/booleans, a typed array, or a number.
 * @param opts - `dtype`, `requiresGrad`, and `shape` for flat data.
 * @returns the new tensor.
 * @throws RangeError for ragged nested arrays or a `shape` that does not fit the data.
 * @example
 * ```ts
 * import { tensor } from '@chainrule/autograd';
 * const a = tensor([[1, 2], [3, 4]], { dtype: 'float64', requiresGrad: true });
 * const b = tensor(new Float32Array([1, 2, 3, 4, 5, 6]), { shape: [2, 3] });
 * ```
 */
export function tensor(data: NestedArray | TypedArray | ArrayLike<number>, opts: CreateOptions & { shape?: readonly number[] } = {}): Tensor {
  const dtype = opts.dtype === undefined ? inferDType(data) : checkDType(opts.dtype, 'tensor');
  let shape: number[];
  let flat: ArrayLike<number>;
  if (typeof data === 'number' || typeof data === 'boolean') {
    shape = [];
    flat = [Number(data)];
  } else if (ArrayBuffer.isView(data) || !Array.isArray(data)) {
    flat = data as ArrayLike<number>;
    shape = [flat.length];
  } else {
    shape = [];
    let v: unknown = data;
    while (Array.isArray(v)) {
      shape.push(v.length);
      v = v[0];
    }
    const out: number[] = [];
    const walk = (x: unknown, d: number, path: string): void => {
      if (d === shape.length) {
        if (typeof x === 'number') out.push(x);
        else if (typeof x === 'boolean') out.push(x ? 1 : 0);
        else throw new TypeError(`tensor: expected a number or boolean at ${path}, got ${Array.isArray(x) ? 'an array' : typeof x}`);
        return;
      }
      if (!Array.isArray(x) || x.length !== shape[d]) {
        throw new RangeError(`tensor: ragged nested array: expected length ${shape[d]} at ${path}, got ${Array.isArray(x) ? x.length : typeof x}`);
      }
      x.forEach((y, i) => walk(y, d + 1, `${path}[${i}]`));
    };
    walk(data, 0, 'data');
    flat = out;
  }
  if (opts.shape !== undefined) {
    const s = checkShape(opts.shape, 'tensor');
    if (numelOf(s) !== flat.length) throw new RangeError(`tensor: shape ${fmtShape(s)} needs ${numelOf(s)} elements, data has ${flat.length}`);
    shape = s;
  }
  const t = Tensor.empty(shape, dtype);
  const arr = t.data;
  if (dtype === 'bool') for (let i = 0; i < flat.length; i++) arr[i] = flat[i] ? 1 : 0;
  else arr.set(flat as ArrayLike<number>);
  return finish(t, opts);
}

/**
 * A tensor of `shape` filled with `value`, like `torch.full`.
 * @param shape - the shape.
 * @param value - the fill value.
 * @param opts - dtype, requiresGrad.
 * @returns the new tensor.
 * @throws RangeError for an invalid shape.
 * @example
 * ```ts
 * full([2, 2], 7);
 * ```
 */
export function full(shape: readonly number[], value: number, opts: CreateOptions = {}): Tensor {
  return filled('full', shape, value, opts);
}

/** `full`, with errors naming the function the user called. */
function filled(op: string, shape: readonly number[], value: number, opts: CreateOptions): Tensor {
  const t = Tensor.empty(checkShape(shape, op), checkDType(opts.dtype ?? 'float32', op));
  if (value !== 0) t.data.fill(t.dtype === 'bool' ? Number(value !== 0) : value);
  return finish(t, opts);
}

/**
 * Zeros of `shape`, like `torch.zeros`.
 * @param shape - the shape.
 * @param opts - dtype, requiresGrad.
 * @returns the new tensor.
 * @example
 * ```ts
 * zeros([2, 3], { dtype: 'float64' });
 * ```
 */
export function zeros(shape: readonly number[], opts: CreateOptions = {}): Tensor {
  return filled('zeros', shape, 0, opts);
}

/**
 * Ones of `shape`, like `torch.ones`.
 * @param shape - the shape.
 * @param opts - dtype, requiresGrad.
 * @returns the new tensor.
 * @example
 * ```ts
 * ones([3]);
 * ```
 */
export function ones(shape: readonly number[], opts: CreateOptions = {}): Tensor {
  return filled('ones', shape, 1, opts);
}

/**
 * Zeros shaped like `t` (its dtype unless given).
 * @param t - the model tensor.
 * @param opts - dtype, requiresGrad.
 * @returns the new tensor.
 * @example
 * ```ts
 * zerosLike(x);
 * ```
 */
export function zerosLike(t: Tensor, opts: CreateOptions = {}): Tensor {
  return full(t.shape, 0, { dtype: t.dtype, ...opts });
}

/**
 * Ones shaped like `t`.
 * @param t - the model tensor.
 * @param opts - dtype, requiresGrad.
 * @returns the new tensor.
 * @example
 * ```ts
 * onesLike(x);
 * ```
 */
export function onesLike(t: Tensor, opts: CreateOptions = {}): Tensor {
  return full(t.shape, 1, { dtype: t.dtype, ...opts });
}

/**
 * A value filled tensor shaped like `t`.
 * @param t - the model tensor.
 * @param value - the fill value.
 * @param opts - dtype, requiresGrad.
 * @returns the new tensor.
 * @example
 * ```ts
 * fullLike(x, 0.5);
 * ```
 */
export function fullLike(t: Tensor, value: number, opts: CreateOptions = {}): Tensor {
  return full(t.shape, value, { dtype: t.dtype, ...opts });
}

/**
 * Values from `start` to `end` (exclusive) by `step`, like `torch.arange`; `arange(n)` is 0..n-1.
 * Integer arguments give int32 unless `dtype` says otherwise.
 * @param start - first value (or the end when alone).
 * @param end - exclusive end.
 * @param step - increment (default 1).
 * @param opts - dtype, requiresGrad.
 * @returns a 1-D tensor.
 * @throws RangeError for step 0 or a step of the wrong sign.
 * @example
 * ```ts
 * arange(5);            // [0, 1, 2, 3, 4] int32
 * arange(0, 1, 0.25);   // [0, 0.25, 0.5, 0.75] float32
 * ```
 */
export function arange(start: number, end?: number, step = 1, opts: CreateOptions = {}): Tensor {
  if (end === undefined) [start, end] = [0, start];
  if (step === 0 || !Number.isFinite(step)) throw new RangeError(`arange: step must be nonzero and finite, got ${step}`);
  if ((end - start) * step < 0) throw new RangeError(`arange: upper bound and lower bound inconsistent with step sign (${start}, ${end}, ${step})`);
  const n = Math.max(0, Math.ceil((end - start) / step));
  const ints = [start, end, step].every(Number.isInteger);
  const dtype = opts.dtype ?? (ints ? 'int32' : 'float32');
  const t = Tensor.empty([n], dtype);
  for (let i = 0; i < n; i++) t.data[i] = start + i * step;
  return finish(t, opts);
}

/**
 * `steps` evenly spaced values from `start` to `end` inclusive, like `torch.linspace`.
 * @param start - first value.
 * @param end - last value.
 * @param steps - how many values.
 * @param opts - dtype, requiresGrad.
 * @returns a 1-D tensor.
 * @example
 * ```ts
 * linspace(0, 1, 5); // [0, 0.25, 0.5, 0.75, 1]
 * ```
 */
export function linspace(start: number, end: number, steps: number, opts: CreateOptions = {}): Tensor {
  if (!Number.isInteger(steps) || steps < 0) throw new RangeError(`linspace: steps must be a non-negative integer, got ${steps}`);
  const t = Tensor.empty([steps], opts.dtype ?? 'float32');
  const d = steps > 1 ? (end - start) / (steps - 1) : 0;
  const half = Math.floor(steps / 2);
  for (let i = 0; i < steps; i++) t.data[i] = i < half ? start + i * d : end - (steps - 1 - i) * d;
  return finish(t, opts);
}

/**
 * The identity matrix (n × m), like `torch.eye`.
 * @param n - rows.
 * @param m - columns (default n).
 * @param opts - dtype, requiresGrad.
 * @returns the matrix.
 * @example
 * ```ts
 * eye(3);
 * ```
 */
export function eye(n: number, m = n, opts: CreateOptions = {}): Tensor {
  const t = zeros([n, m], opts.dtype === undefined ? {} : { dtype: opts.dtype });
  for (let i = 0; i < Math.min(n, m); i++) t.data[i * m + i] = 1;
  return finish(t, opts);
}

function randomFill(shape: readonly number[], opts: RandomOptions, op: string, draw: (g: Generator) => number): Tensor {
  const t = Tensor.empty(checkShape(shape, op), checkDType(opts.dtype ?? 'float32', op));
  const g = opts.generator ?? defaultGenerator;
  const d = t.data;
  for (let i = 0; i < d.length; i++) d[i] = draw(g);
  return finish(t, opts);
}

/**
 * Uniform samples in [0, 1), like `torch.rand`.
 * @param shape - the shape.
 * @param opts - dtype, requiresGrad, generator.
 * @returns the new tensor.
 * @example
 * ```ts
 * rand([2, 2], { generator: new Generator(0) });
 * ```
 */
export function rand(shape: readonly number[], opts: RandomOptions = {}): Tensor {
  return randomFill(shape, opts, 'rand', (g) => g.random());
}

/**
 * Standard normal samples, like `torch.randn`.
 * @param shape - the shape.
 * @param opts - dtype, requiresGrad, generator.
 * @returns the new tensor.
 * @example
 * ```ts
 * manualSeed(0); const x = randn([3, 4]);
 * ```
 */
export function randn(shape: readonly number[], opts: RandomOptions = {}): Tensor {
  return randomFill(shape, opts, 'randn', (g) => g.randn());
}

/**
 * Uniform integers in [low, high), like `torch.randint` (int32 by default).
 * @param low - inclusive lower bound.
 * @param high - exclusive upper bound.
 * @param shape - the shape.
 * @param opts - dtype, generator.
 * @returns the new tensor.
 * @throws RangeError when high <= low.
 * @example
 * ```ts
 * randint(0, 10, [5]);
 * ```
 */
export function randint(low: number, high: number, shape: readonly number[], opts: RandomOptions = {}): Tensor {
  if (!(high > low)) throw new RangeError(`randint: high (${high}) must be greater than low (${low})`);
  return randomFill(shape, { dtype: 'int32', ...opts }, 'randint', (g) => g.randint(low, high));
}

/**
 * Uniform samples shaped like `t`.
 * @param t - the model tensor.
 * @param opts - dtype, requiresGrad, generator.
 * @returns the new tensor.
 * @example
 * ```ts
 * randLike(x);
 * ```
 */
export function randLike(t: Tensor, opts: RandomOptions = {}): Tensor {
  return rand(t.shape, { dtype: t.dtype, ...opts });
}

/**
 * Normal samples shaped like `t`.
 * @param t - the model tensor.
 * @param opts - dtype, requiresGrad, generator.
 * @returns the new tensor.
 * @example
 * ```ts
 * randnLike(x);
 * ```
 */
export function randnLike(t: Tensor, opts: RandomOptions = {}): Tensor {
  return randn(t.shape, { dtype: t.dtype, ...opts });
}

/**
 * A random permutation of 0..n-1 (int32), like `torch.randperm`.
 * @param n - the length.
 * @param opts - generator.
 * @returns the permutation.
 * @example
 * ```ts
 * randperm(5, { generator: new Generator(1) });
 * ```
 */
export function randperm(n: number, opts: RandomOptions = {}): Tensor {
  const g = opts.generator ?? defaultGenerator;
  const a = new Int32Array(n);
  for (let i = 0; i < n; i++) a[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = g.randint(0, i + 1);
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return Tensor.fromData(a, [n], 'int32');
}
