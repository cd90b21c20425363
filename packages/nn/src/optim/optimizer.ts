/**
 * `Optimizer`: parameter groups (immutable configs), per-parameter state, `zeroGrad`, `step`, and
 * state dicts for resuming, as `torch.optim.Optimizer`.
 * @module
 */
import { freeze } from 'immer';
import { enableGrad, hostGuard, hostScalar, noGrad, Tensor } from '@chainrule/autograd';

/**
 * The hyper-parameters every optimizer has.
 * @example
 * ```ts
 * const opts: optim.BaseOptions = { lr: 0.1 };
 * new optim.SGD([zeros([1], { requiresGrad: true })], opts).paramGroups[0]!.lr; // 0.1
 * ```
 */
export interface BaseOptions {
  /** The learning rate. */
  lr: number;
}

/**
 * Keys the schedulers add to a parameter group (PyTorch's `initial_lr`, `max_lr`, `min_lr`, …).
 * @example
 * ```ts
 * const opt = new optim.SGD([zeros([1], { requiresGrad: true })], { lr: 0.1 });
 * new optim.StepLR(opt, { stepSize: 10 });
 * const keys: optim.SchedulerKeys = opt.paramGroups[0]!;
 * keys.initialLr; // 0.1
 * ```
 */
export interface SchedulerKeys {
  /** The learning rate when the first scheduler was attached. */
  initialLr?: number;
  /** OneCycleLR's peak learning rate. */
  maxLr?: number;
  /** OneCycleLR's final learning rate. */
  minLr?: number;
  /** OneCycleLR's momentum bounds. */
  maxMomentum?: number;
  /** OneCycleLR's momentum bounds. */
  baseMomentum?: number;
}

/**
 * A parameter group: its parameters and its hyper-parameters. Groups are frozen (immer); a new
 * version replaces the old one in {@link Optimizer.paramGroups} (schedulers do this with `produce`).
 * @example
 * ```ts
 * const opt = new optim.SGD([zeros([2], { requiresGrad: true })], { lr: 0.1, momentum: 0.9 });
 * const group: optim.ParamGroup<optim.SGDOptions> = opt.paramGroups[0]!;
 * [group.lr, group.momentum, group.params.length]; // [0.1, 0.9, 1]
 * Object.isFrozen(group); // true
 * ```
 */
export type ParamGroup<O extends BaseOptions> = Readonly<O & SchedulerKeys & { params: readonly Tensor[] }>;

/**
 * What optimizers accept per group: the parameters and any options overriding the defaults.
 * @example
 * ```ts
 * const model = new nn.Sequential(new nn.Linear(4, 4), new nn.ReLU(), new nn.Linear(4, 1));
 * const groups: optim.ParamGroupInput<optim.SGDOptions>[] = [
 *   { params: model.at(0).parameters(), lr: 0.01 },
 *   { params: model.at(2).parameters() },
 * ];
 * new optim.SGD(groups, { lr: 0.1 }).paramGroups.map((g) => g.lr); // [0.01, 0.1]
 * ```
 */
export type ParamGroupInput<O extends BaseOptions> = Partial<O> & { params: Iterable<Tensor> };

/**
 * An optimizer's saved state, as PyTorch's `optimizer.state_dict()`: parameters are referred to by
 * their index over all groups.
 * @example
 * ```ts
 * const w = tensor([1], { requiresGrad: true });
 * const opt = new optim.SGD([w], { lr: 0.1, momentum: 0.9 });
 * w.square().sum().backward();
 * opt.step();
 * const saved: optim.OptimizerStateDict<optim.SGDOptions> = opt.stateDict();
 * saved.paramGroups[0]!.params; // [0]
 * saved.state[0]!.momentumBuffer; // tensor([2.])
 * ```
 */
export interface OptimizerStateDict<O extends BaseOptions = BaseOptions> {
  /** Per-parameter state by the parameter's index over all groups. */
  readonly state: Readonly<Record<number, Readonly<Record<string, Tensor | number | null>>>>;
  /** The groups' hyper-parameters with parameter indices in place of tensors. */
  readonly paramGroups: readonly Readonly<Omit<ParamGroup<O>, 'params'> & { params: readonly number[] }>[];
}

/**
 * The base class of optimizers, like `torch.optim.Optimizer`. Subclasses implement `update` for
 * one parameter; `step()` calls it inside `noGrad` for every parameter that has a gradient.
 * @typeParam O - the hyper-parameters.
 * @typeParam S - the per-parameter state.
 * @example
 * ```ts
 * import { tensor } from '@chainrule/autograd';
 * import type { Tensor } from '@chainrule/autograd';
 * import { optim } from '@chainrule/nn';
 * // signSGD: p ← p − lr·sign(g)
 * class SignSGD extends optim.Optimizer<optim.BaseOptions> {
 *   protected update(p: Tensor, g: Tensor, group: optim.ParamGroup<optim.BaseOptions>): Record<string, never> {
 *     p.sub_(g.sign(), { alpha: group.lr });
 *     return {};
 *   }
 * }
 * const w = tensor([3, -2], { requiresGrad: true });
 * const opt = new SignSGD([w], { lr: 0.5 });
 * w.square().sum().backward();
 * opt.step();
 * w; // tensor([ 2.5000, -1.5000], requires_grad=True)
 * ```
 */
export abstract class Optimizer<O extends BaseOptions, S extends object = Record<string, Tensor | number | null>> {
  /** The hyper-parameters used where a group does not override them. */
  readonly defaults: Readonly<O>;
  /** The parameter groups (each frozen; replace one to change its options). */
  paramGroups: ParamGroup<O>[] = [];
  /** Per-parameter state (momentum buffers, moments, step counts), created on a parameter's first step. */
  state = new Map<Tensor, S>();

  /**
   * @param params - parameters, or groups `{ params, ...options }`.
   * @param defaults - the hyper-parameters of groups that do not set them.
   * @throws Error for an empty parameter list, a non-leaf tensor, or a parameter in two groups.
   * @throws TypeError for something that is not a tensor.
   */
  constructor(params: Iterable<Tensor> | Iterable<ParamGroupInput<O>>, defaults: O) {
    this.defaults = freeze({ ...defaults });
    const list = [...params] as (Tensor | ParamGroupInput<O>)[];
    if (list.length === 0) throw new Error('optimizer got an empty parameter list');
    const groups: ParamGroupInput<O>[] = list[0] instanceof Tensor ? [{ params: list as Tensor[] } as unknown as ParamGroupInput<O>] : (list as ParamGroupInput<O>[]);
    for (const g of groups) this.addParamGroup(g);
  }

  /**
   * Adds a group of parameters with its own options, like `add_param_group` (to unfreeze layers
   * while training, for instance).
   * @param group - `{ params, ...options }`; missing options come from the defaults.
   * @throws Error for a non-leaf tensor or a parameter already in a group.
   * @throws TypeError for something that is not a tensor.
   * @example
   * ```ts
   * const body = new nn.Linear(4, 4);
   * const head = new nn.Linear(4, 1);
   * const opt = new optim.SGD(body.parameters(), { lr: 0.1 });
   * opt.addParamGroup({ params: head.parameters(), lr: 1e-2 });
   * opt.paramGroups.map((g) => g.lr); // [0.1, 0.01]
   * opt.addParamGroup({ params: head.parameters() }); // throws Error: more than one parameter group
   * ```
   */
  addParamGroup(group: ParamGroupInput<O>): void {
    const params = [...group.params];
    const seen = new Set(this.paramGroups.flatMap((g) => g.params));
    for (const p of params) {
      if (!(p instanceof Tensor)) throw new TypeError('optimizer can only optimize Tensors');
      if (!p.isLeaf) throw new Error("can't optimize a non-leaf Tensor");
      if (seen.has(p)) throw new Error('some parameters appear in more than one parameter group');
      seen.add(p);
    }
    this.paramGroups.push(freeze({ ...this.defaults, ...group, params }, true) as ParamGroup<O>);
  }

  /**
   * Clears the gradients of all parameters, like `zero_grad`.
   * @param opts - `setToNone` (default true, as PyTorch 2): set `.grad` to null rather than zeroing it.
   * @example
   * ```ts
   * const w = tensor([1], { requiresGrad: true });
   * const opt = new optim.SGD([w], { lr: 0.1 });
   * w.sum().backward();
   * opt.zeroGrad();
   * w.grad; // null
   * ```
   */
  zeroGrad(opts: { setToNone?: boolean } = {}): void {
    const setToNone = opts.setToNone ?? true;
    for (const g of this.paramGroups) {
      for (const p of g.params) {
        if (p.grad === null) continue;
        if (setToNone) p.grad = null;
        else noGrad(() => p.grad!.detach().zero_());
      }
    }
  }

  /**
   * The group `group` is now (schedulers replace groups): what a compiled step reads its options from.
   * @param group - a group of this optimizer.
   * @returns a function giving the group at that place now.
   */
  protected current(group: ParamGroup<O>): () => ParamGroup<O> {
    const i = this.paramGroups.indexOf(group);
    return () => this.paramGroups[i] ?? group;
  }

  /**
   * A number of the update as a 0-dim tensor of `like`'s dtype, computed again at every call of a
   * compiled step (see `hostScalar` in `@chainrule/autograd`): learning rates, betas, bias corrections.
   * @param value - computes the number from the options and state.
   * @param like - the tensor whose dtype to take.
   * @returns the scalar tensor.
   */
  protected scalar(value: () => number, like: Tensor): Tensor {
    return hostScalar(value, like.dtype);
  }

  /**
   * Updates one parameter in place (called inside `noGrad`).
   * @param param - the parameter.
   * @param grad - its gradient.
   * @param group - its group's options.
   * @param state - its state from the previous step, or undefined on the first.
   * @returns the new state.
   */
  protected abstract update(param: Tensor, grad: Tensor, group: ParamGroup<O>, state: S | undefined): S;

  /**
   * Performs one optimization step on every parameter that has a gradient, like `step`.
   * @param closure - optional: re-evaluates the model and returns the loss (run with grad enabled).
   * @returns the closure's loss, if given.
   * @example
   * ```ts
   * const w = tensor([1], { requiresGrad: true });
   * const opt = new optim.SGD([w], { lr: 0.1 });
   * const loss = opt.step(() => {
   *   opt.zeroGrad();
   *   const l = w.square().sum();
   *   l.backward();
   *   return l;
   * });
   * loss?.item(); // 1
   * w; // tensor([0.8000], requires_grad=True)
   * ```
   */
  step(closure?: () => Tensor): Tensor | undefined {
    const loss = closure === undefined ? undefined : enableGrad(closure);
    // a compiled step keeps updating the state tensors it captured: after loadStateDict, capture again
    hostGuard(() => this.state);
    noGrad(() => {
      for (const g of this.paramGroups) {
        for (const p of g.params) {
          if (p.grad === null) continue;
          this.state.set(p, this.update(p, p.grad, g, this.state.get(p)));
        }
      }
    });
    return loss;
  }

  /**
   * The optimizer's state for resuming, like `state_dict`: parameters are referred to by their index
   * over all groups; tensors are copies. The result is frozen.
   * @returns the state dict.
   * @example
   * ```ts
   * const w = tensor([1], { requiresGrad: true });
   * const opt = new optim.Adam([w], { lr: 0.1 });
   * w.square().sum().backward();
   * opt.step();
   * const saved = opt.stateDict();
   * saved.state[0]!.step; // 1
   * saved.paramGroups[0]!.lr; // 0.1
   * ```
   */
  stateDict(): OptimizerStateDict<O> {
    const index = new Map<Tensor, number>();
    const paramGroups = this.paramGroups.map((g) => {
      const { params, ...rest } = g;
      return { ...rest, params: params.map((p) => index.get(p) ?? index.set(p, index.size).size - 1) };
    });
    const state: Record<number, Record<string, Tensor | number | null>> = {};
    for (const [p, s] of this.state) {
      const i = index.get(p);
      if (i === undefined) continue;
      state[i] = Object.fromEntries(Object.entries(s).map(([k, v]) => [k, v instanceof Tensor ? v.detach().clone() : (v as number | null)]));
    }
    return freeze({ state, paramGroups } as OptimizerStateDict<O>, true);
  }

  /**
   * Restores a state saved by {@link Optimizer.stateDict}, like `load_state_dict` (the groups must
   * hold the same numbers of parameters); tensors are copied and cast to their parameter's dtype.
   * @param stateDict - the saved state.
   * @throws Error when the group count or sizes differ.
   * @example
   * ```ts
   * const w = tensor([1], { requiresGrad: true });
   * const opt = new optim.Adam([w], { lr: 0.1 });
   * w.square().sum().backward();
   * opt.step();
   * const resumed = new optim.Adam([w]);
   * resumed.loadStateDict(opt.stateDict());
   * resumed.paramGroups[0]!.lr; // 0.1
   * resumed.state.get(w)?.step; // 1
   * ```
   */
  loadStateDict(stateDict: OptimizerStateDict<O>): void {
    const saved = stateDict.paramGroups;
    if (saved.length !== this.paramGroups.length) throw new Error('loaded state dict has a different number of parameter groups');
    saved.forEach((g, i) => {
      if (g.params.length !== this.paramGroups[i]!.params.length) {
        throw new Error("loaded state dict contains a parameter group that doesn't match the size of optimizer's group");
      }
    });
    const byIndex = new Map<number, Tensor>();
    saved.forEach((g, i) => (g.params as readonly number[]).forEach((id, j) => byIndex.set(id, this.paramGroups[i]!.params[j]!)));
    this.state = new Map();
    for (const [id, s] of Object.entries(stateDict.state)) {
      const p = byIndex.get(Number(id));
      if (p === undefined) continue;
      const copy: Record<string, Tensor | number | null> = {};
      for (const [k, v] of Object.entries(s as Readonly<Record<string, Tensor | number | null>>)) {
        copy[k] = v instanceof Tensor ? v.detach().to(p.dtype).clone() : v;
      }
      this.state.set(p, copy as S);
    }
    this.paramGroups = saved.map((g, i) => freeze({ ...g, params: this.paramGroups[i]!.params }, true) as unknown as ParamGroup<O>);
  }
}

/**
 * @internal PyTorch's CPU `lerp_` in place: self ← self + w·(end − self), or from the other end,
 * end − (end − self)·(1 − w), for w ≥ ½; `weight` is read at every call of a compiled step.
 */
export function lerp_(self: Tensor, end: Tensor, weight: () => number): void {
  if (hostGuard(() => weight() < 0.5)) self.add_(end.sub(self).mul(hostScalar(weight, self.dtype)));
  else self.copy_(end.sub(end.sub(self).mul(hostScalar(() => 1 - weight(), self.dtype))));
}
