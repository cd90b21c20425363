/**
 * A traced tensor: what a forward sees during export in place of its inputs. It is a Tensor (so
 * forwards and layers take it) whose shape holds stand-in sizes and whose ops write ONNX nodes
 * instead of computing; it also knows its dims symbolically (`'batch'`), so that a file serves
 * every size of a dynamic axis. A Tensor method it does not convert, and any read of its values,
 * is an {@link OnnxExportError} naming the module and the method.
 * @module
 */
import { Tensor, zeros } from '@chainrule/autograd';
import type { DType, Dims, TensorLike, ValuesIndices, VarOptions } from '@chainrule/autograd';
import { broadcastDims, divDims, mulDims, showDims } from './dims.js';
import type { Dim } from './dims.js';
import type { NodeInput, Trace } from './trace.js';
import { onnxType } from './tensors.js';

const TO_END = 9223372036854775807;
const FROM_END = -9223372036854775808;
const isFloat = (d: DType): boolean => d === 'float32' || d === 'float64';
const RANK: Record<DType, number> = { bool: 0, uint8: 1, int8: 1, int32: 2, float32: 3, float64: 4 };
// as chainrule's promoteTypes: uint8 with int8 needs a signed type holding both (int32 here)
const promote = (a: DType, b: DType): DType => (a !== b && RANK[a] === 1 && RANK[b] === 1 ? 'int32' : RANK[a] >= RANK[b] ? a : b);
const category = (d: DType): number => (d === 'bool' ? 0 : isFloat(d) ? 2 : 1);

/** The result dtype of an elementwise op, as chainrule's (PyTorch's): tensors with dims, then 0-dim tensors, then numbers. */
export function resultDType(...xs: readonly TensorLike[]): DType {
  const tiers: (DType | null)[] = [null, null, null];
  for (const x of xs) {
    const [tier, d]: [number, DType] =
      x instanceof Tensor ? [x.ndim > 0 ? 0 : 1, x.dtype] : [2, typeof x === 'boolean' ? 'bool' : Number.isInteger(x) ? 'int32' : 'float32'];
    tiers[tier] = tiers[tier] === null ? d : promote(tiers[tier]!, d);
  }
  const combine = (hi: DType | null, lo: DType | null): DType | null => {
    if (hi === null) return lo;
    if (lo === null || isFloat(hi)) return hi;
    return category(lo) > category(hi) ? promote(hi, lo) : hi;
  };
  return combine(tiers[0]!, combine(tiers[1]!, tiers[2]!)) ?? 'float32';
}

const norm = (dim: number, ndim: number): number => (dim < 0 ? dim + Math.max(ndim, 1) : dim);

/** A tensor standing for a value of the graph being exported. */
export class Traced extends Tensor {
  /** The value's name in the graph. */
  readonly onnxName: string;
  /** Its dims: numbers and named sizes. */
  readonly dims: readonly Dim[];

  /**
   * @param trace - the export it belongs to.
   * @param name - its name in the graph.
   * @param dims - its dims.
   * @param dtype - its dtype.
   */
  constructor(
    readonly trace: Trace,
    name: string,
    dims: readonly Dim[],
    dtype: DType,
  ) {
    const shape = trace.concrete(dims);
    super(zeros([0], { dtype })._storage, shape, Tensor.stridesFor(shape), 0, dtype);
    this.onnxName = name;
    this.dims = [...dims];
    Object.defineProperty(this, '_storage', {
      get: () =>
        trace.fail(
          'a traced tensor',
          'it reached an op of a real tensor or a function that export does not follow; write traced.op(real) rather than real.op(traced), and use cat / stack / where from @chainrule/autograd',
        ),
    });
  }

  #op(op: string, inputs: readonly NodeInput[], attrs: Parameters<Trace['emit1']>[2], dims: readonly Dim[], dtype: DType = this.dtype): Traced {
    return this.trace.emit1(op, inputs, attrs, dims, dtype);
  }

  #lift(x: TensorLike, dtype: DType): Traced {
    const t = x instanceof Tensor ? this.trace.lift(x) : this.trace.scalar(typeof x === 'boolean' ? Number(x) : x, dtype);
    return cast(t, dtype);
  }

  #dim(dim: number, op: string, ndim = this.ndim): number {
    const d = norm(dim, ndim);
    if (!Number.isInteger(dim) || d < 0 || d >= Math.max(ndim, 1)) this.trace.fail(`Tensor.${op}`, `dim ${dim} is out of range for a tensor of ${ndim} dims`);
    return d;
  }

  #dims(dim: Dims | undefined, op: string): number[] {
    if (dim === undefined) return this.dims.map((_, i) => i);
    return [...new Set((typeof dim === 'number' ? [dim] : dim).map((d) => this.#dim(d, op)))].sort((a, b) => a - b);
  }

  override toString(): string {
    return `Traced(${this.onnxName}, ${showDims(this.dims)}, ${this.dtype})`;
  }

  // ---- elementwise ------------------------------------------------------------------------------

  #binary(op: string, other: TensorLike, name: string, dtype = resultDType(this, other)): Traced {
    if (dtype === 'bool') {
      const logical: Record<string, string> = { Add: 'Or', Mul: 'And', Max: 'Or', Min: 'And', And: 'And', Or: 'Or' };
      if (logical[op] === undefined) this.trace.fail(`Tensor.${name}`, 'is not defined for bool tensors');
      op = logical[op]!;
    }
    const a = cast(this, dtype);
    const b = this.#lift(other, dtype);
    const dims = broadcastDims(a.dims, b.dims) ?? this.trace.fail(`Tensor.${name}`, `shapes ${showDims(a.dims)} and ${showDims(b.dims)} do not broadcast`);
    return this.#op(op, [a, b], {}, dims, dtype);
  }

  override add(other: TensorLike, opts?: { alpha?: number }): Traced {
    return this.#binary('Add', scaled(other, opts?.alpha), 'add');
  }
  override sub(other: TensorLike, opts?: { alpha?: number }): Traced {
    return this.#binary('Sub', scaled(other, opts?.alpha), 'sub');
  }
  override mul(other: TensorLike): Traced {
    return this.#binary('Mul', other, 'mul');
  }
  override div(other: TensorLike): Traced {
    const d = resultDType(this, other);
    return this.#binary('Div', other, 'div', isFloat(d) ? d : 'float32');
  }
  override pow(exponent: TensorLike): Traced {
    const d = resultDType(this, exponent);
    return this.#binary('Pow', exponent, 'pow', d === 'bool' ? 'int32' : d);
  }
  override maximum(other: TensorLike): Tensor {
    return this.#binary('Max', other, 'maximum');
  }
  override minimum(other: TensorLike): Tensor {
    return this.#binary('Min', other, 'minimum');
  }

  #compare(op: string, other: TensorLike, name: string): Traced {
    let dtype = resultDType(this, other);
    if (dtype === 'bool' && op !== 'Equal') dtype = 'int32';
    const a = cast(this, dtype);
    const b = this.#lift(other, dtype);
    const dims = broadcastDims(a.dims, b.dims) ?? this.trace.fail(`Tensor.${name}`, `shapes ${showDims(a.dims)} and ${showDims(b.dims)} do not broadcast`);
    return this.#op(op, [a, b], {}, dims, 'bool');
  }
  override eq(other: TensorLike): Traced {
    return this.#compare('Equal', other, 'eq');
  }
  override ne(other: TensorLike): Traced {
    return this.#compare('Equal', other, 'ne').logicalNot();
  }
  override lt(other: TensorLike): Traced {
    return this.#compare('Less', other, 'lt');
  }
  override le(other: TensorLike): Traced {
    return this.#compare('LessOrEqual', other, 'le');
  }
  override gt(other: TensorLike): Traced {
    return this.#compare('Greater', other, 'gt');
  }
  override ge(other: TensorLike): Traced {
    return this.#compare('GreaterOrEqual', other, 'ge');
  }
  override logicalAnd(other: Tensor): Traced {
    return cast(this, 'bool').#binary('And', cast(this.trace.lift(other), 'bool'), 'logicalAnd', 'bool');
  }
  override logicalOr(other: Tensor): Traced {
    return cast(this, 'bool').#binary('Or', cast(this.trace.lift(other), 'bool'), 'logicalOr', 'bool');
  }
  override logicalNot(): Traced {
    return this.#op('Not', [cast(this, 'bool')], {}, this.dims, 'bool');
  }
  override isnan(): Traced {
    return isFloat(this.dtype) ? this.#op('IsNaN', [this], {}, this.dims, 'bool') : this.trace.scalar(0, 'bool').#expandTo(this.dims);
  }
  override isfinite(): Traced {
    if (!isFloat(this.dtype)) return this.trace.scalar(1, 'bool').#expandTo(this.dims);
    const inf = this.#op('IsInf', [this], {}, this.dims, 'bool');
    return inf.logicalOr(this.isnan()).logicalNot();
  }
  override maskedFill(mask: Tensor, value: number | boolean | Tensor): Traced {
    const m = this.trace.lift(mask);
    if (m.dtype !== 'bool') this.trace.fail('Tensor.maskedFill', `only supports boolean masks, but got mask with dtype ${m.dtype}`);
    const v = this.#lift(value, this.dtype);
    return this.#op('Where', [m, v, this], {}, broadcastDims(this.dims, m.dims) ?? this.dims);
  }

  #expandTo(dims: readonly Dim[]): Traced {
    return this.#op('Expand', [this, this.trace.shapeTensor(dims)], {}, dims);
  }

  /** This tensor, or as float32 when it is not floating (functions on reals promote, as PyTorch's). */
  #float(): Traced {
    return isFloat(this.dtype) ? this : cast(this, 'float32');
  }

  #unary(op: string, attrs: Parameters<Trace['emit1']>[2] = {}): Traced {
    const x = this.#float();
    return x.#op(op, [x], attrs, x.dims);
  }

  override neg(): Traced {
    if (this.dtype === 'bool') this.trace.fail('Tensor.neg', 'negation of a bool tensor is not supported');
    return this.#op('Neg', [this], {}, this.dims);
  }
  override abs(): Traced {
    return this.dtype === 'bool' ? this : this.#op('Abs', [this], {}, this.dims);
  }
  override sign(): Traced {
    return this.dtype === 'bool' ? this : this.#op('Sign', [this], {}, this.dims);
  }
  override exp(): Traced {
    return this.#unary('Exp');
  }
  override log(): Traced {
    return this.#unary('Log');
  }
  override log1p(): Traced {
    // ONNX has no log1p: log(1 + x), which loses digits for |x| below the float's epsilon
    const x = this.#float();
    return x.add(1).log();
  }
  override sqrt(): Traced {
    return this.#unary('Sqrt');
  }
  override rsqrt(): Traced {
    return this.#unary('Sqrt').#unary('Reciprocal');
  }
  override reciprocal(): Traced {
    return this.#unary('Reciprocal');
  }
  override square(): Traced {
    return this.mul(this);
  }
  override sin(): Traced {
    return this.#unary('Sin');
  }
  override cos(): Traced {
    return this.#unary('Cos');
  }
  override tanh(): Traced {
    return this.#unary('Tanh');
  }
  override sigmoid(): Traced {
    return this.#unary('Sigmoid');
  }
  override erf(): Traced {
    return this.#unary('Erf');
  }
  override relu(): Traced {
    return this.#op('Relu', [this], {}, this.dims);
  }
  override leakyRelu(negativeSlope = 0.01): Traced {
    return this.#unary('LeakyRelu', { alpha: { f: negativeSlope } });
  }
  override elu(alpha = 1): Traced {
    return this.#unary('Elu', { alpha: { f: alpha } });
  }
  override silu(): Traced {
    const x = this.#float();
    return x.mul(x.sigmoid());
  }
  override gelu(approximate: 'none' | 'tanh' = 'none'): Traced {
    // opset 17 has no Gelu: PyTorch's formulas, as its exporter writes them
    const x = this.#float();
    if (approximate === 'tanh') {
      const inner = x.add(x.mul(x).mul(x).mul(0.044715)).mul(Math.sqrt(2 / Math.PI));
      return x.mul(0.5).mul(inner.tanh().add(1));
    }
    return x.mul(x.div(Math.SQRT2).erf().add(1)).mul(0.5);
  }
  override softplus(beta = 1, threshold = 20): Traced {
    const x = this.#float();
    const bx = beta === 1 ? x : x.mul(beta);
    const soft = bx.#op('Softplus', [bx], {}, bx.dims);
    const y = beta === 1 ? soft : soft.div(beta);
    // above the threshold PyTorch returns x: in float32 softplus already rounds to it there
    if (x.dtype === 'float32' && threshold >= 20) return y;
    return where(bx.gt(threshold), x, y) as Traced;
  }
  override clamp(min?: number | null, max?: number | null): Traced {
    const bound = (v: number | null | undefined): Traced | null => (typeof v === 'number' ? this.trace.scalar(v, this.dtype) : null);
    return this.#op('Clip', [this, bound(min), bound(max)], {}, this.dims);
  }

  // ---- reductions -------------------------------------------------------------------------------

  #reduce(op: string, dim: Dims | undefined, keepdim: boolean, name: string, dtype = this.dtype): Traced {
    const axes = this.#dims(dim, name);
    const x = cast(this, dtype);
    if (axes.length === 0) return x;
    const dims = keepdim ? x.dims.map((d, i) => (axes.includes(i) ? 1 : d)) : x.dims.filter((_, i) => !axes.includes(i));
    const all = axes.length === x.ndim;
    // ReduceSum takes its axes as an input from opset 13; the others until opset 18 as an attribute
    if (op === 'ReduceSum') return x.#op(op, [x, all ? null : this.trace.ints(axes)], { keepdims: { i: keepdim ? 1 : 0 } }, dims, dtype);
    return x.#op(op, [x], all ? { keepdims: { i: keepdim ? 1 : 0 } } : { axes: { ints: axes }, keepdims: { i: keepdim ? 1 : 0 } }, dims, dtype);
  }

  override sum(dim?: Dims, keepdim = false): Traced {
    return this.#reduce('ReduceSum', dim, keepdim, 'sum', this.dtype === 'bool' ? 'int32' : this.dtype);
  }
  override mean(dim?: Dims, keepdim = false): Traced {
    if (!isFloat(this.dtype)) this.trace.fail('Tensor.mean', `needs a floating-point tensor, got ${this.dtype}`);
    return this.#reduce('ReduceMean', dim, keepdim, 'mean');
  }
  override prod(dim?: Dims, keepdim = false): Traced {
    return this.#reduce('ReduceProd', dim, keepdim, 'prod', this.dtype === 'bool' ? 'int32' : this.dtype);
  }
  override amax(dim?: Dims, keepdim = false): Traced {
    return this.#reduce('ReduceMax', dim, keepdim, 'amax');
  }
  override amin(dim?: Dims, keepdim = false): Traced {
    return this.#reduce('ReduceMin', dim, keepdim, 'amin');
  }
  override logsumexp(dim: Dims, keepdim = false): Traced {
    return this.#reduce('ReduceLogSumExp', dim, keepdim, 'logsumexp', isFloat(this.dtype) ? this.dtype : 'float32');
  }
  override norm(p = 2, dim?: Dims, keepdim = false): Traced {
    if (p !== 1 && p !== 2) this.trace.fail('Tensor.norm', `only p = 1 and p = 2 are exported, got ${p}`);
    return this.#reduce(p === 1 ? 'ReduceL1' : 'ReduceL2', dim, keepdim, 'norm', isFloat(this.dtype) ? this.dtype : 'float32');
  }
  override all(dim?: Dims, keepdim = false): Traced {
    return cast(this, 'bool').logicalNot().any(dim, keepdim).logicalNot();
  }
  override any(dim?: Dims, keepdim = false): Traced {
    return cast(this, 'bool').#reduce('ReduceMax', dim, keepdim, 'any', 'int32').gt(0);
  }
  override var(dim?: Dims, opts: VarOptions = {}): Traced {
    const axes = this.#dims(dim, 'var');
    const n = mulDims(axes.map((a) => this.dims[a]!));
    const correction = opts.correction ?? (opts.unbiased === false ? 0 : 1);
    const keepdim = opts.keepdim ?? false;
    const centered = this.sub(this.mean(axes, true));
    const squares = centered.mul(centered).sum(axes, keepdim);
    if (typeof n === 'number') return squares.div(Math.max(n - correction, 0));
    // a dynamic count: read from the shape at run time
    const t = this.trace;
    const count = t.emit1('Reshape', [t.shapeTensor([n]), t.ints([])], {}, [], 'int32');
    return squares.div(cast(count, squares.dtype).sub(correction).clamp(0));
  }
  override std(dim?: Dims, opts: VarOptions = {}): Traced {
    return this.var(dim, opts).sqrt();
  }

  #arg(op: string, dim: number | undefined, keepdim: boolean, name: string): Traced {
    if (dim === undefined) return this.reshape([-1]).#arg(op, 0, false, name);
    const d = this.#dim(dim, name);
    const dims = keepdim ? this.dims.map((s, i) => (i === d ? 1 : s)) : this.dims.filter((_, i) => i !== d);
    const [i64] = this.trace.raw(op, [this], { axis: { i: d }, keepdims: { i: keepdim ? 1 : 0 } });
    return this.trace.emit1('Cast', [i64!], { to: { i: onnxType('int32') } }, dims, 'int32');
  }
  override argmax(dim?: number, keepdim = false): Traced {
    return this.#arg('ArgMax', dim, keepdim, 'argmax');
  }
  override argmin(dim?: number, keepdim = false): Traced {
    return this.#arg('ArgMin', dim, keepdim, 'argmin');
  }
  override max(): Tensor;
  override max(dim: number, keepdim?: boolean): ValuesIndices;
  override max(other: Tensor): Tensor;
  override max(dim?: number | Tensor, keepdim = false): Tensor | ValuesIndices {
    if (dim === undefined) return this.amax();
    if (dim instanceof Tensor) return this.maximum(dim);
    return { values: this.amax(dim, keepdim), indices: this.argmax(dim, keepdim) };
  }
  override min(): Tensor;
  override min(dim: number, keepdim?: boolean): ValuesIndices;
  override min(other: Tensor): Tensor;
  override min(dim?: number | Tensor, keepdim = false): Tensor | ValuesIndices {
    if (dim === undefined) return this.amin();
    if (dim instanceof Tensor) return this.minimum(dim);
    return { values: this.amin(dim, keepdim), indices: this.argmin(dim, keepdim) };
  }
  override softmax(dim: number): Traced {
    return this.#unary('Softmax', { axis: { i: this.#dim(dim, 'softmax') } });
  }
  override logSoftmax(dim: number): Traced {
    return this.#unary('LogSoftmax', { axis: { i: this.#dim(dim, 'logSoftmax') } });
  }

  // ---- linear algebra ---------------------------------------------------------------------------

  override matmul(other: Tensor): Traced {
    const dtype = resultDType(this, other);
    const a = cast(this, dtype);
    const b = cast(this.trace.lift(other), dtype);
    if (a.ndim === 0 || b.ndim === 0) this.trace.fail('Tensor.matmul', 'both arguments need at least 1 dim');
    let dims: Dim[];
    if (a.ndim === 1 && b.ndim === 1) dims = [];
    else if (a.ndim === 1) dims = [...b.dims.slice(0, -2), b.dims[b.ndim - 1]!];
    else if (b.ndim === 1) dims = a.dims.slice(0, -1);
    else {
      const batch = broadcastDims(a.dims.slice(0, -2), b.dims.slice(0, -2)) ?? this.trace.fail('Tensor.matmul', `batch dims of ${showDims(a.dims)} and ${showDims(b.dims)} do not broadcast`);
      dims = [...batch, a.dims[a.ndim - 2]!, b.dims[b.ndim - 1]!];
    }
    return a.#op('MatMul', [a, b], {}, dims, dtype);
  }
  override mm(other: Tensor): Traced {
    return this.matmul(other);
  }
  override bmm(other: Tensor): Traced {
    return this.matmul(other);
  }
  override dot(other: Tensor): Traced {
    return this.matmul(other);
  }
  override outer(other: Tensor): Traced {
    return this.unsqueeze(1).mul(this.trace.lift(other).unsqueeze(0));
  }

  // ---- shapes -----------------------------------------------------------------------------------

  override reshape(shape: readonly number[]): Traced {
    const dims = this.trace.decodeShape(shape);
    const holes = dims.filter((d) => d === -1).length;
    if (holes > 1) this.trace.fail('Tensor.reshape', 'only one dimension can be inferred');
    if (holes === 1) {
      const known = mulDims(dims.filter((d) => d !== -1));
      const total = mulDims(this.dims);
      const knownValue = this.trace.concrete([known])[0]!;
      const totalValue = this.trace.concrete([total])[0]!;
      if (knownValue === 0 || totalValue % knownValue !== 0) this.trace.fail('Tensor.reshape', `shape [${shape.join(', ')}] is invalid for input of size ${this.numel()}`);
      const rest = divOrFresh(this.trace, total, known, totalValue / knownValue);
      return this.trace.reshape(this, dims.map((d) => (d === -1 ? rest : d)));
    }
    return this.trace.reshape(this, dims);
  }
  override view(shape: readonly number[]): Traced {
    return this.reshape(shape);
  }
  override flatten(startDim = 0, endDim = -1): Traced {
    if (this.ndim === 0) return this.trace.reshape(this, [1]);
    const s = this.#dim(startDim, 'flatten');
    const e = this.#dim(endDim, 'flatten');
    if (s > e) this.trace.fail('Tensor.flatten', 'start_dim cannot come after end_dim');
    if (s === e) return this;
    const dims = [...this.dims.slice(0, s), mulDims(this.dims.slice(s, e + 1)), ...this.dims.slice(e + 1)];
    // ONNX's Flatten makes 2-D: it is torch.flatten(x, 1) only
    if (s === 1 && e === this.ndim - 1) return this.#op('Flatten', [this], { axis: { i: 1 } }, dims);
    return this.trace.reshape(this, dims);
  }
  override permute(dims: readonly number[]): Traced {
    const perm = dims.map((d) => this.#dim(d, 'permute'));
    if (perm.length !== this.ndim || new Set(perm).size !== perm.length) this.trace.fail('Tensor.permute', `dims [${dims.join(', ')}] are not a permutation of ${this.ndim} dims`);
    if (perm.every((p, i) => p === i)) return this;
    return this.#op('Transpose', [this], { perm: { ints: perm } }, perm.map((p) => this.dims[p]!));
  }
  override transpose(dim0: number, dim1: number): Traced {
    const perm = this.dims.map((_, i) => i);
    const a = this.#dim(dim0, 'transpose');
    const b = this.#dim(dim1, 'transpose');
    [perm[a], perm[b]] = [perm[b]!, perm[a]!];
    return this.ndim < 2 ? this : this.permute(perm);
  }
  override t(): Traced {
    return this.ndim < 2 ? this : this.transpose(0, 1);
  }
  override expand(shape: readonly number[]): Traced {
    const target = this.trace.decodeShape(shape);
    const lead = target.length - this.ndim;
    if (lead < 0) this.trace.fail('Tensor.expand', `the number of sizes (${shape.length}) must be at least the number of dims (${this.ndim})`);
    const dims = target.map((d, i) => (d === -1 ? this.dims[i - lead]! : d));
    // Expand broadcasts: a 1 keeps the input's size, so -1 and sizes equal to the input's are written as 1
    const literal = target.map((d, i) => (d === -1 || (i >= lead && d === this.dims[i - lead]) ? 1 : null));
    return this.#op('Expand', [this, this.trace.shapeTensor(dims, literal)], {}, dims);
  }
  override expandAs(other: Tensor): Traced {
    const o = this.trace.lift(other);
    return this.#op('Expand', [this, this.trace.shapeOf(o.onnxName)], {}, broadcastDims(this.dims, o.dims) ?? o.dims);
  }
  override squeeze(dim?: number | readonly number[]): Traced {
    const asked = dim === undefined ? this.dims.map((_, i) => i) : this.#dims(dim, 'squeeze');
    const axes = asked.filter((a) => this.dims[a] === 1);
    if (axes.length === 0) return this;
    return this.#op('Squeeze', [this, this.trace.ints(axes)], {}, this.dims.filter((_, i) => !axes.includes(i)));
  }
  override unsqueeze(dim: number): Traced {
    const d = this.#dim(dim, 'unsqueeze', this.ndim + 1);
    return this.#op('Unsqueeze', [this, this.trace.ints([d])], {}, [...this.dims.slice(0, d), 1, ...this.dims.slice(d)]);
  }
  override narrow(dim: number, start: number, length: number): Traced {
    const d = this.#dim(dim, 'narrow');
    const n = this.shape[d]!;
    const s = start < 0 ? start + n : start;
    if (!Number.isInteger(length) || length < 0 || s < 0 || s + length > n) this.trace.fail('Tensor.narrow', `start (${start}) + length (${length}) exceeds dim ${dim} of size ${n}`);
    return this.#slice(d, start, start < 0 && start + length === 0 ? TO_END : start + length, 1, this.trace.decode(length));
  }
  override slice(dim: number, start = 0, end: number = TO_END, step = 1): Traced {
    const d = this.#dim(dim, 'slice');
    if (!Number.isInteger(step) || step < 1) this.trace.fail('Tensor.slice', `step must be a positive integer, got ${step}`);
    const n = this.shape[d]!;
    const clamp = (i: number): number => Math.min(n, Math.max(0, i < 0 ? i + n : i));
    const [s, e] = [clamp(start), Math.max(clamp(start), clamp(end))];
    if (s === 0 && e === n && step === 1) return this;
    const size = Math.ceil((e - s) / step);
    const whole = this.dims[d]!;
    const decodedEnd = end >= n ? whole : this.trace.decode(end);
    // sizes of a named dim: the same name for the whole of it, a new name otherwise (its stand-in value computed)
    const out = typeof whole === 'number' ? size : start === 0 && step === 1 && decodedEnd === whole ? whole : this.trace.freshDim(size);
    return this.#slice(d, start, end, step, out);
  }
  #slice(d: number, start: number, end: number, step: number, size: Dim): Traced {
    const t = this.trace;
    const dims = this.dims.map((x, i) => (i === d ? size : x));
    return this.#op('Slice', [this, t.ints([start]), t.ints([end]), t.ints([d]), t.ints([step])], {}, dims);
  }
  override select(dim: number, index: number): Traced {
    const d = this.#dim(dim, 'select');
    const n = this.shape[d]!;
    if (!Number.isInteger(index) || index < -n || index >= n) this.trace.fail('Tensor.select', `index ${index} is out of range for dim ${dim} of size ${n}`);
    return this.#op('Gather', [this, this.trace.int(index)], { axis: { i: d } }, this.dims.filter((_, i) => i !== d));
  }
  override split(size: number | readonly number[], dim = 0): Traced[] {
    const d = this.#dim(dim, 'split');
    const whole = this.dims[d]!;
    if (typeof whole !== 'number') this.trace.fail('Tensor.split', `dim ${dim} has the dynamic size '${whole}'`);
    let sizes: number[];
    if (typeof size === 'number') {
      if (!Number.isInteger(size) || size < 1) this.trace.fail('Tensor.split', `split size must be a positive integer, got ${size}`);
      sizes = [];
      for (let at = 0; at < whole; at += size) sizes.push(Math.min(size, whole - at));
    } else sizes = [...size];
    if (sizes.reduce((a, b) => a + b, 0) !== whole) this.trace.fail('Tensor.split', `split sizes [${sizes.join(', ')}] do not add up to ${whole}`);
    if (sizes.length === 1) return [this];
    const outs = sizes.map((s) => ({ dims: this.dims.map((x, i) => (i === d ? s : x)), dtype: this.dtype }));
    return this.trace.emit('Split', [this, this.trace.ints(sizes)], { axis: { i: d } }, outs);
  }
  override chunk(chunks: number, dim = 0): Traced[] {
    const whole = this.dims[this.#dim(dim, 'chunk')]!;
    if (typeof whole !== 'number') this.trace.fail('Tensor.chunk', `dim ${dim} has the dynamic size '${whole}'`);
    if (!Number.isInteger(chunks) || chunks < 1) this.trace.fail('Tensor.chunk', `chunks must be a positive integer, got ${chunks}`);
    return this.split(Math.ceil(whole / chunks), dim);
  }
  override repeat(sizes: readonly number[]): Traced {
    if (sizes.length < this.ndim) this.trace.fail('Tensor.repeat', 'the number of repeats cannot be smaller than the number of dims');
    const reps = this.trace.decodeShape(sizes);
    const x = sizes.length === this.ndim ? this : this.trace.reshape(this, [...new Array<Dim>(sizes.length - this.ndim).fill(1), ...this.dims]);
    return x.#op('Tile', [x, this.trace.shapeTensor(reps)], {}, x.dims.map((d, i) => mulDims([d, reps[i]!])));
  }
  override flip(dims: number | readonly number[]): Traced {
    const axes = this.#dims(dims, 'flip');
    const t = this.trace;
    const n = axes.length;
    return this.#op('Slice', [this, t.ints(new Array(n).fill(-1)), t.ints(new Array(n).fill(FROM_END)), t.ints(axes), t.ints(new Array(n).fill(-1))], {}, this.dims);
  }
  #trilu(upper: boolean, diagonal: number, name: string): Traced {
    if (this.trace.opset < 14) this.trace.fail(`Tensor.${name}`, `Trilu needs opset 14 or later (exporting opset ${this.trace.opset})`);
    if (this.ndim < 2) this.trace.fail(`Tensor.${name}`, 'needs at least 2 dims');
    return this.#op('Trilu', [this, this.trace.int(diagonal)], { upper: { i: upper ? 1 : 0 } }, this.dims);
  }
  override tril(diagonal = 0): Traced {
    return this.#trilu(false, diagonal, 'tril');
  }
  override triu(diagonal = 0): Traced {
    return this.#trilu(true, diagonal, 'triu');
  }
  override indexSelect(dim: number, index: Tensor): Traced {
    const d = this.#dim(dim, 'indexSelect');
    const idx = this.trace.lift(index);
    if (idx.ndim > 1 || idx.dtype !== 'int32') this.trace.fail('Tensor.indexSelect', `index must be a 0-D or 1-D int32 tensor, got ${idx.dtype} ${showDims(idx.dims)}`);
    const flat = idx.ndim === 0 ? this.trace.reshape(idx, [1]) : idx;
    return this.#op('Gather', [this, flat], { axis: { i: d } }, this.dims.map((x, i) => (i === d ? flat.dims[0]! : x)));
  }
  override gather(dim: number, index: Tensor): Traced {
    const idx = this.trace.lift(index);
    return this.#op('GatherElements', [this, idx], { axis: { i: this.#dim(dim, 'gather') } }, idx.dims);
  }

  // ---- dtypes and copies ------------------------------------------------------------------------

  override to(dtype: DType): Traced {
    return cast(this, dtype);
  }
  override float(): Traced {
    return cast(this, 'float32');
  }
  override double(): Traced {
    return cast(this, 'float64');
  }
  override int(): Traced {
    return cast(this, 'int32');
  }
  override bool(): Traced {
    return cast(this, 'bool');
  }
  override detach(): Traced {
    return this;
  }
  override contiguous(): Traced {
    return this;
  }
  override clone(): Traced {
    return this;
  }
}

const scaled = (x: TensorLike, alpha: number | undefined): TensorLike =>
  alpha === undefined || alpha === 1 ? x : x instanceof Tensor ? x.mul(alpha) : Number(x) * alpha;

function divOrFresh(trace: Trace, total: Dim, known: Dim, value: number): Dim {
  const q = typeof total === 'number' && typeof known === 'number' ? total / known : null;
  if (q !== null) return q;
  return divDims(total, known) ?? trace.freshDim(value);
}

/** `x` as `dtype` (a Cast node when it differs). */
export function cast(x: Traced, dtype: DType): Traced {
  if (x.dtype === dtype) return x;
  return x.trace.emit1('Cast', [x], { to: { i: onnxType(dtype) } }, x.dims, dtype);
}

function traceOf(xs: readonly unknown[]): Trace {
  const t = xs.find((x): x is Traced => x instanceof Traced);
  return t!.trace;
}

/** autograd's `cat` on traced tensors: Concat. */
function cat(xs: readonly Tensor[], dim = 0): Tensor {
  const trace = traceOf(xs);
  const kept = xs.filter((x) => !(x.ndim === 1 && x.shape[0] === 0));
  if (kept.length === 0) trace.fail('cat', 'expects a non-empty list of tensors');
  const dtype = kept.map((x) => x.dtype).reduce(promote);
  const vs = kept.map((x) => cast(trace.lift(x), dtype));
  const first = vs[0]!;
  const d = norm(dim, first.ndim);
  if (vs.length === 1) return first;
  for (const v of vs) {
    if (v.ndim !== first.ndim || v.dims.some((s, k) => k !== d && s !== first.dims[k] && typeof s === 'number' && typeof first.dims[k] === 'number')) {
      trace.fail('cat', `sizes of tensors must match except in dim ${dim}: ${showDims(first.dims)} and ${showDims(v.dims)}`);
    }
  }
  const along = vs.map((v) => v.dims[d]!);
  const size = along.every((s) => typeof s === 'number') ? (along as number[]).reduce((a, b) => a + b, 0) : trace.freshDim(vs.reduce((a, v) => a + v.shape[d]!, 0));
  return trace.emit1('Concat', vs, { axis: { i: d } }, first.dims.map((s, k) => (k === d ? size : s)), dtype);
}

/** autograd's `stack` on traced tensors: Unsqueeze each, Concat. */
function stack(xs: readonly Tensor[], dim = 0): Tensor {
  const trace = traceOf(xs);
  if (xs.length === 0) trace.fail('stack', 'expects a non-empty list of tensors');
  const d = norm(dim, xs[0]!.ndim + 1);
  return cat(
    xs.map((x) => trace.lift(x).unsqueeze(d)),
    d,
  );
}

/** autograd's `where` on traced tensors: Where. */
function where(cond: Tensor, a: TensorLike, b: TensorLike): Tensor {
  const trace = traceOf([cond, a, b]);
  const dtype = resultDType(a, b);
  const c0 = trace.lift(cond);
  const c = c0.dtype === 'bool' ? c0 : (c0.ne(0) as Traced);
  const lift = (v: TensorLike): Traced => cast(v instanceof Tensor ? trace.lift(v) : trace.scalar(Number(v), dtype), dtype);
  const [x, y] = [lift(a), lift(b)];
  const dims = broadcastDims(broadcastDims(c.dims, x.dims) ?? c.dims, y.dims) ?? trace.fail('where', `shapes ${showDims(c.dims)}, ${showDims(x.dims)} and ${showDims(y.dims)} do not broadcast`);
  return trace.emit1('Where', [c, x, y], {}, dims, dtype);
}

// Every other Tensor member is refused on a traced tensor, naming it: reading values (data-dependent
// code), in-place ops, and ops with no conversion yet.
const PASS = new Set(['constructor', 'ndim', 'numel', 'dim', 'size', 'requiresGrad', 'isLeaf', 'gradFn', 'isContiguous', 'toString']);
const READS = new Set(['data', 'item', 'toArray', 'tolist']);
Object.defineProperty(Traced.prototype, Symbol.for('chainrule.trace'), { value: { cat, stack, where } });
for (const name of Object.getOwnPropertyNames(Tensor.prototype)) {
  if (PASS.has(name) || Object.prototype.hasOwnProperty.call(Traced.prototype, name)) continue;
  const why = READS.has(name)
    ? 'reads the values of a traced tensor: code that depends on the data cannot be exported'
    : name.endsWith('_') && !name.startsWith('_')
      ? 'in-place ops are not exported'
      : name.startsWith('_')
        ? 'it reached an op of a real tensor or a function that export does not follow; write traced.op(real) rather than real.op(traced)'
        : 'has no ONNX conversion';
  const refuse = function (this: Traced): never {
    return this.trace.fail(`Tensor.${name}`, why);
  };
  const desc = Object.getOwnPropertyDescriptor(Tensor.prototype, name)!;
  Object.defineProperty(Traced.prototype, name, desc.get !== undefined ? { get: refuse, configurable: true } : { value: refuse, writable: true, configurable: true });
}
