import { ProtoWriter, readFields, readInt64, readString, WIRE_LENGTH_DELIMITED, WIRE_VARINT, type ProtoField } from './protobuf-wire.js';

/**
 * The Arrow Flight (Flight.proto, package arrow.flight.protocol) and Flight SQL (FlightSql.proto, package
 * arrow.flight.protocol.sql) messages Amp's query service needs, with field numbers as in those files.
 * Both the client and the test server use this codec. Field names are camelCase; on decode every bytes field
 * is set (empty when absent) and repeated fields are arrays; on encode absent fields are left out.
 */

/** FlightDescriptor.DescriptorType. */
export const DescriptorType = { UNKNOWN: 0, PATH: 1, CMD: 2 } as const;
export type DescriptorType = (typeof DescriptorType)[keyof typeof DescriptorType];

/** FlightDescriptor { DescriptorType type = 1; bytes cmd = 2; repeated string path = 3; } */
export interface FlightDescriptor { type: number; cmd?: Uint8Array; path?: string[] }
/** Ticket { bytes ticket = 1; } */
export interface Ticket { ticket: Uint8Array }
/** Location { string uri = 1; } */
export interface Location { uri: string }
/** FlightEndpoint { Ticket ticket = 1; repeated Location location = 2; (Timestamp expiration_time = 3, skipped); bytes app_metadata = 4; } */
export interface FlightEndpoint { ticket?: Ticket; location?: Location[]; appMetadata?: Uint8Array }
/**
 * FlightInfo { bytes schema = 1; FlightDescriptor flight_descriptor = 2; repeated FlightEndpoint endpoint = 3;
 * int64 total_records = 4; int64 total_bytes = 5; bool ordered = 6; bytes app_metadata = 7; }
 * `schema` is an IPC-encapsulated Schema message; -1 totals mean unknown.
 */
export interface FlightInfo {
  schema?: Uint8Array;
  flightDescriptor?: FlightDescriptor;
  endpoint?: FlightEndpoint[];
  totalRecords?: number;
  totalBytes?: number;
  ordered?: boolean;
  appMetadata?: Uint8Array;
}
/** FlightData { FlightDescriptor flight_descriptor = 1; bytes data_header = 2; bytes app_metadata = 3; bytes data_body = 1000; } */
export interface FlightData { flightDescriptor?: FlightDescriptor; dataHeader?: Uint8Array; appMetadata?: Uint8Array; dataBody?: Uint8Array }
/** google.protobuf.Any { string type_url = 1; bytes value = 2; } */
export interface Any { typeUrl: string; value: Uint8Array }
/** arrow.flight.protocol.sql.CommandStatementQuery { string query = 1; optional bytes transaction_id = 2; } */
export interface CommandStatementQuery { query: string; transactionId?: Uint8Array }
/** arrow.flight.protocol.sql.TicketStatementQuery { bytes statement_handle = 1; } */
export interface TicketStatementQuery { statementHandle: Uint8Array }

const TYPE_URL_PREFIX = 'type.googleapis.com/';
export const COMMAND_STATEMENT_QUERY_TYPE_URL = `${TYPE_URL_PREFIX}arrow.flight.protocol.sql.CommandStatementQuery`;
export const TICKET_STATEMENT_QUERY_TYPE_URL = `${TYPE_URL_PREFIX}arrow.flight.protocol.sql.TicketStatementQuery`;

const EMPTY = new Uint8Array(0);

export function encodeFlightDescriptor(m: FlightDescriptor): Uint8Array {
  const w = new ProtoWriter().varint(1, m.type).bytes(2, m.cmd);
  for (const path of m.path ?? []) w.message(3, new TextEncoder().encode(path));
  return w.finish();
}

export function decodeFlightDescriptor(bytes: Uint8Array): Required<FlightDescriptor> {
  const m: Required<FlightDescriptor> = { type: 0, cmd: EMPTY, path: [] };
  for (const f of readFields(bytes)) {
    if (f.field === 1) m.type = Number(varintOf(f));
    else if (f.field === 2) m.cmd = bytesOf(f);
    else if (f.field === 3) m.path.push(readString(bytesOf(f)));
  }
  return m;
}

export function encodeTicket(m: Ticket): Uint8Array {
  return new ProtoWriter().bytes(1, m.ticket).finish();
}

export function decodeTicket(bytes: Uint8Array): Ticket {
  const m: Ticket = { ticket: EMPTY };
  for (const f of readFields(bytes)) if (f.field === 1) m.ticket = bytesOf(f);
  return m;
}

export function encodeLocation(m: Location): Uint8Array {
  return new ProtoWriter().string(1, m.uri).finish();
}

export function decodeLocation(bytes: Uint8Array): Location {
  const m: Location = { uri: '' };
  for (const f of readFields(bytes)) if (f.field === 1) m.uri = readString(bytesOf(f));
  return m;
}

export function encodeFlightEndpoint(m: FlightEndpoint): Uint8Array {
  const w = new ProtoWriter();
  if (m.ticket) w.message(1, encodeTicket(m.ticket));
  for (const location of m.location ?? []) w.message(2, encodeLocation(location));
  return w.bytes(4, m.appMetadata).finish();
}

export function decodeFlightEndpoint(bytes: Uint8Array): FlightEndpoint & { location: Location[]; appMetadata: Uint8Array } {
  const m: FlightEndpoint & { location: Location[]; appMetadata: Uint8Array } = { location: [], appMetadata: EMPTY };
  for (const f of readFields(bytes)) {
    if (f.field === 1) m.ticket = decodeTicket(bytesOf(f));
    else if (f.field === 2) m.location.push(decodeLocation(bytesOf(f)));
    else if (f.field === 4) m.appMetadata = bytesOf(f);
  }
  return m;
}

export function encodeFlightInfo(m: FlightInfo): Uint8Array {
  const w = new ProtoWriter().bytes(1, m.schema);
  if (m.flightDescriptor) w.message(2, encodeFlightDescriptor(m.flightDescriptor));
  for (const endpoint of m.endpoint ?? []) w.message(3, encodeFlightEndpoint(endpoint));
  return w.varint(4, m.totalRecords ?? 0).varint(5, m.totalBytes ?? 0).varint(6, m.ordered ?? false).bytes(7, m.appMetadata).finish();
}

export type DecodedFlightInfo = Required<Omit<FlightInfo, 'flightDescriptor' | 'endpoint'>> & {
  flightDescriptor?: Required<FlightDescriptor>;
  endpoint: ReturnType<typeof decodeFlightEndpoint>[];
};

export function decodeFlightInfo(bytes: Uint8Array): DecodedFlightInfo {
  const m: DecodedFlightInfo = { schema: EMPTY, endpoint: [], totalRecords: 0, totalBytes: 0, ordered: false, appMetadata: EMPTY };
  for (const f of readFields(bytes)) {
    if (f.field === 1) m.schema = bytesOf(f);
    else if (f.field === 2) m.flightDescriptor = decodeFlightDescriptor(bytesOf(f));
    else if (f.field === 3) m.endpoint.push(decodeFlightEndpoint(bytesOf(f)));
    else if (f.field === 4) m.totalRecords = readInt64(varintOf(f));
    else if (f.field === 5) m.totalBytes = readInt64(varintOf(f));
    else if (f.field === 6) m.ordered = varintOf(f) !== 0n;
    else if (f.field === 7) m.appMetadata = bytesOf(f);
  }
  return m;
}

export function encodeFlightData(m: FlightData): Uint8Array {
  const w = new ProtoWriter();
  if (m.flightDescriptor) w.message(1, encodeFlightDescriptor(m.flightDescriptor));
  return w.bytes(2, m.dataHeader).bytes(3, m.appMetadata).bytes(1000, m.dataBody).finish();
}

export type DecodedFlightData = Required<Omit<FlightData, 'flightDescriptor'>> & { flightDescriptor?: Required<FlightDescriptor> };

export function decodeFlightData(bytes: Uint8Array): DecodedFlightData {
  const m: DecodedFlightData = { dataHeader: EMPTY, appMetadata: EMPTY, dataBody: EMPTY };
  for (const f of readFields(bytes)) {
    if (f.field === 1) m.flightDescriptor = decodeFlightDescriptor(bytesOf(f));
    else if (f.field === 2) m.dataHeader = bytesOf(f);
    else if (f.field === 3) m.appMetadata = bytesOf(f);
    else if (f.field === 1000) m.dataBody = bytesOf(f);
  }
  return m;
}

export function encodeAny(m: Any): Uint8Array {
  return new ProtoWriter().string(1, m.typeUrl).bytes(2, m.value).finish();
}

export function decodeAny(bytes: Uint8Array): Any {
  const m: Any = { typeUrl: '', value: EMPTY };
  for (const f of readFields(bytes)) {
    if (f.field === 1) m.typeUrl = readString(bytesOf(f));
    else if (f.field === 2) m.value = bytesOf(f);
  }
  return m;
}

export function encodeCommandStatementQuery(m: CommandStatementQuery): Uint8Array {
  const w = new ProtoWriter().string(1, m.query);
  // `optional bytes`: presence is explicit, so a set-but-empty id is still written.
  if (m.transactionId) w.message(2, m.transactionId);
  return w.finish();
}

export function decodeCommandStatementQuery(bytes: Uint8Array): CommandStatementQuery {
  const m: CommandStatementQuery = { query: '' };
  for (const f of readFields(bytes)) {
    if (f.field === 1) m.query = readString(bytesOf(f));
    else if (f.field === 2) m.transactionId = bytesOf(f);
  }
  return m;
}

export function encodeTicketStatementQuery(m: TicketStatementQuery): Uint8Array {
  return new ProtoWriter().bytes(1, m.statementHandle).finish();
}

export function decodeTicketStatementQuery(bytes: Uint8Array): TicketStatementQuery {
  const m: TicketStatementQuery = { statementHandle: EMPTY };
  for (const f of readFields(bytes)) if (f.field === 1) m.statementHandle = bytesOf(f);
  return m;
}

/** A Flight SQL command as FlightDescriptor.cmd: Any{type URL, CommandStatementQuery}. */
export function statementQueryCommand(query: string): Uint8Array {
  return encodeAny({ typeUrl: COMMAND_STATEMENT_QUERY_TYPE_URL, value: encodeCommandStatementQuery({ query }) });
}

function bytesOf(f: ProtoField): Uint8Array {
  if (f.wireType !== WIRE_LENGTH_DELIMITED) throw new Error(`protobuf: field ${f.field} should be length-delimited, has wire type ${f.wireType}`);
  return f.value;
}

function varintOf(f: ProtoField): bigint {
  if (f.wireType !== WIRE_VARINT) throw new Error(`protobuf: field ${f.field} should be a varint, has wire type ${f.wireType}`);
  return f.value;
}
