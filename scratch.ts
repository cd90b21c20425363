import { readFileSync } from 'node:fs';
import { importOnnx } from '@chainrule/nn/onnx';
for (const name of ['recurrent', 'transformer']) {
  const m = importOnnx(new Uint8Array(readFileSync('test/golden/onnx/' + name + '.onnx')));
  console.log(name, JSON.stringify(m.namedParameters().map(([n]) => n)), JSON.stringify(m.namedBuffers().map(([n]) => n)));
}
