/**
 * safetensors files on disk: the Node file helpers around `@chainrule/nn`'s byte codec (which
 * stays browser-safe). The PyTorch equivalents are `safetensors.torch.save_file` / `load_file`.
 * @module
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import type { Tensor } from '@chainrule/autograd';
import { loadSafetensors, saveSafetensors, SafetensorsError } from '@chainrule/nn';
import type { LoadedSafetensors, SaveSafetensorsOptions } from '@chainrule/nn';

/**
 * Options of {@link saveSafetensorsFile}: the file's metadata, and the `halfDtype` of
 * `saveSafetensors`.
 * @example
 * ```ts
 * import type { SaveSafetensorsFileOptions } from '@chainrule/data';
 * const opts: SaveSafetensorsFileOptions = { metadata: { format: 'pt' }, halfDtype: 'BF16' };
 * ```
 */
export interface SaveSafetensorsFileOptions extends SaveSafetensorsOptions {
  /** String-to-string metadata stored under `__metadata__` (PyTorch writes `{ format: 'pt' }`). */
  metadata?: Record<string, string>;
}

/** Prefixes a codec error with the file it came from; other errors pass through. */
function inFile(path: string, err: unknown): unknown {
  return err instanceof SafetensorsError ? new SafetensorsError(`${path}: ${err.message}`, { cause: err }) : err;
}

/**
 * Writes tensors to a safetensors file that PyTorch's `safetensors.torch.load_file` reads. The
 * file is written to a temporary name first and then renamed, so a crash never leaves a
 * half-written file under `path`.
 *
 * @param path - the file to write (its directory must exist).
 * @param tensors - name to tensor, e.g. `model.stateDict()`; a `Map` works too.
 * @param opts - `metadata`, and `halfDtype` to store float32 tensors as F16 or BF16.
 * @returns a promise that resolves once the file is in place.
 * @throws {@link "@chainrule/nn".SafetensorsError SafetensorsError} (naming the file) for a bad tensor name or value; the file
 *   system's error when the file cannot be written.
 * @example
 * ```ts
 * import { mkdtemp } from 'node:fs/promises';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { nn } from '@chainrule/nn';
 * import { saveSafetensorsFile, loadSafetensorsFile } from '@chainrule/data';
 * const model = new nn.Linear(3, 2);
 * const file = join(await mkdtemp(join(tmpdir(), 'st-')), 'model.safetensors');
 * await saveSafetensorsFile(file, model.stateDict(), { metadata: { format: 'pt' } });
 * model.loadStateDict(await loadSafetensorsFile(file));
 * ```
 */
export async function saveSafetensorsFile(
  path: string,
  tensors: Readonly<Record<string, Tensor>> | ReadonlyMap<string, Tensor>,
  opts: SaveSafetensorsFileOptions = {},
): Promise<void> {
  const { metadata, ...rest } = opts;
  let bytes: Uint8Array;
  try {
    bytes = saveSafetensors(tensors, metadata, rest);
  } catch (err) {
    throw inFile(path, err);
  }
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, bytes);
  await rename(tmp, path);
}

/**
 * Reads a safetensors file (as PyTorch's `safetensors.torch.save_file` writes it) into tensors.
 * dtypes map as {@link loadSafetensors} maps them (F16/BF16 upcast to float32, I64 range-checked
 * into int32).
 *
 * @param path - the file to read.
 * @returns the tensors by name, in file order (a prototype-less object, ready for `loadStateDict`).
 * @throws {@link "@chainrule/nn".SafetensorsError SafetensorsError} naming the file, the problem and the byte offset for a malformed
 *   file; the file system's error (`ENOENT`, ...) when it cannot be read.
 * @example
 * ```ts
 * import { mkdtemp } from 'node:fs/promises';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { tensor } from '@chainrule/autograd';
 * import { saveSafetensorsFile, loadSafetensorsFile } from '@chainrule/data';
 * const file = join(await mkdtemp(join(tmpdir(), 'st-')), 'w.safetensors');
 * await saveSafetensorsFile(file, { w: tensor([1, 2, 3], { dtype: 'float64' }) });
 * (await loadSafetensorsFile(file)).w?.tolist(); // [1, 2, 3]
 * ```
 */
export async function loadSafetensorsFile(path: string): Promise<Record<string, Tensor>> {
  return (await loadSafetensorsFileWithMetadata(path)).tensors;
}

/**
 * Reads a safetensors file with its `__metadata__` strings.
 *
 * @param path - the file to read.
 * @returns `{ tensors, metadata }` (both prototype-less objects).
 * @throws {@link "@chainrule/nn".SafetensorsError SafetensorsError} naming the file for a malformed file; the file system's error
 *   when it cannot be read.
 * @example
 * ```ts
 * import { mkdtemp } from 'node:fs/promises';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { zeros } from '@chainrule/autograd';
 * import { saveSafetensorsFile, loadSafetensorsFileWithMetadata } from '@chainrule/data';
 * const file = join(await mkdtemp(join(tmpdir(), 'st-')), 'm.safetensors');
 * await saveSafetensorsFile(file, { b: zeros([2]) }, { metadata: { format: 'pt' } });
 * (await loadSafetensorsFileWithMetadata(file)).metadata.format; // 'pt'
 * ```
 */
export async function loadSafetensorsFileWithMetadata(path: string): Promise<LoadedSafetensors> {
  const bytes = await readFile(path);
  try {
    return loadSafetensors(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), { metadata: true });
  } catch (err) {
    throw inFile(path, err);
  }
}
