/**
 * The transformer layers of `torch.nn`: `TransformerEncoderLayer`, `TransformerDecoderLayer`, the
 * stacks `TransformerEncoder` and `TransformerDecoder`, and `Transformer`, with PyTorch's names
 * (`self_attn`, `multihead_attn`, `linear1`, `norm1`, `layers.0`, ...), initialisation and masks.
 * @module
 */
import { full, Tensor } from '@chainrule/autograd';
import type { DType, Generator } from '@chainrule/autograd';
import { gelu, relu } from '../functional/activation.js';
import { xavierUniform_ } from '../init.js';
import { Module } from '../module.js';
import { Dropout } from './basic.js';
import { ModuleList } from './container.js';
import type { TensorModule } from './container.js';
import { Linear } from './linear.js';
import { MultiheadAttention } from './attention.js';
import { LayerNorm } from './normalization.js';

/**
 * The feed-forward activation of a transformer layer: PyTorch's names `'relu'` and `'gelu'`, a
 * function, or a module (which becomes the child `activation`, as in PyTorch).
 * @example
 * ```ts
 * const act: nn.TransformerActivation = 'gelu';
 * new nn.TransformerEncoderLayer(4, 2, { activation: act }).forward(ones([3, 1, 4])).shape; // [3, 1, 4]
 * ```
 */
export type TransformerActivation = 'relu' | 'gelu' | ((x: Tensor) => Tensor) | TensorModule;

/**
 * Options of {@link TransformerEncoderLayer} and {@link TransformerDecoderLayer}, as PyTorch's
 * keyword arguments.
 * @example
 * ```ts
 * const opts: nn.TransformerLayerOptions = { dimFeedforward: 16, dropout: 0, normFirst: true, batchFirst: true };
 * new nn.TransformerEncoderLayer(8, 2, opts).linear1.outFeatures; // 16
 * ```
 */
export interface TransformerLayerOptions {
  /** Hidden features of the feed-forward block (default 2048). */
  dimFeedforward?: number;
  /** Dropout after attention, inside and after the feed-forward block, and on the attention weights (default 0.1). */
  dropout?: number;
  /** The feed-forward activation (default `'relu'`). */
  activation?: TransformerActivation;
  /** The layer norms' ε (default 1e-5). */
  layerNormEps?: number;
  /** Inputs and outputs `[N, L, E]` instead of `[L, N, E]` (default false). */
  batchFirst?: boolean;
  /** Pre-norm: normalise before attention and feed-forward (default false: after). */
  normFirst?: boolean;
  /** Biases in the linear layers and layer norms (default true). */
  bias?: boolean;
  /** The parameters' dtype (default float32). */
  dtype?: DType;
  /** The generator of the initial values (default the global one). */
  generator?: Generator;
}

/**
 * Options of {@link TransformerEncoderLayer.forward} and {@link TransformerEncoder.forward}.
 * @example
 * ```ts
 * const opts: nn.TransformerEncoderForwardOptions = { mask: nn.Transformer.generateSquareSubsequentMask(3), isCausal: true };
 * new nn.TransformerEncoderLayer(4, 2).forward(ones([3, 1, 4]), opts).shape; // [3, 1, 4]
 * ```
 */
export interface TransformerEncoderForwardOptions {
  /** `[L, L]` or `[N·nhead, L, L]`: bool (true hides) or float (added). */
  mask?: Tensor | null;
  /** `[N, L]`: bool (true hides that position) or float. */
  srcKeyPaddingMask?: Tensor | null;
  /** A hint that `mask` is the causal mask (the encoder detects it when not given). */
  isCausal?: boolean;
}

/**
 * Options of {@link TransformerDecoderLayer.forward} and {@link TransformerDecoder.forward}.
 * @example
 * ```ts
 * const opts: nn.TransformerDecoderForwardOptions = { tgtMask: nn.Transformer.generateSquareSubsequentMask(2) };
 * new nn.TransformerDecoderLayer(4, 2).forward(ones([2, 1, 4]), ones([3, 1, 4]), opts).shape; // [2, 1, 4]
 * ```
 */
export interface TransformerDecoderForwardOptions {
  /** `[T, T]` or `[N·nhead, T, T]`: the target's self-attention mask. */
  tgtMask?: Tensor | null;
  /** `[T, S]` or `[N·nhead, T, S]`: the mask of the attention to the memory. */
  memoryMask?: Tensor | null;
  /** `[N, T]`: target positions to hide. */
  tgtKeyPaddingMask?: Tensor | null;
  /** `[N, S]`: memory positions to hide. */
  memoryKeyPaddingMask?: Tensor | null;
  /** A hint that `tgtMask` is the causal mask. */
  tgtIsCausal?: boolean;
  /** A hint that `memoryMask` is the causal mask. */
  memoryIsCausal?: boolean;
}

function activationFn(a: TransformerActivation, layer: string): (x: Tensor) => Tensor {
  if (a === 'relu') return relu;
  if (a === 'gelu') return (x) => gelu(x);
  if (a instanceof Module) return (x) => a.forward(x);
  if (typeof a === 'function') return a;
  throw new RangeError(`${layer}: activation should be relu/gelu, not ${String(a)}`);
}

function checkSizes(layer: string, dModel: number, nhead: number, dimFeedforward: number, p: number): void {
  for (const [name, n] of [['dModel', dModel], ['nhead', nhead], ['dimFeedforward', dimFeedforward]] as const) {
    if (!Number.isInteger(n) || n <= 0) throw new RangeError(`${layer}: ${name} must be a positive integer, got ${n}`);
  }
  if (!(p >= 0 && p <= 1)) throw new RangeError(`${layer}: dropout probability has to be between 0 and 1, but got ${p}`);
}

/** The parts both layers share: feed-forward block, norms and dropouts, built in PyTorch's order. */
function layerParts(opts: TransformerLayerOptions): { p: number; eps: number; dtype: DType; init: { generator?: Generator }; bias: boolean } {
  return {
    p: opts.dropout ?? 0.1,
    eps: opts.layerNormEps ?? 1e-5,
    dtype: opts.dtype ?? 'float32',
    init: opts.generator === undefined ? {} : { generator: opts.generator },
    bias: opts.bias ?? true,
  };
}

/**
 * One transformer encoder block, like `torch.nn.TransformerEncoderLayer`: self-attention and a
 * feed-forward block (linear1, activation, dropout, linear2), each with a residual connection and a
 * layer norm, after (default) or before (normFirst, "pre-norm") the block.
 *
 * Shape:
 * - Input: src `[L, N, E]` (`[N, L, E]` with batchFirst, `[L, E]` unbatched), E = dModel; mask
 *   `[L, L]` or `[N·nhead, L, L]`; srcKeyPaddingMask `[N, L]`.
 * - Output: as src.
 * @example
 * ```ts
 * import { ones } from '@chainrule/autograd';
 * import { nn } from '@chainrule/nn';
 * const layer = new nn.TransformerEncoderLayer(8, 2, { dimFeedforward: 32, batchFirst: true, normFirst: true });
 * layer.forward(ones([4, 5, 8])).shape; // [4, 5, 8]
 * layer.namedParameters().map(([n]) => n).slice(0, 4); // ['self_attn.in_proj_weight', 'self_attn.in_proj_bias', 'self_attn.out_proj.weight', 'self_attn.out_proj.bias']
 * ```
 */
export class TransformerEncoderLayer extends Module<[Tensor, TransformerEncoderForwardOptions?], Tensor> {
  /** The self-attention. */
  selfAttn: MultiheadAttention;
  /** The feed-forward block's first layer, dModel → dimFeedforward. */
  linear1: Linear;
  /** Dropout inside the feed-forward block. */
  dropout: Dropout;
  /** The feed-forward block's second layer, dimFeedforward → dModel. */
  linear2: Linear;
  /** The norm of the attention block. */
  norm1: LayerNorm;
  /** The norm of the feed-forward block. */
  norm2: LayerNorm;
  /** Dropout after attention. */
  dropout1: Dropout;
  /** Dropout after the feed-forward block. */
  dropout2: Dropout;
  /** The activation when it is a module (PyTorch's child `activation`), else absent. */
  activation?: TensorModule;
  /** Whether the norms come first (pre-norm). */
  readonly normFirst: boolean;
  readonly #act: (x: Tensor) => Tensor;

  /**
   * @param dModel - E, the features of the input.
   * @param nhead - the number of attention heads (dividing dModel).
   * @param opts - `dimFeedforward` (2048), `dropout` (0.1), `activation` ('relu'), `layerNormEps`
   *   (1e-5), `batchFirst`, `normFirst`, `bias`, `dtype`, `generator`.
   * @throws RangeError for bad sizes, a dropout outside [0, 1] or an unknown activation.
   */
  constructor(
    readonly dModel: number,
    readonly nhead: number,
    readonly opts: TransformerLayerOptions = {},
  ) {
    super();
    const dff = opts.dimFeedforward ?? 2048;
    const { p, eps, dtype, init, bias } = layerParts(opts);
    checkSizes('TransformerEncoderLayer', dModel, nhead, dff, p);
    this.selfAttn = new MultiheadAttention(dModel, nhead, { dropout: p, bias, batchFirst: opts.batchFirst ?? false, dtype, ...init });
    this.linear1 = new Linear(dModel, dff, { bias, dtype, ...init });
    this.dropout = new Dropout(p);
    this.linear2 = new Linear(dff, dModel, { bias, dtype, ...init });
    this.normFirst = opts.normFirst ?? false;
    this.norm1 = new LayerNorm(dModel, { eps, bias, dtype });
    this.norm2 = new LayerNorm(dModel, { eps, bias, dtype });
    this.dropout1 = new Dropout(p);
    this.dropout2 = new Dropout(p);
    const act = opts.activation ?? 'relu';
    this.#act = activationFn(act, 'TransformerEncoderLayer');
    if (act instanceof Module) this.activation = act;
  }

  /**
   * Applies the block.
   * @param src - `[L, N, E]` (`[N, L, E]` with batchFirst).
   * @param opts - `mask`, `srcKeyPaddingMask`, `isCausal`.
   * @returns a tensor shaped like src.
   * @throws RangeError for shapes that do not fit.
   */
  forward(src: Tensor, opts: TransformerEncoderForwardOptions = {}): Tensor {
    let x = src;
    const sa = (y: Tensor): Tensor =>
      this.dropout1.forward(
        this.selfAttn.forward(y, y, y, { attnMask: opts.mask ?? null, keyPaddingMask: opts.srcKeyPaddingMask ?? null, needWeights: false, isCausal: opts.isCausal ?? false })[0],
      );
    const ff = (y: Tensor): Tensor => this.dropout2.forward(this.linear2.forward(this.dropout.forward(this.#act(this.linear1.forward(y)))));
    if (this.normFirst) {
      x = x.add(sa(this.norm1.forward(x)));
      x = x.add(ff(this.norm2.forward(x)));
    } else {
      x = this.norm1.forward(x.add(sa(x)));
      x = this.norm2.forward(x.add(ff(x)));
    }
    return x;
  }

  /** @internal A copy with the same settings and weights (PyTorch's deepcopy in `_get_clones`). */
  _clone(): TransformerEncoderLayer {
    const c = new TransformerEncoderLayer(this.dModel, this.nhead, this.opts);
    c.loadStateDict(this.stateDict());
    return c.train(this.training);
  }
}

/**
 * One transformer decoder block, like `torch.nn.TransformerDecoderLayer`: self-attention over the
 * target, attention to the memory (the encoder's output, `multihead_attn`), and a feed-forward
 * block, each with a residual connection and a layer norm (after, or before with normFirst).
 *
 * Shape:
 * - Input: tgt `[T, N, E]` (`[N, T, E]` with batchFirst, `[T, E]` unbatched); memory `[S, N, E]`
 *   (likewise); tgtMask `[T, T]`; memoryMask `[T, S]`; tgtKeyPaddingMask `[N, T]`;
 *   memoryKeyPaddingMask `[N, S]`.
 * - Output: as tgt.
 * @example
 * ```ts
 * import { ones } from '@chainrule/autograd';
 * import { nn } from '@chainrule/nn';
 * const layer = new nn.TransformerDecoderLayer(8, 2, { dimFeedforward: 16 });
 * layer.forward(ones([3, 2, 8]), ones([5, 2, 8])).shape; // [3, 2, 8]
 * layer.namedChildren().map(([n]) => n); // ['self_attn', 'multihead_attn', 'linear1', 'dropout', 'linear2', 'norm1', 'norm2', 'norm3', 'dropout1', 'dropout2', 'dropout3']
 * ```
 */
export class TransformerDecoderLayer extends Module<[Tensor, Tensor, TransformerDecoderForwardOptions?], Tensor> {
  /** The self-attention over the target. */
  selfAttn: MultiheadAttention;
  /** The attention from the target to the memory. */
  multiheadAttn: MultiheadAttention;
  /** The feed-forward block's first layer. */
  linear1: Linear;
  /** Dropout inside the feed-forward block. */
  dropout: Dropout;
  /** The feed-forward block's second layer. */
  linear2: Linear;
  /** The norm of the self-attention block. */
  norm1: LayerNorm;
  /** The norm of the memory-attention block. */
  norm2: LayerNorm;
  /** The norm of the feed-forward block. */
  norm3: LayerNorm;
  /** Dropout after self-attention. */
  dropout1: Dropout;
  /** Dropout after the memory attention. */
  dropout2: Dropout;
  /** Dropout after the feed-forward block. */
  dropout3: Dropout;
  /** The activation when it is a module (PyTorch's child `activation`), else absent. */
  activation?: TensorModule;
  /** Whether the norms come first (pre-norm). */
  readonly normFirst: boolean;
  readonly #act: (x: Tensor) => Tensor;

  /**
   * @param dModel - E, the features of target and memory.
   * @param nhead - the number of attention heads.
   * @param opts - as {@link TransformerEncoderLayer}'s.
   * @throws RangeError for bad sizes, a dropout outside [0, 1] or an unknown activation.
   */
  constructor(
    readonly dModel: number,
    readonly nhead: number,
    readonly opts: TransformerLayerOptions = {},
  ) {
    super();
    const dff = opts.dimFeedforward ?? 2048;
    const { p, eps, dtype, init, bias } = layerParts(opts);
    checkSizes('TransformerDecoderLayer', dModel, nhead, dff, p);
    const attn = (): MultiheadAttention => new MultiheadAttention(dModel, nhead, { dropout: p, bias, batchFirst: opts.batchFirst ?? false, dtype, ...init });
    this.selfAttn = attn();
    this.multiheadAttn = attn();
    this.linear1 = new Linear(dModel, dff, { bias, dtype, ...init });
    this.dropout = new Dropout(p);
    this.linear2 = new Linear(dff, dModel, { bias, dtype, ...init });
    this.normFirst = opts.normFirst ?? false;
    this.norm1 = new LayerNorm(dModel, { eps, bias, dtype });
    this.norm2 = new LayerNorm(dModel, { eps, bias, dtype });
    this.norm3 = new LayerNorm(dModel, { eps, bias, dtype });
    this.dropout1 = new Dropout(p);
    this.dropout2 = new Dropout(p);
    this.dropout3 = new Dropout(p);
    const act = opts.activation ?? 'relu';
    this.#act = activationFn(act, 'TransformerDecoderLayer');
    if (act instanceof Module) this.activation = act;
  }

  /**
   * Applies the block.
   * @param tgt - `[T, N, E]` (`[N, T, E]` with batchFirst).
   * @param memory - `[S, N, E]` (likewise).
   * @param opts - `tgtMask`, `memoryMask`, `tgtKeyPaddingMask`, `memoryKeyPaddingMask`, `tgtIsCausal`, `memoryIsCausal`.
   * @returns a tensor shaped like tgt.
   * @throws RangeError for shapes that do not fit.
   */
  forward(tgt: Tensor, memory: Tensor, opts: TransformerDecoderForwardOptions = {}): Tensor {
    let x = tgt;
    const sa = (y: Tensor): Tensor =>
      this.dropout1.forward(
        this.selfAttn.forward(y, y, y, { attnMask: opts.tgtMask ?? null, keyPaddingMask: opts.tgtKeyPaddingMask ?? null, needWeights: false, isCausal: opts.tgtIsCausal ?? false })[0],
      );
    const mha = (y: Tensor): Tensor =>
      this.dropout2.forward(
        this.multiheadAttn.forward(y, memory, memory, {
          attnMask: opts.memoryMask ?? null,
          keyPaddingMask: opts.memoryKeyPaddingMask ?? null,
          needWeights: false,
          isCausal: opts.memoryIsCausal ?? false,
        })[0],
      );
    const ff = (y: Tensor): Tensor => this.dropout3.forward(this.linear2.forward(this.dropout.forward(this.#act(this.linear1.forward(y)))));
    if (this.normFirst) {
      x = x.add(sa(this.norm1.forward(x)));
      x = x.add(mha(this.norm2.forward(x)));
      x = x.add(ff(this.norm3.forward(x)));
    } else {
      x = this.norm1.forward(x.add(sa(x)));
      x = this.norm2.forward(x.add(mha(x)));
      x = this.norm3.forward(x.add(ff(x)));
    }
    return x;
  }

  /** @internal A copy with the same settings and weights. */
  _clone(): TransformerDecoderLayer {
    const c = new TransformerDecoderLayer(this.dModel, this.nhead, this.opts);
    c.loadStateDict(this.stateDict());
    return c.train(this.training);
  }
}

/** PyTorch's `_detect_is_causal_mask`: the hint given, else whether `mask` is the causal mask of its size. */
function detectCausal(mask: Tensor | null | undefined, isCausal: boolean | undefined): boolean {
  if (isCausal !== undefined) return isCausal;
  if (mask === null || mask === undefined || mask.ndim !== 2 || mask.shape[0] !== mask.shape[1]) return false;
  const causal = Transformer.generateSquareSubsequentMask(mask.shape[0]!);
  const m = mask.dtype === 'bool' ? Tensor.where(mask, -Infinity, 0) : mask;
  return m.to('float64').eq(causal.to('float64')).all().item() === 1;
}

/**
 * A stack of `numLayers` copies of an encoder layer (each starting from the given layer's
 * weights, as PyTorch's deep copies), then an optional norm, like `torch.nn.TransformerEncoder`.
 * Its children are `layers.0`, `layers.1`, ... and `norm`.
 *
 * Shape:
 * - Input: src `[L, N, E]` (`[N, L, E]` with the layers' batchFirst); mask `[L, L]`;
 *   srcKeyPaddingMask `[N, L]`.
 * - Output: as src.
 * @example
 * ```ts
 * import { ones } from '@chainrule/autograd';
 * import { nn } from '@chainrule/nn';
 * const enc = new nn.TransformerEncoder(new nn.TransformerEncoderLayer(8, 2, { dimFeedforward: 16 }), 2, new nn.LayerNorm(8));
 * enc.forward(ones([5, 3, 8]), { mask: nn.Transformer.generateSquareSubsequentMask(5) }).shape; // [5, 3, 8]
 * enc.namedParameters().length; // 26
 * ```
 */
export class TransformerEncoder extends Module<[Tensor, TransformerEncoderForwardOptions?], Tensor> {
  /** The layers, `layers.0`, `layers.1`, ... */
  layers: ModuleList<TransformerEncoderLayer>;
  /** The final norm, or null. */
  norm: LayerNorm | null;

  /**
   * @param encoderLayer - the layer copied `numLayers` times (it is not itself part of the stack).
   * @param numLayers - how many layers.
   * @param norm - a norm applied last (default none).
   * @throws RangeError for a negative or fractional number of layers.
   */
  constructor(encoderLayer: TransformerEncoderLayer, numLayers: number, norm: LayerNorm | null = null) {
    super();
    if (!Number.isInteger(numLayers) || numLayers < 0) throw new RangeError(`TransformerEncoder: numLayers must be a non-negative integer, got ${numLayers}`);
    this.layers = new ModuleList(Array.from({ length: numLayers }, () => encoderLayer._clone()));
    this.norm = norm;
  }

  /**
   * Runs every layer, then the norm.
   * @param src - `[L, N, E]` (or batch first).
   * @param opts - `mask`, `srcKeyPaddingMask`, `isCausal` (detected from the mask when not given).
   * @returns a tensor shaped like src.
   * @throws RangeError for shapes that do not fit.
   */
  forward(src: Tensor, opts: TransformerEncoderForwardOptions = {}): Tensor {
    const isCausal = detectCausal(opts.mask, opts.isCausal);
    let x = src;
    for (const layer of this.layers) x = layer.forward(x, { ...opts, isCausal });
    return this.norm === null ? x : this.norm.forward(x);
  }
}

/**
 * A stack of `numLayers` copies of a decoder layer, then an optional norm, like
 * `torch.nn.TransformerDecoder`. Its children are `layers.0`, ... and `norm`.
 *
 * Shape:
 * - Input: tgt `[T, N, E]`, memory `[S, N, E]` (or batch first).
 * - Output: as tgt.
 * @example
 * ```ts
 * import { ones } from '@chainrule/autograd';
 * import { nn } from '@chainrule/nn';
 * const dec = new nn.TransformerDecoder(new nn.TransformerDecoderLayer(8, 2, { dimFeedforward: 16 }), 2);
 * dec.forward(ones([4, 3, 8]), ones([6, 3, 8]), { tgtMask: nn.Transformer.generateSquareSubsequentMask(4) }).shape; // [4, 3, 8]
 * ```
 */
export class TransformerDecoder extends Module<[Tensor, Tensor, TransformerDecoderForwardOptions?], Tensor> {
  /** The layers, `layers.0`, `layers.1`, ... */
  layers: ModuleList<TransformerDecoderLayer>;
  /** The final norm, or null. */
  norm: LayerNorm | null;

  /**
   * @param decoderLayer - the layer copied `numLayers` times.
   * @param numLayers - how many layers.
   * @param norm - a norm applied last (default none).
   * @throws RangeError for a negative or fractional number of layers.
   */
  constructor(decoderLayer: TransformerDecoderLayer, numLayers: number, norm: LayerNorm | null = null) {
    super();
    if (!Number.isInteger(numLayers) || numLayers < 0) throw new RangeError(`TransformerDecoder: numLayers must be a non-negative integer, got ${numLayers}`);
    this.layers = new ModuleList(Array.from({ length: numLayers }, () => decoderLayer._clone()));
    this.norm = norm;
  }

  /**
   * Runs every layer, then the norm.
   * @param tgt - `[T, N, E]` (or batch first).
   * @param memory - `[S, N, E]` (or batch first).
   * @param opts - the masks and causal hints (tgtIsCausal detected from tgtMask when not given).
   * @returns a tensor shaped like tgt.
   * @throws RangeError for shapes that do not fit.
   */
  forward(tgt: Tensor, memory: Tensor, opts: TransformerDecoderForwardOptions = {}): Tensor {
    const tgtIsCausal = detectCausal(opts.tgtMask, opts.tgtIsCausal);
    let x = tgt;
    for (const layer of this.layers) x = layer.forward(x, memory, { ...opts, tgtIsCausal });
    return this.norm === null ? x : this.norm.forward(x);
  }
}

/**
 * Options of {@link Transformer}, as PyTorch's keyword arguments (the layer options included).
 * @example
 * ```ts
 * const opts: nn.TransformerOptions = { dModel: 8, nhead: 2, numEncoderLayers: 1, numDecoderLayers: 1, dimFeedforward: 16 };
 * new nn.Transformer(opts).encoder.layers.length; // 1
 * ```
 */
export interface TransformerOptions extends TransformerLayerOptions {
  /** E, the features (default 512). */
  dModel?: number;
  /** Attention heads (default 8). */
  nhead?: number;
  /** Encoder layers (default 6). */
  numEncoderLayers?: number;
  /** Decoder layers (default 6). */
  numDecoderLayers?: number;
  /** An encoder to use instead of the standard one. */
  customEncoder?: TransformerEncoder;
  /** A decoder to use instead of the standard one. */
  customDecoder?: TransformerDecoder;
}

/**
 * Options of {@link Transformer.forward}.
 * @example
 * ```ts
 * const opts: nn.TransformerForwardOptions = { tgtMask: nn.Transformer.generateSquareSubsequentMask(2) };
 * opts.tgtMask?.shape; // [2, 2]
 * ```
 */
export interface TransformerForwardOptions {
  /** `[S, S]`: the encoder's self-attention mask. */
  srcMask?: Tensor | null;
  /** `[T, T]`: the decoder's self-attention mask (usually {@link Transformer.generateSquareSubsequentMask}). */
  tgtMask?: Tensor | null;
  /** `[T, S]`: the decoder's attention to the memory. */
  memoryMask?: Tensor | null;
  /** `[N, S]`. */
  srcKeyPaddingMask?: Tensor | null;
  /** `[N, T]`. */
  tgtKeyPaddingMask?: Tensor | null;
  /** `[N, S]`. */
  memoryKeyPaddingMask?: Tensor | null;
  /** A hint that srcMask is causal. */
  srcIsCausal?: boolean;
  /** A hint that tgtMask is causal. */
  tgtIsCausal?: boolean;
  /** A hint that memoryMask is causal. */
  memoryIsCausal?: boolean;
}

/**
 * The encoder-decoder transformer of "Attention Is All You Need", like `torch.nn.Transformer`:
 * `encoder` (with a final norm) over the source, `decoder` (with a final norm) over the target
 * and the encoder's output. Every parameter with more than one dim is re-initialised
 * Xavier-uniform, as PyTorch does.
 *
 * Shape:
 * - Input: src `[S, N, E]` (`[N, S, E]` with batchFirst, `[S, E]` unbatched); tgt `[T, N, E]`
 *   (likewise); srcMask `[S, S]`, tgtMask `[T, T]`, memoryMask `[T, S]`; srcKeyPaddingMask and
 *   memoryKeyPaddingMask `[N, S]`, tgtKeyPaddingMask `[N, T]`.
 * - Output: `[T, N, E]` (as tgt).
 * @example
 * ```ts
 * import { ones } from '@chainrule/autograd';
 * import { nn } from '@chainrule/nn';
 * const model = new nn.Transformer({ dModel: 8, nhead: 2, numEncoderLayers: 2, numDecoderLayers: 1, dimFeedforward: 16, dropout: 0 });
 * const out = model.forward(ones([6, 2, 8]), ones([4, 2, 8]), { tgtMask: nn.Transformer.generateSquareSubsequentMask(4) });
 * out.shape; // [4, 2, 8]
 * model.namedChildren().map(([n]) => n); // ['encoder', 'decoder']
 * ```
 */
export class Transformer extends Module<[Tensor, Tensor, TransformerForwardOptions?], Tensor> {
  /** The encoder stack. */
  encoder: TransformerEncoder;
  /** The decoder stack. */
  decoder: TransformerDecoder;
  /** E. */
  readonly dModel: number;
  /** Attention heads. */
  readonly nhead: number;
  /** Whether inputs are batch first. */
  readonly batchFirst: boolean;

  /**
   * @param opts - `dModel` (512), `nhead` (8), `numEncoderLayers` (6), `numDecoderLayers` (6), the
   *   layer options (`dimFeedforward` 2048, `dropout` 0.1, `activation`, `layerNormEps`,
   *   `batchFirst`, `normFirst`, `bias`, `dtype`, `generator`), `customEncoder`, `customDecoder`.
   * @throws RangeError for bad sizes.
   */
  constructor(opts: TransformerOptions = {}) {
    super();
    this.dModel = opts.dModel ?? 512;
    this.nhead = opts.nhead ?? 8;
    this.batchFirst = opts.batchFirst ?? false;
    const eps = opts.layerNormEps ?? 1e-5;
    const dtype = opts.dtype ?? 'float32';
    const bias = opts.bias ?? true;
    this.encoder =
      opts.customEncoder ??
      new TransformerEncoder(new TransformerEncoderLayer(this.dModel, this.nhead, opts), opts.numEncoderLayers ?? 6, new LayerNorm(this.dModel, { eps, bias, dtype }));
    this.decoder =
      opts.customDecoder ??
      new TransformerDecoder(new TransformerDecoderLayer(this.dModel, this.nhead, opts), opts.numDecoderLayers ?? 6, new LayerNorm(this.dModel, { eps, bias, dtype }));
    const init = opts.generator === undefined ? {} : { generator: opts.generator };
    for (const p of this.parameters()) if (p.ndim > 1) xavierUniform_(p, init);
  }

  /**
   * Encodes `src`, then decodes `tgt` attending to the encoding.
   * @param src - `[S, N, E]` (or batch first, or unbatched).
   * @param tgt - `[T, N, E]` (likewise).
   * @param opts - the masks and causal hints.
   * @returns `[T, N, E]`.
   * @throws RangeError when src and tgt have different batch sizes or features other than dModel.
   */
  forward(src: Tensor, tgt: Tensor, opts: TransformerForwardOptions = {}): Tensor {
    const batched = src.ndim === 3;
    const batchDim = this.batchFirst ? 0 : 1;
    if (batched && src.shape[batchDim] !== tgt.shape[batchDim]) throw new RangeError('Transformer: the batch number of src and tgt must be equal');
    if (src.shape[src.ndim - 1] !== this.dModel || tgt.shape[tgt.ndim - 1] !== this.dModel) {
      throw new RangeError('Transformer: the feature number of src and tgt must be equal to d_model');
    }
    const memory = this.encoder.forward(src, {
      mask: opts.srcMask ?? null,
      srcKeyPaddingMask: opts.srcKeyPaddingMask ?? null,
      ...(opts.srcIsCausal === undefined ? {} : { isCausal: opts.srcIsCausal }),
    });
    return this.decoder.forward(tgt, memory, {
      tgtMask: opts.tgtMask ?? null,
      memoryMask: opts.memoryMask ?? null,
      tgtKeyPaddingMask: opts.tgtKeyPaddingMask ?? null,
      memoryKeyPaddingMask: opts.memoryKeyPaddingMask ?? null,
      ...(opts.tgtIsCausal === undefined ? {} : { tgtIsCausal: opts.tgtIsCausal }),
      memoryIsCausal: opts.memoryIsCausal ?? false,
    });
  }

  /**
   * The causal mask of a sequence of `size`: 0 on and below the diagonal, −∞ above, like
   * `nn.Transformer.generate_square_subsequent_mask`.
   * @param size - the sequence length.
   * @param opts - `dtype` (default float32).
   * @returns a float `[size, size]` mask.
   * @throws RangeError for a negative or fractional size.
   * @example nn.Transformer.generateSquareSubsequentMask(3); // tensor([[ 0., -inf, -inf], [ 0., 0., -inf], [ 0., 0., 0.]])
   */
  static generateSquareSubsequentMask(size: number, opts: { dtype?: DType } = {}): Tensor {
    return full([size, size], -Infinity, { dtype: opts.dtype ?? 'float32' }).triu(1);
  }
}
