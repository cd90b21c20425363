/**
 * `ctcLoss`: the connectionist temporal classification loss, by the forward-backward recursions
 * over each sample's blank-extended target, in log space (float64), as one custom op whose
 * backward is PyTorch's formula.
 * @module
 */
import { defineFunction, tensor } from '@chainrule/autograd';
import type { Tensor } from '@chainrule/autograd';
import type { Reduction } from './loss.js';
import { checkFloat, checkOptions, fmt } from './options.js';

/**
 * Options of {@link ctcLoss}.
 * @example
 * ```ts
 * import type { CTCLossOptions } from '@chainrule/nn/functional';
 * const opts: CTCLossOptions = { blank: 0, zeroInfinity: true };
 * opts.zeroInfinity; // true
 * ```
 */
export interface CTCLossOptions {
  /** The blank label (default 0). */
  blank?: number;
  /** 'mean' (default: each loss divided by its target length, then averaged over the batch), 'sum' or 'none'. */
  reduction?: Reduction;
  /** Infinite losses (an input too short for its target) and their gradients become 0 (default false). */
  zeroInfinity?: boolean;
}

/** log(Σ exp(v)) of a few values, −∞ when all are. */
function lse(a: number, b: number, c = -Infinity): number {
  const m = Math.max(a, b, c);
  if (m === -Infinity) return -Infinity;
  return m + Math.log(Math.exp(a - m) + Math.exp(b - m) + Math.exp(c - m));
}

interface Sample {
  /** The input length. */
  t: number;
  /** The target labels. */
  labels: number[];
}

interface Problem {
  samples: Sample[];
  /** log-probabilities as [T, N, C] row-major. */
  lp: Float64Array;
  steps: number;
  n: number;
  c: number;
  blank: number;
}

/** The blank-extended target of a sample: blank, l1, blank, l2, …, blank. */
const extended = (labels: readonly number[], blank: number): number[] => [blank, ...labels.flatMap((l) => [l, blank])];

/** The forward variables α[t][s] of one sample, and its negative log-likelihood. */
function forward(p: Problem, b: number): { alpha: Float64Array; nll: number } {
  const { t: len, labels } = p.samples[b]!;
  const ext = extended(labels, p.blank);
  const s = ext.length;
  const at = (t: number, k: number): number => p.lp[(t * p.n + b) * p.c + ext[k]!]!;
  const alpha = new Float64Array(Math.max(len, 1) * s).fill(-Infinity);
  if (len === 0) return { alpha, nll: labels.length === 0 ? 0 : Infinity };
  alpha[0] = at(0, 0);
  if (s > 1) alpha[1] = at(0, 1);
  for (let t = 1; t < len; t++) {
    for (let k = 0; k < s; k++) {
      const prev = (t - 1) * s;
      const skip = k >= 2 && ext[k] !== p.blank && ext[k] !== ext[k - 2] ? alpha[prev + k - 2]! : -Infinity;
      alpha[t * s + k] = at(t, k) + lse(alpha[prev + k]!, k >= 1 ? alpha[prev + k - 1]! : -Infinity, skip);
    }
  }
  const last = (len - 1) * s;
  return { alpha, nll: -lse(alpha[last + s - 1]!, s > 1 ? alpha[last + s - 2]! : -Infinity) };
}

/** PyTorch's gradient of a sample's loss with respect to its log-probabilities, written into `grad` ([T, N, C]). */
function backward(p: Problem, b: number, alpha: Float64Array, nll: number, scale: number, grad: Float64Array): void {
  const { t: len, labels } = p.samples[b]!;
  const ext = extended(labels, p.blank);
  const s = ext.length;
  const at = (t: number, k: number): number => p.lp[(t * p.n + b) * p.c + ext[k]!]!;
  const beta = new Float64Array(Math.max(len, 1) * s).fill(-Infinity);
  if (len > 0) {
    const last = (len - 1) * s;
    beta[last + s - 1] = at(len - 1, s - 1);
    if (s > 1) beta[last + s - 2] = at(len - 1, s - 2);
    for (let t = len - 2; t >= 0; t--) {
      for (let k = 0; k < s; k++) {
        const next = (t + 1) * s;
        const skip = k + 2 < s && ext[k] !== p.blank && ext[k + 2] !== ext[k] ? beta[next + k + 2]! : -Infinity;
        beta[t * s + k] = at(t, k) + lse(beta[next + k]!, k + 1 < s ? beta[next + k + 1]! : -Infinity, skip);
      }
    }
  }
  for (let t = 0; t < len; t++) {
    // log Σ over the positions of each label of α·β (each holds lp once too many)
    const lcab = new Float64Array(p.c).fill(-Infinity);
    for (let k = 0; k < s; k++) lcab[ext[k]!] = lse(lcab[ext[k]!]!, alpha[t * s + k]! + beta[t * s + k]!);
    for (let c = 0; c < p.c; c++) {
      const i = (t * p.n + b) * p.c + c;
      const lp = p.lp[i]!;
      grad[i] = scale * (Math.exp(lp) - Math.exp(lcab[c]! + nll - lp));
    }
  }
}

const ctcOp = defineFunction({
  name: 'ctcLoss',
  onceDifferentiable: true,
  forward(ctx, logProbs: Tensor, problem: Problem & { zeroInfinity: boolean }) {
    const results = problem.samples.map((_, b) => forward(problem, b));
    ctx.results = results;
    ctx.problem = problem;
    const losses = results.map((r) => (problem.zeroInfinity && r.nll === Infinity ? 0 : r.nll));
    return tensor(losses, { dtype: logProbs.dtype });
  },
  backward(ctx, g) {
    const problem = ctx.problem as Problem & { zeroInfinity: boolean };
    const results = ctx.results as { alpha: Float64Array; nll: number }[];
    const up = g.toArray();
    const grad = new Float64Array(problem.lp.length);
    results.forEach((r, b) => {
      if (r.nll === Infinity && problem.zeroInfinity) return;
      backward(problem, b, r.alpha, r.nll, up[b]!, grad);
    });
    return [tensor(grad, { dtype: g.dtype }).reshape([problem.steps, problem.n, problem.c]), null];
  },
});

const lengthsOf = (v: Tensor | readonly number[] | number, what: string, op: string): number[] => {
  if (typeof v === 'number') return [v];
  if (Array.isArray(v)) return [...(v as readonly number[])];
  const t = v as Tensor;
  if (t.dtype !== 'int32') throw new TypeError(`${op}: expected int32 ${what}, got ${t.dtype}`);
  return Array.from(t.toArray());
};

/**
 * The connectionist temporal classification loss, like `F.ctc_loss`: the negative log-likelihood
 * of each target sequence summed over every alignment of it to its input (labels repeated, blanks
 * between), for sequence models without a known alignment (speech, handwriting).
 *
 * NOTE: as PyTorch's, the gradient with respect to `logProbs` assumes they are a log-softmax
 * output (it is exp(logProbs) minus the alignments' posterior, the gradient of the loss after a
 * log-softmax); pass `x.logSoftmax(2)`. It is not differentiable twice (PyTorch's neither).
 * @param logProbs - log-probabilities `[T, N, C]` (or unbatched `[T, C]`), C counting the blank.
 * @param targets - int32 labels: `[N, S]` padded, or all targets concatenated `[Σ targetLengths]`
 *   (unbatched: `[S]`).
 * @param inputLengths - each sample's input length (≤ T): int32 `[N]` or numbers.
 * @param targetLengths - each sample's target length: int32 `[N]` or numbers.
 * @param opts - `blank` (default 0), `reduction`, `zeroInfinity`.
 * @returns the loss (`[N]` with reduction 'none').
 * @throws RangeError for shapes or lengths that do not fit, a blank or label out of range, or an
 *   unknown reduction.
 * @throws TypeError for non-float log-probabilities, non-int32 targets or lengths, or an unknown option.
 * @example
 * ```ts
 * import { tensor } from '@chainrule/autograd';
 * import * as F from '@chainrule/nn/functional';
 * // two steps, classes {blank, a}: the target "a" is aligned as "a a", "a -" or "- a"
 * const logProbs = tensor([[[0.5, 0.5]], [[0.5, 0.5]]]).log();
 * F.ctcLoss(logProbs, tensor([[1]], { dtype: 'int32' }), [2], [1]).exp().item(); // 1.3333 (1 / (3 · ¼))
 * ```
 */
export function ctcLoss(
  logProbs: Tensor,
  targets: Tensor,
  inputLengths: Tensor | readonly number[] | number,
  targetLengths: Tensor | readonly number[] | number,
  opts: CTCLossOptions = {},
): Tensor {
  const op = 'ctcLoss';
  checkOptions(op, opts, ['blank', 'reduction', 'zeroInfinity']);
  checkFloat(logProbs, op, 'logProbs');
  if (logProbs.ndim !== 3 && logProbs.ndim !== 2) throw new RangeError(`${op}: expected logProbs [T, N, C] or [T, C], got ${fmt(logProbs.shape)}`);
  if (targets.dtype !== 'int32') throw new TypeError(`${op}: expected int32 targets, got ${targets.dtype}`);
  const unbatched = logProbs.ndim === 2;
  const lp3 = unbatched ? logProbs.unsqueeze(1) : logProbs;
  const [steps, n, c] = lp3.shape as [number, number, number];
  const blank = opts.blank ?? 0;
  if (!Number.isInteger(blank) || blank < 0 || blank >= c) throw new RangeError(`${op}: blank must be in label range [0, ${c}), got ${blank}`);
  const inLens = lengthsOf(inputLengths, 'input lengths', op);
  const tgLens = lengthsOf(targetLengths, 'target lengths', op);
  if (inLens.length !== n || tgLens.length !== n) throw new RangeError(`${op}: expected ${n} input and target lengths, got ${inLens.length} and ${tgLens.length}`);
  for (const l of inLens) if (!(Number.isInteger(l) && l >= 0 && l <= steps)) throw new RangeError(`${op}: expected input_lengths to have value at most ${steps}, but got value ${l}`);
  for (const l of tgLens) if (!(Number.isInteger(l) && l >= 0)) throw new RangeError(`${op}: target lengths must be non-negative integers, got ${l}`);
  const flat = Array.from(targets.toArray());
  const padded = !unbatched && targets.ndim === 2;
  if (padded && targets.shape[0] !== n) throw new RangeError(`${op}: expected padded targets [${n}, S], got ${fmt(targets.shape)}`);
  const width = padded ? targets.shape[1]! : 0;
  if (padded && tgLens.some((l) => l > width)) throw new RangeError(`${op}: a target length ${Math.max(...tgLens)} exceeds the padded targets' width ${width}`);
  if (!padded && (targets.ndim !== 1 || flat.length < tgLens.reduce((a, b) => a + b, 0))) {
    throw new RangeError(`${op}: expected concatenated targets of length ${tgLens.reduce((a, b) => a + b, 0)} (the sum of the target lengths), got ${fmt(targets.shape)}`);
  }
  let start = 0;
  const samples = tgLens.map((len, b) => {
    const from = padded ? b * width : start;
    start += len;
    const labels = flat.slice(from, from + len);
    for (const l of labels) if (!(l >= 0 && l < c)) throw new RangeError(`${op}: target label ${l} is out of range for ${c} classes`);
    return { t: inLens[b]!, labels };
  });
  const problem = { samples, lp: Float64Array.from(lp3.detach().contiguous().toArray()), steps, n, c, blank, zeroInfinity: opts.zeroInfinity ?? false };
  const losses = ctcOp(lp3, problem);
  const reduction = opts.reduction ?? 'mean';
  if (reduction === 'none') return unbatched ? losses.reshape([]) : losses;
  if (reduction === 'sum') return losses.sum();
  if (reduction === 'mean') return losses.div(tensor(tgLens.map((l) => Math.max(l, 1)), { dtype: losses.dtype })).mean();
  throw new RangeError(`${op}: ${String(reduction)} is not a valid value for reduction (expected 'mean', 'sum' or 'none')`);
}
