/**
 * `grad()`'s policy: only the nodes on a path to the requested inputs run, and the complete
 * gradient of each input is captured and returned instead of touching `.grad`.
 * @module
 */
import type { Tensor } from '../tensor.js';
import { accumulate } from './core.js';
import type { Policy } from './core.js';
import type { Node } from './node.js';

/** Captures the gradients of `grad()`'s inputs: leaf tensors, or outputs of recorded nodes. */
export class CaptureGrads implements Policy {
  /** One gradient per input, null until one reaches it. */
  readonly result: (Tensor | null)[];
  /** The result slots of each input (an input may be given more than once). */
  private readonly leaves = new Map<Tensor, number[]>();
  private readonly outputs = new Map<Node, Map<number, number[]>>();
  /** Nodes with an input on a path to a target: their vjp runs. */
  private readonly feeding = new Set<Node>();

  /**
   * @param inputs - the tensors to differentiate with respect to.
   * @throws Error when an input does not require grad.
   */
  constructor(inputs: readonly Tensor[]) {
    this.result = inputs.map(() => null);
    inputs.forEach((t, i) => {
      if (!t.requiresGrad) throw new Error(`grad: input ${i} does not require grad`);
      if (t.gradFn === null) this.leaves.set(t, [...(this.leaves.get(t) ?? []), i]);
      else {
        let m = this.outputs.get(t.gradFn);
        if (m === undefined) this.outputs.set(t.gradFn, (m = new Map()));
        m.set(t._outputIndex, [...(m.get(t._outputIndex) ?? []), i]);
      }
    });
  }

  /** Keeps only the nodes from which a target is reachable (or that are targets). */
  prune(order: readonly Node[]): readonly Node[] {
    const useful = new Set<Node>();
    for (let i = order.length - 1; i >= 0; i--) {
      const n = order[i]!;
      if (n.edges.some((e) => e !== null && ('node' in e ? useful.has(e.node) : this.leaves.has(e.leaf)))) this.feeding.add(n);
      if (this.feeding.has(n) || this.outputs.has(n)) useful.add(n);
    }
    return order.filter((n) => useful.has(n));
  }

  wantsInputGrads(node: Node): boolean {
    return this.feeding.has(node);
  }

  wantsLeaf(leaf: Tensor): boolean {
    return this.leaves.has(leaf);
  }

  nodeGrad(node: Node, index: number, g: Tensor): void {
    for (const slot of this.outputs.get(node)?.get(index) ?? []) this.result[slot] = accumulate(this.result[slot], g);
  }

  leafGrad(leaf: Tensor, g: Tensor): void {
    for (const slot of this.leaves.get(leaf) ?? []) this.result[slot] = accumulate(this.result[slot], g);
  }

  holds(): readonly (Tensor | null)[] {
    return this.result;
  }
}
