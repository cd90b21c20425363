/**
 * Lowering: a captured graph and its memory plan become a list of steps, each a function that
 * runs one kernel on fixed places (views built once, pointers computed once), so a call allocates
 * nothing. Each node runs the kernel its primitive ran in eager mode, on the same backend: the
 * results are eager mode's, to the bit. On the wasm backend the steps for the hot kernels call the
 * SIMD kernels on pointers straight away (see `wasm.ts`); the rest go through the backend.
 * @module
 */
import type { AdamConstants, Backend, BinaryOp, UnaryOp, View } from '../backend/backend.js';
import type { TypedArray } from '../dtype.js';
import type { Graph, GraphNode, GraphValue } from './ir.js';
import type { Homes } from './plan.js';
import type { Check } from './trace.js';
import { CompileError } from './errors.js';
import { allocate } from '../dtype.js';

/** One step of a lowered program. */
export type Step = () => void;

/** What the steps share with the call: the host-computed constants of `adam` nodes, the checks of `check` nodes. */
export interface StepContext {
  readonly adam: AdamConstants[];
  readonly checks: readonly Check[];
}

/**
 * A node the wasm lowering handles itself returns a step; null leaves it to the backend; 'fused'
 * means it runs as part of a fused step, placed at the chain's last node.
 */
export type Special = (node: GraphNode, index: number) => Step | null | 'fused';

const VIEW_OPS = new Set(['reshape', 'permute', 'expand', 'slice']);
// every kernel op of the backend interface, checked exhaustive by the compiler (a new op must be listed)
const ALL_UNARY: Record<UnaryOp, true> = {
  neg: true, exp: true, log: true, sin: true, cos: true, sqrt: true, abs: true, tanh: true, sigmoid: true, relu: true, log1p: true, erf: true, sign: true,
  tan: true, asin: true, acos: true, atan: true, sinh: true, cosh: true, asinh: true, acosh: true, atanh: true, log2: true, log10: true, exp2: true, expm1: true,
  floor: true, ceil: true, round: true, trunc: true, bitwiseNot: true,
};
const ALL_BINARY: Record<BinaryOp, true> = {
  add: true, sub: true, mul: true, div: true, pow: true, maximum: true, minimum: true, atan2: true, hypot: true, fmod: true, floorDivide: true,
  bitwiseAnd: true, bitwiseOr: true, bitwiseXor: true, bitwiseLeftShift: true, bitwiseRightShift: true,
};
const UNARY = new Set<string>(Object.keys(ALL_UNARY));
const BINARY = new Set<string>(Object.keys(ALL_BINARY));
const COMPARE = new Set(['eq', 'ne', 'lt', 'le', 'gt', 'ge']);

/** Whether a node computes nothing (its output is a view of its input). */
export function isView(node: GraphNode): boolean {
  return VIEW_OPS.has(node.op);
}

/** The contiguous row-major strides of `shape`. */
export function rowMajorStrides(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let k = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    s[d] = k;
    k *= shape[d]!;
  }
  return s;
}

function numel(shape: readonly number[]): number {
  let n = 1;
  for (const s of shape) n *= s;
  return n;
}

/** The dtype and shape of what a node computes or writes, for a profile. */
function resultOf(g: Graph, node: GraphNode): string {
  const v = g.values[node.output ?? node.writes[0] ?? node.inputs[0]!]!;
  return `${v.dtype}[${v.shape.join(', ')}]`;
}

/**
 * Lowers `g` to steps over the places in `homes`, running kernels on `backend` (with `special`
 * first); `names` says what each step runs (a fused step names its chain's ops).
 */
export function lower(g: Graph, homes: Homes, backend: Backend, ctx: StepContext, special: Special | null): { steps: Step[]; names: string[] } {
  const view = (id: number): View => {
    const v: GraphValue = g.values[id]!;
    return { data: homes.arrays[v.buffer]!, shape: v.shape, strides: v.strides, offset: v.offset };
  };
  /** The output array of a value computed into a buffer of its own (contiguous from element 0). */
  const out = (id: number): TypedArray => {
    const v = g.values[id]!;
    const a = homes.arrays[v.buffer]!;
    const n = numel(v.shape);
    return a.length === n && v.offset === 0 ? a : a.subarray(v.offset, v.offset + n);
  };
  const steps: Step[] = [];
  const names: string[] = [];
  let chain: string[] = [];
  g.nodes.forEach((node, index) => {
    if (isView(node)) return;
    const sp = special === null ? null : special(node, index);
    if (sp === 'fused') {
      chain.push(node.op);
      return;
    }
    const s = sp ?? generic(node);
    if (s === null) return;
    steps.push(s);
    const what = chain.length === 0 ? `${node.op}${node.output === null ? ' (in place)' : ''}` : `fused ${[...chain, node.op].join(' ')}`;
    names.push(`${what} ${resultOf(g, node)}`);
    chain = [];
  });
  return { steps, names };

  function generic(node: GraphNode): Step | null {
    const ins = node.inputs.map(view);
    const o = node.output;
    const a = node.attrs;
    const op = node.op;
    if (o === null) return inPlace(node, ins);
    const dst = out(o);
    if (UNARY.has(op)) return () => backend.unary(op as never, ins[0]!, dst);
    if (BINARY.has(op)) return () => backend.binary(op as never, ins[0]!, ins[1]!, dst);
    if (COMPARE.has(op)) return () => backend.compare(op as never, ins[0]!, ins[1]!, dst as Uint8Array);
    switch (op) {
      case 'where':
        return () => backend.where(ins[0]!, ins[1]!, ins[2]!, dst);
      case 'cast':
      case 'contiguous':
        return () => backend.copy(ins[0]!, dst);
      case 'sum':
      case 'prod':
      case 'amax':
      case 'amin': {
        const kernel = op === 'amax' ? 'max' : op === 'amin' ? 'min' : op;
        const axes = a.axes as number[];
        return () => backend.reduce(kernel, ins[0]!, axes, dst);
      }
      case 'argmax':
      case 'argmin': {
        const axis = a.axis as number;
        return () => backend.argReduce(op, ins[0]!, axis, dst as Int32Array);
      }
      case 'softmax':
      case 'logSoftmax': {
        const dim = a.dim as number;
        return () => backend.softmax(op, ins[0]!, dim, dst);
      }
      case 'matmul':
        return () => backend.matmul(ins[0]!, ins[1]!, dst);
      case 'gather': {
        const dim = a.dim as number;
        return () => backend.gather(ins[0]!, dim, ins[1]!, dst);
      }
      case 'scatterAdd': {
        const dim = a.dim as number;
        const shape = g.values[o]!.shape;
        return () => {
          backend.copy(ins[0]!, dst);
          backend.scatterAdd(dst, shape, dim, ins[1]!, ins[2]!);
        };
      }
      case 'unslice': {
        // zeros, with the gradient written at the slice (as unslicePrim)
        const { dim, start, step } = a as { dim: number; start: number; step: number };
        const shape = g.values[o]!.shape;
        const strides = rowMajorStrides(shape);
        const len = ins[0]!.shape[dim]!;
        const w = [...strides];
        w[dim] = strides[dim]! * step;
        const window: View = { data: dst, shape: ins[0]!.shape, strides: w, offset: len > 0 ? start * strides[dim]! : 0 };
        return () => {
          dst.fill(0);
          backend.assign(window, ins[0]!);
        };
      }
      case 'cat': {
        const dim = a.dim as number;
        const strides = rowMajorStrides(g.values[o]!.shape);
        let at = 0;
        const windows = ins.map((x) => {
          const w: View = { data: dst, shape: x.shape, strides, offset: at * strides[dim]! };
          at += x.shape[dim]!;
          return w;
        });
        return () => {
          for (let k = 0; k < ins.length; k++) backend.assign(windows[k]!, ins[k]!);
        };
      }
      default:
        throw new Error(`compile: internal error: no lowering for op '${op}'`);
    }
  }

  function inPlace(node: GraphNode, ins: View[]): Step {
    const op = node.op;
    if (op === 'check') {
      const c = ctx.checks[node.attrs.index as number]!;
      const sizes = node.inputs.map((id) => numel(g.values[id]!.shape));
      return () => {
        const values = ins.map((v, i) => {
          const out = allocate(v.data instanceof Float64Array ? 'float64' : v.data instanceof Float32Array ? 'float32' : v.data instanceof Int32Array ? 'int32' : 'bool', sizes[i]!);
          backend.copy(v, out);
          return out;
        });
        if ((JSON.stringify(c.check(values)) ?? 'undefined') !== c.result) {
          throw new CompileError(
            'compile: a choice the function makes from tensor values computed inside it (such as whether a target equals ' +
              'ignoreIndex) came out differently at this call than when it was captured, so the captured program does not ' +
              'apply; the call stopped part way. Compute those values outside the compiled function and pass them as arguments.',
          );
        }
      };
    }
    if (op === 'assign') return () => backend.assign(ins[0]!, ins[1]!);
    if (op === 'adam') {
      const [p, gr, m, v] = node.inputs.map((id) => contiguousPart(id));
      const k = node.attrs.constants as number;
      return () => backend.adam(p!, gr!, m!, v!, ctx.adam[k]!);
    }
    // dst ← dst op other, into dst's own elements (dst is contiguous, as Tensor._update requires)
    const dst = contiguousPart(node.inputs[0]!);
    return () => backend.binary(op as never, ins[0]!, ins[1]!, dst);
  }

  /** The elements of a contiguous value, as an array of its own length. */
  function contiguousPart(id: number): TypedArray {
    const v = g.values[id]!;
    const n = numel(v.shape);
    return homes.arrays[v.buffer]!.subarray(v.offset, v.offset + n);
  }
}
