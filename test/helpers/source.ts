/**
 * Reading the repository's own TypeScript sources for the structure tests: code lines (the line
 * budget of the engine) and relative imports (the layer boundaries of docs/ARCHITECTURE.md).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** The parsed source file at `path` (relative to the repository root). */
export function parse(path: string): ts.SourceFile {
  return ts.createSourceFile(path, readFileSync(join(repoRoot, path), 'utf8'), ts.ScriptTarget.Latest, true);
}

/** The `.ts` files under `dir` (relative to the repository root), recursively, sorted. */
export function sourceFiles(dir: string): string[] {
  const entries = readdirSync(join(repoRoot, dir), { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => join(e.parentPath, e.name).slice(repoRoot.length))
    .sort();
}

/**
 * The number of lines of `node` (a whole file by default) that hold code: a line counts when a
 * token of the program lies on it (a string or template spanning lines counts on every line);
 * blank lines and comments, TSDoc included, do not.
 */
export function codeLines(sf: ts.SourceFile, node: ts.Node = sf): number {
  const lines = new Set<number>();
  const lineOf = (pos: number): number => sf.getLineAndCharacterOfPosition(pos).line;
  const visit = (n: ts.Node): void => {
    if (n.kind >= ts.SyntaxKind.FirstJSDocNode && n.kind <= ts.SyntaxKind.LastJSDocNode) return;
    if (n.kind === ts.SyntaxKind.EndOfFileToken) return;
    if (n.kind <= ts.SyntaxKind.LastToken) {
      for (let l = lineOf(n.getStart(sf)); l <= lineOf(n.getEnd()); l++) lines.add(l);
      return;
    }
    for (const c of n.getChildren(sf)) visit(c);
  };
  visit(node);
  return lines.size;
}

/** The function declaration named `name` in `sf`. */
export function functionNamed(sf: ts.SourceFile, name: string): ts.FunctionDeclaration {
  const f = sf.statements.find((s): s is ts.FunctionDeclaration => ts.isFunctionDeclaration(s) && s.name?.text === name);
  if (f === undefined) throw new Error(`${sf.fileName}: no function ${name}`);
  return f;
}

/** The module specifiers `sf` imports or re-exports from: type-only ones and `import('...')` included. */
export function importsOf(sf: ts.SourceFile): string[] {
  const out: string[] = [];
  const visit = (n: ts.Node): void => {
    if ((ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) && n.moduleSpecifier && ts.isStringLiteral(n.moduleSpecifier)) {
      out.push(n.moduleSpecifier.text);
    } else if (ts.isCallExpression(n) && n.expression.kind === ts.SyntaxKind.ImportKeyword && n.arguments[0] && ts.isStringLiteral(n.arguments[0])) {
      out.push(n.arguments[0].text);
    } else if (ts.isImportTypeNode(n) && ts.isLiteralTypeNode(n.argument) && ts.isStringLiteral(n.argument.literal)) {
      out.push(n.argument.literal.text);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}
