"""Loads the model.safetensors that `pnpm train --model gpt` (or `--model lstm`) wrote into the same
PyTorch modules by name (strict), and recomputes its held-out bits per character with PyTorch: the
number must be the one the run printed. Not run in CI (it needs PyTorch):

    /usr/bin/python3 packages/data/scripts/gpt_pytorch.py runs/gpt-<time>
    /usr/bin/python3 packages/data/scripts/gpt_pytorch.py runs/lstm-<time>
"""
import json
import math
import os
import struct
import sys

import torch
import torch.nn as nn

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def read_safetensors(path):
    """The tensors and metadata of a safetensors file (F32 only, as the run writes)."""
    with open(path, "rb") as fh:
        raw = fh.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n])
    meta = header.pop("__metadata__", {})
    base = 8 + n
    tensors = {}
    for name, h in header.items():
        assert h["dtype"] == "F32", h["dtype"]
        a, b = h["data_offsets"]
        tensors[name] = torch.frombuffer(bytearray(raw[base + a:base + b]), dtype=torch.float32).reshape(h["shape"])
    return tensors, meta


class CharGPT(nn.Module):
    """packages/data/src/cli/gpt.ts in PyTorch: the same modules under the same names."""

    def __init__(self, c):
        super().__init__()
        self.tok_emb = nn.Embedding(c["vocabSize"], c["dModel"])
        self.pos_emb = nn.Embedding(c["blockSize"], c["dModel"])
        layer = nn.TransformerEncoderLayer(c["dModel"], c["nHead"], c["dimFeedforward"], c["dropout"], activation="relu",
                                           batch_first=True, norm_first=True)
        self.blocks = nn.TransformerEncoder(layer, c["nLayer"], nn.LayerNorm(c["dModel"]))
        self.head = nn.Linear(c["dModel"], c["vocabSize"])

    def forward(self, ids):
        T = ids.shape[1]
        x = self.tok_emb(ids) + self.pos_emb(torch.arange(T))
        mask = nn.Transformer.generate_square_subsequent_mask(T)
        return self.head(self.blocks(x, mask=mask))


class CharLSTM(nn.Module):
    """packages/data/src/cli/lstm.ts in PyTorch: the same modules under the same names."""

    def __init__(self, c):
        super().__init__()
        self.encoder = nn.Embedding(c["vocabSize"], c["embed"])
        self.rnn = nn.LSTM(c["embed"], c["hidden"], c["layers"], dropout=c["dropout"], batch_first=True)
        self.decoder = nn.Linear(c["hidden"], c["vocabSize"])

    def forward(self, ids):
        return self.decoder(self.rnn(self.encoder(ids))[0])


def held_out_text(metrics):
    data = os.path.join(ROOT, "node_modules", "@stdlib", "datasets-moby-dick", "data")
    files = json.load(open(os.path.join(data, "file_list.json")))
    text = "".join(open(os.path.join(data, f), encoding="utf8").read() for f in files)
    test = text[round(len(text) * 0.9):]
    n = metrics["config"]["maxTest"]
    return test if n is None else test[:n]


def text_bits(model, ids, T, batch=64):
    """text-run.ts's textBits: windows overlapping by half, each character after the first scored once."""
    n = len(ids)
    W = min(T, n - 1)
    half = max(1, W // 2)
    jobs, nxt = [], 1
    while nxt < n:
        s = max(0, min(nxt - 1 - half, n - 1 - W))
        jobs.append((s, nxt))
        nxt = s + W + 1
    nats = 0.0
    with torch.no_grad():
        for i in range(0, len(jobs), batch):
            group = jobs[i:i + batch]
            x = torch.tensor([ids[s:s + W] for s, _ in group])
            y = torch.tensor([ids[s + 1:s + W + 1] for s, _ in group])
            logp = torch.log_softmax(model(x).double(), -1).gather(2, y.unsqueeze(2)).squeeze(2)
            for b, (s, frm) in enumerate(group):
                nats -= logp[b, frm - s - 1:].sum().item()
    return nats / (n - 1) / math.log(2)


def main():
    run = sys.argv[1]
    tensors, meta = read_safetensors(os.path.join(run, "model.safetensors"))
    config = json.loads(meta["config"])
    vocab = json.loads(meta["vocab"])
    metrics = json.load(open(os.path.join(run, "metrics.json")))
    model = {"CharGPT": CharGPT, "CharLSTM": CharLSTM}[meta["model"]](config)
    print(model.load_state_dict(tensors, strict=True))
    model.eval()
    stoi = {c: i for i, c in enumerate(vocab)}
    ids = [stoi[c] for c in held_out_text(metrics)]
    bits = text_bits(model, ids, metrics["recipe"]["blockSize"])
    ours = metrics["final"]["testBitsPerChar"]
    print(f"PyTorch {torch.__version__}: {bits:.5f} bits/char on {len(ids)} held-out characters; the run printed {ours:.5f}")
    assert abs(bits - ours) < 1e-3, (bits, ours)
    print("ok: the weights load by name into the same PyTorch modules and give the same bits/char")


if __name__ == "__main__":
    main()
