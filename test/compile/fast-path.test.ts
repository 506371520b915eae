import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { compileFixture, repoRoot } from '../helpers.js';

const projects = readdirSync(join(repoRoot, 'fixtures', 'projects')).filter((name) => !name.startsWith('.')).sort();

test('there are fixture projects to compare', () => {
  assert.ok(projects.includes('erc20_transfers'), projects.join(', '));
});

for (const name of projects) {
  test(`fast path and nunjucks compile ${name} byte-identically`, () => {
    const fast = compileFixture(name, { useFastPath: true });
    const slow = compileFixture(name, { useFastPath: false });
    assert.deepEqual(fast.errors, slow.errors);
    const view = (c: typeof fast) => (c.result?.models ?? []).map((m) => ({
      name: m.name, canonical: m.canonicalSql, incremental: m.incrementalSql, fingerprint: m.fingerprint,
      config: m.config, refs: m.refs, sources: m.sources, datasets: m.datasets, sql: c.result!.targetSql(m.name),
    }));
    assert.deepEqual(view(fast), view(slow));
  });
}

test('fast path and nunjucks compile a generated project byte-identically', async () => {
  const { generateProject } = await import('../../bench/generate-project.js');
  const { tempDir } = await import('../helpers.js');
  const { Diagnostics } = await import('../../core/errors.js');
  const { loadProject } = await import('../../core/project/load-project.js');
  const { compileProject } = await import('../../core/compile/compile-project.js');
  const { diskFileSource } = await import('../../core/util/file-source.js');
  const dir = join(tempDir(), 'generated');
  generateProject(dir, { models: 400, seed: 7 });
  const compile = (useFastPath: boolean) => {
    const diagnostics = new Diagnostics();
    const project = loadProject({ files: diskFileSource(dir), root: dir }, diagnostics)!;
    const result = compileProject(project, { target: { name: 'dev', type: 'duckdb', schema: 'main' }, env: {}, runStartedAt: 'x', useFastPath }, diagnostics);
    return { errors: diagnostics.sorted(), models: result.models.map((m) => [m.name, m.canonicalSql, m.incrementalSql, m.fingerprint, result.targetSql(m.name)]) };
  };
  const fast = compile(true);
  assert.deepEqual(fast.errors, []);
  assert.equal(fast.models.length, 400);
  assert.deepEqual(fast, compile(false));
});

test("config.get reads the model's config (its calls over dbt_project.yml's folders); str.format, the format filter and strftime as in Python", async () => {
  const { compileFiles } = await import('../helpers.js');
  const files = {
    'dbt_project.yml': 'name: py\nmodels:\n  py:\n    marts:\n      +materialized: table\n      +tags: [daily]\n',
    'models/marts/m.sql': "select '{{ config.get('materialized') }}' as m, '{{ config.get('tags') | join(',') }}' as t, '{{ config.get('nothing', 'dflt') }}' as d",
    'models/n.sql': "{{ config(materialized='incremental') }}select '{{ config.get('materialized') }}' as m, '{{ config.require('materialized') }}' as r",
    'models/f.sql': "select '{{ \"{}_{}\".format('a', 2) }}' as f, '{{ \"{0}-{n:03d}\".format('x', n=7) }}' as g, '{{ '%s-%02d|%.1f' | format('b', 5, 2.26) }}' as h, '{{ run_started_at.strftime('%Y/%m') }}' as y, "
      + "'{{ run_started_at }}' as at, '{{ run_started_at.isoformat() }}' as iso",
  };
  for (const useFastPath of [true, false]) {
    const { result, errors } = compileFiles(files, { useFastPath, runStartedAt: '2026-03-04T05:06:07.000Z' });
    assert.deepEqual(errors, []);
    assert.equal(result!.byName.get('m')!.canonicalSql, "select 'table' as m, 'daily' as t, 'dflt' as d", `fast path: ${useFastPath}`);
    assert.equal(result!.byName.get('n')!.canonicalSql, "select 'incremental' as m, 'incremental' as r");
    assert.equal(result!.byName.get('f')!.canonicalSql, "select 'a_2' as f, 'x-007' as g, 'b-05|2.3' as h, '2026/03' as y, "
      + "'2026-03-04 05:06:07.000000+00:00' as at, '2026-03-04T05:06:07.000000+00:00' as iso");
  }
});

test("Jinja's True, False and None mean true, false and none on both paths (config(enabled=False) disables); execute is true", async () => {
  const { compileFiles } = await import('../helpers.js');
  const files = {
    'dbt_project.yml': 'name: py\n',
    'models/off.sql': '{{ config(enabled=False) }}\nselect 1 as n',
    'models/flags.sql': "{% set include_deleted = True %}select 1 as n{% if not include_deleted %} where not deleted{% endif %}"
      + "{% if var('missing_flag', None) is none %} -- no flag{% endif %}{% if False %} never{% endif %}"
      + '{% if not execute %} parsing{% endif %}',
  };
  for (const useFastPath of [true, false]) {
    const { result, errors } = compileFiles(files, { useFastPath });
    assert.deepEqual(errors, []);
    assert.deepEqual(result!.models.map((m) => m.name), ['flags'], `fast path: ${useFastPath}`);
    assert.equal(result!.byName.get('flags')!.canonicalSql, 'select 1 as n -- no flag');
  }
});

test("Jinja's count and pprint filters, which only nunjucks has: a model or macro using one is rendered by nunjucks, byte-identically with or without the fast path", async () => {
  const { compileFiles } = await import('../helpers.js');
  const files = {
    'dbt_project.yml': 'name: p\n',
    'macros/describe.sql': '{% macro describe(cols) %}{{ cols | count }} {{ cols | pprint }}{% endmacro %}',
    'models/direct.sql': "select {{ ['a', 'b'] | count }} as n, $${{ {'b': 1, 'a': [1, none]} | pprint }}$$ as p",
    'models/in_macro.sql': "select 1 as n, $${{ describe(['x']) }}$$ as d",
    'models/plain.sql': "select {{ ['a', 'b'] | length }} as n",
  };
  const view = (compiled: ReturnType<typeof compileFiles>) => (compiled.result?.models ?? []).map((m) => [m.name, m.canonicalSql, m.fingerprint, compiled.result!.targetSql(m.name)]);
  const fast = compileFiles(files, { useFastPath: true });
  assert.deepEqual(fast.errors, []);
  assert.deepEqual(view(fast), view(compileFiles(files, { useFastPath: false })));
  // Jinja2 3.1.6 renders the same text
  assert.equal(fast.result!.byName.get('direct')!.canonicalSql, "select 2 as n, $${'a': [1, None], 'b': 1}$$ as p");
  assert.equal(fast.result!.byName.get('in_macro')!.canonicalSql, "select 1 as n, $$1 ['x']$$ as d");
});
