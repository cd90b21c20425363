/**
 * `embedding` (rows of a table looked up by index), `embeddingBag` (bags of rows summed, averaged
 * or maximised) and `oneHot`.
 * @module
 */
import { arange, cat, full, hostCheck, markRegion, tensor, where, zeros } from '@chainrule/autograd';
import type { Tensor } from '@chainrule/autograd';
import { checkOptions } from './options.js';

/**
 * Options of {@link embedding}.
 * @example
 * ```ts
 * import type { EmbeddingOptions } from '@chainrule/nn/functional';
 * const opts: EmbeddingOptions = { paddingIdx: 0 };
 * opts.paddingIdx; // 0
 * ```
 */
export interface EmbeddingOptions {
  /** An index whose row takes no gradient (PyTorch's `padding_idx`; negative counts from the end). */
  paddingIdx?: number | null;
}

/**
 * Looks up rows of `weight` by index, like `F.embedding`: the output is `[...input.shape, dim]`,
 * and the gradient of `weight` is the sum of the output gradients at each index (none for
 * `paddingIdx`).
 * @param input - int32 indices, any shape.
 * @param weight - `[numEmbeddings, dim]`.
 * @param opts - `paddingIdx`.
 * @returns `[...input.shape, dim]`.
 * @throws TypeError when the indices are not int32.
 * @throws RangeError when an index is out of range, weight is not 2-D, or paddingIdx is out of range.
 * @example
 * ```ts
 * import { tensor } from '@chainrule/autograd';
 * import * as F from '@chainrule/nn/functional';
 * const table = tensor([[0, 0], [1, 10], [2, 20]]);
 * F.embedding(tensor([[2, 1]], { dtype: 'int32' }), table); // tensor([[[ 2., 20.], [ 1., 10.]]])
 * ```
 */
export function embedding(input: Tensor, weight: Tensor, opts: EmbeddingOptions = {}): Tensor {
  return markRegion('embedding', { paddingIdx: opts.paddingIdx ?? null }, [input, weight], () => embeddingOps(input, weight, opts));
}

/** The ops of {@link embedding}. */
function embeddingOps(input: Tensor, weight: Tensor, opts: EmbeddingOptions = {}): Tensor {
  if (input.dtype !== 'int32') throw new TypeError(`embedding: expected int32 indices, got ${input.dtype}`);
  if (weight.ndim !== 2) throw new RangeError(`embedding: weight must be 2-D [numEmbeddings, dim], got shape [${weight.shape.join(', ')}]`);
  const [n, dim] = weight.shape as [number, number];
  const flat = input.reshape([-1]);
  hostCheck([flat], ([ids]) => {
    for (const i of ids!) {
      if (!(i >= 0 && i < n)) throw new RangeError(`embedding: index ${i} is out of range for ${n} embeddings`);
    }
  });
  let rows = weight.indexSelect(0, flat);
  const pad = opts.paddingIdx;
  if (pad !== null && pad !== undefined) {
    if (!Number.isInteger(pad) || pad < -n || pad >= n) throw new RangeError(`embedding: paddingIdx ${pad} must be within num_embeddings (${n})`);
    // the padding row's value comes through, its gradient does not
    const isPad = flat.eq(pad < 0 ? pad + n : pad).unsqueeze(1);
    rows = rows.maskedFill(isPad, 0).add(rows.detach().mul(isPad));
  }
  return rows.reshape([...input.shape, dim]);
}

/**
 * One-hot encoding, like `F.one_hot`: int32 class indices of any shape to `[...shape, numClasses]`
 * int32 (int64 in PyTorch), 1 at each index and 0 elsewhere.
 * @param input - int32 class indices.
 * @param numClasses - the number of classes (default −1: the largest index + 1).
 * @returns the int32 encoding.
 * @throws TypeError when the indices are not int32.
 * @throws RangeError for a negative index, or one not smaller than numClasses.
 * @example
 * ```ts
 * import { tensor } from '@chainrule/autograd';
 * import * as F from '@chainrule/nn/functional';
 * F.oneHot(tensor([0, 2], { dtype: 'int32' })).tolist(); // [[1, 0, 0], [0, 0, 1]]
 * F.oneHot(tensor([1], { dtype: 'int32' }), 4).tolist(); // [[0, 1, 0, 0]]
 * ```
 */
export function oneHot(input: Tensor, numClasses = -1): Tensor {
  if (input.dtype !== 'int32') throw new TypeError(`oneHot: expected int32 class indices, got ${input.dtype}`);
  // in a compiled step checked at every call (with numClasses -1 the class count comes from the values)
  const classes = hostCheck([input], ([data]) => {
    const values = Array.from(data!);
    if (values.some((v) => v < 0)) throw new RangeError('oneHot: class values must be non-negative');
    const n = numClasses === -1 ? (values.length === 0 ? 0 : Math.max(...values) + 1) : numClasses;
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`oneHot: num_classes must be -1 or a non-negative integer, got ${numClasses}`);
    if (values.some((v) => v >= n)) throw new RangeError(`oneHot: class values must be smaller than num_classes (${n})`);
    return n;
  });
  return input.unsqueeze(-1).eq(arange(classes, undefined, 1, { dtype: 'int32' })).to('int32');
}

/**
 * Options of {@link embeddingBag}.
 * @example
 * ```ts
 * import { tensor } from '@chainrule/autograd';
 * import type { EmbeddingBagOptions } from '@chainrule/nn/functional';
 * const opts: EmbeddingBagOptions = { offsets: tensor([0, 2], { dtype: 'int32' }), mode: 'sum' };
 * opts.mode; // 'sum'
 * ```
 */
export interface EmbeddingBagOptions {
  /** For a 1-D input: where each bag starts (int32 tensor or numbers; the first is 0). Not with a 2-D input. */
  offsets?: Tensor | readonly number[] | null;
  /** How a bag's rows combine: `'mean'` (default), `'sum'` or `'max'`. */
  mode?: 'sum' | 'mean' | 'max';
  /** A weight per index (the input's shape, float), multiplying its row: `'sum'` mode only. */
  perSampleWeights?: Tensor | null;
  /** The offsets have one more entry, the end of the last bag (as CSR's row pointers). */
  includeLastOffset?: boolean;
  /** An index left out of every bag (negative counts from the end): not summed, counted or maximised over. */
  paddingIdx?: number | null;
}

/**
 * Sums, averages or maximises bags of embedding rows without building them, like
 * `F.embedding_bag`: with a 2-D input each row is a bag; with a 1-D input, `offsets` says where
 * each bag starts. An empty bag gives zeros.
 * @param input - int32 indices: `[B, N]` (B bags of N), or `[T]` with `offsets`.
 * @param weight - `[numEmbeddings, dim]`.
 * @param opts - `offsets`, `mode`, `perSampleWeights`, `includeLastOffset`, `paddingIdx`.
 * @returns `[B, dim]`.
 * @throws TypeError for indices or offsets that are not int32, or an unknown option.
 * @throws RangeError for an index out of range, offsets that are missing, not increasing or not
 *   starting at 0, per-sample weights outside 'sum' mode or of another shape, or an unknown mode.
 * @example
 * ```ts
 * import { tensor } from '@chainrule/autograd';
 * import * as F from '@chainrule/nn/functional';
 * const table = tensor([[1, 1], [2, 4], [3, 9]]);
 * const words = tensor([0, 2, 1, 1, 2], { dtype: 'int32' });
 * F.embeddingBag(words, table, { offsets: [0, 2] }); // tensor([[2.0000, 5.0000], [2.3333, 5.6667]])
 * F.embeddingBag(words, table, { offsets: [0, 2], mode: 'max' }); // tensor([[3., 9.], [3., 9.]])
 * F.embeddingBag(tensor([[0, 1]], { dtype: 'int32' }), table, { mode: 'sum' }); // tensor([[3., 5.]])
 * ```
 */
export function embeddingBag(input: Tensor, weight: Tensor, opts: EmbeddingBagOptions = {}): Tensor {
  const op = 'embeddingBag';
  checkOptions(op, opts, ['offsets', 'mode', 'perSampleWeights', 'includeLastOffset', 'paddingIdx']);
  const mode = opts.mode ?? 'mean';
  if (mode !== 'sum' && mode !== 'mean' && mode !== 'max') throw new RangeError(`${op}: mode has to be one of sum, mean or max, got '${String(mode)}'`);
  if (input.dtype !== 'int32') throw new TypeError(`${op}: expected int32 indices, got ${input.dtype}`);
  if (weight.ndim !== 2) throw new RangeError(`${op}: weight must be 2-D [numEmbeddings, dim], got shape [${weight.shape.join(', ')}]`);
  const [rowsCount, dim] = weight.shape as [number, number];
  const psw = opts.perSampleWeights ?? null;
  if (psw !== null) {
    if (mode !== 'sum') throw new RangeError(`${op}: per_sample_weights is only supported for mode='sum' (got mode='${mode}')`);
    if (psw.shape.join() !== input.shape.join()) throw new RangeError(`${op}: expected per_sample_weights of the input's shape [${input.shape.join(', ')}], got [${psw.shape.join(', ')}]`);
  }
  // the bags as [start, end) ranges over the flat indices
  const total = input.numel();
  let starts: number[];
  let ends: number[];
  if (input.ndim === 2) {
    if (opts.offsets !== undefined && opts.offsets !== null) throw new RangeError(`${op}: if input is 2-D, then offsets has to be null, as input is treated as a mini-batch of fixed length sequences`);
    const [b, n] = input.shape as [number, number];
    starts = Array.from({ length: b }, (_, i) => i * n);
    ends = starts.map((s) => s + n);
  } else if (input.ndim === 1) {
    const given = opts.offsets;
    if (given === undefined || given === null) throw new RangeError(`${op}: offsets has to be a 1-D tensor (or numbers) when input is 1-D`);
    if (!Array.isArray(given) && (given as Tensor).dtype !== 'int32') throw new TypeError(`${op}: expected int32 offsets, got ${(given as Tensor).dtype}`);
    const offs = Array.isArray(given) ? [...(given as readonly number[])] : Array.from((given as Tensor).toArray());
    if (offs.length > 0 && offs[0] !== 0) throw new RangeError(`${op}: offsets[0] has to be 0, i.e., the first sequence in the mini-batch has to start from position 0. However, got ${offs[0]}`);
    const bounds = opts.includeLastOffset === true ? offs : [...offs, total];
    if (bounds.some((v, i) => !Number.isInteger(v) || v > total || (i > 0 && v < bounds[i - 1]!))) {
      throw new RangeError(`${op}: offsets must be non-decreasing integers up to the input's length ${total}, got [${offs.join(', ')}]`);
    }
    starts = bounds.slice(0, -1);
    ends = bounds.slice(1);
  } else {
    throw new RangeError(`${op}: input has to be 1-D or 2-D, got shape [${input.shape.join(', ')}]`);
  }
  const flat = input.reshape([-1]);
  const indices = Array.from(flat.toArray());
  for (const i of indices) if (!(i >= 0 && i < rowsCount)) throw new RangeError(`${op}: index ${i} is out of range for ${rowsCount} embeddings`);
  let pad = opts.paddingIdx ?? null;
  if (pad !== null) {
    if (!Number.isInteger(pad) || pad < -rowsCount || pad >= rowsCount) throw new RangeError(`${op}: paddingIdx ${pad} must be within num_embeddings (${rowsCount})`);
    if (pad < 0) pad += rowsCount;
  }
  const bags = starts.length;
  const members = starts.map((s, b) => Array.from({ length: ends[b]! - s }, (_, j) => s + j).filter((t) => indices[t] !== pad));
  const rows = weight.indexSelect(0, flat);
  if (mode === 'max') {
    // each bag's rows gathered into [B, longest, dim], short bags padded with −∞ rows; empty bags give 0
    const longest = Math.max(1, ...members.map((m) => m.length));
    const table = new Int32Array(bags * longest).fill(total);
    members.forEach((m, b) => m.forEach((t, j) => (table[b * longest + j] = t)));
    const padded = cat([rows, full([1, dim], -Infinity, { dtype: weight.dtype })], 0);
    const maxima = padded.indexSelect(0, tensor(table, { dtype: 'int32' })).reshape([bags, longest, dim]).max(1).values;
    const empty = tensor(members.map((m) => m.length === 0), { dtype: 'bool' }).reshape([bags, 1]);
    return where(empty, 0, maxima);
  }
  // sum (weighted) or mean: every kept row added onto its bag
  const bagOf = new Int32Array(total);
  const keep = new Float64Array(total);
  members.forEach((m, b) => m.forEach((t) => ((bagOf[t] = b), (keep[t] = 1))));
  let values = keep.every((v) => v === 1) ? rows : rows.mul(tensor(keep, { dtype: weight.dtype }).reshape([total, 1]));
  if (psw !== null) values = values.mul(psw.reshape([total, 1]));
  const index = tensor(bagOf, { dtype: 'int32' }).reshape([total, 1]).expand([total, dim]);
  const sums = zeros([bags, dim], { dtype: weight.dtype }).scatterAdd(0, index, values);
  if (mode === 'sum') return sums;
  return sums.div(tensor(members.map((m) => Math.max(m.length, 1)), { dtype: weight.dtype }).reshape([bags, 1]));
}
