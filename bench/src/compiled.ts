/**
 * The compiled-mode hook: the `chainrule-compiled` column runs a case's function through
 * `compile` from @chainrule/autograd (like `torch.compile`: `compile(fn)` returns a function of the
 * same signature) on the wasm backend. Until the package exports `compile`, the column is skipped
 * with the reason. Every case hands its chainrule function of tensors to {@link compiledImpl}: a
 * whole training step (zero grads, forward, loss, backward, optimizer step; returns the loss) or
 * one op.
 * @module
 */
import type { Impl } from './harness.js';
import { activate, cr } from './libs.js';

type Tensor = cr.Tensor;
type Fn = (...xs: Tensor[]) => Tensor;
/** `compile`'s shape as the bench uses it. */
export type Compile = (fn: Fn) => Fn;

/** `compile` from @chainrule/autograd, or null when it has none yet. */
export function compiler(): Compile | null {
  const c = (cr as unknown as { compile?: Compile }).compile;
  return typeof c === 'function' ? c : null;
}

/**
 * The `chainrule-compiled` implementation of a case: `make()` builds the function and its inputs
 * on the wasm backend (once, at the first activation); each call runs `compile(fn)(...inputs)`
 * and `finish` reads its result (a loss's value, or the tensor with its data computed).
 * `check` is the eager implementations' check of the last result; `first`, when given, checks the
 * results of the first two calls (a training case's first losses), made before any timing.
 */
export function compiledImpl(
  make: () => { fn: Fn; inputs: Tensor[] },
  finish: (t: Tensor) => unknown,
  check: (r: unknown) => string | null,
  first?: (results: unknown[]) => string | null,
): Impl {
  const compile = compiler();
  let step: (() => unknown) | null = null;
  let failed: string | null = null;
  return {
    lib: 'chainrule-compiled',
    skip: compile === null ? 'no compile() in @chainrule/autograd yet' : undefined,
    activate: () => {
      activate('chainrule-wasm');
      if (step !== null || failed !== null || compile === null) return;
      try {
        const { fn, inputs } = make();
        const compiled = compile(fn);
        step = () => finish(compiled(...inputs));
        if (first !== undefined) failed = first([step(), step()]);
      } catch (e) {
        failed = `compile failed: ${(e as Error).message}`;
      }
    },
    run: () => {
      if (failed !== null) return failed;
      try {
        return step!();
      } catch (e) {
        failed = `compile failed: ${(e as Error).message}`;
        return failed;
      }
    },
    check: (r) => failed ?? check(r),
  };
}
