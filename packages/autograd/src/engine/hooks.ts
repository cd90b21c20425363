/**
 * Gradient hooks (`registerHook`) and `retainGrad()`: what the engine runs on a complete gradient
 * before using it. A hook may return a replacement gradient; this file is where a replacement
 * would be checked against the gradient it replaces.
 * @module
 */
import { asUserCode } from '../storage.js';
import type { Tensor } from '../tensor.js';
import type { GradHook, Node } from './node.js';

/** Runs `hooks` in order on `g`; each sees the previous one's result and may replace it (user code: it may keep both). */
function runHooks(hooks: readonly GradHook[], g: Tensor): Tensor {
  for (const h of hooks) g = asUserCode([g._storage], () => h(g), (r) => [r?._storage]) ?? g;
  return g;
}

/**
 * The complete gradient of output `index` of `node` after that output's hooks; `retainGrad()`
 * stores it then, after every hook, as PyTorch does.
 */
export function outputGradHooks(node: Node, index: number, g: Tensor): Tensor {
  const out = runHooks(node.hooks[index]!, g);
  const retain = node.retainers[index];
  if (retain !== undefined) asUserCode([out._storage], () => retain(out), () => []);
  return out;
}

/** A leaf's complete gradient (summed over all its uses) after the leaf's hooks. */
export function leafGradHooks(leaf: Tensor, g: Tensor): Tensor {
  return runHooks(leaf._hooks, g);
}
