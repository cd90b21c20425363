/**
 * The training cases on TensorFlow.js (wasm and cpu backends): the same networks, initial
 * parameters (PyTorch's layouts transposed to tfjs's) and inputs as bench/src/training.ts, written
 * with tfjs ops; `optimizer.minimize` does backward and update.
 * @module
 */
import type { Impl } from './harness.js';
import { activate, tf } from './libs.js';
import type { Lib } from './libs.js';
import { checkLosses, initialValues, TB } from './training.js';
import type { TrainingCase } from './training.js';

type T = tf.Tensor;
/** Parameter `name` (index `i` in PyTorch's order) as a tfjs variable; `perm` transposes PyTorch's layout. */
type Param = (name: string, shape: number[], perm?: number[]) => tf.Variable;

/** The step of a case on tfjs: a loss from the variables, given the inputs. */
type Loss = (p: Param, xs: T[]) => () => tf.Scalar;

const linear = (x: T, w: T, b: T): T => tf.add(tf.matMul(x, w), b);

function crossEntropy(logits: T, labels: T): tf.Scalar {
  return tf.losses.softmaxCrossEntropy(tf.oneHot(labels as tf.Tensor1D, logits.shape[1]!), logits) as tf.Scalar;
}

const mlp: Loss = (p, [x, y]) => {
  const w1 = p('0.weight', [128, 784], [1, 0]);
  const b1 = p('0.bias', [128]);
  const w2 = p('2.weight', [10, 128], [1, 0]);
  const b2 = p('2.bias', [10]);
  return () => crossEntropy(linear(tf.relu(linear(x!, w1, b1)), w2, b2), y!);
};

const cnn: Loss = (p, [x, y]) => {
  // conv weights [O, C, kh, kw] → tfjs filters [kh, kw, C, O]; images NHWC
  const c1 = p('1.weight', [16, 1, 3, 3], [2, 3, 1, 0]);
  const b1 = p('1.bias', [16]);
  const c2 = p('4.weight', [32, 16, 3, 3], [2, 3, 1, 0]);
  const b2 = p('4.bias', [32]);
  const w = p('8.weight', [10, 1568], [1, 0]);
  const b = p('8.bias', [10]);
  const img = tf.reshape(x!, [128, 28, 28, 1]);
  return () => {
    const h1 = tf.maxPool(tf.relu(tf.add(tf.conv2d(img as tf.Tensor4D, c1 as tf.Tensor4D, 1, 'same'), b1)) as tf.Tensor4D, 2, 2, 'valid');
    const h2 = tf.maxPool(tf.relu(tf.add(tf.conv2d(h1, c2 as tf.Tensor4D, 1, 'same'), b2)) as tf.Tensor4D, 2, 2, 'valid');
    // PyTorch flattens channel-major
    return crossEntropy(linear(tf.reshape(tf.transpose(h2, [0, 3, 1, 2]), [128, 1568]), w, b), y!);
  };
};

const transformer: Loss = (p, [x, target]) => {
  const { b, t, d, h } = TB;
  const dh = d / h;
  const ln = (v: T, g: T, beta: T): T => {
    const { mean, variance } = tf.moments(v, -1, true);
    return tf.add(tf.mul(tf.div(tf.sub(v, mean), tf.sqrt(tf.add(variance, 1e-5))), g), beta);
  };
  const lin = (v: T, w: T, bias: T): T => tf.add(tf.matMul(tf.reshape(v, [-1, v.shape[v.rank - 1]!]), w), bias).reshape([b, t, -1]);
  const [g1, be1] = [p('ln1.weight', [d]), p('ln1.bias', [d])];
  const [wqkv, bqkv] = [p('qkv.weight', [3 * d, d], [1, 0]), p('qkv.bias', [3 * d])];
  const [wp, bp] = [p('proj.weight', [d, d], [1, 0]), p('proj.bias', [d])];
  const [g2, be2] = [p('ln2.weight', [d]), p('ln2.bias', [d])];
  const [w1, b1] = [p('fc1.weight', [4 * d, d], [1, 0]), p('fc1.bias', [4 * d])];
  const [w2, b2] = [p('fc2.weight', [d, 4 * d], [1, 0]), p('fc2.bias', [d])];
  const masked = tf.equal(tf.linalg.bandPart(tf.ones([t, t]), -1, 0), 0);
  const minusInf = tf.fill([t, t], -Infinity);
  return () => {
    const qkv = tf.transpose(tf.reshape(lin(ln(x!, g1, be1), wqkv, bqkv), [b, t, 3, h, dh]), [2, 0, 3, 1, 4]);
    const [q, k, v] = tf.unstack(qkv) as [T, T, T];
    const scores = tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(dh));
    const att = tf.softmax(tf.where(tf.broadcastTo(masked, scores.shape), tf.broadcastTo(minusInf, scores.shape), scores));
    const y = tf.reshape(tf.transpose(tf.matMul(att, v), [0, 2, 1, 3]), [b, t, d]);
    const x1 = tf.add(x!, lin(y, wp, bp));
    const f = lin(ln(x1, g2, be2), w1, b1);
    const gelu = tf.mul(tf.mul(f, 0.5), tf.add(1, tf.erf(tf.mul(f, Math.SQRT1_2))));
    return tf.losses.meanSquaredError(target!, tf.add(x1, lin(gelu, w2, b2))) as tf.Scalar;
  };
};

const LOSSES: Record<string, Loss> = { 'mlp-sgd': mlp, 'mlp-adam': mlp, cnn, transformer };

/** tfjs-wasm and tfjs-cpu implementations of `tc` (skipped for a case without a tfjs version). */
export function tfjsTraining(tc: TrainingCase, params: readonly (readonly [string, readonly number[]])[], want: readonly number[]): Impl[] {
  const loss = LOSSES[tc.key];
  return (['tfjs-wasm', 'tfjs-cpu'] as Lib[]).map((lib): Impl => {
    if (loss === undefined) return { lib, skip: 'not written for tfjs', activate: () => undefined, run: () => 0, check: () => null };
    let step: (() => number) | null = null;
    let first: string | null = null;
    return {
      lib,
      activate: async () => {
        await activate(lib);
        if (step !== null) return;
        const index = new Map(params.map(([n, s], i) => [n, { i, shape: s }]));
        const vars: tf.Variable[] = [];
        const p: Param = (name, shape, perm) => {
          const at = index.get(name);
          if (at === undefined) throw new Error(`tfjs ${tc.key}: no parameter ${name}`);
          const v = tf.tensor(initialValues(name, at.shape, at.i), shape);
          vars.push(tf.variable(perm === undefined ? v : tf.transpose(v, perm)));
          return vars[vars.length - 1]!;
        };
        const xs = tc.inputs.map((x) => (x.dtype === 'int32' ? tf.tensor(x.values, x.shape, 'int32') : tf.tensor(x.values, x.shape)));
        const f = loss(p, xs);
        const opt = tc.key === 'mlp-sgd' ? tf.train.sgd(0.1) : tf.train.adam(1e-3);
        step = () => {
          const l = opt.minimize(f, true, vars)!;
          const v = l.dataSync()[0]!;
          l.dispose();
          return v;
        };
        first = checkLosses([step(), step()], want);
      },
      run: () => step!(),
      check: (r) => first ?? (typeof r === 'number' && Number.isFinite(r) ? null : `loss ${String(r)}`),
    };
  });
}
