/**
 * Pooling over 1, 2 or 3 spatial dims: max and average pooling (ceil mode, padding, dilation,
 * indices), max unpooling, adaptive pooling and power-average pooling. Each gathers its windows
 * (`windows.ts`, one window's taps contiguous) and reduces the last dim; adaptive windows differ in
 * size, the short ones padded.
 * @module
 */
import { markRegion, tensor, zeros } from '@chainrule/autograd';
import type { Tensor } from '@chainrule/autograd';
import type { Size1, Size2, Size3 } from './conv.js';
import { batched, checkFloat, checkOptions, fmt, sizes } from './options.js';
import { adaptiveAxis, adaptiveRange, slidingAxis, slidingOutSize, tapPositions, windows } from './windows.js';
import type { WindowAxis } from './windows.js';

/**
 * Options of the max poolings ({@link maxPool1d}, {@link maxPool2d}, {@link maxPool3d}).
 * @typeParam S - {@link Size1}, {@link Size2} or {@link Size3}.
 * @typeParam R - whether the indices of the maxima are returned too (the type of `returnIndices`).
 * @example
 * ```ts
 * import type { MaxPoolOptions, Size2 } from '@chainrule/nn/functional';
 * const opts: MaxPoolOptions<Size2> = { stride: 1, padding: 1, ceilMode: true };
 * opts.ceilMode; // true
 * ```
 */
export interface MaxPoolOptions<S, R extends boolean = boolean> {
  /** Step between windows (default: the kernel size). */
  stride?: S;
  /** −∞ added on each side (default 0; at most half the kernel). */
  padding?: S;
  /** Spacing between the window's taps (default 1). */
  dilation?: S;
  /** Round the output size up instead of down (default false): a last, partial window where one starts inside the input or its left padding. */
  ceilMode?: boolean;
  /** Also return the position of each maximum within its input plane (row-major over the spatial dims), for {@link maxUnpool2d} (default false). */
  returnIndices?: R;
}

/**
 * Options of {@link maxPool2d}: {@link MaxPoolOptions} over two spatial dims.
 * @example
 * ```ts
 * import type { Pool2dOptions } from '@chainrule/nn/functional';
 * const opts: Pool2dOptions = { stride: 1, padding: 1 };
 * opts.padding; // 1
 * ```
 */
export type Pool2dOptions = MaxPoolOptions<Size2>;

/**
 * Options of the average poolings ({@link avgPool1d}, {@link avgPool2d}, {@link avgPool3d};
 * `divisorOverride` for 2-D and 3-D, as PyTorch).
 * @typeParam S - {@link Size1}, {@link Size2} or {@link Size3}.
 * @example
 * ```ts
 * import type { AvgPoolOptions, Size2 } from '@chainrule/nn/functional';
 * const opts: AvgPoolOptions<Size2> = { padding: 1, countIncludePad: false };
 * opts.countIncludePad; // false
 * ```
 */
export interface AvgPoolOptions<S> {
  /** Step between windows (default: the kernel size). */
  stride?: S;
  /** Zeros added on each side (default 0; at most half the kernel). */
  padding?: S;
  /** Round the output size up instead of down (default false). */
  ceilMode?: boolean;
  /** Count the padding zeros in each average (default true); a window's part past the padding (ceil mode) never counts. */
  countIncludePad?: boolean;
  /** Divide every window's sum by this instead of its size (a non-zero integer). */
  divisorOverride?: number;
}

/**
 * Options of the max unpoolings ({@link maxUnpool1d}, {@link maxUnpool2d}, {@link maxUnpool3d}): the
 * settings of the pooling they invert.
 * @typeParam S - {@link Size1}, {@link Size2} or {@link Size3}.
 * @example
 * ```ts
 * import type { MaxUnpoolOptions, Size2 } from '@chainrule/nn/functional';
 * const opts: MaxUnpoolOptions<Size2> = { stride: 2, outputSize: [5, 5] };
 * opts.outputSize; // [5, 5]
 * ```
 */
export interface MaxUnpoolOptions<S> {
  /** The pooling's stride (default: the kernel size). */
  stride?: S;
  /** The pooling's padding (default 0). */
  padding?: S;
  /** The output's spatial size (or whole shape), to pick among the sizes the pooling maps to the same size (default (in − 1)·stride − 2·padding + kernel). */
  outputSize?: readonly number[];
}

/**
 * Options of the power-average poolings ({@link lpPool1d}, {@link lpPool2d}).
 * @typeParam S - {@link Size1} or {@link Size2}.
 * @example
 * ```ts
 * import type { LpPoolOptions, Size2 } from '@chainrule/nn/functional';
 * const opts: LpPoolOptions<Size2> = { stride: 1 };
 * opts.stride; // 1
 * ```
 */
export interface LpPoolOptions<S> {
  /** Step between windows (default: the kernel size). */
  stride?: S;
  /** Round the output size up instead of down (default false). */
  ceilMode?: boolean;
}

/**
 * What a max pooling returns: the maxima, or `[maxima, indices]` when `R` (the type of its
 * `returnIndices` option) is true.
 * @typeParam R - whether the indices are returned.
 * @example
 * ```ts
 * import { arange } from '@chainrule/autograd';
 * import * as F from '@chainrule/nn/functional';
 * const both: F.MaxPoolResult<true> = F.maxPool2d(arange(4).reshape([1, 1, 2, 2]).float(), 2, { returnIndices: true });
 * both[1].item(); // 3
 * ```
 */
export type MaxPoolResult<R extends boolean> = R extends true ? [Tensor, Tensor] : Tensor;

const LAYOUT = ['[N, C, L]', '[N, C, H, W]', '[N, C, D, H, W]'];

interface PoolGeometry {
  k: number[];
  stride: number[];
  padding: number[];
  dilation: number[];
  ceilMode: boolean;
}

/** The sliding axes of a pooling; throws PyTorch's errors for padding over half the window and an empty output. */
function poolAxes(op: string, spatial: readonly number[], g: PoolGeometry): WindowAxis[] {
  const { k, stride, padding, dilation, ceilMode } = g;
  if (padding.some((p, i) => p > k[i]! / 2)) {
    throw new RangeError(`${op}: pad should be at most half of effective kernel size, but got pad=${padding.join(', ')}, kernel_size=${k.join(', ')}`);
  }
  const out = spatial.map((s, i) => slidingOutSize(s, k[i]!, stride[i]!, padding[i]!, padding[i]!, dilation[i]!, ceilMode));
  if (out.some((o) => o < 1)) {
    throw new RangeError(`${op}: the window (${k.join('×')}, dilation ${dilation.join('×')}) does not fit the padded input (${spatial.map((s, i) => s + 2 * padding[i]!).join('×')}): output size ${out.join('×')} is too small`);
  }
  return spatial.map((s, i) => slidingAxis(s, k[i]!, stride[i]!, padding[i]!, dilation[i]!, out[i]!));
}

function geometry(op: string, nd: number, kernelSize: number | readonly number[], opts: { stride?: number | readonly number[] | null; padding?: number | readonly number[]; dilation?: number | readonly number[]; ceilMode?: boolean }): PoolGeometry {
  const k = sizes(kernelSize, nd, 'kernel_size', op, 1);
  return {
    k,
    stride: opts.stride === undefined || opts.stride === null ? k : sizes(opts.stride, nd, 'stride', op, 1),
    padding: sizes(opts.padding ?? 0, nd, 'padding', op, 0),
    dilation: sizes(opts.dilation ?? 1, nd, 'dilation', op, 1),
    ceilMode: opts.ceilMode ?? false,
  };
}

/** The maxima of windows `[N, C, L, K]` and, when asked, their flat input positions. */
function maxOfWindows(cols: Tensor, axes: readonly WindowAxis[], outShape: readonly number[], withIndices: boolean): Tensor | [Tensor, Tensor] {
  const { values, indices } = cols.max(3);
  const y = values.reshape(outShape);
  if (!withIndices) return y;
  const positions = tapPositions(axes).expand(cols.shape).gather(3, indices.unsqueeze(3));
  return [y, positions.reshape(outShape)];
}

function maxPoolNd(op: string, nd: number, input: Tensor, kernelSize: number | readonly number[], opts: MaxPoolOptions<number | readonly number[]>): Tensor | [Tensor, Tensor] {
  checkOptions(op, opts, ['stride', 'padding', 'dilation', 'ceilMode', 'returnIndices']);
  const { x, unbatch } = batched(input, nd, op, LAYOUT[nd - 1]!);
  checkFloat(x, op);
  const axes = poolAxes(op, x.shape.slice(2), geometry(op, nd, kernelSize, opts));
  const [n, c] = x.shape as [number, number];
  const r = maxOfWindows(windows(x, axes, -Infinity, true), axes, [n, c, ...axes.map((a) => a.out)], opts.returnIndices === true);
  return Array.isArray(r) ? [unbatch(r[0]), unbatch(r[1])] : unbatch(r);
}

/**
 * 1-D max pooling, like `F.max_pool1d`: the largest value of each window (padding counts as −∞;
 * NaN wins); the gradient goes to the first largest element of each window.
 * @param input - `[N, C, L]` or unbatched `[C, L]`.
 * @param kernelSize - the window.
 * @param opts - `stride` (default the window), `padding`, `dilation`, `ceilMode`, `returnIndices`.
 * @returns `[N, C, Lo]`, and with `returnIndices` `[values, indices]` (int32 positions in the input's length).
 * @throws RangeError for an input that is not 2-D or 3-D, sizes that are not integers in range,
 *   padding over half the window, or a window larger than the padded input.
 * @throws TypeError for a non-float input or an unknown option.
 * @example
 * ```ts
 * import { tensor } from '@chainrule/autograd';
 * import * as F from '@chainrule/nn/functional';
 * const x = tensor([[[3, 1, 4, 1, 5]]]);
 * F.maxPool1d(x, 2); // tensor([[[3., 4.]]])
 * F.maxPool1d(x, 2, { ceilMode: true }); // tensor([[[3., 4., 5.]]])
 * const [values, indices] = F.maxPool1d(x, 3, { stride: 1, returnIndices: true });
 * indices.tolist(); // [[[2, 2, 4]]]
 * ```
 */
export function maxPool1d<R extends boolean = false>(input: Tensor, kernelSize: Size1, opts: MaxPoolOptions<Size1, R> = {}): MaxPoolResult<R> {
  return maxPoolNd('maxPool1d', 1, input, kernelSize, opts) as MaxPoolResult<R>;
}

/**
 * 2-D max pooling, like `F.max_pool2d`: the largest value of each window (padding counts as −∞;
 * NaN wins); the gradient goes to the first largest element of each window.
 * @param input - `[N, C, H, W]` or unbatched `[C, H, W]`.
 * @param kernelSize - the window.
 * @param opts - `stride` (default the window), `padding`, `dilation`, `ceilMode`, `returnIndices`.
 * @returns `[N, C, Ho, Wo]`, and with `returnIndices` `[values, indices]` (int32 positions in each
 *   input plane, row-major: what {@link maxUnpool2d} takes).
 * @throws RangeError for an input that is not 3-D or 4-D, sizes that are not integers in range,
 *   padding over half the window, or a window larger than the padded input.
 * @throws TypeError for a non-float input or an unknown option.
 * @example
 * ```ts
 * import { arange } from '@chainrule/autograd';
 * import * as F from '@chainrule/nn/functional';
 * const img = arange(16).reshape([1, 1, 4, 4]).float();
 * F.maxPool2d(img, 2); // tensor([[[[ 5.,  7.], [13., 15.]]]])
 * F.maxPool2d(img, 3, { stride: 2, ceilMode: true }); // tensor([[[[10., 11.], [14., 15.]]]])
 * const [, indices] = F.maxPool2d(img, 2, { returnIndices: true });
 * indices.tolist(); // [[[[5, 7], [13, 15]]]]
 * ```
 */
export function maxPool2d<R extends boolean = false>(input: Tensor, kernelSize: Size2, opts: MaxPoolOptions<Size2, R> = {}): MaxPoolResult<R> {
  // a layer-level op in a compiled graph (a back end or an exporter finds it by name)
  return markRegion('maxPool2d', { kernelSize, ...opts }, [input], () => maxPoolNd('maxPool2d', 2, input, kernelSize, opts)) as MaxPoolResult<R>;
}

/**
 * 3-D max pooling, like `F.max_pool3d`: the largest value of each window (padding counts as −∞;
 * NaN wins); the gradient goes to the first largest element of each window.
 * @param input - `[N, C, D, H, W]` or unbatched `[C, D, H, W]`.
 * @param kernelSize - the window.
 * @param opts - `stride` (default the window), `padding`, `dilation`, `ceilMode`, `returnIndices`.
 * @returns `[N, C, Do, Ho, Wo]`, and with `returnIndices` `[values, indices]`.
 * @throws RangeError for an input that is not 4-D or 5-D, sizes that are not integers in range,
 *   padding over half the window, or a window larger than the padded input.
 * @throws TypeError for a non-float input or an unknown option.
 * @example
 * ```ts
 * import { arange } from '@chainrule/autograd';
 * import * as F from '@chainrule/nn/functional';
 * F.maxPool3d(arange(27).reshape([1, 1, 3, 3, 3]).float(), 2, { stride: 1 }).flatten().tolist(); // [13, 14, 16, 17, 22, 23, 25, 26]
 * ```
 */
export function maxPool3d<R extends boolean = false>(input: Tensor, kernelSize: Size3, opts: MaxPoolOptions<Size3, R> = {}): MaxPoolResult<R> {
  return maxPoolNd('maxPool3d', 3, input, kernelSize, opts) as MaxPoolResult<R>;
}

/** The number each window's sum is divided by, per output position (row-major). */
function avgDivisors(axes: readonly WindowAxis[], g: PoolGeometry, countIncludePad: boolean): number[] {
  // per dim: the window's extent within the padded input (countIncludePad) or the input alone
  const perAxis = axes.map((a, i) => {
    const { k, stride, padding } = g;
    return Array.from({ length: a.out }, (_, o) => {
      const start = o * stride[i]! - padding[i]!;
      const end = Math.min(start + k[i]!, a.size + padding[i]!);
      return countIncludePad ? end - start : Math.min(end, a.size) - Math.max(start, 0);
    });
  });
  let out = [1];
  for (const counts of perAxis) out = out.flatMap((v) => counts.map((c) => v * c));
  return out.map((v) => (v > 0 ? v : 1)); // an empty window sums to 0: any divisor
}

function avgPoolNd(op: string, nd: number, input: Tensor, kernelSize: number | readonly number[], opts: AvgPoolOptions<number | readonly number[]>): Tensor {
  checkOptions(op, opts, nd === 1 ? ['stride', 'padding', 'ceilMode', 'countIncludePad'] : ['stride', 'padding', 'ceilMode', 'countIncludePad', 'divisorOverride']);
  const { x, unbatch } = batched(input, nd, op, LAYOUT[nd - 1]!);
  checkFloat(x, op);
  const g = geometry(op, nd, kernelSize, opts);
  const axes = poolAxes(op, x.shape.slice(2), g);
  const { divisorOverride } = opts;
  if (divisorOverride !== undefined && (!Number.isInteger(divisorOverride) || divisorOverride === 0)) {
    throw new RangeError(`${op}: divisor must be a non-zero integer, got ${divisorOverride}`);
  }
  const [n, c] = x.shape as [number, number];
  const sums = windows(x, axes, 0, true).sum(3);
  const divisor = divisorOverride ?? tensor(avgDivisors(axes, g, opts.countIncludePad ?? true), { dtype: x.dtype });
  return unbatch(sums.div(divisor).reshape([n, c, ...axes.map((a) => a.out)]));
}

/**
 * 1-D average pooling, like `F.avg_pool1d` (padding zeros count in the average unless
 * `countIncludePad` is false).
 * @param input - `[N, C, L]` or unbatched `[C, L]`.
 * @param kernelSize - the window.
 * @param opts - `stride` (default the window), `padding`, `ceilMode`, `countIncludePad`.
 * @returns `[N, C, Lo]`.
 * @throws RangeError for an input that is not 2-D or 3-D, sizes that are not integers in range,
 *   padding over half the window, or a window larger than the padded input.
 * @throws TypeError for a non-float input or an unknown option.
 * @example
 * ```ts
 * import { tensor } from '@chainrule/autograd';
 * import * as F from '@chainrule/nn/functional';
 * const x = tensor([[[1, 2, 3, 4, 5]]]);
 * F.avgPool1d(x, 2); // tensor([[[1.5000, 3.5000]]])
 * F.avgPool1d(x, 2, { ceilMode: true }); // tensor([[[1.5000, 3.5000, 5.0000]]])
 * F.avgPool1d(x, 3, { padding: 1, countIncludePad: false }); // tensor([[[1.5000, 4.0000]]])
 * ```
 */
export function avgPool1d(input: Tensor, kernelSize: Size1, opts: Omit<AvgPoolOptions<Size1>, 'divisorOverride'> = {}): Tensor {
  return avgPoolNd('avgPool1d', 1, input, kernelSize, opts);
}

/**
 * 2-D average pooling, like `F.avg_pool2d` (padding zeros count in the average unless
 * `countIncludePad` is false; `divisorOverride` replaces the window size).
 * @param input - `[N, C, H, W]` or unbatched `[C, H, W]`.
 * @param kernelSize - the window.
 * @param opts - `stride` (default the window), `padding`, `ceilMode`, `countIncludePad`, `divisorOverride`.
 * @returns `[N, C, Ho, Wo]`.
 * @throws RangeError for an input that is not 3-D or 4-D, sizes that are not integers in range,
 *   padding over half the window, a window larger than the padded input, or a zero divisor.
 * @throws TypeError for a non-float input or an unknown option.
 * @example
 * ```ts
 * import { arange, ones } from '@chainrule/autograd';
 * import * as F from '@chainrule/nn/functional';
 * F.avgPool2d(arange(16).reshape([1, 1, 4, 4]).float(), 2); // tensor([[[[ 2.5000,  4.5000], [10.5000, 12.5000]]]])
 * F.avgPool2d(ones([1, 1, 2, 2]), 2, { stride: 1, padding: 1 }); // tensor([[[[0.2500, 0.5000, 0.2500], [0.5000, 1.0000, 0.5000], [0.2500, 0.5000, 0.2500]]]])
 * F.avgPool2d(ones([1, 1, 2, 2]), 2, { divisorOverride: 2 }); // tensor([[[[2.]]]])
 * ```
 */
export function avgPool2d(input: Tensor, kernelSize: Size2, opts: AvgPoolOptions<Size2> = {}): Tensor {
  return markRegion('avgPool2d', { kernelSize, ...opts }, [input], () => avgPoolNd('avgPool2d', 2, input, kernelSize, opts));
}

/**
 * 3-D average pooling, like `F.avg_pool3d`.
 * @param input - `[N, C, D, H, W]` or unbatched `[C, D, H, W]`.
 * @param kernelSize - the window.
 * @param opts - `stride` (default the window), `padding`, `ceilMode`, `countIncludePad`, `divisorOverride`.
 * @returns `[N, C, Do, Ho, Wo]`.
 * @throws RangeError for an input that is not 4-D or 5-D, sizes that are not integers in range,
 *   padding over half the window, a window larger than the padded input, or a zero divisor.
 * @throws TypeError for a non-float input or an unknown option.
 * @example
 * ```ts
 * import { arange } from '@chainrule/autograd';
 * import * as F from '@chainrule/nn/functional';
 * F.avgPool3d(arange(8).reshape([1, 1, 2, 2, 2]).float(), 2); // tensor([[[[[3.5000]]]]])
 * ```
 */
export function avgPool3d(input: Tensor, kernelSize: Size3, opts: AvgPoolOptions<Size3> = {}): Tensor {
  return avgPoolNd('avgPool3d', 3, input, kernelSize, opts);
}

function maxUnpoolNd(op: string, nd: number, input: Tensor, indices: Tensor, kernelSize: number | readonly number[], opts: MaxUnpoolOptions<number | readonly number[]>): Tensor {
  checkOptions(op, opts, ['stride', 'padding', 'outputSize']);
  const { x, unbatch } = batched(input, nd, op, LAYOUT[nd - 1]!);
  checkFloat(x, op);
  if (indices.dtype !== 'int32') throw new TypeError(`${op}: expected int32 indices, got ${indices.dtype}`);
  if (indices.shape.join() !== input.shape.join()) throw new RangeError(`${op}: expected indices of the input's shape ${fmt(input.shape)}, got ${fmt(indices.shape)}`);
  const k = sizes(kernelSize, nd, 'kernel_size', op, 1);
  const stride = opts.stride === undefined ? k : sizes(opts.stride, nd, 'stride', op, 1);
  const padding = sizes(opts.padding ?? 0, nd, 'padding', op, 0);
  const spatial = x.shape.slice(2);
  const defaults = spatial.map((s, i) => (s - 1) * stride[i]! - 2 * padding[i]! + k[i]!);
  let out = defaults;
  if (opts.outputSize !== undefined) {
    const given = opts.outputSize.length === nd + 2 ? opts.outputSize.slice(2) : [...opts.outputSize];
    if (given.length !== nd) throw new RangeError(`${op}: outputSize must have ${nd} or ${nd + 2} elements, got ${fmt(opts.outputSize)}`);
    given.forEach((s, i) => {
      if (!(s > defaults[i]! - stride[i]! && s < defaults[i]! + stride[i]!)) {
        throw new RangeError(`${op}: invalid outputSize ${fmt(given)}: each size must lie strictly between the default ${fmt(defaults)} minus and plus the stride ${fmt(stride)}`);
      }
    });
    out = given;
  }
  if (out.some((s) => s < 1)) throw new RangeError(`${op}: the output would be empty (${fmt(out)})`);
  const [n, c] = x.shape as [number, number];
  const l = spatial.reduce((a, b) => a * b, 1);
  const p = out.reduce((a, b) => a * b, 1);
  const idx = (indices.ndim === x.ndim ? indices : indices.unsqueeze(0)).reshape([n, c, l]);
  // PyTorch writes the values one after another: where two share an index, the last one stays
  const data = idx.toArray();
  const keep = new Uint8Array(data.length).fill(1);
  let duplicates = false;
  for (let plane = 0; plane < n * c; plane++) {
    const seen = new Set<number>();
    for (let j = l - 1; j >= 0; j--) {
      const v = data[plane * l + j]!;
      if (!(v >= 0 && v < p)) throw new RangeError(`${op}: found an invalid max index ${v} (output volumes are of size ${out.join('x')})`);
      if (seen.has(v)) {
        keep[plane * l + j] = 0;
        duplicates = true;
      }
      seen.add(v);
    }
  }
  let values = x.reshape([n, c, l]);
  if (duplicates) values = values.mul(tensor(keep, { dtype: 'bool', shape: [n, c, l] }).to(x.dtype));
  return unbatch(zeros([n, c, p], { dtype: x.dtype }).scatterAdd(2, idx, values).reshape([n, c, ...out]));
}

/**
 * Inverse of {@link maxPool1d}, like `F.max_unpool1d`: each value written at its index, zeros
 * elsewhere.
 * @param input - the pooled values, `[N, C, L]` or unbatched `[C, L]`.
 * @param indices - their int32 positions, as `maxPool1d(..., { returnIndices: true })` gives them.
 * @param kernelSize - the pooling's window.
 * @param opts - `stride` (default the window), `padding`, `outputSize`.
 * @returns `[N, C, Lo]`.
 * @throws RangeError for shapes that do not fit, an index out of range, or an outputSize out of range.
 * @throws TypeError for a non-float input, non-int32 indices or an unknown option.
 * @example
 * ```ts
 * import { tensor } from '@chainrule/autograd';
 * import * as F from '@chainrule/nn/functional';
 * const [y, i] = F.maxPool1d(tensor([[[1, 5, 3, 2]]]), 2, { returnIndices: true });
 * F.maxUnpool1d(y, i, 2); // tensor([[[0., 5., 3., 0.]]])
 * ```
 */
export function maxUnpool1d(input: Tensor, indices: Tensor, kernelSize: Size1, opts: MaxUnpoolOptions<Size1> = {}): Tensor {
  return maxUnpoolNd('maxUnpool1d', 1, input, indices, kernelSize, opts);
}

/**
 * Inverse of {@link maxPool2d}, like `F.max_unpool2d`: each value written at its index in its
 * output plane, zeros elsewhere; `outputSize` picks among the sizes the pooling maps to the same
 * size.
 *
 * NOTE: where two values share an index (overlapping windows with the same maximum) the last one
 * is written, as PyTorch's CPU kernel; its gradient goes to that one only (PyTorch's to each).
 * @param input - the pooled values, `[N, C, H, W]` or unbatched `[C, H, W]`.
 * @param indices - their int32 positions, as `maxPool2d(..., { returnIndices: true })` gives them.
 * @param kernelSize - the pooling's window.
 * @param opts - `stride` (default the window), `padding`, `outputSize`.
 * @returns `[N, C, Ho, Wo]`.
 * @throws RangeError for shapes that do not fit, an index out of range, or an outputSize out of range.
 * @throws TypeError for a non-float input, non-int32 indices or an unknown option.
 * @example
 * ```ts
 * import { tensor } from '@chainrule/autograd';
 * import * as F from '@chainrule/nn/functional';
 * const img = tensor([[[[1, 2, 3], [8, 4, 5], [6, 7, 9]]]]);
 * const [y, i] = F.maxPool2d(img, 2, { returnIndices: true });
 * F.maxUnpool2d(y, i, 2, { outputSize: [3, 3] }); // tensor([[[[0., 0., 0.], [8., 0., 0.], [0., 0., 0.]]]])
 * ```
 */
export function maxUnpool2d(input: Tensor, indices: Tensor, kernelSize: Size2, opts: MaxUnpoolOptions<Size2> = {}): Tensor {
  return maxUnpoolNd('maxUnpool2d', 2, input, indices, kernelSize, opts);
}

/**
 * Inverse of {@link maxPool3d}, like `F.max_unpool3d`.
 * @param input - the pooled values, `[N, C, D, H, W]` or unbatched `[C, D, H, W]`.
 * @param indices - their int32 positions, as `maxPool3d(..., { returnIndices: true })` gives them.
 * @param kernelSize - the pooling's window.
 * @param opts - `stride` (default the window), `padding`, `outputSize`.
 * @returns `[N, C, Do, Ho, Wo]`.
 * @throws RangeError for shapes that do not fit, an index out of range, or an outputSize out of range.
 * @throws TypeError for a non-float input, non-int32 indices or an unknown option.
 * @example
 * ```ts
 * import { arange } from '@chainrule/autograd';
 * import * as F from '@chainrule/nn/functional';
 * const [y, i] = F.maxPool3d(arange(8).reshape([1, 1, 2, 2, 2]).float(), 2, { returnIndices: true });
 * F.maxUnpool3d(y, i, 2).flatten().tolist(); // [0, 0, 0, 0, 0, 0, 0, 7]
 * ```
 */
export function maxUnpool3d(input: Tensor, indices: Tensor, kernelSize: Size3, opts: MaxUnpoolOptions<Size3> = {}): Tensor {
  return maxUnpoolNd('maxUnpool3d', 3, input, indices, kernelSize, opts);
}

/** Output sizes of an adaptive pooling: one number, or one per dim where null keeps the input's size. */
function adaptiveSizes(op: string, nd: number, outputSize: number | readonly (number | null)[], spatial: readonly number[]): number[] {
  const list = typeof outputSize === 'number' ? new Array<number>(nd).fill(outputSize) : outputSize.map((s, i) => s ?? spatial[i]!);
  if (list.length !== nd || !list.every((v) => Number.isInteger(v) && v >= 0)) {
    throw new RangeError(`${op}: output_size must be ${nd === 1 ? 'an integer' : `${nd} integers (or null)`} ≥ 0, got ${JSON.stringify(outputSize)}`);
  }
  if (spatial.some((s) => s === 0)) throw new RangeError(`${op}: expected non-empty spatial dims, got input size ${fmt(spatial)}`);
  return list;
}

function adaptiveAvgPoolNd(op: string, nd: number, input: Tensor, outputSize: number | readonly (number | null)[]): Tensor {
  const { x, unbatch } = batched(input, nd, op, LAYOUT[nd - 1]!);
  checkFloat(x, op);
  const spatial = x.shape.slice(2);
  const out = adaptiveSizes(op, nd, outputSize, spatial);
  const axes = spatial.map((s, i) => adaptiveAxis(s, out[i]!));
  let counts = [1];
  for (const a of axes) {
    const sizesOf = Array.from({ length: a.out }, (_, o) => {
      const [s, e] = adaptiveRange(o, a.size, a.out);
      return e - s;
    });
    counts = counts.flatMap((v) => sizesOf.map((c) => v * c));
  }
  const [n, c] = x.shape as [number, number];
  return unbatch(windows(x, axes, 0, true).sum(3).div(tensor(counts, { dtype: x.dtype })).reshape([n, c, ...out]));
}

/**
 * 1-D adaptive average pooling, like `F.adaptive_avg_pool1d`: `outputSize` windows of nearly equal
 * size (window o covers ⌊o·L/out⌋ to ⌈(o + 1)·L/out⌉), each averaged.
 * @param input - `[N, C, L]` or unbatched `[C, L]`.
 * @param outputSize - the output length.
 * @returns `[N, C, outputSize]`.
 * @throws RangeError for an input that is not 2-D or 3-D, an empty one, or a size that is not a
 *   non-negative integer.
 * @throws TypeError for a non-float input.
 * @example
 * ```ts
 * import { tensor } from '@chainrule/autograd';
 * import * as F from '@chainrule/nn/functional';
 * F.adaptiveAvgPool1d(tensor([[[1, 2, 3, 4, 5]]]), 2); // tensor([[[2., 4.]]])
 * ```
 */
export function adaptiveAvgPool1d(input: Tensor, outputSize: number | readonly [number | null]): Tensor {
  return adaptiveAvgPoolNd('adaptiveAvgPool1d', 1, input, outputSize);
}

/**
 * 2-D adaptive average pooling, like `F.adaptive_avg_pool2d`: an `outputSize` grid of windows of
 * nearly equal size, each averaged (1 gives global average pooling).
 * @param input - `[N, C, H, W]` or unbatched `[C, H, W]`.
 * @param outputSize - `[Ho, Wo]` (null keeps the input's size), or one number for both.
 * @returns `[N, C, Ho, Wo]`.
 * @throws RangeError for an input that is not 3-D or 4-D, an empty one, or sizes that are not
 *   non-negative integers.
 * @throws TypeError for a non-float input.
 * @example
 * ```ts
 * import { arange } from '@chainrule/autograd';
 * import * as F from '@chainrule/nn/functional';
 * const img = arange(16).reshape([1, 1, 4, 4]).float();
 * F.adaptiveAvgPool2d(img, 1); // tensor([[[[7.5000]]]])
 * F.adaptiveAvgPool2d(img, [null, 1]).flatten().tolist(); // [1.5, 5.5, 9.5, 13.5]
 * ```
 */
export function adaptiveAvgPool2d(input: Tensor, outputSize: number | readonly [number | null, number | null]): Tensor {
  return adaptiveAvgPoolNd('adaptiveAvgPool2d', 2, input, outputSize);
}

/**
 * 3-D adaptive average pooling, like `F.adaptive_avg_pool3d`.
 * @param input - `[N, C, D, H, W]` or unbatched `[C, D, H, W]`.
 * @param outputSize - `[Do, Ho, Wo]` (null keeps the input's size), or one number for all.
 * @returns `[N, C, Do, Ho, Wo]`.
 * @throws RangeError for an input that is not 4-D or 5-D, an empty one, or sizes that are not
 *   non-negative integers.
 * @throws TypeError for a non-float input.
 * @example
 * ```ts
 * import { arange } from '@chainrule/autograd';
 * import * as F from '@chainrule/nn/functional';
 * F.adaptiveAvgPool3d(arange(8).reshape([1, 1, 2, 2, 2]).float(), 1); // tensor([[[[[3.5000]]]]])
 * ```
 */
export function adaptiveAvgPool3d(input: Tensor, outputSize: number | readonly [number | null, number | null, number | null]): Tensor {
  return adaptiveAvgPoolNd('adaptiveAvgPool3d', 3, input, outputSize);
}

function adaptiveMaxPoolNd(op: string, nd: number, input: Tensor, outputSize: number | readonly (number | null)[], opts: { returnIndices?: boolean }): Tensor | [Tensor, Tensor] {
  checkOptions(op, opts, ['returnIndices']);
  const { x, unbatch } = batched(input, nd, op, LAYOUT[nd - 1]!);
  checkFloat(x, op);
  const spatial = x.shape.slice(2);
  const out = adaptiveSizes(op, nd, outputSize, spatial);
  const axes = spatial.map((s, i) => adaptiveAxis(s, out[i]!));
  const [n, c] = x.shape as [number, number];
  const r = maxOfWindows(windows(x, axes, -Infinity, true), axes, [n, c, ...out], opts.returnIndices === true);
  return Array.isArray(r) ? [unbatch(r[0]), unbatch(r[1])] : unbatch(r);
}

/**
 * 1-D adaptive max pooling, like `F.adaptive_max_pool1d`: the largest value of each of
 * `outputSize` nearly equal windows.
 * @param input - `[N, C, L]` or unbatched `[C, L]`.
 * @param outputSize - the output length.
 * @param opts - `returnIndices` (default false).
 * @returns `[N, C, outputSize]`, and with `returnIndices` `[values, indices]`.
 * @throws RangeError for an input that is not 2-D or 3-D, an empty one, or a size that is not a
 *   non-negative integer.
 * @throws TypeError for a non-float input or an unknown option.
 * @example
 * ```ts
 * import { tensor } from '@chainrule/autograd';
 * import * as F from '@chainrule/nn/functional';
 * F.adaptiveMaxPool1d(tensor([[[1, 5, 2, 4, 3]]]), 2); // tensor([[[5., 4.]]])
 * ```
 */
export function adaptiveMaxPool1d<R extends boolean = false>(input: Tensor, outputSize: number | readonly [number | null], opts: { returnIndices?: R } = {}): MaxPoolResult<R> {
  return adaptiveMaxPoolNd('adaptiveMaxPool1d', 1, input, outputSize, opts) as MaxPoolResult<R>;
}

/**
 * 2-D adaptive max pooling, like `F.adaptive_max_pool2d`: the largest value of each window of an
 * `outputSize` grid of nearly equal windows.
 * @param input - `[N, C, H, W]` or unbatched `[C, H, W]`.
 * @param outputSize - `[Ho, Wo]` (null keeps the input's size), or one number for both.
 * @param opts - `returnIndices` (default false).
 * @returns `[N, C, Ho, Wo]`, and with `returnIndices` `[values, indices]` (int32 positions in each plane).
 * @throws RangeError for an input that is not 3-D or 4-D, an empty one, or sizes that are not
 *   non-negative integers.
 * @throws TypeError for a non-float input or an unknown option.
 * @example
 * ```ts
 * import { arange } from '@chainrule/autograd';
 * import * as F from '@chainrule/nn/functional';
 * const img = arange(9).reshape([1, 1, 3, 3]).float();
 * F.adaptiveMaxPool2d(img, 2); // tensor([[[[4., 5.], [7., 8.]]]])
 * F.adaptiveMaxPool2d(img, 1, { returnIndices: true })[1].item(); // 8
 * ```
 */
export function adaptiveMaxPool2d<R extends boolean = false>(input: Tensor, outputSize: number | readonly [number | null, number | null], opts: { returnIndices?: R } = {}): MaxPoolResult<R> {
  return adaptiveMaxPoolNd('adaptiveMaxPool2d', 2, input, outputSize, opts) as MaxPoolResult<R>;
}

/**
 * 3-D adaptive max pooling, like `F.adaptive_max_pool3d`.
 * @param input - `[N, C, D, H, W]` or unbatched `[C, D, H, W]`.
 * @param outputSize - `[Do, Ho, Wo]` (null keeps the input's size), or one number for all.
 * @param opts - `returnIndices` (default false).
 * @returns `[N, C, Do, Ho, Wo]`, and with `returnIndices` `[values, indices]`.
 * @throws RangeError for an input that is not 4-D or 5-D, an empty one, or sizes that are not
 *   non-negative integers.
 * @throws TypeError for a non-float input or an unknown option.
 * @example
 * ```ts
 * import { arange } from '@chainrule/autograd';
 * import * as F from '@chainrule/nn/functional';
 * F.adaptiveMaxPool3d(arange(8).reshape([1, 1, 2, 2, 2]).float(), 1).item(); // 7
 * ```
 */
export function adaptiveMaxPool3d<R extends boolean = false>(input: Tensor, outputSize: number | readonly [number | null, number | null, number | null], opts: { returnIndices?: R } = {}): MaxPoolResult<R> {
  return adaptiveMaxPoolNd('adaptiveMaxPool3d', 3, input, outputSize, opts) as MaxPoolResult<R>;
}

function lpPoolNd(op: string, nd: number, input: Tensor, normType: number, kernelSize: number | readonly number[], opts: LpPoolOptions<number | readonly number[]>): Tensor {
  checkOptions(op, opts, ['stride', 'ceilMode']);
  if (typeof normType !== 'number' || !(normType > 0) || normType === Infinity) throw new RangeError(`${op}: norm_type must be a positive finite number, got ${normType}`);
  const k = sizes(kernelSize, nd, 'kernel_size', op, 1);
  const poolOpts = { ...(opts.stride === undefined ? {} : { stride: opts.stride }), ceilMode: opts.ceilMode ?? false };
  const avg = avgPoolNd(op, nd, input.pow(normType), k, poolOpts);
  // as PyTorch: sign(s)·relu(|s|) · kernel size, to the power 1/p
  return avg.sign().mul(avg.abs().relu()).mul(k.reduce((a, b) => a * b, 1)).pow(1 / normType);
}

/**
 * 1-D power-average pooling, like `F.lp_pool1d`: (Σ x^p)^(1/p) over each window (p = 1 is sum
 * pooling, p = ∞ would be max pooling).
 * @param input - `[N, C, L]` or unbatched `[C, L]`.
 * @param normType - p.
 * @param kernelSize - the window.
 * @param opts - `stride` (default the window), `ceilMode`.
 * @returns `[N, C, Lo]`.
 * @throws RangeError for a p that is not a positive finite number, or a window that does not fit.
 * @throws TypeError for a non-float input or an unknown option.
 * @example
 * ```ts
 * import { tensor } from '@chainrule/autograd';
 * import * as F from '@chainrule/nn/functional';
 * F.lpPool1d(tensor([[[3, 4, 1, 1]]]), 2, 2); // tensor([[[5.0000, 1.4142]]])
 * ```
 */
export function lpPool1d(input: Tensor, normType: number, kernelSize: Size1, opts: LpPoolOptions<Size1> = {}): Tensor {
  return lpPoolNd('lpPool1d', 1, input, normType, kernelSize, opts);
}

/**
 * 2-D power-average pooling, like `F.lp_pool2d`: (Σ x^p)^(1/p) over each window.
 *
 * NOTE: as in PyTorch, a window whose sum of x^p is 0 has an infinite gradient (NaN) for p > 1
 * (and a negative sum, from odd p, gives NaN).
 * @param input - `[N, C, H, W]` or unbatched `[C, H, W]`.
 * @param normType - p.
 * @param kernelSize - the window.
 * @param opts - `stride` (default the window), `ceilMode`.
 * @returns `[N, C, Ho, Wo]`.
 * @throws RangeError for a p that is not a positive finite number, or a window that does not fit.
 * @throws TypeError for a non-float input or an unknown option.
 * @example
 * ```ts
 * import { ones } from '@chainrule/autograd';
 * import * as F from '@chainrule/nn/functional';
 * F.lpPool2d(ones([1, 1, 2, 2]), 2, 2); // tensor([[[[2.]]]])
 * F.lpPool2d(ones([1, 1, 2, 2]), 1, 2); // tensor([[[[4.]]]])
 * ```
 */
export function lpPool2d(input: Tensor, normType: number, kernelSize: Size2, opts: LpPoolOptions<Size2> = {}): Tensor {
  return lpPoolNd('lpPool2d', 2, input, normType, kernelSize, opts);
}
