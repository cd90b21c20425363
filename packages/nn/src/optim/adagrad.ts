/**
 * `Adagrad` and `Adadelta`: per-coordinate rates from accumulated squared gradients.
 * @module
 */
import { fullLike, hostEffect, hostGuard, zerosLike } from '@chainrule/autograd';
import type { Tensor } from '@chainrule/autograd';
import { checkCommon, checkNumber } from './check.js';
import { Optimizer } from './optimizer.js';
import type { ParamGroup, ParamGroupInput } from './optimizer.js';

/**
 * The hyper-parameters of {@link Adagrad}.
 * @example
 * ```ts
 * const opts: Partial<optim.AdagradOptions> = { lr: 0.1, lrDecay: 1e-3 };
 * new optim.Adagrad([zeros([1], { requiresGrad: true })], opts).paramGroups[0]!.eps; // 1e-10
 * ```
 */
export interface AdagradOptions {
  /** Learning rate (default 1e-2). */
  lr: number;
  /** Decay of the learning rate: lr / (1 + (t − 1)·lrDecay) at step t (default 0). */
  lrDecay: number;
  /** L2 penalty added to the gradient (default 0). */
  weightDecay: number;
  /** The starting value of the accumulated squared gradients (default 0). */
  initialAccumulatorValue: number;
  /** Added to the denominator (default 1e-10). */
  eps: number;
  /** Maximize the objective instead (default false). */
  maximize: boolean;
}

/**
 * The per-parameter state of {@link Adagrad} (made for every parameter by the constructor, as PyTorch).
 * @example
 * ```ts
 * const w = tensor([1], { requiresGrad: true });
 * const opt = new optim.Adagrad([w]);
 * w.square().sum().backward();
 * opt.step();
 * const s: optim.AdagradState | undefined = opt.state.get(w);
 * [s?.step, s?.sum.item()]; // [1, 4]
 * ```
 */
export interface AdagradState {
  /** Steps taken. */
  step: number;
  /** The sum of squared gradients. */
  sum: Tensor;
}

/**
 * Adagrad, like `torch.optim.Adagrad` (its reference for-loop update): g ← g + wd·p;
 * Σ ← Σ + g²; p ← p − lr/(1 + (t−1)·lrDecay) · g/(√Σ + ε).
 * @example
 * ```ts
 * import { tensor } from '@chainrule/autograd';
 * import { optim } from '@chainrule/nn';
 * const w = tensor([1, -2], { requiresGrad: true });
 * const opt = new optim.Adagrad([w], { lr: 0.5 });
 * w.square().sum().backward();
 * opt.step(); // the first step moves each weight by lr, against its gradient's sign
 * w; // tensor([ 0.5000, -1.5000], requires_grad=True)
 * ```
 */
export class Adagrad extends Optimizer<AdagradOptions, AdagradState> {
  /**
   * @param params - parameters or parameter groups.
   * @param opts - `lr` (default 1e-2), `lrDecay`, `weightDecay`, `initialAccumulatorValue`, `eps` (default 1e-10), `maximize`.
   * @throws RangeError for a negative (or NaN) lr, lrDecay, weightDecay, initialAccumulatorValue or eps.
   * @throws TypeError for an option of the wrong type.
   */
  constructor(params: Iterable<Tensor> | Iterable<ParamGroupInput<AdagradOptions>>, opts: Partial<AdagradOptions> = {}) {
    const d: AdagradOptions = { lr: 1e-2, lrDecay: 0, weightDecay: 0, initialAccumulatorValue: 0, eps: 1e-10, maximize: false, ...opts };
    checkCommon('Adagrad', d);
    checkNumber('Adagrad', 'lrDecay', 'lr_decay value', d.lrDecay, (v) => v >= 0);
    checkNumber('Adagrad', 'initialAccumulatorValue', 'initial_accumulator_value value', d.initialAccumulatorValue, (v) => v >= 0);
    super(params, d);
    // PyTorch makes the state of every parameter here, not on its first step
    for (const g of this.paramGroups) for (const p of g.params) this.state.set(p, { step: 0, sum: fullLike(p, g.initialAccumulatorValue) });
  }

  /** @internal */
  protected update(p: Tensor, grad: Tensor, g: ParamGroup<AdagradOptions>, state: AdagradState | undefined): AdagradState {
    // every option is read through G() at every call of a compiled step; the state is updated in place
    const G = this.current(g);
    const s: AdagradState = state ?? { step: 0, sum: fullLike(p, g.initialAccumulatorValue) };
    let d = hostGuard(() => G().maximize) ? grad.neg() : grad;
    hostEffect(() => (s.step += 1));
    if (hostGuard(() => G().weightDecay !== 0)) d = d.add(p.detach().mul(this.scalar(() => G().weightDecay, p)));
    s.sum.add_(d.mul(d));
    const std = s.sum.sqrt().add(this.scalar(() => G().eps, p));
    p.add_(d.div(std).mul(this.scalar(() => -G().lr / (1 + (s.step - 1) * G().lrDecay), p)));
    return s;
  }
}

/**
 * The hyper-parameters of {@link Adadelta}.
 * @example
 * ```ts
 * const opts: Partial<optim.AdadeltaOptions> = { rho: 0.95 };
 * new optim.Adadelta([zeros([1], { requiresGrad: true })], opts).paramGroups[0]!.lr; // 1
 * ```
 */
export interface AdadeltaOptions {
  /** Scales the update (default 1). */
  lr: number;
  /** Decay of the running averages (default 0.9). */
  rho: number;
  /** Added inside the square roots (default 1e-6). */
  eps: number;
  /** L2 penalty added to the gradient (default 0). */
  weightDecay: number;
  /** Maximize the objective instead (default false). */
  maximize: boolean;
}

/**
 * The per-parameter state of {@link Adadelta}.
 * @example
 * ```ts
 * const w = tensor([1], { requiresGrad: true });
 * const opt = new optim.Adadelta([w]);
 * w.square().sum().backward();
 * opt.step();
 * const s: optim.AdadeltaState | undefined = opt.state.get(w);
 * s?.squareAvg; // tensor([0.4000])
 * ```
 */
export interface AdadeltaState {
  /** Steps taken. */
  step: number;
  /** Running average of g². */
  squareAvg: Tensor;
  /** Running average of the squared updates. */
  accDelta: Tensor;
}

/**
 * Adadelta, like `torch.optim.Adadelta` (its reference for-loop update): v ← ρv + (1−ρ)g²;
 * Δ ← √(u + ε)/√(v + ε) · g; u ← ρu + (1−ρ)Δ²; p ← p − lr·Δ.
 * @example
 * ```ts
 * import { tensor } from '@chainrule/autograd';
 * import { optim } from '@chainrule/nn';
 * const w = tensor([1], { requiresGrad: true, dtype: 'float64' });
 * const opt = new optim.Adadelta([w], { lr: 1, eps: 1e-6 });
 * w.square().sum().backward();
 * opt.step(); // Δ = √1e-6/√(0.4 + 1e-6) · 2 ≈ 0.00316
 * w.item().toFixed(5); // '0.99684'
 * ```
 */
export class Adadelta extends Optimizer<AdadeltaOptions, AdadeltaState> {
  /**
   * @param params - parameters or parameter groups.
   * @param opts - `lr` (default 1), `rho` (default 0.9), `eps` (default 1e-6), `weightDecay`, `maximize`.
   * @throws RangeError for a negative lr, eps or weightDecay, or rho outside [0, 1] (NaN included).
   * @throws TypeError for an option of the wrong type.
   */
  constructor(params: Iterable<Tensor> | Iterable<ParamGroupInput<AdadeltaOptions>>, opts: Partial<AdadeltaOptions> = {}) {
    const d: AdadeltaOptions = { lr: 1, rho: 0.9, eps: 1e-6, weightDecay: 0, maximize: false, ...opts };
    checkCommon('Adadelta', d);
    checkNumber('Adadelta', 'rho', 'rho value', d.rho, (v) => v >= 0 && v <= 1);
    super(params, d);
  }

  /** @internal */
  protected update(p: Tensor, grad: Tensor, g: ParamGroup<AdadeltaOptions>, state: AdadeltaState | undefined): AdadeltaState {
    const G = this.current(g);
    const s: AdadeltaState = state ?? { step: 0, squareAvg: zerosLike(p), accDelta: zerosLike(p) };
    hostEffect(() => (s.step += 1));
    let d = hostGuard(() => G().maximize) ? grad.neg() : grad;
    if (hostGuard(() => G().weightDecay !== 0)) d = d.add(p.detach().mul(this.scalar(() => G().weightDecay, p)));
    const rho = (): number => G().rho;
    const eps = this.scalar(() => G().eps, p);
    s.squareAvg.mul_(this.scalar(rho, p)).add_(d.mul(this.scalar(() => 1 - rho(), p)).mul(d));
    const std = s.squareAvg.add(eps).sqrt();
    const delta = s.accDelta.add(eps).sqrt().div(std).mul(d);
    s.accDelta.mul_(this.scalar(rho, p)).add_(delta.mul(this.scalar(() => 1 - rho(), p)).mul(delta));
    p.add_(delta.mul(this.scalar(() => -G().lr, p)));
    return s;
  }
}
