import { manualSeed, randn } from '@chainrule/autograd';
import { importOnnx } from '@chainrule/nn/onnx';
import { AttributeType, DataType, encodeModel } from './packages/nn/src/onnx/proto.js';
import { runOrt } from './packages/nn/test/helpers/onnx.js';
manualSeed(1);
const a = randn([4, 3]), b = randn([5, 4]), c = randn([5]);
const inputs = { a, b, c };
const bytes = encodeModel({ irVersion: 8, opsetImport: [{ version: 17 }], graph: { name: 'g', node: [{ opType: 'Gemm', input: ['a', 'b', 'c'], output: ['y'], attribute: [{ name: 'transA', type: AttributeType.INT, i: 1 }, { name: 'transB', type: AttributeType.INT, i: 1 }, { name: 'alpha', type: AttributeType.FLOAT, f: 0.5 }, { name: 'beta', type: AttributeType.FLOAT, f: 2 }] }],
  input: Object.entries(inputs).map(([n, t]) => ({ name: n, type: { tensorType: { elemType: DataType.FLOAT, shape: { dim: t.shape.map((d) => ({ dimValue: d })) } } } })), output: [{ name: 'y' }] } });
const want = (await runOrt(bytes, inputs)).y!;
const got = importOnnx(bytes).forward(a, b, c);
console.log(want.tolist(), got.tolist());
console.log(a.t().matmul(b.t()).mul(0.5).add(c.mul(2)).tolist());
