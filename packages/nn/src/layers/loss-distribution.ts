/**
 * Likelihood and divergence loss modules: `KLDivLoss`, `PoissonNLLLoss`, `GaussianNLLLoss`,
 * `CTCLoss`, each over the function of the same name with fixed options.
 * @module
 */
import type { Tensor } from '@chainrule/autograd';
import { ctcLoss } from '../functional/ctc.js';
import type { CTCLossOptions } from '../functional/ctc.js';
import * as D from '../functional/loss-distribution.js';
import type { GaussianNLLLossOptions, KLDivOptions, PoissonNLLLossOptions } from '../functional/loss-distribution.js';
import type { Reduction } from '../functional/loss.js';
import { checkOptions } from '../functional/options.js';
import { Loss } from './loss.js';

/**
 * The Kullback-Leibler divergence loss, like `torch.nn.KLDivLoss`: the input as log-probabilities,
 * the target as probabilities (or log-probabilities with `logTarget`); use reduction
 * `'batchmean'` for the KL divergence itself (see {@link D.klDiv | F.klDiv}).
 *
 * Shape:
 * - Input, target: any shape (target broadcast).
 * - Output: a scalar, or the input's shape with reduction 'none'.
 * @example
 * ```ts
 * import { tensor } from '@chainrule/autograd';
 * import { nn } from '@chainrule/nn';
 * const kl = new nn.KLDivLoss({ reduction: 'batchmean', logTarget: true });
 * kl.forward(tensor([[0.25, 0.75]]).log(), tensor([[0.5, 0.5]]).log()); // tensor(0.1438)
 * ```
 */
export class KLDivLoss extends Loss<[Tensor, Tensor], Reduction | 'batchmean'> {
  /** Whether the target is given as log-probabilities. */
  readonly logTarget: boolean;
  /**
   * @param opts - `reduction` (default 'mean'; 'batchmean' for the KL divergence), `logTarget` (default false).
   * @throws TypeError for an unknown option.
   */
  constructor(opts: KLDivOptions = {}) {
    checkOptions('KLDivLoss', opts, ['reduction', 'logTarget']);
    super(opts.reduction ?? 'mean');
    this.logTarget = opts.logTarget ?? false;
  }
  /**
   * Computes the loss.
   * @param input - log-probabilities.
   * @param target - probabilities (or log-probabilities).
   * @returns the loss.
   * @throws RangeError for shapes that do not broadcast.
   */
  forward(input: Tensor, target: Tensor): Tensor {
    return D.klDiv(input, target, { reduction: this.reduction, logTarget: this.logTarget });
  }
}

/**
 * Poisson negative log-likelihood, like `torch.nn.PoissonNLLLoss`: exp(x) − y·x for a predicted
 * log-rate x (see {@link D.poissonNllLoss | F.poissonNllLoss}).
 *
 * Shape:
 * - Input, target: any shape (target broadcast).
 * - Output: a scalar, or the input's shape with reduction 'none'.
 * @example
 * ```ts
 * import { tensor } from '@chainrule/autograd';
 * import { nn } from '@chainrule/nn';
 * new nn.PoissonNLLLoss().forward(tensor([0]), tensor([3])); // tensor(1.)
 * ```
 */
export class PoissonNLLLoss extends Loss {
  readonly #opts: PoissonNLLLossOptions;
  /**
   * @param opts - `logInput` (default true), `full` (default false), `eps` (default 1e-8), `reduction` (default 'mean').
   * @throws TypeError for an unknown option.
   */
  constructor(opts: PoissonNLLLossOptions = {}) {
    checkOptions('PoissonNLLLoss', opts, ['logInput', 'full', 'eps', 'reduction']);
    super(opts.reduction ?? 'mean');
    this.#opts = opts;
  }
  /**
   * Computes the loss.
   * @param input - the log-rate (or rate).
   * @param target - counts.
   * @returns the loss.
   * @throws RangeError for shapes that do not broadcast.
   */
  forward(input: Tensor, target: Tensor): Tensor {
    return D.poissonNllLoss(input, target, { ...this.#opts, reduction: this.reduction });
  }
}

/**
 * Gaussian negative log-likelihood, like `torch.nn.GaussianNLLLoss`: ½·(log σ² + (x − y)²/σ²) for
 * a predicted mean and variance (see {@link D.gaussianNllLoss | F.gaussianNllLoss}).
 *
 * Shape:
 * - Input, target: `[N, *]`; variance: the input's shape, or it with the last dim 1 or dropped.
 * - Output: a scalar, or the input's shape with reduction 'none'.
 * @example
 * ```ts
 * import { ones, zeros } from '@chainrule/autograd';
 * import { nn } from '@chainrule/nn';
 * new nn.GaussianNLLLoss().forward(zeros([2, 3]), ones([2, 3]), ones([2, 1])); // tensor(0.5000)
 * ```
 */
export class GaussianNLLLoss extends Loss<[input: Tensor, target: Tensor, variance: Tensor]> {
  /** Whether the constant ½·log(2π) is added. */
  readonly full: boolean;
  /** The variance's lower clamp. */
  readonly eps: number;
  /**
   * @param opts - `full` (default false), `eps` (default 1e-6), `reduction` (default 'mean').
   * @throws TypeError for an unknown option.
   */
  constructor(opts: GaussianNLLLossOptions = {}) {
    checkOptions('GaussianNLLLoss', opts, ['full', 'eps', 'reduction']);
    super(opts.reduction ?? 'mean');
    this.full = opts.full ?? false;
    this.eps = opts.eps ?? 1e-6;
  }
  /**
   * Computes the loss.
   * @param input - the predicted means.
   * @param target - the targets.
   * @param variance - the predicted variances.
   * @returns the loss.
   * @throws RangeError when the variance's shape does not fit or a variance is negative.
   */
  forward(input: Tensor, target: Tensor, variance: Tensor): Tensor {
    return D.gaussianNllLoss(input, target, variance, { full: this.full, eps: this.eps, reduction: this.reduction });
  }
}

/**
 * The connectionist temporal classification loss, like `torch.nn.CTCLoss` (see {@link ctcLoss | F.ctcLoss}).
 *
 * Shape:
 * - Input: logProbs `[T, N, C]` (or `[T, C]`), a log-softmax over C (the blank included).
 * - targets: int32 `[N, S]` padded, or `[Σ targetLengths]` concatenated.
 * - inputLengths, targetLengths: `[N]` (int32 tensors or numbers).
 * - Output: a scalar, or `[N]` with reduction 'none'.
 * @example
 * ```ts
 * import { tensor } from '@chainrule/autograd';
 * import { nn } from '@chainrule/nn';
 * const ctc = new nn.CTCLoss({ reduction: 'sum' });
 * const logProbs = tensor([[[0.5, 0.5]], [[0.5, 0.5]]]).log();
 * ctc.forward(logProbs, tensor([[1]], { dtype: 'int32' }), [2], [1]).exp().item(); // 1.3333
 * ```
 */
export class CTCLoss extends Loss<[logProbs: Tensor, targets: Tensor, inputLengths: Tensor | readonly number[], targetLengths: Tensor | readonly number[]]> {
  /** The blank label. */
  readonly blank: number;
  /** Whether infinite losses (and their gradients) become 0. */
  readonly zeroInfinity: boolean;
  /**
   * @param opts - `blank` (default 0), `reduction` (default 'mean'), `zeroInfinity` (default false).
   * @throws TypeError for an unknown option.
   */
  constructor(opts: CTCLossOptions = {}) {
    checkOptions('CTCLoss', opts, ['blank', 'reduction', 'zeroInfinity']);
    super(opts.reduction ?? 'mean');
    this.blank = opts.blank ?? 0;
    this.zeroInfinity = opts.zeroInfinity ?? false;
  }
  /**
   * Computes the loss.
   * @param logProbs - `[T, N, C]` log-probabilities.
   * @param targets - the target labels.
   * @param inputLengths - each sample's input length.
   * @param targetLengths - each sample's target length.
   * @returns the loss.
   * @throws RangeError for shapes or lengths that do not fit.
   * @throws TypeError for non-int32 targets or lengths.
   */
  forward(logProbs: Tensor, targets: Tensor, inputLengths: Tensor | readonly number[], targetLengths: Tensor | readonly number[]): Tensor {
    return ctcLoss(logProbs, targets, inputLengths, targetLengths, { blank: this.blank, reduction: this.reduction, zeroInfinity: this.zeroInfinity });
  }
}
