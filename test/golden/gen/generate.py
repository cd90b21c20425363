"""Writes the PyTorch reference values the tests compare with (test/golden/*.json).

Run through `pnpm golden`, which dumps the registries' cases (test/registry) as JSON and pipes
them here: python3 generate.py OUTDIR < specs.json. Each section of the specs has its own writer:

- ops: a Python expression per case over inputs a, b, c, ... -> outputs, the gradient of
  sum(<output_j, upstream_j>) for every float input, and for smooth ops the second derivative
  along a seeded direction.
- modules: an nn module built from an expression, its parameters set from seeds by name ->
  outputs, input and parameter gradients, buffers after the forward, state-dict names and shapes.
- optim: five steps of an optimizer on a fixed float64 MLP -> losses and final weights.
- sched: a scheduler over a few steps -> the learning rate (and momentum) of each group per step.
- interop: a float32 MLP saved as safetensors, and its logits.
- onnx: small models exported by torch.onnx.export with their inputs and outputs (onnx_models.py).

Inputs are never stored: both sides draw them from seeded streams (seeded.py / seeded.ts).
"""
import json
import math
import os
import struct
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

import helpers
import onnx_models
from seeded import make, stream_direction, stream_input, stream_upstream, values

torch.set_default_dtype(torch.float64)
SCOPE = {"torch": torch, "F": F, "nn": nn, "math": math, "H": helpers}


# ---- encoding ---------------------------------------------------------------------------------

def num(v):
    """A float for JSON: NaN and infinities as the strings Number() parses."""
    if isinstance(v, bool):
        return v
    if isinstance(v, int):
        return v
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "Infinity" if v > 0 else "-Infinity"
    return v


def data(t):
    t = t.detach()
    if t.dtype == torch.bool:
        return [bool(v) for v in t.reshape(-1).tolist()]
    if t.dtype.is_floating_point:
        return [num(float(v)) for v in t.double().reshape(-1).tolist()]
    return [int(v) for v in t.reshape(-1).tolist()]


DTYPE_NAME = {torch.float64: "float64", torch.float32: "float32", torch.int64: "int64", torch.int32: "int64",
              torch.bool: "bool", torch.uint8: "uint8", torch.int8: "int8", torch.int16: "int16"}


def record(t):
    return {"shape": list(t.shape), "dtype": DTYPE_NAME.get(t.dtype, str(t.dtype)), "data": data(t)}


def flatten(out):
    """Every tensor of an op's result, in order (tuples, lists and named tuples flattened)."""
    if isinstance(out, torch.Tensor):
        return [out]
    if isinstance(out, (tuple, list)):
        return [t for o in out for t in flatten(o)]
    if isinstance(out, bool):
        return [torch.tensor(out)]
    if isinstance(out, int):
        return [torch.tensor(out, dtype=torch.int64)]
    if isinstance(out, float):
        return [torch.tensor(out, dtype=torch.float64)]
    if out is None:
        return []
    raise TypeError(f"unexpected result {type(out)}")


def upstreams(key, outs):
    """A seeded upstream gradient per differentiable output (None for the others)."""
    ups = []
    for j, o in enumerate(outs):
        if o.requires_grad and o.dtype.is_floating_point:
            ups.append(make({"shape": list(o.shape), "dtype": DTYPE_NAME[o.dtype]}, stream_upstream(key, j), False))
        else:
            ups.append(None)
    return ups


def vjp(outs, ups, wrt, create_graph=False):
    """Gradients of sum(<out_j, up_j>) with respect to `wrt` (None where independent)."""
    pairs = [(o, u) for o, u in zip(outs, ups) if u is not None]
    if not pairs or not wrt:
        return [None] * len(wrt)
    return list(torch.autograd.grad([o for o, _ in pairs], wrt, [u for _, u in pairs], allow_unused=True,
                                    create_graph=create_graph))


# ---- sections ---------------------------------------------------------------------------------

def run_op(case):
    key = case["key"]
    ins = [make(spec, stream_input(key, i)) for i, spec in enumerate(case["inputs"])]
    scope = dict(SCOPE)
    for i, t in enumerate(ins):
        scope["abcdefghij"[i]] = t
    outs = flatten(eval(case["torch"], scope))
    ups = upstreams(key, outs)
    wrt = [t for t in ins if t.requires_grad]
    smooth = case.get("gradgrad", False)
    gs = vjp(outs, ups, wrt, create_graph=smooth)
    res = {"out": [record(o) for o in outs], "up": [u is not None for u in ups]}
    if wrt:
        res["grads"] = [None if g is None else data(g) for g in gs]
    if smooth and wrt:
        # second derivative along a seeded direction v: d/dx sum(<g_i, v_i>)
        dirs = [make({"shape": list(t.shape), "dtype": DTYPE_NAME[t.dtype]}, stream_direction(key, i), False) for i, t in enumerate(wrt)]
        pairs = [(g, v) for g, v in zip(gs, dirs) if g is not None and g.requires_grad]
        if pairs:
            ggs = torch.autograd.grad([g for g, _ in pairs], wrt, [v for _, v in pairs], allow_unused=True)
            res["gg"] = [None if g is None else data(g) for g in ggs]
        else:
            res["gg"] = [None] * len(wrt)
    return res


def seed_params(module, key, lo=-0.5, hi=0.5):
    """Overwrites every float parameter with seeded values, by state-dict name."""
    with torch.no_grad():
        for name, p in module.named_parameters():
            spec = {"shape": list(p.shape), "min": lo, "max": hi}
            p.copy_(torch.tensor(values(spec, f"{key}#p:{name}"), dtype=torch.float64).reshape(p.shape))


def run_module(case):
    key = case["key"]
    scope = dict(SCOPE)
    m = eval(case["torch"], scope)
    dtype = case.get("dtype", "float64")
    m = m.double() if dtype == "float64" else m.float()
    seed_params(m, key, *case.get("paramRange", [-0.5, 0.5]))
    m.train(case.get("mode", "train") == "train")
    ins = [make(spec, stream_input(key, i)) for i, spec in enumerate(case["inputs"])]
    scope["m"] = m
    for i, t in enumerate(ins):
        scope["abcdefghij"[i]] = t
    torch.manual_seed(0)
    outs = flatten(eval(case.get("forward", "m(" + ", ".join("abcdefghij"[: len(ins)]) + ")"), scope))
    ups = upstreams(key, outs)
    params = [p for _, p in m.named_parameters()]
    wrt_in = [t for t in ins if t.requires_grad]
    gs = vjp(outs, ups, wrt_in + params)
    sd = m.state_dict()
    res = {
        "out": [record(o) for o in outs],
        "up": [u is not None for u in ups],
        "grads": [None if g is None else data(g) for g in gs[: len(wrt_in)]],
        "paramGrads": {n: (None if g is None else data(g)) for (n, _), g in zip(m.named_parameters(), gs[len(wrt_in):])},
        "stateDict": [[k, list(v.shape), DTYPE_NAME.get(v.dtype, str(v.dtype))] for k, v in sd.items()],
        "buffers": {k: data(v) for k, v in m.named_buffers()},
    }
    return res


OPTIM_MODEL = "nn.Sequential(nn.Linear(6, 8), nn.Tanh(), nn.Linear(8, 8), nn.ReLU(), nn.Linear(8, 3))"


def optim_setup():
    m = eval(OPTIM_MODEL, dict(SCOPE)).double()
    seed_params(m, "optim")
    x = make({"shape": [10, 6]}, "optim#x", False)
    y = make({"shape": [10], "dtype": "int64", "min": 0, "max": 3}, "optim#y", False)
    return m, x, y


def run_optim(case):
    m, x, y = optim_setup()
    scope = dict(SCOPE)
    scope["params"] = m.parameters()
    opt = eval(case["torch"], scope)
    losses = []
    first_grads = None

    def closure():
        opt.zero_grad()
        loss = F.cross_entropy(m(x), y)
        loss.backward()
        return loss

    for _ in range(case.get("steps", 5)):
        if case.get("closure", False):
            loss = opt.step(closure)
        else:
            loss = closure()
            if first_grads is None:
                first_grads = {n: data(p.grad) for n, p in m.named_parameters()}
            opt.step()
        losses.append(num(float(loss)))
    res = {"losses": losses, "final": {k: data(v) for k, v in m.state_dict().items()}}
    if first_grads is not None:
        res["firstGrads"] = first_grads
    return res


def run_sched(case):
    scope = dict(SCOPE)
    scope["params"] = [torch.zeros(2, requires_grad=True)]
    opt = eval(case["optimizer"], scope)
    scope["opt"] = opt
    sched = eval(case["torch"], scope)
    metrics = case.get("metrics")
    lrs, momenta = [], []

    def snap():
        lrs.append([num(g["lr"]) for g in opt.param_groups])
        if "momentum" in opt.param_groups[0]:
            momenta.append([num(g["momentum"]) for g in opt.param_groups])
        elif "betas" in opt.param_groups[0]:
            momenta.append([num(g["betas"][0]) for g in opt.param_groups])

    snap()
    for i in range(case["steps"]):
        opt.step()
        if metrics is not None:
            sched.step(metrics[i])
        else:
            sched.step()
        snap()
    res = {"lrs": lrs}
    if case.get("momentum", False):
        res["momenta"] = momenta
    return res


def write_safetensors(path, tensors, metadata):
    """The file as the `safetensors` library writes it: tensors sorted by name, header padded with
    spaces to a multiple of 8 bytes."""
    header, blobs, offset = {"__metadata__": metadata}, [], 0
    for name in sorted(tensors):
        t = tensors[name].contiguous()
        raw = t.numpy().tobytes()
        header[name] = {"dtype": {torch.float32: "F32", torch.float64: "F64"}[t.dtype], "shape": list(t.shape),
                        "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as fh:
        fh.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def run_interop(case, outdir):
    m = eval(case["torch"], dict(SCOPE)).double()
    seed_params(m, case["key"])
    m = m.float()
    x = make({"shape": case["x"]}, case["key"] + "#x", False).float()
    with torch.no_grad():
        logits = m(x)
    write_safetensors(os.path.join(outdir, case["file"]), m.state_dict(), {"format": "pt"})
    return {"file": case["file"], "logits": record(logits)}


# ---- main -------------------------------------------------------------------------------------

def main():
    outdir = sys.argv[1]
    specs = json.load(sys.stdin)
    written = []
    for section, runner in [("ops", run_op), ("modules", run_module), ("optim", run_optim), ("sched", run_sched)]:
        cases = specs.get(section, [])
        results = {}
        for case in cases:
            try:
                results[case["key"]] = runner(case)
            except Exception as e:  # name the case, then stop: a reference must never be partial
                raise RuntimeError(f"{section} case {case['key']}: {case.get('torch')}: {e}") from e
        path = os.path.join(outdir, f"{section}.json")
        with open(path, "w") as fh:
            fh.write('{"generator":' + json.dumps("torch " + torch.__version__) + ',"cases":{\n')
            fh.write(",\n".join(json.dumps(k) + ":" + json.dumps(v, separators=(",", ":")) for k, v in results.items()))
            fh.write("\n}}\n")
        written.append(f"{section}: {len(results)} cases -> {path} ({os.path.getsize(path)} bytes)")
    interop = {c["key"]: run_interop(c, outdir) for c in specs.get("interop", [])}
    path = os.path.join(outdir, "interop.json")
    with open(path, "w") as fh:
        json.dump({"generator": "torch " + torch.__version__, "cases": interop}, fh, separators=(",", ":"))
    written.append(f"interop: {len(interop)} cases -> {path}")
    written.append(onnx_models.write_all(os.path.join(outdir, "onnx")))
    print("\n".join(written))


if __name__ == "__main__":
    main()
