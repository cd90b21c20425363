/**
 * The kernel interface: how to compute, with no knowledge of autograd. Ops call a backend through
 * {@link getBackend}; a backend can be swapped with {@link setBackend} without touching ops or engine.
 * @module
 */
import type { TypedArray } from '../dtype.js';

/** A strided read-only window on a typed array: what every kernel takes as input. */
export interface View {
  readonly data: TypedArray;
  readonly shape: readonly number[];
  readonly strides: readonly number[];
  readonly offset: number;
}

/** Elementwise functions of one argument. */
export type UnaryOp = 'neg' | 'exp' | 'log' | 'sin' | 'cos' | 'sqrt' | 'abs' | 'tanh' | 'sigmoid' | 'relu' | 'log1p' | 'erf' | 'sign';
/** Elementwise functions of two arguments (same shape: broadcasting happened before). */
export type BinaryOp = 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'maximum' | 'minimum';
/** Comparisons: their output is bool. */
export type CompareOp = 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge';
/** Reductions. */
export type ReduceOp = 'sum' | 'max' | 'min' | 'prod';

/**
 * The constants of one Adam step ({@link Backend.adam}), each already rounded to the tensors'
 * precision (as a scalar operand of an op would be).
 */
export interface AdamConstants {
  /** lerp weight: 1 − β1, or when that is ½ or more, β1 (the lerp then goes from the other end). */
  readonly weight: number;
  /** Whether 1 − β1 ≥ ½ (PyTorch's lerp takes end − (end − self)·(1 − w) then). */
  readonly fromEnd: boolean;
  /** β2. */
  readonly beta2: number;
  /** 1 − β2. */
  readonly oneMinusBeta2: number;
  /** −lr / (1 − β1^t). */
  readonly negStepSize: number;
  /** √(1 − β2^t). */
  readonly bc2Sqrt: number;
  /** ε. */
  readonly eps: number;
}

/** What a backend provides. Outputs are always fresh contiguous row-major arrays passed in as `out`. */
export interface Backend {
  readonly name: string;
  /** Optional: readies the backend when {@link setBackend} picks it; throws when it cannot run here. */
  init?(): void;
  /** out[i] = op(x[i]). */
  unary(op: UnaryOp, x: View, out: TypedArray): void;
  /** out[i] = op(a[i], b[i]); a and b have the output's shape. */
  binary(op: BinaryOp, a: View, b: View, out: TypedArray): void;
  /** out[i] = op(a[i], b[i]) ? 1 : 0. */
  compare(op: CompareOp, a: View, b: View, out: Uint8Array): void;
  /** out[i] = cond[i] ? a[i] : b[i]. */
  where(cond: View, a: View, b: View, out: TypedArray): void;
  /** Copies a strided view into contiguous `out` (also converts between dtypes). */
  copy(x: View, out: TypedArray): void;
  /** Writes `src` into the strided window `dst` (same shape, same dtype). */
  assign(dst: View, src: View): void;
  /** Reduces `x` over `axes` (sorted); `out` has x's shape without those axes. */
  reduce(op: ReduceOp, x: View, axes: readonly number[], out: TypedArray): void;
  /** Index of the max/min along `axis`; `out` has x's shape without that axis. First index wins ties. */
  argReduce(op: 'argmax' | 'argmin', x: View, axis: number, out: Int32Array): void;
  /**
   * softmax (e^x / Σ e^x) or log-softmax (x − log Σ e^x) along `dim`, the max subtracted first;
   * `out` is contiguous with x's shape.
   */
  softmax(op: 'softmax' | 'logSoftmax', x: View, dim: number, out: TypedArray): void;
  /**
   * One Adam update in place, over contiguous arrays of one length and float type, rounding after
   * every operation as the op-by-op formula does: m ← lerp(m, g, 1 − β1); v ← v·β2 + (g·(1 − β2))·g;
   * p ← p + (m·(−step)) / (√v / bc2 + ε).
   */
  adam(p: TypedArray, g: TypedArray, m: TypedArray, v: TypedArray, c: AdamConstants): void;
  /** Batched matrix product: a [B, M, K] times b [B, K, N] into out [B, M, N]; any strides. */
  matmul(a: View, b: View, out: TypedArray): void;
  /** out = x gathered along `dim` at `index` (index has out's shape). */
  gather(x: View, dim: number, index: View, out: TypedArray): void;
  /** out (contiguous, of `outShape`, already holding the base) += src scattered along `dim` at `index`. */
  scatterAdd(out: TypedArray, outShape: readonly number[], dim: number, index: View, src: View): void;
}

let current: Backend | null = null;
const registry = new Map<string, Backend>();

/** Makes a backend available to {@link setBackend} by its name. */
export function registerBackend(backend: Backend): void {
  registry.set(backend.name, backend);
  if (current === null) current = backend;
}

/** @internal Makes a registered backend current without readying it (it readies itself on first use). */
export function useByDefault(name: string): void {
  current = registry.get(name) ?? current;
}

/**
 * Chooses the kernels every op runs on from now on.
 * @param name - a registered backend's name: `'wasm'` (WebAssembly SIMD kernels on shared memory,
 *   with a helper thread under Node; the default where the engine supports them) or `'js'` (the
 *   TypeScript reference kernels, the default elsewhere).
 * @returns the previous backend's name.
 * @throws Error when no backend of that name is registered, or when it cannot run here (`'wasm'`
 *   needs WebAssembly SIMD and SharedArrayBuffer).
 * @example
 * ```ts
 * import { setBackend } from '@chainrule/autograd';
 * setBackend('js');
 * ```
 */
export function setBackend(name: string): string {
  const b = registry.get(name);
  if (b === undefined) throw new Error(`setBackend: no backend named '${name}' (have: ${[...registry.keys()].join(', ')})`);
  b.init?.();
  const prev = current?.name ?? '';
  current = b;
  return prev;
}

/**
 * The name of the backend ops run on now.
 * @returns the backend's name.
 * @example
 * ```ts
 * import { getBackendName } from '@chainrule/autograd';
 * getBackendName(); // 'wasm' (or 'js' where WebAssembly SIMD or SharedArrayBuffer is missing)
 * ```
 */
export function getBackendName(): string {
  return getBackend().name;
}

/** The backend ops run on now. */
export function getBackend(): Backend {
  if (current === null) throw new Error('no backend registered');
  return current;
}
