/**
 * The fused Adam step, `adam_f32` / `adam_f64(p, g, m, v, n, w, fromEnd, beta2, oneMinusBeta2,
 * negStep, bc2, eps)`: over n contiguous elements, in place, one IEEE operation per step of the
 * op-by-op formula (so the result is the same, bit for bit):
 * m ← fromEnd ? g − (g − m)·w : m + (g − m)·w;  v ← v·β2 + (g·(1 − β2))·g;  p ← p + (m·step) / (√v / bc2 + ε).
 * @module
 */
import type { ElemType } from './wat.js';
import { at, get, i32, i32Locals, ifElse, loop, set, vLocals } from './wat.js';

export function adam(t: ElemType): string {
  const T = t.name;
  const step = (vec: boolean, fromEnd: boolean): string => {
    const op = (name: string, a: string, b: string): string => `(${vec ? t.v : T}.${name} ${a} ${b})`;
    const load = (p: string): string => (vec ? `(v128.load ${at(t, get(p), get('i'))})` : `(${T}.load ${at(t, get(p), get('i'))})`);
    const store = (p: string, x: string): string => (vec ? `(v128.store ${at(t, get(p), get('i'))} ${x})` : `(${T}.store ${at(t, get(p), get('i'))} ${x})`);
    const k = (name: string): string => get(vec ? `${name}v` : name);
    const [G, M, V] = vec ? ['gv', 'mv', 'vv'] : ['gs', 'ms', 'vs'];
    const sqrt = vec ? `(${t.v}.sqrt ${get(V)})` : `(${T}.sqrt ${get(V)})`;
    return [
      set(G, load('g')),
      set(M, load('m')),
      set(M, fromEnd ? op('sub', get(G), op('mul', op('sub', get(G), get(M)), k('w'))) : op('add', get(M), op('mul', op('sub', get(G), get(M)), k('w')))),
      set(V, op('add', op('mul', load('v'), k('b2')), op('mul', op('mul', get(G), k('b2c')), get(G)))),
      store('m', get(M)),
      store('v', get(V)),
      store('p', op('add', load('p'), op('div', op('mul', get(M), k('step')), op('add', op('div', sqrt, k('bc2')), k('eps'))))),
    ].join(' ');
  };
  const body = (fromEnd: boolean): string => `
    ${loop('i', i32(0), get('nv'), i32(t.lanes), step(true, fromEnd))}
    ${loop('i', get('nv'), get('n'), i32(1), step(false, fromEnd))}`;
  const names = ['w', 'b2', 'b2c', 'step', 'bc2', 'eps'];
  return `
(func $adam_${T} (export "adam_${T}") (param $p i32) (param $g i32) (param $m i32) (param $v i32) (param $n i32)
  (param $w ${T}) (param $fromEnd i32) (param $b2 ${T}) (param $b2c ${T}) (param $step ${T}) (param $bc2 ${T}) (param $eps ${T})
  ${i32Locals('i', 'nv')} ${vLocals('gv', 'mv', 'vv', ...names.map((x) => `${x}v`))} (local $gs ${T}) (local $ms ${T}) (local $vs ${T})
  ${names.map((x) => set(`${x}v`, `(${t.v}.splat ${get(x)})`)).join(' ')}
  ${set('nv', `(i32.and ${get('n')} ${i32(-t.lanes)})`)}
  ${ifElse(get('fromEnd'), body(true), body(false))})`;
}
