/**
 * The model of `pnpm train --model gpt`: a character-level GPT (token and position embeddings,
 * pre-norm transformer blocks under a causal mask, a final norm and a linear head), built from
 * `nn.TransformerEncoder` so that its state dict loads into the same PyTorch modules by name.
 * @module
 */
import { arange, noGrad } from '@chainrule/autograd';
import type { Tensor } from '@chainrule/autograd';
import { nn } from '@chainrule/nn';

/** The sizes of a {@link CharGPT}. */
export interface GptConfig {
  /** Characters in the vocabulary. */
  vocabSize: number;
  /** The longest context, in characters (the position table's size). */
  blockSize: number;
  /** Features per position. */
  dModel: number;
  /** Attention heads per block. */
  nHead: number;
  /** Transformer blocks. */
  nLayer: number;
  /** Hidden features of the feed-forward blocks. */
  dimFeedforward: number;
  /** Dropout in the blocks (0: none). */
  dropout: number;
}

/**
 * A decoder-only transformer over characters. State-dict names are PyTorch's for
 * `tok_emb = nn.Embedding(V, d)`, `pos_emb = nn.Embedding(T, d)`,
 * `blocks = nn.TransformerEncoder(nn.TransformerEncoderLayer(d, h, ff, dropout, activation='relu',
 * batch_first=True, norm_first=True), n, nn.LayerNorm(d))` and `head = nn.Linear(d, V)`.
 */
export class CharGPT extends nn.Module<[Tensor], Tensor> {
  tokEmb: nn.Embedding;
  posEmb: nn.Embedding;
  blocks: nn.TransformerEncoder;
  head: nn.Linear;
  readonly #masks = new Map<number, Tensor>();

  constructor(readonly config: GptConfig) {
    super();
    const { vocabSize, blockSize, dModel, nHead, nLayer, dimFeedforward, dropout } = config;
    this.tokEmb = new nn.Embedding(vocabSize, dModel);
    this.posEmb = new nn.Embedding(blockSize, dModel);
    // small embeddings (as GPT-2's 0.02), so that the residual stream starts near the norms' scale
    noGrad(() => {
      nn.init.normal_(this.tokEmb.weight, 0, 0.02);
      nn.init.normal_(this.posEmb.weight, 0, 0.02);
    });
    const layer = new nn.TransformerEncoderLayer(dModel, nHead, { dimFeedforward, dropout, activation: 'relu', batchFirst: true, normFirst: true });
    this.blocks = new nn.TransformerEncoder(layer, nLayer, new nn.LayerNorm(dModel));
    this.head = new nn.Linear(dModel, vocabSize);
  }

  /**
   * The logits of the next character at every position.
   * @param ids - `[B, T]` int32 character ids, T ≤ blockSize.
   * @returns `[B, T, vocabSize]`.
   */
  forward(ids: Tensor): Tensor {
    const T = ids.shape[1]!;
    if (T > this.config.blockSize) throw new RangeError(`CharGPT: context of ${T} characters exceeds blockSize ${this.config.blockSize}`);
    const x = this.tokEmb.forward(ids).add(this.posEmb.forward(arange(0, T, 1, { dtype: 'int32' })));
    let mask = this.#masks.get(T);
    if (mask === undefined) {
      mask = nn.Transformer.generateSquareSubsequentMask(T);
      this.#masks.set(T, mask);
    }
    return this.head.forward(this.blocks.forward(x, { mask, isCausal: true }));
  }

  /**
   * The model as PyTorch code (the same module names), for the README and the load test.
   * @returns a Python class definition.
   */
  pytorchSource(): string {
    const { vocabSize, blockSize, dModel, nHead, nLayer, dimFeedforward, dropout } = this.config;
    return [
      'class CharGPT(nn.Module):',
      '    def __init__(self):',
      '        super().__init__()',
      `        self.tok_emb = nn.Embedding(${vocabSize}, ${dModel})`,
      `        self.pos_emb = nn.Embedding(${blockSize}, ${dModel})`,
      `        layer = nn.TransformerEncoderLayer(${dModel}, ${nHead}, ${dimFeedforward}, ${dropout}, activation='relu', batch_first=True, norm_first=True)`,
      `        self.blocks = nn.TransformerEncoder(layer, ${nLayer}, nn.LayerNorm(${dModel}))`,
      `        self.head = nn.Linear(${dModel}, ${vocabSize})`,
      '',
      '    def forward(self, ids):',
      '        T = ids.shape[1]',
      '        x = self.tok_emb(ids) + self.pos_emb(torch.arange(T))',
      '        mask = nn.Transformer.generate_square_subsequent_mask(T)',
      '        return self.head(self.blocks(x, mask=mask))',
    ].join('\n');
  }
}
