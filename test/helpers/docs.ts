/**
 * Helpers of the docs tests: the typedoc project (the same reflections the site documents), the
 * `@example` code of every public export, the ```ts blocks of every guide, and the modules that run
 * them (written under test/.docs-examples, git-ignored, so that the vitest aliases resolve
 * `@chainrule/*`).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as td from 'typedoc';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const generatedDir = join(repoRoot, 'test', '.docs-examples');
/** The fixtures an example fragment may use without defining them (see docs-fixtures.ts). */
export const fixturesModule = join(repoRoot, 'test', 'helpers', 'docs-fixtures.ts');

// ---- the typedoc project -------------------------------------------------------------------------

/** Converts the workspace with the root typedoc.json, as `pnpm run docs` does, without rendering. */
export async function convertProject(): Promise<td.ProjectReflection> {
  const app = await td.Application.bootstrapWithPlugins({ options: join(repoRoot, 'typedoc.json'), logLevel: 'Error' }, [
    new td.TypeDocReader(),
    new td.PackageJsonReader(),
    new td.TSConfigReader(),
  ]);
  const cwd = process.cwd();
  process.chdir(repoRoot);
  try {
    const project = await app.convert();
    if (project === undefined) throw new Error('typedoc could not convert the project (see the errors above)');
    return project;
  } finally {
    process.chdir(cwd);
  }
}

/** A public export (or a documented member of one) as typedoc sees it. */
export interface DocItem {
  /** The npm package, e.g. `@chainrule/autograd`. */
  pkg: string;
  /** The import specifier of the entry point that exports it, e.g. `@chainrule/nn/functional`. */
  entry: string;
  /** Dotted name inside its entry point, e.g. `Tensor.matmul`, `nn.Linear`, `optim.Adam`. */
  name: string;
  refl: td.DeclarationReflection;
  /** True for top-level exports (and namespace members), false for class/interface members. */
  isExport: boolean;
}

const SKIP_KINDS = td.ReflectionKind.Reference | td.ReflectionKind.Module;

function entryOf(pkg: string, moduleName: string | null): string {
  if (moduleName === null || moduleName === 'index') return pkg;
  return `${pkg}/${moduleName.replace(/\/index$/, '')}`;
}

/**
 * Every public export of every package, with the members of classes and interfaces (inherited
 * members are listed once, on the class that declares them).
 */
export function collectItems(project: td.ProjectReflection): DocItem[] {
  const items: DocItem[] = [];
  const seen = new Set<td.Reflection>();
  const members = (pkg: string, entry: string, prefix: string, d: td.DeclarationReflection): void => {
    for (const m of d.children ?? []) {
      if (m.inheritedFrom !== undefined || m.flags.isPrivate || m.flags.isProtected) continue;
      items.push({ pkg, entry, name: `${prefix}.${m.name}`, refl: m, isExport: false });
    }
  };
  const exports = (pkg: string, entry: string, prefix: string, container: td.ContainerReflection): void => {
    for (const c of container.children ?? []) {
      if (c.kindOf(SKIP_KINDS) || seen.has(c)) continue;
      seen.add(c);
      const name = prefix === '' ? c.name : `${prefix}.${c.name}`;
      items.push({ pkg, entry, name, refl: c, isExport: true });
      if (c.kindOf(td.ReflectionKind.Namespace)) exports(pkg, entry, name, c);
      else if (c.kindOf(td.ReflectionKind.ClassOrInterface)) members(pkg, entry, name, c);
    }
  };
  const packages = (project.children ?? []).filter((c) => c.kindOf(td.ReflectionKind.Module));
  for (const p of packages) {
    const subs = (p.children ?? []).filter((c) => c.kindOf(td.ReflectionKind.Module));
    if (subs.length === 0) exports(p.name, p.name, '', p);
    else for (const s of subs) exports(p.name, entryOf(p.name, s.name), '', s);
  }
  return items;
}

/** The modules (packages and their entry points) whose own comment may carry examples. */
export function collectModules(project: td.ProjectReflection): { pkg: string; entry: string; refl: td.DeclarationReflection }[] {
  const out: { pkg: string; entry: string; refl: td.DeclarationReflection }[] = [];
  for (const p of (project.children ?? []).filter((c) => c.kindOf(td.ReflectionKind.Module))) {
    out.push({ pkg: p.name, entry: p.name, refl: p });
    for (const s of (p.children ?? []).filter((c) => c.kindOf(td.ReflectionKind.Module))) {
      out.push({ pkg: p.name, entry: entryOf(p.name, s.name), refl: s });
    }
  }
  return out;
}

/** The comments of a reflection: its own and its signatures'. */
export function commentsOf(r: td.DeclarationReflection): { comment: td.Comment; sources: td.SourceReference[] | undefined }[] {
  const out: { comment: td.Comment; sources: td.SourceReference[] | undefined }[] = [];
  if (r.comment) out.push({ comment: r.comment, sources: r.sources });
  for (const s of [...(r.signatures ?? []), ...(r.getSignature ? [r.getSignature] : []), ...(r.setSignature ? [r.setSignature] : [])]) {
    if (s.comment) out.push({ comment: s.comment, sources: s.sources ?? r.sources });
  }
  return out;
}

const text = (parts: readonly td.CommentDisplayPart[]): string => parts.map((p) => p.text).join('');

// ---- examples ------------------------------------------------------------------------------------

/** A piece of documentation code and where it lives. */
export interface Snippet {
  code: string;
  /** Repo-relative path of the file it was written in. */
  file: string;
  /** 1-based line of the snippet's first code line in that file. */
  line: number;
}

/** The `@example` code of one export (all code blocks of all its example tags, in order). */
export interface DocExample {
  pkg: string;
  name: string;
  snippets: Snippet[];
  /** Set when the example's code is a single inline code span, which typedoc renders with literal backticks. */
  inlineSpan: boolean;
}

/** The code blocks of an `@example` tag's text (typedoc wraps a fence-less example in a ```ts fence). */
export function codeBlocks(exampleText: string): { code: string; noRun: boolean }[] {
  const blocks: { code: string; noRun: boolean }[] = [];
  const fence = /```([\w-]*)([^\n]*)\n([\s\S]*?)```/g;
  for (let m = fence.exec(exampleText); m !== null; m = fence.exec(exampleText)) {
    const lang = m[1] ?? '';
    if (!['', 'ts', 'typescript', 'js', 'javascript'].includes(lang)) continue;
    blocks.push({ code: m[3] ?? '', noRun: /\bno-run\b/.test(m[2] ?? '') });
  }
  if (blocks.length === 0 && exampleText.trim() !== '') blocks.push({ code: exampleText, noRun: false });
  return blocks;
}

const sourceCache = new Map<string, string[]>();
function sourceLines(file: string): string[] {
  let lines = sourceCache.get(file);
  if (lines === undefined) {
    lines = existsSync(join(repoRoot, file)) ? readFileSync(join(repoRoot, file), 'utf8').split('\n') : [];
    sourceCache.set(file, lines);
  }
  return lines;
}

/** The line of `code`'s first line inside the doc comment nearest to (and preferably above) `near`. */
function locate(file: string, near: number, code: string): number {
  const first = code.split('\n').map((l) => l.trim()).find((l) => l !== '');
  if (first === undefined) return near;
  const lines = sourceLines(file);
  let best = -1;
  let bestCost = Infinity;
  lines.forEach((l, i) => {
    if (!l.includes(first)) return;
    const t = l.trim();
    if (!(t.startsWith('*') || t.startsWith('/**'))) return;
    const d = i + 1 - near;
    const cost = d <= 0 ? -d : 10_000 + d; // above the declaration first
    if (cost < bestCost) [best, bestCost] = [i + 1, cost];
  });
  return best > 0 ? best : near;
}

/** Every `@example` of every export, member and module, once each. */
export function collectExamples(project: td.ProjectReflection): DocExample[] {
  const out: DocExample[] = [];
  const seen = new Set<string>();
  const add = (pkg: string, name: string, r: td.DeclarationReflection): void => {
    for (const { comment, sources } of commentsOf(r)) {
      for (const tag of comment.blockTags.filter((t) => t.tag === '@example')) {
        const src = sources?.[0];
        const file = src ? src.fileName : '(unknown)';
        const near = src ? src.line : 1;
        const raw = text(tag.content);
        const blocks = codeBlocks(raw).filter((b) => !b.noRun);
        if (blocks.length === 0) continue;
        let inlineSpan = false;
        const snippets = blocks.map(({ code }) => {
          const trimmed = code.trim();
          if (/^`[^`\n]+`$/.test(trimmed)) {
            inlineSpan = true;
            code = trimmed.slice(1, -1);
          }
          return { code, file, line: locate(file, near, code) };
        });
        const key = snippets.map((s) => `${s.file}:${s.line}:${s.code}`).join('|');
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ pkg, name, snippets, inlineSpan });
      }
    }
  };
  for (const m of collectModules(project)) add(m.pkg, `(module ${m.entry})`, m.refl);
  for (const it of collectItems(project)) add(it.pkg, it.name, it.refl);
  return out;
}

// ---- guides --------------------------------------------------------------------------------------

/** The markdown files whose ```ts blocks are run: every guide under docs/ and the README. */
export function guideFiles(): string[] {
  const out: string[] = ['README.md'];
  const walk = (dir: string): void => {
    for (const f of readdirSync(join(repoRoot, dir)).sort()) {
      const rel = join(dir, f);
      if (rel === join('docs', 'api')) continue;
      if (statSync(join(repoRoot, rel)).isDirectory()) walk(rel);
      else if (f.endsWith('.md')) out.push(rel);
    }
  };
  if (existsSync(join(repoRoot, 'docs'))) walk('docs');
  return out;
}

/** The ```ts blocks of a markdown file, in order; `no-run` blocks are returned apart. */
export function markdownBlocks(file: string): { run: Snippet[]; skipped: Snippet[] } {
  const lines = readFileSync(join(repoRoot, file), 'utf8').split('\n');
  const run: Snippet[] = [];
  const skipped: Snippet[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(```+)\s*(ts|typescript)\b(.*)$/.exec(lines[i]!);
    if (open === null) {
      // skip other fenced blocks whole, so that a ```ts inside them is not taken as a block
      const other = /^(\s*)(```+)/.exec(lines[i]!);
      if (other !== null) {
        const close = other[2]!;
        for (i++; i < lines.length && !lines[i]!.trim().startsWith(close); i++);
      }
      continue;
    }
    const [, indent, close, , info] = open;
    const start = i + 1;
    const body: string[] = [];
    for (i++; i < lines.length && !lines[i]!.trim().startsWith(close!); i++) body.push(lines[i]!.slice(indent!.length));
    const s = { code: body.join('\n'), file, line: start + 1 };
    (/\bno-run\b/.test(info ?? '') ? skipped : run).push(s);
  }
  return { run, skipped };
}

// ---- module generation ---------------------------------------------------------------------------

interface ImportSpec {
  default?: string;
  namespace?: string;
  /** local name → imported name and whether the import is type-only. */
  named: Map<string, { imported: string; typeOnly: boolean }>;
}

const IMPORT_RE = /^[ \t]*import\s+(type\s+)?([\w$]+\s*,?\s*)?(\*\s*as\s+[\w$]+|\{[^}]*\})?\s*from\s*(['"])([^'"]+)\4\s*;?[ \t]*$|^[ \t]*import\s*(['"])([^'"]+)\6\s*;?[ \t]*$/gm;

/** Splits a snippet into its import declarations (parsed) and the rest of its code. */
export function splitImports(code: string): { imports: Map<string, ImportSpec>; body: string } {
  const imports = new Map<string, ImportSpec>();
  const body = code.replace(IMPORT_RE, (_all, typeKw?: string, def?: string, clause?: string, _q?: string, from?: string, _q2?: string, bare?: string) => {
    const mod = from ?? bare!;
    let spec = imports.get(mod);
    if (spec === undefined) imports.set(mod, (spec = { named: new Map() }));
    const typeOnly = typeKw !== undefined;
    const d = def?.replace(',', '').trim();
    if (d) spec.default = d;
    if (clause?.startsWith('*')) spec.namespace = clause.replace(/^\*\s*as\s+/, '').trim();
    else if (clause?.startsWith('{')) {
      for (const part of clause.slice(1, -1).split(',')) {
        const p = part.trim();
        if (p === '') continue;
        const t = /^type\s+/.test(p);
        const [imported, local] = p.replace(/^type\s+/, '').split(/\s+as\s+/).map((s) => s.trim()) as [string, string | undefined];
        spec.named.set(local ?? imported, { imported, typeOnly: typeOnly || t });
      }
    }
    // keep the line count, so that lines in the body still match the snippet's lines
    return _all.replace(/[^\n]/g, '');
  });
  return { imports, body };
}

function mergeImports(into: Map<string, ImportSpec>, from: Map<string, ImportSpec>): void {
  for (const [mod, spec] of from) {
    let t = into.get(mod);
    if (t === undefined) into.set(mod, (t = { named: new Map() }));
    if (spec.default !== undefined) t.default = spec.default;
    if (spec.namespace !== undefined) t.namespace = spec.namespace;
    for (const [local, v] of spec.named) {
      const prev = t.named.get(local);
      t.named.set(local, prev === undefined ? v : { imported: v.imported, typeOnly: prev.typeOnly && v.typeOnly });
    }
  }
}

function localNames(imports: Map<string, ImportSpec>): Set<string> {
  const names = new Set<string>();
  for (const spec of imports.values()) {
    if (spec.default !== undefined) names.add(spec.default);
    if (spec.namespace !== undefined) names.add(spec.namespace);
    for (const local of spec.named.keys()) names.add(local);
  }
  return names;
}

function emitImports(imports: Map<string, ImportSpec>, rel: (mod: string) => string): string[] {
  const lines: string[] = [];
  for (const [mod, spec] of imports) {
    const from = `'${rel(mod)}'`;
    if (spec.namespace !== undefined) lines.push(`import ${spec.default ? `${spec.default}, ` : ''}* as ${spec.namespace} from ${from};`);
    const named = [...spec.named].map(([local, { imported, typeOnly }]) => `${typeOnly ? 'type ' : ''}${imported === local ? local : `${imported} as ${local}`}`);
    const def = spec.namespace === undefined ? spec.default : undefined;
    if (def !== undefined || named.length > 0) {
      lines.push(`import ${[def, named.length > 0 ? `{ ${named.join(', ')} }` : undefined].filter(Boolean).join(', ')} from ${from};`);
    } else if (spec.namespace === undefined) lines.push(`import ${from};`);
  }
  return lines;
}

/** What an example fragment may use without importing it: the exports of every entry point. */
export interface Prelude {
  /** name → [import specifier, type-only]; entry points imported as a namespace map their alias. */
  names: Map<string, { from: string; typeOnly: boolean; namespace?: boolean }>;
  /** Fixture names exported by docs-fixtures.ts. */
  fixtures: readonly string[];
}

/** Builds the prelude from the documented exports: every entry point's names, `F` for nn/functional, `fc`. */
export function buildPrelude(items: readonly DocItem[], fixtures: readonly string[]): Prelude {
  const names: Prelude['names'] = new Map();
  names.set('fc', { from: 'fast-check', typeOnly: false, namespace: false });
  const namespaceEntries: Record<string, string> = { '@chainrule/nn/functional': 'F' };
  for (const [entry, alias] of Object.entries(namespaceEntries)) {
    if (items.some((i) => i.entry === entry)) names.set(alias, { from: entry, typeOnly: false, namespace: true });
  }
  const valueKinds = td.ReflectionKind.Class | td.ReflectionKind.Function | td.ReflectionKind.Variable | td.ReflectionKind.Namespace | td.ReflectionKind.Enum;
  for (const it of items) {
    if (!it.isExport || it.name.includes('.') || it.entry in namespaceEntries || names.has(it.name)) continue;
    names.set(it.name, { from: it.entry, typeOnly: !it.refl.kindOf(valueKinds) });
  }
  return { names, fixtures };
}

/** The position of each snippet inside a generated module, to map errors back to the docs. */
export interface GeneratedModule {
  path: string;
  snippets: { snippet: Snippet; startLine: number; endLine: number }[];
}

/**
 * Writes a module that runs `snippets` in order in one scope (a guide's blocks, or an example's
 * code blocks). Its `run(console)` executes them; imports are hoisted and merged. With a prelude,
 * the names a fragment uses but neither imports nor declares come from the packages' exports and
 * the shared fixtures.
 */
export function writeModule(fileName: string, snippets: readonly Snippet[], prelude: Prelude | null, title: string): GeneratedModule {
  const path = join(generatedDir, fileName);
  mkdirSync(dirname(path), { recursive: true });
  const imports = new Map<string, ImportSpec>();
  const bodies = snippets.map((s) => {
    const { imports: own, body } = splitImports(s.code);
    mergeImports(imports, own);
    return body;
  });
  const allCode = bodies.join('\n');
  const used = (name: string): boolean => new RegExp(`(^|[^\\w$.])${name.replace(/\$/g, '\\$')}(?![\\w$])`).test(allCode);
  const declared = localNames(imports);
  const fixtureLines: string[] = [];
  if (prelude !== null) {
    const extra = new Map<string, ImportSpec>();
    for (const [name, { from, typeOnly, namespace }] of prelude.names) {
      if (declared.has(name) || !used(name)) continue;
      let spec = extra.get(from);
      if (spec === undefined) extra.set(from, (spec = { named: new Map() }));
      if (namespace) spec.namespace = name;
      else if (from === 'fast-check') spec.default = name;
      else spec.named.set(name, { imported: name, typeOnly });
    }
    mergeImports(imports, extra);
    for (const f of prelude.fixtures) if (!declared.has(f) && used(f)) fixtureLines.push(`  const ${f} = __fixtures.${f}();`);
  }
  const relImport = (mod: string): string => mod;
  const head = [
    '/* eslint-disable */',
    `// Generated by test/docs-examples.test.ts from ${title}. Do not edit: edit the docs.`,
    ...emitImports(imports, relImport),
    `import * as __fixtures from '${relative(dirname(path), fixturesModule).replace(/\\/g, '/').replace(/\.ts$/, '.js').replace(/^(?!\.)/, './')}';`,
    '',
    'export async function run(console: Console): Promise<void> {',
    '  void __fixtures;',
    ...fixtureLines,
    '  {',
  ];
  const lines = [...head];
  const placed: GeneratedModule['snippets'] = [];
  snippets.forEach((s, i) => {
    const startLine = lines.length + 1;
    const body = bodies[i]!.split('\n');
    lines.push(...body);
    placed.push({ snippet: s, startLine, endLine: startLine + body.length - 1 });
    lines.push(';');
  });
  lines.push('  }', '}', '');
  writeFileSync(path, lines.join('\n'));
  return { path, snippets: placed };
}

/** Maps a line of a generated module back to `file:line` in the docs. */
export function docLocation(mod: GeneratedModule, genLine: number): string | null {
  for (const { snippet, startLine, endLine } of mod.snippets) {
    if (genLine >= startLine && genLine <= endLine) return `${snippet.file}:${snippet.line + genLine - startLine}`;
  }
  return null;
}

/** The docs location an error's stack points at inside `mod`, if any. */
export function errorLocation(mod: GeneratedModule, err: unknown): string | null {
  const stack = err instanceof Error ? (err.stack ?? '') : '';
  const base = mod.path.split(/[\\/]/).pop()!;
  const re = new RegExp(`${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:(\\d+)`, 'g');
  for (let m = re.exec(stack); m !== null; m = re.exec(stack)) {
    const loc = docLocation(mod, Number(m[1]));
    if (loc !== null) return loc;
  }
  return null;
}

/** Removes the generated modules. */
export function cleanGenerated(): void {
  rmSync(generatedDir, { recursive: true, force: true });
}

/** A file name for an example module. */
export function moduleFileName(index: number, pkg: string, name: string): string {
  const slug = `${pkg.replace(/^@chainrule\//, '')}-${name}`.replace(/[^\w.-]+/g, '_').slice(0, 80);
  return `${String(index).padStart(4, '0')}-${slug}.ts`;
}

/** Resolves a repo-relative path. */
export const inRepo = (p: string): string => resolve(repoRoot, p);

// ---- completeness --------------------------------------------------------------------------------

const K = td.ReflectionKind;
const hasSummary = (c: td.Comment | undefined): boolean => c !== undefined && text(c.summary).trim() !== '';
const hasTag = (c: td.Comment | undefined, tag: `@${string}`): boolean =>
  c?.blockTags.some((t) => t.tag === tag && (tag === '@example' || text(t.content).trim() !== '')) ?? false;
const returnsNothing = (s: td.SignatureReflection): boolean =>
  s.type === undefined || ['void', 'undefined', 'never', 'Promise<void>'].includes(s.type.toString());

/**
 * What an item's docs lack: a summary (everything), an `@example` (exports other than namespaces,
 * and every class method), a description of each parameter and an `@returns` (every function,
 * method and constructor signature).
 */
export function docProblems(item: DocItem): string[] {
  const r = item.refl;
  const problems: string[] = [];
  const inInterface = r.parent?.kindOf(K.Interface | K.TypeLiteral) ?? false;
  if (r.kindOf(K.Function | K.Method | K.Constructor)) {
    const sigs = r.signatures ?? [];
    sigs.forEach((s, i) => {
      const at = sigs.length > 1 ? `overload ${i + 1}: ` : '';
      const ctor = r.kindOf(K.Constructor);
      if (!ctor && !hasSummary(s.comment)) problems.push(`${at}no summary`);
      if (!ctor && !inInterface && !hasTag(s.comment, '@example')) problems.push(`${at}no @example`);
      for (const p of s.parameters ?? []) if (!hasSummary(p.comment)) problems.push(`${at}parameter \`${p.name}\` not described (@param)`);
      if (!ctor && !returnsNothing(s) && !hasTag(s.comment, '@returns')) problems.push(`${at}no @returns`);
    });
    return problems;
  }
  if (r.kindOf(K.Accessor)) {
    if (!hasSummary(r.getSignature?.comment ?? r.setSignature?.comment ?? r.comment)) problems.push('no summary');
    return problems;
  }
  if (!hasSummary(r.comment)) problems.push('no summary');
  if (item.isExport && !r.kindOf(K.Namespace) && !hasTag(r.comment, '@example')) problems.push('no @example');
  return problems;
}

/** The source location of an item, `file:line`. */
export function locationOf(r: td.DeclarationReflection): string {
  const s = r.sources?.[0] ?? r.signatures?.[0]?.sources?.[0] ?? r.getSignature?.sources?.[0];
  return s ? `${s.fileName}:${s.line}` : '(unknown)';
}

// ---- typechecking --------------------------------------------------------------------------------

/**
 * Type-checks generated modules with the workspace's strict settings (tsconfig.test.json); returns
 * the diagnostics of each module, mapped back to the docs.
 */
export async function typecheck(mods: readonly GeneratedModule[]): Promise<Map<GeneratedModule, string[]>> {
  const ts = (await import('typescript')).default;
  const cfgPath = join(repoRoot, 'tsconfig.test.json');
  const cfg = ts.readConfigFile(cfgPath, (p) => ts.sys.readFile(p));
  const parsed = ts.parseJsonConfigFileContent(cfg.config, ts.sys, repoRoot, undefined, cfgPath);
  const program = ts.createProgram(
    mods.map((m) => m.path),
    { ...parsed.options, noEmit: true, lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'] },
  );
  const out = new Map<GeneratedModule, string[]>();
  for (const m of mods) {
    const sf = program.getSourceFile(m.path);
    if (sf === undefined) {
      out.set(m, ['(not part of the program)']);
      continue;
    }
    const diags = [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)];
    out.set(
      m,
      diags.map((d) => {
        const line = d.start === undefined ? 0 : sf.getLineAndCharacterOfPosition(d.start).line + 1;
        const where = docLocation(m, line) ?? `${relative(repoRoot, m.path)}:${line}`;
        return `${where}: TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
      }),
    );
  }
  return out;
}
