/**
 * The libraries under test and how to make each one current. tfjs runs its `wasm` and `cpu`
 * backends in this one process (switched with setBackend); chainrule its `wasm` and `js` backends.
 * @module
 */
import * as cr from '@chainrule/autograd';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { torch } from 'js-pytorch';

export { cr, tf, torch };

/**
 * The table's columns. `chainrule-compiled` runs a case through `compile` (see compiled.ts);
 * `pytorch` is the better of PyTorch with 1 and with 2 threads (measured as `pytorch-1t` and
 * `pytorch-2t`, in a child process: see torch.ts).
 */
export const LIBS = ['chainrule-wasm', 'chainrule-compiled', 'chainrule-js', 'tfjs-wasm', 'tfjs-cpu', 'js-pytorch', 'pytorch'] as const;
export type Lib = (typeof LIBS)[number];

/** Makes `lib`'s backend current (PyTorch runs in its own process: nothing to do). */
export async function activate(lib: Lib): Promise<void> {
  if (lib === 'chainrule-wasm' || lib === 'chainrule-compiled') cr.setBackend('wasm');
  else if (lib === 'chainrule-js') cr.setBackend('js');
  else if (lib === 'tfjs-wasm') {
    if (tf.getBackend() !== 'wasm') await tf.setBackend('wasm');
  } else if (lib === 'tfjs-cpu') {
    if (tf.getBackend() !== 'cpu') await tf.setBackend('cpu');
  }
}

/** Readies tfjs's wasm backend (it loads its .wasm asynchronously). */
export async function initPeers(): Promise<void> {
  await tf.setBackend('wasm');
  await tf.ready();
  await tf.setBackend('cpu');
  await tf.ready();
}

/** Nested JS arrays of a row-major flat array (what js-pytorch takes). */
export function nested(flat: ArrayLike<number>, shape: readonly number[]): unknown[] {
  const build = (d: number, at: number): unknown[] => {
    const n = shape[d]!;
    if (d === shape.length - 1) return Array.from({ length: n }, (_, i) => flat[at + i]!);
    const step = shape.slice(d + 1).reduce((a, b) => a * b, 1);
    return Array.from({ length: n }, (_, i) => build(d + 1, at + i * step));
  };
  return build(0, 0);
}

/** A row-major flat copy of nested arrays. */
export function flat(x: unknown): number[] {
  return Array.isArray(x) ? x.flatMap((v) => flat(v)) : [x as number];
}
