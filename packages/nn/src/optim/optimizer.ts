/**
 * `Optimizer`: parameter groups (immutable configs), per-parameter state, `zeroGrad`, `step`, and
 * state dicts for resuming, as `torch.optim.Optimizer`.
 * @module
 */
import { freeze } from 'immer';
import { enableGrad, noGrad, Tensor } from '@chainrule/autograd';

/** Hyper-parameters every optimizer has. */
export interface BaseOptions {
  /** The learning rate. */
  lr: number;
}

/** Keys the schedulers add to a group (PyTorch's `initial_lr`, `max_lr`, `min_lr`). */
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
 */
export type ParamGroup<O extends BaseOptions> = Readonly<O & SchedulerKeys & { params: readonly Tensor[] }>;

/** What optimizers accept per group: the parameters and any options overriding the defaults. */
export type ParamGroupInput<O extends BaseOptions> = Partial<O> & { params: Iterable<Tensor> };

/** An optimizer's saved state, as PyTorch's `optimizer.state_dict()`: parameters by index. */
export interface OptimizerStateDict<O extends BaseOptions = BaseOptions> {
  /** Per-parameter state by the parameter's index over all groups. */
  readonly state: Readonly<Record<number, Readonly<Record<string, Tensor | number | null>>>>;
  /** The groups' hyper-parameters with parameter indices in place of tensors. */
  readonly paramGroups: readonly Readonly<Omit<ParamGroup<O>, 'params'> & { params: readonly number[] }>[];
}

/**
 * The base class of optimizers, like `torch.optim.Optimizer`. Subclasses implement
 * {@link Optimizer.update} for one parameter; `step()` calls it inside `noGrad` for every parameter
 * that has a gradient.
 * @typeParam O - the hyper-parameters.
 * @typeParam S - the per-parameter state.
 * @example
 * ```ts
 * const opt = new optim.SGD([{ params: model.at(0).parameters(), lr: 0.01 }, { params: model.at(2).parameters() }], { lr: 0.1 });
 * opt.zeroGrad(); loss.backward(); opt.step();
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
   */
  constructor(params: Iterable<Tensor> | Iterable<ParamGroupInput<O>>, defaults: O) {
    this.defaults = freeze({ ...defaults });
    const list = [...params] as (Tensor | ParamGroupInput<O>)[];
    if (list.length === 0) throw new Error('optimizer got an empty parameter list');
    const groups: ParamGroupInput<O>[] = list[0] instanceof Tensor ? [{ params: list as Tensor[] } as unknown as ParamGroupInput<O>] : (list as ParamGroupInput<O>[]);
    for (const g of groups) this.addParamGroup(g);
  }

  /**
   * Adds a group of parameters with its own options (e.g. to unfreeze layers while training).
   * @param group - `{ params, ...options }`; missing options come from the defaults.
   * @throws Error for a non-leaf tensor or a parameter already in a group.
   * @example
   * ```ts
   * opt.addParamGroup({ params: head.parameters(), lr: 1e-2 });
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
   * Clears the gradients of all parameters.
   * @param opts - `setToNone` (default true, as PyTorch 2): set `.grad` to null rather than zeroing it.
   * @example
   * ```ts
   * opt.zeroGrad();
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
   * Updates one parameter in place (called inside `noGrad`).
   * @param param - the parameter.
   * @param grad - its gradient.
   * @param group - its group's options.
   * @param state - its state from the previous step, or undefined on the first.
   * @returns the new state.
   */
  protected abstract update(param: Tensor, grad: Tensor, group: ParamGroup<O>, state: S | undefined): S;

  /**
   * Performs one optimization step on every parameter that has a gradient.
   * @param closure - optional: re-evaluates the model and returns the loss (run with grad enabled).
   * @returns the closure's loss, if given.
   * @example
   * ```ts
   * opt.zeroGrad(); loss.backward(); opt.step();
   * ```
   */
  step(closure?: () => Tensor): Tensor | undefined {
    const loss = closure === undefined ? undefined : enableGrad(closure);
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
   * The optimizer's state for resuming, as `optimizer.state_dict()`: parameters are referred to by
   * their index over all groups; tensors are copies. The result is frozen.
   * @returns the state dict.
   * @example
   * ```ts
   * const saved = opt.stateDict();
   * const opt2 = new optim.Adam(model.parameters()); opt2.loadStateDict(saved);
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
   * Restores a state saved by {@link Optimizer.stateDict} (the groups must hold the same numbers of
   * parameters); tensors are copied and cast to their parameter's dtype.
   * @param stateDict - the saved state.
   * @throws Error when the group count or sizes differ.
   * @example
   * ```ts
   * opt.loadStateDict(saved);
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

/** @internal PyTorch's CPU `lerp`: self + w·(end − self), from the other end for w ≥ ½. */
export function lerp(self: Tensor, end: Tensor, weight: number): Tensor {
  return weight < 0.5 ? self.add(end.sub(self).mul(weight)) : end.sub(end.sub(self).mul(1 - weight));
}
