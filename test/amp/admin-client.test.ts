import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, test } from 'node:test';
import { inspect } from 'node:util';
import { startAmpServer, type AmpServer } from '../../fixtures/amp-server/start-amp-server.js';
import { AdapterError } from '../../core/warehouse/adapter-error.js';
import { AdminClient } from '../../core/warehouse/amp/admin/admin-client.js';
import { adminBaseUrl, adminClientForTarget } from '../../core/warehouse/amp/admin/admin-client-for-target.js';
import { AmpAdminError } from '../../core/warehouse/amp/admin/admin-error.js';
import type { AdminExchange } from '../../core/warehouse/amp/admin/admin-transport.js';
import type { JsonObject } from '../../core/warehouse/amp/admin/dataset-types.js';
import { JOB_STATUSES, type JobInfo } from '../../core/warehouse/amp/admin/job-types.js';
import { operationIdOf, validateExchange } from '../support/openapi-validator.js';

// A valid dataset name on purpose: used as one, it makes the server repeat the token in its error message.
const TOKEN = 'amp_dbt_secret_token_4f1c';
const NS = 'amp_dbt_test';
const NAME = 'logs_lite';
const DEPENDENCIES = { eth: '_/eth_firehose@1.0.0' };
const SQL = 'SELECT block_num, tx_hash, log_index, address FROM eth.logs';
const TERMINAL = new Set(['COMPLETED', 'STOPPED', 'ERROR', 'FATAL']);

let server: AmpServer;
let client: AdminClient;
const exchanges: AdminExchange[] = [];
const authorizations: (string | null)[] = [];

/** globalThis.fetch, noting the Authorization header each request carried. */
const recordingFetch: typeof fetch = (input, init) => {
  authorizations.push(new Headers(init?.headers).get('authorization'));
  return fetch(input, init);
};

before(async () => {
  server = await startAmpServer({ token: TOKEN, jobStepMs: 150 });
  client = new AdminClient({
    baseUrl: server.url.admin,
    token: TOKEN,
    fetch: recordingFetch,
    onExchange: (exchange) => {
      exchanges.push(exchange);
      validateExchange(exchange);
    },
  });
});

after(async () => {
  await server?.stop();
});

/** The error a promise rejects with (a failed assertion when it resolves). */
async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof Error);
    return error;
  }
  assert.fail('expected the call to fail');
}

/** No trace of the token anywhere a person or a log could see the error. */
function assertNoToken(error: Error): void {
  const views = [error.message, String(error), error.stack ?? '', inspect(error, { depth: 10 }), JSON.stringify(error), (error as AdapterError).hint ?? ''];
  for (const view of views) assert.ok(!view.includes(TOKEN), `the token leaked: ${view}`);
}

async function waitForTerminal(id: number): Promise<JobInfo> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const job = await client.getJob(id);
    assert.ok((JOB_STATUSES as readonly string[]).includes(job.status), `status ${job.status} is an Amp job status`);
    if (TERMINAL.has(job.status)) return job;
    assert.ok(Date.now() < deadline, `job ${id} is still ${job.status}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

let manifest: JsonObject;
let hash: string;

test('analyzeSchema infers the output schema; registerManifest and getManifest round-trip a manifest', async () => {
  const { schemas } = await client.analyzeSchema({ dependencies: DEPENDENCIES, tables: { [NAME]: SQL } });
  const fields = (schemas[NAME] as { schema: { arrow: { fields: { name: string }[] } } }).schema.arrow.fields;
  assert.deepEqual(fields.map((f) => f.name).filter((n) => n !== '_block_num'), ['block_num', 'tx_hash', 'log_index', 'address']);

  manifest = { kind: 'manifest', dependencies: DEPENDENCIES, tables: { [NAME]: { input: { sql: SQL }, schema: { arrow: { fields } } } }, functions: {} };
  ({ hash } = await client.registerManifest(manifest));
  assert.match(hash, /^[0-9a-f]{64}$/);
  assert.equal((await client.registerManifest(manifest)).hash, hash, 'registering the same content again gives the same hash');
  const stored = await client.getManifest(hash);
  assert.deepEqual(stored.tables, manifest.tables);
  assert.deepEqual(stored.dependencies, DEPENDENCIES);
});

test('registerDataset tags versions; listDatasets, listVersions, getVersion and getDatasetManifest read them back', async () => {
  const registered = await client.registerDataset(NS, NAME, '1.0.0', hash);
  assert.equal(registered.manifest_hash, hash);
  assert.equal(registered.version, '1.0.0');
  assert.equal(registered.kind, 'manifest');
  assert.deepEqual(registered.tables, [NAME]);

  const devManifest = { ...manifest, tables: { [NAME]: { ...(manifest.tables as Record<string, JsonObject>)[NAME], input: { sql: `${SQL} WHERE log_index >= 0` } } } };
  const dev = await client.registerDataset(NS, NAME, undefined, devManifest);
  assert.notEqual(dev.manifest_hash, hash);
  assert.ok(dev.version === undefined || dev.version === null);

  const { datasets } = await client.listDatasets();
  assert.deepEqual(datasets.find((d) => d.namespace === NS && d.name === NAME), { namespace: NS, name: NAME, versions: ['1.0.0'], latest_version: '1.0.0' });
  assert.ok(datasets.some((d) => d.namespace === '_' && d.name === 'eth_firehose'));

  const versions = await client.listVersions(NS, NAME);
  assert.deepEqual(versions.versions.map((v) => [v.version, v.manifest_hash]), [['1.0.0', hash]]);
  assert.deepEqual(versions.special_tags, { latest: '1.0.0', dev: dev.manifest_hash });

  for (const revision of ['1.0.0', 'latest', hash]) {
    const info = await client.getVersion(NS, NAME, revision);
    assert.deepEqual([info.revision, info.manifest_hash, info.tables], [revision, hash, [NAME]]);
  }
  assert.equal((await client.getVersion(NS, NAME, 'dev')).manifest_hash, dev.manifest_hash);

  // deleteVersion removes a tag; the one on the manifest 'latest' points at is refused, as the spec says.
  await client.registerDataset(NS, NAME, '0.0.1-env.qa', hash);
  const refused = await rejection(client.deleteVersion(NS, NAME, '0.0.1-env.qa'));
  assert.ok(refused instanceof AmpAdminError && refused.errorCode === 'CANNOT_DELETE_LATEST_VERSION');
  await client.registerDataset(NS, NAME, '0.0.2-env.qa', dev.manifest_hash);
  await client.deleteVersion(NS, NAME, '0.0.2-env.qa');
  await client.deleteVersion(NS, NAME, '0.0.9-gone');
  assert.deepEqual((await client.listVersions(NS, NAME)).versions.map((v) => v.version).filter((v) => v.includes('env')), ['0.0.1-env.qa']);
  assert.deepEqual((await client.getDatasetManifest(NS, NAME, '1.0.0')).tables, manifest.tables);
});

test('deploy schedules a job that runs to COMPLETED; getJob, listDatasetJobs, getJobProgress and getJobEvents follow it', async () => {
  const { job_id } = await client.deploy(NS, NAME, '1.0.0', { endBlock: 'latest', parallelism: 1, verify: false, workerId: null });
  assert.ok(Number.isInteger(job_id));
  const job = await waitForTerminal(job_id);
  assert.equal(job.status, 'COMPLETED');

  const { jobs } = await client.listDatasetJobs(NS, NAME, '1.0.0');
  assert.ok(jobs.some((j) => j.id === job_id));

  const progress = await client.getJobProgress(job_id);
  assert.equal(progress.job_status, 'COMPLETED');
  assert.ok(progress.tables[NAME].files_count > 0);
  assert.equal(typeof progress.tables[NAME].current_block, 'number');

  const { events } = await client.getJobEvents(job_id);
  assert.deepEqual(events.map((e) => e.event_type), ['SCHEDULED', 'RUNNING', 'COMPLETED']);
  const scheduled = await client.getJobEvent(job_id, events[0].id);
  assert.deepEqual([scheduled.job_id, scheduled.id, scheduled.event_type], [job_id, events[0].id, 'SCHEDULED']);
});

test('stopJob stops a running job and deleteJob removes it; deleting an unfinished job is a 409', async () => {
  const { job_id } = await client.deploy(NS, NAME, '1.0.0', { endBlock: null });
  const conflict = await rejection(client.deleteJob(job_id));
  assert.ok(conflict instanceof AmpAdminError);
  assert.deepEqual([conflict.code, conflict.status, conflict.errorCode, conflict.method], ['amp-admin-error', 409, 'JOB_CONFLICT', 'DELETE']);

  await client.stopJob(job_id);
  assert.equal((await waitForTerminal(job_id)).status, 'STOPPED');
  await client.stopJob(job_id); // stopping a stopped job is fine
  await client.deleteJob(job_id);
  const gone = await rejection(client.getJob(job_id));
  assert.ok(gone instanceof AmpAdminError && gone.status === 404);
});

test('listJobs pages with last_job_id and next_cursor; jobPages and allJobs walk every page', async () => {
  const deployed: number[] = [];
  for (const endBlock of ['100', '-10', '200']) deployed.push((await client.deploy(NS, NAME, 'latest', { endBlock })).job_id);

  const first = await client.listJobs({ status: 'all', limit: 2 });
  assert.equal(first.jobs.length, 2);
  assert.equal(typeof first.next_cursor, 'number');
  const second = await client.listJobs({ status: 'all', limit: 2, cursor: first.next_cursor! });
  assert.ok(second.jobs.length > 0);
  assert.ok(second.jobs.every((j) => !first.jobs.some((f) => f.id === j.id)), 'pages do not overlap');
  assert.ok(exchanges.some((e) => e.path.includes('last_job_id=')));

  const everything = (await client.listJobs({ status: 'all', limit: 1000 })).jobs.map((j) => j.id).sort((a, b) => a - b);
  assert.ok(everything.length >= 4 && deployed.every((id) => everything.includes(id)));
  const pages = [];
  for await (const page of client.jobPages({ status: 'all', limit: 2 })) pages.push(page);
  assert.equal(pages.length, Math.ceil(everything.length / 2));
  assert.ok(pages.length > 1, 'more than one page');
  assert.deepEqual(pages.flatMap((p) => p.jobs.map((j) => j.id)).sort((a, b) => a - b), everything);
  const walked: number[] = [];
  for await (const job of client.allJobs({ status: 'all', limit: 3 })) walked.push(job.id);
  assert.deepEqual(walked.sort((a, b) => a - b), everything);

  for (const id of deployed) await waitForTerminal(id);
  const completed = (await client.listJobs({ status: ['COMPLETED', 'STOPPED'], limit: 1000 })).jobs;
  assert.ok(completed.length >= 4 && completed.every((j) => j.status === 'COMPLETED' || j.status === 'STOPPED'));
  assert.deepEqual((await client.listJobs()).jobs, [], 'the default filter lists only active jobs');
});

test('a non-2xx answer is an amp-admin-error with the server message and code, the status, method and path', async () => {
  const missing = await rejection(client.getJob(999999));
  assert.ok(missing instanceof AmpAdminError && missing instanceof AdapterError);
  assert.deepEqual([missing.code, missing.status, missing.errorCode, missing.method, missing.path], ['amp-admin-error', 404, 'JOB_NOT_FOUND', 'GET', '/jobs/999999']);
  assert.equal(missing.message, 'Amp Admin API GET /jobs/999999 failed with HTTP 404 JOB_NOT_FOUND: job 999999 not found');
  assert.match(missing.hint ?? '', /jobs list --all/);

  const unknown = await rejection(client.getVersion(NS, 'no_such_dataset', '1.0.0'));
  assert.ok(unknown instanceof AmpAdminError);
  assert.deepEqual([unknown.status, unknown.errorCode], [404, 'DATASET_NOT_FOUND']);
  assert.match(unknown.message, /no_such_dataset/);

  const invalid = await rejection(client.registerDataset(NS, NAME, '2.0.0', { kind: 'manifest', tables: { t: { input: { sql: '' } } } }));
  assert.ok(invalid instanceof AmpAdminError);
  assert.deepEqual([invalid.status, invalid.errorCode, invalid.method, invalid.path], [400, 'INVALID_MANIFEST', 'POST', '/datasets']);
  for (const error of [missing, unknown, invalid]) assertNoToken(error);
});

test('the token is sent as a bearer token and never appears in an error, even when the server repeats it', async () => {
  assert.ok(authorizations.length > 0 && authorizations.every((a) => a === `Bearer ${TOKEN}`));

  const echoed = await rejection(client.getVersion(NS, TOKEN, '1.0.0'));
  assert.ok(echoed instanceof AmpAdminError && echoed.status === 404);
  assert.match(echoed.message, /\*\*\*/, 'the server repeated the name, masked in the message');
  assertNoToken(echoed);

  const wrong = new AdminClient({ baseUrl: server.url.admin, token: `${TOKEN}_wrong` });
  const refused = await rejection(wrong.listDatasets());
  assert.ok(refused instanceof AmpAdminError);
  assert.deepEqual([refused.status, refused.errorCode], [401, 'UNAUTHENTICATED']);
  assert.equal(refused.hint, "check the 'token' of the amp target in profiles.yml");
  assertNoToken(refused);

  const anonymous = await rejection(new AdminClient({ baseUrl: server.url.admin, token: '' }).listDatasets());
  assert.ok(anonymous instanceof AmpAdminError);
  assert.deepEqual([anonymous.status, anonymous.errorCode], [401, 'UNAUTHENTICATED']);
  assert.equal(anonymous.hint, "no token was sent: the amp target's 'token' in profiles.yml is missing or empty (\"${AMP_TOKEN:-}\" is empty while AMP_TOKEN is unset)");
});

test('an unreachable server is connect-failed naming host:port, with a hint to start one', async () => {
  const port = await closedPort();
  const offline = new AdminClient({ baseUrl: `http://127.0.0.1:${port}`, token: TOKEN });
  const error = await rejection(offline.listDatasets());
  assert.ok(error instanceof AdapterError && !(error instanceof AmpAdminError));
  assert.equal(error.code, 'connect-failed');
  assert.equal(error.message, `cannot connect to the Amp Admin API at 127.0.0.1:${port}: ECONNREFUSED`);
  assert.match(error.hint ?? '', /is the Amp server running\? start one with 'ampd dev'/);
  assertNoToken(error);

  const notUrl = (() => {
    try {
      return new AdminClient({ baseUrl: 'localhost 1610' });
    } catch (e) {
      return e;
    }
  })();
  assert.ok(notUrl instanceof AdapterError && notUrl.code === 'connect-failed');
});

test('a server that accepts connections and never answers is connect-failed after the timeout, not a hang', async () => {
  const { createServer } = await import('node:net');
  const sockets: import('node:net').Socket[] = [];
  const silent = createServer((socket) => { sockets.push(socket); });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const port = (silent.address() as import('node:net').AddressInfo).port;
  try {
    const target = { name: 'amp', type: 'amp' as const, schema: NS, host: '127.0.0.1', admin_port: port, token: TOKEN, timeout_seconds: 1 };
    const error = await rejection(adminClientForTarget(target).listJobs());
    assert.ok(error instanceof AdapterError);
    assert.equal(error.code, 'connect-failed');
    assert.equal(error.message, `the Amp Admin API at 127.0.0.1:${port} did not answer GET /jobs within 1 s`);
    assert.match(error.hint ?? '', /timeout_seconds/);
  } finally {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
  }
});

test('adminClientForTarget talks to the Admin API of an amp target of profiles.yml', async () => {
  const target = { name: 'amp', type: 'amp' as const, schema: NS, host: '127.0.0.1', admin_port: server.adminPort, tls: false, token: TOKEN };
  const viaTarget = adminClientForTarget(target, { onExchange: validateExchange });
  assert.ok((await viaTarget.listDatasets()).datasets.some((d) => d.name === NAME));
  assert.equal(adminBaseUrl({ name: 'a', type: 'amp', schema: '_' }), 'http://localhost:1610');
  assert.equal(adminBaseUrl({ name: 'a', type: 'amp', schema: '_', host: '::1', admin_port: 9, tls: true }), 'https://[::1]:9');
});

test('every client method was exercised and every exchange matched the spec', () => {
  const seen = new Set(exchanges.map((e) => operationIdOf(e.method, e.path)));
  const expected = [
    'list_all_datasets', 'datasets_register', 'list_dataset_versions', 'get_dataset_by_revision', 'get_dataset_manifest', 'deploy_dataset',
    'list_dataset_jobs', 'manifests_register', 'manifests_get_by_hash', 'jobs_list', 'jobs_get', 'jobs_stop', 'jobs_delete',
    'get_job_progress', 'get_job_events', 'get_job_event_by_id', 'schema_analyze', 'delete_dataset_version',
  ];
  assert.deepEqual(expected.filter((id) => !seen.has(id)), []);
  assert.ok(exchanges.some((e) => e.status >= 400), 'error answers were validated too');
});

/** A port nothing listens on: bound, then released. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
