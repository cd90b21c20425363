"""Functions PyTorch 1.13 lacks, written from PyTorch's documented formulas, for the registry's
`torch` expressions (in scope as `H`). Each says which PyTorch function it stands for."""

import math

import torch


def packed_sizes(n, b):
    """Rows per step of the registry's packed scan cases (test/registry/recurrent.ts packedSizes):
    b, b - 1, ..., 1, 1, ... until n rows."""
    sizes, t = [], 0
    while sum(sizes) < n:
        sizes.append(max(1, b - t))
        t += 1
    return sizes


def rnn_scan(cell, xg, h0, w_hh, c0=None, b_hh=None, w_hr=None, reverse=False):
    """chainrule's rnnScan (one direction of one layer of nn.RNN / nn.LSTM / nn.GRU over a packed
    batch, the input gates x W_ih^T + b_ih given), step by step from the cell formulas of PyTorch's
    nn.LSTM, nn.GRU and nn.RNN docs (gate order i f g o; r z n with b_hn inside r * (...); h = W_hr m
    with proj_size)."""
    bs = packed_sizes(xg.shape[0], h0.shape[0])
    offs = [sum(bs[:t]) for t in range(len(bs))]
    big = h0.shape[0]
    h, c = h0, c0
    outs = [None] * len(bs)
    for t in (reversed(range(len(bs))) if reverse else range(len(bs))):
        b = bs[t]
        x = xg[offs[t]:offs[t] + b]
        hp = h[:b]
        hg = hp @ w_hh.T
        if b_hh is not None:
            hg = hg + b_hh
        if cell == "lstm":
            i, f, g, o = (x + hg).chunk(4, 1)
            cn = torch.sigmoid(f) * c[:b] + torch.sigmoid(i) * torch.tanh(g)
            hn = torch.sigmoid(o) * torch.tanh(cn)
            if w_hr is not None:
                hn = hn @ w_hr.T
            c = torch.cat([cn, c[b:]]) if b < big else cn
        elif cell == "gru":
            xr, xz, xn = x.chunk(3, 1)
            hr, hz, hn_ = hg.chunk(3, 1)
            r = torch.sigmoid(xr + hr)
            z = torch.sigmoid(xz + hz)
            n = torch.tanh(xn + r * hn_)
            hn = (1 - z) * n + z * hp
        else:
            hn = torch.relu(x + hg) if cell == "rnnRelu" else torch.tanh(x + hg)
        outs[t] = hn
        h = torch.cat([hn, h[b:]]) if b < big else hn
    out = torch.cat(outs)
    return (out, h, c) if cell == "lstm" else (out, h)


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
