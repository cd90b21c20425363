/**
 * PyTorch-style printing of tensors.
 * @module
 */
import type { Tensor } from './tensor.js';

function formatter(values: number[], floating: boolean): (v: number) => string {
  if (!floating) return (v) => String(v);
  const finite = values.filter((v) => Number.isFinite(v));
  const allInt = finite.every((v) => Number.isInteger(v));
  const absMax = Math.max(0, ...finite.map(Math.abs));
  const nonzero = finite.filter((v) => v !== 0).map(Math.abs);
  const absMin = nonzero.length > 0 ? Math.min(...nonzero) : 0;
  const special = (v: number): string | null => (Number.isNaN(v) ? 'nan' : v === Infinity ? 'inf' : v === -Infinity ? '-inf' : null);
  if (allInt && absMax < 1e8) return (v) => special(v) ?? `${v}.`;
  if (absMax >= 1e8 || (absMin > 0 && absMin < 1e-4) || (absMin > 0 && absMax / absMin > 1000 && absMax > 1e3)) {
    return (v) => special(v) ?? v.toExponential(4).replace(/e([+-])(\d)$/, 'e$10$2');
  }
  return (v) => special(v) ?? v.toFixed(4);
}

/** `tensor([[1., 2.], [3., 4.]], dtype=float64, requires_grad=True)`, as PyTorch prints. */
export function formatTensor(t: Tensor): string {
  const flat = Array.from(t.toArray());
  const floating = t.dtype === 'float32' || t.dtype === 'float64';
  const fmt = t.dtype === 'bool' ? (v: number) => (v ? 'True' : 'False') : formatter(flat, floating);
  const strs = flat.map(fmt);
  const width = Math.max(0, ...strs.map((s) => s.length));
  const pad = (s: string): string => s.padStart(width);
  const indent = 'tensor('.length;
  const build = (d: number, at: number): string => {
    if (t.ndim === 0) return strs[0]!;
    const n = t.shape[d]!;
    const step = t.shape.slice(d + 1).reduce((a, b) => a * b, 1);
    const items: string[] = [];
    const limit = n > 1000 / Math.max(1, step) && n > 6;
    for (let i = 0; i < n; i++) {
      if (limit && i === 3) {
        items.push('...');
        i = n - 4;
        continue;
      }
      items.push(d === t.ndim - 1 ? pad(strs[at + i]!) : build(d + 1, at + i * step));
    }
    const sep = d === t.ndim - 1 ? ', ' : ',' + '\n'.repeat(t.ndim - 1 - d) + ' '.repeat(indent + d + 1);
    return `[${items.join(sep)}]`;
  };
  const extras: string[] = [];
  if (t.dtype === 'float64' || t.dtype === 'int32' ) extras.push(`dtype=${t.dtype}`);
  // PyTorch names the node class: MulBackward0, SumBackward0, ...
  if (t.gradFn !== null) extras.push(`grad_fn=<${t.gradFn.name.charAt(0).toUpperCase()}${t.gradFn.name.slice(1)}Backward0>`);
  else if (t.requiresGrad) extras.push('requires_grad=True');
  return `tensor(${build(0, 0)}${extras.map((e) => ', ' + e).join('')})`;
}
