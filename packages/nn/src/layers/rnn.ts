/**
 * Recurrent layers: `RNN`, `LSTM`, `GRU` (stacked, bidirectional, packed sequences) and the
 * single-step `RNNCell`, `LSTMCell`, `GRUCell`, as PyTorch's. Each direction of each layer is one
 * {@link rnnScan} op: the input projection of every step in one matrix product, then the fused
 * recurrence in one kernel call each way.
 * @module
 */
import { cat, rnnScan, stack, Tensor, zeros } from '@chainrule/autograd';
import type { DType, Generator, RecurrentCell } from '@chainrule/autograd';
import { dropout as dropoutFn } from '../functional/dropout.js';
import { linear } from '../functional/linear.js';
import { uniform_ } from '../init.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { pyFloat } from '../repr.js';
import { PackedSequence } from '../utils/rnn.js';
import type { LayerOptions } from './linear.js';

const shapeText = (s: readonly number[]): string => `[${s.join(', ')}]`;

/**
 * Options of {@link RNN}, {@link LSTM} and {@link GRU} (PyTorch's constructor arguments).
 * @example
 * ```ts
 * const opts: nn.RNNBaseOptions = { numLayers: 2, bidirectional: true, batchFirst: true, dropout: 0.1 };
 * new nn.GRU(3, 4, opts).numLayers; // 2
 * ```
 */
export interface RNNBaseOptions extends LayerOptions {
  /** Stacked layers (default 1): each layer's output is the next one's input. */
  numLayers?: number;
  /** Use the biases `b_ih` and `b_hh` (default true). */
  bias?: boolean;
  /** Input and output are `[B, T, *]` (default false: `[T, B, *]`); the states are `[L·D, B, *]` either way. */
  batchFirst?: boolean;
  /** Dropout on the outputs of every layer but the last, in training mode (default 0). */
  dropout?: number;
  /** Run a second direction from the last step to the first and concatenate both (default false). */
  bidirectional?: boolean;
}

/**
 * Options of {@link RNN}: those of every recurrent layer and the nonlinearity.
 * @example
 * ```ts
 * const opts: nn.RNNOptions = { nonlinearity: 'relu' };
 * new nn.RNN(2, 3, opts).nonlinearity; // 'relu'
 * ```
 */
export interface RNNOptions extends RNNBaseOptions {
  /** `'tanh'` (default) or `'relu'`. */
  nonlinearity?: 'tanh' | 'relu';
}

/**
 * Options of {@link LSTM}: those of every recurrent layer and the projection size.
 * @example
 * ```ts
 * const opts: nn.LSTMOptions = { projSize: 2 };
 * new nn.LSTM(3, 4, opts).projSize; // 2
 * ```
 */
export interface LSTMOptions extends RNNBaseOptions {
  /** When above 0, h = W_hr·(o ⊙ tanh c) has this many elements (must be below the hidden size; default 0). */
  projSize?: number;
}

function checkSize(op: string, name: string, n: number, min: number): void {
  if (!Number.isInteger(n) || n < min) throw new RangeError(`${op}: ${name} must be an integer of at least ${min}, got ${n}`);
}

/** The PyTorch-named weights of one direction of one layer. */
interface LayerWeights {
  wIh: Parameter;
  wHh: Parameter;
  bIh: Parameter | null;
  bHh: Parameter | null;
  wHr: Parameter | null;
}

/** What a recurrent layer's forward computed, before it is shaped like its input. */
interface Ran {
  output: Tensor | PackedSequence;
  h: Tensor;
  c: Tensor | null;
}

/**
 * The base of {@link RNN}, {@link LSTM} and {@link GRU}, like `torch.nn.RNNBase`: the parameters
 * under PyTorch's names (`weight_ih_l0`, `weight_hh_l0`, `bias_ih_l0`, `bias_hh_l0`, `weight_hr_l0`
 * with a projection, `_reverse` for the second direction: a PyTorch state dict loads as is), their
 * initialisation U(−1/√H, 1/√H), and the stacked, bidirectional, packed forward.
 * @typeParam In - the arguments of `forward`.
 * @typeParam Out - what `forward` returns.
 * @example
 * ```ts
 * const lstm: nn.RNNBase<[Tensor], unknown> = new nn.LSTM(3, 4, { bidirectional: true });
 * lstm.allWeights.length; // 2
 * lstm.allWeights[1]!.length; // 4
 * ```
 */
export abstract class RNNBase<In extends unknown[], Out> extends Module<In, Out> {
  /** Features of the input, I. */
  readonly inputSize: number;
  /** Features of the hidden state, H. */
  readonly hiddenSize: number;
  /** Stacked layers, L. */
  readonly numLayers: number;
  /** Whether the layers have biases. */
  readonly bias: boolean;
  /** Whether input and output are `[B, T, *]`. */
  readonly batchFirst: boolean;
  /** The dropout between layers. */
  readonly dropout: number;
  /** Whether there are two directions (D = 2). */
  readonly bidirectional: boolean;
  /** The size of h when projected (LSTM), else 0. */
  readonly projSize: number;
  readonly #cell: RecurrentCell;
  readonly #generator: Generator | undefined;

  /**
   * @param name - the class name, for errors.
   * @param cell - the recurrent cell.
   * @param inputSize - I.
   * @param hiddenSize - H.
   * @param opts - the layer's options.
   * @throws RangeError for sizes below 1, a dropout outside [0, 1], or a projection not smaller
   *   than the hidden size (or on another cell than the LSTM).
   */
  constructor(name: string, cell: RecurrentCell, inputSize: number, hiddenSize: number, opts: LSTMOptions = {}) {
    super();
    checkSize(name, 'inputSize', inputSize, 0);
    checkSize(name, 'hiddenSize', hiddenSize, 1);
    const numLayers = opts.numLayers ?? 1;
    checkSize(name, 'numLayers', numLayers, 1);
    const p = opts.dropout ?? 0;
    if (typeof p !== 'number' || !(p >= 0 && p <= 1)) throw new RangeError(`${name}: dropout should be a number in range [0, 1] representing the probability of an element being zeroed, got ${p}`);
    const projSize = opts.projSize ?? 0;
    checkSize(name, 'projSize', projSize, 0);
    if (projSize > 0 && cell !== 'lstm') throw new RangeError(`${name}: projSize is only supported for LSTM, not RNN or GRU`);
    if (projSize >= hiddenSize) throw new RangeError(`${name}: projSize (${projSize}) has to be smaller than hiddenSize (${hiddenSize})`);
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
    this.numLayers = numLayers;
    this.bias = opts.bias ?? true;
    this.batchFirst = opts.batchFirst ?? false;
    this.dropout = p;
    this.bidirectional = opts.bidirectional ?? false;
    this.projSize = projSize;
    this.#cell = cell;
    this.#generator = opts.generator;
    const dtype: DType = opts.dtype ?? 'float32';
    const G = cell === 'lstm' ? 4 : cell === 'gru' ? 3 : 1;
    const D = this.bidirectional ? 2 : 1;
    const P = projSize > 0 ? projSize : hiddenSize;
    const param = (name_: string, shape: number[]): void => {
      this.registerParameter(name_, new Parameter(zeros(shape, { dtype })));
    };
    for (let l = 0; l < numLayers; l++) {
      for (let d = 0; d < D; d++) {
        const sfx = `_l${l}${d === 1 ? '_reverse' : ''}`;
        param(`weight_ih${sfx}`, [G * hiddenSize, l === 0 ? inputSize : P * D]);
        param(`weight_hh${sfx}`, [G * hiddenSize, P]);
        if (this.bias) {
          param(`bias_ih${sfx}`, [G * hiddenSize]);
          param(`bias_hh${sfx}`, [G * hiddenSize]);
        }
        if (projSize > 0) param(`weight_hr${sfx}`, [projSize, hiddenSize]);
      }
    }
    this.resetParameters();
  }

  /**
   * Draws every parameter from U(−1/√H, 1/√H) again, in registration order (PyTorch's
   * `reset_parameters`).
   * @example
   * ```ts
   * const gru = new nn.GRU(2, 4, { generator: new Generator(0) });
   * gru.resetParameters();
   * gru.parameters().every((p) => p.abs().max().item() <= 0.5); // true
   * ```
   */
  resetParameters(): void {
    const bound = 1 / Math.sqrt(this.hiddenSize);
    const init = this.#generator === undefined ? {} : { generator: this.#generator };
    for (const p of this.parameters()) uniform_(p, -bound, bound, init);
  }

  /**
   * The parameters of each direction of each layer (layer-major), in PyTorch's order
   * (`weight_ih`, `weight_hh`, then `bias_ih`, `bias_hh`, `weight_hr` where present), like
   * `all_weights`.
   * @example
   * ```ts
   * new nn.LSTM(3, 4, { numLayers: 2, projSize: 2 }).allWeights.map((ws) => ws.length); // [5, 5]
   * ```
   */
  get allWeights(): Parameter[][] {
    const out: Parameter[][] = [];
    for (let k = 0; k < this.numLayers * (this.bidirectional ? 2 : 1); k++) {
      const w = this.#weights(k);
      out.push([w.wIh, w.wHh, ...(w.bIh === null ? [] : [w.bIh, w.bHh!]), ...(w.wHr === null ? [] : [w.wHr])]);
    }
    return out;
  }

  /**
   * Does nothing: PyTorch's `flatten_parameters` compacts the weights for cuDNN; here they are
   * always used as they are. Kept so that ported code runs.
   * @example new nn.LSTM(2, 2).flattenParameters(); // undefined
   */
  flattenParameters(): void {}

  #weights(k: number): LayerWeights {
    const D = this.bidirectional ? 2 : 1;
    const sfx = `_l${Math.floor(k / D)}${k % D === 1 ? '_reverse' : ''}`;
    const get = (n: string): Parameter | null => ((this as unknown as Record<string, Parameter | null | undefined>)[`${n}${sfx}`] ?? null);
    return { wIh: get('weight_ih')!, wHh: get('weight_hh')!, bIh: get('bias_ih'), bHh: get('bias_hh'), wHr: get('weight_hr') };
  }

  /** @internal The forward of every layer and direction; `hx` and `cx` as the user passed them. */
  protected run(name: string, input: Tensor | PackedSequence, hx: Tensor | null, cx: Tensor | null): Ran {
    const D = this.bidirectional ? 2 : 1;
    const L = this.numLayers;
    const H = this.hiddenSize;
    const P = this.projSize > 0 ? this.projSize : H;
    const dtype = this.#weights(0).wIh.dtype;
    let x: Tensor;
    let bs: number[];
    let T = 0;
    let unbatched = false;
    let sorted: Tensor | null = null;
    let unsorted: Tensor | null = null;
    if (input instanceof PackedSequence) {
      x = input.data;
      if (x.ndim !== 2 || x.shape[1] !== this.inputSize) {
        throw new RangeError(`${name}: the packed data must be [N, ${this.inputSize}] (input_size ${this.inputSize}), got ${shapeText(x.shape)}`);
      }
      bs = Array.from(input.batchSizes.toArray(), Number);
      sorted = input.sortedIndices;
      unsorted = input.unsortedIndices;
    } else {
      if (!(input instanceof Tensor)) throw new TypeError(`${name}: input must be a Tensor or a PackedSequence, got ${typeof input}`);
      if (input.ndim !== 2 && input.ndim !== 3) throw new RangeError(`${name}: expected input to be 2-D or 3-D, got ${input.ndim}-D tensor instead`);
      if (input.shape[input.ndim - 1] !== this.inputSize) {
        throw new RangeError(`${name}: input.size(-1) must be equal to input_size. Expected ${this.inputSize}, got ${input.shape[input.ndim - 1]}`);
      }
      unbatched = input.ndim === 2;
      const x3 = unbatched ? input.unsqueeze(1) : this.batchFirst ? input.transpose(0, 1) : input;
      T = x3.shape[0]!;
      const B = x3.shape[1]!;
      if (T === 0) throw new RangeError(`${name}: expected sequence length to be larger than 0`);
      x = x3.reshape([T * B, this.inputSize]);
      bs = new Array<number>(T).fill(B);
    }
    if (x.dtype !== dtype) throw new TypeError(`${name}: input dtype ${x.dtype} does not match the weights' dtype ${dtype}`);
    const B = bs[0] ?? 0;
    const states = (s: Tensor | null, size: number, what: string): Tensor => {
      if (s === null) return zeros([L * D, B, size], { dtype });
      if (!(s instanceof Tensor)) throw new TypeError(`${name}: ${what} must be a Tensor, got ${typeof s}`);
      if (s.dtype !== dtype) throw new TypeError(`${name}: ${what} dtype ${s.dtype} does not match the weights' dtype ${dtype}`);
      const want = unbatched ? [L * D, size] : [L * D, B, size];
      if (unbatched && s.ndim !== 2) throw new RangeError(`${name}: for unbatched 2-D input, ${what} should also be 2-D but got ${s.ndim}-D tensor`);
      if (shapeText(s.shape) !== shapeText(want)) throw new RangeError(`${name}: expected ${what} size ${shapeText(want)}, got ${shapeText(s.shape)}`);
      const t = unbatched ? s.unsqueeze(1) : s;
      return sorted === null ? t : t.indexSelect(1, sorted);
    };
    const h0 = states(hx, P, 'hidden state');
    const c0 = this.#cell === 'lstm' ? states(cx, H, 'cell state') : null;
    const hs: Tensor[] = [];
    const cs: Tensor[] = [];
    for (let l = 0; l < L; l++) {
      const outs: Tensor[] = [];
      for (let d = 0; d < D; d++) {
        const k = l * D + d;
        const w = this.#weights(k);
        const [out, h, c] = rnnScan(this.#cell, linear(x, w.wIh, w.bIh), h0.select(0, k), w.wHh, {
          c0: c0 === null ? null : c0.select(0, k),
          bHh: w.bHh,
          wHr: w.wHr,
          batchSizes: bs,
          reverse: d === 1,
        }) as [Tensor, Tensor, Tensor?];
        outs.push(out);
        hs.push(h);
        if (c !== undefined) cs.push(c);
      }
      x = D === 1 ? outs[0]! : cat(outs, 1);
      if (l < L - 1 && this.dropout > 0 && this.training) {
        x = dropoutFn(x, this.dropout, this.#generator === undefined ? {} : { generator: this.#generator });
      }
    }
    let h = stack(hs, 0);
    let c = c0 === null ? null : stack(cs, 0);
    if (unsorted !== null) {
      h = h.indexSelect(1, unsorted);
      c = c === null ? null : c.indexSelect(1, unsorted);
    }
    if (input instanceof PackedSequence) return { output: new PackedSequence(x, bs, sorted, unsorted), h, c };
    let output = x.reshape([T, B, D * P]);
    if (unbatched) return { output: output.squeeze(1), h: h.squeeze(1), c: c === null ? null : c.squeeze(1) };
    if (this.batchFirst) output = output.transpose(0, 1);
    return { output, h, c };
  }

  /**
   * The settings, as PyTorch prints them.
   * @returns `input_size, hidden_size` and the options that differ from the defaults.
   */
  override extraRepr(): string {
    let s = `${this.inputSize}, ${this.hiddenSize}`;
    if (this.projSize !== 0) s += `, proj_size=${this.projSize}`;
    if (this.numLayers !== 1) s += `, num_layers=${this.numLayers}`;
    if (!this.bias) s += ', bias=False';
    if (this.batchFirst) s += ', batch_first=True';
    if (this.dropout !== 0) s += `, dropout=${pyFloat(this.dropout)}`;
    if (this.bidirectional) s += ', bidirectional=True';
    return s;
  }
}

/**
 * An Elman RNN, like `torch.nn.RNN`: for each layer and step, h_t = tanh(x_t·W_ihᵀ + b_ih +
 * h_{t−1}·W_hhᵀ + b_hh) (or ReLU with `nonlinearity: 'relu'`). Stacked layers take the previous
 * layer's outputs (with dropout between them in training mode); a bidirectional layer
 * concatenates a second pass from the last step to the first.
 *
 * Shape (L layers, D = 2 if bidirectional else 1, H = hiddenSize, I = inputSize):
 * - `input`: `[T, B, I]`, `[B, T, I]` with `batchFirst`, `[T, I]` unbatched, or a
 *   {@link PackedSequence} of `[N, I]` rows
 * - `hx`: `[L·D, B, H]` (`[L·D, H]` unbatched), default zeros
 * - returns `[output, hN]`: `output` `[T, B, D·H]` (like the input: batch first, unbatched or
 *   packed), the h of the last layer at every step; `hN` `[L·D, B, H]`, the last h of every layer
 *   and direction (for a packed batch, each sequence's own last step)
 * @example
 * ```ts
 * import { randn } from '@chainrule/autograd';
 * const rnn = new nn.RNN(10, 20, { numLayers: 2 });
 * const [output, hN] = rnn.forward(randn([5, 3, 10]), randn([2, 3, 20]));
 * output.shape; // [5, 3, 20]
 * hN.shape; // [2, 3, 20]
 * rnn.namedParameters().map(([n]) => n).slice(0, 4); // ['weight_ih_l0', 'weight_hh_l0', 'bias_ih_l0', 'bias_hh_l0']
 * String(rnn); // 'RNN(10, 20, num_layers=2)'
 * ```
 */
export class RNN extends RNNBase<[input: Tensor | PackedSequence, hx?: Tensor | null], [Tensor | PackedSequence, Tensor]> {
  /** `'tanh'` or `'relu'`. */
  readonly nonlinearity: 'tanh' | 'relu';
  /**
   * @param inputSize - I, the features of each step.
   * @param hiddenSize - H, the features of h.
   * @param opts - `numLayers`, `nonlinearity`, `bias`, `batchFirst`, `dropout`, `bidirectional`, `dtype`, `generator`.
   * @throws RangeError for bad sizes, dropout or nonlinearity.
   */
  constructor(inputSize: number, hiddenSize: number, opts: RNNOptions = {}) {
    const nl = opts.nonlinearity ?? 'tanh';
    if (nl !== 'tanh' && nl !== 'relu') throw new RangeError(`RNN: unknown nonlinearity '${String(nl)}'; select from 'tanh' or 'relu'`);
    super('RNN', nl === 'tanh' ? 'rnnTanh' : 'rnnRelu', inputSize, hiddenSize, opts);
    this.nonlinearity = nl;
  }
  /**
   * Runs the layers over the sequence.
   * @param input - the sequence (see Shape).
   * @param hx - the initial h of every layer and direction (default zeros).
   * @returns `[output, hN]`.
   * @throws RangeError for shapes that do not fit; TypeError for a dtype other than the weights'.
   */
  forward(input: Tensor, hx?: Tensor | null): [Tensor, Tensor];
  forward(input: PackedSequence, hx?: Tensor | null): [PackedSequence, Tensor];
  forward(input: Tensor | PackedSequence, hx?: Tensor | null): [Tensor | PackedSequence, Tensor];
  forward(input: Tensor | PackedSequence, hx: Tensor | null = null): [Tensor | PackedSequence, Tensor] {
    const r = this.run('RNN', input, hx, null);
    return [r.output, r.h];
  }
}

/**
 * A long short-term memory layer, like `torch.nn.LSTM`: for each layer and step,
 * i, f, g, o = σ, σ, tanh, σ of x_t·W_ihᵀ + b_ih + h_{t−1}·W_hhᵀ + b_hh (four gates, in that
 * order in the weights); c_t = f ⊙ c_{t−1} + i ⊙ g; h_t = o ⊙ tanh(c_t), times W_hrᵀ with
 * `projSize`. Stacked layers take the previous layer's outputs (dropout between them in training
 * mode); a bidirectional layer concatenates a second pass from the last step to the first.
 *
 * Shape (L layers, D = 2 if bidirectional else 1, H = hiddenSize, P = projSize or H):
 * - `input`: `[T, B, I]`, `[B, T, I]` with `batchFirst`, `[T, I]` unbatched, or a
 *   {@link PackedSequence} of `[N, I]` rows
 * - `hx`: `[h0, c0]`, `[L·D, B, P]` and `[L·D, B, H]` (no B unbatched), default zeros
 * - returns `[output, [hN, cN]]`: `output` `[T, B, D·P]` (like the input), `hN` `[L·D, B, P]`,
 *   `cN` `[L·D, B, H]`
 * @example
 * ```ts
 * import { randn, zeros } from '@chainrule/autograd';
 * const lstm = new nn.LSTM(10, 20, { numLayers: 2, batchFirst: true });
 * const [output, [hN, cN]] = lstm.forward(randn([3, 5, 10]), [zeros([2, 3, 20]), zeros([2, 3, 20])]);
 * [output.shape, hN.shape, cN.shape]; // [[3, 5, 20], [2, 3, 20], [2, 3, 20]]
 * // variable lengths: pack, run, pad back
 * const packed = nn.utils.rnn.packPaddedSequence(randn([3, 5, 10]), [5, 3, 2], { batchFirst: true });
 * const [out] = lstm.forward(packed);
 * nn.utils.rnn.padPackedSequence(out, { batchFirst: true })[1]; // tensor([5, 3, 2], dtype=torch.int32)
 * String(new nn.LSTM(4, 8, { projSize: 2, bidirectional: true })); // 'LSTM(4, 8, proj_size=2, bidirectional=True)'
 * ```
 */
export class LSTM extends RNNBase<[input: Tensor | PackedSequence, hx?: [Tensor, Tensor] | null], [Tensor | PackedSequence, [Tensor, Tensor]]> {
  /**
   * @param inputSize - I, the features of each step.
   * @param hiddenSize - H, the features of c (and of h without a projection).
   * @param opts - `numLayers`, `projSize`, `bias`, `batchFirst`, `dropout`, `bidirectional`, `dtype`, `generator`.
   * @throws RangeError for bad sizes or dropout.
   */
  constructor(inputSize: number, hiddenSize: number, opts: LSTMOptions = {}) {
    super('LSTM', 'lstm', inputSize, hiddenSize, opts);
  }
  /**
   * Runs the layers over the sequence.
   * @param input - the sequence (see Shape).
   * @param hx - `[h0, c0]` of every layer and direction (default zeros).
   * @returns `[output, [hN, cN]]`.
   * @throws RangeError for shapes that do not fit; TypeError for a dtype other than the weights'.
   */
  forward(input: Tensor, hx?: [Tensor, Tensor] | null): [Tensor, [Tensor, Tensor]];
  forward(input: PackedSequence, hx?: [Tensor, Tensor] | null): [PackedSequence, [Tensor, Tensor]];
  forward(input: Tensor | PackedSequence, hx?: [Tensor, Tensor] | null): [Tensor | PackedSequence, [Tensor, Tensor]];
  forward(input: Tensor | PackedSequence, hx: [Tensor, Tensor] | null = null): [Tensor | PackedSequence, [Tensor, Tensor]] {
    if (hx !== null && (!Array.isArray(hx) || hx.length !== 2)) throw new TypeError('LSTM: hx must be a pair [h0, c0] of tensors');
    const r = this.run('LSTM', input, hx === null ? null : hx[0], hx === null ? null : hx[1]);
    return [r.output, [r.h, r.c!]];
  }
}

/**
 * A gated recurrent unit layer, like `torch.nn.GRU`: for each layer and step,
 * r, z = σ(x_t·W_ihᵀ + b_ih + h_{t−1}·W_hhᵀ + b_hh) (their parts of the three gates, in the order
 * r, z, n); n = tanh(x_t·W_inᵀ + b_in + r ⊙ (h_{t−1}·W_hnᵀ + b_hn)); h_t = (1 − z) ⊙ n + z ⊙ h_{t−1}.
 *
 * Shape (L layers, D = 2 if bidirectional else 1, H = hiddenSize):
 * - `input`: `[T, B, I]`, `[B, T, I]` with `batchFirst`, `[T, I]` unbatched, or a
 *   {@link PackedSequence} of `[N, I]` rows
 * - `hx`: `[L·D, B, H]` (`[L·D, H]` unbatched), default zeros
 * - returns `[output, hN]`: `output` `[T, B, D·H]` (like the input), `hN` `[L·D, B, H]`
 * @example
 * ```ts
 * import { randn } from '@chainrule/autograd';
 * const gru = new nn.GRU(10, 20, { bidirectional: true });
 * const [output, hN] = gru.forward(randn([5, 3, 10]));
 * [output.shape, hN.shape]; // [[5, 3, 40], [2, 3, 20]]
 * gru.namedParameters().map(([n]) => n).slice(4); // ['weight_ih_l0_reverse', 'weight_hh_l0_reverse', 'bias_ih_l0_reverse', 'bias_hh_l0_reverse']
 * ```
 */
export class GRU extends RNNBase<[input: Tensor | PackedSequence, hx?: Tensor | null], [Tensor | PackedSequence, Tensor]> {
  /**
   * @param inputSize - I, the features of each step.
   * @param hiddenSize - H, the features of h.
   * @param opts - `numLayers`, `bias`, `batchFirst`, `dropout`, `bidirectional`, `dtype`, `generator`.
   * @throws RangeError for bad sizes or dropout.
   */
  constructor(inputSize: number, hiddenSize: number, opts: RNNBaseOptions = {}) {
    super('GRU', 'gru', inputSize, hiddenSize, opts);
  }
  /**
   * Runs the layers over the sequence.
   * @param input - the sequence (see Shape).
   * @param hx - the initial h of every layer and direction (default zeros).
   * @returns `[output, hN]`.
   * @throws RangeError for shapes that do not fit; TypeError for a dtype other than the weights'.
   */
  forward(input: Tensor, hx?: Tensor | null): [Tensor, Tensor];
  forward(input: PackedSequence, hx?: Tensor | null): [PackedSequence, Tensor];
  forward(input: Tensor | PackedSequence, hx?: Tensor | null): [Tensor | PackedSequence, Tensor];
  forward(input: Tensor | PackedSequence, hx: Tensor | null = null): [Tensor | PackedSequence, Tensor] {
    const r = this.run('GRU', input, hx, null);
    return [r.output, r.h];
  }
}

/**
 * The base of the single-step cells, like `torch.nn.RNNCellBase`: `weight_ih` `[G·H, I]`,
 * `weight_hh` `[G·H, H]`, `bias_ih`, `bias_hh` `[G·H]`, all from U(−1/√H, 1/√H).
 * @typeParam In - the arguments of `forward`.
 * @typeParam Out - what `forward` returns.
 * @example
 * ```ts
 * const cell: nn.RNNCellBase<[Tensor], unknown> = new nn.GRUCell(3, 4);
 * cell.weightIh.shape; // [12, 3]
 * ```
 */
export abstract class RNNCellBase<In extends unknown[], Out> extends Module<In, Out> {
  /** `[G·H, I]` the input-to-gates weight (`weight_ih`). */
  weightIh: Parameter;
  /** `[G·H, H]` the hidden-to-gates weight (`weight_hh`). */
  weightHh: Parameter;
  /** `[G·H]` the input bias (`bias_ih`), or null. */
  biasIh: Parameter | null;
  /** `[G·H]` the hidden bias (`bias_hh`), or null. */
  biasHh: Parameter | null;
  readonly #cell: RecurrentCell;

  /**
   * @param name - the class name, for errors.
   * @param cell - the recurrent cell.
   * @param inputSize - I.
   * @param hiddenSize - H.
   * @param bias - whether to use biases.
   * @param opts - `dtype`, `generator`.
   * @throws RangeError for sizes below 1 (I may be 0).
   */
  constructor(
    name: string,
    cell: RecurrentCell,
    /** Features of the input, I. */
    readonly inputSize: number,
    /** Features of the hidden state, H. */
    readonly hiddenSize: number,
    /** Whether the cell has biases. */
    readonly bias: boolean,
    opts: LayerOptions = {},
  ) {
    super();
    checkSize(name, 'inputSize', inputSize, 0);
    checkSize(name, 'hiddenSize', hiddenSize, 1);
    this.#cell = cell;
    const dtype: DType = opts.dtype ?? 'float32';
    const G = cell === 'lstm' ? 4 : cell === 'gru' ? 3 : 1;
    this.weightIh = new Parameter(zeros([G * hiddenSize, inputSize], { dtype }));
    this.weightHh = new Parameter(zeros([G * hiddenSize, hiddenSize], { dtype }));
    this.biasIh = bias ? new Parameter(zeros([G * hiddenSize], { dtype })) : null;
    this.biasHh = bias ? new Parameter(zeros([G * hiddenSize], { dtype })) : null;
    const bound = 1 / Math.sqrt(hiddenSize);
    const init = opts.generator === undefined ? {} : { generator: opts.generator };
    for (const p of this.parameters()) uniform_(p, -bound, bound, init);
  }

  /** @internal One step: `[h′]`, or `[h′, c′]` for the LSTM cell, shaped like the input. */
  protected step(name: string, input: Tensor, hx: Tensor | null, cx: Tensor | null): Tensor[] {
    if (!(input instanceof Tensor)) throw new TypeError(`${name}: input must be a Tensor, got ${typeof input}`);
    if (input.ndim !== 1 && input.ndim !== 2) throw new RangeError(`${name}: expected input to be 1-D or 2-D, got ${input.ndim}-D instead`);
    if (input.shape[input.ndim - 1] !== this.inputSize) {
      throw new RangeError(`${name}: input has inconsistent input_size: got ${input.shape[input.ndim - 1]} expected ${this.inputSize}`);
    }
    const dtype = this.weightIh.dtype;
    if (input.dtype !== dtype) throw new TypeError(`${name}: input dtype ${input.dtype} does not match the weights' dtype ${dtype}`);
    const unbatched = input.ndim === 1;
    const x = unbatched ? input.unsqueeze(0) : input;
    const B = x.shape[0]!;
    const state = (s: Tensor | null, what: string): Tensor => {
      if (s === null) return zeros([B, this.hiddenSize], { dtype });
      if (!(s instanceof Tensor)) throw new TypeError(`${name}: ${what} must be a Tensor, got ${typeof s}`);
      if (s.dtype !== dtype) throw new TypeError(`${name}: ${what} dtype ${s.dtype} does not match the weights' dtype ${dtype}`);
      const want = unbatched ? [this.hiddenSize] : [B, this.hiddenSize];
      if (shapeText(s.shape) !== shapeText(want)) throw new RangeError(`${name}: expected ${what} of shape ${shapeText(want)}, got ${shapeText(s.shape)}`);
      return unbatched ? s.unsqueeze(0) : s;
    };
    const h0 = state(hx, 'hidden state');
    const c0 = this.#cell === 'lstm' ? state(cx, 'cell state') : null;
    const [, ...rest] = rnnScan(this.#cell, linear(x, this.weightIh, this.biasIh), h0, this.weightHh, { c0, bHh: this.biasHh, batchSizes: [B] });
    return unbatched ? rest.map((t) => t.squeeze(0)) : rest;
  }

  /**
   * The settings, as PyTorch prints them.
   * @returns `input_size, hidden_size` and the options that differ from the defaults.
   */
  override extraRepr(): string {
    return `${this.inputSize}, ${this.hiddenSize}${this.bias ? '' : ', bias=False'}`;
  }
}

/**
 * One step of an Elman RNN, like `torch.nn.RNNCell`: h′ = tanh(x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh)
 * (or ReLU).
 *
 * Shape:
 * - `input`: `[B, I]` or `[I]`; `hx`: `[B, H]` or `[H]`, default zeros
 * - returns h′: `[B, H]` or `[H]`
 * @example
 * ```ts
 * import { randn } from '@chainrule/autograd';
 * const cell = new nn.RNNCell(10, 20, { nonlinearity: 'relu' });
 * let h = randn([3, 20]);
 * for (let t = 0; t < 6; t++) h = cell.forward(randn([3, 10]), h);
 * h.shape; // [3, 20]
 * String(cell); // 'RNNCell(10, 20, nonlinearity=relu)'
 * ```
 */
export class RNNCell extends RNNCellBase<[input: Tensor, hx?: Tensor | null], Tensor> {
  /** `'tanh'` or `'relu'`. */
  readonly nonlinearity: 'tanh' | 'relu';
  /**
   * @param inputSize - I.
   * @param hiddenSize - H.
   * @param opts - `bias` (default true), `nonlinearity` (default `'tanh'`), `dtype`, `generator`.
   * @throws RangeError for bad sizes or nonlinearity.
   */
  constructor(inputSize: number, hiddenSize: number, opts: LayerOptions & { bias?: boolean; nonlinearity?: 'tanh' | 'relu' } = {}) {
    const nl = opts.nonlinearity ?? 'tanh';
    if (nl !== 'tanh' && nl !== 'relu') throw new RangeError(`RNNCell: unknown nonlinearity '${String(nl)}'; select from 'tanh' or 'relu'`);
    super('RNNCell', nl === 'tanh' ? 'rnnTanh' : 'rnnRelu', inputSize, hiddenSize, opts.bias ?? true, opts);
    this.nonlinearity = nl;
  }
  /**
   * One step.
   * @param input - x.
   * @param hx - h (default zeros).
   * @returns h′.
   * @throws RangeError for shapes that do not fit; TypeError for a dtype other than the weights'.
   */
  forward(input: Tensor, hx: Tensor | null = null): Tensor {
    return this.step('RNNCell', input, hx, null)[0]!;
  }
  /**
   * The settings, as PyTorch prints them.
   * @returns `input_size, hidden_size` and the options that differ from the defaults.
   */
  override extraRepr(): string {
    return super.extraRepr() + (this.nonlinearity === 'tanh' ? '' : `, nonlinearity=${this.nonlinearity}`);
  }
}

/**
 * One step of an LSTM, like `torch.nn.LSTMCell`: i, f, g, o = σ, σ, tanh, σ of
 * x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh; c′ = f ⊙ c + i ⊙ g; h′ = o ⊙ tanh(c′), as one fused op.
 *
 * Shape:
 * - `input`: `[B, I]` or `[I]`; `hx`: `[h, c]`, each `[B, H]` or `[H]`, default zeros
 * - returns `[h′, c′]`, each `[B, H]` or `[H]`
 * @example
 * ```ts
 * import { randn } from '@chainrule/autograd';
 * const cell = new nn.LSTMCell(10, 20);
 * let [h, c] = [randn([3, 20]), randn([3, 20])];
 * for (let t = 0; t < 6; t++) [h, c] = cell.forward(randn([3, 10]), [h, c]);
 * [h.shape, c.shape]; // [[3, 20], [3, 20]]
 * cell.namedParameters().map(([n]) => n); // ['weight_ih', 'weight_hh', 'bias_ih', 'bias_hh']
 * ```
 */
export class LSTMCell extends RNNCellBase<[input: Tensor, hx?: [Tensor, Tensor] | null], [Tensor, Tensor]> {
  /**
   * @param inputSize - I.
   * @param hiddenSize - H.
   * @param opts - `bias` (default true), `dtype`, `generator`.
   * @throws RangeError for bad sizes.
   */
  constructor(inputSize: number, hiddenSize: number, opts: LayerOptions & { bias?: boolean } = {}) {
    super('LSTMCell', 'lstm', inputSize, hiddenSize, opts.bias ?? true, opts);
  }
  /**
   * One step.
   * @param input - x.
   * @param hx - `[h, c]` (default zeros).
   * @returns `[h′, c′]`.
   * @throws RangeError for shapes that do not fit; TypeError for a dtype other than the weights'.
   */
  forward(input: Tensor, hx: [Tensor, Tensor] | null = null): [Tensor, Tensor] {
    if (hx !== null && (!Array.isArray(hx) || hx.length !== 2)) throw new TypeError('LSTMCell: hx must be a pair [h, c] of tensors');
    const [h, c] = this.step('LSTMCell', input, hx === null ? null : hx[0], hx === null ? null : hx[1]);
    return [h!, c!];
  }
}

/**
 * One step of a GRU, like `torch.nn.GRUCell`: r, z = σ(…); n = tanh(x·W_inᵀ + b_in +
 * r ⊙ (h·W_hnᵀ + b_hn)); h′ = (1 − z) ⊙ n + z ⊙ h, as one fused op.
 *
 * Shape:
 * - `input`: `[B, I]` or `[I]`; `hx`: `[B, H]` or `[H]`, default zeros
 * - returns h′: `[B, H]` or `[H]`
 * @example
 * ```ts
 * import { randn } from '@chainrule/autograd';
 * const cell = new nn.GRUCell(10, 20);
 * const h = cell.forward(randn([3, 10]));
 * h.shape; // [3, 20]
 * cell.forward(randn([10])).shape; // [20]
 * ```
 */
export class GRUCell extends RNNCellBase<[input: Tensor, hx?: Tensor | null], Tensor> {
  /**
   * @param inputSize - I.
   * @param hiddenSize - H.
   * @param opts - `bias` (default true), `dtype`, `generator`.
   * @throws RangeError for bad sizes.
   */
  constructor(inputSize: number, hiddenSize: number, opts: LayerOptions & { bias?: boolean } = {}) {
    super('GRUCell', 'gru', inputSize, hiddenSize, opts.bias ?? true, opts);
  }
  /**
   * One step.
   * @param input - x.
   * @param hx - h (default zeros).
   * @returns h′.
   * @throws RangeError for shapes that do not fit; TypeError for a dtype other than the weights'.
   */
  forward(input: Tensor, hx: Tensor | null = null): Tensor {
    return this.step('GRUCell', input, hx, null)[0]!;
  }
}
