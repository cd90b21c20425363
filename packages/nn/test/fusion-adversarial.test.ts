// Adversarial checks of the fused elementwise chains from the nn side: optimizers (which update
// parameters in place while pending chains may still read them), Module.to()/double() (which swap a
// Parameter's storage with _setData), safetensors save, printing. Every scenario runs on the wasm
// backend fused (setFusionThreshold(1)) and op by op (setFusionThreshold(Infinity)); everything
// observable must be the same to the bit. (The file sets the wasm backend itself: the vitest config
// runs it in the wasm project only.)
import { describe, it } from 'vitest';
import { Generator, gradcheck, gradgradcheck, noGrad, randn, Tensor } from '@chainrule/autograd';
import { expectSame, fuseEveryOp } from '../../../test/helpers/fusion.js';
import { loadSafetensors, nn, optim, saveSafetensors } from '@chainrule/nn';
import * as F from '@chainrule/nn/functional';

fuseEveryOp();

type Dt = 'float32' | 'float64';
function mlp(dtype: Dt, seed: number): nn.Sequential {
  const g = new Generator(seed);
  return new nn.Sequential(new nn.Linear(12, 64, { dtype, generator: g }), new nn.Tanh(), new nn.Linear(64, 32, { dtype, generator: g }), new nn.ReLU(), new nn.Linear(32, 5, { dtype, generator: g }));
}

const optimizers: [string, (ps: Tensor[]) => optim.Optimizer<optim.BaseOptions, object>][] = [
  ['SGD', (ps) => new optim.SGD(ps, { lr: 0.05 })],
  ['SGD momentum+wd', (ps) => new optim.SGD(ps, { lr: 0.05, momentum: 0.9, weightDecay: 1e-2 })],
  ['SGD nesterov', (ps) => new optim.SGD(ps, { lr: 0.05, momentum: 0.8, nesterov: true, weightDecay: 1e-3 })],
  ['SGD dampening+maximize', (ps) => new optim.SGD(ps, { lr: 0.05, momentum: 0.5, dampening: 0.3, maximize: true })],
  ['Adam', (ps) => new optim.Adam(ps, { lr: 1e-2 })],
  ['Adam wd', (ps) => new optim.Adam(ps, { lr: 1e-2, weightDecay: 0.1 })],
  ['Adam amsgrad', (ps) => new optim.Adam(ps, { lr: 1e-2, amsgrad: true, weightDecay: 0.01 })],
  ['AdamW', (ps) => new optim.AdamW(ps, { lr: 1e-2, weightDecay: 0.1 })],
  ['AdamW beta1 0.3', (ps) => new optim.AdamW(ps, { lr: 1e-2, betas: [0.3, 0.9] })],
  ['RMSprop', (ps) => new optim.RMSprop(ps, { lr: 1e-2 })],
  ['RMSprop centered momentum wd', (ps) => new optim.RMSprop(ps, { lr: 1e-2, centered: true, momentum: 0.9, weightDecay: 0.01 })],
];

describe('optimizers with fused chains', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    for (const [name, make] of optimizers) {
      it(`${name} (${dtype}): parameters, state, outputs read late, grads zeroed in place and clipped`, () => {
        expectSame(() => {
          const m = mlp(dtype, 1);
          const opt = make(m.parameters());
          const x = randn([24, 12], { dtype, generator: new Generator(2) });
          const target = randn([24, 5], { dtype, generator: new Generator(3) });
          const outs: Tensor[] = [];
          const snapshots: Tensor[] = [];
          for (let i = 0; i < 6; i++) {
            opt.zeroGrad({ setToNone: i % 2 === 0 });
            const out = m.forward(x);
            outs.push(out.detach()); // read only at the end, after the in-place steps
            snapshots.push(m.parameters()[0]!.detach().mul(1)); // a pending reader of a parameter the step rewrites
            const loss = F.mseLoss(out, target);
            loss.backward();
            if (i === 2) optim.clipGradNorm_(m.parameters(), 0.5);
            if (i === 3) optim.clipGradValue_(m.parameters(), 0.01);
            opt.step();
          }
          return { params: m.parameters(), grads: m.parameters().map((p) => p.grad), outs, snapshots, state: opt.stateDict().state };
        });
      });
    }
  }

  it('two optimizers stepping the same parameters, with a pending view of them in between', () => {
    expectSame(() => {
      const m = mlp('float32', 4);
      const a = new optim.Adam(m.parameters(), { lr: 1e-2 });
      const b = new optim.SGD(m.parameters(), { lr: 1e-2, momentum: 0.9 });
      const x = randn([16, 12], { generator: new Generator(5) });
      const views: Tensor[] = [];
      for (let i = 0; i < 4; i++) {
        a.zeroGrad();
        m.forward(x).pow(2).mean().backward();
        const w = m.parameters()[0]!;
        views.push(w.detach().narrow(0, 1, 1).expand([30, 12]).exp(), w.grad!.mul(w.detach()));
        a.step();
        b.step();
      }
      return { params: m.parameters(), views };
    });
  });
});

describe('Module.to / double with pending chains', () => {
  it('outputs computed before to() and read after it keep the old values; training after it matches', () => {
    expectSame(() => {
      const m = mlp('float32', 6);
      const x = randn([10, 12], { generator: new Generator(7) });
      const before = m.forward(x); // pending, reads the float32 parameters
      const w0 = m.parameters()[0]!;
      const wPending = w0.detach().mul(3); // reads w0's storage
      const opt = new optim.SGD(m.parameters(), { lr: 0.1, momentum: 0.9 });
      m.forward(x).sum().backward();
      m.double(); // _setData on every parameter, grads cast too
      const after = m.forward(x.double());
      after.sum().backward();
      opt.step();
      const after2 = m.forward(x.double());
      return { before, wPending, after, after2, params: m.parameters(), grads: m.parameters().map((p) => p.grad), same: w0 === m.parameters()[0] };
    });
  });

  it('a graph through the old parameters refuses to backward after to(), as op by op', () => {
    expectSame(() => {
      const m = mlp('float32', 8);
      const x = randn([10, 12], { generator: new Generator(9) });
      const y = m.forward(x).tanh().sum();
      m.to('float64');
      let err: unknown = null;
      try {
        y.backward();
      } catch (e) {
        err = e;
      }
      return { y, err, grads: m.parameters().map((p) => p.grad) };
    });
  });
});

describe('saving, printing, reading pending tensors', () => {
  it('safetensors of pending parameters, views of them and pending results', () => {
    expectSame(() => {
      const m = mlp('float32', 10);
      noGrad(() => {
        for (const p of m.parameters()) p.copy_(p.mul(2).add(0.25).tanh());
      });
      const x = randn([8, 12], { generator: new Generator(11) });
      const y = m.forward(x).exp();
      const bytes = saveSafetensors({ ...m.stateDict(), y, yt: y.t(), y1: y.narrow(0, 2, 3) });
      return { bytes, printed: String(y), p: String(m.parameters()[1]), item: y.sum().item(), list: JSON.stringify(y.tolist()) };
    });
  });
});

describe('a conv net (per-channel bias layout, SIMD sizes, several chunks) trained with outputs read late', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    for (const [name, make] of [optimizers[1]!, optimizers[5]!, optimizers[7]!, optimizers[10]!]) {
      it(`${name} (${dtype})`, () => {
        expectSame(() => {
          const g = new Generator(20);
          const m = new nn.Sequential(
            new nn.Conv2d(2, 8, 3, { padding: 1, dtype, generator: g }),
            new nn.GELU(),
            new nn.Dropout(0.25, { generator: new Generator(21) }),
            new nn.Conv2d(8, 4, 3, { dtype, generator: g }),
            new nn.SiLU(),
            new nn.Flatten(),
            new nn.LayerNorm(4 * 14 * 14, { dtype }),
            new nn.Linear(4 * 14 * 14, 3, { dtype, generator: g }),
          );
          const opt = make(m.parameters());
          const x = randn([6, 2, 16, 16], { dtype, generator: new Generator(22) });
          const y = randn([6, 3], { dtype, generator: new Generator(23) });
          const outs: Tensor[] = [];
          for (let i = 0; i < 4; i++) {
            opt.zeroGrad();
            const out = m.forward(x);
            outs.push(out);
            F.mseLoss(out, y).backward();
            opt.step();
          }
          m.eval();
          outs.push(m.forward(x));
          return { outs, params: m.parameters(), grads: m.parameters().map((p) => p.grad) };
        });
      });
    }
  }
});

describe('pending readers of parameters, gradients and optimizer state across steps (SIMD sizes, several chunks)', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    for (const [name, make] of optimizers) {
      it(`${name} (${dtype})`, () => {
        expectSame(() => {
          const lin = new nn.Linear(80, 96, { dtype, generator: new Generator(30) });
          const opt = make(lin.parameters());
          const x = randn([40, 80], { dtype, generator: new Generator(31) });
          const readers: Tensor[] = [];
          const w = lin.weight;
          const read = (t: Tensor): void => {
            const d = t.detach();
            const [r, c] = d.shape as [number, number];
            readers.push(
              d.mul(1.5), // full
              randn([r, c], { dtype, generator: new Generator(readers.length) }).add(d.narrow(0, 1, 1)), // a row
              d.reshape([r * c]).narrow(0, 5, r).reshape([r, 1]).expand([r, c]).exp(), // a column of its storage
              d.narrow(0, 2, 1).narrow(1, 3, 1).expand([r, c]).neg(), // one element
              d.t().mul(2), // a transpose (computed at once)
            );
          };
          for (let i = 0; i < 5; i++) {
            opt.zeroGrad({ setToNone: i % 2 === 1 });
            lin.forward(x).tanh().pow(2).mean().backward();
            read(w);
            read(w.grad!);
            const st = (opt as unknown as { state: Map<Tensor, Record<string, unknown>> }).state.get(w);
            for (const v of Object.values(st ?? {})) if (v instanceof Tensor && v.shape.length === 2) read(v);
            opt.step();
            read(w);
          }
          return { readers, w, b: lin.bias, g: w.grad };
        });
      });
    }
  }
});

describe('parameters that start pending, init in place, gradcheck', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    it(`Parameters made from pending tensors, re-initialised in place while pending readers exist, trained with Adam (${dtype})`, () => {
      expectSame(() => {
        const base = randn([64, 48], { dtype, generator: new Generator(40) });
        const w = new nn.Parameter(base.mul(0.1)); // pending storage
        const b = new nn.Parameter(base.narrow(0, 0, 1).squeeze(0).tanh()); // pending
        const early = [w.detach().exp(), b.detach().mul(w.detach().narrow(0, 2, 1))];
        nn.init.uniform_(w.narrow(0, 3, 5), -0.5, 0.5, { generator: new Generator(41) });
        nn.init.constant_(b.narrow(0, 1, 3), 0.25);
        const opt = new optim.Adam([w, b], { lr: 0.01 });
        const x = randn([10, 48], { dtype, generator: new Generator(42) });
        for (let i = 0; i < 3; i++) {
          opt.zeroGrad();
          x.mul(w.narrow(0, 0, 10)).add(b).sigmoid().sum().backward();
          opt.step();
        }
        return { early, w, b, base };
      });
    });
  }

  it('gradcheck and gradgradcheck pass fused as op by op (they perturb inputs through data between evaluations)', () => {
    expectSame(() => {
      const x = randn([6, 5], { dtype: 'float64', generator: new Generator(43), requiresGrad: true });
      const y = randn([5], { dtype: 'float64', generator: new Generator(44), requiresGrad: true });
      const f = (a: Tensor, b: Tensor): Tensor => a.mul(b).tanh().add(a.exp().mul(b.sigmoid())).div(b.abs().add(1));
      return [gradcheck(f, [x, y]), gradgradcheck(f, [x, y]), x, y];
    });
  });
});

describe('loadStateDict / safetensors round trip while pending chains read the parameters', () => {
  it('outputs computed before loading keep the old parameters; after, the loaded ones', () => {
    expectSame(() => {
      const m = mlp('float32', 50);
      const other = mlp('float32', 51);
      noGrad(() => {
        for (const p of other.parameters()) p.mul_(3);
      });
      const x = randn([16, 12], { generator: new Generator(52) });
      const before = m.forward(x).exp(); // pending, reads m's parameters
      const pView = m.parameters()[0]!.detach().narrow(0, 1, 1).expand([40, 12]).mul(2);
      const bytes = saveSafetensors(other.stateDict());
      m.loadStateDict(loadSafetensors(bytes));
      const after = m.forward(x).exp();
      const sd = m.stateDict();
      sd['0.weight']!.data[0] = 1234; // user writes through a state-dict tensor (shares the parameter's storage)
      const after2 = m.forward(x);
      return { before, pView, after, after2, params: m.parameters() };
    });
  });
});
