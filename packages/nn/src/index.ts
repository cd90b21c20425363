/**
 * `@chainrule/nn`: modules, layers, losses, initializers (`nn`), optimizers and schedulers
 * (`optim`), and safetensors weights in and out. The functional API is `@chainrule/nn/functional`.
 *
 * @module
 * @mergeModuleWith <project>
 */
export * as nn from './nn.js';
export * as optim from './optim/index.js';
export { Module, StateDictError } from './module.js';
export type { StateDict, LoadStateDictOptions, IncompatibleKeys } from './module.js';
export { Parameter } from './parameter.js';
export { loadSafetensors, saveSafetensors } from './safetensors/tensors.js';
export type { LoadedSafetensors, SaveSafetensorsOptions } from './safetensors/tensors.js';
export { decodeSafetensors, encodeSafetensors } from './safetensors/codec.js';
export type { SafetensorsEntry, DecodedSafetensors } from './safetensors/codec.js';
export { SafetensorsError } from './safetensors/format.js';
export type { SafetensorsDType } from './safetensors/format.js';
