/**
 * softmax and logSoftmax: fused primitives (one kernel each way, a one-line gradient rule), stable
 * for logits of any size (the max is subtracted first).
 * @module
 */
import { normDim } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { floatInput } from './elementwise.js';
import { softmaxPrim } from './prims.js';

function along(op: 'softmax' | 'logSoftmax', x: Tensor, dim: number): Tensor {
  x = floatInput(x);
  const d = normDim(dim, x.ndim, op);
  // a 0-dim tensor is a one-element row
  return x.ndim === 0 ? softmaxPrim(op, x.reshape([1]), 0).reshape([]) : softmaxPrim(op, x, d);
}

/** softmax(x)_i = e^(x_i) / Σ_j e^(x_j) along `dim`. */
export const softmax = (x: Tensor, dim: number): Tensor => along('softmax', x, dim);

/** logSoftmax(x) = x − log Σ e^x along `dim`. */
export const logSoftmax = (x: Tensor, dim: number): Tensor => along('logSoftmax', x, dim);
