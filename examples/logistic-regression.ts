/**
 * Logistic regression on a linearly separable data set: one Linear(2, 1) layer, the sigmoid in
 * the loss (binary cross-entropy with logits), mini-batch SGD through a DataLoader, and a
 * held-out test split. Draws the learned boundary.
 *
 *   pnpm example:logistic-regression [--epochs 50] [--lr 0.5] [--out runs/examples/logistic-regression.svg]
 */
import { Generator, manualSeed, noGrad, tensor } from '@chainrule/autograd';
import type { Tensor } from '@chainrule/autograd';
import { nn, optim } from '@chainrule/nn';
import * as F from '@chainrule/nn/functional';
import { DataLoader, TensorDataset, makeLinearlySeparable, randomSplit } from '@chainrule/data';
import { cliOptions, decisionBoundarySvg, isMain, writeOutput } from './plot.js';

export interface LogisticOptions {
  epochs?: number;
  lr?: number;
  n?: number;
  seed?: number;
  out?: string | null;
  log?: (line: string) => void;
}

export interface LogisticResult {
  trainAccuracy: number;
  testAccuracy: number;
  weight: number[];
  bias: number;
}

const accuracy = (model: nn.Linear, x: Tensor, y: Tensor): number =>
  noGrad(() => model.forward(x).gt(0).to('float64').eq(y).to('float64').mean().item());

export function run(opts: LogisticOptions = {}): LogisticResult {
  const { epochs = 50, lr = 0.5, n = 400, seed = 0 } = opts;
  const log = opts.log ?? console.log;
  manualSeed(seed);
  const data = makeLinearlySeparable(n, { margin: 0.05, seed });
  const x = tensor(data.x, { shape: [n, 2], dtype: 'float64' });
  const y = tensor(Float64Array.from(data.y), { shape: [n, 1], dtype: 'float64' });
  const [train, test] = randomSplit(new TensorDataset(x, y), [0.75, 0.25], new Generator(seed));
  const loader = new DataLoader(train!, { batchSize: 32, shuffle: true, generator: new Generator(seed) });
  const model = new nn.Linear(2, 1, { dtype: 'float64' });
  const opt = new optim.SGD(model.parameters(), { lr });
  for (let epoch = 1; epoch <= epochs; epoch++) {
    let total = 0;
    for (const [xb, yb] of loader) {
      const loss = F.binaryCrossEntropyWithLogits(model.forward(xb), yb);
      opt.zeroGrad();
      loss.backward();
      opt.step();
      total += loss.item() * xb.shape[0]!;
    }
    if (epoch === 1 || epoch % 10 === 0 || epoch === epochs) log(`epoch ${String(epoch).padStart(3)}  loss ${(total / train!.length).toFixed(5)}`);
  }
  const [xTrain, yTrain] = (train!.getBatch!(Array.from({ length: train!.length }, (_, i) => i)) as [Tensor, Tensor]);
  const [xTest, yTest] = (test!.getBatch!(Array.from({ length: test!.length }, (_, i) => i)) as [Tensor, Tensor]);
  const trainAccuracy = accuracy(model, xTrain, yTrain);
  const testAccuracy = accuracy(model, xTest, yTest);
  const weight = Array.from(model.weight.toArray());
  const bias = model.bias!.item();
  log(`train accuracy ${(100 * trainAccuracy).toFixed(2)} %, test accuracy ${(100 * testAccuracy).toFixed(2)} %`);
  // the learned boundary w·p + b = 0 against the true one (both as unit normals)
  const norm = Math.hypot(...weight);
  log(`learned normal [${weight.map((w) => (w / norm).toFixed(3)).join(', ')}], true normal [${Array.from(data.weight, (w) => w.toFixed(3)).join(', ')}]`);
  const out = opts.out === undefined ? 'runs/examples/logistic-regression.svg' : opts.out;
  if (out !== null) {
    const svg = decisionBoundarySvg({
      title: `Logistic regression: test accuracy ${(100 * testAccuracy).toFixed(1)} %`,
      x: data.x,
      y: data.y,
      predict: (grid, m) => noGrad(() => Float64Array.from(model.forward(tensor(grid, { shape: [m, 2], dtype: 'float64' })).toArray(), (v) => (v > 0 ? 1 : 0))),
    });
    writeOutput(out, svg);
    log(`decision boundary: ${out}`);
  }
  return { trainAccuracy, testAccuracy, weight, bias };
}

if (isMain(import.meta.url)) {
  const o = cliOptions();
  run({ ...(o.epochs === undefined ? {} : { epochs: Number(o.epochs) }), ...(o.lr === undefined ? {} : { lr: Number(o.lr) }), ...(o.out === undefined ? {} : { out: o.out }) });
}
