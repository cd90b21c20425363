// The browser entry bundled by esbuild (--platform=browser) from the installed packages: one
// training step of a small network. The bundle must import nothing from Node; the consumer test
// runs it afterwards to show it works as bundled.
import { getBackendName, manualSeed, tensor } from '@chainrule/autograd';
import { nn, optim } from '@chainrule/nn';

manualSeed(0);
const model = new nn.Sequential(new nn.Linear(2, 8), new nn.Tanh(), new nn.Linear(8, 1));
const opt = new optim.Adam(model.parameters(), { lr: 0.01 });
const x = tensor([[0, 0], [0, 1], [1, 0], [1, 1]]);
const y = tensor([[0], [1], [1], [0]]);
const losses = [];
for (let i = 0; i < 5; i++) {
  opt.zeroGrad();
  const loss = model.call(x).sub(y).square().mean();
  loss.backward();
  opt.step();
  losses.push(loss.item());
}
const text = `bundle: backend ${getBackendName()}, loss ${losses[0].toFixed(4)} -> ${losses[4].toFixed(4)}`;
if (typeof document !== 'undefined') document.body.textContent = text;
else console.log(text);
if (!(losses[4] < losses[0])) throw new Error('the bundled model did not learn');
