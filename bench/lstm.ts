/**
 * `pnpm bench:lstm`: the LSTM language-model training step (bench/src/lstm.ts) in chainrule and in
 * PyTorch for CPU (Debian's python3-torch; 1 and 2 threads), interleaved in rounds on this machine,
 * with the load average. Prints the median and best wall-clock ms per step of each, the CPU ms per
 * step (all threads of the process: what the step costs, whatever else the machine runs), and
 * PyTorch's better configuration's time over chainrule's (above 1: chainrule is faster).
 *
 *     pnpm bench:lstm [--rounds N] [--steps K] [--vocab V]
 * @module
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { getBackendName } from '@chainrule/autograd';
import { LSTM_STEP_DEFAULTS, lstmStep } from './src/lstm.js';

const arg = (name: string, dflt: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const rounds = arg('rounds', 6);
const steps = arg('steps', 5);
const o = { ...LSTM_STEP_DEFAULTS, vocab: arg('vocab', LSTM_STEP_DEFAULTS.vocab) };

function python(): string | null {
  for (const py of [process.env.CHAINRULE_PYTHON, '/usr/bin/python3', 'python3']) {
    if (py !== undefined && py !== '' && spawnSync(py, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0) return py;
  }
  return null;
}

/** A PyTorch process serving timed steps. */
async function torchPeer(py: string, threads: number): Promise<(k: number) => Promise<{ wall: number[]; cpu: number }>> {
  const script = fileURLToPath(new URL('src/lstm_step.py', import.meta.url));
  const child = spawn(py, [script, String(threads), ...[o.vocab, o.embed, o.hidden, o.layers, o.bptt, o.batch].map(String)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async (): Promise<string> => {
    const r = await lines.next();
    if (r.done === true) throw new Error('the PyTorch process ended');
    return r.value as string;
  };
  if ((await next()) !== 'ready') throw new Error('the PyTorch process did not start');
  process.on('exit', () => child.kill());
  return async (k) => {
    child.stdin.write(`run ${k}\n`);
    const wall = (await next()).split(' ').map(Number);
    return { wall, cpu: Number(await next()) };
  };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (x: number): string => x.toFixed(1);

const load0 = loadavg();
const cr = lstmStep(o);
const py = python();
const peers: [string, (k: number) => Promise<{ wall: number[]; cpu: number }>][] = [];
if (py !== null) for (const threads of [1, 2]) peers.push([`pytorch (${threads} thread${threads > 1 ? 's' : ''})`, await torchPeer(py, threads)]);
const mineName = `chainrule (${getBackendName()})`;
const times = new Map<string, number[]>([[mineName, []], ...peers.map(([n]) => [n, []] as [string, number[]])]);
const cpuMs = new Map<string, number>([[mineName, 0], ...peers.map(([n]) => [n, 0] as [string, number])]);
// warm-up
for (let i = 0; i < 3; i++) cr.step();
for (const [, run] of peers) await run(3);
// a pause before each round, so that an OpenMP pool that spins after its work (PyTorch's) is asleep
const pause = (): Promise<void> => new Promise((r) => setTimeout(r, 300));
for (let r = 0; r < rounds; r++) {
  const mine = times.get(mineName)!;
  await pause();
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < steps; i++) {
    const t0 = performance.now();
    cr.step();
    mine.push(performance.now() - t0);
  }
  const cpu = process.cpuUsage(cpu0);
  cpuMs.set(mineName, cpuMs.get(mineName)! + (cpu.user + cpu.system) / 1000);
  for (const [name, run] of peers) {
    await pause();
    const r = await run(steps);
    times.get(name)!.push(...r.wall);
    cpuMs.set(name, cpuMs.get(name)! + r.cpu);
  }
}
const load1 = loadavg();
console.log(`LSTM language model step: vocab ${o.vocab}, embedding ${o.embed}, ${o.layers}-layer LSTM of ${o.hidden}, bptt ${o.bptt}, batch ${o.batch}, Adam`);
console.log(`${cpus().length}× ${cpus()[0]?.model ?? '?'}, Node ${process.version}; load average ${load0.map((l) => l.toFixed(2)).join(' / ')} at the start, ${load1.map((l) => l.toFixed(2)).join(' / ')} at the end`);
console.log(`${rounds} rounds of ${steps} steps each, interleaved\n`);
console.log('| implementation | median ms | best ms | CPU ms per step |');
console.log('|---|---|---|---|');
for (const [name, ts] of times) console.log(`| ${name} | ${fmt(median(ts))} | ${fmt(Math.min(...ts))} | ${fmt(cpuMs.get(name)! / ts.length)} |`);
const mine = times.get(mineName)!;
if (peers.length > 0) {
  const ratio = (f: (n: string) => number): string => (Math.min(...peers.map(([n]) => f(n))) / f(mineName)).toFixed(2);
  console.log(`\nPyTorch's better figure over chainrule's (above 1: chainrule is faster): median ${ratio((n) => median(times.get(n)!))}x, best ${ratio((n) => Math.min(...times.get(n)!))}x, CPU ${ratio((n) => cpuMs.get(n)! / times.get(n)!.length)}x`);
} else console.log('\n(no Python with torch found: PyTorch not measured)');
void mine;
process.exit(0);
