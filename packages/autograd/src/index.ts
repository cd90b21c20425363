/**
 * `@chainrule/autograd`: tensors, differentiable ops, the reverse-mode engine, custom ops and gradient checking.
 * @module
 * @mergeModuleWith <project>
 */
export { Tensor } from './tensor.js';
export type { NestedArray, RemovableHandle } from './tensor.js';
export type { TensorLike } from './ops/elementwise.js';
export type { AminmaxOptions, Dims, MinMax, ValuesIndices, VarOptions } from './ops/reduce.js';
export type { RoundingMode } from './ops/math.js';
export type { MultinomialOptions } from './ops/sampling.js';
export { scaledDotProductAttention } from './ops/attention.js';
export type { AttentionOptions } from './ops/attention.js';
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
// the default backend is chosen on first use (backend/registry.ts); the kernel interface, for
// people who write backends, is the `@chainrule/autograd/backend` entry (backend-api.ts)
export { setBackend, getBackendName } from './backend/registry.js';
export { Generator, defaultGenerator, manualSeed } from './random.js';
export { rnnScan } from './rnn.js';
export type { RnnScanOptions } from './rnn.js';
export type { RecurrentCell } from './backend/backend.js';
export type { GeneratorState } from './random.js';
export type { DType, TypedArray } from './dtype.js';
export { compile } from './compile/compile.js';
export type { CompileOptions, CompiledFunction } from './compile/compile.js';
export { CompileError } from './compile/errors.js';
export { isCompiling, hostScalar, hostEffect, hostGuard, hostCheck, markRegion } from './compile/host.js';
export { formatGraph } from './compile/ir.js';
export type { Graph, GraphBuffer, GraphBufferKind, GraphValue, GraphNode, GraphOp, GraphRegion } from './compile/ir.js';
