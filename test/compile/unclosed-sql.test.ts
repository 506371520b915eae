import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findUnclosed } from '../../core/sql/find-unclosed.js';
import { compileFiles } from '../helpers.js';

const project = { 'dbt_project.yml': 'name: shop\n' };
const compile = (files: Record<string, string>) => compileFiles({ ...project, ...files });
const errors = (files: Record<string, string>) => compile(files).errors.map((e) => `${e.file}:${e.line}:${e.column} ${e.code} ${e.message} | ${e.hint}`);

test('findUnclosed: strings, dollar quotes, block comments and quoted identifiers left open, in both readings', () => {
  const open = (sql: string) => {
    const found = findUnclosed(sql);
    return found && `${found.kind}@${found.start}`;
  };
  assert.equal(open("select 'abc from x"), 'string@7');
  assert.equal(open("select 'it''s' as a, 'b"), 'string@21');
  assert.equal(open('select 1 /* open'), 'block_comment@9');
  assert.equal(open('select $$abc'), 'string@7');
  assert.equal(open('select $fn$ abc $$ def'), 'string@7');
  assert.equal(open('select "abc from x'), 'quoted_identifier@7');
  assert.equal(open("select E'it\\'s"), 'string@7');
  for (const closed of [
    "select 'it''s' as a", "select $$it's$$, $fn$ $$ ' $fn$", "select 1 -- it's\n", "select 1 /* it's */", "select E'it\\'s'",
    "select 'it\\'s'", // a backslash escapes the quote in MySQL and BigQuery: left to the warehouse
    'select 1 /* a /* nested */', // block comments nest in PostgreSQL and DuckDB, not everywhere
    'select `a', "select x::text, $1, price$", '',
  ]) assert.equal(open(closed), null, closed);
});

test('SQL that closes everything compiles: Jinja and pragma content, dollar quoting, doubled quotes', () => {
  const { errors: found } = compile({
    'models/jinja.sql': `{# the customer's orders #}
{{ config(materialized='incremental') }}
-- it's a comment
select 'it''s' as quoted, '{{ var("region", "eu") }}' as region, {{ "'x'" }} as expr, $$a 'b$$ as body, $fn$ $$ $fn$ as tagged
{% if is_incremental() %}where region > '{{ "a'b" | replace("'", "''") }}'{% endif %}`,
    'models/pragma.sql': `-- @config: materialized='incremental'
-- @import: j = models.jinja
SELECT ':j' AS text, x::text /* don't */ FROM :j
#if is_incremental
WHERE region > 'it''s'
#endif
`,
  });
  assert.deepEqual(found, []);
});

test('a string, comment or quoted identifier never closed is an error at its opening in the model file', () => {
  assert.deepEqual(errors({ 'models/a.sql': "{{ config(materialized='table') }}\nselect id,\n  'abc as x, {{ var('y', 1) }} as y\nfrom t" }), [
    "models/a.sql:3:3 unterminated-string string literal opened here is never closed: 'abc as x, {{ var('y', 1… | close it with ' (a quote inside a string is written twice: 'it''s')",
  ]);
  assert.deepEqual(errors({ 'models/b.sql': "select 1 as x /* a comment\nfrom t\n" }), ['models/b.sql:1:15 unterminated-comment block comment opened here is never closed: /* a comment | close it with */']);
  assert.deepEqual(errors({ 'models/c.sql': 'select $body$ it goes on and on and on and on\n' }), [
    'models/c.sql:1:8 unterminated-string dollar-quoted string opened here is never closed: $body$ it goes on and on… | close it with $body$',
  ]);
  assert.deepEqual(errors({ 'models/d.sql': 'select "order id from t' }), ['models/d.sql:1:8 unterminated-identifier quoted identifier opened here is never closed: "order id from t | close it with "']);
  assert.deepEqual(errors({ 'models/e.sql': "-- @config: materialized='table'\nselect 1 as x\nwhere y = 'a\n" }).map((e) => e.split(' ').slice(0, 2).join(' ')),
    ['models/e.sql:3:11 unterminated-string'], 'a header-pragma model');
});

test('only in the incremental SQL: an is_incremental branch, Jinja or pragma, is read too', () => {
  assert.deepEqual(errors({
    'models/a.sql': "{{ config(materialized='incremental') }}\nselect 1 as x\n{% if is_incremental() %}where x > 'a{% endif %}\n",
    'models/b.sql': "-- @config: materialized='incremental'\nselect 1 as x\n#if is_incremental\nwhere x > 'a\n#endif\n",
  }).map((e) => e.split(' ').slice(0, 2).join(' ')), [
    'models/a.sql:3:36 unterminated-string',
    'models/b.sql:3:1 unbalanced-directive', // the string runs over its #endif, and says why
    'models/b.sql:4:11 unterminated-string',
  ]);
});

test("a quote opened by a macro is reported in the macro; one an expression writes, at the model with the rendered SQL's line", () => {
  assert.deepEqual(errors({
    'macros/quotes.sql': "{% macro fine() %}'ok'{% endmacro %}\n{% macro opens(x) %}\n  {{ x }} || 'suffix\n{% endmacro %}\n",
    'models/a.sql': "select {{ fine() }} as a, {{ opens('b') }} as b",
  }), ["macros/quotes.sql:3:14 unterminated-string string literal opened here (in macro 'opens', which 'a' calls) is never closed: 'suffix | close it with ' (a quote inside a string is written twice: 'it''s')"]);
  assert.deepEqual(errors({ 'models/a.sql': "select 1 as a,\n  {{ \"'\" }}abc as b" }), [
    "models/a.sql:1:1 unterminated-string the SQL 'a' renders has a string literal that is never closed: 'abc as b (line 2 of the rendered SQL) | close it with ' (a quote inside a string is written twice: 'it''s'); an expression or a macro of the model writes its opening",
  ]);
});

test('a disabled model is not checked; a model that fails is left out and its children still compile', () => {
  assert.deepEqual(errors({ 'models/a.sql': "{{ config(enabled=false) }}select 'a" }), []);
  const { result, errors: found } = compile({ 'models/a.sql': "select 'a", 'models/b.sql': "select * from {{ ref('a') }}" });
  assert.deepEqual(found.map((e) => e.code), ['unterminated-string']);
  assert.deepEqual(result!.models.map((m) => m.name), ['b']);
});
