import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DataTest } from '../../core/test/data-test.js';
import { selectTests } from '../../core/test/select-tests.js';

const testOf = (name: string, fields: Partial<DataTest>) => ({ name, models: [], sources: [], ...fields }) as DataTest;
const tests = [
  testOf('unique_countries_code', { seed: 'countries' }),
  testOf('not_null_countries_code', { seed: 'countries' }),
  testOf('not_null_orders_id', { models: ['orders'] }),
];
const names = (selection: { select?: string[]; exclude?: string[]; models?: string[] }) =>
  selectTests(tests, { ...selection, models: new Set(selection.models ?? []), sources: new Set() }).map((t) => t.name);

test("a seed's name selects or excludes its tests, as in dbt (test --select countries)", () => {
  assert.deepEqual(names({ select: ['countries'] }), ['unique_countries_code', 'not_null_countries_code']);
  assert.deepEqual(names({ select: ['countries orders'], models: ['orders'] }), ['unique_countries_code', 'not_null_countries_code', 'not_null_orders_id']);
  assert.deepEqual(names({ exclude: ['countries'], models: ['orders'] }), ['not_null_orders_id']);
  assert.deepEqual(names({ select: ['unique_countries_code'] }), ['unique_countries_code']);
});

test("a seed with graph operators selects its own tests too, as in dbt (test --select countries+)", () => {
  // selectModels adds the models reading the seed (here orders) for countries+ and @countries.
  for (const selector of ['countries+', '@countries', 'countries+1', '+countries']) {
    assert.deepEqual(names({ select: [selector], models: selector === '+countries' ? [] : ['orders'] }),
      selector === '+countries' ? ['unique_countries_code', 'not_null_countries_code'] : ['unique_countries_code', 'not_null_countries_code', 'not_null_orders_id'], selector);
  }
  assert.deepEqual(names({ select: ['orders'], exclude: ['countries+'], models: [] }), []);
  assert.deepEqual(names({ select: ['unique_countries_code+'] }), [], "a test's own name takes no graph operator");
});

test("a glob of test names selects or excludes those tests, as in dbt (test --select 'unique_*')", () => {
  assert.deepEqual(names({ select: ['unique_*'] }), ['unique_countries_code']);
  assert.deepEqual(names({ select: ['not_null_*_id'] }), ['not_null_orders_id']);
  assert.deepEqual(names({ select: ['countries'], exclude: ['not_null_*'] }), ['unique_countries_code']);
  assert.deepEqual(names({ select: ['orders'], models: ['orders'], exclude: ['*_orders_*'] }), []);
});
