import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { commit, initRepo } from '../git/git-test-repo.js';
import { openStateStore } from '../../core/state/open-state-store.js';
import { cliPath } from '../helpers.js';
import { amp, env, rows, runJson, STATE_KEY } from './run-project.js';

/** `amp-dbt run` of a committed project with `models`, sent SIGINT `after` each delay (ms) once it says it runs. */
async function interruptedRun(models: Record<string, string>, after: number[]): Promise<{ dir: string; code: number | null; stderr: string }> {
  const dir = initRepo();
  commit(dir, 'slow', { '.gitignore': '.amp-dbt/\n', 'dbt_project.yml': 'name: slow\n', ...models });
  const child = spawn(process.execPath, [cliPath, 'run', '--threads', '1'], { cwd: dir, env: { ...process.env, NO_COLOR: '1', ...env } });
  let stderr = '';
  let started = false;
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    if (started || !/running \d+ models/.test(stderr)) return;
    started = true;
    for (const ms of after) setTimeout(() => child.kill('SIGINT'), ms);
  });
  // A run that does not quit is killed, and the test fails on its exit code (null) instead of waiting.
  const deadline = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  clearTimeout(deadline);
  return { dir, code, stderr };
}

test('Ctrl-C cancels a run: running models finish, no further one starts, the lock is released', async () => {
  const { dir, code, stderr } = await interruptedRun({
    'models/slow.sql': "{{ config(materialized='table') }}\nselect sum(i) as total from range(3000000000) t(i)",
    'models/after_slow.sql': "select total from {{ ref('slow') }}",
  }, [300]);
  assert.equal(code, 130, stderr);
  assert.match(stderr, /cancelling: no further model starts/);
  assert.match(stderr, /SKIP\s+after_slow \(view\)\n\s+cancelled before it started/);
  assert.match(stderr, /run 1 cancelled/);
  const again = runJson(dir);
  assert.equal(again.code, 0, again.stderr);
  assert.deepEqual(again.body.models.map((m: { model: string; status: string }) => `${m.model}:${m.status}`), ['slow:reused', 'after_slow:success']);
});

test('Ctrl-C while the last model runs: it finishes, and the environment is left as it was (no views)', async () => {
  const { dir, code, stderr } = await interruptedRun({
    'models/slow.sql': "{{ config(materialized='table') }}\nselect sum(i) as total from range(3000000000) t(i)",
  }, [300]);
  assert.equal(code, 130, stderr);
  assert.doesNotMatch(stderr, /view.* (created|updated)/);
  assert.deepEqual(await rows(dir, "select count(*) as n from duckdb_views() where view_name = 'slow'"), [{ n: 0 }]);
  assert.equal(JSON.parse(amp(dir, 'env', 'list', '--json').stdout).environments.length, 0);
});

test('Ctrl-C twice quits at once, interrupting the running query, and the run is recorded as cancelled with the lock released', async () => {
  // A query of hours: DuckDB would hold the process at exit until it finished.
  const { dir, code, stderr } = await interruptedRun({
    'models/slow.sql': "{{ config(materialized='table') }}\nselect sum(a.range + b.range) as total from range(10000000) a, range(10000000) b",
  }, [300, 800]);
  assert.equal(code, 130, stderr);
  assert.match(stderr, /\nquit: the run is recorded as cancelled, the environment left as it was and its lock released\n$/);
  assert.deepEqual(JSON.parse(amp(dir, 'state', 'runs', '--json').stdout).runs.map((r: { status: string }) => r.status), ['cancelled'], 'not left running');
  const store = await openStateStore({ type: 'sqlite', path: join(dir, '.amp-dbt', 'state.db') });
  try {
    assert.equal(await store.getLock(STATE_KEY, 'environment:prod'), null, 'the next run is not refused until the lease expires');
  } finally {
    await store.close();
  }
});
