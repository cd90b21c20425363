/**
 * The "rows" form the elementwise kernels take: an op's operands coalesced to `rows` rows of `n`
 * elements, each operand with a row stride and an inner stride of 1 (contiguous) or 0 (one
 * element repeated, a broadcast).
 * @module
 */
import { coalesce, rowMajor } from '../js/strided.js';

/** Rows form of an op: [rows, n] with each operand's row stride and inner stride (0 or 1). */
export interface Rows {
  rows: number;
  n: number;
  outer: number[];
  inner: number[];
}

/** The rows form of operands of `shape` with these strides (the output is contiguous), or null. */
export function rowsOf(shape: readonly number[], strides: (readonly number[])[]): Rows | null {
  const c = coalesce(shape, [...strides, rowMajor(shape)]);
  if (c.shape.length > 2) return null;
  const two = c.shape.length === 2;
  const inner = c.strides.map((s) => s[s.length - 1]!);
  if (inner.some((s) => s !== 0 && s !== 1) || inner[inner.length - 1] !== 1) return null;
  return {
    rows: two ? c.shape[0]! : 1,
    n: c.shape[c.shape.length - 1]!,
    outer: c.strides.map((s) => (two ? s[0]! : 0)),
    inner,
  };
}
