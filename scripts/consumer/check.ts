// Type-checked with `tsc --strict` (tsconfig.json beside it) against the types the tarballs
// installed, as a user's TypeScript project would compile, then run with `tsx` (no flags).
// `@ts-expect-error` lines prove the types are real: were anything `any`, tsc would report the
// unused directive.
import { tensor, zeros } from '@chainrule/autograd';
import type { DType, GradHook, Tensor } from '@chainrule/autograd';
import type { Backend, View } from '@chainrule/autograd/backend';
import { Module, nn, optim } from '@chainrule/nn';
import type { StateDict } from '@chainrule/nn';
import { relu } from '@chainrule/nn/functional';
import { DataLoader, TensorDataset } from '@chainrule/data';

class TwoLayer extends Module {
  readonly fc1 = new nn.Linear(4, 8);
  readonly fc2 = new nn.Linear(8, 2);
  override forward(x: Tensor): Tensor {
    return this.fc2.call(relu(this.fc1.call(x)));
  }
}

const model = new TwoLayer();
const opt = new optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
const data = new TensorDataset(zeros([16, 4]), zeros([16, 2]));
for (const [x, y] of new DataLoader(data, { batchSize: 8 })) {
  opt.zeroGrad();
  const loss: Tensor = model.call(x).sub(y).square().mean();
  loss.backward();
  opt.step();
}
const dtype: DType = tensor([1, 2], { dtype: 'float64' }).dtype;
const hook: GradHook = (g) => g.mul(2);
const state: StateDict = model.stateDict();
const view: View = tensor([[1, 2]]);
const kernels: Pick<Backend, 'name'> = { name: 'mine' };
export const summary: string = `${dtype} ${Object.keys(state).length} ${view.shape.join('x')} ${kernels.name} ${typeof hook}`;
console.log(`check.ts ran: ${summary}`);

// @ts-expect-error item() is a number
export const wrong: string = tensor([1]).item();
export const typeErrors = (): unknown[] => [
  // @ts-expect-error no such dtype
  tensor([1], { dtype: 'float16' }),
  // @ts-expect-error Linear takes sizes
  new nn.Linear('4', 8),
];
