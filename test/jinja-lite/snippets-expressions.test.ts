import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkAll, Differential, testData } from './differential-harness.js';

const h = new Differential({ extraGlobals: testData, vars: { start: '2024-01-01', limit: 10, flag: false, list_var: ['x', 'y'] } });

const LITERALS = [
  "{{ 'single' }} {{ \"double\" }}",
  "{{ 'it\\'s' }} {{ \"say \\\"hi\\\"\" }} {{ 'back\\\\slash' }}",
  "{{ 'tab\\there' }}|{{ 'nl\\nhere' }}|{{ 'cr\\rhere' }}|{{ '\\x41\\u0042\\q' }}",
  "{{ 'multi\nline' }}",
  '{{ 0 }} {{ 42 }} {{ 007 }} {{ 3.14 }} {{ 1. }} {{ 0.5 }} {{ 10.0 }}',
  '{{ 12345678901234567890 }} {{ 1.5 }} {{ 1.50 }} {{ 0.1 }}',
  '{{ true }} {{ false }} {{ none }} {{ null }}',
  '{{ True }}|{{ False }}|{{ None }}',
  '{{ [] }}|{{ [1, 2, 3] }}|{{ [1, [2, [3, none]], "a"] }}|{{ [none, nul] }}',
  "{{ {} }}|{{ {'a': 1} }}|{{ {a: 1, 'b c': 2} }}",
  "{{ {'a': 1, 'a': 2}.a }}",
  '{{ {"a": {"b": 1}}.a.b }}|{{ [{"c": {}}] | length }}|{% set d = {"x": {"y": "z"}} %}{{ d.x.y }}|{{ {"s": "}}"}.s }}',
  "{{ 'Stg_x'.upper() }}|{{ s.lower() }}|{{ ' a '.strip() }}|{{ 'stg_a'.startswith('stg_') }}|{{ 'a-b-c'.replace('-', '_') }}|{{ 'a b'.split() | join(',') }}",
  "{{ 'a,b,c'.split(',', maxsplit=1) | length }}|{{ 'hello world'.title() }}|{{ 'x'.endswith(('y', 'x')) }}|{{ 'abc'.toUpperCase() }}",
  "{{ ', '.join(['a', 'b']) }}|{{ 'a.b.c'.rsplit('.', 1) | join(';') }}|{{ 'stg_x'.find('_') }}|{{ '7'.zfill(3) }}|{{ '12'.isdigit() }}|{{ s.join(strs) }}",
  '{{ (1) }} {{ ((2)) }} {{ (1 + 2) * 3 }}',
];

const NAMES = [
  '{{ n }} {{ f }} {{ s }} {{ e }} {{ nul }} {{ t }} {{ no }} {{ lst }} {{ obj }} {{ date == date }}',
  // An undefined value prints nothing; a lookup in one raises (snippets-undefined.test.ts).
  '{{ undefined_name }}|{{ nul.attr }}|{{ obj.missing }}|{{ lst[9] }}',
  '{{ obj.a }} {{ obj["b"] }} {{ obj.missing }} {{ lst[0] }} {{ lst[5] }} {{ s[1] }} {{ s.length }} {{ lst.length }}',
  '{{ nested.x.y[1] }} {{ nested["x"]["y"][0] }} {{ people[1].name }}',
  '{{ pairs[0][1] }} {{ [10, 20][1] }} {{ "xyz"[2] }} {{ {"k": "v"}.k }}',
  '{{ this }} {{ target.name }} {{ target.schema }} {{ target.password }} {{ run_started_at }}',
  '{{ lst[-1] }} {{ lst["0"] }} {{ obj[none] }} {{ lst[t] }}',
];

const CALLS = [
  "{{ ref('orders') }} {{ ref('pkg', 'orders') }} {{ source('raw', 'events') }}",
  "{{ config(materialized='table', tags=['a', 'b']) }}{{ config(alias='x') }}",
  "{{ var('start') }} {{ var('limit') + 1 }} {{ var('missing', 'dflt') }} {{ var('missing2') }}",
  "{{ env_var('AMP_TEST_ENV') }} {{ env_var('NOPE', 'fallback') }} {{ env_var('NOPE2') }}",
  '{{ is_incremental() }}',
  "{{ fn(1) }} {{ fn() }} {{ kw(1, 'a', k=2, j=[1]) }} {{ kw(a=1, 2) }} {{ kw() }}",
  "{{ s.upper() if false else 'no' }} {{ 'a,b'.split(',') }} {{ 'abc'.indexOf('c') }} {{ csv.split(',')[1] }}",
  "{{ (ref)('grouped') }} {{ 'x'.toUpperCase() }}",
  "{{ ref('a') ~ ref('b') }} {% if ref('c') %}{{ ref('d') }}{% endif %}",
  "{{ var('list_var') | join(',') }} {% for x in var('list_var') %}{{ x }}{% endfor %}",
  "{{ range(3) }} {{ range(1, 4) }} {{ range(0, 10, 3) }} {{ range(5, 0, -2) }} {{ range(3) | length }}",
];

const OPERATORS = [
  '{{ 1 + 2 }} {{ 5 - 3 }} {{ 2 * 3 }} {{ 7 / 2 }} {{ 7 // 2 }} {{ -7 // 2 }} {{ 7 % 3 }} {{ 2 ** 10 }} {{ -2 ** 2 }}',
  "{{ 'a' + 'b' }} {{ lst + [4] }} {{ [1] + [2] }}",
  "{{ 'a' ~ 'b' }} {{ 1 ~ 2 }} {{ 'x' ~ (1 + 2) }} {{ (1 + 2) ~ 'x' }} {{ none ~ 'x' }} {{ undefined_name ~ 'x' }} {{ lst ~ '' }}",
  '{{ 10 - 2 + 3 }} {{ 10 - 2 - 3 }} {{ 2 * 3 + 4 }} {{ 2 + 3 * 4 }} {{ 8 / 4 / 2 }} {{ 2 * 6 / 3 }} {{ 7 // 2 % 3 }} {{ 2 ** 3 ** 2 }}',
  "{{ 10 % 4 * 3 }} {{ 10 * 4 % 3 }} {{ 5 // 2 * 2 }} {{ 9 - 3 // 2 }}",
  '{{ -n }} {{ - n }} {{ -(1 + 2) }} {{ +n }} {{ -+1 }} {{ +-1 }} {{ 3 - -1 }} {{ 3--1 }} {{ 3 + +1 }} {{ -t }} {{ +no }}',
  '{{ 1 == 1 }} {{ 1 == "1" }} {{ 1 != "1" }} {{ 1 === 1 }} {{ 1 !== "1" }} {{ none == undefined_name }} {{ nul == 0 }} {{ e == 0 }} {{ e == false }}',
  "{{ 1 < 2 }} {{ 2 > 1 }} {{ 2 <= 2 }} {{ 'a' < 'b' }} {{ '10' < '9' }} {{ [10] < [9] }} {{ (1, 'a') <= (1, 'b') }} {{ 1 < 2 < 3 }} {{ 3 > 2 > 1 }} {{ 1 == 1 < 2 }}",
  '{{ lst == lst }} {{ [1] == [1] }} {{ obj == obj }} {{ "abc" == s }} {{ s != "abd" }}',
  '{{ not true }} {{ not 0 }} {{ not "" }} {{ not [] }} {{ not {} }} {{ not nul }} {{ not undefined_name }} {{ not not 1 }}',
  '{{ not 1 == 2 }} {{ not 0 == 1 }} {{ not 1 + 1 }} {{ not n < 2 }} {{ not (1 == 2) }} {{ not s ~ "x" }}',
  "{{ true and 'x' }} {{ 0 and 'x' }} {{ '' or 'd' }} {{ 'a' or 'b' }} {{ none or 0 }} {{ 1 and 2 or 3 }} {{ 0 or 0 and 1 }}",
  '{{ not t and no }} {{ not (t and no) }} {{ t and not no }} {{ no or not no }} {{ n > 2 and s == "abc" }}',
  "{{ 1 in lst }} {{ 4 in lst }} {{ 'b' in s }} {{ 'z' in s }} {{ 'a' in obj }} {{ 'z' in obj }} {{ 'a' not in strs }} {{ not 'a' in strs }}",
  "{{ 1 in lst and 2 in lst }} {{ 'a' in 'xa' ~ 'y' }} {{ (2 in [1, 2]) == true }} {{ '1' in lst }} {{ none in mixed }} {{ undefined_name in mixed }}",
  "{{ 'yes' if t else 'no' }} {{ 'yes' if no else 'no' }} {{ 'yes' if no }}|{{ 1 + 1 if t else 0 }} {{ ('a' if t else 'b') ~ 'c' }}",
  "{{ 'x' if n > 2 and s else 'y' }} {{ [1 if t else 2, 3] }} {{ {'k': 'v' if no else 'w'}.k }} {{ (1 if no) ~ 'x' }}",
  '{{ n * 2 if n else -1 }} {{ not t if t else t }} {{ lst[0] if lst else none }}',
  '{{ 0.1 + 0.2 }} {{ 10 ** 21 }} {{ big + 1 }} {{ 1e3 }} {{ 1.5e-3 }} {{ 2.5E+2 }} {{ 1_000 }} {{ 1_000.5 }} {{ 1.e3 }} {{ 12345678901234567890 }}',
  '{{ 4 / 2 }} {{ 7 // 2.0 }} {{ 3 - 1.0 }} {{ 0.5 + 0.5 }} {{ 2.0 ** 2 }} {{ 2 ** -1 }} {{ -(1.0) }} {{ -0.0 }} {{ +1.0 }} {{ 3 * 5 // 2 }} {{ 10 * 4 % 3 }} {{ 1 - 2 + 3 }} {{ - - 1 }} {{ + + 1 }} {{ nul | string }}',
  "{{ sstr * 2 }} {{ t * sstr }} {{ t + 1 }}",
  "{{ date - 0 }} {{ obj ~ '' }} {{ e or 'empty' }} {{ z or 'zero' }} {{ emptyObj or 'obj' }} {{ empty or 'list' }}",
  // Jinja's tuples, list +, string and list *, and string %: both paths, and what Jinja gives.
  "{% for c in ('x', 'y') %}{{ c }}{% endfor %} {{ ('a', 'b') | length }} {{ 'prod' in ('prod', 'ci') }} {{ 'pro' in ('prod', 'ci') }} {{ (1) + 2 }}",
  "{{ (lst + [4]) | join('-') }} {{ ([1] + [2] + [3]) | length }} {{ '-' * 3 }} {{ 2 * 'ab' }} {{ ([0] * 3) | join }} {{ 2 * 3 + 1 }} {{ 1 + 2 * 3 }}",
  "{{ '%s_%02d' % ('q', 5) }} {{ '%d%%' % 50 }} {{ '%(a)s.%(b)s' % {'a': 1, 'b': 'x'} }} {{ 7 % 3 }} {{ 'x' ~ 1 * 2 }} {{ 10 - 2 + 3 }} {{ 10 * 4 % 3 }}",
];

test('literals', () => checkAll(LITERALS, (s) => h.same(s)));
test('names, attribute and index lookups', () => checkAll(NAMES, (s) => h.same(s)));
test('calls of globals, keyword arguments, string methods, range', () => checkAll(CALLS, (s) => h.same(s)));
test("operators with Jinja's precedence and Python's numbers and types", () => checkAll(OPERATORS, (s) => h.same(s)));

test("Python's slices of strings and lists, on both paths", () => {
  assert.equal(h.same("{{ s[0:2] }} {{ s[1:] }} {{ s[:-1] }} {{ s[::-1] }} {{ (lst[1:] | join(',')) }} {{ lst[::2] | join }} {{ lst[-1:] | join }} {{ s[5:9] }}|{{ nul[1:] }}|{{ s[1] }}"),
    'ab bc ab cba 2,3 13 3 ||b');
});

test("Jinja's tuples and its +, * and % on lists and strings give what Jinja gives, on both paths", () => {
  assert.equal(h.same("{% for c in ('x', 'y') %}{{ c }}{% endfor %} {{ ('a', 'b') | length }} {{ 'prod' in ('prod', 'ci') }} {{ 'pro' in ('prod', 'ci') }}"),
    'xy 2 True False');
  assert.equal(h.same("{{ ([1] + [2, 3]) | join('-') }} {{ '-' * 3 }} {{ 2 * 'ab' }} {{ ([0] * 3) | join }} {{ 1 + 2 * 3 }}"), '1-2-3 --- abab 000 7');
  assert.equal(h.same("{{ '%s_%02d' % ('q', 5) }} {{ '%d%%' % 50 }} {{ '%(a)s.%(b)s' % {'a': 1, 'b': 'x'} }} {{ 7 % 3 }}"), 'q_05 50% 1.x 1');
  assert.equal(h.same("{{ [1, 2, 3][-1] }}|{{ 'abc'[-1] }}|{{ 'a.b.c'.split('.')[-1] }}|{{ lst[-2] }}|{{ [1][-2] }}|{{ obj[-1] }}|{{ 7 % -3 }}|{{ -7 % 3 }}|{{ 7 % 3 }}|{{ -6 % 3 }}|{{ 7.5 % 2 }}"),
    '3|c|c|2|||-2|2|1|0|1.5', "a negative index counts from the end and % of numbers has the divisor's sign, as in Python");
  assert.equal(h.same("{{ '%r' % 'x' }} {{ 'in (%r, %r)' % ('a', \"it's\") }} {{ '%r' % 3 }} {{ '%5r|' % 'a' }}"),
    "'x' in ('a', \"it's\") 3   'a'|", "%r is Python's repr (the text was printed as %s)");
  assert.deepEqual(h.renderNunjucks("{{ '%r' | format('z') }}"), h.renderNunjucks("'z'"), 'the format filter too');
  assert.equal(h.same("{% set parts = 'raw.orders'.partition('.') %}{{ parts[0] }}|{{ parts[2] }}|{{ 'a.b.c'.rpartition('.')[0] }}|{{ 'ab'.partition('.') | length }}|{{ 'ab'.index('b') }}"),
    'raw|orders|a.b|3|1', "Python's str.partition (a 3-tuple), rpartition and index");
});

test("a value prints as Python's str on both paths ({'a': 1}, [1, 2], nested, True/False/None, quotes as Python picks them)", () => {
  checkAll([
    "{{ {'a': 1} }}|{{ {} }}|{{ obj }}|{{ emptyObj }}|{{ nested }}|{{ lst }}",
    `{% set d = {'s': "it's", 'q': 'say "hi"', 'b': 'back\\\\slash', 'n': none, 't': true, 'f': False, 'l': [1, 'x', [none]], 'x': 2.5} %}{{ d }}`,
    "{{ {'k': people} }} {{ {'nl': 'a\\nb'} }}",
  ], (s) => h.same(s));
  assert.equal(h.same("{{ {'a': 1, 'b': [True, none, 'x', {'c': \"it's\"}], 'd': False} }}"), "{'a': 1, 'b': [True, None, 'x', {'c': \"it's\"}], 'd': False}");
  assert.equal(h.same("{% set d = {'a': 'x'} %}{{ d }} {{ [1, 2] }}"), "{'a': 'x'} [1, 2]");
  assert.equal(h.same("{{ [{'a': 1}, 'x', [none, {'b': True}]] }}"), "[{'a': 1}, 'x', [None, {'b': True}]]", 'a list prints as Python, its dicts too');
  assert.equal(h.same("{{ none }}|{{ true }}|{{ false }}|{{ undefined_name }}|{{ obj.missing }}|{{ 'a' ~ none }}|{{ none ~ true }}|{{ 'x' ~ [1] }}|{{ 'x' ~ undefined_name }}"),
    'None|True|False|||aNone|NoneTrue|x[1]|x', "None, True and False as Jinja prints them; an undefined value prints nothing");
  assert.equal(h.same("{{ '%s' % [1, 2] }}|{{ '%s-%s' % (1, 2) }}|{{ '%s' % none }}|{{ '%s' % {'a': 1} }}|{{ '{}/{}'.format(none, true) }}"),
    "[1, 2]|1-2|None|{'a': 1}|None/True", "%s and format() write Python's str");
});

test("an empty list, dict or macro output is false in if, and, or and inline if, as in Jinja, on both paths (JavaScript's [] and {} were true)", () => {
  assert.equal(h.same("{% if [] %}t{% else %}f{% endif %}|{% if {} %}t{% else %}f{% endif %}|{{ 'y' if [] else 'n' }}|{{ [] or 'd' }}|{{ [1] and 'x' }}|{{ ([] and 'x') | length }}"),
    'f|f|n|d|x|0');
  assert.equal(h.same("{% if lst %}t{% endif %}|{% if empty %}t{% else %}f{% endif %}|{% if emptyObj %}t{% else %}f{% endif %}|{% if obj %}t{% endif %}|{{ 0 or '' or 'last' }}|{{ 'a' and 0 }}"),
    't|f|f|t|last|0');
  assert.equal(h.same("{% macro e() %}{% endmacro %}{% macro f() %}x{% endmacro %}{% if e() %}t{% else %}f{% endif %}|{% if f() %}t{% endif %}|{{ e() or 'none' }}"), 'f|t|none');
});
