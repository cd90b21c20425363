/**
 * The fused recurrent cells (float32): one pass over a step's rows computing the gate
 * nonlinearities and the state update (forward), or their gradient (backward), as the JS kernels
 * in `src/backend/js/recurrent.ts` do, four lanes at a time. Pointers are byte addresses; every
 * array is rows × width, contiguous; `b` points at the hidden bias (zeros when there is none).
 *
 * σ(x) = 1 / (1 + e^−x); tanh x = x + x·s·P(s), s = x², for |x| < 0.625 (Cephes' minimax,
 * within 1 ulp), else ±(1 − 2 / (e^2|x| + 1)); e^x as the other kernels compute it. Results are
 * within a few ulp of the JS kernels'.
 *
 * - `lstm_f32(rows, H, xg, hg, b, cprev, act, c, h)`; `lstm_back_f32(rows, H, act, cprev, c, dh, dc, dG, dcprev)`
 * - `gru_f32(rows, H, xg, hg, b, hprev, act, h)`; `gru_back_f32(rows, H, act, hprev, dh, dxg, dhg, dhprev)`
 * - `rnn_f32(relu, rows, H, xg, hg, b, h)`; `rnn_back_f32(relu, rows, H, h, dh, dG)`
 * @module
 */
import { EXP_LOCALS, expInline } from './math.js';
import type { ElemType } from './wat.js';
import { add, get, i32, i32Locals, loop, mul, set, vLocals } from './wat.js';

const TANH_P = [-5.70498872745e-3, 2.06390887954e-2, -5.37397155531e-2, 1.33314422036e-1, -3.33332819422e-1];

/** The locals {@link tanh} and {@link sigmoid} use besides e^x's. */
const MATH_LOCALS = `${EXP_LOCALS} ${vLocals('tx', 'ta', 'ts')}`;

function maths(t: ElemType): { c: (k: number) => string; op: (name: string, ...xs: string[]) => string; sigmoid: (x: string) => string; tanh: (x: string) => string } {
  const c = (k: number): string => `(${t.v}.splat (${t.name}.const ${k}))`;
  const op = (name: string, ...xs: string[]): string => `(${t.v}.${name} ${xs.join(' ')})`;
  const sigmoid = (x: string): string => op('div', c(1), op('add', c(1), expInline(t, op('neg', x))));
  const tanh = (x: string): string => {
    let p = c(TANH_P[0]!);
    for (const k of TANH_P.slice(1)) p = op('add', op('mul', p, get('ts')), c(k));
    const small = op('add', op('mul', op('mul', p, get('ts')), get('tx')), get('tx'));
    const large = op('sub', c(1), op('div', c(2), op('add', expInline(t, op('mul', get('ta'), c(2))), c(1))));
    // |large| with x's sign bit
    const signed = `(v128.bitselect ${large} ${get('tx')} (i32x4.splat (i32.const 0x7fffffff)))`;
    return `(block (result v128)
      ${set('tx', x)} ${set('ta', op('abs', get('tx')))} ${set('ts', op('mul', get('tx'), get('tx')))}
      (v128.bitselect ${small} ${signed} ${op('lt', get('ta'), c(0.625))}))`;
  };
  return { c, op, sigmoid, tanh };
}

/**
 * A kernel over rows × H elements: `body(ld, st)` for each element j of a row, once with vector
 * loads and stores (j in steps of 4), once for the last H mod 4 with one lane (a splat load, a
 * lane-0 store). `ld(p, idx)` loads the element `idx` (an i32 expression) of the array at `p`.
 */
function rowsKernel(t: ElemType, name: string, params: string, locals: string, body: (ld: (p: string, idx: string) => string, st: (p: string, idx: string, v: string) => string) => string): string {
  const addr = (p: string, idx: string): string => add(get(p), `(i32.shl ${idx} ${i32(t.shift)})`);
  const vld = (p: string, idx: string): string => `(v128.load ${addr(p, idx)})`;
  const vst = (p: string, idx: string, v: string): string => `(v128.store ${addr(p, idx)} ${v})`;
  const sld = (p: string, idx: string): string => `(${t.splat} ${addr(p, idx)})`;
  const sst = (p: string, idx: string, v: string): string => `(${t.name}.store ${addr(p, idx)} (${t.v}.extract_lane 0 ${v}))`;
  return `
(func $${name} (export "${name}") ${params}
  ${i32Locals('r', 'j', 'hv')} ${locals} ${MATH_LOCALS}
  ${set('hv', `(i32.and ${get('H')} ${i32(-t.lanes)})`)}
  ${loop('r', i32(0), get('rows'), i32(1), `
    ${loop('j', i32(0), get('hv'), i32(t.lanes), body(vld, vst))}
    ${loop('j', get('hv'), get('H'), i32(1), body(sld, sst))}`)})`;
}

/** Element index helpers: row r of a width-w array, gate q of H. */
const idx = (w: string, q: number): string => add(add(mul(get('r'), w), mul(i32(q), get('H'))), get('j'));

export function recurrentKernels(t: ElemType): string {
  const T = t.name;
  const { c, op, sigmoid, tanh } = maths(t);
  const H4 = mul(get('H'), i32(4));
  const H3 = mul(get('H'), i32(3));
  const p = (...names: string[]): string => names.map((n) => `(param $${n} i32)`).join(' ');
  const one = c(1);

  const lstm = rowsKernel(t, `lstm_${T}`, p('rows', 'H', 'xg', 'hg', 'b', 'cp', 'act', 'c', 'h'), vLocals('i', 'f', 'g', 'o', 'cn'), (ld, st) => {
    const z = (q: number): string => op('add', ld('xg', idx(H4, q)), op('add', ld('hg', idx(H4, q)), ld('b', add(mul(i32(q), get('H')), get('j')))));
    const k = idx(get('H'), 0);
    return [
      set('i', sigmoid(z(0))),
      set('f', sigmoid(z(1))),
      set('g', tanh(z(2))),
      set('o', sigmoid(z(3))),
      set('cn', op('add', op('mul', get('f'), ld('cp', k)), op('mul', get('i'), get('g')))),
      st('act', idx(H4, 0), get('i')),
      st('act', idx(H4, 1), get('f')),
      st('act', idx(H4, 2), get('g')),
      st('act', idx(H4, 3), get('o')),
      st('c', k, get('cn')),
      st('h', k, op('mul', get('o'), tanh(get('cn')))),
    ].join('\n      ');
  });

  const lstmBack = rowsKernel(t, `lstm_back_${T}`, p('rows', 'H', 'act', 'cp', 'c', 'dh', 'dc', 'dg', 'dcp'), vLocals('i', 'f', 'g', 'o', 'tc', 'd', 'dct'), (ld, st) => {
    const k = idx(get('H'), 0);
    const dsig = (x: string): string => op('mul', x, op('sub', one, x));
    return [
      set('i', ld('act', idx(H4, 0))),
      set('f', ld('act', idx(H4, 1))),
      set('g', ld('act', idx(H4, 2))),
      set('o', ld('act', idx(H4, 3))),
      set('tc', tanh(ld('c', k))),
      set('d', ld('dh', k)),
      set('dct', op('add', ld('dc', k), op('mul', op('mul', get('d'), get('o')), op('sub', one, op('mul', get('tc'), get('tc')))))),
      st('dg', idx(H4, 0), op('mul', op('mul', get('dct'), get('g')), dsig(get('i')))),
      st('dg', idx(H4, 1), op('mul', op('mul', get('dct'), ld('cp', k)), dsig(get('f')))),
      st('dg', idx(H4, 2), op('mul', op('mul', get('dct'), get('i')), op('sub', one, op('mul', get('g'), get('g'))))),
      st('dg', idx(H4, 3), op('mul', op('mul', get('d'), get('tc')), dsig(get('o')))),
      st('dcp', k, op('mul', get('dct'), get('f'))),
    ].join('\n      ');
  });

  const gru = rowsKernel(t, `gru_${T}`, p('rows', 'H', 'xg', 'hg', 'b', 'hp', 'act', 'h'), vLocals('rg', 'zg', 'hn', 'n'), (ld, st) => {
    const hq = (q: number): string => op('add', ld('hg', idx(H3, q)), ld('b', add(mul(i32(q), get('H')), get('j'))));
    const k = idx(get('H'), 0);
    return [
      set('rg', sigmoid(op('add', ld('xg', idx(H3, 0)), hq(0)))),
      set('zg', sigmoid(op('add', ld('xg', idx(H3, 1)), hq(1)))),
      set('hn', hq(2)),
      set('n', tanh(op('add', ld('xg', idx(H3, 2)), op('mul', get('rg'), get('hn'))))),
      st('act', idx(H4, 0), get('rg')),
      st('act', idx(H4, 1), get('zg')),
      st('act', idx(H4, 2), get('n')),
      st('act', idx(H4, 3), get('hn')),
      st('h', k, op('add', get('n'), op('mul', get('zg'), op('sub', ld('hp', k), get('n'))))),
    ].join('\n      ');
  });

  const gruBack = rowsKernel(t, `gru_back_${T}`, p('rows', 'H', 'act', 'hp', 'dh', 'dx', 'dhg', 'dp'), vLocals('rg', 'zg', 'n', 'hn', 'd', 'dn', 'dr', 'dz'), (ld, st) => {
    const k = idx(get('H'), 0);
    return [
      set('rg', ld('act', idx(H4, 0))),
      set('zg', ld('act', idx(H4, 1))),
      set('n', ld('act', idx(H4, 2))),
      set('hn', ld('act', idx(H4, 3))),
      set('d', ld('dh', k)),
      set('dn', op('mul', op('mul', get('d'), op('sub', one, get('zg'))), op('sub', one, op('mul', get('n'), get('n'))))),
      set('dr', op('mul', op('mul', get('dn'), get('hn')), op('mul', get('rg'), op('sub', one, get('rg'))))),
      set('dz', op('mul', op('mul', get('d'), op('sub', ld('hp', k), get('n'))), op('mul', get('zg'), op('sub', one, get('zg'))))),
      st('dx', idx(H3, 0), get('dr')),
      st('dx', idx(H3, 1), get('dz')),
      st('dx', idx(H3, 2), get('dn')),
      st('dhg', idx(H3, 0), get('dr')),
      st('dhg', idx(H3, 1), get('dz')),
      st('dhg', idx(H3, 2), op('mul', get('dn'), get('rg'))),
      st('dp', k, op('mul', get('d'), get('zg'))),
    ].join('\n      ');
  });

  const rnnBody = (relu: boolean) => (ld: (p: string, i: string) => string, st: (p: string, i: string, v: string) => string): string => {
    const k = idx(get('H'), 0);
    const z = op('add', ld('xg', k), op('add', ld('hg', k), ld('b', get('j'))));
    return st('h', k, relu ? op('max', z, c(0)) : tanh(z));
  };
  const rnnBackBody = (relu: boolean) => (ld: (p: string, i: string) => string, st: (p: string, i: string, v: string) => string): string => {
    const k = idx(get('H'), 0);
    return relu
      ? st('dg', k, `(v128.and ${ld('dh', k)} ${op('gt', ld('h', k), c(0))})`)
      : [set('o', ld('h', k)), st('dg', k, op('mul', ld('dh', k), op('sub', one, op('mul', get('o'), get('o')))))].join(' ');
  };
  const rnn = (relu: boolean): string => rowsKernel(t, `rnn_${relu ? 'relu' : 'tanh'}_${T}`, p('rows', 'H', 'xg', 'hg', 'b', 'h'), '', rnnBody(relu));
  const rnnBack = (relu: boolean): string => rowsKernel(t, `rnn_${relu ? 'relu' : 'tanh'}_back_${T}`, p('rows', 'H', 'h', 'dh', 'dg'), vLocals('o'), rnnBackBody(relu));
  return [lstm, lstmBack, gru, gruBack, rnn(false), rnn(true), rnnBack(false), rnnBack(true)].join('\n');
}
