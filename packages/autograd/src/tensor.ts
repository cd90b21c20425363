/**
 * The Tensor: strided storage, autograd state, and the PyTorch-named methods (each a one-line
 * call into `ops/`).
 * @module
 */
import type { View } from './backend/backend.js';
import { getBackend } from './backend/backend.js';
import { allocate, isFloating } from './dtype.js';
import type { DType, TypedArray } from './dtype.js';
import { isGradEnabled } from './engine/mode.js';
import type { GradHook, Node } from './engine/node.js';
import { contiguousStrides, fmtShape, numelOf, sameShape } from './shape.js';
import { Storage } from './storage.js';
import * as E from './ops/elementwise.js';
import type { TensorLike } from './ops/elementwise.js';
import * as R from './ops/reduce.js';
import type { Dims, ValuesIndices, VarOptions } from './ops/reduce.js';
import * as S from './ops/shape.js';
import * as I from './ops/indexing.js';
import * as L from './ops/linalg.js';
import * as SM from './ops/softmax.js';
import { castPrim, contiguousPrim } from './ops/prims.js';
import { formatTensor } from './format.js';
import { backward as runBackward } from './engine/backward.js';
import type { BackwardOptions } from './engine/backward.js';

/** Nested arrays of numbers or booleans, as accepted by {@link tensor}. */
export type NestedArray = number | boolean | readonly NestedArray[];

/** A handle returned by {@link Tensor.registerHook}. */
export interface RemovableHandle {
  /** Unregisters the hook. */
  remove(): void;
}

/**
 * A multi-dimensional array that can record the ops applied to it and differentiate through them,
 * like `torch.Tensor`. Create one with {@link tensor}, {@link zeros}, {@link randn}, ...
 *
 * @example
 * ```ts
 * import { tensor } from '@chainrule/autograd';
 * const x = tensor([[1, 2], [3, 4]], { requiresGrad: true });
 * const y = x.mul(x).sum();
 * y.backward();
 * console.log(x.grad?.toString()); // tensor([[2., 4.], [6., 8.]])
 * ```
 */
export class Tensor implements View {
  /** @internal */ _storage: Storage;
  /** The size of each dim. */
  readonly shape: readonly number[];
  /** Elements to skip in storage to step one along each dim. */
  readonly strides: readonly number[];
  /** Index of the first element in storage. */
  readonly offset: number;
  /** The element type. */
  readonly dtype: DType;
  /** The accumulated gradient (leaves, and non-leaves after {@link Tensor.retainGrad}); null until a backward fills it. */
  grad: Tensor | null = null;
  /** @internal */ _gradFn: Node | null = null;
  /** @internal */ _outputIndex = 0;
  /** @internal */ _leafRequiresGrad = false;
  /** @internal */ _hooks: GradHook[] = [];
  /** @internal */ _retainsGrad = false;

  /** @internal Use {@link tensor} and the other creation functions. */
  constructor(storage: Storage, shape: readonly number[], strides: readonly number[], offset: number, dtype: DType) {
    this._storage = storage;
    this.shape = shape;
    this.strides = strides;
    this.offset = offset;
    this.dtype = dtype;
  }

  // ---- construction helpers (internal) -------------------------------------------------------
  /** @internal Row-major strides of a contiguous tensor of `shape`. */
  static stridesFor(shape: readonly number[]): number[] {
    return contiguousStrides(shape);
  }
  /** @internal A contiguous tensor over `data`. */
  static fromData(data: TypedArray, shape: readonly number[], dtype: DType): Tensor {
    return new Tensor(new Storage(data), shape, contiguousStrides(shape), 0, dtype);
  }
  /** @internal A contiguous, zero-filled tensor (kernels write their outputs into one). */
  static empty(shape: readonly number[], dtype: DType): Tensor {
    return Tensor.fromData(allocate(dtype, numelOf(shape)), shape, dtype);
  }
  /** @internal */
  static zeros(shape: readonly number[], dtype: DType): Tensor {
    return Tensor.empty(shape, dtype);
  }
  /** @internal A 0-dim tensor. */
  static scalar(v: number, dtype: DType): Tensor {
    const t = Tensor.empty([], dtype);
    t._storage.data[0] = dtype === 'bool' ? (v ? 1 : 0) : v;
    return t;
  }
  /** @internal */
  static where(cond: Tensor, a: TensorLike, b: TensorLike): Tensor {
    return E.where(cond, a, b);
  }
  /** @internal A view of this tensor's storage. */
  _view(shape: readonly number[], strides: readonly number[], offset: number): Tensor {
    return new Tensor(this._storage, shape, strides, offset, this.dtype);
  }
  /** @internal */
  _setGradFn(node: Node, index: number): void {
    this._gradFn = node;
    this._outputIndex = index;
  }
  /**
   * @internal Makes this tensor hold `src`'s elements, shape and dtype in place of its own, as
   * PyTorch's `t.data = src` (Module.to keeps its Parameter objects this way). The version moves
   * past the old one, so a graph that saved the old data refuses to backward.
   */
  _setData(src: Tensor): void {
    // saved views of the old data share its storage: bump it, so their nodes notice
    const version = ++this._storage.version;
    const self = this as { -readonly [K in 'shape' | 'strides' | 'offset' | 'dtype']: Tensor[K] };
    self.shape = src.shape;
    self.strides = src.strides;
    self.offset = src.offset;
    self.dtype = src.dtype;
    this._storage = src._storage;
    this._storage.version = Math.max(this._storage.version, version);
  }

  // ---- read-out -------------------------------------------------------------------------------
  /** The storage's typed array (shared with views; see {@link Tensor.offset} and {@link Tensor.strides}). */
  get data(): TypedArray {
    return this._storage.data;
  }
  /** The number of dims. */
  get ndim(): number {
    return this.shape.length;
  }
  /**
   * The number of elements.
   * @returns the product of the sizes.
   * @example
   * ```ts
   * zeros([2, 3]).numel(); // 6
   * ```
   */
  numel(): number {
    return numelOf(this.shape);
  }
  /**
   * The number of dims (PyTorch's `dim()`).
   * @returns the number of dims.
   * @example
   * ```ts
   * zeros([2, 3]).dim(); // 2
   * ```
   */
  dim(): number {
    return this.shape.length;
  }
  /**
   * The shape, as a new array (PyTorch's `size()`).
   * @returns the shape.
   * @example
   * ```ts
   * zeros([2, 3]).size(); // [2, 3]
   * ```
   */
  size(): number[];
  /**
   * The size of one dim.
   * @param dim - a dim (negative counts from the end).
   * @returns its size.
   * @throws RangeError when dim is out of range.
   * @example
   * ```ts
   * zeros([2, 3]).size(-1); // 3
   * ```
   */
  size(dim: number): number;
  size(dim?: number): number[] | number {
    if (dim === undefined) return [...this.shape];
    return this.shape[dim < 0 ? dim + this.ndim : dim] ?? (() => { throw new RangeError(`size: dim ${dim} out of range for ${this.ndim} dims`); })();
  }
  /**
   * Whether the elements are laid out row-major without gaps.
   * @returns true for contiguous tensors.
   * @example
   * ```ts
   * zeros([2, 3]).t().isContiguous(); // false
   * ```
   */
  isContiguous(): boolean {
    let expected = 1;
    for (let d = this.ndim - 1; d >= 0; d--) {
      const s = this.shape[d]!;
      if (s !== 1 && this.strides[d] !== expected) return false;
      expected *= s;
    }
    return true;
  }
  /**
   * The value of a one-element tensor as a JS number.
   * @returns the value (booleans read as 0/1).
   * @throws RangeError when the tensor has more than one element.
   * @example
   * ```ts
   * tensor([[3]]).item(); // 3
   * ```
   */
  item(): number {
    if (this.numel() !== 1) throw new RangeError(`item: only one-element tensors can be converted to a number, got shape ${fmtShape(this.shape)}`);
    return this._storage.data[this.offset]!;
  }
  /**
   * A flat, contiguous copy of the elements as a typed array of the tensor's dtype.
   * @returns Float32Array, Float64Array, Int32Array or (bool) Uint8Array.
   * @example
   * ```ts
   * tensor([[1, 2], [3, 4]]).t().toArray(); // Float32Array [1, 3, 2, 4]
   * ```
   */
  toArray(): TypedArray {
    const out = allocate(this.dtype, this.numel());
    getBackend().copy(this, out);
    return out;
  }
  /**
   * The elements as nested JS arrays (a number for a 0-dim tensor; booleans for bool).
   * @returns nested arrays shaped like the tensor.
   * @example
   * ```ts
   * tensor([[1, 2], [3, 4]]).tolist(); // [[1, 2], [3, 4]]
   * ```
   */
  tolist(): NestedArray {
    const flat = Array.from(this.toArray(), (v) => (this.dtype === 'bool' ? v !== 0 : v));
    if (this.ndim === 0) return flat[0]!;
    const build = (d: number, at: number): NestedArray[] => {
      const n = this.shape[d]!;
      if (d === this.ndim - 1) return flat.slice(at, at + n);
      const step = numelOf(this.shape.slice(d + 1));
      return Array.from({ length: n }, (_, i) => build(d + 1, at + i * step));
    };
    return build(0, 0);
  }
  /**
   * Prints like PyTorch: `tensor([[1., 2.], [3., 4.]], requires_grad=True)`.
   * @returns the text.
   * @example
   * ```ts
   * String(tensor([1.5, 2])); // 'tensor([1.5000, 2.0000])'
   * ```
   */
  toString(): string {
    return formatTensor(this);
  }

  // ---- autograd state -------------------------------------------------------------------------
  /** Whether gradients flow to this tensor: set on leaves, inherited by results of ops on them. */
  get requiresGrad(): boolean {
    return this._gradFn !== null || this._leafRequiresGrad;
  }
  set requiresGrad(v: boolean) {
    this.requiresGrad_(v);
  }
  /** The node that produced this tensor (null for leaves), like `grad_fn`. */
  get gradFn(): Node | null {
    return this._gradFn;
  }
  /** True for tensors created by the user rather than by a recorded op. */
  get isLeaf(): boolean {
    return this._gradFn === null;
  }
  /**
   * Sets whether autograd records ops on this leaf.
   * @param requiresGrad - the new flag (default true).
   * @returns this tensor.
   * @throws Error on a non-leaf, or when asking for gradients of a non-float tensor.
   * @example
   * ```ts
   * const w = zeros([3]).requiresGrad_();
   * ```
   */
  requiresGrad_(requiresGrad = true): this {
    if (this._gradFn !== null) {
      if (!requiresGrad) throw new Error('requiresGrad_: you can only change requiresGrad of leaf tensors; use detach() for a non-leaf');
      return this;
    }
    if (requiresGrad && !isFloating(this.dtype)) throw new TypeError(`requiresGrad_: only floating-point tensors can require gradients, got ${this.dtype}`);
    this._leafRequiresGrad = requiresGrad;
    return this;
  }
  /**
   * A tensor sharing this one's data but cut from the graph (`requiresGrad` false).
   * @returns the detached view.
   * @example
   * ```ts
   * const y = x.mul(2).detach();
   * ```
   */
  detach(): Tensor {
    return new Tensor(this._storage, this.shape, this.strides, this.offset, this.dtype);
  }
  /**
   * Keeps `.grad` for this non-leaf tensor after backward (leaves always keep it).
   * @returns this tensor.
   * @example
   * ```ts
   * const h = x.mul(2); h.retainGrad(); h.sum().backward(); h.grad; // ones
   * ```
   */
  retainGrad(): this {
    if (this._gradFn === null || this._retainsGrad) return this;
    this._retainsGrad = true;
    this._gradFn.hooks[this._outputIndex]!.push((g) => {
      // a copy: the gradient flowing on may be a view, or be handed to other tensors too
      this.grad = this.grad === null ? g.detach().clone() : this.grad.add(g).detach();
    });
    return this;
  }
  /**
   * Registers a function called with this tensor's gradient during backward; it may return a
   * replacement gradient.
   * @param hook - `(grad) => Tensor | void`.
   * @returns a handle whose `remove()` unregisters it.
   * @throws Error on a tensor that does not require grad.
   * @example
   * ```ts
   * const x = tensor([1, 2], { requiresGrad: true });
   * x.registerHook((g) => g.mul(2));
   * x.sum().backward(); // x.grad = [2, 2]
   * ```
   */
  registerHook(hook: GradHook): RemovableHandle {
    if (!this.requiresGrad) throw new Error("registerHook: cannot register a hook on a tensor that doesn't require gradient");
    const list = this._gradFn === null ? this._hooks : this._gradFn.hooks[this._outputIndex]!;
    list.push(hook);
    return {
      remove: () => {
        const i = list.indexOf(hook);
        if (i >= 0) list.splice(i, 1);
      },
    };
  }
  /**
   * Computes the gradient of this tensor with respect to every leaf that requires grad and adds it
   * to their `.grad`, like `tensor.backward()`.
   * @param gradient - the upstream gradient; required unless this tensor has one element.
   * @param opts - `retainGraph` to allow another backward, `createGraph` for higher-order gradients.
   * @throws Error when the tensor needs no grad, when `gradient` is missing for a non-scalar, or when the graph was freed by an earlier backward.
   * @example
   * ```ts
   * const x = tensor([1, 2, 3], { requiresGrad: true });
   * x.square().sum().backward();
   * x.grad?.tolist(); // [2, 4, 6]
   * ```
   */
  backward(gradient?: Tensor | null, opts: BackwardOptions = {}): void {
    runBackward([this], gradient === undefined || gradient === null ? [null] : [gradient], opts);
  }

  // ---- elementwise ----------------------------------------------------------------------------
  /** Elementwise sum with broadcasting: `this + alpha·other`. @param other - tensor or number. @param opts - `alpha` scales `other`. @returns a new tensor. @example `x.add(1)` */
  add(other: TensorLike, opts?: { alpha?: number }): Tensor {
    return E.binary('add', this, opts?.alpha === undefined ? other : scaled(other, opts.alpha));
  }
  /** Elementwise difference: `this − alpha·other`. @param other - tensor or number. @param opts - `alpha` scales `other`. @returns a new tensor. @example `x.sub(y)` */
  sub(other: TensorLike, opts?: { alpha?: number }): Tensor {
    return E.binary('sub', this, opts?.alpha === undefined ? other : scaled(other, opts.alpha));
  }
  /** Elementwise product. @param other - tensor or number. @returns a new tensor. @example `x.mul(2)` */
  mul(other: TensorLike): Tensor {
    return E.binary('mul', this, other);
  }
  /** Elementwise true division (integers give float32). @param other - tensor or number. @returns a new tensor. @example `x.div(2)` */
  div(other: TensorLike): Tensor {
    return E.binary('div', this, other);
  }
  /** Elementwise power. @param exponent - tensor or number. @returns a new tensor. @example `x.pow(2)` */
  pow(exponent: TensorLike): Tensor {
    return E.binary('pow', this, exponent);
  }
  /** Elementwise maximum of two tensors (ties split the gradient). @param other - tensor or number. @returns a new tensor. @example `x.maximum(y)` */
  maximum(other: TensorLike): Tensor {
    return E.binary('maximum', this, other);
  }
  /** Elementwise minimum. @param other - tensor or number. @returns a new tensor. @example `x.minimum(y)` */
  minimum(other: TensorLike): Tensor {
    return E.binary('minimum', this, other);
  }
  /** −x. @returns a new tensor. @example `x.neg()` */
  neg(): Tensor {
    return E.neg(this);
  }
  /** eˣ. @returns a new tensor. @example `x.exp()` */
  exp(): Tensor {
    return E.exp(this);
  }
  /** Natural log. @returns a new tensor. @example `x.log()` */
  log(): Tensor {
    return E.log(this);
  }
  /** log(1 + x), accurate near 0. @returns a new tensor. @example `x.log1p()` */
  log1p(): Tensor {
    return E.log1p(this);
  }
  /** √x. @returns a new tensor. @example `x.sqrt()` */
  sqrt(): Tensor {
    return E.sqrt(this);
  }
  /** |x|. NOTE: the gradient at 0 is 0. @returns a new tensor. @example `x.abs()` */
  abs(): Tensor {
    return E.abs(this);
  }
  /** sin x. @returns a new tensor. @example `x.sin()` */
  sin(): Tensor {
    return E.sin(this);
  }
  /** cos x. @returns a new tensor. @example `x.cos()` */
  cos(): Tensor {
    return E.cos(this);
  }
  /** tanh x. @returns a new tensor. @example `x.tanh()` */
  tanh(): Tensor {
    return E.tanh(this);
  }
  /** The logistic sigmoid 1/(1+e⁻ˣ). @returns a new tensor. @example `x.sigmoid()` */
  sigmoid(): Tensor {
    return E.sigmoid(this);
  }
  /** max(x, 0). NOTE: the gradient at 0 is 0. @returns a new tensor. @example `x.relu()` */
  relu(): Tensor {
    return E.relu(this);
  }
  /** The error function. @returns a new tensor. @example `x.erf()` */
  erf(): Tensor {
    return E.erf(this);
  }
  /** −1, 0 or 1 (no gradient). @returns a new tensor. @example `x.sign()` */
  sign(): Tensor {
    return E.sign(this);
  }
  /** x². @returns a new tensor. @example `x.square()` */
  square(): Tensor {
    return E.square(this);
  }
  /** 1/x. @returns a new tensor. @example `x.reciprocal()` */
  reciprocal(): Tensor {
    return E.reciprocal(this);
  }
  /** Leaky ReLU. @param negativeSlope - slope for x ≤ 0 (default 0.01). @returns a new tensor. @example `x.leakyRelu(0.2)` */
  leakyRelu(negativeSlope = 0.01): Tensor {
    return E.leakyRelu(this, negativeSlope);
  }
  /** GELU. @param approximate - `'none'` (erf, default) or `'tanh'`. @returns a new tensor. @example `x.gelu()` */
  gelu(approximate: 'none' | 'tanh' = 'none'): Tensor {
    return E.gelu(this, approximate);
  }
  /** Softplus log(1+e^(βx))/β. @param beta - β (default 1). @param threshold - linear above βx > threshold (default 20). @returns a new tensor. @example `x.softplus()` */
  softplus(beta = 1, threshold = 20): Tensor {
    return E.softplus(this, beta, threshold);
  }
  /** ELU. @param alpha - α (default 1). @returns a new tensor. @example `x.elu()` */
  elu(alpha = 1): Tensor {
    return E.elu(this, alpha);
  }
  /** SiLU (swish) x·σ(x). @returns a new tensor. @example `x.silu()` */
  silu(): Tensor {
    return E.silu(this);
  }
  /** Clamps into [min, max]. @param min - lower bound or null. @param max - upper bound or null. @returns a new tensor. @example `x.clamp(0, 1)` */
  clamp(min?: number | null, max?: number | null): Tensor {
    return E.clamp(this, min, max);
  }
  /** Elementwise ==, bool result. @param other - tensor or number. @returns a bool tensor. @example `x.eq(0)` */
  eq(other: TensorLike): Tensor {
    return E.compare('eq', this, other);
  }
  /** Elementwise !=. @param other - tensor or number. @returns a bool tensor. @example `x.ne(0)` */
  ne(other: TensorLike): Tensor {
    return E.compare('ne', this, other);
  }
  /** Elementwise <. @param other - tensor or number. @returns a bool tensor. @example `x.lt(0)` */
  lt(other: TensorLike): Tensor {
    return E.compare('lt', this, other);
  }
  /** Elementwise <=. @param other - tensor or number. @returns a bool tensor. @example `x.le(0)` */
  le(other: TensorLike): Tensor {
    return E.compare('le', this, other);
  }
  /** Elementwise >. @param other - tensor or number. @returns a bool tensor. @example `x.gt(0)` */
  gt(other: TensorLike): Tensor {
    return E.compare('gt', this, other);
  }
  /** Elementwise >=. @param other - tensor or number. @returns a bool tensor. @example `x.ge(0)` */
  ge(other: TensorLike): Tensor {
    return E.compare('ge', this, other);
  }
  /** Elementwise logical and (nonzero is true). @param other - tensor. @returns a bool tensor. @example `a.logicalAnd(b)` */
  logicalAnd(other: Tensor): Tensor {
    return E.compare('ne', this.ne(0).to('int32').mul(other.ne(0).to('int32')), 0);
  }
  /** Elementwise logical or. @param other - tensor. @returns a bool tensor. @example `a.logicalOr(b)` */
  logicalOr(other: Tensor): Tensor {
    return E.compare('ne', this.ne(0).to('int32').add(other.ne(0).to('int32')), 0);
  }
  /** Elementwise logical not. @returns a bool tensor. @example `m.logicalNot()` */
  logicalNot(): Tensor {
    return this.eq(0);
  }
  /** True where finite. @returns a bool tensor. @example `x.isfinite()` */
  isfinite(): Tensor {
    return isFloating(this.dtype) ? this.sub(this).eq(0) : E.compare('eq', this, this);
  }
  /** True where NaN. @returns a bool tensor. @example `x.isnan()` */
  isnan(): Tensor {
    return this.ne(this);
  }

  // ---- reductions -----------------------------------------------------------------------------
  /** Sum over `dim` (all when omitted). @param dim - dim(s). @param keepdim - keep reduced dims as size 1. @returns the sum. @example `x.sum(1, true)` */
  sum(dim?: Dims, keepdim = false): Tensor {
    return R.sum(this, dim, keepdim);
  }
  /** Mean over `dim`. @param dim - dim(s). @param keepdim - keep reduced dims. @returns the mean. @example `x.mean(-1)` */
  mean(dim?: Dims, keepdim = false): Tensor {
    return R.mean(this, dim, keepdim);
  }
  /** Product over `dim` (its gradient is exact at zeros too). @param dim - dim(s). @param keepdim - keep reduced dims. @returns the product. @example `x.prod(1)` */
  prod(dim?: Dims, keepdim = false): Tensor {
    return R.prod(this, dim, keepdim);
  }
  /** Variance (Bessel-corrected by default). @param dim - dim(s). @param opts - correction/unbiased/keepdim. @returns the variance. @example `x.var(1)` */
  var(dim?: Dims, opts?: VarOptions): Tensor {
    return R.variance(this, dim, opts);
  }
  /** Standard deviation. @param dim - dim(s). @param opts - correction/unbiased/keepdim. @returns the std. @example `x.std()` */
  std(dim?: Dims, opts?: VarOptions): Tensor {
    return R.std(this, dim, opts);
  }
  /** p-norm. @param p - 2 (default), 1, Infinity, ... @param dim - dim(s). @param keepdim - keep reduced dims. @returns the norm. @example `x.norm()` */
  norm(p = 2, dim?: Dims, keepdim = false): Tensor {
    return R.norm(this, p, dim, keepdim);
  }
  /** Stable log Σ exp. @param dim - dim(s). @param keepdim - keep reduced dims. @returns the result. @example `x.logsumexp(1)` */
  logsumexp(dim: Dims, keepdim = false): Tensor {
    return R.logsumexp(this, dim, keepdim);
  }
  /**
   * The largest element.
   * @returns a 0-dim tensor.
   * @example
   * ```ts
   * tensor([[1, 5], [7, 2]]).max(); // tensor(7.)
   * ```
   */
  max(): Tensor;
  /**
   * The largest values along a dim and their indices, as PyTorch's `max(dim)`.
   * @param dim - the dim to reduce (negative counts from the end).
   * @param keepdim - keep the reduced dim with size 1.
   * @returns `{ values, indices }` (indices int32).
   * @throws RangeError when dim is out of range.
   * @example
   * ```ts
   * const { values, indices } = tensor([[1, 5], [7, 2]]).max(1);
   * ```
   */
  max(dim: number, keepdim?: boolean): ValuesIndices;
  /**
   * The elementwise maximum with another tensor (broadcasting), as PyTorch's `max(other)`.
   * @param other - the other tensor.
   * @returns a new tensor.
   * @throws Error when the shapes do not broadcast.
   * @example
   * ```ts
   * tensor([1, 5]).max(tensor([3, 2])); // tensor([3., 5.])
   * ```
   */
  max(other: Tensor): Tensor;
  max(dim?: number | Tensor, keepdim = false): Tensor | ValuesIndices {
    if (dim === undefined) return R.amax(this);
    if (dim instanceof Tensor) return this.maximum(dim);
    return R.maxDim(this, dim, keepdim);
  }
  /**
   * The smallest element.
   * @returns a 0-dim tensor.
   * @example
   * ```ts
   * tensor([[1, 5], [7, 2]]).min(); // tensor(1.)
   * ```
   */
  min(): Tensor;
  /**
   * The smallest values along a dim and their indices, as PyTorch's `min(dim)`.
   * @param dim - the dim to reduce (negative counts from the end).
   * @param keepdim - keep the reduced dim with size 1.
   * @returns `{ values, indices }` (indices int32).
   * @throws RangeError when dim is out of range.
   * @example
   * ```ts
   * const { values, indices } = tensor([[1, 5], [7, 2]]).min(1);
   * ```
   */
  min(dim: number, keepdim?: boolean): ValuesIndices;
  /**
   * The elementwise minimum with another tensor (broadcasting), as PyTorch's `min(other)`.
   * @param other - the other tensor.
   * @returns a new tensor.
   * @throws Error when the shapes do not broadcast.
   * @example
   * ```ts
   * tensor([1, 5]).min(tensor([3, 2])); // tensor([1., 2.])
   * ```
   */
  min(other: Tensor): Tensor;
  min(dim?: number | Tensor, keepdim = false): Tensor | ValuesIndices {
    if (dim === undefined) return R.amin(this);
    if (dim instanceof Tensor) return this.minimum(dim);
    return R.minDim(this, dim, keepdim);
  }
  /** Max over dims (ties share the gradient). @param dim - dim(s). @param keepdim - keep reduced dims. @returns the max. @example `x.amax(1)` */
  amax(dim?: Dims, keepdim = false): Tensor {
    return R.amax(this, dim, keepdim);
  }
  /** Min over dims. @param dim - dim(s). @param keepdim - keep reduced dims. @returns the min. @example `x.amin(1)` */
  amin(dim?: Dims, keepdim = false): Tensor {
    return R.amin(this, dim, keepdim);
  }
  /** Index of the max (int32). @param dim - a dim, or none for the flattened tensor. @param keepdim - keep the dim. @returns indices. @example `logits.argmax(1)` */
  argmax(dim?: number, keepdim = false): Tensor {
    return R.argmax(this, dim, keepdim);
  }
  /** Index of the min (int32). @param dim - a dim. @param keepdim - keep the dim. @returns indices. @example `x.argmin(0)` */
  argmin(dim?: number, keepdim = false): Tensor {
    return R.argmin(this, dim, keepdim);
  }

  // ---- linear algebra -------------------------------------------------------------------------
  /** Matrix product (1-D, 2-D, batched, broadcast). @param other - right operand. @returns the product. @throws RangeError when inner sizes differ. @example `x.matmul(w.t())` */
  matmul(other: Tensor): Tensor {
    return L.matmul(this, other);
  }
  /** 2-D matrix product. @param other - right operand. @returns the product. @example `a.mm(b)` */
  mm(other: Tensor): Tensor {
    return L.mm(this, other);
  }
  /** Batched matrix product. @param other - right operand. @returns the product. @example `a.bmm(b)` */
  bmm(other: Tensor): Tensor {
    return L.bmm(this, other);
  }
  /** Inner product of 1-D tensors. @param other - right operand. @returns a 0-dim tensor. @example `a.dot(b)` */
  dot(other: Tensor): Tensor {
    return L.dot(this, other);
  }
  /** Outer product of 1-D tensors. @param other - right operand. @returns a matrix. @example `a.outer(b)` */
  outer(other: Tensor): Tensor {
    return L.outer(this, other);
  }

  // ---- shape ----------------------------------------------------------------------------------
  /** Same data, new shape (a view when possible; one -1 is inferred). @param shape - the new shape. @returns the reshaped tensor. @example `x.reshape([-1, 4])` */
  reshape(shape: readonly number[]): Tensor {
    return S.reshape(this, shape);
  }
  /** Like reshape but always a view; throws when the layout forbids. @param shape - the new shape. @returns the view. @example `x.view([2, 6])` */
  view(shape: readonly number[]): Tensor {
    return S.view(this, shape);
  }
  /** Swaps two dims (a view). @param dim0 - a dim. @param dim1 - another dim. @returns the view. @example `x.transpose(0, 1)` */
  transpose(dim0: number, dim1: number): Tensor {
    return S.transpose(this, dim0, dim1);
  }
  /** Transpose of a ≤2-D tensor (a view). @returns the view. @example `w.t()` */
  t(): Tensor {
    return S.t(this);
  }
  /** Reorders dims (a view). @param dims - the new order. @returns the view. @example `x.permute([2, 0, 1])` */
  permute(dims: readonly number[]): Tensor {
    return S.permute(this, dims);
  }
  /** Broadcasts size-1 dims to `shape` without copying (-1 keeps a size). @param shape - the target. @returns the view. @example `b.expand([3, 4])` */
  expand(shape: readonly number[]): Tensor {
    return S.expand(this, shape);
  }
  /** Expands to another tensor's shape. @param other - the model. @returns the view. @example `b.expandAs(x)` */
  expandAs(other: Tensor): Tensor {
    return S.expand(this, other.shape);
  }
  /** Drops size-1 dims (all, or the given ones). @param dim - dim(s). @returns the view. @example `x.squeeze(0)` */
  squeeze(dim?: number | readonly number[]): Tensor {
    return S.squeeze(this, dim);
  }
  /** Inserts a size-1 dim. @param dim - where. @returns the view. @example `x.unsqueeze(0)` */
  unsqueeze(dim: number): Tensor {
    return S.unsqueeze(this, dim);
  }
  /** Flattens dims startDim..endDim into one. @param startDim - first dim (default 0). @param endDim - last dim (default -1). @returns the reshaped tensor. @example `x.flatten(1)` */
  flatten(startDim = 0, endDim = -1): Tensor {
    return S.flatten(this, startDim, endDim);
  }
  /** A view of `length` elements along `dim` from `start`. @param dim - the dim. @param start - first index. @param length - count. @returns the view. @throws RangeError when out of bounds. @example `x.narrow(1, 0, 2)` */
  narrow(dim: number, start: number, length: number): Tensor {
    return S.narrow(this, dim, start, length);
  }
  /** Python-style `x[start:end:step]` along `dim` (a view). @param dim - the dim. @param start - first index. @param end - end (exclusive). @param step - stride (default 1). @returns the view. @example `x.slice(0, 1, 3)` */
  slice(dim: number, start?: number, end?: number, step = 1): Tensor {
    return S.slice(this, dim, start, end, step);
  }
  /** Splits into pieces along a dim. @param size - piece size or sizes. @param dim - the dim. @returns views. @example `x.split(2)` */
  split(size: number | readonly number[], dim = 0): Tensor[] {
    return S.split(this, size, dim);
  }
  /** Splits into `chunks` nearly equal pieces. @param chunks - how many. @param dim - the dim. @returns views. @example `x.chunk(3, 1)` */
  chunk(chunks: number, dim = 0): Tensor[] {
    return S.chunk(this, chunks, dim);
  }
  /** A contiguous tensor with the same values (this one if already contiguous). @returns the tensor. @example `x.t().contiguous()` */
  contiguous(): Tensor {
    return this.isContiguous() ? this : contiguousPrim(this);
  }
  /** A copy (differentiable). @returns the copy. @example `x.clone()` */
  clone(): Tensor {
    return contiguousPrim(this);
  }
  /** Values at `index` along `dim`. @param dim - the dim. @param index - 1-D int32 tensor. @returns the selection. @example `x.indexSelect(0, tensor([2, 0], { dtype: 'int32' }))` */
  indexSelect(dim: number, index: Tensor): Tensor {
    return I.indexSelect(this, dim, index);
  }
  /** torch.gather. @param dim - the dim. @param index - int32 tensor. @returns the gathered values. @example `x.gather(1, idx)` */
  gather(dim: number, index: Tensor): Tensor {
    return I.gather(this, dim, index);
  }
  /** torch.scatter_add (out of place). @param dim - the dim. @param index - int32 tensor. @param src - values. @returns a new tensor. @example `zeros([3]).scatterAdd(0, idx, src)` */
  scatterAdd(dim: number, index: Tensor, src: Tensor): Tensor {
    return I.scatterAdd(this, dim, index, src);
  }
  /** softmax along `dim`. @param dim - the dim. @returns probabilities. @example `logits.softmax(1)` */
  softmax(dim: number): Tensor {
    return SM.softmax(this, dim);
  }
  /** log-softmax along `dim`, stable. @param dim - the dim. @returns log-probabilities. @example `logits.logSoftmax(1)` */
  logSoftmax(dim: number): Tensor {
    return SM.logSoftmax(this, dim);
  }
  /** @internal */
  _slice(dim: number, start: number, end: number, step: number): Tensor {
    return S.slice(this, dim, start, end, step);
  }
  /** @internal */
  _unslice(shape: readonly number[], dim: number, start: number, end: number, step: number): Tensor {
    return S.unslice(this, shape, dim, start, end, step);
  }

  // ---- dtype ----------------------------------------------------------------------------------
  /** Converts to `dtype` (this tensor if it already has it; differentiable between floats). @param dtype - the target. @returns the converted tensor. @example `x.to('float64')` */
  to(dtype: DType): Tensor {
    return dtype === this.dtype ? this : castPrim(this, dtype);
  }
  /** To float32. @returns the tensor. @example `x.float()` */
  float(): Tensor {
    return this.to('float32');
  }
  /** To float64. @returns the tensor. @example `x.double()` */
  double(): Tensor {
    return this.to('float64');
  }
  /** To int32 (truncates). @returns the tensor. @example `x.int()` */
  int(): Tensor {
    return this.to('int32');
  }
  /** To bool (nonzero is true). @returns the tensor. @example `x.bool()` */
  bool(): Tensor {
    return this.to('bool');
  }

  // ---- in place -------------------------------------------------------------------------------
  /** @internal Refuses an in-place change of a tensor autograd needs. */
  _checkInPlace(op: string): void {
    if (isGradEnabled() && this.requiresGrad) {
      throw new Error(
        this.isLeaf
          ? `${op}: a leaf tensor that requires grad is being used in an in-place operation; wrap it in noGrad() (as optimizers do)`
          : `${op}: in-place operations on tensors that are part of the autograd graph are not supported; use the out-of-place ${op.replace(/_$/, '')}`,
      );
    }
  }
  /** @internal Writes `value` (broadcast) into this tensor's elements and bumps the version. */
  _assign(value: Tensor, op: string): this {
    this._checkInPlace(op);
    const v = S.expand(value.detach().to(this.dtype), this.shape);
    getBackend().assign(this, v);
    this._storage.version++;
    return this;
  }
  /**
   * @internal this ← this `op` other. A contiguous float tensor whose result keeps its dtype and
   * shape is computed straight into its own storage (no temporary, no copy); anything else goes
   * through the out-of-place op and {@link Tensor._assign}.
   */
  _update(op: 'add' | 'sub' | 'mul' | 'div', other: TensorLike, name: string): this {
    this._checkInPlace(name);
    const n = this.numel();
    if (n > 0 && isFloating(this.dtype) && this.isContiguous() && E.resultDType(this, other) === this.dtype && !(other instanceof Tensor && other._storage === this._storage)) {
      const o = E.asTensor(other, this.dtype);
      if (o.ndim <= this.ndim && o.shape.every((s, i) => s === 1 || s === this.shape[this.ndim - o.ndim + i])) {
        getBackend().binary(op, this, sameShape(o.shape, this.shape) ? o : o.expand(this.shape), this.data.subarray(this.offset, this.offset + n));
        this._storage.version++;
        return this;
      }
    }
    return this._assign(this.detach()[op](other), name);
  }
  /** In-place add. @param other - tensor or number. @param opts - `alpha`. @returns this. @throws Error on a tensor that requires grad outside noGrad. @example `x.add_(1)` */
  add_(other: TensorLike, opts?: { alpha?: number }): this {
    return this._update('add', opts?.alpha === undefined ? other : scaled(other, opts.alpha), 'add_');
  }
  /** In-place subtract. @param other - tensor or number. @param opts - `alpha`. @returns this. @example `x.sub_(1)` */
  sub_(other: TensorLike, opts?: { alpha?: number }): this {
    return this._update('sub', opts?.alpha === undefined ? other : scaled(other, opts.alpha), 'sub_');
  }
  /** In-place multiply. @param other - tensor or number. @returns this. @example `x.mul_(0.9)` */
  mul_(other: TensorLike): this {
    return this._update('mul', other, 'mul_');
  }
  /** In-place divide. @param other - tensor or number. @returns this. @example `x.div_(2)` */
  div_(other: TensorLike): this {
    return this._update('div', other, 'div_');
  }
  /** In-place clamp. @param min - lower bound. @param max - upper bound. @returns this. @example `x.clamp_(-1, 1)` */
  clamp_(min?: number | null, max?: number | null): this {
    return this._assign(this.detach().clamp(min, max), 'clamp_');
  }
  /** Fills with zeros. @returns this. @example `x.zero_()` */
  zero_(): this {
    return this._assign(Tensor.scalar(0, this.dtype), 'zero_');
  }
  /** Fills with a value. @param value - the value. @returns this. @example `x.fill_(1)` */
  fill_(value: number): this {
    return this._assign(Tensor.scalar(value, this.dtype), 'fill_');
  }
  /** Copies `src` (broadcast) into this tensor. @param src - the source. @returns this. @example `w.copy_(w2)` */
  copy_(src: Tensor): this {
    return this._assign(src, 'copy_');
  }
}

function scaled(v: TensorLike, alpha: number): TensorLike {
  return v instanceof Tensor ? v.mul(alpha) : Number(v) * alpha;
}

/** @internal A 0-dim tensor holding `v`, with `like`'s dtype. */
export function scalarLike(v: number, like: Tensor): Tensor {
  return Tensor.scalar(v, like.dtype);
}
