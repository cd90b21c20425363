/**
 * The engine as a PyTorch user relies on it: accumulation, leaves and non-leaves, retainGraph,
 * grad() with createGraph, hooks, version counters, no-grad modes, anomaly mode, deep graphs, toDot.
 */
import { describe, expect, it } from 'vitest';
import {
  AnomalyError,
  defineFunction,
  detectAnomaly,
  enableGrad,
  grad,
  isGradEnabled,
  noGrad,
  ones,
  randn,
  tensor,
  toDot,
  zeros,
} from '@chainrule/autograd';
import type { Node, Tensor } from '@chainrule/autograd';

const f64 = { dtype: 'float64' as const, requiresGrad: true };

describe('backward and .grad', () => {
  it('accumulates into .grad across backward calls, as PyTorch does', () => {
    const x = tensor([1, 2, 3], f64);
    x.mul(x).sum().backward();
    expect(Array.from(x.grad!.toArray())).toEqual([2, 4, 6]);
    x.mul(3).sum().backward();
    expect(Array.from(x.grad!.toArray())).toEqual([5, 7, 9]);
  });

  it('each .grad owns contiguous memory: no stride-0 views, no sharing between leaves or with the given gradient', () => {
    const x = tensor([1, 1, 1], f64);
    x.sum().backward();
    expect(x.grad!.isContiguous()).toBe(true);
    noGrad(() => x.grad!.add_(tensor([1, 2, 3], { dtype: 'float64' })));
    expect(x.grad!.tolist()).toEqual([2, 3, 4]);
    // add hands one gradient to both inputs: scaling one .grad in place must not scale the other
    const a = tensor([3, 0], f64);
    const b = tensor([0, 4], f64);
    a.add(b).mul(tensor([3, 4], { dtype: 'float64' })).sum().backward();
    noGrad(() => a.grad!.mul_(0.5));
    expect([a.grad!.tolist(), b.grad!.tolist()]).toEqual([[1.5, 2], [3, 4]]);
    // nor with the user's gradient tensor, nor with a retained non-leaf gradient
    const u = tensor([1, 1], { dtype: 'float64' });
    const c = tensor([0, 0], f64);
    const h = c.add(0);
    h.retainGrad();
    h.backward(u);
    noGrad(() => c.grad!.zero_());
    expect([u.tolist(), h.grad!.tolist()]).toEqual([[1, 1], [1, 1]]);
  });

  it('retainGrad() stores the gradient after every hook of that tensor, whenever they were registered', () => {
    const b = tensor([1], f64);
    const c = b.mul(1);
    c.registerHook((g) => g.mul(2));
    c.retainGrad();
    c.registerHook((g) => g.mul(2));
    c.mul(1).backward();
    expect(c.grad!.tolist()).toEqual([4]); // PyTorch: 4
    expect(b.grad!.tolist()).toEqual([4]);
  });

  it('gives leaves a .grad and non-leaves none unless retainGrad()', () => {
    const x = tensor([1, 2], f64);
    const y = x.mul(2);
    const z = x.mul(3).retainGrad();
    y.add(z).sum().backward();
    expect(x.isLeaf).toBe(true);
    expect(y.isLeaf).toBe(false);
    expect(y.grad).toBeNull();
    expect(Array.from(z.grad!.toArray())).toEqual([1, 1]);
    expect(Array.from(x.grad!.toArray())).toEqual([5, 5]);
  });

  it('needs an explicit gradient for a non-scalar output', () => {
    const x = tensor([1, 2], f64);
    expect(() => x.mul(2).backward()).toThrow(/scalar/);
    x.mul(2).backward(tensor([1, 10], { dtype: 'float64' }));
    expect(Array.from(x.grad!.toArray())).toEqual([2, 20]);
  });

  it('throws a clear error on a second backward through a freed graph, and allows it with retainGraph', () => {
    const x = tensor([0.5, 1.5], f64);
    const y = x.exp().sum();
    y.backward(null, { retainGraph: true });
    expect(() => y.backward()).not.toThrow();
    expect(() => y.backward()).toThrow(/second time|retainGraph/);
  });

  it('detach() and requiresGrad_() cut and start graphs', () => {
    const x = tensor([1, 2], f64);
    const d = x.mul(2).detach();
    expect(d.requiresGrad).toBe(false);
    expect(d.gradFn).toBeNull();
    const w = tensor([3, 4], { dtype: 'float64' }).requiresGrad_();
    w.mul(d).sum().backward();
    expect(Array.from(w.grad!.toArray())).toEqual([2, 4]);
    expect(x.grad).toBeNull();
  });

  it('relu passes no gradient where its input was ≤ 0, even an infinite one (as PyTorch)', () => {
    const x = tensor([-1, 0, 2], { requiresGrad: true });
    x.relu().backward(tensor([Infinity, Infinity, Infinity]));
    expect(x.grad!.tolist()).toEqual([0, 0, Infinity]);
  });

  it('a Linear-style weight (used transposed) gets its gradient in its own layout, with the same values', () => {
    const x = randn([5, 4], { dtype: 'float64' });
    const w = randn([3, 4], { dtype: 'float64', requiresGrad: true });
    x.matmul(w.t()).square().sum().backward();
    const want = x.matmul(w.t().detach()).mul(2).t().matmul(x);
    expect(w.grad!.isContiguous()).toBe(true);
    w.grad!.toArray().forEach((v, i) => expect(v).toBeCloseTo(want.toArray()[i]!, 12));
  });

  it('keeps float64 end to end, including gradients', () => {
    const x = tensor([[0.1, 0.2]], f64);
    const y = x.matmul(tensor([[1], [2]], { dtype: 'float64' })).tanh().logSoftmax(0).sum();
    expect(y.dtype).toBe('float64');
    y.backward();
    expect(x.grad!.dtype).toBe('float64');
  });

  it('casts between floats are differentiable (gradient in the input dtype); casts to int32/bool end the graph', () => {
    const x = tensor([1.5, -2], { requiresGrad: true });
    x.double().square().sum().backward();
    expect(x.grad!.dtype).toBe('float32');
    expect(x.grad!.tolist()).toEqual([3, -4]);
    expect(x.int().requiresGrad).toBe(false);
    expect(x.bool().requiresGrad).toBe(false);
  });
});

describe('grad()', () => {
  it('computes gradients of outputs w.r.t. inputs without touching .grad', () => {
    const x = tensor([1, 2, 3], f64);
    const [g] = grad(x.pow(3).sum(), [x]);
    expect(Array.from(g!.toArray())).toEqual([3, 12, 27]);
    expect(x.grad).toBeNull();
  });

  it('with createGraph returns a differentiable gradient (third derivative of x^4)', () => {
    const x = tensor([2], f64);
    const [g1] = grad(x.pow(4).sum(), [x], { createGraph: true });
    const [g2] = grad(g1!.sum(), [x], { createGraph: true });
    const [g3] = grad(g2!.sum(), [x]);
    expect(g1!.item()).toBeCloseTo(32, 12);
    expect(g2!.item()).toBeCloseTo(48, 12);
    expect(g3!.item()).toBeCloseTo(48, 12);
  });

  it('takes gradOutputs and reports unused inputs unless allowUnused', () => {
    const x = tensor([1, 2], f64);
    const u = tensor([5], f64);
    const y = x.mul(2);
    expect(() => grad(y, [x, u], { gradOutputs: [ones([2], { dtype: 'float64' })], retainGraph: true })).toThrow(/unused|not used|allowUnused/);
    const [gx, gu] = grad(y, [x, u], { gradOutputs: [tensor([1, 3], { dtype: 'float64' })], allowUnused: true });
    expect(Array.from(gx!.toArray())).toEqual([2, 6]);
    expect(gu).toBeNull();
  });

  it('an input given twice gets its gradient in both places, leaf or not (as PyTorch)', () => {
    const x = tensor([1, 2], f64);
    const h = x.mul(3);
    const y = h.square().sum();
    const [a, b, c, d] = grad(y, [x, h, x, h]);
    expect([a, b, c, d].map((g) => Array.from(g!.toArray()))).toEqual([[18, 36], [6, 12], [18, 36], [6, 12]]);
  });

  it('runs no hook of a leaf that is not one of its inputs (as PyTorch: it accumulates nothing there)', () => {
    const x = tensor([1, 2], f64);
    const w = tensor([3, 4], f64);
    const seen: string[] = [];
    w.registerHook(() => void seen.push('w'));
    x.registerHook(() => void seen.push('x'));
    const [gx] = grad(x.mul(w).sum(), [x]);
    expect(Array.from(gx!.toArray())).toEqual([3, 4]);
    expect(seen).toEqual(['x']);
    expect(w.grad).toBeNull();
  });
});

describe('hooks', () => {
  it('registerHook sees and can replace the gradient; remove() detaches it', () => {
    const x = tensor([1, 2], f64);
    const seen: number[][] = [];
    const h = x.registerHook((g) => {
      seen.push(Array.from(g.toArray()));
      return g.mul(10);
    });
    x.mul(2).sum().backward();
    expect(seen).toEqual([[2, 2]]);
    expect(Array.from(x.grad!.toArray())).toEqual([20, 20]);
    h.remove();
    x.grad = null;
    x.mul(2).sum().backward();
    expect(Array.from(x.grad!.toArray())).toEqual([2, 2]);
  });

  it('a hook on a leaf used several times runs once, with the summed gradient (as PyTorch)', () => {
    const x = tensor([1, 2], f64);
    const seen: number[][] = [];
    x.registerHook((g) => {
      seen.push(Array.from(g.toArray()));
      return g.mul(10);
    });
    x.mul(x).sum().add(x.sum()).backward();
    expect(seen).toEqual([[3, 5]]);
    expect(x.grad!.tolist()).toEqual([30, 50]);
    const [g] = grad(x.mul(x).sum().add(x.sum()), [x]);
    expect(seen).toEqual([[3, 5], [3, 5]]);
    expect(g!.tolist()).toEqual([30, 50]);
  });

  it('hooks on non-leaf tensors change what flows further back', () => {
    const x = tensor([1, 2], f64);
    const y = x.mul(3);
    y.registerHook((g) => g.mul(0));
    y.sum().backward();
    expect(Array.from(x.grad!.toArray())).toEqual([0, 0]);
  });
});

describe('version counters and in-place ops', () => {
  it('backward throws, naming the op, when a tensor saved for backward was modified in place', () => {
    const w = tensor([1, 2], f64);
    const x = tensor([3, 4], { dtype: 'float64' });
    const y = w.mul(x).sum(); // mul saves x
    x.add_(1);
    expect(() => y.backward()).toThrow(/mul.*modified by an in-place operation|in-place.*mul/i);
  });

  it('in-place ops on a leaf that requires grad are refused outside noGrad, allowed inside', () => {
    const w = tensor([1, 2], f64);
    expect(() => w.add_(1)).toThrow(/leaf.*in-place/);
    noGrad(() => w.sub_(tensor([0.5, 0.5], { dtype: 'float64' })));
    expect(Array.from(w.toArray())).toEqual([0.5, 1.5]);
    expect(w.requiresGrad).toBe(true);
  });

  it('views share storage: writing through a view changes the base', () => {
    const a = zeros([2, 3]);
    a.narrow(1, 1, 2).fill_(7);
    a.t().slice(0, 0, 1).fill_(1);
    expect(a.tolist()).toEqual([
      [1, 7, 7],
      [1, 7, 7],
    ]);
  });
});

describe('grad modes', () => {
  it('noGrad records nothing; enableGrad re-enables inside it', () => {
    const x = tensor([1], f64);
    const y = noGrad(() => x.mul(2));
    expect(y.requiresGrad).toBe(false);
    const z = noGrad(() => enableGrad(() => x.mul(2)));
    expect(z.requiresGrad).toBe(true);
  });

  it('works with async functions and restores the mode after await and after a throw', async () => {
    const x = tensor([1], f64);
    const y = await noGrad(async () => {
      await new Promise((r) => setTimeout(r, 1));
      return x.mul(2);
    });
    expect(y.requiresGrad).toBe(false);
    expect(isGradEnabled()).toBe(true);
    expect(() =>
      noGrad(() => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(isGradEnabled()).toBe(true);
  });
});

describe('anomaly mode', () => {
  it('names the forward op and the user line that produced a NaN in backward', () => {
    const x = tensor([0, 1], f64);
    expect(() =>
      detectAnomaly(() => {
        const y = x.sqrt().mul(0); // d sqrt at 0 is inf, times 0 -> NaN
        y.sum().backward();
      }),
    ).toThrow(AnomalyError);
    try {
      detectAnomaly(() => x.sqrt().mul(0).sum().backward());
    } catch (e) {
      expect(String((e as Error).message)).toMatch(/sqrt/);
      expect(String((e as Error).message)).toMatch(/engine\.test\.ts:\d+/);
    }
  });

  it('without anomaly mode the NaN simply flows into .grad, as in PyTorch', () => {
    const x = tensor([0, 1], f64);
    x.sqrt().mul(0).sum().backward();
    expect(Number.isNaN(x.grad!.toArray()[0])).toBe(true);
  });
});

describe('deep graphs and memory', () => {
  it('backpropagates through 100,000 chained ops without a stack overflow', () => {
    const x = tensor([1], f64);
    let y = x;
    for (let i = 0; i < 100_000; i++) y = y.mul(1.00001);
    y.sum().backward();
    expect(x.grad!.item()).toBeCloseTo(Math.pow(1.00001, 100_000), 6);
  });

  it('frees what every node saved once backward is done, unless retainGraph', () => {
    const nodesOf = (t: Tensor): Node[] => {
      const seen = new Set<Node>();
      const stack = [t.gradFn!];
      while (stack.length) {
        const n = stack.pop()!;
        if (seen.has(n)) continue;
        seen.add(n);
        for (const e of n.edges) if (e && 'node' in e) stack.push(e.node);
      }
      return [...seen];
    };
    const x = randn([4, 4], { dtype: 'float64', requiresGrad: true });
    const kept = x.matmul(x).tanh().exp().sum();
    kept.backward(null, { retainGraph: true });
    expect(nodesOf(kept).some((n) => !n.released)).toBe(true);
    const y = x.matmul(x).tanh().exp().sum();
    const nodes = nodesOf(y);
    expect(nodes.length).toBeGreaterThanOrEqual(4);
    y.backward();
    expect(nodes.every((n) => n.released)).toBe(true);
    expect(() => y.backward()).toThrow(/second time/);
  });
});

describe('toDot', () => {
  it('exports the DAG with op names, shapes and dtypes', () => {
    const w = tensor([[1, 2]], f64);
    const x = tensor([[3], [4]], { dtype: 'float64' });
    const dot = toDot(w.matmul(x).relu().sum());
    expect(dot).toMatch(/^digraph/);
    expect(dot).toMatch(/matmul/i);
    expect(dot).toMatch(/relu/i);
    expect(dot).toMatch(/\[1, 2\]|1×2|1x2/);
    expect(dot).toMatch(/float64/);
  });

  it('escapes op names, so any custom op gives valid DOT', () => {
    const q = defineFunction({ name: 'my "quoted" op', forward: (_c, t: Tensor) => t.mul(2), backward: (_c, g) => [g!.mul(2)] });
    const dot = toDot(q(tensor([1], f64)).sum());
    expect(dot).toContain('label="my \\"quoted\\" op\\n[1] float64"');
  });
});

describe('errors name the problem', () => {
  it('matmul shape mismatch', () => {
    expect(() => zeros([64, 784]).matmul(zeros([100, 10]))).toThrow('shapes [64, 784] and [100, 10] cannot be multiplied');
  });
  it('broadcast mismatch', () => {
    expect(() => zeros([2, 3]).add(zeros([4]))).toThrow(/\[2, 3\].*\[4\]/);
  });
  it('dtype mismatch in matmul', () => {
    expect(() => zeros([2, 2]).matmul(zeros([2, 2], { dtype: 'float64' }))).toThrow('matmul: expected both operands to have the same dtype, but got float32 and float64');
  });
  it('matmul batch dims that do not broadcast name both shapes', () => {
    expect(() => zeros([2, 2, 3]).matmul(zeros([3, 3, 4]))).toThrow('matmul: shapes [2, 2, 3] and [3, 3, 4] cannot be multiplied');
  });
  it('errors name the function the user called', () => {
    expect(() => zeros([2, -1])).toThrow(/^zeros: invalid shape \[2, -1\]/);
    expect(() => ones([1.5])).toThrow(/^ones: invalid shape/);
    expect(() => zeros([2, 3]).indexSelect(0, tensor([2], { dtype: 'int32' }))).toThrow('indexSelect: index 2 is out of bounds for dim 0 with size 2');
  });
  it('item() of a multi-element tensor', () => {
    expect(() => zeros([2]).item()).toThrow(/one-element/);
  });
  it('bad dim', () => {
    expect(() => zeros([2, 3]).sum(2)).toThrow(/dim/);
  });
});

describe('gradients at the points PyTorch defines by convention', () => {
  const at0 = (f: (t: Tensor) => Tensor): number => {
    const x = tensor([0], f64);
    f(x).sum().backward();
    return x.grad!.item();
  };
  it('relu 0, abs 0, leakyRelu slope, softplus ½, elu α, clamp passes at the bounds', () => {
    expect(at0((t) => t.relu())).toBe(0);
    expect(at0((t) => t.abs())).toBe(0);
    expect(at0((t) => t.leakyRelu(0.1))).toBeCloseTo(0.1, 15);
    expect(at0((t) => t.softplus())).toBeCloseTo(0.5, 15);
    expect(at0((t) => t.elu(2))).toBeCloseTo(2, 15);
    expect(at0((t) => t.clamp(0, 1))).toBe(1);
  });
  it('prod at zeros: the product of the others, exactly (no division by zero)', () => {
    const x = tensor([[0, 2, 3], [0, 0, 5], [1, 2, 3]], f64);
    x.prod(1).sum().backward();
    expect(x.grad!.tolist()).toEqual([[6, 0, 0], [0, 0, 0], [6, 3, 2]]);
    const y = tensor([0, 4], f64);
    const [g] = grad(y.prod(), [y], { createGraph: true });
    expect(g!.tolist()).toEqual([4, 0]);
  });
  it('pow with exponent 0 has gradient 0 at base 0 (not 0·∞)', () => {
    expect(at0((t) => t.pow(0))).toBe(0);
    expect(at0((t) => t.pow(2))).toBe(0);
    expect(at0((t) => t.pow(0.5))).toBe(Infinity);
  });
  it('norm of an all-zero tensor has gradient 0 (not NaN), for p = 2 and other p ≥ 1', () => {
    for (const p of [2, 3, 1.5]) {
      const x = zeros([3], f64);
      x.norm(p).backward();
      expect(Array.from(x.grad!.toArray())).toEqual([0, 0, 0]);
    }
    const rows = tensor([[0, 0], [3, 4]], f64);
    rows.norm(2, 1).sum().backward();
    const g = Array.from(rows.grad!.toArray());
    expect(g.slice(0, 2)).toEqual([0, 0]);
    expect(g[2]).toBeCloseTo(0.6, 15);
    expect(g[3]).toBeCloseTo(0.8, 15);
  });
});
