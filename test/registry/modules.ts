/**
 * nn modules in the registry: each is built here and in PyTorch, its parameters set from seeds by
 * their state-dict names, and compared forward (outputs), backward (input and parameter gradients),
 * buffers after the forward (BatchNorm's running statistics) and state-dict names and shapes.
 * Adding a layer: one entry here (its PyTorch constructor as a Python expression), then `pnpm golden`.
 */
import type { Tensor } from '@chainrule/autograd';
import { nn } from '@chainrule/nn';
import { layerModules } from './nn-modules.js';
import { recurrentModules } from './recurrent.js';
import type { Input, Out } from './types.js';
import { bool, f, fc0, int } from './types.js';

/** Any module: the registry calls `forward` itself. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyModule = nn.Module<any, any>;

export interface ModuleEntry {
  /** The module (float32 as constructed; the test converts it to float64). */
  make: () => AnyModule;
  /** The same module in PyTorch (a Python expression; `nn` is torch.nn). */
  torch: string;
  inputs: readonly Input[];
  /** How to call it (default `m.forward(...inputs)`), and the same in Python (default `m(a, b, ...)`). */
  forward?: (m: AnyModule, ...xs: Tensor[]) => Out;
  torchForward?: string;
  /** train (default) or eval mode. */
  mode?: 'train' | 'eval';
  /** Range of the seeded parameter values (default [-0.5, 0.5)). */
  paramRange?: readonly [number, number];
  /** Relative tolerance (default 1e-10). */
  tol?: number;
}

/** Bool [2, 4] key padding mask (true: hidden), no row fully hidden. */
const PAD = [false, false, true, false, false, true, true, false];
/** A causal mask for the TypeScript side, in float64 as PyTorch's default dtype in the generator. */
const causal = (n: number): Tensor => nn.Transformer.generateSquareSubsequentMask(n, { dtype: 'float64' });

/** MultiheadAttention's output and weights (asked for, so never null). */
const weightsToo = ([out, weights]: [Tensor, Tensor | null]): Out => [out, weights!];

/** Attention and transformer layers (dropout 0 so training mode is deterministic). */
const attentionModules: Record<string, ModuleEntry> = {
  multiheadAttention: {
    make: () => new nn.MultiheadAttention(6, 2),
    torch: 'nn.MultiheadAttention(6, 2)',
    inputs: [f([4, 2, 6])],
    forward: (m, x) => weightsToo((m as nn.MultiheadAttention).forward(x!, x!, x!)),
    torchForward: 'm(a, a, a)',
  },
  multiheadAttentionKdimVdim: {
    make: () => new nn.MultiheadAttention(6, 3, { batchFirst: true, kdim: 4, vdim: 5 }),
    torch: 'nn.MultiheadAttention(6, 3, batch_first=True, kdim=4, vdim=5)',
    inputs: [f([2, 3, 6]), f([2, 4, 4]), f([2, 4, 5]), bool([2, 4], PAD), f([3, 4])],
    forward: (m, q, k, v, pad, mask) => weightsToo((m as nn.MultiheadAttention).forward(q!, k!, v!, { keyPaddingMask: pad!, attnMask: mask!, averageAttnWeights: false })),
    torchForward: 'm(a, b, c, key_padding_mask=d, attn_mask=e, average_attn_weights=False)',
  },
  multiheadAttentionNoWeights: {
    make: () => new nn.MultiheadAttention(4, 2, { bias: false, addBiasKv: true, addZeroAttn: true }),
    torch: 'nn.MultiheadAttention(4, 2, bias=False, add_bias_kv=True, add_zero_attn=True)',
    inputs: [f([3, 2, 4]), f([5, 2, 4]), f([5, 2, 4]), bool([4, 3, 5])],
    forward: (m, q, k, v, mask) => (m as nn.MultiheadAttention).forward(q!, k!, v!, { attnMask: mask!, needWeights: false })[0],
    torchForward: 'm(a, b, c, attn_mask=d, need_weights=False)[0]',
  },
  multiheadAttentionUnbatched: {
    make: () => new nn.MultiheadAttention(4, 2),
    torch: 'nn.MultiheadAttention(4, 2)',
    inputs: [f([3, 4]), f([5, 4]), bool([5], [false, true, false, false, true])],
    forward: (m, q, kv, pad) => weightsToo((m as nn.MultiheadAttention).forward(q!, kv!, kv!, { keyPaddingMask: pad! })),
    torchForward: 'm(a, b, b, key_padding_mask=c)',
  },
  transformerEncoderLayer: {
    make: () => new nn.TransformerEncoderLayer(6, 2, { dimFeedforward: 8, dropout: 0 }),
    torch: 'nn.TransformerEncoderLayer(6, 2, dim_feedforward=8, dropout=0.0)',
    inputs: [f([4, 2, 6])],
    forward: (m, x) => (m as nn.TransformerEncoderLayer).forward(x!, { mask: causal(4) }),
    torchForward: 'm(a, src_mask=nn.Transformer.generate_square_subsequent_mask(4))',
  },
  transformerEncoderLayerNormFirstGelu: {
    make: () => new nn.TransformerEncoderLayer(6, 3, { dimFeedforward: 10, dropout: 0, activation: 'gelu', batchFirst: true, normFirst: true }),
    torch: "nn.TransformerEncoderLayer(6, 3, dim_feedforward=10, dropout=0.0, activation='gelu', batch_first=True, norm_first=True)",
    inputs: [f([2, 4, 6]), bool([2, 4], PAD)],
    forward: (m, x, pad) => (m as nn.TransformerEncoderLayer).forward(x!, { srcKeyPaddingMask: pad! }),
    torchForward: 'm(a, src_key_padding_mask=b)',
  },
  transformerDecoderLayer: {
    make: () => new nn.TransformerDecoderLayer(6, 2, { dimFeedforward: 8, dropout: 0 }),
    torch: 'nn.TransformerDecoderLayer(6, 2, dim_feedforward=8, dropout=0.0)',
    inputs: [f([3, 2, 6]), f([5, 2, 6])],
    forward: (m, t, mem) => (m as nn.TransformerDecoderLayer).forward(t!, mem!, { tgtMask: causal(3) }),
    torchForward: 'm(a, b, tgt_mask=nn.Transformer.generate_square_subsequent_mask(3))',
  },
  transformerDecoderLayerNormFirstGelu: {
    make: () => new nn.TransformerDecoderLayer(6, 2, { dimFeedforward: 8, dropout: 0, activation: 'gelu', batchFirst: true, normFirst: true }),
    torch: "nn.TransformerDecoderLayer(6, 2, dim_feedforward=8, dropout=0.0, activation='gelu', batch_first=True, norm_first=True)",
    inputs: [f([2, 3, 6]), f([2, 4, 6]), bool([2, 4], PAD)],
    forward: (m, t, mem, pad) => (m as nn.TransformerDecoderLayer).forward(t!, mem!, { tgtMask: causal(3), memoryKeyPaddingMask: pad! }),
    torchForward: 'm(a, b, tgt_mask=nn.Transformer.generate_square_subsequent_mask(3), memory_key_padding_mask=c)',
  },
  transformerEncoder: {
    make: () => new nn.TransformerEncoder(new nn.TransformerEncoderLayer(6, 2, { dimFeedforward: 8, dropout: 0 }), 2, new nn.LayerNorm(6)),
    torch: 'nn.TransformerEncoder(nn.TransformerEncoderLayer(6, 2, dim_feedforward=8, dropout=0.0), 2, nn.LayerNorm(6))',
    inputs: [f([4, 2, 6]), bool([2, 4], PAD)],
    forward: (m, x, pad) => (m as nn.TransformerEncoder).forward(x!, { mask: causal(4), srcKeyPaddingMask: pad! }),
    torchForward: 'm(a, mask=nn.Transformer.generate_square_subsequent_mask(4), src_key_padding_mask=b)',
  },
  transformerDecoder: {
    make: () => new nn.TransformerDecoder(new nn.TransformerDecoderLayer(6, 2, { dimFeedforward: 8, dropout: 0 }), 2),
    torch: 'nn.TransformerDecoder(nn.TransformerDecoderLayer(6, 2, dim_feedforward=8, dropout=0.0), 2)',
    inputs: [f([3, 2, 6]), f([5, 2, 6])],
    forward: (m, t, mem) => (m as nn.TransformerDecoder).forward(t!, mem!, { tgtMask: causal(3) }),
    torchForward: 'm(a, b, tgt_mask=nn.Transformer.generate_square_subsequent_mask(3))',
  },
  transformer: {
    make: () => new nn.Transformer({ dModel: 6, nhead: 2, numEncoderLayers: 1, numDecoderLayers: 2, dimFeedforward: 8, dropout: 0, batchFirst: true }),
    torch: 'nn.Transformer(d_model=6, nhead=2, num_encoder_layers=1, num_decoder_layers=2, dim_feedforward=8, dropout=0.0, batch_first=True)',
    inputs: [f([2, 5, 6]), f([2, 3, 6])],
    forward: (m, src, tgt) => (m as nn.Transformer).forward(src!, tgt!, { tgtMask: causal(3) }),
    torchForward: 'm(a, b, tgt_mask=nn.Transformer.generate_square_subsequent_mask(3))',
  },
};

export const modules: Record<string, ModuleEntry> = {
  linear: { make: () => new nn.Linear(3, 4), torch: 'nn.Linear(3, 4)', inputs: [f([2, 3])] },
  linearNoBias: { make: () => new nn.Linear(3, 2, { bias: false }), torch: 'nn.Linear(3, 2, bias=False)', inputs: [f([2, 5, 3])] },
  conv2d: {
    make: () => new nn.Conv2d(2, 4, 3, { stride: 2, padding: 1, groups: 2 }),
    torch: 'nn.Conv2d(2, 4, 3, stride=2, padding=1, groups=2)',
    inputs: [f([2, 2, 5, 6])],
  },
  maxPool2d: { make: () => new nn.MaxPool2d(2), torch: 'nn.MaxPool2d(2)', inputs: [{ shape: [1, 2, 4, 4], distinct: true }] },
  avgPool2d: { make: () => new nn.AvgPool2d(3, { stride: 2, padding: 1 }), torch: 'nn.AvgPool2d(3, stride=2, padding=1)', inputs: [f([1, 2, 5, 5])] },
  layerNorm: { make: () => new nn.LayerNorm([3, 4]), torch: 'nn.LayerNorm([3, 4])', inputs: [f([2, 3, 4])] },
  batchNorm1dTrain: { make: () => new nn.BatchNorm1d(3), torch: 'nn.BatchNorm1d(3)', inputs: [f([4, 3])], paramRange: [0.5, 1.5] },
  batchNorm2dTrain: { make: () => new nn.BatchNorm2d(2, { momentum: 0.3 }), torch: 'nn.BatchNorm2d(2, momentum=0.3)', inputs: [f([2, 2, 3, 3])] },
  batchNorm2dEval: { make: () => new nn.BatchNorm2d(2), torch: 'nn.BatchNorm2d(2)', inputs: [f([2, 2, 3, 3])], mode: 'eval' },
  embedding: { make: () => new nn.Embedding(5, 3, { paddingIdx: 1 }), torch: 'nn.Embedding(5, 3, padding_idx=1)', inputs: [int([2, 4], { min: 0, max: 5 })] },
  sequential: {
    make: () => new nn.Sequential(new nn.Linear(4, 5), new nn.GELU(), new nn.Dropout(0.5), new nn.Linear(5, 2), new nn.LogSoftmax(1)),
    torch: 'nn.Sequential(nn.Linear(4, 5), nn.GELU(), nn.Dropout(0.5), nn.Linear(5, 2), nn.LogSoftmax(1))',
    inputs: [f([3, 4])],
    mode: 'eval',
  },
  cnn: {
    make: () => new nn.Sequential(new nn.Unflatten(1, [1, 6, 6]), new nn.Conv2d(1, 3, 3), new nn.BatchNorm2d(3), new nn.ReLU(), new nn.MaxPool2d(2), new nn.Flatten(), new nn.Linear(12, 3)),
    torch: 'nn.Sequential(nn.Unflatten(1, (1, 6, 6)), nn.Conv2d(1, 3, 3), nn.BatchNorm2d(3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(12, 3))',
    inputs: [f([2, 36])],
  },
  activations: {
    make: () => new nn.Sequential(new nn.LeakyReLU(0.2), new nn.Tanh(), new nn.ELU(0.5), new nn.Softplus(2), new nn.SiLU(), new nn.Sigmoid(), new nn.Softmax(-1), new nn.Identity()),
    torch: 'nn.Sequential(nn.LeakyReLU(0.2), nn.Tanh(), nn.ELU(0.5), nn.Softplus(2), nn.SiLU(), nn.Sigmoid(), nn.Softmax(-1), nn.Identity())',
    inputs: [f([2, 3, 4])],
  },
  crossEntropyLoss: {
    make: () => new nn.CrossEntropyLoss({ labelSmoothing: 0.1 }),
    torch: 'nn.CrossEntropyLoss(label_smoothing=0.1)',
    inputs: [f([4, 3]), int([4], { min: 0, max: 3 })],
  },
  bceWithLogitsLoss: {
    make: () => new nn.BCEWithLogitsLoss({ reduction: 'sum' }),
    torch: "nn.BCEWithLogitsLoss(reduction='sum')",
    inputs: [f([4, 2]), bool([4, 2])],
    forward: (m, x, t) => (m as nn.BCEWithLogitsLoss).forward(x!, t!.double()),
    torchForward: 'm(a, b.double())',
  },
  mseLoss: { make: () => new nn.MSELoss(), torch: 'nn.MSELoss()', inputs: [f([3, 2]), fc0([3, 2])] },
  ...layerModules,
  // issue 14's activation modules (RReLU in eval mode: its training slopes come from each library's own generator)
  activationsMore: {
    make: () =>
      new nn.Sequential(
        new nn.CELU(0.5), new nn.SELU(), new nn.Softsign(), new nn.Hardtanh(-0.8, 0.9), new nn.ReLU6(), new nn.Hardswish(), new nn.Hardsigmoid(),
        new nn.Mish(), new nn.LogSigmoid(), new nn.Tanhshrink(), new nn.Softshrink(0.01), new nn.Hardshrink(0.01), new nn.Threshold(-0.5, 2), new nn.RReLU(0.1, 0.3),
      ),
    torch:
      'nn.Sequential(nn.CELU(0.5), nn.SELU(), nn.Softsign(), nn.Hardtanh(-0.8, 0.9), nn.ReLU6(), nn.Hardswish(), nn.Hardsigmoid(), nn.Mish(), nn.LogSigmoid(), nn.Tanhshrink(), nn.Softshrink(0.01), nn.Hardshrink(0.01), nn.Threshold(-0.5, 2), nn.RReLU(0.1, 0.3))',
    inputs: [f([2, 3, 4], -4, 4)],
    mode: 'eval',
    // PyTorch's CELU and Hardsigmoid gradients use float32 constants even in float64
    tol: 1e-7,
  },
  prelu: { make: () => new nn.PReLU(3, 0.1), torch: 'nn.PReLU(3, 0.1)', inputs: [f([2, 3, 4])] },
  preluShared: { make: () => new nn.PReLU(), torch: 'nn.PReLU()', inputs: [f([4, 2])] },
  softminGlu: { make: () => new nn.Sequential(new nn.GLU(1), new nn.Softmin(1)), torch: 'nn.Sequential(nn.GLU(1), nn.Softmin(1))', inputs: [f([2, 4, 3])] },
  cosineSimilarity: { make: () => new nn.CosineSimilarity(2), torch: 'nn.CosineSimilarity(2)', inputs: [f([2, 3, 4]), f([2, 3, 4])] },
  // (p = 3 is in the functional registry: ONNX export takes p = 1 and 2)
  pairwiseDistance: { make: () => new nn.PairwiseDistance(1, 1e-3, true), torch: 'nn.PairwiseDistance(1, 1e-3, True)', inputs: [f([3, 4]), f([3, 4])] },
  ...recurrentModules,
  ...attentionModules,
};
