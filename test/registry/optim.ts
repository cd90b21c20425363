/**
 * Optimizers and learning-rate schedulers in the registry. An optimizer runs five steps on a fixed
 * float64 MLP (Linear(6, 8)-Tanh-Linear(8, 8)-ReLU-Linear(8, 3), seeded weights, cross-entropy on a
 * seeded batch of 10) here and in PyTorch: the losses, first gradients and final weights must
 * agree. A scheduler steps an optimizer without gradients: the learning rate (and momentum) of
 * every group after each step must agree. Adding one: an entry here, then `pnpm golden`.
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
};

/** A scheduler of any kind. */
export interface AnyScheduler {
  step(metric?: number): void;
}

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
};

/** The safetensors file PyTorch's side writes (float32 weights of this MLP) and its logits. */
export const interop = {
  mlp: {
    torch: 'nn.Sequential(nn.Linear(6, 8), nn.Tanh(), nn.Linear(8, 8), nn.ReLU(), nn.Linear(8, 3))',
    file: 'mlp.safetensors',
    x: [10, 6],
  },
};
