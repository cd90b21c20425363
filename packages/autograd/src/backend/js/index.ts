/**
 * The pure TypeScript reference backend, `'js'`.
 * @module
 */
import type { Backend } from '../backend.js';
import { assign, binary, compare, copy, unary, where } from './elementwise.js';
import { gather, scatterAdd } from './gather.js';
import { matmul } from './matmul.js';
import { adam } from './optim.js';
import { rnnBackward, rnnForward } from './recurrent.js';
import { argReduce, reduce, softmax } from './reduce.js';
import { scan } from './scan.js';
import { scatterReduce } from './scatter.js';
import { mode, searchsorted, sort } from './sort.js';
import { col2im, im2col } from './window.js';
import { conv2d, conv2dInput, conv2dWeight } from './conv.js';

/** The pure TypeScript kernels. */
export const jsBackend: Backend = {
  name: 'js', unary, binary, compare, where, copy, assign, reduce, argReduce, softmax, matmul, adam, gather, scatterAdd,
  rnnForward, rnnBackward, scatterReduce, sort, mode, searchsorted, scan, im2col, col2im, conv2d, conv2dInput, conv2dWeight,
};
