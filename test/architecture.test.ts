/**
 * The import boundaries of docs/ARCHITECTURE.md, checked on every source file: each layer imports
 * only the layers below it (and the few named exceptions), so the layering the document describes
 * stays true as the code changes. Type-only imports count too.
 */
import { posix } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importsOf, parse, sourceFiles } from './helpers/source.js';

const AUTOGRAD = 'packages/autograd/src/';

/** Each autograd file with what it imports, relative ones resolved to repository paths. */
const autogradFiles = sourceFiles(AUTOGRAD).map((file) => ({
  file: file.slice(AUTOGRAD.length),
  imports: importsOf(parse(file)).map((spec) =>
    spec.startsWith('.') ? posix.join(posix.dirname(file), spec).replace(/\.js$/, '.ts').slice(AUTOGRAD.length) : spec,
  ),
}));

/** The layers of packages/autograd/src, bottom up: a file's layer is the first whose pattern matches. */
const LAYERS: { name: string; files: RegExp; mayImport: RegExp }[] = [
  { name: 'dtype and shape', files: /^(dtype|shape)\.ts$/, mayImport: /^$/ },
  { name: 'storage', files: /^storage\.ts$/, mayImport: /^dtype\.ts$/ },
  { name: 'backend (JS kernels)', files: /^backend\/(backend\.ts|js\/)/, mayImport: /^(dtype\.ts|backend\/backend\.ts|backend\/js\/)/ },
  { name: 'backend (wasm kernels)', files: /^backend\/wasm\//, mayImport: /^(dtype\.ts|backend\/)/ },
  // the registry holds the built-in backends and picks the default on first use, so nothing
  // depends on an import's side effects: it sits above both kernel sets
  { name: 'backend (registry)', files: /^backend\/registry\.ts$/, mayImport: /^(dtype\.ts|backend\/)/ },
  {
    name: 'ops',
    files: /^ops\//,
    // the forward of a primitive records it: ops/prims.ts is the one op file that reaches the
    // recorder; an op may read the grad mode (in-place ops refuse tensors that require grad); ops
    // report to a compile capture in progress (compile/hooks.ts) and declare their checks of
    // values (compile/host.ts)
    mayImport: /^(dtype|shape|storage|tensor|create|random)\.ts$|^(backend|ops)\/|^engine\/(record|mode)\.ts$|^compile\/(hooks|host)\.ts$/,
  },
  // what eager code reports to a compile capture, and what library code declares for one
  { name: 'capture hooks', files: /^compile\/(hooks|host)\.ts$/, mayImport: /^(dtype|tensor)\.ts$|^backend\/(backend|registry)\.ts$|^compile\/hooks\.ts$/ },
  // a fused primitive's rule may call its kernels without recording (attention: ops/prims.ts)
  { name: 'engine', files: /^engine\//, mayImport: /^(dtype|shape|storage|tensor)\.ts$|^engine\/|^ops\/prims\.ts$/ },
];

describe('import boundaries (docs/ARCHITECTURE.md)', () => {
  it('finds the files of every layer', () => {
    for (const layer of LAYERS) expect(autogradFiles.filter((f) => layer.files.test(f.file)).length, layer.name).toBeGreaterThan(0);
  });

  for (const layer of LAYERS) {
    it(`${layer.name} imports only what lies below it`, () => {
      const bad = autogradFiles
        .filter((f) => layer.files.test(f.file))
        .flatMap((f) => f.imports.filter((i) => !layer.mayImport.test(i)).map((i) => `${f.file} imports ${i}`));
      expect(bad).toEqual([]);
    });
  }

  it('only ops/prims.ts records: no other op file imports the engine beyond its grad mode', () => {
    const users = autogradFiles.filter((f) => f.file.startsWith('ops/') && f.imports.some((i) => i.startsWith('engine/') && i !== 'engine/mode.ts')).map((f) => f.file);
    expect(users).toEqual(['ops/prims.ts']);
  });

  it('autograd imports neither nn nor data; nn imports autograd by its package name only, and not data', () => {
    const outside = (dir: string, forbidden: RegExp): string[] =>
      sourceFiles(dir).flatMap((f) =>
        importsOf(parse(f))
          .filter((i) => forbidden.test(i) || (i.startsWith('.') && !posix.join(posix.dirname(f), i).startsWith(dir)))
          .map((i) => `${f} imports ${i}`),
      );
    expect(outside('packages/autograd/src', /^@chainrule\/(nn|data)/)).toEqual([]);
    expect(outside('packages/nn/src', /^@chainrule\/data/)).toEqual([]);
    expect(outside('packages/data/src', /^$/)).toEqual([]);
  });

  it('a boundary that is crossed fails the check (the check itself works)', () => {
    const ops = LAYERS.find((l) => l.name === 'ops')!;
    expect(ops.mayImport.test('engine/core.ts')).toBe(false);
    expect(LAYERS[2]!.mayImport.test('tensor.ts')).toBe(false);
    expect(autogradFiles.find((f) => f.file === 'ops/prims.ts')!.imports).toContain('engine/record.ts');
  });
});
