/**
 * A custom op: Squareplus, a smooth ReLU, f(x) = (x + √(x² + b)) / 2 with
 * f'(x) = (1 + x / √(x² + b)) / 2. It is defined with `defineFunction` (a forward and a backward
 * written in tensor ops, so second derivatives work too), checked against central differences
 * with `gradcheck` and `gradgradcheck`, and then used as the activation of a small network that
 * learns the two-moons data set.
 *
 *   pnpm example:custom-op [--epochs 200]
 */
import { Generator, defineFunction, gradcheck, gradgradcheck, manualSeed, noGrad, randn, tensor } from '@chainrule/autograd';
import type { Tensor } from '@chainrule/autograd';
import { nn, optim } from '@chainrule/nn';
import * as F from '@chainrule/nn/functional';
import { DataLoader, TensorDataset, makeMoons } from '@chainrule/data';
import { cliOptions, isMain } from './plot.js';

/** Squareplus with hardness b (default 4): (x + √(x² + b)) / 2. */
export const squareplus = defineFunction({
  name: 'Squareplus',
  forward(ctx, x: Tensor, b: number = 4) {
    // Save inputs (or outputs) only: forward runs without recording, so an intermediate such as
    // √(x² + b) saved here would be a constant to a second differentiation (as in PyTorch).
    ctx.saveForBackward(x);
    ctx.b = b;
    return x.add(x.square().add(b).sqrt()).div(2);
  },
  backward(ctx, grad) {
    const [x] = ctx.saved;
    const root = x!.square().add(ctx.b as number).sqrt();
    // d/dx (x + √(x² + b)) / 2 = (1 + x / √(x² + b)) / 2
    return [grad.mul(x!.div(root).add(1).div(2)), null];
  },
});

/** A module around the op, usable inside nn.Sequential. */
export class Squareplus extends nn.Module {
  constructor(readonly b = 4) {
    super();
  }
  forward(x: Tensor): Tensor {
    return squareplus(x, this.b);
  }
}

export interface CustomOpOptions {
  epochs?: number;
  seed?: number;
  log?: (line: string) => void;
}

export interface CustomOpResult {
  gradcheck: boolean;
  gradgradcheck: boolean;
  accuracy: number;
}

export function run(opts: CustomOpOptions = {}): CustomOpResult {
  const { epochs = 200, seed = 0 } = opts;
  const log = opts.log ?? console.log;
  // 1. check the backward against central differences, in float64, first and second order
  const x = randn([3, 4], { dtype: 'float64', generator: new Generator(seed), requiresGrad: true });
  const gc = gradcheck((t: Tensor) => squareplus(t, 4), [x]);
  const ggc = gradgradcheck((t: Tensor) => squareplus(t, 0.5), [x]);
  log(`gradcheck: ${gc}, gradgradcheck: ${ggc}`);

  // 2. use it in a model
  manualSeed(seed);
  const data = makeMoons(400, { noise: 0.15, seed });
  const ds = new TensorDataset(tensor(data.x, { shape: [data.n, 2], dtype: 'float32' }), tensor(data.y, { dtype: 'int32' }));
  const model = new nn.Sequential(new nn.Linear(2, 16), new Squareplus(), new nn.Linear(16, 16), new Squareplus(), new nn.Linear(16, 2));
  const opt = new optim.Adam(model.parameters(), { lr: 0.01 });
  const loader = new DataLoader(ds, { batchSize: 64, shuffle: true, generator: new Generator(seed) });
  for (let epoch = 1; epoch <= epochs; epoch++) {
    let total = 0;
    for (const [xb, yb] of loader) {
      const loss = F.crossEntropy(model.forward(xb), yb);
      opt.zeroGrad();
      loss.backward();
      opt.step();
      total += loss.item() * yb.shape[0]!;
    }
    if (epoch === 1 || epoch % 50 === 0 || epoch === epochs) log(`epoch ${String(epoch).padStart(3)}  loss ${(total / ds.length).toFixed(4)}`);
  }
  const accuracy = noGrad(() => model.forward(ds.tensors[0]).argmax(1).eq(ds.tensors[1]).to('float32').mean().item());
  log(`accuracy on the moons with Squareplus activations: ${(100 * accuracy).toFixed(2)} %`);
  return { gradcheck: gc, gradgradcheck: ggc, accuracy };
}

if (isMain(import.meta.url)) {
  const o = cliOptions();
  run(o.epochs === undefined ? {} : { epochs: Number(o.epochs) });
}
