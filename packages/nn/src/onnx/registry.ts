/**
 * Conversions of modules to ONNX: one function per layer class, found for a module through its
 * class and the classes it extends (a subclass that overrides `forward` is traced instead), and
 * the context a conversion writes nodes through.
 * @module
 */
import type { DType, Tensor } from '@chainrule/autograd';
import { Module } from '../module.js';
import type { AnyModule } from '../module.js';
import type { Dim } from './dims.js';
import type { OnnxAttribute, Trace } from './trace.js';
import { Traced } from './traced.js';
import { LAYER_CONVERSIONS } from './layers.js';

/**
 * The type and dims of a node output a conversion declares: dims are numbers or the names of
 * dynamic sizes (as {@link OnnxExportContext.dims} gives them).
 * @example
 * ```ts
 * const out: OnnxValueSpec = { dims: ['batch', 8], dtype: 'float32' };
 * ```
 */
export interface OnnxValueSpec {
  /** The dims: numbers, or names of dynamic sizes. */
  dims: readonly (number | string)[];
  /** The element type. */
  dtype: DType;
}

/**
 * What a conversion writes the graph through. The tensors a conversion gets are traced tensors:
 * their methods (`x.relu()`, `x.matmul(w)`, `x.reshape(...)`) write nodes too, so most conversions
 * need no more than those; {@link OnnxExportContext.op} writes any ONNX op.
 * @example
 * ```ts
 * class Swish extends nn.Module {
 *   forward(x: Tensor): Tensor {
 *     return x.mul(x.sigmoid());
 *   }
 * }
 * registerOnnxConversion(Swish, (ctx, _m, x) => {
 *   const [s] = ctx.op('Sigmoid', [x], [{ dims: ctx.dims(x), dtype: x.dtype }]);
 *   return x.mul(s!);
 * });
 * const bytes = exportOnnx(new nn.Sequential(new Swish()), [ones([2, 3])]);
 * bytes.length > 0; // true
 * ```
 */
export interface OnnxExportContext {
  /** The opset being written. */
  readonly opsetVersion: number;
  /** The dotted path of the module being converted ('' for the model). */
  readonly modulePath: string;
  /**
   * Writes a node.
   * @param opType - the ONNX op (`'Gemm'`, `'Conv'`, ...).
   * @param inputs - its inputs: traced tensors, real tensors (parameters and buffers become initializers, others constants), null for an omitted optional input.
   * @param outputs - the type and dims of each output.
   * @param attributes - its attributes, each typed as the op's schema says.
   * @param domain - the op's domain ('' for ONNX's own ops).
   * @returns its outputs, as traced tensors.
   */
  op(opType: string, inputs: readonly (Tensor | null)[], outputs: readonly OnnxValueSpec[], attributes?: Readonly<Record<string, OnnxAttribute>>, domain?: string): Tensor[];
  /**
   * The dims of a traced tensor: numbers, and the names of dynamic sizes.
   * @param x - a traced tensor (or a real one: its shape).
   * @returns the dims.
   */
  dims(x: Tensor): (number | string)[];
  /**
   * Refuses, with an {@link OnnxExportError} naming the module and `op`.
   * @param op - what cannot be exported.
   * @param problem - why.
   */
  fail(op: string, problem: string): never;
}

/**
 * A conversion: writes what `module.forward(...args)` computes, through `ctx`, and returns what
 * `forward` returns (traced tensors).
 * @typeParam M - the module class.
 * @example
 * ```ts
 * const double: OnnxConversion<nn.Identity> = (_ctx, _m, x) => x.mul(2);
 * ```
 */
export type OnnxConversion<M extends AnyModule = AnyModule> = (ctx: OnnxExportContext, module: M, ...args: Parameters<M['forward']>) => ReturnType<M['forward']>;

const conversions = new Map<unknown, OnnxConversion>();

/**
 * Registers how a module class is exported, like PyTorch's `register_custom_op_symbolic` for
 * modules: {@link exportOnnx} calls `convert` in place of `forward` for modules of this class and
 * of subclasses that do not override `forward`. A later registration replaces an earlier one, and
 * one for an nn layer replaces the built-in conversion.
 * @param cls - the module class.
 * @param convert - the conversion.
 * @throws TypeError when `cls` is not a Module subclass or `convert` not a function.
 * @example
 * ```ts
 * class Scale extends nn.Module {
 *   constructor(readonly k: number) {
 *     super();
 *   }
 *   forward(x: Tensor): Tensor {
 *     return x.mul(this.k);
 *   }
 * }
 * registerOnnxConversion(Scale, (_ctx, m, x) => x.mul(m.k));
 * const model = importOnnx(exportOnnx(new Scale(3), [ones([2])]));
 * model.forward(tensor([1, 2])); // tensor([3., 6.])
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function registerOnnxConversion<M extends AnyModule>(cls: abstract new (...args: any[]) => M, convert: OnnxConversion<M>): void {
  if (typeof cls !== 'function' || !(cls.prototype instanceof Module)) throw new TypeError('registerOnnxConversion: expected a Module subclass');
  if (typeof convert !== 'function') throw new TypeError('registerOnnxConversion: expected a conversion function');
  conversions.set(cls, convert as unknown as OnnxConversion);
}

/** The conversion of a module: its class's, or an ancestor's when no class between overrides `forward`. */
export function conversionOf(m: AnyModule): OnnxConversion | undefined {
  for (let proto: object | null = Object.getPrototypeOf(m); proto !== null && proto !== Module.prototype; proto = Object.getPrototypeOf(proto)) {
    const cls = (proto as { constructor: unknown }).constructor;
    const c = conversions.get(cls) ?? LAYER_CONVERSIONS.get(cls);
    if (c !== undefined) return c;
    if (Object.prototype.hasOwnProperty.call(proto, 'forward')) return undefined;
  }
  return undefined;
}

/** The context given to conversions, over one export's trace. */
export class ExportContext implements OnnxExportContext {
  constructor(readonly trace: Trace) {}

  get opsetVersion(): number {
    return this.trace.opset;
  }

  get modulePath(): string {
    return this.trace.scope.path;
  }

  op(opType: string, inputs: readonly (Tensor | null)[], outputs: readonly OnnxValueSpec[], attributes: Readonly<Record<string, OnnxAttribute>> = {}, domain = ''): Tensor[] {
    if (typeof opType !== 'string' || opType === '') throw new TypeError('OnnxExportContext.op: expected an op type');
    for (const o of outputs) {
      for (const d of o.dims) {
        if (typeof d === 'string' && !d.split('*').every((n) => /^\d+$/.test(n) || this.trace.sizes.has(n))) {
          this.trace.fail(opType, `output dim '${d}' is not a size of this export (use numbers, and names ctx.dims gives)`);
        }
      }
    }
    return this.trace.emit(
      opType,
      inputs.map((x) => (x === null ? null : this.trace.lift(x))),
      attributes,
      outputs.map((o) => ({ dims: o.dims as Dim[], dtype: o.dtype })),
      domain,
    );
  }

  dims(x: Tensor): (number | string)[] {
    return [...(x instanceof Traced ? x.dims : x.shape)];
  }

  fail(op: string, problem: string): never {
    return this.trace.fail(op, problem);
  }
}
