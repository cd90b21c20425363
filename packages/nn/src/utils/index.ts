/**
 * `nn.utils`: helpers around parameters, as `torch.nn.utils` (flattening them into one vector and
 * back; gradient clipping, which `optim` exports too).
 * @module
 */
export { parametersToVector, vectorToParameters } from './convert.js';
export { clipGradNorm_, clipGradValue_ } from '../optim/clip.js';
export type { ClipGradNormOptions } from '../optim/clip.js';
