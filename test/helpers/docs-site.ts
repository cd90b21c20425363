/**
 * Reading the built site as a reader would: Debian's Chromium, headless, driven by playwright-core,
 * opens the generated HTML from disk (no server, no network), searches, and follows a result.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Where Chromium is: `CHROMIUM_PATH`, or a usual install location; null when there is none. */
export function findChromium(): string | null {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];
  return candidates.find((p): p is string => p !== undefined && p !== '' && existsSync(p)) ?? null;
}

/** Headless flags for a closed network and a throwaway profile. */
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** What a search in the site found, and what the page it led to holds. */
export interface SearchVisit {
  /** The texts of the search results. */
  results: string[];
  /** The result that was followed. */
  chosen: string;
  /** The URL it led to. */
  url: string;
  /** The page's title (h1), or the member's name when the result is a member. */
  title: string;
  /** The code of the example sections of the page (of the member's section, for a member). */
  examples: string[];
}

/**
 * Opens `site/index.html`, searches for `query` in the site's search box, follows the first
 * result `pick` accepts, and reads the example sections of that page.
 */
export async function searchAndOpen(chromium: string, site: string, query: string, pick: (result: string) => boolean): Promise<SearchVisit> {
  const { chromium: launcher } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'chainrule-chromium-'));
  const context = await launcher.launchPersistentContext(profile, { executablePath: chromium, headless: true, args: FLAGS, timeout: 60_000 });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(pathToFileURL(join(site, 'index.html')).href);
    await page.click('#tsd-search-trigger');
    await page.fill('#tsd-search-input', query);
    const items = page.locator('#tsd-search-results li');
    await items.first().waitFor({ timeout: 15_000 });
    const results = (await items.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
    const index = results.findIndex(pick);
    if (index < 0) throw new Error(`no search result for "${query}" fits; the results were: ${results.join(' | ')}`);
    await Promise.all([page.waitForURL((u) => !u.href.endsWith('/index.html')), items.nth(index).locator('a').first().click()]);
    // a member's result leads to its anchor on the owner's page: read that member's section only
    const { title, examples } = await page.evaluate(() => {
      // runs in the page (the test's TypeScript settings have no DOM types: these are the few it uses)
      interface El {
        tagName: string;
        textContent: string | null;
        nextElementSibling: El | null;
        closest(sel: string): El | null;
        querySelector(sel: string): El | null;
        querySelectorAll(sel: string): { length: number; item(i: number): El };
      }
      const { document, location } = globalThis as unknown as { document: El & { body: El; getElementById(id: string): El | null }; location: { hash: string } };
      const anchor = decodeURIComponent(location.hash.slice(1));
      const target = anchor === '' ? null : document.getElementById(anchor);
      const scope = target?.closest('section') ?? document.body;
      const heading = target === null ? document.querySelector('h1') : scope.querySelector('h3');
      const out: string[] = [];
      const headings = scope.querySelectorAll('h4, h3, h2');
      for (let i = 0; i < headings.length; i++) {
        const h = headings.item(i);
        if (!/^Example/.test(h.textContent?.trim() ?? '')) continue;
        for (let n = h.nextElementSibling; n !== null && !/^H[1-4]$/.test(n.tagName); n = n.nextElementSibling) {
          if (n.tagName === 'PRE') out.push(n.textContent ?? '');
          const pres = n.querySelectorAll('pre');
          for (let k = 0; k < pres.length; k++) out.push(pres.item(k).textContent ?? '');
        }
      }
      return { title: heading?.textContent?.trim() ?? '', examples: out };
    });
    return { results, chosen: results[index]!, url: page.url(), title, examples };
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}
