/**
 * The shallow network of the classic deep-learning course (course 1, week 3): 2 inputs, 4 tanh
 * hidden units, a sigmoid output, binary cross-entropy and plain (full-batch) gradient descent on
 * the "planar flower", a data set that logistic regression cannot separate.
 *
 *   pnpm example:planar-flower [--iterations 10000] [--lr 1.2] [--hidden 4] [--out runs/examples/planar-flower.svg]
 */
import { Generator, noGrad, tensor } from '@chainrule/autograd';
import type { Tensor } from '@chainrule/autograd';
import { nn, optim } from '@chainrule/nn';
import { makePlanarFlower } from '@chainrule/data';
import { cliOptions, decisionBoundarySvg, isMain, writeOutput } from './plot.js';

export interface PlanarFlowerOptions {
  iterations?: number;
  lr?: number;
  hidden?: number;
  seed?: number;
  /** Where to write the decision-boundary SVG (null: do not write). */
  out?: string | null;
  log?: (line: string) => void;
}

export interface PlanarFlowerResult {
  accuracy: number;
  losses: number[];
  svg: string;
}

export function run(opts: PlanarFlowerOptions = {}): PlanarFlowerResult {
  const { iterations = 10000, lr = 1.2, hidden = 4, seed = 2 } = opts;
  const log = opts.log ?? console.log;
  const data = makePlanarFlower(400, { seed: 1 });
  const x = tensor(data.x, { shape: [data.n, 2], dtype: 'float64' });
  const y = tensor(Float64Array.from(data.y), { shape: [data.n, 1], dtype: 'float64' });

  // as in the course: W ~ N(0, 0.01²), b = 0
  const g = new Generator(seed);
  const model = new nn.Sequential(new nn.Linear(2, hidden, { dtype: 'float64' }), new nn.Tanh(), new nn.Linear(hidden, 1, { dtype: 'float64' }), new nn.Sigmoid());
  for (const [name, p] of model.namedParameters()) {
    if (name.endsWith('weight')) nn.init.normal_(p, 0, 0.01, { generator: g });
    else nn.init.zeros_(p);
  }
  const lossFn = new nn.BCELoss();
  const opt = new optim.SGD(model.parameters(), { lr });
  const losses: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const loss = lossFn.forward(model.forward(x), y);
    opt.zeroGrad();
    loss.backward();
    opt.step();
    if (i % 1000 === 0 || i === iterations - 1) {
      losses.push(loss.item());
      log(`iteration ${String(i).padStart(5)}  cost ${loss.item().toFixed(6)}`);
    }
  }
  const predict = (input: Tensor): Float64Array => noGrad(() => Float64Array.from(model.forward(input).toArray(), (p) => (p > 0.5 ? 1 : 0)));
  const pred = predict(x);
  const accuracy = pred.reduce((s, p, i) => s + (p === data.y[i] ? 1 : 0), 0) / data.n;
  log(`accuracy ${(100 * accuracy).toFixed(2)} % on the ${data.n} flower points (${hidden} hidden units, ${iterations} iterations)`);
  const svg = decisionBoundarySvg({
    title: `Planar flower: 2-${hidden}-1 tanh/sigmoid network, accuracy ${(100 * accuracy).toFixed(1)} %`,
    x: data.x,
    y: data.y,
    predict: (grid, n) => predict(tensor(grid, { shape: [n, 2], dtype: 'float64' })),
  });
  const out = opts.out === undefined ? 'runs/examples/planar-flower.svg' : opts.out;
  if (out !== null) {
    writeOutput(out, svg);
    log(`decision boundary: ${out}`);
  }
  return { accuracy, losses, svg };
}

if (isMain(import.meta.url)) {
  const o = cliOptions();
  run({
    ...(o.iterations === undefined ? {} : { iterations: Number(o.iterations) }),
    ...(o.lr === undefined ? {} : { lr: Number(o.lr) }),
    ...(o.hidden === undefined ? {} : { hidden: Number(o.hidden) }),
    ...(o.out === undefined ? {} : { out: o.out }),
  });
}
