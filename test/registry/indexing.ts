/**
 * Scans, sorting and selection, writing at positions, advanced indexing, and rearranging ops of
 * @chainrule/autograd in the op registry (see ./types.ts). Index tensors with repeated positions
 * take the gradient where PyTorch documents one; sort-like ops draw distinct values (no ties at
 * their kinks), and their tie orders are checked on integers.
 */
import { bucketize, searchsorted } from '@chainrule/autograd';
import { bool, defineOps, f, fc0, int, refuseCompile } from './types.js';
import type { Input } from './types.js';

const distinct = (shape: readonly number[]): Input => ({ shape, distinct: true });
/** A base shape whose dim 1 has at least `n` elements. */
const wide = ([a = 2, b = 3, c = 2]: readonly number[], n = 2): number[] => [a, Math.max(b, n), c];

/** Running sums, products, extrema and log-sum-exps. */
export const scanOps = defineOps({
  cumsum: { fn: (x) => x.cumsum(-1), call: 'x.cumsum(-1)', inputs: 'unary', grad: 'smooth', torch: 'torch.cumsum(a, -1)' },
  cumsumDim: { covers: 'cumsum', call: 'x.cumsum(1)', fn: (x) => x.cumsum(1).square(), inputs: (s) => [f(s)], grad: 'smooth', torch: 'torch.cumsum(a, 1).square()' },
  cumsumInt: { covers: 'cumsum', call: 'x.cumsum(0) of int32', fn: (x) => x.cumsum(0), inputs: (s) => [int(s, { min: -3, max: 4 })], grad: 'none', torch: 'torch.cumsum(a, 0)' },
  // away from 0 (where the division-free form takes over: cumprodZeros); denormals would underflow
  cumprod: { fn: (x) => x.cumprod(1), call: 'x.cumprod(1)', inputs: (s) => [f(s)], avoid: [0], grad: 'smooth', torch: 'torch.cumprod(a, 1)' },
  cumprodZeros: {
    covers: 'cumprod',
    call: 'x.cumprod(1) through zeros',
    fn: (x) => x.cumprod(1),
    inputs: () => [{ shape: [3, 4], values: [1.5, 0, 2, -1, 0, 0.5, 0, 3, 0.5, -2, 1.25, 0] }],
    grad: 'smooth',
    torch: 'torch.cumprod(a, 1)',
  },
  cummax: { fn: (x) => x.cummax(1), call: 'x.cummax(1)', inputs: (s) => [distinct(s)], grad: 'kinked', torch: 'torch.cummax(a, 1)' },
  cummin: { fn: (x) => x.cummin(0), call: 'x.cummin(0)', inputs: (s) => [distinct(s)], grad: 'kinked', torch: 'torch.cummin(a, 0)' },
  cummaxTies: { covers: ['cummax', 'cummin'], call: 'cummax/cummin with ties', fn: (x) => [x.cummax(-1), x.cummin(0)], inputs: (s) => [int(s, { min: 0, max: 3 })], grad: 'none', torch: '(torch.cummax(a, -1), torch.cummin(a, 0))' },
  logcumsumexp: { fn: (x) => x.logcumsumexp(1), call: 'x.logcumsumexp(1)', inputs: (s) => [f(s)], grad: 'smooth', torch: 'torch.logcumsumexp(a, 1)' },
  logcumsumexpWide: { covers: 'logcumsumexp', call: 'x.logcumsumexp(-1), values ±60', fn: (x) => x.logcumsumexp(-1), inputs: (s) => [f(s, -60, 60)], grad: 'smooth', torch: 'torch.logcumsumexp(a, -1)', runs: 10 },
});

/** Sorting, selection by rank, counting and searching. */
export const sortOps = defineOps({
  sort: { fn: (x) => x.sort(1), call: 'x.sort(1)', inputs: (s) => [distinct(s)], grad: 'kinked', torch: 'torch.sort(a, 1)' },
  sortDescending: { covers: 'sort', call: 'x.sort(0, true)', fn: (x) => x.sort(0, true), inputs: (s) => [distinct(s)], grad: 'kinked', torch: 'torch.sort(a, 0, descending=True)' },
  sortStable: {
    covers: 'sort',
    call: 'x.sort(-1, descending, { stable: true }) of ties',
    fn: (x) => [x.sort(-1, false, { stable: true }), x.sort(-1, true, { stable: true })],
    inputs: (s) => [int(s, { min: 0, max: 3 })],
    grad: 'none',
    torch: '(torch.sort(a, dim=-1, stable=True), torch.sort(a, dim=-1, descending=True, stable=True))',
  },
  argsort: { fn: (x) => x.argsort(1), call: 'x.argsort(1)', inputs: (s) => [distinct(s)], grad: 'none', torch: 'torch.argsort(a, 1)' },
  topk: { fn: (x) => x.topk(2, 1), call: 'x.topk(2, 1)', inputs: (s) => [distinct(wide(s))], grad: 'kinked', torch: 'torch.topk(a, 2, 1)' },
  topkSmallest: { covers: 'topk', call: 'x.topk(2, -1, false)', fn: (x) => x.topk(2, -1, false), inputs: ([a = 2, b = 3]) => [distinct([a, b + 1])], grad: 'kinked', torch: 'torch.topk(a, 2, -1, largest=False)' },
  kthvalue: { fn: (x) => x.kthvalue(2, 1, true), call: 'x.kthvalue(2, 1, true)', inputs: (s) => [distinct(wide(s))], grad: 'kinked', torch: 'torch.kthvalue(a, 2, 1, keepdim=True)' },
  median: { fn: (x) => x.median(), inputs: (s) => [distinct(s)], grad: 'kinked', torch: 'torch.median(a)' },
  medianDim: { covers: 'median', call: 'x.median(1)', fn: (x) => x.median(1), inputs: (s) => [distinct(s)], grad: 'kinked', torch: 'torch.median(a, 1)' },
  medianNaN: {
    covers: 'median',
    call: 'x.median(1) with NaN (log of negatives)',
    fn: (x) => x.log().median(1),
    inputs: () => [{ shape: [2, 4], values: [3, -1, 1, -2, 4, 2, 8, 6], grad: false }],
    grad: 'none',
    torch: 'torch.median(a.log(), 1)',
  },
  mode: { fn: (x) => x.mode(1), call: 'x.mode(1)', inputs: (s) => [int(s, { min: 0, max: 3 })], grad: 'none', torch: 'torch.mode(a, 1)' },
  modeFloat: {
    covers: 'mode',
    call: 'x.mode() of floats',
    fn: (x) => x.mode(-1, true),
    inputs: () => [{ shape: [2, 5], values: [1.5, -0.5, 1.5, 2, -0.5, 0.25, 3, 3, 0.25, 0.25] }],
    // the gradient (to the position picked) is compared with PyTorch's; central differences cannot
    // see it, since the mode is chosen by equality of values
    grad: 'none',
    torch: 'torch.mode(a, -1, keepdim=True)',
  },
  nonzero: { fn: (x) => x.nonzero(), inputs: (s) => [int(s, { min: 0, max: 2 })], grad: 'none', torch: 'torch.nonzero(a)' },
  nonzeroTuple: { covers: 'nonzero', call: 'x.nonzero({ asTuple: true })', fn: (x) => x.nonzero({ asTuple: true }), inputs: (s) => [bool(s)], grad: 'none', torch: 'torch.nonzero(a, as_tuple=True)' },
  unique: { fn: (x) => x.unique(), inputs: (s) => [int(s, { min: -2, max: 3 })], grad: 'none', torch: 'torch.unique(a)' },
  uniqueAll: {
    covers: 'unique',
    call: 'x.unique({ returnInverse: true, returnCounts: true })',
    fn: (x) => x.unique({ returnInverse: true, returnCounts: true }),
    inputs: (s) => [int(s, { min: 0, max: 4 })],
    grad: 'none',
    torch: 'torch.unique(a, return_inverse=True, return_counts=True)',
  },
  uniqueDim: {
    covers: 'unique',
    call: 'x.unique({ dim: 1, returnInverse: true, returnCounts: true })',
    fn: (x) => x.unique({ dim: 1, returnInverse: true, returnCounts: true }),
    inputs: ([a = 2, b = 3]) => [int([a, 2 * b], { min: 0, max: 2 })],
    grad: 'none',
    torch: 'torch.unique(a, dim=1, return_inverse=True, return_counts=True)',
  },
  searchsorted: {
    fn: (s, v) => searchsorted(s.sort().values, v),
    call: 'searchsorted(sorted, values)',
    inputs: ([a = 2, b = 3]) => [fc0([a, b + 2]), fc0([a, b])],
    grad: 'none',
    torch: 'torch.searchsorted(a.sort().values, b)',
  },
  searchsortedRight: {
    covers: 'searchsorted',
    call: "searchsorted(sorted1d, values, { side: 'right' })",
    fn: (s, v) => searchsorted(s.sort().values, v, { side: 'right' }),
    inputs: (s) => [int([6], { min: 0, max: 4 }), int(s, { min: -1, max: 5 })],
    grad: 'none',
    torch: "torch.searchsorted(a.sort().values, b, side='right')",
  },
  bucketize: {
    fn: (x, b) => [bucketize(x, b.sort().values), bucketize(x, b.sort().values, { right: true })],
    call: 'bucketize(x, boundaries)',
    inputs: (s) => [int(s, { min: 0, max: 6 }), int([4], [1, 3, 3, 5])],
    grad: 'none',
    torch: '(torch.bucketize(a, b.sort().values), torch.bucketize(a, b.sort().values, right=True))',
  },
  bincount: { fn: (x) => x.bincount(), inputs: ([a = 2, b = 3]) => [int([a * b], { min: 0, max: 6 })], grad: 'none', torch: 'torch.bincount(a)' },
  bincountWeights: {
    covers: 'bincount',
    call: 'x.bincount(weights, 8)',
    fn: (x, w) => x.bincount(w, 8),
    inputs: ([a = 2, b = 3]) => [int([a * b], { min: 0, max: 5 }), fc0([a * b])],
    grad: 'none',
    torch: 'torch.bincount(a, b, minlength=8)',
  },
  histc: { fn: (x) => [x.histc(5, -1, 1), x.histc(4)], call: 'x.histc(5, -1, 1), x.histc(4)', inputs: (s) => [fc0(s)], grad: 'none', torch: '(torch.histc(a, 5, -1, 1), torch.histc(a, 4))' },
  argwhere: { fn: (x) => x.argwhere(), inputs: (s) => [int(s, { min: 0, max: 2 })], grad: 'none', torch: 'torch.argwhere(a)' },
  msort: { fn: (x) => x.msort(), inputs: (s) => [distinct(s)], grad: 'kinked', torch: 'torch.msort(a)' },
  maskedSelect: { fn: (x, m) => x.maskedSelect(m), call: 'x.maskedSelect(mask)', inputs: (s) => [f(s), bool(s.slice(1))], grad: 'smooth', torch: 'torch.masked_select(a, b)' },
});

const i32 = (shape: readonly number[], values: readonly number[]): Input => int(shape, values);

/** Writing at positions: scatter, scatterReduce, indexAdd/Copy/Fill, maskedScatter, take. */
export const scatterOps = defineOps({
  scatter: { fn: (x, i, s) => x.scatter(1, i, s), call: 'x.scatter(1, index, src)', inputs: () => [f([2, 3]), i32([2, 2], [0, 2, 1, 0]), f([2, 2])], grad: 'smooth', torch: 'a.scatter(1, b, c)' },
  // PyTorch 1.13's scatter backward refuses a src larger than index: forward only
  scatterLargerSrc: {
    covers: 'scatter',
    call: 'x.scatter(1, index, src) with src larger than index',
    fn: (x, i, s) => [x.scatter(1, i, s), x.scatterReduce(1, i, s, 'sum')],
    inputs: () => [fc0([2, 3]), i32([2, 2], [0, 2, 1, 0]), fc0([3, 4])],
    grad: 'none',
    torch: "(a.scatter(1, b, c), a.scatter_reduce(1, b, c, 'sum'))",
  },
  scatterValue: { covers: 'scatter', call: 'x.scatter(0, index, 2.5)', fn: (x, i) => x.scatter(0, i, 2.5), inputs: () => [f([3, 2]), i32([2, 2], [2, 0, 2, 2])], grad: 'smooth', torch: 'a.scatter(0, b, 2.5)' },
  scatterReduceOption: {
    covers: 'scatter',
    call: "x.scatter(0, index, src, { reduce: 'add' | 'multiply' })",
    fn: (x, i, s) => [x.scatter(0, i, s, { reduce: 'add' }), x.scatter(0, i, s, { reduce: 'multiply' })],
    inputs: () => [fc0([3, 2]), i32([3, 2], [0, 2, 0, 0, 2, 1]), fc0([3, 2])],
    grad: 'none',
    torch: "(a.scatter(0, b, c, reduce='add'), a.scatter(0, b, c, reduce='multiply'))",
  },
  scatterReduceSum: {
    covers: 'scatterReduce',
    call: "x.scatterReduce(0, index, src, 'sum', { includeSelf: false })",
    fn: (x, i, s) => x.scatterReduce(0, i, s, 'sum', { includeSelf: false }).square(),
    inputs: () => [f([3, 2]), i32([4, 2], [0, 2, 0, 0, 2, 1, 0, 2]), f([4, 2])],
    grad: 'smooth',
    torch: "a.scatter_reduce(0, b, c, 'sum', include_self=False).square()",
  },
  scatterReduceMean: {
    covers: 'scatterReduce',
    call: "x.scatterReduce(0, index, src, 'mean')",
    fn: (x, i, s) => [x.scatterReduce(0, i, s, 'mean'), x.scatterReduce(0, i, s, 'mean', { includeSelf: false })],
    inputs: () => [f([3, 2]), i32([4, 2], [0, 2, 0, 0, 2, 1, 0, 2]), f([4, 2])],
    grad: 'smooth',
    torch: "(a.scatter_reduce(0, b, c, 'mean'), a.scatter_reduce(0, b, c, 'mean', include_self=False))",
  },
  scatterReduceProd: {
    covers: 'scatterReduce',
    call: "x.scatterReduce(1, index, src, 'prod')",
    fn: (x, i, s) => [x.scatterReduce(1, i, s, 'prod'), x.scatterReduce(1, i, s, 'prod', { includeSelf: false })],
    inputs: () => [f([2, 3]), i32([2, 4], [0, 2, 0, 0, 1, 1, 2, 1]), f([2, 4])],
    avoid: [0],
    grad: 'smooth',
    torch: "(a.scatter_reduce(1, b, c, 'prod'), a.scatter_reduce(1, b, c, 'prod', include_self=False))",
  },
  scatterReduceProdZeros: {
    covers: 'scatterReduce',
    call: "x.scatterReduce(0, index, src, 'prod') through zeros",
    fn: (x, i, s) => [x.scatterReduce(0, i, s, 'prod'), x.scatterReduce(0, i, s, 'prod', { includeSelf: false })],
    inputs: () => [{ shape: [4], values: [0, 1.5, -2, 0.5] }, i32([6], [0, 1, 1, 2, 2, 3]), { shape: [6], values: [3, 0, 2, 0, 0, 1.25] }],
    grad: 'kinked',
    torch: "(a.scatter_reduce(0, b, c, 'prod'), a.scatter_reduce(0, b, c, 'prod', include_self=False))",
  },
  scatterReduceAmax: {
    covers: 'scatterReduce',
    call: "x.scatterReduce(0, index, src, 'amax' | 'amin')",
    fn: (x, i, s) => [x.scatterReduce(0, i, s, 'amax'), x.scatterReduce(0, i, s, 'amin', { includeSelf: false })],
    inputs: () => [distinct([3, 2]), i32([4, 2], [0, 2, 0, 0, 2, 1, 0, 2]), distinct([4, 2])],
    grad: 'kinked',
    torch: "(a.scatter_reduce(0, b, c, 'amax'), a.scatter_reduce(0, b, c, 'amin', include_self=False))",
  },
  scatterReduceTies: {
    covers: 'scatterReduce',
    call: "x.scatterReduce(0, index, src, 'amax') with ties",
    // two-way ties share the gradient, which central differences see as 1/2 each (PyTorch shares it among all tied values)
    fn: (x, i, s) => x.scatterReduce(0, i, s, 'amax'),
    inputs: () => [{ shape: [3], values: [1, 2, 0.5] }, i32([4], [0, 0, 1, 2]), { shape: [4], values: [1, 0.25, 2, 0.5] }],
    grad: 'kinked',
    torch: "a.scatter_reduce(0, b, c, 'amax')",
  },
  scatterReduceTies3: {
    covers: 'scatterReduce',
    call: "x.scatterReduce(0, index, src, 'amin') with three-way ties",
    // the gradient is shared 1/3 each, as PyTorch's (compared with it); central differences see 1/2 at a three-way tie
    fn: (x, i, s) => x.scatterReduce(0, i, s, 'amin'),
    inputs: () => [{ shape: [2], values: [1, 2] }, i32([4], [0, 0, 1, 1]), { shape: [4], values: [1, 1, 2, 3] }],
    grad: 'none',
    torch: "a.scatter_reduce(0, b, c, 'amin')",
  },
  indexAdd: { fn: (x, i, s) => x.indexAdd(0, i, s, { alpha: 2 }), call: 'x.indexAdd(0, index, src, { alpha: 2 })', inputs: ([, b = 2]) => [f([3, b]), i32([4], [2, 0, 2, 1]), f([4, b])], grad: 'smooth', torch: 'a.index_add(0, b, c, alpha=2)' },
  indexCopy: { fn: (x, i, s) => x.indexCopy(1, i, s), call: 'x.indexCopy(1, index, src)', inputs: ([a = 2]) => [f([a, 4]), i32([2], [3, 0]), f([a, 2])], grad: 'smooth', torch: 'a.index_copy(1, b, c)' },
  indexFill: { fn: (x, i) => x.indexFill(1, i, -1.5), call: 'x.indexFill(1, index, -1.5)', inputs: ([a = 2, , c = 2]) => [f([a, 3, c]), i32([2], [2, -3])], grad: 'smooth', torch: 'a.index_fill(1, b, -1.5)' },
  indexFillTensor: { covers: 'indexFill', call: 'x.indexFill(0, index, value)', fn: (x, i, v) => x.indexFill(0, i, v!.sum()), inputs: ([, b = 3]) => [f([3, b]), i32([1], [1]), f([2])], grad: 'smooth', torch: 'a.index_fill(0, b, c.sum())' },
  maskedScatter: {
    fn: (x, m, s) => x.maskedScatter(m, s),
    call: 'x.maskedScatter(mask, source)',
    inputs: (s) => [f(s), bool(s.slice(1)), f([s.reduce((p, q) => p * q, 1) + 1])],
    grad: 'smooth',
    torch: 'a.masked_scatter(b, c)',
  },
  takeAlongDim: {
    fn: (x, i, j) => [x.takeAlongDim(i, 1), x.takeAlongDim(j)],
    call: 'x.takeAlongDim(indices, dim), x.takeAlongDim(indices)',
    inputs: ([a = 2, b = 3]) => [f([Math.max(a, 2), Math.max(b, 2), 2]), int([1, 4, 2], { min: 0, max: Math.max(b, 2) }), i32([3], [0, 5, 5])],
    grad: 'smooth',
    torch: '(torch.take_along_dim(a, b, 1), torch.take_along_dim(a, c))',
  },
  put: {
    fn: (x, i, j, s) => [x.put(i, s), x.put(j, s, { accumulate: true })],
    call: 'x.put(index, source, { accumulate })',
    inputs: ([a = 2]) => [f([a + 1, 2]), i32([2, 2], [0, -1, 3, 1]), i32([2, 2], [0, -1, 3, -1]), f([4])],
    grad: 'smooth',
    torch: '(a.put(b, d), a.put(c, d, accumulate=True))',
  },
  take: { fn: (x, i) => x.take(i), call: 'x.take(index)', inputs: ([a = 2]) => [f([Math.max(a, 2) + 1, 2]), i32([2, 2], [0, -1, 3, 0])], grad: 'smooth', torch: 'torch.take(a, b)' },
});

/** Advanced indexing: `x.index(...)` is PyTorch's `x[...]`, `x.indexPut(...)` its item assignment. */
export const indexOps = defineOps({
  indexTensor: { covers: 'index', call: 'x.index([i])', fn: (x, i) => x.index([i]), inputs: ([a = 2, b = 3]) => [f([3, a, b]), i32([2, 2], [2, 0, -1, 2])], grad: 'smooth', torch: 'a[b]' },
  indexBroadcast: {
    covers: 'index',
    call: 'x.index([null, i, j])',
    fn: (x, i, j) => x.index([null, i, j]),
    inputs: ([a = 2]) => [f([a, 3, 4]), i32([2, 1], [0, 2]), i32([3], [3, 1, 1])],
    grad: 'smooth',
    torch: 'a[:, b, c]',
  },
  indexSeparated: {
    covers: 'index',
    call: 'x.index([i, null, j])',
    fn: (x, i, j) => x.index([i, null, j]),
    inputs: ([, b = 3]) => [f([3, b, 4]), i32([2], [2, 0]), i32([2], [1, 3])],
    grad: 'smooth',
    torch: 'a[b, :, c]',
  },
  indexNumber: {
    covers: 'index',
    call: 'x.index([1, null, i])',
    fn: (x, i) => [x.index([1, null, i]), x.index([null, -1]), x.index([-1, '...', i])],
    inputs: ([, b = 3]) => [f([2, b, 4]), i32([3], [3, 0, 0])],
    grad: 'smooth',
    torch: '(a[1, :, b], a[:, -1], a[-1, ..., b])',
  },
  indexMask: {
    covers: 'index',
    call: 'x.index(mask), x.index([null, mask])',
    fn: (x, m, n) => [x.index(m), x.index([null, n])],
    inputs: ([a = 2, b = 3, c = 2]) => [f([a, b, c]), bool([a, b]), bool([b])],
    grad: 'smooth',
    torch: '(a[b], a[:, c])',
  },
  indexEllipsis: { covers: 'index', call: "x.index(['...', i])", fn: (x, i) => x.index(['...', i]), inputs: ([a = 2, b = 3]) => [f([a, b, 3]), i32([2, 2], [0, 2, 2, 1])], grad: 'smooth', torch: 'a[..., b]' },
  indexPut: {
    fn: (x, i, j, v) => x.indexPut([i, j], v),
    call: 'x.indexPut([i, j], values)',
    inputs: ([, , c = 2]) => [f([3, 4, c]), i32([3], [0, 2, 2]), i32([3], [1, 1, 3]), f([c])],
    grad: 'smooth',
    torch: 'torch.index_put(a, (b, c), d)',
  },
  indexPutAccumulate: {
    covers: 'indexPut',
    call: 'x.indexPut([i], values, { accumulate: true })',
    fn: (x, i, v) => x.indexPut([i], v, { accumulate: true }),
    inputs: ([, b = 3]) => [f([3, b]), i32([4], [2, 0, 2, -1]), f([4, b])],
    grad: 'smooth',
    torch: 'torch.index_put(a, (b,), c, accumulate=True)',
  },
  indexPutSlice: {
    covers: 'indexPut',
    call: 'x.indexPut([null, i], values)',
    fn: (x, i, v) => x.indexPut([null, i], v),
    inputs: ([a = 2]) => [f([a, 4]), i32([2], [3, 1]), f([a, 2])],
    grad: 'smooth',
    torch: 'H.setitem(a, (slice(None), b), c)',
  },
  indexPutMask: {
    covers: 'indexPut',
    call: 'x.indexPut(mask, value)',
    fn: (x, m, v) => x.indexPut(m, v!.sum()),
    inputs: (s) => [f(s), bool(s), f([2])],
    grad: 'smooth',
    torch: 'H.setitem(a, b, c.sum())',
  },
  indexPut_: {
    fn: (x, i) => x.indexPut_([null, i], 7),
    call: 'x.indexPut_([null, i], 7)',
    inputs: () => [fc0([2, 3]), i32([2], [2, 0])],
    grad: 'none',
    inPlace: true,
    torch: 'a.index_put_((torch.arange(2).unsqueeze(1), b), torch.tensor(7.))',
  },
});

/** In-place writes at positions. */
export const scatterInPlaceOps = defineOps({
  scatter_: { fn: (x, i, s) => x.scatter_(1, i, s), call: 'x.scatter_(1, index, src)', inputs: () => [fc0([2, 3]), i32([2, 2], [0, 2, 1, 0]), fc0([2, 2])], grad: 'none', inPlace: true, torch: 'a.scatter_(1, b, c)' },
  indexAdd_: { fn: (x, i, s) => x.indexAdd_(0, i, s), call: 'x.indexAdd_(0, index, src)', inputs: () => [fc0([3, 2]), i32([3], [2, 2, 0]), fc0([3, 2])], grad: 'none', inPlace: true, torch: 'a.index_add_(0, b, c)' },
  indexFill_: { fn: (x, i) => x.indexFill_(1, i, 0.5), call: 'x.indexFill_(1, index, 0.5)', inputs: () => [fc0([2, 3]), i32([1], [1])], grad: 'none', inPlace: true, torch: 'a.index_fill_(1, b, 0.5)' },
  scatterAdd_: { fn: (x, i, s) => x.scatterAdd_(0, i, s), call: 'x.scatterAdd_(0, index, src)', inputs: () => [fc0([3, 2]), i32([2, 2], [2, 0, 2, 2]), fc0([2, 2])], grad: 'none', inPlace: true, torch: 'a.scatter_add_(0, b, c)' },
  scatterReduce_: {
    fn: (x, i, s) => x.scatterReduce_(1, i, s, 'amin', { includeSelf: false }),
    call: "x.scatterReduce_(1, index, src, 'amin')",
    inputs: () => [fc0([2, 3]), i32([2, 2], [0, 2, 1, 1]), fc0([2, 2])],
    grad: 'none',
    inPlace: true,
    torch: "a.scatter_reduce_(1, b, c, 'amin', include_self=False)",
  },
  indexCopy_: { fn: (x, i, s) => x.indexCopy_(0, i, s), call: 'x.indexCopy_(0, index, src)', inputs: () => [fc0([3, 2]), i32([2], [2, 0]), fc0([2, 2])], grad: 'none', inPlace: true, torch: 'a.index_copy_(0, b, c)' },
  maskedScatter_: { fn: (x, m, s) => x.maskedScatter_(m, s), call: 'x.maskedScatter_(mask, source)', inputs: () => [fc0([2, 3]), bool([3]), fc0([6])], grad: 'none', inPlace: true, torch: 'a.masked_scatter_(b, c)' },
  put_: { fn: (x, i, s) => x.put_(i, s, { accumulate: true }), call: 'x.put_(index, source, { accumulate })', inputs: () => [fc0([2, 3]), i32([3], [5, 0, 5]), fc0([3])], grad: 'none', inPlace: true, torch: 'a.put_(b, c, accumulate=True)' },
});

/** compile() refuses these (test/compile.property.test.ts checks that it does, by a CompileError). */
export const NO_COMPILE_KERNEL = 'its kernel (a scan, sort, mode, searchsorted or scatter with a reduction) has no compile lowering yet';
export const NO_COMPILE_READS = 'it reads index or mask values in JavaScript (bounds checks, nonzero, counts), which a capture refuses';
refuseCompile(scanOps, Object.keys(scanOps), NO_COMPILE_KERNEL);
refuseCompile(sortOps, ['sort', 'sortDescending', 'sortStable', 'argsort', 'topk', 'topkSmallest', 'kthvalue', 'median', 'medianDim', 'medianNaN', 'mode', 'modeFloat', 'searchsorted', 'searchsortedRight', 'bucketize', 'msort'], NO_COMPILE_KERNEL);
refuseCompile(sortOps, ['nonzero', 'nonzeroTuple', 'unique', 'uniqueAll', 'uniqueDim', 'bincount', 'bincountWeights', 'histc', 'argwhere', 'maskedSelect'], NO_COMPILE_READS);
refuseCompile(scatterOps, Object.keys(scatterOps), NO_COMPILE_READS);
refuseCompile(indexOps, Object.keys(indexOps), NO_COMPILE_READS);
refuseCompile(scatterInPlaceOps, Object.keys(scatterInPlaceOps).filter((n) => n !== 'scatterAdd_'), NO_COMPILE_READS);
