// Cold start, run by bench/run.ts in a fresh plain `node` process per measurement: the time from
// before the import to the first op's result read back (for chainrule-wasm, with the kernels
// compiled and instantiated on the way). chainrule is imported from its build
// (packages/autograd/dist, what users get). Prints one JSON line: { "ms": ... }.
// Usage: node coldstart.mjs <chainrule-js|chainrule-wasm|tfjs-wasm|tfjs-cpu> <autograd dist entry URL>
const [lib, entry] = process.argv.slice(2);
const t0 = performance.now();
let value;
if (lib.startsWith('chainrule')) {
  const cr = await import(entry);
  // 'wasm' is the default backend, but its kernels compile lazily, on the first op that needs one;
  // setBackend compiles them now, so that this figure includes that
  cr.setBackend(lib === 'chainrule-wasm' ? 'wasm' : 'js');
  value = cr.tensor([1, 2, 3]).mul(2).sum().item();
} else {
  const tf = await import('@tensorflow/tfjs');
  if (lib === 'tfjs-wasm') await import('@tensorflow/tfjs-backend-wasm');
  await tf.setBackend(lib === 'tfjs-wasm' ? 'wasm' : 'cpu');
  value = tf.sum(tf.mul(tf.tensor1d([1, 2, 3]), 2)).dataSync()[0];
}
const ms = performance.now() - t0;
if (value !== 12) throw new Error(`cold start: first op gave ${value}, expected 12`);
console.log(JSON.stringify({ ms }));
