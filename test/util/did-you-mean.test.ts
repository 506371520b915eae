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

test('a swap of two neighbouring characters is one edit, so the swapped name is suggested', () => {
  assert.equal(editDistance('prdo', 'prod'), 1);
  assert.equal(editDistance('ab', 'ba'), 1);
  assert.equal(editDistance('abc', 'ca'), 3, 'optimal string alignment: no edit of a swapped pair');
  assert.equal(nearest('prdo', ['pr-1', 'prod', 'dev']), 'prod');
  assert.equal(nearest('stg_ordres', ['stg_orders', 'stg_ordered']), 'stg_orders');
});
