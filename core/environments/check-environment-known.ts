import { PRODUCTION_ENVIRONMENT } from '../run/environment-schema.js';
import type { StateStore } from '../state/state-store.js';
import { unknownEnvironmentError } from './environment-errors.js';
import { otherTargets } from './other-targets.js';

/**
 * For commands that read an environment (`test`, `status`): a name the state database does not know while it
 * knows others is a typo (`environment-not-found`, with the nearest name), not an environment to report as
 * empty. `prod` (the target's own schemas) always passes, and so does any name when the database knows no
 * environment of the repository (runs outside git write none).
 */
export async function checkEnvironmentKnown(store: StateStore, repo: string, name: string): Promise<void> {
  if (name === PRODUCTION_ENVIRONMENT || (await store.getEnvironment(repo, name))) return;
  const known = (await store.listEnvironments(repo)).map((e) => e.name);
  if (known.length > 0) throw unknownEnvironmentError(repo, name, known, (await otherTargets(store, repo, name)).targets);
}
