import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';

const src = (p: string): string => fileURLToPath(new URL(`./packages/${p}`, import.meta.url));

// The whole suite runs once per backend: the TypeScript reference kernels and the WebAssembly ones.
const backends = ['js', 'wasm'] as const;
// The docs test (every example, guide and the built site) runs once, in a project of its own, on
// the default backend, the one a reader of the docs gets: its examples check printed values, not
// kernels, and it would double the suite's time. So does the browser test, whose pages pick their
// own backend, and the Ctrl-C test of `pnpm train`, which runs the command in child processes.
const onceTests = ['test/docs.test.ts', 'test/browser.test.ts', 'test/train-sigint.test.ts'];

export default defineConfig({
  resolve: {
    // tests run against the TypeScript sources, not a build
    alias: [
      { find: /^@chainrule\/autograd\/testing$/, replacement: src('autograd/src/testing/index.ts') },
      { find: /^@chainrule\/autograd\/backend$/, replacement: src('autograd/src/backend-api.ts') },
      { find: /^@chainrule\/autograd$/, replacement: src('autograd/src/index.ts') },
      { find: /^@chainrule\/nn\/functional$/, replacement: src('nn/src/functional/index.ts') },
      { find: /^@chainrule\/nn\/onnx$/, replacement: src('nn/src/onnx/index.ts') },
      { find: /^@chainrule\/nn$/, replacement: src('nn/src/index.ts') },
      { find: /^@chainrule\/data$/, replacement: src('data/src/index.ts') },
    ],
  },
  test: {
    testTimeout: 60_000,
    projects: [
      ...backends.map((backend) => ({
        extends: true,
        test: {
          name: backend,
          include: ['packages/*/test/**/*.test.ts', 'test/**/*.test.ts'],
          // the adversarial fusion tests pick the wasm backend themselves: once is enough
          exclude: [...configDefaults.exclude, ...onceTests, ...(backend === 'js' ? ['**/fusion-adversarial.test.ts'] : [])],
          // on wasm every elementwise float op is left pending and fused, however small: the whole
          // suite then checks the fused path (its results equal the op-by-op ones to the bit)
          env: { CHAINRULE_BACKEND: backend, ...(backend === 'wasm' ? { CHAINRULE_FUSE_MIN: '1' } : {}) },
          setupFiles: ['test/helpers/backend.ts'],
        },
      })),
      { extends: true, test: { name: 'docs', include: onceTests } },
    ],
  },
});
