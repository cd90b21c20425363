/**
 * `LayerNorm`: layer normalisation with a learned scale and shift.
 * @module
 */
import { ones, zeros } from '@chainrule/autograd';
import type { DType, Tensor } from '@chainrule/autograd';
import { layerNorm } from '../functional/normalization.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';

/**
 * Layer normalisation, like `torch.nn.LayerNorm`: normalises over the last dims given by
 * `normalizedShape`, then scales by `weight` (ones at first) and shifts by `bias` (zeros at first).
 * @example
 * ```ts
 * import { tensor } from '@chainrule/autograd';
 * import { nn } from '@chainrule/nn';
 * const ln = new nn.LayerNorm(3);
 * ln.forward(tensor([[1, 2, 3]])); // tensor([[-1.2247,  0.0000,  1.2247]], grad_fn=<AddBackward0>)
 * String(ln); // 'LayerNorm((3,), eps=1e-05, elementwise_affine=True)'
 * ```
 */
export class LayerNorm extends Module {
  /** The sizes of the last dims normalised over. */
  readonly normalizedShape: readonly number[];
  /** The scale, of `normalizedShape` (null without elementwiseAffine). */
  weight: Parameter | null;
  /** The shift, of `normalizedShape` (null without elementwiseAffine or bias). */
  bias: Parameter | null;

  /**
   * @param normalizedShape - the size of the last dim, or the sizes of the last dims.
   * @param opts - `eps` (default 1e-5), `elementwiseAffine` (default true), `bias` (default true), `dtype`.
   * @throws RangeError for sizes that are not positive integers.
   */
  constructor(
    normalizedShape: number | readonly number[],
    readonly opts: { eps?: number; elementwiseAffine?: boolean; bias?: boolean; dtype?: DType } = {},
  ) {
    super();
    const shape = typeof normalizedShape === 'number' ? [normalizedShape] : [...normalizedShape];
    if (shape.some((s) => !Number.isInteger(s) || s < 1)) throw new RangeError(`LayerNorm: normalized_shape must hold positive integers, got [${shape.join(', ')}]`);
    this.normalizedShape = shape;
    const dtype = opts.dtype ?? 'float32';
    const affine = opts.elementwiseAffine ?? true;
    this.weight = affine ? new Parameter(ones(shape, { dtype })) : null;
    this.bias = affine && opts.bias !== false ? new Parameter(zeros(shape, { dtype })) : null;
  }

  /** The constant added to the variance. */
  get eps(): number {
    return this.opts.eps ?? 1e-5;
  }

  /**
   * Applies the layer.
   * @param input - `[..., *normalizedShape]`.
   * @returns a tensor of the input's shape.
   * @throws RangeError when the input's last dims are not `normalizedShape`.
   * @throws TypeError for a non-float input.
   */
  forward(input: Tensor): Tensor {
    return layerNorm(input, this.normalizedShape, this.weight, this.bias, this.eps);
  }

  /**
   * The settings, as PyTorch prints them.
   * @returns `(…,), eps=…, elementwise_affine=…`.
   */
  override extraRepr(): string {
    const eps = this.eps.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
    const shape = this.normalizedShape.length === 1 ? `(${this.normalizedShape[0]},)` : `(${this.normalizedShape.join(', ')})`;
    return `${shape}, eps=${eps}, elementwise_affine=${this.weight === null ? 'False' : 'True'}`;
  }
}
