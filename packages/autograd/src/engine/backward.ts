/**
 * The engine's entry points: `backward()` adds gradients into leaves' `.grad`, `grad()` returns
 * them. Both check the outputs and their gradients, then walk the graph with the core loop
 * (core.ts) under their own policy (leaves.ts, targets.ts).
 * @module
 */
import { fmtShape, sameShape } from '../shape.js';
import { Tensor } from '../tensor.js';
import { walk } from './core.js';
import type { Seed } from './core.js';
import { AccumulateGrad } from './leaves.js';
import { CaptureGrads } from './targets.js';

/**
 * Options of {@link Tensor.backward} and {@link backward}.
 * @example
 * ```ts
 * const x = tensor([1, 2], { requiresGrad: true });
 * const y = x.square().sum();
 * y.backward(null, { retainGraph: true });
 * y.backward(); // a second pass works because the first kept the graph
 * x.grad; // tensor([4., 8.])
 * ```
 */
export interface BackwardOptions {
  /** Keep the saved tensors so that the graph can be backpropagated again (default: `createGraph`). */
  retainGraph?: boolean;
  /** Record the backward pass itself, so the gradients can be differentiated again. */
  createGraph?: boolean;
}

/**
 * Options of {@link grad}.
 * @example
 * ```ts
 * const x = tensor([1, 2], { requiresGrad: true });
 * const y = x.mul(3);
 * grad(y, x, { gradOutputs: tensor([1, -1]) })[0]; // tensor([ 3., -3.])
 * ```
 */
export interface GradOptions extends BackwardOptions {
  /** The gradients of the outputs (required for outputs with more than one element). */
  gradOutputs?: readonly (Tensor | null)[] | Tensor | null;
  /** Return null for inputs the outputs do not depend on, instead of throwing. */
  allowUnused?: boolean;
}

/** The gradient an output starts from: `grad`, checked and cast, or 1 for a one-element output. */
function rootGrad(t: Tensor, g: Tensor | null, op: string): Tensor {
  if (g === null) {
    if (t.numel() !== 1) {
      throw new Error(`${op}: grad can be implicitly created only for scalar outputs; pass a gradient of shape ${fmtShape(t.shape)}`);
    }
    return Tensor.scalar(1, t.dtype).expand(t.shape).contiguous();
  }
  if (!sameShape(g.shape, t.shape)) {
    throw new RangeError(`${op}: the gradient has shape ${fmtShape(g.shape)} but the output has shape ${fmtShape(t.shape)}`);
  }
  return g.dtype === t.dtype ? g : g.to(t.dtype);
}

/** The outputs with their starting gradients; throws for an output that has no graph. */
function seedsOf(op: string, outputs: readonly Tensor[], grads: readonly (Tensor | null)[]): Seed[] {
  const seeds = outputs.map((tensor, i) => ({ tensor, grad: rootGrad(tensor, grads[i] ?? null, op) }));
  seeds.forEach(({ tensor }, i) => {
    if (!tensor.requiresGrad) throw new Error(`${op}: output ${i} does not require grad and has no gradFn`);
  });
  return seeds;
}

/**
 * Backpropagates from several outputs at once into every leaf's `.grad`, like
 * `torch.autograd.backward` (see {@link Tensor.backward} for one output).
 * @param outputs - the tensors to differentiate.
 * @param grads - one gradient per output (null for an output with one element).
 * @param opts - `retainGraph`, `createGraph`.
 * @throws Error when an output needs no grad, a gradient is missing for a non-scalar output, or
 *   the graph was freed by an earlier backward.
 * @throws RangeError when a gradient's shape differs from its output's.
 * @example
 * ```ts
 * const x = tensor([1, 2], { requiresGrad: true });
 * backward([x.sum(), x.mul(10)], [null, tensor([1, 0])]);
 * x.grad; // tensor([11.,  1.])
 * ```
 */
export function backward(outputs: readonly Tensor[], grads: readonly (Tensor | null)[], opts: BackwardOptions = {}): void {
  const seeds = seedsOf('backward', outputs, grads);
  walk(seeds, new AccumulateGrad(grads, opts.createGraph ?? false), opts);
}

/**
 * The gradients of `outputs` with respect to `inputs`, returned rather than accumulated, like
 * `torch.autograd.grad`. With `createGraph` the results are differentiable again (grad of grad).
 * @param outputs - a tensor or tensors to differentiate.
 * @param inputs - a tensor or tensors to differentiate with respect to.
 * @param opts - `gradOutputs`, `createGraph`, `retainGraph`, `allowUnused`.
 * @returns one gradient per input (null for unused inputs with `allowUnused`).
 * @throws Error when an input is not used by the outputs (unless `allowUnused`) or does not
 *   require grad, or when the graph was freed by an earlier backward.
 * @throws RangeError when the number or shapes of `gradOutputs` do not match the outputs.
 * @example
 * ```ts
 * import { grad, tensor } from '@chainrule/autograd';
 * const x = tensor([2], { requiresGrad: true, dtype: 'float64' });
 * const y = x.pow(3).sum();
 * const [dy] = grad(y, x, { createGraph: true }); // 3x² = 12
 * dy; // tensor([12.], dtype=torch.float64, grad_fn=<WhereBackward0>)
 * const [d2y] = grad(dy!.sum(), x); // 6x = 12
 * d2y; // tensor([12.], dtype=torch.float64)
 * ```
 */
export function grad(outputs: Tensor | readonly Tensor[], inputs: Tensor | readonly Tensor[], opts: GradOptions = {}): (Tensor | null)[] {
  const outs = outputs instanceof Tensor ? [outputs] : [...outputs];
  const ins = inputs instanceof Tensor ? [inputs] : [...inputs];
  const go = opts.gradOutputs;
  const gradOutputs = go === undefined || go === null ? outs.map(() => null) : go instanceof Tensor ? [go] : [...go];
  if (gradOutputs.length !== outs.length) {
    throw new RangeError(`grad: got ${gradOutputs.length} gradOutputs for ${outs.length} outputs`);
  }
  const targets = new CaptureGrads(ins);
  walk(seedsOf('grad', outs, gradOutputs), targets, opts);
  return targets.result.map((g, i) => {
    if (g === null) {
      if (opts.allowUnused) return null;
      throw new Error(`grad: input ${i} was not used in the graph of the outputs; pass { allowUnused: true } to get null for it`);
    }
    return opts.createGraph ? g : g.detach();
  });
}
