/**
 * MultiheadAttention and the transformer layers beyond the PyTorch parity cases of
 * test/registry/modules.ts: the two computations agree, initialisation, train/eval, cloning,
 * causal masks, errors.
 */
import { describe, expect, it } from 'vitest';
import { Generator, manualSeed, ones, randn, tensor, zeros } from '@chainrule/autograd';
import type { Tensor } from '@chainrule/autograd';
import { nn } from '@chainrule/nn';

const gen = new Generator(11);
const r = (shape: number[]): Tensor => randn(shape, { dtype: 'float64', generator: gen });
const maxDiff = (a: Tensor, b: Tensor): number => a.sub(b).abs().max().item();

describe('MultiheadAttention', () => {
  it('gives the same output with and without weights (explicit softmax and the fused attention), masks merged alike', () => {
    manualSeed(0);
    const mha = new nn.MultiheadAttention(8, 2, { batchFirst: true }).double();
    const [q, kv] = [r([3, 4, 8]), r([3, 6, 8])];
    const pad = tensor([[false, false, true, false, false, true], [false, false, false, false, false, false], [true, false, false, false, false, false]]);
    const mask = r([4, 6]);
    const [a, w] = mha.forward(q, kv, kv, { keyPaddingMask: pad, attnMask: mask });
    const [b, none] = mha.forward(q, kv, kv, { keyPaddingMask: pad, attnMask: mask, needWeights: false });
    expect(none).toBeNull();
    expect(maxDiff(a, b)).toBeLessThan(1e-12);
    expect(w!.shape).toEqual([3, 4, 6]);
    expect(maxDiff(w!.sum(-1), ones([3, 4], { dtype: 'float64' }))).toBeLessThan(1e-12);
    expect(w!.select(0, 0).select(1, 2).abs().max().item()).toBe(0); // padded key: no weight
    // per-head weights average to the averaged ones
    const [, perHead] = mha.forward(q, kv, kv, { keyPaddingMask: pad, averageAttnWeights: false });
    expect(perHead!.shape).toEqual([3, 2, 4, 6]);
  });

  it("initialises as PyTorch: Xavier-uniform in_proj_weight, zero biases, a Linear's out_proj.weight", () => {
    const mha = new nn.MultiheadAttention(16, 4, { generator: new Generator(0) });
    const bound = Math.sqrt(6 / (16 + 48));
    expect(mha.inProjWeight!.abs().max().item()).toBeLessThanOrEqual(bound);
    expect(mha.inProjWeight!.abs().max().item()).toBeGreaterThan(0.8 * bound);
    expect(mha.inProjBias!.abs().max().item()).toBe(0);
    expect(mha.outProj.bias!.abs().max().item()).toBe(0);
    expect(mha.outProj.weight.abs().max().item()).toBeLessThanOrEqual(1 / 4);
    const kv = new nn.MultiheadAttention(4, 2, { kdim: 3, vdim: 5, addBiasKv: true, bias: false });
    expect(Object.entries(kv.stateDict()).map(([k, t]) => `${k} ${t.shape}`)).toEqual([
      'q_proj_weight 4,4',
      'k_proj_weight 4,3',
      'v_proj_weight 4,5',
      'bias_k 1,1,4',
      'bias_v 1,1,4',
      'out_proj.weight 4,4',
    ]);
  });

  it('drops attention weights only in training', () => {
    const mha = new nn.MultiheadAttention(4, 2, { dropout: 0.5 }).double();
    const x = r([5, 2, 4]);
    const [a] = mha.forward(x, x, x);
    const [b] = mha.forward(x, x, x);
    expect(maxDiff(a, b)).toBeGreaterThan(0);
    mha.eval();
    expect(maxDiff(mha.forward(x, x, x)[0], mha.forward(x, x, x)[0])).toBe(0);
  });

  it('refuses bad shapes, masks and hints', () => {
    const mha = new nn.MultiheadAttention(4, 2);
    const x = zeros([3, 2, 4]);
    expect(() => new nn.MultiheadAttention(5, 2)).toThrow(/divisible/);
    expect(() => mha.forward(zeros([3, 2, 5]), x, x)).toThrow(/embedding dimension of 4/);
    expect(() => mha.forward(zeros([2, 3, 2, 4]), x, x)).toThrow(/2-D or batched 3-D/);
    expect(() => mha.forward(x, zeros([3, 4]), zeros([3, 4]))).toThrow(/expected key and value to be 3-D/);
    expect(() => mha.forward(x, x, x, { attnMask: zeros([3, 4]) })).toThrow(/should be \[3, 3\]/);
    expect(() => mha.forward(x, x, x, { keyPaddingMask: zeros([2, 2]) })).toThrow(/keyPaddingMask of shape \[2, 3\]/);
    expect(() => mha.forward(x, x, x, { isCausal: true })).toThrow(/need attnMask/);
    expect(() => mha.forward(x, x, x, { attnMask: zeros([3, 3], { dtype: 'int32' }) })).toThrow(TypeError);
  });
});

describe('transformer layers', () => {
  it('encoder copies start from the same weights (PyTorch deep-copies the layer) and are independent parameters', () => {
    const enc = new nn.TransformerEncoder(new nn.TransformerEncoderLayer(8, 2, { dimFeedforward: 16 }), 3);
    const sd = enc.stateDict();
    expect(String(sd['layers.0.linear1.weight'])).toBe(String(sd['layers.2.linear1.weight']));
    expect(enc.layers.at(0).linear1.weight).not.toBe(enc.layers.at(1).linear1.weight);
    expect(enc.parameters().length).toBe(3 * 12);
  });

  it('causal: the hint, the detected mask and the explicit mask agree; future positions do not change the past', () => {
    manualSeed(1);
    const enc = new nn.TransformerEncoder(new nn.TransformerEncoderLayer(8, 2, { dimFeedforward: 16, dropout: 0, batchFirst: true, normFirst: true }), 2).double();
    const x = r([2, 5, 8]);
    const mask = nn.Transformer.generateSquareSubsequentMask(5, { dtype: 'float64' });
    const a = enc.forward(x, { mask, isCausal: true });
    const b = enc.forward(x, { mask });
    const c = enc.forward(x, { mask: mask.eq(-Infinity) });
    expect(maxDiff(a, b)).toBeLessThan(1e-12);
    expect(maxDiff(a, c)).toBeLessThan(1e-12);
    const y = x.clone();
    y.select(1, 4).copy_(r([2, 8]));
    expect(maxDiff(enc.forward(y, { mask }).narrow(1, 0, 4), a.narrow(1, 0, 4))).toBeLessThan(1e-12);
    expect(nn.Transformer.generateSquareSubsequentMask(3).tolist()).toEqual([[0, -Infinity, -Infinity], [0, 0, -Infinity], [0, 0, 0]]);
  });

  it('Transformer: PyTorch names, every matrix re-initialised, shape checks', () => {
    const model = new nn.Transformer({ dModel: 8, nhead: 2, numEncoderLayers: 1, numDecoderLayers: 1, dimFeedforward: 16, generator: new Generator(0) });
    const names = Object.keys(model.stateDict());
    expect(names).toContain('encoder.layers.0.self_attn.in_proj_weight');
    expect(names).toContain('decoder.layers.0.multihead_attn.out_proj.bias');
    expect(names).toContain('decoder.norm.weight');
    // linear1.weight [16, 8]: Xavier bound √(6/24) instead of a Linear's 1/√8
    const w = model.encoder.layers.at(0).linear1.weight;
    expect(w.abs().max().item()).toBeGreaterThan(1 / Math.sqrt(8));
    expect(w.abs().max().item()).toBeLessThanOrEqual(Math.sqrt(6 / 24));
    expect(() => model.forward(zeros([4, 2, 8]), zeros([3, 3, 8]))).toThrow(/batch number/);
    expect(() => model.forward(zeros([4, 2, 6]), zeros([3, 2, 6]))).toThrow(/d_model/);
    expect(() => new nn.TransformerEncoderLayer(8, 2, { activation: 'tanh' as 'relu' })).toThrow(/relu\/gelu/);
    const act = new nn.TransformerEncoderLayer(4, 2, { activation: new nn.GELU() });
    expect(act.namedChildren().map(([n]) => n).at(-1)).toBe('activation');
  });

  it('trains: an encoder layer fits a tiny reversal task', () => {
    manualSeed(3);
    const layer = new nn.TransformerEncoderLayer(8, 2, { dimFeedforward: 16, dropout: 0 });
    const x = randn([4, 3, 8]);
    const target = x.flip(0);
    let first = 0;
    let last = 0;
    for (let i = 0; i < 60; i++) {
      const loss = layer.forward(x).sub(target).square().mean();
      layer.zeroGrad();
      loss.backward();
      for (const p of layer.parameters()) p.data.set(p.detach().sub(p.grad!.mul(0.05)).toArray());
      if (i === 0) first = loss.item();
      last = loss.item();
    }
    expect(last).toBeLessThan(0.7 * first);
  });
});
