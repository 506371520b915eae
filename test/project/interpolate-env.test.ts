import { test } from 'node:test';
import assert from 'node:assert/strict';
import { interpolateEnv } from '../../core/project/interpolate-env.js';

test('shell and Jinja forms, with and without defaults', () => {
  const missing: string[] = [];
  const env = { HOST: 'h', EMPTY: '', PORT: '5432' };
  const run = (text: string) => interpolateEnv(text, env, (name) => missing.push(name));
  assert.equal(run('${HOST}:${PORT}'), 'h:5432');
  assert.equal(run('${EMPTY:-fallback}'), 'fallback');
  assert.equal(run('${NOPE:-a b}'), 'a b');
  assert.equal(run(`{{ env_var('HOST') }}`), 'h');
  assert.equal(run(`{{env_var("NOPE", "d")}}`), 'd');
  assert.equal(run(`{{ env_var('EMPTY', 'd') }}`), '');
  assert.equal(run(`{{ env_var('NOPE', 5433) | as_number }}`), '5433');
  assert.equal(run('no references'), 'no references');
  assert.deepEqual(missing, []);
  assert.equal(run('x${NOPE}y{{ env_var("ALSO_NOPE") }}'), 'xy');
  assert.deepEqual(missing, ['NOPE', 'ALSO_NOPE']);
});
