/**
 * Matrix product kernels: C[M,N] = A[M,K]·B[K,N] for any strides of A and B (so every transpose
 * is the same kernel), C row-major with a row stride. Blocked as in GotoBLAS: B is packed into
 * NR-column panels and A into MR-row panels, so the MR×NR register-tile microkernel streams
 * both from contiguous memory whatever the operands' layout.
 * @module
 */
import type { ElemType } from './wat.js';
import { add, at, get, i32, i32Locals, ifElse, loop, min, mul, set, vLocals } from './wat.js';

/** Register tile and cache blocking of one element type. */
export interface GemmShape {
  /** Rows of the register tile. */
  readonly mr: number;
  /** Columns of the register tile (a multiple of the lanes). */
  readonly nr: number;
  /** k-unrolling of the microkernel loop. */
  readonly ku: number;
  /** Rows of A packed at a time (a multiple of mr). */
  readonly mc: number;
  /** Depth of a packed block. */
  readonly kc: number;
  /** Columns of B packed at a time (a multiple of nr). */
  readonly nc: number;
}

/** Bytes of workspace one gemm call needs: packed A, packed B and an edge tile. */
export function gemmWorkspaceBytes(t: ElemType, s: GemmShape): number {
  return (s.mc * s.kc + s.kc * s.nc + s.mr * s.nr) * t.size;
}

function microkernel(t: ElemType, s: GemmShape): string {
  const nv = s.nr / t.lanes;
  const acc: string[] = [];
  for (let i = 0; i < s.mr; i++) for (let j = 0; j < nv; j++) acc.push(`c${i}_${j}`);
  const bs = Array.from({ length: nv }, (_, j) => `b${j}`);
  const step = (u: number): string => {
    const lines: string[] = [];
    for (let j = 0; j < nv; j++) lines.push(set(`b${j}`, `(v128.load offset=${(u * s.nr + j * t.lanes) * t.size} ${get('bp')})`));
    for (let i = 0; i < s.mr; i++) {
      lines.push(set('a', `(${t.splat} offset=${(u * s.mr + i) * t.size} ${get('ap')})`));
      for (let j = 0; j < nv; j++) lines.push(set(`c${i}_${j}`, `(${t.v}.add ${get(`c${i}_${j}`)} (${t.v}.mul ${get('a')} ${get(`b${j}`)}))`));
    }
    return lines.join('\n    ');
  };
  const advance = (u: number): string =>
    [set('ap', add(get('ap'), i32(s.mr * u * t.size))), set('bp', add(get('bp'), i32(s.nr * u * t.size))), set('kc', `(i32.sub ${get('kc')} ${i32(u)})`)].join(' ');
  const row = (i: number): string => add(get('cp'), mul(get('ldc'), i32(i)));
  const unrolled = Array.from({ length: s.ku }, (_, u) => step(u)).join('\n    ');
  return `
(func $mk_${t.name} (param $ap i32) (param $bp i32) (param $kc i32) (param $cp i32) (param $ldc i32) (param $beta i32)
  ${vLocals(...acc, ...bs, 'a')}
  ${acc.map((c) => set(c, '(v128.const i64x2 0 0)')).join(' ')}
  (block $main_out (loop $main
    (br_if $main_out (i32.lt_s ${get('kc')} ${i32(s.ku)}))
    ${unrolled}
    ${advance(s.ku)}
    (br $main)))
  (block $rest_out (loop $rest
    (br_if $rest_out (i32.le_s ${get('kc')} ${i32(0)}))
    ${step(0)}
    ${advance(1)}
    (br $rest)))
  ${ifElse(get('beta'), acc.map((c, n) => {
    const i = Math.floor(n / nv);
    const j = n % nv;
    return set(c, `(${t.v}.add ${get(c)} (v128.load offset=${j * 16} ${row(i)}))`);
  }).join(' '))}
  ${acc.map((c, n) => `(v128.store offset=${(n % nv) * 16} ${row(Math.floor(n / nv))} ${get(c)})`).join(' ')})`;
}

function packA(t: ElemType, s: GemmShape): string {
  // dst[ir*kc + k*MR + i] = src[(ir + i)*sam + k*sak], zero rows past mc
  const full: string[] = [];
  const part: string[] = [];
  for (let i = 0; i < s.mr; i++) {
    const src = `(${t.name}.load ${at(t, get('src'), add(mul(add(get('ir'), i32(i)), get('sam')), mul(get('k'), get('sak'))))})`;
    full.push(`(${t.name}.store offset=${i * t.size} ${get('d')} ${src})`);
    part.push(`(${t.name}.store offset=${i * t.size} ${get('d')} (if (result ${t.name}) (i32.lt_s ${add(get('ir'), i32(i))} ${get('mc')}) (then ${src}) (else (${t.name}.const 0))))`);
  }
  const body = (stores: string[]): string =>
    loop('k', i32(0), get('kc'), i32(1), `${stores.join('\n      ')}\n      ${set('d', add(get('d'), i32(s.mr * t.size)))}`);
  return `
(func $packA_${t.name} (param $src i32) (param $sam i32) (param $sak i32) (param $mc i32) (param $kc i32) (param $dst i32)
  ${i32Locals('ir', 'k', 'd')}
  ${set('d', get('dst'))}
  ${loop('ir', i32(0), get('mc'), i32(s.mr), ifElse(`(i32.le_s ${add(get('ir'), i32(s.mr))} ${get('mc')})`, body(full), body(part)))})`;
}

function packB(t: ElemType, s: GemmShape): string {
  // dst[jr*kc + k*NR + j] = src[k*sbk + (jr + j)*sbn], zero columns past nc
  const nv = s.nr / t.lanes;
  const vec: string[] = [];
  for (let v = 0; v < nv; v++) {
    vec.push(`(v128.store offset=${v * 16} ${get('d')} (v128.load ${at(t, get('src'), add(mul(get('k'), get('sbk')), add(get('jr'), i32(v * t.lanes))))}))`);
  }
  const part: string[] = [];
  for (let j = 0; j < s.nr; j++) {
    const src = `(${t.name}.load ${at(t, get('src'), add(mul(get('k'), get('sbk')), mul(add(get('jr'), i32(j)), get('sbn'))))})`;
    part.push(`(${t.name}.store offset=${j * t.size} ${get('d')} (if (result ${t.name}) (i32.lt_s ${add(get('jr'), i32(j))} ${get('nc')}) (then ${src}) (else (${t.name}.const 0))))`);
  }
  const body = (stores: string[]): string =>
    loop('k', i32(0), get('kc'), i32(1), `${stores.join('\n      ')}\n      ${set('d', add(get('d'), i32(s.nr * t.size)))}`);
  const fullRow = `(i32.and (i32.eq ${get('sbn')} ${i32(1)}) (i32.le_s ${add(get('jr'), i32(s.nr))} ${get('nc')}))`;
  const fullCol = `(i32.and (i32.eq ${get('sbk')} ${i32(1)}) (i32.le_s ${add(get('jr'), i32(s.nr))} ${get('nc')}))`;
  return `
(func $packB_${t.name} (param $src i32) (param $sbk i32) (param $sbn i32) (param $kc i32) (param $nc i32) (param $dst i32)
  ${i32Locals('jr', 'k', 'd', 'kv')} ${vLocals(...Array.from({ length: t.lanes }, (_, i) => `r${i}`), 't0', 't1', 't2', 't3')}
  ${set('d', get('dst'))}
  ${set('kv', `(i32.and ${get('kc')} ${i32(-t.lanes)})`)}
  ${loop('jr', i32(0), get('nc'), i32(s.nr), ifElse(fullRow, body(vec), ifElse(fullCol, transposed(t, s), body(part))))})`;
}

/**
 * B stored transposed (sbk = 1, the weight of a Linear used as w.t()): each column of the panel is
 * a contiguous run of k, so blocks of lanes × lanes are loaded as rows and transposed with
 * shuffles (4×4 for f32, 2×2 for f64) instead of gathered element by element; the k past the
 * last whole block one by one.
 */
function transposed(t: ElemType, s: GemmShape): string {
  const L = t.lanes;
  // byte shuffles on lanes of t.size bytes: pick lane a of x (0..L-1) or of y (L..2L-1)
  const lanesOf = (...ls: number[]): string => ls.flatMap((l) => Array.from({ length: t.size }, (_, b) => l * t.size + b)).join(' ');
  const shuf = (x: string, y: string, ...ls: number[]): string => `(i8x16.shuffle ${lanesOf(...ls)} ${x} ${y})`;
  const blocks: string[] = [];
  for (let j0 = 0; j0 < s.nr; j0 += L) {
    const rows = Array.from({ length: L }, (_, i) => set(`r${i}`, `(v128.load ${at(t, get('src'), add(get('k'), mul(add(get('jr'), i32(j0 + i)), get('sbn'))))})`));
    const cols: string[] = [];
    if (L === 4) {
      cols.push(set('t0', shuf(get('r0'), get('r1'), 0, 4, 1, 5)), set('t1', shuf(get('r0'), get('r1'), 2, 6, 3, 7)));
      cols.push(set('t2', shuf(get('r2'), get('r3'), 0, 4, 1, 5)), set('t3', shuf(get('r2'), get('r3'), 2, 6, 3, 7)));
      const c = [shuf(get('t0'), get('t2'), 0, 1, 4, 5), shuf(get('t0'), get('t2'), 2, 3, 6, 7), shuf(get('t1'), get('t3'), 0, 1, 4, 5), shuf(get('t1'), get('t3'), 2, 3, 6, 7)];
      c.forEach((v, r) => cols.push(`(v128.store offset=${(r * s.nr + j0) * t.size} ${get('d')} ${v})`));
    } else {
      const c = [shuf(get('r0'), get('r1'), 0, 2), shuf(get('r0'), get('r1'), 1, 3)];
      c.forEach((v, r) => cols.push(`(v128.store offset=${(r * s.nr + j0) * t.size} ${get('d')} ${v})`));
    }
    blocks.push([...rows, ...cols].join(' '));
  }
  const scalar: string[] = [];
  for (let j = 0; j < s.nr; j++) {
    scalar.push(`(${t.name}.store offset=${j * t.size} ${get('d')} (${t.name}.load ${at(t, get('src'), add(get('k'), mul(add(get('jr'), i32(j)), get('sbn'))))}))`);
  }
  return `
    ${loop('k', i32(0), get('kv'), i32(L), `${blocks.join(' ')} ${set('d', add(get('d'), i32(L * s.nr * t.size)))}`)}
    ${loop('k', get('kv'), get('kc'), i32(1), `${scalar.join(' ')} ${set('d', add(get('d'), i32(s.nr * t.size)))}`)}`;
}

function edge(t: ElemType, s: GemmShape): string {
  // c[i*ldc + j] = (beta ? c : 0) + tile[i*NR + j] for i < mr, j < nr
  const cAddr = at(t, get('c'), add(mul(get('i'), get('ldc')), get('j')));
  const tAddr = at(t, get('tile'), add(mul(get('i'), i32(s.nr)), get('j')));
  const val = `(${t.name}.load ${tAddr})`;
  return `
(func $edge_${t.name} (param $tile i32) (param $c i32) (param $ldc i32) (param $mr i32) (param $nr i32) (param $beta i32)
  ${i32Locals('i', 'j')}
  ${loop('i', i32(0), get('mr'), i32(1), loop('j', i32(0), get('nr'), i32(1),
    `(${t.name}.store ${cAddr} (if (result ${t.name}) ${get('beta')} (then (${t.name}.add (${t.name}.load ${cAddr}) ${val})) (else ${val})))`))})`;
}

/**
 * The loop nest around the microkernel. `gemm_T` packs B itself, one KC×NC block at a time;
 * `gemm_pb_T` takes B already packed whole (panels of NR columns over all of K, see `packb_T`),
 * so that threads sharing one product pack B once between them.
 */
function driver(t: ElemType, s: GemmShape, packed: boolean, accumulate = false): string {
  const ws = (n: number): string => i32(n * t.size);
  const full = `(i32.and (i32.eq ${get('mr')} ${i32(s.mr)}) (i32.eq ${get('nr')} ${i32(s.nr)}))`;
  const apanel = at(t, get('pa'), mul(get('ir'), get('kc')));
  // panel (jc + jr)/NR of the whole packed B starts at (jc + jr)·K; its rows pc.. at + pc·NR
  const bpanel = packed ? at(t, get('pb'), add(mul(add(get('jc'), get('jr')), get('K')), mul(get('pc'), i32(s.nr)))) : at(t, get('pb'), mul(get('jr'), get('kc')));
  const beta = accumulate ? i32(1) : `(i32.gt_s ${get('pc')} ${i32(0)})`;
  const tiles = loop('jr', i32(0), get('nc'), i32(s.nr), `
    ${set('nr', min(i32(s.nr), `(i32.sub ${get('nc')} ${get('jr')})`))}
    ${loop('ir', i32(0), get('mc'), i32(s.mr), `
      ${set('mr', min(i32(s.mr), `(i32.sub ${get('mc')} ${get('ir')})`))}
      ${set('cp', at(t, get('c'), add(mul(add(get('ic'), get('ir')), get('ldc')), add(get('jc'), get('jr')))))}
      ${ifElse(full,
        `(call $mk_${t.name} ${apanel} ${bpanel} ${get('kc')} ${get('cp')} ${mul(get('ldc'), i32(t.size))} ${beta})`,
        `(call $mk_${t.name} ${apanel} ${bpanel} ${get('kc')} ${get('tile')} ${i32(s.nr * t.size)} ${i32(0)})
         (call $edge_${t.name} ${get('tile')} ${get('cp')} ${get('ldc')} ${get('mr')} ${get('nr')} ${beta})`)}`)}`);
  const packA = `(call $packA_${t.name} ${at(t, get('a'), add(mul(get('ic'), get('sam')), mul(get('pc'), get('sak'))))} ${get('sam')} ${get('sak')} ${get('mc')} ${get('kc')} ${get('pa')})`;
  const packB = packed ? '' : `(call $packB_${t.name} ${at(t, get('b'), add(mul(get('pc'), get('sbk')), mul(get('jc'), get('sbn'))))} ${get('sbk')} ${get('sbn')} ${get('kc')} ${get('nc')} ${get('pb')})`;
  const params = packed
    ? '(param $a i32) (param $sam i32) (param $sak i32) (param $pb i32) (param $K i32) (param $c i32) (param $ldc i32) (param $M i32) (param $N i32) (param $ws i32)'
    : '(param $a i32) (param $sam i32) (param $sak i32) (param $b i32) (param $sbk i32) (param $sbn i32) (param $c i32) (param $ldc i32) (param $M i32) (param $N i32) (param $K i32) (param $ws i32)';
  const name = packed ? `gemm_pb_${t.name}` : accumulate ? `gemm_acc_${t.name}` : `gemm_${t.name}`;
  return `
(func $${name} (export "${name}")
  ${params}
  ${i32Locals(...(packed ? [] : ['pb']), 'pa', 'tile', 'jc', 'nc', 'pc', 'kc', 'ic', 'mc', 'jr', 'nr', 'ir', 'mr', 'cp')}
  ${set('pa', get('ws'))}
  ${packed ? '' : set('pb', add(get('ws'), ws(s.mc * s.kc)))}
  ${set('tile', add(get('ws'), ws(s.mc * s.kc + s.kc * s.nc)))}
  ${loop('jc', i32(0), get('N'), i32(s.nc), `
  ${set('nc', min(i32(s.nc), `(i32.sub ${get('N')} ${get('jc')})`))}
  ${loop('pc', i32(0), get('K'), i32(s.kc), `
    ${set('kc', min(i32(s.kc), `(i32.sub ${get('K')} ${get('pc')})`))}
    ${packB}
    ${loop('ic', i32(0), get('M'), i32(s.mc), `
      ${set('mc', min(i32(s.mc), `(i32.sub ${get('M')} ${get('ic')})`))}
      ${packA}
      ${tiles}`)}`)}`)})`;
}

/** `packb_T(b, sbk, sbn, k, n, dst)`: B's k×n block as panels of NR columns, dst[j·k + i·NR + c] (zero past n). */
function packbExport(t: ElemType): string {
  return `
(func $packb_${t.name} (export "packb_${t.name}") (param $b i32) (param $sbk i32) (param $sbn i32) (param $k i32) (param $n i32) (param $dst i32)
  (call $packB_${t.name} ${get('b')} ${get('sbk')} ${get('sbn')} ${get('k')} ${get('n')} ${get('dst')}))`;
}

/**
 * The gemm kernel of one element type, `gemm_f32(a, sam, sak, b, sbk, sbn, c, ldc, M, N, K, ws)`
 * (pointers in bytes, strides in elements): one block of a product. The JS side cuts a product
 * (and its batches) into such blocks, which the threads claim one at a time. `gemm_acc_T` (same
 * arguments) adds the product to C instead (a convolution's weight gradient, image by image).
 */
export function gemm(t: ElemType, s: GemmShape): string {
  return [microkernel(t, s), packA(t, s), packB(t, s), edge(t, s), driver(t, s, false), driver(t, s, false, true), driver(t, s, true), packbExport(t)].join('\n');
}
