/**
 * Reductions over rows and columns, and the row softmax / log-softmax.
 *
 * - `sum_rows`: o[r] = Σ_j x[r·sxr + j], accumulated in f64 (as the JS kernel);
 * - `sum_segs(x, rows, n, sxr, segs, sseg, o)`: o[r] = Σ_s Σ_j x[r·sxr + s·sseg + j], one f64 sum
 *   per row over `segs` segments (leading and trailing dims summed, the middle kept: a conv bias's
 *   gradient);
 * - `max_rows`: o[r] = max_j x[r·sxr + j], NaN wins;
 * - `sum_cols`: o[j] = Σ_r x[r·sxr + j], accumulated in f64;
 * - `softmax_rows(x, o, rows, n, log)`: each contiguous row of n replaced by its softmax
 *   (log = 0) or log-softmax (log = 1), as PyTorch's kernel: m = max, e = exp(x − m),
 *   softmax = e · (1/Σe), log-softmax = (x − m) − log Σe.
 * @module
 */
import { EXP_LOCALS, expInline } from './math.js';
import type { ElemType } from './wat.js';
import { add, at, get, i32, i32Locals, ifElse, loop, mul, set, vLocals } from './wat.js';

/** Loads 4 (f32) or 2 (f64) elements at `addr` as f64x2 pairs: [low, high] (f64: [v, none]). */
function widen(t: ElemType, addr: string): [string, string | null] {
  if (t.name === 'f64') return [`(v128.load ${addr})`, null];
  return [`(f64x2.promote_low_f32x4 (local.tee $w (v128.load ${addr})))`, `(f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $w) (local.get $w)))`];
}

/** A scalar max where NaN wins (the JS kernels' rule). */
const smax = (t: ElemType, a: string, b: string): string => `(select ${b} ${a} (i32.or (${t.name}.gt ${b} ${a}) (${t.name}.ne ${b} ${b})))`;

/** Horizontal sum of the lanes of vector local `v`. */
function hsum(t: ElemType, v: string): string {
  const lanes = Array.from({ length: t.lanes }, (_, l) => `(${t.v}.extract_lane ${l} ${get(v)})`);
  return lanes.reduce((acc, l) => `(${t.name}.add ${acc} ${l})`);
}

function sumRows(t: ElemType): string {
  const step = t.lanes * 2; // two vectors per turn
  const [lo0, hi0] = widen(t, at(t, get('px'), get('i')));
  const [lo1, hi1] = widen(t, at(t, get('px'), add(get('i'), i32(t.lanes))));
  const body =
    t.name === 'f32'
      ? `${set('s0', `(f64x2.add ${get('s0')} ${lo0})`)} ${set('s1', `(f64x2.add ${get('s1')} ${hi0})`)}
         ${set('s2', `(f64x2.add ${get('s2')} ${lo1})`)} ${set('s3', `(f64x2.add ${get('s3')} ${hi1})`)}`
      : `${set('s0', `(f64x2.add ${get('s0')} ${lo0})`)} ${set('s1', `(f64x2.add ${get('s1')} ${lo1})`)}`;
  const total = `(f64x2.add (f64x2.add ${get('s0')} ${get('s1')}) (f64x2.add ${get('s2')} ${get('s3')}))`;
  const elem = t.name === 'f32' ? `(f64.promote_f32 (f32.load ${at(t, get('px'), get('i'))}))` : `(f64.load ${at(t, get('px'), get('i'))})`;
  const store = `(${t.name}.store ${at(t, get('o'), get('r'))} ${t.name === 'f32' ? `(f32.demote_f64 ${get('acc')})` : get('acc')})`;
  const zero = ['s0', 's1', 's2', 's3'].map((s) => set(s, '(v128.const i64x2 0 0)')).join(' ');
  return `
(func $sum_rows_${t.name} (export "sum_rows_${t.name}") (param $x i32) (param $rows i32) (param $n i32) (param $sxr i32) (param $o i32)
  ${i32Locals('r', 'i', 'px', 'nv')} ${vLocals('s0', 's1', 's2', 's3', 'w')} (local $acc f64)
  ${set('nv', `(i32.and ${get('n')} ${i32(-step)})`)}
  ${loop('r', i32(0), get('rows'), i32(1), `
    ${set('px', at(t, get('x'), mul(get('r'), get('sxr'))))}
    ${zero}
    ${loop('i', i32(0), get('nv'), i32(step), body)}
    ${set('s0', total)}
    ${set('acc', `(f64.add (f64x2.extract_lane 0 ${get('s0')}) (f64x2.extract_lane 1 ${get('s0')}))`)}
    ${loop('i', get('nv'), get('n'), i32(1), set('acc', `(f64.add ${get('acc')} ${elem})`))}
    ${store}`)})
(func $sum_segs_${t.name} (export "sum_segs_${t.name}") (param $x i32) (param $rows i32) (param $n i32) (param $sxr i32) (param $segs i32) (param $sseg i32) (param $o i32)
  ${i32Locals('r', 'i', 'px', 'nv', 's')} ${vLocals('s0', 's1', 's2', 's3', 'w')} (local $acc f64)
  ${set('nv', `(i32.and ${get('n')} ${i32(-step)})`)}
  ${loop('r', i32(0), get('rows'), i32(1), `
    ${zero}
    ${set('acc', '(f64.const 0)')}
    ${loop('s', i32(0), get('segs'), i32(1), `
      ${set('px', at(t, get('x'), add(mul(get('r'), get('sxr')), mul(get('s'), get('sseg')))))}
      ${loop('i', i32(0), get('nv'), i32(step), body)}
      ${loop('i', get('nv'), get('n'), i32(1), set('acc', `(f64.add ${get('acc')} ${elem})`))}`)}
    ${set('s0', total)}
    ${set('acc', `(f64.add ${get('acc')} (f64.add (f64x2.extract_lane 0 ${get('s0')}) (f64x2.extract_lane 1 ${get('s0')})))`)}
    ${store}`)})`;
}

/** The row maximum of row pointer `px` over n elements into scalar local `acc` (NaN wins). */
function rowMax(t: ElemType): string {
  const step = t.lanes * 2;
  const vmax = (a: string, b: string): string => `(${t.v}.max ${a} ${b})`;
  const lanes = Array.from({ length: t.lanes }, (_, l) => `(${t.v}.extract_lane ${l} ${get('m0')})`);
  return `
    ${set('m0', `(${t.v}.splat (${t.name}.const -inf))`)} ${set('m1', get('m0'))}
    ${loop('i', i32(0), `(i32.and ${get('n')} ${i32(-step)})`, i32(step), `${set('m0', vmax(get('m0'), `(v128.load ${at(t, get('px'), get('i'))})`))}
      ${set('m1', vmax(get('m1'), `(v128.load ${at(t, get('px'), add(get('i'), i32(t.lanes)))})`))}`)}
    ${set('m0', vmax(get('m0'), get('m1')))}
    ${set('acc', lanes[0]!)}
    ${lanes.slice(1).map((l) => `${set('v', l)} ${set('acc', smax(t, get('acc'), get('v')))}`).join(' ')}
    ${loop('i', `(i32.and ${get('n')} ${i32(-step)})`, get('n'), i32(1), `${set('v', `(${t.name}.load ${at(t, get('px'), get('i'))})`)} ${set('acc', smax(t, get('acc'), get('v')))}`)}`;
}

function maxRows(t: ElemType): string {
  return `
(func $max_rows_${t.name} (export "max_rows_${t.name}") (param $x i32) (param $rows i32) (param $n i32) (param $sxr i32) (param $o i32)
  ${i32Locals('r', 'i', 'px')} ${vLocals('m0', 'm1')} (local $acc ${t.name}) (local $v ${t.name})
  ${loop('r', i32(0), get('rows'), i32(1), `
    ${set('px', at(t, get('x'), mul(get('r'), get('sxr'))))}
    ${rowMax(t)}
    (${t.name}.store ${at(t, get('o'), get('r'))} ${get('acc')})`)})`;
}

function sumCols(t: ElemType): string {
  // o[j] = sum_r x[r*sxr + j], 8 columns (f64: 4) at a time, accumulated in f64
  const cols = t.name === 'f32' ? 8 : 4;
  const accs = ['c0', 'c1', 'c2', 'c3'];
  const body =
    t.name === 'f32'
      ? (() => {
          const [l0, h0] = widen(t, get('px'));
          const [l1, h1] = widen(t, add(get('px'), i32(16)));
          return `${set('c0', `(f64x2.add ${get('c0')} ${l0})`)} ${set('c1', `(f64x2.add ${get('c1')} ${h0})`)}
                  ${set('c2', `(f64x2.add ${get('c2')} ${l1})`)} ${set('c3', `(f64x2.add ${get('c3')} ${h1})`)}`;
        })()
      : accs.map((c, k) => set(c, `(f64x2.add ${get(c)} (v128.load offset=${k * 16} ${get('px')}))`)).join(' ');
  const store =
    t.name === 'f32'
      ? `(v128.store ${at(t, get('o'), get('j'))} (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (f32x4.demote_f64x2_zero ${get('c0')}) (f32x4.demote_f64x2_zero ${get('c1')})))
         (v128.store offset=16 ${at(t, get('o'), get('j'))} (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (f32x4.demote_f64x2_zero ${get('c2')}) (f32x4.demote_f64x2_zero ${get('c3')})))`
      : accs.map((c, k) => `(v128.store offset=${k * 16} ${at(t, get('o'), get('j'))} ${get(c)})`).join(' ');
  const elem = t.name === 'f32' ? `(f64.promote_f32 (f32.load ${at(t, get('x'), add(mul(get('r'), get('sxr')), get('j')))}))` : `(f64.load ${at(t, get('x'), add(mul(get('r'), get('sxr')), get('j')))})`;
  return `
(func $sum_cols_${t.name} (export "sum_cols_${t.name}") (param $x i32) (param $rows i32) (param $n i32) (param $sxr i32) (param $o i32)
  ${i32Locals('r', 'j', 'px', 'nv')} ${vLocals(...accs, 'w')} (local $acc f64)
  ${set('nv', `(i32.and ${get('n')} ${i32(-cols)})`)}
  ${loop('j', i32(0), get('nv'), i32(cols), `
    ${accs.map((c) => set(c, '(v128.const i64x2 0 0)')).join(' ')}
    ${loop('r', i32(0), get('rows'), i32(1), `${set('px', at(t, get('x'), add(mul(get('r'), get('sxr')), get('j'))))} ${body}`)}
    ${store}`)}
  ${loop('j', get('nv'), get('n'), i32(1), `
    ${set('acc', '(f64.const 0)')}
    ${loop('r', i32(0), get('rows'), i32(1), set('acc', `(f64.add ${get('acc')} ${elem})`))}
    (${t.name}.store ${at(t, get('o'), get('j'))} ${t.name === 'f32' ? `(f32.demote_f64 ${get('acc')})` : get('acc')})`)})`;
}

/**
 * Row softmax / log-softmax on whole vectors: a row's last partial vector is read in full, its
 * lanes past the row masked (they neither win the max nor add to the sum), and written in full. So x and o must have 16 bytes readable and writable after their last row, and rows are
 * done in order (a row's extra lanes land in the next row's place before that row is written).
 */
function softmaxRows(t: ElemType): string {
  const v = t.v;
  const T = t.name;
  const ninf = `(${v}.splat (${T}.const -inf))`;
  const load = (base: string): string => `(v128.load ${at(t, get(base), get('i'))})`;
  const tailLoad = `(v128.load ${at(t, get('px'), get('nf'))})`;
  // for the max, lanes past the row are −∞; for e^(x − m), they are m (e^0: no subnormal
  // arithmetic, which x86 runs in microcode) and their result is then zeroed
  const tail = `(v128.bitselect ${tailLoad} ${ninf} ${get('tm')})`;
  const e = (x: string): string => expInline(t, `(${v}.sub ${x} ${get('ms')})`);
  const eTail = `(v128.and ${expInline(t, `(${v}.sub (v128.bitselect ${tailLoad} ${get('ms')} ${get('tm')}) ${get('ms')})`)} ${get('tm')})`;
  const oAt = at(t, get('po'), get('i'));
  // the lanes' max, NaN winning, through scalar locals (an expression would repeat its operands)
  const hmax = Array.from({ length: t.lanes - 1 }, (_, l) => `${set('lv', `(${v}.extract_lane ${l + 1} ${get('m0')})`)} ${set('acc', smax(t, get('acc'), get('lv')))}`)
    .join(' ');
  const toF64 = (x: string): string => (T === 'f32' ? `(f64.promote_f32 ${x})` : x);
  const fromF64 = (x: string): string => (T === 'f32' ? `(f32.demote_f64 ${x})` : x);
  const hasTail = `(i32.lt_s ${get('nf')} ${get('n')})`;
  const iota = T === 'f32' ? '(v128.const i32x4 0 1 2 3)' : '(v128.const i64x2 0 1)';
  const lt = T === 'f32' ? `(i32x4.lt_s ${iota} (i32x4.splat (i32.sub ${get('n')} ${get('nf')})))` : `(i64x2.lt_s ${iota} (i64x2.splat (i64.extend_i32_s (i32.sub ${get('n')} ${get('nf')}))))`;
  const soft = `
      ${loop('i', i32(0), get('nf'), i32(t.lanes), `(v128.store ${oAt} (local.tee $e ${e(load('px'))})) ${set('sv', `(${v}.add ${get('sv')} ${get('e')})`)}`)}
      ${ifElse(hasTail, `(v128.store ${at(t, get('po'), get('nf'))} (local.tee $e ${eTail})) ${set('sv', `(${v}.add ${get('sv')} ${get('e')})`)}`)}
      ${set('sv', `(${v}.splat (${T}.div (${T}.const 1) ${hsum(t, 'sv')}))`)}
      ${loop('i', i32(0), get('n'), i32(t.lanes), `(v128.store ${oAt} (${v}.mul (v128.load ${oAt}) ${get('sv')}))`)}`;
  const logsoft = `
      ${loop('i', i32(0), get('nf'), i32(t.lanes), set('sv', `(${v}.add ${get('sv')} ${e(load('px'))})`))}
      ${ifElse(hasTail, set('sv', `(${v}.add ${get('sv')} ${eTail})`))}
      ${set('sv', `(${v}.splat ${fromF64(`(call $log_f64 ${toF64(hsum(t, 'sv'))})`)})`)}
      ${loop('i', i32(0), get('n'), i32(t.lanes), `(v128.store ${oAt} (${v}.sub (${v}.sub ${load('px')} ${get('ms')}) ${get('sv')}))`)}`;
  return `
(func $softmax_rows_${T} (export "softmax_rows_${T}") (param $x i32) (param $o i32) (param $rows i32) (param $n i32) (param $log i32)
  ${i32Locals('r', 'i', 'px', 'po', 'nf')} ${vLocals('m0', 'ms', 'sv', 'e', 'tm')} (local $acc ${T}) (local $lv ${T}) ${EXP_LOCALS}
  ${set('nf', `(i32.and ${get('n')} ${i32(-t.lanes)})`)}
  ${set('tm', lt)}
  ${loop('r', i32(0), get('rows'), i32(1), `
    ${set('px', at(t, get('x'), mul(get('r'), get('n'))))}
    ${set('po', at(t, get('o'), mul(get('r'), get('n'))))}
    ${set('m0', ninf)}
    ${loop('i', i32(0), get('nf'), i32(t.lanes), set('m0', `(${v}.max ${get('m0')} ${load('px')})`))}
    ${ifElse(hasTail, set('m0', `(${v}.max ${get('m0')} ${tail})`))}
    ${set('acc', `(${v}.extract_lane 0 ${get('m0')})`)} ${hmax}
    ${set('ms', `(${v}.splat ${get('acc')})`)}
    ${set('sv', `(${v}.splat (${T}.const 0))`)}
    ${ifElse(get('log'), logsoft, soft)}`)})`;
}

/** The reduction and softmax kernels of one element type. */
export function reductions(t: ElemType): string {
  return [sumRows(t), maxRows(t), sumCols(t), softmaxRows(t)].join('\n');
}
