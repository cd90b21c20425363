/**
 * PyTorch-style printing of tensors (torch/_tensor_str.py): the same number formats, widths,
 * line wrapping at 80 columns and summarisation of tensors over 1000 elements.
 * @module
 */
import type { Tensor } from './tensor.js';

const PRECISION = 4;
const THRESHOLD = 1000;
const EDGE = 3;
const LINE_WIDTH = 80;


/** Primitives whose PyTorch node class has another name: `clone()` and `contiguous()` make a CloneBackward0, `.to(dtype)` a ToCopyBackward0. */
const TORCH_NODE_NAMES: Readonly<Record<string, string>> = { contiguous: 'clone', cast: 'toCopy' };

/** Formats one element, padded to a common width (PyTorch's `_Formatter`). */
interface Formatter {
  width: number;
  format(v: number): string;
}

function special(v: number): string | null {
  return Number.isNaN(v) ? 'nan' : v === Infinity ? 'inf' : v === -Infinity ? '-inf' : null;
}

/**
 * The exact decimal digits of a finite double: its sign, its digits, and how many of them stand
 * before the decimal point; null where `toFixed` cannot give them exactly (|v| ≥ 1e21).
 */
function exactDigits(v: number): { neg: boolean; digits: string; point: number } | null {
  if (!(Math.abs(v) < 1e21)) return null;
  const m = /^(-?)(\d+)\.(\d+)$/.exec(v.toFixed(100));
  return m === null ? null : { neg: m[1] === '-' || Object.is(v, -0), digits: m[2]! + m[3]!, point: m[2]!.length };
}

/** The first `n` digits of `digits`, rounded as Python rounds: to nearest, exact ties to even; may carry to n + 1 digits. */
function roundDigits(digits: string, n: number): string {
  if (digits.length <= n) return digits.padEnd(n, '0');
  const head = digits.slice(0, n);
  const next = digits[n]!;
  const tie = next === '5' && !/[1-9]/.test(digits.slice(n + 1));
  const up = next > '5' || (next === '5' && (!tie || Number(head[n - 1] ?? '0') % 2 === 1));
  return up ? (BigInt(head || '0') + 1n).toString().padStart(n, '0') : head;
}

/** Python's `'{:.4f}'` (exact rounding, ties to even; `toFixed` rounds ties up). */
function fixed(v: number, places: number): string {
  const e = exactDigits(v);
  if (e === null) return v.toFixed(places);
  const r = roundDigits(e.digits, e.point + places);
  const point = r.length - places;
  const int = r.slice(0, point).replace(/^0+(?=\d)/, '');
  const out = places > 0 ? `${int}.${r.slice(point)}` : int;
  return e.neg ? `-${out}` : out;
}

/** Python's `'{:.4e}'`: exact rounding with ties to even, at least two exponent digits. */
function sci(v: number): string {
  const e = exactDigits(v);
  const first = e === null ? -1 : e.digits.search(/[1-9]/);
  if (e === null || first < 0) return v.toExponential(PRECISION).replace(/e([+-])(\d)$/, 'e$10$2');
  let exp = e.point - first - 1;
  let r = roundDigits(e.digits.slice(first), PRECISION + 1);
  if (r.length > PRECISION + 1) {
    r = r.slice(0, PRECISION + 1);
    exp += 1;
  }
  const mag = String(Math.abs(exp)).padStart(2, '0');
  return `${e.neg ? '-' : ''}${r[0]}.${r.slice(1)}e${exp < 0 ? '-' : '+'}${mag}`;
}

function formatter(values: readonly number[], dtype: Tensor['dtype']): Formatter {
  let raw: (v: number) => string;
  if (dtype === 'bool') raw = (v) => (v ? 'True' : 'False');
  else if (dtype === 'int32' || dtype === 'uint8' || dtype === 'int8') raw = (v) => String(v);
  else {
    const finite = values.filter((v) => Number.isFinite(v));
    const nonzero = finite.filter((v) => v !== 0).map(Math.abs);
    const intMode = finite.every((v) => Number.isInteger(v));
    const max = nonzero.length > 0 ? Math.max(...nonzero) : 0;
    const min = nonzero.length > 0 ? Math.min(...nonzero) : 0;
    const sciMode = nonzero.length > 0 && (max / min > 1000 || max > 1e8 || (!intMode && min < 1e-4));
    const fmt = sciMode ? sci : intMode ? (v: number) => `${Object.is(v, -0) ? '-' : ''}${v.toFixed(0)}.` : (v: number) => fixed(v, PRECISION);
    raw = (v) => special(v) ?? fmt(v);
    // as PyTorch, the width is that of the nonzero finite values: zeros, NaN and infinities do not widen it
    const width = Math.max(1, ...values.filter((v) => Number.isFinite(v) && v !== 0).map((v) => raw(v).length));
    return { width, format: (v) => raw(v).padStart(width) };
  }
  const width = Math.max(0, ...values.map((v) => raw(v).length));
  return { width, format: (v) => raw(v).padStart(width) };
}

/** The elements printed when summarising: the first and last EDGE along every long dim. */
function shownValues(flat: readonly number[], shape: readonly number[], summarize: boolean): number[] {
  const out: number[] = [];
  const walk = (d: number, at: number): void => {
    if (d === shape.length) {
      out.push(flat[at]!);
      return;
    }
    const n = shape[d]!;
    const step = shape.slice(d + 1).reduce((a, b) => a * b, 1);
    for (let i = 0; i < n; i++) {
      if (summarize && n > 2 * EDGE && i === EDGE) i = n - EDGE;
      walk(d + 1, at + i * step);
    }
  };
  walk(0, 0);
  return out;
}

/** `tensor([[1., 2.], [3., 4.]], dtype=torch.float64, requires_grad=True)`, as PyTorch prints. */
export function formatTensor(t: Tensor): string {
  const flat = Array.from(t.toArray());
  const shape = t.shape;
  const summarize = flat.length > THRESHOLD;
  const f = formatter(shownValues(flat, shape, summarize), t.dtype);
  const prefix = 'tensor(';
  const vector = (at: number, n: number, indent: number): string => {
    const items: string[] = [];
    for (let i = 0; i < n; i++) {
      if (summarize && n > 2 * EDGE && i === EDGE) {
        items.push(' ...');
        i = n - EDGE - 1;
        continue;
      }
      items.push(f.format(flat[at + i]!));
    }
    const perLine = Math.max(1, Math.floor((LINE_WIDTH - indent) / (f.width + 2)));
    const lines: string[] = [];
    for (let i = 0; i < items.length; i += perLine) lines.push(items.slice(i, i + perLine).join(', '));
    return `[${lines.join(',\n' + ' '.repeat(indent + 1))}]`;
  };
  const build = (d: number, at: number, indent: number): string => {
    if (d === shape.length - 1) return vector(at, shape[d]!, indent);
    const n = shape[d]!;
    const step = shape.slice(d + 1).reduce((a, b) => a * b, 1);
    const slices: string[] = [];
    for (let i = 0; i < n; i++) {
      if (summarize && n > 2 * EDGE && i === EDGE) {
        slices.push('...');
        i = n - EDGE - 1;
        continue;
      }
      slices.push(build(d + 1, at + i * step, indent + 1));
    }
    return `[${slices.join(',' + '\n'.repeat(shape.length - 1 - d) + ' '.repeat(indent + 1))}]`;
  };
  let body: string;
  const extras: string[] = [];
  if (flat.length === 0) {
    body = '[]';
    if (shape.length !== 1) extras.push(`size=(${shape.join(', ')})`);
  } else {
    body = shape.length === 0 ? f.format(flat[0]!).trim() : build(0, 0, prefix.length);
  }
  if (t.dtype !== 'float32' && t.dtype !== 'bool') extras.push(`dtype=torch.${t.dtype}`);
  // PyTorch names the node class: MulBackward0, SumBackward0, ... (a few primitives have other names there)
  if (t.gradFn !== null) {
    const name = TORCH_NODE_NAMES[t.gradFn.name] ?? t.gradFn.name;
    extras.push(`grad_fn=<${name.charAt(0).toUpperCase()}${name.slice(1)}Backward0>`);
  }
  else if (t.requiresGrad) extras.push('requires_grad=True');
  return `${prefix}${body}${extras.map((e) => ', ' + e).join('')})`;
}
