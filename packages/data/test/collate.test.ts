import { describe, expect, it } from 'vitest';
import { tensor } from '@chainrule/autograd';
import type { Tensor } from '@chainrule/autograd';
import { CollateError, defaultCollate } from '@chainrule/data';

describe('defaultCollate', () => {
  it('stacks tensors along a new first dimension, keeping the dtype', () => {
    const b = defaultCollate([tensor([1, 2], { dtype: 'float64' }), tensor([3, 4], { dtype: 'float64' })]);
    expect(b.shape).toEqual([2, 2]);
    expect(b.dtype).toBe('float64');
    expect(b.tolist()).toEqual([[1, 2], [3, 4]]);
  });

  it('numbers become int32 when all are integers, float64 otherwise; booleans become bool', () => {
    const ints = defaultCollate([1, 2, 3]);
    expect(ints.dtype).toBe('int32');
    expect(ints.tolist()).toEqual([1, 2, 3]);
    const floats = defaultCollate([1, 2.5]);
    expect(floats.dtype).toBe('float64');
    expect(floats.tolist()).toEqual([1, 2.5]);
    expect(defaultCollate([2 ** 31, 0]).dtype).toBe('float64');
    const bools = defaultCollate([true, false]);
    expect(bools.dtype).toBe('bool');
    expect(bools.tolist()).toEqual([true, false]);
  });

  it('strings stay a list; typed arrays become stacked tensors', () => {
    expect(defaultCollate(['a', 'b'])).toEqual(['a', 'b']);
    const t = defaultCollate([new Float32Array([1, 2]), new Float32Array([3, 4])]);
    expect(t.dtype).toBe('float32');
    expect(t.shape).toEqual([2, 2]);
    expect(defaultCollate([new Uint8Array([1]), new Uint8Array([255])]).dtype).toBe('int32');
  });

  it('collates nested objects and arrays field by field, as PyTorch does for dicts and tuples', () => {
    const batch = defaultCollate([
      { image: tensor([[1, 2]]), label: 0, meta: { id: 'x', weight: 0.5 }, pair: [1, tensor([1])] as [number, Tensor] },
      { image: tensor([[3, 4]]), label: 1, meta: { id: 'y', weight: 1.5 }, pair: [2, tensor([2])] as [number, Tensor] },
    ]);
    expect(batch.image.shape).toEqual([2, 1, 2]);
    expect(batch.label.tolist()).toEqual([0, 1]);
    expect(batch.meta.id).toEqual(['x', 'y']);
    expect(batch.meta.weight.tolist()).toEqual([0.5, 1.5]);
    expect(batch.pair[0].tolist()).toEqual([1, 2]);
    expect(batch.pair[1].tolist()).toEqual([[1], [2]]);
  });

  it('names the path of the field it cannot collate', () => {
    expect(() => defaultCollate([])).toThrow(/empty batch/);
    expect(() => defaultCollate([{ a: 1 }, { b: 2 }])).toThrow(CollateError);
    expect(() => defaultCollate([{ a: 1 }, { b: 2 }])).toThrow(/batch\[1\] has keys \{b\} but batch\[0\] has \{a\}/);
    expect(() => defaultCollate([[1, 2], [1]])).toThrow(/each element in list of batch should be of equal size/);
    expect(() => defaultCollate([{ x: tensor([1, 2]) }, { x: tensor([1]) }])).toThrow(/cannot stack the tensors at batch\[\*\]\.x/);
    expect(() => defaultCollate([{ x: 1 }, { x: 'a' }])).toThrow(/batch\[1\]\.x is string but batch\[0\]\.x is number/);
    expect(() => defaultCollate([null])).toThrow(/found null at batch\[0\]/);
  });
});
