/**
 * Tensor storage inside the kernels' WebAssembly memory, so kernels read and write it in place.
 *
 * - Blocks come in size classes (4 per power of two, 64-byte aligned) with a free list per class;
 *   new space is bumped from the top, growing the memory geometrically.
 * - A block is returned to its free list when the typed array over it is garbage-collected
 *   (FinalizationRegistry). NOTE: JavaScript runs those callbacks only between tasks, after a
 *   major GC; a long synchronous loop reclaims nothing until it yields.
 * - So that memory stays bounded anyway, storage is placed here only while the bytes held by
 *   live-or-not-yet-collected blocks stay under a budget; past it, allocations fall back to the
 *   JS heap (plain typed arrays, collected as usual) and kernels copy them in and out.
 * - The memory is shared: growing it never detaches existing views (they keep their length).
 * @module
 */
import type { DType, TypedArray } from '../../dtype.js';
import { getRuntime } from './instance.js';

const ALIGN = 64;
const PAGE = 65536;

/** A typed-array constructor taking a buffer, a byte offset and a length. */
export type ViewCtor<T extends TypedArray = TypedArray> = (new (b: ArrayBufferLike, byteOffset: number, length: number) => T) & { BYTES_PER_ELEMENT: number };
const ctors = { float32: Float32Array, float64: Float64Array, int32: Int32Array, bool: Uint8Array } as unknown as Record<DType, ViewCtor>;

/** The block size serving `bytes`: 64 B minimum, then 4 classes per power of two (≤ 25 % slack). */
export function sizeClass(bytes: number): number {
  if (bytes <= ALIGN) return ALIGN;
  const p = 2 ** Math.floor(Math.log2(bytes - 1));
  const step = Math.max(ALIGN, p / 4);
  return Math.ceil(bytes / step) * step;
}

/** Counters of the storage heap, for tests and the benchmark. */
export interface HeapStats {
  /** Bytes in blocks handed to tensors and not yet reclaimed. */
  held: number;
  /** Bytes of the WebAssembly memory. */
  memoryBytes: number;
  /** Storages placed in the JS heap because the budget was reached. */
  fallbacks: number;
  /** Blocks reclaimed after their tensors were collected. */
  reclaimed: number;
}

export class Heap {
  private top: number;
  private readonly free = new Map<number, number[]>();
  private readonly sizes = new Map<number, number>();
  private readonly buffers = new WeakSet<ArrayBufferLike>();
  private buffer: ArrayBufferLike;
  private held = 0;
  private fallbacks = 0;
  private reclaimed = 0;
  private readonly registry = new FinalizationRegistry<number>((ptr) => this.release(ptr));

  constructor(
    private readonly memory: WebAssembly.Memory,
    /** Bytes that tensor storage may hold in the memory before falling back to the JS heap. */
    public budget: number,
  ) {
    this.buffer = memory.buffer;
    this.buffers.add(this.buffer);
    this.top = ALIGN; // keep 0 as a null pointer
  }

  /** Whether `a` is a view of the kernels' memory. */
  owns(a: TypedArray): boolean {
    return a.buffer === this.buffer || this.buffers.has(a.buffer);
  }

  /** A typed array for a tensor: in the memory while under budget, else null (caller uses the JS heap). */
  storage(dtype: DType, n: number, zero: boolean): TypedArray | null {
    const C = ctors[dtype];
    const bytes = n * C.BYTES_PER_ELEMENT;
    if (bytes === 0) return null;
    const size = sizeClass(bytes);
    if (this.held + size > this.budget) {
      this.fallbacks++;
      return null;
    }
    const reused = this.free.get(size)?.pop();
    const ptr = reused ?? this.bump(size);
    if (ptr === 0) {
      this.fallbacks++;
      return null;
    }
    const a = new C(this.buffer, ptr, n);
    if (zero && reused !== undefined) a.fill(0);
    this.sizes.set(ptr, size);
    this.held += size;
    this.registry.register(a, ptr);
    return a;
  }

  /** A scratch block for one kernel call (not counted in the budget); give it back with {@link Heap.drop}. */
  scratch(bytes: number): number {
    const size = sizeClass(Math.max(bytes, 1));
    const ptr = this.free.get(size)?.pop() ?? this.bump(size);
    if (ptr === 0) throw new RangeError(`wasm backend: out of memory allocating ${bytes} bytes of scratch`);
    this.sizes.set(ptr, size);
    return ptr;
  }

  /** Returns a scratch block. */
  drop(ptr: number): void {
    const size = this.sizes.get(ptr);
    if (size === undefined) return;
    this.sizes.delete(ptr);
    this.pushFree(ptr, size);
  }

  /** A typed array over `n` elements at byte `ptr` of the memory. */
  view<T extends TypedArray>(C: ViewCtor<T>, ptr: number, n: number): T {
    return new C(this.buffer, ptr, n);
  }

  stats(): HeapStats {
    return { held: this.held, memoryBytes: this.memory.buffer.byteLength, fallbacks: this.fallbacks, reclaimed: this.reclaimed };
  }

  private release(ptr: number): void {
    const size = this.sizes.get(ptr);
    if (size === undefined) return;
    this.sizes.delete(ptr);
    this.held -= size;
    this.reclaimed++;
    this.pushFree(ptr, size);
  }

  private pushFree(ptr: number, size: number): void {
    let list = this.free.get(size);
    if (list === undefined) this.free.set(size, (list = []));
    list.push(ptr);
  }

  /** New space at the top, growing the memory by at least a quarter; 0 when it cannot grow. */
  private bump(size: number): number {
    const end = this.top + size;
    const have = this.memory.buffer.byteLength;
    if (end > have) {
      const need = Math.ceil((end - have) / PAGE);
      const pages = Math.max(need, Math.ceil(have / PAGE / 4));
      try {
        this.memory.grow(pages);
      } catch {
        try {
          this.memory.grow(need);
        } catch {
          return 0;
        }
      }
      this.buffer = this.memory.buffer;
      this.buffers.add(this.buffer);
    }
    const ptr = this.top;
    this.top = end;
    return ptr;
  }
}

let heap: Heap | null = null;

/** The process-wide storage heap over the kernels' memory (default budget 1 GiB). */
export function getHeap(): Heap {
  if (heap === null) heap = new Heap(getRuntime().memory, 2 ** 30);
  return heap;
}
