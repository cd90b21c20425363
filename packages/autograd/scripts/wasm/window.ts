/**
 * Sliding-window kernels of 2-D convolution and pooling (im2col and its adjoint col2im) over
 * `planes` contiguous H×W images:
 * - `im2col(x, o, planes, h, w, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow, pad, byWindow)` writes, for
 *   each plane, tap (i, j) and output position (r, q), the pixel (r·sh + i·dh − ph, q·sw + j·dw − pw)
 *   or `pad` where that lies outside the image, to o[plane][tap][pos] (or o[plane][pos][tap] with
 *   `byWindow`: each window's taps contiguous, for a reduction over them);
 * - `col2im(c, o, ...)` zeroes each output plane and adds every column entry onto its pixel (taps in
 *   the padding are dropped), planes, taps, rows and columns in that order, as the JS kernel does:
 *   the sums are the same to the bit.
 * With stride 1 along the width (convolutions), a row of output positions reads or writes a
 * contiguous run of pixels: im2col copies it with memory.copy, col2im adds it with SIMD.
 * @module
 */
import type { ElemType } from './wat.js';
import { add, at, get, i32, i32Locals, ifElse, loop, min, mul, set } from './wat.js';

const PARAMS = ['planes', 'h', 'w', 'kh', 'kw', 'sh', 'sw', 'ph', 'pw', 'dh', 'dw', 'oh', 'ow'];

/** Sets qlo, qhi: the output columns whose tap j reads inside the image (xx = q·sw + j·dw − pw in [0, w)). */
const columnRange = (): string => `
  ${set('a', `(i32.sub ${get('pw')} ${mul(get('j'), get('dw'))})`)}
  ${set('qlo', `(select (i32.div_s (i32.add ${get('a')} (i32.sub ${get('sw')} ${i32(1)})) ${get('sw')}) ${i32(0)} (i32.gt_s ${get('a')} ${i32(0)}))`)}
  ${set('b', `(i32.add (i32.sub ${get('w')} ${i32(1)}) ${get('a')})`)}
  ${set('qhi', `(select ${min(get('ow'), add(`(i32.div_s ${get('b')} ${get('sw')})`, i32(1)))} ${i32(0)} (i32.ge_s ${get('b')} ${i32(0)}))`)}
  ${set('qlo', min(get('qlo'), get('ow')))}
  ${set('qhi', `(select ${get('qhi')} ${get('qlo')} (i32.gt_s ${get('qhi')} ${get('qlo')}))`)}`;

export function windowKernels(t: ElemType): string {
  const T = t.name;
  const params = PARAMS.map((p) => `(param $${p} i32)`).join(' ');
  const locals = `${i32Locals('p', 'i', 'j', 'r', 'q', 'yy', 'xx', 'kk', 'l', 'tap', 'px', 'po', 'a', 'b', 'qlo', 'qhi', 'row', 'src', 'k')}`;
  // x pixel (yy, xx) of the plane at px
  const pixel = (yy: string, xx: string): string => at(t, get('px'), add(mul(yy, get('w')), xx));
  // column entry (tap, r·ow + q) of the plane at po, in either layout
  const entry = (q: string): string =>
    `(if (result i32) ${get('byWindow')} (then ${at(t, get('po'), add(mul(add(mul(get('r'), get('ow')), q), get('kk')), get('tap')))}) (else ${at(t, get('po'), add(mul(get('tap'), get('l')), add(mul(get('r'), get('ow')), q)))}))`;
  const planeLoop = (body: string, out: 'cols' | 'image'): string => `
  ${set('kk', mul(get('kh'), get('kw')))}
  ${set('l', mul(get('oh'), get('ow')))}
  ${loop('p', i32(0), get('planes'), i32(1), `
    ${set('px', at(t, get(out === 'cols' ? 'x' : 'o'), mul(get('p'), mul(get('h'), get('w')))))}
    ${set('po', at(t, get(out === 'cols' ? 'o' : 'c'), mul(get('p'), mul(get('kk'), get('l')))))}
    ${body}`)}`;
  const taps = (body: string): string =>
    loop('i', i32(0), get('kh'), i32(1), loop('j', i32(0), get('kw'), i32(1), `
      ${set('tap', add(mul(get('i'), get('kw')), get('j')))}
      ${columnRange()}
      ${loop('r', i32(0), get('oh'), i32(1), `
        ${set('yy', `(i32.sub (i32.add ${mul(get('r'), get('sh'))} ${mul(get('i'), get('dh'))}) ${get('ph')})`)}
        ${set('xx', `(i32.sub ${mul(get('qlo'), get('sw'))} ${get('a')})`)}
        ${body}`)}`));
  const inside = `(i32.and (i32.ge_s ${get('yy')} ${i32(0)}) (i32.lt_s ${get('yy')} ${get('h')}))`;

  const im2col = `
(func $im2col_${T} (export "im2col_${T}") (param $x i32) (param $o i32) ${params} (param $pad ${T}) (param $byWindow i32)
  ${locals}
  ${planeLoop(
    taps(`
        ${ifElse(
          `(i32.and ${inside} (i32.eqz ${get('byWindow')}))`,
          // a row of one tap, not by window: pad, a run of pixels, pad
          `
          ${set('row', at(t, get('po'), add(mul(get('tap'), get('l')), mul(get('r'), get('ow')))))}
          ${loop('q', i32(0), get('qlo'), i32(1), `(${T}.store ${at(t, get('row'), get('q'))} ${get('pad')})`)}
          ${set('src', pixel(get('yy'), get('xx')))}
          ${ifElse(
            `(i32.eq ${get('sw')} ${i32(1)})`,
            `(memory.copy ${at(t, get('row'), get('qlo'))} ${get('src')} (i32.shl (i32.sub ${get('qhi')} ${get('qlo')}) ${i32(t.shift)}))`,
            loop('q', get('qlo'), get('qhi'), i32(1), `
              (${T}.store ${at(t, get('row'), get('q'))} (${T}.load ${get('src')}))
              ${set('src', at(t, get('src'), get('sw')))}`),
          )}
          ${loop('q', get('qhi'), get('ow'), i32(1), `(${T}.store ${at(t, get('row'), get('q'))} ${get('pad')})`)}`,
          // any layout: entry by entry (a tap outside the image reads nothing)
          loop('q', i32(0), get('ow'), i32(1), `
            (${T}.store ${entry(get('q'))}
              (if (result ${T}) (i32.and ${inside} (i32.and (i32.ge_s ${get('q')} ${get('qlo')}) (i32.lt_s ${get('q')} ${get('qhi')})))
                (then (${T}.load ${pixel(get('yy'), `(i32.sub ${mul(get('q'), get('sw'))} ${get('a')})`)}))
                (else ${get('pad')})))`),
        )}`),
    'cols',
  )})`;

  const lanes = t.lanes;
  const col2im = `
(func $col2im_${T} (export "col2im_${T}") (param $c i32) (param $o i32) ${params} (param $byWindow i32)
  ${locals}
  (memory.fill ${get('o')} ${i32(0)} (i32.shl ${mul(get('planes'), mul(get('h'), get('w')))} ${i32(t.shift)}))
  ${planeLoop(
    taps(`
        (if ${inside} (then
          ${set('src', pixel(get('yy'), get('xx')))}
          ${ifElse(
            `(i32.and (i32.eq ${get('sw')} ${i32(1)}) (i32.eqz ${get('byWindow')}))`,
            // a contiguous run of pixels += a contiguous run of one tap's row
            `
            ${set('row', at(t, get('po'), add(mul(get('tap'), get('l')), mul(get('r'), get('ow')))))}
            ${set('k', get('qlo'))}
            ${loop('q', get('qlo'), `(i32.sub ${get('qhi')} ${i32(lanes - 1)})`, i32(lanes), `
              (v128.store ${get('src')} (${t.v}.add (v128.load ${get('src')}) (v128.load ${at(t, get('row'), get('q'))})))
              ${set('src', at(t, get('src'), i32(lanes)))}
              ${set('k', add(get('q'), i32(lanes)))}`)}
            ${loop('q', get('k'), get('qhi'), i32(1), `
              (${T}.store ${get('src')} (${T}.add (${T}.load ${get('src')}) (${T}.load ${at(t, get('row'), get('q'))})))
              ${set('src', at(t, get('src'), i32(1)))}`)}`,
            loop('q', get('qlo'), get('qhi'), i32(1), `
              (${T}.store ${get('src')} (${T}.add (${T}.load ${get('src')}) (${T}.load ${entry(get('q'))})))
              ${set('src', at(t, get('src'), get('sw')))}`),
          )}))`),
    'image',
  )})`;
  return im2col + col2im;
}
