/**
 * Batched matmul in plain JS, blocked as the wasm kernel is: a KC×NC block of B and a 4-row
 * panel of A are packed into contiguous float64 scratch (whatever the operands' strides, so every
 * transpose runs the same loop), and a 4×4 register tile of C is accumulated from them.
 * Accumulation is in float64; the scratch is reused between calls.
 * @module
 */
import type { TypedArray } from '../../dtype.js';
import type { View } from '../backend.js';

const MR = 4;
const NR = 4;
const KC = 256;
const NC = 256;

let packA = new Float64Array(MR * KC);
let packB = new Float64Array(KC * NC);
const edge = new Float64Array(MR * NR);

export function matmul(a: View, b: View, out: TypedArray): void {
  const [B, M, K] = a.shape as [number, number, number];
  const N = b.shape[2]!;
  const [sab, sam, sak] = a.strides as [number, number, number];
  const [sbb, sbk, sbn] = b.strides as [number, number, number];
  out.fill(0);
  if (M * N * K === 0) return;
  for (let bi = 0; bi < B; bi++) gemm(a.data, a.offset + bi * sab, sam, sak, b.data, b.offset + bi * sbb, sbk, sbn, out, bi * M * N, M, N, K);
}

/** out[oo + i*N + j] += Σ_k a[ao + i*sam + k*sak] · b[bo + k*sbk + j*sbn]. */
function gemm(
  ad: TypedArray, ao: number, sam: number, sak: number,
  bd: TypedArray, bo: number, sbk: number, sbn: number,
  out: TypedArray, oo: number, M: number, N: number, K: number,
): void {
  if (packA.length < MR * Math.min(K, KC)) packA = new Float64Array(MR * KC);
  if (packB.length < KC * NC) packB = new Float64Array(KC * NC);
  const ap = packA;
  const bp = packB;
  for (let jc = 0; jc < N; jc += NC) {
    const nc = Math.min(NC, N - jc);
    for (let pc = 0; pc < K; pc += KC) {
      const kc = Math.min(KC, K - pc);
      // B[pc.., jc..] as panels of NR columns: bp[panel*kc*NR + k*NR + j], zero past nc
      for (let jr = 0; jr < nc; jr += NR) {
        const base = jr * kc;
        for (let k = 0; k < kc; k++) {
          const src = bo + (pc + k) * sbk + (jc + jr) * sbn;
          const d = base + k * NR;
          for (let j = 0; j < NR; j++) bp[d + j] = jr + j < nc ? bd[src + j * sbn]! : 0;
        }
      }
      for (let ir = 0; ir < M; ir += MR) {
        const mr = Math.min(MR, M - ir);
        // A[ir.., pc..] as ap[k*MR + i], zero past mr
        for (let k = 0; k < kc; k++) {
          const src = ao + ir * sam + (pc + k) * sak;
          for (let i = 0; i < MR; i++) ap[k * MR + i] = i < mr ? ad[src + i * sam]! : 0;
        }
        for (let jr = 0; jr < nc; jr += NR) {
          tile(ap, bp, jr * kc, kc, out, oo + ir * N + jc + jr, N, mr, Math.min(NR, nc - jr));
        }
      }
    }
  }
}

/** C[4×4] += Ap[kc×4]ᵀ · Bp[kc×4] at out[o + i*ldc + j], the first mr rows and nr columns. */
function tile(ap: Float64Array, bp: Float64Array, b0: number, kc: number, out: TypedArray, o: number, ldc: number, mr: number, nr: number): void {
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
  let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
  let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
  for (let k = 0, ai = 0, bi = b0; k < kc; k++, ai += 4, bi += 4) {
    const a0 = ap[ai]!, a1 = ap[ai + 1]!, a2 = ap[ai + 2]!, a3 = ap[ai + 3]!;
    const b0v = bp[bi]!, b1 = bp[bi + 1]!, b2 = bp[bi + 2]!, b3 = bp[bi + 3]!;
    c00 += a0 * b0v; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
    c10 += a1 * b0v; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
    c20 += a2 * b0v; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
    c30 += a3 * b0v; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
  }
  if (mr === 4 && nr === 4) {
    out[o] = out[o]! + c00; out[o + 1] = out[o + 1]! + c01; out[o + 2] = out[o + 2]! + c02; out[o + 3] = out[o + 3]! + c03;
    o += ldc;
    out[o] = out[o]! + c10; out[o + 1] = out[o + 1]! + c11; out[o + 2] = out[o + 2]! + c12; out[o + 3] = out[o + 3]! + c13;
    o += ldc;
    out[o] = out[o]! + c20; out[o + 1] = out[o + 1]! + c21; out[o + 2] = out[o + 2]! + c22; out[o + 3] = out[o + 3]! + c23;
    o += ldc;
    out[o] = out[o]! + c30; out[o + 1] = out[o + 1]! + c31; out[o + 2] = out[o + 2]! + c32; out[o + 3] = out[o + 3]! + c33;
    return;
  }
  const c = edge;
  c[0] = c00; c[1] = c01; c[2] = c02; c[3] = c03; c[4] = c10; c[5] = c11; c[6] = c12; c[7] = c13;
  c[8] = c20; c[9] = c21; c[10] = c22; c[11] = c23; c[12] = c30; c[13] = c31; c[14] = c32; c[15] = c33;
  for (let i = 0; i < mr; i++) for (let j = 0; j < nr; j++) out[o + i * ldc + j] = out[o + i * ldc + j]! + c[i * 4 + j]!;
}
