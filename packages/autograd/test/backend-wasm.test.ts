// The wasm backend against the JS reference kernels: every matmul layout (threaded too), the
// elementwise, comparison, where, reduction and softmax layouts its SIMD kernels take (operands of
// at least 1024 elements: smaller ones run the JS kernels), special values, and its memory (tensor
// storage stays ordinary typed arrays; the kernel memory does not grow with the number of calls).
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { cat, col2im, convolution, Generator, getBackendName, im2col, randn, setBackend, tensor, where } from '@chainrule/autograd';
import type { Tensor, Window2d } from '@chainrule/autograd';
import { context, helperReady } from '../src/backend/wasm/kernels.js';

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
    if (!(err <= tol * (1 + Math.abs(r[i]!))) && !(Number.isNaN(r[i]!) && Number.isNaN(w[i]!)) && r[i] !== w[i]) {
      throw new Error(`element ${i}: wasm ${w[i]} vs js ${r[i]}`);
    }
  }
}

/** Bit for bit, signed zeros included. */
function expectSame(f: () => Tensor): void {
  const [r, w] = both(f);
  expect(w.length).toBe(r.length);
  for (let i = 0; i < r.length; i++) {
    if (!Object.is(w[i], r[i])) throw new Error(`element ${i}: wasm ${w[i]} vs js ${r[i]}`);
  }
}

const g = (seed: number): { generator: Generator } => ({ generator: new Generator(seed) });

/** A float tensor of `n` (≥ 1024) values with NaN, ±0, ±∞, ties and tiny numbers sprinkled in. */
function specials(n: number, dtype: 'float32' | 'float64', seed: number): Tensor {
  const v = Array.from(randn([n], { dtype, ...g(seed) }).toArray());
  const s = [NaN, -0, 0, Infinity, -Infinity, 1, -1, 1e-40, -1e-40, 2.5];
  for (let i = 0; i < n; i += 7) v[i] = s[(i / 7) % s.length]!;
  return tensor(v, { dtype });
}

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

  it('shares large products (over 4M multiply-adds) with the helper thread, with the same result', () => {
    const tol = 2e-4;
    // one product: B packed once by both threads, then blocks of rows
    expectClose(() => randn([300, 200], g(1)).matmul(randn([200, 260], g(2))), tol);
    expectClose(() => randn([8, 700], g(3)).matmul(randn([700, 1000], g(4))), tol);
    // batches: tiles of (batch, rows, columns), each packing its own B
    expectClose(() => randn([6, 80, 90], g(5)).matmul(randn([6, 90, 140], g(6))), tol);
    expectClose(() => randn([257, 300], g(7)).t().matmul(randn([257, 129], g(8))), tol);
    expectClose(() => randn([3, 1, 130, 70], g(11)).matmul(randn([2, 70, 140], g(12))), tol); // broadcast batch
    expectClose(() => randn([200, 300], { dtype: 'float64', ...g(9) }).matmul(randn([150, 300], { dtype: 'float64', ...g(10) }).t()), 1e-12);
  });

  it('keeps its memory bounded over many calls', () => {
    setBackend('wasm');
    const a = randn([150, 170], g(13));
    const b = randn([170, 160], g(14));
    a.matmul(b);
    const bytes = context().mem.byteLength;
    for (let i = 0; i < 50; i++) a.matmul(b).relu().sum(1);
    expect(context().mem.byteLength).toBe(bytes);
  });
});

describe('wasm elementwise', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    it(`unary ops equal the JS kernels bit for bit, NaN and signed zeros included (${dtype})`, () => {
      const x = specials(3001, dtype, 11);
      expectSame(() => x.relu());
      expectSame(() => x.neg());
      expectSame(() => x.abs());
      expectSame(() => x.sqrt());
      const big = randn([3, 70001], { dtype, ...g(12) });
      expectSame(() => big.relu()); // several bands
      expectSame(() => big.t().relu()); // strided: JS kernel
      expectSame(() => big.narrow(1, 5, 60000).neg()); // rows with a gap between them
    });

    it(`exp is within 2 ulp of Math.exp, overflow, underflow and specials included (${dtype})`, () => {
      const x = specials(2003, dtype, 13).mul(30);
      const edges = tensor([88.7, 88.73, 89, 709.7, 709.8, 710, -87, -103, -104.5, -745, -746, -800], { dtype }).expand([100, 12]).flatten();
      const ulp = dtype === 'float32' ? 2.4e-7 : 4.5e-16;
      expectClose(() => x.exp(), ulp);
      expectClose(() => edges.exp(), ulp);
      expectClose(() => randn([5000], { dtype, ...g(14) }).mul(3).exp(), ulp);
    });

    it(`binary ops equal the JS kernels for each operand layout (${dtype})`, () => {
      const a = specials(53 * 37, dtype, 15).reshape([37, 53]);
      const b = specials(53 * 37, dtype, 16).reshape([37, 53]);
      const row = randn([53], { dtype, ...g(17) });
      const col = randn([37, 1], { dtype, ...g(18) });
      for (const op of ['add', 'sub', 'mul', 'div', 'maximum', 'minimum'] as const) {
        expectSame(() => a[op](b)); // both rows contiguous
        expectSame(() => a[op](row)); // b repeated across rows
        expectSame(() => row[op](a));
        expectSame(() => a[op](col)); // b one element per row
        expectSame(() => col[op](a));
        expectSame(() => a[op](3));
        expectSame(() => col.expand([37, 53])[op](col.mul(2))); // both one element per row
        expectSame(() => randn([4, 50, 60], { dtype, ...g(19) })[op](randn([50, 1], { dtype, ...g(20) })));
        expectSame(() => randn([1 << 17], { dtype, ...g(21) })[op](2)); // several bands along one row
      }
    });

    it(`comparisons equal the JS kernels, NaN included, for every layout and length (${dtype})`, () => {
      const a = specials(1031 * 3, dtype, 22).reshape([3, 1031]);
      const b = specials(1031 * 3, dtype, 23).reshape([3, 1031]);
      const col = randn([3, 1], { dtype, ...g(24) });
      for (const op of ['eq', 'ne', 'lt', 'le', 'gt', 'ge'] as const) {
        expectSame(() => a[op](b));
        expectSame(() => a[op](a)); // ties
        expectSame(() => a[op](0));
        expectSame(() => col[op](a));
        expectSame(() => a[op](col.expand([3, 1031])));
      }
    });

    it(`where equals the JS kernel for each operand layout (${dtype})`, () => {
      const x = specials(40 * 41, dtype, 25).reshape([40, 41]);
      const y = randn([40, 41], { dtype, ...g(26) });
      const c = x.gt(0.1);
      expectSame(() => where(c, x, y));
      expectSame(() => where(c, x, 0));
      expectSame(() => where(c, -1, y));
      expectSame(() => where(c, 2, -3));
      expectSame(() => where(c, randn([41], { dtype, ...g(27) }), randn([40, 1], { dtype, ...g(28) })));
      expectSame(() => where(c.t().contiguous().t(), x, y)); // a strided condition: JS kernel
    });
  }
});

describe('wasm gather and scatter-add (indexSelect along the last dim: im2col)', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    it(`equal the JS kernels bit for bit, repeated indices included (${dtype})`, () => {
      const x = randn([6, 5, 300], { dtype, ...g(50) });
      const idx = tensor(Array.from({ length: 700 }, (_, i) => (i * 37) % 300), { dtype: 'int32' });
      expectSame(() => x.indexSelect(2, idx));
      // the backward of indexSelect is a scatter-add of the output gradient (repeated indices add up)
      const back = (): Tensor => {
        const leaf = x.detach().requiresGrad_();
        leaf.indexSelect(2, idx).mul(randn([6, 5, 700], { dtype, ...g(51) })).sum().backward();
        return leaf.grad!;
      };
      expectSame(back);
      expect(() => x.gather(2, tensor([[[300]]], { dtype: 'int32' }).expand([6, 5, 2000]))).toThrow('gather: index 300 is out of bounds for dim 2 with size 300');
      // checked in wasm: a bad index anywhere (in a vector or the tail), negative ones too
      for (const at of [0, 5, 698, 699]) {
        const bad = Int32Array.from(idx.toArray());
        bad[at] = at % 2 === 0 ? -1 : 301;
        expect(() => x.indexSelect(2, tensor(bad, { dtype: 'int32' }))).toThrow(`index ${bad[at]} is out of bounds`);
      }
    });

    it(`max along the last dim (per-row gather, argmax), its backward and argmax with ties and NaN equal the JS kernels (${dtype})`, () => {
      const v = Array.from(randn([400, 7], { dtype, ...g(52) }).toArray());
      for (let i = 0; i < v.length; i += 13) v[i] = v[i + 1] ?? 0; // ties
      for (let i = 5; i < v.length; i += 97) v[i] = NaN;
      const x = tensor(v, { shape: [400, 7], dtype });
      expectSame(() => x.max(1).values);
      expectSame(() => x.max(-1).indices.to(dtype));
      expectSame(() => x.argmax(1).to(dtype));
      expectSame(() => {
        const leaf = x.detach().requiresGrad_();
        leaf.max(1).values.mul(randn([400], { dtype, ...g(53) })).sum().backward();
        return leaf.grad!;
      });
    });
  }
});

describe('wasm im2col and col2im (convolution and pooling windows)', () => {
  it('equal the JS kernels bit for bit for any geometry, layout and dtype (property)', () => {
    fc.assert(
      fc.property(
        fc.record({
          h: fc.integer({ min: 1, max: 14 }),
          w: fc.integer({ min: 1, max: 14 }),
          kh: fc.integer({ min: 1, max: 4 }),
          kw: fc.integer({ min: 1, max: 4 }),
          sh: fc.integer({ min: 1, max: 3 }),
          sw: fc.integer({ min: 1, max: 3 }),
          ph: fc.integer({ min: 0, max: 2 }),
          pw: fc.integer({ min: 0, max: 2 }),
          dh: fc.integer({ min: 1, max: 2 }),
          dw: fc.integer({ min: 1, max: 2 }),
          byWindow: fc.boolean(),
          f64: fc.boolean(),
          pad: fc.constantFrom(0, -Infinity, 0.5),
          seed: fc.nat(1000),
        }),
        ({ h, w, kh, kw, sh, sw, ph, pw, dh, dw, byWindow, f64, pad, seed }) => {
          const oh = Math.floor((h + 2 * ph - dh * (kh - 1) - 1) / sh) + 1;
          const ow = Math.floor((w + 2 * pw - dw * (kw - 1) - 1) / sw) + 1;
          fc.pre(oh >= 1 && ow >= 1);
          const win: Window2d = { h, w, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow, pad, byWindow };
          // enough planes that the columns and the images both take the wasm kernels (≥ 1024 elements)
          const planes = Math.ceil(1024 / Math.min(h * w, kh * kw * oh * ow)) + 1;
          const dtype = f64 ? 'float64' : 'float32';
          const x = randn([2, Math.ceil(planes / 2), h, w], { dtype, ...g(seed) });
          expectSame(() => im2col(x, win));
          const cols = randn(byWindow ? [2, Math.ceil(planes / 2), oh * ow, kh * kw] : [2, Math.ceil(planes / 2), kh * kw, oh * ow], { dtype, ...g(seed + 1) });
          expectSame(() => col2im(cols, { ...win, pad: 0 }));
        },
      ),
      { numRuns: 80 },
    );
  });

  it('convolution and its two gradients match the JS kernels (threaded tiles of images, any geometry, both dtypes)', () => {
    fc.assert(
      fc.property(
        fc.record({
          n: fc.integer({ min: 1, max: 20 }),
          c: fc.integer({ min: 1, max: 6 }),
          o: fc.integer({ min: 1, max: 9 }),
          h: fc.integer({ min: 3, max: 16 }),
          w: fc.integer({ min: 3, max: 16 }),
          k: fc.integer({ min: 1, max: 3 }),
          s: fc.integer({ min: 1, max: 2 }),
          p: fc.integer({ min: 0, max: 1 }),
          d: fc.integer({ min: 1, max: 2 }),
          f64: fc.boolean(),
          seed: fc.nat(1000),
        }),
        ({ n, c, o, h, w, k, s, p, d, f64, seed }) => {
          const oh = Math.floor((h + 2 * p - d * (k - 1) - 1) / s) + 1;
          const ow = Math.floor((w + 2 * p - d * (k - 1) - 1) / s) + 1;
          fc.pre(oh >= 1 && ow >= 1);
          const win: Window2d = { h, w, kh: k, kw: k, sh: s, sw: s, ph: p, pw: p, dh: d, dw: d, oh, ow, pad: 0, byWindow: false };
          const dtype = f64 ? 'float64' : 'float32';
          // 8× the batch, so that most cases are above the size that runs the JS kernel
          const x = randn([8 * n, c, h, w], { dtype, ...g(seed) });
          const wt = randn([o, c, k, k], { dtype, ...g(seed + 1) });
          const gy = randn([8 * n, o, oh, ow], { dtype, ...g(seed + 2) });
          const tol = f64 ? 1e-12 : 2e-5 * c * k * k;
          expectClose(() => convolution(x, wt, win), tol);
          const grads = (): Tensor => {
            const [xl, wl] = [x.detach().requiresGrad_(), wt.detach().requiresGrad_()];
            convolution(xl, wl, win).mul(gy).sum().backward();
            return cat([xl.grad!.flatten(), wl.grad!.flatten()]);
          };
          expectClose(grads, f64 ? 1e-11 : 2e-5 * 8 * n * oh * ow);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('a convolution the size of a CNN layer runs as image tiles on the pool, with the JS kernels\' result', () => {
    const jobs = vi.spyOn(context().pool, 'conv');
    try {
      const win: Window2d = { h: 14, w: 14, kh: 3, kw: 3, sh: 1, sw: 1, ph: 1, pw: 1, dh: 1, dw: 1, oh: 14, ow: 14, pad: 0, byWindow: false };
      const x = randn([40, 16, 14, 14], g(61));
      const wt = randn([32, 16, 3, 3], g(62));
      expectClose(() => convolution(x, wt, win), 1e-4);
      expectClose(() => {
        const [xl, wl] = [x.detach().requiresGrad_(), wt.detach().requiresGrad_()];
        convolution(xl, wl, win).square().sum().backward();
        return cat([xl.grad!.flatten(), wl.grad!.flatten()]);
      }, 1e-3);
      // forward, then the input's and the weight's gradients
      expect(jobs.mock.calls.map((call) => call[1])).toEqual([0, 0, 1, 2]);
    } finally {
      jobs.mockRestore();
    }
  });

  it('take strided inputs (made contiguous first) and big batches', () => {
    const x = randn([6, 40, 28, 30], g(60)).transpose(2, 3);
    const win: Window2d = { h: 30, w: 28, kh: 3, kw: 3, sh: 1, sw: 1, ph: 1, pw: 1, dh: 1, dw: 1, oh: 30, ow: 28, pad: 0, byWindow: false };
    expectSame(() => im2col(x, win));
    expectSame(() => col2im(im2col(x, win).mul(2), win));
  });
});

describe('wasm reductions and softmax', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    it(`row and column sums and row maxima match the JS kernels (${dtype}, NaN wins a max)`, () => {
      const x = randn([129, 257], { dtype, ...g(29) });
      expectClose(() => x.sum(1), 1e-12);
      expectClose(() => x.sum(0), 1e-12);
      expectClose(() => x.sum(), 1e-12);
      expectSame(() => x.amax(1));
      expectClose(() => randn([1024, 1024], { dtype, ...g(30) }).sum(1), 1e-12); // several bands
      expectClose(() => randn([600, 512], { dtype, ...g(31) }).sum(0), 1e-12);
      expectSame(() => specials(130 * 9, dtype, 32).reshape([130, 9]).amax(1));
      // leading and trailing dims summed, the middle kept (a conv bias's gradient)
      expectClose(() => randn([16, 6, 7, 9], { dtype, ...g(38) }).sum([0, 2, 3]), 1e-12);
      expectClose(() => randn([3, 4, 50, 2, 9], { dtype, ...g(39) }).sum([0, 1, 3, 4]), 1e-12);
    });

    it(`softmax and logSoftmax over the last dim match the JS kernels (${dtype})`, () => {
      const tol = dtype === 'float32' ? 1e-6 : 1e-14;
      for (const n of [1, 3, 10, 17, 64, 1000]) {
        const x = randn([Math.ceil(2048 / n), n], { dtype, ...g(33 + n) }).mul(5);
        expectClose(() => x.softmax(1), tol);
        expectClose(() => x.logSoftmax(-1), tol);
      }
      // huge logits, -inf entries (a masked class), a row of NaN, a row with +inf, a row of -inf
      const rows = [
        [1000, 999, -1000, 0, 5],
        [-Infinity, 1, 2, -Infinity, 3],
        [NaN, 1, 2, 3, 4],
        [Infinity, 1, 2, 3, 4],
        [-Infinity, -Infinity, -Infinity, -Infinity, -Infinity],
      ];
      const special = tensor(Array.from({ length: 300 }, (_, i) => rows[i % rows.length]!), { dtype });
      expectClose(() => special.softmax(1), tol);
      expectClose(() => special.logSoftmax(1), tol);
    });
  }
});

describe('wasm storage', () => {
  it('keeps tensor storage in ordinary typed arrays', () => {
    setBackend('wasm');
    const t = randn([64, 64], g(34)).matmul(randn([64, 64], g(35))).relu();
    expect(t.data.buffer).toBeInstanceOf(ArrayBuffer);
    expect(t.data.buffer).not.toBeInstanceOf(SharedArrayBuffer);
  });

  it('grows its memory for a large operand, and later calls still compute right', () => {
    setBackend('wasm');
    const before = context().mem.byteLength;
    const big = randn([Math.ceil(before / 4) + 1000, 2], g(36));
    expectClose(() => big.t().matmul(big), 1e-3);
    expect(context().mem.byteLength).toBeGreaterThan(before);
    expectSame(() => randn([2000], g(37)).relu());
  });
});

describe('the default backend', () => {
  it('is wasm in a fresh Node process, where WebAssembly SIMD and SharedArrayBuffer exist', () => {
    const code = "const m = await import('@chainrule/autograd'); console.log(m.getBackendName(), m.tensor([1, 2]).add(1).sum().item());";
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--conditions=source', '--input-type=module', '-e', code], { encoding: 'utf8' });
    expect(out.trim()).toBe('wasm 5');
  });
});
