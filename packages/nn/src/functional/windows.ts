/**
 * @internal The sliding windows under every convolution and pooling, for any number of spatial
 * dims. Each spatial dim is a {@link WindowAxis}: for each output position and tap, the input
 * coordinate it reads (or none: padding). {@link windows} gathers every window's taps into
 * columns (im2col) by one index list over the flattened spatial dims, a tap in the padding
 * reading one extra element (the padding value) appended to each plane, so no padded copy is made;
 * {@link foldWindows} is its adjoint (col2im), adding each column entry back onto the element it
 * read. Composed from autograd ops (`indexSelect`, `scatterAdd`), so gradients of any order come
 * from their rules.
 *
 * A backend kernel can replace the gather: a {@link WindowAxis} made by {@link slidingAxis} keeps
 * its geometry (`kernel`, `stride`, `padding`, `dilation`), which is all an im2col/col2im kernel of
 * one or two dims needs (one dim is two with a height of 1); {@link windows} and
 * {@link foldWindows} are the only places that gather.
 * @module
 */
import { cat, col2im, full, im2col, tensor, zeros } from '@chainrule/autograd';
import type { Tensor, Window2d } from '@chainrule/autograd';

/** @internal One spatial dim of a set of windows. */
export interface WindowAxis {
  /** Input size along the dim. */
  readonly size: number;
  /** Output positions along the dim. */
  readonly out: number;
  /** Taps per window along the dim (the largest window, for adaptive pooling). */
  readonly taps: number;
  /** The input coordinate tap `k` of output position `o` reads, or −1 where it reads the padding value. */
  at(o: number, k: number): number;
  /** The geometry of an evenly sliding window (absent for adaptive windows). */
  readonly geometry?: { readonly kernel: number; readonly stride: number; readonly padding: number; readonly dilation: number };
}

/**
 * @internal Output positions of a sliding window, as PyTorch's `pooling_output_shape` and the
 * convolution's formula: ⌊(size + padBefore + padAfter − dilation·(kernel − 1) − 1) / stride⌋ + 1,
 * rounded up in ceil mode, where the last window must start inside the input or its left padding.
 */
export function slidingOutSize(size: number, kernel: number, stride: number, padBefore: number, padAfter: number, dilation: number, ceilMode = false): number {
  const span = size + padBefore + padAfter - dilation * (kernel - 1) - 1;
  if (!ceilMode) return Math.floor(span / stride) + 1;
  let out = Math.floor((span + stride - 1) / stride) + 1;
  if ((out - 1) * stride >= size + padBefore) out--;
  return out;
}

/** @internal An evenly sliding window: position o, tap k reads o·stride + k·dilation − padding. */
export function slidingAxis(size: number, kernel: number, stride: number, padding: number, dilation: number, out: number): WindowAxis {
  return {
    size,
    out,
    taps: kernel,
    at: (o, k) => {
      const i = o * stride + k * dilation - padding;
      return i >= 0 && i < size ? i : -1;
    },
    geometry: { kernel, stride, padding, dilation },
  };
}

/** @internal Start (inclusive) and end (exclusive) of adaptive window `o`: ⌊o·size/out⌋ and ⌈(o+1)·size/out⌉, as PyTorch. */
export function adaptiveRange(o: number, size: number, out: number): [number, number] {
  return [Math.floor((o * size) / out), Math.ceil(((o + 1) * size) / out)];
}

/** @internal Adaptive pooling's windows: `out` windows of nearly equal size covering the input (taps past a short window read the padding value). */
export function adaptiveAxis(size: number, out: number): WindowAxis {
  let taps = 0;
  for (let o = 0; o < out; o++) {
    const [s, e] = adaptiveRange(o, size, out);
    taps = Math.max(taps, e - s);
  }
  return {
    size,
    out,
    taps,
    at: (o, k) => {
      const [s, e] = adaptiveRange(o, size, out);
      return s + k < e ? s + k : -1;
    },
  };
}

const product = (xs: readonly number[]): number => xs.reduce((a, b) => a * b, 1);

/**
 * @internal The flat input position (row-major over the spatial dims) each tap of each window
 * reads, laid out `[K, L]` (taps, then positions) or `[L, K]` by window, with K taps and L output
 * positions; a tap in the padding holds `P`, the number of input positions. Also whether any does.
 */
export function windowTable(axes: readonly WindowAxis[], byWindow: boolean): { table: Int32Array; padded: boolean } {
  const d = axes.length;
  const K = product(axes.map((a) => a.taps));
  const L = product(axes.map((a) => a.out));
  const P = product(axes.map((a) => a.size));
  const table = new Int32Array(K * L);
  // per dim: the coordinate of (position, tap), and the row-major strides of taps, positions, input
  const coords = axes.map((a) => {
    const c = new Int32Array(a.out * a.taps);
    for (let o = 0; o < a.out; o++) for (let k = 0; k < a.taps; k++) c[o * a.taps + k] = a.at(o, k);
    return c;
  });
  const kStride = new Array<number>(d);
  const lStride = new Array<number>(d);
  const inStride = new Array<number>(d);
  for (let i = d - 1, ks = 1, ls = 1, is = 1; i >= 0; i--) {
    kStride[i] = ks;
    lStride[i] = ls;
    inStride[i] = is;
    ks *= axes[i]!.taps;
    ls *= axes[i]!.out;
    is *= axes[i]!.size;
  }
  let padded = false;
  const fill = (dim: number, k: number, l: number, flat: number): void => {
    if (dim === d) {
      if (flat < 0) padded = true;
      table[byWindow ? l * K + k : k * L + l] = flat < 0 ? P : flat;
      return;
    }
    const { out, taps } = axes[dim]!;
    const c = coords[dim]!;
    for (let o = 0; o < out; o++) {
      for (let t = 0; t < taps; t++) {
        const i = c[o * taps + t]!;
        fill(dim + 1, k + t * kStride[dim]!, l + o * lStride[dim]!, flat < 0 || i < 0 ? -1 : flat + i * inStride[dim]!);
      }
    }
  };
  fill(0, 0, 0, 0);
  return { table, padded };
}

/**
 * @internal The windows of `x` (`[N, C, ...sizes]`) as columns: `[N, C, K, L]`, or `[N, C, L, K]`
 * by window (each window's taps contiguous, for a reduction over the last dim). A tap in the
 * padding reads `padValue`.
 */
export function windows(x: Tensor, axes: readonly WindowAxis[], padValue: number, byWindow: boolean): Tensor {
  const win = window2d(x, axes, padValue, byWindow);
  if (win !== null) return im2col(x, win);
  const [n, c] = x.shape as [number, number];
  const K = product(axes.map((a) => a.taps));
  const L = product(axes.map((a) => a.out));
  const P = product(axes.map((a) => a.size));
  const { table, padded } = windowTable(axes, byWindow);
  const flat = x.reshape([n, c, P]);
  const source = padded ? cat([flat, full([n, c, 1], padValue, { dtype: x.dtype })], 2) : flat;
  return source.indexSelect(2, tensor(table, { dtype: 'int32' })).reshape(byWindow ? [n, c, L, K] : [n, c, K, L]);
}

/**
 * @internal The adjoint of {@link windows} (col2im): `cols` (`[N, C, K, L]`) to `[N, C, ...sizes]`,
 * every column entry added onto the input element it reads; entries of taps in the padding dropped.
 */
export function foldWindows(cols: Tensor, axes: readonly WindowAxis[]): Tensor {
  const win = window2d(cols, axes, 0, false);
  if (win !== null) return col2im(cols, win);
  const [n, c] = cols.shape as [number, number];
  const sizes = axes.map((a) => a.size);
  const P = product(sizes);
  const { table, padded } = windowTable(axes, false);
  const index = tensor(table, { dtype: 'int32' }).reshape([1, 1, table.length]).expand([n, c, table.length]);
  const summed = zeros([n, c, P + (padded ? 1 : 0)], { dtype: cols.dtype }).scatterAdd(2, index, cols.reshape([n, c, table.length]));
  return (padded ? summed.narrow(2, 0, P) : summed).reshape([n, c, ...sizes]);
}

/**
 * @internal The flat input position each window's tap reads, as a `[L, K]` int32 tensor (the
 * padding's `P` where it reads none): what turns the tap a max pooling chose into PyTorch's index.
 */
export function tapPositions(axes: readonly WindowAxis[]): Tensor {
  const K = product(axes.map((a) => a.taps));
  const L = product(axes.map((a) => a.out));
  return tensor(windowTable(axes, true).table, { dtype: 'int32' }).reshape([L, K]);
}

/**
 * @internal The geometry of 2-D sliding windows over float images as autograd's im2col, col2im and
 * convolution primitives take it (wasm kernels, no index tables), or null where they cannot: other
 * than two dims, adaptive windows, integer tensors, or output sizes that do not follow from the
 * symmetric formula (ceil mode's extra window, 'same' padding's extra pixel at the end).
 */
export function window2d(x: Tensor, axes: readonly WindowAxis[], padValue: number, byWindow: boolean): Window2d | null {
  if (axes.length !== 2 || (x.dtype !== 'float32' && x.dtype !== 'float64')) return null;
  const [a, b] = axes as [WindowAxis, WindowAxis];
  const [ga, gb] = [a.geometry, b.geometry];
  if (ga === undefined || gb === undefined) return null;
  const fits = (ax: WindowAxis, g: NonNullable<WindowAxis['geometry']>): boolean =>
    ax.out === Math.floor((ax.size + 2 * g.padding - g.dilation * (g.kernel - 1) - 1) / g.stride) + 1;
  if (!fits(a, ga) || !fits(b, gb)) return null;
  return {
    h: a.size, w: b.size, kh: ga.kernel, kw: gb.kernel, sh: ga.stride, sw: gb.stride, ph: ga.padding, pw: gb.padding,
    dh: ga.dilation, dw: gb.dilation, oh: a.out, ow: b.out, pad: padValue, byWindow,
  };
}
