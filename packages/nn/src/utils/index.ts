/**
 * `nn.utils`: helpers around modules and parameters, as `torch.nn.utils` (`nn.utils.rnn`: padding
 * and packing batches of sequences of different lengths; parameters flattened into one vector and
 * back; gradient clipping, which `optim` exports too).
 * @module
 */
export * as rnn from './rnn.js';
export { parametersToVector, vectorToParameters } from './convert.js';
export { clipGradNorm_, clipGradValue_ } from '../optim/clip.js';
export type { ClipGradNormOptions } from '../optim/clip.js';
