/**
 * `@chainrule/autograd`: tensors, differentiable ops, the reverse-mode engine, custom ops and gradient checking.
 * @packageDocumentation
 */
export { Generator, defaultGenerator, manualSeed } from './random.js';
export type { GeneratorState } from './random.js';
export type { DType, TypedArray } from './dtype.js';
