import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gitFileSource } from '../../core/git/git-file-source.js';
import { diskFileSource } from '../../core/util/file-source.js';
import { writeTree } from '../helpers.js';
import { commit, git, initRepo } from './git-test-repo.js';

const sub = 'fixtures/projects/x';
const repo = initRepo({ 'README.md': 'repo readme\n', 'fixtures/projects/other/dbt_project.yml': 'name: other\n' });
const old = commit(repo, 'old', {
  [`${sub}/dbt_project.yml`]: 'name: x\n',
  [`${sub}/models/a.sql`]: 'select 1 as id',
  [`${sub}/models/staging/b.sql`]: 'select 2 as id -- é\n',
  [`${sub}/node_modules/dep/index.js`]: 'ignored',
  [`${sub}/.amp-dbt/compiled/a.sql`]: 'ignored',
});
symlinkSync('models/a.sql', join(repo, sub, 'link.sql'));
const current = commit(repo, 'new', { [`${sub}/models/a.sql`]: 'select 10 as id', [`${sub}/models/c.sql`]: 'select 3 as id' });

test('reads the project subfolder at a commit, with project-relative paths', async () => {
  const files = await gitFileSource(repo, old, sub);
  assert.equal(files.commit, old);
  assert.match(files.description, new RegExp(`${sub} at commit ${old.slice(0, 12)}`));
  assert.deepEqual(files.list(''), ['dbt_project.yml', 'models/a.sql', 'models/staging/b.sql']);
  assert.deepEqual(files.list('models/staging'), ['models/staging/b.sql']);
  assert.deepEqual(files.list('models/staging/'), ['models/staging/b.sql']);
  assert.deepEqual(files.list('missing'), []);
  assert.equal(files.read('models/a.sql'), 'select 1 as id');
  assert.equal(files.read('models/staging/b.sql'), 'select 2 as id -- é\n');
  assert.equal(files.exists('models'), true);
  assert.equal(files.exists('models/a.sql'), true);
  assert.equal(files.exists('models/c.sql'), false);
  assert.throws(() => files.read('models/c.sql'), (error: NodeJS.ErrnoException) => error.code === 'ENOENT');
});

test('the old commit is read while the working tree and HEAD have moved on', async () => {
  writeTree(join(repo, sub), { 'models/a.sql': 'select 100 as id', 'models/d.sql': 'select 4 as id' });
  rmSync(join(repo, sub, 'models/staging/b.sql'));
  const atHead = await gitFileSource(repo, current, sub);
  assert.deepEqual(atHead.list('models'), ['models/a.sql', 'models/c.sql', 'models/staging/b.sql']);
  assert.equal(atHead.read('models/a.sql'), 'select 10 as id');
  const atOld = await gitFileSource(repo, old, sub);
  assert.deepEqual(atOld.list('models'), ['models/a.sql', 'models/staging/b.sql']);
  assert.equal(atOld.read('models/a.sql'), 'select 1 as id');
});

test('skips .amp-dbt/, node_modules/ and symbolic links, as a working-tree source does', async () => {
  assert.equal(git(repo, 'ls-tree', '--name-only', current, `${sub}/`).split('\n').filter((n) => /node_modules|\.amp-dbt|link\.sql/.test(n)).length, 3);
  const files = await gitFileSource(repo, current, sub);
  for (const path of files.list('')) assert.doesNotMatch(path, /node_modules|\.amp-dbt|link\.sql/);
  assert.equal(diskFileSource(join(repo, sub)).list('').includes('link.sql'), false);
});

test('the repository root and a missing subfolder', async () => {
  const root = await gitFileSource(repo, old, '');
  assert.ok(root.list('').includes('README.md'));
  assert.ok(root.list('').includes(`${sub}/models/a.sql`));
  assert.match(root.description, /the repository root at commit/);
  const missing = await gitFileSource(repo, old, 'no/such/folder');
  assert.deepEqual(missing.list(''), []);
  assert.equal(missing.exists('dbt_project.yml'), false);
  assert.equal(missing.exists(''), false);
  assert.equal(root.exists(''), true);
});

test('blobId is the blob recorded at the commit, equal to git hash-object', async () => {
  const files = await gitFileSource(repo, old, sub);
  assert.equal(files.blobId('models/a.sql'), git(repo, 'rev-parse', `${old}:${sub}/models/a.sql`));
  assert.equal(files.blobId('models/staging/b.sql'), git(repo, 'rev-parse', `${old}:${sub}/models/staging/b.sql`));
  assert.equal(files.blobId('models/c.sql'), undefined);
});

test('text reads as from the working tree: byte-order marks, CRLF and invalid UTF-8 included', async () => {
  const files = { 'p/bom.sql': '\ufeffselect 1', 'p/crlf.sql': 'select 1\r\nfrom t\r\n' };
  const small = initRepo(files);
  writeFileSync(join(small, 'p', 'latin1.sql'), Buffer.from([0x73, 0xe9, 0x0a]));
  const sha = commit(small, 'text');
  const source = await gitFileSource(small, sha, 'p');
  const disk = diskFileSource(join(small, 'p'));
  for (const path of ['bom.sql', 'crlf.sql', 'latin1.sql']) assert.equal(source.read(path), disk.read(path), path);
});
