/**
 * Bit-exact conversions between IEEE-754 float32 and the two 16-bit float formats that
 * safetensors files carry: IEEE binary16 (`F16`, PyTorch `torch.float16`) and bfloat16
 * (`BF16`, PyTorch `torch.bfloat16`).
 *
 * Every function works on raw bit patterns (unsigned integers), so NaN payloads and the
 * sign of zero survive. Widening to float32 is exact; narrowing rounds to nearest, ties to
 * even, as PyTorch and the `safetensors` library do.
 * @module
 */

/**
 * Widens an IEEE binary16 (float16) bit pattern to the float32 bit pattern of the same value.
 *
 * The conversion is exact: normals, subnormals (down to 2⁻²⁴), ±0 and ±∞ map to the equal
 * float32 value, and a NaN stays a NaN with its sign and payload (shifted into the high
 * mantissa bits).
 *
 * @param h - The float16 bits; only the low 16 bits are read.
 * @returns The float32 bits, as an unsigned 32-bit integer.
 * @throws Never.
 * @example
 * ```ts
 * const f32 = new Float32Array(1);
 * new Uint32Array(f32.buffer)[0] = float16BitsToFloat32Bits(0x3c00);
 * f32[0]; // 1
 * float16BitsToFloat32Bits(0x7c00) === 0x7f800000; // +Infinity
 * ```
 */
export function float16BitsToFloat32Bits(h: number): number {
  const sign = (h & 0x8000) << 16;
  const exp = (h >>> 10) & 0x1f;
  let mant = h & 0x3ff;
  if (exp === 0x1f) return (sign | 0x7f800000 | (mant << 13)) >>> 0; // ±inf, NaN
  if (exp === 0) {
    if (mant === 0) return sign >>> 0; // ±0
    // subnormal: mant · 2⁻²⁴; normalise so the leading one lands on bit 10
    let e = 127 - 14;
    while ((mant & 0x400) === 0) {
      mant <<= 1;
      e--;
    }
    return (sign | (e << 23) | ((mant & 0x3ff) << 13)) >>> 0;
  }
  return (sign | ((exp + 127 - 15) << 23) | (mant << 13)) >>> 0;
}

/**
 * Narrows a float32 bit pattern to IEEE binary16 (float16), rounding to nearest, ties to even.
 *
 * Values whose magnitude rounds to 65520 or more become ±∞, tiny values become float16
 * subnormals or ±0 (the sign is kept), and a NaN stays a NaN: sign and the top 10 payload
 * bits are kept, and a payload that would vanish becomes the quiet bit.
 *
 * @param bits - The float32 bits (an unsigned or signed 32-bit integer).
 * @returns The float16 bits, in `[0, 0xffff]`.
 * @throws Never.
 * @example
 * ```ts
 * const f32 = new Float32Array([65504, 1 / 3]);
 * const u32 = new Uint32Array(f32.buffer);
 * float32BitsToFloat16Bits(u32[0]!); // 0x7bff, the largest float16
 * float32BitsToFloat16Bits(u32[1]!); // 0x3555 (0.333251953125)
 * ```
 */
export function float32BitsToFloat16Bits(bits: number): number {
  const x = bits >>> 0;
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  const mant = x & 0x7fffff;
  if (exp === 0xff) {
    if (mant === 0) return sign | 0x7c00; // ±inf
    const payload = mant >>> 13;
    return sign | 0x7c00 | (payload === 0 ? 0x200 : payload); // NaN stays NaN
  }
  const e = exp - 127;
  if (e > 15) return sign | 0x7c00; // certainly ≥ 65536: overflow
  if (e >= -14) {
    // normal float16 range; drop 13 mantissa bits. A carry out of the mantissa bumps the
    // exponent, and out of exponent 30 gives 0x7c00 = inf, which is exactly right.
    const base = ((e + 15) << 10) | (mant >>> 13);
    const rem = mant & 0x1fff;
    const up = rem > 0x1000 || (rem === 0x1000 && (base & 1) === 1);
    return sign | (base + (up ? 1 : 0));
  }
  if (exp === 0) return sign; // float32 zero or subnormal (< 2⁻¹²⁶): far below half of 2⁻²⁴
  // float16 subnormal: count units of 2⁻²⁴. The value is sig · 2^(e-23) with a 24-bit sig.
  const shift = -e - 1; // ≥ 14
  if (shift > 24) return sign; // below 2⁻²⁵, under half a unit
  const sig = mant | 0x800000;
  const q = sig >>> shift;
  const rem = sig & ((1 << shift) - 1);
  const half = 1 << (shift - 1);
  const up = rem > half || (rem === half && (q & 1) === 1);
  return sign | (q + (up ? 1 : 0)); // q + 1 may reach 0x400, the smallest normal: still right
}

/**
 * Widens a bfloat16 bit pattern to the float32 bit pattern of the same value.
 *
 * bfloat16 is the top half of a float32, so this is exact for every input, NaNs included.
 *
 * @param h - The bfloat16 bits; only the low 16 bits are read.
 * @returns The float32 bits, as an unsigned 32-bit integer.
 * @throws Never.
 * @example
 * ```ts
 * bfloat16BitsToFloat32Bits(0x3f80) === 0x3f800000; // 1
 * bfloat16BitsToFloat32Bits(0xff80) === 0xff800000; // -Infinity
 * ```
 */
export function bfloat16BitsToFloat32Bits(h: number): number {
  return ((h & 0xffff) << 16) >>> 0;
}

/**
 * Narrows a float32 bit pattern to bfloat16, rounding to nearest, ties to even.
 *
 * Finite values past the largest bfloat16 (about 3.39e38) round to ±∞; a NaN stays a NaN
 * with its sign and top 7 payload bits, and a payload that would vanish becomes the quiet bit.
 *
 * @param bits - The float32 bits (an unsigned or signed 32-bit integer).
 * @returns The bfloat16 bits, in `[0, 0xffff]`.
 * @throws Never.
 * @example
 * ```ts
 * const u32 = new Uint32Array(new Float32Array([1, Math.PI]).buffer);
 * float32BitsToBfloat16Bits(u32[0]!); // 0x3f80
 * float32BitsToBfloat16Bits(u32[1]!); // 0x4049 (3.140625)
 * ```
 */
export function float32BitsToBfloat16Bits(bits: number): number {
  const x = bits >>> 0;
  if ((x & 0x7f800000) === 0x7f800000 && (x & 0x7fffff) !== 0) {
    const top = x >>> 16;
    return (top & 0x7f) === 0 ? top | 0x40 : top; // NaN stays NaN
  }
  // x + bias < 2³² for every non-NaN x (the largest is -inf, 0xff800000), so no wrap-around
  return (x + 0x7fff + ((x >>> 16) & 1)) >>> 16;
}
