import type { RecordCommitResult } from '../record/record-commit.js';
import { environmentExistsError } from '../state/state-error.js';
import type { StateStore } from '../state/state-store.js';
import type { Environment } from '../state/state-types.js';
import { checkEnvironmentName, checkNewEnvironmentName } from './check-environment-name.js';
import { withEnvironmentLock } from './with-environment-lock.js';

export interface CreateEnvironmentOptions {
  name: string;
  /** Full sha. */
  commit: string;
  actor: string;
  /** Records the commit's manifest; called only when the store has none. */
  record: () => Promise<RecordCommitResult>;
  /** Runs after recording, before the row is written (a SQL warehouse creates the views); throwing stops the creation. */
  beforeCreate?: () => Promise<void>;
}

export interface CreatedEnvironment {
  /** Null when the commit could not be recorded (see `recording.errors`). */
  environment: Environment | null;
  /** The recording made first; null when the commit was recorded already. */
  recording: RecordCommitResult | null;
}

/**
 * Creates an environment pointing at a commit: one row plus its history entry. The commit's manifest is
 * recorded first when the store has none; a commit whose project has errors gets no environment.
 */
export async function createEnvironment(store: StateStore, repo: string, options: CreateEnvironmentOptions): Promise<CreatedEnvironment> {
  checkEnvironmentName(options.name);
  const existing = await store.getEnvironment(repo, options.name);
  if (existing) throw environmentExistsError(repo, options.name, existing.commit);
  await checkNewEnvironmentName(store, repo, options.name);
  let recording: RecordCommitResult | null = null;
  if (!(await store.hasManifest(repo, options.commit))) {
    recording = await options.record();
    if (recording.errors.length > 0) return { environment: null, recording };
  }
  // Under the environment's lock, as every move of it: two creates of one name (or a create during the
  // first run into that name) would otherwise both make the views, and the row would name the other's commit.
  const environment = await withEnvironmentLock(store, repo, options.name, `${options.actor} (create ${options.name})`, async () => {
    const created = await store.getEnvironment(repo, options.name);
    if (created) throw environmentExistsError(repo, options.name, created.commit);
    await options.beforeCreate?.();
    return store.createEnvironment(repo, options.name, options.commit, options.actor);
  });
  return { environment, recording };
}
