/**
 * Shape arithmetic: sizes, strides, broadcasting and dim normalisation. No tensors here.
 * @module
 */

/** A tensor shape: one non-negative integer per dim. */
export type Shape = readonly number[];

/** Product of the sizes (1 for a scalar). */
export function numelOf(shape: Shape): number {
  let n = 1;
  for (const s of shape) n *= s;
  return n;
}

/** Row-major strides of a contiguous tensor of `shape`. */
export function contiguousStrides(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i]!;
  }
  return strides;
}

/** `[3, 4]`, as error messages print shapes. */
export function fmtShape(shape: Shape): string {
  return `[${shape.join(', ')}]`;
}

/** True when both shapes have the same sizes. */
export function sameShape(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The broadcast shape of several shapes (NumPy rules), or an error naming the op and the shapes. */
export function broadcastShapes(op: string, ...shapes: Shape[]): number[] {
  const nd = Math.max(0, ...shapes.map((s) => s.length));
  const out = new Array<number>(nd).fill(1);
  for (const s of shapes) {
    for (let i = 0; i < s.length; i++) {
      const d = nd - s.length + i;
      const size = s[i]!;
      const cur = out[d]!;
      if (size === cur || size === 1) continue;
      if (cur === 1) out[d] = size;
      else {
        throw new RangeError(
          `${op}: shapes ${shapes.map(fmtShape).join(' and ')} cannot be broadcast together (dim ${d - nd}: ${cur} vs ${size})`,
        );
      }
    }
  }
  return out;
}

/** Normalises a possibly negative dim for a tensor of `ndim` dims; throws naming the op. */
export function normDim(dim: number, ndim: number, op: string): number {
  const n = Math.max(ndim, 1);
  if (!Number.isInteger(dim) || dim < -n || dim >= n) {
    throw new RangeError(`${op}: dim ${dim} is out of range for a tensor of ${ndim} dims (expected -${n} to ${n - 1})`);
  }
  return dim < 0 ? dim + n : dim;
}

/** Normalises a list of dims (or all dims when undefined), sorted and without repeats. */
export function normDims(dims: number | readonly number[] | undefined, ndim: number, op: string): number[] {
  if (dims === undefined) return Array.from({ length: ndim }, (_, i) => i);
  const list = typeof dims === 'number' ? [dims] : dims;
  const out = list.map((d) => normDim(d, ndim, op));
  if (new Set(out).size !== out.length) throw new RangeError(`${op}: dim ${JSON.stringify(list)} repeats a dim`);
  return out.sort((a, b) => a - b);
}

/** Validates a user-given shape. */
export function checkShape(shape: readonly number[], op: string): number[] {
  if (!Array.isArray(shape)) throw new TypeError(`${op}: shape must be an array of integers, got ${String(shape)}`);
  for (const s of shape) {
    if (!Number.isInteger(s) || s < 0) throw new RangeError(`${op}: invalid shape ${fmtShape(shape)}: sizes must be non-negative integers`);
  }
  return [...shape];
}
