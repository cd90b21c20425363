/**
 * The `optim` namespace: optimizers, learning-rate schedulers and gradient clipping, as `torch.optim`.
 * @module
 */
export { Optimizer } from './optimizer.js';
export type { BaseOptions, SchedulerKeys, ParamGroup, ParamGroupInput, OptimizerStateDict, StateValue, TorchOptimizerStateDict } from './optimizer.js';
export { SGD } from './sgd.js';
export type { SGDOptions, SGDState } from './sgd.js';
export { Adam, AdamW } from './adam.js';
export type { AdamOptions, AdamState } from './adam.js';
export { RMSprop } from './rmsprop.js';
export type { RMSpropOptions, RMSpropState } from './rmsprop.js';
export { Adagrad, Adadelta } from './adagrad.js';
export type { AdagradOptions, AdagradState, AdadeltaOptions, AdadeltaState } from './adagrad.js';
export { Adamax, NAdam, RAdam } from './adam-variants.js';
export type { AdamaxOptions, AdamaxState, NAdamOptions, NAdamState, RAdamOptions, RAdamState } from './adam-variants.js';
export { ASGD, Rprop } from './asgd.js';
export type { ASGDOptions, ASGDState, RpropOptions, RpropState } from './asgd.js';
export { LBFGS } from './lbfgs.js';
export type { LBFGSOptions, LBFGSState } from './lbfgs.js';
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
export { LambdaLR, MultiplicativeLR, ConstantLR, PolynomialLR } from './sched-factor.js';
export type { LambdaLROptions, ConstantLROptions, PolynomialLROptions } from './sched-factor.js';
export { CyclicLR, CosineAnnealingWarmRestarts } from './sched-cyclic.js';
export type { CyclicLROptions, CosineAnnealingWarmRestartsOptions } from './sched-cyclic.js';
export { SequentialLR, ChainedScheduler } from './sched-compose.js';
export type { SequentialLROptions } from './sched-compose.js';
export { ReduceLROnPlateau } from './plateau.js';
export type { ReduceLROnPlateauOptions, ReduceLROnPlateauStateDict } from './plateau.js';
export { clipGradNorm_, clipGradValue_ } from './clip.js';
export type { ClipGradNormOptions } from './clip.js';
