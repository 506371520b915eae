import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importedModel } from '../../core/compile/import-target.js';
import type { ModelFile } from '../../core/project/project-types.js';
import { compileFiles } from '../helpers.js';

const byName = (paths: string[]) => new Map(paths.map((path): [string, ModelFile] => {
  const name = path.slice(path.lastIndexOf('/') + 1, -4);
  return [name, { name, path, folders: [], modelPath: 'models', content: '' }];
}));

test("an import names the model whose path with dots (no .sql) it is", () => {
  const models = byName(['models/staging/stg_a.sql', 'models/marts/fct.v2.sql', 'top.sql', 'models/staging/stg_b.sql']);
  assert.equal(importedModel('models.staging.stg_a', models), 'stg_a');
  assert.equal(importedModel('models.marts.fct.v2', models), 'fct.v2', 'a name holding a dot');
  assert.equal(importedModel('top', models), 'top', 'a model at the root');
  assert.equal(importedModel('models.marts.stg_a', models), undefined, 'the name alone does not do');
  assert.equal(importedModel('models.staging.stg_a.sql', models), undefined);
  assert.equal(importedModel('models/staging/stg_a', models), undefined, 'slashes are not dots');
  assert.equal(importedModel('', models), undefined);
  assert.equal(importedModel('models.staging.', models), undefined);
});

test('of two paths written alike with dots, an import names the later by path (as the index of every path did)', () => {
  // 'a.b/c.sql' sorts before 'a/b.c.sql' ('.' < '/'); both are a.b.c with dots.
  assert.equal(importedModel('a.b.c', byName(['a.b/c.sql', 'a/b.c.sql'])), 'b.c');
  assert.equal(importedModel('a.b.c', byName(['a/b.c.sql', 'a.b/c.sql'])), 'b.c');
});

test('a pragma model imports models by path, and an unknown import still suggests the nearest path', () => {
  const project = {
    'dbt_project.yml': 'name: imports\n',
    'models/staging/stg_orders.sql': 'select 1 as id',
    'models/marts/orders.sql': '-- @import: o = models.staging.stg_orders\nselect id from :o',
  };
  const { result, errors } = compileFiles(project);
  assert.deepEqual(errors, []);
  assert.deepEqual(result!.byName.get('orders')!.refs, ['stg_orders']);
  const broken = compileFiles({ ...project, 'models/marts/orders.sql': '-- @import: o = models.staging.stg_order\nselect id from :o' });
  assert.equal(broken.errors[0].code, 'unknown-import-target');
  assert.match(broken.errors[0].hint ?? '', /models\.staging\.stg_orders/);
});
