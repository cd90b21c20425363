/**
 * Getting views into the kernels' memory: a view already there is used in place; one in the JS
 * heap (a user's array, or storage made past the budget) is copied into scratch for the call.
 * @module
 */
import type { TypedArray } from '../../dtype.js';
import type { View } from '../backend.js';
import type { Heap, ViewCtor } from './heap.js';

/** The element type a wasm kernel takes for this array, or null (ints, bools). */
export function floatType(a: TypedArray): 'f32' | 'f64' | null {
  return a instanceof Float32Array ? 'f32' : a instanceof Float64Array ? 'f64' : null;
}

/** Scratch blocks to give back after a call. */
export class Scratch {
  private readonly ptrs: number[] = [];
  private readonly writeBacks: (() => void)[] = [];
  constructor(private readonly heap: Heap) {}

  /** Byte address of `v`'s first element, copying the span it reads when it is outside the memory. */
  input(v: View): number {
    const d = v.data;
    const es = d.BYTES_PER_ELEMENT;
    if (this.heap.owns(d)) return d.byteOffset + v.offset * es;
    let extent = 1;
    for (let i = 0; i < v.shape.length; i++) {
      if (v.shape[i] === 0) return 0;
      extent += (v.shape[i]! - 1) * v.strides[i]!;
    }
    const ptr = this.heap.scratch(extent * es);
    this.ptrs.push(ptr);
    this.heap.view(d.constructor as ViewCtor, ptr, extent).set(d.subarray(v.offset, v.offset + extent));
    return ptr;
  }

  /** Byte address to write `out` (contiguous) at; outside the memory, a block copied back by {@link Scratch.finish}. */
  output(out: TypedArray): number {
    if (this.heap.owns(out)) return out.byteOffset;
    const ptr = this.heap.scratch(out.byteLength);
    this.ptrs.push(ptr);
    this.writeBacks.push(() => out.set(this.heap.view(out.constructor as ViewCtor, ptr, out.length)));
    return ptr;
  }

  /** Copies outputs back and gives the scratch blocks back. */
  finish(): void {
    for (const w of this.writeBacks) w();
    for (const p of this.ptrs) this.heap.drop(p);
  }
}

/** True when every stride is non-negative (what {@link Scratch.input} can copy). */
export function forwardStrides(v: View): boolean {
  for (const s of v.strides) if (s < 0) return false;
  return true;
}
