/**
 * The `nn` namespace: modules, layers, activation and loss modules, and `init`, as `torch.nn`.
 * @module
 */
export { Module, StateDictError } from './module.js';
export type { AnyModule, StateDict, LoadStateDictOptions, IncompatibleKeys } from './module.js';
export { Parameter } from './parameter.js';
export { Linear, Bilinear } from './layers/linear.js';
export type { LayerOptions } from './layers/linear.js';
export { Flatten, Unflatten, Identity, Dropout } from './layers/basic.js';
export { DropoutBase, Dropout1d, Dropout2d, Dropout3d, AlphaDropout, FeatureAlphaDropout } from './layers/dropout.js';
export { Upsample, UpsamplingNearest2d, UpsamplingBilinear2d, PixelShuffle, PixelUnshuffle } from './layers/vision.js';
export type { UpsampleOptions } from './layers/vision.js';
export { LayerNorm, BatchNormBase, BatchNorm1d, BatchNorm2d } from './layers/normalization.js';
export type { BatchNormModuleOptions } from './layers/normalization.js';
export { GroupNorm, InstanceNormBase, InstanceNorm1d, InstanceNorm2d, InstanceNorm3d, LocalResponseNorm } from './layers/instance-norm.js';
export type { InstanceNormOptions } from './layers/instance-norm.js';
export { ConvNd, Conv1d, Conv2d, Conv3d, ConvTranspose1d, ConvTranspose2d, ConvTranspose3d } from './layers/conv.js';
export type { PaddingMode, ConvLayerOptions, ConvTransposeLayerOptions } from './layers/conv.js';
export { MaxPoolNd, MaxPool1d, MaxPool2d, MaxPool3d, AvgPoolNd, AvgPool1d, AvgPool2d, AvgPool3d, MaxUnpool2d, AdaptiveAvgPool1d, AdaptiveAvgPool2d, AdaptiveMaxPool2d, LPPool2d } from './layers/pooling.js';
export { Embedding } from './layers/sparse.js';
export { RNNBase, RNN, LSTM, GRU, RNNCellBase, RNNCell, LSTMCell, GRUCell } from './layers/rnn.js';
export type { RNNBaseOptions, RNNOptions, LSTMOptions } from './layers/rnn.js';
export { Sequential, ModuleList, ParameterList } from './layers/container.js';
export { ModuleDict, ParameterDict } from './layers/dict.js';
export { MultiheadAttention } from './layers/attention.js';
export type { MultiheadAttentionOptions, MultiheadAttentionForwardOptions } from './layers/attention.js';
export { TransformerEncoderLayer, TransformerDecoderLayer, TransformerEncoder, TransformerDecoder, Transformer } from './layers/transformer.js';
export type {
  TransformerActivation,
  TransformerLayerOptions,
  TransformerEncoderForwardOptions,
  TransformerDecoderForwardOptions,
  TransformerOptions,
  TransformerForwardOptions,
} from './layers/transformer.js';
export type { TensorModule } from './layers/container.js';
export { ReLU, LeakyReLU, Sigmoid, Tanh, GELU, SiLU, ELU, Softplus, Softmax, LogSoftmax } from './layers/activation.js';
export {
  CELU, SELU, Softsign, Hardsigmoid, Hardswish, Hardtanh, ReLU6, Mish, LogSigmoid, Tanhshrink, Softshrink, Hardshrink, Threshold, RReLU, PReLU, Softmin, GLU,
} from './layers/activation-extra.js';
export { CosineSimilarity, PairwiseDistance } from './layers/distance.js';
export { Loss, CrossEntropyLoss, NLLLoss, BCELoss, BCEWithLogitsLoss, MSELoss, L1Loss, HuberLoss, SmoothL1Loss } from './layers/loss.js';
export { KLDivLoss, PoissonNLLLoss, GaussianNLLLoss, CTCLoss } from './layers/loss-distribution.js';
export { CosineEmbeddingLoss, MarginRankingLoss, TripletMarginLoss, HingeEmbeddingLoss, MultiLabelSoftMarginLoss, MultiMarginLoss, SoftMarginLoss } from './layers/loss-margin.js';
export * as init from './init.js';
export * as utils from './utils/index.js';
