/**
 * Anomaly mode: NaN and Inf in backward, reported with the line of user code that made the op.
 * While {@link detectAnomaly} runs, every new graph node records where user code created it, and
 * the engine checks every gradient a backward returns, throwing an error naming the op and line.
 * @module
 */
import type { Tensor } from '../tensor.js';
import { isAnomalyEnabled } from './mode.js';
import type { Node } from './node.js';

/**
 * Thrown in anomaly mode ({@link detectAnomaly}) when a backward rule produces NaN or Inf; the
 * message names the op and the line that created it.
 * @example
 * ```ts
 * const x = tensor([0], { requiresGrad: true });
 * try {
 *   detectAnomaly(() => x.sqrt().sum().backward());
 * } catch (e) {
 *   e instanceof AnomalyError; // true
 * }
 * ```
 */
export class AnomalyError extends Error {
  /** `'AnomalyError'`. */
  override name = 'AnomalyError';
}

function stripFile(s: string): string {
  return s.replace(/^file:\/\//, '');
}

// the folder holding the chainrule packages: packages/ in this repo, @chainrule/ once installed
const packagesRoot = stripFile(new URL('../../../', import.meta.url).href);

/** A frame in a chainrule package's code (`<package>/src/...` or `<package>/dist/...`), autograd, nn or data. */
function isLibraryFrame(frame: string): boolean {
  const f = stripFile(frame);
  const at = f.indexOf(packagesRoot);
  return at >= 0 && /^[^/]+\/(src|dist)\//.test(f.slice(at + packagesRoot.length));
}

/** The first stack frames outside chainrule: where user code created an op. */
export function userFrame(): string {
  // V8 keeps 10 frames by default: too few to get out of a loss composed in nn; restored after
  const E = Error as { stackTraceLimit?: number | undefined };
  const limit = E.stackTraceLimit;
  E.stackTraceLimit = 100;
  const stack = new Error().stack ?? '';
  E.stackTraceLimit = limit;
  const frames = stack.split('\n').slice(1).map((l) => l.trim());
  const outside = frames.filter((f) => !isLibraryFrame(f) && !f.includes('node_modules') && !f.includes('node:'));
  return outside.slice(0, 3).join('\n    ') || frames.slice(0, 3).join('\n    ');
}

/** In anomaly mode, records on a new node where user code created it (once). */
export function noteTrace(node: Node): void {
  if (isAnomalyEnabled() && node.trace === null) node.trace = userFrame();
}

function hasNonFinite(t: Tensor): boolean {
  const a = t.toArray();
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i]!)) return true;
  return false;
}

/**
 * In anomaly mode, throws when a gradient `node`'s backward returned holds NaN or Inf.
 * @throws AnomalyError naming the op, the input and where the op was created.
 */
export function checkFinite(node: Node, inGrads: readonly (Tensor | null)[]): void {
  if (!isAnomalyEnabled()) return;
  inGrads.forEach((g, i) => {
    if (g !== null && hasNonFinite(g)) {
      throw new AnomalyError(
        `Function '${node.name}' returned NaN or Inf values in its gradient for input ${i}. The forward op was created at:\n    ${node.trace ?? '(unknown: the op was recorded outside detectAnomaly)'}`,
      );
    }
  });
}
