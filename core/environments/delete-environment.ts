import type { StateStore } from '../state/state-store.js';
import type { Environment } from '../state/state-types.js';
import { requireEnvironment } from './require-environment.js';
import { withEnvironmentLock } from './with-environment-lock.js';

/**
 * Removes an environment and its history, holding its lock so no deploy is moving it meanwhile.
 * `beforeDelete` runs under the lock first (a SQL warehouse drops the environment's views).
 */
export async function deleteEnvironment(
  store: StateStore, repo: string, name: string, actor: string, beforeDelete?: (environment: Environment) => Promise<void>,
): Promise<Environment> {
  const environment = await requireEnvironment(store, repo, name);
  await withEnvironmentLock(store, repo, name, `${actor} (delete ${name})`, async () => {
    await beforeDelete?.(environment);
    return store.deleteEnvironment(repo, name);
  });
  return environment;
}
