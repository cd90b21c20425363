import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tensor } from '@chainrule/autograd';
import { nn, SafetensorsError } from '@chainrule/nn';
import { loadSafetensorsFile, loadSafetensorsFileWithMetadata, saveSafetensorsFile } from '@chainrule/data';

const dir = mkdtempSync(join(tmpdir(), 'chainrule-st-'));
const goldenFile = fileURLToPath(new URL('../../../test/golden/mlp.safetensors', import.meta.url));

describe('saveSafetensorsFile / loadSafetensorsFile', () => {
  it('round-trips a state dict bit for bit, with metadata, leaving no temporary file', async () => {
    const model = new nn.Sequential(new nn.Linear(4, 3), new nn.Tanh(), new nn.Linear(3, 2, { dtype: 'float64' }));
    const file = join(dir, 'rt.safetensors');
    await saveSafetensorsFile(file, model.stateDict(), { metadata: { format: 'pt' } });
    const { tensors, metadata } = await loadSafetensorsFileWithMetadata(file);
    expect(metadata).toEqual({ format: 'pt' });
    const sd = model.stateDict();
    expect(Object.keys(tensors)).toEqual(Object.keys(sd));
    for (const [k, t] of Object.entries(sd)) {
      expect(tensors[k]!.dtype).toBe(t.dtype);
      expect(tensors[k]!.shape).toEqual(t.shape);
      expect(Array.from(tensors[k]!.toArray())).toEqual(Array.from(t.toArray()));
    }
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it("reads the file PyTorch's side wrote (pnpm golden) into the matching Sequential", async () => {
    const model = new nn.Sequential(new nn.Linear(6, 8), new nn.Tanh(), new nn.Linear(8, 8), new nn.ReLU(), new nn.Linear(8, 3));
    const loaded = await loadSafetensorsFile(goldenFile);
    expect(Object.keys(loaded).sort()).toEqual(['0.bias', '0.weight', '2.bias', '2.weight', '4.bias', '4.weight']);
    expect(loaded['0.weight']!.shape).toEqual([8, 6]);
    const missing = model.loadStateDict(loaded);
    expect(missing).toEqual({ missingKeys: [], unexpectedKeys: [] });
  });

  it('names the file and the problem for a malformed file', async () => {
    const file = join(dir, 'bad.safetensors');
    writeFileSync(file, Uint8Array.from([200, 0, 0, 0, 0, 0, 0, 0, 123]));
    const err = await loadSafetensorsFile(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SafetensorsError);
    expect((err as Error).message).toContain(file);
    expect((err as Error).message).toMatch(/header/);
  });

  it('names the file for a bad tensor name and writes nothing', async () => {
    const file = join(dir, 'never.safetensors');
    const err = await saveSafetensorsFile(file, { ['__proto__']: tensor([1]) } as never).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SafetensorsError);
    expect((err as Error).message).toContain(file);
    expect(readdirSync(dir)).not.toContain('never.safetensors');
  });

  it('passes the file system error through for a missing file', async () => {
    await expect(loadSafetensorsFile(join(dir, 'absent.safetensors'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
