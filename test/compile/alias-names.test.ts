import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic } from '../../core/errors.js';
import type { Target } from '../../core/project/project-types.js';
import { compileFiles } from '../helpers.js';

const at = (e: Diagnostic) => `${e.code} ${e.file}:${e.line}:${e.column}`;
const postgres = { name: 'pg', type: 'postgres', schema: 'public' } as Target;

/** A macro naming a model by its folder (`marts_m`), the alias config as it is: a common dbt override. */
const byFolder = `{% macro generate_alias_name(custom_alias_name=none, node=none) -%}
  {%- if custom_alias_name -%}{{ custom_alias_name | trim }}
  {%- elif node.fqn | length > 2 -%}{{ node.fqn[-2] }}_{{ node.name }}
  {%- else -%}{{ node.name }}{%- endif -%}
{%- endmacro %}`;

const models = {
  'models/a.sql': 'select 1 as n',
  'models/marts/m.sql': "select * from {{ ref('a') }} -- {{ this }} {{ this.identifier }}",
  'models/marts/kept.sql': "{{ config(alias='kept_alias') }}select * from {{ ref('m') }}",
  'models/n.sql': "select * from {{ ref('m') }} join {{ ref('kept') }} using (n)",
};

test("a project's generate_alias_name names every model's relation, as in dbt: refs and `this` read it on duckdb and postgres", () => {
  for (const [target, schema] of [[undefined, 'main'], [postgres, 'public']] as const) {
    for (const useFastPath of [true, false]) {
      const { result, errors } = compileFiles({ 'dbt_project.yml': 'name: shop\n', 'macros/aliases.sql': byFolder, ...models }, { useFastPath, ...(target ? { target } : {}) });
      assert.deepEqual(errors, []);
      assert.equal(result!.targetSql('m'), `select * from "${schema}"."a" -- "${schema}"."marts_m" marts_m`);
      assert.equal(result!.targetSql('n'), `select * from "${schema}"."marts_m" join "${schema}"."kept_alias" using (n)`);
      assert.deepEqual(['a', 'm', 'kept', 'n'].map((name) => result!.byName.get(name)!.config.alias_name), [undefined, 'marts_m', undefined, undefined],
        'kept only where it is not the default (the alias config, else the name)');
    }
  }
});

test('a generate_alias_name naming as dbt does leaves every fingerprint as it is without the macro; one that moves a model changes it and its readers', () => {
  const fingerprints = (files: Record<string, string>) => {
    const { result, errors } = compileFiles({ 'dbt_project.yml': 'name: shop\n', ...models, ...files });
    assert.deepEqual(errors, []);
    return Object.fromEntries(result!.models.map((m) => [m.name, m.fingerprint]));
  };
  const without = fingerprints({});
  const usual = fingerprints({
    'macros/aliases.sql': '{% macro generate_alias_name(custom_alias_name=none, node=none) %}{{ custom_alias_name or node.name }}{% endmacro %}',
  });
  assert.deepEqual(usual, without);
  const moved = fingerprints({ 'macros/aliases.sql': byFolder });
  assert.deepEqual(Object.keys(without).filter((name) => moved[name] !== without[name]).sort(), ['kept', 'm', 'n'], 'm is renamed; kept and n read it');
});

test('generate_alias_name: an error it raises is located in the macro, an empty alias at the model, and clashes see the names it gives', () => {
  const broken = compileFiles({
    'dbt_project.yml': 'name: shop\n', 'models/a.sql': 'select 1 as n',
    'macros/aliases.sql': '{% macro generate_alias_name(custom_alias_name, node) %}{{ exceptions.raise_compiler_error("no alias for " ~ node.name) }}{% endmacro %}',
  });
  assert.deepEqual(broken.errors.map((e) => `${at(e)} ${e.message}`), ["compiler-error macros/aliases.sql:1:71 no alias for a (in macro 'generate_alias_name', called by models/a.sql)"]);
  const empty = compileFiles({
    'dbt_project.yml': 'name: shop\n', 'models/a.sql': 'select 1 as n',
    'macros/aliases.sql': "{% macro generate_alias_name(custom_alias_name, node) %}{{ '' }}{% endmacro %}",
  });
  assert.deepEqual(empty.errors.map((e) => `${at(e)} ${e.message}`), ["invalid-value models/a.sql:1:1 generate_alias_name gives no alias for 'a'"]);
  const clashing = compileFiles({
    'dbt_project.yml': 'name: shop\n', 'models/a.sql': 'select 1 as n', 'models/b.sql': 'select 2 as n',
    'macros/aliases.sql': "{% macro generate_alias_name(custom_alias_name, node) %}same{% endmacro %}",
  });
  assert.deepEqual(clashing.errors.map((e) => `${at(e)} ${e.message}`), ["duplicate-relation models/b.sql:1:1 model 'b' (models/b.sql) and model 'a' (models/a.sql) would both be built as main.same"]);
  assert.match(clashing.errors[0].hint!, /make the project's generate_alias_name name them apart$/);
});

test('seeds are named by generate_alias_name too, as in dbt (a ref of one reads that table)', () => {
  const { result, errors } = compileFiles({
    'dbt_project.yml': 'name: shop\n', 'seeds/countries.csv': 'code\nde\n', 'models/c.sql': "select * from {{ ref('countries') }}",
    'macros/aliases.sql': "{% macro generate_alias_name(custom_alias_name, node) %}{{ node.resource_type }}_{{ node.name }}{% endmacro %}",
  });
  assert.deepEqual(errors, []);
  assert.equal(result!.targetSql('c'), 'select * from "main"."seed_countries"');
  // A seed's +alias names its table, and is the custom alias the macro gets.
  const aliased = (macros: Record<string, string>) => compileFiles({
    'dbt_project.yml': 'name: shop\nseeds:\n  shop:\n    countries:\n      +alias: country_codes\n', 'seeds/countries.csv': 'code\nde\n',
    'models/c.sql': "select * from {{ ref('countries') }}", ...macros,
  }).result!.targetSql('c');
  assert.equal(aliased({}), 'select * from "main"."country_codes"');
  assert.equal(aliased({ 'macros/aliases.sql': "{% macro generate_alias_name(custom_alias_name, node) %}raw_{{ custom_alias_name or node.name }}{% endmacro %}" }),
    'select * from "main"."raw_country_codes"');
});

test("a project's generate_database_name is warned about where it is defined: amp-dbt builds in the target's database", () => {
  const { warnings } = compileFiles({
    'dbt_project.yml': 'name: shop\n', 'models/a.sql': 'select 1 as n',
    'macros/databases.sql': '-- one database per environment\n\n{% macro generate_database_name(custom_database_name=none, node=none) %}{{ target.database }}{% endmacro %}',
  });
  assert.deepEqual(warnings!.map((w) => `${at(w)} ${w.message}`),
    ["not-supported macros/databases.sql:3:1 the project's generate_database_name is not called: amp-dbt builds every model and seed in the target's database"]);
});
