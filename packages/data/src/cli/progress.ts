/**
 * What `pnpm train` prints while it runs: a progress bar on a terminal, plain lines in logs,
 * and the final table.
 * @module
 */

/** Where text goes (a stream's `write`). */
export interface Out {
  write(text: string): unknown;
}

/** One step's figures. */
export interface StepInfo {
  epoch: number;
  epochs: number;
  /** Steps done in this epoch. */
  step: number;
  /** Steps in this epoch. */
  steps: number;
  /** Mean training loss of the epoch so far. */
  loss: number;
  /** Training samples per second in this epoch so far. */
  samplesPerSecond: number;
  /** Seconds since the epoch started. */
  elapsed: number;
}

/** One finished epoch's figures (what the table shows). */
export interface EpochRow {
  epoch: number;
  trainLoss: number;
  trainAccuracy: number;
  testLoss: number;
  testAccuracy: number;
  /** Training seconds (without the evaluation). */
  seconds: number;
  /** Whether Ctrl-C cut the epoch short. */
  partial: boolean;
}

/** Formats seconds as `m:ss` (or `h:mm:ss`). */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

function eta(info: StepInfo): number {
  return info.step === 0 ? 0 : (info.elapsed / info.step) * (info.steps - info.step);
}

/** The line that ends an epoch. */
export function epochLine(row: EpochRow, epochs: number): string {
  const tag = row.partial ? ' (stopped early)' : '';
  return (
    `epoch ${row.epoch}/${epochs}${tag}  train loss ${row.trainLoss.toFixed(4)}  train acc ${pct(row.trainAccuracy)}` +
    `  test loss ${row.testLoss.toFixed(4)}  test acc ${pct(row.testAccuracy)}  ${row.seconds.toFixed(1)} s`
  );
}

function pct(x: number): string {
  return `${(100 * x).toFixed(2)} %`;
}

/** Reports training progress. */
export interface Reporter {
  step(info: StepInfo): void;
  epoch(row: EpochRow, epochs: number): void;
  /** Prints a message on its own line (clearing a bar first). */
  line(text: string): void;
}

/**
 * A one-line bar redrawn in place (at most every `intervalMs`):
 * `epoch 1/5 [#######-------------]  22/63  loss 0.6931  2650 samples/s  ETA 0:02`.
 */
export function barReporter(out: Out, opts: { width?: number; intervalMs?: number; now?: () => number } = {}): Reporter {
  const width = opts.width ?? 24;
  const interval = opts.intervalMs ?? 100;
  const now = opts.now ?? (() => performance.now());
  let last = -Infinity;
  let shown = false;
  const clear = (): void => {
    if (shown) out.write('\r\x1b[2K');
    shown = false;
  };
  return {
    step(info) {
      const t = now();
      if (info.step !== info.steps && t - last < interval) return;
      last = t;
      const filled = Math.round((width * info.step) / info.steps);
      const bar = '#'.repeat(filled) + '-'.repeat(width - filled);
      const n = String(info.steps).length;
      out.write(
        `\r\x1b[2Kepoch ${info.epoch}/${info.epochs} [${bar}] ${String(info.step).padStart(n)}/${info.steps}` +
          `  loss ${info.loss.toFixed(4)}  ${Math.round(info.samplesPerSecond)} samples/s  ETA ${clock(eta(info))}`,
      );
      shown = true;
    },
    epoch(row, epochs) {
      clear();
      out.write(`${epochLine(row, epochs)}\n`);
    },
    line(text) {
      clear();
      out.write(`${text}\n`);
    },
  };
}

/**
 * Plain lines for logs: about `linesPerEpoch` step lines per epoch (and the last step), then
 * the epoch line: `epoch 1/5  step 16/63  loss 0.6931  2650 samples/s  ETA 0:02`.
 */
export function plainReporter(out: Out, opts: { linesPerEpoch?: number } = {}): Reporter {
  const per = opts.linesPerEpoch ?? 4;
  return {
    step(info) {
      const every = Math.max(1, Math.ceil(info.steps / per));
      if (info.step % every !== 0 && info.step !== info.steps) return;
      out.write(
        `epoch ${info.epoch}/${info.epochs}  step ${info.step}/${info.steps}  loss ${info.loss.toFixed(4)}` +
          `  ${Math.round(info.samplesPerSecond)} samples/s  ETA ${clock(eta(info))}\n`,
      );
    },
    epoch(row, epochs) {
      out.write(`${epochLine(row, epochs)}\n`);
    },
    line(text) {
      out.write(`${text}\n`);
    },
  };
}

/** The final table: epoch, train loss, test loss, test accuracy, time. */
export function table(rows: readonly EpochRow[]): string {
  const head = ['epoch', 'train loss', 'train acc', 'test loss', 'test acc', 'time (s)'];
  const body = rows.map((r) => [
    `${r.epoch}${r.partial ? '*' : ''}`,
    r.trainLoss.toFixed(4),
    pct(r.trainAccuracy),
    r.testLoss.toFixed(4),
    pct(r.testAccuracy),
    r.seconds.toFixed(1),
  ]);
  const widths = head.map((h, c) => Math.max(h.length, ...body.map((r) => r[c]!.length)));
  const fmt = (cells: string[]): string => cells.map((x, c) => x.padStart(widths[c]!)).join('  ');
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const lines = [fmt(head), rule, ...body.map(fmt)];
  if (rows.some((r) => r.partial)) lines.push('* stopped early by Ctrl-C');
  return lines.join('\n');
}
