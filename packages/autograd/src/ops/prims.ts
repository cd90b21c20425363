/**
 * The forward of each primitive: check, allocate, call the backend, record. Callers (the composite
 * ops) have already broadcast and promoted their inputs.
 * @module
 */
import { attention, attentionProbs, attentionScoresGrad } from '../backend/attention.js';
import { getBackend } from '../backend/registry.js';
import type { BinaryOp, CompareOp, UnaryOp } from '../backend/backend.js';
import { allocate, isFloating } from '../dtype.js';
import type { DType } from '../dtype.js';
import { record } from '../engine/record.js';
import { fmtShape, numelOf, sameShape } from '../shape.js';
import { Tensor } from '../tensor.js';
import { pendingOp } from './fuse.js';
import { tracer } from '../compile/hooks.js';

/** Reports the op to a capture in progress (compile), then records it for autograd. */
const emit: typeof record = (prim, inputs, args, out) => {
  if (tracer !== null) tracer.op(prim, inputs, args, out);
  return record(prim, inputs, args, out);
};

/** Reports an op autograd does not record (comparisons, sign, argmax, casts to int or bool). */
function emitUnrecorded(op: string, inputs: readonly Tensor[], args: object, out: Tensor): Tensor {
  if (tracer !== null) tracer.op(op, inputs, args, out);
  return out;
}

/** The name of a primitive (what `record` takes). */
type Prim = Parameters<typeof record>[0];

export function unaryPrim(op: UnaryOp & Prim, x: Tensor): Tensor {
  const pending = pendingOp(op, [x], x.shape);
  if (pending !== null) return emit(op, [x], {}, pending);
  const out = Tensor.empty(x.shape, x.dtype);
  getBackend().unary(op, x._in(), out._out());
  return emit(op, [x], {}, out);
}

export function binaryPrim(op: BinaryOp & Prim, a: Tensor, b: Tensor): Tensor {
  const pending = pendingOp(op, [a, b], a.shape);
  if (pending !== null) return emit(op, [a, b], {}, pending);
  const out = Tensor.empty(a.shape, a.dtype);
  getBackend().binary(op, a._in(), b._in(), out._out());
  return emit(op, [a, b], {}, out);
}

/** A kernel autograd does not record (bitwise ops on integers and bools): unary, or binary when `b` is given. */
export function intKernel(op: UnaryOp | BinaryOp, a: Tensor, b?: Tensor): Tensor {
  const out = Tensor.empty(a.shape, a.dtype);
  if (b === undefined) getBackend().unary(op as UnaryOp, a._in(), out._out());
  else getBackend().binary(op as BinaryOp, a._in(), b._in(), out._out());
  return emitUnrecorded(op, b === undefined ? [a] : [a, b], {}, out);
}

export function comparePrim(op: CompareOp, a: Tensor, b: Tensor): Tensor {
  const out = Tensor.empty(a.shape, 'bool');
  getBackend().compare(op, a._in(), b._in(), out._out() as Uint8Array);
  return emitUnrecorded(op, [a, b], {}, out);
}

export function wherePrim(cond: Tensor, a: Tensor, b: Tensor): Tensor {
  const out = Tensor.empty(a.shape, a.dtype);
  getBackend().where(cond._in(), a._in(), b._in(), out._out());
  return emit('where', [cond, a, b], {}, out);
}

export function castPrim(x: Tensor, dtype: DType): Tensor {
  // to bool: nonzero (NaN too) is true; a comparison, since the copy kernel cannot tell a bool
  // array from a uint8 one
  if (dtype === 'bool') return comparePrim('ne', x, expandPrim(Tensor.scalar(0, x.dtype), [...x.shape]));
  const out = Tensor.empty(x.shape, dtype);
  getBackend().copy(x._in(), out._out());
  // only floats carry gradients: a cast to int32 or bool ends the graph, as PyTorch's
  return isFloating(dtype) ? emit('cast', [x], { dtype }, out) : emitUnrecorded('cast', [x], { dtype }, out);
}

export function contiguousPrim(x: Tensor): Tensor {
  const out = Tensor.empty(x.shape, x.dtype);
  getBackend().copy(x._in(), out._out());
  return emit('contiguous', [x], {}, out);
}

export function reducePrim(op: 'sum' | 'amax' | 'amin' | 'prod', x: Tensor, axes: number[]): Tensor {
  const shape = x.shape.filter((_, d) => !axes.includes(d));
  if ((op === 'amax' || op === 'amin') && axes.some((d) => x.shape[d] === 0)) {
    throw new RangeError(`${op === 'amax' ? 'max' : 'min'}: cannot reduce over a dim of size 0 (input shape ${fmtShape(x.shape)})`);
  }
  // sums and products of integers and bools are int32 (PyTorch's int64)
  const dtype = (op === 'sum' || op === 'prod') && !isFloating(x.dtype) ? 'int32' : x.dtype;
  const out = Tensor.empty(shape, dtype);
  const kernelOp = op === 'amax' ? 'max' : op === 'amin' ? 'min' : op;
  getBackend().reduce(kernelOp, x._in(), axes, out._out());
  return emit(op, [x], { axes }, out);
}

export function argReducePrim(op: 'argmax' | 'argmin', x: Tensor, axis: number): Tensor {
  if (x.shape[axis] === 0) throw new RangeError(`${op}: cannot reduce over a dim of size 0 (input shape ${fmtShape(x.shape)})`);
  const out = Tensor.empty(x.shape.filter((_, d) => d !== axis), 'int32');
  getBackend().argReduce(op, x._in(), axis, out._out() as Int32Array);
  return emitUnrecorded(op, [x], { axis }, out);
}

/** Strides for viewing `x` as `shape` without a copy, or null when the layout does not allow it. */
function viewStrides(x: Tensor, shape: readonly number[]): number[] | null {
  // Group x's dims into runs that are contiguous among themselves; each target dim must fit in one run.
  const oldShape: number[] = [];
  const oldStrides: number[] = [];
  x.shape.forEach((s, d) => {
    if (s !== 1) {
      oldShape.push(s);
      oldStrides.push(x.strides[d]!);
    }
  });
  const newStrides = new Array<number>(shape.length).fill(0);
  let oi = 0;
  let ni = 0;
  while (oi < oldShape.length && ni < shape.length) {
    let np = shape[ni]!;
    let op = oldShape[oi]!;
    const nStart = ni;
    const oStart = oi;
    while (np !== op) {
      if (np < op) np *= shape[++ni]!;
      else op *= oldShape[++oi]!;
    }
    for (let k = oStart; k < oi; k++) if (oldStrides[k] !== oldShape[k + 1]! * oldStrides[k + 1]!) return null;
    newStrides[ni] = oldStrides[oi]!;
    for (let k = ni; k > nStart; k--) newStrides[k - 1] = newStrides[k]! * shape[k]!;
    ni++;
    oi++;
  }
  // trailing size-1 dims
  for (; ni < shape.length; ni++) newStrides[ni] = 1;
  return newStrides;
}

export function reshapePrim(x: Tensor, shape: number[]): Tensor {
  if (numelOf(shape) !== x.numel()) {
    throw new RangeError(`reshape: shape ${fmtShape(shape)} is invalid for input of size ${x.numel()} (shape ${fmtShape(x.shape)})`);
  }
  if (sameShape(shape, x.shape)) return x;
  const strides = x.numel() === 0 ? shape.map(() => 1) : viewStrides(x, shape);
  const base = strides === null ? contiguousPrim(x) : x;
  const out = base._view(shape, strides ?? Tensor.stridesFor(shape), strides === null ? 0 : x.offset);
  return emit('reshape', [base], { shape }, out);
}

export function permutePrim(x: Tensor, dims: number[]): Tensor {
  const out = x._view(
    dims.map((d) => x.shape[d]!),
    dims.map((d) => x.strides[d]!),
    x.offset,
  );
  return emit('permute', [x], { dims }, out);
}

export function expandPrim(x: Tensor, shape: number[]): Tensor {
  const lead = shape.length - x.ndim;
  const strides = shape.map((s, d) => {
    if (d < lead) return 0;
    const old = x.shape[d - lead]!;
    return old === s ? x.strides[d - lead]! : 0;
  });
  return emit('expand', [x], { shape }, x._view(shape, strides, x.offset));
}

export function slicePrim(x: Tensor, dim: number, start: number, end: number, step: number): Tensor {
  const len = Math.max(0, Math.ceil((end - start) / step));
  const shape = [...x.shape];
  shape[dim] = len;
  const strides = [...x.strides];
  strides[dim] = x.strides[dim]! * step;
  const out = x._view(shape, strides, x.offset + (len > 0 ? start * x.strides[dim]! : 0));
  return emit('slice', [x], { dim, start, end, step }, out);
}

export function unslicePrim(g: Tensor, shape: number[], dim: number, start: number, end: number, step: number): Tensor {
  const out = Tensor.zeros(shape, g.dtype);
  const len = g.shape[dim]!;
  const strides = [...out.strides];
  strides[dim] = out.strides[dim]! * step;
  writeStrided(out, g, strides, len > 0 ? start * out.strides[dim]! : 0);
  return emit('unslice', [g], { shape, dim, start, end, step }, out);
}

function writeStrided(dst: Tensor, src: Tensor, strides: number[], offset: number): void {
  getBackend().assign({ data: dst._out(), shape: src.shape, strides, offset }, src._in());
}

export function catPrim(xs: Tensor[], dim: number): Tensor {
  const first = xs[0]!;
  const shape = [...first.shape];
  shape[dim] = xs.reduce((n, t) => n + t.shape[dim]!, 0);
  const out = Tensor.empty(shape, first.dtype);
  let at = 0;
  for (const t of xs) {
    writeStrided(out, t, out.strides as number[], at * out.strides[dim]!);
    at += t.shape[dim]!;
  }
  return emit('cat', xs, { dim }, out);
}

export function softmaxPrim(op: 'softmax' | 'logSoftmax', x: Tensor, dim: number): Tensor {
  const out = Tensor.empty(x.shape, x.dtype);
  getBackend().softmax(op, x._in(), dim, out._out());
  return emit(op, [x], { dim }, out);
}

export function matmulPrim(a: Tensor, b: Tensor): Tensor {
  const out = Tensor.empty([a.shape[0]!, a.shape[1]!, b.shape[2]!], a.dtype);
  getBackend().matmul(a._in(), b._in(), out._out());
  return emit('matmul', [a, b], {}, out);
}

export function gatherPrim(x: Tensor, dim: number, index: Tensor): Tensor {
  const out = Tensor.empty(index.shape, x.dtype);
  getBackend().gather(x._in(), dim, index._in(), out._out());
  return emit('gather', [x, index], { dim }, out);
}

export function scatterAddPrim(base: Tensor, dim: number, index: Tensor, src: Tensor): Tensor {
  const out = Tensor.empty(base.shape, base.dtype);
  getBackend().copy(base._in(), out._out());
  getBackend().scatterAdd(out._out(), out.shape, dim, index._in(), src._in());
  return emit('scatterAdd', [base, index, src], { dim }, out);
}

/** Fused attention on [B, L, E], [B, S, E], [B, S, Ev] (and [B, L, S] mask and dropout multiplier). */
export function attentionPrim(q: Tensor, k: Tensor, v: Tensor, bias: Tensor | null, drop: Tensor | null, scale: number, causal: boolean): Tensor {
  const out = Tensor.empty([q.shape[0]!, q.shape[1]!, v.shape[2]!], q.dtype);
  const args = { scale, causal, bias: bias === null ? null : bias._in(), drop: drop === null ? null : drop._in() };
  attention(getBackend(), q._in(), k._in(), v._in(), args, out._out(), (n) => allocate(q.dtype, n));
  const inputs = [q, k, v, ...(bias === null ? [] : [bias]), ...(drop === null ? [] : [drop])];
  return record('attention', inputs, { scale, causal, bias: bias !== null, drop: drop !== null }, out);
}

/** The probabilities of the attention primitive, computed by the kernel (no graph): its first-order backward. */
export function attentionProbsKernel(q: Tensor, k: Tensor, bias: Tensor | null, scale: number, causal: boolean): Tensor {
  const p = Tensor.empty([q.shape[0]!, q.shape[1]!, k.shape[1]!], q.dtype);
  const args = { scale, causal, bias: bias === null ? null : bias._in(), drop: null };
  attentionProbs(getBackend(), q._in(), k._in(), args, p._out(), (n) => allocate(q.dtype, n));
  return p;
}

/** The scores' gradient p ⊙ (dp ⊙ drop − Σ p ⊙ dp ⊙ drop) of the attention primitive (no graph; a contiguous dp is overwritten). */
export function attentionScoresGradKernel(p: Tensor, dp: Tensor, drop: Tensor | null): Tensor {
  const out = dp.contiguous();
  attentionScoresGrad(p._in().data, out._out(), drop === null ? null : drop._in(), p.shape[2]!);
  return out;
}
