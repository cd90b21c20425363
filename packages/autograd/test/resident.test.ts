// Resident storage (storage.ts): a backward pass's gradients live in the wasm heap and go back to it
// as soon as the pass no longer holds them; what leaves the pass (.grad, retained gradients, grad()
// results, what hooks and custom functions see or make) moves out to ordinary arrays; results are
// the plain path's to the bit; a freed storage can never be read; fused chains copy resident
// operands; the heap does not grow over many steps.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defineFunction, Generator, getBackendName, grad, randn, setBackend, Tensor, tensor, zeros } from '@chainrule/autograd';
import { fusedAdamStep_ } from '@chainrule/autograd/backend';
import { setFusionThreshold, setResidentThreshold } from '@chainrule/autograd/testing';
import { wasmBackend } from '../src/backend/wasm/index.js';
import { context } from '../src/backend/wasm/kernels.js';
import { Storage } from '../src/storage.js';

const initial = getBackendName();
let prevResident = 0;
beforeEach(() => {
  setBackend('wasm');
  prevResident = setResidentThreshold(1);
});
afterEach(() => {
  setResidentThreshold(prevResident);
  setBackend(initial);
});

const g = (seed: number): { generator: Generator } => ({ generator: new Generator(seed) });
const heapBytes = (): number => context().mem.bytesInUse;
const isPlain = (t: Tensor): boolean => !t._storage.isResident && !(t._storage.read().buffer instanceof SharedArrayBuffer);

/** Bitwise equality, signed zeros and NaN included. */
function expectSame(a: Tensor, b: Tensor): void {
  const x = a.toArray();
  const y = b.toArray();
  expect(x.length).toBe(y.length);
  for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) throw new Error(`element ${i}: ${x[i]} vs ${y[i]}`);
}

/** A small network's loss: matmuls, relu, softmax, log-softmax, a gather, reductions, broadcasts. */
function loss(w1: Tensor, w2: Tensor, b: Tensor, x: Tensor): Tensor {
  const h = x.matmul(w1).add(b).relu();
  const p = h.matmul(w2).softmax(1);
  const lp = h.matmul(w2).logSoftmax(1);
  const picked = lp.gather(1, tensor(Array.from({ length: x.shape[0]! }, (_, i) => [i % 7]), { dtype: 'int32' }));
  return p.square().mean().sub(picked.mean()).add(h.sigmoid().sum(0).mean());
}

function params(dtype: 'float32' | 'float64'): Tensor[] {
  return [randn([60, 50], { dtype, ...g(1) }).requiresGrad_(), randn([50, 40], { dtype, ...g(2) }).requiresGrad_(), randn([50], { dtype, ...g(3) }).requiresGrad_()];
}

describe('resident gradients of a backward pass', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    it(`equal the plain arrays' gradients bit for bit (${dtype})`, () => {
      const x = randn([70, 60], { dtype, ...g(4) });
      const run = (min: number): Tensor[] => {
        setResidentThreshold(min);
        const ps = params(dtype);
        loss(ps[0]!, ps[1]!, ps[2]!, x).backward();
        return ps.map((p) => p.grad!);
      };
      const plain = run(Infinity);
      const resident = run(1);
      plain.forEach((p, i) => expectSame(resident[i]!, p));
    });
  }

  it('go back to the heap: the heap holds the same bytes before and after each pass', () => {
    const ps = params('float32');
    const x = randn([70, 60], g(5));
    loss(ps[0]!, ps[1]!, ps[2]!, x).backward(); // first pass: the heap grows to what a pass needs
    const bytes = heapBytes();
    const size = context().mem.byteLength;
    for (let i = 0; i < 20; i++) {
      for (const p of ps) p.grad = null;
      loss(ps[0]!, ps[1]!, ps[2]!, x).backward();
      expect(heapBytes()).toBe(bytes);
    }
    expect(context().mem.byteLength).toBe(size);
  });

  it('hand out .grad, retained gradients and grad() results as ordinary arrays', () => {
    const ps = params('float32');
    const x = randn([70, 60], g(6));
    const h = x.matmul(ps[0]!).relu();
    h.retainGrad();
    h.matmul(ps[1]!).square().sum().backward();
    expect(isPlain(ps[0]!.grad!)).toBe(true);
    expect(isPlain(h.grad!)).toBe(true);
    expect(ps[0]!.grad!.data.buffer).toBeInstanceOf(ArrayBuffer);
    const [d] = grad(x.matmul(ps[0]!).relu().sum(), ps[0]!);
    expect(isPlain(d!)).toBe(true);
    setResidentThreshold(Infinity);
    const [want] = grad(x.matmul(ps[0]!).relu().sum(), ps[0]!);
    expectSame(d!, want!);
  });

  it('a hook keeps what it sees and what it makes, with the right values, after the pass', () => {
    const x = randn([40, 30], g(7)).requiresGrad_();
    const w = randn([30, 20], g(8));
    const kept: Tensor[] = [];
    const y = x.matmul(w);
    y.registerHook((gr) => {
      kept.push(gr, gr.mul(2));
      return gr.add(1);
    });
    x.registerHook((gr) => {
      kept.push(gr.neg());
    });
    y.tanh().sum().backward();
    // the same by hand, on plain arrays
    setResidentThreshold(Infinity);
    const gy = y.detach().tanh().square().neg().add(1);
    expectSame(kept[0]!, gy);
    expectSame(kept[1]!, gy.mul(2));
    expectSame(kept[2]!, gy.add(1).matmul(w.t()).neg());
    expectSame(x.grad!, gy.add(1).matmul(w.t()));
    kept.forEach((t) => expect(isPlain(t)).toBe(true));
  });

  it("a custom function's backward keeps its incoming gradient and what it makes", () => {
    const kept: Tensor[] = [];
    const double = defineFunction({
      name: 'Double',
      forward: (_ctx, a: Tensor) => a.mul(2),
      backward: (_ctx, gr: Tensor) => {
        kept.push(gr);
        const r = gr.mul(2);
        kept.push(r);
        return r;
      },
    });
    const x = randn([50, 40], g(9)).requiresGrad_();
    double(x.exp()).square().sum().backward();
    setResidentThreshold(Infinity);
    const gy = x.detach().exp().mul(2).mul(2);
    expectSame(kept[0]!, gy);
    expectSame(kept[1]!, gy.mul(2));
    expectSame(x.grad!, gy.mul(2).mul(x.detach().exp()));
  });

  it('a hook that throws: the pass fails, the heap is back where it was, and the next pass is right', () => {
    const ps = params('float32');
    const x = randn([70, 60], g(10));
    loss(ps[0]!, ps[1]!, ps[2]!, x).backward();
    const bytes = heapBytes();
    for (const p of ps) p.grad = null;
    const h = x.matmul(ps[0]!);
    h.registerHook(() => {
      throw new Error('hook failed');
    });
    expect(() => h.relu().sum().backward()).toThrow('hook failed');
    expect(heapBytes()).toBe(bytes);
    for (const p of ps) p.grad = null;
    loss(ps[0]!, ps[1]!, ps[2]!, x).backward();
    const got = ps.map((p) => p.grad!);
    setResidentThreshold(Infinity);
    for (const p of ps) p.grad = null;
    loss(ps[0]!, ps[1]!, ps[2]!, x).backward();
    ps.forEach((p, i) => expectSame(got[i]!, p.grad!));
  });

  it('a second-order pass (createGraph) keeps its gradients in ordinary arrays, with the right values', () => {
    const x = randn([30, 20], { dtype: 'float64', ...g(11) }).requiresGrad_();
    const [d] = grad(x.pow(3).sum(), x, { createGraph: true });
    expect(isPlain(d!)).toBe(true);
    const [d2] = grad(d!.sum(), x);
    expectSame(d2!, x.detach().mul(6));
  });
});

describe('resident storage', () => {
  const resident = (values: number[]): Tensor => {
    const st = Storage.resident(wasmBackend.heap!, 'float32', values.length);
    st.read().set(values);
    return new Tensor(st, [values.length], [1], 0, 'float32');
  };

  it('is read and written in place by the kernels, with the plain results', () => {
    const v = Array.from(randn([3000], g(12)).toArray());
    const r = resident(v);
    const p = tensor(v);
    expectSame(r.relu(), p.relu());
    expectSame(r.mul(r).sum(), p.mul(p).sum());
    r.mul_(2);
    p.mul_(2);
    expectSame(r, p);
    expect(r._storage.isResident).toBe(true);
  });

  it('moves out to an ordinary array when user code asks for .data (same values, same version)', () => {
    const r = resident([1, 2, 3]);
    r.mul_(2);
    const version = r._storage.version;
    const d = r.data;
    expect(d.buffer).toBeInstanceOf(ArrayBuffer);
    expect(Array.from(d)).toEqual([2, 4, 6]);
    expect(r._storage.isResident).toBe(false);
    expect(r._storage.version).toBe(version);
  });

  it('once freed, throws on any use instead of reading reused memory', () => {
    const r = resident([1, 2, 3]);
    r._storage.free();
    expect(() => r.add(1)).toThrow('freed');
    expect(() => r.tolist()).toThrow('freed');
  });

  it('is copied by a fused chain, which keeps the values it was called with', () => {
    const prev = setFusionThreshold(1);
    try {
      const r = resident(Array.from({ length: 5000 }, (_, i) => i));
      const pending = r.mul(2).add(1);
      expect(pending._storage.isPending).toBe(true);
      r.fill_(-1);
      r._storage.free();
      expectSame(pending, tensor(Array.from({ length: 5000 }, (_, i) => 2 * i + 1)));
    } finally {
      setFusionThreshold(prev);
    }
  });

  it('of a parameter an optimizer steps in place: promoted into the heap, same values as plain; .data moves it out for good', () => {
    const p = randn([3000], g(15)).requiresGrad_();
    const q = p.detach().clone();
    const [m, v, m2, v2] = [zeros([3000]), zeros([3000]), zeros([3000]), zeros([3000])];
    const grad = randn([3000], g(16));
    const o = { beta1: 0.9, beta2: 0.999, stepSize: 1e-3 / 0.1, bc2Sqrt: Math.sqrt(1 - 0.999), eps: 1e-8 };
    expect(fusedAdamStep_(p, grad, m, v, o)).toBe(true);
    for (const t of [p, m, v]) expect(t._storage.isResident).toBe(true);
    // the same step on the plain path (resident storage off): the same bits
    const prev = setResidentThreshold(Infinity);
    try {
      expect(fusedAdamStep_(q, grad, m2, v2, o)).toBe(true);
      for (const t of [q, m2, v2]) expect(t._storage.isResident).toBe(false);
    } finally {
      setResidentThreshold(prev);
    }
    expectSame(p, q);
    expectSame(m, m2);
    expectSame(v, v2);
    // user code asks for the array: out to a plain array, and never promoted again
    const d = p.data;
    expect(d.buffer).toBeInstanceOf(ArrayBuffer);
    expect(fusedAdamStep_(p, grad, m, v, o)).toBe(true);
    expect(p._storage.isResident).toBe(false);
    expect(Array.from(d)).toEqual(Array.from(p.toArray()));
  });

  it('a training loop of many steps does not grow the heap or the memory', () => {
    const w = randn([200, 300], g(13)).requiresGrad_();
    const x = randn([100, 200], g(14));
    const step = (): void => {
      w.grad = null;
      x.matmul(w).relu().square().mean().backward();
      w.detach().sub_(w.grad!.mul(0.01));
    };
    step();
    const bytes = heapBytes();
    const size = context().mem.byteLength;
    for (let i = 0; i < 50; i++) step();
    expect(heapBytes()).toBe(bytes);
    expect(context().mem.byteLength).toBe(size);
    expect(zeros([2]).add(1).tolist()).toEqual([1, 1]);
  });
});
