/**
 * `RMSprop`, plain or centered, with momentum.
 * @module
 */
import { hostEffect, hostGuard, zerosLike } from '@chainrule/autograd';
import type { Tensor } from '@chainrule/autograd';
import { lerp_, Optimizer } from './optimizer.js';
import type { ParamGroup, ParamGroupInput } from './optimizer.js';

/**
 * The hyper-parameters of {@link RMSprop}.
 * @example
 * ```ts
 * const opts: Partial<optim.RMSpropOptions> = { lr: 0.01, centered: true };
 * new optim.RMSprop([zeros([1], { requiresGrad: true })], opts).paramGroups[0]!.alpha; // 0.99
 * ```
 */
export interface RMSpropOptions {
  /** Learning rate (default 1e-2). */
  lr: number;
  /** Smoothing constant of the squared-gradient average (default 0.99). */
  alpha: number;
  /** Added to the denominator (default 1e-8). */
  eps: number;
  /** L2 penalty added to the gradient (default 0). */
  weightDecay: number;
  /** Momentum factor (default 0). */
  momentum: number;
  /** Normalise by the variance estimate instead of the second moment (default false). */
  centered: boolean;
  /** Maximize the objective instead (default false). */
  maximize: boolean;
}

/**
 * The per-parameter state of {@link RMSprop}.
 * @example
 * ```ts
 * const w = tensor([1], { requiresGrad: true });
 * const opt = new optim.RMSprop([w]);
 * w.square().sum().backward();
 * opt.step();
 * const s: optim.RMSpropState | undefined = opt.state.get(w);
 * s?.squareAvg; // tensor([0.0400])
 * ```
 */
export interface RMSpropState {
  /** Steps taken. */
  step: number;
  /** Running average of g². */
  squareAvg: Tensor;
  /** Running average of g (centered), or null. */
  gradAvg: Tensor | null;
  /** Momentum buffer, or null. */
  momentumBuffer: Tensor | null;
}

/**
 * RMSprop, like `torch.optim.RMSprop` (its reference for-loop update): v ← αv + (1−α)g²;
 * p ← p − lr·g/(√v + ε) (with centering and momentum as PyTorch).
 * @example
 * ```ts
 * import { tensor } from '@chainrule/autograd';
 * import { optim } from '@chainrule/nn';
 * const w = tensor([1], { requiresGrad: true });
 * const opt = new optim.RMSprop([w], { lr: 0.01 });
 * w.square().sum().backward();
 * opt.step(); // v = 0.01·g², so the step is lr/√0.01 = 0.1
 * w; // tensor([0.9000], requires_grad=True)
 * ```
 */
export class RMSprop extends Optimizer<RMSpropOptions, RMSpropState> {
  /**
   * @param params - parameters or parameter groups.
   * @param opts - `lr` (default 1e-2), `alpha`, `eps`, `weightDecay`, `momentum`, `centered`, `maximize`.
   * @throws RangeError for invalid hyper-parameters.
   */
  constructor(params: Iterable<Tensor> | Iterable<ParamGroupInput<RMSpropOptions>>, opts: Partial<RMSpropOptions> = {}) {
    const d: RMSpropOptions = { lr: 1e-2, alpha: 0.99, eps: 1e-8, weightDecay: 0, momentum: 0, centered: false, maximize: false, ...opts };
    if (d.lr < 0) throw new RangeError(`Invalid learning rate: ${d.lr}`);
    if (d.eps < 0) throw new RangeError(`Invalid epsilon value: ${d.eps}`);
    if (d.momentum < 0) throw new RangeError(`Invalid momentum value: ${d.momentum}`);
    if (d.weightDecay < 0) throw new RangeError(`Invalid weight_decay value: ${d.weightDecay}`);
    if (d.alpha < 0) throw new RangeError(`Invalid alpha value: ${d.alpha}`);
    super(params, d);
  }

  /** @internal */
  protected update(p: Tensor, grad: Tensor, g: ParamGroup<RMSpropOptions>, state: RMSpropState | undefined): RMSpropState {
    const s: RMSpropState = state ?? {
      step: 0,
      squareAvg: zerosLike(p),
      gradAvg: g.centered ? zerosLike(p) : null,
      momentumBuffer: g.momentum > 0 ? zerosLike(p) : null,
    };
    // every option is read through G() at every call of a compiled step; the state is updated in place
    const G = this.current(g);
    let d = hostGuard(() => G().maximize) ? grad.neg() : grad;
    hostEffect(() => (s.step += 1));
    if (hostGuard(() => G().weightDecay !== 0)) d = d.add(p.detach().mul(this.scalar(() => G().weightDecay, p)));
    s.squareAvg.mul_(this.scalar(() => G().alpha, p)).add_(d.mul(this.scalar(() => 1 - G().alpha, p)).mul(d));
    let avg: Tensor;
    if (hostGuard(() => G().centered)) {
      const gradAvg = (s.gradAvg ??= zerosLike(p));
      lerp_(gradAvg, d, () => 1 - G().alpha);
      avg = s.squareAvg.add(gradAvg.neg().mul(gradAvg)).sqrt();
    } else {
      avg = s.squareAvg.sqrt();
    }
    avg = avg.add(this.scalar(() => G().eps, p));
    if (hostGuard(() => G().momentum > 0)) {
      const buf = (s.momentumBuffer ??= zerosLike(p));
      buf.mul_(this.scalar(() => G().momentum, p)).add_(d.div(avg));
      p.add_(buf.mul(this.scalar(() => -G().lr, p)));
    } else {
      p.add_(d.mul(this.scalar(() => -G().lr, p)).div(avg));
    }
    return s;
  }
}
