/**
 * The memory behind tensors: one typed array shared by a tensor and its views, with a version
 * counter that in-place ops bump (so backward can detect a saved tensor that changed).
 * @module
 */
import type { TypedArray } from './dtype.js';

export class Storage {
  version = 0;
  constructor(readonly data: TypedArray) {}
}
