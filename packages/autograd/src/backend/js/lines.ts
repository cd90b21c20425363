/**
 * Iteration along one axis, shared by the kernels that work on whole lines (sort, scans, mode,
 * searchsorted): the body runs once per line with each operand's offset of the line's first element.
 * @module
 */
import { forEachRow } from './strided.js';

/**
 * Calls `line(offsets)` once per line along `axis` of `shape` (the other dims in row-major order);
 * `offsets[k]` is operand k's offset of the line's first element (`strides[k]` are its strides,
 * one per dim of `shape`; its stride along `axis` is ignored). Nothing runs when a dim is empty.
 * The offsets array is reused between calls: read it, do not keep it.
 */
export function forEachLine(shape: readonly number[], axis: number, strides: readonly (readonly number[])[], starts: readonly number[], line: (offsets: readonly number[]) => void): void {
  if (shape.some((s) => s === 0)) return;
  const outer = shape.filter((_, d) => d !== axis);
  const outerStrides = strides.map((s) => s.filter((_, d) => d !== axis));
  const offs = [...starts];
  forEachRow(outer, outerStrides, starts, (rowStarts, n, inner) => {
    for (let k = 0; k < offs.length; k++) offs[k] = rowStarts[k]!;
    for (let r = 0; r < n; r++) {
      line(offs);
      for (let k = 0; k < offs.length; k++) offs[k] = offs[k]! + inner[k]!;
    }
  });
}
