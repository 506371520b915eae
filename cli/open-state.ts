import { openStateStore, resolveStateConfig } from '../core/state/open-state-store.js';
import type { StateStore } from '../core/state/state-store.js';
import type { Profile } from '../core/project/project-types.js';

/**
 * The state database for a project: AMP_DBT_STATE_URL, else the profile's `state:` block, else the
 * embedded SQLite file `.amp-dbt/state.db` in the project folder.
 */
export async function openStateForProject(projectDir: string, profile: Profile | null): Promise<StateStore> {
  const config = resolveStateConfig({ url: process.env.AMP_DBT_STATE_URL || undefined, profile: profile?.state });
  return openStateStore(config, { baseDir: projectDir });
}

/** The repository key: AMP_DBT_REPO, else the `origin` remote's owner/name, else the repository's path. */
export async function repositoryKey(repoRoot: string): Promise<string> {
  if (process.env.AMP_DBT_REPO) return process.env.AMP_DBT_REPO;
  const { repositoryId } = await import('../core/git/repository-id.js');
  return repositoryId(repoRoot);
}
