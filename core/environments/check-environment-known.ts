import { PRODUCTION_ENVIRONMENT } from '../run/environment-schema.js';
import type { StateStore } from '../state/state-store.js';
import { unknownEnvironmentError } from './environment-errors.js';
import { otherTargets } from './other-targets.js';

/**
 * For commands that read an environment (`test`, `status`): a name the state database does not know while it
 * knows others is a typo (`environment-not-found`, with the nearest name), not an environment to report as
 * empty. `prod` (the target's own schemas) always passes, and so does any name when the database knows no
 * environment of the repository's target (runs outside git write none), unless another target has that name.
 */
export async function checkEnvironmentKnown(store: StateStore, repo: string, name: string): Promise<void> {
  if (name === PRODUCTION_ENVIRONMENT || (await store.getEnvironment(repo, name))) return;
  const known = (await store.listEnvironments(repo)).map((e) => e.name);
  const elsewhere = (await otherTargets(store, repo, name)).targets;
  // With no environment of its own, the target still refuses a name only other targets have: a forgotten --target.
  if (known.length > 0 || elsewhere.length > 0) throw unknownEnvironmentError(repo, name, known, elsewhere);
}
