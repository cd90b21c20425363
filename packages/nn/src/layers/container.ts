/**
 * Containers: `Sequential` and `ModuleList`, whose children are named `0`, `1`, ... as in PyTorch.
 * @module
 */
import type { Tensor } from '@chainrule/autograd';
import { Module } from '../module.js';
import type { AnyModule } from '../module.js';

/**
 * A module mapping one tensor to one tensor: what {@link Sequential} chains.
 * @example
 * ```ts
 * const layers: nn.TensorModule[] = [new nn.Linear(2, 3), new nn.Tanh()];
 * new nn.Sequential(...layers).forward(zeros([1, 2])); // shape [1, 3]
 * ```
 */
export type TensorModule = Module<[Tensor], Tensor>;

/** PyTorch's `_addindent(s, 2)`: indents every line but the first. */
function indentTail(s: string): string {
  return s.split('\n').join('\n  ');
}

function at<M>(self: object, length: number, index: number, op: string): M {
  const i = index < 0 ? index + length : index;
  if (!Number.isInteger(i) || i < 0 || i >= length) throw new RangeError(`${op}: index ${index} is out of range`);
  return (self as Record<string, M>)[String(i)]!;
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
 * `torch.nn.ModuleList`. It has no `forward` of its own.
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
