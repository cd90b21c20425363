/**
 * A recorded op in the graph: where its gradients go (edges), what it saved, and its backward.
 * @module
 */
import type { DType } from '../dtype.js';
import type { Tensor } from '../tensor.js';

/** Where one input's gradient flows: into a producing node's output, or into a leaf's `.grad`. */
export type Edge = { readonly node: Node; readonly index: number } | { readonly leaf: Tensor } | null;

/** A hook on a gradient: may return a replacement. */
export type GradHook = (grad: Tensor) => Tensor | void;

/** A tensor saved for backward, with the version it had then (to catch in-place changes). */
export interface Saved {
  readonly tensor: Tensor;
  readonly version: number;
}

/** The vector-Jacobian product of a node: output grads in, input grads out (null: no gradient). */
export type Vjp = (grads: readonly Tensor[], saved: readonly Tensor[]) => readonly (Tensor | null)[];

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

  constructor(
    /** The op's name, e.g. `mul`, or a custom function's name. */
    readonly name: string,
    /** One edge per differentiable input. */
    readonly edges: readonly Edge[],
    /** Shape and dtype of each output, to build zero gradients for unused outputs. */
    readonly outputs: readonly { readonly shape: readonly number[]; readonly dtype: DType }[],
    saved: readonly Tensor[],
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

  /** The saved tensors, checked against in-place modification. */
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

  /** Frees the saved tensors (called after backward unless retainGraph). */
  release(): void {
    this.savedTensors = null;
  }
}
