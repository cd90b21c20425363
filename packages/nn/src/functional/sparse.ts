/**
 * `embedding` (rows of a table looked up by index) and `oneHot`.
 * @module
 */
import { arange, hostCheck, markRegion } from '@chainrule/autograd';
import type { Tensor } from '@chainrule/autograd';

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
