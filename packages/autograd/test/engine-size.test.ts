/**
 * The engine's line budget, like tinygrad's: the engine (packages/autograd/src/engine) must stay
 * short enough to read in one sitting, and its backward loop (`walk` in core.ts) on one screen.
 * Code lines only: TSDoc, comments and blank lines are free. Raise a budget only with a reason.
 */
import { describe, expect, it } from 'vitest';
import { codeLines, functionNamed, parse, sourceFiles } from '../../../test/helpers/source.js';

// 619 when the engine was split; + 36 for the 22 primitives of issue 14 (pointwise math: the
// gradient table grows by a rule per primitive, mostly one line each); +37 for the fused attention
// primitive's rule (its recomputed probabilities, dropout mask and the double-backward path)
const ENGINE_BUDGET = 692;
const LOOP_BUDGET = 60;

describe('engine size', () => {
  it(`the engine holds at most ${ENGINE_BUDGET} code lines`, () => {
    const files = sourceFiles('packages/autograd/src/engine');
    expect(files).toContain('packages/autograd/src/engine/core.ts');
    const perFile = files.map((f) => [f, codeLines(parse(f))] as const);
    const total = perFile.reduce((s, [, n]) => s + n, 0);
    expect(total, perFile.map(([f, n]) => `${n}\t${f}`).join('\n')).toBeLessThanOrEqual(ENGINE_BUDGET);
  });

  it(`the backward loop (walk in core.ts) spans at most ${LOOP_BUDGET} lines`, () => {
    const sf = parse('packages/autograd/src/engine/core.ts');
    const walk = functionNamed(sf, 'walk');
    const first = sf.getLineAndCharacterOfPosition(walk.getStart(sf)).line;
    const last = sf.getLineAndCharacterOfPosition(walk.getEnd()).line;
    expect(last - first + 1).toBeLessThanOrEqual(LOOP_BUDGET);
  });

  it('counts code lines, not comments or blank lines', () => {
    const sf = parse('packages/autograd/src/engine/hooks.ts');
    const text = sf.getFullText();
    expect(codeLines(sf)).toBeGreaterThan(5);
    expect(codeLines(sf)).toBeLessThan(text.split('\n').filter((l) => l.trim() !== '').length);
  });
});
