/**
 * Runs one case's chainrule step in a loop, for profiling (`node --cpu-prof`) or a quick timing:
 *   tsx --conditions=source bench/src/profile.ts <case key> [seconds] [backend] [A/B switch]
 * Prints the median step time of half-second windows: wall clock, and CPU time of the process
 * (both threads; less disturbed by other processes on a busy machine). With an A/B switch
 * (`resident`: backward-pass gradients in the wasm heap or not; `fusion`: elementwise chains or
 * not; `fusion=N`: the default fusion threshold against N elements), windows alternate between the two settings in this one process, and both are printed.
 * Environment: CHAINRULE_RESIDENT_MIN / CHAINRULE_FUSE_MIN set the thresholds (Infinity: off).
 * @module
 */
import { setFusionThreshold, setResidentThreshold } from '@chainrule/autograd/testing';
import { cr } from './libs.js';
import { trainingCases } from './training.js';

const [key = 'mlp-sgd', secs = '5', backend = 'wasm', ab = ''] = process.argv.slice(2);
cr.setBackend(backend);
if (process.env.CHAINRULE_RESIDENT_MIN !== undefined) setResidentThreshold(Number(process.env.CHAINRULE_RESIDENT_MIN));
if (process.env.CHAINRULE_FUSE_MIN !== undefined) setFusionThreshold(Number(process.env.CHAINRULE_FUSE_MIN));
const c = trainingCases().find((t) => t.key === key);
if (c === undefined) throw new Error(`profile: no case ${key}`);
const b = c.build('float32');
const settings: [string, () => void][] =
  ab === 'resident'
    ? [['resident on', () => setResidentThreshold(1024)], ['resident off', () => setResidentThreshold(Infinity)]]
    : ab === 'fusion'
      ? [['fusion on', () => setFusionThreshold(32768)], ['fusion off', () => setFusionThreshold(Infinity)]]
      : ab.startsWith('fusion=')
        ? [['fusion from 32768', () => setFusionThreshold(32768)], [`fusion from ${ab.slice(7)}`, () => setFusionThreshold(Number(ab.slice(7)))]]
        : [['', () => undefined]];
const wall = settings.map((): number[] => []);
const cpu = settings.map((): number[] => []);
const end = performance.now() + Number(secs) * 1000;
let loss = 0;
for (let w = 0; performance.now() < end; w++) {
  const k = w % settings.length;
  settings[k]![1]();
  b.body(...b.inputs).item();
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  let n = 0;
  while (performance.now() - t0 < 500) {
    loss = b.body(...b.inputs).item();
    n++;
  }
  wall[k]!.push((performance.now() - t0) / n);
  const u = process.cpuUsage(c0);
  cpu[k]!.push((u.user + u.system) / 1000 / n);
}
const med = (xs: number[]): string => [...xs].sort((x, y) => x - y)[xs.length >> 1]!.toFixed(3);
const min = (xs: number[]): string => Math.min(...xs).toFixed(3);
settings.forEach(([name], k) => {
  console.log(`${key} on ${backend}${name === '' ? '' : ` (${name})`}: wall median ${med(wall[k]!)} ms/step (min ${min(wall[k]!)}), CPU median ${med(cpu[k]!)} (min ${min(cpu[k]!)}), ${wall[k]!.length} windows; loss ${loss}`);
});
