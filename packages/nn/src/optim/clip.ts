/**
 * Gradient clipping: `clipGradNorm_` and `clipGradValue_`, as `torch.nn.utils.clip_grad_norm_` and
 * `clip_grad_value_`.
 * @module
 */
import { noGrad, stack, Tensor, tensor } from '@chainrule/autograd';

/**
 * Options of {@link clipGradNorm_}.
 * @example
 * ```ts
 * const w = tensor([1, 1], { requiresGrad: true });
 * w.mul(tensor([3, -4])).sum().backward();
 * const opts: optim.ClipGradNormOptions = { normType: Infinity };
 * optim.clipGradNorm_([w], 2, opts); // tensor(4.)
 * w.grad; // tensor([ 1.5000, -2.0000])
 * ```
 */
export interface ClipGradNormOptions {
  /** The p of the p-norm (default 2; `Infinity` for the largest absolute value). */
  normType?: number;
  /** Throw when the total norm is NaN or ±∞ (default false). */
  errorIfNonfinite?: boolean;
}

const gradsOf = (parameters: Iterable<Tensor> | Tensor): Tensor[] =>
  (parameters instanceof Tensor ? [parameters] : [...parameters]).flatMap((p) => (p.grad === null ? [] : [p.grad]));

/**
 * Rescales the gradients in place so that their total norm (the norm of the per-parameter norms,
 * as if all gradients were one vector) is at most `maxNorm`, like `clip_grad_norm_`: each gradient
 * is multiplied by min(1, maxNorm / (total + 1e-6)). Parameters without a gradient are skipped.
 * @param parameters - the parameters (e.g. `model.parameters()`), or one tensor.
 * @param maxNorm - the largest allowed total norm.
 * @param opts - `normType` (default 2), `errorIfNonfinite` (default false).
 * @returns the total norm before clipping, as a 0-dim tensor (0 when no parameter has a gradient).
 * @throws Error when `errorIfNonfinite` is set and the total norm is NaN or infinite.
 * @example
 * ```ts
 * import { tensor } from '@chainrule/autograd';
 * import { optim } from '@chainrule/nn';
 * const w = tensor([1, 1], { requiresGrad: true });
 * w.mul(tensor([3, 4])).sum().backward(); // the gradient is [3, 4], of norm 5
 * optim.clipGradNorm_([w], 1); // tensor(5.)
 * w.grad; // tensor([0.6000, 0.8000])
 * ```
 */
export function clipGradNorm_(parameters: Iterable<Tensor> | Tensor, maxNorm: number, opts: ClipGradNormOptions = {}): Tensor {
  const normType = opts.normType ?? 2;
  const grads = gradsOf(parameters);
  if (grads.length === 0) return tensor(0);
  return noGrad(() => {
    const dtype = grads[0]!.dtype;
    const norms = grads.map((g) => g.detach().norm(normType).to(dtype));
    const total = stack(norms).norm(normType);
    const t = total.item();
    if (opts.errorIfNonfinite === true && !Number.isFinite(t)) {
      throw new Error(
        `The total norm of order ${normType} for gradients from \`parameters\` is non-finite, so it cannot be clipped. To disable this error and scale the gradients by the non-finite norm anyway, set \`errorIfNonfinite: false\``,
      );
    }
    const coef = total.add(1e-6).reciprocal().mul(maxNorm).clamp(null, 1);
    for (const g of grads) g.mul_(coef.to(g.dtype));
    return total;
  });
}

/**
 * Clamps every gradient element to [−clipValue, clipValue] in place, like `clip_grad_value_`.
 * @param parameters - the parameters, or one tensor.
 * @param clipValue - the largest allowed absolute value.
 * @throws RangeError when clipValue is negative or NaN.
 * @example
 * ```ts
 * const w = tensor([1, 1], { requiresGrad: true });
 * w.mul(tensor([3, -0.2])).sum().backward();
 * optim.clipGradValue_(w, 0.5);
 * w.grad; // tensor([ 0.5000, -0.2000])
 * ```
 */
export function clipGradValue_(parameters: Iterable<Tensor> | Tensor, clipValue: number): void {
  if (!(clipValue >= 0)) throw new RangeError(`clipGradValue_: clipValue must be non-negative, got ${clipValue}`);
  const grads = gradsOf(parameters);
  noGrad(() => {
    for (const g of grads) g.clamp_(-clipValue, clipValue);
  });
}
