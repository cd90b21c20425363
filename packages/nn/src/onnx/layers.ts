/**
 * The conversions of nn's layers: one small function each, in a table the registry falls back on
 * (a user's registration for the same class wins). Containers (Sequential) and modules whose
 * forward is tensor ops are traced through instead and need none. Adding a layer: one entry.
 * @module
 */
import { ones, zeros } from '@chainrule/autograd';
import type { DType, Tensor } from '@chainrule/autograd';
import { Dropout, Flatten, Identity, Unflatten } from '../layers/basic.js';
import { ELU, GELU, LeakyReLU, LogSoftmax, ReLU, SiLU, Sigmoid, Softmax, Softplus, Tanh } from '../layers/activation.js';
import { Conv1d, Conv2d, Conv3d, ConvTranspose1d, ConvTranspose2d, ConvTranspose3d } from '../layers/conv.js';
import type { ConvNd } from '../layers/conv.js';
import { AvgPool1d, AvgPool2d, AvgPool3d, LPPool2d, MaxPool1d, MaxPool2d, MaxPool3d } from '../layers/pooling.js';
import type { AvgPoolNd, MaxPoolNd } from '../layers/pooling.js';
import { Linear } from '../layers/linear.js';
import { BatchNormBase, LayerNorm } from '../layers/normalization.js';
import { LocalResponseNorm } from '../layers/instance-norm.js';
import { Embedding } from '../layers/sparse.js';
import { mulDims, showDims } from './dims.js';
import type { Dim } from './dims.js';
import type { ExportContext, OnnxConversion, OnnxExportContext } from './registry.js';
import type { AnyModule } from '../module.js';
import { RNN_CONVERSIONS } from './layers-rnn.js';
import type { Trace } from './trace.js';
import type { Traced } from './traced.js';

/** The trace behind a context (built-in conversions write through it directly). */
const traceOf = (ctx: OnnxExportContext): Trace => (ctx as ExportContext).trace;

/** The traced input, checked to be float of the layer's dtype and of `ndims` dims. */
function input(ctx: OnnxExportContext, x: Tensor, layer: string, weight: Tensor | null, ndims?: readonly number[]): Traced {
  const t = traceOf(ctx);
  const v = t.lift(x);
  if (ndims !== undefined && !ndims.includes(v.ndim)) t.fail(layer, `expected a ${ndims.join('-D or ')}-D input, got ${showDims(v.dims)}`);
  if (weight !== null && v.dtype !== weight.dtype) t.fail(layer, `the input (${v.dtype}) and the weights (${weight.dtype}) must have the same dtype`);
  return v;
}

/** Traces a module's own forward (the class's, not the export's stand-in that calls this conversion). */
const traceForward = <A extends unknown[], R>(m: { forward(...a: A): R }, ...args: A): R => (Object.getPrototypeOf(m) as { forward(...a: A): R }).forward.call(m, ...args);

/** A size option as one number per spatial dim. */
const perDim = (v: number | readonly number[], nd: number): number[] => (typeof v === 'number' ? new Array<number>(nd).fill(v) : [...v]);

/** The output size of a window op along one dim (pads `before + after`): a new named size when a named input size changes. */
function windowed(t: Trace, d: Dim, k: number, s: number, pads: number, dil: number, ceil = false): Dim {
  const out = (n: number): number => {
    const span = n + pads - dil * (k - 1) - 1;
    if (!ceil) return Math.floor(span / s) + 1;
    // PyTorch's ceil mode: a last window must start inside the input or its left padding
    const o = Math.ceil(span / s) + 1;
    return (o - 1) * s >= n + pads / 2 ? o - 1 : o;
  };
  if (typeof d === 'number') return out(d);
  if (s === 1 && pads === dil * (k - 1)) return d;
  return t.freshDim(out(t.concrete([d])[0]!));
}

/** Output dims of an N-d window op (Conv, MaxPool, AveragePool) on `[N, C, ...spatial]`; `pads` as ONNX lists them (begins, then ends). */
function windowNd(t: Trace, x: Traced, channels: Dim, k: readonly number[], s: readonly number[], pads: readonly number[], dil: readonly number[], ceil = false): Dim[] {
  const nd = k.length;
  return [x.dims[0]!, channels, ...x.dims.slice(2).map((d, i) => windowed(t, d, k[i]!, s[i]!, pads[i]! + pads[i + nd]!, dil[i]!, ceil))];
}

const conversions = new Map<unknown, OnnxConversion>();
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function add<M extends AnyModule>(cls: abstract new (...args: any[]) => M, convert: OnnxConversion<M>): void {
  conversions.set(cls, convert as unknown as OnnxConversion);
}

/** The built-in conversions, by layer class. */
export const LAYER_CONVERSIONS: ReadonlyMap<unknown, OnnxConversion> = conversions;

const constant = (t: Trace, shape: readonly number[], value: 0 | 1, dtype: DType): Traced => t.constant(value === 1 ? ones(shape, { dtype }) : zeros(shape, { dtype }));

add(Linear, (ctx, m, x) => {
  const t = traceOf(ctx);
  const v = input(ctx, x, 'Linear', m.weight);
  if (v.ndim === 0) t.fail('Linear', 'expected an input with at least 1 dim');
  const dims = [...v.dims.slice(0, -1), m.outFeatures];
  const w = t.lift(m.weight);
  const b = m.bias === null ? null : t.lift(m.bias);
  // Gemm takes 2-D inputs only; MatMul broadcasts like PyTorch's linear
  if (v.ndim === 2) return t.emit1('Gemm', [v, w, b], { transB: { i: 1 } }, dims, v.dtype);
  const wt = t.emit1('Transpose', [w], { perm: { ints: [1, 0] } }, [m.inFeatures, m.outFeatures], v.dtype);
  const y = t.emit1('MatMul', [v, wt], {}, dims, v.dtype);
  return b === null ? y : y.add(b);
});

// the lookup stops at a class with its own forward: each concrete layer is listed
function convNd(ctx: OnnxExportContext, m: ConvNd<readonly number[], unknown[]>, x: Tensor, outputSize?: readonly number[]): Tensor {
  const t = traceOf(ctx);
  const layer = m.getName();
  const nd = m.kernelSize.length;
  const v = input(ctx, x, layer, m.weight, [nd + 2]);
  if (v.dims[1] !== m.inChannels) t.fail(layer, `expected ${m.inChannels} input channels (dim 1), got ${showDims(v.dims)}`);
  if (m.paddingMode !== 'zeros') t.fail(layer, `padding_mode '${m.paddingMode}' has no conversion (ONNX's Pad modes differ from PyTorch's at the borders)`);
  const k = [...m.kernelSize];
  const [s, d] = [[...m.stride], [...m.dilation]];
  // 'same': PyTorch puts the odd one of the total padding at the end
  const total = m.padding === 'same' ? d.map((di, i) => di * (k[i]! - 1)) : null;
  const begin = m.padding === 'valid' ? k.map(() => 0) : total !== null ? total.map((p) => Math.floor(p / 2)) : [...(m.padding as readonly number[])];
  const end = total !== null ? total.map((p, i) => p - begin[i]!) : begin;
  const w = t.lift(m.weight);
  const b = m.bias === null ? null : t.lift(m.bias);
  const common = { dilations: { ints: d }, group: { i: m.groups }, kernel_shape: { ints: k }, strides: { ints: s } };
  if (!m.transposed) {
    const dims = windowNd(t, v, m.outChannels, k, s, [...begin, ...end], d);
    return t.emit1('Conv', [v, w, b], { ...common, pads: { ints: [...begin, ...end] } }, dims, v.dtype);
  }
  // the transposed convolution: (in − 1)·stride − 2·padding + dilation·(k − 1) + outputPadding + 1
  const base = (n: number, i: number): number => (n - 1) * s[i]! - 2 * begin[i]! + d[i]! * (k[i]! - 1) + 1;
  const inSizes = t.concrete(v.dims.slice(2));
  // an output size asked for in forward is an output padding (the functional form checks its range)
  const op = outputSize === undefined ? [...m.outputPadding] : outputSize.slice(-nd).map((o, i) => o - base(inSizes[i]!, i));
  if (op.some((o, i) => !(o >= 0 && o < Math.max(s[i]!, d[i]!)))) t.fail(layer, `output size ${showDims(outputSize ?? [])} is out of reach: the output padding ${showDims(op)} must lie in [0, max(stride, dilation))`);
  const size = (n: number, i: number): number => base(n, i) + op[i]!;
  const dims = [v.dims[0]!, m.outChannels, ...v.dims.slice(2).map((dim, i) => (typeof dim === 'number' ? size(dim, i) : t.freshDim(size(inSizes[i]!, i))))];
  return t.emit1('ConvTranspose', [v, w, b], { ...common, output_padding: { ints: op }, pads: { ints: [...begin, ...begin] } }, dims, v.dtype);
}
for (const cls of [Conv1d, Conv2d, Conv3d, ConvTranspose1d, ConvTranspose2d, ConvTranspose3d]) conversions.set(cls, convNd as unknown as OnnxConversion);

const maxPoolNd: OnnxConversion<MaxPoolNd<unknown, boolean>> = (ctx, m, x) => {
  const t = traceOf(ctx);
  const layer = m.getName();
  const nd = Number(/(\d)d$/.exec(layer)?.[1] ?? 2);
  const v = input(ctx, x, layer, null, [nd + 2]);
  // ONNX's Indices count over the whole tensor (and need a second output); PyTorch's within each plane
  if (m.returnIndices) t.fail(layer, 'return_indices has no conversion (ONNX numbers the indices over the whole tensor, PyTorch within each plane)');
  const [k, s, p, d] = [perDim(m.kernelSize as number | number[], nd), perDim(m.stride as number | number[], nd), perDim(m.padding as number | number[], nd), perDim(m.dilation as number | number[], nd)];
  const dims = windowNd(t, v, v.dims[1]!, k, s, [...p, ...p], d, m.ceilMode);
  // PyTorch pads max pooling with -inf, as ONNX's MaxPool does
  const attrs = { ceil_mode: { i: m.ceilMode ? 1 : 0 }, dilations: { ints: d }, kernel_shape: { ints: k }, pads: { ints: [...p, ...p] }, strides: { ints: s } };
  return t.emit1('MaxPool', [v], attrs, dims, v.dtype);
};
for (const cls of [MaxPool1d, MaxPool2d, MaxPool3d]) add(cls, maxPoolNd);

const avgPoolNd: OnnxConversion<AvgPoolNd<unknown>> = (ctx, m, x) => {
  const t = traceOf(ctx);
  const layer = m.getName();
  const nd = Number(/(\d)d$/.exec(layer)?.[1] ?? 2);
  const v = input(ctx, x, layer, null, [nd + 2]);
  if (m.divisorOverride !== null) t.fail(layer, 'divisor_override has no conversion (ONNX AveragePool divides by the window)');
  if (m.ceilMode) t.fail(layer, "ceil_mode has no conversion (ONNX's last partial window counts the padding differently from PyTorch's)");
  const [k, s, p] = [perDim(m.kernelSize as number | number[], nd), perDim(m.stride as number | number[], nd), perDim(m.padding as number | number[], nd)];
  const dims = windowNd(t, v, v.dims[1]!, k, s, [...p, ...p], k.map(() => 1));
  const attrs = { ceil_mode: { i: 0 }, count_include_pad: { i: m.countIncludePad ? 1 : 0 }, kernel_shape: { ints: k }, pads: { ints: [...p, ...p] }, strides: { ints: s } };
  return t.emit1('AveragePool', [v], attrs, dims, v.dtype);
};
for (const cls of [AvgPool1d, AvgPool2d, AvgPool3d]) add(cls, avgPoolNd);

// PyTorch's LPPool2d is (Σ x^p)^(1/p) over each window, ONNX's LpPool (Σ |x|^p)^(1/p): the same for an even p
add(LPPool2d, (ctx, m, x) => {
  const t = traceOf(ctx);
  const v = input(ctx, x, 'LPPool2d', null, [4]);
  if (!(Number.isInteger(m.normType) && m.normType % 2 === 0 && m.normType > 0)) {
    t.fail('LPPool2d', `norm_type ${m.normType} has no conversion (ONNX's LpPool takes |x|^p, PyTorch x^p: they agree for even p only)`);
  }
  if (m.ceilMode) t.fail('LPPool2d', 'ceil_mode has no conversion (ONNX LpPool has no ceil mode)');
  const k = perDim(m.kernelSize as number | number[], 2);
  const s = m.stride === null ? k : perDim(m.stride as number | number[], 2);
  const dims = windowNd(t, v, v.dims[1]!, k, s, [0, 0, 0, 0], [1, 1]);
  return t.emit1('LpPool', [v], { kernel_shape: { ints: k }, p: { i: m.normType }, pads: { ints: [0, 0, 0, 0] }, strides: { ints: s } }, dims, v.dtype);
});

add(BatchNormBase, (ctx, m, x) => {
  const t = traceOf(ctx);
  const layer = m.getName();
  const v = input(ctx, x, layer, m.weight ?? m.runningMean);
  try {
    (m as unknown as { checkInput(x: Tensor): void }).checkInput(v);
  } catch (e) {
    t.fail(layer, (e as Error).message);
  }
  if (v.dims[1] !== m.numFeatures) t.fail(layer, `expected ${m.numFeatures} channels (dim 1), got ${showDims(v.dims)}`);
  const c = m.numFeatures;
  const scale = m.weight === null ? constant(t, [c], 1, v.dtype) : t.lift(m.weight);
  const bias = m.bias === null ? constant(t, [c], 0, v.dtype) : t.lift(m.bias);
  if (m.runningMean !== null && m.runningVar !== null) {
    // exported in eval mode: the running statistics; ONNX's momentum weighs the running value
    const attrs = { epsilon: { f: m.eps }, momentum: { f: 1 - (m.momentum ?? 0.1) } };
    return t.emit1('BatchNormalization', [v, scale, bias, t.lift(m.runningMean), t.lift(m.runningVar)], attrs, v.dims, v.dtype);
  }
  // no running statistics: the batch's, as in training
  const axes = [0, ...v.dims.slice(2).map((_, i) => i + 2)];
  const mean = v.mean(axes, true);
  const centered = v.sub(mean);
  const perChannel = [1, c, ...v.dims.slice(2).map(() => 1)];
  const y = centered.mul(centered.square().mean(axes, true).add(m.eps).rsqrt());
  return y.mul(t.reshape(scale, perChannel)).add(t.reshape(bias, perChannel));
});

add(LayerNorm, (ctx, m, x) => {
  const t = traceOf(ctx);
  const v = input(ctx, x, 'LayerNorm', m.weight);
  const k = m.normalizedShape.length;
  const tail = v.dims.slice(v.ndim - k);
  if (v.ndim < k || tail.some((d, i) => d !== m.normalizedShape[i])) t.fail('LayerNorm', `expected input with shape [*, ${m.normalizedShape.join(', ')}], got ${showDims(v.dims)}`);
  // LayerNormalization is in opset 17; earlier opsets get the forward's ops
  if (t.opset < 17) return traceForward(m, v);
  const scale = m.weight === null ? constant(t, m.normalizedShape, 1, v.dtype) : t.lift(m.weight);
  const bias = m.bias === null ? null : t.lift(m.bias);
  return t.emit1('LayerNormalization', [v, scale, bias], { axis: { i: -k }, epsilon: { f: m.eps } }, v.dims, v.dtype);
});

add(LocalResponseNorm, (ctx, m, x) => {
  const t = traceOf(ctx);
  const v = input(ctx, x, 'LocalResponseNorm', null);
  if (v.ndim < 3) t.fail('LocalResponseNorm', `expected 3D or higher dimensionality input, got ${showDims(v.dims)}`);
  // ONNX puts the odd one of an even window after the channel, PyTorch before
  if (m.size % 2 === 0) t.fail('LocalResponseNorm', `an even size (${m.size}) has no conversion: ONNX's LRN centres the window differently`);
  const attrs = { alpha: { f: m.alpha }, beta: { f: m.beta }, bias: { f: m.k }, size: { i: m.size } };
  // onnxruntime computes LRN on 4-D inputs: others are reshaped to [N, C, 1, rest] and back
  if (v.ndim === 4) return t.emit1('LRN', [v], attrs, v.dims, v.dtype);
  const flat = t.reshape(v, [v.dims[0]!, v.dims[1]!, 1, mulDims(v.dims.slice(2))]);
  return t.reshape(t.emit1('LRN', [flat], attrs, flat.dims, v.dtype), v.dims);
});

add(Embedding, (ctx, m, x) => {
  const t = traceOf(ctx);
  const idx = t.lift(x);
  if (idx.dtype !== 'int32') t.fail('Embedding', `expected int32 indices, got ${idx.dtype}`);
  return t.emit1('Gather', [t.lift(m.weight), idx], { axis: { i: 0 } }, [...idx.dims, m.embeddingDim], m.weight.dtype);
});

// exported in eval mode: dropout is the identity
add(Dropout, (_ctx, _m, x) => x);
add(Identity, (_ctx, _m, x) => x);
add(Flatten, (ctx, m, x) => traceOf(ctx).lift(x).flatten(m.startDim, m.endDim));
add(Unflatten, (ctx, m, x) => {
  const t = traceOf(ctx);
  const v = t.lift(x);
  const d = m.dim < 0 ? m.dim + v.ndim : m.dim;
  if (!(d >= 0 && d < v.ndim)) t.fail('Unflatten', `dim ${m.dim} is out of range for a tensor of ${v.ndim} dims`);
  const sizes = m.unflattenedSize.map((s) => (s === -1 ? -1 : s));
  const whole = v.dims[d]!;
  const known = mulDims(sizes.filter((s) => s !== -1));
  const inferred = sizes.includes(-1) ? (typeof whole === 'number' && typeof known === 'number' ? whole / known : t.fail('Unflatten', `cannot infer -1 in ${showDims(sizes)} from the dynamic size '${whole}'`)) : null;
  const dims = sizes.map((s) => (s === -1 ? inferred! : s));
  if (inferred === null && mulDims(dims) !== whole) t.fail('Unflatten', `unflattened_size ${showDims(sizes)} does not multiply to the size ${whole} of dim ${m.dim}`);
  return t.reshape(v, [...v.dims.slice(0, d), ...dims, ...v.dims.slice(d + 1)]);
});

add(ReLU, (_ctx, _m, x) => x.relu());
add(LeakyReLU, (_ctx, m, x) => x.leakyRelu(m.negativeSlope));
add(Sigmoid, (_ctx, _m, x) => x.sigmoid());
add(Tanh, (_ctx, _m, x) => x.tanh());
add(GELU, (_ctx, m, x) => x.gelu(m.approximate));
add(SiLU, (_ctx, _m, x) => x.silu());
add(ELU, (_ctx, m, x) => x.elu(m.alpha));
add(Softplus, (_ctx, m, x) => x.softplus(m.beta, m.threshold));
add(Softmax, (_ctx, m, x) => x.softmax(m.dim));
add(LogSoftmax, (_ctx, m, x) => x.logSoftmax(m.dim));
for (const [cls, convert] of RNN_CONVERSIONS) add(cls, convert);
