/**
 * einsum and tensordot, composed from diagonal, sum, permute, reshape, mul and the batched matmul
 * (so every gradient, and the gradient of a gradient, follows from those).
 * @module
 */
import { promoteTypes } from '../dtype.js';
import { fmtShape, normDim, numelOf } from '../shape.js';
import type { Tensor } from '../tensor.js';

/** A tensor with a label per dim. */
interface Labelled {
  t: Tensor;
  labels: string[];
}

const LETTER = /^[a-zA-Z]$/;

/** The labels of one side of an equation: letters, and '...' once at most (kept as one '…' marker). */
function parseTerm(term: string, what: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < term.length; i++) {
    if (term.startsWith('...', i)) {
      if (out.includes('…')) throw new RangeError(`einsum: ${what} has more than one ellipsis ('...')`);
      out.push('…');
      i += 2;
    } else if (LETTER.test(term[i]!)) out.push(term[i]!);
    else throw new RangeError(`einsum: invalid subscript '${term[i]}' in ${what}: subscripts are letters a-z, A-Z and '...'`);
  }
  return out;
}

/** Labels for the ellipsis dims: the broadcast dims, right-aligned across operands ('…0' is the first). */
const ellipsisLabels = (count: number, total: number): string[] => Array.from({ length: count }, (_, j) => `…${total - count + j}`);

/** Sums out of `a` the labels not in `keep`. */
function sumOut(a: Labelled, keep: ReadonlySet<string>): Labelled {
  const axes = a.labels.flatMap((l, d) => (keep.has(l) ? [] : [d]));
  if (axes.length === 0) return a;
  return { t: a.t.sum(axes), labels: a.labels.filter((l) => keep.has(l)) };
}

/** `a` with its dims in the order of `labels` (each of them present), each expanded to `size`. */
function arrange(a: Labelled, labels: readonly string[], size: ReadonlyMap<string, number>): Tensor {
  const t = a.t.permute(labels.map((l) => a.labels.indexOf(l)));
  return t.expand(labels.map((l) => size.get(l)!));
}

/** The product of `a` and `b`, summed over their shared labels that are not in `keep`. */
function contract(a: Labelled, b: Labelled, keep: ReadonlySet<string>, size: ReadonlyMap<string, number>): Labelled {
  const inB = new Set(b.labels);
  const inA = new Set(a.labels);
  const batch = a.labels.filter((l) => inB.has(l) && keep.has(l));
  const summed = a.labels.filter((l) => inB.has(l) && !keep.has(l));
  const freeA = a.labels.filter((l) => !inB.has(l));
  const freeB = b.labels.filter((l) => !inA.has(l));
  const sizes = (ls: readonly string[]): number[] => ls.map((l) => size.get(l)!);
  const labels = [...batch, ...freeA, ...freeB];
  if (summed.length === 0) {
    // no sum: a broadcasting product
    const ta = arrange(a, [...batch, ...freeA], size).reshape([...sizes(batch), ...sizes(freeA), ...freeB.map(() => 1)]);
    const tb = arrange(b, [...batch, ...freeB], size).reshape([...sizes(batch), ...freeA.map(() => 1), ...sizes(freeB)]);
    return { t: ta.mul(tb), labels };
  }
  const [nb, na, nc, nbb] = [batch, freeA, summed, freeB].map((ls) => numelOf(sizes(ls))) as [number, number, number, number];
  const ta = arrange(a, [...batch, ...freeA, ...summed], size).reshape([nb, na, nc]);
  const tb = arrange(b, [...batch, ...summed, ...freeB], size).reshape([nb, nc, nbb]);
  return { t: ta.matmul(tb).reshape(sizes(labels)), labels };
}

/** `a` with each repeated label replaced by the diagonal over its dims. */
function diagonals(a: Labelled, k: number): Labelled {
  let { t, labels } = a;
  for (;;) {
    const i = labels.findIndex((l, j) => labels.indexOf(l) !== j);
    if (i < 0) return { t, labels };
    const first = labels.indexOf(labels[i]!);
    if (t.shape[first] !== t.shape[i]) {
      throw new RangeError(`einsum: subscript ${labels[i]} is repeated for operand ${k} but the sizes don't match, ${t.shape[first]} != ${t.shape[i]}`);
    }
    t = t.diagonal(0, first, i);
    labels = [...labels.filter((_, j) => j !== first && j !== i), labels[i]!];
  }
}

/** Sums of products over the labels of an equation such as `'bij,bjk->bik'`, as torch.einsum. */
export function einsum(equation: string, operands: readonly Tensor[]): Tensor {
  const eq = equation.replace(/\s+/g, '');
  const arrow = eq.indexOf('->');
  if (arrow !== eq.lastIndexOf('->')) throw new RangeError(`einsum: the equation '${equation}' has more than one '->'`);
  const terms = (arrow < 0 ? eq : eq.slice(0, arrow)).split(',');
  if (terms.length !== operands.length) throw new RangeError(`einsum: the equation '${equation}' has ${terms.length} operands, got ${operands.length} tensors`);
  const parsed = terms.map((t, k) => parseTerm(t, `operand ${k}`));
  const ellipsis = Math.max(
    0,
    ...parsed.map((ls, k) => {
      const n = operands[k]!.ndim;
      const letters = ls.filter((l) => l !== '…').length;
      if (ls.includes('…') ? n < letters : n !== letters) {
        throw new RangeError(`einsum: the subscripts '${terms[k]}' of operand ${k} do not fit its ${n} dims (shape ${fmtShape(operands[k]!.shape)})`);
      }
      return ls.includes('…') ? n - letters : 0;
    }),
  );
  const dtype = operands.map((o) => o.dtype).reduce(promoteTypes);
  let ops: Labelled[] = parsed.map((ls, k) => {
    const t = operands[k]!.to(dtype);
    const labels = ls.flatMap((l) => (l === '…' ? ellipsisLabels(t.ndim - (ls.length - 1), ellipsis) : [l]));
    return diagonals({ t, labels }, k);
  });
  // the size of each label: equal, or 1 (broadcast)
  const size = new Map<string, number>();
  ops.forEach((o, k) =>
    o.labels.forEach((l, d) => {
      const s = o.t.shape[d]!;
      const seen = size.get(l);
      if (seen !== undefined && seen !== s && seen !== 1 && s !== 1) {
        throw new RangeError(`einsum: subscript ${l.startsWith('…') ? '...' : l} has size ${s} for operand ${k} which does not broadcast with previously seen size ${seen}`);
      }
      if (seen === undefined || seen === 1) size.set(l, s);
    }),
  );
  let output: string[];
  if (arrow >= 0) {
    const ls = parseTerm(eq.slice(arrow + 2), 'the output');
    output = ls.flatMap((l) => (l === '…' ? ellipsisLabels(ellipsis, ellipsis) : [l]));
    output.forEach((l, j) => {
      if (output.indexOf(l) !== j) throw new RangeError(`einsum: output subscript ${l} appears more than once`);
      if (!size.has(l) && !l.startsWith('…')) throw new RangeError(`einsum: output subscript ${l} does not appear in any operand`);
    });
  } else {
    const counts = new Map<string, number>();
    for (const ls of parsed) for (const l of ls) if (l !== '…') counts.set(l, (counts.get(l) ?? 0) + 1);
    output = [...ellipsisLabels(ellipsis, ellipsis), ...[...counts].filter(([, n]) => n === 1).map(([l]) => l).sort()];
  }
  // labels no other operand nor the output needs are summed out first; then left to right, pairwise
  const needed = (skip: number): Set<string> => new Set([...output, ...ops.flatMap((o, k) => (k === skip ? [] : o.labels))]);
  ops = ops.map((o, k) => sumOut(o, needed(k)));
  let acc = ops[0]!;
  for (let k = 1; k < ops.length; k++) acc = contract(acc, ops[k]!, new Set([...output, ...ops.slice(k + 1).flatMap((o) => o.labels)]), size);
  acc = sumOut(acc, new Set(output));
  // an output ellipsis dim no operand has (size 1 everywhere) is added
  const t = acc.t.reshape([...acc.t.shape, ...output.filter((l) => !acc.labels.includes(l)).map(() => 1)]);
  const labels = [...acc.labels, ...output.filter((l) => !acc.labels.includes(l))];
  return t.permute(output.map((l) => labels.indexOf(l))).expand(output.map((l) => size.get(l) ?? 1));
}

/** The sum of products over dims `dims` of `a` and `b` (the last n of a with the first n of b), as torch.tensordot. */
export function tensordot(a: Tensor, b: Tensor, dims: number | readonly [readonly number[], readonly number[]] = 2): Tensor {
  let da: number[];
  let db: number[];
  if (typeof dims === 'number') {
    if (!Number.isInteger(dims) || dims < 0 || dims > a.ndim || dims > b.ndim) throw new RangeError(`tensordot: dims ${dims} must be an integer in [0, ${Math.min(a.ndim, b.ndim)}]`);
    da = Array.from({ length: dims }, (_, i) => a.ndim - dims + i);
    db = Array.from({ length: dims }, (_, i) => i);
  } else {
    if (dims.length !== 2 || dims[0].length !== dims[1].length) throw new RangeError('tensordot: dims must be a number or two lists of dims of the same length');
    da = dims[0].map((d) => normDim(d, a.ndim, 'tensordot'));
    db = dims[1].map((d) => normDim(d, b.ndim, 'tensordot'));
  }
  da.forEach((d, i) => {
    if (a.shape[d] !== b.shape[db[i]!]) throw new RangeError(`tensordot: contracted dims don't match: dim ${d} of a has size ${a.shape[d]}, dim ${db[i]} of b has size ${b.shape[db[i]!]}`);
  });
  const freeA = a.shape.map((_, d) => d).filter((d) => !da.includes(d));
  const freeB = b.shape.map((_, d) => d).filter((d) => !db.includes(d));
  const k = numelOf(da.map((d) => a.shape[d]!));
  const dtype = promoteTypes(a.dtype, b.dtype);
  const ta = a.to(dtype).permute([...freeA, ...da]).reshape([numelOf(freeA.map((d) => a.shape[d]!)), k]);
  const tb = b.to(dtype).permute([...db, ...freeB]).reshape([k, numelOf(freeB.map((d) => b.shape[d]!))]);
  return ta.matmul(tb).reshape([...freeA.map((d) => a.shape[d]!), ...freeB.map((d) => b.shape[d]!)]);
}
