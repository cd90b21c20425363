/**
 * One helper thread that runs kernels on the shared memory while the calling thread runs its own
 * share: ops stay synchronous. Under Node the helper is a `worker_threads` Worker, loaded with a
 * dynamic import so that nothing Node-specific is imported at the top level; elsewhere (browsers)
 * there is no helper and every kernel runs on the calling thread.
 *
 * Protocol, over 32 int32 words in the memory: [0] job sequence number (written by the caller),
 * [1] the last finished job (written by the helper), [2] helper ready, [3] kernel index,
 * [4..19] its int32 arguments, [20] helper failure. Both sides block with Atomics.wait.
 * @module
 */
import type { Heap, ViewCtor } from './heap.js';
import { GEMM_WORKSPACE, KERNEL_NAMES } from './instance.js';
import type { Kernels, WasmRuntime } from './instance.js';

const WORDS = 32;
const ARGS = 4;
const FAILED = 20;
/** How long the caller waits for the helper before declaring it dead. */
const TIMEOUT_MS = 60_000;

// The helper's whole program (CommonJS, evaluated by worker_threads).
const HELPER = `
const { workerData } = require('node:worker_threads');
const { module, memory, ctl: at, names } = workerData;
const k = new WebAssembly.Instance(module, { env: { memory } }).exports;
const fns = names.map((n) => k[n]);
const c = new Int32Array(memory.buffer, at, ${WORDS});
Atomics.store(c, 2, 1);
Atomics.notify(c, 2);
let seq = 0;
for (;;) {
  Atomics.wait(c, 0, seq);
  const s = Atomics.load(c, 0);
  if (s === seq) continue;
  seq = s;
  try {
    fns[c[3]](${Array.from({ length: 16 }, (_, i) => `c[${ARGS + i}]`).join(', ')});
  } catch (e) {
    Atomics.store(c, ${FAILED}, 1);
  }
  Atomics.store(c, 1, s);
  Atomics.notify(c, 1);
}
`;

interface NodeProcess {
  versions?: { node?: string };
}

// The little of node:worker_threads used here (the package compiles without Node's types).
interface WorkerThreads {
  Worker: new (source: string, opts: { eval: boolean; workerData: unknown }) => { unref(): void; on(event: 'error', f: (e: unknown) => void): void };
}

type State = 'off' | 'starting' | 'ready' | 'broken';

export class Pool {
  private state: State = 'off';
  private readonly ctl: Int32Array;
  private seq = 0;
  /** The helper's own gemm workspace. */
  readonly helperWorkspace: number;

  constructor(
    private readonly rt: WasmRuntime,
    heap: Heap,
  ) {
    this.ctl = heap.view(Int32Array as unknown as ViewCtor<Int32Array>, heap.scratch(WORDS * 4), WORDS);
    this.helperWorkspace = heap.scratch(GEMM_WORKSPACE);
  }

  /** False once the helper is known not to run here (no Node, failed to start, failed a job). */
  get usable(): boolean {
    return this.state !== 'broken';
  }

  /** Whether a helper thread is running now; asks for one to start (in the background) if none. */
  available(): boolean {
    if (this.state === 'ready') return true;
    if (this.state === 'starting' && Atomics.load(this.ctl, 2) === 1) {
      this.state = 'ready';
      return true;
    }
    if (this.state === 'off') void this.start();
    return false;
  }

  /**
   * Runs kernel `name` with `args` on the helper while `mine` runs here; returns when both are done.
   * @throws Error when the helper failed or did not answer.
   */
  run(name: keyof Kernels, args: readonly number[], mine: () => void): void {
    const c = this.ctl;
    c[3] = KERNEL_NAMES.indexOf(name);
    for (let i = 0; i < args.length; i++) c[ARGS + i] = args[i]!;
    const s = ++this.seq;
    Atomics.store(c, 0, s);
    Atomics.notify(c, 0);
    try {
      mine();
    } finally {
      this.wait(s);
    }
    if (Atomics.load(c, FAILED) !== 0) {
      this.state = 'broken';
      throw new Error(`wasm backend: kernel ${name} failed on the helper thread; the helper is now off`);
    }
  }

  private wait(s: number): void {
    const c = this.ctl;
    for (let spin = 0; spin < 20_000; spin++) if (Atomics.load(c, 1) === s) return;
    const t0 = Date.now();
    for (;;) {
      const done = Atomics.load(c, 1);
      if (done === s) return;
      Atomics.wait(c, 1, done, 1000);
      if (this.state === 'broken' || Date.now() - t0 > TIMEOUT_MS) {
        this.state = 'broken';
        throw new Error(`wasm backend: the helper thread did not finish kernel job ${s} within ${TIMEOUT_MS} ms`);
      }
    }
  }

  private async start(): Promise<void> {
    const proc = (globalThis as { process?: NodeProcess }).process;
    if (proc?.versions?.node === undefined) {
      this.state = 'broken'; // no helper outside Node: single thread
      return;
    }
    this.state = 'starting';
    try {
      const spec = 'node:worker_threads';
      const wt = (await import(/* @vite-ignore */ spec)) as WorkerThreads;
      const w = new wt.Worker(HELPER, {
        eval: true,
        workerData: { module: this.rt.module, memory: this.rt.memory, ctl: this.ctl.byteOffset, names: KERNEL_NAMES },
      });
      w.unref();
      w.on('error', () => {
        this.state = 'broken';
      });
    } catch {
      this.state = 'broken';
    }
  }
}
