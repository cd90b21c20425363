/**
 * The kernels' shared WebAssembly.Memory and how it is used. Tensor storage is not here: tensors
 * keep ordinary typed arrays, which the garbage collector reclaims as usual. A kernel call stages
 * its operands into a scratch arena, runs, copies its result out, and releases the arena, so the
 * memory is as large as the largest call needed, whatever the number of tensors alive.
 *
 * Layout: [0, 64) unused (a null pointer); the helper-thread control block; one gemm packing
 * workspace per thread; then the arena, grown on demand.
 * @module
 */
import type { TypedArray } from '../../dtype.js';
import { GEMM_WORKSPACE, getRuntime } from './instance.js';

const ALIGN = 64;
const PAGE = 65536;
/** Words of the helper control block. */
export const CONTROL_WORDS = 64;

const align = (n: number): number => Math.ceil(n / ALIGN) * ALIGN;

/** A typed-array constructor over a buffer. */
export type ViewCtor<T extends TypedArray = TypedArray> = (new (b: ArrayBufferLike, byteOffset: number, length: number) => T) & { BYTES_PER_ELEMENT: number };

export class KernelMemory {
  /** Byte address of the control block. */
  readonly control: number;
  /** Byte address of the calling thread's gemm workspace. */
  readonly workspace: number;
  /** Byte address of the helper thread's gemm workspace. */
  readonly helperWorkspace: number;
  private readonly base: number;
  private top: number;
  private buffer: ArrayBufferLike;
  private f32v: Float32Array;
  private f64v: Float64Array;
  private u8v: Uint8Array;
  private i32v: Int32Array;

  constructor(readonly memory: WebAssembly.Memory) {
    this.control = ALIGN;
    this.workspace = align(this.control + CONTROL_WORDS * 4);
    this.helperWorkspace = align(this.workspace + GEMM_WORKSPACE);
    this.base = align(this.helperWorkspace + GEMM_WORKSPACE);
    this.top = this.base;
    this.ensure(this.base);
    this.buffer = memory.buffer;
    this.f32v = new Float32Array(this.buffer);
    this.f64v = new Float64Array(this.buffer);
    this.u8v = new Uint8Array(this.buffer);
    this.i32v = new Int32Array(this.buffer);
  }

  /** The arena's current top: pass it to {@link KernelMemory.release} after the call. */
  mark(): number {
    return this.top;
  }

  /** Gives back everything allocated since `mark`. */
  release(mark: number): void {
    this.top = mark;
  }

  /** `bytes` of scratch (64-byte aligned), growing the memory when needed. */
  alloc(bytes: number): number {
    const ptr = this.top;
    const end = align(ptr + Math.max(bytes, 1));
    this.ensure(end);
    this.top = end;
    return ptr;
  }

  /** Copies `n` elements of `src` from `from` into fresh scratch (`pad` more bytes after it); returns the address. */
  stage(src: TypedArray, from: number, n: number, pad = 0): number {
    const es = src.BYTES_PER_ELEMENT;
    const ptr = this.alloc(n * es + pad);
    this.viewOf(src).set(n === src.length && from === 0 ? src : src.subarray(from, from + n), ptr / es);
    return ptr;
  }

  /** Copies `n` elements at byte address `ptr` into `out` from element `at`. */
  unstage(ptr: number, out: TypedArray, at: number, n: number): void {
    const es = out.BYTES_PER_ELEMENT;
    const v = this.viewOf(out);
    out.set(v.subarray(ptr / es, ptr / es + n), at);
  }

  /** The memory as the element type of `like` (Int32Array for int32, Uint8Array for uint8 and bool). */
  viewOf(like: TypedArray): TypedArray {
    this.refresh();
    if (like instanceof Float32Array) return this.f32v;
    if (like instanceof Float64Array) return this.f64v;
    if (like instanceof Int32Array) return this.i32v;
    if (like instanceof Int8Array) return new Int8Array(this.u8v.buffer);
    return this.u8v;
  }

  /** An Int32Array over `n` words at byte `ptr` (valid across growth: the memory is shared). */
  words(ptr: number, n: number): Int32Array {
    return new Int32Array(this.memory.buffer, ptr, n);
  }

  /** Bytes of the memory now. */
  get byteLength(): number {
    return this.memory.buffer.byteLength;
  }

  private refresh(): void {
    const b = this.memory.buffer;
    if (b.byteLength === this.buffer.byteLength) return;
    this.buffer = b;
    this.f32v = new Float32Array(b);
    this.f64v = new Float64Array(b);
    this.u8v = new Uint8Array(b);
    this.i32v = new Int32Array(b);
  }

  /** Grows the memory (by at least a quarter) so that `end` bytes are addressable. */
  private ensure(end: number): void {
    const have = this.memory.buffer.byteLength;
    if (end <= have) return;
    const need = Math.ceil((end - have) / PAGE);
    try {
      this.memory.grow(Math.max(need, Math.ceil(have / PAGE / 4)));
    } catch {
      try {
        this.memory.grow(need);
      } catch {
        throw new RangeError(`wasm backend: cannot grow the kernels' memory to ${end} bytes (one op's operands must fit in 4 GiB)`);
      }
    }
  }
}

let mem: KernelMemory | null = null;

/** The process-wide kernel memory (created with the runtime). */
export function getMemory(): KernelMemory {
  if (mem === null) mem = new KernelMemory(getRuntime().memory);
  return mem;
}
