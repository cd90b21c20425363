/**
 * The conversions of the recurrent layers to ONNX's own recurrent ops: each layer of `RNN`,
 * `LSTM`, `GRU` (both directions in one node) and each cell becomes one `RNN`, `LSTM` or `GRU`
 * node, its weights reordered into ONNX's gate order (LSTM i o f c for PyTorch's i f g o; GRU
 * z r h for r z n, with `linear_before_reset` as PyTorch computes the n gate) and stacked over
 * directions as constants. Exported in eval mode, so without the dropout between layers. Not
 * expressible: an LSTM's projection (`projSize`: ONNX's LSTM has none) and a `PackedSequence` input.
 * @module
 */
import { cat, noGrad, stack } from '@chainrule/autograd';
import type { Tensor } from '@chainrule/autograd';
import { GRU, GRUCell, LSTM, LSTMCell, RNN, RNNCell } from '../layers/rnn.js';
import type { RNNBase, RNNCellBase } from '../layers/rnn.js';
import type { AnyModule } from '../module.js';
import type { Parameter } from '../parameter.js';
import { PackedSequence } from '../utils/rnn.js';
import type { Dim } from './dims.js';
import type { ExportContext, OnnxConversion, OnnxExportContext } from './registry.js';
import type { Trace } from './trace.js';
import type { Traced } from './traced.js';

const traceOf = (ctx: OnnxExportContext): Trace => (ctx as ExportContext).trace;

type Kind = 'LSTM' | 'GRU' | 'RNN';

/** PyTorch's gate blocks in ONNX's order. */
const ORDER: Record<Kind, number[]> = { LSTM: [0, 3, 1, 2], GRU: [1, 0, 2], RNN: [0] };

/** A weight or bias with its gate blocks of `hidden` rows put in ONNX's order. */
function reorder(p: Tensor, kind: Kind, hidden: number): Tensor {
  return cat(
    ORDER[kind].map((k) => p.narrow(0, k * hidden, hidden)),
    0,
  );
}

/** One layer's ONNX node over all its directions: W, R and B stacked over the directions. */
function node(
  t: Trace,
  kind: Kind,
  relu: boolean,
  x: Traced,
  weights: { wIh: Parameter; wHh: Parameter; bIh: Parameter | null; bHh: Parameter | null }[],
  hidden: number,
  h0: Traced | null,
  c0: Traced | null,
): { y: Traced; h: Traced; c: Traced | null } {
  const D = weights.length;
  const [W, R, B] = noGrad(() => [
    stack(weights.map((w) => reorder(w.wIh, kind, hidden))),
    stack(weights.map((w) => reorder(w.wHh, kind, hidden))),
    weights[0]!.bIh === null ? null : stack(weights.map((w) => cat([reorder(w.bIh!, kind, hidden), reorder(w.bHh!, kind, hidden)]))),
  ]);
  const attrs = {
    hidden_size: { i: hidden },
    direction: { s: D === 2 ? 'bidirectional' : 'forward' },
    ...(kind === 'GRU' ? { linear_before_reset: { i: 1 } } : {}),
    ...(kind === 'RNN' ? { activations: { strings: new Array<string>(D).fill(relu ? 'Relu' : 'Tanh') } } : {}),
  };
  const [T, Bt] = x.dims as [Dim, Dim];
  const dt = x.dtype;
  const outs = [
    { dims: [T, D, Bt, hidden], dtype: dt },
    { dims: [D, Bt, hidden], dtype: dt },
    ...(kind === 'LSTM' ? [{ dims: [D, Bt, hidden], dtype: dt }] : []),
  ];
  const inputs = [x, t.constant(W), t.constant(R), B === null ? null : t.constant(B), null, h0, ...(kind === 'LSTM' ? [c0] : [])];
  const [y, h, c] = t.emit(kind, inputs, attrs, outs);
  return { y: y!, h: h!, c: c ?? null };
}

function kindOf(m: AnyModule): [Kind, boolean] {
  if (m instanceof LSTM || m instanceof LSTMCell) return ['LSTM', false];
  if (m instanceof GRU || m instanceof GRUCell) return ['GRU', false];
  return ['RNN', (m as RNN | RNNCell).nonlinearity === 'relu'];
}

/** A stacked (bidirectional) layer as one ONNX node per layer. */
function layers(ctx: OnnxExportContext, m: RNNBase<unknown[], unknown>, input: Tensor | PackedSequence, hx: Tensor | null, cx: Tensor | null): [Traced, Traced, Traced | null] {
  const t = traceOf(ctx);
  const name = m.getName();
  const [kind, relu] = kindOf(m);
  if (input instanceof PackedSequence) return t.fail(name, 'a PackedSequence input cannot be exported (export a padded batch)');
  if (m.projSize > 0) t.fail(name, "ONNX's LSTM has no projection (projSize)");
  const v = t.lift(input);
  const w0 = (m.allWeights[0]![0] as Tensor).dtype;
  if (v.dtype !== w0) t.fail(name, `the input (${v.dtype}) and the weights (${w0}) must have the same dtype`);
  if (v.ndim !== 2 && v.ndim !== 3) t.fail(name, `expected a 2-D or 3-D input, got ${v.ndim}-D`);
  if (v.dims[v.ndim - 1] !== m.inputSize) t.fail(name, `expected ${m.inputSize} input features, got ${String(v.dims[v.ndim - 1])}`);
  const unbatched = v.ndim === 2;
  let x = unbatched ? v.unsqueeze(1) : m.batchFirst ? v.transpose(0, 1) : v;
  const D = m.bidirectional ? 2 : 1;
  const H = m.hiddenSize;
  const state = (s: Tensor | null): Traced | null => (s === null ? null : unbatched ? t.lift(s).unsqueeze(1) : t.lift(s));
  const [h0, c0] = [state(hx), state(cx)];
  const hs: Traced[] = [];
  const cs: Traced[] = [];
  const all = m.allWeights;
  for (let l = 0; l < m.numLayers; l++) {
    const ws = all.slice(l * D, (l + 1) * D).map((w) => ({ wIh: w[0]!, wHh: w[1]!, bIh: m.bias ? w[2]! : null, bHh: m.bias ? w[3]! : null }));
    const slice = (s: Traced | null): Traced | null => (s === null ? null : (s.narrow(0, l * D, D) as Traced));
    const r = node(t, kind, relu, x, ws, H, slice(h0), slice(c0));
    const [T, B] = x.dims as [Dim, Dim];
    // Y is [T, D, B, H]: the directions side by side per step, as PyTorch's output
    x = t.reshape(r.y.transpose(1, 2) as Traced, [T, B, D * H]);
    hs.push(r.h);
    if (r.c !== null) cs.push(r.c);
  }
  let out = x;
  let h = hs.length === 1 ? hs[0]! : (cat(hs, 0) as Traced);
  let c = cs.length === 0 ? null : cs.length === 1 ? cs[0]! : (cat(cs, 0) as Traced);
  if (unbatched) {
    out = out.squeeze(1) as Traced;
    h = h.squeeze(1) as Traced;
    c = c === null ? null : (c.squeeze(1) as Traced);
  } else if (m.batchFirst) out = out.transpose(0, 1) as Traced;
  return [out, h, c];
}

/** A cell as a one-step, one-direction ONNX node. */
function cell(ctx: OnnxExportContext, m: RNNCellBase<unknown[], unknown>, input: Tensor, hx: Tensor | null, cx: Tensor | null): [Traced, Traced | null] {
  const t = traceOf(ctx);
  const name = m.getName();
  const [kind, relu] = kindOf(m);
  const v = t.lift(input);
  if (v.dtype !== m.weightIh.dtype) t.fail(name, `the input (${v.dtype}) and the weights (${m.weightIh.dtype}) must have the same dtype`);
  if (v.ndim !== 1 && v.ndim !== 2) t.fail(name, `expected a 1-D or 2-D input, got ${v.ndim}-D`);
  const unbatched = v.ndim === 1;
  const x = (unbatched ? v.unsqueeze(0) : v).unsqueeze(0) as Traced;
  const state = (s: Tensor | null): Traced | null => (s === null ? null : ((unbatched ? t.lift(s).unsqueeze(0) : t.lift(s)).unsqueeze(0) as Traced));
  const r = node(t, kind, relu, x, [{ wIh: m.weightIh, wHh: m.weightHh, bIh: m.biasIh, bHh: m.biasHh }], m.hiddenSize, state(hx), state(cx));
  const drop = (s: Traced): Traced => (unbatched ? s.squeeze(0).squeeze(0) : s.squeeze(0)) as Traced;
  return [drop(r.h), r.c === null ? null : drop(r.c)];
}

/** The recurrent layers' conversions, by class. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const RNN_CONVERSIONS: readonly [abstract new (...args: any[]) => AnyModule, OnnxConversion][] = [
  [RNN, ((ctx, m: RNN, x: Tensor | PackedSequence, hx?: Tensor | null) => layers(ctx, m, x, hx ?? null, null).slice(0, 2)) as OnnxConversion],
  [GRU, ((ctx, m: GRU, x: Tensor | PackedSequence, hx?: Tensor | null) => layers(ctx, m, x, hx ?? null, null).slice(0, 2)) as OnnxConversion],
  [
    LSTM,
    ((ctx, m: LSTM, x: Tensor | PackedSequence, hx?: [Tensor, Tensor] | null) => {
      const [out, h, c] = layers(ctx, m, x, hx?.[0] ?? null, hx?.[1] ?? null);
      return [out, [h, c]];
    }) as OnnxConversion,
  ],
  [RNNCell, ((ctx, m: RNNCell, x: Tensor, hx?: Tensor | null) => cell(ctx, m, x, hx ?? null, null)[0]) as OnnxConversion],
  [GRUCell, ((ctx, m: GRUCell, x: Tensor, hx?: Tensor | null) => cell(ctx, m, x, hx ?? null, null)[0]) as OnnxConversion],
  [LSTMCell, ((ctx, m: LSTMCell, x: Tensor, hx?: [Tensor, Tensor] | null) => cell(ctx, m, x, hx?.[0] ?? null, hx?.[1] ?? null)) as OnnxConversion],
];

