/**
 * The points where eager code reports to a capture in progress ({@link compile}). Outside a
 * capture `tracer` is null and each point costs one comparison. Only types are imported here, so
 * that the tensor, the primitives and the creation functions can import this file without cycles.
 * @module
 */
import type { AdamConstants, BinaryOp } from '../backend/backend.js';
import type { TypedArray } from '../dtype.js';
import type { Tensor } from '../tensor.js';

/** What a capture records; see `trace.ts`, which implements it. */
export interface Tracer {
  /** A Tensor object was created (views and results alike). */
  tensor(t: Tensor): void;
  /** `t` was created with a fresh storage (a kernel's output, or a literal). */
  storage(t: Tensor): void;
  /** `t` (fresh) holds elements JavaScript wrote (a literal, zeros, a scalar): a constant of the capture. */
  literal(t: Tensor): void;
  /** A primitive computed `out` from `inputs` (a view primitive returns a view of its input). */
  op(op: string, inputs: readonly Tensor[], attrs: object, out: Tensor): void;
  // the in-place writes are reported before they happen (a capture copies what a fresh tensor held)
  /** In place: the elements of `dst` ← `src` (of dst's shape and dtype). */
  assign(dst: Tensor, src: Tensor): void;
  /** In place: `dst` ← `dst op other` (other of dst's shape and dtype). */
  update(op: BinaryOp, dst: Tensor, other: Tensor): void;
  /** In place: one Adam step on four contiguous tensors, with constants computed at every call. */
  adam(p: Tensor, g: Tensor, m: Tensor, v: Tensor, constants: () => AdamConstants): void;
  /** User code reads `t`'s values (`item()`, `data`, ...): refused. */
  read(t: Tensor, what: string): void;
  /** An op the capture cannot lower yet (`op` names it, `advice` says what to do): refused. */
  unsupported(op: string, advice: string): void;
  /** `t.grad` was read and gave `g`. */
  gradRead(t: Tensor, g: Tensor | null): void;
  /** `t.grad` was set to `g`. */
  gradWrite(t: Tensor, g: Tensor | null): void;
  /** `t` (fresh, 0-dim) holds `value()`, to compute again at every call. */
  hostScalar(t: Tensor, value: () => number): void;
  /** `t` (fresh) was filled by `fill`, to fill again at every call (random numbers). */
  hostFill(t: Tensor, fill: (out: TypedArray) => void, generator?: object): void;
  /** A `Generator` was made during the capture (a replay could not make it again). */
  generatorCreated(generator: object): void;
  /** `effect` ran, and runs again at every call. */
  hostEffect(effect: () => void): void;
  /** `read()` gave `value`; a call where it gives another value captures again. */
  hostGuard(value: unknown, read: () => unknown): void;
  /** `check` read the values of `ts` and gave `result`; it runs again at every call. */
  hostCheck(ts: readonly Tensor[], check: (values: TypedArray[]) => unknown, result: unknown): void;
  /** The number of nodes recorded so far. */
  readonly length: number;
  /** Nodes [first, now) computed the layer-level op `name` from `inputs` to `outputs`. */
  region(name: string, attrs: Record<string, unknown>, first: number, inputs: readonly Tensor[], outputs: readonly Tensor[]): void;
}

/** The capture in progress, or null. */
export let tracer: Tracer | null = null;

/** Starts (a tracer) or ends (null) a capture; returns the previous one. */
export function setTracer(t: Tracer | null): Tracer | null {
  const prev = tracer;
  tracer = t;
  return prev;
}
