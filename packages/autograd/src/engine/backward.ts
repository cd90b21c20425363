/**
 * The engine: an iterative topological walk from the outputs, gradients accumulated per node
 * output in a map, only the nodes on a path to the requested inputs, saved tensors released
 * afterwards unless `retainGraph`.
 *
 * Memory: on a backend with a heap (wasm), the gradients a backward pass computes (without
 * `createGraph`) are resident there, and each one goes back to the heap as soon as the pass no
 * longer holds it (it is in no node's pending gradients, no leaf's sum and no result), so a
 * training step reuses the same blocks every time instead of allocating fresh arrays. What leaves
 * the pass (a leaf's `.grad`, a retained gradient, a `grad()` result, what a hook saw) moves out to
 * an ordinary array at the end; user code (hooks, custom functions' backward) runs outside the
 * scope, so nothing it creates or keeps is ever freed under it.
 * @module
 */
import { getBackend } from '../backend/backend.js';
import { fmtShape, sameShape } from '../shape.js';
import { activeScope, outsideScope, withScope } from '../storage.js';
import type { Storage, StorageScope } from '../storage.js';
import { Tensor } from '../tensor.js';
import { enableGrad, isAnomalyEnabled, noGrad } from './mode.js';
import { Node } from './node.js';
import { ruleNodes } from './record.js';

/** Elements from which a backward pass's gradient is resident (smaller ones run the JS kernels anyway). */
let residentMin = 1024;

/** @internal Sets the fewest elements a backward pass's gradient needs to be resident; returns the previous value (see testing's setResidentThreshold). */
export function setResidentMin(n: number): number {
  const prev = residentMin;
  residentMin = n;
  return prev;
}

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

/**
 * Thrown in anomaly mode ({@link detectAnomaly}) when a backward rule produces NaN or Inf; the
 * message names the op and the line that created it.
 * @example
 * ```ts
 * const x = tensor([0], { requiresGrad: true });
 * try {
 *   detectAnomaly(() => x.sqrt().sum().backward());
 * } catch (e) {
 *   e instanceof AnomalyError; // true
 * }
 * ```
 */
export class AnomalyError extends Error {
  /** `'AnomalyError'`. */
  override name = 'AnomalyError';
}

/**
 * A gradient computed by a once-differentiable backward: usable as a value, but differentiating
 * through it throws (as PyTorch's DelayedError).
 */
function delayedError(g: Tensor, node: Node): Tensor {
  const out = g.detach();
  const err = new Node('DelayedError', node.edges, [{ shape: out.shape, dtype: out.dtype }], [], () => {
    throw new Error(
      `${node.name}: its backward is marked onceDifferentiable (written with raw kernels), so its gradient cannot be differentiated again; ` +
        'write the backward in tensor ops to get higher-order gradients',
    );
  });
  out._setGradFn(err, 0);
  return out;
}

/** Nodes reachable from `roots`, consumers before producers (iterative DFS: no recursion). */
function topoOrder(roots: readonly Node[]): Node[] {
  const post: Node[] = [];
  const seen = new Set<Node>();
  const stack: { node: Node; next: number }[] = [];
  for (const r of roots) {
    if (seen.has(r)) continue;
    seen.add(r);
    stack.push({ node: r, next: 0 });
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const edges = top.node.edges;
      let pushed = false;
      while (top.next < edges.length) {
        const e = edges[top.next++];
        if (e && 'node' in e && !seen.has(e.node)) {
          seen.add(e.node);
          stack.push({ node: e.node, next: 0 });
          pushed = true;
          break;
        }
      }
      if (!pushed) {
        stack.pop();
        post.push(top.node);
      }
    }
  }
  return post.reverse();
}

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

function hasNonFinite(t: Tensor): boolean {
  const a = t.toArray();
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i]!)) return true;
  return false;
}

interface Targets {
  /** Capture slots for requested inputs: leaf tensors, or (node, output index) for non-leaves. */
  leaves: Map<Tensor, number>;
  outputs: Map<Node, Map<number, number>>;
}

/**
 * Runs backward from `outputs`. Without `targets`, adds gradients into leaves' `.grad`; with them,
 * returns the gradient of each target instead.
 */
function run(
  op: string,
  outputs: readonly Tensor[],
  grads: readonly (Tensor | null)[],
  opts: BackwardOptions,
  targets: Targets | null,
  nTargets: number,
): (Tensor | null)[] {
  const createGraph = opts.createGraph ?? false;
  const retain = opts.retainGraph ?? createGraph;
  const result: (Tensor | null)[] = new Array<Tensor | null>(nTargets).fill(null);
  const buffers = new Map<Node, (Tensor | undefined)[]>();
  const add = (a: Tensor | null | undefined, b: Tensor): Tensor => (a === null || a === undefined ? b : a.add(b));

  // a leaf's gradient is summed over all its uses first; its hooks then see it once, complete
  const leafGrads = new Map<Tensor, Tensor>();
  const toLeaf = (leaf: Tensor, g: Tensor): void => {
    leafGrads.set(leaf, add(leafGrads.get(leaf), g));
  };
  // A new .grad must own its memory, as PyTorch's AccumulateGrad ensures: rules pass gradients
  // through as views (sum's is a stride-0 expand) and hand one tensor to several inputs (add's),
  // so an in-place change of one .grad (clipGradNorm_, add_) would hit others or repeat cells.
  const handedOut = new Set<Storage>(grads.flatMap((g) => (g === null ? [] : [g._storage])));
  const owned = (g: Tensor): Tensor => {
    const t = g.isContiguous() && !handedOut.has(g._storage) ? g : g.clone();
    handedOut.add(t._storage);
    return t;
  };
  const flushLeaf = (leaf: Tensor, g: Tensor): void => {
    for (const h of leaf._hooks) g = user([g], () => h(g)) ?? g;
    if (targets !== null) {
      const slot = targets.leaves.get(leaf);
      if (slot !== undefined) result[slot] = add(result[slot], g);
      return;
    }
    if (leaf.grad === null) leaf.grad = createGraph ? owned(g) : owned(g).detach();
    else leaf.grad = createGraph ? leaf.grad.add(g) : leaf.grad.add(g).detach();
  };
  const toNode = (node: Node, index: number, g: Tensor): void => {
    let buf = buffers.get(node);
    if (buf === undefined) buffers.set(node, (buf = new Array<Tensor | undefined>(node.outputs.length)));
    buf[index] = add(buf[index], g);
  };

  const roots: Node[] = [];
  const rootGrads = outputs.map((t, i) => rootGrad(t, grads[i] ?? null, op));
  outputs.forEach((t, i) => {
    if (!t.requiresGrad) throw new Error(`${op}: output ${i} does not require grad and has no gradFn`);
    const g = rootGrads[i]!;
    if (t.gradFn === null) toLeaf(t, g);
    else {
      roots.push(t.gradFn);
      toNode(t.gradFn, t._outputIndex, g);
    }
  });

  let order = topoOrder(roots);
  const useful = new Set<Node>();
  if (targets !== null) {
    // keep only nodes from which a target is reachable
    for (let i = order.length - 1; i >= 0; i--) {
      const n = order[i]!;
      if (targets.outputs.has(n) || n.edges.some((e) => e !== null && ('node' in e ? useful.has(e.node) : targets.leaves.has(e.leaf)))) useful.add(n);
    }
    order = order.filter((n) => useful.has(n));
  }

  // the gradients of this pass as resident storage (see the module comment), or null
  const heap = createGraph ? undefined : getBackend().heap;
  const scope: StorageScope | null = heap !== undefined && residentMin !== Infinity && activeScope() === null ? { heap, minNumel: residentMin, created: [] } : null;
  const escaped = new Set<Storage>();
  const escape = (t: Tensor | null | undefined): void => {
    if (t !== null && t !== undefined) escaped.add(t._storage);
  };
  /** User code in the pass: runs outside the scope; what it is given and returns leaves the pass. */
  const user = <T>(given: readonly (Tensor | null | undefined)[], f: () => T): T => {
    if (scope === null) return f();
    given.forEach(escape);
    const r = outsideScope(f);
    if (r instanceof Tensor) escape(r);
    return r;
  };
  /** Frees the pass's resident gradients that nothing holds any more. */
  const sweep = (): void => {
    if (scope === null || scope.created.length === 0) return;
    const held = new Set<Storage>(escaped);
    for (const buf of buffers.values()) for (const g of buf) if (g !== undefined) held.add(g._storage);
    for (const g of leafGrads.values()) held.add(g._storage);
    for (const g of result) if (g !== null) held.add(g._storage);
    const kept: Storage[] = [];
    for (const st of scope.created) {
      if (st.isFreed) continue;
      if (held.has(st)) kept.push(st);
      else st.free();
    }
    scope.created.length = 0;
    scope.created.push(...kept);
  };

  const step = (node: Node): void => {
    const buf = buffers.get(node);
    buffers.delete(node);
    if (buf === undefined) return;
    // hooks (and retainGrad) see the complete gradient of each output
    for (let i = 0; i < buf.length; i++) {
      let g = buf[i];
      if (g === undefined) continue;
      for (const h of node.hooks[i]!) g = user([g], () => h(g!)) ?? g;
      const retain = node.retainers[i];
      if (retain !== undefined) user([g], () => retain(g!));
      buf[i] = g;
      const slot = targets?.outputs.get(node)?.get(i);
      if (slot !== undefined) result[slot] = add(result[slot], g);
    }
    if (targets !== null && !node.edges.some((e) => e !== null && ('node' in e ? useful.has(e.node) : targets.leaves.has(e.leaf)))) return;
    // Array.from, not map: map skips the holes of the sparse buffer
    const full = Array.from(buf, (g, i) => g ?? Tensor.zeros(node.outputs[i]!.shape, node.outputs[i]!.dtype));
    const saved = node.unpack();
    const inGrads =
      createGraph && node.onceDifferentiable
        ? noGrad(() => node.vjp(full, saved)).map((g) => (g === null ? null : delayedError(g, node)))
        : ruleNodes.has(node)
          ? node.vjp(full, saved)
          : user(full, () => node.vjp(full, saved)).map((g) => (escape(g), g));
    if (!retain) node.release();
    if (isAnomalyEnabled()) {
      inGrads.forEach((g, i) => {
        if (g !== null && hasNonFinite(g)) {
          throw new AnomalyError(
            `Function '${node.name}' returned NaN or Inf values in its gradient for input ${i}. The forward op was created at:\n    ${node.trace ?? '(unknown: the op was recorded outside detectAnomaly)'}`,
          );
        }
      });
    }
    node.edges.forEach((e, i) => {
      const g = inGrads[i];
      if (e === null || g === null || g === undefined) return;
      if ('leaf' in e) toLeaf(e.leaf, g);
      else toNode(e.node, e.index, g);
    });
  };

  const walk = (): void => {
    for (const node of order) {
      step(node);
      sweep();
    }
    for (const [leaf, g] of leafGrads) flushLeaf(leaf, g);
  };
  if (createGraph) enableGrad(walk);
  else if (scope === null) noGrad(walk);
  else {
    try {
      noGrad(() => withScope(scope, walk));
    } finally {
      // what leaves the pass moves out to ordinary arrays; the rest goes back to the heap
      for (const leaf of leafGrads.keys()) escape(leaf.grad);
      result.forEach(escape);
      for (const st of scope.created) {
        if (st.isFreed) continue;
        if (escaped.has(st)) st.moveTo(null);
        else st.free();
      }
    }
  }
  return result;
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
  run('backward', outputs, grads, opts, null, 0);
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
  const targets: Targets = { leaves: new Map(), outputs: new Map() };
  ins.forEach((t, i) => {
    if (!t.requiresGrad) throw new Error(`grad: input ${i} does not require grad`);
    if (t.gradFn === null) targets.leaves.set(t, i);
    else {
      let m = targets.outputs.get(t.gradFn);
      if (m === undefined) targets.outputs.set(t.gradFn, (m = new Map()));
      m.set(t._outputIndex, i);
    }
  });
  const res = run('grad', outs, gradOutputs, opts, targets, ins.length);
  return res.map((g, i) => {
    if (g === null) {
      if (opts.allowUnused) return null;
      throw new Error(`grad: input ${i} was not used in the graph of the outputs; pass { allowUnused: true } to get null for it`);
    }
    return opts.createGraph ? g : g.detach();
  });
}
