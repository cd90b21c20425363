/**
 * Elementwise and reduction kernels over "row" layouts: `rows` rows of `n` elements, each row
 * contiguous (or, for a broadcast operand, one element repeated), rows `s*` elements apart.
 * Outputs are contiguous. The JS side coalesces a tensor's dims into this form.
 * @module
 */
import type { ElemType } from './wat.js';
import { add, at, get, i32, i32Locals, ifElse, loop, mul, set, vLocals } from './wat.js';

/** Binary ops, in the order of the `op` argument of `bin_f32`/`bin_f64`. */
export const BINARY_OPS = ['add', 'sub', 'mul', 'div'] as const;
/** Unary ops, in the order of the `op` argument of `un_f32`/`un_f64`. */
export const UNARY_OPS = ['neg', 'abs', 'sqrt', 'relu'] as const;
/** Operand layouts of a binary kernel: a and b rows contiguous, b broadcast, a broadcast. */
export const BINARY_MODES = ['vv', 'vs', 'sv'] as const;

function binaryOne(t: ElemType, op: (typeof BINARY_OPS)[number], mode: (typeof BINARY_MODES)[number]): string {
  const va = mode === 'sv' ? get('sa') : `(v128.load ${at(t, get('pa'), get('i'))})`;
  const vb = mode === 'vs' ? get('sb') : `(v128.load ${at(t, get('pb'), get('i'))})`;
  const xa = `(${t.name}.load ${mode === 'sv' ? get('pa') : at(t, get('pa'), get('i'))})`;
  const xb = `(${t.name}.load ${mode === 'vs' ? get('pb') : at(t, get('pb'), get('i'))})`;
  const splats = [mode === 'sv' ? set('sa', `(${t.splat} ${get('pa')})`) : '', mode === 'vs' ? set('sb', `(${t.splat} ${get('pb')})`) : ''].join(' ');
  return `
(func $bin_${op}_${mode}_${t.name} (param $a i32) (param $b i32) (param $o i32) (param $rows i32) (param $n i32) (param $sar i32) (param $sbr i32)
  ${i32Locals('r', 'i', 'pa', 'pb', 'nv')} ${vLocals('sa', 'sb')}
  ${set('nv', `(i32.and ${get('n')} ${i32(-t.lanes)})`)}
  ${loop('r', i32(0), get('rows'), i32(1), `
    ${set('pa', at(t, get('a'), mul(get('r'), get('sar'))))}
    ${set('pb', at(t, get('b'), mul(get('r'), get('sbr'))))}
    ${splats}
    ${loop('i', i32(0), get('nv'), i32(t.lanes), `(v128.store ${at(t, get('o'), get('i'))} (${t.v}.${op} ${va} ${vb}))`)}
    ${loop('i', get('nv'), get('n'), i32(1), `(${t.name}.store ${at(t, get('o'), get('i'))} (${t.name}.${op} ${xa} ${xb}))`)}
    ${set('o', at(t, get('o'), get('n')))}`)})`;
}

function unaryOne(t: ElemType, op: (typeof UNARY_OPS)[number]): string {
  const v = `(v128.load ${at(t, get('px'), get('i'))})`;
  const x = `(${t.name}.load ${at(t, get('px'), get('i'))})`;
  const zero = `(${t.v}.splat (${t.name}.const 0))`;
  // relu keeps NaN (as the JS kernel): x where x > 0 or x != x, else +0
  const vec =
    op === 'relu'
      ? `(v128.and (local.tee $v ${v}) (v128.or (${t.v}.gt (local.get $v) ${zero}) (${t.v}.ne (local.get $v) (local.get $v))))`
      : `(${t.v}.${op} ${v})`;
  const out = `${at(t, get('o'), get('i'))}`;
  const tail =
    op === 'relu'
      ? `(local.set $s ${x}) (${t.name}.store ${out} (select (local.get $s) (${t.name}.const 0) (i32.or (${t.name}.gt (local.get $s) (${t.name}.const 0)) (${t.name}.ne (local.get $s) (local.get $s)))))`
      : `(${t.name}.store ${out} (${t.name}.${op} ${x}))`;
  return `
(func $un_${op}_${t.name} (param $x i32) (param $o i32) (param $rows i32) (param $n i32) (param $sxr i32)
  ${i32Locals('r', 'i', 'px', 'nv')} ${vLocals('v')} (local $s ${t.name})
  ${set('nv', `(i32.and ${get('n')} ${i32(-t.lanes)})`)}
  ${loop('r', i32(0), get('rows'), i32(1), `
    ${set('px', at(t, get('x'), mul(get('r'), get('sxr'))))}
    ${loop('i', i32(0), get('nv'), i32(t.lanes), `(v128.store ${at(t, get('o'), get('i'))} ${vec})`)}
    ${loop('i', get('nv'), get('n'), i32(1), tail)}
    ${set('o', at(t, get('o'), get('n')))}`)})`;
}

/** Loads 4 (f32) or 2 (f64) elements at `addr` as f64x2 pairs: [low, high] (f64: [v, none]). */
function widen(t: ElemType, addr: string): [string, string | null] {
  if (t.name === 'f64') return [`(v128.load ${addr})`, null];
  return [`(f64x2.promote_low_f32x4 (local.tee $w (v128.load ${addr})))`, `(f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $w) (local.get $w)))`];
}

/** Row sums (accumulated in f64) and row maxima (NaN wins), and column sums. */
function reductions(t: ElemType): string {
  const step = t.lanes * 2; // two vectors per turn
  const [lo0, hi0] = widen(t, at(t, get('px'), get('i')));
  const [lo1, hi1] = widen(t, at(t, get('px'), add(get('i'), i32(t.lanes))));
  const sumBody =
    t.name === 'f32'
      ? `${set('s0', `(f64x2.add ${get('s0')} ${lo0})`)} ${set('s1', `(f64x2.add ${get('s1')} ${hi0})`)}
         ${set('s2', `(f64x2.add ${get('s2')} ${lo1})`)} ${set('s3', `(f64x2.add ${get('s3')} ${hi1})`)}`
      : `${set('s0', `(f64x2.add ${get('s0')} ${lo0})`)} ${set('s1', `(f64x2.add ${get('s1')} ${lo1})`)}`;
  const total = `(f64x2.add (f64x2.add ${get('s0')} ${get('s1')}) (f64x2.add ${get('s2')} ${get('s3')}))`;
  const sumRows = `
(func $sum_rows_${t.name} (export "sum_rows_${t.name}") (param $x i32) (param $rows i32) (param $n i32) (param $sxr i32) (param $o i32)
  ${i32Locals('r', 'i', 'px', 'nv')} ${vLocals('s0', 's1', 's2', 's3', 'w')} (local $acc f64)
  ${set('nv', `(i32.and ${get('n')} ${i32(-step)})`)}
  ${loop('r', i32(0), get('rows'), i32(1), `
    ${set('px', at(t, get('x'), mul(get('r'), get('sxr'))))}
    ${['s0', 's1', 's2', 's3'].map((s) => set(s, '(v128.const i64x2 0 0)')).join(' ')}
    ${loop('i', i32(0), get('nv'), i32(step), sumBody)}
    ${set('s0', total)}
    ${set('acc', `(f64.add (f64x2.extract_lane 0 ${get('s0')}) (f64x2.extract_lane 1 ${get('s0')}))`)}
    ${loop('i', get('nv'), get('n'), i32(1), set('acc', `(f64.add ${get('acc')} ${t.name === 'f32' ? `(f64.promote_f32 (f32.load ${at(t, get('px'), get('i'))}))` : `(f64.load ${at(t, get('px'), get('i'))})`})`))}
    (${t.name}.store ${at(t, get('o'), get('r'))} ${t.name === 'f32' ? `(f32.demote_f64 ${get('acc')})` : get('acc')})`)})`;

  const vmax = (a: string, b: string): string => `(${t.v}.max ${a} ${b})`;
  const smax = (a: string, b: string): string =>
    // NaN wins, else the larger
    `(select ${b} ${a} (i32.or (${t.name}.gt ${b} ${a}) (${t.name}.ne ${b} ${b})))`;
  const lanes = Array.from({ length: t.lanes }, (_, l) => `(${t.v}.extract_lane ${l} ${get('m0')})`);
  const maxRows = `
(func $max_rows_${t.name} (export "max_rows_${t.name}") (param $x i32) (param $rows i32) (param $n i32) (param $sxr i32) (param $o i32)
  ${i32Locals('r', 'i', 'px', 'nv')} ${vLocals('m0', 'm1')} (local $acc ${t.name}) (local $v ${t.name})
  ${set('nv', `(i32.and ${get('n')} ${i32(-step)})`)}
  ${loop('r', i32(0), get('rows'), i32(1), `
    ${set('px', at(t, get('x'), mul(get('r'), get('sxr'))))}
    ${set('m0', `(${t.v}.splat (${t.name}.const -inf))`)} ${set('m1', get('m0'))}
    ${loop('i', i32(0), get('nv'), i32(step), `${set('m0', vmax(get('m0'), `(v128.load ${at(t, get('px'), get('i'))})`))}
      ${set('m1', vmax(get('m1'), `(v128.load ${at(t, get('px'), add(get('i'), i32(t.lanes)))})`))}`)}
    ${set('m0', vmax(get('m0'), get('m1')))}
    ${set('acc', lanes[0]!)}
    ${lanes.slice(1).map((l) => `${set('v', l)} ${set('acc', smax(get('acc'), get('v')))}`).join(' ')}
    ${loop('i', get('nv'), get('n'), i32(1), `${set('v', `(${t.name}.load ${at(t, get('px'), get('i'))})`)} ${set('acc', smax(get('acc'), get('v')))}`)}
    (${t.name}.store ${at(t, get('o'), get('r'))} ${get('acc')})`)})`;

  // column sums: o[j] = sum_r x[r*sxr + j], 8 columns (f64: 4) at a time, accumulated in f64
  const cols = t.name === 'f32' ? 8 : 4;
  const accs = ['c0', 'c1', 'c2', 'c3'];
  const colBody =
    t.name === 'f32'
      ? (() => {
          const [l0, h0] = widen(t, get('px'));
          const [l1, h1] = widen(t, add(get('px'), i32(16)));
          return `${set('c0', `(f64x2.add ${get('c0')} ${l0})`)} ${set('c1', `(f64x2.add ${get('c1')} ${h0})`)}
                  ${set('c2', `(f64x2.add ${get('c2')} ${l1})`)} ${set('c3', `(f64x2.add ${get('c3')} ${h1})`)}`;
        })()
      : accs.map((c, k) => set(c, `(f64x2.add ${get(c)} (v128.load offset=${k * 16} ${get('px')}))`)).join(' ');
  const colStore =
    t.name === 'f32'
      ? `(v128.store ${at(t, get('o'), get('j'))} (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (f32x4.demote_f64x2_zero ${get('c0')}) (f32x4.demote_f64x2_zero ${get('c1')})))
         (v128.store offset=16 ${at(t, get('o'), get('j'))} (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (f32x4.demote_f64x2_zero ${get('c2')}) (f32x4.demote_f64x2_zero ${get('c3')})))`
      : accs.map((c, k) => `(v128.store offset=${k * 16} ${at(t, get('o'), get('j'))} ${get(c)})`).join(' ');
  const sumCols = `
(func $sum_cols_${t.name} (export "sum_cols_${t.name}") (param $x i32) (param $rows i32) (param $n i32) (param $sxr i32) (param $o i32)
  ${i32Locals('r', 'j', 'px', 'nv')} ${vLocals(...accs, 'w')} (local $acc f64)
  ${set('nv', `(i32.and ${get('n')} ${i32(-cols)})`)}
  ${loop('j', i32(0), get('nv'), i32(cols), `
    ${accs.map((c) => set(c, '(v128.const i64x2 0 0)')).join(' ')}
    ${loop('r', i32(0), get('rows'), i32(1), `${set('px', at(t, get('x'), add(mul(get('r'), get('sxr')), get('j'))))} ${colBody}`)}
    ${colStore}`)}
  ${loop('j', get('nv'), get('n'), i32(1), `
    ${set('acc', '(f64.const 0)')}
    ${loop('r', i32(0), get('rows'), i32(1), set('acc', `(f64.add ${get('acc')} ${t.name === 'f32' ? `(f64.promote_f32 (f32.load ${at(t, get('x'), add(mul(get('r'), get('sxr')), get('j')))}))` : `(f64.load ${at(t, get('x'), add(mul(get('r'), get('sxr')), get('j')))})`})`))}
    (${t.name}.store ${at(t, get('o'), get('j'))} ${t.name === 'f32' ? `(f32.demote_f64 ${get('acc')})` : get('acc')})`)})`;
  return [sumRows, maxRows, sumCols].join('\n');
}

/** Every elementwise and reduction kernel of one element type, with `bin_*`/`un_*` dispatchers. */
export function elementwise(t: ElemType): string {
  const parts: string[] = [];
  for (const op of BINARY_OPS) for (const mode of BINARY_MODES) parts.push(binaryOne(t, op, mode));
  for (const op of UNARY_OPS) parts.push(unaryOne(t, op));
  const binCases = BINARY_OPS.flatMap((op, k) =>
    BINARY_MODES.map((mode, m) =>
      ifElse(`(i32.eq ${get('sel')} ${i32(k * BINARY_MODES.length + m)})`, `(call $bin_${op}_${mode}_${t.name} ${['a', 'b', 'o', 'rows', 'n', 'sar', 'sbr'].map(get).join(' ')}) (return)`),
    ),
  );
  parts.push(`
(func $bin_${t.name} (export "bin_${t.name}") (param $op i32) (param $mode i32) (param $a i32) (param $b i32) (param $o i32) (param $rows i32) (param $n i32) (param $sar i32) (param $sbr i32)
  (local $sel i32)
  ${set('sel', add(mul(get('op'), i32(BINARY_MODES.length)), get('mode')))}
  ${binCases.join('\n  ')}
  (unreachable))`);
  const unCases = UNARY_OPS.map((op, k) =>
    ifElse(`(i32.eq ${get('op')} ${i32(k)})`, `(call $un_${op}_${t.name} ${['x', 'o', 'rows', 'n', 'sxr'].map(get).join(' ')}) (return)`),
  );
  parts.push(`
(func $un_${t.name} (export "un_${t.name}") (param $op i32) (param $x i32) (param $o i32) (param $rows i32) (param $n i32) (param $sxr i32)
  ${unCases.join('\n  ')}
  (unreachable))`);
  parts.push(reductions(t));
  return parts.join('\n');
}
