import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as ort from 'onnxruntime-node';
import { randn } from '@chainrule/autograd';
import { loadSafetensors, nn } from '@chainrule/nn';
import { importOnnx } from '@chainrule/nn/onnx';
import { encodeIdx } from '@chainrule/data';
import { DEFAULTS, parseArgs, USAGE, UsageError } from '../packages/data/src/cli/args.js';
import { niceTicks, renderChart, wrapText } from '../packages/data/src/cli/chart.js';
import { main } from '../packages/data/src/cli/main.js';
import type { MainIO } from '../packages/data/src/cli/main.js';
import { barReporter, plainReporter, table } from '../packages/data/src/cli/progress.js';
import type { EpochRow } from '../packages/data/src/cli/progress.js';
import type { Metrics, RunResult } from '../packages/data/src/cli/run.js';

const tmp = mkdtempSync(join(tmpdir(), 'chainrule-train-'));

function capture(): { io: MainIO; out: () => string; err: () => string; result: () => RunResult | undefined } {
  let out = '';
  let err = '';
  let result: RunResult | undefined;
  return {
    io: { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) }, onResult: (r) => (result = r) },
    out: () => out,
    err: () => err,
    result: () => result,
  };
}

describe('train: options', () => {
  it('defaults to the README recipe', () => {
    expect(parseArgs([])).toEqual(DEFAULTS);
    expect(DEFAULTS).toMatchObject({ dataset: 'mnist', hidden: 128, epochs: 5, batchSize: 128, lr: 1e-3, optimizer: 'adam', seed: 0 });
  });

  it('parses every option, as --name value or --name=value', () => {
    const c = parseArgs(['--dataset', 'fashion-mnist', '--data-dir=/d', '--model', 'cnn', '--hidden', '64', '--epochs=2', '--batch-size', '32', '--lr', '0.01', '--optimizer', 'sgd', '--seed', '-3', '--out', 'o', '--max-train', '100', '--max-test', '50', '--progress', 'plain']);
    expect(c).toEqual({ dataset: 'fashion-mnist', dataDir: '/d', model: 'cnn', hidden: 64, epochs: 2, batchSize: 32, lr: 0.01, optimizer: 'sgd', seed: -3, out: 'o', maxTrain: 100, maxTest: 50, progress: 'plain', steps: null, sampleLength: 300 });
    expect(parseArgs(['--help'])).toBe('help');
    expect(parseArgs(['--epochs', '1', '-h'])).toBe('help');
  });

  it('refuses bad options with a one-line message', () => {
    const bad: [string[], RegExp][] = [
      [['--epoch', '3'], /unknown option '--epoch'/],
      [['mnist'], /unexpected argument 'mnist'/],
      [['--epochs'], /--epochs needs a value/],
      [['--epochs', '--lr', '1'], /--epochs needs a value/],
      [['--epochs', '0'], /--epochs must be a positive integer, got '0'/],
      [['--hidden', '1.5'], /--hidden must be a positive integer/],
      [['--lr', '-1'], /--lr must be a positive number/],
      [['--lr', 'fast'], /--lr must be a positive number, got 'fast'/],
      [['--optimizer', 'lbfgs'], /--optimizer must be one of adam, adamw, sgd, rmsprop, got 'lbfgs'/],
      [['--dataset', 'cifar'], /--dataset must be one of mnist, fashion-mnist/],
      [['--seed', '1e3'], /--seed must be an integer/],
      [['--epochs', '1', '--epochs', '2'], /--epochs given twice/],
    ];
    for (const [argv, msg] of bad) {
      expect(() => parseArgs(argv)).toThrow(UsageError);
      expect(() => parseArgs(argv)).toThrow(msg);
    }
  });

  it('a bad option or a missing data dir: one error line, the usage, exit code 2', async () => {
    const a = capture();
    expect(await main(['--batch-size', 'big'], a.io)).toBe(2);
    const lines = a.err().split('\n');
    expect(lines[0]).toBe("train: error: --batch-size must be a positive integer, got 'big'");
    expect(lines[1]).toBe('');
    expect(a.err()).toContain(USAGE);
    const b = capture();
    const missing = join(tmp, 'no-such-dir');
    expect(await main(['--dataset', 'fashion-mnist', '--data-dir', missing], b.io)).toBe(2);
    expect(b.err().split('\n')[0]).toBe(`train: error: fashion-mnist directory not found: ${missing} (looked for train-images-idx3-ubyte[.gz] and train-labels-idx1-ubyte[.gz] in it)`);
    expect(b.err()).toContain(USAGE);
    const c = capture();
    expect(await main(['--help'], c.io)).toBe(0);
    expect(c.out()).toContain('--optimizer NAME');
  });
});

describe('train: a small run end to end (in process)', () => {
  it('--model cnn trains the small CNN (conv, pool, conv, pool, linear) and saves it under its module names', async () => {
    const out = join(tmp, 'cnn');
    const c = capture();
    const code = await main(['--model', 'cnn', '--max-train', '512', '--max-test', '200', '--epochs', '2', '--batch-size', '64', '--out', out], c.io);
    expect([c.err(), code]).toEqual(['', 0]);
    expect(c.out()).toContain('model     Conv2d(1, 16, 3)-ReLU-MaxPool2d(2)-Conv2d(16, 32, 3)-ReLU-MaxPool2d(2)-Linear(1568, 10), 20,490 parameters');
    const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')) as Metrics;
    expect(metrics.epochs[1]!.trainLoss).toBeLessThan(metrics.epochs[0]!.trainLoss);
    expect(metrics.final!.testAccuracy).toBeGreaterThan(0.5);
    const tensors = loadSafetensors(new Uint8Array(readFileSync(join(out, 'model.safetensors'))));
    expect(Object.keys(tensors)).toEqual(['1.weight', '1.bias', '4.weight', '4.bias', '8.weight', '8.bias']);
  });

  it('trains, prints plain lines and the table, writes weights, metrics and chart', async () => {
    const out = join(tmp, 'small');
    const c = capture();
    const code = await main(['--max-train', '640', '--max-test', '300', '--epochs', '2', '--batch-size', '64', '--out', out], c.io);
    expect(c.err()).toBe('');
    expect(code).toBe(0);
    const text = c.out();
    expect(text).toMatch(/dataset {3}mnist: 640 training and 300 test images from the 10,000 digits bundled/);
    expect(text).toMatch(/epoch 1\/2 {2}step 10\/10 {2}loss \d\.\d{4} {2}\d+ samples\/s {2}ETA 0:00/);
    expect(text).toMatch(/epoch 2\/2 {2}train loss \d\.\d{4}.*test acc \d+\.\d\d %/);
    expect(text).toMatch(/epoch {2}train loss {2}train acc {2}test loss {2}test acc {2}time \(s\)/);
    expect(text).not.toContain('\r');
    const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')) as Metrics;
    expect(metrics.epochs).toHaveLength(2);
    expect(metrics.steps).toHaveLength(20);
    expect(metrics.interrupted).toBe(false);
    expect(metrics.trainSize).toBe(640);
    expect(metrics.parameters).toBe(784 * 128 + 128 + 128 * 10 + 10);
    // 20 Adam steps on 640 digits already beat chance (10 %) by far
    expect(metrics.final!.testAccuracy).toBeGreaterThan(0.6);
    expect(metrics.epochs[1]!.trainLoss).toBeLessThan(metrics.epochs[0]!.trainLoss);
    const tensors = loadSafetensors(new Uint8Array(readFileSync(join(out, 'model.safetensors'))));
    expect(Object.keys(tensors)).toEqual(['0.weight', '0.bias', '2.weight', '2.bias']);
    const model = new nn.Sequential(new nn.Linear(784, 128), new nn.ReLU(), new nn.Linear(128, 10));
    expect(model.loadStateDict(tensors)).toEqual({ missingKeys: [], unexpectedKeys: [] });
    const svg = readFileSync(join(out, 'chart.svg'), 'utf8');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
    expect(svg.match(/<polyline /g)).toHaveLength(5);
    expect(svg).toContain(`final test accuracy ${(100 * metrics.final!.testAccuracy).toFixed(2)} %`);
    // model.onnx: the same model, for onnxruntime at any batch size, and back into chainrule
    const onnx = new Uint8Array(readFileSync(join(out, 'model.onnx')));
    const x = randn([3, 784]);
    const want = Array.from(model.eval().forward(x).toArray());
    const session = await ort.InferenceSession.create(onnx);
    const got = (await session.run({ input: new ort.Tensor('float32', x.toArray() as Float32Array, [3, 784]) })).output!;
    expect(got.dims).toEqual([3, 10]);
    Array.from(got.data as Float32Array).forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 4));
    Array.from(importOnnx(onnx).forward(x).toArray()).forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 5));
  });
});

describe('train: --data-dir with IDX files', () => {
  /** A tiny fake set: class k images are bright in row band k. */
  function writeSet(root: string, counts: [number, number]): void {
    mkdirSync(root, { recursive: true });
    for (const [split, n] of [['train', counts[0]], ['t10k', counts[1]]] as const) {
      const px = new Uint8Array(n * 784);
      const lab = new Uint8Array(n);
      for (let i = 0; i < n; i++) {
        lab[i] = i % 10;
        for (let p = 0; p < 784; p++) px[i * 784 + p] = Math.floor(p / 28) >= 2 * lab[i]! && Math.floor(p / 28) < 2 * lab[i]! + 3 ? 250 : 10;
      }
      writeFileSync(join(root, `${split}-images-idx3-ubyte.gz`), gzipSync(encodeIdx({ dtype: 'uint8', shape: [n, 28, 28], data: px })));
      writeFileSync(join(root, `${split}-labels-idx1-ubyte`), encodeIdx({ dtype: 'uint8', shape: [n], data: lab }));
    }
  }

  it('trains fashion-mnist from a directory of IDX files (gzipped or raw)', async () => {
    const root = join(tmp, 'fake-fashion');
    writeSet(root, [200, 50]);
    const c = capture();
    const out = join(tmp, 'fake-run');
    expect(await main(['--dataset', 'fashion-mnist', '--data-dir', root, '--epochs', '3', '--batch-size', '20', '--lr', '0.01', '--out', out], c.io)).toBe(0);
    const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')) as Metrics;
    expect(metrics.source).toBe(root);
    expect([metrics.trainSize, metrics.testSize]).toEqual([200, 50]);
    expect(metrics.final!.testAccuracy).toBe(1); // the bands are trivially separable
  });

  it('a corrupt file: one error line naming the file and the byte offset, exit code 1', async () => {
    const root = join(tmp, 'corrupt-fashion');
    writeSet(root, [20, 10]);
    const p = join(root, 'train-labels-idx1-ubyte');
    writeFileSync(p, readFileSync(p).subarray(0, 15));
    const c = capture();
    expect(await main(['--dataset', 'fashion-mnist', '--data-dir', root], c.io)).toBe(1);
    expect(c.err()).toBe(`train: error: ${p}: truncated data at byte 8: expected 20 bytes of uint8 data, file ends after 7\n`);
  });
});

describe('train: Ctrl-C handling (in process)', () => {
  it('a repeated signal within a second (a wrapper relaying the same Ctrl-C) is the same Ctrl-C; a later one quits at once', async () => {
    for (const gapMs of [5, 1500]) {
      let clock = 0;
      let handler: (() => void) | undefined;
      const exits: number[] = [];
      let text = '';
      const out = join(tmp, `sigint-${gapMs}`);
      const code = await main(['--max-train', '640', '--max-test', '100', '--epochs', '3', '--batch-size', '64', '--out', out], {
        stdout: {
          write: (s: string) => {
            text += s;
            if (/step 6\/10/.test(s)) {
              handler!();
              clock += gapMs;
              handler!();
            }
          },
        },
        stderr: { write: (s: string) => (text += s) },
        onSigint: (h) => ((handler = h), () => (handler = undefined)),
        exit: (c) => exits.push(c),
        now: () => clock,
      });
      expect(code).toBe(130);
      expect(handler).toBeUndefined(); // removed after the run
      expect(exits).toEqual(gapMs < 1000 ? [] : [130]);
      expect(text.includes('second Ctrl-C, quitting without writing')).toBe(gapMs >= 1000);
      const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')) as Metrics;
      expect(metrics.steps).toHaveLength(6);
      expect(metrics.epochs[0]!.partial).toBe(true);
    }
  });
});

describe('train: Ctrl-C in a real child process', () => {
  it('SIGINT stops after the current step and still writes the outputs (exit code 130)', async () => {
    const out = join(tmp, 'interrupted');
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--conditions=source', 'packages/data/src/cli/train.ts', '--max-train', '4096', '--max-test', '200', '--epochs', '100', '--batch-size', '32', '--out', out],
      { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    let sent = false;
    child.stderr.on('data', (d: Buffer) => (stderr += String(d)));
    const code = await new Promise<number | null>((resolve) => {
      child.stdout.on('data', (d: Buffer) => {
        stdout += String(d);
        if (!sent && /step \d+\/128/.test(stdout)) {
          sent = true;
          child.kill('SIGINT');
        }
      });
      child.on('exit', (c) => resolve(c));
    });
    expect(stderr).toBe('');
    expect(sent).toBe(true);
    expect(code).toBe(130);
    expect(stdout).toContain('Ctrl-C: stopping after this step');
    expect(stdout).toContain('stopped by Ctrl-C; writing what there is');
    const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')) as Metrics;
    expect(metrics.interrupted).toBe(true);
    expect(metrics.epochs.length).toBeGreaterThanOrEqual(1);
    expect(metrics.epochs.length).toBeLessThan(100);
    const last = metrics.epochs[metrics.epochs.length - 1]!;
    expect(last.partial).toBe(true);
    expect(last.steps).toBeLessThan(128);
    expect(metrics.steps.length).toBe(metrics.epochs.reduce((s, e) => s + e.steps, 0));
    expect(existsSync(join(out, 'model.safetensors'))).toBe(true);
    expect(readFileSync(join(out, 'chart.svg'), 'utf8')).toContain('(stopped early)');
  });
});

describe('train: progress, table and chart', () => {
  const row = (epoch: number, partial = false): EpochRow => ({ epoch, trainLoss: 1 / epoch, trainAccuracy: 0.8, testLoss: 0.5, testAccuracy: 0.9123, seconds: 2.25, partial });

  it('on a terminal the bar redraws one line in place, then prints the epoch line', () => {
    let s = '';
    const r = barReporter({ write: (t: string) => (s += t) }, { intervalMs: 0, width: 10 });
    r.step({ epoch: 1, epochs: 5, step: 5, steps: 10, loss: 0.69315, samplesPerSecond: 2650.4, elapsed: 2 });
    expect(s).toBe('\r\x1b[2Kepoch 1/5 [#####-----]  5/10  loss 0.6932  2650 samples/s  ETA 0:02');
    r.epoch(row(1), 5);
    expect(s.endsWith('\r\x1b[2Kepoch 1/5  train loss 1.0000  train acc 80.00 %  test loss 0.5000  test acc 91.23 %  2.3 s\n')).toBe(true);
  });

  it('in a log it prints about four step lines per epoch', () => {
    const lines: string[] = [];
    const r = plainReporter({ write: (t: string) => lines.push(t) });
    for (let step = 1; step <= 63; step++) r.step({ epoch: 1, epochs: 1, step, steps: 63, loss: 1, samplesPerSecond: 1, elapsed: step });
    expect(lines.map((l) => /step (\d+)/.exec(l)![1])).toEqual(['16', '32', '48', '63']);
  });

  it('the table lines up and marks an epoch cut short', () => {
    const t = table([row(1), row(2, true)]).split('\n');
    expect(t[0]).toBe('epoch  train loss  train acc  test loss  test acc  time (s)');
    expect(t[2]).toBe('    1      1.0000    80.00 %     0.5000   91.23 %       2.3');
    expect(t[3]!.startsWith('   2*')).toBe(true);
    expect(t[4]).toBe('* stopped early by Ctrl-C');
  });

  it('niceTicks cover the range with round steps (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: 1e-6, max: 1e6, noNaN: true }), (lo, span) => {
        const t = niceTicks(lo, lo + span);
        const tol = 1e-9 * (Math.abs(lo) + span);
        expect(t[0]!).toBeLessThanOrEqual(lo + tol);
        expect(t[t.length - 1]!).toBeGreaterThanOrEqual(lo + span - tol);
        expect(t.length).toBeGreaterThanOrEqual(2);
        expect(t.length).toBeLessThanOrEqual(12);
      }),
    );
  });

  it('wrapText breaks after a top-level ", " or "-" only, and loses nothing (property)', () => {
    const cnn = 'MNIST digits: Conv2d(1, 16, 3)-ReLU-MaxPool2d(2)-Conv2d(16, 32, 3)-ReLU-MaxPool2d(2)-Linear(1568, 10), adam lr 0.001, batch 128';
    expect(wrapText(cnn, 86)).toEqual(['MNIST digits: Conv2d(1, 16, 3)-ReLU-MaxPool2d(2)-Conv2d(16, 32, 3)-ReLU-MaxPool2d(2)-', 'Linear(1568, 10), adam lr 0.001, batch 128']);
    fc.assert(
      fc.property(fc.array(fc.constantFrom('ab', 'Conv2d(1, 2, 3)', '-', ', ', 'x'), { maxLength: 30 }), fc.integer({ min: 1, max: 40 }), (parts, max) => {
        const text = parts.join('');
        const lines = wrapText(text, max);
        // joining the lines gives the text back (a break after ", " drops only the trailing space)
        expect(lines.join('\n').replace(/,\n/g, ', ').replace(/\n/g, '')).toBe(text.trimEnd());
        // a line is too long only when a single unbreakable piece is
        for (const line of lines.slice(0, -1)) if (line.length > max) expect(/[-,]./.test(line.slice(0, -1).replace(/\([^)]*\)/g, ''))).toBe(false);
      }),
    );
  });

  it('chart: a long title (--model cnn) wraps inside the width; the accuracy axis starts at the first epoch with data', () => {
    const title = 'MNIST digits: Conv2d(1, 16, 3)-ReLU-MaxPool2d(2)-Conv2d(16, 32, 3)-ReLU-MaxPool2d(2)-Linear(1568, 10), adam lr 0.001, batch 128';
    const rows = [1, 2, 3].map((e) => row(e));
    const svg = renderChart({ title, epochs: 3, rows, steps: [{ x: 0.5, loss: 2 }, { x: 3, loss: 1 }] });
    const titles = [...svg.matchAll(/<text [^>]*font-size="18"[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);
    expect(titles.length).toBe(2);
    expect(titles.join('\n').replace(/,\n/g, ', ').replace(/\n/g, '')).toBe(title);
    for (const t of titles) expect(t.length * 0.62 * 18).toBeLessThanOrEqual(1000 - 40);
    const height = Number(/height="(\d+)"/.exec(svg)![1]);
    expect(Math.max(...[...svg.matchAll(/ y="([\d.]+)"/g)].map((m) => Number(m[1])))).toBeLessThan(height);
    // x tick labels of each panel (the text under the frames): the loss panel from 0, the accuracy panel from 1
    const ticks = (x0: number): string[] =>
      [...svg.matchAll(/<text x="([\d.]+)" y="([\d.]+)" text-anchor="middle" font-size="12">(\d+)<\/text>/g)].filter((m) => Number(m[1]) >= x0 && Number(m[1]) <= x0 + 370).map((m) => m[3]!);
    expect(ticks(90)).toEqual(['0', '1', '2', '3']);
    expect(ticks(590)).toEqual(['1', '2', '3']);
    // the first accuracy point sits on the panel's left edge
    const accuracyLine = [...svg.matchAll(/<polyline points="([^"]+)"/g)][3]![1]!;
    expect(accuracyLine.startsWith('590.0,')).toBe(true);
    // one epoch: a lone point in the middle of an epoch of room
    const one = renderChart({ title: 't', epochs: 1, rows: [row(1)], steps: [{ x: 1, loss: 1 }] });
    expect([...one.matchAll(/<circle cx="([\d.]+)"/g)].map((m) => Number(m[1])).filter((x) => x > 590)).toEqual([775, 775]);
  });

  it('the chart escapes text and draws nothing broken for zero epochs', () => {
    const svg = renderChart({ title: 'a < b & c', epochs: 3, rows: [], steps: [] });
    expect(svg).toContain('a &lt; b &amp; c');
    expect(svg).toContain('no epoch finished');
    expect(svg).not.toMatch(/NaN|Infinity|undefined/);
  });
});
