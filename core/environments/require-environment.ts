import type { StateStore } from '../state/state-store.js';
import type { Environment } from '../state/state-types.js';
import { unknownEnvironmentError } from './environment-errors.js';

/** The environment, or `environment-not-found` with a did-you-mean hint. */
export async function requireEnvironment(store: StateStore, repo: string, name: string): Promise<Environment> {
  const environment = await store.getEnvironment(repo, name);
  if (environment) return environment;
  const known = (await store.listEnvironments(repo)).map((e) => e.name);
  throw unknownEnvironmentError(repo, name, known);
}
