/**
 * Recording: after a primitive computed its output, attach a graph node (when grad mode is on and
 * an input requires grad) whose backward is the primitive's rule from the gradient table.
 * @module
 */
import type { Tensor } from '../tensor.js';
import { noteTrace } from './anomaly.js';
import { isGradEnabled } from './mode.js';
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

/** Attaches a fresh node to a new graph output; in anomaly mode it records the creating line. */
export function attach(out: Tensor, node: Node, index = 0): void {
  noteTrace(node);
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
