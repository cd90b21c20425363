/**
 * `Adam` and `AdamW` (decoupled weight decay), with AMSGrad.
 * @module
 */
import { hostEffect, hostGuard, zerosLike } from '@chainrule/autograd';
import { fusedAdamStep_ } from '@chainrule/autograd/backend';
import type { Tensor } from '@chainrule/autograd';
import { lerp_, Optimizer } from './optimizer.js';
import type { ParamGroup, ParamGroupInput } from './optimizer.js';

/**
 * The hyper-parameters of {@link Adam} and {@link AdamW}.
 * @example
 * ```ts
 * const opts: Partial<optim.AdamOptions> = { lr: 3e-4, betas: [0.9, 0.95], amsgrad: true };
 * new optim.Adam([zeros([1], { requiresGrad: true })], opts).paramGroups[0]!.eps; // 1e-8
 * ```
 */
export interface AdamOptions {
  /** Learning rate (default 1e-3). */
  lr: number;
  /** Decay rates of the first and second moments (default [0.9, 0.999]). */
  betas: readonly [number, number];
  /** Added to the denominator (default 1e-8). */
  eps: number;
  /** Weight decay: L2 on the gradient for Adam (default 0), decoupled for AdamW (default 1e-2). */
  weightDecay: number;
  /** Use the maximum of past second moments (default false). */
  amsgrad: boolean;
  /** Maximize the objective instead (default false). */
  maximize: boolean;
}

/**
 * The per-parameter state of {@link Adam} and {@link AdamW}.
 * @example
 * ```ts
 * const w = tensor([1], { requiresGrad: true });
 * const opt = new optim.Adam([w]);
 * w.square().sum().backward();
 * opt.step();
 * const s: optim.AdamState | undefined = opt.state.get(w);
 * s?.step; // 1
 * s?.expAvg; // tensor([0.2000])
 * ```
 */
export interface AdamState {
  /** Steps taken. */
  step: number;
  /** First moment. */
  expAvg: Tensor;
  /** Second moment. */
  expAvgSq: Tensor;
  /** Running maximum of the second moment (AMSGrad), or null. */
  maxExpAvgSq: Tensor | null;
}

function checkAdam(d: AdamOptions): AdamOptions {
  if (d.lr < 0) throw new RangeError(`Invalid learning rate: ${d.lr}`);
  if (d.eps < 0) throw new RangeError(`Invalid epsilon value: ${d.eps}`);
  d.betas.forEach((b, i) => {
    if (!(b >= 0 && b < 1)) throw new RangeError(`Invalid beta parameter at index ${i}: ${b}`);
  });
  if (d.weightDecay < 0) throw new RangeError(`Invalid weight_decay value: ${d.weightDecay}`);
  return d;
}

/**
 * Adam, like `torch.optim.Adam` (its reference for-loop update): g ← g + wd·p;
 * m ← lerp(m, g, 1−β₁); v ← β₂v + (1−β₂)g²; p ← p − lr/(1−β₁ᵗ) · m / (√v/√(1−β₂ᵗ) + ε).
 * @example
 * ```ts
 * import { tensor } from '@chainrule/autograd';
 * import { optim } from '@chainrule/nn';
 * const w = tensor([1, -1], { requiresGrad: true });
 * const opt = new optim.Adam([w], { lr: 0.1 });
 * w.square().sum().backward();
 * opt.step(); // the first Adam step moves each weight by about lr, against its gradient's sign
 * w; // tensor([ 0.9000, -0.9000], requires_grad=True)
 * ```
 */
export class Adam extends Optimizer<AdamOptions, AdamState> {
  /** Whether weight decay is decoupled (AdamW). */
  protected readonly decoupled: boolean = false;

  /**
   * @param params - parameters or parameter groups.
   * @param opts - `lr` (default 1e-3), `betas`, `eps`, `weightDecay` (default 0), `amsgrad`, `maximize`.
   * @throws RangeError for invalid hyper-parameters.
   */
  constructor(params: Iterable<Tensor> | Iterable<ParamGroupInput<AdamOptions>>, opts: Partial<AdamOptions> = {}) {
    super(params, checkAdam({ lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false, maximize: false, ...opts }));
  }

  /** @internal */
  protected update(p: Tensor, grad: Tensor, g: ParamGroup<AdamOptions>, state: AdamState | undefined): AdamState {
    // every option is read through G() at every call of a compiled step (a scheduler may change
    // it); the state is updated in place, as PyTorch does
    const G = this.current(g);
    const s: AdamState = state ?? { step: 0, expAvg: zerosLike(p), expAvgSq: zerosLike(p), maxExpAvgSq: g.amsgrad ? zerosLike(p) : null };
    let d = hostGuard(() => G().maximize) ? grad.neg() : grad;
    hostEffect(() => (s.step += 1));
    if (hostGuard(() => G().weightDecay !== 0)) {
      if (this.decoupled) p.mul_(this.scalar(() => 1 - G().lr * G().weightDecay, p));
      else d = d.add(p.detach().mul(this.scalar(() => G().weightDecay, p)));
    }
    const beta1 = (): number => G().betas[0];
    const beta2 = (): number => G().betas[1];
    const bc2Sqrt = (): number => Math.sqrt(1 - beta2() ** s.step);
    const stepSize = (): number => G().lr / (1 - beta1() ** s.step);
    // one kernel pass, the same numbers as the ops below (contiguous tensors of one dtype)
    const constants = () => ({ beta1: beta1(), beta2: beta2(), stepSize: stepSize(), bc2Sqrt: bc2Sqrt(), eps: G().eps });
    if (!hostGuard(() => G().amsgrad) && fusedAdamStep_(p, d, s.expAvg, s.expAvgSq, constants)) return s;
    lerp_(s.expAvg, d, () => 1 - beta1());
    s.expAvgSq.mul_(this.scalar(beta2, p)).add_(d.mul(this.scalar(() => 1 - beta2(), p)).mul(d));
    let v = s.expAvgSq;
    if (hostGuard(() => G().amsgrad)) {
      const max = (s.maxExpAvgSq ??= zerosLike(p));
      max.copy_(max.maximum(s.expAvgSq));
      v = max;
    }
    const denom = v.sqrt().div(this.scalar(bc2Sqrt, p)).add(this.scalar(() => G().eps, p));
    p.add_(s.expAvg.mul(this.scalar(() => -stepSize(), p)).div(denom));
    return s;
  }
}

/**
 * AdamW, like `torch.optim.AdamW`: Adam with decoupled weight decay p ← p·(1 − lr·wd) before the
 * Adam step (default weightDecay 1e-2).
 * @example
 * ```ts
 * const w = tensor([1], { requiresGrad: true });
 * const opt = new optim.AdamW([w], { lr: 0.1, weightDecay: 0.5 });
 * w.mul(0).sum().backward(); // a zero gradient: only the decay acts
 * opt.step();
 * w; // tensor([0.9500], requires_grad=True)
 * ```
 */
export class AdamW extends Adam {
  protected override readonly decoupled: boolean = true;

  /**
   * @param params - parameters or parameter groups.
   * @param opts - as {@link Adam}, with `weightDecay` defaulting to 1e-2.
   * @throws RangeError for invalid hyper-parameters.
   */
  constructor(params: Iterable<Tensor> | Iterable<ParamGroupInput<AdamOptions>>, opts: Partial<AdamOptions> = {}) {
    super(params, { weightDecay: 1e-2, ...opts });
  }
}
