/**
 * Every piece of code in the docs runs, and every public export is documented:
 * - the `@example` code of every export, member and entry point that typedoc documents (the site's
 *   own reflections), each example one module; names it uses without importing them come from the
 *   packages' exports;
 * - the ```ts blocks of the README and of every guide under docs/, one module per file, which must
 *   import what they use;
 * - output comments (`// tensor([2., 3.])`, `// shape [2, 3]`, `// 0.5`, `// throws RangeError`)
 *   are asserted (test/helpers/docs-expect.ts);
 * - all of it type-checks as a user would compile it (strict, ES2022 + DOM);
 * - every export has a summary and a ```ts @example, every signature its parameters, return value
 *   and (where it throws) its errors.
 * Code runs in-process against the packages' sources, through vitest's aliases.
 */
import { describe, expect, it } from 'vitest';
import { bootstrap, collectExamples, collectItems, convert, docProblems, entriesOf, locationOf, preludeOf } from './helpers/docs-project.js';
import { compile, docsProgram, guideFiles, markdownBlocks, repoRoot, run } from './helpers/docs-snippets.js';
import type { Compiled } from './helpers/docs-snippets.js';
import { cannotThrow, ThrowAnalysis } from './helpers/docs-throws.js';

// the packages' type errors are `pnpm typecheck`'s job; the docs build (`pnpm run docs`) checks them too
const project = await convert(await bootstrap({ skipErrorChecking: true }));
const entries = entriesOf(project);
const items = collectItems(entries);
const examples = collectExamples(entries, items);
const prelude = preludeOf(items);
const packages = [...new Set(entries.map((e) => e.pkg))];

/** Compiles, or keeps the error to report it in the example's own test. */
const tryCompile = (title: string, ...args: Parameters<typeof compile> extends [string, ...infer R] ? R : never): Compiled | Error => {
  try {
    return compile(title, ...args);
  } catch (err) {
    return err instanceof Error ? err : new Error(String(err));
  }
};
const exampleCode = examples.map((e) => ({ ...e, at: `${e.snippets[0]?.file}:${e.snippets[0]?.line}`, compiled: tryCompile(`@example of ${e.name}`, e.snippets, prelude) }));
const guides = guideFiles().map((file) => ({ file, compiled: tryCompile(file, markdownBlocks(file), null) }));

const load = (spec: string): Promise<unknown> => import(/* @vite-ignore */ spec);
let checkedOutputs = 0;
const runIt = async (c: Compiled | Error): Promise<void> => {
  if (c instanceof Error) throw c;
  checkedOutputs += (await run(c, load)).checked;
};

const allCompiled = [...exampleCode.map((e) => e.compiled), ...guides.map((g) => g.compiled)].filter((c): c is Compiled => !(c instanceof Error));
let program: ReturnType<typeof docsProgram> | null = null;
const docs = (): ReturnType<typeof docsProgram> => (program ??= docsProgram(allCompiled));

describe('guides: the ```ts blocks of each file run in order, as one module', () => {
  it.each(guides.map((g) => [g.file, g] as const))('%s', async (_f, g) => {
    expect(g.compiled instanceof Error || g.compiled.snippets.length > 0, `${g.file} has no \`\`\`ts block`).toBe(true);
    await runIt(g.compiled);
  });
});

for (const entry of entries) {
  const mine = exampleCode.filter((e) => e.entry === entry);
  describe(`@example code of ${entry.spec} runs`, () => {
    it.each(mine.map((e) => [`${e.name} (${e.at})`, e] as const))('%s', async (_n, e) => {
      expect(e.otherLanguages, `${e.name}: @example blocks must be \`\`\`ts (found ${e.otherLanguages.join(', ')})`).toEqual([]);
      await runIt(e.compiled);
    });
  });
}

describe('the docs code type-checks (strict, as a user would compile it)', () => {
  const groups: [string, Compiled[]][] = [
    ['guides', guides.flatMap((g) => (g.compiled instanceof Error ? [] : [g.compiled]))],
    ...entries.map(
      (en) => [`@example code of ${en.spec}`, exampleCode.filter((e) => e.entry === en).flatMap((e) => (e.compiled instanceof Error ? [] : [e.compiled]))] as [string, Compiled[]],
    ),
  ];
  it.each(groups)('%s', (_name, mods) => {
    const { diagnostics } = docs();
    const errors = mods.flatMap((m) => diagnostics(m));
    expect(errors, `type errors in the docs code:\n${errors.join('\n')}`).toEqual([]);
  }, 120_000);
});

describe('every public export is documented: summary, @example, parameters, return value, errors thrown', () => {
  it.each(packages)('%s', (pkg) => {
    const throws = new ThrowAnalysis(docs().program, repoRoot);
    const problems = items
      .filter((i) => i.entry.pkg === pkg)
      .flatMap((i) =>
        docProblems(i, (s, overload) => {
          const src = s.sources?.[0];
          if (src === undefined || cannotThrow(`${i.entry.spec} ${i.name}${overload > 0 ? `#${overload}` : ''}`) !== null) return null;
          return throws.at(src.fileName, src.line);
        }).map((p) => `${i.entry.spec} ${i.name} (${locationOf(i.refl)}): ${p}`),
      );
    expect(problems, `${problems.length} documentation gaps:\n${problems.join('\n')}`).toEqual([]);
  }, 120_000);

  it('reports what it covers', () => {
    const exportsCount = items.filter((i) => i.isExport).length;
    const blocks = guides.reduce((n, g) => n + (g.compiled instanceof Error ? 0 : g.compiled.snippets.length), 0);
    console.info(
      `docs: ${exportsCount} public exports and ${items.length - exportsCount} members documented in ${packages.join(', ')}; ` +
        `ran ${examples.length} @examples and ${blocks} guide blocks in ${guides.length} files, asserting ${checkedOutputs} output comments`,
    );
    expect(examples.length).toBeGreaterThan(100);
  });
});
