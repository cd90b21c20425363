/**
 * The `optim` namespace: optimizers, learning-rate schedulers and gradient clipping, as `torch.optim`.
 * @module
 */
export { Optimizer } from './optimizer.js';
export type { BaseOptions, SchedulerKeys, ParamGroup, ParamGroupInput, OptimizerStateDict } from './optimizer.js';
export { SGD } from './sgd.js';
export type { SGDOptions, SGDState } from './sgd.js';
export { Adam, AdamW } from './adam.js';
export type { AdamOptions, AdamState } from './adam.js';
export { RMSprop } from './rmsprop.js';
export type { RMSpropOptions, RMSpropState } from './rmsprop.js';
