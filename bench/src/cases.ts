/**
 * The benchmark cases: for each, the same inputs in every library, the timed work, and a check of
 * the result against a float64 reference computed here in plain JS (or, for the training step, by
 * chainrule's float64 reference backend: see training-case.ts).
 * @module
 */
import * as F from '@chainrule/nn/functional';
import { compiledImpl } from './compiled.js';
import type { Impl } from './harness.js';
import { data, maxRelErr } from './harness.js';
import type { Lib } from './libs.js';
import { activate, cr, flat, nested, tf, torch } from './libs.js';
import { torchImpls } from './torch.js';

/** A benchmark case: its name, the work it does (for throughput), and the implementations. */
export interface Case {
  name: string;
  group: string;
  /** Floating-point operations per call (matmul), for GFLOP/s; 0 when not meaningful. */
  flops: number;
  impls: Impl[];
}

const crLibs: Lib[] = ['chainrule-wasm', 'chainrule-js'];
const tfLibs: Lib[] = ['tfjs-wasm', 'tfjs-cpu'];

type CrTensor = cr.Tensor;
type TfTensor = tf.Tensor;
// js-pytorch's Tensor type
type PtTensor = ReturnType<typeof torch.tensor>;

function values(lib: Lib, r: unknown): ArrayLike<number> {
  if (lib.startsWith('chainrule')) return (r as CrTensor).toArray();
  if (lib.startsWith('tfjs')) return (r as TfTensor).dataSync();
  return flat((r as PtTensor).data);
}

function crTensor(lib: Lib, x: Float32Array, shape: number[], dtype: 'float32' | 'float64' = 'float32'): CrTensor {
  void activate(lib); // chainrule's activate is synchronous
  return cr.tensor(x, { shape, dtype });
}

/** The entries a matmul check samples: 64 (row, column) pairs of an n×n product. */
function samplePoints(n: number): (readonly [number, number])[] {
  return Array.from({ length: 64 }, (_, s) => [(s * 7919) % n, (s * 104729 + 13) % n] as const);
}

/**
 * Sampled-entry check of C = op(A)·op(B): 64 entries against float64 dot products. `sampled`
 * checks the sampled entries alone (in {@link samplePoints}' order), as the PyTorch peer reports them.
 */
function matmulCheck(a: Float32Array, b: Float32Array, n: number, ta: boolean, tb: boolean, tol: number): ((lib: Lib) => (r: unknown) => string | null) & { sampled: (got: readonly number[]) => string | null } {
  const A = (i: number, k: number): number => (ta ? a[k * n + i]! : a[i * n + k]!);
  const B = (k: number, j: number): number => (tb ? b[j * n + k]! : b[k * n + j]!);
  const pts = samplePoints(n);
  const want = pts.map(([i, j]) => {
    let v = 0;
    let mag = 0;
    for (let k = 0; k < n; k++) {
      v += A(i, k) * B(k, j);
      mag += Math.abs(A(i, k) * B(k, j));
    }
    return [v, mag] as const;
  });
  const sampled = (got: readonly number[]): string | null => {
    const e = maxRelErr(got, want.map((w) => w[0]), want.map((w) => w[1]));
    return e <= tol ? null : `max relative error ${e.toExponential(2)} > ${tol}`;
  };
  const forLib = (lib: Lib) => (r: unknown): string | null => {
    const got = values(lib, r);
    if (got.length !== n * n) return `expected ${n * n} values, got ${got.length}`;
    return sampled(pts.map(([i, j]) => got[i * n + j]!));
  };
  return Object.assign(forLib, { sampled });
}

/**
 * Reads a chainrule result's array, so that the timed call includes computing it: on the wasm
 * backend, chains of elementwise ops are pending until their result is read (the peers compute
 * theirs in the call).
 */
function computed(t: CrTensor): CrTensor {
  void t.data;
  return t;
}

/** C = op(A)·op(B) for n×n matrices. */
export function matmulCase(n: number, form: 'plain' | 'AtB' | 'ABt', dtype: 'float32' | 'float64'): Case {
  const a = data(n * n, 1 + n);
  const b = data(n * n, 2 + n);
  const ta = form === 'AtB';
  const tb = form === 'ABt';
  const check = matmulCheck(a, b, n, ta, tb, dtype === 'float32' ? 1e-5 : 1e-13);
  const impls: Impl[] = [];
  const name = `matmul ${dtype === 'float32' ? 'f32' : 'f64'} ${n}${form === 'plain' ? '' : form === 'AtB' ? ' Aᵀ·B' : ' A·Bᵀ'}`;
  for (const lib of crLibs) {
    const A = crTensor(lib, a, [n, n], dtype);
    const B = crTensor(lib, b, [n, n], dtype);
    const run = ta ? () => computed(A.t().matmul(B)) : tb ? () => computed(A.matmul(B.t())) : () => computed(A.matmul(B));
    impls.push({ lib, activate: () => activate(lib), run, check: check(lib) });
  }
  for (const lib of tfLibs) {
    const skip = dtype === 'float64' ? 'no float64' : undefined;
    let A: TfTensor | null = null;
    let B: TfTensor | null = null;
    impls.push({
      lib,
      skip,
      activate: async () => {
        await activate(lib);
        if (A === null) {
          A = tf.tensor2d(a, [n, n]);
          B = tf.tensor2d(b, [n, n]);
        }
      },
      run: () => tf.matMul(A!, B!, ta, tb),
      release: (r) => (r as TfTensor).dispose(),
      check: check(lib),
    });
  }
  {
    const slow = n >= 1024 ? 'skipped: over 3 s a call' : undefined;
    let A: PtTensor | null = null;
    let B: PtTensor | null = null;
    impls.push({
      lib: 'js-pytorch',
      skip: slow,
      activate: () => {
        if (A === null && slow === undefined) {
          A = torch.tensor(nested(a, [n, n]) as number[][]);
          B = torch.tensor(nested(b, [n, n]) as number[][]);
        }
      },
      run: () => (ta ? torch.matmul(torch.transpose(A!, 0, 1), B!) : tb ? torch.matmul(A!, torch.transpose(B!, 0, 1)) : torch.matmul(A!, B!)),
      check: check('js-pytorch'),
    });
  }
  if (form === 'plain' && dtype === 'float32') {
    impls.push(
      compiledImpl(
        () => {
          activate('chainrule-wasm');
          return { fn: (x, y) => x!.matmul(y!), inputs: [cr.tensor(a, { shape: [n, n] }), cr.tensor(b, { shape: [n, n] })] };
        },
        computed,
        check('chainrule-wasm'),
      ),
    );
    const sample = samplePoints(n).map(([i, j]) => i * n + j);
    impls.push(...torchImpls(`matmul${n}`, { kind: 'op', inputs: [{ name: 'a', shape: [n, n], values: a }, { name: 'b', shape: [n, n], values: b }], sample }, (r) => check.sampled(r.values as number[])));
  }
  return { name, group: 'matmul', flops: 2 * n ** 3, impls };
}

/** relu(2x + 1) over 2^20 floats. */
export function elementwiseCase(): Case {
  const n = 1 << 20;
  const x = data(n, 7);
  const want = Float64Array.from(x, (v) => Math.max(2 * v + 1, 0));
  const check = (lib: Lib) => (r: unknown): string | null => {
    const e = maxRelErr(values(lib, r), want);
    return e <= 1e-6 ? null : `max relative error ${e.toExponential(2)}`;
  };
  const impls: Impl[] = crLibs.map((lib) => {
    const X = crTensor(lib, x, [n]);
    return { lib, activate: () => activate(lib), run: () => computed(X.mul(2).add(1).relu()), check: check(lib) };
  });
  for (const lib of tfLibs) {
    let X: TfTensor | null = null;
    impls.push({
      lib,
      activate: async () => {
        await activate(lib);
        X ??= tf.tensor1d(x);
      },
      run: () => tf.tidy(() => tf.relu(tf.add(tf.mul(X!, 2), 1))),
      release: (r) => (r as TfTensor).dispose(),
      check: check(lib),
    });
  }
  const X = torch.tensor(Array.from(x));
  const relu = new torch.nn.ReLU();
  impls.push({ lib: 'js-pytorch', activate: () => undefined, run: () => relu.forward(X.mul(2).add(1)), check: check('js-pytorch') });
  impls.push(
    compiledImpl(
      () => {
        activate('chainrule-wasm');
        return { fn: (v) => v!.mul(2).add(1).relu(), inputs: [cr.tensor(x, { shape: [n] })] };
      },
      computed,
      check('chainrule-wasm'),
    ),
  );
  const sample = Array.from({ length: n >> 8 }, (_, i) => i * 256 + (i % 256));
  impls.push(
    ...torchImpls('relu2x1', { kind: 'op', inputs: [{ name: 'x', shape: [n], values: x }], sample }, (r) => {
      const e = maxRelErr(r.values as number[], sample.map((i) => want[i]!));
      return e <= 1e-6 ? null : `max relative error ${e.toExponential(2)}`;
    }),
  );
  return { name: 'relu(2x+1), 2^20 f32', group: 'elementwise', flops: 0, impls };
}

/** Sum over each row of a 1024×1024 matrix. */
export function reductionCase(): Case {
  const n = 1024;
  const x = data(n * n, 11);
  const want = new Float64Array(n);
  const mag = new Float64Array(n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    want[i] = want[i]! + x[i * n + j]!;
    mag[i] = mag[i]! + Math.abs(x[i * n + j]!);
  }
  const check = (lib: Lib) => (r: unknown): string | null => {
    const e = maxRelErr(values(lib, r), want, mag);
    return e <= 1e-5 ? null : `max relative error ${e.toExponential(2)}`;
  };
  const impls: Impl[] = crLibs.map((lib) => {
    const X = crTensor(lib, x, [n, n]);
    return { lib, activate: () => activate(lib), run: () => computed(X.sum(1)), check: check(lib) };
  });
  for (const lib of tfLibs) {
    let X: TfTensor | null = null;
    impls.push({
      lib,
      activate: async () => {
        await activate(lib);
        X ??= tf.tensor2d(x, [n, n]);
      },
      run: () => tf.sum(X!, 1),
      release: (r) => (r as TfTensor).dispose(),
      check: check(lib),
    });
  }
  const X = torch.tensor(nested(x, [n, n]) as number[][]);
  impls.push({ lib: 'js-pytorch', activate: () => undefined, run: () => X.sum(1), check: check('js-pytorch') });
  return { name: 'sum over rows, 1024×1024 f32', group: 'reduction', flops: 0, impls };
}

/** softmax along dim 1, or mean cross-entropy against labels, of 128×10 logits. */
export function softmaxCase(kind: 'softmax' | 'cross-entropy'): Case {
  const [b, c] = [128, 10];
  const x = Float32Array.from(data(b * c, 13), (v) => 4 * v);
  const labels = Int32Array.from({ length: b }, (_, i) => (i * 7) % c);
  const sm = new Float64Array(b * c);
  let ce = 0;
  for (let i = 0; i < b; i++) {
    let m = -Infinity;
    for (let j = 0; j < c; j++) m = Math.max(m, x[i * c + j]!);
    let s = 0;
    for (let j = 0; j < c; j++) s += Math.exp(x[i * c + j]! - m);
    for (let j = 0; j < c; j++) sm[i * c + j] = Math.exp(x[i * c + j]! - m) / s;
    ce += -(x[i * c + labels[i]!]! - m - Math.log(s)) / b;
  }
  const want = kind === 'softmax' ? sm : Float64Array.of(ce);
  const check = (lib: Lib) => (r: unknown): string | null => {
    const got = typeof r === 'number' ? [r] : values(lib, r);
    const e = maxRelErr(got, want);
    return e <= 1e-5 ? null : `max relative error ${e.toExponential(2)}`;
  };
  const onehot = new Float32Array(b * c);
  labels.forEach((l, i) => (onehot[i * c + l] = 1));
  const impls: Impl[] = crLibs.map((lib) => {
    const X = crTensor(lib, x, [b, c]);
    const Y = cr.tensor(labels, { dtype: 'int32' });
    return { lib, activate: () => activate(lib), run: kind === 'softmax' ? () => computed(X.softmax(1)) : () => computed(F.crossEntropy(X, Y)), check: check(lib) };
  });
  for (const lib of tfLibs) {
    let X: TfTensor | null = null;
    let Y: TfTensor | null = null;
    impls.push({
      lib,
      activate: async () => {
        await activate(lib);
        X ??= tf.tensor2d(x, [b, c]);
        Y ??= tf.tensor2d(onehot, [b, c]);
      },
      run: kind === 'softmax' ? () => tf.softmax(X!) : () => tf.losses.softmaxCrossEntropy(Y!, X!),
      release: (r) => (r as TfTensor).dispose(),
      check: check(lib),
    });
  }
  const X = torch.tensor(nested(x, [b, c]) as number[][]);
  const Y = torch.tensor(Array.from(labels));
  const softmax = new torch.nn.Softmax();
  const loss = new torch.nn.CrossEntropyLoss();
  impls.push({
    lib: 'js-pytorch',
    activate: () => undefined,
    run: kind === 'softmax' ? () => softmax.forward(X) : () => loss.forward(X, Y),
    check: check('js-pytorch'),
  });
  return { name: `${kind}, 128×10 f32`, group: 'softmax', flops: 0, impls };
}
