/**
 * In-place ops (`add_`, `clamp_`, `copy_`, ...): the checks PyTorch makes before writing into a
 * tensor, and the writes themselves.
 * @module
 */
import { getBackend } from '../backend/registry.js';
import { isFloating } from '../dtype.js';
import type { DType } from '../dtype.js';
import { sameShape } from '../shape.js';
import { Tensor } from '../tensor.js';
import { asTensor, resultDType } from './elementwise.js';
import type { TensorLike } from './elementwise.js';
import { expand } from './shape.js';
import { tracer } from '../compile/hooks.js';

/** Kinds of dtype, in the order PyTorch's in-place ops may cast to (never downwards). */
const KIND: Readonly<Record<DType, number>> = { bool: 0, uint8: 1, int8: 1, int32: 1, float32: 2, float64: 2 };

/**
 * Writes `value` (broadcast) into `t`'s elements and bumps the version. With `castCheck`, as
 * PyTorch, a result of a higher kind is refused (float into int, int into bool).
 */
export function assign<T extends Tensor>(t: T, value: Tensor, op: string, castCheck = true): T {
  if (castCheck && KIND[value.dtype] > KIND[t.dtype]) {
    throw new TypeError(`${op}: result type ${value.dtype} can't be cast to the desired output type ${t.dtype}`);
  }
  t._checkInPlace(op);
  const v = expand(value.detach().to(t.dtype), t.shape);
  // reported before the write: a capture copies what a fresh tensor held before it
  if (tracer !== null) tracer.assign(t, v);
  getBackend().assign(t._inOut(), v._in());
  t._storage.version++;
  return t;
}

/**
 * t ← t `op` other. A contiguous float tensor whose result keeps its dtype and shape is computed
 * straight into its own storage (no temporary, no copy); anything else goes through the
 * out-of-place op and {@link assign}.
 */
export function update<T extends Tensor>(t: T, op: 'add' | 'sub' | 'mul' | 'div', other: TensorLike, name: string): T {
  t._checkInPlace(name);
  const n = t.numel();
  if (n > 0 && isFloating(t.dtype) && t.isContiguous() && resultDType(t, other) === t.dtype && !(other instanceof Tensor && other._storage === t._storage)) {
    const o = asTensor(other, t.dtype);
    if (o.ndim <= t.ndim && o.shape.every((s, i) => s === 1 || s === t.shape[t.ndim - o.ndim + i])) {
      const dst = t._out();
      const full = sameShape(o.shape, t.shape) ? o : o.expand(t.shape);
      if (tracer !== null) tracer.update(op, t, full);
      getBackend().binary(op, t._in(), full._in(), dst.subarray(t.offset, t.offset + n));
      t._storage.version++;
      return t;
    }
  }
  return assign(t, t.detach()[op](other), name);
}

/** `v·alpha` (the `alpha` option of add and sub), a tensor or a number as `v` is. */
export function scaled(v: TensorLike, alpha: number | undefined): TensorLike {
  if (alpha === undefined) return v;
  return v instanceof Tensor ? v.mul(alpha) : Number(v) * alpha;
}
