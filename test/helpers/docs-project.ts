/**
 * The API reference as typedoc sees it (the same reflections the site documents): the packages and
 * their entry points, every public export and member, their `@example` code, and what their docs
 * lack. Adding a package to typedoc.json's `entryPoints` brings it in here too.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import * as td from 'typedoc';
import { exampleBlocks, repoRoot } from './docs-snippets.js';
import type { PreludeName, Snippet } from './docs-snippets.js';

const K = td.ReflectionKind;

/** Converts the workspace with the root typedoc.json, as `pnpm run docs` does (without rendering). */
export async function bootstrap(overrides: Partial<td.TypeDocOptions> = {}): Promise<td.Application> {
  return td.Application.bootstrapWithPlugins({ options: join(repoRoot, 'typedoc.json'), logLevel: 'Warn', ...overrides }, [
    new td.TypeDocReader(),
    new td.PackageJsonReader(),
    new td.TSConfigReader(),
  ]);
}

/** Converts the project; throws when typedoc reports an error (a warning is one: treatWarningsAsErrors). */
export async function convert(app: td.Application): Promise<td.ProjectReflection> {
  const cwd = process.cwd();
  process.chdir(repoRoot);
  try {
    const project = await app.convert();
    if (project === undefined || app.logger.hasErrors()) throw new Error('typedoc could not convert the project (see its messages above)');
    return project;
  } finally {
    process.chdir(cwd);
  }
}

/** An entry point of a package: what a user imports. */
export interface Entry {
  pkg: string;
  /** The import specifier, e.g. `@chainrule/nn/functional`. */
  spec: string;
  refl: td.ContainerReflection;
}

function packageJsonOf(file: string): { dir: string; json: { name: string; exports?: Record<string, string | { source?: string }> } } {
  for (let dir = dirname(join(repoRoot, file)); dir.startsWith(repoRoot); dir = dirname(dir)) {
    const p = join(dir, 'package.json');
    if (existsSync(p)) return { dir, json: JSON.parse(readFileSync(p, 'utf8')) as { name: string } };
  }
  throw new Error(`no package.json above ${file}`);
}

/** The import specifier of an entry file, from its package.json `exports` map (the `source` condition). */
function specOf(file: string): string {
  const { dir, json } = packageJsonOf(file);
  for (const [key, target] of Object.entries(json.exports ?? {})) {
    const src = typeof target === 'string' ? target : target.source;
    if (src !== undefined && join(dir, src) === join(repoRoot, file)) return key === '.' ? json.name : `${json.name}/${key.replace(/^\.\//, '')}`;
  }
  throw new Error(`${file} is not an entry in the exports of ${json.name}`);
}

/**
 * The entry points of every package, in typedoc's order. The main entry (`.`) is merged into the
 * package's module (`@mergeModuleWith <project>`, or a package with one entry point); other entry
 * points are its submodules.
 */
export function entriesOf(project: td.ProjectReflection): Entry[] {
  const out: Entry[] = [];
  const stray = (project.children ?? []).filter((c) => !c.kindOf(K.Module));
  if (stray.length > 0) {
    throw new Error(
      `${stray.map((c) => c.name).join(', ')} sit at the top of the site, outside any package: a package with one entry point must not use @mergeModuleWith <project>`,
    );
  }
  for (const p of project.getChildrenByKind(K.Module)) {
    const subs = p.getChildrenByKind(K.Module);
    if ((p.children ?? []).some((c) => !c.kindOf(K.Module))) out.push({ pkg: p.name, spec: p.name, refl: p });
    for (const s of subs) out.push({ pkg: p.name, spec: specOf(s.sources![0]!.fileName), refl: s });
  }
  return out;
}

/** A public export, or a public member of an exported class or interface. */
export interface DocItem {
  entry: Entry;
  /** Dotted name inside the entry, e.g. `Tensor.matmul`, `nn.Linear`, `optim.Adam.step`. */
  name: string;
  refl: td.DeclarationReflection;
  /** True for exports (namespace members included), false for members of classes and interfaces. */
  isExport: boolean;
}

/** Every export of every entry point, with the members of classes and interfaces (inherited ones once, where declared). */
export function collectItems(entries: readonly Entry[]): DocItem[] {
  const items: DocItem[] = [];
  const seen = new Set<td.Reflection>();
  const walk = (entry: Entry, prefix: string, container: td.ContainerReflection): void => {
    for (const c of container.children ?? []) {
      if (c.kindOf(K.Reference | K.Module) || seen.has(c)) continue;
      seen.add(c);
      const name = prefix === '' ? c.name : `${prefix}.${c.name}`;
      items.push({ entry, name, refl: c, isExport: true });
      if (c.kindOf(K.Namespace)) walk(entry, name, c);
      else if (c.kindOf(K.ClassOrInterface)) {
        for (const m of c.children ?? []) {
          if (m.inheritedFrom !== undefined || m.flags.isPrivate || m.flags.isProtected || m.flags.isExternal) continue;
          items.push({ entry, name: `${name}.${m.name}`, refl: m, isExport: false });
        }
      }
    }
  };
  for (const e of entries) walk(e, '', e.refl);
  return items;
}

/**
 * The names an example may use without importing them: every export of every entry (the first
 * entry to export a name wins), `F` for `@chainrule/nn/functional` and `fc` for fast-check.
 */
export function preludeOf(items: readonly DocItem[]): Map<string, PreludeName> {
  const names = new Map<string, PreludeName>();
  const namespaces: Record<string, string> = { '@chainrule/nn/functional': 'F' };
  names.set('fc', { from: 'fast-check', kind: 'default', typeOnly: false });
  for (const [spec, alias] of Object.entries(namespaces)) {
    if (items.some((i) => i.entry.spec === spec)) names.set(alias, { from: spec, kind: 'namespace', typeOnly: false });
  }
  const values = K.Class | K.Function | K.Variable | K.Namespace | K.Enum;
  for (const it of items) {
    if (!it.isExport || it.name.includes('.') || it.entry.spec in namespaces || names.has(it.name)) continue;
    names.set(it.name, { from: it.entry.spec, kind: 'named', typeOnly: !it.refl.kindOf(values) });
  }
  return names;
}

// ---- comments and examples -----------------------------------------------------------------------

/** The comments of a reflection: its own, and those of its signatures and accessors. */
function commentsOf(r: td.Reflection): { comment: td.Comment; source: td.SourceReference | undefined }[] {
  const out: { comment: td.Comment; source: td.SourceReference | undefined }[] = [];
  const own = r as td.DeclarationReflection;
  if (own.comment) out.push({ comment: own.comment, source: own.sources?.[0] });
  const sigs = r instanceof td.DeclarationReflection ? [...(r.signatures ?? []), ...(r.getSignature ? [r.getSignature] : []), ...(r.setSignature ? [r.setSignature] : [])] : [];
  for (const s of sigs) if (s.comment) out.push({ comment: s.comment, source: s.sources?.[0] ?? own.sources?.[0] });
  return out;
}

const text = (parts: readonly td.CommentDisplayPart[]): string => parts.map((p) => p.text).join('');

const fileCache = new Map<string, string[]>();
function fileLines(file: string): string[] {
  let lines = fileCache.get(file);
  if (lines === undefined) fileCache.set(file, (lines = existsSync(join(repoRoot, file)) ? readFileSync(join(repoRoot, file), 'utf8').split('\n') : []));
  return lines;
}

/** The line of `code`'s first line in the doc comment closest above line `near` of `file`. */
function locate(file: string, near: number, code: string): number {
  const first = code.split('\n').map((l) => l.trim()).find((l) => l !== '');
  if (first === undefined) return near;
  const lines = fileLines(file);
  let best = near;
  let bestCost = Infinity;
  lines.forEach((l, i) => {
    const t = l.trim();
    if (!t.includes(first) || !(t.startsWith('*') || t.startsWith('/**'))) return;
    const d = i + 1 - near;
    const cost = d <= 0 ? -d : 100_000 + d;
    if (cost < bestCost) [best, bestCost] = [i + 1, cost];
  });
  return best;
}

/** The `@example` code of one documented thing. */
export interface DocExample {
  entry: Entry;
  name: string;
  snippets: Snippet[];
  /** Languages of fenced blocks that are not TypeScript (never run; reported as problems). */
  otherLanguages: string[];
}

/**
 * Every `@example` of every module, export and member, once each: an inherited comment runs where
 * it is written, and code that a generated function copies from its method (tensor-functions.ts)
 * runs once.
 */
export function collectExamples(entries: readonly Entry[], items: readonly DocItem[]): DocExample[] {
  const out: DocExample[] = [];
  const seen = new Set<string>();
  const add = (entry: Entry, name: string, r: td.Reflection): void => {
    for (const { comment, source } of commentsOf(r)) {
      for (const tag of comment.blockTags.filter((t) => t.tag === '@example')) {
        const file = source?.fileName ?? '(unknown)';
        const blocks = exampleBlocks(text(tag.content));
        const ts = blocks.filter((b) => b.lang === 'ts' || b.lang === 'typescript');
        const snippets = ts.map(({ code }) => ({ code, file, line: locate(file, source?.line ?? 1, code) }));
        const key = snippets.length > 0 ? snippets.map((s) => s.code).join('|') : `${file}:${source?.line}:${text(tag.content)}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ entry, name, snippets, otherLanguages: blocks.filter((b) => !ts.includes(b)).map((b) => b.lang || '(none)') });
      }
    }
  };
  for (const e of entries) add(e, `(module ${e.spec})`, e.refl);
  for (const it of items) add(it.entry, it.name, it.refl);
  return out;
}

// ---- completeness --------------------------------------------------------------------------------

const hasSummary = (c: td.Comment | undefined): boolean => c !== undefined && text(c.summary).trim() !== '';
const tagText = (c: td.Comment | undefined, tag: `@${string}`): string | null => {
  const t = c?.blockTags.find((b) => b.tag === tag);
  return t === undefined ? null : text(t.content).trim();
};
/**
 * Whether a comment has an `@example` with TypeScript code. Inline code alone (`` @example `f(x)` ``)
 * does not count: typedoc fences it as ts, and it would run as a template string, checking nothing.
 */
const hasExample = (c: td.Comment | undefined): boolean =>
  c?.blockTags.some(
    (t) => t.tag === '@example' && exampleBlocks(text(t.content)).some((b) => (b.lang === 'ts' || b.lang === 'typescript') && !/^`[^`]*`;?$/.test(b.code.trim())),
  ) ?? false;
const returnsNothing = (s: td.SignatureReflection): boolean => s.type === undefined || ['void', 'undefined', 'never', 'Promise<void>'].includes(s.type.toString());

/** Where a reflection is declared, `file:line`. */
export function locationOf(r: td.Reflection): string {
  const d = r as td.DeclarationReflection;
  const s = d.sources?.[0] ?? d.signatures?.[0]?.sources?.[0] ?? d.getSignature?.sources?.[0];
  return s ? `${s.fileName}:${s.line}` : '(unknown)';
}

/**
 * What an item's docs lack. Every export and member: a summary. Exports (namespaces aside) and
 * methods of classes (overrides aside): a TypeScript `@example`. Each signature of a function, method or
 * constructor: every parameter described, an `@returns` unless it returns nothing, and an
 * `@throws` when `throws(signature)` says that it throws.
 */
export function docProblems(item: DocItem, throws: (s: td.SignatureReflection, overload: number) => string | null): string[] {
  const r = item.refl;
  const problems: string[] = [];
  const inInterface = r.parent?.kindOf(K.Interface | K.TypeLiteral) ?? false;
  if (r.kindOf(K.FunctionOrMethod | K.Constructor)) {
    const sigs = r.signatures ?? [];
    sigs.forEach((s, i) => {
      const at = sigs.length > 1 ? `overload ${i + 1}: ` : '';
      const ctor = r.kindOf(K.Constructor);
      if (!ctor && !hasSummary(s.comment)) problems.push(`${at}no summary`);
      // an override (a layer's forward) is shown by its class's example
      if (!ctor && !inInterface && r.overwrites === undefined && !hasExample(s.comment)) problems.push(`${at}no \`\`\`ts @example (inline code alone is not one)`);
      for (const p of s.parameters ?? []) if (!hasSummary(p.comment)) problems.push(`${at}parameter \`${p.name}\` not described (@param)`);
      if (!ctor && !returnsNothing(s) && !tagText(s.comment, '@returns')) problems.push(`${at}no @returns`);
      const thrown = throws(s, sigs.length > 1 ? i + 1 : 0);
      if (thrown !== null && !tagText(s.comment, '@throws')) problems.push(`${at}no @throws (it throws: ${thrown})`);
    });
    return problems;
  }
  if (r.kindOf(K.Accessor)) {
    if (!hasSummary(r.getSignature?.comment ?? r.setSignature?.comment ?? r.comment)) problems.push('no summary');
    return problems;
  }
  if (!hasSummary(r.comment)) problems.push('no summary');
  if (item.isExport && !r.kindOf(K.Namespace) && !hasExample(r.comment)) problems.push('no ```ts @example (inline code alone is not one)');
  return problems;
}

/** A repo-relative path. */
export const repoPath = (abs: string): string => relative(repoRoot, abs);

/** Containers: modules that hold others and take no tensor of their own (PyTorch documents no shape for them). */
const CONTAINERS = new Set(['Sequential', 'ModuleList', 'ModuleDict', 'ParameterList', 'ParameterDict']);

function derivesFromModule(r: td.DeclarationReflection): boolean {
  return (r.extendedTypes ?? []).some(
    (t) => t instanceof td.ReferenceType && (t.name === 'Module' || (t.reflection instanceof td.DeclarationReflection && derivesFromModule(t.reflection))),
  );
}

/**
 * The layers of the `nn` namespace of `@chainrule/nn` (concrete classes deriving from `Module`,
 * containers aside; not a module that runs an imported graph) whose docs lack PyTorch's "Shape:"
 * section: a `Shape:` line, then a list with an `Input` and an `Output` item (losses add
 * `Target`), each shape written with its symbols.
 */
export function layersWithoutShape(items: readonly DocItem[]): { layers: string[]; missing: string[] } {
  const layers = items.filter(
    (i) =>
      i.isExport &&
      i.entry.pkg === '@chainrule/nn' &&
      i.name.startsWith('nn.') &&
      i.refl.kindOf(K.Class) &&
      !i.refl.flags.isAbstract &&
      !CONTAINERS.has(i.refl.name) &&
      derivesFromModule(i.refl),
  );
  const shaped = (i: DocItem): boolean => /^Shape:\n- Input\b[^]*?\n- Output\b/m.test(text(i.refl.comment?.summary ?? []));
  return { layers: layers.map((i) => i.name), missing: layers.filter((i) => !shaped(i)).map((i) => `${i.name} (${locationOf(i.refl)})`) };
}
