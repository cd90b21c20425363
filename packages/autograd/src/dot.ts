/**
 * Graphviz export of the recorded graph.
 * @module
 */
import type { Node } from './engine/node.js';
import type { Tensor } from './tensor.js';

/**
 * The graph that produced `t`, as Graphviz DOT: one box per op (name, output shape and dtype),
 * one ellipse per leaf that requires grad, edges from inputs to the ops that use them.
 * @param t - a tensor with a recorded history.
 * @returns DOT text (render with `dot -Tsvg`).
 * @example
 * ```ts
 * import { tensor, toDot } from '@chainrule/autograd';
 * const x = tensor([1, 2], { requiresGrad: true });
 * console.log(toDot(x.mul(2).sum()));
 * ```
 */
export function toDot(t: Tensor): string {
  const lines = ['digraph chainrule {', '  rankdir=BT;', '  node [fontname="Helvetica", fontsize=10];'];
  const ids = new Map<Node | Tensor, string>();
  const id = (k: Node | Tensor, label: string, shape: string): string => {
    let s = ids.get(k);
    if (s === undefined) {
      s = `n${ids.size}`;
      ids.set(k, s);
      lines.push(`  ${s} [label="${label}", shape=${shape}];`);
    }
    return s;
  };
  const meta = (shape: readonly number[], dtype: string): string => `[${shape.join(', ')}] ${dtype}`;
  // a custom op's name may hold quotes or backslashes: escape them inside the DOT string
  const esc = (s: string): string => s.replace(/["\\]/g, (c) => `\\${c}`);
  if (t.gradFn === null) {
    id(t, `leaf\\n${meta(t.shape, t.dtype)}`, 'ellipse');
    lines.push('}');
    return lines.join('\n');
  }
  const stack: Node[] = [t.gradFn];
  const seen = new Set<Node>(stack);
  while (stack.length > 0) {
    const node = stack.pop()!;
    const label = `${esc(node.name)}\\n${node.outputs.map((o) => meta(o.shape, o.dtype)).join('\\n')}`;
    const me = id(node, label, 'box');
    for (const e of node.edges) {
      if (e === null) continue;
      if ('leaf' in e) {
        lines.push(`  ${id(e.leaf, `leaf\\n${meta(e.leaf.shape, e.leaf.dtype)}`, 'ellipse')} -> ${me};`);
      } else {
        const other = id(e.node, `${esc(e.node.name)}\\n${e.node.outputs.map((o) => meta(o.shape, o.dtype)).join('\\n')}`, 'box');
        lines.push(`  ${other} -> ${me};`);
        if (!seen.has(e.node)) {
          seen.add(e.node);
          stack.push(e.node);
        }
      }
    }
  }
  lines.push('}');
  return lines.join('\n');
}
