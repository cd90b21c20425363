/**
 * The engine's core, the one loop of backpropagation. It orders the nodes reachable from the
 * outputs (consumers before producers, iteratively), then walks them once: for each node it takes
 * its buffered output gradients, now complete, runs its backward (vjp), routes the input gradients
 * on to the nodes and leaves that produced the inputs, and releases what it saved.
 *
 * What differs between `backward()` and `grad()` is a {@link Policy} (leaves.ts, targets.ts);
 * hooks, anomaly checks and once-differentiable backwards have their own files (hooks.ts,
 * anomaly.ts, vjp.ts).
 * @module
 */
import { ResidentScope } from '../storage.js';
import type { Storage } from '../storage.js';
import { Tensor } from '../tensor.js';
import { checkFinite } from './anomaly.js';
import type { BackwardOptions } from './backward.js';
import { leafGradHooks, outputGradHooks } from './hooks.js';
import { enableGrad, noGrad } from './mode.js';
import type { Edge, Node } from './node.js';
import { edgeOf } from './record.js';
import { callVjp } from './vjp.js';
import { backendHeap } from '../ops/prims.js';

/** Whether a backward pass keeps its gradients resident in the backend's heap (see the note in walk). */
const RESIDENT_BACKWARD = false;

/** Where the walk starts: an output and its gradient (checked and cast by the caller). */
export interface Seed {
  readonly tensor: Tensor;
  readonly grad: Tensor;
}

/** What the caller of the walk decides: which nodes run, and where complete gradients go. */
export interface Policy {
  /** Drops the nodes whose gradients nobody asked for; `order` is consumers first. */
  prune(order: readonly Node[]): readonly Node[];
  /** Whether the gradients of `node`'s inputs are wanted (if not, its vjp is skipped). */
  wantsInputGrads(node: Node): boolean;
  /** Whether gradients reaching `leaf` are wanted (if not, they are dropped, and its hooks do not run). */
  wantsLeaf(leaf: Tensor): boolean;
  /** Receives the complete gradient of output `index` of `node`, after its hooks. */
  nodeGrad(node: Node, index: number, grad: Tensor): void;
  /** Receives the complete gradient of a leaf, summed over its uses, after its hooks. */
  leafGrad(leaf: Tensor, grad: Tensor): void;
  /** The gradients it keeps (to return them), if any. */
  holds?(): readonly (Tensor | null)[];
}

/** The storages of the gradients in `grads`. */
function* storagesOf(grads: Iterable<Tensor | null | undefined>): Generator<Storage> {
  for (const g of grads) if (g !== null && g !== undefined) yield g._storage;
}

/** `a + b`, where a missing `a` counts as zero: how gradients from several uses are summed. */
export function accumulate(a: Tensor | null | undefined, b: Tensor): Tensor {
  return a === null || a === undefined ? b : a.add(b);
}

/** Nodes reachable from `roots`, consumers before producers (iterative DFS: no recursion). */
export function topoOrder(roots: readonly Node[]): Node[] {
  const post: Node[] = [];
  const seen = new Set<Node>();
  for (const root of roots) {
    if (seen.has(root)) continue;
    seen.add(root);
    const stack = [{ node: root, next: 0 }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      if (top.next === top.node.edges.length) {
        post.push(stack.pop()!.node); // every producer is in: emit
        continue;
      }
      const e = top.node.edges[top.next++];
      if (e && 'node' in e && !seen.has(e.node)) {
        seen.add(e.node);
        stack.push({ node: e.node, next: 0 });
      }
    }
  }
  return post.reverse();
}

/** Backpropagates from `seeds`, handing every complete gradient to `policy`. */
export function walk(seeds: readonly Seed[], policy: Policy, opts: BackwardOptions): void {
  const createGraph = opts.createGraph ?? false;
  const retainGraph = opts.retainGraph ?? createGraph;
  // buffer: a node's output gradients, summed over its consumers; complete when the walk reaches it
  const nodeGrads = new Map<Node, (Tensor | undefined)[]>();
  // a leaf's gradient is summed over all its uses first; its hooks then see it once, complete
  const leafGrads = new Map<Tensor, Tensor>();
  const route = (e: NonNullable<Edge>, g: Tensor): void => {
    if ('leaf' in e) {
      if (policy.wantsLeaf(e.leaf)) leafGrads.set(e.leaf, accumulate(leafGrads.get(e.leaf), g));
      return;
    }
    let buf = nodeGrads.get(e.node);
    if (buf === undefined) nodeGrads.set(e.node, (buf = new Array<Tensor | undefined>(e.node.outputs.length)));
    buf[e.index] = accumulate(buf[e.index], g);
  };
  for (const s of seeds) route(edgeOf(s.tensor)!, s.grad);
  const roots = seeds.flatMap((s) => (s.tensor.gradFn === null ? [] : [s.tensor.gradFn]));
  const order = policy.prune(topoOrder(roots));

  const loop = (): void => {
    for (const node of order) {
      const buf = nodeGrads.get(node);
      nodeGrads.delete(node);
      if (buf === undefined) continue; // no gradient reached it
      // hooks: each output's gradient is complete now; hooks and retainGrad see it, grad() may keep it
      for (let i = 0; i < buf.length; i++) {
        if (buf[i] === undefined) continue;
        buf[i] = outputGradHooks(node, i, buf[i]!);
        policy.nodeGrad(node, i, buf[i]!);
      }
      // prune: nothing wanted lies behind this node
      if (!policy.wantsInputGrads(node)) continue;
      // vjp: an output no gradient reached counts as zero (Array.from, not map: map skips holes)
      const full = Array.from(buf, (g, i) => g ?? Tensor.zeros(node.outputs[i]!.shape, node.outputs[i]!.dtype));
      const inGrads = callVjp(node, full, createGraph);
      // release: free the saved tensors, unless the graph is to be walked again
      if (!retainGraph) node.release();
      checkFinite(node, inGrads);
      // route: each input's gradient to the node or leaf that produced the input
      node.edges.forEach((e, i) => {
        const g = inGrads[i];
        if (e !== null && g !== null && g !== undefined) route(e, g);
      });
      // free: the resident gradients nothing holds any more go back to the heap
      mem?.sweep([...storagesOf([...nodeGrads.values()].flat()), ...storagesOf(leafGrads.values()), ...storagesOf(policy.holds?.() ?? [])]);
    }
    for (const [leaf, g] of leafGrads) policy.leafGrad(leaf, leafGradHooks(leaf, g));
  };
  // createGraph: record the backward itself, so its results can be differentiated again; else the
  // pass's gradients are resident in the backend's heap (storage.ts), and what leaves it moves out
  // (off for now: under a loaded full test run a convolution's input gradient came out as garbage
  // once the pass's gradients were resident, a block given back while still read; not yet found)
  const mem = createGraph || !RESIDENT_BACKWARD ? null : ResidentScope.open(backendHeap());
  if (createGraph) enableGrad(loop);
  else if (mem === null) noGrad(loop);
  else mem.run(() => noGrad(loop), () => storagesOf([...[...leafGrads.keys()].map((l) => l.grad), ...(policy.holds?.() ?? [])]));
}
