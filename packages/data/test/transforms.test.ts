import { describe, expect, it } from 'vitest';
import { stack, tensor, zeros } from '@chainrule/autograd';
import type { Tensor } from '@chainrule/autograd';
import { compose, flatten, lambda, normalize, oneHot, toTensor } from '@chainrule/data';
import { batchForm } from '../src/transforms.js';

describe('toTensor', () => {
  it('divides bytes by 255 and moves channels first, like torchvision ToTensor', () => {
    const gray = toTensor()({ data: new Uint8Array([0, 51, 102, 255]), width: 2, height: 2 });
    expect(gray.shape).toEqual([1, 2, 2]);
    expect(gray.dtype).toBe('float32');
    expect(Array.from(gray.toArray())).toEqual(Array.from(new Float32Array([0, 0.2, 0.4, 1])));
    // 1 × 2 RGB image, interleaved: pixel 0 = (255, 0, 51), pixel 1 = (0, 255, 102)
    const rgb = toTensor({ dtype: 'float64' })({ data: new Uint8ClampedArray([255, 0, 51, 0, 255, 102]), width: 2, height: 1 });
    expect(rgb.shape).toEqual([3, 1, 2]);
    expect(rgb.tolist()).toEqual([[[1, 0]], [[0, 1]], [[0.2, 0.4]]]);
  });

  it('refuses sizes that do not fit the data', () => {
    expect(() => toTensor()({ data: new Uint8Array(5), width: 2, height: 2 })).toThrow(/5 bytes is not a whole number of 2 × 2 channels/);
    expect(() => toTensor()({ data: new Uint8Array(4), width: 0, height: 2 })).toThrow(/positive integers/);
  });
});

describe('normalize', () => {
  it('computes (x - mean[c]) / std[c] per channel; one value applies to all', () => {
    const x = tensor([[[0, 1]], [[0.5, 0.5]]], { dtype: 'float64' });
    expect(normalize([0.5, 0.25], [0.5, 0.25])(x).tolist()).toEqual([[[-1, 1]], [[1, 1]]]);
    expect(normalize(0.5, 0.5)(x).tolist()).toEqual([[[-1, 1]], [[0, 0]]]);
    const batch = zeros([4, 2, 3, 3]);
    expect(normalize([0, 1], [1, 2])(batch).shape).toEqual([4, 2, 3, 3]);
  });

  it('refuses zero std, a wrong channel count, too few dimensions and integer tensors', () => {
    expect(() => normalize([0], [0])).toThrow(/std\[0\] is zero/);
    expect(() => normalize([0, 0, 0], [1, 1, 1])(zeros([2, 4, 4]))).toThrow(/mean has 3 values but the image has 2 channels/);
    expect(() => normalize(0, 1)(zeros([4, 4]))).toThrow(/\[\.\.\., C, H, W\]/);
    expect(() => normalize(0, 1)(zeros([1, 2, 2], { dtype: 'int32' }))).toThrow(/float tensor, got int32/);
  });
});

describe('flatten, oneHot, lambda, compose', () => {
  it('flatten turns [1, 28, 28] into [784]', () => {
    expect(flatten()(zeros([1, 28, 28])).shape).toEqual([784]);
    expect(flatten(1)(zeros([5, 1, 2, 2])).shape).toEqual([5, 4]);
  });

  it('oneHot encodes numbers and int32 tensors and refuses classes out of range', () => {
    expect(oneHot(4)(2).tolist()).toEqual([0, 0, 1, 0]);
    expect(oneHot(4)(2).dtype).toBe('float32');
    const t = oneHot(3, { dtype: 'int32' })(tensor([[0, 2]], { dtype: 'int32' }));
    expect(t.shape).toEqual([1, 2, 3]);
    expect(t.tolist()).toEqual([[[1, 0, 0], [0, 0, 1]]]);
    expect(() => oneHot(3)(3)).toThrow(/class 3 is out of range for 3 classes/);
    expect(() => oneHot(3)(tensor([1.5]))).toThrow(/must be int32/);
    expect(() => oneHot(0)).toThrow(/positive integer/);
  });

  it('compose applies left to right; lambda checks its argument', () => {
    const t = compose([lambda((x: number) => x + 1), lambda((x: number) => x * 10), (x: number) => `${x}`]);
    expect(t(1)).toBe('20');
    expect(() => lambda(3 as never)).toThrow(/should be callable/);
    expect(() => compose([(x: number) => x, null as never])).toThrow(/transform 1 is null/);
    const pipeline = compose([toTensor(), normalize([0.5], [0.5]), flatten()]);
    expect(pipeline({ data: new Uint8Array([0, 255, 255, 0]), width: 2, height: 2 }).tolist()).toEqual([-1, 1, 1, -1]);
  });
});

describe('batched forms (what MNIST.getBatch uses)', () => {
  const img = (seed: number, c = 1): { data: Uint8Array; width: number; height: number } => ({
    data: Uint8Array.from({ length: 3 * 2 * c }, (_, i) => (seed * 37 + i * 11) % 256),
    width: 3,
    height: 2,
  });
  const collated = (t: (x: never) => unknown, xs: unknown[]): Tensor => stack(xs.map((x) => t(x as never) as Tensor), 0);
  const same = (a: Tensor, b: Tensor): void => {
    expect(a.dtype).toBe(b.dtype);
    expect(a.shape).toEqual(b.shape);
    expect(Array.from(a.toArray())).toEqual(Array.from(b.toArray()));
  };

  it('equal the item-by-item results stacked, for toTensor, normalize, flatten and their compositions', () => {
    const imgs = [img(1), img(2), img(3)];
    const rgb = [img(4, 3), img(5, 3)];
    const pipelines = [
      toTensor(),
      compose([toTensor(), normalize(0.5, 0.25)]),
      compose([toTensor(), normalize([0.1, 0.2, 0.3], [1, 2, 3]), flatten()]),
      compose([toTensor({ dtype: 'float64' }), flatten(1, 2)]),
      compose([toTensor(), flatten(0, 1)]),
    ];
    for (const p of pipelines) {
      const batch = batchForm(p)!;
      for (const xs of [imgs, rgb]) {
        if (p !== pipelines[2] || xs === rgb) same(batch(xs) as Tensor, collated(p, xs));
      }
    }
    same(batchForm(flatten())!([zeros([]), tensor(2)]) as Tensor, collated(flatten(), [zeros([]), tensor(2)]));
    same(batchForm(normalize(1, 2))!([zeros([1, 2, 2]), zeros([1, 2, 2]).add(3)]) as Tensor, collated(normalize(1, 2), [zeros([1, 2, 2]), zeros([1, 2, 2]).add(3)]));
  });

  it('refuse what the item-by-item path refuses, with its message', () => {
    expect(() => batchForm(normalize(0, 1))!([zeros([4, 4]), zeros([4, 4])])).toThrow(/got shape \[4, 4\]/);
    expect(() => batchForm(normalize([0, 0, 0], [1, 1, 1]))!([zeros([2, 4, 4])])).toThrow(/mean has 3 values but the image has 2 channels/);
    expect(() => batchForm(flatten(3))!([zeros([1, 2, 2])])).toThrow(RangeError);
    expect(() => batchForm(toTensor())!([{ data: new Uint8Array(5), width: 2, height: 2 }])).toThrow(/5 bytes/);
    expect(batchForm(compose([toTensor(), lambda((x: Tensor) => x)]))).toBeUndefined();
  });
});
