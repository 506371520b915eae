import assert from 'node:assert/strict';
import { test } from 'node:test';
import { evaluateFreshness, freshnessAge } from '../../core/freshness/evaluate-freshness.js';
import { formatSeconds } from '../../core/freshness/render-freshness-text.js';
import { openStateStore } from '../../core/state/open-state-store.js';
import { openWarehouse } from '../../core/warehouse/open-warehouse.js';
import { commit, initRepo } from '../git/git-test-repo.js';
import { spawnSync } from 'node:child_process';
import { cliPath, runCli } from '../helpers.js';

const env = { AMP_DBT_REPO: 'acme/chain', AMP_DBT_ACTOR: 'tester', AMP_DBT_STATE_URL: '' };
const project = initRepo({
  '.gitignore': '.amp-dbt/\n',
  'dbt_project.yml': `name: chain
profile: chain
monitoring:
  warn_after: {count: 100, period: block}
  error_after: {count: 1000, period: block}
`,
  'profiles.yml': 'chain:\n  target: dev\n  outputs:\n    dev: {type: duckdb, path: .amp-dbt/warehouse.duckdb, schema: main}\n',
  'models/_sources.yml': `version: 2
sources:
  - name: raw
    loaded_at_field: timestamp
    tables:
      - name: blocks
      - name: logs
        freshness: null
`,
  'models/fresh_model.sql': "select block_num from {{ source('raw', 'blocks') }}",
  'models/warn_model.sql': "{{ config(materialized='table') }} select * from {{ ref('fresh_model') }}",
  'models/error_model.sql': "{{ config(materialized='table') }} select block_num as _block_num from {{ ref('fresh_model') }}",
  'models/timed_model.sql': "{{ config(materialized='table', track_column='loaded_at') }} select now() as loaded_at",
  'models/_models.yml': `version: 2
models:
  - name: timed_model
    config:
      freshness:
        warn_after: {count: 1, period: hour}
        error_after: {count: 1, period: day}
`,
  'models/stamped_model.sql': "{{ config(track_column='updated_at') }} select block_num, timestamp as updated_at from {{ source('raw', 'blocks') }}",
  'models/missing_model.sql': "select block_num from {{ ref('fresh_model') }}",
  'models/empty_model.sql': "select block_num from {{ ref('fresh_model') }} where false",
  'models/no_track.sql': 'select 1 as x',
  'models/helper.sql': "{{ config(materialized='ephemeral') }} select 1 as x",
});
commit(project, 'chain project');

/** Tables and views made by SQL, as a run would have left them (the head is block 10000). */
const warehouse = await openWarehouse({ name: 'dev', type: 'duckdb', schema: 'main', path: '.amp-dbt/warehouse.duckdb' }, { baseDir: project });
await warehouse.execute(`
  CREATE SCHEMA raw;
  CREATE TABLE raw.blocks AS SELECT range::UBIGINT AS block_num, now() - INTERVAL 1 MINUTE AS "timestamp" FROM range(9000, 10001);
  CREATE TABLE raw.logs AS SELECT 9999::UBIGINT AS block_num;
  CREATE VIEW main.fresh_model AS SELECT block_num FROM raw.blocks;
  CREATE TABLE main.warn_model AS SELECT range::BIGINT AS block_num FROM range(9000, 9501);
  CREATE TABLE main.error_model AS SELECT 5000::BIGINT AS _block_num;
  CREATE TABLE main.timed_model AS SELECT now() - INTERVAL 2 HOUR AS loaded_at;
  CREATE TABLE main.stamped_model AS SELECT 9990::UBIGINT AS block_num, now() - INTERVAL 3 DAY AS updated_at;
  CREATE TABLE main.empty_model (block_num BIGINT);
  CREATE VIEW main.no_track AS SELECT 1 AS x;
  CREATE SCHEMA "main__pr-1";
  CREATE VIEW "main__pr-1".fresh_model AS SELECT 9950::UBIGINT AS block_num;
`);
await warehouse.close();

const status = (...args: string[]) => runCli(['status', ...args], { cwd: project, env });

interface Row { name: string; kind: string; status: string; reason: string | null; latestBlock: number | null; latestTimestamp: string | null; age: { blocks: number | null; seconds: number | null } }

test('status: block thresholds give fresh, warn and error; a timestamp threshold; unknown says why; state is written', async () => {
  const { code, stdout, stderr } = status('--json');
  assert.equal(code, 1, stderr);
  assert.notEqual(stdout, '', stderr);
  const report = JSON.parse(stdout) as { repo: string; target: string; environment: string; chainHead: number; rows: Row[] };
  assert.deepEqual([report.repo, report.target, report.environment], ['acme/chain', 'dev', 'prod']);
  assert.equal(report.chainHead, 10000);
  const byName = Object.fromEntries(report.rows.map((r) => [r.name, r]));
  assert.deepEqual(report.rows.map((r) => `${r.kind}:${r.name}:${r.status}`), [
    'source:raw.blocks:fresh', 'source:raw.logs:unknown',
    'model:fresh_model:fresh', 'model:empty_model:unknown', 'model:error_model:error', 'model:missing_model:unknown',
    'model:no_track:unknown', 'model:stamped_model:fresh', 'model:timed_model:warn', 'model:warn_model:warn',
  ]);
  assert.deepEqual([byName.warn_model.latestBlock, byName.warn_model.age.blocks], [9500, 500]);
  assert.deepEqual([byName.error_model.latestBlock, byName.error_model.age.blocks], [5000, 5000]);
  assert.ok(byName.timed_model.age.seconds! >= 7200 && byName.timed_model.age.seconds! < 7300);
  assert.match(byName.timed_model.reason!, /more than 1 hour behind \(warn_after\)/);
  assert.deepEqual([byName.stamped_model.latestBlock, byName.stamped_model.age.blocks], [9990, 10]);
  assert.match(byName.stamped_model.latestTimestamp!, /^\d{4}-\d\d-\d\dT/);
  assert.match(byName.missing_model.reason!, /relation main\.missing_model does not exist/);
  assert.equal(byName.empty_model.reason, 'no rows');
  assert.match(byName.no_track.reason!, /^no track column: set track_column, or give the model a block_num or _block_num column$/);
  assert.match(byName['raw.logs'].reason!, /freshness is disabled/);
  assert.equal(byName['raw.blocks'].age.blocks, 0);

  const store = await openStateStore({ type: 'sqlite', path: '.amp-dbt/state.db' }, { baseDir: project });
  try {
    const states = await store.getModelStates('acme/chain#dev', 'prod');
    assert.deepEqual(states.map((s) => `${s.model}=${s.freshness}`), [
      'empty_model=unknown', 'error_model=error', 'fresh_model=pass', 'missing_model=unknown', 'no_track=unknown',
      'source:raw.blocks=pass', 'source:raw.logs=unknown', 'stamped_model=pass', 'timed_model=warn', 'warn_model=warn',
    ]);
    const error = states.find((s) => s.model === 'error_model')!;
    assert.deepEqual([error.latestBlock, error.latestTimestamp], [5000, null]);
  } finally {
    await store.close();
  }
});

test('status prints a table; --select narrows models and sources; --env reads that environment', () => {
  const text = status();
  assert.equal(text.code, 1);
  const lines = text.stdout.split('\n');
  assert.match(lines[0], /^environment prod: chain head 10000; checked /);
  assert.match(lines[1], /^NAME +KIND +LATEST +AGE +STATUS +THRESHOLDS$/);
  const warnAt = lines.findIndex((l) => /^warn_model +model +9500 +500 blocks +warn +warn > 100 blocks, error > 1,000 blocks$/.test(l));
  assert.ok(warnAt > 0, text.stdout);
  assert.equal(lines[warnAt + 1], '  more than 100 blocks behind (warn_after)', 'a row that is not fresh says why');
  assert.ok(lines.some((l) => /^ {2}relation main\.missing_model does not exist$/.test(l)), text.stdout);
  assert.match(text.stdout, /\n3 fresh, 2 warn, 1 error, 4 unknown\n$/);

  const selected = JSON.parse(status('--select', 'fresh_model', '--json').stdout) as { rows: Row[] };
  assert.deepEqual(selected.rows.map((r) => r.name), ['raw.blocks', 'fresh_model']);
  const table = status('--select', 'source:raw.logs', '--json');
  assert.doesNotMatch(table.stderr, /warning/, 'a source table no model reads is selected: nothing to warn about');
  assert.deepEqual((JSON.parse(table.stdout) as { rows: Row[] }).rows.map((r) => r.name), ['raw.logs']);
  const names = (...args: string[]) => (JSON.parse(status(...args, '--json').stdout) as { rows: Row[] }).rows.map((r) => r.name);
  assert.deepEqual(names('--exclude', 'source:raw.blocks').filter((n) => n.startsWith('raw.')), ['raw.logs'], '--exclude alone: every table it does not remove');
  assert.deepEqual(names('--exclude', 'resource_type:source').filter((n) => n.startsWith('raw.')), [], 'though the models reading them are still selected');
  assert.deepEqual(names('--select', 'fresh_model', '--exclude', 'resource_type:source'), ['fresh_model'], 'nor a table a selected model reads');

  const pr = status('--env', 'pr-1', '--select', 'fresh_model', 'warn_model', '--json');
  assert.equal(pr.code, 0, pr.stderr);
  const rows = (JSON.parse(pr.stdout) as { rows: Row[] }).rows;
  assert.deepEqual(rows.map((r) => `${r.name}:${r.status}:${r.age.blocks}`), ['raw.blocks:fresh:0', 'fresh_model:fresh:50', 'warn_model:unknown:null']);
  assert.match(rows[2].reason!, /relation main__pr-1\.warn_model does not exist/);
});

test('evaluateFreshness: error wins over warn; an unmeasurable threshold is unknown unless another is exceeded', () => {
  const latest = { latestBlock: 10, latestTimestamp: null, chainHead: 20, noBlockReason: 'no block', noTimeReason: 'no time' };
  const age = freshnessAge(latest, new Date());
  assert.deepEqual(evaluateFreshness({ warn_after: { count: 5, period: 'block' }, error_after: { count: 8, period: 'block' } }, latest, age), { status: 'error', reason: 'more than 8 blocks behind (error_after)' });
  assert.deepEqual(evaluateFreshness({ warn_after: { count: 10, period: 'block' } }, latest, age), { status: 'fresh', reason: null });
  assert.deepEqual(evaluateFreshness({ warn_after: { count: 1, period: 'hour' } }, latest, age), { status: 'unknown', reason: 'no time' });
  assert.deepEqual(evaluateFreshness({ warn_after: { count: 1, period: 'hour' }, error_after: { count: 5, period: 'block' } }, latest, age).status, 'error');
  assert.deepEqual(evaluateFreshness({ warn_after: { count: 1, period: 'block' } }, { ...latest, chainHead: null }, freshnessAge({ ...latest, chainHead: null }, new Date())).status, 'unknown');
  assert.deepEqual([formatSeconds(40), formatSeconds(7260), formatSeconds(90000), formatSeconds(7200)], ['40s', '2h 1m', '1d 1h', '2h']);
  // The reason spells the threshold as the THRESHOLDS column does (error > 1,000 blocks).
  assert.deepEqual(evaluateFreshness({ error_after: { count: 1000, period: 'block' } }, { ...latest, latestBlock: 0, chainHead: 5000 }, freshnessAge({ ...latest, latestBlock: 0, chainHead: 5000 }, new Date())),
    { status: 'error', reason: 'more than 1,000 blocks behind (error_after)' });
});

test('status, test and state runs work outside git, as run does: state is filed under the project folder', async () => {
  const { tempDir } = await import('../helpers.js');
  const { join } = await import('node:path');
  const dir = join(tempDir('amp-dbt-nogit-'), 'shop');
  const outside = { AMP_DBT_REPO: '', AMP_DBT_STATE_URL: '', AMP_DBT_ACTOR: 'tester' };
  assert.equal(runCli(['init', '--project-dir', dir]).code, 0);
  // Before any run: a row without thresholds says first that its relation is not there.
  const before = JSON.parse(runCli(['status', '--project-dir', dir, '--json'], { env: outside }).stdout) as { rows: { name: string; reason: string }[] };
  assert.match(before.rows.find((r) => r.name === 'stg_payments')!.reason, /^relation main\.stg_payments does not exist; no thresholds/);
  // One line says nothing is built yet, and how to build it.
  const text = runCli(['status', '--project-dir', dir], { env: outside });
  // The run it suggests repeats --project-dir (as every hint's command does): from elsewhere, it builds this project.
  assert.ok(text.stdout.endsWith(`\nnone of the 2 models listed is built in environment prod yet: \`amp-dbt run --project-dir ${dir}\` builds them\n`), text.stdout);
  assert.ok(runCli(['status', '--project-dir', dir, '--env', 'dev'], { env: outside }).stdout
    .endsWith(`none of the 2 models listed is built in environment dev yet: \`amp-dbt run --env dev --project-dir ${dir}\` builds them\n`));
  assert.ok(runCli(['status', '--project-dir', dir, '--select', 'stg_payments'], { env: outside }).stdout
    .endsWith(`\nmodel stg_payments is not built in environment prod yet: \`amp-dbt run --project-dir ${dir}\` builds it\n`));
  const run = runCli(['run', '--project-dir', dir], { env: outside });
  assert.equal(run.code, 0, run.stderr);
  assert.doesNotMatch(runCli(['status', '--project-dir', dir], { env: outside }).stdout, /built in environment prod yet/);
  const checked = runCli(['status', '--project-dir', dir, '--json'], { env: outside });
  assert.equal(checked.code, 0, checked.stderr);
  assert.ok(JSON.parse(checked.stdout).rows.length > 0);
  const tested = runCli(['test', '--project-dir', dir], { env: outside });
  assert.equal(tested.code, 0, tested.stderr);
  const runs = runCli(['state', 'runs', '--project-dir', dir, '--json'], { env: outside });
  assert.equal(runs.code, 0, runs.stderr);
  assert.deepEqual((JSON.parse(runs.stdout) as { runs: { commit: string }[] }).runs.map((r) => r.commit), ['working-tree'], 'the run recorded outside git can be read');
});

test('status on a terminal names the relation whose latest value it reads on a status line (stderr), cleared before the table (through script(1))', { skip: spawnSync('script', ['--version']).status !== 0 && 'script(1) is not installed' }, () => {
  const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(cliPath)} status --select fresh_model`;
  const result = spawnSync('script', ['-qec', command, '/dev/null'], { cwd: project, encoding: 'utf8', env: { ...process.env, ...env, NO_COLOR: '1' } });
  assert.equal(result.status, 0, result.stdout);
  const shown = result.stdout.replaceAll('\r\u001b[2K', '<cleared>');
  assert.match(shown, /running: raw\.blocks \(0s\)<cleared>/);
  assert.match(shown, /running: fresh_model \(0s\)<cleared>environment prod: chain head 10000; checked /);
});
