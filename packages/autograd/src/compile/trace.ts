/**
 * The capture: while a compiled function runs for real (eager, so the call's results are eager
 * mode's), every primitive, in-place write, `.grad` read and write and host declaration is reported
 * here and becomes a {@link Graph}, with the bindings that tie its buffers to the JavaScript
 * objects they stand for at later calls.
 *
 * How a storage becomes a buffer, the first time the capture meets it:
 * - the output of a primitive: a `temp`;
 * - a tensor argument (a fresh copy the capture made): an `input`;
 * - declared by a host helper: `host` (filled again at every call);
 * - created during the call and written by JavaScript (a literal, a scalar, zeros): a `constant`,
 *   its elements copied then; if a later node writes it, the buffer starts every call from them;
 * - anything else existed before the call (parameters, optimizer state, module buffers, a `.grad`
 *   read before it was written): `state`, which lives on between calls.
 * @module
 */
import type { AdamConstants, BinaryOp } from '../backend/backend.js';
import type { TypedArray } from '../dtype.js';
import type { Storage } from '../storage.js';
import type { Tensor } from '../tensor.js';
import { CompileError, whereInUserCode } from './errors.js';
import type { Tracer } from './hooks.js';
import type { Graph, GraphBuffer, GraphBufferKind, GraphNode, GraphOp, GraphRegion, GraphValue } from './ir.js';

/** What a call runs on the JavaScript side, in the order the capture met it. */
export type HostAction =
  | { readonly kind: 'effect'; readonly run: () => void }
  | { readonly kind: 'scalar'; readonly buffer: number; readonly value: () => number }
  | { readonly kind: 'fill'; readonly buffer: number; readonly fill: (out: TypedArray) => void }
  | { readonly kind: 'adam'; readonly index: number; readonly constants: () => AdamConstants };

/** A tensor that existed before the call, read by the capture: it must be the same at later calls. */
export interface External {
  readonly tensor: Tensor;
  readonly storage: Storage;
  readonly shape: readonly number[];
  readonly strides: readonly number[];
  readonly offset: number;
}

/** A `.grad` read before the call wrote it: at later calls it must again be null, or a tensor of this layout (copied into `buffer`). */
export interface SlotRead {
  readonly owner: Tensor;
  readonly entry: { readonly value: number; readonly shape: readonly number[]; readonly strides: readonly number[]; readonly offset: number } | null;
}

/** A `.grad` the call left set: to `value` (a graph value), or to null, or to a tensor object that lives on. */
export interface SlotWrite {
  readonly owner: Tensor;
  readonly value: number | null;
  /** The tensor to assign when the value's buffer is not a temp (state the user holds). */
  readonly tensor: Tensor | null;
}

/** A host check: `check` on the values of `values` gave `result` (JSON) at capture. */
export interface Check {
  readonly values: readonly number[];
  readonly check: (values: TypedArray[]) => unknown;
  readonly result: string;
}

/** Everything besides the graph that a call needs. */
export interface Bindings {
  /** Per buffer: the storage it stands for (state: the one to keep in place; others: the one met at capture). */
  readonly storages: readonly (Storage | null)[];
  /** Per buffer, for state read through `.grad` at entry: the slot it is copied from at every call. */
  readonly slotOf: readonly (Tensor | null)[];
  readonly externals: readonly External[];
  readonly slotReads: readonly SlotRead[];
  readonly slotWrites: readonly SlotWrite[];
  readonly host: readonly HostAction[];
  readonly guards: readonly Guard[];
  /** Checks of the call's entry values (arguments, state), run before the steps. */
  readonly checks: readonly Check[];
  /** Checks of values computed in the call, by the index of their `check` node. */
  readonly inlineChecks: readonly Check[];
  /** Buffers some node writes in place. */
  readonly written: ReadonlySet<number>;
}

const json = (v: unknown): string => JSON.stringify(v) ?? 'undefined';

/** Whether `v` is JSON data (compared by its text) rather than an object compared by identity. */
function isData(v: unknown): boolean {
  if (v === null || typeof v !== 'object') return typeof v !== 'function';
  if (Array.isArray(v)) return v.every(isData);
  return Object.getPrototypeOf(v) === Object.prototype && Object.values(v as object).every(isData);
}

/** A host guard: `read()` must give the captured value again (as JSON, or the same object). */
export class Guard {
  private readonly text: string | null;
  constructor(
    private readonly value: unknown,
    private readonly read: () => unknown,
  ) {
    this.text = isData(value) ? json(value) : null;
  }
  /** Whether the guard holds now. */
  holds(): boolean {
    const now = this.read();
    return this.text === null ? Object.is(now, this.value) : isData(now) && json(now) === this.text;
  }
}

interface MutableBuffer extends GraphBuffer {
  kind: GraphBufferKind;
  name: string;
  data?: TypedArray;
}

export class Trace implements Tracer {
  private readonly buffers: MutableBuffer[] = [];
  private readonly values: GraphValue[] = [];
  private readonly nodes: GraphNode[] = [];
  private readonly regions: GraphRegion[] = [];
  private readonly valueOf = new Map<Tensor, number>();
  private readonly bufferOf = new Map<Storage, number>();
  private readonly storages: (Storage | null)[] = [];
  private readonly slotOf: (Tensor | null)[] = [];
  private readonly bornTensors = new WeakSet<Tensor>();
  private readonly bornStorages = new WeakSet<Storage>();
  private readonly literals = new WeakSet<Storage>();
  private readonly hostStorages = new Map<Storage, HostAction>();
  private readonly externals = new Map<Tensor, External>();
  private readonly slots = new Map<Tensor, { read: SlotRead | null; written: boolean; final: Tensor | null }>();
  private readonly host: HostAction[] = [];
  private readonly guards: Guard[] = [];
  private readonly checks: Check[] = [];
  private readonly inlineChecks: Check[] = [];
  private readonly written = new Set<number>();
  private adams = 0;
  readonly inputs: number[] = [];

  /** Registers the tensor arguments (fresh contiguous copies made for the capture). */
  addInputs(args: readonly Tensor[]): void {
    args.forEach((t, i) => {
      const b = this.newBuffer('input', t, `argument ${i}`);
      this.inputs.push(this.newValue(t, b));
    });
  }

  // ---- Tracer ----------------------------------------------------------------------------------

  tensor(t: Tensor): void {
    this.bornTensors.add(t);
  }

  storage(t: Tensor): void {
    this.bornStorages.add(t._storage);
  }

  literal(t: Tensor): void {
    this.literals.add(t._storage);
  }

  op(op: string, inputs: readonly Tensor[], attrs: object, out: Tensor): void {
    const ins = inputs.map((t) => this.value(t));
    const known = this.bufferOf.get(out._storage);
    const buffer = known ?? this.newBuffer('temp', out, 'temp');
    const output = this.newValue(out, buffer);
    this.nodes.push({ op: op as GraphOp, inputs: ins, output, writes: [], attrs: { ...attrs } });
  }

  assign(dst: Tensor, src: Tensor): void {
    this.inPlace('assign', [dst, src], {});
  }

  update(op: BinaryOp, dst: Tensor, other: Tensor): void {
    this.inPlace(op, [dst, other], {});
  }

  adam(p: Tensor, g: Tensor, m: Tensor, v: Tensor, constants: () => AdamConstants): void {
    const index = this.adams++;
    this.host.push({ kind: 'adam', index, constants });
    const ins = [p, g, m, v].map((t) => this.value(t));
    this.nodes.push({ op: 'adam', inputs: ins, output: null, writes: [ins[0]!, ins[2]!, ins[3]!], attrs: { constants: index } });
    for (const w of [ins[0]!, ins[2]!, ins[3]!]) this.written.add(this.values[w]!.buffer);
  }

  unsupported(op: string, advice: string): void {
    throw new CompileError(`compile: ${op} cannot be captured yet: ${advice}.${whereInUserCode()}`);
  }

  read(t: Tensor, what: string): void {
    const shape = `${t.dtype} [${t.shape.join(', ')}]`;
    throw new CompileError(
      `compile: ${what} reads the values of a tensor (${shape}) inside the compiled function. A compiled function runs as a ` +
        'captured program that does not stop to hand values to JavaScript, so what it does cannot depend on them. ' +
        'Move the read out of the function: return the tensor and read the result (`step(x, y).item()`), or call ' +
        `the function without compile.${whereInUserCode()}`,
    );
  }

  gradRead(t: Tensor, g: Tensor | null): void {
    if (this.bornTensors.has(t)) return;
    const slot = this.slotFor(t);
    if (slot.written || slot.read !== null) return;
    if (g === null) {
      slot.read = { owner: t, entry: null };
      return;
    }
    const value = this.value(g);
    const buffer = this.values[value]!.buffer;
    const b = this.buffers[buffer]!;
    if (b.kind === 'state') {
      b.name = 'grad';
      this.slotOf[buffer] = t;
    }
    slot.read = { owner: t, entry: { value, shape: g.shape, strides: g.strides, offset: g.offset } };
  }

  gradWrite(t: Tensor, g: Tensor | null): void {
    if (this.bornTensors.has(t)) return;
    const slot = this.slotFor(t);
    slot.written = true;
    slot.final = g;
  }

  hostScalar(t: Tensor, value: () => number): void {
    const action: HostAction = { kind: 'scalar', buffer: this.newBuffer('host', t, 'host scalar'), value };
    this.hostStorages.set(t._storage, action);
    this.host.push(action);
  }

  /** Generators made during the capture: a replay would keep drawing from them, where eager code makes them anew. */
  private readonly capturedGenerators = new WeakSet<object>();

  generatorCreated(generator: object): void {
    this.capturedGenerators.add(generator);
  }

  hostFill(t: Tensor, fill: (out: TypedArray) => void, generator?: object): void {
    if (generator !== undefined && this.capturedGenerators.has(generator)) {
      throw new CompileError(
        'compile: a random draw from a Generator made inside the compiled function: each eager call makes that generator ' +
          'anew (the same numbers every call), but a replay would keep drawing from the one of the capture. Make the ' +
          `generator outside the function and pass it in.${whereInUserCode()}`,
      );
    }
    const action: HostAction = { kind: 'fill', buffer: this.newBuffer('host', t, 'random'), fill };
    this.hostStorages.set(t._storage, action);
    this.host.push(action);
  }

  hostEffect(run: () => void): void {
    this.host.push({ kind: 'effect', run });
  }

  hostGuard(value: unknown, read: () => unknown): void {
    this.guards.push(new Guard(value, read));
  }

  hostCheck(ts: readonly Tensor[], check: (values: TypedArray[]) => unknown, result: unknown): void {
    const values = ts.map((t) => this.value(t));
    const kinds = values.map((v) => this.buffers[this.values[v]!.buffer]!.kind);
    const c: Check = { values, check, result: json(result) };
    if (kinds.some((k) => k === 'temp' || k === 'host')) {
      // values computed in the call: checked where they stand in the program
      const index = this.inlineChecks.push(c) - 1;
      this.nodes.push({ op: 'check', inputs: values, output: null, writes: [], attrs: { index } });
      return;
    }
    // constants cannot change: nothing to check again
    if (kinds.every((k) => k === 'constant')) return;
    this.checks.push(c);
  }

  /** Marks nodes [first, nodes now) as the layer-level op `name`. */
  region(name: string, attrs: Record<string, unknown>, first: number, inputs: readonly Tensor[], outputs: readonly Tensor[]): void {
    if (this.nodes.length === first) return;
    this.regions.push({ name, attrs, first, end: this.nodes.length, inputs: inputs.map((t) => this.value(t)), outputs: outputs.map((t) => this.value(t)) });
  }

  /** The number of nodes recorded so far. */
  get length(): number {
    return this.nodes.length;
  }

  // ---- result ----------------------------------------------------------------------------------

  /** The graph and bindings, given the returned tensors. */
  finish(outputs: readonly Tensor[]): { graph: Graph; bindings: Bindings } {
    const outs = outputs.map((t) => this.value(t));
    const slotWrites: SlotWrite[] = [];
    const liveOut: number[] = [];
    for (const [owner, s] of this.slots) {
      if (!s.written) continue;
      if (s.final === null) {
        slotWrites.push({ owner, value: null, tensor: null });
        continue;
      }
      const value = this.value(s.final);
      const kind = this.buffers[this.values[value]!.buffer]!.kind;
      if (kind === 'temp') {
        liveOut.push(value);
        this.buffers[this.values[value]!.buffer]!.name = 'grad (live out)';
      }
      slotWrites.push({ owner, value, tensor: kind === 'temp' ? null : s.final });
    }
    // a constant some node writes starts every call from its captured elements
    for (const b of this.written) {
      const buf = this.buffers[b]!;
      if (buf.kind === 'constant') buf.kind = 'temp';
    }
    const regions = [...this.regions].sort((a, b) => a.first - b.first || b.end - a.end);
    const graph: Graph = { buffers: this.buffers, values: this.values, nodes: this.nodes, regions, inputs: this.inputs, outputs: outs, liveOut };
    const bindings: Bindings = {
      storages: this.storages,
      slotOf: this.slotOf,
      externals: [...this.externals.values()],
      slotReads: [...this.slots.values()].flatMap((s) => (s.read === null ? [] : [s.read])),
      slotWrites,
      host: this.host,
      guards: this.guards,
      checks: this.checks,
      inlineChecks: this.inlineChecks,
      written: this.written,
    };
    return { graph, bindings };
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private slotFor(t: Tensor): { read: SlotRead | null; written: boolean; final: Tensor | null } {
    let s = this.slots.get(t);
    if (s === undefined) this.slots.set(t, (s = { read: null, written: false, final: null }));
    return s;
  }

  private inPlace(op: GraphOp, ts: readonly Tensor[], attrs: Record<string, unknown>): void {
    const ins = ts.map((t) => this.value(t));
    this.nodes.push({ op, inputs: ins, output: null, writes: [ins[0]!], attrs });
    this.written.add(this.values[ins[0]!]!.buffer);
  }

  /** The value of a tensor met as an operand, made on first meeting. */
  private value(t: Tensor): number {
    const known = this.valueOf.get(t);
    if (known !== undefined) return known;
    let buffer = this.bufferOf.get(t._storage);
    if (buffer === undefined) {
      if (this.hostStorages.has(t._storage)) throw new Error('compile: internal error: a host buffer was not registered');
      if (this.bornStorages.has(t._storage)) {
        // a fresh storage that no reported op computed: it must be a literal JavaScript wrote
        if (!this.literals.has(t._storage)) {
          throw new CompileError(
            `compile: internal error: a ${t.dtype} tensor of shape [${t.shape.join(', ')}] was computed by an op that does not ` +
              `report to the capture (every primitive must call the tracer); please report this.${whereInUserCode()}`,
          );
        }
        buffer = this.newBuffer('constant', t, 'constant');
        this.buffers[buffer]!.data = t._storage.read().slice();
      } else {
        buffer = this.newBuffer('state', t, 'state');
      }
    }
    if (!this.bornTensors.has(t) && !this.externals.has(t)) {
      this.externals.set(t, { tensor: t, storage: t._storage, shape: t.shape, strides: t.strides, offset: t.offset });
    }
    return this.newValue(t, buffer);
  }

  private newBuffer(kind: GraphBufferKind, t: Tensor, name: string): number {
    const id = this.buffers.length;
    this.buffers.push({ id, kind, dtype: t.dtype, numel: t._storage.read().length, name });
    this.bufferOf.set(t._storage, id);
    this.storages.push(t._storage);
    this.slotOf.push(null);
    return id;
  }

  private newValue(t: Tensor, buffer: number): number {
    const id = this.values.length;
    this.values.push({ id, buffer, shape: [...t.shape], dtype: t.dtype, strides: [...t.strides], offset: t.offset });
    this.valueOf.set(t, id);
    return id;
  }
}
