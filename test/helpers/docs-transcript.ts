/**
 * Command transcripts in the docs: a ```console block whose first line is `$ <command>` and whose
 * other lines are what the command printed. The docs test runs the command in-process and
 * compares its output with the block, timing figures (samples/s, ETA, seconds) and the absolute
 * output directory aside, since those depend on the machine.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './docs-snippets.js';

/** A transcript: the command's arguments after `prefix`, and the printed lines. */
export interface Transcript {
  file: string;
  line: number;
  args: string[];
  printed: string;
}

/** The ```console blocks of `file` whose command starts with `prefix` (e.g. `npx --yes pnpm@10.34.9 train`). */
export function transcripts(file: string, prefix: string): Transcript[] {
  const lines = readFileSync(join(repoRoot, file), 'utf8').split('\n');
  const out: Transcript[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^```console\s*$/.test(lines[i]!)) continue;
    const start = i + 1;
    const body: string[] = [];
    for (i++; i < lines.length && !lines[i]!.startsWith('```'); i++) body.push(lines[i]!);
    const command = body[0] ?? '';
    if (!command.startsWith(`$ ${prefix}`)) continue;
    const rest = command.slice(2 + prefix.length).trim();
    out.push({ file, line: start + 1, args: rest === '' ? [] : rest.split(/\s+/), printed: `${body.slice(1).join('\n')}\n` });
  }
  return out;
}

/** Output with what depends on the machine masked: speeds, times, and the directory `outDir` (when given) is resolved in. */
export function maskMachine(text: string, outDir: string | null): string {
  const escaped = outDir?.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return (escaped === undefined ? text : text.replace(new RegExp(`\\S*/${escaped}`, 'g'), `<dir>/${outDir}`))
    .replace(/\d+ samples\/s/g, 'N samples/s')
    .replace(/ETA \d+:\d\d/g, 'ETA m:ss')
    .replace(/ {2}\d+(\.\d+)? s$/gm, '  T s')
    .replace(/(%\s+)\d+(\.\d+)?$/gm, '$1T')
    .replace(/[ \t]+$/gm, '');
}
