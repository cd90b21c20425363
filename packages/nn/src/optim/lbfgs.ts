/**
 * `LBFGS`: limited-memory BFGS with a closure, fixed steps or a strong-Wolfe line search.
 * @module
 */
import { cat, CompileError, enableGrad, isCompiling, noGrad, zeros } from '@chainrule/autograd';
import type { Tensor } from '@chainrule/autograd';
import { checkNumber } from './check.js';
import { strongWolfe } from './line-search.js';
import { Optimizer } from './optimizer.js';
import type { ParamGroupInput } from './optimizer.js';

/**
 * The hyper-parameters of {@link LBFGS}.
 * @example
 * ```ts
 * const opts: Partial<optim.LBFGSOptions> = { maxIter: 8, lineSearchFn: 'strong_wolfe' };
 * new optim.LBFGS([zeros([1], { requiresGrad: true })], opts).paramGroups[0]!.maxEval; // 10
 * ```
 */
export interface LBFGSOptions {
  /** Learning rate: the step along the direction, or the line search's first trial (default 1). */
  lr: number;
  /** Iterations per `step()` (default 20). */
  maxIter: number;
  /** Closure evaluations per `step()` (default ⌊maxIter·5/4⌋). */
  maxEval: number;
  /** Stop when the largest gradient element is at most this (default 1e-7). */
  toleranceGrad: number;
  /** Stop when the loss or the step changes less than this (default 1e-9). */
  toleranceChange: number;
  /** How many past updates to keep (default 100). */
  historySize: number;
  /** null (default): fixed steps of lr; `'strong_wolfe'`: a line search. */
  lineSearchFn: 'strong_wolfe' | null;
}

/**
 * The state of {@link LBFGS}, kept (as PyTorch) under the first parameter; tensors are flat
 * vectors over all parameters.
 * @example
 * ```ts
 * const w = tensor([1, 2], { requiresGrad: true, dtype: 'float64' });
 * const opt = new optim.LBFGS([w]);
 * opt.step(() => {
 *   opt.zeroGrad();
 *   const loss = w.square().sum();
 *   loss.backward();
 *   return loss;
 * });
 * const s: optim.LBFGSState | undefined = opt.state.get(w);
 * s!.funcEvals >= s!.nIter; // true
 * ```
 */
export interface LBFGSState {
  /** Closure evaluations so far. */
  funcEvals: number;
  /** Iterations so far. */
  nIter: number;
  /** The last direction. */
  d?: Tensor;
  /** The last step length. */
  t?: number;
  /** Past gradient differences y. */
  oldDirs?: Tensor[];
  /** Past steps s. */
  oldStps?: Tensor[];
  /** 1/(y·s) of each kept pair. */
  ro?: number[];
  /** The scale of the initial inverse Hessian, (y·s)/(y·y). */
  hDiag?: number;
  /** The last flat gradient. */
  prevFlatGrad?: Tensor;
  /** The last loss. */
  prevLoss?: number;
  /** The two-loop recursion's coefficients (historySize long). */
  al?: (number | null)[];
}

/**
 * L-BFGS, like `torch.optim.LBFGS`: each `step(closure)` runs up to `maxIter` iterations, each
 * one a quasi-Newton direction from the last `historySize` gradient differences (the two-loop
 * recursion) and a step along it, of `lr` or found by a strong-Wolfe line search. The closure
 * clears the gradients, computes the loss, calls `backward()` and returns the loss; it is called
 * several times per step. Needs one parameter group.
 *
 * NOTE: PyTorch computes the scalars of the method (y·s, the step length, the line search's
 * values) in 0-dim tensors of the parameters' dtype; here they are float64 numbers, so float32
 * runs may differ from PyTorch in the last bits of those scalars. A compiled step cannot contain
 * `LBFGS.step` (it reads the loss to decide what to do next): `compile` refuses it.
 * @example
 * ```ts
 * import { tensor } from '@chainrule/autograd';
 * import { optim } from '@chainrule/nn';
 * // minimize (x − 3)² + 10·(y + 1)²
 * const w = tensor([0, 0], { requiresGrad: true, dtype: 'float64' });
 * const opt = new optim.LBFGS([w], { lineSearchFn: 'strong_wolfe' });
 * const closure = () => {
 *   opt.zeroGrad();
 *   const [x, y] = [w.select(0, 0), w.select(0, 1)];
 *   const loss = x.sub(3).square().add(y.add(1).square().mul(10));
 *   loss.backward();
 *   return loss;
 * };
 * opt.step(closure);
 * Array.from(w.toArray(), (v) => v.toFixed(6)); // ['3.000000', '-1.000000']
 * ```
 */
export class LBFGS extends Optimizer<LBFGSOptions, LBFGSState> {
  readonly #params: readonly Tensor[];

  /**
   * @param params - the parameters (one group only).
   * @param opts - see {@link LBFGSOptions}.
   * @throws RangeError for more than one group, a negative lr or tolerance, a maxIter, maxEval or
   *   historySize that is not a positive integer, or an unknown lineSearchFn.
   * @throws TypeError for an option of the wrong type.
   */
  constructor(params: Iterable<Tensor> | Iterable<ParamGroupInput<LBFGSOptions>>, opts: Partial<LBFGSOptions> = {}) {
    const maxIter = opts.maxIter ?? 20;
    checkNumber('LBFGS', 'maxIter', 'max_iter value', maxIter, (v) => Number.isInteger(v) && v > 0);
    const d: LBFGSOptions = { lr: 1, maxIter, maxEval: Math.floor((maxIter * 5) / 4), toleranceGrad: 1e-7, toleranceChange: 1e-9, historySize: 100, lineSearchFn: null, ...opts };
    checkNumber('LBFGS', 'lr', 'learning rate', d.lr, (v) => v >= 0);
    checkNumber('LBFGS', 'maxEval', 'max_eval value', d.maxEval, (v) => Number.isInteger(v) && v > 0);
    checkNumber('LBFGS', 'toleranceGrad', 'tolerance_grad value', d.toleranceGrad, (v) => v >= 0);
    checkNumber('LBFGS', 'toleranceChange', 'tolerance_change value', d.toleranceChange, (v) => v >= 0);
    checkNumber('LBFGS', 'historySize', 'history_size value', d.historySize, (v) => Number.isInteger(v) && v > 0);
    if (d.lineSearchFn !== null && d.lineSearchFn !== 'strong_wolfe') throw new RangeError(`LBFGS: only 'strong_wolfe' is supported as lineSearchFn, got ${String(d.lineSearchFn)}`);
    super(params, d);
    if (this.paramGroups.length !== 1) throw new RangeError("LBFGS doesn't support per-parameter options (parameter groups)");
    this.#params = this.paramGroups[0]!.params;
  }

  /** @internal */
  protected override get numberStateKeys(): readonly string[] {
    return ['funcEvals', 'nIter', 't', 'ro', 'hDiag', 'prevLoss', 'al'];
  }

  /** @internal LBFGS steps all parameters at once, in {@link LBFGS.step}. */
  protected update(): LBFGSState {
    throw new Error('LBFGS: update is not used (step optimizes all parameters at once)');
  }

  /**
   * Runs up to `maxIter` iterations, as `LBFGS.step(closure)`.
   * @param closure - clears the gradients, computes the loss, calls `backward()`, returns the loss.
   * @returns the loss of the closure's first evaluation (before the step).
   * @throws TypeError without a closure.
   * @throws CompileError inside a function that `compile` (from `@chainrule/autograd`) captures.
   * @example
   * ```ts
   * const w = tensor([2], { requiresGrad: true, dtype: 'float64' });
   * const opt = new optim.LBFGS([w], { lr: 0.5, maxIter: 1 });
   * const loss = opt.step(() => {
   *   opt.zeroGrad();
   *   const l = w.square().sum();
   *   l.backward();
   *   return l;
   * });
   * loss.item(); // 4
   * w; // tensor([1.5000], dtype=torch.float64, requires_grad=True)
   * ```
   */
  override step(closure: () => Tensor): Tensor {
    if (typeof closure !== 'function') throw new TypeError('LBFGS.step needs a closure that re-evaluates the model and returns the loss');
    if (isCompiling()) {
      throw new CompileError(
        'compile: LBFGS.step cannot be compiled: it calls its closure a number of times that depends on the loss values ' +
          '(and a line search reads them). Call the training step without compile.',
      );
    }
    return noGrad(() => this.#run(() => enableGrad(closure)));
  }

  #run(closure: () => Tensor): Tensor {
    const group = this.paramGroups[0]!;
    const { lr, maxIter, maxEval, toleranceGrad, toleranceChange, lineSearchFn, historySize } = group;
    const first = this.#params[0]!;
    const state: LBFGSState = this.state.get(first) ?? { funcEvals: 0, nIter: 0 };
    this.state.set(first, state);

    const origLoss = closure();
    let loss = origLoss.item();
    let currentEvals = 1;
    state.funcEvals += 1;
    let flatGrad = this.#flatGrad();
    let optCond = flatGrad.abs().max().item() <= toleranceGrad;
    if (optCond) return origLoss;

    let { d, t, oldDirs, oldStps, ro, hDiag, prevFlatGrad, prevLoss } = state;
    let nIter = 0;
    while (nIter < maxIter) {
      nIter += 1;
      state.nIter += 1;
      // the direction
      if (state.nIter === 1) {
        d = flatGrad.neg();
        [oldDirs, oldStps, ro, hDiag] = [[], [], [], 1];
      } else {
        const y = flatGrad.sub(prevFlatGrad!);
        const s = d!.mul(t!);
        const ys = y.dot(s).item();
        if (ys > 1e-10) {
          if (oldDirs!.length === historySize) {
            oldDirs!.shift();
            oldStps!.shift();
            ro!.shift();
          }
          oldDirs!.push(y);
          oldStps!.push(s);
          ro!.push(1 / ys);
          hDiag = ys / y.dot(y).item();
        }
        const al = (state.al ??= new Array<number | null>(historySize).fill(null));
        // the two-loop recursion: d = −H·g
        const q = flatGrad.neg();
        for (let i = oldDirs!.length - 1; i >= 0; i--) {
          al[i] = oldStps![i]!.dot(q).item() * ro![i]!;
          q.add_(oldDirs![i]!, { alpha: -al[i]! });
        }
        const r = q.mul(hDiag!);
        for (let i = 0; i < oldDirs!.length; i++) {
          const be = oldDirs![i]!.dot(r).item() * ro![i]!;
          r.add_(oldStps![i]!, { alpha: al[i]! - be });
        }
        d = r;
      }
      if (prevFlatGrad === undefined) prevFlatGrad = flatGrad.clone();
      else prevFlatGrad.copy_(flatGrad);
      prevLoss = loss;

      // the step length
      t = state.nIter === 1 ? Math.min(1, 1 / flatGrad.abs().sum().item()) * lr : lr;
      const gtd = flatGrad.dot(d).item();
      if (gtd > -toleranceChange) break;

      let lsEvals = 0;
      if (lineSearchFn === 'strong_wolfe') {
        const x = this.#params.map((p) => p.clone());
        const found = strongWolfe((step, dir) => this.#evaluateAt(closure, x, step, dir), t, d, loss, flatGrad, gtd, toleranceChange);
        [loss, flatGrad, t, lsEvals] = [found.loss, found.grad, found.t, found.evals];
        this.#addGrad(t, d);
        optCond = flatGrad.abs().max().item() <= toleranceGrad;
      } else {
        this.#addGrad(t, d);
        if (nIter !== maxIter) {
          // re-evaluated except on the last iteration, as PyTorch
          loss = closure().item();
          flatGrad = this.#flatGrad();
          optCond = flatGrad.abs().max().item() <= toleranceGrad;
          lsEvals = 1;
        }
      }
      currentEvals += lsEvals;
      state.funcEvals += lsEvals;

      if (nIter === maxIter || currentEvals >= maxEval || optCond) break;
      if (d.mul(t).abs().max().item() <= toleranceChange) break;
      if (Math.abs(loss - prevLoss) < toleranceChange) break;
    }
    Object.assign(state, { d, t, oldDirs, oldStps, ro, hDiag, prevFlatGrad, prevLoss });
    return origLoss;
  }

  /** All gradients as one flat vector (zeros for a parameter without one). */
  #flatGrad(): Tensor {
    return cat(this.#params.map((p) => (p.grad === null ? zeros([p.numel()], { dtype: p.dtype }) : p.grad.reshape([p.numel()]))));
  }

  /** p ← p + t·update, `update` flat over all parameters. */
  #addGrad(t: number, update: Tensor): void {
    let offset = 0;
    for (const p of this.#params) {
      const n = p.numel();
      p.add_(update.narrow(0, offset, n).view(p.shape), { alpha: t });
      offset += n;
    }
  }

  /** The loss and flat gradient at x + t·d; the parameters are put back at x. */
  #evaluateAt(closure: () => Tensor, x: readonly Tensor[], t: number, d: Tensor): [number, Tensor] {
    this.#addGrad(t, d);
    const loss = closure().item();
    const grad = this.#flatGrad();
    this.#params.forEach((p, i) => p.copy_(x[i]!));
    return [loss, grad];
  }
}
