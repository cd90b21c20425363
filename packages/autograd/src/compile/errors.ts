/**
 * The error {@link compile} throws when a function does something a captured program cannot do.
 * @module
 */
import { userFrame } from '../engine/anomaly.js';

/**
 * Thrown when {@link compile} cannot capture a function: it reads tensor values inside (`item()`,
 * `toArray()`, `data`, printing), returns something other than tensors, or runs in anomaly mode.
 * The message says what to move out of the function, and where the call was made.
 * @example
 * ```ts
 * import { compile, CompileError, tensor } from '@chainrule/autograd';
 * const f = compile((x) => (x.sum().item() > 0 ? x : x.neg()));
 * f(tensor([1, 2])); // the first call runs eagerly
 * try {
 *   f(tensor([1, 2])); // the second is captured
 * } catch (e) {
 *   e instanceof CompileError; // true
 * }
 * ```
 */
export class CompileError extends Error {
  /** `'CompileError'`. */
  override name = 'CompileError';
}

/** " (at <the user's line>)" for a message, or nothing when no user frame is found. */
export function whereInUserCode(): string {
  const at = userFrame().split('\n')[0]?.trim();
  return at === undefined || at === '' ? '' : `\n    at: ${at.replace(/^at /, '')}`;
}
