// Pending elementwise chains (ops/fuse.ts) on the wasm backend: results equal the op-by-op ones to
// the bit, whatever the chain, layout or dtype; the arrays a pending chain reads keep the values
// they had when its ops were called, whoever writes to them afterwards (in-place ops, user code
// through `data`); gradients, views, backend switches and long chains behave as without fusion.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Generator, randn, setBackend, tensor } from '@chainrule/autograd';
import type { Tensor } from '@chainrule/autograd';
import { setFusionThreshold } from '@chainrule/autograd/testing';
import { fuseEveryOp } from '../../../test/helpers/fusion.js';

fuseEveryOp();

const pending = (t: Tensor): boolean => t._storage.isPending;

/** Runs `f` with fusion on (every op pending) and off; both results, flat. */
function fusedAndNot(f: () => Tensor): [number[], number[], boolean] {
  setFusionThreshold(1);
  const r = f();
  const wasPending = pending(r);
  const fused = Array.from(r.toArray());
  setFusionThreshold(Infinity);
  const plain = Array.from(f().toArray());
  setFusionThreshold(1);
  return [fused, plain, wasPending];
}

function expectSameBits(a: readonly number[], b: readonly number[], what: string): void {
  expect(a.length, what).toBe(b.length);
  const bad = a.findIndex((x, i) => !Object.is(x, b[i]));
  if (bad >= 0) throw new Error(`${what}: element ${bad}: fused ${a[bad]} vs op by op ${b[bad]}`);
}

// ops a chain is built from: each maps a tensor (and a second operand) to one of the same shape
const unary: [string, (x: Tensor) => Tensor][] = [
  ['neg', (x) => x.neg()], ['exp', (x) => x.exp()], ['log∘abs', (x) => x.abs().log()], ['sqrt∘abs', (x) => x.abs().sqrt()],
  ['tanh', (x) => x.tanh()], ['sigmoid', (x) => x.sigmoid()], ['relu', (x) => x.relu()], ['sin', (x) => x.sin()],
  ['erf', (x) => x.erf()], ['log1p∘abs', (x) => x.abs().log1p()], ['cos', (x) => x.cos()],
];
const binary: [string, (a: Tensor, b: Tensor) => Tensor][] = [
  ['add', (a, b) => a.add(b)], ['sub', (a, b) => a.sub(b)], ['mul', (a, b) => a.mul(b)], ['div', (a, b) => a.div(b)],
  ['maximum', (a, b) => a.maximum(b)], ['minimum', (a, b) => a.minimum(b)], ['pow∘abs', (a, b) => a.abs().pow(b)],
];

/** A second operand for a [rows, cols] tensor: full, a row broadcast down, a column broadcast across, a 0-dim tensor, a JS number, or the chain itself. */
type Other = 'full' | 'row' | 'col' | 'zero-dim' | 'number' | 'self';
function other(kind: Other, x: Tensor, rows: number, cols: number, dtype: 'float32' | 'float64', seed: number): Tensor | number {
  const gen = { dtype, generator: new Generator(seed) };
  switch (kind) {
    case 'full': return randn([rows, cols], gen);
    case 'row': return randn([cols], gen);
    case 'col': return randn([rows, 1], gen);
    case 'zero-dim': return randn([], gen);
    case 'number': return 0.75;
    case 'self': return x;
  }
}

describe('fused chains', () => {
  it('leave the result pending until it is read, then compute it once', () => {
    const x = randn([300, 200]);
    const y = x.mul(2).add(1).relu();
    expect(pending(y)).toBe(true);
    expect(y.shape).toEqual([300, 200]);
    const first = y.toArray();
    expect(pending(y)).toBe(false);
    expect(y._storage.read()).toBe(y._storage.read());
    expect(Array.from(first).every((v, i) => v === Math.max(Math.fround(Math.fround(x.data[i]! * 2) + 1), 0))).toBe(true);
  });

  for (const dtype of ['float32', 'float64'] as const) {
    it(`equal the op-by-op results bit for bit, for random chains, layouts and sizes (${dtype}, property)`, () => {
      const step = fc.tuple(fc.boolean(), fc.nat(20), fc.constantFrom<Other>('full', 'row', 'col', 'zero-dim', 'number', 'self'));
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 70 }), fc.integer({ min: 1, max: 90 }), fc.array(step, { minLength: 1, maxLength: 12 }), fc.nat(1000), (rows, cols, steps, seed) => {
          const run = (): Tensor => {
            let x = randn([rows, cols], { dtype, generator: new Generator(seed) });
            steps.forEach(([isUnary, k, kind], i) => {
              if (isUnary) x = unary[k % unary.length]![1](x);
              else x = binary[k % binary.length]![1](x, other(kind, x, rows, cols, dtype, seed + i + 1) as Tensor);
            });
            return x;
          };
          const [fused, plain] = fusedAndNot(run);
          expectSameBits(fused, plain, `${rows}×${cols}, ${JSON.stringify(steps)}`);
        }),
        { numRuns: 60 },
      );
    });
  }

  it('equal the op-by-op results on large tensors (the SIMD kernels) with NaN, infinities and signed zeros', () => {
    const n = 70001;
    const v = Array.from(randn([n], { generator: new Generator(3) }).toArray());
    const s = [NaN, -0, 0, Infinity, -Infinity, 1e-40, -1e-40];
    for (let i = 0; i < n; i += 5) v[i] = s[(i / 5) % s.length]!;
    const x = tensor(v);
    const b = randn([n], { generator: new Generator(4) });
    const [fused, plain, wasPending] = fusedAndNot(() => x.mul(b).exp().sub(x.abs().sqrt()).maximum(x.neg()).div(b.add(2)).relu());
    expect(wasPending).toBe(true);
    expectSameBits(fused, plain, 'large chain');
  });

  it('take the kernel the op alone would take for a broadcast input (e^x of a repeated value: the JS one)', () => {
    for (const make of [(): Tensor => randn([300, 1], { generator: new Generator(16) }).expand([300, 200]), (): Tensor => randn([], { generator: new Generator(17) }).expand([300, 200])]) {
      const [fused, plain, wasPending] = fusedAndNot(() => make().exp().add(make().mul(2)).exp());
      expect(wasPending).toBe(true);
      expectSameBits(fused, plain, 'broadcast inputs');
    }
  });

  it('read a per-channel value broadcast over a batch and positions ([C, 1] over [N, C, L], a conv bias)', () => {
    const [fused, plain, wasPending] = fusedAndNot(() => {
      const y = randn([4, 5, 300], { generator: new Generator(20) });
      const b = randn([5, 1], { generator: new Generator(21) });
      return y.add(b).relu().mul(b.exp());
    });
    expect(wasPending).toBe(true);
    expectSameBits(fused, plain, 'channel bias');
  });

  it('cap a chain at 16 ops (a longer one computes its operand first), so a 2000-op loop neither overflows nor drifts', () => {
    const run = (): Tensor => {
      let y = randn([64, 64], { generator: new Generator(5) });
      for (let i = 0; i < 2000; i++) y = y.mul(1.0001).sub(0.00001);
      return y;
    };
    const [fused, plain] = fusedAndNot(run);
    expectSameBits(fused, plain, '2000 ops');
  });

  it('give the same gradients as op by op, through pending inputs and outputs', () => {
    const grads = (): number[] => {
      const x = randn([40, 50], { dtype: 'float64', generator: new Generator(6), requiresGrad: true });
      const b = randn([50], { dtype: 'float64', generator: new Generator(7), requiresGrad: true });
      const y = x.mul(b).tanh().add(x.sigmoid()).mul(x).sum();
      y.backward();
      return [...Array.from(x.grad!.toArray()), ...Array.from(b.grad!.toArray())];
    };
    const [fused, plain] = fusedAndNot(() => tensor(grads()));
    expectSameBits(fused, plain, 'gradients');
  });

  it('are views like any tensor: reshape, transpose and slice of a pending result read right', () => {
    const [fused, plain] = fusedAndNot(() => {
      const y = randn([30, 40], { generator: new Generator(8) }).mul(3).add(1);
      return y.reshape([40, 30]).t().narrow(0, 5, 10).mul(2);
    });
    expectSameBits(fused, plain, 'views');
  });

  it('compute on the backend that was current when the op was called', () => {
    const x = randn([100, 100], { generator: new Generator(9) });
    const y = x.exp().mul(2);
    expect(pending(y)).toBe(true);
    setBackend('js');
    const got = Array.from(y.toArray());
    setBackend('wasm');
    setFusionThreshold(Infinity);
    expectSameBits(got, Array.from(x.exp().mul(2).toArray()), 'after setBackend');
  });
});

describe('what a pending chain reads does not change under it', () => {
  it('an in-place op on an input writes a copy: the chain sees the old values, the tensor the new', () => {
    const x = randn([100, 100], { generator: new Generator(10) });
    const old = Array.from(x.toArray());
    const y = x.mul(2);
    x.add_(1);
    expect(Array.from(y.toArray())).toEqual(old.map((v) => Math.fround(v * 2)));
    expect(Array.from(x.toArray())).toEqual(old.map((v) => Math.fround(v + 1)));
  });

  it('user code writing through data (asked for before the op) does not reach the chain', () => {
    const x = randn([100, 100], { generator: new Generator(11) });
    const d = x.data;
    const was = d[0]!;
    const y = x.mul(2);
    d[0] = 1000;
    expect(y.toArray()[0]).toBe(Math.fround(was * 2));
    expect(x.toArray()[0]).toBe(1000);
    // and the array stays the tensor's: later ops see the write
    expect(x.mul(2).toArray()[0]).toBe(2000);
  });

  it('user code writing through data (asked for after the op) does not reach the chain', () => {
    const x = randn([100, 100], { generator: new Generator(12) });
    const was = x.toArray()[0]!;
    const y = x.mul(2);
    const d = x.data;
    d[0] = 1000;
    expect(y.toArray()[0]).toBe(Math.fround(was * 2));
    expect(x.toArray()[0]).toBe(1000);
  });

  it('an in-place op on a pending tensor leaves the chains built on it with its old value', () => {
    const x = randn([100, 100], { generator: new Generator(13) });
    const y = x.mul(2);
    const z = y.add(1);
    y.mul_(10);
    const xs = Array.from(x.toArray());
    expect(Array.from(z.toArray())).toEqual(xs.map((v) => Math.fround(Math.fround(v * 2) + 1)));
    expect(Array.from(y.toArray())).toEqual(xs.map((v) => Math.fround(Math.fround(v * 2) * 10)));
  });

  it('once the chain reading an array has run, writing to it needs no copy', () => {
    // (an intermediate of a longer chain that is never read still counts as a reader: the write
    // then copies, which costs what the op would have cost without fusion)
    const x = randn([100, 100], { generator: new Generator(14) });
    const before = x._storage.read();
    const y = x.mul(2);
    y.toArray();
    x.add_(1);
    expect(x._storage.read() === before).toBe(true);
    const z = x.mul(2).add(1);
    x.add_(1);
    expect(x._storage.read() === before).toBe(false);
    z.toArray();
  });

  it('a chain reading part of an exposed tensor (a row, a column, one element) copies that part and reads it right', () => {
    const big = randn([300, 200], { generator: new Generator(18) });
    const d = big.data;
    const x = randn([300, 200], { generator: new Generator(19) });
    const run = (): Tensor => x.add(big.narrow(0, 7, 1).squeeze(0)).mul(big.narrow(1, 3, 1)).sub(big.narrow(0, 299, 1).narrow(1, 199, 1));
    const [fused, plain, wasPending] = fusedAndNot(run);
    expect(wasPending).toBe(true);
    expectSameBits(fused, plain, 'parts of an exposed tensor');
    // and a later write through data is not seen by a chain made before it
    const want = Array.from(x.add(big.narrow(0, 7, 1)).toArray());
    const z = x.add(big.narrow(0, 7, 1));
    d[7 * 200] = 1e6;
    expect(Array.from(z.toArray())).toEqual(want);
  });

  it('gradcheck-style perturbation through data sees every write', () => {
    const x = randn([50, 40], { dtype: 'float64', generator: new Generator(15) });
    const d = x.data;
    const f = (): number => x.mul(x).sum().item();
    const base = f();
    d[7] = d[7]! + 1;
    const bumped = f();
    d[7] = d[7]! - 1;
    expect(f()).toBe(base);
    expect(bumped).not.toBe(base);
  });
});
