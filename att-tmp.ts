import { scaledDotProductAttention as sdpa, tensor, randn, Generator, gradcheck, gradgradcheck, Tensor, zeros } from '@chainrule/autograd';
const q = tensor([[[1, 0], [0, 1]]]);
const k = tensor([[[1, 0], [0, 1], [1, 1]]]);
const v = tensor([[[1, 0], [0, 1], [1, 1]]]);
console.log(String(sdpa(q, k, v)));
console.log(String(sdpa(q, k, v, { isCausal: true })));
const keep = tensor([[true, false, true], [false, false, false]]);
console.log(String(sdpa(q, k, v, { attnMask: keep })));
const g = new Generator(0);
const r = (s: number[]) => randn(s, { dtype: 'float64', generator: g, requiresGrad: true });
const Q = r([2, 3, 4, 5]), K = r([2, 1, 6, 5]), V = r([1, 3, 6, 2]), M = r([4, 6]);
function comp(q: Tensor, k: Tensor, v: Tensor, m: Tensor | null, causal = false) {
  let s = q.matmul(k.transpose(-2, -1)).mul(1 / Math.sqrt(q.shape.at(-1)!));
  if (m) s = s.add(m);
  if (causal) s = s.maskedFill(tensor(Array.from({length: q.shape.at(-2)!}, (_, i) => Array.from({length: k.shape.at(-2)!}, (_, j) => j > i))), -Infinity);
  return s.softmax(-1).matmul(v);
}
const a = sdpa(Q, K, V, { attnMask: M }); const b = comp(Q, K, V, M);
console.log('max diff', a.sub(b).abs().max().item());
const ac = sdpa(Q, K, V, { isCausal: true }); const bc = comp(Q, K, V, null, true);
console.log('max diff causal', ac.sub(bc).abs().max().item());
console.log(gradcheck((q, k, v, m) => sdpa(q!, k!, v!, { attnMask: m! }), [Q, K, V, M]));
console.log(gradgradcheck((q, k, v, m) => sdpa(q!, k!, v!, { attnMask: m! }), [Q, K, V, M]));
console.log(gradgradcheck((q, k, v) => sdpa(q!, k!, v!, { isCausal: true }), [Q, K, V]));
