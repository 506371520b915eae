import type { StateStore } from '../state/state-store.js';
import type { EnvironmentMove } from '../state/state-types.js';
import { requireEnvironment } from './require-environment.js';

/** Every move of an environment (creation included), newest first. */
export async function environmentHistory(store: StateStore, repo: string, name: string): Promise<EnvironmentMove[]> {
  await requireEnvironment(store, repo, name);
  return store.environmentHistory(repo, name);
}
