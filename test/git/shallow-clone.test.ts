import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import type { GitError } from '../../core/git/git-error.js';
import { gitFileSource } from '../../core/git/git-file-source.js';
import { resolveCommit } from '../../core/git/resolve-commit.js';
import { runCli, tempDir } from '../helpers.js';
import { commit, git, initRepo } from './git-test-repo.js';

/** A repository with two commits and a clone of it with only the last (`git clone --depth 1`, as CI checks out). */
function shallowClone() {
  const origin = initRepo();
  const first = commit(origin, 'one', { 'p/dbt_project.yml': 'name: p\n', 'p/models/a.sql': 'select 1 as id' });
  const second = commit(origin, 'two', { 'p/models/a.sql': 'select 2 as id' });
  const clone = join(tempDir('amp-dbt-shallow-'), 'clone');
  git(origin, 'clone', '-q', '--depth', '1', `file://${origin}`, clone);
  return { origin, clone, first, second };
}

const missing = (sha: string) => (error: GitError) =>
  error.code === 'missing-git-object' && error.message.includes(sha.slice(0, 12)) && /shallow clone/.test(error.message)
  && /fetch-depth: 0/.test(error.hint ?? '');

test('in a shallow clone, a commit past the cut is reported as missing, with how to fetch it', async () => {
  const { clone, first, second } = shallowClone();
  assert.equal(await resolveCommit(clone, 'HEAD'), second);
  await assert.rejects(resolveCommit(clone, 'HEAD~1'), missing(first));
  // HEAD~2 is not HEAD~1: the error says the ref goes back through the missing commit.
  await assert.rejects(resolveCommit(clone, 'HEAD~2'), (error: GitError) => missing(first)(error) && error.message.startsWith(`'HEAD~2' goes back through commit ${first.slice(0, 12)}`));
  await assert.rejects(resolveCommit(clone, first), missing(first));
  await assert.rejects(gitFileSource(clone, first, 'p'), missing(first));
});

test('compile --commit HEAD~1 in a shallow clone fails with the missing commit and the hint, not an internal error', () => {
  const { clone, first } = shallowClone();
  const result = runCli(['compile', '--commit', 'HEAD~1', '--project-dir', join(clone, 'p')]);
  assert.equal(result.code, 1, result.stderr);
  assert.match(result.stderr, new RegExp(`error\\[missing-git-object\\] 'HEAD~1' is commit ${first.slice(0, 12)}`));
  assert.match(result.stderr, /git fetch --deepen/);
  assert.doesNotMatch(result.stderr, /internal error|\n\s+at /);
});

test('in a shallow clone, env create takes a recorded commit past the cut, or an environment, without reading git', () => {
  const { origin, clone, first } = shallowClone();
  const env = { AMP_DBT_STATE_URL: `sqlite:${join(tempDir('amp-dbt-shallow-state-'), 'state.db')}`, AMP_DBT_REPO: 'acme/p', NO_COLOR: '1' };
  // Where the history is whole (an earlier CI run), the first commit was recorded into the shared state database.
  const recorded = runCli(['state', 'record', '--commit', first, '--project-dir', join(origin, 'p')], { env });
  assert.equal(recorded.code, 0, recorded.stderr);
  const created = runCli(['env', 'create', 'old', '--commit', first, '--project-dir', join(clone, 'p'), '--json'], { env });
  assert.equal(created.code, 0, created.stderr);
  assert.equal(JSON.parse(created.stdout).environment.commit, first);
  const fromEnv = runCli(['env', 'create', 'copy', '--commit', 'old', '--project-dir', join(clone, 'p'), '--json'], { env });
  assert.equal(fromEnv.code, 0, fromEnv.stderr);
  assert.equal(JSON.parse(fromEnv.stdout).environment.commit, first);
});

test('in a partial clone (--filter=blob:none), a file git has not fetched is reported with how to have git fetch it', () => {
  const origin = initRepo();
  commit(origin, 'one', { 'p/dbt_project.yml': 'name: p\n', 'p/models/a.sql': 'select 1 as id' });
  commit(origin, 'two', { 'p/models/a.sql': 'select 2 as id' });
  git(origin, 'config', 'uploadpack.allowFilter', 'true');
  const clone = join(tempDir('amp-dbt-partial-'), 'clone');
  git(origin, 'clone', '-q', '--filter=blob:none', `file://${origin}`, clone);
  const failed = runCli(['compile', '--commit', 'HEAD~1', '--project-dir', join(clone, 'p')]);
  assert.equal(failed.code, 1, failed.stderr);
  assert.match(failed.stderr, /error\[missing-git-object\] object [0-9a-f]{12} is not in the git repository at .* \(a partial clone: git fetches the files it left out when a git command reads them, amp-dbt does not\)\n {2}hint: have git fetch the commit's files first: git archive <commit> > \/dev\/null/);
  assert.doesNotMatch(failed.stderr, /internal error|\n\s+at /);
  git(clone, 'archive', 'HEAD~1', '-o', join(tempDir(), 'out.tar'));
  const compiled = runCli(['compile', '--commit', 'HEAD~1', '--project-dir', join(clone, 'p')]);
  assert.equal(compiled.code, 0, compiled.stderr);
});
