/**
 * Recording: after a primitive computed its output, attach a graph node (when grad mode is on and
 * an input requires grad) whose backward is the primitive's rule from the gradient table.
 * @module
 */
import type { Tensor } from '../tensor.js';
import { isAnomalyEnabled, isGradEnabled } from './mode.js';
import { Node } from './node.js';
import type { Edge } from './node.js';
import type { Prim, PrimArgs } from './primitives.js';
import { rules } from './rules.js';

/** The edge along which a gradient for `t` flows, or null when `t` takes none. */
export function edgeOf(t: Tensor): Edge {
  if (!t.requiresGrad) return null;
  const fn = t.gradFn;
  return fn === null ? { leaf: t } : { node: fn, index: t._outputIndex };
}

/** Whether an op on `inputs` must be recorded. */
export function needsRecording(inputs: readonly Tensor[]): boolean {
  if (!isGradEnabled()) return false;
  for (const t of inputs) if (t.requiresGrad) return true;
  return false;
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

/** Attaches a fresh node to a new graph output; in anomaly mode it records the creating line. */
export function attach(out: Tensor, node: Node, index = 0): void {
  if (isAnomalyEnabled() && node.trace === null) node.trace = userFrame();
  out._setGradFn(node, index);
}

/** The nodes of primitives, whose backward is the library's own rule (not user code). */
export const ruleNodes = new WeakSet<Node>();

/** Records primitive `prim` that computed `out` from `inputs`; returns `out`. */
export function record<P extends Prim>(prim: P, inputs: readonly Tensor[], args: PrimArgs[P], out: Tensor): Tensor {
  if (!needsRecording(inputs)) return out;
  const rule = rules[prim];
  const needs = inputs.map((t) => t.requiresGrad);
  const save = rule.save;
  const saved = save === 'none' ? [] : save === 'inputs' ? [...inputs] : save === 'output' ? [out] : [...inputs, out];
  const nIn = inputs.length;
  const shapes = inputs.map((t) => t.shape);
  const dtypes = inputs.map((t) => t.dtype);
  const node = new Node(prim, inputs.map(edgeOf), [{ shape: out.shape, dtype: out.dtype }], saved, (grads, s) => {
    const ins = save === 'inputs' || save === 'both' ? s.slice(0, nIn) : [];
    const o = save === 'output' ? s[0] : save === 'both' ? s[nIn] : undefined;
    return rule.vjp(grads[0]!, { inputs: ins, out: o as Tensor, args, needs, shapes, dtypes });
  });
  ruleNodes.add(node);
  attach(out, node);
  return out;
}
