/**
 * Runs one case's chainrule step in a loop, for profiling (`node --cpu-prof`) or a quick timing:
 * tsx --conditions=source bench/src/profile.ts <case key> [seconds] [backend]. Prints the median
 * step time of 1-second windows.
 * @module
 */
import { cr } from './libs.js';
import { trainingCases } from './training.js';

const [key = 'mlp-sgd', secs = '5', backend = 'wasm'] = process.argv.slice(2);
cr.setBackend(backend);
const c = trainingCases().find((t) => t.key === key);
if (c === undefined) throw new Error(`profile: no case ${key}`);
const b = c.build('float32');
const times: number[] = [];
const end = performance.now() + Number(secs) * 1000;
let loss = 0;
while (performance.now() < end) {
  const t0 = performance.now();
  let n = 0;
  while (performance.now() - t0 < 1000) {
    loss = b.body(...b.inputs).item();
    n++;
  }
  times.push((performance.now() - t0) / n);
}
times.sort((a, b) => a - b);
console.log(`${key} on ${backend}: median ${times[times.length >> 1]!.toFixed(3)} ms/step over ${times.length} windows (min ${times[0]!.toFixed(3)}), loss ${loss}`);
