import { test } from 'node:test';
import assert from 'node:assert/strict';
import { editDistance, nearest } from '../../core/util/did-you-mean.js';

test('edit distance counts insertions, deletions and substitutions', () => {
  assert.equal(editDistance('kitten', 'sitting'), 3);
  assert.equal(editDistance('', 'abc'), 3);
  assert.equal(editDistance('same', 'same'), 0);
});

test('nearest suggests plausible typos only', () => {
  assert.equal(nearest('stg_transfer', ['stg_transfers', 'fct_volume']), 'stg_transfers');
  assert.equal(nearest('materialised', ['materialized', 'tags']), 'materialized');
  assert.equal(nearest('zzzzzz', ['materialized', 'tags']), undefined);
});
