import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileFiles } from '../helpers.js';

const base = {
  'dbt_project.yml': 'name: fp\n',
  'models/a.sql': 'select id, amount from t -- source table\nwhere amount > 0',
  'models/b.sql': "select * from {{ ref('a') }}",
};

function fingerprints(files: Record<string, string>) {
  const { result, errors } = compileFiles(files);
  assert.deepEqual(errors, []);
  return Object.fromEntries(result!.models.map((m) => [m.name, m.fingerprint]));
}

test('comments and whitespace keep the fingerprint', () => {
  const before = fingerprints(base);
  const after = fingerprints({ ...base, 'models/a.sql': '/* cleaned up */\nselect id,   amount\n  from t\n  where amount > 0 -- positive only\n' });
  assert.deepEqual(after, before);
});

test('any token change alters the fingerprint, and parents count', () => {
  const before = fingerprints(base);
  const after = fingerprints({ ...base, 'models/a.sql': 'select id, amount from t where amount >= 0' });
  assert.notEqual(after.a, before.a);
  assert.notEqual(after.b, before.b, 'a child changes with its parent');
});

test('data configs count, descriptive configs do not', () => {
  const before = fingerprints(base);
  const tagged = fingerprints({ ...base, 'models/a.sql': "{{ config(tags=['x']) }}" + base['models/a.sql'] });
  assert.equal(tagged.a, before.a);
  const table = fingerprints({ ...base, 'models/a.sql': "{{ config(materialized='table') }}" + base['models/a.sql'] });
  assert.notEqual(table.a, before.a);
});

test('fingerprints are stable hex sha-256', () => {
  const a = fingerprints(base);
  assert.match(a.a, /^[0-9a-f]{64}$/);
  assert.deepEqual(fingerprints(base), a);
});
