/**
 * Global autograd switches: grad mode (`noGrad`, `enableGrad`) and anomaly mode.
 * @module
 */

let gradEnabled = true;
let anomalyEnabled = false;

/**
 * Whether ops record the graph right now.
 * @returns true unless inside {@link noGrad}.
 * @example
 * ```ts
 * import { isGradEnabled, noGrad } from '@chainrule/autograd';
 * noGrad(() => isGradEnabled()); // false
 * ```
 */
export function isGradEnabled(): boolean {
  return gradEnabled;
}

/** Whether anomaly mode is on (see {@link detectAnomaly}). */
export function isAnomalyEnabled(): boolean {
  return anomalyEnabled;
}

function withFlag<T>(set: (v: boolean) => boolean, value: boolean, fn: () => T): T {
  const prev = set(value);
  let result: T;
  try {
    result = fn();
  } catch (e) {
    set(prev);
    throw e;
  }
  if (result instanceof Promise) {
    return result.finally(() => set(prev)) as T;
  }
  set(prev);
  return result;
}

function setGrad(v: boolean): boolean {
  const prev = gradEnabled;
  gradEnabled = v;
  return prev;
}

function setAnomaly(v: boolean): boolean {
  const prev = anomalyEnabled;
  anomalyEnabled = v;
  return prev;
}

/**
 * Runs `fn` without recording the graph, like `with torch.no_grad():`. Works with async functions
 * (the mode is restored when the promise settles).
 *
 * NOTE: the mode is global, not per async task: other code that runs while an async `fn` awaits
 * also sees grad mode off.
 * @param fn - the code to run.
 * @returns what `fn` returns.
 * @example
 * ```ts
 * import { noGrad, tensor } from '@chainrule/autograd';
 * const w = tensor([1, 2], { requiresGrad: true });
 * const y = noGrad(() => w.mul(2));
 * y.requiresGrad; // false
 * ```
 */
export function noGrad<T>(fn: () => T): T {
  return withFlag(setGrad, false, fn);
}

/**
 * Runs `fn` with graph recording on, even inside {@link noGrad}, like `torch.enable_grad()`.
 * @param fn - the code to run.
 * @returns what `fn` returns.
 * @example
 * ```ts
 * import { enableGrad, noGrad, isGradEnabled } from '@chainrule/autograd';
 * noGrad(() => enableGrad(() => isGradEnabled())); // true
 * ```
 */
export function enableGrad<T>(fn: () => T): T {
  return withFlag(setGrad, true, fn);
}

/**
 * Runs `fn` with anomaly detection, like `torch.autograd.detect_anomaly()`: every op records where
 * user code created it, and a NaN or Inf produced in backward throws an error naming the forward
 * op and that line. Slower; use it to debug.
 * @param fn - the code to run (forward and backward).
 * @returns what `fn` returns.
 * @throws AnomalyError when a backward rule produces NaN or Inf.
 * @example
 * ```ts
 * import { detectAnomaly, tensor } from '@chainrule/autograd';
 * const x = tensor([0], { requiresGrad: true, dtype: 'float64' });
 * detectAnomaly(() => x.sqrt().sum().backward()); // throws AnomalyError: Function 'sqrt' returned NaN or Inf
 * ```
 */
export function detectAnomaly<T>(fn: () => T): T {
  return withFlag(setAnomaly, true, fn);
}
