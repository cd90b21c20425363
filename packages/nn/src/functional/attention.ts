/**
 * `scaledDotProductAttention`, as PyTorch 2's `F.scaled_dot_product_attention`: the fused op of
 * `@chainrule/autograd`, under its `torch.nn.functional` name.
 * @module
 */
export { scaledDotProductAttention } from '@chainrule/autograd';
export type { AttentionOptions } from '@chainrule/autograd';
