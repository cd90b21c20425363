/**
 * `MultiheadAttention`, as `torch.nn.MultiheadAttention`: PyTorch's parameter names
 * (`in_proj_weight`, `in_proj_bias`, `out_proj`, or `q_proj_weight`, ... when kdim/vdim differ),
 * initialisation, masks and the two computations of PyTorch's `multi_head_attention_forward`
 * (explicit weights when `needWeights`, the fused {@link F.scaledDotProductAttention} otherwise).
 * @module
 */
import { cat, scaledDotProductAttention, Tensor, zeros } from '@chainrule/autograd';
import type { DType, Generator } from '@chainrule/autograd';
import { dropout } from '../functional/dropout.js';
import { linear } from '../functional/linear.js';
import { constant_, xavierNormal_, xavierUniform_ } from '../init.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { Linear } from './linear.js';

/**
 * Options of the {@link MultiheadAttention} constructor, as PyTorch's keyword arguments.
 * @example
 * ```ts
 * const opts: nn.MultiheadAttentionOptions = { batchFirst: true, kdim: 3, vdim: 5 };
 * new nn.MultiheadAttention(4, 2, opts).namedParameters().map(([n]) => n); // ['q_proj_weight', 'k_proj_weight', 'v_proj_weight', 'in_proj_bias', 'out_proj.weight', 'out_proj.bias']
 * ```
 */
export interface MultiheadAttentionOptions {
  /** Dropout on the attention weights in training (default 0). */
  dropout?: number;
  /** Biases in the input and output projections (default true). */
  bias?: boolean;
  /** Learned key and value rows appended to the sequences (`bias_k`, `bias_v`; default false). */
  addBiasKv?: boolean;
  /** A zero key and value appended to the sequences (default false). */
  addZeroAttn?: boolean;
  /** Features of the keys (default embedDim). */
  kdim?: number;
  /** Features of the values (default embedDim). */
  vdim?: number;
  /** Inputs and outputs `[N, L, E]` instead of `[L, N, E]` (default false). */
  batchFirst?: boolean;
  /** The parameters' dtype (default float32). */
  dtype?: DType;
  /** The generator of the initial values (default the global one). */
  generator?: Generator;
}

/**
 * Options of {@link MultiheadAttention.forward}, as PyTorch's keyword arguments.
 * @example
 * ```ts
 * const opts: nn.MultiheadAttentionForwardOptions = { needWeights: false };
 * const mha = new nn.MultiheadAttention(4, 2);
 * const x = ones([3, 1, 4]);
 * mha.forward(x, x, x, opts)[1]; // null
 * ```
 */
export interface MultiheadAttentionForwardOptions {
  /** `[N, S]` (or `[S]` unbatched): bool, true hides that key; or float, added to the scores. */
  keyPaddingMask?: Tensor | null;
  /** Also return the attention weights (default true). */
  needWeights?: boolean;
  /** `[L, S]` or `[N·numHeads, L, S]`: bool, true hides; or float, added to the scores. */
  attnMask?: Tensor | null;
  /** Average the returned weights over the heads (default true). */
  averageAttnWeights?: boolean;
  /** A hint that `attnMask` is the causal mask (it must still be given, as in PyTorch). */
  isCausal?: boolean;
}

/** PyTorch's `_canonical_mask`: a bool mask (true: hidden) as a float one (−∞: hidden). */
function canonicalMask(mask: Tensor | null | undefined, name: string, dtype: DType): Tensor | null {
  if (mask === null || mask === undefined) return null;
  if (!(mask instanceof Tensor)) throw new TypeError(`MultiheadAttention: ${name} must be a Tensor, got ${typeof mask}`);
  if (mask.dtype === 'bool') return zeros(mask.shape, { dtype }).maskedFill(mask, -Infinity);
  if (mask.dtype !== 'float32' && mask.dtype !== 'float64') throw new TypeError(`MultiheadAttention: only bool and floating types of ${name} are supported, got ${mask.dtype}`);
  return mask;
}

const shapeText = (t: Tensor): string => `[${t.shape.join(', ')}]`;

/**
 * Multi-head attention, like `torch.nn.MultiheadAttention`: queries, keys and values are projected
 * (`in_proj_weight` `[3E, E]` and `in_proj_bias` `[3E]`; or `q_proj_weight` `[E, E]`,
 * `k_proj_weight` `[E, kdim]`, `v_proj_weight` `[E, vdim]` when kdim or vdim differ from E), split
 * into `numHeads` heads of E/numHeads features, attended, and projected back by `out_proj`.
 * Initialised as PyTorch: Xavier-uniform projections, zero biases (`out_proj.weight` as a Linear's).
 *
 * Shape:
 * - Input: query `[L, N, E]` (`[N, L, E]` with batchFirst, `[L, E]` unbatched), L the target
 *   length; key `[S, N, kdim]` and value `[S, N, vdim]` (batch first or unbatched likewise), S the
 *   source length; keyPaddingMask `[N, S]` (`[S]` unbatched); attnMask `[L, S]` or `[N·numHeads, L, S]`.
 * - Output: `[L, N, E]` (laid out as the query); weights `[N, L, S]` averaged over the heads, else
 *   `[N, numHeads, L, S]` (`[L, S]` or `[numHeads, L, S]` unbatched).
 *
 * NOTE: a query whose keys are all masked gets NaN weights and output when `needWeights` is true
 * (a plain softmax, as PyTorch) and an output of 0 when it is false (the fused attention, as
 * PyTorch 2.5's).
 * @example
 * ```ts
 * import { ones } from '@chainrule/autograd';
 * import { nn } from '@chainrule/nn';
 * const mha = new nn.MultiheadAttention(8, 2, { batchFirst: true });
 * const x = ones([4, 5, 8]); // [N, L, E]
 * const [out, weights] = mha.forward(x, x, x);
 * out.shape; // [4, 5, 8]
 * weights?.shape; // [4, 5, 5]
 * Object.keys(mha.stateDict()); // ['in_proj_weight', 'in_proj_bias', 'out_proj.weight', 'out_proj.bias']
 * ```
 */
export class MultiheadAttention extends Module<[Tensor, Tensor, Tensor, MultiheadAttentionForwardOptions?], [Tensor, Tensor | null]> {
  /** The packed q, k, v projection `[3E, E]` (null when kdim or vdim differ from E). */
  inProjWeight: Parameter | null = null;
  /** The query projection `[E, E]` (only when kdim or vdim differ from E). */
  qProjWeight: Parameter | null = null;
  /** The key projection `[E, kdim]` (only when kdim or vdim differ from E). */
  kProjWeight: Parameter | null = null;
  /** The value projection `[E, vdim]` (only when kdim or vdim differ from E). */
  vProjWeight: Parameter | null = null;
  /** The packed q, k, v biases `[3E]`, or null without bias. */
  inProjBias: Parameter | null = null;
  /** The output projection E → E. */
  outProj: Linear;
  /** The learned key row `[1, 1, E]` appended with addBiasKv, else null. */
  biasK: Parameter | null = null;
  /** The learned value row `[1, 1, E]` appended with addBiasKv, else null. */
  biasV: Parameter | null = null;
  /** Features of the keys. */
  readonly kdim: number;
  /** Features of the values. */
  readonly vdim: number;
  /** Features per head: embedDim / numHeads. */
  readonly headDim: number;
  /** Dropout on the attention weights in training. */
  readonly dropout: number;
  /** Whether inputs are `[N, L, E]`. */
  readonly batchFirst: boolean;
  /** Whether a zero key and value are appended. */
  readonly addZeroAttn: boolean;

  /**
   * @param embedDim - E, the features of queries and outputs.
   * @param numHeads - the number of heads (dividing E).
   * @param opts - `dropout`, `bias`, `addBiasKv`, `addZeroAttn`, `kdim`, `vdim`, `batchFirst`, `dtype`, `generator`.
   * @throws RangeError when numHeads does not divide embedDim, or for sizes that are not positive integers.
   */
  constructor(
    readonly embedDim: number,
    readonly numHeads: number,
    opts: MultiheadAttentionOptions = {},
  ) {
    super();
    for (const [name, n] of [['embedDim', embedDim], ['numHeads', numHeads], ['kdim', opts.kdim ?? 1], ['vdim', opts.vdim ?? 1]] as const) {
      if (!Number.isInteger(n) || n <= 0) throw new RangeError(`MultiheadAttention: ${name} must be a positive integer, got ${n}`);
    }
    if (embedDim % numHeads !== 0) throw new RangeError(`MultiheadAttention: embed_dim must be divisible by num_heads (${embedDim} and ${numHeads})`);
    const p = opts.dropout ?? 0;
    if (!(p >= 0 && p <= 1)) throw new RangeError(`MultiheadAttention: dropout probability has to be between 0 and 1, but got ${p}`);
    this.kdim = opts.kdim ?? embedDim;
    this.vdim = opts.vdim ?? embedDim;
    this.headDim = embedDim / numHeads;
    this.dropout = p;
    this.batchFirst = opts.batchFirst ?? false;
    this.addZeroAttn = opts.addZeroAttn ?? false;
    const dtype = opts.dtype ?? 'float32';
    const init = opts.generator === undefined ? {} : { generator: opts.generator };
    const param = (shape: number[]): Parameter => new Parameter(zeros(shape, { dtype }));
    if (this.kdim === embedDim && this.vdim === embedDim) {
      this.inProjWeight = xavierUniform_(param([3 * embedDim, embedDim]), init) as Parameter;
    } else {
      this.qProjWeight = xavierUniform_(param([embedDim, embedDim]), init) as Parameter;
      this.kProjWeight = xavierUniform_(param([embedDim, this.kdim]), init) as Parameter;
      this.vProjWeight = xavierUniform_(param([embedDim, this.vdim]), init) as Parameter;
    }
    const bias = opts.bias ?? true;
    if (bias) this.inProjBias = param([3 * embedDim]);
    this.outProj = new Linear(embedDim, embedDim, { bias, dtype, ...init });
    if (this.outProj.bias !== null) constant_(this.outProj.bias, 0);
    if (opts.addBiasKv === true) {
      this.biasK = xavierNormal_(param([1, 1, embedDim]), init) as Parameter;
      this.biasV = xavierNormal_(param([1, 1, embedDim]), init) as Parameter;
    }
  }

  /**
   * Attends from `query` to `key`/`value` (`forward(x, x, x)` for self-attention).
   * @param query - `[L, N, E]` (`[N, L, E]` with batchFirst; `[L, E]` unbatched).
   * @param key - `[S, N, kdim]` (likewise).
   * @param value - `[S, N, vdim]` (likewise).
   * @param opts - `keyPaddingMask`, `needWeights` (default true), `attnMask`, `averageAttnWeights` (default true), `isCausal`.
   * @returns `[output, weights]`: the output shaped like the query; the weights (null unless needWeights).
   * @throws RangeError for shapes that do not fit, or isCausal without attnMask.
   * @throws TypeError for masks that are neither bool nor float.
   */
  forward(query: Tensor, key: Tensor, value: Tensor, opts: MultiheadAttentionForwardOptions = {}): [Tensor, Tensor | null] {
    const batched = query.ndim === 3;
    this.checkShapes(query, key, value, opts);
    const dtype = query.dtype;
    let kpm = canonicalMask(opts.keyPaddingMask, 'key_padding_mask', dtype);
    let mask = canonicalMask(opts.attnMask, 'attn_mask', dtype);
    const needWeights = opts.needWeights ?? true;
    let isCausal = opts.isCausal ?? false;
    if (isCausal && mask === null) throw new RangeError('MultiheadAttention: need attnMask when isCausal is given (isCausal is a hint that attnMask is the causal mask)');
    if (isCausal && kpm === null && !needWeights) mask = null;
    else if (kpm !== null) isCausal = false;
    // to [L, N, E]
    const seqFirst = (t: Tensor): Tensor => (!batched ? t.unsqueeze(1) : this.batchFirst ? t.transpose(0, 1) : t);
    const same = query === key && key === value;
    const [q0, k0, v0] = [seqFirst(query), seqFirst(key), seqFirst(value)];
    if (kpm !== null && !batched) kpm = kpm.unsqueeze(0);
    const [L, N, E] = q0.shape as [number, number, number];
    const H = this.numHeads;
    const hd = this.headDim;
    let [q, k, v] = this.project(q0, same ? q0 : k0, same ? q0 : v0, same);
    if (mask !== null && mask.ndim === 2) mask = mask.unsqueeze(0);
    const padKey = (m: Tensor | null): Tensor | null => (m === null ? null : cat([m, zeros([...m.shape.slice(0, -1), 1], { dtype: m.dtype })], -1));
    if (this.biasK !== null && this.biasV !== null) {
      k = cat([k, this.biasK.expand([1, N, E])]);
      v = cat([v, this.biasV.expand([1, N, E])]);
      mask = padKey(mask);
      kpm = padKey(kpm);
    }
    // heads: [N·H, len, hd]
    const heads = (t: Tensor): Tensor => t.reshape([t.shape[0]!, N * H, hd]).transpose(0, 1);
    q = heads(q);
    k = heads(k);
    v = heads(v);
    if (this.addZeroAttn) {
      k = cat([k, zeros([N * H, 1, hd], { dtype })], 1);
      v = cat([v, zeros([N * H, 1, hd], { dtype })], 1);
      mask = padKey(mask);
      kpm = padKey(kpm);
    }
    const S = k.shape[1]!;
    if (kpm !== null) {
      const m = kpm.reshape([N, 1, 1, S]).expand([N, H, 1, S]).reshape([N * H, 1, S]);
      mask = mask === null ? m : mask.add(m);
    }
    const p = this.training ? this.dropout : 0;
    let out: Tensor;
    let weights: Tensor | null = null;
    if (needWeights) {
      let w = q.mul(Math.sqrt(1 / hd)).matmul(k.transpose(1, 2));
      if (mask !== null) w = w.add(mask);
      w = w.softmax(-1);
      if (p > 0) w = dropout(w, p);
      out = w.matmul(v); // [N·H, L, hd]
      const full = w.reshape([N, H, L, S]);
      weights = (opts.averageAttnWeights ?? true) ? full.mean(1) : full;
      if (!batched) weights = weights.squeeze(0);
    } else {
      const m4 = mask === null ? null : mask.shape[0] === 1 ? mask.unsqueeze(0) : mask.reshape([N, H, mask.shape[1]!, S]);
      out = scaledDotProductAttention(q.reshape([N, H, L, hd]), k.reshape([N, H, S, hd]), v.reshape([N, H, S, hd]), {
        attnMask: m4,
        dropoutP: p,
        isCausal,
      }).reshape([N * H, L, hd]);
    }
    // [N·H, L, hd] -> [L, N, E] -> out_proj
    out = this.outProj.forward(out.transpose(0, 1).reshape([L, N, E]));
    if (!batched) out = out.squeeze(1);
    else if (this.batchFirst) out = out.transpose(0, 1);
    return [out, weights];
  }

  /** PyTorch's in-projection: one packed product for self-attention, else one per input. */
  private project(query: Tensor, key: Tensor, value: Tensor, same: boolean): [Tensor, Tensor, Tensor] {
    const E = this.embedDim;
    const b = this.inProjBias;
    const bias = (i: number): Tensor | null => (b === null ? null : b.narrow(0, i * E, E));
    if (this.inProjWeight === null) {
      return [linear(query, this.qProjWeight!, bias(0)), linear(key, this.kProjWeight!, bias(1)), linear(value, this.vProjWeight!, bias(2))];
    }
    const w = this.inProjWeight;
    if (same) {
      const [q, k, v] = linear(query, w, b).chunk(3, -1) as [Tensor, Tensor, Tensor];
      return [q, k, v];
    }
    const part = (i: number): Tensor => w.narrow(0, i * E, E);
    return [linear(query, part(0), bias(0)), linear(key, part(1), bias(1)), linear(value, part(2), bias(2))];
  }

  /** PyTorch's `_mha_shape_check` and the embedding sizes. */
  private checkShapes(query: Tensor, key: Tensor, value: Tensor, opts: MultiheadAttentionForwardOptions): void {
    const fail = (msg: string): never => {
      throw new RangeError(`MultiheadAttention: ${msg}`);
    };
    for (const [name, t] of [['query', query], ['key', key], ['value', value]] as const) {
      if (!(t instanceof Tensor)) throw new TypeError(`MultiheadAttention: ${name} must be a Tensor, got ${typeof t}`);
    }
    const kpm = opts.keyPaddingMask ?? null;
    const mask = opts.attnMask ?? null;
    if (query.ndim === 3) {
      if (key.ndim !== 3 || value.ndim !== 3) fail(`for batched (3-D) query, expected key and value to be 3-D but found ${key.ndim}-D and ${value.ndim}-D tensors respectively`);
      if (kpm !== null && kpm.ndim !== 2) fail(`for batched (3-D) query, expected keyPaddingMask to be null or 2-D but found ${kpm.ndim}-D tensor instead`);
      if (mask !== null && mask.ndim !== 2 && mask.ndim !== 3) fail(`for batched (3-D) query, expected attnMask to be null, 2-D or 3-D but found ${mask.ndim}-D tensor instead`);
    } else if (query.ndim === 2) {
      if (key.ndim !== 2 || value.ndim !== 2) fail(`for unbatched (2-D) query, expected key and value to be 2-D but found ${key.ndim}-D and ${value.ndim}-D tensors respectively`);
      if (kpm !== null && kpm.ndim !== 1) fail(`for unbatched (2-D) query, expected keyPaddingMask to be null or 1-D but found ${kpm.ndim}-D tensor instead`);
      if (mask !== null && mask.ndim !== 2 && mask.ndim !== 3) fail(`for unbatched (2-D) query, expected attnMask to be null, 2-D or 3-D but found ${mask.ndim}-D tensor instead`);
    } else {
      fail(`query should be unbatched 2-D or batched 3-D tensor but received ${query.ndim}-D query tensor`);
    }
    const last = (t: Tensor): number => t.shape[t.ndim - 1]!;
    if (last(query) !== this.embedDim) fail(`was expecting embedding dimension of ${this.embedDim}, but got query ${shapeText(query)}`);
    if (last(key) !== this.kdim) fail(`expected key with ${this.kdim} features, got ${shapeText(key)}`);
    if (last(value) !== this.vdim) fail(`expected value with ${this.vdim} features, got ${shapeText(value)}`);
    const seq = query.ndim === 3 && this.batchFirst ? 1 : 0;
    if (key.shape.slice(0, -1).join() !== value.shape.slice(0, -1).join()) {
      fail(`key shape ${shapeText(key)} does not match value shape ${shapeText(value)}`);
    }
    if (query.ndim === 3 && query.shape[1 - seq] !== key.shape[1 - seq]) fail(`query ${shapeText(query)} and key ${shapeText(key)} have different batch sizes`);
    const L = query.shape[seq]!;
    const S = key.shape[seq]!;
    const N = query.ndim === 3 ? query.shape[1 - seq]! : 1;
    if (mask !== null) {
      const want = mask.ndim === 2 ? [L, S] : [N * this.numHeads, L, S];
      if (mask.shape.join() !== want.join()) fail(`the shape of the ${mask.ndim}-D attnMask is ${shapeText(mask)}, but should be [${want.join(', ')}]`);
    }
    if (kpm !== null) {
      const want = query.ndim === 3 ? [N, S] : [S];
      if (kpm.shape.join() !== want.join()) fail(`expected keyPaddingMask of shape [${want.join(', ')}], got ${shapeText(kpm)}`);
    }
  }

  /**
   * The settings, as PyTorch prints them (its children show the rest).
   * @returns '' (PyTorch prints only `out_proj`).
   */
  override extraRepr(): string {
    return '';
  }
}
