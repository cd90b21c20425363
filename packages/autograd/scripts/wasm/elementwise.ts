/**
 * Elementwise kernels over "row" layouts: `rows` rows of `n` elements, each operand's row either
 * contiguous or one element repeated (a broadcast), rows `s*` elements apart. Outputs are
 * contiguous. The JS side coalesces a tensor's dims into this form (see the backend's `rows.ts`).
 *
 * Every kernel computes what the JS kernel computes, bit for bit (NaN and signed zeros included),
 * except e^x, which is within about 1 ulp.
 * @module
 */
import { EXP_LOCALS, expInline } from './math.js';
import type { ElemType } from './wat.js';
import { at, get, i32, i32Locals, ifElse, loop, mul, set, vLocals } from './wat.js';

/** Binary ops, in the order of the `op` argument of `bin_f32`/`bin_f64`. */
export const BINARY_OPS = ['add', 'sub', 'mul', 'div', 'maximum', 'minimum'] as const;
/** Unary ops, in the order of the `op` argument of `un_f32`/`un_f64`. */
export const UNARY_OPS = ['neg', 'abs', 'sqrt', 'relu', 'exp'] as const;
/** Comparisons, in the order of the `op` argument of `cmp_f32`/`cmp_f64`. */
export const COMPARE_OPS = ['eq', 'ne', 'lt', 'le', 'gt', 'ge'] as const;
/** Operand layouts of a two-operand kernel: both rows contiguous, b broadcast, a broadcast, both broadcast. */
export const MODES = ['vv', 'vs', 'sv', 'ss'] as const;
type Mode = (typeof MODES)[number];

type BinaryOp = (typeof BINARY_OPS)[number];

/** The op on two vectors. */
function vbin(t: ElemType, op: BinaryOp, a: string, b: string): string {
  switch (op) {
    case 'maximum':
    case 'minimum': {
      // a where a > b, a is NaN, or a = b (as the JS kernel: the first of two equal zeros); else b
      const cmp = op === 'maximum' ? 'ge' : 'le';
      return `(v128.bitselect (local.tee $va ${a}) (local.tee $vb ${b}) (v128.or (${t.v}.${cmp} (local.get $va) (local.get $vb)) (${t.v}.ne (local.get $va) (local.get $va))))`;
    }
    default:
      return `(${t.v}.${op} ${a} ${b})`;
  }
}

/** The op on two scalars. */
function sbin(t: ElemType, op: BinaryOp, a: string, b: string): string {
  switch (op) {
    case 'maximum':
    case 'minimum': {
      const cmp = op === 'maximum' ? 'ge' : 'le';
      return `(select (local.tee $xa ${a}) (local.tee $xb ${b}) (i32.or (${t.name}.${cmp} (local.get $xa) (local.get $xb)) (${t.name}.ne (local.get $xa) (local.get $xa))))`;
    }
    default:
      return `(${t.name}.${op} ${a} ${b})`;
  }
}

/** Row pointers of a two-operand kernel, and the vector/scalar read of each operand at element `i`. */
function operands(t: ElemType, mode: Mode): { setup: string; va: string; vb: string; xa: string; xb: string } {
  const aScalar = mode === 'sv' || mode === 'ss';
  const bScalar = mode === 'vs' || mode === 'ss';
  const setup = [
    set('pa', at(t, get('a'), mul(get('r'), get('sar')))),
    set('pb', at(t, get('b'), mul(get('r'), get('sbr')))),
    aScalar ? set('sa', `(${t.splat} ${get('pa')})`) : '',
    bScalar ? set('sb', `(${t.splat} ${get('pb')})`) : '',
  ].join(' ');
  return {
    setup,
    va: aScalar ? get('sa') : `(v128.load ${at(t, get('pa'), get('i'))})`,
    vb: bScalar ? get('sb') : `(v128.load ${at(t, get('pb'), get('i'))})`,
    xa: `(${t.name}.load ${aScalar ? get('pa') : at(t, get('pa'), get('i'))})`,
    xb: `(${t.name}.load ${bScalar ? get('pb') : at(t, get('pb'), get('i'))})`,
  };
}

const LOCALS = (t: ElemType): string =>
  `${i32Locals('r', 'i', 'pa', 'pb', 'nv')} ${vLocals('sa', 'sb', 'va', 'vb')} (local $xa ${t.name}) (local $xb ${t.name})`;

function binaryOne(t: ElemType, op: BinaryOp, mode: Mode): string {
  const o = operands(t, mode);
  return `
(func $bin_${op}_${mode}_${t.name} (param $a i32) (param $b i32) (param $o i32) (param $rows i32) (param $n i32) (param $sar i32) (param $sbr i32)
  ${LOCALS(t)}
  ${set('nv', `(i32.and ${get('n')} ${i32(-t.lanes)})`)}
  ${loop('r', i32(0), get('rows'), i32(1), `
    ${o.setup}
    ${loop('i', i32(0), get('nv'), i32(t.lanes), `(v128.store ${at(t, get('o'), get('i'))} ${vbin(t, op, o.va, o.vb)})`)}
    ${loop('i', get('nv'), get('n'), i32(1), `(${t.name}.store ${at(t, get('o'), get('i'))} ${sbin(t, op, o.xa, o.xb)})`)}
    ${set('o', at(t, get('o'), get('n')))}`)})`;
}

/** 16 lane masks (f32: 4 vectors; f64: 8) narrowed to 16 bytes of 0/1. */
function compareBlock(t: ElemType, cmp: (k: number) => string): string {
  const one = '(i8x16.splat (i32.const 1))';
  if (t.name === 'f32') {
    const m = [0, 1, 2, 3].map((k) => cmp(k));
    return `(v128.and (i8x16.narrow_i16x8_s (i16x8.narrow_i32x4_s ${m[0]} ${m[1]}) (i16x8.narrow_i32x4_s ${m[2]} ${m[3]})) ${one})`;
  }
  // f64 masks are 64-bit lanes: keep the low 32 bits of each pair of vectors, then narrow as f32
  const pair = (k: number): string => `(i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 ${cmp(2 * k)} ${cmp(2 * k + 1)})`;
  return `(v128.and (i8x16.narrow_i16x8_s (i16x8.narrow_i32x4_s ${pair(0)} ${pair(1)}) (i16x8.narrow_i32x4_s ${pair(2)} ${pair(3)})) ${one})`;
}

function compareOne(t: ElemType, op: (typeof COMPARE_OPS)[number], mode: Mode): string {
  const aScalar = mode === 'sv' || mode === 'ss';
  const bScalar = mode === 'vs' || mode === 'ss';
  const o = operands(t, mode);
  const vload = (scalar: boolean, p: string, k: number): string => (scalar ? get(p === 'pa' ? 'sa' : 'sb') : `(v128.load offset=${k * 16} ${at(t, get(p), get('i'))})`);
  const cmp = (k: number): string => `(${t.v}.${op} ${vload(aScalar, 'pa', k)} ${vload(bScalar, 'pb', k)})`;
  return `
(func $cmp_${op}_${mode}_${t.name} (param $a i32) (param $b i32) (param $o i32) (param $rows i32) (param $n i32) (param $sar i32) (param $sbr i32)
  ${LOCALS(t)}
  ${set('nv', `(i32.and ${get('n')} ${i32(-16)})`)}
  ${loop('r', i32(0), get('rows'), i32(1), `
    ${o.setup}
    ${loop('i', i32(0), get('nv'), i32(16), `(v128.store ${`(i32.add ${get('o')} ${get('i')})`} ${compareBlock(t, cmp)})`)}
    ${loop('i', get('nv'), get('n'), i32(1), `(i32.store8 (i32.add ${get('o')} ${get('i')}) (${t.name}.${op} ${o.xa} ${o.xb}))`)}
    ${set('o', `(i32.add ${get('o')} ${get('n')})`)}`)})`;
}

/** Lane masks from condition bytes at `p` (nonzero: all ones). */
function condMask(t: ElemType, p: string): string {
  if (t.name === 'f32') {
    return `(i32x4.ne (i32x4.extend_low_i16x8_u (i16x8.extend_low_i8x16_u (v128.load32_zero ${p}))) (v128.const i32x4 0 0 0 0))`;
  }
  return `(i64x2.ne (i64x2.extend_low_i32x4_u (i32x4.extend_low_i16x8_u (i16x8.extend_low_i8x16_u (v128.load16_splat ${p})))) (v128.const i64x2 0 0))`;
}

function whereOne(t: ElemType, mode: Mode): string {
  const o = operands(t, mode);
  const pc = `(i32.add ${get('pc')} ${get('i')})`;
  return `
(func $where_${mode}_${t.name} (param $c i32) (param $a i32) (param $b i32) (param $o i32) (param $rows i32) (param $n i32) (param $scr i32) (param $sar i32) (param $sbr i32)
  ${LOCALS(t)} (local $pc i32)
  ${set('nv', `(i32.and ${get('n')} ${i32(-t.lanes)})`)}
  ${loop('r', i32(0), get('rows'), i32(1), `
    ${o.setup}
    ${set('pc', `(i32.add ${get('c')} ${mul(get('r'), get('scr'))})`)}
    ${loop('i', i32(0), get('nv'), i32(t.lanes), `(v128.store ${at(t, get('o'), get('i'))} (v128.bitselect ${o.va} ${o.vb} ${condMask(t, pc)}))`)}
    ${loop('i', get('nv'), get('n'), i32(1), `(${t.name}.store ${at(t, get('o'), get('i'))} (select ${o.xa} ${o.xb} (i32.load8_u ${pc})))`)}
    ${set('o', at(t, get('o'), get('n')))}`)})`;
}

function unaryOne(t: ElemType, op: (typeof UNARY_OPS)[number]): string {
  const v = `(v128.load ${at(t, get('px'), get('i'))})`;
  const x = `(${t.name}.load ${at(t, get('px'), get('i'))})`;
  const zero = `(${t.v}.splat (${t.name}.const 0))`;
  const out = `${at(t, get('o'), get('i'))}`;
  let vec: string;
  let tail: string;
  switch (op) {
    case 'relu':
      // relu keeps NaN (as the JS kernel): x where x > 0 or x != x, else +0
      vec = `(v128.and (local.tee $v ${v}) (v128.or (${t.v}.gt (local.get $v) ${zero}) (${t.v}.ne (local.get $v) (local.get $v))))`;
      tail = `(local.set $s ${x}) (${t.name}.store ${out} (select (local.get $s) (${t.name}.const 0) (i32.or (${t.name}.gt (local.get $s) (${t.name}.const 0)) (${t.name}.ne (local.get $s) (local.get $s)))))`;
      break;
    case 'exp':
      vec = expInline(t, v);
      tail = `(${t.name}.store ${out} (${t.v}.extract_lane 0 ${expInline(t, `(${t.v}.splat ${x})`)}))`;
      break;
    default:
      vec = `(${t.v}.${op} ${v})`;
      tail = `(${t.name}.store ${out} (${t.name}.${op} ${x}))`;
  }
  return `
(func $un_${op}_${t.name} (param $x i32) (param $o i32) (param $rows i32) (param $n i32) (param $sxr i32)
  ${i32Locals('r', 'i', 'px', 'nv')} ${vLocals('v')} (local $s ${t.name}) ${EXP_LOCALS}
  ${set('nv', `(i32.and ${get('n')} ${i32(-t.lanes)})`)}
  ${loop('r', i32(0), get('rows'), i32(1), `
    ${set('px', at(t, get('x'), mul(get('r'), get('sxr'))))}
    ${loop('i', i32(0), get('nv'), i32(t.lanes), `(v128.store ${out} ${vec})`)}
    ${loop('i', get('nv'), get('n'), i32(1), tail)}
    ${set('o', at(t, get('o'), get('n')))}`)})`;
}

/** A dispatcher export: `([op], [mode], ...args)` to the kernel `name[_op][_mode]_<type>`. */
function dispatch(t: ElemType, name: string, ops: readonly string[] | null, modes: readonly string[] | null, params: string[]): string {
  const head = [ops === null ? '' : '(param $op i32)', modes === null ? '' : '(param $mode i32)'].join(' ');
  const nm = modes?.length ?? 1;
  const sel = ops === null ? get('mode') : modes === null ? get('op') : `(i32.add (i32.mul ${get('op')} ${i32(nm)}) ${get('mode')})`;
  const cases = (ops ?? ['']).flatMap((op, k) =>
    (modes ?? ['']).map((mode, m) =>
      ifElse(
        `(i32.eq ${sel} ${i32(k * nm + m)})`,
        `(call $${[name, op, mode].filter((x) => x !== '').join('_')}_${t.name} ${params.map(get).join(' ')}) (return)`,
      ),
    ),
  );
  return `
(func $${name}_${t.name} (export "${name}_${t.name}") ${head} ${params.map((p) => `(param $${p} i32)`).join(' ')}
  ${cases.join('\n  ')}
  (unreachable))`;
}

/** Every elementwise kernel of one element type, with the `bin_*`, `un_*`, `cmp_*`, `where_*` dispatchers. */
export function elementwise(t: ElemType): string {
  const parts: string[] = [];
  const two = ['a', 'b', 'o', 'rows', 'n', 'sar', 'sbr'];
  for (const op of BINARY_OPS) for (const mode of MODES) parts.push(binaryOne(t, op, mode));
  for (const op of COMPARE_OPS) for (const mode of MODES) parts.push(compareOne(t, op, mode));
  for (const mode of MODES) parts.push(whereOne(t, mode));
  for (const op of UNARY_OPS) parts.push(unaryOne(t, op));
  parts.push(dispatch(t, 'bin', BINARY_OPS, MODES, two));
  parts.push(dispatch(t, 'cmp', COMPARE_OPS, MODES, two));
  parts.push(dispatch(t, 'where', null, MODES, ['c', 'a', 'b', 'o', 'rows', 'n', 'scr', 'sar', 'sbr']));
  parts.push(dispatch(t, 'un', UNARY_OPS, null, ['x', 'o', 'rows', 'n', 'sxr']));
  return parts.join('\n');
}
