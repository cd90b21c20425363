/**
 * The harness of the fusion tests: every test of a file on the wasm backend with every elementwise
 * op left pending, and comparisons of what a user observes fused and op by op.
 */
import { afterEach, beforeEach, expect } from 'vitest';
import { getBackendName, setBackend, Tensor } from '@chainrule/autograd';
import { setFusionThreshold } from '@chainrule/autograd/testing';

/** Runs each test of the calling file on wasm with every op fused (threshold 1); restores both after. */
export function fuseEveryOp(): void {
  const initialBackend = getBackendName();
  let savedThreshold = 0;
  beforeEach(() => {
    setBackend('wasm');
    savedThreshold = setFusionThreshold(1);
  });
  afterEach(() => {
    setFusionThreshold(savedThreshold);
    setBackend(initialBackend);
  });
}

/** A number as an exact string (NaN, -0 and every bit of a double kept apart). */
export const num = (v: number): string => (Object.is(v, -0) ? '-0' : String(v));

/** What the user can observe of a value, in a form toEqual compares exactly. */
export function observe(v: unknown): unknown {
  if (v instanceof Tensor) return { shape: [...v.shape], dtype: v.dtype, values: Array.from(v.toArray(), num) };
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as unknown as ArrayLike<number>, num);
  if (typeof v === 'number') return num(v);
  if (Array.isArray(v)) return v.map(observe);
  if (v instanceof Error) return `${v.name}: ${v.message}`;
  if (v instanceof Map) return [...v.entries()].map(observe);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, observe(x)]));
  return v;
}

/** Runs `f` (fresh every time) fused and op by op; what each observed, thrown errors included. */
export function fusedVsPlain(f: () => unknown, fusedThreshold = 1): { fused: unknown; plain: unknown } {
  const run = (threshold: number): unknown => {
    const prev = setFusionThreshold(threshold);
    try {
      return observe(f());
    } catch (e) {
      return { threw: observe(e) };
    } finally {
      setFusionThreshold(prev);
    }
  };
  return { fused: run(fusedThreshold), plain: run(Infinity) };
}

/** Fused and op by op observe the same; unless `mayThrow`, neither run may throw (a setup mistake would hide everything). */
export function expectSame(f: () => unknown, mayThrow = false): void {
  const { fused, plain } = fusedVsPlain(f);
  if (!mayThrow) expect(plain).not.toHaveProperty('threw');
  expect(fused).toEqual(plain);
}
