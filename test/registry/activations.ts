/**
 * More of @chainrule/nn/functional in the op registry: the activations of issue 14 and the vector
 * comparisons (normalize, cosineSimilarity, pairwiseDistance). See ./types.ts.
 */
import * as F from '@chainrule/nn/functional';
import type { Tensor } from '@chainrule/autograd';
import { defineOps, f } from './types.js';

/** x + 0.3·sign(x): the same sign, at least 0.3 from 0 (where x is not 0). */
const away = (x: Tensor): Tensor => x.add(x.sign().mul(0.3));

export const activationMoreOps = defineOps({
  // PyTorch's celu and hardsigmoid gradients use float32 constants (1/α, 1/6) even in float64: 3e-8 apart
  celu: { fn: (x) => F.celu(x, 0.7), call: 'F.celu(x, 0.7)', inputs: 'unary', avoid: [0], grad: 'smooth', torch: 'F.celu(a, 0.7)', tol: 1e-7 },
  selu: { fn: (x) => F.selu(x), call: 'F.selu(x)', inputs: 'unary', avoid: [0], grad: 'smooth', torch: 'F.selu(a)' },
  softsign: { fn: (x) => F.softsign(x), call: 'F.softsign(x)', inputs: 'unary', avoid: [0], grad: 'smooth', torch: 'F.softsign(a)' },
  hardsigmoid: { fn: (x) => F.hardsigmoid(x.mul(2)), call: 'F.hardsigmoid(x)', inputs: 'unary', avoid: [-1.5, 1.5], grad: 'kinked', torch: 'F.hardsigmoid(a * 2)', tol: 1e-7 },
  hardswish: { fn: (x) => F.hardswish(x.mul(2)), call: 'F.hardswish(x)', inputs: 'unary', avoid: [-1.5, 1.5], grad: 'smooth', torch: 'F.hardswish(a * 2)' },
  // at the bounds themselves: PyTorch's gradient is 0 there (hardtanh, relu6, hardsigmoid)
  hardBounds: {
    covers: ['hardtanh', 'relu6', 'hardsigmoid', 'hardswish'],
    call: 'F.hardtanh(x), F.relu6(x), F.hardsigmoid(x), F.hardswish(x) at their kinks',
    fn: (x) => [F.hardtanh(x), F.relu6(x), F.hardsigmoid(x), F.hardswish(x)],
    inputs: () => [{ shape: [7], values: [-3, -1, 0, 1, 3, 6, 7] }],
    grad: 'none',
    torch: '(F.hardtanh(a), F.relu6(a), F.hardsigmoid(a), F.hardswish(a))',
    tol: 1e-7,
  },
  tanhshrink: { fn: (x) => F.tanhshrink(x), call: 'F.tanhshrink(x)', inputs: 'unary', grad: 'smooth', torch: 'F.tanhshrink(a)' },
  softshrink: { fn: (x) => F.softshrink(x, 0.7), call: 'F.softshrink(x, 0.7)', inputs: 'unary', avoid: [-0.7, 0.7], grad: 'smooth', torch: 'F.softshrink(a, 0.7)' },
  hardshrink: { fn: (x) => F.hardshrink(x, 0.7), call: 'F.hardshrink(x, 0.7)', inputs: 'unary', avoid: [-0.7, 0.7], grad: 'smooth', torch: 'F.hardshrink(a, 0.7)' },
  threshold: { fn: (x) => F.threshold(x, 0.3, -1.5), call: 'F.threshold(x, 0.3, -1.5)', inputs: 'unary', avoid: [0.3], grad: 'smooth', torch: 'F.threshold(a, 0.3, -1.5)' },
  rrelu: { fn: (x) => F.rrelu(x, 0.1, 0.3), call: 'F.rrelu(x, 0.1, 0.3)', inputs: 'unary', avoid: [0], grad: 'smooth', torch: 'F.rrelu(a, 0.1, 0.3)' },
  prelu: { fn: (x, w) => F.prelu(x, w!), call: 'F.prelu(x, weight)', inputs: ([n = 2, c = 3, d = 2]) => [f([n, c, d]), f([c], 0.05, 0.5)], avoid: [0], grad: 'smooth', torch: 'F.prelu(a, b)' },
  preluShared: { covers: 'prelu', call: 'F.prelu(x, weight of 1)', fn: (x, w) => F.prelu(x, w!), inputs: (s) => [f(s), f([1], -0.5, 0.5)], avoid: [0], grad: 'smooth', torch: 'F.prelu(a, b)' },
  softmin: { fn: (x) => F.softmin(x, 1), call: 'F.softmin(x, 1)', inputs: (s) => [f(s)], grad: 'smooth', torch: 'F.softmin(a, 1)' },
  glu: { fn: (x) => F.glu(x, 1), call: 'F.glu(x, 1)', inputs: ([a = 2, , c = 2]) => [f([a, 4, c])], grad: 'smooth', torch: 'F.glu(a, 1)' },
  gluLast: { covers: 'glu', call: 'F.glu(x)', fn: (x) => F.glu(x), inputs: ([a = 2, b = 2]) => [f([a, b, 6])], grad: 'smooth', torch: 'F.glu(a)' },
  // (x + 0.3·sign(x): elements at least 0.3 from 0, so no vector comes near the eps floor, whose
  // gradient is huge; the property test tries values near 0)
  normalize: { fn: (x) => F.normalize(away(x)), call: 'F.normalize(x)', inputs: (s) => [f(s)], avoid: [0], grad: 'smooth', torch: 'F.normalize(a + 0.3 * a.sign())' },
  normalizeP1: { covers: 'normalize', call: 'F.normalize(x, 1, -1)', fn: (x) => F.normalize(x, 1, -1), inputs: (s) => [f(s)], avoid: [0], grad: 'kinked', torch: 'F.normalize(a, 1, -1)' },
  normalizeZero: { covers: 'normalize', call: 'F.normalize(zeros)', fn: (x) => F.normalize(x.mul(0)), inputs: (s) => [f(s)], grad: 'none', torch: 'F.normalize(a * 0)' },
  cosineSimilarity: {
    fn: (a, b) => F.cosineSimilarity(away(a), away(b), 1),
    call: 'F.cosineSimilarity(x1, x2)',
    inputs: ([n = 2, d = 3, k = 2]) => [f([n, d + 1, k]), f([1, d + 1, k])],
    avoid: [0],
    grad: 'smooth',
    torch: 'F.cosine_similarity(a + 0.3 * a.sign(), b + 0.3 * b.sign(), 1)',
  },
  // norms below eps: their values are bounded, their gradients not (as PyTorch 1.13), so central differences disagree: parity only
  cosineSimilarityTiny: {
    covers: 'cosineSimilarity',
    call: 'F.cosineSimilarity(x1, x2, -1, eps) with norms below eps',
    fn: (a, b) => F.cosineSimilarity(a.mul(1e-5), b, -1, 1e-4),
    inputs: ([n = 2, d = 3]) => [f([n, d]), f([n, d])],
    grad: 'none',
    torch: 'F.cosine_similarity(a * 1e-5, b, -1, 1e-4)',
  },
  pairwiseDistance: {
    fn: (a, b) => F.pairwiseDistance(a, b),
    call: 'F.pairwiseDistance(x1, x2)',
    inputs: ([n = 2, d = 3]) => [f([n, d + 1], 0.3, 2), f([d + 1], -2, -0.3)],
    grad: 'smooth',
    torch: 'F.pairwise_distance(a, b)',
  },
  pairwiseDistanceP: {
    covers: 'pairwiseDistance',
    call: 'F.pairwiseDistance(x1, x2, 3, 1e-3, true)',
    fn: (a, b) => F.pairwiseDistance(a, b, 3, 1e-3, true),
    inputs: ([n = 2, d = 3]) => [f([n, d], -2, -0.3), f([n, d], 0.3, 2)],
    grad: 'smooth',
    torch: 'F.pairwise_distance(a, b, 3, 1e-3, True)',
  },
});
