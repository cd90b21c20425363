/**
 * Reading a safetensors header: its bytes as UTF-8 text (`TextDecoder`), a scan for what
 * `JSON.parse` does not report the way we want (byte offsets, duplicate keys, nesting depth),
 * `JSON.parse` itself, and the checks of every entry against the data section.
 * @module
 */
import { checkShape, describeValue, DTYPES, fmtShape, isObject, METADATA_KEY, q, SafetensorsError, SUPPORTED } from './format.js';
import type { DTypeInfo, SafetensorsDType } from './format.js';

/** How deep the header JSON may nest; a valid header needs 3 levels. */
const MAX_JSON_DEPTH = 64;

const encoder = new TextEncoder();

/** Whether `b` is UTF-8, allowing it to end inside a multi-byte sequence. */
function utf8Prefix(b: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(b, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/**
 * The header's text (a byte order mark kept, so that JSON refuses it, as the reference does).
 * @throws SafetensorsError naming the first byte that is not UTF-8 (found by bisection).
 */
function headerText(bytes: Uint8Array, start: number, end: number): string {
  const header = bytes.subarray(start, end);
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(header);
  } catch {
    if (utf8Prefix(header)) {
      throw new SafetensorsError(`header is not valid UTF-8: truncated multi-byte sequence at the end of the header (file byte offset ${end})`);
    }
    let ok = 0; // header[0, ok) is a UTF-8 prefix, header[0, bad) is not
    let bad = header.length;
    while (bad - ok > 1) {
      const mid = (ok + bad) >>> 1;
      if (utf8Prefix(header.subarray(0, mid))) ok = mid;
      else bad = mid;
    }
    const b = header[bad - 1]!.toString(16).padStart(2, '0');
    throw new SafetensorsError(`header is not valid UTF-8: invalid byte 0x${b} at file byte offset ${start + bad - 1}`);
  }
}

/** Where a tensor entry (or `__metadata__`) starts in the header text, and each of its fields. */
interface Place {
  readonly at: number;
  readonly fields: Map<string, number>;
}

const WS = /[ \t\n\r]*/y;
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const LITERAL = /true|false|null/y;

/**
 * A scan of the header text before `JSON.parse` reads it: it refuses what `JSON.parse` would,
 * with a message naming the file byte offset (the same in every JS engine), and also duplicate
 * keys and nesting deeper than MAX_JSON_DEPTH; it notes the header order of the top-level
 * keys and where each entry and field starts, for later messages.
 */
class HeaderScan {
  private pos = 0;
  /** The top-level keys in header order, with where their values start. */
  readonly entries = new Map<string, Place>();

  constructor(
    private readonly text: string,
    private readonly byteAt: (index: number) => number,
  ) {}

  run(): void {
    this.ws();
    if (this.pos >= this.text.length) this.fail('the header is empty or only whitespace, expected a JSON object');
    this.value('root', 0);
    this.ws();
    if (this.pos < this.text.length) this.fail(`unexpected ${this.found()} after the end of the JSON value`);
  }

  private fail(why: string, at = this.pos): never {
    throw new SafetensorsError(`header is not valid JSON: ${why} at file byte offset ${this.byteAt(at)}`);
  }

  private found(): string {
    const c = this.text.codePointAt(this.pos);
    if (c === undefined) return 'end of header';
    return c >= 0x20 && c < 0x7f ? `character '${String.fromCharCode(c)}'` : `character U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
  }

  private ws(): void {
    WS.lastIndex = this.pos;
    WS.test(this.text);
    this.pos = WS.lastIndex;
  }

  private eat(c: string): boolean {
    if (this.text[this.pos] !== c) return false;
    this.pos++;
    return true;
  }

  private token(re: RegExp): boolean {
    re.lastIndex = this.pos;
    if (!re.test(this.text)) return false;
    this.pos = re.lastIndex;
    return true;
  }

  /** One value; `owner` says where its keys' places go (the root's, an entry's, or nowhere). */
  private value(owner: 'root' | Place | null, depth: number): void {
    const c = this.text[this.pos];
    if (c === '{' || c === '[') {
      if (depth >= MAX_JSON_DEPTH) this.fail(`nested more than ${MAX_JSON_DEPTH} levels deep`);
      this.pos++;
      if (c === '{') this.object(owner, depth + 1);
      else this.list(depth + 1);
    } else if (c === '"') this.string();
    else if (!this.token(NUMBER) && !this.token(LITERAL)) this.fail(`unexpected ${this.found()}, expected a value`);
  }

  private object(owner: 'root' | Place | null, depth: number): void {
    const keys = new Set<string>();
    this.ws();
    if (this.eat('}')) return;
    for (;;) {
      this.ws();
      const keyAt = this.pos;
      if (this.text[this.pos] !== '"') this.fail(`expected a string key but found ${this.found()}`);
      const key = this.string();
      if (keys.has(key)) throw new SafetensorsError(`header has a duplicate key ${q(key)} at file byte offset ${this.byteAt(keyAt)}`);
      keys.add(key);
      this.ws();
      if (!this.eat(':')) this.fail(`expected ':' after key ${q(key)} but found ${this.found()}`);
      this.ws();
      let inner: Place | null = null;
      if (owner === 'root') this.entries.set(key, (inner = { at: this.pos, fields: new Map() }));
      else owner?.fields.set(key, this.pos);
      this.value(inner, depth);
      this.ws();
      if (this.eat(',')) continue;
      if (this.eat('}')) return;
      this.fail(`expected ',' or '}' but found ${this.found()}`);
    }
  }

  private list(depth: number): void {
    this.ws();
    if (this.eat(']')) return;
    for (;;) {
      this.ws();
      this.value(null, depth);
      this.ws();
      if (this.eat(',')) continue;
      if (this.eat(']')) return;
      this.fail(`expected ',' or ']' but found ${this.found()}`);
    }
  }

  /** A string token, decoded (and its escapes checked) by `JSON.parse`. */
  private string(): string {
    const start = this.pos;
    for (this.pos++; this.pos < this.text.length; this.pos++) {
      const c = this.text.charCodeAt(this.pos);
      if (c === 0x22) break;
      if (c === 0x5c) this.pos++;
      else if (c < 0x20) this.fail(`unescaped control character 0x${c.toString(16).padStart(2, '0')} in a string`);
    }
    if (this.pos >= this.text.length) this.fail('unterminated string', start);
    this.pos++;
    try {
      return JSON.parse(this.text.slice(start, this.pos)) as string;
    } catch {
      return this.fail('invalid escape sequence in a string', start);
    }
  }
}

// ---------------------------------------------------------------------------------------
// header validation

/** One tensor as the header describes it, checked. */
export interface TensorSpec {
  name: string;
  dtype: SafetensorsDType;
  info: DTypeInfo;
  shape: number[];
  numel: number;
  begin: number;
  end: number;
}

function readMetadata(v: unknown, place: Place, byteAt: (index: number) => number): Record<string, string> {
  const metadata = Object.create(null) as Record<string, string>;
  if (v === null) return metadata;
  if (!isObject(v)) {
    throw new SafetensorsError(`"__metadata__" must be an object of strings, got ${describeValue(v)} at file byte offset ${byteAt(place.at)}`);
  }
  for (const [k, at] of place.fields) {
    const s = v[k];
    if (typeof s !== 'string') {
      throw new SafetensorsError(`"__metadata__" value for key ${q(k)} must be a string, got ${describeValue(s)} at file byte offset ${byteAt(at)}`);
    }
    metadata[k] = s;
  }
  return metadata;
}

function readTensorSpec(name: string, v: unknown, place: Place, byteAt: (index: number) => number, dataStart: number, dataLength: number): TensorSpec {
  const fail = (why: string, where = place.at): never => {
    throw new SafetensorsError(`tensor ${q(name)}: ${why} (at file byte offset ${byteAt(where)})`);
  };
  if (!isObject(v)) return fail(`entry must be an object with dtype, shape and data_offsets, got ${describeValue(v)}`);
  const field = (key: string): [unknown, number] => {
    if (!Object.hasOwn(v, key)) return fail(`missing field "${key}"`);
    return [v[key], place.fields.get(key) ?? place.at];
  };

  const [dtype, dtypeAt] = field('dtype');
  if (typeof dtype !== 'string') return fail(`field "dtype" must be a string, got ${describeValue(dtype)}`, dtypeAt);
  const info = DTYPES.get(dtype);
  if (info === undefined) return fail(`unknown dtype ${q(dtype)} (supported: ${SUPPORTED})`, dtypeAt);

  const [shape, shapeAt] = field('shape');
  const checked = checkShape(shape);
  if ('problem' in checked) return fail(checked.problem, shapeAt);

  const [offsets, offsetsAt] = field('data_offsets');
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => typeof o === 'number' && Number.isSafeInteger(o) && o >= 0)) {
    const got = Array.isArray(offsets) ? `[${offsets.slice(0, 4).map(describeValue).join(', ')}${offsets.length > 4 ? ', …' : ''}]` : describeValue(offsets);
    return fail(`field "data_offsets" must be two non-negative safe integers [begin, end], got ${got}`, offsetsAt);
  }
  const [begin, end] = offsets as [number, number];
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

/** Throws unless the tensors, sorted by offset, tile [0, dataLength) exactly: no overlap, no hole, no tail. */
function checkCoverage(sorted: readonly TensorSpec[], dataStart: number, dataLength: number): void {
  let covered = 0;
  let previous: TensorSpec | undefined;
  for (const s of sorted) {
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



/**
 * Reads and checks the header at bytes[start, dataStart): the tensors sorted by their data
 * (stable, so empty tensors at one offset keep their header order), checked to tile the data
 * section, and the metadata.
 */
export function readHeader(bytes: Uint8Array, start: number, dataStart: number): { specs: TensorSpec[]; metadata: Record<string, string> } {
  const dataLength = bytes.length - dataStart;
  const text = headerText(bytes, start, dataStart);
  const byteAt = (index: number): number => start + encoder.encode(text.slice(0, index)).length;
  const scan = new HeaderScan(text, byteAt);
  scan.run();
  // JSON.parse keeps "__proto__" as an own key; the scan has refused everything it would refuse
  const root: unknown = JSON.parse(text);
  if (!isObject(root)) {
    throw new SafetensorsError(`header must be a JSON object mapping tensor names to entries, got ${describeValue(root)} (header at file byte offset ${start})`);
  }
  let metadata = Object.create(null) as Record<string, string>;
  const specs: TensorSpec[] = [];
  for (const [name, place] of scan.entries) {
    if (name === METADATA_KEY) metadata = readMetadata(root[name], place, byteAt);
    else specs.push(readTensorSpec(name, root[name], place, byteAt, dataStart, dataLength));
  }
  specs.sort((a, b) => a.begin - b.begin || a.end - b.end);
  checkCoverage(specs, dataStart, dataLength);
  return { specs, metadata };
}
