import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findTopLevelKeywords } from '../../core/sql/find-top-level-keywords.js';
import { splitWithClause } from '../../core/sql/split-with-clause.js';

test('splits CTEs and the main query', () => {
  const sql = 'WITH a AS (SELECT 1), b AS (SELECT * FROM a)\nSELECT * FROM b';
  const split = splitWithClause(sql);
  assert.ok(split);
  assert.equal(split.recursive, false);
  assert.deepEqual(split.ctes.map((c) => [c.name, c.text]), [['a', 'a AS (SELECT 1)'], ['b', 'b AS (SELECT * FROM a)']]);
  assert.equal(split.body, 'SELECT * FROM b');
  assert.equal(sql.slice(split.bodyStart), split.body);
  assert.equal(sql.slice(split.ctes[1].start, split.ctes[1].end), split.ctes[1].text);
});

test('nested parentheses, and parentheses inside strings, comments and quoted identifiers', () => {
  const sql = "-- lead\n/* c ) */ with x as (select ')' as p, \"a)\" , f((1)) /* ) */ -- )\n), y(c1, c2) as not materialized (select 1, 2) select 1";
  const split = splitWithClause(sql);
  assert.ok(split);
  assert.deepEqual(split.ctes.map((c) => c.name), ['x', 'y']);
  assert.equal(split.ctes[0].text, "x as (select ')' as p, \"a)\" , f((1)) /* ) */ -- )\n)");
  assert.equal(split.ctes[1].text, 'y(c1, c2) as not materialized (select 1, 2)');
  assert.equal(split.body, 'select 1');
});

test('RECURSIVE, MATERIALIZED and quoted names', () => {
  const split = splitWithClause('WITH RECURSIVE "My ""cte""" AS MATERIALIZED (SELECT 1 UNION ALL SELECT n FROM t) SELECT 2');
  assert.ok(split);
  assert.equal(split.recursive, true);
  assert.equal(split.ctes[0].name, 'My "cte"');
  assert.equal(split.body, 'SELECT 2');
});

test('null without a leading WITH or when malformed', () => {
  assert.equal(splitWithClause('SELECT 1'), null);
  assert.equal(splitWithClause("SELECT 'with' FROM (WITH a AS (SELECT 1) SELECT * FROM a)"), null);
  assert.equal(splitWithClause('WITH a AS (SELECT 1'), null);
  assert.equal(splitWithClause('WITH a (SELECT 1) SELECT 1'), null);
  assert.equal(splitWithClause('withheld'), null);
  assert.equal(splitWithClause(''), null);
});

test('a WITH clause without a main query has an empty body', () => {
  assert.equal(splitWithClause('WITH a AS (SELECT 1)  ')?.body, '');
});

test('findTopLevelKeywords skips parentheses, strings and comments', () => {
  const sql = "SELECT x FROM (SELECT 1 FROM t) s /* from */ WHERE 'from' = x -- from\nORDER BY 1 LIMIT 5";
  assert.deepEqual(findTopLevelKeywords(sql, ['FROM', 'order', 'limit']).map((h) => [h.keyword, sql.slice(h.start, h.end)]),
    [['from', 'FROM'], ['order', 'ORDER'], ['limit', 'LIMIT']]);
});
