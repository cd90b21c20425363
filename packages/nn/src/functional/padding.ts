/**
 * `pad`: padding of the last dims with a constant, a reflection, a replication of the edge, or
 * the other end (circular).
 * @module
 */
import { cat, full, tensor } from '@chainrule/autograd';
import type { Tensor } from '@chainrule/autograd';
import { fmt } from './options.js';

/**
 * What {@link pad} fills the padding with.
 * @example
 * ```ts
 * import type { PadMode } from '@chainrule/nn/functional';
 * const mode: PadMode = 'reflect';
 * mode; // 'reflect'
 * ```
 */
export type PadMode = 'constant' | 'reflect' | 'replicate' | 'circular';

/** The index each output element of a padded dim reads, for the modes that read the input. */
function source(mode: Exclude<PadMode, 'constant'>, j: number, n: number): number {
  if (mode === 'replicate') return Math.min(Math.max(j, 0), n - 1);
  if (mode === 'circular') return ((j % n) + n) % n;
  // reflect, the edge not repeated
  return j < 0 ? -j : j >= n ? 2 * (n - 1) - j : j;
}

/**
 * Pads the last dims of a tensor, like `F.pad`: `pad` lists `[before, after]` sizes starting from
 * the last dim (`[left, right]` pads the last dim, `[left, right, top, bottom]` the last two, …).
 * Modes:
 * - `'constant'`: `value` (default 0); a negative size crops instead.
 * - `'reflect'`: the input mirrored at its edge, the edge not repeated (`[2, 1, | 0, 1, 2, | 1, 0]`);
 *   each size smaller than the dim.
 * - `'replicate'`: the edge element repeated.
 * - `'circular'`: the other end of the input (`[1, 2, | 0, 1, 2, | 0]`); each size at most the dim.
 *
 * Any number of dims may be padded, in every mode (PyTorch 1.13 restricts the modes other than
 * `'constant'` to the last 1 to 3 dims of batched inputs).
 * @param input - any tensor.
 * @param pad - an even number of integer sizes, at most two per dim.
 * @param mode - `'constant'` (default), `'reflect'`, `'replicate'` or `'circular'`.
 * @param value - the constant (`'constant'` mode only; default 0).
 * @returns the padded tensor.
 * @throws RangeError for an odd or too long `pad`, sizes that are not integers, sizes too large
 *   for the mode, a negative output size, an unknown mode, or a `value` with a mode other than
 *   `'constant'`.
 * @example
 * ```ts
 * import { tensor } from '@chainrule/autograd';
 * import * as F from '@chainrule/nn/functional';
 * const x = tensor([[0, 1, 2]]);
 * F.pad(x, [1, 2]); // tensor([[0., 0., 1., 2., 0., 0.]])
 * F.pad(x, [2, 1], 'reflect'); // tensor([[2., 1., 0., 1., 2., 1.]])
 * F.pad(x, [2, 1], 'replicate'); // tensor([[0., 0., 0., 1., 2., 2.]])
 * F.pad(x, [2, 1], 'circular'); // tensor([[1., 2., 0., 1., 2., 0.]])
 * F.pad(x, [0, 0, 1, 0], 'constant', -1); // tensor([[-1., -1., -1.], [ 0.,  1.,  2.]])
 * F.pad(x, [-1, 0]); // tensor([[1., 2.]])
 * ```
 */
export function pad(input: Tensor, pad: readonly number[], mode: PadMode = 'constant', value = 0): Tensor {
  if (!Array.isArray(pad) || pad.length % 2 !== 0 || !pad.every((p) => Number.isInteger(p))) {
    throw new RangeError(`pad: padding must be an even number of integer sizes, got ${JSON.stringify(pad)}`);
  }
  if (pad.length / 2 > input.ndim) throw new RangeError(`pad: padding length ${pad.length} is too large for an input of ${input.ndim} dims`);
  if (!['constant', 'reflect', 'replicate', 'circular'].includes(mode)) {
    throw new RangeError(`pad: mode must be 'constant', 'reflect', 'replicate' or 'circular', got '${String(mode)}'`);
  }
  if (mode !== 'constant' && value !== 0) throw new RangeError(`pad: padding mode "${mode}" doesn't take in value argument`);
  let x = input;
  for (let i = 0; i < pad.length / 2; i++) {
    const dim = input.ndim - 1 - i;
    const before = pad[2 * i]!;
    const after = pad[2 * i + 1]!;
    if (before === 0 && after === 0) continue;
    const n = x.shape[dim]!;
    if (n + before + after < 0) {
      throw new RangeError(`pad: the input size ${n}, plus negative padding ${before} and ${after} resulted in a negative output size, which is invalid (dim ${dim} of input ${fmt(input.shape)})`);
    }
    if (mode === 'constant') {
      // crop, then add constant blocks
      x = x.narrow(dim, Math.max(-before, 0), n - Math.max(-before, 0) - Math.max(-after, 0));
      const block = (size: number): Tensor => full(x.shape.map((s, d) => (d === dim ? size : s)), value, { dtype: x.dtype });
      const parts = [...(before > 0 ? [block(before)] : []), x, ...(after > 0 ? [block(after)] : [])];
      if (parts.length > 1) x = cat(parts, dim);
      continue;
    }
    if (mode === 'reflect' && (before >= n || after >= n)) {
      throw new RangeError(`pad: padding size should be less than the corresponding input dimension in reflect mode, but got padding (${before}, ${after}) at dimension ${dim} of input ${fmt(input.shape)}`);
    }
    if (mode === 'circular' && (before > n || after > n || before < 0 || after < 0)) {
      throw new RangeError(`pad: circular padding must lie in [0, the dim's size], got (${before}, ${after}) at dimension ${dim} of input ${fmt(input.shape)} (a larger one would wrap around more than once)`);
    }
    if (n === 0) throw new RangeError(`pad: cannot pad an empty dimension ${dim} in ${mode} mode (input ${fmt(input.shape)})`);
    const index = Int32Array.from({ length: n + before + after }, (_, j) => source(mode, j - before, n));
    x = x.indexSelect(dim, tensor(index, { dtype: 'int32' }));
  }
  return x;
}
