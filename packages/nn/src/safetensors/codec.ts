/**
 * A codec for the safetensors file format (as written by HuggingFace `safetensors` and by
 * PyTorch via that library), in plain TypeScript: no Node APIs, so it runs in a browser.
 *
 * Layout of a file:
 * 1. 8 bytes: N, the header length, as a little-endian unsigned 64-bit integer;
 * 2. N bytes: a UTF-8 JSON object mapping each tensor name to
 *    `{"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]}`, plus an optional
 *    `"__metadata__"` object of string values; writers pad it with spaces so that the data
 *    section starts 8-byte aligned;
 * 3. the data section: each tensor's elements in row-major order, little-endian, at
 *    `[begin, end)` relative to the start of the section. Together the tensors cover the
 *    section exactly, without overlaps or holes.
 *
 * The decoder checks every one of those rules and reports any violation as a
 * {@link SafetensorsError}; it parses the header with its own strict JSON reader, so names
 * such as `__proto__` are stored safely, key order is kept and duplicate keys are caught.
 * @module
 */

import {
  bfloat16BitsToFloat32Bits,
  float16BitsToFloat32Bits,
  float32BitsToBfloat16Bits,
  float32BitsToFloat16Bits,
} from './half.js';

/**
 * The element types this codec reads and writes, named as in the safetensors header
 * (`F32` is `torch.float32`, `BF16` is `torch.bfloat16`, `BOOL` is `torch.bool`, ...).
 *
 * Other safetensors dtypes (`U16`, `U32`, `U64`, `F8_*`, `C64`, ...) are rejected with a
 * {@link SafetensorsError} that names them.
 *
 * @example
 * ```ts
 * const dtype: SafetensorsDType = 'BF16';
 * const bytes = saveSafetensors({ w: tensor([1.5, -2]) }, {}, { halfDtype: dtype });
 * decodeSafetensors(bytes).tensors.get('w')?.dtype; // 'BF16'
 * ```
 */
export type SafetensorsDType = 'F64' | 'F32' | 'F16' | 'BF16' | 'I64' | 'I32' | 'I16' | 'I8' | 'U8' | 'BOOL';

/**
 * One tensor of a safetensors file: its dtype, its shape and its elements in row-major order.
 *
 * The typed array that goes with each dtype:
 *
 * | dtype | data |
 * | --- | --- |
 * | `F64` | `Float64Array` |
 * | `F32`, `F16`, `BF16` | `Float32Array` (16-bit floats are widened on load, rounded on save) |
 * | `I64` | `BigInt64Array` |
 * | `I32` | `Int32Array` |
 * | `I16` | `Int16Array` |
 * | `I8` | `Int8Array` |
 * | `U8`, `BOOL` | `Uint8Array` (`BOOL` holds only 0 and 1) |
 *
 * `data.length` equals the product of `shape` (1 for the scalar shape `[]`).
 *
 * @example
 * ```ts
 * const bias: SafetensorsEntry = { dtype: 'F32', shape: [3], data: new Float32Array([0.5, 0.25, 0.125]) };
 * const bytes = encodeSafetensors({ bias });
 * decodeSafetensors(bytes).tensors.get('bias')?.data; // Float32Array [0.5, 0.25, 0.125]
 * ```
 */
export interface SafetensorsEntry {
  /** The element type stored in the file. */
  dtype: SafetensorsDType;
  /** The dimensions, outermost first. */
  shape: number[];
  /** The elements in row-major order; see the table above for which array goes with which dtype. */
  data: Float32Array | Float64Array | Int32Array | Uint8Array | Int16Array | Int8Array | BigInt64Array;
}

/**
 * The error thrown for any malformed safetensors file or invalid input to
 * {@link encodeSafetensors}. The message names the problem, the tensor concerned and, for
 * problems in a file, the byte offset in the file.
 *
 * @example
 * ```ts
 * let error: unknown;
 * try {
 *   decodeSafetensors(new Uint8Array(3));
 * } catch (e) {
 *   error = e;
 * }
 * error instanceof SafetensorsError; // true
 * decodeSafetensors(new Uint8Array(3)); // throws SafetensorsError: too short
 * ```
 */
export class SafetensorsError extends Error {
  /**
   * Creates the error.
   *
   * @param message - What is wrong, where.
   * @param options - Optional `cause`.
   * @example
   * ```ts
   * new SafetensorsError('tensor "w": unknown dtype "F8_E4M3"').name; // 'SafetensorsError'
   * ```
   */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SafetensorsError';
  }
}

/**
 * What {@link decodeSafetensors} returns: the tensors in the order the header lists them,
 * and the header's `__metadata__` (empty when the file has none).
 *
 * `metadata` is an object without a prototype, so a key such as `__proto__` is an ordinary
 * key.
 *
 * @example
 * ```ts
 * const bytes = saveSafetensors(new nn.Linear(3, 2).stateDict(), { format: 'pt' });
 * const { tensors, metadata }: DecodedSafetensors = decodeSafetensors(bytes);
 * [...tensors].map(([name, { dtype, shape }]) => `${name} ${dtype} [${shape}]`); // ['weight F32 [2,3]', 'bias F32 [2]']
 * metadata.format; // 'pt'
 * ```
 */
export interface DecodedSafetensors {
  /** Tensor name to tensor, in header order. */
  tensors: Map<string, SafetensorsEntry>;
  /** The `__metadata__` strings; a prototype-less object. */
  metadata: Record<string, string>;
}

// ---------------------------------------------------------------------------------------
// dtype table

type ArrayTag = 'Float64Array' | 'Float32Array' | 'BigInt64Array' | 'Int32Array' | 'Int16Array' | 'Int8Array' | 'Uint8Array';

interface DTypeInfo {
  /** Bytes per element in the file. */
  readonly itemsize: number;
  /** The typed array that holds the decoded elements. */
  readonly tag: ArrayTag;
}

// A Map, not an object: a dtype string read from a file ("constructor", "__proto__") must
// never find an inherited property.
const DTYPES = new Map<string, DTypeInfo>([
  ['F64', { itemsize: 8, tag: 'Float64Array' }],
  ['F32', { itemsize: 4, tag: 'Float32Array' }],
  ['F16', { itemsize: 2, tag: 'Float32Array' }],
  ['BF16', { itemsize: 2, tag: 'Float32Array' }],
  ['I64', { itemsize: 8, tag: 'BigInt64Array' }],
  ['I32', { itemsize: 4, tag: 'Int32Array' }],
  ['I16', { itemsize: 2, tag: 'Int16Array' }],
  ['I8', { itemsize: 1, tag: 'Int8Array' }],
  ['U8', { itemsize: 1, tag: 'Uint8Array' }],
  ['BOOL', { itemsize: 1, tag: 'Uint8Array' }],
]);

const SUPPORTED = [...DTYPES.keys()].join(', ');

/** The largest header accepted, as in the reference implementation. */
const MAX_HEADER_BYTES = 100_000_000;

/** How deep the header JSON may nest; a valid header needs 3 levels. */
const MAX_JSON_DEPTH = 64;

const METADATA_KEY = '__metadata__';

/** Whether this machine stores typed-array elements little-endian (all mainstream ones do). */
const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

// ---------------------------------------------------------------------------------------
// message helpers

/** A name quoted for a message, escaped and shortened. */
function q(s: string): string {
  const shown = s.length > 120 ? `${s.slice(0, 120)}…` : s;
  return JSON.stringify(shown);
}

function fmtShape(shape: readonly unknown[]): string {
  const shown = shape.slice(0, 16).map((d) => (typeof d === 'number' || typeof d === 'bigint' ? String(d) : typeof d));
  return `[${shown.join(', ')}${shape.length > 16 ? `, … (${shape.length} dims)` : ''}]`;
}

/** The typed-array kind of a value (works across realms), or undefined. */
function arrayTag(v: unknown): string | undefined {
  if (!ArrayBuffer.isView(v) || v instanceof DataView) return undefined;
  return (v as unknown as { [Symbol.toStringTag]: string })[Symbol.toStringTag];
}

function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  const tag = arrayTag(v);
  if (tag !== undefined) return `a ${tag}`;
  if (v instanceof JsonObject) return 'an object';
  const t = typeof v;
  return t === 'object' || t === 'undefined' ? t : `${t} ${t === 'string' ? q(v as string) : String(v)}`;
}

/** Reverses each `size`-byte group in place (used only on big-endian hosts). */
function swapBytes(b: Uint8Array, start: number, length: number, size: number): void {
  if (size === 1) return;
  for (let i = start; i < start + length; i += size) {
    for (let lo = i, hi = i + size - 1; lo < hi; lo++, hi--) {
      const t = b[lo]!;
      b[lo] = b[hi]!;
      b[hi] = t;
    }
  }
}

// ---------------------------------------------------------------------------------------
// header JSON reader

/** A JSON object from the header: insertion-ordered, prototype-free, with value offsets. */
class JsonObject {
  readonly values = new Map<string, JsonValue>();
  /** File byte offset of each value's first byte. */
  readonly offsets = new Map<string, number>();
  constructor(readonly offset: number) {}
}

type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;

/** Throws unless bytes[start, end) is well-formed UTF-8 (RFC 3629: no overlongs, no surrogates). */
function checkUtf8(b: Uint8Array, start: number, end: number): void {
  let i = start;
  const bad = (at: number, why: string): never => {
    throw new SafetensorsError(`header is not valid UTF-8: ${why} at file byte offset ${at}`);
  };
  while (i < end) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) need = 1;
    else if (c === 0xe0) [need, lo] = [2, 0xa0];
    else if ((c >= 0xe1 && c <= 0xec) || c === 0xee || c === 0xef) need = 2;
    else if (c === 0xed) [need, hi] = [2, 0x9f];
    else if (c === 0xf0) [need, lo] = [3, 0x90];
    else if (c >= 0xf1 && c <= 0xf3) need = 3;
    else if (c === 0xf4) [need, hi] = [3, 0x8f];
    else return bad(i, `invalid byte 0x${c.toString(16).padStart(2, '0')}`);
    if (i + need >= end) return bad(i, 'truncated multi-byte sequence');
    for (let k = 1; k <= need; k++) {
      const d = b[i + k]!;
      const min = k === 1 ? lo : 0x80;
      const max = k === 1 ? hi : 0xbf;
      if (d < min || d > max) return bad(i + k, `invalid continuation byte 0x${d.toString(16).padStart(2, '0')}`);
    }
    i += need + 1;
  }
}

/** Builds a string from UTF-16 code units in bounded chunks (no giant argument lists). */
class StringBuilder {
  private out = '';
  private units: number[] = [];
  push(unit: number): void {
    this.units.push(unit);
    if (this.units.length >= 4096) this.flush();
  }
  pushCodePoint(cp: number): void {
    if (cp < 0x10000) this.push(cp);
    else {
      const v = cp - 0x10000;
      this.push(0xd800 | (v >>> 10));
      this.push(0xdc00 | (v & 0x3ff));
    }
  }
  private flush(): void {
    this.out += String.fromCharCode(...this.units);
    this.units = [];
  }
  toString(): string {
    this.flush();
    return this.out;
  }
}

const WS = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
const DIGIT = (c: number | undefined): boolean => c !== undefined && c >= 0x30 && c <= 0x39;

/**
 * A strict RFC 8259 JSON reader over the header bytes (already checked to be UTF-8).
 * Objects become {@link JsonObject}s, so no key can reach a prototype; duplicate keys and
 * excessive nesting are errors; every error names the file byte offset.
 */
class HeaderReader {
  private pos: number;

  constructor(
    private readonly b: Uint8Array,
    start: number,
    private readonly end: number,
  ) {
    this.pos = start;
  }

  read(): JsonValue {
    this.ws();
    if (this.pos >= this.end) this.fail('the header is empty or only whitespace, expected a JSON object');
    const v = this.value(0);
    this.ws();
    if (this.pos < this.end) this.fail(`unexpected ${this.found()} after the end of the JSON value`);
    return v;
  }

  private fail(why: string, at = this.pos): never {
    throw new SafetensorsError(`header is not valid JSON: ${why} at file byte offset ${at}`);
  }

  private found(): string {
    if (this.pos >= this.end) return 'end of header';
    const c = this.b[this.pos]!;
    return c >= 0x20 && c < 0x7f ? `character '${String.fromCharCode(c)}'` : `byte 0x${c.toString(16).padStart(2, '0')}`;
  }

  private ws(): void {
    while (this.pos < this.end && WS(this.b[this.pos]!)) this.pos++;
  }

  private peek(): number | undefined {
    return this.pos < this.end ? this.b[this.pos] : undefined;
  }

  private value(depth: number): JsonValue {
    switch (this.peek()) {
      case 0x7b: // {
        return this.object(depth);
      case 0x5b: // [
        return this.array(depth);
      case 0x22: // "
        return this.string();
      case 0x74: // t
        return this.literal('true', true);
      case 0x66: // f
        return this.literal('false', false);
      case 0x6e: // n
        return this.literal('null', null);
      default:
        if (this.peek() === 0x2d || DIGIT(this.peek())) return this.number();
        return this.fail(`unexpected ${this.found()}, expected a value`);
    }
  }

  private object(depth: number): JsonObject {
    if (depth >= MAX_JSON_DEPTH) this.fail(`nested more than ${MAX_JSON_DEPTH} levels deep`);
    const obj = new JsonObject(this.pos);
    this.pos++;
    this.ws();
    if (this.peek() === 0x7d) {
      this.pos++;
      return obj;
    }
    for (;;) {
      this.ws();
      if (this.peek() !== 0x22) this.fail(`expected a string key but found ${this.found()}`);
      const keyAt = this.pos;
      const key = this.string();
      if (obj.values.has(key)) {
        throw new SafetensorsError(`header has a duplicate key ${q(key)} at file byte offset ${keyAt}`);
      }
      this.ws();
      if (this.peek() !== 0x3a) this.fail(`expected ':' after key ${q(key)} but found ${this.found()}`);
      this.pos++;
      this.ws();
      obj.offsets.set(key, this.pos);
      obj.values.set(key, this.value(depth + 1));
      this.ws();
      const c = this.peek();
      this.pos++;
      if (c === 0x2c) continue;
      if (c === 0x7d) return obj;
      this.pos--;
      this.fail(`expected ',' or '}' but found ${this.found()}`);
    }
  }

  private array(depth: number): JsonValue[] {
    if (depth >= MAX_JSON_DEPTH) this.fail(`nested more than ${MAX_JSON_DEPTH} levels deep`);
    const arr: JsonValue[] = [];
    this.pos++;
    this.ws();
    if (this.peek() === 0x5d) {
      this.pos++;
      return arr;
    }
    for (;;) {
      this.ws();
      arr.push(this.value(depth + 1));
      this.ws();
      const c = this.peek();
      this.pos++;
      if (c === 0x2c) continue;
      if (c === 0x5d) return arr;
      this.pos--;
      this.fail(`expected ',' or ']' but found ${this.found()}`);
    }
  }

  private literal<T extends JsonValue>(word: string, v: T): T {
    for (let k = 0; k < word.length; k++) {
      if (this.b[this.pos + k] !== word.charCodeAt(k) || this.pos + k >= this.end) {
        this.fail(`invalid literal, expected '${word}'`);
      }
    }
    this.pos += word.length;
    return v;
  }

  private number(): number {
    const start = this.pos;
    if (this.peek() === 0x2d) this.pos++;
    if (this.peek() === 0x30) this.pos++;
    else if (DIGIT(this.peek())) while (DIGIT(this.peek())) this.pos++;
    else this.fail(`invalid number: expected a digit but found ${this.found()}`);
    if (this.peek() === 0x2e) {
      this.pos++;
      if (!DIGIT(this.peek())) this.fail(`invalid number: expected a digit after '.' but found ${this.found()}`);
      while (DIGIT(this.peek())) this.pos++;
    }
    if (this.peek() === 0x65 || this.peek() === 0x45) {
      this.pos++;
      if (this.peek() === 0x2b || this.peek() === 0x2d) this.pos++;
      if (!DIGIT(this.peek())) this.fail(`invalid number: expected a digit in the exponent but found ${this.found()}`);
      while (DIGIT(this.peek())) this.pos++;
    }
    const text = new StringBuilder();
    for (let i = start; i < this.pos; i++) text.push(this.b[i]!);
    return Number(text.toString());
  }

  private string(): string {
    const start = this.pos;
    const b = this.b;
    const out = new StringBuilder();
    this.pos++; // opening quote
    for (;;) {
      if (this.pos >= this.end) this.fail('unterminated string', start);
      const c = b[this.pos]!;
      if (c === 0x22) {
        this.pos++;
        return out.toString();
      }
      if (c === 0x5c) {
        this.escape(out);
      } else if (c < 0x20) {
        this.fail(`unescaped control character 0x${c.toString(16).padStart(2, '0')} in a string`);
      } else if (c < 0x80) {
        out.push(c);
        this.pos++;
      } else if (c < 0xe0) {
        out.push(((c & 0x1f) << 6) | (b[this.pos + 1]! & 0x3f));
        this.pos += 2;
      } else if (c < 0xf0) {
        out.push(((c & 0x0f) << 12) | ((b[this.pos + 1]! & 0x3f) << 6) | (b[this.pos + 2]! & 0x3f));
        this.pos += 3;
      } else {
        out.pushCodePoint(
          ((c & 0x07) << 18) | ((b[this.pos + 1]! & 0x3f) << 12) | ((b[this.pos + 2]! & 0x3f) << 6) | (b[this.pos + 3]! & 0x3f),
        );
        this.pos += 4;
      }
    }
  }

  private escape(out: StringBuilder): void {
    const at = this.pos;
    this.pos++;
    const e = this.peek();
    this.pos++;
    switch (e) {
      case 0x22:
      case 0x5c:
      case 0x2f:
        out.push(e);
        return;
      case 0x62:
        out.push(0x08);
        return;
      case 0x66:
        out.push(0x0c);
        return;
      case 0x6e:
        out.push(0x0a);
        return;
      case 0x72:
        out.push(0x0d);
        return;
      case 0x74:
        out.push(0x09);
        return;
      case 0x75: {
        let v = 0;
        for (let k = 0; k < 4; k++) {
          const h = this.peek();
          const d =
            h === undefined ? -1 : h >= 0x30 && h <= 0x39 ? h - 0x30 : h >= 0x61 && h <= 0x66 ? h - 0x57 : h >= 0x41 && h <= 0x46 ? h - 0x37 : -1;
          if (d < 0) this.fail(`invalid \\u escape: expected a hex digit but found ${this.found()}`);
          v = (v << 4) | d;
          this.pos++;
        }
        out.push(v);
        return;
      }
      default:
        this.pos = at;
        this.fail('invalid escape sequence in a string');
    }
  }
}

// ---------------------------------------------------------------------------------------
// header validation

interface TensorSpec {
  name: string;
  dtype: SafetensorsDType;
  info: DTypeInfo;
  shape: number[];
  numel: number;
  begin: number;
  end: number;
}

/** Validates a shape; returns its element count, or a description of what is wrong. */
function checkShape(shape: unknown): { numel: number } | { problem: string } {
  if (!Array.isArray(shape)) return { problem: `shape must be an array of non-negative integers, got ${describeValue(shape)}` };
  let numel = 1;
  let zero = false;
  let overflow = false;
  for (let i = 0; i < shape.length; i++) {
    const d: unknown = shape[i];
    if (typeof d !== 'number' || !Number.isSafeInteger(d) || d < 0) {
      return { problem: `shape must be an array of non-negative safe integers, but dimension ${i} is ${describeValue(d)}` };
    }
    if (d === 0) zero = true;
    else if (!overflow) {
      if (numel > Number.MAX_SAFE_INTEGER / d) overflow = true;
      else numel *= d;
    }
  }
  if (zero) return { numel: 0 };
  if (overflow) return { problem: `shape ${fmtShape(shape)} has more than 2^53 - 1 elements` };
  return { numel };
}

function readMetadata(v: JsonValue, at: number): Record<string, string> {
  const metadata = Object.create(null) as Record<string, string>;
  if (v === null) return metadata;
  if (!(v instanceof JsonObject)) {
    throw new SafetensorsError(`"__metadata__" must be an object of strings, got ${describeValue(v)} at file byte offset ${at}`);
  }
  for (const [k, s] of v.values) {
    if (typeof s !== 'string') {
      throw new SafetensorsError(
        `"__metadata__" value for key ${q(k)} must be a string, got ${describeValue(s)} at file byte offset ${v.offsets.get(k)}`,
      );
    }
    metadata[k] = s;
  }
  return metadata;
}

function readTensorSpec(name: string, v: JsonValue, at: number, dataStart: number, dataLength: number): TensorSpec {
  const fail = (why: string, where = at): never => {
    throw new SafetensorsError(`tensor ${q(name)}: ${why} (at file byte offset ${where})`);
  };
  if (!(v instanceof JsonObject)) return fail(`entry must be an object with dtype, shape and data_offsets, got ${describeValue(v)}`);
  const field = (key: string): [JsonValue, number] => {
    const value = v.values.get(key);
    if (value === undefined) return fail(`missing field "${key}"`);
    return [value, v.offsets.get(key) ?? at];
  };

  const [dtype, dtypeAt] = field('dtype');
  if (typeof dtype !== 'string') return fail(`field "dtype" must be a string, got ${describeValue(dtype)}`, dtypeAt);
  const info = DTYPES.get(dtype);
  if (info === undefined) return fail(`unknown dtype ${q(dtype)} (supported: ${SUPPORTED})`, dtypeAt);

  const [shape, shapeAt] = field('shape');
  const checked = checkShape(shape);
  if ('problem' in checked) return fail(checked.problem, shapeAt);

  const [offsets, offsetsAt] = field('data_offsets');
  if (
    !Array.isArray(offsets) ||
    offsets.length !== 2 ||
    !offsets.every((o) => typeof o === 'number' && Number.isSafeInteger(o) && o >= 0)
  ) {
    return fail(
      `field "data_offsets" must be two non-negative safe integers [begin, end], got ${
        Array.isArray(offsets) ? `[${offsets.slice(0, 4).map(describeValue).join(', ')}${offsets.length > 4 ? ', …' : ''}]` : describeValue(offsets)
      }`,
      offsetsAt,
    );
  }
  const begin = offsets[0] as number;
  const end = offsets[1] as number;
  if (begin > end) return fail(`data_offsets begin ${begin} is greater than end ${end}`, offsetsAt);
  if (end > dataLength) {
    return fail(
      `data_offsets [${begin}, ${end}] run past the end of the data section, which has ${dataLength} bytes ` +
        `(the tensor would end at file byte offset ${dataStart + end}, the file has ${dataStart + dataLength} bytes)`,
      offsetsAt,
    );
  }
  const expected = checked.numel * info.itemsize;
  if (end - begin !== expected) {
    return fail(
      `data_offsets [${begin}, ${end}] span ${end - begin} bytes, but shape ${fmtShape(shape as unknown[])} of dtype ${dtype} ` +
        `needs ${BigInt(checked.numel) * BigInt(info.itemsize)} bytes (${checked.numel} elements of ${info.itemsize} bytes)`,
      offsetsAt,
    );
  }
  return { name, dtype: dtype as SafetensorsDType, info, shape: (shape as number[]).map((d) => d + 0), numel: checked.numel, begin, end };
}

/** Throws unless the tensors tile [0, dataLength) exactly: no overlap, no hole, no tail. */
function checkCoverage(specs: readonly TensorSpec[], dataStart: number, dataLength: number): void {
  const order = [...specs].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let covered = 0;
  let previous: TensorSpec | undefined;
  for (const s of order) {
    if (s.begin < covered && previous !== undefined) {
      throw new SafetensorsError(
        `tensors ${q(previous.name)} [${previous.begin}, ${previous.end}] and ${q(s.name)} [${s.begin}, ${s.end}] overlap ` +
          `in the data section (from data offset ${s.begin}, file byte offset ${dataStart + s.begin})`,
      );
    }
    if (s.begin > covered) {
      throw new SafetensorsError(
        `gap in the data section: bytes [${covered}, ${s.begin}) (file byte offsets ${dataStart + covered} to ${dataStart + s.begin}) ` +
          `belong to no tensor; the next tensor is ${q(s.name)}`,
      );
    }
    covered = s.end;
    previous = s;
  }
  if (covered !== dataLength) {
    throw new SafetensorsError(
      `the data section has ${dataLength - covered} trailing bytes that belong to no tensor: data offsets [${covered}, ${dataLength}) ` +
        `(file byte offsets ${dataStart + covered} to ${dataStart + dataLength})`,
    );
  }
}

// ---------------------------------------------------------------------------------------
// data

let f16Table: Uint32Array | undefined;

/** float16 bits → float32 bits for all 65536 patterns, built on first use (256 KiB). */
function float16Table(): Uint32Array {
  if (f16Table === undefined) {
    f16Table = new Uint32Array(65536);
    for (let h = 0; h < 65536; h++) f16Table[h] = float16BitsToFloat32Bits(h);
  }
  return f16Table;
}

/** Copies one tensor's bytes out of the file into a fresh, aligned typed array. */
function readData(bytes: Uint8Array, s: TensorSpec, dataStart: number): SafetensorsEntry['data'] {
  const at = dataStart + s.begin;
  const n = s.numel;
  if (s.dtype === 'F16' || s.dtype === 'BF16') {
    const out = new Float32Array(n);
    const bits = new Uint32Array(out.buffer);
    if (s.dtype === 'F16') {
      const table = float16Table();
      for (let i = 0, p = at; i < n; i++, p += 2) bits[i] = table[bytes[p]! | (bytes[p + 1]! << 8)]!;
    } else {
      for (let i = 0, p = at; i < n; i++, p += 2) bits[i] = bfloat16BitsToFloat32Bits(bytes[p]! | (bytes[p + 1]! << 8));
    }
    return out;
  }
  const length = s.end - s.begin;
  const copy = new Uint8Array(length);
  copy.set(bytes.subarray(at, at + length));
  if (s.dtype === 'BOOL') {
    for (let i = 0; i < length; i++) {
      const v = copy[i]!;
      if (v > 1) {
        throw new SafetensorsError(
          `tensor ${q(s.name)}: BOOL element ${i} is ${v}, but BOOL bytes must be 0 or 1 (at file byte offset ${at + i})`,
        );
      }
    }
  }
  if (!HOST_LITTLE_ENDIAN) swapBytes(copy, 0, length, s.info.itemsize);
  const buf = copy.buffer;
  switch (s.info.tag) {
    case 'Float64Array':
      return new Float64Array(buf, 0, n);
    case 'Float32Array':
      return new Float32Array(buf, 0, n);
    case 'BigInt64Array':
      return new BigInt64Array(buf, 0, n);
    case 'Int32Array':
      return new Int32Array(buf, 0, n);
    case 'Int16Array':
      return new Int16Array(buf, 0, n);
    case 'Int8Array':
      return new Int8Array(buf, 0, n);
    case 'Uint8Array':
      return copy;
  }
}

// ---------------------------------------------------------------------------------------
// decode

/**
 * Reads a safetensors file.
 *
 * Every rule of the format is checked (header length, UTF-8, strict JSON, field types, known
 * dtype, shape, offsets in range, byte length equal to elements × item size, tensors tiling
 * the data section with no overlap, hole or trailing bytes, `BOOL` bytes 0 or 1), so a file
 * that decodes is well-formed. Allocation never exceeds about twice the file size.
 *
 * The returned arrays are fresh copies (never views of `bytes`, which may start at any byte
 * offset). `F16` and `BF16` are widened exactly to `Float32Array` (subnormals, ±∞ and NaN
 * included); `U8` and `BOOL` come back as `Uint8Array`, `I64` as `BigInt64Array`.
 *
 * @param bytes - The whole file.
 * @returns The tensors in header order, and the `__metadata__` strings.
 * @throws {@link SafetensorsError} if `bytes` is not a Uint8Array or is not a well-formed
 *   safetensors file; the message names the problem, the tensor and the file byte offset.
 * @example
 * ```ts
 * import { readFileSync, writeFileSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { decodeSafetensors, encodeSafetensors } from '@chainrule/nn';
 * const file = join(tmpdir(), 'chainrule-decode-example.safetensors');
 * writeFileSync(file, encodeSafetensors({ w: { dtype: 'I64', shape: [2], data: new BigInt64Array([1n, -2n]) } }));
 * const { tensors } = decodeSafetensors(new Uint8Array(readFileSync(file)));
 * Array.from(tensors.get('w')!.data as BigInt64Array, Number); // [1, -2]
 * ```
 */
export function decodeSafetensors(bytes: Uint8Array): DecodedSafetensors {
  if (arrayTag(bytes) !== 'Uint8Array') {
    throw new SafetensorsError(`decodeSafetensors expects a Uint8Array, got ${describeValue(bytes)}`);
  }
  try {
    return decode(bytes);
  } catch (e) {
    if (e instanceof SafetensorsError) throw e;
    // Not reachable for any input we know of; keeps the promise that only SafetensorsError escapes.
    throw new SafetensorsError(`internal error while decoding: ${String(e)}`, { cause: e });
  }
}

function decode(bytes: Uint8Array): DecodedSafetensors {
  const fileLength = bytes.length;
  if (fileLength < 8) {
    throw new SafetensorsError(
      `file is too short: ${fileLength} bytes, but a safetensors file starts with an 8-byte header length`,
    );
  }
  const lo = (bytes[0]! | (bytes[1]! << 8) | (bytes[2]! << 16) | (bytes[3]! << 24)) >>> 0;
  const hi = (bytes[4]! | (bytes[5]! << 8) | (bytes[6]! << 16) | (bytes[7]! << 24)) >>> 0;
  const available = fileLength - 8;
  if (hi !== 0 || lo > available || lo > MAX_HEADER_BYTES) {
    const n = (BigInt(hi) << 32n) | BigInt(lo);
    const problems: string[] = [];
    if (n > BigInt(MAX_HEADER_BYTES)) problems.push(`is larger than the ${MAX_HEADER_BYTES}-byte limit`);
    if (n > BigInt(available)) problems.push(`runs past the end of the file: only ${available} bytes follow the 8-byte length (file is ${fileLength} bytes)`);
    throw new SafetensorsError(`header length ${n} ${problems.join(' and ')}`);
  }
  const headerLength = lo;
  const headerStart = 8;
  const dataStart = headerStart + headerLength;
  const dataLength = fileLength - dataStart;

  checkUtf8(bytes, headerStart, dataStart);
  const root = new HeaderReader(bytes, headerStart, dataStart).read();
  if (!(root instanceof JsonObject)) {
    throw new SafetensorsError(
      `header must be a JSON object mapping tensor names to entries, got ${describeValue(root)} (header at file byte offset ${headerStart})`,
    );
  }

  let metadata = Object.create(null) as Record<string, string>;
  const specs: TensorSpec[] = [];
  for (const [name, v] of root.values) {
    const at = root.offsets.get(name) ?? headerStart;
    if (name === METADATA_KEY) metadata = readMetadata(v, at);
    else specs.push(readTensorSpec(name, v, at, dataStart, dataLength));
  }
  checkCoverage(specs, dataStart, dataLength);

  const tensors = new Map<string, SafetensorsEntry>();
  for (const s of specs) tensors.set(s.name, { dtype: s.dtype, shape: s.shape, data: readData(bytes, s, dataStart) });
  return { tensors, metadata };
}

// ---------------------------------------------------------------------------------------
// encode

/** UTF-8 bytes of a string (lone surrogates become U+FFFD, as TextEncoder does). */
function utf8(s: string): Uint8Array {
  const out = new Uint8Array(s.length * 3); // a UTF-16 unit never needs more than 3 bytes
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) {
      const d = s.charCodeAt(i + 1);
      if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      } else c = 0xfffd;
    }
    if (c < 0x80) out[n++] = c;
    else if (c < 0x800) {
      out[n++] = 0xc0 | (c >> 6);
      out[n++] = 0x80 | (c & 0x3f);
    } else if (c < 0x10000) {
      out[n++] = 0xe0 | (c >> 12);
      out[n++] = 0x80 | ((c >> 6) & 0x3f);
      out[n++] = 0x80 | (c & 0x3f);
    } else {
      out[n++] = 0xf0 | (c >> 18);
      out[n++] = 0x80 | ((c >> 12) & 0x3f);
      out[n++] = 0x80 | ((c >> 6) & 0x3f);
      out[n++] = 0x80 | (c & 0x3f);
    }
  }
  return out.subarray(0, n);
}

interface EncodeItem {
  name: string;
  dtype: SafetensorsDType;
  info: DTypeInfo;
  shape: number[];
  data: SafetensorsEntry['data'];
  byteLength: number;
}

function collectEntries(
  tensors: Iterable<[string, SafetensorsEntry]> | Record<string, SafetensorsEntry>,
): Array<[unknown, unknown]> {
  if (tensors === null || (typeof tensors !== 'object' && typeof tensors !== 'function')) {
    throw new SafetensorsError(`encodeSafetensors expects a Map, an iterable of [name, entry] pairs or an object, got ${describeValue(tensors)}`);
  }
  const iterator = (tensors as Partial<Iterable<unknown>>)[Symbol.iterator];
  if (typeof iterator !== 'function') {
    const record = tensors as Record<string, unknown>;
    return Object.keys(record).map((k): [unknown, unknown] => [k, record[k]]);
  }
  const pairs: Array<[unknown, unknown]> = [];
  let i = 0;
  for (const item of tensors as Iterable<unknown>) {
    if (!Array.isArray(item) || item.length !== 2) {
      throw new SafetensorsError(`item ${i} of the tensors must be a [name, entry] pair, got ${describeValue(item)}`);
    }
    pairs.push([item[0], item[1]]);
    i++;
  }
  return pairs;
}

function checkEntry(name: unknown, entry: unknown, seen: Set<string>): EncodeItem {
  if (typeof name !== 'string' || name.length === 0) {
    throw new SafetensorsError(`tensor name must be a non-empty string, got ${describeValue(name)}`);
  }
  if (name === METADATA_KEY) throw new SafetensorsError(`"${METADATA_KEY}" is reserved for metadata and cannot name a tensor`);
  if (seen.has(name)) throw new SafetensorsError(`duplicate tensor name ${q(name)}`);
  seen.add(name);
  const fail = (why: string): never => {
    throw new SafetensorsError(`tensor ${q(name)}: ${why}`);
  };
  if (entry === null || typeof entry !== 'object') return fail(`entry must be an object { dtype, shape, data }, got ${describeValue(entry)}`);
  const { dtype, shape, data } = entry as Record<string, unknown>;
  if (typeof dtype !== 'string') return fail(`dtype must be a string, got ${describeValue(dtype)}`);
  const info = DTYPES.get(dtype);
  if (info === undefined) return fail(`unknown dtype ${q(dtype)} (supported: ${SUPPORTED})`);
  const checked = checkShape(shape);
  if ('problem' in checked) return fail(checked.problem);
  const tag = arrayTag(data);
  if (tag !== info.tag) return fail(`dtype ${dtype} needs its data in a ${info.tag}, got ${describeValue(data)}`);
  const array = data as SafetensorsEntry['data'];
  if (array.length !== checked.numel) {
    return fail(`shape ${fmtShape(shape as unknown[])} has ${checked.numel} elements, but data has ${array.length}`);
  }
  if (dtype === 'BOOL') {
    const u8 = array as Uint8Array;
    for (let i = 0; i < u8.length; i++) {
      if (u8[i]! > 1) return fail(`BOOL data must hold only 0 and 1, but element ${i} is ${u8[i]}`);
    }
  }
  return {
    name,
    dtype: dtype as SafetensorsDType,
    info,
    shape: (shape as number[]).slice(),
    data: array,
    byteLength: checked.numel * info.itemsize,
  };
}

function checkMetadata(metadata: unknown): Array<[string, string]> {
  if (metadata === undefined) return [];
  if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) {
    throw new SafetensorsError(`metadata must be an object of string values, got ${describeValue(metadata)}`);
  }
  const record = metadata as Record<string, unknown>;
  return Object.keys(record).map((k): [string, string] => {
    const v = record[k];
    if (typeof v !== 'string') throw new SafetensorsError(`metadata value for key ${q(k)} must be a string, got ${describeValue(v)}`);
    return [k, v];
  });
}

/** Writes one tensor's elements little-endian at out[at, at + item.byteLength). */
function writeData(out: Uint8Array, at: number, item: EncodeItem): void {
  if (item.dtype === 'F16' || item.dtype === 'BF16') {
    const src = item.data as Float32Array;
    const bits = new Uint32Array(src.buffer, src.byteOffset, src.length);
    const narrow = item.dtype === 'F16' ? float32BitsToFloat16Bits : float32BitsToBfloat16Bits;
    for (let i = 0, p = at; i < bits.length; i++, p += 2) {
      const h = narrow(bits[i]!);
      out[p] = h & 0xff;
      out[p + 1] = h >>> 8;
    }
    return;
  }
  const d = item.data;
  out.set(new Uint8Array(d.buffer, d.byteOffset, item.byteLength), at);
  if (!HOST_LITTLE_ENDIAN) swapBytes(out, at, item.byteLength, item.info.itemsize);
}

/**
 * Writes tensors (and optional metadata) as a safetensors file.
 *
 * Tensors are laid out one after another in the order given, and the header lists them in
 * that order; it is padded with spaces so the data section starts at a multiple of 8. For
 * `F16` and `BF16` the data is a `Float32Array`, rounded to nearest-even 16-bit floats
 * (NaN stays NaN, overflow becomes ±∞); every other dtype needs its own typed array (see
 * {@link SafetensorsEntry}) and is copied bit for bit. With the same tensor order and
 * metadata, the bytes equal those of the Python `safetensors` library.
 *
 * @param tensors - A `Map`, an iterable of `[name, entry]` pairs, or a plain object of entries
 *   (own enumerable keys, in property order; use a `Map` when names look like integers and
 *   their order matters, or for the name `__proto__`).
 * @param metadata - Optional string-to-string metadata, stored as `"__metadata__"`.
 * @returns The file's bytes.
 * @throws {@link SafetensorsError} if a name is empty, not a string, repeated or
 *   `"__metadata__"`; if a dtype is unknown, a shape is not non-negative integers, the data
 *   is not the typed array the dtype needs, its length differs from the shape's product, or
 *   `BOOL` data holds values other than 0 and 1; if a metadata value is not a string; or if
 *   the file would be too large to allocate.
 * @example
 * ```ts
 * const bytes = encodeSafetensors(
 *   new Map([
 *     ['weight', { dtype: 'F32', shape: [2, 2], data: new Float32Array([1, 2, 3, 4]) }],
 *     ['mask', { dtype: 'BOOL', shape: [2], data: new Uint8Array([1, 0]) }],
 *   ]),
 *   { format: 'pt' },
 * );
 * decodeSafetensors(bytes).tensors.get('weight')?.data; // Float32Array [1, 2, 3, 4]
 * ```
 */
export function encodeSafetensors(
  tensors: Iterable<[string, SafetensorsEntry]> | Record<string, SafetensorsEntry>,
  metadata?: Record<string, string>,
): Uint8Array {
  const seen = new Set<string>();
  const items = collectEntries(tensors).map(([name, entry]) => checkEntry(name, entry, seen));
  const meta = checkMetadata(metadata);

  // The header is built by hand (not JSON.stringify of an object) so that key order is the
  // insertion order even for integer-like names, and `__proto__` is just a key.
  const parts: string[] = [];
  if (meta.length > 0) {
    parts.push(`"${METADATA_KEY}":{${meta.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',')}}`);
  }
  let offset = 0;
  for (const it of items) {
    const begin = offset;
    offset += it.byteLength;
    parts.push(`${JSON.stringify(it.name)}:{"dtype":"${it.dtype}","shape":[${it.shape.join(',')}],"data_offsets":[${begin},${offset}]}`);
  }
  const json = utf8(`{${parts.join(',')}}`);
  const headerLength = Math.ceil(json.length / 8) * 8;
  const total = 8 + headerLength + offset;

  let out: Uint8Array;
  try {
    out = new Uint8Array(total);
  } catch (e) {
    throw new SafetensorsError(`cannot allocate ${total} bytes for the safetensors file`, { cause: e });
  }
  out[0] = headerLength & 0xff;
  out[1] = (headerLength >>> 8) & 0xff;
  out[2] = (headerLength >>> 16) & 0xff;
  out[3] = (headerLength >>> 24) & 0xff;
  // a header of 2³² bytes or more cannot be built in memory, so bytes 4..7 stay 0
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + headerLength);
  let at = 8 + headerLength;
  for (const it of items) {
    writeData(out, at, it);
    at += it.byteLength;
  }
  return out;
}
