import type { FlightData } from './flight-proto.js';

/**
 * Between Arrow Flight messages and the Arrow IPC streaming format
 * (https://arrow.apache.org/docs/format/Columnar.html#encapsulated-message-format). Flight carries each IPC
 * message as a FlightData: `data_header` is the flatbuffer Message, `data_body` its body. In an IPC stream the
 * same message is framed as: 0xFFFFFFFF, an int32 (little-endian) metadata length padded so the body starts
 * on an 8-byte boundary, the flatbuffer, zero padding, then the body. apache-arrow reads and writes the stream
 * form; the client joins FlightData into it, the test server splits a stream into FlightData.
 */

/** Message.header_type values (Message.fbs MessageHeader). */
export const IpcMessageType = { NONE: 0, SCHEMA: 1, DICTIONARY_BATCH: 2, RECORD_BATCH: 3 } as const;

const CONTINUATION = 0xffffffff;
/** The end-of-stream marker: a continuation token and a zero length. */
export const IPC_END_OF_STREAM: Uint8Array = Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0);

/** The two facts a reader needs from a flatbuffer Message without decoding the rest: its kind and body size. */
export function readIpcMessageInfo(header: Uint8Array): { type: number; bodyLength: number } {
  try {
    const view = new DataView(header.buffer, header.byteOffset, header.byteLength);
    const table = view.getUint32(0, true);
    const vtable = table - view.getInt32(table, true);
    const vtableSize = view.getUint16(vtable, true);
    // Slot of field n is 4 + 2n; Message fields: version 0, header_type 1, header 2, bodyLength 3.
    const slot = (n: number): number => (4 + 2 * n < vtableSize ? view.getUint16(vtable + 4 + 2 * n, true) : 0);
    const typeAt = slot(1);
    const bodyAt = slot(3);
    return {
      type: typeAt ? view.getUint8(table + typeAt) : IpcMessageType.NONE,
      bodyLength: bodyAt ? Number(view.getBigInt64(table + bodyAt, true)) : 0,
    };
  } catch (error) {
    throw new Error(`Arrow IPC: malformed message header (${header.byteLength} bytes)`, { cause: error });
  }
}

/**
 * One FlightData as IPC stream bytes, in chunks so the (large) body is not copied: the 8-byte prefix with the
 * padded header, then the body (zero-padded if the sender trimmed it shorter than the header says).
 * A FlightData without a header (metadata only) has no IPC form: an empty list.
 */
export function flightDataToIpc(data: Pick<FlightData, 'dataHeader' | 'dataBody'>): Uint8Array[] {
  const header = data.dataHeader ?? new Uint8Array(0);
  if (header.byteLength === 0) return [];
  const padded = align8(header.byteLength);
  const prefix = new Uint8Array(8 + padded);
  const view = new DataView(prefix.buffer);
  view.setUint32(0, CONTINUATION, true);
  view.setInt32(4, padded, true);
  prefix.set(header, 8);
  const { bodyLength } = readIpcMessageInfo(header);
  let body = data.dataBody ?? new Uint8Array(0);
  if (body.byteLength < bodyLength) {
    const full = new Uint8Array(bodyLength);
    full.set(body);
    body = full;
  } else if (body.byteLength > bodyLength) {
    body = body.subarray(0, bodyLength);
  }
  return body.byteLength > 0 ? [prefix, body] : [prefix];
}

/** A whole IPC stream (ending with the end-of-stream marker) from FlightData messages, as one buffer. */
export function joinFlightData(messages: Iterable<Pick<FlightData, 'dataHeader' | 'dataBody'>>): Uint8Array {
  const chunks = [...messages].flatMap((message) => flightDataToIpc(message));
  chunks.push(IPC_END_OF_STREAM);
  const out = new Uint8Array(chunks.reduce((n, chunk) => n + chunk.byteLength, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/**
 * Splits an IPC stream (as apache-arrow's RecordBatchStreamWriter writes it) into FlightData messages in
 * stream order: the schema first, then dictionary and record batches as they come. Header and body are
 * views into `stream`. Also reads the pre-1.0 framing without the continuation token.
 */
export function splitIpcStream(stream: Uint8Array): (FlightData & { type: number })[] {
  const view = new DataView(stream.buffer, stream.byteOffset, stream.byteLength);
  const messages: (FlightData & { type: number })[] = [];
  let offset = 0;
  while (offset + 4 <= stream.byteLength) {
    let length = view.getInt32(offset, true);
    offset += 4;
    if (length === -1) {
      if (offset + 4 > stream.byteLength) break;
      length = view.getInt32(offset, true);
      offset += 4;
    }
    if (length === 0) break;
    if (length < 0 || offset + length > stream.byteLength) throw new Error('Arrow IPC: truncated message header');
    const dataHeader = stream.subarray(offset, offset + length);
    offset += length;
    const { type, bodyLength } = readIpcMessageInfo(dataHeader);
    if (offset + bodyLength > stream.byteLength) throw new Error('Arrow IPC: truncated message body');
    messages.push({ type, dataHeader, dataBody: stream.subarray(offset, offset + bodyLength) });
    offset += bodyLength;
  }
  return messages;
}

/** An encapsulated message without body, as FlightInfo.schema carries the schema. */
export function encapsulateIpcMessage(header: Uint8Array): Uint8Array {
  return flightDataToIpc({ dataHeader: header })[0] ?? new Uint8Array(0);
}

function align8(n: number): number {
  return (n + 7) & ~7;
}
