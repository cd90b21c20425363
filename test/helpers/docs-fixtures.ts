/**
 * The names a short `@example` fragment (`x.amax(1)`, `model.eval()`) may use without defining
 * them. Each is a factory, called afresh for every example that mentions the name, from a seeded
 * generator, so examples are deterministic and never see each other's in-place changes.
 *
 * Shapes: `x`, `y`, `pred`, `z`, `p` are [3, 4]; `w` is [5, 4] and `b` [5] (so `x.matmul(w.t())`
 * and `F.linear(x, w, b)` work); `logits` is [3, 5] with class indices `target` [3] and 0/1
 * `labels` [3, 5]; `idx` is int32 [3, 2] for `x.gather(1, idx)`; `model` is
 * `Sequential(Linear(4, 8), ReLU(), Linear(8, 3))`.
 */
import { Generator, randint, randn, rand, ones } from '@chainrule/autograd';
import type { Tensor } from '@chainrule/autograd';
import { nn, optim } from '@chainrule/nn';

const gen = (salt: number): Generator => new Generator(1234 + salt);

/** float32 [3, 4], standard normal. */
export const x = (): Tensor => randn([3, 4], { generator: gen(1) });
/** float32 [3, 4], uniform in [0, 1): a regression or a binary-cross-entropy target. */
export const y = (): Tensor => rand([3, 4], { generator: gen(2) });
/** float32 [5, 4], a weight matrix (out × in). */
export const w = (): Tensor => randn([5, 4], { generator: gen(3) });
/** float32 [5], a bias. */
export const b = (): Tensor => randn([5], { generator: gen(4) });
/** float32 [3, 4], predictions. */
export const pred = (): Tensor => randn([3, 4], { generator: gen(5) });
/** float32 [3, 4], logits for a binary loss. */
export const z = (): Tensor => randn([3, 4], { generator: gen(6) });
/** float32 [3, 4], probabilities in (0.05, 0.95). */
export const p = (): Tensor => rand([3, 4], { generator: gen(7) }).mul(0.9).add(0.05);
/** float32 [3, 5], class scores. */
export const logits = (): Tensor => randn([3, 5], { generator: gen(8) });
/** int32 [3], class indices into `logits`. */
export const target = (): Tensor => randint(0, 5, [3], { generator: gen(9) });
/** float32 [3, 5], 0/1 labels shaped like `logits`. */
export const labels = (): Tensor => rand([3, 5], { generator: gen(10) }).gt(0.5).float();
/** int32 [3, 2], indices into dim 1 of `x`. */
export const idx = (): Tensor => randint(0, 4, [3, 2], { generator: gen(11) });
/** float32 [3], ones (a scale parameter). */
export const scale = (): Tensor => ones([3]);
/** `Sequential(Linear(4, 8), ReLU(), Linear(8, 3))`. */
export const model = (): nn.Sequential => new nn.Sequential(new nn.Linear(4, 8), new nn.ReLU(), new nn.Linear(8, 3));
/** `Linear(4, 5)`. */
export const layer = (): nn.Linear => new nn.Linear(4, 5);
/** `Linear(3, 2)`, a trained model whose weights are copied. */
export const original = (): nn.Linear => new nn.Linear(3, 2);
/** SGD over a fresh `model`'s parameters. */
export const opt = (): optim.SGD => new optim.SGD(model().parameters(), { lr: 0.1 });
