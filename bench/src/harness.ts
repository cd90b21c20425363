/**
 * Timing: every library's implementation of a case runs in the same process, interleaved round by
 * round, after a warm-up, with a GC and an event-loop turn before each sample (so no library pays
 * for another's garbage). A sample times `reps` back-to-back calls; the figure is the median sample.
 * @module
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** One library's way of computing a case. */
export interface Impl {
  /** Column name, e.g. 'chainrule-wasm'. */
  lib: string;
  /** Makes this library's backend current (tfjs.setBackend, chainrule setBackend). */
  activate: () => Promise<void> | void;
  /** The timed work; returns the result (tensor or number). */
  run: () => unknown;
  /** Releases a result (tfjs dispose); called on every result but the last. */
  release?: (r: unknown) => void;
  /** Checks the last result against the reference: an error message, or null when right. */
  check: (r: unknown) => string | null;
  /** Skip this library for this case, with the reason shown in the table. */
  skip?: string | undefined;
  /**
   * For a library timed elsewhere (PyTorch, in its own process): runs `reps` calls there and
   * returns the milliseconds per call and the last result. When present, `run` is not called.
   */
  sample?: (reps: number) => Promise<{ ms: number; last: unknown }>;
}

/** What one library measured on one case. */
export interface Measured {
  lib: string;
  /** Median milliseconds per call, or null when skipped or wrong. */
  ms: number | null;
  samples: number[];
  note?: string;
  /** PyTorch: each thread count's median (the figure is the better one). */
  threads?: string;
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

async function quiet(): Promise<void> {
  gc();
  await tick();
  await tick();
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * Measures every implementation, interleaved.
 * @param impls - one per library.
 * @param opts - samples per library, and the least time a sample should take (reps are chosen to reach it).
 */
export async function measure(impls: Impl[], opts: { samples?: number; sampleMs?: number } = {}): Promise<Measured[]> {
  const samples = opts.samples ?? 15;
  const sampleMs = opts.sampleMs ?? 25;
  const live = impls.filter((i) => i.skip === undefined);
  const reps = new Map<Impl, number>();
  const results = new Map<Impl, number[]>();
  const last = new Map<Impl, unknown>();
  const runOnce = (impl: Impl): void => {
    const r = impl.run();
    const prev = last.get(impl);
    if (prev !== undefined) impl.release?.(prev);
    last.set(impl, r);
  };
  // an implementation that throws (a kernel a peer lacks) is reported in the table, not fatal
  const failed = new Map<Impl, string>();
  // warm-up: at least 3 calls and 100 ms (1 call for very slow ones); sets reps per sample
  for (const impl of [...live]) {
    try {
      await warmUp(impl);
    } catch (e) {
      failed.set(impl, `failed: ${(e as Error).message.split('\n')[0]}`);
      live.splice(live.indexOf(impl), 1);
    }
  }
  async function warmUp(impl: Impl): Promise<void> {
    await impl.activate();
    await quiet();
    if (impl.sample !== undefined) {
      let per = NaN;
      for (let n = 1, spent = 0; spent < 100 && n <= 4096; n *= 2) {
        const r = await impl.sample(n);
        last.set(impl, r.last);
        per = r.ms;
        spent += r.ms * n;
        if (!Number.isFinite(r.ms) || r.ms * n > 1500) break;
      }
      reps.set(impl, Number.isFinite(per) ? Math.max(1, Math.min(1000, Math.round(sampleMs / per))) : 1);
      results.set(impl, []);
      return;
    }
    let n = 0;
    const t0 = performance.now();
    while (n < 3 || performance.now() - t0 < 100) {
      runOnce(impl);
      n++;
      if (performance.now() - t0 > 1500) break;
    }
    const per = (performance.now() - t0) / n;
    reps.set(impl, Math.max(1, Math.min(1000, Math.round(sampleMs / per))));
    results.set(impl, []);
  }
  for (let s = 0; s < samples; s++) {
    for (const impl of live) {
      const k = reps.get(impl)!;
      const xs = results.get(impl)!;
      // slow implementations (over 0.5 s a call) get 3 samples
      if (k === 1 && xs.length >= 3 && xs[0]! > 500) continue;
      await impl.activate();
      await quiet();
      if (impl.sample !== undefined) {
        const r = await impl.sample(k);
        last.set(impl, r.last);
        if (Number.isFinite(r.ms)) xs.push(r.ms);
        continue;
      }
      const t0 = performance.now();
      for (let i = 0; i < k; i++) runOnce(impl);
      xs.push((performance.now() - t0) / k);
    }
  }
  const out: Measured[] = [];
  for (const impl of impls) {
    if (impl.skip !== undefined || failed.has(impl)) {
      out.push({ lib: impl.lib, ms: null, samples: [], note: impl.skip ?? failed.get(impl)! });
      continue;
    }
    await impl.activate();
    const err = impl.check(last.get(impl));
    const xs = results.get(impl)!;
    if (err !== null) out.push({ lib: impl.lib, ms: null, samples: xs, note: `WRONG RESULT: ${err}` });
    else out.push({ lib: impl.lib, ms: median(xs), samples: xs });
    const r = last.get(impl);
    if (r !== undefined) impl.release?.(r);
  }
  return out;
}

/** Deterministic test data (a 32-bit LCG mapped to [-1, 1)): the same for every library. */
export function data(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

/** Max relative error of `got` against `want` (scaled by `scale[i]` or 1 + |want|). */
export function maxRelErr(got: ArrayLike<number>, want: ArrayLike<number>, scale?: ArrayLike<number>): number {
  if (got.length !== want.length) return Infinity;
  let e = 0;
  for (let i = 0; i < want.length; i++) {
    const d = Math.abs(got[i]! - want[i]!) / (scale ? scale[i]! : 1 + Math.abs(want[i]!));
    if (!(d <= e)) e = Number.isNaN(d) ? Infinity : Math.max(e, d);
  }
  return e;
}
