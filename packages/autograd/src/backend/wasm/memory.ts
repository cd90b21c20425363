/**
 * The kernels' shared WebAssembly.Memory and how it is used.
 *
 * Layout: [0, 64) unused (a null pointer); the helper-thread control block; one gemm packing
 * workspace per thread; then a heap of 64-byte-aligned blocks, grown on demand (the memory never
 * shrinks). The heap hands out blocks of a few size classes (each at most 1/8 larger than asked)
 * and keeps freed blocks on one list per class for the next request of that class, so that a
 * training loop that asks for the same sizes every step reuses the same memory, warm in cache.
 *
 * Two kinds of blocks come from the heap:
 * - scratch, for one kernel call: operands staged in, results before they are copied out
 *   ({@link KernelMemory.mark} / {@link KernelMemory.alloc} / {@link KernelMemory.release}, a stack);
 * - tensor storage that lives in the memory (see `storage.ts`: a *resident* array is a typed-array
 *   view into the memory; kernels read and write it in place, with no staging copy). Such a view
 *   stays valid when the memory grows: the memory is shared, so growing it keeps every earlier
 *   SharedArrayBuffer and its views.
 * @module
 */
import type { DType, TypedArray } from '../../dtype.js';
import { GEMM_WORKSPACE, getRuntime } from './instance.js';

const ALIGN = 64;
const PAGE = 65536;
/** Words of the helper control block. */
export const CONTROL_WORDS = 64;

const align = (n: number): number => Math.ceil(n / ALIGN) * ALIGN;

/** The bytes of the size class a request of `bytes` gets: 64-byte steps up to 1 KiB, then 8 steps per doubling. */
export function sizeClass(bytes: number): number {
  const b = Math.max(ALIGN, bytes);
  if (b <= 1024) return align(b);
  const base = 2 ** Math.floor(Math.log2(b - 1));
  const step = base / 8;
  return align(base + Math.ceil((b - base) / step) * step);
}

/** A typed-array constructor over a buffer. */
export type ViewCtor<T extends TypedArray = TypedArray> = (new (b: ArrayBufferLike, byteOffset: number, length: number) => T) & { BYTES_PER_ELEMENT: number };

const CTORS: Record<DType, ViewCtor> = { float32: Float32Array, float64: Float64Array, int32: Int32Array, int8: Int8Array, uint8: Uint8Array, bool: Uint8Array };

export class KernelMemory {
  /** Byte address of the control block. */
  readonly control: number;
  /** Byte address of the calling thread's gemm workspace. */
  readonly workspace: number;
  /** Byte address of the helper thread's gemm workspace. */
  readonly helperWorkspace: number;
  /** The first heap address. */
  private readonly base: number;
  /** The end of the heap's carved part: blocks above it have never been handed out. */
  private top: number;
  /** Freed blocks by size class. */
  private readonly free = new Map<number, number[]>();
  /** Scratch blocks in allocation order: [address, class bytes]. */
  private readonly scratch: number[] = [];
  /** Bytes of the heap in blocks handed out now (scratch and resident). */
  private inUse = 0;
  /** Every SharedArrayBuffer the memory has had (one per growth): a view over any of them lies in it. */
  private readonly buffers = new WeakSet<ArrayBufferLike>();
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
    this.buffer = memory.buffer;
    this.buffers.add(this.buffer);
    this.f32v = new Float32Array(this.buffer);
    this.f64v = new Float64Array(this.buffer);
    this.u8v = new Uint8Array(this.buffer);
    this.i32v = new Int32Array(this.buffer);
    this.ensure(this.base);
  }

  // ---- the heap ---------------------------------------------------------------------------------

  /** A block of at least `bytes` (64-byte aligned, contents unspecified); give it back with {@link KernelMemory.freeBlock}. */
  allocBlock(bytes: number): number {
    const size = sizeClass(bytes);
    const list = this.free.get(size);
    const reused = list?.pop();
    this.inUse += size;
    if (reused !== undefined) return reused;
    const ptr = this.top;
    this.ensure(ptr + size);
    this.top = ptr + size;
    return ptr;
  }

  /** Gives back a block {@link KernelMemory.allocBlock} returned for `bytes`. */
  freeBlock(ptr: number, bytes: number): void {
    const size = sizeClass(bytes);
    let list = this.free.get(size);
    if (list === undefined) this.free.set(size, (list = []));
    list.push(ptr);
    this.inUse -= size;
  }

  /** Bytes in blocks handed out now (scratch and resident tensor storage). */
  get bytesInUse(): number {
    return this.inUse;
  }

  /** A fresh array of `n` elements of `dtype` in the memory (contents unspecified), and its block's address. */
  allocArray(dtype: DType, n: number): { array: TypedArray; ptr: number } {
    const C = CTORS[dtype];
    const ptr = this.allocBlock(n * C.BYTES_PER_ELEMENT);
    return { array: new C(this.memory.buffer, ptr, n), ptr };
  }

  /** Gives back the block of an array {@link KernelMemory.allocArray} returned. */
  freeArray(array: TypedArray): void {
    this.freeBlock(array.byteOffset, array.byteLength);
  }

  /** The byte address of `array`'s first element when it lies in this memory, else -1. */
  address(array: TypedArray): number {
    const b = array.buffer;
    if (b === this.buffer || this.buffers.has(b)) return array.byteOffset;
    if (typeof SharedArrayBuffer === 'undefined' || !(b instanceof SharedArrayBuffer) || b !== (this.memory.buffer as ArrayBufferLike)) return -1;
    this.refresh();
    this.buffers.add(b);
    return array.byteOffset;
  }

  // ---- scratch for one call -----------------------------------------------------------------

  /** The scratch stack's depth: pass it to {@link KernelMemory.release} after the call. */
  mark(): number {
    return this.scratch.length;
  }

  /** Gives back every scratch block allocated since `mark`. */
  release(mark: number): void {
    const s = this.scratch;
    while (s.length > mark) {
      const size = s.pop()!;
      this.freeBlock(s.pop()!, size);
    }
  }

  /** `bytes` of scratch (64-byte aligned), growing the memory when needed. */
  alloc(bytes: number): number {
    const size = sizeClass(Math.max(bytes, 1));
    const ptr = this.allocBlock(size);
    this.scratch.push(ptr, size);
    return ptr;
  }

  /**
   * The address of `n` elements of `src` from `from`: in place when `src` lies in this memory,
   * else copied into fresh scratch (`pad` more bytes after it).
   */
  operand(src: TypedArray, from: number, n: number, pad = 0): number {
    const a = this.address(src);
    return a >= 0 && pad === 0 ? a + from * src.BYTES_PER_ELEMENT : this.stage(src, from, n, pad);
  }

  /** Copies `n` elements of `src` from `from` into fresh scratch (`pad` more bytes after it); returns the address. */
  stage(src: TypedArray, from: number, n: number, pad = 0): number {
    const es = src.BYTES_PER_ELEMENT;
    const ptr = this.alloc(n * es + pad);
    this.viewOf(src).set(n === src.length && from === 0 ? src : src.subarray(from, from + n), ptr / es);
    return ptr;
  }

  /** Copies `n` elements at byte address `ptr` into `out` from element `at` (nothing when they are already there). */
  unstage(ptr: number, out: TypedArray, at: number, n: number): void {
    const es = out.BYTES_PER_ELEMENT;
    if (this.address(out) + at * es === ptr) return;
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
    this.buffers.add(b);
    this.f32v = new Float32Array(b);
    this.f64v = new Float64Array(b);
    this.u8v = new Uint8Array(b);
    this.i32v = new Int32Array(b);
  }

  /** Grows the memory (by at least a quarter) so that `end` bytes are addressable. */
  private ensure(end: number): void {
    const have = this.memory.buffer.byteLength;
    if (end > have) {
      const need = Math.ceil((end - have) / PAGE);
      try {
        this.memory.grow(Math.max(need, Math.ceil(have / PAGE / 4)));
      } catch {
        try {
          this.memory.grow(need);
        } catch {
          throw new RangeError(`wasm backend: cannot grow the kernels' memory to ${end} bytes (the tensors and operands in it must fit in 4 GiB)`);
        }
      }
    }
    this.refresh();
  }
}

let mem: KernelMemory | null = null;

/** The process-wide kernel memory (created with the runtime). */
export function getMemory(): KernelMemory {
  if (mem === null) mem = new KernelMemory(getRuntime().memory);
  return mem;
}
