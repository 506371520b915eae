import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startAmpServer, type AmpServer } from '../../fixtures/amp-server/start-amp-server.js';
import { AdapterError } from '../../core/warehouse/adapter-error.js';
import { AdminClient } from '../../core/warehouse/amp/admin/admin-client.js';
import { AmpAdminError } from '../../core/warehouse/amp/admin/admin-error.js';
import type { AdminExchange } from '../../core/warehouse/amp/admin/admin-transport.js';
import type { JsonObject } from '../../core/warehouse/amp/admin/dataset-types.js';
import { HttpFaultProxy } from '../support/http-fault-proxy.js';
import { validateExchange } from '../support/openapi-validator.js';

/**
 * The Admin API through a real HTTP proxy in front of the local Amp server, which answers chosen requests
 * itself (a 503 from a load balancer, a 500) before passing the rest on: how passing failures are retried.
 */
let server: AmpServer;
let proxy: HttpFaultProxy;

const exchanges: AdminExchange[] = [];
const clientOf = (options: { retries?: number; retryDelayMs?: number } = {}) => new AdminClient({
  baseUrl: proxy.url, retryDelayMs: 5, ...options,
  onExchange: (exchange) => {
    exchanges.push(exchange);
    if (!String(exchange.responseBody ?? '').startsWith('proxy:')) validateExchange(exchange);
  },
});

let jobId: number;

before(async () => {
  server = await startAmpServer({ jobStepMs: 50 });
  proxy = await HttpFaultProxy.start(server.url.admin);
  const client = clientOf();
  const [dependencies, sql] = [{ eth: '_/eth_firehose@1.0.0' }, 'SELECT block_num FROM eth.logs'];
  const { schemas } = await client.analyzeSchema({ dependencies, tables: { blocks_seen: sql } });
  const { schema } = schemas.blocks_seen as { schema: JsonObject };
  const { hash } = await client.registerManifest({ kind: 'manifest', dependencies, functions: {}, tables: { blocks_seen: { input: { sql }, schema } } });
  await client.registerDataset('amp_dbt_retry', 'blocks_seen', '1.0.0', hash);
  ({ job_id: jobId } = await client.deploy('amp_dbt_retry', 'blocks_seen', '1.0.0', { endBlock: 'latest', parallelism: 1, verify: false, workerId: null }));
});

after(async () => {
  await proxy?.stop();
  await server?.stop();
});

const isJobRead = (method: string, path: string) => method === 'GET' && path === `/jobs/${jobId}`;

test('a read answered 503 or 502 (a Retry-After honoured) is asked again and succeeds', async () => {
  proxy.faults.push({ matches: isJobRead, status: 503, headers: { 'retry-after': '0' } }, { matches: isJobRead, status: 502 });
  proxy.seen.length = 0;
  const job = await clientOf().getJob(jobId);
  assert.equal(job.id, jobId);
  assert.deepEqual(proxy.seen, [`GET /jobs/${jobId}`, `GET /jobs/${jobId}`, `GET /jobs/${jobId}`]);
  assert.deepEqual(proxy.faults, []);
});

test('a read failing past the retries is the last answer, an amp-admin-error; a 500 and a 404 are not asked again', async () => {
  proxy.faults.push(...Array.from({ length: 3 }, () => ({ matches: isJobRead, status: 504 })));
  proxy.seen.length = 0;
  const error = await clientOf({ retries: 2 }).getJob(jobId).then(() => assert.fail('expected a failure'), (e: unknown) => e);
  assert.ok(error instanceof AmpAdminError);
  assert.equal(error.status, 504);
  assert.equal(error.message, `Amp Admin API GET /jobs/${jobId} failed with HTTP 504 proxy: 504`);
  assert.equal(proxy.seen.length, 3, 'the first try and two retries');

  proxy.faults.push({ matches: isJobRead, status: 500 });
  proxy.seen.length = 0;
  const internal = await clientOf().getJob(jobId).then(() => assert.fail('expected a failure'), (e: unknown) => e);
  assert.ok(internal instanceof AmpAdminError && internal.status === 500);
  assert.equal(proxy.seen.length, 1);
  proxy.seen.length = 0;
  const missing = await clientOf().getJob(987_654).then(() => assert.fail('expected a failure'), (e: unknown) => e);
  assert.ok(missing instanceof AmpAdminError && missing.status === 404);
  assert.equal(proxy.seen.length, 1);
});

test('a write answered 503 is not sent again (it may have taken effect): the error is reported at once', async () => {
  proxy.faults.push({ matches: (method) => method === 'POST', status: 503 });
  proxy.seen.length = 0;
  const error = await clientOf().deploy('amp_dbt_retry', 'blocks_seen', '1.0.0', { endBlock: 'latest' }).then(() => assert.fail('expected a failure'), (e: unknown) => e);
  assert.ok(error instanceof AmpAdminError && error.status === 503);
  assert.deepEqual(proxy.seen, ['POST /datasets/amp_dbt_retry/blocks_seen/versions/1.0.0/deploy']);
});

test('a server that goes away after answering (a restart) is asked again until it is back', async () => {
  const client = clientOf({ retries: 6, retryDelayMs: 20 });
  assert.equal((await client.getJob(jobId)).id, jobId);
  await proxy.stop();
  const pending = client.getJob(jobId);
  await new Promise((resolve) => setTimeout(resolve, 30));
  await proxy.restart();
  assert.equal((await pending).id, jobId);
});

test('a server refusing the first connection is reported at once, without retries (a wrong port or a server not started)', async () => {
  await proxy.stop();
  try {
    // A retry would wait ten minutes: the test would time out.
    const error = await clientOf({ retryDelayMs: 600_000 }).getJob(jobId).then(() => assert.fail('expected a failure'), (e: unknown) => e);
    assert.ok(error instanceof AdapterError && error.code === 'connect-failed');
    assert.match(error.message, /ECONNREFUSED$/);
  } finally {
    await proxy.restart();
  }
});
