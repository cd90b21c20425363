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
import { getBackend, getBackendName } from '../backend/backend.js';
import type { AdamConstants, Backend } from '../backend/backend.js';
import { allocate } from '../dtype.js';
import { isAnomalyEnabled, isGradEnabled } from '../engine/mode.js';
import { setMinNumel } from '../ops/fuse.js';
import type { Storage } from '../storage.js';
import { Tensor } from '../tensor.js';
import { CompileError } from './errors.js';
import { setTracer, tracer } from './hooks.js';
import type { Graph } from './ir.js';
import { lower } from './lower.js';
import type { Step } from './lower.js';
import { planMemory } from './plan.js';
import type { Homes } from './plan.js';
import { Trace } from './trace.js';
import type { Bindings } from './trace.js';
import { wasmSpecial } from './wasm.js';
import { freeBlock } from './heap.js';
import { findChains, registerBuffers } from './fusion.js';
import type { Chain } from './fusion.js';
import type { Block } from './heap.js';

/** Whether compiled programs fuse elementwise chains (tests turn it off to compare). */
let fusion = true;

/** @internal Turns fused elementwise chains in compiled programs on or off; returns the previous setting. */
export function setCompileFusion(on: boolean): boolean {
  const prev = fusion;
  fusion = on;
  return prev;
}

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

/** A tensor argument, a leaf of a result, or a value that goes into the signature. */
type Leaf = Tensor | number | string | boolean | null | undefined;

const ids = new WeakMap<object, number>();
let nextId = 0;
const idOf = (o: object): number => ids.get(o) ?? (ids.set(o, ++nextId), nextId);

/** The tensors among `args` (in order) and the signature of everything else. */
function flattenArgs(args: readonly unknown[]): { tensors: Tensor[]; key: string } {
  const tensors: Tensor[] = [];
  const walk = (v: unknown): string => {
    if (v instanceof Tensor) {
      tensors.push(v);
      return `T${v.dtype}[${v.shape.join(',')}]`;
    }
    if (v === null || v === undefined || typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return JSON.stringify(v) ?? 'u';
    if (Array.isArray(v)) return `[${v.map(walk).join(',')}]`;
    if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
      return `{${Object.entries(v as Record<string, unknown>).map(([k, x]) => `${JSON.stringify(k)}:${walk(x)}`).join(',')}}`;
    }
    // a module, a function, anything else: by identity
    return `#${idOf(v as object)}`;
  };
  return { tensors, key: args.map(walk).join('|') };
}

/** `args` with every tensor replaced by `f(tensor)`. */
function mapArgs(args: readonly unknown[], f: (t: Tensor) => Tensor): unknown[] {
  const walk = (v: unknown): unknown => {
    if (v instanceof Tensor) return f(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, walk(x)]));
    }
    return v;
  };
  return args.map(walk);
}

/** The tensors of a result (in order) and how to build a result of the same form from new ones. */
function flattenResult(r: unknown): { tensors: Tensor[]; rebuild: (ts: readonly Tensor[]) => unknown } {
  const tensors: Tensor[] = [];
  const walk = (v: unknown, path: string): ((ts: readonly Tensor[]) => unknown) => {
    if (v instanceof Tensor) {
      const i = tensors.push(v) - 1;
      return (ts) => ts[i];
    }
    if (v === undefined || v === null) return () => v;
    if (Array.isArray(v)) {
      const parts = v.map((x, i) => walk(x, `${path}[${i}]`));
      return (ts) => parts.map((p) => p(ts));
    }
    if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
      const parts = Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, walk(x, `${path}.${k}`)] as const);
      return (ts) => Object.fromEntries(parts.map(([k, p]) => [k, p(ts)]));
    }
    const what = v instanceof Promise ? 'a Promise (compile takes synchronous functions)' : `a ${typeof v} (${String(v as Leaf)})`;
    throw new CompileError(
      `compile: the function returns ${what} at ${path}; a compiled function returns tensors (or arrays and plain objects of ` +
        'tensors), since a replay does not run its JavaScript: return a tensor and read it after the call.',
    );
  };
  return { tensors, rebuild: walk(r, 'result') };
}

/** One signature's captured program: its graph, memory, steps and what a call checks and does around them. */
class Program {
  readonly homes: Homes;
  steps: Step[];
  private readonly adam: AdamConstants[] = [];
  private readonly blocks: Block[] = [];
  private readonly chains: Chain[];
  private readonly liveTensors = new Map<number, Tensor>();
  private readonly inputBuffers: number[];
  private readonly stateBuffers: number[];
  private readonly resetBuffers: number[];
  private readonly mutatedStorages: Storage[];
  private readonly wasm: boolean;

  constructor(
    readonly graph: Graph,
    readonly bindings: Bindings,
    readonly rebuild: (ts: readonly Tensor[]) => unknown,
    readonly backend: Backend,
  ) {
    this.wasm = backend.name === 'wasm';
    this.chains = this.wasm && fusion ? findChains(graph) : [];
    this.homes = planMemory(
      graph,
      bindings,
      this.wasm,
      this.chains.map((c) => c.nodes),
      registerBuffers(graph, this.chains),
    );
    this.steps = this.lowered();
    const g = graph;
    this.inputBuffers = g.inputs.map((v) => g.values[v]!.buffer);
    this.stateBuffers = g.buffers.filter((b) => b.kind === 'state' && bindings.slotOf[b.id] === null && !this.homes.liveOut.has(b.id)).map((b) => b.id);
    this.resetBuffers = g.buffers.filter((b) => b.kind === 'temp' && b.data !== undefined).map((b) => b.id);
    this.mutatedStorages = [...bindings.written].filter((b) => g.buffers[b]!.kind === 'state' && bindings.slotOf[b] === null).map((b) => bindings.storages[b]!);
    for (const [b, s] of this.homes.liveOut) {
      const v = g.liveOut.find((id) => g.values[id]!.buffer === b)!;
      const val = g.values[v]!;
      this.liveTensors.set(v, new Tensor(s, val.shape, val.strides, val.offset, val.dtype));
    }
  }

  names: string[] = [];
  private lowered(): Step[] {
    const ctx = { adam: this.adam, checks: this.bindings.inlineChecks };
    for (const b of this.blocks.splice(0)) freeBlock(b);
    const keep = (b: Block): void => void this.blocks.push(b);
    const { steps, names } = lower(this.graph, this.homes, this.backend, ctx, this.wasm ? wasmSpecial(this.graph, this.homes, ctx, this.chains, keep) : null);
    this.names = names;
    return steps;
  }


  /** Whether a call with these tensor arguments can replay this program (no side effects). */
  guardsPass(): boolean {
    const b = this.bindings;
    for (const e of b.externals) {
      const t = e.tensor;
      if (t._storage !== e.storage || t.offset !== e.offset || !same(t.shape, e.shape) || !same(t.strides, e.strides)) return false;
    }
    for (const s of b.slotReads) {
      const g = s.owner._grad;
      if (s.entry === null ? g !== null : g === null || !same(g.shape, s.entry.shape) || g.dtype !== this.graph.values[s.entry.value]!.dtype) return false;
    }
    for (const gd of b.guards) if (!gd.holds()) return false;
    return true;
  }

  /** Copies the arguments in, runs the checks; false when a check gives another result (capture again). */
  prepare(args: readonly Tensor[]): boolean {
    const g = this.graph;
    const h = this.homes;
    const be = this.backend;
    args.forEach((t, i) => {
      const dst = h.arrays[this.inputBuffers[i]!]!;
      if (t._storage.read() !== dst) be.copy(t._in(), dst);
    });
    // state: the storages must still be the program's places (an eager write may have moved them)
    let moved = false;
    for (const buf of this.stateBuffers) {
      const s = this.bindings.storages[buf]!;
      if (s.read() === h.arrays[buf]) continue;
      if (this.wasm) s.rehome(h.arrays[buf]!);
      else {
        h.arrays[buf] = s.read();
        moved = true;
      }
    }
    if (moved) this.steps = this.lowered();
    for (const [buf, s] of h.liveOut) if (s.read() !== h.arrays[buf]) s.rehome(h.arrays[buf]!);
    // a .grad read before it is written: its elements, wherever they are now
    for (const s of this.bindings.slotReads) {
      if (s.entry === null) continue;
      const v = g.values[s.entry.value]!;
      const src = s.owner._grad!;
      const dst = h.arrays[v.buffer]!;
      if (src._storage.read() === dst && src.offset === v.offset && same(src.strides, v.strides)) continue;
      be.assign({ data: dst, shape: v.shape, strides: v.strides, offset: v.offset }, src._in());
    }
    for (const c of this.bindings.checks) {
      const values = c.values.map((id) => {
        const v = g.values[id]!;
        const out = allocate(v.dtype, v.shape.reduce((a, s) => a * s, 1));
        be.copy({ data: h.arrays[v.buffer]!, shape: v.shape, strides: v.strides, offset: v.offset }, out);
        return out;
      });
      if ((JSON.stringify(c.check(values)) ?? 'undefined') !== c.result) return false;
    }
    return true;
  }

  /** Runs the host side, the steps and the effects; returns the result. With `timings`, times each step into it. */
  run(timings: [string, number][] | null = null): unknown {
    const g = this.graph;
    const h = this.homes;
    for (const b of this.resetBuffers) h.arrays[b]!.set(g.buffers[b]!.data!);
    for (const a of this.bindings.host) {
      switch (a.kind) {
        case 'effect':
          a.run();
          break;
        case 'scalar':
          h.arrays[a.buffer]![0] = a.value();
          break;
        case 'fill':
          a.fill(h.arrays[a.buffer]!);
          break;
        case 'adam':
          this.adam[a.index] = a.constants();
          break;
      }
    }
    if (timings === null) for (const step of this.steps) step();
    else {
      for (let i = 0; i < this.steps.length; i++) {
        const t0 = performance.now();
        this.steps[i]!();
        timings.push([this.names[i]!, performance.now() - t0]);
      }
    }
    for (const s of this.mutatedStorages) s.version++;
    for (const w of this.bindings.slotWrites) {
      w.owner.grad = w.value === null ? null : (w.tensor ?? this.liveTensors.get(w.value)!);
    }
    const outs = g.outputs.map((id) => {
      const v = g.values[id]!;
      const out = allocate(v.dtype, v.shape.reduce((a, s) => a * s, 1));
      this.backend.copy({ data: h.arrays[v.buffer]!, shape: v.shape, strides: v.strides, offset: v.offset }, out);
      return Tensor.fromData(out, v.shape, v.dtype);
    });
    return this.rebuild(outs);
  }

  dispose(): void {
    for (const b of this.blocks.splice(0)) freeBlock(b);
    this.homes.release();
  }
}

function same(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
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
 * fresh copies.
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
