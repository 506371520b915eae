import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  COMMAND_STATEMENT_QUERY_TYPE_URL, DescriptorType, TICKET_STATEMENT_QUERY_TYPE_URL,
  decodeAny, decodeCommandStatementQuery, decodeFlightData, decodeFlightDescriptor, decodeFlightEndpoint, decodeFlightInfo,
  decodeTicket, decodeTicketStatementQuery, encodeAny, encodeCommandStatementQuery, encodeFlightData, encodeFlightDescriptor,
  encodeFlightEndpoint, encodeFlightInfo, encodeTicket, encodeTicketStatementQuery, statementQueryCommand,
} from '../../core/warehouse/amp/flight/flight-proto.js';
import { ProtoWriter, readFields } from '../../core/warehouse/amp/flight/protobuf-wire.js';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const ascii = (text: string) => Buffer.from(text, 'latin1').toString('hex');
const bytes = (...values: number[]) => Uint8Array.from(values);

test('Ticket and FlightDescriptor encode to the exact protobuf bytes', () => {
  // field 1, wire type 2 -> key 0x0a; length 3; "abc"
  assert.equal(hex(encodeTicket({ ticket: new TextEncoder().encode('abc') })), '0a03616263');
  // type=CMD: key 0x08 value 2; cmd: key 0x12 len 2; path "x": key 0x1a len 1 'x'
  const descriptor = { type: DescriptorType.CMD, cmd: bytes(1, 2), path: ['x'] };
  assert.equal(hex(encodeFlightDescriptor(descriptor)), '08021202010' + '21a0178');
  assert.deepEqual(decodeFlightDescriptor(encodeFlightDescriptor(descriptor)), descriptor);
  // proto3 defaults are left out entirely
  assert.equal(encodeFlightDescriptor({ type: DescriptorType.UNKNOWN }).byteLength, 0);
});

test('the Flight SQL statement command is Any{type_url, CommandStatementQuery{query}} byte for byte', () => {
  const typeUrl = 'type.googleapis.com/arrow.flight.protocol.sql.CommandStatementQuery';
  assert.equal(COMMAND_STATEMENT_QUERY_TYPE_URL, typeUrl);
  assert.equal(typeUrl.length, 67); // 0x43
  const query = `0a08${ascii('SELECT 1')}`;
  assert.equal(hex(encodeCommandStatementQuery({ query: 'SELECT 1' })), query);
  assert.equal(hex(statementQueryCommand('SELECT 1')), `0a43${ascii(typeUrl)}120a${query}`);

  const any = decodeAny(statementQueryCommand('SELECT 1'));
  assert.equal(any.typeUrl, typeUrl);
  assert.deepEqual(decodeCommandStatementQuery(any.value), { query: 'SELECT 1' });
  // optional transaction_id keeps its presence even when empty
  assert.equal(hex(encodeCommandStatementQuery({ query: '', transactionId: new Uint8Array(0) })), '1200');
  assert.deepEqual(decodeCommandStatementQuery(bytes(0x12, 0)), { query: '', transactionId: new Uint8Array(0) });
});

test('FlightData puts data_body under field 1000 (key 0xc2 0x3e)', () => {
  const data = { dataHeader: bytes(0xaa), appMetadata: new TextEncoder().encode('m'), dataBody: bytes(0xbb, 0xcc) };
  assert.equal(hex(encodeFlightData(data)), '1201aa1a016dc23e02bbcc');
  const decoded = decodeFlightData(encodeFlightData(data));
  assert.deepEqual(decoded, data);
  const withDescriptor = { ...data, flightDescriptor: { type: DescriptorType.PATH, cmd: new Uint8Array(0), path: ['a', 'b'] } };
  assert.deepEqual(decodeFlightData(encodeFlightData(withDescriptor)), withDescriptor);
});

test('FlightInfo int64 totals: -1 takes ten bytes, and the message round-trips', () => {
  assert.equal(hex(encodeFlightInfo({ totalRecords: -1 })), '20ffffffffffffffffff01');
  assert.equal(hex(encodeFlightInfo({ totalBytes: 300, ordered: true })), '28ac023001');
  const info = {
    schema: bytes(1, 2, 3),
    flightDescriptor: { type: DescriptorType.CMD, cmd: statementQueryCommand('SELECT 2'), path: [] },
    endpoint: [
      { ticket: { ticket: bytes(9) }, location: [{ uri: 'grpc://localhost:1602' }], appMetadata: new Uint8Array(0) },
      { ticket: { ticket: bytes(10, 11) }, location: [], appMetadata: bytes(7) },
    ],
    totalRecords: -1,
    totalBytes: 123_456_789_012,
    ordered: true,
    appMetadata: new TextEncoder().encode('{"x":1}'),
  };
  assert.deepEqual(decodeFlightInfo(encodeFlightInfo(info)), info);
  assert.deepEqual(decodeFlightInfo(new Uint8Array(0)).endpoint, []);
});

test('unknown fields of every wire type are skipped; wrong wire types and truncation are reported', () => {
  const endpoint = encodeFlightEndpoint({ ticket: { ticket: bytes(1) }, location: [{ uri: 'u' }] });
  const timestamp = new ProtoWriter().varint(1, 1_700_000_000).finish();
  const extra = new Uint8Array([
    ...new ProtoWriter().message(3, timestamp).varint(9, 5).finish(),
    0x51, 1, 2, 3, 4, 5, 6, 7, 8, // field 10, fixed64
    0x5d, 1, 2, 3, 4, // field 11, fixed32
  ]);
  const decoded = decodeFlightEndpoint(new Uint8Array([...endpoint, ...extra]));
  assert.deepEqual(decoded, { ticket: { ticket: bytes(1) }, location: [{ uri: 'u' }], appMetadata: new Uint8Array(0) });
  assert.throws(() => decodeTicket(bytes(0x08, 1)), /field 1 should be length-delimited/);
  assert.throws(() => decodeTicket(bytes(0x0a, 5, 1)), /past the end/);
  assert.throws(() => [...readFields(bytes(0x08, 0x80))], /truncated varint/);
});

test('Any and TicketStatementQuery round-trip', () => {
  const ticket = { statementHandle: bytes(0xde, 0xad) };
  assert.equal(hex(encodeTicketStatementQuery(ticket)), '0a02dead');
  const any = { typeUrl: TICKET_STATEMENT_QUERY_TYPE_URL, value: encodeTicketStatementQuery(ticket) };
  const back = decodeAny(encodeAny(any));
  assert.deepEqual(back, any);
  assert.deepEqual(decodeTicketStatementQuery(back.value), ticket);
  assert.deepEqual(decodeTicket(encodeTicket({ ticket: new Uint8Array(0) })), { ticket: new Uint8Array(0) });
});
