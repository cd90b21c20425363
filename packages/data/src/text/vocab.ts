/**
 * Characters as token ids: the vocabulary of a character-level language model.
 * @module
 */

/**
 * The distinct characters of a text (Unicode code points, sorted), each with an id, like the
 * `stoi`/`itos` tables of character-level models.
 * @example
 * ```ts
 * import { CharVocabulary } from '@chainrule/data';
 * const vocab = new CharVocabulary('hello');
 * vocab.chars; // ['e', 'h', 'l', 'o']
 * [...vocab.encode('hole')]; // [1, 3, 2, 0]
 * vocab.decode([1, 0, 2, 2, 3]); // 'hello'
 * ```
 */
export class CharVocabulary {
  /** The characters, by id. */
  readonly chars: readonly string[];
  readonly #ids: ReadonlyMap<string, number>;

  /**
   * @param text - the text whose characters make the vocabulary.
   */
  constructor(text: string) {
    this.chars = [...new Set(text)].sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!);
    this.#ids = new Map(this.chars.map((c, i) => [c, i]));
  }

  /** The number of characters. */
  get size(): number {
    return this.chars.length;
  }

  /**
   * The ids of a text's characters.
   * @param text - characters of this vocabulary.
   * @returns one id per character (code point).
   * @throws RangeError for a character outside the vocabulary.
   * @example
   * ```ts
   * const vocab = new CharVocabulary('abc');
   * vocab.encode('cab'); // Int32Array [2, 0, 1]
   * vocab.encode('x'); // throws RangeError: not in the vocabulary
   * ```
   */
  encode(text: string): Int32Array {
    const out: number[] = [];
    for (const c of text) {
      const id = this.#ids.get(c);
      if (id === undefined) throw new RangeError(`CharVocabulary.encode: '${c}' is not in the vocabulary`);
      out.push(id);
    }
    return Int32Array.from(out);
  }

  /**
   * The text of a sequence of ids.
   * @param ids - ids in [0, size).
   * @returns the characters joined.
   * @throws RangeError for an id out of range.
   * @example
   * ```ts
   * const vocab = new CharVocabulary('abc');
   * vocab.decode([2, 0, 1]); // 'cab'
   * vocab.decode([3]); // throws RangeError: out of range
   * ```
   */
  decode(ids: ArrayLike<number>): string {
    let s = '';
    for (let i = 0; i < ids.length; i++) {
      const c = this.chars[ids[i]!];
      if (c === undefined) throw new RangeError(`CharVocabulary.decode: id ${ids[i]} is out of range [0, ${this.size})`);
      s += c;
    }
    return s;
  }
}

/**
 * A text cut into a training part (the first `1 − testFraction`) and a held-out part (the rest),
 * so the held-out text is a contiguous stretch the model never saw.
 * @param text - the text.
 * @param testFraction - the held-out share (default 0.1).
 * @returns the two parts.
 * @throws RangeError for a fraction outside (0, 1).
 * @example
 * ```ts
 * import { splitText } from '@chainrule/data';
 * splitText('abcdefghij', 0.2); // { train: 'abcdefgh', test: 'ij' }
 * ```
 */
export function splitText(text: string, testFraction = 0.1): { train: string; test: string } {
  if (!(testFraction > 0 && testFraction < 1)) throw new RangeError(`splitText: testFraction must be in (0, 1), got ${testFraction}`);
  const cut = Math.round(text.length * (1 - testFraction));
  return { train: text.slice(0, cut), test: text.slice(cut) };
}
