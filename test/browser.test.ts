/**
 * `@chainrule/autograd` and `@chainrule/nn` in a browser, as a web app would ship them: bundled
 * for the browser platform (so a Node-only import would fail the build), served over HTTP, and run
 * in headless Chromium — on a plain page (no SharedArrayBuffer: the JS kernels) and on a
 * cross-origin-isolated page (the wasm kernels).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium } from './helpers/docs-site.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const chromium = findChromium();
if (chromium === null) console.warn('browser test: no Chromium found (apt-get install chromium, or set CHROMIUM_PATH); it is skipped');

// What the page runs: the README's example, a gradcheck, one Adam step, and a float64 check.
const entry = `
import { tensor, gradcheck, getBackendName } from '@chainrule/autograd';
import { nn, optim } from '@chainrule/nn';
import * as F from '@chainrule/nn/functional';
const x = tensor([[1, 2], [3, 4]], { dtype: 'float64', requiresGrad: true });
const w = tensor([[0.5], [-1]], { dtype: 'float64', requiresGrad: true });
x.matmul(w).tanh().square().mean().backward();
const model = new nn.Sequential(new nn.Linear(4, 8), new nn.ReLU(), new nn.Linear(8, 3));
const opt = new optim.Adam(model.parameters(), { lr: 0.1 });
const input = tensor([[1, 2, 3, 4], [4, 3, 2, 1]]);
const target = tensor([0, 2], { dtype: 'int32' });
const before = F.crossEntropy(model.forward(input), target).item();
for (let i = 0; i < 20; i++) {
  const loss = F.crossEntropy(model.forward(input), target);
  opt.zeroGrad(); loss.backward(); opt.step();
}
const after = F.crossEntropy(model.forward(input), target).item();
window.result = {
  backend: getBackendName(),
  grad: String(w.grad),
  gradcheck: gradcheck((a, b) => a.matmul(b).tanh(), [x, w]),
  learned: after < before / 10,
  isolated: globalThis.crossOriginIsolated === true,
};
`;

let server: ReturnType<typeof createServer>;
let base = '';

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'chainrule-browser-'));
  writeFileSync(join(dir, 'entry.js'), entry);
  // the `source` condition resolves the workspace packages to their TypeScript sources
  await build({ entryPoints: [join(dir, 'entry.js')], bundle: true, format: 'esm', platform: 'browser', conditions: ['source'], nodePaths: [join(root, 'node_modules')], absWorkingDir: root, outfile: join(dir, 'bundle.js'), logLevel: 'silent' });
  const files: Record<string, [string, string]> = {
    '/': ['text/html', '<!doctype html><html><body><script type="module" src="/bundle.js"></script></body></html>'],
    '/bundle.js': ['text/javascript', readFileSync(join(dir, 'bundle.js'), 'utf8')],
  };
  server = createServer((req, res) => {
    const [path, query] = (req.url ?? '/').split('?');
    const file = files[path ?? '/'];
    if (file === undefined) return void res.writeHead(404).end();
    const headers: Record<string, string> = { 'content-type': file[0] };
    if (query === 'isolated' || req.headers.referer?.endsWith('?isolated')) {
      headers['cross-origin-opener-policy'] = 'same-origin';
      headers['cross-origin-embedder-policy'] = 'require-corp';
    }
    res.writeHead(200, headers).end(file[1]);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}, 120_000);

afterAll(() => {
  server?.close();
});

interface PageResult {
  backend: string;
  grad: string;
  gradcheck: boolean;
  learned: boolean;
  isolated: boolean;
}

async function runPage(url: string): Promise<PageResult> {
  const { chromium: launcher } = await import('playwright-core');
  const browser = await launcher.launch({
    executablePath: chromium!,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(url);
    await page.waitForFunction(() => 'result' in window, null, { timeout: 30_000 }).catch(() => undefined);
    expect(errors).toEqual([]);
    return (await page.evaluate(() => (window as unknown as { result: PageResult }).result)) as PageResult;
  } finally {
    await browser.close();
  }
}

describe(`@chainrule/autograd and @chainrule/nn in a browser${chromium === null ? ' (skipped: no Chromium; apt-get install chromium)' : ''}`, () => {
  it.skipIf(chromium === null)('a plain page runs on the JS kernels: backward, gradcheck and training give the Node results', async () => {
    const r = await runPage(base);
    expect(r).toEqual({ backend: 'js', grad: 'tensor([[-0.2423],\n        [-0.4321]], dtype=torch.float64)', gradcheck: true, learned: true, isolated: false });
  });

  it.skipIf(chromium === null)('a cross-origin-isolated page runs on the wasm kernels, with the same results', async () => {
    const r = await runPage(`${base}?isolated`);
    expect(r).toEqual({ backend: 'wasm', grad: 'tensor([[-0.2423],\n        [-0.4321]], dtype=torch.float64)', gradcheck: true, learned: true, isolated: true });
  });
});
