/**
 * Learning-rate schedulers with PyTorch's step semantics (`torch.optim.lr_scheduler`): the
 * constructor takes the first step (epoch 0), each `step()` moves one epoch on and writes the new
 * learning rates into the optimizer. Param groups are frozen; a scheduler derives each new version
 * with immer's `produce` and puts it in place of the old one.
 * @module
 */
import { produce } from 'immer';
import type { Draft } from 'immer';
import type { BaseOptions, Optimizer, ParamGroup } from './optimizer.js';

/**
 * Any optimizer a scheduler can drive.
 * @example
 * ```ts
 * const w = zeros([1], { requiresGrad: true });
 * const opts: optim.SchedulableOptimizer[] = [new optim.SGD([w], { lr: 0.1 }), new optim.Adam([w])];
 * opts.map((o) => new optim.ExponentialLR(o, { gamma: 0.5 }).getLastLr()[0]); // [0.1, 0.001]
 * ```
 */
export type SchedulableOptimizer = Optimizer<BaseOptions, object>;

/**
 * A scheduler's saved state (PyTorch's `scheduler.state_dict()`, without the optimizer).
 * @example
 * ```ts
 * const opt = new optim.SGD([zeros([1], { requiresGrad: true })], { lr: 0.1 });
 * const sched = new optim.StepLR(opt, { stepSize: 1, gamma: 0.5 });
 * sched.step();
 * const saved: optim.SchedulerStateDict = sched.stateDict();
 * saved; // { lastEpoch: 1, baseLrs: [0.1], lastLr: [0.05], stepCount: 2 }
 * ```
 */
export interface SchedulerStateDict {
  /** The epoch the last `step()` reached. */
  readonly lastEpoch: number;
  /** The learning rates at attachment (PyTorch's `base_lrs`). */
  readonly baseLrs: readonly number[];
  /** The learning rates written by the last step. */
  readonly lastLr: readonly number[];
  /** How many times `step()` has run, the constructor's step included. */
  readonly stepCount: number;
  /**
   * What else a scheduler needs to resume (CosineAnnealingWarmRestarts' cycle, the schedulers
   * of SequentialLR and ChainedScheduler); absent for the others.
   */
  readonly extra?: Readonly<Record<string, unknown>>;
}

/**
 * Options every scheduler takes.
 * @example
 * ```ts
 * const opt = new optim.SGD([zeros([1], { requiresGrad: true })], { lr: 0.1 });
 * new optim.StepLR(opt, { stepSize: 1 }); // sets the group's initialLr
 * const opts: optim.SchedulerOptions = { lastEpoch: 4 };
 * new optim.ExponentialLR(opt, { gamma: 0.5, ...opts }).lastEpoch; // 5
 * ```
 */
export interface SchedulerOptions {
  /**
   * The epoch to resume from (default -1: a fresh start). When resuming, every group must already
   * hold `initialLr` (as PyTorch requires `initial_lr`).
   */
  lastEpoch?: number;
}

type Group = ParamGroup<BaseOptions>;

/**
 * The base class of the schedulers, like `torch.optim.lr_scheduler.LRScheduler`. Subclasses give
 * the learning rates of the epoch {@link LRScheduler.lastEpoch} from the current ones (PyTorch's
 * chainable `get_lr`), and call {@link LRScheduler.initialStep} at the end of their constructor.
 * Call `step()` after `optimizer.step()`, once per epoch (OneCycleLR: once per batch).
 * @example
 * ```ts
 * import { zeros } from '@chainrule/autograd';
 * import { optim } from '@chainrule/nn';
 * // halves the rate on odd epochs
 * class Zigzag extends optim.LRScheduler {
 *   constructor(opt: optim.SchedulableOptimizer) {
 *     super(opt);
 *     this.initialStep();
 *   }
 *   protected getLr(): number[] {
 *     return this.baseLrs.map((lr) => (this.lastEpoch % 2 === 1 ? lr / 2 : lr));
 *   }
 * }
 * const opt = new optim.SGD([zeros([1], { requiresGrad: true })], { lr: 0.1 });
 * const sched = new Zigzag(opt);
 * const lrs: number[] = [];
 * for (let epoch = 0; epoch < 4; epoch++) {
 *   lrs.push(opt.paramGroups[0]!.lr);
 *   opt.step();
 *   sched.step();
 * }
 * lrs; // [0.1, 0.05, 0.1, 0.05]
 * ```
 */
export abstract class LRScheduler {
  /** The optimizer whose groups this scheduler updates. */
  readonly optimizer: SchedulableOptimizer;
  /** Each group's learning rate when the scheduler was attached (`initialLr`). */
  baseLrs: number[];
  /** The epoch the last step reached (-1 before the constructor's step). */
  lastEpoch: number;
  /** How many times `step()` has run (the constructor's step is the first). */
  stepCount = 0;
  #lastLr: number[] = [];

  /**
   * @param optimizer - the optimizer to drive.
   * @param opts - `lastEpoch` to resume (default -1).
   * @throws Error when resuming (lastEpoch ≠ -1) and a group lacks `initialLr`.
   */
  constructor(optimizer: SchedulableOptimizer, opts: SchedulerOptions = {}) {
    this.optimizer = optimizer;
    this.lastEpoch = opts.lastEpoch ?? -1;
    if (this.lastEpoch === -1) {
      this.updateGroups((g) => {
        if (g.initialLr === undefined) g.initialLr = g.lr;
      });
    } else {
      optimizer.paramGroups.forEach((g, i) => {
        if (g.initialLr === undefined) throw new Error(`param 'initialLr' is not specified in paramGroups[${i}] when resuming an optimizer`);
      });
    }
    this.baseLrs = optimizer.paramGroups.map((g) => g.initialLr!);
  }

  /**
   * The learning rates of epoch {@link LRScheduler.lastEpoch}, one per group, usually from the
   * groups' current rates (PyTorch's chainable form).
   * @returns the new learning rates.
   */
  protected abstract getLr(): number[];

  /**
   * Takes the constructor's step (epoch 0), as PyTorch's `_initial_step`; subclasses call it last.
   * @example
   * ```ts
   * class Constant extends optim.LRScheduler {
   *   constructor(opt: optim.SchedulableOptimizer) {
   *     super(opt);
   *     this.initialStep();
   *   }
   *   protected getLr(): number[] {
   *     return this.optimizer.paramGroups.map((g) => g.lr);
   *   }
   * }
   * const sched = new Constant(new optim.SGD([zeros([1], { requiresGrad: true })], { lr: 0.1 }));
   * [sched.lastEpoch, sched.stepCount]; // [0, 1]
   * ```
   */
  protected initialStep(): void {
    this.step();
  }

  /**
   * Replaces every param group by a new frozen version made with immer's `produce`.
   * @param recipe - changes one group's draft (index given).
   */
  protected updateGroups(recipe: (draft: Draft<Group> & Record<string, unknown>, i: number) => void): void {
    replaceGroups(this.optimizer, recipe);
  }

  /**
   * The learning rates of epoch {@link LRScheduler.lastEpoch} in closed form, for `step(epoch)`
   * (PyTorch's `_get_closed_form_lr`), or null when the scheduler has none (then `getLr` is used).
   * @returns the rates, or null.
   */
  protected closedFormLr(): number[] | null {
    return null;
  }

  /**
   * Writes `lrs` into the groups and records them as the last rates.
   * @param lrs - one rate per group.
   */
  protected apply(lrs: readonly number[]): void {
    this.updateGroups((g, i) => {
      g.lr = lrs[i]!;
    });
    this.record(lrs);
  }

  /**
   * Records `lrs` as the rates {@link LRScheduler.getLastLr} returns (without writing them).
   * @param lrs - one rate per group.
   */
  protected record(lrs: readonly number[]): void {
    this.#lastLr = [...lrs];
  }

  /**
   * What else {@link LRScheduler.stateDict} saves for this scheduler (none by default).
   * @returns JSON-like data, or undefined.
   */
  protected extraState(): Record<string, unknown> | undefined {
    return undefined;
  }

  /**
   * Restores what {@link LRScheduler.extraState} saved.
   * @param extra - the saved data.
   */
  protected loadExtraState(extra: Readonly<Record<string, unknown>>): void {
    void extra;
  }

  /**
   * Moves one epoch on and writes the new learning rates into the optimizer's groups, like `step`.
   * Call it after `optimizer.step()`, as in PyTorch.
   * @param epoch - jump to this epoch instead (PyTorch's deprecated `step(epoch)`, which
   *   SequentialLR uses): the rates come from the scheduler's closed form where it has one.
   * @throws RangeError for an epoch that is not a finite number.
   * @example
   * ```ts
   * const opt = new optim.SGD([zeros([1], { requiresGrad: true })], { lr: 0.1 });
   * const sched = new optim.ExponentialLR(opt, { gamma: 0.5 });
   * opt.step();
   * sched.step();
   * opt.paramGroups[0]!.lr; // 0.05
   * ```
   */
  step(epoch?: number): void {
    this.stepCount += 1;
    if (epoch === undefined) {
      this.lastEpoch += 1;
      this.apply(this.getLr());
      return;
    }
    if (!Number.isFinite(epoch)) throw new RangeError(`${this.constructor.name}.step: epoch must be a finite number, got ${epoch}`);
    this.lastEpoch = epoch;
    this.apply(this.closedFormLr() ?? this.getLr());
  }

  /**
   * The learning rates the last step wrote, one per group, like `get_last_lr()`.
   * @returns a copy of the rates.
   * @example
   * ```ts
   * const opt = new optim.SGD([zeros([1], { requiresGrad: true })], { lr: 0.1 });
   * new optim.LinearLR(opt, { startFactor: 0.5 }).getLastLr(); // [0.05]
   * ```
   */
  getLastLr(): number[] {
    return [...this.#lastLr];
  }

  /**
   * The state needed to resume, like `state_dict` (the optimizer saves its own).
   * @returns the state.
   * @example
   * ```ts
   * const opt = new optim.SGD([zeros([1], { requiresGrad: true })], { lr: 0.1 });
   * const sched = new optim.StepLR(opt, { stepSize: 10 });
   * sched.step();
   * sched.stateDict().lastEpoch; // 1
   * ```
   */
  stateDict(): SchedulerStateDict {
    const extra = this.extraState();
    return Object.freeze({
      lastEpoch: this.lastEpoch,
      baseLrs: Object.freeze([...this.baseLrs]),
      lastLr: Object.freeze([...this.#lastLr]),
      stepCount: this.stepCount,
      ...(extra === undefined ? {} : { extra: Object.freeze(extra) }),
    });
  }

  /**
   * Restores a state from {@link LRScheduler.stateDict}, like `load_state_dict` (the optimizer's
   * groups are not touched: restore them with `optimizer.loadStateDict`).
   * @param state - the saved state.
   * @throws Error when the number of groups differs.
   * @example
   * ```ts
   * const w = zeros([1], { requiresGrad: true });
   * const opt = new optim.SGD([w], { lr: 0.1 });
   * const sched = new optim.StepLR(opt, { stepSize: 2, gamma: 0.5 });
   * for (let i = 0; i < 3; i++) sched.step();
   * const opt2 = new optim.SGD([w], { lr: 0.1 });
   * opt2.loadStateDict(opt.stateDict());
   * const sched2 = new optim.StepLR(opt2, { stepSize: 2, gamma: 0.5 });
   * sched2.loadStateDict(sched.stateDict());
   * sched2.step();
   * sched2.getLastLr(); // [0.025]
   * ```
   */
  loadStateDict(state: SchedulerStateDict): void {
    if (state.baseLrs.length !== this.optimizer.paramGroups.length) {
      throw new Error(`scheduler state has ${state.baseLrs.length} groups, the optimizer has ${this.optimizer.paramGroups.length}`);
    }
    this.lastEpoch = state.lastEpoch;
    this.baseLrs = [...state.baseLrs];
    this.#lastLr = [...state.lastLr];
    this.stepCount = state.stepCount;
    if (state.extra !== undefined) this.loadExtraState(state.extra);
  }

  /** @internal The groups' current learning rates. */
  protected currentLrs(): number[] {
    return this.optimizer.paramGroups.map((g) => g.lr);
  }
}

/** Replaces every group of `optimizer` by a new frozen version made with immer's `produce`. @internal */
export function replaceGroups(optimizer: SchedulableOptimizer, recipe: (draft: Draft<Group> & Record<string, unknown>, i: number) => void): void {
  const groups = optimizer.paramGroups as Group[];
  for (let i = 0; i < groups.length; i++) {
    groups[i] = produce(groups[i]!, (d) => recipe(d as Draft<Group> & Record<string, unknown>, i));
  }
}

/** @internal */
export function checkPositiveInt(op: string, name: string, v: number): void {
  if (!Number.isInteger(v) || v <= 0) throw new RangeError(`${op}: ${name} must be a positive integer, got ${v}`);
}

/**
 * Options of {@link StepLR}.
 * @example
 * ```ts
 * const opts: optim.StepLROptions = { stepSize: 30, gamma: 0.1 };
 * const opt = new optim.SGD([zeros([1], { requiresGrad: true })], { lr: 0.1 });
 * new optim.StepLR(opt, opts).stepSize; // 30
 * ```
 */
export interface StepLROptions extends SchedulerOptions {
  /** Decay every this many epochs. */
  stepSize: number;
  /** The decay factor (default 0.1). */
  gamma?: number;
}

/**
 * Multiplies the learning rate by `gamma` every `stepSize` epochs, like `StepLR`:
 * lr = base · γ^⌊epoch / stepSize⌋.
 * @example
 * ```ts
 * import { zeros } from '@chainrule/autograd';
 * import { optim } from '@chainrule/nn';
 * const opt = new optim.SGD([zeros([1], { requiresGrad: true })], { lr: 0.1 });
 * const sched = new optim.StepLR(opt, { stepSize: 2, gamma: 0.5 });
 * const lrs: number[] = [];
 * for (let epoch = 0; epoch < 5; epoch++) {
 *   lrs.push(sched.getLastLr()[0]!);
 *   opt.step(); // training for one epoch goes here
 *   sched.step();
 * }
 * lrs; // [0.1, 0.1, 0.05, 0.05, 0.025]
 * ```
 */
export class StepLR extends LRScheduler {
  /** The period in epochs. */
  readonly stepSize: number;
  /** The decay factor. */
  readonly gamma: number;
  /**
   * @param optimizer - the optimizer.
   * @param opts - `stepSize`, `gamma` (default 0.1), `lastEpoch`.
   * @throws RangeError when stepSize is not a positive integer.
   */
  constructor(optimizer: SchedulableOptimizer, opts: StepLROptions) {
    super(optimizer, opts);
    checkPositiveInt('StepLR', 'stepSize', opts.stepSize);
    this.stepSize = opts.stepSize;
    this.gamma = opts.gamma ?? 0.1;
    this.initialStep();
  }
  /** @returns the learning rates of this epoch. */
  protected getLr(): number[] {
    const lrs = this.currentLrs();
    if (this.lastEpoch === 0 || this.lastEpoch % this.stepSize !== 0) return lrs;
    return lrs.map((lr) => lr * this.gamma);
  }
  /** @returns base · γ^⌊epoch / stepSize⌋. */
  protected override closedFormLr(): number[] {
    return this.baseLrs.map((b) => b * this.gamma ** Math.floor(this.lastEpoch / this.stepSize));
  }
}

/**
 * Options of {@link MultiStepLR}.
 * @example
 * ```ts
 * const opts: optim.MultiStepLROptions = { milestones: [30, 80] };
 * const opt = new optim.SGD([zeros([1], { requiresGrad: true })], { lr: 0.1 });
 * [...new optim.MultiStepLR(opt, opts).milestones.keys()]; // [30, 80]
 * ```
 */
export interface MultiStepLROptions extends SchedulerOptions {
  /** The epochs at which to decay (a milestone listed k times decays by γᵏ). */
  milestones: readonly number[];
  /** The decay factor (default 0.1). */
  gamma?: number;
}

/**
 * Multiplies the learning rate by `gamma` at each milestone epoch, like `MultiStepLR`.
 * @example
 * ```ts
 * const opt = new optim.SGD([zeros([1], { requiresGrad: true })], { lr: 1 });
 * const sched = new optim.MultiStepLR(opt, { milestones: [1, 3], gamma: 0.1 });
 * const lrs: number[] = [];
 * for (let epoch = 0; epoch < 4; epoch++, sched.step()) lrs.push(sched.getLastLr()[0]!);
 * lrs; // [1, 0.1, 0.1, 0.01]
 * ```
 */
export class MultiStepLR extends LRScheduler {
  /** How many times each milestone epoch is listed. */
  readonly milestones: ReadonlyMap<number, number>;
  /** The decay factor. */
  readonly gamma: number;
  /**
   * @param optimizer - the optimizer.
   * @param opts - `milestones`, `gamma` (default 0.1), `lastEpoch`.
   * @throws RangeError for a milestone that is not a non-negative integer.
   */
  constructor(optimizer: SchedulableOptimizer, opts: MultiStepLROptions) {
    super(optimizer, opts);
    const counts = new Map<number, number>();
    for (const m of opts.milestones) {
      if (!Number.isInteger(m) || m < 0) throw new RangeError(`MultiStepLR: milestones must be non-negative integers, got ${m}`);
      counts.set(m, (counts.get(m) ?? 0) + 1);
    }
    this.milestones = counts;
    this.gamma = opts.gamma ?? 0.1;
    this.initialStep();
  }
  /** @returns the learning rates of this epoch. */
  protected getLr(): number[] {
    const k = this.milestones.get(this.lastEpoch);
    const lrs = this.currentLrs();
    return k === undefined ? lrs : lrs.map((lr) => lr * this.gamma ** k);
  }
  /** @returns base · γ^(milestones passed). */
  protected override closedFormLr(): number[] {
    let passed = 0;
    for (const [m, k] of this.milestones) if (m <= this.lastEpoch) passed += k;
    return this.baseLrs.map((b) => b * this.gamma ** passed);
  }
}

/**
 * Options of {@link ExponentialLR}.
 * @example
 * ```ts
 * const opts: optim.ExponentialLROptions = { gamma: 0.9 };
 * const opt = new optim.SGD([zeros([1], { requiresGrad: true })], { lr: 0.1 });
 * new optim.ExponentialLR(opt, opts).gamma; // 0.9
 * ```
 */
export interface ExponentialLROptions extends SchedulerOptions {
  /** The factor per epoch. */
  gamma: number;
}

/**
 * Multiplies the learning rate by `gamma` every epoch, like `ExponentialLR`: lr = base · γ^epoch.
 * @example
 * ```ts
 * const opt = new optim.SGD([zeros([1], { requiresGrad: true })], { lr: 1 });
 * const sched = new optim.ExponentialLR(opt, { gamma: 0.5 });
 * sched.step();
 * sched.step();
 * sched.getLastLr(); // [0.25]
 * ```
 */
export class ExponentialLR extends LRScheduler {
  /** The factor per epoch. */
  readonly gamma: number;
  /**
   * @param optimizer - the optimizer.
   * @param opts - `gamma`, `lastEpoch`.
   * @throws RangeError when gamma is not a number (NaN).
   */
  constructor(optimizer: SchedulableOptimizer, opts: ExponentialLROptions) {
    super(optimizer, opts);
    if (typeof opts.gamma !== 'number' || Number.isNaN(opts.gamma)) throw new RangeError(`ExponentialLR: gamma must be a number, got ${String(opts.gamma)}`);
    this.gamma = opts.gamma;
    this.initialStep();
  }
  /** @returns the learning rates of this epoch. */
  protected getLr(): number[] {
    const lrs = this.currentLrs();
    return this.lastEpoch === 0 ? lrs : lrs.map((lr) => lr * this.gamma);
  }
  /** @returns base · γ^epoch. */
  protected override closedFormLr(): number[] {
    return this.baseLrs.map((b) => b * this.gamma ** this.lastEpoch);
  }
}

/**
 * Options of {@link CosineAnnealingLR}.
 * @example
 * ```ts
 * const opts: optim.CosineAnnealingLROptions = { tMax: 100, etaMin: 1e-5 };
 * const opt = new optim.SGD([zeros([1], { requiresGrad: true })], { lr: 0.1 });
 * new optim.CosineAnnealingLR(opt, opts).etaMin; // 1e-5
 * ```
 */
export interface CosineAnnealingLROptions extends SchedulerOptions {
  /** Half the period in epochs (the rate reaches `etaMin` at epoch `tMax`). */
  tMax: number;
  /** The lowest learning rate (default 0). */
  etaMin?: number;
}

/**
 * Anneals the learning rate along a cosine from its base to `etaMin` over `tMax` epochs (and back
 * up after, as PyTorch's recursive form does), like `CosineAnnealingLR`:
 * lr = η_min + (base − η_min)(1 + cos(π·epoch/T_max))/2.
 * @example
 * ```ts
 * const opt = new optim.SGD([zeros([1], { requiresGrad: true })], { lr: 1 });
 * const sched = new optim.CosineAnnealingLR(opt, { tMax: 4 });
 * const lrs: number[] = [];
 * for (let epoch = 0; epoch <= 4; epoch++, sched.step()) lrs.push(sched.getLastLr()[0]!);
 * lrs; // [1, 0.8536, 0.5, 0.1464, 0]
 * ```
 */
export class CosineAnnealingLR extends LRScheduler {
  /** Half the period in epochs. */
  readonly tMax: number;
  /** The lowest learning rate. */
  readonly etaMin: number;
  /**
   * @param optimizer - the optimizer.
   * @param opts - `tMax`, `etaMin` (default 0), `lastEpoch`.
   * @throws RangeError when tMax is not a positive integer.
   */
  constructor(optimizer: SchedulableOptimizer, opts: CosineAnnealingLROptions) {
    super(optimizer, opts);
    checkPositiveInt('CosineAnnealingLR', 'tMax', opts.tMax);
    this.tMax = opts.tMax;
    this.etaMin = opts.etaMin ?? 0;
    this.initialStep();
  }
  /** @returns the learning rates of this epoch (PyTorch's recursive formula). */
  protected getLr(): number[] {
    const { lastEpoch: e, tMax: T, etaMin } = this;
    const lrs = this.currentLrs();
    if (e === 0) return lrs;
    if (this.stepCount === 1 && e > 0) return this.baseLrs.map((b) => etaMin + ((b - etaMin) * (1 + Math.cos((e * Math.PI) / T))) / 2);
    if ((e - 1 - T) % (2 * T) === 0) return lrs.map((lr, i) => lr + ((this.baseLrs[i]! - etaMin) * (1 - Math.cos(Math.PI / T))) / 2);
    return lrs.map((lr) => ((1 + Math.cos((Math.PI * e) / T)) / (1 + Math.cos((Math.PI * (e - 1)) / T))) * (lr - etaMin) + etaMin);
  }
  /** @returns η_min + (base − η_min)(1 + cos(π·epoch/T_max))/2. */
  protected override closedFormLr(): number[] {
    return this.baseLrs.map((b) => this.etaMin + ((b - this.etaMin) * (1 + Math.cos((Math.PI * this.lastEpoch) / this.tMax))) / 2);
  }
}

/**
 * Options of {@link LinearLR}.
 * @example
 * ```ts
 * const opts: optim.LinearLROptions = { startFactor: 0.1, totalIters: 10 };
 * const opt = new optim.SGD([zeros([1], { requiresGrad: true })], { lr: 0.1 });
 * new optim.LinearLR(opt, opts).getLastLr(); // [0.01]
 * ```
 */
export interface LinearLROptions extends SchedulerOptions {
  /** The factor at epoch 0 (default 1/3). */
  startFactor?: number;
  /** The factor from epoch `totalIters` on (default 1). */
  endFactor?: number;
  /** Epochs to go from start to end factor (default 5). */
  totalIters?: number;
}

/**
 * Scales the learning rate by a factor that moves linearly from `startFactor` to `endFactor` over
 * `totalIters` epochs (a warm-up), like `LinearLR`.
 * @example
 * ```ts
 * const opt = new optim.SGD([zeros([1], { requiresGrad: true })], { lr: 1 });
 * const warmup = new optim.LinearLR(opt, { startFactor: 0.25, totalIters: 3 });
 * const lrs: number[] = [];
 * for (let epoch = 0; epoch < 5; epoch++, warmup.step()) lrs.push(warmup.getLastLr()[0]!);
 * lrs; // [0.25, 0.5, 0.75, 1, 1]
 * ```
 */
export class LinearLR extends LRScheduler {
  /** The factor at epoch 0. */
  readonly startFactor: number;
  /** The final factor. */
  readonly endFactor: number;
  /** The length of the ramp in epochs. */
  readonly totalIters: number;
  /**
   * @param optimizer - the optimizer.
   * @param opts - `startFactor` (default 1/3), `endFactor` (default 1), `totalIters` (default 5), `lastEpoch`.
   * @throws RangeError when startFactor is not in (0, 1] or endFactor not in [0, 1].
   */
  constructor(optimizer: SchedulableOptimizer, opts: LinearLROptions = {}) {
    super(optimizer, opts);
    const startFactor = opts.startFactor ?? 1 / 3;
    const endFactor = opts.endFactor ?? 1;
    if (!(startFactor > 0 && startFactor <= 1)) throw new RangeError('LinearLR: starting multiplicative factor expected to be greater than 0 and less or equal to 1.');
    if (!(endFactor >= 0 && endFactor <= 1)) throw new RangeError('LinearLR: ending multiplicative factor expected to be between 0 and 1.');
    this.startFactor = startFactor;
    this.endFactor = endFactor;
    this.totalIters = opts.totalIters ?? 5;
    this.initialStep();
  }
  /** @returns the learning rates of this epoch (PyTorch's recursive formula). */
  protected getLr(): number[] {
    const { lastEpoch: e, startFactor: s, endFactor: f, totalIters: n } = this;
    const lrs = this.currentLrs();
    if (e === 0) return lrs.map((lr) => lr * s);
    if (e > n) return lrs;
    return lrs.map((lr) => lr * (1 + (f - s) / (n * s + (e - 1) * (f - s))));
  }
  /** @returns base · (s + (f − s)·min(epoch, n)/n). */
  protected override closedFormLr(): number[] {
    const { startFactor: s, endFactor: f, totalIters: n } = this;
    return this.baseLrs.map((b) => b * (s + ((f - s) * Math.min(n, this.lastEpoch)) / n));
  }
}

/**
 * Options of {@link OneCycleLR}.
 * @example
 * ```ts
 * const opts: optim.OneCycleLROptions = { maxLr: 0.1, epochs: 10, stepsPerEpoch: 100 };
 * const opt = new optim.SGD([zeros([1], { requiresGrad: true })], { lr: 0.1, momentum: 0.9 });
 * new optim.OneCycleLR(opt, opts).totalSteps; // 1000
 * ```
 */
export interface OneCycleLROptions extends SchedulerOptions {
  /** The peak learning rate (one number, or one per group). */
  maxLr: number | readonly number[];
  /** The number of steps in the cycle (or give `epochs` and `stepsPerEpoch`). */
  totalSteps?: number;
  /** With `stepsPerEpoch`: totalSteps = epochs · stepsPerEpoch. */
  epochs?: number;
  /** With `epochs`. */
  stepsPerEpoch?: number;
  /** The fraction of the cycle spent increasing the rate (default 0.3). */
  pctStart?: number;
  /** 'cos' (default) or 'linear'. */
  annealStrategy?: 'cos' | 'linear';
  /** Cycle momentum (or Adam's β₁) inversely to the rate (default true). */
  cycleMomentum?: boolean;
  /** The lowest momentum (default 0.85). */
  baseMomentum?: number;
  /** The highest momentum (default 0.95). */
  maxMomentum?: number;
  /** initialLr = maxLr / divFactor (default 25). */
  divFactor?: number;
  /** minLr = initialLr / finalDivFactor (default 1e4). */
  finalDivFactor?: number;
  /** Use PyTorch's three-phase schedule (default false). */
  threePhase?: boolean;
}

interface Phase {
  endStep: number;
  startLr: 'initialLr' | 'maxLr' | 'minLr';
  endLr: 'initialLr' | 'maxLr' | 'minLr';
  startMomentum: 'maxMomentum' | 'baseMomentum';
  endMomentum: 'maxMomentum' | 'baseMomentum';
}

/**
 * The 1cycle policy, like `OneCycleLR`: the rate rises from maxLr/divFactor to maxLr over the
 * first `pctStart` of the steps, then anneals to initialLr/finalDivFactor; momentum (or Adam's β₁)
 * moves the opposite way. Step it after every batch.
 * @example
 * ```ts
 * const opt = new optim.SGD([zeros([1], { requiresGrad: true })], { lr: 0.1, momentum: 0.9 });
 * const sched = new optim.OneCycleLR(opt, { maxLr: 1, totalSteps: 10 });
 * const lrs: number[] = [];
 * for (let i = 0; i < 10; i++, sched.step()) lrs.push(sched.getLastLr()[0]!);
 * lrs[0]; // 0.04 (maxLr / 25)
 * Math.max(...lrs); // 1
 * opt.paramGroups[0]!.momentum; // 0.95
 * sched.step(); // throws RangeError: total steps is 10
 * ```
 */
export class OneCycleLR extends LRScheduler {
  /** The number of steps in the cycle. */
  readonly totalSteps: number;
  /** Whether momentum (or β₁) is cycled. */
  readonly cycleMomentum: boolean;
  readonly #phases: Phase[];
  readonly #anneal: (start: number, end: number, pct: number) => number;
  readonly #useBeta1: boolean;

  /**
   * @param optimizer - the optimizer.
   * @param opts - see {@link OneCycleLROptions}.
   * @throws RangeError for a missing or non-positive step count, pctStart outside [0, 1], an unknown
   *   annealStrategy, a maxLr list of the wrong length, or cycleMomentum with an optimizer that
   *   has neither `momentum` nor `betas`.
   */
  constructor(optimizer: SchedulableOptimizer, opts: OneCycleLROptions) {
    // PyTorch sets the groups' keys before LRScheduler.__init__ (which then keeps initialLr)
    let total: number;
    if (opts.totalSteps !== undefined) {
      checkPositiveInt('OneCycleLR', 'totalSteps', opts.totalSteps);
      total = opts.totalSteps;
    } else if (opts.epochs !== undefined && opts.stepsPerEpoch !== undefined) {
      checkPositiveInt('OneCycleLR', 'epochs', opts.epochs);
      checkPositiveInt('OneCycleLR', 'stepsPerEpoch', opts.stepsPerEpoch);
      total = opts.epochs * opts.stepsPerEpoch;
    } else {
      throw new RangeError('OneCycleLR: you must define either totalSteps OR (epochs AND stepsPerEpoch)');
    }
    const pct = opts.pctStart ?? 0.3;
    if (!(pct >= 0 && pct <= 1)) throw new RangeError(`OneCycleLR: expected float between 0 and 1 for pctStart, but got ${pct}`);
    const strategy = opts.annealStrategy ?? 'cos';
    if (strategy !== 'cos' && strategy !== 'linear') throw new RangeError(`OneCycleLR: annealStrategy must be one of 'cos' or 'linear', got ${String(strategy)}`);
    const n = optimizer.paramGroups.length;
    const maxLrs = typeof opts.maxLr === 'number' ? new Array<number>(n).fill(opts.maxLr) : [...opts.maxLr];
    if (maxLrs.length !== n) throw new RangeError(`OneCycleLR: expected ${n} values for maxLr, got ${maxLrs.length}`);
    const cycleMomentum = opts.cycleMomentum ?? true;
    const defaults = optimizer.defaults as Readonly<Record<string, unknown>>;
    const useBeta1 = 'betas' in defaults;
    if (cycleMomentum && !('momentum' in defaults) && !useBeta1) {
      throw new RangeError('OneCycleLR: optimizer must support momentum or beta1 with the cycleMomentum option enabled');
    }
    const divFactor = opts.divFactor ?? 25;
    const finalDivFactor = opts.finalDivFactor ?? 1e4;
    const maxMomentum = opts.maxMomentum ?? 0.95;
    const baseMomentum = opts.baseMomentum ?? 0.85;
    const lastEpoch = opts.lastEpoch ?? -1;
    const groups = optimizer.paramGroups as Group[];
    for (let i = 0; i < n; i++) {
      groups[i] = produce(groups[i]!, (draft) => {
        const g = draft as Draft<Group> & Record<string, unknown>;
        if (lastEpoch === -1) {
          g.initialLr = maxLrs[i]! / divFactor;
          g.maxLr = maxLrs[i]!;
          g.minLr = g.initialLr / finalDivFactor;
        }
        if (cycleMomentum) {
          if (lastEpoch === -1) {
            if (useBeta1) g.betas = [maxMomentum, (g.betas as number[])[1]!];
            else g.momentum = maxMomentum;
          }
          g.maxMomentum = maxMomentum;
          g.baseMomentum = baseMomentum;
        }
      });
    }
    super(optimizer, opts);
    this.totalSteps = total;
    this.cycleMomentum = cycleMomentum;
    this.#useBeta1 = useBeta1;
    this.#anneal =
      strategy === 'cos' ? (start, end, p) => end + ((start - end) / 2) * (Math.cos(Math.PI * p) + 1) : (start, end, p) => (end - start) * p + start;
    this.#phases = (opts.threePhase ?? false)
      ? [
          { endStep: pct * total - 1, startLr: 'initialLr', endLr: 'maxLr', startMomentum: 'maxMomentum', endMomentum: 'baseMomentum' },
          { endStep: 2 * pct * total - 2, startLr: 'maxLr', endLr: 'initialLr', startMomentum: 'baseMomentum', endMomentum: 'maxMomentum' },
          { endStep: total - 1, startLr: 'initialLr', endLr: 'minLr', startMomentum: 'maxMomentum', endMomentum: 'maxMomentum' },
        ]
      : [
          { endStep: pct * total - 1, startLr: 'initialLr', endLr: 'maxLr', startMomentum: 'maxMomentum', endMomentum: 'baseMomentum' },
          { endStep: total - 1, startLr: 'maxLr', endLr: 'minLr', startMomentum: 'baseMomentum', endMomentum: 'maxMomentum' },
        ];
    this.initialStep();
  }

  /**
   * @returns the learning rates of this step; also writes the cycled momentum (or β₁).
   * @throws RangeError when stepped more than `totalSteps` times.
   */
  protected getLr(): number[] {
    const step = this.lastEpoch;
    if (step > this.totalSteps) {
      throw new RangeError(`OneCycleLR: tried to step ${step} times; the specified number of total steps is ${this.totalSteps}`);
    }
    const lrs: number[] = [];
    this.updateGroups((g) => {
      let start = 0;
      let lr = 0;
      let momentum = 0;
      for (let i = 0; i < this.#phases.length; i++) {
        const phase = this.#phases[i]!;
        if (step <= phase.endStep || i === this.#phases.length - 1) {
          const pct = (step - start) / (phase.endStep - start);
          lr = this.#anneal(g[phase.startLr]!, g[phase.endLr]!, pct);
          if (this.cycleMomentum) momentum = this.#anneal(g[phase.startMomentum]!, g[phase.endMomentum]!, pct);
          break;
        }
        start = phase.endStep;
      }
      lrs.push(lr);
      if (this.cycleMomentum) {
        if (this.#useBeta1) g.betas = [momentum, (g.betas as number[])[1]!];
        else g.momentum = momentum;
      }
    });
    return lrs;
  }
}
