/**
 * LayerNorm and Embedding (module and functional): property-based gradient checks over generated
 * shapes (float64 gradcheck and gradgradcheck), the values against their definition, PyTorch's
 * initialisation, printing and errors.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arange, Generator, grad, gradcheck, gradgradcheck, randn, tensor } from '@chainrule/autograd';
import type { Tensor } from '@chainrule/autograd';
import { tensors } from '@chainrule/autograd/testing';
import { nn } from '@chainrule/nn';
import * as F from '@chainrule/nn/functional';

const RUNS = { numRuns: 25, seed: 7, endOnFailure: true };
const close = (a: ArrayLike<number>, b: ArrayLike<number>, tol: number): void => {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) expect(Math.abs(a[i]! - b[i]!), `element ${i}`).toBeLessThanOrEqual(tol * (1 + Math.abs(b[i]!)));
};

describe('layerNorm', () => {
  it('gradients of input, weight and bias = central differences, first and second order (property)', () => {
    const args = fc
      .record({ lead: fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 2 }), norm: fc.array(fc.integer({ min: 2, max: 4 }), { minLength: 1, maxLength: 2 }) })
      .chain(({ lead, norm }) => fc.tuple(fc.constant(norm), tensors([...lead, ...norm], { min: -2, max: 2 }), tensors(norm, { min: 0.5, max: 1.5 }), tensors(norm)));
    fc.assert(
      fc.property(args, ([norm, x, w, b]) => {
        const f = (xi: Tensor, wi: Tensor, bi: Tensor): Tensor => F.layerNorm(xi, norm, wi, bi, 1e-3);
        expect(gradcheck(f, [x, w, b], { atol: 1e-6, rtol: 1e-5 })).toBe(true);
        expect(gradgradcheck(f, [x, w, b], undefined, { atol: 1e-5, rtol: 1e-4 })).toBe(true);
      }),
      RUNS,
    );
  });

  it('equals (x − mean) / √(var + eps) · w + b with the biased variance, over the last dims', () => {
    const x = randn([4, 2, 5], { dtype: 'float64', generator: new Generator(1) });
    const w = randn([2, 5], { dtype: 'float64', generator: new Generator(2) });
    const b = randn([2, 5], { dtype: 'float64', generator: new Generator(3) });
    const got = F.layerNorm(x, [2, 5], w, b).toArray();
    const xs = x.toArray();
    const want = new Float64Array(40);
    for (let r = 0; r < 4; r++) {
      const row = Array.from(xs.subarray(r * 10, r * 10 + 10));
      const mean = row.reduce((s, v) => s + v, 0) / 10;
      const variance = row.reduce((s, v) => s + (v - mean) ** 2, 0) / 10;
      row.forEach((v, j) => (want[r * 10 + j] = ((v - mean) / Math.sqrt(variance + 1e-5)) * w.toArray()[j]! + b.toArray()[j]!));
    }
    close(got, want, 1e-12);
  });

  it('the module: ones and zeros at first, options, printing, state dict, errors', () => {
    const ln = new nn.LayerNorm([2, 3], { eps: 1e-6 });
    expect([ln.weight!.tolist(), ln.bias!.tolist()]).toEqual([[[1, 1, 1], [1, 1, 1]], [[0, 0, 0], [0, 0, 0]]]);
    expect(Object.keys(ln.stateDict())).toEqual(['weight', 'bias']);
    expect(String(ln)).toBe('LayerNorm((2, 3), eps=1e-06, elementwise_affine=True)');
    expect(new nn.LayerNorm(4, { elementwiseAffine: false }).parameters()).toEqual([]);
    expect(new nn.LayerNorm(4, { bias: false }).bias).toBeNull();
    expect(new nn.LayerNorm(4, { dtype: 'float64' }).weight!.dtype).toBe('float64');
    const out = ln.forward(randn([5, 2, 3], { generator: new Generator(4) }));
    close(out.mean([1, 2]).toArray(), new Float32Array(5), 1e-6);
    expect(() => ln.forward(randn([2, 3, 2]))).toThrow('layerNorm: given normalized_shape=[2, 3], expected input with shape [*, 2, 3], but got input of size [2, 3, 2]');
    expect(() => F.layerNorm(randn([2]), [])).toThrow(/at least 1-dimensional/);
    expect(() => F.layerNorm(randn([2, 3]), [3], randn([2]))).toThrow('layerNorm: expected weight of shape [3], got [2]');
    expect(() => F.layerNorm(tensor([1, 2], { dtype: 'int32' }), [2])).toThrow(TypeError);
    expect(() => new nn.LayerNorm(0)).toThrow(RangeError);
  });
});

describe('embedding', () => {
  it('the gradient of the table = central differences, repeated indices and a padding row included (property)', () => {
    const args = fc
      .record({ n: fc.integer({ min: 2, max: 5 }), d: fc.integer({ min: 1, max: 3 }), shape: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 2 }) })
      .chain(({ n, d, shape }) =>
        fc.tuple(
          tensors([n, d]),
          fc.array(fc.integer({ min: 0, max: n - 1 }), { minLength: shape.reduce((a, b) => a * b, 1), maxLength: shape.reduce((a, b) => a * b, 1) }).map((v) => tensor(v, { shape, dtype: 'int32' })),
          fc.option(fc.integer({ min: 0, max: n - 1 }), { nil: null }),
        ),
      );
    fc.assert(
      fc.property(args, ([w, idx, pad]) => {
        expect(gradcheck((t: Tensor) => F.embedding(idx, t).square(), [w], { atol: 1e-6, rtol: 1e-5 })).toBe(true);
        // with a padding row: the same gradient, that row zeroed (its value still comes through, so
        // central differences would see it: PyTorch's padding_idx stops only the gradient)
        const [full] = grad(F.embedding(idx, w).square().sum(), w);
        const [padded] = grad(F.embedding(idx, w, { paddingIdx: pad }).square().sum(), w);
        const want = pad === null ? full! : full!.maskedFill(arange(w.shape[0]!).eq(pad).unsqueeze(1), 0);
        expect(padded!.tolist()).toEqual(want.tolist());
      }),
      RUNS,
    );
  });

  it('rows by index; the padding row keeps its value but takes no gradient; repeated rows add up', () => {
    const w = tensor([[1, 2], [3, 4], [5, 6]], { requiresGrad: true });
    const idx = tensor([[0, 2, 2], [1, 0, 0]], { dtype: 'int32' });
    const out = F.embedding(idx, w, { paddingIdx: -3 });
    expect(out.tolist()).toEqual([[[1, 2], [5, 6], [5, 6]], [[3, 4], [1, 2], [1, 2]]]);
    out.sum().backward();
    expect(w.grad!.tolist()).toEqual([[0, 0], [1, 1], [2, 2]]);
  });

  it('the module: N(0, 1) with a zero padding row, printing, errors', () => {
    const emb = new nn.Embedding(1000, 8, { paddingIdx: 3, generator: new Generator(0) });
    const v = Array.from(emb.weight.toArray());
    const mean = v.reduce((s, x) => s + x, 0) / v.length;
    const sd = Math.sqrt(v.reduce((s, x) => s + (x - mean) ** 2, 0) / v.length);
    expect(Math.abs(mean)).toBeLessThan(0.05);
    expect(Math.abs(sd - 1)).toBeLessThan(0.05);
    expect(emb.weight.select(0, 3).tolist()).toEqual(new Array(8).fill(0));
    expect(String(emb)).toBe('Embedding(1000, 8, padding_idx=3)');
    expect(String(new nn.Embedding(5, 2))).toBe('Embedding(5, 2)');
    expect(new nn.Embedding(5, 2, { paddingIdx: -1 }).paddingIdx).toBe(4);
    expect(() => emb.forward(tensor([1000], { dtype: 'int32' }))).toThrow('embedding: index 1000 is out of range for 1000 embeddings');
    expect(() => emb.forward(tensor([1.5]))).toThrow('embedding: expected int32 indices, got float32');
    expect(() => new nn.Embedding(5, 2, { paddingIdx: 5 })).toThrow(/padding_idx must be within num_embeddings/);
  });
});

describe('batchNorm', () => {
  it('training: gradients of input, weight and bias through the batch statistics = central differences, first and second order (property)', () => {
    const args = fc
      .record({ n: fc.integer({ min: 2, max: 3 }), c: fc.integer({ min: 1, max: 3 }), rest: fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 2 }) })
      .chain(({ n, c, rest }) => fc.tuple(tensors([n, c, ...rest], { min: -2, max: 2 }), tensors([c], { min: 0.5, max: 1.5 }), tensors([c])));
    fc.assert(
      fc.property(args, ([x, w, b]) => {
        const f = (xi: Tensor, wi: Tensor, bi: Tensor): Tensor => F.batchNorm(xi, null, null, { weight: wi, bias: bi, training: true, eps: 1e-3 });
        expect(gradcheck(f, [x, w, b], { atol: 1e-6, rtol: 1e-5 })).toBe(true);
        expect(gradgradcheck(f, [x, w, b], undefined, { atol: 1e-5, rtol: 1e-4 })).toBe(true);
      }),
      RUNS,
    );
  });

  it('training normalises per channel with the biased variance and updates the running ones (unbiased variance, momentum)', () => {
    const x = randn([6, 3, 4], { dtype: 'float64', generator: new Generator(9) });
    const rm = tensor([0.5, -1, 2], { dtype: 'float64' });
    const rv = tensor([1, 2, 3], { dtype: 'float64' });
    const y = F.batchNorm(x, rm, rv, { training: true, momentum: 0.3 });
    const xs = x.toArray();
    for (let ch = 0; ch < 3; ch++) {
      const vals: number[] = [];
      for (let i = 0; i < 6; i++) for (let l = 0; l < 4; l++) vals.push(xs[(i * 3 + ch) * 4 + l]!);
      const mean = vals.reduce((s, v) => s + v, 0) / 24;
      const biased = vals.reduce((s, v) => s + (v - mean) ** 2, 0) / 24;
      const got = y.select(1, ch).toArray();
      vals.forEach((v, k) => expect(Math.abs(got[k]! - (v - mean) / Math.sqrt(biased + 1e-5))).toBeLessThan(1e-12));
      expect(Math.abs(rm.toArray()[ch]! - (0.7 * [0.5, -1, 2][ch]! + 0.3 * mean))).toBeLessThan(1e-14);
      expect(Math.abs(rv.toArray()[ch]! - (0.7 * [1, 2, 3][ch]! + 0.3 * biased * (24 / 23)))).toBeLessThan(1e-14);
    }
  });

  it('the modules: training then eval, momentum null (cumulative average), no running stats, state dict, errors', () => {
    const bn = new nn.BatchNorm2d(2, { dtype: 'float64' });
    const a = randn([4, 2, 3, 3], { dtype: 'float64', generator: new Generator(10) });
    const b = randn([4, 2, 3, 3], { dtype: 'float64', generator: new Generator(11) }).mul(3).add(1);
    bn.forward(a);
    bn.forward(b);
    expect(bn.numBatchesTracked!.item()).toBe(2);
    const means = [a, b].map((t) => t.mean([0, 2, 3]).toArray());
    close(bn.runningMean!.toArray(), means[0]!.map((m0, i) => 0.9 * 0.1 * m0 + 0.1 * means[1]![i]!), 1e-14);
    bn.eval();
    const y = bn.forward(a);
    const want = a.sub(bn.runningMean!.reshape([1, 2, 1, 1])).div(bn.runningVar!.add(1e-5).sqrt().reshape([1, 2, 1, 1]));
    close(y.toArray(), want.toArray(), 1e-12);
    expect(bn.numBatchesTracked!.item()).toBe(2);
    expect(Object.keys(bn.stateDict())).toEqual(['weight', 'bias', 'running_mean', 'running_var', 'num_batches_tracked']);
    const avg = new nn.BatchNorm1d(2, { momentum: null, dtype: 'float64' });
    avg.forward(tensor([[0, 0], [2, 4]], { dtype: 'float64' }));
    avg.forward(tensor([[4, 8], [6, 12]], { dtype: 'float64' }));
    // the plain average of the two batch means, (1, 2) and (5, 10)
    expect(avg.runningMean!.tolist()).toEqual([3, 6]);
    const free = new nn.BatchNorm1d(3, { trackRunningStats: false, affine: false });
    expect([free.parameters().length, free.buffers().length, Object.keys(free.stateDict()).length]).toEqual([0, 0, 0]);
    const out = free.eval().forward(randn([5, 3], { generator: new Generator(12) }));
    close(out.mean(0).toArray(), new Float32Array(3), 1e-6);
    expect(String(avg)).toBe('BatchNorm1d(2, eps=1e-05, momentum=None, affine=True, track_running_stats=True)');
    expect(() => new nn.BatchNorm1d(2).forward(randn([4, 2, 3, 3]))).toThrow('BatchNorm1d: expected 2D or 3D input (got 4D input)');
    expect(() => new nn.BatchNorm2d(2).forward(randn([4, 2, 3]))).toThrow('BatchNorm2d: expected 4D input (got 3D input)');
    expect(() => new nn.BatchNorm1d(2).forward(randn([1, 2]))).toThrow(/more than 1 value per channel when training/);
    expect(() => new nn.BatchNorm1d(3).forward(randn([4, 2]))).toThrow(/expected 3 channels/);
    const moved = new nn.BatchNorm1d(2).double();
    expect([moved.runningMean!.dtype, moved.weight!.dtype, moved.numBatchesTracked!.dtype]).toEqual(['float64', 'float64', 'int32']);
  });
});

describe('oneHot', () => {
  it('encodes int32 classes of any shape as int32, with PyTorch\'s errors', () => {
    const y = F.oneHot(tensor([[2, 0], [1, 2]], { dtype: 'int32' }));
    expect([y.shape, y.dtype]).toEqual([[2, 2, 3], 'int32']);
    expect(y.tolist()).toEqual([[[0, 0, 1], [1, 0, 0]], [[0, 1, 0], [0, 0, 1]]]);
    expect(F.oneHot(tensor([0], { dtype: 'int32' }), 2).tolist()).toEqual([[1, 0]]);
    expect(() => F.oneHot(tensor([3], { dtype: 'int32' }), 3)).toThrow('oneHot: class values must be smaller than num_classes (3)');
    expect(() => F.oneHot(tensor([-1], { dtype: 'int32' }))).toThrow('oneHot: class values must be non-negative');
    expect(() => F.oneHot(tensor([1.5]))).toThrow(TypeError);
  });
});
