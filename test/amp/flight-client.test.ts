import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, test } from 'node:test';
import { startAmpServer, type AmpServer } from '../../fixtures/amp-server/start-amp-server.js';
import type { Target } from '../../core/project/project-types.js';
import { AdapterError } from '../../core/warehouse/adapter-error.js';
import { ampConnection } from '../../core/warehouse/amp/amp-connection.js';
import { openAmpQueryClient, type AmpQueryClient } from '../../core/warehouse/amp/amp-query-client.js';
import { FlightSqlClient } from '../../core/warehouse/amp/flight/flight-sql-client.js';

const TOKEN = 'flight-test-token-0123456789';
let server: AmpServer;
let target: Target;
const clients: { close(): void }[] = [];
const open = (fields: Record<string, unknown> = {}): AmpQueryClient => {
  const client = openAmpQueryClient({ ...target, ...fields });
  clients.push(client);
  return client;
};

before(async () => {
  server = await startAmpServer({ token: TOKEN });
  target = { name: 'local', type: 'amp', schema: '_', host: '127.0.0.1', flight_port: server.flightPort, jsonl_port: server.jsonlPort, token: TOKEN };
});
after(async () => {
  for (const client of clients) client.close();
  await server?.stop();
});

/** Rejects with an AdapterError of `code` whose message matches `pattern` and shows no token. */
async function rejectsWith(work: Promise<unknown>, code: string, pattern: RegExp, secret = TOKEN): Promise<AdapterError> {
  const error = await work.then(() => assert.fail('expected an error'), (e: unknown) => e);
  assert.ok(error instanceof AdapterError, `not an AdapterError: ${String(error)}`);
  assert.equal(error.code, code, error.message);
  assert.match(error.message, pattern);
  assert.equal(`${error.message} ${error.hint} ${error.stack}`.includes(secret), false, 'the token leaked into the error');
  return error;
}

test('a query through Flight and through JSON Lines gives equal rows', async () => {
  const flight = open();
  const jsonl = open({ transport: 'jsonl' });
  for (const sql of [
    'SELECT * FROM "_/eth_firehose".blocks ORDER BY block_num',
    'SELECT * FROM "_/eth_firehose".logs ORDER BY block_num, log_index LIMIT 50',
  ]) {
    const [viaFlight, viaJsonl] = await Promise.all([flight.queryRows(sql), jsonl.queryRows(sql)]);
    assert.ok(viaFlight.rows.length > 0);
    assert.deepEqual(viaJsonl.rows, viaFlight.rows);
    assert.deepEqual(viaJsonl.columns.map((c) => c.name), viaFlight.columns.map((c) => c.name));
  }
  const { columns, rows } = await flight.queryRows('SELECT block_num, hash, timestamp FROM "_/eth_firehose".blocks ORDER BY block_num LIMIT 1');
  assert.deepEqual(columns, [
    { name: 'block_num', type: 'UInt64' }, { name: 'hash', type: 'Binary' }, { name: 'timestamp', type: 'Timestamp(Nanosecond, Some("+00:00"))' },
  ]);
  assert.equal(typeof rows[0].block_num, 'number');
  assert.match(String(rows[0].hash), /^0x[0-9a-f]{64}$/);
  assert.match(String(rows[0].timestamp), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
});

test('a result of many batches is decoded incrementally: the first batch comes long before the end', async () => {
  const client = new FlightSqlClient(ampConnection(target));
  clients.push(client);
  // 50 million rows would take the server minutes to produce; the first batch must not wait for them.
  const started = Date.now();
  let first: number[] | null = null;
  for await (const { batch } of client.query('SELECT range AS n FROM range(50000000)')) {
    first = Array.from(batch.getChild('n')!.toArray().slice(0, 3), Number);
    break; // cancels the DoGet
  }
  assert.deepEqual(first, [0, 1, 2]);
  assert.ok(Date.now() - started < 15_000, `the first batch took ${Date.now() - started} ms`);

  // the client stays usable, and a long stream arrives as many batches carrying Amp's block ranges
  let batches = 0;
  let rows = 0;
  let last: unknown = null;
  for await (const { batch, appMetadata } of client.query('SELECT block_num, log_index FROM "_/eth_firehose".logs, range(20) ORDER BY block_num')) {
    batches++;
    rows += batch.numRows;
    assert.ok(appMetadata && !(appMetadata instanceof Uint8Array) && appMetadata.ranges?.[0]?.network === 'mainnet');
    last = appMetadata;
  }
  assert.ok(batches > 1, `only ${batches} batch(es) for ${rows} rows`);
  assert.equal((last as { ranges_complete?: boolean }).ranges_complete, true);
});

test('stream() yields row batches with columns; an aborted query rejects with the abort reason', async () => {
  const client = open();
  const seen: number[] = [];
  for await (const { rows, columns } of client.stream('SELECT range AS n FROM range(20000)')) {
    assert.deepEqual(columns, [{ name: 'n', type: 'Int64' }]);
    seen.push(rows.length);
  }
  assert.equal(seen.reduce((a, b) => a + b, 0), 20000);
  assert.ok(seen.length > 1);

  const controller = new AbortController();
  const reason = new Error('stopped by the test');
  const work = (async () => {
    for await (const _batch of client.stream('SELECT range FROM range(50000000)', { signal: controller.signal })) controller.abort(reason);
  })();
  await assert.rejects(work, (error) => error === reason);
});

test("a server SQL error surfaces the server's message as sql-error", async () => {
  for (const transport of ['flight', 'jsonl']) {
    const client = open({ transport });
    await rejectsWith(client.queryRows('SELECT * FROM "_/eth_firehose".nope'), 'sql-error', /Table with name nope does not exist/);
    await rejectsWith(client.queryRows('SELEC 1'), 'sql-error', /syntax error/);
  }
  // Failing after the stream started: the status still reaches the client (it does not hang).
  const client = open({ transport: 'flight' });
  await rejectsWith(client.queryRows("SELECT CASE WHEN range > 30000 THEN error('boom at row') ELSE range END AS n FROM range(40000)"), 'sql-error', /boom at row/);
});

test('the bearer token is sent; a wrong or missing token is refused and never printed', async () => {
  const wrong = 'wrong-token-9876543210';
  for (const transport of ['flight', 'jsonl']) {
    const refused = await rejectsWith(open({ transport, token: wrong }).queryRows('SELECT 1'), 'connect-failed', /refused/, wrong);
    assert.match(refused.hint ?? '', /token/);
    const missing = await rejectsWith(open({ transport, token: undefined }).queryRows('SELECT 1'), 'connect-failed', /refused/);
    assert.match(missing.hint ?? '', /has no token|token/);
    assert.deepEqual((await open({ transport }).queryRows('SELECT 1 AS one')).rows, [{ one: 1 }]);
  }
});

test('an unreachable server is connect-failed naming host and port', async () => {
  const port = await freePort();
  const flight = await rejectsWith(open({ flight_port: port }).queryRows('SELECT 1'), 'connect-failed', new RegExp(`127\\.0\\.0\\.1:${port}.*ECONNREFUSED`));
  assert.match(flight.message, /: ECONNREFUSED$/, 'the reason, not grpc-js\'s whole text with its empty resolution note');
  assert.match(flight.hint ?? '', /flight_port/);
  const jsonl = await rejectsWith(open({ transport: 'jsonl', jsonl_port: port }).queryRows('SELECT 1'), 'connect-failed', new RegExp(`127\\.0\\.0\\.1:${port}.*ECONNREFUSED`));
  assert.match(jsonl.hint ?? '', /jsonl_port/);
});

test('a server that accepts connections but never answers fails the query after timeout_seconds (Flight and JSON Lines), it does not hang', async () => {
  const sockets = new Set<import('node:net').Socket>();
  const silent = createServer((socket) => { sockets.add(socket); socket.on('error', () => undefined); });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const port = (silent.address() as { port: number }).port;
  try {
    for (const transport of ['flight', 'jsonl']) {
      const started = Date.now();
      const error = await rejectsWith(open({ transport, flight_port: port, jsonl_port: port, timeout_seconds: 1 }).queryRows('SELECT 1'), 'connect-failed', /did not answer within 1 s/);
      assert.match(error.hint ?? '', new RegExp(`${transport}_port.*timeout_seconds`));
      assert.ok(Date.now() - started < 20_000, `${transport}: gave up in time`);
    }
  } finally {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
  }
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    }).on('error', reject);
  });
}
