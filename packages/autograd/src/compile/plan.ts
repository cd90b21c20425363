/**
 * The static memory plan of a captured graph: where each buffer's elements live for every call.
 * On the wasm backend everything is in the kernels' memory, so kernels run on pointers:
 * - temporaries share one block, placed by lifetime (a buffer's span of nodes), largest first, at
 *   the lowest offset that overlaps no buffer alive at the same time;
 * - arguments, constants and host-computed values get their own places in that block;
 * - state (parameters, optimizer moments, module buffers) is moved into the kernel memory once
 *   and stays there (the tensors keep working eagerly: their storage is a view of that memory);
 * - gradients the call leaves in `.grad` get blocks of their own, handed out as the storage of
 *   those tensors.
 * Elsewhere (the JS backend) the same plan lives in one ArrayBuffer, and state stays where it is.
 * @module
 */
import { allocate } from '../dtype.js';
import type { DType, TypedArray } from '../dtype.js';
import { Storage } from '../storage.js';
import { allocBlock, bytesOf, freeBlock, homedStorage, moveHome, viewAt } from './heap.js';
import type { Block } from './heap.js';
import type { Graph } from './ir.js';
import type { Bindings } from './trace.js';

const ALIGN = 64;
const SLACK = 16;
const align = (n: number): number => Math.ceil(n / ALIGN) * ALIGN;

/** Where the buffers of one graph live. */
export interface Homes {
  /** Per buffer: its elements (exactly `numel` of them). */
  readonly arrays: TypedArray[];
  /** Per buffer: the byte address of element 0 in the kernel memory, or -1 outside it. */
  readonly ptrs: number[];
  /** Per live-out buffer: the storage the tensors left in `.grad` view. */
  readonly liveOut: Map<number, Storage>;
  /** Bytes of temporaries (all of them at once would take `tempBytesUnplanned`). */
  readonly tempBytes: number;
  readonly tempBytesUnplanned: number;
  /** Gives the plan's own memory back. */
  release(): void;
}

/**
 * First and last node touching each buffer (-1 … nodes.length for buffers alive the whole call).
 * The nodes of a fused chain run interleaved, chunk by chunk: every buffer one of them touches is
 * alive from the chain's first node to its last.
 */
function lifetimes(g: Graph, together: readonly (readonly number[])[]): { first: number[]; last: number[] } {
  const n = g.nodes.length;
  const first = g.buffers.map(() => Number.POSITIVE_INFINITY);
  const last = g.buffers.map(() => -1);
  g.nodes.forEach((node, i) => {
    for (const v of [...node.inputs, ...(node.output === null ? [] : [node.output])]) {
      const b = g.values[v]!.buffer;
      first[b] = Math.min(first[b]!, i);
      last[b] = Math.max(last[b]!, i);
    }
  });
  for (const nodes of together) {
    const lo = Math.min(...nodes);
    const hi = Math.max(...nodes);
    for (const i of nodes) {
      const node = g.nodes[i]!;
      for (const v of [...node.inputs, ...(node.output === null ? [] : [node.output])]) {
        const b = g.values[v]!.buffer;
        first[b] = Math.min(first[b]!, lo);
        last[b] = Math.max(last[b]!, hi);
      }
    }
  }
  for (const v of g.outputs) last[g.values[v]!.buffer] = n;
  g.buffers.forEach((b, i) => {
    // a temp that starts from captured elements is set up before the first node
    if (b.kind !== 'temp' || b.data !== undefined) {
      first[i] = -1;
      last[i] = n;
    }
    if (first[i] === Number.POSITIVE_INFINITY) first[i] = -1;
  });
  return { first, last };
}

/**
 * Byte offsets for buffers of `sizes` alive over [first, last]: largest first, each at the lowest
 * offset that overlaps no placed buffer alive at the same time. Returns the offsets and the total.
 */
export function placeBuffers(sizes: readonly number[], first: readonly number[], last: readonly number[]): { offsets: number[]; total: number } {
  const order = sizes.map((_, i) => i).sort((a, b) => sizes[b]! - sizes[a]! || a - b);
  const offsets = new Array<number>(sizes.length).fill(0);
  const placed: number[] = [];
  let total = 0;
  for (const i of order) {
    const clash = placed
      .filter((j) => first[j]! <= last[i]! && first[i]! <= last[j]!)
      .map((j) => [offsets[j]!, offsets[j]! + sizes[j]!] as const)
      .sort((a, b) => a[0] - b[0]);
    let at = 0;
    for (const [lo, hi] of clash) {
      if (at + sizes[i]! <= lo) break;
      at = Math.max(at, hi);
    }
    offsets[i] = at;
    total = Math.max(total, at + sizes[i]!);
    placed.push(i);
  }
  return { offsets, total };
}

function viewOf(space: ArrayBuffer, dtype: DType, byteOffset: number, n: number): TypedArray {
  switch (dtype) {
    case 'float32':
      return new Float32Array(space, byteOffset, n);
    case 'float64':
      return new Float64Array(space, byteOffset, n);
    case 'int32':
      return new Int32Array(space, byteOffset, n);
    case 'bool':
    case 'uint8':
      return new Uint8Array(space, byteOffset, n);
    case 'int8':
      return new Int8Array(space, byteOffset, n);
  }
}

/**
 * Plans the memory of `g`: in the kernel memory when `wasm`, else in an ArrayBuffer of its own.
 * `chains` lists the nodes of each fused chain (they run together); buffers in `registers`
 * (values a chain keeps in its chunk registers) get no place.
 */
export function planMemory(g: Graph, b: Bindings, wasm: boolean, chains: readonly (readonly number[])[] = [], registers: ReadonlySet<number> = new Set()): Homes {
  const nb = g.buffers.length;
  const arrays = new Array<TypedArray>(nb);
  const ptrs = new Array<number>(nb).fill(-1);
  const liveOut = new Map<number, Storage>();
  const liveOutBuffers = new Set(g.liveOut.map((v) => g.values[v]!.buffer));
  const blocks: Block[] = [];

  // buffers the plan places: all but state bound to a storage, and live-out gradients
  const own: number[] = [];
  g.buffers.forEach((buf, i) => {
    if (registers.has(i)) {
      arrays[i] = allocate(buf.dtype, 0);
    } else if (liveOutBuffers.has(i)) {
      const make = (a: TypedArray): Storage => new Storage(a);
      const s = wasm ? homedStorage(make, buf.dtype, buf.numel) : make(allocate(buf.dtype, buf.numel));
      liveOut.set(i, s);
      arrays[i] = s.read();
      if (wasm) ptrs[i] = s.read().byteOffset;
    } else if (buf.kind === 'state' && b.slotOf[i] === null) {
      const storage = b.storages[i]!;
      if (wasm) {
        const h = moveHome(storage, buf.dtype);
        arrays[i] = h.array;
        ptrs[i] = h.block.ptr;
      } else {
        arrays[i] = storage.read();
      }
    } else {
      own.push(i);
    }
  });

  const { first, last } = lifetimes(g, chains);
  const sizes = own.map((i) => align(g.buffers[i]!.numel * bytesOf(g.buffers[i]!.dtype) + SLACK));
  const { offsets, total } = placeBuffers(
    sizes,
    own.map((i) => first[i]!),
    own.map((i) => last[i]!),
  );
  let tempBytesUnplanned = 0;
  own.forEach((i, k) => {
    if (g.buffers[i]!.kind === 'temp') tempBytesUnplanned += sizes[k]!;
  });
  if (wasm) {
    const block = allocBlock(total);
    blocks.push(block);
    own.forEach((i, k) => {
      const buf = g.buffers[i]!;
      ptrs[i] = block.ptr + offsets[k]!;
      arrays[i] = viewAt(buf.dtype, ptrs[i], buf.numel);
    });
  } else {
    const space = new ArrayBuffer(Math.max(total, 8));
    own.forEach((i, k) => {
      const buf = g.buffers[i]!;
      arrays[i] = viewOf(space, buf.dtype, offsets[k]!, buf.numel);
    });
  }
  for (const i of own) {
    const d = g.buffers[i]!.data;
    if (d !== undefined) arrays[i]!.set(d);
  }
  return {
    arrays,
    ptrs,
    liveOut,
    tempBytes: total,
    tempBytesUnplanned,
    release: () => {
      for (const bl of blocks.splice(0)) freeBlock(bl);
    },
  };
}
