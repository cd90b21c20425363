/**
 * Adam's variants: `Adamax` (infinity norm), `NAdam` (Nesterov momentum), `RAdam` (rectified).
 * @module
 */
import { hostEffect, hostGuard, zerosLike } from '@chainrule/autograd';
import type { Tensor } from '@chainrule/autograd';
import { checkCommon, checkNumber } from './check.js';
import { Optimizer } from './optimizer.js';
import type { ParamGroup, ParamGroupInput } from './optimizer.js';

/**
 * The hyper-parameters of {@link Adamax}.
 * @example
 * ```ts
 * const opts: Partial<optim.AdamaxOptions> = { betas: [0.8, 0.99] };
 * new optim.Adamax([zeros([1], { requiresGrad: true })], opts).paramGroups[0]!.lr; // 0.002
 * ```
 */
export interface AdamaxOptions {
  /** Learning rate (default 2e-3). */
  lr: number;
  /** Decay rates of the first moment and of the infinity norm (default [0.9, 0.999]). */
  betas: readonly [number, number];
  /** Added to |g| in the norm (default 1e-8). */
  eps: number;
  /** L2 penalty added to the gradient (default 0). */
  weightDecay: number;
  /** Maximize the objective instead (default false). */
  maximize: boolean;
}

/**
 * The per-parameter state of {@link Adamax}.
 * @example
 * ```ts
 * const w = tensor([1], { requiresGrad: true });
 * const opt = new optim.Adamax([w]);
 * w.square().sum().backward();
 * opt.step();
 * const s: optim.AdamaxState | undefined = opt.state.get(w);
 * s?.expInf; // tensor([2.])
 * ```
 */
export interface AdamaxState {
  /** Steps taken. */
  step: number;
  /** First moment. */
  expAvg: Tensor;
  /** Exponentially weighted infinity norm. */
  expInf: Tensor;
}

/**
 * Adamax, like `torch.optim.Adamax` (its reference for-loop update): m ← β₁m + (1−β₁)g;
 * u ← max(β₂u, |g| + ε); p ← p − lr/(1−β₁ᵗ) · m/u.
 * @example
 * ```ts
 * import { tensor } from '@chainrule/autograd';
 * import { optim } from '@chainrule/nn';
 * const w = tensor([1, -1], { requiresGrad: true });
 * const opt = new optim.Adamax([w], { lr: 0.1 });
 * w.square().sum().backward();
 * opt.step(); // the first step moves each weight by about lr
 * w; // tensor([ 0.9000, -0.9000], requires_grad=True)
 * ```
 */
export class Adamax extends Optimizer<AdamaxOptions, AdamaxState> {
  /**
   * @param params - parameters or parameter groups.
   * @param opts - `lr` (default 2e-3), `betas`, `eps`, `weightDecay`, `maximize`.
   * @throws RangeError for a negative lr, eps or weightDecay, or a beta outside [0, 1).
   * @throws TypeError for an option of the wrong type.
   */
  constructor(params: Iterable<Tensor> | Iterable<ParamGroupInput<AdamaxOptions>>, opts: Partial<AdamaxOptions> = {}) {
    const d: AdamaxOptions = { lr: 2e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, maximize: false, ...opts };
    checkCommon('Adamax', d);
    super(params, d);
  }

  /** @internal */
  protected update(p: Tensor, grad: Tensor, g: ParamGroup<AdamaxOptions>, state: AdamaxState | undefined): AdamaxState {
    const G = this.current(g);
    const s: AdamaxState = state ?? { step: 0, expAvg: zerosLike(p), expInf: zerosLike(p) };
    let d = hostGuard(() => G().maximize) ? grad.neg() : grad;
    hostEffect(() => (s.step += 1));
    if (hostGuard(() => G().weightDecay !== 0)) d = d.add(p.detach().mul(this.scalar(() => G().weightDecay, p)));
    const beta1 = (): number => G().betas[0];
    s.expAvg.mul_(this.scalar(beta1, p)).add_(d.mul(this.scalar(() => 1 - beta1(), p)));
    s.expInf.mul_(this.scalar(() => G().betas[1], p));
    s.expInf.copy_(s.expInf.maximum(d.abs().add(this.scalar(() => G().eps, p))));
    p.add_(s.expAvg.div(s.expInf).mul(this.scalar(() => -G().lr / (1 - beta1() ** s.step), p)));
    return s;
  }
}

/**
 * The hyper-parameters of {@link NAdam} (PyTorch 1.13's: no `maximize`).
 * @example
 * ```ts
 * const opts: Partial<optim.NAdamOptions> = { momentumDecay: 4e-3 };
 * new optim.NAdam([zeros([1], { requiresGrad: true })], opts).paramGroups[0]!.lr; // 0.002
 * ```
 */
export interface NAdamOptions {
  /** Learning rate (default 2e-3). */
  lr: number;
  /** Decay rates of the first and second moments (default [0.9, 0.999]). */
  betas: readonly [number, number];
  /** Added to the denominator (default 1e-8). */
  eps: number;
  /** L2 penalty added to the gradient (default 0). */
  weightDecay: number;
  /** ψ of the momentum schedule μₜ = β₁(1 − ½·0.96^(tψ)) (default 4e-3). */
  momentumDecay: number;
}

/**
 * The per-parameter state of {@link NAdam}.
 * @example
 * ```ts
 * const w = tensor([1], { requiresGrad: true });
 * const opt = new optim.NAdam([w]);
 * w.square().sum().backward();
 * opt.step();
 * const s: optim.NAdamState | undefined = opt.state.get(w);
 * s?.muProduct.toFixed(4); // '0.4501'
 * ```
 */
export interface NAdamState {
  /** Steps taken. */
  step: number;
  /**
   * The product of the momentum schedule μ₁⋯μₜ. NOTE: PyTorch 1.13 keeps it in a 0-dim tensor of
   * the default dtype (float32 unless changed); here it is a float64 number.
   */
  muProduct: number;
  /** First moment. */
  expAvg: Tensor;
  /** Second moment. */
  expAvgSq: Tensor;
}

/**
 * NAdam, like `torch.optim.NAdam` (its reference for-loop update): Adam with Nesterov momentum and
 * the momentum schedule μₜ = β₁(1 − ½·0.96^(tψ)):
 * p ← p − lr(1−μₜ)/(1−Πμ) · g/d − lr·μₜ₊₁/(1−Πμ·μₜ₊₁) · m/d, d = √(v/(1−β₂ᵗ)) + ε.
 * @example
 * ```ts
 * import { tensor } from '@chainrule/autograd';
 * import { optim } from '@chainrule/nn';
 * const w = tensor([1, -1], { requiresGrad: true, dtype: 'float64' });
 * const opt = new optim.NAdam([w], { lr: 0.1 });
 * w.square().sum().backward();
 * opt.step();
 * w; // tensor([ 0.8950, -0.8950], dtype=torch.float64, requires_grad=True)
 * ```
 */
export class NAdam extends Optimizer<NAdamOptions, NAdamState> {
  /**
   * @param params - parameters or parameter groups.
   * @param opts - `lr` (default 2e-3), `betas`, `eps`, `weightDecay`, `momentumDecay` (default 4e-3).
   * @throws RangeError for a negative lr, eps, weightDecay or momentumDecay, or a beta outside [0, 1).
   * @throws TypeError for an option of the wrong type.
   */
  constructor(params: Iterable<Tensor> | Iterable<ParamGroupInput<NAdamOptions>>, opts: Partial<NAdamOptions> = {}) {
    const d: NAdamOptions = { lr: 2e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, momentumDecay: 4e-3, ...opts };
    checkCommon('NAdam', d);
    checkNumber('NAdam', 'momentumDecay', 'momentum_decay value', d.momentumDecay, (v) => v >= 0);
    super(params, d);
  }

  /** @internal */
  protected override get numberStateKeys(): readonly string[] {
    return ['step', 'muProduct'];
  }

  /** @internal */
  protected update(p: Tensor, grad: Tensor, g: ParamGroup<NAdamOptions>, state: NAdamState | undefined): NAdamState {
    const G = this.current(g);
    const s: NAdamState = state ?? { step: 0, muProduct: 1, expAvg: zerosLike(p), expAvgSq: zerosLike(p) };
    const [beta1, beta2] = [(): number => G().betas[0], (): number => G().betas[1]];
    const mu = (t: number): number => beta1() * (1 - 0.5 * 0.96 ** (t * G().momentumDecay));
    hostEffect(() => {
      s.step += 1;
      s.muProduct *= mu(s.step);
    });
    let d = grad;
    if (hostGuard(() => G().weightDecay !== 0)) d = d.add(p.detach().mul(this.scalar(() => G().weightDecay, p)));
    s.expAvg.mul_(this.scalar(beta1, p)).add_(d.mul(this.scalar(() => 1 - beta1(), p)));
    s.expAvgSq.mul_(this.scalar(beta2, p)).add_(d.mul(this.scalar(() => 1 - beta2(), p)).mul(d));
    const denom = s.expAvgSq.div(this.scalar(() => 1 - beta2() ** s.step, p)).sqrt().add(this.scalar(() => G().eps, p));
    p.add_(d.div(denom).mul(this.scalar(() => (-G().lr * (1 - mu(s.step))) / (1 - s.muProduct), p)));
    const next = (): number => mu(s.step + 1);
    p.add_(s.expAvg.div(denom).mul(this.scalar(() => (-G().lr * next()) / (1 - s.muProduct * mu(s.step) * next()), p)));
    return s;
  }
}

/**
 * The hyper-parameters of {@link RAdam} (PyTorch 1.13's: no `maximize`, no decoupled decay).
 * @example
 * ```ts
 * const opts: Partial<optim.RAdamOptions> = { lr: 1e-3 };
 * new optim.RAdam([zeros([1], { requiresGrad: true })], opts).paramGroups[0]!.betas; // [0.9, 0.999]
 * ```
 */
export interface RAdamOptions {
  /** Learning rate (default 1e-3). */
  lr: number;
  /** Decay rates of the first and second moments (default [0.9, 0.999]). */
  betas: readonly [number, number];
  /** Added to the denominator (default 1e-8). */
  eps: number;
  /** L2 penalty added to the gradient (default 0). */
  weightDecay: number;
}

/**
 * The per-parameter state of {@link RAdam}.
 * @example
 * ```ts
 * const w = tensor([1], { requiresGrad: true });
 * const opt = new optim.RAdam([w]);
 * w.square().sum().backward();
 * opt.step();
 * const s: optim.RAdamState | undefined = opt.state.get(w);
 * s?.step; // 1
 * ```
 */
export interface RAdamState {
  /** Steps taken. */
  step: number;
  /** First moment. */
  expAvg: Tensor;
  /** Second moment. */
  expAvgSq: Tensor;
}

/**
 * RAdam, like `torch.optim.RAdam` (its reference for-loop update): while the length of the
 * approximated moving average ρₜ = ρ∞ − 2tβ₂ᵗ/(1−β₂ᵗ) is at most 5, an SGD-with-momentum step
 * p ← p − lr·m/(1−β₁ᵗ); after, Adam's step scaled by the rectification
 * rₜ = √((ρₜ−4)(ρₜ−2)ρ∞ / ((ρ∞−4)(ρ∞−2)ρₜ)).
 * @example
 * ```ts
 * import { tensor } from '@chainrule/autograd';
 * import { optim } from '@chainrule/nn';
 * const w = tensor([1], { requiresGrad: true });
 * const opt = new optim.RAdam([w], { lr: 0.1 });
 * w.square().sum().backward();
 * opt.step(); // ρ₁ = 1: the first step is lr·m/(1−β₁) = lr·g
 * w; // tensor([0.8000], requires_grad=True)
 * ```
 */
export class RAdam extends Optimizer<RAdamOptions, RAdamState> {
  /**
   * @param params - parameters or parameter groups.
   * @param opts - `lr` (default 1e-3), `betas`, `eps`, `weightDecay`.
   * @throws RangeError for a negative lr, eps or weightDecay, or a beta outside [0, 1).
   * @throws TypeError for an option of the wrong type.
   */
  constructor(params: Iterable<Tensor> | Iterable<ParamGroupInput<RAdamOptions>>, opts: Partial<RAdamOptions> = {}) {
    const d: RAdamOptions = { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, ...opts };
    checkCommon('RAdam', d);
    super(params, d);
  }

  /** @internal */
  protected update(p: Tensor, grad: Tensor, g: ParamGroup<RAdamOptions>, state: RAdamState | undefined): RAdamState {
    const G = this.current(g);
    const s: RAdamState = state ?? { step: 0, expAvg: zerosLike(p), expAvgSq: zerosLike(p) };
    const [beta1, beta2] = [(): number => G().betas[0], (): number => G().betas[1]];
    const rhoInf = (): number => 2 / (1 - beta2()) - 1;
    const rho = (t: number): number => rhoInf() - (2 * t * beta2() ** t) / (1 - beta2() ** t);
    // read before the step count moves: a compiled step checks its guards before its effects run
    const rectified = hostGuard(() => rho(s.step + 1) > 5);
    hostEffect(() => (s.step += 1));
    let d = grad;
    if (hostGuard(() => G().weightDecay !== 0)) d = d.add(p.detach().mul(this.scalar(() => G().weightDecay, p)));
    s.expAvg.mul_(this.scalar(beta1, p)).add_(d.mul(this.scalar(() => 1 - beta1(), p)));
    s.expAvgSq.mul_(this.scalar(beta2, p)).add_(d.mul(this.scalar(() => 1 - beta2(), p)).mul(d));
    const corrected = s.expAvg.div(this.scalar(() => 1 - beta1() ** s.step, p));
    const lr = this.scalar(() => G().lr, p);
    if (!rectified) {
      p.add_(corrected.mul(lr).neg());
      return s;
    }
    const rect = (): number => {
      const [r, ri] = [rho(s.step), rhoInf()];
      return Math.sqrt(((r - 4) * (r - 2) * ri) / ((ri - 4) * (ri - 2) * r));
    };
    const adaptive = s.expAvgSq.sqrt().add(this.scalar(() => G().eps, p)).reciprocal().mul(this.scalar(() => Math.sqrt(1 - beta2() ** s.step), p));
    p.add_(corrected.mul(lr).mul(adaptive).mul(this.scalar(rect, p)).neg());
    return s;
  }
}
