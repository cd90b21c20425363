/**
 * `pnpm golden`: writes the PyTorch reference values of every registry case into test/golden/.
 * It lists the cases of the registries (test/registry) as JSON and pipes them to the Python
 * generator (gen/generate.py, PyTorch for CPU: `apt-get install python3-torch
 * libopenblas0-pthread`). CI never runs it: the generated files are committed.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parityCases } from '../registry/index.js';
import { modules } from '../registry/modules.js';
import { interop, optimizers, schedulers } from '../registry/optim.js';

const here = fileURLToPath(new URL('.', import.meta.url));

const specs = {
  ops: parityCases().map((c) => ({ key: c.key, torch: c.entry.torch, inputs: c.inputs, gradgrad: c.entry.grad === 'smooth' && !c.entry.inPlace })),
  modules: Object.entries(modules).map(([key, m]) => ({
    key,
    torch: m.torch,
    inputs: m.inputs,
    ...(m.torchForward === undefined ? {} : { forward: m.torchForward }),
    ...(m.mode === undefined ? {} : { mode: m.mode }),
    ...(m.paramRange === undefined ? {} : { paramRange: m.paramRange }),
  })),
  optim: Object.entries(optimizers).map(([key, o]) => ({ key, torch: o.torch, steps: o.steps ?? 5, closure: o.closure ?? false })),
  sched: Object.entries(schedulers).map(([key, s]) => ({
    key,
    optimizer: s.optimizer.torch,
    torch: s.torch,
    steps: s.steps,
    ...(s.metrics === undefined ? {} : { metrics: s.metrics }),
    momentum: s.momentum ?? false,
  })),
  interop: Object.entries(interop).map(([key, c]) => ({ key, ...c })),
};

/** A Python that imports torch: $CHAINRULE_PYTHON, Debian's /usr/bin/python3, or python3 on PATH. */
function findPython(): string {
  for (const py of [process.env.CHAINRULE_PYTHON, '/usr/bin/python3', 'python3']) {
    if (py === undefined || py === '') continue;
    if (spawnSync(py, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0) return py;
  }
  throw new Error('pnpm golden: no Python with PyTorch found; install it with `apt-get install python3-torch libopenblas0-pthread` (or set CHAINRULE_PYTHON)');
}

const py = findPython();
const run = spawnSync(py, [fileURLToPath(new URL('gen/generate.py', import.meta.url)), here], {
  input: JSON.stringify(specs),
  stdio: ['pipe', 'inherit', 'inherit'],
  cwd: fileURLToPath(new URL('gen/', import.meta.url)),
  maxBuffer: 1 << 30,
});
if (run.status !== 0) process.exit(run.status ?? 1);
