/**
 * The WebAssembly backend, `'wasm'`: SIMD kernels on a shared WebAssembly.Memory, a helper thread
 * for large kernels, and the JS kernels for the rest. Tensor storage is an ordinary typed array
 * (kernels stage what they read into the memory for the call) or, where the library places it, a
 * resident view into the memory (read and written in place): see `memory.ts` and `storage.ts`.
 * @module
 */
import type { Backend } from '../backend.js';
import type { Heap } from '../../dtype.js';
import { assign, copy } from '../js/elementwise.js';
import { argReduce, gather, scatterAdd } from './gather.js';
import { wasmSupported } from './instance.js';
import { fused } from './fused.js';
import { col2im, im2col } from './window.js';
import { conv2d, conv2dInput, conv2dWeight } from './conv.js';
import { adam, binary, compare, context, matmul, reduce, softmax, unary, where } from './kernels.js';
import { rnnBackward, rnnForward } from './recurrent.js';
import { getMemory } from './memory.js';

/** Tensor storage in the kernel memory's heap. */
const heap: Heap = {
  alloc: (dtype, n) => getMemory().allocArray(dtype, n).array,
  free: (array) => getMemory().freeArray(array),
};

/** The WebAssembly SIMD kernels (JS kernels where they have none). */
export const wasmBackend: Backend = {
  name: 'wasm',
  // compiles the kernels and starts the helper thread (as the first op needing them would)
  init: () => void context(),
  unary,
  binary,
  compare,
  where,
  copy,
  assign,
  reduce,
  argReduce,
  matmul,
  softmax,
  adam,
  fused,
  gather,
  scatterAdd,
  rnnForward,
  rnnBackward,
  im2col,
  col2im,
  conv2d,
  conv2dInput,
  conv2dWeight,
  heap,
};

export { wasmSupported };
