/**
 * Creating tensors: from data, filled, ranges, identity, and seeded random.
 * @module
 */
import { checkDType } from './dtype.js';
import { checkOptions } from './ops/options.js';
import type { DType, TypedArray } from './dtype.js';
import { defaultGenerator } from './random.js';
import type { Generator } from './random.js';
import { checkShape, fmtShape, numelOf } from './shape.js';
import { Tensor } from './tensor.js';
import type { NestedArray } from './tensor.js';
import { tracer } from './compile/hooks.js';

/**
 * Options shared by the creation functions.
 * @example zeros([2], { dtype: 'float64', requiresGrad: true }); // tensor([0., 0.], dtype=torch.float64, requires_grad=True)
 */
export interface CreateOptions {
  /** Element type (default float32, or inferred from the data). */
  dtype?: DType;
  /** Make the result a leaf that requires grad. */
  requiresGrad?: boolean;
}

/**
 * Options of the random creation functions: those of {@link CreateOptions} and a generator.
 * @example randn([2], { generator: new Generator(0), dtype: 'float64' }); // shape [2]
 */
export interface RandomOptions extends CreateOptions {
  /** The generator to draw from (default: the global one seeded by {@link manualSeed}). */
  generator?: Generator;
}

/** Sets `requiresGrad`; an option `op` does not take is an error naming it. */
function finish(op: string, t: Tensor, opts: CreateOptions, extra: readonly string[] = []): Tensor {
  checkOptions(op, opts, ['dtype', 'requiresGrad', ...extra]);
  // the elements were written here, in JavaScript: a constant of a capture in progress
  if (tracer !== null) tracer.literal(t);
  if (opts.requiresGrad) t.requiresGrad_(true);
  return t;
}

function inferDType(data: NestedArray | TypedArray | ArrayLike<number>): DType {
  if (data instanceof Float64Array) return 'float64';
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Uint8Array || data instanceof Uint8ClampedArray) return 'uint8';
  if (data instanceof Int8Array) return 'int8';
  if (ArrayBuffer.isView(data)) return 'int32';
  let v: unknown = data;
  while (Array.isArray(v)) v = v[0];
  return typeof v === 'boolean' ? 'bool' : 'float32';
}

/**
 * A tensor from nested arrays, a typed array or a number, like `torch.tensor` (the data is
 * copied). JS numbers become float32 unless `dtype` says otherwise; booleans become bool;
 * a Float64Array gives float64, a Float32Array float32, a Uint8Array (or Uint8ClampedArray, as
 * canvas pixels come) uint8, an Int8Array int8 and other typed arrays int32. Values outside an
 * integer dtype's range wrap, as a typed array stores them.
 * @param data - nested arrays of numbers or booleans, a typed array, or a number.
 * @param opts - `dtype`, `requiresGrad`, and `shape` to give flat data a shape.
 * @returns the new tensor.
 * @throws RangeError for ragged nested arrays or a `shape` that does not fit the data.
 * @throws TypeError for an element that is not a number or boolean, or an unknown dtype.
 * @example
 * ```ts
 * import { tensor } from '@chainrule/autograd';
 * tensor([[1, 2], [3, 4]], { dtype: 'float64', requiresGrad: true }); // tensor([[1., 2.], [3., 4.]], dtype=torch.float64, requires_grad=True)
 * tensor(new Float32Array([1, 2, 3, 4, 5, 6]), { shape: [2, 3] }); // shape [2, 3]
 * tensor([true, false]); // tensor([ True, False])
 * tensor([[1, 2], [3]]); // throws RangeError: ragged
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
  const arr = t._out();
  if (dtype === 'bool') for (let i = 0; i < flat.length; i++) arr[i] = flat[i] ? 1 : 0;
  else arr.set(flat as ArrayLike<number>);
  return finish('tensor', t, opts, ['shape']);
}

/**
 * A tensor of `shape` filled with `value`, like `torch.full`.
 * @param shape - the shape.
 * @param value - the fill value.
 * @param opts - `dtype` (default float32), `requiresGrad`.
 * @returns the new tensor.
 * @throws RangeError for an invalid shape.
 * @throws TypeError for an unknown dtype, or `requiresGrad` with a non-float dtype.
 * @example full([2, 2], 7); // tensor([[7., 7.], [7., 7.]])
 */
export function full(shape: readonly number[], value: number, opts: CreateOptions = {}): Tensor {
  return filled('full', shape, value, opts);
}

/** `full`, with errors naming the function the user called. */
function filled(op: string, shape: readonly number[], value: number, opts: CreateOptions): Tensor {
  const t = Tensor.empty(checkShape(shape, op), checkDType(opts.dtype ?? 'float32', op));
  if (value !== 0) t._out().fill(t.dtype === 'bool' ? Number(value !== 0) : value);
  return finish(op, t, opts);
}

/**
 * Zeros of `shape`, like `torch.zeros`.
 * @param shape - the shape.
 * @param opts - `dtype` (default float32), `requiresGrad`.
 * @returns the new tensor.
 * @throws RangeError for an invalid shape.
 * @throws TypeError for an unknown dtype, or `requiresGrad` with a non-float dtype.
 * @example zeros([2, 3], { dtype: 'float64' }); // tensor([[0., 0., 0.], [0., 0., 0.]], dtype=torch.float64)
 */
export function zeros(shape: readonly number[], opts: CreateOptions = {}): Tensor {
  return filled('zeros', shape, 0, opts);
}

/**
 * Ones of `shape`, like `torch.ones`.
 * @param shape - the shape.
 * @param opts - `dtype` (default float32), `requiresGrad`.
 * @returns the new tensor.
 * @throws RangeError for an invalid shape.
 * @throws TypeError for an unknown dtype, or `requiresGrad` with a non-float dtype.
 * @example ones([3], { dtype: 'int32' }); // tensor([1, 1, 1], dtype=torch.int32)
 */
export function ones(shape: readonly number[], opts: CreateOptions = {}): Tensor {
  return filled('ones', shape, 1, opts);
}

/**
 * Zeros with `t`'s shape (and dtype unless given), like `torch.zeros_like`.
 * @param t - the tensor whose shape to take.
 * @param opts - `dtype`, `requiresGrad`.
 * @returns the new tensor.
 * @throws TypeError for an unknown dtype, or `requiresGrad` with a non-float dtype.
 * @example zerosLike(arange(3)); // tensor([0, 0, 0], dtype=torch.int32)
 */
export function zerosLike(t: Tensor, opts: CreateOptions = {}): Tensor {
  return filled('zerosLike', t.shape, 0, { dtype: t.dtype, ...opts });
}

/**
 * Ones with `t`'s shape (and dtype unless given), like `torch.ones_like`.
 * @param t - the tensor whose shape to take.
 * @param opts - `dtype`, `requiresGrad`.
 * @returns the new tensor.
 * @throws TypeError for an unknown dtype, or `requiresGrad` with a non-float dtype.
 * @example onesLike(zeros([2]), { dtype: 'float64' }); // tensor([1., 1.], dtype=torch.float64)
 */
export function onesLike(t: Tensor, opts: CreateOptions = {}): Tensor {
  return filled('onesLike', t.shape, 1, { dtype: t.dtype, ...opts });
}

/**
 * `value` everywhere, with `t`'s shape (and dtype unless given), like `torch.full_like`.
 * @param t - the tensor whose shape to take.
 * @param value - the fill value.
 * @param opts - `dtype`, `requiresGrad`.
 * @returns the new tensor.
 * @throws TypeError for an unknown dtype, or `requiresGrad` with a non-float dtype.
 * @example fullLike(zeros([2]), 0.5); // tensor([0.5000, 0.5000])
 */
export function fullLike(t: Tensor, value: number, opts: CreateOptions = {}): Tensor {
  return filled('fullLike', t.shape, value, { dtype: t.dtype, ...opts });
}

/**
 * A tensor of `shape`, like `torch.empty`. Memory always starts cleared here, so it holds zeros
 * (PyTorch's values are whatever the memory held: write before reading, and code ported as is
 * behaves the same).
 * @param shape - the shape.
 * @param opts - `dtype` (default float32), `requiresGrad`.
 * @returns the new tensor.
 * @throws RangeError for an invalid shape.
 * @throws TypeError for an unknown dtype.
 * @example empty([2, 3]).shape; // [2, 3]
 */
export function empty(shape: readonly number[], opts: CreateOptions = {}): Tensor {
  return filled('empty', shape, 0, opts);
}

/**
 * A tensor with `t`'s shape (and dtype unless given), like `torch.empty_like` (zeros, as {@link empty}).
 * @param t - the tensor whose shape to take.
 * @param opts - `dtype`, `requiresGrad`.
 * @returns the new tensor.
 * @throws TypeError for an unknown dtype.
 * @example emptyLike(arange(3)).dtype; // 'int32'
 */
export function emptyLike(t: Tensor, opts: CreateOptions = {}): Tensor {
  return filled('emptyLike', t.shape, 0, { dtype: t.dtype, ...opts });
}

/**
 * Values from `start` to `end` (exclusive) by `step`, like `torch.arange`; `arange(n)` is
 * 0, 1, …, n − 1. Integer arguments give int32 unless `dtype` says otherwise.
 * @param start - the first value (or the end, when it is the only argument).
 * @param end - the exclusive end.
 * @param step - the increment (default 1).
 * @param opts - `dtype`, `requiresGrad`.
 * @returns a 1-D tensor.
 * @throws RangeError for a zero or non-finite step, or a step of the wrong sign.
 * @example
 * ```ts
 * arange(5); // tensor([0, 1, 2, 3, 4], dtype=torch.int32)
 * arange(0, 1, 0.25); // tensor([0.0000, 0.2500, 0.5000, 0.7500])
 * arange(3, 0, -1, { dtype: 'float64' }); // tensor([3., 2., 1.], dtype=torch.float64)
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
  const d = t._out();
  for (let i = 0; i < n; i++) d[i] = start + i * step;
  return finish('arange', t, opts);
}

/**
 * `steps` evenly spaced values from `start` to `end`, both included, like `torch.linspace`.
 * @param start - the first value.
 * @param end - the last value.
 * @param steps - how many values.
 * @param opts - `dtype` (default float32), `requiresGrad`.
 * @returns a 1-D tensor.
 * @throws RangeError when `steps` is not a non-negative integer.
 * @example linspace(0, 1, 5); // tensor([0.0000, 0.2500, 0.5000, 0.7500, 1.0000])
 */
export function linspace(start: number, end: number, steps: number, opts: CreateOptions = {}): Tensor {
  if (!Number.isInteger(steps) || steps < 0) throw new RangeError(`linspace: steps must be a non-negative integer, got ${steps}`);
  const t = Tensor.empty([steps], opts.dtype ?? 'float32');
  const d = steps > 1 ? (end - start) / (steps - 1) : 0;
  const half = Math.floor(steps / 2);
  const out = t._out();
  for (let i = 0; i < steps; i++) out[i] = i < half ? start + i * d : end - (steps - 1 - i) * d;
  return finish('linspace', t, opts);
}

/**
 * The identity matrix, n × m, like `torch.eye`.
 * @param n - the number of rows.
 * @param m - the number of columns (default n).
 * @param opts - `dtype`, `requiresGrad`.
 * @returns the matrix.
 * @throws RangeError for a negative or fractional size.
 * @throws TypeError for an unknown dtype.
 * @example eye(2, 3); // tensor([[1., 0., 0.], [0., 1., 0.]])
 */
export function eye(n: number, m = n, opts: CreateOptions = {}): Tensor {
  const t = zeros([n, m], opts.dtype === undefined ? {} : { dtype: opts.dtype });
  const d = t._out();
  for (let i = 0; i < Math.min(n, m); i++) d[i * m + i] = 1;
  return finish('eye', t, opts);
}

function randomFill(shape: readonly number[], opts: RandomOptions, op: string, draw: (g: Generator) => number): Tensor {
  const t = Tensor.empty(checkShape(shape, op), checkDType(opts.dtype ?? 'float32', op));
  const g = opts.generator ?? defaultGenerator;
  const fill = (d: TypedArray): void => {
    for (let i = 0; i < d.length; i++) d[i] = draw(g);
  };
  fill(t._out());
  // in a compiled function the numbers are drawn again at every call, from the same generator
  if (tracer !== null) tracer.hostFill(t, fill, g);
  return finish(op, t, opts, ['generator']);
}

/**
 * Uniform samples in [0, 1), like `torch.rand`.
 * @param shape - the shape.
 * @param opts - `dtype`, `requiresGrad`, `generator` (default: the seeded {@link defaultGenerator}).
 * @returns the new tensor.
 * @throws RangeError for an invalid shape.
 * @throws TypeError for an unknown dtype.
 * @example
 * ```ts
 * const u = rand([1000], { generator: new Generator(0) });
 * u.min().item() >= 0 && u.max().item() < 1; // true
 * ```
 */
export function rand(shape: readonly number[], opts: RandomOptions = {}): Tensor {
  return randomFill(shape, opts, 'rand', (g) => g.random());
}

/**
 * Standard normal samples, like `torch.randn`.
 * @param shape - the shape.
 * @param opts - `dtype`, `requiresGrad`, `generator` (default: the seeded {@link defaultGenerator}).
 * @returns the new tensor.
 * @throws RangeError for an invalid shape.
 * @throws TypeError for an unknown dtype.
 * @example
 * ```ts
 * manualSeed(0);
 * const x = randn([3, 4]);
 * x.shape; // [3, 4]
 * ```
 */
export function randn(shape: readonly number[], opts: RandomOptions = {}): Tensor {
  return randomFill(shape, opts, 'randn', (g) => g.randn());
}

/**
 * Uniform integers in [low, high), like `torch.randint` (int32 unless `dtype` says otherwise).
 * @param low - the inclusive lower bound.
 * @param high - the exclusive upper bound.
 * @param shape - the shape.
 * @param opts - `dtype`, `generator`.
 * @returns the new tensor.
 * @throws RangeError when `high <= low`, or for an invalid shape.
 * @example
 * ```ts
 * const labels = randint(0, 10, [5], { generator: new Generator(1) });
 * labels.dtype; // 'int32'
 * ```
 */
export function randint(low: number, high: number, shape: readonly number[], opts: RandomOptions = {}): Tensor {
  if (!(high > low)) throw new RangeError(`randint: high (${high}) must be greater than low (${low})`);
  return randomFill(shape, { dtype: 'int32', ...opts }, 'randint', (g) => g.randint(low, high));
}

/**
 * Uniform samples in [0, 1) with `t`'s shape and dtype, like `torch.rand_like`.
 * @param t - the tensor whose shape and dtype to take.
 * @param opts - `dtype`, `requiresGrad`, `generator`.
 * @returns the new tensor.
 * @throws TypeError for an unknown dtype.
 * @example randLike(zeros([2, 2], { dtype: 'float64' })).dtype; // 'float64'
 */
export function randLike(t: Tensor, opts: RandomOptions = {}): Tensor {
  return randomFill(t.shape, { dtype: t.dtype, ...opts }, 'randLike', (g) => g.random());
}

/**
 * Standard normal samples with `t`'s shape and dtype, like `torch.randn_like`.
 * @param t - the tensor whose shape and dtype to take.
 * @param opts - `dtype`, `requiresGrad`, `generator`.
 * @returns the new tensor.
 * @throws TypeError for an unknown dtype.
 * @example randnLike(zeros([2, 3])); // shape [2, 3]
 */
export function randnLike(t: Tensor, opts: RandomOptions = {}): Tensor {
  return randomFill(t.shape, { dtype: t.dtype, ...opts }, 'randnLike', (g) => g.randn());
}

/**
 * A random permutation of 0, 1, …, n − 1 (int32), like `torch.randperm`.
 * @param n - the length.
 * @param opts - `generator`.
 * @returns the permutation.
 * @throws RangeError for a negative or fractional n.
 * @example
 * ```ts
 * const p = randperm(5, { generator: new Generator(1) });
 * [...p.toArray()].sort(); // [0, 1, 2, 3, 4]
 * ```
 */
export function randperm(n: number, opts: RandomOptions = {}): Tensor {
  const g = opts.generator ?? defaultGenerator;
  const fill = (a: TypedArray): void => {
    for (let i = 0; i < n; i++) a[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = g.randint(0, i + 1);
      [a[i], a[j]] = [a[j]!, a[i]!];
    }
  };
  const a = new Int32Array(n);
  fill(a);
  const t = Tensor.fromData(a, [n], 'int32');
  if (tracer !== null) {
    tracer.literal(t);
    tracer.hostFill(t, fill, g);
  }
  return t;
}

function triangleIndices(op: string, row: number, col: number, offset: number, opts: CreateOptions, keep: (i: number, j: number) => boolean): Tensor {
  for (const [name, v] of [['row', row], ['col', col]] as const) {
    if (!Number.isInteger(v) || v < 0) throw new RangeError(`${op}: ${name} must be a non-negative integer, got ${v}`);
  }
  if (!Number.isInteger(offset)) throw new RangeError(`${op}: offset must be an integer, got ${offset}`);
  const rows: number[] = [];
  const cols: number[] = [];
  for (let i = 0; i < row; i++) {
    for (let j = 0; j < col; j++) {
      if (keep(i, j)) {
        rows.push(i);
        cols.push(j);
      }
    }
  }
  return tensor([...rows, ...cols], { dtype: opts.dtype ?? 'int32', shape: [2, rows.length] });
}

/**
 * The coordinates of the lower triangle of a `row` × `col` matrix (on and below diagonal
 * `offset`), row by row, like `torch.tril_indices`.
 * @param row - the number of rows.
 * @param col - the number of columns.
 * @param offset - 0: the main diagonal; positive: above it; negative: below it.
 * @param opts - `dtype` (default int32, PyTorch's int64).
 * @returns a [2, n] tensor: the row indices, then the column indices.
 * @throws RangeError for a negative or fractional size.
 * @example trilIndices(3, 3); // tensor([[0, 1, 1, 2, 2, 2], [0, 0, 1, 0, 1, 2]], dtype=torch.int32)
 */
export function trilIndices(row: number, col: number, offset = 0, opts: Pick<CreateOptions, 'dtype'> = {}): Tensor {
  return triangleIndices('trilIndices', row, col, offset, opts, (i, j) => j - i <= offset);
}

/**
 * The coordinates of the upper triangle of a `row` × `col` matrix (on and above diagonal
 * `offset`), row by row, like `torch.triu_indices`.
 * @param row - the number of rows.
 * @param col - the number of columns.
 * @param offset - 0: the main diagonal; positive: above it; negative: below it.
 * @param opts - `dtype` (default int32, PyTorch's int64).
 * @returns a [2, n] tensor: the row indices, then the column indices.
 * @throws RangeError for a negative or fractional size.
 * @example triuIndices(2, 3, 1); // tensor([[0, 0, 1], [1, 2, 2]], dtype=torch.int32)
 */
export function triuIndices(row: number, col: number, offset = 0, opts: Pick<CreateOptions, 'dtype'> = {}): Tensor {
  return triangleIndices('triuIndices', row, col, offset, opts, (i, j) => j - i >= offset);
}
