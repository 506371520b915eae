import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commitInfo } from '../../core/git/commit-info.js';
import { findRepoRoot } from '../../core/git/find-repo-root.js';
import { isAncestor } from '../../core/git/is-ancestor.js';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { tempDir } from '../helpers.js';
import { commit, git, initRepo } from './git-test-repo.js';

const repo = initRepo();
const first = commit(repo, 'first commit\n\nwith a body', { 'a.txt': '1' });
const second = commit(repo, 'second', { 'a.txt': '2' });
git(repo, 'checkout', '-q', '-b', 'other', first);
const other = commit(repo, 'other', { 'b.txt': 'b' });

test('commitInfo: sha, parents, author, message and committer time', async () => {
  const info = await commitInfo(repo, second);
  assert.deepEqual(info, {
    sha: second,
    parents: [first],
    author: { name: 't', email: 't@t' },
    message: 'second',
    timestamp: Date.parse('2026-01-02T03:04:05Z') / 1000,
  });
  const root = await commitInfo(repo, first);
  assert.deepEqual(root.parents, []);
  assert.equal(root.message, 'first commit\n\nwith a body');
});

test('isAncestor follows history; a commit is its own ancestor; siblings are not related', async () => {
  assert.equal(await isAncestor(repo, first, second), true);
  assert.equal(await isAncestor(repo, second, first), false);
  assert.equal(await isAncestor(repo, second, second), true);
  assert.equal(await isAncestor(repo, first, other), true);
  assert.equal(await isAncestor(repo, second, other), false);
});

test('findRepoRoot finds the nearest folder upward holding .git, null outside a repository', () => {
  const deep = join(repo, 'a', 'b', 'c');
  mkdirSync(deep, { recursive: true });
  assert.equal(findRepoRoot(deep), repo);
  assert.equal(findRepoRoot(repo), repo);
  assert.equal(findRepoRoot(tempDir()), null);
});
