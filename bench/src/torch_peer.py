"""PyTorch (CPU) as a peer of `pnpm bench`: a child process driven over stdin/stdout, one JSON
object per line each way, so that its samples interleave with the other libraries' in one run.

Requests:
  {"cmd": "hello"} -> {"torch": version, "threads": default thread count}
  {"cmd": "setup", "case": key, "dir": path}   builds a case from the files bench/run.ts wrote
      (manifest.json: each case's parameters and inputs as raw little-endian arrays), runs two
      steps and answers {"first": [loss1, loss2]} (training) or {"values": [...]} (ops: the
      result's elements at the manifest's sample positions)
  {"cmd": "run", "case": key, "reps": k, "threads": t} -> {"ms": per call, "last": value}
The networks are the same math as bench/src/training.ts builds on chainrule.
"""
import json
import math
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_grad_enabled(True)


def load(entry, base):
    dtype = np.float32 if entry["dtype"] == "float32" else np.int32
    a = np.fromfile(f"{base}/{entry['file']}", dtype=dtype).reshape(entry["shape"])
    t = torch.from_numpy(a.copy())
    return t.long() if entry["dtype"] == "int32" else t


class Block(nn.Module):
    """Pre-norm transformer block, causal attention; the same ops as training.ts's Block."""

    def __init__(self, b, t, d, h):
        super().__init__()
        self.b, self.t, self.d, self.h = b, t, d, h
        self.ln1 = nn.LayerNorm(d)
        self.qkv = nn.Linear(d, 3 * d)
        self.proj = nn.Linear(d, d)
        self.ln2 = nn.LayerNorm(d)
        self.fc1 = nn.Linear(d, 4 * d)
        self.fc2 = nn.Linear(4 * d, d)
        self.register_buffer("mask", torch.ones(t, t).tril() == 0)

    def forward(self, x):
        b, t, d, h = self.b, self.t, self.d, self.h
        dh = d // h
        qkv = self.qkv(self.ln1(x)).reshape(b, t, 3, h, dh).permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]
        att = (q @ k.transpose(-2, -1)).mul(1 / math.sqrt(dh)).masked_fill(self.mask, float("-inf")).softmax(-1)
        y = (att @ v).transpose(1, 2).reshape(b, t, d)
        x1 = x + self.proj(y)
        return x1 + self.fc2(F.gelu(self.fc1(self.ln2(x1))))


class LstmLM(nn.Module):
    """Embedding -> LSTM -> Linear to the vocabulary (training.ts's LstmLm); the hidden state
    carries over between steps, detached."""

    def __init__(self, vocab, emb, hidden, layers, bptt, batch):
        super().__init__()
        self.sizes = (layers, batch, hidden, bptt)
        self.encoder = nn.Embedding(vocab, emb)
        self.rnn = nn.LSTM(emb, hidden, num_layers=layers)
        self.decoder = nn.Linear(hidden, vocab)
        self.state = None

    def forward(self, tokens):
        layers, batch, hidden, bptt = self.sizes
        if self.state is None:
            self.state = (torch.zeros(layers, batch, hidden), torch.zeros(layers, batch, hidden))
        out, (h, c) = self.rnn(self.encoder(tokens), self.state)
        self.state = (h.detach(), c.detach())
        return self.decoder(out.reshape(bptt * batch, hidden))


def build_model(key, spec):
    if key in ("mlp-sgd", "mlp-adam"):
        return nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))
    if key == "cnn":
        return nn.Sequential(
            nn.Unflatten(1, (1, 28, 28)),
            nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(), nn.Linear(32 * 7 * 7, 10),
        )
    if key == "transformer":
        s = spec["sizes"]
        return Block(s["b"], s["t"], s["d"], s["h"])
    if key == "lstm":
        s = spec["sizes"]
        return LstmLM(s["vocab"], s["emb"], s["hidden"], s["layers"], s["bptt"], s["batch"])
    raise ValueError(f"unknown training case {key}")


def training(key, spec, base):
    model = build_model(key, spec)
    state = {p["name"]: load(p, base) for p in spec["params"]}
    missing = set(dict(model.named_parameters())) - set(state)
    if missing:
        raise ValueError(f"{key}: no initial values for {sorted(missing)}")
    model.load_state_dict(state, strict=False)
    xs = [load(x, base) for x in spec["inputs"]]
    opt = torch.optim.SGD(model.parameters(), lr=0.1) if key == "mlp-sgd" else torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = F.mse_loss if key == "transformer" else F.cross_entropy

    def step():
        opt.zero_grad()
        loss = loss_fn(model(xs[0]), xs[1])
        loss.backward()
        opt.step()
        return loss.item()

    first = [step(), step()]
    return step, {"first": first}


def op_case(key, spec, base):
    xs = [load(x, base) for x in spec["inputs"]]
    sample = torch.tensor(spec["sample"], dtype=torch.long)
    if key.startswith("matmul"):
        a, b = xs

        def run():
            return a @ b
    elif key == "relu2x1":
        (x,) = xs

        def run():
            return torch.relu(x * 2 + 1)
    else:
        raise ValueError(f"unknown op case {key}")
    out = run()
    return (lambda: run()), {"values": out.reshape(-1)[sample].tolist()}


cases = {}


def handle(req):
    cmd = req["cmd"]
    if cmd == "hello":
        return {"torch": torch.__version__, "threads": torch.get_num_threads()}
    if cmd == "setup":
        with open(f"{req['dir']}/manifest.json") as f:
            spec = json.load(f)[req["case"]]
        make = op_case if spec["kind"] == "op" else training
        fn, info = make(req["case"], spec, req["dir"])
        cases[req["case"]] = fn
        return info
    if cmd == "run":
        fn = cases[req["case"]]
        torch.set_num_threads(req["threads"])
        reps = req["reps"]
        t0 = time.perf_counter()
        for _ in range(reps):
            last = fn()
        ms = (time.perf_counter() - t0) * 1000 / reps
        return {"ms": ms, "last": last if isinstance(last, float) else None}
    raise ValueError(f"unknown command {cmd}")


for line in sys.stdin:
    try:
        out = handle(json.loads(line))
    except Exception as e:  # reported to the bench, which shows it in the table's notes
        out = {"error": f"{type(e).__name__}: {e}"}
    sys.stdout.write(json.dumps(out) + "\n")
    sys.stdout.flush()
