import assert from 'node:assert/strict';
import { test } from 'node:test';
import { environmentViewComment, isEnvironmentView } from '../../core/run/environment-view-mark.js';
import type { RelationInfo } from '../../core/warehouse/warehouse-adapter.js';

const view = (definition: string, comment?: string): RelationInfo => ({ schema: 'main', name: 'v', kind: 'view', definition, ...(comment ? { comment } : {}) });

test('a view is amp-dbt\'s when its comment marks it, or, unmarked, when it only selects one physical relation', () => {
  assert.equal(isEnvironmentView(view('CREATE VIEW v AS SELECT * FROM elsewhere.t;', environmentViewComment('m', 'prod')), 'amp_dbt_physical'), true);
  assert.equal(isEnvironmentView(view('CREATE VIEW v AS SELECT * FROM amp_dbt_physical.m__abc;', 'my notes'), 'amp_dbt_physical'), false, 'a comment of its own');
  // Unmarked, as earlier amp-dbt versions made them: DuckDB's and PostgreSQL's spellings.
  for (const definition of [
    'CREATE VIEW v AS SELECT * FROM amp_dbt_physical.m__abc;',
    'CREATE VIEW "main__pr-1"."v" AS SELECT * FROM "amp_dbt_physical"."m__abc";',
    ' SELECT m__abc.id,\n    m__abc."odd name"\n   FROM amp_dbt_physical.m__abc;',
  ]) assert.equal(isEnvironmentView(view(definition), 'amp_dbt_physical'), true, definition);
  for (const definition of [
    'CREATE VIEW v AS SELECT o.id FROM amp_dbt_physical.m__abc o WHERE o.amount > 10;',
    'CREATE VIEW v AS SELECT * FROM amp_dbt_physical.a__1 JOIN amp_dbt_physical.b__2 USING (id);',
    'CREATE VIEW v AS SELECT (SELECT 1 FROM amp_dbt_physical.a__1) AS x FROM other.t;',
    'CREATE VIEW v AS SELECT * FROM other.t;',
  ]) assert.equal(isEnvironmentView(view(definition), 'amp_dbt_physical'), false, definition);
  assert.equal(isEnvironmentView({ schema: 'main', name: 't', kind: 'table' }, 'amp_dbt_physical'), false);
});
