/**
 * The WebAssembly backend, `'wasm'`: SIMD kernels on a shared WebAssembly.Memory, a helper thread
 * for large kernels, and the JS kernels for the rest. Tensor storage stays in ordinary typed
 * arrays; kernels stage what they read into the memory for the call.
 * @module
 */
import type { Backend } from '../backend.js';
import { assign, copy } from '../js/elementwise.js';
import { argReduce, gather, scatterAdd } from './gather.js';
import { wasmSupported } from './instance.js';
import { fused } from './fused.js';
import { adam, binary, compare, context, matmul, reduce, softmax, unary, where } from './kernels.js';
import { rnnBackward, rnnForward } from './recurrent.js';

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
};

export { wasmSupported };
