import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  Dictionary, Int32, Message, RecordBatchReader, RecordBatchStreamWriter, Table, Utf8, vectorFromArray,
} from 'apache-arrow';
import {
  IPC_END_OF_STREAM, IpcMessageType, encapsulateIpcMessage, flightDataToIpc, joinFlightData, readIpcMessageInfo, splitIpcStream,
} from '../../core/warehouse/amp/flight/arrow-ipc.js';

/** Three record batches with a dictionary-encoded column, written by apache-arrow's own stream writer. */
function sampleStream(): { table: Table; stream: Uint8Array } {
  const whole = new Table({
    id: vectorFromArray(Int32Array.from([0, 1, 10, 11, 20, 21])),
    name: vectorFromArray(['a0', 'b0', 'a1', 'b1', 'a2', 'b2']),
    kind: vectorFromArray(['x', 'x', 'x', 'y', 'x', 'x'], new Dictionary(new Utf8(), new Int32())),
  });
  const table = new Table([0, 2, 4].flatMap((start) => whole.slice(start, start + 2).batches));
  return { table, stream: RecordBatchStreamWriter.writeAll(table).toUint8Array(true) };
}

test('an IPC stream splits into schema, dictionary and record batch messages, and joins back', async () => {
  const { table, stream } = sampleStream();
  const messages = splitIpcStream(stream);
  assert.equal(messages[0].type, IpcMessageType.SCHEMA);
  assert.equal(messages[1].type, IpcMessageType.DICTIONARY_BATCH);
  assert.deepEqual(messages.filter((m) => m.type === IpcMessageType.RECORD_BATCH).length, 3);
  for (const message of messages) {
    const decoded = Message.decode(message.dataHeader!);
    assert.equal(readIpcMessageInfo(message.dataHeader!).type, decoded.headerType);
    assert.equal(readIpcMessageInfo(message.dataHeader!).bodyLength, decoded.bodyLength);
    assert.equal(message.dataBody!.byteLength, decoded.bodyLength);
  }

  const joined = joinFlightData(messages);
  assert.deepEqual(joined.subarray(-8), IPC_END_OF_STREAM);
  const reader = await RecordBatchReader.from(joined);
  const back = new Table([...reader]);
  assert.equal(back.numRows, 6);
  assert.equal(back.batches.length, 3);
  assert.deepEqual(back.toArray().map((row) => row.toJSON()), table.toArray().map((row) => row.toJSON()));
});

test('FlightData with unpadded headers and a trimmed body still reads (the reader pads them)', async () => {
  const { table, stream } = sampleStream();
  // Flight senders may put the bare flatbuffer in data_header and an unpadded body in data_body: strip up to
  // 7 trailing zero bytes of each (the stream writer's padding) to mimic them.
  const trim = (b: Uint8Array) => {
    let end = b.byteLength;
    while (end > 0 && b.byteLength - end < 7 && b[end - 1] === 0) end--;
    return b.subarray(0, end);
  };
  const messages = splitIpcStream(stream).map((m) => ({ dataHeader: trim(m.dataHeader!), dataBody: trim(m.dataBody!) }));
  assert.ok(messages.some((m, i) => m.dataBody.byteLength < splitIpcStream(stream)[i].dataBody!.byteLength));
  const chunks = messages.flatMap((m) => flightDataToIpc(m));
  const first = new DataView(chunks[0].buffer);
  assert.equal(first.getUint32(0, true), 0xffffffff);
  assert.equal((8 + first.getInt32(4, true)) % 8, 0);
  const reader = await RecordBatchReader.from(async function* () {
    yield* chunks;
    yield IPC_END_OF_STREAM;
  }());
  const rows: unknown[] = [];
  for await (const batch of reader) rows.push(...batch.toArray().map((row) => row.toJSON()));
  assert.deepEqual(rows, table.toArray().map((row) => row.toJSON()));
});

test('a metadata-only FlightData has no IPC form; a schema encapsulates without a body', () => {
  assert.deepEqual(flightDataToIpc({ dataHeader: new Uint8Array(0), dataBody: new Uint8Array(0) }), []);
  const schema = splitIpcStream(sampleStream().stream)[0];
  const encapsulated = encapsulateIpcMessage(schema.dataHeader!);
  assert.equal(encapsulated.byteLength % 8, 0);
  assert.equal(Message.decode(encapsulated.subarray(8)).headerType, IpcMessageType.SCHEMA);
  assert.throws(() => readIpcMessageInfo(Uint8Array.of(1, 2)), /malformed message header/);
});
