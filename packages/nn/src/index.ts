/**
 * `@chainrule/nn`: modules, layers, losses, initializers (`nn`), optimizers and schedulers
 * (`optim`), and safetensors weights in and out. The functional API is `@chainrule/nn/functional`.
 *
 * @example
 * ```ts
 * import { randn, tensor } from '@chainrule/autograd';
 * import { nn, optim } from '@chainrule/nn';
 * import * as F from '@chainrule/nn/functional';
 * const model = new nn.Sequential(new nn.Linear(4, 16), new nn.ReLU(), new nn.Linear(16, 3));
 * const opt = new optim.Adam(model.parameters(), { lr: 1e-2 });
 * const x = randn([8, 4]);
 * const y = tensor([0, 1, 2, 0, 1, 2, 0, 1], { dtype: 'int32' });
 * let first = 0;
 * let last = 0;
 * for (let step = 0; step < 100; step++) {
 *   const loss = F.crossEntropy(model.forward(x), y);
 *   opt.zeroGrad();
 *   loss.backward();
 *   opt.step();
 *   if (step === 0) first = loss.item();
 *   last = loss.item();
 * }
 * last < first / 10; // true
 * ```
 * @module \@chainrule/nn
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
