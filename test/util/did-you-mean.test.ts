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

test('of names as near, the one the typo dropped letters from wins; otherwise the first in sort order', () => {
  assert.equal(nearest('prd', ['pr1', 'prod', 'dev']), 'prod', 'prd is one edit from both pr1 and prod: a dropped letter is the likelier typo');
  assert.equal(nearest('prd', ['prod', 'pr1']), 'prod', 'whatever the order of the candidates');
  assert.equal(nearest('stg_ordr', ['stg_orde', 'stg_order']), 'stg_order');
  assert.equal(nearest('pr3', ['pr1', 'pr2']), 'pr1', 'no dropped letter: the first in sort order, as before');
});
