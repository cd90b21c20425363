/**
 * `@chainrule/nn/functional`: stateless layers, activations and losses, as
 * `torch.nn.functional` (usually `import * as F from '@chainrule/nn/functional'`).
 * @module functional
 */
export { linear } from './linear.js';
export { layerNorm, batchNorm } from './normalization.js';
export type { BatchNormOptions } from './normalization.js';
export { conv2d, unfold, maxPool2d, avgPool2d } from './conv.js';
export type { Size2, Conv2dOptions, Pool2dOptions } from './conv.js';
export { embedding, oneHot } from './sparse.js';
export type { EmbeddingOptions } from './sparse.js';
export {
  relu, relu6, leakyRelu, elu, gelu, silu, mish, softplus, sigmoid, logsigmoid, tanh, hardtanh, softmax, logSoftmax,
  celu, selu, softsign, hardsigmoid, hardswish, tanhshrink, softshrink, hardshrink, threshold, rrelu, prelu, softmin, glu,
} from './activation.js';
export type { RReLUOptions } from './activation.js';
export { normalize, cosineSimilarity, pairwiseDistance } from './distance.js';
export { dropout } from './dropout.js';
export { scaledDotProductAttention } from './attention.js';
export type { AttentionOptions } from './attention.js';
export type { DropoutOptions } from './dropout.js';
export {
  crossEntropy,
  nllLoss,
  binaryCrossEntropy,
  binaryCrossEntropyWithLogits,
  mseLoss,
  l1Loss,
  huberLoss,
  smoothL1Loss,
} from './loss.js';
export type { Reduction, NLLLossOptions, CrossEntropyOptions, BCEOptions, BCEWithLogitsOptions, RegressionLossOptions } from './loss.js';
