/**
 * Which documented functions throw, so that the docs test can ask for an `@throws`: a function
 * throws when its body has a `throw` statement, or calls a function of the workspace packages that
 * throws, up to a few calls deep. Code in callbacks that the function only creates (closures it
 * returns or stores, such as backward rules) is not counted; an immediately invoked one is.
 * Throws that only guard the library's own invariants are listed in INVARIANTS.
 */
import ts from 'typescript';

/** `file:function`s whose throws cannot be reached by a user (they guard internal invariants). */
const INVARIANTS = new Set(['packages/autograd/src/backend/registry.ts:getBackend', 'packages/autograd/src/storage.ts:read']);

/**
 * Documented functions (`entry name`, `#n` for the n-th overload) that call something that can
 * throw, with arguments for which it cannot; each with the reason. The docs test asks no
 * `@throws` of them.
 */
export const CANNOT_THROW: readonly [RegExp, string][] = [
  [
    /^@chainrule\/(autograd (Tensor\.)?|nn\/functional )(square|reciprocal|leakyRelu|gelu|softplus|elu|silu|mish|logsigmoid|relu6|hardtanh|isfinite|isnan|logicalNot|isinf|sinc|deg2rad|rad2deg|nanToNum|celu|selu|softsign|hardsigmoid|hardswish|tanhshrink|hardshrink|threshold)$/,
    'an elementwise function of one tensor: it is combined only with itself and with scalars, which always broadcast',
  ],
  [/^@chainrule\/nn nn\.(ELU|GELU|LeakyReLU|SiLU|Softplus|CELU|SELU|Softsign|Hardsigmoid|Hardswish|Hardtanh|ReLU6|Mish|LogSigmoid|Tanhshrink|Hardshrink|Threshold)\.forward$/, 'the same elementwise functions, as modules'],
  [/^@chainrule\/nn nn\.(Softshrink|RReLU)\.forward$/, 'an elementwise function whose settings the constructor checked (λ ≥ 0; lower ≤ upper; the options it builds)'],
  [/^@chainrule\/nn nn\.Dropout\.forward$/, 'multiplies the input by a mask drawn in its own shape'],
  [/^@chainrule\/nn nn\.init\.(normal_|uniform_)$/, 'draws samples in the shape of the tensor it fills'],
  [/^@chainrule\/autograd Tensor\.size#1$/, 'without a dim there is nothing out of range'],
  [/^@chainrule\/autograd (Tensor\.)?kron$/, 'reshapes each operand to sizes of its own element count, into shapes that broadcast by construction'],
  [/^@chainrule\/autograd Tensor\.median#1$/, 'the median of all elements: no dim to be out of range (an empty tensor gives NaN)'],
  [/^@chainrule\/autograd (Tensor\.nonzero#[123]|(Tensor\.)?argwhere)$/, 'compares every element with 0, which any dtype allows'],
  [/^@chainrule\/autograd (Tensor\.)?ravel$/, 'reshapes to its own element count'],
  [/^@chainrule\/autograd atleast[123]d#[12]$/, 'reshapes to sizes of the same element count'],
  [/^@chainrule\/nn nn\.(CrossEntropyLoss|NLLLoss|BCELoss|BCEWithLogitsLoss)\.constructor$/, 'registers its buffers under fixed, valid names'],
  [/^@chainrule\/nn nn\.(Sequential|ModuleList)\.(constructor|append|extend|slice)$/, 'registers each module under its index, a valid name'],
  [/^@chainrule\/nn nn\.(Sequential|ModuleList|ParameterList)\.\[iterator\]$/, 'reads only indices below the length'],
  [/^@chainrule\/nn Module\.(double|float)$/, 'passes a floating dtype to to()'],
  [/^@chainrule\/nn nn\.RNNBase\.resetParameters$/, "redraws the layer's own float parameters, with a positive bound"],
  [/^@chainrule\/data SubsetRandomSampler\.\[iterator\]$/, 'shuffles its own list of indices: randint(0, i + 1) for i ≥ 1 only'],
];

/** The reason `key` (`entry name` or `entry name#n`) cannot throw, if it is listed. */
export function cannotThrow(key: string): string | null {
  return CANNOT_THROW.find(([re]) => re.test(key))?.[1] ?? null;
}

/** How many calls deep a throw still counts. */
const DEPTH = 50;

type FnNode = ts.FunctionLikeDeclaration;

const isFn = (n: ts.Node): n is FnNode =>
  ts.isFunctionDeclaration(n) || ts.isMethodDeclaration(n) || ts.isConstructorDeclaration(n) || ts.isArrowFunction(n) || ts.isFunctionExpression(n) || ts.isGetAccessor(n) || ts.isSetAccessor(n);

/** Finds what functions throw, in a program that includes the packages' sources. */
export class ThrowAnalysis {
  private readonly checker: ts.TypeChecker;
  private readonly memo = new Map<FnNode, { depth: number; names: Set<string> }>();

  constructor(
    private readonly program: ts.Program,
    private readonly repoRoot: string,
  ) {
    this.checker = program.getTypeChecker();
  }

  private rel(sf: ts.SourceFile): string {
    return sf.fileName.startsWith(this.repoRoot) ? sf.fileName.slice(this.repoRoot.length).replace(/^\//, '') : sf.fileName;
  }

  private inWorkspace(n: ts.Node): boolean {
    const f = this.rel(n.getSourceFile());
    return /^packages\/[^/]+\/src\//.test(f);
  }

  /** The implementation of an overloaded declaration (itself when it has a body). */
  private withBody(d: ts.Declaration): FnNode | null {
    let fn: ts.Node | undefined = d;
    if (ts.isVariableDeclaration(d)) fn = d.initializer;
    if (fn === undefined || !isFn(fn)) return null;
    if (fn.body !== undefined) return fn;
    const sym = fn.name ? this.checker.getSymbolAtLocation(fn.name) : undefined;
    const impl = sym?.declarations?.find((x) => isFn(x) && x.body !== undefined);
    return impl !== undefined && isFn(impl) ? impl : null;
  }

  /** The error class names `fn` may throw when called (at most `depth` calls deep). */
  throwsOf(fn: FnNode, depth = DEPTH): Set<string> {
    const hit = this.memo.get(fn);
    if (hit !== undefined && hit.depth >= depth) return hit.names;
    const names = new Set<string>();
    this.memo.set(fn, { depth, names }); // recursion guard
    const name = `${this.rel(fn.getSourceFile())}:${fn.name?.getText() ?? ''}`;
    if (INVARIANTS.has(name) || fn.body === undefined) return names;
    const visit = (n: ts.Node): void => {
      if (ts.isThrowStatement(n)) {
        const e = n.expression;
        // rethrowing what a catch clause caught adds nothing
        const rethrow = ts.isIdentifier(e) && this.checker.getSymbolAtLocation(e)?.declarations?.some((d) => ts.isCatchClause(d.parent)) === true;
        if (!rethrow) names.add(ts.isNewExpression(e) ? e.expression.getText() : 'Error');
        return;
      }
      if (isFn(n) && n !== fn) {
        // a closure counts only when invoked right away
        const p = n.parent;
        const invoked = (ts.isParenthesizedExpression(p) && ts.isCallExpression(p.parent) && p.parent.expression === p) || (ts.isCallExpression(p) && p.expression === n);
        if (!invoked) return;
      }
      if (depth > 0 && (ts.isCallExpression(n) || ts.isNewExpression(n))) {
        const decl = this.checker.getResolvedSignature(n)?.getDeclaration();
        if (decl !== undefined && this.inWorkspace(decl)) {
          const target = this.withBody(decl);
          if (target !== null) for (const t of this.throwsOf(target, depth - 1)) names.add(t);
        }
      }
      ts.forEachChild(n, visit);
    };
    visit(fn.body);
    this.memo.set(fn, { depth, names });
    return names;
  }

  /** The function declared at `file:line` (1-based; the line of its name or of its start). */
  fnAt(file: string, line: number): FnNode | null {
    const sf = this.program.getSourceFile(`${this.repoRoot.replace(/\/$/, '')}/${file}`);
    if (sf === undefined) return null;
    let found: FnNode | null = null;
    const lineOf = (pos: number): number => sf.getLineAndCharacterOfPosition(pos).line + 1;
    const visit = (n: ts.Node): void => {
      if (found !== null) return;
      let fn: ts.Node | undefined;
      let at: ts.Node = n;
      if (ts.isVariableDeclaration(n) && n.initializer !== undefined && isFn(n.initializer)) fn = n.initializer;
      else if (isFn(n) && !ts.isArrowFunction(n) && !ts.isFunctionExpression(n)) fn = n;
      if (fn !== undefined && isFn(fn)) {
        if (ts.isVariableDeclaration(n)) at = n.name;
        else if (fn.name) at = fn.name;
        if (lineOf(at.getStart()) === line || lineOf(n.getStart()) === line) {
          found = this.withBody(ts.isVariableDeclaration(n) ? n : fn) ?? fn;
          return;
        }
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
    return found;
  }

  /** The errors the function declared at `file:line` may throw, or null when it throws none. */
  at(file: string, line: number): string | null {
    const fn = this.fnAt(file, line);
    if (fn === null) return null;
    const names = this.throwsOf(fn);
    return names.size === 0 ? null : [...names].sort().join(', ');
  }
}
