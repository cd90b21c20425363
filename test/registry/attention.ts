/**
 * Attention and sampling in the op registry: the fused `scaledDotProductAttention` (against
 * PyTorch 2's formula, `H.scaled_dot_product_attention` in gen/helpers.py, since PyTorch 1.13 lacks
 * it) and `multinomial` (on distributions with one outcome per row: samples PyTorch's generator
 * cannot reproduce are tested statistically in packages/autograd/test/multinomial.test.ts).
 * See ./types.ts.
 */
import { multinomial, scaledDotProductAttention as sdpa } from '@chainrule/autograd';
import { bool, defineOps, f } from './types.js';

/** Bool [3, 5] keep-mask (true: attend); row 1 hides every key. */
const KEEP = [true, false, true, true, false, false, false, false, false, false, false, true, true, false, true];

export const attentionOps = defineOps({
  scaledDotProductAttention: {
    covers: 'F.scaledDotProductAttention',
    call: 'F.scaledDotProductAttention(q, k, v)',
    fn: (q, k, v) => sdpa(q!, k!, v!),
    inputs: () => [f([2, 3, 4]), f([2, 5, 4]), f([2, 5, 3])],
    grad: 'smooth',
    torch: 'H.scaled_dot_product_attention(a, b, c)',
    parity: [[]],
    runs: 4,
  },
  scaledDotProductAttentionFloatMask: {
    covers: 'F.scaledDotProductAttention',
    call: 'F.scaledDotProductAttention(q, k, v, { attnMask })',
    fn: (q, k, v, m) => sdpa(q!, k!, v!, { attnMask: m! }),
    inputs: () => [f([2, 2, 3, 4]), f([2, 2, 5, 4]), f([2, 2, 5, 3]), f([3, 5])],
    grad: 'smooth',
    torch: 'H.scaled_dot_product_attention(a, b, c, attn_mask=d)',
    parity: [[]],
    runs: 3,
  },
  scaledDotProductAttentionBoolMask: {
    covers: 'F.scaledDotProductAttention',
    call: 'F.scaledDotProductAttention(q, k, v, { attnMask: keep }) (a row with every key hidden gives 0)',
    fn: (q, k, v, m) => sdpa(q!, k!, v!, { attnMask: m! }),
    inputs: () => [f([2, 3, 4]), f([2, 5, 4]), f([2, 5, 2]), bool([3, 5], KEEP)],
    grad: 'smooth',
    torch: 'H.scaled_dot_product_attention(a, b, c, attn_mask=d)',
    parity: [[]],
    runs: 3,
  },
  scaledDotProductAttentionCausal: {
    covers: 'F.scaledDotProductAttention',
    call: 'F.scaledDotProductAttention(q, k, v, { isCausal: true })',
    fn: (q, k, v) => sdpa(q!, k!, v!, { isCausal: true }),
    inputs: ([l = 4, s = 4]) => [f([1, 2, l, 3]), f([1, 2, s, 3]), f([1, 2, s, 2])],
    grad: 'smooth',
    torch: 'H.scaled_dot_product_attention(a, b, c, is_causal=True)',
    parity: [[4, 4], [3, 5], [5, 3]],
    runs: 3,
  },
  scaledDotProductAttentionScale: {
    covers: 'F.scaledDotProductAttention',
    call: 'F.scaledDotProductAttention(q, k, v, { scale: 0.3 }) (batch dims broadcast)',
    fn: (q, k, v) => sdpa(q!, k!, v!, { scale: 0.3 }),
    inputs: () => [f([2, 1, 3, 4]), f([1, 2, 5, 4]), f([2, 2, 5, 2])],
    grad: 'smooth',
    torch: 'H.scaled_dot_product_attention(a, b, c, scale=0.3)',
    parity: [[]],
    runs: 3,
  },
});

/** One-hot rows: each row has one possible outcome, so PyTorch and chainrule must agree. */
const ONE_HOT = [0, 0, 1, 0, 0.5, 0, 0, 0];

export const samplingOps = defineOps({
  multinomial: {
    call: 'x.multinomial(3, { replacement: true })',
    fn: (p) => multinomial(p!, 3, { replacement: true }),
    inputs: () => [{ shape: [2, 4], values: ONE_HOT, grad: false }],
    grad: 'none',
    torch: 'torch.multinomial(a, 3, replacement=True)',
    parity: [[]],
  },
  multinomialNoReplacement: {
    covers: 'multinomial',
    call: 'x.multinomial(1)',
    fn: (p) => p!.multinomial(1),
    inputs: () => [{ shape: [4], values: [0, 0, 2, 0], grad: false }],
    grad: 'none',
    torch: 'torch.multinomial(a, 1)',
    parity: [[]],
  },
});
