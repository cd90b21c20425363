/**
 * The count-based bigram model: the baseline a character-level language model must beat.
 * @module
 */

/**
 * A character bigram model from counts: P(b | a) = (count(a, b) + β·u(b)) / (count(a) + β), where
 * u is the add-one unigram distribution, so that every pair has a probability (β = 1 by default).
 * @example
 * ```ts
 * import { BigramModel } from '@chainrule/data';
 * const m = new BigramModel([0, 1, 0, 1, 0, 1], 2); // ids, vocabulary size
 * m.prob(0, 1) > 0.7; // true
 * m.bitsPerChar([0, 1, 0, 1]) < 0.5; // true
 * ```
 */
export class BigramModel {
  readonly #pairs: Float64Array;
  readonly #firsts: Float64Array;
  readonly #unigram: Float64Array;

  /**
   * @param ids - the training text as ids.
   * @param vocabSize - the number of ids.
   * @param beta - the weight of the unigram prior (default 1).
   * @throws RangeError for an id outside [0, vocabSize) or a negative beta.
   */
  constructor(
    ids: ArrayLike<number>,
    readonly vocabSize: number,
    readonly beta = 1,
  ) {
    if (!(beta >= 0)) throw new RangeError(`BigramModel: beta must be non-negative, got ${beta}`);
    const V = vocabSize;
    this.#pairs = new Float64Array(V * V);
    this.#firsts = new Float64Array(V);
    const counts = new Float64Array(V);
    for (let i = 0; i < ids.length; i++) {
      const b = ids[i]!;
      if (!(b >= 0 && b < V)) throw new RangeError(`BigramModel: id ${b} is outside [0, ${V})`);
      counts[b]!++;
      if (i > 0) {
        const a = ids[i - 1]!;
        this.#pairs[a * V + b]!++;
        this.#firsts[a]!++;
      }
    }
    this.#unigram = counts.map((c) => (c + 1) / (ids.length + V));
  }

  /**
   * P(b | a).
   * @param a - the previous id.
   * @param b - the next id.
   * @returns the probability.
   * @example
   * ```ts
   * const m = new BigramModel([0, 1, 1, 0], 2);
   * m.prob(0, 1) + m.prob(0, 0); // 1
   * ```
   */
  prob(a: number, b: number): number {
    return (this.#pairs[a * this.vocabSize + b]! + this.beta * this.#unigram[b]!) / (this.#firsts[a]! + this.beta);
  }

  /**
   * The mean −log₂ P(x_t | x_{t−1}) over a text: its cross-entropy in bits per character.
   * @param ids - the text as ids (two or more).
   * @returns bits per character.
   * @throws RangeError for fewer than two ids.
   * @example
   * ```ts
   * const m = new BigramModel([0, 1, 0, 1, 0, 1], 2);
   * m.bitsPerChar([0, 1, 0]) < m.bitsPerChar([0, 0, 0]); // true
   * m.bitsPerChar([0]); // throws RangeError: at least two
   * ```
   */
  bitsPerChar(ids: ArrayLike<number>): number {
    if (ids.length < 2) throw new RangeError('BigramModel.bitsPerChar: needs at least two characters');
    let s = 0;
    for (let i = 1; i < ids.length; i++) s -= Math.log2(this.prob(ids[i - 1]!, ids[i]!));
    return s / (ids.length - 1);
  }
}
