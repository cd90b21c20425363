/**
 * One export's state: the nodes written so far, the initializers (parameters and buffers under
 * their state-dict names), the named sizes and where each can be read at run time, and the stack
 * of modules being converted (for node names and error messages). Traced tensors (traced.ts) and
 * layer conversions (layers.ts) write the graph through it.
 * @module
 */
import { Tensor } from '@chainrule/autograd';
import type { DType } from '@chainrule/autograd';
import type { AnyModule } from '../module.js';
import { decodeDim, dimValue, factors, showDims } from './dims.js';
import type { Dim } from './dims.js';
import { AttributeType } from './proto.js';
import type { AttributeProto, NodeProto, TensorProto } from './proto.js';
import { int64Proto, toProto } from './tensors.js';
import { Traced } from './traced.js';

/**
 * An attribute of an ONNX node, with its type said explicitly (the op's schema decides it: an
 * integer-valued `alpha` is still a float): `{ f }` float, `{ i }` int, `{ s }` string, `{ floats }`,
 * `{ ints }`, `{ strings }`, `{ t }` tensor.
 * @example
 * ```ts
 * const alpha: OnnxAttribute = { f: 1 };
 * const perm: OnnxAttribute = { ints: [0, 2, 1] };
 * ```
 */
export type OnnxAttribute =
  | { f: number }
  | { i: number }
  | { s: string }
  | { floats: readonly number[] }
  | { ints: readonly number[] }
  | { strings: readonly string[] }
  | { t: Tensor };

/**
 * Thrown by {@link exportOnnx} for what it cannot export, naming the module (its dotted path and
 * class) and the op.
 * @example
 * ```ts
 * class Cumulative extends nn.Module {
 *   forward(x: Tensor): Tensor {
 *     return tensor(Array.from(x.toArray()));
 *   }
 * }
 * let error: unknown;
 * try {
 *   exportOnnx(new nn.Sequential(new Cumulative()), [ones([2])]);
 * } catch (e) {
 *   error = e;
 * }
 * (error as OnnxExportError).modulePath; // '0'
 * (error as OnnxExportError).op; // 'Tensor.toArray'
 * ```
 */
export class OnnxExportError extends Error {
  /** `'OnnxExportError'`. */
  override name = 'OnnxExportError';
  /**
   * @param message - the message (it names the module and the op).
   * @param modulePath - the dotted path of the module being converted ('' for the model itself).
   * @param op - the op or layer that has no conversion.
   */
  constructor(
    message: string,
    /** The dotted path of the module being converted ('' for the model itself). */
    readonly modulePath: string,
    /** The op or layer that has no conversion. */
    readonly op: string,
  ) {
    super(message);
  }
}

/** An attribute as conversions give it, or a tensor proto already made (Constant's value). */
export type Attr = OnnxAttribute | { tp: TensorProto };

/** The type and dims of an output of a node. */
export interface OutputSpec {
  dims: readonly Dim[];
  dtype: DType;
}

/** An input of a node: a traced tensor, a raw value name (int64 shapes and axes), or null for an omitted optional input. */
export type NodeInput = Traced | string | null;

/** The state of one export. */
export class Trace {
  readonly nodes: NodeProto[] = [];
  readonly initializers: TensorProto[] = [];
  /** Domains of custom ops used, besides ONNX's. */
  readonly domains = new Set<string>();
  /** Names of the initializers that are buffers (the importer keeps them out of the parameters). */
  readonly bufferNames: string[] = [];
  /** The stand-in value of each named size. */
  readonly sizes = new Map<string, number>();
  /** Stand-in primes of the dynamic axes, to read sizes a forward computed back as dims. */
  readonly primes = new Map<number, string>();
  /** A value and axis where each named size can be read at run time. */
  readonly #sources = new Map<string, [string, number]>();
  readonly #names = new Set<string>();
  readonly #params = new Map<Tensor, [string, boolean]>();
  readonly #byStorage = new Map<unknown, Tensor[]>();
  readonly #lifted = new Map<Tensor, Traced>();
  readonly #consts = new Map<string, string>();
  readonly #shapes = new Map<string, string>();
  readonly #scopes: { path: string; module: AnyModule }[] = [];
  #fresh = 0;

  constructor(
    readonly model: AnyModule,
    readonly opset: number,
  ) {
    for (const [name, p] of model.namedParameters()) this.#addParam(p, name, false);
    for (const [name, b] of model.namedBuffers()) if (!this.#params.has(b)) this.#addParam(b, name, true);
  }

  #addParam(t: Tensor, name: string, buffer: boolean): void {
    this.#params.set(t, [name, buffer]);
    this.#names.add(name);
    const list = this.#byStorage.get(t._storage) ?? [];
    list.push(t);
    this.#byStorage.set(t._storage, list);
  }

  // ---- scopes and errors ------------------------------------------------------------------------

  /** The module being converted, innermost. */
  get scope(): { path: string; module: AnyModule } {
    return this.#scopes[this.#scopes.length - 1] ?? { path: '', module: this.model };
  }

  /** Runs `fn` with `module` (at `path`) as the module being converted. */
  within<T>(path: string, module: AnyModule, fn: () => T): T {
    this.#scopes.push({ path, module });
    try {
      return fn();
    } finally {
      this.#scopes.pop();
    }
  }

  /** Throws an {@link OnnxExportError} naming the module being converted and the op. */
  fail(op: string, problem: string): never {
    const { path, module } = this.scope;
    const where = path === '' ? `the model (${module.getName()})` : `module '${path}' (${module.getName()})`;
    throw new OnnxExportError(`exportOnnx: ${where}: ${op}: ${problem}`, path, op);
  }

  // ---- names and sizes --------------------------------------------------------------------------

  /** A value or node name not used yet, `base` when free. */
  unique(base: string): string {
    let name = base;
    for (let k = 1; this.#names.has(name); k++) name = `${base}_${k}`;
    this.#names.add(name);
    return name;
  }

  /** Claims a name (a graph input's): false when it is taken. */
  claim(name: string): boolean {
    if (this.#names.has(name)) return false;
    this.#names.add(name);
    return true;
  }

  /** The stand-in shape of dims. */
  concrete(dims: readonly Dim[]): number[] {
    return dims.map((d) => dimValue(d, this.sizes));
  }

  /** A new named size for one computed in a way a product cannot say, with its stand-in value. */
  freshDim(value: number): Dim {
    const name = `unk__${this.#fresh++}`;
    this.sizes.set(name, value);
    return name;
  }

  /** Sizes a forward passed (computed from `shape`) back as dims. */
  decode(n: number): Dim {
    return decodeDim(n, this.primes);
  }

  /** Records where the named sizes in a new value's dims can be read. */
  #noteSources(name: string, dims: readonly Dim[]): void {
    dims.forEach((d, axis) => {
      if (typeof d === 'string' && !d.includes('*') && !this.#sources.has(d)) this.#sources.set(d, [name, axis]);
    });
  }

  // ---- nodes ------------------------------------------------------------------------------------

  #nodeName(op: string): string {
    const path = this.scope.path;
    return this.unique(path === '' ? `/${op}` : `/${path.split('.').join('/')}/${op}`);
  }

  /** A traced value named `name` (an existing graph value). */
  value(name: string, dims: readonly Dim[], dtype: DType): Traced {
    this.#noteSources(name, dims);
    return new Traced(this, name, dims, dtype);
  }

  /**
   * Writes a node whose outputs are raw values (int64 shapes): their names.
   * @param op - the op type.
   * @param inputs - its inputs.
   * @param attrs - its attributes.
   * @param outputs - how many outputs.
   * @param domain - the op's domain ('' for ONNX's).
   */
  raw(op: string, inputs: readonly NodeInput[], attrs: Readonly<Record<string, Attr>> = {}, outputs = 1, domain = ''): string[] {
    const name = this.#nodeName(op);
    const outs = Array.from({ length: outputs }, (_, i) => this.unique(`${name}_output_${i}`));
    const input = inputs.map((x) => (x === null ? '' : typeof x === 'string' ? x : x.onnxName));
    // omitted optional inputs at the end are left out (onnxruntime crashes on a trailing '' in LayerNormalization)
    while (input.length > 0 && input[input.length - 1] === '') input.pop();
    const node: NodeProto = {
      input,
      output: outs,
      name,
      opType: op,
      attribute: Object.entries(attrs).map(([k, v]) => attribute(k, v)),
    };
    if (domain !== '') {
      node.domain = domain;
      this.domains.add(domain);
    }
    this.nodes.push(node);
    return outs;
  }

  /** Writes a node and returns its outputs as traced values. */
  emit(op: string, inputs: readonly NodeInput[], attrs: Readonly<Record<string, Attr>>, outputs: readonly OutputSpec[], domain = ''): Traced[] {
    const names = this.raw(op, inputs, attrs, outputs.length, domain);
    return outputs.map((o, i) => this.value(names[i]!, o.dims, o.dtype));
  }

  /** {@link Trace.emit} for one output. */
  emit1(op: string, inputs: readonly NodeInput[], attrs: Readonly<Record<string, Attr>>, dims: readonly Dim[], dtype: DType): Traced {
    return this.emit(op, inputs, attrs, [{ dims, dtype }])[0]!;
  }

  // ---- constants and parameters -----------------------------------------------------------------

  /** A Constant node holding `proto` (cached by `key` when given). */
  #constant(proto: TensorProto, key?: string): string {
    if (key !== undefined) {
      const hit = this.#consts.get(key);
      if (hit !== undefined) return hit;
    }
    const [out] = this.raw('Constant', [], { value: { tp: proto } });
    if (key !== undefined) this.#consts.set(key, out!);
    return out!;
  }

  /** An int64 vector constant (shapes, axes, slice bounds). */
  ints(values: readonly number[]): string {
    return this.#constant(int64Proto(values), `i64:${values.join(',')}`);
  }

  /** A 0-dim int64 constant. */
  int(value: number): string {
    return this.#constant(int64Proto([value], []), `i64s:${value}`);
  }

  /** A 0-dim constant of `dtype`. */
  scalar(value: number, dtype: DType): Traced {
    const key = `s:${dtype}:${Object.is(value, -0) ? '-0' : value}`;
    const t = Tensor.empty([], dtype);
    t._out()[0] = dtype === 'bool' ? Number(Boolean(value)) : value;
    return this.value(this.#constant(toProto(t, ''), key), [], dtype);
  }

  /** A constant holding a tensor's current values. */
  constant(t: Tensor): Traced {
    return this.value(this.#constant(toProto(t, '')), t.shape, t.dtype);
  }

  /**
   * A real tensor as a traced value: a parameter or buffer of the model becomes its initializer
   * (once, under its state-dict name); a view of one (transposed, reshaped) the initializer with a
   * Transpose or Reshape; any other tensor a constant with its current values.
   */
  lift(t: Tensor): Traced {
    if (t instanceof Traced) {
      if (t.trace !== this) this.fail('lift', 'a traced tensor of another export reached this one');
      return t;
    }
    const seen = this.#lifted.get(t);
    if (seen !== undefined) return seen;
    let out: Traced;
    const own = this.#params.get(t);
    if (own !== undefined) out = this.#initializer(t, own[0], own[1]);
    else out = this.#viewOfParam(t) ?? this.constant(t);
    this.#lifted.set(t, out);
    return out;
  }

  #initializer(t: Tensor, name: string, buffer: boolean): Traced {
    this.initializers.push(toProto(t, name));
    if (buffer) this.bufferNames.push(name);
    return this.value(name, t.shape, t.dtype);
  }

  /** A view sharing a parameter's storage that is the parameter reshaped and permuted, written as such. */
  #viewOfParam(t: Tensor): Traced | null {
    for (const p of this.#byStorage.get(t._storage) ?? []) {
      if (t.offset !== p.offset || t.numel() !== p.numel() || t.dtype !== p.dtype || !p.isContiguous()) continue;
      // the dims that are not 1, as (size, stride): a permutation of the parameter's
      const mine = t.shape.map((s, i) => [s, t.strides[i]!] as const).filter(([s]) => s !== 1);
      const theirs = p.shape.map((s, i) => [s, p.strides[i]!] as const).filter(([s]) => s !== 1);
      const perm = mine.map(([s, st]) => theirs.findIndex(([s2, st2]) => s2 === s && st2 === st));
      if (perm.length !== theirs.length || perm.some((k) => k < 0) || new Set(perm).size !== perm.length) continue;
      let v = this.lift(p);
      const core = theirs.map(([s]) => s);
      if (core.length !== p.ndim) v = this.emit1('Reshape', [v, this.ints(core)], {}, core, t.dtype);
      if (perm.some((k, i) => k !== i)) v = this.emit1('Transpose', [v], { perm: { ints: perm } }, perm.map((k) => core[k]!), t.dtype);
      if (t.ndim !== core.length) v = this.emit1('Reshape', [v, this.ints(t.shape)], {}, t.shape, t.dtype);
      return v;
    }
    return null;
  }

  // ---- shapes -----------------------------------------------------------------------------------

  /** Shape(value) as an int64 vector, once per value. */
  shapeOf(name: string): string {
    const hit = this.#shapes.get(name);
    if (hit !== undefined) return hit;
    const [s] = this.raw('Shape', [name]);
    this.#shapes.set(name, s!);
    return s!;
  }

  /**
   * An int64 vector holding `dims` at run time: numbers as they are, named sizes read from a
   * value that has them. `literal` overrides entries with a number written as is (0 to copy the
   * input's size in Reshape, -1 to infer it).
   */
  shapeTensor(dims: readonly Dim[], literal: readonly (number | null)[] = []): string {
    if (dims.every((d, i) => typeof d === 'number' || typeof literal[i] === 'number')) {
      return this.ints(dims.map((d, i) => literal[i] ?? (d as number)));
    }
    const pieces = dims.map((d, i) => {
      const lit = literal[i];
      if (typeof lit === 'number') return this.ints([lit]);
      if (typeof d === 'number') return this.ints([d]);
      const { coef, names } = factors(d);
      let v: string | null = coef === 1 ? null : this.ints([coef]);
      for (const n of names) {
        const src = this.#sources.get(n);
        if (src === undefined) this.fail('shape', `the size '${n}' cannot be read from any value at run time`);
        const [dimOf] = this.raw('Gather', [this.shapeOf(src[0]), this.ints([src[1]])], { axis: { i: 0 } });
        v = v === null ? dimOf! : this.raw('Mul', [v, dimOf!])[0]!;
      }
      return v!;
    });
    return pieces.length === 1 ? pieces[0]! : this.raw('Concat', pieces, { axis: { i: 0 } })[0]!;
  }

  /** Reshape to `dims`, copying sizes from the input (0) or inferring one (-1) where that saves reading shapes. */
  reshape(x: Traced, dims: readonly Dim[]): Traced {
    if (dims.length === x.dims.length && dims.every((d, i) => d === x.dims[i])) return x;
    const concrete = this.concrete(dims);
    const numel = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);
    if (numel(concrete) !== numel(x.shape)) this.fail('reshape', `shape ${showDims(dims)} is invalid for input of size ${showDims(x.dims)}`);
    if (concrete.some((v) => v === 0)) this.fail('reshape', 'shapes with a zero size are not exported');
    const literal: (number | null)[] = dims.map((d, i) => (typeof d === 'number' ? d : d === x.dims[i] ? 0 : null));
    const open = literal.flatMap((v, i) => (v === null ? [i] : []));
    if (open.length === 1) literal[open[0]!] = -1;
    return this.emit1('Reshape', [x, this.shapeTensor(dims, literal)], {}, dims, x.dtype);
  }

  /** Reads a shape a forward passed (numbers computed from `shape`) as dims; -1 stays. */
  decodeShape(shape: readonly number[]): Dim[] {
    return shape.map((n) => (n === -1 ? -1 : this.decode(n)));
  }
}

function attribute(name: string, v: Attr): AttributeProto {
  if ('tp' in v) return { name, type: AttributeType.TENSOR, t: v.tp };
  if ('f' in v) return { name, type: AttributeType.FLOAT, f: v.f };
  if ('i' in v) return { name, type: AttributeType.INT, i: v.i };
  if ('s' in v) return { name, type: AttributeType.STRING, s: new TextEncoder().encode(v.s) };
  if ('floats' in v) return { name, type: AttributeType.FLOATS, floats: [...v.floats] };
  if ('ints' in v) return { name, type: AttributeType.INTS, ints: [...v.ints] };
  if ('strings' in v) return { name, type: AttributeType.STRINGS, strings: v.strings.map((s) => new TextEncoder().encode(s)) };
  return { name, type: AttributeType.TENSOR, t: toProto(v.t, '') };
}
