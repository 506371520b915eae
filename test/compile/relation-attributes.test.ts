import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ampTarget, compileFiles } from '../helpers.js';
import { readableSql } from '../../core/diff/readable-sql.js';
import { renderTargetSql } from '../../core/compile/target-sql.js';
import { Differential } from '../jinja-lite/differential-harness.js';

const files = {
  'dbt_project.yml': 'name: p\n',
  'models/sources.yml': 'version: 2\nsources:\n  - name: raw\n    schema: landing\n    tables:\n      - name: orders\n',
  'seeds/countries.csv': 'code\nde\n',
  'models/a.sql': 'select 1 as n',
  'macros/where.sql': "{% macro where_am_i(relation) %}'{{ relation.schema }}' as s, '{{ relation.identifier }}' as i{% endmacro %}",
  'models/b.sql': "{{ config(materialized='table', schema='marts', alias='bee') }}select '{{ this.database }}' as d, {{ where_am_i(this) }},"
    + " '{{ this.name }}' as n, '{{ ref('a').schema }}.{{ ref('a').identifier }}' as a, '{{ source('raw', 'orders').schema }}' as o,"
    + " '{{ ref('countries').identifier }}' as c, {{ this }} as t",
};

test("this.schema, this.identifier, this.name, this.database and the same of ref() and source() read as the relation's parts on the target", () => {
  for (const useFastPath of [true, false]) {
    const { result, errors } = compileFiles(files, { useFastPath });
    assert.deepEqual(errors, []);
    const b = result!.byName.get('b')!;
    assert.equal(b.canonicalSql, "select '⟦this.database⟧' as d, '⟦this.schema⟧' as s, '⟦this.identifier⟧' as i, '⟦this.name⟧' as n,"
      + " '⟦ref.schema:a⟧.⟦ref.identifier:a⟧' as a, '⟦source.schema:raw.orders⟧' as o, '⟦seed.identifier:countries⟧' as c, ⟦this⟧ as t",
    'canonical SQL keeps the parts as placeholders: the same in every environment');
    assert.deepEqual(b.refs, ['a'], "ref('a').schema is a ref: an edge of the graph");
    assert.deepEqual(b.sources, ['raw.orders']);
    assert.equal(result!.targetSql('b'), "select 'warehouse' as d, 'main_marts' as s, 'bee' as i, 'bee' as n, 'main.a' as a, 'landing' as o,"
      + ` 'countries' as c, "main_marts"."bee" as t`, `fast path: ${useFastPath}`);
    // A run reads the model's physical relation: `this` and its parts say so.
    const physical = renderTargetSql(b, { ...result!.sqlContext, refCache: new Map(), relationFor: (m) => ({ schema: 'amp_dbt_physical', identifier: `${m.name}__0123456789ab` }) });
    assert.match(physical, /^select 'warehouse' as d, 'amp_dbt_physical' as s, 'b__0123456789ab' as i, 'b__0123456789ab' as n, 'amp_dbt_physical\.a__0123456789ab' as a,/);
    assert.match(physical, / "amp_dbt_physical"\."b__0123456789ab" as t$/);
    assert.match(readableSql(b.canonicalSql), /^select 'this\.database' as d, 'this\.schema' as s, .* 'ref\('a'\)\.schema\.ref\('a'\)\.identifier' as a, 'source\('raw', 'orders'\)\.schema' as o,/);
  }
});

test("a part's fingerprint does not depend on where the model is built; a seed named only by a part still counts its table", () => {
  const noSeed = { ...files, 'models/b.sql': files['models/b.sql'].replace(", '{{ ref('countries').identifier }}' as c", '') };
  const once = compileFiles(noSeed).result!.byName.get('b')!.fingerprint;
  const elsewhere = compileFiles(noSeed, { target: { name: 'prod', type: 'duckdb', schema: 'analytics', path: '/srv/other.duckdb' } }).result!;
  assert.equal(elsewhere.byName.get('b')!.fingerprint, once);
  assert.match(elsewhere.targetSql('b'), /^select 'other' as d, 'analytics_marts' as s,/, "the database is the DuckDB file's catalog");
  const seedOnly = { ...files, 'models/b.sql': "select '{{ ref('countries').schema }}' as s" };
  const schemaOf = (schema: string) => compileFiles({ ...seedOnly, 'dbt_project.yml': `name: p\nseeds:\n  p:\n    +schema: ${schema}\n` }).result!.byName.get('b')!;
  assert.notEqual(schemaOf('one').fingerprint, schemaOf('two').fingerprint, "the seed's relation is part of the content hash");
});

test('on Amp a part reads as the relation there: an inlined model is a CTE, with no schema', () => {
  const amp = { ...files, 'models/b.sql': files['models/b.sql'].replace(", '{{ ref('countries').identifier }}' as c", '') };
  delete (amp as Record<string, string>)['seeds/countries.csv'];
  const { result, errors } = compileFiles(amp, { target: ampTarget });
  assert.deepEqual(errors, []);
  assert.match(result!.targetSql('b'), /select '' as d, 'erc20_marts' as s, 'bee' as i, 'bee' as n, '\.a' as a, 'landing' as o, "erc20_marts"\."bee" as t$/);
});

test('relations behave as their text on both render paths (printed, joined, formatted, passed to macros); the fast path renders them', () => {
  const h = new Differential({
    macroFiles: [{ path: 'macros/m.sql', content: '{% macro full(r) %}{{ r.schema }}.{{ r.identifier }}{% endmacro %}' }],
  });
  for (const template of [
    '{{ this }}|{{ this.schema }}|{{ this.identifier }}|{{ this.name }}|{{ this.database }}',
    "{{ ref('orders').schema }}.{{ ref('orders').identifier }}|{{ source('raw', 'events').name }}|{{ ref('pkg', 'orders').identifier }}",
    "{% set r = ref('orders') %}{{ r }} {{ r.identifier ~ '_tmp' }} {{ r ~ '' }} {{ r + '_x' }} {{ '%s!' % r }}",
    "{{ [this, ref('a')] | join(', ') }}|{{ this | string }}|{{ this | length }}|{{ ref('a') | default('x') }}|{{ 'ref' in ref('a') }}",
    "{% if this %}yes{% endif %}|{{ full(this) }}|{{ full(ref('a')) }}|{{ this | upper }}|{{ ref('a') | trim }}",
  ]) h.same(template);
  for (const template of ['{{ this.upper() }}', '{{ this.upper }}', "{{ ref('a').replace('a', 'b') }}"]) h.compare(template);
});

test('on PostgreSQL a relation name over 63 bytes is an error (the warehouse would keep a cut name a later run cannot find)', () => {
  const long = 'a_very_long_model_name_that_goes_on_and_on_and_on_for_quite_a_while_indeed';
  const files = { 'dbt_project.yml': 'name: p\n', [`models/${long}.sql`]: 'select 1 as n', 'models/short.sql': "{{ config(alias='x' * 64) }}select 2 as n", 'models/ok.sql': 'select 3 as n' };
  const postgres = compileFiles(files, { target: { name: 'pg', type: 'postgres', schema: 'public' } as never });
  assert.deepEqual(postgres.errors.map((e) => `${e.code} ${e.file}`), [`identifier-too-long models/${long}.sql`, 'identifier-too-long models/short.sql']);
  assert.match(postgres.errors[0].message, /would be built as 'a_very_long[^']+', 74 bytes: PostgreSQL keeps 63 of a name/);
  assert.deepEqual(compileFiles(files).errors, [], 'DuckDB keeps long names');
});
