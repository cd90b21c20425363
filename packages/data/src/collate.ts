/**
 * Collation: turning a list of items into one batch, like `torch.utils.data.default_collate`.
 * @module
 */
import { Tensor, stack, tensor } from '@chainrule/autograd';

/**
 * The typed arrays {@link defaultCollate} turns into tensors (numpy arrays in PyTorch's).
 * @example
 * ```ts
 * import type { CollatableArray } from '@chainrule/data';
 * const row: CollatableArray = new Float32Array(4);
 * ```
 */
export type CollatableArray =
  | Float64Array
  | Float32Array
  | Int32Array
  | Int16Array
  | Int8Array
  | Uint32Array
  | Uint16Array
  | Uint8Array
  | Uint8ClampedArray;

/**
 * The type of the batch {@link defaultCollate} builds from items of type `T`: tensors, numbers,
 * booleans and typed arrays become one tensor; strings become an array; arrays (tuples) and
 * objects keep their structure with each field collated.
 * @typeParam T - the item type.
 * @example
 * ```ts
 * import type { Tensor } from '@chainrule/autograd';
 * import type { Collated } from '@chainrule/data';
 * type B = Collated<{ image: Tensor; label: number; name: string }>;
 * // { image: Tensor; label: Tensor; name: string[] }
 * ```
 */
export type Collated<T> = T extends Tensor
  ? Tensor
  : T extends number | boolean | CollatableArray
    ? Tensor
    : T extends string
      ? string[]
      : T extends readonly unknown[]
        ? { -readonly [K in keyof T]: Collated<T[K]> }
        : T extends object
          ? { -readonly [K in keyof T]: Collated<T[K]> }
          : never;

/**
 * A batch could not be collated; the message names the path of the offending field, such as
 * `batch[3].image` or `batch[*][1]`.
 * @example
 * ```ts
 * import { defaultCollate } from '@chainrule/data';
 * defaultCollate([{ a: 1 }, { b: 2 }]); // throws CollateError: batch[1] has keys {b} but batch[0] has {a}
 * ```
 */
export class CollateError extends TypeError {
  /**
   * @param message - the full message.
   * @param options - optional `cause`.
   */
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CollateError';
  }
}

function kind(v: unknown): string {
  if (v === null) return 'null';
  if (v instanceof Tensor) return 'Tensor';
  if (ArrayBuffer.isView(v)) return v.constructor.name;
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

function toTensorData(a: CollatableArray): Float64Array | Float32Array | Int32Array {
  if (a instanceof Float64Array || a instanceof Float32Array || a instanceof Int32Array) return a;
  return Int32Array.from(a);
}

function isCollatableArray(v: unknown): v is CollatableArray {
  return ArrayBuffer.isView(v) && !(v instanceof DataView) && !(v instanceof BigInt64Array) && !(v instanceof BigUint64Array);
}

function collateAt(batch: readonly unknown[], path: string): unknown {
  const elem = batch[0];
  const k = kind(elem);
  batch.forEach((b, i) => {
    const kb = kind(b);
    if (kb !== k) throw new CollateError(`defaultCollate: ${path.replace('*', String(i))} is ${kb} but ${path.replace('*', '0')} is ${k}`);
  });
  if (elem instanceof Tensor) {
    try {
      return stack(batch as Tensor[], 0);
    } catch (e) {
      throw new CollateError(`defaultCollate: cannot stack the tensors at ${path}: ${(e as Error).message}`, { cause: e });
    }
  }
  if (typeof elem === 'number') {
    const nums = batch as number[];
    const ints = nums.every((x) => Number.isInteger(x) && x >= -2147483648 && x <= 2147483647);
    return ints ? tensor(Int32Array.from(nums), { dtype: 'int32' }) : tensor(Float64Array.from(nums), { dtype: 'float64' });
  }
  if (typeof elem === 'boolean') return tensor(Uint8Array.from(batch as boolean[], (b) => (b ? 1 : 0)), { dtype: 'bool' });
  if (typeof elem === 'string') return [...(batch as string[])];
  if (isCollatableArray(elem)) {
    const arrays = batch as CollatableArray[];
    const n = elem.length;
    arrays.forEach((a, i) => {
      if (a.length !== n) {
        throw new CollateError(`defaultCollate: cannot stack the arrays at ${path}: ${path.replace('*', String(i))} has length ${a.length}, ${path.replace('*', '0')} has ${n}`);
      }
    });
    return stack(arrays.map((a) => tensor(toTensorData(a))), 0);
  }
  if (Array.isArray(elem)) {
    const lists = batch as unknown[][];
    const n = elem.length;
    lists.forEach((a, i) => {
      if (a.length !== n) {
        throw new CollateError(
          `defaultCollate: each element in list of batch should be of equal size: ${path.replace('*', String(i))} has ${a.length} entries, ${path.replace('*', '0')} has ${n}`,
        );
      }
    });
    return elem.map((_, j) => collateAt(lists.map((a) => a[j]), `${path}[${j}]`));
  }
  if (typeof elem === 'object' && elem !== null) {
    const objs = batch as Record<string, unknown>[];
    const keys = Object.keys(elem);
    const keyList = keys.join(', ');
    objs.forEach((o, i) => {
      const ok = Object.keys(o);
      if (ok.length !== keys.length || !keys.every((key) => Object.prototype.hasOwnProperty.call(o, key))) {
        throw new CollateError(`defaultCollate: ${path.replace('*', String(i))} has keys {${ok.join(', ')}} but ${path.replace('*', '0')} has {${keyList}}`);
      }
    });
    const out: Record<string, unknown> = {};
    for (const key of keys) out[key] = collateAt(objs.map((o) => o[key]), `${path}.${key}`);
    return out;
  }
  throw new CollateError(
    `defaultCollate: batch must contain tensors, numbers, booleans, strings, typed arrays, arrays or objects; found ${k} at ${path.replace('*', '0')}`,
  );
}

/**
 * Merges a list of items into one batch, the way PyTorch's `default_collate` does. By kind:
 *
 * - tensors are stacked along a new first dimension;
 * - numbers become a 1-D tensor: int32 when every number is an integer in the int32 range,
 *   float64 otherwise; booleans become a bool tensor;
 * - typed arrays become tensors (Float64Array float64, Float32Array float32, integer arrays
 *   int32) and are stacked;
 * - strings are gathered into an array;
 * - arrays (tuples) and plain objects keep their structure, and each position or key is
 *   collated across the batch (recursively).
 *
 * NOTE: the dtype of a number field is decided per batch. Float targets that happen to be
 * whole numbers in one batch would come out int32; give such targets as tensors, as a
 * Float64Array, or use a custom `collateFn`.
 *
 * @typeParam T - the item type.
 * @param batch - the items (at least one).
 * @returns the collated batch.
 * @throws {@link CollateError} for an empty batch, items of different kinds at the same place,
 *   arrays of different lengths, objects with different keys, tensors of different shapes, or
 *   values that cannot be collated (`null`, `undefined`, functions); the message names the path.
 * @example
 * ```ts
 * import { tensor } from '@chainrule/autograd';
 * import { defaultCollate } from '@chainrule/data';
 * const b = defaultCollate([
 *   { x: tensor([1, 2]), y: 0, tag: 'a' },
 *   { x: tensor([3, 4]), y: 1, tag: 'b' },
 * ]);
 * b.x.shape; // [2, 2]
 * b.y.dtype; // 'int32'
 * b.tag; // ['a', 'b']
 * ```
 */
export function defaultCollate<T>(batch: readonly T[]): Collated<T> {
  if (batch.length === 0) throw new CollateError('defaultCollate: cannot collate an empty batch');
  return collateAt(batch, 'batch[*]') as Collated<T>;
}
