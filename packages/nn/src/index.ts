/**
 * `@chainrule/nn`: modules, layers, losses, initializers (`nn`), optimizers and schedulers
 * (`optim`), and safetensors weights in and out. The functional API is `@chainrule/nn/functional`.
 *
 * @example
 * ```ts
 * import { nn, optim } from '@chainrule/nn';
 * import * as F from '@chainrule/nn/functional';
 * const model = new nn.Sequential(new nn.Linear(784, 128), new nn.ReLU(), new nn.Linear(128, 10));
 * const opt = new optim.Adam(model.parameters(), { lr: 1e-3 });
 * const loss = F.crossEntropy(model.forward(x), y);
 * opt.zeroGrad(); loss.backward(); opt.step();
 * ```
 * @packageDocumentation
 */
export * as nn from './nn.js';
export * as optim from './optim/index.js';
export { Module, StateDictError } from './module.js';
export type { StateDict, LoadStateDictOptions, IncompatibleKeys } from './module.js';
export { Parameter } from './parameter.js';
export { loadSafetensors, saveSafetensors } from './safetensors/tensors.js';
export type { LoadedSafetensors, SaveSafetensorsOptions } from './safetensors/tensors.js';
export { decodeSafetensors, encodeSafetensors, SafetensorsError } from './safetensors/codec.js';
export type { SafetensorsDType, SafetensorsEntry, DecodedSafetensors } from './safetensors/codec.js';
