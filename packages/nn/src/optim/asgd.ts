/**
 * `ASGD` (averaged SGD) and `Rprop` (resilient backpropagation).
 * @module
 */
import { fullLike, hostEffect, hostGuard, where, zerosLike } from '@chainrule/autograd';
import type { Tensor } from '@chainrule/autograd';
import { checkBoolean, checkCommon, checkNumber, checkPair } from './check.js';
import { Optimizer } from './optimizer.js';
import type { ParamGroup, ParamGroupInput } from './optimizer.js';

/**
 * The hyper-parameters of {@link ASGD}.
 * @example
 * ```ts
 * const opts: Partial<optim.ASGDOptions> = { lr: 0.1, t0: 100 };
 * new optim.ASGD([zeros([1], { requiresGrad: true })], opts).paramGroups[0]!.alpha; // 0.75
 * ```
 */
export interface ASGDOptions {
  /** Learning rate (default 1e-2). */
  lr: number;
  /** Decay term λ (default 1e-4). */
  lambd: number;
  /** Power of the rate decay (default 0.75). */
  alpha: number;
  /** The step from which to average (default 1e6). */
  t0: number;
  /** L2 penalty added to the gradient (default 0). */
  weightDecay: number;
  /** Maximize the objective instead (default false). */
  maximize: boolean;
}

/**
 * The per-parameter state of {@link ASGD}.
 * @example
 * ```ts
 * const w = tensor([1], { requiresGrad: true });
 * const opt = new optim.ASGD([w], { lr: 0.1 });
 * w.square().sum().backward();
 * opt.step();
 * const s: optim.ASGDState | undefined = opt.state.get(w);
 * [s?.step, s?.mu]; // [1, 1]
 * s?.ax; // tensor([0.8000])
 * ```
 */
export interface ASGDState {
  /** Steps taken. */
  step: number;
  /** The current rate ηₜ. NOTE: a 0-dim tensor of the default dtype in PyTorch 1.13; a float64 number here. */
  eta: number;
  /** The averaging factor μₜ (as `eta`, a number here). */
  mu: number;
  /** The averaged parameter. */
  ax: Tensor;
}

/**
 * Averaged stochastic gradient descent, like `torch.optim.ASGD` (its reference for-loop update):
 * p ← p·(1 − λη) − η·g; ax ← ax + μ(p − ax) (ax ← p while μ = 1);
 * η ← lr/(1 + λ·lr·t)^α; μ ← 1/max(1, t − t0).
 * @example
 * ```ts
 * import { tensor } from '@chainrule/autograd';
 * import { optim } from '@chainrule/nn';
 * const w = tensor([1], { requiresGrad: true, dtype: 'float64' });
 * const opt = new optim.ASGD([w], { lr: 0.1, lambd: 0 });
 * w.square().sum().backward();
 * opt.step(); // plain SGD while λ = 0
 * w; // tensor([0.8000], dtype=torch.float64, requires_grad=True)
 * ```
 */
export class ASGD extends Optimizer<ASGDOptions, ASGDState> {
  /**
   * @param params - parameters or parameter groups.
   * @param opts - `lr` (default 1e-2), `lambd` (1e-4), `alpha` (0.75), `t0` (1e6), `weightDecay`, `maximize`.
   * @throws RangeError for a negative (or NaN) lr or weightDecay, or a NaN lambd, alpha or t0.
   * @throws TypeError for an option of the wrong type.
   */
  constructor(params: Iterable<Tensor> | Iterable<ParamGroupInput<ASGDOptions>>, opts: Partial<ASGDOptions> = {}) {
    const d: ASGDOptions = { lr: 1e-2, lambd: 1e-4, alpha: 0.75, t0: 1e6, weightDecay: 0, maximize: false, ...opts };
    checkCommon('ASGD', d);
    for (const k of ['lambd', 'alpha', 't0'] as const) checkNumber('ASGD', k, `${k} value`, d[k], (v) => !Number.isNaN(v));
    super(params, d);
  }

  /** @internal */
  protected override get numberStateKeys(): readonly string[] {
    return ['step', 'eta', 'mu'];
  }

  /** @internal */
  protected update(p: Tensor, grad: Tensor, g: ParamGroup<ASGDOptions>, state: ASGDState | undefined): ASGDState {
    const G = this.current(g);
    const s: ASGDState = state ?? { step: 0, eta: g.lr, mu: 1, ax: zerosLike(p) };
    let d = hostGuard(() => G().maximize) ? grad.neg() : grad;
    hostEffect(() => (s.step += 1));
    if (hostGuard(() => G().weightDecay !== 0)) d = d.add(p.detach().mul(this.scalar(() => G().weightDecay, p)));
    p.mul_(this.scalar(() => 1 - G().lambd * s.eta, p));
    p.add_(d.mul(this.scalar(() => -s.eta, p)));
    // μ is the previous step's: a compiled step checks this guard before its effects run
    if (hostGuard(() => s.mu !== 1)) s.ax.add_(p.sub(s.ax).mul(this.scalar(() => s.mu, p)));
    else s.ax.copy_(p);
    hostEffect(() => {
      const { lr, lambd, alpha, t0 } = G();
      s.eta = lr / (1 + lambd * lr * s.step) ** alpha;
      s.mu = 1 / Math.max(1, s.step - t0);
    });
    return s;
  }
}

/**
 * The hyper-parameters of {@link Rprop}.
 * @example
 * ```ts
 * const opts: Partial<optim.RpropOptions> = { etas: [0.5, 1.2], stepSizes: [1e-6, 50] };
 * new optim.Rprop([zeros([1], { requiresGrad: true })], opts).paramGroups[0]!.lr; // 0.01
 * ```
 */
export interface RpropOptions {
  /** The first step size (default 1e-2). */
  lr: number;
  /** (η⁻, η⁺): the step-size factors when the gradient's sign flips or holds (default [0.5, 1.2]). */
  etas: readonly [number, number];
  /** The smallest and largest step sizes (default [1e-6, 50]). */
  stepSizes: readonly [number, number];
  /** Maximize the objective instead (default false). */
  maximize: boolean;
}

/**
 * The per-parameter state of {@link Rprop}.
 * @example
 * ```ts
 * const w = tensor([1], { requiresGrad: true });
 * const opt = new optim.Rprop([w], { lr: 0.1 });
 * w.square().sum().backward();
 * opt.step();
 * const s: optim.RpropState | undefined = opt.state.get(w);
 * s?.stepSize; // tensor([0.1000])
 * ```
 */
export interface RpropState {
  /** Steps taken. */
  step: number;
  /** The previous step's gradient (zero where its sign flipped). */
  prev: Tensor;
  /** The per-element step sizes. */
  stepSize: Tensor;
}

/**
 * Rprop, like `torch.optim.Rprop` (its reference for-loop update): per element, the step size is
 * multiplied by η⁺ when the gradient keeps its sign, by η⁻ when it flips (and that step is
 * skipped), clamped to `stepSizes`; p ← p − sign(g)·step.
 * @example
 * ```ts
 * import { tensor } from '@chainrule/autograd';
 * import { optim } from '@chainrule/nn';
 * const w = tensor([1, -1], { requiresGrad: true });
 * const opt = new optim.Rprop([w], { lr: 0.1 });
 * for (let i = 0; i < 2; i++) {
 *   opt.zeroGrad();
 *   w.square().sum().backward();
 *   opt.step(); // steps of 0.1, then 0.12 (the signs held)
 * }
 * w; // tensor([ 0.7800, -0.7800], requires_grad=True)
 * ```
 */
export class Rprop extends Optimizer<RpropOptions, RpropState> {
  /**
   * @param params - parameters or parameter groups.
   * @param opts - `lr` (default 1e-2), `etas` (default [0.5, 1.2]), `stepSizes` (default [1e-6, 50]), `maximize`.
   * @throws RangeError for a negative lr, or etas not 0 < η⁻ < 1 < η⁺.
   * @throws TypeError for an option of the wrong type.
   */
  constructor(params: Iterable<Tensor> | Iterable<ParamGroupInput<RpropOptions>>, opts: Partial<RpropOptions> = {}) {
    const d: RpropOptions = { lr: 1e-2, etas: [0.5, 1.2], stepSizes: [1e-6, 50], maximize: false, ...opts };
    checkCommon('Rprop', d);
    const [minus, plus] = checkPair('Rprop', 'etas', d.etas);
    if (!(minus > 0 && minus < 1 && plus > 1)) throw new RangeError(`Rprop: Invalid eta values: ${minus}, ${plus}`);
    checkPair('Rprop', 'stepSizes', d.stepSizes);
    checkBoolean('Rprop', 'maximize', d.maximize);
    super(params, d);
  }

  /** @internal */
  protected update(p: Tensor, grad: Tensor, g: ParamGroup<RpropOptions>, state: RpropState | undefined): RpropState {
    const G = this.current(g);
    const s: RpropState = state ?? { step: 0, prev: zerosLike(p), stepSize: fullLike(grad, g.lr) };
    hostEffect(() => (s.step += 1));
    const d = hostGuard(() => G().maximize) ? grad.neg() : grad;
    const sign = d.mul(s.prev).sign();
    // PyTorch's masked writes: > 0 → η⁺, < 0 → η⁻, 0 → 1 (NaN stays NaN)
    const minus = this.scalar(() => G().etas[0], p);
    const factor = where(sign.gt(0), this.scalar(() => G().etas[1], p), where(sign.lt(0), minus, where(sign.eq(0), 1, sign)));
    const [lo, hi] = hostGuard(() => G().stepSizes);
    s.stepSize.mul_(factor).clamp_(lo, hi);
    const kept = where(factor.eq(minus), 0, d);
    p.sub_(kept.sign().mul(s.stepSize));
    s.prev.copy_(kept);
    return s;
  }
}
