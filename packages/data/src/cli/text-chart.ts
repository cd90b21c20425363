/**
 * The learning curve of the language model, drawn as SVG by hand: bits per character of every
 * training step and of each held-out evaluation, against the bigram baseline.
 * @module
 */
import { niceTicks } from './chart.js';

/** What the chart shows. */
export interface TextChartData {
  title: string;
  /** Training loss of each step, in bits per character. */
  steps: readonly { step: number; bits: number }[];
  /** Held-out evaluations, in bits per character. */
  evals: readonly { step: number; bits: number }[];
  /** The x axis spans 0..totalSteps. */
  totalSteps: number;
  /** The bigram baseline on the held-out text. */
  baseline: number;
  /** The final held-out bits per character, or null. */
  final: number | null;
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * Renders the chart.
 * @param d - the curves.
 * @returns the SVG document.
 */
export function renderTextChart(d: TextChartData): string {
  const [W, H, x0, y0, w, h] = [900, 460, 80, 60, 780, 320];
  const ys = [...d.steps.map((s) => s.bits), ...d.evals.map((e) => e.bits), d.baseline].filter(Number.isFinite);
  const yTicks = niceTicks(Math.min(...ys, d.baseline), Math.max(...ys, d.baseline), 6);
  const [yMin, yMax] = [yTicks[0]!, yTicks[yTicks.length - 1]!];
  const xTicks = niceTicks(0, Math.max(1, d.totalSteps), 6).filter((t) => t >= 0 && t <= d.totalSteps);
  const sx = (v: number): number => x0 + (w * v) / Math.max(1, d.totalSteps);
  const sy = (v: number): number => y0 + h - (h * (v - yMin)) / (yMax - yMin || 1);
  const line = (pts: readonly { step: number; bits: number }[]): string => pts.map((p) => `${sx(p.step).toFixed(1)},${sy(p.bits).toFixed(1)}`).join(' ');
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="DejaVu Sans, Helvetica, Arial, sans-serif">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="30" text-anchor="middle" font-size="16" font-weight="bold">${esc(d.title)}</text>`,
  ];
  for (const t of yTicks) {
    parts.push(`<line x1="${x0}" x2="${x0 + w}" y1="${sy(t).toFixed(1)}" y2="${sy(t).toFixed(1)}" stroke="#e3e3e3"/>`);
    parts.push(`<text x="${x0 - 8}" y="${sy(t).toFixed(1)}" text-anchor="end" dominant-baseline="middle" font-size="12">${t}</text>`);
  }
  for (const t of xTicks) parts.push(`<text x="${sx(t).toFixed(1)}" y="${y0 + h + 18}" text-anchor="middle" font-size="12">${t}</text>`);
  parts.push(`<rect x="${x0}" y="${y0}" width="${w}" height="${h}" fill="none" stroke="#444"/>`);
  parts.push(`<text x="${x0 + w / 2}" y="${y0 + h + 40}" text-anchor="middle" font-size="13">step</text>`);
  parts.push(`<text x="${x0 - 50}" y="${y0 + h / 2}" text-anchor="middle" font-size="13" transform="rotate(-90 ${x0 - 50} ${y0 + h / 2})">bits per character</text>`);
  parts.push(`<line x1="${x0}" x2="${x0 + w}" y1="${sy(d.baseline).toFixed(1)}" y2="${sy(d.baseline).toFixed(1)}" stroke="#2ca02c" stroke-width="2" stroke-dasharray="6 4"/>`);
  if (d.steps.length > 0) parts.push(`<polyline points="${line(d.steps)}" fill="none" stroke="#9ecae1" stroke-width="1"/>`);
  if (d.evals.length > 0) {
    parts.push(`<polyline points="${line(d.evals)}" fill="none" stroke="#d62728" stroke-width="2"/>`);
    for (const e of d.evals) parts.push(`<circle cx="${sx(e.step).toFixed(1)}" cy="${sy(e.bits).toFixed(1)}" r="3.5" fill="#d62728"/>`);
  }
  const legend: [string, string][] = [
    ['#9ecae1', 'training batch (each step)'],
    ['#d62728', 'held-out sample (each evaluation)'],
    ['#2ca02c', `bigram baseline ${d.baseline.toFixed(3)}`],
  ];
  legend.forEach(([color, label], i) => {
    const ly = y0 + 18 + 18 * i;
    parts.push(`<rect x="${x0 + w - 250}" y="${ly - 10}" width="244" height="18" fill="white" fill-opacity="0.85"/>`);
    parts.push(`<line x1="${x0 + w - 244}" x2="${x0 + w - 222}" y1="${ly}" y2="${ly}" stroke="${color}" stroke-width="2"/>`);
    parts.push(`<text x="${x0 + w - 216}" y="${ly}" dominant-baseline="middle" font-size="12">${esc(label)}</text>`);
  });
  const summary =
    d.final === null
      ? 'no step finished'
      : `held-out text: ${d.final.toFixed(3)} bits/char, bigram baseline ${d.baseline.toFixed(3)} (${((100 * d.final) / d.baseline).toFixed(1)} % of it)`;
  parts.push(`<text x="${W / 2}" y="${H - 14}" text-anchor="middle" font-size="13" fill="#333">${esc(summary)}</text>`, '</svg>', '');
  return parts.join('\n');
}
