/**
 * Strided iteration shared by the JS kernels: dims are coalesced where every operand allows,
 * then the body runs once per innermost row with each operand's start offset.
 * @module
 */

/** Merges adjacent dims that are contiguous for every operand and drops size-1 dims. */
export function coalesce(shape: readonly number[], strides: readonly (readonly number[])[]): { shape: number[]; strides: number[][] } {
  const outShape: number[] = [];
  const outStrides: number[][] = strides.map(() => []);
  for (let d = 0; d < shape.length; d++) {
    const size = shape[d]!;
    if (size === 1) continue;
    const last = outShape.length - 1;
    let merge = last >= 0;
    if (merge) {
      for (let k = 0; k < strides.length; k++) {
        if (outStrides[k]![last] !== strides[k]![d]! * size) {
          merge = false;
          break;
        }
      }
    }
    if (merge) {
      outShape[last] = outShape[last]! * size;
      for (let k = 0; k < strides.length; k++) outStrides[k]![last] = strides[k]![d]!;
    } else {
      outShape.push(size);
      for (let k = 0; k < strides.length; k++) outStrides[k]!.push(strides[k]![d]!);
    }
  }
  if (outShape.length === 0) {
    outShape.push(1);
    for (const s of outStrides) s.push(0);
  }
  return { shape: outShape, strides: outStrides };
}

/**
 * Calls `row(offsets, n)` for every innermost row of `shape`, where `offsets[k]` is operand k's
 * offset of the row's first element. `inner[k]` (returned) is operand k's stride along the row.
 * The offsets array is reused between calls: read it, do not keep it.
 */
export function forEachRow(
  shape: readonly number[],
  strides: readonly (readonly number[])[],
  starts: readonly number[],
  row: (offsets: number[], n: number, inner: readonly number[]) => void,
): void {
  for (const s of shape) if (s === 0) return;
  const c = coalesce(shape, strides);
  const nd = c.shape.length;
  const n = c.shape[nd - 1]!;
  const inner = c.strides.map((s) => s[nd - 1]!);
  const offs = [...starts];
  const counters = new Array<number>(nd - 1).fill(0);
  for (;;) {
    row(offs, n, inner);
    let d = nd - 2;
    for (; d >= 0; d--) {
      const size = c.shape[d]!;
      for (let k = 0; k < offs.length; k++) offs[k] = offs[k]! + c.strides[k]![d]!;
      if (++counters[d]! < size) break;
      for (let k = 0; k < offs.length; k++) offs[k] = offs[k]! - c.strides[k]![d]! * size;
      counters[d] = 0;
    }
    if (d < 0) return;
  }
}

/** Contiguous row-major strides for `shape`. */
export function rowMajor(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i]!;
  }
  return s;
}
