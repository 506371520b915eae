import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { openStateStore } from '../../core/state/open-state-store.js';
import { commit, git, initRepo } from '../git/git-test-repo.js';
import { runCli, tempDir } from '../helpers.js';

const env = { AMP_DBT_REPO: 'acme/shop', AMP_DBT_ACTOR: 'tester', AMP_DBT_STATE_URL: '' };
const project = initRepo({ '.gitignore': '.amp-dbt/\n' });
const v1 = commit(project, 'v1', {
  'dbt_project.yml': 'name: shop\n',
  'models/orders.sql': 'select 1 as id',
  'models/totals.sql': "select count(*) as n from {{ ref('orders') }}",
});
const v2 = commit(project, 'v2', { 'models/orders.sql': 'select 2 as id' });
const cli = (...args: string[]) => runCli(['env', ...args], { cwd: project, env });
const json = (...args: string[]) => {
  const result = cli(...args, '--json');
  return { code: result.code, stderr: result.stderr, body: JSON.parse(result.stdout) };
};
const error = (...args: string[]) => {
  const { code, body, stderr } = json(...args);
  assert.equal(code, 1, stderr);
  return body.error as { code: string; message: string; hint: string | null };
};

test('create records the commit first when needed, then writes the environment', () => {
  const prod = json('create', 'prod', '--commit', 'HEAD~1');
  assert.equal(prod.code, 0, prod.stderr);
  assert.equal(prod.body.repo, 'acme/shop');
  assert.deepEqual({ ...prod.body.environment, createdAt: 'x', updatedAt: 'x' }, { name: 'prod', commit: v1, createdAt: 'x', updatedAt: 'x', updatedBy: 'tester' });
  assert.deepEqual([prod.body.recording.commit, prod.body.recording.recorded, prod.body.recording.mode], [v1, true, 'full']);
  const pr = json('create', 'pr-7');
  assert.deepEqual([pr.body.environment.commit, pr.body.recording.mode, pr.body.recording.rendered], [v2, 'incremental', 1]);
  const again = json('create', 'dev-alice', '--commit', v2.slice(0, 8));
  assert.deepEqual([again.body.environment.commit, again.body.recording], [v2, null]);
  assert.match(cli('create', 'dev-bob', '--commit', v1).stderr, /^created environment dev-bob at [0-9a-f]{12}\n$/);
});

test('list and show', () => {
  const list = json('list').body;
  assert.deepEqual(list.environments.map((e: { name: string; commit: string }) => `${e.name}@${e.commit.slice(0, 7)}`),
    [`dev-alice@${v2.slice(0, 7)}`, `dev-bob@${v1.slice(0, 7)}`, `pr-7@${v2.slice(0, 7)}`, `prod@${v1.slice(0, 7)}`]);
  const show = json('show', 'prod').body;
  assert.deepEqual([show.repo, show.name, show.commit, show.recorded, show.lastMove.reason, show.lastMove.from, show.lock], ['acme/shop', 'prod', v1, true, 'create', null, null]);
  assert.match(cli('show', 'prod').stdout, new RegExp(`^prod: ${v1} \\(recorded\\)\\n {2}created .*; moved .* by tester \\(create\\)\\n$`));
});

test('promote moves TO to FROM\'s commit; rollback moves it back; history lists every move', () => {
  const promoted = json('promote', 'pr-7', 'prod');
  assert.equal(promoted.code, 0, promoted.stderr);
  assert.deepEqual([promoted.body.from, promoted.body.environment.name, promoted.body.environment.commit, promoted.body.previous, promoted.body.moved],
    ['pr-7', 'prod', v2, v1, true]);
  assert.deepEqual([promoted.body.move.reason, promoted.body.move.from, promoted.body.move.to, promoted.body.move.actor], ['promote', v1, v2, 'tester']);
  assert.equal(json('promote', 'pr-7', 'prod').body.moved, false);
  assert.match(cli('promote', 'pr-7', 'prod').stderr, /prod already points at [0-9a-f]{12}: nothing to do/);

  const back = json('rollback', 'prod').body;
  assert.deepEqual([back.environment.commit, back.previous, back.move.reason], [v1, v2, 'rollback']);
  const forth = json('rollback', 'prod').body;
  assert.deepEqual([forth.environment.commit, forth.previous], [v2, v1]);
  const to = json('rollback', 'prod', '--to', 'HEAD~1').body;
  assert.deepEqual([to.environment.commit, to.previous, to.moved], [v1, v2, true]);

  const history = json('history', 'prod').body;
  assert.equal(history.environment, 'prod');
  assert.deepEqual(history.moves.map((m: { reason: string; from: string | null; to: string }) => [m.reason, m.from?.slice(0, 7) ?? null, m.to.slice(0, 7)]), [
    ['rollback', v2.slice(0, 7), v1.slice(0, 7)],
    ['rollback', v1.slice(0, 7), v2.slice(0, 7)],
    ['rollback', v2.slice(0, 7), v1.slice(0, 7)],
    ['promote', v1.slice(0, 7), v2.slice(0, 7)],
    ['create', null, v1.slice(0, 7)],
  ]);
  assert.match(cli('history', 'prod').stdout.split('\n')[4], /\tcreate\t\(new\) -> [0-9a-f]{12}\ttester$/);
});

test('promote --expect is a compare-and-swap: a moved pointer is a stale plan', () => {
  const stale = error('promote', 'pr-7', 'prod', '--expect', v2.slice(0, 10));
  assert.equal(stale.code, 'stale-plan');
  assert.match(stale.message, new RegExp(`environment 'prod' of acme/shop \\(target 'dev'\\) points at ${v1.slice(0, 12)}, but the plan expected ${v2.slice(0, 10)}`));
  assert.equal(stale.hint, 'plan again (amp-dbt plan --env prod --commit pr-7) and apply the new plan (its "from" is where prod points now)');
  const branch = cli('promote', 'pr-7', 'prod', '--expect', 'main');
  assert.equal(branch.code, 2, 'a branch name is not a plan\'s commit');
  assert.match(branch.stderr, /--expect takes the commit sha prod pointed at when the plan was made/);
  const applied = json('promote', 'pr-7', 'prod', '--expect', v1.slice(0, 10));
  assert.deepEqual([applied.code, applied.body.environment.commit], [0, v2]);
});

test('a held environment lock refuses promote, rollback and delete (lock-held)', async () => {
  const store = await openStateStore({ type: 'sqlite', path: join(project, '.amp-dbt', 'state.db') });
  try {
    const lease = await store.acquireLock('acme/shop#dev', 'environment:prod', 'deploy #41', 60_000);
    for (const args of [['promote', 'dev-bob', 'prod', '--expect', v2], ['rollback', 'prod'], ['rollback', 'prod', '--to', v1], ['delete', 'prod', '--force']]) {
      const held = error(...args);
      assert.equal(held.code, 'lock-held', args.join(' '));
      assert.match(held.message, /lock 'environment:prod' of acme\/shop \(target 'dev'\) is held by deploy #41 \(token \d+\)/);
      assert.equal(held.hint, 'wait for the other deploy to finish, or for the lease to expire if its holder died; '
        + 'to see who holds it now and until when (a live run renews its lease every 20 s): amp-dbt env show prod', args.join(' '));
    }
    // The command the hint names acts on the same target: it carries --target, as every hint's command does.
    const text = cli('rollback', 'prod', '--target', 'dev');
    assert.match(text.stderr, /^error\[lock-held\] lock 'environment:prod' of acme\/shop \(target 'dev'\) is held by deploy #41 .*\n {2}hint: wait for the other deploy to finish, or for the lease to expire if its holder died; to see who holds it now and until when \(a live run renews its lease every 20 s\): amp-dbt env show prod --target dev\n$/);
    const shown = cli('show', 'prod', '--target', 'dev');
    assert.match(shown.stdout, /^ {2}locked by deploy #41 until \S+$/m, 'env show names the holder the hint sends to');
    await store.releaseLock('acme/shop#dev', lease.name, lease.token);
  } finally {
    await store.close();
  }
  assert.equal(json('rollback', 'prod').code, 0);
});

test('unknown environments get a did-you-mean; taken and invalid names are refused', () => {
  const unknown = error('show', 'prd');
  assert.deepEqual([unknown.code, unknown.message, unknown.hint], ['environment-not-found', "environment 'prd' of acme/shop (target 'dev') does not exist", "did you mean 'prod'?"]);
  assert.equal(error('promote', 'pr-8', 'prod').hint, "did you mean 'pr-7'?");
  assert.match(error('history', 'staging').hint ?? '', /^environments of acme\/shop \(target 'dev'\): dev-alice, dev-bob, pr-7, prod$/);
  const text = cli('show', 'prd');
  assert.equal(text.code, 1);
  assert.match(text.stderr, /error\[environment-not-found\] environment 'prd' of acme\/shop \(target 'dev'\) does not exist\n {2}hint: did you mean 'prod'\?/);
  assert.equal(error('create', 'prod').code, 'environment-exists');
  assert.equal(error('create', 'no spaces').code, 'invalid-environment-name');
  const clash = error('create', 'PROD');
  assert.deepEqual([clash.code, clash.message], ['environment-name-clash', "environment 'PROD' differs from the existing 'prod' of acme/shop (target 'dev') only in letter case"]);
  assert.match(clash.hint ?? '', /use 'prod'/);
  for (const name of ['HEAD', 'head', 'FETCH_HEAD']) {
    const git = error('create', name);
    assert.deepEqual([git.code, git.message], ['invalid-environment-name', `'${name}' cannot name an environment: it is git's name for a commit`]);
  }
  assert.equal(error('rollback', 'dev-bob').code, 'nothing-to-roll-back');
  // --commit and --to take a ref or an environment: a typo of an environment's name is told so.
  for (const args of [['create', 'x', '--commit', 'prdo'], ['rollback', 'prod', '--to', 'prdo']]) {
    const typo = error(...args);
    assert.deepEqual([typo.code, typo.hint], ['unknown-commit', "did you mean 'prod'?"], args.join(' '));
    assert.match(typo.message, /^no environment named 'prdo', and no commit, branch or tag 'prdo'/);
  }
});

test('env list of a repository key with no environments names the keys this database has them under', () => {
  const other = runCli(['env', 'list'], { cwd: project, env: { ...env, AMP_DBT_REPO: 'acme/moved' } });
  assert.equal(other.code, 0);
  assert.match(other.stderr, /no environments in acme\/moved for target 'dev' yet/);
  assert.match(other.stderr, /this state database has environments of acme\/shop: if one of them is this repository, set AMP_DBT_REPO to it/);
});

test('an environment is not created at a commit whose project has errors', () => {
  const bad = commit(project, 'bad', { 'models/broken.sql': "select * from {{ ref('nope') }}" });
  const result = json('create', 'pr-9');
  assert.equal(result.code, 1);
  assert.deepEqual([result.body.environment, result.body.recording.commit, result.body.recording.errors[0].code], [null, bad, 'unknown-ref']);
  assert.equal(result.stderr, '', 'with --json, the errors (and that the commit was not recorded) are in the JSON only');
  assert.match(cli('create', 'pr-9').stderr, /was not recorded: the project has errors\n.*error\[unknown-ref\]/);
  assert.equal(error('show', 'pr-9').code, 'environment-not-found');
});

test('delete removes the environment and its history; prod only with --force', () => {
  const refused = error('delete', 'prod');
  assert.deepEqual([refused.code, refused.hint], ['production-environment', 'if that is what you want: amp-dbt env delete prod --force']);
  // The command a hint suggests repeats the options that chose the project, in the JSON as on stderr.
  const elsewhere = runCli(['env', 'delete', 'prod', '--json', '--project-dir', project], { env });
  assert.equal(JSON.parse(elsewhere.stdout).error.hint, `if that is what you want: amp-dbt env delete prod --force --project-dir ${project}`);
  assert.equal(json('show', 'prod').code, 0, 'prod is still there');
  assert.match(cli('show', 'prod', '--force').stderr, /--force applies to delete only/);
  const deleted = json('delete', 'dev-bob');
  assert.deepEqual([deleted.code, deleted.body.deleted.name], [0, 'dev-bob']);
  assert.equal(error('history', 'dev-bob').code, 'environment-not-found');
  assert.equal(json('list').body.environments.length, 3);
});

test('usage errors and help', () => {
  assert.equal(cli().code, 2);
  assert.match(cli('promote', 'a').stderr, /promote takes FROM TO/);
  assert.match(cli('show', 'prod', '--to', 'HEAD').stderr, /--to applies to rollback only/);
  assert.equal(error('rollback', 'nope', '--to', 'HEAD').code, 'environment-not-found');
  assert.match(cli('lst').stderr, /unknown subcommand 'lst' \(one of: list, show, create, promote, rollback, history, delete\)/);
  const help = runCli(['env', '--help']).stdout;
  assert.ok(help.startsWith(`Usage: amp-dbt env list [--json]
       amp-dbt env show NAME [--json]
       amp-dbt env create NAME [--commit REF|ENV] [--full] [--json]
       amp-dbt env promote FROM TO [--expect SHA] [--from-commit SHA] [--json]
       amp-dbt env rollback NAME [--to REF|ENV] [--full] [--json]
       amp-dbt env history NAME [--json]
       amp-dbt env delete NAME [--force] [--json]
`), help);
  for (const line of ['list ', 'show NAME', 'create NAME', 'promote FROM TO', 'rollback NAME', 'history NAME', 'delete NAME', '--commit REF', '--to REF', '--expect SHA', '--from-commit SHA', '--force', '--json']) {
    assert.ok(help.includes(`  ${line}`), line);
  }
  assert.match(runCli(['env', 'promote', '--help']).stdout, /^Usage: amp-dbt env promote FROM TO \[--expect SHA\] \[--from-commit SHA\] \[--json\]\n\n/, "a subcommand's own help");
});

test('promote --from-commit pins the commit promoted: a FROM that moved since the plan is a stale plan', () => {
  assert.equal(json('create', 'pr-10', '--commit', v1).code, 0);
  assert.equal(json('create', 'staging', '--commit', v2).code, 0);
  const plan = JSON.parse(runCli(['plan', '--env', 'staging', '--commit', 'pr-10', '--json'], { cwd: project, env }).stdout);
  assert.deepEqual([plan.from, plan.to], [v2, v1], "the plan's from (staging's commit) and to (pr-10's)");
  assert.equal(json('promote', 'pr-7', 'pr-10').code, 0, 'pr-10 moves on after the plan');
  const stale = error('promote', 'pr-10', 'staging', '--expect', plan.from, '--from-commit', plan.to.slice(0, 10));
  assert.equal(stale.code, 'stale-plan');
  assert.match(stale.message, new RegExp(`^environment 'pr-10' of acme/shop \\(target 'dev'\\) points at ${v2.slice(0, 12)}, but the plan expected ${v1.slice(0, 10)}: it moved since the plan was made$`));
  assert.equal(stale.hint, `plan again (amp-dbt plan --env staging --commit pr-10) and promote the commit it shows, or promote ${v2.slice(0, 12)} knowingly: --from-commit ${v2.slice(0, 12)}`);
  assert.equal(json('show', 'staging').body.commit, v2, 'staging did not move');
  const text = cli('promote', 'pr-10', 'staging', '--from-commit', plan.to);
  assert.equal(text.code, 1, 'the exit code of a stale plan');
  assert.match(text.stderr, /error\[stale-plan\] environment 'pr-10' /);
  assert.equal(json('rollback', 'pr-10').body.environment.commit, v1);
  const applied = json('promote', 'pr-10', 'staging', '--expect', plan.from, '--from-commit', plan.to.slice(0, 10));
  assert.deepEqual([applied.code, applied.body.environment.commit, applied.body.previous], [0, v1, v2]);
  const branch = cli('promote', 'pr-10', 'staging', '--from-commit', 'main');
  assert.equal(branch.code, 2, "a branch name is not a plan's commit");
  assert.match(branch.stderr, /--from-commit takes the commit sha pr-10 pointed at when the plan was made \(the "to" of 'amp-dbt plan --env staging --commit pr-10 --json'\)/);
  assert.match(cli('create', 'pr-11', '--from-commit', v1).stderr, /--from-commit applies to promote only/);
});

test('a plan of an environment that does not exist yet is applied with env create: promote and --expect null say so', () => {
  const plan = JSON.parse(runCli(['plan', '--env', 'qa-new', '--commit', 'pr-7', '--json'], { cwd: project, env }).stdout);
  assert.deepEqual([plan.exists, plan.from], [false, null]);
  const missing = error('promote', 'pr-7', 'qa-new', '--from-commit', plan.to);
  assert.equal(missing.code, 'environment-not-found');
  assert.equal(missing.hint, `promote moves an environment that exists; to make 'qa-new' at the commit promoted (a plan of a new environment, "exists": false): amp-dbt env create qa-new --commit ${plan.to.slice(0, 12)}`);
  const nullExpect = cli('promote', 'pr-7', 'qa-new', '--expect', 'null');
  assert.equal(nullExpect.code, 2);
  assert.match(nullExpect.stderr, /a plan of an environment that does not exist yet \("from": null\) is applied with 'amp-dbt env create qa-new --commit <its "to">'/);
  assert.match(error('promote', 'pr-7', 'prdo').hint ?? '', /^did you mean 'prod'\?$/, 'a typo still gets its did-you-mean');
  assert.equal(json('show', 'qa-new').code, 1, 'nothing was created');
});

test('with --json, an error written in a file carries its location (profiles.yml:line:column)', () => {
  const dir = initRepo({
    'dbt_project.yml': 'name: shop\n',
    'models/orders.sql': 'select 1 as id',
    'profiles.yml': 'shop:\n  target: dev\n  state:\n    type: postgres\n    url: "${AMP_DBT_TEST_NOPE_URL}"\n  outputs:\n    dev:\n      type: duckdb\n',
  });
  const result = runCli(['env', 'list', '--json'], { cwd: dir, env });
  assert.equal(result.code, 1);
  const { error: failure } = JSON.parse(result.stdout) as { error: { code: string; location: unknown } };
  assert.deepEqual([failure.code, failure.location], ['missing-env-var', { file: 'profiles.yml', line: 5, column: 10 }]);
});

test('an environment named as a tag or branch warns that the name now means the environment where a REF may be one', () => {
  git(project, 'tag', 'release-1', v1);
  const created = cli('create', 'release-1', '--commit', v2);
  assert.equal(created.code, 0, created.stderr);
  assert.match(created.stderr, /^warning: environment 'release-1' has the name of a tag: .*'release-1' now means the environment; name the tag as refs\/tags\/release-1$/m);
  // The tag stays reachable by its full name.
  assert.equal(json('create', 'from-tag', '--commit', 'refs/tags/release-1').body.environment.commit, v1);
  assert.equal(json('create', 'from-env', '--commit', 'release-1').body.environment.commit, v2);
  assert.doesNotMatch(cli('create', 'plain-name', '--commit', v1).stderr, /warning/);
});

test('in a shallow clone lacking a recorded commit, create and rollback --to take its sha abbreviated too (read from the state database)', () => {
  const shared = { ...env, AMP_DBT_STATE_URL: `sqlite://${join(project, '.amp-dbt', 'state.db')}` };
  assert.equal(json('create', 'shallow-base', '--commit', v1).code, 0, 'v1 is recorded');
  const clone = tempDir('amp-dbt-git-');
  git(clone, 'clone', '-q', '--depth', '1', `file://${project}`, '.');
  assert.throws(() => git(clone, 'cat-file', '-e', v1), 'the clone lacks v1');
  const inClone = (...args: string[]) => runCli(['env', ...args, '--json'], { cwd: clone, env: shared });
  const created = inClone('create', 'from-short-sha', '--commit', v1.slice(0, 9));
  assert.equal(created.code, 0, created.stderr);
  assert.deepEqual([JSON.parse(created.stdout).environment.commit, JSON.parse(created.stdout).recording], [v1, null]);
  assert.equal(inClone('create', 'moved', '--commit', v2).code, 0);
  const rolled = inClone('rollback', 'moved', '--to', v1.slice(0, 7));
  assert.equal(rolled.code, 0, rolled.stderr);
  assert.equal(JSON.parse(rolled.stdout).environment.commit, v1);
  // Neither git nor the state database knows it: unknown-commit, as before.
  assert.equal(JSON.parse(inClone('create', 'nowhere', '--commit', 'abcdef1234').stdout).error.code, 'unknown-commit');
});
