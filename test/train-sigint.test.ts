/**
 * Ctrl-C during `pnpm train --model cnn`, sent as a terminal sends it: SIGINT to every process of
 * the foreground process group at once (pnpm and the node process it runs), in the middle of an
 * epoch, several times. Each time the run stops after the current step, evaluates, writes
 * model.safetensors, model.onnx, metrics.json and chart.svg, and exits with 130, and nothing of it
 * is left running when `pnpm` returns.
 *
 * What used to break it: `tsx file.ts` runs the script in a child process and relays a SIGINT to
 * it, and kills it (SIGKILL) when the child does not acknowledge the signal within 2 × 30 ms,
 * which a ~130 ms CNN step in synchronous code never does; and pnpm ran the script through
 * `sh -c`, which dies of the terminal's SIGINT while node runs on, so `pnpm` returned before the
 * files were written. Now the script runs as `node --import tsx` (no relaying parent) and pnpm
 * runs it in its own shell (`shellEmulator` in pnpm-workspace.yaml).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Metrics } from '../packages/data/src/cli/run.js';

const repo = fileURLToPath(new URL('..', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'chainrule-sigint-'));

// the pnpm running this suite (`pnpm test` sets npm_execpath to it); else the README's form
const execpath = process.env.npm_execpath ?? '';
const viaNpx = !/^pnpm\.c?js$/.test(basename(execpath));
const pnpm = viaNpx ? ['npx', '--yes', 'pnpm@10.34.9'] : [process.execPath, execpath];

interface Outcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  leftRunning: boolean;
}

/** Runs `pnpm train ...` in a process group of its own and sends the group SIGINT `delayMs` after the first step line. */
function trainAndInterrupt(out: string, delayMs: number): Promise<Outcome> {
  const args = ['train', '--model', 'cnn', '--max-train', '2560', '--max-test', '200', '--epochs', '1', '--batch-size', '128', '--progress', 'plain', '--out', out];
  const child = spawn(pnpm[0]!, [...pnpm.slice(1), ...args], { cwd: repo, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let sent = false;
  child.stderr.on('data', (d: Buffer) => (stderr += String(d)));
  child.stdout.on('data', (d: Buffer) => {
    stdout += String(d);
    // the first of the ~four step lines an epoch prints in a log: step 5 of 20, mid-epoch
    if (!sent && /step \d+\/20 /.test(stdout)) {
      sent = true;
      setTimeout(() => process.kill(-child.pid!, 'SIGINT'), delayMs);
    }
  });
  return new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      let leftRunning = true;
      try {
        process.kill(-child.pid!, 0);
      } catch {
        leftRunning = false; // ESRCH: no process of the group is left
      }
      if (leftRunning) process.kill(-child.pid!, 'SIGKILL');
      resolve({ code, signal, stdout, stderr, leftRunning });
    });
  });
}

describe('pnpm train: Ctrl-C from a terminal (SIGINT to the process group)', () => {
  // the delays put the signal at different points of a step (a CNN step takes ~130 ms)
  it.each([0, 45, 90])(`--model cnn keeps the run: exit 130 and its files (signal %i ms after a step line; via ${pnpm.slice(0, 3).map((p) => basename(p)).join(' ')})`, async (delayMs) => {
    const out = join(tmp, `cnn-${delayMs}`);
    const r = await trainAndInterrupt(out, delayMs);
    const report = `stdout:\n${r.stdout}\nstderr:\n${r.stderr}`;
    // npx (npm) ends itself with the SIGINT it received once its child is done: a shell reports 130 for both
    expect(viaNpx ? r.code === 130 || r.signal === 'SIGINT' : r.code === 130, `exit code ${r.code}, signal ${r.signal}\n${report}`).toBe(true);
    expect(r.leftRunning, `a process of the command outlived it\n${report}`).toBe(false);
    expect(r.stdout).toContain('Ctrl-C: stopping after this step');
    expect(r.stdout).toContain('stopped by Ctrl-C; writing what there is');
    for (const f of ['model.safetensors', 'model.onnx', 'metrics.json', 'chart.svg']) expect(existsSync(join(out, f)), `${f}\n${report}`).toBe(true);
    const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')) as Metrics;
    expect(metrics.interrupted).toBe(true);
    expect(metrics.epochs).toHaveLength(1);
    expect(metrics.epochs[0]!.partial).toBe(true);
    expect(metrics.epochs[0]!.steps).toBeLessThan(20);
    expect(metrics.final?.testAccuracy).toBeGreaterThan(0);
    expect(readFileSync(join(out, 'chart.svg'), 'utf8')).toContain('(stopped early)');
  }, 120_000);
});
