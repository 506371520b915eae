import assert from 'node:assert/strict';
import { chmodSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { gitContext } from '../../core/git/git-context.js';
import { readTreeFiles } from './reference-tree-files.js';
import { subtreeOf } from '../../core/git/subtree-of.js';
import { changedTreeFiles, listTreeFiles } from '../../core/git/list-tree-files.js';
import { commit, git, initRepo } from '../git/git-test-repo.js';

async function both(repo: string, sha: string, subdir: string) {
  const ctx = gitContext(repo);
  const tree = (await subtreeOf(ctx, sha, subdir))!;
  const reference = new Map((await readTreeFiles(ctx, tree)).map((f) => [f.path, f.oid]));
  return { fast: await listTreeFiles(gitContext(repo), tree), reference };
}

test('listTreeFiles lists what readTreeFiles lists, loose and packed', async () => {
  const repo = initRepo();
  const files: Record<string, string> = {
    'p/dbt_project.yml': 'name: p\n',
    'p/models/a/b/c/deep.sql': 'select 1',
    'p/models/ünïcode name.sql': 'select 2',
    'p/node_modules/x/index.js': 'skipped',
    'p/.amp-dbt/state.db': 'skipped',
    'p/target/run.sql': 'skipped',
    'other/outside.sql': 'not in the project',
  };
  for (let i = 0; i < 40; i++) files[`p/models/m${i}.sql`] = `select ${i} as id, '${'x'.repeat(100)}' as pad`;
  const first = commit(repo, 'first', files);
  chmodSync(join(repo, 'p/models/m1.sql'), 0o755);
  symlinkSync('m2.sql', join(repo, 'p/models/link.sql'));
  const second = commit(repo, 'executable and link', { 'p/models/m3.sql': 'select 3' });
  for (const sha of [first, second]) {
    const { fast, reference } = await both(repo, sha, 'p');
    assert.deepEqual(fast, reference);
    assert.ok(fast.has('models/ünïcode name.sql'));
    assert.ok(!fast.has('models/link.sql') && !fast.has('node_modules/x/index.js') && !fast.has('target/run.sql'));
  }
  git(repo, 'gc', '-q', '--aggressive', '--prune=now');
  for (const sha of [first, second]) {
    const { fast, reference } = await both(repo, sha, 'p');
    assert.deepEqual(fast, reference);
    assert.equal(fast.get('models/m1.sql'), git(repo, 'rev-parse', `${sha}:p/models/m1.sql`));
  }
});


test('changedTreeFiles finds exactly what differs between two full listings, reading only differing folders', async () => {
  const repo = initRepo();
  const files: Record<string, string> = { 'p/dbt_project.yml': 'name: p\n', 'p/node_modules/x.js': 'skipped' };
  for (let i = 0; i < 30; i++) files[`p/models/f${i % 3}/m${i}.sql`] = `select ${i}`;
  const first = commit(repo, 'first', files);
  for (const gone of ['p/models/f1/m1.sql', 'p/dbt_project.yml']) rmSync(join(repo, gone));
  const second = commit(repo, 'edits', {
    'p/models/f0/m0.sql': 'select 100', 'p/models/f9/new.sql': 'select 9',
    'p/macros/m.sql': '{% macro m() %}1{% endmacro %}', 'p/node_modules/x.js': 'still skipped',
  });
  git(repo, 'gc', '-q', '--prune=now');
  const third = commit(repo, 'loose on packed', { 'p/models/f2/m2.sql': 'select 2 -- edited' });
  const ctx = gitContext(repo);
  for (const [from, to] of [[first, second], [second, third], [first, third], [third, first], [second, second]]) {
    const [a, b] = [(await subtreeOf(ctx, from, 'p'))!, (await subtreeOf(ctx, to, 'p'))!];
    const [before, after] = [await listTreeFiles(ctx, a), await listTreeFiles(ctx, b)];
    const expected = new Map<string, { before?: string; after?: string }>();
    for (const path of new Set([...before.keys(), ...after.keys()])) {
      if (before.get(path) !== after.get(path)) expected.set(path, { before: before.get(path), after: after.get(path) });
    }
    const found = await changedTreeFiles(ctx, a, b);
    assert.deepEqual(new Map([...found].sort()), new Map([...expected].sort()), `${from.slice(0, 7)}..${to.slice(0, 7)}`);
  }
  assert.deepEqual([...(await changedTreeFiles(ctx, null, (await subtreeOf(ctx, first, 'p'))!)).keys()].length, 31);
});
