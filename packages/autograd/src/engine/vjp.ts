/**
 * Calling a node's backward: unpack what it saved (checked against in-place changes), run its
 * vjp, and mark the results of a once-differentiable backward so that differentiating them again
 * throws. This is where the gradients a backward returns would be checked against its inputs.
 * @module
 */
import { asUserCode } from '../storage.js';
import type { Tensor } from '../tensor.js';
import { noGrad } from './mode.js';
import { Node } from './node.js';
import { ruleNodes } from './record.js';

/**
 * A gradient computed by a once-differentiable backward: usable as a value, but differentiating
 * through it throws (as PyTorch's DelayedError).
 */
function delayedError(g: Tensor, node: Node): Tensor {
  const out = g.detach();
  const err = new Node('DelayedError', node.edges, [{ shape: out.shape, dtype: out.dtype }], [], () => {
    throw new Error(
      `${node.name}: its backward is marked onceDifferentiable (written with raw kernels), so its gradient cannot be differentiated again; ` +
        'write the backward in tensor ops to get higher-order gradients',
    );
  });
  out._setGradFn(err, 0);
  return out;
}

/** The gradients of `node`'s inputs from those of its outputs (one per input, null for none). */
export function callVjp(node: Node, grads: readonly Tensor[], createGraph: boolean): readonly (Tensor | null)[] {
  const saved = node.unpack();
  // a custom function's backward is user code: it may keep its gradients, or what it makes
  if (!ruleNodes.has(node)) return asUserCode(grads.map((g) => g._storage), () => callVjpOf(node, grads, saved, createGraph), (r) => r.map((g) => g?._storage));
  return callVjpOf(node, grads, saved, createGraph);
}

function callVjpOf(node: Node, grads: readonly Tensor[], saved: Tensor[], createGraph: boolean): readonly (Tensor | null)[] {
  if (!(createGraph && node.onceDifferentiable)) return node.vjp(grads, saved);
  return noGrad(() => node.vjp(grads, saved)).map((g) => (g === null ? null : delayedError(g, node)));
}
