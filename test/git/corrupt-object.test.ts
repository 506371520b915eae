import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { gitFileSource } from '../../core/git/git-file-source.js';
import type { GitError } from '../../core/git/git-error.js';
import { commit, git, initRepo } from './git-test-repo.js';

test('a loose object whose content does not hash to its id is reported, not served', async () => {
  const repo = initRepo();
  const sha = commit(repo, 'one', { 'p/dbt_project.yml': 'name: p\n', 'p/models/m.sql': 'select 1 as id' });
  const blob = git(repo, 'rev-parse', `${sha}:p/models/m.sql`);
  const file = join(repo, '.git', 'objects', blob.slice(0, 2), blob.slice(2));
  chmodSync(file, 0o644);
  writeFileSync(file, deflateSync(Buffer.from('blob 14\0select 2 as id')));
  await assert.rejects(gitFileSource(repo, sha, 'p'), (error: GitError) =>
    error.code === 'git-read-failed' && error.message.includes(blob) && /corrupt/.test(error.message));
});
