/**
 * `pnpm bench`: chainrule (wasm and js backends) against TensorFlow.js (wasm and cpu backends) and
 * js-pytorch, in one process, interleaved; then cold start and the 10,000-step memory run in fresh
 * processes. Prints a Markdown table (absolute figures, and chainrule-wasm's speed-up over each
 * peer) and writes bench/results/<date>.json.
 * Options: --quick (fewer samples, 1,000-step memory run), --only=<substring of case names>.
 * @module
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { Worker } from 'node:worker_threads';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Case } from './src/cases.js';
import { elementwiseCase, matmulCase, mlpCase, reductionCase, softmaxCase } from './src/cases.js';
import type { Measured } from './src/harness.js';
import { measure } from './src/harness.js';
import { initPeers, LIBS } from './src/libs.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const quick = process.argv.includes('--quick');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7);

interface Row {
  name: string;
  group: string;
  unit: string;
  results: Measured[];
  flops: number;
}

function fmt(ms: number | null): string {
  if (ms === null) return '—';
  return ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms >= 1 ? ms.toFixed(2) : ms.toFixed(3);
}

async function timed(): Promise<Row[]> {
  await initPeers();
  const makers: (() => Case)[] = [
    ...[128, 256, 512, 1024].map((n) => () => matmulCase(n, 'plain', 'float32')),
    () => matmulCase(512, 'AtB', 'float32'),
    () => matmulCase(512, 'ABt', 'float32'),
    () => matmulCase(512, 'plain', 'float64'),
    () => mlpCase(),
    () => elementwiseCase(),
    () => reductionCase(),
    () => softmaxCase('softmax'),
    () => softmaxCase('cross-entropy'),
  ];
  const rows: Row[] = [];
  for (const make of makers) {
    const c = make();
    if (only !== undefined && !c.name.includes(only)) continue;
    const results = await measure(c.impls, { samples: quick ? 5 : 15 });
    rows.push({ name: c.name, group: c.group, unit: 'ms', results, flops: c.flops });
    process.stderr.write(`${c.name}: ${results.map((r) => `${r.lib} ${fmt(r.ms)}`).join(', ')}\n`);
  }
  return rows;
}

function coldStart(): Row {
  execFileSync('npx', ['tsc', '-b', join(root, 'packages/autograd')], { cwd: root, stdio: 'inherit' });
  const entry = pathToFileURL(join(root, 'packages/autograd/dist/index.js')).href;
  const libs = ['chainrule-wasm', 'chainrule-js', 'tfjs-wasm', 'tfjs-cpu'] as const;
  const samples = new Map<string, number[]>(libs.map((l) => [l, []]));
  for (let i = 0; i < (quick ? 3 : 7); i++) {
    for (const lib of libs) {
      const out = execFileSync(process.execPath, [join(here, 'src/coldstart.mjs'), lib, entry], { cwd: here, encoding: 'utf8' });
      samples.get(lib)!.push((JSON.parse(out.trim().split('\n').pop()!) as { ms: number }).ms);
    }
  }
  const med = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
  const results: Measured[] = LIBS.map((lib) => {
    const xs = samples.get(lib);
    return xs === undefined ? { lib, ms: null, samples: [], note: 'not measured' } : { lib, ms: med(xs), samples: xs };
  });
  process.stderr.write(`cold start: ${results.map((r) => `${r.lib} ${fmt(r.ms)}`).join(', ')}\n`);
  return { name: 'cold start: import + first op (fresh process)', group: 'startup', unit: 'ms', results, flops: 0 };
}

interface MemoryRun {
  backend: string;
  steps: number;
  startMB: number;
  after100MB: number;
  endMB: number;
  seconds: number;
  finalLoss: number;
}

function memoryRun(): MemoryRun {
  const steps = quick ? 1000 : 10_000;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--conditions=source', join(here, 'src/memory.ts'), 'wasm', String(steps)], {
    cwd: here,
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  const r = JSON.parse(out.trim().split('\n').pop()!) as MemoryRun;
  process.stderr.write(`memory: ${JSON.stringify(r)}\n`);
  return r;
}

function table(rows: Row[]): string {
  const peers = LIBS.filter((l) => l !== 'chainrule-wasm');
  const head = ['case', ...LIBS.map((l) => `${l} (ms)`), ...peers.map((p) => `vs ${p}`)];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const r of rows) {
    const by = new Map(r.results.map((m) => [m.lib, m]));
    const mine = by.get('chainrule-wasm')?.ms ?? null;
    const cells = LIBS.map((l) => {
      const m = by.get(l);
      const gf = r.flops > 0 && m?.ms ? ` (${(r.flops / m.ms / 1e6).toFixed(1)} GF/s)` : '';
      return m?.ms === null || m === undefined ? (m?.note?.startsWith('WRONG') ? 'WRONG' : '—') : fmt(m.ms) + gf;
    });
    const ratios = peers.map((p) => {
      const t = by.get(p)?.ms ?? null;
      return mine !== null && t !== null ? `${(t / mine).toFixed(2)}x` : '—';
    });
    lines.push(`| ${r.name} | ${cells.join(' | ')} | ${ratios.join(' | ')} |`);
  }
  return lines.join('\n');
}

/**
 * How much of a second core this process gets now: the work two threads do in 0.3 s, over what
 * one does alone (2.0: two free cores; 1.0: one, the other busy with another process).
 */
async function parallelism(): Promise<number> {
  const src = `const { parentPort } = require('node:worker_threads'); let x = 0, n = 0; const t0 = Date.now();
    while (Date.now() - t0 < 300) { for (let i = 0; i < 1e5; i++) x += Math.sqrt(i); n++; } parentPort.postMessage(n);`;
  const run = (k: number): Promise<number[]> =>
    Promise.all(Array.from({ length: k }, () => new Promise<number>((r) => new Worker(src, { eval: true }).on('message', r))));
  const [one] = await run(1);
  const two = await run(2);
  return (two[0]! + two[1]!) / one!;
}

const started = new Date();
const loadBefore = loadavg();
const parBefore = await parallelism();
const rows = await timed();
if (only === undefined) rows.push(coldStart());
const memory = only === undefined ? memoryRun() : null;
const machine = `${cpus().length}× ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
const notes = rows.flatMap((r) => r.results.filter((m) => m.note !== undefined).map((m) => `- ${r.name}, ${m.lib}: ${m.note}`));
const parAfter = await parallelism();
const loadAfter = loadavg();
const load = `load average ${loadBefore.map((l) => l.toFixed(2)).join(' / ')} at the start, ${loadAfter.map((l) => l.toFixed(2)).join(' / ')} at the end (1 / 5 / 15 min); two threads did ${parBefore.toFixed(2)}× and ${parAfter.toFixed(2)}× the work of one (2 = two free cores)`;
let md = `### ${started.toISOString().slice(0, 10)} — ${machine}\n\n${load}.\n\nMedian ms per call (lower is better); "vs X" = X's time / chainrule-wasm's time (above 1: chainrule-wasm is faster).\n\n${table(rows)}\n`;
if (memory !== null) {
  const pct = (a: number, b: number): string => {
    const g = ((b - a) / a) * 100;
    return `${g >= 0 ? '+' : ''}${g.toFixed(0)} %`;
  };
  md += `\n${memory.steps.toLocaleString('en')} MLP training steps on chainrule-wasm (one synchronous loop, fresh process): RSS ${memory.startMB.toFixed(0)} MB at start, ${memory.after100MB.toFixed(0)} MB after 100 steps, ${memory.endMB.toFixed(0)} MB at the end (${pct(memory.startMB, memory.endMB)} from the start, ${pct(memory.after100MB, memory.endMB)} from step 100); ${(memory.seconds / memory.steps * 1000).toFixed(2)} ms/step.\n`;
}
if (notes.length > 0) md += `\n${notes.join('\n')}\n`;
console.log(md);
mkdirSync(join(here, 'results'), { recursive: true });
const file = join(here, 'results', `${started.toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(file, JSON.stringify({ date: started.toISOString(), machine, load: { before: loadBefore, after: loadAfter, parallelism: [parBefore, parAfter] }, rows, memory, markdown: md }, null, 2));
console.log(`results: ${file}`);
