import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gitFileSource } from '../../core/git/git-file-source.js';
import { resolveCommit } from '../../core/git/resolve-commit.js';
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
