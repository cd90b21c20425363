/**
 * `@chainrule/data`: data for training, as `torch.utils.data` and `torchvision` provide it (Node).
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
export { loadMobyDick } from './text/moby-dick.js';
export { CharVocabulary, splitText } from './text/vocab.js';
export { BigramModel } from './text/bigram.js';
