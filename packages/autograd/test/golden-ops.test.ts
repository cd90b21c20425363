/**
 * PyTorch parity: forward and every input gradient of each non-loss case of
 * ../shared/golden/torch-ops-public.json, float64, relative error ≤ 1e-10.
 * (The loss cases are covered with @chainrule/nn in test/golden-losses.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { cat, grad, stack, tensor, where } from '@chainrule/autograd';
import type { Tensor } from '@chainrule/autograd';
import { fromGolden, goldenFiles, readGolden, relErr } from '../../../test/helpers/golden.js';
import type { GoldenCase } from '../../../test/helpers/golden.js';

type Op = (xs: Tensor[], args: Record<string, unknown>) => Tensor;
const num = (v: unknown): number => v as number;
const unary = (f: (x: Tensor) => Tensor): Op => ([x]) => f(x!);
const binary = (f: (a: Tensor, b: Tensor) => Tensor): Op => ([a, b]) => f(a!, b!);

/** How each golden case is computed with chainrule; the PyTorch call is in gen_torch_golden.py. */
const ops: Record<string, Op> = {
  neg: unary((x) => x.neg()),
  exp: unary((x) => x.exp()),
  log: unary((x) => x.log()),
  sqrt: unary((x) => x.sqrt()),
  abs: unary((x) => x.abs()),
  sin: unary((x) => x.sin()),
  cos: unary((x) => x.cos()),
  tanh: unary((x) => x.tanh()),
  sigmoid: unary((x) => x.sigmoid()),
  relu: unary((x) => x.relu()),
  gelu: unary((x) => x.gelu()),
  softplus: unary((x) => x.softplus()),
  elu: unary((x) => x.elu()),
  silu: unary((x) => x.silu()),
  square: unary((x) => x.square()),
  reciprocal: unary((x) => x.reciprocal()),
  log1p: unary((x) => x.log1p()),
  leaky_relu: ([x], a) => x!.leakyRelu(num(a.negative_slope)),
  'leaky_relu_0.2': ([x], a) => x!.leakyRelu(num(a.negative_slope)),
  clamp: ([x], a) => x!.clamp(num(a.min), num(a.max)),
  pow_scalar: ([x], a) => x!.pow(num(a.exponent)),
  pow_tensor: binary((a, b) => a.pow(b)),
  where: ([c, a, b]) => where(c!, a!, b!),
  sum_all: unary((x) => x.sum()),
  sum_dim0: ([x], a) => x!.sum(num(a.dim)),
  sum_dim1_keepdim: ([x], a) => x!.sum(num(a.dim), a.keepdim as boolean),
  mean_all: unary((x) => x.mean()),
  mean_dim_last: ([x], a) => x!.mean(num(a.dim)),
  max_dim1: ([x], a) => x!.max(num(a.dim)).values,
  min_dim0: ([x], a) => x!.min(num(a.dim)).values,
  logsumexp_dim1: ([x], a) => x!.logsumexp(num(a.dim)),
  var_dim1: ([x], a) => x!.var(num(a.dim), { unbiased: a.unbiased as boolean }),
  prod_dim1: ([x], a) => x!.prod(num(a.dim)),
  norm_all: unary((x) => x.norm()),
  transpose: unary((x) => x.transpose(0, 1)),
  permute: ([x], a) => x!.permute(a.dims as number[]),
  reshape: ([x], a) => x!.reshape(a.shape as number[]),
  unsqueeze_squeeze: unary((x) => x.unsqueeze(0).squeeze(0)),
  expand: ([x], a) => x!.expand(a.shape as number[]),
  cat_dim0: (xs, a) => cat(xs, num(a.dim)),
  cat_dim1: (xs, a) => cat(xs, num(a.dim)),
  stack_dim1: (xs, a) => stack(xs, num(a.dim)),
  slice_rows: ([x], a) => x!.slice(num(a.dim), num(a.start), num(a.end)),
  narrow_cols: ([x], a) => x!.narrow(num(a.dim), num(a.start), num(a.length)),
  index_select_dim0: ([x], a) => x!.indexSelect(num(a.dim), tensor(a.index as number[], { dtype: 'int32' })),
  gather_dim1: ([x], a) => {
    const idx = a.index as { shape: number[]; data: number[] };
    return x!.gather(num(a.dim), tensor(idx.data, { shape: idx.shape, dtype: 'int32' }));
  },
  softmax_dim1: ([x], a) => x!.softmax(num(a.dim)),
  softmax_dim0: ([x], a) => x!.softmax(num(a.dim)),
  softmax_large_logits: ([x], a) => x!.softmax(num(a.dim)),
  log_softmax_dim1: ([x], a) => x!.logSoftmax(num(a.dim)),
  matmul_2d: binary((a, b) => a.matmul(b)),
  matmul_batched: binary((a, b) => a.matmul(b)),
  matmul_broadcast: binary((a, b) => a.matmul(b)),
  matmul_vec: binary((a, b) => a.matmul(b)),
  fanout_expr: unary((x) => x.mul(x).sum().add(x.exp().mul(x).mean()).add(x.tanh().sum().mul(x.sum()))),
};
for (const op of ['add', 'sub', 'mul', 'div', 'maximum', 'minimum'] as const) {
  for (const suffix of ['', '_broadcast_row', '_broadcast_col']) ops[op + suffix] = binary((a, b) => a[op](b));
}

const LOSSES = /^(cross_entropy|nll_loss|bce|mse|l1|huber|linear)/;
const files = goldenFiles(/^torch-ops-.*\.json$/);
const worst = { forward: 0, grad: 0, cases: 0 };

it('finds the golden op files', () => expect(files).toContain('torch-ops-public.json'));

for (const file of files) {
  const { cases } = readGolden<{ cases: GoldenCase[] }>(file);
  describe(`PyTorch parity (${file})`, () => {
    const covered = cases.filter((c) => !LOSSES.test(c.name));
    it('covers every non-loss case of the file', () => {
      expect(covered.filter((c) => ops[c.name] === undefined).map((c) => c.name)).toEqual([]);
      expect(covered.length + cases.filter((c) => LOSSES.test(c.name)).length).toBe(cases.length);
    });
    for (const c of covered) {
      it(c.name, () => {
        const inputs = c.inputs.map((g, i) => fromGolden(g, { requiresGrad: c.grads[i] !== null }));
        const out = ops[c.name]!(inputs, c.args);
        const fwd = relErr(out, c.output);
        worst.forward = Math.max(worst.forward, fwd);
        expect(fwd).toBeLessThanOrEqual(1e-10);
        const diff = inputs.filter((_, i) => c.grads[i] !== null);
        const grads = grad(out, diff, { gradOutputs: fromGolden(c.upstream) });
        let k = 0;
        c.grads.forEach((g, i) => {
          if (g === null) return;
          const e = relErr(grads[k++]!, g);
          worst.grad = Math.max(worst.grad, e);
          expect(e, `grad of input ${i}`).toBeLessThanOrEqual(1e-10);
        });
        worst.cases++;
      });
    }
  });
}

it('reports the worst relative errors', () => {
  // printed so that the closing note can quote them
  console.log(`golden ops: ${worst.cases} cases, worst forward rel err ${worst.forward.toExponential(2)}, worst grad rel err ${worst.grad.toExponential(2)}`);
  expect(worst.grad).toBeLessThanOrEqual(1e-10);
});
