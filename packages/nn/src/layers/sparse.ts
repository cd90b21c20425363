/**
 * `Embedding`: a learned lookup table.
 * @module
 */
import { noGrad, zeros } from '@chainrule/autograd';
import type { Tensor } from '@chainrule/autograd';
import { embedding } from '../functional/sparse.js';
import { normal_ } from '../init.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import type { LayerOptions } from './linear.js';

/**
 * A lookup table of `numEmbeddings` vectors of `embeddingDim`, like `torch.nn.Embedding`: the
 * weight starts from N(0, 1) (the `paddingIdx` row, if any, from zeros, and it takes no gradient).
 *
 * Shape:
 * - Input: `[*]`, int32 indices in [0, `numEmbeddings`), any number of dims.
 * - Output: `[*, H]`, where H = `embeddingDim`.
 * @example
 * ```ts
 * import { Generator, tensor } from '@chainrule/autograd';
 * import { nn } from '@chainrule/nn';
 * const emb = new nn.Embedding(10, 4, { paddingIdx: 0, generator: new Generator(0) });
 * emb.forward(tensor([[1, 2, 0]], { dtype: 'int32' })).shape; // [1, 3, 4]
 * emb.weight.select(0, 0).tolist(); // [0, 0, 0, 0]
 * String(emb); // 'Embedding(10, 4, padding_idx=0)'
 * ```
 */
export class Embedding extends Module {
  /** The table, `[numEmbeddings, embeddingDim]`. */
  weight: Parameter;
  /** The index whose row takes no gradient (non-negative), or null. */
  readonly paddingIdx: number | null;

  /**
   * @param numEmbeddings - the number of rows.
   * @param embeddingDim - the size of each row.
   * @param opts - `paddingIdx` (negative counts from the end), `dtype`, `generator`.
   * @throws RangeError for sizes that are not non-negative integers, or a paddingIdx out of range.
   */
  constructor(
    readonly numEmbeddings: number,
    readonly embeddingDim: number,
    opts: LayerOptions & { paddingIdx?: number | null } = {},
  ) {
    super();
    for (const n of [numEmbeddings, embeddingDim]) {
      if (!Number.isInteger(n) || n < 0) throw new RangeError(`Embedding: sizes must be non-negative integers, got ${numEmbeddings}, ${embeddingDim}`);
    }
    const pad = opts.paddingIdx ?? null;
    if (pad !== null && (!Number.isInteger(pad) || pad < -numEmbeddings || pad >= numEmbeddings)) {
      throw new RangeError(`Embedding: padding_idx must be within num_embeddings (${numEmbeddings}), got ${pad}`);
    }
    this.paddingIdx = pad === null ? null : pad < 0 ? pad + numEmbeddings : pad;
    this.weight = new Parameter(zeros([numEmbeddings, embeddingDim], { dtype: opts.dtype ?? 'float32' }));
    normal_(this.weight, 0, 1, opts.generator === undefined ? {} : { generator: opts.generator });
    if (this.paddingIdx !== null) {
      const row = this.paddingIdx;
      noGrad(() => this.weight.select(0, row).fill_(0));
    }
  }

  /**
   * Looks up rows.
   * @param input - int32 indices, any shape.
   * @returns `[...input.shape, embeddingDim]`.
   * @throws TypeError when the indices are not int32.
   * @throws RangeError when an index is out of range.
   */
  forward(input: Tensor): Tensor {
    return embedding(input, this.weight, { paddingIdx: this.paddingIdx });
  }

  /**
   * The settings, as PyTorch prints them.
   * @returns `numEmbeddings, embeddingDim[, padding_idx=…]`.
   */
  override extraRepr(): string {
    return `${this.numEmbeddings}, ${this.embeddingDim}${this.paddingIdx === null ? '' : `, padding_idx=${this.paddingIdx}`}`;
  }
}
