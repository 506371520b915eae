import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileFixture } from '../helpers.js';

test('the example written in header pragmas has the same graph as the Jinja example', () => {
  const jinja = compileFixture('erc20_transfers');
  const pragma = compileFixture('erc20_transfers_pragma');
  assert.deepEqual(jinja.errors, []);
  assert.deepEqual(pragma.errors, []);
  const shape = (c: typeof jinja) => c.result!.models.map((m) => ({ name: m.name, path: m.path, refs: m.refs, materialized: m.materialized, datasets: m.datasets }));
  assert.deepEqual(shape(pragma).map((m) => m.name), shape(jinja).map((m) => m.name));
  assert.deepEqual(shape(pragma).map((m) => [m.name, m.refs, m.materialized]), shape(jinja).map((m) => [m.name, m.refs, m.materialized]));
  assert.ok(pragma.result!.models.every((m) => m.syntax === 'pragma'));
  assert.ok(jinja.result!.models.every((m) => m.syntax === 'jinja'));
});
