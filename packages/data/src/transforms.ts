/**
 * Transforms: plain functions from one item (or part of one) to another, chained with
 * {@link compose}, like `torchvision.transforms`. A dataset applies them in `get`, for instance
 * `MNIST.load({ transform: compose([toTensor(), normalize([0.1307], [0.3081]), flatten()]) })`.
 * @module
 */
import { stack, Tensor, tensor } from '@chainrule/autograd';
import type { DType } from '@chainrule/autograd';

/**
 * A transform: any function from `A` to `B`.
 * @typeParam A - the input type.
 * @typeParam B - the output type.
 * @example
 * ```ts
 * import type { Transform } from '@chainrule/data';
 * const double: Transform<number, number> = (x) => 2 * x;
 * ```
 */
export type Transform<A, B> = (input: A) => B;

/**
 * @internal What a transform made here may carry besides itself, for datasets that read whole
 * batches (`getBatch`): `batch(inputs)` gives what collating `inputs.map(t)` gives, and
 * `onBatch(b)` maps the collated batch of inputs to the collated batch of results. Either gives
 * the same values as the item-by-item path, in a few ops per batch instead of per item.
 */
export interface BatchForms {
  batch?: (inputs: readonly unknown[]) => unknown;
  onBatch?: (batch: unknown) => unknown;
}

/** @internal The batched form of transform `t` (with {@link BatchForms}), or undefined. */
export function batchForm<A, B>(t: Transform<A, B>): ((inputs: readonly A[]) => unknown) | undefined {
  const f = t as Transform<A, B> & BatchForms;
  if (f.batch !== undefined) return f.batch as (inputs: readonly A[]) => unknown;
  const on = f.onBatch;
  return on === undefined ? undefined : (inputs) => on(stack(inputs as unknown as Tensor[], 0));
}

function withForms<A, B>(t: Transform<A, B>, forms: BatchForms): Transform<A, B> {
  return Object.assign(t, forms);
}

/**
 * An image as bytes, interleaved row by row (`height × width × channels`, the layout of the
 * browser's `ImageData`, of PIL and of numpy images): MNIST items, `ImageData`, or any object
 * with these three fields. The channel count is `data.length / (width * height)`.
 * @example
 * ```ts
 * import type { ImageLike } from '@chainrule/data';
 * const img: ImageLike = { data: new Uint8Array([0, 128, 255, 64]), width: 2, height: 2 };
 * ```
 */
export interface ImageLike {
  /** The pixel bytes, 0..255, `height × width × channels`. */
  readonly data: Uint8Array | Uint8ClampedArray;
  /** Pixels per row. */
  readonly width: number;
  /** Rows. */
  readonly height: number;
}

/**
 * Chains transforms left to right, like `torchvision.transforms.Compose`.
 * @param transforms - the transforms, applied in order.
 * @returns one transform that applies them all.
 * @throws TypeError when an entry is not a function.
 * @example
 * ```ts
 * import { compose, flatten, normalize, toTensor } from '@chainrule/data';
 * const t = compose([toTensor(), normalize([0.5], [0.5]), flatten()]);
 * t({ data: new Uint8Array([0, 255, 255, 0]), width: 2, height: 2 }).tolist(); // [-1, 1, 1, -1]
 * ```
 */
export function compose<A, B>(transforms: readonly [Transform<A, B>]): Transform<A, B>;
export function compose<A, B, C>(transforms: readonly [Transform<A, B>, Transform<B, C>]): Transform<A, C>;
export function compose<A, B, C, D>(transforms: readonly [Transform<A, B>, Transform<B, C>, Transform<C, D>]): Transform<A, D>;
export function compose<A, B, C, D, E>(
  transforms: readonly [Transform<A, B>, Transform<B, C>, Transform<C, D>, Transform<D, E>],
): Transform<A, E>;
export function compose<A, B, C, D, E, F>(
  transforms: readonly [Transform<A, B>, Transform<B, C>, Transform<C, D>, Transform<D, E>, Transform<E, F>],
): Transform<A, F>;
export function compose<A = unknown, Z = unknown>(transforms: readonly Transform<never, unknown>[]): Transform<A, Z>;
export function compose(transforms: readonly Transform<never, unknown>[]): Transform<unknown, unknown> {
  transforms.forEach((t, i) => {
    if (typeof t !== 'function') throw new TypeError(`compose: transform ${i} is ${t === null ? 'null' : typeof t}, not a function`);
  });
  const list = [...transforms] as (Transform<unknown, unknown> & BatchForms)[];
  const run: Transform<unknown, unknown> = (x: unknown) => list.reduce((v, t) => t(v), x);
  // batched when the first transform can take a list and every later one a collated batch
  const rest = list.slice(1).map((t) => t.onBatch);
  if (list.length === 0 || rest.some((f) => f === undefined)) return run;
  let later = rest as ((b: unknown) => unknown)[];
  let first = batchForm(list[0]!);
  const onFirst = list[0]!.onBatch;
  // toTensor then normalize: one pass, each byte mapped through a per-channel table of
  // ((b / 255) − mean) / std, rounded as the two ops round it
  const images = toTensorInfo.get(list[0]!);
  const norm = list[1] === undefined ? undefined : normalizeInfo.get(list[1]);
  if (images !== undefined && norm !== undefined && first !== undefined) {
    const [plain, normalizeBatch] = [first, later[0]!];
    first = (inputs) => images.batchWith(inputs as readonly ImageLike[], (c) => norm.tables(c, images.dtype)) ?? normalizeBatch(plain(inputs));
    later = later.slice(1);
  }
  const forms: BatchForms = {};
  if (first !== undefined) forms.batch = (inputs) => later.reduce((b, f) => f(b), first(inputs));
  if (onFirst !== undefined) forms.onBatch = (b) => later.reduce((v, f) => f(v), onFirst(b));
  return withForms(run, forms);
}

/** 0..255 divided by 255, once. */
const BYTE_TO_UNIT = Float64Array.from({ length: 256 }, (_, b) => b / 255);
const BYTE_TO_UNIT_F32 = Float32Array.from(BYTE_TO_UNIT);

/** What a byte becomes, per channel: a table of 256 values in the result's dtype. */
type ByteTables = (c: number) => readonly (Float32Array | Float64Array)[];

/** toTensor's batch writer, for compose to fuse a following normalize into it. */
const toTensorInfo = new WeakMap<object, { dtype: 'float32' | 'float64'; batchWith: (imgs: readonly ImageLike[], tables: ByteTables) => Tensor | null }>();
/** normalize's byte tables: ((b / 255) − mean[k]) / std[k], rounded per op in the dtype. */
const normalizeInfo = new WeakMap<object, { tables: (c: number, dtype: 'float32' | 'float64') => (Float32Array | Float64Array)[] }>();

/** The common case (grey bytes to float32) in a loop of its own, monomorphic and fast. */
function grayToF32(data: Uint8Array, out: Float32Array, at: number, n: number, table: Float32Array): void {
  for (let i = 0; i < n; i++) out[at + i] = table[data[i]!]!;
}

/**
 * Options of {@link toTensor}.
 * @example
 * ```ts
 * import { toTensor } from '@chainrule/data';
 * const t = toTensor({ dtype: 'float64' });
 * ```
 */
export interface ToTensorOptions {
  /** The result's dtype, `float32` (default) or `float64`. */
  dtype?: 'float32' | 'float64';
}

/**
 * Converts an image of bytes to a float tensor `[C, H, W]` with values in [0, 1] (each byte
 * divided by 255), like `torchvision.transforms.ToTensor` (channels move to the front).
 * @param opts - `dtype` (default float32).
 * @returns the transform.
 * @throws RangeError (when applied) when `width`/`height` are not positive integers or
 *   `data.length` is not a multiple of `width * height`.
 * @example
 * ```ts
 * import { toTensor } from '@chainrule/data';
 * const x = toTensor()({ data: new Uint8Array([0, 51, 102, 255]), width: 2, height: 2 });
 * x.shape; // [1, 2, 2]
 * x.tolist(); // [[[0, 0.2], [0.4, 1]]] (float32)
 * ```
 */
export function toTensor(opts: ToTensorOptions = {}): Transform<ImageLike, Tensor> {
  const dtype = opts.dtype ?? 'float32';
  if (dtype !== 'float32' && dtype !== 'float64') throw new TypeError(`toTensor: dtype must be float32 or float64, got ${String(dtype)}`);
  /** Checks an image; returns its channel count. */
  const channels = (img: ImageLike): number => {
    const { data, width: w, height: h } = img;
    if (!Number.isInteger(w) || !Number.isInteger(h) || w <= 0 || h <= 0) {
      throw new RangeError(`toTensor: width and height must be positive integers, got ${w} × ${h}`);
    }
    const c = data.length / (w * h);
    if (!Number.isInteger(c) || c === 0) {
      throw new RangeError(`toTensor: ${data.length} bytes is not a whole number of ${w} × ${h} channels`);
    }
    return c;
  };
  /** Writes image `img` of c channels, channels first, into `out` from `at`, byte b of channel k as tables[k][b]. */
  const write = (img: ImageLike, c: number, out: Float32Array | Float64Array, at: number, tables: readonly (Float32Array | Float64Array)[]): void => {
    const { data } = img;
    const hw = img.width * img.height;
    const t0 = tables[0]!;
    if (c === 1 && out instanceof Float32Array && data instanceof Uint8Array && t0 instanceof Float32Array) grayToF32(data, out, at, hw, t0);
    else if (c === 1) for (let i = 0; i < hw; i++) out[at + i] = t0[data[i]!]!;
    else {
      for (let p = 0; p < hw; p++) for (let k = 0; k < c; k++) out[at + k * hw + p] = tables[k]![data[p * c + k]!]!;
    }
  };
  const unit = (c: number): (Float32Array | Float64Array)[] => new Array<Float32Array | Float64Array>(c).fill(dtype === 'float32' ? BYTE_TO_UNIT_F32 : BYTE_TO_UNIT);
  const alloc = (n: number): Float32Array | Float64Array => (dtype === 'float32' ? new Float32Array(n) : new Float64Array(n));
  const one = (img: ImageLike): Tensor => {
    const c = channels(img);
    const out = alloc(img.data.length);
    write(img, c, out, 0, unit(c));
    return tensor(out, { shape: [c, img.height, img.width], dtype });
  };
  // a list of images of one size: one [N, C, H, W] tensor, written in place
  const batchWith = (list: readonly ImageLike[], tables: ByteTables): Tensor | null => {
    const first = list[0];
    if (first === undefined || list.some((img) => img.width !== first.width || img.height !== first.height || img.data.length !== first.data.length)) return null;
    const c = channels(first);
    const t = tables(c);
    const size = first.data.length;
    const out = alloc(list.length * size);
    list.forEach((img, i) => write(img, c, out, i * size, t));
    return tensor(out, { shape: [list.length, c, first.height, first.width], dtype });
  };
  const batch = (imgs: readonly unknown[]): Tensor => batchWith(imgs as readonly ImageLike[], unit) ?? stack((imgs as readonly ImageLike[]).map(one), 0);
  const t = withForms(one, { batch });
  toTensorInfo.set(t, { dtype, batchWith });
  return t;
}

function perChannel(name: string, v: number | readonly number[]): number[] {
  const list = typeof v === 'number' ? [v] : [...v];
  if (list.length === 0) throw new RangeError(`normalize: ${name} is empty`);
  list.forEach((x, i) => {
    if (!Number.isFinite(x)) throw new RangeError(`normalize: ${name}[${i}] is ${x}, not a finite number`);
  });
  return list;
}

/**
 * Normalizes a float image tensor `[..., C, H, W]` channel by channel, `(x - mean[c]) / std[c]`,
 * like `torchvision.transforms.Normalize`. One value (or a one-element list) applies to every
 * channel. Not in place: it returns a new tensor.
 * @param mean - the mean per channel.
 * @param std - the standard deviation per channel (non-zero).
 * @returns the transform.
 * @throws RangeError when `mean`/`std` are empty, not finite, or a std is zero; and (when applied)
 *   when the tensor has fewer than 3 dimensions or its channel count does not match.
 * @throws TypeError (when applied) for a tensor that is not float32 or float64.
 * @example
 * ```ts
 * import { tensor } from '@chainrule/autograd';
 * import { normalize } from '@chainrule/data';
 * const x = tensor([[[0, 1]], [[0.5, 0.5]]]); // shape [2, 1, 2]
 * normalize([0.5, 0.25], [0.5, 0.25])(x).tolist(); // [[[-1, 1]], [[1, 1]]]
 * ```
 */
export function normalize(mean: number | readonly number[], std: number | readonly number[]): Transform<Tensor, Tensor> {
  const m = perChannel('mean', mean);
  const s = perChannel('std', std);
  s.forEach((x, i) => {
    if (x === 0) throw new RangeError(`normalize: std[${i}] is zero, leading to division by zero`);
  });
  // `lead`: the leading batch dims not part of the image (1 for a collated batch)
  const apply = (x: Tensor, lead: number): Tensor => {
    if (x.dtype !== 'float32' && x.dtype !== 'float64') {
      throw new TypeError(`normalize: input tensor should be a float tensor, got ${x.dtype} (convert with toTensor or .float())`);
    }
    if (x.ndim - lead < 3) {
      throw new RangeError(`normalize: expected a tensor image of shape [..., C, H, W], got shape [${x.shape.slice(lead).join(', ')}]`);
    }
    const c = x.shape[x.ndim - 3]!;
    const shape = [c, 1, 1];
    const mt = tensor(fit(m, 'mean', c), { shape, dtype: x.dtype });
    const st = tensor(fit(s, 'std', c), { shape, dtype: x.dtype });
    return x.sub(mt).div(st);
  };
  const t = withForms((x: Tensor) => apply(x, 0), { onBatch: (b) => apply(b as Tensor, 1) });
  const cache = new Map<string, (Float32Array | Float64Array)[]>();
  normalizeInfo.set(t, {
    tables: (c, dtype) => {
      const key = `${c} ${dtype}`;
      let tables = cache.get(key);
      if (tables === undefined) {
        const [mc, sc] = [fit(m, 'mean', c), fit(s, 'std', c)];
        // (x − m) / s as sub and div compute it: each result rounded to the dtype
        const r = dtype === 'float32' ? Math.fround : (v: number): number => v;
        const unit = dtype === 'float32' ? BYTE_TO_UNIT_F32 : BYTE_TO_UNIT;
        tables = mc.map((mk, k) => {
          const out = dtype === 'float32' ? new Float32Array(256) : new Float64Array(256);
          for (let b = 0; b < 256; b++) out[b] = r(r(unit[b]! - r(mk)) / r(sc[k]!));
          return out;
        });
        cache.set(key, tables);
      }
      return tables;
    },
  });
  return t;
}

/** normalize's values for c channels: one per channel, or one for all. */
function fit(v: number[], name: string, c: number): number[] {
  if (v.length === c) return v;
  if (v.length === 1) return new Array<number>(c).fill(v[0]!);
  throw new RangeError(`normalize: ${name} has ${v.length} values but the image has ${c} channels`);
}

/**
 * Flattens dimensions `startDim..endDim` of a tensor into one, like `torch.flatten` (an image
 * `[1, 28, 28]` becomes `[784]`, the input of a `Linear(784, …)`).
 * @param startDim - the first dimension to flatten (default 0).
 * @param endDim - the last (default -1).
 * @returns the transform.
 * @example
 * ```ts
 * import { zeros } from '@chainrule/autograd';
 * import { flatten } from '@chainrule/data';
 * flatten()(zeros([1, 28, 28])).shape; // [784]
 * ```
 */
export function flatten(startDim = 0, endDim = -1): Transform<Tensor, Tensor> {
  const one = (x: Tensor): Tensor => x.flatten(startDim, endDim);
  // on a batch: the same dims of each item (the first item checks them, as item by item)
  const onBatch = (b: unknown): Tensor => {
    const x = b as Tensor;
    const d = x.ndim - 1;
    if (d === 0) {
      one(tensor(0)); // 0-dim items become [1]
      return x.reshape([x.shape[0]!, 1]);
    }
    if (x.shape[0]! > 0) one(x.narrow(0, 0, 1).squeeze(0));
    const shift = (dim: number): number => (dim < 0 ? dim : dim + 1);
    return x.flatten(shift(startDim), shift(endDim));
  };
  return withForms(one, { onBatch });
}

/**
 * Options of {@link oneHot}.
 * @example
 * ```ts
 * import { oneHot } from '@chainrule/data';
 * const t = oneHot(10, { dtype: 'int32' });
 * ```
 */
export interface OneHotOptions {
  /** The result's dtype (default float32, ready for `mseLoss` or probability targets). */
  dtype?: DType;
}

/**
 * Turns class indices into one-hot vectors, like `torch.nn.functional.one_hot` used as a target
 * transform: a number gives a tensor `[numClasses]`, an int32 tensor of shape `S` gives `[...S, numClasses]`.
 *
 * NOTE: PyTorch's `one_hot` returns int64; here the default dtype is float32, the type the
 * losses that take one-hot targets need. Pass `{ dtype: 'int32' }` for integers.
 * @param numClasses - the number of classes (a positive integer).
 * @param opts - `dtype` (default float32).
 * @returns the transform.
 * @throws RangeError when `numClasses` is not a positive integer, and (when applied) for a class
 *   that is not an integer in `[0, numClasses)`.
 * @throws TypeError (when applied) for a tensor that is not int32.
 * @example
 * ```ts
 * import { oneHot } from '@chainrule/data';
 * oneHot(4)(2).tolist(); // [0, 0, 1, 0]
 * ```
 */
export function oneHot(numClasses: number, opts: OneHotOptions = {}): Transform<number | Tensor, Tensor> {
  if (!Number.isInteger(numClasses) || numClasses <= 0) throw new RangeError(`oneHot: numClasses must be a positive integer, got ${numClasses}`);
  const dtype = opts.dtype ?? 'float32';
  const one = (y: number | Tensor): Tensor => {
    let classes: ArrayLike<number>;
    let shape: number[];
    if (y instanceof Tensor) {
      if (y.dtype !== 'int32') throw new TypeError(`oneHot: class indices must be int32, got ${y.dtype}`);
      classes = y.toArray();
      shape = [...y.shape, numClasses];
    } else {
      classes = [y];
      shape = [numClasses];
    }
    const out = new Float64Array(classes.length * numClasses);
    for (let i = 0; i < classes.length; i++) {
      const k = classes[i]!;
      if (!Number.isInteger(k) || k < 0 || k >= numClasses) throw new RangeError(`oneHot: class ${k} is out of range for ${numClasses} classes`);
      out[i * numClasses + k] = 1;
    }
    return tensor(out, { shape, dtype });
  };
  // class numbers: one [N, numClasses] tensor; tensors: stacked
  const batch = (ys: readonly unknown[]): Tensor =>
    ys.every((y) => typeof y === 'number') ? one(tensor(Int32Array.from(ys as number[], (k) => checkClass(k)), { dtype: 'int32' })) : stack((ys as (number | Tensor)[]).map(one), 0);
  const checkClass = (k: number): number => {
    if (!Number.isInteger(k) || k < 0 || k >= numClasses) throw new RangeError(`oneHot: class ${k} is out of range for ${numClasses} classes`);
    return k;
  };
  return withForms(one, { batch });
}

/**
 * Wraps a function as a transform, like `torchvision.transforms.Lambda` (any function already
 * is one; this checks it and names the intent).
 * @param fn - the function.
 * @returns `fn`.
 * @throws TypeError when `fn` is not a function.
 * @example
 * ```ts
 * import { compose, lambda } from '@chainrule/data';
 * const t = compose([lambda((x: number) => x + 1), lambda((x: number) => x * 10)]);
 * t(1); // 20
 * ```
 */
export function lambda<A, B>(fn: (input: A) => B): Transform<A, B> {
  if (typeof fn !== 'function') throw new TypeError(`lambda: argument should be callable, got ${fn === null ? 'null' : typeof fn}`);
  return fn;
}
