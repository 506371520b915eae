import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic } from '../../core/errors.js';
import { compileFiles } from '../helpers.js';

/** A project `name` with a model `a` (`select 1 as n`) and `files`, compiled. */
const compileWith = (name: string, files: Record<string, string>, options: Parameters<typeof compileFiles>[1] = {}) =>
  compileFiles({ 'dbt_project.yml': `name: ${name}\n`, 'models/a.sql': 'select 1 as n', ...files }, options);
/** An error as `code file:line:column`. */
const at = (e: Diagnostic) => `${e.code} ${e.file}:${e.line}:${e.column}`;

const project = (extra: Record<string, string>) => ({
  'dbt_project.yml': `name: shop
vars:
  min_amount: 10
  statuses: ['paid', 'shipped']
models:
  shop:
    +materialized: view
    marts:
      +materialized: table
      +tags: ['marts']
`,
  'models/sources.yml': `version: 2
sources:
  - name: raw
    schema: raw_data
    tables:
      - name: orders
`,
  ...extra,
});

test('ref, source, config, var, this and target render to placeholders and target SQL', () => {
  const { result, errors } = compileFiles(project({
    'models/staging/stg_orders.sql': "select * from {{ source('raw', 'orders') }} where amount > {{ var('min_amount') }}",
    'models/marts/big_orders.sql': "{{ config(tags=['big'], unique_key='id') }}select * from {{ ref('stg_orders') }} -- {{ target.name }} {{ this }}",
  }));
  assert.deepEqual(errors, []);
  const big = result!.byName.get('big_orders')!;
  assert.equal(big.materialized, 'table');
  assert.deepEqual(big.tags, ['marts', 'big']);
  assert.deepEqual(big.refs, ['stg_orders']);
  assert.equal(big.canonicalSql, 'select * from \u27e6ref:stg_orders\u27e7 -- dev \u27e6this\u27e7');
  assert.equal(result!.targetSql('big_orders'), 'select * from "main"."stg_orders" -- dev "main"."big_orders"');
  assert.equal(result!.targetSql('stg_orders'), 'select * from "raw_data"."orders" where amount > 10');
  assert.deepEqual(result!.models.map((m) => m.name), ['stg_orders', 'big_orders']);
});

test('--vars override project vars; two-argument ref names the package', () => {
  const { result, errors } = compileFiles(project({
    'models/a.sql': "select {{ var('min_amount') }} as m",
    'models/b.sql': "select * from {{ ref('shop', 'a') }}",
  }), { vars: { min_amount: 99 } });
  assert.deepEqual(errors, []);
  assert.equal(result!.targetSql('a'), 'select 99 as m');
  assert.deepEqual(result!.byName.get('b')!.refs, ['a']);
  for (const useFastPath of [true, false]) {
    const other = compileFiles(project({ 'models/a.sql': 'select 1 as n', 'models/b.sql': "select * from {{ ref('dbt_utils', 'a') }}" }), { useFastPath });
    assert.deepEqual(other.errors.map(at), ['unknown-package models/b.sql:1:22']);
    assert.match(other.errors[0].message, /names the package 'dbt_utils', which is not this project \('shop'\); packages are not supported/);
  }
});

test('macros with arguments and defaults call each other; set, for, loop.last, if and comments work', () => {
  const { result, errors } = compileFiles(project({
    'macros/money.sql': "{% macro cents(col, scale=100) %}({{ col }} * {{ scale }}){% endmacro %}\n{% macro dollars(col) %}{{ cents(col, 1) }}{% endmacro %}",
    'models/m.sql': `{# a comment #}{% set cols = ['a', 'b', 'c'] %}select {% for c in cols %}{{ c }}{% if not loop.last %}, {% endif %}{% endfor %},
  {{ cents('amount') }} as c, {{ dollars('amount') }} as d
{% if var('statuses') | length > 1 %}where status in ('{{ var('statuses') | join("', '") }}'){% endif %}`,
  }));
  assert.deepEqual(errors, []);
  assert.equal(result!.targetSql('m'), `select a, b, c,
  (amount * 100) as c, (amount * 1) as d
where status in ('paid', 'shipped')`);
  assert.deepEqual(result!.byName.get('m')!.usedMacros, ['cents', 'dollars']);
  assert.deepEqual(result!.byName.get('m')!.usedVars, ['statuses']);
});

test("{% set x -%} trims the whitespace starting the block's body, as Jinja's '-%}' does after any tag", () => {
  const { result, errors } = compileWith('setblock', {
    'macros/cols.sql': "{% macro cols() %}\n  {%- set out -%}\n    a,\n    b\n  {%- endset -%}\n  {{ return(out) }}\n{% endmacro %}",
    'models/b.sql': "{%- set where -%}\n  where n > 0\n{% endset -%}\nselect {{ cols() }} from t {{ where }}",
  });
  assert.deepEqual(errors, []);
  assert.equal(result!.byName.get('b')!.canonicalSql, 'select a,\n    b from t where n > 0\n', 'the endset tag has no -: the newline before it stays');
});

test('is_incremental() is false in the canonical SQL and true in the incremental rendering', () => {
  const { result, errors } = compileFiles(project({
    'models/src.sql': 'select 1 as id',
    'models/inc.sql': "{{ config(materialized='incremental', unique_key='id') }}select * from {{ ref('src') }}{% if is_incremental() %} where id > (select max(id) from {{ this }}){% endif %}",
  }));
  assert.deepEqual(errors, []);
  const inc = result!.byName.get('inc')!;
  assert.equal(inc.canonicalSql, 'select * from \u27e6ref:src\u27e7');
  assert.equal(inc.incrementalSql, 'select * from \u27e6ref:src\u27e7 where id > (select max(id) from \u27e6this\u27e7)');
});

test('env_var reads the environment passed in, with defaults', () => {
  const { result, errors } = compileFiles(project({
    'models/e.sql': "select '{{ env_var('REGION') }}' as r, '{{ env_var('MISSING', 'none') }}' as m",
  }), { env: { REGION: 'eu' } });
  assert.deepEqual(errors, []);
  assert.equal(result!.targetSql('e'), "select 'eu' as r, 'none' as m");
});

test('Amp datasets declared in config or +dependencies are referenced as quoted datasets', () => {
  const { result, errors } = compileFiles(project({
    'models/staging/stg_logs.sql': "{{ config(dependencies={'eth': '_/eth_firehose@1.0.0'}) }}select * from {{ ref('eth') }}.logs",
  }));
  assert.deepEqual(errors, []);
  const logs = result!.byName.get('stg_logs')!;
  assert.deepEqual(logs.refs, []);
  assert.deepEqual(logs.datasets, { eth: '_/eth_firehose@1.0.0' });
  assert.equal(result!.targetSql('stg_logs'), 'select * from "_/eth_firehose@1.0.0".logs');
});

test('ephemeral models are inlined as CTEs on SQL warehouses', () => {
  const { result, errors } = compileFiles(project({
    'models/eph.sql': "{{ config(materialized='ephemeral') }}select 1 as x",
    'models/uses.sql': "select * from {{ ref('eph') }}",
  }));
  assert.deepEqual(errors, []);
  assert.equal(result!.targetSql('uses'), 'WITH "__dbt__cte__eph" AS (\nselect 1 as x\n)\nselect * from "__dbt__cte__eph"');
});

test('disabled models are left out', () => {
  const { result, errors } = compileFiles(project({
    'models/off.sql': '{{ config(enabled=false) }}select 1',
    'models/on.sql': 'select 2',
  }));
  assert.deepEqual(errors, []);
  assert.deepEqual(result!.models.map((m) => m.name), ['on']);
});

test('a `}}` closing a dict inside a tag does not end the tag (as in Jinja2), on both render paths', () => {
  for (const useFastPath of [true, false]) {
    const { result, errors } = compileWith('nested', {
      'models/b.sql': "{{ config(materialized='table', meta={'owner': {'team': 'data'}}) }}\n"
        + "{% set m = {'a': {'b': 1}} %}select {{ m['a']['b'] }} as b, {{ {'x': {'y': 2}}['x']['y'] }} as y, '}}' as s",
    }, { useFastPath });
    assert.deepEqual(errors, [], `fast path ${useFastPath}`);
    assert.equal(result!.byName.get('b')!.materialized, 'table');
    assert.equal(result!.byName.get('b')!.canonicalSql, "\nselect 1 as b, 2 as y, '}}' as s");
  }
});

test('a comma after the last argument, list item or dict entry is allowed, as in Jinja2; (x,) is a one-item tuple', () => {
  for (const useFastPath of [true, false]) {
    const { result, errors } = compileWith('commas', {
      'macros/m.sql': '{% macro m(a, b,) %}{{ a }}-{{ b }}{% endmacro %}',
      'models/b.sql': "{{ config(materialized='table', tags=['x',],) }}{% set pairs = [('a', 1), ('b', 2),] %}"
        + "select '{{ m(1, b=2, ) }}' as x, {{ [1, 2,] | length }} as n, {{ {'k': 3,}['k'] }} as k, {{ (5,) | length }} as one, "
        + "{% for name, v in pairs %}{{ v }} as {{ name }}{{ ', ' if not loop.last }}{% endfor %} from {{ ref('a', ) }}",
    }, { useFastPath });
    assert.deepEqual(errors, [], `fast path ${useFastPath}`);
    const b = result!.byName.get('b')!;
    assert.deepEqual([b.materialized, b.refs, b.config.tags], ['table', ['a'], ['x']]);
    assert.match(b.canonicalSql, /^select '1-2' as x, 2 as n, 3 as k, 1 as one, 1 as a, 2 as b from /);
  }
});

test("ref() of a seed reads the seed's table (a model of the same name wins); on an Amp target it is an error", () => {
  const files = {
    'models/b.sql': "select c.name from {{ ref('countries') }} c join {{ ref('seeded', 'a') }} using (n)",
    'seeds/countries.csv': 'code,name\nde,Germany\n',
    'seeds/a.csv': 'n\n1\n',
    'seeds/raw/orders.csv': 'id\n1\n',
    'models/sources.yml': 'sources:\n  - name: raw\n    tables:\n      - name: orders\n',
  };
  const sameTable = compileWith('seeded', files);
  assert.deepEqual(sameTable.errors.map((e) => `${at(e)} ${e.message}`), ["duplicate-relation models/a.sql:1:1 model 'a' (models/a.sql) and seed 'a' (seeds/a.csv) would both be built as main.a"]);
  // The seed a in a schema of its own: no clash, and ref('a') still reads the model.
  const apart = { ...files, 'dbt_project.yml': 'name: seeded\nseeds:\n  seeded:\n    a:\n      +schema: lookups\n' };
  for (const useFastPath of [true, false]) {
    const { result, errors } = compileWith('seeded', apart, { useFastPath });
    assert.deepEqual(errors, []);
    const b = result!.byName.get('b')!;
    assert.deepEqual(b.refs, ['a'], 'the seed is not a parent; the model a wins over the seed a');
    assert.equal(b.canonicalSql, "select c.name from \u27e6seed:countries\u27e7 c join \u27e6ref:a\u27e7 using (n)");
    assert.equal(result!.targetSql('b'), 'select c.name from "main"."countries" c join "main"."a" using (n)');
  }
  const moved = compileFiles({ 'dbt_project.yml': 'name: seeded\nseeds:\n  seeded:\n    +schema: lookups\n', 'models/a.sql': 'select 1 as n', ...files });
  const here = compileWith('seeded', apart);
  assert.equal(moved.result!.targetSql('b'), 'select c.name from "main_lookups"."countries" c join "main"."a" using (n)');
  assert.notEqual(moved.result!.byName.get('b')!.fingerprint, here.result!.byName.get('b')!.fingerprint, "the seed's table counts in the fingerprint, as a source's does");
  assert.equal(moved.result!.byName.get('a')!.fingerprint, here.result!.byName.get('a')!.fingerprint);
  const orders = compileWith('seeded', { ...apart, 'models/b.sql': "select * from {{ ref('orders') }}" });
  assert.deepEqual(orders.errors.map(at), ['unknown-ref models/b.sql:1:18'], 'a seed filling a source table is read with source()');
  const amp = compileWith('seeded', apart, { target: { name: 'amp', type: 'amp', schema: 'main' } });
  assert.deepEqual(amp.errors.map((e) => `${at(e)} ${e.message}`), ["seed-not-on-amp models/b.sql:1:23 'b' refers to seed 'countries', but seeds are loaded into SQL warehouses, not into Amp"]);
});

test("a ref of a dbt snapshot (not run) says so at the ref, with what to do, instead of 'not a model or declared dataset'", () => {
  const { errors } = compileWith('snap', {
    'snapshots/orders_snapshot.sql': "{% snapshot orders_snapshot %}\n{{ config(unique_key='id', strategy='check', check_cols='all') }}\nselect * from {{ ref('a') }}\n{% endsnapshot %}\n",
    'models/b.sql': "select *\nfrom {{ ref('orders_snapshot') }} where dbt_valid_to is null",
  });
  assert.deepEqual(errors.map((e) => `${at(e)} ${e.message} (${e.hint})`), [
    "unsupported-dbt models/b.sql:2:9 'b' refers to snapshot 'orders_snapshot' (snapshots/orders_snapshot.sql), and amp-dbt does not run snapshots"
      + ' (read the table a dbt snapshot run keeps with source() (declare it under sources:), or make the snapshot a model (an incremental one appending changed rows keeps their history))',
  ]);
});

test('an error is located where the template uses the name, not where a comment above mentions it', () => {
  const { errors } = compileWith('loc', {
    'models/b.sql': "-- column 'region' comes from var('region'), from ref('gone') once\n{# ref('gone') #}\nselect '{{ var(\"region\") }}' as r\nfrom {{ ref('gone') }}",
  });
  assert.deepEqual(errors.map(at), ['undefined-var models/b.sql:3:16', 'unknown-ref models/b.sql:4:9']);
});

test("a string left open in a tag is a syntax error at its place, not nunjucks' TypeError at 1:1; Jinja's lipsum() is an error at the call", () => {
  const { errors } = compileWith('nj', {
    'models/b.sql': "select 1 as n\nfrom {{ ref('a) }}\n",
    'models/c.sql': "select 1 as n\n-- {{ lipsum(1) }}\n",
  });
  assert.deepEqual(errors.map((e) => `${at(e)} ${e.message}`), [
    'jinja-syntax models/b.sql:2:6 a string in this tag is never closed',
    "undefined-macro models/c.sql:2:7 Jinja's lipsum() is not supported (templates are rendered by nunjucks)",
  ]);
});

test("Jinja's namespace(): {% set ns.name = value %} inside loops and ifs is seen after them, on both render paths, in models and macros", () => {
  const files = {
    'dbt_project.yml': 'name: ns\n',
    'macros/has_column.sql': [
      '{% macro has_column(columns, wanted) %}{% set ns = namespace(found=false) %}',
      '{% for c in columns %}{% if c == wanted %}{% set ns.found = true %}{% endif %}{% endfor %}',
      '{{ return(ns.found) }}{% endmacro %}',
    ].join(''),
    'models/m.sql': [
      "{% set ns = namespace(total=0, names=[], last=none) %}{% for c in ['a', 'bb', 'ccc'] %}{% set ns.total = ns.total + c | length %}",
      '{% do ns.names.append(c.upper()) %}{% set ns.last = c %}{% endfor %}',
      "select {{ ns.total }} as total, '{{ ns.names | join(',') }}' as names, '{{ ns.last }}' as last",
      "{% if has_column(['id', 'x'], 'x') %}, 1 as has_x{% endif %}{% if has_column(['id'], 'x') %}, 1 as wrong{% endif %}",
      "{% set fast = namespace({'n': 1}, m=2) %}, {{ fast.n + fast.m }} as three",
    ].join(''),
  };
  for (const useFastPath of [true, false]) {
    const { result, errors } = compileFiles(files, { useFastPath });
    assert.deepEqual(errors, []);
    assert.equal(result!.byName.get('m')!.canonicalSql, "select 6 as total, 'A,BB,CCC' as names, 'ccc' as last, 1 as has_x, 3 as three", `fast path: ${useFastPath}`);
  }
  const { errors } = compileWith('not_ns', {
    'models/a.sql': "select 1 as n\n{% set d = {} %}\n{% for x in [1] %}{% set d.x = 1 %}{% endfor %}\n",
    'models/b.sql': 'select 1 as n\n{% set ns = namespace() %}{% set ns.a.b = 1 %}',
  });
  assert.deepEqual(errors.map((e) => `${at(e)} ${e.message} | ${e.hint}`), [
    "jinja-render models/a.sql:3:19 this {% set %} sets the attribute 'x' of something that is not a namespace(): only a namespace's attributes can be set"
      + ' | make it one first, as in Jinja: {% set ns = namespace(x=...) %}, then {% set ns.x = ... %}',
    "jinja-syntax models/b.sql:2:38 only a namespace's attribute can be set: {% set ns.name = value %}, with ns = namespace(...) | null",
  ]);
});

test("a closing tag that does not close the open block names both, at the closing tag (not nunjucks' 'unknown block tag')", () => {
  const { errors } = compileWith('close', {
    'models/b.sql': "{% if true %}\nselect 1 as n\n{% for x in [1] %}\n{% endif %}\n",
    'models/c.sql': "select 1 as n\n{% endfor %}\n",
  });
  assert.deepEqual(errors.map((e) => `${at(e)} ${e.message} | ${e.hint}`), [
    "jinja-syntax models/b.sql:4:1 '{% endif %}' cannot close '{% for %}' (line 3), which is still open | add {% endfor %} before it",
    "jinja-syntax models/c.sql:2:1 '{% endfor %}' has no '{% for %}' to close | remove it, or open the block with {% for ... %}",
  ]);
});

test("Jinja's loop filter keeps the items its condition holds for, on both render paths (nunjucks looped over nothing)", () => {
  // Expected texts are what Jinja2 3.1.6 renders for these templates.
  for (const useFastPath of [true, false]) {
    const { result, errors } = compileWith('lf', {
      'macros/pick.sql': "{% macro kept(xs, skip) %}{% for x in xs if x != skip %}{{ x }}{% if not loop.last %}, {% endif %}{% endfor %}{% endmacro %}",
      'models/a.sql': "select 1 as n\n{% for x in [1, 2, 3] if x > 1 %} union all select {{ x }} -- {{ loop.index }}/{{ loop.length }}{% endfor %}",
      'models/b.sql': "select {% for x in ([1, 2] if true else [3]) %}{{ x }}{% endfor %} as n -- 'if' in a string: {{ 'for y in z if w' }}",
      'models/c.sql': "select {{ kept([1, 2, 3], 2) }} as l, '{% for k, v in {'a': 1, 'b': 0}.items() if v %}{{ k }}{% else %}none{% endfor %}' as k,"
        + " '{% for x in [1] if x > 1 %}{{ x }}{% else %}none{% endfor %}' as e",
    }, { useFastPath });
    assert.deepEqual(errors, [], `fast path ${useFastPath}`);
    assert.equal(result!.byName.get('a')!.canonicalSql, 'select 1 as n\n union all select 2 -- 1/2 union all select 3 -- 2/2');
    assert.equal(result!.byName.get('b')!.canonicalSql, "select 12 as n -- 'if' in a string: for y in z if w");
    assert.equal(result!.byName.get('c')!.canonicalSql, "select 1, 3 as l, 'a' as k, 'none' as e");
  }
});

test("a loop filter followed by else, or reading a namespace or list the loop's body changes, is a syntax error at file:line:col", () => {
  // Jinja2 filters each item when the loop reaches it: b renders 1 there, c 12; amp-dbt filters before the body runs.
  const { errors } = compileWith('lfe', {
    'models/a.sql': "select 1 as n\n{% for x in [1] if x else [2] %}{{ x }}{% endfor %}",
    'models/b.sql': "{% set ns = namespace(go=true) %}\nselect {% for x in [1, 2] if ns.go %}{{ x }}{% set ns.go = false %}{% endfor %} as n",
    'models/c.sql': "{% set seen = [] %}\nselect {% for x in [1, 1, 2] if x not in seen %}{% do seen.append(x) %}{{ x }}{% endfor %} as n",
    'models/d.sql': "select '{% for i in [1, 2, 3] if loop.index > 1 %}{{ i }}{% endfor %}' as y",
  });
  assert.deepEqual(errors.map((e) => `${at(e)} ${e.message.split(':')[0]}`), [
    "jinja-syntax models/a.sql:2:22 a for loop's iterable cannot be an inline if ('if' after it filters the items)",
    "jinja-syntax models/b.sql:2:30 this loop filter reads 'ns', which the loop's body changes ({% set ns.go %})",
    "jinja-syntax models/c.sql:2:42 this loop filter reads 'seen', which the loop's body changes (seen.append())",
    "jinja-syntax models/d.sql:1:34 a loop filter cannot read its own loop's 'loop' (Jinja",
  ]);
  // An enclosing loop's `loop` is the one read, and break and continue work in a filtered loop (Jinja2 renders |2| and 32).
  const { result, errors: none } = compileWith('lfl', {
    'models/e.sql': "select '{% for i in [1, 2] %}{% for j in [3] if loop.index > 1 %}{{ i }}{% endfor %}|{% endfor %}' as y,\n"
      + "  '{% for i in [1, 2, 3] if i > 1 %}{% if loop.first %}{% continue %}{% endif %}{{ i }}{% endfor %}{% for i in [1, 2, 3] if i > 1 %}{{ i }}{% break %}{% endfor %}' as x",
  });
  assert.deepEqual(none, []);
  assert.equal(result!.byName.get('e')!.canonicalSql, "select '|2|' as y,\n  '32' as x");
});

test("a {% set %} inside a for loop stays inside the pass that sets it, as in Jinja2 (nunjucks kept the last pass's value after the loop)", () => {
  // Expected texts are what Jinja2 3.1.6 renders for these templates.
  const model = [
    "{% set x = 0 %}{% set ns = namespace(total=0) %}",
    "{% for i in [1, 2, 3] %}{{ x }}{% set x = x + i %}{{ x }}{% set ns.total = ns.total + i %}{% for j in [1] %}{% set x = 100 %}{% endfor %}{{ x }};{% endfor %}",
    "{% for i in [] %}{% else %}{% set x = 9 %}{{ x }}{% endfor %}",
    "select {{ x }} as x, {{ ns.total }} as total",
  ].join('\n');
  const macro = "{% macro last_of(xs) %}{% set found = 'none' %}{% for x in xs %}{% if x %}{% set found = x %}{% endif %}{% endfor %}{{ found }}{% endmacro %}";
  for (const useFastPath of [true, false]) {
    const { result, errors } = compileWith('scope', { 'models/a.sql': model, 'macros/m.sql': macro, 'models/b.sql': "select '{{ last_of(['a', 'b']) }}' as f" }, { useFastPath });
    assert.deepEqual(errors, [], `fast path ${useFastPath}`);
    assert.equal(result!.byName.get('a')!.canonicalSql, '\n011;022;033;\n9\nselect 0 as x, 6 as total');
    assert.equal(result!.byName.get('b')!.canonicalSql, "select 'none' as f");
  }
});

test("a name a for loop or with block sets before reading it is no name the model uses (an added macro of that name does not render it again)", () => {
  // The block's own variable starts with the value outside, which is read (and the name recorded) only when the block may read it before setting it.
  const model = [
    "{% for c in ['a', 'b'] %}{% set col = c | upper %}{{ col }}{% if c == 'b' %}{% set last = c %}{% endif %}{% endfor %}",
    "{% with n = 1 %}{% set label = 'x' ~ n %}{{ label }}{% endwith %}",
    "{% for c in ['a'] %}[{{ before }}]{% set before = c %}{% endfor %}",
    "{% for c in ['a'] %}{% if c %}{% set maybe = c %}{% endif %}{{ maybe }}{% endfor %}",
    "{% with %}{% set grown = grown ~ 'x' %}{{ grown }}{% endwith %} as n",
  ].join('\n');
  const { result, errors } = compileWith('scope', { 'models/a.sql': `select ${model}` });
  assert.deepEqual(errors, []);
  // Jinja2 3.1.6: "select AB\nx1\n[]\na\nx as n"
  assert.equal(result!.byName.get('a')!.canonicalSql, 'select AB\nx1\n[]\na\nx as n');
  // before, maybe and grown are read while they may still have the value outside: a macro of the name would change the render.
  assert.deepEqual(result!.byName.get('a')!.usedMacros, ['before', 'grown', 'maybe']);
});

test("Python's string methods work on both render paths; calling something undefined inside a macro is located in the macro", () => {
  for (const useFastPath of [true, false]) {
    const { result, errors } = compileWith('py', {
      'macros/names.sql': "{% macro shout(x) %}{{ x.upper() }}{% endmacro %}\n{% macro broken() %}\n  {{ nothere.fn() }}\n{% endmacro %}\n",
      'models/b.sql': "select '{{ shout('a') }}' as a, '{{ 'stg_b'.startswith('stg_') }}' as s, '{{ 'a-b-c'.replace('-', '_') }}' as r,\n  {{ ', '.join(['x', 'y']) }}",
      'models/c.sql': "select '{{ broken() }}' as x",
    }, { useFastPath });
    assert.equal(result!.byName.get('b')!.canonicalSql, "select 'A' as a, 'True' as s, 'a_b_c' as r,\n  x, y");
    assert.deepEqual(errors.map((e) => `${at(e)} ${e.message}`), [
      "undefined-macro macros/names.sql:3:6 'nothere.fn(...)' cannot be called: 'nothere' is undefined or has no 'fn' (in macro 'broken', called by models/c.sql)",
    ], `fast path ${useFastPath}`);
  }
});

test("dbt's return(), {% do %}, Python's list and dict methods and exceptions.raise_compiler_error in macros", () => {
  const macros = `{% macro pick(a, b) %}
  {% if a %}{{ return(a) }}{% else %}{{ return(b) }}{% endif %}
{% endmacro %}
{% macro doubled(n) %}
  {% set xs = [] %}
  {% for i in range(n) %}{% do xs.append(i * 2) %}{% endfor %}
  {% do return(xs) %}
{% endmacro %}
{% macro pairs(d) %}
  {% set parts = [] %}
  {% for k, v in d.items() %}{% do parts.append(k ~ '=' ~ v) %}{% endfor %}
  {{ return(parts | join(',') ~ ';' ~ d.get('c', 'none') ~ ';' ~ (d.keys() | length)) }}
{% endmacro %}
{% macro positive(n) %}
  {% if n <= 0 %}{{ exceptions.raise_compiler_error('n must be positive, got ' ~ n) }}{% endif %}
  {{ return(n) }}
{% endmacro %}
`;
  for (const useFastPath of [true, false]) {
    const { result, errors } = compileWith('dbtish', {
      'macros/dbtish.sql': macros,
      'models/b.sql': "{% set picked = pick(none, 'b') %}select '{{ picked }}' as p, {{ doubled(3) | join(' + ') }} as n, "
        + "'{{ pairs({'a': 1, 'b': 2}) }}' as c, {{ positive(2) }} as m, {{ {'items': 5}.items }} as own_key",
      'models/c.sql': 'select {{ positive(0) }} as m',
      'models/d.sql': "{{ log('compiling d', info=True) }}select 1 as n",
    }, { useFastPath });
    assert.equal(result!.byName.get('d')!.canonicalSql, 'select 1 as n', 'log() prints nothing');
    assert.equal(result!.byName.get('b')!.canonicalSql, "select 'b' as p, 0 + 2 + 4 as n, 'a=1,b=2;none;2' as c, 2 as m, 5 as own_key");
    assert.deepEqual(errors.map((e) => `${at(e)} ${e.message}`), [
      "compiler-error macros/dbtish.sql:15:32 n must be positive, got 0 (in macro 'positive', called by models/c.sql)",
    ], `fast path ${useFastPath}`);
  }
});

test("Jinja's dict() and Python's copy, clear, reverse and sort of lists and dicts, on both render paths", () => {
  for (const useFastPath of [true, false]) {
    const { result, errors } = compileWith('dicts', {
      'models/b.sql': [
        "{%- set d = dict(a=1, b=2) -%}{%- set e = d.copy() -%}{%- do e.update({'c': 3}) -%}{%- set f = dict([['x', 1]], y=2) -%}",
        "{%- set l = [3, 1, 2] -%}{%- set m = l.copy() -%}{%- do l.sort() -%}{%- do m.sort(reverse=true) -%}{%- set r = ['a', 'b'] -%}{%- do r.reverse() -%}",
        "{%- set gone = {'k': 1} -%}{%- do gone.clear() -%}",
        "select '{{ d | tojson }}' as d, '{{ e | length }}' as e, '{{ f | tojson }}' as f, '{{ l | join }}{{ m | join }}{{ r | join }}' as l, {{ gone | length }} as g",
      ].join('\n'),
    }, { useFastPath });
    assert.deepEqual(errors, [], `fast path ${useFastPath}`);
    assert.equal(result!.byName.get('b')!.canonicalSql, `select '{"a": 1, "b": 2}' as d, '3' as e, '{"x": 1, "y": 2}' as f, '123321ba' as l, 0 as g`);
  }
});

test("Jinja's loop.previtem, loop.nextitem, loop.cycle() and loop.depth, on both render paths (nunjucks' loop had none: they printed nothing); a for over a dict goes over its keys", () => {
  for (const useFastPath of [true, false]) {
    const { result, errors } = compileWith('loops', {
      'models/b.sql': "select {% for c in ['a', 'b', 'c'] %}'{{ loop.previtem }}>{{ c }}>{{ loop.nextitem }}' as {{ c }}_{{ loop.depth }}{{ loop.depth0 }}, {% endfor %}\n"
        + "  {% for n in [1, 2, 3] %}'{{ loop.cycle('odd', 'even') }}' as row{{ n }}{{ ', ' if not loop.last }}{% endfor %},\n"
        + "  {% set d = {'b': 2, 'a': 1} %}'{% for k in d %}{{ k }}{{ loop.length }}{% endfor %}' as dict_keys, '{% for k, v in d %}{{ k }}{{ v }}{% endfor %}' as pairs",
    }, { useFastPath });
    assert.deepEqual(errors, [], `fast path ${useFastPath}`);
    assert.equal(result!.byName.get('b')!.canonicalSql, "select '>a>b' as a_10, 'a>b>c' as b_10, 'b>c>' as c_10, \n  'odd' as row1, 'even' as row2, 'odd' as row3,\n"
      + "  'b2a2' as dict_keys, 'b2a1' as pairs");
  }
});

test("Jinja's loop.changed(value) is true where the value differs from its last call's, per loop, on both render paths (it was an undefined-macro error)", () => {
  for (const useFastPath of [true, false]) {
    const { result, errors } = compileWith('changed', {
      'models/c.sql': "select '{% for x in [1, 1, 2, 2, 1] %}{% if loop.changed(x) %}{{ x }}{% endif %}{% endfor %}' as a, "
        + "'{% for r in [['a', 1], ['a', 2], ['b', 2]] %}{{ loop.changed(r[0]) }}{% for y in [1, 1] %}{{ loop.changed(y) }}{% endfor %};{% endfor %}' as b",
    }, { useFastPath });
    assert.deepEqual(errors, [], `fast path ${useFastPath}`);
    assert.equal(result!.byName.get('c')!.canonicalSql, "select '121' as a, 'TrueTrueFalse;FalseTrueFalse;TrueTrueFalse;' as b");
  }
});

test("dbt's adapter.dispatch finds <target type>__name, else default__name (jaffle_shop's cents_to_dollars); adapter.quote", () => {
  for (const useFastPath of [true, false]) {
    const { result, errors } = compileWith('dispatch', {
      'macros/cents.sql': "{% macro cents_to_dollars(c) %}{{ return(adapter.dispatch('cents_to_dollars')(c)) }}{% endmacro %}\n"
        + "{% macro default__cents_to_dollars(c) %}({{ c }} / 100)::numeric(16, 2){% endmacro %}\n"
        + "{% macro duckdb__cents_to_dollars(c) %}({{ c }} / 100)::decimal(16, 2){% endmacro %}\n"
        + "{% macro only_postgres() %}{{ adapter.dispatch('pg_thing')() }}{% endmacro %}\n{% macro postgres__pg_thing() %}1{% endmacro %}\n",
      'models/b.sql': "select {{ cents_to_dollars('amount') }} as dollars, 1 as {{ adapter.quote('Order') }}",
      'models/c.sql': 'select {{ only_postgres() }} as x',
    }, { useFastPath });
    assert.equal(result!.byName.get('b')!.canonicalSql, 'select (amount / 100)::decimal(16, 2) as dollars, 1 as "Order"');
    assert.deepEqual(errors.map((e) => `${at(e)} ${e.message}`), [
      "undefined-macro macros/cents.sql:4:31 adapter.dispatch('pg_thing') finds no macro 'duckdb__pg_thing' or 'default__pg_thing' (in macro 'only_postgres', called by models/c.sql)",
    ], `fast path ${useFastPath}`);
  }
});

test("a project's generate_schema_name names every model's schema, as in dbt (custom schemas as they are, say)", () => {
  const macro = `{% macro generate_schema_name(custom_schema_name, node) -%}
  {%- if custom_schema_name is none -%}{{ target.schema }}{%- else -%}{{ custom_schema_name | trim }}{%- endif -%}
{%- endmacro %}`;
  for (const useFastPath of [true, false]) {
    const { result, errors } = compileWith('schemas', {
      'macros/get_custom_schema.sql': macro,
      'models/marts/m.sql': "{{ config(schema='marts') }}select * from {{ ref('a') }}",
      'models/n.sql': "select * from {{ ref('m') }}",
    }, { useFastPath });
    assert.deepEqual(errors, []);
    assert.equal(result!.targetSql('n'), 'select * from "marts"."m"', 'not main_marts');
    assert.deepEqual(['a', 'm', 'n'].map((name) => result!.byName.get(name)!.config.schema_name), [undefined, 'marts', undefined], 'kept only where it is not the usual schema');
    // dbt's common override names the usual schema for models without a custom one: their versions stay (no rebuild).
    const without = compileWith('schemas', {
      'models/marts/m.sql': "{{ config(schema='marts') }}select * from {{ ref('a') }}",
      'models/n.sql': "select * from {{ ref('m') }}",
    }, { useFastPath });
    const fingerprints = (r: typeof result) => ['a', 'm', 'n'].map((name) => r!.byName.get(name)!.fingerprint);
    const [a, m, n] = [0, 1, 2].map((i) => fingerprints(result)[i] === fingerprints(without.result)[i]);
    assert.deepEqual([a, m, n], [true, false, false], 'm moved from main_marts to marts (n reads it); a stayed in main');
  }
  const seeded = compileFiles({
    'dbt_project.yml': 'name: schemas\nseeds:\n  schemas:\n    +schema: lookups\n', 'macros/get_custom_schema.sql': macro,
    'seeds/countries.csv': 'code\nde\n', 'models/c.sql': "select * from {{ ref('countries') }}",
  });
  assert.equal(seeded.result!.targetSql('c'), 'select * from "lookups"."countries"', 'seeds go through it too');
  const broken = compileWith('schemas', {
    'macros/get_custom_schema.sql': '{% macro generate_schema_name(custom_schema_name, node) %}{{ exceptions.raise_compiler_error("no schema for " ~ node.name) }}{% endmacro %}',
  });
  assert.deepEqual(broken.errors.map((e) => `${at(e)} ${e.message}`), ["compiler-error macros/get_custom_schema.sql:1:73 no schema for a (in macro 'generate_schema_name', called by models/a.sql)"]);
});

test("dbt's cross-database macros (dbt.current_timestamp, dbt.dateadd, dbt.datediff ...) print the target's SQL", () => {
  const model = "select {{ dbt.current_timestamp() }} as t, {{ dbt.safe_cast('x', dbt.type_int()) }} as i, {{ dbt.dateadd('day', 7, 'd') }} as w, "
    + "{{ dbt.datediff('a', 'b', 'day') }} as n, {{ dbt.concat(['x', \"'-'\", 'y']) }} as c, {{ dbt.any_value('x') }} as v";
  const sql = (target: Parameters<typeof compileFiles>[1]) => compileWith('ns', { 'models/b.sql': model }, target).result!.byName.get('b')!.canonicalSql;
  assert.equal(sql({}), "select current_timestamp as t, try_cast(x as integer) as i, (d + ((interval '1 day') * (7))) as w, "
    + "date_diff('day', a, b) as n, concat(x, '-', y) as c, any_value(x) as v");
  assert.equal(sql({ target: { name: 'pg', type: 'postgres', schema: 'public' } }), "select now() as t, cast(x as integer) as i, (d + ((interval '1 day') * (7))) as w, "
    + '((b)::date - (a)::date) as n, concat(x, \'-\', y) as c, min(x) as v');
});

test("Jinja's filters nunjucks lacks: map, unique, min, max, items, tojson, and selectattr / rejectattr with a test", () => {
  const cols = "[{'name': 'id', 'type': 'int'}, {'name': 'Name', 'type': 'text'}, {'name': 'day', 'type': 'date'}, {'name': 'NAME', 'type': 'text'}]";
  const { result, errors } = compileWith('filters', {
    'models/b.sql': `{% set cols = ${cols} %}select '{{ cols | map(attribute='name') | join(',') }}' as a, '{{ cols | map(attribute='name') | map('upper') | unique | join(',') }}' as b, `
      + "'{{ cols | selectattr('type', 'equalto', 'text') | map(attribute='name') | join(',') }}' as c, '{{ cols | rejectattr('type', 'in', ['text', 'int']) | map(attribute='name') | first }}' as d, "
      + "{{ [3, 1, 2] | min }} as e, {{ [3, 1, 2] | max }} as f, '{% for k, v in {'x': 1} | items %}{{ k }}={{ v }}{% endfor %}' as g, '{{ {'k': [1, 'a']} | tojson }}' as h",
  });
  assert.deepEqual(errors, []);
  assert.equal(result!.byName.get('b')!.canonicalSql,
    "select 'id,Name,day,NAME' as a, 'ID,NAME,DAY' as b, 'Name,NAME' as c, 'day' as d, 1 as e, 3 as f, 'x=1' as g, '{\"k\": [1, \"a\"]}' as h");
});

test('an unknown ref, source or undefined var inside a macro is located in the macro file', () => {
  const { errors } = compileWith('mac', {
    'macros/helpers.sql': "{% macro orders_from() %}\n  {{ ref('gone') }} join {{ source('raw', 'nope') }}\n{% endmacro %}\n"
      + "{% macro region() %}{{ var('region') }}{% endmacro %}\n",
    'models/b.sql': "select '{{ region() }}' as r from {{ orders_from() }}",
  });
  assert.deepEqual(errors.map(at).sort(), [
    'undefined-var macros/helpers.sql:4:28', 'unknown-ref macros/helpers.sql:2:6', 'unknown-source macros/helpers.sql:2:29',
  ]);
});

test('an unknown filter is located where it is written: in the model, or in the macro the model called', () => {
  const { errors } = compileWith('mf', {
    'macros/m.sql': '{% macro shout(x) %}\n  {{ x | nosuchfilter }}\n{% endmacro %}\n',
    'models/a.sql': "select '{{ shout(\"a\") }}' as s",
    'models/b.sql': "select '{{ \"a\" | otherfilter }}' as s",
  });
  assert.deepEqual(errors.map((e) => `${at(e)} ${e.message}`), [
    "jinja-render macros/m.sql:2:8 filter not found: nosuchfilter (in macro 'shout', called by models/a.sql)",
    'jinja-render models/b.sql:1:16 filter not found: otherfilter',
  ]);
  assert.match(errors[0].hint ?? '', /nunjucks has filters such as upper/);
});

test('an unknown filter or test is located where it is written, with the nearest name', () => {
  const { errors } = compileWith('mt', {
    'macros/m.sql': '{% macro odd_only(n) %}\n  {% if n is not oddd %}0{% endif %}\n{% endmacro %}\n',
    'models/a.sql': "select {{ odd_only(3) }} as s",
    'models/b.sql': "select 1 as x,\n  {% if 4 is divisibleb 3 %}2{% endif %} as y",
    'models/c.sql': "select '{{ 'a' | uppr }}' as s",
  });
  assert.deepEqual(errors.map((e) => `${at(e)} ${e.message} / ${e.hint}`), [
    "jinja-render macros/m.sql:2:11 test not found: oddd (in macro 'odd_only', called by models/a.sql) / did you mean 'odd'?",
    "jinja-render models/b.sql:2:11 test not found: divisibleb / did you mean 'divisibleby'?",
    "jinja-render models/c.sql:1:16 filter not found: uppr / did you mean 'upper'?",
  ]);
});

test('a render error on the first line, endless macro recursion and caller() outside a call block are said plainly, where they happen', () => {
  const { errors } = compileWith('mt', {
    'macros/m.sql': '{% macro forever(n) %}{{ forever(n + 1) }}{% endmacro %}\n',
    'models/b.sql': "select {{ 1 is foo }} as s",
    'models/c.sql': "select '{{ 'a,b'.split('') }}' as t",
    'models/d.sql': 'select {{ forever(1) }} as n',
    'models/e.sql': "{% macro wrap() %}({{ caller() }}){% endmacro %}\nselect {{ wrap() }} as n",
  });
  assert.deepEqual(errors.map((e) => `${at(e)} ${e.message} | ${e.hint}`), [
    'jinja-render models/b.sql:1:13 test not found: foo | the tests are callable, defined, divisibleby, escaped, equalto, eq, sameas, even, falsy, ge, greaterthan, gt, le, lessthan, lt, lower, ne, null, number, odd, string, truthy, undefined, upper, iterable, mapping, in, none, true, false, boolean, integer, float, sequence',
    'jinja-render models/c.sql:1:23 empty separator | null',
    'jinja-render models/d.sql:1:18 the render never ends: a macro calls itself (directly or through other macros) with no case that stops it | give the recursion a condition that ends it, or write the macro with a loop',
    'undefined-macro models/e.sql:1:23 caller() is called, but the macro was not called from a {% call %} block | call the macro as {% call name(...) %}body{% endcall %}: caller() gives the body',
  ]);
});

test("a macro call with an unknown keyword, too many arguments or one given twice is an error at the call, on both render paths, as in Jinja", () => {
  const files = {
    'macros/money.sql': [
      '{% macro cents_to_dollars(column_name, scale=2) %}({{ column_name }} / 100)::numeric(16, {{ scale }}){% endmacro %}',
      '{% macro total(x) %}\n  sum({{ cents_to_dollars(x, sacle=4) }})\n{% endmacro %}',
      "{% macro cols(first) %}{{ first }}{% for c in varargs %}, {{ c }}{% endfor %}{% for k, v in kwargs | dictsort %}, {{ v }} as {{ k }}{% endfor %}{% endmacro %}",
    ].join('\n'),
    'models/ok.sql': "select {{ cents_to_dollars('amount') }} as a, {{ cents_to_dollars('amount', scale=4) }} as b, {{ cols('x', 'y', 'z', n=1, m=2) }}",
    'models/misspelt.sql': "select {{ cents_to_dollars('amount') }} as a,\n  {{ cents_to_dollars('amount', scal=4) }} as b",
    'models/extra_keyword.sql': "select {{ cents_to_dollars('amount', scale=4, bogus=1) }}",
    'models/too_many.sql': "select {{ cents_to_dollars('amount', 3) }}, {{ cents_to_dollars('amount', 3, 4, 5) }}",
    'models/twice.sql': "select {{ cents_to_dollars('amount', column_name='x') }}",
    'models/in_macro.sql': "select {{ total('amount') }}",
  };
  for (const useFastPath of [true, false]) {
    const { result, errors } = compileWith('args', files, { useFastPath });
    assert.deepEqual(errors.map((e) => `${at(e)} ${e.message} | ${e.hint}`), [
      "macro-arguments macros/money.sql:3:10 macro 'cents_to_dollars' takes no keyword argument 'sacle' (in macro 'total', called by models/in_macro.sql) | did you mean 'scale'?",
      "macro-arguments models/extra_keyword.sql:1:11 macro 'cents_to_dollars' takes no keyword argument 'bogus' | its parameters are column_name, scale",
      "macro-arguments models/misspelt.sql:2:6 macro 'cents_to_dollars' takes no keyword argument 'scal' | did you mean 'scale'?",
      "macro-arguments models/too_many.sql:1:48 macro 'cents_to_dollars' takes not more than 2 argument(s) | it is given 4; its parameters are column_name, scale",
      "macro-arguments models/twice.sql:1:11 macro 'cents_to_dollars' got multiple values for argument 'column_name' | 'column_name' is already given by position (argument 1): give it once",
    ], `fast path ${useFastPath}`);
    assert.equal(result!.byName.get('ok')!.canonicalSql,
      'select (amount / 100)::numeric(16, 2) as a, (amount / 100)::numeric(16, 4) as b, x, y, z, 2 as m, 1 as n');
  }
});

test("dbt's model, graph, flags, invocation_id and dbt_version are an error at their use, on both render paths; target.database is this.database's", () => {
  const files = {
    'macros/mode.sql': "{% macro mode() %}\n  {{ model.config.materialized }}\n{% endmacro %}\n{% macro show(model) %}{{ model }}{% endmacro %}",
    'models/full.sql': '-- not a full refresh model\nselect {{ flags.FULL_REFRESH }} as f',
    'models/incremental.sql': "select 1 as n -- model\n{% if model.config.materialized == 'incremental' %}where false{% endif %}",
    'models/invocation.sql': "select '{{ invocation_id }}' as i",
    'models/version.sql': "select '{{ dbt_version }}' as v",
    'models/graph.sql': '{% for node in graph.nodes.values() %}{{ node }}{% endfor %}select 1 as n',
    'models/in_macro.sql': 'select {{ mode() }} as m -- model',
    'models/own.sql': "{% set model = 'mine' %}select '{{ model }}' as a, '{{ show('p') }}' as b, '{{ show(model='k') }}' as c, '{{ target.database }}' as d",
  };
  for (const useFastPath of [true, false]) {
    const { result, errors } = compileWith('ctx', files, { useFastPath });
    const what = (message: string) => message.split(' is not supported by amp-dbt')[0] + (/ \(in macro .*/.exec(message)?.[0] ?? '');
    assert.deepEqual(errors.map((e) => `${at(e)} ${what(e.message)}`), [
      "unsupported-dbt macros/mode.sql:2:6 dbt's 'model' (the node being compiled) (in macro 'mode', called by models/in_macro.sql)",
      "unsupported-dbt models/full.sql:2:11 dbt's 'flags' (flags.FULL_REFRESH ...)",
      "unsupported-dbt models/graph.sql:1:16 dbt's 'graph' (the project's nodes)",
      "unsupported-dbt models/incremental.sql:2:7 dbt's 'model' (the node being compiled)",
      "unsupported-dbt models/invocation.sql:1:12 dbt's 'invocation_id'",
      "unsupported-dbt models/version.sql:1:12 dbt's 'dbt_version'",
    ], `fast path ${useFastPath}`);
    assert.match(errors[1].message, /: it changes from one invocation to the next, and a model's SQL may not/);
    assert.match(errors[1].hint!, /is_incremental\(\)/);
    const own = result!.byName.get('own')!;
    assert.equal(own.canonicalSql, "select 'mine' as a, 'p' as b, 'k' as c, 'warehouse' as d");
    assert.equal(result!.targetSql('own'), "select 'mine' as a, 'p' as b, 'k' as c, 'warehouse' as d");
  }
  const amp = compileWith('ctx', { 'models/d.sql': "select '{{ target.database }}' as d" }, { target: { name: 'amp', type: 'amp', schema: 'main' } });
  assert.equal(amp.result!.byName.get('d')!.canonicalSql, "select '' as d");
});

test("target.profile_name is the profile's name (dbt_project.yml's profile:, else the project's name) and target.target_name the target's, on both render paths and in property files", () => {
  for (const useFastPath of [true, false]) {
    const named = compileFiles({
      'dbt_project.yml': 'name: shop\nprofile: warehouse\n',
      'models/p.sql': "select '{{ target.profile_name }}' as p, '{{ target.target_name }}' as t",
      'models/q.sql': "{% if target.profile_name == 'warehouse' %}select 1 as n{% endif %}",
      'models/props.yml': "version: 2\nmodels:\n  - name: q\n    config:\n      alias: \"q_{{ target.profile_name }}\"\n",
    }, { useFastPath });
    assert.deepEqual(named.errors, []);
    assert.equal(named.result!.byName.get('p')!.canonicalSql, "select 'warehouse' as p, 'dev' as t", `fast path ${useFastPath}`);
    assert.equal(named.result!.byName.get('q')!.canonicalSql, 'select 1 as n');
    assert.equal(named.result!.byName.get('q')!.config.alias, 'q_warehouse');
    const unnamed = compileWith('shop', { 'models/p.sql': "select '{{ target.profile_name }}' as p" }, { useFastPath });
    assert.equal(unnamed.result!.byName.get('p')!.canonicalSql, "select 'shop' as p");
  }
});

test("run_query, statement blocks, packages' macros, adapter's and exceptions' other methods, api and modules say they are not supported; the project's own name calls its macros", () => {
  const files = {
    'macros/money.sql': '{% macro cents_to_dollars(c) %}({{ c }} / 100){% endmacro %}\n{% macro star(x) %}*{% endmacro %}',
    'models/own.sql': "select {{ jaffle_shop.cents_to_dollars('amount') }} as a, {{ cents_to_dollars('b') }} as b",
    'models/query.sql': "{% if execute %}\n{% set r = run_query('select 1') %}\n{% endif %}select 1 as n",
    'models/statement.sql': "{% call statement('x', fetch_result=True) %}select 1{% endcall %}select 2 as n",
    'models/result.sql': "{% set x = load_result('x') %}select 1 as n",
    'models/star.sql': "select {{ dbt_utils.star(ref('own')) }} from {{ ref('own') }}",
    'models/key.sql': "select {{ dbt_utils.generate_surrogate_key(['a']) }} as k",
    'models/other.sql': 'select {{ other_pkg.thing() }} as t',
    'models/relation.sql': "{% set rel = adapter.get_relation(database=this.database, schema='s', identifier='t') %}select 1 as n",
    'models/warn.sql': "{{ exceptions.raise_not_implemented('later') }}select 1 as n",
    'models/modules.sql': 'select {{ modules.datetime.date.today() }} as d',
    'models/api.sql': "select {{ api.Relation.create(schema='s') }} as r",
  };
  for (const useFastPath of [true, false]) {
    const { result, errors } = compileFiles({ 'dbt_project.yml': 'name: jaffle_shop\n', ...files }, { useFastPath });
    assert.deepEqual(errors.map((e) => `${at(e)} ${e.message}`), [
      "unsupported-dbt models/api.sql:1:11 dbt's 'api' (api.Relation, api.Column) is not supported by amp-dbt",
      "unsupported-dbt models/key.sql:1:11 'dbt_utils.generate_surrogate_key(...)' calls a macro of the dbt package 'dbt_utils': amp-dbt does not install dbt packages",
      "unsupported-dbt models/modules.sql:1:11 dbt's 'modules' (Python's datetime, re, itertools ...) is not supported by amp-dbt",
      "undefined-macro models/other.sql:1:11 'other_pkg.thing(...)' cannot be called: 'other_pkg' is undefined or has no 'thing'",
      "unsupported-dbt models/query.sql:2:12 dbt's 'run_query' is not supported by amp-dbt: models are rendered without querying the warehouse",
      "unsupported-dbt models/relation.sql:1:14 dbt's adapter.get_relation() is not supported by amp-dbt",
      "unsupported-dbt models/result.sql:1:12 dbt's 'load_result' is not supported by amp-dbt: models are rendered without querying the warehouse, so there are no statement results",
      "unsupported-dbt models/star.sql:1:11 'dbt_utils.star(...)' calls a macro of the dbt package 'dbt_utils': amp-dbt does not install dbt packages",
      "unsupported-dbt models/statement.sql:1:9 dbt's statement blocks ({% call statement(...) %}) are not supported by amp-dbt: models are rendered without querying the warehouse",
      "unsupported-dbt models/warn.sql:1:4 dbt's exceptions.raise_not_implemented() is not supported by amp-dbt",
    ], `fast path ${useFastPath}`);
    const hints = Object.fromEntries(errors.map((e) => [e.file, e.hint]));
    assert.equal(hints['models/key.sql'], "copy the macro 'generate_surrogate_key' (and what it calls) into a file under macros/ and call it as generate_surrogate_key(...)");
    assert.equal(hints['models/star.sql'], "the project has a macro 'star': call it as star(...)");
    assert.match(hints['models/other.sql']!, /if 'other_pkg' is a dbt package: amp-dbt does not install packages, so copy the macro 'thing' into macros\//);
    assert.match(hints['models/relation.sql']!, /dispatch\(\) and quote\(\) only/);
    assert.match(hints['models/query.sql']!, /compute the value in the SQL itself/);
    const own = result!.byName.get('own')!;
    assert.equal(own.canonicalSql, 'select (amount / 100) as a, (b / 100) as b');
    assert.deepEqual(own.usedMacros, ['cents_to_dollars']);
  }
  const named = compileFiles({ 'dbt_project.yml': 'name: shop\n', 'macros/statement.sql': '{% macro statement(x) %}own {{ x }}{% endmacro %}', 'models/m.sql': "select '{{ statement(1) }}' as s" });
  assert.deepEqual(named.errors, []);
  assert.equal(named.result!.byName.get('m')!.canonicalSql, "select 'own 1' as s", "a project's macro of such a name is its own");
});

test("the project's namespace records in usedMacros the names templates look up in it, not internal ones (__keywords), and renders alike on both paths", () => {
  const files = {
    'dbt_project.yml': 'name: shop\n',
    'macros/m.sql': '{% macro wrap(x) %}1{% endmacro %}\n{% macro cents(c) %}({{ c }} / 100){% endmacro %}',
    'models/passed.sql': 'select {{ wrap(shop) }} as a',
    'models/called.sql': "select {{ shop.cents('x') }} as a, {{ shop.nope is defined }} as b",
    'models/truth.sql': "select {{ 1 if shop else 2 }} as a, {{ 'cents' in shop }} as b",
  };
  for (const useFastPath of [true, false]) {
    const { result, errors } = compileFiles(files, { useFastPath });
    assert.deepEqual(errors, []);
    const model = (name: string) => result!.byName.get(name)!;
    // usedMacros was ['__keywords', 'wrap'] (a macro's last argument is read for keyword arguments), on the fast path ['shop', 'wrap']
    assert.deepEqual(model('passed').usedMacros, ['wrap'], `fast path ${useFastPath}`);
    assert.deepEqual(model('called').usedMacros, ['cents', 'nope'], `fast path ${useFastPath}`);
    // The fast path read `shop` as undefined: 2 and False
    assert.equal(model('truth').canonicalSql, 'select 1 as a, True as b', `fast path ${useFastPath}`);
  }
});

test('a syntax error in a macro file is reported once, at the file: models calling its macros get no second error of their own', () => {
  const files = {
    'macros/math.sql': '{% macro safe_divide(a, b) %}\n  ({{ a }} / nullif({{ b }}, 0))\n{%- endmacr %}',
    'macros/ok.sql': '{% macro ratio(a) %}{{ safe_divide(a, 2) }}{% endmacro %}',
    'models/direct.sql': "select {{ safe_divide('x', 'y') }} as r",
    'models/through.sql': "select {{ ratio('x') }} as r",
    'models/namespaced.sql': "select {{ unread.safe_divide('x', 'y') }} as r",
    'models/other.sql': 'select {{ nothere(1) }} as r',
  };
  for (const useFastPath of [true, false]) {
    const { errors } = compileWith('unread', files, { useFastPath });
    assert.deepEqual(errors.map(at), ['jinja-syntax macros/math.sql:3:5', 'undefined-macro models/other.sql:1:11'], `fast path ${useFastPath}`);
  }
});

test("nunjucks' parser messages are said plainly, at nunjucks' position (a call not closed, an unknown tag with a did-you-mean ...)", () => {
  const { errors } = compileWith('plain', {
    'macros/math.sql': '{% macro safe_divide(a, b) %}\n  ({{ a }} / {{ b }})\n{%- endmacr %}',
    'models/call.sql': "select {{ var('start_date' }} as d",
    'models/list.sql': 'select {{ [1, 2 }} as l',
    'models/for.sql': '{% for x of [1] %}{% endfor %}select 1 as n',
    'models/dict.sql': "select {{ {'a' 1} }} as d",
    'models/tag.sql': 'select 1 as n\n{% if true false %}{% endif %}',
    'models/else.sql': 'select {% if x %}1{% else %}2{% else %}3{% endif %} as n',
    'models/endif.sql': 'select 1 as n {% endif %}',
    'models/block.sql': 'select 1 as n\n{% test positive(model, column_name) %}select 1{% endtest %}',
  });
  assert.deepEqual(errors.map((e) => `${at(e)} ${e.message} | ${e.hint}`), [
    "jinja-syntax macros/math.sql:3:5 '{% endmacr %}' is not a tag templates have | did you mean 'endmacro'?",
    "jinja-syntax models/block.sql:2:4 '{% test %}' is not a tag templates have here | a {% test %} block defines a generic test: put it in a file under tests/generic/ or macros/",
    "jinja-syntax models/call.sql:1:28 a call's arguments are not closed: expected ',' or ')' after an argument | close the call with ')', or separate its arguments with ','",
    "jinja-syntax models/dict.sql:1:11 a dict key must be followed by ':' and a value | write {'key': value}",
    "jinja-syntax models/else.sql:1:33 '{% else %}' is not expected here: it belongs inside an open {% if %} or {% for %}, before its {% else %} (an if has one {% else %}, after every {% elif %}) | remove the extra {% else %}, or make it {% elif condition %}",
    "jinja-syntax models/endif.sql:1:15 '{% endif %}' has no '{% if %}' to close | remove it, or open the block with {% if ... %}",
    "jinja-syntax models/for.sql:1:4 a for loop needs 'in' | write {% for item in items %}",
    "jinja-syntax models/list.sql:1:11 a list, dict or parenthesised expression is not closed: expected ',' or its closing bracket after an item | close it with ')', ']' or '}', or separate its items with ','",
    "jinja-syntax models/tag.sql:2:18 the {% if %} tag is not closed with '%}' where expected | look for a missing quote, bracket or operator, or an extra word, before '%}'",
  ]);
  for (const e of errors) assert.doesNotMatch(e.message, /parse[A-Z]\w+:/);
});

test("the tojson filter writes Jinja's JSON: sorted keys, Python's separators, <>&' escaped", () => {
  const { result, errors } = compileFiles({
    'dbt_project.yml': 'name: j\n',
    'models/m.sql': "select '{{ {'b': [1, 2], 'a': \"it's <x> & y\"} | tojson }}' as j",
  });
  assert.deepEqual(errors, []);
  assert.equal(result!.byName.get('m')!.canonicalSql, "select '{\"a\": \"it\\u0027s \\u003cx\\u003e \\u0026 y\", \"b\": [1, 2]}' as j");
});

test("a dict prints as Python's repr, as in Jinja, on both render paths", () => {
  for (const useFastPath of [true, false]) {
    const { result, errors } = compileFiles({
      'dbt_project.yml': 'name: repr\nvars:\n  owners: {team: data, ids: [1, 2], on: true}\n',
      // Dollar-quoted: the repr holds quotes (between single quotes, the SQL would not close its strings).
      'models/m.sql': "{% set d = {'a': 1, 'b': [True, none, \"it's\"]} %}select $${{ d }}$$ as d, $${{ var('owners') }}$$ as o",
    }, { useFastPath });
    assert.deepEqual(errors, []);
    assert.equal(result!.byName.get('m')!.canonicalSql, `select $\${'a': 1, 'b': [True, None, "it's"]}$$ as d, $\${'team': 'data', 'ids': [1, 2], 'on': True}$$ as o`);
  }
});

test("dbt's loop controls ({% break %}, {% continue %}), fromjson, tojson, local_md5, zip and tests without parentheses (n is divisibleby 3), on both render paths", () => {
  const files = {
    'models/m.sql': [
      "select {% for x in [1, 2, 3, 4, 5, 6] %}{% if x is divisibleby 2 %}{% continue %}{% endif %}{% if x > 4 %}{% break %}{% endif %}{{ x }}{% endfor %} as odd,",
      "  {{ 9 is divisibleby 3 }} as d3, {{ 4 is not divisibleby(3) }} as n3, {{ 1 is sameas 1 }} as s,",
      "  {% for x in [1, 2] %}{% for y in ['a', 'b'] %}{% if y == 'b' %}{% break %}{% endif %}{{ x }}{{ y }}{% endfor %}{% endfor %} as nested,",
      `  {% set d = fromjson('{"a": [1, 2]}') %}{{ d.a[1] }} as a, {{ fromjson('not json', 0) }} as fallback,`,
      "  '{{ tojson({'b': 1, 'a': [true, none, 'é']}, sort_keys=true) }}' as j, '{{ local_md5('abc') }}' as md5,",
      "  '{% for n, c in zip([1, 2, 3], ['x', 'y']) %}{{ n }}{{ c }}{% endfor %}' as z",
    ].join('\n'),
  };
  for (const useFastPath of [true, false]) {
    const { result, errors } = compileWith('ctl', files, { useFastPath });
    assert.deepEqual(errors, [], `fast path ${useFastPath}`);
    assert.equal(result!.byName.get('m')!.canonicalSql, [
      'select 13 as odd,',
      '  True as d3, True as n3, True as s,',
      '  1a2a as nested,',
      '  2 as a, 0 as fallback,',
      `  '{"a": [true, null, "\\u00e9"], "b": 1}' as j, '900150983cd24fb0d6963f7d28e17f72' as md5,`,
      "  '1x2y' as z",
    ].join('\n'));
  }
  const { errors } = compileWith('ctl', {
    'models/b.sql': 'select 1 as n {% break %}',
    'models/c.sql': '{% for x in [1] %}{% set y %}{% continue %}{% endset %}{% endfor %}select 1 as n',
  });
  assert.deepEqual(errors.map((e) => `${at(e)} ${e.message}`), [
    'jinja-syntax models/b.sql:1:18 {% break %} is only allowed inside a for loop',
    'jinja-syntax models/c.sql:1:33 {% continue %} is only allowed inside a for loop',
  ]);
});

test("Jinja's tests nunjucks lacks (in, none, true, false, boolean, integer, float, sequence), also in selectattr with nunjucks' own (odd ...)", () => {
  const { result, errors } = compileWith('tests', {
    'models/m.sql': [
      "{%- set cols = [{'name': 'id', 'n': 1, 'pk': true}, {'name': 'amount', 'n': 2.5, 'pk': none}] -%}",
      "select {{ 'id' is in ['id', 'x'] }} as l, {{ 'z' is not in ['id'] }} as nl, {{ 'd' is in 'abcd' }} as s, {{ 'a' is in {'a': 1} }} as d,",
      "  {{ none is none }} as nn, {{ 0 is none }} as zn, {{ true is true }} as t, {{ 1 is true }} as ot, {{ false is false }} as f,",
      "  {{ true is boolean }} as b, {{ 1 is integer }} as i, {{ 2.5 is float }} as fl, {{ cols is sequence }} as sq, {{ 3 is odd and 4 is even }} as oe,",
      "  '{{ cols | selectattr('pk', 'true') | map(attribute='name') | join }}' as pk, '{{ cols | selectattr('n', 'integer') | map(attribute='name') | join }}' as whole,",
      "  '{{ cols | selectattr('name', 'in', ['amount']) | map(attribute='name') | join }}' as named, '{{ cols | rejectattr('n', 'odd') | map(attribute='name') | join }}' as notodd",
    ].join('\n'),
  });
  assert.deepEqual(errors, []);
  assert.equal(result!.byName.get('m')!.canonicalSql, [
    'select True as l, True as nl, True as s, True as d,',
    '  True as nn, False as zn, True as t, False as ot, True as f,',
    '  True as b, True as i, True as fl, True as sq, True as oe,',
    "  'id' as pk, 'id' as whole,",
    "  'amount' as named, 'amount' as notodd",
  ].join('\n'));
});

test('a source declared in a property file with invalid YAML: the unknown-source hint names that file instead of asking to declare it', () => {
  const sources = 'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: orders\n       bad: [\n';
  const { errors } = compileWith('ys', { 'models/_sources.yml': sources, 'models/a.sql': "select * from {{ source('raw', 'orders') }}" });
  assert.deepEqual(errors.map(at), ['yaml-syntax models/_sources.yml:6:1', 'unknown-source models/a.sql:1:18']);
  assert.equal(errors[1].hint, 'models/_sources.yml could not be read (invalid YAML, reported there): fix it first, as a source declared there is not seen');
  const declared = compileWith('ys', { 'models/_sources.yml': 'version: 2\nsources:\n  - name: raw\n    tables: [{name: orders}]\n', 'models/a.sql': "select * from {{ source('lake', 'events') }}" });
  assert.equal(declared.errors[0].hint, "declare it under 'sources:' in a .yml file beside the models", 'without an unreadable property file, the hint is as before');
});

test('ref() and source() with the wrong number of arguments are an invalid-arguments error at the call, on both render paths', () => {
  for (const useFastPath of [true, false]) {
    const { errors } = compileWith('args', {
      'models/_sources.yml': 'version: 2\nsources:\n  - name: raw\n    tables: [{name: orders}]\n',
      'models/a.sql': "select *\nfrom {{ source('raw') }}",
      'models/b.sql': "select * from {{ ref('a', 'x', 'y') }}",
      'models/c.sql': "select * from {{ source(source_name='raw', table_name='orders') }}",
      // Of two calls on a line, the wrong one is named.
      'models/d.sql': 'select * from {{ ref("a") }} join {{ ref( "a", "b", "c" ) }} using (x) join {{ ref() }} using (y)',
    }, { useFastPath });
    assert.deepEqual(errors.map((e) => `${at(e)} ${e.message}`), [
      "invalid-arguments models/a.sql:2:9 source() takes a source's name and a table's: source('raw') has 1 argument",
      "invalid-arguments models/b.sql:1:18 ref() takes a model's name, or a package's and a model's: ref('a', 'x', 'y') has 3 arguments",
      "invalid-arguments models/d.sql:1:38 ref() takes a model's name, or a package's and a model's: ref('a', 'b', 'c') has 3 arguments",
      "invalid-arguments models/d.sql:1:80 ref() takes a model's name, or a package's and a model's: ref() has no arguments",
    ], `useFastPath: ${useFastPath}; no unknown-source 'raw.undefined', no unknown-package`);
  }
});

test("config() takes one dict as dbt does (config({'materialized': 'table'})); anything else positional is an error", () => {
  for (const useFastPath of [true, false]) {
    const { result, errors } = compileWith('config_dict', {
      'models/d.sql': "{{ config({'materialized': 'table', 'alias': 'zzz'}) }}\nselect 1 as n",
      'models/child.sql': "select * from {{ ref('d') }}",
      'models/bad.sql': "{{ config('table') }}\nselect 2 as n",
    }, { useFastPath });
    assert.deepEqual([result!.byName.get('d')!.materialized, result!.targetSql('child')], ['table', 'select * from "main"."zzz"'], `fast path ${useFastPath}`);
    assert.deepEqual(errors.map((e) => `${at(e)} ${e.message}`), ["invalid-arguments models/bad.sql:1:4 config() takes keyword arguments or one dict, not config('table')"]);
  }
});

test('target.threads is the target\'s, else the 4 a run builds with (the embedded default target has none written)', () => {
  const { result } = compileWith('threads', { 'models/t.sql': "select {{ target.threads }} as threads, '{{ target.name }}' as name" });
  assert.equal(result!.byName.get('t')!.canonicalSql, "select 4 as threads, 'dev' as name");
  const eight = compileWith('threads', { 'models/t.sql': 'select {{ target.threads }} as threads' }, { target: { name: 'dev', type: 'duckdb', schema: 'main', threads: 8 } as never });
  assert.equal(eight.result!.byName.get('t')!.canonicalSql, 'select 8 as threads');
});

test("target.profile_name is the profile dbt_project.yml names (else the project's name) and target.target_name the target's, as in dbt (they printed nothing)", () => {
  for (const useFastPath of [true, false]) {
    const model = "select '{{ target.profile_name }}' as p, '{{ target.target_name }}' as t";
    const { result } = compileWith('shop', { 'models/t.sql': model }, { useFastPath });
    assert.equal(result!.byName.get('t')!.canonicalSql, "select 'shop' as p, 'dev' as t", `fast path ${useFastPath}`);
    const named = compileFiles({ 'dbt_project.yml': 'name: shop\nprofile: analytics\n', 'models/t.sql': model }, { useFastPath });
    assert.equal(named.result!.byName.get('t')!.canonicalSql, "select 'analytics' as p, 'dev' as t");
  }
});

test("a dbt Relation method (this.incorporate(), ref(...).render()) is said to be unsupported, not taken for a package's macro", () => {
  for (const useFastPath of [true, false]) {
    const { errors } = compileWith('relations', {
      'models/r1.sql': "select * from {{ this.incorporate(type='table') }}",
      'models/r2.sql': "select * from {{ ref('a').render() }}",
    }, { useFastPath });
    assert.deepEqual(errors.map((e) => `${e.code} ${e.file} ${e.message}`), [
      "unsupported-dbt models/r1.sql 'this' is a relation, which has database, schema, identifier and name in amp-dbt's templates, not incorporate(): dbt's Relation methods are not supported",
      "unsupported-dbt models/r2.sql what ref() gives is a relation, which has database, schema, identifier and name in amp-dbt's templates, not render(): dbt's Relation methods are not supported",
    ], `fast path ${useFastPath}`);
  }
});

test("a problem found in a macro (an undefined var) says which model called it, as a macro's render errors do", () => {
  for (const useFastPath of [true, false]) {
    const { errors } = compileWith('in_macro', {
      'macros/m.sql': "{% macro m() %}{{ var('missing') }}{% endmacro %}",
      'models/b.sql': 'select {{ m() }} as x',
    }, { useFastPath });
    assert.deepEqual(errors.map((e) => `${at(e)} ${e.message}`), [
      "undefined-var macros/m.sql:1:23 var 'missing' is not defined and has no default (in macro 'm', called by models/b.sql)",
    ], `fast path ${useFastPath}`);
  }
});

test('a problem found before a render fails (an undefined var) is reported with the failure, and an incremental model reports it once', () => {
  const { errors } = compileWith('before_failure', {
    'macros/m.sql': "{% macro m() %}\n  {{ var('missing') }} {{ nofn() }}\n{% endmacro %}",
    'models/a.sql': 'select {{ m() }} as x',
    'models/inc.sql': "{{ config(materialized='incremental') }}\nselect {{ var('nov') }} as x",
  });
  assert.deepEqual(errors.map((e) => `${at(e)} ${e.message}`), [
    "undefined-var macros/m.sql:2:10 var 'missing' is not defined and has no default (in macro 'm', called by models/a.sql)",
    "undefined-macro macros/m.sql:2:27 'nofn' is not a macro or function (in macro 'm', called by models/a.sql)",
    "undefined-var models/inc.sql:2:15 var 'nov' is not defined and has no default",
  ]);
});

test("not negates its whole operand, with Jinja's truth, on both paths ({% if not target.name == 'prod' %} was false everywhere)", () => {
  for (const useFastPath of [true, false]) {
    const { result, errors } = compileWith('negation', {
      'models/a.sql': "{% set cols = [] %}{% set d = {} %}\nselect {% if not target.name == 'prod' %}'dev'{% else %}'prod'{% endif %} as a,"
        + " {% if not cols %}'none'{% else %}'some'{% endif %} as b, {{ 'y' if not d else 'n' }} as c,"
        + " {% if 1 == 1 and not 2 == 3 %}'and'{% endif %} as d, {% if not 'a' in ['b'] %}'in'{% endif %} as e, {{ not not cols }} as f",
    }, { useFastPath });
    assert.deepEqual(errors, [], `fast path ${useFastPath}`);
    assert.equal(result!.byName.get('a')!.canonicalSql, "\nselect 'dev' as a, 'none' as b, y as c, 'and' as d, 'in' as e, False as f", `fast path ${useFastPath}`);
  }
});

test('refs and sources a failed render made before it failed are checked too: every error at once', () => {
  const { errors } = compileWith('refs_before_failure', {
    'models/customers.sql': 'select 1 as id',
    'models/orders.sql': "{{ config(dependencies={'eth': '_/eth@1.0.0'}) }}\nselect * from {{ ref('custmers') }}, {{ ref('customers') }}, {{ ref('eth') }}.logs,\n  {{ source('raw', 'x') }} where {{ no_such_macro() }}",
  });
  assert.deepEqual(errors.map((e) => `${at(e)} ${e.message} (${e.hint})`), [
    "unknown-ref models/orders.sql:2:18 'orders' refers to 'custmers', which is not a model or declared dataset (did you mean 'customers'?)",
    "unknown-source models/orders.sql:3:6 source 'raw.x' is not declared (declare it under 'sources:' in a .yml file beside the models)",
    "undefined-macro models/orders.sql:3:37 'no_such_macro' is not a macro or function (define it with {% macro no_such_macro(...) %} in a file under macros/, or check its spelling)",
  ]);
});

test('an undefined var whose name the template computes is located at the var() call, not the start of the file', () => {
  for (const useFastPath of [true, false]) {
    const { errors } = compileWith('computed_var', { 'models/v.sql': "{% set n = 'a' ~ 'b' %}\nselect {{ var(n) }} as x" }, { useFastPath });
    assert.deepEqual(errors.map((e) => `${at(e)} ${e.message}`), ["undefined-var models/v.sql:2:11 var 'ab' is not defined and has no default"], `fast path ${useFastPath}`);
  }
});

test("ref() of a model version (version= or v=) is an error at it: amp-dbt has no model versions", () => {
  const { errors } = compileWith('mv', {
    'models/orders.sql': 'select 1 as id',
    'models/a.sql': "select * from {{ ref('orders', version=2) }}",
    'models/b.sql': "{% if true %}{% endif %}select * from {{ ref('orders', v=1) }}",
  });
  assert.deepEqual(errors.map((e) => `${at(e)} ${e.message}`), [
    "unsupported-dbt models/a.sql:1:32 ref('orders', version=2) names a model version; amp-dbt has no model versions",
    "unsupported-dbt models/b.sql:1:56 ref('orders', v=1) names a model version; amp-dbt has no model versions",
  ]);
});

test('a macro calling itself without end, or vars whose Jinja read each other, is a short error, not a stack overflow', () => {
  const { errors } = compileWith('endless', {
    'dbt_project.yml': "name: endless\nvars:\n  a: \"{{ var('b') }}\"\n  b: \"x{{ var('a') }}\"\n",
    'macros/r.sql': '{% macro rec(n) %}{{ rec(n) }}{% endmacro %}',
    'models/m.sql': 'select {{ rec(1) }} as x',
    'models/v.sql': "select '{{ var('a') }}' as x",
  });
  assert.deepEqual(errors.map((e) => `${at(e)} ${e.message}`), [
    'jinja-render models/m.sql:1:14 the render never ends: a macro calls itself (directly or through other macros) with no case that stops it',
    "var-cycle models/v.sql:1:16 var 'a' is written in Jinja that reads itself: a -> b -> a",
  ]);
});

test("a var whose Jinja does not render is an error at the model's var() naming the var, not nunjucks' text about a line of the var", () => {
  const { errors } = compileWith('var_jinja', {
    'dbt_project.yml': "name: var_jinja\nvars:\n  a: \"{{ nofn() }}\"\n  c: \"{{ 1 + }}\"\n",
    'models/a.sql': "select 1 as x,\n  '{{ var('a') }}' as a",
    'models/c.sql': "select '{{ var('c') }}' as c",
  });
  assert.deepEqual(errors.map((e) => `${at(e)} ${e.message}`), [
    "undefined-macro models/a.sql:2:11 var 'a' holds Jinja that does not render: 'nofn' is not a macro or function",
    "jinja-render models/c.sql:1:16 var 'c' holds Jinja that does not render: '}}' is not expected here",
  ]);
});

test("a config error set by a macro's config() call is located in the macro, not at the model's line 1", () => {
  const { errors } = compileWith('config_in_macro', {
    'macros/cfg.sql': "{% macro table_config() %}\n  {{ config(materialzed='table') }}\n{% endmacro %}",
    'models/d.sql': '{{ table_config() }}\nselect 1 as x',
  });
  assert.deepEqual(errors.map((e) => `${at(e)} ${e.message} | ${e.hint}`), [
    "unknown-key macros/cfg.sql:2:13 unknown key 'materialzed' in model config | did you mean 'materialized'?",
  ]);
});

test('exceptions.warn() is a warning where the template calls it (in the model or a macro it calls); the render goes on', () => {
  for (const useFastPath of [true, false]) {
    const { result, errors, warnings } = compileFiles({
      'dbt_project.yml': 'name: warned\n',
      'macros/m.sql': "{% macro careful(x) %}{% do exceptions.warn('x is ' ~ x) %}{{ x }}{% endmacro %}",
      'models/a.sql': "{{ exceptions.warn('careful here') }}select 1 as n",
      'models/b.sql': 'select {{ careful(2) }} as n',
    }, { useFastPath });
    assert.deepEqual(errors, [], `fast path ${useFastPath}`);
    assert.equal(result!.byName.get('b')!.canonicalSql, 'select 2 as n');
    assert.deepEqual(warnings!.map((w) => `${w.code} ${w.file}:${w.line}:${w.column} ${w.message}`), [
      'template-warning models/a.sql:1:4 careful here',
      "template-warning macros/m.sql:1:29 x is 2 (in macro 'careful', called by models/b.sql)",
    ], `fast path ${useFastPath}`);
  }
});

test("a model's own exceptions call does not take the location of a macro's: the call with the message is found first", () => {
  const { warnings, errors } = compileFiles({
    'dbt_project.yml': 'name: warned_twice\n',
    'macros/m.sql': "{% macro m() %}\n  {{ exceptions.warn('from macro') }}\n{% endmacro %}\n{% macro boom() %}\n  {{ exceptions.raise_compiler_error('boom') }}\n{% endmacro %}\n",
    'models/a.sql': "select 1 as id\n{{ m() }}\n{{ exceptions.warn('from model') }}",
    'models/b.sql': "{% if false %}{{ exceptions.raise_compiler_error('never') }}{% endif %}\nselect {{ boom() }} as x",
  });
  assert.deepEqual(warnings!.map((w) => `${w.file}:${w.line}:${w.column} ${w.message}`), [
    "macros/m.sql:2:6 from macro (in macro 'm', called by models/a.sql)",
    'models/a.sql:3:4 from model',
  ]);
  assert.deepEqual(errors.map((e) => `${e.code} ${e.file}:${e.line}:${e.column} ${e.message}`), [
    "compiler-error macros/m.sql:5:17 boom (in macro 'boom', called by models/b.sql)",
  ]);
});

test("a render that fails reports the config it had set too (a mistyped materialized), not only the failure", () => {
  const { errors } = compileWith('cf', {
    'models/a.sql': "{{ config(materialized='tabel') }}\nselect {{ nope() }} as n",
  });
  assert.deepEqual(errors.map((e) => `${at(e)} ${e.message}`), [
    "invalid-value models/a.sql:1:11 'materialized' in model config must be one of view, table, incremental, ephemeral, got the string 'tabel'",
    "undefined-macro models/a.sql:2:11 'nope' is not a macro or function",
  ]);
});

test('an error raised by a filter is at the filter, on both render paths (it was at 1:1, or at the last call before it)', () => {
  for (const useFastPath of [true, false]) {
    const { errors } = compileWith('f', {
      'models/t.sql': "select 1 as n\n-- {{ 'abc' | truncate(2) }}",
      'models/l.sql': "select {{ 'x'.upper() }} as n, {{ 5 | list }} as m",
      'models/m.sql': "select 1 as n {{ [1] | map('nope') | join }}",
    }, { useFastPath });
    assert.deepEqual(errors.map((e) => `${at(e)} ${e.message}`), [
      'jinja-render models/l.sql:1:39 list filter: type not iterable',
      'jinja-render models/m.sql:1:24 filter not found: nope',
      'jinja-render models/t.sql:2:15 truncate: expected length >= 3, got 2',
    ], `fast path ${useFastPath}`);
  }
});

test('an error raised by a filter inside a macro is at the filter in the macro file, naming the model that called it', () => {
  for (const useFastPath of [true, false]) {
    const { errors } = compileWith('fm', {
      'macros/short.sql': "{% macro short(s) %}\n  {{ s | truncate(1) }}\n{% endmacro %}\n",
      'models/a.sql': "select 1 as x,\n   {{ short('abcdef') }} as y",
    }, { useFastPath });
    assert.deepEqual(errors.map((e) => `${at(e)} ${e.message}`), [
      "jinja-render macros/short.sql:2:10 truncate: expected length >= 3, got 1 (in macro 'short', called by models/a.sql)",
    ], `fast path ${useFastPath}`);
  }
});

test("Jinja's {% with %} block: its values computed outside it, its names and what it sets its own, on both render paths and in macros", () => {
  for (const useFastPath of [true, false]) {
    const { result, errors } = compileWith('w', {
      'macros/cols.sql': "{% macro cols(prefix) %}{%- with p = prefix ~ '_', n = 2 -%}{{ p }}{{ n }}{%- endwith %}{% endmacro %}",
      'models/w.sql': "{% set a = 'outer' %}{% set b = 'B' %}\n{%- with a = 1, c = a ~ '!' %}select {{ a }} as a, '{{ c }}' as c{% set b = 'inner' %}, '{{ b }}' as b1{% endwith %}, '{{ a }}' as a2, '{{ b }}' as b2, '{{ c }}' as c2, '{{ cols('x') }}' as m",
      'models/bad.sql': 'select 1 as n\n{% with a 1 %}{% endwith %}',
    }, { useFastPath });
    assert.deepEqual(errors.map((e) => `${at(e)} ${e.message}`), ["jinja-syntax models/bad.sql:2:9 {% with %}: expected '=' after 'a' (with a = value)"], `fast path ${useFastPath}`);
    assert.equal(result!.byName.get('w')!.canonicalSql, "select 1 as a, 'outer!' as c, 'inner' as b1, 'outer' as a2, 'B' as b2, '' as c2, 'x_2' as m");
  }
});

test("Jinja's recursive for loop is an unsupported-jinja error at 'recursive' with a hint, in a model or a macro, on both render paths", () => {
  for (const useFastPath of [true, false]) {
    const { errors } = compileWith('r', {
      'macros/walk.sql': '{% macro walk(t) %}\n  {%- for x in t recursive -%}{{ x }}{%- endfor %}\n{% endmacro %}',
      'models/r.sql': "{% set tree = [{'n': 'a', 'c': []}] %}\nselect '{% for x in tree recursive %}{{ x.n }}{{ loop(x.c) }}{% endfor %}' as a",
    }, { useFastPath });
    assert.deepEqual(errors.map(at), ['unsupported-jinja macros/walk.sql:2:18', 'unsupported-jinja models/r.sql:2:26'], `fast path ${useFastPath}`);
    assert.match(errors[1].message, /^Jinja's recursive for loops \(\{% for x in xs recursive %\} with loop\(children\)\) are not supported$/);
    assert.match(errors[1].hint!, /write a macro that calls itself for the children/);
  }
});

test("the project's macro namespace, and a macro not called, print as Jinja's <Macro 'name'> (their JavaScript source was printed); tojson of either is Python's TypeError at it", () => {
  const files = {
    'macros/money.sql': '{% macro cents_to_dollars(c) %}({{ c }} / 100){% endmacro %}',
    'models/printed.sql': "select $${{ jaffle_shop }}$$ as ns, $${{ cents_to_dollars }}$$ as m",
    'models/json.sql': "select 1 as n,\n  '{{ jaffle_shop | tojson }}' as j",
    'models/macro_json.sql': "select '{{ tojson(cents_to_dollars) }}' as j",
  };
  for (const useFastPath of [true, false]) {
    const { result, errors } = compileFiles({ 'dbt_project.yml': 'name: jaffle_shop\n', ...files }, { useFastPath });
    assert.deepEqual(errors.map((e) => `${at(e)} ${e.message}`), [
      'jinja-render models/json.sql:2:21 Object of type Macro is not JSON serializable',
      'jinja-render models/macro_json.sql:1:18 Object of type Macro is not JSON serializable',
    ], `fast path ${useFastPath}`);
    assert.equal(result!.byName.get('printed')!.canonicalSql, "select $${'cents_to_dollars': <Macro 'cents_to_dollars'>}$$ as ns, $$<Macro 'cents_to_dollars'>$$ as m");
  }
});
