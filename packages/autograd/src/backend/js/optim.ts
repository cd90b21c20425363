/**
 * The fused optimizer step of the JS backend (see `Backend.adam`): the op-by-op formula in one
 * loop, rounding to float32 after every operation for float32 data (Math.fround), as storing each
 * intermediate tensor would.
 * @module
 */
import type { TypedArray } from '../../dtype.js';
import type { AdamConstants } from '../backend.js';

export function adam(p: TypedArray, g: TypedArray, m: TypedArray, v: TypedArray, c: AdamConstants): void {
  const n = p.length;
  const { weight: w, beta2: b2, oneMinusBeta2: b2c, negStepSize: step, bc2Sqrt: bc2, eps } = c;
  if (p instanceof Float64Array) {
    for (let i = 0; i < n; i++) {
      const gi = g[i]!;
      const mi = m[i]!;
      const mn = c.fromEnd ? gi - (gi - mi) * w : mi + (gi - mi) * w;
      const vn = v[i]! * b2 + gi * b2c * gi;
      m[i] = mn;
      v[i] = vn;
      p[i] = p[i]! + (mn * step) / (Math.sqrt(vn) / bc2 + eps);
    }
    return;
  }
  const r = Math.fround;
  for (let i = 0; i < n; i++) {
    const gi = g[i]!;
    const mi = m[i]!;
    const d = r(gi - mi);
    const mn = c.fromEnd ? r(gi - r(d * w)) : r(mi + r(d * w));
    const vn = r(r(v[i]! * b2) + r(r(gi * b2c) * gi));
    m[i] = mn;
    v[i] = vn;
    p[i] = p[i]! + r(r(mn * step) / r(r(r(Math.sqrt(vn)) / bc2) + eps));
  }
}
