/**
 * `nn.utils.rnn`: batches of sequences of different lengths, as `torch.nn.utils.rnn` — padding
 * them to one length, and packing them (`PackedSequence`) so that recurrent layers run each
 * sequence only as far as it goes.
 * @module
 */
import { cat, full, stack, tensor, Tensor } from '@chainrule/autograd';
import type { DType } from '@chainrule/autograd';

const shapeText = (s: readonly number[]): string => `[${s.join(', ')}]`;

/**
 * A batch of sequences packed time-major with the padding left out, like PyTorch's
 * `PackedSequence`: step t holds `batchSizes[t]` rows, the first sequences of the batch (sorted
 * from longest to shortest). Made by {@link packPaddedSequence} or {@link packSequence}; recurrent
 * layers take and return it; {@link padPackedSequence} pads it back.
 *
 * Shape:
 * - `data`: `[N, *]`, N = Σ batchSizes, the sum of the lengths
 * - `batchSizes`: `[T]` int32, T the longest length
 * - `sortedIndices`, `unsortedIndices`: `[B]` int32, or null when the batch was given sorted
 * @example
 * ```ts
 * import { tensor } from '@chainrule/autograd';
 * import { nn } from '@chainrule/nn';
 * const a = tensor([1, 2, 3]);
 * const b = tensor([4, 5]);
 * const p = nn.utils.rnn.packSequence([a, b]);
 * p.data; // tensor([1., 4., 2., 5., 3.])
 * p.batchSizes; // tensor([2, 2, 1], dtype=torch.int32)
 * ```
 */
export class PackedSequence {
  /**
   * @param data - the rows, `[N, *]`.
   * @param batchSizes - rows per step, a non-increasing int32 tensor (or array) of positive sizes summing to N.
   * @param sortedIndices - the batch order of the packed sequences (sequence k of the pack is `sortedIndices[k]` of the batch), or null.
   * @param unsortedIndices - its inverse permutation, or null (computed from `sortedIndices` when omitted).
   * @throws TypeError when data is not a tensor.
   * @throws RangeError for batch sizes that do not describe `data`.
   */
  constructor(
    /** `[N, *]` the rows of every step, time-major. */
    readonly data: Tensor,
    batchSizes: Tensor | readonly number[],
    sortedIndices: Tensor | null = null,
    unsortedIndices: Tensor | null = null,
  ) {
    if (!(data instanceof Tensor)) throw new TypeError(`PackedSequence: data must be a Tensor, got ${typeof data}`);
    const bs = batchSizes instanceof Tensor ? Array.from(batchSizes.toArray(), Number) : [...batchSizes];
    let sum = 0;
    bs.forEach((b, t) => {
      if (!Number.isInteger(b) || b <= 0 || (t > 0 && b > bs[t - 1]!)) throw new RangeError(`PackedSequence: batchSizes must be positive and non-increasing, got ${shapeText(bs)}`);
      sum += b;
    });
    if (data.ndim === 0 || data.shape[0] !== sum) throw new RangeError(`PackedSequence: batchSizes sum to ${sum}, but data has shape ${shapeText(data.shape)}`);
    this.batchSizes = tensor(bs, { dtype: 'int32' });
    this.sortedIndices = sortedIndices;
    this.unsortedIndices = unsortedIndices ?? (sortedIndices === null ? null : invert(sortedIndices));
  }
  /** `[T]` int32: rows per step. */
  readonly batchSizes: Tensor;
  /** `[B]` int32: the batch index of each packed sequence, or null (the batch was sorted). */
  readonly sortedIndices: Tensor | null;
  /** `[B]` int32: where each batch sequence went in the pack, or null. */
  readonly unsortedIndices: Tensor | null;

  /**
   * The same sequences with `data` converted, like `PackedSequence.to(dtype)`.
   * @param dtype - the new dtype.
   * @returns a PackedSequence (this one when the dtype is already right).
   * @throws TypeError for an unknown dtype.
   * @example
   * ```ts
   * nn.utils.rnn.packSequence([tensor([1, 2])]).to('float64').data.dtype; // 'float64'
   * ```
   */
  to(dtype: DType): PackedSequence {
    return dtype === this.data.dtype ? this : new PackedSequence(this.data.to(dtype), this.batchSizes, this.sortedIndices, this.unsortedIndices);
  }

  /**
   * As PyTorch prints it.
   * @returns `PackedSequence(data=…, batch_sizes=…, sorted_indices=…, unsorted_indices=…)`.
   * @example String(nn.utils.rnn.packSequence([tensor([1])])); // 'PackedSequence(data=tensor([1.]), batch_sizes=tensor([1], dtype=torch.int32), sorted_indices=None, unsorted_indices=None)'
   */
  toString(): string {
    const s = (t: Tensor | null): string => (t === null ? 'None' : t.toString());
    return `PackedSequence(data=${s(this.data)}, batch_sizes=${s(this.batchSizes)}, sorted_indices=${s(this.sortedIndices)}, unsorted_indices=${s(this.unsortedIndices)})`;
  }
}

function invert(perm: Tensor): Tensor {
  const p = Array.from(perm.toArray(), Number);
  const inv = new Array<number>(p.length);
  p.forEach((v, i) => (inv[v] = i));
  return tensor(inv, { dtype: 'int32' });
}

/** Lengths as numbers, checked: positive integers. */
function lengthsOf(op: string, lengths: Tensor | readonly number[]): number[] {
  const ls = lengths instanceof Tensor ? Array.from(lengths.toArray(), Number) : [...lengths];
  for (const l of ls) {
    if (!Number.isInteger(l)) throw new TypeError(`${op}: lengths must be integers, got ${l}`);
    if (l <= 0) throw new RangeError(`${op}: length of all samples has to be greater than 0, but found an element in 'lengths' that is <= 0`);
  }
  return ls;
}

/** Rows per step of sequences of `lengths` sorted from longest to shortest. */
function batchSizesOf(sorted: readonly number[]): number[] {
  const T = sorted[0] ?? 0;
  const bs: number[] = [];
  for (let t = 0, b = sorted.length; t < T; t++) {
    while (b > 0 && sorted[b - 1]! <= t) b--;
    bs.push(b);
  }
  return bs;
}

/**
 * Options of {@link packPaddedSequence}.
 * @example
 * ```ts
 * const opts: nn.utils.rnn.PackOptions = { batchFirst: true, enforceSorted: false };
 * opts.enforceSorted; // false
 * ```
 */
export interface PackOptions {
  /** The input is `[B, T, *]` (default false: `[T, B, *]`). */
  batchFirst?: boolean;
  /** Require the lengths from longest to shortest (default true); false sorts the batch and records the order. */
  enforceSorted?: boolean;
}

/**
 * Packs a padded batch of sequences, like `torch.nn.utils.rnn.pack_padded_sequence`: the rows past
 * each sequence's length are left out. Differentiable: the gradient of `data` flows back to the
 * input's rows (the padding gets none).
 *
 * Shape:
 * - `input`: `[T, B, *]`, or `[B, T, *]` with `batchFirst`
 * - `lengths`: B lengths, each in [1, T]
 * - returns a {@link PackedSequence} with `data` `[Σ lengths, *]`
 * @param input - the padded batch.
 * @param lengths - each sequence's length (an array or an int tensor).
 * @param opts - `batchFirst` (default false), `enforceSorted` (default true).
 * @returns the packed batch.
 * @throws RangeError when lengths are not positive, longer than T, of the wrong count, or (with
 *   enforceSorted) not from longest to shortest.
 * @example
 * ```ts
 * import { tensor } from '@chainrule/autograd';
 * const padded = tensor([[1, 4], [2, 5], [3, 0]]); // [T=3, B=2]: lengths 3 and 2
 * const p = nn.utils.rnn.packPaddedSequence(padded, [3, 2]);
 * p.data; // tensor([1., 4., 2., 5., 3.])
 * p.batchSizes; // tensor([2, 2, 1], dtype=torch.int32)
 * nn.utils.rnn.packPaddedSequence(padded, [2, 3]); // throws RangeError: enforceSorted
 * const q = nn.utils.rnn.packPaddedSequence(padded, [2, 3], { enforceSorted: false });
 * q.sortedIndices; // tensor([1, 0], dtype=torch.int32)
 * ```
 */
export function packPaddedSequence(input: Tensor, lengths: Tensor | readonly number[], opts: PackOptions = {}): PackedSequence {
  const op = 'packPaddedSequence';
  if (!(input instanceof Tensor)) throw new TypeError(`${op}: input must be a Tensor, got ${typeof input}`);
  if (input.ndim < 2) throw new RangeError(`${op}: input must have at least 2 dims ([T, B, *] or [B, T, *]), got shape ${shapeText(input.shape)}`);
  const ls = lengthsOf(op, lengths);
  const x = opts.batchFirst === true ? input.transpose(0, 1) : input;
  const [T, B] = [x.shape[0]!, x.shape[1]!];
  if (ls.length !== B) throw new RangeError(`${op}: expected ${B} lengths (the batch size), got ${ls.length}`);
  let order = ls.map((_, i) => i);
  if (opts.enforceSorted === false) {
    order = order.sort((i, j) => ls[j]! - ls[i]!);
  } else if (ls.some((l, i) => i > 0 && l > ls[i - 1]!)) {
    throw new RangeError(`${op}: 'lengths' array must be sorted in decreasing order when 'enforceSorted' is true; pass { enforceSorted: false } to pack unsorted sequences`);
  }
  const sorted = order.map((i) => ls[i]!);
  if (sorted[0]! > T) throw new RangeError(`${op}: a length (${sorted[0]}) is longer than the input's ${T} steps`);
  const bs = batchSizesOf(sorted);
  // the packed rows of [T·B, *]: step t, sequences order[0..bs[t])
  const rows: number[] = [];
  bs.forEach((b, t) => {
    for (let k = 0; k < b; k++) rows.push(t * B + order[k]!);
  });
  const flat = x.reshape([T * B, ...x.shape.slice(2)]);
  const data = flat.indexSelect(0, tensor(rows, { dtype: 'int32' }));
  const sortedIndices = opts.enforceSorted === false ? tensor(order, { dtype: 'int32' }) : null;
  return new PackedSequence(data, bs, sortedIndices);
}

/**
 * Options of {@link padPackedSequence}.
 * @example
 * ```ts
 * const opts: nn.utils.rnn.PadPackedOptions = { batchFirst: true, paddingValue: -1, totalLength: 5 };
 * opts.totalLength; // 5
 * ```
 */
export interface PadPackedOptions {
  /** Return `[B, T, *]` (default false: `[T, B, *]`). */
  batchFirst?: boolean;
  /** The value of the padding (default 0). */
  paddingValue?: number;
  /** Pad to this many steps (default the longest sequence's length). */
  totalLength?: number;
}

/**
 * Pads a packed batch back, like `torch.nn.utils.rnn.pad_packed_sequence`: the inverse of
 * {@link packPaddedSequence} (in the batch's original order when it was packed unsorted).
 * Differentiable with respect to `data`.
 *
 * Shape:
 * - `sequence.data`: `[N, *]`
 * - returns `[T, B, *]` (or `[B, T, *]` with `batchFirst`) and the B lengths (int32), T the
 *   longest length or `totalLength`
 * @param sequence - the packed batch.
 * @param opts - `batchFirst` (default false), `paddingValue` (default 0), `totalLength`.
 * @returns `[padded, lengths]`.
 * @throws RangeError when totalLength is shorter than the longest sequence.
 * @example
 * ```ts
 * import { tensor } from '@chainrule/autograd';
 * const p = nn.utils.rnn.packSequence([tensor([1, 2, 3]), tensor([4, 5])]);
 * const [padded, lengths] = nn.utils.rnn.padPackedSequence(p, { batchFirst: true, paddingValue: -1 });
 * padded; // tensor([[ 1.,  2.,  3.], [ 4.,  5., -1.]])
 * lengths; // tensor([3, 2], dtype=torch.int32)
 * ```
 */
export function padPackedSequence(sequence: PackedSequence, opts: PadPackedOptions = {}): [Tensor, Tensor] {
  const op = 'padPackedSequence';
  if (!(sequence instanceof PackedSequence)) throw new TypeError(`${op}: expected a PackedSequence, got ${typeof sequence}`);
  const { data } = sequence;
  const bs = Array.from(sequence.batchSizes.toArray(), Number);
  const T0 = bs.length;
  const T = opts.totalLength ?? T0;
  if (!Number.isInteger(T) || T < T0) {
    throw new RangeError(`${op}: expected totalLength to be at least the length of the longest sequence (${T0}), got ${opts.totalLength}`);
  }
  const B = bs[0] ?? 0;
  const N = data.shape[0]!;
  const rest = data.shape.slice(1);
  // row t·B + k of the padded batch reads packed row offset_t + k, or the padding row N
  const rows = new Array<number>(T * B).fill(N);
  let off = 0;
  bs.forEach((b, t) => {
    for (let k = 0; k < b; k++) rows[t * B + k] = off + k;
    off += b;
  });
  const pad = full([1, ...rest], opts.paddingValue ?? 0, { dtype: data.dtype });
  let padded = cat([data, pad], 0).indexSelect(0, tensor(rows, { dtype: 'int32' })).reshape([T, B, ...rest]);
  let lengths = new Array<number>(B).fill(0);
  for (const b of bs) for (let k = 0; k < b; k++) lengths[k]!++;
  const unsorted = sequence.unsortedIndices;
  if (unsorted !== null) {
    padded = padded.indexSelect(1, unsorted);
    const u = Array.from(unsorted.toArray(), Number);
    lengths = u.map((i) => lengths[i]!);
  }
  if (opts.batchFirst === true) padded = padded.transpose(0, 1);
  return [padded, tensor(lengths, { dtype: 'int32' })];
}

/**
 * Options of {@link padSequence}.
 * @example
 * ```ts
 * const opts: nn.utils.rnn.PadOptions = { batchFirst: true, paddingValue: 0 };
 * opts.batchFirst; // true
 * ```
 */
export interface PadOptions {
  /** Return `[B, T, *]` (default false: `[T, B, *]`). */
  batchFirst?: boolean;
  /** The value of the padding (default 0). */
  paddingValue?: number;
}

/**
 * Pads sequences of different lengths to the longest and stacks them, like
 * `torch.nn.utils.rnn.pad_sequence`. Differentiable.
 *
 * Shape:
 * - `sequences`: B tensors `[L_i, *]` (the same `*`)
 * - returns `[T, B, *]` (or `[B, T, *]` with `batchFirst`), T = max L_i
 * @param sequences - the sequences.
 * @param opts - `batchFirst` (default false), `paddingValue` (default 0).
 * @returns the padded batch.
 * @throws RangeError for an empty list, 0-dim tensors or trailing shapes that differ.
 * @throws TypeError for tensors of different dtypes.
 * @example
 * ```ts
 * import { tensor } from '@chainrule/autograd';
 * nn.utils.rnn.padSequence([tensor([1, 2, 3]), tensor([4])], { batchFirst: true }); // tensor([[1., 2., 3.], [4., 0., 0.]])
 * nn.utils.rnn.padSequence([tensor([1, 2]), tensor([3])]).shape; // [2, 2]
 * ```
 */
export function padSequence(sequences: readonly Tensor[], opts: PadOptions = {}): Tensor {
  const op = 'padSequence';
  if (!Array.isArray(sequences) || sequences.length === 0) throw new RangeError(`${op}: expected a non-empty array of tensors`);
  const first = sequences[0]!;
  for (const s of sequences) {
    if (!(s instanceof Tensor)) throw new TypeError(`${op}: every sequence must be a Tensor, got ${typeof s}`);
    if (s.ndim === 0) throw new RangeError(`${op}: sequences must have at least 1 dim (the time), got a 0-dim tensor`);
    if (s.dtype !== first.dtype) throw new TypeError(`${op}: sequences must have one dtype, got ${first.dtype} and ${s.dtype}`);
    if (shapeText(s.shape.slice(1)) !== shapeText(first.shape.slice(1))) {
      throw new RangeError(`${op}: sequences must have the same trailing shape, got ${shapeText(first.shape)} and ${shapeText(s.shape)}`);
    }
  }
  const T = Math.max(...sequences.map((s) => s.shape[0]!));
  const pv = opts.paddingValue ?? 0;
  const padded = sequences.map((s) => (s.shape[0] === T ? s : cat([s, full([T - s.shape[0]!, ...s.shape.slice(1)], pv, { dtype: s.dtype })], 0)));
  return stack(padded, opts.batchFirst === true ? 0 : 1);
}

/**
 * Packs a list of sequences of different lengths, like `torch.nn.utils.rnn.pack_sequence`:
 * {@link padSequence} then {@link packPaddedSequence}.
 *
 * Shape:
 * - `sequences`: B tensors `[L_i, *]`
 * - returns a {@link PackedSequence} with `data` `[Σ L_i, *]`
 * @param sequences - the sequences (from longest to shortest unless `enforceSorted` is false).
 * @param opts - `enforceSorted` (default true).
 * @returns the packed batch.
 * @throws RangeError as {@link padSequence} and {@link packPaddedSequence}.
 * @example
 * ```ts
 * import { tensor } from '@chainrule/autograd';
 * const p = nn.utils.rnn.packSequence([tensor([1]), tensor([2, 3])], { enforceSorted: false });
 * p.data; // tensor([2., 1., 3.])
 * p.unsortedIndices; // tensor([1, 0], dtype=torch.int32)
 * ```
 */
export function packSequence(sequences: readonly Tensor[], opts: { enforceSorted?: boolean } = {}): PackedSequence {
  const lengths = sequences.map((s) => (s instanceof Tensor && s.ndim > 0 ? s.shape[0]! : 0));
  return packPaddedSequence(padSequence(sequences), lengths, opts);
}

/**
 * The sequences of a padded batch, each cut to its length, like
 * `torch.nn.utils.rnn.unpad_sequence`: the inverse of {@link padSequence}.
 * @param padded - `[T, B, *]` (or `[B, T, *]` with `batchFirst`).
 * @param lengths - the B lengths.
 * @param opts - `batchFirst` (default false).
 * @returns B tensors `[L_i, *]` (views of `padded`).
 * @throws RangeError when the lengths do not fit the batch.
 * @example
 * ```ts
 * import { tensor } from '@chainrule/autograd';
 * nn.utils.rnn.unpadSequence(tensor([[1, 2, 3], [4, 0, 0]]), [3, 1], { batchFirst: true }).map(String); // ['tensor([1., 2., 3.])', 'tensor([4.])']
 * ```
 */
export function unpadSequence(padded: Tensor, lengths: Tensor | readonly number[], opts: { batchFirst?: boolean } = {}): Tensor[] {
  const op = 'unpadSequence';
  const ls = lengthsOf(op, lengths);
  const x = opts.batchFirst === true ? padded : padded.transpose(0, 1);
  if (x.ndim < 2 || x.shape[0] !== ls.length || ls.some((l) => l > x.shape[1]!)) {
    throw new RangeError(`${op}: ${ls.length} lengths ${shapeText(ls)} do not fit a padded batch of shape ${shapeText(padded.shape)}`);
  }
  return ls.map((l, i) => x.select(0, i).narrow(0, 0, l));
}

/**
 * The sequences of a packed batch, like `torch.nn.utils.rnn.unpack_sequence`: the inverse of
 * {@link packSequence} (in the batch's original order).
 * @param packed - the packed batch.
 * @returns B tensors `[L_i, *]`.
 * @throws TypeError when `packed` is not a PackedSequence.
 * @example
 * ```ts
 * import { tensor } from '@chainrule/autograd';
 * const p = nn.utils.rnn.packSequence([tensor([1]), tensor([2, 3])], { enforceSorted: false });
 * nn.utils.rnn.unpackSequence(p).map(String); // ['tensor([1.])', 'tensor([2., 3.])']
 * ```
 */
export function unpackSequence(packed: PackedSequence): Tensor[] {
  const [padded, lengths] = padPackedSequence(packed, { batchFirst: true });
  return unpadSequence(padded, lengths, { batchFirst: true });
}
