/**
 * `@chainrule/nn/onnx`: ONNX export and import, like `torch.onnx`. {@link exportOnnx} writes a
 * model for onnxruntime (Node, the browser, Python, servers and GPUs); {@link importOnnx} reads an
 * ONNX model into a module that runs, differentiates and trains with chainrule.
 * @module onnx
 */
export { exportOnnx } from './export.js';
export type { ExportOnnxOptions } from './export.js';
export { importOnnx, OnnxModule } from './import.js';
export { registerOnnxConversion } from './registry.js';
export type { OnnxConversion, OnnxExportContext, OnnxValueSpec } from './registry.js';
export { OnnxExportError } from './trace.js';
export type { OnnxAttribute } from './trace.js';
