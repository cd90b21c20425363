/**
 * The learning-curve chart of `pnpm train`, drawn as SVG by hand: loss per step and per epoch
 * on the left, accuracy per epoch on the right.
 * @module
 */
import type { EpochRow } from './progress.js';

/** What the chart shows. */
export interface ChartData {
  title: string;
  /** Total epochs planned (the x axes end there). */
  epochs: number;
  rows: readonly EpochRow[];
  /** Training loss of each step, at x = epoch - 1 + step / steps. */
  steps: readonly { x: number; loss: number }[];
}

interface Series {
  label: string;
  color: string;
  points: readonly [number, number][];
  /** Draw dots at the points. */
  dots: boolean;
  /** Line width. */
  width: number;
  opacity?: number;
}

/** Round tick values covering [lo, hi], about `count` of them. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) {
    const pad = Math.abs(lo) > 0 ? Math.abs(lo) * 0.1 : 1;
    return niceTicks(lo - pad, hi + pad, count);
  }
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((f) => f * mag).find((s) => s >= raw) ?? 10 * mag;
  const first = Math.floor(lo / step);
  const last = Math.ceil(hi / step);
  const decimals = Math.min(20, Math.max(0, 1 - Math.floor(Math.log10(step))));
  const ticks: number[] = [];
  for (let k = first; k <= last; k++) ticks.push(Number((k * step).toFixed(decimals)));
  return ticks;
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function fmtTick(v: number, step: number): string {
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  return v.toFixed(Math.min(decimals, 6));
}

/**
 * Splits `text` into lines of at most `maxChars` (where it can), breaking after a top-level `, `
 * or `-` (never inside parentheses, so `Conv2d(1, 16, 3)` stays whole).
 */
export function wrapText(text: string, maxChars: number): string[] {
  const pieces: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (depth === 0 && (c === '-' || (c === ',' && text[i + 1] === ' '))) {
      const end = c === ',' ? i + 2 : i + 1;
      pieces.push(text.slice(start, end));
      start = end;
    }
  }
  pieces.push(text.slice(start));
  const lines: string[] = [];
  let line = '';
  for (const piece of pieces) {
    if (line !== '' && (line + piece).trimEnd().length > maxChars) {
      lines.push(line.trimEnd());
      line = piece;
    } else line += piece;
  }
  if (line.trim() !== '') lines.push(line.trimEnd());
  return lines;
}

/**
 * The x range of a panel: the loss panel spans the planned epochs from 0 (a step loss is drawn
 * from the first step); the accuracy panel, whose points sit at the ends of epochs, starts at
 * the first of them, and a lone point gets an epoch of room around it.
 */
function xRange(xs: readonly number[], epochs: number, from: 'zero' | 'data'): [number, number] {
  const hi = Math.max(epochs, 1, ...xs);
  if (from === 'zero') return [0, hi];
  const lo = Math.min(1, ...xs);
  if (hi - lo >= 1) return [lo, hi];
  const mid = (lo + hi) / 2;
  return [mid - 0.5, mid + 0.5];
}

function panel(x0: number, y0: number, w: number, h: number, title: string, yLabel: string, [xMin, xMax]: [number, number], series: Series[], legendAt: 'top' | 'bottom'): string {
  const all = series.flatMap((s) => s.points.map((p) => p[1])).filter(Number.isFinite);
  const lo = all.length > 0 ? Math.min(...all) : 0;
  const hi = all.length > 0 ? Math.max(...all) : 1;
  const yTicks = niceTicks(lo, hi, 5);
  const yMin = yTicks[0]!;
  const yMax = yTicks[yTicks.length - 1]!;
  // whole epochs inside the range, about ten of them at most
  const first = Math.ceil(xMin - 1e-9);
  const span = Math.floor(xMax + 1e-9) - first;
  const every = span <= 12 ? 1 : Math.ceil(span / 10);
  const xTicks = Array.from({ length: span + 1 }, (_, i) => first + i).filter((i) => i % every === 0);
  const sx = (v: number): number => x0 + (w * (v - xMin)) / (xMax - xMin || 1);
  const sy = (v: number): number => y0 + h - (h * (v - yMin)) / (yMax - yMin || 1);
  const yStep = yTicks.length > 1 ? yTicks[1]! - yTicks[0]! : 1;
  const parts: string[] = [];
  parts.push(`<text x="${x0 + w / 2}" y="${y0 - 14}" text-anchor="middle" font-size="15" font-weight="bold">${esc(title)}</text>`);
  for (const t of yTicks) {
    const y = sy(t).toFixed(1);
    parts.push(`<line x1="${x0}" x2="${x0 + w}" y1="${y}" y2="${y}" stroke="#e3e3e3"/>`);
    parts.push(`<text x="${x0 - 8}" y="${y}" text-anchor="end" dominant-baseline="middle" font-size="12">${fmtTick(t, yStep)}</text>`);
  }
  for (const t of xTicks) {
    const x = sx(t).toFixed(1);
    parts.push(`<line x1="${x}" x2="${x}" y1="${y0 + h}" y2="${y0 + h + 5}" stroke="#444"/>`);
    parts.push(`<text x="${x}" y="${y0 + h + 19}" text-anchor="middle" font-size="12">${t}</text>`);
  }
  parts.push(`<rect x="${x0}" y="${y0}" width="${w}" height="${h}" fill="none" stroke="#444"/>`);
  parts.push(`<text x="${x0 + w / 2}" y="${y0 + h + 40}" text-anchor="middle" font-size="13">epoch</text>`);
  parts.push(
    `<text x="${x0 - 52}" y="${y0 + h / 2}" text-anchor="middle" font-size="13" transform="rotate(-90 ${x0 - 52} ${y0 + h / 2})">${esc(yLabel)}</text>`,
  );
  for (const s of series) {
    if (s.points.length === 0) continue;
    const pts = s.points.map(([x, y]) => `${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join(' ');
    const op = s.opacity === undefined ? '' : ` stroke-opacity="${s.opacity}"`;
    parts.push(`<polyline points="${pts}" fill="none" stroke="${s.color}" stroke-width="${s.width}"${op} stroke-linejoin="round"/>`);
    if (s.dots) for (const [x, y] of s.points) parts.push(`<circle cx="${sx(x).toFixed(1)}" cy="${sy(y).toFixed(1)}" r="3.5" fill="${s.color}"/>`);
  }
  // legend, inside the panel at the top right (loss falls) or bottom right (accuracy rises)
  const lx = x0 + w - 150;
  series.forEach((s, i) => {
    const ly = legendAt === 'top' ? y0 + 16 + 18 * i : y0 + h - 16 - 18 * (series.length - 1 - i);
    parts.push(`<rect x="${lx - 6}" y="${ly - 10}" width="154" height="18" fill="white" fill-opacity="0.85"/>`);
    parts.push(`<line x1="${lx}" x2="${lx + 22}" y1="${ly}" y2="${ly}" stroke="${s.color}" stroke-width="${Math.max(2, s.width)}"/>`);
    parts.push(`<text x="${lx + 28}" y="${ly}" dominant-baseline="middle" font-size="12">${esc(s.label)}</text>`);
  });
  return parts.join('\n');
}

/**
 * Renders the chart.
 * @param data - title, epochs, epoch rows and step losses.
 * @returns the SVG document.
 */
export function renderChart(data: ChartData): string {
  const W = 1000;
  // the title wraps (a long model description, --model cnn's, would run off both edges): about
  // 0.62 em per character of bold DejaVu Sans / Helvetica, and 20 px of margin on each side
  const titleSize = 18;
  const titleLines = wrapText(data.title, Math.floor((W - 40) / (0.62 * titleSize)));
  const top = 28 + 24 * (titleLines.length - 1);
  const y0 = top + 42;
  const H = y0 + 350;
  const rows = data.rows;
  const at = (r: EpochRow): number => (r.partial ? data.steps[data.steps.length - 1]?.x ?? r.epoch : r.epoch);
  const loss = panel(90, y0, 370, 270, 'Loss', 'cross-entropy', xRange([...data.steps.map((s) => s.x), ...rows.map(at)], data.epochs, 'zero'), [
    { label: 'train (each step)', color: '#9ecae1', points: data.steps.map((s) => [s.x, s.loss]), dots: false, width: 1 },
    { label: 'train (epoch mean)', color: '#1f77b4', points: rows.map((r) => [at(r), r.trainLoss]), dots: true, width: 2 },
    { label: 'test', color: '#d62728', points: rows.map((r) => [at(r), r.testLoss]), dots: true, width: 2 },
  ], 'top');
  const acc = panel(590, y0, 370, 270, 'Accuracy', 'accuracy (%)', xRange(rows.map(at), data.epochs, 'data'), [
    { label: 'train (epoch)', color: '#1f77b4', points: rows.map((r) => [at(r), 100 * r.trainAccuracy]), dots: true, width: 2 },
    { label: 'test', color: '#d62728', points: rows.map((r) => [at(r), 100 * r.testAccuracy]), dots: true, width: 2 },
  ], 'bottom');
  const last = rows[rows.length - 1];
  const summary =
    last === undefined
      ? 'no epoch finished'
      : `final test accuracy ${(100 * last.testAccuracy).toFixed(2)} %, test loss ${last.testLoss.toFixed(4)} after ${rows.length} epoch${rows.length === 1 ? '' : 's'}${last.partial ? ' (stopped early)' : ''}`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="DejaVu Sans, Helvetica, Arial, sans-serif">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    ...titleLines.map((line, i) => `<text x="${W / 2}" y="${28 + 24 * i}" text-anchor="middle" font-size="${titleSize}" font-weight="bold">${esc(line)}</text>`),
    loss,
    acc,
    `<text x="${W / 2}" y="${H - 12}" text-anchor="middle" font-size="13" fill="#333">${esc(summary)}</text>`,
    '</svg>',
    '',
  ].join('\n');
}
