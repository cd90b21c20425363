/**
 * `@chainrule/data`: datasets and the `DataLoader` (as `torch.utils.data`), transforms (as
 * `torchvision.transforms`), the IDX file format, MNIST and Fashion-MNIST, and seeded toy
 * datasets. This package reads files, so it runs in Node; `@chainrule/autograd` and
 * `@chainrule/nn` stay browser-safe.
 *
 * @example
 * ```ts
 * import { manualSeed } from '@chainrule/autograd';
 * import { nn, optim } from '@chainrule/nn';
 * import * as F from '@chainrule/nn/functional';
 * import { DataLoader, MNIST, compose, flatten, normalize, toTensor } from '@chainrule/data';
 * manualSeed(0);
 * const transform = compose([toTensor(), normalize([0.1307], [0.3081]), flatten()]);
 * const train = await MNIST.load({ train: true, transform }); // the bundled digits
 * const loader = new DataLoader(train, { batchSize: 128, shuffle: true });
 * const model = new nn.Sequential(new nn.Linear(784, 128), new nn.ReLU(), new nn.Linear(128, 10));
 * const opt = new optim.Adam(model.parameters(), { lr: 1e-3 });
 * for (const [x, y] of loader) {
 *   const loss = F.crossEntropy(model.forward(x), y);
 *   opt.zeroGrad();
 *   loss.backward();
 *   opt.step();
 * }
 * ```
 * @packageDocumentation
 */
export { Dataset, IterableDataset, TensorDataset, Subset, ConcatDataset, randomSplit } from './dataset.js';
export type { MapDataset } from './dataset.js';
export { SequentialSampler, RandomSampler, SubsetRandomSampler, WeightedRandomSampler, BatchSampler } from './sampler.js';
export type { Sampler, RandomSamplerOptions, WeightedRandomSamplerOptions } from './sampler.js';
export { defaultCollate, CollateError } from './collate.js';
export type { Collated, CollatableArray } from './collate.js';
export { DataLoader } from './dataloader.js';
export type { DataLoaderOptions } from './dataloader.js';
export { compose, toTensor, normalize, flatten, oneHot, lambda } from './transforms.js';
export type { Transform, ImageLike, ToTensorOptions, OneHotOptions } from './transforms.js';
export { parseIdx, readIdxFile, IdxFormatError } from './idx/parse.js';
export type { IdxArray, IdxDType, IdxTypedArray } from './idx/parse.js';
export { encodeIdx } from './idx/encode.js';
export { loadMnistFiles, mnistFileNames, MnistFilesNotFoundError } from './mnist/files.js';
export type { MnistArrays, MnistKind } from './mnist/files.js';
export { loadBundledMnist, bundledMnistSplit } from './mnist/bundled.js';
export type { BundledMnist, BundledMnistSplit, BundledMnistSplitOptions } from './mnist/bundled.js';
export { MNIST, FashionMNIST, FASHION_MNIST_DEBIAN_DIR } from './mnist/dataset.js';
export type { MnistOptions, MnistItemOptions } from './mnist/dataset.js';
export { makeMoons, makeCircles, makeSpirals, makeXor, makePlanarFlower, makeLinearlySeparable } from './synthetic.js';
export type { ToyDataset, ToyOptions, CirclesOptions, SpiralsOptions, PlanarFlowerOptions, LinearlySeparableOptions } from './synthetic.js';
export { saveSafetensorsFile, loadSafetensorsFile, loadSafetensorsFileWithMetadata } from './safetensors-file.js';
export type { SaveSafetensorsFileOptions } from './safetensors-file.js';
