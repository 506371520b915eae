import assert from 'node:assert/strict';
import { test } from 'node:test';
import { diffManifests } from '../../core/diff/diff-manifests.js';
import type { ManifestDiff } from '../../core/diff/diff-types.js';
import { renderDiffMarkdown } from '../../core/diff/render-diff-markdown.js';
import { baseProject, ProjectRepo } from './diff-repo.js';

/** Diffs the first commit of a fresh repository with a second one that writes `files` and deletes `remove`. */
async function diffAfter(files: Record<string, string>, remove: string[] = [], select?: string[]): Promise<ManifestDiff> {
  const repo = await ProjectRepo.create();
  try {
    const base = await repo.manifest('HEAD');
    repo.commit('change', files, remove);
    return diffManifests(base, await repo.manifest('HEAD'), { select });
  } finally {
    await repo.store.close();
  }
}

const changes = (diff: ManifestDiff) => diff.models.map((d) => `${d.name}: ${d.change}${d.reasons.length ? ` [${d.reasons.join(', ')}]` : ''}`);

test('body: the model file changed; its children are modified [upstream], the rest untouched', async () => {
  const diff = await diffAfter({ 'models/stg_orders.sql': '-- raw orders\nselect 1 as id, 7 as amount\n' });
  assert.deepEqual(changes(diff), ['stg_orders: modified [body]', 'orders: modified [upstream]', 'report: modified [upstream]', 'totals: modified [upstream]']);
  assert.deepEqual(diff.affected, ['stg_orders', 'orders', 'report', 'totals']);
  const stg = diff.models[0];
  assert.deepEqual(stg.changedParents, []);
  assert.equal(stg.sqlDiff?.text, '--- a/models/stg_orders.sql\n+++ b/models/stg_orders.sql\n@@ -1,2 +1,2 @@\n -- raw orders\n-select 1 as id, 5 as amount\n+select 1 as id, 7 as amount\n');
  assert.deepEqual(diff.models[1].changedParents, ['stg_orders']);
  assert.equal(diff.models[1].sqlDiff, null, 'an upstream-only change has the same SQL');
  assert.match(diff.mermaid ?? '', /m_stg_orders\["stg_orders"\]:::modified/);
  assert.match(diff.mermaid ?? '', /m_totals\["totals"\]:::downstream/);
  assert.match(diff.mermaid ?? '', /m_orders --> m_totals/);
  assert.equal(diff.summary.unchanged, 0);
});

test('config: a config change, in dbt_project.yml or in the file, is [config] and not [body]', async () => {
  const folder = await diffAfter({ 'dbt_project.yml': baseProject['dbt_project.yml'].replace('+materialized: view', '+materialized: table') });
  assert.deepEqual(changes(folder), ['stg_orders: modified [config]', 'orders: modified [config, upstream]', 'report: modified [config, upstream]', 'totals: modified [config, upstream]']);
  assert.deepEqual(folder.models[0].configChanges, [{ name: 'materialized', base: 'view', head: 'table' }]);
  const inFile = await diffAfter({ 'models/report.sql': "{{ config(materialized='table') }}\nselect * from {{ ref('stg_orders') }}\n" });
  assert.deepEqual(changes(inFile), ['report: modified [config]']);
});

test('macro: the model file is unchanged, its SQL changed with a macro file', async () => {
  const diff = await diffAfter({ 'macros/cents.sql': '{% macro cents(column) %}({{ column }} * 1000){% endmacro %}\n' });
  assert.deepEqual(changes(diff), ['orders: modified [macro]', 'totals: modified [upstream]']);
  assert.deepEqual(diff.models[0].macroFiles, ['macros/cents.sql']);
  assert.deepEqual(diff.macros, [{ path: 'macros/cents.sql', change: 'modified' }]);
  assert.match(diff.models[0].sqlDiff!.text, /^-select id, \(amount \* 100\) as cents$/m);
  assert.match(diff.models[0].sqlDiff!.text, /^\+select id, \(amount \* 1000\) as cents$/m);
});

test('var: a var the model uses has a new value', async () => {
  const diff = await diffAfter({ 'dbt_project.yml': baseProject['dbt_project.yml'].replace('min_amount: 10', 'min_amount: 20') });
  assert.deepEqual(changes(diff), ['orders: modified [var]', 'totals: modified [upstream]']);
  assert.deepEqual(diff.models[0].varChanges, [{ name: 'min_amount', base: 10, head: 20 }]);
  assert.deepEqual(diff.vars, [{ name: 'min_amount', base: 10, head: 20 }]);
});

test('var: a new model reading an unset var with a default records no var (no change from unset to null)', async () => {
  const diff = await diffAfter({ 'models/extra.sql': "select {{ var('not_set', 3) }} as n\n" });
  assert.deepEqual(changes(diff), ['extra: added']);
  assert.deepEqual(diff.vars, []);
});

test('formatting-only: a comment or whitespace edit keeps the fingerprint and affects nothing downstream', async () => {
  const diff = await diffAfter({ 'models/stg_orders.sql': '-- raw orders, from the shop database\nselect 1   as id,\n  5 as amount\n' });
  assert.deepEqual(changes(diff), ['stg_orders: formatting-only [body]']);
  assert.deepEqual(diff.affected, ['stg_orders']);
  const [stg] = diff.models;
  assert.equal(stg.fingerprint.base, stg.fingerprint.head);
  assert.deepEqual([stg.sqlDiff?.removed, stg.sqlDiff?.added], [2, 3]);
  assert.match(diff.mermaid ?? '', /:::formatting/);
  assert.deepEqual(diff.summary, { added: 0, removed: 0, modified: 0, formattingOnly: 1, metadataOnly: 0, affected: 1, unchanged: 3, notSelected: 0 });
});

test('metadata-only: a descriptive config (tags) changes no fingerprint', async () => {
  const diff = await diffAfter({ 'models/report.sql': "{{ config(tags=['finance']) }}\nselect * from {{ ref('stg_orders') }}\n" });
  assert.deepEqual(changes(diff), ['report: metadata-only [body, config]'], 'the file changed (a blank line where config() was), so did a tag');
  assert.deepEqual(diff.models[0].configChanges, [{ name: 'tags', base: undefined, head: ['finance'] }]);
});

test('metadata-only: declared columns (a property file) and a moved file', async () => {
  const columns = await diffAfter({ 'models/schema.yml': 'version: 2\nmodels:\n  - name: report\n    columns:\n      - name: id\n        description: the order id\n' });
  assert.deepEqual(changes(columns), ['report: metadata-only [columns]']);
  const moved = await diffAfter({ 'models/marts/report.sql': baseProject['models/report.sql'] }, ['models/report.sql']);
  assert.deepEqual(changes(moved), ['report: metadata-only [path]']);
  assert.deepEqual([moved.models[0].path, moved.models[0].basePath], ['models/marts/report.sql', 'models/report.sql']);
});

test('added and removed models, with SQL diffs from and to /dev/null', async () => {
  const diff = await diffAfter({ 'models/customers.sql': "select id from {{ ref('stg_orders') }}\n" }, ['models/report.sql']);
  assert.deepEqual(changes(diff), ['customers: added', 'report: removed']);
  const [added, removed] = diff.models;
  assert.equal(added.sqlDiff?.text, '--- /dev/null\n+++ b/models/customers.sql\n@@ -0,0 +1,1 @@\n+select id from stg_orders\n');
  assert.equal(removed.sqlDiff?.text, '--- a/models/report.sql\n+++ /dev/null\n@@ -1,1 +0,0 @@\n-select * from stg_orders\n');
  assert.deepEqual(added.fingerprint.base, null);
  assert.deepEqual(removed.fingerprint.head, null);
  assert.doesNotMatch(diff.mermaid ?? '', /m_stg_orders/, 'unchanged parents are not drawn');
  assert.match(diff.mermaid ?? '', /m_report\["report"\]:::removed/);
});

test('several reasons at once: body, var and upstream', async () => {
  const diff = await diffAfter({
    'models/stg_orders.sql': '-- raw orders\nselect 2 as id, 5 as amount\n',
    'models/orders.sql': "select id, {{ cents('amount') }} as cents\nfrom {{ ref('stg_orders') }}\nwhere amount >= {{ var('min_amount') }}\n",
    'dbt_project.yml': baseProject['dbt_project.yml'].replace('min_amount: 10', 'min_amount: 11'),
  });
  assert.deepEqual(changes(diff).slice(0, 2), ['stg_orders: modified [body]', 'orders: modified [body, var, upstream]']);
});

test('--select keeps the selected changes; the affected subgraph still reaches downstream', async () => {
  const edit = { 'models/stg_orders.sql': '-- raw orders\nselect 1 as id, 7 as amount\n' };
  const only = await diffAfter(edit, [], ['stg_orders']);
  assert.deepEqual(changes(only), ['stg_orders: modified [body]']);
  assert.deepEqual(only.affected, ['stg_orders', 'orders', 'report', 'totals']);
  assert.deepEqual([only.summary.unchanged, only.summary.notSelected], [0, 3], 'the downstream models changed too: not unchanged');
  const downstream = await diffAfter(edit, [], ['orders+']);
  assert.deepEqual(downstream.models.map((d) => d.name), ['orders', 'totals']);
  assert.deepEqual([downstream.summary.unchanged, downstream.summary.notSelected], [0, 2]);
  const markdown = renderDiffMarkdown(downstream, { base: { ref: 'HEAD~1' }, head: { ref: 'HEAD' } });
  assert.doesNotMatch(markdown, /\| model \| change \|/, 'no table without rows: both selected models are downstream only');
  assert.match(markdown, /0 of 4 models unchanged; 2 changed models outside the selection\./);
  const modified = await diffAfter({ ...edit, 'models/new_one.sql': 'select 1 as x\n' }, [], ['state:new']);
  assert.deepEqual(changes(modified), ['new_one: added']);
  const none = await diffAfter(edit, [], ['nope']);
  assert.deepEqual(none.models, []);
  assert.match(none.warnings[0], /nope/);
});

test('moving a model entry down a property file (lines added above it) changes nothing; a column description does', async () => {
  const repo = await ProjectRepo.create();
  try {
    const entry = '  - name: report\n    columns:\n      - name: id\n        description: the order id\n        tests: [not_null]\n';
    repo.commit('columns', { 'models/schema.yml': `version: 2\nmodels:\n${entry}` });
    const declared = await repo.manifest('HEAD');
    repo.commit('an entry above', { 'models/schema.yml': `version: 2\nmodels:\n  - name: orders\n    description: orders with cents\n${entry}` });
    const shifted = await repo.manifest('HEAD');
    assert.deepEqual(changes(diffManifests(declared, shifted)), [], 'report moved two lines down, and is not listed');
    const report = (m: typeof shifted) => m.models.find((model) => model.name === 'report')!;
    assert.equal(report(shifted).definitionId, report(declared).definitionId, 'same definition: no source positions are recorded');
    repo.commit('description', { 'models/schema.yml': `version: 2\nmodels:\n${entry.replace('the order id', 'the id of the order')}` });
    const described = diffManifests(shifted, await repo.manifest('HEAD'));
    assert.deepEqual(changes(described).filter((c) => c.startsWith('report')), ['report: metadata-only [columns]']);
    assert.deepEqual(described.models.find((d) => d.name === 'report')!.columnChanges, ['id'], 'which columns changed');
  } finally {
    await repo.store.close();
  }
});
