/**
 * The docs: the API reference built by typedoc (the same reflections `pnpm run docs` renders),
 * the guides under docs/, and the package pages.
 * - Every `@example` of every export, member and entry point runs (one module each; names it uses
 *   without importing them come from the packages' exports), and so do the ```ts blocks of the
 *   README and of every guide (one module per file, which must import what it uses). Output
 *   comments (`// tensor([2., 3.])`, `// shape [2, 3]`, `// 0.5`, `// throws RangeError`) are
 *   asserted (test/helpers/docs-expect.ts). All of it type-checks as a user would compile it.
 * - Every export has a summary and a ```ts @example; every signature its parameters, return value
 *   and (where it throws) its errors.
 * - The generated parts of the docs (package pages, the gradient table) match the code;
 *   `pnpm docs:pages` rewrites them.
 * - The site builds without warnings, and headless Chromium finds `matmul` with the site's search
 *   and shows its example.
 * Code runs in-process against the packages' sources, through vitest's aliases.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Tensor, zeros } from '@chainrule/autograd';
import { nn, optim } from '@chainrule/nn';
import { bootstrap, collectExamples, collectItems, convert, docProblems, entriesOf, layersWithoutShape, locationOf, preludeOf } from './helpers/docs-project.js';
import { COVERED, NOT_OPS, opsTable, probeOps } from './helpers/docs-ops.js';
import { blockNames, exportsBlock, fillBlocks, gradientTable, nnTables, packagePage } from './helpers/docs-pages.js';
import { findChromium, searchAndOpen } from './helpers/docs-site.js';
import { maskMachine, transcripts } from './helpers/docs-transcript.js';
import { main as train } from '../packages/data/src/cli/main.js';
import { compile, docsProgram, guideFiles, markdownBlocks, repoRoot, run } from './helpers/docs-snippets.js';
import type { Compiled } from './helpers/docs-snippets.js';
import { cannotThrow, ThrowAnalysis } from './helpers/docs-throws.js';

// the packages' type errors are `pnpm typecheck`'s job; `pnpm run docs` checks them too
const app = await bootstrap({ skipErrorChecking: true });
const project = await convert(app);
const entries = entriesOf(project);
const items = collectItems(entries);
const examples = collectExamples(entries, items);
const prelude = preludeOf(items);
const packages = [...new Set(entries.map((e) => e.pkg))];

/** Compiles, or keeps the error to report it in the example's own test. */
const tryCompile = (...args: Parameters<typeof compile>): Compiled | Error => {
  try {
    return compile(...args);
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

  it('every nn layer has a "Shape:" section, as PyTorch documents its layers', () => {
    const { layers, missing } = layersWithoutShape(items);
    expect(layers).toContain('nn.Conv2d');
    expect(layers).toContain('nn.MSELoss');
    expect(layers).not.toContain('nn.Sequential');
    expect(missing, `layers without "Shape:" followed by "- Input …" and "- Output …" items:\n${missing.join('\n')}`).toEqual([]);
  });

  it('the tables of the guides name only APIs that exist (a "chainrule" column)', () => {
    const known = new Set([...items.map((i) => i.name.split('.').pop()!), ...items.map((i) => i.name.split('.')[0]!), 'String', 'Math', 'sqrt']);
    const problems: string[] = [];
    for (const file of guideFiles()) {
      const lines = readFileSync(join(repoRoot, file), 'utf8').split('\n');
      let column = -1;
      lines.forEach((line, n) => {
        if (!line.startsWith('|')) return void (column = -1);
        const cells = line.split(/(?<!\\)\|/).slice(1, -1).map((c) => c.trim());
        if (column < 0) return void (column = cells.findIndex((c) => c === 'chainrule'));
        const cell = cells[column] ?? '';
        for (const [, code] of cell.matchAll(/`([^`]+)`/g)) {
          const body = code!.replace(/'[^']*'/g, "''").replace(/^import .* from .*$/, '');
          for (const [, name] of body.matchAll(/\.([A-Za-z_]\w*)/g)) if (!known.has(name!)) problems.push(`${file}:${n + 1}: .${name} is not a documented member`);
          for (const [, name] of body.matchAll(/(?<![.\w])([A-Za-z_]\w*)\(/g)) if (!known.has(name!)) problems.push(`${file}:${n + 1}: ${name}() is not a documented export`);
        }
      });
    }
    expect(problems).toEqual([]);
  });

  it('reports what it covers', () => {
    const exportsCount = items.filter((i) => i.isExport).length;
    const blocks = guides.reduce((n, g) => n + (g.compiled instanceof Error ? 0 : g.compiled.snippets.length), 0);
    console.info(
      `docs: ${exportsCount} public exports and ${items.length - exportsCount} members documented in ${packages.join(', ')}; ` +
        `ran ${examples.length} @examples and ${blocks} code blocks of ${guides.length} guides, asserting ${checkedOutputs} output comments`,
    );
    expect(examples.length).toBeGreaterThan(100);
  });
});

describe('the generated parts of the docs match the code (`pnpm docs:pages` rewrites them)', () => {
  const ops = probeOps();
  const nnBlocks = nnTables(items, { nn, optim, param: zeros([1], { requiresGrad: true }) });
  const render = (name: string): string | null => {
    if (name === 'ops') return opsTable(ops);
    if (name in nnBlocks) return nnBlocks[name]!;
    if (name === 'gradient-table') return gradientTable();
    const entry = entries.find((e) => name === `exports:${e.spec}`);
    return entry === undefined ? null : exportsBlock(entry, items);
  };
  const files = guideFiles().filter((f) => blockNames(readFileSync(join(repoRoot, f), 'utf8')).length > 0);

  it.each(files)('%s', async (file) => {
    const path = join(repoRoot, file);
    await expect(fillBlocks(readFileSync(path, 'utf8'), render)).toMatchFileSnapshot(path);
  });

  it('each entry point is listed on its package page (docs/packages/<dir>.md)', () => {
    const missing = entries.filter((e) => {
      try {
        return !blockNames(readFileSync(join(repoRoot, packagePage(e)), 'utf8')).includes(`exports:${e.spec}`);
      } catch {
        return true;
      }
    });
    expect(missing.map((e) => `${packagePage(e)} needs <!-- generated:exports:${e.spec} --><!-- /generated:exports:${e.spec} -->`)).toEqual([]);
  });

  it('the ops table covers every Tensor method', () => {
    const methods = Object.getOwnPropertyNames(Tensor.prototype).filter((m) => m !== 'constructor' && !m.startsWith('_') && typeof Object.getOwnPropertyDescriptor(Tensor.prototype, m)?.value === 'function');
    const listed = new Set([...COVERED, ...NOT_OPS]);
    expect(methods.filter((m) => !listed.has(m))).toEqual([]);
    expect(ops.filter((o) => o.recipe.name === 'add')[0]?.differentiable).toBe(true);
    expect(ops.filter((o) => o.recipe.name === 'argmax')[0]?.differentiable).toBe(false);
    expect(ops.filter((o) => o.recipe.name === 'add_')[0]?.recipe.entry.inPlace).toBe(true);
  });
});

describe('the `pnpm train` runs shown in the guides are what the command prints (timings aside)', () => {
  const runs = guideFiles().flatMap((f) => transcripts(f, 'npx --yes pnpm@10.34.9 train'));
  it('the MNIST guide shows one', () => {
    expect(runs.map((r) => r.file)).toContain('docs/guides/06-training-on-mnist.md');
  });
  it.each(runs.map((r) => [`${r.file}:${r.line}`, r] as const))('%s', async (_at, r) => {
    const cwd = mkdtempSync(join(tmpdir(), 'chainrule-train-docs-'));
    try {
      let printed = '';
      const write = (s: string): void => void (printed += s);
      const code = await train(r.args, { stdout: { write }, stderr: { write }, cwd });
      expect(code, printed).toBe(0);
      const at = r.args.indexOf('--out');
      const out = at < 0 ? null : (r.args[at + 1] ?? null);
      expect(maskMachine(printed, out)).toBe(maskMachine(r.printed, out));
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('the built site, read in headless Chromium', () => {
  const site = mkdtempSync(join(tmpdir(), 'chainrule-site-'));
  afterAll(() => rmSync(site, { recursive: true, force: true }));
  const chromium = findChromium();
  if (chromium === null) console.warn('docs site: no Chromium found (apt-get install chromium, or set CHROMIUM_PATH); the browser check is skipped');

  it('builds from the same project with no warnings (guides, package pages, API reference)', async () => {
    app.validate(project);
    await app.generateDocs(project, site);
    expect(app.logger.hasWarnings() || app.logger.hasErrors(), 'typedoc reported warnings (see above)').toBe(false);
    expect(readFileSync(join(site, 'index.html'), 'utf8')).toContain('Getting started');
  }, 120_000);

  it.skipIf(chromium === null)(`search for "matmul", open its page, find its example${chromium === null ? ' (skipped: no Chromium; apt-get install chromium)' : ''}`, async () => {
    // the first API result named matmul (Tensor.matmul or the free function)
    const visit = await searchAndOpen(chromium!, site, 'matmul', (r) => /(^|\.)matmul$/.test(r));
    console.info(`docs site: searching "matmul" found ${visit.results.join(' | ')}; opened ${visit.chosen} (${visit.url.replace(/^.*\//, '')})`);
    expect(visit.results.length).toBeGreaterThan(0);
    expect(visit.title).toMatch(/matmul/);
    expect(visit.examples.some((code) => /matmul\(/.test(code)), `no example with matmul( on ${visit.url}: ${JSON.stringify(visit.examples)}`).toBe(true);
  }, 120_000);
});
