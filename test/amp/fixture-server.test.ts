import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import { tableFromIPC, type Table } from 'apache-arrow';
import { joinFlightData } from '../../core/warehouse/amp/flight/arrow-ipc.js';
import { DescriptorType, statementQueryCommand, type DecodedFlightData, type DecodedFlightInfo } from '../../core/warehouse/amp/flight/flight-proto.js';
import { createFlightServiceClient } from '../../core/warehouse/amp/flight/flight-service.js';
import { startAmpServer, type AmpServer } from '../../fixtures/amp-server/start-amp-server.js';
import { validateExchange, validateResponse } from '../support/openapi-validator.js';

type Json = any;
const ETH = '_/eth_firehose@1.0.0';
const LOG_ROWS = 1885;

/** One Admin API exchange; every answer is checked against Amp's OpenAPI spec unless `validate` is false. */
async function admin(server: AmpServer, method: string, path: string, body?: unknown, options: { token?: string; validate?: boolean } = {}) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const response = await fetch(server.url.admin + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  const parsed: Json = text ? JSON.parse(text) : undefined;
  if (options.validate !== false) validateExchange({ method, path, status: response.status, requestBody: body, responseBody: parsed });
  return { status: response.status, body: parsed };
}

async function jsonl(server: AmpServer, sql: string, token?: string): Promise<{ status: number; rows: Json[]; text: string }> {
  const response = await fetch(server.url.jsonl, { method: 'POST', body: sql, headers: token ? { authorization: `Bearer ${token}` } : {} });
  const text = await response.text();
  const rows = response.ok ? text.split('\n').filter(Boolean).map((line) => JSON.parse(line)) : [JSON.parse(text)];
  return { status: response.status, rows, text };
}

async function flight(server: AmpServer, sql: string, token?: string): Promise<{ info: DecodedFlightInfo; messages: DecodedFlightData[]; table: Table }> {
  const client = createFlightServiceClient(`127.0.0.1:${server.flightPort}`, grpc.credentials.createInsecure(), { 'grpc.max_receive_message_length': -1 });
  const metadata = () => {
    const m = new grpc.Metadata();
    if (token) m.set('authorization', `Bearer ${token}`);
    return m;
  };
  try {
    const info = await new Promise<DecodedFlightInfo>((resolve, reject) => {
      client.GetFlightInfo({ type: DescriptorType.CMD, cmd: statementQueryCommand(sql) }, metadata(), {}, (error, answer) => (error ? reject(error) : resolve(answer!)));
    });
    assert.equal(info.endpoint.length, 1);
    const messages = await new Promise<DecodedFlightData[]>((resolve, reject) => {
      const out: DecodedFlightData[] = [];
      const call = client.DoGet(info.endpoint[0].ticket!, metadata());
      call.on('data', (data: DecodedFlightData) => out.push(data));
      call.on('end', () => resolve(out));
      call.on('error', reject);
    });
    return { info, messages, table: tableFromIPC(joinFlightData(messages)) };
  } finally {
    client.close();
  }
}

/** An Arrow row spelled as the JSON Lines endpoint spells it (0x hex, ISO timestamps, numbers). */
function asJsonlRow(row: Record<string, unknown>, table: Table): Json {
  const out: Json = {};
  for (const field of table.schema.fields) {
    const value = row[field.name];
    if (value === null || value === undefined) out[field.name] = null;
    else if (value instanceof Uint8Array) out[field.name] = `0x${Buffer.from(value).toString('hex')}`;
    else if (String(field.type).startsWith('Timestamp')) out[field.name] = new Date(value as number).toISOString();
    else out[field.name] = typeof value === 'bigint' ? Number(value) : value;
  }
  return out;
}

const derived = (sql: string, fields: Json[] = [{ name: 'block_num', type: 'UInt64', nullable: false }]) => ({
  kind: 'manifest',
  dependencies: { eth: ETH },
  tables: { transfers: { input: { sql }, schema: { arrow: { fields } } } },
});

const TRANSFERS_SQL = `SELECT l.block_num, l.tx_hash, l.address AS token, l.log_index
FROM eth.logs l
WHERE l.topic0 = evm_topic('Transfer(address,address,uint256)')`;

describe('local Amp server', () => {
  let server: AmpServer;
  before(async () => {
    server = await startAmpServer({ jobStepMs: 20 });
  });
  after(() => server.stop());

  test('lists the raw dataset and answers ad-hoc JSON Lines queries over it', async () => {
    const { body } = await admin(server, 'GET', '/datasets');
    assert.deepEqual(body.datasets, [{ namespace: '_', name: 'eth_firehose', versions: ['1.0.0'], latest_version: '1.0.0' }]);
    const info = await admin(server, 'GET', '/datasets/_/eth_firehose/versions/latest');
    assert.equal(info.body.kind, 'firehose');
    assert.deepEqual(info.body.tables, ['blocks', 'logs', 'transactions']);

    const { status, rows } = await jsonl(server, `select * from "${ETH}".logs order by block_num, log_index`);
    assert.equal(status, 200);
    assert.equal(rows.length, LOG_ROWS);
    assert.equal(rows[0].block_num, 18999995);
    assert.match(rows[0].tx_hash, /^0x[0-9a-f]{64}$/);
    assert.equal(rows[0].timestamp, '2024-01-14T23:59:00.000Z');
    assert.equal(rows[0].topic3, null);
    const latest = await jsonl(server, 'select count(*) as n from "_/eth_firehose".blocks');
    assert.deepEqual(latest.rows, [{ n: 305 }]);
  });

  test('JSON Lines refuses bad SQL with a 4xx ErrorResponse', async () => {
    for (const sql of ['select * from nope', 'selec 1', 'drop schema main', 'select 1; select 2', '']) {
      const { status, rows } = await jsonl(server, sql);
      assert.equal(status, 400, sql);
      assert.match(rows[0].error_code, /^[A-Z_]+$/);
      assert.ok(rows[0].error_message);
    }
  });

  test('refuses non-incremental SQL at registration with a 400 naming the clause', async () => {
    const cases: [string, RegExp][] = [
      [`${TRANSFERS_SQL} ORDER BY l.block_num`, /ORDER BY/],
      ['SELECT block_num, count(*) AS n FROM eth.logs GROUP BY block_num', /GROUP BY/],
      ['SELECT max(block_num) AS block_num FROM eth.logs', /aggregate function max\(\)/],
      ['SELECT DISTINCT block_num FROM eth.logs', /DISTINCT/],
      ['SELECT block_num FROM eth.logs LIMIT 10', /LIMIT/],
      ['SELECT l.block_num FROM eth.logs l LEFT JOIN eth.blocks b ON b.block_num = l.block_num', /LEFT OUTER JOIN/],
      ['SELECT block_num, row_number() OVER (ORDER BY log_index) AS r FROM eth.logs', /window function row_number/],
    ];
    for (const [sql, clause] of cases) {
      const { status, body } = await admin(server, 'POST', '/datasets', { namespace: 'erc20', name: 'bad', version: '1.0.0', manifest: derived(sql) });
      assert.equal(status, 400, sql);
      assert.equal(body.error_code, 'MANIFEST_VALIDATION_ERROR');
      assert.match(body.error_message, clause);
    }
    const schema = await admin(server, 'POST', '/schema', { dependencies: { eth: ETH }, tables: { t: 'SELECT DISTINCT block_num FROM eth.logs' } });
    assert.equal(schema.status, 400);
    assert.equal(schema.body.error_code, 'NON_INCREMENTAL_QUERY');
    const unknownAlias = await admin(server, 'POST', '/schema', { dependencies: { eth: ETH }, tables: { t: 'SELECT block_num FROM chain.logs' } });
    assert.equal(unknownAlias.body.error_code, 'DEPENDENCY_ALIAS_NOT_FOUND');
    const missing = await admin(server, 'POST', '/datasets', { namespace: 'erc20', name: 'bad', manifest: { ...derived(TRANSFERS_SQL), dependencies: { eth: '_/eth_firehose@9.9.9' } } });
    assert.equal(missing.status, 400);
    assert.match(missing.body.error_message, /9\.9\.9/);
  });

  test('infers schemas, registers, deploys, and serves the materialized table', async () => {
    const schema = await admin(server, 'POST', '/schema', { dependencies: { eth: ETH }, tables: { transfers: TRANSFERS_SQL } });
    assert.equal(schema.status, 200);
    const fields = schema.body.schemas.transfers.schema.arrow.fields;
    assert.deepEqual(fields.map((f: Json) => `${f.name}:${f.type}`), ['_block_num:UInt64', 'block_num:UInt64', 'tx_hash:Binary', 'token:Binary', 'log_index:UInt32']);
    assert.deepEqual(schema.body.schemas.transfers.networks, ['mainnet']);

    const manifest = derived(TRANSFERS_SQL, fields);
    const registered = await admin(server, 'POST', '/datasets', { namespace: 'erc20', name: 'transfers', version: '1.0.0', manifest });
    assert.equal(registered.status, 201);
    const canonical = JSON.stringify(manifest, (_, v) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v));
    assert.equal(registered.body.manifest_hash, createHash('sha256').update(canonical).digest('hex'));
    const stored = await admin(server, 'GET', `/manifests/${registered.body.manifest_hash}`);
    assert.deepEqual(stored.body, manifest);
    const versions = await admin(server, 'GET', '/datasets/erc20/transfers/versions');
    assert.deepEqual(versions.body.special_tags, { latest: '1.0.0', dev: registered.body.manifest_hash });

    const deployed = await admin(server, 'POST', '/datasets/erc20/transfers/versions/1.0.0/deploy', { end_block: null });
    assert.equal(deployed.status, 202);
    const id = deployed.body.job_id;
    assert.ok(['SCHEDULED', 'RUNNING'].includes((await admin(server, 'GET', `/jobs/${id}`)).body.status));
    await server.waitForJob(id, ['COMPLETED', 'ERROR']);
    const job = await admin(server, 'GET', `/jobs/${id}`);
    assert.equal(job.body.status, 'COMPLETED');
    const progress = await admin(server, 'GET', `/jobs/${id}/progress`);
    assert.deepEqual(Object.keys(progress.body.tables), ['transfers']);
    assert.equal(progress.body.tables.transfers.current_block, 19000299);
    const events = await admin(server, 'GET', `/jobs/${id}/events`);
    assert.deepEqual(events.body.events.map((e: Json) => e.event_type), ['SCHEDULED', 'RUNNING', 'COMPLETED']);
    const scheduled = await admin(server, 'GET', `/jobs/${id}/events/${events.body.events[0].id}`);
    assert.equal(scheduled.body.detail.manifest_hash, registered.body.manifest_hash);

    const expected = await jsonl(server, `select count(*) as n from "${ETH}".logs where topic0 = evm_topic('Transfer(address,address,uint256)')`);
    const built = await jsonl(server, 'select * from "erc20/transfers@1.0.0".transfers');
    assert.equal(built.rows.length, expected.rows[0].n);
    assert.ok(built.rows.length > 0);
    assert.deepEqual(Object.keys(built.rows[0]), ['_block_num', 'block_num', 'tx_hash', 'token', 'log_index']);

    // Tagging another version on the same manifest serves the same data without a new job.
    await admin(server, 'POST', '/datasets', { namespace: 'erc20', name: 'transfers', version: '1.0.1', manifest: registered.body.manifest_hash });
    assert.equal((await jsonl(server, 'select count(*) as n from "erc20/transfers@1.0.1".transfers')).rows[0].n, expected.rows[0].n);
    const datasetJobs = await admin(server, 'GET', '/datasets/erc20/transfers/versions/1.0.1/jobs');
    assert.deepEqual(datasetJobs.body.jobs.map((j: Json) => j.id), [id]);
  });

  test('a job whose SQL fails at run time ends in ERROR with the message', async () => {
    const sql = `SELECT block_num, CAST(concat('x', log_index) AS INTEGER) AS broken FROM eth.logs`;
    const fields = [{ name: 'block_num', type: 'UInt64', nullable: false }, { name: 'broken', type: 'Int32', nullable: true }];
    assert.equal((await admin(server, 'POST', '/datasets', { namespace: 'erc20', name: 'broken', manifest: derived(sql, fields) })).status, 201);
    const { body } = await admin(server, 'POST', '/datasets/erc20/broken/versions/dev/deploy', {});
    await server.waitForJob(body.job_id, ['ERROR', 'COMPLETED']);
    const progress = await admin(server, 'GET', `/jobs/${body.job_id}/progress`);
    assert.equal(progress.body.job_status, 'ERROR');
    assert.match(progress.body.detail.error_message, /Conversion Error/);
  });

  test('jobs: cursor pagination, status filter, deletion rules, unknown ids', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) ids.push((await admin(server, 'POST', '/datasets/erc20/transfers/versions/latest/deploy', { end_block: '19000100' })).body.job_id);
    for (const id of ids) await server.waitForJob(id, ['COMPLETED']);
    const seen: number[] = [];
    let cursor: number | undefined;
    do {
      const page = await admin(server, 'GET', `/jobs?status=all&limit=2${cursor === undefined ? '' : `&last_job_id=${cursor}`}`);
      assert.ok(page.body.jobs.length <= 2);
      seen.push(...page.body.jobs.map((j: Json) => j.id));
      cursor = page.body.next_cursor;
    } while (cursor !== undefined);
    assert.deepEqual(seen, [...seen].sort((a, b) => b - a));
    assert.ok(ids.every((id) => seen.includes(id)));
    assert.deepEqual((await admin(server, 'GET', '/jobs')).body.jobs, []);
    const failed = await admin(server, 'GET', '/jobs?status=error');
    assert.ok(failed.body.jobs.every((j: Json) => j.status === 'ERROR') && failed.body.jobs.length === 1);
    assert.equal((await admin(server, 'GET', '/jobs?limit=0')).body.error_code, 'LIMIT_INVALID');
    assert.equal((await admin(server, 'GET', '/jobs?limit=1001')).body.error_code, 'LIMIT_TOO_LARGE');

    const progress = await admin(server, 'GET', `/jobs/${ids[0]}/progress`);
    assert.equal(progress.body.tables.transfers.current_block, 19000100);
    assert.equal((await admin(server, 'DELETE', `/jobs/${ids[0]}`)).status, 204);
    assert.equal((await admin(server, 'GET', `/jobs/${ids[0]}`)).status, 404);
    assert.equal((await admin(server, 'GET', '/jobs/999999')).body.error_code, 'JOB_NOT_FOUND');
    assert.equal((await admin(server, 'GET', '/jobs/abc')).body.error_code, 'INVALID_JOB_ID');
    assert.equal((await admin(server, 'GET', '/datasets/erc20/transfers/versions/9.9.9')).body.error_code, 'DATASET_NOT_FOUND');
    assert.equal((await admin(server, 'GET', `/manifests/${'0'.repeat(64)}`)).body.error_code, 'MANIFEST_NOT_FOUND');
    // A JSON number is not an EndBlock (the request breaks the spec on purpose; the answer still follows it).
    const numeric = await admin(server, 'POST', '/datasets/erc20/transfers/versions/latest/deploy', { end_block: 100 }, { validate: false });
    validateResponse('POST', '/datasets/erc20/transfers/versions/latest/deploy', numeric.status, numeric.body);
    assert.equal(numeric.body.error_code, 'INVALID_BODY');
  });

  test('Flight SQL: schema, record batches and block ranges match the JSON Lines rows', async () => {
    const sql = `select * from "${ETH}".logs order by block_num, log_index`;
    const { info, messages, table } = await flight(server, sql);
    assert.ok(info.schema.byteLength > 0);
    assert.equal(table.numRows, LOG_ROWS);
    assert.equal(String(table.schema.fields.find((f) => f.name === 'timestamp')!.type), 'Timestamp<NANOSECOND, +00:00>');
    const rows = (await jsonl(server, sql)).rows;
    for (const i of [0, 1, 700, LOG_ROWS - 1]) assert.deepEqual(asJsonlRow(table.get(i)!.toJSON(), table), rows[i]);
    const metadata = JSON.parse(new TextDecoder().decode(messages[messages.length - 1].appMetadata));
    assert.deepEqual(metadata.ranges.map((r: Json) => [r.network, r.numbers]), [['mainnet', { start: 18999995, end: 19000299 }]]);
    assert.match(metadata.ranges[0].hash, /^0x[0-9a-f]{64}$/);
    assert.equal(metadata.ranges_complete, true);

    const big = await flight(server, 'select range as block_num from range(20000)');
    const batches = big.messages.filter((m) => m.dataBody.byteLength > 0);
    assert.equal(batches.length, 3);
    assert.equal(big.table.numRows, 20000);
    const ranges = batches.map((m) => JSON.parse(new TextDecoder().decode(m.appMetadata)));
    assert.deepEqual(ranges.map((r) => [r.ranges[0].numbers.start, r.ranges[0].numbers.end, r.ranges_complete]), [[0, 8191, false], [8192, 16383, false], [16384, 19999, true]]);
    const plain = await flight(server, 'select 1.5::decimal(10, 2) as d, [1, 2] as l, {a: 1} as s');
    assert.equal(plain.messages.filter((m) => m.appMetadata.byteLength > 0).length, 0);
    await assert.rejects(flight(server, 'select * from nope'), (error: grpc.ServiceError) => error.code === grpc.status.INVALID_ARGUMENT && /nope/.test(error.details));
  });
});

describe('local Amp server with a token', () => {
  let server: AmpServer;
  before(async () => {
    server = await startAmpServer({ token: 's3cret', jobStepMs: 500 });
  });
  after(() => server.stop());

  test('every transport refuses requests without the bearer token', async () => {
    const refused = await admin(server, 'GET', '/datasets', undefined, { validate: false });
    assert.equal(refused.status, 401);
    assert.equal(refused.body.error_code, 'UNAUTHENTICATED');
    assert.equal((await admin(server, 'GET', '/datasets', undefined, { token: 'wrong', validate: false })).status, 401);
    assert.equal((await admin(server, 'GET', '/datasets', undefined, { token: 's3cret' })).status, 200);
    assert.equal((await jsonl(server, 'select 1')).status, 401);
    assert.equal((await jsonl(server, 'select 1 as one', 's3cret')).rows[0].one, 1);
    await assert.rejects(flight(server, 'select 1'), (error: grpc.ServiceError) => error.code === grpc.status.UNAUTHENTICATED);
    assert.equal((await flight(server, 'select 1 as one', 's3cret')).table.numRows, 1);
  });

  test('a stopped job goes STOP_REQUESTED, then STOPPED, and only then may be deleted', async () => {
    const token = 's3cret';
    await admin(server, 'POST', '/datasets', { namespace: 'erc20', name: 'transfers', version: '1.0.0', manifest: derived(TRANSFERS_SQL, [{ name: 'block_num', type: 'UInt64', nullable: false }, { name: 'tx_hash', type: 'Binary', nullable: true }, { name: 'token', type: 'Binary', nullable: true }, { name: 'log_index', type: 'UInt32', nullable: true }]) }, { token });
    const { body } = await admin(server, 'POST', '/datasets/erc20/transfers/versions/1.0.0/deploy', {}, { token });
    assert.equal((await admin(server, 'PUT', `/jobs/${body.job_id}/stop`, undefined, { token })).status, 200);
    assert.equal((await admin(server, 'GET', `/jobs/${body.job_id}`, undefined, { token })).body.status, 'STOP_REQUESTED');
    const conflict = await admin(server, 'DELETE', `/jobs/${body.job_id}`, undefined, { token });
    assert.equal(conflict.status, 409);
    await server.waitForJob(body.job_id, ['STOPPED']);
    const events = await admin(server, 'GET', `/jobs/${body.job_id}/events`, undefined, { token });
    assert.deepEqual(events.body.events.map((e: Json) => e.event_type), ['SCHEDULED', 'STOP_REQUESTED', 'STOPPED']);
    assert.equal((await admin(server, 'PUT', `/jobs/${body.job_id}/stop`, undefined, { token })).status, 200);
    assert.equal((await admin(server, 'DELETE', `/jobs/${body.job_id}`, undefined, { token })).status, 204);
    assert.equal((await jsonl(server, 'select count(*) as n from "erc20/transfers@1.0.0".transfers', token)).rows[0].n, 0);
  });
});
