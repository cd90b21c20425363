/**
 * Custom differentiable ops in the spirit of `torch.autograd.Function`.
 * @module
 */
import { attach, edgeOf, needsRecording } from './engine/record.js';
import { noGrad } from './engine/mode.js';
import { Node } from './engine/node.js';
import { fmtShape, sameShape } from './shape.js';
import { Tensor } from './tensor.js';

/** The context a custom function's forward fills and its backward reads. Extra fields may be set freely (`ctx.dim = 1`). */
export interface FunctionCtx {
  /** Saves tensors for backward (they are checked against later in-place changes). */
  saveForBackward(...tensors: Tensor[]): void;
  /** The saved tensors, in the order given to {@link FunctionCtx.saveForBackward}. */
  readonly saved: readonly Tensor[];
  /** For each forward argument: whether it is a tensor that needs a gradient. */
  readonly needsInputGrad: readonly boolean[];
  /** Anything else forward wants to hand to backward. */
  [key: string]: unknown;
}

/** The definition of a custom op for {@link defineFunction}. */
export interface FunctionSpec<A extends unknown[], R extends Tensor | Tensor[]> {
  /** Shown in errors, anomaly reports and {@link toDot}. */
  name: string;
  /** Computes the outputs (grad mode is off inside). Receives the call's arguments as given. */
  forward(ctx: FunctionCtx, ...args: A): R;
  /**
   * Receives one gradient per output and returns one gradient per forward argument (null or
   * undefined for arguments without one; a single tensor when there is one argument). Written in
   * tensor ops, it is itself differentiable, so double backward works.
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
 * @throws Error at backward time when backward returns the wrong number of gradients or a gradient of the wrong shape.
 * @example
 * ```ts
 * import { defineFunction, gradcheck, tensor } from '@chainrule/autograd';
 * const cube = defineFunction({
 *   name: 'cube',
 *   forward(ctx, x: Tensor) { ctx.saveForBackward(x); return x.pow(3); },
 *   backward(ctx, g) { const [x] = ctx.saved; return [g.mul(x!.square()).mul(3)]; },
 * });
 * const x = tensor([1, 2], { dtype: 'float64', requiresGrad: true });
 * gradcheck(cube, [x]); // true
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
