import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../../core/errors.js';
import { parseVarsOption } from '../../core/project/parse-vars.js';

test('JSON and YAML mappings', () => {
  assert.deepEqual(parseVarsOption('{"a": 1, "b": [1, 2]}'), { a: 1, b: [1, 2] });
  assert.deepEqual(parseVarsOption('a: 1'), { a: 1 });
  assert.deepEqual(parseVarsOption('{a: x, b: true}'), { a: 'x', b: true });
  assert.deepEqual(parseVarsOption('  '), {});
});

test('invalid-vars: not a mapping, or not YAML', () => {
  assert.throws(() => parseVarsOption('[1, 2]'), (error: unknown) =>
    error instanceof ConfigError && error.code === 'invalid-vars' && error.message === '--vars must be a mapping of names to values, got a list');
  assert.throws(() => parseVarsOption('just text'), /--vars must be a mapping of names to values, got the string 'just text'/);
  assert.throws(() => parseVarsOption('{"a": 1'), (error: unknown) =>
    error instanceof ConfigError && error.code === 'invalid-vars' && /^--vars is not valid YAML or JSON: /.test(error.message));
});

test('invalid-vars: an alias inside the value it names (a value holding itself) is refused, not walked forever', () => {
  assert.throws(() => parseVarsOption('a: &x [*x]'), (error: unknown) =>
    error instanceof ConfigError && error.code === 'invalid-vars' && error.message === '--vars is not valid: the alias *x is inside the value it names, so that value would never end');
  assert.deepEqual(parseVarsOption('a: &x [1]\nb: *x'), { a: [1], b: [1] });
});
