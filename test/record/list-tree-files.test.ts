import assert from 'node:assert/strict';
import { chmodSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { gitContext } from '../../core/git/git-context.js';
import { readTreeFiles } from '../../core/git/read-tree-files.js';
import { subtreeOf } from '../../core/git/subtree-of.js';
import { listTreeFiles } from '../../core/record/list-tree-files.js';
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

