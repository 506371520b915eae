/**
 * The few pieces of the protobuf wire format Arrow Flight needs, hand-written so no code generation or
 * protobuf runtime is involved: varints (wire type 0) and length-delimited fields (wire type 2) to write;
 * all four common wire types to skip when reading (unknown fields are ignored, as protobuf requires).
 * Encoding spec: https://protobuf.dev/programming-guides/encoding/
 */

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_LENGTH_DELIMITED = 2;
export const WIRE_FIXED32 = 5;

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Builds one message as a list of chunks concatenated once at the end, so large byte fields (a FlightData
 * body) are copied a single time. Fields at their proto3 default (0, false, empty) are left out.
 */
export class ProtoWriter {
  private readonly chunks: Uint8Array[] = [];
  private length = 0;

  /** An unsigned or int64 varint field; negative numbers take ten bytes (two's complement), as int64 does. */
  varint(field: number, value: number | bigint | boolean): this {
    const n = typeof value === 'boolean' ? BigInt(value ? 1 : 0) : BigInt(value);
    if (n === 0n) return this;
    this.tag(field, WIRE_VARINT);
    this.push(encodeVarint(BigInt.asUintN(64, n)));
    return this;
  }

  bytes(field: number, value: Uint8Array | undefined): this {
    if (!value || value.byteLength === 0) return this;
    return this.message(field, value);
  }

  string(field: number, value: string | undefined): this {
    return value ? this.message(field, encoder.encode(value)) : this;
  }

  /** A length-delimited field written even when empty (an embedded message that is present but empty). */
  message(field: number, value: Uint8Array): this {
    this.tag(field, WIRE_LENGTH_DELIMITED);
    this.push(encodeVarint(BigInt(value.byteLength)));
    this.push(value);
    return this;
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.length);
    let offset = 0;
    for (const chunk of this.chunks) {
      out.set(chunk, offset);
      offset += chunk.byteLength;
    }
    return out;
  }

  private tag(field: number, wireType: number): void {
    this.push(encodeVarint(BigInt((field << 3) | wireType)));
  }

  private push(chunk: Uint8Array): void {
    this.chunks.push(chunk);
    this.length += chunk.byteLength;
  }
}

function encodeVarint(value: bigint): Uint8Array {
  const bytes: number[] = [];
  let rest = value;
  do {
    const low = Number(rest & 0x7fn);
    rest >>= 7n;
    bytes.push(rest === 0n ? low : low | 0x80);
  } while (rest !== 0n);
  return Uint8Array.from(bytes);
}

/** One field as read: its number, wire type, and value (a varint as bigint, length-delimited as a view). */
export type ProtoField =
  | { field: number; wireType: typeof WIRE_VARINT; value: bigint }
  | { field: number; wireType: typeof WIRE_LENGTH_DELIMITED; value: Uint8Array }
  | { field: number; wireType: typeof WIRE_FIXED64 | typeof WIRE_FIXED32; value: Uint8Array };

/**
 * Walks the fields of one message in order. Length-delimited values are views into `bytes` (no copy),
 * so a decoded FlightData body shares the gRPC frame's memory.
 */
export function* readFields(bytes: Uint8Array): Generator<ProtoField> {
  let offset = 0;
  const varint = (): bigint => {
    let result = 0n;
    for (let shift = 0n; ; shift += 7n) {
      if (offset >= bytes.byteLength) throw new Error('protobuf: truncated varint');
      const byte = bytes[offset++];
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
      if (shift > 63n) throw new Error('protobuf: varint longer than 10 bytes');
    }
  };
  const take = (length: number): Uint8Array => {
    if (offset + length > bytes.byteLength) throw new Error('protobuf: field runs past the end of the message');
    const view = bytes.subarray(offset, offset + length);
    offset += length;
    return view;
  };
  while (offset < bytes.byteLength) {
    const key = varint();
    const field = Number(key >> 3n);
    const wireType = Number(key & 7n);
    if (wireType === WIRE_VARINT) yield { field, wireType, value: varint() };
    else if (wireType === WIRE_LENGTH_DELIMITED) yield { field, wireType, value: take(Number(varint())) };
    else if (wireType === WIRE_FIXED64) yield { field, wireType, value: take(8) };
    else if (wireType === WIRE_FIXED32) yield { field, wireType, value: take(4) };
    else throw new Error(`protobuf: unsupported wire type ${wireType} (field ${field})`);
  }
}

/** UTF-8 text of a string field. */
export function readString(value: Uint8Array): string {
  return decoder.decode(value);
}

/** A varint read as a signed int64, as a number (int64 values Flight uses — record counts — fit). */
export function readInt64(value: bigint): number {
  return Number(BigInt.asIntN(64, value));
}
