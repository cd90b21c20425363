/**
 * The arguments and results of a compiled function: the tensors among them, and the signature of
 * everything else (a new signature is captured anew).
 * @module
 */
import { Tensor } from '../tensor.js';
import { CompileError } from './errors.js';

/** A tensor argument, a leaf of a result, or a value that goes into the signature. */
type Leaf = Tensor | number | string | boolean | null | undefined;

const ids = new WeakMap<object, number>();
let nextId = 0;
const idOf = (o: object): number => ids.get(o) ?? (ids.set(o, ++nextId), nextId);

/** The tensors among `args` (in order) and the signature of everything else. */
export function flattenArgs(args: readonly unknown[]): { tensors: Tensor[]; key: string } {
  const tensors: Tensor[] = [];
  const walk = (v: unknown): string => {
    if (v instanceof Tensor) {
      tensors.push(v);
      return `T${v.dtype}[${v.shape.join(',')}]`;
    }
    if (v === null || v === undefined || typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return JSON.stringify(v) ?? 'u';
    if (Array.isArray(v)) return `[${v.map(walk).join(',')}]`;
    if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
      return `{${Object.entries(v as Record<string, unknown>).map(([k, x]) => `${JSON.stringify(k)}:${walk(x)}`).join(',')}}`;
    }
    // a module, a function, anything else: by identity
    return `#${idOf(v as object)}`;
  };
  return { tensors, key: args.map(walk).join('|') };
}

/** `args` with every tensor replaced by `f(tensor)`. */
export function mapArgs(args: readonly unknown[], f: (t: Tensor) => Tensor): unknown[] {
  const walk = (v: unknown): unknown => {
    if (v instanceof Tensor) return f(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, walk(x)]));
    }
    return v;
  };
  return args.map(walk);
}

/** The tensors of a result (in order) and how to build a result of the same form from new ones. */
export function flattenResult(r: unknown): { tensors: Tensor[]; rebuild: (ts: readonly Tensor[]) => unknown } {
  const tensors: Tensor[] = [];
  const walk = (v: unknown, path: string): ((ts: readonly Tensor[]) => unknown) => {
    if (v instanceof Tensor) {
      const i = tensors.push(v) - 1;
      return (ts) => ts[i];
    }
    if (v === undefined || v === null) return () => v;
    if (Array.isArray(v)) {
      const parts = v.map((x, i) => walk(x, `${path}[${i}]`));
      return (ts) => parts.map((p) => p(ts));
    }
    if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
      const parts = Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, walk(x, `${path}.${k}`)] as const);
      return (ts) => Object.fromEntries(parts.map(([k, p]) => [k, p(ts)]));
    }
    const what = v instanceof Promise ? 'a Promise (compile takes synchronous functions)' : `a ${typeof v} (${String(v as Leaf)})`;
    throw new CompileError(
      `compile: the function returns ${what} at ${path}; a compiled function returns tensors (or arrays and plain objects of ` +
        'tensors), since a replay does not run its JavaScript: return a tensor and read it after the call.',
    );
  };
  return { tensors, rebuild: walk(r, 'result') };
}
