/**
 * The whole kernel module as WebAssembly text: an imported shared memory and every kernel.
 * @module
 */
import { elementwise } from './elementwise.js';
import { gatherKernels } from './gather.js';
import { gemm } from './gemm.js';
import type { GemmShape } from './gemm.js';
import { logFn } from './math.js';
import { adam } from './optim.js';
import { recurrentKernels } from './recurrent.js';
import { reductions } from './reduce.js';
import { F32, F64 } from './wat.js';

/** Register tiles and cache blocks, chosen by measurement on a 2-core x86-64 (see bench/). */
export const GEMM_F32: GemmShape = { mr: 4, nr: 8, ku: 1, mc: 128, kc: 256, nc: 1024 };
export const GEMM_F64: GemmShape = { mr: 2, nr: 8, ku: 1, mc: 64, kc: 256, nc: 512 };

/** The module text. Memory: imported, shared, up to 4 GiB. */
export function moduleText(f32: GemmShape = GEMM_F32, f64: GemmShape = GEMM_F64): string {
  return `(module
(import "env" "memory" (memory 1 65536 shared))
${logFn()}
${gemm(F32, f32)}
${gemm(F64, f64)}
${elementwise(F32)}
${elementwise(F64)}
${reductions(F32)}
${reductions(F64)}
${adam(F32)}
${adam(F64)}
${gatherKernels(F32)}
${gatherKernels(F64)}
${recurrentKernels(F32)}
)`;
}
