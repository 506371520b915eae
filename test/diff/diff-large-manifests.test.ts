import assert from 'node:assert/strict';
import { test } from 'node:test';
import { diffManifests } from '../../core/diff/diff-manifests.js';
import { syntheticManifest } from './synthetic-manifest.js';

const change = (sql: string) => sql.replace('WHERE id >', 'WHERE id >=');

test('two 10,000-model manifests differing in 10 models diff in well under 300 ms', () => {
  const base = syntheticManifest('a'.repeat(40), 10_000);
  // The last ten models have no children: exactly ten models differ.
  const head = syntheticManifest('b'.repeat(40), 10_000, (i, sql) => (i >= 9_990 ? change(sql) : sql));
  const times: number[] = [];
  let models = 0;
  for (let run = 0; run < 5; run++) {
    const started = performance.now();
    const diff = diffManifests(base, head);
    times.push(performance.now() - started);
    models = diff.models.length;
    assert.ok(diff.models.every((d) => d.change === 'modified' && d.reasons.includes('body') && d.sqlDiff !== null));
  }
  assert.equal(models, 10);
  const best = Math.min(...times);
  assert.ok(best < 150, `best of 5: ${best.toFixed(1)} ms (all: ${times.map((t) => t.toFixed(0)).join(', ')})`);
});

test('a change high in a 10,000-model graph reports every downstream model', () => {
  const parents = (i: number) => [i - 1, i - 2];
  const base = syntheticManifest('a'.repeat(40), 10_000, undefined, parents);
  const head = syntheticManifest('b'.repeat(40), 10_000, (i, sql) => (i === 3 ? change(sql) : sql), parents);
  const started = performance.now();
  const diff = diffManifests(base, head);
  const ms = performance.now() - started;
  assert.equal(diff.models.length, 9_997);
  assert.equal(diff.models[0].name, 'model_00003');
  assert.ok(diff.models.slice(1).every((d) => d.reasons.join() === 'upstream' && d.sqlDiff === null));
  assert.equal(diff.affected.length, diff.models.length);
  assert.ok(ms < 1000, `${ms.toFixed(1)} ms for ${diff.models.length} changed models`);
});
