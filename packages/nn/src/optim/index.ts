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
export { LRScheduler, StepLR, MultiStepLR, ExponentialLR, CosineAnnealingLR, LinearLR, OneCycleLR } from './scheduler.js';
export type {
  SchedulableOptimizer,
  SchedulerStateDict,
  SchedulerOptions,
  StepLROptions,
  MultiStepLROptions,
  ExponentialLROptions,
  CosineAnnealingLROptions,
  LinearLROptions,
  OneCycleLROptions,
} from './scheduler.js';
export { clipGradNorm_, clipGradValue_ } from './clip.js';
export type { ClipGradNormOptions } from './clip.js';
