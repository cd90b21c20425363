/**
 * scaledDotProductAttention: the fused primitive against the composite of PyTorch's documented
 * formula (forward, first and second derivatives), masks, fully masked rows, dropout, what the
 * graph keeps, and the errors. PyTorch's own values are in test/golden (registry entries
 * `scaledDotProductAttention*`).
 */
import { describe, expect, it } from 'vitest';
import { Generator, grad, gradcheck, gradgradcheck, ones, rand, randn, scaledDotProductAttention as sdpa, tensor, Tensor, zeros } from '@chainrule/autograd';

const gen = new Generator(7);
const r = (shape: number[], dtype: 'float64' | 'float32' = 'float64'): Tensor => randn(shape, { dtype, generator: gen, requiresGrad: true });

/** PyTorch 2's reference formula, op by op (with its safe softmax: all-masked rows give 0). */
function composite(q: Tensor, k: Tensor, v: Tensor, opts: { mask?: Tensor; causal?: boolean; scale?: number; drop?: Tensor } = {}): Tensor {
  const [L, S] = [q.shape.at(-2)!, k.shape.at(-2)!];
  let s = q.matmul(k.transpose(-2, -1)).mul(opts.scale ?? 1 / Math.sqrt(q.shape.at(-1)!));
  if (opts.causal) s = s.maskedFill(ones([L, S]).triu(1).bool(), -Infinity);
  if (opts.mask !== undefined) s = opts.mask.dtype === 'bool' ? s.maskedFill(opts.mask.logicalNot(), -Infinity) : s.add(opts.mask);
  const dead = s.eq(-Infinity).all(-1, true);
  let p = Tensor.where(dead, 0, s.maskedFill(dead, 0).softmax(-1));
  if (opts.drop !== undefined) p = p.mul(opts.drop);
  return p.matmul(v);
}

function expectClose(a: Tensor, b: Tensor, tol = 1e-12): void {
  expect(a.shape).toEqual(b.shape);
  const d = a.sub(b).abs();
  expect(d.numel() === 0 ? 0 : d.max().item()).toBeLessThanOrEqual(tol);
}

/** Output and every input gradient (for a seeded upstream gradient) of both sides agree. */
function expectSameAsComposite(xs: Tensor[], fused: (...xs: Tensor[]) => Tensor, ref: (...xs: Tensor[]) => Tensor, tol = 1e-12): void {
  const a = fused(...xs);
  const b = ref(...xs);
  expectClose(a, b, tol);
  const up = randn(a.shape, { dtype: a.dtype, generator: gen });
  const wrt = xs.filter((x) => x.requiresGrad);
  const ga = grad([a], wrt, { gradOutputs: [up] });
  const gb = grad([b], wrt, { gradOutputs: [up] });
  ga.forEach((g, i) => expectClose(g!, gb[i]!, tol));
}

describe('scaledDotProductAttention', () => {
  it('equals the composite: plain, float mask (with its gradient), bool mask, causal (L = S, L < S, L > S), scale, broadcast batch dims', () => {
    const [q, k, v] = [r([2, 3, 4, 5]), r([2, 3, 6, 5]), r([2, 3, 6, 2])];
    expectSameAsComposite([q, k, v], (a, b, c) => sdpa(a!, b!, c!), (a, b, c) => composite(a!, b!, c!));
    const m = r([4, 6]);
    expectSameAsComposite([q, k, v, m], (a, b, c, d) => sdpa(a!, b!, c!, { attnMask: d! }), (a, b, c, d) => composite(a!, b!, c!, { mask: d! }));
    const keep = rand([2, 1, 4, 6], { generator: gen }).lt(0.6);
    expectSameAsComposite([q, k, v], (a, b, c) => sdpa(a!, b!, c!, { attnMask: keep }), (a, b, c) => composite(a!, b!, c!, { mask: keep }));
    for (const [L, S] of [[5, 5], [3, 6], [6, 3]] as const) {
      const [q2, k2, v2] = [r([2, L, 4]), r([2, S, 4]), r([2, S, 3])];
      expectSameAsComposite([q2, k2, v2], (a, b, c) => sdpa(a!, b!, c!, { isCausal: true }), (a, b, c) => composite(a!, b!, c!, { causal: true }));
    }
    const [q3, k3, v3] = [r([2, 1, 3, 4]), r([1, 2, 5, 4]), r([2, 2, 5, 3])];
    expectSameAsComposite([q3, k3, v3], (a, b, c) => sdpa(a!, b!, c!, { scale: 0.3 }), (a, b, c) => composite(a!, b!, c!, { scale: 0.3 }));
  });

  it('equals the composite in float32, and keeps float64 float64', () => {
    const [q, k, v] = [r([2, 4, 8], 'float32'), r([2, 5, 8], 'float32'), r([2, 5, 3], 'float32')];
    expect(sdpa(q, k, v).dtype).toBe('float32');
    expectSameAsComposite([q, k, v], (a, b, c) => sdpa(a!, b!, c!, { isCausal: true }), (a, b, c) => composite(a!, b!, c!, { causal: true }), 1e-5);
    expect(sdpa(r([1, 2, 2]), r([1, 2, 2]), r([1, 2, 2])).dtype).toBe('float64');
  });

  it('gives 0 (and gradients 0, not NaN) where every key is masked, as PyTorch 2.5', () => {
    const [q, k, v] = [r([1, 3, 4]), r([1, 4, 4]), r([1, 4, 2])];
    const keep = tensor([[true, false, true, false], [false, false, false, false], [true, true, true, true]]);
    const out = sdpa(q, k, v, { attnMask: keep });
    expect([...out.select(1, 1).toArray()]).toEqual([0, 0]);
    out.sum().backward();
    expect([...q.grad!.select(1, 1).toArray()]).toEqual([0, 0, 0, 0]);
    for (const t of [q, k, v]) expect(t.grad!.isfinite().all().item()).toBe(1);
    // a float mask of −∞ does the same
    const minf = zeros([3, 4], { dtype: 'float64' }).maskedFill(keep.logicalNot(), -Infinity);
    expectClose(sdpa(q, k, v, { attnMask: minf }), out);
    // no key at all (S = 0): zeros of the right shape
    expectClose(sdpa(r([2, 3, 4]), zeros([2, 0, 4], { dtype: 'float64' }), zeros([2, 0, 5], { dtype: 'float64' })), zeros([2, 3, 5], { dtype: 'float64' }));
  });

  it('is differentiable twice through the fused kernel (gradcheck and gradgradcheck, with masks)', () => {
    const [q, k, v, m] = [r([2, 3, 4]), r([2, 5, 4]), r([2, 5, 2]), r([3, 5])];
    const keep = tensor([[true, true, false, true, false], [false, false, false, false, false], [true, false, true, true, true]]);
    expect(gradcheck((a, b, c, d) => sdpa(a!, b!, c!, { attnMask: d! }), [q, k, v, m])).toBe(true);
    expect(gradgradcheck((a, b, c, d) => sdpa(a!, b!, c!, { attnMask: d! }), [q, k, v, m])).toBe(true);
    expect(gradgradcheck((a, b, c) => sdpa(a!, b!, c!, { attnMask: keep }), [q, k, v])).toBe(true);
    expect(gradgradcheck((a, b, c) => sdpa(a!, b!, c!, { isCausal: true, scale: 0.7 }), [q, k, v])).toBe(true);
  });

  it('applies dropout to the weights: the composite with the same seeded mask, 0 or 1/(1 − p), and dropoutP 1 gives 0', () => {
    const [q, k, v] = [r([2, 3, 4]), r([2, 5, 4]), r([2, 5, 3])];
    const p = 0.4;
    const seeded = new Generator(3);
    // the op draws its mask as rand([B, L, S]) >= p from the generator
    const drop = rand([2, 3, 5], { dtype: 'float64', generator: seeded }).ge(p).double().div(1 - p);
    expectSameAsComposite(
      [q, k, v],
      (a, b, c) => sdpa(a!, b!, c!, { dropoutP: p, generator: new Generator(3) }),
      (a, b, c) => composite(a!, b!, c!, { drop }),
    );
    expect(gradgradcheck((a, b, c) => sdpa(a!, b!, c!, { dropoutP: p, generator: new Generator(3) }), [q, k, v])).toBe(true);
    expectClose(sdpa(q, k, v, { dropoutP: 1 }), zeros([2, 3, 3], { dtype: 'float64' }));
  });

  it('keeps only its inputs for backward (the probabilities are recomputed, never stored)', () => {
    const [q, k, v] = [r([4, 32, 8]), r([4, 32, 8]), r([4, 32, 8])];
    const out = sdpa(q, k, v, { isCausal: true });
    const node = out.gradFn!;
    expect(node.name).toBe('attention');
    expect(node.unpack().map((t) => t.shape)).toEqual([q.shape, k.shape, v.shape]);
  });

  it('refuses bad input with errors naming the op', () => {
    const q = r([2, 3, 4]);
    expect(() => sdpa(q, r([2, 5, 3]), r([2, 5, 2]))).toThrow(RangeError);
    expect(() => sdpa(q, r([2, 5, 4]), r([2, 6, 2]))).toThrow(/same length/);
    expect(() => sdpa(q, r([3, 5, 4]), r([3, 5, 2]))).toThrow(/do not broadcast/);
    expect(() => sdpa(q, r([2, 5, 4]), r([2, 5, 2], 'float32'))).toThrow(TypeError);
    expect(() => sdpa(q.int(), q.int(), q.int())).toThrow(/float32 or float64/);
    expect(() => sdpa(r([4]), r([4]), r([4]))).toThrow(/at least 2 dims/);
    expect(() => sdpa(q, q, q, { attnMask: zeros([3, 3]), isCausal: true })).toThrow(/should not be set when isCausal/);
    expect(() => sdpa(q, q, q, { attnMask: zeros([3, 3]) })).toThrow(/attnMask must be bool or of the query's dtype/);
    expect(() => sdpa(q, q, q, { attnMask: zeros([3, 2], { dtype: 'float64' }) })).toThrow(/does not broadcast/);
    expect(() => sdpa(q, q, q, { dropoutP: 1.5 })).toThrow(/dropoutP must be in \[0, 1\]/);
  });
});
