/**
 * Containers: `Sequential`, `ModuleList` and `ParameterList`, whose entries are named `0`, `1`, ...
 * as in PyTorch, and read as `list[i]` (or `list.at(-1)`).
 * @module
 */
import { Tensor } from '@chainrule/autograd';
import { Module } from '../module.js';
import type { AnyModule } from '../module.js';
import { Parameter } from '../parameter.js';

/**
 * A module mapping one tensor to one tensor: what {@link Sequential} chains. Further arguments of
 * `forward` are allowed when they are optional (ConvTranspose2d's output size): Sequential passes
 * only the tensor.
 * @example
 * ```ts
 * const layers: nn.TensorModule[] = [new nn.Linear(2, 3), new nn.Tanh(), new nn.Unflatten(1, [3, 1]), new nn.ConvTranspose1d(3, 1, 2)];
 * new nn.Sequential(...layers).forward(zeros([1, 2])); // shape [1, 1, 2]
 * ```
 */
export type TensorModule = Module<[Tensor, ...unknown[]], Tensor>;

/** PyTorch's `_addindent(s, 2)`: indents every line but the first. */
function indentTail(s: string): string {
  return s.split('\n').join('\n  ');
}

/** A position in a list of `length` (negative counts from the end), checked. */
function position(length: number, index: number, op: string): number {
  const i = index < 0 ? index + length : index;
  if (!Number.isInteger(i) || i < 0 || i >= length) throw new RangeError(`${op}: index ${index} is out of range for a list of ${length}`);
  return i;
}

function at<M>(self: object, length: number, index: number, op: string): M {
  return (self as Record<string, M>)[String(position(length, index, op))]!;
}

/** Rewrites the numbered entries `0..` of a list as `items` (dropping any past their end). */
function renumber(self: object, oldLength: number, items: readonly unknown[]): void {
  const rec = self as Record<string, unknown>;
  items.forEach((m, i) => (rec[String(i)] = m));
  for (let i = items.length; i < oldLength; i++) delete rec[String(i)];
}

/**
 * Runs modules one after another, like `torch.nn.Sequential`; children are named `0`, `1`, …
 *
 * @example
 * ```ts
 * import { zeros } from '@chainrule/autograd';
 * import { nn } from '@chainrule/nn';
 * const model = new nn.Sequential(new nn.Linear(4, 8), new nn.ReLU(), new nn.Linear(8, 2));
 * model.forward(zeros([5, 4])); // shape [5, 2]
 * model.namedParameters().map(([name]) => name); // ['0.weight', '0.bias', '2.weight', '2.bias']
 * String(model); // Sequential(
 * //   (0): Linear(in_features=4, out_features=8, bias=True)
 * //   (1): ReLU()
 * //   (2): Linear(in_features=8, out_features=2, bias=True)
 * // )
 * ```
 */
export class Sequential extends Module implements Iterable<TensorModule> {
  /** The module at a position, as `model[0]` (`undefined` past the end; {@link Sequential.at} takes negative positions). */
  readonly [index: number]: TensorModule;
  #length = 0;

  /**
   * @param modules - the modules, in order.
   */
  constructor(...modules: TensorModule[]) {
    super();
    for (const m of modules) this.append(m);
  }

  /** The number of modules. */
  get length(): number {
    return this.#length;
  }

  /**
   * Adds a module at the end, like `Sequential.append`.
   * @param module - the module.
   * @returns this container.
   * @example
   * ```ts
   * const seq = new nn.Sequential(new nn.Linear(2, 2));
   * seq.append(new nn.ReLU()).length; // 2
   * ```
   */
  append(module: TensorModule): this {
    this.registerModule(String(this.#length++), module);
    return this;
  }

  /**
   * Adds modules at the end, like `Sequential.extend`.
   * @param modules - the modules.
   * @returns this container.
   * @example
   * ```ts
   * new nn.Sequential(new nn.Linear(2, 2)).extend([new nn.ReLU(), new nn.Linear(2, 1)]).length; // 3
   * ```
   */
  extend(modules: Iterable<TensorModule>): this {
    for (const m of modules) this.append(m);
    return this;
  }

  /**
   * Inserts a module before position `index` (negative counts from the end; `length` appends),
   * like `Sequential.insert`; the later ones move up one.
   * @param index - the position.
   * @param module - the module.
   * @returns this container.
   * @throws RangeError when the position is out of range.
   * @example
   * ```ts
   * const model = new nn.Sequential(new nn.Linear(2, 2), new nn.Linear(2, 1));
   * String(model.insert(1, new nn.ReLU()).at(1)); // 'ReLU()'
   * ```
   */
  insert(index: number, module: TensorModule): this {
    const i = index === this.#length ? index : position(this.#length, index, 'Sequential.insert');
    const items = [...this];
    items.splice(i, 0, module);
    renumber(this, this.#length, items);
    this.#length = items.length;
    return this;
  }

  /**
   * Removes the module at `index` (default the last) and returns it, like `Sequential.pop`.
   * @param index - the position (negative counts from the end).
   * @returns the module removed.
   * @throws RangeError when the position is out of range.
   * @example
   * ```ts
   * const model = new nn.Sequential(new nn.Linear(2, 2), new nn.ReLU());
   * String(model.pop()); // 'ReLU()'
   * model.length; // 1
   * ```
   */
  pop(index = -1): TensorModule {
    const i = position(this.#length, index, 'Sequential.pop');
    const items = [...this];
    const [removed] = items.splice(i, 1);
    renumber(this, this.#length, items);
    this.#length = items.length;
    return removed!;
  }

  /**
   * The modules from `start` to before `end` (negative counts from the end) as a new `Sequential`,
   * like `model[1:3]`; the modules are shared, not copied.
   * @param start - the first position (default 0).
   * @param end - the position after the last (default the length).
   * @returns the new container.
   * @example
   * ```ts
   * const model = new nn.Sequential(new nn.Linear(4, 4), new nn.ReLU(), new nn.Linear(4, 2));
   * model.slice(0, -1).length; // 2
   * ```
   */
  slice(start?: number, end?: number): Sequential {
    return new Sequential(...[...this].slice(start, end));
  }

  /**
   * The module at `index` (negative counts from the end), like `model[i]`.
   * @param index - the position.
   * @returns the module.
   * @throws RangeError when out of range.
   * @example
   * ```ts
   * const model = new nn.Sequential(new nn.Linear(2, 3), new nn.ReLU());
   * (model.at(0) as nn.Linear).outFeatures; // 3
   * String(model.at(-1)); // 'ReLU()'
   * model.at(2); // throws RangeError: out of range
   * ```
   */
  at(index: number): TensorModule {
    return at<TensorModule>(this, this.#length, index, 'Sequential.at');
  }

  /**
   * Iterates over the modules in order.
   * @returns the iterator.
   * @example
   * ```ts
   * const model = new nn.Sequential(new nn.Linear(2, 3), new nn.ReLU());
   * [...model].map(String); // ['Linear(in_features=2, out_features=3, bias=True)', 'ReLU()']
   * ```
   */
  *[Symbol.iterator](): Iterator<TensorModule> {
    for (let i = 0; i < this.#length; i++) yield this.at(i);
  }

  /**
   * Feeds the input through every module in turn.
   * @param input - the input of the first module.
   * @returns the output of the last one.
   * @throws RangeError or TypeError from a module that rejects its input's shape or dtype.
   */
  forward(input: Tensor): Tensor {
    let x = input;
    for (const m of this) x = m.forward(x);
    return x;
  }
}

/**
 * Holds submodules in a list so that they are registered (named `0`, `1`, …), like
 * `torch.nn.ModuleList`: read `list[i]` (or `list.at(-1)` from the end), replace with `set`,
 * grow with `append`, `extend` and `insert`, shrink with `pop`, copy a part with `slice`. It has
 * no `forward` of its own.
 *
 * @example
 * ```ts
 * class Deep extends nn.Module {
 *   layers = new nn.ModuleList([new nn.Linear(4, 4), new nn.Linear(4, 4)]);
 *   forward(x: Tensor): Tensor {
 *     for (const layer of this.layers) x = layer.forward(x).tanh();
 *     return x;
 *   }
 * }
 * const net = new Deep();
 * net.forward(zeros([2, 4])); // shape [2, 4]
 * net.namedParameters().length; // 4
 * ```
 */
export class ModuleList<M extends AnyModule = TensorModule> extends Module<never[], never> implements Iterable<M> {
  /** The module at a position, as PyTorch's `layers[0]` (`undefined` past the end; {@link ModuleList.at} takes negative positions). */
  readonly [index: number]: M;
  #length = 0;

  /**
   * @param modules - the initial modules.
   */
  constructor(modules: Iterable<M> = []) {
    super();
    for (const m of modules) this.append(m);
  }

  /** The number of modules. */
  get length(): number {
    return this.#length;
  }

  /**
   * Adds a module at the end, like `ModuleList.append`.
   * @param module - the module.
   * @returns this list.
   * @example
   * ```ts
   * const list = new nn.ModuleList();
   * list.append(new nn.Linear(2, 2)).length; // 1
   * ```
   */
  append(module: M): this {
    this.registerModule(String(this.#length++), module);
    return this;
  }

  /**
   * Adds modules at the end, like `ModuleList.extend`.
   * @param modules - the modules.
   * @returns this list.
   * @example
   * ```ts
   * const list = new nn.ModuleList<nn.Module>([new nn.Linear(2, 2)]);
   * list.extend([new nn.ReLU(), new nn.Tanh()]).length; // 3
   * ```
   */
  extend(modules: Iterable<M>): this {
    for (const m of modules) this.append(m);
    return this;
  }

  /**
   * The module at `index` (negative counts from the end), like `list[i]`.
   * @param index - the position.
   * @returns the module.
   * @throws RangeError when out of range.
   * @example
   * ```ts
   * const list = new nn.ModuleList([new nn.Linear(2, 3), new nn.Linear(3, 4)]);
   * list.at(-1).outFeatures; // 4
   * ```
   */
  at(index: number): M {
    return at<M>(this, this.#length, index, 'ModuleList.at');
  }

  /**
   * Replaces the module at `index` (negative counts from the end), like `list[i] = module`.
   * @param index - the position.
   * @param module - the new module.
   * @returns this list.
   * @throws RangeError when out of range.
   * @example
   * ```ts
   * const list = new nn.ModuleList<nn.AnyModule>([new nn.Linear(2, 2), new nn.ReLU()]);
   * String(list.set(-1, new nn.Tanh())[1]); // 'Tanh()'
   * ```
   */
  set(index: number, module: M): this {
    this.registerModule(String(position(this.#length, index, 'ModuleList.set')), module);
    return this;
  }

  /**
   * Inserts a module before position `index` (negative counts from the end; `length` appends),
   * like `ModuleList.insert`; the later ones move up one.
   * @param index - the position.
   * @param module - the module.
   * @returns this list.
   * @throws RangeError when the position is out of range.
   * @example
   * ```ts
   * const list = new nn.ModuleList([new nn.Linear(2, 2), new nn.Linear(2, 3)]);
   * list.insert(0, new nn.Linear(1, 2)).at(0).inFeatures; // 1
   * list.length; // 3
   * ```
   */
  insert(index: number, module: M): this {
    const i = index === this.#length ? index : position(this.#length, index, 'ModuleList.insert');
    const items = [...this];
    items.splice(i, 0, module);
    renumber(this, this.#length, items);
    this.#length = items.length;
    return this;
  }

  /**
   * Removes the module at `index` (default the last) and returns it, like `ModuleList.pop`; the
   * later ones move down one, so the names stay `0`, `1`, …
   * @param index - the position (negative counts from the end).
   * @returns the module removed.
   * @throws RangeError when out of range.
   * @example
   * ```ts
   * const list = new nn.ModuleList([new nn.Linear(2, 2), new nn.Linear(2, 3), new nn.Linear(3, 4)]);
   * list.pop(1).outFeatures; // 3
   * list.namedParameters().map(([name]) => name); // ['0.weight', '0.bias', '1.weight', '1.bias']
   * ```
   */
  pop(index = -1): M {
    const i = position(this.#length, index, 'ModuleList.pop');
    const items = [...this];
    const [removed] = items.splice(i, 1);
    renumber(this, this.#length, items);
    this.#length = items.length;
    return removed!;
  }

  /**
   * The modules from `start` to before `end` (negative counts from the end) as a new `ModuleList`,
   * like `layers[1:3]`; the modules are shared, not copied.
   * @param start - the first position (default 0).
   * @param end - the position after the last (default the length).
   * @returns the new list.
   * @example
   * ```ts
   * const list = new nn.ModuleList([new nn.Linear(2, 2), new nn.Linear(2, 3), new nn.Linear(3, 4)]);
   * list.slice(1).at(0).outFeatures; // 3
   * ```
   */
  slice(start?: number, end?: number): ModuleList<M> {
    return new ModuleList<M>([...this].slice(start, end));
  }

  /**
   * Iterates over the modules in order.
   * @returns the iterator.
   * @example
   * ```ts
   * const list = new nn.ModuleList([new nn.Linear(2, 3), new nn.Linear(3, 4)]);
   * [...list].map((l) => l.outFeatures); // [3, 4]
   * ```
   */
  *[Symbol.iterator](): Iterator<M> {
    for (let i = 0; i < this.#length; i++) yield this.at(i);
  }

  /**
   * Prints the list as PyTorch does, folding runs of identical entries into `(0-2): 3 x Linear(...)`.
   * @returns the text.
   * @example
   * ```ts
   * String(new nn.ModuleList([new nn.Linear(2, 2), new nn.Linear(2, 2)])); // ModuleList(
   * //   (0-1): 2 x Linear(in_features=2, out_features=2, bias=True)
   * // )
   * ```
   */
  override toString(): string {
    const reprs = [...this].map((m) => m.toString());
    if (reprs.length === 0) return `${this.getName()}()`;
    const blocks: { start: number; end: number; repr: string }[] = [];
    reprs.forEach((r, i) => {
      const last = blocks[blocks.length - 1];
      if (last !== undefined && last.repr === r) last.end = i;
      else blocks.push({ start: i, end: i, repr: r });
    });
    const lines = blocks.map(({ start, end, repr }) =>
      indentTail(start === end ? `(${start}): ${repr}` : `(${start}-${end}): ${end - start + 1} x ${repr}`),
    );
    return `${this.getName()}(\n  ${lines.join('\n  ')}\n)`;
  }

  /**
   * Not callable, as in PyTorch.
   * @returns never.
   * @throws Error always.
   */
  forward(): never {
    throw new Error('ModuleList has no forward(); iterate over it in the parent module');
  }
}

/** @internal PyTorch's line for a parameter in a ParameterList or ParameterDict. */
export function parameterLine(key: string, p: Tensor, typeName: boolean): string {
  const kind = p instanceof Parameter ? 'Parameter' : 'Tensor';
  const type = typeName ? (p.dtype === 'float64' ? 'torch.DoubleTensor' : p.dtype === 'float32' ? 'torch.FloatTensor' : `torch.${p.dtype}`) : `torch.${p.dtype}`;
  return `(${key}): ${kind} containing: [${type} of size ${p.shape.join('x')}]`;
}

/**
 * Holds parameters in a list so that they are registered (named `0`, `1`, …), like
 * `torch.nn.ParameterList`: a tensor given is made a {@link Parameter}; read `list[i]` or
 * `list.at(-1)`. It has no `forward` of its own.
 * @example
 * ```ts
 * import { ones, zeros } from '@chainrule/autograd';
 * import { nn } from '@chainrule/nn';
 * const gains = new nn.ParameterList([ones([3]), zeros([2, 3])]);
 * gains.namedParameters().map(([name, p]) => `${name} ${p.shape}`); // ['0 3', '1 2,3']
 * gains[0]!.requiresGrad; // true
 * String(gains); // ParameterList(
 * //     (0): Parameter containing: [torch.float32 of size 3]
 * //     (1): Parameter containing: [torch.float32 of size 2x3]
 * // )
 * ```
 */
export class ParameterList extends Module<never[], never> implements Iterable<Parameter> {
  /** The parameter at a position, as `list[0]` (`undefined` past the end). */
  readonly [index: number]: Parameter;
  #length = 0;

  /**
   * @param parameters - the initial parameters (tensors become parameters).
   * @throws TypeError for a value that is not a tensor.
   */
  constructor(parameters: Iterable<Tensor> = []) {
    super();
    for (const p of parameters) this.append(p);
  }

  /** The number of parameters. */
  get length(): number {
    return this.#length;
  }

  /**
   * Adds a parameter at the end (a tensor becomes a {@link Parameter}), like `ParameterList.append`.
   * @param value - the parameter.
   * @returns this list.
   * @throws TypeError for a value that is not a tensor.
   * @example
   * ```ts
   * new nn.ParameterList().append(zeros([2])).length; // 1
   * ```
   */
  append(value: Tensor): this {
    if (!(value instanceof Tensor)) throw new TypeError(`ParameterList.append: expected a tensor, got ${typeof value}`);
    this.registerParameter(String(this.#length++), value instanceof Parameter ? value : new Parameter(value));
    return this;
  }

  /**
   * Adds parameters at the end, like `ParameterList.extend`.
   * @param values - the parameters.
   * @returns this list.
   * @throws TypeError for a value that is not a tensor.
   * @example
   * ```ts
   * new nn.ParameterList().extend([zeros([2]), ones([1])]).length; // 2
   * ```
   */
  extend(values: Iterable<Tensor>): this {
    for (const v of values) this.append(v);
    return this;
  }

  /**
   * The parameter at `index` (negative counts from the end).
   * @param index - the position.
   * @returns the parameter.
   * @throws RangeError when out of range.
   * @example
   * ```ts
   * new nn.ParameterList([zeros([1]), zeros([2])]).at(-1).shape; // [2]
   * ```
   */
  at(index: number): Parameter {
    return at<Parameter>(this, this.#length, index, 'ParameterList.at');
  }

  /**
   * Iterates over the parameters in order.
   * @returns the iterator.
   * @example
   * ```ts
   * [...new nn.ParameterList([zeros([1]), zeros([2])])].map((p) => p.numel()); // [1, 2]
   * ```
   */
  *[Symbol.iterator](): Iterator<Parameter> {
    for (let i = 0; i < this.#length; i++) yield this.at(i);
  }

  /**
   * Prints the list as PyTorch does: one line per parameter with its dtype and size.
   * @returns the text.
   * @example
   * ```ts
   * String(new nn.ParameterList()); // 'ParameterList()'
   * ```
   */
  override toString(): string {
    if (this.#length === 0) return `${this.getName()}()`;
    return `${this.getName()}(\n${[...this].map((p, i) => `    ${parameterLine(String(i), p, false)}`).join('\n')}\n)`;
  }

  /**
   * Not callable, as in PyTorch.
   * @returns never.
   * @throws Error always.
   */
  forward(): never {
    throw new Error('ParameterList has no forward(); use its parameters in the parent module');
  }
}
