/**
 * A recorded op in the graph: where its gradients go (edges), what it saved, and its backward.
 * @module
 */
import type { DType } from '../dtype.js';
import type { Tensor } from '../tensor.js';

/**
 * Where one input's gradient flows: into output `index` of the node that produced the input, into
 * a leaf's `.grad`, or nowhere (null: the input needs no gradient).
 * @example
 * ```ts
 * const w = tensor([1, 2], { requiresGrad: true });
 * const y = w.mul(2).exp();
 * const [e] = y.gradFn!.edges;
 * e && 'node' in e ? e.node.name : null; // 'mul'
 * ```
 */
export type Edge = { readonly node: Node; readonly index: number } | { readonly leaf: Tensor } | null;

/**
 * A function called with a gradient during backward (see {@link Tensor.registerHook}); it may
 * return a replacement.
 * @example
 * ```ts
 * const clip: GradHook = (g) => g.clamp(-1, 1);
 * const x = tensor([3], { requiresGrad: true });
 * x.registerHook(clip);
 * x.mul(5).sum().backward();
 * x.grad; // tensor([1.])
 * ```
 */
export type GradHook = (grad: Tensor) => Tensor | void;

/** A tensor saved for backward, with the version it had then (to catch in-place changes). */
export interface Saved {
  readonly tensor: Tensor;
  readonly version: number;
}

/**
 * The backward of a {@link Node}, a vector-Jacobian product: the gradients of its outputs and its
 * saved tensors in, one gradient per input out (null for inputs without one).
 * @example
 * ```ts
 * const x = tensor([1, 2], { requiresGrad: true });
 * const node = x.mul(x).gradFn!;
 * const vjp: Vjp = node.vjp;
 * noGrad(() => vjp([tensor([1, 1])], node.unpack())).map(String); // ['tensor([1., 2.])', 'tensor([1., 2.])']
 * ```
 */
export type Vjp = (grads: readonly Tensor[], saved: readonly Tensor[]) => readonly (Tensor | null)[];

/**
 * A recorded op in the graph, like PyTorch's `grad_fn` objects: its name, where the gradients of
 * its inputs go ({@link Node.edges}), the tensors it saved, and its backward ({@link Node.vjp}).
 * Read it from {@link Tensor.gradFn}; the engine walks these nodes in {@link Tensor.backward}.
 * @example
 * ```ts
 * const x = tensor([1, 2], { requiresGrad: true });
 * const y = x.mul(2).sum();
 * y.gradFn?.name; // 'sum'
 * y.gradFn?.outputs[0]?.shape; // []
 * ```
 */
export class Node {
  /** Hooks per output index, run on the gradient flowing into that output before it is used. */
  readonly hooks: GradHook[][];
  /** Per output, what `retainGrad()` stores the gradient with: run after all of that output's hooks. */
  readonly retainers: (((grad: Tensor) => void) | undefined)[];
  private savedTensors: Saved[] | null;
  /** Where user code created this op, recorded in anomaly mode. */
  trace: string | null = null;
  /** Set by custom functions whose backward is not itself differentiable. */
  onceDifferentiable = false;

  /**
   * Nodes are created by the ops and by {@link defineFunction}, not by users.
   * @param name - the op's name, e.g. `mul`, or a custom function's name.
   * @param edges - one edge per input.
   * @param outputs - the shape and dtype of each output.
   * @param saved - the tensors its backward needs.
   * @param vjp - its backward.
   */
  constructor(
    /** The op's name, e.g. `mul`, or a custom function's name. */
    readonly name: string,
    /** One edge per differentiable input. */
    readonly edges: readonly Edge[],
    /** Shape and dtype of each output, to build zero gradients for unused outputs. */
    readonly outputs: readonly { readonly shape: readonly number[]; readonly dtype: DType }[],
    saved: readonly Tensor[],
    /** The backward: output gradients and saved tensors in, input gradients out. */
    readonly vjp: Vjp,
  ) {
    this.hooks = outputs.map(() => []);
    this.retainers = outputs.map(() => undefined);
    this.savedTensors = saved.map((t) => ({ tensor: t, version: t._storage.version }));
  }

  /** True once backward has freed the saved tensors. */
  get released(): boolean {
    return this.savedTensors === null;
  }

  /**
   * The saved tensors, checked against in-place modification since they were saved.
   * @returns the saved tensors.
   * @throws Error when they were freed by a backward without `retainGraph`, or one was modified in place.
   * @example
   * ```ts
   * const x = tensor([1, 2], { requiresGrad: true });
   * const y = x.mul(x);
   * y.gradFn!.unpack().length; // 2
   * noGrad(() => x.add_(1));
   * y.gradFn!.unpack(); // throws Error: modified by an in-place operation
   * ```
   */
  unpack(): Tensor[] {
    if (this.savedTensors === null) {
      throw new Error(
        `${this.name}: trying to backward through the graph a second time (or to use saved tensors after they were freed). ` +
          'Pass { retainGraph: true } to the first backward() or grad() call if you need to backward twice.',
      );
    }
    return this.savedTensors.map(({ tensor, version }, i) => {
      const now = tensor._storage.version;
      if (now !== version) {
        throw new Error(
          `${this.name}: one of the tensors needed for gradient computation has been modified by an in-place operation: ` +
            `saved input ${i} (${tensor.dtype} ${JSON.stringify(tensor.shape)}) was at version ${version} and is now at version ${now}. ` +
            'Use an out-of-place op (e.g. add instead of add_) before backward.',
        );
      }
      return tensor;
    });
  }

  /**
   * Frees the saved tensors; the engine calls it after backward unless `retainGraph`.
   * @example
   * ```ts
   * const x = tensor([1, 2], { requiresGrad: true });
   * const y = x.square().sum();
   * y.backward();
   * y.gradFn!.released; // true
   * y.backward(); // throws Error: backward through the graph a second time
   * ```
   */
  release(): void {
    this.savedTensors = null;
  }
}
