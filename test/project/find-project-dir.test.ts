import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tempDir } from '../helpers.js';
import { join } from 'node:path';
import { findProjectDir } from '../../core/project/find-project-dir.js';

test('finds the nearest folder upward holding dbt_project.yml', () => {
  const base = tempDir('amp-dbt-find-');
  const deep = join(base, 'p', 'models', 'staging');
  mkdirSync(deep, { recursive: true });
  assert.equal(findProjectDir(deep), null);
  writeFileSync(join(base, 'p', 'dbt_project.yml'), 'name: p\n');
  assert.equal(findProjectDir(deep), join(base, 'p'));
  assert.equal(findProjectDir(join(base, 'p')), join(base, 'p'));
});
