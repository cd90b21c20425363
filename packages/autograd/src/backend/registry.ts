/**
 * The backends by name, and the one ops run on. `'js'` and `'wasm'` are built in; until
 * `setBackend` chooses, the first op picks `'wasm'` where it can run, else `'js'`.
 * @module
 */
import type { Backend } from './backend.js';
import { jsBackend } from './js/index.js';
import { wasmBackend, wasmSupported } from './wasm/index.js';

// The built-in backends are registered here, where ops look the current one up, and the default
// is chosen on first use: nothing depends on a module being imported for its side effects (a
// bundler honouring `"sideEffects": false` may drop such a module). It sits above both kernel
// sets (docs/ARCHITECTURE.md).
const registry = new Map<string, Backend>([jsBackend, wasmBackend].map((b) => [b.name, b]));
let current: Backend | null = null;

/**
 * Makes a backend available to {@link setBackend} under its name (`'js'` and `'wasm'` are
 * built in; registering a backend does not select it, and one of the same name replaces it).
 * @param backend - the kernels.
 * @example
 * ```ts
 * import { getBackendName, setBackend, tensor } from '@chainrule/autograd';
 * import type { TypedArray } from '@chainrule/autograd';
 * import { registerBackend } from '@chainrule/autograd/backend';
 * import type { Backend, BinaryOp, CompareOp, ReduceOp, UnaryOp, View } from '@chainrule/autograd/backend';
 *
 * // A complete (slow) backend: every kernel reads its inputs element by element through strides.
 * const numel = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);
 * const at = (v: View, i: number): number => {
 *   let p = v.offset;
 *   for (let d = v.shape.length - 1; d >= 0; d--) {
 *     p += (i % v.shape[d]!) * v.strides[d]!;
 *     i = Math.floor(i / v.shape[d]!);
 *   }
 *   return p;
 * };
 * const get = (v: View, i: number): number => v.data[at(v, i)]!;
 * const unravel = (shape: readonly number[], i: number): number[] => shape.map((_, d) => Math.floor(i / numel(shape.slice(d + 1))) % shape[d]!);
 * const ravel = (shape: readonly number[], idx: readonly number[]): number => idx.reduce((a, k, d) => a * shape[d]! + k, 0);
 * const erf = (a: number): number => {
 *   const t = 1 / (1 + 0.3275911 * Math.abs(a)); // Abramowitz–Stegun 7.1.26
 *   const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-a * a);
 *   return a < 0 ? -y : y;
 * };
 * const nan = (a: number, b: number): boolean => a !== a || b !== b;
 * const unaryFns: Record<UnaryOp, (a: number) => number> = {
 *   neg: (a) => -a, exp: Math.exp, log: Math.log, sin: Math.sin, cos: Math.cos, sqrt: Math.sqrt, abs: Math.abs, tanh: Math.tanh,
 *   sigmoid: (a) => 1 / (1 + Math.exp(-a)), relu: (a) => (a > 0 ? a : 0), log1p: Math.log1p, erf, sign: Math.sign,
 * };
 * const binaryFns: Record<BinaryOp, (a: number, b: number) => number> = {
 *   add: (a, b) => a + b, sub: (a, b) => a - b, mul: (a, b) => a * b, div: (a, b) => a / b, pow: Math.pow,
 *   maximum: (a, b) => (nan(a, b) ? NaN : Math.max(a, b)), minimum: (a, b) => (nan(a, b) ? NaN : Math.min(a, b)),
 * };
 * const compareFns: Record<CompareOp, (a: number, b: number) => boolean> = {
 *   eq: (a, b) => a === b, ne: (a, b) => a !== b, lt: (a, b) => a < b, le: (a, b) => a <= b, gt: (a, b) => a > b, ge: (a, b) => a >= b,
 * };
 * const reduceFns: Record<ReduceOp, [number, (r: number, v: number) => number]> = {
 *   sum: [0, (r, v) => r + v], prod: [1, (r, v) => r * v],
 *   max: [-Infinity, (r, v) => (v > r || v !== v ? v : r)], min: [Infinity, (r, v) => (v < r || v !== v ? v : r)],
 * };
 * const write = (out: TypedArray, i: number, v: number): void => {
 *   out[i] = out instanceof Uint8Array ? (v ? 1 : 0) : v;
 * };
 *
 * const naive: Backend = {
 *   name: 'naive',
 *   unary: (op, x, out) => out.forEach((_, i) => (out[i] = unaryFns[op](get(x, i)))),
 *   binary: (op, a, b, out) => out.forEach((_, i) => (out[i] = binaryFns[op](get(a, i), get(b, i)))),
 *   compare: (op, a, b, out) => out.forEach((_, i) => (out[i] = compareFns[op](get(a, i), get(b, i)) ? 1 : 0)),
 *   where: (c, a, b, out) => out.forEach((_, i) => (out[i] = get(c, i) ? get(a, i) : get(b, i))),
 *   copy: (x, out) => out.forEach((_, i) => write(out, i, get(x, i))),
 *   assign: (dst, src) => {
 *     for (let i = 0; i < numel(dst.shape); i++) dst.data[at(dst, i)] = get(src, i);
 *   },
 *   reduce: (op, x, axes, out) => {
 *     const [init, f] = reduceFns[op];
 *     const outShape = x.shape.filter((_, d) => !axes.includes(d));
 *     const acc = new Float64Array(out.length).fill(init);
 *     for (let i = 0; i < numel(x.shape); i++) {
 *       const o = ravel(outShape, unravel(x.shape, i).filter((_, d) => !axes.includes(d)));
 *       acc[o] = f(acc[o]!, get(x, i));
 *     }
 *     acc.forEach((v, o) => write(out, o, v));
 *   },
 *   argReduce: (op, x, axis, out) => {
 *     const best = new Float64Array(out.length);
 *     for (let i = 0; i < numel(x.shape); i++) {
 *       const idx = unravel(x.shape, i);
 *       const o = ravel(x.shape.filter((_, d) => d !== axis), idx.filter((_, d) => d !== axis));
 *       const v = get(x, i);
 *       const better = op === 'argmax' ? v > best[o]! : v < best[o]!;
 *       if (idx[axis] === 0 || (best[o] === best[o] && (better || v !== v))) [best[o], out[o]] = [v, idx[axis]!];
 *     }
 *   },
 *   matmul: (a, b, out) => {
 *     const [B, M, K] = a.shape as [number, number, number];
 *     const N = b.shape[2]!;
 *     out.forEach((_, i) => {
 *       const [bi, m, n] = unravel([B, M, N], i) as [number, number, number];
 *       let s = 0;
 *       for (let k = 0; k < K; k++) s += get(a, ravel(a.shape, [bi, m, k])) * get(b, ravel(b.shape, [bi, k, n]));
 *       out[i] = s;
 *     });
 *   },
 *   gather: (x, dim, index, out) => {
 *     out.forEach((_, i) => {
 *       const idx = unravel(index.shape, i);
 *       idx[dim] = get(index, i);
 *       out[i] = get(x, ravel(x.shape, idx));
 *     });
 *   },
 *   scatterAdd: (out, outShape, dim, index, src) => {
 *     for (let i = 0; i < numel(index.shape); i++) {
 *       const idx = unravel(index.shape, i);
 *       const v = get(src, ravel(src.shape, idx));
 *       idx[dim] = get(index, i);
 *       out[ravel(outShape, idx)] = out[ravel(outShape, idx)]! + v;
 *     }
 *   },
 *   softmax: (op, x, dim, out) => {
 *     for (let i = 0; i < out.length; i++) {
 *       const idx = unravel(x.shape, i);
 *       const row = Array.from({ length: x.shape[dim]! }, (_, k) => get(x, ravel(x.shape, idx.map((j, d) => (d === dim ? k : j)))));
 *       const max = Math.max(...row);
 *       const lse = Math.log(row.reduce((s, v) => s + Math.exp(v - max), 0)) + max;
 *       out[i] = op === 'softmax' ? Math.exp(get(x, i) - lse) : get(x, i) - lse;
 *     }
 *   },
 *   adam: (p, g, m, v, c) => {
 *     for (let i = 0; i < p.length; i++) {
 *       const [gi, mi] = [g[i]!, m[i]!];
 *       m[i] = c.fromEnd ? gi - (gi - mi) * c.weight : mi + c.weight * (gi - mi);
 *       v[i] = v[i]! * c.beta2 + gi * c.oneMinusBeta2 * gi;
 *       p[i] = p[i]! + (m[i]! * c.negStepSize) / (Math.sqrt(v[i]!) / c.bc2Sqrt + c.eps);
 *     }
 *   },
 * };
 *
 * registerBackend(naive);
 * const run = (): string => {
 *   const x = tensor([[1, 2], [3, 4]], { requiresGrad: true });
 *   x.matmul(x.t()).logSoftmax(1).amax(1).sum().backward();
 *   return String(x.grad);
 * };
 * const previous = setBackend('naive');
 * const withNaive = run();
 * setBackend(previous);
 * getBackendName(); // 'wasm' (the default where WebAssembly SIMD runs)
 * withNaive === run(); // true
 * ```
 */
export function registerBackend(backend: Backend): void {
  if (current?.name === backend.name) current = backend;
  registry.set(backend.name, backend);
}

/**
 * Chooses the kernels every op runs on from now on.
 * @param name - a registered backend's name: `'wasm'` (WebAssembly SIMD kernels on shared memory,
 *   with a helper thread under Node; the default where the engine supports them) or `'js'` (the
 *   TypeScript reference kernels, the default elsewhere).
 * @returns the previous backend's name.
 * @throws Error when no backend of that name is registered, or when it cannot run here (`'wasm'`
 *   needs WebAssembly SIMD and SharedArrayBuffer).
 * @example
 * ```ts
 * import { getBackendName, setBackend } from '@chainrule/autograd';
 * const previous = setBackend('js'); // the TypeScript kernels from here on
 * getBackendName(); // 'js'
 * setBackend(previous);
 * ```
 */
export function setBackend(name: string): string {
  const b = registry.get(name);
  if (b === undefined) throw new Error(`setBackend: no backend named '${name}' (have: ${[...registry.keys()].join(', ')})`);
  b.init?.();
  const prev = getBackend().name;
  current = b;
  return prev;
}

/**
 * The name of the backend ops run on now.
 * @returns the backend's name.
 * @example
 * ```ts
 * import { getBackendName } from '@chainrule/autograd';
 * getBackendName(); // 'wasm' (or 'js' where WebAssembly SIMD or SharedArrayBuffer is missing)
 * ```
 */
export function getBackendName(): string {
  return getBackend().name;
}

/**
 * The backend ops run on now: until {@link setBackend} chooses one, `'wasm'` where the engine has
 * WebAssembly SIMD and SharedArrayBuffer (it compiles its kernels on the first op that needs
 * one), else `'js'`.
 */
export function getBackend(): Backend {
  return (current ??= wasmSupported() ? wasmBackend : jsBackend);
}
