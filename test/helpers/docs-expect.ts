/**
 * Output comments in docs code are checked. A top-level statement whose line ends in a comment
 * that reads as a value asserts that value:
 *
 * | comment                          | asserts                                                         |
 * |----------------------------------|-----------------------------------------------------------------|
 * | `// tensor([2., 3.])`, `// Linear(in_features=2, …)`, `// Parameter containing:` | `String(result)` (whitespace runs count as one space); it may go on over the next `//` lines until its brackets close |
 * | `// shape [2, 3]`                | `result.shape`                                                   |
 * | `// 0.25`, `// true`, `// 'js'`, `// [1, 2]`, `// { a: 1 }` | the value (numbers to the digits written); a remark in parentheses may follow |
 * | `// Float32Array [1, 3]`         | a typed array of that class and those values                     |
 * | `// throws RangeError`, `// throws RangeError: shape` | the statement throws that error (message containing the text) |
 *
 * `const y = expr; // ...` checks `y`; `console.log(v); // ...` checks `v`. Any other comment is
 * prose and asserts nothing.
 */
import ts from 'typescript';

/** An expected JS value, numbers with the tolerance of the digits written. */
export type Expected =
  | { kind: 'number'; value: number; tol: number }
  | { kind: 'literal'; value: string | boolean | null | undefined }
  | { kind: 'array'; items: Expected[] }
  | { kind: 'object'; entries: [string, Expected][] };

/** What an output comment asserts. */
export type Expectation =
  | { kind: 'print'; text: string }
  | { kind: 'shape'; shape: number[] }
  | { kind: 'value'; value: Expected }
  | { kind: 'typed'; ctor: string; items: Expected[] }
  | { kind: 'throws'; name: string; message: string | null };

const norm = (s: string): string => s.replace(/\s+/g, ' ').trim();

/** Parses a literal (numbers, strings, booleans, null, arrays, plain objects), or null. */
function parseLiteral(text: string): Expected | null {
  const sf = ts.createSourceFile('x.ts', `(${text})`, ts.ScriptTarget.ES2022, true);
  const stmt = sf.statements[0];
  if (sf.statements.length !== 1 || stmt === undefined || !ts.isExpressionStatement(stmt)) return null;
  if ((sf as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics.length > 0) return null;
  // a number matches to the last digit written: 0.25 is ±0.005, 1.5e-3 is ±0.5e-4; an integer
  // without exponent matches to float32 precision
  const num = (lit: string, sign: number): Expected => {
    const value = sign * Number(lit);
    const m = /^\d*(?:\.(\d*))?(?:e([+-]?\d+))?$/i.exec(lit);
    const decimals = m?.[1]?.length ?? 0;
    const exponent = Number(m?.[2] ?? 0);
    const exact = decimals === 0 && m?.[2] === undefined;
    return { kind: 'number', value, tol: exact ? 1e-6 * Math.max(1, Math.abs(value)) : 0.5 * 10 ** (exponent - decimals) };
  };
  const walk = (e: ts.Expression): Expected | null => {
    if (ts.isParenthesizedExpression(e)) return walk(e.expression);
    if (ts.isNumericLiteral(e)) return num(e.text, 1);
    if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.MinusToken) {
      if (ts.isNumericLiteral(e.operand)) return num(e.operand.text, -1);
      if (ts.isIdentifier(e.operand) && e.operand.text === 'Infinity') return { kind: 'number', value: -Infinity, tol: 0 };
      return null;
    }
    if (ts.isIdentifier(e)) {
      if (e.text === 'NaN') return { kind: 'number', value: NaN, tol: 0 };
      if (e.text === 'Infinity') return { kind: 'number', value: Infinity, tol: 0 };
      if (e.text === 'undefined') return { kind: 'literal', value: undefined };
      return null;
    }
    if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return { kind: 'literal', value: e.text };
    if (e.kind === ts.SyntaxKind.TrueKeyword) return { kind: 'literal', value: true };
    if (e.kind === ts.SyntaxKind.FalseKeyword) return { kind: 'literal', value: false };
    if (e.kind === ts.SyntaxKind.NullKeyword) return { kind: 'literal', value: null };
    if (ts.isArrayLiteralExpression(e)) {
      const items = e.elements.map((x) => walk(x));
      return items.every((x) => x !== null) ? { kind: 'array', items: items as Expected[] } : null;
    }
    if (ts.isObjectLiteralExpression(e)) {
      const entries: [string, Expected][] = [];
      for (const p of e.properties) {
        if (!ts.isPropertyAssignment(p) || !(ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) return null;
        const v = walk(p.initializer);
        if (v === null) return null;
        entries.push([p.name.text, v]);
      }
      return { kind: 'object', entries };
    }
    return null;
  };
  return walk(stmt.expression);
}

/**
 * Whether an output comment is printed text: `tensor(...)`, `ClassName(...)`, or a parameter
 * (`Parameter containing:` with its tensor on the next comment line, as PyTorch prints it).
 */
export const isPrint = (comment: string): boolean => /^(Parameter containing:|tensor\(|[A-Z]\w*\()/.test(comment.trim());

/** Whether printed text still has brackets open, or ends in a colon (it goes on over the next comment line). */
export function isOpen(text: string): boolean {
  if (/:\s*$/.test(text)) return true;
  let depth = 0;
  for (const ch of text) {
    if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch)) depth--;
  }
  return depth > 0;
}

/** Reads an output comment (the text after `//`); null when it is prose. */
export function parseExpectation(comment: string): Expectation | null {
  const c = comment.trim();
  if (isPrint(c)) return { kind: 'print', text: norm(c) };
  let m = /^shape (\[[\d,\s]*\])$/.exec(c);
  if (m !== null) return { kind: 'shape', shape: JSON.parse(m[1]!) as number[] };
  m = /^throws ([A-Z]\w*)(?::\s*(.+))?$/.exec(c);
  if (m !== null) return { kind: 'throws', name: m[1]!, message: m[2]?.trim() ?? null };
  m = /^(Float32Array|Float64Array|Int32Array|Uint8Array) (\[.*\])$/.exec(c);
  if (m !== null) {
    const arr = parseLiteral(m[2]!);
    return arr?.kind === 'array' ? { kind: 'typed', ctor: m[1]!, items: arr.items } : null;
  }
  // a value may be followed by a remark in parentheses: `// 0.07 (√(2/400))`
  const remark = /^(.*?)\s+\((?:[^()]|\([^()]*\))*\)$/.exec(c);
  const value = parseLiteral(c) ?? (remark === null ? null : parseLiteral(remark[1]!));
  return value === null ? null : { kind: 'value', value };
}

const show = (v: unknown): string => {
  if (typeof v === 'string') return `'${v}'`;
  if (ArrayBuffer.isView(v)) return `${v.constructor.name} [${Array.from(v as unknown as ArrayLike<number>).join(', ')}]`;
  if (v !== null && typeof v === 'object' && !Array.isArray(v) && v.constructor !== Object) return String(v);
  try {
    return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'number' && !Number.isFinite(x) ? String(x) : x)) ?? String(v);
  } catch {
    return String(v);
  }
};

/** Why `actual` does not match `e` (null when it does). */
function mismatch(actual: unknown, e: Expected, path: string): string | null {
  const at = path === '' ? '' : ` at ${path}`;
  switch (e.kind) {
    case 'number': {
      if (typeof actual !== 'number') return `expected a number${at}, got ${show(actual)}`;
      if (Number.isNaN(e.value)) return Number.isNaN(actual) ? null : `expected NaN${at}, got ${actual}`;
      if (!Number.isFinite(e.value)) return actual === e.value ? null : `expected ${e.value}${at}, got ${actual}`;
      return Math.abs(actual - e.value) <= e.tol ? null : `expected ${e.value} (±${e.tol})${at}, got ${actual}`;
    }
    case 'literal':
      return actual === e.value ? null : `expected ${show(e.value)}${at}, got ${show(actual)}`;
    case 'array': {
      if (!Array.isArray(actual)) return `expected an array${at}, got ${show(actual)}`;
      if (actual.length !== e.items.length) return `expected ${e.items.length} items${at}, got ${actual.length}: ${show(actual)}`;
      for (let i = 0; i < actual.length; i++) {
        const r = mismatch(actual[i], e.items[i]!, `${path}[${i}]`);
        if (r !== null) return r;
      }
      return null;
    }
    case 'object': {
      if (actual === null || typeof actual !== 'object') return `expected an object${at}, got ${show(actual)}`;
      const rec = actual as Record<string, unknown>;
      for (const [k, v] of e.entries) {
        const r = mismatch(rec[k], v, `${path}.${k}`);
        if (r !== null) return r;
      }
      return null;
    }
  }
}

const isTensorLike = (v: unknown): v is { shape: readonly number[]; toString(): string } =>
  v !== null && typeof v === 'object' && Array.isArray((v as { shape?: unknown }).shape) && typeof (v as { numel?: unknown }).numel === 'function';

/** Checks `actual` against an expectation (not `throws`); returns why it fails, or null. */
export function check(actual: unknown, e: Exclude<Expectation, { kind: 'throws' }>): string | null {
  switch (e.kind) {
    case 'print': {
      const got = norm(String(actual));
      return got === e.text ? null : `prints ${got}\n   but the comment says ${e.text}`;
    }
    case 'shape': {
      if (!isTensorLike(actual)) return `expected a tensor of shape [${e.shape.join(', ')}], got ${show(actual)}`;
      const got = `[${actual.shape.join(', ')}]`;
      return got === `[${e.shape.join(', ')}]` ? null : `has shape ${got} but the comment says [${e.shape.join(', ')}]`;
    }
    case 'typed': {
      if (!ArrayBuffer.isView(actual) || actual.constructor.name !== e.ctor) return `expected a ${e.ctor}, got ${show(actual)}`;
      return mismatch(Array.from(actual as unknown as ArrayLike<number>), { kind: 'array', items: e.items }, '');
    }
    case 'value':
      if (isTensorLike(actual)) return `is a tensor (${String(actual)}); write the comment as tensor(...), or read it out with .item() / .tolist()`;
      return mismatch(actual, e.value, '');
  }
}

/** Checks that `err` is the error a `throws` comment names; returns why not, or null. */
export function checkThrown(err: unknown, e: Extract<Expectation, { kind: 'throws' }>): string | null {
  if (!(err instanceof Error)) return `threw a non-Error: ${show(err)}`;
  const names: string[] = [];
  for (let p: object | null = err; p !== null && p !== Error.prototype; p = Object.getPrototypeOf(p) as object | null) {
    names.push((p as { constructor: { name: string } }).constructor.name);
  }
  if (err.name !== e.name && !names.includes(e.name)) return `threw ${err.name}: ${err.message}\n   but the comment says ${e.name}`;
  if (e.message !== null && !err.message.includes(e.message)) return `threw ${err.name}: ${err.message}\n   which does not contain "${e.message}"`;
  return null;
}
