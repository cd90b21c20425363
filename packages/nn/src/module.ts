/**
 * `Module`: the base class of layers and models, with PyTorch's registration by attribute,
 * dotted parameter names, train/eval, dtype conversion, state dicts and printing.
 * @module
 */
import { freeze } from 'immer';
import { hostGuard, noGrad, Tensor } from '@chainrule/autograd';
import type { DType, RemovableHandle } from '@chainrule/autograd';
import { callWithHooks } from './hooks.js';
import type { HookLists } from './hooks.js';
import { Parameter } from './parameter.js';

/**
 * A module of any signature: what containers hold and traversals return.
 * @example
 * ```ts
 * const all: nn.AnyModule[] = [new nn.Linear(2, 2), new nn.MSELoss()];
 * all.map((m) => m.getName()); // ['Linear', 'MSELoss']
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyModule = Module<any[], any>;

/**
 * A state dict: PyTorch's dotted names (`0.weight`, `encoder.fc1.bias`) to tensors.
 * @example
 * ```ts
 * const sd: StateDict = new nn.Linear(3, 2).stateDict();
 * Object.entries(sd).map(([k, t]) => `${k} ${t.shape}`); // ['weight 2,3', 'bias 2']
 * ```
 */
export type StateDict = Readonly<Record<string, Tensor>>;

/**
 * Options of {@link Module.loadStateDict}.
 * @example
 * ```ts
 * const opts: LoadStateDictOptions = { strict: false };
 * new nn.Linear(3, 2).loadStateDict({}, opts); // { missingKeys: ['weight', 'bias'], unexpectedKeys: [] }
 * ```
 */
export interface LoadStateDictOptions {
  /** Require the keys to match exactly (default true), as PyTorch's `strict`. */
  strict?: boolean;
}

/**
 * What {@link Module.loadStateDict} reports, like PyTorch's `_IncompatibleKeys`.
 * @example
 * ```ts
 * const src = new nn.Sequential(new nn.Linear(3, 2)).stateDict();
 * const keys: IncompatibleKeys = new nn.Linear(3, 2).loadStateDict(src, { strict: false });
 * keys.unexpectedKeys; // ['0.weight', '0.bias']
 * ```
 */
export interface IncompatibleKeys {
  /** Keys the module has but the state dict lacks. */
  missingKeys: string[];
  /** Keys the state dict has but the module lacks. */
  unexpectedKeys: string[];
}

/**
 * Thrown by {@link Module.loadStateDict} with PyTorch's message: missing and unexpected keys (in
 * strict mode) and shape mismatches (always). Nothing is copied when it is thrown.
 * @example
 * ```ts
 * let error: unknown;
 * try {
 *   new nn.Linear(3, 2).loadStateDict(new nn.Linear(4, 2).stateDict());
 * } catch (e) {
 *   error = e;
 * }
 * (error as StateDictError).mismatches; // ['size mismatch for weight: copying a param with shape [2, 4] from checkpoint, the shape in current model is [2, 3].']
 * ```
 */
export class StateDictError extends Error {
  /** `'StateDictError'`. */
  override name = 'StateDictError';
  /**
   * @param message - PyTorch's message.
   * @param missingKeys - keys the module has but the state dict lacks.
   * @param unexpectedKeys - keys the state dict has but the module lacks.
   * @param mismatches - one message per shape mismatch.
   */
  constructor(
    message: string,
    /** Keys the module has but the state dict lacks. */
    readonly missingKeys: string[],
    /** Keys the state dict has but the module lacks. */
    readonly unexpectedKeys: string[],
    /** One message per shape mismatch. */
    readonly mismatches: string[],
  ) {
    super(message);
  }
}

const shapeText = (s: readonly number[]): string => `[${s.join(', ')}]`;

function addIndent(s: string, spaces: number): string {
  const lines = s.split('\n');
  if (lines.length === 1) return s;
  const pad = ' '.repeat(spaces);
  return [lines[0]!, ...lines.slice(1).map((l) => pad + l)].join('\n');
}

/**
 * The base class of every layer and model, like `torch.nn.Module`. Subclasses implement
 * `forward`; parameters ({@link Parameter}), submodules (`Module`) and buffers
 * ({@link Module.registerBuffer}) are discovered from the instance's own properties in definition
 * order, which gives PyTorch's dotted names.
 *
 * @typeParam In - the arguments of `forward`.
 * @typeParam Out - what `forward` returns.
 * @example
 * ```ts
 * import { tensor } from '@chainrule/autograd';
 * import type { Tensor } from '@chainrule/autograd';
 * import { nn } from '@chainrule/nn';
 * class MLP extends nn.Module {
 *   fc1 = new nn.Linear(4, 8);
 *   fc2 = new nn.Linear(8, 2);
 *   forward(x: Tensor): Tensor {
 *     return this.fc2.forward(this.fc1.forward(x).relu());
 *   }
 * }
 * const m = new MLP();
 * m.namedParameters().map(([name]) => name); // ['fc1.weight', 'fc1.bias', 'fc2.weight', 'fc2.bias']
 * m.forward(tensor([[1, 2, 3, 4]])); // shape [1, 2]
 * String(m); // MLP(
 * //   (fc1): Linear(in_features=4, out_features=8, bias=True)
 * //   (fc2): Linear(in_features=8, out_features=2, bias=True)
 * // )
 * ```
 */
export abstract class Module<In extends unknown[] = [Tensor], Out = Tensor> {
  #training = true;
  /** Training mode (true) or evaluation mode (false); see {@link Module.train}. A compiled step that read it is captured again when it changes. */
  get training(): boolean {
    return hostGuard(() => this.#training);
  }
  set training(mode: boolean) {
    this.#training = mode;
  }
  /** Buffer names, each with whether it is persistent (saved in the state dict). */
  readonly #buffers = new Map<string, boolean>();
  /** Forward pre-hooks, forward hooks and full backward hooks, by registration id. */
  readonly #hooks: HookLists = { pre: new Map(), forward: new Map(), backward: new Map() };
  /** Whether `forward` runs the hooks yet. */
  #hooked = false;

  /**
   * The computation of the module: subclasses implement it.
   * @param args - the inputs.
   * @returns the output.
   * @example
   * ```ts
   * class Double extends nn.Module {
   *   forward(x: Tensor): Tensor {
   *     return x.mul(2);
   *   }
   * }
   * new Double().forward(tensor([1, 2])); // tensor([2., 4.])
   * ```
   */
  abstract forward(...args: In): Out;

  /**
   * Runs {@link Module.forward}: PyTorch's `module(x)`.
   * @param args - the inputs.
   * @returns the output.
   * @example new nn.ReLU().call(tensor([-1, 1])); // tensor([0., 1.])
   */
  call(...args: In): Out {
    return this.forward(...args);
  }

  // ---- registration ----------------------------------------------------------------------------

  /**
   * Registers a tensor that is state but not a parameter (running statistics, masks), stored as the
   * property `name`, like `register_buffer`. Buffers follow {@link Module.to} and appear in the state
   * dict unless not persistent.
   * @param name - the property name.
   * @param tensor - the buffer (null declares an empty slot).
   * @param opts - `persistent` (default true): whether `stateDict()` includes it.
   * @returns the tensor, so that a field can be initialised with it.
   * @throws Error for an empty name or one containing a dot.
   * @example
   * ```ts
   * class Center extends nn.Module {
   *   mean = this.registerBuffer('mean', tensor([1, 2]));
   *   forward(x: Tensor): Tensor {
   *     return x.sub(this.mean);
   *   }
   * }
   * const m = new Center();
   * Object.keys(m.stateDict()); // ['mean']
   * m.parameters().length; // 0
   * ```
   */
  registerBuffer<T extends Tensor | null>(name: string, tensor: T, opts: { persistent?: boolean } = {}): T {
    checkName(name, 'registerBuffer');
    this.#buffers.set(name, opts.persistent ?? true);
    (this as unknown as Record<string, unknown>)[name] = tensor;
    return tensor;
  }

  /**
   * Registers a parameter under a computed name (the same as assigning the property), like
   * `register_parameter`.
   * @param name - the property name.
   * @param param - the parameter, or null.
   * @returns the parameter.
   * @throws Error for an empty name or one containing a dot.
   * @example
   * ```ts
   * class Gains extends nn.Module {
   *   constructor(n: number) {
   *     super();
   *     for (let i = 0; i < n; i++) this.registerParameter(`g${i}`, new nn.Parameter(ones([1])));
   *   }
   *   forward(x: Tensor): Tensor {
   *     return this.parameters().reduce((y, g) => y.mul(g), x);
   *   }
   * }
   * new Gains(2).namedParameters().map(([name]) => name); // ['g0', 'g1']
   * ```
   */
  registerParameter<T extends Parameter | null>(name: string, param: T): T {
    checkName(name, 'registerParameter');
    (this as unknown as Record<string, unknown>)[name] = param;
    return param;
  }

  /**
   * Registers a submodule under a computed name (the same as assigning the property), like
   * `register_module` / `add_module`.
   * @param name - the property name.
   * @param module - the submodule.
   * @returns the submodule.
   * @throws Error for an empty name or one containing a dot.
   * @example
   * ```ts
   * class Tower extends nn.Module {
   *   constructor(depth: number) {
   *     super();
   *     for (let i = 0; i < depth; i++) this.registerModule(`block${i}`, new nn.Linear(4, 4));
   *   }
   *   forward(x: Tensor): Tensor {
   *     return this.children().reduce((y, m) => m.forward(y), x);
   *   }
   * }
   * new Tower(2).namedChildren().map(([name]) => name); // ['block0', 'block1']
   * new nn.Sequential().registerModule('a.b', new nn.ReLU()); // throws Error: contain no "."
   * ```
   */
  registerModule<M extends AnyModule | null>(name: string, module: M): M {
    checkName(name, 'registerModule');
    (this as unknown as Record<string, unknown>)[name] = module;
    return module;
  }

  // ---- hooks -------------------------------------------------------------------------------------

  /** Registers a hook in one of the lists, making `forward` run the hooks (once per module). */
  #addHook<H>(list: Map<number, H>, hook: H, op: string): RemovableHandle {
    if (typeof hook !== 'function') throw new TypeError(`${op}: the hook must be a function, got ${typeof hook}`);
    if (!this.#hooked) {
      // forward, called directly or through call(), runs the hooks: an own, non-enumerable property
      // in front of the class's method (so that parents' forward calling `child.forward(x)` run them)
      const plain = this.forward;
      Object.defineProperty(this, 'forward', {
        value: (...args: unknown[]) => callWithHooks(this, this.#hooks, plain.bind(this) as (...a: unknown[]) => unknown, args),
        enumerable: false,
        configurable: true,
        writable: true,
      });
      this.#hooked = true;
    }
    const id = nextHookId++;
    list.set(id, hook);
    return { remove: () => void list.delete(id) };
  }

  /**
   * Registers a hook run before every forward, like `register_forward_pre_hook`: `hook(module, args)`
   * sees the arguments and may return new ones (an array of them, or a single tensor for a
   * one-argument forward). Hooks run whether the module is invoked by `forward` or `call`, in
   * registration order.
   * @typeParam A - the arguments the hook sees: the forward's (a type parameter so that a module whose
   *   forward takes more optional arguments still passes as a module of fewer, an LSTM as a `Module<[Tensor]>`).
   * @param hook - the hook.
   * @returns a handle whose `remove()` unregisters it.
   * @throws TypeError when the hook is not a function.
   * @example
   * ```ts
   * const fc = new nn.Linear(2, 2);
   * const handle = fc.registerForwardPreHook((_m, [x]) => x.mul(0));
   * fc.forward(ones([1, 2])).sub(fc.bias!).abs().sum().item(); // 0
   * handle.remove();
   * ```
   */
  registerForwardPreHook<A extends unknown[] = In>(hook: (module: this, args: A) => readonly unknown[] | Tensor | undefined | void): RemovableHandle {
    return this.#addHook(this.#hooks.pre, hook as never, 'registerForwardPreHook');
  }

  /**
   * Registers a hook run after every forward, like `register_forward_hook`:
   * `hook(module, args, output)` sees the arguments and the output, and may return a replacement
   * output. Hooks run whether the module is invoked by `forward` or `call`, so a hook on a layer
   * inside a `Sequential` or a model runs when the model does.
   * @typeParam A - the arguments the hook sees: the forward's (a type parameter so that a module whose
   *   forward takes more optional arguments still passes as a module of fewer, an LSTM as a `Module<[Tensor]>`).
   * @param hook - the hook.
   * @returns a handle whose `remove()` unregisters it.
   * @throws TypeError when the hook is not a function.
   * @example
   * ```ts
   * const model = new nn.Sequential(new nn.Linear(3, 4), new nn.ReLU(), new nn.Linear(4, 1));
   * const shapes: number[][] = [];
   * const handle = model.at(1).registerForwardHook((_m, _args, out) => void shapes.push([...out.shape]));
   * model.forward(ones([5, 3]));
   * shapes; // [[5, 4]]
   * handle.remove();
   * model.forward(ones([5, 3]));
   * shapes.length; // 1
   * ```
   */
  registerForwardHook<A extends unknown[] = In>(hook: (module: this, args: A, output: Out) => Out | undefined | void): RemovableHandle {
    return this.#addHook(this.#hooks.forward, hook as never, 'registerForwardHook');
  }

  /**
   * Registers a hook run when the gradients of the module's inputs are computed, like
   * `register_full_backward_hook`: `hook(module, gradInput, gradOutput)` gets the gradients with
   * respect to each argument (null for those that are not tensors requiring grad) and to each
   * output tensor, and may return replacement input gradients (one per argument). When no input
   * requires grad, it runs with null input gradients once the outputs' gradients are known.
   * @param hook - the hook.
   * @returns a handle whose `remove()` unregisters it.
   * @throws TypeError when the hook is not a function.
   * @example
   * ```ts
   * const fc = new nn.Linear(2, 1);
   * const seen: string[] = [];
   * fc.registerFullBackwardHook((_m, gradInput, gradOutput) => {
   *   seen.push(`in ${gradInput[0]!.shape}, out ${gradOutput[0]!.shape}`);
   *   return [gradInput[0]!.mul(0)]; // block the gradient to the input
   * });
   * const x = ones([3, 2], { requiresGrad: true });
   * fc.forward(x).sum().backward();
   * seen; // ['in 3,2, out 3,1']
   * x.grad!.abs().sum().item(); // 0
   * ```
   */
  registerFullBackwardHook(hook: (module: this, gradInput: (Tensor | null)[], gradOutput: (Tensor | null)[]) => (Tensor | null)[] | undefined | void): RemovableHandle {
    return this.#addHook(this.#hooks.backward, hook as never, 'registerFullBackwardHook');
  }

  // ---- traversal -------------------------------------------------------------------------------

  /**
   * The name a property has in state dicts, `namedParameters`, `namedChildren` and printing:
   * PyTorch's snake_case spelling of the camelCase property (`runningMean` → `running_mean`,
   * `weightIhL0` → `weight_ih_l0`, `selfAttn` → `self_attn`), so that PyTorch checkpoints load by
   * name. Containers whose keys the user chose (`ModuleDict`) override it to keep them verbatim.
   * @param property - the property name.
   * @returns the PyTorch name.
   * @example new nn.BatchNorm1d(2).stateName('runningMean'); // 'running_mean'
   */
  stateName(property: string): string {
    return property.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  }

  /** @internal This module's own parameters, in definition order. */
  _ownParameters(): [string, Parameter][] {
    return Object.entries(this).filter((e): e is [string, Parameter] => e[1] instanceof Parameter);
  }

  /** @internal This module's own buffers (persistent ones only when asked). */
  _ownBuffers(persistentOnly = false): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    for (const [name, v] of Object.entries(this)) {
      const persistent = this.#buffers.get(name);
      if (persistent === undefined || (persistentOnly && !persistent)) continue;
      if (v instanceof Tensor && !(v instanceof Parameter)) out.push([name, v]);
    }
    return out;
  }

  /**
   * The direct submodules with their names, like `named_children`.
   * @returns `[name, module]` pairs in definition order.
   * @example new nn.Sequential(new nn.Linear(2, 2), new nn.ReLU()).namedChildren().map(([name]) => name); // ['0', '1']
   */
  namedChildren(): [string, AnyModule][] {
    return Object.entries(this)
      .filter((e): e is [string, AnyModule] => e[1] instanceof Module)
      .map(([n, m]) => [this.stateName(n), m]);
  }

  /**
   * The direct submodules, like `children`.
   * @returns the modules in definition order.
   * @example new nn.Sequential(new nn.Linear(2, 2), new nn.ReLU()).children().map(String); // ['Linear(in_features=2, out_features=2, bias=True)', 'ReLU()']
   */
  children(): AnyModule[] {
    return this.namedChildren().map(([, m]) => m);
  }

  /**
   * This module and every submodule (each once, shared ones too, unless `removeDuplicate` is
   * false), depth first, with dotted names (`''` for this one, or `prefix`), like `named_modules`.
   * @param opts - `prefix` (default `''`), `removeDuplicate` (default true).
   * @returns `[name, module]` pairs.
   * @example
   * ```ts
   * const model = new nn.Sequential(new nn.Linear(2, 2), new nn.Sequential(new nn.ReLU()));
   * model.namedModules().map(([name]) => name); // ['', '0', '1', '1.0']
   * model.namedModules({ prefix: 'model' }).map(([name]) => name); // ['model', 'model.0', 'model.1', 'model.1.0']
   * ```
   */
  namedModules(opts: { prefix?: string; removeDuplicate?: boolean } = {}): [string, AnyModule][] {
    const out: [string, AnyModule][] = [];
    const seen = new Set<AnyModule>();
    const dedup = opts.removeDuplicate ?? true;
    const walk = (m: AnyModule, prefix: string): void => {
      if (dedup && seen.has(m)) return;
      seen.add(m);
      out.push([prefix, m]);
      for (const [n, c] of m.namedChildren()) walk(c, prefix === '' ? n : `${prefix}.${n}`);
    };
    walk(this, opts.prefix ?? '');
    return out;
  }

  /**
   * This module and every submodule, depth first, like `modules`.
   * @returns the modules.
   * @example
   * ```ts
   * const model = new nn.Sequential(new nn.Linear(2, 4), new nn.ReLU(), new nn.Linear(4, 1));
   * model.modules().filter((m) => m instanceof nn.Linear).length; // 2
   * ```
   */
  modules(): AnyModule[] {
    return this.namedModules().map(([, m]) => m);
  }

  /**
   * Every parameter with its PyTorch dotted name (`0.weight`, `encoder.fc1.bias`), each once, like
   * `named_parameters`.
   * @param opts - `recurse` (default true): include submodules' parameters.
   * @returns `[name, parameter]` pairs in registration order.
   * @example new nn.Linear(3, 2).namedParameters().map(([name, p]) => `${name} [${p.shape}]`); // ['weight [2,3]', 'bias [2]']
   */
  namedParameters(opts: { recurse?: boolean } = {}): [string, Parameter][] {
    const mods: [string, AnyModule][] = opts.recurse === false ? [['', this]] : this.namedModules();
    const out: [string, Parameter][] = [];
    const seen = new Set<Parameter>();
    for (const [prefix, m] of mods) {
      for (const [n, p] of m._ownParameters()) {
        if (seen.has(p)) continue;
        seen.add(p);
        const name = m.stateName(n);
        out.push([prefix === '' ? name : `${prefix}.${name}`, p]);
      }
    }
    return out;
  }

  /**
   * Every parameter, like `parameters`: what an optimizer takes.
   * @param opts - `recurse` (default true).
   * @returns the parameters in registration order.
   * @example
   * ```ts
   * const model = new nn.Linear(3, 2);
   * const opt = new optim.SGD(model.parameters(), { lr: 0.1 });
   * model.parameters().length; // 2
   * ```
   */
  parameters(opts: { recurse?: boolean } = {}): Parameter[] {
    return this.namedParameters(opts).map(([, p]) => p);
  }

  /**
   * Every buffer with its dotted name (each once unless `removeDuplicate` is false), like
   * `named_buffers`; non-persistent buffers too.
   * @param opts - `prefix` (default `''`), `recurse` (default true: submodules' buffers too), `removeDuplicate` (default true).
   * @returns `[name, tensor]` pairs.
   * @example
   * ```ts
   * const model = new nn.ModuleList<nn.AnyModule>([new nn.CrossEntropyLoss({ weight: tensor([1, 2]) })]);
   * model.namedBuffers().map(([name]) => name); // ['0.weight']
   * new nn.BatchNorm1d(2).namedBuffers({ prefix: 'bn' }).map(([name]) => name); // ['bn.running_mean', 'bn.running_var', 'bn.num_batches_tracked']
   * ```
   */
  namedBuffers(opts: { prefix?: string; recurse?: boolean; removeDuplicate?: boolean } = {}): [string, Tensor][] {
    const prefix = opts.prefix ?? '';
    const mods: [string, AnyModule][] = opts.recurse === false ? [[prefix, this]] : this.namedModules({ prefix, removeDuplicate: opts.removeDuplicate ?? true });
    const out: [string, Tensor][] = [];
    const seen = new Set<Tensor>();
    for (const [at, m] of mods) {
      for (const [n, b] of m._ownBuffers()) {
        if ((opts.removeDuplicate ?? true) && seen.has(b)) continue;
        seen.add(b);
        out.push([at === '' ? m.stateName(n) : `${at}.${m.stateName(n)}`, b]);
      }
    }
    return out;
  }

  /**
   * Every buffer, like `buffers`.
   * @param opts - `recurse` (default true).
   * @returns the buffers.
   * @example new nn.BCEWithLogitsLoss({ posWeight: tensor([3]) }).buffers().length; // 1
   */
  buffers(opts: { recurse?: boolean } = {}): Tensor[] {
    return this.namedBuffers(opts).map(([, b]) => b);
  }

  /**
   * The submodule at a dotted path (`'encoder.layers.0'`; `''` is this module), like `get_submodule`.
   * @param target - the path, in state-dict names.
   * @returns the submodule.
   * @throws RangeError when a step of the path names no submodule.
   * @example
   * ```ts
   * const model = new nn.Sequential(new nn.Linear(2, 3), new nn.Sequential(new nn.ReLU(), new nn.Linear(3, 1)));
   * String(model.getSubmodule('1.1')); // 'Linear(in_features=3, out_features=1, bias=True)'
   * model.getSubmodule('1.5'); // throws RangeError: has no attribute `5`
   * ```
   */
  getSubmodule(target: string): AnyModule {
    if (target === '') return this;
    return target.split('.').reduce<AnyModule>((m, part) => {
      const child = m.namedChildren().find(([n]) => n === part);
      if (child === undefined) throw new RangeError(`getSubmodule: ${m.getName()} has no attribute \`${part}\` (in '${target}')`);
      return child[1];
    }, this);
  }

  /**
   * The parameter at a dotted path (`'0.weight'`), like `get_parameter`.
   * @param target - the path, in state-dict names.
   * @returns the parameter.
   * @throws RangeError when the path names no submodule or no parameter.
   * @example
   * ```ts
   * const model = new nn.Sequential(new nn.Linear(2, 3));
   * model.getParameter('0.bias').shape; // [3]
   * model.getParameter('0.running_mean'); // throws RangeError: has no parameter
   * ```
   */
  getParameter(target: string): Parameter {
    const cut = target.lastIndexOf('.');
    const m = this.getSubmodule(cut < 0 ? '' : target.slice(0, cut));
    const name = target.slice(cut + 1);
    const found = m._ownParameters().find(([n]) => m.stateName(n) === name);
    if (found === undefined) throw new RangeError(`getParameter: ${m.getName()} has no parameter \`${name}\``);
    return found[1];
  }

  /**
   * The buffer at a dotted path (`'0.running_mean'`), like `get_buffer`.
   * @param target - the path, in state-dict names.
   * @returns the buffer.
   * @throws RangeError when the path names no submodule or no buffer.
   * @example
   * ```ts
   * const model = new nn.Sequential(new nn.BatchNorm1d(3));
   * model.getBuffer('0.running_var').tolist(); // [1, 1, 1]
   * ```
   */
  getBuffer(target: string): Tensor {
    const cut = target.lastIndexOf('.');
    const m = this.getSubmodule(cut < 0 ? '' : target.slice(0, cut));
    const name = target.slice(cut + 1);
    const found = m._ownBuffers().find(([n]) => m.stateName(n) === name);
    if (found === undefined) throw new RangeError(`getBuffer: ${m.getName()} has no buffer \`${name}\``);
    return found[1];
  }

  /**
   * The number of parameter elements.
   * @param opts - `onlyTrainable`: count only parameters that require grad.
   * @returns the total element count.
   * @example
   * ```ts
   * const fc = new nn.Linear(784, 128);
   * fc.numParameters(); // 100480
   * fc.bias!.requiresGrad_(false);
   * fc.numParameters({ onlyTrainable: true }); // 100352
   * ```
   */
  numParameters(opts: { onlyTrainable?: boolean } = {}): number {
    return this.parameters()
      .filter((p) => !opts.onlyTrainable || p.requiresGrad)
      .reduce((n, p) => n + p.numel(), 0);
  }

  // ---- modes and in-place changes ---------------------------------------------------------------

  /**
   * Calls `fn` on every submodule (children first) and then on this module, like `apply`.
   * @param fn - the function.
   * @returns this module.
   * @example
   * ```ts
   * const model = new nn.Sequential(new nn.Linear(2, 2), new nn.ReLU());
   * model.apply((m) => {
   *   if (m instanceof nn.Linear) nn.init.zeros_(m.weight);
   * });
   * (model.at(0) as nn.Linear).weight.abs().sum().item(); // 0
   * ```
   */
  apply(fn: (m: AnyModule) => void): this {
    for (const c of this.children()) c.apply(fn);
    fn(this);
    return this;
  }

  /**
   * Sets whether every parameter requires grad, like `requires_grad_`: freeze a model (or a part of
   * it) for fine-tuning.
   * @param requiresGrad - true (default) to train the parameters, false to freeze them.
   * @returns this module.
   * @throws TypeError when a parameter is not floating-point and `requiresGrad` is true.
   * @example
   * ```ts
   * const model = new nn.Sequential(new nn.Linear(4, 4), new nn.Linear(4, 2));
   * model.at(0).requiresGrad_(false);
   * model.numParameters({ onlyTrainable: true }); // 10
   * ```
   */
  requiresGrad_(requiresGrad = true): this {
    for (const p of this.parameters()) p.requiresGrad_(requiresGrad);
    return this;
  }

  /**
   * Sets training mode on this module and all submodules, like `train` (affects Dropout).
   * @param mode - true for training (default), false for evaluation.
   * @returns this module.
   * @example
   * ```ts
   * const model = new nn.Sequential(new nn.Dropout(0.5));
   * model.train(false).at(0).training; // false
   * model.train().at(0).training; // true
   * ```
   */
  train(mode = true): this {
    for (const m of this.modules()) m.training = mode;
    return this;
  }

  /**
   * Sets evaluation mode: `train(false)`.
   * @returns this module.
   * @example
   * ```ts
   * const drop = new nn.Dropout(0.5).eval();
   * const x = ones([3]);
   * drop.forward(x) === x; // true
   * ```
   */
  eval(): this {
    return this.train(false);
  }

  /**
   * Clears the gradients of every parameter, like `zero_grad`.
   * @param opts - `setToNone` (default true, as PyTorch 2): set `.grad` to null instead of zeroing it.
   * @example
   * ```ts
   * const fc = new nn.Linear(2, 1);
   * fc.forward(ones([1, 2])).sum().backward();
   * fc.zeroGrad({ setToNone: false });
   * fc.bias!.grad; // tensor([0.])
   * fc.zeroGrad();
   * fc.bias!.grad; // null
   * ```
   */
  zeroGrad(opts: { setToNone?: boolean } = {}): void {
    const setToNone = opts.setToNone ?? true;
    for (const p of this.parameters()) {
      if (p.grad === null) continue;
      if (setToNone) p.grad = null;
      else noGrad(() => p.grad!.detach().zero_());
    }
  }

  /**
   * Converts floating-point parameters (and their grads) and buffers to `dtype`, like
   * `module.to(dtype)`. Integer and bool tensors are left alone.
   *
   * NOTE: the converted parameters are new {@link Parameter} objects (PyTorch keeps the same ones),
   * so convert a model before creating its optimizer.
   * @param dtype - 'float32' or 'float64'.
   * @returns this module.
   * @throws TypeError for a non-floating dtype.
   * @example
   * ```ts
   * const m = new nn.Linear(3, 2).to('float64');
   * m.weight.dtype; // 'float64'
   * m.to('int32'); // throws TypeError: only floating dtypes
   * ```
   */
  to(dtype: DType): this {
    if (dtype !== 'float32' && dtype !== 'float64') throw new TypeError(`Module.to: only floating dtypes are supported, got ${dtype}`);
    const isFloat = (t: Tensor): boolean => t.dtype === 'float32' || t.dtype === 'float64';
    for (const m of this.modules()) {
      const self = m as unknown as Record<string, unknown>;
      // parameters keep their identity (an optimizer built before to() still holds them), as PyTorch's
      for (const [, p] of m._ownParameters()) {
        if (!isFloat(p) || p.dtype === dtype) continue;
        p._setData(p.detach().to(dtype));
        if (p.grad !== null) p.grad = p.grad.detach().to(dtype);
      }
      for (const [name, b] of m._ownBuffers()) if (isFloat(b) && b.dtype !== dtype) self[name] = b.detach().to(dtype);
    }
    return this;
  }

  /**
   * Converts to float64: `to('float64')`.
   * @returns this module.
   * @example new nn.Linear(3, 2).double().bias!.dtype; // 'float64'
   */
  double(): this {
    return this.to('float64');
  }

  /**
   * Converts to float32: `to('float32')`.
   * @returns this module.
   * @example new nn.Linear(3, 2).double().float().weight.dtype; // 'float32'
   */
  float(): this {
    return this.to('float32');
  }

  // ---- state dicts ------------------------------------------------------------------------------

  /** @internal Live tensors under their state-dict names (no dedup, as PyTorch). */
  _stateEntries(): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    const walk = (m: AnyModule, prefix: string): void => {
      for (const [n, p] of m._ownParameters()) out.push([prefix + m.stateName(n), p]);
      for (const [n, b] of m._ownBuffers(true)) out.push([prefix + m.stateName(n), b]);
      for (const [n, c] of m.namedChildren()) walk(c, `${prefix}${n}.`);
    };
    walk(this, '');
    return out;
  }

  /**
   * A snapshot of the parameters and persistent buffers under PyTorch's `state_dict` keys, like
   * `state_dict`: a frozen object of detached copies (later training does not change it).
   * @returns the frozen state dict.
   * @example
   * ```ts
   * const model = new nn.Sequential(new nn.Linear(2, 3), new nn.ReLU(), new nn.Linear(3, 1));
   * Object.keys(model.stateDict()); // ['0.weight', '0.bias', '2.weight', '2.bias']
   * ```
   */
  stateDict(): StateDict {
    const out: Record<string, Tensor> = {};
    for (const [k, t] of this._stateEntries()) out[k] = t.detach().clone();
    return freeze(out);
  }

  /**
   * Copies the values of a state dict into the parameters and buffers (converting the dtype as
   * needed), like `load_state_dict`. All checks run before anything is copied.
   * @param stateDict - name to tensor, an object or a Map.
   * @param opts - `strict` (default true): missing or unexpected keys are an error.
   * @returns the missing and unexpected keys.
   * @throws StateDictError listing missing and unexpected keys (strict mode) and shape mismatches.
   * @example
   * ```ts
   * const original = new nn.Linear(3, 2);
   * const copy = new nn.Linear(3, 2);
   * copy.loadStateDict(original.stateDict()); // { missingKeys: [], unexpectedKeys: [] }
   * String(copy.weight) === String(original.weight); // true
   * copy.loadStateDict({ weight: zeros([2, 3]) }); // throws StateDictError: Missing key(s) in state_dict: "bias"
   * ```
   */
  loadStateDict(stateDict: Readonly<Record<string, Tensor>> | ReadonlyMap<string, Tensor>, opts: LoadStateDictOptions = {}): IncompatibleKeys {
    const strict = opts.strict ?? true;
    const given = stateDict instanceof Map ? new Map(stateDict) : new Map(Object.entries(stateDict as Record<string, Tensor>));
    const own = this._stateEntries();
    const ownKeys = new Set(own.map(([k]) => k));
    const missingKeys = own.map(([k]) => k).filter((k) => !given.has(k));
    const unexpectedKeys = [...given.keys()].filter((k) => !ownKeys.has(k));
    const mismatches: string[] = [];
    for (const [k, t] of own) {
      const src = given.get(k);
      if (src === undefined) continue;
      if (!(src instanceof Tensor)) {
        mismatches.push(`While copying the parameter named "${k}", expected a Tensor, got ${typeof src}.`);
      } else if (shapeText(src.shape) !== shapeText(t.shape)) {
        mismatches.push(
          `size mismatch for ${k}: copying a param with shape ${shapeText(src.shape)} from checkpoint, the shape in current model is ${shapeText(t.shape)}.`,
        );
      }
    }
    const errors: string[] = [];
    if (strict && missingKeys.length > 0) errors.push(`Missing key(s) in state_dict: ${missingKeys.map((k) => `"${k}"`).join(', ')}. `);
    if (strict && unexpectedKeys.length > 0) errors.push(`Unexpected key(s) in state_dict: ${unexpectedKeys.map((k) => `"${k}"`).join(', ')}. `);
    errors.push(...mismatches);
    if (errors.length > 0) {
      throw new StateDictError(
        `Error(s) in loading state_dict for ${this.getName()}:\n\t${errors.join('\n\t')}`,
        missingKeys,
        unexpectedKeys,
        mismatches,
      );
    }
    noGrad(() => {
      for (const [k, t] of own) {
        const src = given.get(k);
        if (src !== undefined) t.copy_(src);
      }
    });
    return { missingKeys, unexpectedKeys };
  }

  // ---- printing ---------------------------------------------------------------------------------

  /**
   * The class name shown by {@link Module.toString}.
   * @returns the name.
   * @example new nn.ReLU().getName(); // 'ReLU'
   */
  getName(): string {
    return this.constructor.name;
  }

  /**
   * The text between the parentheses in {@link Module.toString}: override it in layers with settings.
   * @returns the extra text ('' by default).
   * @example new nn.Linear(2, 3).extraRepr(); // 'in_features=2, out_features=3, bias=True'
   */
  extraRepr(): string {
    return '';
  }

  /**
   * Prints the module tree as PyTorch does.
   * @returns the text.
   * @example
   * ```ts
   * String(new nn.Sequential(new nn.Linear(784, 128), new nn.ReLU())); // Sequential(
   * //   (0): Linear(in_features=784, out_features=128, bias=True)
   * //   (1): ReLU()
   * // )
   * ```
   */
  toString(): string {
    const extra = this.extraRepr();
    const extraLines = extra === '' ? [] : extra.split('\n');
    const childLines = this.namedChildren().map(([n, m]) => `(${n}): ${addIndent(m.toString(), 2)}`);
    const lines = [...extraLines, ...childLines];
    let s = `${this.getName()}(`;
    if (lines.length > 0) {
      s += extraLines.length === 1 && childLines.length === 0 ? extraLines[0]! : `\n  ${lines.join('\n  ')}\n`;
    }
    return `${s})`;
  }
}

let nextHookId = 0;

function checkName(name: string, op: string): void {
  if (name === '' || name.includes('.')) throw new Error(`${op}: name must be non-empty and contain no "." (got "${name}")`);
}
