/**
 * @internal Module hooks: the call of a module with its forward pre-hooks and forward hooks, and
 * full backward hooks, which see the gradients of a module's inputs and outputs. A backward hook
 * works as PyTorch's `BackwardHook`: the tensor inputs pass through an identity op whose backward
 * calls the hooks, the outputs through one whose backward records their gradients first.
 * @module
 */
import { defineFunction, Tensor } from '@chainrule/autograd';

/** @internal A forward pre-hook: sees the arguments; returns replacements (an array, or one tensor) or nothing. */
export type AnyPreHook = (module: never, args: unknown[]) => unknown;
/** @internal A forward hook: sees the arguments and the output; returns a replacement output or nothing. */
export type AnyForwardHook = (module: never, args: unknown[], output: unknown) => unknown;
/** @internal A full backward hook: sees the gradients of the inputs and outputs; returns replacement input gradients or nothing. */
export type AnyBackwardHook = (module: never, gradInput: (Tensor | null)[], gradOutput: (Tensor | null)[]) => unknown;

/** @internal The hooks of one module, each list keyed by registration id (insertion order is call order). */
export interface HookLists {
  pre: Map<number, AnyPreHook>;
  forward: Map<number, AnyForwardHook>;
  backward: Map<number, AnyBackwardHook>;
}

/** Runs the backward hooks on the gradients of the inputs; returns the (possibly replaced) gradients. */
function runBackwardHooks(module: unknown, hooks: Map<number, AnyBackwardHook>, gradInput: (Tensor | null)[], gradOutput: (Tensor | null)[]): (Tensor | null)[] {
  let current = gradInput;
  for (const hook of [...hooks.values()]) {
    const r = hook(module as never, current, gradOutput);
    if (r === undefined) continue;
    if (!Array.isArray(r) || r.length !== current.length) {
      throw new Error(`backward hook: expected an array of ${current.length} gradients (one per input) or nothing, got ${Array.isArray(r) ? `${r.length} values` : typeof r}`);
    }
    current = r as (Tensor | null)[];
  }
  return current;
}

const identity = (name: string, backward: (grads: Tensor[]) => (Tensor | null)[]) =>
  defineFunction({
    name,
    forward: (_ctx, ...ts: Tensor[]) => ts,
    backward: (_ctx, ...grads: Tensor[]) => backward(grads),
  });

/**
 * @internal Calls `forward` with the module's hooks: pre-hooks, the backward hooks' input identity,
 * the forward, forward hooks, the backward hooks' output identity (PyTorch's order).
 */
export function callWithHooks(module: object, hooks: HookLists, forward: (...args: unknown[]) => unknown, given: unknown[]): unknown {
  let args = given;
  for (const hook of [...hooks.pre.values()]) {
    const r = hook(module as never, args);
    if (r !== undefined) args = Array.isArray(r) ? r : [r];
  }
  const backward = hooks.backward.size > 0 ? hooks.backward : null;
  let gradOutput: (Tensor | null)[] = [];
  let inputsNeedGrad = false;
  if (backward !== null) {
    const positions = args.map((a, i) => (a instanceof Tensor && a.requiresGrad ? i : -1)).filter((i) => i >= 0);
    inputsNeedGrad = positions.length > 0;
    if (inputsNeedGrad) {
      const fn = identity('BackwardHookFunctionBackward', (grads) => {
        const gradInput: (Tensor | null)[] = args.map(() => null);
        positions.forEach((p, j) => (gradInput[p] = grads[j]!));
        const result = runBackwardHooks(module, backward, gradInput, gradOutput);
        return positions.map((p) => result[p] ?? null);
      });
      const wrapped = fn(...positions.map((p) => args[p] as Tensor));
      args = [...args];
      positions.forEach((p, j) => (args[p] = wrapped[j]));
    }
  }
  let out = forward(...args);
  for (const hook of [...hooks.forward.values()]) {
    const r = hook(module as never, args, out);
    if (r !== undefined) out = r;
  }
  if (backward !== null) {
    const list = out instanceof Tensor ? [out] : Array.isArray(out) ? out : [];
    const positions = list.map((o, i) => (o instanceof Tensor && o.requiresGrad ? i : -1)).filter((i) => i >= 0);
    if (positions.length > 0) {
      const fn = identity('BackwardHookFunctionBackward', (grads) => {
        gradOutput = list.map(() => null);
        positions.forEach((p, j) => (gradOutput[p] = grads[j]!));
        // no input takes a gradient: the hooks run now, with null input gradients (as PyTorch)
        if (!inputsNeedGrad) runBackwardHooks(module, backward, args.map(() => null), gradOutput);
        return grads;
      });
      const wrapped = fn(...positions.map((p) => list[p] as Tensor));
      if (out instanceof Tensor) out = wrapped[0];
      else {
        const copy = [...list];
        positions.forEach((p, j) => (copy[p] = wrapped[j]));
        out = copy;
      }
    }
  }
  return out;
}
