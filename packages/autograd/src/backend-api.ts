/**
 * `@chainrule/autograd/backend`: for people who write kernels, not for everyday use. The
 * {@link Backend} interface every set of kernels implements, {@link registerBackend} to make one
 * selectable with `setBackend`, the shapes of a fused elementwise chain, and the fused optimizer
 * step `@chainrule/nn`'s Adam calls. The built-in `'js'` and `'wasm'` backends need none of it.
 * @module backend
 */
export { registerBackend } from './backend/registry.js';
export type { Backend, View, UnaryOp, BinaryOp, CompareOp, ReduceOp, AdamConstants, FusedInput, FusedStep, FusedProgram, RecurrentCell, RecurrentShape, RecurrentArrays, RecurrentGrads } from './backend/backend.js';
export { fusedAdamStep_ } from './ops/optim.js';
export type { AdamStepOptions } from './ops/optim.js';
