import { test } from 'node:test';
import assert from 'node:assert/strict';
import { folderConfigFor, mergeConfigs } from '../../core/project/folder-config.js';
import type { ModelFile, Project } from '../../core/project/project-types.js';
import { memoryFileSource } from '../../core/util/file-source.js';

function model(path: string): ModelFile {
  const parts = path.split('/');
  const file = parts.pop() ?? '';
  return { name: file.replace('.sql', ''), path: `models/${path}`, folders: parts, modelPath: 'models', content: 'select 1' };
}

function project(tree: Record<string, unknown>, models: ModelFile[]): Project {
  return {
    root: '/p', files: memoryFileSource({}), name: 'shop', version: '1', profile: 'shop', modelPaths: ['models'], macroPaths: [],
    testPaths: [], seedPaths: [], vars: {}, modelConfigTree: tree, monitoring: {}, models, macros: [], tests: [],
    modelProperties: new Map(), sources: [],
  };
}

const tree = {
  '+tags': ['all'],
  shop: {
    '+materialized': 'view',
    '+schema': 'analytics',
    '+meta': { owner: 'data', tier: 3 },
    '+dependencies': { eth: '_/eth_firehose@1.0.0' },
    staging: {
      '+tags': ['staging', 'all'],
      materialized: 'table',
      orders: { '+materialized': 'incremental', '+tags': 'orders', '+meta': { tier: 1 }, '+dependencies': { base: '_/base@2.0.0' } },
    },
  },
};

test('folder configs inherit down the tree and the most specific folder wins', () => {
  const models = [model('top.sql'), model('staging/stg.sql'), model('staging/orders/ord.sql'), model('marts/fct.sql')];
  const p = project(tree, models);
  assert.deepEqual(folderConfigFor(p, models[0]), {
    tags: ['all'], materialized: 'view', schema: 'analytics', meta: { owner: 'data', tier: 3 }, dependencies: { eth: '_/eth_firehose@1.0.0' },
  });
  assert.equal(folderConfigFor(p, models[1]).materialized, 'table');
  assert.deepEqual(folderConfigFor(p, models[2]), {
    tags: ['all', 'staging', 'orders'],
    materialized: 'incremental',
    schema: 'analytics',
    meta: { owner: 'data', tier: 1 },
    dependencies: { eth: '_/eth_firehose@1.0.0', base: '_/base@2.0.0' },
  });
  assert.equal(folderConfigFor(p, models[3]).materialized, 'view', 'a folder without configs inherits its parent');
});

test("a level named as a model configures that model, as dbt's fqn ends with the model's name", () => {
  const models = [model('staging/stg.sql'), model('staging/other.sql'), model('top.sql')];
  const p = project({
    shop: {
      top: { '+materialized': 'table' },
      staging: { '+materialized': 'view', stg: { '+materialized': 'incremental', '+enabled': false, '+tags': ['one'] } },
    },
  }, models);
  assert.deepEqual(folderConfigFor(p, models[0]), { materialized: 'incremental', enabled: false, tags: ['one'] });
  assert.deepEqual(folderConfigFor(p, models[1]), { materialized: 'view' });
  assert.deepEqual(folderConfigFor(p, models[2]), { materialized: 'table' });
});

test('folderConfigFor returns a fresh object each time', () => {
  const models = [model('staging/a.sql'), model('staging/b.sql')];
  const p = project(tree, models);
  const a = folderConfigFor(p, models[0]);
  a.tags?.push('mutated');
  (a.meta as Record<string, unknown>).owner = 'x';
  assert.deepEqual(folderConfigFor(p, models[1]).tags, ['all', 'staging']);
  assert.equal((folderConfigFor(p, models[1]).meta as Record<string, unknown>).owner, 'data');
});

test('mergeConfigs: scalars replaced, tags accumulate uniquely, hooks append, meta/dependencies merge per key', () => {
  const base = { materialized: 'view', tags: ['a', 'b'], pre_hook: ['one'], meta: { x: 1, y: 1 }, dependencies: { eth: '_/e@1.0.0' } };
  const override = { materialized: 'table', tags: ['b', 'c'], pre_hook: ['two'], meta: { y: 2 }, dependencies: { eth: '_/e@2.0.0', b: '_/b@1.0.0' } };
  assert.deepEqual(mergeConfigs(base, override), {
    materialized: 'table', tags: ['a', 'b', 'c'], pre_hook: ['one', 'two'], meta: { x: 1, y: 2 }, dependencies: { eth: '_/e@2.0.0', b: '_/b@1.0.0' },
  });
  assert.deepEqual(base.tags, ['a', 'b'], 'inputs are not modified');
});

test('10,000 models in 100 folders each resolve their own folder config (speed: npm run bench)', () => {
  const models = Array.from({ length: 10_000 }, (_, i) => model(`f${i % 100}/sub/m${i}.sql`));
  const p = project(tree, models);
  const configs = models.map((m) => folderConfigFor(p, m));
  assert.equal(configs.length, 10_000);
  assert.deepEqual(configs[0], folderConfigFor(p, models[100]), 'models of one folder share its config');
});
