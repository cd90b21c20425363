"""Functions PyTorch 1.13 lacks, written from PyTorch's documented formulas, for the registry's
`torch` expressions (in scope as `H`). Each says which PyTorch function it stands for."""


def setitem(a, idx, v, accumulate=False):
    """PyTorch's `a[idx] = v` (or `a[idx] += v` element by element with accumulate) on a copy: the
    out-of-place form of item assignment, whose gradient flows to `a` and `v`."""
    out = a.clone()
    if accumulate:
        return out.index_put_(idx if isinstance(idx, tuple) else (idx,), v, accumulate=True)
    out[idx] = v
    return out
