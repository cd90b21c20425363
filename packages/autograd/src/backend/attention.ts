/**
 * The fused attention kernel, composed of a backend's own kernels: one batched matmul for the
 * scores, one pass that scales them and applies the mask, the backend's softmax, one pass for
 * fully masked rows and dropout, and one matmul with the values. Works on any backend; no autograd.
 * @module
 */
import type { TypedArray } from '../dtype.js';
import type { Backend, View } from './backend.js';

/** What {@link attention} computes on, besides q, k and v. */
export interface AttentionArgs {
  /** Multiplies the scores (1/√E by default in the op). */
  readonly scale: number;
  /** Key j is hidden from query i when j > i (the top-left aligned lower triangle). */
  readonly causal: boolean;
  /** Added to the scaled scores, `[B, L, S]` (any strides), or null. */
  readonly bias: View | null;
  /** Multiplies the probabilities (dropout's 0 or 1/(1 − p)), `[B, L, S]`, or null. */
  readonly drop: View | null;
}

const contiguous3 = (data: TypedArray, B: number, R: number, C: number): View => ({ data, shape: [B, R, C], strides: [R * C, C, 1], offset: 0 });

/**
 * `out = (softmax(scale·q·kᵀ + bias, masked) ⊙ drop)·v` for q `[B, L, E]`, k `[B, S, E]`,
 * v `[B, S, Ev]`, into contiguous `out` `[B, L, Ev]`. A row whose scores are all −∞ (every key
 * masked) gets probabilities 0 and an output of 0, as PyTorch's SDPA (its `_safe_softmax`).
 * @param be - the backend whose matmul and softmax run.
 * @param q - the queries.
 * @param k - the keys.
 * @param v - the values.
 * @param args - scale, causal, bias, drop.
 * @param out - the output, zero-filled, of q's float type.
 * @param scratch - allocates a zero-filled array like `out` of a given length.
 */
export function attention(be: Backend, q: View, k: View, v: View, args: AttentionArgs, out: TypedArray, scratch: (n: number) => TypedArray): void {
  const [B, L] = q.shape as [number, number, number];
  const S = k.shape[1]!;
  if (B * L === 0 || S === 0) return; // no query, or nothing to attend to: 0
  const probs = scratch(B * L * S);
  attentionProbs(be, q, k, args, probs, scratch);
  const { drop } = args;
  if (drop !== null) {
    const [db, di, dj] = drop.strides as [number, number, number];
    for (let b = 0; b < B; b++) {
      for (let i = 0; i < L; i++) {
        const row = (b * L + i) * S;
        const d0 = drop.offset + b * db + i * di;
        for (let j = 0; j < S; j++) probs[row + j] = probs[row + j]! * drop.data[d0 + j * dj]!;
      }
    }
  }
  be.matmul(contiguous3(probs, B, L, S), v, out);
}

/**
 * The attention probabilities `softmax(scale·q·kᵀ + bias, masked)` (before dropout) into
 * contiguous `probs` `[B, L, S]`; rows with every key masked are 0.
 * @param be - the backend whose matmul and softmax run.
 * @param q - the queries `[B, L, E]`.
 * @param k - the keys `[B, S, E]`.
 * @param args - scale, causal and bias (drop is not applied).
 * @param probs - the output, contiguous.
 * @param scratch - allocates a zero-filled array like `probs`.
 */
export function attentionProbs(be: Backend, q: View, k: View, args: AttentionArgs, probs: TypedArray, scratch: (n: number) => TypedArray): void {
  const [B, L, E] = q.shape as [number, number, number];
  const S = k.shape[1]!;
  if (B * L * S === 0) return;
  const kt: View = { data: k.data, shape: [B, E, S], strides: [k.strides[0]!, k.strides[2]!, k.strides[1]!], offset: k.offset };
  const scores = scratch(B * L * S);
  be.matmul(q, kt, scores);
  const dead = maskScores(scores, B, L, S, args);
  be.softmax('softmax', contiguous3(scores, B, L, S), 2, probs);
  for (let r = 0; r < dead.length; r++) if (dead[r] === 1) probs.fill(0, r * S, (r + 1) * S);
}

/**
 * The softmax part of attention's backward, in place: `dp ← p ⊙ (dp ⊙ drop − Σ_j p ⊙ dp ⊙ drop)`,
 * over contiguous rows of length `S` (drop: `[B, L, S]` view, or null).
 * @param p - the probabilities before dropout, contiguous `[B, L, S]`.
 * @param dp - the gradient of the dropped probabilities (g·vᵀ), contiguous; becomes the scores' gradient.
 * @param drop - dropout's multipliers, or null.
 * @param S - the row length.
 */
export function attentionScoresGrad(p: TypedArray, dp: TypedArray, drop: View | null, S: number): void {
  const rows = S === 0 ? 0 : p.length / S;
  const L = drop === null ? 1 : drop.shape[1]!;
  for (let r = 0; r < rows; r++) {
    const o = r * S;
    if (drop !== null) {
      const [db, di, dj] = drop.strides as [number, number, number];
      const d0 = drop.offset + Math.floor(r / L) * db + (r % L) * di;
      for (let j = 0; j < S; j++) dp[o + j] = dp[o + j]! * drop.data[d0 + j * dj]!;
    }
    let dot = 0;
    for (let j = 0; j < S; j++) dot += p[o + j]! * dp[o + j]!;
    for (let j = 0; j < S; j++) dp[o + j] = p[o + j]! * (dp[o + j]! - dot);
  }
}

/**
 * Scales the scores in place, adds the bias and hides causally masked keys (−∞). Returns, per
 * row, 1 where every score is −∞ (such rows are set to 0 so the softmax stays finite), or an
 * empty array when no row is.
 */
function maskScores(s: TypedArray, B: number, L: number, S: number, args: AttentionArgs): Uint8Array {
  const { scale, causal, bias } = args;
  let dead: Uint8Array | null = null;
  const [bb, bi, bj] = (bias?.strides ?? [0, 0, 0]) as [number, number, number];
  for (let b = 0; b < B; b++) {
    for (let i = 0; i < L; i++) {
      const row = (b * L + i) * S;
      const b0 = (bias?.offset ?? 0) + b * bb + i * bi;
      const open = causal ? Math.min(i + 1, S) : S;
      let alive = false;
      for (let j = 0; j < open; j++) {
        const x = bias === null ? s[row + j]! * scale : s[row + j]! * scale + bias.data[b0 + j * bj]!;
        s[row + j] = x;
        if (x !== -Infinity) alive = true;
      }
      if (open < S) s.fill(-Infinity, row + open, row + S);
      if (!alive) {
        dead ??= new Uint8Array(B * L);
        dead[b * L + i] = 1;
        s.fill(0, row, row + S);
      }
    }
  }
  return dead ?? new Uint8Array(0);
}
