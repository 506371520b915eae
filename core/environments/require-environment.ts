import type { StateStore } from '../state/state-store.js';
import type { Environment } from '../state/state-types.js';
import { unknownEnvironmentError } from './environment-errors.js';
import { otherTargets } from './other-targets.js';

/** The environment, or `environment-not-found` with a did-you-mean hint (or the other targets that have it). */
export async function requireEnvironment(store: StateStore, repo: string, name: string): Promise<Environment> {
  const environment = await store.getEnvironment(repo, name);
  if (environment) return environment;
  const known = (await store.listEnvironments(repo)).map((e) => e.name);
  throw unknownEnvironmentError(repo, name, known, (await otherTargets(store, repo, name)).targets);
}
