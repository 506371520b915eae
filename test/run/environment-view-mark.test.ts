import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isEnvironmentView } from '../../core/run/environment-view-mark.js';
import type { RelationInfo } from '../../core/warehouse/warehouse-adapter.js';

const view = (definition: string): RelationInfo => ({ schema: 'main', name: 'v', kind: 'view', definition });

test("a view is amp-dbt's when it selects one physical relation and nothing else, as amp_dbt_view or unaliased", () => {
  // DuckDB's and PostgreSQL's spellings of the views amp-dbt makes, and of those it made before the alias.
  for (const definition of [
    'CREATE VIEW v AS SELECT * FROM amp_dbt_physical.m__abc AS amp_dbt_view;',
    ' SELECT amp_dbt_view.id,\n    amp_dbt_view."odd name"\n   FROM amp_dbt_physical.m__abc amp_dbt_view;',
    'CREATE VIEW v AS SELECT * FROM amp_dbt_physical.m__abc;',
    'CREATE VIEW "main__pr-1"."v" AS SELECT * FROM "amp_dbt_physical"."m__abc";',
    ' SELECT m__abc.id,\n    m__abc."odd name"\n   FROM amp_dbt_physical.m__abc;',
  ]) assert.equal(isEnvironmentView(view(definition), 'amp_dbt_physical'), true, definition);
  for (const definition of [
    'CREATE VIEW v AS SELECT o.id FROM amp_dbt_physical.m__abc o WHERE o.amount > 10;',
    'CREATE VIEW v AS SELECT * FROM amp_dbt_physical.m__abc AS mine;',
    'CREATE VIEW v AS SELECT * FROM amp_dbt_physical.a__1 JOIN amp_dbt_physical.b__2 USING (id);',
    'CREATE VIEW v AS SELECT (SELECT 1 FROM amp_dbt_physical.a__1) AS x FROM other.t;',
    'CREATE VIEW v AS SELECT * FROM other.t AS amp_dbt_view;',
  ]) assert.equal(isEnvironmentView(view(definition), 'amp_dbt_physical'), false, definition);
  assert.equal(isEnvironmentView({ schema: 'main', name: 't', kind: 'table' }, 'amp_dbt_physical'), false);
});
