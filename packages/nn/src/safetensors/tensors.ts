/**
 * safetensors ⇄ chainrule tensors: `loadSafetensors` and `saveSafetensors` on top of the byte
 * codec, with the dtype mapping chainrule can hold (float32, float64, int32, uint8, int8, bool).
 * @module
 */
import { tensor } from '@chainrule/autograd';
import type { DType, Tensor } from '@chainrule/autograd';
import { decodeSafetensors, encodeSafetensors } from './codec.js';
import type { SafetensorsEntry } from './codec.js';
import { SafetensorsError } from './format.js';
import type { SafetensorsDType } from './format.js';

/**
 * What {@link loadSafetensors} returns when asked for the metadata too.
 * @example
 * ```ts
 * const bytes = saveSafetensors({ w: tensor([1, 2]) }, { epoch: '3' });
 * const loaded: LoadedSafetensors = loadSafetensors(bytes, { metadata: true });
 * loaded.metadata.epoch; // '3'
 * loaded.tensors.w; // tensor([1., 2.])
 * ```
 */
export interface LoadedSafetensors {
  /** Tensor name to tensor (a prototype-less object, in file order). */
  tensors: Record<string, Tensor>;
  /** The file's `__metadata__` strings (a prototype-less object). */
  metadata: Record<string, string>;
}

/** Names that cannot be keys of a plain object without touching its prototype machinery. */
const FORBIDDEN_NAMES = new Set(['__proto__', 'constructor', 'prototype']);

/** Converts one decoded entry to the tensor dtype chainrule holds. */
function toTensor(name: string, e: SafetensorsEntry): Tensor {
  const shape = e.shape;
  switch (e.dtype) {
    case 'F64':
      return tensor(e.data as Float64Array, { shape, dtype: 'float64' });
    case 'F32':
    case 'F16':
    case 'BF16':
      // the codec widens 16-bit floats exactly to Float32Array
      return tensor(e.data as Float32Array, { shape, dtype: 'float32' });
    case 'I32':
    case 'I16':
      return tensor(e.data as Int32Array | Int16Array, { shape, dtype: 'int32' });
    case 'I8':
      return tensor(e.data as Int8Array, { shape, dtype: 'int8' });
    case 'U8':
      return tensor(e.data as Uint8Array, { shape, dtype: 'uint8' });
    case 'BOOL':
      return tensor(Uint8Array.from(e.data as Uint8Array), { shape, dtype: 'bool' });
    case 'I64': {
      const src = e.data as BigInt64Array;
      const out = new Int32Array(src.length);
      for (let i = 0; i < src.length; i++) {
        const v = src[i]!;
        if (v > 2147483647n || v < -2147483648n) {
          throw new SafetensorsError(`tensor ${JSON.stringify(name)}: I64 element ${i} is ${v}, outside the int32 range chainrule holds`);
        }
        out[i] = Number(v);
      }
      return tensor(out, { shape, dtype: 'int32' });
    }
  }
}

/**
 * Reads a safetensors file (as written by PyTorch's `safetensors.torch.save_file`) into tensors.
 * F64 gives float64; F32, F16 and BF16 give float32 (16-bit floats are upcast exactly); I32 and
 * I16 give int32; I8 gives int8, U8 uint8; I64 gives int32 after a range check; BOOL gives bool. The result is a
 * prototype-less object, ready for {@link Module.loadStateDict}.
 *
 * @param bytes - the whole file.
 * @returns the tensors by name, in file order.
 * @throws {@link SafetensorsError} for a malformed file (the message names the problem, the tensor
 *   and the byte offset), an I64 value outside the int32 range, or a tensor named `__proto__`,
 *   `constructor` or `prototype`.
 * @example
 * ```ts
 * import { readFileSync, writeFileSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { loadSafetensors, nn, saveSafetensors } from '@chainrule/nn';
 * const file = join(tmpdir(), 'chainrule-mlp.safetensors');
 * const trained = new nn.Sequential(new nn.Linear(6, 8), new nn.Tanh(), new nn.Linear(8, 3));
 * writeFileSync(file, saveSafetensors(trained.stateDict(), { format: 'pt' }));
 * // in a browser: new Uint8Array(await (await fetch(url)).arrayBuffer())
 * const model = new nn.Sequential(new nn.Linear(6, 8), new nn.Tanh(), new nn.Linear(8, 3));
 * model.loadStateDict(loadSafetensors(new Uint8Array(readFileSync(file)))); // { missingKeys: [], unexpectedKeys: [] }
 * ```
 */
export function loadSafetensors(bytes: Uint8Array): Record<string, Tensor>;
/**
 * Reads a safetensors file into tensors, with its `__metadata__` strings.
 *
 * @param bytes - the whole file.
 * @param opts - `{ metadata: true }`.
 * @returns `{ tensors, metadata }` (both prototype-less objects).
 * @throws {@link SafetensorsError} as the one-argument form.
 * @example
 * ```ts
 * const bytes = saveSafetensors(new nn.Linear(2, 1).stateDict(), { format: 'pt' });
 * const { tensors, metadata } = loadSafetensors(bytes, { metadata: true });
 * Object.keys(tensors); // ['weight', 'bias']
 * metadata.format; // 'pt'
 * ```
 */
export function loadSafetensors(bytes: Uint8Array, opts: { metadata: true }): LoadedSafetensors;
export function loadSafetensors(bytes: Uint8Array, opts: { metadata?: boolean } = {}): Record<string, Tensor> | LoadedSafetensors {
  const { tensors, metadata } = decodeSafetensors(bytes);
  const out = Object.create(null) as Record<string, Tensor>;
  for (const [name, entry] of tensors) {
    if (FORBIDDEN_NAMES.has(name)) {
      throw new SafetensorsError(`tensor name ${JSON.stringify(name)} is not allowed (it would reach an object's prototype)`);
    }
    out[name] = toTensor(name, entry);
  }
  return opts.metadata === true ? { tensors: out, metadata } : out;
}

const SAFETENSORS_DTYPE: Record<DType, SafetensorsDType> = { float64: 'F64', float32: 'F32', int32: 'I32', uint8: 'U8', int8: 'I8', bool: 'BOOL' };

/**
 * Options of {@link saveSafetensors}.
 * @example
 * ```ts
 * const opts: SaveSafetensorsOptions = { halfDtype: 'F16' };
 * const bytes = saveSafetensors({ w: tensor([1 / 3]) }, undefined, opts);
 * loadSafetensors(bytes).w; // tensor([0.3333])
 * bytes.length < saveSafetensors({ w: tensor([1 / 3]) }).length; // true
 * ```
 */
export interface SaveSafetensorsOptions {
  /**
   * Store float32 tensors as this 16-bit type instead (`F16` or `BF16`, rounded to nearest even),
   * as `model.half()` / `model.bfloat16()` before saving in PyTorch.
   */
  halfDtype?: 'F16' | 'BF16';
}

/**
 * Writes tensors as a safetensors file that PyTorch's `safetensors.torch.load_file` reads: float64
 * as F64, float32 as F32 (or F16/BF16 with `halfDtype`), int32 as I32, uint8 as U8, int8 as I8,
 * bool as BOOL. Tensors are
 * written in the object's key order; the values are copied (non-contiguous views are fine).
 *
 * @param tensors - name to tensor, e.g. `model.stateDict()`; a `Map` works too.
 * @param metadata - optional string-to-string metadata (`{ format: 'pt' }` as PyTorch writes).
 * @param opts - see {@link SaveSafetensorsOptions}.
 * @returns the file's bytes.
 * @throws {@link SafetensorsError} for an empty, repeated or reserved name (`__metadata__`,
 *   `__proto__`, `constructor`, `prototype`), a value that is not a tensor, or a non-string
 *   metadata value.
 * @example
 * ```ts
 * import { loadSafetensors, nn, saveSafetensors } from '@chainrule/nn';
 * const model = new nn.Linear(3, 2, { dtype: 'float64' });
 * const bytes = saveSafetensors(model.stateDict(), { format: 'pt' }); // open it in Python with safetensors.torch.load_file
 * const copy = new nn.Linear(3, 2, { dtype: 'float64' });
 * copy.loadStateDict(loadSafetensors(bytes));
 * String(copy.weight) === String(model.weight); // true
 * saveSafetensors({ w: tensor([1]), __metadata__: tensor([2]) }); // throws SafetensorsError: __metadata__
 * ```
 */
export function saveSafetensors(
  tensors: Readonly<Record<string, Tensor>> | ReadonlyMap<string, Tensor>,
  metadata?: Record<string, string>,
  opts: SaveSafetensorsOptions = {},
): Uint8Array {
  const pairs: [string, unknown][] =
    tensors instanceof Map ? [...(tensors as ReadonlyMap<string, Tensor>)] : Object.keys(tensors).map((k) => [k, (tensors as Record<string, Tensor>)[k]]);
  const entries = new Map<string, SafetensorsEntry>();
  for (const [name, t] of pairs) {
    if (FORBIDDEN_NAMES.has(name)) throw new SafetensorsError(`tensor name ${JSON.stringify(name)} is not allowed (it would reach an object's prototype)`);
    if (t === null || typeof t !== 'object' || !('toArray' in t) || !('dtype' in t)) {
      throw new SafetensorsError(`tensor ${JSON.stringify(name)}: expected a Tensor, got ${t === null ? 'null' : typeof t}`);
    }
    const x = t as Tensor;
    let dtype = SAFETENSORS_DTYPE[x.dtype];
    if (dtype === 'F32' && opts.halfDtype !== undefined) dtype = opts.halfDtype;
    entries.set(name, { dtype, shape: [...x.shape], data: x.detach().toArray() });
  }
  return encodeSafetensors(entries, metadata);
}
