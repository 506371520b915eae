import { environmentLockName, type StateStore } from '../state/state-store.js';
import type { Environment, EnvironmentMove, Lease } from '../state/state-types.js';
import { requireEnvironment } from './require-environment.js';

export interface EnvironmentDetails {
  environment: Environment;
  /** Whether the commit it points at has a manifest in the store. */
  recorded: boolean;
  /** Its last move (creation included). */
  lastMove: EnvironmentMove | null;
  /** The lease on its lock, when a deploy or move holds it. */
  lock: Lease | null;
}

/** An environment with its last move, whether its commit is recorded, and who holds its lock. */
export async function showEnvironment(store: StateStore, repo: string, name: string): Promise<EnvironmentDetails> {
  const environment = await requireEnvironment(store, repo, name);
  const [recorded, history, lock] = await Promise.all([
    store.hasManifest(repo, environment.commit),
    store.environmentHistory(repo, name),
    store.getLock(repo, environmentLockName(name)),
  ]);
  return { environment, recorded, lastMove: history[0] ?? null, lock };
}

