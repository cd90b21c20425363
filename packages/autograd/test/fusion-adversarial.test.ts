// Adversarial checks of the fused elementwise chains (ops/fuse.ts, storage.ts, backend/wasm/fused.ts):
// every scenario runs twice on the wasm backend, once with every elementwise op left pending
// (setFusionThreshold(1)) and once op by op (setFusionThreshold(Infinity)), and everything the user
// can observe (values bit for bit, gradients, errors, printing) must be identical.
//
// The two tests in 'memory held by live pending tensors' found that a chain reading one row of a
// storage kept the whole storage alive (164 MiB against 1.5 MiB op by op); Storage.capture now
// copies a part under a quarter of the array, and the chain then holds no reference to the storage.
// (This file sets the wasm backend itself: the vitest config runs it in the wasm project only.)
import v8 from 'node:v8';
import vm from 'node:vm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Generator, grad, noGrad, randn, setBackend, tensor, zeros } from '@chainrule/autograd';
import type { Tensor } from '@chainrule/autograd';
import { setFusionThreshold } from '@chainrule/autograd/testing';
import { expectSame, fusedVsPlain, fuseEveryOp, observe } from '../../../test/helpers/fusion.js';

fuseEveryOp();

const gen = (seed: number, dtype: 'float32' | 'float64' = 'float32', requiresGrad = false) => ({ dtype, generator: new Generator(seed), requiresGrad });

describe('broadcast layouts where the op alone takes the JS kernel and the chain the SIMD one', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    it(`maximum/minimum with signed zeros and NaN over a per-channel bias (${dtype})`, () => {
      expectSame(() => {
        const n = 4, c = 3, l = 400;
        const y = zeros([n, c, l], { dtype });
        const d = y.data;
        for (let i = 0; i < d.length; i++) d[i] = [0, -0, NaN, 1, -1][i % 5]!;
        const b = tensor([[-0], [0], [NaN]], { dtype });
        return [y.maximum(b), y.minimum(b), b.expand([n, c, l]).maximum(y), b.expand([n, c, l]).minimum(y), y.add(b), y.mul(b)];
      });
    });
  }
});

describe('in-place ops on (parts of) a storage that pending chains read in every layout', () => {
  const R = 48, C = 40;
  const inplace: [string, (x: Tensor, o: Tensor) => void][] = [
    ['add_', (x, o) => x.add_(o)], ['sub_', (x, o) => x.sub_(o, { alpha: 0.5 })], ['mul_', (x, o) => x.mul_(o)], ['div_', (x, o) => x.div_(o.add(3))],
    ['copy_', (x, o) => x.copy_(o)], ['fill_', (x) => x.fill_(7)], ['zero_', (x) => x.zero_()], ['clamp_', (x) => x.clamp_(-0.1, 0.2)],
    ['add_ scalar', (x) => x.add_(1)], ['mul_ self-view', (x) => x.mul_(x.narrow(0, 0, 1))], ['add_ self', (x) => x.add_(x)],
    ['copy_ transposed self', (x) => x.copy_(x.t().reshape(x.shape as number[]))],
  ];
  // which part of the base the in-place op writes
  const targets: [string, (b: Tensor) => Tensor][] = [
    ['whole', (b) => b], ['row 3', (b) => b.narrow(0, 3, 1)], ['rows 2..9', (b) => b.narrow(0, 2, 8)], ['column 5', (b) => b.narrow(1, 5, 1)],
    ['transpose', (b) => b.t()], ['detach', (b) => b.detach()], ['view flat', (b) => b.view([R * C])], ['one element', (b) => b.narrow(0, 4, 1).narrow(1, 4, 1)],
  ];
  for (const [iname, ip] of inplace) {
    for (const [tname, tg] of targets) {
      it(`${iname} on ${tname} of a storage pending chains read in every layout`, () => {
        expectSame(() => {
          const base = randn([R, C], gen(1));
          const w = randn([R, C], gen(2));
          const p = base.mul(2); // pending, reads base
          const readers = [
            base.exp(), // full
            w.add(base.narrow(0, 3, 1)), // a row of base
            w.mul(randn([C, R], gen(9)).narrow(0, 2, 1).t()), // a row as a column (shape [R, 1], stride 1) — of another storage
            w.mul(base.t().contiguous().narrow(0, 2, 1).t()),
            w.mul(base.view([R * C]).narrow(0, 5, R).view([R, 1])), // R consecutive elements of base as a column (column layout)
            base.view([R * C]).narrow(0, 7, R).view([R, 1]).expand([R, C]).exp(), // unary on a column of base
            w.sub(base.narrow(0, 4, 1).narrow(1, 4, 1)), // one element
            base.view([C, R]).sigmoid().view([R, C]), // a view
            p.add(1), // a pending chain over base
            p.mul(p.narrow(0, 1, 1)), // a pending chain and a row of a pending tensor
            base.mul(base), // base twice
          ];
          const o = randn(tg(base).shape as number[], gen(3));
          const t = tg(base);
          let err: unknown = null;
          try {
            ip(t, o);
          } catch (e) {
            err = e;
          }
          const later = base.mul(3);
          return { readers, base, p, later, err };
        });
      });
    }
  }
});

describe('harness', () => {
  it('tells fused from op by op (sanity: pendingness differs)', () => {
    const { fused, plain } = fusedVsPlain(() => randn([10], gen(1)).mul(2)._storage.isPending);
    expect(fused).not.toEqual(plain);
  });
  it('tells -0 from 0', () => {
    expect(observe(tensor([-0]))).not.toEqual(observe(tensor([0])));
  });
});

describe('autograd through pending tensors', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    it(`a pending tensor saved for backward and then changed in place refuses to backward, as op by op (${dtype})`, () => {
      const cases: ((x: Tensor) => Tensor)[] = [
        (x) => { const z = x.mul(2).exp(); noGrad(() => z.mul_(2)); return z.sum(); },
        (x) => { const z = x.mul(2).exp(); z.detach().add_(1); return z.sum(); },
        (x) => { const y = x.mul(3); const z = y.mul(y); y.detach().narrow(0, 1, 1).fill_(0); return z.sum(); },
        (x) => { const y = x.sigmoid(); const z = y.add(1); y.detach().copy_(x.detach()); return z.mul(y).sum(); },
        (x) => { const y = x.tanh(); const z = y.mul(x); noGrad(() => x.add_(1)); return z.sum(); },
        (x) => { const y = x.exp(); const v = y.narrow(0, 2, 3).t(); const z = v.mul(v); y.detach().zero_(); return z.sum(); },
        (x) => { const y = x.exp(); const z = y.sqrt(); y.detach().clamp_(0, 1); return z.sum(); },
        (x) => { const y = x.mul(x); const q = y.view([-1]).exp(); y.detach().div_(2); return q.sum(); },
      ];
      cases.forEach((c, i) => {
        expectSame(() => {
          const x = randn([8, 6], gen(10 + i, dtype, true));
          const r = c(x);
          let err: unknown = null;
          try {
            r.backward();
          } catch (e) {
            err = e;
          }
          return { i, r, err, g: x.grad };
        });
      });
    });

    it(`writes through data to a saved pending tensor (no version bump) reach backward as op by op (${dtype})`, () => {
      expectSame(() => {
        const x = randn([20, 30], gen(20, dtype, true));
        const y = x.mul(x); // saves x; pending, reads x
        const z = y.exp(); // saves z (pending)
        const e = z.data; // exposed after z was saved
        e[3] = 7;
        x.data[5] = 100; // x captured by y's chain: a copy-on-write
        const w = z.mul(y);
        w.sum().backward();
        return { y, z, w, g: x.grad };
      });
    });

    it(`grad of grad through pending chains with createGraph, hooks, retainGrad (${dtype})`, () => {
      expectSame(() => {
        const x = randn([16, 12], gen(30, dtype, true));
        const b = randn([12], gen(31, dtype, true));
        const h = x.mul(b).tanh();
        h.retainGrad();
        const seen: Tensor[] = [];
        h.registerHook((g) => { seen.push(g); return g.mul(1.5); });
        const y = h.mul(h).add(x.sigmoid().mul(b)).sum();
        const [gx, gb] = grad(y, [x, b], { createGraph: true });
        const gg = gx!.mul(gx!).sum().add(gb!.exp().sum());
        const [gxx, gbb] = grad(gg, [x, b], { retainGraph: true });
        gg.backward();
        return { y, gx, gb, gxx, gbb, xg: x.grad, bg: b.grad, hg: h.grad, seen };
      });
    });

    it(`a hook that changes the gradient in place while other chains read it (${dtype})`, () => {
      expectSame(() => {
        const x = randn([40, 30], gen(40, dtype, true));
        const a = x.mul(2);
        const c = a.add(a.exp()); // a's gradient goes to two places
        a.registerHook((g) => { g.mul_(3); });
        c.registerHook((g) => { g.add_(1); });
        const y = c.mul(c).sum();
        y.backward();
        return { y, g: x.grad };
      });
    });

    it(`backward twice accumulates into a pending .grad, with an in-place change of .grad between (${dtype})`, () => {
      expectSame(() => {
        const x = randn([30, 30], gen(50, dtype, true));
        const y = x.exp().mul(x).sum();
        y.backward(null, { retainGraph: true });
        const g1 = x.grad!;
        const before = g1.mul(1); // pending reader of the first .grad
        noGrad(() => x.grad!.mul_(0.5));
        y.backward();
        return { g1, before, g2: x.grad };
      });
    });
  }

  it('detach/clone/noGrad of pending tensors, then in-place on the original', () => {
    expectSame(() => {
      const x = randn([50, 40], gen(60));
      const y = x.mul(2).add(1);
      const d = y.detach();
      const c = y.clone();
      const n = noGrad(() => y.exp());
      y.add_(5);
      const after = [d, c, n, y.mul(1)];
      d.mul_(0);
      return [...after, y, c, n];
    });
  });
});

describe('layout fuzz (3-D outputs spanning several chunks, inputs of every layout)', () => {
  const shapes: [number, number, number][] = [[2, 3, 1500], [5, 7, 131], [3, 4099, 2], [1, 1, 9000], [9, 1001, 1], [2, 2, 4097], [6, 683, 3], [4, 5, 300], [17, 3, 97]];
  for (const dtype of ['float32', 'float64'] as const) {
    for (const [A, B, C] of shapes) {
      it(`[${A}, ${B}, ${C}] ${dtype}`, () => {
        expectSame(() => {
          const g = (s: number[], seed: number): Tensor => randn(s, gen(seed, dtype));
          const full = g([A, B, C], 1);
          const ins = [g([C], 2), g([B, C], 3), g([B, 1], 4), g([A, B, 1], 5), g([A, 1, 1], 6), g([1], 7), g([A, 1, C], 8), g([], 9)];
          let y = full.mul(ins[0]!).add(ins[1]!).sub(ins[2]!).mul(ins[3]!);
          y = y.exp().div(ins[4]!.abs().add(1)).maximum(ins[5]!).minimum(ins[6]!.exp()).add(ins[7]!);
          const z = ins[2]!.expand([A, B, C]).exp().add(ins[4]!.expand([A, B, C]).neg()).mul(y);
          const w = ins[0]!.expand([A, B, C]).relu().sub(ins[3]!.expand([A, B, C]).sqrt()).add(z.narrow(2, 0, 1));
          return [y, z, w];
        });
      });
    }
  }
});

/**
 * A random program over a few [R, C] tensors sharing storages through views: out-of-place ops
 * (operands full, a row, a column, one element), in-place ops on tensors and views, writes through
 * `data`, reads, backend switches. It logs every read, and everything at the end.
 */
function randomProgram(dtype: 'float32' | 'float64', R: number, C: number, actions: number[][], withGrad = false): unknown {
  const log: unknown[] = [];
  const base = randn([R, C], gen(1, dtype, withGrad));
  const leaf2 = randn([R, C], gen(2, dtype, withGrad));
  const pool: Tensor[] = [base, leaf2, base.reshape([C, R]).reshape([R, C])];
  const pick = (k: number): Tensor => pool[k % pool.length]!;
  const operand = (t: Tensor, kind: number, k: number): Tensor => {
    switch (kind % 5) {
      case 0: return t;
      case 1: return t.narrow(0, k % R, 1); // a row of t
      case 2: return t.reshape([R * C]).narrow(0, k % (R * C - R + 1), R).reshape([R, 1]); // R consecutive elements as a column
      case 3: return t.narrow(0, k % R, 1).narrow(1, k % C, 1); // one element
      default: return t.reshape([C, R]).reshape([R, C]); // a view of the whole
    }
  };
  const unary = [(x: Tensor) => x.exp(), (x: Tensor) => x.neg(), (x: Tensor) => x.tanh(), (x: Tensor) => x.relu(), (x: Tensor) => x.abs().sqrt(), (x: Tensor) => x.sigmoid()];
  const binary = [(a: Tensor, b: Tensor) => a.add(b), (a: Tensor, b: Tensor) => a.mul(b), (a: Tensor, b: Tensor) => a.sub(b), (a: Tensor, b: Tensor) => a.maximum(b), (a: Tensor, b: Tensor) => a.div(b.abs().add(1))];
  for (const [what, i, j, kind, k] of actions) {
    const t = pick(i!);
    switch (what! % 10) {
      case 0: pool.push(unary[k! % unary.length]!(t)); break;
      case 1: case 2: pool.push(binary[k! % binary.length]!(t, operand(pick(j!), kind!, k!))); break;
      case 3: {
        // an in-place op on t or a view of t
        const target = [t, t.narrow(0, k! % R, 1), t.t(), t.reshape([R * C]).narrow(0, 0, R)][kind! % 4]!;
        const o = pick(j!);
        const src = o.shape.length === 2 && target.shape.length === 2 && target.shape[0] === R && target.shape[1] === C ? o : o.narrow(0, 0, 1).narrow(1, 0, 1).reshape([]);
        noGrad(() => [() => target.add_(src), () => target.mul_(0.5), () => target.sub_(src, { alpha: 2 }), () => target.div_(3), () => target.copy_(src), () => target.fill_(k! / 7), () => target.zero_(), () => target.clamp_(-0.5, 0.5)][k! % 8]!());
        break;
      }
      case 4: {
        const d = (kind! % 2 === 0 ? t : t.narrow(0, k! % R, 1)).data; // exposes the storage (through a view, sometimes)
        d[k! % d.length] = k! / 3 - 5;
        break;
      }
      case 5: log.push(observe(t)); break;
      case 6: pool.push(t.reshape([C, R]).t()); break; // a transposed view
      case 7: setBackend(k! % 2 === 0 ? 'js' : 'wasm'); break;
      case 8: pool.push(t.detach()); break;
      default: log.push(observe(t.sum()), String(t.narrow(0, 0, 1)));
    }
  }
  setBackend('wasm');
  if (!withGrad) return { log, pool };
  let err: unknown = null;
  try {
    pool.filter((t) => t.requiresGrad).reduce((acc, t, i) => acc.add(t.mul(i + 1).tanh().sum()), zeros([], { dtype })).backward();
  } catch (e) {
    err = e;
  }
  return { log, pool, err, g1: base.grad, g2: leaf2.grad };
}

describe('random programs of ops, views, in-place ops and data writes (property)', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    it(`are the same fused and op by op (${dtype})`, () => {
      const action = fc.tuple(fc.nat(9), fc.nat(40), fc.nat(40), fc.nat(9), fc.nat(1000));
      fc.assert(
        fc.property(fc.integer({ min: 2, max: 40 }), fc.integer({ min: 2, max: 40 }), fc.array(action, { minLength: 1, maxLength: Number(process.env.FUZZ_LEN ?? 40) }), (R, C, actions) => {
          const { fused, plain } = fusedVsPlain(() => randomProgram(dtype, R, C, actions));
          expect(plain).not.toHaveProperty('threw');
          expect(fused).toEqual(plain);
        }),
        { numRuns: Number(process.env.FUZZ_RUNS ?? 300) },
      );
    });

    it(`with autograd (leaves that require grad, in-place ops in noGrad, backward at the end) are the same fused and op by op (${dtype})`, () => {
      const action = fc.tuple(fc.nat(9), fc.nat(40), fc.nat(40), fc.nat(9), fc.nat(1000));
      fc.assert(
        fc.property(fc.integer({ min: 2, max: 40 }), fc.integer({ min: 2, max: 40 }), fc.array(action, { minLength: 1, maxLength: 40 }), (R, C, actions) => {
          const { fused, plain } = fusedVsPlain(() => randomProgram(dtype, R, C, actions, true));
          expect(plain).not.toHaveProperty('threw');
          expect(fused).toEqual(plain);
        }),
        { numRuns: Number(process.env.FUZZ_RUNS ?? 200) },
      );
    });

    it(`at the default threshold (big ops pending, small ones not, mixed in one program) are the same as op by op (${dtype})`, () => {
      const action = fc.tuple(fc.nat(9), fc.nat(40), fc.nat(40), fc.nat(9), fc.nat(1000));
      fc.assert(
        fc.property(fc.integer({ min: 160, max: 240 }), fc.integer({ min: 160, max: 240 }), fc.array(action, { minLength: 1, maxLength: 25 }), (R, C, actions) => {
          const { fused, plain } = fusedVsPlain(() => randomProgram(dtype, R, C, actions, true), 32768);
          expect(plain).not.toHaveProperty('threw');
          expect(fused).toEqual(plain);
        }),
        { numRuns: Number(process.env.FUZZ_RUNS ?? 15) },
      );
    }, 240_000); // 15 programs over 160-240 square tensors: a minute or more on a loaded 2-core machine

    it(`are the same fused and op by op on tensors over SIMD sizes and several chunks (${dtype})`, () => {
      const action = fc.tuple(fc.nat(9), fc.nat(40), fc.nat(40), fc.nat(9), fc.nat(1000));
      fc.assert(
        fc.property(fc.integer({ min: 33, max: 130 }), fc.integer({ min: 33, max: 130 }), fc.array(action, { minLength: 1, maxLength: 30 }), (R, C, actions) => {
          const { fused, plain } = fusedVsPlain(() => randomProgram(dtype, R, C, actions));
          expect(plain).not.toHaveProperty('threw');
          expect(fused).toEqual(plain);
        }),
        { numRuns: Number(process.env.FUZZ_RUNS ?? 40) },
      );
    });
  }
});

/** A full garbage collection (V8's gc, exposed for the test). */
function collect(): void {
  v8.setFlagsFromString('--expose_gc');
  const gc = vm.runInNewContext('gc') as () => void;
  gc();
  gc();
}
const usedBytes = (): number => {
  collect();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};

describe('memory', () => {
  // each loop body allocates ~1 MiB per iteration if nothing is freed (65536 float32 = 256 KiB per array)
  const loops: [string, () => () => void][] = [
    ['a chain over an exposed tensor, read every iteration', () => {
      const x = randn([256, 256], gen(1));
      const d = x.data;
      return () => {
        const y = x.mul(1.0001).add(d[0]!).exp().neg();
        y.sum().item();
      };
    }],
    ['in-place updates of a tensor that pending chains read, never reading most of them', () => {
      const x = randn([256, 256], gen(2));
      const keep: Tensor[] = [];
      let i = 0;
      return () => {
        const y = x.mul(2).add(1); // pending, reads x, never read
        keep.push(y);
        if (keep.length > 3) keep.shift();
        x.mul_(0.999).add_(y.narrow(0, 0, 1)); // the row read computes y
        if (++i % 10 === 0) x.sum().item();
      };
    }],
    ['a value carried from iteration to iteration, never read (the 16-op cap)', () => {
      let y = randn([256, 256], gen(3));
      return () => {
        y = y.mul(0.9999).add(0.0001);
      };
    }],
    ['momentum-like accumulation with in-place parameter updates', () => {
      const p = randn([256, 256], gen(4));
      let buf = zeros([256, 256]);
      let i = 0;
      return () => {
        const g = p.mul(p).sub(1).tanh(); // a pending "gradient" reading p
        buf = buf.mul(0.9).add(g);
        p.sub_(buf.mul(1e-3));
        if (++i % 100 === 0) p.sum().item();
      };
    }],
    ['autograd each iteration (graph dropped), parameters updated in noGrad', () => {
      const w = randn([256, 256], gen(5, 'float32', true));
      const x = randn([256, 256], gen(6));
      return () => {
        const loss = x.mul(w).tanh().mul(w).sum();
        loss.backward();
        noGrad(() => w.sub_(w.grad!.mul(1e-4)));
        w.grad = null;
      };
    }],
  ];
  for (const [name, make] of loops) {
    it(`does not grow over 2000 iterations: ${name}`, () => {
      const body = make();
      for (let i = 0; i < 200; i++) body(); // warm up
      const start = usedBytes();
      for (let i = 0; i < 2000; i++) body();
      const grown = usedBytes() - start;
      // 2000 iterations leaking one 256 KiB array each would be 500 MiB
      expect(grown).toBeLessThan(32 * 2 ** 20);
    });
  }
});

describe('odd sizes and shapes', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    it(`0-dim, one-element and [1, 1] chains, and 0-dim results read with item() (${dtype})`, () => {
      expectSame(() => {
        const a = randn([], gen(1, dtype));
        const b = randn([1], gen(2, dtype));
        const c = randn([1, 1], gen(3, dtype));
        const big = randn([70, 90], gen(4, dtype));
        const s = big.sum().mul(2).exp().neg(); // a pending 0-dim chain
        const ea = a.expand([70, 90]);
        const eb = b.expand([70, 90]);
        const both = [ea.add(eb), ea.maximum(eb).exp(), ea.exp().mul(eb.neg()), ea.div(eb).add(ea.sub(eb).relu()), ea.mul(ea)]; // two broadcast scalars (the kernels' 'ss' mode)
        return [a.exp().mul(a).add(b.squeeze(0)), b.mul(c.view([1])).tanh(), c.add(a), s, s.item(), big.mul(s), big.add(a).sub(b).mul(c), String(s), both];
      });
    });

    it(`a balanced tree of 32 distinct inputs (a 31-op chain, 32 registers) over several chunks (${dtype})`, () => {
      expectSame(() => {
        let level = Array.from({ length: 32 }, (_, i) => randn([97, 101], gen(100 + i, dtype)));
        let k = 0;
        while (level.length > 1) {
          const next: Tensor[] = [];
          for (let i = 0; i < level.length; i += 2) next.push([(a: Tensor, b: Tensor) => a.add(b), (a: Tensor, b: Tensor) => a.mul(b), (a: Tensor, b: Tensor) => a.maximum(b).exp(), (a: Tensor, b: Tensor) => a.sub(b).tanh()][k++ % 4]!(level[i]!, level[i + 1]!));
          level = next;
        }
        return level[0];
      });
    });

    it(`chains longer than 16 ops whose inputs are pending views (narrow, expand, reshape, transpose of a pending tensor) (${dtype})`, () => {
      expectSame(() => {
        const x = randn([64, 80], gen(5, dtype));
        let p = x.mul(1.5);
        for (let i = 0; i < 14; i++) p = p.add(0.1).mul(0.9); // 29 ops: computed part-way
        const q = x.exp();
        let y = x.neg();
        for (let i = 0; i < 40; i++) {
          const v = [p.narrow(0, i % 64, 1), p.narrow(1, i % 80, 1), q.reshape([80, 64]).reshape([64, 80]), q.reshape([80, 64]).t(), p.narrow(0, 3, 1).narrow(1, 7, 1).expand([64, 80]), q.view([64 * 80]).narrow(0, i, 64).view([64, 1])][i % 6]!;
          y = y.mul(0.75).add(v);
        }
        return [y, p, q];
      });
    });
  }

  it('a fusion threshold of 0 (empty tensors left pending too)', () => {
    const prev = setFusionThreshold(0);
    try {
      const e = randn([0, 5], gen(1));
      const y = e.mul(2).add(1).exp();
      expect(y.shape).toEqual([0, 5]);
      expect(Array.from(y.toArray())).toEqual([]);
      const z = randn([3, 0, 2], gen(2)).add(randn([2], gen(3))).tanh();
      expect(z.shape).toEqual([3, 0, 2]);
      expect(z.tolist()).toEqual([[], [], []]);
      expect(String(y)).toBe(String(randn([0, 5], gen(1))));
    } finally {
      setFusionThreshold(prev);
    }
  });
});

describe('memory held by live pending tensors', () => {
  /** Bytes still held after `make` built and kept `keep` (run with fusion at `threshold`). */
  function retained(threshold: number, make: () => unknown): number {
    const prev = setFusionThreshold(threshold);
    try {
      const before = usedBytes();
      const kept = make();
      const after = usedBytes();
      expect(kept).toBeDefined();
      return after - before;
    } finally {
      setFusionThreshold(prev);
    }
  }

  // A pending chain that reads one row of a [1024, 1024] tensor updated in place between them must
  // not pin a 4 MiB copy per result (it did, before Storage.capture copied small parts); op by op
  // each result holds only its own [8, 1024] array (32 KiB).
  it('reading one row of a big tensor that is updated in place does not pin a copy of the whole tensor per result', () => {
    const make = (): Tensor[] => {
      const table = randn([1024, 1024], gen(1));
      const x = randn([8, 1024], gen(2));
      const outs: Tensor[] = [];
      for (let i = 0; i < 40; i++) {
        outs.push(x.add(table.narrow(0, i, 1))); // left pending, never read here
        table.mul_(0.999); // an in-place update (an optimizer step, say)
      }
      return outs;
    };
    const plain = retained(Infinity, make);
    const fused = retained(1, make);
    // op by op: 40 results of 32 KiB (~1.3 MiB) plus the 4 MiB table; fused: ~40 × 4 MiB
    expect(fused, `fused keeps ${(fused / 2 ** 20).toFixed(1)} MiB, op by op ${(plain / 2 ** 20).toFixed(1)} MiB`).toBeLessThan(2 * plain + 8 * 2 ** 20);
  });

  // The same with the default threshold and no in-place op: a pending result that read one row of a
  // temporary must not keep the whole temporary alive until the result is read.
  it('with the default threshold, a pending result that read one row of a temporary does not keep the temporary', () => {
    const make = (): Tensor[] => {
      const x = randn([32, 1024], gen(3)); // 32768 elements: left pending at the default threshold
      const outs: Tensor[] = [];
      for (let i = 0; i < 20; i++) {
        const temp = randn([1024, 1024], gen(10 + i)); // 4 MiB, dropped at the end of the iteration
        outs.push(x.mul(temp.narrow(0, i, 1)));
      }
      return outs;
    };
    const plain = retained(Infinity, make);
    const fused = retained(32768, make);
    // op by op: 20 results of 128 KiB (2.5 MiB); fused: 20 × (4 MiB + 128 KiB once computed)
    expect(fused, `fused keeps ${(fused / 2 ** 20).toFixed(1)} MiB, op by op ${(plain / 2 ** 20).toFixed(1)} MiB`).toBeLessThan(2 * plain + 8 * 2 ** 20);
  });
});
