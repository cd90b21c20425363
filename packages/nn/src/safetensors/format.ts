/**
 * The safetensors format's dtypes, its error, and how its messages name values. Shared by the
 * header reader (header.ts) and the codec (codec.ts).
 * @module
 */

/**
 * The element types this codec reads and writes, named as in the safetensors header
 * (`F32` is `torch.float32`, `BF16` is `torch.bfloat16`, `BOOL` is `torch.bool`, ...).
 *
 * Other safetensors dtypes (`U16`, `U32`, `U64`, `F8_*`, `C64`, ...) are rejected with a
 * {@link SafetensorsError} that names them.
 *
 * @example
 * ```ts
 * const dtype: SafetensorsDType = 'BF16';
 * const bytes = saveSafetensors({ w: tensor([1.5, -2]) }, {}, { halfDtype: dtype });
 * decodeSafetensors(bytes).tensors.get('w')?.dtype; // 'BF16'
 * ```
 */
export type SafetensorsDType = 'F64' | 'F32' | 'F16' | 'BF16' | 'I64' | 'I32' | 'I16' | 'I8' | 'U8' | 'BOOL';

/**
 * The error thrown for any malformed safetensors file or invalid input to
 * {@link encodeSafetensors}. The message names the problem, the tensor concerned and, for
 * problems in a file, the byte offset in the file.
 *
 * @example
 * ```ts
 * let error: unknown;
 * try {
 *   decodeSafetensors(new Uint8Array(3));
 * } catch (e) {
 *   error = e;
 * }
 * error instanceof SafetensorsError; // true
 * decodeSafetensors(new Uint8Array(3)); // throws SafetensorsError: too short
 * ```
 */
export class SafetensorsError extends Error {
  /**
   * Creates the error.
   *
   * @param message - What is wrong, where.
   * @param options - Optional `cause`.
   * @example
   * ```ts
   * new SafetensorsError('tensor "w": unknown dtype "F8_E4M3"').name; // 'SafetensorsError'
   * ```
   */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SafetensorsError';
  }
}

type ArrayTag = 'Float64Array' | 'Float32Array' | 'BigInt64Array' | 'Int32Array' | 'Int16Array' | 'Int8Array' | 'Uint8Array';

/** The typed array for each tag. */
export const ARRAYS = { Float64Array, Float32Array, BigInt64Array, Int32Array, Int16Array, Int8Array, Uint8Array } as const;

export interface DTypeInfo {
  /** Bytes per element in the file. */
  readonly itemsize: number;
  /** The typed array that holds the decoded elements. */
  readonly tag: ArrayTag;
}

// A Map, not an object: a dtype string read from a file ("constructor", "__proto__") must
// never find an inherited property.
export const DTYPES = new Map<string, DTypeInfo>([
  ['F64', { itemsize: 8, tag: 'Float64Array' }],
  ['F32', { itemsize: 4, tag: 'Float32Array' }],
  ['F16', { itemsize: 2, tag: 'Float32Array' }],
  ['BF16', { itemsize: 2, tag: 'Float32Array' }],
  ['I64', { itemsize: 8, tag: 'BigInt64Array' }],
  ['I32', { itemsize: 4, tag: 'Int32Array' }],
  ['I16', { itemsize: 2, tag: 'Int16Array' }],
  ['I8', { itemsize: 1, tag: 'Int8Array' }],
  ['U8', { itemsize: 1, tag: 'Uint8Array' }],
  ['BOOL', { itemsize: 1, tag: 'Uint8Array' }],
]);

export const SUPPORTED = [...DTYPES.keys()].join(', ');

export const METADATA_KEY = '__metadata__';

/** A name quoted for a message, escaped and shortened. */
export function q(s: string): string {
  const shown = s.length > 120 ? `${s.slice(0, 120)}…` : s;
  return JSON.stringify(shown);
}

export function fmtShape(shape: readonly unknown[]): string {
  const shown = shape.slice(0, 16).map((d) => (typeof d === 'number' || typeof d === 'bigint' ? String(d) : typeof d));
  return `[${shown.join(', ')}${shape.length > 16 ? `, … (${shape.length} dims)` : ''}]`;
}

/** The typed-array kind of a value (works across realms), or undefined. */
export function arrayTag(v: unknown): string | undefined {
  if (!ArrayBuffer.isView(v) || v instanceof DataView) return undefined;
  return (v as unknown as { [Symbol.toStringTag]: string })[Symbol.toStringTag];
}

export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  const tag = arrayTag(v);
  if (tag !== undefined) return `a ${tag}`;
  const t = typeof v;
  if (t === 'object') return 'an object';
  return t === 'undefined' ? t : `${t} ${t === 'string' ? q(v as string) : String(v)}`;
}

/** Whether `v` is a JSON object (not an array, not null). */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Validates a shape; returns its element count, or a description of what is wrong. */
export function checkShape(shape: unknown): { numel: number } | { problem: string } {
  if (!Array.isArray(shape)) return { problem: `shape must be an array of non-negative integers, got ${describeValue(shape)}` };
  let numel = 1;
  let zero = false;
  let overflow = false;
  for (let i = 0; i < shape.length; i++) {
    const d: unknown = shape[i];
    if (typeof d !== 'number' || !Number.isSafeInteger(d) || d < 0) {
      return { problem: `shape must be an array of non-negative safe integers, but dimension ${i} is ${describeValue(d)}` };
    }
    if (d === 0) zero = true;
    else if (!overflow) {
      if (numel > Number.MAX_SAFE_INTEGER / d) overflow = true;
      else numel *= d;
    }
  }
  if (zero) return { numel: 0 };
  if (overflow) return { problem: `shape ${fmtShape(shape)} has more than 2^53 - 1 elements` };
  return { numel };
}
