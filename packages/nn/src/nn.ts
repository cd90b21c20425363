/**
 * The `nn` namespace: modules, layers, activation and loss modules, and `init`, as `torch.nn`.
 * @module
 */
export { Module, StateDictError } from './module.js';
export type { AnyModule, StateDict, LoadStateDictOptions, IncompatibleKeys } from './module.js';
export { Parameter } from './parameter.js';
export { Linear } from './layers/linear.js';
export type { LayerOptions } from './layers/linear.js';
export { Flatten, Unflatten, Identity, Dropout } from './layers/basic.js';
export { LayerNorm, BatchNormBase, BatchNorm1d, BatchNorm2d } from './layers/normalization.js';
export type { BatchNormModuleOptions } from './layers/normalization.js';
export { Conv2d, MaxPool2d, AvgPool2d } from './layers/conv.js';
export { Embedding } from './layers/sparse.js';
export { Sequential, ModuleList } from './layers/container.js';
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
export * as init from './init.js';
