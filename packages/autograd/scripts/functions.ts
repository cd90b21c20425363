/**
 * Generates `src/tensor-functions.ts`: every op method of {@link Tensor} as a free function,
 * PyTorch's `torch.add(x, y)` beside `x.add(y)`. Each function takes the tensor as its first
 * parameter, `input` (PyTorch's name), then the method's parameters, overloads included, and
 * carries the method's documentation (with `input` described), so that an op is documented once,
 * in tensor.ts. Run `pnpm gen:functions` after adding or changing a Tensor method;
 * packages/autograd/test/functions.test.ts fails while the file is stale.
 * @module
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/**
 * Public Tensor methods that are not functions in PyTorch's `torch` namespace (read-outs, autograd
 * controls, dtype conversions, views PyTorch offers as methods only). In-place methods (`add_`)
 * are never functions either.
 */
export const METHOD_ONLY: ReadonlySet<string> = new Set([
  'numel', 'size', 'dim', 'isContiguous', 'item', 'toArray', 'tolist', 'toString',
  'requiresGrad_', 'detach', 'retainGrad', 'registerHook', 'backward',
  'to', 'float', 'double', 'int', 'byte', 'char', 'bool', 'contiguous', 'view', 'expand', 'expandAs', 'slice', 'repeat',
]);

/** Method names that are JavaScript reserved words: the function gets another name, and is exported under both. */
const RENAMED: Readonly<Record<string, string>> = { var: 'variance' };

/** One method: its overload signatures (or its implementation when it has none), each with its doc. */
interface Method {
  name: string;
  sigs: { doc: string; params: ts.ParameterDeclaration[]; ret: string }[];
  overloaded: boolean;
}

function docOf(node: ts.Node, text: string): string {
  const ranges = ts.getLeadingCommentRanges(text, node.getFullStart()) ?? [];
  const last = ranges.filter((r) => text.slice(r.pos, r.pos + 3) === '/**').pop();
  if (last === undefined) throw new Error(`gen:functions: Tensor.${(node as ts.MethodDeclaration).name.getText()} has no doc comment`);
  return text.slice(last.pos, last.end);
}

/** The lines of a doc comment, without the comment markers. */
function docLines(doc: string): string[] {
  return doc
    .replace(/^\/\*\*\s*/, '')
    .replace(/\s*\*\/$/, '')
    .split('\n')
    .map((l) => l.replace(/^\s*\* ?/, ''));
}

function methodsOf(sf: ts.SourceFile): Method[] {
  const cls = sf.statements.find((s): s is ts.ClassDeclaration => ts.isClassDeclaration(s) && s.name?.text === 'Tensor');
  if (cls === undefined) throw new Error('gen:functions: no class Tensor in tensor.ts');
  const byName = new Map<string, Method>();
  for (const m of cls.members) {
    if (!ts.isMethodDeclaration(m) || !ts.isIdentifier(m.name)) continue;
    const name = m.name.text;
    const mods = ts.getCombinedModifierFlags(m);
    if (mods & (ts.ModifierFlags.Static | ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) continue;
    if (name.startsWith('_') || name.endsWith('_') || METHOD_ONLY.has(name)) continue;
    let method = byName.get(name);
    if (method === undefined) byName.set(name, (method = { name, sigs: [], overloaded: false }));
    if (m.body === undefined) method.overloaded = true;
    else if (method.overloaded) continue; // the implementation of overloads: not public
    if (m.type === undefined) throw new Error(`gen:functions: Tensor.${name} needs a declared return type`);
    const doc = docOf(m, sf.text);
    if (/@internal/.test(doc)) {
      byName.delete(name);
      continue;
    }
    method.sigs.push({ doc, params: [...m.parameters], ret: m.type.getText(sf) });
  }
  return [...byName.values()];
}

/**
 * Whether the function takes a number for `input` too (PyTorch's `torch.div(2, x)`): methods whose
 * first parameter takes a tensor or a number (binary elementwise ops).
 */
const scalarFirst = (params: readonly ts.ParameterDeclaration[], sf: ts.SourceFile): boolean => params[0]?.type?.getText(sf) === 'TensorLike';

/** The method's doc for the function: `input` described first, and a link back to the method. */
function functionDoc(name: string, doc: string, scalar: boolean, indent = ''): string {
  const lines = docLines(doc);
  const firstTag = lines.findIndex((l) => l.startsWith('@'));
  const summary = firstTag < 0 ? lines : lines.slice(0, firstTag);
  const tags = firstTag < 0 ? [] : lines.slice(firstTag);
  const out = [...summary, '', `The function form of {@link Tensor.${name}}.`];
  let described = false;
  for (const t of tags) {
    if (!described && /^@(param|returns|throws|example)\b/.test(t)) {
      out.push(inputDoc(scalar));
      described = true;
    }
    out.push(t);
  }
  if (!described) out.push(inputDoc(scalar));
  return [`${indent}/**`, ...out.map((l) => (l === '' ? `${indent} *` : `${indent} * ${l}`)), `${indent} */`].join('\n');
}

const inputDoc = (scalar: boolean): string =>
  scalar ? '@param input - the tensor (`this` of the method), or a number (a scalar, as in PyTorch\'s `torch.div(2, x)`).' : '@param input - the tensor (`this` of the method).';

/** The TypeScript of the generated module. */
export function generate(tensorSource: string): string {
  const sf = ts.createSourceFile('tensor.ts', tensorSource, ts.ScriptTarget.ES2022, true);
  // where each name tensor.ts uses comes from (its imports, and its own exports)
  const origin = new Map<string, string>();
  for (const s of sf.statements) {
    if (ts.isImportDeclaration(s) && s.importClause?.namedBindings && ts.isNamedImports(s.importClause.namedBindings)) {
      for (const el of s.importClause.namedBindings.elements) origin.set(el.name.text, (s.moduleSpecifier as ts.StringLiteral).text);
    }
    if ((ts.isClassDeclaration(s) || ts.isTypeAliasDeclaration(s) || ts.isInterfaceDeclaration(s)) && s.name !== undefined) origin.set(s.name.text, './tensor.js');
  }
  const used = new Set<string>(['Tensor']);
  let wraps = false;
  const body: string[] = [];
  const renamedExports: string[] = [];
  for (const m of methodsOf(sf)) {
    const fn = RENAMED[m.name] ?? m.name;
    if (fn !== m.name) renamedExports.push(`${fn} as ${m.name}`);
    const sigText = (s: Method['sigs'][number]): string => {
      const ps = [`input: ${scalarFirst(s.params, sf) ? 'TensorLike' : 'Tensor'}`, ...s.params.map((p) => p.getText(sf).replace(/\s*\n\s*/g, ' '))];
      return `(${ps.join(', ')}): ${s.ret}`;
    };
    for (const s of m.sigs) {
      for (const id of `${s.params.map((p) => p.getText(sf)).join(' ')} ${s.ret}`.match(/\b[A-Z]\w*\b/g) ?? []) used.add(id);
    }
    if (m.overloaded) {
      if (m.sigs.some((s) => scalarFirst(s.params, sf))) throw new Error(`gen:functions: Tensor.${m.name}: a number first is not supported for overloaded methods`);
      for (const s of m.sigs) body.push(`${functionDoc(m.name, s.doc, false)}\nexport function ${fn}${sigText(s)};`);
      const rets = [...new Set(m.sigs.map((s) => s.ret))].join(' | ');
      body.push(`export function ${fn}(input: Tensor, ...args: unknown[]): ${rets} {\n  return (input.${m.name} as (...a: unknown[]) => ${rets}).apply(input, args);\n}`);
    } else {
      const s = m.sigs[0]!;
      const args = s.params.map((p) => (p.dotDotDotToken ? '...' : '') + p.name.getText(sf)).join(', ');
      const scalar = scalarFirst(s.params, sf);
      if (scalar) wraps = true;
      body.push(`${functionDoc(m.name, s.doc, scalar)}\nexport function ${fn}${sigText(s)} {\n  return ${scalar ? 'wrapNumber(input)' : 'input'}.${m.name}(${args});\n}`);
    }
  }
  const bySpec = new Map<string, string[]>();
  for (const id of [...used].sort()) {
    const spec = origin.get(id);
    if (spec === undefined) continue; // a global (Array, Record, ...)
    bySpec.set(spec, [...(bySpec.get(spec) ?? []), id]);
  }
  const imports = [...bySpec].sort(([a], [b]) => a.localeCompare(b)).map(([spec, ids]) => `import type { ${ids.join(', ')} } from '${spec}';`);
  if (wraps) imports.unshift(`import { wrapNumber } from './ops/elementwise.js';`);
  return [
    '/**',
    " * Every op method of {@link Tensor} as a function, PyTorch's `torch.add(x, y)` beside `x.add(y)`.",
    ' * @module',
    ' */',
    '// Generated by packages/autograd/scripts/functions.ts from the methods of Tensor (tensor.ts). Do not edit:',
    '// document an op on its method, then run `pnpm gen:functions`.',
    ...imports,
    '',
    body.join('\n'),
    ...(renamedExports.length > 0 ? [`// reserved words: exported under PyTorch's name by an alias (\`import * as A\` then \`A.var(x)\`)`, `export { ${renamedExports.join(', ')} };`] : []),
    '',
  ].join('\n');
}

const here = dirname(fileURLToPath(import.meta.url));
/** The method source and the generated file. */
export const paths = { tensor: resolve(here, '../src/tensor.ts'), functions: resolve(here, '../src/tensor-functions.ts') };

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = generate(readFileSync(paths.tensor, 'utf8'));
  writeFileSync(paths.functions, out);
  console.log(`gen:functions: ${(out.match(/^export function \w+\(/gm) ?? []).length} signatures -> ${paths.functions}`);
}
