/**
 * A small SVG helper shared by the examples: a 2-D data set over the decision regions of a
 * classifier (drawn as run-length merged cells, so the file stays small).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Fill colours of the regions and the points, by class. */
const REGION = ['#f4c7c3', '#c6dbef', '#c7e9c0', '#fdd0a2', '#dadaeb'];
const POINT = ['#d62728', '#1f77b4', '#2ca02c', '#ff7f0e', '#6a51a3'];

export interface BoundaryPlot {
  title: string;
  /** Points, row-major `[x0, y0, x1, y1, …]`. */
  x: Float64Array;
  /** Class of each point. */
  y: Int32Array;
  /** Predicted class of each of `n` grid points given row-major as `[x, y, …]`. */
  predict: (grid: Float64Array, n: number) => ArrayLike<number>;
  /** Grid cells per side (default 150). */
  resolution?: number;
}

/** The decision regions and the points, as an SVG document. */
export function decisionBoundarySvg(p: BoundaryPlot): string {
  const res = p.resolution ?? 150;
  const n = p.y.length;
  let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
  for (let i = 0; i < n; i++) {
    x0 = Math.min(x0, p.x[2 * i]!);
    x1 = Math.max(x1, p.x[2 * i]!);
    y0 = Math.min(y0, p.x[2 * i + 1]!);
    y1 = Math.max(y1, p.x[2 * i + 1]!);
  }
  const padX = 0.08 * (x1 - x0 || 1);
  const padY = 0.08 * (y1 - y0 || 1);
  [x0, x1, y0, y1] = [x0 - padX, x1 + padX, y0 - padY, y1 + padY];
  const size = 520;
  const top = 50;
  const left = 20;
  const cell = size / res;
  const grid = new Float64Array(2 * res * res);
  for (let r = 0; r < res; r++) {
    for (let c = 0; c < res; c++) {
      grid[2 * (r * res + c)] = x0 + ((c + 0.5) / res) * (x1 - x0);
      grid[2 * (r * res + c) + 1] = y1 - ((r + 0.5) / res) * (y1 - y0);
    }
  }
  const pred = p.predict(grid, res * res);
  const parts: string[] = [];
  for (let r = 0; r < res; r++) {
    let start = 0;
    for (let c = 1; c <= res; c++) {
      const k = pred[r * res + start]!;
      if (c < res && pred[r * res + c] === k) continue;
      const fill = REGION[k % REGION.length];
      parts.push(`<rect x="${(left + start * cell).toFixed(2)}" y="${(top + r * cell).toFixed(2)}" width="${((c - start) * cell + 0.3).toFixed(2)}" height="${(cell + 0.3).toFixed(2)}" fill="${fill}"/>`);
      start = c;
    }
  }
  const sx = (v: number): number => left + ((v - x0) / (x1 - x0)) * size;
  const sy = (v: number): number => top + ((y1 - v) / (y1 - y0)) * size;
  for (let i = 0; i < n; i++) {
    const k = p.y[i]!;
    parts.push(`<circle cx="${sx(p.x[2 * i]!).toFixed(1)}" cy="${sy(p.x[2 * i + 1]!).toFixed(1)}" r="3.2" fill="${POINT[k % POINT.length]}" stroke="white" stroke-width="0.6"/>`);
  }
  const W = size + 2 * left;
  const H = size + top + 20;
  const title = p.title.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="DejaVu Sans, Helvetica, Arial, sans-serif">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="30" text-anchor="middle" font-size="${Math.min(16, (W - 20) / (0.62 * p.title.length)).toFixed(1)}" font-weight="bold">${title}</text>`,
    ...parts,
    `<rect x="${left}" y="${top}" width="${size}" height="${size}" fill="none" stroke="#444"/>`,
    '</svg>',
    '',
  ].join('\n');
}

/** Writes a file, creating its directory. */
export function writeOutput(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

/** Whether the module with this `import.meta.url` is the script being run. */
export function isMain(metaUrl: string): boolean {
  const script = process.argv[1];
  return script !== undefined && pathToFileURL(script).href === metaUrl;
}

/** Reads `--name value` options given as numbers or strings. */
export function cliOptions(): Record<string, string> {
  const out: Record<string, string> = {};
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) throw new Error(`unexpected argument '${a}' (options are --name value)`);
    const v = argv[i + 1];
    if (v === undefined) throw new Error(`${a} needs a value`);
    out[a.slice(2)] = v;
    i++;
  }
  return out;
}
