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

/** The pure TypeScript kernels. */
export const jsBackend: Backend = { name: 'js', unary, binary, compare, where, copy, assign, reduce, argReduce, softmax, matmul, adam, gather, scatterAdd, rnnForward, rnnBackward };
