/**
 * fast-check arbitraries of a registry entry's inputs (see ./types.ts), for the property tests
 * that walk the registry (gradients, compile).
 */
import fc from 'fast-check';
import { tensor } from '@chainrule/autograd';
import type { Tensor } from '@chainrule/autograd';
import { broadcastableShapes, distinctTensors, shapes, tensors } from '@chainrule/autograd/testing';
import { resolveInputs } from './index.js';
import type { Input, OpEntry } from './types.js';

/** An arbitrary of one registry input (floats away from the entry's kinks; ints and bools as drawn or given). */
export function inputArb(input: Input, entry: OpEntry): fc.Arbitrary<Tensor> {
  const dtype = input.dtype ?? 'float64';
  const shape = [...input.shape];
  if (input.values !== undefined) {
    const vals = [...input.values];
    return fc.constant(null).map(() => tensor(dtype === 'bool' ? vals.map(Boolean) : vals.map(Number), { shape, dtype: dtype === 'int64' ? 'int32' : dtype === 'bool' ? 'bool' : dtype }));
  }
  const n = shape.reduce((a, b) => a * b, 1);
  if (dtype === 'bool') return fc.array(fc.boolean(), { minLength: n, maxLength: n }).map((v) => tensor(v, { shape, dtype: 'bool' }));
  if (dtype === 'int64' || dtype === 'uint8' || dtype === 'int8') {
    const [lo, hi] = [input.min ?? 0, input.max ?? 3];
    return fc.array(fc.integer({ min: lo, max: hi - 1 }), { minLength: n, maxLength: n }).map((v) => tensor(v, { shape, dtype: dtype === 'int64' ? 'int32' : dtype }));
  }
  const opts = { min: input.min ?? -2, max: input.max ?? 2, avoid: entry.avoid ?? [], dtype, requiresGrad: input.grad !== false };
  return input.distinct === true ? distinctTensors(shape, opts) : tensors(shape, opts);
}

/** The inputs of `entry` on generated base shapes (broadcasting pairs for binary ops; 3-D bases for the rest). */
export function inputsFor(entry: OpEntry): fc.Arbitrary<Tensor[]> {
  const all = (ins: Input[]): fc.Arbitrary<Tensor[]> => fc.tuple(...ins.map((i) => inputArb(i, entry)));
  if (entry.inputs === 'unary') return shapes({ minDims: entry.minDims ?? 0, maxDims: 3, maxSize: 3 }).chain((s) => all(resolveInputs(entry, s)));
  if (entry.inputs === 'binary') return broadcastableShapes({ maxDims: 3, maxSize: 3 }).chain((pair) => all(resolveInputs(entry, pair)));
  return shapes({ minDims: 3, maxDims: 3, maxSize: 3 }).chain((base) => all(resolveInputs(entry, base)));
}
