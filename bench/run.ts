/**
 * `pnpm bench`: chainrule (eager on the wasm and js backends, and compiled where `compile` exists)
 * against PyTorch for CPU (a child process, the better of 1 and 2 threads), TensorFlow.js (wasm
 * and cpu backends) and js-pytorch, interleaved round by round; then cold start and the
 * 10,000-step memory runs (each training case, fresh processes). Prints a Markdown table (absolute
 * figures, chainrule's speed against each peer, the issue's targets) and writes
 * bench/results/<date>.json.
 * Options: --quick (fewer samples, 300-step memory runs), --only=<substring of case names>,
 * --memory-steps=<n>, --no-memory, --no-torch.
 * @module
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { Worker } from 'node:worker_threads';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Case } from './src/cases.js';
import { elementwiseCase, matmulCase, reductionCase, softmaxCase } from './src/cases.js';
import type { Measured } from './src/harness.js';
import { measure } from './src/harness.js';
import { initPeers, LIBS } from './src/libs.js';
import { startTorch, stopTorch, TORCH_THREADS, torchVersion } from './src/torch.js';
import { trainingCase } from './src/training-case.js';
import { trainingCases } from './src/training.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const quick = process.argv.includes('--quick');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7);
const memorySteps = Number(process.argv.find((a) => a.startsWith('--memory-steps='))?.slice(15) ?? (quick ? 300 : 10_000));
const noMemory = process.argv.includes('--no-memory');

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

/** PyTorch's two thread counts as one `pytorch` result: the faster, named in a note. */
function mergeTorch(results: Measured[]): Measured[] {
  const torch = results.filter((r) => r.lib.startsWith('pytorch-'));
  if (torch.length === 0) return results;
  const rest = results.filter((r) => !r.lib.startsWith('pytorch-'));
  const ok = torch.filter((r) => r.ms !== null).sort((a, b) => a.ms! - b.ms!);
  const best = ok[0];
  const per = torch.map((r) => `${r.lib.slice(8)} ${r.ms === null ? '—' : fmt(r.ms)} ms`).join(', ');
  if (best === undefined) return [...rest, { lib: 'pytorch', ms: null, samples: [], note: torch[0]!.note ?? 'not measured' }];
  return [...rest, { lib: 'pytorch', ms: best.ms, samples: best.samples, threads: per }];
}

async function timed(): Promise<Row[]> {
  await initPeers();
  const makers: (() => Case)[] = [
    ...[128, 256, 512, 1024].map((n) => () => matmulCase(n, 'plain', 'float32')),
    () => matmulCase(512, 'AtB', 'float32'),
    () => matmulCase(512, 'ABt', 'float32'),
    () => matmulCase(512, 'plain', 'float64'),
    ...trainingCases().map((tc) => () => trainingCase(tc)),
    () => elementwiseCase(),
    () => reductionCase(),
    () => softmaxCase('softmax'),
    () => softmaxCase('cross-entropy'),
  ];
  const rows: Row[] = [];
  for (const make of makers) {
    const c = make();
    if (only !== undefined && !c.name.includes(only)) continue;
    const results = mergeTorch(await measure(c.impls, { samples: quick ? 5 : 15 }));
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
  mode: string;
  key: string;
  steps: number;
  startMB: number;
  after100MB: number;
  endMB: number;
  seconds: number;
  finalLoss: number;
}

/** Each training case's memory run, eager on wasm and compiled (where `compile` exists), fresh processes. */
function memoryRuns(compiledToo: boolean): MemoryRun[] {
  const runs: MemoryRun[] = [];
  for (const tc of trainingCases()) {
    if (tc.missing !== undefined) continue;
    for (const mode of compiledToo ? ['wasm', 'compiled'] : ['wasm']) {
      const out = execFileSync(process.execPath, ['--import', 'tsx', '--conditions=source', join(here, 'src/memory.ts'), mode, tc.key, String(memorySteps)], {
        cwd: here,
        encoding: 'utf8',
        maxBuffer: 1 << 20,
      });
      const r = JSON.parse(out.trim().split('\n').pop()!) as MemoryRun;
      process.stderr.write(`memory: ${JSON.stringify(r)}\n`);
      runs.push(r);
    }
  }
  return runs;
}

const ms = (by: Map<string, Measured>, lib: string): number | null => by.get(lib)?.ms ?? null;
const ratio = (peer: number | null, mine: number | null): string => (mine !== null && peer !== null ? `${(peer / mine).toFixed(2)}x` : '—');
/** chainrule's faster path: eager (wasm) or compiled. */
const fastest = (by: Map<string, Measured>): number | null => {
  const xs = [ms(by, 'chainrule-wasm'), ms(by, 'chainrule-compiled')].filter((x): x is number => x !== null);
  return xs.length === 0 ? null : Math.min(...xs);
};

function table(rows: Row[]): string {
  const head = [
    'case',
    ...LIBS.map((l) => `${l} (ms)`),
    'eager vs pytorch',
    'faster path vs pytorch',
    ...LIBS.filter((l) => l !== 'chainrule-wasm' && l !== 'pytorch' && l !== 'chainrule-compiled').map((p) => `vs ${p}`),
  ];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const r of rows) {
    const by = new Map(r.results.map((m) => [m.lib, m]));
    const mine = ms(by, 'chainrule-wasm');
    const cells = LIBS.map((l) => {
      const m = by.get(l);
      const gf = r.flops > 0 && m?.ms ? ` (${(r.flops / m.ms / 1e6).toFixed(1)} GF/s)` : '';
      // a CompileError is compile refusing the step (it says so), not a wrong result
      const missing = (note?: string): string => (note?.includes('compile failed') ? 'refused' : note?.startsWith('WRONG') ? 'WRONG' : '—');
      return m?.ms === null || m === undefined ? missing(m?.note) : fmt(m.ms) + gf;
    });
    const peers = LIBS.filter((l) => l !== 'chainrule-wasm' && l !== 'pytorch' && l !== 'chainrule-compiled').map((p) => ratio(ms(by, p), mine));
    lines.push(`| ${r.name} | ${cells.join(' | ')} | ${ratio(ms(by, 'pytorch'), mine)} | ${ratio(ms(by, 'pytorch'), fastest(by))} | ${peers.join(' | ')} |`);
  }
  return lines.join('\n');
}

/** The issue's targets: chainrule's speed as a fraction of PyTorch's, same run. */
const TARGETS: { match: string; label: string; fastest: number; eager?: number }[] = [
  { match: 'MLP 784-128-10 step, batch 128, SGD', label: 'MLP SGD', fastest: 0.7, eager: 0.5 },
  { match: 'MLP 784-128-10 step, batch 128, Adam', label: 'MLP Adam', fastest: 0.7, eager: 0.5 },
  { match: 'CNN (train --model cnn)', label: 'CNN', fastest: 0.5, eager: 0.35 },
  { match: 'transformer block', label: 'transformer block', fastest: 0.7 },
  { match: 'LSTM LM', label: 'LSTM language model', fastest: 1.0 },
  { match: 'matmul f32 512', label: 'matmul 512 f32', fastest: 0.4 },
  { match: 'relu(2x+1)', label: 'relu(2x+1) over 2^20', fastest: 1.0 },
];

function targets(rows: Row[]): string {
  const lines = ['| target | PyTorch ms | eager ms | compiled ms | faster path / PyTorch | target | eager / PyTorch | eager target |', '|---|---|---|---|---|---|---|---|'];
  for (const t of TARGETS) {
    const r = rows.find((x) => x.name.startsWith(t.match) && (t.match !== 'matmul f32 512' || x.name === 'matmul f32 512'));
    if (r === undefined) continue;
    const by = new Map(r.results.map((m) => [m.lib, m]));
    const torch = ms(by, 'pytorch');
    const f = fastest(by);
    const e = ms(by, 'chainrule-wasm');
    const mark = (x: number | null, goal: number | undefined): string => (goal === undefined ? '' : x === null ? `≥ ${goal}x (not measured)` : `≥ ${goal}x ${x >= goal ? 'met' : 'MISSED'}`);
    const frac = (x: number | null): number | null => (x === null || torch === null ? null : torch / x);
    lines.push(
      `| ${t.label} | ${fmt(torch)} | ${fmt(e)} | ${fmt(ms(by, 'chainrule-compiled'))} | ${frac(f)?.toFixed(2) ?? '—'}x | ${mark(frac(f), t.fastest)} | ${frac(e)?.toFixed(2) ?? '—'}x | ${mark(frac(e), t.eager)} |`,
    );
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
const torchMissing = await startTorch();
const rows = await timed();
stopTorch();
if (only === undefined) rows.push(coldStart());
const memory = only === undefined && !noMemory ? memoryRuns(rows.some((r) => r.results.some((m) => m.lib === 'chainrule-compiled' && m.ms !== null))) : [];
const machine = `${cpus().length}× ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}${torchVersion() === '' ? '' : `, PyTorch ${torchVersion()} (CPU)`}`;
const notes = rows.flatMap((r) =>
  r.results.flatMap((m) => [
    ...(m.note !== undefined ? [`- ${r.name}, ${m.lib}: ${m.note}`] : []),
    ...(m.threads !== undefined ? [`- ${r.name}, PyTorch by threads: ${m.threads}`] : []),
  ]),
);
if (torchMissing !== null) notes.unshift(`- PyTorch: ${torchMissing}`);
const parAfter = await parallelism();
const loadAfter = loadavg();
const load = `load average ${loadBefore.map((l) => l.toFixed(2)).join(' / ')} at the start, ${loadAfter.map((l) => l.toFixed(2)).join(' / ')} at the end (1 / 5 / 15 min); two threads did ${parBefore.toFixed(2)}× and ${parAfter.toFixed(2)}× the work of one (2 = two free cores)`;
let md = `### ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC — ${machine}\n\n${load}.\n\nMedian ms per call (lower is better); PyTorch: the better of ${TORCH_THREADS.join(' and ')} threads. "eager vs pytorch" = PyTorch's time / chainrule-wasm's (above 1: chainrule is faster); "faster path" takes the better of eager and compiled; "vs X" = X's time / chainrule-wasm's time.\n\n${table(rows)}\n\nTargets (chainrule's speed as a fraction of PyTorch's):\n\n${targets(rows)}\n`;
if (memory.length > 0) {
  const pct = (a: number, b: number): string => {
    const g = ((b - a) / a) * 100;
    return `${g >= 0 ? '+' : ''}${g.toFixed(0)} %`;
  };
  md += `\nMemory: ${memorySteps.toLocaleString('en')} training steps per case (one synchronous loop, fresh process; target: under +10 %):\n\n| case | mode | RSS start MB | after 100 | end | growth | from step 100 | ms/step |\n|---|---|---|---|---|---|---|---|\n`;
  for (const m of memory) md += `| ${m.key} | ${m.mode} | ${m.startMB.toFixed(0)} | ${m.after100MB.toFixed(0)} | ${m.endMB.toFixed(0)} | ${pct(m.startMB, m.endMB)} | ${pct(m.after100MB, m.endMB)} | ${((m.seconds / m.steps) * 1000).toFixed(2)} |\n`;
}
if (notes.length > 0) md += `\n${notes.join('\n')}\n`;
console.log(md);
mkdirSync(join(here, 'results'), { recursive: true });
const file = join(here, 'results', `${started.toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(file, JSON.stringify({ date: started.toISOString(), machine, load: { before: loadBefore, after: loadAfter, parallelism: [parBefore, parAfter] }, rows, memory, markdown: md }, null, 2));
console.log(`results: ${file}`);
