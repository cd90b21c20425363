/**
 * Fused optimizer steps: one kernel pass where the op-by-op update would run a dozen ops and
 * allocate as many temporaries, with the same result bit for bit.
 * @module
 */
import { getBackend } from '../backend/registry.js';
import type { AdamConstants } from '../backend/backend.js';
import { isFloating } from '../dtype.js';
import type { DType } from '../dtype.js';
import type { Tensor } from '../tensor.js';
import { tracer } from '../compile/hooks.js';

/**
 * The scalars of one Adam step (see {@link fusedAdamStep_}), for step t with learning rate lr.
 * @example
 * ```ts
 * // step t = 1 of Adam(lr 1e-3, betas (0.9, 0.999), eps 1e-8)
 * const o: AdamStepOptions = { beta1: 0.9, beta2: 0.999, stepSize: 1e-3 / (1 - 0.9), bc2Sqrt: Math.sqrt(1 - 0.999), eps: 1e-8 };
 * o.beta1; // 0.9
 * ```
 */
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
 * One Adam step in place, in one kernel pass ({@link Backend.adam}), as `torch.optim.Adam`'s
 * op-by-op update computes it: m ← lerp(m, g, 1 − β1); v ← v·β2 + (g·(1 − β2))·g;
 * p ← p − (m·step) / (√v / bc2 + ε), each operation rounded to the tensors' dtype. `optim.Adam`
 * and `optim.AdamW` call it; it records nothing for autograd (call it outside the graph, as an
 * optimizer does).
 * @param param - the parameter, updated in place.
 * @param grad - its gradient.
 * @param expAvg - the first-moment buffer, updated in place.
 * @param expAvgSq - the second-moment buffer, updated in place.
 * @param o - the step's scalars.
 * @returns true when it updated the tensors; false, changing nothing, unless all four are
 *   contiguous, of one float dtype and one size, and distinct storages (the caller then takes the
 *   op-by-op path).
 * @example
 * ```ts
 * import { fusedAdamStep_ } from '@chainrule/autograd/backend';
 * const p = tensor([1, 2]);
 * const [m, v] = [zeros([2]), zeros([2])];
 * fusedAdamStep_(p, tensor([0.5, -0.5]), m, v, { beta1: 0.9, beta2: 0.999, stepSize: 0.1 / (1 - 0.9), bc2Sqrt: Math.sqrt(1 - 0.999), eps: 1e-8 }); // true
 * p; // tensor([0.9000, 2.1000])
 * fusedAdamStep_(p, tensor([1]), m, v, { beta1: 0.9, beta2: 0.999, stepSize: 0.1, bc2Sqrt: 1, eps: 1e-8 }); // false
 * ```
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
