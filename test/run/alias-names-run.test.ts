import assert from 'node:assert/strict';
import { test } from 'node:test';
import { commit, initRepo } from '../git/git-test-repo.js';
import { rows, runJson, withWarehouse } from './run-project.js';

test("a run builds the relations a project's generate_alias_name names: the environment's views have those names, children read them", async () => {
  const dir = initRepo();
  commit(dir, 'aliases', {
    '.gitignore': '.amp-dbt/\n',
    'dbt_project.yml': 'name: shop\n',
    'macros/aliases.sql': "{% macro generate_alias_name(custom_alias_name=none, node=none) %}{{ 'shop_' ~ (custom_alias_name or node.name) }}{% endmacro %}\n",
    'models/a.sql': "{{ config(materialized='table') }}select 1 as n",
    'models/b.sql': "{{ config(alias='bee') }}select n + 1 as n, '{{ ref('a').identifier }}' as parent from {{ ref('a') }}",
  });
  const run = runJson(dir);
  assert.equal(run.code, 0, run.stderr);
  const views = await withWarehouse(dir, async (w) => (await w.listRelations('main')).map((r) => r.name).sort());
  assert.deepEqual(views, ['shop_a', 'shop_bee']);
  const [row] = await rows(dir, 'select * from main.shop_bee');
  assert.equal(Number(row.n), 2);
  assert.match(String(row.parent), /^a__[0-9a-f]{12}$/, 'a run reads parents from their physical relations, named by model');
  const second = runJson(dir, '--env', 'pr-1');
  assert.equal(second.code, 0, second.stderr);
  assert.deepEqual(await rows(dir, 'select n from "main__pr-1".shop_a'), [{ n: 1 }]);
});
