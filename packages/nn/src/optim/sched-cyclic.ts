/**
 * Cyclical schedules: `CyclicLR` (triangular cycles between two rates) and
 * `CosineAnnealingWarmRestarts` (SGDR: cosine annealing restarted every Tᵢ epochs).
 * @module
 */
import { checkPositiveInt, LRScheduler, replaceGroups } from './scheduler.js';
import type { SchedulableOptimizer, SchedulerOptions } from './scheduler.js';

/**
 * Options of {@link CyclicLR}.
 * @example
 * ```ts
 * const opts: optim.CyclicLROptions = { baseLr: 0.001, maxLr: 0.01, stepSizeUp: 100, mode: 'triangular2' };
 * const opt = new optim.SGD([zeros([1], { requiresGrad: true })], { lr: 0.1, momentum: 0.9 });
 * new optim.CyclicLR(opt, opts).getLastLr(); // [0.001]
 * ```
 */
export interface CyclicLROptions extends SchedulerOptions {
  /** The lower bound of the cycle (one number, or one per group); the groups' rates start there. */
  baseLr: number | readonly number[];
  /** The upper bound of the cycle (one number, or one per group). */
  maxLr: number | readonly number[];
  /** Steps from base to max (default 2000). */
  stepSizeUp?: number;
  /** Steps from max back to base (default stepSizeUp). */
  stepSizeDown?: number;
  /** 'triangular' (default), 'triangular2' (the amplitude halves every cycle), 'exp_range' (it decays as γ^step). */
  mode?: 'triangular' | 'triangular2' | 'exp_range';
  /** The decay of 'exp_range' (default 1). */
  gamma?: number;
  /** A custom amplitude scale of the cycle number or step (replaces `mode`). */
  scaleFn?: (x: number) => number;
  /** What `scaleFn` is given: 'cycle' (default) or 'iterations'. */
  scaleMode?: 'cycle' | 'iterations';
  /** Cycle the momentum inversely to the rate (default true; the optimizer needs `momentum`). */
  cycleMomentum?: boolean;
  /** The lower momentum bound (default 0.8). */
  baseMomentum?: number | readonly number[];
  /** The upper momentum bound (default 0.9). */
  maxMomentum?: number | readonly number[];
}

function perGroup(name: string, optimizer: SchedulableOptimizer, v: number | readonly number[]): number[] {
  const n = optimizer.paramGroups.length;
  if (typeof v === 'number') return new Array<number>(n).fill(v);
  if (v.length !== n) throw new RangeError(`CyclicLR: expected ${n} values for ${name}, got ${v.length}`);
  return [...v];
}

/**
 * Cycles the learning rate between `baseLr` and `maxLr` (and the momentum the other way), like
 * `CyclicLR` (Smith, Cyclical Learning Rates). Step it after every batch.
 * @example
 * ```ts
 * import { zeros } from '@chainrule/autograd';
 * import { optim } from '@chainrule/nn';
 * const opt = new optim.SGD([zeros([1], { requiresGrad: true })], { lr: 1, momentum: 0.9 });
 * const sched = new optim.CyclicLR(opt, { baseLr: 0.1, maxLr: 0.5, stepSizeUp: 2 });
 * const lrs: number[] = [];
 * for (let i = 0; i < 6; i++, sched.step()) lrs.push(Number(sched.getLastLr()[0]!.toFixed(3)));
 * lrs; // [0.1, 0.3, 0.5, 0.3, 0.1, 0.3]
 * ```
 */
export class CyclicLR extends LRScheduler {
  /** The upper bounds, per group. */
  readonly maxLrs: readonly number[];
  /** Steps in one cycle. */
  readonly totalSize: number;
  /** The fraction of the cycle going up. */
  readonly stepRatio: number;
  /** The amplitude scale. */
  readonly scaleFn: (x: number) => number;
  /** What `scaleFn` is given. */
  readonly scaleMode: 'cycle' | 'iterations';
  /** Whether momentum is cycled. */
  readonly cycleMomentum: boolean;
  /** The momentum bounds, per group. */
  readonly baseMomentums: readonly number[] = [];
  /** The momentum bounds, per group. */
  readonly maxMomentums: readonly number[] = [];

  /**
   * @param optimizer - the optimizer.
   * @param opts - see {@link CyclicLROptions}.
   * @throws RangeError for an unknown mode without scaleFn, non-positive step sizes, lists of the
   *   wrong length, or cycleMomentum with an optimizer that has no `momentum`.
   */
  constructor(optimizer: SchedulableOptimizer, opts: CyclicLROptions) {
    const baseLrs = perGroup('baseLr', optimizer, opts.baseLr);
    const lastEpoch = opts.lastEpoch ?? -1;
    // PyTorch sets the groups' rates (and momenta) before the base constructor
    if (lastEpoch === -1) {
      replaceGroups(optimizer, (g, i) => {
        g.lr = baseLrs[i]!;
      });
    }
    const cycleMomentum = opts.cycleMomentum ?? true;
    let baseMomentums: number[] = [];
    if (cycleMomentum) {
      if (!('momentum' in optimizer.defaults)) throw new RangeError('CyclicLR: optimizer must support momentum with the cycleMomentum option enabled');
      const bm = perGroup('baseMomentum', optimizer, opts.baseMomentum ?? 0.8);
      if (lastEpoch === -1) {
        replaceGroups(optimizer, (g, i) => {
          g.momentum = bm[i]!;
        });
      }
      baseMomentums = optimizer.paramGroups.map((g) => (g as unknown as { momentum: number }).momentum);
    }
    super(optimizer, opts);
    this.maxLrs = perGroup('maxLr', optimizer, opts.maxLr);
    const up = opts.stepSizeUp ?? 2000;
    const down = opts.stepSizeDown ?? up;
    if (!(up > 0 && down > 0)) throw new RangeError(`CyclicLR: step sizes must be positive, got ${up} and ${down}`);
    this.totalSize = up + down;
    this.stepRatio = up / this.totalSize;
    const gamma = opts.gamma ?? 1;
    if (opts.scaleFn !== undefined) {
      this.scaleFn = opts.scaleFn;
      this.scaleMode = opts.scaleMode ?? 'cycle';
    } else {
      const mode = opts.mode ?? 'triangular';
      if (mode === 'triangular') this.scaleFn = () => 1;
      else if (mode === 'triangular2') this.scaleFn = (x) => 1 / 2 ** (x - 1);
      else if (mode === 'exp_range') this.scaleFn = (x) => gamma ** x;
      else throw new RangeError(`CyclicLR: mode ${String(mode)} is invalid and scaleFn is not given`);
      this.scaleMode = mode === 'exp_range' ? 'iterations' : 'cycle';
    }
    this.cycleMomentum = cycleMomentum;
    if (cycleMomentum) {
      this.baseMomentums = baseMomentums;
      this.maxMomentums = perGroup('maxMomentum', optimizer, opts.maxMomentum ?? 0.9);
    }
    this.initialStep();
    this.baseLrs = baseLrs;
  }

  /** @returns the rates of this step; also writes the cycled momentum. */
  protected getLr(): number[] {
    const cycle = Math.floor(1 + this.lastEpoch / this.totalSize);
    const x = 1 + this.lastEpoch / this.totalSize - cycle;
    const scaleFactor = x <= this.stepRatio ? x / this.stepRatio : (x - 1) / (this.stepRatio - 1);
    const scale = this.scaleFn(this.scaleMode === 'cycle' ? cycle : this.lastEpoch);
    const lrs = this.baseLrs.map((b, i) => b + (this.maxLrs[i]! - b) * scaleFactor * scale);
    if (this.cycleMomentum) {
      const momenta = this.baseMomentums.map((b, i) => this.maxMomentums[i]! - (this.maxMomentums[i]! - b) * scaleFactor * scale);
      this.updateGroups((g, i) => {
        g.momentum = momenta[i]!;
      });
    }
    return lrs;
  }
}

/**
 * Options of {@link CosineAnnealingWarmRestarts}.
 * @example
 * ```ts
 * const opts: optim.CosineAnnealingWarmRestartsOptions = { t0: 10, tMult: 2 };
 * const opt = new optim.SGD([zeros([1], { requiresGrad: true })], { lr: 0.1 });
 * new optim.CosineAnnealingWarmRestarts(opt, opts).tI; // 10
 * ```
 */
export interface CosineAnnealingWarmRestartsOptions extends SchedulerOptions {
  /** Epochs of the first cycle (PyTorch's T_0). */
  t0: number;
  /** Each cycle is this many times longer than the last (default 1). */
  tMult?: number;
  /** The lowest learning rate (default 0). */
  etaMin?: number;
}

/**
 * Cosine annealing with warm restarts (SGDR), like `CosineAnnealingWarmRestarts`:
 * lr = η_min + (base − η_min)(1 + cos(π·T_cur/Tᵢ))/2, where T_cur counts epochs since the last
 * restart and Tᵢ = t0·tMultⁱ. `step(epoch)` takes fractional epochs (step it after each batch with
 * `epoch + i / iters`).
 * @example
 * ```ts
 * const opt = new optim.SGD([zeros([1], { requiresGrad: true })], { lr: 1 });
 * const sched = new optim.CosineAnnealingWarmRestarts(opt, { t0: 2, tMult: 2 });
 * const lrs: number[] = [];
 * for (let epoch = 0; epoch < 7; epoch++, sched.step()) lrs.push(Number(sched.getLastLr()[0]!.toFixed(3)));
 * lrs; // [1, 0.5, 1, 0.854, 0.5, 0.146, 1]
 * ```
 */
export class CosineAnnealingWarmRestarts extends LRScheduler {
  /** Epochs of the first cycle. */
  readonly t0: number;
  /** The growth of the cycles. */
  readonly tMult: number;
  /** The lowest learning rate. */
  readonly etaMin: number;
  /** Epochs of the current cycle. */
  tI: number;
  /** Epochs since the last restart. */
  tCur: number;

  /**
   * @param optimizer - the optimizer.
   * @param opts - `t0`, `tMult` (default 1), `etaMin` (default 0), `lastEpoch`.
   * @throws RangeError when t0 is not a positive integer or tMult not an integer ≥ 1.
   */
  constructor(optimizer: SchedulableOptimizer, opts: CosineAnnealingWarmRestartsOptions) {
    super(optimizer, opts);
    checkPositiveInt('CosineAnnealingWarmRestarts', 't0', opts.t0);
    const tMult = opts.tMult ?? 1;
    if (!Number.isInteger(tMult) || tMult < 1) throw new RangeError(`CosineAnnealingWarmRestarts: Expected integer tMult >= 1, but got ${tMult}`);
    this.t0 = opts.t0;
    this.tI = opts.t0;
    this.tMult = tMult;
    this.etaMin = opts.etaMin ?? 0;
    this.tCur = this.lastEpoch;
    this.initialStep();
  }

  /** @returns the rates at T_cur. */
  protected getLr(): number[] {
    return this.baseLrs.map((b) => this.etaMin + ((b - this.etaMin) * (1 + Math.cos((Math.PI * this.tCur) / this.tI))) / 2);
  }

  /**
   * Moves one epoch on (restarting at the end of a cycle), or to `epoch` (fractional allowed).
   * @param epoch - the epoch to go to (default: the next).
   * @throws RangeError for a negative or non-finite epoch.
   * @example
   * ```ts
   * const opt = new optim.SGD([zeros([1], { requiresGrad: true })], { lr: 1 });
   * const sched = new optim.CosineAnnealingWarmRestarts(opt, { t0: 4 });
   * sched.step(2.5); // mid-epoch, e.g. after batch 50 of 100 in epoch 2
   * sched.getLastLr()[0]!.toFixed(4); // '0.3087'
   * ```
   */
  override step(epoch?: number): void {
    this.stepCount += 1;
    if (epoch === undefined && this.lastEpoch < 0) epoch = 0;
    if (epoch === undefined) {
      epoch = this.lastEpoch + 1;
      this.tCur += 1;
      if (this.tCur >= this.tI) {
        this.tCur -= this.tI;
        this.tI *= this.tMult;
      }
    } else {
      if (!(epoch >= 0) || !Number.isFinite(epoch)) throw new RangeError(`CosineAnnealingWarmRestarts: Expected non-negative epoch, but got ${epoch}`);
      if (epoch >= this.t0) {
        if (this.tMult === 1) this.tCur = epoch % this.t0;
        else {
          const n = Math.trunc(Math.log((epoch / this.t0) * (this.tMult - 1) + 1) / Math.log(this.tMult));
          this.tCur = epoch - (this.t0 * (this.tMult ** n - 1)) / (this.tMult - 1);
          this.tI = this.t0 * this.tMult ** n;
        }
      } else {
        this.tI = this.t0;
        this.tCur = epoch;
      }
    }
    this.lastEpoch = Math.floor(epoch);
    this.apply(this.getLr());
  }

  /** @returns the cycle: Tᵢ and T_cur. */
  protected override extraState(): Record<string, unknown> {
    return { tI: this.tI, tCur: this.tCur };
  }

  /** @param extra - the saved cycle. */
  protected override loadExtraState(extra: Readonly<Record<string, unknown>>): void {
    this.tI = extra.tI as number;
    this.tCur = extra.tCur as number;
  }
}
