/**
 * The kernel module's one instance on this thread, over one shared WebAssembly.Memory that helper
 * threads instantiate too. Compiled synchronously on first use.
 * @module
 */
import { GEMM_WORKSPACE_BYTES, WASM_BASE64 } from './binary.generated.js';

/** The kernels the module exports (pointers are byte offsets, strides and sizes in elements). */
export interface Kernels {
  gemm_f32(a: number, sam: number, sak: number, b: number, sbk: number, sbn: number, c: number, ldc: number, m: number, n: number, k: number, ws: number): void;
  gemm_f64(a: number, sam: number, sak: number, b: number, sbk: number, sbn: number, c: number, ldc: number, m: number, n: number, k: number, ws: number): void;
  bin_f32(op: number, mode: number, a: number, b: number, o: number, rows: number, n: number, sar: number, sbr: number): void;
  bin_f64(op: number, mode: number, a: number, b: number, o: number, rows: number, n: number, sar: number, sbr: number): void;
  cmp_f32(op: number, mode: number, a: number, b: number, o: number, rows: number, n: number, sar: number, sbr: number): void;
  cmp_f64(op: number, mode: number, a: number, b: number, o: number, rows: number, n: number, sar: number, sbr: number): void;
  where_f32(mode: number, c: number, a: number, b: number, o: number, rows: number, n: number, scr: number, sar: number, sbr: number): void;
  where_f64(mode: number, c: number, a: number, b: number, o: number, rows: number, n: number, scr: number, sar: number, sbr: number): void;
  un_f32(op: number, x: number, o: number, rows: number, n: number, sxr: number): void;
  un_f64(op: number, x: number, o: number, rows: number, n: number, sxr: number): void;
  sum_rows_f32(x: number, rows: number, n: number, sxr: number, o: number): void;
  sum_rows_f64(x: number, rows: number, n: number, sxr: number, o: number): void;
  max_rows_f32(x: number, rows: number, n: number, sxr: number, o: number): void;
  max_rows_f64(x: number, rows: number, n: number, sxr: number, o: number): void;
  sum_cols_f32(x: number, rows: number, n: number, sxr: number, o: number): void;
  sum_cols_f64(x: number, rows: number, n: number, sxr: number, o: number): void;
  softmax_rows_f32(x: number, o: number, rows: number, n: number, log: number): void;
  softmax_rows_f64(x: number, o: number, rows: number, n: number, log: number): void;
}

/** The names of the kernels, in a fixed order: a helper thread is told a kernel by its index here. */
export const KERNEL_NAMES: readonly (keyof Kernels)[] = [
  'gemm_f32', 'gemm_f64', 'bin_f32', 'bin_f64', 'cmp_f32', 'cmp_f64', 'where_f32', 'where_f64', 'un_f32', 'un_f64',
  'sum_rows_f32', 'sum_rows_f64', 'max_rows_f32', 'max_rows_f64', 'sum_cols_f32', 'sum_cols_f64', 'softmax_rows_f32', 'softmax_rows_f64',
];

/** Bytes of packing workspace a gemm call needs (one per thread). */
export const GEMM_WORKSPACE = GEMM_WORKSPACE_BYTES;

/** The compiled module, the memory and this thread's instance. */
export interface WasmRuntime {
  readonly module: WebAssembly.Module;
  readonly memory: WebAssembly.Memory;
  readonly kernels: Kernels;
}

/** Largest memory: 65536 pages of 64 KiB (4 GiB), reserved, not committed. */
export const MAX_PAGES = 65536;

function decode(b64: string): Uint8Array<ArrayBuffer> {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** Whether this JS engine can run the kernels: shared memory (SharedArrayBuffer) is required. */
export function wasmSupported(): boolean {
  return typeof WebAssembly === 'object' && typeof SharedArrayBuffer === 'function';
}

let runtime: WasmRuntime | null = null;

/**
 * Compiles and instantiates the kernels (once).
 * @throws Error when the engine lacks WebAssembly SIMD or shared memory.
 */
export function getRuntime(): WasmRuntime {
  if (runtime !== null) return runtime;
  if (!wasmSupported()) {
    throw new Error("wasm backend: this JavaScript engine has no SharedArrayBuffer (a browser page needs cross-origin isolation); use setBackend('js')");
  }
  const bytes = decode(WASM_BASE64);
  let module: WebAssembly.Module;
  try {
    module = new WebAssembly.Module(bytes);
  } catch (e) {
    throw new Error(`wasm backend: the kernels failed to compile (WebAssembly SIMD and threads are required): ${(e as Error).message}`);
  }
  const memory = new WebAssembly.Memory({ initial: 64, maximum: MAX_PAGES, shared: true });
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  runtime = { module, memory, kernels: instance.exports as unknown as Kernels };
  return runtime;
}
