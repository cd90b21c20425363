/**
 * The op registry: every op the tests check, in one list (see ./types.ts). The gradient property
 * test, the PyTorch parity test and the docs ops table all read `registry`.
 */
import { activationMoreOps } from './activations.js';
import { attentionOps, samplingOps } from './attention.js';
import { activationOps, layerOps, lossOps } from './functional.js';
import { indexOps, scanOps, scatterInPlaceOps, scatterOps, sortOps } from './indexing.js';
import { nnFunctionalGroups } from './nn-functional.js';
import { bitwiseOps, pointwiseOps, reduceMoreOps, roundingOps, smallIntOps, transcendentalOps } from './math.js';
import { binaryOps, inPlaceOps, logicOps, matrixOps, reduceOps, shapeOps, unaryOps } from './ops.js';
import { recurrentOps } from './recurrent.js';
import { newOps, productOps, rearrangeOps } from './rearrange.js';
import type { Input, OpEntry } from './types.js';

/** The groups of @chainrule/autograd's ops (Tensor methods and autograd functions: the docs ops table lists them). A new group goes here. */
export const autogradGroups: readonly Record<string, OpEntry>[] = [
  unaryOps, binaryOps, reduceOps, matrixOps, shapeOps, logicOps, inPlaceOps, samplingOps,
  transcendentalOps, roundingOps, pointwiseOps, reduceMoreOps, bitwiseOps, smallIntOps, recurrentOps,
  scanOps, sortOps, scatterOps, indexOps, scatterInPlaceOps, rearrangeOps, productOps, newOps,
];
/** The groups of @chainrule/nn/functional's ops. */
export const functionalGroups: readonly Record<string, OpEntry>[] = [lossOps, layerOps, activationOps, activationMoreOps, attentionOps, ...nnFunctionalGroups];

/** Every op, by a unique name. */
export const registry: Record<string, OpEntry> = {};
for (const group of [...autogradGroups, ...functionalGroups]) {
  for (const [name, entry] of Object.entries(group)) {
    if (name in registry) throw new Error(`op registry: '${name}' is defined twice`);
    registry[name] = entry;
  }
}

/** The inputs of `entry` for a base shape (for 'binary', a pair of shapes), value ranges filled in. */
export function resolveInputs(entry: OpEntry, base: readonly number[] | readonly (readonly number[])[]): Input[] {
  const range = (i: Input): Input => ({ ...(entry.min === undefined ? {} : { min: entry.min }), ...(entry.max === undefined ? {} : { max: entry.max }), ...i });
  if (entry.inputs === 'unary') return [range({ shape: base as readonly number[] })];
  if (entry.inputs === 'binary') {
    const [a, b] = base as readonly (readonly number[])[];
    return [range({ shape: a! }), range({ shape: b! })];
  }
  return entry.inputs(base as readonly number[]).map(range);
}

const UNARY_BASES: readonly (readonly number[])[] = [[], [3, 4], [2, 3, 2]];
const BINARY_BASES: readonly (readonly (readonly number[])[])[] = [[[3, 4], [3, 4]], [[2, 3, 4], [4]], [[3, 1], [1, 4]], [[2, 1], []]];
const CUSTOM_BASES: readonly (readonly number[])[] = [[2, 3, 2], [3, 2, 3]];

/** One PyTorch parity case: an entry on concrete inputs. Its key names its seeds. */
export interface ParityCase {
  key: string;
  name: string;
  entry: OpEntry;
  inputs: Input[];
}

/** The parity cases of every entry that has a PyTorch expression (duplicates of inputs dropped). */
export function parityCases(): ParityCase[] {
  const out: ParityCase[] = [];
  for (const [name, entry] of Object.entries(registry)) {
    if (entry.torch === null) continue;
    const bases =
      entry.parity ?? (entry.inputs === 'unary' ? UNARY_BASES.filter((b) => b.length >= (entry.minDims ?? 0)) : entry.inputs === 'binary' ? BINARY_BASES : CUSTOM_BASES);
    const seen = new Set<string>();
    for (const base of bases) {
      const inputs = resolveInputs(entry, base as readonly number[]);
      const id = JSON.stringify(inputs);
      if (seen.has(id)) continue;
      seen.add(id);
      out.push({ key: `${name}/${seen.size - 1}`, name, entry, inputs });
    }
  }
  return out;
}
