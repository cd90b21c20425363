/**
 * compile(fn): signatures and guards capture again; host helpers; what cannot be captured is
 * refused with a message that says what to move out; the captured graph is what the IR documents;
 * at the sizes where the wasm backend runs SIMD kernels (and fuses chains), compiled calls equal
 * eager calls to the bit. (Every op of the registry and random programs: test/compile.property.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import {
  compile,
  CompileError,
  formatGraph,
  hostCheck,
  hostEffect,
  hostGuard,
  hostScalar,
  isCompiling,
  manualSeed,
  noGrad,
  rand,
  cat,
  where,
  randn,
  tensor,
  Tensor,
  zeros,
} from '@chainrule/autograd';

/** Elementwise equality to the bit (NaN equals NaN; 0 and -0 differ). */
function sameBits(a: Tensor | null, b: Tensor | null, what: string): void {
  expect(a === null, `${what}: one is null`).toBe(b === null);
  if (a === null || b === null) return;
  expect(b.shape, `${what}: shape`).toEqual(a.shape);
  expect(b.dtype, `${what}: dtype`).toBe(a.dtype);
  const x = a.toArray();
  const y = b.toArray();
  for (let i = 0; i < x.length; i++) {
    if (!(Object.is(x[i], y[i]) || (Number.isNaN(x[i]) && Number.isNaN(y[i])))) {
      expect.fail(`${what}: element ${i} differs: eager ${x[i]}, compiled ${y[i]}`);
    }
  }
}

const clone = (t: Tensor): Tensor => {
  const c = t.detach().clone();
  return t.requiresGrad ? c.requiresGrad_() : c;
};

/**
 * Runs `body(params, arg)` eagerly on one copy of the parameters and compiled on another, for
 * `calls` calls with fresh arguments (warm-up, capture, replays), and checks that every output and
 * every parameter's gradient agree to the bit after each call.
 */
function agree(params: readonly Tensor[], args: readonly Tensor[], body: (ps: readonly Tensor[], arg: Tensor) => Tensor[]): { replays: number } {
  const pe = params.map(clone);
  const pc = params.map(clone);
  const f = compile((arg: Tensor) => body(pc, arg));
  args.forEach((arg, call) => {
    const want = body(pe, arg);
    const got = f(arg);
    want.forEach((w, i) => sameBits(w.detach(), got[i]!, `call ${call}, output ${i}`));
    pe.forEach((p, i) => sameBits(p.grad, pc[i]!.grad, `call ${call}, grad of input ${i}`));
  });
  return { replays: f.stats().replays };
}

/** A step over `fn`: gradients cleared, forward, a weighted sum backward (weights from the argument). */
function stepOf(fn: (...xs: Tensor[]) => Tensor) {
  return (ps: readonly Tensor[], w: Tensor): Tensor[] => {
    for (const p of ps) p.grad = null;
    const out = fn(...ps);
    const loss = out.mul(w.reshape(out.shape).to(out.dtype)).sum();
    loss.backward();
    return [out, loss];
  };
}

/** Weights for `calls` calls, shaped like the op's output on `xs`. */
function weightsFor(fn: (...xs: Tensor[]) => Tensor, xs: readonly Tensor[], calls: number): Tensor[] {
  const n = noGrad(() => fn(...xs)).numel();
  return Array.from({ length: calls }, (_, k) => randn([n], { dtype: 'float64' }).add(k));
}

describe('compile: signatures and guards', () => {
  it('captures once per signature of tensor shapes and dtypes, and again for new ones', () => {
    const f = compile((x: Tensor) => x.square().sum(1));
    for (let i = 0; i < 3; i++) sameBits(f(tensor([[1, 2], [3, 4]])), tensor([5, 25]), 'a');
    for (let i = 0; i < 3; i++) sameBits(f(tensor([[1, 2, 3]])), tensor([14]), 'b');
    for (let i = 0; i < 3; i++) sameBits(f(tensor([[1, 2]], { dtype: 'float64' })), tensor([5], { dtype: 'float64' }), 'c');
    sameBits(f(tensor([[2, 2], [1, 1]])), tensor([8, 2]), 'a again');
    expect(f.stats()).toEqual({ eager: 3, captures: 3, replays: 4 });
    expect(f.graphs()).toHaveLength(3);
  });

  it('non-tensor arguments are part of the signature', () => {
    const f = compile((x: Tensor, k: number) => x.mul(k));
    for (let i = 0; i < 3; i++) sameBits(f(tensor([1, 2]), 2), tensor([2, 4]), 'k = 2');
    sameBits(f(tensor([1, 2]), 3), tensor([3, 6]), 'k = 3 (eager, new signature)');
    expect(f.stats().replays).toBe(1);
  });

  it('arrays and plain objects of tensors in and out', () => {
    const f = compile((b: { x: Tensor; ys: Tensor[] }) => ({ sum: b.x.add(b.ys[0]!), parts: [b.ys[1]!.neg()] }));
    for (let i = 0; i < 3; i++) {
      const r = f({ x: tensor([1, 2]), ys: [tensor([10, 20]), tensor([i])] });
      sameBits(r.sum, tensor([11, 22]), 'sum');
      sameBits(r.parts[0]!, tensor([-i]), 'neg');
    }
    expect(f.stats().replays).toBe(1);
  });

  it('hostScalar is computed at every call; hostEffect runs at every call', () => {
    let lr = 1;
    let calls = 0;
    const f = compile((x: Tensor) => {
      hostEffect(() => calls++);
      return x.mul(hostScalar(() => lr, 'float64'));
    });
    for (let i = 0; i < 5; i++) {
      lr = i + 0.5;
      sameBits(f(tensor([2], { dtype: 'float64' })), tensor([2 * lr], { dtype: 'float64' }), `call ${i}`);
    }
    expect(calls).toBe(5);
    expect(f.stats()).toEqual({ eager: 1, captures: 1, replays: 3 });
  });

  it('a hostGuard that changes captures again (JSON values, and objects by identity)', () => {
    let mode = { double: true };
    const f = compile((x: Tensor) => (hostGuard(() => mode.double) ? x.mul(2) : x.add(1)));
    for (let i = 0; i < 3; i++) sameBits(f(tensor([3])), tensor([6]), 'double');
    mode = { double: false };
    sameBits(f(tensor([3])), tensor([4]), 'plus one');
    sameBits(f(tensor([3])), tensor([4]), 'plus one, replayed');
    expect(f.stats()).toEqual({ eager: 1, captures: 2, replays: 2 });
    let box = new Map<string, number>();
    const g = compile((x: Tensor) => x.mul(hostGuard(() => box).size + 1));
    for (let i = 0; i < 3; i++) g(tensor([1]));
    box = new Map([['a', 1]]);
    sameBits(g(tensor([1])), tensor([2]), 'a new Map is another object');
    expect(g.stats().captures).toBe(2);
  });

  it('hostCheck runs on every call: its errors are thrown, a new result captures again', () => {
    const f = compile((x: Tensor, idx: Tensor) => {
      const neg = hostCheck([idx], ([v]) => {
        if (v!.some((i) => i > 9)) throw new RangeError('index too large');
        return v!.some((i) => i < 0);
      });
      return neg ? x.neg() : x.gather(0, idx);
    });
    const x = tensor([10, 20, 30]);
    for (let i = 0; i < 3; i++) sameBits(f(x, tensor([2, 0], { dtype: 'int32' })), tensor([30, 10]), 'gather');
    expect(() => f(x, tensor([2, 11], { dtype: 'int32' }))).toThrow(/index too large/);
    sameBits(f(x, tensor([-1, 0], { dtype: 'int32' })), tensor([-10, -20, -30]), 'another branch');
    expect(f.stats().captures).toBe(2);
  });

  it('an out-of-range index fed to a replay throws the eager error (crossEntropy-style checks run at every call)', () => {
    const f = compile((x: Tensor, idx: Tensor) => x.indexSelect(0, idx));
    for (let i = 0; i < 3; i++) f(tensor([1, 2, 3]), tensor([0, 2], { dtype: 'int32' }));
    expect(() => f(tensor([1, 2, 3]), tensor([0, 3], { dtype: 'int32' }))).toThrow(/indexSelect: index 3 is out of bounds/);
  });

  it('isCompiling is true only while the function is captured', () => {
    const seen: boolean[] = [];
    const f = compile((x: Tensor) => {
      seen.push(isCompiling());
      return x.exp();
    });
    for (let i = 0; i < 4; i++) f(tensor([0]));
    expect(seen).toEqual([false, true]);
    expect(isCompiling()).toBe(false);
  });

  it('random numbers drawn inside are drawn again at every call, from the generator, as eager', () => {
    const body = (x: Tensor): Tensor => x.add(rand([4]));
    const f = compile(body);
    manualSeed(5);
    const eager = Array.from({ length: 5 }, () => body(zeros([4])));
    manualSeed(5);
    const compiled = Array.from({ length: 5 }, () => f(zeros([4])));
    eager.forEach((e, i) => sameBits(e, compiled[i]!, `call ${i}`));
    expect(f.stats().replays).toBe(3);
  });

  it('reset drops the programs', () => {
    const f = compile((x: Tensor) => x.add(1));
    for (let i = 0; i < 3; i++) f(tensor([1]));
    f.reset();
    expect(f.graphs()).toHaveLength(0);
    sameBits(f(tensor([1])), tensor([2]), 'after reset');
  });

  it('inside another capture a compiled function is traced through', () => {
    const inner = compile((x: Tensor) => x.mul(3));
    const outer = compile((x: Tensor) => inner(x).add(1));
    for (let i = 0; i < 4; i++) sameBits(outer(tensor([i])), tensor([3 * i + 1]), `call ${i}`);
    expect(outer.graphs()[0]!.nodes.map((n) => n.op).filter((op) => op !== 'expand')).toEqual(['mul', 'add']);
  });
});

describe('compile: refusals say what to move out', () => {
  const refused = (body: (x: Tensor) => unknown, pattern: RegExp): void => {
    const f = compile(body);
    f(tensor([1, 2]));
    expect(() => f(tensor([1, 2]))).toThrow(CompileError);
    expect(() => compile(body)(tensor([1, 2]))).not.toThrow();
    const g = compile(body);
    g(tensor([1, 2]));
    expect(() => g(tensor([1, 2]))).toThrow(pattern);
  };
  it('item(), toArray(), tolist(), data and printing inside', () => {
    refused((x) => x.mul(x.sum().item()), /item\(\) reads the values of a tensor \(float32 \[\]\) inside the compiled function.*Move the read out/s);
    refused((x) => x.mul(x.toArray()[0]!), /toArray\(\) reads/);
    refused((x) => (x.sum().tolist() as number) > 0 ? x : x.neg(), /tolist\(\) reads/);
    refused((x) => x.mul(x.data[0]!), /data reads/);
    refused((x) => tensor([String(x).length]), /printing \(toString\) reads/);
  });
  it('names the line in user code', () => {
    const f = compile((x: Tensor) => x.mul(x.sum().item()));
    f(tensor([1]));
    expect(() => f(tensor([1]))).toThrow(/at: .*compile\.test\.ts/);
  });
  it('returning something other than tensors', () => {
    refused((x) => x.shape.length, /returns a number .*return a tensor/);
    refused((x) => Promise.resolve(x), /returns a Promise/);
  });
  it('a tensor argument that requires grad', () => {
    const f = compile((x: Tensor) => x.mul(2));
    const x = tensor([1], { requiresGrad: true });
    f(x);
    expect(() => f(x)).toThrow(/argument requires grad/);
  });
  it('a result that still needs its backward (suggests noGrad for inference)', () => {
    const w = tensor([1, 2], { requiresGrad: true });
    const f = compile((x: Tensor) => x.mul(w));
    f(tensor([1, 1]));
    expect(() => f(tensor([1, 1]))).toThrow(/requires grad.*noGrad/s);
    const g = compile((x: Tensor) => noGrad(() => x.mul(w)));
    for (let i = 0; i < 3; i++) sameBits(g(tensor([1, 1])), tensor([1, 2]), 'inference under noGrad');
  });
  it('a check of values computed inside runs where they stand; a choice made from them that changes is an error', () => {
    const f = compile((x: Tensor) => x.indexSelect(0, x.argmax().reshape([1]).mul(2)));
    for (let i = 0; i < 3; i++) sameBits(f(tensor([1, 3, 2, 0, 0.5])), tensor([2]), 'in range');
    expect(() => f(tensor([1, 3, 2, 7, 5]))).toThrow(/indexSelect: index 6 is out of bounds/);
    const g = compile((x: Tensor) => (hostCheck([x.neg()], ([v]) => v![0]! < 0) ? x.mul(2) : x));
    for (let i = 0; i < 3; i++) g(tensor([1]));
    expect(() => g(tensor([-1]))).toThrow(/came out differently at this call/);
  });
  it('a tensor that no reported op computed is an internal error, not a constant (a safety net for new primitives)', () => {
    // Tensor.fromData is what a primitive's kernel output starts as; one that did not report its op would look like this
    const f = compile((x: Tensor) => x.add(Tensor.fromData(new Float32Array([1, 2]), [2], 'float32')));
    f(tensor([1, 1]));
    expect(() => f(tensor([1, 1]))).toThrow(/internal error: a float32 tensor of shape \[2\] was computed by an op that does not report/);
  });
  it('bad options', () => {
    expect(() => compile((x: Tensor) => x, { warmup: -1 })).toThrow(RangeError);
    expect(() => compile((x: Tensor) => x, { maxSignatures: 0 })).toThrow(RangeError);
    expect(() => compile(42 as never)).toThrow(TypeError);
  });
});

describe('compile: the graph', () => {
  it('records primitives in program order, with buffers by kind', () => {
    const w = tensor([[1, 2], [3, 4]], { requiresGrad: true });
    const f = compile((x: Tensor) => {
      w.grad = null;
      const loss = x.matmul(w).relu().sum();
      loss.backward();
      return loss;
    });
    for (let i = 0; i < 3; i++) f(tensor([[1, -1]]));
    const g = f.graphs()[0]!;
    const forward = g.nodes.slice(0, 6).map((n) => n.op);
    expect(forward).toEqual(['reshape', 'reshape', 'matmul', 'reshape', 'relu', 'sum']);
    const kinds = new Set(g.buffers.map((b) => b.kind));
    expect([...kinds].sort()).toEqual(['constant', 'input', 'state', 'temp']);
    expect(g.liveOut).toHaveLength(1);
    expect(g.values[g.liveOut[0]!]!.shape).toEqual([2, 2]);
    const text = formatGraph(g);
    expect(text).toMatch(/= matmul\(%\d+, %\d+\)  : float32\[1, 1, 2\]/);
    expect(text).toMatch(/live out: %\d+/);
  });

  it('in-place writes are nodes that name what they write', () => {
    const acc = zeros([3]);
    const f = compile((x: Tensor) => {
      noGrad(() => acc.add_(x));
      return acc.mul(1);
    });
    for (let i = 0; i < 4; i++) f(tensor([1, 2, 3]));
    sameBits(acc, tensor([4, 8, 12]), 'accumulated in place over 4 calls');
    const g = f.graphs()[0]!;
    const add = g.nodes.find((n) => n.op === 'add')!;
    expect(add.output).toBeNull();
    expect(add.writes).toEqual([add.inputs[0]]);
  });

  it('a constant a node writes starts every call from its captured elements', () => {
    const f = compile((x: Tensor) => noGrad(() => zeros([2]).add_(x).mul(2)));
    for (let i = 0; i < 4; i++) sameBits(f(tensor([1, i])), tensor([2, 2 * i]), `call ${i}`);
  });
});

describe('compile: at the sizes where the wasm backend runs its SIMD kernels (compiled = eager to the bit)', () => {
  const big = (shape: number[], dtype: 'float32' | 'float64' = 'float32', lo = 0.3): Tensor => rand(shape, { dtype }).mul(1.5).add(lo).requiresGrad_();
  const cases: [string, () => Tensor[], (...xs: Tensor[]) => Tensor][] = [
    ['unary chain', () => [big([37, 64])], (x) => x.neg().exp().abs().sqrt().relu().log().sigmoid().tanh().sin()],
    ['binary, row and column broadcasts, scalars', () => [big([37, 64]), big([64]), big([37, 1])], (a, b, c) => a.add(b).mul(c).sub(a.div(b)).maximum(c).minimum(a.mul(2)).pow(b)],
    ['float64 elementwise', () => [big([40, 40], 'float64'), big([40], 'float64')], (a, b) => a.mul(b).add(1).exp().div(a)],
    ['where and comparisons', () => [big([50, 30]), big([50, 30])], (a, b) => a.gt(b).logicalOr(a.le(1)).logicalAnd(b.ne(0.5)).to('float32').mul(a).add(where(a.ge(b), a, b))],
    ['reductions over the last, first and middle dims', () => [big([8, 20, 30])], (x) => x.sum(-1, true).add(x.sum(0)).add(x.sum([0, 2], true)).add(x.amax(-1, true)).add(x.mean(1, true))],
    ['softmax and log-softmax', () => [big([40, 50])], (x) => x.softmax(-1).add(x.logSoftmax(1)).add(x.softmax(0))],
    ['matmul (single-thread sizes)', () => [big([64, 96]), big([96, 80])], (a, b) => a.matmul(b)],
    ['matmul, transposed operands', () => [big([96, 64]), big([80, 96])], (a, b) => a.t().matmul(b.t())],
    ['matmul shared with the helper thread', () => [big([256, 256]), big([256, 128])], (a, b) => a.matmul(b)],
    ['batched matmul shared with the helper thread', () => [big([4, 128, 128]), big([4, 128, 96])], (a, b) => a.matmul(b)],
    ['gather along the last dim (one index list for every row)', () => [big([60, 40])], (x) => x.indexSelect(1, tensor(Array.from({ length: 50 }, (_, i) => (i * 7) % 40), { dtype: 'int32' }))],
    ['gather per row (max along the last dim)', () => [big([60, 40])], (x) => x.max(-1).values.mul(x.argmax(-1).to('float32'))],
    ['indexSelect along dim 0 (an embedding)', () => [big([30, 64])], (x) => x.indexSelect(0, tensor(Array.from({ length: 40 }, (_, i) => (i * 11) % 30), { dtype: 'int32' }))],
    ['cat, slices, repeat and flip', () => [big([30, 40]), big([30, 40])], (a, b) => cat([a, b.flip(1)], 1).slice(1, 3, 77, 2).repeat([2, 1])],
    // fused chains over several chunks: one long row, rows with a row and a column broadcast, rows longer than a chunk
    ['a fused chain over chunks of one long row', () => [big([15000])], (x) => x.mul(2).add(1).exp().neg().tanh().mul(x).relu().sqrt()],
    ['a fused chain over chunks of rows, with broadcasts', () => [big([300, 50]), big([50]), big([300, 1])], (a, b, c) => a.mul(b).add(c).relu().sub(b).mul(a).gelu().sigmoid().div(c)],
    ['a fused chain over rows longer than a chunk', () => [big([3, 5000], 'float64'), big([5000], 'float64')], (a, b) => a.add(b).mul(a).exp().log1p().neg().maximum(b.neg())],
    // a chain reads a small input (the means) in every chunk: its buffer must stay untouched until the chain's last chunk
    ['layer-norm statistics: a chain whose input is alive until its last chunk', () => [big([16, 64, 128])], (x) => {
      const c = x.sub(x.mean(-1, true));
      return c.mul(c.square().mean(-1, true).add(1e-5).rsqrt());
    }],
  ];
  for (const [name, make, fn] of cases) {
    it(name, () => {
      manualSeed(3);
      const xs = make();
      agree(xs, weightsFor(fn, xs, 4), stepOf(fn));
    });
  }
});
