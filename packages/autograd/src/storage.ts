/**
 * The memory behind tensors: one typed array shared by a tensor and its views, with a version
 * counter that in-place ops bump (so backward can detect a saved tensor that changed).
 *
 * A storage may also be *pending*: the result of a chain of elementwise ops that has not been
 * computed yet (see `ops/fuse.ts`); its array is made the first time anything reads it. A pending
 * computation must see the arrays it reads as they were when its op was called:
 * - an array only chainrule's own code holds is captured as is, and counted in `readers` until the
 *   computation runs; a write meanwhile (in-place ops use {@link Storage.write}) goes to a copy;
 *   a small part of a large array (a row, a column, one value) is copied instead, so that a pending
 *   computation never keeps a large array alive for a few elements;
 * - an array user code may hold (it asked for `tensor.data`: the storage is `exposed`) may be
 *   written through at any time, so it is captured as a copy.
 * @module
 */
import type { TypedArray } from './dtype.js';

export class Storage {
  version = 0;
  /** User code has been given the array (`Tensor.data`) and may write through it at any time. */
  private exposed = false;
  /** Pending computations that captured the current array and have not run yet. */
  private readers = 0;
  private array: TypedArray | null;
  private compute: (() => TypedArray) | null;
  /** What the pending computation is, for an op that fuses it into its own (null once computed). */
  pending: unknown = null;

  constructor(data: TypedArray | null, compute: (() => TypedArray) | null = null, pending: unknown = null) {
    this.array = data;
    this.compute = compute;
    this.pending = pending;
  }

  /** The elements, to read now (computed first when pending). Never write through it. */
  read(): TypedArray {
    if (this.array === null) {
      this.array = this.compute!();
      this.compute = null;
      this.pending = null;
    }
    return this.array;
  }

  /** The elements, to write: a copy first when a pending computation is waiting to read them. */
  write(): TypedArray {
    const a = this.read();
    if (this.readers === 0) return a;
    this.readers = 0;
    return (this.array = a.slice());
  }

  /** The elements, handed to user code (which may write through them whenever it likes). */
  expose(): TypedArray {
    const a = this.write();
    this.exposed = true;
    return a;
  }

  /**
   * Elements [from, to), for a pending computation: the array itself (element i at index i), kept
   * unchanged until {@link Storage.release}; or, when exposed or when [from, to) is under a quarter
   * of the array, a copy of just those elements (element i at index i − from). Returns the array,
   * `from` or 0, and whether it is the storage's own array (then counted until released).
   */
  capture(from: number, to: number): { data: TypedArray; shift: number; shared: boolean } {
    const a = this.read();
    // a copy also when the part read is small next to the array (a row of a matrix): holding the
    // whole array for it would keep it alive as long as the pending computation
    if (this.exposed || (to - from) * 4 <= a.length) return { data: a.slice(from, to), shift: from, shared: false };
    this.readers++;
    return { data: a, shift: 0, shared: true };
  }

  /** One more pending computation will read `array` (captured earlier). */
  retain(array: TypedArray): void {
    if (this.array === array) this.readers++;
  }

  /** A pending computation that captured `array` has run. */
  release(array: TypedArray): void {
    if (this.array === array && this.readers > 0) this.readers--;
  }

  /**
   * Moves the elements into `array` (same type and length) and keeps them there from now on: a
   * compiled function gives the tensors it keeps between calls a fixed place in the kernel memory.
   * A pending computation that captured the old array keeps reading it; an array handed out
   * earlier through `data` is no longer this storage's.
   */
  rehome(array: TypedArray): void {
    const old = this.read();
    if (old === array) return;
    array.set(old);
    this.array = array;
    this.readers = 0;
    this.exposed = false;
  }

  /** Whether the elements are still to be computed. */
  get isPending(): boolean {
    return this.array === null;
  }
}
