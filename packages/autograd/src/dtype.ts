/**
 * Data types and the typed arrays that hold them.
 * @module
 */

/**
 * The element types a tensor can hold, as PyTorch's `torch.float32`, `torch.float64`,
 * `torch.int32`, `torch.uint8`, `torch.int8`, `torch.bool`. Binary ops promote as PyTorch: bool <
 * integers < floats, the wider of two of one kind (uint8 with int8 gives int32, where PyTorch
 * gives int16, which chainrule does not have).
 * @example
 * ```ts
 * const dtype: DType = 'float64';
 * zeros([2], { dtype }).add(ones([2])).dtype; // 'float64'
 * tensor([200], { dtype: 'uint8' }).add(100); // tensor([44], dtype=torch.uint8)
 * ```
 */
export type DType = 'float32' | 'float64' | 'int32' | 'uint8' | 'int8' | 'bool';

/**
 * The typed array behind each dtype: Float32Array, Float64Array, Int32Array, Int8Array, and
 * Uint8Array for uint8 and for bool (which holds only 0 and 1).
 * @example
 * ```ts
 * const a: TypedArray = tensor([true, false]).toArray();
 * a; // Uint8Array [1, 0]
 * ```
 */
export type TypedArray = Float32Array | Float64Array | Int32Array | Int8Array | Uint8Array;

/** Every dtype. */
export const DTYPES: readonly DType[] = ['bool', 'uint8', 'int8', 'int32', 'float32', 'float64'];

/** Allocates a zero-filled typed array for `dtype`. */
export function allocate(dtype: DType, n: number): TypedArray {
  switch (dtype) {
    case 'float32':
      return new Float32Array(n);
    case 'float64':
      return new Float64Array(n);
    case 'int32':
      return new Int32Array(n);
    case 'int8':
      return new Int8Array(n);
    case 'uint8':
    case 'bool':
      return new Uint8Array(n);
  }
}

/**
 * A dtype whose typed array is `a`'s kind (to allocate a like array: a Uint8Array reads as bool,
 * the same array type as uint8's).
 */
export function dtypeOfArray(a: TypedArray): DType {
  if (a instanceof Float32Array) return 'float32';
  if (a instanceof Float64Array) return 'float64';
  if (a instanceof Int32Array) return 'int32';
  if (a instanceof Int8Array) return 'int8';
  return 'bool';
}

/** True for float32 and float64. */
export function isFloating(dtype: DType): boolean {
  return dtype === 'float32' || dtype === 'float64';
}

/** True for the integer dtypes (not bool). */
export function isIntegral(dtype: DType): boolean {
  return dtype === 'int32' || dtype === 'uint8' || dtype === 'int8';
}

/** Each dtype's rank within its kind: bool, then integers by width, then floats by width. */
const RANK: Readonly<Record<DType, number>> = { bool: 0, uint8: 1, int8: 1, int32: 2, float32: 3, float64: 4 };

/**
 * The result dtype of a binary op on two dtypes of the same tier, as PyTorch's `promote_types`:
 * the higher kind, the wider width; uint8 with int8 needs a signed type holding both (PyTorch's
 * int16, int32 here).
 */
export function promoteTypes(a: DType, b: DType): DType {
  if (a === b) return a;
  if ((a === 'uint8' && b === 'int8') || (a === 'int8' && b === 'uint8')) return 'int32';
  return RANK[a] >= RANK[b] ? a : b;
}

/** Checks a user-given dtype string. */
export function checkDType(dtype: string, op: string): DType {
  if ((DTYPES as readonly string[]).includes(dtype)) return dtype as DType;
  throw new TypeError(`${op}: unknown dtype '${dtype}' (expected one of ${DTYPES.join(', ')})`);
}
