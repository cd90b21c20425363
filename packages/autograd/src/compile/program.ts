/**
 * A captured program: one signature's graph with its memory plan and steps, and what a call does
 * around them: the guards (may it replay?), the arguments and `.grad` copied in, the checks of
 * input values, the host side (effects, scalars, random numbers, Adam's constants), the steps, and
 * the effects on JavaScript state (`.grad`, versions) and the result.
 * @module
 */
import type { AdamConstants, Backend } from '../backend/backend.js';
import { allocate } from '../dtype.js';
import type { Storage } from '../storage.js';
import { Tensor } from '../tensor.js';
import { findChains, registerBuffers } from './fusion.js';
import type { Chain } from './fusion.js';
import { freeBlock } from './heap.js';
import type { Block } from './heap.js';
import type { Graph } from './ir.js';
import { lower } from './lower.js';
import type { Step } from './lower.js';
import { planMemory } from './plan.js';
import type { Homes } from './plan.js';
import type { Bindings } from './trace.js';
import { wasmSpecial } from './wasm.js';

/** Whether compiled programs fuse elementwise chains (tests turn it off to compare). */
let fusion = true;

/** @internal Turns fused elementwise chains in compiled programs on or off; returns the previous setting. */
export function setCompileFusion(on: boolean): boolean {
  const prev = fusion;
  fusion = on;
  return prev;
}

/** One signature's captured program: its graph, memory, steps and what a call checks and does around them. */
export class Program {
  readonly homes: Homes;
  steps: Step[];
  /** What each step runs, for a profile. */
  names: string[] = [];
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

  /** Lowers the graph over the current homes (again when state moved on the JS backend). */
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
