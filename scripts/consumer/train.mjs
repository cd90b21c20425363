// A plain Node ESM script in a project that installed the three tarballs: it trains a small MLP on
// the MNIST digits bundled with @chainrule/data, saves and reloads the weights, and checks the
// result. Run by scripts/consumer-test.sh with `node train.mjs` (no loader, no flags).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { getBackendName, manualSeed, noGrad } from '@chainrule/autograd';
import { registerBackend } from '@chainrule/autograd/backend';
import { loadSafetensors, nn, optim } from '@chainrule/nn';
import * as F from '@chainrule/nn/functional';
import { DataLoader, MNIST, compose, flatten, normalize, saveSafetensorsFile, toTensor } from '@chainrule/data';

manualSeed(0);
const transform = compose([toTensor(), normalize([0.1307], [0.3081]), flatten()]);
const train = await MNIST.load({ train: true, transform });
const test = await MNIST.load({ train: false, transform });
const model = new nn.Sequential(new nn.Linear(784, 64), new nn.ReLU(), new nn.Linear(64, 10));
const opt = new optim.Adam(model.parameters(), { lr: 1e-3 });
const loader = new DataLoader(train, { batchSize: 64, shuffle: true });

const losses = [];
for (const [x, y] of loader) {
  opt.zeroGrad();
  const loss = F.crossEntropy(model.call(x), y);
  loss.backward();
  opt.step();
  losses.push(loss.item());
  if (losses.length === 60) break;
}
const first = losses.slice(0, 5).reduce((a, b) => a + b) / 5;
const last = losses.slice(-5).reduce((a, b) => a + b) / 5;

model.eval();
let correct = 0;
noGrad(() => {
  for (const [x, y] of new DataLoader(test, { batchSize: 500 })) correct += model.call(x).argmax(1).eq(y).sum().item();
});
const accuracy = correct / test.length;
await saveSafetensorsFile('model.safetensors', model.stateDict());
const back = loadSafetensors(new Uint8Array(readFileSync('model.safetensors')));

console.log(`backend ${getBackendName()}; ${losses.length} Adam steps on ${train.length} digits: loss ${first.toFixed(3)} -> ${last.toFixed(3)}; test accuracy ${(100 * accuracy).toFixed(1)} %`);
console.log(`saved and reloaded ${Object.keys(back).join(', ')}`);
assert.equal(getBackendName(), 'wasm', 'Node 20 has WebAssembly SIMD: the default backend is wasm');
assert.equal(typeof registerBackend, 'function');
assert.ok(last < first - 0.5, 'the loss goes down');
assert.ok(accuracy > 0.75, `60 steps beat chance by far (got ${accuracy})`);
assert.deepEqual(Object.keys(back), ['0.weight', '0.bias', '2.weight', '2.bias']);
assert.deepEqual(model.loadStateDict(back), { missingKeys: [], unexpectedKeys: [] });
