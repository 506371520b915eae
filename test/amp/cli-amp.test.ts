import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startAmpServer, type AmpServer } from '../../fixtures/amp-server/start-amp-server.js';
import { AdminClient } from '../../core/warehouse/amp/admin/admin-client.js';
import { jobDatasetLabel } from '../../core/amp/jobs/job-dataset.js';
import { openStateStore } from '../../core/state/open-state-store.js';
import { cliPath } from '../helpers.js';
import { ampExampleRepo, ampProfile, serverPorts } from './amp-example-repo.js';
import { HttpFaultProxy } from '../support/http-fault-proxy.js';
import { spawnCli, type CliOutput } from './spawn-cli.js';
import { commit } from '../git/git-test-repo.js';

const TOKEN = 'amp-test-token-4f9a';
const env = { AMP_DBT_REPO: 'acme/erc20', AMP_DBT_ACTOR: 'tester', AMP_DBT_STATE_URL: '', AMP_TOKEN: TOKEN, NO_COLOR: '1' };
let server: AmpServer;
let admin: AdminClient;

function amp(dir: string, args: string[], extraEnv: Record<string, string> = {}): Promise<CliOutput> {
  return spawnCli(dir, args, { ...env, ...extraEnv });
}

async function ampJson(dir: string, args: string[]): Promise<any> {
  const result = await amp(dir, [...args, '--json']);
  try {
    return { ...result, body: JSON.parse(result.stdout) };
  } catch {
    throw new Error(`no JSON (exit ${result.code}): ${result.stderr}`);
  }
}

/** A committed copy of the example; without `adHocMarts` its non-incremental marts are registered too. */
function exampleRepo(adHocMarts: boolean, edit?: (dir: string) => void): string {
  return ampExampleRepo(server, adHocMarts, edit);
}

/** Every file under `dir` (compiled output, state) as text, to search for the token. */
function allText(dir: string): string {
  let text = '';
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (name === '.git') continue;
    text += statSync(path).isDirectory() ? allText(path) : readFileSync(path).toString('latin1');
  }
  return text;
}

let repo: string;
/** Rows of each ad-hoc query of the first run, which computed fct_transfers itself (inlined). */
const firstRows: Record<string, number> = {};

before(async () => {
  server = await startAmpServer({ token: TOKEN, jobStepMs: 120 });
  admin = new AdminClient({ baseUrl: server.url.admin, token: TOKEN });
  repo = exampleRepo(true);
});

after(async () => {
  await server?.stop();
});

test('compile --target amp --check: the example\'s non-incremental marts are errors at file:line:col', async () => {
  const dir = exampleRepo(false);
  const result = await amp(dir, ['compile', '--target', 'amp', '--check']);
  assert.equal(result.code, 1);
  assert.match(result.stderr, /models\/marts\/top_senders\.sql:13:1: error\[non-incremental-sql\] 'top_senders' is registered on Amp, which only accepts incremental SQL: ORDER BY/);
  assert.match(result.stderr, /models\/marts\/top_senders\.sql:14:1: error\[non-incremental-sql\].*LIMIT/);
  assert.match(result.stderr, /models\/marts\/dim_tokens\.sql:7:5: error\[non-incremental-sql\].*min\(\)/);
  assert.match(result.stderr, /amp check \(POST \/schema\): 4 passed, 3 failed/);
  rmSync(dir, { recursive: true, force: true });
});

test('compile --target amp --check validates every model with the server when the marts are ad-hoc', async () => {
  const { code, body, stderr } = await ampJson(repo, ['compile', '--target', 'amp', '--check']);
  assert.equal(code, 0, stderr);
  assert.equal(body.check.passed.length, 7);
  assert.deepEqual(body.errors, []);
});

test('run --target amp registers and deploys the registrable models, runs the ad-hoc ones, records the run', async () => {
  const { code, body, stderr } = await ampJson(repo, ['run', '--target', 'amp', '--env', 'prod']);
  assert.equal(code, 0, stderr);
  const byName = Object.fromEntries(body.models.map((m: any) => [m.model, m]));
  for (const name of ['stg_blocks', 'stg_transfer_logs', 'int_transfers_decoded', 'fct_transfers']) {
    const m = byName[name];
    assert.equal(m.status, 'success', `${name}: ${m.error}`);
    assert.equal(m.registered, true);
    assert.equal(m.deployed, true);
    assert.equal(typeof m.jobId, 'number');
    assert.match(m.dataset, new RegExp(`^erc20/${name}@0\\.0\\.0-fp[0-9a-f]{12}$`));
    assert.match(m.manifestHash, /^[0-9a-f]{64}$/);
    assert.equal(m.tagged, '0.0.0-env.prod');
  }
  for (const name of ['top_senders', 'dim_tokens', 'token_daily_volume']) {
    assert.equal(byName[name].action, 'adhoc');
    assert.equal(byName[name].status, 'success');
    assert.ok(byName[name].rows > 0);
    // fct_transfers was registered by this run: its job has only started, so the query computes it (inlined).
    assert.deepEqual(byName[name].reads, [], name);
    firstRows[name] = byName[name].rows;
  }
  assert.equal(body.moved, true);
  const versions = await admin.listVersions('erc20', 'stg_blocks');
  const prod = versions.versions.find((v) => v.version === '0.0.0-env.prod');
  assert.equal(prod?.manifest_hash, byName.stg_blocks.manifestHash);
  const store = await openStateStore({ type: 'sqlite', path: join(repo, '.amp-dbt', 'state.db') }, { baseDir: repo });
  try {
    const run = await store.getRun(body.runId);
    assert.equal(run?.status, 'success');
    assert.equal(run?.environment, 'prod');
    assert.deepEqual(run?.models.map((m) => [m.model, m.status]).sort(), body.models.map((m: any) => [m.model, 'success']).sort());
    assert.equal((await store.getEnvironment('acme/erc20#amp', 'prod'))?.commit, body.commit);
    const stored = run?.models.find((m) => m.model === 'fct_transfers');
    assert.deepEqual([stored?.details?.manifestHash, stored?.details?.jobId], [byName.fct_transfers.manifestHash, byName.fct_transfers.jobId], 'job ids and hashes are kept');
  } finally {
    await store.close();
  }
  await server.waitForJob(byName.fct_transfers.jobId, ['COMPLETED']);
});

test('a second run registers and deploys nothing; promoting to another environment only tags', async () => {
  const again = await ampJson(repo, ['run', '--target', 'amp', '--env', 'prod']);
  assert.equal(again.code, 0, again.stderr);
  const registered = again.body.models.filter((m: any) => m.action !== 'adhoc');
  assert.deepEqual(registered.map((m: any) => [m.status, m.registered, m.deployed, m.tagged]), registered.map(() => ['reused', false, false, null]));
  // The ad-hoc queries now read fct_transfers' dataset (reused, its job COMPLETED) instead of computing it
  // again from the raw data, with the same results; the local server answers the quoted reference.
  const fct = registered.find((m: any) => m.model === 'fct_transfers').dataset;
  const adhoc = again.body.models.filter((m: any) => m.action === 'adhoc');
  assert.deepEqual(adhoc.map((m: any) => [m.model, m.status, m.reads, m.rows]), adhoc.map((m: any) => [m.model, 'success', [fct], firstRows[m.model]]));
  const text = await amp(repo, ['run', '--target', 'amp', '--env', 'prod']);
  assert.match(text.stderr, new RegExp(`OK\\s+top_senders \\(ad-hoc query, ${firstRows.top_senders} rows, read ${fct.replace(/[.]/g, '\\.')}\\)`));
  const stateDb = await openStateStore({ type: 'sqlite', path: join(repo, '.amp-dbt', 'state.db') }, { baseDir: repo });
  try {
    const run = await stateDb.getRun(again.body.runId);
    assert.deepEqual(run?.models.find((m) => m.model === 'dim_tokens')?.details, { reads: [fct] }, 'the run keeps what the query read');
  } finally {
    await stateDb.close();
  }
  // Selected alone, an ad-hoc model reads its parents' datasets from the server: they are not in the run.
  const alone = await ampJson(repo, ['run', '--target', 'amp', '--env', 'prod', '--select', 'top_senders']);
  assert.equal(alone.code, 0, alone.stderr);
  assert.deepEqual(alone.body.models.map((m: any) => [m.model, m.reads, m.rows]), [['top_senders', [fct], firstRows.top_senders]]);
  const partial = await amp(repo, ['run', '--target', 'amp', '--env', 'pr-2', '--select', 'top_senders', '--require-move']);
  assert.equal(partial.code, 1, 'the run leaves pr-2 short of the commit: --require-move fails it');
  assert.match(partial.stderr, /^error\[not-moved\] environment 'pr-2' was not moved \(--require-move\): /m);
  const jobsBefore = (await admin.listJobs({ status: 'all' })).jobs.length;
  const ended = await amp(repo, ['run', '--target', 'amp', '--env', 'prod', '--end-block', '19000100']);
  assert.equal(ended.code, 0, ended.stderr);
  // Nothing moved: no '0 datasets tagged', but what is the case.
  assert.doesNotMatch(ended.stderr, /0 datasets tagged/);
  assert.match(ended.stderr, /\nenvironment 'prod': 0\.0\.0-env\.prod already on the manifest of every registered model of the run\nenvironment 'prod' already points at [0-9a-f]{12}\n$/);
  assert.match(ended.stderr, /warning: erc20\/stg_blocks@0\.0\.0-fp[0-9a-f]{12} already has job \d+, which keeps its end block \(not 19000100\): (?:amp-dbt jobs stop \d+, then )?amp-dbt jobs resume stg_blocks --end-block 19000100/);
  const promoted = await ampJson(repo, ['run', '--target', 'amp', '--env', 'pr-1']);
  assert.equal(promoted.code, 0, promoted.stderr);
  assert.ok(promoted.body.models.filter((m: any) => m.action === 'adhoc').every((m: any) => m.reads.length === 1 && m.reads[0] === fct), 'promoting computes nothing again');
  for (const m of promoted.body.models.filter((o: any) => o.action !== 'adhoc')) {
    assert.deepEqual([m.status, m.registered, m.deployed, m.tagged], ['reused', false, false, '0.0.0-env.pr-1'], m.model);
    const versions = await admin.listVersions('erc20', m.model);
    const hashOf = (v: string) => versions.versions.find((x) => x.version === v)?.manifest_hash;
    assert.equal(hashOf('0.0.0-env.pr-1'), hashOf('0.0.0-env.prod'), 'the same manifest hash, nothing recomputed');
  }
  assert.equal((await admin.listJobs({ status: 'all' })).jobs.length, jobsBefore, 'no job started');
  // env create / promote on an amp target tag the versions too, without a run.
  const created = await ampJson(repo, ['env', 'create', 'qa', '--target', 'amp']);
  assert.equal(created.code, 0, created.stderr);
  assert.equal(created.body.views.updated, registered.length);
  const qaVersions = await admin.listVersions('erc20', 'stg_blocks');
  const hashOf = (v: string) => qaVersions.versions.find((x) => x.version === v)?.manifest_hash;
  assert.equal(hashOf('0.0.0-env.qa'), hashOf('0.0.0-env.prod'));
  const promoted2 = await ampJson(repo, ['env', 'promote', 'qa', 'pr-1', '--target', 'amp']);
  assert.deepEqual([promoted2.code, promoted2.body.moved, promoted2.body.views], [0, false, null], promoted2.stderr);
  assert.equal((await admin.listJobs({ status: 'all' })).jobs.length, jobsBefore, 'still no job started');
  // Deleting an environment removes its version tags (the manifests and prod's tags stay), except where Amp
  // refuses: a version of the manifest 'latest' points at (here every model's: nothing newer was registered).
  const deleted = await amp(repo, ['env', 'delete', 'qa', '--target', 'amp']);
  assert.equal(deleted.code, 0, deleted.stderr);
  assert.match(deleted.stderr, /warning: kept 4 version tags of 'qa' on Amp \(erc20\/.*@0\.0\.0-env\.qa.*\): Amp does not delete a version of the manifest 'latest' points at/);
  assert.equal(JSON.parse((await amp(repo, ['env', 'list', '--json'])).stdout).environments.some((e: any) => e.name === 'qa'), false);
});

test('jobs list, status, logs, stop and resume', async () => {
  // A job of another namespace (the raw dataset's): not the project's, so listed only with --all.
  const raw = await admin.deploy('_', 'eth_firehose', '1.0.0', { endBlock: null });
  await server.waitForJob(raw.job_id, ['COMPLETED']);
  const list = await ampJson(repo, ['jobs', 'list', '--target', 'amp']);
  assert.equal(list.code, 0, list.stderr);
  const datasets = list.body.jobs.map((j: any) => j.descriptor.dataset_name).sort();
  assert.deepEqual(datasets, ['fct_transfers', 'int_transfers_decoded', 'stg_blocks', 'stg_transfer_logs']);
  assert.equal(list.body.namespace, 'erc20');
  const all = await ampJson(repo, ['jobs', 'list', '--target', 'amp', '--all']);
  assert.deepEqual([all.body.namespace, all.body.jobs.map((j: any) => j.id)], [null, [raw.job_id, ...list.body.jobs.map((j: any) => j.id)]]);
  const listed = await amp(repo, ['jobs', 'list', '--target', 'amp']);
  assert.doesNotMatch(listed.stdout, /_\/eth_firehose/);
  assert.match(listed.stderr, /^1 job of other namespaces not shown \(--all lists them\)$/m);
  assert.match((await amp(repo, ['jobs', 'list', '--target', 'amp', '--all'])).stdout, new RegExp(`^${raw.job_id}\\s+COMPLETED\\s+_/eth_firehose`, 'm'));
  assert.equal((await amp(repo, ['jobs', 'status', String(raw.job_id), '--all', '--target', 'amp'])).code, 2, '--all applies to list only');
  const text = await amp(repo, ['jobs', 'list', '--target', 'amp', '--status', 'completed']);
  assert.match(text.stdout, /^ID\s+STATUS\s+DATASET/);
  assert.match(text.stdout, /COMPLETED\s+erc20\/stg_blocks/);
  const id = list.body.jobs.find((j: any) => j.descriptor.dataset_name === 'stg_blocks').id;
  const status = await amp(repo, ['jobs', 'status', String(id), '--target', 'amp']);
  assert.equal(status.code, 0, status.stderr);
  assert.match(status.stdout, new RegExp(`job ${id}: COMPLETED`));
  assert.match(status.stdout, /stg_blocks\s+\d+\s+\d+\s+\d+\s+[\d.]+ [KM]?B/);
  const logs = await amp(repo, ['jobs', 'logs', String(id), '--target', 'amp']);
  assert.deepEqual(logs.stdout.trim().split('\n').map((l) => l.split(/\s+/)[1]), ['SCHEDULED', 'RUNNING', 'COMPLETED']);
  // An end block far past the sample chain: the job keeps running until stopped (a loaded machine let one with
  // the model's end block complete before the stop).
  const resumed = await ampJson(repo, ['jobs', 'resume', 'stg_blocks', '--end-block', '999999999', '--target', 'amp']);
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.equal(resumed.body.started, true);
  const stopped = await amp(repo, ['jobs', 'stop', String(resumed.body.jobId), '--target', 'amp']);
  assert.equal(stopped.code, 0, stopped.stderr);
  assert.match(stopped.stdout, new RegExp(`^job ${resumed.body.jobId}: (STOP_REQUESTED \\(stop requested; amp-dbt jobs status ${resumed.body.jobId} shows when it has stopped\\)|STOPPED)\n$`));
  await server.waitForJob(resumed.body.jobId, ['STOPPED']);
  const again = await amp(repo, ['jobs', 'stop', String(id), '--target', 'amp']);
  assert.equal(again.code, 0, again.stderr);
  assert.equal(again.stdout, `job ${id}: COMPLETED, finished already: nothing to stop\n`);
  const bad = await amp(repo, ['jobs', 'list', '--target', 'amp', '--status', 'sleeping']);
  const noEnv = await amp(repo, ['jobs', 'resume', 'fct_transfers', '--env', 'nosuch', '--target', 'amp']);
  assert.equal(noEnv.code, 1);
  assert.match(noEnv.stderr, /error\[not-registered\] erc20\/fct_transfers@0\.0\.0-env\.nosuch is not registered on the Amp server\n {2}hint: environment 'nosuch' has no version of 'fct_transfers' on this server: check its name \(amp-dbt env list\)/);
  const typo = await amp(repo, ['jobs', 'resume', 'fct_transfer', '--target', 'amp']);
  assert.equal(typo.code, 1);
  assert.match(typo.stderr, /error\[model-not-found\] no model is named 'fct_transfer'\n {2}hint: did you mean 'fct_transfers'\?/);
  const unregistered = await amp(repo, ['jobs', 'resume', 'dim_tokens', '--target', 'amp']);
  assert.equal(unregistered.code, 1, 'a model with no jobs is an error about it, not a usage error');
  assert.match(unregistered.stderr, /error\[model-not-registered\] 'dim_tokens' is not registered on Amp \(ephemeral, or register: false\)/);
  const noProfile = await amp(repo, ['jobs', 'list', '--json', '--profiles-dir', join(repo, 'nowhere')]);
  assert.equal(noProfile.code, 1);
  assert.equal(JSON.parse(noProfile.stdout).errors[0].code, 'missing-file', 'with --json the errors are on stdout');
  assert.equal(bad.code, 2, 'a bad option value is a usage error');
  assert.equal((await amp(repo, ['jobs', 'list', '--target', 'amp', '--env', 'prod'])).code, 2, '--env applies to resume only');
  assert.match(bad.stderr, /--status: 'SLEEPING' is not a job status \(use active, all, or some of/);
});

test('monitor prints the dashboard once without a terminal, with per-table progress', async () => {
  for (const args of [['monitor'], ['monitor', '--watch', '--interval', '0.2']]) {
    const result = await amp(repo, args);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^amp-dbt monitor: amp \(http:\/\/127\.0\.0\.1:\d+\) {2}namespace erc20 /);
    assert.match(result.stdout, /JOB\s+STATUS\s+DATASET\s+TABLE\s+BLOCK\s+FILES\s+SIZE/);
    assert.match(result.stdout, /COMPLETED\s+erc20\/stg_transfer_logs\s+stg_transfer_logs\s+\d+\s+\d+\s+[\d.]+ [KM]?B/);
    assert.ok(!result.stdout.includes('\u001b['), 'no terminal control codes');
  }
});

test("monitor shows the project's namespace, as jobs list does; --all every namespace", async () => {
  // The raw dataset's jobs (one deployed by the jobs test above, one now: the newest job) are of namespace '_'.
  const newest = await admin.deploy('_', 'eth_firehose', '1.0.0', { endBlock: null });
  await server.waitForJob(newest.job_id, ['COMPLETED']);
  const all = await ampJson(repo, ['monitor', '--target', 'amp', '--all']);
  assert.equal(all.code, 0, all.stderr);
  const raw = all.body.jobs.filter((j: any) => j.dataset === '_/eth_firehose');
  assert.deepEqual([raw.length, all.body.jobs[0].id], [2, newest.job_id]);
  assert.deepEqual([all.body.namespace, all.body.otherNamespaces], [null, 0]);
  const own = await ampJson(repo, ['monitor', '--target', 'amp']);
  assert.equal(own.code, 0, own.stderr);
  assert.equal(own.body.namespace, 'erc20');
  assert.deepEqual(own.body.jobs.map((j: any) => j.id), all.body.jobs.filter((j: any) => j.dataset !== '_/eth_firehose').map((j: any) => j.id));
  assert.ok(own.body.jobs.length > 0 && own.body.jobs.every((j: any) => j.dataset.startsWith('erc20/')));
  assert.equal(own.body.otherNamespaces, 2);
  const text = await amp(repo, ['monitor', '--target', 'amp']);
  assert.doesNotMatch(text.stdout, /_\/eth_firehose/);
  assert.match(text.stdout, /\n2 jobs of other namespaces not shown \(--all shows them\)\n/);
  const dashboard = await amp(repo, ['monitor', '--target', 'amp', '--all']);
  assert.match(dashboard.stdout, /^amp-dbt monitor: amp \(.*\) {2}every namespace /);
  assert.match(dashboard.stdout, new RegExp(`\\n${raw[0].id}\\s+COMPLETED\\s+_/eth_firehose`));
  assert.doesNotMatch(dashboard.stdout, /other namespaces/);
  // --limit counts the namespace's jobs: its newest one, though a job of another namespace is newer.
  const one = await ampJson(repo, ['monitor', '--target', 'amp', '--limit', '1']);
  assert.deepEqual([one.body.jobs.map((j: any) => j.id), one.body.otherNamespaces], [[own.body.jobs[0].id], 1]);
});

test('monitor --watch on a terminal redraws in place every interval and q quits (through script(1))', { skip: spawnSync('script', ['--version']).status !== 0 && 'script(1) is not installed' }, async () => {
  const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(cliPath)} monitor --watch --interval 0.2`;
  const child = spawn('script', ['-qec', command, '/dev/null'], { cwd: repo, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => { out += chunk.toString(); });
  const quit = setTimeout(() => child.stdin.write('q'), 1500);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  clearTimeout(quit);
  assert.equal(code, 0, out);
  assert.ok(out.includes('\u001b[?1049h') && out.includes('\u001b[?1049l'), 'the alternate screen is entered and left');
  assert.ok((out.match(/amp-dbt monitor: amp/g) ?? []).length >= 4, `redrawn several times in 1.5 s:\n${out}`);
  assert.match(out, /\(q quits\)/);
});

test('monitor --watch quits on q while a read is pending on a server that never answers', { skip: spawnSync('script', ['--version']).status !== 0 && 'script(1) is not installed' }, async () => {
  const { createServer } = await import('node:net');
  const sockets: import('node:net').Socket[] = [];
  const silent = createServer((socket) => { sockets.push(socket); });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const port = (silent.address() as import('node:net').AddressInfo).port;
  const dir = exampleRepo(true, (d) => writeFileSync(join(d, 'profiles.yml'), ampProfile({ admin: port, jsonl: server.jsonlPort, flight: server.flightPort })));
  try {
    const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(cliPath)} monitor --watch --target amp`;
    const child = spawn('script', ['-qec', command, '/dev/null'], { cwd: dir, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => { out += chunk.toString(); });
    const quit = setTimeout(() => child.stdin.write('q'), 1500);
    const kill = setTimeout(() => child.kill('SIGKILL'), 20_000);
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    clearTimeout(quit);
    clearTimeout(kill);
    assert.equal(code, 0, out);
    assert.match(out, /reading jobs\.\.\./);
    assert.ok(out.includes('\u001b[?1049l'), 'the terminal is restored');
  } finally {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  }
});

test('status --target amp: freshness from job progress against the thresholds', async () => {
  const { code, body, stderr } = await ampJson(repo, ['status', '--target', 'amp', '--env', 'prod']);
  assert.equal(code, 0, stderr);
  assert.equal(typeof body.chainHead, 'number');
  const row = body.rows.find((r: any) => r.name === 'stg_blocks');
  assert.equal(row.status, 'fresh', row.reason);
  assert.equal(row.latestBlock, body.chainHead);
  assert.equal(row.relation, 'erc20/stg_blocks@0.0.0-env.prod');
  const adhoc = body.rows.find((r: any) => r.name === 'top_senders');
  assert.deepEqual([adhoc.status, adhoc.thresholds, adhoc.latestBlock], ['not-tracked', null, null], 'an ad-hoc query has nothing to measure');
  assert.match(adhoc.reason, /^ad-hoc query \(register: false\): Amp stores nothing for it/);
  const text = await amp(repo, ['status', '--target', 'amp', '--env', 'prod']);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /^top_senders +model +- +- +not-tracked +-\n {2}ad-hoc query \(register: false\)/m);
  assert.match(text.stdout, /, 0 unknown, 3 not tracked\n$/);
  const store = await openStateStore({ type: 'sqlite', path: join(repo, '.amp-dbt', 'state.db') }, { baseDir: repo });
  try {
    const states = await store.getModelStates('acme/erc20#amp', 'prod');
    assert.equal(states.find((s) => s.model === 'top_senders')?.freshness, 'not-tracked');
  } finally {
    await store.close();
  }
  assert.ok(body.rows.some((r: any) => r.kind === 'source' && r.name === 'eth_firehose.logs'));
});

test('--register starts no jobs; deploying a model whose parent has no job warns first', async () => {
  const dir = exampleRepo(true, (d) => {
    const path = join(d, 'dbt_project.yml');
    writeFileSync(path, readFileSync(path, 'utf8').replace('start_block: 19000000', 'start_block: 19000050'));
  });
  const registered = await ampJson(dir, ['run', '--target', 'amp', '--env', 'staging', '--register']);
  assert.equal(registered.code, 0, registered.stderr);
  for (const m of registered.body.models.filter((o: any) => o.action !== 'adhoc')) {
    assert.deepEqual([m.model, m.registered, m.deployed, m.jobId], [m.model, true, false, null]);
  }
  // Registered but not deployed, the datasets hold nothing: a later run's ad-hoc queries still compute them.
  const reused = await ampJson(dir, ['run', '--target', 'amp', '--env', 'staging', '--register']);
  assert.equal(reused.code, 0, reused.stderr);
  for (const m of reused.body.models.filter((o: any) => o.action === 'adhoc')) assert.deepEqual([m.model, m.reads, m.rows > 0], [m.model, [], true]);
  const deployed = await amp(dir, ['run', '--target', 'amp', '--env', 'staging', '--select', 'fct_transfers']);
  assert.equal(deployed.code, 0, deployed.stderr);
  assert.match(deployed.stderr, /warning: 'fct_transfers' reads erc20\/int_transfers_decoded@0\.0\.0-fp[0-9a-f]{12}, which has no job/);
  assert.match(deployed.stderr, /OK\s+fct_transfers \(.*job \d+ started\)/);
  // A --select run tags the selected models only (as a SQL warehouse's run repoints their views); the pointer stays.
  const selected = await ampJson(dir, ['run', '--target', 'amp', '--env', 'selected-only', '--select', 'fct_transfers']);
  assert.equal(selected.code, 0, selected.stderr);
  assert.deepEqual(selected.body.models.map((m: any) => [m.model, m.tagged]), [['fct_transfers', '0.0.0-env.selected-only']]);
  assert.equal(selected.body.moved, false);
  const tags = async (model: string) => (await admin.listVersions('erc20', model)).versions.map((v) => v.version).filter((v) => v.includes('selected-only'));
  assert.deepEqual([await tags('fct_transfers'), await tags('stg_blocks')], [['0.0.0-env.selected-only'], []]);
  rmSync(dir, { recursive: true, force: true });
});

test("status --target amp of an environment with no tag measures the versions its commit recorded, not the working tree's", async () => {
  const dir = exampleRepo(true);
  const run = await amp(dir, ['run', '--target', 'amp', '--env', 'dev_bob']);
  assert.equal(run.code, 0, run.stderr);
  const recorded = (await ampJson(dir, ['status', '--target', 'amp', '--env', 'dev_bob', '--select', 'stg_blocks'])).body.rows[0];
  assert.match(recorded.relation, /^erc20\/stg_blocks@0\.0\.0-fp[0-9a-f]{12}$/);
  assert.notEqual(recorded.status, 'unknown', recorded.reason);
  // An edit of the working tree changes the model's fingerprint, not the version the environment serves.
  const path = join(dir, 'models', 'staging', 'stg_blocks.sql');
  writeFileSync(path, `${readFileSync(path, 'utf8')}\n-- edited\nwhere 1 = 1\n`);
  const edited = (await ampJson(dir, ['status', '--target', 'amp', '--env', 'dev_bob', '--select', 'stg_blocks'])).body.rows[0];
  assert.deepEqual([edited.relation, edited.status], [recorded.relation, recorded.status], edited.reason);
  rmSync(dir, { recursive: true, force: true });
});

test('--full-refresh is refused on an amp target, and --threads warns that it has no effect there', async () => {
  const refused = await amp(repo, ['run', '--target', 'amp', '--env', 'threads', '--full-refresh']);
  assert.equal(refused.code, 2, refused.stderr);
  assert.match(refused.stderr, /--full-refresh does not apply to an amp target: Amp keeps derived datasets up to date itself/);
  const threads = await amp(repo, ['run', '--target', 'amp', '--env', 'threads', '--register', '--threads', '4']);
  assert.equal(threads.code, 0, threads.stderr);
  assert.match(threads.stderr, /warning: --threads has no effect on an amp target: the Amp server runs the jobs/);
});

test('server errors are surfaced with the model; the token never appears in output, errors or files', async () => {
  const dir = exampleRepo(true);
  const path = join(dir, 'models', 'staging', 'stg_blocks.sql');
  writeFileSync(path, `${readFileSync(path, 'utf8')}\n  and no_such_column > 1\n`);
  const failed = await amp(dir, ['run', '--target', 'amp', '--env', 'broken', '--select', 'stg_blocks+']);
  assert.equal(failed.code, 1);
  // Located where the file writes the column the server names (not the rendered SQL's line).
  const line = readFileSync(path, 'utf8').split('\n').findIndex((l) => l.includes('no_such_column')) + 1;
  assert.match(failed.stderr, new RegExp(`ERROR\\s+stg_blocks[\\s\\S]*models/staging/stg_blocks\\.sql:${line}:7: Amp Admin API POST /schema failed with HTTP 400 SCHEMA_INFERENCE[\\s\\S]*no_such_column`));
  assert.match(failed.stderr, /SKIP\s+int_transfers_decoded[\s\S]*parent 'stg_blocks' was not registered/);
  assert.match(failed.stderr, /SKIP\s+top_senders[\s\S]*', which its query depends on, (?:failed|was skipped) in this run/, 'an ad-hoc model over a failed model is skipped, not run to fail again');
  const wrong = await amp(dir, ['jobs', 'list', '--target', 'amp'], { AMP_TOKEN: 'not-the-token' });
  assert.equal(wrong.code, 1);
  assert.match(wrong.stderr, /HTTP 401/);
  assert.doesNotMatch(wrong.stderr + wrong.stdout, /not-the-token/);
  const compiled = await amp(dir, ['compile', '--target', 'amp', '--show-sql']);
  for (const out of [failed.stdout, failed.stderr, compiled.stdout, compiled.stderr, allText(dir)]) assert.ok(!out.includes(TOKEN));
});

test('an Admin API answering 503 through a run: reads are asked again; a refused deploy fails its model, and the next run finishes the work', async () => {
  const proxy = await HttpFaultProxy.start(server.url.admin);
  try {
    const dir = exampleRepo(true, (d) => {
      writeFileSync(join(d, 'profiles.yml'), ampProfile({ ...serverPorts(server), admin: proxy.port }));
      // Versions no other test of this server deployed.
      const path = join(d, 'dbt_project.yml');
      writeFileSync(path, readFileSync(path, 'utf8').replace('start_block: 19000000', 'start_block: 19000070'));
    });
    const deployOf = (model: string) => (method: string, path: string) => method === 'POST' && path.startsWith(`/datasets/erc20/${model}/`) && path.endsWith('/deploy');
    const anyRead = (method: string) => method === 'GET';
    proxy.faults.push({ matches: deployOf('int_transfers_decoded'), status: 503 }, ...Array.from({ length: 3 }, () => ({ matches: anyRead, status: 502 })));
    const first = await ampJson(dir, ['run', '--target', 'amp', '--env', 'flaky']);
    assert.equal(first.code, 1);
    const byName = Object.fromEntries(first.body.models.map((m: any) => [m.model, m]));
    assert.deepEqual([byName.stg_blocks.status, byName.stg_transfer_logs.status], ['success', 'success'], 'the reads answered 502 were asked again');
    assert.equal(byName.int_transfers_decoded.status, 'error');
    assert.match(byName.int_transfers_decoded.error, /POST \/datasets\/erc20\/int_transfers_decoded\/versions\/[^ ]+\/deploy failed with HTTP 503/);
    assert.equal(first.body.moved, false);
    assert.equal(proxy.faults.length, 0, 'every fault was met');
    const again = await ampJson(dir, ['run', '--target', 'amp', '--env', 'flaky']);
    assert.equal(again.code, 0, again.stderr);
    const rerun = Object.fromEntries(again.body.models.map((m: any) => [m.model, m]));
    assert.deepEqual([rerun.stg_blocks.deployed, rerun.int_transfers_decoded.deployed, rerun.int_transfers_decoded.status], [false, true, 'success'], 'the deployed parent is reused; the failed deploy is made');
    assert.equal(again.body.moved, true);
    rmSync(dir, { recursive: true, force: true });
  } finally {
    await proxy.stop();
  }
});

test("a run with a failed model leaves the environment's tags where they were, as a SQL warehouse's views", async () => {
  const dir = exampleRepo(true);
  const first = await ampJson(dir, ['run', '--target', 'amp', '--env', 'tagged-env', '--register']);
  assert.equal(first.code, 0, first.stderr);
  const tagOf = async () => (await admin.listVersions('erc20', 'stg_blocks')).versions.find((v) => v.version === '0.0.0-env.tagged-env')?.manifest_hash;
  const before = await tagOf();
  assert.ok(before);
  const blocks = join(dir, 'models', 'staging', 'stg_blocks.sql');
  const senders = join(dir, 'models', 'marts', 'top_senders.sql');
  commit(dir, 'a new stg_blocks and an ad-hoc model that fails', {
    'models/staging/stg_blocks.sql': readFileSync(blocks, 'utf8').replace(/\bminer,/, 'miner,\n    gas_limit,'),
    'models/marts/top_senders.sql': readFileSync(senders, 'utf8').replace(/^limit .*$/m, "limit 10 offset cast('x' as integer)"),
  });
  const failed = await ampJson(dir, ['run', '--target', 'amp', '--env', 'tagged-env', '--register']);
  assert.equal(failed.code, 1);
  const byName = Object.fromEntries(failed.body.models.map((m: any) => [m.model, m]));
  assert.deepEqual([byName.stg_blocks.status, byName.stg_blocks.registered, byName.stg_blocks.tagged], ['success', true, null]);
  assert.equal(byName.top_senders.status, 'error');
  assert.equal(failed.body.moved, false);
  assert.equal(await tagOf(), before, 'the environment still serves the commit it shows');
  const failedText = await amp(dir, ['run', '--target', 'amp', '--env', 'tagged-env', '--register']);
  assert.equal(failedText.code, 1);
  assert.doesNotMatch(failedText.stderr, /datasets? tagged/);
  assert.match(failedText.stderr, /\nenvironment 'tagged-env' pointer and 0\.0\.0-env\.tagged-env tags not moved: some models failed or were skipped\n$/);
  // stg_blocks and fct_transfers (downstream) have newer versions now: deleting the environment removes its tags there.
  const deleted = await ampJson(dir, ['env', 'delete', 'tagged-env', '--target', 'amp']);
  assert.equal(deleted.code, 0, deleted.stderr);
  assert.deepEqual(deleted.body.droppedViews.sort(), ['erc20/fct_transfers@0.0.0-env.tagged-env', 'erc20/stg_blocks@0.0.0-env.tagged-env']);
  assert.equal(await tagOf(), undefined);
  rmSync(dir, { recursive: true, force: true });
});

test('a model whose job failed: status says error (exit 1), and a later run that reuses it warns', async () => {
  const dir = exampleRepo(true, (d) => {
    writeFileSync(join(d, 'models', 'staging', 'boom.sql'), "select block_num, cast('x' || cast(block_num as varchar) as integer) as bad from {{ ref('stg_blocks') }}\n");
  });
  const first = await ampJson(dir, ['run', '--target', 'amp', '--env', 'boom-env', '--select', '+boom']);
  assert.equal(first.code, 0, first.stderr);
  const boom = first.body.models.find((m: any) => m.model === 'boom');
  await server.waitForJob(boom.jobId, ['ERROR', 'FATAL']);
  const status = await ampJson(dir, ['status', '--target', 'amp', '--env', 'boom-env', '--select', 'boom']);
  assert.equal(status.code, 1, status.stderr);
  const row = status.body.rows.find((r: any) => r.name === 'boom');
  assert.equal(row.status, 'error');
  assert.match(row.reason, new RegExp(`is not being built: job ${boom.jobId} (ERROR|FATAL) \\(amp-dbt jobs status ${boom.jobId}; amp-dbt jobs resume boom\\)`));
  // Why it failed, readable: under its ERROR event in the log (the event's detail), in jobs status and the monitor.
  const logs = await amp(dir, ['jobs', 'logs', String(boom.jobId), '--target', 'amp']);
  assert.equal(logs.code, 0, logs.stderr);
  assert.match(logs.stdout, /\s(ERROR|FATAL)\s+local-worker\n {4}JOB_EXECUTION_ERROR: table 'boom': Conversion Error: Could not convert string 'x\d+' to INT32/);
  const logsJson = await ampJson(dir, ['jobs', 'logs', String(boom.jobId), '--target', 'amp']);
  assert.equal(logsJson.body.events.at(-1).detail.error_code, 'JOB_EXECUTION_ERROR');
  const jobStatus = await amp(dir, ['jobs', 'status', String(boom.jobId), '--target', 'amp']);
  assert.match(jobStatus.stdout, /\nfailed: JOB_EXECUTION_ERROR: table 'boom': Conversion Error/);
  const monitor = await amp(dir, ['monitor', '--target', 'amp']);
  assert.match(monitor.stdout, new RegExp(`\\njob ${boom.jobId}: JOB_EXECUTION_ERROR: table 'boom': Conversion Error: Could not convert string 'x\\d+' to INT32`));
  for (const out of [logs.stdout, jobStatus.stdout, monitor.stdout]) assert.doesNotMatch(out, /\{"error_code"|\\n/, 'no escaped JSON');
  const again = await amp(dir, ['run', '--target', 'amp', '--env', 'boom-env', '--select', '+boom']);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stderr, new RegExp(`warning: job ${boom.jobId} of erc20/boom@0\\.0\\.0-fp[0-9a-f]{12} is (ERROR|FATAL): the dataset is not being built`));
  rmSync(dir, { recursive: true, force: true });
});

test("Ctrl-C while a model waits for its parent's new job to start: its job is not started, and its line says how to start it", async () => {
  const slow = await startAmpServer({ jobStepMs: 4000 });
  const dir = ampExampleRepo(slow, true);
  try {
    const child = spawn(process.execPath, [cliPath, 'run', '--target', 'amp', '--env', 'prod'], { cwd: dir, env: { ...process.env, ...env, AMP_TOKEN: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      // int_transfers_decoded is registered next, then waits (up to 5 s) for stg_transfer_logs' job, SCHEDULED for 4 s.
      if (/2\/7 OK +stg_transfer_logs/.test(stderr) && !child.killed) setTimeout(() => child.kill('SIGINT'), 300);
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    assert.equal(code, 130, stderr);
    assert.match(stderr, /3\/7 SKIP +int_transfers_decoded \(erc20\/int_transfers_decoded@0\.0\.0-fp[0-9a-f]{12} manifest [0-9a-f]{12}…, registered\)\n {8}the run was cancelled before its job started \(amp-dbt jobs resume int_transfers_decoded starts it\)\n/);
    const jobs = (await new AdminClient({ baseUrl: slow.url.admin }).listJobs({ status: 'all' })).jobs;
    assert.deepEqual(jobs.map((j) => jobDatasetLabel(j)).sort(), ['erc20/stg_blocks', 'erc20/stg_transfer_logs'], 'no job started after Ctrl-C');
  } finally {
    await slow.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a server that needs a token, asked without one (AMP_TOKEN unset): the hint says no token was sent', async () => {
  const result = await amp(repo, ['jobs', 'list', '--target', 'amp'], { AMP_TOKEN: '' });
  assert.equal(result.code, 1);
  assert.match(result.stderr, /^error\[amp-admin-error\] Amp Admin API GET \/jobs\?limit=1000&status=all failed with HTTP 401 UNAUTHENTICATED: .*\n {2}hint: no token was sent: the amp target's 'token' in profiles.yml is missing or empty \("\$\{AMP_TOKEN:-\}" is empty while AMP_TOKEN is unset\)\n$/);
});

test("jobs and monitor choosing the profile's only amp target report its errors: a bad namespace listed namespace _", async () => {
  const dir = exampleRepo(true, (d) => writeFileSync(join(d, 'profiles.yml'), ampProfile(serverPorts(server)).replace('namespace: erc20', 'namespace: Erc-20')));
  try {
    const line = readFileSync(join(dir, 'profiles.yml'), 'utf8').split('\n').findIndex((l) => l.includes('Erc-20')) + 1;
    for (const command of [['jobs', 'list'], ['monitor']]) {
      const result = await amp(dir, command);
      assert.equal(result.code, 1, result.stdout);
      assert.equal(result.stdout, '');
      assert.match(result.stderr, new RegExp(`^profiles\\.yml:${line}:18: error\\[invalid-value\\] 'namespace' in target 'amp' of profile 'erc20_transfers' must be an Amp namespace: lower-case letters, digits and '_', got the string 'Erc-20'\\n {2}hint: e\\.g\\. namespace: erc_20\\n`));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('run --target amp on a terminal names the model being registered, deployed or queried on a status line, cleared before its result line (through script(1))', { skip: spawnSync('script', ['--version']).status !== 0 && 'script(1) is not installed' }, async () => {
  const dir = exampleRepo(true);
  try {
    const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(cliPath)} run --target amp --env tty`;
    const child = spawn('script', ['-qec', command, '/dev/null'], { cwd: dir, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => { out += chunk.toString(); });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    assert.equal(code, 0, out);
    const shown = out.replaceAll('\r\u001b[2K', '<cleared>');
    assert.match(shown, /^running: top_senders \(\d+s\)<cleared>\s*\d+\/\d+ OK +top_senders \(ad-hoc query/m);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
