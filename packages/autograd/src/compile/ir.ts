/**
 * The captured graph: what {@link compile} records from one run of a function, in a form any back
 * end can take (the wasm executor here; a WebGPU back end or an ONNX exporter could read the same).
 *
 * - **Buffers** hold elements: the function's tensor arguments (`input`), what lives between calls
 *   (`state`: parameters, their gradients, optimizer moments, module buffers), elements known at
 *   capture (`constant`), elements JavaScript computes at every call (`host`: random numbers,
 *   learning rates, bias corrections) and intermediate results (`temp`).
 * - **Values** are tensors: a shape and dtype, and where the elements sit in a buffer (strides and
 *   offset, in elements, as eager mode laid them out). A back end that plans its own layouts can
 *   ignore strides and offset and follow the view ops instead.
 * - **Nodes** are the primitive ops in program order, each with its attributes. View ops
 *   (`reshape`, `permute`, `expand`, `slice`) compute nothing: their output is a view of their
 *   input's buffer. In-place nodes (`assign`, an elementwise op with `writes`, `adam`) overwrite the
 *   elements of the values in `writes`; values are read where their node stands, so a read after
 *   an in-place node sees the new elements, as in eager mode.
 * - **Regions** mark the layer-level ops the primitives came from (`linear`, `conv2d`,
 *   `layerNorm`, `attention`, ...): a back end may run a region as one kernel of its own, or run
 *   its nodes.
 * @module
 */
import type { DType, TypedArray } from '../dtype.js';
import type { BinaryOp, UnaryOp } from '../backend/backend.js';

/**
 * Where a buffer's elements come from at each call (see {@link Graph}).
 * @example
 * ```ts
 * const kind: GraphBufferKind = 'state';
 * kind; // 'state'
 * ```
 */
export type GraphBufferKind = 'input' | 'state' | 'constant' | 'host' | 'temp';

/**
 * A block of elements of one dtype (see {@link Graph}).
 * @example
 * ```ts
 * const b: GraphBuffer = { id: 0, kind: 'input', dtype: 'float32', numel: 6, name: 'argument 0' };
 * b.numel; // 6
 * ```
 */
export interface GraphBuffer {
  /** Its index in {@link Graph.buffers}. */
  readonly id: number;
  /** Where its elements come from. */
  readonly kind: GraphBufferKind;
  /** The element type. */
  readonly dtype: DType;
  /** How many elements. */
  readonly numel: number;
  /** What it is, for printing (`argument 0`, `state`, `grad`, `random`, ...). */
  readonly name: string;
  /** A `constant`'s elements; for another buffer, the elements it starts every call with (a fresh zero-filled accumulator). */
  readonly data?: TypedArray;
}

/**
 * A tensor in a {@link Graph}: a view of a buffer.
 * @example
 * ```ts
 * const v: GraphValue = { id: 3, buffer: 1, shape: [2, 3], dtype: 'float32', strides: [1, 2], offset: 0 };
 * v.strides; // [1, 2]
 * ```
 */
export interface GraphValue {
  /** Its index in {@link Graph.values}. */
  readonly id: number;
  /** The buffer it views. */
  readonly buffer: number;
  /** The size of each dim. */
  readonly shape: readonly number[];
  /** The element type (the buffer's). */
  readonly dtype: DType;
  /** Elements of the buffer to step one along each dim. */
  readonly strides: readonly number[];
  /** The buffer index of the first element. */
  readonly offset: number;
}

/**
 * The ops of a {@link Graph}: chainrule's primitives (with the comparisons, `sign`, `argmax`,
 * `argmin` and casts that autograd does not record), the in-place `assign`, and the fused `adam`.
 * @example
 * ```ts
 * const op: GraphOp = 'matmul';
 * op; // 'matmul'
 * ```
 */
export type GraphOp =
  | UnaryOp | BinaryOp
  | 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge'
  | 'where' | 'cast' | 'contiguous'
  | 'sum' | 'amax' | 'amin' | 'prod' | 'argmax' | 'argmin'
  | 'reshape' | 'permute' | 'expand' | 'slice' | 'unslice' | 'cat'
  | 'softmax' | 'logSoftmax' | 'matmul' | 'gather' | 'scatterAdd'
  | 'assign' | 'adam' | 'check';

/**
 * One op of a {@link Graph}. Attributes by op: `cast` {dtype}; reductions {axes}; `argmax`,
 * `argmin` {axis}; `reshape`, `expand` {shape}; `permute` {dims}; `slice` {dim, start, end, step};
 * `check` {index}: JavaScript reads its inputs' values there (a range check of indices computed
 * in the step; a back end may skip it, at the price of not reporting bad indices);
 * `unslice` {shape, dim, start, end, step} (the gradient of slice: zeros with the input written
 * at the slice); `cat`, `softmax`, `logSoftmax`, `gather`, `scatterAdd` {dim}; `adam` {constants:
 * the index of its host-computed constants}. `matmul` multiplies [B, M, K] by [B, K, N].
 * @example
 * ```ts
 * const n: GraphNode = { op: 'sum', inputs: [4], output: 5, writes: [], attrs: { axes: [1] } };
 * n.attrs.axes; // [1]
 * ```
 */
export interface GraphNode {
  /** The op. */
  readonly op: GraphOp;
  /** Its operands (value ids). */
  readonly inputs: readonly number[];
  /** The value it computes (null for an in-place node). */
  readonly output: number | null;
  /** The values it overwrites in place: `assign` writes `inputs[1]` into `inputs[0]`; an in-place elementwise op writes `inputs[0] op inputs[1]` into `inputs[0]`; `adam` updates the parameter and both moments (`inputs[0]`, `[2]`, `[3]`). */
  readonly writes: readonly number[];
  /** The op's attributes. */
  readonly attrs: Readonly<Record<string, unknown>>;
}

/**
 * A layer-level op a run of nodes computes (see {@link Graph}): nodes `[first, end)`, from the
 * `inputs` values to the `outputs` values.
 * @example
 * ```ts
 * const r: GraphRegion = { name: 'linear', attrs: {}, first: 0, end: 3, inputs: [0, 1, 2], outputs: [7] };
 * r.end - r.first; // 3
 * ```
 */
export interface GraphRegion {
  /** The layer-level op: `linear`, `conv2d`, `maxPool2d`, `avgPool2d`, `layerNorm`, `batchNorm`, `attention`, `crossEntropy`, ... */
  readonly name: string;
  /** Its attributes (stride, padding, eps, ...). */
  readonly attrs: Readonly<Record<string, unknown>>;
  /** The index of its first node. */
  readonly first: number;
  /** One past the index of its last node. */
  readonly end: number;
  /** The values it reads. */
  readonly inputs: readonly number[];
  /** The values it produces. */
  readonly outputs: readonly number[];
}

/**
 * A function {@link compile} captured, as {@link CompiledFunction.graphs} returns it: its buffers,
 * its values (views of buffers), its primitive ops in program order (in-place ones name what they
 * write; view ops compute nothing), the layer-level regions, and which values are the arguments,
 * the results and what the call leaves in `.grad`.
 * @example
 * ```ts
 * import { compile, tensor } from '@chainrule/autograd';
 * const f = compile((x) => x.exp().relu().sum());
 * for (let i = 0; i < 3; i++) f(tensor([1, -2, 3]));
 * const g = f.graphs()[0]!;
 * g.nodes.map((n) => n.op); // ['exp', 'relu', 'sum']
 * g.buffers.map((b) => b.kind); // ['input', 'temp', 'temp', 'temp']
 * ```
 */
export interface Graph {
  /** The buffers. */
  readonly buffers: readonly GraphBuffer[];
  /** The values. */
  readonly values: readonly GraphValue[];
  /** The nodes, in program order. */
  readonly nodes: readonly GraphNode[];
  /** The layer-level ops, outermost first. */
  readonly regions: readonly GraphRegion[];
  /** The tensor arguments (value ids), in order. */
  readonly inputs: readonly number[];
  /** The returned tensors (value ids), in the order the result lists them. */
  readonly outputs: readonly number[];
  /** Values the call leaves where JavaScript reads them later (a parameter's `.grad`): their buffers live on. */
  readonly liveOut: readonly number[];
}

const fmtValue = (id: number): string => `%${id}`;

function fmtAttrs(attrs: Readonly<Record<string, unknown>>): string {
  const parts = Object.entries(attrs).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  return parts.length === 0 ? '' : ` {${parts.join(', ')}}`;
}

/**
 * A readable listing of a graph: its buffers, then one line per node (`%5 = mul(%3, %4)`), with
 * each value's shape and dtype.
 * @param g - the graph.
 * @returns the text.
 * @example
 * ```ts
 * import { compile, formatGraph, tensor } from '@chainrule/autograd';
 * const f = compile((x) => x.exp().sum());
 * for (let i = 0; i < 3; i++) f(tensor([1, 2]));
 * formatGraph(f.graphs()[0]!).includes('= exp(%0)'); // true
 * ```
 */
export function formatGraph(g: Graph): string {
  const lines: string[] = [];
  for (const b of g.buffers) lines.push(`buffer ${b.id}: ${b.kind} ${b.dtype}[${b.numel}] ${b.name}`);
  const shapeOf = (id: number): string => {
    const v = g.values[id]!;
    return `${v.dtype}[${v.shape.join(', ')}]`;
  };
  lines.push(`inputs: ${g.inputs.map((i) => `${fmtValue(i)}: ${shapeOf(i)}`).join(', ')}`);
  g.nodes.forEach((n, i) => {
    const region = g.regions.filter((r) => r.first === i);
    for (const r of region) lines.push(`region ${r.name}${fmtAttrs(r.attrs)} (nodes ${r.first}..${r.end - 1})`);
    const args = n.inputs.map((x) => fmtValue(x)).join(', ');
    if (n.output === null) lines.push(`  ${n.op}(${args})${fmtAttrs(n.attrs)}  -> writes ${n.writes.map((w) => fmtValue(w)).join(', ')}`);
    else lines.push(`  ${fmtValue(n.output)} = ${n.op}(${args})${fmtAttrs(n.attrs)}  : ${shapeOf(n.output)}`);
  });
  lines.push(`outputs: ${g.outputs.map((o) => fmtValue(o)).join(', ')}`);
  if (g.liveOut.length > 0) lines.push(`live out: ${g.liveOut.map((o) => fmtValue(o)).join(', ')}`);
  return lines.join('\n');
}
