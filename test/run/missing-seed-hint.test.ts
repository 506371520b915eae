import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Diagnostics } from '../../core/errors.js';
import { loadProject } from '../../core/project/load-project.js';
import { withMissingSeedHint } from '../../core/run/missing-seed-hint.js';
import { memoryFileSource } from '../../core/util/file-source.js';

test("a missing table that is one of the project's seeds gets the hint on DuckDB's and PostgreSQL's messages; others do not", () => {
  const project = loadProject({ files: memoryFileSource({ 'dbt_project.yml': 'name: p\n', 'seeds/countries.csv': 'a\n1\n' }), root: '/p' }, new Diagnostics())!;
  const hinted = (message: string) => (withMissingSeedHint(new Error(message), project, { name: 'dev', type: 'duckdb', schema: 'main' }) as Error).message.includes("hint: 'countries' is a seed");
  assert.equal(hinted('Catalog Error: Table with name countries does not exist!'), true);
  assert.equal(hinted('relation "main.countries" does not exist'), true);
  assert.equal(hinted('relation "countries" does not exist'), true);
  assert.equal(hinted('Catalog Error: Table with name regions does not exist!'), false);
  assert.equal(hinted('Binder Error: column x not found'), false);
});

test('a seed in a custom schema or filling a source table gets the hint too, without DuckDB guessing another table', () => {
  const project = loadProject({
    files: memoryFileSource({
      'dbt_project.yml': 'name: p\nseeds:\n  p:\n    +schema: raw\n',
      'seeds/raw_customers.csv': 'a\n1\n',
      'seeds/ecom/events.csv': 'a\n1\n',
      'models/sources.yml': 'version: 2\nsources:\n  - name: ecom\n    tables:\n      - name: events\n',
    }),
    root: '/p',
  }, new Diagnostics())!;
  const target = { name: 'dev', type: 'duckdb', schema: 'main' } as const;
  const message = (text: string) => (withMissingSeedHint(new Error(text), project, target) as Error).message;
  assert.equal(message('Catalog Error: Table with name main_raw.raw_customers does not exist because schema "main_raw" does not exist!\nDid you mean "pragma_database_list"?\n\nLINE 1: select'),
    'Catalog Error: Table with name main_raw.raw_customers does not exist because schema "main_raw" does not exist!\n\nLINE 1: select\nhint: \'raw_customers\' is a seed of this project that is not loaded: run `amp-dbt seed` first');
  assert.match(message('Catalog Error: Table with name ecom.events does not exist!'), /hint: 'events' is a seed/);
  assert.match(message('relation "ecom.events" does not exist'), /hint: 'events' is a seed/);
  assert.equal(message('relation "other.raw_customers" does not exist'), 'relation "other.raw_customers" does not exist', 'a table of that name in another schema is not the seed');
});
