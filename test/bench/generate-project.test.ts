import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { generateProject, MARKER_FILE, projectFiles } from '../../bench/generate-project.js';

const MODELS = 50;

function withTempDir(fn: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'amp-dbt-bench-test-'));
  try {
    fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Every file under `dir` as `relative path -> content`, sorted by path. */
function readTree(dir: string): Map<string, string> {
  const files = readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort();
  return new Map(files.map((path) => [path, readFileSync(join(dir, path), 'utf8')]));
}

const indexOf = (name: string) => Number(/_(\d+)$/.exec(name)?.[1]);

test('the same seed writes a byte-identical project', () => {
  withTempDir((tmp) => {
    generateProject(join(tmp, 'a'), { models: MODELS, seed: 42 });
    generateProject(join(tmp, 'b'), { models: MODELS, seed: 42 });
    const a = readTree(join(tmp, 'a'));
    const b = readTree(join(tmp, 'b'));
    assert.deepEqual([...a.keys()], [...b.keys()]);
    assert.deepEqual(a, b);
    assert.equal([...a.keys()].filter((p) => p.endsWith('.sql') && p.startsWith('models/')).length, MODELS);
  });
});

test('a different seed writes a different project', () => {
  assert.notDeepEqual(projectFiles({ models: MODELS, seed: 1 }), projectFiles({ models: MODELS, seed: 2 }));
});

test('an existing project with a matching marker is not regenerated', () => {
  withTempDir((tmp) => {
    const dir = join(tmp, 'p');
    assert.equal(generateProject(dir, { models: 10, seed: 3 }).generated, true);
    writeFileSync(join(dir, 'models', 'scratch.sql'), 'select 1');
    assert.equal(generateProject(dir, { models: 10, seed: 3 }).generated, false);
    assert.equal(readFileSync(join(dir, 'models', 'scratch.sql'), 'utf8'), 'select 1');
    assert.equal(generateProject(dir, { models: 12, seed: 3 }).generated, true, 'other options regenerate');
    assert.equal(readTree(dir).has('models/scratch.sql'), false);
    assert.ok(readTree(dir).has(MARKER_FILE));
  });
});

test('a folder it did not generate is never overwritten', () => {
  withTempDir((tmp) => {
    writeFileSync(join(tmp, 'precious.txt'), 'keep me');
    assert.throws(() => generateProject(tmp, { models: 5, seed: 1 }), /refusing to overwrite/);
    assert.equal(readFileSync(join(tmp, 'precious.txt'), 'utf8'), 'keep me');
  });
});

test('models only read earlier models and come in the requested mix', () => {
  const files = projectFiles({ models: MODELS, seed: 42 });
  const models = files.filter((f) => f.path.startsWith('models/') && f.path.endsWith('.sql'));
  const pathOf = new Map(models.map((f) => [/([^/]+)\.sql$/.exec(f.path)?.[1] ?? '', f.path]));
  const folders = new Set(models.map((f) => f.path.split('/').slice(1, -1).join('/')));
  const count = (re: RegExp) => models.filter((f) => re.test(f.content)).length;

  for (const model of models) {
    const self = indexOf(/([^/]+)\.sql$/.exec(model.path)?.[1] ?? '');
    const refs = [...model.content.matchAll(/\{\{ ref\('(\w+)'\) \}\}/g)].map((m) => m[1]);
    const imports = [...model.content.matchAll(/^-- @import: \w+ = models\.([\w.]+)$/gm)].map((m) => m[1]);
    for (const name of refs) {
      assert.ok(pathOf.has(name), `${model.path} refs unknown model ${name}`);
      assert.ok(indexOf(name) < self, `${model.path} refs later model ${name}`);
    }
    for (const dotted of imports) {
      const name = dotted.split('.').at(-1) ?? '';
      assert.equal(pathOf.get(name), `models/${dotted.split('.').join('/')}.sql`, `${model.path} imports a wrong path`);
      assert.ok(indexOf(name) < self, `${model.path} imports later model ${name}`);
    }
    assert.ok(refs.length + imports.length <= 15, `${model.path} has more than 15 parents`);
  }

  const pragma = count(/^-- @import:/m);
  const controlFlow = count(/\{% (if|for) /);
  const macros = count(/\{\{ (normalize_amount|truncate_time|since_start)\(/);
  assert.ok(pragma >= 3 && pragma <= 8, `pragma models: ${pragma}`);
  assert.ok(controlFlow >= 7 && controlFlow <= 14, `control-flow models: ${controlFlow}`);
  assert.ok(macros >= 3, `macro models: ${macros}`);
  assert.ok(count(/\{% if is_incremental\(\) %\}/) >= 2, 'Jinja incremental models');
  assert.ok(count(/\{% for \w+ in \w+ %\}/) >= 2 && count(/\{% set /) >= 2, '{% set %} and {% for %}');
  assert.equal(models.filter((f) => /\{\{ ref\(/.test(f.content) && /^-- @import:/m.test(f.content)).length, 0, 'no model mixes syntaxes');
  assert.ok(count(/\{\{ source\('raw', '\w+'\) \}\}/) >= 1, 'some models read sources');
  assert.ok(folders.size >= 15, `folders: ${folders.size}`);
  assert.ok(files.some((f) => f.path.startsWith('macros/')) && files.some((f) => f.path === 'models/_sources.yml'));
});
