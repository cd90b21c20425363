/**
 * ONNX ops as chainrule ops, for imported models: each is a function of the node's attributes and
 * input tensors, written with differentiable tensor ops so that an imported model trains. The
 * forms both of opset 13+ (axes, split and Clip bounds as inputs) and of earlier opsets
 * (attributes) are read. Shape-valued inputs (Reshape's shape, Slice's bounds) are read as numbers.
 * @module
 */
import { arange, cat, full, ones, tensor, where } from '@chainrule/autograd';
import type { DType, Tensor } from '@chainrule/autograd';
import { dropout } from '../functional/dropout.js';
import { conv1d, conv2d, conv3d, convTranspose1d, convTranspose2d, convTranspose3d } from '../functional/conv.js';
import { avgPool1d, avgPool2d, avgPool3d, maxPool1d, maxPool2d, maxPool3d } from '../functional/pooling.js';
import { batchNorm, layerNorm, localResponseNorm } from '../functional/normalization.js';
import { AttributeType } from './proto.js';
import type { AttributeProto, NodeProto } from './proto.js';
import { dtypeOf, fromProto, onnxTypeName } from './tensors.js';
import { gru, lstm, rnn } from './import-rnn.js';

/** A node's attributes by name, with typed getters. */
export class Attributes {
  readonly #byName: Map<string, AttributeProto>;
  constructor(
    node: NodeProto,
    readonly where: string,
  ) {
    this.#byName = new Map((node.attribute ?? []).map((a) => [a.name ?? '', a]));
  }
  has(name: string): boolean {
    return this.#byName.has(name);
  }
  int(name: string, fallback: number): number {
    return this.#byName.get(name)?.i ?? fallback;
  }
  float(name: string, fallback: number): number {
    const a = this.#byName.get(name);
    if (a === undefined) return fallback;
    // a float attribute written as an int (a mistake some exporters make) still reads
    return a.type === AttributeType.INT ? (a.i ?? 0) : (a.f ?? 0);
  }
  ints(name: string, fallback: readonly number[] | null): number[] | null {
    const a = this.#byName.get(name);
    return a === undefined ? (fallback === null ? null : [...fallback]) : [...(a.ints ?? [])];
  }
  strings(name: string): string[] | null {
    const a = this.#byName.get(name);
    return a === undefined ? null : (a.strings ?? []).map((b) => new TextDecoder().decode(b));
  }
  floats(name: string): number[] | null {
    const a = this.#byName.get(name);
    return a === undefined ? null : [...(a.floats ?? [])];
  }
  string(name: string, fallback: string): string {
    const s = this.#byName.get(name)?.s;
    return s === undefined ? fallback : new TextDecoder().decode(s);
  }
  tensor(name: string): Tensor | null {
    const t = this.#byName.get(name)?.t;
    return t === undefined ? null : fromProto(t, `attribute '${name}' of ${this.where}`);
  }
}

/** What an op gets besides its inputs. */
export interface OpContext {
  attrs: Attributes;
  opset: number;
  training: boolean;
  /** How many outputs the node names. */
  outputs: number;
  /** Refuses with a message naming the node and op. */
  fail(problem: string, error?: 'type' | 'range'): never;
}

type Input = Tensor | null;
type Op = (c: OpContext, x: readonly Input[]) => Tensor | Tensor[];

/** The values of a small int tensor (shapes, axes, bounds). */
const ints = (t: Tensor): number[] => Array.from(t.toArray(), Number);
const need = (c: OpContext, x: readonly Input[], i: number): Tensor => x[i] ?? c.fail(`input ${i} is missing`);
const normAxis = (a: number, ndim: number): number => (a < 0 ? a + ndim : a);
const numel = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);

/** The axes of a Reduce*, Squeeze, Unsqueeze: an input from opset 13 (18 for most Reduce ops), an attribute before. */
function axesOf(c: OpContext, x: readonly Input[]): number[] | null {
  return x[1] !== null && x[1] !== undefined ? ints(x[1]) : c.attrs.ints('axes', null);
}

function reduce(fn: (x: Tensor, axes: number[], keep: boolean) => Tensor): Op {
  return (c, x) => {
    const v = need(c, x, 0);
    let axes = axesOf(c, x);
    const keep = c.attrs.int('keepdims', 1) === 1;
    if (axes === null || axes.length === 0) {
      if (c.attrs.int('noop_with_empty_axes', 0) === 1) return v;
      axes = v.shape.map((_, i) => i);
    }
    return fn(v, [...new Set(axes.map((a) => normAxis(a, v.ndim)))], keep);
  };
}

/** Pads the spatial dims (from dim 2) with a constant: `pads` as ONNX's [begin..., end...]. */
function padSpatial(x: Tensor, pads: readonly number[], value: number): Tensor {
  const k = pads.length / 2;
  let y = x;
  for (let i = 0; i < k; i++) {
    const d = 2 + i;
    const [b, e] = [pads[i]!, pads[i + k]!];
    if (b < 0 || e < 0) y = y.slice(d, Math.max(0, -b), e < 0 ? e : undefined);
    const block = (n: number): Tensor => full(y.shape.map((s, j) => (j === d ? n : s)), value, { dtype: y.dtype });
    const parts = [...(b > 0 ? [block(b)] : []), y, ...(e > 0 ? [block(e)] : [])];
    if (parts.length > 1) y = cat(parts, d);
  }
  return y;
}

/** The pads of a Conv or pool: explicit, or from auto_pad. */
function padsOf(c: OpContext, spatial: readonly number[], k: readonly number[], s: readonly number[], d: readonly number[]): number[] {
  const auto = c.attrs.string('auto_pad', 'NOTSET');
  const n = spatial.length;
  if (auto === 'NOTSET') return c.attrs.ints('pads', new Array<number>(2 * n).fill(0))!;
  if (auto === 'VALID') return new Array<number>(2 * n).fill(0);
  if (auto !== 'SAME_UPPER' && auto !== 'SAME_LOWER') c.fail(`auto_pad '${auto}' is not supported`);
  const begin: number[] = [];
  const end: number[] = [];
  spatial.forEach((size, i) => {
    const total = Math.max((Math.ceil(size / s[i]!) - 1) * s[i]! + (k[i]! - 1) * d[i]! + 1 - size, 0);
    const small = Math.floor(total / 2);
    begin.push(auto === 'SAME_UPPER' ? small : total - small);
    end.push(auto === 'SAME_UPPER' ? total - small : small);
  });
  return [...begin, ...end];
}

type Sizes = number | readonly number[];
type ConvFn = (x: Tensor, w: Tensor, b: Tensor | null, o: { stride: Sizes; dilation: Sizes; padding: Sizes; groups: number }) => Tensor;
const CONVS = [conv1d, conv2d, conv3d] as unknown as readonly ConvFn[];
type ConvTFn = (x: Tensor, w: Tensor, b: Tensor | null, o: { stride: Sizes; dilation: Sizes; padding: Sizes; outputPadding: Sizes; groups: number }) => Tensor;
const CONV_TRANSPOSES = [convTranspose1d, convTranspose2d, convTranspose3d] as unknown as readonly ConvTFn[];

/** The 1-D, 2-D or 3-D form of an op for an input `[N, C, ...spatial]`. */
function byDims<F>(c: OpContext, fns: readonly F[], input: Tensor): F {
  return fns[input.ndim - 3] ?? c.fail(`only 1-D, 2-D and 3-D inputs ([N, C, L] to [N, C, D, H, W]) are supported, got shape [${input.shape.join(', ')}]`);
}

const conv: Op = (c, x) => {
  const [input, weight, bias] = [need(c, x, 0), need(c, x, 1), x[2] ?? null];
  const k = c.attrs.ints('kernel_shape', weight.shape.slice(2))!;
  const n = k.length;
  const s = c.attrs.ints('strides', new Array<number>(n).fill(1))!;
  const d = c.attrs.ints('dilations', new Array<number>(n).fill(1))!;
  const pads = padsOf(c, input.shape.slice(2), k, s, d);
  const group = c.attrs.int('group', 1);
  const f = byDims(c, CONVS, input);
  const symmetric = pads.slice(0, n).every((p, i) => p === pads[i + n]);
  const xin = symmetric ? input : padSpatial(input, pads, 0);
  return f(xin, weight, bias, { stride: s, dilation: d, padding: symmetric ? pads.slice(0, n) : new Array<number>(n).fill(0), groups: group });
};

const convTranspose: Op = (c, x) => {
  const [input, weight, bias] = [need(c, x, 0), need(c, x, 1), x[2] ?? null];
  if (c.attrs.has('output_shape')) c.fail('output_shape is not supported (give pads and output_padding)');
  if (c.attrs.string('auto_pad', 'NOTSET') !== 'NOTSET') c.fail('auto_pad is not supported');
  const k = c.attrs.ints('kernel_shape', weight.shape.slice(2))!;
  const n = k.length;
  const s = c.attrs.ints('strides', new Array<number>(n).fill(1))!;
  const d = c.attrs.ints('dilations', new Array<number>(n).fill(1))!;
  const op = c.attrs.ints('output_padding', new Array<number>(n).fill(0))!;
  const pads = c.attrs.ints('pads', new Array<number>(2 * n).fill(0))!;
  if (pads.slice(0, n).some((p, i) => p !== pads[i + n])) c.fail('asymmetric pads are not supported');
  const f = byDims(c, CONV_TRANSPOSES, input);
  return f(input, weight, bias, { stride: s, dilation: d, padding: pads.slice(0, n), outputPadding: op, groups: c.attrs.int('group', 1) });
};

const maxPool: Op = (c, x) => {
  if (c.outputs > 1) c.fail('the Indices output is not supported');
  if (c.attrs.int('storage_order', 0) !== 0) c.fail('storage_order 1 is not supported');
  const input = need(c, x, 0);
  const k = c.attrs.ints('kernel_shape', null) ?? c.fail('kernel_shape is missing');
  const n = k.length;
  const s = c.attrs.ints('strides', new Array<number>(n).fill(1))!;
  const d = c.attrs.ints('dilations', new Array<number>(n).fill(1))!;
  const pads = padsOf(c, input.shape.slice(2), k, s, d);
  if (c.attrs.int('ceil_mode', 0) === 1) {
    // ceil mode: pad the end so that the last partial window counts (max ignores the -inf)
    input.shape.slice(2).forEach((size, i) => {
      const span = size + pads[i]! + pads[i + n]! - d[i]! * (k[i]! - 1) - 1;
      let out = Math.ceil(span / s[i]!) + 1;
      if ((out - 1) * s[i]! >= size + pads[i]!) out--;
      pads[i + n] = pads[i + n]! + Math.max(0, (out - 1) * s[i]! + d[i]! * (k[i]! - 1) + 1 - (size + pads[i]! + pads[i + n]!));
    });
  }
  const fits = pads.slice(0, n).every((p, i) => p === pads[i + n] && p <= k[i]! / 2);
  const f = byDims(c, [maxPool1d, maxPool2d, maxPool3d] as unknown as readonly ((x: Tensor, k: Sizes, o: { stride: Sizes; dilation: Sizes; padding: Sizes }) => Tensor)[], input);
  return f(fits ? input : padSpatial(input, pads, -Infinity), k, { stride: s, dilation: d, padding: fits ? pads.slice(0, n) : new Array<number>(n).fill(0) });
};

const averagePool: Op = (c, x) => {
  const input = need(c, x, 0);
  if (c.attrs.int('ceil_mode', 0) === 1) c.fail('ceil_mode 1 is not supported');
  const k = c.attrs.ints('kernel_shape', null) ?? c.fail('kernel_shape is missing');
  const n = k.length;
  const s = c.attrs.ints('strides', new Array<number>(n).fill(1))!;
  if ((c.attrs.ints('dilations', null) ?? []).some((v) => v !== 1)) c.fail('dilations are not supported');
  const pads = padsOf(c, input.shape.slice(2), k, s, new Array<number>(n).fill(1));
  const countPad = c.attrs.int('count_include_pad', 0) === 1;
  const f = byDims(c, [avgPool1d, avgPool2d, avgPool3d] as unknown as readonly ((x: Tensor, k: Sizes, o: { stride: Sizes }) => Tensor)[], input);
  const pool = (v: Tensor): Tensor => f(padSpatial(v, pads, 0), k, { stride: s });
  if (countPad || pads.every((v) => v === 0)) return pool(input);
  // the padding out of the divisor: the average of the values over the average of ones
  return pool(input).div(pool(ones([1, 1, ...input.shape.slice(2)], { dtype: input.dtype })));
};

/** LpPool: (Σ |x|^p)^(1/p) over each window (zeros in the padding), as the window's mean times its size. */
const lpPool: Op = (c, x) => {
  const input = need(c, x, 0);
  const k = c.attrs.ints('kernel_shape', null) ?? c.fail('kernel_shape is missing');
  const n = k.length;
  const s = c.attrs.ints('strides', new Array<number>(n).fill(1))!;
  if ((c.attrs.ints('dilations', null) ?? []).some((v) => v !== 1)) c.fail('dilations are not supported');
  if (c.attrs.int('ceil_mode', 0) === 1) c.fail('ceil_mode 1 is not supported');
  const p = c.attrs.int('p', 2);
  const pads = padsOf(c, input.shape.slice(2), k, s, new Array<number>(n).fill(1));
  const f = byDims(c, [avgPool1d, avgPool2d, avgPool3d] as unknown as readonly ((x: Tensor, k: Sizes, o: { stride: Sizes }) => Tensor)[], input);
  const size = k.reduce((a, b) => a * b, 1);
  return f(padSpatial(input.abs().pow(p), pads, 0), k, { stride: s }).mul(size).pow(1 / p);
};

function softmaxOp(log: boolean): Op {
  return (c, x) => {
    const v = need(c, x, 0);
    const f = (t: Tensor, d: number): Tensor => (log ? t.logSoftmax(d) : t.softmax(d));
    if (c.opset >= 13) return f(v, c.attrs.int('axis', -1));
    // before opset 13: over the input made 2-D at `axis`
    const a = normAxis(c.attrs.int('axis', 1), v.ndim);
    return f(v.reshape([numel(v.shape.slice(0, a)), numel(v.shape.slice(a))]), 1).reshape(v.shape);
  };
}

function slice(c: OpContext, x: Tensor, starts: number[], ends: number[], axes: number[] | null, steps: number[] | null): Tensor {
  let y = x;
  starts.forEach((st, i) => {
    const d = normAxis(axes?.[i] ?? i, x.ndim);
    const step = steps?.[i] ?? 1;
    const n = y.shape[d]!;
    if (step === 0) c.fail('a step of 0');
    const abs = (v: number): number => (v < 0 ? v + n : v);
    if (step > 0) {
      const s = Math.min(Math.max(abs(st), 0), n);
      const e = Math.min(Math.max(abs(ends[i]!), 0), n);
      if (!(s === 0 && e === n && step === 1)) y = y.slice(d, s, Math.max(s, e), step);
    } else {
      const s = Math.min(Math.max(abs(st), 0), n - 1);
      const e = Math.min(Math.max(abs(ends[i]!), -1), n - 1);
      // backwards: the same elements, counted from the end of the flipped dim
      y = y.flip(d).slice(d, n - 1 - s, Math.max(n - 1 - s, n - 1 - e), -step);
    }
  });
  return y;
}

const binary =
  (fn: (a: Tensor, b: Tensor) => Tensor): Op =>
  (c, x) =>
    fn(need(c, x, 0), need(c, x, 1));
const unary =
  (fn: (a: Tensor) => Tensor): Op =>
  (c, x) =>
    fn(need(c, x, 0));
const variadic =
  (fn: (a: Tensor, b: Tensor) => Tensor): Op =>
  (c, x) =>
    x.filter((v): v is Tensor => v !== null).reduce(fn);

const isIntType = (d: DType): boolean => d === 'int32' || d === 'bool';

/** Every supported op, by ONNX op type (domain ''). */
export const OPS: Readonly<Record<string, Op>> = {
  Identity: unary((a) => a),
  Add: binary((a, b) => a.add(b)),
  Sub: binary((a, b) => a.sub(b)),
  Mul: binary((a, b) => a.mul(b)),
  // integer division truncates in ONNX
  Div: binary((a, b) => (isIntType(a.dtype) && isIntType(b.dtype) ? a.div(b).to('int32') : a.div(b))),
  Pow: binary((a, b) => a.pow(b)),
  Max: variadic((a, b) => a.maximum(b)),
  Min: variadic((a, b) => a.minimum(b)),
  Sum: variadic((a, b) => a.add(b)),
  Mean: (c, x) => {
    const xs = x.filter((v): v is Tensor => v !== null);
    return xs.reduce((a, b) => a.add(b)).div(xs.length);
  },
  Neg: unary((a) => a.neg()),
  Abs: unary((a) => a.abs()),
  Sign: unary((a) => a.sign()),
  Exp: unary((a) => a.exp()),
  Log: unary((a) => a.log()),
  Sqrt: unary((a) => a.sqrt()),
  Reciprocal: unary((a) => a.reciprocal()),
  Sin: unary((a) => a.sin()),
  Cos: unary((a) => a.cos()),
  Tanh: unary((a) => a.tanh()),
  Sigmoid: unary((a) => a.sigmoid()),
  Erf: unary((a) => a.erf()),
  Relu: unary((a) => a.relu()),
  LeakyRelu: (c, x) => need(c, x, 0).leakyRelu(c.attrs.float('alpha', 0.01)),
  Elu: (c, x) => need(c, x, 0).elu(c.attrs.float('alpha', 1)),
  Selu: (c, x) => need(c, x, 0).elu(c.attrs.float('alpha', 1.6732632423543772)).mul(c.attrs.float('gamma', 1.0507009873554805)),
  Softplus: unary((a) => a.softplus()),
  Softsign: unary((a) => a.div(a.abs().add(1))),
  HardSigmoid: (c, x) => need(c, x, 0).mul(c.attrs.float('alpha', 0.2)).add(c.attrs.float('beta', 0.5)).clamp(0, 1),
  HardSwish: unary((a) => a.mul(a.div(6).add(0.5).clamp(0, 1))),
  PRelu: (c, x) => {
    const [v, slope] = [need(c, x, 0), need(c, x, 1)];
    return where(v.lt(0), v.mul(slope), v);
  },
  Gelu: (c, x) => need(c, x, 0).gelu(c.attrs.string('approximate', 'none') === 'tanh' ? 'tanh' : 'none'),
  Clip: (c, x) => {
    const v = need(c, x, 0);
    const bound = (i: number, attr: string): number | null => {
      const t = x[i];
      if (t !== null && t !== undefined) return t.item();
      return c.attrs.has(attr) ? c.attrs.float(attr, 0) : null;
    };
    return v.clamp(bound(1, 'min'), bound(2, 'max'));
  },
  Equal: binary((a, b) => a.eq(b)),
  Less: binary((a, b) => a.lt(b)),
  LessOrEqual: binary((a, b) => a.le(b)),
  Greater: binary((a, b) => a.gt(b)),
  GreaterOrEqual: binary((a, b) => a.ge(b)),
  Not: unary((a) => a.logicalNot()),
  And: binary((a, b) => a.logicalAnd(b)),
  Or: binary((a, b) => a.logicalOr(b)),
  Xor: binary((a, b) => a.ne(b)),
  IsNaN: unary((a) => a.isnan()),
  IsInf: (c, x) => {
    const v = need(c, x, 0);
    const [pos, neg] = [c.attrs.int('detect_positive', 1), c.attrs.int('detect_negative', 1)];
    const inf = v.isfinite().logicalOr(v.isnan()).logicalNot();
    return pos && neg ? inf : inf.logicalAnd(pos ? v.gt(0) : v.lt(0));
  },
  Where: (c, x) => where(need(c, x, 0), need(c, x, 1), need(c, x, 2)),
  Cast: (c, x) => {
    const to = c.attrs.int('to', 0);
    const dtype = dtypeOf(to) ?? c.fail(`Cast to ${onnxTypeName(to)}, which chainrule has no dtype for`, 'type');
    return need(c, x, 0).to(dtype);
  },
  MatMul: binary((a, b) => a.matmul(b)),
  Gemm: (c, x) => {
    let [a, b] = [need(c, x, 0), need(c, x, 1)];
    if (c.attrs.int('transA', 0)) a = a.t();
    if (c.attrs.int('transB', 0)) b = b.t();
    const [alpha, beta] = [c.attrs.float('alpha', 1), c.attrs.float('beta', 1)];
    let y = a.matmul(b);
    if (alpha !== 1) y = y.mul(alpha);
    const bias = x[2];
    return bias === null || bias === undefined ? y : y.add(beta === 1 ? bias : bias.mul(beta));
  },
  Conv: conv,
  LRN: (c, x) => {
    const size = c.attrs.int('size', 0);
    // ONNX puts the odd one of an even window after the channel, PyTorch before: equal for odd sizes
    if (!(Number.isInteger(size) && size >= 1 && size % 2 === 1)) c.fail(`size must be an odd positive integer here, got ${size}`);
    return localResponseNorm(need(c, x, 0), size, c.attrs.float('alpha', 1e-4), c.attrs.float('beta', 0.75), c.attrs.float('bias', 1));
  },
  ConvTranspose: convTranspose,
  MaxPool: maxPool,
  AveragePool: averagePool,
  LpPool: lpPool,
  GlobalAveragePool: unary((a) => a.mean(a.shape.slice(2).map((_, i) => i + 2), true)),
  GlobalMaxPool: unary((a) => a.amax(a.shape.slice(2).map((_, i) => i + 2), true)),
  BatchNormalization: (c, x) => {
    if (c.outputs > 1) c.fail('the running mean and variance outputs (training_mode=1) are not supported');
    const [v, scale, bias, mean, variance] = [0, 1, 2, 3, 4].map((i) => need(c, x, i)) as [Tensor, Tensor, Tensor, Tensor, Tensor];
    // ONNX's momentum weighs the running value; PyTorch's (chainrule's) the batch's
    const momentum = 1 - c.attrs.float('momentum', 0.9);
    return batchNorm(v, mean, variance, { weight: scale, bias, training: c.training, momentum, eps: c.attrs.float('epsilon', 1e-5) });
  },
  LayerNormalization: (c, x) => {
    if (c.outputs > 1) c.fail('the Mean and InvStdDev outputs are not supported');
    const v = need(c, x, 0);
    const axis = normAxis(c.attrs.int('axis', -1), v.ndim);
    return layerNorm(v, v.shape.slice(axis), need(c, x, 1), x[2] ?? null, c.attrs.float('epsilon', 1e-5));
  },
  Dropout: (c, x) => {
    if (c.outputs > 1) c.fail('the mask output is not supported');
    const v = need(c, x, 0);
    const ratio = x[1] !== null && x[1] !== undefined ? x[1].item() : c.attrs.float('ratio', 0.5);
    return dropout(v, ratio, { training: c.training });
  },
  Flatten: (c, x) => {
    const v = need(c, x, 0);
    const a = normAxis(c.attrs.int('axis', 1), v.ndim);
    return v.reshape([numel(v.shape.slice(0, a)), numel(v.shape.slice(a))]);
  },
  Reshape: (c, x) => {
    const v = need(c, x, 0);
    const allowZero = c.attrs.int('allowzero', 0) === 1;
    const shape = (x[1] !== null && x[1] !== undefined ? ints(x[1]) : c.attrs.ints('shape', null) ?? c.fail('the shape is missing')).map((s, i) =>
      s === 0 && !allowZero ? v.shape[i] ?? c.fail(`shape entry ${i} copies a dim the input (of ${v.ndim} dims) lacks`, 'range') : s,
    );
    return v.reshape(shape);
  },
  Transpose: (c, x) => {
    const v = need(c, x, 0);
    return v.permute(c.attrs.ints('perm', null) ?? v.shape.map((_, i) => v.ndim - 1 - i));
  },
  Squeeze: (c, x) => {
    const v = need(c, x, 0);
    const axes = axesOf(c, x);
    return axes === null ? v.squeeze() : v.squeeze(axes.map((a) => normAxis(a, v.ndim)));
  },
  Unsqueeze: (c, x) => {
    const v = need(c, x, 0);
    const axes = axesOf(c, x) ?? c.fail('the axes are missing');
    const rank = v.ndim + axes.length;
    return axes
      .map((a) => normAxis(a, rank))
      .sort((a, b) => a - b)
      .reduce((t, a) => t.unsqueeze(a), v);
  },
  Concat: (c, x) => {
    const xs = x.filter((v): v is Tensor => v !== null);
    return cat(xs, normAxis(c.attrs.int('axis', 0), xs[0]!.ndim));
  },
  Split: (c, x) => {
    const v = need(c, x, 0);
    const axis = normAxis(c.attrs.int('axis', 0), v.ndim);
    const given = x[1] !== null && x[1] !== undefined ? ints(x[1]) : c.attrs.ints('split', null);
    const n = v.shape[axis]!;
    const pieces = c.attrs.int('num_outputs', c.outputs);
    const sizes = given ?? Array.from({ length: pieces }, (_, i) => Math.min(Math.ceil(n / pieces), Math.max(0, n - i * Math.ceil(n / pieces))));
    return v.split(sizes, axis);
  },
  Slice: (c, x) => {
    const v = need(c, x, 0);
    if (x.length > 1) {
      const opt = (i: number): number[] | null => (x[i] !== null && x[i] !== undefined ? ints(x[i]!) : null);
      return slice(c, v, opt(1) ?? [], opt(2) ?? [], opt(3), opt(4));
    }
    return slice(c, v, c.attrs.ints('starts', [])!, c.attrs.ints('ends', [])!, c.attrs.ints('axes', null), null);
  },
  Gather: (c, x) => {
    const [v, idx] = [need(c, x, 0), need(c, x, 1)];
    const axis = normAxis(c.attrs.int('axis', 0), v.ndim);
    const n = v.shape[axis]!;
    const flat = idx.reshape([-1]).to('int32');
    const fixed = where(flat.lt(0), flat.add(n), flat);
    return v.indexSelect(axis, fixed).reshape([...v.shape.slice(0, axis), ...idx.shape, ...v.shape.slice(axis + 1)]);
  },
  GatherElements: (c, x) => {
    const [v, idx] = [need(c, x, 0), need(c, x, 1)];
    const axis = normAxis(c.attrs.int('axis', 0), v.ndim);
    const i = idx.to('int32');
    return v.gather(axis, where(i.lt(0), i.add(v.shape[axis]!), i));
  },
  Expand: (c, x) => {
    const v = need(c, x, 0);
    const shape = ints(need(c, x, 1));
    const n = Math.max(shape.length, v.ndim);
    const target = Array.from({ length: n }, (_, i) => {
      const a = v.shape[i - (n - v.ndim)] ?? 1;
      const b = shape[i - (n - shape.length)] ?? 1;
      return a === 1 ? b : a;
    });
    return v.expand(target);
  },
  Tile: (c, x) => need(c, x, 0).repeat(ints(need(c, x, 1))),
  Shape: (c, x) => {
    const v = need(c, x, 0);
    const clampTo = (i: number): number => Math.min(Math.max(i < 0 ? i + v.ndim : i, 0), v.ndim);
    return tensor(v.shape.slice(clampTo(c.attrs.int('start', 0)), clampTo(c.attrs.int('end', v.ndim))), { dtype: 'int32' });
  },
  Size: (c, x) => tensor(numel(need(c, x, 0).shape), { dtype: 'int32' }),
  ConstantOfShape: (c, x) => {
    const value = c.attrs.tensor('value');
    return full(ints(need(c, x, 0)), value === null ? 0 : value.item(), { dtype: value?.dtype ?? 'float32' });
  },
  Range: (c, x) => {
    const [s, l, d] = [0, 1, 2].map((i) => need(c, x, i));
    return arange(s!.item(), l!.item(), d!.item(), { dtype: s!.dtype });
  },
  Trilu: (c, x) => {
    const k = x[1] !== null && x[1] !== undefined ? x[1].item() : 0;
    return c.attrs.int('upper', 1) ? need(c, x, 0).triu(k) : need(c, x, 0).tril(k);
  },
  Pad: (c, x) => {
    const v = need(c, x, 0);
    const mode = c.attrs.string('mode', 'constant');
    if (mode !== 'constant') c.fail(`mode '${mode}' is not supported (only 'constant')`);
    const pads = x[1] !== null && x[1] !== undefined ? ints(x[1]) : c.attrs.ints('pads', null) ?? c.fail('the pads are missing');
    const value = x[2] !== null && x[2] !== undefined ? x[2].item() : c.attrs.float('value', 0);
    if (x[3] !== null && x[3] !== undefined) c.fail('the axes input is not supported');
    const r = v.ndim;
    // padSpatial pads from dim 2: put two dims of 1 in front
    const lead = v.reshape([1, 1, ...v.shape]);
    return padSpatial(lead, [...pads.slice(0, r), ...pads.slice(r)], value).reshape(v.shape.map((s, i) => s + pads[i]! + pads[i + r]!));
  },
  ReduceSum: reduce((v, axes, keep) => v.sum(axes, keep)),
  ReduceMean: reduce((v, axes, keep) => v.mean(axes, keep)),
  ReduceMax: reduce((v, axes, keep) => v.amax(axes, keep)),
  ReduceMin: reduce((v, axes, keep) => v.amin(axes, keep)),
  ReduceProd: reduce((v, axes, keep) => v.prod(axes, keep)),
  ReduceL1: reduce((v, axes, keep) => v.abs().sum(axes, keep)),
  ReduceL2: reduce((v, axes, keep) => v.square().sum(axes, keep).sqrt()),
  ReduceSumSquare: reduce((v, axes, keep) => v.square().sum(axes, keep)),
  ReduceLogSumExp: reduce((v, axes, keep) => v.logsumexp(axes, keep)),
  ArgMax: (c, x) => {
    if (c.attrs.int('select_last_index', 0)) c.fail('select_last_index 1 is not supported');
    return need(c, x, 0).argmax(c.attrs.int('axis', 0), c.attrs.int('keepdims', 1) === 1);
  },
  ArgMin: (c, x) => {
    if (c.attrs.int('select_last_index', 0)) c.fail('select_last_index 1 is not supported');
    return need(c, x, 0).argmin(c.attrs.int('axis', 0), c.attrs.int('keepdims', 1) === 1);
  },
  Softmax: softmaxOp(false),
  LogSoftmax: softmaxOp(true),
  LSTM: lstm,
  GRU: gru,
  RNN: rnn,
};

/** A Constant node's value (its tensor, or one of the value_* forms). */
export function constantValue(c: OpContext): Tensor {
  const a = c.attrs;
  const t = a.tensor('value');
  if (t !== null) return t;
  if (a.has('value_float')) return tensor(a.float('value_float', 0));
  if (a.has('value_floats')) return tensor(a.floats('value_floats')!);
  if (a.has('value_int')) return tensor(a.int('value_int', 0), { dtype: 'int32' });
  if (a.has('value_ints')) return tensor(a.ints('value_ints', [])!, { dtype: 'int32' });
  return c.fail('sparse and string constants are not supported');
}
