import type { StateStore } from '../state/state-store.js';
import type { Environment } from '../state/state-types.js';
import { requireEnvironment } from './require-environment.js';
import { withEnvironmentLock } from './with-environment-lock.js';

/** Removes an environment and its history, holding its lock so no deploy is moving it meanwhile. */
export async function deleteEnvironment(store: StateStore, repo: string, name: string, actor: string): Promise<Environment> {
  const environment = await requireEnvironment(store, repo, name);
  await withEnvironmentLock(store, repo, name, `${actor} (delete ${name})`, () => store.deleteEnvironment(repo, name));
  return environment;
}
