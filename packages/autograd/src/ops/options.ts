/**
 * Option objects: an option an op does not take is an error naming it, never ignored.
 * @module
 */

/** Throws when `opts` holds a key that `op` does not take. */
export function checkOptions(op: string, opts: object | undefined, allowed: readonly string[]): void {
  if (opts === undefined) return;
  if (opts === null || typeof opts !== 'object') throw new TypeError(`${op}: options must be an object, got ${String(opts)}`);
  for (const key of Object.keys(opts)) {
    if (!allowed.includes(key)) throw new TypeError(`${op}: unknown option '${key}' (${allowed.length === 0 ? 'it takes none' : `it takes ${allowed.join(', ')}`})`);
  }
}

/** `opts`, after {@link checkOptions}. */
export function checked<T extends object>(op: string, opts: T | undefined, allowed: readonly (keyof T & string)[]): T | undefined {
  checkOptions(op, opts, allowed);
  return opts;
}
