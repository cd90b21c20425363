/**
 * Row-wise gather and scatter-add: the index kernels of `indexSelect` along the last dim (and of
 * im2col, which is one), over contiguous rows with one index list shared by every row.
 * - `gather_rows(x, n, idx, k, sir, o, rows)`: o[r·k + j] = x[r·n + idx[r·sir + j]];
 * - `scatter_rows(o, n, idx, k, sir, s, rows)`: o[r·n + idx[r·sir + j]] += s[r·k + j], rows and j
 *   in order (so the sums are the JS kernel's, bit for bit);
 * - `argmax_rows(x, rows, n, o)`: o[r] = the index of the first maximum of row r (of the first NaN
 *   if it holds one), as int32.
 * - `check_idx(idx, count, n)`: the position of the first of `count` int32 indices outside [0, n),
 *   or -1 (the callers check indices with it before gathering or scattering).
 * `sir` is 0 when every row shares one index list, k when each row has its own.
 * @module
 */
import type { ElemType } from './wat.js';
import { add, at, get, i32, i32Locals, loop, mul, set } from './wat.js';

/** The index check (once: it does not depend on the element type). */
export function checkIndices(): string {
  // unsigned compare: a negative index is a huge one
  return `
(func $check_idx (export "check_idx") (param $idx i32) (param $count i32) (param $n i32) (result i32)
  ${i32Locals('i', 'nv')} (local $lim v128)
  ${set('lim', `(i32x4.splat ${get('n')})`)}
  ${set('nv', `(i32.and ${get('count')} ${i32(-4)})`)}
  (block $bad
    ${loop('i', i32(0), get('nv'), i32(4), `(br_if $bad (i32.eqz (i32x4.all_true (i32x4.lt_u (v128.load ${add(get('idx'), `(i32.shl ${get('i')} ${i32(2)})`)}) ${get('lim')}))))`)}
    ${loop('i', get('nv'), get('count'), i32(1), `(br_if $bad (i32.ge_u (i32.load ${add(get('idx'), `(i32.shl ${get('i')} ${i32(2)})`)}) ${get('n')}))`)}
    (return ${i32(-1)}))
  ;; a bad one in this vector (or the scalar at i): find it
  ${loop('i', get('i'), get('count'), i32(1), `(if (i32.ge_u (i32.load ${add(get('idx'), `(i32.shl ${get('i')} ${i32(2)})`)}) ${get('n')}) (then (return ${get('i')})))`)}
  ${i32(-1)})`;
}

export function gatherKernels(t: ElemType): string {
  const T = t.name;
  const idx = `(i32.load ${add(get('pi'), `(i32.shl ${get('j')} ${i32(2)})`)})`;
  const pi = set('pi', add(get('idx'), `(i32.shl ${mul(get('r'), get('sir'))} ${i32(2)})`));
  return `
(func $gather_rows_${T} (export "gather_rows_${T}") (param $x i32) (param $n i32) (param $idx i32) (param $k i32) (param $sir i32) (param $o i32) (param $rows i32)
  ${i32Locals('r', 'j', 'px', 'po', 'pi')}
  ${loop('r', i32(0), get('rows'), i32(1), `
    ${pi}
    ${set('px', at(t, get('x'), mul(get('r'), get('n'))))}
    ${set('po', at(t, get('o'), mul(get('r'), get('k'))))}
    ${loop('j', i32(0), get('k'), i32(1), `(${T}.store ${at(t, get('po'), get('j'))} (${T}.load ${at(t, get('px'), idx)}))`)}`)})
(func $scatter_rows_${T} (export "scatter_rows_${T}") (param $o i32) (param $n i32) (param $idx i32) (param $k i32) (param $sir i32) (param $s i32) (param $rows i32)
  ${i32Locals('r', 'j', 'po', 'ps', 'a', 'pi')}
  ${loop('r', i32(0), get('rows'), i32(1), `
    ${pi}
    ${set('po', at(t, get('o'), mul(get('r'), get('n'))))}
    ${set('ps', at(t, get('s'), mul(get('r'), get('k'))))}
    ${loop('j', i32(0), get('k'), i32(1), `
      ${set('a', at(t, get('po'), idx))}
      (${T}.store ${get('a')} (${T}.add (${T}.load ${get('a')}) (${T}.load ${at(t, get('ps'), get('j'))})))`)}`)})
(func $argmax_rows_${T} (export "argmax_rows_${T}") (param $x i32) (param $rows i32) (param $n i32) (param $o i32)
  ${i32Locals('r', 'j', 'px', 'best')} (local $bv ${T}) (local $v ${T})
  ${loop('r', i32(0), get('rows'), i32(1), `
    ${set('px', at(t, get('x'), mul(get('r'), get('n'))))}
    ${set('best', i32(0))}
    ${set('bv', `(${T}.load ${get('px')})`)}
    (if (${T}.eq ${get('bv')} ${get('bv')}) (then
      (block $done ${loop('j', i32(1), get('n'), i32(1), `
        ${set('v', `(${T}.load ${at(t, get('px'), get('j'))})`)}
        (if (${T}.ne ${get('v')} ${get('v')}) (then ${set('best', get('j'))} (br $done)))
        (if (${T}.gt ${get('v')} ${get('bv')}) (then ${set('bv', get('v'))} ${set('best', get('j'))}))`)})))
    (i32.store ${add(get('o'), `(i32.shl ${get('r')} ${i32(2)})`)} ${get('best')})`)})`;
}
