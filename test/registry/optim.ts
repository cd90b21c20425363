/**
 * Optimizers and learning-rate schedulers in the registry. An optimizer runs five steps on a fixed
 * float64 MLP (Linear(6, 8)-Tanh-Linear(8, 8)-ReLU-Linear(8, 3), seeded weights, cross-entropy on a
 * seeded batch of 10) here and in PyTorch: the losses, first gradients and final weights must
 * agree; PyTorch's state dict after half the steps, loaded with the weights of that moment, must
 * lead to the same final weights, and the state dict's keys must be PyTorch's. A scheduler steps
 * an optimizer without gradients: the learning rate (and momentum) of every group after each step
 * must agree. Adding one: an entry here, then `pnpm golden`.
 */
import type { Tensor } from '@chainrule/autograd';
import { optim } from '@chainrule/nn';

/** An optimizer of any kind (the registry only calls zeroGrad and step). */
export interface AnyOptimizer {
  zeroGrad(): void;
  step(closure?: () => Tensor): unknown;
}

export interface OptimEntry {
  make: (params: Tensor[]) => AnyOptimizer;
  /** The same in PyTorch, over `params`. */
  torch: string;
  /** Steps taken (default 5). */
  steps?: number;
  /** Steps take a closure that re-evaluates the loss (LBFGS). */
  closure?: boolean;
  tol?: number;
}

export const optimizers: Record<string, OptimEntry> = {
  sgd: { make: (p) => new optim.SGD(p, { lr: 0.1 }), torch: 'torch.optim.SGD(params, lr=0.1)' },
  sgdMomentumWd: { make: (p) => new optim.SGD(p, { lr: 0.05, momentum: 0.9, weightDecay: 1e-2, dampening: 0.1 }), torch: 'torch.optim.SGD(params, lr=0.05, momentum=0.9, weight_decay=1e-2, dampening=0.1)' },
  sgdNesterov: { make: (p) => new optim.SGD(p, { lr: 0.05, momentum: 0.9, nesterov: true }), torch: 'torch.optim.SGD(params, lr=0.05, momentum=0.9, nesterov=True)' },
  sgdMaximize: { make: (p) => new optim.SGD(p, { lr: 0.05, momentum: 0.5, maximize: true }), torch: 'torch.optim.SGD(params, lr=0.05, momentum=0.5, maximize=True)' },
  adam: { make: (p) => new optim.Adam(p, { lr: 0.01 }), torch: 'torch.optim.Adam(params, lr=0.01)' },
  adamWd: { make: (p) => new optim.Adam(p, { lr: 0.01, betas: [0.8, 0.95], eps: 1e-6, weightDecay: 1e-2 }), torch: 'torch.optim.Adam(params, lr=0.01, betas=(0.8, 0.95), eps=1e-6, weight_decay=1e-2)' },
  adamAmsgrad: { make: (p) => new optim.Adam(p, { lr: 0.02, amsgrad: true }), torch: 'torch.optim.Adam(params, lr=0.02, amsgrad=True)' },
  adamw: { make: (p) => new optim.AdamW(p, { lr: 0.01, weightDecay: 0.1 }), torch: 'torch.optim.AdamW(params, lr=0.01, weight_decay=0.1)' },
  rmsprop: { make: (p) => new optim.RMSprop(p, { lr: 0.01 }), torch: 'torch.optim.RMSprop(params, lr=0.01)' },
  rmspropCentered: {
    make: (p) => new optim.RMSprop(p, { lr: 0.01, alpha: 0.9, momentum: 0.5, centered: true, weightDecay: 0.01 }),
    torch: 'torch.optim.RMSprop(params, lr=0.01, alpha=0.9, momentum=0.5, centered=True, weight_decay=0.01)',
  },
  adagrad: { make: (p) => new optim.Adagrad(p, { lr: 0.1 }), torch: 'torch.optim.Adagrad(params, lr=0.1)' },
  adagradDecay: {
    make: (p) => new optim.Adagrad(p, { lr: 0.1, lrDecay: 0.05, weightDecay: 0.01, initialAccumulatorValue: 0.1, eps: 1e-8, maximize: true }),
    torch: 'torch.optim.Adagrad(params, lr=0.1, lr_decay=0.05, weight_decay=0.01, initial_accumulator_value=0.1, eps=1e-8, maximize=True)',
  },
  adadelta: { make: (p) => new optim.Adadelta(p), torch: 'torch.optim.Adadelta(params)' },
  adadeltaWd: { make: (p) => new optim.Adadelta(p, { lr: 0.5, rho: 0.8, eps: 1e-5, weightDecay: 0.01, maximize: true }), torch: 'torch.optim.Adadelta(params, lr=0.5, rho=0.8, eps=1e-5, weight_decay=0.01, maximize=True)' },
  adamax: { make: (p) => new optim.Adamax(p, { lr: 0.01 }), torch: 'torch.optim.Adamax(params, lr=0.01)' },
  adamaxWd: { make: (p) => new optim.Adamax(p, { lr: 0.02, betas: [0.8, 0.9], eps: 1e-3, weightDecay: 0.05, maximize: true }), torch: 'torch.optim.Adamax(params, lr=0.02, betas=(0.8, 0.9), eps=1e-3, weight_decay=0.05, maximize=True)' },
  nadam: { make: (p) => new optim.NAdam(p, { lr: 0.01 }), torch: 'torch.optim.NAdam(params, lr=0.01)' },
  nadamWd: { make: (p) => new optim.NAdam(p, { lr: 0.02, betas: [0.8, 0.95], weightDecay: 0.05, momentumDecay: 0.01 }), torch: 'torch.optim.NAdam(params, lr=0.02, betas=(0.8, 0.95), weight_decay=0.05, momentum_decay=0.01)' },
  // betas[1] = 0.9: ρₜ passes 5 at step 6, so both of RAdam's branches run
  radam: { make: (p) => new optim.RAdam(p, { lr: 0.01, betas: [0.9, 0.9], weightDecay: 0.01 }), torch: 'torch.optim.RAdam(params, lr=0.01, betas=(0.9, 0.9), weight_decay=0.01)', steps: 8 },
  radamDefault: { make: (p) => new optim.RAdam(p, { lr: 0.01 }), torch: 'torch.optim.RAdam(params, lr=0.01)' },
  asgd: { make: (p) => new optim.ASGD(p, { lr: 0.05 }), torch: 'torch.optim.ASGD(params, lr=0.05)' },
  // t0 = 2: averaging starts at step 3
  asgdAveraging: { make: (p) => new optim.ASGD(p, { lr: 0.05, lambd: 0.01, alpha: 0.5, t0: 2, weightDecay: 0.01, maximize: true }), torch: 'torch.optim.ASGD(params, lr=0.05, lambd=0.01, alpha=0.5, t0=2, weight_decay=0.01, maximize=True)', steps: 7 },
  rprop: { make: (p) => new optim.Rprop(p, { lr: 0.01 }), torch: 'torch.optim.Rprop(params, lr=0.01)', steps: 8 },
  rpropBounds: { make: (p) => new optim.Rprop(p, { lr: 0.05, etas: [0.3, 1.5], stepSizes: [0.01, 0.06], maximize: true }), torch: 'torch.optim.Rprop(params, lr=0.05, etas=(0.3, 1.5), step_sizes=(0.01, 0.06), maximize=True)', steps: 8 },
  lbfgs: { make: (p) => new optim.LBFGS(p, { lr: 0.5, maxIter: 4 }), torch: 'torch.optim.LBFGS(params, lr=0.5, max_iter=4)', closure: true, steps: 3, tol: 1e-8 },
  lbfgsHistory: { make: (p) => new optim.LBFGS(p, { lr: 0.2, maxIter: 6, historySize: 2 }), torch: 'torch.optim.LBFGS(params, lr=0.2, max_iter=6, history_size=2)', closure: true, steps: 3, tol: 1e-8 },
  lbfgsStrongWolfe: {
    make: (p) => new optim.LBFGS(p, { maxIter: 5, historySize: 3, lineSearchFn: 'strong_wolfe' }),
    torch: "torch.optim.LBFGS(params, max_iter=5, history_size=3, line_search_fn='strong_wolfe')",
    closure: true,
    steps: 3,
    tol: 1e-8,
  },
};

/** After how many steps the parity test loads PyTorch's state dict (and weights) and goes on. */
export const resumeAt = (o: OptimEntry): number => Math.ceil((o.steps ?? 5) / 2);

/** A scheduler of any kind. */
export type AnyScheduler = optim.LRScheduler | optim.ReduceLROnPlateau;

export interface SchedEntry {
  /** The optimizer it drives (over one [2] parameter), here and in PyTorch (`params`). */
  optimizer: { make: (params: Tensor[]) => optim.SchedulableOptimizer; torch: string };
  make: (opt: optim.SchedulableOptimizer) => AnyScheduler;
  /** The same in PyTorch, over `opt`. */
  torch: string;
  steps: number;
  /** For ReduceLROnPlateau: the metric passed to each step. */
  metrics?: readonly number[];
  /** Compare momentum (or Adam's β₁) too. */
  momentum?: boolean;
}

const sgd = { make: (p: Tensor[]) => new optim.SGD(p, { lr: 0.1, momentum: 0.9 }), torch: 'torch.optim.SGD(params, lr=0.1, momentum=0.9)' };
const adam = { make: (p: Tensor[]) => new optim.Adam(p, { lr: 0.01 }), torch: 'torch.optim.Adam(params, lr=0.01)' };

export const schedulers: Record<string, SchedEntry> = {
  stepLR: { optimizer: sgd, make: (o) => new optim.StepLR(o, { stepSize: 3, gamma: 0.5 }), torch: 'torch.optim.lr_scheduler.StepLR(opt, step_size=3, gamma=0.5)', steps: 10 },
  multiStepLR: { optimizer: sgd, make: (o) => new optim.MultiStepLR(o, { milestones: [2, 5], gamma: 0.3 }), torch: 'torch.optim.lr_scheduler.MultiStepLR(opt, milestones=[2, 5], gamma=0.3)', steps: 8 },
  exponentialLR: { optimizer: sgd, make: (o) => new optim.ExponentialLR(o, { gamma: 0.9 }), torch: 'torch.optim.lr_scheduler.ExponentialLR(opt, gamma=0.9)', steps: 6 },
  cosineAnnealingLR: { optimizer: sgd, make: (o) => new optim.CosineAnnealingLR(o, { tMax: 5, etaMin: 0.01 }), torch: 'torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=5, eta_min=0.01)', steps: 12 },
  linearLR: { optimizer: sgd, make: (o) => new optim.LinearLR(o, { startFactor: 0.2, totalIters: 4 }), torch: 'torch.optim.lr_scheduler.LinearLR(opt, start_factor=0.2, total_iters=4)', steps: 7 },
  oneCycleLR: {
    optimizer: sgd,
    make: (o) => new optim.OneCycleLR(o, { maxLr: 0.5, totalSteps: 12 }),
    torch: 'torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=0.5, total_steps=12)',
    steps: 11,
    momentum: true,
  },
  oneCycleLRAdam: {
    optimizer: adam,
    make: (o) => new optim.OneCycleLR(o, { maxLr: 0.05, totalSteps: 10, annealStrategy: 'linear', threePhase: true }),
    torch: "torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=0.05, total_steps=10, anneal_strategy='linear', three_phase=True)",
    steps: 9,
    momentum: true,
  },
  lambdaLR: { optimizer: sgd, make: (o) => new optim.LambdaLR(o, { lrLambda: (e) => 0.9 ** e / (1 + e) }), torch: 'torch.optim.lr_scheduler.LambdaLR(opt, lr_lambda=lambda e: 0.9 ** e / (1 + e))', steps: 6 },
  multiplicativeLR: { optimizer: sgd, make: (o) => new optim.MultiplicativeLR(o, { lrLambda: (e) => 1 - 0.05 * e }), torch: 'torch.optim.lr_scheduler.MultiplicativeLR(opt, lr_lambda=lambda e: 1 - 0.05 * e)', steps: 6 },
  constantLR: { optimizer: sgd, make: (o) => new optim.ConstantLR(o, { factor: 0.4, totalIters: 3 }), torch: 'torch.optim.lr_scheduler.ConstantLR(opt, factor=0.4, total_iters=3)', steps: 6 },
  polynomialLR: { optimizer: sgd, make: (o) => new optim.PolynomialLR(o, { totalIters: 4, power: 2 }), torch: 'torch.optim.lr_scheduler.PolynomialLR(opt, total_iters=4, power=2.0)', steps: 6 },
  cyclicLR: {
    optimizer: sgd,
    make: (o) => new optim.CyclicLR(o, { baseLr: 0.01, maxLr: 0.1, stepSizeUp: 3 }),
    torch: 'torch.optim.lr_scheduler.CyclicLR(opt, base_lr=0.01, max_lr=0.1, step_size_up=3)',
    steps: 14,
    momentum: true,
  },
  cyclicLRTriangular2: {
    optimizer: sgd,
    make: (o) => new optim.CyclicLR(o, { baseLr: 0.01, maxLr: 0.1, stepSizeUp: 2, stepSizeDown: 3, mode: 'triangular2', baseMomentum: 0.7, maxMomentum: 0.95 }),
    torch: "torch.optim.lr_scheduler.CyclicLR(opt, base_lr=0.01, max_lr=0.1, step_size_up=2, step_size_down=3, mode='triangular2', base_momentum=0.7, max_momentum=0.95)",
    steps: 16,
    momentum: true,
  },
  cyclicLRExpRange: {
    optimizer: adam,
    make: (o) => new optim.CyclicLR(o, { baseLr: 0.001, maxLr: 0.01, stepSizeUp: 2, mode: 'exp_range', gamma: 0.9, cycleMomentum: false }),
    torch: "torch.optim.lr_scheduler.CyclicLR(opt, base_lr=0.001, max_lr=0.01, step_size_up=2, mode='exp_range', gamma=0.9, cycle_momentum=False)",
    steps: 10,
  },
  cosineAnnealingWarmRestarts: {
    optimizer: sgd,
    make: (o) => new optim.CosineAnnealingWarmRestarts(o, { t0: 3, tMult: 2, etaMin: 0.001 }),
    torch: 'torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(opt, T_0=3, T_mult=2, eta_min=0.001)',
    steps: 15,
  },
  cosineAnnealingWarmRestartsFixed: { optimizer: sgd, make: (o) => new optim.CosineAnnealingWarmRestarts(o, { t0: 4 }), torch: 'torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(opt, T_0=4)', steps: 10 },
  reduceLROnPlateau: {
    optimizer: sgd,
    make: (o) => new optim.ReduceLROnPlateau(o, { patience: 1, factor: 0.5, cooldown: 1, threshold: 0.01, minLr: 0.02 }),
    torch: 'torch.optim.lr_scheduler.ReduceLROnPlateau(opt, patience=1, factor=0.5, cooldown=1, threshold=0.01, min_lr=0.02)',
    steps: 12,
    metrics: [1, 0.9, 0.895, 0.899, 0.9, 0.5, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6],
  },
  reduceLROnPlateauMaxAbs: {
    optimizer: adam,
    make: (o) => new optim.ReduceLROnPlateau(o, { mode: 'max', thresholdMode: 'abs', threshold: 0.05, patience: 0, factor: 0.3 }),
    torch: "torch.optim.lr_scheduler.ReduceLROnPlateau(opt, mode='max', threshold_mode='abs', threshold=0.05, patience=0, factor=0.3)",
    steps: 6,
    metrics: [0.5, 0.6, 0.62, 0.7, 0.7, 0.9],
  },
  sequentialLR: {
    optimizer: sgd,
    make: (o) => new optim.SequentialLR(o, { schedulers: [new optim.LinearLR(o, { startFactor: 0.1, totalIters: 3 }), new optim.CosineAnnealingLR(o, { tMax: 4 })], milestones: [3] }),
    torch: 'torch.optim.lr_scheduler.SequentialLR(opt, [torch.optim.lr_scheduler.LinearLR(opt, start_factor=0.1, total_iters=3), torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=4)], milestones=[3])',
    steps: 9,
  },
  sequentialLRThree: {
    optimizer: sgd,
    make: (o) =>
      new optim.SequentialLR(o, {
        schedulers: [new optim.ConstantLR(o, { factor: 0.5, totalIters: 2 }), new optim.ExponentialLR(o, { gamma: 0.8 }), new optim.LambdaLR(o, { lrLambda: (e) => 1 / (e + 1) })],
        milestones: [2, 5],
      }),
    torch:
      'torch.optim.lr_scheduler.SequentialLR(opt, [torch.optim.lr_scheduler.ConstantLR(opt, factor=0.5, total_iters=2), torch.optim.lr_scheduler.ExponentialLR(opt, gamma=0.8), torch.optim.lr_scheduler.LambdaLR(opt, lr_lambda=lambda e: 1 / (e + 1))], milestones=[2, 5])',
    steps: 8,
  },
  chainedScheduler: {
    optimizer: sgd,
    make: (o) => new optim.ChainedScheduler([new optim.ConstantLR(o, { factor: 0.2, totalIters: 3 }), new optim.ExponentialLR(o, { gamma: 0.9 }), new optim.StepLR(o, { stepSize: 2, gamma: 0.5 })]),
    torch:
      'torch.optim.lr_scheduler.ChainedScheduler([torch.optim.lr_scheduler.ConstantLR(opt, factor=0.2, total_iters=3), torch.optim.lr_scheduler.ExponentialLR(opt, gamma=0.9), torch.optim.lr_scheduler.StepLR(opt, step_size=2, gamma=0.5)])',
    steps: 7,
  },
};

/** The safetensors file PyTorch's side writes (float32 weights of this MLP) and its logits. */
export const interop = {
  mlp: {
    torch: 'nn.Sequential(nn.Linear(6, 8), nn.Tanh(), nn.Linear(8, 8), nn.ReLU(), nn.Linear(8, 3))',
    file: 'mlp.safetensors',
    x: [10, 6],
  },
};
