import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileFiles } from '../helpers.js';

const project = "name: p\nseeds:\n  p:\n    countries:\n      +enabled: false\n";

test("ref() of a disabled seed says the seed is disabled, where the ref is written (not 'not a model or declared dataset')", () => {
  const { errors } = compileFiles({ 'dbt_project.yml': project, 'seeds/countries.csv': 'code\nde\n', 'models/m.sql': "select *\nfrom {{ ref('countries') }}" });
  assert.deepEqual(errors.map((e) => `${e.code} ${e.file}:${e.line}:${e.column} ${e.message} | ${e.hint}`), [
    "disabled-ref models/m.sql:2:9 'm' refers to seed 'countries' (seeds/countries.csv), which is disabled (enabled: false)"
      + " | enable the seed (its +enabled under 'seeds:' in dbt_project.yml) or remove the ref",
  ]);
});

test('a model of the name of a disabled seed is what ref() reads', () => {
  const { errors, result } = compileFiles({
    'dbt_project.yml': project, 'seeds/countries.csv': 'code\nde\n', 'models/countries.sql': "select 'de' as code", 'models/m.sql': "select * from {{ ref('countries') }}",
  });
  assert.deepEqual(errors, []);
  assert.deepEqual(result!.byName.get('m')!.refs, ['countries']);
});

test("ref() of a misspelt seed suggests the seed's name", () => {
  const { errors } = compileFiles({ 'dbt_project.yml': 'name: p\n', 'seeds/countries.csv': 'code\nde\n', 'models/m.sql': "select * from {{ ref('countrie') }}" });
  assert.deepEqual(errors.map((e) => `${e.code} ${e.file}:${e.line}:${e.column} | ${e.hint}`), [
    "unknown-ref models/m.sql:1:18 | did you mean 'countries'?",
  ]);
});
