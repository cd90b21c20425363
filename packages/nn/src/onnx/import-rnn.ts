/**
 * ONNX's recurrent ops (LSTM, GRU, RNN) for imported models, as a loop over time steps of
 * differentiable chainrule ops: one or both directions, initial states, biases, peepholes (LSTM),
 * `linear_before_reset` (GRU; PyTorch's exporter sets it), `layout` 0 and 1. Gates follow ONNX's
 * order in the weights (LSTM: input, output, forget, cell; GRU: update, reset, hidden).
 * @module
 */
import { stack, zeros } from '@chainrule/autograd';
import type { Tensor } from '@chainrule/autograd';
import type { OpContext } from './import-ops.js';

type Input = Tensor | null;

const ACTIVATIONS: Record<string, (x: Tensor) => Tensor> = {
  Sigmoid: (x) => x.sigmoid(),
  Tanh: (x) => x.tanh(),
  Relu: (x) => x.relu(),
};

/** One direction's step: the new state(s) from the input at one time and the current state(s). */
type Step = (x: Tensor, state: Tensor[]) => Tensor[];

interface Setup {
  /** Input as [seq, batch, features]. */
  x: Tensor;
  hidden: number;
  directions: number;
  /** [directions, gates·hidden, input] and [directions, gates·hidden, hidden]. */
  w: Tensor;
  r: Tensor;
  /** [directions, 2·gates·hidden] or null. */
  b: Tensor | null;
  activations: ((x: Tensor) => Tensor)[];
  layout: number;
  reverse: boolean;
}

function setup(c: OpContext, x: readonly Input[], op: string, acts: number, defaults: string[]): Setup {
  const need = (i: number): Tensor => x[i] ?? c.fail(`input ${i} is missing`);
  const layout = c.attrs.int('layout', 0);
  const X = layout === 1 ? need(0).transpose(0, 1) : need(0);
  const direction = c.attrs.string('direction', 'forward');
  if (!['forward', 'reverse', 'bidirectional'].includes(direction)) c.fail(`direction '${direction}' is not one of forward, reverse, bidirectional`);
  const directions = direction === 'bidirectional' ? 2 : 1;
  if (c.attrs.has('clip')) c.fail('the clip attribute is not supported');
  const lens = x[4];
  if (lens !== null && lens !== undefined && Array.from(lens.toArray()).some((v) => v !== X.shape[0])) {
    c.fail('sequence_lens shorter than the sequence (padded batches) is not supported');
  }
  const names = (c.attrs.strings('activations') ?? []).slice();
  const list = names.length > 0 ? names : Array.from({ length: directions }, () => defaults).flat();
  if (list.length !== acts * directions) c.fail(`expected ${acts * directions} activations, got ${list.length}`);
  const activations = list.map((n) => ACTIVATIONS[n] ?? c.fail(`${op}: activation ${n} is not supported (Sigmoid, Tanh, Relu)`));
  const hidden = c.attrs.int('hidden_size', need(2).shape[2] ?? 0);
  return { x: X, hidden, directions, w: need(1), r: need(2), b: x[3] ?? null, activations, layout, reverse: direction === 'reverse' };
}

/** Runs each direction over time; returns Y and the final states, in the node's layout. */
function unroll(s: Setup, initial: (Tensor | null)[], makeStep: (d: number) => Step): Tensor[] {
  const [seq, batch] = s.x.shape as [number, number];
  const perDirection: Tensor[][] = [];
  const finals: Tensor[][] = [];
  for (let d = 0; d < s.directions; d++) {
    const step = makeStep(d);
    let state = initial.map((h) => (h === null ? zeros([batch, s.hidden], { dtype: s.x.dtype }) : h.select(0, d)));
    const ys: Tensor[] = new Array<Tensor>(seq);
    const backwards = d === 1 || s.reverse;
    for (let k = 0; k < seq; k++) {
      const t = backwards ? seq - 1 - k : k;
      state = step(s.x.select(0, t), state);
      ys[t] = state[0]!;
    }
    perDirection.push(ys);
    finals.push(state);
  }
  // Y: [seq, directions, batch, hidden] (layout 1: [batch, seq, directions, hidden])
  const y = stack(
    Array.from({ length: seq }, (_, t) => stack(perDirection.map((ys) => ys[t]!), 0)),
    0,
  );
  const states = initial.map((_, i) => stack(finals.map((f) => f[i]!), 0));
  return s.layout === 1 ? [y.permute([2, 0, 1, 3]), ...states.map((h) => h.transpose(0, 1))] : [y, ...states];
}

/** Splits [directions, n·hidden, ·] into the n gate blocks of direction d, transposed for x·Wᵀ. */
const gates = (w: Tensor, d: number, n: number): Tensor[] => w.select(0, d).chunk(n, 0).map((g) => g.t());
/** The n input and n recurrent bias blocks of direction d (zeros when there is no bias). */
function biases(s: Setup, d: number, n: number): [Tensor[], Tensor[]] {
  if (s.b === null) {
    const z = zeros([s.hidden], { dtype: s.x.dtype });
    return [new Array<Tensor>(n).fill(z), new Array<Tensor>(n).fill(z)];
  }
  const all = s.b.select(0, d).chunk(2 * n, 0);
  return [all.slice(0, n), all.slice(n)];
}

function initialStates(x: readonly Input[], s: Setup, indices: number[]): (Tensor | null)[] {
  return indices.map((i) => {
    const h = x[i] ?? null;
    return h === null ? null : s.layout === 1 ? h.transpose(0, 1) : h;
  });
}

/** ONNX LSTM: gates i, o, f, c. */
export function lstm(c: OpContext, x: readonly Input[]): Tensor[] {
  const s = setup(c, x, 'LSTM', 3, ['Sigmoid', 'Tanh', 'Tanh']);
  if (c.attrs.int('input_forget', 0) !== 0) c.fail('input_forget 1 is not supported');
  const p = x[7] ?? null;
  const out = unroll(s, initialStates(x, s, [5, 6]), (d) => {
    const [wi, wo, wf, wc] = gates(s.w, d, 4) as [Tensor, Tensor, Tensor, Tensor];
    const [ri, ro, rf, rc] = gates(s.r, d, 4) as [Tensor, Tensor, Tensor, Tensor];
    const [[bwi, bwo, bwf, bwc], [bri, bro, brf, brc]] = biases(s, d, 4) as [Tensor[], Tensor[]];
    const [pi, po, pf] = p === null ? [null, null, null] : p.select(0, d).chunk(3, 0);
    const [f, g, h] = s.activations.slice(3 * d, 3 * d + 3) as [(t: Tensor) => Tensor, (t: Tensor) => Tensor, (t: Tensor) => Tensor];
    return (xt, [ht, ct]) => {
      const peep = (v: Tensor, q: Tensor | null | undefined, cell: Tensor): Tensor => (q === null || q === undefined ? v : v.add(q.mul(cell)));
      const i = f(peep(xt.matmul(wi).add(ht!.matmul(ri)).add(bwi!).add(bri!), pi, ct!));
      const fg = f(peep(xt.matmul(wf).add(ht!.matmul(rf)).add(bwf!).add(brf!), pf, ct!));
      const cand = g(xt.matmul(wc).add(ht!.matmul(rc)).add(bwc!).add(brc!));
      const cNew = fg.mul(ct!).add(i.mul(cand));
      const o = f(peep(xt.matmul(wo).add(ht!.matmul(ro)).add(bwo!).add(bro!), po, cNew));
      return [o.mul(h(cNew)), cNew];
    };
  });
  return out;
}

/** ONNX GRU: gates z, r, h. */
export function gru(c: OpContext, x: readonly Input[]): Tensor[] {
  const s = setup(c, x, 'GRU', 2, ['Sigmoid', 'Tanh']);
  const beforeReset = c.attrs.int('linear_before_reset', 0) !== 0;
  return unroll(s, initialStates(x, s, [5]), (d) => {
    const [wz, wr, wh] = gates(s.w, d, 3) as [Tensor, Tensor, Tensor];
    const [rz, rr, rh] = gates(s.r, d, 3) as [Tensor, Tensor, Tensor];
    const [[bwz, bwr, bwh], [brz, brr, brh]] = biases(s, d, 3) as [Tensor[], Tensor[]];
    const [f, g] = s.activations.slice(2 * d, 2 * d + 2) as [(t: Tensor) => Tensor, (t: Tensor) => Tensor];
    return (xt, [ht]) => {
      const z = f(xt.matmul(wz).add(ht!.matmul(rz)).add(bwz!).add(brz!));
      const r = f(xt.matmul(wr).add(ht!.matmul(rr)).add(bwr!).add(brr!));
      const recur = beforeReset ? r.mul(ht!.matmul(rh).add(brh!)) : r.mul(ht!).matmul(rh).add(brh!);
      const cand = g(xt.matmul(wh).add(bwh!).add(recur));
      return [z.neg().add(1).mul(cand).add(z.mul(ht!))];
    };
  });
}

/** ONNX RNN: one gate. */
export function rnn(c: OpContext, x: readonly Input[]): Tensor[] {
  const s = setup(c, x, 'RNN', 1, ['Tanh']);
  return unroll(s, initialStates(x, s, [5]), (d) => {
    const [w] = gates(s.w, d, 1) as [Tensor];
    const [r] = gates(s.r, d, 1) as [Tensor];
    const [[bw], [br]] = biases(s, d, 1) as [Tensor[], Tensor[]];
    const f = s.activations[d]!;
    return (xt, [ht]) => [f(xt.matmul(w).add(ht!.matmul(r)).add(bw!).add(br!))];
  });
}
