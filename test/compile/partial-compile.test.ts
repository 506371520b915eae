import assert from 'node:assert/strict';
import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli, tempDir, writeTree } from '../helpers.js';
import { compiledFiles } from '../record/in-process-compile.js';

const files: Record<string, string> = {
  'dbt_project.yml': 'name: shop\nvars:\n  rate: 2\n',
  'macros/money.sql': '{% macro money(c) %}round({{ c }} * {{ var("rate") }}, 2){% endmacro %}',
  'models/stg_orders.sql': "select id, amount from {{ source('raw', 'orders') }}",
  'models/sources.yml': 'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: orders\n',
  'models/orders.sql': "select id, {{ money('amount') }} as amount from {{ ref('stg_orders') }}",
  'models/totals.sql': "{{ config(materialized='table') }}\nselect sum(amount) as total from {{ ref('orders') }}",
  'models/pragma_orders.sql': '-- @import: o = models.orders\nselect * from :o',
  // The cache is written as ASCII and read as latin1: other characters must come back as they were.
  'models/labels.sql': "select 'café ☕ 🍰' as label, id from {{ ref('orders') }}",
};

/** compile --json with and without the partial-compile cache: the same models, SQL and fingerprints. */
function compileBoth(dir: string, env: Record<string, string> = {}) {
  const cached = runCli(['compile', '--json', '--project-dir', dir], { env });
  const fresh = runCli(['compile', '--json', '--project-dir', dir], { env: { ...env, AMP_DBT_NO_PARTIAL_COMPILE: '1' } });
  assert.equal(cached.code, 0, cached.stderr);
  assert.deepEqual(JSON.parse(cached.stdout), JSON.parse(fresh.stdout));
  return JSON.parse(cached.stdout) as { models: { name: string; fingerprint: string; compiled_sql: string }[] };
}

const byName = (out: { models: { name: string; fingerprint: string; compiled_sql: string }[] }) => new Map(out.models.map((m) => [m.name, m]));

/** The model `name` (reading run_started_at) compiles to new SQL at each compile: it is never reused. */
function assertRenderedEachTime(dir: string, name: string): void {
  const stamp = () => {
    const out = runCli(['compile', '--json', '--project-dir', dir]);
    assert.equal(out.code, 0, out.stderr);
    return byName(JSON.parse(out.stdout)).get(name)!.compiled_sql;
  };
  const first = stamp();
  let later = stamp();
  for (let i = 0; later === first && i < 5; i++) later = stamp(); // the clock moved on between the two processes
  assert.notEqual(later, first, 'each compile renders its own run_started_at');
}

test('a second compile reuses the first one and gives exactly the same result', () => {
  const dir = writeTree(tempDir(), files);
  const first = compileBoth(dir);
  assert.ok(existsSync(join(dir, '.amp-dbt', 'compiled', '.partial-compile.json')));
  assert.deepEqual(compileBoth(dir), first);
});

test('edits to a model, a macro, a var, a property file or the set of models are all seen', () => {
  const dir = writeTree(tempDir(), files);
  const before = byName(compileBoth(dir));
  writeTree(dir, { 'models/stg_orders.sql': "select id, amount * 1 as amount from {{ source('raw', 'orders') }}" });
  const edited = byName(compileBoth(dir));
  for (const name of ['stg_orders', 'orders', 'totals', 'pragma_orders']) assert.notEqual(edited.get(name)!.fingerprint, before.get(name)!.fingerprint, name);
  writeTree(dir, { 'macros/money.sql': '{% macro money(c) %}round({{ c }} * {{ var("rate") }}, 3){% endmacro %}' });
  assert.match(byName(compileBoth(dir)).get('orders')!.compiled_sql, /, 3\)/);
  writeTree(dir, { 'dbt_project.yml': 'name: shop\nvars:\n  rate: 5\n' });
  assert.match(byName(compileBoth(dir)).get('orders')!.compiled_sql, /\* 5/);
  writeTree(dir, { 'models/orders_props.yml': "version: 2\nmodels:\n  - name: orders\n    config:\n      alias: 'all_orders'\n" });
  assert.match(byName(compileBoth(dir)).get('totals')!.compiled_sql, /"all_orders"/);
  writeTree(dir, { 'models/extra.sql': "select * from {{ ref('totals') }}" });
  assert.ok(byName(compileBoth(dir)).has('extra'));
});

test('a seed coming, moving to another schema or going is seen: a ref of its name reads it, then is unknown', () => {
  const dir = writeTree(tempDir(), { ...files, 'seeds/rates.csv': 'currency,rate\nEUR,1.1\n', 'models/rated.sql': "select * from {{ ref('rates') }}" });
  assert.equal(byName(compileBoth(dir)).get('rated')!.compiled_sql, 'select * from "main"."rates"');
  writeTree(dir, { 'dbt_project.yml': `${files['dbt_project.yml']}seeds:\n  shop:\n    +schema: ref_data\n` });
  assert.equal(runCli(['compile', '--project-dir', dir]).code, 0);
  assert.equal(readFileSync(join(dir, '.amp-dbt', 'compiled', 'models', 'rated.sql'), 'utf8'), 'select * from "main_ref_data"."rates"\n', 'the compiled file is made again');
  assert.equal(byName(compileBoth(dir)).get('rated')!.compiled_sql, 'select * from "main_ref_data"."rates"');
  rmSync(join(dir, 'seeds', 'rates.csv'));
  const gone = runCli(['compile', '--json', '--project-dir', dir]);
  assert.equal(gone.code, 1);
  assert.deepEqual(JSON.parse(gone.stdout).errors.map((e: { code: string; file: string }) => `${e.code} ${e.file}`), ['unknown-ref models/rated.sql']);
});

test("a seed's new rows or column types give its readers (and theirs) new fingerprints, as a full compile does; the cache keeps the seed's blob id", () => {
  const dir = writeTree(tempDir(), {
    ...files, 'seeds/rates.csv': 'currency,rate\nEUR,1.1\n', 'models/rated.sql': "select * from {{ ref('rates') }}",
    'models/rated_count.sql': "select count(*) as n from {{ ref('rated') }}",
  });
  const before = byName(compileBoth(dir));
  const blobOf = (text: string) => createHash('sha1').update(`blob ${Buffer.byteLength(text)}\0${text}`).digest('hex');
  const cachedSeeds = () => (JSON.parse(readFileSync(join(dir, '.amp-dbt', 'compiled', '.partial-compile.json'), 'latin1')) as { seeds: Record<string, { path: string; blobId: string }> }).seeds;
  assert.deepEqual({ ...cachedSeeds().rates, stamp: undefined }, { path: 'seeds/rates.csv', blobId: blobOf('currency,rate\nEUR,1.1\n'), stamp: undefined });
  writeTree(dir, { 'seeds/rates.csv': 'currency,rate\nEUR,1.1\nUSD,1.0\n' });
  const edited = byName(compileBoth(dir));
  const changed = (after: typeof edited, earlier: typeof edited) => [...after.values()].filter((m) => earlier.get(m.name)?.fingerprint !== m.fingerprint).map((m) => m.name).sort();
  assert.deepEqual(changed(edited, before), ['rated', 'rated_count']);
  assert.equal(edited.get('rated')!.compiled_sql, before.get('rated')!.compiled_sql, 'the same table is read');
  assert.equal(cachedSeeds().rates.blobId, blobOf('currency,rate\nEUR,1.1\nUSD,1.0\n'));
  writeTree(dir, { 'seeds/_seeds.yml': 'version: 2\nseeds:\n  - name: rates\n    config:\n      column_types: {rate: double}\n' });
  const typed = byName(compileBoth(dir));
  assert.deepEqual(changed(typed, edited), ['rated', 'rated_count']);
  writeTree(dir, { 'seeds/rates.csv': 'currency,rate\nEUR,1.1\n', 'seeds/_seeds.yml': 'version: 2\n' });
  assert.deepEqual(byName(compileBoth(dir)), before, 'the first rows and types: the first fingerprints');
});

test('a model disabled in its own file: the refs of unchanged models to it are errors at the ref or import, as a full compile reports them', () => {
  const dir = writeTree(tempDir(), files);
  assert.equal(runCli(['compile', '--project-dir', dir]).code, 0);
  writeTree(dir, { 'models/orders.sql': `{{ config(enabled=false) }}\n${files['models/orders.sql']}` });
  const located = (env: Record<string, string>) => {
    const out = runCli(['compile', '--json', '--project-dir', dir], { env });
    assert.equal(out.code, 1);
    return (JSON.parse(out.stdout) as { errors: { code: string; file: string; line: number; column: number; message: string }[] }).errors
      .map((e) => `${e.file}:${e.line}:${e.column} ${e.code} ${e.message}`);
  };
  const expected = [
    "models/labels.sql:1:41 disabled-ref 'labels' refers to 'orders', which is disabled (enabled: false)",
    "models/pragma_orders.sql:1:13 disabled-ref 'pragma_orders' refers to 'orders', which is disabled (enabled: false)",
    "models/totals.sql:2:37 disabled-ref 'totals' refers to 'orders', which is disabled (enabled: false)",
  ];
  // The header-pragma model, reused from the cache, was reported at 1:1 (the cache keeps no locations of refs).
  assert.deepEqual(located({}), expected);
  assert.deepEqual(located({ AMP_DBT_NO_PARTIAL_COMPILE: '1' }), expected);
});

test("a model file's warnings are shown by every compile, not only by the one that rendered it", () => {
  const dir = writeTree(tempDir(), { ...files, 'models/late_pragma.sql': "select 1 as n\n-- @config: materialized='table'\n" });
  for (let i = 0; i < 2; i++) {
    const out = runCli(['compile', '--project-dir', dir]);
    assert.equal(out.code, 0, out.stderr);
    assert.match(out.stderr, /warning: models\/late_pragma\.sql:2:1: .*header pragma is not read/, `compile ${i + 1}`);
  }
  const cache = JSON.parse(readFileSync(join(dir, '.amp-dbt', 'compiled', '.partial-compile.json'), 'utf8')) as { models: Record<string, unknown> };
  assert.deepEqual(Object.keys(cache.models).sort(), ['models/labels.sql', 'models/orders.sql', 'models/pragma_orders.sql', 'models/stg_orders.sql', 'models/totals.sql']);
});

test('a macro added or removed with a name an unchanged model tests (is defined, default, the project namespace\'s is defined) is seen', () => {
  const dir = writeTree(tempDir(), {
    ...files,
    'models/optional.sql': "select {% if shout is defined %}{{ shout('x') }}{% else %}'x'{% endif %} as label",
    'models/defaulted.sql': '{% set f = fallback_value | default(none) %}select {{ f() if f else 0 }} as value',
    'macros/maybe_loud.sql': "{% macro maybe_loud() %}{% if loud is defined %}'loud'{% else %}'quiet'{% endif %}{% endmacro %}\n",
    'models/in_macro.sql': 'select {{ maybe_loud() }} as label',
    'models/namespaced.sql': "select '{{ 'yes' if shop.loud is defined else 'no' }}' as loud",
  });
  const names = ['optional', 'defaulted', 'in_macro', 'namespaced'];
  const sql = () => [...byName(compileBoth(dir)).values()].filter((m) => names.includes(m.name)).map((m) => m.compiled_sql).sort();
  assert.deepEqual(sql(), ["select 'no' as loud", "select 'quiet' as label", "select 'x' as label", 'select 0 as value']);
  writeTree(dir, { 'macros/shout.sql': "{% macro shout(x) %}upper('{{ x }}'){% endmacro %}\n{% macro fallback_value() %}1{% endmacro %}\n{% macro loud() %}'LOUD'{% endmacro %}\n" });
  assert.deepEqual(sql(), ["select 'loud' as label", "select 'yes' as loud", 'select 1 as value', "select upper('x') as label"]);
  rmSync(join(dir, 'macros/shout.sql'));
  assert.deepEqual(sql(), ["select 'no' as loud", "select 'quiet' as label", "select 'x' as label", 'select 0 as value']);
});

test('models that read environment variables are rendered every time', () => {
  const dir = writeTree(tempDir(), { ...files, 'models/by_env.sql': "select '{{ env_var(\"REGION\", \"eu\") }}' as region" });
  assert.match(byName(compileBoth(dir, { REGION: 'us' })).get('by_env')!.compiled_sql, /'us'/);
  assert.match(byName(compileBoth(dir, { REGION: 'ap' })).get('by_env')!.compiled_sql, /'ap'/);
});

test('models calling a macro that reads run_started_at or an environment variable by a computed name are rendered every time', () => {
  const dir = writeTree(tempDir(), {
    ...files,
    'macros/schema_for.sql': "{% macro schema_for(kind) %}{{ env_var('SCHEMA_' ~ kind, 'default_' ~ kind) }}{% endmacro %}\n"
      + '{% macro stamp() %}{{ run_started_at }}{% endmacro %}',
    'models/by_env.sql': "select '{{ schema_for('RAW') }}' as s",
  });
  assert.match(byName(compileBoth(dir)).get('by_env')!.compiled_sql, /'default_RAW'/);
  assert.match(byName(compileBoth(dir, { SCHEMA_RAW: 'changed' })).get('by_env')!.compiled_sql, /'changed'/);
  writeTree(dir, { 'models/stamped.sql': "select '{{ stamp() }}' as at" });
  assertRenderedEachTime(dir, 'stamped');
});


test('compiled files stay exactly those of a full compile through edits (texts not made again when unchanged)', () => {
  const dir = writeTree(tempDir(), files);
  const compileText = (env: Record<string, string> = {}) => {
    const result = runCli(['compile', '--project-dir', dir], { env });
    assert.equal(result.code, 0, result.stderr);
  };
  const fullCompile = () => {
    const copy = tempDir();
    cpSync(dir, copy, { recursive: true, filter: (src) => !src.includes('.amp-dbt') });
    const result = runCli(['compile', '--project-dir', copy], { env: { AMP_DBT_NO_PARTIAL_COMPILE: '1' } });
    assert.equal(result.code, 0, result.stderr);
    return compiledFiles(copy);
  };
  const edits: Record<string, string>[] = [
    {},
    { 'models/stg_orders.sql': "-- staged\nselect id, amount from {{ source('raw', 'orders') }}" },
    { 'models/orders.sql': "select id, {{ money('amount') }} as amount, 1 as one from {{ ref('stg_orders') }}" },
    { 'models/orders_props.yml': "version: 2\nmodels:\n  - name: stg_orders\n    config:\n      alias: 'staged'\n" },
  ];
  for (const edit of edits) {
    writeTree(dir, edit);
    compileText();
    compileText(); // the second compile reuses everything
    assert.deepEqual(compiledFiles(dir), fullCompile(), JSON.stringify(edit));
  }
});

test('a compiled file another compile rewrote (an edit since undone, errors, --vars without the cache) is made again', () => {
  const dir = writeTree(tempDir(), files);
  const compile = (args: string[] = [], env: Record<string, string> = {}) => runCli(['compile', ...args, '--project-dir', dir], { env });
  const fullCompile = () => {
    const copy = tempDir();
    cpSync(dir, copy, { recursive: true, filter: (src) => !src.includes('.amp-dbt') });
    assert.equal(runCli(['compile', '--project-dir', copy], { env: { AMP_DBT_NO_PARTIAL_COMPILE: '1' } }).code, 0);
    return compiledFiles(copy);
  };
  assert.equal(compile().code, 0);
  const original = files['models/orders.sql'];
  const edited = original.replace(' as amount', ' as amount, 2 as two');
  const steps: Array<{ what: string; run: () => void }> = [
    // Rendered again and written, the cache kept as it is (one file is too few to rewrite it), then undone.
    { what: 'an edit compiled, then undone', run: () => { writeTree(dir, { 'models/orders.sql': edited }); assert.equal(compile().code, 0); } },
    // A compile with errors writes the models that compiled and never the cache.
    {
      what: 'a compile with errors',
      run: () => {
        writeTree(dir, { 'models/orders.sql': edited, 'models/totals.sql': "select * from {{ ref('nowhere') }}" });
        assert.equal(compile().code, 1);
        writeTree(dir, { 'models/totals.sql': files['models/totals.sql'] });
      },
    },
    { what: '--vars without partial compilation', run: () => { assert.equal(compile(['--vars', '{rate: 9}'], { AMP_DBT_NO_PARTIAL_COMPILE: '1' }).code, 0); } },
  ];
  for (const step of steps) {
    step.run();
    writeTree(dir, { 'models/orders.sql': original });
    assert.equal(compile().code, 0);
    assert.deepEqual(compiledFiles(dir), fullCompile(), step.what);
  }
});

test('models reading a var that reads run_started_at or an environment variable by a computed name are rendered every time', () => {
  const dir = writeTree(tempDir(), {
    ...files,
    'dbt_project.yml': 'name: shop\nvars:\n  rate: 2\n  sch: "{{ env_var(\'SCH_\' ~ \'A\', \'none\') }}"\n  at: "{{ run_started_at }}"\n',
    'models/by_var.sql': "select '{{ var('sch') }}' as s",
  });
  assert.match(byName(compileBoth(dir)).get('by_var')!.compiled_sql, /'none'/);
  assert.match(byName(compileBoth(dir, { SCH_A: 'yes' })).get('by_var')!.compiled_sql, /'yes'/);
  writeTree(dir, { 'models/stamped.sql': "select '{{ var('at') }}' as at" });
  assertRenderedEachTime(dir, 'stamped');
});
