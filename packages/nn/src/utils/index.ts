/**
 * `nn.utils`: helpers around modules, as `torch.nn.utils` (`nn.utils.rnn`: padding and packing
 * batches of sequences of different lengths).
 * @module
 */
export * as rnn from './rnn.js';
