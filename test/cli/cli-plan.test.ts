import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cli, twoCommitRepo, withStore } from '../diff/cli-fixture.js';
import { STATE_KEY } from '../diff/diff-repo.js';

const { dir, v1, v2 } = await twoCommitRepo();
const short = (sha: string) => sha.slice(0, 12);

test('plan --env prod: build the changed models, reuse the rest, drop the removed ones', () => {
  const result = cli(dir, 'plan', '--env', 'prod');
  assert.equal(result.code, 0, result.stderr);
  const lines = result.stdout.split('\n');
  assert.equal(lines[0], `plan for environment 'prod': ${short(v1)} -> ${short(v2)} (HEAD)`);
  assert.equal(lines[1], "  build 2, reuse 2 (2 already in 'prod'), drop 1");
  assert.match(result.stdout, /^build \(2\):\n {2}\+ orders +modified: body {2}-> amp_dbt_physical\.orders__[0-9a-f]{12}\n {2}\+ customers +added {2}-> amp_dbt_physical\.customers__[0-9a-f]{12}\n/m);
  assert.match(result.stdout, /^drop \(1\):\n {2}- totals\n/m);
});

test('plan --json', () => {
  const json = JSON.parse(cli(dir, 'plan', '--env', 'prod', '--json').stdout);
  assert.deepEqual(Object.keys(json), ['environment', 'exists', 'from', 'to', 'ref', 'build', 'reuse', 'drop', 'ephemeral', 'summary', 'unrecordedEnvironments', 'warehouse']);
  assert.deepEqual([json.environment, json.exists, json.from, json.to, json.ref], ['prod', true, v1, v2, 'HEAD']);
  assert.deepEqual(json.summary, { build: 2, reuse: 2, unchanged: 2, drop: 1 });
  assert.deepEqual(json.reuse.map((m: { name: string; change: string; builtIn: string[] }) => `${m.name} ${m.change} ${m.builtIn}`),
    ['stg_orders unchanged prod', 'report formatting-only prod']);
  assert.deepEqual(Object.keys(json.build[0]), ['name', 'path', 'materialized', 'fingerprint', 'physical', 'change', 'reasons', 'builtIn']);
});

test('a new environment, and promotion: versions built in another environment are reused', async () => {
  const fresh = JSON.parse(cli(dir, 'plan', '--env', 'pr-9', '--commit', v2, '--json').stdout);
  assert.equal(fresh.exists, false);
  assert.deepEqual(fresh.build.map((m: { name: string }) => m.name), ['orders', 'customers']);
  assert.deepEqual(fresh.drop, []);
  assert.match(cli(dir, 'plan', '--env', 'pr-9').stdout, /^plan for environment 'pr-9' \(new\): create it at /);
  const typo = cli(dir, 'plan', '--env', 'prdo');
  assert.match(typo.stderr, /environment 'prdo' does not exist, so it is planned as new: did you mean 'prod'\?/);
  assert.doesNotMatch(cli(dir, 'plan', '--env', 'pr-9').stderr, /does not exist/, 'a new name with no near one plans quietly');
  await withStore(dir, (store) => store.createEnvironment(STATE_KEY, 'staging', v2, 'test'));
  const promote = cli(dir, 'plan', '--env', 'prod', '--commit', 'staging');
  assert.equal(promote.code, 0, promote.stderr);
  assert.match(promote.stdout, /\(staging\)\n {2}build 0, reuse 4 \(2 already in 'prod'\), drop 1\n/);
  assert.match(promote.stdout, /^reuse from other environments \(2\):\n {2}= orders +modified: body {2}built in staging\n {2}= customers +added {2}built in staging\n/m);
});

test('plan usage errors', () => {
  assert.equal(cli(dir, 'plan').code, 2);
  assert.match(cli(dir, 'plan').stderr, /--env is required/);
  assert.match(cli(dir, 'plan', '--help').stdout, /^Usage: amp-dbt plan --env NAME \[--commit REF\|ENV\] \[--json\]$/m);
});
