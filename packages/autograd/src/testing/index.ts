/**
 * `@chainrule/autograd/testing`: the fast-check arbitraries chainrule's own property tests use, so
 * that you can property-test your own ops (needs `fast-check` installed), the switch that makes
 * every elementwise op go through the fused path, and the one that puts every gradient of a
 * backward pass in the backend's heap.
 * @module testing
 */
import fc from 'fast-check';
import type { Arbitrary } from 'fast-check';
import { tensor } from '../index.js';
import type { DType } from '../dtype.js';
import type { Tensor } from '../tensor.js';
import { setMinNumel } from '../ops/fuse.js';
import { setResidentMin } from '../storage.js';

/**
 * Sets how many elements an elementwise float op needs before the wasm backend leaves it pending,
 * to be fused with the ops that follow into one pass (default 32768). Results are the same to the
 * bit either way; tests set it to 1 so that every op, however small, takes the fused path.
 * @param numel - the fewest elements (Infinity: never fuse).
 * @returns the previous value.
 * @example
 * ```ts
 * import { setFusionThreshold } from '@chainrule/autograd/testing';
 * const previous = setFusionThreshold(1);
 * tensor([1, 2, 3]).mul(2).add(1).relu().tolist(); // [3, 5, 7]
 * setFusionThreshold(previous);
 * previous; // 32768
 * ```
 */
export function setFusionThreshold(numel: number): number {
  return setMinNumel(numel);
}

/**
 * Sets how many elements a gradient computed by a backward pass needs to be resident in the
 * backend's heap (the wasm backend's memory, where kernels use it in place and the pass reuses
 * its blocks; default 1024). Results are the same to the bit either way; tests set it to 1 so
 * that every gradient, however small, takes the resident path, and `Infinity` turns it off.
 * @param numel - the fewest elements (Infinity: never resident).
 * @returns the previous value.
 * @example
 * ```ts
 * import { setResidentThreshold } from '@chainrule/autograd/testing';
 * const previous = setResidentThreshold(1);
 * const x = tensor([1, 2, 3], { requiresGrad: true });
 * x.square().sum().backward();
 * x.grad!.tolist(); // [2, 4, 6]
 * setResidentThreshold(previous);
 * previous; // 1024
 * ```
 */
export function setResidentThreshold(numel: number): number {
  return setResidentMin(numel);
}

/**
 * Options of {@link shapes} and {@link broadcastableShapes}.
 * @example
 * ```ts
 * const opts: ShapeOptions = { minDims: 1, maxDims: 2, maxSize: 3 };
 * fc.assert(fc.property(shapes(opts), (s) => s.length >= 1 && s.every((n) => n <= 3)));
 * ```
 */
export interface ShapeOptions {
  /** Fewest dims (default 0). */
  minDims?: number;
  /** Most dims (default 3). */
  maxDims?: number;
  /** Largest size of a dim (default 4). */
  maxSize?: number;
}

/**
 * Tensor shapes with small sizes.
 * @param opts - minDims, maxDims, maxSize.
 * @returns an arbitrary of shapes.
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { shapes } from '@chainrule/autograd/testing';
 * fc.assert(fc.property(shapes({ maxDims: 2 }), (s) => s.length <= 2));
 * ```
 */
export function shapes(opts: ShapeOptions = {}): Arbitrary<number[]> {
  return fc.array(fc.integer({ min: 1, max: opts.maxSize ?? 4 }), { minLength: opts.minDims ?? 0, maxLength: opts.maxDims ?? 3 });
}

/**
 * Pairs of shapes that broadcast together: from one shape, each side drops some leading dims and
 * turns some sizes into 1.
 * @param opts - as for {@link shapes}.
 * @returns an arbitrary of [shapeA, shapeB].
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { zeros } from '@chainrule/autograd';
 * import { broadcastableShapes } from '@chainrule/autograd/testing';
 * fc.assert(fc.property(broadcastableShapes(), ([a, b]) => zeros(a).add(zeros(b)).ndim === Math.max(a.length, b.length)));
 * ```
 */
export function broadcastableShapes(opts: ShapeOptions = {}): Arbitrary<[number[], number[]]> {
  return shapes(opts).chain((base) => {
    const side = fc.tuple(fc.integer({ min: 0, max: base.length }), fc.array(fc.boolean(), { minLength: base.length, maxLength: base.length }));
    return fc.tuple(side, side).map(([[dropA, onesA], [dropB, onesB]]) => {
      const make = (drop: number, ones: boolean[]): number[] => base.slice(drop).map((s, i) => (ones[i + drop] ? 1 : s));
      return [make(dropA, onesA), make(dropB, onesB)] as [number[], number[]];
    });
  });
}

/**
 * Options of {@link tensors} and {@link distinctTensors}.
 * @example
 * ```ts
 * const opts: TensorOptions = { min: 0.1, max: 3, avoid: [1] };
 * fc.assert(fc.property(tensors([4], opts), (x) => x.min().item() >= 0.1 && x.dtype === 'float64'));
 * ```
 */
export interface TensorOptions {
  /** Smallest value (default -2). */
  min?: number;
  /** Largest value (default 2). */
  max?: number;
  /** dtype (default float64, as gradient checks need). */
  dtype?: DType;
  /** Points to keep away from, e.g. [0] for relu's kink (default none). */
  avoid?: readonly number[];
  /** How far to stay from each avoided point (default 1e-3). */
  margin?: number;
  /** Make the tensor require grad (default true). */
  requiresGrad?: boolean;
}

/**
 * Tensors of a given shape (or of a shape drawn from an arbitrary) with values in a range and away
 * from kinks.
 * @param shape - a shape or an arbitrary of shapes.
 * @param opts - value range, dtype, points to avoid, requiresGrad.
 * @returns an arbitrary of tensors.
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { gradcheck } from '@chainrule/autograd';
 * import { tensors, shapes } from '@chainrule/autograd/testing';
 * fc.assert(fc.property(tensors(shapes(), { avoid: [0] }), (x) => gradcheck((t) => t.relu(), [x])));
 * ```
 */
export function tensors(shape: readonly number[] | Arbitrary<number[]>, opts: TensorOptions = {}): Arbitrary<Tensor> {
  const shapeArb = Array.isArray(shape) ? fc.constant([...(shape as readonly number[])]) : (shape as Arbitrary<number[]>);
  const { min = -2, max = 2, avoid = [], margin = 1e-3 } = opts;
  const value = fc.double({ min, max, noNaN: true, noDefaultInfinity: true }).filter((v) => avoid.every((p) => Math.abs(v - p) > margin));
  return shapeArb.chain((s) => {
    const n = s.reduce((a, b) => a * b, 1);
    return fc.array(value, { minLength: n, maxLength: n }).map((vals) =>
      tensor(vals, { shape: s, dtype: opts.dtype ?? 'float64', requiresGrad: opts.requiresGrad ?? true }),
    );
  });
}

/**
 * Tensors whose elements are all distinct and at least `(max - min) / (2n)` apart, for ops whose
 * gradient has a kink at ties: `max`, `min`, `amax`, `std` of equal values, `maximum`. Values are a
 * random permutation of evenly spaced slots in `[min, max)`, each jittered inside its slot.
 * @param shape - a shape or an arbitrary of shapes.
 * @param opts - value range, dtype, requiresGrad (`avoid` and `margin` are ignored).
 * @returns an arbitrary of tensors with distinct elements.
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { gradcheck } from '@chainrule/autograd';
 * import { distinctTensors } from '@chainrule/autograd/testing';
 * fc.assert(fc.property(distinctTensors([2, 3]), (x) => gradcheck((t) => t.amax(-1), [x])));
 * ```
 */
export function distinctTensors(shape: readonly number[] | Arbitrary<number[]>, opts: TensorOptions = {}): Arbitrary<Tensor> {
  const shapeArb = Array.isArray(shape) ? fc.constant([...(shape as readonly number[])]) : (shape as Arbitrary<number[]>);
  const { min = -2, max = 2 } = opts;
  return shapeArb.chain((s) => {
    const n = s.reduce((a, b) => a * b, 1);
    const slots = Array.from({ length: n }, (_, i) => i);
    const width = (max - min) / Math.max(n, 1);
    return fc
      .tuple(fc.shuffledSubarray(slots, { minLength: n, maxLength: n }), fc.array(fc.double({ min: 0.25, max: 0.75, noNaN: true }), { minLength: n, maxLength: n }))
      .map(([perm, jitter]) =>
        tensor(
          perm.map((p, i) => min + (p + jitter[i]!) * width),
          { shape: s, dtype: opts.dtype ?? 'float64', requiresGrad: opts.requiresGrad ?? true },
        ),
      );
  });
}
