/**
 * The shape of an op registry entry. One entry says everything the tests need to know of an op:
 * how to call it in chainrule, on which inputs, whether (and how smoothly) it is differentiable, and
 * the same call in PyTorch. Three consumers read the one list:
 * - the gradient property test (gradcheck, and gradgradcheck for smooth ops, on generated shapes);
 * - the PyTorch parity test (forward, input gradients and, for smooth ops, second derivatives
 *   against the values `pnpm golden` stored in test/golden/ops.json);
 * - the ops table of the docs (which dtypes each op takes and whether a gradient flows).
 */
import type { Tensor } from '@chainrule/autograd';

/** What an op returns: a tensor, several (split, sort) or values and indices (max along a dim). */
export type Out = Tensor | readonly Out[] | { readonly values: Tensor; readonly indices: Tensor };

/** The element types an input can have. `int64` is int32 in chainrule and int64 in PyTorch. */
export type InputDType = 'float64' | 'float32' | 'int64' | 'uint8' | 'int8' | 'bool';

/**
 * One input of a parity case or property run. Values are drawn from a seeded generator that the
 * TypeScript tests and the Python generator share (test/golden/seeded.ts, gen/seeded.py), so the
 * stored references need not hold the inputs.
 */
export interface Input {
  shape: readonly number[];
  /** Default float64. */
  dtype?: InputDType;
  /** Floats: uniform in [min, max) (default [-2, 2)); integers: an integer in [min, max) (default [0, 3)). */
  min?: number;
  max?: number;
  /** Literal values (row-major), for index tensors and fixed points. */
  values?: readonly (number | boolean)[];
  /** Whether a gradient is taken (default: true for floats). */
  grad?: boolean;
  /** Property test: draw distinct values (ops with a kink at ties: max, sort, median). */
  distinct?: boolean;
}

/** A short way to write an input: a float tensor of `shape` over [min, max). */
export const f = (shape: readonly number[], min?: number, max?: number): Input => ({ shape, ...(min === undefined ? {} : { min }), ...(max === undefined ? {} : { max }) });
/** A float tensor of `shape` that takes no gradient. */
export const fc0 = (shape: readonly number[], min?: number, max?: number): Input => ({ ...f(shape, min, max), grad: false });
/** An int64 (int32 here) tensor: literal `values`, or drawn from [min, max). */
export const int = (shape: readonly number[], valuesOrRange: readonly number[] | { min: number; max: number }): Input =>
  Array.isArray(valuesOrRange) ? { shape, dtype: 'int64', values: valuesOrRange } : { shape, dtype: 'int64', ...(valuesOrRange as { min: number; max: number }) };
/** A uint8 or int8 tensor of integers drawn from [min, max). */
export const small = (dtype: 'uint8' | 'int8', shape: readonly number[], min: number, max: number): Input => ({ shape, dtype, min, max });
/** A bool tensor: literal `values`, or drawn. */
export const bool = (shape: readonly number[], values?: readonly boolean[]): Input => ({ shape, dtype: 'bool', ...(values ? { values } : {}) });

/** How the inputs of an op are made from a base shape. */
export type Inputs =
  /** one float tensor of the base shape */
  | 'unary'
  /** two float tensors whose shapes broadcast */
  | 'binary'
  /** anything else: the inputs for a base shape (3-D in the property test) */
  | ((base: readonly number[]) => readonly Input[]);

/** How differentiable an op is: 'smooth' (first and second derivatives checked), 'kinked' (first only), 'none'. */
export type Grad = 'smooth' | 'kinked' | 'none';

/** One op of the registry. */
export interface OpEntry {
  /** The Tensor methods or free functions this entry exercises (the docs ops table; several entries may cover one). */
  covers: readonly string[];
  /** The call as the docs show it, e.g. `x.atan2(y)`. */
  call: string;
  /** The op in chainrule. */
  fn: (...xs: Tensor[]) => Out;
  inputs: Inputs;
  /** Value range of float inputs (default [-2, 2)) and kinks the property test keeps away from. */
  min?: number;
  max?: number;
  avoid?: readonly number[];
  /** Fewest dims of the base shape ('unary'; default 0). */
  minDims?: number;
  grad: Grad;
  /**
   * The same op in PyTorch: a Python expression over the inputs `a`, `b`, `c`, `d`, ... with
   * `torch`, `F` (torch.nn.functional), `nn` and `math` in scope (and the helpers of
   * test/golden/gen/helpers.py for functions PyTorch 1.13 lacks). Null: no parity case, and
   * `noTorch` says why.
   */
  torch: string | null;
  noTorch?: string;
  /** Base shapes of the parity cases (default: a few per kind of inputs). */
  parity?: readonly (readonly number[])[];
  /** Relative tolerance of the parity test (default 1e-10, float64). */
  tol?: number;
  /** In-place ops: run on inputs that take no gradient. */
  inPlace?: boolean;
  /** Property test runs (default 25); fewer for slow ops. */
  runs?: number;
}

/** An entry as written in the registry files: `covers` defaults to the entry's name, `call` to `x.<name>()`. */
export type OpDef = Omit<OpEntry, 'covers' | 'call'> & { covers?: readonly string[] | string; call?: string };

/** Fills in the defaults of a group of entries, keyed by name. */
export function defineOps(defs: Record<string, OpDef>): Record<string, OpEntry> {
  return Object.fromEntries(
    Object.entries(defs).map(([name, e]) => {
      const covers = e.covers === undefined ? [name] : typeof e.covers === 'string' ? [e.covers] : e.covers;
      return [name, { ...e, covers, call: e.call ?? `x.${covers[0]!}()` }];
    }),
  );
}
