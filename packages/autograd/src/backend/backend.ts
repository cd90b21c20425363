/**
 * The kernel interface: how to compute, with no knowledge of autograd. Ops call a backend through
 * `getBackend` (backend/registry.ts); a backend can be swapped with `setBackend` without touching
 * ops or engine.
 * @module
 */
import type { TypedArray } from '../dtype.js';

/**
 * A strided, read-only window on a typed array: what every kernel takes as input. A
 * {@link Tensor} is one.
 * @example
 * ```ts
 * const v: View = tensor([[1, 2, 3], [4, 5, 6]]).t();
 * v.shape; // [3, 2]
 * v.strides; // [1, 3]
 * v.data[v.offset + 2 * v.strides[0]! + 1 * v.strides[1]!]; // 6
 * ```
 */
export interface View {
  /** The storage (shared by all views of it). */
  readonly data: TypedArray;
  /** The size of each dim. */
  readonly shape: readonly number[];
  /** How many storage elements one step along each dim skips. */
  readonly strides: readonly number[];
  /** The storage index of the first element. */
  readonly offset: number;
}

/**
 * The elementwise functions of one argument a backend computes.
 * @example
 * ```ts
 * const ops: UnaryOp[] = ['exp', 'log'];
 * ops.length; // 2
 * ```
 */
export type UnaryOp =
  | 'neg' | 'exp' | 'log' | 'sin' | 'cos' | 'sqrt' | 'abs' | 'tanh' | 'sigmoid' | 'relu' | 'log1p' | 'erf' | 'sign'
  | 'tan' | 'asin' | 'acos' | 'atan' | 'sinh' | 'cosh' | 'asinh' | 'acosh' | 'atanh' | 'log2' | 'log10' | 'exp2' | 'expm1'
  | 'floor' | 'ceil' | 'round' | 'trunc' | 'bitwiseNot';
/**
 * The elementwise functions of two arguments a backend computes (of one shape: broadcasting
 * happened before, as an explicit expand).
 * @example
 * ```ts
 * const op: BinaryOp = 'maximum';
 * op; // 'maximum'
 * ```
 */
export type BinaryOp =
  | 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'maximum' | 'minimum' | 'atan2' | 'hypot' | 'fmod' | 'floorDivide'
  | 'bitwiseAnd' | 'bitwiseOr' | 'bitwiseXor' | 'bitwiseLeftShift' | 'bitwiseRightShift';
/**
 * The comparisons a backend computes; their output is bool.
 * @example
 * ```ts
 * const op: CompareOp = 'le';
 * op; // 'le'
 * ```
 */
export type CompareOp = 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge';
/**
 * The reductions a backend computes over a set of axes.
 * @example
 * ```ts
 * const op: ReduceOp = 'prod';
 * op; // 'prod'
 * ```
 */
export type ReduceOp = 'sum' | 'max' | 'min' | 'prod';

/**
 * The constants of one Adam step ({@link Backend.adam}), each already rounded to the tensors'
 * precision (as a scalar operand of an op would be).
 * @example
 * ```ts
 * // the constants of step t = 1 of Adam(lr 1e-3, betas (0.9, 0.999), eps 1e-8)
 * const c: AdamConstants = {
 *   weight: 0.1, fromEnd: false, beta2: 0.999, oneMinusBeta2: 0.001,
 *   negStepSize: -1e-3 / (1 - 0.9), bc2Sqrt: Math.sqrt(1 - 0.999), eps: 1e-8,
 * };
 * c.fromEnd; // false
 * ```
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

/**
 * One array a {@link FusedProgram} reads: output element i reads
 * `data[offset + Math.floor(i / repeat) % period]` (period = output size: the whole array in
 * order; period 1: one scalar; period L: a row broadcast down; repeat R: each element R times).
 * @example
 * ```ts
 * // a bias of 3 elements added to every row of a [2, 3] output: period 3
 * const bias: FusedInput = { data: new Float32Array([1, 2, 3]), offset: 0, period: 3, repeat: 1 };
 * bias.period; // 3
 * ```
 */
export interface FusedInput {
  /** The array read. */
  readonly data: TypedArray;
  /** The index of the first element read. */
  readonly offset: number;
  /** How many distinct elements are read, in a cycle. */
  readonly period: number;
  /** How many consecutive output elements read each one. */
  readonly repeat: number;
}

/**
 * One op of a {@link FusedProgram}: a unary op of value `x`, or a binary op of values `a` and `b`
 * (values are numbered inputs first, then steps).
 * @example
 * ```ts
 * const steps: FusedStep[] = [{ op: 'mul', a: 0, b: 1 }, { op: 'relu', x: 2 }];
 * steps.length; // 2
 * ```
 */
export type FusedStep = { readonly op: UnaryOp; readonly x: number } | { readonly op: BinaryOp; readonly a: number; readonly b: number };

/**
 * A chain of elementwise ops computed in one pass ({@link Backend.fused}): value k < inputs.length
 * is input k; value inputs.length + j is step j's result; the output is the last step's.
 * @example
 * ```ts
 * // relu(2x + 1)
 * const x = new Float32Array([-1, 0, 1]);
 * const prog: FusedProgram = {
 *   inputs: [
 *     { data: x, offset: 0, period: 3, repeat: 1 },
 *     { data: new Float32Array([2]), offset: 0, period: 1, repeat: 1 },
 *     { data: new Float32Array([1]), offset: 0, period: 1, repeat: 1 },
 *   ],
 *   steps: [{ op: 'mul', a: 0, b: 1 }, { op: 'add', a: 3, b: 2 }, { op: 'relu', x: 4 }],
 * };
 * prog.steps.length; // 3
 * ```
 */
export interface FusedProgram {
  /** The arrays read. */
  readonly inputs: readonly FusedInput[];
  /** The ops, in order. */
  readonly steps: readonly FusedStep[];
}

/**
 * The recurrent cells a backend runs: LSTM, GRU, and the Elman RNN with tanh or ReLU.
 * @example
 * ```ts
 * const cells: RecurrentCell[] = ['lstm', 'gru', 'rnnTanh', 'rnnRelu'];
 * cells.length; // 4
 * ```
 */
export type RecurrentCell = 'lstm' | 'gru' | 'rnnTanh' | 'rnnRelu';

/**
 * The sizes of one direction of one recurrent layer over a (packed) sequence.
 * @example
 * ```ts
 * // an LSTM with 8 hidden units over 3 steps of 2, 2 and 1 sequences, in reverse
 * const s: RecurrentShape = { cell: 'lstm', hidden: 8, size: 8, batchSizes: [2, 2, 1], reverse: true };
 * s.batchSizes.reduce((a, b) => a + b); // 5
 * ```
 */
export interface RecurrentShape {
  /** The cell. */
  readonly cell: RecurrentCell;
  /** H: the hidden size (of c, and of h without a projection). */
  readonly hidden: number;
  /** P: the size of h (H, or an LSTM's projection size). */
  readonly size: number;
  /** Rows per step, non-increasing and positive (the padded case: T times B). */
  readonly batchSizes: readonly number[];
  /** Walk the steps from the last to the first (the backward direction of a bidirectional layer). */
  readonly reverse: boolean;
}

/**
 * The arrays of a recurrent layer's forward ({@link Backend.rnnForward}): its inputs, its
 * outputs, and what it keeps for the backward. Null where the cell has none.
 * @example
 * ```ts
 * // an RNN (tanh) with H = P = 1 over one step of one sequence
 * const f = (n: number): Float64Array => new Float64Array(n);
 * const a: RecurrentArrays = {
 *   xg: new Float64Array([0.5]), h0: f(1), c0: null, wHh: new Float64Array([1]), bHh: null, wHr: null,
 *   out: f(1), hN: f(1), cN: null, act: null, c: null, m: null,
 * };
 * a.out.length; // 1
 * ```
 */
export interface RecurrentArrays {
  /** [N, G·H] the input gates (x·W_ihᵀ + b_ih), per gate in PyTorch's order (LSTM i f g o; GRU r z n). */
  readonly xg: TypedArray;
  /** [B, P] the initial h. */
  readonly h0: TypedArray;
  /** [B, H] the initial c (LSTM). */
  readonly c0: TypedArray | null;
  /** [G·H, P] the hidden-to-gates weight. */
  readonly wHh: TypedArray;
  /** [G·H] the hidden bias (added to h·W_hhᵀ; a GRU's n gate takes it inside r ⊙ (…)). */
  readonly bHh: TypedArray | null;
  /** [P, H] an LSTM's projection (h = W_hr·m), or null. */
  readonly wHr: TypedArray | null;
  /** Output: [N, P] h of every step. */
  readonly out: TypedArray;
  /** Output: [B, P] each sequence's last h. */
  readonly hN: TypedArray;
  /** Output: [B, H] each sequence's last c (LSTM). */
  readonly cN: TypedArray | null;
  /** Kept: [N, 4·H] the activated gates (LSTM i f g o; GRU r z n and W_hn·h + b_hn). */
  readonly act: TypedArray | null;
  /** Kept: [N, H] c of every step (LSTM). */
  readonly c: TypedArray | null;
  /** Kept: [N, H] o ⊙ tanh(c) of every step, before the projection (LSTM with a projection). */
  readonly m: TypedArray | null;
}

/**
 * The gradients of a recurrent layer's backward ({@link Backend.rnnBackward}): those of its
 * outputs in (null: zero), those of its inputs out.
 * @example
 * ```ts
 * const g: RecurrentGrads = {
 *   dOut: new Float64Array([1]), dhN: null, dcN: null,
 *   dxg: new Float64Array(1), dhg: null, dh0: new Float64Array(1), dc0: null, dh: null,
 * };
 * g.dxg.length; // 1
 * ```
 */
export interface RecurrentGrads {
  /** [N, P] the gradient of `out`, or null. */
  readonly dOut: TypedArray | null;
  /** [B, P] the gradient of `hN`, or null. */
  readonly dhN: TypedArray | null;
  /** [B, H] the gradient of `cN`, or null. */
  readonly dcN: TypedArray | null;
  /** Output: [N, G·H] the gradient of the input gates `xg`. */
  readonly dxg: TypedArray;
  /** Output: [N, G·H] the gradient of the hidden gates h·W_hhᵀ + b_hh (GRU; the others: equal to dxg, null). */
  readonly dhg: TypedArray | null;
  /** Output: [B, P] the gradient of `h0`. */
  readonly dh0: TypedArray;
  /** Output: [B, H] the gradient of `c0` (LSTM). */
  readonly dc0: TypedArray | null;
  /** Output: [N, P] the whole gradient of each step's h (LSTM with a projection: for W_hr's), or null. */
  readonly dh: TypedArray | null;
}

/**
 * The kernels: how to compute, with no knowledge of autograd or broadcasting. Each kernel reads
 * strided {@link View}s and writes a fresh contiguous row-major `out` array; ops choose the
 * kernel, the engine knows nothing of either. Register one with {@link registerBackend} (whose
 * example is a complete backend) and select it with {@link setBackend}.
 * @example
 * ```ts
 * // one kernel, naively: read the i-th element of a strided view, write row-major output
 * const at = (v: View, i: number): number => {
 *   let p = v.offset;
 *   for (let d = v.shape.length - 1; d >= 0; d--) {
 *     p += (i % v.shape[d]!) * v.strides[d]!;
 *     i = Math.floor(i / v.shape[d]!);
 *   }
 *   return v.data[p]!;
 * };
 * const unary: Backend['unary'] = (op, x, out) => {
 *   for (let i = 0; i < out.length; i++) out[i] = op === 'neg' ? -at(x, i) : Math.exp(at(x, i));
 * };
 * const out = new Float32Array(4);
 * unary('neg', tensor([[1, 2], [3, 4]]).t(), out);
 * out; // Float32Array [-1, -3, -2, -4]
 * ```
 */
export interface Backend {
  /** The name {@link setBackend} selects it by. */
  readonly name: string;
  /**
   * Optional: readies the backend when {@link setBackend} picks it.
   * @throws Error when the backend cannot run here.
   */
  init?(): void;
  /**
   * `out[i] = op(x[i])`.
   * @param op - the function.
   * @param x - the input.
   * @param out - the output, of x's size.
   */
  unary(op: UnaryOp, x: View, out: TypedArray): void;
  /**
   * `out[i] = op(a[i], b[i])`; a and b have the output's shape.
   * @param op - the function.
   * @param a - the left input.
   * @param b - the right input.
   * @param out - the output.
   */
  binary(op: BinaryOp, a: View, b: View, out: TypedArray): void;
  /**
   * `out[i] = op(a[i], b[i]) ? 1 : 0`.
   * @param op - the comparison.
   * @param a - the left input.
   * @param b - the right input.
   * @param out - the bool output.
   */
  compare(op: CompareOp, a: View, b: View, out: Uint8Array): void;
  /**
   * `out[i] = cond[i] ? a[i] : b[i]`.
   * @param cond - the bool condition.
   * @param a - the values where true.
   * @param b - the values where false.
   * @param out - the output.
   */
  where(cond: View, a: View, b: View, out: TypedArray): void;
  /**
   * Copies a strided view into contiguous `out`, converting between dtypes as a typed array's
   * assignment does (to integers: truncated, wrapped to the width). Never to bool (a Uint8Array
   * holds uint8 too): a cast to bool is a comparison with 0.
   * @param x - the input.
   * @param out - the output, of the target dtype.
   */
  copy(x: View, out: TypedArray): void;
  /**
   * Writes `src` into the strided window `dst` (same shape, same dtype): in-place ops.
   * @param dst - the window written to.
   * @param src - the values.
   */
  assign(dst: View, src: View): void;
  /**
   * Reduces `x` over `axes`; NaN propagates through max and min.
   * @param op - the reduction.
   * @param x - the input.
   * @param axes - the axes to reduce, sorted.
   * @param out - the output, of x's shape without those axes.
   */
  reduce(op: ReduceOp, x: View, axes: readonly number[], out: TypedArray): void;
  /**
   * The index of the max or min along `axis`; the first index wins ties.
   * @param op - `argmax` or `argmin`.
   * @param x - the input.
   * @param axis - the axis.
   * @param out - the output, of x's shape without that axis.
   */
  argReduce(op: 'argmax' | 'argmin', x: View, axis: number, out: Int32Array): void;
  /**
   * softmax (e^x / Σ e^x) or log-softmax (x − log Σ e^x) along `dim`, the max subtracted first;
   * `out` is contiguous with x's shape.
   * @param op - `softmax` or `logSoftmax`.
   * @param x - the input (float).
   * @param dim - the dim normalised over.
   * @param out - the output, contiguous, of x's shape.
   */
  softmax(op: 'softmax' | 'logSoftmax', x: View, dim: number, out: TypedArray): void;
  /**
   * One Adam update in place, over contiguous arrays of one length and float type, rounding after
   * every operation as the op-by-op formula does: m ← lerp(m, g, 1 − β1); v ← v·β2 + (g·(1 − β2))·g;
   * p ← p + (m·(−step)) / (√v / bc2 + ε).
   * @param p - the parameter, updated in place.
   * @param g - its gradient.
   * @param m - the first-moment buffer, updated in place.
   * @param v - the second-moment buffer, updated in place.
   * @param c - the step's constants.
   */
  adam(p: TypedArray, g: TypedArray, m: TypedArray, v: TypedArray, c: AdamConstants): void;
  /**
   * Optional: computes a {@link FusedProgram} in one pass into `out` (of the inputs' float type),
   * each step rounded to that type exactly as the op alone would be on this backend. Where a
   * backend has it, chains of elementwise float ops are left pending and computed by it when
   * their result is first read.
   * @param program - the inputs and ops.
   * @param out - the output; its length is the number of elements.
   */
  fused?(program: FusedProgram, out: TypedArray): void;
  /**
   * Optional: one direction of one recurrent layer over a whole (packed) sequence, the time loop
   * and the fused cell of every step in one call (the backends' shared loop is in
   * `backend/js/recurrent-loop.ts`); without it the JS kernels run. Fills `a`'s outputs and kept arrays.
   * @param s - the cell, sizes, batch sizes per step and direction.
   * @param a - the inputs, outputs and kept arrays (contiguous, of one float type).
   */
  rnnForward?(s: RecurrentShape, a: RecurrentArrays): void;
  /**
   * Optional: the gradient of {@link Backend.rnnForward} from the arrays it filled.
   * @param s - as given to the forward.
   * @param a - the forward's arrays.
   * @param g - the outputs' gradients in, the inputs' out.
   */
  rnnBackward?(s: RecurrentShape, a: RecurrentArrays, g: RecurrentGrads): void;
  /**
   * Batched matrix product, any strides.
   * @param a - [B, M, K].
   * @param b - [B, K, N].
   * @param out - [B, M, N].
   */
  matmul(a: View, b: View, out: TypedArray): void;
  /**
   * `out` = x gathered along `dim` at `index`.
   * @param x - the input.
   * @param dim - the dim.
   * @param index - int32 indices, of out's shape.
   * @param out - the output.
   * @throws RangeError for an index out of bounds.
   */
  gather(x: View, dim: number, index: View, out: TypedArray): void;
  /**
   * Adds `src` into `out` along `dim` at `index`.
   * @param out - contiguous, of `outShape`, already holding the base values.
   * @param outShape - out's shape.
   * @param dim - the dim.
   * @param index - int32 indices.
   * @param src - the values added.
   * @throws RangeError for an index out of bounds.
   */
  scatterAdd(out: TypedArray, outShape: readonly number[], dim: number, index: View, src: View): void;
}
