/**
 * Schedulers that scale the learning rate by a factor: `LambdaLR`, `MultiplicativeLR` (a function
 * of the epoch), `ConstantLR` (a constant until a milestone), `PolynomialLR` (a polynomial decay).
 * @module
 */
import { checkPositiveInt, LRScheduler } from './scheduler.js';
import type { SchedulableOptimizer, SchedulerOptions } from './scheduler.js';

/**
 * Options of {@link LambdaLR} and {@link MultiplicativeLR}.
 * @example
 * ```ts
 * const opts: optim.LambdaLROptions = { lrLambda: (epoch) => 1 / (1 + epoch) };
 * const opt = new optim.SGD([zeros([1], { requiresGrad: true })], { lr: 0.1 });
 * new optim.LambdaLR(opt, opts).getLastLr(); // [0.1]
 * ```
 */
export interface LambdaLROptions extends SchedulerOptions {
  /** A function of the epoch (one for all groups, or one per group). */
  lrLambda: ((epoch: number) => number) | readonly ((epoch: number) => number)[];
}

function lambdas(name: string, optimizer: SchedulableOptimizer, f: LambdaLROptions['lrLambda']): ((epoch: number) => number)[] {
  const n = optimizer.paramGroups.length;
  if (typeof f === 'function') return new Array<(epoch: number) => number>(n).fill(f);
  if (!Array.isArray(f) || f.some((g) => typeof g !== 'function')) throw new TypeError(`${name}: lrLambda must be a function or a list of functions`);
  if (f.length !== n) throw new RangeError(`${name}: Expected ${n} lr_lambdas, but got ${f.length}`);
  return [...f];
}

/**
 * Sets each group's rate to its base rate times `lrLambda(epoch)`, like `LambdaLR`.
 * @example
 * ```ts
 * import { zeros } from '@chainrule/autograd';
 * import { optim } from '@chainrule/nn';
 * const opt = new optim.SGD([zeros([1], { requiresGrad: true })], { lr: 1 });
 * const sched = new optim.LambdaLR(opt, { lrLambda: (epoch) => 0.5 ** epoch });
 * const lrs: number[] = [];
 * for (let epoch = 0; epoch < 4; epoch++, sched.step()) lrs.push(sched.getLastLr()[0]!);
 * lrs; // [1, 0.5, 0.25, 0.125]
 * ```
 */
export class LambdaLR extends LRScheduler {
  /** One function per group. */
  readonly lrLambdas: readonly ((epoch: number) => number)[];
  /**
   * @param optimizer - the optimizer.
   * @param opts - `lrLambda` (one function, or one per group), `lastEpoch`.
   * @throws TypeError when lrLambda is not a function or a list of them.
   * @throws RangeError for a list of the wrong length.
   */
  constructor(optimizer: SchedulableOptimizer, opts: LambdaLROptions) {
    super(optimizer, opts);
    this.lrLambdas = lambdas('LambdaLR', optimizer, opts.lrLambda);
    this.initialStep();
  }
  /** @returns base · λ(epoch) per group. */
  protected getLr(): number[] {
    return this.baseLrs.map((b, i) => b * this.lrLambdas[i]!(this.lastEpoch));
  }
}

/**
 * Multiplies each group's rate by `lrLambda(epoch)` at every step after the first, like
 * `MultiplicativeLR`.
 * @example
 * ```ts
 * const opt = new optim.SGD([zeros([1], { requiresGrad: true })], { lr: 1 });
 * const sched = new optim.MultiplicativeLR(opt, { lrLambda: () => 0.9 });
 * sched.step();
 * sched.step();
 * sched.getLastLr()[0]!.toFixed(2); // '0.81'
 * ```
 */
export class MultiplicativeLR extends LRScheduler {
  /** One function per group. */
  readonly lrLambdas: readonly ((epoch: number) => number)[];
  /**
   * @param optimizer - the optimizer.
   * @param opts - `lrLambda` (one function, or one per group), `lastEpoch`.
   * @throws TypeError when lrLambda is not a function or a list of them.
   * @throws RangeError for a list of the wrong length.
   */
  constructor(optimizer: SchedulableOptimizer, opts: LambdaLROptions) {
    super(optimizer, opts);
    this.lrLambdas = lambdas('MultiplicativeLR', optimizer, opts.lrLambda);
    this.initialStep();
  }
  /** @returns the current rates times λ(epoch) (unchanged at epoch 0). */
  protected getLr(): number[] {
    const lrs = this.currentLrs();
    return this.lastEpoch > 0 ? lrs.map((lr, i) => lr * this.lrLambdas[i]!(this.lastEpoch)) : lrs;
  }
}

/**
 * Options of {@link ConstantLR}.
 * @example
 * ```ts
 * const opts: optim.ConstantLROptions = { factor: 0.5, totalIters: 4 };
 * const opt = new optim.SGD([zeros([1], { requiresGrad: true })], { lr: 0.1 });
 * new optim.ConstantLR(opt, opts).getLastLr(); // [0.05]
 * ```
 */
export interface ConstantLROptions extends SchedulerOptions {
  /** The factor until `totalIters` (default 1/3). */
  factor?: number;
  /** The epoch at which the factor ends (default 5). */
  totalIters?: number;
}

/**
 * Scales the rate by a constant factor until epoch `totalIters`, then restores it, like
 * `ConstantLR` (a warm-up).
 * @example
 * ```ts
 * const opt = new optim.SGD([zeros([1], { requiresGrad: true })], { lr: 1 });
 * const sched = new optim.ConstantLR(opt, { factor: 0.25, totalIters: 2 });
 * const lrs: number[] = [];
 * for (let epoch = 0; epoch < 4; epoch++, sched.step()) lrs.push(sched.getLastLr()[0]!);
 * lrs; // [0.25, 0.25, 1, 1]
 * ```
 */
export class ConstantLR extends LRScheduler {
  /** The factor. */
  readonly factor: number;
  /** The epoch at which the factor ends. */
  readonly totalIters: number;
  /**
   * @param optimizer - the optimizer.
   * @param opts - `factor` (default 1/3), `totalIters` (default 5), `lastEpoch`.
   * @throws RangeError for a factor outside [0, 1] or a negative or non-integer totalIters.
   */
  constructor(optimizer: SchedulableOptimizer, opts: ConstantLROptions = {}) {
    super(optimizer, opts);
    const factor = opts.factor ?? 1 / 3;
    if (!(factor >= 0 && factor <= 1)) throw new RangeError(`ConstantLR: Constant multiplicative factor expected to be between 0 and 1, got ${factor}`);
    const totalIters = opts.totalIters ?? 5;
    if (!Number.isInteger(totalIters) || totalIters < 0) throw new RangeError(`ConstantLR: totalIters must be a non-negative integer, got ${totalIters}`);
    this.factor = factor;
    this.totalIters = totalIters;
    this.initialStep();
  }
  /** @returns the rates of this epoch (PyTorch's recursive form). */
  protected getLr(): number[] {
    const lrs = this.currentLrs();
    if (this.lastEpoch === 0) return lrs.map((lr) => lr * this.factor);
    if (this.lastEpoch !== this.totalIters) return lrs;
    return lrs.map((lr) => lr * (1 / this.factor));
  }
  /** @returns base · (factor, or 1 from totalIters on). */
  protected override closedFormLr(): number[] {
    return this.baseLrs.map((b) => b * (this.factor + (this.lastEpoch >= this.totalIters ? 1 : 0) * (1 - this.factor)));
  }
}

/**
 * Options of {@link PolynomialLR}.
 * @example
 * ```ts
 * const opts: optim.PolynomialLROptions = { totalIters: 10, power: 2 };
 * const opt = new optim.SGD([zeros([1], { requiresGrad: true })], { lr: 0.1 });
 * new optim.PolynomialLR(opt, opts).power; // 2
 * ```
 */
export interface PolynomialLROptions extends SchedulerOptions {
  /** The epoch at which the rate reaches 0 (default 5). */
  totalIters?: number;
  /** The power of the decay (default 1). */
  power?: number;
}

/**
 * Decays the rate as base · (1 − epoch/totalIters)^power, reaching 0 at `totalIters`, like
 * `PolynomialLR`.
 * @example
 * ```ts
 * const opt = new optim.SGD([zeros([1], { requiresGrad: true })], { lr: 1 });
 * const sched = new optim.PolynomialLR(opt, { totalIters: 4 });
 * const lrs: number[] = [];
 * for (let epoch = 0; epoch < 6; epoch++, sched.step()) lrs.push(sched.getLastLr()[0]!);
 * lrs; // [1, 0.75, 0.5, 0.25, 0, 0]
 * ```
 */
export class PolynomialLR extends LRScheduler {
  /** The epoch at which the rate reaches 0. */
  readonly totalIters: number;
  /** The power of the decay. */
  readonly power: number;
  /**
   * @param optimizer - the optimizer.
   * @param opts - `totalIters` (default 5), `power` (default 1), `lastEpoch`.
   * @throws RangeError when totalIters is not a positive integer or power is NaN.
   */
  constructor(optimizer: SchedulableOptimizer, opts: PolynomialLROptions = {}) {
    super(optimizer, opts);
    this.totalIters = opts.totalIters ?? 5;
    checkPositiveInt('PolynomialLR', 'totalIters', this.totalIters);
    this.power = opts.power ?? 1;
    if (Number.isNaN(this.power)) throw new RangeError('PolynomialLR: power must be a number, got NaN');
    this.initialStep();
  }
  /** @returns the rates of this epoch (PyTorch's recursive form). */
  protected getLr(): number[] {
    const lrs = this.currentLrs();
    const { lastEpoch: e, totalIters: n } = this;
    if (e === 0 || e > n) return lrs;
    const decay = ((1 - e / n) / (1 - (e - 1) / n)) ** this.power;
    return lrs.map((lr) => lr * decay);
  }
  /** @returns base · (1 − min(epoch, n)/n)^power. */
  protected override closedFormLr(): number[] {
    return this.baseLrs.map((b) => b * (1 - Math.min(this.totalIters, this.lastEpoch) / this.totalIters) ** this.power);
  }
}
