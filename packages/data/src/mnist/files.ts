/**
 * Loading MNIST and Fashion-MNIST from the standard IDX files on disk.
 * @module
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { readIdxFile } from '../idx/parse.js';
import { IdxFormatError } from '../idx/types.js';
import type { IdxArray } from '../idx/types.js';

/**
 * The datasets that ship in the MNIST file layout.
 * @example
 * ```ts
 * import type { MnistKind } from '@chainrule/data';
 * const kind: MnistKind = 'fashion-mnist';
 * ```
 */
export type MnistKind = 'mnist' | 'fashion-mnist';

/**
 * One split of MNIST-style data: `count` grey-scale images of `rows × cols` bytes (0..255),
 * stored row-major one after another, and their labels (0..9).
 * @example
 * ```ts
 * import { bundledMnistSplit } from '@chainrule/data';
 * import type { MnistArrays } from '@chainrule/data';
 * const { images, rows, cols }: MnistArrays = bundledMnistSplit(false);
 * const firstImage = images.subarray(0, rows * cols); // 784 bytes
 * ```
 */
export interface MnistArrays {
  /** `count * rows * cols` pixels, 0 = background, 255 = ink. */
  images: Uint8Array;
  /** `count` class labels in 0..9. */
  labels: Uint8Array;
  /** The number of images. */
  count: number;
  /** Image height (28). */
  rows: number;
  /** Image width (28). */
  cols: number;
}

/**
 * No MNIST files were found: the message names the directory and every name looked for.
 * @example
 * ```ts
 * import { loadMnistFiles, MnistFilesNotFoundError } from '@chainrule/data';
 * try {
 *   await loadMnistFiles('/nonexistent', true, 'mnist');
 * } catch (e) {
 *   if (e instanceof MnistFilesNotFoundError) console.log(e.path, e.lookedFor);
 * }
 * ```
 */
export class MnistFilesNotFoundError extends Error {
  /** The directory that was searched (the `root` given). */
  readonly path: string;
  /** Every path that was tried, in order. */
  readonly lookedFor: string[];

  /**
   * @param message - the full message.
   * @param path - the root directory.
   * @param lookedFor - the paths tried.
   */
  constructor(message: string, path: string, lookedFor: string[]) {
    super(message);
    this.name = 'MnistFilesNotFoundError';
    this.path = path;
    this.lookedFor = lookedFor;
  }
}

/**
 * The standard base names of the image and label files of one split, such as
 * `train-images-idx3-ubyte`.
 * @param train - the training split (`train-*`) or the test split (`t10k-*`).
 * @returns the image and label file base names, without `.gz`.
 * @example
 * ```ts
 * import { mnistFileNames } from '@chainrule/data';
 * mnistFileNames(false); // { images: 't10k-images-idx3-ubyte', labels: 't10k-labels-idx1-ubyte' }
 * ```
 */
export function mnistFileNames(train: boolean): { images: string; labels: string } {
  const split = train ? 'train' : 't10k';
  return { images: `${split}-images-idx3-ubyte`, labels: `${split}-labels-idx1-ubyte` };
}

/** The sub-directories tried under `root`, in order (torchvision and common layouts included). */
function candidateDirs(root: string, kind: MnistKind): string[] {
  const torchName = kind === 'mnist' ? 'MNIST' : 'FashionMNIST';
  return [root, join(root, 'raw'), join(root, torchName, 'raw'), join(root, kind)];
}

/** The file names tried in each directory: the standard name, the `.idx3-ubyte` variant, raw then gzip. */
function candidateNames(base: string): string[] {
  const dotted = base.replace(/-(idx\d-ubyte)$/, '.$1');
  return [base, `${base}.gz`, dotted, `${dotted}.gz`];
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

async function findFile(root: string, kind: MnistKind, base: string, what: string): Promise<string> {
  const tried: string[] = [];
  for (const dir of candidateDirs(root, kind)) {
    for (const name of candidateNames(base)) {
      const p = join(dir, name);
      tried.push(p);
      if (await isFile(p)) return p;
    }
  }
  const dirs = candidateDirs(root, kind);
  const dotted = candidateNames(base)[2]!;
  throw new MnistFilesNotFoundError(
    `${kind} ${what} not found under ${root}: looked for ${base}[.gz] (or ${dotted}[.gz]) in ${dirs.join(', ')}; tried:\n  ` +
      tried.join('\n  '),
    root,
    tried,
  );
}

/**
 * Loads one split of MNIST or Fashion-MNIST from the four standard IDX files
 * (`train-images-idx3-ubyte`, `train-labels-idx1-ubyte`, `t10k-images-idx3-ubyte`,
 * `t10k-labels-idx1-ubyte`), each raw or gzipped (`.gz`, detected from the content).
 *
 * The files are looked for directly in `root`, then in `root/raw`, `root/MNIST/raw` (or
 * `root/FashionMNIST/raw`, torchvision's layout) and `root/<kind>`; the variant spelling
 * `train-images.idx3-ubyte` is accepted too. Debian's `dataset-fashion-mnist` package installs
 * the gzipped files directly in `/usr/share/datasets/fashion-mnist`.
 *
 * @param root - the directory holding the files.
 * @param train - `true` for the training split (60,000 images), `false` for the test split (10,000).
 * @param kind - which dataset the directory holds; it picks the torchvision sub-directory and
 *   names the dataset in messages (both share the file format and names).
 * @returns the images (uint8, `count × 28 × 28`), the labels (uint8 in 0..9) and the sizes.
 * @throws {@link MnistFilesNotFoundError} when `root` is missing or a file is not found; the
 *   message names `root` and every path tried.
 * @throws {@link IdxFormatError} when a file is malformed, or when the images are not uint8
 *   `[N, 28, 28]`, the labels are not uint8 `[N]` with the same N, or a label is 10 or more (the
 *   offset then points at the offending header field or label byte).
 * @example
 * ```ts
 * import { mkdtempSync, writeFileSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { gzipSync } from 'node:zlib';
 * import { encodeIdx, loadMnistFiles } from '@chainrule/data';
 * const root = mkdtempSync(join(tmpdir(), 'mnist-'));
 * const images = encodeIdx({ dtype: 'uint8', shape: [2, 28, 28], data: new Uint8Array(2 * 784) });
 * writeFileSync(join(root, 't10k-images-idx3-ubyte.gz'), gzipSync(images));
 * writeFileSync(join(root, 't10k-labels-idx1-ubyte'), encodeIdx({ dtype: 'uint8', shape: [2], data: new Uint8Array([9, 2]) }));
 * const test = await loadMnistFiles(root, false, 'fashion-mnist');
 * test.count; // 2
 * test.labels[0]; // 9 (ankle boot)
 * ```
 */
export async function loadMnistFiles(root: string, train: boolean, kind: MnistKind): Promise<MnistArrays> {
  const names = mnistFileNames(train);
  let rootIsDir = false;
  try {
    rootIsDir = (await stat(root)).isDirectory();
  } catch {
    rootIsDir = false;
  }
  if (!rootIsDir) {
    throw new MnistFilesNotFoundError(
      `${kind} directory not found: ${root} (looked for ${names.images}[.gz] and ${names.labels}[.gz] in it)`,
      root,
      [root],
    );
  }
  const [imagesPath, labelsPath] = await Promise.all([
    findFile(root, kind, names.images, `${train ? 'training' : 'test'} images`),
    findFile(root, kind, names.labels, `${train ? 'training' : 'test'} labels`),
  ]);
  const [images, labels] = await Promise.all([readIdxFile(imagesPath), readIdxFile(labelsPath)]);
  return validate(images, imagesPath, labels, labelsPath);
}

function validate(images: IdxArray, imagesPath: string, labels: IdxArray, labelsPath: string): MnistArrays {
  if (images.dtype !== 'uint8' || !(images.data instanceof Uint8Array)) {
    throw new IdxFormatError(imagesPath, 2, `wrong dtype ${images.dtype}`, 'MNIST images must be uint8 (0x08)');
  }
  const [count, rows, cols] = images.shape;
  if (images.shape.length !== 3 || rows !== 28 || cols !== 28 || count === undefined) {
    // point at the dimension count, or at the first wrong dimension size
    const offset = images.shape.length !== 3 ? 3 : rows !== 28 ? 8 : 12;
    throw new IdxFormatError(imagesPath, offset, `wrong shape [${images.shape.join(', ')}]`, 'MNIST images must have shape [N, 28, 28]');
  }
  if (labels.dtype !== 'uint8' || !(labels.data instanceof Uint8Array)) {
    throw new IdxFormatError(labelsPath, 2, `wrong dtype ${labels.dtype}`, 'MNIST labels must be uint8 (0x08)');
  }
  if (labels.shape.length !== 1) {
    throw new IdxFormatError(labelsPath, 3, `wrong shape [${labels.shape.join(', ')}]`, 'MNIST labels must have shape [N]');
  }
  if (labels.shape[0] !== count) {
    throw new IdxFormatError(
      labelsPath,
      4,
      `label count ${labels.shape[0]} differs from the image count`,
      `${imagesPath} holds ${count} images`,
    );
  }
  const lab = labels.data;
  for (let i = 0; i < lab.length; i++) {
    if (lab[i]! >= 10) {
      throw new IdxFormatError(labelsPath, 8 + i, `label ${lab[i]} out of range`, `label ${i} must be in 0..9`);
    }
  }
  return { images: images.data, labels: lab, count, rows, cols };
}
