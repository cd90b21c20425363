/**
 * `pnpm train`: the command line around {@link runTraining}.
 * @module
 */
import { MnistFilesNotFoundError } from '../mnist/files.js';
import { parseArgs, UsageError, USAGE } from './args.js';
import { barReporter, plainReporter } from './progress.js';
import type { Out } from './progress.js';
import { runTraining } from './run.js';
import type { RunResult } from './run.js';

/** The process around the command: streams, signals, and the working directory. */
export interface MainIO {
  stdout: Out & { isTTY?: boolean };
  stderr: Out;
  /** Registers the Ctrl-C handler; returns its removal. */
  onSigint?: (handler: () => void) => () => void;
  /** Ends the process at once (a second Ctrl-C). */
  exit?: (code: number) => void;
  cwd?: string;
  /** Receives the result of a finished run (for tests). */
  onResult?: (result: RunResult) => void;
  /** The clock in milliseconds (default `performance.now`). */
  now?: () => number;
}

function firstLine(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return msg.split('\n')[0]!;
}

/**
 * Runs `pnpm train` with `argv` (the arguments after the script).
 * @param argv - the command-line arguments.
 * @param io - streams and signal hooks.
 * @returns the exit code: 0 done, 1 failed, 2 bad usage or data not found, 130 stopped by Ctrl-C.
 */
export async function main(argv: readonly string[], io: MainIO): Promise<number> {
  let config;
  try {
    config = parseArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr.write(`train: error: ${e.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (config === 'help') {
    io.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const tty = config.progress === 'bar' || (config.progress === 'auto' && io.stdout.isTTY === true);
  const reporter = tty ? barReporter(io.stdout) : plainReporter(io.stdout);
  let stop = false;
  let stoppedAt = 0;
  const now = io.now ?? (() => performance.now());
  const remove = io.onSigint?.(() => {
    // One press of Ctrl-C can arrive twice: the terminal signals the whole process group, and a
    // wrapper in it may forward the signal it got (npm's and pnpm's `sh -c` runners, tsx's CLI
    // do). So only a press more than a second after the first one quits at once.
    if (stop && now() - stoppedAt < 1000) return;
    if (stop) {
      io.stderr.write('\ntrain: second Ctrl-C, quitting without writing\n');
      io.exit?.(130);
      return;
    }
    stop = true;
    stoppedAt = now();
    reporter.line('Ctrl-C: stopping after this step (another Ctrl-C a second or more later quits without writing)');
  });
  try {
    const result = await runTraining(config, { reporter, shouldStop: () => stop, ...(io.cwd === undefined ? {} : { cwd: io.cwd }) });
    io.onResult?.(result);
    return result.metrics.interrupted ? 130 : 0;
  } catch (e) {
    if (e instanceof MnistFilesNotFoundError) {
      io.stderr.write(`train: error: ${firstLine(e)}\n\n${USAGE}\n`);
      return 2;
    }
    io.stderr.write(`train: error: ${firstLine(e)}\n`);
    return 1;
  } finally {
    remove?.();
  }
}
