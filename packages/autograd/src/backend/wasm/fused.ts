/**
 * The wasm backend's fused elementwise kernel ({@link Backend.fused}): a chain of ops runs over
 * the output in chunks small enough to stay in cache. For each chunk, every input is copied into
 * a register (a chunk-sized block of the kernel memory), each step runs its kernel from registers
 * to a register, and the last register is copied into the output. Each step uses the kernel the
 * op alone would use here (SIMD where the backend has it, the JS kernel otherwise), so results
 * are the same to the bit as running the ops one by one.
 * @module
 */
import type { TypedArray } from '../../dtype.js';
import type { Backend, FusedInput, FusedProgram, View } from '../backend.js';
import * as js from '../js/elementwise.js';
import { BINARY, context, SMALL, UNARY } from './kernels.js';

/** Elements per chunk: a register is 16 KiB (float32) or 32 KiB (float64). */
const CHUNK = 4096;

/** Fills register `reg` (an element index into `mem`) with what output elements [i0, i0 + len) read of `input`. */
function load(mem: TypedArray, reg: number, input: FusedInput, i0: number, len: number): void {
  const { data, offset, period, repeat } = input;
  if (period === 1) {
    mem.fill(data[offset]!, reg, reg + len);
  } else if (repeat === 1) {
    // the elements in order, wrapping around at `period`: the first pass copied, then doubled
    const pos = i0 % period;
    const first = Math.min(period - pos, len);
    mem.set(data.subarray(offset + pos, offset + pos + first), reg);
    let done = first;
    if (done < len) {
      const whole = Math.min(period, len - done);
      mem.set(data.subarray(offset, offset + whole), reg + done);
      done += whole;
    }
    // from here the register repeats itself with period `period`, starting at `first`
    while (done < len) {
      const span = Math.min(done - first, len - done);
      mem.copyWithin(reg + done, reg + first, reg + first + span);
      done += span;
    }
  } else {
    // each element `repeat` times
    for (let i = i0; i < i0 + len; ) {
      const e = Math.floor(i / repeat);
      const end = Math.min((e + 1) * repeat, i0 + len);
      mem.fill(data[offset + (e % period)]!, reg + i - i0, reg + end - i0);
      i = end;
    }
  }
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/**
 * Elements per chunk: about {@link CHUNK}, a multiple of the inputs' periods where they fit, so
 * that those inputs read the same elements in every chunk and load once.
 */
function chunkOf(p: FusedProgram, n: number): number {
  let lcm = 1;
  for (const x of p.inputs) {
    if (x.repeat !== 1 || x.period >= n) continue;
    const next = (lcm / gcd(lcm, x.period)) * x.period;
    if (next <= CHUNK) lcm = next;
  }
  return Math.min(n, Math.max(lcm, Math.floor(CHUNK / lcm) * lcm));
}

/**
 * Registers for a program's values: an input gets its own (a scalar one a single element, read with
 * the kernels' broadcast mode); a step's result reuses the register of a value no later step reads,
 * so that a chain works in a few cache-resident blocks however long it is.
 */
function registers(p: FusedProgram, alloc: () => number, allocScalar: () => number): number[] {
  const { inputs, steps } = p;
  const nin = inputs.length;
  const lastUse = new Array<number>(nin + steps.length).fill(-1);
  steps.forEach((s, j) => {
    for (const v of 'x' in s ? [s.x] : [s.a, s.b]) lastUse[v] = j;
  });
  const ptrs = inputs.map((x) => (x.period === 1 ? allocScalar() : alloc()));
  const free: number[] = [];
  steps.forEach((s, j) => {
    ptrs.push(free.pop() ?? alloc());
    // a step's operands whose last reader is this step free their registers for later steps
    // (not for this one: a kernel reads its operands while it writes its output)
    for (const v of 'x' in s ? [s.x] : [s.a, s.b]) {
      if (lastUse[v] === j && v >= nin && !free.includes(ptrs[v]!)) free.push(ptrs[v]!);
    }
  });
  return ptrs;
}

export const fused: NonNullable<Backend['fused']> = (p: FusedProgram, out: TypedArray): void => {
  const n = out.length;
  const f32 = out instanceof Float32Array;
  const es = out.BYTES_PER_ELEMENT;
  const c = context();
  const un = f32 ? c.k.un_f32 : c.k.un_f64;
  const bin = f32 ? c.k.bin_f32 : c.k.bin_f64;
  const { inputs, steps } = p;
  const nin = inputs.length;
  // the SIMD kernels where the op alone would use them: it runs the JS kernels below SMALL
  // elements, and a unary op on an input whose innermost stride is 0 (one value repeated)
  const simd = n >= SMALL;
  const spread = inputs.map((x) => x.period === 1 || x.repeat > 1);
  const scalar = inputs.map((x) => x.period === 1);
  const ch = chunkOf(p, n);
  const mark = c.mem.mark();
  try {
    // 16 bytes of slack after each register: the SIMD kernels may touch a whole vector
    const ptrs = registers(p, () => c.mem.alloc(ch * es + 16), () => c.mem.alloc(16));
    const last = ptrs[ptrs.length - 1]!;
    const mem = c.mem.viewOf(out);
    const view = (v: number, len: number): View =>
      v < nin && scalar[v] ? { data: mem, shape: [len], strides: [0], offset: ptrs[v]! / es } : { data: mem, shape: [len], strides: [1], offset: ptrs[v]! / es };
    // inputs that read the same elements in every chunk (scalars, rows whose period divides the chunk) load once
    const fixed = inputs.map((x) => x.repeat === 1 && x.period < n && ch % x.period === 0);
    for (let k = 0; k < nin; k++) if (fixed[k]) load(mem, ptrs[k]! / es, inputs[k]!, 0, scalar[k] ? 1 : ch);
    for (let i0 = 0; i0 < n; i0 += ch) {
      const len = Math.min(ch, n - i0);
      for (let k = 0; k < nin; k++) if (!fixed[k]) load(mem, ptrs[k]! / es, inputs[k]!, i0, len);
      for (let j = 0; j < steps.length; j++) {
        const s = steps[j]!;
        const o = ptrs[nin + j]!;
        if ('x' in s) {
          const code = UNARY[s.op];
          if (simd && code !== undefined && !(s.x < nin && spread[s.x])) un(code, ptrs[s.x]!, o, 1, len, 0);
          else js.unary(s.op, view(s.x, len), mem.subarray(o / es, o / es + len));
        } else {
          const code = BINARY[s.op];
          const mode = (s.a < nin && scalar[s.a] ? 2 : 0) + (s.b < nin && scalar[s.b] ? 1 : 0);
          if (simd && code !== undefined) bin(code, mode, ptrs[s.a]!, ptrs[s.b]!, o, 1, len, 0, 0);
          else js.binary(s.op, view(s.a, len), view(s.b, len), mem.subarray(o / es, o / es + len));
        }
      }
      c.mem.unstage(last, out, i0, len);
    }
  } finally {
    c.mem.release(mark);
  }
};
