/**
 * Gradient checking: the analytic Jacobian (one backward per output element) against central
 * differences, as `torch.autograd.gradcheck` and `gradgradcheck`.
 * @module
 */
import { grad } from './engine/backward.js';
import { enableGrad, noGrad } from './engine/mode.js';
import { randn } from './create.js';
import { Generator } from './random.js';
import { Tensor } from './tensor.js';

/**
 * Options of {@link gradcheck} and {@link gradgradcheck}; the tolerances are PyTorch's defaults.
 * @example
 * ```ts
 * const x = tensor([1, 2], { dtype: 'float64', requiresGrad: true });
 * gradcheck((t) => t.exp(), [x], { eps: 1e-6, atol: 1e-8, rtol: 1e-6 }); // true
 * ```
 */
export interface GradcheckOptions {
  /** Perturbation for central differences (default 1e-6). */
  eps?: number;
  /** Absolute tolerance (default 1e-5). */
  atol?: number;
  /** Relative tolerance (default 1e-3). */
  rtol?: number;
  /** Throw a {@link GradcheckError} on failure (default true); otherwise return false. */
  raiseException?: boolean;
}

/**
 * The failure report of {@link gradcheck}: which input and output disagree, and the worst entry of
 * the Jacobian (flat indices, analytic and numeric values).
 * @example
 * ```ts
 * const wrong = defineFunction({
 *   name: 'wrongSin',
 *   forward: (ctx, x: Tensor) => (ctx.saveForBackward(x), x.sin()),
 *   backward: (ctx, g) => [g.mul(ctx.saved[0]!.sin())], // should be cos
 * });
 * const x = tensor([0.5], { dtype: 'float64', requiresGrad: true });
 * let error: unknown;
 * try {
 *   gradcheck(wrong, [x]);
 * } catch (e) {
 *   error = e;
 * }
 * error instanceof GradcheckError; // true
 * (error as GradcheckError).worst.numeric; // 0.8776
 * ```
 */
export class GradcheckError extends Error {
  /** `'GradcheckError'`. */
  override name = 'GradcheckError';
  /**
   * @param message - what disagrees, where, and by how much.
   * @param input - which input's Jacobian disagrees.
   * @param output - which output.
   * @param worst - the worst entry.
   */
  constructor(
    message: string,
    /** Which input's Jacobian disagrees. */
    readonly input: number,
    /** Which output. */
    readonly output: number,
    /** The worst entry: the output element and input element (flat indices), both values. */
    readonly worst: { outputIndex: number; inputIndex: number; analytic: number; numeric: number },
  ) {
    super(message);
  }
}

/**
 * A function {@link gradcheck} can check: tensors in, a tensor or tensors out.
 * @example
 * ```ts
 * const f: GradcheckFn = (a, b) => a!.mul(b!).sum();
 * gradcheck(f, [tensor([1, 2], { dtype: 'float64', requiresGrad: true }), tensor([3, 4], { dtype: 'float64' })]); // true
 * ```
 */
export type GradcheckFn = (...inputs: Tensor[]) => Tensor | readonly Tensor[];
type Fn = GradcheckFn;

function outputsOf(fn: Fn, inputs: readonly Tensor[]): Tensor[] {
  const r = fn(...inputs);
  return (r instanceof Tensor ? [r] : [...r]).filter((t) => t.dtype === 'float32' || t.dtype === 'float64');
}

function storageIndex(t: Tensor, flat: number): number {
  let rem = flat;
  let at = t.offset;
  for (let d = t.ndim - 1; d >= 0; d--) {
    const s = t.shape[d]!;
    at += (rem % s) * t.strides[d]!;
    rem = Math.floor(rem / s);
  }
  return at;
}

function unravel(shape: readonly number[], flat: number): number[] {
  const idx = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    idx[d] = flat % shape[d]!;
    flat = Math.floor(flat / shape[d]!);
  }
  return idx;
}

/**
 * Checks `fn`'s gradients against central differences: every input that requires grad, every
 * output element. Use float64 inputs: float32 is too coarse and gets a warning.
 * @param fn - the function under test; returns a tensor or tensors.
 * @param inputs - its arguments; those with `requiresGrad` are checked.
 * @param opts - eps, atol, rtol, raiseException.
 * @returns true when every entry agrees (false on failure with `raiseException: false`).
 * @throws GradcheckError naming the input, the output and the worst Jacobian entry (index, analytic, numeric).
 * @throws Error when no input requires grad.
 * @example
 * ```ts
 * import { gradcheck, tensor } from '@chainrule/autograd';
 * const x = tensor([[0.3, -1.2], [2, 0.5]], { dtype: 'float64', requiresGrad: true });
 * gradcheck((t) => t.tanh().mul(t).sum(1), [x]); // true
 * gradcheck((t) => t.relu(), [tensor([0], { dtype: 'float64', requiresGrad: true })]); // throws GradcheckError: Jacobian mismatch
 * ```
 */
export function gradcheck(fn: Fn, inputs: readonly Tensor[], opts: GradcheckOptions = {}): boolean {
  const eps = opts.eps ?? 1e-6;
  const atol = opts.atol ?? 1e-5;
  const rtol = opts.rtol ?? 1e-3;
  const diff = inputs.map((t, i) => ({ t, i })).filter(({ t }) => t.requiresGrad);
  if (diff.length === 0) throw new Error('gradcheck: no input requires grad');
  if (diff.some(({ t }) => t.dtype !== 'float64')) {
    console.warn('gradcheck: an input is not float64; central differences need float64 to be reliable (use .double())');
  }
  const outs = outputsOf(fn, inputs);
  for (let o = 0; o < outs.length; o++) {
    const out = outs[o]!;
    const m = out.numel();
    for (const { t: x, i } of diff) {
      const n = x.numel();
      const analytic = new Float64Array(m * n); // row j: d out_j / d x
      for (let j = 0; j < m; j++) {
        if (!out.requiresGrad) break;
        const onehot = Tensor.zeros(out.shape, out.dtype);
        onehot.data[j] = 1;
        const [g] = grad(out, [x], { gradOutputs: [onehot], retainGraph: true, allowUnused: true });
        if (g) analytic.set(Float64Array.from(g.toArray()), j * n);
      }
      const numeric = new Float64Array(m * n);
      const data = x.data;
      noGrad(() => {
        for (let k = 0; k < n; k++) {
          const at = storageIndex(x, k);
          const orig = data[at]!;
          data[at] = orig + eps;
          const plus = outputsOf(fn, inputs)[o]!.toArray();
          data[at] = orig - eps;
          const minus = outputsOf(fn, inputs)[o]!.toArray();
          data[at] = orig;
          for (let j = 0; j < m; j++) numeric[j * n + k] = (plus[j]! - minus[j]!) / (2 * eps);
        }
      });
      let worst = -1;
      let worstExcess = 0;
      for (let e = 0; e < m * n; e++) {
        const a = analytic[e]!;
        const nu = numeric[e]!;
        const excess = Math.abs(a - nu) - (atol + rtol * Math.abs(nu));
        if (excess > worstExcess || (Number.isNaN(a) !== Number.isNaN(nu) && worst < 0)) {
          worst = e;
          worstExcess = Number.isNaN(excess) ? Infinity : excess;
        }
      }
      if (worst >= 0) {
        const j = Math.floor(worst / n);
        const k = worst % n;
        const report = {
          outputIndex: j,
          inputIndex: k,
          analytic: analytic[worst]!,
          numeric: numeric[worst]!,
        };
        const msg =
          `gradcheck: Jacobian mismatch for output ${o} with respect to input ${i}: ` +
          `worst at output element ${JSON.stringify(unravel(out.shape, j))}, input element ${JSON.stringify(unravel(x.shape, k))}: ` +
          `analytic ${report.analytic}, numeric ${report.numeric} (atol ${atol}, rtol ${rtol})`;
        if (opts.raiseException === false) return false;
        throw new GradcheckError(msg, i, o, report);
      }
    }
  }
  return true;
}

/**
 * Checks second derivatives: runs {@link gradcheck} on the map (inputs, v) ↦ vᵀ·∂fn/∂inputs,
 * computed with `createGraph`, like `torch.autograd.gradgradcheck`.
 * @param fn - the function under test.
 * @param inputs - its arguments (float64, requiresGrad for the checked ones).
 * @param gradOutputs - the vectors v (random float64 normals, seed 0, when omitted).
 * @param opts - as for gradcheck.
 * @returns true when every entry agrees.
 * @throws GradcheckError as gradcheck does.
 * @example
 * ```ts
 * import { gradgradcheck, tensor } from '@chainrule/autograd';
 * const x = tensor([0.5, -0.7], { dtype: 'float64', requiresGrad: true });
 * gradgradcheck((t) => t.sin().mul(t), [x]); // true
 * ```
 */
export function gradgradcheck(fn: Fn, inputs: readonly Tensor[], gradOutputs?: readonly Tensor[], opts: GradcheckOptions = {}): boolean {
  const outs = outputsOf(fn, inputs);
  const gen = new Generator(0);
  const vs = gradOutputs ?? outs.map((o) => randn(o.shape, { dtype: 'float64', generator: gen, requiresGrad: true }));
  const nIn = inputs.length;
  const checked = inputs.map((t, i) => ({ t, i })).filter(({ t }) => t.requiresGrad).map(({ i }) => i);
  const firstOrder = (...args: Tensor[]): Tensor[] => {
    const xs = args.slice(0, nIn);
    const v = args.slice(nIn);
    // gradcheck evaluates this under noGrad for its central differences; the inner gradient
    // still needs a graph to differentiate through.
    return enableGrad(() => {
      const o = outputsOf(fn, xs);
      const gs = grad(o, checked.map((i) => xs[i]!), { gradOutputs: v, createGraph: true, allowUnused: true });
      return gs.map((g, k) => g ?? Tensor.zeros(xs[checked[k]!]!.shape, 'float64'));
    });
  };
  return gradcheck(firstOrder, [...inputs, ...vs], opts);
}
