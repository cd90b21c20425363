"""Inputs made from a seed, with the same arithmetic as test/golden/seeded.ts, so the stored
references need not hold the inputs: a case's name hashes to a seed, each input draws its values
from a mulberry32 stream seeded from it."""
import torch

M = 0xFFFFFFFF


def fnv1a(s):
    """32-bit FNV-1a of an ASCII string."""
    h = 0x811C9DC5
    for ch in s.encode("ascii"):
        h = ((h ^ ch) * 0x01000193) & M
    return h


def mulberry32(seed):
    """Uniform floats in [0, 1), multiples of 2**-32 (Math.imul arithmetic, as the TS side)."""
    a = seed & M

    def nxt():
        nonlocal a
        a = (a + 0x6D2B79F5) & M
        t = ((a ^ (a >> 15)) * (a | 1)) & M
        t ^= (t + ((t ^ (t >> 7)) * (t | 61))) & M
        return ((t ^ (t >> 14)) & M) / 4294967296

    return nxt


def numel(shape):
    n = 1
    for s in shape:
        n *= s
    return n


def values(spec, key):
    """The values of an input spec drawn from the stream `key` (row-major Python numbers)."""
    n = numel(spec["shape"])
    if "values" in spec:
        assert len(spec["values"]) == n, key
        return [float(v) if not isinstance(v, bool) else (1.0 if v else 0.0) for v in spec["values"]]
    u = mulberry32(fnv1a(key))
    dtype = spec.get("dtype", "float64")
    if dtype == "bool":
        return [1.0 if u() < 0.5 else 0.0 for _ in range(n)]
    if dtype in ("int64", "uint8", "int8"):
        lo, hi = spec.get("min", 0), spec.get("max", 3)
        import math
        return [float(math.floor(lo + (hi - lo) * u())) for _ in range(n)]
    lo, hi = spec.get("min", -2), spec.get("max", 2)
    return [lo + (hi - lo) * u() for _ in range(n)]


TORCH_DTYPE = {"float64": torch.float64, "float32": torch.float32, "int64": torch.int64, "uint8": torch.uint8, "int8": torch.int8,
               "bool": torch.bool}


def make(spec, key, requires_grad=None):
    """The tensor of an input spec (float64 values rounded to float32 for float32 inputs)."""
    dtype = spec.get("dtype", "float64")
    vals = values(spec, key)
    t = torch.tensor(vals, dtype=torch.float64).reshape(spec["shape"]).to(TORCH_DTYPE[dtype])
    is_float = dtype in ("float64", "float32")
    if requires_grad is None:
        requires_grad = is_float and spec.get("grad", True)
    return t.requires_grad_(bool(requires_grad))


def stream_input(key, i):
    return f"{key}#in{i}"


def stream_upstream(key, j):
    return f"{key}#up{j}"


def stream_direction(key, i):
    return f"{key}#vv{i}"
