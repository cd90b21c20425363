/**
 * `compile(fn)`: captures a function of tensors (a whole training step: forward, backward through
 * the recorded graph, the optimizer's update) into a {@link Graph} and runs it from then on as a
 * program with a static memory plan, like `torch.compile`.
 *
 * For each signature (the tensor arguments' shapes and dtypes, the other arguments' values, the
 * backend, grad mode) the first call runs eagerly (a warm-up: optimizers create their state on
 * their first step), the second runs eagerly while it is captured, and later calls replay the
 * program. A replay checks its guards first (the tensors the program keeps are still the
 * parameters' storage, `.grad` is set as at capture, `module.training` and the optimizers' options
 * are unchanged, the checks of input values give the same results); when one fails, the call is
 * captured again.
 * @module
 */
import { getBackend, getBackendName } from '../backend/registry.js';
import { allocate } from '../dtype.js';
import { isAnomalyEnabled, isGradEnabled } from '../engine/mode.js';
import { setMinNumel } from '../ops/fuse.js';
import { Tensor } from '../tensor.js';
import { flattenArgs, flattenResult, mapArgs } from './args.js';
import { CompileError } from './errors.js';
import { setTracer, tracer } from './hooks.js';
import type { Graph } from './ir.js';
import { Program } from './program.js';
import { Trace } from './trace.js';


/**
 * Options of {@link compile}.
 * @example
 * ```ts
 * const opts: CompileOptions = { warmup: 2, maxSignatures: 4 };
 * opts.warmup; // 2
 * ```
 */
export interface CompileOptions {
  /** Eager calls before the capture, for each new signature (default 1: optimizers create their state on their first step). */
  warmup?: number;
  /** Most signatures kept, each with its program (default 8); the least recently used goes first. */
  maxSignatures?: number;
}

/**
 * What {@link compile} returns: the function, plus what it captured.
 * @example
 * ```ts
 * import { compile, tensor } from '@chainrule/autograd';
 * const f: CompiledFunction<[Tensor], Tensor> = compile((x: Tensor) => x.square().sum());
 * for (let i = 0; i < 4; i++) f(tensor([1, 2]));
 * f.stats(); // { eager: 1, captures: 1, replays: 2 }
 * ```
 */
export interface CompiledFunction<A extends unknown[], R> {
  /** Calls the function: eagerly, captured, or replayed (see {@link compile}). */
  (...args: A): R;
  /**
   * The graphs captured so far, one per signature.
   * @returns the graphs.
   */
  graphs(): Graph[];
  /**
   * How the calls so far ran.
   * @returns counts of eager calls (warm-up), captures and replays.
   */
  stats(): { eager: number; captures: number; replays: number };
  /** Drops every captured program and gives its memory back: the next calls warm up and capture again. */
  reset(): void;
  /** @internal Replays one call timing each step (milliseconds), or returns null when the call would not replay. */
  _profile(...args: A): [string, number][] | null;
}

/** Runs `fn` on fresh copies of its tensor arguments while recording it; returns its result and the program. */
function capture(fn: (...args: never[]) => unknown, args: readonly unknown[]): { result: unknown; program: Program } {
  const copies: Tensor[] = [];
  const callArgs = mapArgs(args, (t) => {
    if (t.requiresGrad) {
      throw new CompileError(
        'compile: a tensor argument requires grad; a compiled function takes data as its arguments and reads parameters ' +
          'from the model or optimizer it uses (gradients of arguments are not captured). Pass x.detach() if you meant the values.',
      );
    }
    const c = Tensor.fromData(allocate(t.dtype, t.numel()), t.shape, t.dtype);
    getBackend().copy(t._in(), c._out());
    copies.push(c);
    return c;
  });
  const trace = new Trace();
  trace.addInputs(copies);
  const fuse = setMinNumel(Number.POSITIVE_INFINITY);
  const prev = setTracer(trace);
  let result: unknown;
  try {
    result = fn(...(callArgs as never[]));
  } finally {
    setTracer(prev);
    setMinNumel(fuse);
  }
  const { tensors, rebuild } = flattenResult(result);
  for (const t of tensors) {
    if (t.gradFn !== null && !t.gradFn.released) {
      throw new CompileError(
        'compile: the function returns a tensor that requires grad, whose graph no backward() inside the function used. ' +
          'A compiled function captures whole steps: call backward() (and the optimizer step) inside it; for inference, ' +
          'wrap the body in noGrad(() => ...).',
      );
    }
  }
  const { graph, bindings } = trace.finish(tensors);
  return { result, program: new Program(graph, bindings, rebuild, getBackend()) };
}

interface Entry {
  eager: number;
  program: Program | null;
}

/**
 * Compiles a function of tensors, like `torch.compile`: typically a whole training step. The
 * result is a function of the same signature whose calls give what eager calls give (the same
 * kernels, so the same bits), but that runs as a captured program: no JavaScript of `fn` runs at
 * a replay, no memory is allocated but the returned tensors, parameters, gradients and optimizer
 * state stay in place in the kernel memory between calls, and the kernels run on pointers.
 *
 * For each new signature (shapes and dtypes of the tensor arguments, the other arguments' values)
 * the first call runs eagerly, the second is captured while it runs eagerly, and later calls
 * replay; a guard that fails (see the module comment) captures again. The graphs are available for
 * other back ends through {@link CompiledFunction.graphs}.
 *
 * What it cannot capture it refuses with a {@link CompileError} saying what to move out: reading
 * tensor values inside (`item()`, `toArray()`, `tolist()`, `data`, printing) and so branching on
 * them, returning anything but tensors, tensor arguments that require grad, and results that still
 * need a backward. JavaScript values the function reads (closure variables, `Date.now()`) are fixed
 * at capture, as in `jax.jit`: pass them as arguments (a new value is a new signature), or use
 * {@link hostScalar} for numbers that change from call to call. In anomaly mode, and inside another
 * capture, the function runs eagerly.
 *
 * NOTE: the tensors a compiled step leaves in `.grad` are the same objects from call to call,
 * overwritten by each call (as the parameters are); clone one to keep it. Returned tensors are
 * fresh copies. Tensor arguments are copied in: an in-place change the function makes to one does
 * not reach the caller's tensor.
 * @param fn - the function: tensors (or arrays and plain objects of them, and other values) in,
 *   tensors out.
 * @param opts - `warmup` (eager calls before capture, default 1), `maxSignatures` (default 8).
 * @returns the compiled function.
 * @throws CompileError (from a call) when the function cannot be captured.
 * @example
 * ```ts
 * import { compile, manualSeed, randint, randn } from '@chainrule/autograd';
 * import type { Tensor } from '@chainrule/autograd';
 * import { nn, optim } from '@chainrule/nn';
 * import * as F from '@chainrule/nn/functional';
 * manualSeed(0);
 * const model = new nn.Sequential(new nn.Linear(4, 8), new nn.ReLU(), new nn.Linear(8, 3));
 * const opt = new optim.Adam(model.parameters(), { lr: 0.01 });
 * const step = compile((x: Tensor, y: Tensor) => {
 *   opt.zeroGrad();
 *   const loss = F.crossEntropy(model.forward(x), y);
 *   loss.backward();
 *   opt.step();
 *   return loss;
 * });
 * const x = randn([16, 4]);
 * const y = randint(0, 3, [16]);
 * const first = step(x, y).item();
 * for (let i = 0; i < 50; i++) step(x, y);
 * step(x, y).item() < first; // true
 * step.stats().replays; // 50
 * ```
 */
export function compile<R>(fn: (...args: Tensor[]) => R, opts?: CompileOptions): CompiledFunction<Tensor[], R>;
export function compile<A extends unknown[], R>(fn: (...args: A) => R, opts?: CompileOptions): CompiledFunction<A, R>;
export function compile<A extends unknown[], R>(fn: (...args: A) => R, opts: CompileOptions = {}): CompiledFunction<A, R> {
  if (typeof fn !== 'function') throw new TypeError(`compile: expected a function, got ${typeof fn}`);
  const warmup = opts.warmup ?? 1;
  const maxSignatures = opts.maxSignatures ?? 8;
  if (!Number.isInteger(warmup) || warmup < 0) throw new RangeError(`compile: warmup must be a non-negative integer, got ${warmup}`);
  if (!Number.isInteger(maxSignatures) || maxSignatures < 1) throw new RangeError(`compile: maxSignatures must be a positive integer, got ${maxSignatures}`);
  const cache = new Map<string, Entry>();
  const stats = { eager: 0, captures: 0, replays: 0 };

  const call = (...args: A): R => {
    // inside another capture the outer one records these ops; in anomaly mode, eager for the checks
    if (tracer !== null || isAnomalyEnabled()) return fn(...args);
    const { tensors, key: argKey } = flattenArgs(args);
    const key = `${getBackendName()}|${isGradEnabled() ? 'g' : 'n'}|${argKey}`;
    let entry = cache.get(key);
    if (entry === undefined) {
      entry = { eager: 0, program: null };
      if (cache.size >= maxSignatures) {
        const [oldest, e] = cache.entries().next().value as [string, Entry];
        e.program?.dispose();
        cache.delete(oldest);
      }
    }
    // most recently used last
    cache.delete(key);
    cache.set(key, entry);
    const p = entry.program;
    if (p !== null) {
      if (p.backend === getBackend() && p.guardsPass() && p.prepare(tensors)) {
        stats.replays++;
        return p.run() as R;
      }
      p.dispose();
      entry.program = null;
    } else if (entry.eager < warmup) {
      entry.eager++;
      stats.eager++;
      return fn(...args);
    }
    const { result, program } = capture(fn as (...args: never[]) => unknown, args);
    entry.program = program;
    stats.captures++;
    return result as R;
  };
  const profile = (...args: A): [string, number][] | null => {
    const { tensors, key: argKey } = flattenArgs(args);
    const p = cache.get(`${getBackendName()}|${isGradEnabled() ? 'g' : 'n'}|${argKey}`)?.program;
    if (p === null || p === undefined || p.backend !== getBackend() || !p.guardsPass() || !p.prepare(tensors)) return null;
    const timings: [string, number][] = [];
    p.run(timings);
    stats.replays++;
    return timings;
  };
  return Object.assign(call, {
    _profile: profile,
    graphs: (): Graph[] => [...cache.values()].flatMap((e) => (e.program === null ? [] : [e.program.graph])),
    stats: () => ({ ...stats }),
    reset: (): void => {
      for (const e of cache.values()) e.program?.dispose();
      cache.clear();
    },
  });
}
