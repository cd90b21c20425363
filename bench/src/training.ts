/**
 * The training-step cases of `pnpm bench`, on chainrule's side: each builds its model, its inputs
 * and one training step (`body`: zero the gradients, forward, loss, backward, optimizer step; it
 * returns the loss tensor). Every library starts from the same parameters ({@link initialValues},
 * by PyTorch's state-dict names) and the same inputs, so the first losses can be checked against
 * chainrule's float64 reference.
 *
 * The PyTorch side (bench/src/torch_peer.py) builds the same networks with the same math.
 * @module
 */
import * as F from '@chainrule/nn/functional';
import { nn, optim } from '@chainrule/nn';
import { data } from './harness.js';
import { cr } from './libs.js';

type Tensor = cr.Tensor;
type DType = 'float32' | 'float64';

/** A named input of a case: its values (as float32 or int32 raw data) and shape. */
export interface CaseInput {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32';
  values: Float32Array | Int32Array;
}

/** One case built on chainrule. */
export interface Built {
  /** The parameters, by PyTorch's state-dict name, in registration order. */
  params: [string, Tensor][];
  /** The inputs the step takes (the same order as {@link TrainingCase.inputs}). */
  inputs: Tensor[];
  /** One training step: returns the loss (not yet read). */
  body: (...inputs: Tensor[]) => Tensor;
}

/** A training case: what PyTorch's peer builds under `key`, and how chainrule builds it. */
export interface TrainingCase {
  key: string;
  name: string;
  /** The inputs, the same for every library. */
  inputs: CaseInput[];
  /** Builds the model (parameters set to {@link initialValues}), optimizer and step, in `dtype`. */
  build: (dtype: DType) => Built;
  /** Why the case cannot run here (e.g. a layer chainrule does not have yet), or undefined. */
  missing?: string | undefined;
}

/**
 * The initial value of parameter number `i` of `shape`: deterministic data in [-1, 1) scaled by
 * 1/√fan-in for weights (2-D and more) and biases, around 1 for 1-D norm weights.
 */
export function initialValues(name: string, shape: readonly number[], i: number): Float32Array {
  const n = shape.reduce((a, b) => a * b, 1);
  const raw = data(n, 1000 + 17 * i);
  if (shape.length >= 2) {
    const s = 1 / Math.sqrt(n / shape[0]!);
    return raw.map((v) => v * s);
  }
  if (/(^|\.)(ln\w*|norm\w*)\.weight$/.test(name)) return raw.map((v) => 1 + 0.1 * v);
  return raw.map((v) => 0.1 * v);
}

/** Relative tolerance of a float32 library's first two losses against the float64 reference. */
const TOL = 1e-4;

/** Checks two losses against the reference ones: an error message or null. */
export function checkLosses(got: readonly number[], want: readonly number[]): string | null {
  for (let i = 0; i < want.length; i++) {
    const e = Math.abs(got[i]! - want[i]!) / Math.abs(want[i]!);
    if (!(e <= TOL)) return `loss of step ${i + 1}: ${got[i]} vs float64 reference ${want[i]} (rel. error ${e.toExponential(2)})`;
  }
  return null;
}

/** Sets every parameter of `model` to its {@link initialValues}. */
function initialise(model: nn.Module, dtype: DType): [string, Tensor][] {
  const ps = model.namedParameters() as [string, Tensor][];
  cr.noGrad(() => {
    ps.forEach(([name, p], i) => p.copy_(cr.tensor(initialValues(name, p.shape, i), { shape: [...p.shape], dtype })));
  });
  return ps;
}

function input(name: string, shape: number[], values: Float32Array | Int32Array): CaseInput {
  return { name, shape, dtype: values instanceof Int32Array ? 'int32' : 'float32', values };
}

function tensors(inputs: CaseInput[], dtype: DType): Tensor[] {
  return inputs.map((x) => cr.tensor(x.values, { shape: x.shape, dtype: x.dtype === 'int32' ? 'int32' : dtype }));
}

/** A step: zero the gradients, loss of the inputs, backward, update. */
function stepOf(opt: { zeroGrad(): void; step(): void }, loss: (...xs: Tensor[]) => Tensor): (...xs: Tensor[]) => Tensor {
  return (...xs) => {
    opt.zeroGrad();
    const l = loss(...xs);
    l.backward();
    opt.step();
    return l;
  };
}

/** MNIST-sized images ([-1, 1) → [0, 1)) and labels, batch 128. */
function mnistBatch(): CaseInput[] {
  return [
    input('x', [128, 784], data(128 * 784, 25).map((v) => (v + 1) / 2)),
    input('y', [128], Int32Array.from({ length: 128 }, (_, i) => (i * 3) % 10)),
  ];
}

/** Linear(784, 128)-ReLU-Linear(128, 10), cross-entropy, batch 128: SGD (lr 0.1) or Adam (lr 1e-3). */
export function mlpTraining(opt: 'sgd' | 'adam'): TrainingCase {
  const inputs = mnistBatch();
  return {
    key: `mlp-${opt}`,
    name: `MLP 784-128-10 step, batch 128, ${opt === 'sgd' ? 'SGD' : 'Adam'}`,
    inputs,
    build: (dtype) => {
      const model = new nn.Sequential(new nn.Linear(784, 128, { dtype }), new nn.ReLU(), new nn.Linear(128, 10, { dtype }));
      const params = initialise(model, dtype);
      const o = opt === 'sgd' ? new optim.SGD(model.parameters(), { lr: 0.1 }) : new optim.Adam(model.parameters(), { lr: 1e-3 });
      return { params, inputs: tensors(inputs, dtype), body: stepOf(o, (x, y) => F.crossEntropy(model.forward(x!) as Tensor, y!)) };
    },
  };
}

/** The network of `pnpm train --model cnn` (packages/data/src/cli/run.ts), batch 128, Adam. */
export function cnnTraining(): TrainingCase {
  const inputs = mnistBatch();
  return {
    key: 'cnn',
    name: 'CNN (train --model cnn) step, batch 128, Adam',
    inputs,
    build: (dtype) => {
      const model = new nn.Sequential(
        new nn.Unflatten(1, [1, 28, 28]),
        new nn.Conv2d(1, 16, 3, { padding: 1, dtype }),
        new nn.ReLU(),
        new nn.MaxPool2d(2),
        new nn.Conv2d(16, 32, 3, { padding: 1, dtype }),
        new nn.ReLU(),
        new nn.MaxPool2d(2),
        new nn.Flatten(),
        new nn.Linear(32 * 7 * 7, 10, { dtype }),
      );
      const params = initialise(model, dtype);
      const o = new optim.Adam(model.parameters(), { lr: 1e-3 });
      return { params, inputs: tensors(inputs, dtype), body: stepOf(o, (x, y) => F.crossEntropy(model.forward(x!) as Tensor, y!)) };
    },
  };
}

/** Transformer sizes: batch, tokens, width, heads. */
export const TB = { b: 16, t: 64, d: 128, h: 4 } as const;

/** A pre-norm transformer block: x + attn(ln1(x)), then + fc2(gelu(fc1(ln2(·)))); causal attention. */
class Block extends nn.Module {
  ln1: nn.LayerNorm;
  qkv: nn.Linear;
  proj: nn.Linear;
  ln2: nn.LayerNorm;
  fc1: nn.Linear;
  fc2: nn.Linear;
  private readonly mask: Tensor;

  constructor(dtype: DType) {
    super();
    const { d, t } = TB;
    this.ln1 = new nn.LayerNorm([d], { dtype });
    this.qkv = new nn.Linear(d, 3 * d, { dtype });
    this.proj = new nn.Linear(d, d, { dtype });
    this.ln2 = new nn.LayerNorm([d], { dtype });
    this.fc1 = new nn.Linear(d, 4 * d, { dtype });
    this.fc2 = new nn.Linear(4 * d, d, { dtype });
    // true above the diagonal: the positions a token may not attend to
    this.mask = cr.ones([t, t]).tril().eq(0);
  }

  forward(x: Tensor): Tensor {
    const { b, t, d, h } = TB;
    const dh = d / h;
    // [b, t, 3, h, dh] → [3, b, h, t, dh]
    const qkv = this.qkv.forward(this.ln1.forward(x)).reshape([b, t, 3, h, dh]).permute([2, 0, 3, 1, 4]);
    const [q, k, v] = [0, 1, 2].map((i) => qkv.select(0, i)) as [Tensor, Tensor, Tensor];
    const att = q.matmul(k.transpose(-2, -1)).mul(1 / Math.sqrt(dh)).maskedFill(this.mask, -Infinity).softmax(-1);
    const y = att.matmul(v).transpose(1, 2).reshape([b, t, d]);
    const x1 = x.add(this.proj.forward(y));
    return x1.add(this.fc2.forward(F.gelu(this.fc1.forward(this.ln2.forward(x1)))));
  }
}

/** One pre-norm transformer block (batch 16, 64 tokens, width 128, 4 heads, causal), MSE to a target, Adam. */
export function transformerTraining(): TrainingCase {
  const { b, t, d } = TB;
  const inputs = [input('x', [b, t, d], data(b * t * d, 31)), input('target', [b, t, d], data(b * t * d, 32))];
  return {
    key: 'transformer',
    name: 'transformer block step (16×64, d 128, 4 heads, causal), Adam',
    inputs,
    build: (dtype) => {
      const model = new Block(dtype);
      const params = initialise(model, dtype);
      const o = new optim.Adam(model.parameters(), { lr: 1e-3 });
      return { params, inputs: tensors(inputs, dtype), body: stepOf(o, (x, target) => F.mseLoss(model.forward(x!), target!)) };
    },
  };
}

/** LSTM language model sizes: vocabulary (characters, as bench/src/lstm.ts of the nn.LSTM work), embedding, hidden, layers, bptt, batch. */
export const LM = { vocab: 96, emb: 64, hidden: 128, layers: 2, bptt: 35, batch: 20 } as const;

// ---------------------------------------------------------------------------------------------
// SLOT: the LSTM language model. It runs once @chainrule/nn exports `nn.LSTM` (being built on
// another branch); until then the case is listed with the reason it is skipped. The constructor
// and forward below follow PyTorch's (and the nn-rnn branch's): `new nn.LSTM(inputSize,
// hiddenSize, { numLayers })`, `forward(x [T, B, in], [h0, c0]) → [output [T, B, hidden], [hn, cn]]`.
// If nn.LSTM's shape differs, adapt `LstmLm` here (torch_peer.py's LstmLM is the same model).
// ---------------------------------------------------------------------------------------------
interface LstmLike {
  forward(x: Tensor, state: [Tensor, Tensor]): [Tensor, [Tensor, Tensor]];
}
type LstmCtor = new (inputSize: number, hiddenSize: number, opts: { numLayers: number; dtype: DType }) => nn.Module & LstmLike;

/**
 * Embedding → 2-layer LSTM → Linear to the vocabulary, as PyTorch's word_language_model; the
 * hidden state carries over from one step to the next, detached (truncated backpropagation).
 */
class LstmLm extends nn.Module {
  encoder: nn.Embedding;
  rnn: nn.Module & LstmLike;
  decoder: nn.Linear;
  private state: [Tensor, Tensor] | null = null;

  constructor(Lstm: LstmCtor, dtype: DType) {
    super();
    this.encoder = new nn.Embedding(LM.vocab, LM.emb, { dtype });
    this.rnn = new Lstm(LM.emb, LM.hidden, { numLayers: LM.layers, dtype });
    this.decoder = new nn.Linear(LM.hidden, LM.vocab, { dtype });
  }

  forward(tokens: Tensor): Tensor {
    const dtype = this.decoder.weight.dtype;
    const zero = (): Tensor => cr.zeros([LM.layers, LM.batch, LM.hidden], { dtype });
    const [out, [h, c]] = this.rnn.forward(this.encoder.forward(tokens), this.state ?? [zero(), zero()]);
    this.state = [h.detach(), c.detach()];
    return this.decoder.forward(out.reshape([LM.bptt * LM.batch, LM.hidden]));
  }
}

/** The 2-layer LSTM language model (embedding 64, hidden 128, bptt 35, batch 20), Adam. */
export function lstmTraining(): TrainingCase {
  const { vocab, bptt, batch } = LM;
  const tokens = Int32Array.from(data(bptt * batch, 41), (v) => Math.floor(((v + 1) / 2) * vocab) % vocab);
  const targets = Int32Array.from(data(bptt * batch, 42), (v) => Math.floor(((v + 1) / 2) * vocab) % vocab);
  const inputs = [input('tokens', [bptt, batch], tokens), input('targets', [bptt * batch], targets)];
  const Lstm = (nn as unknown as { LSTM?: LstmCtor }).LSTM;
  return {
    key: 'lstm',
    name: `LSTM LM step (emb 64, hidden 128, 2 layers, bptt 35, batch 20, vocab ${vocab}), Adam`,
    inputs,
    missing: Lstm === undefined ? 'no nn.LSTM in @chainrule/nn yet' : undefined,
    build: (dtype) => {
      if (Lstm === undefined) throw new Error('lstmTraining: no nn.LSTM');
      const model = new LstmLm(Lstm, dtype);
      const params = initialise(model, dtype);
      const o = new optim.Adam(model.parameters(), { lr: 1e-3 });
      return { params, inputs: tensors(inputs, dtype), body: stepOf(o, (x, y) => F.crossEntropy(model.forward(x!), y!)) };
    },
  };
}

/** Every training case, in table order. */
export function trainingCases(): TrainingCase[] {
  return [mlpTraining('sgd'), mlpTraining('adam'), cnnTraining(), transformerTraining(), lstmTraining()];
}
