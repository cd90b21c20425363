/**
 * The model of `pnpm train --model lstm`: a character-level LSTM language model (an embedding, a
 * stacked `nn.LSTM`, a linear head), whose state dict loads into the same PyTorch modules by name.
 * @module
 */
import type { Tensor } from '@chainrule/autograd';
import { nn } from '@chainrule/nn';

/** The sizes of a {@link CharLSTM}. */
export interface LstmConfig {
  /** Characters in the vocabulary. */
  vocabSize: number;
  /** Features of a character's embedding. */
  embed: number;
  /** Hidden units of each LSTM layer. */
  hidden: number;
  /** Stacked LSTM layers. */
  layers: number;
  /** Dropout between the LSTM layers (0: none). */
  dropout: number;
}

/**
 * Embedding → LSTM → Linear over characters. State-dict names are PyTorch's for
 * `encoder = nn.Embedding(V, e)`, `rnn = nn.LSTM(e, h, layers, dropout=p, batch_first=True)` and
 * `decoder = nn.Linear(h, V)`.
 */
export class CharLSTM extends nn.Module<[Tensor], Tensor> {
  encoder: nn.Embedding;
  rnn: nn.LSTM;
  decoder: nn.Linear;

  constructor(readonly config: LstmConfig) {
    super();
    const { vocabSize, embed, hidden, layers, dropout } = config;
    this.encoder = new nn.Embedding(vocabSize, embed);
    this.rnn = new nn.LSTM(embed, hidden, { numLayers: layers, dropout, batchFirst: true });
    this.decoder = new nn.Linear(hidden, vocabSize);
  }

  /**
   * The logits of the next character at every position, each sequence from a zero state.
   * @param ids - `[B, T]` int32 character ids.
   * @returns `[B, T, vocabSize]`.
   */
  forward(ids: Tensor): Tensor {
    return this.decoder.forward(this.rnn.forward(this.encoder.forward(ids))[0]);
  }

  /**
   * The model as PyTorch code (the same module names), for the README and the load test.
   * @returns a Python class definition.
   */
  pytorchSource(): string {
    const { vocabSize, embed, hidden, layers, dropout } = this.config;
    return [
      'class CharLSTM(nn.Module):',
      '    def __init__(self):',
      '        super().__init__()',
      `        self.encoder = nn.Embedding(${vocabSize}, ${embed})`,
      `        self.rnn = nn.LSTM(${embed}, ${hidden}, ${layers}, dropout=${dropout}, batch_first=True)`,
      `        self.decoder = nn.Linear(${hidden}, ${vocabSize})`,
      '',
      '    def forward(self, ids):',
      '        return self.decoder(self.rnn(self.encoder(ids))[0])',
    ].join('\n');
  }
}
