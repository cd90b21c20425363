/**
 * Helpers of the ONNX tests: running an exported model in onnxruntime (its CPU library, from the
 * onnxruntime-node devDependency), comparing values, and reading a file's graph back.
 */
import * as ort from 'onnxruntime-node';
import { expect } from 'vitest';
import { tensor } from '@chainrule/autograd';
import type { Tensor } from '@chainrule/autograd';
import { decodeModel } from '../../src/onnx/proto.js';
import type { GraphProto, NodeProto } from '../../src/onnx/proto.js';

const ORT_TYPE = { float32: 'float32', float64: 'float64', int32: 'int32', uint8: 'uint8', int8: 'int8', bool: 'bool' } as const;

/** Runs `bytes` in onnxruntime on chainrule tensors (by input name; those in `int64` fed as int64) and returns its outputs as tensors. */
export async function runOrt(bytes: Uint8Array, inputs: Record<string, Tensor>, int64: readonly string[] = []): Promise<Record<string, Tensor>> {
  const session = await ort.InferenceSession.create(bytes);
  const feeds: Record<string, ort.Tensor> = {};
  for (const [name, t] of Object.entries(inputs)) {
    const data = t.dtype === 'bool' ? Uint8Array.from(t.toArray()) : t.contiguous().toArray().slice();
    feeds[name] = int64.includes(name) ? new ort.Tensor('int64', BigInt64Array.from(data, (v) => BigInt(v)), [...t.shape]) : new ort.Tensor(ORT_TYPE[t.dtype], data as Float32Array, [...t.shape]);
  }
  const out = await session.run(feeds);
  const result: Record<string, Tensor> = {};
  for (const [name, v] of Object.entries(out)) {
    const dtype = v.type === 'float64' ? 'float64' : v.type === 'float32' ? 'float32' : v.type === 'bool' ? 'bool' : 'int32';
    const data = v.type === 'int64' ? Int32Array.from(v.data as BigInt64Array, Number) : (v.data as Float32Array);
    result[name] = tensor(data, { shape: [...v.dims], dtype });
  }
  return result;
}

/** Asserts |a − b| ≤ tol·(1 + |b|) elementwise, with the same shape. */
export function expectClose(a: Tensor, b: Tensor, tol: number): void {
  expect(a.shape).toEqual(b.shape);
  const [x, y] = [a.toArray(), b.toArray()];
  let worst = 0;
  for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i]! - y[i]!) / (1 + Math.abs(y[i]!)));
  expect(worst).toBeLessThanOrEqual(tol);
}

/** The graph of an ONNX file. */
export function graphOf(bytes: Uint8Array): GraphProto {
  return decodeModel(bytes).graph!;
}

/** The op types of a file's nodes, in order. */
export const opsOf = (bytes: Uint8Array): string[] => (graphOf(bytes).node ?? []).map((n: NodeProto) => n.opType!);

/** Asserts every node reads only inputs, initializers and outputs of earlier nodes. */
export function expectTopological(g: GraphProto): void {
  const known = new Set([...(g.input ?? []).map((i) => i.name!), ...(g.initializer ?? []).map((i) => i.name!), '']);
  for (const n of g.node ?? []) {
    for (const i of n.input ?? []) expect(known.has(i), `${n.name} reads ${i} before it is made`).toBe(true);
    for (const o of n.output ?? []) known.add(o);
  }
  for (const o of g.output ?? []) expect(known.has(o.name!)).toBe(true);
}
