import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { commitInfo } from '../../core/git/commit-info.js';
import { gitFileSource } from '../../core/git/git-file-source.js';
import { resolveCommit } from '../../core/git/resolve-commit.js';
import { runCli, tempDir } from '../helpers.js';
import { commit, git, initRepo } from './git-test-repo.js';

/** A repository on `main` and a linked worktree (`git worktree add`) on branch `feature`, one commit ahead. */
function repoWithWorktree() {
  const main = initRepo();
  const base = commit(main, 'project', {
    'p/dbt_project.yml': 'name: p\n',
    'p/models/a.sql': 'select 1 as id',
    'p/models/b.sql': "select id from {{ ref('a') }}",
  });
  git(main, 'remote', 'add', 'origin', 'https://github.com/acme/shop.git');
  const worktree = join(tempDir('amp-dbt-worktree-'), 'wt');
  git(main, 'worktree', 'add', '-q', '-b', 'feature', worktree);
  const ahead = commit(worktree, 'edit a', { 'p/models/a.sql': 'select 2 as id' });
  return { main, worktree, base, ahead };
}

test('a linked worktree (a .git file) reads its own HEAD and the shared objects and refs, loose and packed', async () => {
  const { main, worktree, base, ahead } = repoWithWorktree();
  for (const packed of [false, true]) {
    if (packed) git(main, 'gc', '-q', '--prune=now');
    assert.equal(await resolveCommit(worktree, 'HEAD'), ahead, `HEAD (packed: ${packed})`);
    assert.equal(await resolveCommit(worktree, 'HEAD~1'), base);
    assert.equal(await resolveCommit(worktree, 'main'), base);
    assert.equal(await resolveCommit(main, 'HEAD'), base, 'the main worktree keeps its own HEAD');
    assert.deepEqual((await commitInfo(worktree, ahead)).parents, [base]);
    const files = await gitFileSource(worktree, ahead, 'p');
    assert.equal(files.read('models/a.sql'), 'select 2 as id');
  }
});

test('state record in a linked worktree records its HEAD under the repository key of the origin remote (and the project folder)', () => {
  const { worktree, ahead } = repoWithWorktree();
  const result = runCli(['state', 'record', '--json', '--project-dir', join(worktree, 'p')], { env: { AMP_DBT_REPO: '' } });
  assert.equal(result.code, 0, result.stderr);
  const out = JSON.parse(result.stdout) as { commit: string; repo: string; recorded: boolean };
  assert.equal(out.commit, ahead);
  assert.equal(out.repo, 'acme/shop/p', 'the project folder p follows the repository key');
  assert.equal(out.recorded, true);
});

test('without an origin remote, a linked worktree files its state under the main repository path, as the main worktree does', async () => {
  const { repositoryPath } = await import('../../core/git/repository-path.js');
  const { repositoryId } = await import('../../core/git/repository-id.js');
  const { main, worktree } = repoWithWorktree();
  git(main, 'remote', 'remove', 'origin');
  assert.equal(repositoryPath(worktree), main);
  assert.equal(repositoryPath(main), main);
  assert.equal(await repositoryId(worktree), main);
  const keys = [main, worktree].map((dir) => {
    const result = runCli(['state', 'record', '--json', '--project-dir', join(dir, 'p')], { env: { AMP_DBT_REPO: '' } });
    assert.equal(result.code, 0, result.stderr);
    return (JSON.parse(result.stdout) as { repo: string }).repo;
  });
  assert.deepEqual(keys, [`${main}/p`, `${main}/p`]);
});

test('GIT_DIR (a bare repository checked out into another folder) is read as git reads it: the current folder or GIT_WORK_TREE is its working tree', () => {
  const { main, base } = repoWithWorktree();
  const bare = join(tempDir('amp-dbt-bare-'), 'shop.git');
  git(main, 'clone', '-q', '--bare', main, bare);
  const checkout = tempDir('amp-dbt-checkout-');
  git(checkout, '--git-dir', bare, '--work-tree', checkout, 'checkout', '-q', '-f', 'main');
  const project = join(checkout, 'p');
  const env = { AMP_DBT_REPO: 'acme/shop', AMP_DBT_STATE_URL: '', GIT_DIR: bare, GIT_WORK_TREE: '' };
  const outside = runCli(['state', 'record', '--json'], { cwd: project, env: { ...env, GIT_DIR: '' } });
  assert.equal(JSON.parse(outside.stdout).error.code, 'not-a-git-repository', 'without GIT_DIR the checkout has no .git, as git says too');
  // As `GIT_DIR=... git` run from the checkout's top folder (git's working tree without GIT_WORK_TREE).
  const recorded = runCli(['state', 'record', '--json', '--project-dir', 'p'], { cwd: checkout, env });
  assert.equal(recorded.code, 0, recorded.stderr);
  assert.equal(JSON.parse(recorded.stdout).commit, base);
  // From anywhere else, GIT_WORK_TREE names the working tree.
  const listed = runCli(['list', '--commit', 'main', '--project-dir', project], { env: { ...env, GIT_WORK_TREE: checkout } });
  assert.equal(listed.code, 0, listed.stderr);
  assert.deepEqual(listed.stdout.trim().split('\n'), ['a', 'b']);
});

test("env list in a linked worktree with no environments says its state database is its own, and where the main worktree's is", () => {
  const { main, worktree, base } = repoWithWorktree();
  const env = { AMP_DBT_REPO: '', AMP_DBT_STATE_URL: '' };
  const inMain = runCli(['env', 'create', 'prod', '--commit', base, '--project-dir', join(main, 'p')], { env });
  assert.equal(inMain.code, 0, inMain.stderr);
  const listed = runCli(['env', 'list', '--project-dir', join(worktree, 'p')], { env });
  assert.equal(listed.code, 0, listed.stderr);
  const [own, mains] = [join(worktree, 'p', '.amp-dbt', 'state.db'), join(main, 'p', '.amp-dbt', 'state.db')];
  assert.equal(listed.stderr, `no environments in acme/shop/p for target 'dev' yet: amp-dbt env create NAME --commit REF --project-dir ${join(worktree, 'p')}\n`
    + `  this linked worktree of ${main} has a state database of its own, ${own}; the main worktree's is ${mains} (AMP_DBT_STATE_URL=sqlite:${mains} uses it)\n`);
  const shared = runCli(['env', 'list', '--project-dir', join(worktree, 'p')], { env: { ...env, AMP_DBT_STATE_URL: `sqlite:${mains}` } });
  assert.match(shared.stdout, new RegExp(`^prod\\t${base.slice(0, 12)}\\t`), 'the main worktree\'s environments, under the same repository key');
  const other = runCli(['env', 'list', '--project-dir', join(main, 'p')], { env: { ...env, AMP_DBT_REPO: 'acme/none' } });
  assert.match(other.stderr, new RegExp(`^ {2}the state database: ${mains}$`, 'm'), 'elsewhere the message names the database read');
});

test("in a linked worktree with a state database of its own, an environment not found there and plan's new environment say where the main worktree's database is", () => {
  const { main, worktree, base } = repoWithWorktree();
  const env = { AMP_DBT_REPO: '', AMP_DBT_STATE_URL: '' };
  assert.equal(runCli(['env', 'create', 'prod', '--commit', base, '--project-dir', join(main, 'p')], { env }).code, 0);
  const project = join(worktree, 'p');
  const [own, mains] = [join(project, '.amp-dbt', 'state.db'), join(main, 'p', '.amp-dbt', 'state.db')];
  const note = `this linked worktree of ${main} has a state database of its own, ${own}; the main worktree's is ${mains} (AMP_DBT_STATE_URL=sqlite:${mains} uses it)`;
  for (const command of [['env', 'show', 'prod'], ['env', 'rollback', 'prod'], ['env', 'promote', 'prod', 'staging'], ['env', 'rollback', 'prod', '--to', base]]) {
    const shown = runCli([...command, '--project-dir', project], { env });
    assert.equal(shown.code, 1, command.join(' '));
    assert.match(shown.stderr, /^error\[environment-not-found\] environment 'prod' of acme\/shop\/p \(target 'dev'\) does not exist\n {2}hint: build it: amp-dbt run --env prod .*; or point it at a commit: amp-dbt env create prod/, command.join(' '));
    assert.ok(shown.stderr.trimEnd().endsWith(`; ${note}`), `${command.join(' ')}: ${shown.stderr}`);
  }
  const json = JSON.parse(runCli(['env', 'show', 'prod', '--json', '--project-dir', project], { env }).stdout);
  assert.ok(json.error.hint.endsWith(`; ${note}`), 'in --json too');
  const planned = runCli(['plan', '--env', 'prod', '--project-dir', project], { env });
  assert.equal(planned.code, 0, planned.stderr);
  assert.ok(planned.stderr.includes(`warning: environment 'prod' does not exist in this state database, so it is planned as new: ${note}\n`), planned.stderr);
  // A ref read as an environment or a commit (diff, plan --commit, env create --commit): git's unknown-commit, with the note.
  for (const command of [['diff', '--base', 'prod'], ['plan', '--env', 'staging', '--commit', 'prod'], ['env', 'create', 'staging', '--commit', 'prod']]) {
    const unknown = runCli([...command, '--project-dir', project], { env });
    assert.equal(unknown.code, 1, command.join(' '));
    assert.match(unknown.stderr, /^error\[unknown-commit\] .*'prod'/, command.join(' '));
    assert.ok(unknown.stderr.trimEnd().endsWith(note), `${command.join(' ')}: ${unknown.stderr}`);
    const asJson = JSON.parse(runCli([...command, '--json', '--project-dir', project], { env }).stdout);
    assert.equal(asJson.error.code, 'unknown-commit');
    assert.ok(asJson.error.hint.endsWith(note), `${command.join(' ')} --json: ${asJson.error.hint}`);
  }
  assert.doesNotMatch(runCli(['diff', '--base', 'nope', '--project-dir', join(main, 'p')], { env }).stderr, /linked worktree/, 'the main worktree has no note');
  const inMain = runCli(['env', 'show', 'nope', '--project-dir', join(main, 'p')], { env });
  assert.doesNotMatch(inMain.stderr, /linked worktree/, 'the main worktree has no note');
  const shared = runCli(['plan', '--env', 'staging', '--project-dir', project], { env: { ...env, AMP_DBT_STATE_URL: `sqlite:${mains}` } });
  assert.doesNotMatch(shared.stderr, /linked worktree/, 'nor a worktree reading the main database');
});
