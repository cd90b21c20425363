/**
 * Keyed containers: `ModuleDict` and `ParameterDict`, whose entries keep the keys the user chose,
 * verbatim, in state dicts and printing (no snake_case conversion), with a Map's API.
 * @module
 */
import { Tensor } from '@chainrule/autograd';
import { Module } from '../module.js';
import type { AnyModule } from '../module.js';
import { Parameter } from '../parameter.js';
import { parameterLine } from './container.js';

function checkKey(key: string, op: string): void {
  if (typeof key !== 'string') throw new TypeError(`${op}: keys must be strings, got ${typeof key}`);
  if (key === '' || key.includes('.')) throw new RangeError(`${op}: a key must be non-empty and contain no "." (got "${key}")`);
}

const entriesOf = <V>(given: Readonly<Record<string, V>> | Iterable<readonly [string, V]>): [string, V][] =>
  Symbol.iterator in Object(given) ? [...(given as Iterable<readonly [string, V]>)].map(([k, v]) => [k, v]) : Object.entries(given as Record<string, V>);

/**
 * Holds submodules under keys, like `torch.nn.ModuleDict`: the keys are the names in state dicts
 * and printing, verbatim, in insertion order (a plain object's integer-like keys come first, as
 * JavaScript orders them; give a Map or pairs to choose the order). A Map's API: `get`, `set`,
 * `has`, `delete`, `keys`, `values`, `entries`, `size`, plus PyTorch's `pop`, `update`, `clear`.
 * It has no `forward` of its own.
 * @typeParam M - the type of the modules held.
 * @example
 * ```ts
 * import { ones } from '@chainrule/autograd';
 * import { nn } from '@chainrule/nn';
 * const heads = new nn.ModuleDict({ classify: new nn.Linear(4, 3), regressOut: new nn.Linear(4, 1) });
 * heads.get('regressOut').forward(ones([2, 4])).shape; // [2, 1]
 * Object.keys(heads.stateDict()); // ['classify.weight', 'classify.bias', 'regressOut.weight', 'regressOut.bias']
 * String(heads); // ModuleDict(
 * //   (classify): Linear(in_features=4, out_features=3, bias=True)
 * //   (regressOut): Linear(in_features=4, out_features=1, bias=True)
 * // )
 * ```
 */
export class ModuleDict<M extends AnyModule = AnyModule> extends Module<never[], never> implements Iterable<[string, M]> {
  readonly #modules = new Map<string, M>();

  /**
   * @param modules - the initial entries: an object, a Map or `[key, module]` pairs.
   * @throws RangeError for an empty key or one containing a dot.
   */
  constructor(modules: Readonly<Record<string, M>> | Iterable<readonly [string, M]> = {}) {
    super();
    this.update(modules);
  }

  /**
   * Keys are names as they are (a ModuleDict's `regressOut` stays `regressOut`).
   * @param property - the key.
   * @returns the key.
   * @example new nn.ModuleDict().stateName('fcOut'); // 'fcOut'
   */
  override stateName(property: string): string {
    return property;
  }

  /**
   * The entries as `[key, module]` pairs, for the traversals.
   * @returns the entries in order.
   * @example new nn.ModuleDict({ a: new nn.ReLU() }).namedChildren().map(([k]) => k); // ['a']
   */
  override namedChildren(): [string, AnyModule][] {
    return [...this.#modules];
  }

  /** The number of entries. */
  get size(): number {
    return this.#modules.size;
  }

  /**
   * The module under `key`, like `d[key]`.
   * @param key - the key.
   * @returns the module.
   * @throws RangeError when there is no such key.
   * @example
   * ```ts
   * new nn.ModuleDict({ act: new nn.ReLU() }).get('act').getName(); // 'ReLU'
   * new nn.ModuleDict().get('act'); // throws RangeError: no key 'act'
   * ```
   */
  get(key: string): M {
    const m = this.#modules.get(key);
    if (m === undefined) throw new RangeError(`ModuleDict.get: no key '${key}' (keys: ${[...this.#modules.keys()].join(', ')})`);
    return m;
  }

  /**
   * Adds or replaces the module under `key`, like `d[key] = module`.
   * @param key - the key: non-empty, without dots.
   * @param module - the module.
   * @returns this dict.
   * @throws RangeError for an empty key or one containing a dot.
   * @throws TypeError for a value that is not a module.
   * @example
   * ```ts
   * new nn.ModuleDict().set('act', new nn.Tanh()).size; // 1
   * ```
   */
  set(key: string, module: M): this {
    checkKey(key, 'ModuleDict.set');
    if (!(module instanceof Module)) throw new TypeError(`ModuleDict.set: ${String(module)} is not a Module`);
    this.#modules.set(key, module);
    return this;
  }

  /**
   * Whether there is a module under `key`, like `key in d`.
   * @param key - the key.
   * @returns true when there is.
   * @example new nn.ModuleDict({ a: new nn.ReLU() }).has('a'); // true
   */
  has(key: string): boolean {
    return this.#modules.has(key);
  }

  /**
   * Removes the module under `key`, like `del d[key]`.
   * @param key - the key.
   * @returns whether there was one.
   * @example new nn.ModuleDict({ a: new nn.ReLU() }).delete('a'); // true
   */
  delete(key: string): boolean {
    return this.#modules.delete(key);
  }

  /**
   * Removes the module under `key` and returns it, like `ModuleDict.pop`.
   * @param key - the key.
   * @returns the module.
   * @throws RangeError when there is no such key.
   * @example
   * ```ts
   * const d = new nn.ModuleDict({ a: new nn.ReLU(), b: new nn.Tanh() });
   * d.pop('a').getName(); // 'ReLU'
   * d.keys(); // ['b']
   * ```
   */
  pop(key: string): M {
    const m = this.get(key);
    this.#modules.delete(key);
    return m;
  }

  /**
   * Adds or replaces entries, like `ModuleDict.update`.
   * @param modules - an object, a Map or `[key, module]` pairs.
   * @returns this dict.
   * @throws RangeError for an empty key or one containing a dot.
   * @example new nn.ModuleDict().update([['a', new nn.ReLU()]]).size; // 1
   */
  update(modules: Readonly<Record<string, M>> | Iterable<readonly [string, M]>): this {
    for (const [k, m] of entriesOf(modules)) this.set(k, m);
    return this;
  }

  /**
   * Removes every entry, like `ModuleDict.clear`.
   * @example
   * ```ts
   * const d = new nn.ModuleDict({ a: new nn.ReLU() });
   * d.clear();
   * d.size; // 0
   * ```
   */
  clear(): void {
    this.#modules.clear();
  }

  /**
   * The keys, in order.
   * @returns the keys.
   * @example new nn.ModuleDict({ b: new nn.ReLU(), a: new nn.Tanh() }).keys(); // ['b', 'a']
   */
  keys(): string[] {
    return [...this.#modules.keys()];
  }

  /**
   * The modules, in order.
   * @returns the modules.
   * @example new nn.ModuleDict({ a: new nn.ReLU() }).values().map(String); // ['ReLU()']
   */
  values(): M[] {
    return [...this.#modules.values()];
  }

  /**
   * The `[key, module]` pairs, in order (PyTorch's `items()`).
   * @returns the pairs.
   * @example new nn.ModuleDict({ a: new nn.ReLU() }).entries().map(([k, m]) => `${k}: ${m}`); // ['a: ReLU()']
   */
  entries(): [string, M][] {
    return [...this.#modules];
  }

  /**
   * Iterates over the `[key, module]` pairs, as a Map does.
   * @returns the iterator.
   * @example
   * ```ts
   * const names: string[] = [];
   * for (const [key] of new nn.ModuleDict({ a: new nn.ReLU(), b: new nn.Tanh() })) names.push(key);
   * names; // ['a', 'b']
   * ```
   */
  [Symbol.iterator](): Iterator<[string, M]> {
    return this.#modules.entries();
  }

  /**
   * Not callable, as in PyTorch.
   * @returns never.
   * @throws Error always.
   */
  forward(): never {
    throw new Error('ModuleDict has no forward(); call its modules from the parent module');
  }
}

/**
 * Holds parameters under keys, like `torch.nn.ParameterDict`: the keys are the names in state
 * dicts, verbatim; a tensor given is made a {@link Parameter}. A plain object's keys are sorted
 * (as PyTorch sorts a dict given to its constructor or `update`); a Map or pairs keep their order.
 * A Map's API: `get`, `set`, `has`, `delete`, `keys`, `values`, `entries`, `size`, plus `pop`,
 * `update`, `clear`. It has no `forward` of its own.
 * @example
 * ```ts
 * import { ones, zeros } from '@chainrule/autograd';
 * import { nn } from '@chainrule/nn';
 * const p = new nn.ParameterDict({ scaleB: ones([2]), shiftA: zeros([2]) });
 * p.namedParameters().map(([name]) => name); // ['scaleB', 'shiftA']
 * p.get('scaleB').requiresGrad; // true
 * String(p); // ParameterDict(
 * //     (scaleB): Parameter containing: [torch.FloatTensor of size 2]
 * //     (shiftA): Parameter containing: [torch.FloatTensor of size 2]
 * // )
 * ```
 */
export class ParameterDict extends Module<never[], never> implements Iterable<[string, Parameter]> {
  readonly #params = new Map<string, Parameter>();

  /**
   * @param parameters - the initial entries: an object (sorted by key), a Map or `[key, tensor]` pairs.
   * @throws RangeError for an empty key or one containing a dot.
   * @throws TypeError for a value that is not a tensor.
   */
  constructor(parameters: Readonly<Record<string, Tensor>> | Iterable<readonly [string, Tensor]> = {}) {
    super();
    this.update(parameters);
  }

  /**
   * Keys are names as they are.
   * @param property - the key.
   * @returns the key.
   * @example new nn.ParameterDict().stateName('scaleB'); // 'scaleB'
   */
  override stateName(property: string): string {
    return property;
  }

  /** @internal The entries, for the traversals. */
  override _ownParameters(): [string, Parameter][] {
    return [...this.#params];
  }

  /** The number of entries. */
  get size(): number {
    return this.#params.size;
  }

  /**
   * The parameter under `key`, like `d[key]`.
   * @param key - the key.
   * @returns the parameter.
   * @throws RangeError when there is no such key.
   * @example new nn.ParameterDict({ w: zeros([3]) }).get('w').shape; // [3]
   */
  get(key: string): Parameter {
    const p = this.#params.get(key);
    if (p === undefined) throw new RangeError(`ParameterDict.get: no key '${key}' (keys: ${[...this.#params.keys()].join(', ')})`);
    return p;
  }

  /**
   * Adds or replaces the parameter under `key` (a tensor becomes a {@link Parameter}), like `d[key] = value`.
   * @param key - the key: non-empty, without dots.
   * @param value - the parameter.
   * @returns this dict.
   * @throws RangeError for an empty key or one containing a dot.
   * @throws TypeError for a value that is not a tensor.
   * @example new nn.ParameterDict().set('bias', zeros([2])).get('bias').requiresGrad; // true
   */
  set(key: string, value: Tensor): this {
    checkKey(key, 'ParameterDict.set');
    if (!(value instanceof Tensor)) throw new TypeError(`ParameterDict.set: expected a tensor, got ${typeof value}`);
    this.#params.set(key, value instanceof Parameter ? value : new Parameter(value));
    return this;
  }

  /**
   * Whether there is a parameter under `key`, like `key in d`.
   * @param key - the key.
   * @returns true when there is.
   * @example new nn.ParameterDict({ w: zeros([1]) }).has('w'); // true
   */
  has(key: string): boolean {
    return this.#params.has(key);
  }

  /**
   * Removes the parameter under `key`, like `del d[key]`.
   * @param key - the key.
   * @returns whether there was one.
   * @example new nn.ParameterDict({ w: zeros([1]) }).delete('w'); // true
   */
  delete(key: string): boolean {
    return this.#params.delete(key);
  }

  /**
   * Removes the parameter under `key` and returns it, like `ParameterDict.pop`.
   * @param key - the key.
   * @returns the parameter.
   * @throws RangeError when there is no such key.
   * @example new nn.ParameterDict({ w: zeros([1]) }).pop('w').shape; // [1]
   */
  pop(key: string): Parameter {
    const p = this.get(key);
    this.#params.delete(key);
    return p;
  }

  /**
   * Adds or replaces entries, like `ParameterDict.update` (an object's keys sorted, as PyTorch sorts a dict's).
   * @param parameters - an object, a Map or `[key, tensor]` pairs.
   * @returns this dict.
   * @throws RangeError for an empty key or one containing a dot.
   * @throws TypeError for a value that is not a tensor.
   * @example new nn.ParameterDict().update({ b: zeros([1]), a: zeros([1]) }).keys(); // ['a', 'b']
   */
  update(parameters: Readonly<Record<string, Tensor>> | Iterable<readonly [string, Tensor]>): this {
    const plain = !(Symbol.iterator in Object(parameters));
    const entries = entriesOf(parameters);
    if (plain) entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    for (const [k, v] of entries) this.set(k, v);
    return this;
  }

  /**
   * Removes every entry.
   * @example
   * ```ts
   * const d = new nn.ParameterDict({ w: zeros([1]) });
   * d.clear();
   * d.size; // 0
   * ```
   */
  clear(): void {
    this.#params.clear();
  }

  /**
   * The keys, in order.
   * @returns the keys.
   * @example new nn.ParameterDict(new Map([['z', zeros([1])], ['a', zeros([1])]])).keys(); // ['z', 'a']
   */
  keys(): string[] {
    return [...this.#params.keys()];
  }

  /**
   * The parameters, in order.
   * @returns the parameters.
   * @example new nn.ParameterDict({ w: zeros([2]) }).values().map((p) => p.numel()); // [2]
   */
  values(): Parameter[] {
    return [...this.#params.values()];
  }

  /**
   * The `[key, parameter]` pairs, in order (PyTorch's `items()`).
   * @returns the pairs.
   * @example new nn.ParameterDict({ w: zeros([2]) }).entries().map(([k, p]) => `${k} ${p.shape}`); // ['w 2']
   */
  entries(): [string, Parameter][] {
    return [...this.#params];
  }

  /**
   * Iterates over the `[key, parameter]` pairs, as a Map does.
   * @returns the iterator.
   * @example
   * ```ts
   * const keys: string[] = [];
   * for (const [key] of new nn.ParameterDict({ a: zeros([1]), b: zeros([1]) })) keys.push(key);
   * keys; // ['a', 'b']
   * ```
   */
  [Symbol.iterator](): Iterator<[string, Parameter]> {
    return this.#params.entries();
  }

  /**
   * Prints the dict as PyTorch does: one line per parameter with its type and size.
   * @returns the text.
   * @example
   * ```ts
   * String(new nn.ParameterDict({ w: zeros([2, 3], { dtype: 'float64' }) })); // ParameterDict(
   * //     (w): Parameter containing: [torch.DoubleTensor of size 2x3]
   * // )
   * ```
   */
  override toString(): string {
    if (this.#params.size === 0) return `${this.getName()}()`;
    return `${this.getName()}(\n${[...this.#params].map(([k, p]) => `    ${parameterLine(k, p, true)}`).join('\n')}\n)`;
  }

  /**
   * Not callable, as in PyTorch.
   * @returns never.
   * @throws Error always.
   */
  forward(): never {
    throw new Error('ParameterDict has no forward(); use its parameters in the parent module');
  }
}
