import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gitFileSource } from '../../core/git/git-file-source.js';
import { resolveCommit } from '../../core/git/resolve-commit.js';
import { tempDir } from '../helpers.js';
import { commit, git, initRepo } from './git-test-repo.js';

/** Many similar files over several commits, so `git gc` stores deltas in the pack. */
function modelFiles(version: number): Record<string, string> {
  const files: Record<string, string> = { 'proj/dbt_project.yml': 'name: packed\n' };
  for (let i = 0; i < 60; i++) {
    files[`proj/models/m${i}.sql`] = `-- model ${i}, version ${version}\nselect ${i} as id, '${'x'.repeat(200)}' as padding, ${version} as v\n`;
  }
  return files;
}

test('packed objects, packed refs and deltas are read after git gc', async () => {
  const repo = initRepo();
  const shas = [1, 2, 3].map((v) => commit(repo, `v${v}`, modelFiles(v)));
  git(repo, 'tag', '-a', 'release', '-m', 'release', shas[0]);
  git(repo, 'gc', '-q', '--aggressive', '--prune=now');
  assert.deepEqual(readdirSync(join(repo, '.git', 'objects')).filter((d) => /^[0-9a-f]{2}$/.test(d)), [], 'no loose objects left');
  const cache = {};
  assert.equal(await resolveCommit(repo, 'release', { cache }), shas[0]);
  assert.equal(await resolveCommit(repo, 'main~1', { cache }), shas[1]);
  assert.equal(await resolveCommit(repo, shas[2].slice(0, 7), { cache }), shas[2]);
  for (const [i, sha] of shas.entries()) {
    const files = await gitFileSource(repo, sha, 'proj', { cache });
    assert.equal(files.list('models').length, 60);
    assert.deepEqual(Object.fromEntries(files.list('').map((p) => [`proj/${p}`, files.read(p)])), modelFiles(i + 1));
    assert.equal(files.blobId('models/m7.sql'), git(repo, 'rev-parse', `${sha}:proj/models/m7.sql`));
  }
});

test('a clone sharing its objects through alternates (git clone --shared) reads them there: refs, short shas, files', async () => {
  const origin = initRepo();
  const shas = [1, 2].map((v) => commit(origin, `v${v}`, modelFiles(v)));
  git(origin, 'tag', '-a', 'release', '-m', 'release', shas[0]);
  git(origin, 'gc', '-q', '--prune=now');
  commit(origin, 'v3 (loose)', modelFiles(3));
  const clone = tempDir('amp-dbt-git-');
  git(clone, 'clone', '-q', '--shared', origin, '.');
  assert.match(readFileSync(join(clone, '.git/objects/info/alternates'), 'utf8'), /objects/);
  assert.equal(readdirSync(join(clone, '.git/objects')).filter((d) => /^[0-9a-f]{2}$/.test(d)).length, 0, 'no object of its own');
  const head = git(clone, 'rev-parse', 'HEAD');
  const cache = {};
  assert.equal(await resolveCommit(clone, 'HEAD', { cache }), head);
  assert.equal(await resolveCommit(clone, 'release', { cache }), shas[0]);
  assert.equal(await resolveCommit(clone, 'HEAD~1', { cache }), shas[1]);
  assert.equal(await resolveCommit(clone, shas[1].slice(0, 7), { cache }), shas[1]);
  assert.equal(await resolveCommit(clone, head.slice(0, 7), { cache }), head);
  const files = await gitFileSource(clone, shas[0], 'proj', { cache });
  assert.deepEqual(Object.fromEntries(files.list('').map((p) => [`proj/${p}`, files.read(p)])), modelFiles(1));
  const atHead = await gitFileSource(clone, head, 'proj', { cache });
  assert.equal(atHead.read('models/m7.sql'), modelFiles(3)['proj/models/m7.sql']);
});
