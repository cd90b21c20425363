/**
 * `@chainrule/nn/functional`: stateless layers, activations and losses, as
 * `torch.nn.functional` (usually `import * as F from '@chainrule/nn/functional'`).
 * @module functional
 */
export { linear, bilinear } from './linear.js';
export { layerNorm, batchNorm, groupNorm, instanceNorm, localResponseNorm } from './normalization.js';
export type { BatchNormOptions, InstanceNormOptions } from './normalization.js';
export { conv1d, conv2d, conv3d, convTranspose1d, convTranspose2d, convTranspose3d, unfold, fold } from './conv.js';
export type { Size1, Size2, Size3, ConvOptions, Conv2dOptions, ConvTransposeOptions, UnfoldOptions } from './conv.js';
export {
  maxPool1d,
  maxPool2d,
  maxPool3d,
  avgPool1d,
  avgPool2d,
  avgPool3d,
  maxUnpool1d,
  maxUnpool2d,
  maxUnpool3d,
  adaptiveAvgPool1d,
  adaptiveAvgPool2d,
  adaptiveAvgPool3d,
  adaptiveMaxPool1d,
  adaptiveMaxPool2d,
  adaptiveMaxPool3d,
  lpPool1d,
  lpPool2d,
} from './pooling.js';
export type { MaxPoolOptions, MaxPoolResult, Pool2dOptions, AvgPoolOptions, MaxUnpoolOptions, LpPoolOptions } from './pooling.js';
export { pad } from './padding.js';
export type { PadMode } from './padding.js';
export { embedding, embeddingBag, oneHot } from './sparse.js';
export type { EmbeddingOptions, EmbeddingBagOptions } from './sparse.js';
export { interpolate } from './upsampling.js';
export type { InterpolateMode, InterpolateOptions } from './upsampling.js';
export { pixelShuffle, pixelUnshuffle, affineGrid, gridSample } from './vision.js';
export type { GridSampleOptions } from './vision.js';
export {
  relu, relu6, leakyRelu, elu, gelu, silu, mish, softplus, sigmoid, logsigmoid, tanh, hardtanh, softmax, logSoftmax,
  celu, selu, softsign, hardsigmoid, hardswish, tanhshrink, softshrink, hardshrink, threshold, rrelu, prelu, softmin, glu,
} from './activation.js';
export type { RReLUOptions } from './activation.js';
export { normalize, cosineSimilarity, pairwiseDistance } from './distance.js';
export { dropout, dropout1d, dropout2d, dropout3d, alphaDropout, featureAlphaDropout } from './dropout.js';
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
export { klDiv, poissonNllLoss, gaussianNllLoss } from './loss-distribution.js';
export type { KLDivOptions, PoissonNLLLossOptions, GaussianNLLLossOptions } from './loss-distribution.js';
export { cosineEmbeddingLoss, marginRankingLoss, tripletMarginLoss, hingeEmbeddingLoss, multilabelSoftMarginLoss, multiMarginLoss, softMarginLoss } from './loss-margin.js';
export type { MarginLossOptions, TripletMarginLossOptions, MultilabelSoftMarginLossOptions, MultiMarginLossOptions } from './loss-margin.js';
export { ctcLoss } from './ctc.js';
export type { CTCLossOptions } from './ctc.js';
