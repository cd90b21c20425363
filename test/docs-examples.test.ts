/**
 * Every piece of code in the docs runs: the ```ts blocks of each guide (docs/**.md and the README,
 * the blocks of one file in order as one module) and the `@example` of every public export of the
 * three packages, as typedoc collects them for the site. Fragments such as `x.amax(1)` run with a
 * prelude that imports every export and defines the fixtures of test/helpers/docs-fixtures.ts.
 * Each also type-checks under the workspace's strict settings. A last group checks that every
 * export is documented: a summary, an @example, each parameter and the return value.
 */
import { relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as fixtureFns from './helpers/docs-fixtures.js';
import {
  buildPrelude,
  cleanGenerated,
  collectExamples,
  collectItems,
  convertProject,
  docProblems,
  errorLocation,
  guideFiles,
  locationOf,
  markdownBlocks,
  moduleFileName,
  repoRoot,
  typecheck,
  writeModule,
} from './helpers/docs.js';
import type { GeneratedModule, Snippet } from './helpers/docs.js';

const project = await convertProject();
const items = collectItems(project);
const examples = collectExamples(project);
const prelude = buildPrelude(items, Object.keys(fixtureFns));
const packages = [...new Set(items.map((i) => i.pkg))].sort();

cleanGenerated();
const guides = guideFiles().map((file) => {
  const { run, skipped } = markdownBlocks(file);
  const mod = run.length === 0 ? null : writeModule(`guide-${file.replace(/[^\w.-]+/g, '_')}`.replace(/\.md$/, '.ts'), run, null, file);
  return { file, mod, blocks: run.length, skipped };
});
const exampleMods = examples.map((e, i) => {
  const at = `${e.snippets[0]!.file}:${e.snippets[0]!.line}`;
  return { ...e, at, mod: writeModule(moduleFileName(i, e.pkg, e.name), e.snippets, prelude, `${e.name} (${at})`) };
});

function quietConsole(out: string[]): Console {
  const push = (...args: unknown[]): void => {
    out.push(args.map(String).join(' '));
  };
  return { ...console, log: push, info: push, warn: push, error: push, debug: push, dir: push, table: push } as Console;
}

const show = (snippets: readonly Snippet[]): string =>
  snippets.map((s) => `${s.file}:${s.line}\n${s.code.replace(/^/gm, '  | ')}`).join('\n');

async function runModule(mod: GeneratedModule): Promise<string[]> {
  const logs: string[] = [];
  try {
    const m = (await import(/* @vite-ignore */ pathToFileURL(mod.path).href)) as { run(c: Console): Promise<void> };
    await m.run(quietConsole(logs));
  } catch (err) {
    const first = mod.snippets[0]!.snippet;
    const where = errorLocation(mod, err) ?? `${first.file}:${first.line}`;
    const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    throw new Error(
      `${where}: ${message}\n--- the code ---\n${show(mod.snippets.map((s) => s.snippet))}\n--- generated module: ${relative(repoRoot, mod.path)}`,
      { cause: err },
    );
  }
  return logs;
}

describe('guides: every ```ts block runs (one module per guide)', () => {
  it.each(guides.filter((g) => g.mod !== null).map((g) => [g.file, g] as const))('%s', async (_file, g) => {
    await runModule(g.mod!);
  });
  it('`no-run` blocks stay rare (terminal commands and the like, at most 2 per guide)', () => {
    for (const g of guides) expect(g.skipped.length, `${g.file} has ${g.skipped.length} no-run blocks`).toBeLessThanOrEqual(2);
  });
});

for (const pkg of packages) {
  const mine = exampleMods.filter((e) => e.pkg === pkg);
  describe(`@example code of ${pkg} runs`, () => {
    it.each(mine.map((e) => [`${e.name} (${e.at})`, e] as const))('%s', async (_name, e) => {
      await runModule(e.mod);
    });
  });
}

describe('the docs code type-checks (strict, as a user would compile it)', () => {
  const groups: [string, GeneratedModule[]][] = [
    ['guides', guides.flatMap((g) => (g.mod === null ? [] : [g.mod]))],
    ...packages.map((pkg) => [`@example code of ${pkg}`, exampleMods.filter((e) => e.pkg === pkg).map((e) => e.mod)] as [string, GeneratedModule[]]),
  ];
  let checked: Promise<Map<GeneratedModule, string[]>> | null = null;
  it.each(groups)('%s', async (_name, mods) => {
    checked ??= typecheck(groups.flatMap(([, m]) => m));
    const diags = await checked;
    const errors = mods.flatMap((m) => diags.get(m) ?? []);
    expect(errors, `type errors in the docs code:\n${errors.join('\n')}`).toEqual([]);
  }, 180_000);
});

describe('every public export is documented: summary, @example, parameters, return value', () => {
  it.each(packages)('%s', (pkg) => {
    const problems = items
      .filter((i) => i.pkg === pkg)
      .flatMap((i) => docProblems(i).map((p) => `${i.entry} ${i.name} (${locationOf(i.refl)}): ${p}`));
    expect(problems, `${problems.length} documentation gaps:\n${problems.join('\n')}`).toEqual([]);
  });

  it('no @example is a bare inline code span (typedoc would print its backticks)', () => {
    const bad = examples.filter((e) => e.inlineSpan).map((e) => `${e.pkg} ${e.name} (${e.snippets[0]!.file}:${e.snippets[0]!.line})`);
    expect(bad, `write \`@example x.f()\` or a fenced block instead of \`@example \\\`x.f()\\\`\`:\n${bad.join('\n')}`).toEqual([]);
  });

  it('reports what it covers', () => {
    const exportsCount = items.filter((i) => i.isExport).length;
    const blocks = guides.reduce((n, g) => n + g.blocks, 0);
    console.info(
      `docs: ${exportsCount} public exports and ${items.length - exportsCount} members documented over ${packages.join(', ')}; ` +
        `${examples.length} @example snippets and ${blocks} guide blocks in ${guides.filter((g) => g.mod).length} files executed`,
    );
    expect(examples.length).toBeGreaterThan(0);
  });
});
