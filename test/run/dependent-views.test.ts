import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CompiledModel } from '../../core/compile/compiled-model.js';
import { dependentViews, readsAlteredColumns } from '../../core/run/dependent-views.js';
import { planRun } from '../../core/run/plan-run.js';

const model = (name: string, materialized: string, refs: string[] = [], config: Record<string, unknown> = {}) => ({
  name, materialized, refs, config, fingerprint: `${name}fp`, canonicalSql: `select * from ${refs.join(', ') || 'x'}`,
}) as unknown as CompiledModel;

const models = [
  model('log', 'incremental', [], { on_schema_change: 'sync_all_columns' }),
  model('plain_log', 'incremental'),
  model('inlined', 'ephemeral', ['log']),
  model('v1', 'view', ['inlined']),
  model('v2', 'view', ['v1']),
  model('t', 'table', ['v2']),
  model('v3', 'view', ['t']),
  model('other', 'view', ['plain_log']),
  model('t2', 'table', ['other']),
];
const byName = new Map(models.map((m) => [m.name, m]));

test('dependentViews: the views reading a model, through ephemeral models and other views, parents first; not through tables', () => {
  const steps = planRun({ models, selected: new Set(), existing: new Set(), physicalSchema: 'p', fullRefresh: false });
  const of = (name: string) => dependentViews(steps, steps.find((s) => s.model.name === name)!, (m) => `sql of ${m.name}`);
  assert.deepEqual(of('log').map((d) => [d.model, d.physical.identifier.startsWith(`${d.model}__`), d.sql, d.dependsOn]), [
    ['v1', true, 'sql of v1', ['log']], ['v2', true, 'sql of v2', ['v1']],
  ]);
  assert.deepEqual(of('t').map((d) => d.model), ['v3']);
  assert.deepEqual(of('v3'), []);
});

test('readsAlteredColumns: a model with an incremental model upstream whose on_schema_change alters its table, through any materialization', () => {
  assert.deepEqual(models.map((m) => [m.name, readsAlteredColumns(m, byName)]), [
    ['log', false], ['plain_log', false], ['inlined', true], ['v1', true], ['v2', true], ['t', true], ['v3', true], ['other', false], ['t2', false],
  ]);
});
