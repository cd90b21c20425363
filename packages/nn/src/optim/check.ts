/**
 * Option checks of the optimizers, with PyTorch's messages prefixed by the optimizer's name
 * (`Adagrad: Invalid learning rate: -1`).
 * @module
 */

/**
 * Checks that `value` is a number (TypeError otherwise) and that `ok(value)` holds (RangeError
 * otherwise; NaN never passes a comparison, so it is refused too).
 * @internal
 */
export function checkNumber(optimizer: string, key: string, label: string, value: unknown, ok: (v: number) => boolean): void {
  if (typeof value !== 'number') throw new TypeError(`${optimizer}: ${key} must be a number, got ${typeof value}`);
  if (!ok(value)) throw new RangeError(`${optimizer}: Invalid ${label}: ${value}`);
}

/** Checks a pair of numbers (betas, etas, step sizes). @internal */
export function checkPair(optimizer: string, key: string, value: unknown): readonly [number, number] {
  if (!Array.isArray(value) || value.length !== 2 || value.some((v) => typeof v !== 'number')) {
    throw new TypeError(`${optimizer}: ${key} must be a pair of numbers, got ${JSON.stringify(value)}`);
  }
  return value as unknown as readonly [number, number];
}

/** Checks a boolean option. @internal */
export function checkBoolean(optimizer: string, key: string, value: unknown): void {
  if (typeof value !== 'boolean') throw new TypeError(`${optimizer}: ${key} must be a boolean, got ${typeof value}`);
}

/** The checks most optimizers share: lr ≥ 0, eps ≥ 0, weightDecay ≥ 0, betas in [0, 1). @internal */
export function checkCommon(optimizer: string, d: { lr: number; eps?: number; weightDecay?: number; betas?: readonly [number, number]; maximize?: boolean }): void {
  checkNumber(optimizer, 'lr', 'learning rate', d.lr, (v) => v >= 0);
  if ('eps' in d) checkNumber(optimizer, 'eps', 'epsilon value', d.eps, (v) => v >= 0);
  if ('betas' in d) {
    checkPair(optimizer, 'betas', d.betas).forEach((b, i) => {
      if (!(b >= 0 && b < 1)) throw new RangeError(`${optimizer}: Invalid beta parameter at index ${i}: ${b}`);
    });
  }
  if ('weightDecay' in d) checkNumber(optimizer, 'weightDecay', 'weight_decay value', d.weightDecay, (v) => v >= 0);
  if ('maximize' in d) checkBoolean(optimizer, 'maximize', d.maximize);
}
