/**
 * The ops table of the autograd package page, measured rather than written: every Tensor op is
 * called on tensors of each dtype (which dtypes it accepts, and what it returns for them), and on
 * float64 tensors that require grad (whether a gradient flows back). A method missing from
 * RECIPES and from NOT_OPS fails the docs test, so the table cannot go stale.
 */
import { cat, grad, noGrad, stack, tensor, where } from '@chainrule/autograd';
import type { DType, Tensor } from '@chainrule/autograd';

type Out = Tensor | Tensor[] | { values: Tensor; indices: Tensor };

/** How to call one op on two `[2, 3]` tensors `x`, `y` of one dtype (values in [0.5, 1.5] for floats). */
export interface Recipe {
  /** The Tensor method, or the free function for those without one. */
  name: string;
  /** What the table shows as the call. */
  call: string;
  run: (x: Tensor, y: Tensor) => Out;
  /** In-place methods: no gradient by design (they refuse tensors that require grad). */
  inPlace?: boolean;
}

const idx = (data: number[], shape: number[]): Tensor => tensor(data, { shape, dtype: 'int32' });

const unary = (name: string): Recipe => ({ name, call: `x.${name}()`, run: (x) => (x as unknown as Record<string, () => Tensor>)[name]!.call(x) });
const binary = (name: string): Recipe => ({ name, call: `x.${name}(y)`, run: (x, y) => (x as unknown as Record<string, (o: Tensor) => Tensor>)[name]!.call(x, y) });

export const RECIPES: readonly Recipe[] = [
  ...['neg', 'exp', 'log', 'log1p', 'sqrt', 'rsqrt', 'abs', 'sin', 'cos', 'tanh', 'sigmoid', 'relu', 'erf', 'sign', 'square', 'reciprocal'].map(unary),
  ...['leakyRelu', 'gelu', 'softplus', 'elu', 'silu'].map(unary),
  { name: 'clamp', call: 'x.clamp(0.6, 1.2)', run: (x) => x.clamp(0.6, 1.2) },
  ...['add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum'].map(binary),
  ...['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'logicalAnd', 'logicalOr'].map(binary),
  ...['logicalNot', 'isfinite', 'isnan'].map(unary),
  { name: 'where', call: 'where(x.gt(1), x, y)', run: (x, y) => where(x.gt(1), x, y) },
  { name: 'maskedFill', call: 'x.maskedFill(x.gt(1), 0)', run: (x) => x.maskedFill(x.gt(1), 0) },
  ...['sum', 'mean', 'prod', 'var', 'std', 'norm', 'amax', 'amin', 'argmax', 'argmin', 'all', 'any'].map(unary),
  { name: 'logsumexp', call: 'x.logsumexp(1)', run: (x) => x.logsumexp(1) },
  { name: 'max', call: 'x.max(), x.max(1), x.max(y)', run: (x) => x.max(1) },
  { name: 'min', call: 'x.min(), x.min(1), x.min(y)', run: (x) => x.min(1) },
  { name: 'softmax', call: 'x.softmax(1)', run: (x) => x.softmax(1) },
  { name: 'logSoftmax', call: 'x.logSoftmax(1)', run: (x) => x.logSoftmax(1) },
  { name: 'matmul', call: 'x.matmul(y.t())', run: (x, y) => x.matmul(y.t()) },
  { name: 'mm', call: 'x.mm(y.t())', run: (x, y) => x.mm(y.t()) },
  { name: 'bmm', call: 'x.bmm(y)', run: (x, y) => x.unsqueeze(0).bmm(y.t().unsqueeze(0)) },
  { name: 'dot', call: 'x.dot(y)', run: (x, y) => x.flatten().dot(y.flatten()) },
  { name: 'outer', call: 'x.outer(y)', run: (x, y) => x.flatten().outer(y.flatten()) },
  { name: 'reshape', call: 'x.reshape([3, 2])', run: (x) => x.reshape([3, 2]) },
  { name: 'view', call: 'x.view([6])', run: (x) => x.view([6]) },
  { name: 'transpose', call: 'x.transpose(0, 1)', run: (x) => x.transpose(0, 1) },
  unary('t'),
  { name: 'permute', call: 'x.permute([1, 0])', run: (x) => x.permute([1, 0]) },
  { name: 'expand', call: 'x.expand([4, 2, 3])', run: (x) => x.expand([4, 2, 3]) },
  { name: 'expandAs', call: 'x.narrow(0, 0, 1).expandAs(y)', run: (x, y) => x.narrow(0, 0, 1).expandAs(y) },
  { name: 'squeeze', call: 'x.squeeze()', run: (x) => x.unsqueeze(0).squeeze() },
  { name: 'unsqueeze', call: 'x.unsqueeze(0)', run: (x) => x.unsqueeze(0) },
  unary('flatten'),
  { name: 'narrow', call: 'x.narrow(1, 0, 2)', run: (x) => x.narrow(1, 0, 2) },
  { name: 'select', call: 'x.select(1, 2)', run: (x) => x.select(1, 2) },
  { name: 'repeat', call: 'x.repeat([2, 1])', run: (x) => x.repeat([2, 1]) },
  { name: 'flip', call: 'x.flip(1)', run: (x) => x.flip(1) },
  { name: 'tril', call: 'x.tril()', run: (x) => x.tril() },
  { name: 'triu', call: 'x.triu(1)', run: (x) => x.triu(1) },
  { name: 'slice', call: 'x.slice(1, 0, 3, 2)', run: (x) => x.slice(1, 0, 3, 2) },
  { name: 'split', call: 'x.split(1)', run: (x) => x.split(1) },
  { name: 'chunk', call: 'x.chunk(2, 1)', run: (x) => x.chunk(2, 1) },
  { name: 'cat', call: 'cat([x, y])', run: (x, y) => cat([x, y]) },
  { name: 'stack', call: 'stack([x, y])', run: (x, y) => stack([x, y]) },
  unary('contiguous'),
  unary('clone'),
  { name: 'indexSelect', call: 'x.indexSelect(1, index)', run: (x) => x.indexSelect(1, idx([2, 0], [2])) },
  { name: 'gather', call: 'x.gather(1, index)', run: (x) => x.gather(1, idx([0, 2], [2, 1])) },
  { name: 'scatterAdd', call: 'x.scatterAdd(1, index, y)', run: (x, y) => x.scatterAdd(1, idx([0, 2, 1, 1], [2, 2]), y) },
  { name: 'to', call: "x.to('float64')", run: (x) => x.to('float64') },
  ...['float', 'double', 'int', 'bool'].map(unary),
  { name: 'add_', call: 'x.add_(y)', run: (x, y) => x.add_(y), inPlace: true },
  { name: 'sub_', call: 'x.sub_(y)', run: (x, y) => x.sub_(y), inPlace: true },
  { name: 'mul_', call: 'x.mul_(y)', run: (x, y) => x.mul_(y), inPlace: true },
  { name: 'div_', call: 'x.div_(y)', run: (x, y) => x.div_(y), inPlace: true },
  { name: 'clamp_', call: 'x.clamp_(0.6, 1.2)', run: (x) => x.clamp_(0.6, 1.2), inPlace: true },
  { name: 'zero_', call: 'x.zero_()', run: (x) => x.zero_(), inPlace: true },
  { name: 'fill_', call: 'x.fill_(1)', run: (x) => x.fill_(1), inPlace: true },
  { name: 'copy_', call: 'x.copy_(y)', run: (x, y) => x.copy_(y), inPlace: true },
];

/** Tensor methods that are not ops: read-outs and autograd controls. */
export const NOT_OPS: readonly string[] = [
  'numel', 'size', 'dim', 'isContiguous', 'item', 'toArray', 'tolist', 'toString',
  'requiresGrad_', 'detach', 'retainGrad', 'registerHook', 'backward',
];

const DTYPES: readonly DType[] = ['float32', 'float64', 'int32', 'bool'];

function sample(dtype: DType, seed: number, requiresGrad = false): Tensor {
  const values = [0.5, 1.25, 0.75, 1.5, 1, 0.6].map((v, i) => (i + seed) % 2 === 0 ? v : 2 - v);
  const data = dtype === 'bool' ? values.map((v) => v > 1) : dtype === 'int32' ? values.map((v) => Math.round(v * 2)) : values;
  return tensor(data, { shape: [2, 3], dtype, requiresGrad });
}

const firstTensor = (o: Out): Tensor => (Array.isArray(o) ? o[0]! : 'values' in o ? o.values : o);

/** One row of the ops table. */
export interface OpRow {
  recipe: Recipe;
  /** Per dtype: the result's dtype, or null when the op refuses that dtype. */
  dtypes: Map<DType, DType | null>;
  /** Whether a gradient flows from the result back to `x` (float64). */
  differentiable: boolean;
}

/** Runs every recipe on every dtype, and once with gradients. */
export function probeOps(): OpRow[] {
  return RECIPES.map((recipe) => {
    const dtypes = new Map<DType, DType | null>();
    for (const d of DTYPES) {
      try {
        dtypes.set(d, firstTensor(recipe.run(sample(d, 0), sample(d, 1))).dtype);
      } catch {
        dtypes.set(d, null);
      }
    }
    let differentiable = false;
    if (!recipe.inPlace) {
      const x = sample('float64', 0, true);
      const out = firstTensor(recipe.run(x, sample('float64', 1, true)));
      if (out.requiresGrad) {
        const [g] = grad(out.to('float64').sum(), [x], { allowUnused: true });
        differentiable = g !== null && g !== undefined && noGrad(() => g.isfinite().logicalNot().sum().item()) === 0;
      }
    }
    return { recipe, dtypes, differentiable };
  });
}

const short: Record<DType, string> = { float32: 'f32', float64: 'f64', int32: 'i32', bool: 'bool' };

/** The ops table, as markdown. */
export function opsTable(rows: readonly OpRow[]): string {
  const lines = ['| op | gradient | dtypes (→ result) |', '|---|---|---|'];
  for (const { recipe, dtypes, differentiable } of rows) {
    const accepted = [...dtypes]
      .filter(([, out]) => out !== null)
      .map(([d, out]) => (out === d ? short[d] : `${short[d]} → ${short[out!]}`))
      .join(', ');
    const gradient = recipe.inPlace ? 'in place' : differentiable ? '✓' : '—';
    lines.push(`| \`${recipe.call}\` | ${gradient} | ${accepted} |`);
  }
  return lines.join('\n');
}
