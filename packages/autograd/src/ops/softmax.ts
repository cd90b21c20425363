/**
 * softmax and logSoftmax, stable for logits of any size (the max is subtracted first).
 * @module
 */
import { normDim } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { floatInput } from './elementwise.js';
import { amax, logsumexp } from './reduce.js';

/** softmax(x)_i = e^(x_i) / Σ_j e^(x_j) along `dim`. */
export function softmax(x: Tensor, dim: number): Tensor {
  x = floatInput(x);
  const d = normDim(dim, x.ndim, 'softmax');
  const e = x.sub(amax(x, d, true).detach()).exp();
  return e.div(e.sum(d, true));
}

/** logSoftmax(x) = x − logsumexp(x) along `dim`. */
export function logSoftmax(x: Tensor, dim: number): Tensor {
  x = floatInput(x);
  const d = normDim(dim, x.ndim, 'logSoftmax');
  return x.sub(logsumexp(x, d, true));
}
