import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startAmpServer, type AmpServer } from '../../fixtures/amp-server/start-amp-server.js';
import type { Target } from '../../core/project/project-types.js';
import { AdapterError } from '../../core/warehouse/adapter-error.js';
import { ampConnection } from '../../core/warehouse/amp/amp-connection.js';
import { openAmpQueryClient } from '../../core/warehouse/amp/amp-query-client.js';
import { JsonLinesClient } from '../../core/warehouse/amp/jsonl/jsonl-client.js';

let server: AmpServer;
let target: Target;

before(async () => {
  server = await startAmpServer();
  target = { name: 'local', type: 'amp', schema: '_', host: '127.0.0.1', flight_port: server.flightPort, jsonl_port: server.jsonlPort, transport: 'jsonl' };
});
after(async () => {
  await server?.stop();
});

test('edge values read the same over JSON Lines as over Flight (decimals with fraction digits aside)', async () => {
  const sql = `SELECT 18446744073709551615::UBIGINT AS u, -9007199254740993::BIGINT AS b, 7::UBIGINT AS small,
    TIMESTAMPTZ '2024-01-15 10:00:00.123456+00' AS t, '\\xDE\\xAD'::BLOB AS bin, true AS ok, NULL::INTEGER AS nothing,
    'a "quoted" 12345678901234567890' AS s, 1.5::DOUBLE AS d, DATE '2024-01-15' AS day, [1, 2] AS l, {'a': 1} AS st`;
  const jsonl = openAmpQueryClient(target);
  const flight = openAmpQueryClient({ ...target, transport: 'flight' });
  try {
    const [viaJsonl, viaFlight] = await Promise.all([jsonl.queryRows(sql), flight.queryRows(sql)]);
    assert.deepEqual(viaJsonl.rows, [{
      u: '18446744073709551615', b: '-9007199254740993', small: 7, t: '2024-01-15T10:00:00.123456Z', bin: '0xdead', ok: true,
      nothing: null, s: 'a "quoted" 12345678901234567890', d: 1.5, day: '2024-01-15', l: [1, 2], st: { a: 1 },
    }]);
    assert.deepEqual(viaJsonl.rows, viaFlight.rows);
    assert.deepEqual(viaJsonl.columns.map((c) => c.type), Array(12).fill('JSON'));
    // JSON has no decimal type: the server's 1.50 arrives as the number 1.5 (Flight keeps '1.50')
    assert.deepEqual((await jsonl.queryRows('SELECT 1.50::DECIMAL(10,2) AS x')).rows, [{ x: 1.5 }]);
  } finally {
    jsonl.close();
    flight.close();
  }
});

test('rows stream as the body arrives: the first group comes before a huge result ends', async () => {
  const client = new JsonLinesClient(ampConnection(target));
  const started = Date.now();
  let first: unknown[] = [];
  for await (const rows of client.stream('SELECT range AS n FROM range(50000000)')) {
    first = rows.slice(0, 2);
    break; // ends the request
  }
  assert.deepEqual(first, [{ n: 0 }, { n: 1 }]);
  assert.ok(Date.now() - started < 15_000, `the first rows took ${Date.now() - started} ms`);
  // the same client goes on working
  assert.equal((await client.queryRows('SELECT range FROM range(30000)')).rows.length, 30000);
});

test("the server's error body becomes sql-error with its message and code", async () => {
  const client = new JsonLinesClient(ampConnection(target));
  const error = await client.queryRows('SELECT * FROM nowhere').then(() => assert.fail('expected an error'), (e: unknown) => e);
  assert.ok(error instanceof AdapterError);
  assert.equal(error.code, 'sql-error');
  assert.match(error.message, /Table with name nowhere does not exist/);
  assert.match(error.message, /\([A-Z_]+\)$/);
  await assert.rejects(client.queryRows(''), (e: unknown) => e instanceof AdapterError && e.code === 'sql-error' && /INVALID_SQL_STRING/.test(e.message));
});

test('an aborted JSON Lines query rejects with the abort reason', async () => {
  const client = new JsonLinesClient(ampConnection(target));
  const controller = new AbortController();
  const reason = new Error('enough');
  const work = (async () => {
    for await (const _rows of client.stream('SELECT range FROM range(50000000)', { signal: controller.signal })) controller.abort(reason);
  })();
  await assert.rejects(work, (e) => e === reason);
  controller.abort(reason);
  await assert.rejects(client.queryRows('SELECT 1', { signal: controller.signal }), (e) => e === reason);
});
