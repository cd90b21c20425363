/**
 * Rearranging ops, products and new tensors of @chainrule/autograd in the op registry (see
 * ./types.ts): roll, diagonals, unfold, movedim, the stacks, meshgrid, einsum, tensordot, kron,
 * cross, cdist, and the new* / *Like creators.
 */
import {
  atleast1d, atleast2d, atleast3d, blockDiag, broadcastTensors, cartesianProd, cdist, dstack, einsum, empty, emptyLike, hstack, meshgrid, tensordot, trilIndices, triuIndices, vstack,
} from '@chainrule/autograd';
import { NO_COMPILE_READS } from './indexing.js';
import { defineOps, f, fc0, int, refuseCompile } from './types.js';
import type { Input } from './types.js';

/** Shifting, diagonals, splitting and moving dims. */
export const rearrangeOps = defineOps({
  roll: { fn: (x) => x.roll([1, -4], [0, 2]), call: 'x.roll([1, -4], [0, 2])', inputs: (s) => [f(s)], grad: 'smooth', torch: 'torch.roll(a, (1, -4), (0, 2))' },
  rollFlat: { covers: 'roll', call: 'x.roll(2)', fn: (x) => x.roll(2).mul(x), inputs: 'unary', grad: 'smooth', torch: 'torch.roll(a, 2) * a' },
  diagonal: { fn: (x) => x.diagonal(), inputs: ([a = 2, b = 3]) => [f([a, b])], grad: 'smooth', torch: 'torch.diagonal(a)' },
  diagonalOffset: {
    covers: 'diagonal',
    call: 'x.diagonal(1, 2, 0), x.diagonal(-1, -1, 1)',
    fn: (x) => [x.diagonal(1, 2, 0), x.diagonal(-1, -1, 1), x.diagonal(5)],
    inputs: (s) => [f(s)],
    grad: 'smooth',
    torch: '(torch.diagonal(a, 1, 2, 0), torch.diagonal(a, -1, -1, 1), torch.diagonal(a, 5))',
  },
  diag: { fn: (x, m) => [x.diag(), x.diag(-1), m.diag(1)], call: 'x.diag(k)', inputs: ([a = 2, b = 3]) => [f([b]), f([a, b])], grad: 'smooth', torch: '(torch.diag(a), torch.diag(a, -1), torch.diag(b, 1))' },
  diagEmbed: {
    fn: (x) => [x.diagEmbed(), x.diagEmbed(1, 0, 2), x.diagEmbed(-2, -1, 0)],
    call: 'x.diagEmbed(offset, dim1, dim2)',
    inputs: ([a = 2, b = 3]) => [f([a, b])],
    grad: 'smooth',
    torch: '(torch.diag_embed(a), torch.diag_embed(a, 1, 0, 2), torch.diag_embed(a, -2, -1, 0))',
  },
  trace: { fn: (x) => x.trace(), inputs: ([a = 2, b = 3]) => [f([a, b])], grad: 'smooth', torch: 'torch.trace(a)' },
  unflatten: { fn: (x) => x.unflatten(1, [-1, 1]).exp(), call: 'x.unflatten(1, [-1, 1])', inputs: (s) => [f(s)], grad: 'smooth', torch: 'a.unflatten(1, (-1, 1)).exp()' },
  repeatInterleave: { fn: (x) => [x.repeatInterleave(2), x.repeatInterleave(3, 1)], call: 'x.repeatInterleave(2), x.repeatInterleave(3, 1)', inputs: (s) => [f(s)], grad: 'smooth', torch: '(torch.repeat_interleave(a, 2), torch.repeat_interleave(a, 3, 1))' },
  repeatInterleaveTensor: {
    covers: 'repeatInterleave',
    call: 'x.repeatInterleave(repeats, 0), repeats.repeatInterleave()',
    fn: (x, r) => [x.repeatInterleave(r, 0), r.repeatInterleave()],
    inputs: ([, b = 3]) => [f([3, b]), int([3], [2, 0, 3])],
    grad: 'smooth',
    torch: '(torch.repeat_interleave(a, b, 0), torch.repeat_interleave(b))',
  },
  unfoldWindows: { covers: 'unfold', fn: (x) => [x.unfold(1, 2, 1), x.unfold(-1, 1, 2)], call: 'x.unfold(1, 2, 1)', inputs: (s) => [f([s[0]!, s[1]! + 1, s[2]!])], grad: 'smooth', torch: '(a.unfold(1, 2, 1), a.unfold(-1, 1, 2))' },
  movedim: { fn: (x) => [x.movedim(0, -1), x.movedim([0, 1], [2, 0])], call: 'x.movedim(source, destination)', inputs: (s) => [f(s)], grad: 'smooth', torch: '(torch.movedim(a, 0, -1), torch.movedim(a, (0, 1), (2, 0)))' },
  swapaxes: { fn: (x) => x.swapaxes(0, 2).exp(), call: 'x.swapaxes(0, 2)', inputs: (s) => [f(s)], grad: 'smooth', torch: 'torch.swapaxes(a, 0, 2).exp()' },
  tile: { fn: (x) => [x.tile([2]), x.tile([2, 1, 1, 2])], call: 'x.tile(dims)', inputs: (s) => [f(s)], grad: 'smooth', torch: '(torch.tile(a, (2,)), torch.tile(a, (2, 1, 1, 2)))' },
  rot90: { fn: (x) => [x.rot90(), x.rot90(2, [1, 2]), x.rot90(-1, [2, 0])], call: 'x.rot90(k, dims)', inputs: (s) => [f(s)], grad: 'smooth', torch: '(torch.rot90(a), torch.rot90(a, 2, (1, 2)), torch.rot90(a, -1, (2, 0)))' },
  broadcastTo: { fn: (x) => x.broadcastTo([2, ...x.shape]).square(), call: 'x.broadcastTo(shape)', inputs: 'unary', grad: 'smooth', torch: 'a.broadcast_to((2, *a.shape)).square()' },
  broadcastTensors: {
    fn: (a, b) => broadcastTensors(a, b).map((t) => t.square()),
    call: 'broadcastTensors(x, y)',
    inputs: 'binary',
    grad: 'smooth',
    torch: 'tuple(t.square() for t in torch.broadcast_tensors(a, b))',
  },
  stacks: {
    covers: ['hstack', 'vstack', 'dstack'],
    call: 'hstack, vstack, dstack',
    fn: (a, b, v) => [hstack([a, b]), vstack([a, b]), dstack([a, b]), hstack([v, v]), vstack([v, v])],
    inputs: ([a = 2, b = 3]) => [f([a, b]), f([a, b]), f([b])],
    grad: 'smooth',
    torch: '(torch.hstack([a, b]), torch.vstack([a, b]), torch.dstack([a, b]), torch.hstack([c, c]), torch.vstack([c, c]))',
  },
  atleast: {
    covers: ['atleast1d', 'atleast2d', 'atleast3d'],
    call: 'atleast1d / 2d / 3d',
    fn: (x, v) => [atleast1d(x), atleast2d(v), atleast3d(v), ...atleast3d([x, v.unsqueeze(0)])],
    inputs: ([, b = 3]) => [f([]), f([b])],
    grad: 'smooth',
    torch: '(torch.atleast_1d(a), torch.atleast_2d(b), torch.atleast_3d(b), *torch.atleast_3d(a, b.unsqueeze(0)))',
  },
  meshgrid: {
    fn: (x, y, z) => [...meshgrid([x, y, z]), ...meshgrid([x, y], { indexing: 'xy' })],
    call: "meshgrid([x, y, z], { indexing: 'ij' | 'xy' })",
    inputs: ([a = 2, b = 3, c = 2]) => [f([a]), f([b]), f([c])],
    grad: 'smooth',
    torch: "(*torch.meshgrid(a, b, c, indexing='ij'), *torch.meshgrid(a, b, indexing='xy'))",
  },
  swapdims: { fn: (x) => [x.swapdims(0, 1), x.moveaxis([0, 2], [1, 0])], covers: ['swapdims', 'moveaxis'], call: 'x.swapdims(0, 1), x.moveaxis(source, destination)', inputs: (s) => [f(s)], grad: 'smooth', torch: '(torch.swapdims(a, 0, 1), torch.moveaxis(a, (0, 2), (1, 0)))' },
  ravel: { fn: (x) => x.t().ravel().exp(), call: 'x.ravel()', inputs: ([a = 2, b = 3]) => [f([a, b])], grad: 'smooth', torch: 'a.t().ravel().exp()' },
  flipLrUd: { covers: ['fliplr', 'flipud'], call: 'x.fliplr(), x.flipud()', fn: (x) => [x.fliplr(), x.flipud()], inputs: (s) => [f(s)], grad: 'smooth', torch: '(torch.fliplr(a), torch.flipud(a))' },
  unbind: { fn: (x) => [...x.unbind(), ...x.unbind(-1)], call: 'x.unbind(dim)', inputs: (s) => [f(s)], grad: 'smooth', torch: '(*torch.unbind(a), *torch.unbind(a, -1))' },
  diagflat: { fn: (x) => [x.diagflat(), x.diagflat(-1)], call: 'x.diagflat(offset)', inputs: ([a = 2, b = 3]) => [f([a, b])], grad: 'smooth', torch: '(torch.diagflat(a), torch.diagflat(a, -1))' },
  blockDiag: {
    fn: (a, b, c) => blockDiag(a, b, c),
    call: 'blockDiag(x, y, z)',
    inputs: ([a = 2, b = 3]) => [f([a, b]), f([b]), f([])],
    grad: 'smooth',
    torch: 'torch.block_diag(a, b, c)',
  },
  cartesianProd: { fn: (a, b, c) => cartesianProd(a, b, c), call: 'cartesianProd(x, y, z)', inputs: ([a = 2, b = 3, c = 2]) => [f([a]), f([b]), f([c])], grad: 'smooth', torch: 'torch.cartesian_prod(a, b, c)' },
});

/** Products and distances. */
export const productOps = defineOps({
  einsum: {
    fn: (a, b) => einsum('bij,bjk->bik', a, b),
    call: "einsum('bij,bjk->bik', x, y)",
    inputs: ([n = 2, m = 3, k = 2]) => [f([2, n, m]), f([2, m, k])],
    grad: 'smooth',
    torch: "torch.einsum('bij,bjk->bik', a, b)",
  },
  einsumDiagonal: {
    covers: 'einsum',
    call: "einsum('ii->i'), einsum('iji->j'), einsum('ii')",
    fn: (x, y) => [einsum('ii->i', x), einsum('iji->j', y), einsum('ii', x)],
    inputs: ([n = 2, m = 3]) => [f([n, n]), f([n, m, n])],
    grad: 'smooth',
    torch: "(torch.einsum('ii->i', a), torch.einsum('iji->j', b), torch.einsum('ii', a))",
  },
  einsumEllipsis: {
    covers: 'einsum',
    call: "einsum('...ij,...jk', x, y), einsum('...i->i')",
    fn: (a, b) => [einsum('...ij,...jk', a, b), einsum('...i->i', a), einsum('i...->...', b)],
    inputs: ([n = 2, m = 3, k = 2]) => [f([2, 1, n, m]), f([3, m, k])],
    grad: 'smooth',
    torch: "(torch.einsum('...ij,...jk', a, b), torch.einsum('...i->i', a), torch.einsum('i...->...', b))",
  },
  einsumMany: {
    covers: 'einsum',
    call: "einsum('ab,bc,cd,a->d', ...), einsum('i,j', ...)",
    fn: (a, b, c, v) => [einsum('ab,bc,cd,a->d', a, b, c, v), einsum('i,j', v, v), einsum('ab,ab->', a, a), einsum('ba', a)],
    inputs: ([n = 2, m = 3, k = 2]) => [f([n, m]), f([m, k]), f([k, 2]), f([n])],
    grad: 'smooth',
    torch: "(torch.einsum('ab,bc,cd,a->d', a, b, c, d), torch.einsum('i,j', d, d), torch.einsum('ab,ab->', a, a), torch.einsum('ba', a))",
  },
  einsumBroadcast: {
    covers: 'einsum',
    call: "einsum('ij,jk->ik') with size-1 dims",
    fn: (a, b) => einsum('ij,jk->ik', a, b),
    inputs: ([n = 2, , k = 2]) => [f([n, 1]), f([3, k])],
    grad: 'smooth',
    torch: "torch.einsum('ij,jk->ik', a, b)",
  },
  tensordot: {
    fn: (a, b) => [tensordot(a, b, 1), tensordot(a, b, [[0, 2], [2, 1]])],
    call: 'tensordot(x, y, dims)',
    inputs: ([n = 2, m = 3]) => [f([n, m, 2]), f([2, 2, n])],
    grad: 'smooth',
    torch: '(torch.tensordot(a, b, 1), torch.tensordot(a, b, ([0, 2], [2, 1])))',
  },
  kron: { fn: (a, b) => [a.kron(b), b.kron(a.select(0, 0))], call: 'x.kron(y)', inputs: ([n = 2, m = 3]) => [f([n, m]), f([2, 1, 3])], grad: 'smooth', torch: '(torch.kron(a, b), torch.kron(b, a[0]))' },
  cross: {
    fn: (a, b) => [a.cross(b), a.cross(b.select(0, 0), -1)],
    call: 'x.cross(y, dim)',
    inputs: ([n = 2]) => [f([n, 3, 3]), f([1, 3, 3])],
    grad: 'smooth',
    // PyTorch 1.13's cross does not broadcast (2.x does): the reference expands
    torch: '(torch.cross(a, b.expand_as(a)), torch.cross(a, b[0].expand_as(a), -1))',
  },
  cdist: {
    fn: (a, b) => [cdist(a, b), cdist(a, b, 1), cdist(a, b, 3)],
    call: 'cdist(x1, x2, p)',
    inputs: ([n = 2, m = 3, k = 2]) => [apart([2, n, k], -2, -0.5), apart([1, m, k], 0.5, 2)],
    grad: 'kinked',
    torch: '(torch.cdist(a, b), torch.cdist(a, b, 1), torch.cdist(a, b, 3))',
  },
  cdistInf: { covers: 'cdist', call: 'cdist(x1, x2, Infinity)', fn: (a, b) => cdist(a, b, Infinity), inputs: ([n = 2, m = 3]) => [apart([n, 3], -2, -0.5), apart([m, 3], 0.5, 2)], grad: 'kinked', torch: "torch.cdist(a, b, float('inf'))" },
  cdistMm: {
    covers: 'cdist',
    call: "cdist(x1, x2, 2, { computeMode: 'use_mm_for_euclid_dist' })",
    fn: (a, b) => cdist(a, b, 2, { computeMode: 'use_mm_for_euclid_dist' }),
    inputs: ([n = 2, m = 3]) => [apart([n, 4], -2, -0.5), apart([m, 4], 0.5, 2)],
    grad: 'smooth',
    tol: 1e-9,
    torch: "torch.cdist(a, b, 2, compute_mode='use_mm_for_euclid_dist')",
  },
  addmm: {
    fn: (i, a, b) => [i.addmm(a, b, { beta: 0.5, alpha: -2 }), i.select(0, 0).addmm(a, b)],
    call: 'x.addmm(mat1, mat2, { beta, alpha })',
    inputs: ([n = 2, k = 3, m = 2]) => [f([n, m]), f([n, k]), f([k, m])],
    grad: 'smooth',
    torch: '(torch.addmm(a, b, c, beta=0.5, alpha=-2), torch.addmm(a[0], b, c))',
  },
  addmmBetaZero: {
    covers: 'addmm',
    call: 'x.addmm(mat1, mat2, { beta: 0 }) ignores NaN in x',
    fn: (i, a, b) => i.log().addmm(a, b, { beta: 0 }),
    inputs: ([n = 2, k = 3, m = 2]) => [fc0([n, m]), f([n, k]), f([k, m])],
    grad: 'smooth',
    torch: 'torch.addmm(a.log(), b, c, beta=0)',
  },
  baddbmm: {
    fn: (i, a, b) => i.baddbmm(a, b, { beta: -1, alpha: 0.5 }),
    call: 'x.baddbmm(batch1, batch2, { beta, alpha })',
    inputs: ([n = 2, k = 3, m = 2]) => [f([1, n, m]), f([2, n, k]), f([2, k, m])],
    grad: 'smooth',
    torch: 'torch.baddbmm(a, b, c, beta=-1, alpha=0.5)',
  },
  addbmm: {
    fn: (i, a, b) => i.addbmm(a, b, { alpha: 3 }),
    call: 'x.addbmm(batch1, batch2, { alpha })',
    inputs: ([n = 2, k = 3, m = 2]) => [f([m]), f([3, n, k]), f([3, k, m])],
    grad: 'smooth',
    torch: 'torch.addbmm(a, b, c, alpha=3)',
  },
  mvAddmv: {
    covers: ['mv', 'addmv'],
    call: 'x.mv(v), y.addmv(x, v, { beta, alpha })',
    fn: (m, v, i) => [m.mv(v), i.addmv(m, v, { beta: 2, alpha: 0.5 })],
    inputs: ([n = 2, k = 3]) => [f([n, k]), f([k]), f([n])],
    grad: 'smooth',
    torch: '(torch.mv(a, b), torch.addmv(c, a, b, beta=2, alpha=0.5))',
  },
  addr: { fn: (i, a, b) => i.addr(a, b, { beta: 2 }), call: 'x.addr(v1, v2, { beta })', inputs: ([n = 2, m = 3]) => [f([n, m]), f([n]), f([m])], grad: 'smooth', torch: 'torch.addr(a, b, c, beta=2)' },
  inner: {
    fn: (a, b, s) => [a.inner(b), b.select(0, 0).inner(b), a.inner(s)],
    call: 'x.inner(y)',
    inputs: ([n = 2, k = 3]) => [f([n, 2, k]), f([3, k]), f([])],
    grad: 'smooth',
    torch: '(torch.inner(a, b), torch.inner(b[0], b), torch.inner(a, c))',
  },
});

/** New tensors: new* of a tensor, empty, the triangle indices. */
export const newOps = defineOps({
  newTensors: {
    covers: ['newZeros', 'newOnes', 'newFull', 'newEmpty', 'newTensor', 'typeAs', 'viewAs'],
    call: 'x.newZeros(size), x.newOnes, x.newFull, x.newTensor, x.typeAs(y), x.viewAs(y)',
    fn: (x, i) => [x.newZeros([2, 3]), x.newOnes([2]), i.newFull([3], 7), x.newTensor([1, 2.5]), i.typeAs(x), x.viewAs(x.reshape([-1]))],
    inputs: (s) => [fc0(s), int([2], [1, 2])],
    grad: 'none',
    torch: '(a.new_zeros((2, 3)), a.new_ones(2), b.new_full((3,), 7), a.new_tensor([1, 2.5]), b.type_as(a), a.view_as(a.reshape(-1)))',
  },
  empty: {
    covers: ['empty', 'emptyLike'],
    call: 'empty(shape), emptyLike(x) (zeros here)',
    fn: (x) => [empty([2, 3]), emptyLike(x)],
    inputs: (s) => [fc0(s)],
    grad: 'none',
    torch: '(torch.zeros(2, 3), torch.zeros_like(a))',
  },
  triIndices: {
    covers: ['trilIndices', 'triuIndices'],
    call: 'trilIndices(row, col, offset), triuIndices(...)',
    fn: () => [trilIndices(3, 4), trilIndices(4, 3, -1), triuIndices(3, 3), triuIndices(2, 4, 2)],
    inputs: () => [],
    grad: 'none',
    torch: '(torch.tril_indices(3, 4), torch.tril_indices(4, 3, -1), torch.triu_indices(3, 3), torch.triu_indices(2, 4, 2))',
  },
});

/**
 * Points in [min, max) with distinct coordinates: the two sets of cdist in disjoint ranges keep
 * every coordinate difference away from 0 (the kinks of p = 1, and tiny distances for p = 2).
 */
function apart(shape: readonly number[], min: number, max: number): Input {
  return { shape, distinct: true, min, max };
}

refuseCompile(rearrangeOps, ['repeatInterleave', 'repeatInterleaveTensor', 'unfoldWindows'], NO_COMPILE_READS);
refuseCompile(productOps, ['cross'], NO_COMPILE_READS);
