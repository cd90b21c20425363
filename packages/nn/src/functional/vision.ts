/**
 * Image rearrangements and sampling: `pixelShuffle`, `pixelUnshuffle`, `affineGrid`,
 * `gridSample` (spatial transformer networks).
 * @module
 */
import { cat, tensor, where, zeros } from '@chainrule/autograd';
import type { Tensor } from '@chainrule/autograd';
import { checkFloat, checkOptions, fmt } from './options.js';

function checkFactor(op: string, r: number, what: string): void {
  if (!Number.isInteger(r) || r < 1) throw new RangeError(`${op}: ${what} must be a positive integer, got ${r}`);
}

/**
 * Rearranges channels into space, like `F.pixel_shuffle` (sub-pixel convolution): `[*, C·r², H, W]`
 * to `[*, C, H·r, W·r]`, output pixel (h·r + i, w·r + j) of channel c taken from channel c·r² + i·r + j.
 * @param input - `[*, C·r², H, W]` (at least 3 dims).
 * @param upscaleFactor - r.
 * @returns `[*, C, H·r, W·r]`.
 * @throws RangeError for fewer than 3 dims, a factor that is not a positive integer, or channels
 *   not divisible by r².
 * @example
 * ```ts
 * import { arange } from '@chainrule/autograd';
 * import * as F from '@chainrule/nn/functional';
 * F.pixelShuffle(arange(4).reshape([1, 4, 1, 1]), 2).tolist(); // [[[[0, 1], [2, 3]]]]
 * ```
 */
export function pixelShuffle(input: Tensor, upscaleFactor: number): Tensor {
  const op = 'pixelShuffle';
  checkFactor(op, upscaleFactor, 'upscale_factor');
  if (input.ndim < 3) throw new RangeError(`${op}: expected an input of at least 3 dims [*, C, H, W], got shape ${fmt(input.shape)}`);
  const r = upscaleFactor;
  const batch = input.shape.slice(0, -3);
  const [c, h, w] = input.shape.slice(-3) as [number, number, number];
  if (c % (r * r) !== 0) throw new RangeError(`${op}: pixel_shuffle expects its input's 'channel' dimension (${c}) to be divisible by the square of upscale_factor (${r * r})`);
  const b = batch.length;
  // [*, C, r, r, H, W] → [*, C, H, r, W, r]
  const perm = [...batch.map((_, i) => i), b, b + 3, b + 1, b + 4, b + 2];
  return input
    .reshape([...batch, c / (r * r), r, r, h, w])
    .permute(perm)
    .reshape([...batch, c / (r * r), h * r, w * r]);
}

/**
 * Rearranges space into channels, like `F.pixel_unshuffle` (the inverse of {@link pixelShuffle}):
 * `[*, C, H·r, W·r]` to `[*, C·r², H, W]`.
 * @param input - `[*, C, H·r, W·r]` (at least 3 dims).
 * @param downscaleFactor - r.
 * @returns `[*, C·r², H, W]`.
 * @throws RangeError for fewer than 3 dims, a factor that is not a positive integer, or a height
 *   or width not divisible by r.
 * @example
 * ```ts
 * import { arange } from '@chainrule/autograd';
 * import * as F from '@chainrule/nn/functional';
 * F.pixelUnshuffle(arange(4).reshape([1, 1, 2, 2]), 2).flatten().tolist(); // [0, 1, 2, 3]
 * ```
 */
export function pixelUnshuffle(input: Tensor, downscaleFactor: number): Tensor {
  const op = 'pixelUnshuffle';
  checkFactor(op, downscaleFactor, 'downscale_factor');
  if (input.ndim < 3) throw new RangeError(`${op}: expected an input of at least 3 dims [*, C, H, W], got shape ${fmt(input.shape)}`);
  const r = downscaleFactor;
  const batch = input.shape.slice(0, -3);
  const [c, h, w] = input.shape.slice(-3) as [number, number, number];
  if (h % r !== 0 || w % r !== 0) throw new RangeError(`${op}: expected the height (${h}) and width (${w}) to be divisible by downscale_factor (${r})`);
  const b = batch.length;
  // [*, C, H, r, W, r] → [*, C, r, r, H, W]
  const perm = [...batch.map((_, i) => i), b, b + 2, b + 4, b + 1, b + 3];
  return input
    .reshape([...batch, c, h / r, r, w / r, r])
    .permute(perm)
    .reshape([...batch, c * r * r, h / r, w / r]);
}

/** −1 … 1 over `n` steps (the pixels' centres unless alignCorners, as PyTorch's `linspace_from_neg_one`). */
function normalizedSteps(n: number, alignCorners: boolean): number[] {
  if (n <= 1) return [0];
  return Array.from({ length: n }, (_, i) => {
    const v = -1 + (2 * i) / (n - 1);
    return alignCorners ? v : (v * (n - 1)) / n;
  });
}

/**
 * The sampling grid of an affine transform, like `F.affine_grid`: for a batch of affine matrices
 * θ (`[N, 2, 3]`, or `[N, 3, 4]` for volumes), the normalised input coordinates (x, y[, z], each in
 * −1 … 1 over the input) that every output pixel reads, for {@link gridSample}.
 * @param theta - `[N, 2, 3]` (or `[N, 3, 4]`), float.
 * @param size - the output's size `[N, C, H, W]` (or `[N, C, D, H, W]`).
 * @param alignCorners - −1 and 1 are the corner pixels' centres (true) or their outer corners
 *   (false, the default).
 * @returns `[N, H, W, 2]` (or `[N, D, H, W, 3]`).
 * @throws RangeError when theta and size do not fit.
 * @throws TypeError for a non-float theta.
 * @example
 * ```ts
 * import { tensor } from '@chainrule/autograd';
 * import * as F from '@chainrule/nn/functional';
 * const identity = tensor([[[1, 0, 0], [0, 1, 0]]]);
 * F.affineGrid(identity, [1, 1, 2, 2], true).tolist(); // [[[[-1, -1], [1, -1]], [[-1, 1], [1, 1]]]]
 * ```
 */
export function affineGrid(theta: Tensor, size: readonly number[], alignCorners = false): Tensor {
  const op = 'affineGrid';
  checkFloat(theta, op, 'theta');
  if (size.length !== 4 && size.length !== 5) throw new RangeError(`${op}: affine_grid only supports 4-D and 5-D sizes, for 2-D and 3-D affine transforms, respectively; got size ${fmt(size)}`);
  const nd = size.length - 2;
  const n = size[0]!;
  if (theta.ndim !== 3 || theta.shape[0] !== n || theta.shape[1] !== nd || theta.shape[2] !== nd + 1) {
    throw new RangeError(`${op}: expected a batch of ${nd}-D affine matrices of shape N×${nd}×${nd + 1} for size ${fmt(size)}, got ${fmt(theta.shape)}`);
  }
  if (!size.every((s) => Number.isInteger(s) && s >= 1)) throw new RangeError(`${op}: size must hold positive integers, got ${fmt(size)}`);
  // the base grid [..., (x, y[, z], 1)]: x runs along the last dim
  const spatial = size.slice(2);
  const steps = spatial.map((s) => normalizedSteps(s, alignCorners));
  const count = spatial.reduce((a, b) => a * b, 1);
  const base = new Float64Array(count * (nd + 1));
  for (let p = 0; p < count; p++) {
    let rest = p;
    const coord = new Array<number>(nd);
    for (let d = nd - 1; d >= 0; d--) {
      coord[d] = steps[d]![rest % spatial[d]!]!;
      rest = Math.floor(rest / spatial[d]!);
    }
    // (x, y, z) = (last dim, second last, …)
    for (let k = 0; k < nd; k++) base[p * (nd + 1) + k] = coord[nd - 1 - k]!;
    base[p * (nd + 1) + nd] = 1;
  }
  const grid = tensor(base, { dtype: theta.dtype }).reshape([1, count, nd + 1]).matmul(theta.transpose(1, 2));
  return grid.reshape([n, ...spatial, nd]);
}

/**
 * Options of {@link gridSample}.
 * @example
 * ```ts
 * import type { GridSampleOptions } from '@chainrule/nn/functional';
 * const opts: GridSampleOptions = { mode: 'nearest', paddingMode: 'border', alignCorners: true };
 * opts.paddingMode; // 'border'
 * ```
 */
export interface GridSampleOptions {
  /** `'bilinear'` (trilinear for volumes; the default) or `'nearest'`. */
  mode?: 'bilinear' | 'nearest';
  /** What a position outside the input reads: `'zeros'` (default), `'border'` (the nearest edge value), `'reflection'` (the input mirrored at its edges). */
  paddingMode?: 'zeros' | 'border' | 'reflection';
  /** −1 and 1 are the corner pixels' centres (true) or their outer corners (false, the default). */
  alignCorners?: boolean;
}

/** PyTorch's `reflect_coordinates`, as the affine map a·x + b it is around x (a = ±1). */
function reflectAffine(x: number, twiceLow: number, twiceHigh: number): [number, number] {
  if (twiceLow === twiceHigh) return [0, 0];
  const min = twiceLow / 2;
  const span = (twiceHigh - twiceLow) / 2;
  const s = x - min < 0 ? -1 : 1; // in = |x − min| = s·(x − min)
  const flips = Math.floor((s * (x - min)) / span);
  // even flips: in − flips·span + min; odd: span − (in − flips·span) + min
  return flips % 2 === 0 ? [s, -s * min - flips * span + min] : [-s, s * min + flips * span + span + min];
}

/**
 * Samples an input at the positions of a grid, like `F.grid_sample` (spatial transformer
 * networks): each output pixel reads the input at the normalised coordinates (x, y[, z]) the grid
 * holds for it (−1 … 1 across the input's width, height[, depth]), interpolated bilinearly
 * (trilinearly for volumes) or from the nearest pixel (ties to even). The gradient reaches the
 * input and, for bilinear sampling, the grid.
 * @param input - `[N, C, H, W]` (or `[N, C, D, H, W]`).
 * @param grid - `[N, Ho, Wo, 2]` (or `[N, Do, Ho, Wo, 3]`), of the input's dtype.
 * @param opts - `mode`, `paddingMode`, `alignCorners`.
 * @returns `[N, C, Ho, Wo]` (or `[N, C, Do, Ho, Wo]`).
 * @throws RangeError for shapes that do not fit, or an unknown mode or padding mode (bicubic is
 *   not supported).
 * @throws TypeError for a non-float input or grid, different dtypes, or an unknown option.
 * @example
 * ```ts
 * import { arange, tensor } from '@chainrule/autograd';
 * import * as F from '@chainrule/nn/functional';
 * const img = arange(4).reshape([1, 1, 2, 2]).float();
 * const grid = tensor([[[[-1, -1], [0, 0], [1, 1]]]]);
 * F.gridSample(img, grid, { alignCorners: true }); // tensor([[[[0.0000, 1.5000, 3.0000]]]])
 * F.gridSample(img, grid); // tensor([[[[0.0000, 1.5000, 0.7500]]]])
 * F.gridSample(img, grid, { paddingMode: 'border' }); // tensor([[[[0.0000, 1.5000, 3.0000]]]])
 * ```
 */
export function gridSample(input: Tensor, grid: Tensor, opts: GridSampleOptions = {}): Tensor {
  const op = 'gridSample';
  checkOptions(op, opts, ['mode', 'paddingMode', 'alignCorners']);
  const mode = opts.mode ?? 'bilinear';
  const paddingMode = opts.paddingMode ?? 'zeros';
  const alignCorners = opts.alignCorners ?? false;
  if (mode !== 'bilinear' && mode !== 'nearest') throw new RangeError(`${op}: mode must be 'bilinear' or 'nearest', got '${String(mode)}'`);
  if (!['zeros', 'border', 'reflection'].includes(paddingMode)) throw new RangeError(`${op}: paddingMode must be 'zeros', 'border' or 'reflection', got '${String(paddingMode)}'`);
  checkFloat(input, op);
  checkFloat(grid, op, 'grid');
  if (input.dtype !== grid.dtype) throw new TypeError(`${op}: expected input and grid to have the same dtype, but input has ${input.dtype} and grid has ${grid.dtype}`);
  if (input.ndim !== 4 && input.ndim !== 5) throw new RangeError(`${op}: expected a 4-D or 5-D input, got shape ${fmt(input.shape)}`);
  const nd = input.ndim - 2;
  const [n, c] = input.shape as [number, number];
  if (grid.ndim !== input.ndim || grid.shape[0] !== n || grid.shape[grid.ndim - 1] !== nd) {
    throw new RangeError(`${op}: expected a grid [N, ...out, ${nd}] with N = ${n} for input ${fmt(input.shape)}, got ${fmt(grid.shape)}`);
  }
  const inSizes = input.shape.slice(2); // [(D,) H, W]
  const outSizes = grid.shape.slice(1, -1);
  const l = outSizes.reduce((a, b) => a * b, 1);
  const p = inSizes.reduce((a, b) => a * b, 1);
  const flatGrid = grid.reshape([n, l, nd]);
  // per axis k (x, y, z → the input's last, second last, … dim): the source coordinate, differentiable
  const coords: Tensor[] = [];
  const values: Float64Array[] = [];
  for (let k = 0; k < nd; k++) {
    const size = inSizes[nd - 1 - k]!;
    const g = flatGrid.select(2, k); // [N, L]
    let x = alignCorners ? g.add(1).div(2).mul(size - 1) : g.add(1).mul(size).sub(1).div(2);
    let xv = Float64Array.from(x.detach().toArray());
    if (paddingMode === 'reflection') {
      const [lo, hi] = alignCorners ? [0, 2 * (size - 1)] : [-1, 2 * size - 1];
      const a = new Float64Array(xv.length);
      const b = new Float64Array(xv.length);
      xv.forEach((v, i) => ([a[i], b[i]] = Number.isFinite(v) ? reflectAffine(v, lo, hi) : [1, 0]));
      x = x.mul(tensor(a, { dtype: x.dtype }).reshape([n, l])).add(tensor(b, { dtype: x.dtype }).reshape([n, l]));
      xv = Float64Array.from(x.detach().toArray());
    }
    if (paddingMode !== 'zeros') {
      // clip into the input; the clipped coordinates take no gradient
      const low = tensor(Uint8Array.from(xv, (v) => (v <= 0 ? 1 : 0)), { dtype: 'bool' }).reshape([n, l]);
      const high = tensor(Uint8Array.from(xv, (v) => (v >= size - 1 ? 1 : 0)), { dtype: 'bool' }).reshape([n, l]);
      x = where(low, 0, where(high, size - 1, x));
      xv = Float64Array.from(x.detach().toArray());
    }
    coords.push(x);
    values.push(xv);
  }
  // each input plane flattened, one zero appended for positions outside it
  const withZero = cat([input.reshape([n, c, p]), zeros([n, c, 1], { dtype: input.dtype })], 2);
  const inStride = inSizes.map((_, d) => inSizes.slice(d + 1).reduce((a, b) => a * b, 1));
  /** Gathers the input at integer coordinates (per axis, one per grid point), the outside ones reading 0. */
  const gatherAt = (ints: Int32Array[]): Tensor => {
    const flat = new Int32Array(n * l);
    for (let i = 0; i < n * l; i++) {
      let pos = 0;
      let inside = true;
      for (let k = 0; k < nd; k++) {
        const v = ints[k]![i]!;
        const size = inSizes[nd - 1 - k]!;
        if (!(v >= 0 && v < size)) inside = false;
        pos += v * inStride[nd - 1 - k]!;
      }
      flat[i] = inside ? pos : p;
    }
    const index = tensor(flat, { dtype: 'int32' }).reshape([n, 1, l]).expand([n, c, l]);
    return withZero.gather(2, index);
  };
  let out: Tensor;
  if (mode === 'nearest') {
    const roundEven = (v: number): number => {
      const r = Math.round(v);
      return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
    };
    out = gatherAt(values.map((xv) => Int32Array.from(xv, (v) => (Number.isFinite(v) ? roundEven(v) : -1))));
  } else {
    // 2^nd corners, each weighted by the product over axes of (1 − distance)
    const floors = values.map((xv) => Int32Array.from(xv, (v) => (Number.isFinite(v) ? Math.floor(v) : -2)));
    const parts: Tensor[] = [];
    for (let corner = 0; corner < 1 << nd; corner++) {
      const ints: Int32Array[] = [];
      let weight: Tensor | null = null;
      for (let k = 0; k < nd; k++) {
        const up = (corner >> k) & 1;
        const f = floors[k]!;
        ints.push(up === 1 ? f.map((v) => v + 1) : f);
        const fl = tensor(Float64Array.from(f), { dtype: input.dtype }).reshape([n, l]);
        // weight of the lower corner: (floor + 1) − x; of the upper: x − floor
        const w = up === 1 ? coords[k]!.sub(fl) : fl.add(1).sub(coords[k]!);
        weight = weight === null ? w : weight.mul(w);
      }
      parts.push(gatherAt(ints).mul(weight!.unsqueeze(1)));
    }
    out = parts.reduce((a, b) => a.add(b));
  }
  return out.reshape([n, c, ...outSizes]);
}
