import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Diagnostics } from '../../core/errors.js';
import { loadProject } from '../../core/project/load-project.js';
import { diskFileSource } from '../../core/util/file-source.js';

const fixtures = fileURLToPath(new URL('../../../fixtures/projects/', import.meta.url));

function loadFixture(name: string) {
  const root = join(fixtures, name);
  const diagnostics = new Diagnostics();
  const project = loadProject({ files: diskFileSource(root), root }, diagnostics);
  return { project, diagnostics: diagnostics.sorted() };
}

test('broken-yaml-syntax: an unclosed quote in a property file', () => {
  const { project, diagnostics } = loadFixture('broken-yaml-syntax');
  assert.ok(project, 'dbt_project.yml itself is fine');
  assert.deepEqual(diagnostics, [{
    file: 'models/schema.yml', line: 5, column: 18, code: 'yaml-syntax',
    message: 'invalid YAML: this " quote is never closed', hint: 'close it (Missing closing "quote)',
  }]);
});

test('broken-config-unknown-key: a misspelt folder config', () => {
  const { diagnostics } = loadFixture('broken-config-unknown-key');
  assert.deepEqual(diagnostics, [{
    file: 'dbt_project.yml', line: 9, column: 7, code: 'unknown-key',
    message: "unknown key 'materialised' in config under 'models: broken_config_unknown_key: staging' in dbt_project.yml",
    hint: "did you mean 'materialized'?",
  }]);
});

test('broken-config-duplicate-model: two models named orders (an error when compiled: both are enabled)', () => {
  const { project, diagnostics } = loadFixture('broken-config-duplicate-model');
  assert.deepEqual(diagnostics, []);
  assert.deepEqual(project?.models.map((m) => m.path), ['models/marts/orders.sql']);
});
