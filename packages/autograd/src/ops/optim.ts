/**
 * Fused optimizer steps: one kernel pass where the op-by-op update would run a dozen ops and
 * allocate as many temporaries, with the same result bit for bit.
 * @module
 */
import { getBackend } from '../backend/backend.js';
import type { AdamConstants } from '../backend/backend.js';
import { isFloating } from '../dtype.js';
import type { DType } from '../dtype.js';
import type { Tensor } from '../tensor.js';
import { tracer } from '../compile/hooks.js';

/** @internal The scalars of one Adam step (see {@link fusedAdamStep_}). */
export interface AdamStepOptions {
  /** β1, the decay of the first moment. */
  beta1: number;
  /** β2, the decay of the second moment. */
  beta2: number;
  /** lr / (1 − β1^t). */
  stepSize: number;
  /** √(1 − β2^t). */
  bc2Sqrt: number;
  /** ε, added to the denominator. */
  eps: number;
}

/**
 * @internal One Adam step in place, as `torch.optim.Adam`'s op-by-op update computes it:
 * m ← lerp(m, g, 1 − β1); v ← v·β2 + (g·(1 − β2))·g; p ← p − (m·step) / (√v / bc2 + ε), each
 * operation rounded to the tensors' dtype. All four tensors must be contiguous, of one float dtype
 * and one size; returns false (changing nothing) otherwise, so the caller takes the op-by-op path.
 * The options may be given as a function: a compiled step ({@link compile}) calls it again at
 * every call (the bias corrections change from step to step).
 */
export function fusedAdamStep_(param: Tensor, grad: Tensor, expAvg: Tensor, expAvgSq: Tensor, o: AdamStepOptions | (() => AdamStepOptions)): boolean {
  const ts = [param, grad, expAvg, expAvgSq];
  const n = param.numel();
  if (!isFloating(param.dtype) || ts.some((t) => t.dtype !== param.dtype || t.numel() !== n || !t.isContiguous())) return false;
  if (new Set(ts.map((t) => t._storage)).size !== 4) return false;
  const dtype = param.dtype;
  if (tracer !== null) tracer.adam(param, grad, expAvg, expAvgSq, typeof o === 'function' ? () => adamConstants(o(), dtype) : () => adamConstants(o, dtype));
  const [p, g, m, v] = ts.map((t, k) => (k === 1 ? t._in().data : t._out()).subarray(t.offset, t.offset + n));
  getBackend().adam(p!, g!, m!, v!, adamConstants(typeof o === 'function' ? o() : o, dtype));
  for (const t of [param, expAvg, expAvgSq]) t._storage.version++;
  return true;
}

/** The kernel's constants of one Adam step, rounded to `dtype`. */
function adamConstants(o: AdamStepOptions, dtype: DType): AdamConstants {
  const r = dtype === 'float32' ? Math.fround : (x: number): number => x;
  const w = 1 - o.beta1;
  const fromEnd = w >= 0.5;
  return {
    weight: r(fromEnd ? 1 - w : w),
    fromEnd,
    beta2: r(o.beta2),
    oneMinusBeta2: r(1 - o.beta2),
    negStepSize: r(-o.stepSize),
    bc2Sqrt: r(o.bc2Sqrt),
    eps: r(o.eps),
  };
}
