import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic } from '../../core/errors.js';
import { compileFiles } from '../helpers.js';

/** An error as `code file:line:column message`. */
const at = (e: Diagnostic) => `${e.code} ${e.file}:${e.line}:${e.column} ${e.message}`;

test("values print as Jinja2 prints them (3.0, None, True, [1, 'a']), on both render paths", () => {
  const model = [
    "{% set rate = 3 | float %}{% set cols = ['id', 'name'] %}",
    "select {{ rate }} as rate, {{ 4 / 2 }} as half, {{ 1e3 }} as big, '{{ none }}' as n, {{ true }} as t,",
    "  '{{ 'a' ~ none }}' as cat, $${{ cols }}$$ as l, '{{ '%5.1f' % 2.25 }}' as f, '{{ '%e' % 12345.678 }}' as e, {{ 3 * 5 // 2 }} as q",
  ].join('\n');
  for (const useFastPath of [true, false]) {
    const { result, errors } = compileFiles({ 'dbt_project.yml': 'name: p\n', 'models/a.sql': model }, { useFastPath });
    assert.deepEqual(errors, []);
    assert.equal(result!.byName.get('a')!.canonicalSql, [
      '',
      "select 3.0 as rate, 2.0 as half, 1000.0 as big, 'None' as n, True as t,",
      "  'aNone' as cat, $$['id', 'name']$$ as l, '  2.2' as f, '1.234568e+04' as e, 7 as q",
    ].join('\n'), `fast path ${useFastPath}`);
  }
});

test('a division or modulo by zero is an error at the model line and column, as Python raises it', () => {
  const { errors } = compileFiles({
    'dbt_project.yml': 'name: p\n',
    'models/a.sql': 'select 1 as x,\n  {{ 10 / 0 }} as y',
    'models/b.sql': "{% set n = 0 %}\nselect {{ 7 % n }} as y",
  });
  assert.deepEqual(errors.map(at), ['jinja-render models/a.sql:2:9 division by zero', 'jinja-render models/b.sql:2:13 integer modulo by zero']);
});

test("Jinja's number tests tell a float from an int as Python does (1.0 is a float, 3 / 1 too)", () => {
  const { result, errors } = compileFiles({
    'dbt_project.yml': 'name: p\n',
    'models/a.sql': 'select {{ 1.0 is float }} as f, {{ 3 is float }} as g, {{ 3.0 is integer }} as i, {{ 1.0 is number }} as n, {{ (3 / 1) is float }} as d',
  });
  assert.deepEqual(errors, []);
  assert.equal(result!.byName.get('a')!.canonicalSql, 'select True as f, False as g, False as i, True as n, True as d');
});

test("{% set a, b = value %} unpacks the value as Jinja does (every name got the whole value); too many values fail at the tag", () => {
  const model = "{% set schema, table = 'raw.orders'.split('.') %}{% set a, b = 1, 2 %}\nselect '{{ schema }}' as s, '{{ table }}' as t, {{ a + b }} as n";
  for (const useFastPath of [true, false]) {
    const { result, errors } = compileFiles({ 'dbt_project.yml': 'name: p\n', 'models/a.sql': model }, { useFastPath });
    assert.deepEqual(errors, []);
    assert.equal(result!.byName.get('a')!.canonicalSql, "\nselect 'raw' as s, 'orders' as t, 3 as n", `fast path ${useFastPath}`);
  }
  const { errors } = compileFiles({ 'dbt_project.yml': 'name: p\n', 'models/a.sql': 'select 1 as x\n  {% set a, b = [1, 2, 3] %}' });
  assert.deepEqual(errors.map(at), ['jinja-render models/a.sql:2:6 too many values to unpack (expected 2)']);
});

test("a tuple prints as Python's and a wrong number of values for a % format is Python's TypeError at the operator", () => {
  const model = "{% set parts = 'raw.orders'.partition('.') %}\nselect $${{ parts }}$$ as p, '{{ '%s' % [1] }}' as l, '{{ '%s_%s' % ('a', 1) }}' as t";
  for (const useFastPath of [true, false]) {
    const { result, errors } = compileFiles({ 'dbt_project.yml': 'name: p\n', 'models/a.sql': model }, { useFastPath });
    assert.deepEqual(errors, []);
    assert.equal(result!.byName.get('a')!.canonicalSql, "\nselect $$('raw', '.', 'orders')$$ as p, '[1]' as l, 'a_1' as t", `fast path ${useFastPath}`);
  }
  const { errors } = compileFiles({
    'dbt_project.yml': 'name: p\n',
    'models/a.sql': "select 1 as x,\n  '{{ '%s-%s' % [1, 2] }}' as y",
    'models/b.sql': "select 1 as x\n  {% set a, b %}xyz{% endset %}",
  });
  assert.deepEqual(errors.map(at), [
    'jinja-render models/a.sql:2:15 not enough arguments for format string',
    'jinja-render models/b.sql:2:6 too many values to unpack (expected 2)',
  ]);
});

test("+ and - of values Python does not add are an error at the operator, as Jinja2's TypeError ('x' ~ 1 + 2 printed x3)", () => {
  const { errors } = compileFiles({
    'dbt_project.yml': 'name: p\n',
    'models/a.sql': "select 1 as x,\n  '{{ 'day_' ~ 1 + 2 }}' as y",
    'models/b.sql': "{% set n = 3 %}\nselect '{{ 'n' ~ n - 1 }}' as y",
  });
  assert.deepEqual(errors.map(at), [
    'jinja-render models/a.sql:2:18 can only concatenate str (not "int") to str',
    "jinja-render models/b.sql:2:20 unsupported operand type(s) for -: 'str' and 'int'",
  ]);
});

test("*, /, unary -, orderings and in of values Python does not combine are its TypeError at the operator ([1] * '3' printed 3)", () => {
  const { errors } = compileFiles({
    'dbt_project.yml': 'name: p\n',
    'models/a.sql': "select 1 as x,\n  '{{ [1] * '3' }}' as y",
    'models/b.sql': "{% set n = none %}\nselect {{ -n }} as y",
    'models/c.sql': "select 1 as x\n{% if 3 < '10' %}, 2 as y{% endif %}",
    'models/d.sql': "select 1 as x\n{% if 1 in 'abc' %}, 2 as y{% endif %}",
  });
  assert.deepEqual(errors.map(at), [
    "jinja-render models/a.sql:2:11 can't multiply sequence by non-int of type 'str'",
    "jinja-render models/b.sql:2:11 bad operand type for unary -: 'NoneType'",
    "jinja-render models/c.sql:2:9 '<' not supported between instances of 'int' and 'str'",
    "jinja-render models/d.sql:2:7 'in <string>' requires string as left operand, not int",
  ]);
});

test("an escape Jinja2 rejects in a string literal is a syntax error at the literal (nunjucks read '\\x4' as x4)", () => {
  const { errors } = compileFiles({ 'dbt_project.yml': 'name: p\n', 'models/a.sql': "select 1 as x,\n  '{{ \"\\x4\" }}' as y" });
  assert.deepEqual(errors.map(at), ['jinja-syntax models/a.sql:2:7 truncated \\xXX escape']);
});

test("join of a dict joins its keys and of a string its characters, as Jinja2 does (it failed: 'arr.join is not a function')", () => {
  const model = "select '{{ {'a': 1, 'b': 2} | join(',') }}' as k, '{{ 'abc' | join('-') }}' as c";
  for (const useFastPath of [true, false]) {
    const { result, errors } = compileFiles({ 'dbt_project.yml': 'name: p\n', 'models/a.sql': model }, { useFastPath });
    assert.deepEqual(errors, []);
    assert.equal(result!.byName.get('a')!.canonicalSql, "select 'a,b' as k, 'a-b-c' as c", `fast path ${useFastPath}`);
  }
});

test("list.index() and remove() of an item the list lacks are Python's ValueError at the call (index gave -1, remove did nothing); items are found with ==", () => {
  for (const useFastPath of [true, false]) {
    const { result, errors } = compileFiles({
      'dbt_project.yml': 'name: p\n',
      'models/a.sql': "{% set cols = ['id', 'name'] %}\nselect {{ cols.index('email') }} as i",
      'models/b.sql': "{% set cols = ['id'] %}{% do cols.remove('x') %}select 1 as n",
      'models/c.sql': 'select {{ [].pop() }} as p',
      'models/d.sql': 'select {{ [1].pop(nope) }} as p',
      'models/ok.sql': "{% set l = [1, 2, 1, [3]] %}{% do l.remove(2) %}select '{{ l.index(1, 1) }} {{ l.index(1.0) }} {{ l.index([3]) }} {{ l.pop(-1) }} {{ l }} {{ 'abab'.find('a', 1) }} {{ 'abab'.find('c') }} {{ 'abab'.count('b', 0, 2) }}' as s",
    }, { useFastPath });
    // Jinja2 3.1.6: ValueError, IndexError, TypeError with these messages
    assert.deepEqual(errors.map(at), [
      "jinja-render models/a.sql:2:21 'email' is not in list",
      'jinja-render models/b.sql:1:41 list.remove(x): x not in list',
      'jinja-render models/c.sql:1:17 pop from empty list',
      "jinja-render models/d.sql:1:18 'Undefined' object cannot be interpreted as an integer",
    ], `fast path ${useFastPath}`);
    // Jinja2: "select '1 0 2 [3] [1, 1] 2 -1 1' as s"
    assert.equal(result!.byName.get('ok')!.canonicalSql, "select '1 0 2 [3] [1, 1] 2 -1 1' as s");
  }
});

test("dict.pop() of a key the dict lacks is Python's KeyError at the call without a default (it gave None), the default with one", () => {
  const { result, errors } = compileFiles({
    'dbt_project.yml': 'name: p\n',
    'models/a.sql': "{% set d = {} %}\nselect {{ d.pop('a') }} as v",
    // Jinja2 3.1.6: select 5 as v, 'None' as n, '{1: 2}' as d
    'models/ok.sql': "{% set d = {'a': 'x', 1: 2} %}select {{ d.pop('b', 5) }} as v, '{{ d.pop('b', none) }}' as n, '{{ d.pop('a') and d }}' as d",
  });
  assert.deepEqual(errors.map(at), ["jinja-render models/a.sql:2:16 KeyError: 'a'"]);
  assert.equal(result!.byName.get('ok')!.canonicalSql, "select 5 as v, 'None' as n, '{1: 2}' as d");
});

test("a dict's number keys iterate as numbers, on both paths ({% for k in d %}{{ k + 1 }} was a TypeError: k was '1')", () => {
  const model = "{% set d = {1: 'x', 2: 'y'} %}select {{ d | sum }} as s{% for k in d %}, {{ k + 1 }} as c{{ k }}{% endfor %}";
  for (const useFastPath of [true, false]) {
    const { result, errors } = compileFiles({ 'dbt_project.yml': 'name: p\n', 'models/a.sql': model }, { useFastPath });
    assert.deepEqual(errors, []);
    // Jinja2 3.1.6: the same
    assert.equal(result!.byName.get('a')!.canonicalSql, 'select 3 as s, 2 as c1, 3 as c2', `fast path ${useFastPath}`);
  }
});

test("a keyword argument Python's method does not take is its TypeError at the call ('abc'.find('b', start=1) gave 1), and so is startswith of a list", () => {
  const { errors } = compileFiles({
    'dbt_project.yml': 'name: p\n',
    'models/a.sql': "select 1 as x,\n  {{ 'abc'.find('b', start=1) }} as y",
    'models/b.sql': "{% set cols = ['a', 'b'] %}\nselect {{ cols.index('b', start=0) }} as i",
    'models/c.sql': "select 1 as x\n{% if 'stg_x'.startswith(['stg_']) %}, 2 as y{% endif %}",
  });
  assert.deepEqual(errors.map(at), [
    'jinja-render models/a.sql:2:16 find() takes no keyword arguments',
    'jinja-render models/b.sql:2:21 list.index() takes no keyword arguments',
    'jinja-render models/c.sql:2:25 startswith first arg must be str or a tuple of str, not list',
  ]);
});
