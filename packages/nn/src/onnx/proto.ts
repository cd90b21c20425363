/**
 * The ONNX messages (onnx.proto3) that models need: ModelProto, GraphProto, NodeProto,
 * AttributeProto, TensorProto, ValueInfoProto and the types and shapes in them, as TypeScript
 * types and as schemas for the wire format in protobuf.ts. Fields ONNX has but models of this
 * library do not use (sparse tensors, training info, functions) are skipped when read.
 * @module
 */
import { decodeMessage, encodeMessage } from './protobuf.js';
import type { Message, Schema } from './protobuf.js';

/** TensorProto.DataType. */
export const DataType = {
  UNDEFINED: 0,
  FLOAT: 1,
  UINT8: 2,
  INT8: 3,
  UINT16: 4,
  INT16: 5,
  INT32: 6,
  INT64: 7,
  STRING: 8,
  BOOL: 9,
  FLOAT16: 10,
  DOUBLE: 11,
  UINT32: 12,
  UINT64: 13,
  COMPLEX64: 14,
  COMPLEX128: 15,
  BFLOAT16: 16,
} as const;

/** AttributeProto.AttributeType. */
export const AttributeType = { UNDEFINED: 0, FLOAT: 1, INT: 2, STRING: 3, TENSOR: 4, GRAPH: 5, FLOATS: 6, INTS: 7, STRINGS: 8, TENSORS: 9, GRAPHS: 10 } as const;

export interface TensorProto {
  dims?: number[];
  dataType?: number;
  floatData?: number[];
  int32Data?: number[];
  stringData?: Uint8Array[];
  int64Data?: number[];
  name?: string;
  rawData?: Uint8Array;
  doubleData?: number[];
  uint64Data?: number[];
  docString?: string;
  externalData?: StringStringEntryProto[];
  dataLocation?: number;
}

export interface AttributeProto {
  name?: string;
  f?: number;
  i?: number;
  s?: Uint8Array;
  t?: TensorProto;
  g?: GraphProto;
  floats?: number[];
  ints?: number[];
  strings?: Uint8Array[];
  tensors?: TensorProto[];
  graphs?: GraphProto[];
  docString?: string;
  type?: number;
  refAttrName?: string;
}

export interface NodeProto {
  input?: string[];
  output?: string[];
  name?: string;
  opType?: string;
  attribute?: AttributeProto[];
  docString?: string;
  domain?: string;
}

export interface DimensionProto {
  dimValue?: number;
  dimParam?: string;
}

export interface TypeProto {
  tensorType?: { elemType?: number; shape?: { dim?: DimensionProto[] } };
}

export interface ValueInfoProto {
  name?: string;
  type?: TypeProto;
  docString?: string;
}

export interface GraphProto {
  node?: NodeProto[];
  name?: string;
  initializer?: TensorProto[];
  docString?: string;
  input?: ValueInfoProto[];
  output?: ValueInfoProto[];
  valueInfo?: ValueInfoProto[];
}

export interface OperatorSetIdProto {
  domain?: string;
  version?: number;
}

export interface StringStringEntryProto {
  key?: string;
  value?: string;
}

export interface ModelProto {
  irVersion?: number;
  producerName?: string;
  producerVersion?: string;
  domain?: string;
  modelVersion?: number;
  docString?: string;
  graph?: GraphProto;
  opsetImport?: OperatorSetIdProto[];
  metadataProps?: StringStringEntryProto[];
}

const entry: Schema = { 1: { name: 'key', type: 'string' }, 2: { name: 'value', type: 'string' } };

const tensor: Schema = {
  1: { name: 'dims', type: 'int64', repeated: true },
  2: { name: 'dataType', type: 'int32' },
  4: { name: 'floatData', type: 'float', repeated: true },
  5: { name: 'int32Data', type: 'int32', repeated: true },
  6: { name: 'stringData', type: 'bytes', repeated: true },
  7: { name: 'int64Data', type: 'int64', repeated: true },
  8: { name: 'name', type: 'string' },
  9: { name: 'rawData', type: 'bytes' },
  10: { name: 'doubleData', type: 'double', repeated: true },
  11: { name: 'uint64Data', type: 'int64', repeated: true },
  12: { name: 'docString', type: 'string' },
  13: { name: 'externalData', type: () => entry, repeated: true },
  14: { name: 'dataLocation', type: 'int32' },
};

const dimension: Schema = { 1: { name: 'dimValue', type: 'int64' }, 2: { name: 'dimParam', type: 'string' } };
const tensorShape: Schema = { 1: { name: 'dim', type: () => dimension, repeated: true } };
const tensorType: Schema = { 1: { name: 'elemType', type: 'int32' }, 2: { name: 'shape', type: () => tensorShape } };
const type: Schema = { 1: { name: 'tensorType', type: () => tensorType } };
const valueInfo: Schema = { 1: { name: 'name', type: 'string' }, 2: { name: 'type', type: () => type }, 3: { name: 'docString', type: 'string' } };

const attribute: Schema = {
  1: { name: 'name', type: 'string' },
  2: { name: 'f', type: 'float' },
  3: { name: 'i', type: 'int64' },
  4: { name: 's', type: 'bytes' },
  5: { name: 't', type: () => tensor },
  6: { name: 'g', type: () => graph },
  7: { name: 'floats', type: 'float', repeated: true },
  8: { name: 'ints', type: 'int64', repeated: true },
  9: { name: 'strings', type: 'bytes', repeated: true },
  10: { name: 'tensors', type: () => tensor, repeated: true },
  11: { name: 'graphs', type: () => graph, repeated: true },
  13: { name: 'docString', type: 'string' },
  20: { name: 'type', type: 'int32' },
  21: { name: 'refAttrName', type: 'string' },
};

const node: Schema = {
  1: { name: 'input', type: 'string', repeated: true },
  2: { name: 'output', type: 'string', repeated: true },
  3: { name: 'name', type: 'string' },
  4: { name: 'opType', type: 'string' },
  5: { name: 'attribute', type: () => attribute, repeated: true },
  6: { name: 'docString', type: 'string' },
  7: { name: 'domain', type: 'string' },
};

const graph: Schema = {
  1: { name: 'node', type: () => node, repeated: true },
  2: { name: 'name', type: 'string' },
  5: { name: 'initializer', type: () => tensor, repeated: true },
  10: { name: 'docString', type: 'string' },
  11: { name: 'input', type: () => valueInfo, repeated: true },
  12: { name: 'output', type: () => valueInfo, repeated: true },
  13: { name: 'valueInfo', type: () => valueInfo, repeated: true },
};

const opset: Schema = { 1: { name: 'domain', type: 'string' }, 2: { name: 'version', type: 'int64' } };

const model: Schema = {
  1: { name: 'irVersion', type: 'int64' },
  2: { name: 'producerName', type: 'string' },
  3: { name: 'producerVersion', type: 'string' },
  4: { name: 'domain', type: 'string' },
  5: { name: 'modelVersion', type: 'int64' },
  6: { name: 'docString', type: 'string' },
  7: { name: 'graph', type: () => graph },
  8: { name: 'opsetImport', type: () => opset, repeated: true },
  14: { name: 'metadataProps', type: () => entry, repeated: true },
};

/** The schemas, for tests and for encoding single messages. */
export const schemas = { model, graph, node, attribute, tensor, valueInfo, type, opset, entry } as const;

/**
 * Serializes a model.
 * @param m - the model.
 * @returns the ONNX file's bytes.
 */
export function encodeModel(m: ModelProto): Uint8Array {
  return encodeMessage(m as Message, model);
}

/**
 * Parses a model (every repeated field an array, absent scalars undefined).
 * @param bytes - the ONNX file's bytes.
 * @returns the model.
 * @throws ProtobufError for bytes that are not a ModelProto.
 */
export function decodeModel(bytes: Uint8Array): ModelProto {
  return decodeMessage(bytes, model) as ModelProto;
}
