import * as cr from '@chainrule/autograd';
const cpu = (): number => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const sizes: [number, number][] = [[16, 16], [32, 40], [97, 51], [128, 128], [256, 200]];
for (const dtype of ['float64', 'float32'] as const) for (const [r, c] of sizes) {
  const a = cr.randn([r, c], { dtype }), b = cr.randn([r, c], { dtype }), row = cr.randn([c], { dtype });
  const ops: Record<string, () => cr.Tensor> = { add: () => a.add(b), 'add row': () => a.add(row), relu: () => a.relu(), exp: () => a.exp(), sum1: () => a.sum(1), softmax: () => a.softmax(1), mulS: () => a.mul(2) };
  const res: string[] = [];
  for (const [k, f] of Object.entries(ops)) {
    const t: Record<string, number[]> = { js: [], wasm: [] };
    for (let round = 0; round < 10; round++) for (const be of ['js', 'wasm']) {
      cr.setBackend(be);
      for (let i = 0; i < 20; i++) void f().data;
      const t0 = cpu(); for (let i = 0; i < 400; i++) void f().data; t[be]!.push((cpu() - t0) / 400);
    }
    const med = (x: number[]): number => x.sort((p, q) => p - q)[x.length >> 1]!;
    res.push(`${k} ${(med(t.wasm!) / med(t.js!)).toFixed(2)}`);
  }
  console.log(`${dtype} [${r},${c}] wasm/js CPU: ${res.join('  ')}`);
}
