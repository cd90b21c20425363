/**
 * Resizing and rearranging layers: `Upsample` (and PyTorch's `UpsamplingNearest2d`,
 * `UpsamplingBilinear2d`), `PixelShuffle`, `PixelUnshuffle`.
 * @module
 */
import type { Tensor } from '@chainrule/autograd';
import { checkOptions } from '../functional/options.js';
import { interpolate } from '../functional/upsampling.js';
import type { InterpolateMode, InterpolateOptions } from '../functional/upsampling.js';
import { pixelShuffle, pixelUnshuffle } from '../functional/vision.js';
import { Module } from '../module.js';
import { pyFloat, pySize } from '../repr.js';

/**
 * The options of {@link Upsample}: the output `size` or a `scaleFactor`, and how to resample.
 * @example
 * ```ts
 * const opts: nn.UpsampleOptions = { scaleFactor: 2, mode: 'bilinear' };
 * String(new nn.Upsample(opts)); // 'Upsample(scale_factor=2.0, mode=bilinear)'
 * ```
 */
export type UpsampleOptions = Omit<InterpolateOptions, 'antialias'>;

/**
 * Resizes 1-D, 2-D or 3-D signals, like `torch.nn.Upsample`: {@link interpolate} with fixed
 * settings (nearest by default).
 *
 * Shape:
 * - Input: `[N, C, L]`, `[N, C, H, W]` or `[N, C, D, H, W]`.
 * - Output: `[N, C, ...size]`, or each spatial size times `scaleFactor`, rounded down.
 * @example
 * ```ts
 * import { tensor } from '@chainrule/autograd';
 * import { nn } from '@chainrule/nn';
 * const up = new nn.Upsample({ scaleFactor: 2, mode: 'bilinear', alignCorners: true });
 * up.forward(tensor([[[[0, 3]]]])); // tensor([[[[0., 1., 2., 3.], [0., 1., 2., 3.]]]])
 * String(new nn.Upsample({ size: [3, 4], mode: 'bicubic' })); // 'Upsample(size=(3, 4), mode=bicubic)'
 * ```
 */
export class Upsample extends Module {
  /** The output's spatial size, or null when `scaleFactor` is given. */
  readonly size: number | readonly number[] | null;
  /** The factor each spatial size is multiplied by, or null when `size` is given. */
  readonly scaleFactor: number | readonly number[] | null;
  /** The resampling. */
  readonly mode: InterpolateMode;
  /** Whether the corner pixels' centres are aligned (linear modes), or null for the default. */
  readonly alignCorners: boolean | null;
  /** Whether the source positions are computed from the sizes instead of the factor. */
  readonly recomputeScaleFactor: boolean | null;

  /**
   * @param opts - `size` or `scaleFactor`, `mode` (default `'nearest'`), `alignCorners`, `recomputeScaleFactor`.
   * @throws TypeError for an unknown option.
   */
  constructor(opts: UpsampleOptions = {}) {
    super();
    checkOptions(this.getName(), opts, ['size', 'scaleFactor', 'mode', 'alignCorners', 'recomputeScaleFactor']);
    this.size = opts.size ?? null;
    this.scaleFactor = opts.scaleFactor ?? null;
    this.mode = opts.mode ?? 'nearest';
    this.alignCorners = opts.alignCorners ?? null;
    this.recomputeScaleFactor = opts.recomputeScaleFactor ?? null;
  }

  /**
   * Resizes the input.
   * @param input - `[N, C, ...spatial]`.
   * @returns the resized input.
   * @throws RangeError as {@link interpolate} does.
   * @throws TypeError for a non-float input.
   */
  forward(input: Tensor): Tensor {
    return interpolate(input, {
      ...(this.size === null ? {} : { size: this.size }),
      ...(this.scaleFactor === null ? {} : { scaleFactor: this.scaleFactor }),
      mode: this.mode,
      ...(this.alignCorners === null ? {} : { alignCorners: this.alignCorners }),
      ...(this.recomputeScaleFactor === null ? {} : { recomputeScaleFactor: this.recomputeScaleFactor }),
    });
  }

  /**
   * The settings, as PyTorch prints them (the factor as a float).
   * @returns `scale_factor=…, mode=…` or `size=…, mode=…`.
   */
  override extraRepr(): string {
    const f = this.scaleFactor;
    const info = f !== null ? `scale_factor=${typeof f === 'number' ? pyFloat(f) : `(${f.map(pyFloat).join(', ')})`}` : `size=${pySize(this.size)}`;
    return `${info}, mode=${this.mode}`;
  }
}

/**
 * 2-D nearest-neighbour upsampling, like `torch.nn.UpsamplingNearest2d`: an {@link Upsample} with
 * mode `'nearest'`.
 *
 * Shape:
 * - Input: `[N, C, H, W]`.
 * - Output: `[N, C, Ho, Wo]`, `size` or H·scaleFactor, W·scaleFactor (rounded down).
 * @example
 * ```ts
 * import { zeros } from '@chainrule/autograd';
 * import { nn } from '@chainrule/nn';
 * new nn.UpsamplingNearest2d({ scaleFactor: 3 }).forward(zeros([1, 1, 2, 2])).shape; // [1, 1, 6, 6]
 * ```
 */
export class UpsamplingNearest2d extends Upsample {
  /**
   * @param opts - `size` or `scaleFactor`.
   * @throws TypeError for an unknown option.
   */
  constructor(opts: Pick<UpsampleOptions, 'size' | 'scaleFactor'> = {}) {
    checkOptions('UpsamplingNearest2d', opts, ['size', 'scaleFactor']);
    super({ ...opts, mode: 'nearest' });
  }
}

/**
 * 2-D bilinear upsampling with the corners aligned, like `torch.nn.UpsamplingBilinear2d`: an
 * {@link Upsample} with mode `'bilinear'` and `alignCorners: true`.
 *
 * Shape:
 * - Input: `[N, C, H, W]`.
 * - Output: `[N, C, Ho, Wo]`, `size` or H·scaleFactor, W·scaleFactor (rounded down).
 * @example
 * ```ts
 * import { tensor } from '@chainrule/autograd';
 * import { nn } from '@chainrule/nn';
 * new nn.UpsamplingBilinear2d({ size: [1, 3] }).forward(tensor([[[[0, 4]]]])); // tensor([[[[0., 2., 4.]]]])
 * ```
 */
export class UpsamplingBilinear2d extends Upsample {
  /**
   * @param opts - `size` or `scaleFactor`.
   * @throws TypeError for an unknown option.
   */
  constructor(opts: Pick<UpsampleOptions, 'size' | 'scaleFactor'> = {}) {
    checkOptions('UpsamplingBilinear2d', opts, ['size', 'scaleFactor']);
    super({ ...opts, mode: 'bilinear', alignCorners: true });
  }
}

/**
 * Rearranges channels into space, like `torch.nn.PixelShuffle` (sub-pixel convolution for
 * super-resolution).
 *
 * Shape:
 * - Input: `[*, C·r², H, W]`.
 * - Output: `[*, C, H·r, W·r]`.
 * @example
 * ```ts
 * import { zeros } from '@chainrule/autograd';
 * import { nn } from '@chainrule/nn';
 * const shuffle = new nn.PixelShuffle(3);
 * shuffle.forward(zeros([1, 9, 4, 4])).shape; // [1, 1, 12, 12]
 * String(shuffle); // 'PixelShuffle(upscale_factor=3)'
 * ```
 */
export class PixelShuffle extends Module {
  /**
   * @param upscaleFactor - r.
   */
  constructor(readonly upscaleFactor: number) {
    super();
  }

  /**
   * Rearranges the input.
   * @param input - `[*, C·r², H, W]`.
   * @returns `[*, C, H·r, W·r]`.
   * @throws RangeError as {@link pixelShuffle} does.
   */
  forward(input: Tensor): Tensor {
    return pixelShuffle(input, this.upscaleFactor);
  }

  /**
   * The settings, as PyTorch prints them.
   * @returns `upscale_factor=…`.
   */
  override extraRepr(): string {
    return `upscale_factor=${this.upscaleFactor}`;
  }
}

/**
 * Rearranges space into channels, like `torch.nn.PixelUnshuffle` (the inverse of {@link PixelShuffle}).
 *
 * Shape:
 * - Input: `[*, C, H·r, W·r]`.
 * - Output: `[*, C·r², H, W]`.
 * @example
 * ```ts
 * import { zeros } from '@chainrule/autograd';
 * import { nn } from '@chainrule/nn';
 * new nn.PixelUnshuffle(2).forward(zeros([1, 1, 4, 6])).shape; // [1, 4, 2, 3]
 * ```
 */
export class PixelUnshuffle extends Module {
  /**
   * @param downscaleFactor - r.
   */
  constructor(readonly downscaleFactor: number) {
    super();
  }

  /**
   * Rearranges the input.
   * @param input - `[*, C, H·r, W·r]`.
   * @returns `[*, C·r², H, W]`.
   * @throws RangeError as {@link pixelUnshuffle} does.
   */
  forward(input: Tensor): Tensor {
    return pixelUnshuffle(input, this.downscaleFactor);
  }

  /**
   * The settings, as PyTorch prints them.
   * @returns `downscale_factor=…`.
   */
  override extraRepr(): string {
    return `downscale_factor=${this.downscaleFactor}`;
  }
}
