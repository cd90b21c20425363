/**
 * @chainrule/nn/functional in the op registry: losses, layers' functional forms, activations that
 * are not Tensor methods. See ./types.ts.
 */
import * as F from '@chainrule/nn/functional';
import { bool, defineOps, f, fc0, int } from './types.js';

/** Class-index targets `[n]` in [0, c). */
const classes = (n: number, c: number) => int([n], { min: 0, max: c });

export const lossOps = defineOps({
  crossEntropy: {
    fn: (x, t) => F.crossEntropy(x, t),
    call: 'F.crossEntropy(logits, target)',
    inputs: ([n = 3, c = 3]) => [f([n, c + 1]), classes(n, c + 1)],
    grad: 'smooth',
    torch: 'F.cross_entropy(a, b)',
  },
  crossEntropySum: {
    covers: 'crossEntropy',
    call: "F.crossEntropy(logits, target, { reduction: 'sum' })",
    fn: (x, t) => F.crossEntropy(x, t, { reduction: 'sum' }),
    inputs: ([n = 3, c = 3]) => [f([n, c + 1]), classes(n, c + 1)],
    grad: 'smooth',
    torch: "F.cross_entropy(a, b, reduction='sum')",
  },
  crossEntropyNone: {
    covers: 'crossEntropy',
    call: "F.crossEntropy(logits, target, { reduction: 'none' })",
    fn: (x, t) => F.crossEntropy(x, t, { reduction: 'none' }),
    inputs: ([n = 3, c = 3]) => [f([n, c + 1]), classes(n, c + 1)],
    grad: 'smooth',
    torch: "F.cross_entropy(a, b, reduction='none')",
  },
  crossEntropySmoothing: {
    covers: 'crossEntropy',
    call: 'F.crossEntropy(logits, target, { labelSmoothing: 0.1 })',
    fn: (x, t) => F.crossEntropy(x, t, { labelSmoothing: 0.1 }),
    inputs: ([n = 3, c = 3]) => [f([n, c + 1]), classes(n, c + 1)],
    grad: 'smooth',
    torch: 'F.cross_entropy(a, b, label_smoothing=0.1)',
  },
  crossEntropyIgnore: {
    covers: 'crossEntropy',
    call: 'F.crossEntropy(logits, target, { ignoreIndex: 1 })',
    fn: (x, t) => F.crossEntropy(x, t, { ignoreIndex: 1 }),
    inputs: () => [f([6, 3]), int([6], [0, 1, 2, 2, 1, 0])],
    grad: 'smooth',
    torch: 'F.cross_entropy(a, b, ignore_index=1)',
  },
  crossEntropyWeight: {
    covers: 'crossEntropy',
    call: 'F.crossEntropy(logits, target, { weight })',
    fn: (x, t, w) => F.crossEntropy(x, t, { weight: w!, labelSmoothing: 0.2 }),
    inputs: ([n = 3, c = 3]) => [f([n, c + 1]), classes(n, c + 1), fc0([c + 1], 0.5, 2)],
    grad: 'smooth',
    torch: 'F.cross_entropy(a, b, weight=c, label_smoothing=0.2)',
  },
  crossEntropyProbs: {
    covers: 'crossEntropy',
    call: 'F.crossEntropy(logits, probabilities)',
    fn: (x, p) => F.crossEntropy(x, p!.softmax(1)),
    inputs: ([n = 3, c = 3]) => [f([n, c]), f([n, c])],
    grad: 'smooth',
    torch: 'F.cross_entropy(a, b.softmax(1))',
  },
  crossEntropyLarge: {
    covers: 'crossEntropy',
    call: 'F.crossEntropy(logits near ±500, target)',
    fn: (x, t) => F.crossEntropy(x, t),
    inputs: ([n = 3, c = 3]) => [f([n, c + 1], -500, 500), classes(n, c + 1)],
    grad: 'smooth',
    torch: 'F.cross_entropy(a, b)',
    runs: 10,
  },
  crossEntropySpatial: {
    covers: 'crossEntropy',
    call: 'F.crossEntropy(logits [N, C, d], target [N, d])',
    fn: (x, t) => F.crossEntropy(x, t),
    inputs: ([n = 2, c = 2, d = 2]) => [f([n, c + 1, d]), int([n, d], { min: 0, max: c + 1 })],
    grad: 'smooth',
    torch: 'F.cross_entropy(a, b)',
  },
  nllLoss: {
    fn: (x, t) => F.nllLoss(x.logSoftmax(1), t),
    call: 'F.nllLoss(logp, target)',
    inputs: ([n = 3, c = 3]) => [f([n, c + 1]), classes(n, c + 1)],
    grad: 'smooth',
    torch: 'F.nll_loss(F.log_softmax(a, 1), b)',
  },
  binaryCrossEntropy: {
    fn: (p, t) => F.binaryCrossEntropy(p, t!.to('float64')),
    call: 'F.binaryCrossEntropy(p, target)',
    inputs: (s) => [f(s, 0.05, 0.95), bool(s)],
    grad: 'smooth',
    torch: 'F.binary_cross_entropy(a, b.double())',
  },
  binaryCrossEntropyWithLogits: {
    fn: (z, t) => F.binaryCrossEntropyWithLogits(z, t!.to('float64')),
    call: 'F.binaryCrossEntropyWithLogits(z, target)',
    inputs: (s) => [f(s, -6, 6), bool(s)],
    avoid: [0], // composed with |z| and max(z, 0): central differences straddling 0 see the kinks
    grad: 'smooth',
    torch: 'F.binary_cross_entropy_with_logits(a, b.double())',
  },
  bceWithLogitsExtreme: {
    covers: 'binaryCrossEntropyWithLogits',
    call: 'F.binaryCrossEntropyWithLogits(z near ±300, target)',
    fn: (z, t) => F.binaryCrossEntropyWithLogits(z, t!.to('float64')),
    inputs: (s) => [f(s, -300, 300), bool(s)],
    grad: 'smooth',
    torch: 'F.binary_cross_entropy_with_logits(a, b.double())',
  },
  bceWithLogitsWeights: {
    covers: 'binaryCrossEntropyWithLogits',
    call: 'F.binaryCrossEntropyWithLogits(z, target, { posWeight, weight })',
    fn: (z, t, pw, w) => F.binaryCrossEntropyWithLogits(z, t!.to('float64'), { posWeight: pw!, weight: w!, reduction: 'sum' }),
    inputs: ([n = 2, c = 3]) => [f([n, c]), bool([n, c]), fc0([c], 0.5, 2), fc0([n, 1], 0.5, 2)],
    grad: 'smooth',
    torch: "F.binary_cross_entropy_with_logits(a, b.double(), pos_weight=c, weight=d, reduction='sum')",
  },
  mseLoss: { fn: (x, y) => F.mseLoss(x, y), call: 'F.mseLoss(x, y)', inputs: (s) => [f(s), f(s)], grad: 'smooth', torch: 'F.mse_loss(a, b)' },
  l1Loss: { fn: (x, y) => F.l1Loss(x, y, { reduction: 'sum' }), call: "F.l1Loss(x, y, { reduction: 'sum' })", inputs: (s) => [f(s), f(s, 3, 5)], grad: 'kinked', torch: "F.l1_loss(a, b, reduction='sum')" },
  huberLoss: { fn: (x, y) => F.huberLoss(x, y, { delta: 0.5 }), call: 'F.huberLoss(x, y, { delta: 0.5 })', inputs: (s) => [f(s), fc0(s)], grad: 'kinked', torch: 'F.huber_loss(a, b, delta=0.5)' },
  smoothL1Loss: { fn: (x, y) => F.smoothL1Loss(x, y, { beta: 0.5 }), call: 'F.smoothL1Loss(x, y, { beta: 0.5 })', inputs: (s) => [f(s), fc0(s)], grad: 'kinked', torch: 'F.smooth_l1_loss(a, b, beta=0.5)' },
});

export const layerOps = defineOps({
  linear: {
    fn: (x, w, b) => F.linear(x, w, b),
    call: 'F.linear(x, weight, bias)',
    inputs: ([n = 2, k = 3, m = 2]) => [f([n, k]), f([m, k]), f([m])],
    grad: 'smooth',
    torch: 'F.linear(a, b, c)',
  },
  linearNoBias: { covers: 'linear', call: 'F.linear(x, weight)', fn: (x, w) => F.linear(x, w), inputs: ([n = 2, k = 3, m = 2]) => [f([2, n, k]), f([m, k])], grad: 'smooth', torch: 'F.linear(a, b)' },
  conv2d: {
    fn: (x, w, b) => F.conv2d(x, w, b, { stride: 2, padding: 1 }),
    call: 'F.conv2d(x, weight, bias, { stride: 2, padding: 1 })',
    inputs: () => [f([2, 2, 5, 4]), f([3, 2, 3, 2]), f([3])],
    grad: 'smooth',
    torch: 'F.conv2d(a, b, c, stride=2, padding=1)',
    runs: 3,
  },
  conv2dGroups: {
    covers: 'conv2d',
    call: 'F.conv2d(x, weight, null, { dilation: 2, groups: 2 })',
    fn: (x, w) => F.conv2d(x, w, null, { dilation: 2, groups: 2, padding: [1, 0] }),
    inputs: () => [f([1, 4, 5, 5]), f([2, 2, 2, 2])],
    grad: 'smooth',
    torch: 'F.conv2d(a, b, None, dilation=2, groups=2, padding=(1, 0))',
    runs: 3,
  },
  unfold: {
    fn: (x) => F.unfold(x, [2, 3], { stride: [2, 1], padding: 1 }),
    call: 'F.unfold(x, [2, 3], { stride: [2, 1], padding: 1 })',
    inputs: () => [f([1, 2, 4, 3])],
    grad: 'smooth',
    torch: 'F.unfold(a, (2, 3), stride=(2, 1), padding=1)',
    runs: 5,
  },
  maxPool2d: {
    fn: (x) => F.maxPool2d(x, 2, { stride: 1, padding: 1 }),
    call: 'F.maxPool2d(x, 2, { stride: 1, padding: 1 })',
    inputs: () => [{ shape: [1, 2, 3, 4], distinct: true }],
    grad: 'kinked',
    torch: 'F.max_pool2d(a, 2, stride=1, padding=1)',
    runs: 5,
  },
  avgPool2d: { fn: (x) => F.avgPool2d(x, 2), call: 'F.avgPool2d(x, 2)', inputs: () => [f([2, 2, 4, 5])], grad: 'smooth', torch: 'F.avg_pool2d(a, 2)', runs: 5 },
  layerNorm: {
    fn: (x, w, b) => F.layerNorm(x, [x.shape.at(-1)!], w, b),
    call: 'F.layerNorm(x, [n], weight, bias)',
    inputs: ([a = 2, b = 2, c = 2]) => [f([a, b, c + 1]), f([c + 1]), f([c + 1])],
    grad: 'smooth',
    torch: 'F.layer_norm(a, [a.shape[-1]], b, c)',
  },
  batchNorm: {
    fn: (x, w, b) => F.batchNorm(x, null, null, { training: true, weight: w!, bias: b! }),
    call: 'F.batchNorm(x, null, null, { training: true, weight, bias })',
    inputs: ([n = 2, c = 2, d = 2]) => [f([n + 1, c, d]), f([c]), f([c])],
    grad: 'smooth',
    torch: 'F.batch_norm(a, None, None, b, c, training=True)',
  },
  embedding: {
    fn: (i, w) => F.embedding(i, w).square(),
    call: 'F.embedding(index, weight)',
    inputs: () => [int([2, 3], { min: 0, max: 4 }), f([4, 3])],
    grad: 'smooth',
    torch: 'F.embedding(a, b).square()',
  },
  oneHot: { fn: (i) => F.oneHot(i, 4), call: 'F.oneHot(index, 4)', inputs: () => [int([2, 3], { min: 0, max: 4 })], grad: 'none', torch: 'F.one_hot(a, 4)' },
});

export const activationOps = defineOps({
  relu6: { fn: (x) => F.relu6(x.mul(4)), call: 'F.relu6(x)', inputs: 'unary', avoid: [0, 1.5], grad: 'kinked', torch: 'F.relu6(a * 4)' },
  mish: { fn: (x) => F.mish(x), call: 'F.mish(x)', inputs: 'unary', grad: 'smooth', torch: 'F.mish(a)' },
  logsigmoid: { fn: (x) => F.logsigmoid(x.mul(10)), call: 'F.logsigmoid(x)', inputs: 'unary', avoid: [0], grad: 'smooth', torch: 'F.logsigmoid(a * 10)' },
  hardtanh: { fn: (x) => F.hardtanh(x, -0.5, 1), call: 'F.hardtanh(x, -0.5, 1)', inputs: 'unary', avoid: [-0.5, 1], grad: 'kinked', torch: 'F.hardtanh(a, -0.5, 1)' },
});
