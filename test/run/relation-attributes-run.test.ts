import assert from 'node:assert/strict';
import { test } from 'node:test';
import { commit, initRepo } from '../git/git-test-repo.js';
import { rows, runJson, withWarehouse } from './run-project.js';

test("a run builds a model reading this.schema, this.identifier and ref('m').identifier as its physical relations; environments read them", async () => {
  const dir = initRepo();
  commit(dir, 'relations', {
    '.gitignore': '.amp-dbt/\n',
    'dbt_project.yml': 'name: rel\n',
    'models/a.sql': "{{ config(materialized='table') }}select 1 as n",
    'models/b.sql': "{{ config(materialized='table') }}select '{{ this.database }}' as d, '{{ this.schema }}' as s, '{{ this.identifier }}' as i,"
      + " '{{ ref('a').identifier }}' as a, (select count(*) from information_schema.tables where table_schema = '{{ ref('a').schema }}'"
      + " and table_name = '{{ ref('a').identifier }}') as found",
  });
  const run = runJson(dir, '--env', 'pr-1');
  assert.equal(run.code, 0, run.stderr);
  const [row] = await rows(dir, 'select * from "main__pr-1".b');
  assert.equal(row.d, 'warehouse');
  assert.equal(row.s, 'amp_dbt_physical');
  assert.match(String(row.i), /^b__[0-9a-f]{12}$/);
  assert.match(String(row.a), /^a__[0-9a-f]{12}$/);
  assert.equal(Number(row.found), 1, "ref('a').schema and .identifier name the table the run built");
  const built = await withWarehouse(dir, async (w) => (await w.listRelations('amp_dbt_physical')).map((r) => r.name));
  assert.ok(built.includes(String(row.i)), `${String(row.i)} is one of ${built.join(', ')}`);
});
