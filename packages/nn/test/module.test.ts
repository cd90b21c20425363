/**
 * Module, Parameter, layers and containers: dotted names, train/eval, dropout, dtype conversion,
 * printing as PyTorch does, parameter counts and state dicts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Generator, manualSeed, ones, randn, tensor, zeros } from '@chainrule/autograd';
import type { Tensor } from '@chainrule/autograd';
import { nn, optim, StateDictError } from '@chainrule/nn';
import * as F from '@chainrule/nn/functional';

class Block extends nn.Module {
  fc1 = new nn.Linear(4, 8, { dtype: 'float64' });
  act = new nn.ReLU();
  fc2 = new nn.Linear(8, 2, { dtype: 'float64' });
  forward(x: Tensor): Tensor {
    return this.fc2.forward(this.act.forward(this.fc1.forward(x)));
  }
}

class Net extends nn.Module {
  encoder = new Block();
  scale = new nn.Parameter(ones([2], { dtype: 'float64' }));
  runningMean = this.registerBuffer('runningMean', zeros([2], { dtype: 'float64' }));
  scratch = this.registerBuffer('scratch', zeros([3]), { persistent: false });
  head = new nn.Sequential(new nn.Linear(2, 3, { dtype: 'float64' }), new nn.Dropout(0.1));
  forward(x: Tensor): Tensor {
    return this.head.forward(this.encoder.forward(x).mul(this.scale).sub(this.runningMean));
  }
}

const sameValues = (a: Tensor, b: Tensor): boolean =>
  a.dtype === b.dtype && a.shape.join() === b.shape.join() && a.toArray().every((v, i) => Object.is(v, b.toArray()[i]));

describe('Module: registration and traversal', () => {
  it('namedParameters gives PyTorch dotted names in definition order', () => {
    expect(new Net().namedParameters().map(([n]) => n)).toEqual([
      'scale',
      'encoder.fc1.weight',
      'encoder.fc1.bias',
      'encoder.fc2.weight',
      'encoder.fc2.bias',
      'head.0.weight',
      'head.0.bias',
    ]);
    const seq = new nn.Sequential(new nn.Linear(784, 128), new nn.ReLU(), new nn.Linear(128, 10));
    expect(seq.namedParameters().map(([n]) => n)).toEqual(['0.weight', '0.bias', '2.weight', '2.bias']);
    expect(new nn.Linear(3, 2).namedParameters({ recurse: false }).map(([n]) => n)).toEqual(['weight', 'bias']);
  });

  it('stateDict has parameters, then persistent buffers, then children (PyTorch order)', () => {
    expect(Object.keys(new Net().stateDict())).toEqual([
      'scale',
      'running_mean',
      'encoder.fc1.weight',
      'encoder.fc1.bias',
      'encoder.fc2.weight',
      'encoder.fc2.bias',
      'head.0.weight',
      'head.0.bias',
    ]);
    expect(new Net().namedBuffers().map(([n]) => n)).toEqual(['running_mean', 'scratch']);
  });

  it("names camelCase properties in PyTorch's snake_case (a PyTorch checkpoint loads by name)", () => {
    class Ported extends nn.Module {
      hiddenLayer = new nn.Linear(2, 2);
      outProj = new nn.Linear(2, 1);
      forward(x: Tensor): Tensor {
        return this.outProj.forward(this.hiddenLayer.forward(x));
      }
    }
    const m = new Ported();
    expect(Object.keys(m.stateDict())).toEqual(['hidden_layer.weight', 'hidden_layer.bias', 'out_proj.weight', 'out_proj.bias']);
    expect(m.namedChildren().map(([n]) => n)).toEqual(['hidden_layer', 'out_proj']);
    expect(String(m)).toContain('(hidden_layer): Linear');
    expect(m.loadStateDict(m.stateDict())).toEqual({ missingKeys: [], unexpectedKeys: [] });
  });

  it('children, modules and shared parameters counted once', () => {
    const net = new Net();
    expect(net.namedChildren().map(([n]) => n)).toEqual(['encoder', 'head']);
    expect(net.namedModules().map(([n]) => n)).toEqual(['', 'encoder', 'encoder.fc1', 'encoder.act', 'encoder.fc2', 'head', 'head.0', 'head.1']);
    const shared = new nn.Linear(2, 2);
    const tied = new nn.Sequential(shared, new nn.ReLU(), shared);
    expect(tied.parameters()).toHaveLength(2);
    expect(tied.modules()).toHaveLength(3);
  });

  it('counts parameters like sum(p.numel() for p in model.parameters())', () => {
    expect(new nn.Linear(784, 128).numParameters()).toBe(100480);
    const mlp = new nn.Sequential(new nn.Linear(784, 128), new nn.ReLU(), new nn.Linear(128, 10));
    expect(mlp.numParameters()).toBe(784 * 128 + 128 + 128 * 10 + 10);
    const fc = new nn.Linear(3, 2, { bias: false });
    fc.weight.requiresGrad_(false);
    expect(fc.numParameters()).toBe(6);
    expect(fc.numParameters({ onlyTrainable: true })).toBe(0);
  });

  it('Parameter prints as PyTorch: "Parameter containing:" over the tensor', () => {
    expect(String(new nn.Parameter(zeros([2])))).toBe('Parameter containing:\ntensor([0., 0.], requires_grad=True)');
    expect(String(new nn.Parameter(zeros([1], { dtype: 'float64' }), false))).toBe('Parameter containing:\ntensor([0.], dtype=torch.float64)');
  });

  it('Parameter requires grad, shares storage and is a leaf', () => {
    const data = randn([2, 2]);
    const p = new nn.Parameter(data);
    expect(p.requiresGrad && p.isLeaf).toBe(true);
    expect(new nn.Parameter(data, false).requiresGrad).toBe(false);
  });

  it('registration names must be non-empty without dots', () => {
    const m = new nn.Identity();
    expect(() => m.registerBuffer('a.b', zeros([1]))).toThrow(/no "\."/);
    expect(() => m.registerModule('', new nn.ReLU())).toThrow(/non-empty/);
  });

  it('apply visits children first, then the module', () => {
    const seen: string[] = [];
    new nn.Sequential(new nn.Linear(2, 2), new nn.Tanh()).apply((m) => seen.push(m.getName()));
    expect(seen).toEqual(['Linear', 'Tanh', 'Sequential']);
  });

  it('zeroGrad clears or zeroes every gradient', () => {
    const net = new Net();
    net.forward(randn([5, 4], { dtype: 'float64' })).sum().backward();
    expect(net.parameters().every((p) => p.grad !== null)).toBe(true);
    net.zeroGrad({ setToNone: false });
    expect(net.parameters().every((p) => p.grad!.toArray().every((v) => v === 0))).toBe(true);
    net.zeroGrad();
    expect(net.parameters().every((p) => p.grad === null)).toBe(true);
  });

  it('Sequential/ModuleList indexing and iteration', () => {
    const a = new nn.Linear(2, 2);
    const seq = new nn.Sequential(a, new nn.ReLU());
    expect(seq.at(0)).toBe(a);
    expect(seq.at(-1)).toBeInstanceOf(nn.ReLU);
    expect(() => seq.at(2)).toThrow(RangeError);
    expect([...seq]).toHaveLength(2);
    const list = new nn.ModuleList([new nn.Linear(1, 1)]).extend([new nn.Linear(1, 1)]);
    expect(list.length).toBe(2);
    expect(list.namedParameters().map(([n]) => n)).toEqual(['0.weight', '0.bias', '1.weight', '1.bias']);
    expect(() => list.forward()).toThrow(/no forward/);
  });
});

describe('Module: modes and dtype', () => {
  it('train()/eval() set training on every submodule', () => {
    const net = new Net();
    expect(net.modules().every((m) => m.training)).toBe(true);
    net.eval();
    expect(net.modules().every((m) => !m.training)).toBe(true);
    net.train();
    expect(net.head.at(1).training).toBe(true);
  });

  it('Dropout is seeded, inverted, and off in eval', () => {
    const x = ones([1000], { dtype: 'float64' });
    const a = new nn.Dropout(0.25, { generator: new Generator(7) }).forward(x).toArray();
    const b = new nn.Dropout(0.25, { generator: new Generator(7) }).forward(x).toArray();
    expect([...a]).toEqual([...b]);
    expect(new Set(a)).toEqual(new Set([0, 1 / 0.75]));
    const kept = a.filter((v) => v !== 0).length / a.length;
    expect(Math.abs(kept - 0.75)).toBeLessThan(0.05);
    manualSeed(3);
    const c = new nn.Dropout(0.25).forward(x).toArray();
    manualSeed(3);
    expect([...new nn.Dropout(0.25).forward(x).toArray()]).toEqual([...c]);
    const drop = new nn.Dropout(0.5);
    drop.eval();
    expect(drop.forward(x)).toBe(x);
    expect(F.dropout(x, 0.5, { training: false })).toBe(x);
    expect(() => new nn.Dropout(1.5)).toThrow(RangeError);
  });

  it('dropout gradient is the mask scaled by 1/(1-p)', () => {
    const x = ones([50], { dtype: 'float64', requiresGrad: true });
    const y = F.dropout(x, 0.4, { generator: new Generator(1) });
    y.sum().backward();
    expect([...x.grad!.toArray()]).toEqual([...y.detach().toArray()]);
  });

  it('to(dtype)/double()/float() convert parameters, grads and float buffers', () => {
    const net = new Net().float();
    expect(net.parameters().every((p) => p.dtype === 'float32')).toBe(true);
    expect(net.runningMean.dtype).toBe('float32');
    net.forward(randn([2, 4])).sum().backward();
    net.double();
    expect(net.parameters().every((p) => p.dtype === 'float64' && p.grad!.dtype === 'float64' && p instanceof nn.Parameter)).toBe(true);
    expect(net.buffers().every((b) => b.dtype === 'float64')).toBe(true);
    expect(() => net.to('int32')).toThrow(TypeError);
    expect(new nn.Linear(2, 2).weight.dtype).toBe('float32');
  });

  it('to(dtype) keeps the Parameter objects, so an optimizer made before still trains the model', () => {
    const model = new nn.Linear(3, 1, { generator: new Generator(0) });
    const w = model.weight;
    const opt = new optim.SGD(model.parameters(), { lr: 0.1 });
    model.double();
    expect(model.weight).toBe(w);
    expect(w.dtype).toBe('float64');
    expect(w.requiresGrad).toBe(true);
    const before = w.detach().clone();
    model.forward(ones([2, 3], { dtype: 'float64' })).sum().backward();
    opt.step();
    expect(w.sub(before).abs().sum().item()).toBeGreaterThan(0);
    expect(w.grad!.dtype).toBe('float64');
  });

  it('a graph built before to() refuses to backward through the converted parameters', () => {
    const model = new nn.Linear(2, 1);
    const y = model.forward(ones([1, 2])).sum();
    model.double();
    expect(() => y.backward()).toThrow(/modified by an in-place operation/);
  });
});

describe('Module: printing as PyTorch does', () => {
  it('prints the tree with extra_repr', () => {
    const model = new nn.Sequential(new nn.Linear(784, 128), new nn.ReLU(), new nn.Dropout(0.2), new nn.Linear(128, 10, { bias: false }));
    expect(String(model)).toBe(
      [
        'Sequential(',
        '  (0): Linear(in_features=784, out_features=128, bias=True)',
        '  (1): ReLU()',
        '  (2): Dropout(p=0.2, inplace=False)',
        '  (3): Linear(in_features=128, out_features=10, bias=False)',
        ')',
      ].join('\n'),
    );
  });

  it('nests with two-space indents and names user classes', () => {
    expect(String(new Net())).toBe(
      [
        'Net(',
        '  (encoder): Block(',
        '    (fc1): Linear(in_features=4, out_features=8, bias=True)',
        '    (act): ReLU()',
        '    (fc2): Linear(in_features=8, out_features=2, bias=True)',
        '  )',
        '  (head): Sequential(',
        '    (0): Linear(in_features=2, out_features=3, bias=True)',
        '    (1): Dropout(p=0.1, inplace=False)',
        '  )',
        ')',
      ].join('\n'),
    );
  });

  it('prints activations with their options as Python would', () => {
    expect(String(new nn.LeakyReLU())).toBe('LeakyReLU(negative_slope=0.01)');
    expect(String(new nn.LeakyReLU(1e-5))).toBe('LeakyReLU(negative_slope=1e-05)');
    expect(String(new nn.ELU())).toBe('ELU(alpha=1.0)');
    expect(String(new nn.GELU('tanh'))).toBe("GELU(approximate='tanh')");
    expect(String(new nn.Softplus())).toBe('Softplus(beta=1.0, threshold=20.0)');
    expect(String(new nn.Softmax(1))).toBe('Softmax(dim=1)');
    expect(String(new nn.LogSoftmax(-1))).toBe('LogSoftmax(dim=-1)');
    expect(String(new nn.Flatten())).toBe('Flatten(start_dim=1, end_dim=-1)');
    expect(String(new nn.Identity())).toBe('Identity()');
    expect(String(new nn.Sigmoid()) + String(new nn.Tanh()) + String(new nn.SiLU())).toBe('Sigmoid()Tanh()SiLU()');
    expect(String(new nn.CrossEntropyLoss())).toBe('CrossEntropyLoss()');
  });

  it('folds repeated ModuleList entries as PyTorch 2 does', () => {
    const list = new nn.ModuleList([new nn.Linear(2, 2), new nn.Linear(2, 2), new nn.Linear(2, 2), new nn.ReLU()]);
    expect(String(list)).toBe(['ModuleList(', '  (0-2): 3 x Linear(in_features=2, out_features=2, bias=True)', '  (3): ReLU()', ')'].join('\n'));
    expect(String(new nn.ModuleList())).toBe('ModuleList()');
  });
});

describe('Module: state dicts', () => {
  it('stateDict is a frozen snapshot of copies', () => {
    const fc = new nn.Linear(3, 2, { dtype: 'float64' });
    const sd = fc.stateDict();
    expect(Object.isFrozen(sd)).toBe(true);
    expect(() => {
      (sd as Record<string, Tensor>).weight = zeros([1]);
    }).toThrow();
    const before = sd.weight!.toArray().slice();
    fc.weight.detach().fill_(5);
    expect([...sd.weight!.toArray()]).toEqual([...before]);
    expect(sd.weight!.requiresGrad).toBe(false);
  });

  it('loadStateDict copies values (casting dtype) and reports nothing missing', () => {
    const a = new Net();
    const b = new Net();
    expect(b.loadStateDict(a.stateDict())).toEqual({ missingKeys: [], unexpectedKeys: [] });
    for (const [k, v] of Object.entries(a.stateDict())) expect(sameValues(b.stateDict()[k]!, v), k).toBe(true);
    const f32 = new nn.Linear(3, 2);
    f32.loadStateDict(new nn.Linear(3, 2, { dtype: 'float64' }).stateDict());
    expect(f32.weight.dtype).toBe('float32');
    const m = new Map(Object.entries(a.stateDict()));
    expect(new Net().loadStateDict(m).missingKeys).toEqual([]);
  });

  it('strict mode lists missing and unexpected keys as PyTorch does', () => {
    const net = new nn.Sequential(new nn.Linear(2, 3), new nn.ReLU(), new nn.Linear(3, 1));
    const sd: Record<string, Tensor> = { ...net.stateDict() };
    delete sd['2.bias'];
    sd['3.weight'] = zeros([1]);
    let err: unknown;
    try {
      net.loadStateDict(sd);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StateDictError);
    const e = err as StateDictError;
    expect(e.missingKeys).toEqual(['2.bias']);
    expect(e.unexpectedKeys).toEqual(['3.weight']);
    expect(e.message).toBe(
      'Error(s) in loading state_dict for Sequential:\n\tMissing key(s) in state_dict: "2.bias". \n\tUnexpected key(s) in state_dict: "3.weight". ',
    );
    expect(net.loadStateDict(sd, { strict: false })).toEqual({ missingKeys: ['2.bias'], unexpectedKeys: ['3.weight'] });
  });

  it('shape mismatches are errors even when not strict, and nothing is copied', () => {
    const fc = new nn.Linear(2, 3);
    const before = fc.weight.toArray().slice();
    const bad = { weight: zeros([2, 3]), bias: zeros([3]) };
    expect(() => fc.loadStateDict(bad, { strict: false })).toThrow(
      'size mismatch for weight: copying a param with shape [2, 3] from checkpoint, the shape in current model is [3, 2].',
    );
    expect([...fc.weight.toArray()]).toEqual([...before]);
    expect([...fc.bias!.toArray()].some((v) => v !== 0)).toBe(true);
  });

  it('property: loadStateDict(stateDict()) is the identity, bit for bit', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 2, maxLength: 4 }),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.constantFrom('float32' as const, 'float64' as const),
        (sizes, seed, dtype) => {
          const gen = new Generator(seed);
          const layers = sizes.slice(1).flatMap((n, i) => [new nn.Linear(sizes[i]!, n, { dtype, generator: gen }), new nn.Tanh()]);
          const model = new nn.Sequential(...layers);
          const sd = model.stateDict();
          const res = model.loadStateDict(sd);
          expect(res).toEqual({ missingKeys: [], unexpectedKeys: [] });
          const after = model.stateDict();
          expect(Object.keys(after)).toEqual(Object.keys(sd));
          for (const k of Object.keys(sd)) expect(sameValues(after[k]!, sd[k]!)).toBe(true);
          // and into a fresh model of the same architecture: same outputs
          const twin = new nn.Sequential(...sizes.slice(1).flatMap((n, i) => [new nn.Linear(sizes[i]!, n, { dtype }), new nn.Tanh()]));
          twin.loadStateDict(sd);
          const x = tensor(Array.from({ length: 2 * sizes[0]! }, (_, i) => Math.sin(i)), { shape: [2, sizes[0]!], dtype });
          expect(sameValues(twin.forward(x), model.forward(x))).toBe(true);
        },
      ),
      { numRuns: 30, seed: 11 },
    );
  });
});

describe('Linear', () => {
  it('computes x·Wᵀ + b with weight [out, in]', () => {
    const fc = new nn.Linear(2, 3, { dtype: 'float64' });
    fc.loadStateDict({ weight: tensor([[1, 2], [3, 4], [5, 6]], { dtype: 'float64' }), bias: tensor([1, 0, -1], { dtype: 'float64' }) });
    expect(fc.forward(tensor([[1, 1]], { dtype: 'float64' })).tolist()).toEqual([[4, 7, 10]]);
  });

  it("uses PyTorch's default init: weight and bias in ±1/√in, seeded", () => {
    const a = new nn.Linear(64, 32, { generator: new Generator(5), dtype: 'float64' });
    const b = new nn.Linear(64, 32, { generator: new Generator(5), dtype: 'float64' });
    expect(sameValues(a.weight, b.weight)).toBe(true);
    const bound = 1 / 8;
    expect(a.weight.abs().max().item()).toBeLessThanOrEqual(bound);
    expect(a.bias!.abs().max().item()).toBeLessThanOrEqual(bound);
    // U(-b, b) has variance b²/3
    expect(Math.abs(a.weight.var().item() - bound ** 2 / 3)).toBeLessThan(0.1 * (bound ** 2 / 3));
  });

  it('Flatten and Identity', () => {
    expect(new nn.Flatten().forward(zeros([8, 1, 28, 28])).shape).toEqual([8, 784]);
    const x = zeros([2]);
    expect(new nn.Identity().forward(x)).toBe(x);
  });
});
