/**
 * `@chainrule/autograd`: tensors, differentiable ops, the reverse-mode engine, custom ops and gradient checking.
 * @module
 * @mergeModuleWith <project>
 */
import { getBackend, registerBackend, useByDefault } from './backend/backend.js';
import { jsBackend } from './backend/js/index.js';
import { wasmBackend, wasmSupported } from './backend/wasm/index.js';
import { setHeapSource } from './storage.js';

registerBackend(jsBackend);
registerBackend(wasmBackend);
// WebAssembly SIMD where the engine has it (compiled on the first op that needs a kernel), else JS
if (wasmSupported()) useByDefault('wasm');
// a backward pass keeps its gradients in the current backend's heap, where it has one
setHeapSource(() => getBackend().heap);

export { Tensor } from './tensor.js';
export type { NestedArray, RemovableHandle } from './tensor.js';
export type { TensorLike } from './ops/elementwise.js';
export type { Dims, ValuesIndices, VarOptions } from './ops/reduce.js';
export * from './create.js';
export * from './functions.js';
export { backward, grad } from './engine/backward.js';
export { AnomalyError } from './engine/anomaly.js';
export type { BackwardOptions, GradOptions } from './engine/backward.js';
export { noGrad, enableGrad, isGradEnabled, detectAnomaly } from './engine/mode.js';
export type { Node, GradHook, Edge, Vjp } from './engine/node.js';
export { defineFunction } from './function.js';
export type { FunctionCtx, FunctionSpec } from './function.js';
export { gradcheck, gradgradcheck, GradcheckError } from './gradcheck.js';
export type { GradcheckOptions, GradcheckFn } from './gradcheck.js';
export { toDot } from './dot.js';
export { setBackend, getBackendName, registerBackend } from './backend/backend.js';
export type { Backend, View, UnaryOp, BinaryOp, CompareOp, ReduceOp, AdamConstants, FusedInput, FusedStep, FusedProgram, Window2d } from './backend/backend.js';
export { im2col, col2im, convolution } from './ops/window.js';
export { Generator, defaultGenerator, manualSeed } from './random.js';
export { fusedAdamStep_ } from './ops/optim.js';
export type { AdamStepOptions } from './ops/optim.js';
export type { GeneratorState } from './random.js';
export type { DType, Heap, TypedArray } from './dtype.js';
