/**
 * A training case as a bench {@link Case}: chainrule eager on each backend, chainrule compiled,
 * TensorFlow.js where the case has a tfjs version, and PyTorch. Each library's first two steps
 * from the shared initial parameters are checked against chainrule's float64 reference (JS
 * kernels): the first loss checks the forward, the second the update.
 * @module
 */
import type { Case } from './cases.js';
import { compiledImpl } from './compiled.js';
import type { Impl } from './harness.js';
import { activate } from './libs.js';
import type { Lib } from './libs.js';
import { tfjsTraining } from './tfjs-training.js';
import { torchImpls } from './torch.js';
import { checkLosses, initialValues, LM, TB } from './training.js';
import type { TrainingCase } from './training.js';

const finite = (r: unknown): string | null => (typeof r === 'number' && Number.isFinite(r) ? null : `loss ${String(r)}`);

export function trainingCase(tc: TrainingCase): Case {
  const impls: Impl[] = [];
  const name = tc.name;
  if (tc.missing !== undefined) {
    for (const lib of ['chainrule-wasm', 'chainrule-js', 'chainrule-compiled', 'pytorch-1t', 'pytorch-2t']) impls.push({ lib, skip: tc.missing, activate: () => undefined, run: () => 0, check: () => null });
    return { name, group: 'training', flops: 0, impls };
  }
  // the reference: two steps in float64 on the JS kernels
  activate('chainrule-js');
  const ref = tc.build('float64');
  const want = [ref.body(...ref.inputs).item(), ref.body(...ref.inputs).item()];
  for (const lib of ['chainrule-wasm', 'chainrule-js'] as Lib[]) {
    activate(lib);
    const b = tc.build('float32');
    const first = checkLosses([b.body(...b.inputs).item(), b.body(...b.inputs).item()], want);
    impls.push({ lib, activate: () => activate(lib), run: () => b.body(...b.inputs).item(), check: (r) => first ?? finite(r) });
  }
  impls.push(
    compiledImpl(
      () => {
        const b = tc.build('float32');
        return { fn: b.body, inputs: b.inputs };
      },
      (t) => t.item(),
      finite,
      (first) => checkLosses(first as number[], want),
    ),
  );
  impls.push(...tfjsTraining(tc, ref.params.map(([n, p]) => [n, p.shape] as const), want));
  const params = ref.params.map(([n, p], i) => ({ name: n, shape: [...p.shape], values: initialValues(n, p.shape, i) }));
  const inputs = tc.inputs.map((x) => ({ name: x.name, shape: x.shape, values: x.values }));
  const sizes = tc.key === 'transformer' ? { ...TB } : tc.key === 'lstm' ? { ...LM } : {};
  impls.push(
    ...torchImpls(tc.key, { kind: 'training', params, inputs, sizes }, (r) => {
      const first = r.first as number[] | undefined;
      return first === undefined ? 'no first losses' : checkLosses(first, want);
    }),
  );
  return { name, group: 'training', flops: 0, impls };
}
