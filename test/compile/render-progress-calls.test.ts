import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileFiles } from '../helpers.js';

test('compileProject reports progress before each model it renders or reuses: done of total, in order', () => {
  const calls: Array<[number, number]> = [];
  const { errors } = compileFiles({
    'dbt_project.yml': 'name: p\n',
    'models/a.sql': 'select 1 as n',
    'models/b.sql': "select * from {{ ref('a') }}",
    'models/c.sql': "-- @import: a = models.a\nselect * from :a",
  }, { onProgress: (done, total) => calls.push([done, total]) });
  assert.deepEqual(errors, []);
  assert.deepEqual(calls, [[0, 3], [1, 3], [2, 3]]);
});
