/**
 * The pointwise math, reductions and bitwise ops of issue 14 where the registry's PyTorch parity
 * cases do not reach: dtypes of results, empty and 0-dim tensors, errors for bad input, options
 * refused by name, scalar-first function forms, and zero gradients that are recorded.
 */
import { describe, expect, it } from 'vitest';
import * as A from '@chainrule/autograd';
import { grad, tensor, zeros } from '@chainrule/autograd';

const i32 = (v: number[]): A.Tensor => tensor(v, { dtype: 'int32' });

describe('dtypes as PyTorch promotes them', () => {
  it('functions of reals give float32 for integers and bools, keep float64', () => {
    for (const op of ['tan', 'asin', 'atan', 'sinh', 'log2', 'exp2', 'expm1', 'sinc', 'deg2rad'] as const) {
      expect(i32([1])[op]().dtype, op).toBe('float32');
      expect(tensor([0.5], { dtype: 'float64' })[op]().dtype, op).toBe('float64');
    }
    expect(i32([1]).atan2(i32([2])).dtype).toBe('float32');
    expect(tensor([true]).atan2(tensor([true])).dtype).toBe('float32');
    expect(i32([1]).copysign(-1).dtype).toBe('float32');
    expect(tensor([1]).hypot(tensor([1], { dtype: 'float64' })).dtype).toBe('float64');
  });

  it('rounding and remainders keep integers integers', () => {
    expect(i32([-3, 3]).floor().tolist()).toEqual([-3, 3]);
    expect(i32([-3, 3]).round().dtype).toBe('int32');
    expect(i32([-7, 7]).remainder(2).tolist()).toEqual([1, 1]);
    expect(i32([-7, 7]).fmod(2).tolist()).toEqual([-1, 1]);
    expect(i32([-7, 7]).floorDivide(2).tolist()).toEqual([-4, 3]);
    expect(i32([7]).remainder(2.5).dtype).toBe('float32');
    expect(i32([-7]).div(2, { roundingMode: 'trunc' }).tolist()).toEqual([-3]);
    expect(i32([1]).div(2).dtype).toBe('float32');
  });

  it('clamp promotes over the input and its bounds', () => {
    expect(i32([1, 5]).clamp(0.5, 3).dtype).toBe('float32');
    expect(i32([1, 5]).clamp(i32([2]), tensor([4.5], { dtype: 'float64' })).tolist()).toEqual([2, 4.5]);
    expect(tensor([1, 2]).clamp(tensor([NaN, 0])).tolist()).toEqual([NaN, 2]);
    expect(tensor([1, 2]).clamp(NaN).tolist()).toEqual([1, 2]);
  });

  it('a number first is a scalar in promotion, as torch.div(2, x)', () => {
    expect(A.div(2, i32([4])).dtype).toBe('float32');
    expect(A.sub(2, i32([4])).tolist()).toEqual([-2]);
    expect(A.sub(2, i32([4])).dtype).toBe('int32');
    expect(A.mul(2.5, tensor([2], { dtype: 'float64' })).dtype).toBe('float64');
    expect(A.add(0.1, tensor([0], { dtype: 'float64' })).item()).toBe(0.1);
    expect(A.pow(2, i32([3])).tolist()).toEqual([8]);
    expect(A.bitwiseAnd(6, i32([3])).tolist()).toEqual([2]);
  });
});

describe('empty and 0-dim tensors', () => {
  it('keep their shapes', () => {
    expect(zeros([0, 3]).tan().shape).toEqual([0, 3]);
    expect(zeros([0]).remainder(2).shape).toEqual([0]);
    expect(zeros([0, 2]).nansum(0).tolist()).toEqual([0, 0]);
    expect(zeros([0]).nanmean().item()).toBeNaN();
    expect(zeros([0, 2]).countNonzero(1).shape).toEqual([0]);
    expect(tensor(2.5).round().item()).toBe(2);
    expect(tensor(-1).atan2(0).shape).toEqual([]);
    expect(tensor(3, { dtype: 'int32' }).bitwiseLeftShift(2).item()).toBe(12);
    expect(zeros([0]).allclose(zeros([0]))).toBe(true);
  });
});

describe('zero gradients are recorded, as PyTorch', () => {
  it('sign, floor, ceil, round, trunc and floor division: the result requires grad, the gradient is 0', () => {
    const x = tensor([1.5, -2.5], { dtype: 'float64', requiresGrad: true });
    for (const y of [x.sign(), x.floor(), x.ceil(), x.round(), x.trunc(), x.floorDivide(2), x.div(2, { roundingMode: 'trunc' }), x.round({ decimals: 1 })]) {
      expect(y.requiresGrad).toBe(true);
      expect(grad(y.sum(), [x])[0]!.tolist()).toEqual([0, 0]);
    }
  });

  it('frac passes the gradient through', () => {
    const x = tensor([1.5, -2.25], { dtype: 'float64', requiresGrad: true });
    expect(grad(x.frac().sum(), [x])[0]!.tolist()).toEqual([1, 1]);
  });
});

describe('bad input: clear errors naming the function', () => {
  it('integer division by zero', () => {
    expect(() => i32([1]).remainder(0)).toThrow(/remainder: integer division by zero/);
    expect(() => i32([1]).fmod(i32([0]))).toThrow(RangeError);
    expect(() => i32([1]).floorDivide(0)).toThrow(/floorDivide/);
    expect(() => i32([1]).div(0, { roundingMode: 'floor' })).toThrow(RangeError);
    expect(tensor([1]).remainder(0).item()).toBeNaN();
  });

  it('options a function does not take, and bad option values', () => {
    expect(() => tensor([1]).add(1, { alhpa: 2 } as never)).toThrow(/add: unknown option 'alhpa'/);
    expect(() => tensor([1]).div(2, { rounding_mode: 'floor' } as never)).toThrow(/div: unknown option 'rounding_mode'/);
    expect(() => tensor([1]).div(2, { roundingMode: 'round' as never })).toThrow(/roundingMode must be/);
    expect(() => tensor([1]).var(0, { ddof: 1 } as never)).toThrow(/var: unknown option 'ddof'/);
    expect(() => tensor([1]).aminmax({ dims: 0 } as never)).toThrow(/aminmax: unknown option 'dims'/);
    expect(() => tensor([1]).round({ decimal: 2 } as never)).toThrow(/round: unknown option 'decimal'/);
    expect(() => tensor([1]).round({ decimals: 0.5 })).toThrow(RangeError);
    expect(() => i32([1]).round({ decimals: 1 })).toThrow(/round: decimals needs a floating-point tensor/);
    expect(() => tensor([1]).isclose(tensor([1]), -1)).toThrow(/rtol must be/);
  });

  it('dtypes an op does not take', () => {
    expect(() => tensor([true]).floor()).toThrow(/floor: not implemented for bool/);
    expect(() => i32([1]).frac()).toThrow(TypeError);
    expect(() => tensor([1.5]).bitwiseAnd(1)).toThrow(/bitwiseAnd: needs integer or bool tensors/);
    expect(() => tensor([true]).bitwiseLeftShift(tensor([true]))).toThrow(/not implemented for bool/);
    expect(() => tensor([1.5]).bitwiseNot()).toThrow(TypeError);
    expect(() => tensor([true]).remainder(tensor([true]))).toThrow(TypeError);
    expect(() => i32([1]).nanmean()).toThrow(TypeError);
  });

  it('shapes that do not broadcast', () => {
    expect(() => tensor([1, 2]).atan2(tensor([1, 2, 3]))).toThrow(/atan2/);
    expect(() => tensor([1, 2]).lerp(tensor([1, 2, 3]), 0.5)).toThrow(/lerp/);
  });
});

describe('values at the edges', () => {
  it('floor division is exact where floor(a / b) is not (Python: 1 // 0.1 == 9)', () => {
    expect(tensor([1], { dtype: 'float64' }).floorDivide(0.1).item()).toBe(9);
    expect(tensor([-1, 1, 0], { dtype: 'float64' }).floorDivide(0).tolist()).toEqual([-Infinity, Infinity, NaN]);
  });

  it('round ties to even, at every scale', () => {
    expect(tensor([0.5, 1.5, 2.5, -1.5, -2.5], { dtype: 'float64' }).round().tolist()).toEqual([0, 2, 2, -2, -2]);
    expect(tensor([2 ** 52 + 1], { dtype: 'float64' }).round().item()).toBe(2 ** 52 + 1);
  });

  it('logaddexp of equal infinities, xlogy at 0, nanToNum of the extremes', () => {
    expect(tensor([Infinity, -Infinity]).logaddexp(tensor([Infinity, -Infinity])).tolist()).toEqual([Infinity, -Infinity]);
    expect(tensor([0, 0, 0]).xlogy(tensor([0, -1, NaN])).tolist()).toEqual([0, 0, NaN]);
    expect(tensor([Infinity], { dtype: 'float64' }).nanToNum().item()).toBe(Number.MAX_VALUE);
    expect(Object.is(tensor([0]).xlogy(tensor([0.5])).item(), 0)).toBe(true);
  });

  it('lerp is exact at weight 1 (computed from the end)', () => {
    expect(tensor([0.1], { dtype: 'float64' }).lerp(tensor([0.7], { dtype: 'float64' }), 1).item()).toBe(0.7);
    expect(tensor([0.1], { dtype: 'float64' }).lerp(tensor([0.7], { dtype: 'float64' }), tensor([1], { dtype: 'float64' })).item()).toBe(0.7);
  });

  it('shifts wrap within the dtype, and shift by n mod 32 as PyTorch on x86', () => {
    expect(i32([1]).bitwiseLeftShift(31).item()).toBe(-2147483648);
    expect(i32([1]).bitwiseLeftShift(33).item()).toBe(2);
    expect(i32([-1]).bitwiseRightShift(40).item()).toBe(-1);
  });

  it('varMean and stdMean agree with var, std and mean', () => {
    const x = tensor([[1, 2, 4], [3, 3, 9]], { dtype: 'float64' });
    const [v, m] = x.varMean(1, { correction: 0, keepdim: true });
    expect(v.tolist()).toEqual(x.var(1, { correction: 0, keepdim: true }).tolist());
    expect(m.tolist()).toEqual(x.mean(1, true).tolist());
    const [s] = x.stdMean();
    expect(s.item()).toBe(x.std().item());
  });
});

describe('uint8 and int8', () => {
  const u8 = (v: number[]): A.Tensor => tensor(v, { dtype: 'uint8' });
  const i8 = (v: number[]): A.Tensor => tensor(v, { dtype: 'int8' });

  it('promote as PyTorch (uint8 with int8 is int32 here, PyTorch int16)', () => {
    const cases: [A.Tensor, A.Tensor | number, A.DType][] = [
      [u8([1]), u8([1]), 'uint8'],
      [u8([1]), i8([1]), 'int32'],
      [i8([1]), tensor([1], { dtype: 'int32' }), 'int32'],
      [u8([1]), tensor([true]), 'uint8'],
      [u8([1]), 1000, 'uint8'],
      [u8([1]), 0.5, 'float32'],
      [u8([1]), tensor(5, { dtype: 'int32' }), 'uint8'],
      [i8([1]), tensor([1], { dtype: 'float64' }), 'float64'],
    ];
    for (const [a, b, want] of cases) expect(a.add(b).dtype).toBe(want);
    expect(u8([3]).sum().dtype).toBe('int32');
    expect(u8([3]).div(2).dtype).toBe('float32');
  });

  it('wrap on overflow and on casts, as C integers do', () => {
    expect(u8([250]).add(10).tolist()).toEqual([4]);
    expect(u8([1]).sub(2).tolist()).toEqual([255]);
    expect(i8([127]).add(1).tolist()).toEqual([-128]);
    expect(tensor([-1.5, 256.5, 300.7]).byte().tolist()).toEqual([255, 0, 44]);
    expect(tensor([-200.5, 127.9]).char().tolist()).toEqual([56, 127]);
    expect(u8([0, 7]).bool().tolist()).toEqual([false, true]);
  });

  it('come from Uint8Array, Uint8ClampedArray and Int8Array data, and print as PyTorch', () => {
    expect(tensor(new Uint8Array([1, 255])).dtype).toBe('uint8');
    expect(tensor(new Uint8ClampedArray([1, 255])).dtype).toBe('uint8');
    expect(tensor(new Int8Array([-1])).dtype).toBe('int8');
    expect(tensor(new Int16Array([-1])).dtype).toBe('int32');
    expect(String(u8([1, 255]))).toBe('tensor([  1, 255], dtype=torch.uint8)');
    expect(String(i8([-1, 2]))).toBe('tensor([-1,  2], dtype=torch.int8)');
    expect(u8([1]).toArray()).toBeInstanceOf(Uint8Array);
    expect(i8([1]).toArray()).toBeInstanceOf(Int8Array);
  });

  it('take no gradient, and refuse what PyTorch refuses', () => {
    expect(() => u8([1]).requiresGrad_()).toThrow(TypeError);
    expect(() => u8([1]).mean()).toThrow(TypeError);
    expect(() => i8([2]).pow(i8([-1]))).toThrow(RangeError);
    expect(() => zeros([1], { dtype: 'int16' as A.DType })).toThrow(/unknown dtype 'int16' \(expected one of bool, uint8, int8, int32, float32, float64\)/);
  });

  it('in-place ops keep the dtype and refuse a float result', () => {
    const x = u8([250]);
    x.add_(10);
    expect(x.tolist()).toEqual([4]);
    expect(() => u8([1]).add_(0.5)).toThrow(TypeError);
    expect(i8([1]).add_(u8([200])).tolist()).toEqual([-55]);
  });
});

describe('creation options', () => {
  it('an option a creation function does not take is an error naming it', () => {
    expect(() => zeros([2], { dtyp: 'float64' } as never)).toThrow(/zeros: unknown option 'dtyp' \(it takes dtype, requiresGrad\)/);
    expect(() => tensor([1], { requires_grad: true } as never)).toThrow(/tensor: unknown option 'requires_grad'/);
    expect(() => A.randn([2], { seed: 1 } as never)).toThrow(/randn: unknown option 'seed'/);
    expect(() => A.zerosLike(zeros([1]), { shape: [3] } as never)).toThrow(/zerosLike: unknown option 'shape'/);
    expect(A.randint(0, 3, [2], { generator: new A.Generator(0) }).dtype).toBe('int32');
  });
});
