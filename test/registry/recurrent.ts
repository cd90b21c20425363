/**
 * Recurrent layers in the registries: the fused `rnnScan` op (each cell, packed batches, both
 * directions, a projection) for the gradient property test and the parity test, and the
 * `nn.RNN` / `nn.LSTM` / `nn.GRU` layers and cells for the module parity test (multi-layer,
 * bidirectional, batch first, unbatched, projections, initial states, packed sequences sorted and
 * unsorted, dropout in eval mode).
 */
import { rnnScan } from '@chainrule/autograd';
import type { RecurrentCell, Tensor } from '@chainrule/autograd';
import { nn } from '@chainrule/nn';
import type { ModuleEntry } from './modules.js';
import { defineOps, f } from './types.js';
import type { Input, OpDef } from './types.js';

/** Rows per step of the packed batches of these cases: B, B − 1, …, 1, 1, … for as long as it takes to fill N rows. */
export function packedSizes(N: number, B: number): number[] {
  const bs: number[] = [];
  for (let n = 0, t = 0; n < N; t++) {
    bs.push(Math.max(1, B - t));
    n += bs[t]!;
  }
  return bs;
}
const sizes = (T: number, B: number): number[] => Array.from({ length: T }, (_, t) => Math.max(1, B - t));

/**
 * A scan entry: base [t, b, h] → T = t + 1 steps of a packed batch of B = b sequences, hidden size
 * H = h + 1 (P = H − 1 with a projection); smooth cells at most 3 steps, 2 sequences and 2 units,
 * so that gradgradcheck stays quick (the module cases are larger).
 */
function scan(cell: RecurrentCell, o: { reverse?: boolean; proj?: boolean; bias?: boolean; grad?: 'smooth' | 'kinked'; min?: number } = {}): OpDef {
  const G = cell === 'lstm' ? 4 : cell === 'gru' ? 3 : 1;
  const lstm = cell === 'lstm';
  const bias = o.bias ?? true;
  const inputs = ([t = 2, b = 2, h = 2]: readonly number[]): Input[] => {
    const small = (o.grad ?? 'smooth') === 'smooth';
    const [T, B, H] = small ? [Math.min(t + 1, 3), Math.min(b, 2), Math.min(h + 1, 2)] : [t + 1, b, h + 1];
    const P = o.proj === true ? H - 1 || 1 : H;
    const N = sizes(T, B).reduce((x, y) => x + y, 0);
    return [f([N, G * H]), f([B, P]), f([G * H, P]), ...(lstm ? [f([B, H])] : []), ...(bias ? [f([G * H])] : []), ...(o.proj === true ? [f([P, H])] : [])];
  };
  const fn = (...xs: Tensor[]): Tensor[] => {
    const [xg, h0, wHh] = xs as [Tensor, Tensor, Tensor];
    let k = 3;
    const c0 = lstm ? xs[k++]! : null;
    const bHh = bias ? xs[k++]! : null;
    const wHr = o.proj === true ? xs[k++]! : null;
    return rnnScan(cell, xg, h0, wHh, { c0, bHh, wHr, batchSizes: packedSizes(xg.shape[0]!, h0.shape[0]!), reverse: o.reverse ?? false });
  };
  const args = ['a', 'b', 'c'];
  let k = 3;
  if (lstm) args.push(`c0=${'abcdefghij'[k++]}`);
  if (bias) args.push(`b_hh=${'abcdefghij'[k++]}`);
  if (o.proj === true) args.push(`w_hr=${'abcdefghij'[k++]}`);
  if (o.reverse === true) args.push('reverse=True');
  return {
    covers: 'rnnScan',
    call: `rnnScan('${cell}', xGates, h0, wHh, { ${[lstm ? 'c0' : '', bias ? 'bHh' : '', o.proj === true ? 'wHr' : '', 'batchSizes', o.reverse === true ? 'reverse: true' : ''].filter((s) => s !== '').join(', ')} })`,
    fn,
    inputs,
    // the gates saturate for large pre-activations: moderate inputs keep the derivatives informative
    min: o.min ?? -1,
    max: 1,
    grad: o.grad ?? 'smooth',
    torch: `H.rnn_scan('${cell}', ${args.join(', ')})`,
    runs: lstm ? 2 : 3,
    tol: 1e-9,
  };
}

export const recurrentOps = defineOps({
  rnnScanLstm: scan('lstm'),
  rnnScanLstmProjectionReverse: scan('lstm', { proj: true, reverse: true }),
  rnnScanGru: scan('gru'),
  rnnScanGruReverse: scan('gru', { reverse: true }),
  rnnScanTanhReverseNoBias: scan('rnnTanh', { reverse: true, bias: false }),
  // positive inputs keep every pre-activation off ReLU's kink (the module parity cases cross it)
  rnnScanRelu: scan('rnnRelu', { grad: 'kinked', min: 0.05 }),
});

type AnyRnn = nn.RNN | nn.GRU;
const packed = (x: Tensor, lengths: number[], enforceSorted = true): nn.utils.rnn.PackedSequence => nn.utils.rnn.packPaddedSequence(x, lengths, { enforceSorted });
const pyPacked = (lengths: number[], enforceSorted = true): string => `nn.utils.rnn.pack_padded_sequence(a, ${JSON.stringify(lengths)}${enforceSorted ? '' : ', enforce_sorted=False'})`;

export const recurrentModules: Record<string, ModuleEntry> = {
  rnn: { make: () => new nn.RNN(3, 4), torch: 'nn.RNN(3, 4)', inputs: [f([5, 2, 3])] },
  rnnReluTwoLayersBatchFirstH0: {
    make: () => new nn.RNN(3, 4, { numLayers: 2, nonlinearity: 'relu', batchFirst: true }),
    torch: "nn.RNN(3, 4, num_layers=2, nonlinearity='relu', batch_first=True)",
    inputs: [f([2, 5, 3]), f([2, 2, 4])],
  },
  rnnBidirectionalNoBiasUnbatched: {
    make: () => new nn.RNN(3, 4, { bidirectional: true, bias: false }),
    torch: 'nn.RNN(3, 4, bidirectional=True, bias=False)',
    inputs: [f([5, 3]), f([2, 4])],
  },
  rnnPackedUnsorted: {
    make: () => new nn.RNN(3, 4, { numLayers: 2, bidirectional: true }),
    torch: 'nn.RNN(3, 4, num_layers=2, bidirectional=True)',
    inputs: [f([4, 3, 3]), f([4, 3, 4])],
    forward: (m, x, h0) => {
      const [out, h] = (m as AnyRnn).forward(packed(x!, [2, 4, 3], false), h0);
      return [out.data, h];
    },
    torchForward: `(lambda r: (r[0].data, r[1]))(m(${pyPacked([2, 4, 3], false)}, b))`,
  },
  lstm: { make: () => new nn.LSTM(3, 4), torch: 'nn.LSTM(3, 4)', inputs: [f([5, 2, 3])] },
  lstmTwoLayersBidirectionalStates: {
    make: () => new nn.LSTM(3, 4, { numLayers: 2, bidirectional: true }),
    torch: 'nn.LSTM(3, 4, num_layers=2, bidirectional=True)',
    inputs: [f([5, 2, 3]), f([4, 2, 4]), f([4, 2, 4])],
    forward: (m, x, h0, c0) => (m as nn.LSTM).forward(x!, [h0!, c0!]),
    torchForward: 'm(a, (b, c))',
  },
  lstmProjectionBatchFirstStates: {
    make: () => new nn.LSTM(3, 5, { projSize: 2, numLayers: 2, batchFirst: true }),
    torch: 'nn.LSTM(3, 5, proj_size=2, num_layers=2, batch_first=True)',
    inputs: [f([2, 4, 3]), f([2, 2, 2]), f([2, 2, 5])],
    forward: (m, x, h0, c0) => (m as nn.LSTM).forward(x!, [h0!, c0!]),
    torchForward: 'm(a, (b, c))',
  },
  lstmProjectionBidirectionalUnbatched: {
    make: () => new nn.LSTM(3, 5, { projSize: 3, bidirectional: true }),
    torch: 'nn.LSTM(3, 5, proj_size=3, bidirectional=True)',
    inputs: [f([4, 3])],
  },
  lstmPacked: {
    make: () => new nn.LSTM(3, 4, { bidirectional: true }),
    torch: 'nn.LSTM(3, 4, bidirectional=True)',
    inputs: [f([5, 3, 3]), f([2, 3, 4]), f([2, 3, 4])],
    forward: (m, x, h0, c0) => {
      const [out, [h, c]] = (m as nn.LSTM).forward(packed(x!, [5, 3, 2]), [h0!, c0!]);
      return [out.data, h, c];
    },
    torchForward: `(lambda r: (r[0].data, r[1][0], r[1][1]))(m(${pyPacked([5, 3, 2])}, (b, c)))`,
  },
  lstmPackedUnsortedPaddedBack: {
    make: () => new nn.LSTM(3, 4, { numLayers: 2, projSize: 2 }),
    torch: 'nn.LSTM(3, 4, num_layers=2, proj_size=2)',
    inputs: [f([5, 3, 3]), f([2, 3, 2]), f([2, 3, 4])],
    forward: (m, x, h0, c0) => {
      const [out, [h, c]] = (m as nn.LSTM).forward(packed(x!, [3, 5, 1], false), [h0!, c0!]);
      const [padded, lengths] = nn.utils.rnn.padPackedSequence(out, { batchFirst: true, totalLength: 6 });
      return [padded, lengths, h, c];
    },
    torchForward: `(lambda r: (*nn.utils.rnn.pad_packed_sequence(r[0], batch_first=True, total_length=6), r[1][0], r[1][1]))(m(${pyPacked([3, 5, 1], false)}, (b, c)))`,
  },
  lstmDropoutEval: {
    make: () => new nn.LSTM(3, 4, { numLayers: 3, dropout: 0.5 }),
    torch: 'nn.LSTM(3, 4, num_layers=3, dropout=0.5)',
    inputs: [f([4, 2, 3])],
    mode: 'eval',
  },
  gru: { make: () => new nn.GRU(3, 4), torch: 'nn.GRU(3, 4)', inputs: [f([5, 2, 3])] },
  gruTwoLayersBidirectionalBatchFirstH0: {
    make: () => new nn.GRU(3, 4, { numLayers: 2, bidirectional: true, batchFirst: true }),
    torch: 'nn.GRU(3, 4, num_layers=2, bidirectional=True, batch_first=True)',
    inputs: [f([2, 5, 3]), f([4, 2, 4])],
  },
  gruPackedUnsorted: {
    make: () => new nn.GRU(3, 4, { bias: false }),
    torch: 'nn.GRU(3, 4, bias=False)',
    inputs: [f([4, 3, 3]), f([1, 3, 4])],
    forward: (m, x, h0) => {
      const [out, h] = (m as AnyRnn).forward(packed(x!, [1, 4, 2], false), h0);
      return [nn.utils.rnn.padPackedSequence(out)[0], h];
    },
    torchForward: `(lambda r: (nn.utils.rnn.pad_packed_sequence(r[0])[0], r[1]))(m(${pyPacked([1, 4, 2], false)}, b))`,
  },
  rnnCell: { make: () => new nn.RNNCell(3, 4), torch: 'nn.RNNCell(3, 4)', inputs: [f([2, 3]), f([2, 4])] },
  rnnCellReluNoBiasUnbatched: {
    make: () => new nn.RNNCell(3, 4, { nonlinearity: 'relu', bias: false }),
    torch: "nn.RNNCell(3, 4, nonlinearity='relu', bias=False)",
    inputs: [f([3])],
  },
  lstmCell: {
    make: () => new nn.LSTMCell(3, 4),
    torch: 'nn.LSTMCell(3, 4)',
    inputs: [f([2, 3]), f([2, 4]), f([2, 4])],
    forward: (m, x, h, c) => (m as nn.LSTMCell).forward(x!, [h!, c!]),
    torchForward: 'm(a, (b, c))',
  },
  lstmCellUnbatchedNoState: { make: () => new nn.LSTMCell(3, 4, { bias: false }), torch: 'nn.LSTMCell(3, 4, bias=False)', inputs: [f([3])] },
  gruCell: { make: () => new nn.GRUCell(3, 4), torch: 'nn.GRUCell(3, 4)', inputs: [f([2, 3]), f([2, 4])] },
  gruCellUnbatched: { make: () => new nn.GRUCell(3, 4), torch: 'nn.GRUCell(3, 4)', inputs: [f([3]), f([4])] },
};
