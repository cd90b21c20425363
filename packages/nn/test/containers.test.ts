/**
 * Containers: ModuleList and Sequential indexing as PyTorch users write it (list[i], at(-1), set,
 * insert, pop, slice) with names kept `0`, `1`, …; ModuleDict, ParameterList and ParameterDict
 * with their keys verbatim in state dicts (a state dict keyed as PyTorch keys it loads), printing
 * and errors.
 */
import { describe, expect, it } from 'vitest';
import { ones, tensor, zeros } from '@chainrule/autograd';
import type { Tensor } from '@chainrule/autograd';
import { nn, optim } from '@chainrule/nn';

describe('ModuleList and Sequential', () => {
  it('read list[i] and list.at(-i), and replace, insert, pop and slice keeping the names 0, 1, …', () => {
    const list = new nn.ModuleList([new nn.Linear(1, 2), new nn.Linear(2, 3), new nn.Linear(3, 4)]);
    expect(list[0]!.outFeatures).toBe(2);
    expect(list[3]).toBeUndefined();
    expect(list.at(-1).outFeatures).toBe(4);
    list.set(1, new nn.Linear(2, 5));
    expect(list[1]!.outFeatures).toBe(5);
    list.insert(0, new nn.Linear(9, 1)).insert(-1, new nn.Linear(7, 7));
    expect([...list].map((l) => l.inFeatures)).toEqual([9, 1, 2, 7, 3]);
    expect(list.pop(0).inFeatures).toBe(9);
    expect(list.pop().inFeatures).toBe(3);
    expect([...list].map((l) => l.inFeatures)).toEqual([1, 2, 7]);
    expect(list.length).toBe(3);
    expect(list[3]).toBeUndefined();
    expect(Object.keys(list.stateDict())).toEqual(['0.weight', '0.bias', '1.weight', '1.bias', '2.weight', '2.bias']);
    const part = list.slice(1);
    expect(part.length).toBe(2);
    expect(part[0]).toBe(list[1]); // shared, not copied
    expect(() => list.at(3)).toThrow(RangeError);
    expect(() => list.set(-4, new nn.Linear(1, 1))).toThrow('ModuleList.set: index -4 is out of range for a list of 3');
    expect(() => list.insert(5, new nn.Linear(1, 1))).toThrow(RangeError);
    expect(() => new nn.ModuleList().pop()).toThrow(RangeError);
  });

  it('Sequential: model[i], insert, pop, extend and slice, and the forward follows the new order', () => {
    const model = new nn.Sequential(new nn.Linear(2, 2, { dtype: 'float64' }), new nn.Linear(2, 1, { dtype: 'float64' }));
    model.insert(1, new nn.ReLU());
    expect(model.length).toBe(3);
    expect(String(model[1])).toBe('ReLU()');
    const x = tensor([[1, -1]], { dtype: 'float64' });
    const first = model[0] as nn.Linear;
    const last = model.at(-1) as nn.Linear;
    expect(model.forward(x).tolist()).toEqual(last.forward(first.forward(x).relu()).tolist());
    expect(model.slice(0, 2).forward(x).tolist()).toEqual(first.forward(x).relu().tolist());
    expect(String(model.pop(1))).toBe('ReLU()');
    model.extend([new nn.Tanh()]);
    expect(model.namedChildren().map(([n, m]) => `${n}:${m.getName()}`)).toEqual(['0:Linear', '1:Linear', '2:Tanh']);
  });
});

describe('ModuleDict', () => {
  it('keeps its keys verbatim (no snake_case) in state dicts, traversal and printing; a PyTorch-keyed state dict loads', () => {
    const d = new nn.ModuleDict({ fcOut: new nn.Linear(2, 3), actFn: new nn.ReLU() });
    expect(d.keys()).toEqual(['fcOut', 'actFn']);
    expect(Object.keys(d.stateDict())).toEqual(['fcOut.weight', 'fcOut.bias']);
    expect(d.namedModules().map(([n]) => n)).toEqual(['', 'fcOut', 'actFn']);
    const pytorchKeyed = { 'fcOut.weight': ones([3, 2]), 'fcOut.bias': zeros([3]) };
    expect(d.loadStateDict(pytorchKeyed)).toEqual({ missingKeys: [], unexpectedKeys: [] });
    expect(d.get('fcOut').forward(ones([1, 2])).tolist()).toEqual([[2, 2, 2]]);
    // a model holding one: nested names as PyTorch's
    class Heads extends nn.Module {
      heads = new nn.ModuleDict(new Map([['zeta', new nn.Linear(1, 1)], ['alpha', new nn.Linear(1, 1)]]));
      forward(x: Tensor): Tensor {
        return x;
      }
    }
    expect(Object.keys(new Heads().stateDict())).toEqual(['heads.zeta.weight', 'heads.zeta.bias', 'heads.alpha.weight', 'heads.alpha.bias']);
  });

  it("has a Map's API plus pop and update, and refuses bad keys and missing ones", () => {
    const d = new nn.ModuleDict<nn.AnyModule>();
    d.set('a', new nn.ReLU()).set('b', new nn.Tanh());
    d.update([['c', new nn.Sigmoid()]]);
    expect(d.size).toBe(3);
    expect(d.has('b')).toBe(true);
    expect(d.pop('b').getName()).toBe('Tanh');
    expect(d.delete('zz')).toBe(false);
    expect([...d].map(([k]) => k)).toEqual(['a', 'c']);
    expect(d.entries().map(([k, m]) => `${k}=${m.getName()}`)).toEqual(['a=ReLU', 'c=Sigmoid']);
    expect(() => d.get('b')).toThrow("ModuleDict.get: no key 'b' (keys: a, c)");
    expect(() => d.set('x.y', new nn.ReLU())).toThrow(RangeError);
    expect(() => d.set('', new nn.ReLU())).toThrow(RangeError);
    expect(() => d.set('x', zeros([1]) as never)).toThrow(TypeError);
    expect(() => d.forward()).toThrow(/no forward/);
    d.clear();
    expect(d.size).toBe(0);
    expect(String(d)).toBe('ModuleDict()');
  });

  it('moves with train/eval and to(dtype)', () => {
    const d = new nn.ModuleDict({ drop: new nn.Dropout(0.5), fc: new nn.Linear(2, 2) });
    d.eval();
    expect(d.get('drop').training).toBe(false);
    d.double();
    expect((d.get('fc') as nn.Linear).weight.dtype).toBe('float64');
  });
});

describe('ParameterList and ParameterDict', () => {
  it('ParameterList makes tensors parameters, names them 0, 1, … and trains them', () => {
    const list = new nn.ParameterList([tensor([1, 2], { dtype: 'float64' })]);
    list.append(new nn.Parameter(tensor([3], { dtype: 'float64' }))).extend([zeros([1], { dtype: 'float64' })]);
    expect(list.namedParameters().map(([n]) => n)).toEqual(['0', '1', '2']);
    expect(list[0]).toBeInstanceOf(nn.Parameter);
    expect(list.at(-1).requiresGrad).toBe(true);
    const opt = new optim.SGD(list.parameters(), { lr: 1 });
    list[0]!.sum().add(list[1]!.mul(2).sum()).backward();
    opt.step();
    expect(list[0]!.tolist()).toEqual([0, 1]);
    expect(list[1]!.tolist()).toEqual([1]);
    expect(() => list.append(3 as never)).toThrow(TypeError);
    expect(String(new nn.ParameterList([zeros([2, 3])]))).toBe('ParameterList(\n    (0): Parameter containing: [torch.float32 of size 2x3]\n)');
  });

  it('ParameterDict: keys verbatim, a plain object sorted (as PyTorch), a Map in order; to() keeps the parameters', () => {
    const d = new nn.ParameterDict({ zeta: zeros([1]), alphaBeta: ones([2]) });
    expect(d.keys()).toEqual(['alphaBeta', 'zeta']);
    expect(Object.keys(d.stateDict())).toEqual(['alphaBeta', 'zeta']);
    const ordered = new nn.ParameterDict(new Map([['zeta', zeros([1])], ['alphaBeta', ones([2])]]));
    expect(ordered.keys()).toEqual(['zeta', 'alphaBeta']);
    const before = d.get('zeta');
    d.double();
    expect(d.get('zeta')).toBe(before);
    expect(d.get('zeta').dtype).toBe('float64');
    expect(d.loadStateDict({ alphaBeta: tensor([5, 6]), zeta: tensor([7]) })).toEqual({ missingKeys: [], unexpectedKeys: [] });
    expect(d.get('alphaBeta').tolist()).toEqual([5, 6]);
    expect(d.pop('zeta').tolist()).toEqual([7]);
    expect(() => d.get('zeta')).toThrow(RangeError);
    expect(() => d.set('a.b', zeros([1]))).toThrow(RangeError);
    expect(String(d)).toBe('ParameterDict(\n    (alphaBeta): Parameter containing: [torch.DoubleTensor of size 2]\n)');
  });

  it('a model holding them names their parameters as PyTorch does', () => {
    class Gains extends nn.Module {
      perLayer = new nn.ParameterList([ones([2]), ones([2])]);
      named = new nn.ParameterDict({ outScale: ones([1]) });
      forward(x: Tensor): Tensor {
        return x.mul(this.perLayer.at(0)).mul(this.named.get('outScale'));
      }
    }
    expect(Object.keys(new Gains().stateDict())).toEqual(['per_layer.0', 'per_layer.1', 'named.outScale']);
  });
});
