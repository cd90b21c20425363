/**
 * PyTorch's pointwise math beyond the basics, more reductions, and bitwise ops, in the op registry
 * (see ./types.ts). Each entry's `torch` is the PyTorch 1.13 call it is compared with.
 */
import { div, remainder, sub, tensor } from '@chainrule/autograd';
import { bool, defineOps, f, int, small } from './types.js';

/** Points a rounding op jumps at, in [-2, 2]: multiples of `step` offset by `at`. */
const jumps = (step: number, at = 0): number[] => Array.from({ length: Math.round(4 / step) + 1 }, (_, k) => -2 + at + k * step);

/** Trigonometry, logs and exponentials of other bases. */
export const transcendentalOps = defineOps({
  tan: { fn: (x) => x.tan(), inputs: 'unary', min: -1.2, max: 1.2, grad: 'smooth', torch: 'torch.tan(a)' },
  asin: { fn: (x) => x.asin(), inputs: 'unary', min: -0.9, max: 0.9, grad: 'smooth', torch: 'torch.asin(a)' },
  acos: { fn: (x) => x.acos(), inputs: 'unary', min: -0.9, max: 0.9, grad: 'smooth', torch: 'torch.acos(a)' },
  atan: { fn: (x) => x.atan(), inputs: 'unary', grad: 'smooth', torch: 'torch.atan(a)' },
  sinh: { fn: (x) => x.sinh(), inputs: 'unary', grad: 'smooth', torch: 'torch.sinh(a)' },
  cosh: { fn: (x) => x.cosh(), inputs: 'unary', grad: 'smooth', torch: 'torch.cosh(a)' },
  asinh: { fn: (x) => x.asinh(), inputs: 'unary', grad: 'smooth', torch: 'torch.asinh(a)' },
  acosh: { fn: (x) => x.acosh(), inputs: 'unary', min: 1.2, max: 3, grad: 'smooth', torch: 'torch.acosh(a)' },
  atanh: { fn: (x) => x.atanh(), inputs: 'unary', min: -0.9, max: 0.9, grad: 'smooth', torch: 'torch.atanh(a)' },
  log2: { fn: (x) => x.log2(), inputs: 'unary', min: 0.2, max: 3, grad: 'smooth', torch: 'torch.log2(a)' },
  log10: { fn: (x) => x.log10(), inputs: 'unary', min: 0.2, max: 3, grad: 'smooth', torch: 'torch.log10(a)' },
  exp2: { fn: (x) => x.exp2(), inputs: 'unary', grad: 'smooth', torch: 'torch.exp2(a)' },
  expm1: { fn: (x) => x.expm1(), inputs: 'unary', grad: 'smooth', torch: 'torch.expm1(a)' },
  sinc: { fn: (x) => x.sinc(), inputs: 'unary', avoid: [0], grad: 'smooth', torch: 'torch.sinc(a)' },
  sincAtZero: { covers: 'sinc', call: 'x.sinc() at 0', fn: (x) => x.sinc(), inputs: () => [{ shape: [3], values: [0, 0.5, -1.5] }], grad: 'none', torch: 'torch.sinc(a)' },
  deg2rad: { fn: (x) => x.deg2rad(), inputs: 'unary', grad: 'smooth', torch: 'torch.deg2rad(a)' },
  rad2deg: { fn: (x) => x.rad2deg(), inputs: 'unary', grad: 'smooth', torch: 'torch.rad2deg(a)' },
  atan2: { fn: (a, b) => a.atan2(b), call: 'x.atan2(y)', inputs: (s) => [f(s), f(s.slice(1), 0.4, 2)], grad: 'smooth', torch: 'torch.atan2(a, b)' },
  atan2Left: { covers: 'atan2', call: 'x.atan2(y), x < 0', fn: (a, b) => a.atan2(b), inputs: (s) => [f(s, 0.3, 2), f(s, -2, -0.3)], grad: 'smooth', torch: 'torch.atan2(a, b)' },
  hypot: { fn: (a, b) => a.hypot(b), call: 'x.hypot(y)', inputs: 'binary', min: 0.3, max: 2, grad: 'smooth', torch: 'torch.hypot(a, b)' },
  hypotSigned: { covers: 'hypot', call: 'x.hypot(y), signed', fn: (a, b) => a.hypot(b), inputs: (s) => [f(s, -2, -0.3), f(s.slice(1), 0.3, 2)], grad: 'smooth', torch: 'torch.hypot(a, b)' },
  // two ranges that never meet: at a tie the composite's second derivative misses the kink it cancels
  logaddexp: { fn: (a, b) => a.logaddexp(b), call: 'x.logaddexp(y)', inputs: (s) => [f(s, -2, -0.1), f(s.slice(1), 0, 2)], grad: 'smooth', torch: 'torch.logaddexp(a, b)' },
  // at a tie each side gets half the gradient (central differences see both sides move: parity only)
  logaddexpTie: { covers: 'logaddexp', call: 'x.logaddexp(x)', fn: (a) => a.logaddexp(a.detach()), inputs: 'unary', grad: 'none', torch: 'torch.logaddexp(a, a.detach())' },
  logaddexpLarge: { covers: 'logaddexp', call: 'x.logaddexp(y) near ±800', fn: (a, b) => a.logaddexp(b), inputs: (s) => [f(s, -800, 800), f(s, -800, 800)], grad: 'kinked', torch: 'torch.logaddexp(a, b)', runs: 10 },
  logaddexp2: { fn: (a, b) => a.logaddexp2(b), call: 'x.logaddexp2(y)', inputs: (s) => [f(s, 0, 2), f(s.slice(1), -2, -0.1)], grad: 'smooth', torch: 'torch.logaddexp2(a, b)' },
  xlogy: { fn: (a, b) => a.xlogy(b), call: 'x.xlogy(y)', inputs: (s) => [f(s), f(s.slice(1), 0.3, 3)], grad: 'smooth', torch: 'torch.xlogy(a, b)' },
  xlogyZeros: {
    covers: 'xlogy',
    call: 'x.xlogy(y), x = 0',
    fn: (a, b) => a.xlogy(b),
    inputs: () => [{ shape: [5], values: [0, 0, 1.5, 0, -2] }, { shape: [5], values: [0.5, 2, 0, 3, 0] }],
    grad: 'none',
    torch: 'torch.xlogy(a, b)',
  },
  // at x = y = 0 PyTorch's gradient for y is NaN (0/0), chainrule's 0: the values only
  xlogyOrigin: {
    covers: 'xlogy',
    call: 'x.xlogy(y) at x = 0, y ≤ 0',
    fn: (a, b) => a.xlogy(b),
    inputs: () => [{ shape: [3], values: [0, 0, 0], grad: false }, { shape: [3], values: [0, -1, 0.25], grad: false }],
    grad: 'none',
    torch: 'torch.xlogy(a, b)',
  },
  xlogyScalarFirst: { covers: [], call: 'xlogy(2, y)', fn: (b) => tensor(2).xlogy(b), inputs: 'unary', min: 0.3, max: 3, grad: 'smooth', torch: 'torch.xlogy(2, a)' },
});

/** Rounding, remainders, floor division: piecewise constant or linear, with PyTorch's zero gradients. */
export const roundingOps = defineOps({
  // PyTorch records sign, floor, ceil, round and trunc with a zero gradient: their results require grad
  sign: { fn: (x) => x.sign(), inputs: 'unary', avoid: [0], grad: 'kinked', torch: 'torch.sign(a)' },
  floor: { fn: (x) => x.floor(), inputs: 'unary', avoid: jumps(1), grad: 'kinked', torch: 'torch.floor(a)' },
  ceil: { fn: (x) => x.ceil(), inputs: 'unary', avoid: jumps(1), grad: 'kinked', torch: 'torch.ceil(a)' },
  trunc: { fn: (x) => x.trunc(), inputs: 'unary', avoid: jumps(1), grad: 'kinked', torch: 'torch.trunc(a)' },
  round: { fn: (x) => x.round(), inputs: 'unary', avoid: jumps(1, 0.5), grad: 'kinked', torch: 'torch.round(a)' },
  roundHalves: { covers: 'round', call: 'x.round() at halves (ties to even)', fn: (x) => x.round(), inputs: () => [{ shape: [6], values: [-2.5, -1.5, -0.5, 0.5, 1.5, 2.5] }], grad: 'none', torch: 'torch.round(a)' },
  roundDecimals: { covers: 'round', call: 'x.round({ decimals: 1 })', fn: (x) => x.round({ decimals: 1 }), inputs: 'unary', avoid: jumps(0.1, 0.05), grad: 'kinked', torch: 'torch.round(a, decimals=1)' },
  roundDecimalsNegative: { covers: 'round', call: 'x.round({ decimals: -1 })', fn: (x) => x.round({ decimals: -1 }), inputs: (s) => [f(s, -200, 200)], grad: 'none', torch: 'torch.round(a, decimals=-1)' },
  roundInt: { covers: ['floor', 'ceil', 'round', 'trunc'], call: 'x.floor(), x.round() on integers', fn: (x) => [x.floor(), x.ceil(), x.round(), x.trunc()], inputs: (s) => [int(s, { min: -5, max: 5 })], grad: 'none', torch: '(a.floor(), a.ceil(), a.round(), a.trunc())' },
  frac: { fn: (x) => x.frac(), inputs: 'unary', avoid: jumps(1), grad: 'kinked', torch: 'torch.frac(a)' },
  remainder: { fn: (a) => a.remainder(0.75), call: 'x.remainder(0.75)', inputs: 'unary', avoid: jumps(0.75, 0.5), grad: 'kinked', torch: 'torch.remainder(a, 0.75)' },
  // (ranges whose ends never divide to an integer: the property test tries the ends)
  remainderTensor: { covers: 'remainder', call: 'x.remainder(y)', fn: (a, b) => a.remainder(b), inputs: (s) => [f(s, -1.9, 1.9), f(s.slice(1), 0.55, 1.45)], avoid: [0], grad: 'kinked', torch: 'torch.remainder(a, b)' },
  remainderNegative: { covers: 'remainder', call: 'x.remainder(y), y < 0', fn: (a, b) => a.remainder(b), inputs: (s) => [f(s, -1.9, 1.9), f(s, -1.45, -0.55)], avoid: [0], grad: 'kinked', torch: 'torch.remainder(a, b)' },
  // PyTorch's remainder(Scalar, Tensor) has no derivative: the reference divides a tensor of 5s
  remainderScalarFirst: { covers: [], call: 'remainder(5, x)', fn: (b) => remainder(5, b), inputs: 'unary', min: 0.5, max: 2, grad: 'none', torch: 'torch.remainder(torch.full_like(a, 5), a)' },
  fmod: { fn: (a, b) => a.fmod(b), call: 'x.fmod(y)', inputs: (s) => [f(s, -1.9, 1.9), f(s.slice(1), 0.55, 1.45)], grad: 'kinked', torch: 'torch.fmod(a, b)' },
  fmodNegative: { covers: 'fmod', call: 'x.fmod(y), y < 0', fn: (a, b) => a.fmod(b), inputs: (s) => [f(s, -1.9, 1.9), f(s, -1.45, -0.55)], grad: 'kinked', torch: 'torch.fmod(a, b)' },
  // PyTorch's floor_divide has no derivative (its backward raises); chainrule's has div(rounding_mode='floor')'s: zero
  floorDivide: { fn: (a) => a.floorDivide(0.5), call: 'x.floorDivide(0.5)', inputs: 'unary', avoid: jumps(0.5), grad: 'kinked', torch: "torch.div(a, 0.5, rounding_mode='floor')" },
  floorDivideTensor: { covers: 'floorDivide', call: 'x.floorDivide(y)', fn: (a, b) => [a.floorDivide(b), a.floorDivide(b).detach()], inputs: (s) => [f(s), f(s, -1.5, 1.5)], avoid: [0], grad: 'none', torch: "(torch.div(a, b, rounding_mode='floor'), torch.floor_divide(a.detach(), b.detach()))" },
  divTrunc: { covers: 'div', call: "x.div(y, { roundingMode: 'trunc' })", fn: (a, b) => a.div(b, { roundingMode: 'trunc' }), inputs: (s) => [f(s), f(s.slice(1), 0.3, 2)], grad: 'none', torch: "torch.div(a, b, rounding_mode='trunc')" },
  divFloor: { covers: 'div', call: "x.div(y, { roundingMode: 'floor' })", fn: (a, b) => a.div(b, { roundingMode: 'floor' }), inputs: (s) => [f(s), f(s.slice(1), -2, -0.3)], grad: 'none', torch: "torch.div(a, b, rounding_mode='floor')" },
  divScalarFirst: { covers: [], call: 'div(2, x)', fn: (b) => div(2, b), inputs: 'unary', min: 0.3, max: 2, grad: 'smooth', torch: 'torch.div(2, a)' },
  subScalarFirst: { covers: [], call: 'sub(2, x)', fn: (b) => sub(2, b), inputs: 'unary', grad: 'smooth', torch: 'torch.sub(2, a)' },
  integerDivision: {
    covers: ['remainder', 'fmod', 'floorDivide', 'div'],
    call: 'remainder, fmod, floorDivide, div with rounding on integers',
    fn: (a, b) => [a.remainder(b), a.fmod(b), a.floorDivide(b), a.div(b, { roundingMode: 'trunc' }), a.div(b, { roundingMode: 'floor' }), remainder(7, b)],
    inputs: () => [int([2, 3], { min: -9, max: 10 }), int([3], [3, -2, 4])],
    grad: 'none',
    torch: "(a.remainder(b), a.fmod(b), a.floor_divide(b), a.div(b, rounding_mode='trunc'), a.div(b, rounding_mode='floor'), torch.remainder(7, b))",
  },
  rsub: { fn: (a, b) => a.rsub(b, { alpha: 2 }), call: 'x.rsub(y, { alpha: 2 })', inputs: 'binary', grad: 'smooth', torch: 'torch.rsub(a, b, alpha=2)' },
  copysign: { fn: (a, b) => a.copysign(b), call: 'x.copysign(y)', inputs: 'binary', avoid: [0], grad: 'kinked', torch: 'torch.copysign(a, b)' },
  copysignNegativeZero: { covers: 'copysign', call: 'x.copysign(-0)', fn: (a) => a.copysign(-0), inputs: 'unary', avoid: [0], grad: 'kinked', torch: 'torch.copysign(a, -0.0)' },
});

/** Interpolation, clamping with tensor bounds, and the ops that handle non-finite values. */
export const pointwiseOps = defineOps({
  lerp: { fn: (a, b, w) => a.lerp(b, w!), call: 'x.lerp(y, w)', inputs: (s) => [f(s), f(s.slice(1)), f(s, -0.5, 1.5)], grad: 'smooth', torch: 'torch.lerp(a, b, c)' },
  lerpScalar: { covers: 'lerp', call: 'x.lerp(y, 0.3)', fn: (a, b) => [a.lerp(b, 0.3), a.lerp(b, 0.8)], inputs: 'binary', grad: 'smooth', torch: '(torch.lerp(a, b, 0.3), torch.lerp(a, b, 0.8))' },
  clampTensor: {
    covers: 'clamp',
    call: 'x.clamp(lo, hi), tensor bounds',
    fn: (x, lo, hi) => x.clamp(lo, hi),
    inputs: (s) => [f(s), f(s.slice(1), -1.5, -0.2), f(s.slice(2), 0.2, 1.5)],
    grad: 'kinked',
    torch: 'torch.clamp(a, b, c)',
  },
  // (bounds drawn from ranges whose ends x's ends never meet: the property test tries the ends, a tie is a kink)
  clampTensorMin: { covers: 'clamp', call: 'x.clamp(lo)', fn: (x, lo) => x.clamp(lo), inputs: (s) => [f(s), f(s.slice(1), 0.1, 1.3)], grad: 'kinked', torch: 'torch.clamp(a, min=b)' },
  clampTensorMax: { covers: 'clamp', call: 'x.clamp(null, hi)', fn: (x, hi) => x.clamp(null, hi), inputs: (s) => [f(s), f(s, -1.3, -0.1)], grad: 'kinked', torch: 'torch.clamp(a, max=b)' },
  clampMixed: { covers: 'clamp', call: 'x.clamp(lo, 0.5)', fn: (x, lo) => x.clamp(lo, 0.5), inputs: (s) => [f(s), f(s, -1.5, -0.1)], grad: 'kinked', avoid: [0.5], torch: 'torch.clamp(torch.clamp(a, min=b), max=0.5)' },
  nanToNum: { fn: (x) => x.nanToNum(), inputs: 'unary', grad: 'smooth', torch: 'torch.nan_to_num(a)' },
  nanToNumSpecial: {
    covers: 'nanToNum',
    call: 'x.nanToNum(1, 100, -100) of NaN, ±inf',
    fn: (x, m, n) => [x.maskedFill(m!, NaN).maskedFill(n!, Infinity).nanToNum(1, 100, -100), x.maskedFill(n!, -Infinity).nanToNum()],
    inputs: ([a = 2]) => [f([a, 3]), bool([3], [true, false, false]), bool([3], [false, false, true])],
    grad: 'none',
    torch: "(a.masked_fill(b, float('nan')).masked_fill(c, float('inf')).nan_to_num(1, 100, -100), a.masked_fill(c, float('-inf')).nan_to_num())",
  },
  isinf: {
    fn: (x, m, n) => [x.maskedFill(m!, Infinity).maskedFill(n!, -Infinity).isinf(), x.maskedFill(m!, NaN).isinf()],
    inputs: ([a = 2]) => [f([a, 3]), bool([3], [true, false, false]), bool([3], [false, false, true])],
    grad: 'none',
    torch: "(a.masked_fill(b, float('inf')).masked_fill(c, float('-inf')).isinf(), a.masked_fill(b, float('nan')).isinf())",
  },
  heaviside: {
    fn: (x, v) => x.heaviside(v!),
    call: 'x.heaviside(values)',
    inputs: () => [{ shape: [2, 3], values: [-1, 0, 2, 0, 0.5, -0.25] }, f([3])],
    grad: 'none',
    torch: 'torch.heaviside(a.detach(), b.detach())',
  },
  isclose: {
    fn: (a, b) => [a.isclose(b), a.isclose(a.add(b.mul(1e-3)), 1e-2, 1e-3), a.isclose(a.add(b.mul(1e-3)))],
    call: 'x.isclose(y)',
    inputs: 'binary',
    grad: 'none',
    torch: '(torch.isclose(a, b), torch.isclose(a, a + b * 1e-3, 1e-2, 1e-3), torch.isclose(a, a + b * 1e-3))',
  },
  iscloseNan: {
    covers: 'isclose',
    call: 'x.isclose(y, rtol, atol, true) with NaN and inf',
    fn: (x, m, n) => {
      const y = x.maskedFill(m!, NaN).maskedFill(n!, Infinity);
      return [y.isclose(y, 1e-5, 1e-8, true), y.isclose(y)];
    },
    inputs: ([a = 2]) => [f([a, 3]), bool([3], [true, false, false]), bool([3], [false, false, true])],
    grad: 'none',
    torch: "(lambda y: (torch.isclose(y, y, 1e-5, 1e-8, True), torch.isclose(y, y)))(a.masked_fill(b, float('nan')).masked_fill(c, float('inf')))",
  },
  allclose: {
    fn: (a, b) => [tensor(a.allclose(b)), tensor(a.allclose(a.add(b.mul(1e-7))))],
    call: 'x.allclose(y)',
    inputs: 'binary',
    grad: 'none',
    torch: '(torch.allclose(a, b), torch.allclose(a, a + b * 1e-7))',
  },
});

/** More reductions. */
export const reduceMoreOps = defineOps({
  varCorrection: { covers: 'var', call: 'x.var(-1, { correction: 2 })', fn: (x) => x.var(-1, { correction: 2 }), inputs: ([a = 2, b = 2]) => [f([a, b + 3])], grad: 'smooth', torch: 'torch.var(a, -1, correction=2)' },
  // (at least two elements per variance: one has none, and std's gradient at 0 is infinite)
  stdCorrection: { covers: 'std', call: 'x.std([0, 2], { correction: 0, keepdim: true })', fn: (x) => x.std([0, 2], { correction: 0, keepdim: true }), inputs: ([a = 2, b = 2, c = 2]) => [{ shape: [a + 1, b, c], distinct: true }], grad: 'smooth', torch: 'torch.std(a, [0, 2], correction=0, keepdim=True)' },
  varMean: { fn: (x) => x.varMean(1), call: 'x.varMean(1)', inputs: ([a = 2, b = 2]) => [f([a, b + 1])], grad: 'smooth', torch: 'torch.var_mean(a, 1)' },
  stdMean: { fn: (x) => x.stdMean([0, 2], { correction: 0, keepdim: true }), call: 'x.stdMean([0, 2], { correction: 0, keepdim: true })', inputs: ([a = 2, b = 2, c = 2]) => [{ shape: [a + 1, b, c], distinct: true }], grad: 'smooth', torch: 'torch.std_mean(a, [0, 2], correction=0, keepdim=True)' },
  stdMeanAll: { covers: 'stdMean', call: 'x.stdMean()', fn: (x) => x.stdMean(), inputs: ([a = 2, b = 2]) => [{ shape: [a, b + 1], distinct: true }], grad: 'smooth', torch: 'torch.std_mean(a)' },
  nansum: {
    fn: (x, m) => x.maskedFill(m!, NaN).nansum(-1),
    call: 'x.nansum(-1)',
    inputs: ([a = 2]) => [f([a, 3]), bool([3], [true, false, true])],
    grad: 'smooth',
    torch: "a.masked_fill(b, float('nan')).nansum(-1)",
  },
  nansumAll: { covers: 'nansum', call: 'x.nansum()', fn: (x) => x.nansum(), inputs: 'unary', grad: 'smooth', torch: 'a.nansum()' },
  nanmean: {
    fn: (x, m) => x.maskedFill(m!, NaN).nanmean([0, 1], true),
    call: 'x.nanmean([0, 1], true)',
    inputs: ([a = 2]) => [f([a, 3]), bool([3], [true, false, true])],
    grad: 'smooth',
    torch: "a.masked_fill(b, float('nan')).nanmean([0, 1], keepdim=True)",
  },
  // the gradient at zeros: one zero in a row (the product of the others), two zeros (0)
  prodZeros: {
    covers: 'prod',
    call: 'x.prod(-1) with zeros',
    fn: (x) => [x.prod(-1), x.prod()],
    inputs: () => [{ shape: [3, 3], values: [1.5, 0, 2, 0, 0, 3, 2, -3, 0.5] }],
    grad: 'none',
    torch: '(a.prod(-1), a.prod())',
  },
  prodSigned: {
    covers: 'prod',
    call: 'x.prod(0) of signed values',
    fn: (x) => x.prod(0),
    inputs: (s) => [f(s, -1.5, 1.5)],
    avoid: [0],
    grad: 'smooth',
    torch: 'a.prod(0)',
  },
  logsumexpDims: { covers: 'logsumexp', call: 'x.logsumexp([0, 2])', fn: (x) => x.logsumexp([0, 2]), inputs: (s) => [f(s)], grad: 'smooth', torch: 'torch.logsumexp(a, [0, 2])' },
  logsumexpKeep: { covers: 'logsumexp', call: 'x.logsumexp([-1, 0], true)', fn: (x) => x.logsumexp([-1, 0], true), inputs: (s) => [f(s, -50, 50)], grad: 'smooth', torch: 'torch.logsumexp(a, [-1, 0], keepdim=True)' },
  countNonzero: {
    fn: (x) => [x.countNonzero(), x.countNonzero(1), x.countNonzero([0, 2])],
    call: 'x.countNonzero(dim)',
    inputs: (s) => [int(s, { min: -1, max: 2 })],
    grad: 'none',
    torch: '(torch.count_nonzero(a), torch.count_nonzero(a, 1), torch.count_nonzero(a, [0, 2]))',
  },
  // PyTorch 1.13's aminmax has no gradient: the reference is amin and amax (what later PyTorch's aminmax backward is)
  aminmax: {
    fn: (x) => {
      const r = x.aminmax({ dim: 1, keepdim: true });
      return [r.min, r.max];
    },
    call: 'x.aminmax({ dim: 1, keepdim: true })',
    inputs: (s) => [{ shape: s, distinct: true }],
    grad: 'kinked',
    torch: '(a.amin(1, keepdim=True), a.amax(1, keepdim=True))',
  },
  aminmaxAll: {
    covers: 'aminmax',
    call: 'x.aminmax()',
    fn: (x) => {
      const r = x.aminmax();
      return [r.min, r.max];
    },
    inputs: (s) => [{ shape: s, distinct: true }],
    grad: 'kinked',
    torch: '(a.amin(), a.amax())',
  },
});

/** Bitwise ops of integer and bool tensors. */
export const bitwiseOps = defineOps({
  bitwiseAnd: { fn: (a, b) => a.bitwiseAnd(b), call: 'x.bitwiseAnd(y)', inputs: (s) => [int(s, { min: -20, max: 20 }), int(s.slice(1), { min: 0, max: 16 })], grad: 'none', torch: 'torch.bitwise_and(a, b)' },
  bitwiseOr: { fn: (a, b) => a.bitwiseOr(b), call: 'x.bitwiseOr(y)', inputs: (s) => [int(s, { min: -20, max: 20 }), int(s, { min: 0, max: 16 })], grad: 'none', torch: 'torch.bitwise_or(a, b)' },
  bitwiseXor: { fn: (a, b) => a.bitwiseXor(b), call: 'x.bitwiseXor(y)', inputs: (s) => [int(s, { min: -20, max: 20 }), int(s, { min: -5, max: 16 })], grad: 'none', torch: 'torch.bitwise_xor(a, b)' },
  bitwiseNot: { fn: (a) => a.bitwiseNot(), inputs: (s) => [int(s, { min: -20, max: 20 })], grad: 'none', torch: 'torch.bitwise_not(a)' },
  bitwiseBool: {
    covers: ['bitwiseAnd', 'bitwiseOr', 'bitwiseXor', 'bitwiseNot'],
    call: 'bitwise ops of bool tensors',
    fn: (a, b) => [a.bitwiseAnd(b), a.bitwiseOr(b), a.bitwiseXor(b), a.bitwiseNot()],
    inputs: (s) => [bool(s), bool(s.slice(1))],
    grad: 'none',
    torch: '(a & b, a | b, a ^ b, ~a)',
  },
  bitwiseLeftShift: { fn: (a, b) => a.bitwiseLeftShift(b), call: 'x.bitwiseLeftShift(y)', inputs: (s) => [int(s, { min: -20, max: 20 }), int(s.slice(1), { min: 0, max: 8 })], grad: 'none', torch: 'torch.bitwise_left_shift(a, b)' },
  bitwiseRightShift: { fn: (a, b) => a.bitwiseRightShift(b), call: 'x.bitwiseRightShift(y)', inputs: (s) => [int(s, { min: -100, max: 100 }), int(s, { min: 0, max: 8 })], grad: 'none', torch: 'torch.bitwise_right_shift(a, b)' },
  bitwiseScalar: {
    covers: [],
    call: 'bitwiseAnd(x, 6), bitwiseOr(6, x)',
    fn: (a) => [a.bitwiseAnd(6), a.bitwiseOr(6), a.bitwiseLeftShift(2), a.bitwiseRightShift(1)],
    inputs: (s) => [int(s, { min: -20, max: 20 })],
    grad: 'none',
    torch: '(torch.bitwise_and(a, 6), torch.bitwise_or(a, 6), torch.bitwise_left_shift(a, 2), torch.bitwise_right_shift(a, 1))',
  },
});

/** uint8 and int8: arithmetic that wraps, PyTorch's promotion, casts, reductions, bitwise ops. */
export const smallIntOps = defineOps({
  uint8Arithmetic: {
    covers: [],
    call: 'add, sub, mul, neg, floorDivide, remainder of uint8 (wrapping)',
    fn: (a, b) => [a.add(b), a.sub(b), a.mul(b), a.neg(), a.add(300), a.floorDivide(3), a.remainder(7), a.abs(), a.sign()],
    inputs: (s) => [small('uint8', s, 0, 256), small('uint8', s.slice(1), 1, 256)],
    grad: 'none',
    torch: '(a + b, a - b, a * b, -a, a + 300, a // 3, a % 7, a.abs(), a.sign())',
  },
  int8Arithmetic: {
    covers: [],
    call: 'add, sub, mul, neg, abs, floorDivide, remainder of int8 (wrapping)',
    fn: (a, b) => [a.add(b), a.sub(b), a.mul(b), a.neg(), a.abs(), a.floorDivide(3), a.remainder(-5), a.fmod(3), a.sign()],
    inputs: (s) => [small('int8', s, -128, 128), small('int8', s.slice(1), -128, 128)],
    grad: 'none',
    torch: '(a + b, a - b, a * b, -a, a.abs(), a // 3, a.remainder(-5), a.fmod(3), a.sign())',
  },
  smallIntPromotion: {
    covers: [],
    call: 'uint8 with int8, int32, bool, numbers and floats',
    fn: (a, b, c, d) => [a.add(b), a.add(c), a.mul(d), a.add(2), a.mul(0.5), a.div(4), b.maximum(a), a.add(tensor(1000, { dtype: 'int32' })), d.bitwiseOr(a)],
    inputs: (s) => [small('uint8', s, 0, 256), small('int8', s, -128, 128), int(s, { min: -1000, max: 1000 }), bool(s)],
    grad: 'none',
    torch: '(a + b, a + c, a * d, a + 2, a * 0.5, a / 4, torch.maximum(b, a), a + torch.tensor(1000), d | a)',
  },
  smallIntCasts: {
    covers: ['byte', 'char'],
    call: 'x.byte(), x.char(), and back',
    fn: (x, a) => [x.byte(), x.char(), a.float(), a.double(), a.bool(), a.char(), a.to('int32'), x.gt(0).byte()],
    inputs: (s) => [f(s, -300, 300), small('uint8', s, 0, 256)],
    grad: 'none',
    torch: '(a.to(torch.uint8), a.to(torch.int8), b.float(), b.double(), b.bool(), b.to(torch.int8), b.long(), (a > 0).to(torch.uint8))',
  },
  smallIntReductions: {
    covers: [],
    call: 'sum, prod, max, argmax, amin, countNonzero of uint8 and int8',
    fn: (a, b) => [a.sum(), a.sum(1), b.prod(-1), a.max(), b.max(0).values, b.max(0).indices, a.argmax(), b.amin([0, 2]), a.countNonzero(), b.nansum()],
    inputs: (s) => [small('uint8', s, 0, 256), small('int8', s, -4, 4)],
    grad: 'none',
    torch: '(a.sum(), a.sum(1), b.prod(-1), a.max(), b.max(0).values, b.max(0).indices, a.argmax(), b.amin([0, 2]), torch.count_nonzero(a), b.nansum())',
  },
  smallIntCompare: {
    covers: [],
    call: 'comparisons, where and clamp of uint8 and int8',
    fn: (a, b) => [a.gt(b), a.eq(a), b.le(0), a.clamp(5, 100), b.clamp(-10, 10)],
    inputs: (s) => [small('uint8', s, 0, 256), small('int8', s.slice(1), -128, 128)],
    grad: 'none',
    torch: '(a > b, a == a, b <= 0, a.clamp(5, 100), b.clamp(-10, 10))',
  },
  smallIntBitwise: {
    covers: ['bitwiseAnd', 'bitwiseOr', 'bitwiseXor', 'bitwiseNot', 'bitwiseLeftShift', 'bitwiseRightShift'],
    call: 'bitwise ops of uint8 and int8',
    fn: (a, b, n) => [a.bitwiseAnd(b), a.bitwiseOr(b), a.bitwiseXor(b), a.bitwiseNot(), b.bitwiseNot(), a.bitwiseLeftShift(n), b.bitwiseLeftShift(n), a.bitwiseRightShift(n), b.bitwiseRightShift(n)],
    inputs: (s) => [small('uint8', s, 0, 256), small('int8', s, -128, 128), small('uint8', s.slice(1), 0, 8)],
    grad: 'none',
    torch: '(a & b, a | b, a ^ b, ~a, ~b, a << c, b << c, a >> c, b >> c)',
  },
});
