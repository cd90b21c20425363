/**
 * The protobuf wire format, as much of it as ONNX uses: varints (int32, int64, enums), fixed32
 * floats, fixed64 doubles, length-delimited strings, bytes and messages, repeated fields packed or
 * not. Messages are described by a small schema (field number → name and type) and read into and
 * written from plain objects. Unknown fields are skipped when reading, as protobuf requires.
 * @module
 */

/** The type of a field, or the schema of a message field. */
export type FieldType = 'int64' | 'int32' | 'float' | 'double' | 'string' | 'bytes' | (() => Schema);

/** One field of a message: its name in the object, its type, and whether it repeats. */
export interface Field {
  name: string;
  type: FieldType;
  repeated?: boolean;
}

/** A message: its fields by field number. */
export type Schema = Readonly<Record<number, Field>>;

/** A message as an object: field names to numbers, strings, bytes, messages or arrays of them. */
export type Message = Record<string, unknown>;

/** Thrown when bytes are not a valid message of the schema (truncated, or a wire type that does not fit). */
export class ProtobufError extends Error {
  override name = 'ProtobufError';
}

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_LEN = 2;
const WIRE_FIXED32 = 5;

const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder('utf-8', { fatal: false });

// ---- writing ----------------------------------------------------------------------------------

/** Bytes written in pieces: nested messages and large byte fields are joined once, at the end. */
class Writer {
  parts: Uint8Array[] = [];
  length = 0;
  #buf = new Uint8Array(256);
  #pos = 0;

  #room(n: number): void {
    if (this.#pos + n <= this.#buf.length) return;
    this.#flush();
    if (n > this.#buf.length) this.#buf = new Uint8Array(Math.max(n, 2 * this.#buf.length));
  }

  #flush(): void {
    if (this.#pos === 0) return;
    this.parts.push(this.#buf.slice(0, this.#pos));
    this.#pos = 0;
  }

  byte(b: number): void {
    this.#room(1);
    this.#buf[this.#pos++] = b;
    this.length++;
  }

  /** A varint of a non-negative safe integer, or of a negative one as its 64-bit two's complement (10 bytes). */
  varint(v: number): void {
    if (!Number.isFinite(v)) throw new ProtobufError(`cannot write ${v} as an integer`);
    let n = Math.trunc(v);
    if (n < 0 || n >= 2 ** 63) {
      // negatives as 64-bit two's complement; 2^63 and more (a double's INT64_MAX) saturate
      let b = n >= 2 ** 63 ? 2n ** 63n - 1n : BigInt.asUintN(64, BigInt(Math.max(n, -(2 ** 63))));
      for (let i = 0; i < 10; i++) {
        const low = Number(b & 0x7fn);
        b >>= 7n;
        this.byte(b === 0n ? low : low | 0x80);
        if (b === 0n) return;
      }
      return;
    }
    while (n >= 0x80) {
      this.byte((n % 0x80) | 0x80);
      n = Math.floor(n / 0x80);
    }
    this.byte(n);
  }

  tag(field: number, wire: number): void {
    this.varint(field * 8 + wire);
  }

  float(v: number): void {
    this.#room(4);
    new DataView(this.#buf.buffer, this.#buf.byteOffset + this.#pos, 4).setFloat32(0, v, true);
    this.#pos += 4;
    this.length += 4;
  }

  double(v: number): void {
    this.#room(8);
    new DataView(this.#buf.buffer, this.#buf.byteOffset + this.#pos, 8).setFloat64(0, v, true);
    this.#pos += 8;
    this.length += 8;
  }

  /** Appends bytes without copying them. */
  raw(bytes: Uint8Array): void {
    if (bytes.length < 64) {
      this.#room(bytes.length);
      this.#buf.set(bytes, this.#pos);
      this.#pos += bytes.length;
    } else {
      this.#flush();
      this.parts.push(bytes);
    }
    this.length += bytes.length;
  }

  /** Appends another writer's bytes (a nested message) without copying them. */
  append(w: Writer): void {
    this.#flush();
    w.#flush();
    this.parts.push(...w.parts);
    this.length += w.length;
  }

  finish(): Uint8Array {
    this.#flush();
    if (this.parts.length === 1) return this.parts[0]!;
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const p of this.parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }
}

function writeScalar(w: Writer, type: Exclude<FieldType, () => Schema>, v: unknown): void {
  switch (type) {
    case 'int64':
    case 'int32':
      return w.varint(v as number);
    case 'float':
      return w.float(v as number);
    case 'double':
      return w.double(v as number);
    case 'string':
    case 'bytes': {
      const bytes = typeof v === 'string' ? textEncoder.encode(v) : (v as Uint8Array);
      w.varint(bytes.length);
      return w.raw(bytes);
    }
  }
}

const wireOf = (type: FieldType): number =>
  typeof type === 'function' || type === 'string' || type === 'bytes' ? WIRE_LEN : type === 'float' ? WIRE_FIXED32 : type === 'double' ? WIRE_FIXED64 : WIRE_VARINT;

function writeMessage(w: Writer, msg: Message, schema: Schema): void {
  const numbers = Object.keys(schema).map(Number).sort((a, b) => a - b);
  for (const num of numbers) {
    const field = schema[num]!;
    const v = msg[field.name];
    if (v === undefined || v === null) continue;
    const type = field.type;
    if (field.repeated) {
      const items = v as readonly unknown[];
      if (items.length === 0) continue;
      if (typeof type !== 'function' && type !== 'string' && type !== 'bytes') {
        // numeric repeated fields are packed (proto3's default)
        const inner = new Writer();
        for (const item of items) writeScalar(inner, type, item);
        w.tag(num, WIRE_LEN);
        w.varint(inner.length);
        w.append(inner);
      } else {
        for (const item of items) writeField(w, num, type, item);
      }
    } else {
      writeField(w, num, type, v);
    }
  }
}

function writeField(w: Writer, num: number, type: FieldType, v: unknown): void {
  w.tag(num, wireOf(type));
  if (typeof type === 'function') {
    const inner = new Writer();
    writeMessage(inner, v as Message, type());
    w.varint(inner.length);
    w.append(inner);
  } else {
    writeScalar(w, type, v);
  }
}

/**
 * Writes a message: every field whose value is not undefined (0 and '' too), in field-number
 * order, numeric repeated fields packed.
 * @param msg - the message as an object.
 * @param schema - its schema.
 * @returns the bytes.
 */
export function encodeMessage(msg: Message, schema: Schema): Uint8Array {
  const w = new Writer();
  writeMessage(w, msg, schema);
  return w.finish();
}

// ---- reading ----------------------------------------------------------------------------------

class Reader {
  pos: number;
  constructor(
    readonly buf: Uint8Array,
    start: number,
    readonly end: number,
  ) {
    this.pos = start;
  }

  #need(n: number): void {
    if (this.pos + n > this.end) throw new ProtobufError('truncated message');
  }

  /** A varint as a number: exact up to 2^53, negative int64s (10 bytes) read as signed. */
  varint(): number {
    let lo = 0;
    let hi = 0;
    let shift = 0;
    for (let i = 0; i < 10; i++) {
      this.#need(1);
      const b = this.buf[this.pos++]!;
      if (shift < 28) lo |= (b & 0x7f) << shift;
      else if (shift === 28) {
        lo |= (b & 0x0f) << 28;
        hi |= (b & 0x7f) >> 4;
      } else hi |= (b & 0x7f) << (shift - 32);
      shift += 7;
      if ((b & 0x80) === 0) {
        lo >>>= 0;
        if (hi & 0x80000000) return Number(BigInt.asIntN(64, (BigInt(hi >>> 0) << 32n) | BigInt(lo)));
        return (hi >>> 0) * 0x100000000 + lo;
      }
    }
    throw new ProtobufError('varint longer than 10 bytes');
  }

  float(): number {
    this.#need(4);
    const v = new DataView(this.buf.buffer, this.buf.byteOffset + this.pos, 4).getFloat32(0, true);
    this.pos += 4;
    return v;
  }

  double(): number {
    this.#need(8);
    const v = new DataView(this.buf.buffer, this.buf.byteOffset + this.pos, 8).getFloat64(0, true);
    this.pos += 8;
    return v;
  }

  /** A length-delimited field: its bounds. */
  span(): [number, number] {
    const n = this.varint();
    this.#need(n);
    const start = this.pos;
    this.pos += n;
    return [start, this.pos];
  }

  skip(wire: number): void {
    if (wire === WIRE_VARINT) this.varint();
    else if (wire === WIRE_LEN) this.span();
    else if (wire === WIRE_FIXED64 || wire === WIRE_FIXED32) {
      const n = wire === WIRE_FIXED64 ? 8 : 4;
      this.#need(n);
      this.pos += n;
    } else throw new ProtobufError(`unsupported wire type ${wire}`);
  }
}

function readScalar(r: Reader, type: Exclude<FieldType, () => Schema>): unknown {
  switch (type) {
    case 'int64':
    case 'int32':
      return r.varint();
    case 'float':
      return r.float();
    case 'double':
      return r.double();
    case 'string': {
      const [s, e] = r.span();
      return textDecoder.decode(r.buf.subarray(s, e));
    }
    case 'bytes': {
      const [s, e] = r.span();
      return r.buf.subarray(s, e);
    }
  }
}

function readMessage(buf: Uint8Array, start: number, end: number, schema: Schema): Message {
  const r = new Reader(buf, start, end);
  const msg: Message = {};
  for (const f of Object.values(schema)) if (f.repeated) msg[f.name] = [];
  while (r.pos < end) {
    const key = r.varint();
    const num = Math.floor(key / 8);
    const wire = key % 8;
    const field = schema[num];
    if (field === undefined) {
      r.skip(wire);
      continue;
    }
    const type = field.type;
    const expected = wireOf(type);
    let values: unknown[];
    if (wire === WIRE_LEN && expected !== WIRE_LEN && field.repeated) {
      // a packed run of numbers
      const [s, e] = r.span();
      const inner = new Reader(buf, s, e);
      values = [];
      while (inner.pos < e) values.push(readScalar(inner, type as Exclude<FieldType, () => Schema>));
    } else if (wire !== expected) {
      throw new ProtobufError(`field ${num} (${field.name}) has wire type ${wire}, expected ${expected}`);
    } else if (typeof type === 'function') {
      const [s, e] = r.span();
      values = [readMessage(buf, s, e, type())];
    } else {
      values = [readScalar(r, type)];
    }
    if (field.repeated) (msg[field.name] as unknown[]).push(...values);
    else msg[field.name] = values[values.length - 1];
  }
  return msg;
}

/**
 * Reads a message. Repeated fields are arrays (empty when absent), other absent fields undefined;
 * bytes fields are views into `bytes`.
 * @param bytes - the encoded message.
 * @param schema - its schema.
 * @returns the message as an object.
 * @throws ProtobufError for truncated input or a field of the wrong wire type.
 */
export function decodeMessage(bytes: Uint8Array, schema: Schema): Message {
  return readMessage(bytes, 0, bytes.length, schema);
}
