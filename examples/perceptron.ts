/**
 * Rosenblatt's perceptron on a linearly separable data set. The update "on a mistake, w += y·x,
 * b += y" (labels ±1) is gradient descent with learning rate 1 and batch size 1 on the
 * perceptron criterion max(0, −y·(w·x + b)), so autograd and SGD do it. By Novikoff's theorem
 * it stops making mistakes after at most (R/γ)² updates; the run stops at the first epoch
 * without a mistake.
 *
 *   pnpm example:perceptron [--max-epochs 100] [--n 200]
 */
import { Generator, manualSeed, noGrad, tensor } from '@chainrule/autograd';
import { nn, optim } from '@chainrule/nn';
import { DataLoader, TensorDataset, makeLinearlySeparable } from '@chainrule/data';
import { cliOptions, isMain } from './plot.js';

export interface PerceptronOptions {
  maxEpochs?: number;
  n?: number;
  margin?: number;
  seed?: number;
  log?: (line: string) => void;
}

export interface PerceptronResult {
  /** The first epoch with no mistake (null: it did not converge within maxEpochs). */
  convergedEpoch: number | null;
  updates: number;
  /** The bound (R/γ)² on the number of updates, R the largest |(x, 1)|, γ the margin of the true separator of (x, 1). */
  novikoffBound: number;
  accuracy: number;
}

export function run(opts: PerceptronOptions = {}): PerceptronResult {
  const { maxEpochs = 100, n = 200, margin = 0.2, seed = 0 } = opts;
  const log = opts.log ?? console.log;
  manualSeed(seed);
  const data = makeLinearlySeparable(n, { margin, seed });
  const x = tensor(data.x, { shape: [n, 2], dtype: 'float64' });
  const sign = Float64Array.from(data.y, (v) => (v === 1 ? 1 : -1));
  const y = tensor(sign, { dtype: 'float64' });
  const model = new nn.Linear(2, 1, { dtype: 'float64' });
  nn.init.zeros_(model.weight);
  nn.init.zeros_(model.bias!);
  const opt = new optim.SGD(model.parameters(), { lr: 1 });
  const loader = new DataLoader(new TensorDataset(x, y), { batchSize: 1, shuffle: true, generator: new Generator(seed) });
  let updates = 0;
  let convergedEpoch: number | null = null;
  for (let epoch = 1; epoch <= maxEpochs; epoch++) {
    let mistakes = 0;
    for (const [xi, yi] of loader) {
      const score = model.forward(xi).reshape([1]);
      // a mistake is a score on the wrong side (or on the boundary)
      if (score.mul(yi).item() > 0) continue;
      mistakes++;
      updates++;
      const loss = score.mul(yi).neg().sum(); // the perceptron criterion where it is active
      opt.zeroGrad();
      loss.backward();
      opt.step();
    }
    log(`epoch ${String(epoch).padStart(3)}  mistakes ${mistakes}`);
    if (mistakes === 0) {
      convergedEpoch = epoch;
      break;
    }
  }
  const scores = noGrad(() => model.forward(x).reshape([n]).toArray());
  const accuracy = Array.from(scores).reduce((s, v, i) => s + (v * sign[i]! > 0 ? 1 : 0), 0) / n;
  // Novikoff: with inputs (x, 1) of norm ≤ R and a unit separator of margin γ, updates ≤ (R/γ)²
  let r = 0;
  let gamma = Infinity;
  const wNorm = Math.hypot(...data.weight, data.bias);
  for (let i = 0; i < n; i++) {
    const [a, b] = [data.x[2 * i]!, data.x[2 * i + 1]!];
    r = Math.max(r, Math.hypot(a, b, 1));
    gamma = Math.min(gamma, (sign[i]! * (data.weight[0]! * a + data.weight[1]! * b + data.bias)) / wNorm);
  }
  const novikoffBound = (r / gamma) ** 2;
  log(
    convergedEpoch === null
      ? `no convergence in ${maxEpochs} epochs (${updates} updates)`
      : `converged: no mistake in epoch ${convergedEpoch}, after ${updates} updates (Novikoff bound ${novikoffBound.toFixed(0)}); accuracy ${(100 * accuracy).toFixed(2)} %`,
  );
  return { convergedEpoch, updates, novikoffBound, accuracy };
}

if (isMain(import.meta.url)) {
  const o = cliOptions();
  run({ ...(o['max-epochs'] === undefined ? {} : { maxEpochs: Number(o['max-epochs']) }), ...(o.n === undefined ? {} : { n: Number(o.n) }) });
}
