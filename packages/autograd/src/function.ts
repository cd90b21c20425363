/**
 * Custom differentiable ops in the spirit of `torch.autograd.Function`.
 * @module
 */
import { attach, edgeOf, needsRecording } from './engine/record.js';
import { noGrad } from './engine/mode.js';
import { Node } from './engine/node.js';
import { fmtShape, sameShape } from './shape.js';
import { Tensor } from './tensor.js';

/**
 * The context a custom op's forward fills and its backward reads, like `ctx` in
 * `torch.autograd.Function`. Extra fields may be set freely (`ctx.dim = 1`).
 * @example
 * ```ts
 * const scale = defineFunction({
 *   name: 'scale',
 *   forward(ctx, x: Tensor, k: number) {
 *     ctx.k = k; // a non-tensor for backward
 *     return x.mul(k);
 *   },
 *   backward(ctx, g) {
 *     return [ctx.needsInputGrad[0] ? g.mul(ctx.k as number) : null, null];
 *   },
 * });
 * const x = tensor([1, 2], { requiresGrad: true });
 * scale(x, 3).sum().backward();
 * x.grad; // tensor([3., 3.])
 * ```
 */
export interface FunctionCtx {
  /**
   * Saves tensors for backward, like `ctx.save_for_backward`; modifying one in place before
   * backward makes backward throw.
   * @param tensors - the tensors backward needs, read back from {@link FunctionCtx.saved}.
   */
  saveForBackward(...tensors: Tensor[]): void;
  /** The saved tensors, in the order given to {@link FunctionCtx.saveForBackward}. */
  readonly saved: readonly Tensor[];
  /** For each forward argument: whether it is a tensor that needs a gradient. */
  readonly needsInputGrad: readonly boolean[];
  /** Anything else forward wants to hand to backward. */
  [key: string]: unknown;
}

/**
 * The definition of a custom op for {@link defineFunction}: its name, forward and backward.
 * @example
 * ```ts
 * const spec: FunctionSpec<[Tensor], Tensor> = {
 *   name: 'double',
 *   forward: (_ctx, x) => x.mul(2),
 *   backward: (_ctx, g) => [g.mul(2)],
 * };
 * const double = defineFunction(spec);
 * double(tensor([1, 2])); // tensor([2., 4.])
 * ```
 */
export interface FunctionSpec<A extends unknown[], R extends Tensor | Tensor[]> {
  /** Shown in errors, anomaly reports and {@link toDot}. */
  name: string;
  /**
   * Computes the outputs (grad mode is off inside).
   * @param ctx - the context to save what backward needs in.
   * @param args - the op's arguments, as given to the call.
   * @returns a tensor or an array of tensors.
   */
  forward(ctx: FunctionCtx, ...args: A): R;
  /**
   * Computes the gradients of the inputs from those of the outputs. Written in tensor ops, it is
   * itself differentiable, so double backward works.
   * @param ctx - the context forward filled.
   * @param gradOutputs - one gradient per output (zeros for outputs that were not used).
   * @returns one gradient per forward argument (null or undefined for arguments without one), or a
   *   single tensor when forward takes one argument.
   */
  backward(ctx: FunctionCtx, ...gradOutputs: Tensor[]): readonly (Tensor | null | undefined)[] | Tensor | null;
  /**
   * Declares that backward uses raw kernels or non-differentiable code: first-order gradients
   * work, and differentiating them again throws a clear error instead of giving a wrong answer.
   */
  onceDifferentiable?: boolean;
}

/**
 * Defines a differentiable op from a forward and a backward, like subclassing
 * `torch.autograd.Function`. Check the backward with {@link gradcheck}.
 * @param spec - name, forward, backward, and optionally onceDifferentiable.
 * @returns the op: call it with the forward's arguments.
 * @throws TypeError when forward returns something other than tensors.
 * @throws Error at backward time when backward returns the wrong number of gradients, or a gradient
 *   for a non-tensor argument; RangeError for a gradient of the wrong shape.
 * @example
 * ```ts
 * import { defineFunction, gradcheck, gradgradcheck, tensor, Tensor } from '@chainrule/autograd';
 * const cube = defineFunction({
 *   name: 'cube',
 *   forward(ctx, x: Tensor) {
 *     ctx.saveForBackward(x);
 *     return x.pow(3);
 *   },
 *   backward(ctx, g) {
 *     const [x] = ctx.saved;
 *     return [g.mul(x!.square()).mul(3)]; // d(x³) = 3x² dx
 *   },
 * });
 * const x = tensor([1, 2], { dtype: 'float64', requiresGrad: true });
 * cube(x); // tensor([1., 8.], dtype=torch.float64, grad_fn=<CubeBackward0>)
 * gradcheck(cube, [x]); // true
 * gradgradcheck(cube, [x]); // true
 * ```
 */
export function defineFunction<A extends unknown[], R extends Tensor | Tensor[]>(spec: FunctionSpec<A, R>): (...args: A) => R {
  const { name } = spec;
  return (...args: A): R => {
    const needsInputGrad = args.map((a) => a instanceof Tensor && a.requiresGrad);
    let toSave: Tensor[] = [];
    let unpacked: readonly Tensor[] | null = null;
    const ctx: FunctionCtx = {
      saveForBackward(...tensors: Tensor[]) {
        toSave = tensors;
      },
      get saved() {
        return unpacked ?? toSave;
      },
      needsInputGrad,
    };
    const result = noGrad(() => spec.forward(ctx, ...args));
    const outs0 = Array.isArray(result) ? result : [result];
    outs0.forEach((o, i) => {
      if (!(o instanceof Tensor)) throw new TypeError(`${name}: forward must return a Tensor or an array of Tensors (output ${i} is ${typeof o})`);
    });
    // an output that is an input (identity) gets a fresh alias, so the input keeps its own history
    const outs = outs0.map((o) => (args.includes(o) ? o.detach() : o));
    const inputs = args.filter((a): a is Tensor => a instanceof Tensor);
    if (!needsRecording(inputs)) return (Array.isArray(result) ? outs : outs[0]) as R;
    // the backward closure keeps shapes and the count, not the arguments: a released graph
    // holds no input data
    const argShapes = args.map((a) => (a instanceof Tensor ? a.shape : null));
    const nArgs = args.length;
    const node = new Node(
      name,
      args.map((a) => (a instanceof Tensor ? edgeOf(a) : null)),
      outs.map((o) => ({ shape: o.shape, dtype: o.dtype })),
      toSave,
      (grads, saved) => {
        unpacked = saved;
        const r = spec.backward(ctx, ...grads);
        unpacked = null;
        const list = Array.isArray(r) ? r : [r];
        if (list.length !== nArgs) {
          throw new Error(`${name}: backward returned ${list.length} gradients, but forward took ${nArgs} arguments (return null for arguments without a gradient)`);
        }
        return list.map((g, i) => {
          if (g === null || g === undefined) return null;
          const shape = argShapes[i];
          if (!(g instanceof Tensor) || shape === null || shape === undefined) {
            throw new Error(`${name}: backward returned a gradient for argument ${i}, which is not a tensor`);
          }
          if (!sameShape(g.shape, shape)) {
            throw new RangeError(`${name}: backward returned a gradient of shape ${fmtShape(g.shape)} for argument ${i} of shape ${fmtShape(shape)}`);
          }
          return g;
        });
      },
    );
    toSave = [];
    node.onceDifferentiable = spec.onceDifferentiable ?? false;
    outs.forEach((o, i) => attach(o, node, i));
    return (Array.isArray(result) ? outs : outs[0]) as R;
  };
}
