/**
 * The Tensor: strided storage, autograd state, and the PyTorch-named methods (each a one-line
 * call into `ops/`).
 * @module
 */
import type { View } from './backend/backend.js';
import { getBackend } from './backend/registry.js';
import { allocate, isFloating } from './dtype.js';
import type { DType, TypedArray } from './dtype.js';
import { isGradEnabled } from './engine/mode.js';
import type { GradHook, Node } from './engine/node.js';
import { contiguousStrides, fmtShape, numelOf } from './shape.js';
import { Storage } from './storage.js';
import * as E from './ops/elementwise.js';
import type { TensorLike } from './ops/elementwise.js';
import * as R from './ops/reduce.js';
import type { AminmaxOptions, Dims, MinMax, ValuesIndices, VarOptions } from './ops/reduce.js';
import * as S from './ops/shape.js';
import * as I from './ops/indexing.js';
import * as IP from './ops/inplace.js';
import * as M from './ops/math.js';
import type { RoundingMode } from './ops/math.js';
import * as B from './ops/bitwise.js';
import { checked } from './ops/options.js';
import * as L from './ops/linalg.js';
import * as SM from './ops/softmax.js';
import { multinomial } from './ops/sampling.js';
import type { MultinomialOptions } from './ops/sampling.js';
import { castPrim, contiguousPrim } from './ops/prims.js';
import { formatTensor } from './format.js';
import { backward as runBackward } from './engine/backward.js';
import type { BackwardOptions } from './engine/backward.js';
import { tracer } from './compile/hooks.js';

/**
 * Nested arrays of numbers or booleans: what {@link tensor} takes and {@link Tensor.tolist} returns.
 * @example
 * ```ts
 * const data: NestedArray = [[1, 2], [3, 4]];
 * tensor(data).tolist(); // [[1, 2], [3, 4]]
 * ```
 */
export type NestedArray = number | boolean | readonly NestedArray[];

/**
 * A handle returned by {@link Tensor.registerHook} that unregisters the hook, like PyTorch's
 * `RemovableHandle`.
 * @example
 * ```ts
 * const x = tensor([1], { requiresGrad: true });
 * const handle: RemovableHandle = x.registerHook((g) => g.mul(100));
 * handle.remove();
 * x.sum().backward();
 * x.grad; // tensor([1.])
 * ```
 */
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
  /** @internal */ _grad: Tensor | null = null;
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
    if (tracer !== null) tracer.tensor(this);
  }

  /** The accumulated gradient (leaves, and non-leaves after {@link Tensor.retainGrad}); null until a backward fills it. */
  get grad(): Tensor | null {
    if (tracer !== null) tracer.gradRead(this, this._grad);
    return this._grad;
  }
  set grad(g: Tensor | null) {
    if (tracer !== null) tracer.gradWrite(this, g);
    this._grad = g;
  }

  // ---- construction helpers (internal) -------------------------------------------------------
  /** @internal Row-major strides of a contiguous tensor of `shape`. */
  static stridesFor(shape: readonly number[]): number[] {
    return contiguousStrides(shape);
  }
  /** @internal A contiguous tensor over `data`. */
  static fromData(data: TypedArray, shape: readonly number[], dtype: DType): Tensor {
    const t = new Tensor(new Storage(data), shape, contiguousStrides(shape), 0, dtype);
    if (tracer !== null) tracer.storage(t);
    return t;
  }
  /** @internal A contiguous, zero-filled tensor (kernels write their outputs into one). */
  static empty(shape: readonly number[], dtype: DType): Tensor {
    return Tensor.fromData(allocate(dtype, numelOf(shape)), shape, dtype);
  }
  /** @internal */
  static zeros(shape: readonly number[], dtype: DType): Tensor {
    const t = Tensor.empty(shape, dtype);
    if (tracer !== null) tracer.literal(t);
    return t;
  }
  /** @internal A 0-dim tensor. */
  static scalar(v: number, dtype: DType): Tensor {
    const t = Tensor.empty([], dtype);
    t._storage.write()[0] = dtype === 'bool' ? (v ? 1 : 0) : v;
    if (tracer !== null) tracer.literal(t);
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
  /**
   * The storage's typed array (shared with views; see {@link Tensor.offset} and {@link Tensor.strides}).
   * Writing through it changes the tensor (and its views) as an in-place op would, without
   * autograd knowing; ops called before keep the values they were called with.
   */
  get data(): TypedArray {
    if (tracer !== null) tracer.read(this, 'data');
    return this._storage.expose();
  }
  /** @internal This tensor as a kernel reads it (the storage read, not handed out). */
  _in(): View {
    return { data: this._storage.read(), shape: this.shape, strides: this.strides, offset: this.offset };
  }
  /** @internal This tensor as a window a kernel writes into (the storage copied first if a pending op reads it). */
  _inOut(): View {
    return { data: this._storage.write(), shape: this.shape, strides: this.strides, offset: this.offset };
  }
  /** @internal The storage array, for a kernel to write its output into. */
  _out(): TypedArray {
    return this._storage.write();
  }
  /** The number of dims. */
  get ndim(): number {
    return this.shape.length;
  }
  /**
   * The number of elements, like `numel()`.
   * @returns the product of the sizes.
   * @example zeros([2, 3]).numel(); // 6
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
   * @example zeros([2, 3]).size(); // [2, 3]
   */
  size(): number[];
  /**
   * The size of one dim, like `size(dim)`.
   * @param dim - a dim (negative counts from the end).
   * @returns its size.
   * @throws RangeError when dim is out of range.
   * @example
   * ```ts
   * zeros([2, 3]).size(-1); // 3
   * zeros([2, 3]).size(2); // throws RangeError: out of range
   * ```
   */
  size(dim: number): number;
  size(dim?: number): number[] | number {
    if (dim === undefined) return [...this.shape];
    return this.shape[dim < 0 ? dim + this.ndim : dim] ?? (() => { throw new RangeError(`size: dim ${dim} out of range for ${this.ndim} dims`); })();
  }
  /**
   * Whether the elements are laid out row-major without gaps, like `is_contiguous()`.
   * @returns true for contiguous tensors.
   * @example
   * ```ts
   * zeros([2, 3]).isContiguous(); // true
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
   * The value of a one-element tensor as a JS number, like `item()`.
   * @returns the value (booleans read as 0/1).
   * @throws RangeError when the tensor has more than one element.
   * @example
   * ```ts
   * tensor([[3.5]]).item(); // 3.5
   * tensor([1, 2]).item(); // throws RangeError: only one-element tensors
   * ```
   */
  item(): number {
    if (this.numel() !== 1) throw new RangeError(`item: only one-element tensors can be converted to a number, got shape ${fmtShape(this.shape)}`);
    if (tracer !== null) tracer.read(this, 'item()');
    return this._storage.read()[this.offset]!;
  }
  /**
   * A flat, contiguous copy of the elements, as a typed array of the tensor's dtype.
   * @returns a Float32Array, Float64Array, Int32Array or (bool) Uint8Array, in row-major order.
   * @example tensor([[1, 2], [3, 4]]).t().toArray(); // Float32Array [1, 3, 2, 4]
   */
  toArray(): TypedArray {
    if (tracer !== null) tracer.read(this, 'toArray()');
    const out = allocate(this.dtype, this.numel());
    getBackend().copy(this._in(), out);
    return out;
  }
  /**
   * The elements as nested JS arrays, like `tolist()`.
   * @returns nested arrays shaped like the tensor (a number for a 0-dim tensor; booleans for bool).
   * @example
   * ```ts
   * tensor([[1, 2], [3, 4]]).tolist(); // [[1, 2], [3, 4]]
   * tensor([1, 0]).bool().tolist(); // [true, false]
   * ```
   */
  tolist(): NestedArray {
    if (tracer !== null) tracer.read(this, 'tolist()');
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
   * Prints like PyTorch: values with 4 decimals (or in scientific notation when their magnitudes
   * differ widely), the dtype unless float32, and `grad_fn` or `requires_grad`.
   * @returns the text.
   * @example
   * ```ts
   * String(tensor([1.5, 2])); // 'tensor([1.5000, 2.0000])'
   * String(tensor([1, 2], { dtype: 'float64', requiresGrad: true }).mul(2)); // 'tensor([2., 4.], dtype=torch.float64, grad_fn=<MulBackward0>)'
   * ```
   */
  toString(): string {
    if (tracer !== null) tracer.read(this, 'printing (toString)');
    return formatTensor(this);
  }
  /**
   * What `console.log(t)` and the Node REPL show: the same text as {@link Tensor.toString}
   * (Node looks this method up by its well-known symbol; nothing Node-specific is imported).
   * @returns the text.
   * @example
   * ```ts
   * console.log(tensor([1, 2])); // prints tensor([1., 2.])
   * ```
   */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
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
   * Sets whether autograd records ops on this leaf, like `requires_grad_()`.
   * @param requiresGrad - the new flag (default true).
   * @returns this tensor.
   * @throws Error when turning it off on a non-leaf (use {@link Tensor.detach}).
   * @throws TypeError when asking for gradients of a non-float tensor.
   * @example
   * ```ts
   * const w = zeros([3]).requiresGrad_();
   * w.requiresGrad; // true
   * arange(3).requiresGrad_(); // throws TypeError: only floating-point
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
   * A tensor sharing this one's data but cut from the graph, like `detach()`.
   * @returns a view with `requiresGrad` false.
   * @example
   * ```ts
   * const x = tensor([1, 2], { requiresGrad: true });
   * const y = x.mul(2).detach();
   * y.requiresGrad; // false
   * ```
   */
  detach(): Tensor {
    return new Tensor(this._storage, this.shape, this.strides, this.offset, this.dtype);
  }
  /**
   * Keeps `.grad` for this non-leaf tensor after backward (leaves always keep it), like `retain_grad()`.
   * @returns this tensor.
   * @example
   * ```ts
   * const x = tensor([1, 2], { requiresGrad: true });
   * const h = x.mul(2);
   * h.retainGrad();
   * h.sum().backward();
   * h.grad; // tensor([1., 1.])
   * ```
   */
  retainGrad(): this {
    if (this._gradFn === null || this._retainsGrad) return this;
    this._retainsGrad = true;
    // kept apart from the hooks: as PyTorch, it sees the gradient after every hook, whenever registered
    this._gradFn.retainers[this._outputIndex] = (g) => {
      // a copy: the gradient flowing on may be a view, or be handed to other tensors too
      this.grad = this.grad === null ? g.detach().clone() : this.grad.add(g).detach();
    };
    return this;
  }
  /**
   * Registers a function called with this tensor's gradient during backward; it may return a
   * replacement gradient, like `register_hook`.
   * @param hook - `(grad) => Tensor | void`.
   * @returns a handle whose `remove()` unregisters it.
   * @throws Error on a tensor that does not require grad.
   * @example
   * ```ts
   * const x = tensor([1, 2], { requiresGrad: true });
   * const handle = x.registerHook((g) => g.mul(2));
   * x.sum().backward();
   * x.grad; // tensor([2., 2.])
   * handle.remove();
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
   * to their `.grad`, like `tensor.backward()`. The graph's saved tensors are freed afterwards
   * unless `retainGraph`.
   * @param gradient - the gradient of some scalar with respect to this tensor; required unless this
   *   tensor has one element.
   * @param opts - `retainGraph` to allow another backward, `createGraph` for higher-order gradients.
   * @throws Error when the tensor needs no grad, when `gradient` is missing for a non-scalar, or
   *   when the graph was freed by an earlier backward.
   * @throws RangeError when `gradient`'s shape differs from the tensor's.
   * @example
   * ```ts
   * const x = tensor([1, 2, 3], { requiresGrad: true });
   * x.square().sum().backward();
   * x.grad; // tensor([2., 4., 6.])
   * ```
   */
  backward(gradient?: Tensor | null, opts: BackwardOptions = {}): void {
    runBackward([this], gradient === undefined || gradient === null ? [null] : [gradient], opts);
  }

  // ---- elementwise ----------------------------------------------------------------------------
  /**
   * Elementwise `this + alpha·other`, with broadcasting and type promotion, like `torch.add`.
   * @param other - a tensor or a number.
   * @param opts - `alpha` scales `other` first.
   * @returns a new tensor.
   * @throws RangeError when the shapes do not broadcast.
   * @example tensor([1, 2]).add(tensor([10, 20]), { alpha: 2 }); // tensor([21., 42.])
   */
  add(other: TensorLike, opts?: { alpha?: number }): Tensor {
    return E.binary('add', this, IP.scaled(other, checked('add', opts, ['alpha'])?.alpha));
  }
  /**
   * Elementwise `this − alpha·other`, with broadcasting, like `torch.sub`.
   * @param other - a tensor or a number.
   * @param opts - `alpha` scales `other` first.
   * @returns a new tensor.
   * @throws RangeError when the shapes do not broadcast.
   * @example tensor([[1, 2], [3, 4]]).sub(tensor([1, 1])); // tensor([[0., 1.], [2., 3.]])
   */
  sub(other: TensorLike, opts?: { alpha?: number }): Tensor {
    return E.binary('sub', this, IP.scaled(other, checked('sub', opts, ['alpha'])?.alpha));
  }
  /**
   * Elementwise product, with broadcasting, like `torch.mul`.
   * @param other - a tensor or a number.
   * @returns a new tensor.
   * @throws RangeError when the shapes do not broadcast.
   * @example tensor([1, 2, 3]).mul(2); // tensor([2., 4., 6.])
   */
  mul(other: TensorLike): Tensor {
    return E.binary('mul', this, other);
  }
  /**
   * Elementwise division, with broadcasting, like `torch.div`: true division (integer tensors give
   * float32), or rounded toward zero (`roundingMode: 'trunc'`) or down (`'floor'`, Python's `//`),
   * which keep integers integers and have a zero gradient. The function form takes a number
   * first too: `div(2, x)`.
   * @param other - a tensor or a number.
   * @param opts - `roundingMode`: `'trunc'`, `'floor'`, or null/omitted for true division.
   * @returns a new tensor.
   * @throws RangeError when the shapes do not broadcast, for an unknown rounding mode, or for an
   *   integer divisor of 0 (rounded division).
   * @throws TypeError for an unknown option, or rounded division of bool tensors.
   * @example
   * ```ts
   * arange(4).div(2); // tensor([0.0000, 0.5000, 1.0000, 1.5000])
   * tensor([-7, 7], { dtype: 'int32' }).div(2, { roundingMode: 'trunc' }); // tensor([-3,  3], dtype=torch.int32)
   * tensor([-7, 7]).div(2, { roundingMode: 'floor' }); // tensor([-4.,  3.])
   * div(2, tensor([1, 4])); // tensor([2.0000, 0.5000])
   * ```
   */
  div(other: TensorLike, opts?: { roundingMode?: RoundingMode }): Tensor {
    return M.divRounded(this, other, checked('div', opts, ['roundingMode'])?.roundingMode);
  }
  /**
   * Elementwise power, with broadcasting, like `torch.pow`.
   * NOTE: the gradient with respect to the exponent is 0 where the base is 0 (as PyTorch).
   * @param exponent - a tensor or a number.
   * @returns a new tensor.
   * @throws RangeError when the shapes do not broadcast.
   * @example tensor([1, 2, 3]).pow(2); // tensor([1., 4., 9.])
   */
  pow(exponent: TensorLike): Tensor {
    return E.binary('pow', this, exponent);
  }
  /**
   * Elementwise maximum, with broadcasting, like `torch.maximum`.
   * NOTE: where the two are equal, each gets half the gradient (as PyTorch).
   * @param other - a tensor or a number.
   * @returns a new tensor.
   * @throws RangeError when the shapes do not broadcast.
   * @example tensor([1, 5]).maximum(tensor([3, 2])); // tensor([3., 5.])
   */
  maximum(other: TensorLike): Tensor {
    return E.binary('maximum', this, other);
  }
  /**
   * Elementwise minimum, with broadcasting, like `torch.minimum`.
   * NOTE: where the two are equal, each gets half the gradient (as PyTorch).
   * @param other - a tensor or a number.
   * @returns a new tensor.
   * @throws RangeError when the shapes do not broadcast.
   * @example tensor([1, 5]).minimum(tensor([3, 2])); // tensor([1., 2.])
   */
  minimum(other: TensorLike): Tensor {
    return E.binary('minimum', this, other);
  }
  /**
   * Elementwise negation −x, like `torch.neg`.
   * @returns a new tensor.
   * @throws TypeError for a bool tensor (invert a mask with {@link Tensor.logicalNot}).
   * @example tensor([1, -2]).neg(); // tensor([-1.,  2.])
   */
  neg(): Tensor {
    return E.neg(this);
  }
  /**
   * Elementwise eˣ, like `torch.exp` (integers are promoted to float32).
   * @returns a new tensor.
   * @example tensor([0, 1]).exp(); // tensor([1.0000, 2.7183])
   */
  exp(): Tensor {
    return E.exp(this);
  }
  /**
   * Elementwise natural logarithm, like `torch.log` (NaN below 0, −inf at 0).
   * @returns a new tensor.
   * @example tensor([1, 100]).log(); // tensor([0.0000, 4.6052])
   */
  log(): Tensor {
    return E.log(this);
  }
  /**
   * Elementwise log(1 + x), accurate near 0, like `torch.log1p`.
   * @returns a new tensor.
   * @example tensor([1e-10], { dtype: 'float64' }).log1p().item(); // 1e-10
   */
  log1p(): Tensor {
    return E.log1p(this);
  }
  /**
   * Elementwise square root, like `torch.sqrt`.
   * NOTE: the gradient at 0 is +inf.
   * @returns a new tensor.
   * @example tensor([4, 9]).sqrt(); // tensor([2., 3.])
   */
  sqrt(): Tensor {
    return E.sqrt(this);
  }
  /**
   * Elementwise |x|, like `torch.abs`.
   * NOTE: the gradient at 0 is 0 (as PyTorch).
   * @returns a new tensor.
   * @example tensor([-1.5, 2]).abs(); // tensor([1.5000, 2.0000])
   */
  abs(): Tensor {
    return E.abs(this);
  }
  /**
   * Elementwise sine, like `torch.sin`.
   * @returns a new tensor.
   * @example tensor([0, Math.PI / 2]).sin(); // tensor([0., 1.])
   */
  sin(): Tensor {
    return E.sin(this);
  }
  /**
   * Elementwise cosine, like `torch.cos`.
   * @returns a new tensor.
   * @example tensor([0, Math.PI]).cos(); // tensor([ 1., -1.])
   */
  cos(): Tensor {
    return E.cos(this);
  }
  /**
   * Elementwise hyperbolic tangent, like `torch.tanh`.
   * @returns a new tensor.
   * @example tensor([0, 1]).tanh(); // tensor([0.0000, 0.7616])
   */
  tanh(): Tensor {
    return E.tanh(this);
  }
  /**
   * Elementwise logistic sigmoid 1/(1 + e⁻ˣ), like `torch.sigmoid`.
   * @returns a new tensor.
   * @example tensor([0, 2]).sigmoid(); // tensor([0.5000, 0.8808])
   */
  sigmoid(): Tensor {
    return E.sigmoid(this);
  }
  /**
   * Elementwise max(x, 0), like `torch.relu`.
   * NOTE: the gradient at 0 is 0 (as PyTorch).
   * @returns a new tensor.
   * @example tensor([-1, 0, 2]).relu(); // tensor([0., 0., 2.])
   */
  relu(): Tensor {
    return E.relu(this);
  }
  /**
   * Elementwise error function, like `torch.erf`.
   * @returns a new tensor.
   * @example tensor([0, 1]).erf(); // tensor([0.0000, 0.8427])
   */
  erf(): Tensor {
    return E.erf(this);
  }
  /**
   * Elementwise sign: −1, 0 or 1, like `torch.sign`. Its gradient is 0 (recorded, as PyTorch's:
   * the result requires grad when this tensor does).
   * @returns a new tensor of the same dtype.
   * @example tensor([-2, 0, 3]).sign(); // tensor([-1.,  0.,  1.])
   */
  sign(): Tensor {
    return E.sign(this);
  }
  /**
   * Elementwise x², like `torch.square`.
   * @returns a new tensor.
   * @example tensor([-2, 3]).square(); // tensor([4., 9.])
   */
  square(): Tensor {
    return E.square(this);
  }
  /**
   * Elementwise 1/x, like `torch.reciprocal`.
   * @returns a new tensor (float32 for integer input).
   * @example tensor([2, 4]).reciprocal(); // tensor([0.5000, 0.2500])
   */
  reciprocal(): Tensor {
    return E.reciprocal(this);
  }
  /**
   * 1/√x elementwise, like `rsqrt()`.
   * @returns a float tensor.
   * @throws never: bool and int32 inputs are promoted to float32 first.
   * @example tensor([1, 4, 16]).rsqrt(); // tensor([1.0000, 0.5000, 0.2500])
   */
  rsqrt(): Tensor {
    return E.rsqrt(this);
  }
  /**
   * Elementwise leaky ReLU: x for x > 0, `negativeSlope`·x otherwise, like `F.leaky_relu`.
   * @param negativeSlope - the slope for x ≤ 0 (default 0.01).
   * @returns a new tensor.
   * @example tensor([-2, 3]).leakyRelu(0.1); // tensor([-0.2000,  3.0000])
   */
  leakyRelu(negativeSlope = 0.01): Tensor {
    return E.leakyRelu(this, negativeSlope);
  }
  /**
   * Elementwise GELU x·Φ(x), like `F.gelu`.
   * @param approximate - `'none'` (exact, with erf; the default) or `'tanh'` (the tanh approximation).
   * @returns a new tensor.
   * @example tensor([-1, 0, 1]).gelu(); // tensor([-0.1587,  0.0000,  0.8413])
   */
  gelu(approximate: 'none' | 'tanh' = 'none'): Tensor {
    return E.gelu(this, approximate);
  }
  /**
   * Elementwise softplus log(1 + e^(βx))/β, like `F.softplus`; x itself where βx > threshold. It
   * never overflows.
   * @param beta - β (default 1).
   * @param threshold - above it (in βx) the result is x (default 20).
   * @returns a new tensor.
   * @example tensor([0, 30]).softplus(); // tensor([ 0.6931, 30.0000])
   */
  softplus(beta = 1, threshold = 20): Tensor {
    return E.softplus(this, beta, threshold);
  }
  /**
   * Elementwise ELU: x for x > 0, α(eˣ − 1) otherwise, like `F.elu`.
   * @param alpha - α (default 1).
   * @returns a new tensor.
   * @example tensor([-1, 2]).elu(); // tensor([-0.6321,  2.0000])
   */
  elu(alpha = 1): Tensor {
    return E.elu(this, alpha);
  }
  /**
   * Elementwise SiLU (swish) x·σ(x), like `F.silu`.
   * @returns a new tensor.
   * @example tensor([0, 1]).silu(); // tensor([0.0000, 0.7311])
   */
  silu(): Tensor {
    return E.silu(this);
  }
  /**
   * Clamps every element into [min, max], like `torch.clamp`: min(max(x, min), max). The bounds
   * are numbers or tensors (broadcast with this one; the result's dtype is promoted over all
   * three). The gradient passes to this tensor where min ≤ x ≤ max, and to a tensor bound where
   * it binds.
   * @param min - the lower bound, or null/undefined for none.
   * @param max - the upper bound, or null/undefined for none.
   * @returns a new tensor.
   * @throws TypeError when neither bound is given.
   * @throws RangeError when the shapes do not broadcast.
   * @example
   * ```ts
   * tensor([-2, 0.5, 3]).clamp(0, 1); // tensor([0.0000, 0.5000, 1.0000])
   * tensor([[1, 5], [3, 9]]).clamp(tensor([2, 6]), 8); // tensor([[2., 6.], [3., 8.]])
   * ```
   */
  clamp(min?: number | Tensor | null, max?: number | Tensor | null): Tensor {
    return E.clamp(this, min, max);
  }
  /**
   * Elementwise `==`, with broadcasting, like `torch.eq`. Not differentiable.
   * @param other - a tensor or a number.
   * @returns a bool tensor.
   * @throws RangeError when the shapes do not broadcast.
   * @example tensor([1, 2]).eq(2); // tensor([False,  True])
   */
  eq(other: TensorLike): Tensor {
    return E.compare('eq', this, other);
  }
  /**
   * Elementwise `!=`, with broadcasting, like `torch.ne`.
   * @param other - a tensor or a number.
   * @returns a bool tensor.
   * @throws RangeError when the shapes do not broadcast.
   * @example tensor([1, 2]).ne(2); // tensor([ True, False])
   */
  ne(other: TensorLike): Tensor {
    return E.compare('ne', this, other);
  }
  /**
   * Elementwise `<`, with broadcasting, like `torch.lt`.
   * @param other - a tensor or a number.
   * @returns a bool tensor.
   * @throws RangeError when the shapes do not broadcast.
   * @example tensor([1, 2]).lt(2); // tensor([ True, False])
   */
  lt(other: TensorLike): Tensor {
    return E.compare('lt', this, other);
  }
  /**
   * Elementwise `<=`, with broadcasting, like `torch.le`.
   * @param other - a tensor or a number.
   * @returns a bool tensor.
   * @throws RangeError when the shapes do not broadcast.
   * @example tensor([1, 2]).le(2); // tensor([True, True])
   */
  le(other: TensorLike): Tensor {
    return E.compare('le', this, other);
  }
  /**
   * Elementwise `>`, with broadcasting, like `torch.gt`.
   * @param other - a tensor or a number.
   * @returns a bool tensor.
   * @throws RangeError when the shapes do not broadcast.
   * @example tensor([1, 2]).gt(tensor([[0], [2]])); // tensor([[ True,  True], [False, False]])
   */
  gt(other: TensorLike): Tensor {
    return E.compare('gt', this, other);
  }
  /**
   * Elementwise `>=`, with broadcasting, like `torch.ge`.
   * @param other - a tensor or a number.
   * @returns a bool tensor.
   * @throws RangeError when the shapes do not broadcast.
   * @example tensor([1, 2]).ge(2); // tensor([False,  True])
   */
  ge(other: TensorLike): Tensor {
    return E.compare('ge', this, other);
  }
  /**
   * Elementwise logical and (nonzero is true), with broadcasting, like `torch.logical_and`.
   * @param other - a tensor.
   * @returns a bool tensor.
   * @throws RangeError when the shapes do not broadcast.
   * @example tensor([1, 0, 2]).logicalAnd(tensor([1, 1, 0])); // tensor([ True, False, False])
   */
  logicalAnd(other: Tensor): Tensor {
    return E.logicalAnd(this, other);
  }
  /**
   * Elementwise logical or (nonzero is true), with broadcasting, like `torch.logical_or`.
   * @param other - a tensor.
   * @returns a bool tensor.
   * @throws RangeError when the shapes do not broadcast.
   * @example tensor([1, 0, 0]).logicalOr(tensor([0, 0, 3])); // tensor([ True, False,  True])
   */
  logicalOr(other: Tensor): Tensor {
    return E.logicalOr(this, other);
  }
  /**
   * Elementwise logical not (zero is true), like `torch.logical_not`.
   * @returns a bool tensor.
   * @example tensor([0, 2]).logicalNot(); // tensor([ True, False])
   */
  logicalNot(): Tensor {
    return E.logicalNot(this);
  }
  /**
   * Elementwise bitwise and of integer or bool tensors (logical and for bool), with broadcasting,
   * like `torch.bitwise_and`.
   * @param other - an integer or bool tensor, or a number.
   * @returns a new tensor of the promoted dtype.
   * @throws TypeError for a float operand.
   * @throws RangeError when the shapes do not broadcast.
   * @example tensor([12, 10], { dtype: 'int32' }).bitwiseAnd(6); // tensor([4, 2], dtype=torch.int32)
   */
  bitwiseAnd(other: TensorLike): Tensor {
    return B.bitwise('bitwiseAnd', this, other);
  }
  /**
   * Elementwise bitwise or of integer or bool tensors, with broadcasting, like `torch.bitwise_or`.
   * @param other - an integer or bool tensor, or a number.
   * @returns a new tensor of the promoted dtype.
   * @throws TypeError for a float operand.
   * @throws RangeError when the shapes do not broadcast.
   * @example tensor([12, 10], { dtype: 'int32' }).bitwiseOr(3); // tensor([15, 11], dtype=torch.int32)
   */
  bitwiseOr(other: TensorLike): Tensor {
    return B.bitwise('bitwiseOr', this, other);
  }
  /**
   * Elementwise bitwise exclusive or of integer or bool tensors, with broadcasting, like
   * `torch.bitwise_xor`.
   * @param other - an integer or bool tensor, or a number.
   * @returns a new tensor of the promoted dtype.
   * @throws TypeError for a float operand.
   * @throws RangeError when the shapes do not broadcast.
   * @example tensor([true, false]).bitwiseXor(tensor([true, true])); // tensor([False,  True])
   */
  bitwiseXor(other: TensorLike): Tensor {
    return B.bitwise('bitwiseXor', this, other);
  }
  /**
   * Elementwise bitwise not: ~x for integers (−x − 1; 255 − x for uint8), logical not for bool,
   * like `torch.bitwise_not`.
   * @returns a new tensor of the same dtype.
   * @throws TypeError for a float tensor.
   * @example
   * ```ts
   * tensor([0, 5], { dtype: 'int32' }).bitwiseNot(); // tensor([-1, -6], dtype=torch.int32)
   * tensor([0, 5], { dtype: 'uint8' }).bitwiseNot(); // tensor([255, 250], dtype=torch.uint8)
   * tensor([true, false]).bitwiseNot(); // tensor([False,  True])
   * ```
   */
  bitwiseNot(): Tensor {
    return B.bitwiseNot(this);
  }
  /**
   * Elementwise `this << other` of integer tensors, with broadcasting, like
   * `torch.bitwise_left_shift`: bits shifted past the dtype's width are lost (int8 and uint8
   * wrap); a shift by n shifts by n mod 32, as PyTorch on x86.
   * @param other - the shift: an integer tensor or a number.
   * @returns a new tensor of the promoted dtype.
   * @throws TypeError for a float or bool operand.
   * @throws RangeError when the shapes do not broadcast.
   * @example
   * ```ts
   * tensor([1, 3], { dtype: 'int32' }).bitwiseLeftShift(4); // tensor([16, 48], dtype=torch.int32)
   * tensor([1, 3], { dtype: 'uint8' }).bitwiseLeftShift(7); // tensor([128, 128], dtype=torch.uint8)
   * ```
   */
  bitwiseLeftShift(other: TensorLike): Tensor {
    return B.bitwise('bitwiseLeftShift', this, other);
  }
  /**
   * Elementwise `this >> other` of integer tensors (arithmetic: the sign is kept), with
   * broadcasting, like `torch.bitwise_right_shift`.
   * @param other - the shift: an integer tensor or a number.
   * @returns a new tensor of the promoted dtype.
   * @throws TypeError for a float or bool operand.
   * @throws RangeError when the shapes do not broadcast.
   * @example tensor([-8, 8], { dtype: 'int32' }).bitwiseRightShift(1); // tensor([-4,  4], dtype=torch.int32)
   */
  bitwiseRightShift(other: TensorLike): Tensor {
    return B.bitwise('bitwiseRightShift', this, other);
  }
  /**
   * A copy with `value` where `mask` is true, like `masked_fill` (the mask broadcasts; the dtype
   * stays this tensor's). The gradient flows to this tensor where the mask is false, and to a
   * 0-dim `value` tensor from where it is true.
   * @param mask - a bool tensor broadcastable with this one.
   * @param value - the fill value: a number, or a 0-dim tensor.
   * @returns the filled tensor.
   * @throws TypeError when the mask is not bool.
   * @throws RangeError when the shapes do not broadcast, or `value` is a tensor with dims.
   * @example
   * ```ts
   * const scores = tensor([[1, 2, 3], [4, 5, 6]]);
   * const causal = tensor([[false, true, true], [false, false, true]]);
   * scores.maskedFill(causal, -Infinity).softmax(-1); // tensor([[1.0000, 0.0000, 0.0000], [0.2689, 0.7311, 0.0000]])
   * ```
   */
  maskedFill(mask: Tensor, value: number | boolean | Tensor): Tensor {
    return E.maskedFill(this, mask, value);
  }
  /**
   * True where an element is finite (not ±inf or NaN), like `torch.isfinite`.
   * @returns a bool tensor.
   * @example tensor([1, Infinity, NaN]).isfinite(); // tensor([ True, False, False])
   */
  isfinite(): Tensor {
    return E.isfinite(this);
  }
  /**
   * True where an element is NaN, like `torch.isnan`.
   * @returns a bool tensor.
   * @example tensor([1, NaN]).isnan(); // tensor([False,  True])
   */
  isnan(): Tensor {
    return E.isnan(this);
  }

  // ---- more pointwise math --------------------------------------------------------------------
  /**
   * Elementwise tangent, like `torch.tan`.
   * @returns a new tensor (float32 for integer input).
   * @example tensor([0, 1]).tan(); // tensor([0.0000, 1.5574])
   */
  tan(): Tensor {
    return M.tan(this);
  }
  /**
   * Elementwise arcsine, like `torch.asin` (NaN outside [-1, 1]).
   * @returns a new tensor.
   * @example tensor([0, 1]).asin(); // tensor([0.0000, 1.5708])
   */
  asin(): Tensor {
    return M.asin(this);
  }
  /**
   * Elementwise arccosine, like `torch.acos` (NaN outside [-1, 1]).
   * @returns a new tensor.
   * @example tensor([1, 0]).acos(); // tensor([0.0000, 1.5708])
   */
  acos(): Tensor {
    return M.acos(this);
  }
  /**
   * Elementwise arctangent, like `torch.atan`.
   * @returns a new tensor.
   * @example tensor([0, 1]).atan(); // tensor([0.0000, 0.7854])
   */
  atan(): Tensor {
    return M.atan(this);
  }
  /**
   * The angle of the point (other, this) in (−π, π], elementwise with broadcasting, like
   * `torch.atan2` (this is y, other is x).
   * @param other - the x coordinates: a tensor or a number.
   * @returns a new tensor (float32 for integer input).
   * @throws RangeError when the shapes do not broadcast.
   * @example tensor([1, 1, -1]).atan2(tensor([1, -1, -1])); // tensor([ 0.7854,  2.3562, -2.3562])
   */
  atan2(other: TensorLike): Tensor {
    return M.atan2(this, other);
  }
  /**
   * Elementwise hyperbolic sine, like `torch.sinh`.
   * @returns a new tensor.
   * @example tensor([0, 1]).sinh(); // tensor([0.0000, 1.1752])
   */
  sinh(): Tensor {
    return M.sinh(this);
  }
  /**
   * Elementwise hyperbolic cosine, like `torch.cosh`.
   * @returns a new tensor.
   * @example tensor([0, 1]).cosh(); // tensor([1.0000, 1.5431])
   */
  cosh(): Tensor {
    return M.cosh(this);
  }
  /**
   * Elementwise inverse hyperbolic sine, like `torch.asinh`.
   * @returns a new tensor.
   * @example tensor([0, 1]).asinh(); // tensor([0.0000, 0.8814])
   */
  asinh(): Tensor {
    return M.asinh(this);
  }
  /**
   * Elementwise inverse hyperbolic cosine, like `torch.acosh` (NaN below 1).
   * NOTE: the gradient at 1 is +inf.
   * @returns a new tensor.
   * @example tensor([1, 2]).acosh(); // tensor([0.0000, 1.3170])
   */
  acosh(): Tensor {
    return M.acosh(this);
  }
  /**
   * Elementwise inverse hyperbolic tangent, like `torch.atanh` (±inf at ±1, NaN beyond).
   * @returns a new tensor.
   * @example tensor([0, 0.5]).atanh(); // tensor([0.0000, 0.5493])
   */
  atanh(): Tensor {
    return M.atanh(this);
  }
  /**
   * Elementwise base-2 logarithm, like `torch.log2` (exact at powers of 2).
   * @returns a new tensor.
   * @example tensor([1, 8, 10]).log2(); // tensor([0.0000, 3.0000, 3.3219])
   */
  log2(): Tensor {
    return M.log2(this);
  }
  /**
   * Elementwise base-10 logarithm, like `torch.log10`.
   * @returns a new tensor.
   * @example tensor([1, 1000]).log10(); // tensor([0., 3.])
   */
  log10(): Tensor {
    return M.log10(this);
  }
  /**
   * Elementwise 2ˣ, like `torch.exp2`.
   * @returns a new tensor.
   * @example tensor([0, 3, -1]).exp2(); // tensor([1.0000, 8.0000, 0.5000])
   */
  exp2(): Tensor {
    return M.exp2(this);
  }
  /**
   * Elementwise eˣ − 1, accurate near 0, like `torch.expm1`.
   * @returns a new tensor.
   * @example tensor([1e-10], { dtype: 'float64' }).expm1().item(); // 1.00000000005e-10
   */
  expm1(): Tensor {
    return M.expm1(this);
  }
  /**
   * The largest integer ≤ x, elementwise, like `torch.floor`. Its gradient is 0 (recorded, as
   * PyTorch's: the result requires grad when this tensor does).
   * @returns a new tensor of the same dtype (integers are returned as they are, copied).
   * @throws TypeError for a bool tensor.
   * @example tensor([-1.5, 0.5, 2]).floor(); // tensor([-2.,  0.,  2.])
   */
  floor(): Tensor {
    return M.rounding('floor', this);
  }
  /**
   * The smallest integer ≥ x, elementwise, like `torch.ceil`. Its gradient is 0.
   * @returns a new tensor of the same dtype.
   * @throws TypeError for a bool tensor.
   * @example tensor([-1.5, 0.5, 2]).ceil(); // tensor([-1.,  1.,  2.])
   */
  ceil(): Tensor {
    return M.rounding('ceil', this);
  }
  /**
   * Rounds to the nearest integer, ties to even (as PyTorch and NumPy), or to `decimals` decimal
   * places, like `torch.round`. Its gradient is 0.
   * @param opts - `decimals`: the decimal places (default 0; negative rounds to tens, hundreds, ...).
   * @returns a new tensor of the same dtype.
   * @throws TypeError for a bool tensor, `decimals` on an integer tensor, or an unknown option.
   * @throws RangeError for a fractional `decimals`.
   * @example
   * ```ts
   * tensor([0.5, 1.5, 2.5, -0.5]).round(); // tensor([0., 2., 2., -0.])
   * tensor([1.2345, 123.45], { dtype: 'float64' }).round({ decimals: 2 }).tolist(); // [1.23, 123.45]
   * tensor([1234]).round({ decimals: -2 }); // tensor([1200.])
   * ```
   */
  round(opts?: { decimals?: number }): Tensor {
    return M.round(this, checked('round', opts, ['decimals'])?.decimals);
  }
  /**
   * Rounds toward zero, elementwise, like `torch.trunc`. Its gradient is 0.
   * @returns a new tensor of the same dtype.
   * @throws TypeError for a bool tensor.
   * @example tensor([-1.5, 1.5]).trunc(); // tensor([-1.,  1.])
   */
  trunc(): Tensor {
    return M.rounding('trunc', this);
  }
  /**
   * The fractional part x − trunc(x), with x's sign, like `torch.frac`.
   * @returns a new tensor.
   * @throws TypeError for an integer or bool tensor.
   * @example tensor([-1.5, 2.25]).frac(); // tensor([-0.5000,  0.2500])
   */
  frac(): Tensor {
    return M.frac(this);
  }
  /**
   * True where an element is +inf or −inf, like `torch.isinf`.
   * @returns a bool tensor.
   * @example tensor([1, Infinity, -Infinity, NaN]).isinf(); // tensor([False,  True,  True, False])
   */
  isinf(): Tensor {
    return M.isinf(this);
  }
  /**
   * True where |this − other| ≤ atol + rtol·|other| (and where the two are equal, infinities
   * included), elementwise with broadcasting, like `torch.isclose`.
   * @param other - a tensor or a number.
   * @param rtol - the relative tolerance (default 1e-5).
   * @param atol - the absolute tolerance (default 1e-8).
   * @param equalNan - whether NaN is close to NaN (default false).
   * @returns a bool tensor.
   * @throws RangeError when a tolerance is negative or the shapes do not broadcast.
   * @example tensor([1, 1.001, NaN]).isclose(tensor([1, 1, NaN]), 1e-2, 0, true); // tensor([True, True, True])
   */
  isclose(other: TensorLike, rtol = 1e-5, atol = 1e-8, equalNan = false): Tensor {
    return M.isclose(this, other, rtol, atol, equalNan);
  }
  /**
   * Whether every element is close to `other`'s (see {@link Tensor.isclose}), like `torch.allclose`.
   * @param other - a tensor or a number.
   * @param rtol - the relative tolerance (default 1e-5).
   * @param atol - the absolute tolerance (default 1e-8).
   * @param equalNan - whether NaN is close to NaN (default false).
   * @returns true or false.
   * @throws RangeError when a tolerance is negative or the shapes do not broadcast.
   * @example
   * ```ts
   * tensor([1, 2]).allclose(tensor([1, 2.000001])); // true
   * tensor([1, 2]).allclose(tensor([1, 2.1])); // false
   * ```
   */
  allclose(other: TensorLike, rtol = 1e-5, atol = 1e-8, equalNan = false): boolean {
    return M.isclose(this, other, rtol, atol, equalNan).all().item() !== 0;
  }
  /**
   * Linear interpolation this + weight·(end − this), elementwise with broadcasting, like
   * `torch.lerp` (computed from the nearer end, as PyTorch: exact at weight 0 and 1).
   * @param end - the end points: a tensor or a number.
   * @param weight - the weight: a tensor or a number.
   * @returns a new tensor.
   * @throws RangeError when the shapes do not broadcast.
   * @example tensor([0, 10]).lerp(tensor([10, 20]), 0.25); // tensor([ 2.5000, 12.5000])
   */
  lerp(end: TensorLike, weight: TensorLike): Tensor {
    return M.lerp(this, end, weight);
  }
  /**
   * |this| with the sign of `other`, elementwise with broadcasting, like `torch.copysign` (−0
   * counts as negative).
   * @param other - the signs: a tensor or a number.
   * @returns a new float tensor.
   * @throws RangeError when the shapes do not broadcast.
   * @example tensor([1, -2, 3]).copysign(tensor([-1, 1, -0])); // tensor([-1.,  2., -3.])
   */
  copysign(other: TensorLike): Tensor {
    return M.copysign(this, other);
  }
  /**
   * √(this² + other²) without overflow, elementwise with broadcasting, like `torch.hypot`.
   * @param other - a tensor or a number.
   * @returns a new float tensor.
   * @throws RangeError when the shapes do not broadcast.
   * @example tensor([3, 5]).hypot(tensor([4, 12])); // tensor([ 5., 13.])
   */
  hypot(other: TensorLike): Tensor {
    return M.hypot(this, other);
  }
  /**
   * log(eˣ + eʸ) elementwise with broadcasting, stable for large values, like `torch.logaddexp`.
   * @param other - a tensor or a number.
   * @returns a new float tensor.
   * @throws RangeError when the shapes do not broadcast.
   * @example tensor([0, 1000]).logaddexp(tensor([0, 1000])); // tensor([6.9315e-01, 1.0007e+03])
   */
  logaddexp(other: TensorLike): Tensor {
    return M.logaddexp(this, other);
  }
  /**
   * log₂(2ˣ + 2ʸ) elementwise with broadcasting, stable for large values, like `torch.logaddexp2`.
   * @param other - a tensor or a number.
   * @returns a new float tensor.
   * @throws RangeError when the shapes do not broadcast.
   * @example tensor([0, 3]).logaddexp2(tensor([0, 3])); // tensor([1., 4.])
   */
  logaddexp2(other: TensorLike): Tensor {
    return M.logaddexp2(this, other);
  }
  /**
   * The remainder of this / other rounded down, with `other`'s sign (Python's `%`), elementwise
   * with broadcasting, like `torch.remainder`. The function form takes a number first too:
   * `remainder(5, x)`.
   * @param other - the divisor: a tensor or a number.
   * @returns a new tensor (integers stay integers).
   * @throws RangeError when the shapes do not broadcast, or for an integer divisor of 0.
   * @throws TypeError for bool tensors.
   * @example tensor([-3, -1, 1, 3]).remainder(2); // tensor([1., 1., 1., 1.])
   */
  remainder(other: TensorLike): Tensor {
    return M.remainder(this, other);
  }
  /**
   * The remainder of this / other rounded toward zero, with this tensor's sign (C's `fmod`),
   * elementwise with broadcasting, like `torch.fmod`.
   * @param other - the divisor: a tensor or a number.
   * @returns a new tensor (integers stay integers).
   * @throws RangeError when the shapes do not broadcast, or for an integer divisor of 0.
   * @throws TypeError for bool tensors.
   * @example tensor([-3, -1, 1, 3]).fmod(2); // tensor([-1., -1.,  1.,  1.])
   */
  fmod(other: TensorLike): Tensor {
    return M.fmod(this, other);
  }
  /**
   * this / other rounded down (Python's `//`), elementwise with broadcasting, like
   * `torch.floor_divide`; the same as `div(other, { roundingMode: 'floor' })`. Its gradient is 0.
   * @param other - the divisor: a tensor or a number.
   * @returns a new tensor (integers stay integers).
   * @throws RangeError when the shapes do not broadcast, or for an integer divisor of 0.
   * @throws TypeError for bool tensors.
   * @example
   * ```ts
   * tensor([-7, 7], { dtype: 'int32' }).floorDivide(2); // tensor([-4,  3], dtype=torch.int32)
   * tensor([1]).floorDivide(0.1); // tensor([9.])
   * ```
   */
  floorDivide(other: TensorLike): Tensor {
    return M.floorDivide(this, other);
  }
  /**
   * `other − alpha·this`, with broadcasting, like `torch.rsub` (subtraction with the operands
   * swapped).
   * @param other - a tensor or a number.
   * @param opts - `alpha` scales this tensor first.
   * @returns a new tensor.
   * @throws RangeError when the shapes do not broadcast.
   * @throws TypeError for an unknown option.
   * @example tensor([1, 2]).rsub(10); // tensor([9., 8.])
   */
  rsub(other: TensorLike, opts?: { alpha?: number }): Tensor {
    return E.binary('sub', other, IP.scaled(this, checked('rsub', opts, ['alpha'])?.alpha));
  }
  /**
   * this · log(other), and 0 where this is 0 (unless other is NaN), elementwise with
   * broadcasting, like `torch.xlogy`: entropy terms without 0·log 0 = NaN.
   * @param other - a tensor or a number.
   * @returns a new float tensor.
   * @throws RangeError when the shapes do not broadcast.
   * @example tensor([0, 2]).xlogy(tensor([0, 4])); // tensor([0.0000, 2.7726])
   */
  xlogy(other: TensorLike): Tensor {
    return M.xlogy(this, other);
  }
  /**
   * The normalized sinc sin(πx)/(πx), 1 at 0, like `torch.sinc`.
   * @returns a new tensor.
   * @example tensor([0, 0.5, 1], { dtype: 'float64' }).sinc().tolist(); // [1, 0.6366197723675814, 3.8981718325193755e-17]
   */
  sinc(): Tensor {
    return M.sinc(this);
  }
  /**
   * Degrees to radians, like `torch.deg2rad`.
   * @returns a new float tensor.
   * @example tensor([180, 90]).deg2rad(); // tensor([3.1416, 1.5708])
   */
  deg2rad(): Tensor {
    return M.deg2rad(this);
  }
  /**
   * Radians to degrees, like `torch.rad2deg`.
   * @returns a new float tensor.
   * @example tensor([Math.PI, 1]).rad2deg(); // tensor([180.0000,  57.2958])
   */
  rad2deg(): Tensor {
    return M.rad2deg(this);
  }
  /**
   * NaN, +inf and −inf replaced by finite numbers, like `torch.nan_to_num`. The gradient flows
   * where the element is finite.
   * @param nan - the value for NaN (default 0).
   * @param posinf - the value for +inf (default: the largest finite value of the dtype).
   * @param neginf - the value for −inf (default: the most negative finite value of the dtype).
   * @returns a new tensor (integer tensors are copied as they are).
   * @example tensor([NaN, Infinity, -Infinity, 1]).nanToNum(0, 100); // tensor([ 0.0000e+00,  1.0000e+02, -3.4028e+38,  1.0000e+00])
   */
  nanToNum(nan = 0, posinf?: number, neginf?: number): Tensor {
    return M.nanToNum(this, nan, posinf, neginf);
  }
  /**
   * The Heaviside step: 0 where x < 0, `values` where x = 0, 1 where x > 0, elementwise with
   * broadcasting, like `torch.heaviside`. Not differentiable (as PyTorch): the result takes no
   * gradient.
   * @param values - the value at 0: a tensor or a number.
   * @returns a new tensor.
   * @throws RangeError when the shapes do not broadcast.
   * @example tensor([-1, 0, 2]).heaviside(0.5); // tensor([0.0000, 0.5000, 1.0000])
   */
  heaviside(values: TensorLike): Tensor {
    return M.heaviside(this, values);
  }

  // ---- reductions -----------------------------------------------------------------------------
  /**
   * Sum over `dim` (all dims when omitted), like `torch.sum`.
   * @param dim - a dim or dims (negative counts from the end).
   * @param keepdim - keep the reduced dims with size 1.
   * @returns the sums.
   * @throws RangeError when a dim is out of range or repeated.
   * @example
   * ```ts
   * const x = tensor([[1, 2], [3, 4]]);
   * x.sum(); // tensor(10.)
   * x.sum(1, true); // tensor([[3.], [7.]])
   * ```
   */
  sum(dim?: Dims, keepdim = false): Tensor {
    return R.sum(this, dim, keepdim);
  }
  /**
   * Mean over `dim` (all dims when omitted), like `torch.mean`.
   * @param dim - a dim or dims.
   * @param keepdim - keep the reduced dims with size 1.
   * @returns the means.
   * @throws TypeError for a non-float tensor (convert with `.float()` first).
   * @throws RangeError when a dim is out of range or repeated.
   * @example tensor([[1, 2], [3, 4]]).mean(0); // tensor([2., 3.])
   */
  mean(dim?: Dims, keepdim = false): Tensor {
    return R.mean(this, dim, keepdim);
  }
  /**
   * Product over `dim` (all dims when omitted), like `torch.prod`.
   * Its gradient is exact at zeros too (the product of the other elements).
   * @param dim - a dim or dims.
   * @param keepdim - keep the reduced dims with size 1.
   * @returns the products.
   * @throws RangeError when a dim is out of range or repeated.
   * @example tensor([[1, 2], [3, 4]]).prod(1); // tensor([ 2., 12.])
   */
  prod(dim?: Dims, keepdim = false): Tensor {
    return R.prod(this, dim, keepdim);
  }
  /**
   * Variance over `dim` (all dims when omitted), like `torch.var`: Bessel-corrected unless
   * `correction: 0`.
   * @param dim - a dim or dims.
   * @param opts - `correction` (default 1), `unbiased`, `keepdim`.
   * @returns the variances.
   * @throws RangeError when a dim is out of range or repeated.
   * @example
   * ```ts
   * tensor([1, 2, 3, 4]).var(); // tensor(1.6667)
   * tensor([1, 2, 3, 4]).var(0, { correction: 0 }); // tensor(1.2500)
   * ```
   */
  var(dim?: Dims, opts?: VarOptions): Tensor {
    return R.variance(this, dim, opts);
  }
  /**
   * Standard deviation over `dim` (all dims when omitted), like `torch.std`: Bessel-corrected
   * unless `correction: 0`.
   * @param dim - a dim or dims.
   * @param opts - `correction` (default 1), `unbiased`, `keepdim`.
   * @returns the standard deviations.
   * @throws RangeError when a dim is out of range or repeated.
   * @example tensor([1, 2, 3, 4]).std(); // tensor(1.2910)
   */
  std(dim?: Dims, opts?: VarOptions): Tensor {
    return R.std(this, dim, opts);
  }
  /**
   * The p-norm over `dim` (all dims when omitted), like `torch.norm`.
   * @param p - the order: 2 (default), 1, Infinity, or any positive number.
   * @param dim - a dim or dims.
   * @param keepdim - keep the reduced dims with size 1.
   * @returns the norms.
   * @throws RangeError when a dim is out of range or repeated.
   * @example
   * ```ts
   * tensor([3, -4]).norm(); // tensor(5.)
   * tensor([3, -4]).norm(1); // tensor(7.)
   * ```
   */
  norm(p = 2, dim?: Dims, keepdim = false): Tensor {
    return R.norm(this, p, dim, keepdim);
  }
  /**
   * log Σ exp over `dim`, stable for large values, like `torch.logsumexp`.
   * @param dim - a dim or dims.
   * @param keepdim - keep the reduced dims with size 1.
   * @returns the results.
   * @throws RangeError when a dim is out of range or repeated.
   * @example tensor([1000, 1000]).logsumexp(0); // tensor(1000.6932)
   */
  logsumexp(dim: Dims, keepdim = false): Tensor {
    return R.logsumexp(this, dim, keepdim);
  }
  /**
   * The largest element, like `max()`.
   * @returns a 0-dim tensor.
   * @throws RangeError for an empty tensor.
   * @example tensor([[1, 5], [7, 2]]).max(); // tensor(7.)
   */
  max(): Tensor;
  /**
   * The largest values along a dim and their indices, like `max(dim)`.
   * @param dim - the dim to reduce (negative counts from the end).
   * @param keepdim - keep the reduced dim with size 1.
   * @returns `{ values, indices }` (indices int32; the first index wins ties).
   * @throws RangeError when dim is out of range or has size 0.
   * @example
   * ```ts
   * const { values, indices } = tensor([[1, 5], [7, 2]]).max(1);
   * values; // tensor([5., 7.])
   * indices; // tensor([1, 0], dtype=torch.int32)
   * ```
   */
  max(dim: number, keepdim?: boolean): ValuesIndices;
  /**
   * The elementwise maximum with another tensor, like `max(other)`; see {@link Tensor.maximum}.
   * @param other - the other tensor.
   * @returns a new tensor.
   * @throws RangeError when the shapes do not broadcast.
   * @example tensor([1, 5]).max(tensor([3, 2])); // tensor([3., 5.])
   */
  max(other: Tensor): Tensor;
  max(dim?: number | Tensor, keepdim = false): Tensor | ValuesIndices {
    return R.max(this, dim, keepdim);
  }
  /**
   * The smallest element, like `min()`.
   * @returns a 0-dim tensor.
   * @throws RangeError for an empty tensor.
   * @example tensor([[1, 5], [7, 2]]).min(); // tensor(1.)
   */
  min(): Tensor;
  /**
   * The smallest values along a dim and their indices, like `min(dim)`.
   * @param dim - the dim to reduce (negative counts from the end).
   * @param keepdim - keep the reduced dim with size 1.
   * @returns `{ values, indices }` (indices int32; the first index wins ties).
   * @throws RangeError when dim is out of range or has size 0.
   * @example
   * ```ts
   * const { values, indices } = tensor([[1, 5], [7, 2]]).min(1, true);
   * values; // tensor([[1.], [2.]])
   * indices; // tensor([[0], [1]], dtype=torch.int32)
   * ```
   */
  min(dim: number, keepdim?: boolean): ValuesIndices;
  /**
   * The elementwise minimum with another tensor, like `min(other)`; see {@link Tensor.minimum}.
   * @param other - the other tensor.
   * @returns a new tensor.
   * @throws RangeError when the shapes do not broadcast.
   * @example tensor([1, 5]).min(tensor([3, 2])); // tensor([1., 2.])
   */
  min(other: Tensor): Tensor;
  min(dim?: number | Tensor, keepdim = false): Tensor | ValuesIndices {
    return R.min(this, dim, keepdim);
  }
  /**
   * The maximum over `dim` (all dims when omitted), like `torch.amax`.
   * NOTE: equal maxima share the gradient evenly (as PyTorch).
   * @param dim - a dim or dims.
   * @param keepdim - keep the reduced dims with size 1.
   * @returns the maxima.
   * @throws RangeError when a dim is out of range or repeated, or has size 0.
   * @example tensor([[1, 5], [7, 2]]).amax(1); // tensor([5., 7.])
   */
  amax(dim?: Dims, keepdim = false): Tensor {
    return R.amax(this, dim, keepdim);
  }
  /**
   * Whether every element is nonzero (NaN counts as nonzero), over `dim` or all dims, like `all()`.
   * @param dim - a dim or dims (all when omitted).
   * @param keepdim - keep the reduced dims as size 1.
   * @returns a bool tensor (true over an empty set).
   * @throws RangeError when a dim is out of range or repeated.
   * @example
   * ```ts
   * tensor([[1, 0], [2, 3]]).all(); // tensor(False)
   * tensor([[1, 0], [2, 3]]).all(1); // tensor([False,  True])
   * ```
   */
  all(dim?: Dims, keepdim = false): Tensor {
    return R.all(this, dim, keepdim);
  }
  /**
   * Whether any element is nonzero (NaN counts as nonzero), over `dim` or all dims, like `any()`.
   * @param dim - a dim or dims (all when omitted).
   * @param keepdim - keep the reduced dims as size 1.
   * @returns a bool tensor (false over an empty set).
   * @throws RangeError when a dim is out of range or repeated.
   * @example
   * ```ts
   * tensor([[0, 0], [2, 0]]).any(); // tensor(True)
   * tensor([[0, 0], [2, 0]]).any(1, true); // tensor([[False], [ True]])
   * ```
   */
  any(dim?: Dims, keepdim = false): Tensor {
    return R.any(this, dim, keepdim);
  }
  /**
   * The minimum over `dim` (all dims when omitted), like `torch.amin`.
   * NOTE: equal minima share the gradient evenly (as PyTorch).
   * @param dim - a dim or dims.
   * @param keepdim - keep the reduced dims with size 1.
   * @returns the minima.
   * @throws RangeError when a dim is out of range or repeated, or has size 0.
   * @example tensor([[1, 5], [7, 2]]).amin(0); // tensor([1., 2.])
   */
  amin(dim?: Dims, keepdim = false): Tensor {
    return R.amin(this, dim, keepdim);
  }
  /**
   * The index of the maximum along `dim` (of the flattened tensor when omitted), like
   * `torch.argmax`; the first one wins ties.
   * @param dim - a dim, or none for the flattened tensor.
   * @param keepdim - keep the reduced dim with size 1.
   * @returns int32 indices.
   * @throws RangeError when dim is out of range or has size 0.
   * @example tensor([[1, 5], [7, 2]]).argmax(1); // tensor([1, 0], dtype=torch.int32)
   */
  argmax(dim?: number, keepdim = false): Tensor {
    return R.argmax(this, dim, keepdim);
  }
  /**
   * The index of the minimum along `dim` (of the flattened tensor when omitted), like
   * `torch.argmin`; the first one wins ties.
   * @param dim - a dim, or none for the flattened tensor.
   * @param keepdim - keep the reduced dim with size 1.
   * @returns int32 indices.
   * @throws RangeError when dim is out of range or has size 0.
   * @example tensor([[1, 5], [7, 2]]).argmin(); // tensor(0, dtype=torch.int32)
   */
  argmin(dim?: number, keepdim = false): Tensor {
    return R.argmin(this, dim, keepdim);
  }
  /**
   * The variance and the mean over `dim`, like `torch.var_mean`.
   * @param dim - a dim or dims (all when omitted).
   * @param opts - `correction` (default 1), `unbiased`, `keepdim` (for both results).
   * @returns `[variance, mean]`.
   * @throws RangeError when a dim is out of range or repeated.
   * @throws TypeError for an unknown option.
   * @example
   * ```ts
   * const [v, m] = tensor([1, 2, 4]).varMean(0, { correction: 0 });
   * v; // tensor(1.5556)
   * m; // tensor(2.3333)
   * ```
   */
  varMean(dim?: Dims, opts?: VarOptions): [Tensor, Tensor] {
    return R.varMean(this, dim, opts);
  }
  /**
   * The standard deviation and the mean over `dim`, like `torch.std_mean`.
   * @param dim - a dim or dims (all when omitted).
   * @param opts - `correction` (default 1), `unbiased`, `keepdim` (for both results).
   * @returns `[std, mean]`.
   * @throws RangeError when a dim is out of range or repeated.
   * @throws TypeError for an unknown option.
   * @example
   * ```ts
   * const [s, m] = tensor([[1, 3], [2, 6]]).stdMean(1);
   * s; // tensor([1.4142, 2.8284])
   * m; // tensor([2., 4.])
   * ```
   */
  stdMean(dim?: Dims, opts?: VarOptions): [Tensor, Tensor] {
    return R.stdMean(this, dim, opts);
  }
  /**
   * Sum over `dim` (all dims when omitted), NaNs counted as zero, like `torch.nansum`.
   * @param dim - a dim or dims.
   * @param keepdim - keep the reduced dims with size 1.
   * @returns the sums.
   * @throws RangeError when a dim is out of range or repeated.
   * @example tensor([[1, NaN], [3, 4]]).nansum(1); // tensor([1., 7.])
   */
  nansum(dim?: Dims, keepdim = false): Tensor {
    return R.nansum(this, dim, keepdim);
  }
  /**
   * Mean over `dim` (all dims when omitted) of the elements that are not NaN, like
   * `torch.nanmean` (NaN where every element is).
   * @param dim - a dim or dims.
   * @param keepdim - keep the reduced dims with size 1.
   * @returns the means.
   * @throws TypeError for a non-float tensor.
   * @throws RangeError when a dim is out of range or repeated.
   * @example tensor([[1, NaN], [3, 4]]).nanmean(1); // tensor([1.0000, 3.5000])
   */
  nanmean(dim?: Dims, keepdim = false): Tensor {
    return R.nanmean(this, dim, keepdim);
  }
  /**
   * How many elements are nonzero over `dim` (all dims when omitted), like `torch.count_nonzero`.
   * @param dim - a dim or dims.
   * @returns int32 counts.
   * @throws RangeError when a dim is out of range or repeated.
   * @example tensor([[1, 0, 2], [0, 0, 3]]).countNonzero(1); // tensor([2, 1], dtype=torch.int32)
   */
  countNonzero(dim?: Dims): Tensor {
    return R.countNonzero(this, dim);
  }
  /**
   * The minimum and the maximum over one dim (all dims when omitted), like `torch.aminmax`;
   * equal extrema share the gradient evenly, as {@link Tensor.amin} and {@link Tensor.amax}.
   * @param opts - `dim` (one dim) and `keepdim`.
   * @returns `{ min, max }`.
   * @throws RangeError when the dim is out of range or has size 0.
   * @throws TypeError for an unknown option, or several dims.
   * @example
   * ```ts
   * const { min, max } = tensor([[1, 5], [7, 2]]).aminmax();
   * [min.item(), max.item()]; // [1, 7]
   * ```
   */
  aminmax(opts?: AminmaxOptions): MinMax {
    return R.aminmax(this, opts);
  }

  // ---- linear algebra -------------------------------------------------------------------------
  /**
   * Matrix product with PyTorch's rules, like `torch.matmul`: 1-D·1-D is a dot product, 2-D·2-D a
   * matrix product, a 1-D operand is treated as a row (left) or column (right) vector, and leading
   * dims are batch dims that broadcast.
   * @param other - the right operand.
   * @returns the product.
   * @throws RangeError when an operand is 0-D or the inner sizes differ.
   * @throws TypeError when the dtypes differ.
   * @example
   * ```ts
   * const a = tensor([[1, 2], [3, 4]]);
   * a.matmul(tensor([[1], [1]])); // tensor([[3.], [7.]])
   * a.matmul(tensor([1, 0])); // tensor([1., 3.])
   * randn([5, 3, 4]).matmul(randn([4, 2])); // shape [5, 3, 2]
   * ```
   */
  matmul(other: Tensor): Tensor {
    return L.matmul(this, other);
  }
  /**
   * The product of two matrices, like `torch.mm`.
   * @param other - the right operand, 2-D.
   * @returns the product.
   * @throws RangeError when an operand is not 2-D or the inner sizes differ.
   * @throws TypeError when the dtypes differ.
   * @example zeros([3, 4]).mm(zeros([4, 5])); // shape [3, 5]
   */
  mm(other: Tensor): Tensor {
    return L.mm(this, other);
  }
  /**
   * Batched matrix product of two 3-D tensors, like `torch.bmm`.
   * @param other - the right operand, [B, K, N].
   * @returns the product, [B, M, N].
   * @throws RangeError when an operand is not 3-D or the batch or inner sizes differ.
   * @throws TypeError when the dtypes differ.
   * @example zeros([2, 3, 4]).bmm(zeros([2, 4, 5])); // shape [2, 3, 5]
   */
  bmm(other: Tensor): Tensor {
    return L.bmm(this, other);
  }
  /**
   * The inner product of two 1-D tensors, like `torch.dot`.
   * @param other - the right operand, 1-D of the same length.
   * @returns a 0-dim tensor.
   * @throws RangeError when the operands are not 1-D of the same length.
   * @throws TypeError when the dtypes differ.
   * @example tensor([1, 2, 3]).dot(tensor([4, 5, 6])); // tensor(32.)
   */
  dot(other: Tensor): Tensor {
    return L.dot(this, other);
  }
  /**
   * The outer product of two 1-D tensors, like `torch.outer`.
   * @param other - the right operand, 1-D.
   * @returns a matrix of shape [this length, other length].
   * @throws RangeError when an operand is not 1-D.
   * @throws TypeError when the dtypes differ.
   * @example tensor([1, 2]).outer(tensor([1, 10, 100])); // tensor([[  1.,  10., 100.], [  2.,  20., 200.]])
   */
  outer(other: Tensor): Tensor {
    return L.outer(this, other);
  }

  // ---- shape ----------------------------------------------------------------------------------
  /**
   * The same elements in a new shape, like `torch.reshape`: a view when the layout allows, a copy
   * otherwise. One size may be -1 and is inferred.
   * @param shape - the new shape.
   * @returns the reshaped tensor.
   * @throws RangeError when the shape does not fit the number of elements, or has more than one -1.
   * @example arange(6).reshape([-1, 3]); // tensor([[0, 1, 2], [3, 4, 5]], dtype=torch.int32)
   */
  reshape(shape: readonly number[]): Tensor {
    return S.reshape(this, shape);
  }
  /**
   * Like {@link Tensor.reshape}, but always a view, like `view()`: throws rather than copy.
   * @param shape - the new shape (one size may be -1).
   * @returns the view, sharing storage with this tensor.
   * @throws RangeError when the shape does not fit, or the layout does not allow a view.
   * @example
   * ```ts
   * zeros([2, 6]).view([3, 4]); // shape [3, 4]
   * zeros([2, 6]).t().view([12]); // throws RangeError: use reshape() instead
   * ```
   */
  view(shape: readonly number[]): Tensor {
    return S.view(this, shape);
  }
  /**
   * Swaps two dims, like `torch.transpose` (a view).
   * @param dim0 - a dim.
   * @param dim1 - another dim.
   * @returns the view.
   * @throws RangeError when a dim is out of range.
   * @example zeros([2, 3, 4]).transpose(0, 2); // shape [4, 3, 2]
   */
  transpose(dim0: number, dim1: number): Tensor {
    return S.transpose(this, dim0, dim1);
  }
  /**
   * The transpose of a tensor of at most 2 dims, like `t()` (a view).
   * @returns the view.
   * @throws RangeError for a tensor of more than 2 dims.
   * @example tensor([[1, 2, 3]]).t(); // tensor([[1.], [2.], [3.]])
   */
  t(): Tensor {
    return S.t(this);
  }
  /**
   * Reorders the dims, like `torch.permute` (a view).
   * @param dims - the new order: dim i of the result is dim `dims[i]` of this tensor.
   * @returns the view.
   * @throws RangeError when `dims` is not a permutation of this tensor's dims.
   * @example zeros([2, 3, 4]).permute([2, 0, 1]); // shape [4, 2, 3]
   */
  permute(dims: readonly number[]): Tensor {
    return S.permute(this, dims);
  }
  /**
   * Broadcasts size-1 dims to `shape` without copying, like `expand()`; new leading dims may be
   * added, and -1 keeps a size.
   * @param shape - the target shape.
   * @returns the view.
   * @throws RangeError when a size that is not 1 would change, or the target has fewer dims.
   * @example tensor([1, 2]).expand([2, -1]); // tensor([[1., 2.], [1., 2.]])
   */
  expand(shape: readonly number[]): Tensor {
    return S.expand(this, shape);
  }
  /**
   * Expands to another tensor's shape, like `expand_as()`.
   * @param other - the tensor whose shape to take.
   * @returns the view.
   * @throws RangeError as {@link Tensor.expand}.
   * @example tensor([[1], [2]]).expandAs(zeros([2, 3])); // tensor([[1., 1., 1.], [2., 2., 2.]])
   */
  expandAs(other: Tensor): Tensor {
    return S.expand(this, other.shape);
  }
  /**
   * Removes size-1 dims: all of them, or those among `dim`, like `torch.squeeze` (a view).
   * @param dim - a dim or dims to remove if their size is 1.
   * @returns the view.
   * @throws RangeError when a dim is out of range.
   * @example
   * ```ts
   * zeros([1, 3, 1]).squeeze(); // shape [3]
   * zeros([1, 3, 1]).squeeze(0); // shape [3, 1]
   * ```
   */
  squeeze(dim?: number | readonly number[]): Tensor {
    return S.squeeze(this, dim);
  }
  /**
   * Inserts a size-1 dim at `dim`, like `torch.unsqueeze` (a view).
   * @param dim - where the new dim goes (negative counts from the end of the result).
   * @returns the view.
   * @throws RangeError when dim is out of range.
   * @example zeros([3]).unsqueeze(0); // shape [1, 3]
   */
  unsqueeze(dim: number): Tensor {
    return S.unsqueeze(this, dim);
  }
  /**
   * Flattens dims `startDim`..`endDim` into one, like `torch.flatten`.
   * @param startDim - the first dim to flatten (default 0).
   * @param endDim - the last dim to flatten (default -1).
   * @returns the reshaped tensor.
   * @throws RangeError when a dim is out of range, or startDim comes after endDim.
   * @example zeros([2, 3, 4]).flatten(1); // shape [2, 12]
   */
  flatten(startDim = 0, endDim = -1): Tensor {
    return S.flatten(this, startDim, endDim);
  }
  /**
   * `length` elements along `dim` from `start`, like `torch.narrow` (a view).
   * @param dim - the dim.
   * @param start - the first index (negative counts from the end).
   * @param length - how many.
   * @returns the view.
   * @throws RangeError when the range does not fit in the dim.
   * @example arange(6).narrow(0, 1, 3); // tensor([1, 2, 3], dtype=torch.int32)
   */
  narrow(dim: number, start: number, length: number): Tensor {
    return S.narrow(this, dim, start, length);
  }
  /**
   * The slice at `index` along `dim`, that dim removed, like `select()` (Python's `x[i]` for dim 0;
   * a view).
   * @param dim - the dim.
   * @param index - the position (negative counts from the end).
   * @returns the view, with one dim fewer.
   * @throws RangeError when dim or index is out of range.
   * @example
   * ```ts
   * const m = tensor([[1, 2, 3], [4, 5, 6]]);
   * m.select(0, 1); // tensor([4., 5., 6.])
   * m.select(1, -1); // tensor([3., 6.])
   * m.select(0, 2); // throws RangeError: out of range
   * ```
   */
  select(dim: number, index: number): Tensor {
    return S.select(this, dim, index);
  }
  /**
   * This tensor tiled `sizes[k]` times along each dim k, like `repeat()`; extra leading sizes add
   * dims. A copy.
   * @param sizes - the repeats, at least one per dim.
   * @returns the tiled tensor.
   * @throws RangeError when there are fewer sizes than dims, or a size is not a non-negative integer.
   * @example
   * ```ts
   * tensor([1, 2]).repeat([2, 3]); // tensor([[1., 2., 1., 2., 1., 2.], [1., 2., 1., 2., 1., 2.]])
   * ```
   */
  repeat(sizes: readonly number[]): Tensor {
    return S.repeat(this, sizes);
  }
  /**
   * A copy with the elements in reverse order along each of `dims`, like `flip()`.
   * @param dims - a dim or dims.
   * @returns the flipped copy.
   * @throws RangeError when a dim is out of range or repeated.
   * @example
   * ```ts
   * tensor([[1, 2], [3, 4]]).flip(1); // tensor([[2., 1.], [4., 3.]])
   * tensor([[1, 2], [3, 4]]).flip([0, 1]); // tensor([[4., 3.], [2., 1.]])
   * ```
   */
  flip(dims: number | readonly number[]): Tensor {
    return I.flip(this, dims);
  }
  /**
   * The lower triangle of the last two dims (on and below diagonal `diagonal`), zeros above, like
   * `tril()`: causal attention masks.
   * @param diagonal - 0: the main diagonal; positive: above it; negative: below it.
   * @returns a tensor of this one's shape and dtype.
   * @throws RangeError for a tensor of fewer than 2 dims, or a fractional diagonal.
   * @example
   * ```ts
   * ones([3, 3]).tril(); // tensor([[1., 0., 0.], [1., 1., 0.], [1., 1., 1.]])
   * ones([2, 3]).tril(-1).tolist(); // [[0, 0, 0], [1, 0, 0]]
   * ```
   */
  tril(diagonal = 0): Tensor {
    return I.triangle(this, diagonal, false);
  }
  /**
   * The upper triangle of the last two dims (on and above diagonal `diagonal`), zeros below, like
   * `triu()`.
   * @param diagonal - 0: the main diagonal; positive: above it; negative: below it.
   * @returns a tensor of this one's shape and dtype.
   * @throws RangeError for a tensor of fewer than 2 dims, or a fractional diagonal.
   * @example
   * ```ts
   * ones([3, 3]).triu(1); // tensor([[0., 1., 1.], [0., 0., 1.], [0., 0., 0.]])
   * ```
   */
  triu(diagonal = 0): Tensor {
    return I.triangle(this, diagonal, true);
  }
  /**
   * Python's `x[start:end:step]` along `dim` (a view); bounds are clipped and may be negative, as
   * in Python.
   * @param dim - the dim.
   * @param start - the first index (default 0).
   * @param end - the end, exclusive (default: the size).
   * @param step - the stride, a positive integer (default 1).
   * @returns the view.
   * @throws RangeError when dim is out of range or step is not a positive integer.
   * @example arange(10).slice(0, 1, -1, 3); // tensor([1, 4, 7], dtype=torch.int32)
   */
  slice(dim: number, start?: number, end?: number, step = 1): Tensor {
    return S.slice(this, dim, start, end, step);
  }
  /**
   * Splits into pieces of `size` elements along `dim` (the last may be smaller), or into pieces of
   * the given sizes, like `torch.split` (views).
   * @param size - the size of each piece, or the list of sizes.
   * @param dim - the dim (default 0).
   * @returns the pieces.
   * @throws RangeError when dim is out of range or the sizes do not add up.
   * @example arange(5).split(2).map((t) => t.tolist()); // [[0, 1], [2, 3], [4]]
   */
  split(size: number | readonly number[], dim = 0): Tensor[] {
    return S.split(this, size, dim);
  }
  /**
   * Splits into `chunks` pieces of nearly equal size along `dim`, like `torch.chunk` (views).
   * @param chunks - how many pieces (fewer when the dim is too short).
   * @param dim - the dim (default 0).
   * @returns the pieces.
   * @throws RangeError when dim is out of range.
   * @example arange(5).chunk(2).map((t) => t.tolist()); // [[0, 1, 2], [3, 4]]
   */
  chunk(chunks: number, dim = 0): Tensor[] {
    return S.chunk(this, chunks, dim);
  }
  /**
   * A row-major tensor with the same values, like `contiguous()`: this tensor when it already is one.
   * @returns the contiguous tensor.
   * @example zeros([2, 3]).t().contiguous().isContiguous(); // true
   */
  contiguous(): Tensor {
    return this.isContiguous() ? this : contiguousPrim(this);
  }
  /**
   * A copy with its own storage, like `clone()`; the gradient flows back to this tensor.
   * @returns the copy.
   * @example
   * ```ts
   * const x = tensor([1, 2]);
   * const y = x.clone().add_(1);
   * x; // tensor([1., 2.])
   * ```
   */
  clone(): Tensor {
    return contiguousPrim(this);
  }
  /**
   * The slices at `index` along `dim`, like `torch.index_select`.
   * @param dim - the dim.
   * @param index - a 1-D int32 tensor of indices.
   * @returns a new tensor whose size along `dim` is the number of indices.
   * @throws RangeError when dim is out of range or `index` is not 1-D.
   * @throws TypeError when `index` is not int32.
   * @example tensor([[1, 2], [3, 4], [5, 6]]).indexSelect(0, tensor([2, 0], { dtype: 'int32' })); // tensor([[5., 6.], [1., 2.]])
   */
  indexSelect(dim: number, index: Tensor): Tensor {
    return I.indexSelect(this, dim, index);
  }
  /**
   * Picks values along `dim` at `index`, like `torch.gather`: `out[i][j] = this[i][index[i][j]]` for
   * dim 1.
   * @param dim - the dim.
   * @param index - an int32 tensor with as many dims as this one (no larger in the other dims).
   * @returns a tensor shaped like `index`.
   * @throws RangeError when the shapes do not fit.
   * @throws TypeError when `index` is not int32.
   * @example tensor([[1, 2], [3, 4]]).gather(1, tensor([[1], [0]], { dtype: 'int32' })); // tensor([[2.], [3.]])
   */
  gather(dim: number, index: Tensor): Tensor {
    return I.gather(this, dim, index);
  }
  /**
   * Adds `src`'s values into a copy of this tensor at `index` along `dim`, like `torch.scatter_add`
   * (out of place).
   * @param dim - the dim.
   * @param index - an int32 tensor with as many dims as this one.
   * @param src - the values, at least as large as `index`.
   * @returns a new tensor.
   * @throws RangeError when the shapes do not fit.
   * @throws TypeError when `index` is not int32.
   * @example zeros([3]).scatterAdd(0, tensor([0, 2, 0], { dtype: 'int32' }), ones([3])); // tensor([2., 0., 1.])
   */
  scatterAdd(dim: number, index: Tensor, src: Tensor): Tensor {
    return I.scatterAdd(this, dim, index, src);
  }
  /**
   * Softmax along `dim`, like `torch.softmax`; stable for large values.
   * @param dim - the dim.
   * @returns probabilities that sum to 1 along `dim`.
   * @throws RangeError when dim is out of range.
   * @example tensor([1, 2, 3]).softmax(0); // tensor([0.0900, 0.2447, 0.6652])
   */
  softmax(dim: number): Tensor {
    return SM.softmax(this, dim);
  }
  /**
   * Log-softmax along `dim`, like `torch.log_softmax`; stable for large values.
   * @param dim - the dim.
   * @returns log-probabilities.
   * @throws RangeError when dim is out of range.
   * @example tensor([0, 1000]).logSoftmax(0); // tensor([-1000.,     0.])
   */
  logSoftmax(dim: number): Tensor {
    return SM.logSoftmax(this, dim);
  }
  /**
   * Draws `numSamples` category indices (int32) from each row of non-negative weights (they need
   * not sum to 1), like `torch.multinomial`: with replacement, independent draws; without (the
   * default), distinct categories, as successive draws that each remove the one drawn (PyTorch's
   * way: the largest w / e, e ~ Exp(1); rows with fewer non-zero weights than numSamples are
   * completed with zero-weight categories). Seeded by `generator` (default the global one); the
   * numbers differ from PyTorch's for the same seed, the distribution does not.
   * @param numSamples - how many indices per row (at most n without replacement).
   * @param opts - `replacement` (default false), `generator`.
   * @returns `[numSamples]` for a 1-D input `[n]`, `[rows, numSamples]` for a 2-D one `[rows, n]`.
   * @throws TypeError for a non-float input or a fractional count.
   * @throws RangeError for a bad shape or count, or weights that are negative, infinite or NaN, or a row summing to 0.
   * @example
   * ```ts
   * const g = new Generator(0);
   * const draws = tensor([0.1, 0.6, 0.3]).multinomial(1000, { replacement: true, generator: g });
   * const share = draws.eq(1).sum().item() / 1000; // about 0.6
   * share > 0.55 && share < 0.65; // true
   * [...tensor([1, 1, 1]).multinomial(3, { generator: g }).toArray()].sort(); // [0, 1, 2]
   * tensor([[0, 0, 1], [1, 0, 0]]).multinomial(2, { replacement: true }); // tensor([[2, 2], [0, 0]], dtype=torch.int32)
   * tensor([1, -1]).multinomial(1); // throws RangeError: element < 0
   * ```
   */
  multinomial(numSamples: number, opts?: MultinomialOptions): Tensor {
    return multinomial(this, numSamples, opts);
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
  /**
   * Converts to `dtype`, like `to(dtype)`: this tensor when it already has it. Differentiable
   * between float32 and float64.
   * @param dtype - the target dtype.
   * @returns the converted tensor.
   * @throws TypeError for an unknown dtype.
   * @example tensor([1.7, -1.7]).to('int32'); // tensor([ 1, -1], dtype=torch.int32)
   */
  to(dtype: DType): Tensor {
    return dtype === this.dtype ? this : castPrim(this, dtype);
  }
  /**
   * Converts to float32, like `float()`.
   * @returns the tensor.
   * @example arange(2).float(); // tensor([0., 1.])
   */
  float(): Tensor {
    return this.to('float32');
  }
  /**
   * Converts to float64, like `double()`.
   * @returns the tensor.
   * @example tensor([1, 2]).double(); // tensor([1., 2.], dtype=torch.float64)
   */
  double(): Tensor {
    return this.to('float64');
  }
  /**
   * Converts to int32, truncating toward zero, like `int()`.
   * @returns the tensor.
   * @example tensor([2.9, -2.9]).int(); // tensor([ 2, -2], dtype=torch.int32)
   */
  int(): Tensor {
    return this.to('int32');
  }
  /**
   * Converts to uint8, like `byte()`: fractions truncated toward zero, values wrapped into
   * [0, 255] (−1 becomes 255), as PyTorch on x86.
   * @returns the tensor.
   * @example tensor([3.7, -1, 256]).byte(); // tensor([  3, 255,   0], dtype=torch.uint8)
   */
  byte(): Tensor {
    return this.to('uint8');
  }
  /**
   * Converts to int8, like `char()`: fractions truncated toward zero, values wrapped into
   * [−128, 127].
   * @returns the tensor.
   * @example tensor([-3.7, 200]).char(); // tensor([ -3, -56], dtype=torch.int8)
   */
  char(): Tensor {
    return this.to('int8');
  }
  /**
   * Converts to bool (nonzero is true), like `bool()`.
   * @returns the tensor.
   * @example tensor([0, 0.5]).bool(); // tensor([False,  True])
   */
  bool(): Tensor {
    return this.to('bool');
  }

  // ---- in place ----------------------------------------------------------------------------
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
  /**
   * In-place `this += alpha·other`, like `add_`. Inside {@link noGrad} for tensors that require
   * grad (as optimizers do).
   * @param other - a tensor (broadcast to this one's shape) or a number.
   * @param opts - `alpha` scales `other` first.
   * @returns this tensor.
   * @throws Error on a tensor that requires grad, outside noGrad.
   * @throws RangeError when `other` does not broadcast to this tensor's shape.
   * @example
   * ```ts
   * const x = tensor([1, 2]);
   * x.add_(tensor([1, 1]), { alpha: 10 });
   * x; // tensor([11., 12.])
   * ```
   */
  add_(other: TensorLike, opts?: { alpha?: number }): this {
    return IP.update(this, 'add', IP.scaled(other, opts?.alpha), 'add_');
  }
  /**
   * In-place `this −= alpha·other`, like `sub_`.
   * @param other - a tensor (broadcast to this one's shape) or a number.
   * @param opts - `alpha` scales `other` first.
   * @returns this tensor.
   * @throws Error on a tensor that requires grad, outside noGrad.
   * @throws RangeError when `other` does not broadcast to this tensor's shape.
   * @example
   * ```ts
   * const w = tensor([1, 2], { requiresGrad: true });
   * noGrad(() => w.sub_(tensor([0.5, 0.5]), { alpha: 0.1 }));
   * w; // tensor([0.9500, 1.9500], requires_grad=True)
   * ```
   */
  sub_(other: TensorLike, opts?: { alpha?: number }): this {
    return IP.update(this, 'sub', IP.scaled(other, opts?.alpha), 'sub_');
  }
  /**
   * In-place `this *= other`, like `mul_`.
   * @param other - a tensor (broadcast to this one's shape) or a number.
   * @returns this tensor.
   * @throws Error on a tensor that requires grad, outside noGrad.
   * @throws RangeError when `other` does not broadcast to this tensor's shape.
   * @example tensor([1, 2]).mul_(3); // tensor([3., 6.])
   */
  mul_(other: TensorLike): this {
    return IP.update(this, 'mul', other, 'mul_');
  }
  /**
   * In-place `this /= other`, like `div_`.
   * @param other - a tensor (broadcast to this one's shape) or a number.
   * @returns this tensor.
   * @throws Error on a tensor that requires grad, outside noGrad.
   * @throws RangeError when `other` does not broadcast to this tensor's shape.
   * @example tensor([1, 2]).div_(4); // tensor([0.2500, 0.5000])
   */
  div_(other: TensorLike): this {
    return IP.update(this, 'div', other, 'div_');
  }
  /**
   * In-place clamp into [min, max], like `clamp_`.
   * @param min - the lower bound, or null/undefined for none.
   * @param max - the upper bound, or null/undefined for none.
   * @returns this tensor.
   * @throws Error on a tensor that requires grad, outside noGrad.
   * @throws TypeError when neither bound is given.
   * @example tensor([-2, 0.5, 3]).clamp_(-1, 1); // tensor([-1.0000,  0.5000,  1.0000])
   */
  clamp_(min?: number | Tensor | null, max?: number | Tensor | null): this {
    return IP.assign(this, this.detach().clamp(min, max), 'clamp_');
  }
  /**
   * Fills with zeros in place, like `zero_`.
   * @returns this tensor.
   * @throws Error on a tensor that requires grad, outside noGrad.
   * @example tensor([1, 2]).zero_(); // tensor([0., 0.])
   */
  zero_(): this {
    return IP.assign(this, Tensor.scalar(0, this.dtype), 'zero_');
  }
  /**
   * Fills with `value` in place, like `fill_`.
   * @param value - the value.
   * @returns this tensor.
   * @throws Error on a tensor that requires grad, outside noGrad.
   * @example zeros([2], { dtype: 'int32' }).fill_(7); // tensor([7, 7], dtype=torch.int32)
   */
  fill_(value: number): this {
    return IP.assign(this, Tensor.scalar(value, this.dtype), 'fill_', false);
  }
  /**
   * Copies `src`'s values into this tensor (broadcast, converted to this dtype), like `copy_`.
   * @param src - the source.
   * @returns this tensor.
   * @throws Error on a tensor that requires grad, outside noGrad.
   * @throws RangeError when `src` does not broadcast to this tensor's shape.
   * @example zeros([2, 2]).copy_(tensor([1, 2])); // tensor([[1., 2.], [1., 2.]])
   */
  copy_(src: Tensor): this {
    return IP.assign(this, src, 'copy_', false);
  }
}

/** @internal A 0-dim tensor holding `v`, with `like`'s dtype. */
export function scalarLike(v: number, like: Tensor): Tensor {
  return Tensor.scalar(v, like.dtype);
}
