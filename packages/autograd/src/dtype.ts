/**
 * Data types and the typed arrays that hold them.
 * @module
 */

/**
 * The element types a tensor can hold, as PyTorch's `torch.float32`, `torch.float64`,
 * `torch.int32`, `torch.bool`. Binary ops promote to the higher of bool < int32 < float32 < float64.
 * @example
 * ```ts
 * const dtype: DType = 'float64';
 * zeros([2], { dtype }).add(ones([2])).dtype; // 'float64'
 * ```
 */
export type DType = 'float32' | 'float64' | 'int32' | 'bool';

/**
 * The typed array behind each dtype: Float32Array, Float64Array, Int32Array, and Uint8Array for bool.
 * @example
 * ```ts
 * const a: TypedArray = tensor([true, false]).toArray();
 * a; // Uint8Array [1, 0]
 * ```
 */
export type TypedArray = Float32Array | Float64Array | Int32Array | Uint8Array;

/**
 * Memory outside the JavaScript heap where tensor storage can live (a backend's own memory, such
 * as the wasm backend's WebAssembly.Memory); a backend that has one offers it as
 * `Backend.heap`.
 * @example
 * ```ts
 * // a heap that hands out ordinary arrays (a real one hands out views into its own memory)
 * const plain: Heap = { alloc: (dtype, n) => (dtype === 'float64' ? new Float64Array(n) : new Float32Array(n)), free: () => undefined };
 * plain.alloc('float32', 3).length; // 3
 * ```
 */
export interface Heap {
  /**
   * A fresh array of `n` elements of `dtype` in this heap (its contents unspecified).
   * @param dtype - the element type.
   * @param n - the number of elements.
   * @returns a typed array of `dtype` (Float32Array, ...) of `n` elements viewing the heap.
   */
  alloc(dtype: DType, n: number): TypedArray;
  /**
   * Gives back an array {@link Heap.alloc} returned; nothing may use it afterwards.
   * @param array - the array.
   */
  free(array: TypedArray): void;
}

/** Every dtype, in promotion order (lowest first). */
export const DTYPES: readonly DType[] = ['bool', 'int32', 'float32', 'float64'];

/** Allocates a zero-filled typed array for `dtype`. */
export function allocate(dtype: DType, n: number): TypedArray {
  switch (dtype) {
    case 'float32':
      return new Float32Array(n);
    case 'float64':
      return new Float64Array(n);
    case 'int32':
      return new Int32Array(n);
    case 'bool':
      return new Uint8Array(n);
  }
}

/** The dtype a typed array holds (Uint8Array reads as bool). */
export function dtypeOfArray(a: TypedArray): DType {
  if (a instanceof Float32Array) return 'float32';
  if (a instanceof Float64Array) return 'float64';
  if (a instanceof Int32Array) return 'int32';
  return 'bool';
}

/** True for float32 and float64. */
export function isFloating(dtype: DType): boolean {
  return dtype === 'float32' || dtype === 'float64';
}

/** The result dtype of a binary op, as PyTorch's type promotion for tensors of the same category rank. */
export function promoteTypes(a: DType, b: DType): DType {
  return DTYPES.indexOf(a) >= DTYPES.indexOf(b) ? a : b;
}

/** Checks a user-given dtype string. */
export function checkDType(dtype: string, op: string): DType {
  if ((DTYPES as readonly string[]).includes(dtype)) return dtype as DType;
  throw new TypeError(`${op}: unknown dtype '${dtype}' (expected one of ${DTYPES.join(', ')})`);
}
