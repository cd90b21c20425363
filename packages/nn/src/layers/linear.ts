/**
 * `Linear`: y = x·Wᵀ + b, and `Bilinear`: y = x1ᵀ·A·x2 + b.
 * @module
 */
import { zeros } from '@chainrule/autograd';
import type { DType, Generator, Tensor } from '@chainrule/autograd';
import { bilinear, linear } from '../functional/linear.js';
import { kaimingUniform_, uniform_ } from '../init.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';

/**
 * Options of layer constructors that create parameters (PyTorch's factory arguments).
 * @example
 * ```ts
 * const opts: nn.LayerOptions = { dtype: 'float64', generator: new Generator(0) };
 * new nn.Linear(2, 2, opts).weight.dtype; // 'float64'
 * ```
 */
export interface LayerOptions {
  /** The parameters' dtype (default float32). */
  dtype?: DType;
  /** The generator for the initial values (default the global one). */
  generator?: Generator;
}

/**
 * A fully connected layer, like `torch.nn.Linear`: y = x·Wᵀ + b, with weight
 * `[outFeatures, inFeatures]` and bias `[outFeatures]`, both initialised from U(−1/√in, 1/√in)
 * (PyTorch's default, kaiming_uniform_ with a = √5).
 *
 * Shape:
 * - Input: `[*, H_in]`, where `*` is any number of dims (none included) and H_in = `inFeatures`.
 * - Output: `[*, H_out]`, the input's leading dims and H_out = `outFeatures`.
 *
 * @example
 * ```ts
 * import { tensor } from '@chainrule/autograd';
 * import { nn } from '@chainrule/nn';
 * const fc = new nn.Linear(3, 2);
 * fc.forward(tensor([[1, 2, 3]])); // shape [1, 2]
 * fc.numParameters(); // 8
 * String(fc); // 'Linear(in_features=3, out_features=2, bias=True)'
 * ```
 */
export class Linear extends Module {
  /** The weight, `[outFeatures, inFeatures]`. */
  weight: Parameter;
  /** The bias `[outFeatures]`, or null. */
  bias: Parameter | null;

  /**
   * @param inFeatures - input size.
   * @param outFeatures - output size.
   * @param opts - `bias` (default true), `dtype`, `generator`.
   * @throws RangeError for negative or non-integer sizes.
   */
  constructor(
    readonly inFeatures: number,
    readonly outFeatures: number,
    opts: LayerOptions & { bias?: boolean } = {},
  ) {
    super();
    for (const n of [inFeatures, outFeatures]) {
      if (!Number.isInteger(n) || n < 0) throw new RangeError(`Linear: sizes must be non-negative integers, got ${inFeatures}, ${outFeatures}`);
    }
    const dtype = opts.dtype ?? 'float32';
    const init = opts.generator === undefined ? {} : { generator: opts.generator };
    this.weight = new Parameter(zeros([outFeatures, inFeatures], { dtype }));
    this.bias = opts.bias === false ? null : new Parameter(zeros([outFeatures], { dtype }));
    if (inFeatures > 0) {
      kaimingUniform_(this.weight, { a: Math.sqrt(5), ...init });
      const bound = 1 / Math.sqrt(inFeatures);
      if (this.bias !== null) uniform_(this.bias, -bound, bound, init);
    }
  }

  /**
   * Applies the layer.
   * @param input - `[..., inFeatures]`.
   * @returns `[..., outFeatures]`.
   * @throws RangeError when the input's last dim is not `inFeatures`.
   * @throws TypeError when the input's dtype differs from the weight's.
   */
  forward(input: Tensor): Tensor {
    return linear(input, this.weight, this.bias);
  }

  /**
   * The settings, as PyTorch prints them.
   * @returns `in_features=…, out_features=…, bias=…`.
   */
  override extraRepr(): string {
    return `in_features=${this.inFeatures}, out_features=${this.outFeatures}, bias=${this.bias === null ? 'False' : 'True'}`;
  }
}

/**
 * A bilinear layer, like `torch.nn.Bilinear`: `y = x1ᵀ·A·x2 + b` for each output, with weight
 * `[out, in1, in2]` and bias `[out]` from U(−1/√in1, 1/√in1) (PyTorch's default).
 *
 * Shape:
 * - Input: input1 `[*, in1Features]`; input2 `[*, in2Features]` with the same leading dims.
 * - Output: `[*, outFeatures]`.
 * @example
 * ```ts
 * import { Generator, ones } from '@chainrule/autograd';
 * import { nn } from '@chainrule/nn';
 * const bil = new nn.Bilinear(2, 3, 4, { generator: new Generator(0) });
 * bil.forward(ones([5, 2]), ones([5, 3])).shape; // [5, 4]
 * String(bil); // 'Bilinear(in1_features=2, in2_features=3, out_features=4, bias=True)'
 * ```
 */
export class Bilinear extends Module<[input1: Tensor, input2: Tensor]> {
  /** The weight, `[outFeatures, in1Features, in2Features]`. */
  weight: Parameter;
  /** The bias `[outFeatures]`, or null. */
  bias: Parameter | null;

  /**
   * @param in1Features - the first input's size.
   * @param in2Features - the second input's size.
   * @param outFeatures - the output's size.
   * @param opts - `bias` (default true), `dtype`, `generator`.
   * @throws RangeError for sizes that are not positive integers.
   */
  constructor(
    readonly in1Features: number,
    readonly in2Features: number,
    readonly outFeatures: number,
    opts: LayerOptions & { bias?: boolean } = {},
  ) {
    super();
    for (const n of [in1Features, in2Features, outFeatures]) {
      if (!Number.isInteger(n) || n < 1) throw new RangeError(`Bilinear: sizes must be positive integers, got ${in1Features}, ${in2Features}, ${outFeatures}`);
    }
    const dtype = opts.dtype ?? 'float32';
    const init = opts.generator === undefined ? {} : { generator: opts.generator };
    const bound = 1 / Math.sqrt(in1Features);
    this.weight = new Parameter(zeros([outFeatures, in1Features, in2Features], { dtype }));
    this.bias = opts.bias === false ? null : new Parameter(zeros([outFeatures], { dtype }));
    uniform_(this.weight, -bound, bound, init);
    if (this.bias !== null) uniform_(this.bias, -bound, bound, init);
  }

  /**
   * Applies the layer.
   * @param input1 - `[*, in1Features]`.
   * @param input2 - `[*, in2Features]`.
   * @returns `[*, outFeatures]`.
   * @throws RangeError when the shapes do not fit.
   * @throws TypeError when the dtypes differ.
   */
  forward(input1: Tensor, input2: Tensor): Tensor {
    return bilinear(input1, input2, this.weight, this.bias);
  }

  /**
   * The settings, as PyTorch prints them.
   * @returns `in1_features=…, in2_features=…, out_features=…, bias=…`.
   */
  override extraRepr(): string {
    return `in1_features=${this.in1Features}, in2_features=${this.in2Features}, out_features=${this.outFeatures}, bias=${this.bias === null ? 'False' : 'True'}`;
  }
}
