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
