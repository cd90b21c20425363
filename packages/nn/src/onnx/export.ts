/**
 * `exportOnnx`: a model's forward, in eval mode, as an ONNX file. The forward runs on traced
 * tensors; each module with a conversion (every nn layer, and those registered) is written by it,
 * others are traced through their tensor ops. With dynamic axes, the trace runs twice with
 * different stand-in sizes and the two graphs must agree: a forward that turns a size into a
 * number the file would fix is refused.
 * @module
 */
import { Tensor } from '@chainrule/autograd';
import type { AnyModule } from '../module.js';
import { STAND_INS, showDims } from './dims.js';
import type { Dim } from './dims.js';
import { DataType, encodeModel, schemas } from './proto.js';
import type { ModelProto, NodeProto, ValueInfoProto } from './proto.js';
import { encodeMessage } from './protobuf.js';
import type { Message } from './protobuf.js';
import { conversionOf, ExportContext } from './registry.js';
import { OnnxExportError, Trace } from './trace.js';
import { Traced } from './traced.js';
import { onnxType } from './tensors.js';

/**
 * Options of {@link exportOnnx}, as `torch.onnx.export`'s.
 * @example
 * ```ts
 * const opts: ExportOnnxOptions = { inputNames: ['pixels'], outputNames: ['logits'], dynamicAxes: { pixels: { 0: 'batch' }, logits: { 0: 'batch' } } };
 * ```
 */
export interface ExportOnnxOptions {
  /** Names of the graph inputs, in the order of the arguments (default `input`, or `input_0`, `input_1`, ...). */
  inputNames?: readonly string[];
  /** Names of the graph outputs (default `output`, or `output_0`, ...). */
  outputNames?: readonly string[];
  /**
   * Axes whose size is not fixed, by input or output name: `{ input: { 0: 'batch' } }` names the
   * size, `{ input: [0] }` lets it be named `input_dynamic_axes_1`. Axes with the same name have
   * the same size.
   */
  dynamicAxes?: Readonly<Record<string, Readonly<Record<number, string>> | readonly number[]>>;
  /** The ONNX opset, 13 to 17 (default 17). */
  opsetVersion?: number;
  /** The graph's name (default: the model's class name). */
  graphName?: string;
}

/** The opsets this exporter writes. */
const OPSETS = [13, 14, 15, 16, 17];

/** The dynamic axes of one value, as axis → name. */
function axesOf(spec: Readonly<Record<number, string>> | readonly number[], value: string): Map<number, string> {
  const out = new Map<number, string>();
  if (Array.isArray(spec)) {
    spec.forEach((a: number, i: number) => out.set(a, `${value}_dynamic_axes_${i + 1}`));
  } else {
    for (const [k, v] of Object.entries(spec as Record<string, string>)) out.set(Number(k), v);
  }
  for (const [axis, name] of out) {
    if (!Number.isInteger(axis) || axis < 0) throw new RangeError(`exportOnnx: dynamicAxes['${value}'] has the axis ${axis}; axes are non-negative integers`);
    if (typeof name !== 'string' || name === '' || name.includes('*') || /^\d+$/.test(name)) {
      throw new RangeError(`exportOnnx: dynamicAxes['${value}'][${axis}] must be a name (not empty, not a number, without '*'), got ${JSON.stringify(name)}`);
    }
  }
  return out;
}

function valueInfo(name: string, dims: readonly Dim[], dtype: number, names?: Map<number, string>): ValueInfoProto {
  const dim = dims.map((d, i) => {
    const given = names?.get(i);
    if (given !== undefined) return { dimParam: given };
    if (typeof d === 'number') return { dimValue: d };
    // a product or a computed size: a name for the file (onnxruntime treats it as unknown)
    return { dimParam: d };
  });
  return { name, type: { tensorType: { elemType: dtype, shape: { dim } } } };
}

interface TraceResult {
  model: ModelProto;
  nodes: NodeProto[];
}

/** Replaces `forward` of each module (own property, removed after) to run conversions and keep the scope. */
function instrument(model: AnyModule, trace: Trace): () => void {
  const ctx = new ExportContext(trace);
  const undo: (() => void)[] = [];
  for (const [path, m] of model.namedModules()) {
    const own = Object.getOwnPropertyDescriptor(m, 'forward');
    const original = m.forward as (...args: unknown[]) => unknown;
    const convert = conversionOf(m);
    const forward = (...args: unknown[]): unknown =>
      trace.within(path, m, () => {
        const tracedArgs = args.some((a) => a instanceof Traced || (Array.isArray(a) && a.some((x) => x instanceof Traced)));
        return convert !== undefined && tracedArgs ? (convert as (...a: unknown[]) => unknown)(ctx, m, ...args) : original.apply(m, args);
      });
    Object.defineProperty(m, 'forward', { value: forward, configurable: true, writable: true, enumerable: false });
    undo.push(() => {
      if (own === undefined) delete (m as unknown as Record<string, unknown>).forward;
      else Object.defineProperty(m, 'forward', own);
    });
  }
  return () => undo.forEach((f) => f());
}

function traceOnce(model: AnyModule, args: readonly Tensor[], opts: ExportOnnxOptions, opset: number, standIns: readonly number[]): TraceResult {
  const trace = new Trace(model, opset);
  const inputNames = args.map((_, i) => opts.inputNames?.[i] ?? (args.length === 1 ? 'input' : `input_${i}`));
  const dynamic = opts.dynamicAxes ?? {};
  // every named size gets a prime as its stand-in value
  let next = 0;
  const sizeOf = (name: string): number => {
    for (const [p, n] of trace.primes) if (n === name) return p;
    const p = standIns[next++];
    if (p === undefined) throw new RangeError(`exportOnnx: more than ${standIns.length} differently named dynamic axes`);
    trace.primes.set(p, name);
    trace.sizes.set(name, p);
    return p;
  };
  const inputs: ValueInfoProto[] = [];
  const traced = args.map((a, i) => {
    const name = inputNames[i]!;
    if (!trace.claim(name)) throw new RangeError(`exportOnnx: the input name '${name}' is taken (by a parameter, a buffer or another input)`);
    const axes = dynamic[name] === undefined ? new Map<number, string>() : axesOf(dynamic[name]!, name);
    for (const axis of axes.keys()) if (axis >= a.ndim) throw new RangeError(`exportOnnx: dynamicAxes['${name}'] names axis ${axis} of an input with ${a.ndim} dims`);
    const dims: Dim[] = a.shape.map((s, axis) => {
      const n = axes.get(axis);
      if (n === undefined) return s;
      sizeOf(n);
      return n;
    });
    inputs.push(valueInfo(name, dims, onnxType(a.dtype)));
    return trace.value(name, dims, a.dtype);
  });

  const modes = model.modules().map((m) => [m, m.training] as const);
  model.eval();
  const restore = instrument(model, trace);
  let result: unknown;
  try {
    result = trace.within('', model, () => (model.forward as (...a: unknown[]) => unknown)(...traced));
  } finally {
    restore();
    for (const [m, mode] of modes) m.training = mode;
  }

  const outs = result instanceof Tensor ? [result] : Array.isArray(result) && result.every((r) => r instanceof Tensor) ? (result as Tensor[]) : null;
  if (outs === null || outs.length === 0) {
    throw new OnnxExportError(`exportOnnx: the model's forward must return a Tensor or an array of Tensors to export, got ${typeof result}`, '', 'forward');
  }
  if ((opts.outputNames?.length ?? 0) > outs.length) throw new RangeError(`exportOnnx: ${opts.outputNames!.length} output names for ${outs.length} outputs`);
  const outputs: ValueInfoProto[] = [];
  const renamed = new Set<string>();
  outs.forEach((o, i) => {
    const v = trace.lift(o);
    const name = opts.outputNames?.[i] ?? (outs.length === 1 ? 'output' : `output_${i}`);
    const producer = trace.nodes.find((n) => n.output?.includes(v.onnxName));
    if (!trace.claim(name)) throw new RangeError(`exportOnnx: the output name '${name}' is taken`);
    if (producer !== undefined && !renamed.has(v.onnxName) && !inputNames.includes(v.onnxName)) {
      // the producing node writes the output under its name
      renamed.add(v.onnxName);
      for (const n of trace.nodes) {
        n.output = n.output!.map((x) => (x === v.onnxName ? name : x));
        n.input = n.input!.map((x) => (x === v.onnxName ? name : x));
      }
    } else {
      trace.within('', model, () => trace.raw('Identity', [v]));
      trace.nodes[trace.nodes.length - 1]!.output = [name];
    }
    const axes = dynamic[name] === undefined ? undefined : axesOf(dynamic[name]!, name);
    outputs.push(valueInfo(name, v.dims, onnxType(v.dtype), axes));
  });
  for (const key of Object.keys(dynamic)) {
    if (!inputNames.includes(key) && !outputs.some((o) => o.name === key)) throw new RangeError(`exportOnnx: dynamicAxes names '${key}', which is neither an input nor an output`);
  }

  const model_: ModelProto = {
    irVersion: 8,
    producerName: 'chainrule',
    producerVersion: '0.1.0',
    graph: { node: trace.nodes, name: opts.graphName ?? model.getName(), initializer: trace.initializers, input: inputs, output: outputs },
    opsetImport: [{ version: opset }, ...[...trace.domains].map((domain) => ({ domain, version: 1 }))],
    metadataProps: trace.bufferNames.length === 0 ? [] : [{ key: 'chainrule:buffers', value: JSON.stringify(trace.bufferNames) }],
  };
  return { model: model_, nodes: trace.nodes };
}

/** The first node where two traces differ, or null. */
function firstDifference(a: readonly NodeProto[], b: readonly NodeProto[]): [NodeProto | undefined, NodeProto | undefined] | null {
  const bytes = (n: NodeProto): string => Array.from(encodeMessage(n as Message, schemas.node)).join(',');
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] === undefined || b[i] === undefined || bytes(a[i]!) !== bytes(b[i]!)) return [a[i], b[i]];
  }
  return null;
}

/**
 * Exports `model.forward(...args)` as an ONNX model (IR version 8, opset 17 by default), like
 * `torch.onnx.export`: the model runs in eval mode (dropout off, batch norm on its running
 * statistics), parameters and buffers become initializers under their state-dict names, and
 * `dynamicAxes` makes sizes symbolic (`dim_param`) so that one file serves every batch size.
 *
 * Every nn layer has a conversion (Linear, Conv2d, MaxPool2d, AvgPool2d, BatchNorm1d/2d,
 * LayerNorm, Embedding, Dropout, Flatten, Unflatten, Identity, the activations, Softmax,
 * LogSoftmax); containers and custom modules are traced through their tensor ops (elementwise,
 * matmul, reshape, permute, transpose, slice, cat, split, reductions, where, gather, ...). A custom
 * module can give its own conversion ({@link registerOnnxConversion}). Anything else, a read of a
 * tensor's values (`item()`, `toArray()`) included, is an {@link OnnxExportError} naming the
 * module and the op: never a wrong graph.
 *
 * NOTE: the graph has the model's dtypes; onnxruntime's CPU provider has no float64 Conv or Erf
 * (GELU), so export a float32 model (`model.float()`) to run it there. Integer inputs (Embedding's
 * indices) stay int32.
 * @param model - the model.
 * @param args - the example inputs of `forward` (a tensor, or an array of them): their dtypes and the sizes of the axes that are not dynamic are written into the file.
 * @param opts - input and output names, dynamic axes, opset.
 * @returns the bytes of the `.onnx` file.
 * @throws OnnxExportError for a module or op with no conversion, naming both.
 * @throws TypeError for arguments that are not tensors; RangeError for bad options.
 * @example
 * ```ts
 * const model = new nn.Sequential(new nn.Linear(4, 8), new nn.ReLU(), new nn.Linear(8, 2));
 * const bytes = exportOnnx(model, [randn([1, 4])], { dynamicAxes: { input: { 0: 'batch' }, output: { 0: 'batch' } } });
 * const back = importOnnx(bytes);
 * back.forward(ones([3, 4])).shape; // [3, 2]
 * Object.keys(back.stateDict()); // ['0.weight', '0.bias', '2.weight', '2.bias']
 * ```
 */
export function exportOnnx(model: AnyModule, args: Tensor | readonly Tensor[], opts: ExportOnnxOptions = {}): Uint8Array {
  const list = args instanceof Tensor ? [args] : args;
  if (!Array.isArray(list) || list.some((a) => !(a instanceof Tensor) || a instanceof Traced)) {
    throw new TypeError('exportOnnx: args must be a Tensor or an array of Tensors (the example inputs of forward)');
  }
  if (typeof (model as { forward?: unknown })?.forward !== 'function' || typeof model.namedModules !== 'function') {
    throw new TypeError('exportOnnx: expected a Module');
  }
  const opset = opts.opsetVersion ?? 17;
  if (!OPSETS.includes(opset)) throw new RangeError(`exportOnnx: opsetVersion must be one of ${OPSETS.join(', ')}, got ${opset}`);
  const names = [...(opts.inputNames ?? []), ...(opts.outputNames ?? [])];
  if (names.some((n) => typeof n !== 'string' || n === '')) throw new RangeError('exportOnnx: input and output names must be non-empty strings');
  if (new Set(names).size !== names.length) throw new RangeError(`exportOnnx: input and output names must be distinct, got ${JSON.stringify(names)}`);
  if ((opts.inputNames?.length ?? 0) > list.length) throw new RangeError(`exportOnnx: ${opts.inputNames!.length} input names for ${list.length} inputs`);

  const first = traceOnce(model, list, opts, opset, STAND_INS[0]!);
  const dynamic = Object.values(opts.dynamicAxes ?? {}).some((a) => Object.keys(a).length > 0);
  if (dynamic) {
    // a forward that turned a dynamic size into a number writes a different graph with other sizes
    const check = traceOnce(model, list, opts, opset, STAND_INS[1]!);
    const diff = firstDifference(first.nodes, check.nodes);
    if (diff !== null) {
      let node = diff[0] ?? diff[1]!;
      // an int64 constant is a size, slice bound or axis: name the op that reads it
      const isSize = node.opType === 'Constant' && node.attribute?.[0]?.t?.dataType === DataType.INT64;
      if (isSize) node = first.nodes.find((n) => n.input?.includes(node.output![0]!)) ?? node;
      const path = (node.name ?? '').split('/').slice(1, -1).join('.');
      const sizes = showDims([...new Set(Object.values(opts.dynamicAxes ?? {}).flatMap((a) => (Array.isArray(a) ? [] : Object.values(a))))] as Dim[]);
      const hint =
        node.opType === 'Constant'
          ? 'a tensor made in forward with a size read from x.shape (zeros([x.shape[0], 3])) would be fixed in the file; compute it from the input instead (x.mul(0), expand)'
          : 'a size read from x.shape was turned into a number the file would fix (use -1 in reshape, or the sizes themselves, not sums or differences of them)';
      throw new OnnxExportError(
        `exportOnnx: ${path === '' ? 'the model' : `module '${path}'`}: ${node.opType}: the graph depends on the value of a dynamic size (${sizes}): ${hint}`,
        path,
        node.opType ?? '',
      );
    }
  }
  return encodeModel(first.model);
}
