import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveCommit } from '../../core/git/resolve-commit.js';
import { GitError } from '../../core/git/git-error.js';
import { runCli, tempDir, writeTree } from '../helpers.js';
import { commit, git, initRepo } from './git-test-repo.js';

const repo = initRepo();
const first = commit(repo, 'first', { 'a.txt': 'one\n' });
const second = commit(repo, 'second', { 'a.txt': 'two\n' });
git(repo, 'tag', 'v1-light', first);
git(repo, 'tag', '-a', 'v1.0', '-m', 'release one', first);
git(repo, 'tag', '-a', 'v1.0-of-tag', '-m', 'a tag of a tag', 'v1.0');
git(repo, 'branch', 'feature/login', first);
git(repo, 'checkout', '-q', '-b', 'side', first);
const side = commit(repo, 'side', { 'b.txt': 'b\n' });
git(repo, 'checkout', '-q', 'main');
git(repo, 'merge', '-q', '--no-ff', '-m', 'merge side', 'side');
const merge = git(repo, 'rev-parse', 'HEAD');

test('full and abbreviated shas, in any case', async () => {
  assert.equal(await resolveCommit(repo, first), first);
  assert.equal(await resolveCommit(repo, first.slice(0, 7)), first);
  assert.equal(await resolveCommit(repo, second.slice(0, 10).toUpperCase()), second);
});

test('branches, HEAD and @', async () => {
  assert.equal(await resolveCommit(repo, 'main'), merge);
  assert.equal(await resolveCommit(repo, 'refs/heads/side'), side);
  assert.equal(await resolveCommit(repo, 'feature/login'), first);
  assert.equal(await resolveCommit(repo, 'HEAD'), merge);
  assert.equal(await resolveCommit(repo, '@'), merge);
});

test('FETCH_HEAD and ORIG_HEAD, as a fetch and a reset write them, resolve as git rev-parse resolves them', async () => {
  const clone = tempDir('amp-dbt-git-');
  git(clone, 'clone', '-q', '--depth', '1', '--branch', 'side', `file://${repo}`, '.');
  git(clone, 'fetch', '-q', 'origin', 'main', 'side');
  assert.match(readFileSync(join(clone, '.git/FETCH_HEAD'), 'utf8'), /^[0-9a-f]{40}\t\tbranch 'main' of /);
  assert.equal(await resolveCommit(clone, 'FETCH_HEAD'), merge);
  assert.equal(await resolveCommit(clone, 'FETCH_HEAD'), git(clone, 'rev-parse', 'FETCH_HEAD'));
  git(clone, 'reset', '-q', '--hard', 'FETCH_HEAD');
  assert.equal(await resolveCommit(clone, 'ORIG_HEAD'), side);
});

test('lightweight tags, annotated tags and tags of tags peel to the commit', async () => {
  assert.equal(await resolveCommit(repo, 'v1-light'), first);
  assert.equal(await resolveCommit(repo, 'v1.0'), first);
  assert.equal(await resolveCommit(repo, 'refs/tags/v1.0'), first);
  assert.equal(await resolveCommit(repo, 'v1.0-of-tag'), first);
  assert.equal(await resolveCommit(repo, 'v1.0^{}'), first);
});

test('parent steps: ~N, ^, ^N, ^0 and chains agree with git rev-parse', async () => {
  for (const ref of ['HEAD~1', 'HEAD~', 'HEAD^', 'HEAD^2', 'HEAD^0', 'HEAD~2', 'main^^', 'HEAD^2~1', 'side~1', `${merge.slice(0, 8)}~1`]) {
    assert.equal(await resolveCommit(repo, ref), git(repo, 'rev-parse', `${ref}^{commit}`), ref);
  }
});

test('unknown refs fail with code unknown-commit and suggest a near branch or tag', async () => {
  await assert.rejects(resolveCommit(repo, 'mian'), (error: GitError) => {
    assert.ok(error instanceof GitError);
    assert.equal(error.code, 'unknown-commit');
    assert.match(error.message, /no commit, branch or tag 'mian'/);
    assert.equal(error.hint, "did you mean 'main'?");
    return true;
  });
  await assert.rejects(resolveCommit(repo, 'v1.O'), /unknown|no commit/);
  await assert.rejects(resolveCommit(repo, merge.slice(0, 3)), (error: GitError) => error.code === 'unknown-commit'
    && error.hint!.startsWith('an abbreviated sha needs at least 4 hex digits; '));
  await assert.rejects(resolveCommit(repo, 'v1.O'), (error: GitError) => error.hint === "did you mean 'v1.0'?");
  await assert.rejects(resolveCommit(repo, 'feature/logn'), (error: GitError) => error.hint === "did you mean 'feature/login'?");
  await assert.rejects(resolveCommit(repo, 'completely-different'), (error: GitError) =>
    error.hint === "branches and tags: 'feature/login', 'main', 'side', 'v1-light', 'v1.0', 'v1.0-of-tag'; or pass a commit sha");
  await assert.rejects(resolveCommit(repo, 'deadbeef'), (error: GitError) => error.code === 'unknown-commit');
});

test('walking past the first commit, bad syntax and path tricks are unknown-commit errors', async () => {
  await assert.rejects(resolveCommit(repo, `${first}~1`), (error: GitError) => error.code === 'unknown-commit' && /root commit/.test(error.message));
  await assert.rejects(resolveCommit(repo, 'HEAD^3'), (error: GitError) => error.code === 'unknown-commit' && /has 2 parents/.test(error.message));
  for (const bad of ['HEAD~x', '../../config', 'main..side', '', 'a b']) {
    await assert.rejects(resolveCommit(repo, bad), (error: GitError) => error.code === 'unknown-commit', bad);
  }
});

test('a tree or blob sha is not a commit', async () => {
  const tree = git(repo, 'rev-parse', 'HEAD^{tree}');
  await assert.rejects(resolveCommit(repo, tree), (error: GitError) => error.code === 'not-a-commit' && /names a tree/.test(error.message));
});

test('HEAD of a repository without commits says so', async () => {
  const empty = initRepo();
  await assert.rejects(resolveCommit(empty, 'HEAD'), (error: GitError) => error.code === 'unknown-commit' && /no commits yet/.test(error.message));
});

test('a repository with sha256 object ids is unsupported-repository, not a repository without commits', () => {
  const repo = tempDir('amp-dbt-git-');
  git(repo, 'init', '-q', '-b', 'main', '--object-format=sha256');
  writeTree(repo, { 'dbt_project.yml': 'name: p\n', 'models/a.sql': 'select 1 as n' });
  git(repo, 'add', '-A');
  git(repo, 'commit', '-qm', 'one');
  const compiled = runCli(['compile', '--commit', 'HEAD', '--project-dir', repo]);
  assert.equal(compiled.code, 1, compiled.stderr);
  assert.match(compiled.stderr, /^error\[unsupported-repository\] the git repository at .* uses sha256 object ids, which amp-dbt cannot read \(only git's default, sha1\)$/m);
  const ran = runCli(['run', '--project-dir', repo]);
  assert.equal(ran.code, 0, ran.stderr);
  assert.match(ran.stderr, /environment 'prod' not recorded \(its views stay in the warehouse\): HEAD could not be recorded: the git repository at .* uses sha256 object ids/);
});

test('an abbreviated sha matching several objects is ambiguous-commit, listing them', async () => {
  const many = initRepo();
  const files: Record<string, string> = {};
  for (let i = 0; i < 1500; i++) files[`f${i}.txt`] = `${i}\n`;
  commit(many, 'many files', files);
  const oids = git(many, 'rev-list', '--objects', '--all').split('\n').map((line) => line.slice(0, 40));
  const byPrefix = new Map<string, string[]>();
  for (const oid of oids) byPrefix.set(oid.slice(0, 4), [...(byPrefix.get(oid.slice(0, 4)) ?? []), oid]);
  const [prefix, shared] = [...byPrefix].find(([, list]) => list.length > 1)!;
  await assert.rejects(resolveCommit(many, prefix), (error: GitError) => {
    assert.equal(error.code, 'ambiguous-commit');
    for (const oid of shared) assert.ok(error.message.includes(oid.slice(0, 12)));
    assert.match(error.hint ?? '', /more hex digits/);
    return true;
  });
});

test('@{u} and BRANCH@{upstream} resolve to the upstream branch as git rev-parse does; without one, errors say why', async () => {
  const clone = tempDir('amp-dbt-git-');
  git(clone, 'clone', '-q', `file://${repo}`, '.');
  git(clone, 'checkout', '-q', '-b', 'topic', '--track', 'origin/side');
  commit(clone, 'ahead of its upstream');
  for (const ref of ['@{u}', '@{upstream}~1', 'topic@{u}', 'main@{U}^2', 'HEAD@{u}']) {
    assert.equal(await resolveCommit(clone, ref), git(clone, 'rev-parse', ref), ref);
  }
  git(clone, 'branch', '-q', 'local-tracking', '--track', 'main');
  assert.equal(await resolveCommit(clone, 'local-tracking@{u}'), merge, "remote '.': the local branch itself");
  git(clone, 'branch', '-q', 'untracked');
  await assert.rejects(resolveCommit(clone, 'untracked@{u}'), (error: GitError) => error.code === 'unknown-commit'
    && error.message === "'untracked@{u}': no upstream configured for branch 'untracked'" && /git branch --set-upstream-to=origin\/untracked untracked/.test(error.hint!));
  git(clone, 'checkout', '-q', '--detach');
  await assert.rejects(resolveCommit(clone, '@{u}'), (error: GitError) => error.code === 'unknown-commit' && /HEAD is detached/.test(error.message));
});

test('git syntax amp-dbt does not read (ranges, the reflog, searches) is named, with what to pass instead', async () => {
  await assert.rejects(resolveCommit(repo, 'main...side'), (error: GitError) => error.code === 'unknown-commit'
    && /^'main\.\.\.side' is a range of commits .*diff --base A --head B/.test(error.message) && !/rev-parse/.test(error.hint!));
  await assert.rejects(resolveCommit(repo, 'HEAD@{1}'), (error: GitError) => error.code === 'unknown-commit'
    && error.message === "'HEAD@{1}' reads the reflog (@{N}, @{-N}), which amp-dbt does not read"
    && error.hint === "amp-dbt reads shas, branches, tags and HEAD, with ~N, ^N or @{u}; pass the sha git names: $(git rev-parse --verify 'HEAD@{1}^{commit}')");
  await assert.rejects(resolveCommit(repo, ':/second'), (error: GitError) => /searches commit messages/.test(error.message));
});

test('a full sha git does not have is named as a commit that is gone, not as an unknown branch', async () => {
  const gone = 'ab'.repeat(20);
  await assert.rejects(resolveCommit(repo, gone), (error: GitError) => error.code === 'unknown-commit'
    && error.message.startsWith(`commit ${gone.slice(0, 12)} is not in the git repository at ${repo}: a rebase, amend or force-push`)
    && error.hint === `git fetch origin ${gone} fetches it if a remote still has it; git log --all --oneline lists the commits this clone has`);
});

test("a remote's branch the clone has not fetched, or has only as a remote branch, gets a hint saying how to reach it", async () => {
  const clone = tempDir('amp-dbt-git-');
  git(clone, 'clone', '-q', `file://${repo}`, '.');
  await assert.rejects(resolveCommit(clone, 'feature/login'), (error: GitError) =>
    error.hint === "did you mean 'origin/feature/login'? (this clone has no local branch 'feature/login'; git checkout feature/login would make one)");
  await assert.rejects(resolveCommit(clone, 'origin/release'), (error: GitError) => error.hint
    === "this clone has no remote-tracking branch 'origin/release' (a CI checkout fetches only the commit it builds): fetch it with git fetch origin +refs/heads/release:refs/remotes/origin/release");
  git(clone, 'remote', 'set-head', 'origin', '--delete');
  await assert.rejects(resolveCommit(clone, 'origin/HEAD'), (error: GitError) => error.hint
    === "this clone does not know the default branch of 'origin': git remote set-head origin --auto sets origin/HEAD, or name the branch (origin/main)");
  // A pull-request checkout (actions/checkout): one commit, fetched by sha into a ref of its own.
  const checkout = initRepo();
  git(checkout, 'remote', 'add', 'origin', `file://${repo}`);
  git(checkout, 'fetch', '-q', '--depth=1', 'origin', `+${merge}:refs/remotes/pull/1/merge`);
  git(checkout, 'checkout', '-q', '--detach', merge);
  // refs/remotes/pull/1/merge belongs to no configured remote (there is no remote 'pull'): a hint still names it.
  assert.equal(await resolveCommit(checkout, 'pull/1/merge'), merge);
  await assert.rejects(resolveCommit(checkout, 'pull/1/marge'), (error: GitError) => error.hint === "did you mean 'pull/1/merge'?");
  await assert.rejects(resolveCommit(checkout, 'zzz'), (error: GitError) => error.hint === "branches and tags: 'pull/1/merge'; or pass a commit sha");
  await assert.rejects(resolveCommit(checkout, 'origin/main'), (error: GitError) => error.hint
    === "this clone has no remote-tracking branch 'origin/main' (a CI checkout fetches only the commit it builds): fetch it with git fetch --depth=1 origin +refs/heads/main:refs/remotes/origin/main");
  git(checkout, 'fetch', '-q', '--depth=1', 'origin', '+refs/heads/main:refs/remotes/origin/main');
  assert.equal(await resolveCommit(checkout, 'origin/main'), merge, 'the fetch the hint gives makes it resolve');
});
