import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileFiles, runCli, tempDir, writeTree } from '../helpers.js';

const project = [
  'name: p',
  'vars:',
  "  team_tags: ['finance', 'daily']",
  '  mat: table',
  'models:',
  '  p:',
  `    +tags: "{{ var('team_tags') }}"`,
  '    staging:',
  `      +schema: "{{ env_var('STAGING_SCHEMA', 'stg') }}"`,
  `      +materialized: "{{ var('mat') }}"`,
  `      +enabled: "{{ target.name == 'dev' }}"`,
  '      +meta:',
  `        owner: "{{ env_var('OWNER', 'nobody') }}_team"`,
  `      +post-hook: "grant select on {{ this }} to reporter"`,
  '',
].join('\n');

const files = {
  'dbt_project.yml': project,
  'models/staging/s.sql': "select '{{ config.get('schema') }}' as s",
  'models/m.sql': 'select 1 as n',
};

test("folder configs written in Jinja are rendered with var, env_var and target (a single {{ }} keeps its value's type); hooks are left for the run", () => {
  for (const useFastPath of [true, false]) {
    const { result, errors } = compileFiles(files, { useFastPath });
    assert.deepEqual(errors, []);
    const s = result!.byName.get('s')!;
    assert.deepEqual(s.tags, ['finance', 'daily'], 'a list var is a list of tags, not one tag');
    assert.deepEqual([s.config.schema, s.materialized, s.config.enabled, s.config.meta], ['stg', 'table', true, { owner: 'nobody_team' }]);
    assert.deepEqual(s.config.post_hook, ['grant select on {{ this }} to reporter']);
    assert.equal(s.canonicalSql, "select 'stg' as s", 'config.get reads the rendered value');
    assert.deepEqual(s.usedVars, ['mat', 'team_tags'], "the vars its folders' configs read are the model's (incremental recordings and diffs see them)");
    assert.deepEqual(result!.byName.get('m')!.usedVars, ['team_tags']);
  }
  const custom = compileFiles(files, { env: { STAGING_SCHEMA: 'landing' } }).result!;
  assert.match(custom.targetSql('s'), /^select 'landing' as s$/);
  assert.equal(custom.byName.get('s')!.config.schema, 'landing');
  const prod = compileFiles(files, { target: { name: 'prod', type: 'duckdb', schema: 'main', path: 'w.duckdb' } }).result!;
  assert.equal(prod.byName.has('s'), false, '+enabled rendered false on prod');
});

test('a problem in a folder config written in Jinja is reported once, at its value in dbt_project.yml', () => {
  const { errors } = compileFiles({
    'dbt_project.yml': `name: p\nmodels:\n  p:\n    bad:\n      +materialized: "{{ var('nope') }}"\n      +tags: "{{ 'a' | nofilter }}"\n      +full_refresh: "{{ 'yes' }}"\n`,
    'models/bad/a.sql': 'select 1 as n',
    'models/bad/b.sql': 'select 1 as n',
  });
  assert.deepEqual(errors.map((e) => `${e.code} ${e.file}:${e.line}:${e.column}`), [
    'undefined-var dbt_project.yml:5:22',
    'jinja-render dbt_project.yml:6:14',
    'invalid-value dbt_project.yml:7:22',
  ]);
  assert.match(errors[1].message, /^config 'tags' under 'models: p: bad' in dbt_project\.yml: filter not found: nofilter/);
  assert.match(errors[2].message, /'full_refresh' in config under 'models: p: bad' in dbt_project\.yml \(as rendered\) must be/);
});

test('the partial-compile cache sees a change of an environment variable a folder config reads', () => {
  const dir = writeTree(tempDir(), files);
  const schemaOf = (env: Record<string, string>) => {
    const out = runCli(['compile', '--json', '--project-dir', dir], { env });
    assert.equal(out.code, 0, out.stderr);
    return (JSON.parse(out.stdout) as { models: { name: string; compiled_sql: string }[] }).models.find((m) => m.name === 's')!.compiled_sql;
  };
  assert.equal(schemaOf({}), "select 'stg' as s");
  assert.equal(schemaOf({ STAGING_SCHEMA: 'landing' }), "select 'landing' as s");
  assert.equal(schemaOf({}), "select 'stg' as s");
});

test("a property file's Jinja is rendered as dbt renders it: a model's config values, a source's schema, database and identifier", () => {
  const props = [
    'version: 2',
    'models:',
    '  - name: m',
    '    config:',
    `      schema: "{{ target.name }}_{{ var('suffix') }}"`,
    `      materialized: "{{ 'table' if target.name == 'prod' else 'view' }}"`,
    '  - name: off',
    `    config: {enabled: "{{ target.name == 'prod' }}"}`,
    'sources:',
    '  - name: raw',
    `    schema: "{{ target.schema }}_raw"`,
    `    loaded_at_field: "{{ var('loaded', '_loaded_at') }}"`,
    '    tables:',
    `      - name: orders`,
    `        identifier: "{{ 'orders_v' ~ var('version') }}"`,
    '      - name: payments',
    '',
  ].join('\n');
  const { result, errors } = compileFiles({
    'dbt_project.yml': "name: p\nvars:\n  suffix: x\n  version: '2'\n",
    'models/props.yml': props,
    'models/m.sql': "select * from {{ source('raw', 'orders') }} join {{ source('raw', 'payments') }} using (id)",
    'models/off.sql': 'select 1 as n',
    'models/child.sql': "select * from {{ ref('m') }}",
  });
  assert.deepEqual(errors, []);
  const m = result!.byName.get('m')!;
  assert.deepEqual([m.config.schema, m.materialized, result!.byName.has('off')], ['dev_x', 'view', false]);
  assert.equal(result!.targetSql('m'), 'select * from "main_raw"."orders_v2" join "main_raw"."payments" using (id)');
  assert.equal(result!.targetSql('child'), 'select * from "main_dev_x"."m"');
  assert.deepEqual(m.usedVars, ['loaded', 'suffix', 'version'], "the vars its property file's config and its source read are the model's");
  const raw = result!.project.sources[0];
  assert.deepEqual([raw.schema, raw.loaded_at_field, raw.tables.map((t) => [t.identifier, t.loaded_at_field])], ['main_raw', '_loaded_at', [['orders_v2', '_loaded_at'], ['payments', '_loaded_at']]]);
});

test('a config value that is one macro call is the text the macro prints (as in Jinja), and the macro is the models\' own', () => {
  const files = {
    'dbt_project.yml': `name: p\nmodels:\n  p:\n    staging:\n      +schema: "{{ schema_for('staging') }}"\n      +tags: ["{{ schema_for('x') }}", plain]\n`,
    'macros/naming.sql': "{% macro schema_for(kind) %}{{ kind }}_{{ target.name }}{% endmacro %}\n{% macro owner() %}{{ return('data') }}{% endmacro %}\n",
    'models/props.yml': `version: 2\nmodels:\n  - name: m\n    config:\n      meta: {owner: "{{ owner() }}", label: "{{ schema_for('m') }}"}\n`,
    'models/staging/s.sql': 'select 1 as n',
    'models/m.sql': 'select 1 as n',
  };
  for (const useFastPath of [true, false]) {
    const { result, errors } = compileFiles(files, { useFastPath });
    assert.deepEqual(errors, [], 'it was invalid-value: "\'schema\' ... must be a string, got a mapping"');
    const [s, m] = [result!.byName.get('s')!, result!.byName.get('m')!];
    assert.deepEqual([s.config.schema, s.tags, m.config.meta], ['staging_dev', ['x_dev', 'plain'], { owner: 'data', label: 'm_dev' }]);
    assert.deepEqual([s.usedMacros, m.usedMacros], [['schema_for'], ['owner', 'schema_for']], 'a change of the macro renders them again (state record)');
  }
});

test("a problem in a property file's Jinja is reported at its source or at its config value", () => {
  const { errors } = compileFiles({
    'dbt_project.yml': 'name: p\n',
    'models/props.yml': `version: 2\nmodels:\n  - name: m\n    config:\n      schema: "{{ var('nope') }}"\nsources:\n  - name: raw\n    schema: "{{ 'a' | nofilter }}"\n    tables: [{name: orders}]\n`,
    'models/m.sql': "select * from {{ source('raw', 'orders') }}",
  });
  assert.deepEqual(errors.map((e) => `${e.code} ${e.file}:${e.line}:${e.column}`), ['undefined-var models/props.yml:5:15', 'jinja-render models/props.yml:7:5']);
  assert.match(errors[1].message, /^'schema' of source 'raw': filter not found: nofilter/);
});

test("a macro file's error is reported once when sources hold Jinja too", () => {
  const { errors } = compileFiles({
    'dbt_project.yml': 'name: p\n',
    'macros/broken.sql': '{% macro broken( %}x{% endmacro %}',
    'models/props.yml': `version: 2\nsources:\n  - name: raw\n    schema: "{{ target.schema }}_raw"\n    tables: [{name: orders}]\n`,
    'models/m.sql': "select * from {{ source('raw', 'orders') }}",
  });
  assert.deepEqual(errors.map((e) => `${e.code} ${e.file}`), ['jinja-syntax macros/broken.sql']);
});
