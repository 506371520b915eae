import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isEnvironmentView, viewKey } from '../../core/run/environment-view-mark.js';
import type { RelationInfo } from '../../core/warehouse/warehouse-adapter.js';

const view = (definition: string, name = 'v'): RelationInfo => ({ schema: 'main', name, kind: 'view', definition });
const modelViews = new Set([viewKey('main', 'v')]);

test("a view is amp-dbt's when it selects one physical relation and nothing else, as amp_dbt_view, or unaliased where a model's view is", () => {
  // DuckDB's and PostgreSQL's spellings of the views amp-dbt makes, and of those it made before the alias.
  for (const definition of [
    'CREATE VIEW v AS SELECT * FROM amp_dbt_physical.m__abc AS amp_dbt_view;',
    ' SELECT amp_dbt_view.id,\n    amp_dbt_view."odd name"\n   FROM amp_dbt_physical.m__abc amp_dbt_view;',
    'CREATE VIEW v AS SELECT * FROM amp_dbt_physical.m__abc;',
    'CREATE VIEW "main__pr-1"."v" AS SELECT * FROM "amp_dbt_physical"."m__abc";',
    ' SELECT m__abc.id,\n    m__abc."odd name"\n   FROM amp_dbt_physical.m__abc;',
  ]) assert.equal(isEnvironmentView(view(definition), 'amp_dbt_physical', modelViews), true, definition);
  for (const definition of [
    'CREATE VIEW v AS SELECT o.id FROM amp_dbt_physical.m__abc o WHERE o.amount > 10;',
    'CREATE VIEW v AS SELECT * FROM amp_dbt_physical.m__abc AS mine;',
    'CREATE VIEW v AS SELECT * FROM amp_dbt_physical.a__1 JOIN amp_dbt_physical.b__2 USING (id);',
    'CREATE VIEW v AS SELECT (SELECT 1 FROM amp_dbt_physical.a__1) AS x FROM other.t;',
    'CREATE VIEW v AS SELECT * FROM other.t AS amp_dbt_view;',
  ]) assert.equal(isEnvironmentView(view(definition), 'amp_dbt_physical', modelViews), false, definition);
  assert.equal(isEnvironmentView({ schema: 'main', name: 't', kind: 'table' }, 'amp_dbt_physical', modelViews), false);
});

test("an unaliased view under a name no model's view has is someone's own `select *` over the physical schema, however it is spelled", () => {
  for (const definition of [
    'CREATE VIEW mine AS SELECT * FROM amp_dbt_physical.m__abc;',
    ' SELECT m__abc.id,\n    m__abc."odd name"\n   FROM amp_dbt_physical.m__abc;',
  ]) {
    assert.equal(isEnvironmentView(view(definition, 'mine'), 'amp_dbt_physical', modelViews), false, definition);
    assert.equal(isEnvironmentView({ ...view(definition), schema: 'reports' }, 'amp_dbt_physical', modelViews), false, 'a model\'s name in another schema');
  }
  assert.equal(isEnvironmentView(view('CREATE VIEW mine AS SELECT * FROM amp_dbt_physical.m__abc AS amp_dbt_view;', 'mine'), 'amp_dbt_physical', new Set()), true,
    'with the alias, wherever it is');
});
