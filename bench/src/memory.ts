/**
 * The 10,000-step run, in a fresh process: one training case's chainrule step (as in the step
 * benchmark), a plain synchronous loop as a user writes it, resident memory (RSS) read at the
 * start (model and data built, before step 1), after step 100, and at the end.
 * Prints one JSON line. Usage: tsx memory.ts <wasm|js|compiled> <case key> <steps>
 * (`compiled` runs the step through `compile` on the wasm backend).
 * @module
 */
import { compiler } from './compiled.js';
import { cr } from './libs.js';
import { trainingCases } from './training.js';

const mode = process.argv[2] ?? 'wasm';
const key = process.argv[3] ?? 'mlp-sgd';
const steps = Number(process.argv[4] ?? 10_000);
cr.setBackend(mode === 'compiled' ? 'wasm' : mode);
const c = trainingCases().find((t) => t.key === key);
if (c === undefined || c.missing !== undefined) throw new Error(`memory run: no case ${key}${c?.missing === undefined ? '' : ` (${c.missing})`}`);
const b = c.build('float32');
let body = b.body;
if (mode === 'compiled') {
  const compile = compiler();
  if (compile === null) throw new Error('memory run: no compile() in @chainrule/autograd');
  body = compile(body);
}
const mb = (): number => process.memoryUsage().rss / 2 ** 20;
const start = mb();
let after100 = 0;
let loss = NaN;
const t0 = performance.now();
for (let i = 1; i <= steps; i++) {
  loss = body(...b.inputs).item();
  if (i === 100) after100 = mb();
}
const seconds = (performance.now() - t0) / 1000;
const end = mb();
if (!Number.isFinite(loss)) throw new Error(`memory run: loss became ${loss}`);
console.log(JSON.stringify({ mode, key, steps, startMB: start, after100MB: after100, endMB: end, seconds, finalLoss: loss }));
