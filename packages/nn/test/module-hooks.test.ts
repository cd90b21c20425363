/**
 * Module hooks (forward pre-hooks, forward hooks, full backward hooks) and the rest of the module
 * API of issue 15: requiresGrad_, getSubmodule/getParameter/getBuffer, namedModules and
 * namedBuffers options, buffers that are not persistent.
 */
import { describe, expect, it } from 'vitest';
import { grad, ones, tensor, zeros } from '@chainrule/autograd';
import type { Tensor } from '@chainrule/autograd';
import { nn } from '@chainrule/nn';

class TwoInputs extends nn.Module<[Tensor, Tensor]> {
  scale = new nn.Parameter(tensor([2], { dtype: 'float64' }));
  forward(a: Tensor, b: Tensor): Tensor {
    return a.mul(b).mul(this.scale);
  }
}

describe('forward hooks', () => {
  it('run in registration order around forward, however the module is invoked, and can replace arguments and outputs', () => {
    const fc = new nn.Linear(2, 2, { dtype: 'float64' });
    const log: string[] = [];
    const h1 = fc.registerForwardPreHook(() => void log.push('pre1'));
    const h2 = fc.registerForwardPreHook((_m, [x]) => {
      log.push('pre2');
      return x.mul(0);
    });
    const h3 = fc.registerForwardHook((_m, [x], out) => {
      log.push(`post ${x.abs().sum().item()}`);
      return out.add(1);
    });
    const x = ones([1, 2], { dtype: 'float64' });
    const viaForward = fc.forward(x);
    const viaCall = fc.call(x);
    expect(log).toEqual(['pre1', 'pre2', 'post 0', 'pre1', 'pre2', 'post 0']);
    // the input was zeroed: the output is bias + 1
    expect(viaForward.tolist()).toEqual(fc.bias!.add(1).reshape([1, 2]).tolist());
    expect(viaCall.tolist()).toEqual(viaForward.tolist());
    h2.remove();
    h3.remove();
    h1.remove();
    h1.remove(); // twice is harmless
    expect(fc.forward(x).tolist()).toEqual(x.matmul(fc.weight.t()).add(fc.bias!).tolist());
    expect(log.length).toBe(6);
  });

  it('a hook on a layer inside a model runs when the model runs (Sequential and user modules call forward)', () => {
    class Net extends nn.Module {
      body = new nn.Sequential(new nn.Linear(3, 4), new nn.ReLU());
      head = new nn.Linear(4, 1);
      forward(x: Tensor): Tensor {
        return this.head.forward(this.body.forward(x));
      }
    }
    const net = new Net();
    const seen: string[] = [];
    for (const [name, m] of net.namedModules()) if (name !== '') m.registerForwardHook((_m, _args, out) => void seen.push(`${name} ${(out as Tensor).shape}`));
    net.forward(zeros([2, 3]));
    expect(seen).toEqual(['body.0 2,4', 'body.1 2,4', 'body 2,4', 'head 2,1']);
    // hooks are not parameters, buffers or children
    expect(Object.keys(net.stateDict())).toEqual(['body.0.weight', 'body.0.bias', 'head.weight', 'head.bias']);
    expect(String(net.body.at(0))).toBe('Linear(in_features=3, out_features=4, bias=True)');
  });

  it('a pre-hook of a many-argument forward returns an array of arguments', () => {
    const m = new TwoInputs();
    m.registerForwardPreHook((_m, [a, b]) => [b, a.add(1)]);
    const out = m.forward(tensor([1], { dtype: 'float64' }), tensor([3], { dtype: 'float64' }));
    expect(out.item()).toBe(3 * 2 * 2);
  });

  it('refuses a hook that is not a function', () => {
    expect(() => new nn.ReLU().registerForwardHook(42 as never)).toThrow(TypeError);
  });
});

describe('full backward hooks', () => {
  it('see the gradients of the inputs and outputs, once per backward, and may replace the input gradients', () => {
    const m = new TwoInputs();
    const a = tensor([1, 2], { dtype: 'float64', requiresGrad: true });
    const b = tensor([3, 4], { dtype: 'float64', requiresGrad: true });
    const calls: { gin: (number[] | null)[]; gout: (number[] | null)[] }[] = [];
    const handle = m.registerFullBackwardHook((_m, gin, gout) => {
      calls.push({ gin: gin.map((g) => (g === null ? null : [...g.toArray()])), gout: gout.map((g) => (g === null ? null : [...g.toArray()])) });
      return [gin[0]!.mul(10), gin[1] ?? null];
    });
    // a is also used outside the module: that part of its gradient is not the hook's
    const y = m.forward(a, b).sum().add(a.sum());
    y.backward();
    expect(calls).toEqual([{ gin: [[6, 8], [2, 4]], gout: [[1, 1]] }]);
    expect([...a.grad!.toArray()]).toEqual([61, 81]);
    expect([...b.grad!.toArray()]).toEqual([2, 4]);
    // the parameter's gradient is untouched by the hook
    expect(m.scale.grad!.item()).toBe(1 * 3 + 2 * 4);
    handle.remove();
    a.grad = null;
    m.forward(a, b).sum().backward();
    expect([...a.grad!.toArray()]).toEqual([6, 8]);
    expect(calls.length).toBe(1);
  });

  it('with no input requiring grad, run with null input gradients when the outputs get theirs', () => {
    const fc = new nn.Linear(2, 3, { dtype: 'float64' });
    const seen: string[] = [];
    fc.registerFullBackwardHook((_m, gin, gout) => void seen.push(`${gin.map((g) => g === null)} ${gout[0]!.shape}`));
    fc.forward(ones([4, 2], { dtype: 'float64' })).sum().backward();
    expect(seen).toEqual(['true 4,3']);
    expect(fc.weight.grad).not.toBeNull();
  });

  it('work with grad() and leave the gradient of a plain module unchanged', () => {
    const fc = new nn.Linear(2, 2, { dtype: 'float64' });
    const x = tensor([[1, -2]], { dtype: 'float64', requiresGrad: true });
    const [plain] = grad([fc.forward(x).square().sum()], [x]);
    let outs = 0;
    fc.registerFullBackwardHook(() => void outs++);
    const [hooked] = grad([fc.forward(x).square().sum()], [x]);
    expect(outs).toBe(1);
    expect(hooked!.tolist()).toEqual(plain!.tolist());
  });

  it('a hook returning the wrong number of gradients is an error naming the count', () => {
    const m = new TwoInputs();
    m.registerFullBackwardHook(() => [null]);
    const a = tensor([1], { dtype: 'float64', requiresGrad: true });
    expect(() => m.forward(a, a).sum().backward()).toThrow(/expected an array of 2 gradients/);
  });
});

describe('module API', () => {
  const model = (): nn.Sequential => new nn.Sequential(new nn.Linear(2, 3), new nn.BatchNorm1d(3), new nn.Sequential(new nn.ReLU(), new nn.Linear(3, 1)));

  it('requiresGrad_ freezes and unfreezes every parameter', () => {
    const m = model();
    m.requiresGrad_(false);
    expect(m.parameters().every((p) => !p.requiresGrad)).toBe(true);
    m.at(2).requiresGrad_();
    expect(m.numParameters({ onlyTrainable: true })).toBe(4);
    const out = m.forward(ones([4, 2]));
    out.sum().backward();
    expect((m.at(0) as nn.Linear).weight.grad).toBeNull();
    expect((m.getSubmodule('2.1') as nn.Linear).weight.grad).not.toBeNull();
  });

  it('getSubmodule, getParameter and getBuffer follow state-dict paths', () => {
    const m = model();
    expect(m.getSubmodule('')).toBe(m);
    expect(m.getSubmodule('2.1')).toBe((m.at(2) as nn.Sequential).at(1));
    expect(m.getParameter('2.1.bias').shape).toEqual([1]);
    expect(m.getBuffer('1.running_mean')).toBe((m.at(1) as nn.BatchNorm1d).runningMean);
    expect(m.getBuffer('1.num_batches_tracked').dtype).toBe('int32');
    expect(() => m.getSubmodule('2.7')).toThrow('getSubmodule: Sequential has no attribute `7`');
    expect(() => m.getParameter('1.running_mean')).toThrow('getParameter: BatchNorm1d has no parameter `running_mean`');
    expect(() => m.getBuffer('0.weight')).toThrow('getBuffer: Linear has no buffer `weight`');
  });

  it('namedModules: prefix, and shared modules once unless removeDuplicate is false', () => {
    const shared = new nn.Linear(2, 2);
    const m = new nn.Sequential(shared, new nn.ReLU(), shared);
    expect(m.namedModules().map(([n]) => n)).toEqual(['', '0', '1']);
    expect(m.namedModules({ removeDuplicate: false, prefix: 'net' }).map(([n]) => n)).toEqual(['net', 'net.0', 'net.1', 'net.2']);
    expect(m.children().length).toBe(3);
  });

  it('namedBuffers: non-persistent buffers listed but not saved; recurse and prefix', () => {
    class WithScratch extends nn.Module {
      bn = new nn.BatchNorm1d(2);
      scratchSpace = this.registerBuffer('scratchSpace', zeros([3]), { persistent: false });
      forward(x: Tensor): Tensor {
        return this.bn.forward(x);
      }
    }
    const m = new WithScratch();
    expect(m.namedBuffers().map(([n]) => n)).toEqual(['scratch_space', 'bn.running_mean', 'bn.running_var', 'bn.num_batches_tracked']);
    expect(m.namedBuffers({ recurse: false, prefix: 'm' }).map(([n]) => n)).toEqual(['m.scratch_space']);
    expect(Object.keys(m.stateDict())).toEqual(['bn.weight', 'bn.bias', 'bn.running_mean', 'bn.running_var', 'bn.num_batches_tracked']);
    expect(m.buffers({ recurse: false }).length).toBe(1);
    // a non-persistent buffer still follows to()
    m.double();
    expect(m.scratchSpace.dtype).toBe('float64');
  });

  it('apply visits every submodule (re-initialising a model as PyTorch users do)', () => {
    const m = model();
    m.apply((sub) => {
      if (sub instanceof nn.Linear) sub.weight.detach().fill_(0.5);
    });
    expect((m.getSubmodule('2.1') as nn.Linear).weight.tolist()).toEqual([[0.5, 0.5, 0.5]]);
  });
});
