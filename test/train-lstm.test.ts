/**
 * `pnpm train --model lstm` on small settings: its options, the run end to end (outputs, the final
 * line, weights under PyTorch's module names, loading back into the same model). The default run's
 * result is in the README (it takes minutes).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tensor } from '@chainrule/autograd';
import { loadSafetensors } from '@chainrule/nn';
import { parseArgs, UsageError } from '../packages/data/src/cli/args.js';
import { CharLSTM } from '../packages/data/src/cli/lstm.js';
import { main } from '../packages/data/src/cli/main.js';
import { LSTM_RECIPE } from '../packages/data/src/cli/text-run.js';
import type { TextMetrics } from '../packages/data/src/cli/text-run.js';

const tmp = mkdtempSync(join(tmpdir(), 'chainrule-lstm-'));

describe('train --model lstm: options', () => {
  it("has its recipe's defaults, takes --hidden and --steps, and refuses the image options", () => {
    expect(parseArgs(['--model', 'lstm'])).toMatchObject({ model: 'lstm', lr: LSTM_RECIPE.lr, batchSize: LSTM_RECIPE.batchSize, hidden: LSTM_RECIPE.hidden, steps: null });
    expect(parseArgs(['--model', 'lstm', '--hidden', '64', '--steps', '7'])).toMatchObject({ hidden: 64, steps: 7 });
    expect(() => parseArgs(['--model', 'lstm', '--epochs', '2'])).toThrow(new UsageError('--epochs does not apply to --model lstm'));
    expect(() => parseArgs(['--model', 'lstm', '--optimizer', 'sgd'])).toThrow(new UsageError('--optimizer does not apply to --model lstm'));
  });
});

describe('train --model lstm: a small run end to end', () => {
  it('trains, evaluates, samples, prints the final line and writes the four files', async () => {
    const out = join(tmp, 'small');
    let text = '';
    let err = '';
    const args = ['--model', 'lstm', '--steps', '4', '--hidden', '16', '--max-train', '4000', '--max-test', '300', '--sample-length', '20', '--out', out, '--progress', 'plain'];
    const code = await main(args, { stdout: { write: (s: string) => (text += s) }, stderr: { write: (s: string) => (err += s) } });
    expect([err, code]).toEqual(['', 0]);
    const lines = text.trimEnd().split('\n');
    expect(lines.at(-1)).toMatch(/^test: \d+\.\d{3} bits\/char \(bigram baseline \d+\.\d{3} bits\/char\)$/);
    expect(text).toContain('model     character LSTM: embedding 64, 2 layers of 16, windows of 64');
    expect(text).toContain('training  adam lr 0.003');
    expect(text).toMatch(/step 4\/4 {2}train loss \d/);
    const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')) as TextMetrics;
    expect(metrics.steps).toHaveLength(4);
    expect(metrics.model).toContain('(rnn): LSTM(64, 16, num_layers=2, batch_first=True)');
    expect(lines.at(-1)).toBe(`test: ${metrics.final!.testBitsPerChar.toFixed(3)} bits/char (bigram baseline ${metrics.final!.bigramBitsPerChar.toFixed(3)} bits/char)`);
    expect(metrics.samples).toHaveLength(LSTM_RECIPE.samples);
    for (const s of metrics.samples) expect([...s].length).toBe(LSTM_RECIPE.prompt.length + 20);
    expect(readFileSync(join(out, 'chart.svg'), 'utf8')).toContain('bigram baseline');
    // the weights, under PyTorch's names, load into the same model and give the same logits
    const file = loadSafetensors(new Uint8Array(readFileSync(join(out, 'model.safetensors'))), { metadata: true });
    expect(file.metadata.model).toBe('CharLSTM');
    expect(Object.keys(file.tensors).sort()).toEqual(
      ['decoder.bias', 'decoder.weight', 'encoder.weight', ...['ih', 'hh'].flatMap((k) => [0, 1].flatMap((l) => [`rnn.weight_${k}_l${l}`, `rnn.bias_${k}_l${l}`]))].sort(),
    );
    const model = new CharLSTM(JSON.parse(file.metadata.config!) as ConstructorParameters<typeof CharLSTM>[0]);
    expect(model.loadStateDict(file.tensors)).toEqual({ missingKeys: [], unexpectedKeys: [] });
    const logits = model.forward(tensor([[1, 2, 3]], { dtype: 'int32' }));
    expect(logits.shape).toEqual([1, 3, 89]);
    expect(model.pytorchSource()).toContain('nn.LSTM(64, 16, 2, dropout=0, batch_first=True)');
  }, 240_000);
});
