import assert from 'node:assert/strict';
import { test } from 'node:test';
import { commit } from '../git/git-test-repo.js';
import { writeTree } from '../helpers.js';
import { amp, rows, runJson, shopRepo } from './run-project.js';

const statuses = (body: Record<string, any>) => Object.fromEntries((body.models as { model: string; status: string; action: string }[]).map((m) => [m.model, `${m.action}:${m.status}`]));

const readers = {
  'models/country_names.sql': "select code, name from {{ ref('countries') }}",
  'models/country_table.sql': "{{ config(materialized='table') }}\nselect * from {{ ref('countries') }}",
  'models/country_log.sql': "{{ config(materialized='incremental') }}\nselect * from {{ ref('countries') }}",
};

test("after a seed's file changes, seed then run builds new versions of the tables and incremental models reading it (new columns too), and the run of a clean tree is the commit's", async () => {
  const { dir } = await shopRepo();
  const first = commit(dir, 'countries', { 'seeds/countries.csv': 'code,name\nde,Germany\n', ...readers });
  assert.equal(amp(dir, 'seed').code, 0);
  const built = runJson(dir, '--env', 'prod');
  assert.equal(built.code, 0, built.stderr);
  assert.deepEqual([built.body.moved, built.body.commit], [true, first]);
  const second = commit(dir, 'more countries, a column more', { 'seeds/countries.csv': 'code,name,population\nde,Germany,84\nfr,France,68\n' });
  const seeded = amp(dir, 'seed');
  assert.equal(seeded.code, 0, seeded.stderr);
  assert.doesNotMatch(seeded.stderr, /note:/, 'no table keeps old rows: a run builds new versions of the readers');
  const plan = amp(dir, 'plan', '--env', 'prod', '--json');
  assert.equal(plan.code, 0, plan.stderr);
  assert.deepEqual((JSON.parse(plan.stdout).build as { name: string; change: string }[]).map((m) => `${m.name} ${m.change}`).sort(), ['country_log modified', 'country_names modified', 'country_table modified']);
  const run = runJson(dir, '--env', 'prod');
  assert.equal(run.code, 0, run.stderr);
  const reader = statuses(run.body);
  assert.deepEqual([reader.country_table, reader.country_log, reader.stg_orders], ['build:success', 'build:success', 'reuse:reused']);
  assert.deepEqual([run.body.moved, run.body.commit], [true, second], 'a clean working tree compiles to the recorded commit');
  assert.deepEqual(await rows(dir, 'select code from main.country_names order by code'), [{ code: 'de' }, { code: 'fr' }]);
  for (const model of ['country_table', 'country_log']) {
    assert.deepEqual(await rows(dir, `select code, population from main.${model} order by code`), [{ code: 'de', population: 84 }, { code: 'fr', population: 68 }], model);
  }
  const rollback = amp(dir, 'env', 'rollback', 'prod');
  assert.equal(rollback.code, 0, rollback.stderr);
  assert.deepEqual(await rows(dir, 'select code from main.country_table order by code'), [{ code: 'de' }], 'the earlier version keeps its rows');
  assert.deepEqual(await rows(dir, 'select code from main.country_names order by code'), [{ code: 'de' }, { code: 'fr' }], 'a view reads what seed loaded last');
});

test('an uncommitted seed edit runs as a dirty working tree: its readers are built anew and the pointer stays', async () => {
  const { dir } = await shopRepo();
  const sha = commit(dir, 'countries', { 'seeds/countries.csv': 'code,name\nde,Germany\n', ...readers });
  assert.equal(amp(dir, 'seed').code, 0);
  assert.equal(runJson(dir, '--env', 'dev').code, 0);
  writeTree(dir, { 'seeds/countries.csv': 'code,name\nde,Germany\nit,Italy\n' });
  assert.equal(amp(dir, 'seed').code, 0);
  const dirty = runJson(dir, '--env', 'dev');
  assert.equal(dirty.code, 0, dirty.stderr);
  assert.deepEqual([dirty.body.moved, dirty.body.commit], [false, sha]);
  assert.match(dirty.body.notMoved, /working tree differs/);
  assert.equal(statuses(dirty.body).country_table, 'build:success');
  assert.deepEqual(await rows(dir, 'select count(*)::int as n from "main__dev".country_table'), [{ n: 2 }]);
});
