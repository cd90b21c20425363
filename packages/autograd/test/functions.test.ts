/**
 * The function forms of the Tensor methods (src/tensor-functions.ts) are generated from tensor.ts:
 * the committed file is what the generator makes of the methods now, and each function calls its
 * method.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as A from '@chainrule/autograd';
import { Tensor, tensor } from '@chainrule/autograd';
import { generate, METHOD_ONLY, paths } from '../scripts/functions.js';

describe('tensor-functions.ts (generated from the methods of Tensor)', () => {
  it('is up to date (run `pnpm gen:functions` after changing a Tensor method)', () => {
    expect(readFileSync(paths.functions, 'utf8')).toBe(generate(readFileSync(paths.tensor, 'utf8')));
  });

  it('exports a function for every public op method, which calls the method', () => {
    const isMethod = (m: string): boolean => typeof Object.getOwnPropertyDescriptor(Tensor.prototype, m)?.value === 'function';
    const methods = Object.getOwnPropertyNames(Tensor.prototype).filter((m) => isMethod(m) && m !== 'constructor' && !m.startsWith('_') && !m.endsWith('_') && !METHOD_ONLY.has(m));
    const exported = A as unknown as Record<string, unknown>;
    expect(methods.filter((m) => typeof exported[m] !== 'function')).toEqual([]);
    const x = tensor([[1, -2], [3, 4]]);
    expect(A.add(x, 1, { alpha: 2 }).tolist()).toEqual(x.add(1, { alpha: 2 }).tolist());
    expect(A.max(x, 1).indices.tolist()).toEqual([0, 1]);
    expect(A.max(x, tensor([2])).tolist()).toEqual([[2, 2], [3, 4]]);
    expect(A.max(x).item()).toBe(4);
    expect(A.var(x, 1, { correction: 0 }).tolist()).toEqual(A.variance(x, 1, { correction: 0 }).tolist());
  });
});
