/**
 * `importOnnx`: an ONNX model as a Module whose forward runs the graph with chainrule's ops, so it
 * runs, differentiates and trains like any other. Float initializers become Parameters under their
 * initializer names (dotted names nest as submodules, so `fc1.weight` is the state-dict key
 * `fc1.weight`); running statistics (BatchNormalization's mean and variance), buffers this
 * library exported, and every other initializer become buffers.
 * @module
 */
import { Tensor } from '@chainrule/autograd';
import type { DType } from '@chainrule/autograd';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { decodeModel } from './proto.js';
import type { GraphProto, ModelProto, NodeProto, ValueInfoProto } from './proto.js';
import { ProtobufError } from './protobuf.js';
import { Attributes, constantValue, OPS } from './import-ops.js';
import type { OpContext } from './import-ops.js';
import { dtypeOf, fromProto, onnxTypeName } from './tensors.js';

/** Holds initializers under a dotted prefix (`fc1` of `fc1.weight`). */
class OnnxInitializers extends Module<never[], never> {
  forward(): never {
    throw new Error('OnnxInitializers: it holds initializers and has no forward');
  }
  // the initializer names are the state-dict names, verbatim
  override stateName(property: string): string {
    return property;
  }
}

interface Slot {
  holder: Module<never[], never> | OnnxModule;
  key: string;
}

interface GraphInput {
  name: string;
  dtype: DType | null;
  dims: (number | string | null)[];
}

interface Step {
  node: NodeProto;
  where: string;
  ctx: Omit<OpContext, 'training'>;
}

const describe = (n: NodeProto): string => `node '${n.name || n.output?.[0] || '?'}' (${n.opType})`;

function inputOf(v: ValueInfoProto): GraphInput {
  const t = v.type?.tensorType;
  return {
    name: v.name ?? '',
    dtype: t?.elemType === undefined ? null : dtypeOf(t.elemType),
    dims: (t?.shape?.dim ?? []).map((d) => d.dimValue ?? d.dimParam ?? null),
  };
}

/** Nodes in an order where each comes after the producers of its inputs (Kahn's algorithm). */
function topological(nodes: readonly NodeProto[], known: ReadonlySet<string>): NodeProto[] {
  const producer = new Map<string, number>();
  nodes.forEach((n, i) => n.output?.forEach((o) => o !== '' && producer.set(o, i)));
  const waiting = nodes.map((n) => new Set((n.input ?? []).filter((x) => x !== '' && !known.has(x) && producer.has(x)).map((x) => producer.get(x)!)));
  const users = nodes.map(() => [] as number[]);
  waiting.forEach((deps, i) => deps.forEach((d) => users[d]!.push(i)));
  const ready = waiting.flatMap((d, i) => (d.size === 0 ? [i] : []));
  const out: NodeProto[] = [];
  while (ready.length > 0) {
    const i = ready.shift()!;
    out.push(nodes[i]!);
    for (const u of users[i]!) {
      waiting[u]!.delete(i);
      if (waiting[u]!.size === 0) ready.push(u);
    }
  }
  if (out.length !== nodes.length) throw new RangeError('importOnnx: the graph has a cycle');
  return out;
}

/**
 * A module running an imported ONNX graph ({@link importOnnx}). `forward` takes the graph's inputs
 * in order and returns its output; `forwardAll` returns every output. It starts in eval mode; in
 * training mode (`train()`) Dropout drops and BatchNormalization uses the batch's statistics and
 * updates its running ones, as PyTorch's layers do.
 * @example
 * ```ts
 * const m = importOnnx(exportOnnx(new nn.Linear(3, 2), [ones([1, 3])], { dynamicAxes: { input: { 0: 'batch' } } }));
 * m.inputNames; // ['input']
 * m.outputNames; // ['output']
 * m.forward(ones([4, 3])).shape; // [4, 2]
 * ```
 */
export class OnnxModule extends Module<Tensor[], Tensor> {
  /** The names of the graph's inputs, in the order `forward` takes them. */
  readonly inputNames: readonly string[];
  /** The names of the graph's outputs, in the order `forwardAll` returns them. */
  readonly outputNames: readonly string[];
  readonly #inputs: GraphInput[];
  readonly #steps: Step[];
  readonly #slots = new Map<string, Slot>();
  readonly #constants = new Map<string, Tensor>();
  readonly #graphName: string;

  /**
   * @param model - a decoded model; use {@link importOnnx}.
   * @internal
   */
  constructor(model: ModelProto) {
    super();
    const g: GraphProto = model.graph ?? {};
    this.#graphName = g.name ?? '';
    const opset = (model.opsetImport ?? []).find((o) => (o.domain ?? '') === '' || o.domain === 'ai.onnx')?.version ?? 1;
    const inits = g.initializer ?? [];
    const initNames = new Set(inits.map((t) => t.name ?? ''));
    this.#inputs = (g.input ?? []).filter((v) => !initNames.has(v.name ?? '')).map(inputOf);
    this.inputNames = this.#inputs.map((i) => i.name);
    this.outputNames = (g.output ?? []).map((o) => o.name ?? '');
    const nodes = topological(g.node ?? [], new Set([...initNames, ...this.inputNames]));

    // which initializers are buffers: running statistics, those listed as buffers, non-floats
    const listed = new Set<string>(JSON.parse((model.metadataProps ?? []).find((p) => p.key === 'chainrule:buffers')?.value ?? '[]') as string[]);
    const stats = new Set(nodes.filter((n) => n.opType === 'BatchNormalization').flatMap((n) => [n.input?.[3] ?? '', n.input?.[4] ?? '']));
    for (const p of inits) {
      const name = p.name ?? '';
      const t = fromProto(p, `initializer '${name}'`);
      const param = (t.dtype === 'float32' || t.dtype === 'float64') && !listed.has(name) && !stats.has(name);
      this.#place(name, param ? new Parameter(t) : t, param);
    }

    const produced = new Set([...initNames, ...this.inputNames]);
    this.#steps = nodes.map((node) => {
      const where = describe(node);
      const fail = (problem: string, error: 'type' | 'range' = 'range'): never => {
        const msg = `OnnxModule: ${where}: ${problem}`;
        throw error === 'type' ? new TypeError(msg) : new RangeError(msg);
      };
      const domain = node.domain ?? '';
      if (domain !== '' && domain !== 'ai.onnx') throw new RangeError(`importOnnx: ${where} is in the domain '${domain}'; only ONNX's own ops are supported`);
      const op = node.opType ?? '';
      for (const a of node.attribute ?? []) {
        if (a.g !== undefined || (a.graphs?.length ?? 0) > 0) throw new RangeError(`importOnnx: ${where}: ops with subgraphs (If, Loop, Scan) are not supported`);
      }
      if (op !== 'Constant' && OPS[op] === undefined) throw new RangeError(`importOnnx: ${where}: the op ${op} is not supported`);
      for (const i of node.input ?? []) if (i !== '' && !produced.has(i)) throw new RangeError(`importOnnx: ${where} reads '${i}', which no node, input or initializer gives`);
      node.output?.forEach((o) => produced.add(o));
      const ctx = { attrs: new Attributes(node, where), opset, outputs: (node.output ?? []).filter((o) => o !== '').length, fail };
      if (op === 'Constant') {
        const value = constantValue({ ...ctx, training: false });
        this.#constants.set(node.output?.[0] ?? '', value);
      }
      return { node, where, ctx };
    });
    for (const o of this.outputNames) if (!produced.has(o)) throw new RangeError(`importOnnx: the output '${o}' is not computed by the graph`);
  }

  /** Registers an initializer under its name: dotted names nest; names that cannot be properties are flattened. */
  #place(name: string, t: Tensor, param: boolean): void {
    const segs = name.split('.');
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the walk starts at this module
    let holder: Module<never[], never> | OnnxModule = this;
    let ok = segs.every((s) => s !== '');
    if (ok) {
      for (const s of segs.slice(0, -1)) {
        const next: unknown = (holder as unknown as Record<string, unknown>)[s];
        if (next === undefined && !(s in holder)) holder = holder.registerModule(s, new OnnxInitializers());
        else if (next instanceof OnnxInitializers) holder = next;
        else {
          ok = false;
          break;
        }
      }
    }
    let key = segs[segs.length - 1]!;
    if (!ok || key in holder) {
      // eslint-disable-next-line @typescript-eslint/no-this-alias -- flattened names sit on this module
      holder = this;
      key = name.replace(/\./g, '_') || '_';
      while (key in holder) key += '_';
    }
    if (param) holder.registerParameter(key, t as Parameter);
    else holder.registerBuffer(key, t);
    this.#slots.set(name, { holder, key });
  }

  /**
   * Runs the graph.
   * @param inputs - the graph's inputs, in the order of {@link OnnxModule.inputNames}.
   * @returns every output, in the order of {@link OnnxModule.outputNames}.
   * @throws TypeError or RangeError for inputs of the wrong count, dtype or shape, and naming the node and op where one fails.
   * @example
   * ```ts
   * class Two extends nn.Module<[Tensor], Tensor[]> {
   *   forward(x: Tensor): Tensor[] {
   *     return [x.relu(), x.neg()];
   *   }
   * }
   * const m = importOnnx(exportOnnx(new Two(), [ones([2])]));
   * m.forwardAll(tensor([-1, 2])).map(String); // ['tensor([0., 2.])', 'tensor([ 1., -2.])']
   * ```
   */
  forwardAll(...inputs: Tensor[]): Tensor[] {
    if (inputs.length !== this.#inputs.length) {
      throw new RangeError(`OnnxModule: expected ${this.#inputs.length} input(s) (${this.inputNames.join(', ')}), got ${inputs.length}`);
    }
    const float = this.#floatDType();
    const env = new Map<string, Tensor>();
    // after Module.to(dtype), float constants follow the parameters
    for (const [name, c] of this.#constants) env.set(name, float !== null && (c.dtype === 'float32' || c.dtype === 'float64') && c.dtype !== float ? c.to(float) : c);
    for (const [name, { holder, key }] of this.#slots) env.set(name, (holder as unknown as Record<string, Tensor>)[key]!);
    this.#inputs.forEach((spec, i) => env.set(spec.name, this.#checkInput(spec, inputs[i], float)));
    for (const { node, where, ctx } of this.#steps) {
      if (node.opType === 'Constant') continue;
      const args = (node.input ?? []).map((n) => (n === '' ? null : env.get(n)!));
      let out: Tensor | Tensor[];
      try {
        out = OPS[node.opType!]!({ ...ctx, training: this.training }, args);
      } catch (e) {
        if (e instanceof Error && !e.message.startsWith('OnnxModule:')) e.message = `OnnxModule: ${where}: ${e.message}`;
        throw e;
      }
      const outs = Array.isArray(out) ? out : [out];
      (node.output ?? []).forEach((name, i) => {
        if (name !== '' && outs[i] !== undefined) env.set(name, outs[i]!);
      });
    }
    return this.outputNames.map((n) => env.get(n)!);
  }

  /** The dtype of the float parameters and buffers (float32 as imported, another after Module.to), or null when there are none. */
  #floatDType(): DType | null {
    for (const { holder, key } of this.#slots.values()) {
      const t = (holder as unknown as Record<string, Tensor>)[key]!;
      if (t.dtype === 'float32' || t.dtype === 'float64') return t.dtype;
    }
    return null;
  }

  #checkInput(spec: GraphInput, x: unknown, float: DType | null): Tensor {
    if (!(x instanceof Tensor)) throw new TypeError(`OnnxModule: input '${spec.name}' must be a Tensor`);
    const isFloat = spec.dtype === 'float32' || spec.dtype === 'float64';
    const want = isFloat ? (float ?? spec.dtype) : spec.dtype;
    if (want !== null && want !== x.dtype) throw new TypeError(`OnnxModule: input '${spec.name}' expects ${want}, got ${x.dtype}`);
    if (spec.dims.length > 0 || x.ndim === 0) {
      const bad = spec.dims.length !== x.ndim || spec.dims.some((d, i) => typeof d === 'number' && d !== x.shape[i]);
      if (bad) throw new RangeError(`OnnxModule: input '${spec.name}' expects shape [${spec.dims.map((d) => d ?? '?').join(', ')}], got [${x.shape.join(', ')}]`);
    }
    return x;
  }

  /**
   * Runs the graph and returns its output, like PyTorch's `module(x)`.
   * @param inputs - the graph's inputs, in the order of {@link OnnxModule.inputNames}.
   * @returns the output.
   * @throws RangeError when the graph has several outputs (use {@link OnnxModule.forwardAll}).
   * @example importOnnx(exportOnnx(new nn.ReLU(), [ones([2])])).forward(tensor([-1, 1])); // tensor([0., 1.])
   */
  forward(...inputs: Tensor[]): Tensor {
    if (this.outputNames.length !== 1) throw new RangeError(`OnnxModule: the graph has ${this.outputNames.length} outputs; use forwardAll`);
    return this.forwardAll(...inputs)[0]!;
  }

  /**
   * The state-dict name of a property: the initializer's name as it is (no snake_case mapping).
   * @param property - the property name.
   * @returns the same name.
   * @example importOnnx(exportOnnx(new nn.BatchNorm1d(2), [ones([3, 2])])).stateName('runningMean'); // 'runningMean'
   */
  override stateName(property: string): string {
    return property;
  }

  /**
   * The graph's name and its inputs and outputs, for printing.
   * @returns the text.
   * @example importOnnx(exportOnnx(new nn.ReLU(), [ones([2])])).extraRepr(); // "graph='ReLU', inputs=['input'], outputs=['output']"
   */
  override extraRepr(): string {
    const list = (xs: readonly string[]): string => `[${xs.map((x) => `'${x}'`).join(', ')}]`;
    return `graph='${this.#graphName}', inputs=${list(this.inputNames)}, outputs=${list(this.outputNames)}`;
  }
}

/**
 * Reads an ONNX model into a module that runs it with chainrule's ops, so that it runs,
 * differentiates and trains (`model.parameters()` to an optimizer). Float initializers are
 * {@link Parameter}s whose state-dict names are the initializer names (`fc1.weight`); running
 * statistics and integer initializers are buffers. It reads the ops this library's exporter writes
 * and those PyTorch's exporter writes for the same layers (Gemm, MatMul, Conv 1-D and 2-D, pools,
 * BatchNormalization, LayerNormalization, Gather, Reshape and the shape ops, Softmax, the
 * activations and elementwise ops, reductions, LSTM, GRU and RNN, and the attention and
 * transformer layers as PyTorch writes them), in the forms of opset 17 and of earlier opsets.
 *
 * NOTE: integers of every width become int32 (int64 indices too: pass int32 tensors), float16
 * initializers float32.
 * @param bytes - the `.onnx` file's bytes.
 * @returns the module, in eval mode (the mode ONNX graphs are written for: no dropout, batch norm
 * on its running statistics); call `train()` to fine-tune it.
 * @throws RangeError naming the node and op for an op it does not support, and for a malformed graph; TypeError for bytes that are not a Uint8Array.
 * @example
 * ```ts
 * const original = new nn.Sequential(new nn.Linear(2, 3), new nn.Tanh());
 * const copy = importOnnx(exportOnnx(original, [ones([1, 2])]));
 * copy.parameters().length; // 2
 * const x = tensor([[0.5, -1]]);
 * copy.forward(x).sub(original.forward(x)).abs().max().item() < 1e-6; // true
 * ```
 */
export function importOnnx(bytes: Uint8Array): OnnxModule {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('importOnnx: expected the bytes of an .onnx file (a Uint8Array)');
  let model: ModelProto;
  try {
    model = decodeModel(bytes);
  } catch (e) {
    if (e instanceof ProtobufError) throw new RangeError(`importOnnx: not an ONNX model (${e.message})`);
    throw e;
  }
  if (model.graph === undefined) throw new RangeError('importOnnx: not an ONNX model (it has no graph)');
  for (const i of model.graph.input ?? []) {
    const t = i.type?.tensorType?.elemType;
    if (t !== undefined && dtypeOf(t) === null) throw new TypeError(`importOnnx: input '${i.name}' has element type ${onnxTypeName(t)}, which chainrule has no dtype for`);
  }
  return new OnnxModule(model).eval();
}
