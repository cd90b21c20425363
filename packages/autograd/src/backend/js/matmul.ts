/**
 * Batched matmul in plain JS, cache-blocked, reading transposed operands in place (no copy):
 * the loop order follows the operands' strides.
 * @module
 */
import type { TypedArray } from '../../dtype.js';
import type { View } from '../backend.js';

const KB = 128; // k-block: a block of B rows stays in cache while every row of A streams past
const JB = 512; // j-block

export function matmul(a: View, b: View, out: TypedArray): void {
  const [B, M, K] = a.shape as [number, number, number];
  const N = b.shape[2]!;
  const [sab, sam, sak] = a.strides as [number, number, number];
  const [sbb, sbk, sbn] = b.strides as [number, number, number];
  out.fill(0);
  for (let bi = 0; bi < B; bi++) {
    const ao = a.offset + bi * sab;
    const bo = b.offset + bi * sbb;
    const oo = bi * M * N;
    if (sbn === 1) ikj(a.data, ao, sam, sak, b.data, bo, sbk, out, oo, M, K, N);
    else if (sak === 1 && sbk === 1) dots(a.data, ao, sam, b.data, bo, sbn, out, oo, M, K, N);
    else {
      // B with no unit stride: gather it into a contiguous [K, N] block once.
      const tmp = new Float64Array(K * N);
      for (let k = 0; k < K; k++) for (let j = 0; j < N; j++) tmp[k * N + j] = b.data[bo + k * sbk + j * sbn]!;
      ikj(a.data, ao, sam, sak, tmp, 0, N, out, oo, M, K, N);
    }
  }
}

// out[i, j] += a[i, k] * b[k, j], b rows contiguous.
function ikj(
  ad: TypedArray, ao: number, sam: number, sak: number,
  bd: TypedArray | Float64Array, bo: number, sbk: number,
  out: TypedArray, oo: number, M: number, K: number, N: number,
): void {
  for (let j0 = 0; j0 < N; j0 += JB) {
    const j1 = Math.min(N, j0 + JB);
    for (let k0 = 0; k0 < K; k0 += KB) {
      const k1 = Math.min(K, k0 + KB);
      for (let i = 0; i < M; i++) {
        const orow = oo + i * N;
        const arow = ao + i * sam;
        for (let k = k0; k < k1; k++) {
          const aik = ad[arow + k * sak]!;
          if (aik === 0) continue;
          const brow = bo + k * sbk;
          for (let j = j0; j < j1; j++) out[orow + j] = out[orow + j]! + aik * bd[brow + j]!;
        }
      }
    }
  }
}

// out[i, j] = dot(a[i, :], b[:, j]) with both contiguous along k (A·Bᵀ with B stored [N, K]).
function dots(
  ad: TypedArray, ao: number, sam: number,
  bd: TypedArray, bo: number, sbn: number,
  out: TypedArray, oo: number, M: number, K: number, N: number,
): void {
  const K4 = K - (K % 4);
  for (let i = 0; i < M; i++) {
    const arow = ao + i * sam;
    for (let j = 0; j < N; j++) {
      const brow = bo + j * sbn;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      let k = 0;
      for (; k < K4; k += 4) {
        s0 += ad[arow + k]! * bd[brow + k]!;
        s1 += ad[arow + k + 1]! * bd[brow + k + 1]!;
        s2 += ad[arow + k + 2]! * bd[brow + k + 2]!;
        s3 += ad[arow + k + 3]! * bd[brow + k + 3]!;
      }
      for (; k < K; k++) s0 += ad[arow + k]! * bd[brow + k]!;
      out[oo + i * N + j] = s0 + s1 + s2 + s3;
    }
  }
}
