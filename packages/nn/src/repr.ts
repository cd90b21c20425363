/**
 * Python-style number printing for module reprs.
 * @module
 */

/** @internal A float as Python prints it (`1.0`, `0.01`, `inf`). */
export function pyFloat(v: number): string {
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  if (Number.isNaN(v)) return 'nan';
  return Number.isInteger(v) && Math.abs(v) < 1e16 ? v.toFixed(1) : String(v);
}
