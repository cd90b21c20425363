/**
 * `SGD` with momentum, dampening, Nesterov and weight decay.
 * @module
 */
import { hostGuard } from '@chainrule/autograd';
import type { Tensor } from '@chainrule/autograd';
import { Optimizer } from './optimizer.js';
import type { ParamGroup, ParamGroupInput } from './optimizer.js';

/**
 * The hyper-parameters of {@link SGD}.
 * @example
 * ```ts
 * const opts: Partial<optim.SGDOptions> = { lr: 0.1, momentum: 0.9, nesterov: true };
 * new optim.SGD([zeros([1], { requiresGrad: true })], opts).paramGroups[0]!.dampening; // 0
 * ```
 */
export interface SGDOptions {
  /** Learning rate (default 1e-3). */
  lr: number;
  /** Momentum factor (default 0). */
  momentum: number;
  /** Dampening of the momentum (default 0). */
  dampening: number;
  /** L2 penalty added to the gradient (default 0). */
  weightDecay: number;
  /** Nesterov momentum (default false; needs momentum > 0 and dampening 0). */
  nesterov: boolean;
  /** Maximize the objective instead (default false). */
  maximize: boolean;
}

/**
 * The per-parameter state of {@link SGD}.
 * @example
 * ```ts
 * const w = tensor([1], { requiresGrad: true });
 * const opt = new optim.SGD([w], { lr: 0.1, momentum: 0.9 });
 * w.square().sum().backward();
 * opt.step();
 * const s: optim.SGDState | undefined = opt.state.get(w);
 * s?.momentumBuffer; // tensor([2.])
 * ```
 */
export interface SGDState {
  /** The momentum buffer (null without momentum). */
  momentumBuffer: Tensor | null;
}

/**
 * Stochastic gradient descent, like `torch.optim.SGD` (its reference for-loop update):
 * g ← g + wd·p; b ← μ·b + (1−τ)·g (b = g on the first step); g ← g + μ·b (Nesterov) or b; p ← p − lr·g.
 * @example
 * ```ts
 * import { tensor } from '@chainrule/autograd';
 * import { optim } from '@chainrule/nn';
 * const w = tensor([1], { requiresGrad: true });
 * const opt = new optim.SGD([w], { lr: 0.1, momentum: 0.9 });
 * for (let i = 0; i < 2; i++) {
 *   opt.zeroGrad();
 *   w.square().sum().backward(); // d(w²) = 2w
 *   opt.step();
 * }
 * w; // tensor([0.4600], requires_grad=True)
 * ```
 */
export class SGD extends Optimizer<SGDOptions, SGDState> {
  /**
   * @param params - parameters or parameter groups.
   * @param opts - `lr` (default 1e-3), `momentum`, `dampening`, `weightDecay`, `nesterov`, `maximize`.
   * @throws RangeError for a negative lr, momentum or weight decay, or Nesterov without momentum or with dampening.
   */
  constructor(params: Iterable<Tensor> | Iterable<ParamGroupInput<SGDOptions>>, opts: Partial<SGDOptions> = {}) {
    const d: SGDOptions = { lr: 1e-3, momentum: 0, dampening: 0, weightDecay: 0, nesterov: false, maximize: false, ...opts };
    if (d.lr < 0) throw new RangeError(`Invalid learning rate: ${d.lr}`);
    if (d.momentum < 0) throw new RangeError(`Invalid momentum value: ${d.momentum}`);
    if (d.weightDecay < 0) throw new RangeError(`Invalid weight_decay value: ${d.weightDecay}`);
    if (d.nesterov && (d.momentum <= 0 || d.dampening !== 0)) throw new RangeError('Nesterov momentum requires a momentum and zero dampening');
    super(params, d);
  }

  /** @internal */
  protected update(p: Tensor, grad: Tensor, g: ParamGroup<SGDOptions>, state: SGDState | undefined): SGDState {
    // every option is read through G() at every call of a compiled step (a scheduler may change it)
    const G = this.current(g);
    let d = hostGuard(() => G().maximize) ? grad.neg() : grad;
    if (hostGuard(() => G().weightDecay !== 0)) d = d.add(p.detach().mul(this.scalar(() => G().weightDecay, p)));
    let buf = state?.momentumBuffer ?? null;
    if (hostGuard(() => G().momentum !== 0)) {
      // in place, as PyTorch: the state tensors stay the same objects from step to step
      if (buf === null) buf = d.detach().clone();
      else buf.mul_(this.scalar(() => G().momentum, p)).add_(d.mul(this.scalar(() => 1 - G().dampening, p)));
      d = hostGuard(() => G().nesterov) ? d.add(buf.mul(this.scalar(() => G().momentum, p))) : buf;
    }
    p.add_(d.mul(this.scalar(() => -G().lr, p)));
    return { momentumBuffer: buf };
  }
}
