/**
 * What library code (optimizers, layers, losses) uses to stay correct inside {@link compile}: a
 * compiled function does not run its JavaScript again, so every number that may change from call
 * to call, every side effect on JavaScript state, every choice made from JavaScript state and
 * every check of input values has to be declared. Outside a capture each helper simply does the
 * thing now.
 * @module
 */
import { getBackend } from '../backend/registry.js';
import { allocate } from '../dtype.js';
import type { DType, TypedArray } from '../dtype.js';
import { Tensor } from '../tensor.js';
import { tracer } from './hooks.js';

/** The elements of `t`, flat and row-major (as `toArray()`, without reporting a read to a capture). */
export function valuesOf(t: Tensor): TypedArray {
  const out = allocate(t.dtype, t.numel());
  getBackend().copy(t._in(), out);
  return out;
}

/**
 * Whether a {@link compile}d function is being captured now, like `torch.compiler.is_compiling()`.
 * @returns true while the function runs to be captured.
 * @example
 * ```ts
 * import { compile, isCompiling, tensor } from '@chainrule/autograd';
 * isCompiling(); // false
 * let seen = false;
 * const f = compile((x) => {
 *   seen ||= isCompiling();
 *   return x.mul(2);
 * });
 * for (let i = 0; i < 3; i++) f(tensor([1, 2]));
 * seen; // true
 * ```
 */
export function isCompiling(): boolean {
  return tracer !== null;
}

/**
 * A 0-dim tensor holding `value()`, which a compiled function computes again at every call: how
 * a number that changes between calls (a learning rate a scheduler sets, a bias correction that
 * depends on the step count) enters tensor ops. Eager, it is `tensor(value(), { dtype })`.
 * @param value - computes the number from JavaScript state (no tensor values).
 * @param dtype - the tensor's dtype (default float32); the number is rounded to it.
 * @returns the 0-dim tensor.
 * @example
 * ```ts
 * import { compile, hostScalar, tensor } from '@chainrule/autograd';
 * let lr = 0.1;
 * const step = compile((x) => x.mul(hostScalar(() => lr)));
 * step(tensor([1])); // tensor([0.1000])
 * lr = 0.5;
 * step(tensor([1])); // tensor([0.5000])
 * lr = 2;
 * step(tensor([1])); // tensor([2.])
 * ```
 */
export function hostScalar(value: () => number, dtype: DType = 'float32'): Tensor {
  const t = Tensor.scalar(value(), dtype);
  if (tracer !== null) tracer.hostScalar(t, value);
  return t;
}

/**
 * Runs `effect` now and, in a compiled function, again at every call (in the order of capture,
 * before any tensor op of the call): how JavaScript state that a step changes (an optimizer's
 * step count) keeps changing when the step is compiled.
 * @param effect - changes JavaScript state only (no tensor ops, no tensor values).
 * @example
 * ```ts
 * import { compile, hostEffect, tensor } from '@chainrule/autograd';
 * let calls = 0;
 * const f = compile((x) => {
 *   hostEffect(() => calls++);
 *   return x.add(1);
 * });
 * for (let i = 0; i < 5; i++) f(tensor([1]));
 * calls; // 5
 * ```
 */
export function hostEffect(effect: () => void): void {
  effect();
  if (tracer !== null) tracer.hostEffect(effect);
}

/**
 * Returns `read()`, and makes a compiled function check it at every call: when it gives another
 * value, the function is captured again. How a choice made from JavaScript state
 * (`module.training`, an optimizer's `nesterov`) stays right. Numbers, strings, booleans and plain
 * arrays and objects of them are compared as JSON; other objects (a Map, a tensor) by identity.
 * @param read - reads JavaScript state (no tensor values).
 * @returns what `read()` returns now.
 * @example
 * ```ts
 * import { compile, hostGuard, tensor } from '@chainrule/autograd';
 * let double = true;
 * const f = compile((x) => (hostGuard(() => double) ? x.mul(2) : x.add(1)));
 * f(tensor([3])); // tensor([6.])
 * f(tensor([3])); // tensor([6.])
 * double = false;
 * f(tensor([3])); // tensor([4.])
 * ```
 */
export function hostGuard<T>(read: () => T): T {
  const value = read();
  if (tracer !== null) tracer.hostGuard(value, read);
  return value;
}

/**
 * Runs `fn` and, inside a capture, marks the nodes it records as one layer-level op of the graph
 * ({@link GraphRegion}): how a WebGPU back end or an ONNX exporter can find a `conv2d` or an
 * `attention` among the primitives it was composed of. Outside a capture it just runs `fn`.
 * @param name - the op (`conv2d`, `linear`, `layerNorm`, `attention`, ...).
 * @param attrs - its attributes (JSON data: stride, padding, eps, ...).
 * @param inputs - the tensors it reads (null and undefined entries, absent optional tensors, are skipped).
 * @param fn - computes it.
 * @returns what `fn` returns (a tensor, or an array of tensors).
 * @example
 * ```ts
 * import { compile, markRegion, tensor } from '@chainrule/autograd';
 * const scaledTanh = (x: Tensor): Tensor => markRegion('scaledTanh', { scale: 2 }, [x], () => x.tanh().mul(2));
 * const f = compile((x: Tensor) => scaledTanh(x).sum());
 * for (let i = 0; i < 3; i++) f(tensor([1, 2]));
 * const r = f.graphs()[0]!.regions[0]!;
 * [r.name, r.end - r.first]; // ['scaledTanh', 3]
 * ```
 */
export function markRegion<T extends Tensor | readonly Tensor[]>(name: string, attrs: Record<string, unknown>, inputs: readonly (Tensor | null | undefined)[], fn: () => T): T {
  if (tracer === null) return fn();
  const first = tracer.length;
  const out = fn();
  const present = inputs.filter((t): t is Tensor => t !== null && t !== undefined);
  tracer.region(name, attrs, first, present, out instanceof Tensor ? [out] : (out as readonly Tensor[]));
  return out;
}

/**
 * Reads the values of `ts` to check them or to choose from them (class indices in range, whether
 * one equals an ignored index), as `check(ts.map((t) => t.toArray()))`. In a compiled function
 * the tensors must be the function's inputs or state (not values computed inside); `check` runs
 * again on them at every call before the step (its errors are thrown then), and a result that
 * differs from the captured one (compared as JSON) captures the function again.
 * @param ts - the tensors read.
 * @param check - reads their elements (flat, row-major) and returns JSON data, or throws.
 * @returns what `check` returns.
 * @throws what `check` throws.
 * @example
 * ```ts
 * import { hostCheck, tensor } from '@chainrule/autograd';
 * const target = tensor([0, 2, 1], { dtype: 'int32' });
 * hostCheck([target], ([t]) => Math.max(...t!)); // 2
 * ```
 */
export function hostCheck<R>(ts: readonly Tensor[], check: (values: TypedArray[]) => R): R {
  const result = check(ts.map(valuesOf));
  if (tracer !== null) tracer.hostCheck(ts, check as (values: TypedArray[]) => unknown, result);
  return result;
}
