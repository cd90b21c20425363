/**
 * The memory behind tensors: one typed array shared by a tensor and its views, with a version
 * counter that in-place ops bump (so backward can detect a saved tensor that changed).
 *
 * Where the array lives:
 * - *plain*: an ordinary typed array, reclaimed by the garbage collector (the default: every op's
 *   result, so eager mode keeps PyTorch's memory model and nobody ever has to free anything);
 * - *resident*: a typed-array view into a backend's {@link Heap} (the wasm backend's shared
 *   WebAssembly.Memory), where its kernels read and write it in place with no staging copy. The
 *   block goes back to the heap when the library proves the storage dead ({@link Storage.free}:
 *   a backward pass's intermediate gradients, see `engine/backward.ts`), when the storage moves
 *   out ({@link Storage.moveTo}), or, failing both, after the garbage collector has reclaimed the
 *   Storage object (a FinalizationRegistry, which runs when the event loop turns).
 *
 * API for code that places storage (the backward pass, `compile`):
 * - {@link Storage.create}`(dtype, n, zero)`: the storage of a new tensor; inside
 *   {@link withScope}`(scope, fn)` a float storage of at least `scope.minNumel` elements is
 *   resident in `scope.heap` and listed in `scope.created`, for the scope's owner to free or keep;
 * - {@link Storage.resident}`(heap, dtype, n)`: a resident storage, explicitly;
 * - `storage.isResident`, `storage.heap`; `storage.moveTo(heap | null)` moves the elements into a
 *   heap or out to a plain array (the version is kept: views and saved tensors stay valid);
 * - `storage.free()`: gives a resident block back now; any later read or write throws;
 * - `storage.promote(heap)`: moves a long-lived storage the library updates in place (a parameter
 *   an optimizer steps, the optimizer's state) into the heap, within a budget.
 *
 * A storage may also be *pending*: the result of a chain of elementwise ops that has not been
 * computed yet (see `ops/fuse.ts`); its array is made the first time anything reads it. A pending
 * computation must see the arrays it reads as they were when its op was called:
 * - a plain array only chainrule's own code holds is captured as is, and counted in `readers`
 *   until the computation runs; a write meanwhile (in-place ops use {@link Storage.write}) goes to
 *   a copy; a small part of a large array (a row, a column, one value) is copied instead, so that a
 *   pending computation never keeps a large array alive for a few elements;
 * - an array user code may hold (it asked for `tensor.data`: the storage is `exposed`) may be
 *   written through at any time, so it is captured as a copy;
 * - a resident array is captured as a copy too (its block may be freed or reused before the
 *   computation runs; a copy has no such lifetime).
 *
 * User code never gets a view into a heap: `tensor.data` moves a resident storage out to a plain
 * array first, so what it hands out is an ordinary typed array the garbage collector owns.
 * @module
 */
import { allocate, dtypeOfArray } from './dtype.js';
import type { DType, Heap, TypedArray } from './dtype.js';

/** What the FinalizationRegistry frees when a resident Storage object is collected. */
interface Block {
  readonly heap: Heap;
  readonly array: TypedArray;
  /** Whether it counts in {@link promotedBytes}. */
  readonly promoted: boolean;
}

/** Bytes of promoted storages (see {@link Storage.promote}) resident now. */
let promotedBytes = 0;
/** At most this many bytes are promoted (the rest stays plain): the heap is not reclaimed by a synchronous loop. */
const PROMOTED_MAX = 512 * 2 ** 20;

function giveBackBlock(b: Block): void {
  if (b.promoted) promotedBytes -= b.array.byteLength;
  b.heap.free(b.array);
}

// Resident blocks of storages the program dropped: given back once the collector noticed.
const reclaim = typeof FinalizationRegistry === 'function' ? new FinalizationRegistry<Block>(giveBackBlock) : null;

/**
 * A stretch of code whose new storages go to a heap (see {@link withScope}): float storages of at
 * least `minNumel` elements made by {@link Storage.create} are resident in `heap` and listed in
 * `created`. The scope's owner frees or keeps each when it ends.
 */
export interface StorageScope {
  readonly heap: Heap;
  readonly minNumel: number;
  readonly created: Storage[];
}

let scope: StorageScope | null = null;

/** Runs `fn` with new storages placed by `s` (nested scopes: the inner one places). */
export function withScope<T>(s: StorageScope, fn: () => T): T {
  const prev = scope;
  scope = s;
  try {
    return fn();
  } finally {
    scope = prev;
  }
}

/** Runs `fn` with new storages plain, whatever scope is active (a pending computation's result belongs to no scope). */
export function outsideScope<T>(fn: () => T): T {
  const prev = scope;
  scope = null;
  try {
    return fn();
  } finally {
    scope = prev;
  }
}

/** The active scope, or null. */
export function activeScope(): StorageScope | null {
  return scope;
}

/** Elements from which a gradient of a backward pass is resident (smaller ones run the JS kernels anyway). */
let residentMin = 1024;

/** @internal Sets the fewest elements a backward pass's gradient needs to be resident (Infinity: none); returns the previous value. */
export function setResidentMin(n: number): number {
  const prev = residentMin;
  residentMin = n;
  return prev;
}

/**
 * The resident storages of one backward pass (a {@link StorageScope} in the current backend's
 * heap). The pass calls {@link ResidentScope.sweep} with what it still holds after each node:
 * the rest, unless it escaped, goes back to the heap at once. What the pass hands out escapes (see
 * {@link asUserCode}); {@link ResidentScope.run} ends with it moved out to plain arrays and
 * everything else freed.
 */
export class ResidentScope implements StorageScope {
  readonly created: Storage[] = [];
  private readonly escaped = new Set<Storage>();

  private constructor(
    readonly heap: Heap,
    readonly minNumel: number,
  ) {}

  /** A scope in `heap` (the current backend's), or null (no heap, resident gradients off, or a scope active already). */
  static open(heap: Heap | undefined): ResidentScope | null {
    return heap === undefined || residentMin === Infinity || scope !== null ? null : new ResidentScope(heap, residentMin);
  }

  /** Marks storages as leaving the pass: never freed by it, moved out to plain arrays at its end. */
  escape(storages: Iterable<Storage | undefined>): void {
    for (const st of storages) if (st !== undefined) this.escaped.add(st);
  }

  /** Frees every storage of the scope that is neither in `held` nor escaped. */
  sweep(held: Iterable<Storage>): void {
    if (this.created.length === 0) return;
    const keep = new Set(held);
    const kept = this.created.filter((st) => !st.isFreed && (keep.has(st) || this.escaped.has(st) || (st.free(), false)));
    this.created.length = 0;
    this.created.push(...kept);
  }

  /** Runs `fn` in the scope; then what `escaping()` names and what escaped move out to plain arrays, and the rest is freed. */
  run<T>(fn: () => T, escaping: () => Iterable<Storage | undefined>): T {
    try {
      return withScope(this, fn);
    } finally {
      this.escape(escaping());
      for (const st of this.created) {
        if (st.isFreed) continue;
        if (this.escaped.has(st)) st.moveTo(null);
        else st.free();
      }
      this.created.length = 0;
    }
  }
}

/**
 * Runs user code that may keep what it is given (a hook, a custom function's backward) outside
 * any scope: the storages it is given and those `kept` finds in its result escape the active
 * {@link ResidentScope}.
 */
export function asUserCode<T>(given: readonly Storage[], f: () => T, kept: (r: T) => Iterable<Storage | undefined>): T {
  const s = scope;
  if (!(s instanceof ResidentScope)) return f();
  s.escape(given);
  const r = outsideScope(f);
  s.escape(kept(r));
  return r;
}

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
  /** The heap the array lives in (resident), or null for a plain array. */
  private home: Heap | null = null;
  /** The resident block, as the FinalizationRegistry frees it. */
  private block: Block | null = null;
  /** Set once the block was given back: any use after that is a bug, and throws. */
  private freed = false;

  constructor(data: TypedArray | null, compute: (() => TypedArray) | null = null, pending: unknown = null) {
    this.array = data;
    this.compute = compute;
    this.pending = pending;
  }

  /**
   * The storage of a new tensor of `n` elements: plain, or resident in the active scope's heap
   * (listed in the scope) when one is active and `dtype` is a float type with `n` ≥ its minimum.
   * @param zero - whether the elements must start at 0 (else a kernel writes every one).
   */
  static create(dtype: DType, n: number, zero: boolean): Storage {
    const s = scope;
    if (s === null || n < s.minNumel || (dtype !== 'float32' && dtype !== 'float64')) return new Storage(allocate(dtype, n));
    const st = Storage.resident(s.heap, dtype, n);
    if (zero) st.array!.fill(0);
    s.created.push(st);
    return st;
  }

  /** A resident storage of `n` elements of `dtype` in `heap` (contents unspecified). */
  static resident(heap: Heap, dtype: DType, n: number): Storage {
    const st = new Storage(heap.alloc(dtype, n));
    st.adopt(heap);
    return st;
  }

  /** Whether the array lives in a heap (see the module comment). */
  get isResident(): boolean {
    return this.home !== null;
  }

  /** The heap the array lives in, or null. */
  get heap(): Heap | null {
    return this.home;
  }

  /** Whether {@link Storage.free} has given the block back. */
  get isFreed(): boolean {
    return this.freed;
  }

  /** The elements, to read now (computed first when pending). Never write through it. */
  read(): TypedArray {
    if (this.array === null) {
      if (this.freed) throw new Error('internal error: a tensor whose storage was freed was used (please report it)');
      const compute = this.compute!;
      // a pending computation makes the array of a tensor that may outlive any scope
      this.array = outsideScope(compute);
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

  /** The elements, handed to user code (which may write through them whenever it likes): a plain array. */
  expose(): TypedArray {
    if (this.home !== null) this.moveTo(null);
    const a = this.write();
    this.exposed = true;
    return a;
  }

  /**
   * Elements [from, to), for a pending computation: the array itself (element i at index i), kept
   * unchanged until {@link Storage.release}; or, when exposed, resident, or when [from, to) is
   * under a quarter of the array, a copy of just those elements (element i at index i − from).
   * Returns the array, `from` or 0, and whether it is the storage's own array (then counted until
   * released).
   */
  capture(from: number, to: number): { data: TypedArray; shift: number; shared: boolean } {
    const a = this.read();
    // a copy also when the part read is small next to the array (a row of a matrix): holding the
    // whole array for it would keep it alive as long as the pending computation
    if (this.exposed || this.home !== null || (to - from) * 4 <= a.length) return { data: a.slice(from, to), shift: from, shared: false };
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
    // a resident block of its own (promoted) is no longer used: back to its heap
    if (this.home !== null) this.giveBack();
    this.array = array;
    this.readers = 0;
    this.exposed = false;
  }

  /** Whether the elements are still to be computed. */
  get isPending(): boolean {
    return this.array === null && !this.freed;
  }

  /**
   * Moves the elements into `heap` (resident), or out to a plain array (`null`); nothing when
   * they are there already. The version is kept: views and saved tensors stay valid.
   */
  moveTo(heap: Heap | null, promoted = false): void {
    const a = this.read();
    if (heap === this.home) return;
    let next: TypedArray;
    if (heap === null) next = a.slice();
    else {
      next = heap.alloc(dtypeOfArray(a), a.length);
      next.set(a);
    }
    if (this.home !== null) this.giveBack();
    this.array = next;
    this.readers = 0;
    if (heap !== null) this.adopt(heap, promoted);
  }

  /**
   * Moves a long-lived storage the library updates in place (a parameter an optimizer steps, an
   * optimizer's state) into `heap`, so that the kernels updating it need no copy in and out. Not
   * an array user code holds (`exposed`), nor one under the resident threshold of float elements
   * (the one backward-pass gradients use: `setResidentMin`; Infinity turns promotion off too), nor
   * past {@link PROMOTED_MAX} bytes promoted in all (a program that drops such storages gets
   * their blocks back only when the event loop turns).
   */
  promote(heap: Heap): void {
    const a = this.array;
    if (this.home !== null || this.exposed || a === null || a.length < residentMin || !(a instanceof Float32Array || a instanceof Float64Array)) return;
    // already in shared memory: the kernel memory (a compiled function's place for it), not to move
    if (typeof SharedArrayBuffer === 'function' && a.buffer instanceof SharedArrayBuffer) return;
    if (promotedBytes + a.byteLength > PROMOTED_MAX) return;
    this.moveTo(heap, true);
  }

  /** Gives a resident block back to its heap now; any later use of this storage throws. */
  free(): void {
    if (this.home === null || this.array === null) return;
    this.giveBack();
    this.array = null;
    this.compute = null;
    this.freed = true;
  }

  private adopt(heap: Heap, promoted = false): void {
    this.home = heap;
    this.block = { heap, array: this.array!, promoted };
    if (promoted) promotedBytes += this.array!.byteLength;
    reclaim?.register(this, this.block, this);
  }

  private giveBack(): void {
    reclaim?.unregister(this);
    giveBackBlock(this.block!);
    this.home = null;
    this.block = null;
  }
}
