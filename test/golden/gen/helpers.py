"""Functions PyTorch 1.13 lacks, written from PyTorch's documented formulas, for the registry's
`torch` expressions (in scope as `H`). Each says which PyTorch function it stands for."""

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
