import { test } from 'node:test';
import assert from 'node:assert/strict';
import { globToRegExp, isGlob } from '../../core/graph/glob-to-regexp.js';

test('globs: *, ?, classes, negation, ranges and literals', () => {
  const matches = (glob: string, text: string) => globToRegExp(glob).test(text);
  assert.ok(matches('stg_*', 'stg_orders'));
  assert.ok(!matches('stg_*', 'fct_stg_orders'));
  assert.ok(matches('m?', 'm1') && !matches('m?', 'm12'));
  assert.ok(matches('[ab]x', 'bx') && !matches('[ab]x', 'cx'));
  assert.ok(matches('[!ab]x', 'cx') && !matches('[!ab]x', 'ax'));
  assert.ok(matches('v[0-9]', 'v7') && !matches('v[0-9]', 'vx'));
  assert.ok(matches('a.b*', 'a.bc') && !matches('a.b*', 'axbc'));
  assert.ok(matches('[x', '[x'), 'an unterminated class is literal');
  assert.ok(matches('models/*', 'models/a/b.sql'));
  assert.ok(isGlob('a*') && isGlob('a?') && isGlob('[a]') && !isGlob('a.b'));
});
