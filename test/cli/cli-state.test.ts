import assert from 'node:assert/strict';
import { existsSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { openStateStore } from '../../core/state/open-state-store.js';
import { commit, git, initRepo } from '../git/git-test-repo.js';
import { runCli, tempDir, writeTree } from '../helpers.js';

const env = { AMP_DBT_REPO: 'acme/shop', AMP_DBT_ACTOR: 'tester', AMP_DBT_STATE_URL: '' };
const repo = initRepo({ '.gitignore': '.amp-dbt/\n' });
const project = join(repo, 'shop');
const v1 = commit(repo, 'v1', {
  'shop/dbt_project.yml': 'name: shop\nvars:\n  min_amount: 10\n',
  'shop/macros/cents.sql': '{% macro cents(c) %}({{ c }} * 100){% endmacro %}',
  'shop/models/stg_orders.sql': 'select 1 as id, 25 as amount',
  'shop/models/big_orders.sql': "select id, {{ cents('amount') }} as cents from {{ ref('stg_orders') }} where amount > {{ var('min_amount') }}",
  'shop/models/order_count.sql': "-- how many\nselect count(*) as n from {{ ref('big_orders') }}",
});
const state = (...args: string[]) => runCli(['state', ...args, '--project-dir', project], { env });
const json = (result: { stdout: string }) => JSON.parse(result.stdout);

test('state record stores HEAD; recording it again says so and does nothing', () => {
  const first = state('record', '--json');
  assert.equal(first.code, 0, first.stderr);
  assert.deepEqual({ ...json(first), durationMs: 0 }, {
    commit: v1, recorded: true, alreadyRecorded: false, recordedAgain: false, replacedRevision: null, repo: 'acme/shop', target: 'dev', projectName: 'shop', models: 3, mode: 'full', base: null,
    reason: 'no recorded ancestor within 64 first-parent commits', rendered: 3, reused: 0, durationMs: 0, errors: [], warnings: [],
  });
  assert.ok(existsSync(join(project, '.amp-dbt', 'state.db')));
  const again = state('record');
  assert.equal(again.code, 0);
  assert.equal(again.stdout, '');
  assert.match(again.stderr, new RegExp(`^commit ${v1.slice(0, 12)} is already recorded \\(3 models\\): nothing to do\\n$`));
  assert.equal(json(state('record', '--json')).alreadyRecorded, true);
});

test('a later commit renders only what changed and stores what a full compile produces', async () => {
  const v2 = commit(repo, 'v2', { 'shop/models/stg_orders.sql': 'select 1 as id, 30 as amount' });
  const result = state('record', '--json');
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual({ ...json(result), durationMs: 0 }, {
    commit: v2, recorded: true, alreadyRecorded: false, recordedAgain: false, replacedRevision: null, repo: 'acme/shop', target: 'dev', projectName: 'shop', models: 3, mode: 'incremental', base: v1,
    reason: null, rendered: 1, reused: 2, durationMs: 0, errors: [], warnings: [],
  });
  assert.match(state('record', '--commit', v2).stderr, /is already recorded/);
  const compiled = JSON.parse(runCli(['compile', '--project-dir', project, '--commit', v2, '--json'], { env }).stdout) as
    { models: { name: string; fingerprint: string }[] };
  const store = await openStateStore({ type: 'sqlite', path: join(project, '.amp-dbt', 'state.db') });
  try {
    const manifest = await store.getManifest('acme/shop#dev', v2);
    assert.deepEqual(manifest?.parents, [v1]);
    assert.deepEqual(
      manifest?.models.map((m) => [m.name, m.fingerprint]),
      compiled.models.map((m) => [m.name, m.fingerprint]).sort((a, b) => (a[0] < b[0] ? -1 : 1)),
    );
  } finally {
    await store.close();
  }
});

test('--full renders every model; --commit records an older commit into another database', () => {
  const other = `sqlite:${join(project, '.amp-dbt', 'other.db')}`;
  const full = runCli(['state', 'record', '--commit', 'HEAD~1', '--full', '--json', '--project-dir', project], { env: { ...env, AMP_DBT_STATE_URL: other } });
  assert.equal(full.code, 0, full.stderr);
  assert.deepEqual([json(full).commit, json(full).mode, json(full).reason, json(full).rendered], [v1, 'full', 'incremental recording was turned off', 3]);
  const text = runCli(['state', 'record', '--project-dir', project], { env: { ...env, AMP_DBT_STATE_URL: other } });
  assert.match(text.stderr, /^recorded commit [0-9a-f]{12}: 3 models \(1 rendered, 2 reused from [0-9a-f]{12}\) in \d+ ms\n$/);
});

test('a commit whose project has errors is not recorded; errors are printed as file:line:col', () => {
  const bad = commit(repo, 'broken', { 'shop/models/broken.sql': "select * from {{ ref('stg_order') }}" });
  const result = state('record');
  assert.equal(result.code, 1);
  assert.match(result.stderr, /models\/broken\.sql:1:18: error\[unknown-ref\] 'broken' refers to 'stg_order', which is not a model or declared dataset\n {2}hint: did you mean 'stg_orders'\?/);
  assert.match(result.stderr, new RegExp(`commit ${bad.slice(0, 12)} was not recorded: the project has errors`));
  const asJson = state('record', '--json');
  assert.equal(asJson.code, 1);
  assert.deepEqual([json(asJson).recorded, json(asJson).errors.map((e: { code: string; line: number; column: number }) => `${e.code}@${e.line}:${e.column}`)], [false, ['unknown-ref@1:18']]);
  commit(repo, 'fixed', { 'shop/models/broken.sql': "select * from {{ ref('stg_orders') }}" });
  const fixed = json(state('record', '--json'));
  assert.deepEqual([fixed.recorded, fixed.mode, fixed.rendered, fixed.reused], [true, 'incremental', 1, 3]);
});

test('an unknown commit, a missing subcommand and unknown options are clear errors', () => {
  const unknown = state('record', '--commit', 'v9');
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /error\[unknown-commit\]/);
  assert.equal(state().code, 2);
  assert.match(state().stderr, /missing subcommand \(one of: record, runs, run\)/);
  assert.match(state('recrod').stderr, /unknown subcommand 'recrod' \(one of: record, runs, run\)/);
  assert.equal(state('record', 'extra').code, 2);
  const limit = state('record', '--limit', '3');
  assert.equal(limit.code, 2);
  assert.match(limit.stderr, /--limit applies to runs only/);
  assert.match(state('runs', '--full').stderr, /--full applies to record only/);
  assert.match(state('runs', '--env', 'nope').stderr, /no runs of environment 'nope' recorded for /);
});

test('state --help documents record and its options as the README does', () => {
  const help = runCli(['state', '--help']).stdout;
  assert.match(help, /^Usage: amp-dbt state record \[--commit REF\] \[--full\] \[--json\]/);
  for (const option of ['--commit REF', '--full', '--json', '--project-dir DIR', '--target NAME']) assert.ok(help.includes(option), option);
  assert.ok(!help.includes('--vars'), 'state refuses --vars: its help does not offer it');
  assert.match(runCli(['state', 'record', '--help']).stdout, /AMP_DBT_STATE_URL/);
  assert.match(runCli(['--help']).stdout, /\n {2}state +the state database: record a commit's manifest; the run history \(runs, run ID\)\n/);
});

test('the repository key is AMP_DBT_REPO, else the origin remote\'s owner/name, else the repository path', () => {
  const other = initRepo({ '.gitignore': '.amp-dbt/\n' });
  commit(other, 'p', { 'dbt_project.yml': 'name: p\n', 'models/m.sql': 'select 1 as id' });
  const record = (extra: Record<string, string>) => json(runCli(['state', 'record', '--json', '--project-dir', other], { env: { ...env, AMP_DBT_REPO: '', ...extra } }));
  assert.equal(record({}).repo, other);
  git(other, 'remote', 'add', 'origin', 'git@github.com:acme/warehouse.git');
  const keyed = record({});
  assert.deepEqual([keyed.repo, keyed.recorded], ['acme/warehouse', true]);
  assert.equal(record({ AMP_DBT_REPO: 'acme/elsewhere' }).repo, 'acme/elsewhere');
  const listed = json(runCli(['env', 'list', '--json', '--project-dir', other], { env: { ...env, AMP_DBT_REPO: '' } }));
  assert.deepEqual(listed, { repo: 'acme/warehouse', target: 'dev', environments: [], otherTargets: [] });
});

test("a relative SQLite path in AMP_DBT_STATE_URL is the current folder's; in the profile's state: block, the project's", () => {
  const cwd = tempDir('amp-dbt-state-cwd-');
  const recorded = runCli(['state', 'record', '--project-dir', project], { cwd, env: { ...env, AMP_DBT_STATE_URL: 'sqlite:from-env.db' } });
  assert.equal(recorded.code, 0, recorded.stderr);
  assert.deepEqual([existsSync(join(cwd, 'from-env.db')), existsSync(join(project, 'from-env.db'))], [true, false]);
  // clean knows it is the state database, wherever it is: from the project folder it is that folder's file.
  const inProject = runCli(['state', 'record'], { cwd: project, env: { ...env, AMP_DBT_STATE_URL: 'sqlite:from-env.db' } });
  assert.equal(inProject.code, 0, inProject.stderr);
  assert.ok(existsSync(join(project, 'from-env.db')));
  rmSync(join(project, 'from-env.db'));
  rmSync(cwd, { recursive: true, force: true });
});

test('two projects of one repository sharing a state database are keyed apart by their folder', () => {
  const mono = initRepo({ '.gitignore': '.amp-dbt/\n' });
  git(mono, 'remote', 'add', 'origin', 'https://github.com/acme/monorepo.git');
  const sha = commit(mono, 'two projects', {
    'analytics/dbt_project.yml': 'name: analytics\n', 'analytics/models/a.sql': 'select 1 as id',
    'finance/core/dbt_project.yml': 'name: finance\n', 'finance/core/models/f.sql': 'select 2 as id', 'finance/core/models/g.sql': 'select 3 as id',
  });
  const shared = { ...env, AMP_DBT_REPO: '', AMP_DBT_STATE_URL: `sqlite:${join(mono, '.amp-dbt', 'shared.db')}` };
  const cli = (dir: string, ...args: string[]) => json(runCli([...args, '--json', '--project-dir', join(mono, dir)], { env: shared }));
  const analytics = cli('analytics', 'state', 'record');
  const finance = cli('finance/core', 'state', 'record');
  assert.deepEqual([analytics.repo, analytics.commit, analytics.recorded, analytics.models], ['acme/monorepo/analytics', sha, true, 1]);
  assert.deepEqual([finance.repo, finance.commit, finance.recorded, finance.models], ['acme/monorepo/finance/core', sha, true, 2]);
  cli('finance/core', 'env', 'create', 'prod');
  assert.deepEqual(cli('analytics', 'env', 'list').environments, []);
  assert.deepEqual(cli('finance/core', 'env', 'list').environments.map((e: { name: string }) => e.name), ['prod']);
  assert.deepEqual([cli('finance/core', 'env', 'show', 'prod').repo, cli('finance/core', 'env', 'show', 'prod').recorded], ['acme/monorepo/finance/core', true]);
});

test('state runs tells a running run whose process is gone (no live lease on its environment) from one that runs', async () => {
  const store = await openStateStore({ type: 'sqlite', path: join(project, '.amp-dbt', 'state.db') });
  try {
    const killed = await store.startRun('acme/shop#dev', { environment: 'gone', commit: v1, actor: 'ci', command: 'run' });
    const alive = await store.startRun('acme/shop#dev', { environment: 'live', commit: v1, actor: 'ci', command: 'run' });
    await store.acquireLock('acme/shop#dev', 'environment:live', 'run', 60_000);
    const runs = JSON.parse(state('runs', '--json').stdout).runs as { id: number; status: string; processGone: boolean }[];
    const byId = new Map(runs.map((r) => [r.id, r]));
    assert.deepEqual([byId.get(killed)?.status, byId.get(killed)?.processGone], ['running', true]);
    assert.deepEqual([byId.get(alive)?.status, byId.get(alive)?.processGone], ['running', false]);
    assert.match(state('runs').stdout, new RegExp(`^${killed}\\trunning \\(its process is gone: no live lease\\)\\tgone\\t`, 'm'));
  } finally {
    await store.close();
  }
});

test('a run says when it records earlier runs of its environment, whose process is gone, as abandoned', async () => {
  const store = await openStateStore({ type: 'sqlite', path: join(project, '.amp-dbt', 'state.db') });
  let killed: number;
  try {
    killed = await store.startRun('acme/shop#dev', { environment: 'resumed', commit: v1, actor: 'ci', command: 'run' });
  } finally {
    await store.close();
  }
  const run = runCli(['run', '--env', 'resumed', '--project-dir', project], { env });
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stderr, /^1 earlier run of environment 'resumed' recorded as running had no live lease \(their process is gone\): now recorded as abandoned\nrunning /m);
  const runs = JSON.parse(state('runs', '--json').stdout).runs as { id: number; status: string }[];
  assert.equal(runs.find((r) => r.id === killed)?.status, 'abandoned');
});

test('state record warns of a symbolic link or submodule in the commit, which it cannot read, as compile does', () => {
  const linked = initRepo({ '.gitignore': '.amp-dbt/\n' });
  commit(linked, 'project', { 'dbt_project.yml': 'name: linked\n', 'models/orders.sql': 'select 1 as id' });
  symlinkSync('orders.sql', join(linked, 'models', 'orders_link.sql'));
  const sha = commit(linked, 'a linked model');
  const result = runCli(['state', 'record', '--json'], { cwd: linked, env });
  assert.equal(result.code, 0, result.stderr);
  const body = json(result);
  assert.deepEqual([body.commit, body.models], [sha, 1], 'the link is not a model of the manifest');
  assert.deepEqual(body.warnings, ['models/orders_link.sql:1:1: a symbolic link: not read (a git commit stores the link, not what it points to, so amp-dbt reads the working tree as its commit would: copy the file or folder instead)']);
  assert.match(result.stderr, /^warning: models\/orders_link\.sql:1:1: a symbolic link: not read/m);
  const compiled = runCli(['compile', '--commit', sha], { cwd: linked, env });
  assert.match(compiled.stderr, /^warning: models\/orders_link\.sql:1:1: a symbolic link: not read/m, 'the warning compile gives');
});

test('state record (no --commit) notes uncommitted changes to project files (stderr only): the manifest is the commit\'s', () => {
  const dir = initRepo({ '.gitignore': '.amp-dbt/\n' });
  const first = commit(dir, 'project', { 'dbt_project.yml': 'name: edits\n', 'models/a.sql': 'select 1 as id', 'models/b.sql': 'select 2 as id' });
  const head = commit(dir, 'c', { 'models/c.sql': 'select 3 as id' });
  const record = (...args: string[]) => runCli(['state', 'record', ...args], { cwd: dir, env });
  writeTree(dir, {
    'notes.txt': 'not a project file', 'target/x.sql': 'build output',
    'profiles.yml': 'edits:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: .amp-dbt/w.duckdb\n',
  });
  assert.doesNotMatch(record().stderr, /note:/, 'files a project does not read, build output and the local profiles.yml are not edits');
  writeTree(dir, { 'models/a.sql': 'select 10 as id', 'models/new.sql': 'select 4 as id' });
  rmSync(join(dir, 'models/b.sql'));
  const note = `note: the working tree has uncommitted changes to 3 project files (models/a.sql, models/b.sql, models/new.sql): the manifest recorded is commit ${head.slice(0, 12)}'s, without them (to see what they change: amp-dbt diff --base HEAD --head working-tree)\n`;
  const text = record();
  assert.equal(text.code, 0, text.stderr);
  assert.ok(text.stderr.endsWith(note), text.stderr);
  const withJson = record('--json');
  assert.equal(json(withJson).commit, head, 'stdout is the JSON alone');
  assert.equal(withJson.stderr, note);
  // The diff the note names runs, and shows those edits.
  const suggested = runCli(['diff', '--base', 'HEAD', '--head', 'working-tree', '--stat'], { cwd: dir, env });
  assert.equal(suggested.code, 0, suggested.stderr);
  assert.match(suggested.stdout, /-> working-tree: .*\n[\s\S]*\ba\b[\s\S]*\bnew\b/);
  assert.doesNotMatch(record('--commit', first).stderr, /note:/, 'a commit other than HEAD is not the working tree\'s');
  assert.doesNotMatch(record('--commit', 'HEAD').stderr, /note:/, 'a commit named is the one meant: the disk is not looked at');
});
