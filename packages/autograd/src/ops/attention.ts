/**
 * Scaled dot-product attention on the fused `attention` primitive: shapes and masks checked and
 * broadcast here, then one kernel forward (no graph of intermediates, the probabilities not kept)
 * and one rule backward (the probabilities recomputed from the inputs).
 * @module
 */
import { isFloating } from '../dtype.js';
import { rand } from '../create.js';
import type { Generator } from '../random.js';
import { broadcastShapes, fmtShape, numelOf } from '../shape.js';
import { Tensor } from '../tensor.js';
import { attentionPrim } from './prims.js';

/**
 * Options of {@link scaledDotProductAttention}, as PyTorch's keyword arguments.
 * @example
 * ```ts
 * const opts: AttentionOptions = { isCausal: true, scale: 0.5 };
 * const q = ones([1, 3, 2]);
 * scaledDotProductAttention(q, q, q, opts).shape; // [1, 3, 2]
 * ```
 */
export interface AttentionOptions {
  /**
   * `[..., L, S]`, broadcast to the scores: bool (true: the query may attend to the key, false:
   * hidden) or float of the query's dtype (added to the scores, −∞ hides). Null or absent: none.
   */
  attnMask?: Tensor | null;
  /** Dropout probability on the attention weights (default 0; pass 0 when evaluating). */
  dropoutP?: number;
  /** Hide key j from query i when j > i (a top-left aligned causal mask; not with `attnMask`). */
  isCausal?: boolean;
  /** Multiplies q·kᵀ (default 1/√E). */
  scale?: number | null;
  /** The generator of the dropout mask (default the global one). */
  generator?: Generator;
}

function rangeCheck(cond: boolean, msg: string): void {
  if (!cond) throw new RangeError(`scaledDotProductAttention: ${msg}`);
}

/**
 * Attention, like PyTorch 2's `F.scaled_dot_product_attention`:
 * `softmax(scale·q·kᵀ + mask)·v` over the last two dims, with dropout on the weights, computed by
 * one fused kernel with its own gradient rule (equal to the composite; differentiable twice).
 * Leading (batch, head) dims broadcast. A query whose keys are all masked gets an output of 0
 * (PyTorch 2.5's rule; the plain softmax composite gives NaN there).
 * @param query - `[..., L, E]`.
 * @param key - `[..., S, E]`.
 * @param value - `[..., S, Ev]`.
 * @param opts - `attnMask`, `dropoutP`, `isCausal`, `scale`, `generator`.
 * @returns `[..., L, Ev]`.
 * @throws TypeError for non-tensors, non-float or mixed dtypes, or a float mask of another dtype.
 * @throws RangeError for shapes that do not fit or broadcast, a dropout probability outside [0, 1], or
 *   both `attnMask` and `isCausal`.
 * @example
 * ```ts
 * const q = tensor([[[1, 0], [0, 1]]]); // [1, L = 2, E = 2]
 * const k = tensor([[[1, 0], [0, 1], [1, 1]]]); // [1, S = 3, E = 2]
 * const v = tensor([[[1, 0], [0, 1], [1, 1]]]);
 * scaledDotProductAttention(q, k, v); // tensor([[[0.8022, 0.5989], [0.5989, 0.8022]]])
 * scaledDotProductAttention(q, k, v, { isCausal: true }); // tensor([[[1.0000, 0.0000], [0.3302, 0.6698]]])
 * const keep = tensor([[true, false, true], [false, false, false]]);
 * scaledDotProductAttention(q, k, v, { attnMask: keep }); // tensor([[[1.0000, 0.5000], [0.0000, 0.0000]]])
 * ```
 */
export function scaledDotProductAttention(query: Tensor, key: Tensor, value: Tensor, opts: AttentionOptions = {}): Tensor {
  for (const [name, t] of [['query', query], ['key', key], ['value', value]] as const) {
    if (!(t instanceof Tensor)) throw new TypeError(`scaledDotProductAttention: ${name} must be a Tensor, got ${typeof t}`);
    if (!isFloating(t.dtype)) throw new TypeError(`scaledDotProductAttention: ${name} must be float32 or float64, got ${t.dtype}`);
    rangeCheck(t.ndim >= 2, `${name} needs at least 2 dims ([..., len, features]), got ${fmtShape(t.shape)}`);
  }
  if (key.dtype !== query.dtype || value.dtype !== query.dtype) {
    throw new TypeError(`scaledDotProductAttention: expected query, key and value to have the same dtype, got ${query.dtype}, ${key.dtype} and ${value.dtype}`);
  }
  const [L, E] = query.shape.slice(-2) as [number, number];
  const [S, Ek] = key.shape.slice(-2) as [number, number];
  const [Sv, Ev] = value.shape.slice(-2) as [number, number];
  rangeCheck(Ek === E, `query and key must have the same feature size, got ${fmtShape(query.shape)} and ${fmtShape(key.shape)}`);
  rangeCheck(Sv === S, `key and value must have the same length, got ${fmtShape(key.shape)} and ${fmtShape(value.shape)}`);
  const mask = opts.attnMask ?? null;
  const p = opts.dropoutP ?? 0;
  const causal = opts.isCausal ?? false;
  rangeCheck(p >= 0 && p <= 1, `dropoutP must be in [0, 1], got ${p}`);
  rangeCheck(!(causal && mask !== null), 'an explicit attnMask should not be set when isCausal is true');
  const scale = opts.scale ?? 1 / Math.sqrt(E);
  if (typeof scale !== 'number') throw new TypeError(`scaledDotProductAttention: scale must be a number, got ${typeof scale}`);
  if (mask !== null) {
    if (!(mask instanceof Tensor)) throw new TypeError(`scaledDotProductAttention: attnMask must be a Tensor, got ${typeof mask}`);
    if (mask.dtype !== 'bool' && mask.dtype !== query.dtype) {
      throw new TypeError(`scaledDotProductAttention: attnMask must be bool or of the query's dtype (${query.dtype}), got ${mask.dtype}`);
    }
  }
  const lead = (t: Tensor): readonly number[] => t.shape.slice(0, -2);
  let batch: number[];
  try {
    batch = broadcastShapes('scaledDotProductAttention', lead(query), lead(key), lead(value), ...(mask === null ? [] : [lead(mask)]));
  } catch {
    throw new RangeError(
      `scaledDotProductAttention: the leading dims of query ${fmtShape(query.shape)}, key ${fmtShape(key.shape)}, value ${fmtShape(value.shape)}` +
        `${mask === null ? '' : ` and attnMask ${fmtShape(mask.shape)}`} do not broadcast`,
    );
  }
  if (mask !== null) {
    const [ml, ms] = mask.ndim >= 2 ? mask.shape.slice(-2) : [1, mask.shape[0] ?? 1];
    rangeCheck((ml === 1 || ml === L) && (ms === 1 || ms === S), `attnMask ${fmtShape(mask.shape)} does not broadcast to the scores [..., ${L}, ${S}]`);
  }
  const B = numelOf(batch);
  const flat = (t: Tensor, r: number, c: number): Tensor => t.expand([...batch, r, c]).reshape([B, r, c]);
  let bias: Tensor | null = null;
  if (mask !== null) {
    const m = mask.dtype === 'bool' ? Tensor.where(mask, 0, -Infinity).to(query.dtype) : mask;
    bias = m.expand([...batch, L, S]).reshape([B, L, S]);
  }
  let drop: Tensor | null = null;
  if (p > 0) {
    const u = rand([B, L, S], { dtype: 'float64', ...(opts.generator === undefined ? {} : { generator: opts.generator }) });
    drop = p === 1 ? Tensor.zeros([B, L, S], query.dtype) : u.ge(p).to(query.dtype).mul(1 / (1 - p));
  }
  const out = attentionPrim(flat(query, L, E), flat(key, S, E), flat(value, S, Ev), bias, drop, scale, causal);
  return out.reshape([...batch, L, Ev]);
}
