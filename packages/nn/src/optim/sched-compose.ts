/**
 * Schedulers made of schedulers: `SequentialLR` (one after the other, at milestones) and
 * `ChainedScheduler` (all at once, their factors multiplied).
 * @module
 */
import { LRScheduler } from './scheduler.js';
import type { SchedulableOptimizer, SchedulerOptions, SchedulerStateDict } from './scheduler.js';

/**
 * Options of {@link SequentialLR}.
 * @example
 * ```ts
 * const opt = new optim.SGD([zeros([1], { requiresGrad: true })], { lr: 0.1 });
 * const opts: optim.SequentialLROptions = {
 *   schedulers: [new optim.ConstantLR(opt, { factor: 0.1, totalIters: 2 }), new optim.ExponentialLR(opt, { gamma: 0.9 })],
 *   milestones: [2],
 * };
 * new optim.SequentialLR(opt, opts).getLastLr()[0]!.toFixed(2); // '0.01'
 * ```
 */
export interface SequentialLROptions extends SchedulerOptions {
  /** The schedulers, in the order they take over (all on this optimizer). */
  schedulers: readonly LRScheduler[];
  /** The epochs at which the next scheduler takes over (one fewer than the schedulers). */
  milestones: readonly number[];
}

/**
 * Runs schedulers one after the other, switching at the milestone epochs, like `SequentialLR`:
 * at a milestone the next scheduler starts from its epoch 0 (a warm-up, then a decay, say).
 * @example
 * ```ts
 * import { zeros } from '@chainrule/autograd';
 * import { optim } from '@chainrule/nn';
 * const opt = new optim.SGD([zeros([1], { requiresGrad: true })], { lr: 1 });
 * const warmup = new optim.LinearLR(opt, { startFactor: 0.25, totalIters: 3 });
 * const decay = new optim.ExponentialLR(opt, { gamma: 0.5 });
 * const sched = new optim.SequentialLR(opt, { schedulers: [warmup, decay], milestones: [3] });
 * const lrs: number[] = [];
 * for (let epoch = 0; epoch < 6; epoch++, sched.step()) lrs.push(sched.getLastLr()[0]!);
 * lrs; // [0.25, 0.5, 0.75, 1, 0.5, 0.25]
 * ```
 */
export class SequentialLR extends LRScheduler {
  /** The schedulers. */
  readonly schedulers: readonly LRScheduler[];
  /** The switching epochs. */
  readonly milestones: readonly number[];

  /**
   * @param optimizer - the optimizer.
   * @param opts - `schedulers`, `milestones`, `lastEpoch`.
   * @throws RangeError when a scheduler drives another optimizer, or the milestones are not one
   *   fewer than the schedulers.
   */
  constructor(optimizer: SchedulableOptimizer, opts: SequentialLROptions) {
    super(optimizer, { ...opts, lastEpoch: -1 });
    const { schedulers, milestones } = opts;
    if (schedulers.length === 0) throw new RangeError('SequentialLR: expects at least one scheduler');
    schedulers.forEach((s, i) => {
      if (s.optimizer !== optimizer) throw new RangeError(`SequentialLR: expects all schedulers to belong to the same optimizer, but got scheduler at index ${i} to be different than the optimizer passed in`);
    });
    if (milestones.length !== schedulers.length - 1) {
      throw new RangeError(`SequentialLR: expects ${schedulers.length - 1} milestones (one fewer than the schedulers), got ${milestones.length}`);
    }
    this.schedulers = [...schedulers];
    this.milestones = [...milestones];
    this.lastEpoch = (opts.lastEpoch ?? -1) + 1;
    this.stepCount = 0;
    // back to the base rates; undo the steps the schedulers' constructors took; restart the first
    this.updateGroups((g) => {
      g.lr = g.initialLr!;
    });
    for (const s of this.schedulers) s.lastEpoch -= 1;
    const first = this.schedulers[0]!;
    first.stepCount = 0;
    first.step();
    this.record(first.getLastLr());
  }

  /** @returns the groups' rates (the schedulers compute the real ones). */
  protected getLr(): number[] {
    return this.currentLrs();
  }

  /**
   * Moves one epoch on: the scheduler whose turn it is steps (from its epoch 0 at a milestone).
   * @throws RangeError from the scheduler stepped (OneCycleLR past its total steps).
   * @example
   * ```ts
   * const opt = new optim.SGD([zeros([1], { requiresGrad: true })], { lr: 1 });
   * const a = new optim.ConstantLR(opt, { factor: 0.5, totalIters: 1 });
   * const b = new optim.StepLR(opt, { stepSize: 1, gamma: 0.1 });
   * const sched = new optim.SequentialLR(opt, { schedulers: [a, b], milestones: [1] });
   * sched.step(); // b takes over at its epoch 0
   * sched.getLastLr(); // [1]
   * ```
   */
  override step(): void {
    this.stepCount += 1;
    this.lastEpoch += 1;
    let idx = 0;
    while (idx < this.milestones.length && this.milestones[idx]! <= this.lastEpoch) idx++;
    const s = this.schedulers[idx]!;
    if (idx > 0 && this.milestones[idx - 1] === this.lastEpoch) s.step(0);
    else s.step();
    this.record(s.getLastLr());
  }

  /** @returns the schedulers' states. */
  protected override extraState(): Record<string, unknown> {
    return { schedulers: this.schedulers.map((s) => s.stateDict()) };
  }

  /** @param extra - the schedulers' saved states. */
  protected override loadExtraState(extra: Readonly<Record<string, unknown>>): void {
    (extra.schedulers as SchedulerStateDict[]).forEach((sd, i) => this.schedulers[i]?.loadStateDict(sd));
  }
}

/**
 * Steps several schedulers together, like `ChainedScheduler`: each multiplies the rate the one
 * before it wrote, so their factors combine (a constant warm-up on top of an exponential decay).
 * @example
 * ```ts
 * const opt = new optim.SGD([zeros([1], { requiresGrad: true })], { lr: 1 });
 * const sched = new optim.ChainedScheduler([
 *   new optim.ConstantLR(opt, { factor: 0.1, totalIters: 2 }),
 *   new optim.ExponentialLR(opt, { gamma: 0.5 }),
 * ]);
 * const lrs: number[] = [];
 * for (let epoch = 0; epoch < 4; epoch++, sched.step()) lrs.push(Number(sched.getLastLr()[0]!.toFixed(4)));
 * lrs; // [0.1, 0.05, 0.25, 0.125]
 * ```
 */
export class ChainedScheduler extends LRScheduler {
  /** The schedulers, stepped in order. */
  readonly schedulers: readonly LRScheduler[];

  /**
   * @param schedulers - the schedulers (all on one optimizer).
   * @throws RangeError for an empty list or schedulers of different optimizers.
   */
  constructor(schedulers: readonly LRScheduler[]) {
    if (schedulers.length === 0) throw new RangeError('ChainedScheduler: expects at least one scheduler');
    const optimizer = schedulers[0]!.optimizer;
    schedulers.forEach((s, i) => {
      if (s.optimizer !== optimizer) throw new RangeError(`ChainedScheduler: expects all schedulers to belong to the same optimizer, but got schedulers at index 0 and ${i} to be different`);
    });
    super(optimizer);
    this.schedulers = [...schedulers];
    this.record(this.currentLrs());
  }

  /** @returns the groups' rates (the schedulers compute the real ones). */
  protected getLr(): number[] {
    return this.currentLrs();
  }

  /**
   * Steps every scheduler, in order.
   * @throws RangeError from a scheduler stepped (OneCycleLR past its total steps).
   * @example
   * ```ts
   * const opt = new optim.SGD([zeros([1], { requiresGrad: true })], { lr: 1 });
   * const sched = new optim.ChainedScheduler([new optim.ExponentialLR(opt, { gamma: 0.5 }), new optim.ExponentialLR(opt, { gamma: 0.5 })]);
   * sched.step();
   * sched.getLastLr(); // [0.25]
   * ```
   */
  override step(): void {
    this.stepCount += 1;
    for (const s of this.schedulers) s.step();
    this.record(this.currentLrs());
  }

  /** @returns the schedulers' states. */
  protected override extraState(): Record<string, unknown> {
    return { schedulers: this.schedulers.map((s) => s.stateDict()) };
  }

  /** @param extra - the schedulers' saved states. */
  protected override loadExtraState(extra: Readonly<Record<string, unknown>>): void {
    (extra.schedulers as SchedulerStateDict[]).forEach((sd, i) => this.schedulers[i]?.loadStateDict(sd));
  }
}
