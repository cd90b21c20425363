/**
 * The WebAssembly backend, `'wasm'`: SIMD kernels over tensor storage that lives in a shared
 * WebAssembly.Memory, a helper thread for large kernels, and the JS kernels for the rest.
 * @module
 */
import type { DType, TypedArray } from '../../dtype.js';
import type { Backend } from '../backend.js';
import { argReduce } from '../js/reduce.js';
import { assign, compare, copy, where } from '../js/elementwise.js';
import { gather, scatterAdd } from '../js/gather.js';
import { getHeap } from './heap.js';
import { getRuntime, wasmSupported } from './instance.js';
import { binary, matmul, reduce, unary } from './kernels.js';

function alloc(dtype: DType, n: number, zero: boolean): TypedArray | null {
  return getHeap().storage(dtype, n, zero);
}

/** The WebAssembly SIMD kernels (JS kernels where they have none). */
export const wasmBackend: Backend = {
  name: 'wasm',
  init: () => void getRuntime(),
  alloc,
  unary,
  binary,
  compare,
  where,
  copy,
  assign,
  reduce,
  argReduce,
  matmul,
  gather,
  scatterAdd,
};

export { wasmSupported };
