// The wasm backend against the JS reference kernels: every matmul layout (threaded too), the
// elementwise and reduction layouts its SIMD kernels take, and its storage (in place, budget
// fallback to the JS heap, memory growth).
import fc from 'fast-check';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Generator, getBackendName, randn, setBackend, tensor } from '@chainrule/autograd';
import type { Tensor } from '@chainrule/autograd';
import { getHeap } from '../src/backend/wasm/heap.js';
import { helperReady } from '../src/backend/wasm/kernels.js';

const initial = getBackendName();
afterEach(() => {
  setBackend(initial);
});

/** Runs `f` on both backends and returns both results as flat arrays. */
function both(f: () => Tensor): [Float64Array, Float64Array] {
  setBackend('js');
  const r = Float64Array.from(f().toArray());
  setBackend('wasm');
  const w = Float64Array.from(f().toArray());
  setBackend(initial);
  return [r, w];
}

function expectClose(f: () => Tensor, tol: number): void {
  const [r, w] = both(f);
  expect(w.length).toBe(r.length);
  for (let i = 0; i < r.length; i++) {
    const err = Math.abs(w[i]! - r[i]!);
    if (!(err <= tol * (1 + Math.abs(r[i]!))) && !(Number.isNaN(r[i]!) && Number.isNaN(w[i]!))) {
      throw new Error(`element ${i}: wasm ${w[i]} vs js ${r[i]}`);
    }
  }
}

function expectSame(f: () => Tensor): void {
  const [r, w] = both(f);
  expect(Array.from(w)).toEqual(Array.from(r));
}

const g = (seed: number): { generator: Generator } => ({ generator: new Generator(seed) });

beforeAll(async () => {
  setBackend('wasm');
  expect(await helperReady()).toBe(true);
  setBackend(initial);
});

describe('wasm matmul', () => {
  it('matches the JS kernel for every transpose, batch and dtype (property)', () => {
    fc.assert(
      fc.property(
        fc.record({
          b: fc.integer({ min: 1, max: 3 }),
          m: fc.integer({ min: 1, max: 40 }),
          k: fc.integer({ min: 1, max: 40 }),
          n: fc.integer({ min: 1, max: 40 }),
          ta: fc.boolean(),
          tb: fc.boolean(),
          f64: fc.boolean(),
          seed: fc.nat(1000),
        }),
        ({ b, m, k, n, ta, tb, f64, seed }) => {
          const dtype = f64 ? 'float64' : 'float32';
          const a = ta ? randn([b, k, m], { dtype, ...g(seed) }).transpose(1, 2) : randn([b, m, k], { dtype, ...g(seed) });
          const bb = tb ? randn([b, n, k], { dtype, ...g(seed + 1) }).transpose(1, 2) : randn([b, k, n], { dtype, ...g(seed + 1) });
          expectClose(() => a.matmul(bb), f64 ? 1e-12 : 1e-5 * Math.max(1, k));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('splits large products across the helper thread (rows, columns, batches) with the same result', () => {
    const tol = 2e-4;
    expectClose(() => randn([300, 200], g(1)).matmul(randn([200, 260], g(2))), tol); // rows
    expectClose(() => randn([8, 700], g(3)).matmul(randn([700, 300], g(4))), tol); // columns
    expectClose(() => randn([6, 40, 90], g(5)).matmul(randn([6, 90, 70], g(6))), tol); // batches
    expectClose(() => randn([257, 300], g(7)).t().matmul(randn([257, 129], g(8))), tol); // Aᵀ·B
    expectClose(() => randn([200, 300], { dtype: 'float64', ...g(9) }).matmul(randn([150, 300], { dtype: 'float64', ...g(10) }).t()), 1e-12);
  });

});

describe('wasm elementwise and reductions', () => {
  const specials = tensor([NaN, -0, 0, Infinity, -Infinity, -2.5, 3, 1e-40, -1e-40]);
  it('unary SIMD ops equal the JS kernels bit for bit, NaN and signed zeros included', () => {
    for (const dtype of ['float32', 'float64'] as const) {
      const x = specials.to(dtype);
      expectSame(() => x.relu());
      expectSame(() => x.neg());
      expectSame(() => x.abs());
      expectSame(() => x.sqrt());
      const big = randn([3, 70001], { dtype, ...g(11) });
      expectSame(() => big.relu()); // threaded
      expectSame(() => big.t().relu()); // strided: JS fallback
    }
  });

  it('binary ops equal the JS kernels for contiguous, broadcast rows/columns/scalars and threaded sizes', () => {
    for (const dtype of ['float32', 'float64'] as const) {
      const a = randn([37, 53], { dtype, ...g(12) });
      const row = randn([53], { dtype, ...g(13) });
      const col = randn([37, 1], { dtype, ...g(14) });
      const big = randn([1 << 18], { dtype, ...g(15) });
      for (const op of ['add', 'sub', 'mul', 'div'] as const) {
        expectSame(() => a[op](a.mul(0.5)));
        expectSame(() => a[op](row));
        expectSame(() => row[op](a));
        expectSame(() => a[op](col));
        expectSame(() => a[op](3));
        expectSame(() => big[op](big));
        expectSame(() => big[op](2));
        expectSame(() => randn([4, 5, 6], { dtype, ...g(16) })[op](randn([5, 1], { dtype, ...g(17) })));
      }
    }
  });

  it('row and column sums and row maxima match the JS kernels (NaN wins a max)', () => {
    for (const dtype of ['float32', 'float64'] as const) {
      const x = randn([129, 257], { dtype, ...g(18) });
      expectClose(() => x.sum(1), 1e-12);
      expectClose(() => x.sum(0), 1e-12);
      expectClose(() => x.sum(), 1e-12);
      expectSame(() => x.amax(1));
      expectClose(() => randn([1024, 1024], { dtype, ...g(19) }).sum(1), 1e-12); // threaded
      expectClose(() => randn([600, 512], { dtype, ...g(20) }).sum(0), 1e-12); // threaded
      expectSame(() => tensor([[1, NaN, 3, 4, 5, 6, 7, 8, 9], [2, 1, 0, -1, -2, -3, -4, -5, 9]], { dtype }).amax(1));
    }
  });
});

describe('wasm storage', () => {
  it('places new tensors in the kernels shared memory and leaves user arrays alone', () => {
    setBackend('wasm');
    const t = randn([4, 4]);
    expect(t.data.buffer).toBeInstanceOf(SharedArrayBuffer);
    setBackend('js');
    const j = randn([4, 4]);
    expect(j.data.buffer).toBeInstanceOf(ArrayBuffer);
  });

  it('computes on JS-heap operands (made on the js backend) by copying them in', () => {
    setBackend('js');
    const a = randn([70, 90], g(21));
    const b = randn([90, 50], g(22));
    const ref = a.matmul(b).add(1).relu().sum(1).toArray();
    setBackend('wasm');
    const out = a.matmul(b).add(1).relu().sum(1).toArray();
    for (let i = 0; i < ref.length; i++) expect(out[i]).toBeCloseTo(ref[i]!, 3);
  });

  it('falls back to the JS heap past its budget, with the same results', () => {
    setBackend('wasm');
    const heap = getHeap();
    const saved = heap.budget;
    try {
      heap.budget = heap.stats().held; // nothing more fits
      const a = randn([30, 40], g(23));
      expect(a.data.buffer).toBeInstanceOf(ArrayBuffer);
      const y = a.matmul(a.t()).relu();
      expect(y.data.buffer).toBeInstanceOf(ArrayBuffer);
      heap.budget = saved;
      const z = a.matmul(a.t()).relu();
      expect(z.data.buffer).toBeInstanceOf(SharedArrayBuffer);
      expect(Array.from(y.toArray())).toEqual(Array.from(z.toArray()));
    } finally {
      heap.budget = saved;
    }
  });

  it('keeps earlier tensors intact when the memory grows', () => {
    setBackend('wasm');
    const a = randn([1000], g(24));
    const before = Array.from(a.toArray());
    const before0 = getHeap().stats().memoryBytes;
    const big = randn([(before0 / 4) | 0], g(25)); // forces growth
    expect(getHeap().stats().memoryBytes).toBeGreaterThan(before0);
    expect(a.data.length).toBe(1000);
    expect(Array.from(a.toArray())).toEqual(before);
    expect(big.add(1).numel()).toBe(big.numel());
  });
});
