/**
 * PyTorch for CPU as a peer: one Python child process (Debian's python3-torch, run by
 * /usr/bin/python3) that builds each case from files written here and times its calls on request
 * (torch_peer.py), so that its samples interleave with the other libraries' in the same run.
 * Where torch cannot be imported, every PyTorch column is skipped with the reason.
 * @module
 */
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Impl } from './harness.js';

const here = dirname(fileURLToPath(import.meta.url));
const PYTHON = process.env.CHAINRULE_BENCH_PYTHON ?? '/usr/bin/python3';
/** The thread counts PyTorch runs with; the table shows the better. */
export const TORCH_THREADS = [1, 2] as const;

/** An array the peer reads: raw little-endian values and their shape. */
export interface PeerArray {
  name: string;
  shape: readonly number[];
  values: Float32Array | Int32Array;
}

/** What the peer is told about a case: its kind, arrays and extra settings. */
export interface PeerCase {
  kind: 'training' | 'op';
  params?: PeerArray[];
  inputs: PeerArray[];
  /** Flat indices of the output elements the peer reports back (op cases). */
  sample?: number[];
  sizes?: Record<string, number>;
}

type Reply = Record<string, unknown> & { error?: string };

class Peer {
  private readonly child: ChildProcessWithoutNullStreams;
  private buffered = '';
  private readonly waiting: ((r: Reply) => void)[] = [];
  private dead: string | null = null;
  readonly dir = mkdtempSync(join(tmpdir(), 'chainrule-bench-torch-'));
  private readonly manifest: Record<string, unknown> = {};

  constructor() {
    this.child = spawn(PYTHON, [join(here, 'torch_peer.py')], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout.setEncoding('utf8');
    this.child.stdout.on('data', (s: string) => {
      this.buffered += s;
      for (let nl = this.buffered.indexOf('\n'); nl >= 0; nl = this.buffered.indexOf('\n')) {
        const line = this.buffered.slice(0, nl);
        this.buffered = this.buffered.slice(nl + 1);
        this.waiting.shift()?.(JSON.parse(line) as Reply);
      }
    });
    let err = '';
    this.child.stderr.on('data', (s: Buffer) => (err += s.toString()));
    const fail = (why: string): void => {
      this.dead = why;
      for (const w of this.waiting.splice(0)) w({ error: why });
    };
    this.child.on('error', (e) => fail(`cannot start ${PYTHON}: ${e.message}`));
    this.child.on('exit', (code) => fail(`python exited (${code}): ${err.trim().split('\n').pop() ?? ''}`));
  }

  request(req: Record<string, unknown>): Promise<Reply> {
    if (this.dead !== null) return Promise.resolve({ error: this.dead });
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.child.stdin.write(`${JSON.stringify(req)}\n`);
    });
  }

  /** Writes a case's arrays and adds it to the manifest the peer reads. */
  addCase(key: string, c: PeerCase): void {
    const dump = (a: PeerArray, i: number, kind: string): Record<string, unknown> => {
      const file = `${key}-${kind}-${i}.bin`;
      writeFileSync(join(this.dir, file), new Uint8Array(a.values.buffer, a.values.byteOffset, a.values.byteLength));
      return { name: a.name, shape: a.shape, dtype: a.values instanceof Int32Array ? 'int32' : 'float32', file };
    };
    this.manifest[key] = {
      kind: c.kind,
      params: (c.params ?? []).map((a, i) => dump(a, i, 'param')),
      inputs: c.inputs.map((a, i) => dump(a, i, 'input')),
      sample: c.sample ?? [],
      sizes: c.sizes ?? {},
    };
    writeFileSync(join(this.dir, 'manifest.json'), JSON.stringify(this.manifest));
  }

  close(): void {
    this.child.stdin.end();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

let peer: Peer | null = null;
let unavailable: string | null = null;
let version = '';

/** Starts the peer and checks that torch imports; returns the reason when it cannot run. */
export async function startTorch(): Promise<string | null> {
  if (process.argv.includes('--no-torch')) unavailable = 'skipped (--no-torch)';
  if (peer !== null || unavailable !== null) return unavailable;
  const p = new Peer();
  const hello = await p.request({ cmd: 'hello' });
  if (hello.error !== undefined) {
    unavailable = `PyTorch not available (${PYTHON}: ${hello.error}; on Debian: apt-get install python3-torch libopenblas0-pthread)`;
    p.close();
    return unavailable;
  }
  peer = p;
  version = String(hello.torch);
  return null;
}

/** The torch version the peer runs ('' when none). */
export function torchVersion(): string {
  return version;
}

export function stopTorch(): void {
  peer?.close();
  peer = null;
}

/**
 * PyTorch's implementations of a case, one per thread count. `check` gets the setup's answer
 * (first losses, or sampled values) and returns an error or null.
 */
export function torchImpls(key: string, c: PeerCase, check: (setup: Reply) => string | null): Impl[] {
  let setup: Promise<string | null> | null = null;
  const ready = (): Promise<string | null> => {
    setup ??= (async () => {
      if (peer === null) return unavailable ?? 'PyTorch not started';
      peer.addCase(key, c);
      const r = await peer.request({ cmd: 'setup', case: key, dir: peer.dir });
      return r.error !== undefined ? `PyTorch failed: ${r.error}` : check(r);
    })();
    return setup;
  };
  return TORCH_THREADS.map((threads): Impl => {
    let err: string | null = null;
    return {
      lib: `pytorch-${threads}t`,
      skip: peer === null ? (unavailable ?? 'PyTorch not started') : undefined,
      activate: async () => {
        err = await ready();
      },
      run: () => {
        throw new Error('torch impls are timed by the peer (sample)');
      },
      sample: async (reps) => {
        if (err !== null) return { ms: NaN, last: err };
        const r = await peer!.request({ cmd: 'run', case: key, reps, threads });
        if (r.error !== undefined) {
          err = `PyTorch failed: ${r.error}`;
          return { ms: NaN, last: err };
        }
        return { ms: r.ms as number, last: r.last };
      },
      check: () => err,
    };
  });
}
