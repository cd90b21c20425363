/**
 * The op registry itself: every primitive of the gradient table is exercised by some registry
 * entry (in its forward graph, or in the graph of its gradient), so a primitive added to the table
 * without a registry entry that reaches it fails here.
 */
import { describe, expect, it } from 'vitest';
import { grad } from '@chainrule/autograd';
import type { Node, Tensor } from '@chainrule/autograd';
import { rules } from '../packages/autograd/src/engine/rules.js';
import { flattenOut } from './golden/read.js';
import { seededTensor, streams } from './golden/seeded.js';
import { parityCases, registry } from './registry/index.js';

/** The names of every node reachable from `outs`. */
function nodeNames(outs: readonly Tensor[]): Set<string> {
  const names = new Set<string>();
  const stack: Node[] = outs.map((o) => o.gradFn).filter((n): n is Node => n !== null);
  const seen = new Set<Node>();
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (seen.has(n)) continue;
    seen.add(n);
    names.add(n.name);
    for (const e of n.edges) if (e !== null && 'node' in e) stack.push(e.node);
  }
  return names;
}

describe('the op registry', () => {
  it('exercises every primitive of the gradient table', () => {
    const reached = new Set<string>();
    for (const c of parityCases()) {
      const xs = c.inputs.map((input, i) => seededTensor(input, streams.input(c.key, i), c.entry.inPlace === true ? false : undefined));
      const outs = flattenOut(c.entry.fn(...xs)).filter((o) => o.requiresGrad);
      for (const n of nodeNames(outs)) reached.add(n);
      const wrt = xs.filter((x) => x.requiresGrad);
      if (outs.length === 0 || wrt.length === 0) continue;
      const gs = grad(outs.map((o) => o.sum()), wrt, { allowUnused: true, createGraph: true });
      for (const n of nodeNames(gs.filter((g): g is Tensor => g !== null))) reached.add(n);
    }
    expect(Object.keys(rules).filter((p) => !reached.has(p))).toEqual([]);
  });

  it('gives every entry a PyTorch expression, or a reason why not', () => {
    expect(Object.entries(registry).filter(([, e]) => e.torch === null && (e.noTorch ?? '') === '').map(([n]) => n)).toEqual([]);
  });
});
