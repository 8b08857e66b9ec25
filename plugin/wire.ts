/**
 * The plugin's own protobuf codec for the messages of a resource's life (check, diff, create, read, update, delete),
 * straight between bytes and plain values.
 *
 * Why: with the stubs `@pulumi/pulumi` ships, every request is first built as google-protobuf message objects (a
 * `Value` object per node of every property bag, each in a `jspb.Map`) and then copied into plain values
 * (`toJavaScript`), and every answer the same way back. That was about a quarter of the plugin's CPU on a refresh,
 * more than the provider's own work (bench/README.md). Here each property bag is read once into the plain value the
 * provider uses, and written once from it.
 *
 * What it reads and writes is the protobuf wire format (protobuf.dev/programming-guides/encoding) of the messages in
 * Pulumi's `provider.proto` and of `google.protobuf.Struct`; the field numbers are those of the stubs, and a test
 * holds this codec to the stubs' own encoding (tests/unit/plugin/wire.test.ts). Fields it does not use are skipped,
 * as protobuf requires of a reader. The same values come out as the stubs gave: object keys in sorted order (jspb's
 * map order), a repeated key's last value, no `__proto__` key (a jspb map drops it).
 */

type Props = Record<string, unknown>;

// Wire types.
const VARINT = 0;
const FIXED64 = 1;
const LENGTH_DELIMITED = 2;
const FIXED32 = 5;

/** A reader over one message's bytes. */
class Reader {
  pos: number;
  constructor(
    readonly buf: Buffer,
    start: number,
    readonly end: number,
  ) {
    this.pos = start;
  }

  varint(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      if (this.pos >= this.end) throw new Error("protobuf: truncated varint");
      const byte = this.buf[this.pos++]!;
      // Past 2^53 precision is lost, as in any JavaScript number; only tags, lengths, enums and bools are read here.
      result += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return result;
      shift += 7;
      if (shift > 63) throw new Error("protobuf: varint too long");
    }
  }

  /** The bounds of a length-delimited field's payload; the reader moves past it. */
  span(): [number, number] {
    const length = this.varint();
    const start = this.pos;
    const end = start + length;
    if (end > this.end) throw new Error("protobuf: length past the end of the message");
    this.pos = end;
    return [start, end];
  }

  string(): string {
    const [start, end] = this.span();
    return this.buf.toString("utf8", start, end);
  }

  double(): number {
    if (this.pos + 8 > this.end) throw new Error("protobuf: truncated double");
    const value = this.buf.readDoubleLE(this.pos);
    this.pos += 8;
    return value;
  }

  skip(wireType: number): void {
    if (wireType === VARINT) this.varint();
    else if (wireType === FIXED64) this.pos += 8;
    else if (wireType === LENGTH_DELIMITED) this.span();
    else if (wireType === FIXED32) this.pos += 4;
    else throw new Error(`protobuf: unsupported wire type ${wireType}`);
    if (this.pos > this.end) throw new Error("protobuf: field past the end of the message");
  }
}

// google.protobuf.Struct { map<string, Value> fields = 1; }
// google.protobuf.Value { oneof kind { NullValue null_value = 1; double number_value = 2; string string_value = 3;
//   bool bool_value = 4; Struct struct_value = 5; ListValue list_value = 6; } }
// google.protobuf.ListValue { repeated Value values = 1; }

function readStruct(buf: Buffer, start: number, end: number): Props {
  const reader = new Reader(buf, start, end);
  const entries = new Map<string, unknown>();
  while (reader.pos < end) {
    const tag = reader.varint();
    if (tag >>> 3 !== 1 || (tag & 7) !== LENGTH_DELIMITED) {
      reader.skip(tag & 7);
      continue;
    }
    const [entryStart, entryEnd] = reader.span();
    const entry = new Reader(buf, entryStart, entryEnd);
    let key = "";
    let value: unknown = null;
    while (entry.pos < entryEnd) {
      const entryTag = entry.varint();
      const field = entryTag >>> 3;
      if (field === 1 && (entryTag & 7) === LENGTH_DELIMITED) key = entry.string();
      else if (field === 2 && (entryTag & 7) === LENGTH_DELIMITED) value = readValue(buf, ...entry.span());
      else entry.skip(entryTag & 7);
    }
    entries.set(key, value);
  }
  const out: Props = {};
  for (const key of [...entries.keys()].sort()) {
    if (key !== "__proto__") out[key] = entries.get(key);
  }
  return out;
}

function readValue(buf: Buffer, start: number, end: number): unknown {
  const reader = new Reader(buf, start, end);
  // An empty Value (no kind set) reads as null.
  let value: unknown = null;
  while (reader.pos < end) {
    const tag = reader.varint();
    const wireType = tag & 7;
    switch (tag >>> 3) {
      case 1:
        if (wireType !== VARINT) break;
        reader.varint();
        value = null;
        continue;
      case 2:
        if (wireType !== FIXED64) break;
        value = reader.double();
        continue;
      case 3:
        if (wireType !== LENGTH_DELIMITED) break;
        value = reader.string();
        continue;
      case 4:
        if (wireType !== VARINT) break;
        value = reader.varint() !== 0;
        continue;
      case 5:
        if (wireType !== LENGTH_DELIMITED) break;
        value = readStruct(buf, ...reader.span());
        continue;
      case 6:
        if (wireType !== LENGTH_DELIMITED) break;
        value = readList(buf, ...reader.span());
        continue;
    }
    reader.skip(wireType);
  }
  return value;
}

function readList(buf: Buffer, start: number, end: number): unknown[] {
  const reader = new Reader(buf, start, end);
  const out: unknown[] = [];
  while (reader.pos < end) {
    const tag = reader.varint();
    if (tag >>> 3 === 1 && (tag & 7) === LENGTH_DELIMITED) out.push(readValue(buf, ...reader.span()));
    else reader.skip(tag & 7);
  }
  return out;
}

/** How a message's field is read and written. */
export type FieldKind =
  "string" | "strings" | "struct" | "bool" | "double" | "enum" | { message: MessageSpec; repeated?: true };
/** Field number → [property name, kind]. */
export type MessageSpec = Record<number, readonly [string, FieldKind]>;

function readMessage(spec: MessageSpec, buf: Buffer, start: number, end: number): Props {
  const reader = new Reader(buf, start, end);
  const out: Props = {};
  while (reader.pos < end) {
    const tag = reader.varint();
    const wireType = tag & 7;
    const field = spec[tag >>> 3];
    if (!field) {
      reader.skip(wireType);
      continue;
    }
    const [name, kind] = field;
    if (kind === "string" && wireType === LENGTH_DELIMITED) out[name] = reader.string();
    else if (kind === "strings" && wireType === LENGTH_DELIMITED)
      ((out[name] ??= []) as string[]).push(reader.string());
    else if (kind === "struct" && wireType === LENGTH_DELIMITED) out[name] = readStruct(buf, ...reader.span());
    else if (kind === "bool" && wireType === VARINT) out[name] = reader.varint() !== 0;
    else if (kind === "enum" && wireType === VARINT) out[name] = reader.varint();
    else if (kind === "double" && wireType === FIXED64) out[name] = reader.double();
    else reader.skip(wireType);
  }
  return out;
}

/**
 * A writer in two passes over one traversal (`struct`, `value`, `message`): the first only counts bytes and records
 * every length-delimited part's size in the order it meets them; the second writes into one buffer of the exact size,
 * taking those sizes, in the same order, for the length prefixes (which come before their parts).
 */
class Writer {
  private readonly sizes: number[] = [];
  private next = 0;
  /** Undefined in the first pass (counting). */
  private buf: Buffer | undefined;
  private pos = 0;

  /** The bytes `write` writes with this writer. */
  static encode(write: (writer: Writer) => void): Buffer {
    const writer = new Writer();
    write(writer);
    writer.buf = Buffer.allocUnsafe(writer.pos);
    writer.pos = 0;
    write(writer);
    if (writer.pos !== writer.buf.length) throw new Error("protobuf: encoded size differs from the measured size");
    return writer.buf;
  }

  private varint(value: number): void {
    if (!this.buf) {
      this.pos += varintSize(value);
      return;
    }
    while (value >= 0x80) {
      this.buf[this.pos++] = (value % 0x80) | 0x80;
      value = Math.floor(value / 0x80);
    }
    this.buf[this.pos++] = value;
  }

  private double(value: number): void {
    if (this.buf) this.buf.writeDoubleLE(value, this.pos);
    this.pos += 8;
  }

  private tag(field: number, wireType: number): void {
    this.varint((field << 3) | wireType);
  }

  private delimited(field: number, writePayload: () => void): void {
    this.tag(field, LENGTH_DELIMITED);
    if (this.buf) {
      this.varint(this.sizes[this.next++]!);
      writePayload();
      return;
    }
    const slot = this.sizes.push(0) - 1;
    const start = this.pos;
    writePayload();
    const size = this.pos - start;
    this.sizes[slot] = size;
    this.pos += varintSize(size);
  }

  private string(field: number, text: string): void {
    this.tag(field, LENGTH_DELIMITED);
    if (!this.buf) {
      const size = Buffer.byteLength(text, "utf8");
      this.sizes.push(size);
      this.pos += varintSize(size) + size;
      return;
    }
    const size = this.sizes[this.next++]!;
    this.varint(size);
    this.pos += this.buf.write(text, this.pos, size, "utf8");
  }

  struct(props: Props): void {
    // Map entries in any order (the engine reads them into a map); both passes take the same order.
    for (const key of Object.keys(props)) {
      const value = props[key];
      if (value === undefined) throw new Error(`Unexpected struct type: undefined at ${JSON.stringify(key)}`);
      this.delimited(1, () => {
        this.string(1, key);
        this.delimited(2, () => this.value(value));
      });
    }
  }

  private value(value: unknown): void {
    if (value === null) {
      this.tag(1, VARINT);
      this.varint(0);
      return;
    }
    switch (typeof value) {
      case "number":
        this.tag(2, FIXED64);
        this.double(value);
        return;
      case "boolean":
        this.tag(4, VARINT);
        this.varint(value ? 1 : 0);
        return;
      case "string":
        this.string(3, value);
        return;
      case "object":
        if (Array.isArray(value)) {
          this.delimited(6, () => {
            for (const item of value) this.delimited(1, () => this.value(item));
          });
        } else {
          this.delimited(5, () => this.struct(value as Props));
        }
        return;
      default:
        throw new Error(`Unexpected struct type: ${typeof value}`);
    }
  }

  message(spec: MessageSpec, message: Props): void {
    for (const [number, [name, kind]] of specEntries(spec)) {
      const value = message[name];
      if (value === undefined || value === null) continue;
      if (kind === "string") {
        if (value !== "") this.string(number, value as string);
      } else if (kind === "strings") {
        for (const item of value as string[]) this.string(number, item);
      } else if (kind === "struct") {
        this.delimited(number, () => this.struct(value as Props));
      } else if (kind === "bool") {
        if (value === true) {
          this.tag(number, VARINT);
          this.varint(1);
        }
      } else if (kind === "enum") {
        if (value !== 0) {
          this.tag(number, VARINT);
          this.varint(value as number);
        }
      } else if (kind === "double") {
        if (value !== 0) {
          this.tag(number, FIXED64);
          this.double(value as number);
        }
      } else {
        const items = kind.repeated ? (value as Props[]) : [value as Props];
        for (const item of items) this.delimited(number, () => this.message(kind.message, item));
      }
    }
  }
}

function varintSize(value: number): number {
  let size = 1;
  while (value >= 0x80) {
    value = Math.floor(value / 0x80);
    size++;
  }
  return size;
}

const specCache = new WeakMap<MessageSpec, Array<[number, readonly [string, FieldKind]]>>();
/** A spec's fields in field-number order (the order protobuf writers use). */
function specEntries(spec: MessageSpec): Array<[number, readonly [string, FieldKind]]> {
  let entries = specCache.get(spec);
  if (!entries) {
    entries = Object.entries(spec)
      .map(([number, field]) => [Number(number), field] as [number, readonly [string, FieldKind]])
      .sort((a, b) => a[0] - b[0]);
    specCache.set(spec, entries);
  }
  return entries;
}

/** A `google.protobuf.Struct`'s bytes as a plain object. */
export function decodeStruct(bytes: Buffer): Props {
  return readStruct(bytes, 0, bytes.length);
}

/** A plain object as a `google.protobuf.Struct`'s bytes (undefined values, functions and the like are refused). */
export function encodeStruct(props: Props): Buffer {
  return Writer.encode((writer) => writer.struct(props));
}

/** A message's bytes as a plain object, by its spec (fields the spec does not name are skipped). */
export function decodeMessage(spec: MessageSpec, bytes: Buffer): Props {
  return readMessage(spec, bytes, 0, bytes.length);
}

/** A plain object as a message's bytes, by its spec (default values are not written, as protobuf writers do). */
export function encodeMessage(spec: MessageSpec, message: Props): Buffer {
  return Writer.encode((writer) => writer.message(spec, message));
}

// The messages, from Pulumi's provider.proto (field numbers as in @pulumi/pulumi/proto/provider_pb.js).

export const CHECK_REQUEST = { 1: ["urn", "string"], 2: ["olds", "struct"], 3: ["news", "struct"] } as const;
const CHECK_FAILURE = { 1: ["property", "string"], 2: ["reason", "string"] } as const;
export const CHECK_RESPONSE = {
  1: ["inputs", "struct"],
  2: ["failures", { message: CHECK_FAILURE, repeated: true }],
} as const satisfies MessageSpec;

export const DIFF_REQUEST = {
  1: ["id", "string"],
  2: ["urn", "string"],
  3: ["olds", "struct"],
  4: ["news", "struct"],
  6: ["oldInputs", "struct"],
} as const;
const PROPERTY_DIFF = { 1: ["kind", "enum"], 2: ["inputDiff", "bool"] } as const;
const DETAILED_DIFF_ENTRY = {
  1: ["key", "string"],
  2: ["value", { message: PROPERTY_DIFF }],
} as const satisfies MessageSpec;
export const DIFF_RESPONSE = {
  1: ["replaces", "strings"],
  3: ["deleteBeforeReplace", "bool"],
  4: ["changes", "enum"],
  5: ["diffs", "strings"],
  6: ["detailedDiff", { message: DETAILED_DIFF_ENTRY, repeated: true }],
  7: ["hasDetailedDiff", "bool"],
} as const satisfies MessageSpec;

export const CREATE_REQUEST = { 1: ["urn", "string"], 2: ["properties", "struct"] } as const;
export const CREATE_RESPONSE = { 1: ["id", "string"], 2: ["properties", "struct"] } as const;

export const READ_REQUEST = {
  1: ["id", "string"],
  2: ["urn", "string"],
  3: ["properties", "struct"],
  4: ["inputs", "struct"],
} as const;
export const READ_RESPONSE = { 1: ["id", "string"], 2: ["properties", "struct"], 3: ["inputs", "struct"] } as const;

export const UPDATE_REQUEST = {
  1: ["id", "string"],
  2: ["urn", "string"],
  3: ["olds", "struct"],
  4: ["news", "struct"],
} as const;
export const UPDATE_RESPONSE = { 1: ["properties", "struct"] } as const;

export const DELETE_REQUEST = { 1: ["id", "string"], 2: ["urn", "string"], 3: ["properties", "struct"] } as const;
