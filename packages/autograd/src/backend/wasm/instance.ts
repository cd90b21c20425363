/**
 * The kernel module's one instance on this thread, over one shared WebAssembly.Memory that helper
 * threads instantiate too. Compiled synchronously on first use.
 * @module
 */
import { GEMM_NR, GEMM_WORKSPACE_BYTES, WASM_BASE64 } from './binary.generated.js';

export { GEMM_NR };

/** The kernels the module exports (pointers are byte offsets, strides and sizes in elements). */
export interface Kernels {
  gemm_f32(a: number, sam: number, sak: number, b: number, sbk: number, sbn: number, c: number, ldc: number, m: number, n: number, k: number, ws: number): void;
  gemm_f64(a: number, sam: number, sak: number, b: number, sbk: number, sbn: number, c: number, ldc: number, m: number, n: number, k: number, ws: number): void;
  gemm_pb_f32(a: number, sam: number, sak: number, pb: number, k: number, c: number, ldc: number, m: number, n: number, ws: number): void;
  gemm_pb_f64(a: number, sam: number, sak: number, pb: number, k: number, c: number, ldc: number, m: number, n: number, ws: number): void;
  packb_f32(b: number, sbk: number, sbn: number, k: number, n: number, dst: number): void;
  packb_f64(b: number, sbk: number, sbn: number, k: number, n: number, dst: number): void;
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
  adam_f32(p: number, g: number, m: number, v: number, n: number, w: number, fromEnd: number, b2: number, b2c: number, step: number, bc2: number, eps: number): void;
  adam_f64(p: number, g: number, m: number, v: number, n: number, w: number, fromEnd: number, b2: number, b2c: number, step: number, bc2: number, eps: number): void;
  gather_rows_f32(x: number, n: number, idx: number, k: number, sir: number, o: number, rows: number): void;
  gather_rows_f64(x: number, n: number, idx: number, k: number, sir: number, o: number, rows: number): void;
  scatter_rows_f32(o: number, n: number, idx: number, k: number, sir: number, s: number, rows: number): void;
  scatter_rows_f64(o: number, n: number, idx: number, k: number, sir: number, s: number, rows: number): void;
  argmax_rows_f32(x: number, rows: number, n: number, o: number): void;
  argmax_rows_f64(x: number, rows: number, n: number, o: number): void;
  lstm_f32(rows: number, H: number, xg: number, hg: number, b: number, cp: number, act: number, c: number, h: number): void;
  lstm_back_f32(rows: number, H: number, act: number, cp: number, c: number, dh: number, dc: number, dg: number, dcp: number): void;
  gru_f32(rows: number, H: number, xg: number, hg: number, b: number, hp: number, act: number, h: number): void;
  gru_back_f32(rows: number, H: number, act: number, hp: number, dh: number, dx: number, dhg: number, dp: number): void;
  rnn_tanh_f32(rows: number, H: number, xg: number, hg: number, b: number, h: number): void;
  rnn_relu_f32(rows: number, H: number, xg: number, hg: number, b: number, h: number): void;
  rnn_tanh_back_f32(rows: number, H: number, h: number, dh: number, dg: number): void;
  rnn_relu_back_f32(rows: number, H: number, h: number, dh: number, dg: number): void;
}

/** The kernels the helper thread runs, in a fixed order: it is told a kernel by its index here. */
export const KERNEL_NAMES: readonly (keyof Kernels)[] = ['gemm_f32', 'gemm_f64', 'packb_f32', 'packb_f64', 'gemm_pb_f32', 'gemm_pb_f64'];

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

// (module (import "env" "memory" (memory 1 1 shared)) (func (result v128) (v128.const i32x4 0 0 0 0)))
const PROBE = [
  0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 5, 1, 0x60, 0, 1, 0x7b, 2, 0x10, 1, 3, 0x65, 0x6e, 0x76, 6, 0x6d, 0x65, 0x6d, 0x6f, 0x72, 0x79, 2, 3, 1, 1,
  3, 2, 1, 0, 0x0a, 0x16, 1, 0x14, 0, 0xfd, 0x0c, ...new Array<number>(16).fill(0), 0x0b,
];

let supported: boolean | null = null;

/**
 * Whether this JS engine can run the kernels: WebAssembly with 128-bit SIMD and shared memory
 * (SharedArrayBuffer; a browser page needs cross-origin isolation for it).
 */
export function wasmSupported(): boolean {
  if (supported === null) {
    try {
      supported = typeof WebAssembly === 'object' && typeof SharedArrayBuffer === 'function' && WebAssembly.validate(new Uint8Array(PROBE));
    } catch {
      supported = false;
    }
  }
  return supported;
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
