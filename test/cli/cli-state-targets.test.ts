import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { openStateStore } from '../../core/state/open-state-store.js';
import { commit, git, initRepo } from '../git/git-test-repo.js';
import { runCli, tempDir, writeTree } from '../helpers.js';

const env = { AMP_DBT_REPO: 'acme/shop', AMP_DBT_ACTOR: 'tester', AMP_DBT_STATE_URL: '' };

/** Two DuckDB targets in one profile: dev (the default, schema main) and ci (its own file, schema analytics). */
const profiles = `shop:
  target: dev
  outputs:
    dev:
      type: duckdb
      schema: main
    ci:
      type: duckdb
      path: .amp-dbt/ci.duckdb
      schema: analytics
`;

/** A project whose manifest depends on the target: a config and the SQL of stg_orders read target.*. */
const shopFiles: Record<string, string> = {
  '.gitignore': '.amp-dbt/\n',
  'profiles.yml': profiles,
  'dbt_project.yml': 'name: shop\nmodels:\n  shop:\n    +materialized: view\n',
  'models/sources.yml': 'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: orders\n',
  'seeds/raw/orders.csv': 'id,customer,amount\n1,ann,5\n2,ann,20\n3,bob,30\n',
  'models/stg_orders.sql': "{{ config(tags=[target.name]) }}\nselect id, customer, amount, '{{ target.schema }}' as built_in from {{ source('raw', 'orders') }}",
  'models/customer_totals.sql': "{{ config(materialized='table') }}\nselect customer, sum(amount) as total from {{ ref('stg_orders') }} group by customer",
  'models/orders_log.sql': [
    "{{ config(materialized='incremental', unique_key='id') }}",
    "select id, customer, amount from {{ ref('stg_orders') }}",
    '{% if is_incremental() %}where id > (select max(id) from {{ this }}){% endif %}',
  ].join('\n'),
};

function cli(dir: string, ...args: string[]) {
  return runCli(args, { cwd: dir, env });
}

function json(dir: string, ...args: string[]): { code: number | null; stderr: string; body: Record<string, any> } {
  const result = cli(dir, ...args, '--json');
  try {
    return { code: result.code, stderr: result.stderr, body: JSON.parse(result.stdout) };
  } catch {
    throw new Error(`${args.join(' ')} printed no JSON (exit ${result.code}): ${result.stderr}`);
  }
}

async function withState<T>(dir: string, work: (store: Awaited<ReturnType<typeof openStateStore>>) => Promise<T>): Promise<T> {
  const store = await openStateStore({ type: 'sqlite', path: join(dir, '.amp-dbt', 'state.db') });
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

test("two targets of one project keep their own records: each run moves its own prod, diffs and drift read that target's builds", async () => {
  const dir = initRepo();
  const first = commit(dir, 'shop', shopFiles);
  for (const target of [['--target', 'ci'], []]) assert.equal(cli(dir, 'seed', ...target).code, 0);

  const ciRun = json(dir, 'run', '--target', 'ci');
  assert.deepEqual([ciRun.code, ciRun.body.repo, ciRun.body.target, ciRun.body.moved, ciRun.body.commit], [0, 'acme/shop', 'ci', true, first], ciRun.stderr);
  // The default target's run on the clean committed tree used to find ci's manifest of HEAD, differ from it and be `<sha>+dirty`.
  const devRun = json(dir, 'run');
  assert.deepEqual([devRun.code, devRun.body.target, devRun.body.moved, devRun.body.commit, devRun.body.notMoved], [0, 'dev', true, first, null], devRun.stderr);
  assert.doesNotMatch(devRun.stderr, /not moved/);

  const second = commit(dir, 'more columns', {
    'models/customer_totals.sql': "{{ config(materialized='table') }}\nselect customer, sum(amount) as total, count(*) as n from {{ ref('stg_orders') }} group by customer",
  });
  // Whichever target records the next commit first, the other's recording starts from its own manifest.
  for (const target of [['--target', 'ci'], []]) {
    const run = json(dir, 'run', ...target);
    assert.deepEqual([run.code, run.body.moved, run.body.commit], [0, true, second], run.stderr);
  }
  for (const target of [['--target', 'ci'], []]) {
    const diff = json(dir, 'diff', '--base', 'HEAD~1', ...target);
    assert.equal(diff.code, 0, diff.stderr);
    assert.deepEqual(diff.body.models.map((m: any) => [m.name, m.change, m.reasons]), [['customer_totals', 'modified', ['body']]], JSON.stringify(diff.body.models));
    const drift = json(dir, 'drift', '--env', 'prod', ...target);
    assert.deepEqual([drift.code, drift.body.target, drift.body.commit, drift.body.schemas], [0, target.length ? 'ci' : 'dev', second, [target.length ? 'analytics' : 'main']], drift.stderr);
    const show = json(dir, 'env', 'show', 'prod', ...target);
    assert.deepEqual([show.body.commit, show.body.recorded], [second, true]);
  }

  await withState(dir, async (store) => {
    assert.deepEqual(await store.listRepositories(), ['acme/shop#ci', 'acme/shop#dev']);
    for (const target of ['ci', 'dev']) {
      for (const sha of [first, second]) {
        const manifest = await store.getManifest(`acme/shop#${target}`, sha);
        assert.deepEqual(manifest?.models.find((m) => m.name === 'stg_orders')?.config.tags, [target], `${target} at ${sha.slice(0, 7)}`);
      }
      assert.deepEqual((await store.listRuns(`acme/shop#${target}`)).map((r) => [r.commit, r.status]), [[second, 'success'], [first, 'success']]);
    }
    assert.equal(await store.getManifest('acme/shop', first), null);
  });

  const list = json(dir, 'env', 'list');
  assert.deepEqual([list.body.target, list.body.environments.map((e: any) => e.name), list.body.otherTargets], ['dev', ['prod'], ['ci']]);
  assert.match(cli(dir, 'env', 'list').stderr, /target 'ci' of acme\/shop has environments too \(records are kept per target\): amp-dbt env list --target ci/);
  // A command reading an environment only another target has says which target has it.
  assert.equal(json(dir, 'env', 'create', 'staging', '--target', 'ci').code, 0);
  const missing = json(dir, 'drift', '--env', 'staging');
  assert.deepEqual([missing.code, missing.body.error.code], [1, 'environment-not-found']);
  assert.match(missing.body.error.message, /environment 'staging' of acme\/shop \(target 'dev'\) does not exist/);
  assert.match(missing.body.error.hint, /target 'ci' has an environment 'staging': pass --target ci/);
  // So does env create --commit ENV (and rollback --to ENV), which reads a name git does not know as an environment.
  for (const args of [['create', 'copy', '--commit', 'staging'], ['rollback', 'prod', '--to', 'staging']]) {
    const other = json(dir, 'env', ...args);
    assert.deepEqual([other.code, other.body.error.code], [1, 'unknown-commit'], args.join(' '));
    assert.match(other.body.error.message, /^no environment named 'staging' of acme\/shop \(target 'dev'\), and no commit, branch or tag 'staging' in the git repository at /);
    assert.equal(other.body.error.hint, "target 'ci' has an environment 'staging': pass --target ci");
  }
  assert.match(cli(dir, 'env', 'create', 'copy', '--commit', 'staging').stderr, /hint: target 'ci' has an environment 'staging': pass --target ci\n/);
  // So do diff and plan, which read a ref as an environment first: the hint names the target, not this one's environments.
  for (const args of [['diff', '--base', 'staging'], ['diff', '--base', 'HEAD~1', '--head', 'staging'], ['plan', '--env', 'prod', '--commit', 'staging']]) {
    const other = json(dir, ...args);
    assert.deepEqual([other.code, other.body.error.code], [1, 'unknown-commit'], args.join(' '));
    assert.match(other.body.error.message, /^no environment named 'staging' of acme\/shop \(target 'dev'\), and no commit, branch or tag 'staging' in the git repository at /);
    assert.equal(other.body.error.hint, "target 'ci' has an environment 'staging': pass --target ci", args.join(' '));
    assert.match(cli(dir, ...args).stderr, /hint: target 'ci' has an environment 'staging': pass --target ci\n/);
  }
  assert.match(json(dir, 'diff', '--base', 'stagin').body.error.hint, /environments: 'prod'/, "a name no target has keeps this target's environments in the hint");
  // plan --env NAME plans a new environment when this target has none of that name: it warns when another target has it.
  const planned = json(dir, 'plan', '--env', 'staging');
  assert.deepEqual([planned.code, planned.body.exists], [0, false], planned.stderr);
  assert.match(planned.stderr, /^warning: environment 'staging' does not exist for acme\/shop \(target 'dev'\), so it is planned as new: target 'ci' has an environment 'staging': pass --target ci$/m);
  assert.doesNotMatch(json(dir, 'plan', '--env', 'qa').stderr, /--target/, 'a name no target has: no such warning');
  const otherDiff = json(dir, 'diff', '--base', 'HEAD~1', '--head', 'staging', '--target', 'ci');
  assert.deepEqual([otherDiff.code, otherDiff.body.models.map((m: any) => m.name)], [0, ['customer_totals']], otherDiff.stderr);
  assert.doesNotMatch(json(dir, 'env', 'create', 'copy', '--commit', 'stagin').body.error.hint, /--target/, 'a name no target has keeps git\'s hint');
  const copied = json(dir, 'env', 'create', 'copy', '--commit', 'staging', '--target', 'ci');
  assert.deepEqual([copied.code, copied.body.target, copied.body.environment.commit], [0, 'ci', second], copied.stderr);
  // A suggested command repeats the target it was given: copied as it was, it acted on the default target.
  const guarded = json(dir, 'env', 'delete', 'prod', '--target', 'ci');
  assert.equal(guarded.body.error.hint, 'if that is what you want: amp-dbt env delete prod --force --target ci');
  assert.match(cli(dir, 'env', 'delete', 'prod', '-t', 'ci').stderr, /hint: if that is what you want: amp-dbt env delete prod --force --target ci\n/);
  assert.equal(json(dir, 'env', 'delete', 'prod').body.error.hint, 'if that is what you want: amp-dbt env delete prod --force');
});

test("records made before targets were part of the key are taken over by the profile's default target, once; other targets start empty", async () => {
  const dir = initRepo();
  const sha = commit(dir, 'shop', shopFiles);
  // As an older amp-dbt left them: under the repository key alone.
  await withState(dir, async (store) => {
    await store.createEnvironment('acme/shop', 'prod', sha, 'old-tester');
    await store.startRun('acme/shop', { environment: 'prod', commit: sha, actor: 'old-tester', command: 'run' });
  });
  const ci = json(dir, 'env', 'list', '--target', 'ci');
  assert.deepEqual([ci.code, ci.body.environments, ci.body.otherTargets], [0, [], []], ci.stderr);
  assert.doesNotMatch(ci.stderr, /now those of/);
  assert.match(cli(dir, 'env', 'list', '--target', 'ci').stderr,
    /no environments in acme\/shop for target 'ci' yet[^]*environments recorded before records were kept per target are under acme\/shop alone/);

  const dev = json(dir, 'env', 'list');
  assert.deepEqual([dev.code, dev.body.environments.map((e: any) => [e.name, e.commit, e.updatedBy])], [0, [['prod', sha, 'old-tester']]]);
  assert.equal(dev.stderr, "the state database's records of acme/shop, made before each target's records were kept apart, are now those of acme/shop (target 'dev'), "
    + "the default target (the one used without --target); other targets start without records\n");
  const again = json(dir, 'state', 'runs');
  assert.deepEqual([again.stderr, again.body.repo, again.body.target, again.body.runs.map((r: any) => [r.repo, r.actor])], ['', 'acme/shop', 'dev', [['acme/shop', 'old-tester']]]);
  await withState(dir, async (store) => {
    assert.deepEqual(await store.listRepositories(), ['acme/shop#dev']);
    assert.deepEqual(await store.listRuns('acme/shop'), []);
  });
  assert.deepEqual(json(dir, 'env', 'list', '--target', 'ci').body.otherTargets, ['dev']);
});

test("repository keys are lower-cased, as GitHub reads owner/name: clones spelled differently and AMP_DBT_REPO share one history; older records are taken over", async () => {
  const dir = initRepo();
  const sha = commit(dir, 'shop', shopFiles);
  // As an older amp-dbt left them: under the origin's spelling, and under it alone (before targets were part of the key).
  await withState(dir, async (store) => {
    await store.createEnvironment('Acme/Shop#dev', 'prod', sha, 'old-tester');
    await store.createEnvironment('Acme/Shop', 'staging', sha, 'older-tester');
  });
  const noRepo = { ...env, AMP_DBT_REPO: '' };
  const run = (...args: string[]) => runCli([...args, '--json'], { cwd: dir, env: noRepo });
  git(dir, 'remote', 'add', 'origin', 'git@github.com:Acme/Shop.git');
  const first = run('env', 'list');
  assert.equal(first.code, 0, first.stderr);
  assert.deepEqual(JSON.parse(first.stdout).environments.map((e: any) => e.name), ['prod']);
  assert.equal(first.stderr, "the state database's records of Acme/Shop (target 'dev') are now filed under acme/shop (target 'dev'): repository keys are lower-cased, as GitHub reads owner/name\n");
  assert.equal(JSON.parse(first.stdout).repo, 'acme/shop');
  // Another clone's spelling, and CI's AMP_DBT_REPO as GitHub writes it, read the same records.
  git(dir, 'remote', 'set-url', 'origin', 'https://github.com/acme/SHOP');
  const other = run('env', 'list');
  assert.deepEqual([other.stderr, JSON.parse(other.stdout).environments.map((e: any) => e.name)], ['', ['prod']]);
  const ci = runCli(['env', 'show', 'prod', '--json'], { cwd: dir, env: { ...env, AMP_DBT_REPO: 'Acme/Shop' } });
  assert.deepEqual([ci.code, JSON.parse(ci.stdout).repo, JSON.parse(ci.stdout).commit], [0, 'acme/shop', sha], ci.stderr);
  await withState(dir, async (store) => assert.deepEqual(await store.listRepositories(), ['Acme/Shop', 'acme/shop#dev']));
});

test("an AMP_DBT_REPO holding '#' (which separates the target) is refused, not taken for a repository", () => {
  const dir = tempDir();
  writeTree(dir, shopFiles);
  const refused = runCli(['env', 'list', '--json'], { cwd: dir, env: { ...env, AMP_DBT_REPO: 'acme/shop#ci' } });
  assert.equal(refused.code, 1);
  assert.deepEqual(JSON.parse(refused.stdout).error.code, 'invalid-repository-key');
  assert.match(JSON.parse(refused.stdout).error.hint, /set AMP_DBT_REPO to the repository alone \(acme\/shop\) and choose the target with --target/);
});

test("a state: url whose variable is not set stops only the commands that open the state database, at profiles.yml", () => {
  const dir = initRepo();
  commit(dir, 'shop', {
    ...shopFiles,
    'profiles.yml': `${profiles}  state:\n    type: postgres\n    url: "\${AMP_DBT_TEST_UNSET_STATE_URL}"\n`,
  });
  const compiled = cli(dir, 'compile');
  assert.equal(compiled.code, 0, compiled.stderr);
  const listed = json(dir, 'env', 'list');
  assert.deepEqual([listed.code, listed.body.error.code], [1, 'missing-env-var']);
  assert.match(cli(dir, 'env', 'list').stderr, /^profiles\.yml:\d+:\d+: error\[missing-env-var\] environment variable 'AMP_DBT_TEST_UNSET_STATE_URL' is not set/);
});

test("a model reading run_started_at (itself or through a macro) does not make a clean working tree's run dirty, nor drift; an edit to it still does", () => {
  const dir = initRepo();
  const first = commit(dir, 'timed', {
    ...shopFiles,
    'macros/stamp.sql': "{% macro stamp() %}'{{ run_started_at }}'{% endmacro %}",
    'models/stamped.sql': "select {{ stamp() }} as built_at, total from {{ ref('customer_totals') }}",
    'models/timed.sql': "select '{{ run_started_at }}' as built_at",
    'models/after_timed.sql': "select * from {{ ref('timed') }}",
  });
  assert.equal(cli(dir, 'seed').code, 0);
  const run = json(dir, 'run');
  assert.deepEqual([run.code, run.body.moved, run.body.commit, run.body.notMoved], [0, true, first, null], run.stderr);
  // drift: the views read what the run built (the recording's fixed-time versions were never built): not drift.
  const drift = json(dir, 'drift', '--env', 'prod');
  assert.deepEqual([drift.code, drift.body.drift, drift.body.stale, drift.body.missing], [0, false, [], []], JSON.stringify(drift.body));
  assert.deepEqual(drift.body.runTime.map((v: { model: string }) => v.model), ['after_timed', 'stamped', 'timed']);
  assert.ok(drift.body.orphaned.every((o: { relation: string }) => !/timed|stamped/.test(o.relation)), 'what the run built is not orphaned');
  assert.match(cli(dir, 'drift', '--env', 'prod').stdout, /BUILT AT RUN TIME .*\n {2}main\.after_timed {2}\(after_timed\): reads amp_dbt_physical\.after_timed__[0-9a-f]{12}, built by run #\d+ \(the recording names amp_dbt_physical\.after_timed__[0-9a-f]{12}\)\n/);
  // plan of HEAD: the clean working tree is HEAD, as run counts it (the run-time models are no uncommitted change).
  const clean = cli(dir, 'plan', '--env', 'prod');
  assert.equal(clean.code, 0, clean.stderr);
  assert.doesNotMatch(clean.stderr, /uncommitted/);
  // Another environment's drift does not call prod's run-time versions orphaned: prod's views read them.
  assert.equal(json(dir, 'run', '--env', 'pr-1').code, 0);
  const prodBuilt = drift.body.runTime.map((v: { built: string }) => v.built);
  const other = json(dir, 'drift', '--env', 'pr-1');
  assert.deepEqual([other.code, other.body.drift], [0, false], JSON.stringify(other.body));
  const orphans = other.body.orphaned.map((o: { relation: string }) => o.relation);
  assert.deepEqual(prodBuilt.filter((r: string) => orphans.includes(r)), [], 'prod\'s run-time versions are not orphaned in drift --env pr-1');
  assert.deepEqual(json(dir, 'drift', '--env', 'prod').body.orphaned, drift.body.orphaned, 'nor are pr-1\'s in drift --env prod');
  // A --select run at the commit (successful, the pointer not moved) leaves the other views as they were: drift reads the run before for them.
  const selected = json(dir, 'run', '--env', 'pr-1', '--select', 'customer_totals');
  assert.deepEqual([selected.code, selected.body.status], [0, 'success'], selected.stderr);
  const after = json(dir, 'drift', '--env', 'pr-1');
  assert.deepEqual([after.code, after.body.drift, after.body.missing, after.body.stale], [0, false, [], []], JSON.stringify(after.body));
  assert.deepEqual(after.body.runTime.map((v: { built: string; runId: number }) => [v.built, v.runId]), other.body.runTime.map((v: { built: string; runId: number }) => [v.built, v.runId]));
  writeTree(dir, { 'models/timed.sql': "select '{{ run_started_at }}' as built_at, 1 as edited" });
  const plan = cli(dir, 'plan', '--env', 'prod');
  assert.match(plan.stderr, /warning: uncommitted changes: the working tree compiles to other versions of 2 models than HEAD \(after_timed, timed\); this plan is of HEAD/);
  assert.doesNotMatch(plan.stderr, /stamped/, 'a run-time model the edit does not reach is not named');
  const edited = json(dir, 'run');
  assert.deepEqual([edited.code, edited.body.moved], [0, false]);
  assert.match(cli(dir, 'run').stderr, /pointer not moved: the working tree differs from every commit/);
});

test('promote, rollback and env create of a commit with a model reading run_started_at: its views read the version a run of the commit built (the recorded one never is), and drift agrees', () => {
  const dir = initRepo();
  const files: Record<string, string> = { ...shopFiles, 'models/timed.sql': "select '{{ run_started_at }}' as built_at, total from {{ ref('customer_totals') }}" };
  const v1 = commit(dir, 'timed', files);
  assert.equal(cli(dir, 'seed').code, 0);
  assert.equal(json(dir, 'run').code, 0);
  const v2 = commit(dir, 'v2', { 'models/customer_totals.sql': files['models/customer_totals.sql'].replace('sum(amount)', 'sum(amount) * 2') });
  const pr = json(dir, 'run', '--env', 'pr-1');
  assert.deepEqual([pr.code, pr.body.commit], [0, v2], pr.stderr);
  const promote = cli(dir, 'env', 'promote', 'pr-1', 'prod');
  assert.equal(promote.code, 0, promote.stderr);
  assert.doesNotMatch(promote.stderr, /not-built/);
  const drift = json(dir, 'drift', '--env', 'prod');
  assert.deepEqual([drift.code, drift.body.missing, drift.body.stale], [0, [], []], JSON.stringify(drift.body));
  assert.deepEqual(drift.body.runTime.map((v: { model: string; runId: number }) => [v.model, v.runId]), [['timed', pr.body.runId]], "the version pr-1's run built");
  const rollback = cli(dir, 'env', 'rollback', 'prod');
  assert.equal(rollback.code, 0, rollback.stderr);
  assert.equal(json(dir, 'drift', '--env', 'prod').code, 0);
  const created = cli(dir, 'env', 'create', 'staging', '--commit', v1);
  assert.equal(created.code, 0, created.stderr);
  assert.equal(json(dir, 'drift', '--env', 'staging').code, 0);
});

test('status and test --env NAME: a target with no environments of its own refuses a name only another target has', () => {
  const dir = initRepo();
  commit(dir, 'shop', shopFiles);
  assert.equal(json(dir, 'env', 'create', 'staging', '--target', 'ci').code, 0);
  for (const command of ['status', 'test']) {
    const result = cli(dir, command, '--env', 'staging');
    assert.equal(result.code, 1, `${command}: ${result.stderr}`);
    assert.match(result.stderr, /error\[environment-not-found\] environment 'staging' of acme\/shop \(target 'dev'\) does not exist\n {2}hint: target 'ci' has an environment 'staging': pass --target ci\n/, command);
  }
  const status = json(dir, 'status', '--env', 'staging');
  assert.deepEqual([status.code, status.body.error?.code], [1, 'environment-not-found']);
  assert.equal(cli(dir, 'status', '--env', 'dev-ann').code, 0, 'a name no target has still passes while the target has no environments');
  // run --env NAME makes a new environment of this target: it warns that another target has one of that name.
  assert.equal(cli(dir, 'seed').code, 0);
  const run = json(dir, 'run', '--env', 'staging');
  assert.deepEqual([run.code, run.body.target, run.body.moved], [0, 'dev', true], run.stderr);
  assert.match(run.stderr, /^warning: environment 'staging' does not exist for acme\/shop \(target 'dev'\), so it is run as a new environment: target 'ci' has an environment 'staging': pass --target ci$/m);
  assert.doesNotMatch(json(dir, 'run', '--env', 'staging').stderr, /--target/, 'once this target has it, no warning');
  // run --commit takes a git ref: a name only another target has as an environment says so.
  const nightly = json(dir, 'env', 'create', 'nightly', '--target', 'ci');
  assert.equal(nightly.code, 0);
  const at = nightly.body.environment.commit.slice(0, 12);
  assert.match(cli(dir, 'run', '--commit', 'nightly', '--env', 'x').stderr, new RegExp(`error\\[unknown-commit\\] [^\\n]*\\n {2}hint: target 'ci' has an environment 'nightly', at ${at}: run --commit takes a git ref; pass --commit ${at} \\(with --target ci to build on that target\\)\\n`));
});
