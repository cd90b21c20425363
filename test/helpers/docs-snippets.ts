/**
 * Running the code of the docs: a piece of docs code (the blocks of one `@example`, or all the
 * ```ts blocks of one guide, in order) becomes one module. It runs in-process against the
 * workspace packages (the test passes the loader, so vitest's aliases resolve `@chainrule/*` to
 * the sources), with its output comments checked (see docs-expect.ts), and it type-checks as a
 * file a user would compile, with the workspace's strict settings.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { check, checkThrown, isOpen, isPrint, parseExpectation } from './docs-expect.js';
import type { Expectation } from './docs-expect.js';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** A piece of docs code and where it is written. */
export interface Snippet {
  code: string;
  /** Repo-relative path of the file. */
  file: string;
  /** 1-based line of the code's first line in that file. */
  line: number;
}

/** A name an example may use without importing it, and where it comes from. */
export interface PreludeName {
  from: string;
  kind: 'named' | 'namespace' | 'default';
  typeOnly: boolean;
}

interface Binding {
  local: string;
  imported: string;
  kind: 'named' | 'namespace' | 'default';
  typeOnly: boolean;
}

/** Docs code made ready to run and to type-check. */
export interface Compiled {
  title: string;
  snippets: readonly Snippet[];
  /** The module specifiers it imports (explicitly or through the prelude). */
  specs: string[];
  /** `(async (__m, __at, __check, __throws, console) => { ... })` as JS. */
  js: string;
  /** The TypeScript module a user would write: explicit imports for the prelude names it uses. */
  source: string;
  /** Lines the prelude imports add at the top of `source`. */
  sourceOffset: number;
  /** `file:line` of each top-level statement (indexed by `__at`). */
  statements: string[];
  /** The output comments it asserts, by statement index. */
  expectations: Map<number, Expectation>;
  /** `file:line` of each line of the joined code. */
  lines: string[];
}

/** The ```ts / ```typescript blocks of a markdown file, in order. */
export function markdownBlocks(file: string): Snippet[] {
  const lines = readFileSync(join(repoRoot, file), 'utf8').split('\n');
  const out: Snippet[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)/.exec(lines[i]!);
    if (open === null) continue;
    const [, indent, fence, lang] = open;
    const start = i + 1;
    const body: string[] = [];
    for (i++; i < lines.length && !lines[i]!.trim().startsWith(fence!); i++) body.push(lines[i]!.slice(indent!.length));
    if (lang === 'ts' || lang === 'typescript') out.push({ code: body.join('\n'), file, line: start + 1 });
  }
  return out;
}

/** The code blocks of an `@example`'s markdown: fenced ts/typescript blocks (typedoc fences a fence-less example as ts). */
export function exampleBlocks(markdown: string): { code: string; lang: string }[] {
  const out: { code: string; lang: string }[] = [];
  const fence = /```([\w-]*)[^\n]*\n([\s\S]*?)```/g;
  for (let m = fence.exec(markdown); m !== null; m = fence.exec(markdown)) out.push({ lang: m[1] ?? '', code: m[2] ?? '' });
  return out;
}

// ---- analysis ------------------------------------------------------------------------------------

const GLOBALS = new Set(Object.getOwnPropertyNames(globalThis));

/** Identifiers a module uses and the names it declares (anywhere: a prelude name is never shadowed). */
function namesOf(sf: ts.SourceFile): { used: Set<string>; declared: Set<string> } {
  const used = new Set<string>();
  const declared = new Set<string>();
  const declare = (n: ts.BindingName): void => {
    if (ts.isIdentifier(n)) declared.add(n.text);
    else for (const el of n.elements) if (!ts.isOmittedExpression(el)) declare(el.name);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) || ts.isParameter(node) || ts.isBindingElement(node)) declare(node.name);
    if ((ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node) || ts.isFunctionExpression(node) || ts.isClassExpression(node)) && node.name) {
      declared.add(node.name.text);
    }
    if ((ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node) || ts.isEnumDeclaration(node)) && node.name) declared.add(node.name.text);
    if (ts.isImportClause(node) && node.name) declared.add(node.name.text);
    if (ts.isNamespaceImport(node) || ts.isImportSpecifier(node)) declared.add(node.name.text);
    if (ts.isIdentifier(node)) {
      const p = node.parent;
      const isName =
        (ts.isPropertyAccessExpression(p) && p.name === node) ||
        (ts.isQualifiedName(p) && p.right === node) ||
        ((ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p) || ts.isMethodDeclaration(p) || ts.isPropertySignature(p) || ts.isMethodSignature(p) || ts.isGetAccessor(p) || ts.isSetAccessor(p)) &&
          p.name === node) ||
        (ts.isBindingElement(p) && p.propertyName === node) ||
        ts.isImportSpecifier(p) ||
        ts.isImportClause(p) ||
        ts.isNamespaceImport(p) ||
        ts.isLabeledStatement(p);
      if (!isName) used.add(node.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return { used, declared };
}

function importsOf(decl: ts.ImportDeclaration): { spec: string; bindings: Binding[] } {
  const spec = (decl.moduleSpecifier as ts.StringLiteral).text;
  const bindings: Binding[] = [];
  const clause = decl.importClause;
  if (clause === undefined) return { spec, bindings };
  const typeOnly = clause.isTypeOnly;
  if (clause.name) bindings.push({ local: clause.name.text, imported: 'default', kind: 'default', typeOnly });
  const nb = clause.namedBindings;
  if (nb && ts.isNamespaceImport(nb)) bindings.push({ local: nb.name.text, imported: '*', kind: 'namespace', typeOnly });
  if (nb && ts.isNamedImports(nb)) {
    for (const el of nb.elements) {
      bindings.push({ local: el.name.text, imported: (el.propertyName ?? el.name).text, kind: 'named', typeOnly: typeOnly || el.isTypeOnly });
    }
  }
  return { spec, bindings };
}

function importLine(spec: string, bs: readonly Binding[]): string {
  const parts: string[] = [];
  const ns = bs.find((b) => b.kind === 'namespace');
  const def = bs.find((b) => b.kind === 'default');
  const named = bs.filter((b) => b.kind === 'named').map((b) => `${b.typeOnly ? 'type ' : ''}${b.imported === b.local ? b.local : `${b.imported} as ${b.local}`}`);
  const lines: string[] = [];
  if (ns) lines.push(`import * as ${ns.local} from '${spec}';`);
  if (def) parts.push(def.local);
  if (named.length > 0) parts.push(`{ ${named.join(', ')} }`);
  if (parts.length > 0) lines.push(`import ${parts.join(', ')} from '${spec}';`);
  return lines.join(' ');
}

// ---- compiling -----------------------------------------------------------------------------------

/**
 * Compiles docs code. With a prelude (TSDoc examples), names the code uses but neither imports
 * nor declares are imported from the packages' exports; guides (no prelude) must import everything.
 */
export function compile(title: string, snippets: readonly Snippet[], prelude: ReadonlyMap<string, PreludeName> | null): Compiled {
  const text = snippets.map((s) => s.code.replace(/\s+$/, '')).join('\n');
  const lines = snippets.flatMap((s) => s.code.replace(/\s+$/, '').split('\n').map((_, i) => `${s.file}:${s.line + i}`));
  const sf = ts.createSourceFile('docs.ts', text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const lineOf = (pos: number): string => lines[sf.getLineAndCharacterOfPosition(pos).line] ?? `${snippets[0]?.file}:?`;

  const imports = new Map<string, Binding[]>();
  const addImport = (spec: string, b: Binding[]): void => {
    const have = imports.get(spec) ?? [];
    for (const x of b) if (!have.some((h) => h.local === x.local)) have.push(x);
    imports.set(spec, have);
  };
  const edits: { pos: number; end: number; text: string }[] = [];
  const statements: string[] = [];
  const expectations = new Map<number, Expectation>();

  for (const stmt of sf.statements) {
    if (ts.isImportDeclaration(stmt)) {
      const { spec, bindings } = importsOf(stmt);
      addImport(spec, bindings);
      edits.push({ pos: stmt.getStart(), end: stmt.end, text: stmt.getText().replace(/[^\n]/g, ' ') });
      continue;
    }
    const i = statements.length;
    statements.push(lineOf(stmt.getStart()));
    edits.push({ pos: stmt.getStart(), end: stmt.getStart(), text: `__at(${i}); ` });
    const comment = ts.getTrailingCommentRanges(text, stmt.end)?.[0];
    if (comment === undefined || comment.kind !== ts.SyntaxKind.SingleLineCommentTrivia) continue;
    let said = text.slice(comment.pos + 2, comment.end);
    if (isPrint(said)) {
      // printed text may go on over the following comment-only lines until its brackets close
      let at = comment.end;
      for (let m = /^\r?\n[ \t]*\/\/(.*)/.exec(text.slice(at)); m !== null && isOpen(said); m = /^\r?\n[ \t]*\/\/(.*)/.exec(text.slice(at))) {
        said += `\n${m[1]}`;
        at += m[0].length;
      }
    }
    const exp = parseExpectation(said);
    if (exp === null) continue;
    expectations.set(i, exp);
    if (ts.isExpressionStatement(stmt)) {
      let expr = stmt.expression;
      const isLog =
        ts.isCallExpression(expr) &&
        expr.arguments.length === 1 &&
        ts.isPropertyAccessExpression(expr.expression) &&
        expr.expression.expression.getText() === 'console' &&
        exp.kind !== 'throws';
      if (isLog) expr = (expr as ts.CallExpression).arguments[0]!;
      const e = expr.getText();
      const replacement =
        exp.kind === 'throws'
          ? `await __throws(${i}, async () => { ${stmt.getText()} });`
          : isLog
            ? `{ const __v = (${e}); __check(${i}, __v); ${(stmt.expression as ts.CallExpression).expression.getText()}(__v); }`
            : `__check(${i}, (${e}));`;
      edits.push({ pos: stmt.getStart(), end: stmt.end, text: replacement });
    } else if (ts.isVariableStatement(stmt) && exp.kind !== 'throws') {
      const d = stmt.declarationList.declarations;
      if (d.length !== 1 || !ts.isIdentifier(d[0]!.name)) throw new Error(`${lineOf(stmt.getStart())}: an output comment on a declaration needs one plain name`);
      edits.push({ pos: stmt.end, end: stmt.end, text: ` __check(${i}, ${d[0]!.name.text});` });
    } else {
      throw new Error(`${lineOf(stmt.getStart())}: an output comment (${exp.kind}) needs an expression statement or a declaration`);
    }
  }

  // names used but neither imported nor declared come from the prelude
  const preludeLines: string[] = [];
  if (prelude !== null) {
    const { used, declared } = namesOf(sf);
    const extra = new Map<string, Binding[]>();
    for (const name of [...used].sort()) {
      if (declared.has(name) || GLOBALS.has(name)) continue;
      const p = prelude.get(name);
      if (p === undefined) continue;
      const list = extra.get(p.from) ?? [];
      list.push({ local: name, imported: p.kind === 'named' ? name : p.kind === 'default' ? 'default' : '*', kind: p.kind, typeOnly: p.typeOnly });
      extra.set(p.from, list);
    }
    for (const [spec, bs] of extra) {
      addImport(spec, bs);
      preludeLines.push(importLine(spec, bs));
    }
  }

  let body = text;
  for (const e of [...edits].sort((a, b) => b.pos - a.pos || b.end - a.end)) body = body.slice(0, e.pos) + e.text + body.slice(e.end);
  const prologue = [...imports].map(([spec, bs], k) => {
    const values = bs.filter((b) => !b.typeOnly);
    const named = values.filter((b) => b.kind === 'named').map((b) => (b.imported === b.local ? b.local : `${b.imported}: ${b.local}`));
    const out = [`const __m${k} = __m[${JSON.stringify(spec)}];`];
    if (named.length > 0) out.push(`const { ${named.join(', ')} } = __m${k};`);
    for (const b of values) {
      if (b.kind === 'namespace') out.push(`const ${b.local} = __m${k};`);
      if (b.kind === 'default') out.push(`const ${b.local} = __m${k}.default;`);
    }
    return out.join(' ');
  });
  const wrapped = `(async (__m, __at, __check, __throws, console) => { ${prologue.join(' ')}\n${body}\n})`;
  const js = ts.transpile(wrapped, { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, removeComments: false });

  const source = `${preludeLines.join('\n')}${preludeLines.length > 0 ? '\n' : ''}${text}\nexport {};\n`;
  return { title, snippets, specs: [...imports.keys()], js, source, sourceOffset: preludeLines.length, statements, expectations, lines };
}

// ---- running -------------------------------------------------------------------------------------

/** An error in docs code, located in the docs. */
export class DocsCodeError extends Error {
  override name = 'DocsCodeError';
}

const looksLikeTensor = (v: unknown): boolean =>
  v !== null && typeof v === 'object' && Array.isArray((v as { shape?: unknown }).shape) && typeof (v as { numel?: unknown }).numel === 'function';

/**
 * Runs compiled docs code: loads its modules with `load`, checks its output comments, collects
 * what it logs. Throws a DocsCodeError naming the docs line.
 */
export async function run(c: Compiled, load: (spec: string) => Promise<unknown>): Promise<{ logs: string[]; checked: number }> {
  const mods: Record<string, unknown> = {};
  for (const spec of c.specs) mods[spec] = await load(spec);
  const logs: string[] = [];
  let at = -1;
  let checked = 0;
  const where = (): string => c.statements[at] ?? `${c.snippets[0]?.file}:${c.snippets[0]?.line}`;
  const fail = (msg: string, cause?: unknown): never => {
    const code = c.snippets.map((s) => `${s.file}:${s.line}\n${s.code.replace(/\s+$/, '').replace(/^/gm, '  | ')}`).join('\n');
    const logged = logs.length > 0 ? `\n--- it logged ---\n${logs.join('\n')}` : '';
    throw new DocsCodeError(`${where()}: ${msg}\n--- ${c.title} ---\n${code}${logged}`, { cause });
  };
  const log = (...args: unknown[]): void => {
    if (args.some(looksLikeTensor)) fail('console.log of a Tensor prints its fields, not its values: log String(t) or t.toString()');
    logs.push(args.map((a) => (typeof a === 'string' ? a : String(a))).join(' '));
  };
  const quiet = { ...console, log, info: log, warn: log, error: log, debug: log } as Console;
  const expectation = (i: number): Expectation => c.expectations.get(i)!;
  const checkAt = (i: number, v: unknown): void => {
    const e = expectation(i);
    if (e.kind === 'throws') return;
    const why = check(v, e);
    if (why !== null) fail(why);
    checked++;
  };
  const throwsAt = async (i: number, f: () => Promise<void>): Promise<void> => {
    const e = expectation(i);
    if (e.kind !== 'throws') return;
    try {
      await f();
    } catch (err) {
      const why = checkThrown(err, e);
      if (why !== null) fail(why, err);
      checked++;
      return;
    }
    fail(`did not throw, but the comment says it throws ${e.name}`);
  };
  let fn: (m: unknown, a: unknown, ch: unknown, th: unknown, co: unknown) => Promise<void>;
  try {
    fn = (0, eval)(c.js) as typeof fn;
  } catch (err) {
    return fail(`does not parse: ${String(err)}`, err);
  }
  try {
    await fn(mods, (i: number) => (at = i), checkAt, throwsAt, quiet);
  } catch (err) {
    if (err instanceof DocsCodeError) throw err;
    fail(err instanceof Error ? `${err.name}: ${err.message}` : String(err), err);
  }
  return { logs, checked };
}

// ---- type-checking -------------------------------------------------------------------------------

/** The markdown files whose code runs: the README and every guide under docs/ (docs/api aside). */
export function guideFiles(): string[] {
  const out = ['README.md'];
  const walk = (dir: string): void => {
    if (!existsSync(join(repoRoot, dir))) return;
    for (const f of readdirSync(join(repoRoot, dir)).sort()) {
      const rel = `${dir}/${f}`;
      if (rel === 'docs/api') continue;
      if (statSync(join(repoRoot, rel)).isDirectory()) walk(rel);
      else if (f.endsWith('.md')) out.push(rel);
    }
  };
  walk('docs');
  return out;
}

/**
 * One TypeScript program over compiled docs code, as modules a user would compile
 * (tsconfig.test.json's strict options, ES2022 + DOM libs); it includes the packages' sources.
 */
export function docsProgram(all: readonly Compiled[]): { program: ts.Program; diagnostics(c: Compiled): string[] } {
  const cfgPath = join(repoRoot, 'tsconfig.test.json');
  const cfg = ts.readConfigFile(cfgPath, (p) => ts.sys.readFile(p));
  const parsed = ts.parseJsonConfigFileContent(cfg.config, ts.sys, repoRoot, undefined, cfgPath);
  const options: ts.CompilerOptions = { ...parsed.options, noEmit: true, lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'] };
  const files = new Map<Compiled, string>();
  const virtual = new Map<string, Compiled>();
  all.forEach((c, i) => {
    const f = join(repoRoot, 'test', '.docs-code', `${String(i).padStart(4, '0')}.ts`);
    files.set(c, f);
    virtual.set(f, c);
  });
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (f) => virtual.has(f) || fileExists.call(host, f);
  host.readFile = (f) => virtual.get(f)?.source ?? readFile.call(host, f);
  host.getSourceFile = (f, lang, ...rest) => {
    const c = virtual.get(f);
    return c === undefined ? getSourceFile.call(host, f, lang, ...rest) : ts.createSourceFile(f, c.source, lang, true, ts.ScriptKind.TS);
  };
  const program = ts.createProgram([...virtual.keys()], options, host);
  return {
    program,
    diagnostics(c) {
      const sf = program.getSourceFile(files.get(c)!)!;
      const diags = [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)];
      return diags.map((d) => {
        const line = d.start === undefined ? 0 : sf.getLineAndCharacterOfPosition(d.start).line;
        const where = c.lines[line - c.sourceOffset] ?? `${c.title} (an implicit import)`;
        return `${where}: TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
      });
    },
  };
}
