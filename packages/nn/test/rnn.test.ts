/**
 * Recurrent layers (nn.RNN, nn.LSTM, nn.GRU and the cells) and nn.utils.rnn: equivalences a
 * PyTorch user relies on (a layer over a sequence = its cell step by step; a packed batch = each
 * sequence alone; batchFirst = the transposed batch; float32 ≈ float64), dropout only in training,
 * PyTorch's init bounds and names, second derivatives through a layer, and the errors. PyTorch's
 * own values are checked by the registry's parity cases (test/registry/recurrent.ts).
 */
import { describe, expect, it } from 'vitest';
import { cat, Generator, gradgradcheck, manualSeed, randn, rnnScan, stack, tensor, zeros } from '@chainrule/autograd';
import type { Tensor } from '@chainrule/autograd';
import { nn } from '@chainrule/nn';

/** Any of the layers, as these tests call them. */
interface Layer extends nn.Module<[Tensor | nn.utils.rnn.PackedSequence], [Tensor | nn.utils.rnn.PackedSequence, Tensor | [Tensor, Tensor]]> {
  forward(input: Tensor | nn.utils.rnn.PackedSequence): [Tensor | nn.utils.rnn.PackedSequence, Tensor | [Tensor, Tensor]];
}

const maxDiff = (a: Tensor, b: Tensor): number => {
  expect(a.shape).toEqual(b.shape);
  return a.double().sub(b.double()).abs().max().item();
};

describe('recurrent layers', () => {
  it('an LSTM over a sequence equals its LSTMCell step by step, with the same weights (float32)', () => {
    manualSeed(1);
    const lstm = new nn.LSTM(5, 8);
    const cell = new nn.LSTMCell(5, 8);
    const sd = lstm.stateDict();
    cell.loadStateDict({ weight_ih: sd.weight_ih_l0!, weight_hh: sd.weight_hh_l0!, bias_ih: sd.bias_ih_l0!, bias_hh: sd.bias_hh_l0! });
    const x = randn([6, 3, 5]);
    const [out, [hN, cN]] = lstm.forward(x);
    let h = zeros([3, 8]);
    let c = zeros([3, 8]);
    const hs: Tensor[] = [];
    for (let t = 0; t < 6; t++) {
      [h, c] = cell.forward(x.select(0, t), [h, c]);
      hs.push(h);
    }
    expect(maxDiff(out, stack(hs))).toBeLessThan(1e-6);
    expect(maxDiff(hN.squeeze(0), h)).toBeLessThan(1e-6);
    expect(maxDiff(cN.squeeze(0), c)).toBeLessThan(1e-6);
  });

  it('a packed batch gives each sequence what it gives alone (outputs and last states, both directions)', () => {
    for (const make of [(): Layer => new nn.GRU(3, 4, { bidirectional: true, numLayers: 2 }), (): Layer => new nn.LSTM(3, 4, { bidirectional: true, projSize: 2 })]) {
      manualSeed(2);
      const m = make().double();
      const seqs = [randn([5, 3], { dtype: 'float64' }), randn([2, 3], { dtype: 'float64' }), randn([4, 3], { dtype: 'float64' })];
      const packed = nn.utils.rnn.packSequence(seqs, { enforceSorted: false });
      const [out, state] = m.forward(packed) as [nn.utils.rnn.PackedSequence, Tensor | [Tensor, Tensor]];
      const hN = Array.isArray(state) ? state[0] : state;
      const [padded, lengths] = nn.utils.rnn.padPackedSequence(out);
      expect(lengths.tolist()).toEqual([5, 2, 4]);
      seqs.forEach((s, i) => {
        const [alone, st] = m.forward(s) as [Tensor, Tensor | [Tensor, Tensor]];
        const h = Array.isArray(st) ? st[0] : st;
        expect(maxDiff(padded.select(1, i).narrow(0, 0, s.shape[0]!), alone)).toBeLessThan(1e-12);
        // the padding stays 0
        if (s.shape[0]! < 5) expect(padded.select(1, i).narrow(0, s.shape[0]!, 5 - s.shape[0]!).abs().max().item()).toBe(0);
        expect(maxDiff(hN.select(1, i), h)).toBeLessThan(1e-12);
      });
    }
  });

  it('batchFirst runs the transposed batch; unbatched input runs a batch of one', () => {
    manualSeed(3);
    const a = new nn.RNN(3, 4, { numLayers: 2, batchFirst: true });
    const b = new nn.RNN(3, 4, { numLayers: 2 });
    b.loadStateDict(a.stateDict());
    const x = randn([2, 5, 3]);
    const [ya, ha] = a.forward(x);
    const [yb, hb] = b.forward(x.transpose(0, 1));
    expect(maxDiff(ya, yb.transpose(0, 1))).toBe(0);
    expect(maxDiff(ha, hb)).toBe(0);
    const [y1, h1] = b.forward(x.select(0, 1));
    expect(maxDiff(y1, yb.select(1, 1))).toBe(0);
    expect(h1.shape).toEqual([2, 4]);
  });

  it('float32 (the wasm SIMD cells on the wasm backend) agrees with float64', () => {
    for (const make of [(): Layer => new nn.LSTM(6, 12, { numLayers: 2 }), (): Layer => new nn.GRU(6, 13), (): Layer => new nn.RNN(6, 8, { nonlinearity: 'relu' })]) {
      manualSeed(4);
      const m = make();
      const x = randn([7, 3, 6]);
      const y32 = (m.forward(x) as [Tensor, unknown])[0];
      y32.sum().backward();
      const g32 = m.parameters().map((p) => p.grad!);
      m.zeroGrad({ setToNone: true });
      m.double();
      const y64 = (m.forward(x.double()) as [Tensor, unknown])[0];
      y64.sum().backward();
      expect(maxDiff(y32, y64)).toBeLessThan(1e-5);
      m.parameters().forEach((p, i) => expect(maxDiff(g32[i]!, p.grad!) / (p.grad!.abs().max().item() + 1)).toBeLessThan(1e-4));
    }
  });

  it('dropout between layers only in training mode, and never after the last layer', () => {
    manualSeed(5);
    const m = new nn.LSTM(3, 16, { numLayers: 2, dropout: 0.5, generator: new Generator(0) });
    const x = randn([4, 2, 3]);
    const a = m.forward(x)[0];
    const b = m.forward(x)[0];
    expect(maxDiff(a, b)).toBeGreaterThan(1e-3);
    m.eval();
    const c = m.forward(x)[0];
    expect(maxDiff(c, m.forward(x)[0])).toBe(0);
    // one layer: the dropout has nowhere to go
    const one = new nn.GRU(3, 4, { dropout: 0.5 });
    const x1 = randn([3, 2, 3]);
    expect(maxDiff(one.forward(x1)[0], one.forward(x1)[0])).toBe(0);
  });

  it("PyTorch's parameter names, order, shapes and initialisation bounds", () => {
    const m = new nn.LSTM(3, 6, { numLayers: 2, bidirectional: true, projSize: 2 });
    const names = m.namedParameters().map(([n, p]) => `${n} ${p.shape.join('x')}`);
    expect(names.slice(0, 10)).toEqual([
      'weight_ih_l0 24x3',
      'weight_hh_l0 24x2',
      'bias_ih_l0 24',
      'bias_hh_l0 24',
      'weight_hr_l0 2x6',
      'weight_ih_l0_reverse 24x3',
      'weight_hh_l0_reverse 24x2',
      'bias_ih_l0_reverse 24',
      'bias_hh_l0_reverse 24',
      'weight_hr_l0_reverse 2x6',
    ]);
    expect(names[10]).toBe('weight_ih_l1 24x4');
    const bound = 1 / Math.sqrt(6);
    for (const p of m.parameters()) expect(p.abs().max().item()).toBeLessThanOrEqual(bound);
    expect(new nn.GRUCell(2, 4).namedParameters().map(([n]) => n)).toEqual(['weight_ih', 'weight_hh', 'bias_ih', 'bias_hh']);
    expect(String(new nn.GRU(2, 3, { numLayers: 2, bias: false, batchFirst: true, dropout: 0.25, bidirectional: true }))).toBe(
      'GRU(2, 3, num_layers=2, bias=False, batch_first=True, dropout=0.25, bidirectional=True)',
    );
    expect(String(new nn.LSTMCell(2, 3, { bias: false }))).toBe('LSTMCell(2, 3, bias=False)');
  });

  it('second derivatives through a stacked bidirectional LSTM with a projection (gradgradcheck)', () => {
    manualSeed(6);
    const m = new nn.LSTM(1, 2, { bidirectional: true, numLayers: 2, projSize: 1 }).double();
    const x = randn([2, 1, 1], { dtype: 'float64', requiresGrad: true });
    const h0 = randn([4, 1, 1], { dtype: 'float64', requiresGrad: true });
    const f = (xi: Tensor, hi: Tensor): Tensor => {
      const [y, [h, c]] = m.forward(xi, [hi, zeros([4, 1, 2], { dtype: 'float64' })]);
      return cat([y.flatten(), h.flatten(), c.flatten()]);
    };
    expect(gradgradcheck(f, [x, h0], undefined, { atol: 1e-5, rtol: 1e-4 })).toBe(true);
  });

  it('rnnScan: a GRU step by hand', () => {
    // one unit, W_hh = [r z n] = [1, 1, 1], no biases; h0 = 0.5, x gates = [0, 0, 0]
    const [out] = rnnScan('gru', zeros([1, 3]), tensor([[0.5]]), tensor([[1], [1], [1]]));
    const r = 1 / (1 + Math.exp(-0.5));
    const n = Math.tanh(r * 0.5);
    expect(out.item()).toBeCloseTo(n + r * (0.5 - n), 6); // z = σ(0.5) = r here
  });

  it('clear errors for bad arguments', () => {
    expect(() => new nn.LSTM(3, 4, { projSize: 4 })).toThrow(/projSize \(4\) has to be smaller than hiddenSize/);
    expect(() => new nn.GRU(3, 4, { projSize: 2 } as never)).toThrow(/only supported for LSTM/);
    expect(() => new nn.RNN(3, 4, { dropout: 1.5 })).toThrow(RangeError);
    expect(() => new nn.RNN(3, 0)).toThrow(/hiddenSize must be an integer of at least 1/);
    expect(() => new nn.RNN(3, 4, { nonlinearity: 'sigmoid' as never })).toThrow(/unknown nonlinearity 'sigmoid'/);
    const lstm = new nn.LSTM(3, 4);
    expect(() => lstm.forward(zeros([2, 2, 2, 3]))).toThrow(/expected input to be 2-D or 3-D, got 4-D/);
    expect(() => lstm.forward(zeros([2, 2, 5]))).toThrow(/input.size\(-1\) must be equal to input_size. Expected 3, got 5/);
    expect(() => lstm.forward(zeros([2, 2, 3]), [zeros([1, 3, 4]), zeros([1, 2, 4])])).toThrow(/expected hidden state size \[1, 2, 4\], got \[1, 3, 4\]/);
    expect(() => lstm.forward(zeros([2, 2, 3]), zeros([1, 2, 4]) as never)).toThrow(TypeError);
    expect(() => lstm.forward(zeros([2, 2, 3], { dtype: 'float64' }))).toThrow(/input dtype float64 does not match the weights' dtype float32/);
    expect(() => lstm.forward(zeros([0, 2, 3]))).toThrow(/sequence length to be larger than 0/);
    expect(() => new nn.GRUCell(3, 4).forward(zeros([2, 3]), zeros([3, 4]))).toThrow(/expected hidden state of shape \[2, 4\], got \[3, 4\]/);
    expect(() => rnnScan('lstm', zeros([2, 8]), zeros([1, 2]), zeros([8, 2]))).toThrow(/needs c0/);
    expect(() => rnnScan('gru', zeros([3, 6]), zeros([2, 2]), zeros([6, 2]), { batchSizes: [1, 2] })).toThrow(/non-increasing/);
    expect(() => rnnScan('gru', zeros([3, 6]), zeros([2, 2]), zeros([6, 2]))).toThrow(/not a multiple of the batch/);
    expect(() => rnnScan('lstm' as 'gru', zeros([2, 6]), zeros([1, 2]), zeros([6, 2]))).toThrow(/must have 4·hidden rows/);
    expect(() => rnnScan('tanh' as 'gru', zeros([2, 2]), zeros([1, 2]), zeros([2, 2]))).toThrow(/unknown cell 'tanh'/);
    expect(() => rnnScan('rnnTanh', zeros([2, 2], { dtype: 'int32' }), zeros([1, 2]), zeros([2, 2]))).toThrow(TypeError);
  });
});

describe('nn.utils.rnn', () => {
  it('pads, packs and unpacks back, in the original order', () => {
    const seqs = [tensor([[1, 1]]), tensor([[2, 2], [3, 3], [4, 4]]), tensor([[5, 5], [6, 6]])];
    const padded = nn.utils.rnn.padSequence(seqs, { batchFirst: true, paddingValue: -1 });
    expect(padded.tolist()).toEqual([
      [[1, 1], [-1, -1], [-1, -1]],
      [[2, 2], [3, 3], [4, 4]],
      [[5, 5], [6, 6], [-1, -1]],
    ]);
    const p = nn.utils.rnn.packPaddedSequence(padded, [1, 3, 2], { batchFirst: true, enforceSorted: false });
    expect(p.batchSizes.tolist()).toEqual([3, 2, 1]);
    expect(p.sortedIndices!.tolist()).toEqual([1, 2, 0]);
    expect(p.unsortedIndices!.tolist()).toEqual([2, 0, 1]);
    expect(p.data.select(1, 0).tolist()).toEqual([2, 5, 1, 3, 6, 4]);
    const [back, lengths] = nn.utils.rnn.padPackedSequence(p, { batchFirst: true, paddingValue: -1 });
    expect(back.tolist()).toEqual(padded.tolist());
    expect(lengths.tolist()).toEqual([1, 3, 2]);
    expect(nn.utils.rnn.unpackSequence(p).map((t) => t.tolist())).toEqual(seqs.map((t) => t.tolist()));
    expect(nn.utils.rnn.unpadSequence(padded, [1, 3, 2], { batchFirst: true }).map((t) => t.tolist())).toEqual(seqs.map((t) => t.tolist()));
  });

  it('gradients flow through packing and padding to the real rows only', () => {
    const x = randn([3, 2, 2], { requiresGrad: true });
    const p = nn.utils.rnn.packPaddedSequence(x, [3, 1]);
    nn.utils.rnn.padPackedSequence(p)[0].sum().backward();
    expect(x.grad!.select(2, 0).tolist()).toEqual([
      [1, 1],
      [1, 0],
      [1, 0],
    ]);
  });

  it('errors name the function and the problem', () => {
    expect(() => nn.utils.rnn.packPaddedSequence(zeros([3, 2]), [2, 3])).toThrow(/must be sorted in decreasing order/);
    expect(() => nn.utils.rnn.packPaddedSequence(zeros([3, 2]), [3, 0])).toThrow(/greater than 0/);
    expect(() => nn.utils.rnn.packPaddedSequence(zeros([3, 2]), [4, 1])).toThrow(/longer than the input's 3 steps/);
    expect(() => nn.utils.rnn.packPaddedSequence(zeros([3, 2]), [3])).toThrow(/expected 2 lengths/);
    expect(() => nn.utils.rnn.padPackedSequence(nn.utils.rnn.packSequence([zeros([3])]), { totalLength: 2 })).toThrow(/totalLength/);
    expect(() => nn.utils.rnn.padSequence([])).toThrow(/non-empty/);
    expect(() => nn.utils.rnn.padSequence([zeros([2, 3]), zeros([2, 4])])).toThrow(/same trailing shape/);
    expect(() => new nn.utils.rnn.PackedSequence(zeros([3]), [2, 2])).toThrow(/sum to 4/);
  });
});
