import { describe, expect, it } from 'vitest';
import { Generator } from '@chainrule/autograd';
import type { Tensor } from '@chainrule/autograd';
import { nn } from '@chainrule/nn';
import { run as planarFlower } from '../examples/planar-flower.js';
import { run as logistic } from '../examples/logistic-regression.js';
import { run as perceptron } from '../examples/perceptron.js';
import { run as customOp, squareplus } from '../examples/custom-op.js';
import { deepNetwork, run as deep } from '../examples/deep-network.js';
import { batchify, run as transformerLm } from '../examples/transformer-language-model.js';
import { repackageHidden, RNNModel, run as wordLm } from '../examples/word-language-model.js';

const quiet = (): void => undefined;

describe('examples (small settings)', () => {
  it('planar flower: the 2-4-1 tanh/sigmoid network reaches 85 % and draws its boundary', () => {
    const r = planarFlower({ iterations: 500, out: null, log: quiet });
    expect(r.accuracy).toBeGreaterThanOrEqual(0.85);
    expect(r.losses[r.losses.length - 1]!).toBeLessThan(r.losses[0]!);
    expect(r.losses[0]).toBeCloseTo(Math.log(2), 3); // tiny initial weights: p ≈ 0.5
    expect(r.svg.match(/<circle /g)).toHaveLength(400);
    expect(r.svg).toMatch(/fill="#f4c7c3"/);
    expect(r.svg).toMatch(/fill="#c6dbef"/);
  });

  it('logistic regression separates the separable set', () => {
    const r = logistic({ epochs: 15, out: null, log: quiet });
    expect(r.trainAccuracy).toBeGreaterThanOrEqual(0.97);
    expect(r.testAccuracy).toBeGreaterThanOrEqual(0.95);
  });

  it('the perceptron converges within the Novikoff bound to 100 %', () => {
    const r = perceptron({ log: quiet });
    expect(r.convergedEpoch).not.toBeNull();
    expect(r.updates).toBeGreaterThan(0);
    expect(r.updates).toBeLessThanOrEqual(r.novikoffBound);
    expect(r.accuracy).toBe(1);
  });

  it('the custom op passes gradcheck and gradgradcheck and trains a model', () => {
    const r = customOp({ epochs: 30, log: quiet });
    expect(r.gradcheck).toBe(true);
    expect(r.gradgradcheck).toBe(true);
    expect(r.accuracy).toBeGreaterThanOrEqual(0.85);
    // squareplus(0) = √b / 2 and it tends to relu far from 0
    expect(squareplus(new nn.Linear(1, 1).weight.mul(0), 4).item()).toBeCloseTo(1, 6);
  });

  it('the deep network: He-initialized layers, dropout, and it learns the spirals', () => {
    const model = deepNetwork([2, 400, 400, 3], 0.2, new Generator(0));
    const names = model.namedParameters().map(([n]) => n);
    expect(names).toEqual(['0.weight', '0.bias', '3.weight', '3.bias', '6.weight', '6.bias']);
    expect(String(model)).toContain('Dropout(p=0.2, inplace=False)');
    const w = Array.from(model.namedParameters()[2]![1].toArray());
    const std = Math.sqrt(w.reduce((s, v) => s + v * v, 0) / w.length);
    expect(std).toBeCloseTo(Math.sqrt(2 / 400), 2); // He: N(0, 2 / fan_in), 160,000 samples
    const r = deep({ epochs: 8, out: null, log: quiet });
    expect(r.testAccuracy).toBeGreaterThanOrEqual(0.9);
  });

  it("word_language_model's Transformer model: PyTorch's names, and it learns Moby-Dick's words", () => {
    const r = transformerLm({ maxWords: 4000, emsize: 16, nhid: 32, nlayers: 1, nhead: 2, epochs: 3, bptt: 12, batchSize: 8, lr: 5, log: quiet });
    const names = Object.keys(r.model.stateDict());
    expect(names.slice(0, 3)).toEqual(['encoder.layers.0.self_attn.in_proj_weight', 'encoder.layers.0.self_attn.in_proj_bias', 'encoder.layers.0.self_attn.out_proj.weight']);
    expect(names).toEqual(expect.arrayContaining(['encoder.norm.weight', 'pos_encoder.pe', 'input_emb.weight', 'decoder.weight', 'decoder.bias']));
    expect(r.valLosses.at(-1)!).toBeLessThan(r.valLosses[0]!);
    expect(r.testLoss).toBeLessThan(Math.log(r.vocabSize)); // better than uniform over the words
    expect(batchify(Int32Array.from([0, 1, 2, 3, 4, 5, 6]), 2).tolist()).toEqual([[0, 3], [1, 4], [2, 5]]);
  }, 120_000);

  it("word_language_model's RNN models: PyTorch's names, tied weights, detached hidden states, and the LSTM learns Moby-Dick's words", () => {
    const r = wordLm({ model: 'LSTM', maxWords: 4000, emsize: 16, nhid: 16, nlayers: 2, epochs: 3, bptt: 12, batchSize: 8, lr: 20, tied: true, logInterval: 10, log: quiet });
    const names = Object.keys(r.model.stateDict());
    expect(names).toEqual([
      'encoder.weight',
      'rnn.weight_ih_l0', 'rnn.weight_hh_l0', 'rnn.bias_ih_l0', 'rnn.bias_hh_l0',
      'rnn.weight_ih_l1', 'rnn.weight_hh_l1', 'rnn.bias_ih_l1', 'rnn.bias_hh_l1',
      'decoder.weight', 'decoder.bias',
    ]);
    // tied: one parameter under two names, as PyTorch's state dict
    expect(r.model.parameters()).toHaveLength(10);
    expect(r.valLosses.at(-1)!).toBeLessThan(r.valLosses[0]!);
    expect(r.testLoss).toBeLessThan(Math.log(r.vocabSize));
    expect(r.msPerBatch).toBeGreaterThan(0);
    for (const type of ['GRU', 'RNN_TANH', 'RNN_RELU'] as const) {
      const m = new RNNModel(type, 50, 8, 8, 2, 0.2);
      const [out, h] = m.forward(batchify(Int32Array.from({ length: 40 }, (_, i) => i % 50), 4).narrow(0, 0, 5), m.initHidden(4));
      expect(out.shape).toEqual([20, 50]);
      expect((h as Tensor).shape).toEqual([2, 4, 8]);
      expect((repackageHidden(h) as Tensor).requiresGrad).toBe(false);
    }
    expect(() => new RNNModel('LSTM', 50, 8, 16, 1, 0, true)).toThrow(/nhid must be equal to emsize/);
  }, 120_000);

  it('word_language_model --model Transformer runs through the same entry point', () => {
    const r = wordLm({ model: 'Transformer', maxWords: 2000, emsize: 16, nhid: 32, nlayers: 1, nhead: 2, epochs: 1, bptt: 12, batchSize: 8, lr: 5, log: quiet });
    expect(Object.keys(r.model.stateDict())).toContain('encoder.layers.0.self_attn.in_proj_weight');
    expect(Number.isFinite(r.testLoss)).toBe(true);
  }, 120_000);
});
