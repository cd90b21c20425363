/**
 * Long-lived blocks of the wasm kernels' memory, for compiled programs: their temporaries, and the
 * homes of the tensors they keep between calls (parameters, gradients, optimizer state). Blocks
 * are carved out of the kernel memory's arena between kernel calls (so they sit below any scratch
 * a later kernel takes) and never given back to it; freed blocks are kept in a free list (merged
 * with free neighbours) for later plans. A storage whose elements were moved into a block (see
 * {@link homeOf}) gives its block back when the garbage collector reclaims it.
 * @module
 */
import type { DType, TypedArray } from '../dtype.js';
import { getMemory } from '../backend/wasm/memory.js';
import type { Storage } from '../storage.js';

const ALIGN = 64;
/** Bytes after each block a SIMD kernel may touch (a whole vector past the last element). */
export const SLACK = 16;
const align = (n: number): number => Math.ceil(n / ALIGN) * ALIGN;

/** A block of the kernel memory: byte address and size. */
export interface Block {
  readonly ptr: number;
  readonly bytes: number;
}

/** Free blocks by address (kept sorted, merged with neighbours). */
const free: { ptr: number; bytes: number }[] = [];

/** A block of at least `bytes` (64-byte aligned, with slack after it). */
export function allocBlock(bytes: number): Block {
  const want = align(Math.max(bytes, 1) + SLACK);
  for (let i = 0; i < free.length; i++) {
    const f = free[i]!;
    if (f.bytes < want) continue;
    const block = { ptr: f.ptr, bytes: want };
    if (f.bytes === want) free.splice(i, 1);
    else free[i] = { ptr: f.ptr + want, bytes: f.bytes - want };
    return block;
  }
  const mem = getMemory();
  return { ptr: mem.alloc(want), bytes: want };
}

/** Gives a block back (to later {@link allocBlock} calls). */
export function freeBlock(b: Block): void {
  let i = 0;
  while (i < free.length && free[i]!.ptr < b.ptr) i++;
  free.splice(i, 0, { ptr: b.ptr, bytes: b.bytes });
  // merge with the next, then with the previous
  const next = free[i + 1];
  if (next !== undefined && b.ptr + b.bytes === next.ptr) {
    free[i] = { ptr: b.ptr, bytes: b.bytes + next.bytes };
    free.splice(i + 1, 1);
  }
  const prev = free[i - 1];
  const cur = free[i]!;
  if (prev !== undefined && prev.ptr + prev.bytes === cur.ptr) {
    free[i - 1] = { ptr: prev.ptr, bytes: prev.bytes + cur.bytes };
    free.splice(i, 1);
  }
}

/** A typed array of `n` elements of `dtype` at byte `ptr` of the kernel memory (valid across growth: the memory is shared). */
export function viewAt(dtype: DType, ptr: number, n: number): TypedArray {
  const b = getMemory().memory.buffer;
  switch (dtype) {
    case 'float32':
      return new Float32Array(b, ptr, n);
    case 'float64':
      return new Float64Array(b, ptr, n);
    case 'int32':
      return new Int32Array(b, ptr, n);
    case 'bool':
    case 'uint8':
      return new Uint8Array(b, ptr, n);
    case 'int8':
      return new Int8Array(b, ptr, n);
  }
}

/** Where a storage's elements live in the kernel memory. */
export interface Home {
  readonly block: Block;
  /** The storage's array: a view of the block. */
  readonly array: TypedArray;
}

const homes = new WeakMap<Storage, Home>();
const reclaim = new FinalizationRegistry<Block>((b) => freeBlock(b));

/** The home of a storage moved into the kernel memory, or undefined. */
export function homeOf(s: Storage): Home | undefined {
  return homes.get(s);
}

/**
 * Moves the elements of `s` into a block of the kernel memory (once; later calls return the same
 * home), so that compiled programs read and write them in place. The storage keeps working as
 * before: its array is now a view of the block.
 */
export function moveHome(s: Storage, dtype: DType): Home {
  let h = homes.get(s);
  if (h === undefined) {
    const n = s.read().length;
    const block = allocBlock(n * bytesOf(dtype));
    h = { block, array: viewAt(dtype, block.ptr, n) };
    homes.set(s, h);
    reclaim.register(s, block);
  }
  // the storage may have moved its elements to a fresh array since (a write while a pending
  // chain read the old one): bring them back
  if (s.read() !== h.array) s.rehome(h.array);
  return h;
}

/** A storage of its own in a fresh block (given back when the storage is reclaimed). */
export function homedStorage(make: (array: TypedArray) => Storage, dtype: DType, n: number): Storage {
  const block = allocBlock(n * bytesOf(dtype));
  const array = viewAt(dtype, block.ptr, n);
  const s = make(array);
  homes.set(s, { block, array });
  reclaim.register(s, block);
  return s;
}

/** Bytes per element. */
export function bytesOf(dtype: DType): number {
  return dtype === 'float64' ? 8 : dtype === 'bool' ? 1 : 4;
}
