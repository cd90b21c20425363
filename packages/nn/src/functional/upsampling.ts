/**
 * `interpolate`: resizing of 1-D, 2-D and 3-D signals (nearest, linear, bilinear, trilinear,
 * bicubic, area), with PyTorch's source-index arithmetic. Every mode but area is separable: it
 * resamples one spatial dim after another (the last first, as PyTorch's kernels sum), each output
 * element a weighted sum of a few gathered input elements along that dim, so a NaN or infinity
 * reaches only the outputs that read it.
 * @module
 */
import { tensor } from '@chainrule/autograd';
import type { Tensor } from '@chainrule/autograd';
import { checkFloat, checkOptions, fmt } from './options.js';
import { adaptiveAvgPool1d, adaptiveAvgPool2d, adaptiveAvgPool3d } from './pooling.js';

/**
 * The resampling of {@link interpolate}: `'nearest'` (PyTorch's legacy rounding down),
 * `'nearest-exact'` (the nearest centre), `'linear'` (3-D input), `'bilinear'` and `'bicubic'` (4-D),
 * `'trilinear'` (5-D), `'area'` (adaptive average pooling).
 * @example
 * ```ts
 * import type { InterpolateMode } from '@chainrule/nn/functional';
 * const mode: InterpolateMode = 'bilinear';
 * mode; // 'bilinear'
 * ```
 */
export type InterpolateMode = 'nearest' | 'nearest-exact' | 'linear' | 'bilinear' | 'bicubic' | 'trilinear' | 'area';

/**
 * Options of {@link interpolate}: `size` or `scaleFactor` (one of them), and the mode.
 * @example
 * ```ts
 * import type { InterpolateOptions } from '@chainrule/nn/functional';
 * const opts: InterpolateOptions = { scaleFactor: 2, mode: 'bilinear', alignCorners: false };
 * opts.mode; // 'bilinear'
 * ```
 */
export interface InterpolateOptions {
  /** The output's spatial size: one number for every dim or one per dim. */
  size?: number | readonly number[];
  /** The factor each spatial size is multiplied by (rounded down): one for every dim or one per dim. */
  scaleFactor?: number | readonly number[];
  /** The resampling (default `'nearest'`). */
  mode?: InterpolateMode;
  /**
   * Linear modes: map the corner pixels' centres onto each other (true), or the corners of the
   * corner pixels (false, the default), as PyTorch's `align_corners`.
   */
  alignCorners?: boolean;
  /**
   * With `scaleFactor`: compute the source positions from the sizes (in / out) instead of the
   * factor given (default false, as PyTorch).
   */
  recomputeScaleFactor?: boolean;
  /** Anti-aliased downsampling: not supported (false only). */
  antialias?: boolean;
}

const MODE_DIMS: Record<InterpolateMode, readonly number[]> = {
  nearest: [1, 2, 3],
  'nearest-exact': [1, 2, 3],
  area: [1, 2, 3],
  linear: [1],
  bilinear: [2],
  bicubic: [2],
  trilinear: [3],
};

/** Along one dim: the input indices each output element reads (one list per tap) and their weights (null: one tap of weight 1). */
interface Taps {
  indices: Int32Array[];
  weights: Float64Array[] | null;
}

const fround = Math.fround;

/** PyTorch's `area_pixel_compute_scale`: the source step per output step. */
function pixelScale(inSize: number, outSize: number, alignCorners: boolean, scale: number | null): number {
  if (alignCorners) return outSize > 1 ? (inSize - 1) / (outSize - 1) : 0;
  return scale !== null && scale > 0 ? 1 / scale : inSize / outSize;
}

/** PyTorch's `area_pixel_compute_source_index`. */
function sourceIndex(scale: number, dst: number, alignCorners: boolean, cubic: boolean): number {
  if (alignCorners) return scale * dst;
  const src = scale * (dst + 0.5) - 0.5;
  return !cubic && src < 0 ? 0 : src;
}

/** A = −0.75, as PyTorch's bicubic. */
const A = -0.75;
const cubic1 = (x: number): number => ((A + 2) * x - (A + 3)) * x * x + 1;
const cubic2 = (x: number): number => ((A * x - 5 * A) * x + 8 * A) * x - 4 * A;

function taps(mode: InterpolateMode, inSize: number, outSize: number, alignCorners: boolean, scale: number | null): Taps {
  const range = (f: (o: number) => number): Int32Array => Int32Array.from({ length: outSize }, (_, o) => f(o));
  if (mode === 'nearest' || mode === 'nearest-exact') {
    // float32 arithmetic, as PyTorch's nearest kernels
    const s = fround(scale !== null && scale > 0 ? 1 / scale : inSize / outSize);
    const src = mode === 'nearest' ? (o: number) => Math.floor(fround(o * s)) : (o: number) => Math.floor(fround((o + 0.5) * s));
    return { indices: [range((o) => Math.min(src(o), inSize - 1))], weights: null };
  }
  const step = pixelScale(inSize, outSize, alignCorners, scale);
  if (mode === 'bicubic') {
    const base = new Int32Array(outSize);
    const t = new Float64Array(outSize);
    for (let o = 0; o < outSize; o++) {
      const real = sourceIndex(step, o, alignCorners, true);
      base[o] = Math.min(Math.floor(fround(real)), inSize - 1);
      t[o] = Math.min(Math.max(real - base[o]!, 0), 1);
    }
    const clamp = (i: number): number => Math.min(Math.max(i, 0), inSize - 1);
    const coeff = [(x: number) => cubic2(x + 1), cubic1, (x: number) => cubic1(1 - x), (x: number) => cubic2(1 - x + 1)];
    return {
      indices: [0, 1, 2, 3].map((j) => range((o) => clamp(base[o]! - 1 + j))),
      weights: coeff.map((c) => Float64Array.from(t, c)),
    };
  }
  // linear: two taps, or a copy when the size does not change
  if (inSize === outSize) return { indices: [range((o) => o)], weights: null };
  const i0 = new Int32Array(outSize);
  const i1 = new Int32Array(outSize);
  const w0 = new Float64Array(outSize);
  const w1 = new Float64Array(outSize);
  for (let o = 0; o < outSize; o++) {
    const real = sourceIndex(step, o, alignCorners, false);
    i0[o] = Math.min(Math.floor(fround(real)), inSize - 1);
    i1[o] = i0[o]! + (i0[o]! < inSize - 1 ? 1 : 0);
    w1[o] = Math.min(Math.max(real - i0[o]!, 0), 1);
    w0[o] = 1 - w1[o]!;
  }
  return { indices: [i0, i1], weights: [w0, w1] };
}

/** Resamples `x` along `dim` by gathered taps and their weights. */
function resample(x: Tensor, dim: number, t: Taps): Tensor {
  const trailing = new Array<number>(x.ndim - dim - 1).fill(1);
  const gathered = t.indices.map((i) => x.indexSelect(dim, tensor(i, { dtype: 'int32' })));
  if (t.weights === null) return gathered[0]!;
  return gathered
    .map((g, j) => g.mul(tensor(t.weights![j]!, { dtype: x.dtype }).reshape([t.weights![j]!.length, ...trailing])))
    .reduce((a, b) => a.add(b));
}

/**
 * Resizes a batch of 1-D, 2-D or 3-D signals, like `F.interpolate` (and `nn.Upsample`): to `size`,
 * or by `scaleFactor` (each size multiplied and rounded down).
 *
 * Source positions follow PyTorch: with `alignCorners` false an output element's centre maps to
 * (o + 0.5)·in/out − 0.5 (1/scaleFactor for in/out when a factor is given, unless
 * `recomputeScaleFactor`); with true, o·(in − 1)/(out − 1). Bicubic uses PyTorch's a = −0.75 and
 * clamps taps past the edge onto it; `'nearest'` reads ⌊o·in/out⌋ (in float32, as PyTorch).
 * @param input - `[N, C, L]`, `[N, C, H, W]` or `[N, C, D, H, W]`.
 * @param opts - `size` or `scaleFactor`, `mode` (default `'nearest'`), `alignCorners`,
 *   `recomputeScaleFactor`.
 * @returns `[N, C, ...size]`.
 * @throws RangeError for an input that is not 3-D to 5-D, a mode that does not fit its dims, both
 *   or neither of size and scaleFactor, sizes or factors of the wrong count or out of range,
 *   alignCorners with a mode that does not interpolate, or antialias.
 * @throws TypeError for a non-float input or an unknown option.
 * @example
 * ```ts
 * import { tensor } from '@chainrule/autograd';
 * import * as F from '@chainrule/nn/functional';
 * const x = tensor([[[1, 2, 4]]]);
 * F.interpolate(x, { scaleFactor: 2 }); // tensor([[[1., 1., 2., 2., 4., 4.]]])
 * F.interpolate(x, { size: 5, mode: 'linear', alignCorners: true }); // tensor([[[1.0000, 1.5000, 2.0000, 3.0000, 4.0000]]])
 * F.interpolate(x, { size: 2, mode: 'area' }); // tensor([[[1.5000, 3.0000]]])
 * F.interpolate(tensor([[[[1, 2], [3, 4]]]]), { scaleFactor: 2, mode: 'bilinear' }).shape; // [1, 1, 4, 4]
 * ```
 */
export function interpolate(input: Tensor, opts: InterpolateOptions = {}): Tensor {
  const op = 'interpolate';
  checkOptions(op, opts, ['size', 'scaleFactor', 'mode', 'alignCorners', 'recomputeScaleFactor', 'antialias']);
  const mode = opts.mode ?? 'nearest';
  if (!(mode in MODE_DIMS)) throw new RangeError(`${op}: unknown mode '${String(mode)}' (nearest, nearest-exact, linear, bilinear, bicubic, trilinear, area)`);
  if (input.ndim < 3 || input.ndim > 5) {
    throw new RangeError(`${op}: only 3-D, 4-D and 5-D inputs [N, C, ...spatial] are supported (got ${input.ndim}-D) for the modes: nearest | linear | bilinear | bicubic | trilinear | area | nearest-exact (got ${mode})`);
  }
  checkFloat(input, op);
  const nd = input.ndim - 2;
  if (!MODE_DIMS[mode].includes(nd)) throw new RangeError(`${op}: got ${input.ndim}-D input, but ${mode} mode needs ${MODE_DIMS[mode][0]! + 2}-D input`);
  const interpolating = mode === 'linear' || mode === 'bilinear' || mode === 'bicubic' || mode === 'trilinear';
  if (opts.alignCorners !== undefined && !interpolating) {
    throw new RangeError(`${op}: align_corners option can only be set with the interpolating modes: linear | bilinear | bicubic | trilinear`);
  }
  if (opts.antialias === true) throw new RangeError(`${op}: antialias is not supported`);
  const spatial = input.shape.slice(2);
  const { size, scaleFactor } = opts;
  if ((size === undefined) === (scaleFactor === undefined)) throw new RangeError(`${op}: ${size === undefined ? 'either size or scaleFactor should be defined' : 'only one of size or scaleFactor should be defined'}`);
  let out: number[];
  let scales: (number | null)[];
  if (size !== undefined) {
    if (opts.recomputeScaleFactor === true) throw new RangeError(`${op}: recomputeScaleFactor is not meaningful with an explicit size`);
    out = typeof size === 'number' ? new Array<number>(nd).fill(size) : [...size];
    if (out.length !== nd) {
      throw new RangeError(`${op}: input and output must have the same number of spatial dimensions, but got input with spatial dimensions of ${fmt(spatial)} and output size of ${fmt(out)}`);
    }
    if (!out.every((s) => Number.isInteger(s) && s >= 1)) throw new RangeError(`${op}: size must hold positive integers, got ${JSON.stringify(size)}`);
    scales = out.map(() => null);
  } else {
    const factors = typeof scaleFactor === 'number' ? new Array<number>(nd).fill(scaleFactor) : [...scaleFactor!];
    if (factors.length !== nd) {
      throw new RangeError(`${op}: input and scale_factor must have the same number of spatial dimensions, but got input with spatial dimensions of ${fmt(spatial)} and scale_factor of shape ${fmt(factors)}`);
    }
    if (!factors.every((f) => typeof f === 'number' && f > 0 && Number.isFinite(f))) throw new RangeError(`${op}: scaleFactor must hold positive numbers, got ${JSON.stringify(scaleFactor)}`);
    out = spatial.map((s, i) => Math.floor(s * factors[i]!));
    if (out.some((s) => s < 1)) throw new RangeError(`${op}: the output size ${fmt(out)} (input ${fmt(spatial)} times ${fmt(factors)}) is too small`);
    scales = opts.recomputeScaleFactor === true ? out.map(() => null) : factors;
  }
  if (mode === 'area') {
    if (nd === 1) return adaptiveAvgPool1d(input, out[0]!);
    if (nd === 2) return adaptiveAvgPool2d(input, out as [number, number]);
    return adaptiveAvgPool3d(input, out as [number, number, number]);
  }
  const alignCorners = opts.alignCorners ?? false;
  let y = input;
  for (let i = nd - 1; i >= 0; i--) y = resample(y, i + 2, taps(mode, spatial[i]!, out[i]!, alignCorners, scales[i]!));
  return y;
}
