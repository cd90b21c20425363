/**
 * The generated parts of the docs, so that they cannot go stale: blocks between
 * `<!-- generated:NAME -->` and `<!-- /generated:NAME -->` in docs/**.md are rebuilt from the code
 * and compared with what is committed (`pnpm docs:pages` rewrites them).
 *
 * - `exports:<entry>`: every export of an entry point, grouped by the source file that declares it
 *   (headed by that file's module comment), each linked to its API page with its summary's first
 *   sentence. A package page (docs/packages/<dir>.md) holds one block per entry point of its package.
 * - `ops`: the autograd ops table (measured, see docs-ops.ts).
 * - `gradient-table`: the primitives and their gradient rules, read from engine/primitives.ts
 *   and engine/rules.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import * as td from 'typedoc';
import type { DocItem, Entry } from './docs-project.js';
import { repoRoot } from './docs-snippets.js';

const K = td.ReflectionKind;

/** The names of the generated blocks in a markdown text. */
export function blockNames(text: string): string[] {
  return [...text.matchAll(/<!-- generated:([^ ]+) -->/g)].map((m) => m[1]!);
}

/** Replaces the body of every generated block whose name `render` knows; throws for an unknown or unclosed block. */
export function fillBlocks(text: string, render: (name: string) => string | null): string {
  return text.replace(/<!-- generated:([^ ]+) -->\n[\s\S]*?<!-- \/generated:\1 -->|<!-- generated:([^ ]+) -->/g, (all, name?: string, open?: string) => {
    if (open !== undefined) throw new Error(`<!-- generated:${open} --> has no closing <!-- /generated:${open} -->`);
    const body = render(name!);
    if (body === null) throw new Error(`unknown generated block ${name}`);
    return `<!-- generated:${name} -->\n${body.trim()}\n<!-- /generated:${name} -->`;
  });
}

const plain = (parts: readonly td.CommentDisplayPart[] | undefined): string => (parts ?? []).map((p) => p.text).join('');

/** The first sentence of a summary, on one line (a period inside a code span does not end it). */
function firstSentence(summary: string): string {
  const oneLine = summary.replace(/\s+/g, ' ').trim();
  const masked = oneLine.replace(/`[^`]*`/g, (s) => s.replace(/\./g, '\u0000'));
  const end = /\.(\s|$)/.exec(masked);
  return (end === null ? oneLine : oneLine.slice(0, end.index + 1)).replace(/\|/g, '\\|');
}

function summaryOf(r: td.DeclarationReflection): string {
  const c = r.comment ?? r.signatures?.[0]?.comment ?? r.getSignature?.comment;
  return firstSentence(plain(c?.summary));
}

function kindOf(r: td.DeclarationReflection): string {
  if (r.kindOf(K.Class)) return r.flags.isAbstract ? 'abstract class' : 'class';
  if (r.kindOf(K.Function)) return 'function';
  if (r.kindOf(K.Interface)) return 'interface';
  if (r.kindOf(K.TypeAlias)) return 'type';
  if (r.kindOf(K.Variable)) return r.type?.type === 'reflection' && (r.type.declaration.signatures?.length ?? 0) > 0 ? 'function' : 'const';
  if (r.kindOf(K.Namespace)) return 'namespace';
  return K[r.kind].toLowerCase();
}

/** The module comment of a source file (the first JSDoc with `@module`), first sentence. */
function moduleTitle(file: string): string {
  const text = readFileSync(join(repoRoot, file), 'utf8');
  const m = /^\/\*\*([\s\S]*?)\*\//.exec(text);
  const body = (m?.[1] ?? '')
    .split('\n')
    .map((l) => l.replace(/^\s*\* ?/, ''))
    .filter((l) => !l.startsWith('@'))
    .join(' ')
    // links resolve from the source file, not from the page: keep their text
    .replace(/\{@link(?:code|plain)?\s+([^}|\s]+)(?:\s*\|?\s*([^}]*))?\}/g, (_, target: string, label?: string) => `\`${label?.trim() || target}\``);
  return firstSentence(body) || file;
}

/** A declaration reference to a reflection, from the project: `"@chainrule/nn".nn.Linear`. */
function linkTarget(r: td.Reflection): string {
  const names: string[] = [];
  for (let p: td.Reflection | undefined = r; p !== undefined && !p.isProject(); p = p.parent) names.unshift(p.name);
  return names.map((n) => (/^[\w$]+$/.test(n) ? n : JSON.stringify(n))).join('.');
}

/** The `exports:<entry>` block: every export of the entry, grouped by declaring file. */
export function exportsBlock(entry: Entry, items: readonly DocItem[]): string {
  const mine = items.filter((i) => i.entry === entry && i.isExport && !i.refl.kindOf(K.Namespace));
  const byFile = new Map<string, DocItem[]>();
  for (const it of mine) {
    const file = it.refl.sources?.[0]?.fileName ?? it.refl.signatures?.[0]?.sources?.[0]?.fileName ?? '(unknown)';
    byFile.set(file, [...(byFile.get(file) ?? []), it]);
  }
  const out: string[] = [];
  for (const [file, list] of [...byFile].sort(([a], [b]) => a.localeCompare(b))) {
    out.push(`**${moduleTitle(file)}** (\`${file.replace(/^packages\/[^/]+\//, '')}\`)`, '', '| name | kind | summary |', '|---|---|---|');
    for (const it of list.sort((a, b) => a.name.localeCompare(b.name))) {
      out.push(`| {@link ${linkTarget(it.refl)} ${it.name}} | ${kindOf(it.refl)} | ${summaryOf(it.refl)} |`);
    }
    out.push('');
  }
  return out.join('\n');
}

/** The `gradient-table` block: each primitive, its group, what it saves, and its rule's comment. */
export function gradientTable(): string {
  const read = (f: string): ts.SourceFile => ts.createSourceFile(f, readFileSync(join(repoRoot, f), 'utf8'), ts.ScriptTarget.ES2022, true);
  const comments = (sf: ts.SourceFile, node: ts.Node): string[] =>
    (ts.getLeadingCommentRanges(sf.text, node.pos) ?? [])
      .filter((r) => r.kind === ts.SyntaxKind.SingleLineCommentTrivia)
      .map((r) => sf.text.slice(r.pos + 2, r.end).trim());

  // the groups: a comment line in PrimArgs starts a group
  const prims = read('packages/autograd/src/engine/primitives.ts');
  const groups = new Map<string, string>();
  let group = '';
  prims.forEachChild((n) => {
    if (!ts.isInterfaceDeclaration(n) || n.name.text !== 'PrimArgs') return;
    for (const m of n.members) {
      const c = comments(prims, m);
      if (c.length > 0) group = c.join(' ').split(/[;(:]/)[0]!.trim();
      groups.set((m.name as ts.Identifier).text, group);
    }
  });

  const rules = read('packages/autograd/src/engine/rules.ts');
  const rows: string[] = ['| primitive | kind | saves | gradient rule |', '|---|---|---|---|'];
  const seen = new Set<string>();
  const visit = (n: ts.Node): void => {
    if (ts.isVariableDeclaration(n) && n.name.getText() === 'rules' && n.initializer && ts.isObjectLiteralExpression(n.initializer)) {
      for (const p of n.initializer.properties) {
        if (!ts.isPropertyAssignment(p) || !ts.isObjectLiteralExpression(p.initializer)) continue;
        const name = p.name.getText();
        seen.add(name);
        const save = p.initializer.properties.find((q) => q.name?.getText() === 'save');
        const saves = save && ts.isPropertyAssignment(save) && ts.isStringLiteral(save.initializer) ? save.initializer.text : '?';
        // the rule's math comment; without one, the rule itself when it is short
        const vjp = p.initializer.properties.find((q) => q.name?.getText() === 'vjp');
        const code = vjp && ts.isPropertyAssignment(vjp) ? vjp.initializer.getText().replace(/\s+/g, ' ') : '';
        const rule = comments(rules, p).join(' ') || (code.length <= 60 ? code : '');
        rows.push(`| \`${name}\` | ${groups.get(name) ?? ''} | ${saves} | ${rule === '' ? '(see rules.ts)' : `\`${rule.replace(/`/g, "'").replace(/\|/g, '\\|')}\``} |`);
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(rules);
  const missing = [...groups.keys()].filter((g) => !seen.has(g));
  if (missing.length > 0) throw new Error(`primitives without a rule in rules.ts: ${missing.join(', ')}`);
  return `${rows.join('\n')}\n\n${seen.size} primitives.`;
}

/** The package page file of a package: docs/packages/<directory>.md. */
export function packagePage(entry: Entry): string {
  const file = [entry.refl, ...(entry.refl.children ?? [])].map((r) => (r as td.DeclarationReflection).sources?.[0]?.fileName).find((f) => f !== undefined) ?? '';
  const dir = /^packages\/([^/]+)\//.exec(file)?.[1];
  if (dir === undefined) throw new Error(`cannot tell the package directory of ${entry.spec}`);
  return `docs/packages/${dir}.md`;
}

// ---- the nn page's at-a-glance tables ----------------------------------------------------------

/** `new nn.Linear(inFeatures, outFeatures, opts?)` from the class's constructor signature. */
function constructorCall(it: DocItem): string {
  const ctor = it.refl.children?.find((c) => c.kindOf(K.Constructor))?.signatures?.[0];
  const params = (ctor?.parameters ?? []).map((p) => `${p.flags.isRest ? '...' : ''}${p.name}${p.flags.isOptional || p.defaultValue !== undefined ? '?' : ''}`);
  return `\`new ${it.name}(${params.join(', ')})\``;
}

/**
 * The nn page's tables: `nn-layers`, `nn-losses`, `nn-optimizers` (with each optimizer's default
 * hyper-parameters, read from a fresh instance) and `nn-schedulers`. Classes are sorted into them
 * by what they extend, at run time, so a new layer or optimizer lands in its table by itself.
 */
export function nnTables(items: readonly DocItem[], runtime: { nn: Record<string, unknown>; optim: Record<string, unknown>; param: unknown }): Record<string, string> {
  const { nn, optim } = runtime;
  const classes = items.filter((i) => i.isExport && i.refl.kindOf(K.Class) && /^(nn|optim)\.\w+$/.test(i.name) && !i.refl.flags.isAbstract);
  const ctorOf = (i: DocItem): { prototype: object } | undefined => {
    const [ns, name] = i.name.split('.') as [string, string];
    return (ns === 'nn' ? nn : optim)[name] as { prototype: object } | undefined;
  };
  const is = (i: DocItem, base: unknown): boolean => {
    const c = ctorOf(i);
    return c !== undefined && c.prototype instanceof (base as new () => object);
  };
  // no column of its own for the PyTorch name: each summary starts with it ("like `torch.nn.Linear`"),
  // and four columns of code do not fit the site's content column
  const row = (i: DocItem, extra: string[] = []): string =>
    `| {@link ${linkTarget(i.refl)} ${i.name}} | ${[constructorCall(i), ...extra, summaryOf(i.refl)].join(' | ')} |`;
  const table = (header: string[], rows: string[]): string => [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows].join('\n');
  const losses = classes.filter((i) => is(i, nn.Loss));
  const layers = classes.filter((i) => is(i, nn.Module) && !losses.includes(i));
  const optimizers = classes.filter((i) => is(i, optim.Optimizer));
  const schedulers = classes.filter((i) => is(i, optim.LRScheduler));
  const defaults = (i: DocItem): string => {
    const Opt = ctorOf(i) as unknown as new (params: unknown[]) => { paramGroups: Record<string, unknown>[] };
    const { params: _params, ...hyper } = new Opt([runtime.param]).paramGroups[0]!;
    return Object.entries(hyper)
      .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
      .join(', ');
  };
  return {
    'nn-layers': table(['layer', 'constructor', 'what it does'], layers.map((i) => row(i))),
    'nn-losses': table(['loss', 'constructor', 'what it computes'], losses.map((i) => row(i))),
    'nn-optimizers': table(['optimizer', 'constructor', 'defaults', 'update'], optimizers.map((i) => row(i, [defaults(i)]))),
    'nn-schedulers': table(['scheduler', 'constructor', 'schedule'], schedulers.map((i) => row(i))),
  };
}
