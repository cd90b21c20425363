/**
 * importOnnx: models PyTorch 1.13 exported (test/golden/onnx, written by `pnpm golden`) match
 * PyTorch's outputs and train; single ONNX ops written by hand match onnxruntime on the same file,
 * in the forms of opset 17 and of older opsets; training mode (BatchNormalization's running
 * statistics, Dropout); initializer names as state-dict keys; errors.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { manualSeed, randint, randn, tensor } from '@chainrule/autograd';
import type { DType, Tensor } from '@chainrule/autograd';
import { nn, optim } from '@chainrule/nn';
import * as F from '@chainrule/nn/functional';
import { exportOnnx, importOnnx } from '@chainrule/nn/onnx';
import type { OnnxModule } from '@chainrule/nn/onnx';
import { AttributeType, DataType, encodeModel } from '../src/onnx/proto.js';
import type { AttributeProto, ModelProto, NodeProto, TensorProto } from '../src/onnx/proto.js';
import { int64Proto, toProto } from '../src/onnx/tensors.js';
import { expectClose, runOrt } from './helpers/onnx.js';

const fixture = (name: string): string => new URL(`../../../test/golden/onnx/${name}`, import.meta.url).pathname;

interface Case {
  inputs: Record<string, { dtype: string; shape: number[]; data: number[] }>;
  outputs: Record<string, { shape: number[]; data: number[] }>;
}

describe('importOnnx: models exported by PyTorch (torch.onnx.export)', () => {
  // mlp, cnn (Conv-BN fused, BatchNormalization after ReLU, padded AveragePool), text (Embedding,
  // LayerNormalization, attention with Shape/Gather/Concat/Reshape over a dynamic batch and
  // sequence, GELU as Erf), signal (Conv 1-D, pools 1-D, activations), recurrent (2-layer
  // bidirectional LSTM, GRU, ReLU RNN, batch first), transformer (nn.TransformerEncoderLayer),
  // mlp_opset11 (Softmax, Clip and Unsqueeze of opset 11)
  const models: [string, string[]][] = [
    ['mlp', ['0.weight', '0.bias', '2.weight', '2.bias']],
    ['cnn', ['conv2.weight', 'conv2.bias', 'bn2.weight', 'bn2.bias', 'fc.weight', 'fc.bias', 'onnx::Conv_30', 'onnx::Conv_31']],
    ['text', ['emb.weight', 'norm.weight', 'norm.bias', 'qkv.bias', 'out.bias', 'head.weight', 'head.bias', 'onnx::MatMul_110', 'onnx::MatMul_114']],
    ['signal', ['net.0.weight', 'net.0.bias', 'net.3.weight', 'net.3.bias', 'net.8.weight', 'net.8.bias', 'net.11.weight', 'net.11.bias']],
    ['mlp_opset11', ['0.weight', '0.bias', '2.weight', '2.bias']],
    ['recurrent', [...['LSTM_463', 'LSTM_464', 'LSTM_465', 'LSTM_506', 'LSTM_507', 'LSTM_508', 'GRU_528', 'GRU_529', 'GRU_530', 'RNN_534', 'RNN_535', 'RNN_536'].map((n) => `onnx::${n}`), 'head.weight', 'head.bias']],
    [
      'transformer',
      ['onnx::MatMul_119', 'onnx::MatMul_120', 'onnx::MatMul_121', 'self_attn.in_proj_bias', 'self_attn.out_proj.weight', 'self_attn.out_proj.bias', 'linear1.bias', 'linear2.bias', 'norm1.weight', 'norm1.bias', 'norm2.weight', 'norm2.bias'],
    ],
  ];
  for (const [name, params] of models) {
    it(`${name}: PyTorch's outputs at two batch sizes, in onnxruntime too; trains one step`, async () => {
      const bytes = new Uint8Array(readFileSync(fixture(`${name}.onnx`)));
      const { cases } = JSON.parse(readFileSync(fixture(`${name}.json`), 'utf8')) as { cases: Case[] };
      const m = importOnnx(bytes);
      expect(m.namedParameters().map(([n]) => n).sort()).toEqual([...params].sort());
      let last: Tensor | null = null;
      for (const c of cases) {
        const [[inName, inp]] = Object.entries(c.inputs) as [[string, Case['inputs'][string]]];
        const [[outName, out]] = Object.entries(c.outputs) as [[string, Case['outputs'][string]]];
        const x = tensor(inp.data, { shape: inp.shape, dtype: (inp.dtype.startsWith('int') ? 'int32' : 'float32') as DType });
        const want = tensor(out.data, { shape: out.shape });
        expectClose(m.forward(x), want, 1e-5);
        // PyTorch's files take int64 indices
        expectClose((await runOrt(bytes, { [inName]: x }, x.dtype === 'int32' ? [inName] : []))[outName]!, want, 1e-5);
        last = x;
      }
      trains(m, last!);
    });
  }

  it("the CNN's BatchNormalization statistics are buffers under PyTorch's names", () => {
    const m = importOnnx(new Uint8Array(readFileSync(fixture('cnn.onnx'))));
    expect(m.namedBuffers().map(([n]) => n)).toEqual(['bn2.running_mean', 'bn2.running_var']);
    expect(Object.keys(m.stateDict())).toContain('bn2.running_var');
  });
});

function trains(m: OnnxModule, x: Tensor): void {
  manualSeed(9);
  m.train();
  const target = randn(m.forward(x).shape);
  const opt = new optim.SGD(m.parameters(), { lr: 0.02 });
  const before = F.mseLoss(m.forward(x), target);
  before.backward();
  const withGrad = m.namedParameters().filter(([, p]) => p.grad !== null && p.grad.abs().sum().item() > 0);
  expect(withGrad.length).toBeGreaterThan(0);
  opt.step();
  m.eval();
  expect(F.mseLoss(m.forward(x), target).item()).toBeLessThan(before.item());
}

// ---- single ops written by hand, against onnxruntime ------------------------------------------

interface Inp {
  name: string;
  value: Tensor;
  /** Written as an int64 initializer (shapes, axes) rather than a graph input. */
  int64?: boolean;
  /** An initializer rather than a graph input. */
  init?: boolean;
}

const attr = (name: string, v: number | number[] | string, float = false): AttributeProto =>
  typeof v === 'string'
    ? { name, type: AttributeType.STRING, s: new TextEncoder().encode(v) }
    : Array.isArray(v)
      ? float
        ? { name, type: AttributeType.FLOATS, floats: v }
        : { name, type: AttributeType.INTS, ints: v }
      : float
        ? { name, type: AttributeType.FLOAT, f: v }
        : { name, type: AttributeType.INT, i: v };

function model(nodes: NodeProto[], inputs: Inp[], outputs: string[], opset = 17): ModelProto {
  const inits: TensorProto[] = inputs.filter((i) => i.int64 || i.init).map((i) => (i.int64 ? int64Proto(Array.from(i.value.toArray()), i.value.shape, i.name) : toProto(i.value, i.name)));
  const elem = { float32: DataType.FLOAT, float64: DataType.DOUBLE, int32: DataType.INT32, uint8: DataType.UINT8, int8: DataType.INT8, bool: DataType.BOOL };
  return {
    irVersion: 8,
    opsetImport: [{ version: opset }],
    graph: {
      node: nodes,
      name: 'g',
      initializer: inits,
      input: inputs.filter((i) => !i.int64 && !i.init).map((i) => ({ name: i.name, type: { tensorType: { elemType: elem[i.value.dtype], shape: { dim: i.value.shape.map((d) => ({ dimValue: d })) } } } })),
      output: outputs.map((o) => ({ name: o })),
    },
  };
}

/** One node reading `inputs` into `y`: importOnnx's output equals onnxruntime's on the same file. */
async function sameAsOrt(op: string, inputs: Inp[], attrs: AttributeProto[] = [], opset = 17, tol = 1e-6): Promise<Tensor> {
  const node: NodeProto = { opType: op, input: inputs.map((i) => i.name), output: ['y'], attribute: attrs, name: op };
  const bytes = encodeModel(model([node], inputs, ['y'], opset));
  const feeds = Object.fromEntries(inputs.filter((i) => !i.int64 && !i.init).map((i) => [i.name, i.value]));
  const want = (await runOrt(bytes, feeds)).y!;
  const got = importOnnx(bytes).forward(...Object.values(feeds));
  expect(got.dtype === 'int32' || got.dtype === 'bool' ? 'int' : 'float').toBe(want.dtype === 'int32' || want.dtype === 'bool' ? 'int' : 'float');
  expectClose(got.to('float64'), want.to('float64'), tol);
  return got;
}

const f = (shape: number[], seed = 1): Tensor => {
  manualSeed(seed);
  return randn(shape);
};
const i64 = (name: string, values: number[]): Inp => ({ name, value: tensor(values, { dtype: 'int32' }), int64: true });

describe('importOnnx: ops against onnxruntime', () => {
  it('Conv: asymmetric pads, auto_pad SAME_UPPER and SAME_LOWER, 1-D, groups, dilations', async () => {
    const x = { name: 'x', value: f([2, 4, 7, 6]) };
    const w = { name: 'w', value: f([6, 2, 3, 2], 2), init: true };
    const b = { name: 'b', value: f([6], 3), init: true };
    await sameAsOrt('Conv', [x, w, b], [attr('pads', [0, 1, 2, 0]), attr('group', 2), attr('strides', [2, 1])], 17, 1e-5);
    await sameAsOrt('Conv', [x, w], [attr('auto_pad', 'SAME_UPPER'), attr('group', 2), attr('strides', [2, 2])], 17, 1e-5);
    await sameAsOrt('Conv', [x, w], [attr('auto_pad', 'SAME_LOWER'), attr('group', 2), attr('strides', [1, 2])], 17, 1e-5);
    await sameAsOrt('Conv', [{ name: 'x', value: f([2, 3, 9]) }, { name: 'w', value: f([4, 3, 3], 2), init: true }], [attr('pads', [1, 2]), attr('dilations', [2])], 17, 1e-5);
  });

  it('MaxPool (ceil_mode, pads, 1-D), AveragePool (count_include_pad 0 and 1), global pools', async () => {
    const x = { name: 'x', value: f([1, 2, 7, 6]) };
    await sameAsOrt('MaxPool', [x], [attr('kernel_shape', [3, 2]), attr('strides', [2, 2]), attr('ceil_mode', 1)]);
    await sameAsOrt('MaxPool', [x], [attr('kernel_shape', [2, 2]), attr('pads', [1, 0, 1, 1])]);
    await sameAsOrt('MaxPool', [{ name: 'x', value: f([2, 3, 9]) }], [attr('kernel_shape', [3]), attr('strides', [2]), attr('pads', [1, 1])]);
    await sameAsOrt('AveragePool', [x], [attr('kernel_shape', [3, 3]), attr('pads', [1, 1, 1, 1])]);
    await sameAsOrt('AveragePool', [x], [attr('kernel_shape', [3, 3]), attr('pads', [1, 1, 1, 1]), attr('count_include_pad', 1)]);
    await sameAsOrt('GlobalAveragePool', [x]);
    await sameAsOrt('GlobalMaxPool', [x]);
  });

  it('Gemm with transposes, alpha and beta; MatMul broadcasting; BatchNormalization; LayerNormalization', async () => {
    await sameAsOrt('Gemm', [{ name: 'a', value: f([4, 3]) }, { name: 'b', value: f([5, 4], 2) }, { name: 'c', value: f([5], 3) }], [attr('transA', 1), attr('transB', 1), attr('alpha', 0.5, true), attr('beta', 2, true)]);
    await sameAsOrt('MatMul', [{ name: 'a', value: f([2, 1, 3, 4]) }, { name: 'b', value: f([5, 4, 2], 2) }], [], 17, 1e-5);
    const c = 3;
    const stats = [f([c], 2), f([c], 3), f([c], 4), f([c], 5).abs().add(0.5)];
    await sameAsOrt('BatchNormalization', [{ name: 'x', value: f([2, c, 4]) }, ...stats.map((v, i) => ({ name: `s${i}`, value: v, init: true }))], [attr('epsilon', 1e-3, true)], 17, 1e-5);
    await sameAsOrt('LayerNormalization', [{ name: 'x', value: f([2, 3, 4]) }, { name: 's', value: f([3, 4], 2), init: true }, { name: 'b', value: f([3, 4], 3), init: true }], [attr('axis', -2)], 17, 1e-5);
  });

  it('shape ops: Reshape (0, -1), Transpose, Squeeze and Unsqueeze (input and attribute forms), Flatten, Expand, Tile, Concat, Split', async () => {
    const x = { name: 'x', value: f([2, 3, 4]) };
    await sameAsOrt('Reshape', [x, i64('s', [0, -1, 2])]);
    await sameAsOrt('Transpose', [x], [attr('perm', [2, 0, 1])]);
    await sameAsOrt('Transpose', [x]);
    await sameAsOrt('Unsqueeze', [x, i64('a', [0, -1])]);
    await sameAsOrt('Unsqueeze', [x], [attr('axes', [1, 3])], 11);
    await sameAsOrt('Squeeze', [{ name: 'x', value: f([1, 3, 1]) }, i64('a', [-1])]);
    await sameAsOrt('Squeeze', [{ name: 'x', value: f([1, 3, 1]) }], [], 11);
    await sameAsOrt('Flatten', [x], [attr('axis', 2)]);
    await sameAsOrt('Flatten', [x], [attr('axis', 0)]);
    await sameAsOrt('Expand', [{ name: 'x', value: f([3, 1]) }, i64('s', [2, 1, 4])]);
    await sameAsOrt('Tile', [x, i64('r', [1, 2, 3])]);
    await sameAsOrt('Concat', [x, { name: 'z', value: f([2, 1, 4], 2) }], [attr('axis', -2)]);
    const node: NodeProto = { opType: 'Split', input: ['x', 's'], output: ['a', 'b'], attribute: [attr('axis', 2)] };
    const bytes = encodeModel(model([node], [x, i64('s', [1, 3])], ['a', 'b']));
    const want = await runOrt(bytes, { x: x.value });
    const got = importOnnx(bytes).forwardAll(x.value);
    expectClose(got[0]!, want.a!, 0);
    expectClose(got[1]!, want.b!, 0);
  });

  it('Slice (negative starts and steps, clamped ends, opset 9 attributes), Gather (negative indices), GatherElements', async () => {
    const x = { name: 'x', value: f([5, 6]) };
    await sameAsOrt('Slice', [x, i64('s', [-1, 1]), i64('e', [-9999, 100]), i64('a', [0, 1]), i64('p', [-2, 2])]);
    await sameAsOrt('Slice', [x, i64('s', [1]), i64('e', [9223372036854775807 as number]), i64('a', [-1])]);
    await sameAsOrt('Slice', [x], [attr('starts', [1, 0]), attr('ends', [4, -1])], 9);
    await sameAsOrt('Gather', [x, { name: 'i', value: tensor([[0, -1], [2, 3]], { dtype: 'int32' }), init: true }], [attr('axis', 1)]);
    await sameAsOrt('Gather', [x, { name: 'i', value: tensor(-2, { dtype: 'int32' }), init: true }]);
    await sameAsOrt('GatherElements', [x, { name: 'i', value: randint(-6, 6, [2, 6], { dtype: 'int32' }), init: true }], [attr('axis', 1)]);
  });

  it('reductions (axes as input and as attribute, keepdims, all axes), ArgMax, Softmax below opset 13', async () => {
    const x = { name: 'x', value: f([2, 3, 4]) };
    await sameAsOrt('ReduceSum', [x, i64('a', [0, 2])], [attr('keepdims', 0)], 17, 1e-5);
    await sameAsOrt('ReduceSum', [x], [], 17, 1e-5);
    for (const op of ['ReduceMean', 'ReduceMax', 'ReduceMin', 'ReduceProd', 'ReduceL1', 'ReduceL2', 'ReduceSumSquare', 'ReduceLogSumExp']) {
      await sameAsOrt(op, [x], [attr('axes', [-1])], 17, 1e-5);
    }
    await sameAsOrt('ArgMax', [x], [attr('axis', 1), attr('keepdims', 0)]);
    await sameAsOrt('ArgMin', [x], [attr('axis', -1)]);
    await sameAsOrt('Softmax', [x], [attr('axis', 1)], 11);
    await sameAsOrt('LogSoftmax', [x], [attr('axis', 1)], 11, 1e-5);
    await sameAsOrt('Softmax', [x], [attr('axis', 1)], 13);
  });

  it('elementwise ops, comparisons, Where, Clip, Cast, activations', async () => {
    const a = { name: 'a', value: f([3, 4]).mul(2) };
    const b = { name: 'b', value: f([4], 2).mul(2) };
    for (const op of ['Add', 'Sub', 'Mul', 'Div', 'Max', 'Min']) await sameAsOrt(op, [a, b], [], 17, 1e-6);
    await sameAsOrt('Pow', [{ name: 'a', value: f([3, 4]).abs() }, b], [], 17, 1e-5);
    for (const op of ['Neg', 'Abs', 'Sign', 'Exp', 'Sin', 'Cos', 'Tanh', 'Sigmoid', 'Erf', 'Relu', 'Softplus', 'Softsign', 'HardSwish']) await sameAsOrt(op, [a], [], 17, 1e-5);
    for (const op of ['Log', 'Sqrt', 'Reciprocal']) await sameAsOrt(op, [{ name: 'a', value: f([3, 4]).abs().add(0.1) }], [], 17, 1e-5);
    await sameAsOrt('LeakyRelu', [a], [attr('alpha', 0.3, true)]);
    await sameAsOrt('Elu', [a], [attr('alpha', 0.5, true)], 17, 1e-5);
    await sameAsOrt('Selu', [a], [], 17, 1e-5);
    await sameAsOrt('HardSigmoid', [a], [attr('alpha', 0.3, true)]);
    await sameAsOrt('PRelu', [a, { name: 's', value: f([4], 3), init: true }]);
    for (const op of ['Equal', 'Less', 'LessOrEqual', 'Greater', 'GreaterOrEqual']) await sameAsOrt(op, [a, { name: 'b', value: a.value.mul(-1).clamp(-1, 1) }]);
    await sameAsOrt('Where', [{ name: 'c', value: a.value.gt(0) }, a, b]);
    await sameAsOrt('Clip', [a, { name: 'lo', value: tensor(-0.5), init: true }, { name: 'hi', value: tensor(1), init: true }]);
    await sameAsOrt('Clip', [a], [attr('min', -0.5, true), attr('max', 0.7, true)], 10);
    await sameAsOrt('Cast', [a], [attr('to', DataType.INT32)]);
    await sameAsOrt('Div', [{ name: 'a', value: tensor([7, -7, 9], { dtype: 'int32' }) }, { name: 'b', value: tensor([2, 2, -4], { dtype: 'int32' }) }]);
  });

  it('LSTM (bidirectional, peepholes, initial states, layout 1), GRU (both linear_before_reset), RNN (Relu)', async () => {
    manualSeed(12);
    const [seq, batch, input, hidden] = [4, 3, 2, 5];
    const w = (dirs: number, gates: number, cols: number): Tensor => randn([dirs, gates * hidden, cols]).mul(0.5);
    const all = async (op: string, ins: Inp[], attrs: AttributeProto[], outs: string[]): Promise<void> => {
      const node: NodeProto = { opType: op, input: ins.map((i) => i.name), output: outs, attribute: attrs };
      const bytes = encodeModel(model([node], ins, outs));
      const feeds = Object.fromEntries(ins.filter((i) => !i.init).map((i) => [i.name, i.value]));
      const want = await runOrt(bytes, feeds);
      const got = importOnnx(bytes).forwardAll(...Object.values(feeds));
      outs.forEach((o, k) => expectClose(got[k]!, want[o]!, 1e-5));
    };
    const x = { name: 'x', value: randn([seq, batch, input]) };
    const lstmIns = (dirs: number): Inp[] => [
      x,
      { name: 'w', value: w(dirs, 4, input), init: true },
      { name: 'r', value: w(dirs, 4, hidden), init: true },
      { name: 'b', value: randn([dirs, 8 * hidden]).mul(0.1), init: true },
      { name: 'lens', value: tensor(new Array(batch).fill(seq), { dtype: 'int32' }), init: true },
      { name: 'h0', value: randn([dirs, batch, hidden]) },
      { name: 'c0', value: randn([dirs, batch, hidden]) },
      { name: 'p', value: randn([dirs, 3 * hidden]).mul(0.3), init: true },
    ];
    await all('LSTM', lstmIns(2), [attr('hidden_size', hidden), attr('direction', 'bidirectional')], ['y', 'yh', 'yc']);
    await all('LSTM', lstmIns(1).slice(0, 4), [attr('hidden_size', hidden), attr('direction', 'reverse')], ['y', 'yh']);
    // layout 1 (batch first; onnxruntime has only layout 0): the same as layout 0 on the transposed input
    const wr = lstmIns(1).slice(1, 3);
    const seqFirst = encodeModel(model([{ opType: 'LSTM', input: ['x', 'w', 'r'], output: ['y', 'yh'], attribute: [attr('hidden_size', hidden)] }], [x, ...wr], ['y', 'yh']));
    const batchFirst = encodeModel(model([{ opType: 'LSTM', input: ['x', 'w', 'r'], output: ['y', 'yh'], attribute: [attr('hidden_size', hidden), attr('layout', 1)] }], [{ name: 'x', value: x.value.transpose(0, 1) }, ...wr], ['y', 'yh']));
    const want = await runOrt(seqFirst, { x: x.value });
    const [y, yh] = importOnnx(batchFirst).forwardAll(x.value.transpose(0, 1));
    expectClose(y!, want.y!.permute([2, 0, 1, 3]), 1e-5);
    expectClose(yh!, want.yh!.transpose(0, 1), 1e-5);
    const gruIns = (dirs: number): Inp[] => [
      x,
      { name: 'w', value: w(dirs, 3, input), init: true },
      { name: 'r', value: w(dirs, 3, hidden), init: true },
      { name: 'b', value: randn([dirs, 6 * hidden]).mul(0.1), init: true },
    ];
    for (const lbr of [0, 1]) await all('GRU', gruIns(2), [attr('hidden_size', hidden), attr('direction', 'bidirectional'), attr('linear_before_reset', lbr)], ['y', 'yh']);
    const rnnIns: Inp[] = [x, { name: 'w', value: w(1, 1, input), init: true }, { name: 'r', value: w(1, 1, hidden), init: true }];
    await all('RNN', rnnIns, [attr('hidden_size', hidden), { name: 'activations', type: AttributeType.STRINGS, strings: [new TextEncoder().encode('Relu')] }], ['y', 'yh']);
  });

  it('Constant, ConstantOfShape, Shape (start and end), Range, Trilu, Pad', async () => {
    const x = { name: 'x', value: f([2, 3, 4]) };
    const shape: NodeProto = { opType: 'Shape', input: ['x'], output: ['s'], attribute: [attr('start', 1), attr('end', -0)] };
    const fill: NodeProto = { opType: 'ConstantOfShape', input: ['s'], output: ['c'], attribute: [{ name: 'value', type: AttributeType.TENSOR, t: toProto(tensor([2.5]), '') }] };
    const k: NodeProto = { opType: 'Constant', input: [], output: ['k'], attribute: [attr('value_floats', [1, 2, 3, 4], true)] };
    const add: NodeProto = { opType: 'Add', input: ['c', 'k'], output: ['y'] };
    const bytes = encodeModel(model([shape, fill, k, add], [x], ['y']));
    expectClose(importOnnx(bytes).forward(x.value), (await runOrt(bytes, { x: x.value })).y!, 0);
    await sameAsOrt('Trilu', [x, i64('k', [1])].map((i) => (i.name === 'k' ? { ...i, value: tensor(1, { dtype: 'int32' }) } : i)), [attr('upper', 0)]);
    await sameAsOrt('Pad', [x, i64('p', [0, 1, 0, 0, 2, 1]), { name: 'v', value: tensor(0.5), init: true }]);
    await sameAsOrt('Range', [{ name: 's', value: tensor(1), init: true }, { name: 'l', value: tensor(4), init: true }, { name: 'd', value: tensor(0.5), init: true }, x].slice(0, 3), [], 17);
  });
});

// ---- training mode, names, errors ------------------------------------------------------------

describe('importOnnx: training mode', () => {
  it('BatchNormalization uses the batch and updates the running statistics as BatchNorm2d does', () => {
    manualSeed(11);
    const bn = new nn.BatchNorm2d(3, { momentum: 0.3 });
    const m = importOnnx(exportOnnx(bn, [randn([2, 3, 4, 4])], { dynamicAxes: { input: [0] } }));
    bn.train();
    m.train();
    const x = randn([4, 3, 4, 4]).mul(3).add(1);
    expectClose(m.forward(x), bn.forward(x), 1e-6);
    const sd = m.stateDict();
    expectClose(sd.running_mean!, bn.runningMean!, 1e-6);
    expectClose(sd.running_var!, bn.runningVar!, 1e-6);
    m.eval();
    bn.eval();
    expectClose(m.forward(x), bn.forward(x), 1e-6);
  });

  it('Dropout drops (scaled) in training mode and passes through in eval mode (the mode importOnnx returns)', () => {
    const node: NodeProto = { opType: 'Dropout', input: ['x', 'r'], output: ['y'] };
    const m = importOnnx(encodeModel(model([node], [{ name: 'x', value: randn([1000]) }, { name: 'r', value: tensor(0.25), init: true }], ['y'])));
    const x = randn([1000]).abs().add(1);
    expect(m.forward(x).sub(x).abs().max().item()).toBe(0);
    m.train();
    const y = m.forward(x).toArray();
    const zeros = Array.from(y).filter((v) => v === 0).length;
    expect(zeros).toBeGreaterThan(180);
    expect(zeros).toBeLessThan(320);
    const xs = x.toArray();
    for (let i = 0; i < y.length; i++) if (y[i] !== 0) expect(y[i]).toBeCloseTo(xs[i]! / 0.75, 5);
  });
});

describe('importOnnx: initializer names and kinds', () => {
  it('dotted names nest; names that cannot be properties are flattened; int initializers are buffers', () => {
    const inits = [
      ['enc.fc.weight', randn([2, 2])],
      ['enc.fc', randn([2])],
      ['training', randn([2])],
      ['a..b', randn([2])],
      ['steps', tensor([1, 2], { dtype: 'int32' })],
    ] as const;
    const nodes: NodeProto[] = [{ opType: 'MatMul', input: ['x', 'enc.fc.weight'], output: ['h'] }, ...['enc.fc', 'training', 'a..b'].map((n, i) => ({ opType: 'Add', input: [i === 0 ? 'h' : `y${i - 1}`, n], output: [`y${i}`] }))];
    const proto = model(nodes, [{ name: 'x', value: randn([1, 2]) }, ...inits.map(([name, value]) => ({ name, value, init: true }))], ['y2']);
    const m = importOnnx(encodeModel(proto));
    expect(m.namedParameters().map(([n]) => n)).toEqual(['enc_fc', 'training_', 'a__b', 'enc.fc.weight']);
    expect(m.namedBuffers().map(([n]) => n)).toEqual(['steps']);
    // inference mode, as the graph was written for; train() to fine-tune
    expect(m.training).toBe(false);
    const x = randn([1, 2]);
    const [w, b1, b2, b3] = inits.map(([, v]) => v as Tensor);
    expectClose(m.forward(x), x.matmul(w!).add(b1!).add(b2!).add(b3!), 1e-6);
  });

  it('an exported model imports with the same state-dict keys, and loads the original state dict', () => {
    const model0 = new nn.Sequential(new nn.Conv2d(1, 2, 3), new nn.BatchNorm2d(2), new nn.Flatten(), new nn.Linear(8, 2));
    const m = importOnnx(exportOnnx(model0, [randn([1, 1, 4, 4])], { dynamicAxes: { input: [0] } }));
    // num_batches_tracked is not read by an eval forward, so it is not in the file
    expect(Object.keys(m.stateDict())).toEqual(Object.keys(model0.stateDict()).filter((k) => !k.endsWith('num_batches_tracked')));
    const other = new nn.Sequential(new nn.Conv2d(1, 2, 3), new nn.BatchNorm2d(2), new nn.Flatten(), new nn.Linear(8, 2));
    const rest = Object.fromEntries(Object.entries(other.stateDict()).filter(([k]) => !k.endsWith('num_batches_tracked')));
    m.loadStateDict(rest);
    const x = randn([2, 1, 4, 4]);
    expectClose(m.eval().forward(x), other.eval().forward(x), 1e-6);
  });

  it('float16 initializers, int64 and float data in their own fields', () => {
    const half: TensorProto = { name: 'h', dataType: DataType.FLOAT16, dims: [2], int32Data: [0x3c00, 0xc000] }; // 1, -2
    const floats: TensorProto = { name: 'f', dataType: DataType.FLOAT, dims: [2], floatData: [0.5, 0.25] };
    const shape: TensorProto = { name: 's', dataType: DataType.INT64, dims: [1], int64Data: [-1] };
    const nodes: NodeProto[] = [
      { opType: 'Add', input: ['h', 'f'], output: ['hf'] },
      { opType: 'Mul', input: ['x', 'hf'], output: ['m'] },
      { opType: 'Reshape', input: ['m', 's'], output: ['y'] },
    ];
    const proto = model(nodes, [{ name: 'x', value: randn([2, 2]) }], ['y']);
    proto.graph!.initializer = [half, floats, shape];
    const m = importOnnx(encodeModel(proto));
    expect(m.forward(tensor([[1, 1], [2, 2]])).tolist()).toEqual([1.5, -1.75, 3, -3.5]);
  });
});

describe('importOnnx: errors', () => {
  const one = (node: NodeProto, opset = 17): Uint8Array => encodeModel(model([node], [{ name: 'x', value: randn([2]) }], [node.output![0]!], opset));

  it('an op it does not support, another domain, subgraphs: naming the node and op', () => {
    expect(() => importOnnx(one({ opType: 'Einsum', input: ['x'], output: ['y'], name: 'mix' }))).toThrow("importOnnx: node 'mix' (Einsum): the op Einsum is not supported");
    expect(() => importOnnx(one({ opType: 'Gelu', domain: 'com.microsoft', input: ['x'], output: ['y'], name: 'g' }))).toThrow(/node 'g' \(Gelu\) is in the domain 'com.microsoft'/);
    expect(() => importOnnx(one({ opType: 'If', input: ['x'], output: ['y'], attribute: [{ name: 'then_branch', type: AttributeType.GRAPH, g: {} }] }))).toThrow(/subgraphs/);
    expect(() => importOnnx(one({ opType: 'Relu', input: ['nothing'], output: ['y'] }))).toThrow(/reads 'nothing', which no node, input or initializer gives/);
    expect(() => importOnnx(one({ opType: 'MaxPool', input: ['x'], output: ['y', 'i'], attribute: [attr('kernel_shape', [2])] })).forwardAll(randn([2]))).toThrow(/MaxPool\): the Indices output is not supported/);
  });

  it('bytes that are not a model, inputs of the wrong count, dtype or shape', () => {
    expect(() => importOnnx('x' as unknown as Uint8Array)).toThrow(TypeError);
    expect(() => importOnnx(new Uint8Array([0x0a, 0x05, 1]))).toThrow(/not an ONNX model/);
    expect(() => importOnnx(new Uint8Array([]))).toThrow(/it has no graph/);
    const m = importOnnx(exportOnnx(new nn.Linear(3, 2), [randn([1, 3])], { dynamicAxes: { input: { 0: 'b' } } }));
    expect(() => m.forward()).toThrow(/expected 1 input\(s\) \(input\), got 0/);
    expect(() => m.forward(tensor([[1, 2, 3]], { dtype: 'int32' }))).toThrow(/input 'input' expects float32, got int32/);
    expect(() => m.forward(randn([2, 3], { dtype: 'float64' }))).toThrow(/input 'input' expects float32, got float64/);
    expect(() => m.forward(randn([2, 4]))).toThrow(/input 'input' expects shape \[b, 3\], got \[2, 4\]/);
    // converted to float64, it takes float64
    expect(m.double().forward(randn([5, 3], { dtype: 'float64' })).dtype).toBe('float64');
  });

  it('an op failing at run time names the node', () => {
    const m = importOnnx(encodeModel(model([{ opType: 'Reshape', input: ['x', 's'], output: ['y'], name: 'r' }], [{ name: 'x', value: randn([6]) }, i64('s', [4, -1])], ['y'])));
    expect(() => m.forward(randn([6]))).toThrow(/^OnnxModule: node 'r' \(Reshape\): /);
  });
});
