import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileFiles, runCli, tempDir, writeTree } from '../helpers.js';

const files = {
  'dbt_project.yml': 'name: p\n',
  'macros/note.sql': "{% macro note(what) %}{{ log('noting ' ~ what, info=True) }}{{ log('only in dbt.log') }}{% endmacro %}",
  'models/a.sql': "{{ log('rendering a', True) }}select 1 as n{{ note('a') }}",
  'models/b.sql': "{% do log('rendering b', info=true) %}select * from {{ ref('a') }}",
  'models/c.sql': "{{ config(materialized='incremental') }}{{ log('rendering c incremental=' ~ is_incremental(), info=True) }}select 1 as n",
};

test('log(message, info=True) is shown once per render, on both render paths; without info it is not', () => {
  for (const useFastPath of [true, false]) {
    const logged: string[] = [];
    const { errors } = compileFiles(files, { useFastPath, onLog: (message, model) => logged.push(`${model.name}: ${message}`) });
    assert.deepEqual(errors, []);
    assert.deepEqual(logged, ['a: rendering a', 'a: noting a', 'b: rendering b', 'c: rendering c incremental=False', 'c: rendering c incremental=True'], `fast path: ${useFastPath}`);
  }
});

test('compile --json prints what templates log on stderr, and stdout stays JSON', () => {
  const dir = writeTree(tempDir(), files);
  const out = runCli(['compile', '--json', '--project-dir', dir], { env: { AMP_DBT_NO_PARTIAL_COMPILE: '1' } });
  assert.equal(out.code, 0, out.stderr);
  assert.equal((JSON.parse(out.stdout) as { models: unknown[] }).models.length, 3);
  assert.deepEqual(out.stderr.split('\n').filter((line) => /^(rendering|noting)/.test(line)),
    ['rendering a', 'noting a', 'rendering b', 'rendering c incremental=False', 'rendering c incremental=True']);
  assert.doesNotMatch(out.stderr, /only in dbt\.log/);
});
