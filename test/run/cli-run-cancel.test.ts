import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { commit, initRepo } from '../git/git-test-repo.js';
import { cliPath } from '../helpers.js';
import { env, runJson } from './run-project.js';

test('Ctrl-C cancels a run: running models finish, no further one starts, the lock is released', async () => {
  const dir = initRepo();
  commit(dir, 'slow', {
    '.gitignore': '.amp-dbt/\n',
    'dbt_project.yml': 'name: slow\n',
    'models/slow.sql': "{{ config(materialized='table') }}\nselect sum(i) as total from range(3000000000) t(i)",
    'models/after_slow.sql': "select total from {{ ref('slow') }}",
  });
  const child = spawn(process.execPath, [cliPath, 'run', '--threads', '1'], { cwd: dir, env: { ...process.env, NO_COLOR: '1', ...env } });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    if (stderr.includes('running 2 models') && !child.killed) setTimeout(() => child.kill('SIGINT'), 300);
  });
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  assert.equal(code, 130, stderr);
  assert.match(stderr, /cancelling: no further model starts/);
  assert.match(stderr, /SKIP\s+after_slow \(view\)\n\s+cancelled before it started/);
  assert.match(stderr, /run 1 cancelled/);
  const again = runJson(dir);
  assert.equal(again.code, 0, again.stderr);
  assert.deepEqual(again.body.models.map((m: { model: string; status: string }) => `${m.model}:${m.status}`), ['slow:reused', 'after_slow:success']);
});
