/**
 * The ops table of the autograd package page, measured rather than written: every op of the
 * registry (test/registry) that is a Tensor method or an autograd function is called on inputs of
 * each dtype (which dtypes it accepts, and what it returns for them), and on float64 inputs that
 * require grad (whether a gradient flows back). A Tensor method covered by no registry entry and
 * not in NOT_OPS fails the docs test, so the table cannot go stale.
 */
import { grad, noGrad, tensor } from '@chainrule/autograd';
import type { DType, Tensor } from '@chainrule/autograd';
import { flattenOut } from '../golden/read.js';
import { seededTensor } from '../golden/seeded.js';
import { autogradGroups, resolveInputs } from '../registry/index.js';
import type { Input, OpEntry } from '../registry/types.js';

/** One row of the table: a registry entry of @chainrule/autograd, the first to cover its names. */
export interface Recipe {
  name: string;
  entry: OpEntry;
}

/** The autograd entries of the registry, one per Tensor method or function they first cover. */
export const RECIPES: readonly Recipe[] = (() => {
  const seen = new Set<string>();
  const out: Recipe[] = [];
  for (const group of autogradGroups) {
    for (const [name, entry] of Object.entries(group)) {
      const fresh = entry.covers.filter((c) => !seen.has(c));
      if (fresh.length === 0) continue;
      fresh.forEach((c) => seen.add(c));
      out.push({ name, entry });
    }
  }
  return out;
})();

/** The names the registry covers (Tensor methods and functions). */
export const COVERED: ReadonlySet<string> = new Set(RECIPES.flatMap((r) => r.entry.covers));

/** Tensor methods that are not ops: read-outs and autograd controls. */
export const NOT_OPS: readonly string[] = [
  'numel', 'size', 'dim', 'isContiguous', 'item', 'toArray', 'tolist', 'toString',
  'requiresGrad_', 'detach', 'retainGrad', 'registerHook', 'backward',
];

const DTYPES: readonly DType[] = ['float32', 'float64', 'int32', 'uint8', 'int8', 'bool'];

/** The entry's inputs on a small base shape, float inputs in `dtype` (ints and bools as they are). */
function sample(entry: OpEntry, dtype: DType, requiresGrad: boolean): Tensor[] {
  const base = entry.inputs === 'binary' ? [[2, 3], [2, 3]] : entry.inputs === 'unary' ? [2, 3] : [2, 3, 2];
  return resolveInputs(entry, base as never).map((input: Input, i) => {
    const t = seededTensor(input, `docs#${i}`, false);
    if (input.dtype === 'int64' || input.dtype === 'bool') return t;
    // values moved into [0.5, 1.5) so that every op is defined, then cast
    const [lo, hi] = [input.min ?? -2, input.max ?? 2];
    const v = [...t.toArray()].map((x) => 0.5 + (x - lo) / (hi - lo));
    return tensor(dtype === 'bool' ? v.map((x) => x > 1) : dtype === 'float32' || dtype === 'float64' ? v : v.map((x) => Math.round(x * 2)), {
      shape: [...t.shape],
      dtype,
      requiresGrad: requiresGrad && input.grad !== false,
    });
  });
}

/** One row of the ops table. */
export interface OpRow {
  recipe: Recipe;
  /** Per dtype: the result's dtype, or null when the op refuses that dtype. */
  dtypes: Map<DType, DType | null>;
  /** Whether a gradient flows from the result back to the first input (float64). */
  differentiable: boolean;
}

/** Runs every recipe on every dtype, and once with gradients. */
export function probeOps(): OpRow[] {
  return RECIPES.map((recipe) => {
    const { entry } = recipe;
    const dtypes = new Map<DType, DType | null>();
    for (const d of DTYPES) {
      try {
        dtypes.set(d, flattenOut(entry.fn(...sample(entry, d, false)))[0]!.dtype);
      } catch {
        dtypes.set(d, null);
      }
    }
    let differentiable = false;
    if (entry.inPlace !== true) {
      const xs = sample(entry, 'float64', true);
      const wrt = xs.filter((x) => x.requiresGrad);
      const out = flattenOut(entry.fn(...xs))[0]!;
      if (out.requiresGrad && wrt.length > 0) {
        const gs = grad(out.to('float64').sum(), wrt, { allowUnused: true });
        differentiable = gs.some((g) => g !== null && noGrad(() => g.isfinite().logicalNot().sum().item()) === 0);
      }
    }
    return { recipe, dtypes, differentiable };
  });
}

const short: Record<DType, string> = { float32: 'f32', float64: 'f64', int32: 'i32', uint8: 'u8', int8: 'i8', bool: 'bool' };

/** The ops table, as markdown. */
export function opsTable(rows: readonly OpRow[]): string {
  const lines = ['| op | gradient | dtypes (→ result) |', '|---|---|---|'];
  for (const { recipe, dtypes, differentiable } of rows) {
    const accepted = [...dtypes]
      .filter(([, out]) => out !== null)
      .map(([d, out]) => (out === d ? short[d] : `${short[d]} → ${short[out!]}`))
      .join(', ');
    const gradient = recipe.entry.inPlace === true ? 'in place' : differentiable ? '✓' : '—';
    lines.push(`| \`${recipe.entry.call}\` | ${gradient} | ${accepted} |`);
  }
  return lines.join('\n');
}
