import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic } from '../../core/errors.js';
import { compileFiles } from '../helpers.js';

/*
 * Undefined values as dbt renders models, with Jinja2's default Undefined (jinja-undefined.ts). The outputs and
 * messages expected are Jinja2 3.1.6's (Python) for the same templates.
 */

/** An error as `code file:line:column message`. */
const at = (e: Diagnostic) => `${e.code} ${e.file}:${e.line}:${e.column} ${e.message}`;

test("arithmetic, comparisons and lookups of an undefined value are Jinja2's error at the model's line and column, on both paths (x + 1 printed nan)", () => {
  for (const useFastPath of [true, false]) {
    const { errors } = compileFiles({
      'dbt_project.yml': 'name: p\n',
      'macros/m.sql': "{% macro cents(col) %}\n  {{ col }} / {{ scale * 100 }}\n{% endmacro %}\n",
      'models/a.sql': 'select 1 as x,\n  {{ amount + 1 }} as y',
      'models/b.sql': "{% set cols = {'id': 'int'} %}\nselect 1 as x,\n  {{ cols.name.size }} as s",
      'models/c.sql': "select {{ cents('amount') }} as d",
      'models/d.sql': 'select 1 as x\n{% if target.nope > 1 %}where 1{% endif %}',
      'models/e.sql': "select {{ var('days', none) | int }} as n,\n  {{ days | int }} as m",
    }, { useFastPath });
    // Jinja2: 'amount' is undefined; 'dict object' has no attribute 'name'; 'scale' is undefined; 'dict object' has no attribute 'nope'
    // At the operator, the lookup in the undefined value (`.size`), the filter's name; in the macro that uses the name.
    assert.deepEqual(errors.map(at), [
      "undefined-value macros/m.sql:2:18 'scale' is undefined (in macro 'cents', called by models/c.sql)",
      "undefined-value models/a.sql:2:13 'amount' is undefined",
      "undefined-value models/b.sql:3:15 'dict object' has no attribute 'name'",
      "undefined-value models/d.sql:2:19 'dict object' has no attribute 'nope'",
      "undefined-value models/e.sql:2:13 'days' is undefined",
    ], `fast path ${useFastPath}`);
    assert.match(errors[1]!.hint ?? '', /is defined/);
  }
});

test('an undefined value prints nothing, is false, is not defined and takes a default, as in Jinja2, on both paths', () => {
  const model = [
    "select '{{ missing }}{{ target.nope }}' as e, {{ 1 if missing == none else 2 }} as f, '{{ missing | default('dflt') }}' as g,",
    "  {{ missing is defined }} as h, '{% for c in missing %}{{ c }}{% endfor %}' as i, '{{ 'a' ~ missing }}' as j, {{ not target.nope }} as k",
  ].join('\n');
  for (const useFastPath of [true, false]) {
    const { result, errors } = compileFiles({ 'dbt_project.yml': 'name: p\n', 'models/a.sql': model }, { useFastPath });
    assert.deepEqual(errors, []);
    // Jinja2: "select '' as e, 2 as f, 'dflt' as g,\n  False as h, '' as i, 'a' as j, True as k"
    assert.equal(result!.byName.get('a')!.canonicalSql, "select '' as e, 2 as f, 'dflt' as g,\n  False as h, '' as i, 'a' as j, True as k", `fast path ${useFastPath}`);
  }
});

test("unknown macros, vars, packages and dbt's unsupported context keep their own errors", () => {
  const { errors } = compileFiles({
    'dbt_project.yml': 'name: p\n',
    'models/a.sql': 'select {{ foo() }} as a',
    'models/b.sql': "select {{ var('nope') }} as b",
    'models/c.sql': 'select {{ flags.FULL_REFRESH }} as c',
    'models/d.sql': "select {{ dbt_utils.star('a') }} as d",
    'models/e.sql': 'select {{ model.config + 1 }} as e',
  });
  assert.deepEqual(errors.map(at), [
    "undefined-macro models/a.sql:1:11 'foo' is not a macro or function",
    "undefined-var models/b.sql:1:15 var 'nope' is not defined and has no default",
    "unsupported-dbt models/c.sql:1:11 dbt's 'flags' (flags.FULL_REFRESH ...) is not supported by amp-dbt: it changes from one invocation to the next, and a model's SQL may not (its fingerprint would)",
    "unsupported-dbt models/d.sql:1:11 'dbt_utils.star(...)' calls a macro of the dbt package 'dbt_utils': amp-dbt does not install dbt packages",
    "unsupported-dbt models/e.sql:1:11 dbt's 'model' (the node being compiled) is not supported by amp-dbt",
  ]);
});

test("functions and filters get an undefined value inside a list or dict as JavaScript's undefined (no Jinja object in a config)", () => {
  const model = "{{ config(materialized='table', meta={'owner': nope, 'team': 'x'}) }}select {{ [1, nope] | length }} as n, '{{ (1, nope) | join('-') }}' as j";
  for (const useFastPath of [true, false]) {
    const { result, errors } = compileFiles({ 'dbt_project.yml': 'name: p\n', 'models/a.sql': model }, { useFastPath });
    assert.deepEqual(errors, []);
    const a = result!.byName.get('a')!;
    // Jinja2: "select 2 as n, '1-' as j"
    assert.equal(a.canonicalSql, "select 2 as n, '1-' as j", `fast path ${useFastPath}`);
    assert.deepEqual(JSON.parse(JSON.stringify(a.config.meta)), { team: 'x' });
  }
});

test("min and max of an undefined value, or of an empty list, are undefined (they printed None); lists keep undefined values as Jinja2's do", () => {
  const model = [
    "{% set d = {} %}{% set cols = ['a'] %}{% do cols.append(nope) %}{% do cols.insert(0, d.missing) %}{% do d.update({'k': nope}) %}"
    + "select '{{ nope | max }}{{ nope | min }}{{ [] | max }}{{ [nope] | max }}' as e, {{ [] | max is defined }} as f, '{{ ['b', 'a'] | max }}' as g,",
    "  '{{ cols }}|{{ cols | join('-') }}|{{ cols | length }}|{{ cols | last is defined }}|{{ [nope, 1] | reverse | list }}' as h,",
    "  '{{ d }}|{{ d.get('x', nope) }}|{{ cols.index(nope) }}|{{ cols.count(d.missing) }}' as i",
  ].join('\n');
  for (const useFastPath of [true, false]) {
    const { result, errors } = compileFiles({ 'dbt_project.yml': 'name: p\n', 'models/a.sql': model }, { useFastPath });
    assert.deepEqual(errors, [], `fast path ${useFastPath}`);
    // Jinja2 3.1.6
    assert.equal(result!.byName.get('a')!.canonicalSql, [
      "select '' as e, False as f, 'b' as g,",
      "  '[Undefined, 'a', Undefined]|-a-|3|False|[1, Undefined]' as h,",
      "  '{'k': Undefined}||0|2' as i",
    ].join('\n'), `fast path ${useFastPath}`);
  }
});

test("min and max comparing an undefined value raise Jinja2's error of it, at the filter", () => {
  for (const useFastPath of [true, false]) {
    const { errors } = compileFiles({
      'dbt_project.yml': 'name: p\n',
      'models/a.sql': 'select {{ [1, nope] | max }} as n',
      'models/b.sql': "select {{ [nope, 'a'] | min }} as n",
      'models/c.sql': 'select {{ ([] | max) + 1 }} as n',
    }, { useFastPath });
    assert.deepEqual(errors.map(at), [
      "undefined-value models/a.sql:1:23 'nope' is undefined",
      "undefined-value models/b.sql:1:25 'nope' is undefined",
      'undefined-value models/c.sql:1:22 No aggregated item, sequence was empty.',
    ], `fast path ${useFastPath}`);
  }
});

test("sort and unique keep an undefined item as Jinja2 does; sorting it among others is its error", () => {
  for (const useFastPath of [true, false]) {
    const { result, errors } = compileFiles({
      'dbt_project.yml': 'name: p\n',
      'models/a.sql': `select "{{ [nope] | sort }} {{ [nope, nope] | unique | list }} {{ [nope, 'a', 'A'] | unique | list }}" as s`,
      'models/b.sql': 'select {{ [2, nope] | sort }} as s',
      'models/c.sql': `select "{{ [3, 1, 2] | sort }} {{ ['b', 'A', 'a'] | sort(reverse=true) }}" as s`,
    }, { useFastPath });
    // Jinja2: [Undefined] [Undefined] [Undefined, 'a']; 'nope' is undefined; [1, 2, 3] ['b', 'A', 'a']
    assert.deepEqual(errors.map(at), ["undefined-value models/b.sql:1:23 'nope' is undefined"], `fast path ${useFastPath}`);
    assert.equal(result!.byName.get('a')!.canonicalSql, `select "[Undefined] [Undefined] [Undefined, 'a']" as s`);
    assert.equal(result!.byName.get('c')!.canonicalSql, `select "[1, 2, 3] ['b', 'A', 'a']" as s`);
  }
});

test("tojson of a value holding an undefined one is Python's TypeError at the filter (it printed null), also dbt's tojson()", () => {
  for (const useFastPath of [true, false]) {
    const { result, errors } = compileFiles({
      'dbt_project.yml': 'name: p\n',
      'models/a.sql': 'select 1 as n,\n  {{ [nope] | tojson }} as j',
      'models/b.sql': "{% set d = {} %}select '{{ {'a': [1, d.missing]} | tojson }}' as j",
      'models/c.sql': "select '{{ tojson({'k': nope}) }}' as j",
      'models/d.sql': "select '{{ [1, 'a'] | tojson }} {{ tojson({'b': 1, 'a': 2}, sort_keys=nope) }}' as j",
    }, { useFastPath });
    // Jinja2: TypeError: Object of type Undefined is not JSON serializable (dbt's tojson catches only ValueError)
    assert.deepEqual(errors.map(at), [
      'jinja-render models/a.sql:2:15 Object of type Undefined is not JSON serializable',
      'jinja-render models/b.sql:1:52 Object of type Undefined is not JSON serializable',
      'jinja-render models/c.sql:1:18 Object of type Undefined is not JSON serializable',
    ], `fast path ${useFastPath}`);
    assert.equal(result!.byName.get('d')!.canonicalSql, `select '[1, "a"] {"b": 1, "a": 2}' as j`);
  }
});

test("Python's str methods given an undefined argument raise Python's TypeError where Jinja2 does, at the call; join and format read it", () => {
  const model = (expression: string) => `select 1 as n,\n  '{{ ${expression} }}' as s`;
  const raising: Record<string, string> = {
    "'a,b'.split(nope)": 'must be str or None, not Undefined',
    "'a,b'.rsplit(',', nope)": "'Undefined' object cannot be interpreted as an integer",
    "'ab'.strip(nope)": 'strip arg must be None or str',
    "'ab'.startswith(nope)": 'startswith first arg must be str or a tuple of str, not Undefined',
    "'ab'.endswith((nope, 'b'))": 'tuple for endswith must only contain str, not Undefined',
    "'ab'.replace(nope, 'y')": 'replace() argument 1 must be str, not Undefined',
    "'ab'.replace('a', nope)": 'replace() argument 2 must be str, not Undefined',
    "'ab'.find(nope)": 'must be str, not Undefined',
    "'ab'.index(nope)": 'must be str, not Undefined',
    "'ab'.partition(nope)": 'must be str, not Undefined',
    "'ab'.removeprefix(nope)": 'removeprefix() argument must be str, not Undefined',
    "'ab'.ljust(nope)": "'Undefined' object cannot be interpreted as an integer",
    "'ab'.center(5, nope)": 'The fill character must be a unicode character, not Undefined',
    "'-'.join(['a', nope])": "'-'.join(): item 1 is not a string (Undefined); use the join filter: items | join('-')",
    "'{:>3}'.format(nope)": 'unsupported format string passed to Undefined.__format__',
  };
  const files: Record<string, string> = { 'dbt_project.yml': 'name: p\n' };
  Object.keys(raising).forEach((expression, i) => { files[`models/m${String(i).padStart(2, '0')}.sql`] = model(expression); });
  files['models/ok.sql'] = "select 1 as n,\n  '{{ '-'.join(nope) }}|{{ '{}-{}'.format(1, nope) }}|{{ 'ab'.startswith(('a', nope)) }}|{{ 'a,b'.split(',') }}' as s";
  for (const useFastPath of [true, false]) {
    const { result, errors } = compileFiles(files, { useFastPath });
    // Jinja2 3.1.6: TypeError with these messages; the call's column is its parenthesis
    assert.deepEqual(errors.map((e) => `${e.code} ${e.file}:${e.line} ${e.message}`),
      Object.values(raising).map((message, i) => `jinja-render models/m${String(i).padStart(2, '0')}.sql:2 ${message}`), `fast path ${useFastPath}`);
    assert.equal(errors[0]!.column, 18);
    // Jinja2: "||1-|True|['a', 'b']"
    assert.equal(result!.byName.get('ok')!.canonicalSql, "select 1 as n,\n  '|1-|True|['a', 'b']' as s", `fast path ${useFastPath}`);
  }
});
