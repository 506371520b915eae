import { join } from 'node:path';
import { openStateStore } from '../../core/state/open-state-store.js';
import { commit, git, initRepo } from '../git/git-test-repo.js';
import { runCli } from '../helpers.js';
import { baseProject, REPO_KEY, STATE_KEY } from './diff-repo.js';

/**
 * A repository with two commits: v1 (the base project) and v2 (orders' SQL changed, report's comment
 * edited, customers added, totals removed). `prod` points at v1, created with the StateStore API in the
 * project's default SQLite state database.
 */
export async function twoCommitRepo(): Promise<{ dir: string; v1: string; v2: string }> {
  const dir = initRepo(baseProject);
  const v1 = commit(dir, 'v1');
  git(dir, 'rm', '-q', 'models/totals.sql');
  const v2 = commit(dir, 'v2', {
    'models/orders.sql': baseProject['models/orders.sql'].replace('where amount >', 'where amount >='),
    'models/report.sql': `-- every order\n${baseProject['models/report.sql']}`,
    'models/customers.sql': "select distinct id from {{ ref('orders') }}\n",
  });
  await withStore(dir, (store) => store.createEnvironment(STATE_KEY, 'prod', v1, 'test'));
  return { dir, v1, v2 };
}

/** Opens the project's default state database (`.amp-dbt/state.db`) for `use`. */
export async function withStore<T>(dir: string, use: (store: Awaited<ReturnType<typeof openStateStore>>) => Promise<T>): Promise<T> {
  const store = await openStateStore({ type: 'sqlite', path: join(dir, '.amp-dbt', 'state.db') });
  try {
    return await use(store);
  } finally {
    await store.close();
  }
}

/** Runs amp-dbt in `dir` with the test repository key. */
export function cli(dir: string, ...args: string[]) {
  return runCli(args, { cwd: dir, env: { AMP_DBT_REPO: REPO_KEY, AMP_DBT_STATE_URL: '' } });
}
