/**
 * Bitwise ops on integer and bool tensors (no gradients: integers take none).
 * @module
 */
import { isFloating } from '../dtype.js';
import type { Tensor } from '../tensor.js';
import { broadcastOperands, compare, resultDType } from './elementwise.js';
import type { TensorLike } from './elementwise.js';
import { intKernel } from './prims.js';

type BitwiseOp = 'bitwiseAnd' | 'bitwiseOr' | 'bitwiseXor' | 'bitwiseLeftShift' | 'bitwiseRightShift';

/** A bitwise op of two integer or bool operands (promoted and broadcast as PyTorch); shifts refuse bool. */
export function bitwise(op: BitwiseOp, a: TensorLike, b: TensorLike): Tensor {
  const dtype = resultDType(a, b);
  if (isFloating(dtype)) throw new TypeError(`${op}: needs integer or bool tensors, got ${dtype}`);
  if (dtype === 'bool' && (op === 'bitwiseLeftShift' || op === 'bitwiseRightShift')) throw new TypeError(`${op}: not implemented for bool tensors`);
  const [x, y] = broadcastOperands(op, [a, b], dtype) as [Tensor, Tensor];
  return intKernel(op, x, y);
}

/** ~x for integers, logical not for bool. */
export function bitwiseNot(x: Tensor): Tensor {
  if (isFloating(x.dtype)) throw new TypeError(`bitwiseNot: needs an integer or bool tensor, got ${x.dtype}`);
  return x.dtype === 'bool' ? compare('eq', x, 0) : intKernel('bitwiseNot', x);
}
