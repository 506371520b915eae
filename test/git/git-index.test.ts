import { test } from 'node:test';
import assert from 'node:assert/strict';
import { utimesSync } from 'node:fs';
import { indexVouching, readGitIndex } from '../../core/git/git-index.js';
import { writeTree } from '../helpers.js';
import { commit, git, initRepo } from './git-test-repo.js';

/** `git ls-files --stage` as path -> blob id, stage 0 only. */
function lsFiles(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of git(dir, '-c', 'core.quotePath=false', 'ls-files', '--stage').split('\n').filter(Boolean)) {
    const [meta, path] = line.split('\t');
    const [, oid, stage] = meta.split(' ');
    if (stage === '0') out.set(path, oid);
  }
  return out;
}

const files = {
  'dbt_project.yml': 'name: p\n',
  'models/a.sql': 'select 1',
  'models/deeper/folder/b.sql': 'select 2',
  'models/deeper/folder/b2.sql': 'select 22',
  'models/ü-ñ.sql': 'select 3',
  'seeds/s.csv': 'id\n1\n',
};

test('readGitIndex reads versions 2, 3 (extended flags) and 4 (compressed paths) as git ls-files does', () => {
  for (const version of ['2', '3', '4']) {
    const dir = initRepo();
    commit(dir, 'files', files);
    writeTree(dir, { 'models/new.sql': 'select 4' });
    git(dir, 'add', '-N', 'models/new.sql');
    git(dir, 'update-index', '--index-version', version);
    const index = readGitIndex(`${dir}/.git`);
    assert.ok(index, `version ${version}`);
    const expected = lsFiles(dir);
    expected.delete('models/new.sql');
    assert.deepEqual(new Map([...index.entries].map(([path, entry]) => [path, entry.oid])), expected, `version ${version}`);
  }
});

test('indexVouching gives the indexed blob id of a file untouched since git looked, not of one edited or touched', () => {
  const dir = initRepo();
  commit(dir, 'files', files);
  // Times before the index's: git hashed these files, the index is not racy for them.
  const past = new Date(Date.now() - 60_000);
  for (const path of Object.keys(files)) utimesSync(`${dir}/${path}`, past, past);
  git(dir, 'status', '--porcelain');
  const vouched = indexVouching(dir, 'models');
  assert.equal(vouched('a.sql'), git(dir, 'rev-parse', 'HEAD:models/a.sql'));
  assert.equal(vouched('missing.sql'), undefined);
  writeTree(dir, { 'models/a.sql': 'select 9' });
  assert.equal(indexVouching(dir, 'models')('a.sql'), undefined, 'an edit changes the times: hashed again');
  assert.equal(indexVouching(dir, '')('models/deeper/folder/b.sql'), git(dir, 'rev-parse', 'HEAD:models/deeper/folder/b.sql'));
  const bare = initRepo();
  assert.equal(indexVouching(bare, '')('x'), undefined, 'no index: nothing vouched');
});
