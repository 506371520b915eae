import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startAmpServer, type AmpServer } from '../../fixtures/amp-server/start-amp-server.js';
import { AdminClient } from '../../core/warehouse/amp/admin/admin-client.js';
import { commit, git } from '../git/git-test-repo.js';
import { ampExampleRepo, ampProfile, serverPorts } from './amp-example-repo.js';
import { spawnCli, type CliOutput } from './spawn-cli.js';

const env = { AMP_DBT_REPO: 'acme/erc20-plan', AMP_DBT_ACTOR: 'tester', AMP_DBT_STATE_URL: '', AMP_TOKEN: '', NO_COLOR: '1' };
const REGISTERED = ['stg_blocks', 'stg_transfer_logs', 'int_transfers_decoded', 'fct_transfers'];
const AD_HOC = ['dim_tokens', 'token_daily_volume', 'top_senders'];
let server: AmpServer;
let admin: AdminClient;
let repo: string;

const amp = (dir: string, args: string[]): Promise<CliOutput> => spawnCli(dir, args, env);

async function ampJson(dir: string, args: string[]): Promise<CliOutput & { body: any }> {
  const result = await amp(dir, [...args, '--json']);
  try {
    return { ...result, body: JSON.parse(result.stdout) };
  } catch {
    throw new Error(`no JSON (exit ${result.code}): ${result.stdout}\n${result.stderr}`);
  }
}

before(async () => {
  server = await startAmpServer({ jobStepMs: 20 });
  admin = new AdminClient({ baseUrl: server.url.admin });
  repo = ampExampleRepo(server, true);
});

after(async () => {
  await server?.stop();
  if (repo) rmSync(repo, { recursive: true, force: true });
});

test('plan --target amp before any run: every registered model would be registered, deployed and tagged; nothing is sent', async () => {
  const { code, body, stderr } = await ampJson(repo, ['plan', '--env', 'prod', '--target', 'amp']);
  assert.equal(code, 0, stderr);
  assert.deepEqual([body.target, body.namespace, body.environmentVersion, body.exists], ['amp', 'erc20', '0.0.0-env.prod', false]);
  assert.deepEqual(body.summary, { register: 4, reuse: 0, deploy: 4, adhoc: 3, blocked: 0, tag: 4 });
  const registered = body.steps.filter((s: any) => s.action === 'register');
  assert.deepEqual(registered.map((s: any) => s.model), REGISTERED, 'in dependency order, as run goes');
  for (const s of registered) {
    assert.match(s.dataset, new RegExp(`^erc20/${s.model}@0\\.0\\.0-fp${s.fingerprint.slice(0, 12)}$`));
    assert.deepEqual([s.manifestHash, s.job, s.deploy, s.tag], [null, null, true, { current: null, moves: true }], s.model);
  }
  assert.deepEqual(body.steps.filter((s: any) => s.action === 'adhoc').map((s: any) => [s.model, s.reads]).sort(), AD_HOC.map((m) => [m, []]), 'nothing on the server to read');
  assert.equal((await admin.listJobs({ status: 'all' })).jobs.length, 0, 'no job started');
  assert.equal((await admin.listDatasets()).datasets.some((d: any) => d.namespace === 'erc20'), false, 'nothing registered');
  const text = await amp(repo, ['plan', '--env', 'prod', '--target', 'amp']);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /^plan for environment 'prod' in Amp namespace erc20 \(new\): create it at [0-9a-f]{12} \(HEAD\)\n {2}register 4, reuse 0, start 4 jobs, query 3 ad-hoc; move 0\.0\.0-env\.prod on 4 datasets\n/);
  assert.match(text.stdout, /^register \(4\):\n {2}\+ stg_blocks +erc20\/stg_blocks@0\.0\.0-fp[0-9a-f]{12}: register, start a job\n/m);
  assert.match(text.stdout, /^ad-hoc queries, run and counted, nothing registered \(3\): dim_tokens, token_daily_volume, top_senders$/m);
  assert.match(text.stdout, /^0\.0\.0-env\.prod, moved once every model succeeded \(4\):\n {2}> stg_blocks +\(none\) -> the new manifest$/m);
  assert.doesNotMatch(text.stdout, /amp_dbt_physical/, 'no DuckDB physical tables on Amp');
});

test('plan after a run: the versions are on the server with their jobs; promoting only moves tags', async () => {
  const run = await ampJson(repo, ['run', '--target', 'amp', '--env', 'prod']);
  assert.equal(run.code, 0, run.stderr);
  const ran = Object.fromEntries(run.body.models.map((m: any) => [m.model, m]));
  for (const name of REGISTERED) await server.waitForJob(ran[name].jobId, ['COMPLETED']);
  const same = await ampJson(repo, ['plan', '--env', 'prod', '--target', 'amp']);
  assert.equal(same.code, 0, same.stderr);
  assert.deepEqual(same.body.summary, { register: 0, reuse: 4, deploy: 0, adhoc: 3, blocked: 0, tag: 0 });
  for (const s of same.body.steps.filter((x: any) => x.action === 'reuse')) {
    const m = ran[s.model];
    assert.deepEqual([s.dataset, s.manifestHash, s.job, s.deploy, s.tag], [m.dataset, m.manifestHash, { id: m.jobId, status: 'COMPLETED' }, false, { current: m.manifestHash, moves: false }]);
  }
  // The ad-hoc queries would read fct_transfers' dataset (its job COMPLETED), not compute it again.
  const adhoc = same.body.steps.filter((x: any) => x.action === 'adhoc');
  assert.deepEqual(adhoc.map((x: any) => x.reads), adhoc.map(() => [ran.fct_transfers.dataset]));
  const text = await amp(repo, ['plan', '--env', 'prod', '--target', 'amp']);
  assert.match(text.stdout, new RegExp(`^ {2}< top_senders +reads ${ran.fct_transfers.dataset.replace(/[.]/g, '\\.')}$`, 'm'));
  assert.match(text.stdout, /^reuse, on the server already \(4\):\n {2}= stg_blocks +erc20\/stg_blocks@0\.0\.0-fp[0-9a-f]{12}: manifest [0-9a-f]{12}…, job \d+ COMPLETED\n/m);
  assert.match(text.stdout, /^0\.0\.0-env\.prod already on the manifest of 4 datasets\nnothing to register, deploy or tag: the server has every version and 0\.0\.0-env\.prod points at it \(the ad-hoc queries still run\)\n$/m);
  const promote = await ampJson(repo, ['plan', '--env', 'pr-1', '--commit', 'prod', '--target', 'amp']);
  assert.equal(promote.code, 0, promote.stderr);
  assert.deepEqual(promote.body.summary, { register: 0, reuse: 4, deploy: 0, adhoc: 3, blocked: 0, tag: 4 });
  const promoted = await ampJson(repo, ['run', '--target', 'amp', '--env', 'pr-1']);
  assert.deepEqual(promoted.body.models.filter((m: any) => m.tagged).map((m: any) => m.model), REGISTERED, 'the run moved the tags the plan said it would');
});

test('plan with a profile whose target is amp: a changed model is registered, its tag moves, a removed one is left', async () => {
  const dir = ampExampleRepo(server, true, (d) => {
    writeFileSync(join(d, 'profiles.yml'), ampProfile(serverPorts(server), 'amp'));
    writeFileSync(join(d, 'models', 'staging', 'extra_blocks.sql'), "select block_num, miner from {{ ref('stg_blocks') }}\n");
  });
  try {
    const run = await ampJson(dir, ['run', '--env', 'prod']);
    assert.equal(run.code, 0, run.stderr);
    git(dir, 'rm', '-q', 'models/staging/extra_blocks.sql');
    const path = 'models/intermediate/int_transfers_decoded.sql';
    commit(dir, 'an edit, and a model removed', { [path]: `${readFileSync(join(dir, path), 'utf8')}\n-- changed\nwhere true\n` });
    const { code, body, stderr } = await ampJson(dir, ['plan', '--env', 'prod']);
    assert.equal(code, 0, stderr);
    const byName = Object.fromEntries(body.steps.map((s: any) => [s.model, s]));
    assert.deepEqual(['int_transfers_decoded', 'fct_transfers'].map((n) => [byName[n].action, byName[n].tag.moves]), [['register', true], ['register', true]]);
    assert.deepEqual([byName.stg_blocks.action, byName.stg_blocks.tag.moves], ['reuse', false]);
    assert.deepEqual(body.left, ['extra_blocks']);
    const text = await amp(dir, ['plan', '--env', 'prod']);
    assert.match(text.stdout, /^ {2}> int_transfers_decoded +[0-9a-f]{12}… -> the new manifest$/m);
    assert.match(text.stdout, /^not in the commit, left on the server as they are \(1\): extra_blocks$/m);
    assert.doesNotMatch(text.stderr, /planned as new/);
    // Another namespace: the environment's tag is on no dataset there, so it is planned as new, with a warning.
    writeFileSync(join(dir, 'profiles.yml'), ampProfile(serverPorts(server), 'amp').replace('namespace: erc20', 'namespace: erc20_v2'));
    const moved = await amp(dir, ['plan', '--env', 'prod']);
    assert.equal(moved.code, 0, moved.stderr);
    assert.match(moved.stdout, /^plan for environment 'prod' in Amp namespace erc20_v2 \(new\): create it at /);
    assert.match(moved.stderr, /^warning: environment 'prod' points at [0-9a-f]{12} in the state database, but no dataset of namespace erc20_v2 carries its tag 0\.0\.0-env\.prod: planned as new in this namespace/m);
    const movedJson = await ampJson(dir, ['plan', '--env', 'prod']);
    assert.deepEqual([movedJson.body.exists, movedJson.body.newInNamespace], [true, true]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('plan --target amp stops where run would: a registered model with non-incremental SQL is an error at its file:line:col', async () => {
  const dir = ampExampleRepo(server, false);
  try {
    const result = await amp(dir, ['plan', '--env', 'prod', '--target', 'amp']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /models\/marts\/top_senders\.sql:13:1: error\[non-incremental-sql\]/);
    const json = await ampJson(dir, ['plan', '--env', 'prod', '--target', 'amp']);
    assert.equal(json.body.errors[0].code, 'non-incremental-sql');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("plan with admin_port at the JSON Lines port is an error naming admin_port, not a plan registering every model", async () => {
  const dir = ampExampleRepo(server, true, (d) => writeFileSync(join(d, 'profiles.yml'), ampProfile({ ...serverPorts(server), admin: server.jsonlPort })));
  try {
    const planned = await amp(dir, ['plan', '--env', 'prod', '--target', 'amp']);
    assert.equal(planned.code, 1, planned.stdout);
    assert.equal(planned.stdout, '');
    assert.match(planned.stderr, /error\[amp-admin-error\] Amp Admin API GET \/datasets\/\S+ failed with HTTP 404 NOT_FOUND: /);
    assert.match(planned.stderr, /hint: no Admin API operation answers there: check that 'admin_port' of the amp target is the Admin API's \(default 1610\), not the Flight or JSON Lines port/);
    const listed = await amp(dir, ['jobs', 'list', '--target', 'amp']);
    assert.equal(listed.code, 1);
    assert.match(listed.stderr, /HTTP 404 NOT_FOUND: .*\n {2}hint: no Admin API operation answers there: check that 'admin_port'/);
    const missing = await amp(repo, ['jobs', 'status', '999999', '--target', 'amp']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /HTTP 404 JOB_NOT_FOUND: job 999999 not found\n {2}hint: amp-dbt jobs list --all lists the jobs on this server/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a dependency on a dataset version the server does not have is an error where it is written; plan, run and compile --check stop before registering anything', async () => {
  const dir = ampExampleRepo(server, true, (d) => {
    const path = join(d, 'dbt_project.yml');
    writeFileSync(path, readFileSync(path, 'utf8').replace("eth: '_/eth_firehose@1.0.0'", "eth: '_/eth_firehose@9.9.9'"));
    writeFileSync(join(d, 'models', 'staging', 'stg_nope.sql'), '-- @import: eth = dataset _/nope@1.0.0\nSELECT block_num FROM :eth.logs\n');
  });
  try {
    const lines = readFileSync(join(dir, 'dbt_project.yml'), 'utf8').split('\n');
    const line = lines.findIndex((l) => l.includes('@9.9.9')) + 1;
    const column = lines[line - 1].indexOf("'_/eth_firehose@9.9.9'") + 1;
    const before = (await admin.listDatasets()).datasets.length;
    for (const command of [['plan', '--env', 'nope', '--target', 'amp'], ['run', '--env', 'nope', '--target', 'amp'], ['compile', '--target', 'amp', '--check']]) {
      const result = await amp(dir, command);
      assert.equal(result.code, 1, result.stderr);
      assert.match(result.stderr, new RegExp(`^dbt_project\\.yml:${line}:${column}: error\\[dataset-not-found\\] 'stg_transfer_logs' depends on _/eth_firehose@9\\.9\\.9 \\('eth'\\), which the Amp server does not have: it has _/eth_firehose at 1\\.0\\.0\\n {2}hint: depend on a version the server has \\(_/eth_firehose@1\\.0\\.0\\), or register that version first$`, 'm'));
      assert.match(result.stderr, /^models\/staging\/stg_nope\.sql:1:27: error\[dataset-not-found\] 'stg_nope' depends on _\/nope@1\.0\.0 \('eth'\), which the Amp server does not have: it has no version of _\/nope$/m);
      assert.match(result.stderr, /^2 errors$/m);
    }
    assert.equal((await admin.listDatasets()).datasets.length, before, 'nothing registered');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a source whose schema is a dataset version the server does not have: the error is at the schema's value", async () => {
  const dir = ampExampleRepo(server, true, (d) => {
    const path = join(d, 'models', 'staging', '_sources.yml');
    writeFileSync(path, readFileSync(path, 'utf8').replace("schema: '_/eth_firehose@1.0.0'", "schema: '_/eth_firehose@8.8.8'"));
  });
  try {
    const result = await amp(dir, ['plan', '--env', 'nope', '--target', 'amp']);
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /^models\/staging\/_sources\.yml:6:14: error\[dataset-not-found\] '\w+' depends on _\/eth_firehose@8\.8\.8 \('eth_firehose'\)/m);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("run with flight_port at the Admin API's port: each ad-hoc query's line keeps the hint naming flight_port, without grpc's timestamp", async () => {
  const dir = ampExampleRepo(server, true, (d) => writeFileSync(join(d, 'profiles.yml'), ampProfile({ ...serverPorts(server), flight: server.adminPort })));
  try {
    const result = await amp(dir, ['run', '--env', 'flightless', '--target', 'amp']);
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, new RegExp(`^\\d/7 ERROR +dim_tokens \\(ad-hoc query[^)]*\\)\\n {8}models/marts/dim_tokens\\.sql: cannot connect to Amp Flight at 127\\.0\\.0\\.1:${server.adminPort}: .*\\n {8}hint: check host and flight_port of target 'amp' in profiles\\.yml and that ampd serves Flight there without TLS`, 'm'));
    assert.doesNotMatch(result.stderr, /\(\d{4}-\d\d-\d\dT[\d:.]+Z\)/, 'no grpc timestamp');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("env create of an environment named as no version can be (dev_alice) refuses a commit never registered on Amp, as a tagged one does, and says it gets no tag", async () => {
  const dir = ampExampleRepo(server, true, (d) => writeFileSync(join(d, 'models', 'staging', 'stg_untagged.sql'), "select block_num, hash from {{ ref('eth') }}.blocks\n"));
  try {
    const refused = await amp(dir, ['env', 'create', 'dev_alice', '--target', 'amp']);
    assert.equal(refused.code, 1, refused.stderr);
    assert.match(refused.stderr, /^error\[not-built\] commit [0-9a-f]{12} has model versions never registered on Amp: stg_untagged\n {2}hint: register them first: amp-dbt run --target amp --env dev_alice --commit [0-9a-f]{12}\n/m);
    const run = await amp(dir, ['run', '--env', 'untagged_prod', '--target', 'amp']);
    assert.equal(run.code, 0, run.stderr);
    const created = await amp(dir, ['env', 'create', 'dev_alice', '--target', 'amp']);
    assert.equal(created.code, 0, created.stderr);
    assert.match(created.stderr, /^warning: environment 'dev_alice': its name cannot be a semantic version, so it is kept in the state database only \(no tag on Amp\)\n/m);
    assert.doesNotMatch(created.stderr, /Amp datasets? tagged/, 'no "0 Amp datasets tagged" after the warning');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
