/**
 * exportOnnx and importOnnx round trips: an MLP, a CNN with BatchNorm and an embedding + LayerNorm
 * stack run in onnxruntime at two batch sizes of one file (dynamic axes) and match chainrule's
 * forward within 1e-5; imported back they match within 1e-6 and train (one SGD step lowers the
 * loss, every parameter gets a gradient). Every nn layer and the tensor ops of custom forwards are
 * checked the same way, as are the file's form (IR 8, opset, dim_param, int64 shapes, attribute
 * types, topological order).
 */
import { describe, expect, it } from 'vitest';
import { arange, cat, manualSeed, ones, randint, randn, stack, tensor, where, zeros } from '@chainrule/autograd';
import type { Tensor } from '@chainrule/autograd';
import { nn, optim } from '@chainrule/nn';
import * as F from '@chainrule/nn/functional';
import { exportOnnx, importOnnx } from '@chainrule/nn/onnx';
import type { ExportOnnxOptions, OnnxModule } from '@chainrule/nn/onnx';
import { AttributeType, DataType, decodeModel } from '../src/onnx/proto.js';
import { expectClose, expectTopological, graphOf, opsOf, runOrt } from './helpers/onnx.js';

const batchAxes = (inputs: readonly string[], outputs: readonly string[] = ['output']): Record<string, Record<number, string>> =>
  Object.fromEntries([...inputs, ...outputs].map((n) => [n, { 0: 'batch' }]));

/**
 * Exports `model` with a dynamic batch, runs the file in onnxruntime on inputs of each batch size
 * and compares with chainrule's eval forward (1e-5), then imports it and compares again (1e-6).
 */
async function roundTrip(model: nn.AnyModule, make: (batch: number) => Tensor[], opts: ExportOnnxOptions = {}, batches = [2, 5]): Promise<OnnxModule> {
  const inputNames = opts.inputNames ?? make(1).map((_, i, a) => (a.length === 1 ? 'input' : `input_${i}`));
  const bytes = exportOnnx(model, make(3), { dynamicAxes: batchAxes(inputNames), ...opts });
  expectTopological(graphOf(bytes));
  const imported = importOnnx(bytes);
  model.eval();
  for (const b of batches) {
    const xs = make(b);
    const want = model.forward(...xs) as Tensor;
    const got = await runOrt(bytes, Object.fromEntries(xs.map((x, i) => [inputNames[i]!, x])));
    expectClose(got[(opts.outputNames ?? ['output'])[0]!]!, want, 1e-5);
    expectClose(imported.forward(...xs), want, 1e-6);
  }
  return imported;
}

/** One SGD step of the imported model on MSE to random targets: the loss goes down and every parameter gets a gradient. */
function trainsOneStep(m: OnnxModule, xs: Tensor[]): void {
  m.train();
  const y0 = m.forward(...xs).detach();
  const target = randn(y0.shape);
  const opt = new optim.SGD(m.parameters(), { lr: 0.05 });
  const loss = (): Tensor => F.mseLoss(m.forward(...xs), target);
  const before = loss();
  opt.zeroGrad();
  before.backward();
  expect(m.parameters().length).toBeGreaterThan(0);
  for (const [name, p] of m.namedParameters()) expect(p.grad, name).not.toBeNull();
  opt.step();
  expect(loss().item()).toBeLessThan(before.item());
}

class TextModel extends nn.Module {
  emb = new nn.Embedding(13, 8);
  norm = new nn.LayerNorm(8);
  fc = new nn.Linear(8, 8);
  norm2 = new nn.LayerNorm([8], { bias: false });
  head = new nn.Linear(8, 3);
  forward(ids: Tensor): Tensor {
    const h = this.norm.forward(this.emb.forward(ids));
    const y = this.norm2.forward(h.add(this.fc.forward(h).gelu()));
    return this.head.forward(y.mean(1)).logSoftmax(-1);
  }
}

describe('exportOnnx → onnxruntime and importOnnx: the models of the issue', () => {
  it('an MLP', async () => {
    manualSeed(1);
    const model = new nn.Sequential(new nn.Linear(6, 16), new nn.ReLU(), new nn.Linear(16, 16), new nn.Tanh(), new nn.Linear(16, 3));
    const m = await roundTrip(model, (b) => [randn([b, 6])]);
    expect(Object.keys(m.stateDict())).toEqual(Object.keys(model.stateDict()));
    trainsOneStep(m, [randn([4, 6])]);
  });

  it('a CNN with BatchNorm (running statistics), pooling, Flatten and Softmax', async () => {
    manualSeed(2);
    const model = new nn.Sequential(
      new nn.Conv2d(1, 4, 3, { padding: 1 }),
      new nn.BatchNorm2d(4),
      new nn.ReLU(),
      new nn.MaxPool2d(2),
      new nn.Conv2d(4, 6, 3, { stride: 2, padding: 1, groups: 2 }),
      new nn.BatchNorm2d(6),
      new nn.ReLU(),
      new nn.AvgPool2d(3, { stride: 1, padding: 1 }),
      new nn.Flatten(),
      new nn.Dropout(0.5),
      new nn.Linear(24, 5),
      new nn.Softmax(1),
    );
    // running statistics away from 0 and 1: a few batches in training mode
    model.train();
    for (let i = 0; i < 3; i++) model.forward(randn([8, 1, 8, 8]).mul(2).add(1));
    const m = await roundTrip(model, (b) => [randn([b, 1, 8, 8])]);
    expect(opsOf(exportOnnx(model, [randn([1, 1, 8, 8])]))).toContain('BatchNormalization');
    // running statistics are buffers of the import, the rest parameters
    expect(m.namedBuffers().map(([n]) => n)).toEqual(['1.running_mean', '1.running_var', '5.running_mean', '5.running_var']);
    trainsOneStep(m, [randn([4, 1, 8, 8])]);
  });

  it('an embedding + LayerNorm stack (int32 indices, dynamic batch and sequence)', async () => {
    manualSeed(3);
    const model = new TextModel();
    const dynamicAxes = { input: { 0: 'batch', 1: 'seq' }, output: { 0: 'batch' } };
    const m = await roundTrip(model, (b) => [randint(0, 13, [b, b + 2], { dtype: 'int32' })], { dynamicAxes });
    const g = graphOf(exportOnnx(model, [randint(0, 13, [2, 4], { dtype: 'int32' })], { dynamicAxes }));
    expect(g.input![0]!.type!.tensorType!.shape!.dim).toEqual([{ dimParam: 'batch' }, { dimParam: 'seq' }]);
    expect(g.input![0]!.type!.tensorType!.elemType).toBe(DataType.INT32);
    trainsOneStep(m, [randint(0, 13, [3, 4], { dtype: 'int32' })]);
  });
});

describe('exportOnnx: every nn layer', () => {
  const layers: [string, () => nn.AnyModule, (b: number) => Tensor[]][] = [
    ['Linear on a 3-D input (MatMul, not Gemm)', () => new nn.Linear(4, 3), (b) => [randn([b, 2, 4])]],
    ['Linear without bias', () => new nn.Linear(4, 3, { bias: false }), (b) => [randn([b, 4])]],
    ['Conv2d with stride, padding, dilation, groups, no bias', () => new nn.Conv2d(4, 6, [3, 2], { stride: [2, 1], padding: [1, 2], dilation: [1, 2], groups: 2, bias: false }), (b) => [randn([b, 4, 7, 6])]],
    ['MaxPool2d with stride, padding, dilation', () => new nn.MaxPool2d(3, { stride: 2, padding: 1, dilation: [1, 2] }), (b) => [randn([b, 2, 7, 9])]],
    ['AvgPool2d with padding (counted in the divisor, as PyTorch)', () => new nn.AvgPool2d([3, 2], { stride: [2, 1], padding: [1, 1] }), (b) => [randn([b, 2, 6, 5])]],
    ['BatchNorm1d on [N, C]', () => withStats(new nn.BatchNorm1d(5)), (b) => [randn([b, 5])]],
    ['BatchNorm1d on [N, C, L], no affine', () => withStats(new nn.BatchNorm1d(3, { affine: false })), (b) => [randn([b, 3, 4])]],
    ['BatchNorm2d without running statistics', () => new nn.BatchNorm2d(3, { trackRunningStats: false }), (b) => [randn([b, 3, 2, 2])]],
    ['LayerNorm over two dims, no affine', () => new nn.LayerNorm([3, 4], { elementwiseAffine: false, eps: 1e-3 }), (b) => [randn([b, 2, 3, 4])]],
    ['Embedding', () => new nn.Embedding(7, 3, { paddingIdx: 0 }), (b) => [randint(0, 7, [b, 3], { dtype: 'int32' })]],
    ['Flatten(0, 1) and Unflatten', () => new nn.Sequential(new nn.Unflatten(1, [2, 3]), new nn.Flatten(2, 3)), (b) => [randn([b, 6, 4])]],
    ['Identity and Dropout', () => new nn.Sequential(new nn.Identity(), new nn.Dropout(0.9)), (b) => [randn([b, 3])]],
    ['ReLU, LeakyReLU, Sigmoid, Tanh', () => new nn.Sequential(new nn.ReLU(), new nn.LeakyReLU(0.2), new nn.Sigmoid(), new nn.Tanh()), (b) => [randn([b, 5]).mul(3)]],
    ['GELU (erf and tanh), SiLU', () => new nn.Sequential(new nn.GELU(), new nn.GELU('tanh'), new nn.SiLU()), (b) => [randn([b, 5]).mul(3)]],
    ['ELU, Softplus (default; beta and threshold)', () => new nn.Sequential(new nn.ELU(0.7), new nn.Softplus(), new nn.Softplus(2, 1)), (b) => [randn([b, 5]).mul(3)]],
    ['Softmax and LogSoftmax', () => new nn.Sequential(new nn.Softmax(0), new nn.LogSoftmax(-1)), (b) => [randn([b, 5])]],
  ];
  for (const [name, make, input] of layers) {
    it(name, async () => {
      manualSeed(4);
      await roundTrip(make(), input);
    });
  }

  it('float64 models stay float64 in the file and in the import', () => {
    manualSeed(5);
    const model = new nn.Sequential(new nn.Linear(3, 4), new nn.ReLU(), new nn.Linear(4, 2)).double();
    const bytes = exportOnnx(model, [randn([2, 3], { dtype: 'float64' })]);
    const g = graphOf(bytes);
    expect(g.initializer!.map((i) => i.dataType)).toEqual([DataType.DOUBLE, DataType.DOUBLE, DataType.DOUBLE, DataType.DOUBLE]);
    expect(g.output![0]!.type!.tensorType!.elemType).toBe(DataType.DOUBLE);
    const m = importOnnx(bytes);
    const x = randn([2, 3], { dtype: 'float64' });
    expect(m.forward(x).dtype).toBe('float64');
    expectClose(m.forward(x), model.forward(x), 1e-14);
  });

  it('opset 13 to 16: LayerNorm written as its ops (LayerNormalization is opset 17)', async () => {
    manualSeed(6);
    for (const opsetVersion of [13, 16]) {
      const model = new nn.Sequential(new nn.Linear(4, 4), new nn.LayerNorm(4), new nn.Softmax(-1));
      const bytes = exportOnnx(model, [randn([2, 4])], { opsetVersion });
      expect(decodeModel(bytes).opsetImport).toEqual([{ version: opsetVersion }]);
      expect(opsOf(bytes)).not.toContain('LayerNormalization');
      const x = randn([2, 4]);
      expectClose((await runOrt(bytes, { input: x })).output!, model.eval().forward(x), 1e-5);
    }
  });
});

describe('exportOnnx: the file', () => {
  it('IR version 8, opset 17, producer, int64 shapes, attribute types from the op schemas, dim_param', () => {
    const model = new nn.Sequential(new nn.Conv2d(1, 2, 3), new nn.LeakyReLU(1), new nn.AvgPool2d(2), new nn.Flatten(0, -1), new nn.ELU(2));
    const bytes = exportOnnx(model, [randn([1, 1, 6, 6])], { inputNames: ['image'], outputNames: ['features'], dynamicAxes: { image: { 0: 'n' } } });
    const m = decodeModel(bytes);
    expect(m.irVersion).toBe(8);
    expect(m.opsetImport).toEqual([{ version: 17 }]);
    expect(m.producerName).toBe('chainrule');
    const g = m.graph!;
    expect(g.input!.map((i) => i.name)).toEqual(['image']);
    expect(g.output!.map((o) => o.name)).toEqual(['features']);
    expect(g.input![0]!.type!.tensorType!.shape!.dim).toEqual([{ dimParam: 'n' }, { dimValue: 1 }, { dimValue: 6 }, { dimValue: 6 }]);
    const node = (op: string) => g.node!.find((n) => n.opType === op)!;
    // an integer-valued alpha is still a FLOAT
    expect(node('LeakyRelu').attribute).toMatchObject([{ name: 'alpha', type: AttributeType.FLOAT, f: 1 }]);
    expect(node('LeakyRelu').attribute![0]!.i).toBeUndefined();
    expect(node('Elu').attribute).toMatchObject([{ name: 'alpha', type: AttributeType.FLOAT, f: 2 }]);
    expect(node('AveragePool').attribute!.find((a) => a.name === 'count_include_pad')).toMatchObject({ type: AttributeType.INT, i: 1 });
    // flatten(0, -1) is a Reshape, with an int64 shape
    const reshape = node('Reshape');
    const shape = g.node!.find((n) => n.output![0] === reshape.input![1])!;
    expect(shape.opType).toBe('Constant');
    expect(shape.attribute![0]!.t!.dataType).toBe(DataType.INT64);
    expect(g.initializer!.map((i) => i.name)).toEqual(['0.weight', '0.bias']);
    expectTopological(g);
  });

  it('Gemm for 2-D inputs only; node names follow the module paths', () => {
    const model = new nn.Sequential(new nn.Linear(3, 3), new nn.Sequential(new nn.Linear(3, 2)));
    const g2 = graphOf(exportOnnx(model, [randn([2, 3])]));
    expect(g2.node!.map((n) => `${n.name}:${n.opType}`)).toEqual(['/0/Gemm:Gemm', '/1/0/Gemm:Gemm']);
    const g3 = graphOf(exportOnnx(model, [randn([2, 2, 3])]));
    expect(g3.node!.map((n) => n.opType)).toEqual(['Transpose', 'MatMul', 'Add', 'Transpose', 'MatMul', 'Add']);
  });

  it('dynamic axes as a list, output axes named by the user, several inputs and outputs', async () => {
    class Two extends nn.Module<[Tensor, Tensor], Tensor[]> {
      fc = new nn.Linear(3, 2);
      forward(a: Tensor, b: Tensor): Tensor[] {
        return [this.fc.forward(a.add(b)), a.mul(b).sum(1)];
      }
    }
    const model = new Two();
    const bytes = exportOnnx(model, [randn([2, 3]), randn([2, 3])], { inputNames: ['a', 'b'], outputNames: ['y', 'z'], dynamicAxes: { a: [0], b: { 0: 'a_dynamic_axes_1' }, z: { 0: 'rows' } } });
    const g = graphOf(bytes);
    expect(g.input!.map((i) => i.type!.tensorType!.shape!.dim![0])).toEqual([{ dimParam: 'a_dynamic_axes_1' }, { dimParam: 'a_dynamic_axes_1' }]);
    expect(g.output!.map((o) => o.type!.tensorType!.shape!.dim![0])).toEqual([{ dimParam: 'a_dynamic_axes_1' }, { dimParam: 'rows' }]);
    const [a, b] = [randn([4, 3]), randn([4, 3])];
    const out = await runOrt(bytes, { a, b });
    const [y, z] = model.forward(a, b);
    expectClose(out.y!, y!, 1e-5);
    expectClose(out.z!, z!, 1e-5);
    const back = importOnnx(bytes);
    expect(back.inputNames).toEqual(['a', 'b']);
    expect(back.forwardAll(a, b).map((t) => t.shape)).toEqual([[4, 2], [4]]);
    expect(() => back.forward(a, b)).toThrow(/has 2 outputs; use forwardAll/);
  });

  it('an output that is an input or a parameter gets an Identity; the model is left as it was', () => {
    class Pass extends nn.Module<[Tensor], Tensor[]> {
      w = new nn.Parameter(ones([2]));
      forward(x: Tensor): Tensor[] {
        return [x, this.w];
      }
    }
    const model = new Pass();
    const bytes = exportOnnx(model, [randn([2])]);
    expect(opsOf(bytes)).toEqual(['Identity', 'Identity']);
    expect(model.training).toBe(true);
    expect(Object.getOwnPropertyNames(model)).not.toContain('forward');
    expect(importOnnx(bytes).forwardAll(tensor([5, 6])).map((t) => t.tolist())).toEqual([[5, 6], [1, 1]]);
  });
});

class Ops extends nn.Module {
  fc = new nn.Linear(4, 6);
  scale = new nn.Parameter(ones([6]).mul(0.5));
  shift = this.registerBuffer('shift', arange(6).float().div(10));
  forward(x: Tensor): Tensor {
    const [b, s] = [x.shape[0]!, x.shape[1]!];
    let h = F.linear(x, this.fc.weight, this.fc.bias).mul(this.scale).add(this.shift); // [b, s, 6]
    h = h.reshape([b, s, 2, 3]).permute([0, 2, 1, 3]).reshape([b * 2, s, 3]); // sizes computed from x.shape
    const [u, v] = h.chunk(3, 2) as [Tensor, Tensor, Tensor];
    const w = cat([u!, v!.pow(2), h.narrow(2, 2, 1).abs().sqrt()], 2).transpose(1, 2); // [2b, 3, s]
    const m = where(w.gt(0.1), w, w.exp().sub(1)).maskedFill(w.lt(-2), 0);
    const pooled = stack([m.amax(2), m.mean(2), m.sum(2).clamp(-3, 3), m.std(2)], 1); // [2b, 4, 3]
    const picked = pooled.select(2, -1).add(pooled.slice(2, 0, 1).squeeze(2)).div(pooled.norm(2, 2).add(1));
    const t = picked.unsqueeze(1).expand([-1, 2, 4]).flatten(1); // [2b, 8]
    return t.softmax(-1).sub(t.min(1, true).values).add(t.argmax(1, true).float().div(8)).view([b, -1]);
  }
}

describe('exportOnnx: custom modules traced through their tensor ops', () => {
  it('elementwise, matmul with a parameter view, reshape with computed sizes, permute, chunk, cat, stack, where, reductions', async () => {
    manualSeed(7);
    const model = new Ops();
    const opts = { dynamicAxes: { input: { 0: 'batch', 1: 'seq' }, output: { 0: 'batch' } } };
    const bytes = exportOnnx(model, [randn([2, 3, 4])], opts);
    for (const [b, s] of [[1, 5], [3, 2]] as const) {
      const x = randn([b, s, 4]);
      const want = model.forward(x);
      expectClose((await runOrt(bytes, { input: x })).output!, want, 1e-5);
      expectClose(importOnnx(bytes).forward(x), want, 1e-6);
    }
    // the weight under its name: F.linear's weight.t() is a Transpose of the initializer
    const m = importOnnx(bytes);
    expect(m.namedParameters().map(([n]) => n)).toEqual(model.namedParameters().map(([n]) => n));
    expect(m.namedBuffers().map(([n]) => n)).toEqual(['shift']);
  });

  it('gather, indexSelect, logical ops, comparisons, tril with opset 14+', async () => {
    class Pick extends nn.Module<[Tensor, Tensor], Tensor> {
      forward(x: Tensor, idx: Tensor): Tensor {
        const g = x.gather(1, idx).add(x.indexSelect(1, tensor([2, 0], { dtype: 'int32' })));
        const mask = g.gt(0).logicalAnd(g.lt(1)).logicalOr(g.eq(0)).logicalNot();
        return where(mask, g, g.neg()).mm(x.t().narrow(0, 0, 2).t().reshape([2, -1])).tril();
      }
    }
    const model = new Pick();
    const x = randn([3, 4]);
    const idx = randint(0, 4, [3, 2], { dtype: 'int32' });
    const bytes = exportOnnx(model, [x, idx], { inputNames: ['x', 'idx'] });
    const want = model.forward(x, idx);
    expectClose((await runOrt(bytes, { x, idx })).output!, want, 1e-5);
    expectClose(importOnnx(bytes).forward(x, idx), want, 1e-6);
  });

  it('slices to the end and from the end, flip, repeat, unsqueeze, squeeze, expandAs, log1p, rsqrt, over a dynamic sequence', async () => {
    class Ends extends nn.Module {
      forward(x: Tensor): Tensor {
        const tail = x.slice(1, 1); // [b, s - 1, 3]: to the end
        const last = x.narrow(1, -1, 1); // [b, 1, 3]: from the end
        const y = tail.mul(last).flip([1, 2]).sum(1, true); // [b, 1, 3]
        const z = y.repeat([1, 2, 1]).unsqueeze(0).squeeze(0).expandAs(x.narrow(1, 0, 1).repeat([1, 2, 1]));
        return z.abs().log1p().add(x.square().sum(1, true).add(1).rsqrt().mean(1, true));
      }
    }
    const model = new Ends();
    const bytes = exportOnnx(model, [randn([2, 4, 3])], { dynamicAxes: { input: { 0: 'b', 1: 's' }, output: { 0: 'b' } } });
    for (const [b, s] of [[1, 2], [3, 6]] as const) {
      const x = randn([b, s, 3]);
      expectClose((await runOrt(bytes, { input: x })).output!, model.forward(x), 1e-5);
      expectClose(importOnnx(bytes).forward(x), model.forward(x), 1e-6);
    }
  });

  it('a registered conversion replaces forward (and subclasses that do not override forward use it)', async () => {
    const { registerOnnxConversion } = await import('@chainrule/nn/onnx');
    class HardSwish extends nn.Module {
      forward(x: Tensor): Tensor {
        return x.mul(x.add(3).clamp(0, 6)).div(6);
      }
    }
    class Quiet extends HardSwish {}
    registerOnnxConversion(HardSwish, (ctx, _m, x) => {
      expect(ctx.opsetVersion).toBe(17);
      return ctx.op('HardSwish', [x], [{ dims: ctx.dims(x), dtype: x.dtype }])[0]!;
    });
    const model = new nn.Sequential(new nn.Linear(3, 3), new Quiet());
    const bytes = exportOnnx(model, [randn([2, 3])], { dynamicAxes: { input: { 0: 'b' } } });
    expect(opsOf(bytes)).toEqual(['Gemm', 'HardSwish']);
    const x = randn([4, 3]).mul(4);
    expectClose((await runOrt(bytes, { input: x })).output!, model.forward(x), 1e-5);
    expectClose(importOnnx(bytes).forward(x), model.forward(x), 1e-6);
  });
});

describe('exportOnnx: what it refuses, naming the module and the op', () => {
  const refuse = (model: nn.AnyModule, args: Tensor[], pattern: RegExp, opts: ExportOnnxOptions = {}): void => {
    expect(() => exportOnnx(model, args, opts)).toThrow(pattern);
  };

  it('reading values, an op with no conversion, in-place ops, a real tensor op on a traced one', () => {
    class Reads extends nn.Module {
      forward(x: Tensor): Tensor {
        return x.mul(x.sum().item());
      }
    }
    refuse(new nn.Sequential(new nn.Linear(2, 2), new Reads()), [randn([1, 2])], /^exportOnnx: module '1' \(Reads\): Tensor\.item: reads the values of a traced tensor/);
    class Scatter extends nn.Module {
      forward(x: Tensor): Tensor {
        return x.scatterAdd(0, tensor([0, 0], { dtype: 'int32' }), x);
      }
    }
    refuse(new Scatter(), [randn([2])], /the model \(Scatter\): Tensor\.scatterAdd: has no ONNX conversion/);
    class InPlace extends nn.Module {
      forward(x: Tensor): Tensor {
        return x.add_(1);
      }
    }
    refuse(new InPlace(), [randn([2])], /Tensor\.add_: in-place ops are not exported/);
    class Reversed extends nn.Module {
      forward(x: Tensor): Tensor {
        return ones([2]).add(x);
      }
    }
    refuse(new nn.Sequential(new Reversed()), [randn([2])], /module '0' \(Reversed\): .*it reached an op of a real tensor/);
  });

  it('losses that read their targets; ModuleList has no forward', () => {
    class WithLoss extends nn.Module<[Tensor, Tensor], Tensor> {
      loss = new nn.CrossEntropyLoss();
      forward(x: Tensor, t: Tensor): Tensor {
        return this.loss.forward(x, t);
      }
    }
    refuse(new WithLoss(), [randn([2, 3]), tensor([0, 2], { dtype: 'int32' })], /module 'loss' \(CrossEntropyLoss\): Tensor\.toArray/);
  });

  it('a size of a dynamic axis turned into a number the file would fix', () => {
    class Shorten extends nn.Module {
      forward(x: Tensor): Tensor {
        return x.narrow(1, 0, x.shape[1]! - 1);
      }
    }
    refuse(new Shorten(), [randn([2, 5])], /^exportOnnx: the model: Slice: the graph depends on the value of a dynamic size \(\[seq\]\): a size read from x.shape/, { dynamicAxes: { input: { 1: 'seq' } } });
    class Padded extends nn.Module {
      forward(x: Tensor): Tensor {
        return cat([x, zeros([x.shape[0]!, 2])], 1);
      }
    }
    refuse(new Padded(), [randn([2, 3])], /Constant: the graph depends on the value of a dynamic size \(\[b\]\): a tensor made in forward/, { dynamicAxes: { input: { 0: 'b' } } });
    // without dynamic axes it is a fixed size, and fine
    expect(opsOf(exportOnnx(new Shorten(), [randn([2, 5])]))).toEqual(['Constant', 'Constant', 'Constant', 'Slice']);
  });

  it('layers given inputs they do not take', () => {
    refuse(new nn.Sequential(new nn.Conv2d(3, 2, 1)), [randn([1, 2, 4, 4])], /module '0' \(Conv2d\): Conv2d: expected 3 input channels/);
    refuse(new nn.Linear(2, 2), [randn([1, 2], { dtype: 'float64' })], /Linear: the input \(float64\) and the weights \(float32\) must have the same dtype/);
    refuse(new nn.Embedding(3, 2), [randn([2])], /Embedding: expected int32 indices, got float32/);
    refuse(new nn.BatchNorm2d(2).eval(), [randn([2, 2])], /BatchNorm2d: BatchNorm2d: expected 4D input/);
  });

  it('bad arguments and options', () => {
    const lin = new nn.Linear(2, 2);
    expect(() => exportOnnx(lin, [[1, 2] as unknown as Tensor])).toThrow(TypeError);
    expect(() => exportOnnx({} as nn.AnyModule, [randn([2])])).toThrow(/expected a Module/);
    expect(() => exportOnnx(lin, [randn([1, 2])], { opsetVersion: 11 })).toThrow(/opsetVersion must be one of 13, 14, 15, 16, 17, got 11/);
    expect(() => exportOnnx(lin, [randn([1, 2])], { dynamicAxes: { inp: { 0: 'b' } } })).toThrow(/'inp', which is neither an input nor an output/);
    expect(() => exportOnnx(lin, [randn([1, 2])], { dynamicAxes: { input: { 2: 'b' } } })).toThrow(/axis 2 of an input with 2 dims/);
    expect(() => exportOnnx(lin, [randn([1, 2])], { dynamicAxes: { input: { 0: '3' } } })).toThrow(RangeError);
    expect(() => exportOnnx(lin, [randn([1, 2])], { inputNames: ['weight'] })).toThrow(/the input name 'weight' is taken/);
    expect(() => exportOnnx(lin, [randn([1, 2])], { inputNames: ['x', 'y'] })).toThrow(/2 input names for 1 inputs/);
    expect(() => exportOnnx(lin, [randn([1, 2])], { inputNames: ['x'], outputNames: ['x'] })).toThrow(/must be distinct/);
  });
});

/** A batch norm layer with running statistics away from 0 and 1 (a few training batches). */
function withStats<M extends nn.BatchNormBase>(m: M): M {
  const c = m.numFeatures;
  m.train();
  const shape = m instanceof nn.BatchNorm1d ? [6, c] : [6, c, 2, 2];
  for (let i = 0; i < 3; i++) m.forward(randn(shape).mul(2).add(1));
  return m;
}
