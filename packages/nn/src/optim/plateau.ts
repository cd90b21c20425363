/**
 * `ReduceLROnPlateau`: lowers the learning rate when a metric stops improving.
 * @module
 */
import { Tensor } from '@chainrule/autograd';
import { replaceGroups } from './scheduler.js';
import type { SchedulableOptimizer } from './scheduler.js';

/**
 * Options of {@link ReduceLROnPlateau}.
 * @example
 * ```ts
 * const opts: optim.ReduceLROnPlateauOptions = { mode: 'max', patience: 2, factor: 0.5 };
 * const opt = new optim.SGD([zeros([1], { requiresGrad: true })], { lr: 0.1 });
 * new optim.ReduceLROnPlateau(opt, opts).best; // -Infinity
 * ```
 */
export interface ReduceLROnPlateauOptions {
  /** 'min' (default): lower is better (a loss); 'max': higher is better (an accuracy). */
  mode?: 'min' | 'max';
  /** The factor applied to the rate (default 0.1; must be < 1). */
  factor?: number;
  /** Epochs without improvement to wait before lowering the rate (default 10). */
  patience?: number;
  /** The least change that counts as an improvement (default 1e-4). */
  threshold?: number;
  /** 'rel' (default): relative to the best; 'abs': absolute. */
  thresholdMode?: 'rel' | 'abs';
  /** Epochs to wait after lowering the rate before counting again (default 0). */
  cooldown?: number;
  /** The lowest rate (one number, or one per group; default 0). */
  minLr?: number | readonly number[];
  /** Changes smaller than this are not applied (default 1e-8). */
  eps?: number;
}

/**
 * The state of {@link ReduceLROnPlateau} for resuming.
 * @example
 * ```ts
 * const opt = new optim.SGD([zeros([1], { requiresGrad: true })], { lr: 0.1 });
 * const sched = new optim.ReduceLROnPlateau(opt);
 * sched.step(1.5);
 * const saved: optim.ReduceLROnPlateauStateDict = sched.stateDict();
 * [saved.best, saved.numBadEpochs, saved.lastEpoch]; // [1.5, 0, 1]
 * ```
 */
export interface ReduceLROnPlateauStateDict {
  /** The best metric so far. */
  readonly best: number;
  /** Epochs since the last improvement. */
  readonly numBadEpochs: number;
  /** Epochs of cooldown left. */
  readonly cooldownCounter: number;
  /** Steps taken. */
  readonly lastEpoch: number;
  /** The rates after the last step. */
  readonly lastLr: readonly number[];
}

/**
 * Multiplies the learning rate by `factor` when a metric has not improved for `patience` epochs,
 * like `ReduceLROnPlateau`. Call `step(metric)` once per epoch with the metric (a number or a
 * 0-dim tensor).
 * @example
 * ```ts
 * import { zeros } from '@chainrule/autograd';
 * import { optim } from '@chainrule/nn';
 * const opt = new optim.SGD([zeros([1], { requiresGrad: true })], { lr: 1 });
 * const sched = new optim.ReduceLROnPlateau(opt, { patience: 1, factor: 0.5 });
 * const lrs: number[] = [];
 * for (const valLoss of [3, 2, 2, 2, 2, 1]) {
 *   sched.step(valLoss);
 *   lrs.push(opt.paramGroups[0]!.lr);
 * }
 * lrs; // [1, 1, 1, 0.5, 0.5, 0.5]
 * ```
 */
export class ReduceLROnPlateau {
  /** The optimizer whose rates this scheduler lowers. */
  readonly optimizer: SchedulableOptimizer;
  /** 'min' or 'max'. */
  readonly mode: 'min' | 'max';
  /** The factor applied to the rate. */
  readonly factor: number;
  /** Epochs without improvement to wait. */
  readonly patience: number;
  /** The least change that counts as an improvement. */
  readonly threshold: number;
  /** 'rel' or 'abs'. */
  readonly thresholdMode: 'rel' | 'abs';
  /** Epochs of cooldown after a reduction. */
  readonly cooldown: number;
  /** The lowest rate of each group. */
  readonly minLrs: readonly number[];
  /** Changes smaller than this are not applied. */
  readonly eps: number;
  /** The best metric so far (±∞ before the first step). */
  best: number;
  /** Epochs since the last improvement. */
  numBadEpochs = 0;
  /** Epochs of cooldown left. */
  cooldownCounter = 0;
  /** Steps taken. */
  lastEpoch = 0;
  #lastLr: number[];

  /**
   * @param optimizer - the optimizer.
   * @param opts - see {@link ReduceLROnPlateauOptions}.
   * @throws RangeError for factor ≥ 1, an unknown mode or thresholdMode, a negative patience or
   *   cooldown, or a minLr list of the wrong length.
   */
  constructor(optimizer: SchedulableOptimizer, opts: ReduceLROnPlateauOptions = {}) {
    this.optimizer = optimizer;
    this.factor = opts.factor ?? 0.1;
    if (!(this.factor < 1)) throw new RangeError(`ReduceLROnPlateau: factor should be < 1.0, got ${this.factor}`);
    this.mode = opts.mode ?? 'min';
    if (this.mode !== 'min' && this.mode !== 'max') throw new RangeError(`ReduceLROnPlateau: mode ${String(this.mode)} is unknown!`);
    this.thresholdMode = opts.thresholdMode ?? 'rel';
    if (this.thresholdMode !== 'rel' && this.thresholdMode !== 'abs') throw new RangeError(`ReduceLROnPlateau: threshold mode ${String(this.thresholdMode)} is unknown!`);
    this.patience = opts.patience ?? 10;
    this.cooldown = opts.cooldown ?? 0;
    for (const [k, v] of [['patience', this.patience], ['cooldown', this.cooldown]] as const) {
      if (!(v >= 0)) throw new RangeError(`ReduceLROnPlateau: ${k} must be non-negative, got ${v}`);
    }
    this.threshold = opts.threshold ?? 1e-4;
    this.eps = opts.eps ?? 1e-8;
    const n = optimizer.paramGroups.length;
    const minLr = opts.minLr ?? 0;
    if (typeof minLr !== 'number' && minLr.length !== n) throw new RangeError(`ReduceLROnPlateau: expected ${n} min_lrs, got ${minLr.length}`);
    this.minLrs = typeof minLr === 'number' ? new Array<number>(n).fill(minLr) : [...minLr];
    this.best = this.mode === 'min' ? Infinity : -Infinity;
    this.#lastLr = optimizer.paramGroups.map((g) => g.lr);
  }

  /**
   * Records the epoch's metric and lowers the rates when it has not improved for `patience` epochs.
   * @param metric - the metric (a number or a 0-dim tensor).
   * @throws TypeError when metric is not a number or a one-element tensor.
   * @example
   * ```ts
   * const opt = new optim.SGD([zeros([1], { requiresGrad: true })], { lr: 1 });
   * const sched = new optim.ReduceLROnPlateau(opt, { mode: 'max', patience: 0 });
   * sched.step(0.9); // accuracy improved (from -∞)
   * sched.step(0.8); // worse: lowered at once
   * sched.getLastLr(); // [0.1]
   * ```
   */
  step(metric: number | Tensor): void {
    if (!(typeof metric === 'number' || (metric instanceof Tensor && metric.numel() === 1))) {
      throw new TypeError('ReduceLROnPlateau.step: metric must be a number or a one-element tensor');
    }
    const current = typeof metric === 'number' ? metric : metric.item();
    this.lastEpoch += 1;
    if (this.isBetter(current, this.best)) {
      this.best = current;
      this.numBadEpochs = 0;
    } else {
      this.numBadEpochs += 1;
    }
    if (this.cooldownCounter > 0) {
      this.cooldownCounter -= 1;
      this.numBadEpochs = 0;
    }
    if (this.numBadEpochs > this.patience) {
      this.#reduce();
      this.cooldownCounter = this.cooldown;
      this.numBadEpochs = 0;
    }
    this.#lastLr = this.optimizer.paramGroups.map((g) => g.lr);
  }

  /**
   * Whether `a` improves on `best` by more than the threshold (PyTorch's `is_better`).
   * @param a - a metric.
   * @param best - the best so far.
   * @returns true when `a` is better.
   * @example
   * ```ts
   * const opt = new optim.SGD([zeros([1], { requiresGrad: true })], { lr: 1 });
   * const sched = new optim.ReduceLROnPlateau(opt, { threshold: 0.1 });
   * [sched.isBetter(0.95, 1), sched.isBetter(0.85, 1)]; // [false, true]
   * ```
   */
  isBetter(a: number, best: number): boolean {
    if (this.mode === 'min') return this.thresholdMode === 'rel' ? a < best * (1 - this.threshold) : a < best - this.threshold;
    return this.thresholdMode === 'rel' ? a > best * (this.threshold + 1) : a > best + this.threshold;
  }

  /**
   * The rates after the last step, one per group, like `get_last_lr()`.
   * @returns a copy of the rates.
   * @example
   * ```ts
   * const opt = new optim.SGD([zeros([1], { requiresGrad: true })], { lr: 0.1 });
   * new optim.ReduceLROnPlateau(opt).getLastLr(); // [0.1]
   * ```
   */
  getLastLr(): number[] {
    return [...this.#lastLr];
  }

  /**
   * The state needed to resume, like `state_dict` (the options are the constructor's).
   * @returns the state.
   * @example
   * ```ts
   * const opt = new optim.SGD([zeros([1], { requiresGrad: true })], { lr: 0.1 });
   * const sched = new optim.ReduceLROnPlateau(opt);
   * sched.step(2);
   * sched.stateDict().best; // 2
   * ```
   */
  stateDict(): ReduceLROnPlateauStateDict {
    const { best, numBadEpochs, cooldownCounter, lastEpoch } = this;
    return Object.freeze({ best, numBadEpochs, cooldownCounter, lastEpoch, lastLr: Object.freeze([...this.#lastLr]) });
  }

  /**
   * Restores a state from {@link ReduceLROnPlateau.stateDict}, like `load_state_dict`.
   * @param state - the saved state.
   * @example
   * ```ts
   * const opt = new optim.SGD([zeros([1], { requiresGrad: true })], { lr: 0.1 });
   * const a = new optim.ReduceLROnPlateau(opt, { patience: 0 });
   * a.step(1);
   * const b = new optim.ReduceLROnPlateau(opt, { patience: 0 });
   * b.loadStateDict(a.stateDict());
   * b.step(1); // no better than the best a saw
   * b.getLastLr()[0]!.toFixed(3); // '0.010'
   * ```
   */
  loadStateDict(state: ReduceLROnPlateauStateDict): void {
    this.best = state.best;
    this.numBadEpochs = state.numBadEpochs;
    this.cooldownCounter = state.cooldownCounter;
    this.lastEpoch = state.lastEpoch;
    this.#lastLr = [...state.lastLr];
  }

  #reduce(): void {
    replaceGroups(this.optimizer, (g, i) => {
      const newLr = Math.max(g.lr * this.factor, this.minLrs[i]!);
      if (g.lr - newLr > this.eps) g.lr = newLr;
    });
  }
}
