/**
 * One helper thread that shares the work of large kernels with the calling thread; ops stay
 * synchronous. Under Node the helper is a `worker_threads` Worker, loaded with a dynamic import so
 * that nothing Node-specific is imported at the top level; elsewhere (browsers) there is no helper
 * and every kernel runs on the calling thread.
 *
 * A job is cut into tiles (blocks of a product, groups of columns to pack). Both threads claim tiles from one
 * atomic counter until none is left, so the split follows the threads' actual speed: when the
 * helper is late (asleep, or descheduled by another process), the caller simply takes more tiles,
 * and waits only for tiles the helper has already started. The counter carries the job's number,
 * so a helper that wakes late cannot claim a tile of a later job with the earlier job's arguments.
 *
 * Control block (int32 words): see the constants below; both sides block with Atomics.wait.
 * @module
 */
import type { KernelMemory } from './memory.js';
import { CONTROL_WORDS } from './memory.js';
import { KERNEL_NAMES } from './instance.js';
import type { WasmRuntime } from './instance.js';

// word indices of the control block (literal numbers inside runJob, which runs on both threads)
const SEQ = 0; // job number, written by the caller last
const CLAIM = 1; // (job number & 0x7fff) << 16 | next tile
const DONE = 2; // tiles finished
const READY = 3; // the helper is running
const FAILED = 4; // a tile's kernel threw (on either thread)
const ACTIVE = 6; // tiles being run now, by either thread (word 5 counts a job's packing tiles)
/** Checks of the job word the idle helper makes before it sleeps (some microseconds). */
const HELPER_SPIN = 4000;
/** Checks of the done count the caller makes before it sleeps (so a descheduled helper gets the core). */
const CALLER_SPIN = 2000;
/** How long the caller waits for a tile the helper holds before declaring it dead. */
const TIMEOUT_MS = 60_000;
/** Most tiles in one job (the counter's low 16 bits). */
export const MAX_TILES = 0xffff;

/**
 * Claims and runs tiles of the current job until none is left. Runs on both threads: it must not
 * refer to anything outside itself (the helper gets its source text).
 *
 * Job words from 8: [8] kind, [9] kernel index, [10] tile count, [11] element bytes, then
 * - kind 0, gemm tiles (`gemm_T`, each packing its own B): [12..15] a, sab, sam, sak,
 *   [16..19] b, sbb, sbk, sbn, [20..22] c, scb, ldc, [23..25] M, N, K, [26, 27] tile rows and
 *   columns, [28] tiles across;
 * - kind 1, B packed then row blocks against it, in one job: tiles below [22] pack groups of [17]
 *   columns with `packb_T` ([12..16] b, sbk, sbn, K, N; [18] packed B), the others each compute [21]
 *   rows of C = A·B with `gemm_pb_T` (the kernel at index [9] + 2): [19, 20] sam, sak, [23] a,
 *   [24] c, [25] ldc, [26] M. A row tile starts once every packing tile is done (word 5 counts
 *   them), so the threads meet once per product instead of twice.
 */
export function runJob(c: Int32Array, fns: readonly ((...args: number[]) => void)[], ws: number): number {
  const seq = Atomics.load(c, 0) & 0x7fff;
  // The job's words are read after a tile is claimed, never before: a thread descheduled between
  // reading SEQ and claiming may meet a later job whose 15-bit number wrapped round to the same
  // value (32768 jobs later: seconds of a busy machine), and must then run that job's tile with
  // that job's kernel and sizes. A claim that succeeds proves the job is the one now published:
  // its words cannot change until the claimed tile is done.
  let kind = 0;
  let f: (...args: number[]) => void = () => undefined;
  let es = 0;
  let ran = 0;
  for (;;) {
    // counted as active before the claim, so that a caller stopping the job sees every tile run
    Atomics.add(c, 6, 1);
    const v = Atomics.load(c, 1);
    const t = v & 0xffff;
    // the tile count of the job whose claim word was just read (written before it)
    const ntiles = c[10]!;
    if (v >>> 16 !== seq || t >= ntiles || Atomics.compareExchange(c, 1, v, v + 1) !== v) {
      Atomics.sub(c, 6, 1);
      if (v >>> 16 !== seq || t >= ntiles) return ran;
      continue;
    }
    kind = c[8]!;
    f = fns[c[9]!]!;
    es = c[11]!;
    try {
      runTile(t);
    } catch (e) {
      Atomics.store(c, 4, 1); // failed: set before the tile stops counting as active
      Atomics.sub(c, 6, 1);
      Atomics.notify(c, 2);
      throw e;
    }
    Atomics.sub(c, 6, 1);
    ran++;
    Atomics.add(c, 2, 1);
    Atomics.notify(c, 2);
  }

  function runTile(t: number): void {
    if (kind === 0) {
      const M = c[23]!;
      const N = c[24]!;
      const mt = c[26]!;
      const nt = c[27]!;
      const across = c[28]!;
      const perBatch = Math.ceil(M / mt) * across;
      const bi = Math.floor(t / perBatch);
      const rem = t - bi * perBatch;
      const i0 = Math.floor(rem / across) * mt;
      const j0 = (rem % across) * nt;
      f(
        c[12]! + (bi * c[13]! + i0 * c[14]!) * es, c[14]!, c[15]!,
        c[16]! + (bi * c[17]! + j0 * c[19]!) * es, c[18]!, c[19]!,
        c[20]! + (bi * c[21]! + i0 * c[22]! + j0) * es, c[22]!,
        Math.min(mt, M - i0), Math.min(nt, N - j0), c[25]!, ws,
      );
    } else {
      const np = c[22]!;
      if (t < np) {
        const j0 = t * c[17]!;
        f(c[12]! + j0 * c[14]! * es, c[13]!, c[14]!, c[15]!, Math.min(c[17]!, c[16]! - j0), c[18]! + j0 * c[15]! * es);
        Atomics.add(c, 5, 1);
        Atomics.notify(c, 5);
      } else {
        // wait for the packing tiles (the other thread may hold one)
        for (let spin = 0; Atomics.load(c, 5) < np; spin++) {
          if (Atomics.load(c, 4) !== 0) throw new Error('wasm backend: the helper thread failed while packing'); // the caller reports it
          if (spin > 2000) Atomics.wait(c, 5, Atomics.load(c, 5), 1);
        }
        const i0 = (t - np) * c[21]!;
        fns[c[9]! + 2]!(c[23]! + i0 * c[19]! * es, c[19]!, c[20]!, c[18]!, c[15]!, c[24]! + i0 * c[25]! * es, c[25]!, Math.min(c[21]!, c[26]! - i0), c[16]!, ws);
      }
    }
  }
}

// The helper's whole program (CommonJS, evaluated by worker_threads). `__name` covers bundlers
// that wrap named functions for keepNames.
const HELPER = `
const { workerData } = require('node:worker_threads');
const { module, memory, control, ws, names } = workerData;
const k = new WebAssembly.Instance(module, { env: { memory } }).exports;
const fns = names.map((n) => k[n]);
const c = new Int32Array(memory.buffer, control, ${CONTROL_WORDS});
var __name = (f) => f;
const runJob = ${runJob.toString()};
Atomics.store(c, ${READY}, 1);
Atomics.notify(c, ${READY});
let seen = 0;
for (;;) {
  let s = Atomics.load(c, ${SEQ});
  // spin a moment before sleeping (the next kernel of a training step often follows at once), but
  // only a moment: on a busy machine the spinning would take the core the caller needs
  for (let i = 0; s === seen && i < ${HELPER_SPIN}; i++) s = Atomics.load(c, ${SEQ});
  if (s === seen) {
    Atomics.wait(c, ${SEQ}, seen);
    continue;
  }
  seen = s;
  try {
    runJob(c, fns, ws);
  } catch (e) {
    // stop for good (runJob has flagged the failure): the caller reports it and runs later jobs alone
    break;
  }
}
`;

interface NodeProcess {
  versions?: { node?: string };
  /** Node ≥ 20.16: a built-in module, synchronously. */
  getBuiltinModule?: (id: string) => unknown;
}

// The little of node:worker_threads used here (the package compiles without Node's types).
interface WorkerThreads {
  Worker: new (source: string, opts: { eval: boolean; workerData: unknown }) => { unref(): void; on(event: 'error', f: (e: unknown) => void): void };
}

type State = 'off' | 'starting' | 'ready' | 'broken';

/** A job for {@link Pool.gemm}: C[b] = A[b]·B[b] for b < batch, cut into mt × nt tiles. Pointers in bytes, strides in elements. */
export interface GemmJob {
  kernel: 'gemm_f32' | 'gemm_f64';
  es: number;
  a: number; sab: number; sam: number; sak: number;
  b: number; sbb: number; sbk: number; sbn: number;
  c: number; scb: number; ldc: number;
  batch: number; M: number; N: number; K: number;
  mt: number; nt: number;
}

export class Pool {
  private state: State = 'off';
  private readonly ctl: Int32Array;
  private readonly fns: ((...args: number[]) => void)[];
  private seq = 0;

  constructor(
    private readonly rt: WasmRuntime,
    private readonly mem: KernelMemory,
  ) {
    this.ctl = mem.words(mem.control, CONTROL_WORDS);
    this.fns = KERNEL_NAMES.map((n) => rt.kernels[n] as (...args: number[]) => void);
  }

  /** False once the helper is known not to run here (no Node, failed to start, failed a job). */
  get usable(): boolean {
    return this.state !== 'broken';
  }

  /** Whether a helper thread is running now; asks for one to start (in the background) if none. */
  available(): boolean {
    if (this.state === 'ready') return true;
    if (this.state === 'starting' && Atomics.load(this.ctl, READY) === 1) {
      this.state = 'ready';
      return true;
    }
    if (this.state === 'off') void this.start();
    return false;
  }

  /**
   * Wakes a sleeping helper ahead of a job (it spins a moment, then sleeps again if none comes), so
   * that waking up, which takes tens of microseconds, overlaps the caller's staging of the operands.
   */
  wake(): void {
    if (this.state === 'ready') Atomics.notify(this.ctl, SEQ);
  }

  /** Runs a matrix product, its tiles shared with the helper when one is running. */
  gemm(j: GemmJob): void {
    const c = this.ctl;
    const across = Math.ceil(j.N / j.nt);
    const ntiles = j.batch * Math.ceil(j.M / j.mt) * across;
    c[8] = 0;
    c[9] = KERNEL_NAMES.indexOf(j.kernel);
    c[10] = ntiles;
    c[11] = j.es;
    c.set([j.a, j.sab, j.sam, j.sak, j.b, j.sbb, j.sbk, j.sbn, j.c, j.scb, j.ldc, j.M, j.N, j.K, j.mt, j.nt, across], 12);
    this.run(ntiles, this.mem.workspace);
  }

  /**
   * C [M, N] = A·B in one job: B [K, N] (any strides) packed whole into panels at `pb` in groups of
   * `cols` columns (a multiple of NR), then blocks of `rows` rows of C against it.
   */
  gemmPacked(t: 'f32' | 'f64', a: number, sam: number, sak: number, b: number, sbk: number, sbn: number, K: number, N: number, cols: number, pb: number, cp: number, ldc: number, M: number, rows: number): void {
    const c = this.ctl;
    const np = Math.ceil(N / cols);
    const ntiles = np + Math.ceil(M / rows);
    c[8] = 1;
    c[9] = KERNEL_NAMES.indexOf(t === 'f32' ? 'packb_f32' : 'packb_f64');
    c[10] = ntiles;
    c[11] = t === 'f32' ? 4 : 8;
    c.set([b, sbk, sbn, K, N, cols, pb, sam, sak, rows, np, a, cp, ldc, M], 12);
    c[5] = 0;
    this.run(ntiles, this.mem.workspace);
  }

  /** Publishes the job written from word 8, runs tiles here, and waits for the helper's. */
  private run(ntiles: number, ws: number): void {
    const c = this.ctl;
    const helper = this.available();
    const s = (this.seq = (this.seq + 1) & 0x7fff || 1);
    c[DONE] = 0;
    Atomics.store(c, CLAIM, s << 16);
    Atomics.store(c, SEQ, s);
    if (helper) Atomics.notify(c, SEQ);
    let err: unknown = null;
    try {
      runJob(c, this.fns, ws);
    } catch (e) {
      // no more claims; a helper tile in progress writes into the arena this call is about to give back
      err = e;
      Atomics.store(c, CLAIM, (s << 16) | MAX_TILES);
      this.waitIdle();
    }
    if (err === null && Atomics.load(c, DONE) !== ntiles) {
      this.wait(ntiles);
      if (Atomics.load(c, FAILED) !== 0) this.waitIdle();
    }
    // close the claim word before the next job's words are written: until that job opens it, no
    // thread can claim a tile, whatever tile count it reads
    Atomics.store(c, CLAIM, (s << 16) | MAX_TILES);
    if (Atomics.load(c, FAILED) !== 0) {
      // a tile failed, here or on the helper (which then stops for good): later jobs run here alone
      c[FAILED] = 0;
      this.state = 'broken';
      if (err === null) throw new Error(`wasm backend: a kernel failed on the helper thread (job ${s}); the helper is now off`);
    }
    if (err !== null) throw err;
  }

  private waitIdle(): void {
    const c = this.ctl;
    const t0 = Date.now();
    for (let a = Atomics.load(c, ACTIVE); a !== 0 && Date.now() - t0 < TIMEOUT_MS; a = Atomics.load(c, ACTIVE)) Atomics.wait(c, ACTIVE, a, 1);
  }

  private wait(ntiles: number): void {
    const c = this.ctl;
    for (let spin = 0; spin < CALLER_SPIN; spin++) if (Atomics.load(c, DONE) === ntiles || Atomics.load(c, FAILED) !== 0) return;
    const t0 = Date.now();
    for (;;) {
      const done = Atomics.load(c, DONE);
      if (done === ntiles || Atomics.load(c, FAILED) !== 0) return;
      Atomics.wait(c, DONE, done, 5);
      if (Date.now() - t0 > TIMEOUT_MS) {
        this.state = 'broken';
        throw new Error(`wasm backend: the helper thread did not finish its part of a kernel within ${TIMEOUT_MS} ms; the helper is now off`);
      }
    }
  }

  /**
   * Starts the helper: synchronously where Node offers `process.getBuiltinModule` (so that a
   * synchronous loop that never yields gets it too), else after a dynamic import.
   */
  private async start(): Promise<void> {
    const proc = (globalThis as { process?: NodeProcess }).process;
    if (proc?.versions?.node === undefined) {
      this.state = 'broken'; // no helper outside Node: single thread
      return;
    }
    this.state = 'starting';
    try {
      const spec = 'node:worker_threads';
      const wt = (proc.getBuiltinModule?.(spec) ?? (await import(/* @vite-ignore */ spec))) as WorkerThreads;
      const w = new wt.Worker(HELPER, {
        eval: true,
        workerData: { module: this.rt.module, memory: this.rt.memory, control: this.mem.control, ws: this.mem.helperWorkspace, names: KERNEL_NAMES },
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
