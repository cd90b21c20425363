/**
 * ONNX export and import of the 1-D and 3-D window layers (Conv, ConvTranspose, MaxPool,
 * AveragePool) and LocalResponseNorm: a file with a dynamic batch runs in onnxruntime at two batch
 * sizes and matches chainrule's forward (1e-5), imported back it matches again (1e-6); what ONNX
 * cannot express as PyTorch computes it is refused with the layer and the reason.
 */
import { describe, expect, it } from 'vitest';
import { Generator, manualSeed, randn } from '@chainrule/autograd';
import type { Tensor } from '@chainrule/autograd';
import { nn } from '@chainrule/nn';
import { exportOnnx, importOnnx } from '@chainrule/nn/onnx';
import { expectClose, graphOf, runOrt } from './helpers/onnx.js';

async function roundTrip(model: nn.AnyModule, shape: (batch: number) => number[]): Promise<string[]> {
  model.eval();
  const bytes = exportOnnx(model, [randn(shape(3))], { inputNames: ['input'], dynamicAxes: { input: { 0: 'batch' }, output: { 0: 'batch' } } });
  const imported = importOnnx(bytes);
  for (const b of [2, 5]) {
    const x = randn(shape(b));
    const want = model.forward(x) as Tensor;
    expectClose((await runOrt(bytes, { input: x })).output!, want, 1e-5);
    expectClose(imported.forward(x), want, 1e-6);
  }
  return (graphOf(bytes).node ?? []).map((n) => n.opType ?? '');
}

describe('ONNX: N-d window layers', () => {
  it('a 1-D stack: Conv1d (groups, dilation), MaxPool1d in ceil mode, AvgPool1d without the padding, ConvTranspose1d with output padding', async () => {
    manualSeed(0);
    const g = new Generator(1);
    const model = new nn.Sequential(
      new nn.Conv1d(4, 6, 3, { padding: 2, dilation: 2, groups: 2, generator: g }),
      new nn.MaxPool1d(3, { stride: 2, padding: 1, ceilMode: true }),
      new nn.AvgPool1d(3, { stride: 1, padding: 1, countIncludePad: false }),
      new nn.ConvTranspose1d(6, 2, 3, { stride: 2, padding: 1, outputPadding: 1, generator: g }),
    );
    const ops = await roundTrip(model, (b) => [b, 4, 11]);
    expect(ops.filter((o) => ['Conv', 'MaxPool', 'AveragePool', 'ConvTranspose'].includes(o))).toEqual(['Conv', 'MaxPool', 'AveragePool', 'ConvTranspose']);
  });

  it("a 3-D stack: Conv3d with padding 'same', MaxPool3d, AvgPool3d, ConvTranspose3d with dilation", async () => {
    manualSeed(1);
    const g = new Generator(2);
    const model = new nn.Sequential(
      new nn.Conv3d(2, 3, [2, 3, 3], { padding: 'same', generator: g }),
      new nn.MaxPool3d(2),
      new nn.AvgPool3d([1, 2, 2], { stride: 1 }),
      new nn.ConvTranspose3d(3, 2, 2, { stride: [1, 2, 2], dilation: [2, 1, 1], generator: g }),
    );
    await roundTrip(model, (b) => [b, 2, 4, 6, 6]);
  });

  it('ConvTranspose2d asked for an output size exports it as an output padding', async () => {
    manualSeed(2);
    const conv = new nn.ConvTranspose2d(2, 3, 3, { stride: 2, padding: 1, generator: new Generator(3) });
    class Sized extends nn.Module {
      constructor(readonly inner: nn.ConvTranspose2d) {
        super();
      }
      forward(x: Tensor): Tensor {
        return this.inner.forward(x, [8, 6]);
      }
    }
    await roundTrip(new Sized(conv), (b) => [b, 2, 4, 3]);
  });

  it('LocalResponseNorm (odd size) as ONNX LRN, on 3-D and 4-D inputs', async () => {
    manualSeed(3);
    expect(await roundTrip(new nn.LocalResponseNorm(3, 0.02, 0.7, 1.2), (b) => [b, 6, 5])).toContain('LRN');
    await roundTrip(new nn.LocalResponseNorm(5), (b) => [b, 7, 3, 2]);
  });

  it('refuses what ONNX computes differently from PyTorch, naming the layer', () => {
    const cases: [nn.AnyModule, number[], RegExp][] = [
      [new nn.LocalResponseNorm(2), [1, 4, 3], /LocalResponseNorm: an even size \(2\) has no conversion/],
      [new nn.MaxPool2d(2, { returnIndices: true }), [1, 1, 4, 4], /MaxPool2d: return_indices has no conversion/],
      [new nn.AvgPool2d(2, { divisorOverride: 3 }), [1, 1, 4, 4], /AvgPool2d: divisor_override has no conversion/],
      [new nn.AvgPool1d(2, { ceilMode: true }), [1, 1, 5], /AvgPool1d: ceil_mode has no conversion/],
      [new nn.Conv1d(1, 1, 3, { padding: 1, paddingMode: 'reflect' }), [1, 1, 5], /Conv1d: padding_mode 'reflect' has no conversion/],
      [new nn.Conv2d(1, 1, 3), [1, 5, 5], /Conv2d: expected a 4-D input/],
    ];
    for (const [m, shape, pattern] of cases) expect(() => exportOnnx(m.eval(), [randn(shape)])).toThrow(pattern);
  });
});
