import { randn, zeros, cat } from '@chainrule/autograd';
import type { Tensor } from '@chainrule/autograd';
import { nn } from '@chainrule/nn';
import { exportOnnx, importOnnx } from '@chainrule/nn/onnx';
import { decodeModel } from './packages/nn/src/onnx/proto.js';
class Shared extends nn.Module {
  fc = new nn.Linear(3, 3);
  forward(x: Tensor): Tensor { return this.fc.forward(this.fc.call(x).relu()); }
}
const b = exportOnnx(new Shared(), [randn([2, 3])]);
const g = decodeModel(b).graph!;
console.log(g.initializer!.map((i) => i.name), g.node!.map((n) => n.name));
class Pad extends nn.Module {
  forward(x: Tensor): Tensor { return cat([x, zeros([x.shape[0]!, 2])], 1); }
}
try { exportOnnx(new Pad(), [randn([2, 3])], { dynamicAxes: { input: { 0: 'b' } } }); } catch (e) { console.log((e as Error).message); }
console.log(importOnnx(exportOnnx(new Pad(), [randn([2, 3])])).forward(randn([2, 3])).shape);
