"""Functions PyTorch 1.13 lacks, written from PyTorch's documented formulas, for the registry's
`torch` expressions (in scope as `H`). Each says which PyTorch function it stands for."""

import math

import torch


def scaled_dot_product_attention(query, key, value, attn_mask=None, dropout_p=0.0, is_causal=False, scale=None):
    """torch.nn.functional.scaled_dot_product_attention of PyTorch 2.x (absent from 1.13), from the
    reference implementation in its documentation, with the `_safe_softmax` of PyTorch 2.5's math
    backend: a query whose keys are all masked gets weights 0 (and gradients 0), not NaN."""
    L, S = query.size(-2), key.size(-2)
    scale_factor = 1 / math.sqrt(query.size(-1)) if scale is None else scale
    attn_bias = torch.zeros(L, S, dtype=query.dtype)
    if is_causal:
        assert attn_mask is None
        temp_mask = torch.ones(L, S, dtype=torch.bool).tril(diagonal=0)
        attn_bias = attn_bias.masked_fill(temp_mask.logical_not(), float("-inf"))
    if attn_mask is not None:
        if attn_mask.dtype == torch.bool:
            attn_bias = attn_bias.masked_fill(attn_mask.logical_not(), float("-inf"))
        else:
            attn_bias = attn_mask + attn_bias
    attn_weight = query @ key.transpose(-2, -1) * scale_factor
    attn_weight = attn_weight + attn_bias
    # _safe_softmax: rows that are all -inf give 0 (the softmax taken over zeros there, so that its
    # gradient, like PyTorch's from the result, is 0 rather than NaN)
    dead = torch.isneginf(attn_weight).all(dim=-1, keepdim=True)
    attn_weight = torch.where(dead, torch.zeros((), dtype=query.dtype), torch.softmax(attn_weight.masked_fill(dead, 0), dim=-1))
    if dropout_p > 0:
        attn_weight = torch.dropout(attn_weight, dropout_p, train=True)
    return attn_weight @ value
