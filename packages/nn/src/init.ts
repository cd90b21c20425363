/**
 * Weight initializers, as `torch.nn.init`: each fills a tensor in place (without recording the
 * graph) from a seeded autograd `Generator` and returns it.
 * @module
 */
import { noGrad, rand, randn } from '@chainrule/autograd';
import type { Generator, Tensor } from '@chainrule/autograd';

/**
 * The nonlinearities {@link calculateGain} knows (PyTorch's names).
 * @example
 * ```ts
 * const f: nn.init.Nonlinearity = 'leaky_relu';
 * nn.init.calculateGain(f, 0); // 1.4142135623730951
 * ```
 */
export type Nonlinearity =
  | 'linear'
  | 'conv1d'
  | 'conv2d'
  | 'conv3d'
  | 'conv_transpose1d'
  | 'conv_transpose2d'
  | 'conv_transpose3d'
  | 'sigmoid'
  | 'tanh'
  | 'relu'
  | 'leaky_relu'
  | 'selu';

/**
 * Options shared by the random initializers.
 * @example
 * ```ts
 * const opts: nn.init.InitOptions = { generator: new Generator(0) };
 * const a = nn.init.uniform_(zeros([3]), 0, 1, opts);
 * const b = nn.init.uniform_(zeros([3]), 0, 1, { generator: new Generator(0) });
 * String(a) === String(b); // true
 * ```
 */
export interface InitOptions {
  /** The generator to draw from (default the global one). */
  generator?: Generator;
}

/**
 * Options of the Kaiming (He) initializers.
 * @example
 * ```ts
 * const opts: nn.init.KaimingOptions = { mode: 'fanOut', nonlinearity: 'relu', generator: new Generator(0) };
 * const w = nn.init.kaimingNormal_(zeros([400, 100]), opts);
 * w.std().item(); // 0.07 (√(2/400))
 * ```
 */
export interface KaimingOptions extends InitOptions {
  /** The negative slope of the rectifier after this layer (leaky_relu only; default 0). */
  a?: number;
  /** 'fanIn' (default) keeps the forward variance, 'fanOut' the backward one. PyTorch's 'fan_in'/'fan_out' are accepted too. */
  mode?: 'fanIn' | 'fanOut' | 'fan_in' | 'fan_out';
  /** The nonlinearity (default 'leaky_relu'). */
  nonlinearity?: Nonlinearity;
}

/**
 * The recommended gain for a nonlinearity, like `torch.nn.init.calculate_gain`: 1 for linear,
 * conv and sigmoid, 5/3 for tanh, √2 for relu, √(2/(1+a²)) for leaky_relu, 3/4 for selu.
 * @param nonlinearity - the function's name.
 * @param param - the negative slope for leaky_relu (default 0.01).
 * @returns the gain.
 * @throws RangeError for an unknown nonlinearity or an invalid slope.
 * @example
 * ```ts
 * nn.init.calculateGain('tanh'); // 1.6666666666666667
 * nn.init.calculateGain('relu'); // 1.4142135623730951
 * ```
 */
export function calculateGain(nonlinearity: Nonlinearity, param?: number): number {
  switch (nonlinearity) {
    case 'linear':
    case 'conv1d':
    case 'conv2d':
    case 'conv3d':
    case 'conv_transpose1d':
    case 'conv_transpose2d':
    case 'conv_transpose3d':
    case 'sigmoid':
      return 1;
    case 'tanh':
      return 5 / 3;
    case 'relu':
      return Math.sqrt(2);
    case 'leaky_relu': {
      const slope = param ?? 0.01;
      if (!Number.isFinite(slope)) throw new RangeError(`calculateGain: negative_slope ${slope} is not a valid number`);
      return Math.sqrt(2 / (1 + slope * slope));
    }
    case 'selu':
      return 3 / 4;
    default:
      throw new RangeError(`calculateGain: unsupported nonlinearity ${String(nonlinearity)}`);
  }
}

/**
 * fan_in and fan_out of a weight `[out, in, ...kernel]`.
 * @param t - a tensor with at least 2 dims.
 * @returns `[fanIn, fanOut]`.
 * @throws RangeError for fewer than 2 dims.
 * @example
 * ```ts
 * nn.init.calculateFans(zeros([3, 4])); // [4, 3]
 * nn.init.calculateFans(zeros([8, 3, 5, 5])); // [75, 200]
 * nn.init.calculateFans(zeros([3])); // throws RangeError: fewer than 2 dimensions
 * ```
 */
export function calculateFans(t: Tensor): [number, number] {
  if (t.ndim < 2) throw new RangeError('Fan in and fan out can not be computed for tensor with fewer than 2 dimensions');
  const receptive = t.shape.slice(2).reduce((a, b) => a * b, 1);
  return [t.shape[1]! * receptive, t.shape[0]! * receptive];
}

function fill(t: Tensor, values: Tensor): Tensor {
  noGrad(() => t.copy_(values));
  return t;
}

function drawOpts(opts: InitOptions): { dtype: 'float64'; generator?: Generator } {
  return opts.generator === undefined ? { dtype: 'float64' } : { dtype: 'float64', generator: opts.generator };
}

/**
 * Fills with samples of U(a, b), in place and without recording the graph, like
 * `torch.nn.init.uniform_`.
 * @param t - the tensor to fill.
 * @param a - the lower bound (default 0).
 * @param b - the upper bound (default 1).
 * @param opts - `generator`.
 * @returns `t`.
 * @example
 * ```ts
 * const w = nn.init.uniform_(zeros([1000]), -0.1, 0.1, { generator: new Generator(0) });
 * w.abs().max().item() <= 0.1; // true
 * ```
 */
export function uniform_(t: Tensor, a = 0, b = 1, opts: InitOptions = {}): Tensor {
  return fill(t, rand(t.shape, drawOpts(opts)).mul(b - a).add(a));
}

/**
 * Fills with samples of N(mean, std²), in place and without recording the graph, like
 * `torch.nn.init.normal_`.
 * @param t - the tensor to fill.
 * @param mean - the mean (default 0).
 * @param std - the standard deviation (default 1).
 * @param opts - `generator`.
 * @returns `t`.
 * @example
 * ```ts
 * const w = nn.init.normal_(zeros([10000]), 0, 0.02, { generator: new Generator(0) });
 * w.std().item(); // 0.02
 * ```
 */
export function normal_(t: Tensor, mean = 0, std = 1, opts: InitOptions = {}): Tensor {
  return fill(t, randn(t.shape, drawOpts(opts)).mul(std).add(mean));
}

/**
 * Fills with a value, in place and without recording the graph, like `torch.nn.init.constant_`.
 * @param t - the tensor to fill.
 * @param value - the value.
 * @returns `t`.
 * @example nn.init.constant_(zeros([2]), 0.1); // tensor([0.1000, 0.1000])
 */
export function constant_(t: Tensor, value: number): Tensor {
  noGrad(() => t.fill_(value));
  return t;
}

/**
 * Fills with zeros, in place and without recording the graph, like `torch.nn.init.zeros_`.
 * @param t - the tensor to fill.
 * @returns `t`.
 * @example
 * ```ts
 * const layer = new nn.Linear(2, 2);
 * nn.init.zeros_(layer.bias!);
 * layer.bias; // Parameter containing:
 *             // tensor([0., 0.], requires_grad=True)
 * ```
 */
export function zeros_(t: Tensor): Tensor {
  return constant_(t, 0);
}

/**
 * Fills with ones, in place and without recording the graph, like `torch.nn.init.ones_`.
 * @param t - the tensor to fill.
 * @returns `t`.
 * @example nn.init.ones_(zeros([2])); // tensor([1., 1.])
 */
export function ones_(t: Tensor): Tensor {
  return constant_(t, 1);
}

function kaimingStd(t: Tensor, opts: KaimingOptions): number {
  const [fanIn, fanOut] = calculateFans(t);
  const mode = opts.mode ?? 'fanIn';
  const fan = mode === 'fanIn' || mode === 'fan_in' ? fanIn : fanOut;
  const gain = calculateGain(opts.nonlinearity ?? 'leaky_relu', opts.a ?? 0);
  return gain / Math.sqrt(fan);
}

/**
 * He uniform initialization, like `torch.nn.init.kaiming_uniform_`: U(−bound, bound) with
 * bound = gain·√(3/fan).
 * @param t - the tensor to fill (at least 2 dims).
 * @param opts - `a`, `mode`, `nonlinearity`, `generator`.
 * @returns `t`.
 * @throws RangeError for fewer than 2 dims.
 * @example
 * ```ts
 * // nn.Linear's default: a = √5 gives bound = 1/√fan_in
 * const w = nn.init.kaimingUniform_(zeros([64, 100]), { a: Math.sqrt(5), generator: new Generator(0) });
 * w.abs().max().item() <= 0.1; // true
 * ```
 */
export function kaimingUniform_(t: Tensor, opts: KaimingOptions = {}): Tensor {
  const bound = Math.sqrt(3) * kaimingStd(t, opts);
  return uniform_(t, -bound, bound, opts);
}

/**
 * He normal initialization, like `torch.nn.init.kaiming_normal_`: N(0, std²) with std = gain/√fan.
 * @param t - the tensor to fill (at least 2 dims).
 * @param opts - `a`, `mode`, `nonlinearity`, `generator`.
 * @returns `t`.
 * @throws RangeError for fewer than 2 dims.
 * @example
 * ```ts
 * const w = nn.init.kaimingNormal_(zeros([100, 200]), { nonlinearity: 'relu', generator: new Generator(0) });
 * w.std().item(); // 0.1 (√(2/200))
 * ```
 */
export function kaimingNormal_(t: Tensor, opts: KaimingOptions = {}): Tensor {
  return normal_(t, 0, kaimingStd(t, opts), opts);
}

/**
 * Glorot uniform initialization, like `torch.nn.init.xavier_uniform_`: U(−a, a) with
 * a = gain·√(6/(fan_in + fan_out)).
 * @param t - the tensor to fill (at least 2 dims).
 * @param opts - `gain` (default 1), `generator`.
 * @returns `t`.
 * @throws RangeError for fewer than 2 dims.
 * @example
 * ```ts
 * const w = nn.init.xavierUniform_(zeros([30, 30]), { gain: nn.init.calculateGain('tanh') });
 * w.abs().max().item() <= (5 / 3) * Math.sqrt(6 / 60); // true
 * ```
 */
export function xavierUniform_(t: Tensor, opts: InitOptions & { gain?: number } = {}): Tensor {
  const [fanIn, fanOut] = calculateFans(t);
  const a = (opts.gain ?? 1) * Math.sqrt(6 / (fanIn + fanOut));
  return uniform_(t, -a, a, opts);
}

/**
 * Glorot normal initialization, like `torch.nn.init.xavier_normal_`: N(0, std²) with
 * std = gain·√(2/(fan_in + fan_out)).
 * @param t - the tensor to fill (at least 2 dims).
 * @param opts - `gain` (default 1), `generator`.
 * @returns `t`.
 * @throws RangeError for fewer than 2 dims.
 * @example
 * ```ts
 * const w = nn.init.xavierNormal_(zeros([100, 100]), { generator: new Generator(0) });
 * w.std().item(); // 0.1 (√(2/200))
 * ```
 */
export function xavierNormal_(t: Tensor, opts: InitOptions & { gain?: number } = {}): Tensor {
  const [fanIn, fanOut] = calculateFans(t);
  return normal_(t, 0, (opts.gain ?? 1) * Math.sqrt(2 / (fanIn + fanOut)), opts);
}
