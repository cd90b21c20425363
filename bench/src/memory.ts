/**
 * The 10,000-step run, in a fresh process: chainrule's MLP training step (as in the step
 * benchmark), a plain synchronous loop as a user writes it, resident memory (RSS) read at the
 * start (model and data built, before step 1), after step 100, and at the end.
 * Prints one JSON line. Usage: tsx memory.ts <wasm|js> <steps>
 * @module
 */
import { cr } from './libs.js';
import { chainruleMlp } from './cases.js';

const backend = process.argv[2] ?? 'wasm';
const steps = Number(process.argv[3] ?? 10_000);
cr.setBackend(backend);
const m = chainruleMlp();
const mb = (): number => process.memoryUsage().rss / 2 ** 20;
const start = mb();
let after100 = 0;
let loss = NaN;
const t0 = performance.now();
for (let i = 1; i <= steps; i++) {
  loss = m.step();
  if (i === 100) after100 = mb();
}
const seconds = (performance.now() - t0) / 1000;
const end = mb();
if (!Number.isFinite(loss)) throw new Error(`memory run: loss became ${loss}`);
console.log(JSON.stringify({ backend, steps, startMB: start, after100MB: after100, endMB: end, seconds, finalLoss: loss }));
