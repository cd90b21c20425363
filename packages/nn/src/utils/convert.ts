/**
 * Parameters as one flat vector and back: `parametersToVector` and `vectorToParameters`, as
 * `torch.nn.utils.parameters_to_vector` and `vector_to_parameters`.
 * @module
 */
import { cat, noGrad, Tensor } from '@chainrule/autograd';

function tensors(fn: string, parameters: Iterable<Tensor>): Tensor[] {
  if (parameters === null || typeof (parameters as Partial<Iterable<Tensor>>)[Symbol.iterator] !== 'function') {
    throw new TypeError(`${fn}: parameters must be an iterable of tensors`);
  }
  const list = [...parameters];
  list.forEach((p, i) => {
    if (!(p instanceof Tensor)) throw new TypeError(`${fn}: parameters[${i}] is not a tensor`);
  });
  return list;
}

/**
 * All parameters flattened and concatenated into one vector, like `parameters_to_vector` (in the
 * order given; the result is differentiable with respect to them).
 * @param parameters - the parameters (e.g. `model.parameters()`).
 * @returns a 1-D tensor of their total number of elements.
 * @throws TypeError for something that is not a tensor.
 * @throws RangeError for an empty list.
 * @example
 * ```ts
 * import { nn } from '@chainrule/nn';
 * const layer = new nn.Linear(3, 2); // weight [2, 3], bias [2]
 * nn.utils.parametersToVector(layer.parameters()).shape; // [8]
 * ```
 */
export function parametersToVector(parameters: Iterable<Tensor>): Tensor {
  const list = tensors('parametersToVector', parameters);
  if (list.length === 0) throw new RangeError('parametersToVector: got no parameters');
  return cat(list.map((p) => p.reshape([p.numel()])));
}

/**
 * Copies consecutive slices of `vec` into the parameters, in place and outside the graph, like
 * `vector_to_parameters` (the inverse of {@link parametersToVector}).
 * @param vec - a 1-D tensor with as many elements as the parameters together.
 * @param parameters - the parameters to overwrite.
 * @throws TypeError when vec is not a tensor or a parameter is not one.
 * @throws RangeError when vec is not 1-D or its length differs from the parameters' total.
 * @example
 * ```ts
 * import { arange } from '@chainrule/autograd';
 * import { nn } from '@chainrule/nn';
 * const layer = new nn.Linear(2, 2); // weight [2, 2], bias [2]
 * nn.utils.vectorToParameters(arange(6), layer.parameters());
 * layer.weight.sum().item(); // 6
 * layer.bias; // Parameter containing: tensor([4., 5.], requires_grad=True)
 * ```
 */
export function vectorToParameters(vec: Tensor, parameters: Iterable<Tensor>): void {
  if (!(vec instanceof Tensor)) throw new TypeError(`vectorToParameters: expected a tensor, but got ${typeof vec}`);
  const list = tensors('vectorToParameters', parameters);
  if (vec.dim() !== 1) throw new RangeError(`vectorToParameters: vec must be 1-D, got shape [${vec.shape.join(', ')}]`);
  const total = list.reduce((n, p) => n + p.numel(), 0);
  if (vec.numel() !== total) throw new RangeError(`vectorToParameters: vec has ${vec.numel()} elements, the parameters ${total}`);
  noGrad(() => {
    let offset = 0;
    for (const p of list) {
      const n = p.numel();
      p.copy_(vec.narrow(0, offset, n).reshape(p.shape));
      offset += n;
    }
  });
}
