import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Diagnostics } from '../../core/errors.js';
import { classifyChanges, reusableModels } from '../../core/record/reusable-models.js';
import { readProjectSettings } from '../../core/project/read-project-settings.js';
import { parseYamlFile } from '../../core/project/yaml-file.js';
import type { Manifest, ManifestModel } from '../../core/state/state-types.js';

const settings = readProjectSettings(parseYamlFile("name: p\nmacro-paths: ['macros']\ntest-paths: ['tests']\n", 'dbt_project.yml', new Diagnostics()), 'p', new Diagnostics())!;

function model(name: string, path: string, blobId: string, extra: Partial<ManifestModel> = {}): ManifestModel {
  return {
    name, path, blobId, config: {}, materialized: 'view', refs: [], sources: [], datasets: {}, contentHash: `content-${name}`,
    fingerprint: `fp-${name}`, columns: [], usedMacros: [], usedVars: [], definitionId: `definition-${name}`, ...extra,
  };
}

const base: Manifest = {
  commit: 'c1', parents: [], recordedAt: '2026-01-01T00:00:00.000Z', projectName: 'p', macros: [], vars: { v: 1 }, compilerRevision: 1,
  models: [
    model('a', 'models/a.sql', 'blob-a', { usedVars: ['v'] }),
    model('b', 'models/b.sql', 'blob-b', { refs: ['a'], usedMacros: ['m'] }),
    model('c', 'models/x/c.sql', 'blob-c', { refs: ['b'] }),
    model('d', 'models/d.sql', 'blob-d'),
  ],
};
const tree = new Map([['models/a.sql', 'blob-a'], ['models/b.sql', 'blob-b'], ['models/x/c.sql', 'blob-c'], ['models/d.sql', 'blob-d'], ['dbt_project.yml', 'y']]);
const reuse = (changes: { tree?: Map<string, string>; vars?: Record<string, unknown>; macros?: string[] } = {}) =>
  [...reusableModels({ base, tree: changes.tree ?? tree, settings, vars: changes.vars ?? { v: 1 }, changedMacros: new Set(changes.macros ?? []) }).values()]
    .map((m) => m.name);

test('unchanged files with unchanged macros, vars and parents are reused', () => {
  assert.deepEqual(reuse(), ['a', 'b', 'c', 'd']);
});

test('a changed blob, a changed macro or a changed var value is rendered again', () => {
  assert.deepEqual(reuse({ tree: new Map([...tree, ['models/d.sql', 'blob-d2']]) }), ['a', 'b', 'c']);
  assert.deepEqual(reuse({ macros: ['m'] }), ['a', 'c', 'd']);
  assert.deepEqual(reuse({ vars: { v: 2 } }), ['b', 'c', 'd']);
  assert.deepEqual(reuse({ vars: { v: 1, other: 3 } }), ['a', 'b', 'c', 'd']);
});

test('a model whose parent moved or disappeared is rendered again; the moved model too', () => {
  const moved = new Map(tree);
  moved.delete('models/b.sql');
  moved.set('models/y/b.sql', 'blob-b');
  assert.deepEqual(reuse({ tree: moved }), ['a', 'd']);
  const removed = new Map(tree);
  removed.delete('models/a.sql');
  assert.deepEqual(reuse({ tree: removed }), ['c', 'd']);
});

test('changed files are sorted into property/config files, dbt_project.yml, macros and seeds', () => {
  const changed = ['README.md', 'data/x.csv', 'dbt_project.yml', 'macros/m.sql', 'models/schema.yml', 'profiles.yml', 'seeds/c.csv', 'seeds/p.parquet', 'tests/generic/g.sql', 'tests/t.sql'];
  assert.deepEqual(classifyChanges(changed, settings), {
    config: ['models/schema.yml', 'profiles.yml'], projectFile: true, macros: ['macros/m.sql', 'tests/generic/g.sql'], seeds: ['seeds/c.csv', 'seeds/p.parquet'],
  });
});
