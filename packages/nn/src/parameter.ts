/**
 * `Parameter`: a leaf tensor that requires grad and that its module discovers.
 * @module
 */
import { Tensor } from '@chainrule/autograd';

/**
 * A tensor that is a module's learnable weight, like `torch.nn.Parameter`: a leaf sharing `data`'s
 * storage, requiring grad by default. Assigning one to a property of a {@link Module} registers it
 * (under the property's name) for `parameters()`, `namedParameters()` and `stateDict()`.
 *
 * @example
 * ```ts
 * import { ones, tensor } from '@chainrule/autograd';
 * import type { Tensor } from '@chainrule/autograd';
 * import { nn } from '@chainrule/nn';
 * class Scale extends nn.Module {
 *   scale = new nn.Parameter(ones([2]));
 *   forward(x: Tensor): Tensor {
 *     return x.mul(this.scale);
 *   }
 * }
 * const m = new Scale();
 * m.namedParameters().map(([name]) => name); // ['scale']
 * m.forward(tensor([3, 4])).sum().backward();
 * m.scale.grad; // tensor([3., 4.])
 * ```
 */
export class Parameter extends Tensor {
  /**
   * @param data - the initial values (shared, not copied; detached from any graph).
   * @param requiresGrad - whether the optimizer trains it (default true).
   * @throws TypeError when `requiresGrad` is set on a non-float tensor.
   */
  constructor(data: Tensor, requiresGrad = true) {
    super(data._storage, data.shape, data.strides, data.offset, data.dtype);
    this.requiresGrad_(requiresGrad);
  }

  /**
   * Prints as PyTorch does: `Parameter containing:` over the tensor.
   * @returns the text.
   * @example
   * ```ts
   * String(new nn.Parameter(zeros([2]))); // 'Parameter containing:\ntensor([0., 0.], requires_grad=True)'
   * ```
   */
  override toString(): string {
    return `Parameter containing:\n${super.toString()}`;
  }
}
