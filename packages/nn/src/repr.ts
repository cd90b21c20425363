/**
 * Python-style number printing for module reprs.
 * @module
 */

/**
 * @internal A float as Python's `repr` prints it: `1.0`, `0.01`, `1e-05`, `1e+16`, `inf`, `nan`
 * (shortest round-trip digits; exponent form below 1e-4 and from 1e16 on).
 */
export function pyFloat(v: number): string {
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  if (Number.isNaN(v)) return 'nan';
  if (v === 0) return Object.is(v, -0) ? '-0.0' : '0.0';
  const [mantissa, expText] = v.toExponential().split('e') as [string, string];
  const exp = Number(expText);
  if (exp < -4 || exp >= 16) return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  const s = String(v); // positional for these exponents
  return s.includes('.') ? s : `${s}.0`;
}

/**
 * @internal A size as Python prints it: `3`, `(1, 2)`, `(3,)`, `None`; a string (`same`) as is.
 */
export function pySize(v: number | string | null | readonly (number | null)[]): string {
  if (v === null) return 'None';
  if (typeof v === 'number' || typeof v === 'string') return String(v);
  const items = v.map((x) => (x === null ? 'None' : String(x)));
  return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
}
