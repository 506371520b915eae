import { parseStateKey } from '../state/state-key.js';
import type { StateStore } from '../state/state-store.js';

/**
 * The other targets of the repository of state key `key` that have environments (sorted), those having
 * one named `name` when it is given: what a user who forgot --target is looking for. `legacy`: whether
 * the repository key alone (records made before targets were part of the key, not adopted) has them.
 */
export async function otherTargets(store: StateStore, key: string, name?: string): Promise<{ targets: string[]; legacy: boolean }> {
  const { repository } = parseStateKey(key);
  const keys = (await store.listRepositories()).filter((k) => k !== key && parseStateKey(k).repository === repository);
  const having = name === undefined ? keys : (await Promise.all(keys.map(async (k) => ((await store.getEnvironment(k, name)) ? k : null))))
    .filter((k): k is string => k !== null);
  return {
    targets: having.map((k) => parseStateKey(k).target).filter((t): t is string => t !== null).sort(),
    legacy: having.includes(repository),
  };
}
