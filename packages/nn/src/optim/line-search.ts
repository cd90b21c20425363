/**
 * The strong-Wolfe line search of {@link LBFGS} (PyTorch's `_strong_wolfe`, itself a port of
 * torch/optim's lswolfe.lua), over numbers for the step, loss and slope and flat tensors for the
 * gradient and direction.
 * @module
 */
import type { Tensor } from '@chainrule/autograd';

/**
 * The minimizer of the cubic through (x1, f1) and (x2, f2) with slopes g1 and g2, clamped to
 * `bounds` (default the interval between the points); the middle of the bounds when the cubic
 * has no minimum.
 * @internal
 */
export function cubicInterpolate(x1: number, f1: number, g1: number, x2: number, f2: number, g2: number, bounds?: readonly [number, number]): number {
  const [lo, hi] = bounds ?? (x1 <= x2 ? [x1, x2] : [x2, x1]);
  const d1 = g1 + g2 - (3 * (f1 - f2)) / (x1 - x2);
  const d2Square = d1 ** 2 - g1 * g2;
  if (!(d2Square >= 0)) return (lo + hi) / 2;
  const d2 = Math.sqrt(d2Square);
  const minPos = x1 <= x2 ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2)) : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
  return Math.min(Math.max(minPos, lo), hi);
}

/** Evaluates the loss and flat gradient at x + t·d (and puts the parameters back at x). */
export type DirectionalEvaluate = (t: number, d: Tensor) => [loss: number, grad: Tensor];

/** What the line search found: the loss and gradient at the step t, and how many evaluations it took. */
export interface LineSearchResult {
  loss: number;
  grad: Tensor;
  t: number;
  evals: number;
}

/**
 * Finds a step t along d that satisfies the strong Wolfe conditions, as PyTorch's `_strong_wolfe`
 * (c1 = 1e-4, c2 = 0.9, at most 25 evaluations): a bracketing phase, then a zoom by cubic
 * interpolation.
 * @internal
 */
export function strongWolfe(evaluate: DirectionalEvaluate, t0: number, d: Tensor, f: number, g0: Tensor, gtd: number, toleranceChange = 1e-9, c1 = 1e-4, c2 = 0.9, maxLs = 25): LineSearchResult {
  let t = t0;
  const dNorm = d.abs().max().item();
  const g = g0.clone();
  let [fNew, gNew] = evaluate(t, d);
  let evals = 1;
  let gtdNew = gNew.dot(d).item();

  let [tPrev, fPrev, gPrev, gtdPrev] = [0, f, g, gtd];
  let done = false;
  let lsIter = 0;
  let bracket: number[] = [];
  let bracketF: number[] = [];
  let bracketG: Tensor[] = [];
  let bracketGtd: number[] = [];
  while (lsIter < maxLs) {
    if (fNew > f + c1 * t * gtd || (lsIter > 1 && fNew >= fPrev)) {
      [bracket, bracketF, bracketG, bracketGtd] = [[tPrev, t], [fPrev, fNew], [gPrev, gNew.clone()], [gtdPrev, gtdNew]];
      break;
    }
    if (Math.abs(gtdNew) <= -c2 * gtd) {
      [bracket, bracketF, bracketG] = [[t], [fNew], [gNew]];
      done = true;
      break;
    }
    if (gtdNew >= 0) {
      [bracket, bracketF, bracketG, bracketGtd] = [[tPrev, t], [fPrev, fNew], [gPrev, gNew.clone()], [gtdPrev, gtdNew]];
      break;
    }
    // extrapolate
    const minStep = t + 0.01 * (t - tPrev);
    const maxStep = t * 10;
    const tmp = t;
    t = cubicInterpolate(tPrev, fPrev, gtdPrev, t, fNew, gtdNew, [minStep, maxStep]);
    [tPrev, fPrev, gPrev, gtdPrev] = [tmp, fNew, gNew.clone(), gtdNew];
    [fNew, gNew] = evaluate(t, d);
    evals += 1;
    gtdNew = gNew.dot(d).item();
    lsIter += 1;
  }
  if (lsIter === maxLs) [bracket, bracketF, bracketG] = [[0, t], [f, fNew], [g, gNew]];

  // zoom: shrink the bracket until a point satisfies the conditions
  let insufProgress = false;
  let [low, high] = bracketF[0]! <= bracketF[bracketF.length - 1]! ? [0, 1] : [1, 0];
  while (!done && lsIter < maxLs) {
    if (Math.abs(bracket[1]! - bracket[0]!) * dNorm < toleranceChange) break;
    t = cubicInterpolate(bracket[0]!, bracketF[0]!, bracketGtd[0]!, bracket[1]!, bracketF[1]!, bracketGtd[1]!);
    // too close to an end of the bracket: move 10 % of its length inside
    const [bMax, bMin] = [Math.max(...bracket), Math.min(...bracket)];
    const eps = 0.1 * (bMax - bMin);
    if (Math.min(bMax - t, t - bMin) < eps) {
      if (insufProgress || t >= bMax || t <= bMin) {
        t = Math.abs(t - bMax) < Math.abs(t - bMin) ? bMax - eps : bMin + eps;
        insufProgress = false;
      } else {
        insufProgress = true;
      }
    } else {
      insufProgress = false;
    }
    [fNew, gNew] = evaluate(t, d);
    evals += 1;
    gtdNew = gNew.dot(d).item();
    lsIter += 1;
    if (fNew > f + c1 * t * gtd || fNew >= bracketF[low]!) {
      // Armijo fails, or no lower than the lowest point: the new high end
      [bracket[high], bracketF[high], bracketG[high], bracketGtd[high]] = [t, fNew, gNew.clone(), gtdNew];
      [low, high] = bracketF[0]! <= bracketF[1]! ? [0, 1] : [1, 0];
    } else {
      if (Math.abs(gtdNew) <= -c2 * gtd) done = true;
      else if (gtdNew * (bracket[high]! - bracket[low]!) >= 0) {
        // the old low end becomes the high end
        [bracket[high], bracketF[high], bracketG[high], bracketGtd[high]] = [bracket[low]!, bracketF[low]!, bracketG[low]!, bracketGtd[low]!];
      }
      [bracket[low], bracketF[low], bracketG[low], bracketGtd[low]] = [t, fNew, gNew.clone(), gtdNew];
    }
  }
  return { loss: bracketF[low]!, grad: bracketG[low]!, t: bracket[low]!, evals };
}
