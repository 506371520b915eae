import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir, writeTree } from '../helpers.js';
import { commit, git, initRepo } from '../git/git-test-repo.js';

const sub = 'fixtures/projects/shop';
const repo = initRepo({ 'README.md': 'a repository holding a project in a subfolder\n' });
const project = join(repo, sub);
const v1 = commit(repo, 'v1', {
  [`${sub}/dbt_project.yml`]: 'name: shop\n',
  [`${sub}/models/stg_orders.sql`]: 'select 1 as id',
  [`${sub}/models/old_totals.sql`]: "select count(*) as n from {{ ref('stg_orders') }}",
});
git(repo, 'tag', '-a', 'v1', '-m', 'first release');
git(repo, 'mv', `${sub}/models/old_totals.sql`, `${sub}/models/new_totals.sql`);
const v2 = commit(repo, 'v2', { [`${sub}/models/stg_customers.sql`]: 'select 2 as id' });
writeTree(project, { 'models/wip.sql': "select * from {{ ref('stg_customers') }}" });

const list = (...args: string[]) => runCli(['list', '--project-dir', project, ...args]);

test('list reads the working tree without --commit and an older commit with it', () => {
  assert.deepEqual(list().stdout.trim().split('\n').sort(), ['new_totals', 'stg_customers', 'stg_orders', 'wip']);
  for (const ref of ['HEAD~1', 'v1', v1, v1.slice(0, 8), 'main^']) {
    const result = list('--commit', ref);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, 'stg_orders\nold_totals\n', ref);
  }
  assert.deepEqual(list('--commit', 'main').stdout.trim().split('\n').sort(), ['new_totals', 'stg_customers', 'stg_orders']);
  assert.equal(list('--commit', v2, '--output', 'path', '--select', 'new_totals').stdout, 'models/new_totals.sql\n');
});

test('graph --commit shows the old models and edges', () => {
  const result = runCli(['graph', '--project-dir', project, '--format', 'json', '--commit', 'v1']);
  assert.equal(result.code, 0, result.stderr);
  const graph = JSON.parse(result.stdout);
  assert.deepEqual(graph.edges.map((e: { from: string; to: string }) => `${e.from}->${e.to}`), ['stg_orders->old_totals']);
  assert.match(runCli(['graph', '--project-dir', project, '--commit', 'HEAD~1']).stdout, /old_totals/);
});

test('compile --commit writes the old models under the working folder .amp-dbt/compiled/', () => {
  const result = runCli(['compile', '--project-dir', project, '--commit', 'HEAD~1']);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, new RegExp(`compiled 2 of 2 models at commit ${v1.slice(0, 12)}`));
  const compiled = readFileSync(join(project, '.amp-dbt', 'compiled', 'models', 'old_totals.sql'), 'utf8');
  assert.match(compiled, /count\(\*\)/);
  const json = JSON.parse(runCli(['compile', '--project-dir', project, '--commit', 'v1', '--json']).stdout);
  assert.equal(json.project.root, project);
  assert.deepEqual(json.models.map((m: { name: string }) => m.name), ['stg_orders', 'old_totals']);
});

test('--commit works from inside the project folder, and for a project deleted from the working tree', () => {
  assert.equal(runCli(['list', '--commit', 'v1'], { cwd: project }).stdout, 'stg_orders\nold_totals\n');
  const copy = initRepo();
  commit(copy, 'project', { 'p/dbt_project.yml': 'name: p\n', 'p/models/m.sql': 'select 1 as id' });
  rmSync(join(copy, 'p'), { recursive: true });
  assert.equal(runCli(['list', '--project-dir', join(copy, 'p'), '--commit', 'HEAD']).stdout, 'm\n');
});

test('an unknown ref is a clear error with a suggestion', () => {
  const result = list('--commit', 'v1.0');
  assert.equal(result.code, 1);
  assert.equal(result.stdout, '');
  assert.match(result.stderr, /error\[unknown-commit\] no commit, branch or tag 'v1\.0' in the git repository at /);
  assert.match(result.stderr, /hint: did you mean 'v1'\?/);
  assert.match(list('--commit', 'mian').stderr, /did you mean 'main'\?/);
  assert.match(list('--commit', 'release-2026').stderr, /hint: branches and tags: 'main', 'v1'; or pass a commit sha/);
});

test('a commit without the project reports the missing dbt_project.yml at that commit', () => {
  const empty = initRepo({ 'x.txt': 'x' });
  const sha = commit(empty, 'no project');
  const result = runCli(['list', '--project-dir', join(empty, 'proj'), '--commit', sha]);
  assert.equal(result.code, 1);
  assert.match(result.stderr, new RegExp(`no dbt_project.yml in proj at commit ${sha.slice(0, 12)}`));
});

test('--commit outside a git repository is a clear error', () => {
  const plain = writeTree(tempDir(), { 'dbt_project.yml': 'name: plain\n', 'models/m.sql': 'select 1 as id' });
  for (const name of ['list', 'graph', 'compile']) {
    const result = runCli([name, '--project-dir', plain, '--commit', 'HEAD']);
    assert.equal(result.code, 1, name);
    assert.match(result.stderr, /error\[not-a-git-repository\] cannot read commit 'HEAD': .* is not inside a git repository/);
    assert.match(result.stderr, /hint: leave out --commit/);
  }
  assert.equal(existsSync(join(plain, '.amp-dbt')), false);
});

test('the help of compile, list and graph documents --commit', () => {
  for (const name of ['compile', 'list', 'graph']) {
    assert.match(runCli([name, '--help']).stdout, /--commit REF\s+read the project as of a git commit, branch or tag \(no checkout\)/);
  }
});
