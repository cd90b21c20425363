/**
 * The LSTM language-model training step of issue 13's table (embedding 64, a 2-layer LSTM of 128,
 * bptt 35, batch 20, Adam), built the same way in chainrule and in PyTorch, for `pnpm bench` and
 * for `pnpm bench:lstm` (bench/lstm.ts), which times both side by side.
 *
 * chainrule: `const { step } = lstmStep(); step();` runs one step (forward over 35 steps of 20
 * sequences, cross-entropy, backward, Adam) and returns the loss. PyTorch: `lstm_step.py` beside
 * this file builds the same model and serves timed runs of the same step over stdin (see there).
 * @module
 */
import { manualSeed, randint, zeros } from '@chainrule/autograd';
import type { Tensor } from '@chainrule/autograd';
import { nn, optim } from '@chainrule/nn';
import * as F from '@chainrule/nn/functional';

/** The sizes of the model and of a batch. */
export interface LstmStepOptions {
  /** Tokens (default 96: a character vocabulary). */
  vocab?: number;
  /** Embedding size (default 64). */
  embed?: number;
  /** LSTM hidden size (default 128). */
  hidden?: number;
  /** LSTM layers (default 2). */
  layers?: number;
  /** Steps per batch, truncated backpropagation through time (default 35). */
  bptt?: number;
  /** Sequences per batch (default 20). */
  batch?: number;
  /** Seed of the weights and the data (default 0). */
  seed?: number;
}

export const LSTM_STEP_DEFAULTS: Required<LstmStepOptions> = { vocab: 96, embed: 64, hidden: 128, layers: 2, bptt: 35, batch: 20, seed: 0 };

/** Embedding → LSTM → Linear, as word_language_model's RNNModel (no dropout). */
export class LstmLanguageModel extends nn.Module<[Tensor, [Tensor, Tensor]], [Tensor, [Tensor, Tensor]]> {
  encoder: nn.Embedding;
  rnn: nn.LSTM;
  decoder: nn.Linear;
  constructor(o: Required<LstmStepOptions>) {
    super();
    this.encoder = new nn.Embedding(o.vocab, o.embed);
    this.rnn = new nn.LSTM(o.embed, o.hidden, { numLayers: o.layers });
    this.decoder = new nn.Linear(o.hidden, o.vocab);
  }
  forward(x: Tensor, hidden: [Tensor, Tensor]): [Tensor, [Tensor, Tensor]] {
    const [out, h] = this.rnn.forward(this.encoder.forward(x), hidden);
    return [this.decoder.forward(out), h];
  }
}

/**
 * Builds the model, an Adam optimizer (lr 1e-3) and one fixed batch; `step()` runs one training
 * step on it, carrying the hidden state over from the previous step detached, and returns the loss.
 */
export function lstmStep(opts: LstmStepOptions = {}): { step: () => number; model: LstmLanguageModel; options: Required<LstmStepOptions> } {
  const o = { ...LSTM_STEP_DEFAULTS, ...opts };
  manualSeed(o.seed);
  const model = new LstmLanguageModel(o);
  const opt = new optim.Adam(model.parameters(), { lr: 1e-3 });
  const x = randint(0, o.vocab, [o.bptt, o.batch]);
  const y = randint(0, o.vocab, [o.bptt * o.batch]);
  let hidden: [Tensor, Tensor] | null = null;
  const step = (): number => {
    opt.zeroGrad();
    const h0: [Tensor, Tensor] = hidden ?? [zeros([o.layers, o.batch, o.hidden]), zeros([o.layers, o.batch, o.hidden])];
    const [logits, h] = model.forward(x, h0);
    hidden = [h[0].detach(), h[1].detach()];
    const loss = F.crossEntropy(logits.reshape([-1, o.vocab]), y);
    loss.backward();
    opt.step();
    return loss.item();
  };
  return { step, model, options: o };
}
