"""The PyTorch side of bench/src/lstm.ts: the same LSTM language-model step (Embedding -> 2-layer
LSTM -> Linear, cross-entropy, Adam lr 1e-3, the hidden state carried over detached), served over
stdin so that a benchmark can interleave it with chainrule's.

    python3 lstm_step.py THREADS [vocab embed hidden layers bptt batch]

prints "ready", then for each line "run K" on stdin runs K steps and prints their wall times in ms
(space-separated) and, on a second line, the process's CPU time over the K steps in ms; "quit" or
end of input stops."""
import sys
import time

import torch
import torch.nn as nn


def main():
    threads = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    vocab, embed, hidden, layers, bptt, batch = [int(v) for v in sys.argv[2:8]] if len(sys.argv) >= 8 else [96, 64, 128, 2, 35, 20]
    torch.set_num_threads(threads)
    torch.manual_seed(0)

    class Model(nn.Module):
        def __init__(self):
            super().__init__()
            self.encoder = nn.Embedding(vocab, embed)
            self.rnn = nn.LSTM(embed, hidden, layers)
            self.decoder = nn.Linear(hidden, vocab)

        def forward(self, x, h):
            out, h = self.rnn(self.encoder(x), h)
            return self.decoder(out), h

    model = Model()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    x = torch.randint(0, vocab, (bptt, batch))
    y = torch.randint(0, vocab, (bptt * batch,))
    state = [(torch.zeros(layers, batch, hidden), torch.zeros(layers, batch, hidden))]

    def step():
        opt.zero_grad()
        logits, h = model(x, state[0])
        state[0] = (h[0].detach(), h[1].detach())
        loss = nn.functional.cross_entropy(logits.reshape(-1, vocab), y)
        loss.backward()
        opt.step()
        return loss.item()

    print("ready", flush=True)
    for line in sys.stdin:
        cmd = line.split()
        if not cmd or cmd[0] == "quit":
            break
        times = []
        cpu0 = time.process_time()
        for _ in range(int(cmd[1])):
            t0 = time.perf_counter()
            step()
            times.append((time.perf_counter() - t0) * 1000)
        cpu = (time.process_time() - cpu0) * 1000
        print(" ".join(f"{t:.3f}" for t in times), flush=True)
        print(f"{cpu:.3f}", flush=True)


main()
