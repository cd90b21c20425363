/**
 * Grad-of-grad against PyTorch: d/dx and d²/dx² of sum(f(x)) for the functions of
 * training-0.json's `higher_order` (computed with torch.autograd.grad(create_graph=True)).
 */
import { describe, expect, it } from 'vitest';
import { grad } from '@chainrule/autograd';
import type { Tensor } from '@chainrule/autograd';
import { fromGolden, goldenFiles, readGolden, relErr } from '../../../test/helpers/golden.js';
import type { GoldenTensor } from '../../../test/helpers/golden.js';

interface HigherOrder {
  higher_order: Record<string, { x: GoldenTensor; grad: GoldenTensor; grad2: GoldenTensor }>;
}

const fns: Record<string, (t: Tensor) => Tensor> = {
  tanh: (t) => t.tanh(),
  sigmoid: (t) => t.sigmoid(),
  exp: (t) => t.exp(),
  sin: (t) => t.sin(),
  cube: (t) => t.pow(3),
};

for (const file of goldenFiles(/^training-.*\.json$/)) {
  describe(`higher-order gradients match PyTorch (${file})`, () => {
    const golden = readGolden<HigherOrder>(file).higher_order;
    it('covers every function in the golden file', () => {
      expect(Object.keys(golden).filter((k) => !(k in fns))).toEqual([]);
    });
    for (const [name, c] of Object.entries(golden)) {
      it(name, () => {
        const x = fromGolden(c.x, { requiresGrad: true });
        const [g1] = grad(fns[name]!(x).sum(), [x], { createGraph: true });
        const [g2] = grad(g1!.sum(), [x]);
        expect(relErr(g1!, c.grad)).toBeLessThan(1e-12);
        expect(relErr(g2!, c.grad2)).toBeLessThan(1e-10);
      });
    }
  });
}
