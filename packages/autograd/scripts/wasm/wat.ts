/**
 * Helpers for writing WebAssembly text: element types and structured loops, so the kernel
 * generators read as loop nests rather than as stack code.
 * @module
 */

/** What a generator needs to know about an element type. */
export interface ElemType {
  /** 'f32' or 'f64'. */
  readonly name: 'f32' | 'f64';
  /** Bytes per element. */
  readonly size: 4 | 8;
  /** Elements per 128-bit vector. */
  readonly lanes: 4 | 2;
  /** SIMD shape prefix: 'f32x4' or 'f64x2'. */
  readonly v: 'f32x4' | 'f64x2';
  /** log2(size), for index-to-byte shifts. */
  readonly shift: 2 | 3;
  /** The splat load of one element. */
  readonly splat: 'v128.load32_splat' | 'v128.load64_splat';
}

export const F32: ElemType = { name: 'f32', size: 4, lanes: 4, v: 'f32x4', shift: 2, splat: 'v128.load32_splat' };
export const F64: ElemType = { name: 'f64', size: 8, lanes: 2, v: 'f64x2', shift: 3, splat: 'v128.load64_splat' };

/** `(local.get $x)` */
export const get = (x: string): string => `(local.get $${x})`;
/** `(local.set $x v)` */
export const set = (x: string, v: string): string => `(local.set $${x} ${v})`;
/** An i32 constant. */
export const i32 = (n: number): string => `(i32.const ${n})`;
/** i32 a + b. */
export const add = (a: string, b: string): string => `(i32.add ${a} ${b})`;
/** i32 a * b. */
export const mul = (a: string, b: string): string => `(i32.mul ${a} ${b})`;
/** Element index to byte offset. */
export const bytes = (t: ElemType, idx: string): string => `(i32.shl ${idx} ${i32(t.shift)})`;
/** Address of element `idx` of the array at byte pointer `base`. */
export const at = (t: ElemType, base: string, idx: string): string => add(base, bytes(t, idx));

/** Declares i32 locals. */
export const i32Locals = (...names: string[]): string => names.map((n) => `(local $${n} i32)`).join(' ');
/** Declares v128 locals. */
export const vLocals = (...names: string[]): string => names.map((n) => `(local $${n} v128)`).join(' ');

let label = 0;
/** `for (v = from; v < to; v += step) body` with signed compares; `to` is re-evaluated each turn. */
export function loop(v: string, from: string, to: string, step: string, body: string): string {
  const l = `L${label++}`;
  return `${set(v, from)}
(block $${l}_out (loop $${l}
  (br_if $${l}_out (i32.ge_s ${get(v)} ${to}))
  ${body}
  ${set(v, add(get(v), step))}
  (br $${l})))`;
}

/** `if (cond) then else`. */
export const ifElse = (cond: string, then: string, otherwise = ''): string =>
  `(if ${cond} (then ${then})${otherwise === '' ? '' : ` (else ${otherwise})`})`;

/** i32 minimum. */
export const min = (a: string, b: string): string => `(select ${a} ${b} (i32.lt_s ${a} ${b}))`;
