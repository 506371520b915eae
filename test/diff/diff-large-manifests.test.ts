import assert from 'node:assert/strict';
import { test } from 'node:test';
import { COMPILER_REVISION } from '../../core/compile/compiler-revision.js';
import { diffManifests } from '../../core/diff/diff-manifests.js';
import { syntheticManifest } from './synthetic-manifest.js';

const change = (sql: string) => sql.replace('WHERE id >', 'WHERE id >=');

test('two 10,000-model manifests differing in 10 models report exactly those 10 (speed: npm run bench)', () => {
  const base = syntheticManifest('a'.repeat(40), 10_000);
  // The last ten models have no children: exactly ten models differ.
  const head = syntheticManifest('b'.repeat(40), 10_000, (i, sql) => (i >= 9_990 ? change(sql) : sql));
  const diff = diffManifests(base, head);
  assert.equal(diff.models.length, 10);
  assert.ok(diff.models.every((d) => d.change === 'modified' && d.reasons.includes('body') && d.sqlDiff !== null));
});

test('a change high in a 10,000-model graph reports every downstream model', () => {
  const parents = (i: number) => [i - 1, i - 2];
  const base = syntheticManifest('a'.repeat(40), 10_000, undefined, parents);
  const head = syntheticManifest('b'.repeat(40), 10_000, (i, sql) => (i === 3 ? change(sql) : sql), parents);
  const diff = diffManifests(base, head);
  assert.equal(diff.models.length, 9_997);
  assert.equal(diff.models[0].name, 'model_00003');
  assert.ok(diff.models.slice(1).every((d) => d.reasons.join() === 'upstream' && d.sqlDiff === null));
  assert.equal(diff.affected.length, diff.models.length);
});

test('manifests recorded by different compiler revisions: a warning says models may differ for that alone, with the command that records the older again', () => {
  const base = { ...syntheticManifest('a'.repeat(40), 3), compilerRevision: 5 };
  const head = { ...syntheticManifest('b'.repeat(40), 3), compilerRevision: 7 };
  assert.deepEqual(diffManifests(base, head).warnings, [
    'the base was recorded by compiler revision 5 and the head by compiler revision 7: models may differ only because amp-dbt renders them '
    + `differently now; to compare like with like, record the older again: amp-dbt state record --commit ${'a'.repeat(12)}`,
  ]);
  assert.deepEqual(diffManifests(head, { ...head, compilerRevision: 7 }).warnings, []);
  // A side a newer amp-dbt recorded: recording the older again would change nothing; upgrading would.
  const newer = { ...head, compilerRevision: COMPILER_REVISION + 1 };
  assert.deepEqual(diffManifests(base, newer).warnings, [
    `the base was recorded by compiler revision 5 and the head by compiler revision ${COMPILER_REVISION + 1}: models may differ only because amp-dbt `
    + `renders them differently now; the newer (${'b'.repeat(12)}) was recorded by an amp-dbt newer than this one (compiler revision ${COMPILER_REVISION}): `
    + 'upgrade to compare like with like',
  ]);
});
