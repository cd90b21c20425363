/**
 * Option objects in nn: an option a function or layer does not take is an error naming it, never
 * ignored (autograd's ops do the same; nn reaches autograd through its public API only).
 * @module
 */

/** Throws when `opts` holds a key that `op` does not take. */
export function checkOptions(op: string, opts: object | undefined, allowed: readonly string[]): void {
  if (opts === undefined) return;
  if (opts === null || typeof opts !== 'object') throw new TypeError(`${op}: options must be an object, got ${String(opts)}`);
  const unknown = Object.keys(opts).filter((k) => !allowed.includes(k));
  if (unknown.length > 0) throw new TypeError(`${op}: unknown option '${unknown[0]}' (it takes ${allowed.join(', ') || 'none'})`);
}
