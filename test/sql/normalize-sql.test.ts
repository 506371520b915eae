import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeSql } from '../../core/sql/normalize-sql.js';

const base = "SELECT a, 'x  y' AS s, \"Col  1\" FROM ⟦ref:m⟧ WHERE b >= 1";

test('drops comments and collapses whitespace', () => {
  assert.equal(normalizeSql(base), "SELECT a , 'x  y' AS s , \"Col  1\" FROM ⟦ref:m⟧ WHERE b >= 1");
});

test('comment and whitespace edits give the same text', () => {
  const variants = [
    "SELECT a,'x  y' AS s,\"Col  1\"\nFROM ⟦ref:m⟧\n  WHERE b>=1",
    "-- header\nSELECT a, /* why */ 'x  y' AS s, \"Col  1\" FROM ⟦ref:m⟧ WHERE b >= 1 -- trailing",
    "  /* a /* nested */ */ SELECT\ta ,\r\n'x  y' AS s , \"Col  1\" FROM ⟦ref:m⟧ WHERE b >= 1\n\n",
  ];
  for (const sql of variants) assert.equal(normalizeSql(sql), normalizeSql(base), sql);
});

test('any token edit changes the text', () => {
  const edits = [
    base.replace("'x  y'", "'x y'"),
    base.replace('"Col  1"', '"Col 1"'),
    base.replace('>=', '> ='),
    base.replace('⟦ref:m⟧', '⟦ref:n⟧'),
    base.replace('SELECT a', 'SELECT A'),
    base.replace('b >= 1', 'b >= 2'),
    base.replace('AS s', 'ASs'),
  ];
  for (const sql of edits) assert.notEqual(normalizeSql(sql), normalizeSql(base), sql);
});

test('a comment between two tokens separates them like whitespace', () => {
  assert.equal(normalizeSql('a/**/b'), 'a b');
  assert.notEqual(normalizeSql('a/**/b'), normalizeSql('ab'));
});

test('empty and comment-only input', () => {
  assert.equal(normalizeSql(''), '');
  assert.equal(normalizeSql('  -- x\n/* y */ '), '');
});

test('10,000 models that differ only in a trailing token normalise to distinct texts (speed: npm run bench)', () => {
  const model = `-- model\nWITH a AS (SELECT id, 'text' AS t, amount::numeric FROM ⟦ref:x⟧ /* c */)\n${'SELECT a.id, sum(a.amount) FROM a GROUP BY 1\n'.repeat(10)}`;
  const seen = new Set<string>();
  for (let i = 0; i < 10_000; i++) seen.add(normalizeSql(model + i));
  assert.equal(seen.size, 10_000);
});
