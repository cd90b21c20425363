/**
 * Vector functions the kernels share: e^x on f32x4 / f64x2 lanes, and a scalar natural log in
 * f64. Both follow the JS kernels' special values (NaN in, NaN out; e^±∞ = ∞ / 0; overflow to ∞,
 * underflow through the subnormals to 0).
 * @module
 */
import type { ElemType } from './wat.js';

/** The v128 locals {@link expInline} uses: declare them in the function that inlines it. */
export const EXP_LOCALS = '(local $ex v128) (local $en v128) (local $er v128) (local $ep v128) (local $ek v128) (local $eh v128)';

/**
 * e^x lane by lane for the v128 expression `x`, as an inline expression (V8 does not inline wasm
 * calls, and a call per vector costs as much as the polynomial). x = n·ln 2 + r with
 * |r| ≤ ln 2 / 2 (n = x·log₂e rounded to nearest even by adding 1.5·2ⁿ — 2²³ for f32, 2⁵² for f64 —
 * which also leaves n as an integer in the low bits); e^r by a polynomial (Cephes' minimax for f32, Taylor to r¹³ for f64: both within
 * about 1 ulp), then the result is scaled by 2^n in two halves so that neither factor overflows or
 * underflows on its own. The enclosing function declares {@link EXP_LOCALS}.
 */
export function expInline(t: ElemType, x: string): string {
  const v = t.v;
  const c = (k: number): string => `(${v}.splat (${t.name}.const ${k}))`;
  const g = (n: string): string => `(local.get $${n})`;
  if (t.name === 'f32') {
    const poly = [1.9875691500e-4, 1.3981999507e-3, 8.3334519073e-3, 4.1665795894e-2, 1.6666665459e-1, 5.0000001201e-1];
    let p = c(poly[0]!);
    for (const k of poly.slice(1)) p = `(f32x4.add (f32x4.mul ${p} ${g('er')}) ${c(k)})`;
    return `(block (result v128)
  (local.set $ex (f32x4.min (f32x4.max ${x} ${c(-104)}) ${c(89)}))
  (local.set $ek (f32x4.add (f32x4.mul ${g('ex')} ${c(1.4426950408889634)}) ${c(12582912)}))
  (local.set $en (f32x4.sub ${g('ek')} ${c(12582912)}))
  (local.set $er (f32x4.sub (f32x4.sub ${g('ex')} (f32x4.mul ${g('en')} ${c(0.693359375)})) (f32x4.mul ${g('en')} ${c(-2.12194440e-4)})))
  (local.set $ep (f32x4.add (f32x4.add (f32x4.mul ${p} (f32x4.mul ${g('er')} ${g('er')})) ${g('er')}) ${c(1)}))
  (local.set $ek (i32x4.sub ${g('ek')} (i32x4.splat (i32.const 0x4b400000))))
  (local.set $eh (i32x4.shr_s ${g('ek')} (i32.const 1)))
  (local.set $ek (i32x4.sub ${g('ek')} ${g('eh')}))
  (f32x4.mul
    (f32x4.mul ${g('ep')} (i32x4.shl (i32x4.add ${g('eh')} (i32x4.splat (i32.const 127))) (i32.const 23)))
    (i32x4.shl (i32x4.add ${g('ek')} (i32x4.splat (i32.const 127))) (i32.const 23))))`;
  }
  // f64: Taylor series of e^r to r^13 (|r| ≤ 0.347: the remainder is below 5e-18)
  let p = c(1 / factorial(13));
  for (let k = 12; k >= 0; k--) p = `(f64x2.add (f64x2.mul ${p} ${g('er')}) ${c(1 / factorial(k))})`;
  const magic = 6755399441055744; // 1.5 · 2^52: adding it leaves an integer-valued double's value in the low mantissa bits
  return `(block (result v128)
  (local.set $ex (f64x2.min (f64x2.max ${x} ${c(-746)}) ${c(710)}))
  (local.set $en (f64x2.nearest (f64x2.mul ${g('ex')} ${c(1.4426950408889634)})))
  (local.set $er (f64x2.sub (f64x2.sub ${g('ex')} (f64x2.mul ${g('en')} ${c(6.93147180369123816490e-1)})) (f64x2.mul ${g('en')} ${c(1.90821492927058770002e-10)})))
  (local.set $ep ${p})
  (local.set $ek (i64x2.sub (f64x2.add ${g('en')} ${c(magic)}) ${c(magic)}))
  (local.set $eh (i64x2.shr_s ${g('ek')} (i32.const 1)))
  (local.set $ek (i64x2.sub ${g('ek')} ${g('eh')}))
  (f64x2.mul
    (f64x2.mul ${g('ep')} (i64x2.shl (i64x2.add ${g('eh')} (i64x2.splat (i64.const 1023))) (i32.const 52)))
    (i64x2.shl (i64x2.add ${g('ek')} (i64x2.splat (i64.const 1023))) (i32.const 52))))`;
}

function factorial(n: number): number {
  let f = 1;
  for (let i = 2; i <= n; i++) f *= i;
  return f;
}

/**
 * `$log_f64`: the natural log of a double. x = m·2^e with m in [√½, √2); log m = 2·atanh(f),
 * f = (m − 1)/(m + 1), |f| ≤ 0.172, by its series to f²¹ (remainder below 1e-17). NaN and
 * negative numbers give NaN, 0 gives −∞, ∞ gives ∞; subnormals are scaled up first.
 */
export function logFn(): string {
  let series = '(f64.const 0.047619047619047616)'; // 1/21
  for (let k = 19; k >= 1; k -= 2) series = `(f64.add (f64.mul ${series} (local.get $s)) (f64.const ${1 / k}))`;
  return `
(func $log_f64 (param $x f64) (result f64)
  (local $bits i64) (local $e i32) (local $m f64) (local $f f64) (local $s f64)
  (if (f64.ne (local.get $x) (local.get $x)) (then (return (local.get $x))))
  (if (f64.lt (local.get $x) (f64.const 0)) (then (return (f64.const nan))))
  (if (f64.eq (local.get $x) (f64.const 0)) (then (return (f64.const -inf))))
  (if (f64.eq (local.get $x) (f64.const inf)) (then (return (local.get $x))))
  (local.set $e (i32.const 0))
  (if (f64.lt (local.get $x) (f64.const 2.2250738585072014e-308))
    (then (local.set $x (f64.mul (local.get $x) (f64.const 18014398509481984))) (local.set $e (i32.const -54))))
  (local.set $bits (i64.reinterpret_f64 (local.get $x)))
  (local.set $e (i32.add (local.get $e) (i32.sub (i32.wrap_i64 (i64.shr_u (local.get $bits) (i64.const 52))) (i32.const 1023))))
  (local.set $m (f64.reinterpret_i64 (i64.or (i64.and (local.get $bits) (i64.const 0xfffffffffffff)) (i64.const 0x3ff0000000000000))))
  (if (f64.gt (local.get $m) (f64.const 1.4142135623730951))
    (then (local.set $m (f64.mul (local.get $m) (f64.const 0.5))) (local.set $e (i32.add (local.get $e) (i32.const 1)))))
  (local.set $f (f64.div (f64.sub (local.get $m) (f64.const 1)) (f64.add (local.get $m) (f64.const 1))))
  (local.set $s (f64.mul (local.get $f) (local.get $f)))
  (f64.add
    (f64.mul (f64.convert_i32_s (local.get $e)) (f64.const 0.6931471805599453))
    (f64.mul (f64.mul (f64.const 2) (local.get $f)) ${series})))`;
}
