/**
 * `backward()`'s policy: every node on the graph runs, and each leaf's complete gradient is added
 * into its `.grad`, which owns its memory.
 * @module
 */
import type { Storage } from '../storage.js';
import type { Tensor } from '../tensor.js';
import type { Node } from './node.js';
import type { Policy } from './core.js';

/** Adds gradients into leaves' `.grad`, like PyTorch's AccumulateGrad. */
export class AccumulateGrad implements Policy {
  // A new .grad must own its memory, as PyTorch's AccumulateGrad ensures: rules pass gradients
  // through as views (sum's is a stride-0 expand) and hand one tensor to several inputs (add's),
  // so an in-place change of one .grad (clipGradNorm_, add_) would hit others or repeat cells.
  private readonly handedOut: Set<Storage>;

  /**
   * @param given - the gradients the caller passed for the outputs: never stored as a `.grad`.
   * @param createGraph - keep `.grad` differentiable (else it is detached).
   */
  constructor(
    given: readonly (Tensor | null)[],
    private readonly createGraph: boolean,
  ) {
    this.handedOut = new Set(given.flatMap((g) => (g === null ? [] : [g._storage])));
  }

  prune(order: readonly Node[]): readonly Node[] {
    return order;
  }

  wantsInputGrads(): boolean {
    return true;
  }

  wantsLeaf(): boolean {
    return true;
  }

  nodeGrad(): void {}

  leafGrad(leaf: Tensor, g: Tensor): void {
    if (leaf.grad === null) leaf.grad = this.createGraph ? this.owned(g) : this.owned(g).detach();
    else leaf.grad = this.createGraph ? leaf.grad.add(g) : leaf.grad.add(g).detach();
  }

  /** `g`, or a copy of it when it is a view or its memory was already handed out. */
  private owned(g: Tensor): Tensor {
    const t = g.isContiguous() && !this.handedOut.has(g._storage) ? g : g.clone();
    this.handedOut.add(t._storage);
    return t;
  }
}
